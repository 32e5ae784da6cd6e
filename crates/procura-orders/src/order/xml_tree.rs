//! Reading and writing the XML of order documents: a small tree reader on quick-xml that
//! refuses DTD internal subsets, unknown entities and oversize, too deep or oddly shaped
//! documents, and an indenting writer that escapes every text.
//!
//! The tree is an arena read in one pass, in linear time and memory: nodes in document order
//! (so an element's subtree is one run of nodes), names interned once, children found through an
//! index by (parent, name). No node holds its path; an error's path is built from the parents
//! when the error is made.

use super::documents::*;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::rc::Rc;

const NONE: u32 = u32::MAX;

/// One element in the arena.
#[derive(Debug)]
struct Item {
    name: u32,
    parent: u32,
    first_child: u32,
    next_sibling: u32,
    /// The next sibling with the same name.
    next_same: u32,
    /// One past the last node of this element's subtree.
    end: u32,
    /// 1-based position among the siblings of the same name.
    nth: u32,
    attrs_start: u32,
    attrs_len: u32,
    /// The element's own text (entities resolved, untrimmed), without its children's.
    text: String,
}

/// The siblings of one name under one parent.
#[derive(Debug, Clone, Copy)]
struct Siblings {
    first: u32,
    last: u32,
    count: u32,
}

/// A parsed document; [`Doc::root`] is where reading starts.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    items: Vec<Item>,
    names: Vec<Rc<str>>,
    name_ids: HashMap<Rc<str>, u32>,
    attrs: Vec<(u32, String)>,
    by_name: HashMap<(u32, u32), Siblings>,
}

impl Doc {
    pub fn root(&self) -> Node<'_> {
        Node { doc: self, id: 0 }
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        let name: Rc<str> = Rc::from(name);
        self.names.push(Rc::clone(&name));
        self.name_ids.insert(name, id);
        id
    }

    fn name_id(&self, name: &str) -> Option<u32> {
        self.name_ids.get(name).copied()
    }

    fn item(&self, id: u32) -> &Item {
        &self.items[id as usize]
    }

    /// `/cXML/Request/OrderRequest/ItemOut[2]`: an index only where siblings share a name.
    fn path(&self, id: u32) -> String {
        let mut ids = Vec::new();
        let mut at = id;
        while at != NONE {
            ids.push(at);
            at = self.item(at).parent;
        }
        let mut out = String::new();
        for &at in ids.iter().rev() {
            let item = self.item(at);
            out.push('/');
            out.push_str(&self.names[item.name as usize]);
            let shared = item.parent != NONE
                && self
                    .by_name
                    .get(&(item.parent, item.name))
                    .is_some_and(|s| s.count > 1);
            if shared {
                out.push_str(&format!("[{}]", item.nth));
            }
        }
        out
    }
}

/// An element of a [`Doc`]: its name, attributes (local names), own text and children.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'d> {
    doc: &'d Doc,
    id: u32,
}

