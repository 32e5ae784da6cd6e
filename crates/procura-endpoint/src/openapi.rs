//! The HTTP API as an OpenAPI 3.1 document, served at `GET /api/v1/openapi.json`.
//!
//! It is generated from the code: every route handler carries a `#[utoipa::path]` annotation
//! (method, path, parameters, authentication, status codes), and [`ApiDoc`] lists the handlers.
//! A test (`tests/openapi.rs`) checks the document against the routes [`crate::routes`] mounts,
//! both ways, so a route added without its annotation fails the build's tests.
//!
//! The bodies are the domain crates' types (`procura_sync::api` and others), which stay free
//! of any OpenAPI dependency; [`wire`] describes them here, field for field, and the same test
//! compares each description with what the real type serialises to. The prose (rules, examples,
//! what a client does on each error) stays in `docs/api.md`.
//!
//! Left out: the routes below `/api/v1/test/` (fault injection and the supplier simulation),
//! which exist only when the hub runs with `--fault-injection` or `--supplier-simulation`, never
//! on a hub anyone integrates with.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Where the document is served, below [`procura_sync::api::API_PREFIX`].
pub const OPENAPI_PATH: &str = "/openapi.json";

/// How long a client or proxy may keep the document: it changes only with a new hub release.
pub const CACHE_CONTROL: &str = "public, max-age=3600";

/// The security scheme names the handlers' `security(...)` refer to.
pub const BEARER: &str = "bearer";
pub const SUPPLIER_KEY: &str = "supplier_key";
pub const EVENT_TICKET: &str = "event_ticket";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Procura HTTP API",
        description = "The contract between the Procura app and a supplier or hub endpoint, \
            version 1: every route lives below `/api/v1`. Bodies are JSON (UTF-8); money and \
            quantities are decimal strings (`\"3.46\"`), never JSON numbers. Every failure \
            answers an `ApiError` body whose `code` clients branch on. The rules, examples and \
            what a client does on each error are in docs/api.md."
    ),
    paths(
        crate::health,
        serve,
        crate::login,
        crate::logout,
        crate::account::logout_all,
        crate::me,
        crate::account::change_password,
        crate::account::reset_password,
        crate::suppliers,
        crate::catalog_page,
        crate::marketplaces,
        crate::marketplace_page,
        crate::churn,
        crate::sync_push,
        crate::sync_pull,
        crate::events::ticket,
        crate::events::stream,
        crate::orders::receive,
        crate::orders::inbound_document,
        crate::invoices::original,
        crate::returns::list,
        crate::returns::update,
    ),
    components(schemas(wire::Decimal, wire::ApiError)),
    modifiers(&SecuritySchemes, &CommonFailures),
    tags(
        (name = "health", description = "Liveness"),
        (name = "sessions", description = "Login, logout and passwords"),
        (name = "catalogs", description = "Suppliers, marketplaces and their catalog change feeds"),
        (name = "sync", description = "The organisation's sync hub: push, pull, change notices"),
        (name = "orders", description = "Purchase orders at the supplier"),
        (name = "supplier", description = "A supplier's own system (`X-Supplier-Key`)"),
        (name = "invoices", description = "Supplier invoices and credit notes"),
        (name = "admin", description = "Administration (role `admin`)"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The three ways a request proves who sends it (see `auth.rs` and `orders.rs`): a user's
/// session token, a supplier's document key, and the one-use ticket of the change notices.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The session token from `POST /api/v1/login` (256 random bits, hex): \
                 `Authorization: Bearer …`. Missing, unknown, expired or logged out: 401 \
                 `unauthorized`; a user who must change their password first gets 403 \
                 `password_change_required` on every route but `/me`, `/me/password`, \
                 `/logout` and `/logout-all`.",
            ))
            .build();
        components.add_security_scheme(BEARER, SecurityScheme::Http(bearer));
        components.add_security_scheme(
            SUPPLIER_KEY,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Supplier-Key",
                "A supplier system's document key: 64 hex digits made by `procura-endpoint \
                 admin --db FILE rotate-supplier-key SUPPLIER` (the demo's: \
                 `demo-{supplier id}-key`). Unknown or missing: 401 `unauthorized`.",
            ))),
        );
        components.add_security_scheme(
            EVENT_TICKET,
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "ticket",
                "A one-use ticket from `POST /api/v1/sync/events/ticket`, redeemed within \
                 60 s (a browser's EventSource cannot send a bearer token).",
            ))),
        );
    }
}

