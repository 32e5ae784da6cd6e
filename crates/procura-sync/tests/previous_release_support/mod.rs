//! The samples of `tests/fixtures/previous-release/`: realistic values from the demo
//! organisation with fixed ids and times, run through the hub's own rules so the records are
//! what a hub really holds. Used only by `previous_release_write.rs` to write the fixture files
//! on purpose; the tests read the files, never these values.

use procura_catalog::catalog::CatalogItem;
use procura_demo::demo;
use procura_ground::reason::Reason;
use procura_orders::order::{self, LineAck, OrderEvent, ReceivedLine, ShippedLine};
use procura_procurement::approval::{
    Actor, Decision, Delegation, RequisitionDraft, RequisitionLine,
};
use procura_procurement::approval::{Requisition, Verdict};
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Evaluator, Scores};
use procura_sync::api::sync::{
    EventTicket, Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse,
    Record, RecordChange, RecordKey, RecordKind,
};
use procura_sync::api::{
    ApiError, CatalogChange, CatalogPage, ContentManager, Cursor, LoginResponse, Marketplace,
    Supplier,
};
use procura_sync::sync::hub::{self, HubWrite};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

pub const HOUR: i64 = 3_600_000;
pub const DAY: i64 = 24 * HOUR;
/// 2026-11-25 09:00 UTC.
pub const T0: i64 = 1_795_564_800_000 + 9 * HOUR;
pub const EPOCH: &str = "7d1c2f0e9a4b4e55";
pub const CLIENT: &str = "3f6e1c2a-9b7d-4e8f-a1c3-5d2b7e9f0a14:u-buyer";
pub const REQ: &str = "0b9c6a52-4d3e-4f71-9a8b-2c1d0e7f6a35";
pub const REQ_WITHDRAWN: &str = "5e2f8d41-7a6b-4c3d-8e9f-1a0b2c3d4e5f";
pub const ORDER: &str = "c4a7e2d9-18b3-4f65-a0d2-7e9c1b3f5a86";
pub const EVALUATION: &str = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
pub const DELEGATION: &str = "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a";

pub fn actor(id: &str) -> Actor {
    let user = demo::users()
        .into_iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("demo user {id}"));
    Actor {
        id: user.id,
        name: user.display_name,
        roles: user.roles,
    }
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

/// The demo catalog's first supplier and three of its items.
pub fn catalog() -> (demo::DemoSupplier, Vec<CatalogItem>) {
    let supplier = demo::suppliers(1).remove(0);
    let items = demo::generate_catalog(demo::DEFAULT_SEED, &supplier, 3);
    (supplier, items)
}

/// The model hub: records by key, every op decided by the hub's own rules.
struct Hub(BTreeMap<RecordKey, Record>);

impl Hub {
    fn push(&mut self, who: &str, op: &Op, now: i64) {
        match hub::decide_on(&self.0, op, &actor(who), now) {
            Ok(HubWrite::Put(r)) => {
                self.0.insert(r.key(), r);
            }
            Ok(HubWrite::Remove(k)) => {
                self.0.remove(&k);
            }
            Ok(HubWrite::Nothing) => {}
            Err(refusal) => panic!("the sample op {op:?} was refused: {}", refusal.message),
        }
    }

    fn get(&self, kind: RecordKind, id: &str) -> Record {
        self.0[&RecordKey::new(kind, id)].clone()
    }

    fn requisition(&self, id: &str) -> Requisition {
        match self.get(RecordKind::Requisition, id) {
            Record::Requisition(r) => r,
            other => panic!("{other:?}"),
        }
    }
}

