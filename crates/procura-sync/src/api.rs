//! The wire boundary between the app and the endpoint: every request and response body both sides
//! exchange. Both sides compile these same types, so they cannot drift apart.
//!
//! The HTTP routes themselves are documented in `docs/api.md`.

use procura_catalog::catalog::{CatalogItem, LocalizedText};
use procura_ground::id::{SupplierId, UserId};
use serde::{Deserialize, Serialize};

pub mod sync;

/// Every route lives below this prefix; a breaking change gets a new one.
pub const API_PREFIX: &str = "/api/v1";

/// Largest catalog page the endpoint serves; larger requests are clamped.
pub const MAX_PAGE_SIZE: u32 = 2_000;
pub const DEFAULT_PAGE_SIZE: u32 = 500;

pub use procura_ground::role::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// The hub asks this user to choose a new password (an admin set it, or it was generated):
    /// until they do, every route but `POST /me/password`, `/me`, `/logout` and `/logout-all`
    /// answers 403 `password_change_required`. Absent from older hubs' answers.
    #[serde(default)]
    pub must_change_password: bool,
}

impl User {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

impl From<&User> for procura_procurement::approval::Actor {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            name: u.display_name.clone(),
            roles: u.roles.clone(),
        }
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

/// `POST /me/password`: a logged-in user chooses a new password. The hub checks it (at least
/// 10 characters, at most 256 bytes, not the user name) and ends the user's other sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /admin/users/{username}/password`: an admin sets someone's password, which that user
/// must then change; their sessions end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPasswordRequest {
    pub new_password: String,
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
    pub id: SupplierId,
    pub name: LocalizedText,
    /// ISO 4217 code the supplier prices in.
    pub currency: String,
    /// Live (not deleted) items in its catalog.
    pub item_count: u64,
    /// Who maintains the catalog content. Older clients and endpoints omit it: the supplier.
    #[serde(default)]
    pub managed_by: ContentManager,
}

/// A third-party marketplace: one feed carrying the items of several sellers, each of which is
/// also listed in `/suppliers` (with `managed_by: marketplace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marketplace {
    pub id: String,
    pub name: LocalizedText,
    /// The suppliers whose items its feed carries, sorted. Only these may appear in it.
    pub seller_ids: Vec<String>,
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

/// Which change feed a page or cursor belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedId {
    /// `/suppliers/{id}/catalog`: one supplier's own items.
    Supplier(String),
    /// `/marketplaces/{id}/catalog`: the items of all the marketplace's sellers.
    Marketplace(String),
}

impl FeedId {
    /// The key a client stores this feed's cursor under. Marketplace keys carry a `market:`
    /// prefix so they cannot clash with a supplier id (supplier ids never contain `:`).
    pub fn storage_key(&self) -> String {
        match self {
            FeedId::Supplier(id) => id.clone(),
            FeedId::Marketplace(id) => format!("market:{id}"),
        }
    }
}

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedId::Supplier(id) => write!(f, "supplier {id}"),
            FeedId::Marketplace(id) => write!(f, "marketplace {id}"),
        }
    }
}

impl CatalogPage {
    /// The feed this page says it belongs to.
    pub fn feed(&self) -> FeedId {
        match &self.marketplace_id {
            Some(id) => FeedId::Marketplace(id.clone()),
            None => FeedId::Supplier(self.supplier_id.clone()),
        }
    }
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

/// A page of a catalog feed: the changes after the cursor that was sent, oldest first.
///
/// A supplier's feed names the supplier in `supplier_id`; a marketplace's feed names the
/// marketplace in `marketplace_id` and leaves `supplier_id` out (its items belong to several
/// sellers). Supplier pages serialise exactly as before marketplaces existed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub supplier_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketplace_id: Option<String>,
    pub changes: Vec<CatalogChange>,
    /// Send this to get the next page; store it once the changes are committed.
    pub next_cursor: Cursor,
    pub has_more: bool,
    /// Changes still waiting after this page (for progress bars).
    pub remaining: u64,
}
