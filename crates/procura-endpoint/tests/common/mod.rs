//! What every API test file shares: a real endpoint on a loopback port over a small in-memory
//! demo store, and a client that talks to it over HTTP the way the app does.
// Each test file uses a different part of this.
#![allow(dead_code, unused_imports)]

pub mod approvals;
pub mod orders;
pub mod sync;

pub use procura_catalog::catalog::CatalogItem;
pub use procura_demo::demo::{self, DEMO_PASSWORD};
pub use procura_endpoint::store::{ChurnResult, DemoSize, Store};
pub use procura_endpoint::{router, AppState};
pub use procura_suppliers::scorecard::{Evaluation, EvaluationDraft, Scores};
pub use procura_sync::api::sync::{
    Mutation, Op, Outcome, OutcomeResult, PullResponse, PushRequest, PushResponse, Record,
    RecordChange, RecordKey, RecordKind, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, MAX_PUSH_BATCH,
};
pub use procura_sync::api::{
    ApiError, CatalogChange, CatalogPage, Cursor, LoginResponse, Supplier, User, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
};
pub use reqwest::{header::CONTENT_TYPE, Client, Method, Url};
pub use rust_decimal::Decimal;
pub use serde::de::DeserializeOwned;
pub use serde_json::{json, Value};
pub use std::collections::{HashMap, HashSet};
pub use std::path::PathBuf;

pub const SMALL: DemoSize = DemoSize {
    seed: 1,
    suppliers: 3,
    items_per_supplier: 120,
    marketplace_sellers: 0,
    items_per_seller: 0,
};
/// [`SMALL`] plus the demo marketplace with its three sellers.
pub const WITH_MARKET: DemoSize = DemoSize {
    marketplace_sellers: 3,
    items_per_seller: 60,
    ..SMALL
};
pub const MARKET: &str = "goodshub";
pub const SUPPLIER: &str = "officeplus";
pub const PAGE: u32 = 25;

/// A client of one running endpoint, logged in when it holds a token.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: Client,
    pub token: Option<String>,
}

/// One HTTP answer, read in full.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        assert!(self.status < 300, "got {}: {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// Asserts the answer is the JSON error body with this status and code.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "body: {}", self.body);
        let json = self.content_type.starts_with("application/json");
        assert!(json, "content type {}", self.content_type);
        let error: ApiError = serde_json::from_str(&self.body).expect("an ApiError body");
        assert_eq!(error.code, code, "message: {}", error.message);
        assert!(!error.message.is_empty());
    }
}

pub async fn spawn_endpoint() -> Api {
    spawn_endpoint_with(SMALL, None).await
}

/// Seeds an in-memory store with `size` and serves it on a free loopback port.
pub async fn spawn_endpoint_with(size: DemoSize, static_dir: Option<PathBuf>) -> Api {
    let backend = Backend::of_suite();
    let store = tokio::task::spawn_blocking(move || {
        let mut store = backend.fresh_store();
        store.seed_demo_if_empty(size).expect("seed demo data");
        store
    })
    .await
    .expect("the store is made");
    serve(AppState::new(store), static_dir).await
}

/// A [`SMALL`] demo store with `evaluations` seeded into the sync hub, served with fault
/// injection on or off.
pub async fn spawn_hub(evaluations: usize, fault_injection: bool) -> Api {
    spawn_hub_on(Backend::of_suite(), evaluations, fault_injection).await
}

/// [`spawn_hub`] on the store of `backend`.
pub async fn spawn_hub_on(backend: Backend, evaluations: usize, fault_injection: bool) -> Api {
    // The stores' calls block (PostgreSQL's client most of all): off the async threads.
    let store = tokio::task::spawn_blocking(move || {
        let mut store = backend.fresh_store();
        store.seed_demo_if_empty(SMALL).expect("seed demo data");
        store
            .seed_demo_evaluations(evaluations, 7)
            .expect("seed evaluations");
        store
    })
    .await
    .expect("the store is made");
    let state = AppState::new(store);
    let state = if fault_injection {
        state.with_fault_injection()
    } else {
        state
    };
    serve(state, None).await
}