fn draft(id: &str, items: &[CatalogItem], supplier: &demo::DemoSupplier) -> RequisitionDraft {
    let line = |item: &CatalogItem, quantity: &str| RequisitionLine {
        item_id: Some(item.id.clone()),
        description: item.name.en.clone(),
        supplier_id: supplier.id.clone().into(),
        supplier_name: supplier.name.en.clone(),
        unspsc: item.unspsc.clone(),
        quantity: dec(quantity),
        unit: item.order_unit.clone(),
        unit_price: item.unit_price_at(dec(quantity)).expect("priced"),
        currency: item.currency.clone(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    };
    RequisitionDraft {
        id: id.into(),
        base_revision: 0,
        title: "Printer paper and toner for the Q1 reports".into(),
        cost_centre: "CC-100".into(),
        account: "6001".into(),
        need_by: procura_ground::date::parse_day("2026-12-15"),
        delivery_address: "Building 2, Dock 3, 88 Century Avenue, Shanghai".into(),
        justification: "Year-end reporting 年终报告".into(),
        lines: vec![
            line(&items[0], "12"),
            line(&items[1], "2.5"),
            RequisitionLine {
                item_id: None,
                description: "Binding service, 40 copies".into(),
                supplier_id: supplier.id.clone().into(),
                supplier_name: supplier.name.en.clone(),
                unspsc: String::new(),
                quantity: dec("1"),
                unit: "E48".into(),
                unit_price: dec("320.50"),
                currency: "CNY".into(),
                tax_percent: Some(dec("6")),
                note: "Spiral binding 螺旋装订".into(),
                contract: None,
            },
        ],
    }
}

/// Every sample, by file name under `wire/`, in the order the story happened.
pub struct Samples {
    pub files: Vec<(&'static str, serde_json::Value)>,
}

impl Samples {
    fn add(&mut self, name: &'static str, value: &impl Serialize) {
        self.files
            .push((name, serde_json::to_value(value).expect("serializable")));
    }
}

pub fn samples() -> Samples {
    let mut s = Samples { files: Vec::new() };
    let (supplier, items) = catalog();
    let mut hub = Hub(BTreeMap::new());
    let save_policy = Op::SavePolicy {
        policy: demo::policy(),
    };
    hub.push("u-admin", &save_policy, T0 - DAY);

    // The buyer's requisition, approved by their manager.
    let submit = Op::SubmitRequisition {
        requisition: draft(REQ, &items, &supplier),
    };
    hub.push("u-buyer", &submit, T0);
    let pending = hub.requisition(REQ);
    let step = pending.current_step().expect("a route").key.clone();
    let decide = Op::DecideRequisition {
        decision: Decision {
            requisition_id: REQ.into(),
            revision: pending.revision,
            step,
            verdict: Verdict::Approve,
            on_behalf_of: None,
            comment: "OK for Q1 同意".into(),
        },
    };
    hub.push("u-approver1", &decide, T0 + 2 * HOUR);
    // The later steps (IT review, the non-catalog line), each by its first approver.
    for minutes in 1..=3 {
        let r = hub.requisition(REQ);
        let Some(step) = r.current_step() else { break };
        let who = step.approvers[0].clone();
        let next = Op::DecideRequisition {
            decision: Decision {
                requisition_id: REQ.into(),
                revision: r.revision,
                step: step.key.clone(),
                verdict: Verdict::Approve,
                on_behalf_of: None,
                comment: String::new(),
            },
        };
        hub.push(who.as_str(), &next, T0 + 3 * HOUR + minutes * 60_000);
    }

    // A second one, withdrawn by its requester.
    let mut second = draft(REQ_WITHDRAWN, &items, &supplier);
    second.lines = vec![second.lines[1].clone()];
    second.title = "Spare toner".into();
    let submit_second = Op::SubmitRequisition {
        requisition: second,
    };
    hub.push("u-buyer", &submit_second, T0 + HOUR);
    let withdraw = Op::WithdrawRequisition {
        id: REQ_WITHDRAWN.into(),
        revision: 1,
    };
    hub.push("u-buyer", &withdraw, T0 + 3 * HOUR);

    // The purchase order the buyer made of the approved requisition.
    let approved = hub.requisition(REQ);
    let (orders, _) = order::plan(
        &[&approved],
        // The previous release taxed a line without its own rate at 0 on the order (it ignored
        // the policy's default); the fixture was written so.
        rust_decimal::Decimal::ZERO,
        ("u-buyer", "Li Na 李娜"),
        &|_| supplier.name.en.clone(),
        &|id| {
            items
                .iter()
                .find(|i| i.id == id)
                .map(|i| (i.sku.clone(), i.gtin.clone()))
        },
        &mut || ORDER.to_owned(),
        T0 + 4 * HOUR,
    );
    let create = Op::CreateOrder {
        order: orders.into_iter().next().expect("one order"),
    };
    hub.push("u-buyer", &create, T0 + 4 * HOUR);
    // What the supplier said meanwhile (its own routes add these events at the hub).
    let key = RecordKey::new(RecordKind::Order, ORDER);
    if let Some(Record::Order(po)) = hub.0.get_mut(&key) {
        po.events.extend([
            OrderEvent::Sent {
                at_ms: T0 + 4 * HOUR + 1_500,
            },
            OrderEvent::Acknowledged {
                at_ms: T0 + DAY,
                lines: vec![
                    LineAck::Accepted { line_no: 1 },
                    LineAck::Changed {
                        line_no: 2,
                        quantity: None,
                        delivery_date: Some("2026-12-18".into()),
                        unit_price: None,
                    },
                ],
                note: "Toner ships from the Suzhou warehouse".into(),
            },
            OrderEvent::Shipped {
                at_ms: T0 + 2 * DAY,
                shipment_id: "SH-20261127-01".into(),
                carrier: "SF Express".into(),
                tracking: "SF1234567890".into(),
                expected: procura_ground::date::parse_day("2026-11-30"),
                lines: vec![ShippedLine {
                    line_no: 1,
                    quantity: dec("12"),
                }],
            },
        ]);
    }
    let receive = Op::ReceiveGoods {
        order_id: ORDER.into(),
        receipt_id: "GR-0001".into(),
        lines: vec![ReceivedLine {
            line_no: 1,
            accepted: dec("11"),
            damaged: dec("1"),
            reason: "One ream wet 一包受潮".into(),
        }],
    };
    hub.push("u-buyer", &receive, T0 + 5 * DAY);
    let change = Op::RequestOrderChange {
        order_id: ORDER.into(),
        request_id: "CR-0001".into(),
        lines: vec![LineAck::Changed {
            line_no: 2,
            quantity: Some(dec("3.5")),
            delivery_date: Some("2026-12-20".into()),
            unit_price: None,
        }],
    };
    hub.push("u-buyer", &change, T0 + 5 * DAY + HOUR);
    let cancel = Op::RequestOrderCancel {
        order_id: ORDER.into(),
        reason: "Project postponed 项目推迟".into(),
    };

    // A delegation while the manager is away, and an evaluation of the supplier.
    let delegation = Op::SaveDelegation {
        delegation: Delegation {
            id: DELEGATION.into(),
            from: "u-approver1".into(),
            to: "u-approver2".into(),
            starts: "2026-12-20".into(),
            ends: "2027-01-03".into(),
            note: "Annual leave 年假".into(),
            created_by: String::new().into(),
        },
    };
    hub.push("u-approver1", &delegation, T0 + 6 * DAY);
    let evaluation = EvaluationDraft {
        id: EVALUATION.into(),
        supplier_id: supplier.id.clone().into(),
        period: "2026-Q4".into(),
        scores: Scores {
            quality: 4,
            delivery: 3,
            price: 5,
            service: 4,
        },
        comment: "Late toner, good paper 碳粉迟到".into(),
    };
    let save_evaluation = Op::SaveEvaluation {
        evaluation: evaluation.clone(),
    };
    hub.push("u-buyer", &save_evaluation, T0 + 7 * DAY);

    let ops = [
        ("op-save-policy.json", save_policy),
        ("op-submit-requisition.json", submit),
        ("op-decide-requisition.json", decide),
        ("op-withdraw-requisition.json", withdraw),
        ("op-create-order.json", create),
        ("op-receive-goods.json", receive),
        ("op-request-order-change.json", change),
        ("op-request-order-cancel.json", cancel),
        ("op-save-delegation.json", delegation),
        (
            "op-delete-delegation.json",
            Op::DeleteDelegation {
                id: DELEGATION.into(),
            },
        ),
        ("op-save-evaluation.json", save_evaluation),
        (
            "op-delete-evaluation.json",
            Op::DeleteEvaluation {
                id: EVALUATION.into(),
            },
        ),
    ];
    let mutations: Vec<Mutation> = ops
        .iter()
        .enumerate()
        .map(|(i, (_, op))| Mutation {
            id: 41 + i as u64,
            created_at_ms: T0 + i as i64 * HOUR,
            op: op.clone(),
        })
        .collect();
    for ((name, _), m) in ops.iter().zip(&mutations) {
        s.add(name, m);
    }
    s.add(
        "push-request.json",
        &PushRequest {
            client_id: CLIENT.into(),
            mutations: mutations[..3].to_vec(),
        },
    );
    let shipped = hub::Refusal::from(Reason::LineShipped { line: 1 });
    s.add(
        "push-response.json",
        &PushResponse {
            epoch: EPOCH.into(),
            last_applied: 43,
            outcomes: vec![
                Outcome {
                    id: 41,
                    result: OutcomeResult::Applied,
                },
                Outcome {
                    id: 42,
                    result: OutcomeResult::refused(&shipped),
                },
                // A hub from before typed reasons.
                Outcome {
                    id: 43,
                    result: OutcomeResult::Refused {
                        code: "stale".into(),
                        message: "the requisition changed since you saw it".into(),
                        reason: None,
                    },
                },
            ],
        },
    );
    let changes: Vec<RecordChange> = [
        hub.get(RecordKind::Policy, procura_procurement::approval::POLICY_ID),
        hub.get(RecordKind::Requisition, REQ),
        hub.get(RecordKind::Requisition, REQ_WITHDRAWN),
        hub.get(RecordKind::Order, ORDER),
        hub.get(RecordKind::Delegation, DELEGATION),
        hub.get(RecordKind::Evaluation, EVALUATION),
    ]
    .into_iter()
    .map(|record| RecordChange::Upsert { record })
    .chain([RecordChange::Delete {
        key: RecordKey::evaluation("0f0e0d0c-0b0a-4909-8807-060504030201"),
    }])
    .collect();
    s.add(
        "pull-page.json",
        &PullResponse {
            epoch: EPOCH.into(),
            changes,
            next_cursor: Cursor(format!("r1.{EPOCH}.118")),
            has_more: true,
            remaining: 17,
        },
    );
    s.add(
        "evaluation-record.json",
        &Record::Evaluation(
            Evaluation::from_draft(
                &evaluation,
                &Evaluator {
                    id: "u-buyer".into(),
                    name: "Li Na 李娜".into(),
                },
                T0 + 7 * DAY,
            )
            .expect("a valid evaluation"),
        ),
    );
    s.add("reasons.json", &Reason::examples());

    // Catalog feeds.
    s.add(
        "catalog-page-supplier.json",
        &CatalogPage {
            supplier_id: supplier.id.clone(),
            marketplace_id: None,
            changes: vec![
                CatalogChange::Upsert {
                    item: Box::new(items[0].clone()),
                },
                CatalogChange::Upsert {
                    item: Box::new(items[1].clone()),
                },
                CatalogChange::Delete {
                    id: CatalogItem::make_id(&supplier.id, "RETIRED-001").to_string(),
                },
            ],
            next_cursor: Cursor(format!("c1.{EPOCH}.2045.2100.{}", supplier.id)),
            has_more: true,
            remaining: 55,
        },
    );
    let market = demo::marketplace(2);
    let seller_items: Vec<CatalogItem> = market
        .sellers
        .iter()
        .flat_map(|seller| demo::generate_catalog(demo::DEFAULT_SEED, seller, 1))
        .collect();
    s.add(
        "catalog-page-marketplace.json",
        &CatalogPage {
            supplier_id: String::new(),
            marketplace_id: Some(market.id.clone()),
            changes: seller_items
                .into_iter()
                .map(|item| CatalogChange::Upsert {
                    item: Box::new(item),
                })
                .collect(),
            next_cursor: Cursor(format!("m1.{EPOCH}.2101.2101.{}", market.id)),
            has_more: false,
            remaining: 0,
        },
    );
    s.add(
        "suppliers.json",
        &vec![
            Supplier {
                id: supplier.id.clone().into(),
                name: supplier.name.clone(),
                currency: supplier.currency.clone(),
                item_count: 1_200,
                managed_by: ContentManager::Supplier,
            },
            Supplier {
                id: market.sellers[0].id.clone().into(),
                name: market.sellers[0].name.clone(),
                currency: market.sellers[0].currency.clone(),
                item_count: 300,
                managed_by: ContentManager::Marketplace,
            },
        ],
    );
    s.add(
        "marketplaces.json",
        &vec![Marketplace {
            id: market.id.clone(),
            name: market.name.clone(),
            seller_ids: market.sellers.iter().map(|x| x.id.clone()).collect(),
        }],
    );
    let buyer = demo::users()
        .into_iter()
        .find(|u| u.id == "u-buyer")
        .expect("demo buyer");
    s.add(
        "login-response.json",
        &LoginResponse {
            token: "pt_4b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e".into(),
            user: buyer,
        },
    );
    s.add(
        "login-request.json",
        &procura_sync::api::LoginRequest {
            username: "buyer".into(),
            password: "procura".into(),
        },
    );
    s.add(
        "change-password-request.json",
        &procura_sync::api::ChangePasswordRequest {
            current_password: "procura".into(),
            new_password: "correct horse battery 马".into(),
        },
    );
    s.add(
        "set-password-request.json",
        &procura_sync::api::SetPasswordRequest {
            new_password: "temporary-Password-42".into(),
        },
    );
    let mut must_change = demo::users()
        .into_iter()
        .find(|u| u.id == "u-approver2")
        .expect("demo approver");
    must_change.must_change_password = true;
    s.add("me.json", &must_change);
    s.add(
        "api-error.json",
        &ApiError {
            code: "cursor_reset".into(),
            message: "the endpoint's data was reset; pull from the start".into(),
        },
    );
    s.add(
        "event-ticket.json",
        &EventTicket {
            ticket: "tk_9f8e7d6c5b4a".into(),
            expires_in: 30,
        },
    );
    s
}

// ---- The app's own stores (IndexedDB, the snapshot, the backup file) ----
//
// These mirror the app's stored shapes (`src/storage/`) field by field; the browser test
// `tests/previous_release_storage.rs` checks that today's app writes exactly these, so a
// mistake here fails there.

/// `procura::storage::Queued`.
#[derive(Serialize)]
struct Queued {
    id: u64,
    author: String,
    mutation: Mutation,
}

/// `procura::storage::RefusedChange`.
#[derive(Serialize)]
struct RefusedChange {
    id: u64,
    author: String,
    mutation: Mutation,
    code: String,
    message: String,
    reason: Option<Reason>,
}

/// `procura::storage::CursorRecord`.
#[derive(Serialize)]
struct CursorRecord {
    supplier_id: String,
    cursor: Cursor,
}

/// `procura::storage::RequisitionDefaults`.
#[derive(Serialize)]
struct RequisitionDefaults {
    cost_centre: String,
    account: String,
    delivery_address: String,
}

/// `procura::storage::DeviceBackup`.
#[derive(Serialize)]
struct DeviceBackup<'a> {
    format: &'a str,
    version: u32,
    exported_at_ms: i64,
    sync_state: &'a SyncState,
    outbox: &'a [Queued],
    refused: &'a [RefusedChange],
    records: Vec<Record>,
    buyer_suppliers: Vec<Supplier>,
    buyer_items: Vec<CatalogItem>,
    carts: Vec<&'a Carts>,
}

use procura_catalog::search::SearchIndex;
use procura_orders::order::transmit::{Transmission, TransmitState};
use procura_procurement::cart::{Carts, FreeText};
use procura_sync::sync::SyncState;
use std::path::{Path, PathBuf};

/// The app's fixtures: `tests/fixtures/previous-release/` at the workspace root.
pub fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/previous-release")
}

