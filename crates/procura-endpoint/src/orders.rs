//! Purchase orders at the supplier, over HTTP: the order intake every supplier endpoint offers
//! (`POST /suppliers/{id}/orders`, exactly once per idempotency key), the test and demo routes
//! through which the endpoint answers as the supplier's system would (`/test/orders/{id}/…`),
//! and the suppliers' own documents (`POST /inbound/documents`, cXML or Peppol BIS, read by
//! `procura_orders::order::documents`). The rules are in [`crate::order_events`] and the store.

use crate::auth::Authenticated;
use crate::openapi::wire;
use crate::store::{OrderReceipt, ReceivedOrder, RecordedEvent};
use crate::{now_ms, ApiFailure, AppState};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use procura_orders::order::documents::{DocumentError, DocumentKind, SupplierMessage};
use procura_orders::order::{
    parse_supplier_messages, LineAck, OrderEvent, PurchaseOrder, ShippedLine,
};
use procura_sync::api::Role;
use serde::Deserialize;

/// Longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 128;

/// The request's `Idempotency-Key` header: 1 to [`MAX_IDEMPOTENCY_KEY`] visible characters.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY);
        key.map(|k| Self(k.to_owned())).ok_or_else(|| {
            ApiFailure::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_required",
                format!(
                    "send the order's Idempotency-Key header (1 to {MAX_IDEMPOTENCY_KEY} \
                     characters; the order id), the same on every retry"
                ),
            )
        })
    }
}

/// `POST /suppliers/{id}/orders`: the supplier takes the order once per key. `201` the first
/// time, `200` with the stored answer (`duplicate: true`) for every repeat.
///
/// Retry freely after no answer, a timeout or a 5xx, with the same key and body; a 4xx is final
/// for that body. Roles `buyer` or `admin`.
#[utoipa::path(
    post,
    path = "/api/v1/suppliers/{id}/orders",
    tag = "orders",
    operation_id = "send_order",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The supplier's id"),
        ("Idempotency-Key" = String, Header, description = "1–128 characters, the same on every retry of one order (the Procura app sends the order's id)"),
    ),
    request_body = wire::PurchaseOrder,
    responses(
        (status = 201, description = "Received the first time", body = OrderReceipt),
        (status = 200, description = "A repeat of the key: the stored answer, `duplicate: true`", body = OrderReceipt),
        (status = 400, description = "`idempotency_key_required`", body = wire::ApiError),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`forbidden`: not a buyer or admin", body = wire::ApiError),
        (status = 404, description = "`no_supplier` or `unknown_order` (push `create_order` first)", body = wire::ApiError),
        (status = 409, description = "`duplicate_order` (held under another key) or `order_closed`", body = wire::ApiError),
        (status = 422, description = "`idempotency_key_reused`, `wrong_supplier`, `order_mismatch` or `invalid_body`", body = wire::ApiError),
    ),
)]
pub(crate) async fn receive(
    State(state): State<AppState>,
    who: Authenticated,
    IdempotencyKey(key): IdempotencyKey,
    Path(supplier_id): Path<String>,
    Json(order): Json<PurchaseOrder>,
) -> Result<(StatusCode, Json<OrderReceipt>), ApiFailure> {
    if !(who.user.has_role(Role::Buyer) || who.user.has_role(Role::Admin)) {
        return Err(ApiFailure::forbidden("only buyers send orders"));
    }
    let now = now_ms();
    let receipt = state
        .with_store(move |store| store.receive_order(&supplier_id, &key, &order, now))
        .await?;
    let status = if receipt.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(receipt)))
}

/// `GET /test/suppliers/{id}/orders` (fault injection only): what the supplier holds.
async fn received(
    State(state): State<AppState>,
    Path(supplier_id): Path<String>,
) -> Result<Json<Vec<ReceivedOrder>>, ApiFailure> {
    Ok(Json(
        state
            .with_store(move |store| store.received_orders(&supplier_id))
            .await?,
    ))
}

/// `/test/suppliers/{id}/orders`; mounted with fault injection only.
pub(crate) fn test_routes() -> Router<AppState> {
    Router::new().route("/test/suppliers/{id}/orders", get(received))
}

/// The supplier's answers, by hand: mounted with fault injection (tests) or the supplier
/// simulation (demo). No login: the caller plays the supplier's system.
pub(crate) fn supplier_routes() -> Router<AppState> {
    Router::new()
        .route("/test/orders/{id}/acknowledge", post(acknowledge))
        .route("/test/orders/{id}/ship", post(ship))
        .route("/test/orders/{id}/deliver", post(deliver))
        .route("/test/orders/{id}/confirm-change", post(confirm_change))
        .route("/test/orders/{id}/confirm-cancel", post(confirm_cancel))
}

async fn record(
    state: &AppState,
    order_id: String,
    event: OrderEvent,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    let now = now_ms();
    Ok(Json(
        state
            .with_store(move |store| store.record_supplier_event(&order_id, None, event, now))
            .await?,
    ))
}

