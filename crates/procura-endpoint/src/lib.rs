//! Procura's reference endpoint: plays the supplier endpoints and the organisation's sync hub,
//! and serves the built app, all on one port.
//!
//! It never trusts the browser: every rule is checked here again, with the same core the app
//! uses. Handlers are thin: parse, authorise, call the store or the core, answer.

pub mod account;
pub mod admin_cli;
pub mod auth;
pub mod events;
pub mod faults;
pub mod invoices;
pub mod layers;
pub mod openapi;
pub mod order_events;
pub mod orders;
pub mod returns;
pub mod serve;
pub mod server;
pub mod store;
pub mod store_pool;
pub mod supplier_sim;
pub mod throttle;

use auth::Authenticated;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use faults::{FaultRoute, Faults};
use layers::HttpLimits;
use openapi::wire;
use procura_orders::order::documents::MAX_DOCUMENT_BYTES;
use procura_sync::api::sync::{
    PullResponse, PushRequest, PushResponse, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT,
};
use procura_sync::api::{
    ApiError, CatalogPage, Cursor, FeedId, LoginRequest, LoginResponse, Marketplace, Role,
    Supplier, User, API_PREFIX, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
use procura_sync::sync::hub::BatchError;
use std::path::PathBuf;
use std::sync::Arc;
use store::{Churn, ChurnResult, Store, StoreError};
use throttle::{ClientAddr, LoginGuard};

/// Shared by every handler. The store is lent to one request at a time ([`store_pool`]: one
/// store on SQLite, a few connections on PostgreSQL) and used on blocking threads: its calls
/// are short and block (SQLite's, and PostgreSQL's blocking client), and one writer at a time
/// is what both stores do anyway (`store::db`).
#[derive(Clone)]
pub struct AppState {
    store: Arc<store_pool::Stores>,
    /// `Some` only when fault injection is on (tests; see [`faults`]).
    faults: Option<Arc<Faults>>,
    /// The supplier routes (`/test/orders/{id}/…`) without fault injection (the demo's
    /// `--supplier-simulation`).
    supplier_routes: bool,
    /// Inbound documents parsed at once, on blocking threads (see [`orders::inbound_document`]).
    document_parses: Arc<tokio::sync::Semaphore>,
    /// How long sessions live (see [`auth::SessionPolicy`]).
    sessions: auth::SessionPolicy,
    /// Failed-login counts and the Argon2 gate.
    login: Arc<LoginGuard>,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy that sets it).
    trust_forwarded_for: bool,
    /// Reached over HTTPS (served here or by a TLS proxy in front): answers carry HSTS.
    https: bool,
    limits: HttpLimits,
    /// Change notices to connected devices (see [`events`]).
    events: Arc<events::Events>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self::serving(store_pool::Stores::one(store))
    }

    /// Serves requests from `stores`, connections to one PostgreSQL database, each replaced
    /// by `reopen`'s when its connection dropped ([`store_pool`]).
    pub fn with_stores(stores: Vec<Store>, reopen: store_pool::Reopen) -> Self {
        Self::serving(store_pool::Stores::reconnecting(stores, reopen))
    }

    fn serving(stores: store_pool::Stores) -> Self {
        Self {
            store: Arc::new(stores),
            faults: None,
            supplier_routes: false,
            document_parses: Arc::new(tokio::sync::Semaphore::new(DOCUMENT_PARSES)),
            sessions: auth::SessionPolicy::default(),
            login: Arc::default(),
            trust_forwarded_for: false,
            https: false,
            limits: HttpLimits::default(),
            events: Arc::default(),
        }
    }

    /// Sessions live as `policy` says instead of the default.
    pub fn with_session_policy(mut self, policy: auth::SessionPolicy) -> Self {
        self.sessions = policy;
        self
    }

    pub fn session_policy(&self) -> auth::SessionPolicy {
        self.sessions
    }

    /// The hub sits behind a proxy that appends the client's address to `X-Forwarded-For`;
    /// login throttling then counts that address instead of the proxy's. Without a proxy this
    /// would let any client pick the address it is counted under.
    pub fn with_trusted_proxy(mut self) -> Self {
        self.trust_forwarded_for = true;
        self
    }

    /// Browsers reach the hub over HTTPS only (it serves TLS, or a TLS proxy sits in front):
    /// every answer carries `Strict-Transport-Security`.
    pub fn with_https(mut self) -> Self {
        self.https = true;
        self
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    pub fn trusts_forwarded_for(&self) -> bool {
        self.trust_forwarded_for
    }

    pub fn with_limits(mut self, limits: HttpLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> HttpLimits {
        self.limits
    }

    /// Mounts the routes through which anyone answers as a supplier (`/test/orders/{id}/…`,
    /// also there with fault injection). The background simulation is started apart, with
    /// [`supplier_sim::spawn`].
    pub fn with_supplier_routes(mut self) -> Self {
        self.supplier_routes = true;
        self
    }

    /// Turns on the test-only fault routes (with the supplier routes and the listing of what
    /// each supplier received) and the fault layer on the sync routes and the order intake.
    pub fn with_fault_injection(mut self) -> Self {
        self.faults = Some(Arc::default());
        self
    }

    /// On PostgreSQL, where several hub processes may serve one database: hears, on a thread
    /// and a connection of its own, the change numbers the other processes commit, so devices
    /// connected here hear of changes made through them ([`events`]). The one thread lives as
    /// long as the process and reconnects when its connection drops.
    pub fn listen_for_changes(&self, database: postgres::Config) -> std::io::Result<()> {
        let events = Arc::clone(&self.events);
        store::db::listen_for_changes(database, move |head| events.advance(head))?;
        self.events.listened();
        Ok(())
    }

    /// Runs `f` with a store on a blocking thread, inside the request's log span.
    ///
    /// A panic in `f` becomes a 500 for this request only; the store goes back to the pool: an
    /// open transaction (SQLite's or PostgreSQL's) was rolled back when the panic dropped it, so
    /// the database holds only what was committed.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiFailure>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let events = Arc::clone(&self.events);
        let span = tracing::Span::current();
        blocking(move || {
            let _entered = span.enter();
            let mut guard = store.lend();
            let result = f(&mut guard);
            // Whatever `f` did, devices hear when the hub's records changed. With a listener
            // (PostgreSQL), it hears every commit, this process's included (the notice is sent
            // in the transaction): reading the head here too would cost every request a round
            // trip to the database.
            if !events.is_listened() {
                if let Ok(head) = guard.sync_head() {
                    events.advance(head);
                }
            }
            result
        })
        .await?
        .map_err(ApiFailure::from)
    }
}

