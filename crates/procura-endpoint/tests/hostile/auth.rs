//! Attacks on credentials and sessions: the demo's well-known password on a real hub, a token
//! used after logout, sessions on other devices after logout-all, a hub exposed without TLS.

use crate::common::{json, User};
use crate::support::{assert_healthy, binary, Hub};
use std::process::{Command, Stdio};

#[tokio::test]
async fn the_demo_password_does_not_log_in_to_a_hub_without_demo() {
    let mut hub = Hub::start(&[]);
    for user in ["admin", "buyer", "approver1"] {
        hub.login_reply(user, "procura")
            .await
            .assert_error(401, "unauthorized");
    }
    assert_healthy(&mut hub).await;

    let mut demo = Hub::demo(&[]);
    let admin = demo.as_user("admin", "procura").await;
    admin.get("/api/v1/me").await.json::<User>();
    assert_healthy(&mut demo).await;
}

#[tokio::test]
async fn a_token_is_dead_after_logout_and_every_session_after_logout_all() {
    let mut hub = Hub::demo(&[]);
    let tablet = hub.as_user("buyer", "procura").await;
    let desk = hub.as_user("buyer", "procura").await;
    let phone = hub.as_user("buyer", "procura").await;
    let approver = hub.as_user("approver1", "procura").await;

    assert_eq!(tablet.post("/api/v1/logout", json!({})).await.status, 204);
    for path in ["/api/v1/me", "/api/v1/suppliers", "/api/v1/sync/pull"] {
        tablet.get(path).await.assert_error(401, "unauthorized");
    }
    desk.get("/api/v1/me").await.json::<User>();

    assert_eq!(
        phone.post("/api/v1/logout-all", json!({})).await.status,
        204
    );
    desk.get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    phone
        .get("/api/v1/me")
        .await
        .assert_error(401, "unauthorized");
    approver.get("/api/v1/me").await.json::<User>();
    // A forged or replayed token, however shaped, is just unknown.
    for forged in ["", "0", &"0".repeat(64), &"f".repeat(10_000)] {
        let api = hub.api.with_token(forged);
        api.get("/api/v1/me")
            .await
            .assert_error(401, "unauthorized");
    }
    assert_healthy(&mut hub).await;
}

#[tokio::test]
async fn a_non_loopback_address_without_tls_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(binary())
        .arg("--db")
        .arg(dir.path().join("hub.sqlite3"))
        .args(["--demo", "--addr", "0.0.0.0:0"])
        .stdin(Stdio::null())
        .output()
        .expect("run the hub");
    assert!(!out.status.success(), "it must not start");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing to serve plain HTTP"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("running at"));
    // A hub on loopback beside it is unaffected.
    let mut hub = Hub::demo(&[]);
    assert_healthy(&mut hub).await;
}
