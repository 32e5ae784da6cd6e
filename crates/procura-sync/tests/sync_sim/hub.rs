//! The simulation's hub: an in-memory model built on the same decisions the endpoint makes
//! (`procura_sync::sync::hub`), counting how often each mutation is applied.

use crate::SUPPLIERS;
use procura_procurement::approval::Actor;
use procura_sync::api::Cursor;
use procura_sync::sync::hub::{self, Context, HubWrite};
use procura_sync::sync::{
    Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record, RecordChange,
    RecordKey,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the model hub knows beyond a mutation's record: whether the supplier exists. The
/// simulation writes evaluations only, so there is no approval policy, no delegation and
/// nothing committed against a budget.
pub fn context(supplier_exists: bool) -> Context<'static> {
    Context {
        supplier_exists,
        policy: None,
        delegations: &[],
        delegations_from: &no_delegations,
        open_requisitions: &no_requisitions,
        committed: &nothing_committed,
        orders: None,
        catalog: None,
        standing: None,
        stocked: &|_| None,
        invoices: None,
        contracts: &|_| Vec::new(),
    }
}

fn no_delegations(_: &str) -> Vec<procura_procurement::approval::Delegation> {
    Vec::new()
}

fn no_requisitions(_: &str) -> usize {
    0
}

fn nothing_committed(_: procura_procurement::approval::Committed<'_>) -> rust_decimal::Decimal {
    rust_decimal::Decimal::ZERO
}

#[derive(Default)]
pub struct Hub {
    pub epoch: u32,
    pub seq: u64,
    pub clients: HashMap<String, (String, u64)>,
    pub outcomes: HashMap<(String, u64), OutcomeResult>,
    pub records: BTreeMap<RecordKey, (u64, Option<Record>)>,
    /// (epoch, client, mutation id) → times applied.
    pub applications: HashMap<(u32, String, u64), u32>,
    /// Every (client, mutation id) any epoch processed.
    pub processed: BTreeSet<(String, u64)>,
}

pub enum HubAnswer {
    Push(PushResponse),
    Pull(PullResponse),
    Gone,
}

pub enum Request {
    Push(Actor, PushRequest),
    Pull(Cursor, u32),
}

impl Hub {
    pub fn epoch_name(&self) -> String {
        format!("E{}", self.epoch)
    }

    pub fn handle(&mut self, request: &Request, now: i64) -> HubAnswer {
        match request {
            Request::Push(user, req) => HubAnswer::Push(self.push(user, req, now)),
            Request::Pull(cursor, limit) => match self.pull(cursor, *limit) {
                Some(page) => HubAnswer::Pull(page),
                None => HubAnswer::Gone,
            },
        }
    }

    pub fn push(&mut self, user: &Actor, req: &PushRequest, now: i64) -> PushResponse {
        let client = req.client_id.clone();
        let (owner, last) = self
            .clients
            .get(&client)
            .cloned()
            .map_or((user.id.to_string(), None), |(o, l)| (o, Some(l)));
        assert_eq!(owner, user.id, "a client id stays with its user");
        let new = hub::unprocessed(last, &req.mutations).expect("the engine sends valid batches");
        let mut last_applied = last.unwrap_or(0);
        for m in new {
            let key = m.op.key();
            let current = self.records.get(&key).and_then(|(_, r)| r.as_ref());
            let supplier_exists = match &m.op {
                Op::SaveEvaluation { evaluation } => {
                    SUPPLIERS.contains(&evaluation.supplier_id.as_str())
                }
                _ => true,
            };
            let ctx = context(supplier_exists);
            let result = match hub::decide(&m.op, user, current, &ctx, now) {
                Ok(write) => {
                    match write {
                        HubWrite::Put(record) => {
                            self.seq += 1;
                            self.records.insert(key, (self.seq, Some(record)));
                        }
                        HubWrite::Remove(_) => {
                            self.seq += 1;
                            self.records.insert(key, (self.seq, None));
                        }
                        HubWrite::Nothing => {}
                    }
                    OutcomeResult::Applied
                }
                Err(r) => OutcomeResult::refused(&r),
            };
            *self
                .applications
                .entry((self.epoch, client.clone(), m.id))
                .or_default() += 1;
            self.processed.insert((client.clone(), m.id));
            self.outcomes.insert((client.clone(), m.id), result);
            last_applied = m.id;
        }
        self.clients
            .insert(client.clone(), (owner.clone(), last_applied));
        let outcomes = req
            .mutations
            .iter()
            .filter_map(|m| {
                let result = self.outcomes.get(&(client.clone(), m.id))?.clone();
                Some(Outcome { id: m.id, result })
            })
            .collect();
        PushResponse {
            epoch: self.epoch_name(),
            last_applied,
            outcomes,
        }
    }

    pub fn pull(&self, cursor: &Cursor, limit: u32) -> Option<PullResponse> {
        let after = if cursor.is_start() {
            0
        } else {
            let (epoch, seq) = cursor.0.split_once(':')?;
            if epoch != self.epoch_name() {
                return None;
            }
            seq.parse().ok()?
        };
        let mut changed: Vec<_> = self
            .records
            .iter()
            .filter(|(_, (s, _))| *s > after)
            .collect();
        changed.sort_by_key(|(_, (s, _))| *s);
        let page: Vec<_> = changed.iter().take(limit as usize).collect();
        let last = page.last().map_or(after, |(_, (s, _))| *s);
        Some(PullResponse {
            epoch: self.epoch_name(),
            changes: page
                .iter()
                .map(|(key, (_, record))| match record {
                    Some(record) => RecordChange::Upsert {
                        record: record.clone(),
                    },
                    None => RecordChange::Delete {
                        key: (*key).clone(),
                    },
                })
                .collect(),
            next_cursor: Cursor(format!("{}:{last}", self.epoch_name())),
            has_more: changed.len() > page.len(),
            remaining: (changed.len() - page.len()) as u64,
        })
    }

    /// The hub is restored from nothing.
    pub fn lose_everything(&mut self) {
        let epoch = self.epoch + 1;
        let (applications, processed) = (
            std::mem::take(&mut self.applications),
            std::mem::take(&mut self.processed),
        );
        *self = Hub {
            epoch,
            applications,
            processed,
            ..Hub::default()
        };
    }

    pub fn live(&self) -> BTreeMap<RecordKey, Record> {
        self.records
            .iter()
            .filter_map(|(k, (_, r))| Some((k.clone(), r.clone()?)))
            .collect()
    }
}