/// The failures that come from the layers rather than the handler, added to every operation
/// here instead of to each annotation (one an annotation states itself is kept):
///
/// - any route may fail inside (its storage, a bug caught by the panic layer): 500 `internal`,
///   whose message names the request id for the logs;
/// - a JSON body is refused before the handler sees it when it is not JSON (415
///   `unsupported_media_type`), lacks a field or has one of the wrong type (422 `invalid_body`),
///   or is over the route's limit (413 `too_large`; see `errors_as_json` in `lib.rs`).
struct CommonFailures;

/// A response with an [`wire::ApiError`] body.
fn failure(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for CommonFailures {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let internal =
            "`internal`: the endpoint failed (the message names the request id); retry later";
        let json_body = [
            (
                "413",
                "`too_large`: the body is over the route's limit (2 MB unless stated)",
            ),
            (
                "415",
                "`unsupported_media_type`: send `Content-Type: application/json`",
            ),
            (
                "422",
                "`invalid_body`: a field is missing or of the wrong type",
            ),
        ];
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let takes_json = operation
                    .request_body
                    .as_ref()
                    .is_some_and(|body| body.content.contains_key("application/json"));
                let answers = &mut operation.responses.responses;
                if takes_json {
                    for (status, description) in json_body {
                        answers
                            .entry(status.to_owned())
                            .or_insert_with(|| failure(description));
                    }
                }
                answers
                    .entry("500".to_owned())
                    .or_insert_with(|| failure(internal));
            }
        }
    }
}

/// The document, with every path below [`procura_sync::api::API_PREFIX`].
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as JSON, made once.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_json()
            .expect("the OpenAPI document serialises")
    })
}

/// This document (OpenAPI 3.1, JSON). No authentication; clients and proxies may cache it
/// for an hour.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)),
)]
pub(crate) async fn serve() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            ),
        ],
        json(),
    )
        .into_response()
}

/// The request and response bodies as they travel, described for the document.
///
/// Each mirrors a type of a domain crate (named in its doc comment) that the domain crate keeps
/// free of OpenAPI; `tests/openapi.rs` compares the fields of each with what the real type
/// serialises to. Bodies too large to mirror usefully here (a purchase order, a record, a
/// mutation's operation) are objects whose description points to their type and to
/// `docs/api.md`.
pub mod wire {
    #![allow(dead_code)]
    use serde::Serialize;
    use utoipa::ToSchema;

    /// A decimal number as text (`"3.46"`, `"-10"`, `"0.125"`): money and quantities are
    /// never JSON numbers, so no client rounds them through a binary float. At most 6 decimal
    /// places for quantities and unit prices.
    #[derive(Serialize, ToSchema)]
    #[schema(value_type = String, format = "decimal", example = "3.46")]
    pub struct Decimal(String);

    /// Every failure's body (`procura_sync::api::ApiError`).
    #[derive(Serialize, ToSchema)]
    #[schema(example = json!({"code": "cursor_reset", "message": "cursor belongs to an earlier state of this endpoint; pull again from the start"}))]
    pub struct ApiError {
        /// Stable and machine-readable: clients branch on it (`unauthorized`, `forbidden`,
        /// `not_found`, `bad_cursor`, `cursor_reset`, `invalid_body`, `too_large`, `busy`, …;
        /// the full list is in docs/api.md, "Errors").
        pub code: String,
        /// English text for people and logs; clients do not parse it.
        pub message: String,
    }

    /// A text in English and Simplified Chinese (`procura_ground::text::LocalizedText`);
    /// either may be empty.
    #[derive(Serialize, ToSchema)]
    pub struct LocalizedText {
        pub en: String,
        pub zh: String,
    }