impl<'d> Node<'d> {
    fn item(self) -> &'d Item {
        self.doc.item(self.id)
    }

    fn at(self, id: u32) -> Option<Node<'d>> {
        (id != NONE).then_some(Node { doc: self.doc, id })
    }

    /// The local name.
    pub fn name(self) -> &'d str {
        &self.doc.names[self.item().name as usize]
    }

    /// `/cXML/Request/OrderRequest/ItemOut[2]`, built when asked (for errors).
    pub fn path(self) -> String {
        self.doc.path(self.id)
    }

    /// The element's own text, untrimmed, without its children's.
    pub fn text(self) -> &'d str {
        &self.item().text
    }

    pub fn attr(self, name: &str) -> Option<&'d str> {
        let item = self.item();
        let key = self.doc.name_id(name)?;
        let start = item.attrs_start as usize;
        self.doc.attrs[start..start + item.attrs_len as usize]
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn req_attr(self, name: &str) -> Result<&'d str, DocumentError> {
        self.attr(name)
            .ok_or_else(|| DocumentError::MissingAttribute {
                path: self.path(),
                attribute: name.to_owned(),
            })
    }

    /// The first child of that name.
    pub fn child(self, name: &str) -> Option<Node<'d>> {
        let name = self.doc.name_id(name)?;
        let s = self.doc.by_name.get(&(self.id, name))?;
        self.at(s.first)
    }

    /// The children of that name, in document order.
    pub fn children(self, name: &str) -> impl Iterator<Item = Node<'d>> + 'd {
        let first = self
            .doc
            .name_id(name)
            .and_then(|name| self.doc.by_name.get(&(self.id, name)))
            .map_or(NONE, |s| s.first);
        std::iter::successors(self.at(first), move |n| self.at(n.item().next_same))
    }

    /// Every child, in document order.
    pub fn all_children(self) -> impl Iterator<Item = Node<'d>> + 'd {
        std::iter::successors(self.at(self.item().first_child), move |n| {
            self.at(n.item().next_sibling)
        })
    }

    /// Follows child names, the first match at each step.
    pub fn find(self, path: &[&str]) -> Option<Node<'d>> {
        path.iter().try_fold(self, |n, name| n.child(name))
    }

    /// Like [`Node::find`], but a missing element is an error naming its path.
    pub fn req(self, path: &[&str]) -> Result<Node<'d>, DocumentError> {
        let mut node = self;
        for name in path {
            node = node.child(name).ok_or_else(|| node.missing(name))?;
        }
        Ok(node)
    }

    fn missing(self, name: &str) -> DocumentError {
        DocumentError::MissingElement {
            path: format!("{}/{name}", self.path()),
        }
    }

    /// The trimmed text of this element and everything in it.
    pub fn value(self) -> String {
        let item = self.item();
        let mut out = String::new();
        for n in &self.doc.items[self.id as usize..item.end as usize] {
            out.push_str(&n.text);
        }
        out.trim().to_owned()
    }

    /// The trimmed text at a path, when there and not empty.
    pub fn text_at(self, path: &[&str]) -> Option<String> {
        self.find(path).map(Node::value).filter(|v| !v.is_empty())
    }

    /// The trimmed text at a path; missing or empty is an error.
    pub fn req_text(self, path: &[&str]) -> Result<String, DocumentError> {
        let node = self.req(path)?;
        let v = node.value();
        if v.is_empty() {
            return Err(DocumentError::Invalid {
                path: node.path(),
                message: "empty, a value is needed".into(),
            });
        }
        Ok(v)
    }

    pub fn decimal(self) -> Result<Decimal, DocumentError> {
        let value = self.value();
        decimal_at(&self.path(), &value)
    }

    pub fn attr_path(self, attr: &str) -> String {
        format!("{}/@{attr}", self.path())
    }
}

/// Parses a whole document into a tree, under the safety rules in the module documentation of
/// [`super::documents`].
pub(crate) fn parse(xml: &str) -> Result<Doc, DocumentError> {
    if xml.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            bytes: xml.len(),
            max: MAX_DOCUMENT_BYTES,
        });
    }
    let xml = xml.strip_prefix('\u{FEFF}').unwrap_or(xml);
    let mut p = TreeReader {
        reader: Reader::from_str(xml),
        xml,
        doc: Doc::default(),
    };
    p.reader.config_mut().expand_empty_elements = true;
    p.reader.config_mut().check_end_names = true;
    p.read()?;
    Ok(p.doc)
}

/// An element being read: the last child added so far (to link the next one).
struct Open {
    id: u32,
    last_child: u32,
}

struct TreeReader<'a> {
    reader: Reader<&'a [u8]>,
    xml: &'a str,
    doc: Doc,
}

