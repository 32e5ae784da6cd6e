//! What a supplier answers in cXML: confirmations, ship notices, status updates.

use super::*;
use crate::order::documents::{
    self, add_quantity, date_at, join_notes, line_no_at, quantity_at, timestamp_at, DocumentError,
    DocumentKind, OrderRef, SupplierMessage, ORDER_ID_EXTRINSIC,
};
use crate::order::{LineAck, OrderEvent, ShippedLine};
use procura_ground::date::{Date, Entered};
use rust_decimal::Decimal;

/// Reads a supplier's cXML answer: a `ConfirmationRequest`, `ShipNoticeRequest` or
/// `StatusUpdateRequest`. A ship notice about several orders is an error here; see
/// [`parse_supplier_messages`].
pub fn parse_supplier_message(xml: &str) -> Result<SupplierMessage, DocumentError> {
    documents::single(parse_supplier_messages(xml)?)
}

/// Like [`parse_supplier_message`], one message per order the document is about.
pub fn parse_supplier_messages(xml: &str) -> Result<Vec<SupplierMessage>, DocumentError> {
    messages(doc_xml::parse(xml)?.root())
}

/// What every message from one document shares.
struct Envelope {
    document_id: String,
    sender_id: String,
    at_ms: Option<i64>,
}

impl Envelope {
    fn message(
        &self,
        kind: DocumentKind,
        order_ref: OrderRef,
        event: Option<OrderEvent>,
        note: String,
    ) -> SupplierMessage {
        SupplierMessage {
            kind,
            document_id: self.document_id.clone(),
            sender_id: self.sender_id.clone(),
            order_ref,
            event,
            note,
        }
    }
}

pub(crate) fn messages(root: Node<'_>) -> Result<Vec<SupplierMessage>, DocumentError> {
    expect_cxml(root)?;
    let req = request(
        root,
        &[
            "ConfirmationRequest",
            "ShipNoticeRequest",
            "StatusUpdateRequest",
        ],
    )?;
    let env = Envelope {
        document_id: root.req_attr("payloadID")?.to_owned(),
        sender_id: identity(root, "From"),
        at_ms: timestamp_at(&root.attr_path("timestamp"), root.attr("timestamp"))?,
    };
    match req.name() {
        "ConfirmationRequest" => confirmation(req, &env).map(|m| vec![m]),
        "ShipNoticeRequest" => ship_notice(req, &env),
        _ => status_update(req, &env).map(|m| vec![m]),
    }
}

fn order_reference(oref: Node<'_>, order_id: Option<String>) -> OrderRef {
    OrderRef {
        order_id,
        order_number: oref.attr("orderID").map(str::to_owned),
        payload_id: oref
            .find(&["DocumentReference"])
            .and_then(|d| d.attr("payloadID"))
            .map(str::to_owned),
    }
}

const CONFIRMATION_TYPES: &[&str] = &[
    "accept",
    "allDetail",
    "detail",
    "backordered",
    "except",
    "reject",
    "requestToPay",
    "replace",
];

const STATUS_TYPES: &[&str] = &[
    "accept",
    "allDetail",
    "detail",
    "backordered",
    "reject",
    "unknown",
    "requestToPay",
];

fn confirmation(req: Node<'_>, env: &Envelope) -> Result<SupplierMessage, DocumentError> {
    let header = req.req(&["ConfirmationHeader"])?;
    let kind = header.req_attr("type")?;
    if !CONFIRMATION_TYPES.contains(&kind) {
        return Err(DocumentError::Invalid {
            path: header.attr_path("type"),
            message: format!(
                "confirmation type \"{kind}\" is not one of {}",
                CONFIRMATION_TYPES.join(", ")
            ),
        });
    }
    let at_ms = timestamp_at(&header.attr_path("noticeDate"), header.attr("noticeDate"))?
        .or(env.at_ms)
        .unwrap_or(0);
    let oref = req.req(&["OrderReference"])?;
    let order_ref = order_reference(oref, extrinsic(header, ORDER_ID_EXTRINSIC));
    let mut notes: Vec<String> = Vec::new();
    if header.attr("operation") == Some("update") {
        notes.push("updated confirmation".into());
    }
    if let Some(id) = header.attr("confirmID") {
        notes.push(format!("confirmation {id}"));
    }
    let said = comments(header);
    let event = match kind {
        "reject" => Some(OrderEvent::Rejected {
            at_ms,
            reason: if said.is_empty() {
                "the supplier rejected the order".into()
            } else {
                said.clone()
            },
        }),
        "requestToPay" => {
            notes.push("request to pay (not an order confirmation)".into());
            None
        }
        _ => {
            if kind == "backordered" {
                notes.push("the whole order is backordered".into());
            }
            let mut lines = Vec::new();
            for item in req.children("ConfirmationItem") {
                if let Some(ack) = confirmation_item(item, &mut notes)? {
                    lines.push(ack);
                }
            }
            Some(OrderEvent::Acknowledged {
                at_ms,
                lines,
                note: said.clone(),
            })
        }
    };
    notes.insert(0, said);
    Ok(env.message(
        DocumentKind::CxmlConfirmation,
        order_ref,
        event,
        join_notes(notes.iter().map(String::as_str)),
    ))
}

