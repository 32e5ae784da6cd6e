//! The XML of order documents: reading with the one reader of [`procura_xml`] (its errors as
//! [`DocumentError`]s, the lookups that must find something), and an indenting writer that
//! escapes every text.

use super::documents::{
    decimal_at, DocumentError, MAX_DOCUMENT_BYTES, MAX_ELEMENTS, MAX_NAME_BYTES,
};
pub(crate) use procura_xml::Node;
use procura_xml::{Config, DoctypeRule, ErrorKind, PathStyle, Tree, XmlError};
use rust_decimal::Decimal;

/// How order documents are read: whole, with an index in a path wherever siblings share a name.
const CONFIG: Config = Config {
    max_bytes: MAX_DOCUMENT_BYTES,
    max_elements: MAX_ELEMENTS,
    doctype: DoctypeRule::NoInternalSubset,
    paths: PathStyle::Shared,
};

/// Parses a whole document into a tree, under the safety rules in the module documentation of
/// [`super::documents`].
pub(crate) fn parse(xml: &str) -> Result<Tree, DocumentError> {
    procura_xml::parse(xml, CONFIG).map_err(DocumentError::from)
}

impl From<XmlError> for DocumentError {
    /// Malformed XML, or a refusal of what could harm the reader; the words are the ones the
    /// hub has always answered with.
    fn from(e: XmlError) -> Self {
        let line = e.line.unwrap_or(1);
        let malformed = |message: String| DocumentError::Malformed { line, message };
        let refused = |message: String| DocumentError::Refused { line, message };
        match e.kind {
            ErrorKind::TooLarge { bytes, max } => DocumentError::TooLarge {
                bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
                max: usize::try_from(max).unwrap_or(usize::MAX),
            },
            ErrorKind::SecondRoot { .. } => malformed("a second root element".into()),
            ErrorKind::NameTooLong {
                attribute,
                start,
                bytes,
                ..
            } => {
                let what = if attribute {
                    "an attribute"
                } else {
                    "an element"
                };
                refused(format!(
                    "{what} name {start}… has {bytes} bytes, more than the {MAX_NAME_BYTES} accepted"
                ))
            }
            kind @ (ErrorKind::Syntax { .. }
            | ErrorKind::NoRoot
            | ErrorKind::EndsInside
            | ErrorKind::EndWithoutStart
            | ErrorKind::TextOutsideRoot
            | ErrorKind::CdataOutsideRoot
            | ErrorKind::ReferenceOutsideRoot
            | ErrorKind::BadText { .. }
            | ErrorKind::BadCdata { .. }
            | ErrorKind::InvalidCharRef { .. }
            | ErrorKind::BadAttribute { .. }) => malformed(kind.to_string()),
            kind @ (ErrorKind::UnknownEntity { .. }
            | ErrorKind::TooDeep { .. }
            | ErrorKind::TooManyAttributes { .. }
            | ErrorKind::AttributeUnreadable { .. }
            | ErrorKind::TooManyElements { .. }
            | ErrorKind::Doctype(_)) => refused(kind.to_string()),
        }
    }
}

/// Lookups on a document's elements that must find something: what is missing or empty is a
/// [`DocumentError`] naming its path.
pub(crate) trait Required<'d> {
    fn req_attr(self, name: &str) -> Result<&'d str, DocumentError>;
    /// Like [`Node::find`], but a missing element is an error naming its path.
    fn req(self, path: &[&str]) -> Result<Node<'d>, DocumentError>;
    /// The trimmed text at a path; missing or empty is an error.
    fn req_text(self, path: &[&str]) -> Result<String, DocumentError>;
    /// The element's value as an XML Schema decimal within the money bounds.
    fn decimal(self) -> Result<Decimal, DocumentError>;
}

