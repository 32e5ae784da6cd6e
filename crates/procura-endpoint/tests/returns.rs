//! Returns at the hub: a buyer opens one from a receipt (a damaged quantity claimed, goods
//! accepted sent back), the hub re-checks it against its order and the returns on it; the
//! supplier reads its open returns with its key and moves its own forward only; a credit note
//! naming the return closes it; an invoice billing returned goods is an exception.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_endpoint::store::demo_supplier_key;
use procura_invoicing::invoice::{DocKind, EnteredInvoice, Invoice, InvoiceDocument, InvoiceLine};
use procura_invoicing::matching::{self, Status};
use procura_invoicing::returns::{
    Remedy, Return, ReturnDraft, ReturnFrom, ReturnLine, ReturnStatus,
};
use procura_orders::order::{PurchaseOrder, ReceivedLine};

fn paper(po: &PurchaseOrder, kind: DocKind, number: &str, lines: &[(u32, i64)]) -> EnteredInvoice {
    let lines: Vec<InvoiceLine> = lines
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
            kind,
            number: number.into(),
            document_id: String::new(),
            issued: day(0),
            due: None,
            currency: po.currency.clone(),
            order_id: Some(po.id.to_string()),
            order_number: None,
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

fn open(id: &str, order: &str, lines: &[(u32, i64, ReturnFrom)], remedy: Remedy) -> Op {
    Op::OpenReturn {
        ret: ReturnDraft {
            id: id.into(),
            order_id: order.into(),
            lines: lines
                .iter()
                .map(|(n, q, from)| ReturnLine {
                    order_line: *n,
                    quantity: dec(*q),
                    from: *from,
                })
                .collect(),
            reason: "crushed in transit".into(),
            remedy,
            note: "pallet 2".into(),
            photo: None,
        },
    }
}

async fn return_of(api: &Api, id: &str) -> Return {
    match records(api)
        .await
        .remove(&RecordKey::new(RecordKind::Return, id))
    {
        Some(Record::Return(r)) => r,
        other => panic!("no return {id}: {other:?}"),
    }
}

/// An invoice's status as a device works it out from what it pulled, returns included.
async fn status_of(api: &Api, id: &str) -> Status {
    let all = records(api).await;
    let Some(Record::Invoice(invoice)) = all.get(&RecordKey::new(RecordKind::Invoice, id)) else {
        panic!("no invoice {id}")
    };
    let docs: Vec<&Invoice> = all
        .values()
        .filter_map(|r| match r {
            Record::Invoice(i) if i.order_id == invoice.order_id => Some(i),
            _ => None,
        })
        .collect();
    let rets: Vec<&Return> = all
        .values()
        .filter_map(|r| match r {
            Record::Return(r) => Some(r),
            _ => None,
        })
        .collect();
    let order = invoice.order_id.as_ref().and_then(|o| {
        match all.get(&RecordKey::new(RecordKind::Order, o.as_str())) {
            Some(Record::Order(o)) => Some(o),
            _ => None,
        }
    });
    let m = matching::match_order(order, &docs, &rets, &Default::default());
    matching::status(invoice, &m.documents[&invoice.id])
}

/// `GET /inbound/returns` with `key`.
async fn supplier_list(hub: &Api, key: Option<&str>) -> Reply {
    let mut request = hub.http.get(hub.url("/api/v1/inbound/returns"));
    if let Some(key) = key {
        request = request.header("X-Supplier-Key", key);
    }
    reply(request).await
}

/// `POST /inbound/returns/{id}` with `key`.
async fn supplier_update(hub: &Api, key: Option<&str>, id: &str, body: Value) -> Reply {
    let mut request = hub
        .http
        .post(hub.url(&format!("/api/v1/inbound/returns/{id}")))
        .json(&body);
    if let Some(key) = key {
        request = request.header("X-Supplier-Key", key);
    }
    reply(request).await
}

async fn reply(request: reqwest::RequestBuilder) -> Reply {
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

fn status(to: &str) -> Value {
    json!({ "status": to, "note": "" })
}

const A: ReturnFrom = ReturnFrom::Accepted;
const R: ReturnFrom = ReturnFrom::Refused;

#[tokio::test]
async fn a_return_from_a_damaged_receipt_reaches_the_supplier_and_a_credit_note_closes_it() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[10, 4]).await;
    // 8 of line 1 taken in, 2 refused as damaged; all 4 of line 2.
    assert_applied(
        &office
            .buyer
            .send(Op::ReceiveGoods {
                order_id: "po-1".into(),
                receipt_id: "rc-1".into(),
                lines: vec![
                    ReceivedLine {
                        line_no: 1,
                        accepted: dec(8),
                        damaged: dec(2),
                        reason: "crushed box".into(),
                    },
                    ReceivedLine {
                        line_no: 2,
                        accepted: dec(4),
                        damaged: dec(0),
                        reason: String::new(),
                    },
                ],
            })
            .await,
    );
    // Accounts payable has the supplier's invoice for everything accepted: it matches.
    let mut ap = Desk::open(&hub, "ap").await;
    let enter = |i: EnteredInvoice| Op::EnterInvoice { invoice: i };
    assert_applied(
        &ap.send(enter(paper(
            &po,
            DocKind::Invoice,
            "INV-1",
            &[(1, 8), (2, 4)],
        )))
        .await,
    );
    let inv = "officeplus:inv:INV-1";
    assert_eq!(status_of(&office.buyer.api, inv).await, Status::Matched);

    // Refusals: another role, unknown line, too many, an unknown order.
    let claim = || {
        open(
            "a1b2c3d4e5",
            "po-1",
            &[(1, 2, R), (2, 1, A)],
            Remedy::Refund,
        )
    };
    assert_refused(&office.approver.send(claim()).await, "forbidden_role");
    assert_refused(&ap.send(claim()).await, "forbidden_role");
    assert_refused(
        &office
            .buyer
            .send(open("rt-x", "po-1", &[(9, 1, A)], Remedy::Refund))
            .await,
        "invalid",
    );
    assert_refused(
        &office
            .buyer
            .send(open("rt-x", "po-1", &[(1, 3, R)], Remedy::Refund))
            .await,
        "invalid",
    );
    assert_refused(
        &office
            .buyer
            .send(open("rt-x", "po-1", &[(2, 5, A)], Remedy::Refund))
            .await,
        "invalid",
    );
    assert_refused(
        &office
            .buyer
            .send(open("rt-x", "po-404", &[(1, 1, A)], Remedy::Refund))
            .await,
        "invalid",
    );
    // The claim for the 2 damaged and 1 of line 2 sent back, as a refund.
    assert_applied(&office.buyer.send(claim()).await);
    // The same return again (a device's retry under a new mutation id) is recorded once.
    assert_applied(&office.buyer.send(claim()).await);
    let ret = return_of(&office.buyer.api, "a1b2c3d4e5").await;
    assert_eq!(ret.number, "RT-A1B2C3D4");
    assert_eq!(ret.status, ReturnStatus::Requested);
    assert_eq!(ret.revision, 1);
    assert_eq!(ret.supplier_id.as_str(), SUPPLIER);
    // The same line can not be over-returned by a second return.
    assert_refused(
        &office
            .buyer
            .send(open("rt-2", "po-1", &[(2, 4, A)], Remedy::Replace))
            .await,
        "invalid",
    );
    // Line 2 bills 4, of which 1 went back: the invoice is now over what may be paid.
    assert_eq!(status_of(&office.buyer.api, inv).await, Status::Exception);

    // The supplier, with its key, sees its open return; another supplier sees none of it.
    let key = demo_supplier_key(SUPPLIER);
    supplier_list(&hub, None)
        .await
        .assert_error(401, "unauthorized");
    supplier_list(&hub, Some("demo-nobody-key"))
        .await
        .assert_error(401, "unauthorized");
    let listed: Value = supplier_list(&hub, Some(&key)).await.json();
    assert_eq!(listed["supplier_id"], SUPPLIER);
    assert_eq!(listed["returns"][0]["number"], "RT-A1B2C3D4");
    assert_eq!(listed["returns"][0]["lines"][0]["from"], "refused");
    let other = demo_supplier_key("labcore");
    let theirs: Value = supplier_list(&hub, Some(&other)).await.json();
    assert_eq!(theirs["returns"], json!([]));
    supplier_update(&hub, Some(&other), "a1b2c3d4e5", status("accepted"))
        .await
        .assert_error(404, "not_found");
    supplier_update(&hub, None, "a1b2c3d4e5", status("accepted"))
        .await
        .assert_error(401, "unauthorized");
    supplier_update(&hub, Some(&key), "nope", status("accepted"))
        .await
        .assert_error(404, "not_found");
    supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("shipped"))
        .await
        .assert_error(422, "invalid");
    // Forward only, and the same status again changes nothing.
    supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("collected"))
        .await
        .assert_error(409, "return.status_invalid");
    let r = supplier_update(
        &hub,
        Some(&key),
        "a1b2c3d4e5",
        json!({"status": "accepted", "note": "pick-up Tuesday"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json::<Value>()["changed"], true);
    let again: Value = supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("accepted"))
        .await
        .json();
    assert_eq!(again["changed"], false);
    assert_eq!(again["return"]["revision"], 2);
    supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("requested"))
        .await
        .assert_error(409, "return.status_invalid");
    supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("refused"))
        .await
        .assert_error(409, "return.status_invalid");
    // The buyer can no longer cancel what the supplier accepted.
    assert_refused(
        &office
            .buyer
            .send(Op::CancelReturn {
                id: "a1b2c3d4e5".into(),
                revision: 2,
            })
            .await,
        "invalid",
    );
    let r = supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("collected")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // A refund return ends credited, not replaced.
    supplier_update(&hub, Some(&key), "a1b2c3d4e5", status("replaced"))
        .await
        .assert_error(409, "return.status_invalid");
    let ret = return_of(&office.buyer.api, "a1b2c3d4e5").await;
    assert_eq!(ret.status, ReturnStatus::Collected);
    assert_eq!(ret.history[1].note, "pick-up Tuesday");

    // The supplier's credit note for the one returned, naming the return: it closes it, and
    // the invoice matches again.
    let mut credit = paper(&po, DocKind::CreditNote, "CN-1", &[(2, 1)]);
    credit.document.credit_for = Some("RT-A1B2C3D4".into());
    assert_applied(&ap.send(enter(credit)).await);
    let ret = return_of(&office.buyer.api, "a1b2c3d4e5").await;
    assert_eq!(ret.status, ReturnStatus::Credited);
    assert_eq!(ret.history.last().unwrap().note, "CN-1");
    assert_eq!(status_of(&office.buyer.api, inv).await, Status::Matched);
    // Closed: no longer among the supplier's open returns.
    let listed: Value = supplier_list(&hub, Some(&key)).await.json();
    assert_eq!(listed["returns"], json!([]));
}