/// How many inbound documents are parsed at once; more wait up to [`DOCUMENT_PARSE_WAIT`], then
/// get 503 `busy`.
pub const DOCUMENT_PARSES: usize = 2;
/// How long an inbound document waits for a parse slot before 503 `busy`.
pub const DOCUMENT_PARSE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);
/// Runs `f` on a blocking thread; its panic is logged (in the caller's span) and answered 500.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiFailure>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        if e.is_panic() {
            let payload = e.into_panic();
            let message = layers::panic_message(&*payload);
            tracing::error!(panic = message, "blocking work panicked");
        } else {
            tracing::error!("blocking work cancelled: {e}");
        }
        ApiFailure::internal("the endpoint failed while handling this request")
    })
}

/// An error answer: status plus the JSON body every client understands.
#[derive(Debug)]
pub struct ApiFailure {
    status: StatusCode,
    body: ApiError,
    /// Seconds for `Retry-After` (429, 503).
    retry_after: Option<u64>,
}

impl ApiFailure {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ApiError {
                code: code.to_owned(),
                message: message.into(),
            },
            retry_after: None,
        }
    }
    /// 503 `busy` with a `Retry-After` of `retry_after_secs`.
    pub fn busy_for(message: impl Into<String>, retry_after_secs: u64) -> Self {
        let mut failure = Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message);
        failure.retry_after = Some(retry_after_secs);
        failure
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub fn password_change_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "choose a new password first (POST /api/v1/me/password)",
        )
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
    /// 429: too many failed logins for this user name or address; retry after `secs`.
    pub fn too_many_attempts(secs: u64) -> Self {
        let message = format!("too many failed logins; try again in {secs} s");
        let mut failure = Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message);
        failure.retry_after = Some(secs);
        failure
    }
    /// 503: the endpoint is saturated; retry in a second.
    pub fn busy(message: impl Into<String>) -> Self {
        let mut failure = Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message);
        failure.retry_after = Some(1);
        failure
    }
    /// 408: the request was not completed in time.
    pub fn request_timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "request_timeout", message)
    }
    pub fn status(&self) -> StatusCode {
        self.status
    }
    pub fn code(&self) -> &str {
        &self.body.code
    }
}

impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadCursor(_) => {
                Self::new(StatusCode::BAD_REQUEST, "bad_cursor", e.to_string())
            }
            StoreError::CursorReset => Self::new(StatusCode::GONE, "cursor_reset", e.to_string()),
            StoreError::NoSupplier(_) => {
                Self::new(StatusCode::NOT_FOUND, "no_supplier", e.to_string())
            }
            StoreError::NoMarketplace(_) => {
                Self::new(StatusCode::NOT_FOUND, "no_marketplace", e.to_string())
            }
            StoreError::SoldOnMarketplace { .. } => {
                Self::new(StatusCode::CONFLICT, "marketplace_managed", e.to_string())
            }
            StoreError::ClientOfAnotherUser(_) => Self::new(
                StatusCode::FORBIDDEN,
                "client_of_another_user",
                e.to_string(),
            ),
            StoreError::BadBatch(BatchError::TooLarge(_)) => {
                Self::new(StatusCode::BAD_REQUEST, "batch_too_large", e.to_string())
            }
            StoreError::BadBatch(_) | StoreError::BadPush(_) => {
                Self::new(StatusCode::BAD_REQUEST, "bad_batch", e.to_string())
            }
            StoreError::UnknownOrder(_) => {
                Self::new(StatusCode::NOT_FOUND, "unknown_order", e.to_string())
            }
            StoreError::OrderOfAnotherSupplier { .. } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "wrong_supplier",
                e.to_string(),
            ),
            StoreError::OrderMismatch(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "order_mismatch",
                e.to_string(),
            ),
            StoreError::IdempotencyKeyReused(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                e.to_string(),
            ),
            StoreError::OrderReceivedAlready { .. } => {
                Self::new(StatusCode::CONFLICT, "duplicate_order", e.to_string())
            }
            StoreError::OrderClosed(_) => {
                Self::new(StatusCode::CONFLICT, "order_closed", e.to_string())
            }
            StoreError::EventRefused(_) => {
                Self::new(StatusCode::CONFLICT, "event_refused", e.to_string())
            }
            StoreError::NoUser(_) => Self::new(StatusCode::NOT_FOUND, "no_user", e.to_string()),
            StoreError::UserExists(_) => {
                Self::new(StatusCode::CONFLICT, "user_exists", e.to_string())
            }
            StoreError::BadUsername(_) => {
                Self::new(StatusCode::BAD_REQUEST, "bad_username", e.to_string())
            }
            other => {
                tracing::error!("store: {other}");
                Self::internal("the endpoint failed to read or write its store")
            }
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(mut self) -> Response {
        // An internal failure names the request, so its log lines can be found.
        if self.status == StatusCode::INTERNAL_SERVER_ERROR {
            if let Some(id) = layers::current_request_id() {
                self.body.message = format!("{} (request id {id})", self.body.message);
            }
        }
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Largest `/sync/push` body: a full batch of [`MAX_PUSH_BATCH`] evaluations with the longest
/// comments (2,000 characters, up to 6 bytes each as JSON) stays under it; axum's default is
/// 2 MB.
///
/// [`MAX_PUSH_BATCH`]: procura_sync::api::sync::MAX_PUSH_BATCH
pub const PUSH_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// Largest `/login` body: a user name and a password, with room to spare.
pub const LOGIN_BODY_LIMIT: usize = 4 * 1024;

/// The API, plus the built app's files from `static_dir` when given (any other path answers
/// `index.html`, so the app's own routes survive a reload), behind the layers of [`layers`]
/// (request ids, panics answered 500, limits, security headers).
pub fn router(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let app = routes(state.clone(), static_dir.clone());
    layers::harden(app, &state, static_dir.as_deref())
}

/// The routes of [`router`] without its layers (tests add their own routes, then
/// [`layers::harden`]).
pub fn routes(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let mut push = post(sync_push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT));
    let mut pull = get(sync_pull);
    let mut order_intake = post(orders::receive);
    let mut test_routes = Router::new();
    if let Some(faults) = &state.faults {
        push = faults::wrap(push, faults, FaultRoute::Push);
        pull = faults::wrap(pull, faults, FaultRoute::Pull);
        order_intake = faults::wrap(order_intake, faults, FaultRoute::Order);
        test_routes = faults::routes().merge(orders::test_routes());
    }
    if state.faults.is_some() || state.supplier_routes {
        test_routes = test_routes.merge(orders::supplier_routes());
    }
    let api = Router::new()
        .route("/health", get(health))
        .route(openapi::OPENAPI_PATH, get(openapi::serve))
        .route(
            "/login",
            post(login).layer(DefaultBodyLimit::max(LOGIN_BODY_LIMIT)),
        )
        .route("/logout", post(logout))
        .merge(account::routes())
        .route("/me", get(me))
        .route("/suppliers", get(suppliers))
        .route("/suppliers/{id}/catalog", get(catalog_page))
        .route("/suppliers/{id}/orders", order_intake)
        .route(
            "/inbound/documents",
            post(orders::inbound_document).layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES)),
        )
        .route("/invoices/{id}/original", get(invoices::original))
        .route("/inbound/returns", get(returns::list))
        .route("/inbound/returns/{id}", post(returns::update))
        .route("/marketplaces", get(marketplaces))
        .route("/marketplaces/{id}/catalog", get(marketplace_page))
        .route("/admin/suppliers/{id}/catalog/churn", post(churn))
        .route("/sync/push", push)
        .route("/sync/pull", pull)
        .route("/sync/events/ticket", post(events::ticket))
        .route("/sync/events", get(events::stream))
        .merge(test_routes)
        .fallback(|| async {
            ApiFailure::new(StatusCode::NOT_FOUND, "not_found", "no such API route")
        })
        .layer(axum::middleware::map_response(errors_as_json));
    let app = Router::new().nest(API_PREFIX, api);
    let app = match static_dir {
        Some(dir) => {
            let index = tower_http::services::ServeFile::new(dir.join("index.html"));
            app.fallback_service(tower_http::services::ServeDir::new(dir).fallback(index))
        }
        None => app,
    };
    app.with_state(state)
}

