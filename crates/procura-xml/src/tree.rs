//! The tree: an arena of elements in document order, built by the reader in one pass.

use crate::path::XmlPath;
use crate::PathStyle;
use std::collections::HashMap;
use std::rc::Rc;

pub(crate) const NONE: u32 = u32::MAX;

/// Up to this many distinct names, a name is found by comparing it with each.
const FEW_NAMES: usize = 32;
/// Up to this many children, a child is found by name by walking them (records are small:
/// cheaper than hashing); a wider element's children are indexed.
const FEW_CHILDREN: u32 = 16;

/// One element in the arena.
#[derive(Debug)]
pub(crate) struct Item {
    pub name: u32,
    pub parent: u32,
    pub first_child: u32,
    pub next_sibling: u32,
    /// The next sibling with the same name.
    pub next_same: u32,
    /// One past the last node of this element's subtree.
    pub end: u32,
    /// 1-based position among the siblings of the same name.
    pub nth: u32,
    pub attrs_start: u32,
    pub attrs_len: u16,
    /// More than [`FEW_CHILDREN`] children: found by name through [`Tree::by_name`], else by
    /// walking them.
    pub wide: bool,
    /// The line of the start tag (past 2^32 lines, the last one counted: no file that large
    /// gets this far).
    pub line: u32,
    /// The element's own text (entities resolved, CDATA as is, untrimmed), without its
    /// children's.
    pub text: String,
}

/// The siblings of one name under one parent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Siblings {
    pub first: u32,
    pub last: u32,
    pub count: u32,
}

/// A document, or one record of a file, read into an arena; [`Tree::root`] is where reading
/// starts.
#[derive(Debug)]
pub struct Tree {
    pub(crate) items: Vec<Item>,
    names: Vec<Rc<str>>,
    /// Built once there are more than [`FEW_NAMES`] names; until then they are searched in
    /// order (a record has a few dozen: cheaper than hashing each).
    name_ids: Option<HashMap<Rc<str>, u32>>,
    pub(crate) attrs: Vec<(u32, String)>,
    /// The children of wide elements by (parent, name).
    pub(crate) by_name: HashMap<(u32, u32), Siblings>,
    /// The root's path, its own segment included (`/BMECAT/T_NEW_CATALOG/ARTICLE[3]`).
    root_path: XmlPath,
    style: PathStyle,
}

impl Tree {
    pub(crate) fn new(root_path: XmlPath, style: PathStyle) -> Self {
        Tree {
            items: Vec::with_capacity(32),
            names: Vec::with_capacity(32),
            name_ids: None,
            attrs: Vec::new(),
            by_name: HashMap::new(),
            root_path,
            style,
        }
    }

