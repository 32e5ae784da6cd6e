//! Supplier invoices and credit notes arriving at `POST /inbound/documents` (cXML
//! `InvoiceDetailRequest`, Peppol BIS Billing 3.0 `Invoice` and `CreditNote`), and the original
//! of a recorded document for people who check it (`GET /invoices/{id}/original`).

use crate::auth::Authenticated;
use crate::openapi::wire;
use crate::{now_ms, ApiFailure, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use procura_invoicing::documents::{self, Format};
use procura_invoicing::invoice::{DocKind, Source};
use procura_invoicing::matching::Status;
use procura_sync::api::Role;
use serde::{Deserialize, Serialize};

/// What recording a supplier's invoice or credit note did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InboundInvoice {
    pub supplier_id: String,
    /// `{supplier}:{inv|cn}:{number}`.
    pub invoice_id: String,
    #[schema(value_type = wire::DocKind)]
    pub kind: DocKind,
    pub number: String,
    /// The order it was matched to; `None`: it names no order of this supplier (recorded, in
    /// exception).
    pub order_id: Option<String>,
    /// Its status as matched on arrival (it changes with receipts, credit notes, decisions).
    #[schema(value_type = wire::InvoiceStatus)]
    pub status: Status,
    /// The same document was received before; nothing was written.
    pub duplicate: bool,
}

/// Whether a document is an invoice or credit note, by its root: the order documents' reader
/// takes everything else. Looks only at the start of the document.
pub(crate) fn looks_like_invoice(xml: &str) -> bool {
    let head = xml.get(..xml.len().min(4096)).unwrap_or(xml);
    head.contains("InvoiceDetailRequest")
        || head.contains("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2")
        || head.contains("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2")
}

/// Parses on a blocking thread (within the document parse slots) and records the document.
pub(crate) async fn inbound(
    state: AppState,
    supplier_id: String,
    content_type: String,
    body: axum::body::Bytes,
) -> Result<Response, ApiFailure> {
    let text = String::from_utf8(body.to_vec()).map_err(|e| {
        ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the document is not UTF-8: {e}"),
        )
    })?;
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
    let (parsed, text) = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let xml = text.strip_prefix('\u{feff}').unwrap_or(&text);
        (documents::parse_invoice(xml), text)
    })
    .await
    .map_err(|e| ApiFailure::internal(e.to_string()))?;
    let parsed = parsed.map_err(|e| {
        ApiFailure::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            e.to_string(),
        )
    })?;
    let source = match parsed.format {
        Format::Cxml => Source::Cxml,
        Format::Peppol => Source::Peppol,
    };
    let now = now_ms();
    let supplier = supplier_id.clone();
    let recorded = state
        .with_store(move |store| {
            let recorded = store.record_invoice(
                &supplier,
                parsed.document,
                source,
                (&content_type, &text),
                now,
            )?;
            let Ok((invoice, duplicate)) = recorded else {
                return Ok(Err(recorded.unwrap_err()));
            };
            let status = store.invoice_status(&invoice)?;
            Ok(Ok((invoice, duplicate, status)))
        })
        .await?;
    match recorded {
        Ok((invoice, duplicate, status)) => {
            tracing::info!(
                "{} {} from {} recorded as {} ({})",
                if invoice.kind() == DocKind::Invoice {
                    "invoice"
                } else {
                    "credit note"
                },
                invoice.document.number,
                invoice.supplier_id,
                invoice.id,
                status.key()
            );
            Ok(Json(InboundInvoice {
                supplier_id: invoice.supplier_id.to_string(),
                invoice_id: invoice.id.clone(),
                kind: invoice.kind(),
                number: invoice.document.number.clone(),
                order_id: invoice.order_id.as_ref().map(|o| o.to_string()),
                status,
                duplicate,
            })
            .into_response())
        }
        Err(refusal) => {
            let status = if refusal.code == "exists" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Err(ApiFailure::new(
                status,
                if refusal.code == "exists" {
                    "duplicate"
                } else {
                    "invalid_document"
                },
                refusal.message.clone(),
            ))
        }
    }
}

/// `GET /invoices/{id}/original`: the document as the supplier sent it, for accounts payable,
/// buyers and admins.
#[utoipa::path(
    get,
    path = "/api/v1/invoices/{id}/original",
    tag = "invoices",
    operation_id = "invoice_original",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The invoice record's id, `{supplier}:{inv|cn}:{number}`")),
    responses(
        (status = 200, description = "The document as it arrived (its own XML content type)", content_type = "application/xml", body = String),
        (status = 401, description = "`unauthorized`", body = wire::ApiError),
        (status = 403, description = "`forbidden`: not accounts payable, a buyer or an admin", body = wire::ApiError),
        (status = 404, description = "`not_found`: no such document (one typed in from paper has none)", body = wire::ApiError),
    ),
)]
pub(crate) async fn original(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    if ![Role::AccountsPayable, Role::Buyer, Role::Admin]
        .into_iter()
        .any(|r| auth.user.has_role(r))
    {
        return Err(ApiFailure::forbidden(
            "only accounts payable, buyers and admins read invoice documents",
        ));
    }
    if id.len() > 256 {
        return Err(ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such invoice document",
        ));
    }
    let found = state
        .with_store(move |store| store.invoice_original(&id))
        .await?;
    let Some((content_type, body)) = found else {
        return Err(ApiFailure::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such invoice document (one typed in from paper has none)",
        ));
    };
    let content_type = if content_type.contains("xml") {
        content_type
    } else {
        "application/xml".into()
    };
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}
