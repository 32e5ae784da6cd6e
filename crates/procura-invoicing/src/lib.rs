//! Invoicing, sans-IO: what the organisation owes its suppliers.
//!
//! * [`documents`]: supplier invoices and credit notes read from and written as cXML
//!   `InvoiceDetailRequest` and Peppol BIS Billing 3.0 `Invoice`/`CreditNote`.
//! * [`invoice`]: the supplier invoice and credit note records (what the document said, which
//!   order it is against, who decided its exceptions) and their rules: recorded once per
//!   supplier and number, typed in only by accounts payable, decided by accounts payable or a
//!   buyer who did not request the goods.
//! * [`matching`]: two- and three-way matching per order line, cumulative over every invoice
//!   and credit note on the order, against what was *accepted* on receipt, within the
//!   organisation's tolerances; each document's status follows from it and the decisions.
//! * [`payment`]: due dates from payment terms and the list of invoices ready for payment.
//!
//! * [`returns`]: returns and claims against receipts, and what they take off what is payable.
//! * [`contracts`]: framework agreements: their prices in force, the ceiling and what orders
//!   consume of it, and the alerts before expiry or when the ceiling is nearly used.
//!
//! Nothing here reads a clock: the time and the day are arguments.

pub mod contracts;
pub mod documents;
pub mod invoice;
pub mod matching;
pub mod payment;
pub mod returns;
