//! Peppol BIS 3 Ordering (UBL 2.1): the `Order` Procura sends, and the supplier's
//! `OrderResponse` and `DespatchAdvice`.
//!
//! Writing ([`order`]): `CustomizationID` `urn:fdc:peppol.eu:poacc:trns:order:3`, `ProfileID`
//! `urn:fdc:peppol.eu:poacc:bis:ordering:3`, `ID` = the order number, `IssueDate`/`IssueTime` from
//! [`Parties::timestamp`], `OrderTypeCode` 220, the terms' note as `Note`,
//! `DocumentCurrencyCode`; the order's id as `AdditionalDocumentReference` (`ID` = the id,
//! `DocumentType` = `ProcuraOrderId`); the contract as `Contract/ID` when the order's contract
//! lines are all under one; buyer and seller parties with `EndpointID schemeID` (see
//! [`Parties`] for schemes), `PartyIdentification`, `PartyName`, `PartyLegalEntity`; the ship-to in
//! `Delivery/DeliveryLocation/Address` (first line `StreetName`, second `AdditionalStreetName`, the
//! rest one `AddressLine/Line`; `Country` from [`Parties::ship_to_country`]); the Incoterm as
//! `DeliveryTerms/ID`; `PaymentTerms/Note` `Net <n> days`; `TaxTotal` when a line has VAT;
//! `AnticipatedMonetaryTotal`. Each `OrderLine/LineItem`: `ID` (line number), `Quantity unitCode`,
//! `LineExtensionAmount` (quantity × price, 2 decimals), `Delivery/RequestedDeliveryPeriod/
//! EndDate` (need-by), `Price/PriceAmount`, `Item` with `Name`, `BuyersItemIdentification` (the
//! catalog item id), `SellersItemIdentification` (the SKU; none for a non-catalog line),
//! `StandardItemIdentification schemeID="0160"` (GTIN), `CommodityClassification/
//! ItemClassificationCode listID="TST"` (UNSPSC in UNCL 7143; `STI` there is CPV) and
//! `ClassifiedTaxCategory` (`S` and the rate) when the VAT rate is not zero.
//!
//! Reading: UNSPSC is recognised by `listID` `TST`, `MP` (as the official examples use it) or a
//! `listName` naming UNSPSC. Prices are `PriceAmount ÷ BaseQuantity`.
//!
//! - `OrderResponse` (`OrderResponseCode`): `AP` → [`OrderEvent::Acknowledged`] (lines named are
//!   read as below); `RE` → [`OrderEvent::Rejected`] (reason: the notes); `CA` →
//!   `Acknowledged` with one [`LineAck`] per `OrderLine`, the line being
//!   `OrderLineReference/LineID` (else `LineItem/ID`), by `LineStatusCode`: `5` (or `42`, already
//!   delivered) → `Accepted`; `7` → `Rejected` (reason: the line's note); `3` (or none but a
//!   change) → `Changed` with the line's `Quantity`, `Delivery/PromisedDeliveryPeriod/EndDate`
//!   (else `StartDate`) and price as given; `1` (a line the supplier added) → only noted.
//!   Substituted items and the header's promised delivery period go to the note. `AB` (received,
//!   no decision yet) → no event. `at_ms` is `IssueDate` + `IssueTime`.
//! - `DespatchAdvice` → [`OrderEvent::Shipped`]: shipment id `ID`; lines from `DespatchLine`
//!   (`OrderLineReference/LineID`, `DeliveredQuantity`), one message per order the lines name
//!   (`OrderLineReference/OrderReference/ID`, else the header's `OrderReference/ID`); carrier
//!   `Shipment/Consignment/CarrierParty/PartyName/Name` (else its `PartyIdentification/ID`);
//!   tracking `Shipment/Delivery/TrackingID`, else the first `TransportHandlingUnit/ID`, else
//!   `Shipment/ID` (unless `NA`); expected `Shipment/Delivery/EstimatedDeliveryPeriod/EndDate`
//!   (else `StartDate`). `at_ms` is `Shipment/Delivery/Despatch/ActualDespatchDate` (+ time), else
//!   `IssueDate` + `IssueTime`.
//!
//! Times without a zone are UTC.

use super::doc_xml::{self, Node, Required, XmlOut};
use super::documents::{
    self, date_at, join_notes, line_amount, line_no_at, money, parse_timestamp_ms, peppol_endpoint,
    tax_amount, DocumentError, ParsedLine, ParsedOrder, Parties, ORDER_ID_EXTRINSIC,
};
use super::PurchaseOrder;
use procura_ground::date::{self, Date};
use rust_decimal::Decimal;

