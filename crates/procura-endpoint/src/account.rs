//! A user's own account and sessions, and an admin's password reset:
//!
//! - `POST /me/password` `{"current_password","new_password"}` → 204; the user's other
//!   sessions end. Open while the user must change their password. A wrong current password
//!   counts as a failed login (a stolen session must not become a free password oracle), and
//!   the check waits like a login does.
//! - `POST /logout-all` → 204: every session of the user ends (this one too).
//! - `POST /admin/users/{username}/password` `{"new_password"}` → 204 (admins only): the user
//!   must change it at their next login, and their sessions end.
//!
//! Expired sessions are deleted on start and then hourly ([`spawn_session_purge`]).

use crate::auth::{self, Authenticated, Session, MAX_PASSWORD_BYTES};
use crate::openapi::wire;
use crate::throttle::ClientAddr;
use crate::{ApiFailure, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use procura_sync::api::{ChangePasswordRequest, Role, SetPasswordRequest};
use std::time::Duration;

/// How often the background task deletes expired sessions.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/logout-all", post(logout_all))
        .route("/me/password", post(change_password))
        .route("/admin/users/{username}/password", post(reset_password))
}

fn weak(reason: String) -> ApiFailure {
    ApiFailure::new(StatusCode::BAD_REQUEST, "weak_password", reason)
}

fn wrong_password() -> ApiFailure {
    ApiFailure::new(
        StatusCode::FORBIDDEN,
        "wrong_password",
        "the current password is not right",
    )
}

/// Ends every session of the token's user, on every device, this one included. The body is
/// ignored. Open while the user must change their password.
#[utoipa::path(
    post,
    path = "/api/v1/logout-all",
    tag = "sessions",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session of the user ended"),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
    ),
)]
pub(crate) async fn logout_all(
    State(state): State<AppState>,
    who: Session,
) -> Result<StatusCode, ApiFailure> {
    state
        .with_store(move |store| store.delete_sessions_of(who.user.id.as_str()))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes one's own password; the user's other sessions end (this one stays).
///
/// Open while the user must change their password. Throttled like a login: a wrong current
/// password counts as a failed login.
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    tag = "sessions",
    security(("bearer" = [])),
    request_body = wire::ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "`weak_password`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`wrong_password`", body = wire::ApiError),
        (status = 429, description = "`too_many_attempts`, with `Retry-After`", body = wire::ApiError),
    ),
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    who: Session,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    let username = who.user.username.clone();
    // Throttled like a login, before the password is looked at.
    state.login_allowed(&username, address).await?;
    auth::check_new_password(&username, &req.new_password).map_err(weak)?;
    if req.current_password.len() > MAX_PASSWORD_BYTES {
        state.login_failed(&username, address).await?;
        return Err(wrong_password());
    }
    if req.current_password == req.new_password {
        return Err(weak("the new password is the current one".to_owned()));
    }
    let user_id = who.user.id.clone();
    let stored = state
        .with_store(move |store| store.password_hash(user_id.as_str()))
        .await?;
    // Argon2 is deliberately slow: verify and hash on the Argon2 workers, like a login.
    let new_hash = state
        .login
        .argon2(move || {
            if !auth::verify_password(&req.current_password, &stored) {
                return Ok(None);
            }
            auth::hash_password(&req.new_password).map(Some)
        })
        .await?
        .map_err(ApiFailure::internal)?;
    let Some(new_hash) = new_hash else {
        state.login_failed(&username, address).await?;
        return Err(wrong_password());
    };
    state.login_succeeded(&username).await?;
    let Session { user, token_hash } = who;
    state
        .with_store(move |store| {
            store.set_password_hash(user.id.as_str(), &new_hash, false, Some(&token_hash))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets a user's password (admins only): they must change it at their next login, and all
/// their sessions end.
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{username}/password",
    tag = "admin",
    security(("bearer" = [])),
    params(("username" = String, Path, description = "The user's name")),
    request_body = wire::SetPasswordRequest,
    responses(
        (status = 204, description = "Set; the user must change it"),
        (status = 400, description = "`weak_password`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`forbidden`: not an admin", body = wire::ApiError),
        (status = 404, description = "`no_user`", body = wire::ApiError),
    ),
)]
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    who: Authenticated,
    Path(username): Path<String>,
    Json(req): Json<SetPasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    who.require(Role::Admin)?;
    let name = username.clone();
    let target = state
        .with_store(move |store| store.user_record(&name))
        .await?;
    auth::check_new_password(&username, &req.new_password).map_err(weak)?;
    let hash = state
        .login
        .argon2(move || auth::hash_password(&req.new_password))
        .await?
        .map_err(ApiFailure::internal)?;
    tracing::info!(
        "{} set the password of {username}; they must change it",
        who.user.username
    );
    state
        .with_store(move |store| {
            store.set_password_hash(target.user.id.as_str(), &hash, true, None)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes expired sessions now and then every [`PURGE_EVERY`], for as long as the runtime
/// runs.
pub fn spawn_session_purge(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            let policy = state.session_policy();
            match state
                .with_store(move |store| store.purge_sessions(auth::now_unix(), policy))
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!("deleted {n} expired sessions"),
                Err(e) => tracing::warn!("could not delete expired sessions: {e:?}"),
            }
        }
    });
}
