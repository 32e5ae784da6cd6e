//! The wire boundary between the app and the endpoint: every request and response body both sides
//! exchange. Both sides compile these same types, so they cannot drift apart.
//!
//! The HTTP routes themselves are documented in `docs/api.md`.

use crate::catalog::{CatalogItem, LocalizedText};
use serde::{Deserialize, Serialize};

/// Every route lives below this prefix; a breaking change gets a new one.
pub const API_PREFIX: &str = "/api/v1";

/// Largest catalog page the endpoint serves; larger requests are clamped.
pub const MAX_PAGE_SIZE: u32 = 2_000;
pub const DEFAULT_PAGE_SIZE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Approver,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// A successful login: the bearer token for `Authorization: Bearer …` and who it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub user: User,
}

/// Body of every non-2xx response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Stable, machine-readable (`unauthorized`, `bad_cursor`, …).
    pub code: String,
    /// For people; English.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: String,
    pub name: LocalizedText,
    /// ISO 4217 code the supplier prices in.
    pub currency: String,
    /// Live (not deleted) items in its catalog.
    pub item_count: u64,
    /// Who maintains the catalog content. Older clients and endpoints omit it: the supplier.
    #[serde(default)]
    pub managed_by: ContentManager,
}

/// Who maintains a catalog's content: the three ways content reaches the virtual catalog.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentManager {
    /// The supplier publishes it on its endpoint feed.
    #[default]
    Supplier,
    /// A buyer imported it from a file; it lives on the device.
    Buyer,
    /// A third-party marketplace publishes it, on the supplier's behalf, on its feed.
    Marketplace,
}

/// Where a client stands in one supplier's change feed. Opaque to clients: they store the
/// `next_cursor` they were given and send it back. The empty cursor means "from the beginning".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(pub String);

impl Cursor {
    pub fn start() -> Self {
        Self::default()
    }

    pub fn is_start(&self) -> bool {
        self.0.is_empty()
    }
}

/// One change in a supplier's catalog feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CatalogChange {
    /// The item is new or changed: replace whatever the client holds under its id.
    Upsert { item: Box<CatalogItem> },
    /// The supplier withdrew the item.
    Delete { id: String },
}

/// A page of a supplier's catalog feed: the changes after the cursor that was sent, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    pub supplier_id: String,
    pub changes: Vec<CatalogChange>,
    /// Send this to get the next page; store it once the changes are committed.
    pub next_cursor: Cursor,
    pub has_more: bool,
    /// Changes still waiting after this page (for progress bars).
    pub remaining: u64,
}
