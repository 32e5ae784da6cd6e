//! Catalog search.