struct Portion {
    kind: String,
    quantity: Decimal,
    delivery_date: Option<Date>,
    unit_price: Option<Decimal>,
    substitute: Option<String>,
    comments: String,
}

fn confirmation_item(
    item: Node<'_>,
    notes: &mut Vec<String>,
) -> Result<Option<LineAck>, DocumentError> {
    let line_no = line_no_at(&item.attr_path("lineNumber"), item.req_attr("lineNumber")?)?;
    let ordered = quantity_at(&item.attr_path("quantity"), item.req_attr("quantity")?)?;
    let mut portions = Vec::new();
    for s in item.children("ConfirmationStatus") {
        let kind = s.req_attr("type")?;
        if !STATUS_TYPES.contains(&kind) {
            return Err(DocumentError::Invalid {
                path: s.attr_path("type"),
                message: format!(
                    "confirmation status \"{kind}\" is not one of {}",
                    STATUS_TYPES.join(", ")
                ),
            });
        }
        let price = s
            .find(&["UnitPrice", "Money"])
            .or_else(|| s.find(&["ItemIn", "ItemDetail", "UnitPrice", "Money"]));
        portions.push(Portion {
            kind: kind.to_owned(),
            quantity: quantity_at(&s.attr_path("quantity"), s.req_attr("quantity")?)?,
            delivery_date: date_at(&s.attr_path("deliveryDate"), s.attr("deliveryDate"))?,
            unit_price: price.map(Node::decimal).transpose()?,
            substitute: s
                .find(&["ItemIn", "ItemID", "SupplierPartID"])
                .map(Node::value)
                .filter(|v| !v.is_empty()),
            comments: comments(s),
        });
    }
    if portions.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/ConfirmationStatus", item.path()),
        });
    }
    let said = join_notes(portions.iter().map(|p| p.comments.as_str()));
    if portions.iter().all(|p| p.kind == "reject") {
        return Ok(Some(LineAck::Rejected {
            line_no,
            reason: if said.is_empty() {
                "rejected".into()
            } else {
                said
            },
        }));
    }
    let kept: Vec<&Portion> = portions
        .iter()
        .filter(|p| p.kind != "reject" && p.kind != "unknown")
        .collect();
    if kept.is_empty() {
        return Ok(None);
    }
    if !said.is_empty() {
        notes.push(format!("line {line_no}: {said}"));
    }
    for p in &kept {
        if let Some(part) = &p.substitute {
            notes.push(format!(
                "line {line_no}: the supplier offers {part} instead"
            ));
        }
        if p.kind == "backordered" {
            notes.push(format!("line {line_no}: {} backordered", p.quantity));
        }
    }
    let confirmed = kept.iter().try_fold(Decimal::ZERO, |sum, p| {
        add_quantity(&item.path(), sum, p.quantity)
    })?;
    let delivery_date = kept.iter().filter_map(|p| p.delivery_date).max();
    let unit_price = kept.iter().find_map(|p| p.unit_price);
    if confirmed == ordered && delivery_date.is_none() && unit_price.is_none() {
        return Ok(Some(LineAck::Accepted { line_no }));
    }
    Ok(Some(LineAck::Changed {
        line_no,
        quantity: (confirmed != ordered).then_some(confirmed),
        delivery_date: delivery_date.map(Entered::Valid),
        unit_price,
    }))
}