impl TreeReader<'_> {
    /// Counted only when an error is made, so a document costs nothing per line.
    fn line(&self, pos: u64) -> u64 {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.xml.len());
        self.xml.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1
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

    fn name_of(
        &self,
        raw: &[u8],
        local: &[u8],
        what: &str,
        pos: u64,
    ) -> Result<String, DocumentError> {
        if raw.len() > MAX_NAME_BYTES {
            let shown = String::from_utf8_lossy(&raw[..32]);
            return Err(self.refused(
                pos,
                format!(
                    "{what} name {shown}… has {} bytes, more than the {MAX_NAME_BYTES} accepted",
                    raw.len()
                ),
            ));
        }
        Ok(String::from_utf8_lossy(local).into_owned())
    }

    /// Adds an opened element under `parent` (or as the root).
    fn open(
        &mut self,
        start: &BytesStart<'_>,
        parent: Option<&mut Open>,
        pos: u64,
    ) -> Result<u32, DocumentError> {
        let name = self.name_of(
            start.name().as_ref(),
            start.local_name().as_ref(),
            "an element",
            pos,
        )?;
        let attrs_start = self.doc.attrs.len() as u32;
        let mut attrs_len = 0u32;
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.malformed(pos, format!("bad attribute: {e}")))?;
            let key = self.name_of(
                attr.key.as_ref(),
                attr.key.local_name().as_ref(),
                "an attribute",
                pos,
            )?;
            attrs_len += 1;
            if attrs_len as usize > MAX_ATTRIBUTES {
                return Err(self.refused(
                    pos,
                    format!("an element <{name}> with more than {MAX_ATTRIBUTES} attributes"),
                ));
            }
            if attr.key.as_namespace_binding().is_some() {
                attrs_len -= 1;
                continue;
            }
            let value = attr.unescape_value().map_err(|e| {
                self.refused(
                    pos,
                    format!("attribute {key}: {e} (entities are never expanded)"),
                )
            })?;
            let key = self.doc.intern(&key);
            self.doc.attrs.push((key, value.into_owned()));
        }
        let name = self.doc.intern(&name);
        let id = self.doc.items.len() as u32;
        let parent_id = parent.as_ref().map_or(NONE, |p| p.id);
        let mut nth = 1;
        if let Some(parent) = parent {
            match self.doc.by_name.get_mut(&(parent.id, name)) {
                Some(s) => {
                    let last = s.last;
                    s.last = id;
                    s.count += 1;
                    nth = s.count;
                    self.doc.items[last as usize].next_same = id;
                }
                None => {
                    self.doc.by_name.insert(
                        (parent.id, name),
                        Siblings {
                            first: id,
                            last: id,
                            count: 1,
                        },
                    );
                }
            }
            match parent.last_child {
                NONE => self.doc.items[parent.id as usize].first_child = id,
                last => self.doc.items[last as usize].next_sibling = id,
            }
            parent.last_child = id;
        }
        self.doc.items.push(Item {
            name,
            parent: parent_id,
            first_child: NONE,
            next_sibling: NONE,
            next_same: NONE,
            end: id + 1,
            nth,
            attrs_start,
            attrs_len,
            text: String::new(),
        });
        Ok(id)
    }

    fn resolve(&self, r: &BytesRef<'_>, pos: u64) -> Result<char, DocumentError> {
        use procura_catalog::import::xml::{resolve_reference, ReferenceError};
        resolve_reference(r).map_err(|e| match e {
            ReferenceError::InvalidChar(_) => self.malformed(pos, e.to_string()),
            ReferenceError::UnknownEntity(_) => self.refused(pos, e.to_string()),
        })
    }

    fn text_of(&mut self, open: &[Open]) -> Option<&mut String> {
        open.last().map(|o| &mut self.doc.items[o.id as usize].text)
    }

    fn read(&mut self) -> Result<(), DocumentError> {
        let mut open: Vec<Open> = Vec::new();
        let mut root_seen = false;
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
                    if open.is_empty() && root_seen {
                        return Err(self.malformed(pos, "a second root element"));
                    }
                    root_seen = true;
                    if self.doc.items.len() >= MAX_ELEMENTS {
                        return Err(self.refused(pos, format!("more than {MAX_ELEMENTS} elements")));
                    }
                    if open.len() >= MAX_DEPTH {
                        return Err(
                            self.refused(pos, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    let id = self.open(&s, open.last_mut(), pos)?;
                    open.push(Open {
                        id,
                        last_child: NONE,
                    });
                }
                Event::End(_) => {
                    let Some(done) = open.pop() else {
                        return Err(self.malformed(pos, "an end tag without a start"));
                    };
                    let end = self.doc.items.len() as u32;
                    self.doc.items[done.id as usize].end = end;
                }
                Event::Text(t) => {
                    let text = t
                        .xml10_content()
                        .map_err(|e| self.malformed(pos, format!("bad text: {e}")))?;
                    match self.text_of(&open) {
                        Some(n) => n.push_str(&text),
                        None if text.trim().is_empty() => {}
                        None => return Err(self.malformed(pos, "text outside the root element")),
                    }
                }
                Event::CData(c) => {
                    let text = c
                        .xml10_content()
                        .map_err(|e| self.malformed(pos, format!("bad CDATA: {e}")))?;
                    match self.text_of(&open) {
                        Some(n) => n.push_str(&text),
                        None => return Err(self.malformed(pos, "CDATA outside the root element")),
                    }
                }
                Event::GeneralRef(r) => {
                    let c = self.resolve(&r, pos)?;
                    match self.text_of(&open) {
                        Some(n) => n.push(c),
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
                    if !root_seen {
                        return Err(self.malformed(pos, "no root element"));
                    }
                    return Ok(());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_paths_and_text() {
        let doc = parse(
            "<a:R xmlns:a='u' k=' v '>x<B>1</B><C/>y<B n='2'>&amp;<D>z</D></B><![CDATA[<w>]]></a:R>",
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.name(), "R");
        assert_eq!(root.path(), "/R");
        assert_eq!(root.attr("k"), Some("v"));
        assert_eq!(root.attr("xmlns"), None);
        assert_eq!(root.text(), "xy<w>");
        let names: Vec<&str> = root.all_children().map(Node::name).collect();
        assert_eq!(names, ["B", "C", "B"]);
        let bs: Vec<String> = root.children("B").map(Node::path).collect();
        assert_eq!(bs, ["/R/B[1]", "/R/B[2]"]);
        assert_eq!(root.child("C").unwrap().path(), "/R/C");
        assert_eq!(root.find(&["B"]).unwrap().value(), "1");
        let second = root.children("B").nth(1).unwrap();
        assert_eq!(second.value(), "&z");
        assert_eq!(second.child("D").unwrap().path(), "/R/B[2]/D");
        assert_eq!(second.attr_path("n"), "/R/B[2]/@n");
        assert_eq!(root.value(), "xy<w>1&z");
        assert!(root.child("Nope").is_none());
        assert_eq!(root.children("Nope").count(), 0);
        let missing = root.req(&["C", "E"]).unwrap_err();
        assert_eq!(missing.path(), Some("/R/C/E"));
    }

    fn refused(xml: &str) -> String {
        match parse(xml) {
            Err(DocumentError::Refused { message, .. }) => message,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn refuses_long_names_many_attributes_and_deep_nesting() {
        let long = "n".repeat(MAX_NAME_BYTES + 1);
        assert!(refused(&format!("<{long}/>")).contains("bytes"));
        assert!(refused(&format!("<R {long}='1'/>")).contains("attribute name"));
        let ok = "n".repeat(MAX_NAME_BYTES);
        assert!(parse(&format!("<{ok}/>")).is_ok());

        let attrs: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='1'")).collect();
        assert!(refused(&format!("<R{attrs}/>")).contains("attributes"));

        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(refused(&deep).contains("deeper"));
        let fits = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&fits).is_ok());

        assert!(refused("<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>").contains("DOCTYPE"));
        assert!(refused("<x>&e;</x>").contains("never expanded"));
    }

    #[test]
    fn errors_name_their_line() {
        match parse("<R>\n<A>\n</B></R>") {
            Err(DocumentError::Malformed { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        assert!(parse("<R/><R/>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<R>").is_err());
    }
}
