//! The HTTP layers in-process: a handler's panic (unreachable through the real routes, so a
//! test-only route here) answered 500 with the request id while the server goes on; the store
//! usable after a panic that poisoned its lock; request timeout and in-flight limit; the login
//! body limit; the forwarded address trusted only when told; the security and cache headers.

mod common;

use axum::routing::get;
use common::*;
use procura_endpoint::layers::{self, HttpLimits};
use procura_endpoint::server::{self, ServeLimits};
use std::time::Duration;

fn demo_state() -> AppState {
    let mut store = Store::open_in_memory().expect("in-memory store");
    store.seed_demo_if_empty(SMALL).expect("seed demo data");
    AppState::new(store)
}

/// The real routes plus test-only ones, behind the real layers, served by the real accept loop.
async fn serve_with_test_routes(state: AppState, static_dir: Option<PathBuf>) -> Api {
    let store_state = state.clone();
    let app = procura_endpoint::routes(state.clone(), static_dir.clone())
        .route(
            "/boom/handler",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("a test handler panicked");
                }
                "unreachable"
            }),
        )
        .route(
            "/boom/store",
            get(move || {
                let state = store_state.clone();
                async move {
                    state
                        .with_store(|_store| -> Result<(), _> {
                            panic!("a test store call panicked while holding the lock")
                        })
                        .await
                }
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                "done"
            }),
        );
    let app = layers::harden(app, &state, static_dir.as_deref());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await;
    let listener = listener.expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("bound address"));
    tokio::spawn(server::serve(
        listener,
        app,
        ServeLimits::default(),
        None,
        std::future::pending(),
    ));
    Api {
        base,
        http: Client::builder().no_proxy().build().expect("http client"),
        token: None,
    }
}

async fn get_raw(api: &Api, path: &str) -> reqwest::Response {
    api.http.get(api.url(path)).send().await.expect("answered")
}

