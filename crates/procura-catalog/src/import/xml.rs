//! XML reading for the import parsers, on the one reader of [`procura_xml`]: its errors as
//! import issues, its elements as places an issue points at, and what BMEcat and Peppol share
//! (decimals, languages, a blank item).
//!
//! Safety rules (see [`procura_xml`]), applied before a single value is read:
//! - a file above [`ImportLimits::max_bytes`] is refused before parsing;
//! - the text must be UTF-8 (or declare ISO-8859-1 / windows-1252, which are transcoded);
//! - a DOCTYPE that declares a general entity (`<!ENTITY name …>`) is refused: that covers XXE
//!   and "billion laughs". Parameter entities (`<!ENTITY % name "…">`) can only be used inside the
//!   DTD, which is never processed; an internal one without references is tolerated (the BMEcat
//!   1.01 reference sample declares one), an external or nested one is refused;
//! - entities are never expanded: only the five predefined ones and character references are
//!   resolved, any other `&name;` is an error.
//!
//! - nesting is limited to [`MAX_DEPTH`], names to [`MAX_NAME_BYTES`], an element to
//!   [`MAX_ATTRIBUTES`] attributes and a record to [`MAX_RECORD_ELEMENTS`] elements.
//!
//! Records (one article, one catalogue line) are read into small trees one at a time, so memory
//! stays bounded by the largest record rather than the file. An element's path is a link to its
//! parent's (shared, never copied) and is written out only for an issue, so reading takes time
//! and memory linear in the file.

use super::issues::{file_error, issue, Issues, Locate};
use super::{
    FieldName, ImportFailure, ImportIssue, ImportLimits, IssueKind, Location, NumberProblem,
    Severity,
};
use crate::catalog::{CatalogItem, LocalizedText};
use procura_xml::{Config, DecodeError, DoctypeProblem, DoctypeRule, ErrorKind, PathStyle};
pub use procura_xml::{Missing, Node, Start, Tree, MAX_ATTRIBUTES, MAX_DEPTH, MAX_NAME_BYTES};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// The most elements one record (an article, a catalogue line) may have.
pub const MAX_RECORD_ELEMENTS: usize = 10_000;

/// Checks the size and decodes the file into UTF-8 text.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    limits: &ImportLimits,
) -> Result<Cow<'a, str>, ImportFailure> {
    procura_xml::decode(bytes, limits.max_bytes).map_err(|e| match e {
        DecodeError::TooLarge { bytes, max } => {
            file_error(None, IssueKind::FileTooLarge { bytes, max })
        }
        DecodeError::Utf16 => file_error(Some(1), IssueKind::Utf16),
        DecodeError::NotUtf8 { offset, line } => {
            file_error(Some(line), IssueKind::NotUtf8 { offset })
        }
        DecodeError::UnsupportedEncoding { encoding } => {
            file_error(Some(1), IssueKind::UnsupportedEncoding { encoding })
        }
    })
}

/// The issue an XML error is.
fn kind_of(e: ErrorKind, path: &str) -> IssueKind {
    match e {
        ErrorKind::TooLarge { bytes, max } => IssueKind::FileTooLarge { bytes, max },
        ErrorKind::Syntax { detail } => IssueKind::XmlMalformed { detail },
        ErrorKind::EndWithoutStart => IssueKind::XmlMalformed {
            detail: ErrorKind::EndWithoutStart.to_string(),
        },
        ErrorKind::SecondRoot { element } => IssueKind::XmlSecondRoot { element },
        ErrorKind::NoRoot => IssueKind::XmlNoRoot,
        ErrorKind::EndsInside => IssueKind::XmlEndsInside {
            path: path.to_owned(),
        },
        ErrorKind::TextOutsideRoot
        | ErrorKind::CdataOutsideRoot
        | ErrorKind::ReferenceOutsideRoot => IssueKind::XmlTextOutsideRoot,
        ErrorKind::BadText { detail } => IssueKind::XmlMalformedText { detail },
        ErrorKind::BadCdata { detail } => IssueKind::XmlMalformedCdata { detail },
        ErrorKind::InvalidCharRef { reference } => IssueKind::XmlInvalidCharRef { reference },
        ErrorKind::UnknownEntity { reference } => IssueKind::XmlUnknownEntity { reference },
        ErrorKind::NameTooLong {
            attribute,
            start,
            bytes,
            max,
        } => IssueKind::XmlNameTooLong {
            attribute,
            start,
            bytes,
            max,
        },
        ErrorKind::TooDeep { max } => IssueKind::XmlTooDeep { max },
        ErrorKind::TooManyAttributes { element, max } => {
            IssueKind::XmlTooManyAttributes { element, max }
        }
        ErrorKind::BadAttribute { detail } => IssueKind::XmlMalformedAttribute { detail },
        ErrorKind::AttributeUnreadable { attribute, detail } => {
            IssueKind::XmlAttributeUnreadable { attribute, detail }
        }
        ErrorKind::TooManyElements { max } => IssueKind::XmlRecordTooLarge { max },
        ErrorKind::Doctype(p) => match p {
            // An internal subset is not refused under the rule files are read with.
            DoctypeProblem::InternalSubset | DoctypeProblem::GeneralEntity => IssueKind::DtdEntity,
            DoctypeProblem::ExternalEntity => IssueKind::DtdExternalEntity,
            DoctypeProblem::MalformedEntity => IssueKind::DtdMalformedEntity,
            DoctypeProblem::EntityReference => IssueKind::DtdEntityReference,
        },
    }
}

