//! Supplier invoices and credit notes at the hub: accounts payable types in paper invoices
//! (nobody else), each supplier document number is recorded once, the order it names is found
//! among its supplier's orders, and exceptions are decided by accounts payable or a buyer who
//! did not request the goods, from the revision they saw; every device pulls the result.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_endpoint::invoices::InboundInvoice;
use procura_endpoint::store::demo_supplier_key;
use procura_ground::date::Date;
use procura_invoicing::documents::{write_cxml_invoice, write_peppol_invoice};
use procura_invoicing::invoice::{
    Action, DecisionDraft, DocKind, EnteredInvoice, Invoice, InvoiceDocument, InvoiceLine,
};
use procura_invoicing::matching::{self, Status};
use procura_orders::order::{PurchaseOrder, ReceivedLine};

/// An invoice of `po`'s supplier billing `quantities` of its lines at the order's prices, with
/// the total worked out by the money rule.
pub fn paper_invoice(
    po: &PurchaseOrder,
    number: &str,
    quantities: &[(u32, i64)],
    issued: Date,
) -> EnteredInvoice {
    let lines: Vec<InvoiceLine> = quantities
        .iter()
        .enumerate()
        .map(|(i, (n, q))| {
            let ol = po.lines.iter().find(|l| l.line_no == *n).unwrap();
            let q = dec(*q);
            InvoiceLine {
                line_no: i as u32 + 1,
                order_line: Some(*n),
                supplier_part: ol.supplier_part.clone(),
                description: ol.description.clone(),
                quantity: q,
                unit: ol.unit.clone(),
                unit_price: ol.unit_price,
                tax_percent: ol.tax_percent,
                net: procura_ground::money::line_net(q, ol.unit_price, &po.currency).unwrap(),
            }
        })
        .collect();
    let tax: Decimal = lines
        .iter()
        .map(|l| procura_ground::money::tax(l.net, l.tax_percent, &po.currency).unwrap())
        .sum();
    let net: Decimal = lines.iter().map(|l| l.net).sum();
    EnteredInvoice {
        supplier_id: po.supplier_id.clone(),
        document: InvoiceDocument {
            kind: DocKind::Invoice,
            number: number.into(),
            document_id: String::new(),
            issued,
            due: None,
            currency: po.currency.clone(),
            order_id: None,
            order_number: Some(po.number.clone()),
            credit_for: None,
            lines,
            tax_total: tax,
            total: net + tax,
            payment_days: Some(30),
            discount: None,
            note: String::new(),
            contract: None,
        },
    }
}

async fn invoice_of(api: &Api, id: &str) -> Invoice {
    match records(api)
        .await
        .remove(&RecordKey::new(RecordKind::Invoice, id))
    {
        Some(Record::Invoice(i)) => i,
        other => panic!("no invoice {id}: {other:?}"),
    }
}

/// The invoice's status as any device works it out from what it pulled.
async fn status_of(api: &Api, id: &str) -> Status {
    let all = records(api).await;
    let invoice = match all.get(&RecordKey::new(RecordKind::Invoice, id)) {
        Some(Record::Invoice(i)) => i.clone(),
        other => panic!("no invoice {id}: {other:?}"),
    };
    let docs: Vec<&Invoice> = all
        .values()
        .filter_map(|r| match r {
            Record::Invoice(i) if i.order_id == invoice.order_id => Some(i),
            _ => None,
        })
        .collect();
    let order = invoice.order_id.as_ref().and_then(|o| {
        match all.get(&RecordKey::new(RecordKind::Order, o.as_str())) {
            Some(Record::Order(o)) => Some(o),
            _ => None,
        }
    });
    let m = matching::match_order(order, &docs, &[], &Default::default());
    matching::status(&invoice, &m.documents[&invoice.id])
}