#[tokio::test]
async fn a_buyer_cancels_a_requested_return_and_it_counts_for_nothing() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    office.sent("po-1", &[5]).await;
    assert_applied(
        &office
            .buyer
            .send(Op::ReceiveGoods {
                order_id: "po-1".into(),
                receipt_id: "rc-1".into(),
                lines: vec![ReceivedLine {
                    line_no: 1,
                    accepted: dec(5),
                    damaged: dec(0),
                    reason: String::new(),
                }],
            })
            .await,
    );
    assert_applied(
        &office
            .buyer
            .send(open("rt-1", "po-1", &[(1, 5, A)], Remedy::Replace))
            .await,
    );
    let cancel = |revision| Op::CancelReturn {
        id: "rt-1".into(),
        revision,
    };
    assert_refused(&office.approver.send(cancel(1)).await, "forbidden_role");
    assert_refused(&office.buyer.send(cancel(0)).await, "stale");
    assert_applied(&office.buyer.send(cancel(1)).await);
    assert_eq!(
        return_of(&office.buyer.api, "rt-1").await.status,
        ReturnStatus::Cancelled
    );
    // All 5 may go back again.
    assert_applied(
        &office
            .buyer
            .send(open("rt-2", "po-1", &[(1, 5, A)], Remedy::Replace))
            .await,
    );
    let key = demo_supplier_key(SUPPLIER);
    let listed: Value = supplier_list(&hub, Some(&key)).await.json();
    let numbers: Vec<&str> = listed["returns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["rt-2"]);
    // A replace return ends replaced.
    for to in ["accepted", "collected", "replaced"] {
        let r = supplier_update(&hub, Some(&key), "rt-2", status(to)).await;
        assert_eq!(r.status, 200, "{to}: {}", r.body);
    }
    assert_eq!(
        return_of(&office.buyer.api, "rt-2").await.status,
        ReturnStatus::Replaced
    );
    assert_refused(&office.buyer.send(cancel(9)).await, "stale");
}

