//! What a supplier answers in Peppol BIS: order responses and despatch advices.

use super::*;
use crate::order::documents::{
    self, join_notes, line_no_at, DocumentError, DocumentKind, OrderRef, SupplierMessage,
    ORDER_ID_EXTRINSIC,
};
use crate::order::{LineAck, OrderEvent, ShippedLine};
use procura_ground::date::Entered;

/// Reads a Peppol `OrderResponse` or `DespatchAdvice`. A despatch advice about several orders is
/// an error here; see [`parse_supplier_messages`].
pub fn parse_supplier_message(xml: &str) -> Result<SupplierMessage, DocumentError> {
    documents::single(parse_supplier_messages(xml)?)
}

/// Like [`parse_supplier_message`], one message per order the document is about.
pub fn parse_supplier_messages(xml: &str) -> Result<Vec<SupplierMessage>, DocumentError> {
    messages(doc_xml::parse(xml)?.root())
}

pub(crate) fn messages(root: Node<'_>) -> Result<Vec<SupplierMessage>, DocumentError> {
    expect_root(root, &["OrderResponse", "DespatchAdvice"])?;
    if root.name() == "OrderResponse" {
        order_response(root).map(|m| vec![m])
    } else {
        despatch_advice(root)
    }
}

fn order_response(root: Node<'_>) -> Result<SupplierMessage, DocumentError> {
    let document_id = root.req_text(&["ID"])?;
    root.req(&["IssueDate"])?;
    let at_ms = moment(root, "IssueDate", "IssueTime")?.unwrap_or(0);
    let code_el = root.req(&["OrderResponseCode"])?;
    let code = code_el.value();
    let order_ref = OrderRef {
        order_id: root
            .children("AdditionalDocumentReference")
            .find(|r| r.text_at(&["DocumentType"]).as_deref() == Some(ORDER_ID_EXTRINSIC))
            .and_then(|r| r.text_at(&["ID"])),
        order_number: Some(root.req_text(&["OrderReference", "ID"])?),
        payload_id: None,
    };
    let said = notes(root);
    let mut extra: Vec<String> = Vec::new();
    if let Some(period) = root.find(&["Delivery", "PromisedDeliveryPeriod"]) {
        let start = period.text_at(&["StartDate"]);
        let end = period.text_at(&["EndDate"]);
        let when = match (start, end) {
            (Some(s), Some(e)) if s != e => format!("{s} – {e}"),
            (Some(d), _) | (None, Some(d)) => d,
            (None, None) => String::new(),
        };
        if !when.is_empty() {
            extra.push(format!("promised delivery {when}"));
        }
    }
    let event = match code.as_str() {
        "RE" => Some(OrderEvent::Rejected {
            at_ms,
            reason: if said.is_empty() {
                "the supplier rejected the order".into()
            } else {
                said.clone()
            },
        }),
        "AB" => {
            extra.insert(0, "order received; the supplier has not decided yet".into());
            None
        }
        "AP" | "CA" => {
            let mut lines = Vec::new();
            for l in root.children("OrderLine") {
                if let Some(ack) = response_line(l, &mut extra)? {
                    lines.push(ack);
                }
            }
            Some(OrderEvent::Acknowledged {
                at_ms,
                lines,
                note: said.clone(),
            })
        }
        other => {
            return Err(DocumentError::Unsupported {
                path: code_el.path(),
                message: format!("order response code \"{other}\" is not one of AB, AP, RE, CA"),
            })
        }
    };
    let note = join_notes(std::iter::once(said.as_str()).chain(extra.iter().map(String::as_str)));
    Ok(SupplierMessage {
        kind: DocumentKind::PeppolOrderResponse,
        document_id,
        sender_id: endpoint(root.child("SellerSupplierParty")),
        order_ref,
        event,
        note,
    })
}

