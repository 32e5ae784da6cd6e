//! The organisation the hub decides with: the demo policy and users (kept across a hub reset,
//! added to older demo databases), no policy at all, and the catalog that prices requisition
//! lines.

mod common;

use common::approvals::*;
use common::*;
use procura_sync::api::Role;

/// The hub's demo policy, as pulled: the one the core seeds.
async fn demo_policy(api: &Api) -> procura_procurement::approval::Policy {
    let held = policy(api).await;
    assert_eq!(held, demo::policy(), "the hub holds the demo policy");
    held
}

#[tokio::test]
async fn the_demo_organisation_is_there_and_survives_a_hub_reset() {
    let hub = spawn_hub(0, true).await;
    let director = hub.login("director").await;
    let me: User = director.get("/api/v1/me").await.json();
    assert_eq!(
        (me.id.as_str(), &me.roles[..]),
        ("u-director", &[Role::Approver][..])
    );
    let mut admin = Desk::open(&hub, "admin").await;
    let mut policy = demo_policy(&director).await;
    policy.escalate_after_hours = 24;
    assert_applied(&admin.send(save_policy(policy.clone())).await);

    let reset: Value = hub.post("/api/v1/test/reset-hub", json!({})).await.json();
    let page: PullResponse = director.sync_pull(&Cursor::start(), None).await.json();
    assert_eq!(page.epoch, reset["epoch"].as_str().unwrap());
    assert_eq!(
        page.changes,
        [RecordChange::Upsert {
            record: Record::Policy(policy)
        }],
        "the organisation's policy, as the admin left it, and nothing else"
    );

    // A hub that never held a policy gets the demo one on a reset.
    let mut bare = Store::open_in_memory().unwrap();
    bare.reset_hub().unwrap();
    let changes = bare.pull(&Cursor::start(), 10).unwrap().changes;
    assert_eq!(
        changes,
        [RecordChange::Upsert {
            record: Record::Policy(demo::policy())
        }]
    );
}

#[test]
fn a_demo_database_from_before_approvals_gains_the_director_and_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old-demo.sqlite3");
    let size = DemoSize {
        items_per_supplier: 1,
        ..SMALL
    };
    {
        let mut store = Store::open(&path).unwrap();
        assert!(store.seed_demo_if_empty(size).unwrap());
    }
    // As the demo was before approvals: no director, no policy in the hub.
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "DELETE FROM users WHERE id = 'u-director'; DELETE FROM sync_records WHERE kind = 'policy';",
    )
    .unwrap();
    drop(old);
    let mut store = Store::open(&path).unwrap();
    assert!(store.user_by_username("director").unwrap().is_none());
    assert!(
        store.seed_demo_if_empty(size).unwrap(),
        "the missing demo data is seeded"
    );
    let (director, hash) = store.user_by_username("director").unwrap().unwrap();
    assert_eq!(director.roles, [Role::Approver]);
    assert!(procura_endpoint::auth::verify_password(
        DEMO_PASSWORD,
        &hash
    ));
    let changes = store.pull(&Cursor::start(), 10).unwrap().changes;
    assert_eq!(
        changes,
        [RecordChange::Upsert {
            record: Record::Policy(demo::policy())
        }]
    );
    assert!(!store.seed_demo_if_empty(size).unwrap(), "and only once");

    // A database that is no demo's refuses the demo, and gains no demo users.
    let other = dir.path().join("other.sqlite3");
    let mut store = Store::open(&other).unwrap();
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch(
        "INSERT INTO suppliers (id, name_en, name_zh, currency) VALUES ('acme', 'Acme', '阿克米', 'CNY');
         INSERT INTO users (id, username, display_name, roles, password_hash)
             VALUES ('u-1', 'someone', 'Someone', '[\"admin\"]', 'x');",
    )
    .unwrap();
    let refused = store.seed_demo_if_empty(DemoSize {
        marketplace_sellers: 0,
        ..size
    });
    assert!(
        matches!(
            refused,
            Err(procura_endpoint::store::StoreError::NotADemoStore)
        ),
        "{refused:?}"
    );
    assert!(store.user_by_username("director").unwrap().is_none());
    assert!(store.user_by_username("buyer").unwrap().is_none());
}

#[test]
fn without_a_policy_requisitions_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let buyer = demo::users().remove(0);
    let r = draft("req-1", "CC-100", vec![free_line("Chairs", 100)]);
    let req = PushRequest {
        client_id: "dev".into(),
        mutations: vec![Mutation {
            id: 1,
            created_at_ms: 0,
            op: submit(r),
        }],
    };
    let answer = store.push(&buyer, &req, now_ms()).unwrap();
    assert_refused(&answer.outcomes[0].result, "no_policy");
}

#[tokio::test]
async fn catalog_lines_are_priced_by_the_hubs_catalog() {
    let hub = spawn_hub(0, false).await;
    let mut buyer = Desk::open(&hub, "buyer").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;

    // A tampered price (to stay under a threshold) is refused with the catalog's price.
    let mut cheap = catalog_line(&item, item.min_order_qty());
    cheap.unit_price /= rust_decimal::Decimal::from(10);
    let result = buyer
        .send(submit(draft("req-cheap", "CC-100", vec![cheap])))
        .await;
    assert_refused(&result, "price_mismatch");

    // An item the hub does not hold (a catalog imported on the buyer's device) cannot be
    // verified: it is submitted as a non-catalog line, which takes the non-catalog review.
    let mut unknown = catalog_line(&item, item.min_order_qty());
    unknown.item_id = Some("imported/ZZ-1".into());
    assert_applied(
        &buyer
            .send(submit(draft("req-imported", "CC-100", vec![unknown])))
            .await,
    );
    let r = requisition(&buyer.api, "req-imported").await;
    assert!(r.lines[0].item_id.is_none());
    assert!(
        r.route.iter().any(|s| s.key == "non-catalog"),
        "{:?}",
        route(&r)
    );
}
