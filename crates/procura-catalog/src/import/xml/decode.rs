//! Turning an XML file's bytes into text: the size limit, the BOM, and the encoding its
//! declaration names (UTF-8, or ISO-8859-1 / windows-1252, which are transcoded).

use crate::import::issues::file_error;
use crate::import::{ImportFailure, ImportLimits, IssueKind};
use std::borrow::Cow;

/// Checks the size and decodes the file into UTF-8 text.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    limits: &ImportLimits,
) -> Result<Cow<'a, str>, ImportFailure> {
    if bytes.len() > limits.max_bytes {
        let (bytes, max) = (bytes.len() as u64, limits.max_bytes as u64);
        return Err(file_error(None, IssueKind::FileTooLarge { bytes, max }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err(file_error(Some(1), IssueKind::Utf16));
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
                file_error(Some(line), IssueKind::NotUtf8 { offset })
            })
        }
        // As browsers do, Latin-1 labels are read as windows-1252, its superset.
        Some(
            "iso-8859-1" | "iso_8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1"
            | "windows-1252" | "cp1252",
        ) => Ok(Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect())),
        Some(other) => Err(file_error(
            Some(1),
            IssueKind::UnsupportedEncoding {
                encoding: other.to_owned(),
            },
        )),
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
    fn decodes_latin1_and_refuses_bad_utf8() {
        let limits = ImportLimits::default();
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n<R>\xE4</R>";
        assert!(decode(latin1, &limits).unwrap().contains("<R>ä</R>"));
        let err = decode(b"<R>\n\n\xFF</R>", &limits).unwrap_err();
        assert_eq!(err.errors[0].location.line, Some(3));
        let tiny = ImportLimits {
            max_bytes: 3,
            max_items: 1,
        };
        assert!(decode(b"<R/>", &tiny).unwrap_err().errors[0]
            .message
            .contains("more than"));
    }
}