#[tokio::test]
async fn accounts_payable_types_in_an_invoice_and_decides_its_exception_not_the_requester() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    // 6 of line 1 received, 1 more refused as damaged; nothing of line 2 yet.
    assert_applied(
        &office
            .buyer
            .send(Op::ReceiveGoods {
                order_id: "po-1".into(),
                receipt_id: "rc-1".into(),
                lines: vec![ReceivedLine {
                    line_no: 1,
                    accepted: dec(6),
                    damaged: dec(1),
                    reason: "crushed box".into(),
                }],
            })
            .await,
    );
    let mut ap = Desk::open(&hub, "ap").await;
    // Billed 7 of line 1: one more than was accepted.
    let paper = paper_invoice(&po, "INV-2026-0042", &[(1, 7)], day(0));
    let enter = |i: EnteredInvoice| Op::EnterInvoice { invoice: i };
    assert_refused(
        &office.buyer.send(enter(paper.clone())).await,
        "forbidden_role",
    );
    assert_refused(
        &office.approver.send(enter(paper.clone())).await,
        "forbidden_role",
    );
    assert_applied(&ap.send(enter(paper.clone())).await);
    // The same number again, even with other lines, is a duplicate.
    let again = paper_invoice(&po, " INV-2026-0042 ", &[(1, 1)], day(0));
    assert_refused(&ap.send(enter(again)).await, "exists");
    let unknown = EnteredInvoice {
        supplier_id: "nobody".into(),
        ..paper.clone()
    };
    assert_refused(&ap.send(enter(unknown)).await, "invalid");

    let id = "officeplus:inv:INV-2026-0042";
    let inv = invoice_of(&office.buyer.api, id).await;
    assert_eq!(
        inv.order_id.as_ref().map(|o| o.as_str()),
        Some("po-1"),
        "found by the order number"
    );
    assert_eq!(inv.entered_by.as_ref().map(|u| u.as_str()), Some("u-ap"));
    assert_eq!(status_of(&office.buyer.api, id).await, Status::Exception);

    // The buyer requested the goods: someone else decides. The approver has no say.
    let decide = |action, comment: &str, revision| Op::DecideInvoice {
        decision: DecisionDraft {
            invoice_id: id.into(),
            revision,
            action,
            comment: comment.into(),
        },
    };
    assert_refused(
        &office.buyer.send(decide(Action::Accept, "fine", 1)).await,
        "forbidden",
    );
    assert_refused(
        &office
            .approver
            .send(decide(Action::Accept, "fine", 1))
            .await,
        "forbidden_role",
    );
    assert_refused(
        &ap.send(decide(Action::Accept, "", 1)).await,
        "comment_required",
    );
    assert_applied(&ap.send(decide(Action::RequestCredit, "", 1)).await);
    assert_refused(&ap.send(decide(Action::Accept, "late", 1)).await, "stale");
    assert_eq!(
        status_of(&office.buyer.api, id).await,
        Status::CreditRequested
    );
    // The supplier's credit note for the one too many, typed in from paper: both match.
    let mut credit = paper_invoice(&po, "CN-7", &[(1, 1)], day(0));
    credit.document.kind = DocKind::CreditNote;
    credit.document.credit_for = Some("INV-2026-0042".into());
    assert_applied(&ap.send(enter(credit)).await);
    assert_eq!(status_of(&office.buyer.api, id).await, Status::Matched);
    assert_eq!(
        status_of(&office.buyer.api, "officeplus:cn:CN-7").await,
        Status::Matched
    );
    // Nothing left to decide.
    assert_refused(&ap.send(decide(Action::Reject, "no", 2)).await, "invalid");
    let inv = invoice_of(&office.approver.api, id).await;
    assert_eq!(inv.revision, 2);
    assert_eq!(inv.decisions.len(), 1);
    assert_eq!(inv.decisions[0].by.as_str(), "u-ap");
}