#[tokio::test]
async fn hostile_returns_are_answered_without_a_panic() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    office.sent("po-1", &[5]).await;
    let extreme = [
        json!("79228162514264337593543950335"),
        json!("-79228162514264337593543950335"),
        json!("0.0000000000000000000000000001"),
        json!("1e30"),
        json!("NaN"),
        json!(1e300),
        json!(""),
    ];
    for q in extreme {
        let op = json!({
            "type": "open_return",
            "ret": {
                "id": "rt-h", "order_id": "po-1", "reason": "x", "remedy": "refund",
                "lines": [{"order_line": 1, "quantity": q, "from": "accepted"}],
            },
        });
        office.buyer.refused_or_rejected(op).await;
    }
    // Oversized: lines, reason, id, note.
    let many: Vec<Value> = (0..5_000)
        .map(|_| json!({"order_line": 1, "quantity": "1", "from": "accepted"}))
        .collect();
    for ret in [
        json!({"id": "rt-h", "order_id": "po-1", "reason": "x", "remedy": "refund", "lines": many}),
        json!({"id": "rt-h", "order_id": "po-1", "reason": "x".repeat(100_000), "remedy": "refund",
               "lines": [{"order_line": 1, "quantity": "1", "from": "accepted"}]}),
        json!({"id": "r".repeat(10_000), "order_id": "po-1", "reason": "x", "remedy": "refund",
               "lines": [{"order_line": 1, "quantity": "1", "from": "accepted"}]}),
        json!({"id": "rt-h", "order_id": "po-1", "reason": "x", "remedy": "refund", "note": "n".repeat(100_000),
               "lines": [{"order_line": 4294967295u32, "quantity": "1", "from": "refused"}]}),
    ] {
        office
            .buyer
            .refused_or_rejected(json!({"type": "open_return", "ret": ret}))
            .await;
    }
    // The supplier's route: malformed bodies, huge notes and ids.
    let key = demo_supplier_key(SUPPLIER);
    for (id, body) in [
        ("rt-h".to_owned(), json!({"status": 7})),
        ("rt-h".to_owned(), json!([])),
        ("x".repeat(5_000), status("accepted")),
        (
            "rt-h".to_owned(),
            json!({"status": "accepted", "note": "n".repeat(1_000_000)}),
        ),
    ] {
        let r = supplier_update(&hub, Some(&key), &id, body).await;
        assert!((400..500).contains(&r.status), "{}: {}", r.status, r.body);
    }
    // The hub still answers.
    assert_eq!(hub.get("/api/v1/health").await.status, 200);
}