/// Rejections that axum produces before a handler runs (malformed JSON, a bad query, a wrong
/// method) come as plain text; clients are promised a JSON [`ApiError`] for every failure.
async fn errors_as_json(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    };
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let message = if text.trim().is_empty() {
        status.to_string()
    } else {
        text.trim().to_owned()
    };
    ApiFailure::new(status, code, message).into_response()
}

/// Liveness: `ok` as plain text, for load balancers and the app's "is the endpoint reachable"
/// check. No authentication.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "health",
    responses((status = 200, description = "The endpoint answers", content_type = "text/plain", body = String, example = "ok")),
)]
async fn health() -> &'static str {
    "ok"
}

/// Exchanges a user name and password for a session token.
///
/// Throttled by user name and client address before anything else (a correct password is
/// refused while they wait), and Argon2 runs under a bounded permit. An unknown user, a
/// disabled one and a wrong password all answer 401 alike.
#[utoipa::path(
    post,
    path = "/api/v1/login",
    tag = "sessions",
    request_body = wire::LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = wire::LoginResponse),
        (status = 401, description = "`unauthorized`: unknown user or wrong password", body = wire::ApiError),
        (status = 413, description = "`too_large`: a body over 4 KiB", body = wire::ApiError),
        (status = 422, description = "`invalid_body`", body = wire::ApiError),
        (status = 429, description = "`too_many_attempts`, with `Retry-After`", body = wire::ApiError),
    ),
)]
async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Json(req): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiFailure> {
    let username = req.username.trim().to_owned();
    // The throttle's counts are the store's (shared by every hub process of the database):
    // read with the user, in one trip.
    let (guard, lookup) = (Arc::clone(&state.login), username.clone());
    let found = state
        .with_store(
            move |store| match guard.wait(store, &lookup, address, throttle::now_ms())? {
                Some(wait) => Ok(Err(wait)),
                None => Ok(Ok(store.user_by_username(&lookup)?)),
            },
        )
        .await?
        .map_err(throttle::too_many_attempts)?;
    let password = req.password;
    // Verify on an Argon2 worker: Argon2 is deliberately slow and memory-hungry.
    // An unknown user costs the same Argon2 check, so timing does not tell which names exist.
    let verified = state
        .login
        .argon2(move || match found {
            Some((user, hash)) => auth::verify_password(&password, &hash).then_some(user),
            None => {
                auth::verify_password(&password, auth::dummy_hash());
                None
            }
        })
        .await?;
    let guard = Arc::clone(&state.login);
    let Some(user) = verified else {
        state
            .with_store(move |store| guard.failed(store, &username, address, throttle::now_ms()))
            .await?;
        return Err(ApiFailure::unauthorized("unknown user or wrong password"));
    };
    let token = auth::random_hex(32);
    let (hash, user_id) = (auth::token_hash(&token), user.id.clone());
    state
        .with_store(move |store| {
            guard.succeeded(store, &username)?;
            store.create_session(&hash, user_id.as_str(), auth::now_unix())
        })
        .await?;
    Ok(Json(LoginResponse { token, user }))
}

