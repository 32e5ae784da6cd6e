//! Passwords, sessions and disabled users: what a user and an admin may do to accounts, and how
//! long a session lives.

mod common;

use common::*;
use procura_endpoint::auth::{self, SessionPolicy};
use procura_endpoint::store::StoreError;

const NEW: &str = "a much longer passphrase";

async fn login_as(api: &Api, user: &str, password: &str) -> (Api, LoginResponse) {
    let login: LoginResponse = api.login_with(user, password).await.json();
    (api.with_token(&login.token), login)
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end() {
    let api = spawn_endpoint().await;
    let here = api.login("buyer").await;
    let elsewhere = api.login("buyer").await;
    let change =
        |current: &str, new: &str| json!({ "current_password": current, "new_password": new });

    here.post("/api/v1/me/password", change(DEMO_PASSWORD, "short"))
        .await
        .assert_error(400, "weak_password");
    here.post("/api/v1/me/password", change(DEMO_PASSWORD, "BUYER"))
        .await
        .assert_error(400, "weak_password");
    here.post("/api/v1/me/password", change(DEMO_PASSWORD, "Buyer     "))
        .await
        .assert_error(400, "weak_password");
    here.post(
        "/api/v1/me/password",
        change(DEMO_PASSWORD, &"x".repeat(257)),
    )
    .await
    .assert_error(400, "weak_password");
    // 10 characters but 30 bytes is long enough; 86 × 3 bytes is too long.
    here.post(
        "/api/v1/me/password",
        change(DEMO_PASSWORD, &"密".repeat(86)),
    )
    .await
    .assert_error(400, "weak_password");
    here.post("/api/v1/me/password", change("not it at all", NEW))
        .await
        .assert_error(403, "wrong_password");
    // Nothing changed so far: both sessions live, the old password works.
    elsewhere.get("/api/v1/me").await.json::<User>();
    api.login_with("buyer", DEMO_PASSWORD)
        .await
        .json::<LoginResponse>();

    let done = here
        .post("/api/v1/me/password", change(DEMO_PASSWORD, NEW))
        .await;
    assert_eq!(done.status, 204, "{}", done.body);
    elsewhere
        .get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    here.get("/api/v1/suppliers").await.json::<Vec<Supplier>>();
    api.login_with("buyer", DEMO_PASSWORD)
        .await
        .assert_error(401, "unauthorized");
    let (_, login) = login_as(&api, "buyer", NEW).await;
    assert!(!login.user.must_change_password);
    // A 10-character password of multibyte characters is accepted.
    let done = here
        .post("/api/v1/me/password", change(NEW, &"密".repeat(10)))
        .await;
    assert_eq!(done.status, 204, "{}", done.body);
}

/// A stolen session must not let its thief guess the password at Argon2 speed: wrong current
/// passwords count as failed logins of that user, and the throttle then refuses even the right
/// one (by the same answer a login gets).
#[tokio::test]
async fn guessing_the_current_password_is_throttled_like_a_login() {
    let api = spawn_endpoint().await;
    let stolen = api.login("buyer").await;
    let change = |current: &str| json!({ "current_password": current, "new_password": NEW });
    for guess in 0..6 {
        stolen
            .post(
                "/api/v1/me/password",
                change(&format!("guess number {guess}")),
            )
            .await
            .assert_error(403, "wrong_password");
    }
    // Five failures are free, the sixth starts the waits: the next try waits, whatever it says.
    stolen
        .post("/api/v1/me/password", change(DEMO_PASSWORD))
        .await
        .assert_error(429, "too_many_attempts");
    // The owner's log in is held back too: the name is under attack.
    api.login_with("buyer", DEMO_PASSWORD)
        .await
        .assert_error(429, "too_many_attempts");
}

#[tokio::test]
async fn an_admin_resets_a_password_which_the_user_must_then_change() {
    let api = spawn_endpoint().await;
    let admin = api.login("admin").await;
    let buyer = api.login("buyer").await;
    let reset = json!({ "new_password": "temporary-123" });

    buyer
        .post("/api/v1/admin/users/approver1/password", reset.clone())
        .await
        .assert_error(403, "forbidden");
    admin
        .post("/api/v1/admin/users/nobody/password", reset.clone())
        .await
        .assert_error(404, "no_user");
    admin
        .post(
            "/api/v1/admin/users/buyer/password",
            json!({ "new_password": "short" }),
        )
        .await
        .assert_error(400, "weak_password");
    let done = admin
        .post("/api/v1/admin/users/buyer/password", reset)
        .await;
    assert_eq!(done.status, 204, "{}", done.body);
    buyer
        .get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    api.login_with("buyer", DEMO_PASSWORD)
        .await
        .assert_error(401, "unauthorized");

    let (buyer, login) = login_as(&api, "buyer", "temporary-123").await;
    assert!(login.user.must_change_password);
    // Until they choose their own, they may do nothing else.
    for path in ["/api/v1/suppliers", "/api/v1/sync/pull"] {
        buyer
            .get(path)
            .await
            .assert_error(403, "password_change_required");
    }
    let me: User = buyer.get("/api/v1/me").await.json();
    assert!(me.must_change_password);
    let same = json!({ "current_password": "temporary-123", "new_password": "temporary-123" });
    buyer
        .post("/api/v1/me/password", same)
        .await
        .assert_error(400, "weak_password");
    let own = json!({ "current_password": "temporary-123", "new_password": NEW });
    assert_eq!(buyer.post("/api/v1/me/password", own).await.status, 204);
    let me: User = buyer.get("/api/v1/me").await.json();
    assert!(!me.must_change_password);
    buyer.get("/api/v1/suppliers").await.json::<Vec<Supplier>>();
}

#[tokio::test]
async fn logout_ends_this_session_and_logout_all_every_session() {
    let api = spawn_endpoint().await;
    let tablet = api.login("approver1").await;
    let desk = api.login("approver1").await;
    let laptop = api.login("approver1").await;
    let other_user = api.login("buyer").await;

    assert_eq!(tablet.post("/api/v1/logout", json!({})).await.status, 204);
    tablet
        .get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    tablet
        .post("/api/v1/logout", json!({}))
        .await
        .assert_error(401, "unauthorized");
    desk.get("/api/v1/me").await.json::<User>();

    assert_eq!(desk.post("/api/v1/logout-all", json!({})).await.status, 204);
    desk.get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    laptop
        .get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    other_user.get("/api/v1/me").await.json::<User>();
    api.post("/api/v1/logout-all", json!({}))
        .await
        .assert_error(401, "unauthorized");
}

/// A demo store with a session of `buyer` made at `at`; the session's token hash.
fn store_with_session(at: i64) -> (Store, String) {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_if_empty(SMALL).unwrap();
    let (user, _) = store.user_by_username("buyer").unwrap().unwrap();
    let hash = auth::token_hash("token");
    store.create_session(&hash, user.id.as_str(), at).unwrap();
    (store, hash)
}

#[test]
fn a_session_ends_when_idle_or_old_and_its_use_is_written_at_most_once_a_minute() {
    let policy = SessionPolicy::new(2, 1); // two days, one idle hour
    let t0 = 1_000_000;
    let alive = |store: &Store, hash: &str, at: i64| store.session_user(hash, at, policy).unwrap();

    // Used after 30 s (not recorded: under a minute), then idle for the rest of the hour.
    let (store, hash) = store_with_session(t0);
    assert!(alive(&store, &hash, t0 + 30).is_some());
    assert!(alive(&store, &hash, t0 + 3_599).is_some());
    let (store, hash) = store_with_session(t0);
    assert!(alive(&store, &hash, t0 + 30).is_some());
    assert!(
        alive(&store, &hash, t0 + 3_600 + 10).is_none(),
        "idle an hour since the last recorded use"
    );

    // Used every 50 minutes it stays alive, up to its absolute lifetime.
    let (store, hash) = store_with_session(t0);
    let mut at = t0;
    while at + 3_000 < t0 + 2 * 86_400 {
        at += 3_000;
        assert!(alive(&store, &hash, at).is_some(), "alive at {}", at - t0);
    }
    assert!(alive(&store, &hash, t0 + 2 * 86_400).is_none(), "too old");

    // The purge deletes what is dead, and nothing else.
    let (store, old) = store_with_session(t0);
    let (user, _) = store.user_by_username("approver1").unwrap().unwrap();
    let fresh = auth::token_hash("fresh");
    store
        .create_session(&fresh, user.id.as_str(), t0 + 5_000)
        .unwrap();
    assert_eq!(store.purge_sessions(t0 + 3_000, policy).unwrap(), 0);
    assert_eq!(store.purge_sessions(t0 + 4_000, policy).unwrap(), 1);
    assert!(alive(&store, &old, t0 + 4_000).is_none());
    assert!(alive(&store, &fresh, t0 + 5_001).is_some());
    assert_eq!(store.session_count().unwrap(), 1);
}

#[test]
fn a_disabled_user_cannot_log_in_and_loses_their_sessions() {
    let (mut store, hash) = store_with_session(auth::now_unix());
    let policy = SessionPolicy::default();
    store.set_disabled("buyer", true).unwrap();
    assert!(store.user_by_username("buyer").unwrap().is_none());
    assert!(store
        .session_user(&hash, auth::now_unix(), policy)
        .unwrap()
        .is_none());
    assert_eq!(store.session_count().unwrap(), 0);
    store.set_disabled("buyer", false).unwrap();
    assert!(store.user_by_username("buyer").unwrap().is_some());
    assert!(matches!(
        store.set_disabled("nobody", true),
        Err(StoreError::NoUser(_))
    ));
}

#[test]
fn the_demo_is_not_seeded_into_a_store_of_real_users() {
    let mut store = Store::open_in_memory().unwrap();
    let hash = auth::hash_password(NEW).unwrap();
    store
        .create_user(
            "alice",
            "Alice",
            &[procura_sync::api::Role::Admin],
            &hash,
            false,
        )
        .unwrap();
    assert!(!store.is_demo().unwrap());
    assert!(matches!(
        store.seed_demo_if_empty(SMALL),
        Err(StoreError::NotADemoStore)
    ));
    assert!(store.user_by_username("admin").unwrap().is_none());
    assert!(store.suppliers().unwrap().is_empty());
    assert!(store.demo_credentials().unwrap().is_empty());
    assert!(matches!(
        store.create_user("alice", "Again", &[], &hash, false),
        Err(StoreError::UserExists(_))
    ));
    assert!(matches!(
        store.create_user("al ice", "Space", &[], &hash, false),
        Err(StoreError::BadUsername(_))
    ));
}

/// A store as the release before `--demo` left it: demo users (password `procura`) without the
/// account columns, sessions without a last-seen time, a supplier with its demo key's hash.
#[test]
fn a_store_of_the_previous_release_opens_as_a_demo_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let now = auth::now_unix();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let hash = auth::hash_password(DEMO_PASSWORD).unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO meta VALUES ('epoch', 'abc123'), ('catalog_seq', '0');
             CREATE TABLE suppliers (id TEXT PRIMARY KEY, name_en TEXT NOT NULL,
                 name_zh TEXT NOT NULL, currency TEXT NOT NULL, marketplace_id TEXT,
                 inbound_key_hash TEXT);
             CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
                 display_name TEXT NOT NULL, roles TEXT NOT NULL, password_hash TEXT NOT NULL);
             CREATE TABLE sessions (token_hash TEXT PRIMARY KEY,
                 user_id TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO suppliers VALUES ('officeplus', 'OfficePlus', '办公', 'CNY', NULL, ?1)",
            [auth::token_hash("demo-officeplus-key")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO users VALUES ('u-admin', 'admin', 'Zhang Min', '[\"admin\"]', ?1)",
            [hash],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sessions VALUES (?1, 'u-admin', ?2)",
            rusqlite::params![auth::token_hash("old-token"), now - 60],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).expect("migrates");
    assert!(store.is_demo().unwrap());
    let found = store.demo_credentials().unwrap();
    assert_eq!(found.users, ["admin"]);
    assert_eq!(found.suppliers, ["officeplus"]);
    let session = store
        .session_user(
            &auth::token_hash("old-token"),
            now,
            SessionPolicy::default(),
        )
        .unwrap();
    assert_eq!(session.map(|u| u.username).as_deref(), Some("admin"));
    // It still takes the demo: --demo adds what it lacks.
    assert!(store.seed_demo_if_empty(SMALL).unwrap());
    assert!(store.user_by_username("buyer").unwrap().is_some());

    // Changing the password and rotating the key leaves no demo credential of theirs.
    let (admin, _) = store.user_by_username("admin").unwrap().unwrap();
    let hash = auth::hash_password(NEW).unwrap();
    store
        .set_password_hash(admin.id.as_str(), &hash, false, None)
        .unwrap();
    let key = store.rotate_supplier_key("officeplus").unwrap();
    assert_eq!(key.len(), 64);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let found = store.demo_credentials().unwrap();
    assert!(!found.users.contains(&"admin".to_owned()));
    assert!(!found.suppliers.contains(&"officeplus".to_owned()));
    assert_eq!(
        store
            .supplier_by_inbound_key(&auth::token_hash(&key))
            .unwrap()
            .as_deref(),
        Some("officeplus")
    );
    assert!(store
        .supplier_by_inbound_key(&auth::token_hash("demo-officeplus-key"))
        .unwrap()
        .is_none());
}
