//! cXML 1.2: the `OrderRequest` Procura sends, and what suppliers answer with
//! (`ConfirmationRequest`, `ShipNoticeRequest`, `StatusUpdateRequest`).
//!
//! Writing ([`order_request`]):
//! - `Header`: `From` (buyer), `To` (supplier), `Sender` (buyer, `UserAgent` Procura) credentials;
//!   the domain comes from the id's scheme (see [`Parties`]). No `SharedSecret` is written: the
//!   endpoint adds authentication at the transport.
//! - `OrderRequestHeader orderID` = the order number, `orderDate` = [`Parties::timestamp`],
//!   `type="new"`; `Total` = Σ quantity × unit price (each line rounded to 2 decimals); `ShipTo`
//!   with the buyer's name and one `Street` per line of the ship-to text (`City` is left empty,
//!   the text being free; `Country` from [`Parties::ship_to_country`]); `BillTo` with the buyer's
//!   name; `PaymentTerm payInNumberOfDays`; the terms' note as `Comments`; the Incoterm as
//!   `TermsOfDelivery/TransportTerms@value`; the order's id as `Extrinsic name="ProcuraOrderId"`.
//! - One `ItemOut` per line: `quantity`, `lineNumber`, `requestedDeliveryDate` (need-by, at
//!   midnight UTC); `ItemID/SupplierPartID` (empty for a non-catalog line) and
//!   `SupplierPartAuxiliaryID` = the catalog item id; `ItemDetail` with `UnitPrice`, `Description`
//!   (`xml:lang` `zh` for Chinese text, else `en`), `UnitOfMeasure` (UN/ECE Rec 20 as held),
//!   `Classification domain="UNSPSC"`, the GTIN as `Extrinsic name="GTIN"`; a VAT rate other than
//!   zero as `Tax/TaxDetail percentageRate`.
//!
//! Reading supplier messages ([`parse_supplier_message`]):
//! - `ConfirmationRequest`: header type `reject` → [`OrderEvent::Rejected`] (reason: the
//!   comments); `requestToPay` → no event; any other type → [`OrderEvent::Acknowledged`], one
//!   [`LineAck`] per `ConfirmationItem`: all its `ConfirmationStatus` portions `reject` →
//!   `Rejected`; all `unknown` → not named; otherwise `Changed` when the confirmed quantity (the
//!   portions that are not `reject`/`unknown`) differs from the item's, or a portion gives a
//!   `deliveryDate` (the latest counts) or a `UnitPrice` (also inside `ItemIn/ItemDetail`), else
//!   `Accepted`. `at_ms` is `noticeDate`.
//! - `ShipNoticeRequest` → [`OrderEvent::Shipped`] per `ShipNoticePortion` (order): shipment id
//!   `shipmentID`, carrier the `CarrierIdentifier` of domain `companyName` (else the first),
//!   tracking the first `ShipmentIdentifier`, expected `deliveryDate`, lines from
//!   `ShipNoticeItem lineNumber quantity` (none: the whole order). `at_ms` is `shipmentDate`, else
//!   `noticeDate`. `operation="delete"` gives no event (the notice is withdrawn).
//! - `StatusUpdateRequest` → no event; the note is `status <code> <text>: <content>` and
//!   `order_ref.payload_id` the referenced document.
//!
//! Dates without a zone are UTC. `at_ms` falls back to the `cXML@timestamp`, else 0.

use super::documents::{
    self, cxml_credential, date_at, decimal_at, join_notes, lang_of, line_amount, line_no_at,
    money, timestamp_at, DocumentError, DocumentKind, Node, OrderRef, ParsedLine, ParsedOrder,
    Parties, SupplierMessage, XmlOut, ORDER_ID_EXTRINSIC,
};
use super::{LineAck, OrderEvent, PurchaseOrder, ShippedLine};
use rust_decimal::Decimal;

const DOCTYPE: &str =
    "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">\n";

/// The names a GTIN goes by in `ItemDetail/Extrinsic@name` or `ItemID/IdReference@domain`.
const GTIN_NAMES: &[&str] = &["GTIN", "EAN", "EAN-13", "EAN13", "UPC", "GTIN-13"];

