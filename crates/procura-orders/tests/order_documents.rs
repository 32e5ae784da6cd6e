//! Order documents: cXML 1.2 and Peppol BIS 3 Ordering. Round trips of orders Procura writes and
//! hand-written supplier answers in `tests/fixtures/orders/`. The real public samples are in
//! `order_documents_samples.rs`; refusals (DTDs, entities, wrong roots, missing elements named
//! by path) in `order_documents_refusals.rs`.

mod order_documents_support;

use order_documents_support::*;

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
            assert_eq!(parsed.order_date, Some(p.timestamp));
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
    // Every order line has a need-by date (a typed day since it is copied from the approved
    // requisition); line 1 of the EUR order has no supplier part.
    let eur = cxml::order_request(&free_text_order(), &parties(None));
    assert!(
        eur.contains(
            "<ItemOut quantity=\"12\" lineNumber=\"2\" \
             requestedDeliveryDate=\"2026-12-08T00:00:00+00:00\">"
        ),
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
            assert_eq!(parsed.order_date, Some(moment("2026-11-24T08:00:00+00:00")));
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
            expected: Some(day("2026-11-28")),
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
    assert_eq!(*expected, Some(day("2026-11-27")));
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
            expected: Some(day("2026-11-28")),
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
    let states: Vec<_> = procura_orders::order::progress(&order)
        .iter()
        .map(|p| p.state)
        .collect();
    use procura_orders::order::LineState::*;
    assert_eq!(states, [Shipped, PartlyShipped, Rejected]);
}

#[test]
fn a_contract_line_names_its_contract_in_both_formats() {
    let contract = |number: &str| {
        Some(procura_ground::id::ContractRef {
            id: format!("ct-{number}"),
            number: number.into(),
        })
    };
    let mut po = catalog_order();
    po.lines[0].contract = contract("FA-2026-07");
    let cxml = cxml::order_request(&po, &parties(None));
    assert!(
        cxml.contains("<MasterAgreementIDInfo agreementID=\"FA-2026-07\"/>"),
        "{cxml}"
    );
    assert_eq!(cxml.matches("MasterAgreementIDInfo").count(), 1, "{cxml}");
    let ubl = peppol::order(&po, &parties(None));
    let contract_at = ubl.find("<cac:Contract>").expect("a contract reference");
    assert!(ubl[contract_at..].starts_with("<cac:Contract>\n"), "{ubl}");
    assert!(ubl.contains("<cbc:ID>FA-2026-07</cbc:ID>"), "{ubl}");
    // UBL's order: after the document references, before the buyer.
    assert!(contract_at > ubl.find("</cac:AdditionalDocumentReference>").unwrap());
    assert!(contract_at < ubl.find("<cac:BuyerCustomerParty>").unwrap());
    // Both still read back as the order they are.
    cxml::parse_order_request(&cxml).unwrap();
    peppol::parse_order(&ubl).unwrap();
    // Lines under two contracts: each cXML line names its own; Peppol's one header
    // reference would be wrong for one of them, so none is written.
    assert!(po.lines.len() > 1);
    po.lines[1].contract = contract("FA-2026-09");
    assert!(!peppol::order(&po, &parties(None)).contains("<cac:Contract>"));
    assert_eq!(
        cxml::order_request(&po, &parties(None))
            .matches("<MasterAgreementIDInfo")
            .count(),
        2
    );
}
