//! Reading: one pass of quick-xml events, every one checked, into [`Tree`]s.

use crate::error::{ErrorKind, XmlError};
use crate::path::XmlPath;
use crate::tree::{Item, Tree, NONE};
use crate::{doctype, Config, PathStyle, MAX_ATTRIBUTES, MAX_DEPTH, MAX_NAME_BYTES};
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

/// Reads a whole document into one tree: at most [`Config::max_bytes`] of text (a BOM
/// dropped), one root, at most [`Config::max_elements`] elements, under the rules of the
/// crate documentation.
pub fn parse(text: &str, config: Config) -> Result<Tree, XmlError> {
    if text.len() > config.max_bytes {
        return Err(XmlError {
            kind: ErrorKind::TooLarge {
                bytes: text.len() as u64,
                max: config.max_bytes as u64,
            },
            line: None,
            path: "/".into(),
        });
    }
    let mut reader = Reader::new(text, config);
    // `next_start` refuses a document without a root, and a second root, itself.
    let root = reader.next_start()?.ok_or_else(|| XmlError {
        kind: ErrorKind::NoRoot,
        line: None,
        path: "/".into(),
    })?;
    let tree = reader.read(root)?;
    // Only comments, processing instructions and blanks may follow the root.
    while reader.next_start()?.is_some() {}
    Ok(tree)
}

/// One element just opened, as [`Reader::next_start`] reports it: read it with
/// [`Reader::read`], or call `next_start` again to step into it.
#[derive(Debug)]
pub struct Start {
    /// The local name.
    pub name: String,
    /// 1 for the root.
    pub depth: usize,
    path: XmlPath,
    line: u64,
    attrs: Vec<(String, String)>,
    /// Which opening this is (only the latest can be read).
    serial: u64,
}

impl Start {
    /// `/BMECAT/T_NEW_CATALOG/ARTICLE[3]`.
    pub fn path(&self) -> String {
        self.path.to_string()
    }

    /// The line of the start tag.
    pub fn line(&self) -> u64 {
        self.line
    }
}

/// An element opened by [`Reader::next_start`] and not yet closed.
struct Frame {
    path: XmlPath,
    /// How many children of each name were opened so far (for [`PathStyle::Counted`]).
    counts: HashMap<Rc<str>, u32>,
}

/// An element being read into a tree: the last child added so far (to link the next one).
struct Open {
    id: u32,
    last_child: u32,
    /// How many children it has so far.
    children: u32,
}

/// Streams through a document, checking every event, and reads chosen elements into trees.
/// Nothing but the open elements' paths is kept between trees.
pub struct Reader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    config: Config,
    /// The line at `line_pos`, counted forward as the reader goes.
    line_pos: usize,
    line_no: u64,
    /// Where the first newline at or after `line_pos` is (`usize::MAX`: none).
    next_newline: usize,
    stack: Vec<Frame>,
    root_seen: bool,
    /// How many elements `next_start` opened.
    opened: u64,
}

