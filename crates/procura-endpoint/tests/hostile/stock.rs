//! Attacks with stock: a buyer who stocks items, a location and a note far past their caps,
//! quantities past the bounds and fractions, times at the ends of `i64`, issues for items
//! nobody stocked, and a full push of the same goods issue. Each is refused or recorded once,
//! nothing half-written, and the hub still answers.

use crate::common::*;
use crate::support::Hub;
use procura_spend::stock::{GoodsIssueDraft, StockDraft};

fn push(client: &str, ops: Vec<Op>) -> PushRequest {
    PushRequest {
        client_id: client.into(),
        mutations: ops
            .into_iter()
            .enumerate()
            .map(|(i, op)| Mutation {
                id: i as u64 + 1,
                created_at_ms: 0,
                op,
            })
            .collect(),
    }
}

fn codes(answer: &PushResponse) -> Vec<String> {
    answer
        .outcomes
        .iter()
        .map(|o| match &o.result {
            OutcomeResult::Refused { code, .. } => code.clone(),
            OutcomeResult::Applied => "applied".into(),
        })
        .collect()
}

async fn held(api: &Api) -> (usize, usize) {
    let pages = api.sync_pull_all(Cursor::start(), 5_000).await;
    let mut stocks = 0;
    let mut issues = 0;
    for c in pages.iter().flat_map(|p| &p.changes) {
        match c {
            RecordChange::Upsert {
                record: Record::Stock(_),
            } => stocks += 1,
            RecordChange::Upsert {
                record: Record::GoodsIssue(_),
            } => issues += 1,
            _ => {}
        }
    }
    (stocks, issues)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn hostile_stock_and_goods_issues_are_refused_and_the_hub_answers() {
    let mut hub = Hub::demo(&[]);
    let admin = hub.as_user("admin", DEMO_PASSWORD).await;
    let buyer = hub.as_user("buyer", DEMO_PASSWORD).await;
    let pages = admin.pull(SUPPLIER, Cursor::start(), 50).await;
    let (items, _) = split(&pages);
    let item = items[0].id.clone();
    let now = now_ms();
    let stock = StockDraft {
        item_id: item.clone(),
        location: "Store".into(),
        counted: Decimal::from(10),
        counted_at_ms: now,
        order_cost: None,
        holding_rate: None,
        service_level_pct: None,
        base_revision: 0,
    };
    let bad_stock = |f: &dyn Fn(&mut StockDraft)| {
        let mut d = stock.clone();
        f(&mut d);
        Op::SaveStock { stock: d }
    };
    let answer: PushResponse = admin
        .push(&push(
            "hostile-stock-admin",
            vec![
                bad_stock(&|d| d.location = "x".repeat(100_000)),
                bad_stock(&|d| d.item_id = "y".repeat(100_000).as_str().into()),
                bad_stock(&|d| d.counted = Decimal::MAX),
                bad_stock(&|d| d.counted = Decimal::new(1, 28)),
                bad_stock(&|d| d.counted_at_ms = i64::MAX),
                bad_stock(&|d| d.order_cost = Some(Decimal::MAX)),
                bad_stock(&|d| d.holding_rate = Some(Decimal::MIN)),
                bad_stock(&|d| d.service_level_pct = Some(Decimal::from(100))),
                bad_stock(&|d| d.base_revision = u32::MAX),
                Op::SaveStock {
                    stock: stock.clone(),
                },
            ],
        ))
        .await
        .json();
    let got = codes(&answer);
    assert!(got[..9].iter().all(|c| c != "applied"), "{got:?}");
    assert_eq!(got[9], "applied");

    // A buyer may not stock.
    let answer: PushResponse = buyer
        .push(&push(
            "hostile-stock-buyer",
            vec![Op::SaveStock {
                stock: StockDraft {
                    base_revision: 1,
                    ..stock.clone()
                },
            }],
        ))
        .await
        .json();
    assert_eq!(codes(&answer), ["forbidden_role"]);

    let issue = GoodsIssueDraft {
        id: "gi-h".into(),
        item_id: item.clone(),
        location: "Store".into(),
        quantity: Decimal::ONE,
        issued_at_ms: now,
        note: String::new(),
    };
    let bad_issue = |f: &dyn Fn(&mut GoodsIssueDraft)| {
        let mut d = issue.clone();
        f(&mut d);
        Op::IssueGoods { issue: d }
    };
    let mut ops = vec![
        bad_issue(&|d| d.note = "n".repeat(1_000_000)),
        bad_issue(&|d| d.id = "i".repeat(10_000)),
        bad_issue(&|d| d.quantity = Decimal::MAX),
        bad_issue(&|d| d.quantity = Decimal::MIN),
        bad_issue(&|d| d.quantity = Decimal::new(5, 1)),
        bad_issue(&|d| d.issued_at_ms = i64::MIN),
        bad_issue(&|d| d.issued_at_ms = i64::MAX),
        bad_issue(&|d| d.location = "Nowhere".into()),
    ];
    // The same issue 490 times: recorded once.
    ops.extend((0..490).map(|_| Op::IssueGoods {
        issue: issue.clone(),
    }));
    let answer: PushResponse = buyer.push(&push("hostile-issue", ops)).await.json();
    let got = codes(&answer);
    assert!(got[..8].iter().all(|c| c != "applied"), "{got:?}");
    assert!(
        got[8..].iter().all(|c| c == "applied"),
        "a retry is not an error"
    );
    assert_eq!(
        held(&admin).await,
        (1, 1),
        "one stocked item, one goods issue"
    );
    assert!(hub.health().await);
    hub.assert_alive();
}
