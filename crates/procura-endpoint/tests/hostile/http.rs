//! Attacks on the HTTP layer of a real hub process: password guessing, a burst of logins, a
//! request sent by halves, a flood of idle connections; and the security headers on every kind
//! of answer.

use crate::common::ApiError;
use crate::support::{assert_healthy, Hub};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const PASSWORD: &str = "procura";

#[tokio::test]
async fn fifty_wrong_admin_passwords_then_the_right_one_is_refused() {
    let mut hub = Hub::demo(&[]);
    let mut unauthorized = 0;
    for i in 0..50 {
        let reply = hub.login_reply("admin", &format!("guess-{i}")).await;
        match reply.status {
            401 => unauthorized += 1,
            429 => reply.assert_error(429, "too_many_attempts"),
            other => panic!("guess {i}: {other} {}", reply.body),
        }
    }
    // Five failures cost nothing; the sixth makes the name wait, doubling with each more.
    assert_eq!(unauthorized, 6, "the name waits after the sixth failure");
    let body = serde_json::json!({ "username": "admin", "password": PASSWORD });
    let right = hub
        .client()
        .post(hub.url("/api/v1/login"))
        .json(&body)
        .send();
    let right = right.await.expect("answered");
    assert_eq!(
        right.status(),
        429,
        "a correct password during the wait is refused"
    );
    let retry_after: u64 = right.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    let error: ApiError = right.json().await.expect("an ApiError body");
    assert_eq!(error.code, "too_many_attempts");
    // Another user from the same address is not locked out by these five failures.
    assert!(hub.login("buyer", PASSWORD).await.len() >= 32);
    assert_healthy(&mut hub).await;
}

#[tokio::test]
async fn sixteen_concurrent_logins_are_answered_with_bounded_memory() {
    let mut hub = Hub::demo(&[]);
    assert!(hub.health().await);
    let before = hub.peak_rss_kib();
    let mut statuses = Vec::new();
    for round in 0..3 {
        let logins = (0..16).map(|i| {
            let (client, url) = (hub.client(), hub.url("/api/v1/login"));
            // Distinct names, so the name throttle does not answer before Argon2 runs.
            let (user, password) = match round {
                0 => (format!("user{i}"), "wrong".to_owned()),
                _ => ("buyer".to_owned(), PASSWORD.to_owned()),
            };
            tokio::spawn(async move {
                let body = serde_json::json!({ "username": user, "password": password });
                let response = client.post(url).json(&body).send().await.expect("answered");
                response.status().as_u16()
            })
        });
        for login in logins.collect::<Vec<_>>() {
            statuses.push((round, login.await.unwrap()));
        }
    }
    for (round, status) in &statuses {
        let allowed: &[u16] = if *round == 0 {
            &[401, 503]
        } else {
            &[200, 503]
        };
        assert!(allowed.contains(status), "round {round}: {status}");
    }
    assert!(
        statuses.iter().any(|(_, s)| *s == 200),
        "logins got through"
    );
    let grown_mib = hub.peak_rss_kib().saturating_sub(before) / 1024;
    eprintln!("48 logins, 16 at a time: peak memory grew by {grown_mib} MiB");
    assert!(grown_mib < 100, "peak memory grew by {grown_mib} MiB");
    assert_healthy(&mut hub).await;
}

/// Reads until the hub closes the connection; what it sent and when it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    });
    read.await.expect("the hub closed the connection in time");
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn half_sent_requests_and_idle_connections_are_closed_in_time() {
    let mut hub = Hub::demo(&[]);
    let addr = hub.base.trim_start_matches("http://").to_owned();
    let connect = || TcpStream::connect(addr.clone());

    // Headers that never end.
    let mut headers = connect().await.unwrap();
    headers
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Slow: ")
        .await
        .unwrap();
    // A body that never comes in full.
    let mut body = connect().await.unwrap();
    body.write_all(
        b"POST /api/v1/login HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"username\":",
    )
    .await
    .unwrap();
    // Nothing at all.
    let mut idle = connect().await.unwrap();

    let limit = Duration::from_secs(45);
    let (headers, body, idle) = tokio::join!(
        read_until_closed(&mut headers, limit),
        read_until_closed(&mut body, limit),
        read_until_closed(&mut idle, limit),
    );
    assert!(
        headers.1 < Duration::from_secs(20),
        "headers: {:?}",
        headers.1
    );
    assert!(idle.1 < Duration::from_secs(20), "idle: {:?}", idle.1);
    assert!(body.1 < Duration::from_secs(40), "body: {:?}", body.1);
    // The half-sent body is answered (408 JSON) before the connection goes.
    assert!(
        body.0.starts_with("HTTP/1.1 408"),
        "body answer: {}",
        body.0
    );
    assert!(
        body.0.contains("request_timeout"),
        "body answer: {}",
        body.0
    );
    assert_healthy(&mut hub).await;
}

#[tokio::test]
async fn a_flood_of_idle_connections_is_capped_and_the_hub_recovers() {
    let mut hub = Hub::demo(&[]);
    let addr = hub.base.trim_start_matches("http://").to_owned();
    let mut held = Vec::new();
    // The hub's cap is 512 open connections.
    for _ in 0..512 {
        held.push(TcpStream::connect(&addr).await.unwrap());
    }
    // Let the hub accept them all before the next one.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut extra = TcpStream::connect(&addr).await.unwrap();
    extra
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut extra, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "over the cap: {answer}");
    assert!(answer.contains("\"busy\""), "over the cap: {answer}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_healthy(&mut hub).await;
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><html><head><script type=\"module\">import('/app.js')</script>\
                 </head><body></body></html>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    std::fs::write(dist.path().join("sw.js"), "// worker").unwrap();
    let static_dir = dist.path().to_str().unwrap().to_owned();
    let mut hub = Hub::demo(&["--static-dir", &static_dir]);
    let client = hub.client();
    let long_name = "x".repeat(5000);
    let requests = vec![
        client.get(hub.url("/api/v1/health")),
        client.get(hub.url("/api/v1/me")),
        client.get(hub.url("/api/v1/no-such-route")),
        client.delete(hub.url("/api/v1/health")),
        client
            .post(hub.url("/api/v1/login"))
            .header("content-type", "application/json")
            .body("{not json"),
        client
            .post(hub.url("/api/v1/login"))
            .json(&serde_json::json!({ "username": long_name, "password": "x" })),
        client.get(hub.url("/")),
        client.get(hub.url("/orders/some-order")),
        client.get(hub.url("/sw.js")),
    ];
    for request in requests {
        let response = request.send().await.expect("answered");
        let what = format!("{} {}", response.status(), response.url().path());
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{what}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{what}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(h["x-frame-options"], "DENY", "{what}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{what}");
        assert!(h.contains_key("x-request-id"), "{what}");
        let path = response.url().path().to_owned();
        let cache = h
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned());
        let expected = if path.starts_with("/api/") {
            "no-store"
        } else {
            "no-cache"
        };
        assert_eq!(cache.as_deref(), Some(expected), "{what}");
        if response.status().is_client_error() && path.starts_with("/api/") {
            let error: ApiError = response.json().await.expect("errors are ApiError JSON");
            assert!(!error.code.is_empty(), "{what}");
        }
    }
    assert_healthy(&mut hub).await;
}