pub const CUSTOMIZATION_ID: &str = "urn:fdc:peppol.eu:poacc:trns:order:3";
pub const PROFILE_ID: &str = "urn:fdc:peppol.eu:poacc:bis:ordering:3";

const NS_ORDER: &str = "urn:oasis:names:specification:ubl:schema:xsd:Order-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// The order as a Peppol BIS 3 `Order`.
pub fn order(po: &PurchaseOrder, parties: &Parties) -> String {
    let mut x = XmlOut::new("");
    x.open(
        "Order",
        &[
            ("xmlns", NS_ORDER),
            ("xmlns:cac", NS_CAC),
            ("xmlns:cbc", NS_CBC),
        ],
    );
    x.leaf("cbc:CustomizationID", &[], CUSTOMIZATION_ID);
    x.leaf("cbc:ProfileID", &[], PROFILE_ID);
    x.leaf("cbc:ID", &[], &po.number);
    let stamp = date::moment_text(parties.timestamp);
    let stamp = stamp.as_str();
    let (date, time) = match stamp.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (stamp, None),
    };
    x.leaf("cbc:IssueDate", &[], date);
    if let Some(t) = time.filter(|t| !t.is_empty()) {
        x.leaf("cbc:IssueTime", &[], t);
    }
    x.leaf("cbc:OrderTypeCode", &[], "220");
    if !po.terms.note.trim().is_empty() {
        x.leaf("cbc:Note", &[], po.terms.note.trim());
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], &po.currency);
    x.open("cac:AdditionalDocumentReference", &[]);
    x.leaf("cbc:ID", &[], po.id.as_str());
    x.leaf("cbc:DocumentType", &[], ORDER_ID_EXTRINSIC);
    x.close("cac:AdditionalDocumentReference");
    // The order's contract, when its contract lines are all under one (BIS Order has one
    // contract reference, at the header).
    if let Some(contract) = super::contract_of(po) {
        x.open("cac:Contract", &[]);
        x.leaf("cbc:ID", &[], contract.number.trim());
        x.close("cac:Contract");
    }
    party(
        &mut x,
        "cac:BuyerCustomerParty",
        &parties.buyer_id,
        &parties.buyer_name,
    );
    party(
        &mut x,
        "cac:SellerSupplierParty",
        &parties.supplier_id,
        &parties.supplier_name,
    );
    delivery(&mut x, po, parties);
    if let Some(incoterm) = po
        .terms
        .incoterm
        .as_deref()
        .filter(|i| !i.trim().is_empty())
    {
        x.open("cac:DeliveryTerms", &[]);
        x.leaf("cbc:ID", &[], incoterm.trim());
        x.close("cac:DeliveryTerms");
    }
    x.open("cac:PaymentTerms", &[]);
    x.leaf(
        "cbc:Note",
        &[],
        &format!("Net {} days", po.terms.payment_days),
    );
    x.close("cac:PaymentTerms");
    let cur = [("currencyID", po.currency.as_str())];
    let c = po.currency.as_str();
    let net = documents::total(po.lines.iter().map(|l| line_amount(l, c)));
    let tax = documents::total(po.lines.iter().map(|l| tax_amount(l, c)));
    let taxed = po.lines.iter().any(|l| !l.tax_percent.is_zero());
    if taxed {
        x.open("cac:TaxTotal", &[]);
        x.leaf("cbc:TaxAmount", &cur, &money(tax, c));
        x.close("cac:TaxTotal");
    }
    x.open("cac:AnticipatedMonetaryTotal", &[]);
    x.leaf("cbc:LineExtensionAmount", &cur, &money(net, c));
    if taxed {
        x.leaf("cbc:TaxExclusiveAmount", &cur, &money(net, c));
        x.leaf(
            "cbc:TaxInclusiveAmount",
            &cur,
            &money(documents::total([net, tax]), c),
        );
    }
    x.leaf(
        "cbc:PayableAmount",
        &cur,
        &money(documents::total([net, tax]), c),
    );
    x.close("cac:AnticipatedMonetaryTotal");
    for line in &po.lines {
        let parsed = ParsedLine::from(line);
        x.open("cac:OrderLine", &[]);
        x.open("cac:LineItem", &[]);
        x.leaf("cbc:ID", &[], &line.line_no.to_string());
        x.leaf(
            "cbc:Quantity",
            &[("unitCode", parsed.unit.as_str())],
            &line.quantity.to_string(),
        );
        x.leaf(
            "cbc:LineExtensionAmount",
            &cur,
            &money(line_amount(line, c), c),
        );
        if let Some(need_by) = &parsed.need_by {
            x.open("cac:Delivery", &[]);
            x.open("cac:RequestedDeliveryPeriod", &[]);
            x.leaf("cbc:EndDate", &[], &need_by.to_string());
            x.close("cac:RequestedDeliveryPeriod");
            x.close("cac:Delivery");
        }
        x.open("cac:Price", &[]);
        x.leaf("cbc:PriceAmount", &cur, &line.unit_price.to_string());
        x.close("cac:Price");
        x.open("cac:Item", &[]);
        x.leaf("cbc:Name", &[], &parsed.description);
        if let Some(item) = &parsed.item_id {
            x.open("cac:BuyersItemIdentification", &[]);
            x.leaf("cbc:ID", &[], item);
            x.close("cac:BuyersItemIdentification");
        }
        if !parsed.supplier_part.is_empty() {
            x.open("cac:SellersItemIdentification", &[]);
            x.leaf("cbc:ID", &[], &parsed.supplier_part);
            x.close("cac:SellersItemIdentification");
        }
        if let Some(gtin) = &parsed.gtin {
            x.open("cac:StandardItemIdentification", &[]);
            x.leaf("cbc:ID", &[("schemeID", "0160")], gtin);
            x.close("cac:StandardItemIdentification");
        }
        if !parsed.unspsc.is_empty() {
            x.open("cac:CommodityClassification", &[]);
            x.leaf(
                "cbc:ItemClassificationCode",
                &[("listID", "TST")],
                &parsed.unspsc,
            );
            x.close("cac:CommodityClassification");
        }
        if let Some(rate) = parsed.tax_percent {
            x.open("cac:ClassifiedTaxCategory", &[]);
            x.leaf("cbc:ID", &[], "S");
            x.leaf("cbc:Percent", &[], &rate.to_string());
            x.open("cac:TaxScheme", &[]);
            x.leaf("cbc:ID", &[], "VAT");
            x.close("cac:TaxScheme");
            x.close("cac:ClassifiedTaxCategory");
        }
        x.close("cac:Item");
        x.close("cac:LineItem");
        x.close("cac:OrderLine");
    }
    x.close("Order");
    x.finish()
}

