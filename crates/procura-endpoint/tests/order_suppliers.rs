//! Suppliers answering on their own: the supplier simulation, real cXML and Peppol documents
//! posted to the inbound route, and an older database gaining order intake.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_endpoint::orders::InboundAnswer;
use procura_endpoint::store::demo_supplier_key;
use procura_endpoint::supplier_sim::{self, SimConfig};
use procura_orders::order::documents::{iso_timestamp, DocumentKind};
use procura_orders::order::{LineAck, LineState, OrderEvent};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use LineState::{Acknowledged, Cancelled, PartlyShipped, Sent, Shipped};

/// A hub whose suppliers answer by themselves, at `config`'s pace.
async fn simulated_hub(config: SimConfig) -> Api {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let state = AppState::new(store).with_supplier_routes();
    supplier_sim::spawn(&state, config);
    serve(state, None).await
}

fn pace(ack_after_ms: i64, ship_after_ms: i64) -> SimConfig {
    SimConfig {
        tick: Duration::from_millis(20),
        ack_after_ms,
        ship_after_ms,
        deliver_after_ms: 50,
        confirm_after_ms: 50,
        invoice_after_ms: 50,
        ack_style: BTreeMap::new(),
    }
}

/// Pulls order `id` until `done` holds of it (10 s at most).
async fn wait_for(
    api: &Api,
    id: &str,
    done: impl Fn(&procura_orders::order::PurchaseOrder) -> bool,
) -> procura_orders::order::PurchaseOrder {
    let started = Instant::now();
    loop {
        let po = order_of(api, id).await;
        if done(&po) {
            return po;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "order {id} stays at {:?}",
            po.events
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_supplier_simulation_acknowledges_ships_in_two_parts_and_delivers() {
    let hub = simulated_hub(pace(50, 100)).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 3]).await;
    let buyer = office.buyer.api.clone();
    let po = wait_for(&buyer, po.id.as_str(), |po| count(po, "delivered") == 2).await;
    assert_eq!(states(&po), [Shipped, Shipped]);
    let shipments: Vec<Vec<(u32, Decimal)>> = po
        .events
        .iter()
        .filter_map(|e| match e {
            OrderEvent::Shipped {
                lines, tracking, ..
            } => {
                assert!(tracking.starts_with("SF"), "{tracking}");
                Some(lines.iter().map(|l| (l.line_no, l.quantity)).collect())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        shipments,
        [
            vec![(1, dec(5)), (2, dec(1))],
            vec![(1, dec(5)), (2, dec(2))]
        ]
    );
    assert_eq!(count(&po, "acknowledged"), 1);
}

#[tokio::test]
async fn the_supplier_simulation_confirms_change_and_cancel_requests() {
    // Acknowledges at once, never gets to shipping.
    let hub = simulated_hub(pace(0, 600_000)).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[6]).await;
    let buyer = office.buyer.api.clone();
    wait_for(&buyer, po.id.as_str(), |po| count(po, "acknowledged") == 1).await;
    let change = Op::RequestOrderChange {
        order_id: po.id.to_string(),
        request_id: "CR-1".into(),
        lines: vec![LineAck::Changed {
            line_no: 1,
            quantity: Some(dec(4)),
            delivery_date: None,
            unit_price: None,
        }],
    };
    assert_applied(&office.buyer.send(change).await);
    let changed = wait_for(&buyer, po.id.as_str(), |po| {
        count(po, "change_confirmed") == 1
    })
    .await;
    assert_eq!(line(&changed, 1).confirmed, Some(dec(4)));
    let cancel = Op::RequestOrderCancel {
        order_id: po.id.to_string(),
        reason: "Found it in the store room".into(),
    };
    assert_applied(&office.buyer.send(cancel).await);
    let cancelled = wait_for(&buyer, po.id.as_str(), |po| count(po, "cancelled") == 1).await;
    assert_eq!(states(&cancelled), [Cancelled]);
}

/// A cXML request document of the demo supplier's system, sent now.
fn cxml(payload_id: &str, request: &str) -> String {
    let now = iso_timestamp(now_ms());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd">
<cXML payloadID="{payload_id}" timestamp="{now}" xml:lang="en-US">
    <Header>
        <From><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential></From>
        <To><Credential domain="NetworkID"><Identity>AN-PROCURA</Identity></Credential></To>
        <Sender><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential><UserAgent>OfficePlus ERP</UserAgent></Sender>
    </Header>
    <Request>{request}</Request>
</cXML>"#
    )
}

/// Line 1 confirmed 8 of 10, line 2 as ordered; names the order by id and number.
fn cxml_confirmation(po: &procura_orders::order::PurchaseOrder) -> String {
    let (id, number) = (&po.id, &po.number);
    cxml(
        "conf-1@officeplus.example",
        &format!(
            r#"<ConfirmationRequest>
    <ConfirmationHeader type="detail" confirmID="C-1">
        <Comments xml:lang="en">Only 8 in stock &amp; the rest follows never</Comments>
        <Extrinsic name="ProcuraOrderId">{id}</Extrinsic>
    </ConfirmationHeader>
    <OrderReference orderID="{number}"/>
    <ConfirmationItem quantity="10" lineNumber="1">
        <ConfirmationStatus quantity="8" type="detail"/>
    </ConfirmationItem>
    <ConfirmationItem quantity="4" lineNumber="2">
        <ConfirmationStatus quantity="4" type="accept"/>
    </ConfirmationItem>
</ConfirmationRequest>"#
        ),
    )
}

/// Ship notice `shipment` of order `number` (named by number only): `items` as
/// (line, quantity), none meaning the whole order.
fn cxml_ship_notice(shipment: &str, number: &str, items: &[(u32, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(line, q)| format!(r#"<ShipNoticeItem quantity="{q}" lineNumber="{line}"/>"#))
        .collect();
    cxml(
        &format!("{shipment}@officeplus.example"),
        &format!(
            r#"<ShipNoticeRequest>
    <ShipNoticeHeader shipmentID="{shipment}" noticeDate="{now}"/>
    <ShipControl>
        <CarrierIdentifier domain="companyName">DHL Freight</CarrierIdentifier>
        <ShipmentIdentifier domain="trackingNumber">JJD-{shipment}</ShipmentIdentifier>
    </ShipControl>
    <ShipNoticePortion>
        <OrderReference orderID="{number}"/>
        {items}
    </ShipNoticePortion>
</ShipNoticeRequest>"#,
            now = iso_timestamp(now_ms())
        ),
    )
}

/// A Peppol BIS order response accepting order `number` as ordered.
fn peppol_accepted(number: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2"
               xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
               xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
    <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order_response:3</cbc:CustomizationID>
    <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>
    <cbc:ID>OR-1</cbc:ID>
    <cbc:IssueDate>{today}</cbc:IssueDate>
    <cbc:OrderResponseCode>AP</cbc:OrderResponseCode>
    <cac:OrderReference><cbc:ID>{number}</cbc:ID></cac:OrderReference>
    <cac:SellerSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID></cac:Party></cac:SellerSupplierParty>
    <cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0192">987654325</cbc:EndpointID></cac:Party></cac:BuyerCustomerParty>
</OrderResponse>"#,
        today = day(0)
    )
}

/// `POST /inbound/documents` with `key` as `X-Supplier-Key`.
async fn post_document(hub: &Api, key: Option<&str>, content_type: &str, xml: &str) -> Reply {
    let mut request = hub
        .http
        .post(hub.url("/api/v1/inbound/documents"))
        .header("Content-Type", content_type)
        .body(xml.to_owned());
    if let Some(key) = key {
        request = request.header("X-Supplier-Key", key);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let content_type = response.headers().get(CONTENT_TYPE).map(|v| v.to_str());
    let content_type = content_type.and_then(Result::ok).unwrap_or("").to_owned();
    let body = response.text().await.expect("a body");
    Reply {
        status,
        content_type,
        body,
    }
}

#[tokio::test]
async fn suppliers_send_cxml_and_peppol_documents_that_land_on_their_orders() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    let buyer = office.buyer.api.clone();
    let key = demo_supplier_key(SUPPLIER);
    let xml = "application/xml";

    // Only the supplier's system, with its key, about its own orders, in XML.
    let confirmation = cxml_confirmation(&po);
    let reply = post_document(&hub, None, xml, &confirmation).await;
    reply.assert_error(401, "unauthorized");
    let reply = post_document(&hub, Some("demo-nobody-key"), xml, &confirmation).await;
    reply.assert_error(401, "unauthorized");
    let other = demo_supplier_key("labcore");
    let reply = post_document(&hub, Some(&other), xml, &confirmation).await;
    reply.assert_error(404, "unknown_order");
    let reply = post_document(&hub, Some(&key), "text/plain", &confirmation).await;
    reply.assert_error(415, "unsupported_media_type");
    let reply = post_document(&hub, Some(&key), xml, "<cXML><Request>").await;
    reply.assert_error(422, "invalid_document");
    let entity = confirmation.replace(
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd\">",
        "<!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
    );
    let reply = post_document(&hub, Some(&key), xml, &entity).await;
    reply.assert_error(422, "invalid_document");
    assert_eq!(states(&order_of(&buyer, "po-1").await), [Sent, Sent]);

    let reply = post_document(&hub, Some(&key), "text/xml; charset=utf-8", &confirmation).await;
    let answer: InboundAnswer = reply.json();
    assert_eq!(answer.supplier_id, SUPPLIER);
    assert_eq!(answer.kind, DocumentKind::CxmlConfirmation);
    assert_eq!(answer.document_id, "conf-1@officeplus.example");
    let [m] = &answer.messages[..] else {
        panic!("{answer:?}")
    };
    assert_eq!(m.order_id.as_deref(), Some("po-1"));
    assert!(!m.duplicate);
    assert!(m.note.contains("Only 8 in stock"), "{}", m.note);
    assert!(matches!(&m.event, Some(OrderEvent::Acknowledged { at_ms, .. }) if *at_ms > 0));
    let acked = order_of(&buyer, "po-1").await;
    assert_eq!(states(&acked), [Acknowledged, Acknowledged]);
    assert_eq!(line(&acked, 1).confirmed, Some(dec(8)));
    // The same document again records nothing new.
    let again: InboundAnswer = post_document(&hub, Some(&key), xml, &confirmation)
        .await
        .json();
    assert!(again.messages[0].duplicate);
    assert_eq!(count(&order_of(&buyer, "po-1").await, "acknowledged"), 1);

    // Ship notices by order number: part of line 1, then the whole rest of the order.
    let number = po.number.to_lowercase();
    let first = cxml_ship_notice("SN-1", &number, &[(1, "4")]);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &first).await.json();
    assert_eq!(answer.messages[0].order_id.as_deref(), Some("po-1"));
    let shipped = order_of(&buyer, "po-1").await;
    assert_eq!(states(&shipped), [PartlyShipped, Acknowledged]);
    let too_much = cxml_ship_notice("SN-X", &po.number, &[(2, "5")]);
    let reply = post_document(&hub, Some(&key), xml, &too_much).await;
    reply.assert_error(409, "event_refused");
    let rest = cxml_ship_notice("SN-2", &po.number, &[]);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &rest).await.json();
    let Some(OrderEvent::Shipped {
        lines,
        carrier,
        tracking,
        ..
    }) = &answer.messages[0].event
    else {
        panic!("{answer:?}")
    };
    let lines: Vec<(u32, Decimal)> = lines.iter().map(|l| (l.line_no, l.quantity)).collect();
    assert_eq!(lines, [(1, dec(4)), (2, dec(4))], "what was outstanding");
    assert_eq!(
        (carrier.as_str(), tracking.as_str()),
        ("DHL Freight", "JJD-SN-2")
    );
    assert_eq!(states(&order_of(&buyer, "po-1").await), [Shipped, Shipped]);
    let unknown = cxml_ship_notice("SN-3", "PO-NOSUCH1", &[(1, "1")]);
    let reply = post_document(&hub, Some(&key), xml, &unknown).await;
    reply.assert_error(404, "unknown_order");

    // A status update changes no order: logged and answered.
    let status = cxml(
        "status-1@officeplus.example",
        r#"<StatusUpdateRequest>
    <DocumentReference payloadID="1764000000000.x@procura"/>
    <Status code="200" text="OK" xml:lang="en">Order received by the warehouse</Status>
</StatusUpdateRequest>"#,
    );
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &status).await.json();
    assert_eq!(answer.kind, DocumentKind::CxmlStatusUpdate);
    assert_eq!(answer.messages[0].event, None);
    assert!(answer.messages[0].note.contains("Order received"));

    // Peppol BIS: an order response, by number.
    let po2 = office.sent("po-2", &[3]).await;
    let response = peppol_accepted(&po2.number);
    let answer: InboundAnswer = post_document(&hub, Some(&key), xml, &response).await.json();
    assert_eq!(answer.kind, DocumentKind::PeppolOrderResponse);
    assert_eq!(answer.messages[0].order_id.as_deref(), Some("po-2"));
    assert_eq!(states(&order_of(&buyer, "po-2").await), [Acknowledged]);
}