/// A credit note arriving from the supplier's system (recorded by the hub, not typed in)
/// credits the return it names, in the same transaction.
#[tokio::test]
async fn a_supplier_credit_note_credits_the_refund_return_it_names() {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let state = AppState::new(store);
    let hub = serve(state.clone(), None).await;
    let mut office = Office::open(&hub).await;
    let po = office.sent("po-1", &[6]).await;
    assert_applied(
        &office
            .buyer
            .send(Op::ReceiveGoods {
                order_id: "po-1".into(),
                receipt_id: "rc-1".into(),
                lines: vec![ReceivedLine {
                    line_no: 1,
                    accepted: dec(6),
                    damaged: dec(0),
                    reason: String::new(),
                }],
            })
            .await,
    );
    assert_applied(
        &office
            .buyer
            .send(open("feedbeef00", "po-1", &[(1, 2, A)], Remedy::Refund))
            .await,
    );
    // A credit note for another return changes nothing; the one naming it credits it.
    let mut other = paper(&po, DocKind::CreditNote, "CN-0", &[(1, 1)]);
    other.document.credit_for = Some("RT-00000000".into());
    let mut credit = paper(&po, DocKind::CreditNote, "CN-1", &[(1, 2)]);
    credit.document.credit_for = Some("rt-feedbeef".into());
    let supplier = po.supplier_id.to_string();
    let (first, second) = state
        .with_store(move |store| {
            let record = |store: &mut Store, d: InvoiceDocument| {
                store
                    .record_invoice(
                        &supplier,
                        d.clone(),
                        procura_invoicing::invoice::Source::Peppol,
                        (
                            "application/xml",
                            &format!("<CreditNote>{}</CreditNote>", d.number),
                        ),
                        now_ms(),
                    )
                    .map(|r| r.expect("recorded"))
            };
            let first = record(store, other.document)?;
            let after_first = store.returns_on_order("po-1")?[0].status;
            let second = record(store, credit.document)?;
            Ok(((first, after_first), second))
        })
        .await
        .unwrap();
    assert_eq!(first.1, ReturnStatus::Requested);
    assert!(!second.1, "not a duplicate");
    let ret = return_of(&office.buyer.api, "feedbeef00").await;
    assert_eq!(ret.status, ReturnStatus::Credited);
    assert_eq!(ret.history.last().unwrap().note, "CN-1");
    let open: Value = supplier_list(&hub, Some(&demo_supplier_key(SUPPLIER)))
        .await
        .json();
    assert_eq!(open["returns"], json!([]));
}