fn party(x: &mut XmlOut, element: &str, id: &str, name: &str) {
    let (scheme, value) = peppol_endpoint(id);
    let attrs: Vec<(&str, &str)> = scheme
        .as_deref()
        .map(|s| ("schemeID", s))
        .into_iter()
        .collect();
    x.open(element, &[]);
    x.open("cac:Party", &[]);
    x.leaf("cbc:EndpointID", &attrs, &value);
    x.open("cac:PartyIdentification", &[]);
    x.leaf("cbc:ID", &attrs, &value);
    x.close("cac:PartyIdentification");
    x.open("cac:PartyName", &[]);
    x.leaf("cbc:Name", &[], name.trim());
    x.close("cac:PartyName");
    x.open("cac:PartyLegalEntity", &[]);
    x.leaf("cbc:RegistrationName", &[], name.trim());
    x.close("cac:PartyLegalEntity");
    x.close("cac:Party");
    x.close(element);
}

fn delivery(x: &mut XmlOut, po: &PurchaseOrder, parties: &Parties) {
    let lines = documents::address_lines(&po.ship_to);
    let country = parties
        .ship_to_country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if lines.is_empty() && country.is_none() {
        return;
    }
    x.open("cac:Delivery", &[]);
    x.open("cac:DeliveryLocation", &[]);
    x.open("cac:Address", &[]);
    if let Some(first) = lines.first() {
        x.leaf("cbc:StreetName", &[], first);
    }
    if let Some(second) = lines.get(1) {
        x.leaf("cbc:AdditionalStreetName", &[], second);
    }
    if lines.len() > 2 {
        x.open("cac:AddressLine", &[]);
        x.leaf("cbc:Line", &[], &lines[2..].join("\n"));
        x.close("cac:AddressLine");
    }
    if let Some(c) = country {
        x.open("cac:Country", &[]);
        x.leaf("cbc:IdentificationCode", &[], c);
        x.close("cac:Country");
    }
    x.close("cac:Address");
    x.close("cac:DeliveryLocation");
    x.close("cac:Delivery");
}

