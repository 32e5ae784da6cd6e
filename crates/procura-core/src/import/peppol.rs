//! Peppol BIS 3 Catalogue (UBL 2.1).
