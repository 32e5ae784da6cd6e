//! Turning a file's bytes into text: the size limit, the BOM, and the encoding its declaration
//! names (UTF-8, or ISO-8859-1 / windows-1252, which are transcoded).

use std::borrow::Cow;

/// Why a file's bytes were not turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file has {bytes} bytes, more than the {max} accepted")]
    TooLarge { bytes: u64, max: u64 },
    #[error("the file is UTF-16")]
    Utf16,
    /// `line` is where the first byte that is not UTF-8 is.
    #[error("line {line}: not UTF-8 at byte {offset}")]
    NotUtf8 { offset: u64, line: u64 },
    #[error("unsupported encoding {encoding}")]
    UnsupportedEncoding { encoding: String },
}

/// Checks the size (at most `max_bytes`), drops a UTF-8 BOM and decodes the file into UTF-8 text.
pub fn decode(bytes: &[u8], max_bytes: usize) -> Result<Cow<'_, str>, DecodeError> {
    if bytes.len() > max_bytes {
        let (bytes, max) = (bytes.len() as u64, max_bytes as u64);
        return Err(DecodeError::TooLarge { bytes, max });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err(DecodeError::Utf16);
    }
    match declared_encoding(bytes).as_deref() {
        None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => {
            std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64
                    + 1;
                let offset = e.valid_up_to() as u64;
                DecodeError::NotUtf8 { offset, line }
            })
        }
        // As browsers do, Latin-1 labels are read as windows-1252, its superset.
        Some(
            "iso-8859-1" | "iso_8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1"
            | "windows-1252" | "cp1252",
        ) => Ok(Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect())),
        Some(other) => Err(DecodeError::UnsupportedEncoding {
            encoding: other.to_owned(),
        }),
    }
}

/// The encoding named in the XML declaration, lowercased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&bytes[..end]).ok()?;
    let rest = decl[decl.find("encoding")? + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_ascii_lowercase())
}

fn cp1252(b: u8) -> char {
    const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";
    match b {
        0x80..=0x9F => HIGH
            .chars()
            .nth(usize::from(b - 0x80))
            .unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_latin1_and_windows_1252() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n<R>\xE4</R>";
        assert!(decode(latin1, 1000).unwrap().contains("<R>\u{e4}</R>"));
        let cp = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><R>\x80 \x81</R>";
        assert!(decode(cp, 1000).unwrap().contains("<R>\u{20ac} \u{81}</R>"));
        let utf8 = "<?xml version='1.0' encoding='UTF-8'?><R>\u{e4}</R>";
        assert!(matches!(
            decode(utf8.as_bytes(), 1000),
            Ok(Cow::Borrowed(_))
        ));
    }

    #[test]
    fn refuses_bad_utf8_utf16_and_other_encodings() {
        assert_eq!(
            decode(b"<R>\n\n\xFF</R>", 1000),
            Err(DecodeError::NotUtf8 { offset: 5, line: 3 })
        );
        assert_eq!(decode(b"\xFF\xFE<\x00", 1000), Err(DecodeError::Utf16));
        assert_eq!(decode(b"\xFE\xFF\x00<", 1000), Err(DecodeError::Utf16));
        assert_eq!(
            decode(b"<?xml version='1.0' encoding='Shift_JIS'?><R/>", 1000),
            Err(DecodeError::UnsupportedEncoding {
                encoding: "shift_jis".into()
            })
        );
    }

    #[test]
    fn the_size_limit_counts_bytes_before_anything_else() {
        assert_eq!(decode(b"<R/>", 4).as_deref(), Ok("<R/>"));
        assert_eq!(
            decode(b"<R/>", 3),
            Err(DecodeError::TooLarge { bytes: 4, max: 3 })
        );
        // The BOM counts: the limit is on the file as it came.
        assert_eq!(
            decode(b"\xEF\xBB\xBF<R/>", 4),
            Err(DecodeError::TooLarge { bytes: 7, max: 4 })
        );
        assert_eq!(decode(b"\xEF\xBB\xBF<R/>", 7).as_deref(), Ok("<R/>"));
    }
}
