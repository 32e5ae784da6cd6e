//! Attacks with invoices against the release-profile hub: supplier documents that are huge,
//! hold a thousand lines of extreme numbers, repeat one number 200 times at once, or name other
//! suppliers' orders; typed-in invoices from someone who may not, with texts far past their
//! caps and `Decimal::MAX` everywhere; decisions on what does not exist. Each is refused or
//! recorded once, nothing half-written, and the hub still answers.

use crate::common::*;
use crate::support::{assert_healthy, Hub};
use procura_invoicing::documents::write_cxml_invoice;
use procura_invoicing::invoice::{
    Action, DecisionDraft, DocKind, EnteredInvoice, InvoiceDocument, InvoiceLine,
};

fn document(number: &str, lines: usize, quantity: Decimal, price: Decimal) -> InvoiceDocument {
    InvoiceDocument {
        kind: DocKind::Invoice,
        number: number.into(),
        document_id: String::new(),
        issued: procura_ground::date::parse_day("2026-01-05").unwrap(),
        due: None,
        currency: "CNY".into(),
        order_id: Some("no-such-order".into()),
        order_number: None,
        credit_for: None,
        contract: None,
        lines: (1..=lines as u32)
            .map(|n| InvoiceLine {
                line_no: n,
                order_line: Some(n),
                supplier_part: "P".into(),
                description: "hostile".into(),
                quantity,
                unit: "EA".into(),
                unit_price: price,
                tax_percent: Decimal::from(13),
                net: Decimal::ZERO,
            })
            .collect(),
        tax_total: Decimal::ZERO,
        total: Decimal::ZERO,
        payment_days: None,
        discount: None,
        note: String::new(),
    }
}

async fn post(hub: &Hub, key: &str, xml: String) -> (u16, String) {
    let response = hub
        .client()
        .post(hub.url("/api/v1/inbound/documents"))
        .header("x-supplier-key", key)
        .header("content-type", "application/xml")
        .body(xml)
        .timeout(std::time::Duration::from_secs(60))
        .send()
        .await
        .expect("the hub answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn invoices_held(api: &Api) -> usize {
    api.sync_pull_all(Cursor::start(), 5_000)
        .await
        .iter()
        .flat_map(|p| &p.changes)
        .filter(|c| {
            matches!(
                c,
                RecordChange::Upsert {
                    record: Record::Invoice(_)
                }
            )
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_invoices_are_refused_or_recorded_once_and_the_hub_answers() {
    let mut hub = Hub::demo(&[]);
    let key = procura_endpoint::store::demo_supplier_key("officeplus");
    let now = 1_767_600_000_000; // 2026-01-05
    let ap = hub.as_user("ap", DEMO_PASSWORD).await;
    let held_before = invoices_held(&ap).await;

    // A thousand lines at the bounds: read, its arithmetic past the money bounds an exception,
    // never a panic.
    let xml = write_cxml_invoice(
        &document(
            "H-MAX",
            1_000,
            Decimal::from(1_000_000_000),
            Decimal::from(1_000_000_000_000u64),
        ),
        "officeplus",
        "procura",
        "h-max@x",
        now,
    );
    let (status, body) = post(&hub, &key, xml).await;
    assert!(status == 200 || status == 422, "{status}: {body}");
    // Past the bounds: refused whole.
    for (number, lines, q) in [
        ("H-1001", 1_001, Decimal::ONE),
        ("H-BIG", 1, Decimal::MAX),
        ("H-FRAC", 1, Decimal::new(1, 27)),
    ] {
        let xml = write_cxml_invoice(
            &document(number, lines, q, Decimal::ONE),
            "officeplus",
            "procura",
            "h@x",
            now,
        );
        let (status, body) = post(&hub, &key, xml).await;
        assert_eq!(status, 422, "{number}: {body}");
    }
    let long = write_cxml_invoice(
        &document(&"9".repeat(100_000), 1, Decimal::ONE, Decimal::ONE),
        "officeplus",
        "procura",
        "h-long@x",
        now,
    );
    assert_eq!(post(&hub, &key, long).await.0, 422);

    // The same number 200 times at once, each a different document: one recorded.
    let sends: Vec<_> = (0..200)
        .map(|i| {
            let xml = write_cxml_invoice(
                &document("H-SAME", 1, Decimal::from(i + 1), Decimal::ONE),
                "officeplus",
                "procura",
                &format!("same-{i}@x"),
                now,
            );
            let client = hub.client();
            let url = hub.url("/api/v1/inbound/documents");
            let key = key.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("x-supplier-key", key)
                    .header("content-type", "application/xml")
                    .body(xml)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for s in sends {
        statuses.push(s.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 503].contains(s)),
        "{statuses:?}"
    );

    // Typed in: by a buyer; with texts far past their caps; with extreme numbers.
    let entered = |d: InvoiceDocument| Op::EnterInvoice {
        invoice: EnteredInvoice {
            supplier_id: "officeplus".into(),
            document: d,
        },
    };
    let mut huge_note = document("T-1", 1, Decimal::ONE, Decimal::ONE);
    huge_note.note = "n".repeat(1_000_000);
    let mut neg = document("T-2", 1, Decimal::MIN, Decimal::MIN);
    neg.total = Decimal::MIN;
    let ops = vec![
        entered(huge_note),
        entered(neg),
        entered(document("T-3", 5_000, Decimal::ONE, Decimal::ONE)),
        Op::DecideInvoice {
            decision: DecisionDraft {
                invoice_id: "x".repeat(10_000),
                revision: u32::MAX,
                action: Action::Accept,
                comment: "c".repeat(100_000),
            },
        },
        Op::DecideInvoice {
            decision: DecisionDraft {
                invoice_id: "officeplus:inv:H-SAME".into(),
                revision: u32::MAX,
                action: Action::Accept,
                comment: "ok".into(),
            },
        },
    ];
    let request = PushRequest {
        client_id: "hostile-invoices".into(),
        mutations: ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| Mutation {
                id: i as u64 + 1,
                created_at_ms: 0,
                op,
            })
            .collect(),
    };
    let answer: PushResponse = ap.push(&request).await.json();
    assert!(
        answer
            .outcomes
            .iter()
            .all(|o| !matches!(o.result, OutcomeResult::Applied)),
        "{:?}",
        answer.outcomes
    );
    let buyer = hub.as_user("buyer", DEMO_PASSWORD).await;
    let request = PushRequest {
        client_id: "hostile-invoices-buyer".into(),
        mutations: vec![Mutation {
            id: 1,
            created_at_ms: 0,
            op: entered(document("T-4", 1, Decimal::ONE, Decimal::ONE)),
        }],
    };
    let answer: PushResponse = buyer.push(&request).await.json();
    assert!(
        matches!(&answer.outcomes[0].result, OutcomeResult::Refused { code, .. } if code == "forbidden_role")
    );

    let held = invoices_held(&ap).await - held_before;
    assert!((1..=2).contains(&held), "H-SAME and at most H-MAX: {held}");
    assert!(hub.health().await);
    assert_healthy(&mut hub).await;
    hub.assert_alive();
}