/// The order as a cXML 1.2 `OrderRequest`.
pub fn order_request(po: &PurchaseOrder, parties: &Parties) -> String {
    let mut x = XmlOut::new(DOCTYPE);
    x.open(
        "cXML",
        &[
            ("payloadID", &parties.payload_id),
            ("timestamp", &parties.timestamp),
            ("version", "1.2.050"),
            ("xml:lang", "en"),
        ],
    );
    x.open("Header", &[]);
    for (el, id) in [("From", &parties.buyer_id), ("To", &parties.supplier_id)] {
        x.open(el, &[]);
        credential(&mut x, id);
        x.close(el);
    }
    x.open("Sender", &[]);
    credential(&mut x, &parties.buyer_id);
    x.leaf("UserAgent", &[], "Procura");
    x.close("Sender");
    x.close("Header");

    x.open("Request", &[("deploymentMode", "production")]);
    x.open("OrderRequest", &[]);
    x.open(
        "OrderRequestHeader",
        &[
            ("orderID", &po.number),
            ("orderDate", &parties.timestamp),
            ("type", "new"),
        ],
    );
    let total: Decimal = po.lines.iter().map(line_amount).sum();
    x.open("Total", &[]);
    x.leaf("Money", &[("currency", &po.currency)], &money(total));
    x.close("Total");
    x.open("ShipTo", &[]);
    ship_to_address(&mut x, po, parties);
    x.close("ShipTo");
    x.open("BillTo", &[]);
    x.open("Address", &[]);
    name(&mut x, &parties.buyer_name);
    x.close("Address");
    x.close("BillTo");
    x.empty(
        "PaymentTerm",
        &[("payInNumberOfDays", &po.terms.payment_days.to_string())],
    );
    if !po.terms.note.trim().is_empty() {
        x.leaf(
            "Comments",
            &[("xml:lang", lang_of(&po.terms.note))],
            po.terms.note.trim(),
        );
    }
    if let Some(incoterm) = po
        .terms
        .incoterm
        .as_deref()
        .filter(|i| !i.trim().is_empty())
    {
        x.open("TermsOfDelivery", &[]);
        x.empty("TermsOfDeliveryCode", &[("value", "TransportCondition")]);
        x.leaf("ShippingPaymentMethod", &[("value", "Other")], "As agreed");
        x.leaf(
            "TransportTerms",
            &[("value", incoterm.trim())],
            incoterm.trim(),
        );
        x.close("TermsOfDelivery");
    }
    x.leaf("Extrinsic", &[("name", ORDER_ID_EXTRINSIC)], &po.id);
    x.close("OrderRequestHeader");

    for line in &po.lines {
        let quantity = line.quantity.to_string();
        let line_no = line.line_no.to_string();
        let mut attrs = vec![
            ("quantity", quantity.as_str()),
            ("lineNumber", line_no.as_str()),
        ];
        let need_by = ParsedLine::from(line)
            .need_by
            .map(|d| format!("{d}T00:00:00+00:00"));
        if let Some(d) = &need_by {
            attrs.push(("requestedDeliveryDate", d));
        }
        x.open("ItemOut", &attrs);
        x.open("ItemID", &[]);
        x.leaf("SupplierPartID", &[], line.supplier_part.trim());
        if let Some(item) = line.item_id.as_deref().filter(|i| !i.trim().is_empty()) {
            x.leaf("SupplierPartAuxiliaryID", &[], item.trim());
        }
        x.close("ItemID");
        x.open("ItemDetail", &[]);
        x.open("UnitPrice", &[]);
        x.leaf(
            "Money",
            &[("currency", &po.currency)],
            &line.unit_price.to_string(),
        );
        x.close("UnitPrice");
        let description = line.description.trim();
        x.leaf(
            "Description",
            &[("xml:lang", lang_of(description))],
            description,
        );
        x.leaf("UnitOfMeasure", &[], line.unit.trim());
        x.leaf(
            "Classification",
            &[("domain", "UNSPSC")],
            line.unspsc.trim(),
        );
        if let Some(gtin) = line.gtin.as_deref().filter(|g| !g.trim().is_empty()) {
            x.leaf("Extrinsic", &[("name", "GTIN")], gtin.trim());
        }
        x.close("ItemDetail");
        if !line.tax_percent.is_zero() {
            let tax = documents::tax_amount(line);
            x.open("Tax", &[]);
            x.leaf("Money", &[("currency", &po.currency)], &money(tax));
            x.leaf("Description", &[("xml:lang", "en")], "VAT");
            x.open(
                "TaxDetail",
                &[
                    ("purpose", "tax"),
                    ("category", "vat"),
                    ("percentageRate", &line.tax_percent.to_string()),
                ],
            );
            x.open("TaxableAmount", &[]);
            x.leaf(
                "Money",
                &[("currency", &po.currency)],
                &money(line_amount(line)),
            );
            x.close("TaxableAmount");
            x.open("TaxAmount", &[]);
            x.leaf("Money", &[("currency", &po.currency)], &money(tax));
            x.close("TaxAmount");
            x.close("TaxDetail");
            x.close("Tax");
        }
        x.close("ItemOut");
    }
    x.close("OrderRequest");
    x.close("Request");
    x.close("cXML");
    x.finish()
}