/// `value` as serde-wasm-bindgen puts it in IndexedDB, read back with `JSON.stringify`: a
/// `None` is `undefined` there, so the member is absent.
fn as_js_object(value: &impl Serialize) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|_, m| !m.is_null());
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(value).expect("serializable");
    strip(&mut v);
    v
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).expect("fixture folder");
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    (serde_json::to_string_pretty(value).expect("JSON") + "\n").into_bytes()
}

fn compact(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_string(value).expect("JSON").into_bytes()
}

pub fn write_app_fixtures() {
    let wire = samples();
    let file = |name: &str| -> serde_json::Value {
        wire.files
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name}"))
            .1
            .clone()
    };
    let typed = |name: &str| -> Mutation { serde_json::from_value(file(name)).expect(name) };
    let (supplier, items) = catalog();
    let idb = app_dir().join("indexeddb");

    // META values: JSON text under fixed keys.
    let state = SyncState {
        client_id: CLIENT.split(':').next().expect("device id").to_owned(),
        next_mutation_id: 53,
        cursor: Cursor(format!("r1.{EPOCH}.118")),
        epoch: Some(EPOCH.to_owned()),
    };
    write(&idb, "meta-sync_state.json", &compact(&state));
    let mut carts = Carts::new("u-buyer");
    carts
        .create("cart-1", "Office restock 办公补货", T0 - 2 * DAY)
        .expect("cart");
    let cart = carts.get_mut("cart-1").expect("cart");
    cart.add_item(
        &items[0],
        None,
        supplier.name.clone(),
        Some(dec("12")),
        T0 - 2 * DAY,
    )
    .expect("item");
    cart.add_item(&items[1], None, supplier.name.clone(), None, T0 - 2 * DAY)
        .expect("item");
    cart.add_free_text(
        FreeText {
            description: "Binding service, 40 copies".into(),
            unit_price: dec("320.50"),
            currency: "CNY".into(),
            unit: "E48".into(),
            supplier_id: String::new(),
            supplier_name: "Print shop 印刷店".into(),
        },
        dec("1"),
        "Spiral binding",
        T0 - DAY,
    )
    .expect("free text");
    carts.create("cart-2", "Lab", T0 - DAY).expect("cart");
    carts.choose("cart-1").expect("choose");
    write(&idb, "meta-carts.json", &compact(&carts));
    write(
        &idb,
        "meta-req-defaults.json",
        &compact(&RequisitionDefaults {
            cost_centre: "CC-100".into(),
            account: "6001".into(),
            delivery_address: "Building 2, Dock 3, 88 Century Avenue, Shanghai".into(),
        }),
    );
    let mut transmission = Transmission::new(ORDER);
    transmission.attempts = 2;
    transmission.state = TransmitState::Waiting {
        not_before_ms: T0 + 4 * HOUR + 9_000,
    };
    transmission.last_error = Some("no answer: timed out".into());
    write(&idb, "meta-transmission.json", &compact(&transmission));
    let mut sent = Transmission::new("a1b2c3d4-0000-4000-8000-000000000001");
    sent.attempts = 1;
    sent.state = TransmitState::Sent { at_ms: T0 };
    write(&idb, "meta-transmission-sent.json", &compact(&sent));
    write(
        &idb,
        "meta-pending_logouts.json",
        &compact(&["pt_0a1b2c3d4e5f60718293a4b5c6d7e8f9"]),
    );
    write(
        &idb,
        "meta-marketplaces.json",
        &compact(&file("marketplaces.json")),
    );

    // The record log: the pull page, then a later page deleting the withdrawn requisition.
    let page = file("pull-page.json");
    let changes: Vec<RecordChange> =
        serde_json::from_value(page["changes"].clone()).expect("changes");
    write(&idb, "records-page-1.json", &compact(&changes));
    let later = vec![RecordChange::Delete {
        key: RecordKey::requisition(REQ_WITHDRAWN),
    }];
    write(&idb, "records-page-2.json", &compact(&later));

    // Object stores (serde-wasm-bindgen values).
    let outbox = vec![
        Queued {
            id: 50,
            author: "u-approver1".into(),
            mutation: typed("op-delete-delegation.json"),
        },
        Queued {
            id: 51,
            author: "u-buyer".into(),
            mutation: typed("op-save-evaluation.json"),
        },
        Queued {
            id: 52,
            author: "u-buyer".into(),
            mutation: typed("op-delete-evaluation.json"),
        },
    ];
    write(&idb, "store-outbox.json", &pretty(&as_js_object(&outbox)));
    let shipped = hub::Refusal::from(Reason::LineShipped { line: 1 });
    let refused = vec![
        RefusedChange {
            id: 47,
            author: "u-buyer".into(),
            mutation: typed("op-request-order-change.json"),
            code: shipped.code.into(),
            message: shipped.message.clone(),
            reason: Some(*shipped.reason),
        },
        RefusedChange {
            id: 48,
            author: "u-buyer".into(),
            mutation: typed("op-request-order-cancel.json"),
            code: "stale".into(),
            message: "the order changed since you saw it".into(),
            reason: None,
        },
    ];
    write(&idb, "store-refused.json", &pretty(&as_js_object(&refused)));
    let suppliers: Vec<Supplier> =
        serde_json::from_value(file("suppliers.json")).expect("suppliers");
    let buyer_supplier = Supplier {
        id: "local-5f3a9c0e1b2d4f68".into(),
        name: procura_catalog::catalog::LocalizedText {
            en: "Campus print shop".into(),
            zh: "校园印刷店".into(),
        },
        currency: "CNY".into(),
        item_count: 1,
        managed_by: ContentManager::Buyer,
    };
    let mut all_suppliers = suppliers.clone();
    all_suppliers.push(buyer_supplier.clone());
    write(
        &idb,
        "store-suppliers.json",
        &pretty(&as_js_object(&all_suppliers)),
    );
    let mut buyer_item = items[2].clone();
    buyer_item.supplier_id = buyer_supplier.id.clone();
    buyer_item.sku = "BIND-40".into();
    buyer_item.id = CatalogItem::make_id(buyer_item.supplier_id.as_str(), &buyer_item.sku);
    let mut stored_items = items.clone();
    stored_items.push(buyer_item.clone());
    stored_items.sort_by(|a, b| a.id.cmp(&b.id));
    write(
        &idb,
        "store-catalog_items.json",
        &pretty(&as_js_object(&stored_items)),
    );
    let market = demo::marketplace(2);
    let cursors = vec![
        CursorRecord {
            supplier_id: supplier.id.clone(),
            cursor: Cursor(format!("c1.{EPOCH}.2045.2100.{}", supplier.id)),
        },
        CursorRecord {
            supplier_id: format!("market:{}", market.id),
            cursor: Cursor(format!("m1.{EPOCH}.2101.2101.{}", market.id)),
        },
    ];
    write(
        &idb,
        "store-sync_cursors.json",
        &pretty(&as_js_object(&cursors)),
    );

    // The catalog snapshot: MessagePack items and the search index, of catalog version
    // CATALOG_VERSION.
    let snapshot = app_dir().join("snapshot");
    write(
        &snapshot,
        "items.msgpack",
        &rmp_serde::to_vec(&stored_items).expect("msgpack"),
    );
    write(
        &snapshot,
        "index.bin",
        &SearchIndex::build(&stored_items).to_bytes(),
    );

    // localStorage: the session, this device's own rates, a supplier's CSV column mapping.
    let local = app_dir().join("local-storage");
    let session: LoginResponse =
        serde_json::from_value(file("login-response.json")).expect("a session");
    write(&local, "session.json", &compact(&session));
    let mut rates = procura_ground::currency::Rates::new("CNY").expect("CNY");
    rates.set("THB", dec("0.2016")).expect("a rate");
    rates.set("VND", dec("0.000285")).expect("a rate");
    write(&local, "device-rates.json", &compact(&rates));
    use procura_catalog::import::csv::{ColumnMapping, DecimalSeparator, TierColumns};
    let mapping = ColumnMapping {
        has_header: true,
        delimiter: Some(';'),
        decimal_separator: DecimalSeparator::Comma,
        action: procura_catalog::import::CatalogAction::Update,
        sku: Some("Artikelnummer".into()),
        name_en: Some("Bezeichnung".into()),
        gtin: Some("EAN".into()),
        order_unit: Some("Einheit".into()),
        fixed_currency: Some("EUR".into()),
        price: Some("Preis".into()),
        tier_columns: vec![TierColumns {
            min_qty: "Staffel ab".into(),
            price: "Staffelpreis".into(),
        }],
        ..ColumnMapping::default()
    };
    write(&local, "csv-mapping.json", &compact(&mapping));

    // The supplier endpoint's answer to a purchase order (`POST /suppliers/{id}/orders`), as
    // the hub's `OrderReceipt` writes it; the app reads it as `OrderAccepted`.
    #[derive(Serialize)]
    struct OrderReceipt {
        order_id: String,
        supplier_order_ref: String,
        received_at_ms: i64,
        duplicate: bool,
    }
    write(
        &app_dir().join("wire"),
        "order-receipt.json",
        &pretty(
            &serde_json::to_value(OrderReceipt {
                order_id: ORDER.into(),
                supplier_order_ref: "SO-000117".into(),
                received_at_ms: T0 + 4 * HOUR + 1_500,
                duplicate: true,
            })
            .expect("JSON"),
        ),
    );

    // A backup file as Settings → Backup exports it.
    let mut records: Vec<Record> = changes
        .into_iter()
        .filter_map(|c| match c {
            RecordChange::Upsert { record }
                if record.key() != RecordKey::requisition(REQ_WITHDRAWN) =>
            {
                Some(record)
            }
            _ => None,
        })
        .collect();
    records.sort_by_key(Record::key);
    let backup = DeviceBackup {
        format: "procura-device-backup",
        version: 1,
        exported_at_ms: T0 + 8 * DAY,
        sync_state: &state,
        outbox: &outbox,
        refused: &refused,
        records,
        buyer_suppliers: vec![buyer_supplier],
        buyer_items: vec![buyer_item],
        carts: vec![&carts],
    };
    write(
        &app_dir().join("backup"),
        "device-backup.json",
        &compact(&backup),
    );
}
