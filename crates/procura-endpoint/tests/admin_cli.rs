//! `procura-endpoint admin …` and how the binary starts: each subcommand run as the operator
//! would, then its effect read back from the store.

use procura_endpoint::auth::{self, SessionPolicy};
use procura_endpoint::store::{DemoSize, Store};
use procura_sync::api::Role;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

// The shared helpers: which store the suite runs on, new databases on the test cluster.
mod common;
use common::{fresh_database_url, Backend};

const BIN: &str = env!("CARGO_BIN_EXE_procura-endpoint");

/// A test's store as the operator names it: a SQLite file (`--db`), or with
/// `PROCURA_TEST_STORE=postgres` a new database of its own on the test cluster
/// (`PROCURA_DATABASE_URL`, as an operator keeps its password off the command line).
enum Db {
    File(PathBuf),
    Url(String),
}

impl Db {
    /// A new store of the suite's kind; `file` names it in `dir` on SQLite.
    fn new(dir: &Path, file: &str) -> Db {
        match Backend::of_suite() {
            Backend::Sqlite => Db::File(dir.join(file)),
            Backend::Postgres => Db::Url(fresh_database_url()),
        }
    }

    /// Names the store to a run of the binary.
    fn name_to(&self, command: &mut Command) {
        match self {
            Db::File(path) => command.arg("--db").arg(path),
            Db::Url(url) => command.env("PROCURA_DATABASE_URL", url),
        };
    }

    /// The store, opened as the hub opens it.
    fn open(&self) -> Store {
        match self {
            Db::File(path) => Store::open(path).unwrap(),
            Db::Url(url) => Store::open_postgres(url).unwrap(),
        }
    }
}

fn admin(db: &Db, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(BIN);
    command.arg("admin");
    db.name_to(&mut command);
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the binary");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("exit")
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn refused(out: &Output, reason: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    assert!(stderr.contains(reason), "{reason:?} not in {stderr}");
}

/// The password a command printed after "shown once".
fn printed_secret(stdout: &str) -> String {
    let mut lines = stdout.lines().skip_while(|l| !l.contains("shown once"));
    lines.next().expect("a 'shown once' line");
    lines.next().expect("the secret").trim().to_owned()
}

fn logs_in(db: &Db, name: &str, password: &str) -> bool {
    let store = db.open();
    store
        .user_by_username(name)
        .unwrap()
        .is_some_and(|(_, hash)| auth::verify_password(password, &hash))
}

#[test]
fn create_user_with_a_password_from_stdin_or_a_generated_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(dir.path(), "hub.sqlite3");
    let out = admin(
        &db,
        &[
            "create-user",
            "alice",
            "--role",
            "admin",
            "--role",
            "buyer",
            "--display-name",
            "Alice Wong",
            "--password-stdin",
        ],
        Some("correct horse battery\n"),
    );
    let stdout = ok(&out);
    assert!(stdout.contains("created user alice"), "{stdout}");
    assert!(
        !stdout.contains("correct horse"),
        "a given password is not echoed"
    );
    assert!(logs_in(&db, "alice", "correct horse battery"));
    let store = db.open();
    let alice = store.user_record("alice").unwrap();
    assert_eq!(alice.user.roles, [Role::Admin, Role::Buyer]);
    assert_eq!(alice.user.display_name, "Alice Wong");
    assert_eq!(
        alice.user.id, "u-alice",
        "the id the policy's org chart names"
    );
    assert!(!alice.user.must_change_password);
    assert!(!store.is_demo().unwrap());

    let stdout = ok(&admin(
        &db,
        &["create-user", "bob", "--role", "approver"],
        None,
    ));
    let generated = printed_secret(&stdout);
    assert!(generated.len() >= 16, "{generated}");
    assert!(logs_in(&db, "bob", &generated));
    let bob = db.open().user_record("bob").unwrap();
    assert!(
        bob.user.must_change_password,
        "a generated password is changed at first login"
    );

    refused(
        &admin(&db, &["create-user", "alice", "--role", "buyer"], None),
        "taken",
    );
    refused(
        &admin(
            &db,
            &[
                "create-user",
                "carol",
                "--role",
                "buyer",
                "--password-stdin",
            ],
            Some("short\n"),
        ),
        "at least 10",
    );
    refused(
        &admin(
            &db,
            &[
                "create-user",
                "carol",
                "--role",
                "buyer",
                "--password-stdin",
            ],
            Some("carol\n"),
        ),
        "at least 10",
    );
    refused(
        &admin(&db, &["create-user", "a b", "--role", "buyer"], None),
        "user name",
    );
    refused(&admin(&db, &["create-user", "dave"], None), "--role");
    assert!(db.open().user_record("carol").is_err());
}

