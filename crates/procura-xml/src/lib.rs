//! The one XML reader (and, in [`write`], the one small writer) of Procura: catalog files (BMEcat, Peppol catalogues) and order documents
//! (cXML, Peppol BIS) are both read with it. Pure: no IO, no other Procura crate.
//!
//! What it reads into is a [`Tree`]: an arena of elements in document order (so an element's
//! subtree is one run of nodes), names interned once, children found through an index by
//! (parent, name), each element with its line. No node holds its path; a path is built from the
//! parents when asked (for an error). Reading takes time and memory linear in the input.
//!
//! Two ways to read:
//! - [`parse`]: a small document (an order, a supplier's answer) read whole into one tree;
//! - [`Reader`]: a large file streamed one element opening at a time ([`Reader::next_start`]),
//!   the chosen ones (an article, a catalogue line) read into a tree of their own
//!   ([`Reader::read`]), so memory stays bounded by the largest record, not the file.
//!
//! Safety rules, the same for both, applied while reading (nothing is ever fetched or expanded):
//! - input above the configured size is refused before parsing ([`parse`]; [`decode`] for bytes);
//! - bytes are UTF-8, or declare ISO-8859-1 / windows-1252, which are transcoded; UTF-16 and
//!   other encodings are refused ([`decode`]);
//! - a DOCTYPE may name an external DTD (it is never fetched); what its internal subset may hold
//!   is the caller's [`DoctypeRule`]: nothing at all, or no general entity and no external or
//!   nested parameter entity. Either way XXE and "billion laughs" are refused;
//! - entities are never expanded: only the five XML predefines and character references are
//!   resolved, any other `&name;` is refused;
//! - nesting is limited to [`MAX_DEPTH`], names (prefix included) to [`MAX_NAME_BYTES`], an
//!   element to [`MAX_ATTRIBUTES`] attributes (namespace declarations included), and one tree to
//!   [`Config::max_elements`] elements.
//!
//! Element and attribute names are matched on their local part, so namespace prefixes (`cac:`,
//! `cbc:`) do not matter. Errors ([`XmlError`]) are typed, with their line and the path of the
//! element they are in; each caller says them in its own words.

mod decode;
mod doctype;
mod error;
mod path;
mod reader;
mod tree;
pub mod write;

pub use decode::{decode, DecodeError};
pub use error::{DoctypeProblem, ErrorKind, XmlError};
pub use reader::{parse, Reader, Start};
pub use tree::{Children, Missing, Names, Node, Tree};

/// The deepest element nesting read (BMEcat and Peppol catalogues need about 10, cXML and UBL
/// documents about 12).
pub const MAX_DEPTH: usize = 64;
/// The longest element or attribute name read, prefix included (the longest in cXML, UBL or
/// BMEcat is under 40).
pub const MAX_NAME_BYTES: usize = 128;
/// The most attributes one element may have (namespace declarations included).
pub const MAX_ATTRIBUTES: usize = 32;

/// What a DOCTYPE's internal subset (`<!DOCTYPE x [ … ]>`) may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoctypeRule {
    /// No internal subset at all (order documents: cXML names an external DTD only).
    NoInternalSubset,
    /// No general entity (`<!ENTITY name …>`: XXE, "billion laughs"); a parameter entity
    /// (`<!ENTITY % name "…">`, usable only inside the DTD, which is never processed) only when
    /// internal and without references (the BMEcat 1.01 reference sample declares one).
    NoGeneralEntities,
}

/// How an element's path numbers siblings of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `/R/B[1]`, `/R/B[2]`, and `/R/C` alone: an index wherever siblings share a name (known
    /// once the tree is read).
    Shared,
    /// `/R/B`, `/R/B[2]`: the position among the siblings read so far, from the second on; the
    /// names listed always carry it (`ARTICLE[1]`), so a record's path is stable while streaming.
    Counted { always: &'static [&'static str] },
}

/// How one document or file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The longest text [`parse`] takes, in bytes ([`Reader`] does not check it: a file is
    /// checked as bytes by [`decode`], before transcoding).
    pub max_bytes: usize,
    /// The most elements one [`Tree`] may hold, its root included: the whole document for
    /// [`parse`], one record for [`Reader::read`].
    pub max_elements: usize,
    pub doctype: DoctypeRule,
    pub paths: PathStyle,
}
