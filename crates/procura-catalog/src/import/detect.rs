//! Telling which format a file is in, from its first bytes and its name.

use serde::{Deserialize, Serialize};

/// The file formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileFormat {
    Csv,
    BmeCat,
    Peppol,
    Json,
}

/// The namespace of a UBL 2.1 Catalogue, which Peppol BIS 3 catalogues use.
const UBL_CATALOGUE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2";

/// How much of the file is looked at: enough for any XML prolog seen in practice.
const HEAD: usize = 64 * 1024;

/// The file's format, or `None` when it is none that an import reads (a spreadsheet, an unknown
/// XML document, a binary file).
///
/// XML is recognised by its root element: `BMECAT` is BMEcat, `Catalogue` in the UBL namespace
/// is Peppol. Content starting with `{` or `[` is JSON. Otherwise a `.csv`/`.tsv`/`.txt` name,
/// or any text, is taken for CSV, which the preview then shows.
pub fn detect_format(file_name: &str, bytes: &[u8]) -> Option<FileFormat> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().position(|b| !b.is_ascii_whitespace());
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if let Some(i) = first.filter(|&i| head[i] == b'<') {
        return xml_root(&head[i..]);
    }
    if matches!(extension.as_str(), "csv" | "tsv" | "txt") {
        return Some(FileFormat::Csv);
    }
    if first.is_some_and(|i| matches!(head[i], b'{' | b'[')) || extension == "json" {
        return Some(FileFormat::Json);
    }
    let binary = head.contains(&0)
        || head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"\xD0\xCF\x11\xE0");
    if binary || extension == "xml" || first.is_none() {
        return None;
    }
    Some(FileFormat::Csv)
}

/// The format named by the root element, skipping the XML declaration, comments and a DOCTYPE.
fn xml_root(mut rest: &[u8]) -> Option<FileFormat> {
    loop {
        rest = rest.trim_ascii_start();
        let skip_past = |rest: &[u8], end: &[u8]| -> Option<usize> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|i| i + end.len())
        };
        if rest.starts_with(b"<?") {
            rest = &rest[skip_past(rest, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_past(rest, b"-->")?..];
        } else if rest.starts_with(b"<!") {
            // A DOCTYPE, whose internal subset in [...] may hold '>'.
            let mut depth = 0usize;
            let end = rest.iter().position(|&b| {
                match b {
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'>' if depth == 0 => return true,
                    _ => {}
                }
                false
            })?;
            rest = &rest[end + 1..];
        } else if rest.starts_with(b"<") {
            let tag_end = rest.iter().position(|&b| b == b'>')?;
            let tag = std::str::from_utf8(&rest[1..tag_end]).ok()?;
            let name = tag.split(|c: char| c.is_whitespace() || c == '/').next()?;
            let local = name.rsplit(':').next()?;
            return match local {
                "BMECAT" => Some(FileFormat::BmeCat),
                "Catalogue" if tag.contains(UBL_CATALOGUE) => Some(FileFormat::Peppol),
                _ => None,
            };
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FileFormat::*;

    #[test]
    fn by_content_then_name() {
        let bmecat = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!DOCTYPE BMECAT SYSTEM \"bmecat_new_catalog.dtd\" [<!ENTITY % x \"y\">]>\n<!-- c -->\n<BMECAT version=\"1.2\">";
        assert_eq!(detect_format("cat.xml", bmecat), Some(BmeCat));
        let peppol = b"<?xml version='1.0'?><Catalogue xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2\">";
        assert_eq!(detect_format("x", peppol), Some(Peppol));
        let prefixed = b"<ubl:Catalogue xmlns:ubl=\"urn:oasis:names:specification:ubl:schema:xsd:Catalogue-2\">";
        assert_eq!(detect_format("x.xml", prefixed), Some(Peppol));
        assert_eq!(detect_format("x.xml", b"<Catalogue>"), None);
        assert_eq!(detect_format("x.xml", b"<Invoice xmlns='urn:x'>"), None);
        assert_eq!(detect_format("x.json", b"  {\"format\":1}"), Some(Json));
        assert_eq!(detect_format("x.dat", b"[1]"), Some(Json));
        assert_eq!(detect_format("x.json", b""), Some(Json));
        assert_eq!(detect_format("Preise.CSV", b"sku;preis\n1;2"), Some(Csv));
        assert_eq!(detect_format("export", b"sku,price\n1,2"), Some(Csv));
        assert_eq!(detect_format("list.csv", b"[A],B\n"), Some(Csv));
        assert_eq!(detect_format("book.xlsx", b"PK\x03\x04rest"), None);
        assert_eq!(detect_format("a.csv.bin", b"a\0b"), None);
        assert_eq!(detect_format("x.xml", b"sku,price"), None);
        assert_eq!(detect_format("empty", b"  \n"), None);
    }
}
