//! A hub process for the attack tests: the endpoint binary on a free loopback port, over a
//! temporary database seeded with a small demo, killed (by its own PID) when dropped.
//!
//! The database is a SQLite file, or with `PROCURA_TEST_STORE=postgres` a new database of its
//! own on the test cluster (`scripts/test` runs the attacks both ways).

use crate::common::{
    fresh_database_url, spawn_hub_process, Api, Backend, Client, LoginResponse, Reply,
};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

/// The binary under test: the release-profile hub when `scripts/test` names it, else the debug
/// build cargo made for this test run.
pub fn binary() -> PathBuf {
    match std::env::var_os("PROCURA_HUB_BIN") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_BIN_EXE_procura-endpoint")),
    }
}

/// A running hub process.
pub struct Hub {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Holds the database file for as long as the hub runs (removed when dropped).
    #[allow(dead_code)]
    pub dir: tempfile::TempDir,
    /// A client without a token.
    pub api: Api,
}

/// The small demo every attack runs against (the demo users' password is `procura`).
pub const DEMO_ARGS: &[&str] = &[
    "--demo",
    "--suppliers",
    "3",
    "--items-per-supplier",
    "40",
    "--marketplace-sellers",
    "0",
    "--demo-evaluations",
    "0",
    "--demo-history",
    "false",
];

impl Hub {
    /// The hub with the small demo and `extra` arguments.
    pub fn demo(extra: &[&str]) -> Hub {
        let mut args = DEMO_ARGS.to_vec();
        args.extend_from_slice(extra);
        Hub::start(&args)
    }

    /// The hub with exactly `args` (plus a fresh database and a free loopback port).
    pub fn start(args: &[&str]) -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut command = Command::new(binary());
        match Backend::of_suite() {
            Backend::Sqlite => {
                command.arg("--db").arg(dir.path().join("hub.sqlite3"));
            }
            Backend::Postgres => {
                // Blocking client: off the test's async threads. In the environment, as an
                // operator should pass it, not on the command line.
                let url = std::thread::spawn(fresh_database_url)
                    .join()
                    .expect("a new database on the test cluster");
                command.env("PROCURA_DATABASE_URL", url);
            }
        }
        let (child, base) = spawn_hub_process(command.arg("--addr").arg("127.0.0.1:0").args(args));
        let http = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("http client");
        let api = Api {
            base: base.clone(),
            http,
            token: None,
        };
        Hub {
            child,
            base,
            dir,
            api,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A plain client (no token) with a 60 s timeout.
    pub fn client(&self) -> Client {
        self.api.http.clone()
    }

    /// The hub process's id, for reading `/proc/{pid}/status`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Logs in; the session token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let reply = self.login_reply(username, password).await;
        let login: LoginResponse = reply.json();
        login.token
    }

    pub async fn login_reply(&self, username: &str, password: &str) -> Reply {
        let body = json!({ "username": username, "password": password });
        self.api.post("/api/v1/login", body).await
    }

    /// An API client logged in as `username`.
    pub async fn as_user(&self, username: &str, password: &str) -> Api {
        let token = self.login(username, password).await;
        self.api.with_token(&token)
    }

    /// Whether `/health` answers "ok" within 5 s.
    pub async fn health(&self) -> bool {
        let answer = self
            .client()
            .get(self.url("/api/v1/health"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        match answer {
            Ok(response) if response.status().is_success() => {
                response.text().await.is_ok_and(|t| t.trim() == "ok")
            }
            _ => false,
        }
    }

    /// Asserts the hub still answers `/health` and its process is alive.
    #[track_caller]
    pub fn assert_alive(&mut self) {
        let exited = self.child.try_wait().expect("hub status");
        assert!(exited.is_none(), "the hub process exited: {exited:?}");
    }

    /// Peak resident memory of the hub process so far, in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> u64 {
        proc_status_kib(self.pid(), "VmHWM:")
    }

    /// Resident memory of the hub process now, in KiB (`VmRSS`).
    pub fn rss_kib(&self) -> u64 {
        proc_status_kib(self.pid(), "VmRSS:")
    }
}

fn proc_status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("memory figure in /proc status")
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The hub answers at all after `f`'s attack: checked by every test.
pub async fn assert_healthy(hub: &mut Hub) {
    hub.assert_alive();
    assert!(hub.health().await, "/health stopped answering");
}

#[tokio::test]
async fn the_demo_hub_starts_and_answers_health() {
    let mut hub = Hub::demo(&[]);
    assert_healthy(&mut hub).await;
    let token = hub.login("buyer", "procura").await;
    assert!(token.len() >= 32);
}