#[tokio::test]
async fn invoices_past_the_bounds_are_refused_and_the_hub_still_answers() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[2]).await;
    let mut ap = Desk::open(&hub, "ap").await;
    let base = paper_invoice(&po, "X-1", &[(1, 1)], day(0));
    let mut huge = base.clone();
    huge.document.lines = vec![huge.document.lines[0].clone(); 5_000];
    assert_refused(
        &ap.send(Op::EnterInvoice { invoice: huge }).await,
        "too_many",
    );
    let mut long = base.clone();
    long.document.number = "9".repeat(10_000);
    assert_refused(
        &ap.send(Op::EnterInvoice { invoice: long }).await,
        "too_long",
    );
    let mut max = base.clone();
    max.document.lines[0].quantity = Decimal::MAX;
    max.document.lines[0].unit_price = Decimal::MAX;
    let refused = ap.send(Op::EnterInvoice { invoice: max }).await;
    assert!(
        matches!(refused, OutcomeResult::Refused { .. }),
        "{refused:?}"
    );
    let mut future = base.clone();
    future.document.issued = day(400);
    assert_refused(
        &ap.send(Op::EnterInvoice { invoice: future }).await,
        "invalid",
    );
    let bogus = Op::DecideInvoice {
        decision: DecisionDraft {
            invoice_id: "nope".into(),
            revision: 1,
            action: Action::Accept,
            comment: "x".into(),
        },
    };
    assert_refused(&ap.send(bogus).await, "invalid");
    assert_applied(&ap.send(Op::EnterInvoice { invoice: base }).await);
    hub.get("/api/v1/health").await;
}

/// `POST /inbound/documents` with `key` as `X-Supplier-Key`.
async fn post_document(hub: &Api, key: &str, xml: &str) -> Reply {
    let response = hub
        .http
        .post(hub.url("/api/v1/inbound/documents"))
        .header("Content-Type", "application/xml")
        .header("X-Supplier-Key", key)
        .body(xml.to_owned())
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response.text().await.expect("a body");
    Reply {
        status,
        content_type,
        body,
    }
}

#[tokio::test]
async fn suppliers_post_a_cxml_invoice_and_a_peppol_credit_note_that_cures_it() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    let receipt = Op::ReceiveGoods {
        order_id: "po-1".into(),
        receipt_id: "rc-1".into(),
        lines: vec![
            ReceivedLine {
                line_no: 1,
                accepted: dec(6),
                damaged: dec(1),
                reason: "crushed".into(),
            },
            ReceivedLine {
                line_no: 2,
                accepted: dec(4),
                damaged: dec(0),
                reason: String::new(),
            },
        ],
    };
    assert_applied(&office.buyer.send(receipt).await);
    let key = demo_supplier_key(po.supplier_id.as_str());
    // The supplier bills what it shipped: the damaged box too.
    let mut doc = paper_invoice(&po, "OFF-77", &[(1, 7), (2, 4)], day(0)).document;
    doc.order_id = Some("po-1".into());
    doc.order_number = None;
    let xml = write_cxml_invoice(
        &doc,
        "officeplus",
        "procura",
        "inv-77@officeplus.example",
        now_ms(),
    );
    let reply = post_document(&hub, &key, &xml).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer: InboundInvoice = reply.json();
    assert_eq!(answer.invoice_id, "officeplus:inv:OFF-77");
    assert_eq!(answer.order_id.as_deref(), Some("po-1"));
    assert_eq!(answer.status, Status::Exception);
    assert!(!answer.duplicate);
    // A retry of the same bytes is answered the same and writes nothing; another document
    // with that number is a duplicate.
    let again: InboundInvoice = post_document(&hub, &key, &xml).await.json();
    assert!(again.duplicate);
    assert_eq!(again.invoice_id, answer.invoice_id);
    let mut other = doc.clone();
    other.lines.truncate(1);
    other.total = dec(1);
    let other_xml = write_cxml_invoice(
        &other,
        "officeplus",
        "procura",
        "inv-77b@officeplus.example",
        now_ms(),
    );
    post_document(&hub, &key, &other_xml)
        .await
        .assert_error(409, "duplicate");

    // Everyone's device sees it in exception; the original is kept for whoever checks it.
    let id = answer.invoice_id.as_str();
    assert_eq!(status_of(&office.buyer.api, id).await, Status::Exception);
    let mut ap = Desk::open(&hub, "ap").await;
    let original = ap.api.get(&format!("/api/v1/invoices/{id}/original")).await;
    assert_eq!(original.status, 200);
    assert_eq!(original.body, xml);
    assert!(
        original.content_type.contains("xml"),
        "{}",
        original.content_type
    );
    office
        .approver
        .api
        .get(&format!("/api/v1/invoices/{id}/original"))
        .await
        .assert_error(403, "forbidden");
    ap.api
        .get("/api/v1/invoices/nothing/original")
        .await
        .assert_error(404, "not_found");

    // Accounts payable asks for a credit note; the supplier sends it as Peppol.
    let ask = Op::DecideInvoice {
        decision: DecisionDraft {
            invoice_id: id.into(),
            revision: 1,
            action: Action::RequestCredit,
            comment: String::new(),
        },
    };
    assert_applied(&ap.send(ask).await);
    let mut credit = paper_invoice(&po, "OFF-77-C", &[(1, 1)], day(0)).document;
    credit.kind = DocKind::CreditNote;
    credit.credit_for = Some("OFF-77".into());
    let peppol = write_peppol_invoice(&credit, "0088:7300010000001", "0192:987654325");
    let answer: InboundInvoice = post_document(&hub, &key, &peppol).await.json();
    assert_eq!(answer.kind, DocKind::CreditNote);
    assert_eq!(answer.status, Status::Matched);
    assert_eq!(status_of(&office.buyer.api, id).await, Status::Matched);

    // About an order of another supplier: recorded, but on no order (an exception).
    let stranger = demo_supplier_key("labcore");
    let mut wrong = paper_invoice(&po, "LAB-1", &[(1, 1)], day(0)).document;
    wrong.order_id = Some("po-1".into());
    let xml = write_cxml_invoice(
        &wrong,
        "labcore",
        "procura",
        "lab-1@labcore.example",
        now_ms(),
    );
    let answer: InboundInvoice = post_document(&hub, &stranger, &xml).await.json();
    assert_eq!(answer.order_id, None);
    assert_eq!(answer.status, Status::Exception);
}

