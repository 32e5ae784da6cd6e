//! Two final approvals racing for the last of a *stop* budget: over HTTP from two devices, and
//! from two hubs on one database file. Exactly one passes; committed never exceeds the budget.

mod common;

use common::approvals::*;
use common::*;
use procura_procurement::approval::audit::{self};
use procura_procurement::approval::{committed_in, Requisition, Status};
use std::sync::{Arc, Barrier};

async fn two_final_approvals_race_for_the_last_of_a_stop_budget(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, false).await;
    race_final_approvals(&hub, [&hub, &hub]).await;
}

/// Two endpoints on one database file (two processes, say): each push holds SQLite's write lock
/// from its first statement, so the second final approval reads the first one's.
#[test]
fn racing_stores_on_one_file_serialise_final_approvals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    racing_stores_serialise_final_approvals(&|| Store::open(&path).unwrap());
}

/// Two endpoints on one PostgreSQL database, each with its own connection (two hub processes,
/// say): each push holds the store's write lock (an advisory lock) from its first statement, so
/// the second final approval reads the first one's.
#[test]
fn racing_stores_on_one_postgres_database_serialise_final_approvals() {
    if Backend::postgres().is_some() {
        let database = fresh_database();
        racing_stores_serialise_final_approvals(&|| {
            Store::open_postgres_config(&database).unwrap()
        });
    }
}

/// Two stores opened on one database (`open`) race the final approvals of two requisitions that
/// do not both fit the budget.
fn racing_stores_serialise_final_approvals(open: &dyn Fn() -> Store) {
    let mut store = open();
    store.seed_demo_if_empty(SMALL).unwrap();
    let users: HashMap<String, User> = demo::users()
        .into_iter()
        .map(|u| (u.username.clone(), u))
        .collect();
    let page = store.catalog_page(SUPPLIER, &Cursor::start(), 500).unwrap();
    let items: Vec<CatalogItem> = split(std::slice::from_ref(&page))
        .0
        .into_iter()
        .cloned()
        .collect();
    let policy = demo::policy();
    let item = items
        .iter()
        .filter(|i| !i.unspsc.starts_with("43"))
        .filter(|i| policy.rate(&i.currency).is_some())
        .min_by_key(|i| i.list_price().unwrap() * policy.rate(&i.currency).unwrap())
        .unwrap();
    let (drafts, period) = budget_race_drafts(item, &policy);
    let mut counter = 0;
    let mut push = |store: &mut Store, who: &str, ops: Vec<Op>| -> Vec<OutcomeResult> {
        let mutations = ops
            .into_iter()
            .map(|op| {
                counter += 1;
                Mutation {
                    id: counter,
                    created_at_ms: 0,
                    op,
                }
            })
            .collect();
        let req = PushRequest {
            client_id: format!("dev-{who}"),
            mutations,
        };
        let answer = store.push(&users[who], &req, now_ms()).unwrap();
        answer.outcomes.into_iter().map(|o| o.result).collect()
    };
    let all_applied = |results: Vec<OutcomeResult>| {
        assert!(
            results.iter().all(|r| *r == OutcomeResult::Applied),
            "{results:?}"
        )
    };
    if let Some(p) = budget_policy(period) {
        all_applied(push(&mut store, "admin", vec![save_policy(p)]));
    }
    let held = |store: &Store| -> HashMap<String, Requisition> {
        let page = store.pull(&Cursor::start(), MAX_PULL_LIMIT).unwrap();
        page.changes
            .into_iter()
            .filter_map(|c| match c {
                RecordChange::Upsert {
                    record: Record::Requisition(r),
                } => Some((r.id.to_string(), r)),
                _ => None,
            })
            .collect()
    };
    all_applied(push(
        &mut store,
        "buyer",
        drafts.iter().cloned().map(submit).collect(),
    ));
    let ops = held(&store).values().map(approve).collect();
    all_applied(push(&mut store, "approver1", ops));
    let now = held(&store);
    all_applied(push(&mut store, "director", vec![approve(&now["req-p"])]));

    let director = users["director"].clone();
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = [("req-b", "dev-a"), ("req-c", "dev-b")]
        .into_iter()
        .map(|(id, device)| {
            let mut racer = open();
            let req = PushRequest {
                client_id: device.to_owned(),
                mutations: vec![Mutation {
                    id: 1,
                    created_at_ms: 0,
                    op: approve(&now[id]),
                }],
            };
            let (director, start) = (director.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                let answer = racer.push(&director, &req, now_ms()).unwrap();
                (id, answer.outcomes[0].result.clone())
            })
        })
        .collect();
    let results: Vec<(&str, OutcomeResult)> =
        threads.into_iter().map(|t| t.join().unwrap()).collect();
    let applied = results
        .iter()
        .filter(|(_, r)| *r == OutcomeResult::Applied)
        .count();
    assert_eq!(applied, 1, "{results:?}");
    let (_, refused) = results
        .iter()
        .find(|(_, r)| *r != OutcomeResult::Applied)
        .unwrap();
    assert_refused(refused, "budget_exceeded");
    let after = held(&store);
    let committed = committed_in(after.values(), "CC-300", period, "");
    assert!(committed <= Decimal::from(50_000), "committed {committed}");
    let approved = after
        .values()
        .filter(|r| r.status == Status::Approved)
        .count();
    assert_eq!(approved, 2);
    assert!(after.values().all(|r| audit::verify(r).is_ok()));
}

on_each_store!(two_final_approvals_race_for_the_last_of_a_stop_budget,);
