//! Reading and writing the XML of order documents: a small tree reader on quick-xml that
//! refuses DTD internal subsets, unknown entities and oversize or too deep documents, and an
//! indenting writer that escapes every text.

use super::documents::*;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

/// An element with its attributes (local names), own text (entities resolved, untrimmed) and
/// children.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    pub name: String,
    /// `/cXML/Request/OrderRequest/ItemOut[2]`.
    pub path: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn req_attr(&self, name: &str) -> Result<&str, DocumentError> {
        self.attr(name)
            .ok_or_else(|| DocumentError::MissingAttribute {
                path: self.path.clone(),
                attribute: name.to_owned(),
            })
    }

    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Node> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Follows child names, the first match at each step.
    pub fn find(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, name| n.child(name))
    }

    /// Like [`Node::find`], but a missing element is an error naming its path.
    pub fn req(&self, path: &[&str]) -> Result<&Node, DocumentError> {
        let mut node = self;
        for name in path {
            node = node
                .child(name)
                .ok_or_else(|| self.missing_at(node, name))?;
        }
        Ok(node)
    }

    fn missing_at(&self, parent: &Node, name: &str) -> DocumentError {
        DocumentError::MissingElement {
            path: format!("{}/{name}", parent.path),
        }
    }

    /// The trimmed text of this element and everything in it.
    pub fn value(&self) -> String {
        fn collect(n: &Node, out: &mut String) {
            out.push_str(&n.text);
            n.children.iter().for_each(|c| collect(c, out));
        }
        let mut out = String::new();
        collect(self, &mut out);
        out.trim().to_owned()
    }

    /// The trimmed text at a path, when there and not empty.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.find(path).map(Node::value).filter(|v| !v.is_empty())
    }

    /// The trimmed text at a path; missing or empty is an error.
    pub fn req_text(&self, path: &[&str]) -> Result<String, DocumentError> {
        let node = self.req(path)?;
        let v = node.value();
        if v.is_empty() {
            return Err(DocumentError::Invalid {
                path: node.path.clone(),
                message: "empty, a value is needed".into(),
            });
        }
        Ok(v)
    }

    pub fn decimal(&self) -> Result<Decimal, DocumentError> {
        decimal_at(&self.path, &self.value())
    }

    pub fn attr_path(&self, attr: &str) -> String {
        format!("{}/@{attr}", self.path)
    }
}

/// Parses a whole document into a tree, under the safety rules in the module documentation.
pub(crate) fn parse(xml: &str) -> Result<Node, DocumentError> {
    if xml.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            bytes: xml.len(),
            max: MAX_DOCUMENT_BYTES,
        });
    }
    let xml = xml.strip_prefix('\u{FEFF}').unwrap_or(xml);
    let mut p = TreeReader {
        reader: Reader::from_str(xml),
        newlines: xml.match_indices('\n').map(|(i, _)| i).collect(),
        len: xml.len(),
    };
    p.reader.config_mut().expand_empty_elements = true;
    p.reader.config_mut().check_end_names = true;
    let mut root = p.read()?;
    fix_paths(&mut root, "");
    Ok(root)
}

/// Paths carry an index only where siblings share a name: `ItemOut[2]`, but `ItemDetail`.
fn fix_paths(node: &mut Node, parent: &str) {
    if node.path.is_empty() {
        node.path = format!("{parent}/{}", node.name);
    }
    let mut seen: Vec<(String, usize, usize)> = Vec::new();
    for c in &node.children {
        match seen.iter_mut().find(|(n, _, _)| *n == c.name) {
            Some(entry) => entry.1 += 1,
            None => seen.push((c.name.clone(), 1, 0)),
        }
    }
    let path = node.path.clone();
    for c in &mut node.children {
        let entry = seen
            .iter_mut()
            .find(|(n, _, _)| *n == c.name)
            .map(|e| {
                e.2 += 1;
                (e.1, e.2)
            })
            .unwrap_or((1, 1));
        c.path = if entry.0 > 1 {
            format!("{path}/{}[{}]", c.name, entry.1)
        } else {
            format!("{path}/{}", c.name)
        };
        fix_paths(c, &path);
    }
}

struct TreeReader<'a> {
    reader: Reader<&'a [u8]>,
    newlines: Vec<usize>,
    len: usize,
}

