//! Two hub processes (the real binary) on one PostgreSQL database, each on a loopback port of
//! its own: whichever a device reaches, the hub is one. A session made on one is valid on the
//! other, a cursor from one is taken by the other, a push retried on the other is applied once,
//! two final approvals racing through both let exactly one through, failed logins count on
//! both, and a device listening on one hears of a change made through the other.
//!
//! Needs the test cluster (`PROCURA_TEST_DATABASE_URL`, which `scripts/test` sets); skipped,
//! saying so, without it.

mod common;

use common::approvals::race_final_approvals;
use common::sync::{applied, push_req, saves};
use common::*;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A hub process on a free loopback port, killed (by its own PID) when dropped.
struct HubProcess {
    child: Child,
    api: Api,
}

impl HubProcess {
    /// `procura-endpoint --database-url URL` with a small demo (the first process seeds it,
    /// the second finds it seeded).
    fn start(database_url: &str) -> HubProcess {
        let (child, base) = spawn_hub_process(
            Command::new(env!("CARGO_BIN_EXE_procura-endpoint"))
                .args(["--addr", "127.0.0.1:0", "--database-url", database_url])
                .args(["--demo", "--suppliers", "3", "--items-per-supplier", "120"])
                .args(["--marketplace-sellers", "0", "--demo-evaluations", "0"])
                .args(["--demo-history", "false"]),
        );
        let http = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("http client");
        HubProcess {
            child,
            api: Api {
                base,
                http,
                token: None,
            },
        }
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The URL of a new, empty database on the test cluster.
fn fresh_database_url() -> String {
    let config = fresh_database();
    let name = config.get_dbname().expect("a database name");
    let cluster = std::env::var(TEST_DATABASE_URL).expect("the test cluster's URL");
    let (server, _) = cluster.rsplit_once('/').expect("postgres://…/DATABASE");
    format!("{server}/{name}")
}

/// Reads the change numbers of an open event stream (`event: changed`, `data: N`).
struct Notices {
    response: reqwest::Response,
    buffer: String,
}

impl Notices {
    /// The next change number, or `None` if none came within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<i64> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let data = event.lines().find_map(|l| l.strip_prefix("data:"));
                if event.contains("event: changed") {
                    return data.and_then(|d| d.trim().parse().ok());
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Waits up to `wait` for a change number of at least `head`.
    async fn hear(&mut self, head: i64, wait: Duration) -> bool {
        let start = Instant::now();
        while let Some(left) = wait.checked_sub(start.elapsed()) {
            match self.next(left).await {
                Some(n) if n >= head => return true,
                Some(_) => {}
                None => return false,
            }
        }
        false
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hub_processes_on_one_database_are_one_hub() {
    if Backend::postgres().is_none() {
        return;
    }
    let url = tokio::task::spawn_blocking(fresh_database_url)
        .await
        .unwrap();
    let a = HubProcess::start(&url);
    let b = HubProcess::start(&url);
    let (a, b) = (&a.api, &b.api);

    // A session made on A is valid on B.
    let buyer_a = a.login("buyer").await;
    let token = buyer_a.token.clone().unwrap();
    let buyer_b = b.with_token(&token);
    let me: User = buyer_b.get("/api/v1/me").await.json();
    assert_eq!(me.username, "buyer");

    // A catalog cursor from A is taken by B, which goes on where A stopped.
    let first: CatalogPage = buyer_a
        .page(SUPPLIER, &Cursor::start(), Some(PAGE))
        .await
        .json();
    let rest = buyer_b
        .pull(SUPPLIER, first.next_cursor.clone(), PAGE)
        .await;
    let (mut items, _) = split(std::slice::from_ref(&first));
    items.extend(split(&rest).0);
    assert_eq!(items.len(), 120);
    assert!(all_distinct(&ids(&items)));

    // A device listens on A, with a ticket bought from B (tickets are the database's).
    let ticket: Value = buyer_b
        .post("/api/v1/sync/events/ticket", json!({}))
        .await
        .json();
    let ticket = ticket["ticket"].as_str().unwrap().to_owned();
    let mut stream_url = a.url("/api/v1/sync/events");
    stream_url.query_pairs_mut().append_pair("ticket", &ticket);
    let response = a.http.get(stream_url.clone()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut notices = Notices {
        response,
        buffer: String::new(),
    };
    let start_head = notices.next(Duration::from_secs(5)).await;
    assert!(start_head.is_some(), "the stream starts with the head");
    // The ticket was used once, on A: B refuses it too.
    let again = b.http.get(stream_url).send().await.unwrap();
    assert_eq!(again.status(), 401);

    // A push to A, delivered again to B (its answer lost, say), is applied once.
    let before: PullResponse = buyer_a.sync_pull(&Cursor::start(), None).await.json();
    let req = push_req("dev-buyer-1", saves(1..=3));
    let on_a: PushResponse = buyer_a.push(&req).await.json();
    assert_eq!(on_a.outcomes, applied(1..=3));
    let after_a: PullResponse = buyer_a.sync_pull(&before.next_cursor, None).await.json();
    assert_eq!(after_a.changes.len(), 3);
    let on_b: PushResponse = buyer_b.push(&req).await.json();
    assert_eq!(on_b.outcomes, applied(1..=3), "the outcomes stored by A");
    assert_eq!((on_b.epoch, on_b.last_applied), (on_a.epoch, 3));
    // A's cursor on B: nothing new, nothing applied twice.
    let after_b: PullResponse = buyer_b.sync_pull(&after_a.next_cursor, None).await.json();
    assert!(after_b.changes.is_empty(), "{:?}", after_b.changes);
    assert_eq!(after_b.next_cursor, after_a.next_cursor);

    // The listener on A heard of the push made through A…
    let head_a = after_a
        .next_cursor
        .0
        .rsplit('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(notices.hear(head_a, Duration::from_secs(5)).await);
    // …and hears, within seconds, of a change made through B.
    let pushed_at = Instant::now();
    let pushed: PushResponse = buyer_b
        .push(&push_req("dev-buyer-2", saves(4..=4)))
        .await
        .json();
    assert_eq!(pushed.outcomes, applied(4..=4));
    let on_b: PullResponse = buyer_b.sync_pull(&after_a.next_cursor, None).await.json();
    let head_b: i64 = on_b
        .next_cursor
        .0
        .rsplit('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(head_b > head_a);
    assert!(
        notices.hear(head_b, Duration::from_secs(5)).await,
        "a device on A hears of a change made through B"
    );
    eprintln!(
        "heard on A within {:?} of pushing through B",
        pushed_at.elapsed()
    );

    // Failed logins count on both: 3 on A and 3 on B make the next one wait, on either.
    for hub in [a, b, a, b, a, b] {
        let reply = hub.login_with("approver2", "wrong password").await;
        reply.assert_error(401, "unauthorized");
    }
    let refused = b.login_with("approver2", DEMO_PASSWORD).await;
    refused.assert_error(429, "too_many_attempts");

    // Two final approvals racing for the last of a budget, one through each process.
    race_final_approvals(a, [a, b]).await;
}
