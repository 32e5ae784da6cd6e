//! The endpoint's HTTP API end to end: every test starts the real router on a loopback port,
//! backed by a small in-memory demo store, and talks to it over HTTP the way the app does.

mod common;

use common::*;

#[tokio::test]
async fn login_returns_each_demo_users_roles() {
    let api = spawn_endpoint().await;
    for user in demo::users() {
        let login: LoginResponse = api.login_with(&user.username, DEMO_PASSWORD).await.json();
        assert_eq!(login.user, user);
        assert!(login.token.len() >= 32, "short token");
        let me: User = api.with_token(&login.token).get("/api/v1/me").await.json();
        assert_eq!(me, user, "the token identifies {}", user.username);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_unauthorized() {
    let api = spawn_endpoint().await;
    let wrong = api.login_with("buyer", "not-the-password").await;
    wrong.assert_error(401, "unauthorized");
    let unknown = api.login_with("nobody", DEMO_PASSWORD).await;
    unknown.assert_error(401, "unauthorized");
}

#[tokio::test]
async fn missing_or_bogus_token_is_unauthorized() {
    let anonymous = spawn_endpoint().await;
    let bogus = anonymous.with_token(&"0".repeat(64));
    assert_locked_out(&anonymous).await;
    assert_locked_out(&bogus).await;
}

#[tokio::test]
async fn logout_invalidates_only_that_token() {
    let api = spawn_endpoint().await;
    let (session, other) = (api.login("buyer").await, api.login("buyer").await);
    let logout = session.post("/api/v1/logout", json!({})).await;
    assert_eq!(logout.status, 204, "{}", logout.body);
    assert_locked_out(&session).await;
    let me: User = other.get("/api/v1/me").await.json();
    assert_eq!(me.username, "buyer", "the user's other session lives on");
}

#[tokio::test]
async fn suppliers_are_listed_with_their_item_counts() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let listed: Vec<Supplier> = buyer.get("/api/v1/suppliers").await.json();
    let mut expected: Vec<Supplier> = demo::suppliers(3)
        .into_iter()
        .map(|s| Supplier {
            id: s.id.into(),
            name: s.name,
            currency: s.currency,
            item_count: 120,
            managed_by: Default::default(),
        })
        .collect();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(listed, expected);
}

#[tokio::test]
async fn paging_from_the_start_delivers_every_item_once() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let pages = buyer.pull(SUPPLIER, Cursor::start(), PAGE).await;
    assert_paging_contract(&pages, PAGE);
    assert_eq!(pages.len(), 120usize.div_ceil(PAGE as usize));
    let (upserts, deletes) = split(&pages);
    assert!(deletes.is_empty(), "deletes: {deletes:?}");
    assert_eq!(upserts.len(), 120);
    assert!(all_distinct(&ids(&upserts)), "an item came twice");
    let supplier = demo::suppliers(1).remove(0);
    assert_eq!(supplier.id, SUPPLIER);
    let mut expected = demo::generate_catalog(SMALL.seed, &supplier, 120);
    let mut received: Vec<CatalogItem> = upserts.into_iter().cloned().collect();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    received.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(received == expected, "not the demo catalog");
}

#[tokio::test]
async fn unknown_supplier_is_not_found() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let reply = buyer.page("no-such-supplier", &Cursor::start(), None).await;
    reply.assert_error(404, "no_supplier");
}

#[tokio::test]
async fn page_size_defaults_and_is_clamped() {
    let items_per_supplier = MAX_PAGE_SIZE as usize + 50;
    let size = DemoSize {
        seed: 7,
        suppliers: 1,
        items_per_supplier,
        ..SMALL
    };
    let buyer = spawn_endpoint_with(size, None).await.login("buyer").await;
    let page: CatalogPage = buyer.page(SUPPLIER, &Cursor::start(), None).await.json();
    assert_eq!(page.changes.len(), DEFAULT_PAGE_SIZE as usize);
    let too_big = Some(MAX_PAGE_SIZE * 3);
    let page: CatalogPage = buyer.page(SUPPLIER, &Cursor::start(), too_big).await.json();
    assert_eq!(page.changes.len(), MAX_PAGE_SIZE as usize);
    assert_eq!((page.remaining, page.has_more), (50, true));
}