fn credential(x: &mut XmlOut, id: &str) {
    let (domain, identity) = cxml_credential(id);
    x.open("Credential", &[("domain", &domain)]);
    x.leaf("Identity", &[], &identity);
    x.close("Credential");
}

fn name(x: &mut XmlOut, text: &str) {
    let text = text.trim();
    x.leaf("Name", &[("xml:lang", lang_of(text))], text);
}

fn ship_to_address(x: &mut XmlOut, po: &PurchaseOrder, parties: &Parties) {
    let country = parties
        .ship_to_country
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if country.is_empty() {
        x.open("Address", &[]);
    } else {
        x.open("Address", &[("isoCountryCode", country)]);
    }
    name(x, &parties.buyer_name);
    let lines = documents::address_lines(&po.ship_to);
    if !lines.is_empty() {
        x.open("PostalAddress", &[("name", "default")]);
        for l in lines {
            x.leaf("Street", &[], l);
        }
        x.leaf("City", &[], "");
        x.leaf("Country", &[("isoCountryCode", country)], country);
        x.close("PostalAddress");
    }
    x.close("Address");
}

/// Reads a cXML `OrderRequest`.
pub fn parse_order_request(xml: &str) -> Result<ParsedOrder, DocumentError> {
    read_order(&documents::parse(xml)?)
}

fn expect_cxml(root: &Node) -> Result<(), DocumentError> {
    if root.name == "cXML" {
        Ok(())
    } else {
        Err(DocumentError::WrongRoot {
            found: root.name.clone(),
            expected: "a cXML document".into(),
        })
    }
}

/// The request inside `cXML/Request`, by name.
fn request<'a>(root: &'a Node, want: &[&str]) -> Result<&'a Node, DocumentError> {
    let Some(req) = root.child("Request") else {
        let what = root
            .children
            .iter()
            .map(|c| c.name.as_str())
            .find(|n| *n == "Message" || *n == "Response");
        return Err(match what {
            Some(other) => DocumentError::Unsupported {
                path: format!("{}/{other}", root.path),
                message: format!("a cXML {other} is not read here; a Request is expected"),
            },
            None => DocumentError::MissingElement {
                path: format!("{}/Request", root.path),
            },
        });
    };
    let Some(inner) = req.children.first() else {
        return Err(DocumentError::MissingElement {
            path: format!("{}/{}", req.path, want.join("|")),
        });
    };
    if want.contains(&inner.name.as_str()) {
        return Ok(inner);
    }
    let message = if inner.name == "OrderRequest" {
        "an OrderRequest is a buyer's order, not a supplier message".to_owned()
    } else {
        format!(
            "a {} is not read here (expected {})",
            inner.name,
            want.join(", ")
        )
    };
    Err(DocumentError::Unsupported {
        path: inner.path.clone(),
        message,
    })
}

fn identity(root: &Node, party: &str) -> String {
    root.text_at(&["Header", party, "Credential", "Identity"])
        .unwrap_or_default()
}

