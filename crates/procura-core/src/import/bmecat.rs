//! BMEcat 1.2 and 2005 catalogs.