/// Ends the session of the token sent (other sessions of the user stay). The body is ignored.
#[utoipa::path(
    post,
    path = "/api/v1/logout",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The session ended"),
        (status = 401, description = "`unauthorized` (a client logging out may treat it as done)", body = wire::ApiError),
    ),
)]
async fn logout(
    State(state): State<AppState>,
    who: auth::Session,
) -> Result<StatusCode, ApiFailure> {
    state
        .with_store(move |store| store.delete_session(&who.token_hash))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the token belongs to. Open while the user must change their password.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The session's user", body = wire::User),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
    ),
)]
async fn me(who: auth::Session) -> Json<User> {
    Json(who.user)
}

/// Every supplier, marketplace sellers included, sorted by id.
#[utoipa::path(
    get,
    path = "/api/v1/suppliers",
    tag = "catalogs",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The suppliers", body = Vec<wire::Supplier>),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`password_change_required`", body = wire::ApiError),
    ),
)]
async fn suppliers(
    State(state): State<AppState>,
    _who: Authenticated,
) -> Result<Json<Vec<Supplier>>, ApiFailure> {
    Ok(Json(state.with_store(|store| store.suppliers()).await?))
}

/// Where a feed page starts and how long it may be.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// The `next_cursor` of the page before, unchanged (opaque); empty or absent: from the
    /// start.
    #[serde(default)]
    cursor: String,
    /// Most changes to return: on catalog feeds 500 by default and at most 2,000, on the sync
    /// pull 1,000 and 5,000; larger values are clamped, smaller ones raised to 1.
    limit: Option<u32>,
}

/// One page of a supplier's catalog change feed.
#[utoipa::path(
    get,
    path = "/api/v1/suppliers/{id}/catalog",
    tag = "catalogs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The supplier's id"), PageQuery),
    responses(
        (status = 200, description = "The changes after the cursor", body = wire::CatalogPage),
        (status = 400, description = "`bad_cursor` or `bad_request`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 404, description = "`no_supplier`", body = wire::ApiError),
        (status = 409, description = "`marketplace_managed`: pull the marketplace's feed", body = wire::ApiError),
        (status = 410, description = "`cursor_reset`: drop the supplier's items, pull from the empty cursor", body = wire::ApiError),
    ),
)]
async fn catalog_page(
    State(state): State<AppState>,
    _who: Authenticated,
    Path(supplier_id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<CatalogPage>, ApiFailure> {
    feed_page(state, FeedId::Supplier(supplier_id), q).await
}

/// Every marketplace and its sellers, sorted by id.
#[utoipa::path(
    get,
    path = "/api/v1/marketplaces",
    tag = "catalogs",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The marketplaces (possibly none)", body = Vec<wire::Marketplace>),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
    ),
)]
async fn marketplaces(
    State(state): State<AppState>,
    _who: Authenticated,
) -> Result<Json<Vec<Marketplace>>, ApiFailure> {
    Ok(Json(state.with_store(|store| store.marketplaces()).await?))
}

