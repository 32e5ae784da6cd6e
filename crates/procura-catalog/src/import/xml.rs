//! XML reading shared by the import parsers.
//!
//! Safety rules, applied before a single value is read:
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
//! Records (one article, one catalogue line) are read into small [`Element`] trees one at a time,
//! so memory stays bounded by the largest record rather than the file. An element's path is a
//! link to its parent's (shared, never copied) and is written out only for an issue, so reading
//! takes time and memory linear in the file.

mod decode;

pub(crate) use decode::decode;

use super::issues::{issue, Issues, Locate};
use super::{FieldName, ImportIssue, IssueKind, Location, NumberProblem, Severity};
use crate::catalog::{CatalogItem, LocalizedText};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::str::FromStr;

/// The deepest element nesting read (BMEcat and Peppol catalogues need about 10).
pub const MAX_DEPTH: usize = 64;
/// The longest element or attribute name read, prefix included.
pub const MAX_NAME_BYTES: usize = 128;
/// The most attributes one element may have (namespace declarations included).
pub const MAX_ATTRIBUTES: usize = 32;
/// The most elements one record (an article, a catalogue line) may have.
pub const MAX_RECORD_ELEMENTS: usize = 10_000;

/// Where an element is, as a link to its parent's path: `/BMECAT/T_NEW_CATALOG/ARTICLE[3]`.
/// Cloning shares the links; the text is built only when shown.
#[derive(Debug, Clone, Default)]
pub(crate) struct XmlPath(Option<Rc<Segment>>);

#[derive(Debug)]
struct Segment {
    parent: XmlPath,
    name: Rc<str>,
    index: Option<u32>,
}

impl XmlPath {
    fn child(&self, name: Rc<str>, index: Option<u32>) -> XmlPath {
        XmlPath(Some(Rc::new(Segment {
            parent: self.clone(),
            name,
            index,
        })))
    }
}

impl fmt::Display for XmlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut at = &self.0;
        while let Some(seg) = at {
            segments.push(seg);
            at = &seg.parent.0;
        }
        if segments.is_empty() {
            return f.write_str("/");
        }
        for seg in segments.iter().rev() {
            write!(f, "/{}", seg.name)?;
            if let Some(i) = seg.index {
                write!(f, "[{i}]")?;
            }
        }
        Ok(())
    }
}

/// Refuses entity declarations that could read files or expand without bound.
fn check_doctype(doctype: &str) -> Result<(), IssueKind> {
    let upper = doctype.to_ascii_uppercase();
    let mut from = 0;
    while let Some(found) = upper[from..].find("<!ENTITY") {
        let start = from + found + "<!ENTITY".len();
        let decl = doctype[start..].trim_start();
        let Some(param) = decl.strip_prefix('%') else {
            return Err(IssueKind::DtdEntity);
        };
        let param = param.trim_start();
        let body = param[param.find(char::is_whitespace).unwrap_or(param.len())..].trim_start();
        if body.starts_with("SYSTEM") || body.starts_with("PUBLIC") {
            return Err(IssueKind::DtdExternalEntity);
        }
        let quote = body.chars().next().filter(|c| *c == '"' || *c == '\'');
        let value_end = quote.and_then(|q| body[1..].find(q));
        let (Some(_), Some(end)) = (quote, value_end) else {
            return Err(IssueKind::DtdMalformedEntity);
        };
        if body[1..=end].contains(['%', '&']) {
            return Err(IssueKind::DtdEntityReference);
        }
        from = doctype.len() - body.len() + end + 2;
    }
    Ok(())
}

/// An element with its attributes, text and children, all names local (prefixes dropped).
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    /// `/BMECAT/T_NEW_CATALOG/ARTICLE[3]/ARTICLE_DETAILS`
    pub path: XmlPath,
    pub line: u64,
    pub attrs: Vec<(String, String)>,
    /// The element's own text (entities resolved, CDATA as is), untrimmed.
    pub text: String,
    pub children: Vec<Element>,
}

