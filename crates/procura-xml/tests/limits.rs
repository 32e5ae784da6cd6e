//! Every limit and refusal, each with a document just under the cap (read) and just over it
//! (refused), for a whole document ([`parse`]) and for a record streamed out of a file
//! ([`Reader`]).

use procura_xml::{
    parse, Config, DoctypeProblem, DoctypeRule, ErrorKind, PathStyle, Reader, Tree, XmlError,
    MAX_ATTRIBUTES, MAX_DEPTH, MAX_NAME_BYTES,
};

const DOCUMENT: Config = Config {
    max_bytes: 4096,
    max_elements: 100,
    doctype: DoctypeRule::NoInternalSubset,
    paths: PathStyle::Shared,
};

const RECORDS: Config = Config {
    max_bytes: usize::MAX,
    max_elements: 100,
    doctype: DoctypeRule::NoGeneralEntities,
    paths: PathStyle::Counted { always: &["A"] },
};

fn whole(xml: &str) -> Result<Tree, XmlError> {
    parse(xml, DOCUMENT)
}

/// Reads every `<A>` of a file as a record; `<R>` wraps them. The records' root values.
fn records(xml: &str) -> Result<Vec<String>, XmlError> {
    let mut reader = Reader::new(xml, RECORDS);
    let mut out = Vec::new();
    while let Some(start) = reader.next_start()? {
        if start.name == "A" {
            out.push(reader.read(start)?.root().value());
        }
    }
    Ok(out)
}

fn kind(r: Result<impl std::fmt::Debug, XmlError>) -> ErrorKind {
    r.expect_err("refused").kind
}

fn nested(name: &str, levels: usize) -> String {
    format!(
        "{}{}",
        format!("<{name}>").repeat(levels),
        format!("</{name}>").repeat(levels)
    )
}

#[test]
fn depth() {
    let max = MAX_DEPTH as u64;
    assert!(whole(&nested("a", MAX_DEPTH)).is_ok());
    assert_eq!(
        kind(whole(&nested("a", MAX_DEPTH + 1))),
        ErrorKind::TooDeep { max }
    );
    // In a file the record's ancestors count: R, then A, then the rest.
    let fits = format!("<R><A>{}</A></R>", nested("x", MAX_DEPTH - 2));
    assert_eq!(records(&fits).unwrap().len(), 1);
    let over = format!("<R><A>{}</A></R>", nested("x", MAX_DEPTH - 1));
    assert_eq!(kind(records(&over)), ErrorKind::TooDeep { max });
    // Outside records too.
    assert!(records(&nested("x", MAX_DEPTH)).is_ok());
    assert_eq!(
        kind(records(&nested("x", MAX_DEPTH + 1))),
        ErrorKind::TooDeep { max }
    );
}

#[test]
fn name_length() {
    let ok = "n".repeat(MAX_NAME_BYTES);
    let long = "n".repeat(MAX_NAME_BYTES + 1);
    let too_long = |attribute| ErrorKind::NameTooLong {
        attribute,
        start: "n".repeat(32),
        bytes: MAX_NAME_BYTES as u64 + 1,
        max: MAX_NAME_BYTES as u64,
    };
    assert_eq!(whole(&format!("<{ok}/>")).unwrap().root().name(), ok);
    assert_eq!(kind(whole(&format!("<{long}/>"))), too_long(false));
    assert!(whole(&format!("<R {ok}='1'/>")).is_ok());
    assert_eq!(kind(whole(&format!("<R {long}='1'/>"))), too_long(true));
    // The prefix counts.
    let prefixed = format!("p:{}", "n".repeat(MAX_NAME_BYTES - 2));
    assert!(whole(&format!("<{prefixed} xmlns:p='u'/>")).is_ok());
    let prefixed = format!("p:{}", "n".repeat(MAX_NAME_BYTES - 1));
    assert!(matches!(
        kind(whole(&format!("<{prefixed} xmlns:p='u'/>"))),
        ErrorKind::NameTooLong { bytes: 129, .. }
    ));
    // Inside a record and between records.
    assert!(records(&format!("<R><A><{ok}/></A><{ok}/></R>")).is_ok());
    assert_eq!(
        kind(records(&format!("<R><A><{long}/></A></R>"))),
        too_long(false)
    );
    assert_eq!(kind(records(&format!("<R><{long}/></R>"))), too_long(false));
    assert_eq!(
        kind(records(&format!("<R><A {long}='1'/></R>"))),
        too_long(true)
    );
}