/// An `Extrinsic name=…` among a node's children.
fn extrinsic(node: &Node, name: &str) -> Option<String> {
    node.children("Extrinsic")
        .find(|e| e.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(Node::value)
        .filter(|v| !v.is_empty())
}

/// The element's own text (without child elements such as `ShortName` or `Attachment`),
/// falling back to all its text.
fn own_text(node: &Node) -> String {
    let own = node.text.trim();
    if own.is_empty() {
        node.value()
    } else {
        own.to_owned()
    }
}

fn comments(node: &Node) -> String {
    join_notes(
        node.children("Comments")
            .map(|c| c.text.trim())
            .collect::<Vec<_>>(),
    )
}

pub(crate) fn read_order(root: &Node) -> Result<ParsedOrder, DocumentError> {
    expect_cxml(root)?;
    let order = request(root, &["OrderRequest"])?;
    let header = order.req(&["OrderRequestHeader"])?;
    let money = header.req(&["Total", "Money"])?;
    let currency = money.req_attr("currency")?.to_owned();
    let total = money.decimal()?;
    let ship_to_address = header.find(&["ShipTo", "Address"]);
    let postal = ship_to_address.and_then(|a| a.child("PostalAddress"));
    let ship_to = postal.map(postal_lines).unwrap_or_default();
    let ship_to_country = postal
        .and_then(|p| p.child("Country"))
        .and_then(|c| c.attr("isoCountryCode"))
        .or_else(|| ship_to_address.and_then(|a| a.attr("isoCountryCode")))
        .map(str::to_owned);
    let payment_days = match header.find(&["PaymentTerm"]) {
        None => None,
        Some(term) => {
            let days = term.req_attr("payInNumberOfDays")?;
            Some(days.parse::<u32>().map_err(|_| DocumentError::Invalid {
                path: term.attr_path("payInNumberOfDays"),
                message: format!("\"{days}\" is not a number of days"),
            })?)
        }
    };
    let header_need_by = date_at(
        &header.attr_path("requestedDeliveryDate"),
        header.attr("requestedDeliveryDate"),
    )?;
    let items: Vec<&Node> = order.children("ItemOut").collect();
    if items.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/ItemOut", order.path),
        });
    }
    let lines = items
        .iter()
        .enumerate()
        .map(|(i, item)| read_item(item, i, header_need_by.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ParsedOrder {
        order_number: header.req_attr("orderID")?.to_owned(),
        order_id: extrinsic(header, ORDER_ID_EXTRINSIC),
        order_date: header.attr("orderDate").unwrap_or_default().to_owned(),
        buyer_id: identity(root, "From"),
        supplier_id: identity(root, "To"),
        currency,
        total: Some(total),
        ship_to,
        ship_to_country,
        payment_days,
        incoterm: header
            .find(&["TermsOfDelivery", "TransportTerms"])
            .and_then(|t| t.attr("value"))
            .map(str::to_owned),
        note: comments(header),
        lines,
    })
}