#[tokio::test]
async fn pull_after_churn_has_exactly_the_changes() {
    let api = spawn_endpoint().await;
    let (buyer, admin) = (api.login("buyer").await, api.login("admin").await);
    let initial = buyer.pull(SUPPLIER, Cursor::start(), PAGE).await;
    let (held, _) = split(&initial);
    let held: HashMap<&str, &CatalogItem> = held.into_iter().map(|i| (i.id.as_str(), i)).collect();

    let result: ChurnResult = admin.churn(SUPPLIER).await.json();
    assert_eq!((result.repriced, result.withdrawn, result.added), (5, 3, 4));

    let delta = buyer.pull(SUPPLIER, last_cursor(&initial), PAGE).await;
    assert_paging_contract(&delta, PAGE);
    let (upserts, deletes) = split(&delta);
    assert_eq!(deletes.len(), 3, "withdrawn: {deletes:?}");
    assert!(all_distinct(&deletes) && deletes.iter().all(|id| held.contains_key(id)));
    assert_eq!(upserts.len(), 5 + 4);
    assert!(all_distinct(&ids(&upserts)));
    let changed = ids(&upserts);
    assert!(changed.iter().all(|id| !deletes.contains(id)));
    let was_held = |i: &&CatalogItem| held.contains_key(i.id.as_str());
    let (repriced, added): (Vec<_>, Vec<_>) = upserts.into_iter().partition(was_held);
    assert_eq!((repriced.len(), added.len()), (5, 4));
    for item in repriced {
        let mut expected = held[item.id.as_str()].clone();
        for tier in &mut expected.price_tiers {
            tier.unit_price = (tier.unit_price * Decimal::new(110, 2))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        }
        assert_eq!(item, &expected, "only the prices change, by 10 %");
    }
    assert!(added.iter().all(|i| i.supplier_id == SUPPLIER));

    let end = last_cursor(&delta);
    let page: CatalogPage = buyer.page(SUPPLIER, &end, Some(PAGE)).await.json();
    assert!(page.changes.is_empty() && !page.has_more && page.remaining == 0);
    assert_eq!(page.next_cursor, end, "the client stays put");
    assert_eq!(buyer.item_count(SUPPLIER).await, 120 - 3 + 4);
}

#[tokio::test]
async fn only_an_admin_may_churn() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let end = last_cursor(&buyer.pull(SUPPLIER, Cursor::start(), MAX_PAGE_SIZE).await);
    buyer.churn(SUPPLIER).await.assert_error(403, "forbidden");
    let page: CatalogPage = buyer.page(SUPPLIER, &end, None).await.json();
    assert!(page.changes.is_empty(), "the churn took effect");
}

#[tokio::test]
async fn a_pull_from_the_start_gets_no_tombstones() {
    let api = spawn_endpoint().await;
    let buyer = api.login("buyer").await;
    let admin = api.login("admin").await;
    admin.churn(SUPPLIER).await.json::<ChurnResult>();
    // One page, and many: the whole pull counts as "from the start", not only its first page.
    for limit in [MAX_PAGE_SIZE, PAGE] {
        let pages = buyer.pull(SUPPLIER, Cursor::start(), limit).await;
        let (upserts, deletes) = split(&pages);
        assert!(
            deletes.is_empty(),
            "limit {limit}: from-start pull got {deletes:?}"
        );
        assert_eq!(upserts.len(), 120 - 3 + 4, "limit {limit}");
        assert!(all_distinct(&ids(&upserts)), "limit {limit}");
        assert_paging_contract(&pages, limit);
    }
}