#[test]
fn attributes() {
    let attrs = |n: usize| -> String { (0..n).map(|i| format!(" a{i}='1'")).collect() };
    let too_many = |element: &str| ErrorKind::TooManyAttributes {
        element: element.into(),
        max: MAX_ATTRIBUTES as u64,
    };
    let tree = whole(&format!("<R{}/>", attrs(MAX_ATTRIBUTES))).unwrap();
    assert_eq!(tree.root().attr("a31"), Some("1"));
    assert_eq!(
        kind(whole(&format!("<R{}/>", attrs(MAX_ATTRIBUTES + 1)))),
        too_many("R")
    );
    // Namespace declarations count, and are not attributes.
    let with_ns = format!("<R xmlns='u' xmlns:p='v'{}/>", attrs(MAX_ATTRIBUTES - 2));
    let tree = whole(&with_ns).unwrap();
    assert_eq!(tree.root().attr("xmlns"), None);
    assert_eq!(tree.root().attr("p"), None);
    let with_ns = format!("<R xmlns='u' xmlns:p='v'{}/>", attrs(MAX_ATTRIBUTES - 1));
    assert_eq!(kind(whole(&with_ns)), too_many("R"));
    // In records.
    let fits = format!("<R><A{0}><b{0}/></A></R>", attrs(MAX_ATTRIBUTES));
    assert!(records(&fits).is_ok());
    let over = format!("<R><A><b{}/></A></R>", attrs(MAX_ATTRIBUTES + 1));
    assert_eq!(kind(records(&over)), too_many("b"));
    let over = format!("<R><A{}/></R>", attrs(MAX_ATTRIBUTES + 1));
    assert_eq!(kind(records(&over)), too_many("A"));
}

#[test]
fn elements_per_tree() {
    let max = DOCUMENT.max_elements;
    let doc = |n: usize| format!("<R>{}</R>", "<b/>".repeat(n - 1));
    assert_eq!(whole(&doc(max)).unwrap().len(), max);
    assert_eq!(
        kind(whole(&doc(max + 1))),
        ErrorKind::TooManyElements { max: max as u64 }
    );
    // A record counts its own elements only: many records of the most each are read.
    let record = |n: usize| format!("<A>{}</A>", "<b/>".repeat(n - 1));
    let file = format!("<R>{}</R>", record(RECORDS.max_elements).repeat(5));
    assert_eq!(records(&file).unwrap().len(), 5);
    let file = format!("<R>{}{}</R>", record(3), record(RECORDS.max_elements + 1));
    let err = records(&file).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooManyElements { max: 100 });
    assert_eq!(err.path, "/R/A[2]");
}

#[test]
fn size() {
    let fill = |n: usize| format!("<R>{}</R>", "x".repeat(n - 7));
    assert!(whole(&fill(DOCUMENT.max_bytes)).is_ok());
    let err = whole(&fill(DOCUMENT.max_bytes + 1)).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::TooLarge {
            bytes: 4097,
            max: 4096
        }
    );
    assert_eq!(err.line, None);
}

#[test]
fn entities_are_never_expanded() {
    let unknown = ErrorKind::UnknownEntity {
        reference: "xxe".into(),
    };
    assert_eq!(kind(whole("<R>&xxe;</R>")), unknown);
    assert_eq!(kind(records("<R><A>&xxe;</A></R>")), unknown);
    // Also where no record is read, and outside the root.
    assert_eq!(kind(records("<R>&xxe;</R>")), unknown);
    assert_eq!(kind(whole("<R/>&xxe;")), unknown);
    assert!(matches!(
        kind(whole("<R a='&xxe;'/>")),
        ErrorKind::AttributeUnreadable { attribute, .. } if attribute == "a"
    ));
    assert_eq!(
        kind(whole("<R>&#0;</R>")),
        ErrorKind::InvalidCharRef {
            reference: "#0".into()
        }
    );
    let tree = whole("<R>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;<![CDATA[&xxe;]]></R>").unwrap();
    assert_eq!(tree.root().text(), "<>&'\"AB&xxe;");
}

