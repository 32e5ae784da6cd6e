//! Load generator of `scripts/bench-hub`: simulated devices push small batches of a buyer's
//! mutations to running hub processes and pull, concurrently, over loopback HTTP; then it reads
//! the hub's whole feed back and checks that nothing acknowledged was lost and nothing was
//! applied twice. A benchmark, not a test: it prints figures, and fails only when the check does.
//!
//! ```text
//! cargo run --release -p procura-endpoint --example bench_hub -- \
//!     --hub http://127.0.0.1:8080 [--hub http://127.0.0.1:8081] --devices 200 --seconds 20
//! ```
//!
//! **A device.** Every `--interval-ms` (staggered over the interval, so devices do not push in
//! step) it pushes one batch of `--batch` mutations with its own client id and the next mutation
//! ids: requisitions submitted and withdrawn again in the same batch (each decided against the
//! organisation: policy, budgets, delegations, the supplier's standing, the requester's open
//! requisitions; withdrawn so the requester's open requisitions stay under their cap however
//! long the run), and its evaluation of a supplier saved again. Then it pulls one page (`--pull-limit`)
//! from its own cursor. A push that fails (an HTTP error, a timeout, a refused connection) is
//! sent again, the same batch, until acknowledged, as the app's sync does; every
//! `--retry-every`th acknowledged batch is also sent a second time on purpose (an answer
//! "lost"), and its answer must repeat the first one's outcomes.
//!
//! **Devices and processes.** Devices are split over the `--hub` URLs in turn. Every device
//! syncs as the demo's `buyer`, who logs in once (one Argon2 verification and one login
//! throttle entry, not one per device); each device has its own client id, so exactly-once is
//! per device as in the field. Connections are pooled by one HTTP client (at most one per
//! request in flight), not one per device.
//!
//! **The check.** After the load, every device's last batch is sent again (its outcomes must
//! repeat), then the whole feed is pulled from the start: every requisition a device got
//! `applied` for is there once, withdrawn, with exactly the two audit entries of one
//! submission and one withdrawal (a submission or withdrawal applied twice would add one, or
//! would have been refused on the retry), no requisition of the run is there that no device
//! was told about, and each device's evaluation holds the scores of its last batch.

use procura_demo::demo;
use procura_ground::date::{Entered, Quarter};
use procura_procurement::approval::time::day_of_ms;
use procura_procurement::approval::{RequisitionDraft, RequisitionLine, Status};
use procura_suppliers::scorecard::{EvaluationDraft, Scores};
use procura_sync::api::sync::{
    Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, MAX_PULL_LIMIT,
};
use procura_sync::api::{ApiError, LoginResponse};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

const DAY_MS: i64 = 86_400_000;

/// The command line (`--name value` pairs; see the module's text).
#[derive(Debug, Clone)]
struct Args {
    hubs: Vec<String>,
    devices: usize,
    seconds: u64,
    batch: usize,
    interval_ms: u64,
    pull_limit: u32,
    retry_every: u64,
    client_threads: usize,
    label: String,
}