impl<'a> Reader<'a> {
    /// A reader over `text` (a BOM dropped). The size is not checked here: see
    /// [`Config::max_bytes`].
    pub fn new(text: &'a str, config: Config) -> Self {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = true;
        Reader {
            reader,
            text,
            config,
            line_pos: 0,
            line_no: 1,
            next_newline: text.find('\n').unwrap_or(usize::MAX),
            stack: Vec::new(),
            root_seen: false,
            opened: 0,
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

    /// The line of a position, for an error (counted from the start: errors are few).
    fn line(&self, pos: u64) -> u64 {
        self.newlines(0, self.clamp(pos)) + 1
    }

    /// The line of a position at or after the last one asked, counted on from there, newline
    /// by newline: the lines of all elements cost one search through the text.
    fn line_forward(&mut self, pos: u64) -> u64 {
        let pos = self.clamp(pos);
        if pos < self.line_pos {
            return self.line(pos as u64);
        }
        while self.next_newline < pos {
            self.line_no += 1;
            let after = self.next_newline + 1;
            self.next_newline = self.text[after..]
                .find('\n')
                .map_or(usize::MAX, |i| after + i);
        }
        self.line_pos = pos;
        self.line_no
    }

    fn error_at(&self, pos: u64, path: String, kind: ErrorKind) -> XmlError {
        XmlError {
            kind,
            line: Some(self.line(pos)),
            path,
        }
    }

    /// An error in the innermost open element outside a tree.
    fn error(&self, pos: u64, kind: ErrorKind) -> XmlError {
        let path = self
            .stack
            .last()
            .map_or_else(|| "/".to_owned(), |f| f.path.to_string());
        self.error_at(pos, path, kind)
    }

    fn next(&mut self) -> Result<(u64, Event<'a>), XmlError> {
        let pos = self.reader.buffer_position();
        match self.reader.read_event() {
            Ok(event) => Ok((pos, event)),
            Err(e) => {
                let at = self.reader.error_position();
                let detail = e.to_string();
                Err(self.error(at, ErrorKind::Syntax { detail }))
            }
        }
    }

    /// A name as read: refused past [`MAX_NAME_BYTES`], else its local part.
    fn name_of<'n>(
        raw: &[u8],
        local: &'n [u8],
        attribute: bool,
    ) -> Result<Cow<'n, str>, ErrorKind> {
        if raw.len() > MAX_NAME_BYTES {
            return Err(ErrorKind::NameTooLong {
                attribute,
                start: String::from_utf8_lossy(&raw[..32]).into_owned(),
                bytes: raw.len() as u64,
                max: MAX_NAME_BYTES as u64,
            });
        }
        Ok(String::from_utf8_lossy(local))
    }

    fn element_name<'n>(start: &'n BytesStart<'_>) -> Result<Cow<'n, str>, ErrorKind> {
        Self::name_of(
            start.name().as_ref(),
            start.local_name().into_inner(),
            false,
        )
    }

    /// The attributes of a start tag (namespace declarations counted, not kept), each to `add`.
    fn attributes(
        start: &BytesStart<'_>,
        element: &str,
        mut add: impl FnMut(&str, String),
    ) -> Result<(), ErrorKind> {
        if start.attributes_raw().iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        for (i, attr) in start.attributes().enumerate() {
            let attr = attr.map_err(|e| ErrorKind::BadAttribute {
                detail: e.to_string(),
            })?;
            if i >= MAX_ATTRIBUTES {
                return Err(ErrorKind::TooManyAttributes {
                    element: element.to_owned(),
                    max: MAX_ATTRIBUTES as u64,
                });
            }
            let key = Self::name_of(attr.key.as_ref(), attr.key.local_name().into_inner(), true)?;
            if attr.key.as_namespace_binding().is_some() {
                continue;
            }
            let value = attr
                .unescape_value()
                .map_err(|e| ErrorKind::AttributeUnreadable {
                    attribute: key.clone().into_owned(),
                    detail: e.to_string(),
                })?;
            add(&key, value.into_owned());
        }
        Ok(())
    }

    /// Opens an element outside any tree: checked, numbered, pushed.
    fn open_frame(&mut self, start: &BytesStart<'_>, pos: u64) -> Result<Start, XmlError> {
        let name = Self::element_name(start).map_err(|k| self.error(pos, k))?;
        if self.stack.len() >= MAX_DEPTH {
            let max = MAX_DEPTH as u64;
            return Err(self.error(pos, ErrorKind::TooDeep { max }));
        }
        if self.stack.is_empty() {
            if self.root_seen {
                let element = name.into_owned();
                return Err(self.error(pos, ErrorKind::SecondRoot { element }));
            }
            self.root_seen = true;
        }
        let shared: Rc<str> = Rc::from(&*name);
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
        let always = match self.config.paths {
            PathStyle::Counted { always } => always.contains(&&*name),
            PathStyle::Shared => false,
        };
        let index = (n > 1 || always).then_some(n);
        let path = parent.child(shared, index);
        let mut attrs = Vec::new();
        Self::attributes(start, &name, |k, v| attrs.push((k.to_owned(), v)))
            .map_err(|k| self.error(pos, k))?;
        self.stack.push(Frame {
            path: path.clone(),
            counts: HashMap::new(),
        });
        self.opened += 1;
        Ok(Start {
            name: name.into_owned(),
            depth: self.stack.len(),
            path,
            line: self.line_forward(pos),
            attrs,
            serial: self.opened,
        })
    }