    /// The root element.
    pub fn root(&self) -> Node<'_> {
        Node { tree: self, id: 0 }
    }

    /// How many elements the tree holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Never: a tree holds at least its root.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.name_id(name) {
            return id;
        }
        let id = self.names.len() as u32;
        let name: Rc<str> = Rc::from(name);
        self.names.push(Rc::clone(&name));
        match &mut self.name_ids {
            Some(ids) => {
                ids.insert(name, id);
            }
            None if self.names.len() > FEW_NAMES => {
                let ids = self.names.iter().cloned().zip(0..).collect();
                self.name_ids = Some(ids);
            }
            None => {}
        }
        id
    }

    fn name_id(&self, name: &str) -> Option<u32> {
        match &self.name_ids {
            Some(ids) => ids.get(name).copied(),
            None => self
                .names
                .iter()
                .position(|n| n.len() == name.len() && **n == *name)
                .map(|i| i as u32),
        }
    }

    fn item(&self, id: u32) -> &Item {
        &self.items[id as usize]
    }

    /// The children of `parent` named `name`, in document order, walked (for an element that is
    /// not wide).
    fn walk_named(&self, parent: u32, name: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.items[parent as usize].first_child;
        std::iter::successors((first != NONE).then_some(first), move |&c| {
            let next = self.items[c as usize].next_sibling;
            (next != NONE).then_some(next)
        })
        .filter(move |&c| self.items[c as usize].name == name)
    }

    /// The first child of `parent` named `name`.
    pub(crate) fn first_named(&self, parent: u32, name: u32) -> Option<u32> {
        if self.items[parent as usize].wide {
            self.by_name.get(&(parent, name)).map(|s| s.first)
        } else {
            self.walk_named(parent, name).next()
        }
    }

    /// Links element `id`, named `name`, after the last sibling of that name (`before`: how
    /// many children `parent` has so far); its position among them.
    pub(crate) fn link_same_name(&mut self, parent: u32, before: u32, name: u32, id: u32) -> u32 {
        if before < FEW_CHILDREN {
            let (count, last) = self
                .walk_named(parent, name)
                .fold((0, NONE), |(n, _), c| (n + 1, c));
            if last != NONE {
                self.items[last as usize].next_same = id;
            }
            return count + 1;
        }
        if before == FEW_CHILDREN {
            // The parent turns wide: its children so far go into the index.
            self.items[parent as usize].wide = true;
            let mut c = self.items[parent as usize].first_child;
            while c != NONE {
                let item = &self.items[c as usize];
                let s = self.by_name.entry((parent, item.name)).or_insert(Siblings {
                    first: c,
                    last: c,
                    count: 0,
                });
                s.count += 1;
                s.last = c;
                c = item.next_sibling;
            }
        }
        let s = self.by_name.entry((parent, name)).or_insert(Siblings {
            first: id,
            last: id,
            count: 0,
        });
        s.count += 1;
        let nth = s.count;
        if nth > 1 {
            let last = std::mem::replace(&mut s.last, id);
            self.items[last as usize].next_same = id;
        }
        nth
    }

    /// Whether an element's path segment carries its index.
    fn indexed(&self, item: &Item) -> bool {
        match self.style {
            PathStyle::Shared if item.parent == NONE => false,
            PathStyle::Shared if self.items[item.parent as usize].wide => self
                .by_name
                .get(&(item.parent, item.name))
                .is_some_and(|s| s.count > 1),
            PathStyle::Shared => self.walk_named(item.parent, item.name).nth(1).is_some(),
            PathStyle::Counted { always } => {
                item.nth > 1 || always.contains(&&*self.names[item.name as usize])
            }
        }
    }

    /// The path of an element: the root's, then a segment per element below it.
    pub(crate) fn path(&self, id: u32) -> String {
        let mut ids = Vec::new();
        let mut at = id;
        while at != 0 && at != NONE {
            ids.push(at);
            at = self.item(at).parent;
        }
        let mut out = self.root_path.to_string();
        for &at in ids.iter().rev() {
            let item = self.item(at);
            out.push('/');
            out.push_str(&self.names[item.name as usize]);
            if self.indexed(item) {
                out.push_str(&format!("[{}]", item.nth));
            }
        }
        out
    }
}

/// The names a child may have: one (`"ItemOut"`) or any of several (`&["ARTICLE", "PRODUCT"]`,
/// BMEcat 1.2 and 2005 side by side).
pub trait Names {
    fn names(&self) -> &[&str];
}

impl Names for &str {
    fn names(&self) -> &[&str] {
        std::slice::from_ref(self)
    }
}

impl Names for &[&str] {
    fn names(&self) -> &[&str] {
        self
    }
}

impl<const N: usize> Names for &[&str; N] {
    fn names(&self) -> &[&str] {
        self.as_slice()
    }
}

/// An element of a [`Tree`]: its name, attributes (local names), own text and children.
#[derive(Debug, Clone, Copy)]
pub struct Node<'d> {
    tree: &'d Tree,
    id: u32,
}

