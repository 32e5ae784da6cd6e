//! Test-only fault injection on the sync routes and the supplier order intake, so tests can
//! show that sync and order transmission survive a bad network: a request lost before or after
//! the endpoint processed it, a 503, a slow answer.
//!
//! Off unless the endpoint runs with `--fault-injection` (or [`AppState::with_fault_injection`]
//! in-process); then `/test/faults` holds a list of rules and `/test/reset-hub` wipes the hub.
//! Without it those routes do not exist (404) and the sync routes and the order intake carry no
//! fault layer at all.
//!
//! The rules belong to the process they were posted to, on purpose: when several hub processes
//! serve one PostgreSQL database, a test aims a fault at the process it talks to. A reset
//! (`/test/reset-hub`) is the database's: every process names the new epoch from its next
//! answer (`Store::refresh_epoch`).
//!
//! "No answer" must be a real network error for the client, not a status: the middleware
//! unwinds out of the connection's task with [`std::panic::resume_unwind`] (which skips the
//! panic hook, so nothing is printed as a crash). Neither axum nor hyper catches it; tokio ends
//! the task and drops the socket, and the client sees the connection close mid-request.

use crate::{ApiFailure, AppState};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};

/// Longest delay a rule may ask for.
const MAX_DELAY_MS: u64 = 60_000;

/// Which route a rule hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultRoute {
    Push,
    Pull,
    /// Either sync route (not the order intake, which a rule names on its own).
    Any,
    /// A supplier's order intake, `POST /suppliers/{id}/orders`.
    Order,
}

impl FaultRoute {
    /// Whether a rule for `self` hits a request to `site`.
    fn hits(self, site: FaultRoute) -> bool {
        self == site
            || (self == FaultRoute::Any && matches!(site, FaultRoute::Push | FaultRoute::Pull))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Close the connection without an answer; nothing is processed.
    DropBefore,
    /// Process the request and commit, then close the connection without an answer.
    DropAfter,
    /// Answer 503 `unavailable` without processing.
    #[serde(rename = "status_503")]
    Status503,
    /// Wait `delay_ms`, then process normally.
    Delay,
}

/// `POST /test/faults` body; `GET /test/faults` lists them with the hits each has left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    pub route: FaultRoute,
    pub fault: FaultKind,
    #[serde(default)]
    pub delay_ms: u64,
    /// How many requests the rule hits before it is used up.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

/// The pending rules, oldest first; a request takes the first that matches its route.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The first rule for `route`, counting one hit against it.
    fn take(&self, route: FaultRoute) -> Option<FaultRule> {
        let mut rules = self.rules();
        let i = rules.iter().position(|r| r.route.hits(route))?;
        rules[i].times -= 1;
        let hit = rules[i].clone();
        if hit.times == 0 {
            rules.remove(i);
        }
        Some(hit)
    }
}

/// Wraps one route (`Push`, `Pull` or `Order`) in the fault layer.
pub(crate) fn wrap(
    route: MethodRouter<AppState>,
    faults: &Arc<Faults>,
    site: FaultRoute,
) -> MethodRouter<AppState> {
    let at = Site {
        faults: Arc::clone(faults),
        route: site,
    };
    route.route_layer(axum::middleware::from_fn_with_state(at, inject))
}

#[derive(Clone)]
struct Site {
    faults: Arc<Faults>,
    route: FaultRoute,
}

async fn inject(State(site): State<Site>, request: Request, next: Next) -> Response {
    let Some(rule) = site.faults.take(site.route) else {
        return next.run(request).await;
    };
    tracing::warn!("fault injection: {:?} on {:?}", rule.fault, site.route);
    match rule.fault {
        FaultKind::DropBefore => drop_connection(),
        FaultKind::DropAfter => {
            // The handler has committed and built its whole answer by the time it returns.
            let _answer = next.run(request).await;
            drop_connection()
        }
        FaultKind::Status503 => ApiFailure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the endpoint is unavailable (fault injection)",
        )
        .into_response(),
        FaultKind::Delay => {
            tokio::time::sleep(std::time::Duration::from_millis(rule.delay_ms)).await;
            next.run(request).await
        }
    }
}

/// The payload of the unwind that ends a connection's task ([`crate::layers`] lets it through).
pub(crate) struct ConnectionDropped;

/// Ends the connection's task, so the socket closes with no answer (see the module doc).
fn drop_connection() -> ! {
    std::panic::resume_unwind(Box::new(ConnectionDropped))
}

/// `/test/faults` and `/test/reset-hub`; only mounted with fault injection on.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/test/faults", get(list).post(add).delete(clear))
        .route("/test/reset-hub", post(reset_hub))
}

fn faults_of(state: &AppState) -> Result<&Faults, ApiFailure> {
    state
        .faults
        .as_deref()
        .ok_or_else(|| ApiFailure::new(StatusCode::NOT_FOUND, "not_found", "no such API route"))
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<FaultRule>>, ApiFailure> {
    Ok(Json(faults_of(&state)?.rules().clone()))
}

async fn add(
    State(state): State<AppState>,
    Json(rule): Json<FaultRule>,
) -> Result<Json<Vec<FaultRule>>, ApiFailure> {
    let faults = faults_of(&state)?;
    if rule.times == 0 || rule.delay_ms > MAX_DELAY_MS {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "bad_fault",
            format!("times must be at least 1 and delay_ms at most {MAX_DELAY_MS}"),
        ));
    }
    let mut rules = faults.rules();
    rules.push(rule);
    Ok(Json(rules.clone()))
}

async fn clear(State(state): State<AppState>) -> Result<StatusCode, ApiFailure> {
    faults_of(&state)?.rules().clear();
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
struct HubReset {
    epoch: String,
}

async fn reset_hub(State(state): State<AppState>) -> Result<Json<HubReset>, ApiFailure> {
    faults_of(&state)?;
    let epoch = state.with_store(|store| store.reset_hub()).await?;
    tracing::warn!("fault injection: the sync hub was reset; new epoch {epoch}");
    Ok(Json(HubReset { epoch }))
}