    fn resolve(&self, r: &BytesRef<'_>) -> Result<char, ErrorKind> {
        resolve_reference(r)
    }

    fn outside_root(&self, pos: u64, blank: bool, kind: ErrorKind) -> Result<(), XmlError> {
        if self.stack.is_empty() && !blank {
            return Err(self.error(pos, kind));
        }
        Ok(())
    }

    fn at_eof(&self, pos: u64) -> Result<(), XmlError> {
        if !self.stack.is_empty() {
            return Err(self.error(pos, ErrorKind::EndsInside));
        }
        if !self.root_seen {
            return Err(self.error(pos, ErrorKind::NoRoot));
        }
        Ok(())
    }

    fn doctype(&self, pos: u64, text: &[u8]) -> Result<(), XmlError> {
        let text = String::from_utf8_lossy(text);
        doctype::check(&text, self.config.doctype)
            .map_err(|p| self.error(pos, ErrorKind::Doctype(p)))
    }

    /// The next element opening anywhere in the document, or `None` at its (checked) end. The
    /// text of elements not read into a tree is skipped, but every reference is checked.
    pub fn next_start(&mut self) -> Result<Option<Start>, XmlError> {
        loop {
            let (pos, event) = self.next()?;
            match event {
                Event::Start(e) => return self.open_frame(&e, pos).map(Some),
                Event::End(_) if self.stack.pop().is_none() => {
                    return Err(self.error(pos, ErrorKind::EndWithoutStart));
                }
                Event::Text(t) => {
                    let blank = String::from_utf8_lossy(&t).trim().is_empty();
                    self.outside_root(pos, blank, ErrorKind::TextOutsideRoot)?;
                }
                Event::CData(_) => self.outside_root(pos, false, ErrorKind::CdataOutsideRoot)?,
                Event::GeneralRef(r) => {
                    self.resolve(&r).map_err(|k| self.error(pos, k))?;
                    self.outside_root(pos, false, ErrorKind::ReferenceOutsideRoot)?;
                }
                Event::DocType(d) => self.doctype(pos, &d)?,
                Event::Eof => return self.at_eof(pos).map(|()| None),
                _ => {}
            }
        }
    }

    /// Reads the element just opened, with everything inside it up to its end tag, into a tree
    /// of its own (at most [`Config::max_elements`] elements).
    ///
    /// # Panics
    /// If `start` is not the element [`Reader::next_start`] opened last (a mistake of the
    /// caller's, never of the input's).
    pub fn read(&mut self, start: Start) -> Result<Tree, XmlError> {
        assert_eq!(
            start.serial, self.opened,
            "only the latest opening can be read"
        );
        let mut tree = Tree::new(start.path, self.config.paths);
        let root_name = tree.intern(&start.name);
        tree.items.push(Item {
            name: root_name,
            parent: NONE,
            first_child: NONE,
            next_sibling: NONE,
            next_same: NONE,
            end: 1,
            nth: 1,
            attrs_start: 0,
            attrs_len: start.attrs.len() as u16,
            wide: false,
            line: u32::try_from(start.line).unwrap_or(u32::MAX),
            text: String::new(),
        });
        for (k, v) in start.attrs {
            let k = tree.intern(&k);
            tree.attrs.push((k, v));
        }
        // The frames below the root's (its ancestors) are open around the tree.
        let outside = self.stack.len() - 1;
        let mut open = vec![Open {
            id: 0,
            last_child: NONE,
            children: 0,
        }];
        loop {
            let (pos, event) = match self.next() {
                Ok(e) => e,
                Err(e) => return Err(self.in_tree(&tree, &open, e)),
            };
            match event {
                Event::Start(s) => {
                    let id = self
                        .open_item(&mut tree, &mut open, outside, &s, pos)
                        .map_err(|k| self.tree_error(&tree, &open, pos, k))?;
                    open.push(Open {
                        id,
                        last_child: NONE,
                        children: 0,
                    });
                }
                Event::End(_) => {
                    let done = open.pop().expect("an element is open");
                    tree.items[done.id as usize].end = tree.items.len() as u32;
                    if open.is_empty() {
                        self.stack.pop();
                        return Ok(tree);
                    }
                }
                Event::Text(t) => {
                    let text = t.xml10_content().map_err(|e| {
                        let detail = e.to_string();
                        self.tree_error(&tree, &open, pos, ErrorKind::BadText { detail })
                    })?;
                    text_of(&mut tree, &open).push_str(&text);
                }
                Event::CData(c) => {
                    let text = c.xml10_content().map_err(|e| {
                        let detail = e.to_string();
                        self.tree_error(&tree, &open, pos, ErrorKind::BadCdata { detail })
                    })?;
                    text_of(&mut tree, &open).push_str(&text);
                }
                Event::GeneralRef(r) => {
                    let c = self
                        .resolve(&r)
                        .map_err(|k| self.tree_error(&tree, &open, pos, k))?;
                    text_of(&mut tree, &open).push(c);
                }
                Event::DocType(d) => self
                    .doctype(pos, &d)
                    .map_err(|e| self.in_tree(&tree, &open, e))?,
                Event::Eof => {
                    let kind = ErrorKind::EndsInside;
                    return Err(self.tree_error(&tree, &open, pos, kind));
                }
                _ => {}
            }
        }
    }