impl<'d> Node<'d> {
    fn item(self) -> &'d Item {
        self.tree.item(self.id)
    }

    fn at(self, id: u32) -> Option<Node<'d>> {
        (id != NONE).then_some(Node {
            tree: self.tree,
            id,
        })
    }

    /// The local name.
    pub fn name(self) -> &'d str {
        &self.tree.names[self.item().name as usize]
    }

    /// `/cXML/Request/OrderRequest/ItemOut[2]`, built when asked (for errors).
    pub fn path(self) -> String {
        self.tree.path(self.id)
    }

    /// `…/ItemOut[2]/@quantity`.
    pub fn attr_path(self, attr: &str) -> String {
        format!("{}/@{attr}", self.path())
    }

    /// The line of the start tag.
    pub fn line(self) -> u64 {
        u64::from(self.item().line)
    }

    /// The element's own text, untrimmed, without its children's.
    pub fn text(self) -> &'d str {
        &self.item().text
    }

    /// An attribute's value as written (entities resolved), even if empty.
    pub fn raw_attr(self, name: &str) -> Option<&'d str> {
        let item = self.item();
        let key = self.tree.name_id(name)?;
        let start = item.attrs_start as usize;
        self.tree.attrs[start..start + item.attrs_len as usize]
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An attribute's value, trimmed; `None` when absent or blank.
    pub fn attr(self, name: &str) -> Option<&'d str> {
        self.raw_attr(name).map(str::trim).filter(|v| !v.is_empty())
    }

    fn first_named(self, name: &str) -> Option<Node<'d>> {
        let name = self.tree.name_id(name)?;
        self.at(self.tree.first_named(self.id, name)?)
    }

    /// The first child with one of `names`, in document order.
    pub fn child(self, names: impl Names) -> Option<Node<'d>> {
        match names.names() {
            [one] => self.first_named(one),
            many => many
                .iter()
                .filter_map(|n| self.first_named(n))
                .min_by_key(|n| n.id),
        }
    }

    /// The children with one of `names`, in document order.
    pub fn children(self, names: impl Names) -> Children<'d> {
        let names = names.names();
        if let [one] = names {
            return Children {
                tree: self.tree,
                next: self.first_named(one).map_or(NONE, |n| n.id),
                among: None,
            };
        }
        let ids: Vec<u32> = names.iter().filter_map(|n| self.tree.name_id(n)).collect();
        let mut c = Children {
            tree: self.tree,
            next: if ids.is_empty() {
                NONE
            } else {
                self.item().first_child
            },
            among: Some(ids),
        };
        c.skip_others();
        c
    }

    /// Every child, in document order.
    pub fn all_children(self) -> impl Iterator<Item = Node<'d>> + 'd {
        std::iter::successors(self.at(self.item().first_child), move |n| {
            self.at(n.item().next_sibling)
        })
    }

    /// Follows child names, the first match at each step.
    pub fn find(self, path: &[&str]) -> Option<Node<'d>> {
        path.iter().try_fold(self, |n, name| n.child(*name))
    }

    /// Every element at the end of a path of child names, in document order.
    pub fn find_all(self, path: &[&str]) -> Vec<Node<'d>> {
        let mut found = vec![self];
        for name in path {
            found = found.iter().flat_map(|n| n.children(*name)).collect();
        }
        found
    }

    /// The trimmed text of this element and everything inside it: its own text, then each
    /// descendant's in document order (markup inside is dropped, never interpreted).
    pub fn value(self) -> String {
        let item = self.item();
        let mut out = String::new();
        for n in &self.tree.items[self.id as usize..item.end as usize] {
            out.push_str(&n.text);
        }
        out.trim().to_owned()
    }

    /// The trimmed text at a path, when there and not empty.
    pub fn text_at(self, path: &[&str]) -> Option<String> {
        self.find(path).map(Node::value).filter(|v| !v.is_empty())
    }

    /// The first non-empty value among the children with one of `names`.
    pub fn child_value(self, names: impl Names) -> Option<String> {
        self.children(names)
            .map(Node::value)
            .find(|v| !v.is_empty())
    }

    /// Where a missing child named `name` was expected.
    pub fn missing(self, name: &str) -> Missing<'d> {
        Missing {
            node: self,
            below: format!("/{name}"),
        }
    }
}

/// The children of one element with one of some names; see [`Node::children`].
#[derive(Debug, Clone)]
pub struct Children<'d> {
    tree: &'d Tree,
    next: u32,
    /// `None`: one name, followed through `next_same`; else the name ids, through `next_sibling`.
    among: Option<Vec<u32>>,
}