fn issue_of(e: procura_xml::XmlError) -> ImportIssue {
    let kind = kind_of(e.kind, &e.path);
    let location = Location {
        line: e.line,
        path: e.path,
    };
    ImportIssue::new(Severity::Error, location, None, kind)
}

impl Locate for Node<'_> {
    fn location(&self) -> Location {
        Location {
            line: Some(self.line()),
            path: self.path(),
        }
    }
}

impl Locate for Missing<'_> {
    fn location(&self) -> Location {
        Location {
            line: Some(self.line()),
            path: self.path(),
        }
    }
}

impl Locate for Start {
    fn location(&self) -> Location {
        Location {
            line: Some(self.line()),
            path: self.path(),
        }
    }
}

/// Streams through a file, one element opening at a time, and reads the chosen ones (the
/// records) into trees of their own.
pub(crate) struct XmlReader<'a>(procura_xml::Reader<'a>);

impl<'a> XmlReader<'a> {
    /// `indexed`: names whose path segment always carries its index (`ARTICLE[1]`), others only
    /// from `[2]`.
    pub fn new(text: &'a str, indexed: &'static [&'static str]) -> Self {
        let config = Config {
            // Checked on the bytes by `decode`.
            max_bytes: usize::MAX,
            max_elements: MAX_RECORD_ELEMENTS,
            doctype: DoctypeRule::NoGeneralEntities,
            paths: PathStyle::Counted { always: indexed },
        };
        Self(procura_xml::Reader::new(text, config))
    }

    /// The next element opening anywhere in the document, or `None` at its (checked) end.
    pub fn next_start(&mut self) -> Result<Option<Start>, ImportIssue> {
        self.0.next_start().map_err(issue_of)
    }

    /// Reads the element just opened, with everything inside it, up to its end tag.
    pub fn read_element(&mut self, start: Start) -> Result<Tree, ImportIssue> {
        self.0.read(start).map_err(issue_of)
    }
}

/// An error at an opened element that was not read.
pub(crate) fn error_at(start: &Start, kind: IssueKind) -> ImportIssue {
    issue(Severity::Error, start, None, kind)
}

/// An item with only its identity: the parsers fill in what the file says.
pub(crate) fn blank_item(supplier_id: &str, sku: &str) -> CatalogItem {
    CatalogItem {
        id: CatalogItem::make_id(supplier_id, sku),
        supplier_id: supplier_id.into(),
        sku: sku.to_owned(),
        gtin: None,
        manufacturer: String::new(),
        mpn: String::new(),
        name: LocalizedText::default(),
        description: LocalizedText::default(),
        unspsc: String::new(),
        eclass: None,
        order_unit: String::new(),
        content_unit: String::new(),
        content_per_order_unit: Decimal::ONE,
        currency: String::new(),
        price_tiers: Vec::new(),
        lead_time_days: 0,
        stock: None,
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

impl Issues {
    /// A decimal number in an element; an error (and `None`) when it is not one.
    pub fn decimal(&mut self, at: Node<'_>, sku: Option<&str>) -> Option<Decimal> {
        match parse_decimal(&at.value()) {
            Ok(d) => Some(d),
            Err(problem) => {
                let field = FieldName::Element(at.name().to_owned());
                let kind = IssueKind::BadNumber {
                    field,
                    problem,
                    hint: None,
                };
                self.error(&at, sku, kind);
                None
            }
        }
    }
}

/// An XML Schema decimal: optional sign, digits, optional point and digits. `1,5` is refused.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, NumberProblem> {
    let text = text.trim();
    let owned = || text.to_owned();
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    if text.contains(',') {
        return Err(NumberProblem::CommaInXml { text: owned() });
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return Err(NumberProblem::NotANumber { text: owned() });
    }
    let n = Decimal::from_str(text.strip_prefix('+').unwrap_or(text)).map_err(|e| {
        NumberProblem::Unusable {
            text: owned(),
            detail: e.to_string(),
        }
    })?;
    if n.abs() > procura_ground::money::MAX_AMOUNT {
        return Err(NumberProblem::OutOfRange {
            text: owned(),
            max: procura_ground::money::MAX_AMOUNT.to_string(),
        });
    }
    Ok(n)
}

/// Which language a text is in, as far as the app's two languages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextLang {
    En,
    Zh,
    /// A language the app does not speak (German, French, …): kept as the fallback text.
    Other,
}

/// `eng`/`en` (and `en-…`) or no code → English; `zho`/`chi`/`zh` (and `zh-…`) → Chinese;
/// any other code (`deu`, `de`, `fra`) → [`TextLang::Other`].
pub(crate) fn text_lang(code: &str) -> TextLang {
    let code = code.trim().to_ascii_lowercase();
    let primary = code.split(['-', '_']).next().unwrap_or("");
    match primary {
        "zho" | "chi" | "zh" => TextLang::Zh,
        "" | "eng" | "en" => TextLang::En,
        _ => TextLang::Other,
    }
}

/// Puts each text into its language; the first text of a language wins.
///
/// A text in another language (a German-only file, or German before English) is never lost and
/// never displaces a real English text: it fills the English slot only when the file has no
/// English text. [`LocalizedText::get`] then shows it to a buyer whose language the file lacks
/// (a zh-CN buyer sees Chinese when the file has it, else the file's own text), and stored
/// records keep their two-field shape.
pub(crate) fn localized(texts: impl IntoIterator<Item = (TextLang, String)>) -> LocalizedText {
    let mut out = LocalizedText::default();
    let mut other = None;
    for (lang, text) in texts {
        let slot = match lang {
            TextLang::En => &mut out.en,
            TextLang::Zh => &mut out.zh,
            TextLang::Other => {
                other.get_or_insert(text);
                continue;
            }
        };
        if slot.is_empty() {
            *slot = text;
        }
    }
    if out.en.is_empty() {
        out.en = other.unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &str) -> Result<Vec<String>, ImportIssue> {
        let mut r = XmlReader::new(xml, &["A"]);
        let mut paths = Vec::new();
        while let Some(start) = r.next_start()? {
            if start.name == "A" {
                let tree = r.read_element(start)?;
                let el = tree.root();
                paths.push(format!("{} {} {}", el.path(), el.line(), el.value()));
            }
        }
        Ok(paths)
    }

    #[test]
    fn paths_lines_and_text() {
        let xml = "<R>\n<A>x &amp; <![CDATA[<b>]]>&#65;</A>\n<p:A xmlns:p='u'><B/></p:A></R>";
        assert_eq!(read_all(xml).unwrap(), ["/R/A[1] 2 x & <b>A", "/R/A[2] 3 "]);
    }

    #[test]
    fn refuses_entities_and_malformed_xml() {
        let unknown = read_all("<R><A>&xxe;</A></R>").unwrap_err();
        assert!(
            unknown.message.contains("unknown entity"),
            "{}",
            unknown.message
        );
        let bad = read_all("<R>\n<A>\n</B></R>").unwrap_err();
        assert_eq!(bad.location.line, Some(3), "{}", bad.message);
        assert!(read_all("<R><A></A>")
            .unwrap_err()
            .message
            .contains("ends inside"));
        assert!(read_all("<R/><R/>").is_err());
        assert!(read_all("").is_err());
    }

    #[test]
    fn refuses_deep_nesting_long_names_many_attributes_and_huge_records() {
        let deep = format!(
            "<R>{}{}</R>",
            "<x>".repeat(MAX_DEPTH),
            "</x>".repeat(MAX_DEPTH)
        );
        assert!(read_all(&deep).unwrap_err().message.contains("deeper"));
        let fits = format!(
            "<R><A>{}{}</A></R>",
            "<x>".repeat(MAX_DEPTH - 2),
            "</x>".repeat(MAX_DEPTH - 2)
        );
        assert_eq!(read_all(&fits).unwrap().len(), 1);
        let long = "n".repeat(MAX_NAME_BYTES + 1);
        assert!(read_all(&format!("<R><{long}/></R>"))
            .unwrap_err()
            .message
            .contains("bytes"));
        assert!(read_all(&format!("<R><A {long}='1'/></R>"))
            .unwrap_err()
            .message
            .contains("attribute name"));
        let attrs: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='1'")).collect();
        assert!(read_all(&format!("<R><A{attrs}/></R>"))
            .unwrap_err()
            .message
            .contains("attributes"));
        let huge = format!("<R><A>{}</A></R>", "<b/>".repeat(MAX_RECORD_ELEMENTS));
        let err = read_all(&huge).unwrap_err();
        assert!(err.message.contains("record"), "{}", err.message);
        assert_eq!(err.location.path, "/R/A[1]");
        let most = format!("<R><A>{}</A></R>", "<b/>".repeat(MAX_RECORD_ELEMENTS - 1));
        assert_eq!(read_all(&most).unwrap().len(), 1);
    }

    #[test]
    fn doctype_rules() {
        let ok = |d: &str| read_all(&format!("<!DOCTYPE {d}><R/>")).is_ok();
        let code = |d: &str| {
            let err = read_all(&format!("<!DOCTYPE {d}><R/>")).unwrap_err();
            err.kind.code()
        };
        assert!(ok("x SYSTEM \"x.dtd\""));
        assert!(ok("x [<!ENTITY % U \"(A?,B?)\"> <!ELEMENT A (#PCDATA)>]"));
        let xxe = "x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]";
        assert_eq!(code(xxe), "import.dtd_entity");
        let external = "x [<!ENTITY % r SYSTEM \"http://e/x\"> %r;]";
        assert_eq!(code(external), "import.dtd_external_entity");
        let nested = "x [<!ENTITY % a \"%b;\">]";
        assert_eq!(code(nested), "import.dtd_entity_reference");
        assert_eq!(code("x [<!ENTITY % a b>]"), "import.dtd_malformed_entity");
        assert_eq!(code("x [<!entity a \"b\">]"), "import.dtd_entity");
    }

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

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal(" 1.5 ").unwrap().to_string(), "1.5");
        assert_eq!(parse_decimal(".5").unwrap().to_string(), "0.5");
        assert_eq!(parse_decimal("-2").unwrap().to_string(), "-2");
        assert!(parse_decimal("1,5")
            .unwrap_err()
            .to_string()
            .contains("point"));
        for bad in ["", "abc", "1e5", "1.2.3", "-", "1 000", "0x10"] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(text_lang("zho"), TextLang::Zh);
        assert_eq!(text_lang("zh-CN"), TextLang::Zh);
        assert_eq!(text_lang("deu"), TextLang::Other);
        assert_eq!(text_lang("de"), TextLang::Other);
        assert_eq!(text_lang("en-GB"), TextLang::En);
        assert_eq!(text_lang(""), TextLang::En);
    }

    #[test]
    fn other_languages_are_the_fallback_and_never_displace_english() {
        let t = |lang, s: &str| (lang, s.to_owned());
        let de_first = localized([t(TextLang::Other, "Kugelschreiber"), t(TextLang::En, "Pen")]);
        assert_eq!((de_first.en.as_str(), de_first.zh.as_str()), ("Pen", ""));
        let de_only = localized([t(TextLang::Other, "Kugelschreiber")]);
        assert_eq!(
            de_only.get(procura_ground::text::Lang::ZhCn),
            "Kugelschreiber"
        );
        assert_eq!(
            de_only.get(procura_ground::text::Lang::En),
            "Kugelschreiber"
        );
        let de_zh = localized([t(TextLang::Other, "Stift"), t(TextLang::Zh, "笔")]);
        assert_eq!((de_zh.en.as_str(), de_zh.zh.as_str()), ("Stift", "笔"));
    }
}
