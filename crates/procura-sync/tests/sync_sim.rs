//! Seeded simulation of the sync engine under faults.
//!
//! Three devices (one user each) edit evaluations while the network drops requests before or
//! after the hub applied them, answers 503, duplicates requests, delivers stale ones late
//! (reordering), the hub restarts (losing what was in flight) or, rarely, loses its whole state
//! (a new epoch), and devices crash mid-round (losing everything not committed). Then the faults
//! stop and every device syncs until quiet. Checked in every run:
//!
//! - **nothing lost**: every mutation a device queued was processed by the hub;
//! - **nothing applied twice**: within one hub epoch no (client, mutation id) is applied twice;
//! - **convergence**: each device holds exactly the hub's records, and the hub holds exactly
//!   what each user meant (their own changes applied in order, refusals left out).
//!
//! The hub here is a model built on the same decisions the endpoint makes
//! (`procura_sync::sync::hub`); the endpoint's SQLite version is tested over HTTP in its crate.

use procura_procurement::approval::Actor;
use procura_suppliers::scorecard::{EvaluationDraft, Scores};
use procura_sync::api::sync::MAX_PULL_LIMIT;
use procura_sync::api::Role;
use procura_sync::sync::hub::{self, HubWrite};
use procura_sync::sync::{
    applied_changes, classify, local_view, FailureKind, Limits, Mutation, Op, Pulled, Record,
    RecordChange, RecordKey, Step, SyncRound, SyncState,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

mod sync_sim {
    pub mod hub;
}

use sync_sim::hub::{context, Hub, HubAnswer, Request};

const RUNS: u64 = 1_200;
const SUPPLIERS: [&str; 2] = ["acme", "bolt"];

// ---------------------------------------------------------------------------------------------
// A device

struct Device {
    user: Actor,
    /// Durable: survives a crash.
    state: SyncState,
    outbox: Vec<Mutation>,
    records: BTreeMap<RecordKey, Record>,
    refused: Vec<u64>,
    queued_ever: Vec<u64>,
    /// Volatile.
    round: Option<SyncRound>,
}

impl Device {
    fn new(n: usize) -> Self {
        Self {
            user: Actor {
                id: format!("user{n}").into(),
                name: format!("User {n}"),
                roles: vec![Role::Buyer],
            },
            state: SyncState::new(format!("client{n}")),
            outbox: Vec::new(),
            records: BTreeMap::new(),
            refused: Vec::new(),
            queued_ever: Vec::new(),
            round: None,
        }
    }

    fn queue(&mut self, op: Op, now: i64) {
        let m = self.state.enqueue(op, now);
        self.queued_ever.push(m.id);
        self.outbox.push(m);
    }

    /// Recovery after the hub lost its state, committed as one transaction.
    fn recover(&mut self, epoch: Option<&str>, now: i64) {
        let view = local_view(self.records.clone(), &self.outbox, &self.user);
        let requeued = self.state.recover(epoch, &view, &self.user, now);
        self.queued_ever.extend(requeued.iter().map(|m| m.id));
        self.outbox.extend(requeued);
        self.records.clear();
    }

    fn commit_push(&mut self, round: &SyncRound, pushed: procura_sync::sync::Pushed, now: i64) {
        self.outbox.retain(|m| m.id > pushed.processed_through);
        // Folds the applied changes into the records (in place) before the next pull; every
        // applied evaluation change is one record change.
        let folded = applied_changes(&mut self.records, &pushed.applied, &self.user);
        assert_eq!(folded.len(), pushed.applied.len());
        self.refused
            .extend(pushed.refused.iter().map(|r| r.mutation.id));
        self.state.advance(round.position());
        if let Some(epoch) = pushed.recover {
            self.recover(Some(&epoch), now);
        }
    }

    fn commit_pull(&mut self, round: &SyncRound, pulled: Pulled, now: i64) {
        match pulled {
            Pulled::Store { changes, .. } => {
                for change in changes {
                    match change {
                        RecordChange::Upsert { record } => {
                            self.records.insert(record.key(), record);
                        }
                        RecordChange::Delete { key } => {
                            self.records.remove(&key);
                        }
                    }
                }
                self.state.advance(round.position());
            }
            Pulled::Recover { epoch } => self.recover(epoch.as_deref(), now),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The network

#[derive(Clone, Copy)]
struct Faults {
    drop_before: f64,
    drop_after: f64,
    unavailable: f64,
    duplicate: f64,
    late: f64,
}

const CALM: Faults = Faults {
    drop_before: 0.0,
    drop_after: 0.0,
    unavailable: 0.0,
    duplicate: 0.0,
    late: 0.0,
};

enum Delivery {
    Answer(HubAnswer),
    /// No answer (dropped, timed out) or a status code.
    Failed(Option<u16>),
}

struct World {
    rng: StdRng,
    hub: Hub,
    /// Requests the network holds and delivers later (a retransmission arriving after newer ones).
    late: Vec<Request>,
    now: i64,
}

impl World {
    fn send(&mut self, request: Request, faults: Faults) -> Delivery {
        self.now += 1;
        let roll: f64 = self.rng.random();
        let mut edge = faults.drop_before;
        if roll < edge {
            return Delivery::Failed(None);
        }
        edge += faults.unavailable;
        if roll < edge {
            return Delivery::Failed(Some(503));
        }
        edge += faults.late;
        if roll < edge {
            self.late.push(request);
            return Delivery::Failed(None);
        }
        let answer = self.hub.handle(&request, self.now);
        edge += faults.drop_after;
        if roll < edge {
            return Delivery::Failed(None);
        }
        edge += faults.duplicate;
        if roll < edge {
            let again = self.hub.handle(&request, self.now);
            return Self::deliver(again);
        }
        Self::deliver(answer)
    }

    fn deliver(answer: HubAnswer) -> Delivery {
        match answer {
            HubAnswer::Gone => Delivery::Failed(Some(410)),
            other => Delivery::Answer(other),
        }
    }

    fn deliver_one_late(&mut self) {
        if !self.late.is_empty() {
            let i = self.rng.random_range(0..self.late.len());
            let request = self.late.swap_remove(i);
            self.now += 1;
            let _ = self.hub.handle(&request, self.now);
        }
    }
}

/// One step of a device's sync. Returns false when its round is done or was abandoned.
fn sync_step(world: &mut World, device: &mut Device, faults: Faults, limits: Limits) -> bool {
    let mut round = device
        .round
        .take()
        .unwrap_or_else(|| SyncRound::new(&device.state, limits));
    let request = match round.next_step(&device.outbox) {
        Step::Done(_) => return false,
        Step::Push(req) => Request::Push(device.user.clone(), req),
        Step::Pull { cursor, limit } => Request::Pull(cursor, limit),
    };
    let is_push = matches!(request, Request::Push(..));
    match world.send(request, faults) {
        Delivery::Answer(HubAnswer::Push(resp)) => {
            let pushed = round.pushed(resp).expect("protocol");
            device.commit_push(&round, pushed, world.now);
        }
        Delivery::Answer(HubAnswer::Pull(page)) => {
            let pulled = round.pulled(page).expect("protocol");
            device.commit_pull(&round, pulled, world.now);
        }
        Delivery::Answer(HubAnswer::Gone) => unreachable!(),
        Delivery::Failed(status) => match classify(status) {
            FailureKind::Retry => return false, // backoff: the next round starts over
            FailureKind::CursorReset => {
                assert!(!is_push);
                let pulled = round.cursor_reset();
                device.commit_pull(&round, pulled, world.now);
            }
            other => panic!("unexpected failure {other:?}"),
        },
    }
    device.round = Some(round);
    true
}

fn random_op(rng: &mut StdRng, device: &Device, others: &[RecordKey]) -> Op {
    let view = local_view(device.records.clone(), &device.outbox, &device.user);
    let mine: Vec<&RecordKey> = view
        .iter()
        .filter(|(_, r)| r.author() == device.user.id)
        .map(|(k, _)| k)
        .collect();
    let roll: f64 = rng.random();
    let score = |rng: &mut StdRng| {
        // Now and then an out-of-range score: a forged request the hub must refuse.
        if rng.random_bool(0.03) {
            9
        } else {
            rng.random_range(1..=5)
        }
    };
    let draft = |rng: &mut StdRng, id: String, supplier: String| EvaluationDraft {
        id,
        supplier_id: supplier.into(),
        period: format!("2026-Q{}", rng.random_range(1..=4)).as_str().into(),
        scores: Scores {
            quality: score(rng),
            delivery: rng.random_range(1..=5),
            price: rng.random_range(1..=5),
            service: rng.random_range(1..=5),
        },
        comment: format!("c{}", rng.random::<u16>()),
    };
    if roll < 0.45 || mine.is_empty() {
        let supplier = if rng.random_bool(0.04) {
            "ghost".to_owned()
        } else {
            SUPPLIERS[rng.random_range(0..SUPPLIERS.len())].to_owned()
        };
        let id = format!("{}-{}", device.user.id, rng.random::<u32>());
        Op::SaveEvaluation {
            evaluation: draft(rng, id, supplier),
        }
    } else if roll < 0.75 {
        let key = mine[rng.random_range(0..mine.len())];
        let Some(Record::Evaluation(e)) = view.get(key) else {
            unreachable!()
        };
        Op::SaveEvaluation {
            evaluation: draft(rng, e.id.clone(), e.supplier_id.to_string()),
        }
    } else if roll < 0.95 || others.is_empty() {
        Op::DeleteEvaluation {
            id: mine[rng.random_range(0..mine.len())].id.clone(),
        }
    } else {
        // Someone else's evaluation: the hub must refuse.
        Op::DeleteEvaluation {
            id: others[rng.random_range(0..others.len())].id.clone(),
        }
    }
}

/// What each user meant: their own mutations, in order, as the hub decides them.
fn intended(devices: &[Device], log: &[(usize, Mutation)]) -> BTreeMap<RecordKey, Record> {
    let mut records: BTreeMap<RecordKey, Record> = BTreeMap::new();
    for (d, m) in log {
        let user = &devices[*d].user;
        let key = m.op.key();
        let exists = match &m.op {
            Op::SaveEvaluation { evaluation } => {
                SUPPLIERS.contains(&evaluation.supplier_id.as_str())
            }
            _ => true,
        };
        let ctx = context(exists);
        match hub::decide(&m.op, user, records.get(&key), &ctx, 0) {
            Ok(HubWrite::Put(r)) => {
                records.insert(key, r);
            }
            Ok(HubWrite::Remove(_)) => {
                records.remove(&key);
            }
            _ => {}
        }
    }
    records
}

/// The content a user controls (not the hub's timestamps).
fn content(records: &BTreeMap<RecordKey, Record>) -> BTreeMap<RecordKey, EvaluationDraft> {
    records
        .iter()
        .map(|(k, r)| match r {
            Record::Evaluation(e) => (k.clone(), e.draft()),
            other => panic!("the simulation writes evaluations only, not {other:?}"),
        })
        .collect()
}

fn run(seed: u64) -> (u64, u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let faults = Faults {
        drop_before: rng.random_range(0.0..0.15),
        drop_after: rng.random_range(0.0..0.15),
        unavailable: rng.random_range(0.0..0.1),
        duplicate: rng.random_range(0.0..0.1),
        late: rng.random_range(0.0..0.1),
    };
    let limits = Limits {
        push_batch: rng.random_range(1..=4),
        pull_limit: rng.random_range(1..=5).min(MAX_PULL_LIMIT),
    };
    let resets_allowed = seed.is_multiple_of(4);
    let mut world = World {
        rng: StdRng::seed_from_u64(seed ^ 0x5eed),
        hub: Hub::default(),
        late: Vec::new(),
        now: 0,
    };
    let mut devices: Vec<Device> = (0..3).map(Device::new).collect();
    // Every mutation in queue order per device, for the "what users meant" model.
    let mut log: Vec<(usize, Mutation)> = Vec::new();

    for _ in 0..rng.random_range(40..160) {
        let d = rng.random_range(0..devices.len());
        match rng.random_range(0..100) {
            0..=34 => {
                let others: Vec<RecordKey> = devices[d]
                    .records
                    .iter()
                    .filter(|(_, r)| r.author() != devices[d].user.id)
                    .map(|(k, _)| k.clone())
                    .collect();
                let op = random_op(&mut rng, &devices[d], &others);
                devices[d].queue(op, world.now);
                log.push((d, devices[d].outbox.last().cloned().expect("queued")));
            }
            35..=84 => {
                sync_step(&mut world, &mut devices[d], faults, limits);
            }
            85..=89 => world.deliver_one_late(),
            90..=94 => devices[d].round = None, // the tab crashed or was closed
            95..=97 => world.late.clear(),      // the hub restarted: in-flight requests gone
            _ if resets_allowed && rng.random_bool(0.3) => {
                world.hub.lose_everything();
                world.late.clear();
            }
            _ => {}
        }
    }

    // Faults stop; stale requests still in the network arrive; everyone syncs until quiet.
    while !world.late.is_empty() {
        world.deliver_one_late();
    }
    for _ in 0..3 {
        for device in &mut devices {
            device.round = None;
            let mut steps = 0;
            while sync_step(&mut world, device, CALM, limits) {
                steps += 1;
                assert!(
                    steps < 10_000,
                    "seed {seed}: a device never finishes syncing"
                );
            }
        }
    }

    // Nothing applied twice within an epoch.
    for ((epoch, client, id), times) in &world.hub.applications {
        assert_eq!(
            *times, 1,
            "seed {seed}: {client} mutation {id} applied {times}× in epoch {epoch}"
        );
    }
    // Nothing lost: every queued mutation was processed, and no device holds one back.
    for device in &devices {
        assert!(device.outbox.is_empty(), "seed {seed}: outbox not drained");
        for id in &device.queued_ever {
            assert!(
                world
                    .hub
                    .processed
                    .contains(&(device.state.client_id.clone(), *id)),
                "seed {seed}: {} mutation {id} was lost",
                device.state.client_id
            );
        }
    }
    // Convergence: devices hold the hub's records; the hub holds what users meant.
    let hub_records = world.hub.live();
    for device in &devices {
        assert_eq!(
            device.records, hub_records,
            "seed {seed}: {} diverged",
            device.user.id
        );
    }
    assert_eq!(
        content(&hub_records),
        content(&intended(&devices, &log)),
        "seed {seed}: the hub does not hold what users meant"
    );
    let refused = devices.iter().map(|d| d.refused.len() as u64).sum();
    (log.len() as u64, refused)
}

#[test]
fn sync_converges_exactly_once_under_faults() {
    let (mut mutations, mut refused) = (0, 0);
    for seed in 0..RUNS {
        let (m, r) = run(seed);
        mutations += m;
        refused += r;
    }
    // The runs must exercise something: many mutations, some refused by the hub's rules.
    assert!(
        mutations > RUNS * 20,
        "only {mutations} mutations in {RUNS} runs"
    );
    assert!(refused > 0, "no refusal exercised");
}