#[tokio::test]
async fn invoice_documents_past_the_bounds_are_refused_whole() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[3]).await;
    let key = demo_supplier_key("officeplus");
    let doc = paper_invoice(&po, "B-1", &[(1, 1)], day(0)).document;
    let mut many = doc.clone();
    many.lines = (1..=1_001)
        .map(|n| InvoiceLine {
            line_no: n,
            ..doc.lines[0].clone()
        })
        .collect();
    let xml = write_cxml_invoice(&many, "officeplus", "procura", "b-1@x", now_ms());
    post_document(&hub, &key, &xml)
        .await
        .assert_error(422, "invalid_document");
    let debit = write_cxml_invoice(&doc, "officeplus", "procura", "b-2@x", now_ms())
        .replace("purpose=\"standard\"", "purpose=\"debitMemo\"");
    post_document(&hub, &key, &debit)
        .await
        .assert_error(422, "invalid_document");
    let mut future = doc.clone();
    future.issued = day(30);
    let xml = write_peppol_invoice(&future, "0088:1", "0192:2");
    post_document(&hub, &key, &xml)
        .await
        .assert_error(422, "invalid_document");
    let entity = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE cXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
        write_cxml_invoice(&doc, "officeplus", "procura", "b-3@x", now_ms())
            .split_once("<cXML")
            .map(|(_, rest)| format!("<cXML{rest}"))
            .unwrap()
    );
    post_document(&hub, &key, &entity)
        .await
        .assert_error(422, "invalid_document");
    // Nothing was recorded; a good one still is.
    let xml = write_cxml_invoice(&doc, "officeplus", "procura", "b-4@x", now_ms());
    let answer: InboundInvoice = post_document(&hub, &key, &xml).await.json();
    assert_eq!(answer.status, Status::Exception, "nothing received yet");
    let held = records(&office.buyer.api).await;
    assert_eq!(
        held.keys()
            .filter(|k| k.kind == RecordKind::Invoice)
            .count(),
        1
    );
}