/// Starts a hub binary with `command` (its arguments set; stdin, stdout and stderr are set
/// here) and waits until it says where it serves: the child and `http://127.0.0.1:PORT`. Its
/// stdout is drained from then on, so the hub never blocks on a full pipe.
pub fn spawn_hub_process(command: &mut std::process::Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = command
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the hub binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split("is running at ").nth(1) {
                    break rest.trim().trim_end_matches('/').to_owned();
                }
            }
            _ => panic!("the hub exited before serving: {:?}", child.wait()),
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

/// The variable that names the test PostgreSQL cluster (`scripts/test` starts one with
/// `scripts/pg-cluster` and sets it): a URL whose user may create databases.
pub const TEST_DATABASE_URL: &str = "PROCURA_TEST_DATABASE_URL";

/// Which store a test runs on: every test of [`on_each_store!`] runs on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A new in-memory SQLite store.
    Sqlite,
    /// A new database of its own on the test cluster ([`TEST_DATABASE_URL`]), so tests run in
    /// parallel without seeing each other.
    Postgres,
}

impl Backend {
    /// PostgreSQL when [`TEST_DATABASE_URL`] is set; `None` (the test says it was skipped)
    /// otherwise.
    pub fn postgres() -> Option<Backend> {
        if std::env::var_os(TEST_DATABASE_URL).is_some() {
            Some(Backend::Postgres)
        } else {
            eprintln!(
                "skipped on PostgreSQL: {TEST_DATABASE_URL} is not set (scripts/test sets it)"
            );
            None
        }
    }

    /// The store of the tests not written for both ([`spawn_endpoint`], [`spawn_hub`]): SQLite,
    /// or PostgreSQL when `PROCURA_TEST_STORE=postgres` (how to see what of the suite already
    /// holds on PostgreSQL; not what `scripts/test` runs).
    pub fn of_suite() -> Backend {
        match std::env::var("PROCURA_TEST_STORE").as_deref() {
            Ok("postgres") => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    /// An empty store (blocking: call it off the async threads).
    pub fn fresh_store(self) -> Store {
        match self {
            Backend::Sqlite => Store::open_in_memory().expect("in-memory store"),
            Backend::Postgres => {
                Store::open_postgres_config(&fresh_database()).expect("a PostgreSQL store")
            }
        }
    }
}

/// The settings of a new, empty database on the test cluster (blocking).
pub fn fresh_database() -> postgres::Config {
    let (config, _) = create_database();
    config
}

/// The URL of a new, empty database on the test cluster, for a hub process's
/// `PROCURA_DATABASE_URL` (blocking). The cluster's URL (`scripts/pg-cluster url`) names its
/// database last, after the final `/`.
pub fn fresh_database_url() -> String {
    let (_, name) = create_database();
    let url = std::env::var(TEST_DATABASE_URL).expect("the test cluster's URL");
    let (server, _) = url
        .rsplit_once('/')
        .expect("a URL of the form postgres://USER:PASSWORD@HOST:PORT/DATABASE");
    format!("{server}/{name}")
}

/// Creates a database of its own on the test cluster: its settings and its name.
fn create_database() -> (postgres::Config, String) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let url = std::env::var(TEST_DATABASE_URL).expect("the test cluster's URL");
    let mut config: postgres::Config = url.parse().expect("a PostgreSQL URL");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .subsec_nanos();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("hub_{}_{n}_{nanos}", std::process::id());
    let mut admin = config
        .connect(postgres::NoTls)
        .expect("the test cluster answers");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a new database");
    config.dbname(&name);
    (config, name)
}

/// Runs each `async fn name(backend: Backend)` of the file as two tests, `sqlite::name` and
/// `postgres::name` (the latter skipped, saying so, without [`TEST_DATABASE_URL`]).
#[macro_export]
macro_rules! on_each_store {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(backend) = $crate::common::Backend::postgres() {
                        super::$name(backend).await
                    }
                }
            )*
        }
    };
}

/// Serves `state` on a free loopback port.
pub async fn serve(state: AppState, static_dir: Option<PathBuf>) -> Api {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await;
    let listener = listener.expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("bound address"));
    let app = router(state, static_dir);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let http = Client::builder().no_proxy().build().expect("http client");
    Api {
        base,
        http,
        token: None,
    }
}