impl TreeReader<'_> {
    fn line(&self, pos: u64) -> u64 {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.len);
        self.newlines.partition_point(|&nl| nl < pos) as u64 + 1
    }

    fn malformed(&self, pos: u64, message: impl Into<String>) -> DocumentError {
        DocumentError::Malformed {
            line: self.line(pos),
            message: message.into(),
        }
    }

    fn refused(&self, pos: u64, message: impl Into<String>) -> DocumentError {
        DocumentError::Refused {
            line: self.line(pos),
            message: message.into(),
        }
    }

    fn open(&self, start: &BytesStart<'_>, pos: u64) -> Result<Node, DocumentError> {
        let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.malformed(pos, format!("bad attribute: {e}")))?;
            if attr.key.as_namespace_binding().is_some() {
                continue;
            }
            let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
            let value = attr.unescape_value().map_err(|e| {
                self.refused(
                    pos,
                    format!("attribute {key}: {e} (entities are never expanded)"),
                )
            })?;
            attrs.push((key, value.into_owned()));
        }
        Ok(Node {
            name,
            attrs,
            ..Node::default()
        })
    }

    fn resolve(&self, r: &BytesRef<'_>, pos: u64) -> Result<char, DocumentError> {
        use crate::import::xml::{resolve_reference, ReferenceError};
        resolve_reference(r).map_err(|e| match e {
            ReferenceError::InvalidChar(_) => self.malformed(pos, e.to_string()),
            ReferenceError::UnknownEntity(_) => self.refused(pos, e.to_string()),
        })
    }

    fn read(&mut self) -> Result<Node, DocumentError> {
        let mut open: Vec<Node> = Vec::new();
        let mut root: Option<Node> = None;
        let mut count = 0usize;
        loop {
            let pos = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.error_position();
                    return Err(self.malformed(at, e.to_string()));
                }
            };
            match event {
                Event::Start(s) => {
                    if open.is_empty() && root.is_some() {
                        return Err(self.malformed(pos, "a second root element"));
                    }
                    count += 1;
                    if count > MAX_ELEMENTS {
                        return Err(self.refused(pos, format!("more than {MAX_ELEMENTS} elements")));
                    }
                    if open.len() >= MAX_DEPTH {
                        return Err(
                            self.refused(pos, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    let node = self.open(&s, pos)?;
                    open.push(node);
                }
                Event::End(_) => {
                    let Some(done) = open.pop() else {
                        return Err(self.malformed(pos, "an end tag without a start"));
                    };
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => root = Some(done),
                    }
                }
                Event::Text(t) => {
                    let text = t
                        .xml10_content()
                        .map_err(|e| self.malformed(pos, format!("bad text: {e}")))?;
                    match open.last_mut() {
                        Some(n) => n.text.push_str(&text),
                        None if text.trim().is_empty() => {}
                        None => return Err(self.malformed(pos, "text outside the root element")),
                    }
                }
                Event::CData(c) => {
                    let text = c
                        .xml10_content()
                        .map_err(|e| self.malformed(pos, format!("bad CDATA: {e}")))?;
                    match open.last_mut() {
                        Some(n) => n.text.push_str(&text),
                        None => return Err(self.malformed(pos, "CDATA outside the root element")),
                    }
                }
                Event::GeneralRef(r) => {
                    let c = self.resolve(&r, pos)?;
                    match open.last_mut() {
                        Some(n) => n.text.push(c),
                        None => {
                            return Err(self.malformed(pos, "a reference outside the root element"))
                        }
                    }
                }
                Event::DocType(d) => {
                    let doctype = String::from_utf8_lossy(&d);
                    if doctype.contains('[') || doctype.to_ascii_uppercase().contains("<!ENTITY") {
                        return Err(self.refused(
                            pos,
                            "the DOCTYPE has an internal subset; DTDs that declare entities are \
                             refused (they can read local files or expand without bound)",
                        ));
                    }
                }
                Event::Eof => {
                    if !open.is_empty() {
                        return Err(self.malformed(pos, "the document ends inside an element"));
                    }
                    return root.ok_or_else(|| self.malformed(pos, "no root element"));
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Text as XML character data: markup escaped, characters XML 1.0 forbids dropped, carriage
/// returns kept as references (a parser would turn them into line feeds).
pub(crate) fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A small indenting XML writer.
pub(crate) struct XmlOut {
    out: String,
    depth: usize,
}

impl XmlOut {
    pub fn new(prolog: &str) -> Self {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(prolog);
        Self { out, depth: 0 }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape(v, true));
            self.out.push('"');
        }
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape(text, false));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}