impl Locate for Element {
    fn location(&self) -> Location {
        Location {
            line: Some(self.line),
            path: self.path.to_string(),
        }
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child named one of `names`.
    pub fn child(&self, names: &[&str]) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| names.contains(&c.name.as_str()))
    }

    pub fn children<'s>(&'s self, names: &'s [&'s str]) -> impl Iterator<Item = &'s Element> + 's {
        self.children
            .iter()
            .filter(move |c| names.contains(&c.name.as_str()))
    }

    /// Follows a path of child names, taking the first match at each step.
    pub fn find(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |el, name| el.child(&[name]))
    }

    /// Every element at the end of a path of child names.
    pub fn find_all<'s>(&'s self, path: &[&str]) -> Vec<&'s Element> {
        let mut found = vec![self];
        for name in path {
            found = found
                .iter()
                .flat_map(|el| el.children.iter().filter(|c| c.name == *name))
                .collect();
        }
        found
    }

    /// The trimmed text of this element and everything inside it (markup inside is dropped, never
    /// interpreted: a product text is plain text).
    pub fn value(&self) -> String {
        fn collect(el: &Element, out: &mut String) {
            out.push_str(&el.text);
            el.children.iter().for_each(|c| collect(c, out));
        }
        let mut out = String::new();
        collect(self, &mut out);
        out.trim().to_owned()
    }

    /// The trimmed text of the first child named one of `names`, if not empty.
    pub fn child_value(&self, names: &[&str]) -> Option<String> {
        self.children(names)
            .map(Element::value)
            .find(|v| !v.is_empty())
    }

    /// Where a missing child named `name` was expected.
    pub fn missing(&self, name: &str) -> Element {
        Element {
            name: name.to_owned(),
            path: self.path.child(Rc::from(name), None),
            line: self.line,
            ..Element::default()
        }
    }
}

/// One opened element, as the streaming reader reports it.
pub(crate) struct Start {
    pub name: String,
    pub depth: usize,
    element: Element,
}

impl Start {
    /// The opened element without its content, to point issues at.
    pub fn at(&self) -> Element {
        self.element.clone()
    }
}

struct Frame {
    path: XmlPath,
    counts: HashMap<Rc<str>, u32>,
}

