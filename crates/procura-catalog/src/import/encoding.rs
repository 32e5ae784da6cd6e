//! Guessing the text encoding of a CSV file.
//!
//! The core parses CSV from text, not bytes: the browser shell decodes the file with the
//! platform's `TextDecoder`, using the label this module picks. That keeps GBK's tables out of
//! the app's wasm. Spreadsheets save CSV in the system's legacy code page: GBK on Chinese Windows,
//! windows-1252 on German or English Windows; newer ones save UTF-8, often with a BOM.

/// The encodings CSV files from suppliers come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// GBK / GB18030 (Chinese Windows, "ANSI" in Excel's Save As).
    Gbk,
    /// windows-1252, the superset browsers use for ISO-8859-1 (Western European Windows).
    Latin1,
}

impl TextEncoding {
    /// The WHATWG Encoding Standard label, for `new TextDecoder(label)`.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Gbk => "gbk",
            TextEncoding::Latin1 => "windows-1252",
        }
    }
}

/// UTF-8 when the bytes start with its BOM or are valid UTF-8; GBK when every non-ASCII byte
/// pairs up as GBK does and most pairs look like Chinese characters; otherwise windows-1252,
/// which decodes any byte.
pub fn detect_encoding(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(bytes).is_ok() {
        return TextEncoding::Utf8;
    }
    if looks_like_gbk(bytes) {
        TextEncoding::Gbk
    } else {
        TextEncoding::Latin1
    }
}

/// Removes a leading byte order mark (U+FEFF), which `TextDecoder` keeps only when told to, and
/// which would otherwise stick to the first column's name.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// GBK writes a Chinese character as a lead byte 0x81–0xFE and a trail byte 0x40–0xFE (not
/// 0x7F); GB18030 adds four-byte sequences. Latin-1 text also has high bytes, but they stand
/// alone: an umlaut followed by an ASCII letter (`ü` `c` in "Stück") happens to be a valid GBK
/// pair, so the trail bytes decide. Common Chinese characters (GB2312) have trail bytes of 0xA1 or
/// more, while after a Latin-1 letter comes mostly ASCII: GBK is chosen only when most pairs end
/// high.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut pairs, mut high_trails) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // 0x80 is a single-byte euro sign in GBK (and in windows-1252).
        if b <= 0x80 {
            i += 1;
            continue;
        }
        if b == 0xFF {
            return false;
        }
        let four_byte = bytes.get(i + 1..i + 4).is_some_and(|rest| {
            rest[0].is_ascii_digit() && (0x81..=0xFE).contains(&rest[1]) && rest[2].is_ascii_digit()
        });
        if four_byte {
            pairs += 1;
            high_trails += 1;
            i += 4;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&trail) if (0x40..=0xFE).contains(&trail) && trail != 0x7F => {
                pairs += 1;
                if trail >= 0xA1 {
                    high_trails += 1;
                }
                i += 2;
            }
            _ => return false,
        }
    }
    pairs > 0 && high_trails * 3 >= pairs * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(detect_encoding(b"sku,name\n1,a"), TextEncoding::Utf8);
        assert_eq!(detect_encoding("货号,名称".as_bytes()), TextEncoding::Utf8);
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFsku"), TextEncoding::Utf8);
        assert_eq!(detect_encoding(b""), TextEncoding::Utf8);
        assert_eq!(strip_bom("\u{FEFF}sku"), "sku");
        assert_eq!(strip_bom("sku"), "sku");
    }

    #[test]
    fn gbk_and_latin1() {
        // 货号,名称 in GBK.
        let gbk = b"\xBB\xF5\xBA\xC5,\xC3\xFB\xB3\xC6\n1,\xD6\xBD";
        assert_eq!(detect_encoding(gbk), TextEncoding::Gbk);
        // "Stück;Größe" in Latin-1: ü+c pairs up as GBK, but ends low.
        assert_eq!(
            detect_encoding(b"St\xFCck;Gr\xF6\xDFe"),
            TextEncoding::Latin1
        );
        // A high byte at the end, or followed by a space, cannot be GBK.
        assert_eq!(detect_encoding(b"caf\xE9"), TextEncoding::Latin1);
        assert_eq!(detect_encoding(b"\xE4 x"), TextEncoding::Latin1);
        assert_eq!(detect_encoding(b"\xFFx"), TextEncoding::Latin1);
        assert_eq!(TextEncoding::Gbk.label(), "gbk");
        assert_eq!(TextEncoding::Latin1.label(), "windows-1252");
        assert_eq!(TextEncoding::Utf8.label(), "utf-8");
    }
}
