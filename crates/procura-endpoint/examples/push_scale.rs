//! Push latency against the organisation's history: the same push timed against a hub that
//! holds 100 requisitions (and 100 orders of the supplier they name) and one that holds 10,000
//! (and 10,000 orders), over loopback HTTP against a SQLite file.
//!
//! `cargo run --release -p procura-endpoint --example push_scale [-- --runs 15]`
//!
//! Each size runs two untimed pushes first (warm-up), then `--runs` timed ones.
//!
//! Each push is what a buyer's device sends after a few minutes of work: ten requisitions
//! submitted and withdrawn again (20 mutations, every one decided against the organisation:
//! policy, delegations, budgets, the requester's open requisitions), and a single submission
//! with its withdrawal (2 mutations). The history is written straight into the database before
//! the hub opens (a third of it approved, so it counts against budgets; all of it the buyer's and
//! decided), so this example runs against any version of the store. So are the supplier's
//! orders, sent and acknowledged, two to ten years old, with one evaluation per ten orders, and
//! the same recent record at both sizes (two orders and an evaluation in each of the last four
//! quarters: what its performance standing, checked for every submission, is computed from).

use procura_demo::demo;
use procura_endpoint::store::{DemoSize, Store};
use procura_endpoint::{router, AppState};
use procura_ground::date::Quarter;
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, Terms};
use procura_procurement::approval::time::day_of_ms;
use procura_procurement::approval::{
    self, Actor, Org, Policy, RequisitionDraft, RequisitionLine, Status,
};
use procura_suppliers::scorecard::{Evaluation, Scores};
use procura_sync::api::sync::{Mutation, Op, PushRequest, PushResponse, Record};
use procura_sync::api::LoginResponse;
use rust_decimal::Decimal;
use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn Error>>;