#[tokio::test]
async fn a_photo_goes_with_the_return_to_the_supplier_and_a_bad_one_is_refused() {
    use procura_invoicing::returns::{Photo, MAX_PHOTO_BASE64};
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    office.sent("po-1", &[5]).await;
    assert_applied(
        &office
            .buyer
            .send(Op::ReceiveGoods {
                order_id: "po-1".into(),
                receipt_id: "rc-1".into(),
                lines: vec![ReceivedLine {
                    line_no: 1,
                    accepted: dec(5),
                    damaged: dec(0),
                    reason: String::new(),
                }],
            })
            .await,
    );
    let with = |id: &str, content_type: &str, data: &str| {
        let mut op = open(id, "po-1", &[(1, 1, A)], Remedy::Replace);
        if let Op::OpenReturn { ret } = &mut op {
            ret.photo = Some(Photo {
                content_type: content_type.into(),
                data: data.into(),
            });
        }
        op
    };
    // A PNG signature and header, base64.
    let png = "iVBORw0KGgoAAAANSUhEUg==";
    // The bytes of a PNG called a JPEG; a GIF; not base64; longer than the cap.
    let refused = [
        (with("rt-bad", "image/jpeg", png), "return.photo_invalid"),
        (
            with("rt-bad", "image/gif", "R0lGODlh"),
            "return.photo_invalid",
        ),
        (with("rt-bad", "image/png", "%%%"), "return.photo_invalid"),
        (
            with("rt-bad", "image/png", &"A".repeat(MAX_PHOTO_BASE64 + 4)),
            "limits.too_long_chars",
        ),
    ];
    for (op, code) in refused {
        assert_refused_for(&office.buyer.send(op).await, code);
    }
    assert_applied(&office.buyer.send(with("rt-1", "image/png", png)).await);
    // A retry with the photo is the same return; a different photo under its id is not.
    assert_applied(&office.buyer.send(with("rt-1", "image/png", png)).await);
    assert_refused_for(
        &office
            .buyer
            .send(with("rt-1", "image/jpeg", "/9j/4AAQ"))
            .await,
        "return.exists",
    );
    let ret = return_of(&office.buyer.api, "rt-1").await;
    assert_eq!(ret.photo.as_ref().map(|p| p.data.as_str()), Some(png));
    let listed: Value = supplier_list(&hub, Some(&demo_supplier_key(SUPPLIER)))
        .await
        .json();
    assert_eq!(
        listed["returns"][0]["photo"],
        json!({ "content_type": "image/png", "data": png })
    );
}
