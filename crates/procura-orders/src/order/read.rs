//! Reading an order document of either format, told apart by its root element.

use super::doc_xml::parse;
use super::documents::{self, DocumentError, ParsedOrder, SupplierMessage};
use super::{cxml, peppol};

/// Reads a supplier's answer in either format, told apart by the root element: `cXML`
/// (ConfirmationRequest, ShipNoticeRequest, StatusUpdateRequest) or UBL `OrderResponse` /
/// `DespatchAdvice` (Peppol BIS 3). A document about several orders is an error here; see
/// [`parse_supplier_messages`].
pub fn parse_supplier_document(xml: &str) -> Result<SupplierMessage, DocumentError> {
    documents::single(parse_supplier_messages(xml)?)
}

/// Like [`parse_supplier_document`], but a document about several orders (a cXML ship notice
/// with several `ShipNoticePortion`s, a despatch advice whose lines name several orders) gives one
/// message per order.
pub fn parse_supplier_messages(xml: &str) -> Result<Vec<SupplierMessage>, DocumentError> {
    let doc = parse(xml)?;
    let root = doc.root();
    match root.name() {
        "cXML" => cxml::messages(root),
        "OrderResponse" | "DespatchAdvice" => peppol::messages(root),
        "Order" => Err(DocumentError::WrongRoot {
            found: root.name().to_owned(),
            expected: "a supplier message (a buyer's Order is not one)".into(),
        }),
        other => Err(DocumentError::WrongRoot {
            found: other.to_owned(),
            expected: "a supplier message (cXML, or UBL OrderResponse or DespatchAdvice)".into(),
        }),
    }
}

/// Reads an order in either format: a cXML `OrderRequest` or a Peppol BIS `Order`.
pub fn parse_order_document(xml: &str) -> Result<ParsedOrder, DocumentError> {
    let doc = parse(xml)?;
    let root = doc.root();
    match root.name() {
        "cXML" => cxml::read_order(root),
        "Order" => peppol::read_order(root),
        other => Err(DocumentError::WrongRoot {
            found: other.to_owned(),
            expected: "an order (cXML OrderRequest or UBL Order)".into(),
        }),
    }
}
