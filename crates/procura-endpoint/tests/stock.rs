//! Stocked items and goods issues at the hub: only admins set stock, and only for items in the
//! catalog; a goods issue needs the item stocked at its location, is recorded once however
//! often it is sent, and keeps its device time; both come back in a pull.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_spend::stock::{GoodsIssueDraft, StockDraft};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn admins_stock_items_and_anyone_issues_them_once() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let mut admin = Desk::open(&hub, "admin").await;
    let item = office.items[0].id.clone();
    let now = now_ms();
    let draft = StockDraft {
        item_id: item.clone(),
        location: "Store A".into(),
        counted: dec(40),
        counted_at_ms: now - 60_000,
        order_cost: None,
        holding_rate: None,
        service_level_pct: None,
        base_revision: 0,
    };
    let save = |d: StockDraft| Op::SaveStock { stock: d };
    // A buyer may not decide what is stocked; an item the catalog lacks is refused.
    assert_refused(
        &office.buyer.send(save(draft.clone())).await,
        "forbidden_role",
    );
    let unknown = StockDraft {
        item_id: "nobody/nothing".into(),
        ..draft.clone()
    };
    assert_refused(&admin.send(save(unknown)).await, "invalid");
    assert_applied(&admin.send(save(draft.clone())).await);
    assert_refused(&admin.send(save(draft.clone())).await, "stale");

    let issue = GoodsIssueDraft {
        id: "gi-1".into(),
        item_id: item.clone(),
        location: "Store A".into(),
        quantity: dec(3),
        issued_at_ms: now - 30_000,
        note: "Room 4".into(),
    };
    let op = |i: GoodsIssueDraft| Op::IssueGoods { issue: i };
    assert_applied(&office.buyer.send(op(issue.clone())).await);
    // The same issue again under a new mutation id (another tab's retry): recorded once.
    assert_applied(&office.buyer.send(op(issue.clone())).await);
    // Not stocked at that location; a fraction; dated next week.
    let elsewhere = GoodsIssueDraft {
        id: "gi-2".into(),
        location: "Store B".into(),
        ..issue.clone()
    };
    assert_refused(&office.buyer.send(op(elsewhere)).await, "invalid");
    let half = GoodsIssueDraft {
        id: "gi-3".into(),
        quantity: "0.5".parse().unwrap(),
        ..issue.clone()
    };
    assert_refused(&office.approver.send(op(half)).await, "invalid");
    let later = GoodsIssueDraft {
        id: "gi-4".into(),
        issued_at_ms: now + 7 * 86_400_000,
        ..issue.clone()
    };
    assert_refused(&office.buyer.send(op(later)).await, "invalid");

    let pulled = records(&office.buyer.api).await;
    let stocks: Vec<_> = pulled
        .values()
        .filter_map(|r| match r {
            Record::Stock(s) => Some(s),
            _ => None,
        })
        .collect();
    let issues: Vec<_> = pulled
        .values()
        .filter_map(|r| match r {
            Record::GoodsIssue(g) => Some(g),
            _ => None,
        })
        .collect();
    assert_eq!(stocks.len(), 1);
    assert_eq!(stocks[0].supplier_id, office.items[0].supplier_id);
    assert_eq!(issues.len(), 1, "recorded once");
    assert_eq!(
        issues[0].issued_at_ms,
        now - 30_000,
        "the device's time is kept"
    );
    assert_eq!(issues[0].by.as_str(), "u-buyer");
}