fn response_line(
    line: Node<'_>,
    notes_out: &mut Vec<String>,
) -> Result<Option<LineAck>, DocumentError> {
    let item = line.req(&["LineItem"])?;
    let line_no = match line.find(&["OrderLineReference", "LineID"]) {
        Some(id) => line_no_at(&id.path(), &id.value())?,
        None => {
            let id = item.req(&["ID"])?;
            line_no_at(&id.path(), &id.value())?
        }
    };
    let said = notes(item);
    let quantity = item
        .find(&["Quantity"])
        .map(|q| documents::quantity_at(&q.path(), &q.value()))
        .transpose()?;
    let delivery_date = match item.find(&["Delivery", "PromisedDeliveryPeriod"]) {
        Some(p) => period_date(p)?,
        None => None,
    };
    let unit_price = item.child("Price").map(price).transpose()?;
    if let Some(sub) = line.child("SellerSubstitutedLineItem") {
        let what = match (
            sub.text_at(&["Item", "SellersItemIdentification", "ID"]),
            sub.text_at(&["Item", "Name"]),
        ) {
            (Some(id), Some(name)) => format!("{id} ({name})"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => "another item".into(),
        };
        notes_out.push(format!("line {line_no}: substituted by {what}"));
    }
    let code_el = item.child("LineStatusCode");
    let code = code_el.map(Node::value).unwrap_or_default();
    if !said.is_empty() && code != "7" {
        notes_out.push(format!("line {line_no}: {said}"));
    }
    let changed = quantity.is_some() || delivery_date.is_some() || unit_price.is_some();
    Ok(match code.as_str() {
        "5" | "42" => Some(LineAck::Accepted { line_no }),
        "7" => Some(LineAck::Rejected {
            line_no,
            reason: if said.is_empty() {
                "not accepted".into()
            } else {
                said
            },
        }),
        "3" => Some(LineAck::Changed {
            line_no,
            quantity,
            delivery_date: delivery_date.map(Entered::Valid),
            unit_price,
        }),
        "1" => {
            notes_out.push(format!("line {line_no}: added by the supplier"));
            None
        }
        "" if changed => Some(LineAck::Changed {
            line_no,
            quantity,
            delivery_date: delivery_date.map(Entered::Valid),
            unit_price,
        }),
        "" => Some(LineAck::Accepted { line_no }),
        other => {
            return Err(DocumentError::Unsupported {
                path: code_el.map(|c| c.path()).unwrap_or_default(),
                message: format!("line status code \"{other}\" is not one of 1, 3, 5, 7, 42"),
            })
        }
    })
}

fn despatch_advice(root: Node<'_>) -> Result<Vec<SupplierMessage>, DocumentError> {
    let shipment_id = root.req_text(&["ID"])?;
    root.req(&["IssueDate"])?;
    let header_order = root.text_at(&["OrderReference", "ID"]);
    let shipment = root.child("Shipment");
    let despatch = shipment.and_then(|s| s.find(&["Delivery", "Despatch"]));
    let at_ms = match despatch {
        Some(d) => moment(d, "ActualDespatchDate", "ActualDespatchTime")?,
        None => None,
    }
    .or(moment(root, "IssueDate", "IssueTime")?)
    .unwrap_or(0);
    let carrier = shipment
        .and_then(|s| s.find(&["Consignment", "CarrierParty"]))
        .and_then(|c| {
            c.text_at(&["PartyName", "Name"])
                .or_else(|| c.text_at(&["PartyIdentification", "ID"]))
        })
        .unwrap_or_default();
    let tracking = shipment
        .and_then(|s| {
            s.text_at(&["Delivery", "TrackingID"])
                .or_else(|| s.text_at(&["TransportHandlingUnit", "ID"]))
                .or_else(|| {
                    s.text_at(&["ID"])
                        .filter(|id| !id.eq_ignore_ascii_case("NA"))
                })
        })
        .unwrap_or_default();
    let expected = match shipment.and_then(|s| s.find(&["Delivery", "EstimatedDeliveryPeriod"])) {
        Some(p) => period_date(p)?,
        None => None,
    };
    // Lines per order, in the order the orders first appear.
    let mut per_order: Vec<(Option<String>, Vec<ShippedLine>)> = Vec::new();
    let despatch_lines: Vec<Node<'_>> = root.children("DespatchLine").collect();
    if despatch_lines.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/DespatchLine", root.path()),
        });
    }
    for l in despatch_lines {
        let id = l.req(&["OrderLineReference", "LineID"])?;
        let line_no = line_no_at(&id.path(), &id.value())?;
        let delivered = l.req(&["DeliveredQuantity"])?;
        let quantity = documents::quantity_at(&delivered.path(), &delivered.value())?;
        let order = l
            .text_at(&["OrderLineReference", "OrderReference", "ID"])
            .or_else(|| header_order.clone());
        let slot = match per_order.iter().position(|(o, _)| *o == order) {
            Some(i) => i,
            None => {
                per_order.push((order, Vec::new()));
                per_order.len() - 1
            }
        };
        let lines = &mut per_order[slot].1;
        match lines.iter_mut().find(|s| s.line_no == line_no) {
            Some(s) => {
                s.quantity = documents::add_quantity(&delivered.path(), s.quantity, quantity)?
            }
            None => lines.push(ShippedLine { line_no, quantity }),
        }
    }
    let note = notes(root);
    let sender_id = endpoint(root.child("DespatchSupplierParty"));
    Ok(per_order
        .into_iter()
        .map(|(order, lines)| SupplierMessage {
            kind: DocumentKind::PeppolDespatchAdvice,
            document_id: shipment_id.clone(),
            sender_id: sender_id.clone(),
            order_ref: OrderRef {
                order_id: None,
                order_number: order,
                payload_id: None,
            },
            event: Some(OrderEvent::Shipped {
                at_ms,
                shipment_id: shipment_id.clone(),
                carrier: carrier.clone(),
                tracking: tracking.clone(),
                expected,
                lines,
            }),
            note: note.clone(),
        })
        .collect())
}