fn ship_notice(req: Node<'_>, env: &Envelope) -> Result<Vec<SupplierMessage>, DocumentError> {
    let header = req.req(&["ShipNoticeHeader"])?;
    let shipment_id = header.req_attr("shipmentID")?.to_owned();
    let operation = header.attr("operation").unwrap_or("new");
    let at_ms = timestamp_at(
        &header.attr_path("shipmentDate"),
        header.attr("shipmentDate"),
    )?
    .or(timestamp_at(
        &header.attr_path("noticeDate"),
        header.attr("noticeDate"),
    )?)
    .or(env.at_ms)
    .unwrap_or(0);
    let expected = date_at(
        &header.attr_path("deliveryDate"),
        header.attr("deliveryDate"),
    )?;
    let control = req.child("ShipControl");
    let carrier = control
        .and_then(|c| {
            c.children("CarrierIdentifier")
                .find(|i| {
                    i.attr("domain")
                        .is_some_and(|d| d.eq_ignore_ascii_case("companyName"))
                })
                .or_else(|| c.child("CarrierIdentifier"))
        })
        .map(Node::value)
        .unwrap_or_default();
    let tracking = control
        .and_then(|c| c.text_at(&["ShipmentIdentifier"]))
        .unwrap_or_default();
    let header_order_id = extrinsic(header, ORDER_ID_EXTRINSIC);
    let header_notes = comments(header);
    let portions: Vec<Node<'_>> = req.children("ShipNoticePortion").collect();
    if portions.is_empty() {
        if operation == "delete" {
            let note = join_notes([
                format!("ship notice {shipment_id} withdrawn").as_str(),
                &header_notes,
            ]);
            let order_ref = OrderRef {
                order_id: header_order_id,
                ..OrderRef::default()
            };
            return Ok(vec![env.message(
                DocumentKind::CxmlShipNotice,
                order_ref,
                None,
                note,
            )]);
        }
        return Err(DocumentError::MissingElement {
            path: format!("{}/ShipNoticePortion", req.path()),
        });
    }
    let mut out = Vec::new();
    for portion in portions {
        let oref = portion.req(&["OrderReference"])?;
        let order_id = extrinsic(portion, ORDER_ID_EXTRINSIC).or_else(|| header_order_id.clone());
        let order_ref = order_reference(oref, order_id);
        let mut lines: Vec<ShippedLine> = Vec::new();
        for item in portion.children("ShipNoticeItem") {
            let line_no = line_no_at(&item.attr_path("lineNumber"), item.req_attr("lineNumber")?)?;
            let path = item.attr_path("quantity");
            let quantity = quantity_at(&path, item.req_attr("quantity")?)?;
            match lines.iter_mut().find(|l| l.line_no == line_no) {
                Some(l) => l.quantity = add_quantity(&path, l.quantity, quantity)?,
                None => lines.push(ShippedLine { line_no, quantity }),
            }
        }
        let mut notes = vec![header_notes.clone(), comments(portion)];
        let event = if operation == "delete" {
            notes.insert(0, format!("ship notice {shipment_id} withdrawn"));
            None
        } else {
            if operation == "update" {
                notes.insert(0, format!("ship notice {shipment_id} updated"));
            }
            if lines.is_empty() {
                notes.push("the whole order is in this shipment".into());
            }
            Some(OrderEvent::Shipped {
                at_ms,
                shipment_id: shipment_id.clone(),
                carrier: carrier.clone(),
                tracking: tracking.clone(),
                expected,
                lines,
            })
        };
        out.push(env.message(
            DocumentKind::CxmlShipNotice,
            order_ref,
            event,
            join_notes(notes.iter().map(String::as_str)),
        ));
    }
    Ok(out)
}

fn status_update(req: Node<'_>, env: &Envelope) -> Result<SupplierMessage, DocumentError> {
    let status = req.req(&["Status"])?;
    let code = status.req_attr("code")?;
    let text = status.attr("text").unwrap_or_default();
    let content = status.value();
    let mut note = join_words(&[format!("status {code}"), text.to_owned()]);
    if !content.is_empty() {
        note.push_str(": ");
        note.push_str(&content);
    }
    let details: Vec<String> = req
        .all_children()
        .filter(|c| !matches!(c.name(), "DocumentReference" | "Status" | "Extrinsic"))
        .map(|c| match c.attr("type") {
            Some(t) => format!("{} {t}", c.name()),
            None => c.name().to_owned(),
        })
        .collect();
    let note = join_notes(std::iter::once(note.as_str()).chain(details.iter().map(String::as_str)));
    let order_ref = OrderRef {
        order_id: extrinsic(req, ORDER_ID_EXTRINSIC),
        order_number: None,
        payload_id: req
            .find(&["DocumentReference"])
            .and_then(|d| d.attr("payloadID"))
            .map(str::to_owned),
    };
    Ok(env.message(DocumentKind::CxmlStatusUpdate, order_ref, None, note))
}