impl Api {
    pub fn with_token(&self, token: &str) -> Api {
        let mut api = self.clone();
        api.token = Some(token.to_owned());
        api
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Reply {
        let body = json!({ "username": username, "password": password });
        self.post("/api/v1/login", body).await
    }

    /// Logs a demo user in: a client holding their token.
    pub async fn login(&self, username: &str) -> Api {
        let login: LoginResponse = self.login_with(username, DEMO_PASSWORD).await.json();
        self.with_token(&login.token)
    }

    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("{}{path}", self.base)).expect("valid url")
    }

    pub async fn send(&self, method: Method, url: Url, body: Option<Value>) -> Reply {
        let reply = self.try_send(method, url, body).await;
        reply.expect("request reaches the endpoint and is answered")
    }

    /// Like [`Api::send`], but a request that gets no answer (the connection closed) is an
    /// `Err` instead of a panic.
    pub async fn try_send(
        &self,
        method: Method,
        url: Url,
        body: Option<Value>,
    ) -> Result<Reply, reqwest::Error> {
        let mut request = self.http.request(method, url);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let content_type = response.headers().get(CONTENT_TYPE).map(|v| v.to_str());
        let content_type = content_type.and_then(Result::ok).unwrap_or("").to_owned();
        let body = response.text().await?;
        Ok(Reply {
            status,
            content_type,
            body,
        })
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, self.url(path), None).await
    }

    /// `POST /sync/push`; `Err` when no answer came.
    pub async fn try_push(&self, req: &PushRequest) -> Result<Reply, reqwest::Error> {
        let body = serde_json::to_value(req).expect("a push encodes");
        let url = self.url("/api/v1/sync/push");
        self.try_send(Method::POST, url, Some(body)).await
    }

    pub async fn push(&self, req: &PushRequest) -> Reply {
        self.try_push(req).await.expect("the push is answered")
    }

    /// `GET /sync/pull`; `Err` when no answer came.
    pub async fn try_sync_pull(
        &self,
        cursor: &Cursor,
        limit: Option<u32>,
    ) -> Result<Reply, reqwest::Error> {
        let mut url = self.url("/api/v1/sync/pull");
        url.query_pairs_mut().append_pair("cursor", &cursor.0);
        if let Some(limit) = limit {
            url.query_pairs_mut()
                .append_pair("limit", &limit.to_string());
        }
        self.try_send(Method::GET, url, None).await
    }

    pub async fn sync_pull(&self, cursor: &Cursor, limit: Option<u32>) -> Reply {
        let reply = self.try_sync_pull(cursor, limit).await;
        reply.expect("the pull is answered")
    }

    /// Follows the hub's feed from `cursor` to its end.
    pub async fn sync_pull_all(&self, mut cursor: Cursor, limit: u32) -> Vec<PullResponse> {
        let mut pages = Vec::new();
        while pages.len() < 1_000 {
            let page: PullResponse = self.sync_pull(&cursor, Some(limit)).await.json();
            cursor = page.next_cursor.clone();
            let done = !page.has_more;
            pages.push(page);
            if done {
                return pages;
            }
        }
        panic!("the hub's feed never ends");
    }

    /// Adds a fault rule (`POST /test/faults`).
    pub async fn fault(&self, rule: Value) {
        let reply = self.post("/api/v1/test/faults", rule).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, self.url(path), None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, self.url(path), Some(body)).await
    }

    pub async fn page(&self, supplier: &str, cursor: &Cursor, limit: Option<u32>) -> Reply {
        self.feed(
            &format!("/api/v1/suppliers/{supplier}/catalog"),
            cursor,
            limit,
        )
        .await
    }

    pub async fn market_page(&self, market: &str, cursor: &Cursor, limit: Option<u32>) -> Reply {
        self.feed(
            &format!("/api/v1/marketplaces/{market}/catalog"),
            cursor,
            limit,
        )
        .await
    }

    async fn feed(&self, path: &str, cursor: &Cursor, limit: Option<u32>) -> Reply {
        let mut url = self.url(path);
        url.query_pairs_mut().append_pair("cursor", &cursor.0);
        if let Some(limit) = limit {
            let limit = limit.to_string();
            url.query_pairs_mut().append_pair("limit", &limit);
        }
        self.send(Method::GET, url, None).await
    }

    /// Follows `supplier`'s feed from `cursor` to its end, `limit` changes a page.
    pub async fn pull(&self, supplier: &str, cursor: Cursor, limit: u32) -> Vec<CatalogPage> {
        let pages = self.pull_feed(false, supplier, cursor, limit).await;
        assert!(pages.iter().all(|p| p.supplier_id == supplier));
        pages
    }

    /// Follows marketplace `market`'s feed from `cursor` to its end.
    pub async fn pull_market(&self, market: &str, cursor: Cursor, limit: u32) -> Vec<CatalogPage> {
        let pages = self.pull_feed(true, market, cursor, limit).await;
        let named = |p: &CatalogPage| p.marketplace_id.as_deref() == Some(market);
        assert!(pages.iter().all(|p| named(p) && p.supplier_id.is_empty()));
        pages
    }

    async fn pull_feed(
        &self,
        market: bool,
        id: &str,
        mut cursor: Cursor,
        limit: u32,
    ) -> Vec<CatalogPage> {
        let mut pages = Vec::new();
        while pages.len() < 1_000 {
            let reply = if market {
                self.market_page(id, &cursor, Some(limit)).await
            } else {
                self.page(id, &cursor, Some(limit)).await
            };
            let page: CatalogPage = reply.json();
            cursor = page.next_cursor.clone();
            let done = !page.has_more;
            pages.push(page);
            if done {
                return pages;
            }
        }
        panic!("the feed of {id} never ends");
    }

    /// Re-prices 5 items by 10 %, withdraws 3, adds 4.
    pub async fn churn(&self, supplier: &str) -> Reply {
        let path = format!("/api/v1/admin/suppliers/{supplier}/catalog/churn");
        let body = json!({ "reprice": 5, "percent": 10, "withdraw": 3, "add": 4, "seed": 99 });
        self.post(&path, body).await
    }

    pub async fn item_count(&self, supplier: &str) -> u64 {
        let suppliers: Vec<Supplier> = self.get("/api/v1/suppliers").await.json();
        let listed = suppliers.into_iter().find(|s| s.id == supplier);
        listed.expect("supplier is listed").item_count
    }
}