#[tokio::test]
async fn garbage_cursor_is_a_bad_request() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    for garbage in ["garbage", "c1.", "c1.abc.notanumber", "c2.abc.5"] {
        let cursor = Cursor(garbage.to_owned());
        let reply = buyer.page(SUPPLIER, &cursor, None).await;
        reply.assert_error(400, "bad_cursor");
    }
}

#[tokio::test]
async fn cursor_from_another_endpoint_must_restart() {
    let first = spawn_endpoint().await.login("buyer").await;
    let second = spawn_endpoint().await.login("buyer").await;
    let page = first.page(SUPPLIER, &Cursor::start(), Some(PAGE)).await;
    let cursor = page.json::<CatalogPage>().next_cursor;
    let reply = second.page(SUPPLIER, &cursor, Some(PAGE)).await;
    reply.assert_error(410, "cursor_reset");
    let restart: CatalogPage = second.page(SUPPLIER, &Cursor::start(), None).await.json();
    assert_eq!(restart.changes.len(), 120, "the empty cursor always works");
}

#[tokio::test]
async fn unknown_api_route_is_a_json_404() {
    let api = spawn_endpoint().await;
    api.get("/api/v1/nope").await.assert_error(404, "not_found");
    let buyer = api.login("buyer").await;
    let reply = buyer.get("/api/v1/suppliers/officeplus/nope").await;
    reply.assert_error(404, "not_found");
}

#[tokio::test]
async fn static_app_is_served_with_index_fallback() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = "<!doctype html><title>Procura test</title>";
    let js = "console.log('procura');";
    std::fs::write(dir.path().join("index.html"), index).expect("write index.html");
    std::fs::write(dir.path().join("app.js"), js).expect("write app.js");
    let api = spawn_endpoint_with(SMALL, Some(dir.path().to_owned())).await;
    let expected = [
        ("/", index, "text/html"),
        ("/catalog/anything", index, "text/html"),
        ("/app.js", js, "javascript"),
    ];
    for (path, body, content_type) in expected {
        let reply = api.get(path).await;
        assert_eq!((reply.status, reply.body.as_str()), (200, body), "{path}");
        let got = &reply.content_type;
        assert!(got.contains(content_type), "{path}: {got}");
    }
    api.get("/api/v1/nope").await.assert_error(404, "not_found");
    assert_eq!(api.get("/api/v1/health").await.body, "ok");
}

#[tokio::test]
async fn a_cursor_only_works_on_the_feed_that_issued_it() {
    let buyer = spawn_endpoint().await.login("buyer").await;
    let first: CatalogPage = buyer
        .page(SUPPLIER, &Cursor::start(), Some(PAGE))
        .await
        .json();
    buyer
        .page("techsource", &first.next_cursor, Some(PAGE))
        .await
        .assert_error(400, "bad_cursor");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let api = spawn_endpoint().await;
    let login: LoginResponse = api.login_with("buyer", DEMO_PASSWORD).await.json();
    let url = api.url("/api/v1/me");
    let reply = api
        .http
        .get(url)
        .header("authorization", format!("bearer {}", login.token));
    assert_eq!(reply.send().await.expect("request").status().as_u16(), 200);
}

#[tokio::test]
async fn rejections_before_a_handler_still_answer_json() {
    let api = spawn_endpoint().await;
    let not_json = api
        .http
        .post(api.url("/api/v1/login"))
        .body("username=buyer");
    let reply = not_json.send().await.expect("request");
    assert_eq!(reply.status().as_u16(), 415);
    let error: ApiError = reply.json().await.expect("an ApiError body");
    assert_eq!(error.code, "unsupported_media_type");
    api.post("/api/v1/login", json!({ "username": "buyer" }))
        .await
        .assert_error(422, "invalid_body");
    api.send(Method::DELETE, api.url("/api/v1/login"), None)
        .await
        .assert_error(405, "method_not_allowed");
    let buyer = api.login("buyer").await;
    let url = buyer.url(&format!("/api/v1/suppliers/{SUPPLIER}/catalog?limit=abc"));
    buyer
        .send(Method::GET, url, None)
        .await
        .assert_error(400, "bad_request");
}
