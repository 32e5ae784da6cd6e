//! Returns at the supplier, over HTTP, with the supplier's document key (`X-Supplier-Key`):
//! `GET /inbound/returns` lists its open returns, `POST /inbound/returns/{id}` moves one
//! forward (`{"status": "accepted", "note": "…"}`), its own only, forward only, the same status
//! again answered as it stands. The rules are `procura_invoicing::returns`.

use crate::openapi::wire;
use crate::orders::SupplierKey;
use crate::{now_ms, ApiFailure, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use procura_invoicing::returns::{Return, ReturnStatus};
use serde::{Deserialize, Serialize};

/// What a supplier's system sends to move a return.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ReturnUpdate {
    /// `accepted`, `refused`, `collected`, `replaced` or `credited`; forward only.
    pub status: String,
    /// At most 500 characters.
    #[serde(default)]
    pub note: String,
}

/// The answer to an update: the return as it stands, and whether this request changed it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReturnAnswer {
    #[serde(rename = "return")]
    #[schema(value_type = wire::Return)]
    pub ret: Return,
    pub changed: bool,
}

/// The supplier's open returns, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpenReturns {
    pub supplier_id: String,
    #[schema(value_type = Vec<wire::Return>)]
    pub returns: Vec<Return>,
}

/// The supplier's open returns (not replaced, credited, refused or cancelled), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/inbound/returns",
    tag = "supplier",
    operation_id = "open_returns",
    security(("supplier_key" = [])),
    responses(
        (status = 200, description = "The open returns", body = OpenReturns),
        (status = 401, description = "`unauthorized`: no or an unknown key", body = wire::ApiError),
    ),
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    SupplierKey(supplier_id): SupplierKey,
) -> Result<Json<OpenReturns>, ApiFailure> {
    let id = supplier_id.clone();
    let returns = state
        .with_store(move |store| store.supplier_open_returns(&id))
        .await?;
    Ok(Json(OpenReturns {
        supplier_id,
        returns,
    }))
}

fn not_found() -> ApiFailure {
    ApiFailure::new(StatusCode::NOT_FOUND, "not_found", "no such return")
}

/// Moves one of the supplier's returns forward: requested → accepted or refused, accepted →
/// collected, collected → replaced or credited. The same status again changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/inbound/returns/{id}",
    tag = "supplier",
    operation_id = "update_return",
    security(("supplier_key" = [])),
    params(("id" = String, Path, description = "The return's id")),
    request_body = ReturnUpdate,
    responses(
        (status = 200, description = "The return as it stands, and whether this request changed it", body = ReturnAnswer),
        (status = 401, description = "`unauthorized`: no or an unknown key", body = wire::ApiError),
        (status = 404, description = "`not_found`: another supplier's return or an unknown id", body = wire::ApiError),
        (status = 409, description = "`return.status_invalid`: a step backwards or the wrong end", body = wire::ApiError),
        (status = 422, description = "`invalid` (an unknown status), a note too long, or `invalid_body`", body = wire::ApiError),
    ),
)]
pub(crate) async fn update(
    State(state): State<AppState>,
    SupplierKey(supplier_id): SupplierKey,
    Path(id): Path<String>,
    Json(body): Json<ReturnUpdate>,
) -> Result<Json<ReturnAnswer>, ApiFailure> {
    if id.len() > 256 {
        return Err(not_found());
    }
    let Some(to) = ReturnStatus::parse(body.status.trim()) else {
        return Err(ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "status is one of accepted, refused, collected, replaced, credited",
        ));
    };
    let now = now_ms();
    let done = state
        .with_store(move |store| {
            store.supplier_update_return(&supplier_id, &id, to, &body.note, now)
        })
        .await?;
    match done {
        None => Err(not_found()),
        Some(Ok((ret, changed))) => {
            if changed {
                tracing::info!(
                    "return {} of {} is {}",
                    ret.number,
                    ret.supplier_id,
                    ret.status.key()
                );
            }
            Ok(Json(ReturnAnswer { ret, changed }))
        }
        Some(Err(refusal)) => {
            let status = if refusal.reason.code() == "return.status_invalid" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Err(ApiFailure::new(
                status,
                refusal.reason.code(),
                refusal.message.clone(),
            ))
        }
    }
}