const DAY_MS: i64 = 86_400_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn draft(id: &str, policy: &Policy, now: i64) -> RequisitionDraft {
    let line = RequisitionLine {
        item_id: None,
        description: "Archive boxes, A4, brown".into(),
        supplier_id: supplier().as_str().into(),
        supplier_name: "OfficePlus".into(),
        unspsc: "44111500".into(),
        quantity: Decimal::from(12),
        unit: "C62".into(),
        unit_price: Decimal::new(1_450, 2),
        currency: policy.currency.clone(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    };
    RequisitionDraft {
        id: id.into(),
        base_revision: 0,
        title: format!("Office supplies {id}"),
        cost_centre: policy.cost_centres[0].code.clone(),
        account: policy.accounts[0].code.clone(),
        need_by: Some(day_of_ms(now + 30 * DAY_MS)),
        delivery_address: "Building 3, 88 Keyuan Road, Shanghai".into(),
        justification: "Quarterly restock of the archive room".into(),
        lines: vec![line; 3],
    }
}

/// The supplier the benchmark's requisitions name.
fn supplier() -> procura_ground::id::SupplierId {
    demo::suppliers(1).remove(0).id.as_str().into()
}

/// An order of [`supplier`] made at `created`, sent and acknowledged, due `due_days` later.
fn order(id: &str, created: i64, due_days: i64) -> Record {
    let line = OrderLine {
        line_no: 1,
        requisition_id: format!("req-{id}").as_str().into(),
        requisition_line: 0,
        item_id: None,
        supplier_part: String::new(),
        gtin: None,
        description: "Archive boxes".into(),
        quantity: Decimal::from(4),
        unit: "C62".into(),
        unit_price: Decimal::new(1_450, 2),
        tax_percent: Decimal::ZERO,
        need_by: day_of_ms(created + due_days * DAY_MS),
        unspsc: String::new(),
        contract: None,
    };
    Record::Order(PurchaseOrder {
        id: id.into(),
        number: format!("PO-{id}"),
        buyer: Default::default(),
        buyer_name: String::new(),
        supplier_id: supplier(),
        supplier_name: "OfficePlus".into(),
        currency: "CNY".into(),
        ship_to: String::new(),
        requisitions: Vec::new(),
        lines: vec![line],
        terms: Terms::default(),
        created_at_ms: created,
        events: vec![
            OrderEvent::Sent { at_ms: created },
            OrderEvent::Acknowledged {
                at_ms: created + 3_600_000,
                lines: Vec::new(),
                note: String::new(),
            },
        ],
    })
}

/// A good rating of [`supplier`] for the quarter of `at`.
fn evaluation(id: &str, at: i64) -> Record {
    Record::Evaluation(Evaluation {
        id: id.into(),
        supplier_id: supplier(),
        period: Quarter::of(day_of_ms(at)),
        scores: Scores {
            quality: 5,
            delivery: 5,
            price: 4,
            service: 5,
        },
        comment: String::new(),
        evaluator_id: "u-buyer".into(),
        evaluator_name: "Buyer".into(),
        updated_at_ms: at,
    })
}

/// The supplier's orders and evaluations (see the module's notes): `n` old orders, and the
/// recent ones.
fn supplier_history(n: usize, now: i64) -> Vec<Record> {
    let mut records = Vec::new();
    for i in 0..n as i64 {
        let old = now - 2 * 365 * DAY_MS - i * 8 * 365 / n as i64 * DAY_MS;
        records.push(order(&format!("old-{i:05}"), old, 14));
        if i % 10 == 0 {
            records.push(evaluation(&format!("old-{i:05}"), old));
        }
    }
    for q in 0..4 {
        let at = now - q * 91 * DAY_MS;
        records.push(order(&format!("recent-{q}-a"), at, 400));
        records.push(order(&format!("recent-{q}-b"), at, 400));
        records.push(evaluation(&format!("recent-{q}"), at));
    }
    records
}

/// Writes `n` requisitions and the supplier's history into the hub database at `path`, as the
/// hub would hold them.
fn write_history(path: &Path, n: usize, policy: &Policy, now: i64) -> Res<()> {
    let nothing = |_: procura_procurement::approval::Committed<'_>| Decimal::ZERO;
    let org = Org {
        policy,
        delegations: &[],
        committed: &nothing,
    };
    // The buyer's own history, all of it decided or withdrawn (nothing open).
    let buyer = demo::users()
        .into_iter()
        .find(|u| u.username == "buyer")
        .ok_or("the demo has a buyer")?;
    let requester = Actor::from(&buyer);
    let conn = rusqlite::Connection::open(path)?;
    let tx = conn.unchecked_transaction()?;
    let mut seq: i64 = tx
        .query_row(
            "SELECT coalesce((SELECT value FROM meta WHERE key = 'sync_seq'), '0')",
            [],
            |r| r.get::<_, String>(0),
        )?
        .parse()?;
    for i in 0..n {
        let mut r = approval::submit(
            &draft(&format!("history-{i:05}"), policy, now),
            None,
            &requester,
            &org,
            now,
        )
        .map_err(|e| e.message)?;
        r.status = match i % 3 {
            0 => Status::Approved,
            1 => Status::Withdrawn,
            _ => Status::Rejected,
        };
        seq += 1;
        let record = Record::Requisition(r);
        tx.execute(
            "INSERT INTO sync_records (key, kind, seq, deleted, body) VALUES (?1, 'requisition', ?2, 0, ?3)",
            rusqlite::params![record.key().storage_key(), seq, serde_json::to_string(&record)?],
        )?;
    }
    for record in supplier_history(n, now) {
        seq += 1;
        let key = record.key();
        tx.execute(
            "INSERT INTO sync_records (key, kind, seq, deleted, body) VALUES (?1, ?2, ?3, 0, ?4)",
            rusqlite::params![
                key.storage_key(),
                key.kind.as_str(),
                seq,
                serde_json::to_string(&record)?
            ],
        )?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('sync_seq', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1",
        [seq.to_string()],
    )?;
    // A store that keeps indexes builds them from the records when it next opens.
    tx.execute("DELETE FROM meta WHERE key = 'sync_index'", [])?;
    tx.commit()?;
    Ok(())
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn push(&self, req: &PushRequest) -> Res<PushResponse> {
        let url = format!("{}/api/v1/sync/push", self.base);
        let response = self.http.post(url).bearer_auth(&self.token).json(req);
        let bytes = response.send().await?.error_for_status()?.bytes().await?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

/// (median, min) of each push size, over `runs` pushes against a hub holding `history`.
async fn measure(history: usize, runs: usize) -> Res<Vec<(usize, Duration, Duration)>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("hub.sqlite3");
    let now = now_ms();
    let policy = demo::policy();
    {
        let mut store = Store::open(&path)?;
        store.seed_demo_if_empty(DemoSize {
            seed: demo::DEFAULT_SEED,
            suppliers: 3,
            items_per_supplier: 10,
            marketplace_sellers: 0,
            items_per_seller: 0,
        })?;
    }
    write_history(&path, history, &policy, now)?;
    let store = Store::open(&path)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = router(AppState::new(store), None);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::builder().no_proxy().build()?;
    let login = serde_json::json!({ "username": "buyer", "password": demo::DEMO_PASSWORD });
    let token = http
        .post(format!("{base}/api/v1/login"))
        .json(&login)
        .send()
        .await?
        .error_for_status()?
        .json::<LoginResponse>()
        .await?
        .token;
    let client = Client { http, base, token };
    let mut next_id = 0u64;
    let mut rows = Vec::new();
    for pairs in [10usize, 1] {
        let mut times = Vec::new();
        // Two pushes first, untimed: the connection, SQLite's page cache and statement cache
        // warm up as on a hub that has been running.
        for run in 0..runs + 2 {
            let mut mutations = Vec::new();
            for p in 0..pairs {
                let id = format!("bench-{pairs}-{run}-{p}");
                for op in [
                    Op::SubmitRequisition {
                        requisition: draft(&id, &policy, now),
                    },
                    Op::WithdrawRequisition { id, revision: 1 },
                ] {
                    next_id += 1;
                    mutations.push(Mutation {
                        id: next_id,
                        created_at_ms: now,
                        op,
                    });
                }
            }
            let req = PushRequest {
                client_id: "push-scale".into(),
                mutations,
            };
            let started = Instant::now();
            let answer = client.push(&req).await?;
            if run >= 2 {
                times.push(started.elapsed());
            }
            if let Some(refused) = answer
                .outcomes
                .iter()
                .find(|o| !matches!(o.result, procura_sync::api::sync::OutcomeResult::Applied))
            {
                return Err(format!("a benchmark mutation was refused: {refused:?}").into());
            }
        }
        times.sort();
        rows.push((pairs * 2, times[times.len() / 2], times[0]));
    }
    server.abort();
    Ok(rows)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(15), |v| v.parse())?;
    println!("Push latency against the hub's history, {runs} pushes each (median, min)\n");
    println!(
        "| {:>22} | {:>9} | {:>11} | {:>11} |",
        "requisitions, orders", "mutations", "median", "min"
    );
    println!("|{:->24}|{:->11}|{:->13}|{:->13}|", "", "", "", "");
    for history in [100usize, 10_000] {
        for (mutations, median, min) in measure(history, runs).await? {
            println!(
                "| {history:>22} | {mutations:>9} | {:>11} | {:>11} |",
                ms(median),
                ms(min)
            );
        }
    }
    Ok(())
}