impl Args {
    fn parse() -> Res<Self> {
        let mut args = Args {
            hubs: Vec::new(),
            devices: 200,
            seconds: 20,
            batch: 10,
            interval_ms: 1_000,
            pull_limit: 100,
            retry_every: 20,
            client_threads: 1,
            label: String::new(),
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or(format!("{flag} needs a value"));
            match flag.as_str() {
                "--hub" => args.hubs.push(value()?.trim_end_matches('/').to_owned()),
                "--devices" => args.devices = value()?.parse()?,
                "--seconds" => args.seconds = value()?.parse()?,
                "--batch" => args.batch = value()?.parse()?,
                "--interval-ms" => args.interval_ms = value()?.parse()?,
                "--pull-limit" => args.pull_limit = value()?.parse()?,
                "--retry-every" => args.retry_every = value()?.parse()?,
                "--client-threads" => args.client_threads = value()?.parse()?,
                "--label" => args.label = value()?,
                other => return Err(format!("unknown flag {other}").into()),
            }
        }
        if args.hubs.is_empty() {
            args.hubs.push("http://127.0.0.1:8080".to_owned());
        }
        if args.batch < 2 || args.devices == 0 || args.client_threads == 0 {
            return Err("--batch is at least 2; --devices and --client-threads at least 1".into());
        }
        Ok(args)
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A requisition as a buyer's device submits it: three lines of office supplies from the first
/// demo supplier, on the policy's first cost centre and account.
fn draft(id: &str, now: i64) -> RequisitionDraft {
    let (policy, supplier) = fixture();
    let line = RequisitionLine {
        item_id: None,
        description: "Archive boxes, A4, brown".into(),
        supplier_id: supplier.id.as_str().into(),
        supplier_name: supplier.name.en.clone(),
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

/// The demo's policy and first supplier, made once (the client's CPU is the hub's too).
fn fixture() -> &'static (procura_procurement::approval::Policy, demo::DemoSupplier) {
    static FIXTURE: std::sync::OnceLock<(
        procura_procurement::approval::Policy,
        demo::DemoSupplier,
    )> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| (demo::policy(), demo::suppliers(1).remove(0)))
}

/// What one device sends and was told.
#[derive(Default)]
struct DeviceLog {
    push_us: Vec<u32>,
    pull_us: Vec<u32>,
    retry_us: Vec<u32>,
    errors: BTreeMap<String, u64>,
    applied: u64,
    refused: BTreeMap<String, u64>,
    pushes: u64,
    pulls: u64,
    pulled_changes: u64,
    /// Deliberate second deliveries, and those whose answer differed from the first.
    retries: u64,
    retry_mismatches: u64,
    /// Requisition ids whose submission was answered `applied`, with whether their withdrawal was.
    submitted: Vec<(String, bool)>,
    /// The scores of the last evaluation the hub applied, by its id.
    evaluation: Option<(String, u8)>,
    last_batch: Option<PushRequest>,
    last_outcomes: Vec<Outcome>,
    cursor: String,
}

struct Device {
    index: usize,
    client_id: String,
    run: String,
    next_id: u64,
    hub: String,
    http: reqwest::Client,
    token: Arc<String>,
    log: DeviceLog,
}

/// Why a request failed, as a short kind for the error table.
fn kind_of(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect".into()
    } else if e.is_decode() {
        "decode".into()
    } else {
        "transport".into()
    }
}

impl Device {
    /// The next batch: `batch / 2 - 1` requisitions submitted and withdrawn, two mutations each,
    /// then the device's evaluation saved (the remainder of an odd batch is one more save).
    fn next_batch(&mut self, round: u64) -> PushRequest {
        let now = now_ms();
        let mut ops = Vec::new();
        let size = self.batch_size();
        let pairs = (size - 1) / 2;
        for p in 0..pairs {
            let id = format!("{}-d{}-r{round}-{p}", self.run, self.index);
            ops.push(Op::SubmitRequisition {
                requisition: draft(&id, now),
            });
            ops.push(Op::WithdrawRequisition { id, revision: 1 });
        }
        while ops.len() < size {
            let quality = 1 + ((round + ops.len() as u64) % 5) as u8;
            ops.push(Op::SaveEvaluation {
                evaluation: EvaluationDraft {
                    id: format!("{}-d{}-eval", self.run, self.index),
                    supplier_id: fixture().1.id.as_str().into(),
                    period: Entered::Valid(Quarter::of(day_of_ms(now))),
                    scores: Scores {
                        quality,
                        delivery: 4,
                        price: 4,
                        service: 5,
                    },
                    comment: "Reliable; boxes arrive on time".into(),
                },
            });
        }
        let mutations = ops
            .into_iter()
            .map(|op| {
                self.next_id += 1;
                Mutation {
                    id: self.next_id,
                    created_at_ms: now,
                    op,
                }
            })
            .collect();
        PushRequest {
            client_id: self.client_id.clone(),
            mutations,
        }
    }