/// One page of a marketplace's feed: every change of every seller's items, in one order.
#[utoipa::path(
    get,
    path = "/api/v1/marketplaces/{id}/catalog",
    tag = "catalogs",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The marketplace's id"), PageQuery),
    responses(
        (status = 200, description = "The changes after the cursor", body = wire::CatalogPage),
        (status = 400, description = "`bad_cursor` or `bad_request`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 404, description = "`no_marketplace`", body = wire::ApiError),
        (status = 410, description = "`cursor_reset`: drop all its sellers' items, pull from the empty cursor", body = wire::ApiError),
    ),
)]
async fn marketplace_page(
    State(state): State<AppState>,
    _who: Authenticated,
    Path(marketplace_id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<CatalogPage>, ApiFailure> {
    feed_page(state, FeedId::Marketplace(marketplace_id), q).await
}

/// Any logged-in user may read any feed; the caller has authenticated them.
async fn feed_page(
    state: AppState,
    feed: FeedId,
    q: PageQuery,
) -> Result<Json<CatalogPage>, ApiFailure> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let cursor = Cursor(q.cursor);
    Ok(Json(
        state
            .with_store(move |store| store.feed_page(&feed, &cursor, limit))
            .await?,
    ))
}

/// Simulates a supplier maintaining its catalog (demo and tests): re-prices, withdraws and
/// adds items, each one change at the end of the feed.
#[utoipa::path(
    post,
    path = "/api/v1/admin/suppliers/{id}/catalog/churn",
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The supplier's id")),
    request_body = Churn,
    responses(
        (status = 200, description = "What was done", body = ChurnResult),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`forbidden`: not an admin", body = wire::ApiError),
        (status = 404, description = "`no_supplier`", body = wire::ApiError),
    ),
)]
async fn churn(
    State(state): State<AppState>,
    who: Authenticated,
    Path(supplier_id): Path<String>,
    Json(churn): Json<Churn>,
) -> Result<Json<ChurnResult>, ApiFailure> {
    who.require(Role::Admin)?;
    Ok(Json(
        state
            .with_store(move |store| store.churn_catalog(&supplier_id, &churn))
            .await?,
    ))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Hands the hub a device's queued changes, exactly once per client id and mutation id.
///
/// Any logged-in user syncs; the hub records them, not the device, as the author. A refused
/// mutation is an outcome in a `200`, not an HTTP error.
#[utoipa::path(
    post,
    path = "/api/v1/sync/push",
    tag = "sync",
    security(("bearer" = [])),
    request_body = wire::PushRequest,
    responses(
        (status = 200, description = "Every mutation's outcome", body = wire::PushResponse),
        (status = 400, description = "`bad_batch` or `batch_too_large` (over 500 mutations): nothing applied", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`client_of_another_user` or `password_change_required`", body = wire::ApiError),
        (status = 413, description = "`too_large`: a body over 8 MB", body = wire::ApiError),
        (status = 422, description = "`invalid_body`", body = wire::ApiError),
    ),
)]
async fn sync_push(
    State(state): State<AppState>,
    who: Authenticated,
    Json(req): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiFailure> {
    let now = now_ms();
    Ok(Json(
        state
            .with_store(move |store| store.push(&who.user, &req, now))
            .await?,
    ))
}

/// One page of the hub's record feed (deletes included from the start).
#[utoipa::path(
    get,
    path = "/api/v1/sync/pull",
    tag = "sync",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The records changed after the cursor", body = wire::PullResponse),
        (status = 400, description = "`bad_cursor`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 410, description = "`cursor_reset`: the hub lost its state; recover and pull from the start", body = wire::ApiError),
    ),
)]
async fn sync_pull(
    State(state): State<AppState>,
    _who: Authenticated,
    Query(q): Query<PageQuery>,
) -> Result<Json<PullResponse>, ApiFailure> {
    let limit = q
        .limit
        .unwrap_or(DEFAULT_PULL_LIMIT)
        .clamp(1, MAX_PULL_LIMIT);
    let cursor = Cursor(q.cursor);
    Ok(Json(
        state
            .with_store(move |store| store.pull(&cursor, limit))
            .await?,
    ))
}