/// `{ "lines": [LineAck…], "note": "…" }` (no lines: everything as ordered) or
/// `{ "reject": "reason" }` (the whole order).
#[derive(Deserialize)]
struct AckBody {
    #[serde(default)]
    lines: Vec<LineAck>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reject: Option<String>,
}

async fn acknowledge(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    Json(body): Json<AckBody>,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    let event = match body.reject {
        Some(_) if !body.lines.is_empty() => {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "send either lines or reject, not both",
            ))
        }
        Some(reason) => OrderEvent::Rejected { at_ms: 0, reason },
        None => OrderEvent::Acknowledged {
            at_ms: 0,
            lines: body.lines,
            note: body.note,
        },
    };
    record(&state, order_id, event).await
}

#[derive(Deserialize)]
struct ShipBody {
    shipment_id: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking: String,
    /// `YYYY-MM-DD`, read here: a text that is not a day is refused as before (409
    /// `event_refused`).
    #[serde(default)]
    expected: Option<String>,
    lines: Vec<ShippedLine>,
}

async fn ship(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    Json(body): Json<ShipBody>,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    let expected =
        match body.expected.as_deref() {
            None => None,
            Some(text) => Some(crate::order_events::day(text).map_err(|message| {
                ApiFailure::new(StatusCode::CONFLICT, "event_refused", message)
            })?),
        };
    let event = OrderEvent::Shipped {
        at_ms: 0,
        shipment_id: body.shipment_id,
        carrier: body.carrier,
        tracking: body.tracking,
        expected,
        lines: body.lines,
    };
    record(&state, order_id, event).await
}

#[derive(Deserialize)]
struct DeliverBody {
    shipment_id: String,
}

async fn deliver(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    Json(body): Json<DeliverBody>,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    let event = OrderEvent::Delivered {
        at_ms: 0,
        shipment_id: body.shipment_id,
    };
    record(&state, order_id, event).await
}

#[derive(Deserialize)]
struct ConfirmChangeBody {
    request_id: String,
}

async fn confirm_change(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    Json(body): Json<ConfirmChangeBody>,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    let event = OrderEvent::ChangeConfirmed {
        at_ms: 0,
        request_id: body.request_id,
    };
    record(&state, order_id, event).await
}

/// No body.
async fn confirm_cancel(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
) -> Result<Json<RecordedEvent>, ApiFailure> {
    record(&state, order_id, OrderEvent::Cancelled { at_ms: 0 }).await
}

/// The supplier whose key the request's `X-Supplier-Key` header carries: how a supplier's
/// system authenticates the documents it sends (it has no user session).
pub struct SupplierKey(pub String);

impl FromRequestParts<AppState> for SupplierKey {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get("x-supplier-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                ApiFailure::unauthorized("send the supplier's document key as X-Supplier-Key")
            })?;
        let hash = crate::auth::token_hash(key);
        state
            .with_store(move |store| store.supplier_by_inbound_key(&hash))
            .await?
            .map(Self)
            .ok_or_else(|| ApiFailure::unauthorized("unknown supplier key"))
    }
}

/// What an inbound document did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct InboundAnswer {
    pub supplier_id: String,
    #[schema(value_type = wire::DocumentKind)]
    pub kind: DocumentKind,
    /// The document's own id (cXML `payloadID`, UBL `cbc:ID`).
    pub document_id: String,
    /// One per order the document is about.
    pub messages: Vec<InboundMessage>,
}

/// What one message of a document did to its order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct InboundMessage {
    /// The order it was recorded on (as the document names it, when nothing was recorded).
    pub order_id: Option<String>,
    pub order_number: Option<String>,
    /// The event appended; `None` when the document changes nothing on the order (a status
    /// update): read `note`.
    #[schema(value_type = Option<wire::OrderEvent>)]
    pub event: Option<OrderEvent>,
    /// The order held this event already (the document was received before).
    pub duplicate: bool,
    pub note: String,
}

/// `POST /inbound/documents`: a supplier's cXML or Peppol BIS answer (order confirmation or
/// response, ship notice or despatch advice, status update), recorded on the orders it names,
/// all or nothing.
/// Parses an inbound document on a blocking thread, at most [`DOCUMENT_PARSES`] at once, so a
/// large document never holds up the async workers (and `/health`). A document that finds every
/// slot taken waits up to [`DOCUMENT_PARSE_WAIT`] (legitimate bursts parse in milliseconds and
/// are served), then gets 503 `busy` with `Retry-After` instead of queueing without bound.
///
/// [`DOCUMENT_PARSES`]: crate::DOCUMENT_PARSES
/// [`DOCUMENT_PARSE_WAIT`]: crate::DOCUMENT_PARSE_WAIT
async fn parse_off_runtime(
    state: &AppState,
    body: axum::body::Bytes,
) -> Result<Result<Vec<SupplierMessage>, DocumentError>, ApiFailure> {
    let permits = std::sync::Arc::clone(&state.document_parses);
    let permit = tokio::time::timeout(crate::DOCUMENT_PARSE_WAIT, permits.acquire_owned())
        .await
        .map_err(|_| {
            ApiFailure::busy_for(
                "the hub is reading other documents; send this one again shortly",
                2,
            )
        })?
        .map_err(|e| ApiFailure::internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let xml = std::str::from_utf8(&body).unwrap_or_default();
        parse_supplier_messages(xml.strip_prefix('\u{feff}').unwrap_or(xml))
    })
    .await
    .map_err(|e| ApiFailure::internal(e.to_string()))
}