/// Streams through a document, validating every event, and reads chosen subtrees.
pub(crate) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    /// The line at `line_pos`, counted forward as the reader goes.
    line_pos: usize,
    line_no: u64,
    stack: Vec<Frame>,
    root_seen: bool,
    /// Names whose path segment always carries its index (`ARTICLE[1]`), others only from `[2]`.
    indexed: &'static [&'static str],
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str, indexed: &'static [&'static str]) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = true;
        Self {
            reader,
            text,
            line_pos: 0,
            line_no: 1,
            stack: Vec::new(),
            root_seen: false,
            indexed,
        }
    }

    fn clamp(&self, pos: u64) -> usize {
        usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.text.len())
    }

    fn newlines(&self, from: usize, to: usize) -> u64 {
        self.text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
    }

    /// The line of a position, for an issue (counted from the start: issues are few).
    fn line(&self, pos: u64) -> u64 {
        self.newlines(0, self.clamp(pos)) + 1
    }

    /// The line of a position at or after the last one asked, counted on from there.
    fn line_forward(&mut self, pos: u64) -> u64 {
        let pos = self.clamp(pos);
        if pos < self.line_pos {
            return self.line(pos as u64);
        }
        self.line_no += self.newlines(self.line_pos, pos);
        self.line_pos = pos;
        self.line_no
    }

    fn error(&self, pos: u64, kind: IssueKind) -> ImportIssue {
        let path = self
            .stack
            .last()
            .map_or_else(|| "/".to_owned(), |f| f.path.to_string());
        let location = Location {
            line: Some(self.line(pos)),
            path,
        };
        ImportIssue::new(Severity::Error, location, None, kind)
    }

    fn next(&mut self) -> Result<(u64, Event<'a>), ImportIssue> {
        let pos = self.reader.buffer_position();
        match self.reader.read_event() {
            Ok(event) => Ok((pos, event)),
            Err(e) => {
                let at = self.reader.error_position();
                Err(self.error(
                    at,
                    IssueKind::XmlMalformed {
                        detail: e.to_string(),
                    },
                ))
            }
        }
    }

    fn name_of(
        &self,
        raw: &[u8],
        local: &[u8],
        attribute: bool,
        pos: u64,
    ) -> Result<String, ImportIssue> {
        if raw.len() > MAX_NAME_BYTES {
            let kind = IssueKind::XmlNameTooLong {
                attribute,
                start: String::from_utf8_lossy(&raw[..32]).into_owned(),
                bytes: raw.len() as u64,
                max: MAX_NAME_BYTES as u64,
            };
            return Err(self.error(pos, kind));
        }
        Ok(String::from_utf8_lossy(local).into_owned())
    }

    fn open(&mut self, start: &BytesStart<'_>, pos: u64) -> Result<Start, ImportIssue> {
        let name = self.name_of(
            start.name().as_ref(),
            start.local_name().as_ref(),
            false,
            pos,
        )?;
        if self.stack.len() >= MAX_DEPTH {
            let max = MAX_DEPTH as u64;
            return Err(self.error(pos, IssueKind::XmlTooDeep { max }));
        }
        if self.stack.is_empty() {
            if self.root_seen {
                let element = name.clone();
                return Err(self.error(pos, IssueKind::XmlSecondRoot { element }));
            }
            self.root_seen = true;
        }
        let shared: Rc<str> = Rc::from(name.as_str());
        let (parent, n) = match self.stack.last_mut() {
            Some(frame) => {
                let n = match frame.counts.get_mut(&shared) {
                    Some(n) => n,
                    None => frame.counts.entry(Rc::clone(&shared)).or_insert(0),
                };
                *n += 1;
                (frame.path.clone(), *n)
            }
            None => (XmlPath::default(), 1),
        };
        let index = (n > 1 || self.indexed.contains(&name.as_str())).then_some(n);
        let path = parent.child(shared, index);
        let mut attrs = Vec::new();
        for (i, attr) in start.attributes().enumerate() {
            let attr = attr.map_err(|e| {
                let detail = e.to_string();
                self.error(pos, IssueKind::XmlMalformedAttribute { detail })
            })?;
            if i >= MAX_ATTRIBUTES {
                let (element, max) = (name.clone(), MAX_ATTRIBUTES as u64);
                return Err(self.error(pos, IssueKind::XmlTooManyAttributes { element, max }));
            }
            let key = self.name_of(attr.key.as_ref(), attr.key.local_name().as_ref(), true, pos)?;
            if attr.key.as_namespace_binding().is_some() {
                continue;
            }
            let value = attr.unescape_value().map_err(|e| {
                let (attribute, detail) = (key.clone(), e.to_string());
                self.error(pos, IssueKind::XmlAttributeUnreadable { attribute, detail })
            })?;
            attrs.push((key, value.into_owned()));
        }
        self.stack.push(Frame {
            path: path.clone(),
            counts: HashMap::new(),
        });
        let element = Element {
            name: name.clone(),
            path,
            line: self.line_forward(pos),
            attrs,
            ..Element::default()
        };
        Ok(Start {
            name,
            depth: self.stack.len(),
            element,
        })
    }

    fn resolve(&self, r: &BytesRef<'_>, pos: u64) -> Result<char, ImportIssue> {
        resolve_reference(r).map_err(|e| self.error(pos, e.into()))
    }

    fn outside_root(&self, pos: u64, what: &str) -> Result<(), ImportIssue> {
        if self.stack.is_empty() && !what.trim().is_empty() {
            return Err(self.error(pos, IssueKind::XmlTextOutsideRoot));
        }
        Ok(())
    }

    fn at_eof(&self, pos: u64) -> Result<(), ImportIssue> {
        if let Some(frame) = self.stack.last() {
            let path = frame.path.to_string();
            return Err(self.error(pos, IssueKind::XmlEndsInside { path }));
        }
        if !self.root_seen {
            return Err(self.error(pos, IssueKind::XmlNoRoot));
        }
        Ok(())
    }

    /// The next element opening anywhere in the document, or `None` at its (checked) end.
    pub fn next_start(&mut self) -> Result<Option<Start>, ImportIssue> {
        loop {
            let (pos, event) = self.next()?;
            match event {
                Event::Start(e) => return self.open(&e, pos).map(Some),
                Event::End(_) => {
                    self.stack.pop();
                }
                Event::Text(t) => self.outside_root(pos, &String::from_utf8_lossy(&t))?,
                Event::CData(_) => self.outside_root(pos, "CDATA")?,
                Event::GeneralRef(r) => {
                    self.resolve(&r, pos)?;
                    self.outside_root(pos, "reference")?;
                }
                Event::DocType(d) => {
                    let doctype = String::from_utf8_lossy(&d).into_owned();
                    check_doctype(&doctype).map_err(|m| self.error(pos, m))?;
                }
                Event::Eof => return self.at_eof(pos).map(|()| None),
                _ => {}
            }
        }
    }

    /// Reads the element just opened, with everything inside it, up to its end tag.
    pub fn read_element(&mut self, start: Start) -> Result<Element, ImportIssue> {
        let mut open = vec![start.element];
        let mut elements = 1;
        loop {
            let (pos, event) = self.next()?;
            let current = open.last_mut().expect("an element is open");
            match event {
                Event::Start(e) => {
                    elements += 1;
                    if elements > MAX_RECORD_ELEMENTS {
                        let max = MAX_RECORD_ELEMENTS as u64;
                        return Err(self.error(pos, IssueKind::XmlRecordTooLarge { max }));
                    }
                    let child = self.open(&e, pos)?;
                    open.push(child.element);
                }
                Event::End(_) => {
                    self.stack.pop();
                    let done = open.pop().expect("an element is open");
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Text(t) => {
                    let text = t.xml10_content().map_err(|e| {
                        let detail = e.to_string();
                        self.error(pos, IssueKind::XmlMalformedText { detail })
                    })?;
                    current.text.push_str(&text);
                }
                Event::CData(c) => {
                    let text = c.xml10_content().map_err(|e| {
                        let detail = e.to_string();
                        self.error(pos, IssueKind::XmlMalformedCdata { detail })
                    })?;
                    current.text.push_str(&text);
                }
                Event::GeneralRef(r) => {
                    let c = self.resolve(&r, pos)?;
                    open.last_mut().expect("an element is open").text.push(c);
                }
                Event::Eof => {
                    self.at_eof(pos)?;
                    unreachable!("an element is open at the end of the file");
                }
                _ => {}
            }
        }
    }
}