/// The upserted items and the deleted ids of a pull, in feed order.
pub fn split(pages: &[CatalogPage]) -> (Vec<&CatalogItem>, Vec<&str>) {
    let (mut upserts, mut deletes) = (Vec::new(), Vec::new());
    for change in pages.iter().flat_map(|p| &p.changes) {
        match change {
            CatalogChange::Upsert { item } => upserts.push(&**item),
            CatalogChange::Delete { id } => deletes.push(id.as_str()),
        }
    }
    (upserts, deletes)
}

pub fn last_cursor(pages: &[CatalogPage]) -> Cursor {
    pages.last().expect("at least one page").next_cursor.clone()
}

/// Pages are full but the last, `remaining` counts down to 0 and `has_more` agrees with it.
#[track_caller]
pub fn assert_paging_contract(pages: &[CatalogPage], limit: u32) {
    let mut remaining: usize = pages.iter().map(|p| p.changes.len()).sum();
    for (i, page) in pages.iter().enumerate() {
        let last = i + 1 == pages.len();
        let size = page.changes.len();
        let fits = size == limit as usize || (last && size < limit as usize);
        assert!(fits, "page {i} has {size} changes");
        remaining -= size;
        assert_eq!(page.remaining, remaining as u64, "remaining after page {i}");
        assert_eq!(page.has_more, !last, "has_more on page {i}");
    }
}

/// Every authenticated route answers 401 to this client.
pub async fn assert_locked_out(api: &Api) {
    let me = api.get("/api/v1/me").await;
    me.assert_error(401, "unauthorized");
    let suppliers = api.get("/api/v1/suppliers").await;
    suppliers.assert_error(401, "unauthorized");
    let page = api.page(SUPPLIER, &Cursor::start(), None).await;
    page.assert_error(401, "unauthorized");
    let churn = api.churn(SUPPLIER).await;
    churn.assert_error(401, "unauthorized");
}

pub fn ids<'a>(items: &[&'a CatalogItem]) -> Vec<&'a str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

pub fn all_distinct(ids: &[&str]) -> bool {
    ids.iter().collect::<HashSet<_>>().len() == ids.len()
}