impl Children<'_> {
    fn skip_others(&mut self) {
        if let Some(ids) = &self.among {
            while self.next != NONE && !ids.contains(&self.tree.item(self.next).name) {
                self.next = self.tree.item(self.next).next_sibling;
            }
        }
    }
}

impl<'d> Iterator for Children<'d> {
    type Item = Node<'d>;

    fn next(&mut self) -> Option<Node<'d>> {
        if self.next == NONE {
            return None;
        }
        let node = Node {
            tree: self.tree,
            id: self.next,
        };
        let item = self.tree.item(self.next);
        match self.among {
            None => self.next = item.next_same,
            Some(_) => {
                self.next = item.next_sibling;
                self.skip_others();
            }
        }
        Some(node)
    }
}

/// An element that is not there, as the place it was expected: its parent (its line) and the
/// names below it.
#[derive(Debug, Clone)]
pub struct Missing<'d> {
    node: Node<'d>,
    below: String,
}

impl Missing<'_> {
    /// The parent's path and the missing names: `/R/A[2]/PRICE_DETAILS/PRICE`.
    pub fn path(&self) -> String {
        format!("{}{}", self.node.path(), self.below)
    }

    /// The line of the nearest element that is there.
    pub fn line(&self) -> u64 {
        self.node.line()
    }

    /// A child the missing element would have had.
    pub fn missing(&self, name: &str) -> Self {
        Missing {
            node: self.node,
            below: format!("{}/{name}", self.below),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Config, DoctypeRule, PathStyle, Reader};

    const DOC: Config = Config {
        max_bytes: 1 << 20,
        max_elements: 1000,
        doctype: DoctypeRule::NoInternalSubset,
        paths: PathStyle::Shared,
    };

    #[test]
    fn children_paths_and_text() {
        let doc = parse(
            "<a:R xmlns:a='u' k=' v '>x<B>1</B><C/>y<B n='2'>&amp;<D>z</D></B><![CDATA[<w>]]></a:R>",
            DOC,
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.name(), "R");
        assert_eq!(root.path(), "/R");
        assert_eq!(root.attr("k"), Some("v"));
        assert_eq!(root.raw_attr("k"), Some(" v "));
        assert_eq!(root.attr("xmlns"), None);
        assert_eq!(root.text(), "xy<w>");
        let names: Vec<&str> = root.all_children().map(|n| n.name()).collect();
        assert_eq!(names, ["B", "C", "B"]);
        let bs: Vec<String> = root.children("B").map(|n| n.path()).collect();
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
        assert_eq!(root.missing("C").missing("E").path(), "/R/C/E");
    }

    #[test]
    fn several_names_in_document_order() {
        let doc = parse("<R><P>1</P><A>2</A><X/><P>3</P><A> </A></R>", DOC).unwrap();
        let root = doc.root();
        let both = ["A", "P"];
        assert_eq!(root.child(&both).unwrap().value(), "1");
        assert_eq!(root.child(&["A", "Q"]).unwrap().value(), "2");
        let values: Vec<String> = root.children(&both).map(|n| n.value()).collect();
        assert_eq!(values, ["1", "2", "3", ""]);
        assert_eq!(root.children(&["Q", "Z"]).count(), 0);
        assert_eq!(root.child_value(&["A"]), Some("2".into()));
        assert_eq!(root.find_all(&["P"]).len(), 2);
        assert_eq!(root.text_at(&["X"]), None);
    }

    #[test]
    fn attributes_trimmed_or_as_written() {
        let doc = parse("<R a='' b=' ' c=' x ' d='&lt;'/>", DOC).unwrap();
        let root = doc.root();
        assert_eq!((root.attr("a"), root.raw_attr("a")), (None, Some("")));
        assert_eq!((root.attr("b"), root.raw_attr("b")), (None, Some(" ")));
        assert_eq!(root.attr("c"), Some("x"));
        assert_eq!(root.attr("d"), Some("<"));
        assert_eq!(root.raw_attr("e"), None);
    }

    #[test]
    fn records_counted_paths_and_lines() {
        let config = Config {
            paths: PathStyle::Counted { always: &["A"] },
            ..DOC
        };
        let xml = "<R>\n<A>x &amp; <![CDATA[<b>]]>&#65;</A>\n<p:A xmlns:p='u'><B/>\n<B><C/></B></p:A></R>";
        let mut reader = Reader::new(xml, config);
        let mut seen = Vec::new();
        while let Some(start) = reader.next_start().unwrap() {
            if start.name == "A" {
                let (path, line) = (start.path(), start.line());
                let tree = reader.read(start).unwrap();
                let a = tree.root();
                assert_eq!((a.path(), a.line()), (path, line));
                let inner: Vec<String> = a
                    .all_children()
                    .map(|b| format!("{} {}", b.path(), b.line()))
                    .collect();
                seen.push(format!("{} {} {} {inner:?}", a.path(), a.line(), a.value()));
                if let Some(c) = a.find(&["B", "C"]) {
                    assert_eq!(c.path(), "/R/A[2]/B/C");
                }
            }
        }
        assert_eq!(
            seen,
            [
                "/R/A[1] 2 x & <b>A []",
                "/R/A[2] 3  [\"/R/A[2]/B 3\", \"/R/A[2]/B[2] 4\"]"
            ]
        );
    }

    /// Children found by walking them (up to 16) or through the index (beyond) give the same
    /// answers: lookups, order, positions and paths, checked against a plain count.
    #[test]
    fn narrow_and_wide_elements_agree() {
        for n in [1, 5, 15, 16, 17, 18, 40, 100] {
            let names = |i: usize| ["a", "b", "c", "d", "e"][i * 7 % 5];
            let xml: String = (0..n)
                .map(|i| format!("<{0}>{i}</{0}>", names(i)))
                .collect();
            for paths in [PathStyle::Shared, PathStyle::Counted { always: &["e"] }] {
                let doc = parse(&format!("<R>{xml}</R>"), Config { paths, ..DOC }).unwrap();
                let root = doc.root();
                for name in ["a", "b", "c", "d", "e", "z"] {
                    let want: Vec<usize> = (0..n).filter(|&i| names(i) == name).collect();
                    let got: Vec<usize> = root
                        .children(name)
                        .map(|c| c.value().parse().unwrap())
                        .collect();
                    assert_eq!(got, want, "{n} {name}");
                    let first = root
                        .child(name)
                        .map(|c| c.value().parse::<usize>().unwrap());
                    assert_eq!(first, want.first().copied());
                    for (k, c) in root.children(name).enumerate() {
                        let index = match paths {
                            PathStyle::Shared => want.len() > 1,
                            PathStyle::Counted { .. } => k > 0 || name == "e",
                        };
                        let path = if index {
                            format!("/R/{name}[{}]", k + 1)
                        } else {
                            format!("/R/{name}")
                        };
                        assert_eq!(c.path(), path, "{n} {paths:?}");
                    }
                }
                let both: Vec<usize> = root
                    .children(&["b", "d"])
                    .map(|c| c.value().parse().unwrap())
                    .collect();
                let want: Vec<usize> = (0..n).filter(|&i| matches!(names(i), "b" | "d")).collect();
                assert_eq!(both, want);
                assert_eq!(root.all_children().count(), n);
            }
        }
    }

    /// Names are found by comparing up to 32, through a map beyond: the same either way.
    #[test]
    fn few_and_many_names_agree() {
        for n in [1, 31, 32, 33, 80] {
            let xml: String = (0..n)
                .map(|i| format!("<n{i} k{i}='{i}'>{i}</n{i}>"))
                .collect();
            let doc = parse(&format!("<R>{xml}</R>"), DOC).unwrap();
            let root = doc.root();
            for i in 0..n {
                let el = root.child(format!("n{i}").as_str()).unwrap();
                assert_eq!(el.name(), format!("n{i}"));
                assert_eq!(el.attr(&format!("k{i}")), Some(i.to_string().as_str()));
                assert_eq!(el.attr("k-none"), None);
            }
            assert!(root.child("n-none").is_none());
        }
    }
}
