//! Returns through the sync rules: a device shows its return at once by the hub's own rule,
//! the hub re-checks it against the order and the returns on it, and after a hub loss a
//! buyer's unanswered return comes back while one the supplier answered does not.

use procura_ground::date::parse_day;
use procura_invoicing::returns::{Remedy, ReturnDraft, ReturnFrom, ReturnLine, ReturnStatus};
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use procura_procurement::approval::Actor;
use procura_sync::api::sync::{Mutation, Op, Record, RecordKey, RecordKind};
use procura_sync::api::Role;
use procura_sync::sync::hub::{self, HubWrite};
use procura_sync::sync::{apply_locally, local_view, SyncState};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn buyer() -> Actor {
    Actor {
        id: "u-buyer".into(),
        name: "Li Na".into(),
        roles: vec![Role::Buyer],
    }
}

fn received_order() -> PurchaseOrder {
    PurchaseOrder {
        id: "po-1".into(),
        number: "PO-PO1".into(),
        buyer: "u-buyer".into(),
        buyer_name: "Li Na".into(),
        supplier_id: "acme".into(),
        supplier_name: "Acme".into(),
        currency: "CNY".into(),
        ship_to: "Dock".into(),
        requisitions: vec![],
        lines: vec![OrderLine {
            line_no: 1,
            requisition_id: "r1".into(),
            requisition_line: 0,
            item_id: None,
            supplier_part: "P1".into(),
            gtin: None,
            description: "Gloves".into(),
            quantity: Decimal::from(10),
            unit: "EA".into(),
            unit_price: Decimal::ONE,
            tax_percent: Decimal::ZERO,
            need_by: parse_day("2026-12-01").unwrap(),
            unspsc: String::new(),
            contract: None,
        }],
        terms: Terms::default(),
        created_at_ms: 0,
        events: vec![OrderEvent::Received {
            at_ms: 1,
            receipt_id: "rc".into(),
            by: "u-buyer".into(),
            lines: vec![ReceivedLine {
                line_no: 1,
                accepted: Decimal::from(8),
                damaged: Decimal::from(2),
                reason: "crushed".into(),
            }],
        }],
    }
}

fn open(id: &str, q: i64, from: ReturnFrom) -> Op {
    Op::OpenReturn {
        ret: ReturnDraft {
            id: id.into(),
            order_id: "po-1".into(),
            lines: vec![ReturnLine {
                order_line: 1,
                quantity: Decimal::from(q),
                from,
            }],
            reason: "crushed".into(),
            remedy: Remedy::Refund,
            note: String::new(),
            photo: None,
        },
    }
}

#[test]
fn a_return_is_decided_against_the_order_and_the_returns_on_it() {
    let mut records = BTreeMap::new();
    let po = received_order();
    records.insert(RecordKey::new(RecordKind::Order, "po-1"), Record::Order(po));
    let Ok(HubWrite::Put(Record::Return(r))) =
        hub::decide_on(&records, &open("rt-1", 2, ReturnFrom::Refused), &buyer(), 5)
    else {
        panic!("a claim of the 2 refused is opened")
    };
    assert_eq!(
        (r.number.as_str(), r.status),
        ("RT-RT1", ReturnStatus::Requested)
    );
    records.insert(r_key("rt-1"), Record::Return(r.clone()));
    // Nothing more was refused; 8 were accepted.
    let refused = hub::decide_on(&records, &open("rt-2", 1, ReturnFrom::Refused), &buyer(), 5);
    assert_eq!(refused.unwrap_err().reason.code(), "return.too_many");
    let over = hub::decide_on(
        &records,
        &open("rt-2", 9, ReturnFrom::Accepted),
        &buyer(),
        5,
    );
    assert_eq!(over.unwrap_err().reason.code(), "return.too_many");
    // The same return again writes nothing.
    assert_eq!(
        hub::decide_on(&records, &open("rt-1", 2, ReturnFrom::Refused), &buyer(), 5),
        Ok(HubWrite::Nothing)
    );
    // An approver may not; cancel from the revision seen.
    let approver = Actor {
        roles: vec![Role::Approver],
        ..buyer()
    };
    let no = hub::decide_on(
        &records,
        &open("rt-3", 1, ReturnFrom::Accepted),
        &approver,
        5,
    );
    assert_eq!(no.unwrap_err().reason.code(), "return.role");
    let cancel = Op::CancelReturn {
        id: "rt-1".into(),
        revision: 1,
    };
    let Ok(HubWrite::Put(Record::Return(c))) = hub::decide_on(&records, &cancel, &buyer(), 6)
    else {
        panic!("cancelled")
    };
    assert_eq!(c.status, ReturnStatus::Cancelled);
    let missing = Op::CancelReturn {
        id: "rt-9".into(),
        revision: 1,
    };
    assert_eq!(
        hub::decide_on(&records, &missing, &buyer(), 6)
            .unwrap_err()
            .reason
            .code(),
        "return.not_found"
    );
}

fn r_key(id: &str) -> RecordKey {
    RecordKey::new(RecordKind::Return, id)
}

#[test]
fn a_queued_return_shows_at_once_and_an_unanswered_one_comes_back_after_a_hub_loss() {
    let mut records = BTreeMap::new();
    records.insert(
        RecordKey::new(RecordKind::Order, "po-1"),
        Record::Order(received_order()),
    );
    let mut state = SyncState::new("c1");
    let queued = vec![state.enqueue(open("rt-1", 3, ReturnFrom::Accepted), 1)];
    let view = local_view(records.clone(), &queued, &buyer());
    assert!(
        matches!(view.get(&r_key("rt-1")), Some(Record::Return(r)) if r.status == ReturnStatus::Requested)
    );
    // Pulled: one requested, one the supplier accepted.
    for (id, status) in [
        ("rt-1", ReturnStatus::Requested),
        ("rt-2", ReturnStatus::Accepted),
    ] {
        let m = Mutation {
            id: 0,
            created_at_ms: 0,
            op: open(id, 1, ReturnFrom::Accepted),
        };
        apply_locally(&mut records, &m, &buyer());
        if let Some(Record::Return(r)) = records.get_mut(&r_key(id)) {
            r.status = status;
        }
    }
    let mut state = SyncState::new("c2");
    let requeued = state.recover(Some("new-epoch"), &records, &buyer(), 10);
    let ids: Vec<String> = requeued.iter().map(|m| m.op.key().id).collect();
    assert_eq!(ids, ["rt-1"]);
    assert!(
        matches!(&requeued[0].op, Op::OpenReturn { ret } if ret.lines[0].quantity == Decimal::ONE)
    );
}
