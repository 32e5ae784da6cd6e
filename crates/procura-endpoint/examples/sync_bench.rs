//! Sync hub benchmark: how long a device takes to push a backlog and to pull a large hub, over
//! real HTTP on loopback against a SQLite file, with JSON encoding and decoding included.
//!
//! `cargo run --release -p procura-endpoint --example sync_bench`
//!
//! (a) 1,000 queued mutations pushed as the core's `SyncRound` drives them (batches of
//!     `MAX_PUSH_BATCH`) until the outbox is empty; (b) the alternative, the same 1,000 sent one
//!     mutation per request; (c) 10,000 changed records pulled from an empty cursor to the end,
//!     in pages of 1,000 and of 5,000. Each is run 5 times (a fresh client id per push run).

use procura_demo::demo;
use procura_endpoint::store::{DemoSize, Store};
use procura_endpoint::{router, AppState};
use procura_suppliers::scorecard::{EvaluationDraft, Scores};
use procura_sync::api::sync::{PullResponse, PushRequest, PushResponse, MAX_PUSH_BATCH};
use procura_sync::api::{Cursor, LoginResponse};
use procura_sync::sync::{Limits, Mutation, Op, Pulled, Step, SyncRound, SyncState};
use std::error::Error;
use std::time::{Duration, Instant};

const MUTATIONS: usize = 1_000;
const RECORDS: usize = 10_000;
const RUNS: usize = 5;
const TARGET: Duration = Duration::from_secs(1);

type Res<T> = Result<T, Box<dyn Error>>;

