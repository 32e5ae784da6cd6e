//! Two final approvals racing for the last of a *stop* budget: over HTTP from two devices, and
//! from two hubs on one database file. Exactly one passes; committed never exceeds the budget.

mod common;

use common::approvals::*;
use common::*;
use procura_procurement::approval::audit::{self};
use procura_procurement::approval::requisition::period_of;
use procura_procurement::approval::time::Quarter;
use procura_procurement::approval::{committed_in, Requisition, Status};
use std::sync::{Arc, Barrier};

/// The hub's demo policy, as pulled: the one the core seeds.
async fn demo_policy(api: &Api) -> procura_procurement::approval::Policy {
    let held = policy(api).await;
    assert_eq!(held, demo::policy(), "the hub holds the demo policy");
    held
}

/// Three requisitions of CC-300 needed in the same quarter: `P` fits the budget with either of
/// `B` and `C`, not with both. Returns the drafts and the budget period.
fn budget_race_drafts(
    item: &CatalogItem,
    policy: &procura_procurement::approval::Policy,
) -> (
    [procura_procurement::approval::RequisitionDraft; 3],
    Quarter,
) {
    let draft_of = |id: &str, target| {
        let line = catalog_line_near(item, target, policy);
        draft(id, "CC-300", vec![line])
    };
    let drafts = [
        draft_of("req-p", 13_000),
        draft_of("req-b", 19_000),
        draft_of("req-c", 19_000),
    ];
    let nets: Vec<Decimal> = drafts.iter().map(|d| net(&d.lines, policy)).collect();
    let (limit, budget) = (Decimal::from(20_000), Decimal::from(50_000));
    assert!(
        nets.iter()
            .all(|n| *n >= Decimal::from(10_000) && *n <= limit),
        "{nets:?}"
    );
    assert!(
        nets[0] + nets[1] <= budget && nets[0] + nets[2] <= budget,
        "{nets:?}"
    );
    assert!(nets[0] + nets[1] + nets[2] > budget, "{nets:?}");
    let period = period_of(drafts[0].need_by.expect("a need-by date"));
    (drafts, period)
}

/// The demo policy with CC-300's *stop* budget of 50,000 in `period` (the demo one has it for
/// 2026–2028; `None` when nothing needs saving).
fn budget_policy(period: Quarter) -> Option<procura_procurement::approval::Policy> {
    let demo = demo::policy();
    let held = demo.budget("CC-300", period);
    let fits = held.is_some_and(|b| {
        b.amount == Decimal::from(50_000)
            && b.mode == procura_procurement::approval::policy::BudgetMode::Stop
    });
    (!fits).then(|| with_budget(demo, "CC-300", &period.to_string(), 50_000))
}

async fn two_final_approvals_race_for_the_last_of_a_stop_budget(backend: Backend) {
    let hub = spawn_hub_on(backend, 0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let mut approver1 = Desk::open(&hub, "approver1").await;
    let mut director = Desk::open(&hub, "director").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let (drafts, period) = budget_race_drafts(&item, &policy);
    if let Some(p) = budget_policy(period) {
        let mut admin = Desk::open(&hub, "admin").await;
        assert_applied(&admin.send(save_policy(p)).await);
    }
    let ops = drafts.iter().cloned().map(submit).collect();
    assert_eq!(buyer.push(ops).await.outcomes, common::sync::applied(1..=3));
    let held = requisitions(&approver1.api).await;
    let ops = held.values().map(approve).collect();
    assert_eq!(
        approver1.push(ops).await.outcomes,
        common::sync::applied(1..=3)
    );
    let held = requisitions(&director.api).await;
    assert_applied(&director.send(approve(&held["req-p"])).await);

    // The director's two devices send the final approvals of B and C at the same moment.
    let start = Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for (id, device) in [("req-b", "dev-director-a"), ("req-c", "dev-director-b")] {
        let mut desk = Desk::at(&hub, "director", device).await;
        let req = desk.request(vec![approve(&held[id])]);
        let start = Arc::clone(&start);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let answer: PushResponse = desk.api.push(&req).await.json();
            (id, answer.outcomes[0].result.clone())
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let applied: Vec<&str> = results
        .iter()
        .filter(|(_, r)| *r == OutcomeResult::Applied)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(applied.len(), 1, "exactly one fits: {results:?}");
    let (refused_id, refused) = results
        .iter()
        .find(|(_, r)| *r != OutcomeResult::Applied)
        .unwrap();
    assert_refused(refused, "budget_exceeded");

    let held = requisitions(&buyer.api).await;
    let committed = committed_in(held.values(), "CC-300", period, "");
    assert!(committed <= Decimal::from(50_000), "committed {committed}");
    assert_eq!(
        committed,
        held["req-p"].totals.net + held[applied[0]].totals.net
    );
    let loser = &held[*refused_id];
    assert_eq!(loser.status, Status::Pending);
    assert!(loser.route[1].approvals.is_empty());
    // Trying again changes nothing while the budget is spent.
    assert_refused(&director.send(approve(loser)).await, "budget_exceeded");
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
