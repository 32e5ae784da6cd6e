//! Order documents against the real public samples in `../shared/fixtures` (skipped when the
//! folder is absent).

mod order_documents_support;

use order_documents_support::*;

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
        need_by: Some(day("2020-02-28")),
        unspsc: String::new(),
    };
    assert_eq!(
        order,
        ParsedOrder {
            order_number: "DO1234".into(),
            order_id: None,
            order_date: Some(moment("2000-10-12T18:41:29-08:00")),
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
                expected: Some(day("2000-10-18")),
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
            order_date: Some(moment("2018-09-01T12:30:00Z")),
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
                    need_by: Some(day("2010-02-25")),
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
                    need_by: Some(day("2012-10-31")),
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
                expected: Some(day("2018-09-27")),
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
