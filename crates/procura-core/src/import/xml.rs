//! XML reading shared by the import parsers.
