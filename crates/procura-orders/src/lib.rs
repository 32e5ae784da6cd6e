//! Orders: purchase orders planned from approved requisitions, sent exactly once (cXML, Peppol),
//! the suppliers' answers and shipments read back, and goods received.
//!
//! Pure. It knows requisitions (an order is made from them), nothing of the wire or sync.

pub mod order;