/// A supplier's own document about its orders (cXML or Peppol BIS 3): order confirmations and
/// responses, ship notices and despatch advices, status updates, invoices and credit notes.
///
/// Recorded on the orders it names, all or nothing; the same document again records nothing
/// (`duplicate: true`). At most 10 MiB, no DTD-internal subsets, bounded nesting.
#[utoipa::path(
    post,
    path = "/api/v1/inbound/documents",
    tag = "supplier",
    security(("supplier_key" = [])),
    request_body(content = String, content_type = "application/xml", description = "The cXML or UBL document, UTF-8 (`application/xml`, `text/xml` or any `…+xml`)"),
    responses(
        (status = 200, description = "What the document did: an order document's messages, or the invoice recorded", body = wire::InboundResult),
        (status = 400, description = "`bad_request`: not UTF-8", body = wire::ApiError),
        (status = 401, description = "`unauthorized`: no or an unknown key", body = wire::ApiError),
        (status = 404, description = "`unknown_order`: no order of this supplier by that id or number", body = wire::ApiError),
        (status = 409, description = "`event_refused` (the order's state does not allow it) or `duplicate` (another invoice with that number)", body = wire::ApiError),
        (status = 413, description = "`too_large`", body = wire::ApiError),
        (status = 415, description = "`unsupported_media_type`", body = wire::ApiError),
        (status = 422, description = "`invalid_document`, naming the line or element", body = wire::ApiError),
        (status = 503, description = "`busy`: send it again after `Retry-After` seconds", body = wire::ApiError),
    ),
)]
pub(crate) async fn inbound_document(
    State(state): State<AppState>,
    SupplierKey(supplier_id): SupplierKey,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, ApiFailure> {
    use axum::response::IntoResponse;
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !(content_type == "application/xml"
        || content_type == "text/xml"
        || content_type.ends_with("+xml"))
    {
        return Err(ApiFailure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the document as Content-Type: application/xml",
        ));
    }
    if let Err(e) = std::str::from_utf8(&body) {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the document is not UTF-8: {e}"),
        ));
    }
    if crate::invoices::looks_like_invoice(std::str::from_utf8(&body).unwrap_or_default()) {
        return crate::invoices::inbound(state, supplier_id, content_type, body).await;
    }
    let messages = parse_off_runtime(&state, body).await?.map_err(|e| {
        ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            e.to_string(),
        )
    })?;
    let Some(first) = messages.first() else {
        return Err(ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            "the document is about no order",
        ));
    };
    let (kind, document_id) = (first.kind, first.document_id.clone());
    let events = messages
        .iter()
        .map(|m| (m.order_ref.clone(), m.event.clone()))
        .collect();
    let now = now_ms();
    let supplier = supplier_id.clone();
    let recorded = state
        .with_store(move |store| store.record_supplier_messages(&supplier, events, now))
        .await?;
    let messages: Vec<InboundMessage> = messages
        .into_iter()
        .zip(recorded)
        .map(|(m, recorded)| match recorded {
            Some(r) => InboundMessage {
                order_id: Some(r.order_id),
                order_number: Some(r.order_number),
                event: Some(r.event),
                duplicate: r.duplicate,
                note: m.note,
            },
            None => InboundMessage {
                order_id: m.order_ref.order_id,
                order_number: m.order_ref.order_number,
                event: None,
                duplicate: false,
                note: m.note,
            },
        })
        .collect();
    for m in messages.iter().filter(|m| m.event.is_none()) {
        tracing::info!(
            "document {document_id} from {supplier_id} records nothing: {}",
            m.note
        );
    }
    Ok(Json(InboundAnswer {
        supplier_id,
        kind,
        document_id,
        messages,
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[tokio::test]
    async fn a_document_that_finds_every_parse_slot_taken_gets_busy_with_retry_after() {
        let state = AppState::new(crate::store::Store::open_in_memory().unwrap());
        let slots = std::sync::Arc::clone(&state.document_parses);
        let held = slots
            .acquire_many(crate::DOCUMENT_PARSES as u32)
            .await
            .unwrap();
        let body = axum::body::Bytes::from_static(b"<cXML/>");
        let refused = parse_off_runtime(&state, body.clone()).await.unwrap_err();
        let response = refused.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()["retry-after"], "2");
        // A slot freed within the wait is taken.
        drop(held);
        let read = parse_off_runtime(&state, body).await.unwrap();
        assert!(read.is_err(), "<cXML/> is not a supplier message");
    }
}