#[test]
fn xxe_and_billion_laughs_are_refused_by_either_doctype_rule() {
    let xxe = "<!DOCTYPE R [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><R>&xxe;</R>";
    let laughs = "<!DOCTYPE R [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;\">]><R>&b;</R>";
    for doc in [xxe, laughs] {
        assert_eq!(
            kind(whole(doc)),
            ErrorKind::Doctype(DoctypeProblem::InternalSubset)
        );
        assert_eq!(
            kind(records(doc)),
            ErrorKind::Doctype(DoctypeProblem::GeneralEntity)
        );
    }
    let external = "<!DOCTYPE R [<!ENTITY % p SYSTEM \"http://x/p.dtd\"> %p;]><R/>";
    assert_eq!(
        kind(records(external)),
        ErrorKind::Doctype(DoctypeProblem::ExternalEntity)
    );
    // What each rule lets through: an external DTD (never fetched); for files, a plain
    // parameter entity (the BMEcat 1.01 sample).
    let cxml = "<!DOCTYPE R SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\"><R/>";
    assert!(whole(cxml).is_ok());
    assert!(records(cxml).is_ok());
    let plain = "<!DOCTYPE R [<!ENTITY % U \"(A?)\"> <!ELEMENT R ANY>]><R><A>1</A></R>";
    assert_eq!(records(plain).unwrap(), ["1"]);
    assert_eq!(
        kind(whole(plain)),
        ErrorKind::Doctype(DoctypeProblem::InternalSubset)
    );
}

#[test]
fn shape() {
    assert_eq!(
        kind(whole("<R/><S/>")),
        ErrorKind::SecondRoot {
            element: "S".into()
        }
    );
    assert_eq!(kind(records("<R/><S/>")), kind(whole("<R/><S/>")));
    assert_eq!(kind(whole("")), ErrorKind::NoRoot);
    assert_eq!(kind(whole("<!-- only -->")), ErrorKind::NoRoot);
    assert_eq!(kind(whole("<R>")), ErrorKind::EndsInside);
    let err = records("<R><A><b>").unwrap_err();
    assert_eq!(
        (err.kind, err.path.as_str()),
        (ErrorKind::EndsInside, "/R/A[1]/b")
    );
    assert_eq!(kind(records("<R><Q>")), ErrorKind::EndsInside);
    assert_eq!(kind(whole("x<R/>")), ErrorKind::TextOutsideRoot);
    assert_eq!(kind(whole("<R/>x")), ErrorKind::TextOutsideRoot);
    assert!(whole(" \n<R/>\n<!-- c --> <?pi x?>\n").is_ok());
    assert_eq!(
        kind(whole("<R/><![CDATA[x]]>")),
        ErrorKind::CdataOutsideRoot
    );
    assert_eq!(kind(whole("<R/>&amp;")), ErrorKind::ReferenceOutsideRoot);
    assert!(matches!(kind(whole("<R></S>")), ErrorKind::Syntax { .. }));
    assert!(matches!(
        kind(whole("<R a='1' a='2'/>")),
        ErrorKind::BadAttribute { .. }
    ));
}

#[test]
fn errors_name_their_line_and_element() {
    let err = whole("<R>\n<A>\n</B></R>").unwrap_err();
    assert_eq!(err.line, Some(3));
    let err = records("<R>\n<A>\n<b>&nope;</b></A></R>").unwrap_err();
    assert_eq!((err.line, err.path.as_str()), (Some(3), "/R/A[1]/b"));
    let err = records("<R>\n<A/>\n<A>\n</B></A></R>").unwrap_err();
    assert_eq!((err.line, err.path.as_str()), (Some(4), "/R/A[2]"));
}
