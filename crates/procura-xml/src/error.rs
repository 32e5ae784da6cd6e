//! Why a document was not read: typed, so each caller says it in its own words (the catalog
//! import as an issue with a stable code, the order documents as a refusal or malformed-XML
//! message).

/// An error with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct XmlError {
    pub kind: ErrorKind,
    /// The line of the event the error is at (1-based); `None` for the input as a whole.
    pub line: Option<u64>,
    /// The path of the innermost element open when the error was found (`/R/A[2]`), `/` outside
    /// the root.
    pub path: String,
}

/// What is wrong. The names of elements and attributes are local names unless said otherwise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    #[error("the document has {bytes} bytes, more than the {max} accepted")]
    TooLarge { bytes: u64, max: u64 },
    /// The XML parser's own complaint (mismatched or unclosed tags, bad syntax).
    #[error("{detail}")]
    Syntax { detail: String },
    #[error("a second root element <{element}>")]
    SecondRoot { element: String },
    #[error("no root element")]
    NoRoot,
    #[error("the document ends inside an element")]
    EndsInside,
    #[error("an end tag without a start")]
    EndWithoutStart,
    #[error("text outside the root element")]
    TextOutsideRoot,
    #[error("CDATA outside the root element")]
    CdataOutsideRoot,
    #[error("a reference outside the root element")]
    ReferenceOutsideRoot,
    #[error("bad text: {detail}")]
    BadText { detail: String },
    #[error("bad CDATA: {detail}")]
    BadCdata { detail: String },
    #[error("invalid character reference &{reference};")]
    InvalidCharRef { reference: String },
    /// Any entity but the five XML predefines: never expanded, so no document can make the
    /// reader fetch a file or blow up in memory.
    #[error("unknown entity reference &{reference}; (entities are never expanded)")]
    UnknownEntity { reference: String },
    /// `start`: the name's first 32 bytes (prefix included), `bytes` its whole length.
    #[error("{} name {start}… has {bytes} bytes, more than the {max} accepted", if *.attribute { "an attribute" } else { "an element" })]
    NameTooLong {
        attribute: bool,
        start: String,
        bytes: u64,
        max: u64,
    },
    #[error("elements nested deeper than {max}")]
    TooDeep { max: u64 },
    #[error("an element <{element}> with more than {max} attributes")]
    TooManyAttributes { element: String, max: u64 },
    #[error("bad attribute: {detail}")]
    BadAttribute { detail: String },
    /// An attribute value with an unknown entity or a bad character reference.
    #[error("attribute {attribute}: {detail} (entities are never expanded)")]
    AttributeUnreadable { attribute: String, detail: String },
    /// More elements than one tree (a document, or one record) may hold.
    #[error("more than {max} elements")]
    TooManyElements { max: u64 },
    #[error("{0}")]
    Doctype(DoctypeProblem),
}

/// What a DOCTYPE declares that is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DoctypeProblem {
    /// [`crate::DoctypeRule::NoInternalSubset`]: any `[ … ]`.
    #[error("the DOCTYPE has an internal subset; DTDs that declare entities are refused (they can read local files or expand without bound)")]
    InternalSubset,
    /// `<!ENTITY name …>`: XXE or entity expansion.
    #[error("the DOCTYPE declares an entity")]
    GeneralEntity,
    /// `<!ENTITY % name SYSTEM …>`.
    #[error("the DOCTYPE declares an external parameter entity")]
    ExternalEntity,
    #[error("the DOCTYPE has a malformed entity declaration")]
    MalformedEntity,
    /// A parameter entity whose value refers to another entity.
    #[error("the DOCTYPE has an entity that refers to another")]
    EntityReference,
}
