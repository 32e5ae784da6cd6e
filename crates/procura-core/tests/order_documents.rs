//! Order documents: cXML 1.2 and Peppol BIS 3 Ordering. Round trips of orders Procura writes,
//! the real public samples (skipped with a note when `../shared/fixtures` is absent), hand-written
//! supplier answers in `tests/fixtures/orders/`, and refusals (DTDs, entities, wrong roots, missing
//! elements named by path).

use procura_core::order::documents::{
    iso_timestamp, outstanding_lines, parse_order_document, parse_supplier_document,
    parse_supplier_messages, parse_timestamp_ms, DocumentError, DocumentKind, OrderRef, ParsedLine,
    ParsedOrder, Parties, SupplierMessage, MAX_DOCUMENT_BYTES,
};
use procura_core::order::{
    cxml, peppol, LineAck, OrderEvent, OrderLine, PurchaseOrder, ShippedLine, Terms,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

fn own(name: &str) -> String {
    std::fs::read_to_string(Path::new(OWN).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A real-world sample, or `None` (with a note) when the shared folder is not there.
fn shared(name: &str) -> Option<String> {
    if !Path::new(SHARED).is_dir() {
        eprintln!("note: {SHARED} is absent; skipping the real-world sample {name}");
        return None;
    }
    let bytes =
        std::fs::read(Path::new(SHARED).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn ms(text: &str) -> i64 {
    parse_timestamp_ms(text).unwrap_or_else(|| panic!("{text} is a timestamp"))
}

#[allow(clippy::too_many_arguments)]
fn line(
    line_no: u32,
    part: &str,
    item: Option<&str>,
    gtin: Option<&str>,
    description: &str,
    quantity: Decimal,
    unit: &str,
    price: Decimal,
    tax: Decimal,
    need_by: &str,
    unspsc: &str,
) -> OrderLine {
    OrderLine {
        line_no,
        requisition_id: "req-1".into(),
        requisition_line: line_no - 1,
        item_id: item.map(Into::into),
        supplier_part: part.into(),
        gtin: gtin.map(Into::into),
        description: description.into(),
        quantity,
        unit: unit.into(),
        unit_price: price,
        tax_percent: tax,
        need_by: need_by.into(),
        unspsc: unspsc.into(),
    }
}

fn po(
    id: &str,
    currency: &str,
    ship_to: &str,
    terms: Terms,
    lines: Vec<OrderLine>,
) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        number: procura_core::order::number_for(id),
        buyer: "u-buyer".into(),
        buyer_name: "Li Na".into(),
        supplier_id: "s-acme".into(),
        supplier_name: "ACME".into(),
        currency: currency.into(),
        ship_to: ship_to.into(),
        requisitions: vec!["req-1".into()],
        lines,
        terms,
        created_at_ms: 0,
        events: vec![],
    }
}

fn parties(country: Option<&str>) -> Parties {
    Parties {
        buyer_id: "0192:987654325".into(),
        buyer_name: "Procura Buyer AS & Søn".into(),
        supplier_id: "7300010000001".into(),
        supplier_name: "Schrauben <GmbH>".into(),
        payload_id: "1764000000000.0f8e2c1a@procura".into(),
        timestamp: "2026-11-24T08:00:00+00:00".into(),
        ship_to_country: country.map(Into::into),
    }
}

/// Catalog lines in CNY, with GTINs, UNSPSC, VAT and decimals of every scale.
fn catalog_order() -> PurchaseOrder {
    po(
        "0f8e2c1a-7d7b-4c5e-9a55-3b1f2d9e6c10",
        "CNY",
        "Building 3, 88 Zhangjiang Rd\nPudong, 201203 Shanghai",
        Terms::default(),
        vec![
            line(
                1,
                "HB-M8-40",
                Some("s-acme/HB-M8-40"),
                Some("4006381333931"),
                "Hex bolt M8×40, zinc",
                dec!(10),
                "H87",
                dec!(0.35),
                dec!(13),
                "2026-12-15",
                "31161605",
            ),
            line(
                2,
                "CT-200",
                Some("s-acme/CT-200"),
                None,
                "扎带 200mm 黑色",
                dec!(2.500),
                "KGM",
                dec!(47.5000),
                dec!(13),
                "2026-12-15",
                "39121701",
            ),
            line(
                3,
                "PAPER-A4",
                Some("s-acme/PAPER-A4"),
                Some("9780201379624"),
                "Copy paper A4",
                dec!(3),
                "BX",
                dec!(0.0001),
                Decimal::ZERO,
                "2027-01-04",
                "",
            ),
        ],
    )
}

/// EUR, a non-catalog line, markup characters in texts, a note and no Incoterm.
fn free_text_order() -> PurchaseOrder {
    po(
        "a1b2c3d4-0000-4000-8000-000000000001",
        "EUR",
        "Lager <Tor 2> & Rampe \"B\"\nIndustriestraße 5\n42699 Solingen\nz. Hd. O'Brien",
        Terms {
            payment_days: 14,
            incoterm: None,
            note: "Deliver <mornings> only & call \"ahead\"".into(),
        },
        vec![
            line(1, "", None, None, "Repair of press #4 <hydraulics> & \"seals\" – O'Brien's quote\nsecond line\ttabbed", dec!(1), "C62", dec!(1250.00), dec!(19), "2026-12-01", ""),
            line(2, "GLV-201", Some("s-acme/GLV-201"), None, "Gloves ]]> & <![CDATA[x]]>", dec!(12), "PR", dec!(3.99), dec!(19), "", "46181504"),
        ],
    )
}

fn orders() -> Vec<PurchaseOrder> {
    let mut one_line = free_text_order();
    one_line.id = "ffffffff-ffff-4fff-bfff-ffffffffffff".into();
    one_line.number = procura_core::order::number_for(&one_line.id);
    one_line.lines.truncate(1);
    one_line.ship_to = "Single line address".into();
    one_line.terms.incoterm = Some("FCA".into());
    vec![catalog_order(), free_text_order(), one_line]
}

fn expected_lines(po: &PurchaseOrder) -> Vec<ParsedLine> {
    po.lines.iter().map(ParsedLine::from).collect()
}

fn check_round_trip(parsed: &ParsedOrder, po: &PurchaseOrder, p: &Parties) {
    assert_eq!(parsed.lines, expected_lines(po), "{}", po.number);
    for (got, want) in parsed.lines.iter().zip(&po.lines) {
        assert_eq!(got.quantity, want.quantity);
        assert_eq!(got.unit_price, want.unit_price);
        assert_eq!(got.description, want.description.trim());
    }
    assert_eq!(parsed.order_number, po.number);
    assert_eq!(parsed.order_id.as_deref(), Some(po.id.as_str()));
    assert_eq!(parsed.currency, po.currency);
    let total: Decimal = po
        .lines
        .iter()
        .map(|l| (l.quantity * l.unit_price).round_dp(2))
        .sum();
    assert_eq!(parsed.total, Some(total));
    assert_eq!(parsed.ship_to, po.ship_to);
    assert_eq!(parsed.ship_to_country, p.ship_to_country);
    assert_eq!(parsed.payment_days, Some(po.terms.payment_days));
    assert_eq!(parsed.incoterm, po.terms.incoterm);
    assert_eq!(parsed.note, po.terms.note);
}

#[test]
fn cxml_order_round_trips() {
    for country in [None, Some("CN")] {
        let p = parties(country);
        for po in orders() {
            let xml = cxml::order_request(&po, &p);
            let parsed = cxml::parse_order_request(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
            check_round_trip(&parsed, &po, &p);
            assert_eq!(parsed.buyer_id, "0192:987654325");
            assert_eq!(parsed.supplier_id, "7300010000001");
            assert_eq!(parsed.order_date, p.timestamp);
            assert_eq!(parse_order_document(&xml).unwrap(), parsed);
        }
    }
}

#[test]
fn cxml_order_request_shape() {
    let po = catalog_order();
    let xml = cxml::order_request(&po, &parties(Some("CN")));
    for needle in [
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">",
        "payloadID=\"1764000000000.0f8e2c1a@procura\"",
        "timestamp=\"2026-11-24T08:00:00+00:00\"",
        "<Credential domain=\"NetworkID\">\n        <Identity>0192:987654325</Identity>",
        "<Credential domain=\"GLN\">",
        "<UserAgent>Procura</UserAgent>",
        "<OrderRequestHeader orderID=\"PO-0F8E2C1A\" orderDate=\"2026-11-24T08:00:00+00:00\" type=\"new\">",
        "<Money currency=\"CNY\">122.25</Money>",
        "<Name xml:lang=\"en\">Procura Buyer AS &amp; Søn</Name>",
        "<Street>Building 3, 88 Zhangjiang Rd</Street>",
        "<Country isoCountryCode=\"CN\">CN</Country>",
        "<PaymentTerm payInNumberOfDays=\"30\"/>",
        "<TransportTerms value=\"DAP\">DAP</TransportTerms>",
        "<Extrinsic name=\"ProcuraOrderId\">0f8e2c1a-7d7b-4c5e-9a55-3b1f2d9e6c10</Extrinsic>",
        "<ItemOut quantity=\"10\" lineNumber=\"1\" requestedDeliveryDate=\"2026-12-15T00:00:00+00:00\">",
        "<SupplierPartID>HB-M8-40</SupplierPartID>",
        "<SupplierPartAuxiliaryID>s-acme/HB-M8-40</SupplierPartAuxiliaryID>",
        "<Description xml:lang=\"zh\">扎带 200mm 黑色</Description>",
        "<UnitOfMeasure>KGM</UnitOfMeasure>",
        "<Classification domain=\"UNSPSC\">31161605</Classification>",
        "<Extrinsic name=\"GTIN\">4006381333931</Extrinsic>",
        "<TaxDetail purpose=\"tax\" category=\"vat\" percentageRate=\"13\">",
    ] {
        assert!(xml.contains(needle), "missing {needle}\n{xml}");
    }
    // Line 2 of the EUR order has no need-by date, line 1 no supplier part.
    let eur = cxml::order_request(&free_text_order(), &parties(None));
    assert!(
        eur.contains("<ItemOut quantity=\"12\" lineNumber=\"2\">"),
        "{eur}"
    );
    assert!(eur.contains("<SupplierPartID></SupplierPartID>"), "{eur}");
    assert!(eur.contains("&lt;hydraulics&gt; &amp; \"seals\""), "{eur}");
    assert!(
        eur.contains("Gloves ]]&gt; &amp; &lt;![CDATA[x]]&gt;"),
        "{eur}"
    );
    assert!(!eur.contains("TermsOfDelivery"), "{eur}");
}

#[test]
fn peppol_order_round_trips() {
    for country in [None, Some("NO")] {
        let p = parties(country);
        for po in orders() {
            let xml = peppol::order(&po, &p);
            let parsed = peppol::parse_order(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
            check_round_trip(&parsed, &po, &p);
            assert_eq!(parsed.buyer_id, "987654325");
            assert_eq!(parsed.supplier_id, "7300010000001");
            assert_eq!(parsed.order_date, "2026-11-24T08:00:00+00:00");
            assert_eq!(parse_order_document(&xml).unwrap(), parsed);
        }
    }
}

#[test]
fn peppol_order_shape() {
    let xml = peppol::order(&catalog_order(), &parties(Some("CN")));
    for needle in [
        "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"",
        "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>",
        "<cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>",
        "<cbc:ID>PO-0F8E2C1A</cbc:ID>",
        "<cbc:IssueDate>2026-11-24</cbc:IssueDate>",
        "<cbc:DocumentCurrencyCode>CNY</cbc:DocumentCurrencyCode>",
        "<cbc:DocumentType>ProcuraOrderId</cbc:DocumentType>",
        "<cbc:EndpointID schemeID=\"0192\">987654325</cbc:EndpointID>",
        "<cbc:EndpointID schemeID=\"0088\">7300010000001</cbc:EndpointID>",
        "<cbc:Name>Schrauben &lt;GmbH&gt;</cbc:Name>",
        "<cbc:StreetName>Building 3, 88 Zhangjiang Rd</cbc:StreetName>",
        "<cbc:IdentificationCode>CN</cbc:IdentificationCode>",
        "<cbc:ID>DAP</cbc:ID>",
        "<cbc:Note>Net 30 days</cbc:Note>",
        "<cbc:LineExtensionAmount currencyID=\"CNY\">122.25</cbc:LineExtensionAmount>",
        "<cbc:TaxAmount currencyID=\"CNY\">15.90</cbc:TaxAmount>",
        "<cbc:PayableAmount currencyID=\"CNY\">138.15</cbc:PayableAmount>",
        "<cbc:Quantity unitCode=\"KGM\">2.500</cbc:Quantity>",
        "<cbc:EndDate>2026-12-15</cbc:EndDate>",
        "<cbc:PriceAmount currencyID=\"CNY\">47.5000</cbc:PriceAmount>",
        "<cbc:ID schemeID=\"0160\">4006381333931</cbc:ID>",
        "<cbc:ItemClassificationCode listID=\"TST\">31161605</cbc:ItemClassificationCode>",
        "<cbc:Percent>13</cbc:Percent>",
    ] {
        assert!(xml.contains(needle), "missing {needle}\n{xml}");
    }
    let eur = peppol::order(&free_text_order(), &parties(None));
    // The non-catalog line has no seller's item id; no country, no Country element.
    let first_line =
        &eur[eur.find("<cac:OrderLine>").unwrap()..eur.find("</cac:OrderLine>").unwrap()];
    assert!(
        !first_line.contains("SellersItemIdentification"),
        "{first_line}"
    );
    assert!(!eur.contains("<cac:Country>"), "{eur}");
    assert!(!eur.contains("DeliveryTerms"), "{eur}");
}

// --- Real public samples ---------------------------------------------------------------------

#[test]
fn real_cxml_order_request() {
    let Some(xml) = shared("cxml/focxml_OrderRequest.xml") else {
        return;
    };
    let order = cxml::parse_order_request(&xml).unwrap();
    let line = |line_no, part: &str, desc: &str, qty, price| ParsedLine {
        line_no,
        supplier_part: part.into(),
        item_id: None,
        gtin: None,
        description: desc.into(),
        quantity: qty,
        unit: "EA".into(),
        unit_price: price,
        tax_percent: None,
        need_by: Some("2020-02-28".into()),
        unspsc: String::new(),
    };
    assert_eq!(
        order,
        ParsedOrder {
            order_number: "DO1234".into(),
            order_id: None,
            order_date: "2000-10-12T18:41:29-08:00".into(),
            buyer_id: "inbound@prominate-platform.com".into(),
            supplier_id: "supplier@supplier.com".into(),
            currency: "EUR".into(),
            total: Some(dec!(85.00)),
            ship_to: "Joe Smith\nMailstop M-543\n123 Anystreet\n90489 Sunnyvale\nCA".into(),
            ship_to_country: Some("US".into()),
            payment_days: None,
            incoterm: None,
            note: String::new(),
            lines: vec![
                line(1, "1233244", "hello from item 1", dec!(10), dec!(2.10)),
                line(2, "1233245", "hello from item 2", dec!(20), dec!(3.20)),
            ],
        }
    );
    // A buyer's order is not a supplier message.
    let err = parse_supplier_document(&xml).unwrap_err();
    assert!(
        matches!(&err, DocumentError::Unsupported { path, .. } if path == "/cXML/Request/OrderRequest"),
        "{err}"
    );
}

#[test]
fn real_cxml_ship_notice() {
    let Some(xml) = shared("cxml/focxml_ShipNoticeRequest.xml") else {
        return;
    };
    let msg = cxml::parse_supplier_message(&xml).unwrap();
    assert_eq!(
        msg,
        SupplierMessage {
            kind: DocumentKind::CxmlShipNotice,
            document_id: "0c30050@supplierorg.com".into(),
            sender_id: "AN00000123".into(),
            order_ref: OrderRef {
                order_id: None,
                order_number: Some("DO1234".into()),
                payload_id: Some("32232995@hub.acme.com".into()),
            },
            event: Some(OrderEvent::Shipped {
                at_ms: ms("2000-10-14T16:30:19Z"),
                shipment_id: "S2-123".into(),
                carrier: "Federal Express".into(),
                tracking: "8202 8261 1194".into(),
                expected: Some("2000-10-18".into()),
                lines: vec![],
            }),
            note: "Got it all into one shipment.; the whole order is in this shipment".into(),
        }
    );
    assert_eq!(parse_supplier_document(&xml).unwrap(), msg);
}

#[test]
fn real_cxml_status_update() {
    let Some(xml) = shared("cxml/focxml_StatusUpdateRequest.xml") else {
        return;
    };
    let msg = parse_supplier_document(&xml).unwrap();
    assert_eq!(msg.kind, DocumentKind::CxmlStatusUpdate);
    assert_eq!(msg.document_id, "0c30050@supplierorg.com");
    assert_eq!(
        msg.order_ref,
        OrderRef {
            order_id: None,
            order_number: None,
            payload_id: Some("0c300508b7863dcclb_14999".into()),
        }
    );
    assert_eq!(msg.event, None);
    assert_eq!(msg.note, "status 200 OK: Forwarded to supplier");
}

#[test]
fn real_cxml_punchout_documents_are_not_orders_or_answers() {
    for name in [
        "cxml/focxml_PunchOutSetupRequest.xml",
        "cxml/focxml_PunchoutOrderMessage.xml",
    ] {
        let Some(xml) = shared(name) else { return };
        let err = parse_supplier_document(&xml).unwrap_err();
        assert!(
            matches!(err, DocumentError::Unsupported { .. }),
            "{name}: {err}"
        );
        assert!(cxml::parse_order_request(&xml).is_err(), "{name}");
    }
}

#[test]
fn real_peppol_order() {
    let Some(xml) = shared("peppol/Order_Example.xml") else {
        return;
    };
    let order = peppol::parse_order(&xml).unwrap();
    assert_eq!(
        order,
        ParsedOrder {
            order_number: "34".into(),
            order_id: None,
            order_date: "2018-09-01T12:30:00".into(),
            buyer_id: "987654325".into(),
            supplier_id: "123456785".into(),
            currency: "NOK".into(),
            total: Some(dec!(6525.00)),
            ship_to: "Solheimsveien 10\nAdd\n3rd Address line\n1473 Lørenskog\nRegion".into(),
            ship_to_country: Some("NO".into()),
            payment_days: None,
            incoterm: Some("FOB".into()),
            note: "Information text for the whole order".into(),
            lines: vec![
                ParsedLine {
                    line_no: 1,
                    supplier_part: "121212".into(),
                    item_id: Some("123456".into()),
                    gtin: Some("7560000012345".into()),
                    description: "Needle 4mm".into(),
                    quantity: dec!(120),
                    unit: "EA".into(),
                    unit_price: dec!(50),
                    tax_percent: Some(dec!(25)),
                    need_by: Some("2010-02-25".into()),
                    unspsc: "12345678".into(),
                },
                ParsedLine {
                    line_no: 2,
                    supplier_part: "SItemNo011".into(),
                    item_id: None,
                    gtin: None,
                    description: "Wet tissues".into(),
                    quantity: dec!(15),
                    unit: "EA".into(),
                    unit_price: dec!(15),
                    tax_percent: Some(dec!(25)),
                    need_by: Some("2012-10-31".into()),
                    unspsc: "56789123".into(),
                },
            ],
        }
    );
    assert!(matches!(
        parse_supplier_document(&xml),
        Err(DocumentError::WrongRoot { found, .. }) if found == "Order"
    ));
}

#[test]
fn real_peppol_order_response() {
    let Some(xml) = shared("peppol/OrderResponse_Example.xml") else {
        return;
    };
    let msg = peppol::parse_supplier_message(&xml).unwrap();
    assert_eq!(msg.kind, DocumentKind::PeppolOrderResponse);
    assert_eq!(msg.document_id, "101");
    assert_eq!(msg.sender_id, "7598000000128");
    assert_eq!(msg.order_ref.order_number.as_deref(), Some("11233"));
    assert_eq!(
        msg.event,
        Some(OrderEvent::Acknowledged {
            at_ms: ms("2013-07-01T06:10:10Z"),
            lines: vec![
                LineAck::Changed {
                    line_no: 1,
                    quantity: Some(dec!(10)),
                    delivery_date: Some("2018-08-12".into()),
                    unit_price: Some(dec!(1.50)),
                },
                LineAck::Accepted { line_no: 2 },
                LineAck::Changed {
                    line_no: 3,
                    quantity: None,
                    delivery_date: None,
                    unit_price: None,
                },
            ],
            note: "Response message with amendments in the details".into(),
        })
    );
    for part in [
        "promised delivery 2013-07-15 – 2013-07-16",
        "line 1: substituted by SN-34 (Sauce brown, ready)",
        "line 1: Order line note text",
        "line 3: substituted by SN-36 (Pepper sauce)",
    ] {
        assert!(msg.note.contains(part), "{part} not in {}", msg.note);
    }
    assert_eq!(parse_supplier_document(&xml).unwrap(), msg);
}

#[test]
fn real_peppol_despatch_advice() {
    let Some(xml) = shared("peppol/DespatchAdvice_Example.xml") else {
        return;
    };
    let msg = parse_supplier_document(&xml).unwrap();
    assert_eq!(
        msg,
        SupplierMessage {
            kind: DocumentKind::PeppolDespatchAdvice,
            document_id: "565899".into(),
            sender_id: "7300010000001".into(),
            order_ref: OrderRef {
                order_id: None,
                order_number: Some("AEG012345".into()),
                payload_id: None,
            },
            event: Some(OrderEvent::Shipped {
                at_ms: ms("2018-09-25T13:00:00Z"),
                shipment_id: "565899".into(),
                carrier: "Name".into(),
                tracking: "456789".into(),
                expected: Some("2018-09-27".into()),
                lines: vec![ShippedLine {
                    line_no: 1,
                    quantity: dec!(10),
                }],
            }),
            note: "sample".into(),
        }
    );
}

#[test]
fn real_peppol_catalogue_is_refused_by_root() {
    let Some(xml) = shared("peppol/Catalogue_Example.xml") else {
        return;
    };
    // A catalogue is not an order document.
    assert!(matches!(
        parse_supplier_document(&xml),
        Err(DocumentError::WrongRoot { found, .. }) if found == "Catalogue"
    ));
}

// --- Own fixtures ----------------------------------------------------------------------------

const ORDER_ID: &str = "0f8e2c1a-7d7b-4c5e-9a55-3b1f2d9e6c10";

#[test]
fn own_cxml_confirmation_detail() {
    let msg = parse_supplier_document(&own("cxml_confirmation_detail.xml")).unwrap();
    assert_eq!(msg.kind, DocumentKind::CxmlConfirmation);
    assert_eq!(msg.document_id, "1764061200.conf.42@supplier.example");
    assert_eq!(msg.sender_id, "AN01000000002");
    assert_eq!(
        msg.order_ref,
        OrderRef {
            order_id: Some(ORDER_ID.into()),
            order_number: Some("PO-0F8E2C1A".into()),
            payload_id: Some("1764000000000.0f8e2c1a@procura".into()),
        }
    );
    assert_eq!(
        msg.event,
        Some(OrderEvent::Acknowledged {
            at_ms: ms("2026-11-25T08:55:00Z"),
            lines: vec![
                LineAck::Accepted { line_no: 1 },
                LineAck::Changed {
                    line_no: 2,
                    quantity: Some(dec!(15)),
                    delivery_date: Some("2026-12-20".into()),
                    unit_price: Some(dec!(4.75)),
                },
                LineAck::Rejected {
                    line_no: 3,
                    reason: "Discontinued".into(),
                },
            ],
            note: "Partly confirmed, see lines & dates.".into(),
        })
    );
    assert_eq!(
        msg.note,
        "Partly confirmed, see lines & dates.; confirmation C-778; line 2: Price list of December"
    );
}

#[test]
fn own_cxml_confirmation_reject() {
    let msg = cxml::parse_supplier_message(&own("cxml_confirmation_reject.xml")).unwrap();
    assert_eq!(
        msg.event,
        Some(OrderEvent::Rejected {
            at_ms: ms("2026-11-25T10:01:00Z"),
            reason: "Customer account on credit hold".into(),
        })
    );
    assert_eq!(msg.order_ref.order_id, None);
    assert_eq!(msg.order_ref.order_number.as_deref(), Some("PO-0F8E2C1A"));
}

#[test]
fn own_cxml_ship_notice() {
    let msg = parse_supplier_document(&own("cxml_ship_notice.xml")).unwrap();
    assert_eq!(msg.order_ref.order_id.as_deref(), Some(ORDER_ID));
    assert_eq!(
        msg.event,
        Some(OrderEvent::Shipped {
            at_ms: ms("2026-11-26T06:15:00Z"),
            shipment_id: "SN-2026-0042".into(),
            carrier: "DHL Freight".into(),
            tracking: "JJD0099887766".into(),
            expected: Some("2026-11-28".into()),
            lines: vec![
                ShippedLine {
                    line_no: 1,
                    quantity: dec!(10),
                },
                ShippedLine {
                    line_no: 2,
                    quantity: dec!(7.5),
                },
            ],
        })
    );
    assert_eq!(msg.note, "Two pallets");
}

#[test]
fn own_cxml_ship_notice_for_two_orders() {
    let xml = own("cxml_ship_notice_two_orders.xml");
    let err = parse_supplier_document(&xml).unwrap_err();
    assert!(
        matches!(&err, DocumentError::SeveralOrders { orders, .. } if orders == "PO-AAAA0001, PO-BBBB0002"),
        "{err}"
    );
    let msgs = parse_supplier_messages(&xml).unwrap();
    assert_eq!(msgs.len(), 2);
    let numbers: Vec<_> = msgs
        .iter()
        .map(|m| m.order_ref.order_number.as_deref().unwrap())
        .collect();
    assert_eq!(numbers, ["PO-AAAA0001", "PO-BBBB0002"]);
    let Some(OrderEvent::Shipped {
        at_ms,
        carrier,
        lines,
        expected,
        ..
    }) = &msgs[0].event
    else {
        panic!("shipped");
    };
    // No shipmentDate: the notice date counts. The only carrier id is an SCAC.
    assert_eq!(*at_ms, ms("2026-11-26T09:05:00Z"));
    assert_eq!(carrier, "UPSN");
    assert_eq!(expected.as_deref(), Some("2026-11-27"));
    assert_eq!(
        lines,
        &[ShippedLine {
            line_no: 3,
            quantity: dec!(2)
        }]
    );
    assert!(matches!(&msgs[1].event, Some(OrderEvent::Shipped { lines, .. }) if lines.is_empty()));
    assert_eq!(msgs[1].note, "the whole order is in this shipment");
}

#[test]
fn own_cxml_status_update() {
    let msg = parse_supplier_document(&own("cxml_status_update.xml")).unwrap();
    assert_eq!(msg.event, None);
    assert_eq!(
        msg.order_ref.payload_id.as_deref(),
        Some("1764000000000.0f8e2c1a@procura")
    );
    assert_eq!(
        msg.note,
        "status 406 Not Acceptable: Unknown ship-to address <Building 9>"
    );
}

#[test]
fn own_peppol_order_response() {
    let msg = parse_supplier_document(&own("peppol_order_response.xml")).unwrap();
    assert_eq!(msg.document_id, "OR-5521");
    assert_eq!(msg.sender_id, "7300010000001");
    assert_eq!(
        msg.event,
        Some(OrderEvent::Acknowledged {
            at_ms: ms("2026-11-25T10:20:00Z"),
            lines: vec![
                LineAck::Accepted { line_no: 1 },
                LineAck::Changed {
                    line_no: 2,
                    quantity: Some(dec!(15)),
                    delivery_date: Some("2026-12-20".into()),
                    unit_price: Some(dec!(4.75)),
                },
                LineAck::Rejected {
                    line_no: 3,
                    reason: "Discontinued".into(),
                },
                LineAck::Changed {
                    line_no: 4,
                    quantity: None,
                    delivery_date: None,
                    unit_price: None,
                },
            ],
            note: "Accepted with changes".into(),
        })
    );
    assert_eq!(
        msg.note,
        "Accepted with changes; line 2: Only 15 kg in stock; \
         line 4: substituted by GLV-201 (Safety gloves, nitrile)"
    );
    let rejected =
        peppol::parse_supplier_message(&own("peppol_order_response_rejected.xml")).unwrap();
    assert_eq!(
        rejected.event,
        Some(OrderEvent::Rejected {
            at_ms: ms("2026-11-25"),
            reason: "We do not deliver to this region".into(),
        })
    );
}

#[test]
fn own_peppol_despatch_advice() {
    let msg = parse_supplier_document(&own("peppol_despatch_advice.xml")).unwrap();
    assert_eq!(msg.order_ref.order_number.as_deref(), Some("PO-0F8E2C1A"));
    assert_eq!(
        msg.event,
        Some(OrderEvent::Shipped {
            at_ms: ms("2026-11-26T08:00:00Z"),
            shipment_id: "DA-9001".into(),
            carrier: "Bring Cargo".into(),
            tracking: "SSCC-373500310000000017".into(),
            expected: Some("2026-11-28".into()),
            lines: vec![
                ShippedLine {
                    line_no: 1,
                    quantity: dec!(10),
                },
                ShippedLine {
                    line_no: 2,
                    quantity: dec!(7.5),
                },
            ],
        })
    );
    assert_eq!(msg.note, "Handle with care");
}

#[test]
fn answers_apply_to_the_order() {
    // A confirmation, then a shipment of part, then "the rest": the order's progress follows.
    let mut order = po(
        ORDER_ID,
        "EUR",
        "x",
        Terms::default(),
        vec![
            line(
                1,
                "A",
                None,
                None,
                "a",
                dec!(10),
                "H87",
                dec!(1),
                Decimal::ZERO,
                "2026-12-15",
                "",
            ),
            line(
                2,
                "B",
                None,
                None,
                "b",
                dec!(20),
                "KGM",
                dec!(5),
                Decimal::ZERO,
                "2026-12-15",
                "",
            ),
            line(
                3,
                "C",
                None,
                None,
                "c",
                dec!(3),
                "H87",
                dec!(1),
                Decimal::ZERO,
                "2026-12-15",
                "",
            ),
        ],
    );
    let confirmation = parse_supplier_document(&own("cxml_confirmation_detail.xml")).unwrap();
    order.events.push(confirmation.event.unwrap());
    let shipped = parse_supplier_document(&own("cxml_ship_notice.xml")).unwrap();
    order.events.push(shipped.event.unwrap());
    assert_eq!(
        outstanding_lines(&order),
        [ShippedLine {
            line_no: 2,
            quantity: dec!(7.5),
        }]
    );
    let states: Vec<_> = procura_core::order::progress(&order)
        .iter()
        .map(|p| p.state)
        .collect();
    use procura_core::order::LineState::*;
    assert_eq!(states, [Shipped, PartlyShipped, Rejected]);
}

// --- Refusals --------------------------------------------------------------------------------

fn refused(result: Result<SupplierMessage, DocumentError>) -> String {
    match result {
        Err(DocumentError::Refused { message, .. }) => message,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn refuses_dtds_and_entities() {
    let xxe = refused(parse_supplier_document(&own("cxml_xxe.xml")));
    assert!(xxe.contains("DOCTYPE"), "{xxe}");
    let lol = refused(parse_supplier_document(&own("cxml_billion_laughs.xml")));
    assert!(lol.contains("DOCTYPE"), "{lol}");
    let unknown = refused(parse_supplier_document(&own("peppol_unknown_entity.xml")));
    assert!(unknown.contains("&secret;"), "{unknown}");
    // The same rules hold for orders.
    let order = cxml::order_request(&catalog_order(), &parties(None));
    let evil = order.replace(
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd\">",
        "<!DOCTYPE cXML [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
    );
    assert!(matches!(
        cxml::parse_order_request(&evil),
        Err(DocumentError::Refused { .. })
    ));
    let in_attr = order.replace("orderID=\"PO-0F8E2C1A\"", "orderID=\"&e;\"");
    assert!(matches!(
        cxml::parse_order_request(&in_attr),
        Err(DocumentError::Refused { .. })
    ));
}

#[test]
fn refuses_malformed_and_oversize_documents() {
    for bad in ["", "not xml", "<cXML>", "<cXML></cXml>", "<a/><b/>"] {
        assert!(
            matches!(
                parse_supplier_document(bad),
                Err(DocumentError::Malformed { .. })
            ),
            "{bad}"
        );
    }
    let huge = format!("<cXML>{}</cXML>", " ".repeat(MAX_DOCUMENT_BYTES));
    assert!(matches!(
        parse_supplier_document(&huge),
        Err(DocumentError::TooLarge { .. })
    ));
}

#[test]
fn refuses_wrong_roots() {
    let peppol_order = peppol::order(&catalog_order(), &parties(None));
    let cxml_order = cxml::order_request(&catalog_order(), &parties(None));
    assert!(matches!(
        cxml::parse_order_request(&peppol_order),
        Err(DocumentError::WrongRoot { found, .. }) if found == "Order"
    ));
    assert!(matches!(
        peppol::parse_order(&cxml_order),
        Err(DocumentError::WrongRoot { found, .. }) if found == "cXML"
    ));
    assert!(matches!(
        cxml::parse_supplier_message(&own("peppol_despatch_advice.xml")),
        Err(DocumentError::WrongRoot { found, .. }) if found == "DespatchAdvice"
    ));
    assert!(matches!(
        peppol::parse_supplier_message(&own("cxml_ship_notice.xml")),
        Err(DocumentError::WrongRoot { found, .. }) if found == "cXML"
    ));
    assert!(matches!(
        parse_supplier_document("<Invoice/>"),
        Err(DocumentError::WrongRoot { found, .. }) if found == "Invoice"
    ));
    assert!(matches!(
        parse_order_document("<OrderResponse/>"),
        Err(DocumentError::WrongRoot { found, .. }) if found == "OrderResponse"
    ));
}

fn missing(err: DocumentError) -> String {
    match err {
        DocumentError::MissingElement { path } => path,
        other => panic!("not a missing element: {other}"),
    }
}

#[test]
fn names_missing_elements_and_attributes() {
    let cxml_order = cxml::order_request(&catalog_order(), &parties(None));
    // Line 2's unit price.
    let second = cxml_order.find("<ItemOut quantity=\"2.500\"").unwrap();
    let mut no_price = cxml_order.clone();
    let start = second + no_price[second..].find("<UnitPrice>").unwrap();
    let end = second + no_price[second..].find("</UnitPrice>").unwrap() + "</UnitPrice>".len();
    no_price.replace_range(start..end, "");
    let err = cxml::parse_order_request(&no_price).unwrap_err();
    assert_eq!(
        err.path(),
        Some("/cXML/Request/OrderRequest/ItemOut[2]/ItemDetail/UnitPrice")
    );
    assert_eq!(
        err.to_string(),
        "missing required element /cXML/Request/OrderRequest/ItemOut[2]/ItemDetail/UnitPrice"
    );
    let no_header = cxml_order
        .replace("<OrderRequestHeader ", "<OrderRequestHeaderX ")
        .replace("</OrderRequestHeader>", "</OrderRequestHeaderX>");
    assert_eq!(
        missing(cxml::parse_order_request(&no_header).unwrap_err()),
        "/cXML/Request/OrderRequest/OrderRequestHeader"
    );
    let no_qty = cxml_order.replace("<ItemOut quantity=\"10\" ", "<ItemOut ");
    assert_eq!(
        cxml::parse_order_request(&no_qty).unwrap_err(),
        DocumentError::MissingAttribute {
            path: "/cXML/Request/OrderRequest/ItemOut[1]".into(),
            attribute: "quantity".into(),
        }
    );
    let bad_qty = cxml_order.replace("<ItemOut quantity=\"10\" ", "<ItemOut quantity=\"1,5\" ");
    let err = cxml::parse_order_request(&bad_qty).unwrap_err();
    assert!(
        matches!(&err, DocumentError::Invalid { path, message }
            if path == "/cXML/Request/OrderRequest/ItemOut[1]/@quantity" && message.contains("1,5")),
        "{err}"
    );

    let peppol_order = peppol::order(&catalog_order(), &parties(None));
    let no_currency = peppol_order.replace(
        "<cbc:DocumentCurrencyCode>CNY</cbc:DocumentCurrencyCode>",
        "",
    );
    assert_eq!(
        missing(peppol::parse_order(&no_currency).unwrap_err()),
        "/Order/DocumentCurrencyCode"
    );
    let no_lines = {
        let start = peppol_order.find("<cac:OrderLine>").unwrap();
        let end = peppol_order.rfind("</cac:OrderLine>").unwrap() + "</cac:OrderLine>".len();
        let mut s = peppol_order.clone();
        s.replace_range(start..end, "");
        s
    };
    assert_eq!(
        missing(peppol::parse_order(&no_lines).unwrap_err()),
        "/Order/OrderLine"
    );
    let no_price = peppol_order
        .replacen("<cac:Price>", "<cac:Prize>", 1)
        .replacen("</cac:Price>", "</cac:Prize>", 1);
    assert_eq!(
        missing(peppol::parse_order(&no_price).unwrap_err()),
        "/Order/OrderLine[1]/LineItem/Price"
    );

    // Supplier messages.
    let confirmation = own("cxml_confirmation_detail.xml");
    let no_ref = confirmation
        .replace("<OrderReference ", "<OrderRef ")
        .replace("</OrderReference>", "</OrderRef>");
    assert_eq!(
        missing(parse_supplier_document(&no_ref).unwrap_err()),
        "/cXML/Request/ConfirmationRequest/OrderReference"
    );
    let bad_type = confirmation.replace("type=\"detail\" noticeDate", "type=\"maybe\" noticeDate");
    assert!(matches!(
        parse_supplier_document(&bad_type),
        Err(DocumentError::Invalid { path, .. }) if path == "/cXML/Request/ConfirmationRequest/ConfirmationHeader/@type"
    ));
    let bad_date = confirmation.replace(
        "deliveryDate=\"2026-12-20T12:00:00+01:00\"",
        "deliveryDate=\"20.12.2026\"",
    );
    assert!(matches!(
        parse_supplier_document(&bad_date),
        Err(DocumentError::Invalid { path, .. })
            if path == "/cXML/Request/ConfirmationRequest/ConfirmationItem[2]/ConfirmationStatus[1]/@deliveryDate"
    ));
    let despatch = own("peppol_despatch_advice.xml");
    let no_line_ref = despatch.replacen(
        "<cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference>",
        "",
        1,
    );
    assert_eq!(
        missing(parse_supplier_document(&no_line_ref).unwrap_err()),
        "/DespatchAdvice/DespatchLine[1]/OrderLineReference"
    );
    let bad_line = despatch.replacen(
        "<cbc:LineID>1</cbc:LineID>",
        "<cbc:LineID>one</cbc:LineID>",
        1,
    );
    assert!(matches!(
        parse_supplier_document(&bad_line),
        Err(DocumentError::Invalid { path, .. }) if path == "/DespatchAdvice/DespatchLine[1]/OrderLineReference/LineID"
    ));
    let bad_code = own("peppol_order_response.xml").replace(">CA<", ">ZZ<");
    assert!(matches!(
        parse_supplier_document(&bad_code),
        Err(DocumentError::Unsupported { path, .. }) if path == "/OrderResponse/OrderResponseCode"
    ));
}

#[test]
fn refuses_deep_nesting() {
    let deep = format!("<cXML>{}{}</cXML>", "<a>".repeat(100), "</a>".repeat(100));
    assert!(matches!(
        parse_supplier_document(&deep),
        Err(DocumentError::Refused { message, .. }) if message.contains("nested deeper")
    ));
}

#[test]
fn party_ids_by_scheme() {
    let po = catalog_order();
    let with = |buyer: &str, supplier: &str| Parties {
        buyer_id: buyer.into(),
        supplier_id: supplier.into(),
        ..parties(None)
    };
    let cases = [
        (
            "123456789",
            "DUNS:987654321",
            "<Credential domain=\"DUNS\">\n        <Identity>123456789</Identity>",
            "schemeID=\"0060\">123456789<",
            "schemeID=\"0060\">987654321<",
        ),
        (
            "0088:7300010000001",
            "NetworkID:AN0100",
            "<Credential domain=\"GLN\">\n        <Identity>7300010000001</Identity>",
            "schemeID=\"0088\">7300010000001<",
            "<cbc:EndpointID>AN0100<",
        ),
        (
            "buyer@example.com",
            "AN0100",
            "<Credential domain=\"NetworkID\">\n        <Identity>buyer@example.com</Identity>",
            "<cbc:EndpointID>buyer@example.com<",
            "<cbc:EndpointID>AN0100<",
        ),
    ];
    for (buyer, supplier, credential, buyer_endpoint, supplier_endpoint) in cases {
        let p = with(buyer, supplier);
        let c = cxml::order_request(&po, &p);
        assert!(c.contains(credential), "{credential}\n{c}");
        let u = peppol::order(&po, &p);
        assert!(u.contains(buyer_endpoint), "{buyer_endpoint}\n{u}");
        assert!(u.contains(supplier_endpoint), "{supplier_endpoint}\n{u}");
    }
}

#[test]
fn timestamps() {
    assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00+00:00");
    let t = ms("2026-11-25T09:30:00+08:00");
    assert_eq!(iso_timestamp(t), "2026-11-25T01:30:00+00:00");
    assert_eq!(ms(&iso_timestamp(t)), t);
    assert_eq!(parse_timestamp_ms("1970-01-01"), Some(0));
    assert_eq!(parse_timestamp_ms("1970-01-01T00:00:01Z"), Some(1000));
    assert_eq!(
        parse_timestamp_ms("2000-10-12T18:39:09-08:00"),
        parse_timestamp_ms("2000-10-13T02:39:09Z")
    );
    assert_eq!(
        parse_timestamp_ms("2000-10-13T04:39:09.5+0200"),
        Some(ms("2000-10-13T02:39:09Z") + 500)
    );
    assert_eq!(
        parse_timestamp_ms("2000-10-13T02:39"),
        Some(ms("2000-10-13T02:39:00Z"))
    );
    for bad in [
        "",
        "2000-13-01",
        "2000-10-12T1:00",
        "2000-10-12X",
        "2000-10-12T10:00+5",
        "2000-10-12T25:00",
    ] {
        assert_eq!(parse_timestamp_ms(bad), None, "{bad}");
    }
}