#[test]
fn set_password_ends_sessions_and_disable_and_enable_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(dir.path(), "hub.sqlite3");
    ok(&admin(
        &db,
        &[
            "create-user",
            "alice",
            "--role",
            "buyer",
            "--password-stdin",
        ],
        Some("first passphrase\n"),
    ));
    let now = auth::now_unix();
    let session = auth::token_hash("alice's tablet");
    let alive = |db: &Db| {
        db.open()
            .session_user(&session, now, SessionPolicy::default())
            .unwrap()
            .is_some()
    };
    let start_session = |db: &Db| {
        let store = db.open();
        let (user, _) = store.user_by_username("alice").unwrap().unwrap();
        store
            .create_session(&session, user.id.as_str(), now)
            .unwrap();
    };
    start_session(&db);
    assert!(alive(&db));

    let stdout = ok(&admin(
        &db,
        &["set-password", "alice", "--password-stdin"],
        Some("second passphrase\r\n"),
    ));
    assert!(stdout.contains("ended 1 session"), "{stdout}");
    assert!(!alive(&db));
    assert!(logs_in(&db, "alice", "second passphrase"));
    assert!(!logs_in(&db, "alice", "first passphrase"));

    let stdout = ok(&admin(&db, &["set-password", "alice"], None));
    let generated = printed_secret(&stdout);
    assert!(logs_in(&db, "alice", &generated));
    assert!(
        db.open()
            .user_record("alice")
            .unwrap()
            .user
            .must_change_password
    );
    refused(&admin(&db, &["set-password", "nobody"], None), "no user");

    start_session(&db);
    ok(&admin(&db, &["disable-user", "alice"], None));
    assert!(!alive(&db), "disabling ends the sessions");
    assert!(
        !logs_in(&db, "alice", &generated),
        "a disabled user cannot log in"
    );
    ok(&admin(&db, &["enable-user", "alice"], None));
    assert!(logs_in(&db, "alice", &generated));
    refused(&admin(&db, &["disable-user", "nobody"], None), "no user");
    refused(
        &admin(
            &Db::File(dir.path().join("missing.sqlite3")),
            &["list"],
            None,
        ),
        "no store",
    );
}

#[test]
fn rotate_supplier_key_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(dir.path(), "hub.sqlite3");
    let size = DemoSize {
        seed: 1,
        suppliers: 2,
        items_per_supplier: 5,
        marketplace_sellers: 0,
        items_per_seller: 0,
    };
    db.open().seed_demo_if_empty(size).unwrap();
    let list = ok(&admin(&db, &["list"], None));
    assert!(
        list.contains("DEMO PASSWORD") && list.contains("DEMO KEY"),
        "{list}"
    );
    assert!(!list.contains("$argon2"), "never a hash: {list}");

    let stdout = ok(&admin(&db, &["rotate-supplier-key", "officeplus"], None));
    let key = printed_secret(&stdout);
    assert_eq!(key.len(), 64, "256 bits in hex: {key}");
    let store = db.open();
    let by_key = |key: &str| {
        store
            .supplier_by_inbound_key(&auth::token_hash(key))
            .unwrap()
    };
    assert_eq!(by_key(&key).as_deref(), Some("officeplus"));
    assert_eq!(
        by_key("demo-officeplus-key"),
        None,
        "the old key stops working"
    );
    let again = printed_secret(&ok(&admin(
        &db,
        &["rotate-supplier-key", "officeplus"],
        None,
    )));
    assert_ne!(again, key);
    assert_eq!(by_key(&key), None);
    refused(
        &admin(&db, &["rotate-supplier-key", "nobody"], None),
        "no supplier",
    );

    let list = ok(&admin(&db, &["list"], None));
    let line = list.lines().find(|l| l.contains("officeplus")).unwrap();
    assert!(line.contains("document key set"), "{line}");
    assert!(!list.contains(&again), "the key is shown once: {list}");
}

fn serve(db: &Db, args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    db.name_to(&mut command);
    command
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

#[test]
fn the_hub_refuses_a_store_with_demo_credentials_unless_it_runs_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new(dir.path(), "hub.sqlite3");
    let size = DemoSize {
        seed: 1,
        suppliers: 1,
        items_per_supplier: 5,
        marketplace_sellers: 0,
        items_per_seller: 0,
    };
    db.open().seed_demo_if_empty(size).unwrap();
    let out = serve(&db, &["--addr", "127.0.0.1:0"]);
    refused(&out, "well-known");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("set-password admin"), "{stderr}");
    assert!(stderr.contains("rotate-supplier-key"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("running at"));

    // A store of real users refuses the demo instead.
    let real = Db::new(dir.path(), "real.sqlite3");
    ok(&admin(
        &real,
        &["create-user", "alice", "--role", "admin"],
        None,
    ));
    refused(
        &serve(&real, &["--demo", "--addr", "127.0.0.1:0"]),
        "not made with --demo",
    );
    // Test-only routes need the demo.
    let out = serve(&real, &["--fault-injection", "--addr", "127.0.0.1:0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--demo"));
}

#[test]
fn a_sqlite_file_and_a_postgresql_url_together_are_refused() {
    // Named on the command line or in the environment, two stores are an operator's mistake:
    // the hub must not pick one silently.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.sqlite3");
    let url = "postgres://procura:secret@127.0.0.1:1/procura";
    for from_env in [false, true] {
        let mut command = Command::new(BIN);
        command
            .arg("--db")
            .arg(&file)
            .args(["--addr", "127.0.0.1:0"]);
        if from_env {
            command.env("PROCURA_DATABASE_URL", url);
        } else {
            command.args(["--database-url", url]);
        }
        let out = command
            .stdin(Stdio::null())
            .output()
            .expect("run the binary");
        refused(&out, "cannot be used with");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("secret"),
            "the password is not echoed"
        );
        assert!(!file.exists(), "nothing was created");
    }
}