impl<'d> Required<'d> for Node<'d> {
    fn req_attr(self, name: &str) -> Result<&'d str, DocumentError> {
        self.attr(name)
            .ok_or_else(|| DocumentError::MissingAttribute {
                path: self.path(),
                attribute: name.to_owned(),
            })
    }

    fn req(self, path: &[&str]) -> Result<Node<'d>, DocumentError> {
        let mut node = self;
        for name in path {
            node = node
                .child(*name)
                .ok_or_else(|| DocumentError::MissingElement {
                    path: node.missing(name).path(),
                })?;
        }
        Ok(node)
    }

    fn req_text(self, path: &[&str]) -> Result<String, DocumentError> {
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

    fn decimal(self) -> Result<Decimal, DocumentError> {
        let value = self.value();
        decimal_at(&self.path(), &value)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

pub(crate) use procura_xml::write::XmlOut;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::documents::{MAX_ATTRIBUTES, MAX_DEPTH};

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
        let attr = root.req_attr("nope").unwrap_err();
        assert_eq!(attr.to_string(), "/R: missing required attribute nope");
        let empty = root.req_text(&["C"]).unwrap_err();
        assert_eq!(empty.to_string(), "/R/C: empty, a value is needed");
    }

    fn refused(xml: &str) -> String {
        match parse(xml) {
            Err(DocumentError::Refused { message, .. }) => message,
            other => panic!("not refused: {other:?}"),
        }
    }

    fn malformed(xml: &str) -> String {
        match parse(xml) {
            Err(DocumentError::Malformed { message, .. }) => message,
            other => panic!("not malformed: {other:?}"),
        }
    }

    #[test]
    fn refuses_long_names_many_attributes_and_deep_nesting() {
        let long = "n".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(
            refused(&format!("<{long}/>")),
            format!(
                "an element name {}… has 129 bytes, more than the 128 accepted",
                "n".repeat(32)
            )
        );
        assert!(refused(&format!("<R {long}='1'/>")).starts_with("an attribute name nnn"));
        let ok = "n".repeat(MAX_NAME_BYTES);
        assert!(parse(&format!("<{ok}/>")).is_ok());

        let attrs: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}='1'")).collect();
        assert_eq!(
            refused(&format!("<R{attrs}/>")),
            "an element <R> with more than 32 attributes"
        );

        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(refused(&deep), "elements nested deeper than 64");
        let fits = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&fits).is_ok());

        assert_eq!(
            refused("<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>"),
            "the DOCTYPE has an internal subset; DTDs that declare entities are refused (they \
             can read local files or expand without bound)"
        );
        assert_eq!(
            refused("<x>&e;</x>"),
            "unknown entity reference &e; (entities are never expanded)"
        );
        assert!(refused("<x a='&e;'/>").starts_with("attribute a: "));
        assert!(refused("<x a='&e;'/>").ends_with(" (entities are never expanded)"));
    }

    #[test]
    fn the_element_cap_is_the_whole_document() {
        let doc = |n: usize| format!("<R>{}</R>", "<b/>".repeat(n - 1));
        assert_eq!(parse(&doc(MAX_ELEMENTS)).unwrap().len(), MAX_ELEMENTS);
        assert_eq!(refused(&doc(MAX_ELEMENTS + 1)), "more than 500000 elements");
    }

    #[test]
    fn malformed_documents_say_what_is_wrong() {
        assert_eq!(malformed("<R/><R/>"), "a second root element");
        assert_eq!(malformed(""), "no root element");
        assert_eq!(malformed("<R>"), "the document ends inside an element");
        assert_eq!(malformed("<R/>x"), "text outside the root element");
        assert_eq!(
            malformed("<R/><![CDATA[x]]>"),
            "CDATA outside the root element"
        );
        assert_eq!(
            malformed("<R/>&amp;"),
            "a reference outside the root element"
        );
        assert_eq!(malformed("<R>&#0;</R>"), "invalid character reference &#0;");
        assert!(malformed("<R a='1' a='2'/>").starts_with("bad attribute: "));
        let fill = |n: usize| format!("<R>{}</R>", "x".repeat(n - 7));
        assert!(parse(&fill(MAX_DOCUMENT_BYTES)).is_ok());
        assert_eq!(
            parse(&fill(MAX_DOCUMENT_BYTES + 1)).unwrap_err(),
            DocumentError::TooLarge {
                bytes: MAX_DOCUMENT_BYTES + 1,
                max: MAX_DOCUMENT_BYTES
            }
        );
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