    /// An error inside a tree, at its innermost open element.
    fn tree_error(&self, tree: &Tree, open: &[Open], pos: u64, kind: ErrorKind) -> XmlError {
        let id = open.last().map_or(0, |o| o.id);
        self.error_at(pos, tree.path(id), kind)
    }

    /// An error made outside the tree's knowledge, moved to its innermost open element.
    fn in_tree(&self, tree: &Tree, open: &[Open], mut e: XmlError) -> XmlError {
        let id = open.last().map_or(0, |o| o.id);
        e.path = tree.path(id);
        e
    }

    /// Adds an element opened inside a tree, under the innermost open one.
    fn open_item(
        &mut self,
        tree: &mut Tree,
        open: &mut [Open],
        outside: usize,
        start: &BytesStart<'_>,
        pos: u64,
    ) -> Result<u32, ErrorKind> {
        if tree.items.len() >= self.config.max_elements {
            let max = self.config.max_elements as u64;
            return Err(ErrorKind::TooManyElements { max });
        }
        let name = Self::element_name(start)?;
        if outside + open.len() >= MAX_DEPTH {
            let max = MAX_DEPTH as u64;
            return Err(ErrorKind::TooDeep { max });
        }
        let attrs_start = tree.attrs.len() as u32;
        Self::attributes(start, &name, |k, v| {
            let k = tree.intern(k);
            tree.attrs.push((k, v));
        })?;
        let attrs_len = (tree.attrs.len() as u32 - attrs_start) as u16;
        let name = tree.intern(&name);
        let id = tree.items.len() as u32;
        let parent = open.last_mut().expect("an element is open");
        let nth = tree.link_same_name(parent.id, parent.children, name, id);
        parent.children += 1;
        match parent.last_child {
            NONE => tree.items[parent.id as usize].first_child = id,
            last => tree.items[last as usize].next_sibling = id,
        }
        parent.last_child = id;
        tree.items.push(Item {
            name,
            parent: parent.id,
            first_child: NONE,
            next_sibling: NONE,
            next_same: NONE,
            end: id + 1,
            nth,
            attrs_start,
            attrs_len,
            wide: false,
            line: u32::try_from(self.line_forward(pos)).unwrap_or(u32::MAX),
            text: String::new(),
        });
        Ok(id)
    }
}

fn text_of<'t>(tree: &'t mut Tree, open: &[Open]) -> &'t mut String {
    let id = open.last().expect("an element is open").id;
    &mut tree.items[id as usize].text
}

/// The character a reference stands for: a character reference, or one of the five entities
/// XML predefines. Any other entity is never expanded.
fn resolve_reference(r: &BytesRef<'_>) -> Result<char, ErrorKind> {
    let name = String::from_utf8_lossy(r).into_owned();
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            _ => Err(ErrorKind::InvalidCharRef { reference: name }),
        };
    }
    match name.as_str() {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(ErrorKind::UnknownEntity { reference: name }),
    }
}