/// Reads a Peppol BIS 3 (UBL 2.1) `Order`.
pub fn parse_order(xml: &str) -> Result<ParsedOrder, DocumentError> {
    read_order(doc_xml::parse(xml)?.root())
}

fn expect_root(root: Node<'_>, names: &[&str]) -> Result<(), DocumentError> {
    if names.contains(&root.name()) {
        return Ok(());
    }
    Err(DocumentError::WrongRoot {
        found: root.name().to_owned(),
        expected: format!("a UBL {}", names.join(" or ")),
    })
}

fn endpoint(party: Option<Node<'_>>) -> String {
    party
        .and_then(|p| {
            p.text_at(&["Party", "EndpointID"])
                .or_else(|| p.text_at(&["Party", "PartyIdentification", "ID"]))
        })
        .unwrap_or_default()
}

fn notes(node: Node<'_>) -> String {
    join_notes(
        node.children("Note")
            .map(|n| n.text().trim())
            .collect::<Vec<_>>(),
    )
}

/// `Address` lines: street, additional street, address lines, `PostalZone CityName`,
/// `CountrySubentity` (the country is read apart).
fn address_text(addr: Node<'_>) -> String {
    let mut lines: Vec<String> = vec![
        addr.text_at(&["StreetName"]).unwrap_or_default(),
        addr.text_at(&["AdditionalStreetName"]).unwrap_or_default(),
    ];
    lines.extend(
        addr.children("AddressLine")
            .map(|l| l.text_at(&["Line"]).unwrap_or_default()),
    );
    let city = [
        addr.text_at(&["PostalZone"]).unwrap_or_default(),
        addr.text_at(&["CityName"]).unwrap_or_default(),
    ];
    lines.push(
        city.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    );
    lines.push(addr.text_at(&["CountrySubentity"]).unwrap_or_default());
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `IssueDate` (+ `IssueTime`), or another date/time pair, in ms.
fn moment(node: Node<'_>, date: &str, time: &str) -> Result<Option<i64>, DocumentError> {
    let Some(d) = node.child(date) else {
        return Ok(None);
    };
    let d_text = d.value();
    let text = match node.text_at(&[time]) {
        Some(t) => format!("{d_text}T{t}"),
        None => d_text,
    };
    match parse_timestamp_ms(&text) {
        Some(ms) => Ok(Some(ms)),
        None => Err(DocumentError::Invalid {
            path: d.path(),
            message: format!("\"{text}\" is not an ISO 8601 date (and time)"),
        }),
    }
}

fn price(price: Node<'_>) -> Result<Decimal, DocumentError> {
    let amount = price.req(&["PriceAmount"])?.decimal()?;
    match price.child("BaseQuantity") {
        None => Ok(amount),
        Some(base) => {
            let base_q = base.decimal()?;
            if base_q <= Decimal::ZERO {
                return Err(DocumentError::Invalid {
                    path: base.path(),
                    message: format!("base quantity {base_q} is not above zero"),
                });
            }
            amount
                .checked_div(base_q)
                .map(|p| p.round_dp(procura_ground::money::MAX_DECIMALS).normalize())
                .and_then(|p| procura_ground::money::check_price(p).ok())
                .ok_or_else(|| DocumentError::Invalid {
                    path: base.path(),
                    message: format!("the price per unit of {amount} per {base_q} is out of range"),
                })
        }
    }
}

fn is_unspsc(code: Node<'_>) -> bool {
    let id = code.attr("listID").unwrap_or_default();
    id.eq_ignore_ascii_case("TST")
        || id.eq_ignore_ascii_case("MP")
        || [
            code.attr("listName"),
            code.attr("listID"),
            code.attr("listAgencyName"),
        ]
        .iter()
        .flatten()
        .any(|v| v.to_ascii_uppercase().contains("UNSPSC"))
}

/// Net payment days from `Net 30 days` (also `net 30`).
fn payment_days(text: &str) -> Option<u32> {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("net")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = rest[digits.len()..].trim();
    if !(tail.is_empty() || tail == "days" || tail == "day") {
        return None;
    }
    digits.parse().ok()
}

pub(crate) fn read_order(root: Node<'_>) -> Result<ParsedOrder, DocumentError> {
    expect_root(root, &["Order"])?;
    let order_number = root.req_text(&["ID"])?;
    let issue = root.req_text(&["IssueDate"])?;
    let order_date = match root.text_at(&["IssueTime"]) {
        Some(t) => format!("{issue}T{t}"),
        None => issue,
    };
    let issue_path = root
        .child("IssueDate")
        .map(|d| d.path())
        .unwrap_or_default();
    let order_date = documents::moment_at(&issue_path, Some(&order_date))?;
    let currency = root.req_text(&["DocumentCurrencyCode"])?;
    let order_id = root
        .children("AdditionalDocumentReference")
        .find(|r| r.text_at(&["DocumentType"]).as_deref() == Some(ORDER_ID_EXTRINSIC))
        .and_then(|r| r.text_at(&["ID"]));
    let total = root
        .find(&["AnticipatedMonetaryTotal", "LineExtensionAmount"])
        .map(Node::decimal)
        .transpose()?;
    let address = root.find(&["Delivery", "DeliveryLocation", "Address"]);
    let header_need_by = requested(root.child("Delivery"))?;
    let order_lines: Vec<Node<'_>> = root.children("OrderLine").collect();
    if order_lines.is_empty() {
        return Err(DocumentError::MissingElement {
            path: format!("{}/OrderLine", root.path()),
        });
    }
    let lines = order_lines
        .into_iter()
        .map(|l| read_line(l, header_need_by))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ParsedOrder {
        order_number,
        order_id,
        order_date,
        buyer_id: endpoint(root.child("BuyerCustomerParty")),
        supplier_id: endpoint(root.child("SellerSupplierParty")),
        currency,
        total,
        ship_to: address.map(address_text).unwrap_or_default(),
        ship_to_country: address.and_then(|a| a.text_at(&["Country", "IdentificationCode"])),
        payment_days: root
            .children("PaymentTerms")
            .find_map(|t| t.text_at(&["Note"]).as_deref().and_then(payment_days)),
        incoterm: root.text_at(&["DeliveryTerms", "ID"]),
        note: notes(root),
        lines,
    })
}