/// An error at an opened element that was not read.
/// Why a character or entity reference in XML text is not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("invalid character reference &{0};")]
    InvalidChar(String),
    /// Any entity but the five XML predefines: never expanded, so no document can make the
    /// reader fetch a file or blow up in memory.
    #[error("unknown entity reference &{0}; (entities are never expanded)")]
    UnknownEntity(String),
}

/// The character a reference stands for: a character reference, or one of the five entities
/// XML predefines. Shared by every XML reader in the core (catalogs, order documents).
pub fn resolve_reference(r: &BytesRef<'_>) -> Result<char, ReferenceError> {
    let name = String::from_utf8_lossy(r).into_owned();
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            _ => Err(ReferenceError::InvalidChar(name)),
        };
    }
    match name.as_str() {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(ReferenceError::UnknownEntity(name)),
    }
}

impl From<ReferenceError> for IssueKind {
    fn from(e: ReferenceError) -> Self {
        match e {
            ReferenceError::InvalidChar(reference) => IssueKind::XmlInvalidCharRef { reference },
            ReferenceError::UnknownEntity(reference) => IssueKind::XmlUnknownEntity { reference },
        }
    }
}

pub(crate) fn error_at(start: &Start, kind: IssueKind) -> ImportIssue {
    issue(Severity::Error, &start.element, None, kind)
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
    }
}

impl Issues {
    /// A decimal number in an element; an error (and `None`) when it is not one.
    pub fn decimal(&mut self, at: &Element, sku: Option<&str>) -> Option<Decimal> {
        match parse_decimal(&at.value()) {
            Ok(d) => Some(d),
            Err(problem) => {
                let field = FieldName::Element(at.name.clone());
                let kind = IssueKind::BadNumber {
                    field,
                    problem,
                    hint: None,
                };
                self.error(at, sku, kind);
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

/// Which language a text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextLang {
    En,
    Zh,
}

/// `eng`/`en` and anything unknown → English; `zho`/`chi`/`zh` (and `zh-…`) → Chinese.
pub(crate) fn text_lang(code: &str) -> TextLang {
    let code = code.trim().to_ascii_lowercase();
    let primary = code.split(['-', '_']).next().unwrap_or("");
    if matches!(primary, "zho" | "chi" | "zh") {
        TextLang::Zh
    } else {
        TextLang::En
    }
}

/// Puts each text into its language; the first text of a language wins.
pub(crate) fn localized(texts: impl IntoIterator<Item = (TextLang, String)>) -> LocalizedText {
    let mut out = LocalizedText::default();
    for (lang, text) in texts {
        let slot = match lang {
            TextLang::En => &mut out.en,
            TextLang::Zh => &mut out.zh,
        };
        if slot.is_empty() {
            *slot = text;
        }
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
                let el = r.read_element(start)?;
                paths.push(format!("{} {} {}", el.path, el.line, el.value()));
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
    }

    #[test]
    fn doctype_rules() {
        assert!(check_doctype("x SYSTEM \"x.dtd\"").is_ok());
        assert!(check_doctype("x [<!ENTITY % U \"(A?,B?)\"> <!ELEMENT A (#PCDATA)>]").is_ok());
        assert!(check_doctype("x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]").is_err());
        assert!(check_doctype("x [<!ENTITY % r SYSTEM \"http://e/x\"> %r;]").is_err());
        assert!(check_doctype("x [<!ENTITY % a \"%b;\">]").is_err());
        assert!(check_doctype("x [<!entity a \"b\">]").is_err());
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
        assert_eq!(text_lang("deu"), TextLang::En);
    }
}