async fn assert_health(api: &Api) {
    let health = get_raw(api, "/api/v1/health").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_panicking_handler_is_answered_500_with_its_request_id() {
    let api = serve_with_test_routes(demo_state(), None).await;
    for _ in 0..3 {
        let response = get_raw(&api, "/boom/handler").await;
        assert_eq!(response.status(), 500);
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(id.len() >= 16, "request id {id}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let error: ApiError = response.json().await.expect("an ApiError body");
        assert_eq!(error.code, "internal");
        assert!(error.message.contains(&id), "message: {}", error.message);
        assert!(
            !error.message.contains("a test handler"),
            "no internals leak"
        );
        assert_health(&api).await;
    }
}

#[tokio::test]
async fn a_panic_in_the_store_is_answered_500_and_the_store_still_works() {
    let api = serve_with_test_routes(demo_state(), None).await;
    let response = get_raw(&api, "/boom/store").await;
    assert_eq!(response.status(), 500);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let error: ApiError = response.json().await.expect("an ApiError body");
    assert_eq!(error.code, "internal");
    assert!(error.message.contains(&id));
    // The lock is poisoned now; the store is still served.
    let buyer = api.login("buyer").await;
    let suppliers: Vec<Supplier> = buyer.get("/api/v1/suppliers").await.json();
    assert_eq!(suppliers.len(), 3);
    assert_health(&api).await;
}

#[tokio::test]
async fn every_answer_has_its_own_request_id() {
    let api = serve_with_test_routes(demo_state(), None).await;
    let mut ids = HashSet::new();
    for path in [
        "/api/v1/health",
        "/api/v1/nothing-here",
        "/not-api",
        "/api/v1/me",
    ] {
        let response = get_raw(&api, path).await;
        let id = response
            .headers()
            .get("x-request-id")
            .expect("x-request-id");
        assert!(ids.insert(id.to_str().unwrap().to_owned()));
    }
}

#[tokio::test]
async fn a_slow_request_is_answered_408_and_a_full_hub_503() {
    let limits = HttpLimits {
        request_timeout: Duration::from_secs(1),
        max_in_flight: 1,
    };
    let api = serve_with_test_routes(demo_state().with_limits(limits), None).await;
    let slow = tokio::spawn({
        let api = api.clone();
        async move { get_raw(&api, "/slow").await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let busy = get_raw(&api, "/api/v1/health").await;
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.headers()["retry-after"], "1");
    let error: ApiError = busy.json().await.unwrap();
    assert_eq!(error.code, "busy");
    let slow = slow.await.unwrap();
    assert_eq!(slow.status(), 408);
    let error: ApiError = slow.json().await.unwrap();
    assert_eq!(error.code, "request_timeout");
    assert_health(&api).await;
}

#[tokio::test]
async fn a_large_login_body_is_refused_before_any_work() {
    let api = serve_with_test_routes(demo_state(), None).await;
    let body = json!({ "username": "buyer", "password": "x".repeat(5000) });
    api.post("/api/v1/login", body)
        .await
        .assert_error(413, "too_large");
    let body = json!({ "username": "buyer", "password": "x".repeat(3000) });
    api.post("/api/v1/login", body)
        .await
        .assert_error(401, "unauthorized");
}

async fn login_from(api: &Api, user: &str, forwarded: &str) -> reqwest::Response {
    let body = json!({ "username": user, "password": "wrong" });
    let request = api.http.post(api.url("/api/v1/login")).json(&body);
    let request = request.header("x-forwarded-for", forwarded);
    request.send().await.expect("answered")
}

/// 21 failures (each under a new user name) from one address; the 22nd attempt must wait.
async fn exhaust_address(api: &Api, forwarded: &str) {
    for i in 0..21 {
        let response = login_from(api, &format!("nobody{i}"), forwarded).await;
        assert_eq!(response.status(), 401, "failure {i}");
    }
}

#[tokio::test]
async fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
    let api = serve_with_test_routes(demo_state().with_trusted_proxy(), None).await;
    exhaust_address(&api, "198.51.100.1, 10.0.0.1").await;
    let refused = login_from(&api, "someone-else", "10.0.0.1").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let error: ApiError = refused.json().await.unwrap();
    assert_eq!(error.code, "too_many_attempts");
    // Another client behind the same proxy (the proxy's own entry is the last one).
    let other = login_from(&api, "someone-else", "198.51.100.1, 10.0.0.2").await;
    assert_eq!(other.status(), 401);

    // Without the flag, the header is the client's word: ignored, the peer address counts.
    let api = serve_with_test_routes(demo_state(), None).await;
    exhaust_address(&api, "10.0.0.1").await;
    let refused = login_from(&api, "someone-else", "10.0.0.99").await;
    assert_eq!(refused.status(), 429);
}

#[tokio::test]
async fn security_and_cache_headers_and_the_csp_hashes_of_the_served_page() {
    let dist = tempfile::tempdir().unwrap();
    let inline = "import init from '/app.js'; init();";
    let page = format!(
        "<!doctype html><html><head><script type=\"module\">{inline}</script>\
         <script src=\"/other.js\"></script></head><body></body></html>"
    );
    std::fs::write(dist.path().join("index.html"), page).unwrap();
    std::fs::write(dist.path().join("sw.js"), "// worker").unwrap();
    std::fs::write(dist.path().join("app-0123.js"), "// app").unwrap();
    std::fs::write(dist.path().join("procura-import-worker_bg.wasm"), "\0asm").unwrap();
    let api = serve_with_test_routes(demo_state(), Some(dist.path().to_owned())).await;
    let hash = layers::inline_script_hashes(&format!("<script>{inline}</script>"));
    let cases = [
        ("/", Some("no-cache")),
        ("/index.html", Some("no-cache")),
        ("/orders/po-1", Some("no-cache")),
        ("/sw.js", Some("no-cache")),
        ("/app-0123.js", None),
        ("/procura-import-worker_bg.wasm", Some("no-cache")),
        ("/api/v1/health", Some("no-store")),
        ("/api/v1/me", Some("no-store")),
        // Public, and the same until the next release.
        ("/api/v1/openapi.json", Some("public, max-age=3600")),
        ("/boom/handler", None),
    ];
    for (path, cache) in cases {
        let response = get_raw(&api, path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains(&format!("'sha256-{}'", hash[0])),
            "{path}: {csp}"
        );
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(
            !h.contains_key("strict-transport-security"),
            "{path}: plain HTTP on loopback"
        );
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
        let got = h.get("cache-control").map(|v| v.to_str().unwrap());
        if let Some(cache) = cache {
            assert_eq!(got, Some(cache), "{path}");
        } else {
            assert_ne!(got, Some("no-cache"), "{path}");
        }
    }

    // A new build deployed while the hub runs: the CSP follows the new page's script.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let next = "import init from '/app-4567.js'; init();";
    let page = format!("<!doctype html><html><head><script type=\"module\">{next}</script>");
    std::fs::write(dist.path().join("index.html"), page).unwrap();
    let next_hash = layers::inline_script_hashes(&format!("<script>{next}</script>"));
    let response = get_raw(&api, "/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(csp.contains(&next_hash[0]), "{csp}");
    assert!(!csp.contains(&hash[0]), "{csp}");
}
