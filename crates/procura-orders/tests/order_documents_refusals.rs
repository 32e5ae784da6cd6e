//! Order documents that are refused, and how ids and times are read.

mod order_documents_support;

use order_documents_support::*;

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