/// `Delivery/RequestedDeliveryPeriod/EndDate`, else its `StartDate`.
fn requested(delivery: Option<Node<'_>>) -> Result<Option<Date>, DocumentError> {
    let Some(period) = delivery.and_then(|d| d.child("RequestedDeliveryPeriod")) else {
        return Ok(None);
    };
    period_date(period)
}

fn period_date(period: Node<'_>) -> Result<Option<Date>, DocumentError> {
    for name in ["EndDate", "StartDate"] {
        if let Some(d) = period.child(name) {
            return date_at(&d.path(), Some(&d.value()));
        }
    }
    Ok(None)
}

fn read_line(line: Node<'_>, header_need_by: Option<Date>) -> Result<ParsedLine, DocumentError> {
    let item_line = line.req(&["LineItem"])?;
    let id = item_line.req(&["ID"])?;
    let line_no = line_no_at(&id.path(), &id.value())?;
    let quantity_el = item_line.req(&["Quantity"])?;
    let quantity = documents::quantity_at(&quantity_el.path(), &quantity_el.value())?;
    let unit = quantity_el.attr("unitCode").unwrap_or_default().to_owned();
    let unit_price = price(item_line.req(&["Price"])?)?;
    let item = item_line.req(&["Item"])?;
    let description = item
        .text_at(&["Name"])
        .or_else(|| item.text_at(&["Description"]))
        .ok_or_else(|| DocumentError::MissingElement {
            path: format!("{}/Name", item.path()),
        })?;
    let gtin = item
        .children("StandardItemIdentification")
        .filter_map(|s| s.child("ID"))
        .find(|id| id.attr("schemeID").is_none_or(|s| s == "0160"))
        .map(Node::value)
        .filter(|v| !v.is_empty());
    let unspsc = item
        .children("CommodityClassification")
        .filter_map(|c| c.child("ItemClassificationCode"))
        .find(|c| is_unspsc(*c))
        .map(Node::value)
        .unwrap_or_default();
    let tax_percent = item
        .find(&["ClassifiedTaxCategory", "Percent"])
        .map(Node::decimal)
        .transpose()?
        .filter(|r| !r.is_zero());
    let need_by = match requested(item_line.child("Delivery"))? {
        Some(d) => Some(d),
        None => header_need_by,
    };
    Ok(ParsedLine {
        line_no,
        supplier_part: item
            .text_at(&["SellersItemIdentification", "ID"])
            .unwrap_or_default(),
        item_id: item.text_at(&["BuyersItemIdentification", "ID"]),
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

mod answers;

pub(crate) use answers::messages;
pub use answers::{parse_supplier_message, parse_supplier_messages};