    /// A user's role (`procura_ground::role::Role`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        Buyer,
        Approver,
        Admin,
        AccountsPayable,
    }

    /// Who a session belongs to (`procura_sync::api::User`).
    #[derive(Serialize, ToSchema)]
    pub struct User {
        pub id: String,
        pub username: String,
        pub display_name: String,
        pub roles: Vec<Role>,
        /// Until the user chooses a new password, every route but `/me`, `/me/password`,
        /// `/logout` and `/logout-all` answers 403 `password_change_required`. Absent from
        /// older hubs' answers: read it as false.
        #[serde(default)]
        pub must_change_password: bool,
    }

    /// `POST /login` (`procura_sync::api::LoginRequest`).
    #[derive(Serialize, ToSchema)]
    #[schema(example = json!({"username": "buyer", "password": "procura"}))]
    pub struct LoginRequest {
        pub username: String,
        pub password: String,
    }

    /// A successful login (`procura_sync::api::LoginResponse`).
    #[derive(Serialize, ToSchema)]
    pub struct LoginResponse {
        /// Send it as `Authorization: Bearer …`; shown only once.
        pub token: String,
        pub user: User,
    }

    /// `POST /me/password` (`procura_sync::api::ChangePasswordRequest`).
    #[derive(Serialize, ToSchema)]
    pub struct ChangePasswordRequest {
        pub current_password: String,
        /// At least 10 characters, at most 256 bytes, not the user name, not the current one.
        pub new_password: String,
    }

    /// `POST /admin/users/{username}/password` (`procura_sync::api::SetPasswordRequest`).
    #[derive(Serialize, ToSchema)]
    pub struct SetPasswordRequest {
        pub new_password: String,
    }

    /// Who publishes a catalog (`procura_sync::api::ContentManager`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum ContentManager {
        Supplier,
        Buyer,
        Marketplace,
    }

    /// A supplier (`procura_sync::api::Supplier`).
    #[derive(Serialize, ToSchema)]
    pub struct Supplier {
        /// Stable, used in URLs and item ids.
        pub id: String,
        pub name: LocalizedText,
        /// ISO 4217 code the supplier prices in.
        pub currency: String,
        /// Live (not withdrawn) items in its catalog.
        pub item_count: u64,
        /// Absent means `supplier`.
        #[serde(default)]
        pub managed_by: ContentManager,
    }

    /// A marketplace publishing several sellers' catalogs in one feed
    /// (`procura_sync::api::Marketplace`).
    #[derive(Serialize, ToSchema)]
    pub struct Marketplace {
        pub id: String,
        pub name: LocalizedText,
        /// The suppliers whose items its feed carries, sorted.
        pub seller_ids: Vec<String>,
    }

    /// From `min_qty` order units on, each costs `unit_price`
    /// (`procura_catalog::catalog::PriceTier`).
    #[derive(Serialize, ToSchema)]
    pub struct PriceTier {
        pub min_qty: Decimal,
        /// In the item's `currency`.
        pub unit_price: Decimal,
    }

    /// A product attribute as the supplier states it (`procura_catalog::catalog::Attribute`).
    #[derive(Serialize, ToSchema)]
    pub struct Attribute {
        pub name: LocalizedText,
        pub values: Vec<String>,
        #[serde(default)]
        pub values_zh: Vec<String>,
        /// A UN/ECE Rec 20 code, else the unit as written.
        pub unit: Option<String>,
        pub order: Option<u32>,
        /// Its place in a feature system (ETIM, eCl@ss, the supplier's own).
        #[schema(value_type = Option<Object>)]
        pub reference: Option<()>,
    }

    /// One supplier's offer of one product (`procura_catalog::catalog::CatalogItem`).
    #[derive(Serialize, ToSchema)]
    pub struct CatalogItem {
        /// `{supplier_id}/{sku}`.
        pub id: String,
        pub supplier_id: String,
        pub sku: String,
        /// GTIN (EAN/UPC) with a valid check digit; null when the supplier has none.
        #[schema(required = true)]
        pub gtin: Option<String>,
        pub manufacturer: String,
        pub mpn: String,
        pub name: LocalizedText,
        pub description: LocalizedText,
        /// 8 digits; empty when unknown.
        pub unspsc: String,
        pub eclass: Option<String>,
        /// UN/ECE Recommendation 20 code of the unit sold (`BX`, `PK`, `RM`, `H87`, …).
        pub order_unit: String,
        /// UN/ECE Recommendation 20 code of what one order unit contains.
        pub content_unit: String,
        pub content_per_order_unit: Decimal,
        /// ISO 4217 code of every price in the item.
        pub currency: String,
        /// Ascending by `min_qty`; the first tier's `min_qty` is the minimum order quantity.
        /// Empty: the price is quoted on request.
        pub price_tiers: Vec<PriceTier>,
        pub lead_time_days: u32,
        /// Order units in stock; null: the supplier does not say.
        #[schema(required = true)]
        pub stock: Option<u32>,
        #[serde(default)]
        pub attributes: Vec<Attribute>,
        /// Ids of the supplier's own category groups the item is filed under.
        #[serde(default)]
        pub groups: Vec<String>,
    }

    /// One change of a catalog feed (`procura_sync::api::CatalogChange`): `upsert` carries
    /// the whole item, `delete` the id of a withdrawn one.
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[serde(tag = "op")]
    pub enum CatalogChange {
        Upsert { item: Box<CatalogItem> },
        Delete { id: String },
    }

    /// A page of a catalog feed, oldest change first (`procura_sync::api::CatalogPage`). A
    /// supplier's page names `supplier_id`, a marketplace's `marketplace_id`.
    #[derive(Serialize, ToSchema)]
    pub struct CatalogPage {
        #[serde(default)]
        pub supplier_id: String,
        #[serde(default)]
        pub marketplace_id: String,
        pub changes: Vec<CatalogChange>,
        /// Opaque: store it with the page's changes and send it back.
        pub next_cursor: String,
        pub has_more: bool,
        /// Changes waiting after this page.
        pub remaining: u64,
    }

    /// One queued change of a device (`procura_sync::api::sync::Mutation`).
    #[derive(Serialize, ToSchema)]
    pub struct Mutation {
        /// The device's counter: from 1, strictly increasing, never reused.
        pub id: u64,
        /// When the user made the change, device clock; informational.
        pub created_at_ms: i64,
        /// The operation, told apart by `type`: `save_evaluation`, `delete_evaluation`,
        /// `submit_requisition`, `decide_requisition`, `withdraw_requisition`, `save_policy`,
        /// `save_delegation`, `delete_delegation`, `create_order`, `receive_goods`,
        /// `request_order_change`, `request_order_cancel`, `save_selection`,
        /// `save_assessment`, `save_stock`, `issue_goods`, `enter_invoice`, `decide_invoice`,
        /// `open_return`, `cancel_return`, `save_contract`, `end_contract`
        /// (`procura_sync::api::sync::Op`; each one's fields are in docs/api.md).
        #[schema(value_type = Object)]
        pub op: (),
    }

    /// `POST /sync/push` (`procura_sync::api::sync::PushRequest`).
    #[derive(Serialize, ToSchema)]
    pub struct PushRequest {
        /// The device's random identity, 1–128 bytes, bound to the first user who pushes
        /// with it.
        pub client_id: String,
        /// At most 500, ids strictly increasing.
        pub mutations: Vec<Mutation>,
    }

    /// What became of one mutation (`procura_sync::api::sync::OutcomeResult`). A refusal is
    /// final.
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[serde(tag = "status")]
    pub enum OutcomeResult {
        Applied,
        Refused {
            /// The coarse code (`invalid`, `stale`, `forbidden_role`, …).
            code: String,
            /// English, for logs and API clients.
            message: String,
            /// The typed reason, `{"code": "order.line_shipped", "args": {…}}`
            /// (`procura_ground::reason::Reason`); absent from older hubs. A client accepts
            /// a code it does not know.
            #[schema(value_type = Option<Object>)]
            reason: Option<()>,
        },
    }

    #[derive(Serialize, ToSchema)]
    pub struct Outcome {
        pub id: u64,
        pub result: OutcomeResult,
    }

    /// The hub's answer to a push (`procura_sync::api::sync::PushResponse`).
    #[derive(Serialize, ToSchema)]
    pub struct PushResponse {
        /// The hub database's identity; a change means the hub lost its state.
        pub epoch: String,
        /// Every mutation of this client up to this id is processed (applied or refused).
        pub last_applied: u64,
        /// One per mutation of the request, in its order.
        pub outcomes: Vec<Outcome>,
    }

    /// A record's identity (`procura_sync::api::sync::RecordKey`).
    #[derive(Serialize, ToSchema)]
    pub struct RecordKey {
        /// `evaluation`, `requisition`, `policy`, `delegation`, `order`, `selection`,
        /// `assessment`, `stock`, `goods_issue`, `invoice`, `return`, `contract`.
        pub kind: String,
        pub id: String,
    }

    /// One change of the hub's record feed (`procura_sync::api::sync::RecordChange`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    #[serde(tag = "op")]
    pub enum RecordChange {
        Upsert {
            /// The whole record as the hub holds it, told apart by `kind` (as in a
            /// `RecordKey`; `procura_sync::api::sync::Record`).
            #[schema(value_type = Object)]
            record: (),
        },
        Delete {
            key: RecordKey,
        },
    }

    /// A page of the hub's record feed (`procura_sync::api::sync::PullResponse`).
    #[derive(Serialize, ToSchema)]
    pub struct PullResponse {
        pub epoch: String,
        pub changes: Vec<RecordChange>,
        /// Opaque; names the hub's epoch.
        pub next_cursor: String,
        pub has_more: bool,
        pub remaining: u64,
    }

    /// A ticket for the change notices (`procura_sync::api::sync::EventTicket`).
    #[derive(Serialize, ToSchema)]
    pub struct EventTicket {
        pub ticket: String,
        /// Seconds it may still be redeemed.
        pub expires_in: u32,
    }

    /// A purchase order as the device created it (`procura_orders::order::PurchaseOrder`:
    /// `id`, `number`, `buyer`, `buyer_name`, `supplier_id`, `supplier_name`, `currency`,
    /// `ship_to`, `requisitions`, `lines[]`, `terms`, `created_at_ms`, `events`); the example
    /// in docs/api.md, "Purchase orders".
    #[derive(Serialize, ToSchema)]
    #[schema(value_type = Object)]
    pub struct PurchaseOrder(());

    /// A supplier's event on an order, told apart by `type` (`sent`, `acknowledged`,
    /// `rejected`, `shipped`, `delivered`, `change_confirmed`, `cancelled`, …;
    /// `procura_orders::order::OrderEvent`).
    #[derive(Serialize, ToSchema)]
    #[schema(value_type = Object)]
    pub struct OrderEvent(());

    /// A return or claim (`procura_invoicing::returns::Return`; docs/api.md, "Returns and
    /// claims").
    #[derive(Serialize, ToSchema)]
    #[schema(value_type = Object)]
    pub struct Return(());

    /// Which kind of document a supplier message came in
    /// (`procura_orders::order::documents::DocumentKind`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum DocumentKind {
        CxmlConfirmation,
        CxmlShipNotice,
        CxmlStatusUpdate,
        PeppolOrderResponse,
        PeppolDespatchAdvice,
    }

    /// Invoice or credit note (`procura_invoicing::invoice::DocKind`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum DocKind {
        Invoice,
        CreditNote,
    }

    /// Where an invoice stands after matching (`procura_invoicing::matching::Status`).
    #[derive(Serialize, ToSchema)]
    #[serde(rename_all = "snake_case")]
    pub enum InvoiceStatus {
        Matched,
        Exception,
        CreditRequested,
        Accepted,
        Rejected,
    }

    /// What `POST /inbound/documents` did: an order document's answer, or an invoice's.
    #[derive(Serialize, ToSchema)]
    #[serde(untagged)]
    pub enum InboundResult {
        Order(crate::orders::InboundAnswer),
        Invoice(crate::invoices::InboundInvoice),
    }
}