/// A logged-in client of the endpoint under test.
struct Hub {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Hub {
    async fn push(&self, req: &PushRequest) -> Res<PushResponse> {
        let url = format!("{}/api/v1/sync/push", self.base);
        let response = self.http.post(url).bearer_auth(&self.token).json(req);
        let bytes = response.send().await?.error_for_status()?.bytes().await?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    async fn pull(&self, cursor: &Cursor, limit: u32) -> Res<PullResponse> {
        let mut url = reqwest::Url::parse(&format!("{}/api/v1/sync/pull", self.base))?;
        url.query_pairs_mut()
            .append_pair("cursor", &cursor.0)
            .append_pair("limit", &limit.to_string());
        let request = self.http.get(url).bearer_auth(&self.token);
        let bytes = request.send().await?.error_for_status()?.bytes().await?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

/// A device with `MUTATIONS` new evaluations queued.
fn device(tag: &str, suppliers: &[String]) -> (SyncState, Vec<Mutation>) {
    let mut state = SyncState::new(format!("bench-{tag}"));
    let outbox = (0..MUTATIONS)
        .map(|i| {
            let score = 1 + (i % 5) as u8;
            let draft = EvaluationDraft {
                id: format!("{tag}-{i:05}"),
                supplier_id: suppliers[i % suppliers.len()].as_str().into(),
                period: "2026-Q3".into(),
                scores: Scores {
                    quality: score,
                    delivery: 6 - score,
                    price: 3,
                    service: 4,
                },
                comment: "Delivered on time; one carton dented. 按时交货。".into(),
            };
            state.enqueue(Op::SaveEvaluation { evaluation: draft }, 0)
        })
        .collect();
    (state, outbox)
}

/// (a) Pushes the outbox as a `SyncRound` does, until it is empty.
async fn push_by_round(hub: &Hub, mut state: SyncState, mut outbox: Vec<Mutation>) -> Res<()> {
    let mut round = SyncRound::new(&state, Limits::default());
    while let Step::Push(req) = round.next_step(&outbox) {
        let pushed = round.pushed(hub.push(&req).await?)?;
        assert!(pushed.refused.is_empty(), "{:?}", pushed.refused.first());
        outbox.retain(|m| m.id > pushed.processed_through);
        state.advance(round.position());
    }
    assert!(outbox.is_empty());
    Ok(())
}

/// (b) The same mutations, one request each.
async fn push_one_by_one(hub: &Hub, state: SyncState, outbox: Vec<Mutation>) -> Res<()> {
    for m in outbox {
        let id = m.id;
        let req = PushRequest {
            client_id: state.client_id.clone(),
            mutations: vec![m],
        };
        assert_eq!(hub.push(&req).await?.last_applied, id);
    }
    Ok(())
}

/// (c) Pulls the whole feed from an empty cursor, as a `SyncRound` does; returns the changes.
async fn pull_all(hub: &Hub, limit: u32) -> Res<usize> {
    let state = SyncState::new("bench-pull");
    let limits = Limits {
        pull_limit: limit,
        ..Limits::default()
    };
    let mut round = SyncRound::new(&state, limits);
    let mut received = 0;
    while let Step::Pull { cursor, limit } = round.next_step(&[]) {
        match round.pulled(hub.pull(&cursor, limit).await?)? {
            Pulled::Store { changes, .. } => received += changes.len(),
            Pulled::Recover { .. } => return Err("the hub reset during the benchmark".into()),
        }
    }
    Ok(received)
}

/// (median, min) of `RUNS` timings.
fn stats(mut runs: Vec<Duration>) -> (Duration, Duration) {
    runs.sort();
    (runs[runs.len() / 2], runs[0])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() -> Res<()> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("bench.sqlite3"))?;
    let size = DemoSize {
        seed: demo::DEFAULT_SEED,
        suppliers: 5,
        items_per_supplier: 20,
        marketplace_sellers: 0,
        items_per_seller: 0,
    };
    store.seed_demo_if_empty(size)?;
    let seeded = Instant::now();
    store.seed_demo_evaluations(RECORDS, demo::DEFAULT_SEED)?;
    println!("seeded {RECORDS} evaluations in {}", ms(seeded.elapsed()));
    let suppliers: Vec<String> = demo::suppliers(5).into_iter().map(|s| s.id).collect();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = router(AppState::new(store), None);
    tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::builder().no_proxy().build()?;
    let login = serde_json::json!({ "username": "buyer", "password": demo::DEMO_PASSWORD });
    let url = format!("{base}/api/v1/login");
    let reply = http
        .post(url)
        .json(&login)
        .send()
        .await?
        .error_for_status()?;
    let token = reply.json::<LoginResponse>().await?.token;
    let hub = Hub { http, base, token };

    // Pulls first, while the hub holds exactly RECORDS evaluations and the demo approval
    // policy (the pushes add theirs).
    let mut pulls = Vec::new();
    for limit in [1_000u32, 5_000] {
        let mut runs = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            assert_eq!(pull_all(&hub, limit).await?, RECORDS + 1);
            runs.push(started.elapsed());
        }
        pulls.push((limit, stats(runs)));
    }
    let (mut by_round, mut one_by_one) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        let (state, outbox) = device(&format!("round{run}"), &suppliers);
        let started = Instant::now();
        push_by_round(&hub, state, outbox).await?;
        by_round.push(started.elapsed());
        let (state, outbox) = device(&format!("single{run}"), &suppliers);
        let started = Instant::now();
        push_one_by_one(&hub, state, outbox).await?;
        one_by_one.push(started.elapsed());
    }

    let verdict = |d: Duration| if d <= TARGET { "met" } else { "missed" };
    let batches = MUTATIONS.div_ceil(MAX_PUSH_BATCH);
    let mut rows = vec![
        (
            format!("(a) push {MUTATIONS} mutations, SyncRound, {batches} × {MAX_PUSH_BATCH}"),
            stats(by_round),
        ),
        (
            format!("(b) push {MUTATIONS} mutations, one per request"),
            stats(one_by_one),
        ),
    ];
    for (limit, s) in pulls {
        let pages = RECORDS.div_ceil(limit as usize);
        rows.push((
            format!("(c) pull {RECORDS} records, pages of {limit} ({pages} requests)"),
            s,
        ));
    }
    println!("\nSync hub over loopback HTTP, SQLite file, {RUNS} runs each (JSON included)\n");
    println!(
        "| {:<58} | {:>9} | {:>9} | {:>6} | {:<6} |",
        "measurement", "median", "min", "target", "result"
    );
    println!(
        "|{:-<60}|{:->11}|{:->11}|{:->8}|{:-<8}|",
        "", "", "", "", ""
    );
    for (name, (median, min)) in rows {
        println!(
            "| {name:<58} | {:>9} | {:>9} | {:>6} | {:<6} |",
            ms(median),
            ms(min),
            "≤ 1 s",
            verdict(median)
        );
    }
    Ok(())
}