/// `DeliverTo`s, `Street`s, `PostalCode City`, `State`: one line each, empty ones left out (the
/// country is read apart).
fn postal_lines(addr: &Node) -> String {
    let mut lines: Vec<String> = Vec::new();
    for n in &addr.children {
        match n.name.as_str() {
            "DeliverTo" | "Street" => lines.push(n.value()),
            _ => {}
        }
    }
    let city = join_words(&[
        addr.text_at(&["PostalCode"]).unwrap_or_default(),
        addr.text_at(&["City"]).unwrap_or_default(),
    ]);
    lines.push(city);
    lines.push(addr.text_at(&["State"]).unwrap_or_default());
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn join_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_item(
    item: &Node,
    index: usize,
    header_need_by: Option<&str>,
) -> Result<ParsedLine, DocumentError> {
    let quantity = decimal_at(&item.attr_path("quantity"), item.req_attr("quantity")?)?;
    let line_no = match item.attr("lineNumber") {
        Some(n) => line_no_at(&item.attr_path("lineNumber"), n)?,
        None => u32::try_from(index + 1).unwrap_or(u32::MAX),
    };
    let need_by = date_at(
        &item.attr_path("requestedDeliveryDate"),
        item.attr("requestedDeliveryDate"),
    )?
    .or_else(|| header_need_by.map(str::to_owned));
    let id = item.req(&["ItemID"])?;
    let supplier_part = id.req(&["SupplierPartID"])?.value();
    let item_id = id.text_at(&["SupplierPartAuxiliaryID"]);
    let detail = item.req(&["ItemDetail"])?;
    let unit_price = detail.req(&["UnitPrice", "Money"])?.decimal()?;
    let description = detail.req(&["Description"]).map(own_text)?;
    let unit = detail.req(&["UnitOfMeasure"])?.value();
    let unspsc = detail
        .children("Classification")
        .find(|c| {
            c.attr("domain")
                .is_some_and(|d| d.eq_ignore_ascii_case("UNSPSC"))
        })
        .map(Node::value)
        .unwrap_or_default();
    let gtin = GTIN_NAMES
        .iter()
        .find_map(|n| extrinsic(detail, n))
        .or_else(|| {
            id.children("IdReference")
                .find(|r| {
                    r.attr("domain")
                        .is_some_and(|d| GTIN_NAMES.iter().any(|n| n.eq_ignore_ascii_case(d)))
                })
                .and_then(|r| r.attr("identifier"))
                .map(str::to_owned)
        });
    let tax_percent = match item.find(&["Tax"]) {
        None => None,
        Some(tax) => {
            let details: Vec<&Node> = tax.children("TaxDetail").collect();
            let detail = details
                .iter()
                .find(|d| {
                    d.attr("category")
                        .is_some_and(|c| c.eq_ignore_ascii_case("vat"))
                })
                .or(details.first());
            match detail.and_then(|d| d.attr("percentageRate").map(|r| (d, r))) {
                Some((d, rate)) => {
                    Some(decimal_at(&d.attr_path("percentageRate"), rate)?).filter(|r| !r.is_zero())
                }
                None => None,
            }
        }
    };
    Ok(ParsedLine {
        line_no,
        supplier_part,
        item_id,
        gtin,
        description,
        quantity,
        unit,
        unit_price,
        tax_percent,
        need_by,
        unspsc,
    })
}

/// Reads a supplier's cXML answer: a `ConfirmationRequest`, `ShipNoticeRequest` or
/// `StatusUpdateRequest`. A ship notice about several orders is an error here; see
/// [`parse_supplier_messages`].
pub fn parse_supplier_message(xml: &str) -> Result<SupplierMessage, DocumentError> {
    documents::single(parse_supplier_messages(xml)?)
}

/// Like [`parse_supplier_message`], one message per order the document is about.
pub fn parse_supplier_messages(xml: &str) -> Result<Vec<SupplierMessage>, DocumentError> {
    messages(&documents::parse(xml)?)
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

pub(crate) fn messages(root: &Node) -> Result<Vec<SupplierMessage>, DocumentError> {
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
    match req.name.as_str() {
        "ConfirmationRequest" => confirmation(req, &env).map(|m| vec![m]),
        "ShipNoticeRequest" => ship_notice(req, &env),
        _ => status_update(req, &env).map(|m| vec![m]),
    }
}

fn order_reference(oref: &Node, order_id: Option<String>) -> OrderRef {
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

fn confirmation(req: &Node, env: &Envelope) -> Result<SupplierMessage, DocumentError> {
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
    delivery_date: Option<String>,
    unit_price: Option<Decimal>,
    substitute: Option<String>,
    comments: String,
}

fn confirmation_item(
    item: &Node,
    notes: &mut Vec<String>,
) -> Result<Option<LineAck>, DocumentError> {
    let line_no = line_no_at(&item.attr_path("lineNumber"), item.req_attr("lineNumber")?)?;
    let ordered = decimal_at(&item.attr_path("quantity"), item.req_attr("quantity")?)?;
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
            quantity: decimal_at(&s.attr_path("quantity"), s.req_attr("quantity")?)?,
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
            path: format!("{}/ConfirmationStatus", item.path),
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
    let confirmed: Decimal = kept.iter().map(|p| p.quantity).sum();
    let delivery_date = kept.iter().filter_map(|p| p.delivery_date.clone()).max();
    let unit_price = kept.iter().find_map(|p| p.unit_price);
    if confirmed == ordered && delivery_date.is_none() && unit_price.is_none() {
        return Ok(Some(LineAck::Accepted { line_no }));
    }
    Ok(Some(LineAck::Changed {
        line_no,
        quantity: (confirmed != ordered).then_some(confirmed),
        delivery_date,
        unit_price,
    }))
}

fn ship_notice(req: &Node, env: &Envelope) -> Result<Vec<SupplierMessage>, DocumentError> {
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
    let portions: Vec<&Node> = req.children("ShipNoticePortion").collect();
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
            path: format!("{}/ShipNoticePortion", req.path),
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
            let quantity = decimal_at(&item.attr_path("quantity"), item.req_attr("quantity")?)?;
            match lines.iter_mut().find(|l| l.line_no == line_no) {
                Some(l) => l.quantity += quantity,
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
                expected: expected.clone(),
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

fn status_update(req: &Node, env: &Envelope) -> Result<SupplierMessage, DocumentError> {
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
        .children
        .iter()
        .filter(|c| {
            !matches!(
                c.name.as_str(),
                "DocumentReference" | "Status" | "Extrinsic"
            )
        })
        .map(|c| match c.attr("type") {
            Some(t) => format!("{} {t}", c.name),
            None => c.name.clone(),
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