/// A database made before orders existed gains the supplier order table and every supplier its
/// demo document key on its next start.
#[test]
fn an_older_database_gains_order_intake_and_supplier_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('epoch', 'abc123'), ('catalog_seq', '1');
             CREATE TABLE suppliers (id TEXT PRIMARY KEY, name_en TEXT NOT NULL,
                 name_zh TEXT NOT NULL, currency TEXT NOT NULL);
             INSERT INTO suppliers VALUES ('old', 'Old Supplier', '老供应商', 'CNY');",
        )
        .expect("old schema");
    }
    let mut store = Store::open(&path).expect("migrates");
    assert!(store.seed_demo_if_empty(SMALL).expect("seed"));
    let hash = procura_endpoint::auth::token_hash(&demo_supplier_key("old"));
    assert_eq!(
        store.supplier_by_inbound_key(&hash).unwrap().as_deref(),
        Some("old")
    );
    assert!(store.received_orders("old").unwrap().is_empty());
    drop(store);
    let mut store = Store::open(&path).expect("reopens");
    assert!(
        !store.seed_demo_if_empty(SMALL).expect("seed"),
        "nothing more to seed"
    );
}

#[tokio::test]
async fn the_supplier_simulation_invoices_what_the_buyer_accepted_once() {
    use procura_invoicing::invoice::Invoice;
    let hub = simulated_hub(pace(20, 20)).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[4]).await;
    let buyer = office.buyer.api.clone();
    wait_for(&buyer, po.id.as_str(), |po| count(po, "delivered") == 2).await;
    let receipt = Op::ReceiveGoods {
        order_id: "po-1".into(),
        receipt_id: "rc-1".into(),
        lines: vec![procura_orders::order::ReceivedLine {
            line_no: 1,
            accepted: dec(3),
            damaged: dec(1),
            reason: "torn".into(),
        }],
    };
    assert_applied(&office.buyer.send(receipt).await);
    let started = Instant::now();
    let invoices: Vec<Invoice> = loop {
        let found: Vec<Invoice> = common::approvals::records(&buyer)
            .await
            .into_values()
            .filter_map(|r| match r {
                Record::Invoice(i) => Some(i),
                _ => None,
            })
            .collect();
        if !found.is_empty() {
            // A few more ticks: still one.
            tokio::time::sleep(Duration::from_millis(300)).await;
            break common::approvals::records(&buyer)
                .await
                .into_values()
                .filter_map(|r| match r {
                    Record::Invoice(i) => Some(i),
                    _ => None,
                })
                .collect();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no invoice");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let [invoice] = &invoices[..] else {
        panic!("{invoices:?}")
    };
    assert_eq!(invoice.order_id.as_ref().map(|o| o.as_str()), Some("po-1"));
    assert_eq!(invoice.document.number, format!("{}-1", po.number));
    assert_eq!(
        invoice.document.lines[0].quantity,
        dec(3),
        "what was accepted"
    );
    let ap = hub.login("ap").await;
    let original = ap
        .get(&format!("/api/v1/invoices/{}/original", invoice.id))
        .await;
    assert_eq!(original.status, 200);
    assert!(original.body.contains("InvoiceDetailRequest"));
}