    fn batch_size(&self) -> usize {
        BATCH.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// One delivery of `req`: its answer, or the kind of failure.
    async fn push_once(&self, req: &PushRequest) -> Result<PushResponse, String> {
        let sent = self
            .http
            .post(format!("{}/api/v1/sync/push", self.hub))
            .bearer_auth(self.token.as_str())
            .json(req)
            .send()
            .await
            .map_err(|e| kind_of(&e))?;
        let status = sent.status();
        let bytes = sent.bytes().await.map_err(|e| kind_of(&e))?;
        if !status.is_success() {
            let code = serde_json::from_slice::<ApiError>(&bytes)
                .map(|e| e.code)
                .unwrap_or_default();
            return Err(format!("push {} {code}", status.as_u16()));
        }
        serde_json::from_slice(&bytes).map_err(|_| "push decode".to_owned())
    }

    /// Delivers `req` until the hub acknowledges it (or `give_up` passes): the answer, and the
    /// latency of the delivery that was answered.
    async fn push_until_acked(
        &mut self,
        req: &PushRequest,
        give_up: Instant,
    ) -> Option<(PushResponse, Duration)> {
        loop {
            let started = Instant::now();
            match self.push_once(req).await {
                Ok(answer) => return Some((answer, started.elapsed())),
                Err(kind) => {
                    *self.log.errors.entry(kind).or_default() += 1;
                    if Instant::now() > give_up {
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    fn record_answer(&mut self, req: &PushRequest, answer: &PushResponse) {
        let mut submitted: HashMap<String, usize> = HashMap::new();
        for (m, o) in req.mutations.iter().zip(&answer.outcomes) {
            let applied = matches!(o.result, OutcomeResult::Applied);
            match &o.result {
                OutcomeResult::Applied => self.log.applied += 1,
                OutcomeResult::Refused { code, .. } => {
                    *self.log.refused.entry(code.clone()).or_default() += 1
                }
            }
            match &m.op {
                Op::SubmitRequisition { requisition } if applied => {
                    submitted.insert(requisition.id.to_string(), self.log.submitted.len());
                    self.log.submitted.push((requisition.id.to_string(), false));
                }
                Op::WithdrawRequisition { id, .. } if applied => {
                    if let Some(&i) = submitted.get(id) {
                        self.log.submitted[i].1 = true;
                    }
                }
                Op::SaveEvaluation { evaluation } if applied => {
                    self.log.evaluation = Some((evaluation.id.clone(), evaluation.scores.quality));
                }
                _ => {}
            }
        }
        if answer.outcomes.len() != req.mutations.len()
            || answer.last_applied != req.mutations.last().map_or(0, |m| m.id)
        {
            *self
                .log
                .errors
                .entry("answer incomplete".into())
                .or_default() += 1;
        }
    }

    async fn pull(&mut self) {
        let started = Instant::now();
        let sent = self
            .http
            .get(pull_url(&self.hub, &self.log.cursor, PULL_LIMIT.load(ORD)))
            .bearer_auth(self.token.as_str())
            .send()
            .await;
        let result = match sent {
            Err(e) => Err(kind_of(&e)),
            Ok(r) if !r.status().is_success() => Err(format!("pull {}", r.status().as_u16())),
            Ok(r) => match r.bytes().await {
                Err(e) => Err(kind_of(&e)),
                Ok(bytes) => serde_json::from_slice::<PullResponse>(&bytes)
                    .map_err(|_| "pull decode".to_owned()),
            },
        };
        match result {
            Ok(page) => {
                self.log.pull_us.push(micros(started.elapsed()));
                self.log.pulls += 1;
                self.log.pulled_changes += page.changes.len() as u64;
                self.log.cursor = page.next_cursor.0;
            }
            Err(kind) => *self.log.errors.entry(kind).or_default() += 1,
        }
    }

    /// Pushes and pulls every interval until `end`, then returns the log.
    async fn run(mut self, first: Instant, interval: Duration, end: Instant) -> DeviceLog {
        let mut tick = first;
        let mut round = 0u64;
        let retry_every = RETRY_EVERY.load(ORD) as u64;
        // A device that falls behind pushes back to back, until the end (not every tick).
        while tick < end && Instant::now() < end {
            tokio::time::sleep_until(tick).await;
            tick += interval;
            let req = self.next_batch(round);
            round += 1;
            // A batch is delivered until acknowledged, even after the end.
            let Some((answer, took)) = self.push_until_acked(&req, end + GRACE).await else {
                break;
            };
            self.log.push_us.push(micros(took));
            self.log.pushes += 1;
            self.record_answer(&req, &answer);
            if retry_every > 0 && round.is_multiple_of(retry_every) {
                self.retry(&req, &answer.outcomes, end + GRACE).await;
            }
            self.log.last_outcomes = answer.outcomes;
            self.log.last_batch = Some(req);
            self.pull().await;
        }
        self.log
    }

    /// Sends an acknowledged batch again; the hub must answer its stored outcomes.
    async fn retry(&mut self, req: &PushRequest, first: &[Outcome], give_up: Instant) {
        if let Some((again, took)) = self.push_until_acked(req, give_up).await {
            self.log.retry_us.push(micros(took));
            self.log.retries += 1;
            if again.outcomes != first {
                self.log.retry_mismatches += 1;
            }
        }
    }
}

static BATCH: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(10);
static PULL_LIMIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(100);
static RETRY_EVERY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(20);
const ORD: std::sync::atomic::Ordering = std::sync::atomic::Ordering::Relaxed;
/// How long after the end a device keeps delivering its last unacknowledged batch.
const GRACE: Duration = Duration::from_secs(30);

fn micros(d: Duration) -> u32 {
    d.as_micros().min(u128::from(u32::MAX)) as u32
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1_000.0
}

/// This process's CPU seconds (user + system), from /proc (Linux; 0 elsewhere).
fn own_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A pull's URL. The hub's cursors (`r1.{epoch}.{seq}`) need no escaping.
fn pull_url(hub: &str, cursor: &str, limit: usize) -> String {
    format!("{hub}/api/v1/sync/pull?cursor={cursor}&limit={limit}")
}

async fn login(http: &reqwest::Client, hub: &str) -> Res<String> {
    let body = serde_json::json!({ "username": "buyer", "password": demo::DEMO_PASSWORD });
    let answer = http
        .post(format!("{hub}/api/v1/login"))
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json::<LoginResponse>()
        .await?;
    Ok(answer.token)
}

/// The whole feed from the start, every record by its storage key (the last change wins).
async fn whole_feed(
    http: &reqwest::Client,
    hub: &str,
    token: &str,
) -> Res<HashMap<String, Option<Record>>> {
    let mut cursor = String::new();
    let mut records = HashMap::new();
    loop {
        let page: PullResponse = http
            .get(pull_url(hub, &cursor, MAX_PULL_LIMIT as usize))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for change in page.changes {
            match change {
                RecordChange::Upsert { record } => {
                    records.insert(record.key().storage_key(), Some(record));
                }
                RecordChange::Delete { key } => {
                    records.insert(key.storage_key(), None);
                }
            }
        }
        cursor = page.next_cursor.0;
        if !page.has_more {
            return Ok(records);
        }
    }
}

/// What the check found wrong (empty: nothing).
async fn verify(
    http: &reqwest::Client,
    hub: &str,
    token: &str,
    run: &str,
    logs: &[DeviceLog],
) -> Res<(Vec<String>, usize)> {
    let feed = whole_feed(http, hub, token).await?;
    let mut problems = Vec::new();
    let mut expected = std::collections::HashSet::new();
    let mut checked = 0usize;
    for log in logs {
        for (id, withdrawn) in &log.submitted {
            checked += 1;
            expected.insert(id.clone());
            let key = procura_sync::api::sync::RecordKey::requisition(id).storage_key();
            match feed.get(&key) {
                Some(Some(Record::Requisition(r))) => {
                    let status_ok = if *withdrawn {
                        r.status == Status::Withdrawn
                    } else {
                        r.status != Status::Withdrawn
                    };
                    let entries = if *withdrawn { 2 } else { 1 };
                    if !status_ok || r.audit.len() != entries {
                        problems.push(format!(
                            "requisition {id}: status {:?}, {} audit entries (one submission{} expected)",
                            r.status,
                            r.audit.len(),
                            if *withdrawn { " and one withdrawal" } else { "" }
                        ));
                    }
                }
                _ => problems.push(format!(
                    "requisition {id}: acknowledged, not in the feed (lost)"
                )),
            }
        }
        if let Some((id, quality)) = &log.evaluation {
            let key = procura_sync::api::sync::RecordKey::new(
                procura_sync::api::sync::RecordKind::Evaluation,
                id,
            )
            .storage_key();
            match feed.get(&key) {
                Some(Some(Record::Evaluation(e))) if e.scores.quality == *quality => {}
                other => problems.push(format!(
                    "evaluation {id}: expected quality {quality}, found {:?}",
                    other.map(|r| r.as_ref().map(|r| r.key().storage_key()))
                )),
            }
        }
    }
    for record in feed.values().flatten() {
        if let Record::Requisition(r) = record {
            if r.id.as_str().starts_with(run) && !expected.contains(r.id.as_str()) {
                problems.push(format!(
                    "requisition {} is in the feed but no device was told it was applied",
                    r.id
                ));
            }
        }
    }
    Ok((problems, checked))
}

async fn bench(args: Args) -> Res<bool> {
    BATCH.store(args.batch, ORD);
    PULL_LIMIT.store(args.pull_limit.clamp(1, MAX_PULL_LIMIT) as usize, ORD);
    RETRY_EVERY.store(args.retry_every as usize, ORD);
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(usize::MAX)
        .build()?;
    // One login for every device (see the module's text); a session is valid on every process.
    let token = Arc::new(login(&http, &args.hubs[0]).await?);
    let run = format!("bench{}", now_ms() % 1_000_000_000);
    let interval = Duration::from_millis(args.interval_ms);
    let start = Instant::now() + Duration::from_millis(200);
    let end = start + Duration::from_secs(args.seconds);
    let cpu_before = own_cpu_seconds();
    let mut tasks = Vec::new();
    for index in 0..args.devices {
        let device = Device {
            index,
            client_id: format!("{run}-device-{index}"),
            run: run.clone(),
            next_id: 0,
            hub: args.hubs[index % args.hubs.len()].clone(),
            http: http.clone(),
            token: Arc::clone(&token),
            log: DeviceLog::default(),
        };
        // Staggered over one interval.
        let first = start + interval * index as u32 / args.devices as u32;
        tasks.push(tokio::spawn(device.run(first, interval, end)));
    }
    let mut logs = Vec::new();
    for task in tasks {
        logs.push(task.await?);
    }
    let elapsed = start.elapsed().as_secs_f64();
    let client_cpu = own_cpu_seconds() - cpu_before;

    // Every device's last batch once more: the hub answers what it answered.
    let mut final_retries = 0u64;
    let mut final_mismatches = 0u64;
    for (index, log) in logs.iter().enumerate() {
        let Some(req) = &log.last_batch else { continue };
        let hub = &args.hubs[index % args.hubs.len()];
        let again: PushResponse = http
            .post(format!("{hub}/api/v1/sync/push"))
            .bearer_auth(token.as_str())
            .json(req)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        final_retries += 1;
        if again.outcomes != log.last_outcomes {
            final_mismatches += 1;
        }
    }
    let (problems, checked) = verify(&http, &args.hubs[0], &token, &run, &logs).await?;

    let mut push: Vec<u32> = logs
        .iter()
        .flat_map(|l| l.push_us.iter().copied())
        .collect();
    let mut pull: Vec<u32> = logs
        .iter()
        .flat_map(|l| l.pull_us.iter().copied())
        .collect();
    push.sort_unstable();
    pull.sort_unstable();
    let sum = |f: fn(&DeviceLog) -> u64| logs.iter().map(f).sum::<u64>();
    let applied = sum(|l| l.applied);
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut refused: BTreeMap<String, u64> = BTreeMap::new();
    for log in &logs {
        for (k, n) in &log.errors {
            *errors.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &log.refused {
            *refused.entry(k.clone()).or_default() += n;
        }
    }
    let retries = sum(|l| l.retries) + final_retries;
    let mismatches = sum(|l| l.retry_mismatches) + final_mismatches;
    let ok = problems.is_empty() && mismatches == 0;
    let text = |m: &BTreeMap<String, u64>| {
        if m.is_empty() {
            "none".to_owned()
        } else {
            m.iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    println!(
        "{}: {} devices over {} process(es), {} s, batches of {} every {} ms, pull pages of {}",
        args.label,
        args.devices,
        args.hubs.len(),
        args.seconds,
        args.batch,
        args.interval_ms,
        args.pull_limit
    );
    println!(
        "  applied {applied} mutations in {elapsed:.1} s = {:.0}/s; {} pushes ({:.0}/s), {} pulls ({} changes)",
        applied as f64 / elapsed,
        push.len(),
        push.len() as f64 / elapsed,
        pull.len(),
        sum(|l| l.pulled_changes)
    );
    println!(
        "  push p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; pull p50 {:.1} ms, p99 {:.1} ms",
        percentile(&push, 0.5),
        percentile(&push, 0.99),
        percentile(&push, 1.0),
        percentile(&pull, 0.5),
        percentile(&pull, 0.99)
    );
    println!(
        "  errors: {}; refused outcomes: {}",
        text(&errors),
        text(&refused)
    );
    println!(
        "  client CPU {client_cpu:.1} s ({:.0} % of one core)",
        client_cpu / elapsed * 100.0
    );
    println!(
        "  check: {checked} acknowledged requisitions read back, {retries} batches delivered twice ({mismatches} answered differently): {}",
        if ok { "nothing lost, nothing applied twice".to_owned() } else { format!("{} PROBLEMS", problems.len()) }
    );
    for p in problems.iter().take(20) {
        println!("    {p}");
    }
    // One line for scripts/bench-hub's table.
    println!(
        "RESULT\t{}\t{}\t{:.0}\t{:.1}\t{:.1}\t{:.1}\t{:.1}\t{}\t{}\t{}",
        args.label,
        args.devices,
        applied as f64 / elapsed,
        percentile(&push, 0.5),
        percentile(&push, 0.99),
        percentile(&pull, 0.5),
        percentile(&pull, 0.99),
        errors.values().sum::<u64>(),
        if ok { "ok" } else { "FAILED" },
        client_cpu / elapsed * 100.0,
    );
    Ok(ok)
}

fn main() -> std::process::ExitCode {
    let args = match Args::parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_hub: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(bench(args)) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::FAILURE,
        Err(e) => {
            eprintln!("bench_hub: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
