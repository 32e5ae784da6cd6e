//! Talking to the endpoint over HTTP. The endpoint serves the app too, so it is the page's origin.

use procura_orders::order::PurchaseOrder;
use procura_sync::api::sync::EventTicket;
use procura_sync::api::{
    ApiError, CatalogPage, Cursor, FeedId, LoginRequest, LoginResponse, Marketplace, Supplier,
    API_PREFIX,
};
use procura_sync::sync::{PullResponse, PushRequest, PushResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// No answer at all: offline, or the endpoint is down.
    #[error("the endpoint cannot be reached")]
    Unreachable,
    /// The endpoint answered with an error.
    #[error("{}", .error.message)]
    Refused { status: u16, error: ApiError },
    #[error("the endpoint's answer could not be read: {0}")]
    BadAnswer(String),
}

impl EndpointError {
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, EndpointError::Refused { status: 401, .. })
    }

    /// The HTTP status, when the endpoint answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            EndpointError::Refused { status, .. } => Some(*status),
            // An answer that cannot be read is treated like a server fault: retried.
            EndpointError::BadAnswer(_) => Some(502),
            EndpointError::Unreachable => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            EndpointError::Refused { error, .. } => Some(&error.code),
            _ => None,
        }
    }
}

/// The supplier endpoint's answer to an order: stored (now, or already by an earlier attempt
/// with the same idempotency key: `duplicate`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderAccepted {
    pub order_id: String,
    #[serde(default)]
    pub supplier_order_ref: String,
    #[serde(default)]
    pub received_at_ms: i64,
    #[serde(default)]
    pub duplicate: bool,
}

/// Why an order was not (known to be) stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderSendError {
    /// No answer within the time allowed; the request was aborted.
    #[error("no answer within {0} s")]
    TimedOut(u64),
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
}

/// Why a log in did not succeed, as the login screen tells it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginFailure {
    /// 401: unknown user or wrong password (the hub does not say which).
    #[error("unknown user or wrong password")]
    WrongCredentials,
    /// 429: too many failed attempts; the hub's `Retry-After`, when it gave one in seconds.
    #[error("too many attempts")]
    TooManyAttempts { retry_after_s: Option<u64> },
    /// 503: the hub is busy.
    #[error("the endpoint is busy")]
    Busy,
    #[error(transparent)]
    Other(#[from] EndpointError),
}

/// A client for one endpoint, optionally logged in.
#[derive(Clone)]
pub struct Endpoint {
    base: String,
    token: Option<String>,
    http: reqwest::Client,
}

impl Endpoint {
    /// The endpoint that served this page.
    pub fn same_origin(token: Option<String>) -> Self {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        Self {
            base: format!("{origin}{API_PREFIX}"),
            token,
            http: reqwest::Client::new(),
        }
    }

    pub async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<LoginResponse, LoginFailure> {
        let body = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        let response = self
            .http
            .post(format!("{}/login", self.base))
            .json(&body)
            .send()
            .await
            .map_err(|_| EndpointError::Unreachable)?;
        // Only a number of seconds is understood; an HTTP date (which the hub does not send)
        // leaves the wait unsaid.
        let retry_after_s = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        match Self::answer(response).await {
            Ok(session) => Ok(session),
            Err(EndpointError::Refused { status: 401, .. }) => Err(LoginFailure::WrongCredentials),
            Err(EndpointError::Refused { status: 429, .. }) => {
                Err(LoginFailure::TooManyAttempts { retry_after_s })
            }
            Err(EndpointError::Refused { status: 503, .. }) => Err(LoginFailure::Busy),
            Err(e) => Err(e.into()),
        }
    }

    /// Ends this client's session at the hub (`POST /logout`).
    pub async fn logout(&self) -> Result<(), EndpointError> {
        let url = format!("{}/logout", self.base);
        self.send_empty(self.authed(self.http.post(url))).await
    }

    /// Ends every session of this client's user (`POST /logout-all`), this one included.
    pub async fn logout_all(&self) -> Result<(), EndpointError> {
        let url = format!("{}/logout-all", self.base);
        self.send_empty(self.authed(self.http.post(url))).await
    }

    /// Changes the user's password (`POST /me/password`); the hub ends their other sessions.
    pub async fn change_password(
        &self,
        current_password: &str,
        new_password: &str,
    ) -> Result<(), EndpointError> {
        let url = format!("{}/me/password", self.base);
        let body = serde_json::json!({
            "current_password": current_password,
            "new_password": new_password,
        });
        self.send_empty(self.authed(self.http.post(url).json(&body)))
            .await
    }

    pub async fn suppliers(&self) -> Result<Vec<Supplier>, EndpointError> {
        self.send(self.authed(self.http.get(format!("{}/suppliers", self.base))))
            .await
    }

    /// The marketplaces whose feeds carry sellers' catalogs. An endpoint without the route (one
    /// that only publishes its own suppliers' feeds) answers 404: it has none.
    pub async fn marketplaces(&self) -> Result<Vec<Marketplace>, EndpointError> {
        let url = format!("{}/marketplaces", self.base);
        match self.send(self.authed(self.http.get(url))).await {
            Err(EndpointError::Refused { status: 404, .. }) => Ok(Vec::new()),
            other => other,
        }
    }

    /// A page of a supplier's or a marketplace's change feed after `cursor`.
    pub async fn feed_page(
        &self,
        feed: &FeedId,
        cursor: &Cursor,
    ) -> Result<CatalogPage, EndpointError> {
        let url = match feed {
            FeedId::Supplier(id) => format!("{}/suppliers/{id}/catalog", self.base),
            FeedId::Marketplace(id) => format!("{}/marketplaces/{id}/catalog", self.base),
        };
        self.send(self.authed(self.http.get(url).query(&[("cursor", cursor.0.as_str())])))
            .await
    }

    /// Sends queued mutations to the hub (`POST /sync/push`).
    pub async fn push(&self, request: &PushRequest) -> Result<PushResponse, EndpointError> {
        let url = format!("{}/sync/push", self.base);
        self.send(self.authed(self.http.post(url).json(request)))
            .await
    }

    /// The hub's record changes after `cursor` (`GET /sync/pull`).
    pub async fn pull(&self, cursor: &Cursor, limit: u32) -> Result<PullResponse, EndpointError> {
        let url = format!("{}/sync/pull", self.base);
        let limit = limit.to_string();
        let query = [("cursor", cursor.0.as_str()), ("limit", limit.as_str())];
        self.send(self.authed(self.http.get(url).query(&query)))
            .await
    }

    /// A one-time ticket for the hub's change notices (`POST /sync/events/ticket`).
    pub async fn event_ticket(&self) -> Result<EventTicket, EndpointError> {
        let url = format!("{}/sync/events/ticket", self.base);
        self.send(self.authed(self.http.post(url))).await
    }

    /// Where the change notices are read with `ticket` (server-sent events).
    pub fn events_url(&self, ticket: &str) -> String {
        let ticket = String::from(js_sys::encode_uri_component(ticket));
        format!("{}/sync/events?ticket={ticket}", self.base)
    }

    /// Sends a purchase order to its supplier (`POST /suppliers/{id}/orders`) with the order's
    /// id as its idempotency key, so a repeat after a lost answer is stored once. The fetch is
    /// aborted after `timeout`.
    pub async fn send_order(
        &self,
        order: &PurchaseOrder,
        timeout: std::time::Duration,
    ) -> Result<OrderAccepted, OrderSendError> {
        let supplier = String::from(js_sys::encode_uri_component(order.supplier_id.as_str()));
        let url = format!("{}/suppliers/{supplier}/orders", self.base);
        let request = self
            .authed(self.http.post(url).json(order))
            .header("Idempotency-Key", order.id.as_str())
            .timeout(timeout);
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) if e.is_timeout() => return Err(OrderSendError::TimedOut(timeout.as_secs())),
            Err(_) => return Err(EndpointError::Unreachable.into()),
        };
        Ok(Self::answer(response).await?)
    }

    fn authed(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, EndpointError> {
        let response = request
            .send()
            .await
            .map_err(|_| EndpointError::Unreachable)?;
        Self::answer(response).await
    }

    /// A request whose 2xx answer has no body (204).
    async fn send_empty(&self, request: reqwest::RequestBuilder) -> Result<(), EndpointError> {
        let response = request
            .send()
            .await
            .map_err(|_| EndpointError::Unreachable)?;
        if response.status().is_success() {
            return Ok(());
        }
        Err(Self::refusal(response).await)
    }

    /// A 2xx answer's body, or the endpoint's error.
    async fn answer<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, EndpointError> {
        let status = response.status();
        if status.is_success() {
            return response
                .json()
                .await
                .map_err(|e| EndpointError::BadAnswer(e.to_string()));
        }
        Err(Self::refusal(response).await)
    }

    /// The endpoint's error from a non-2xx answer.
    async fn refusal(response: reqwest::Response) -> EndpointError {
        let status = response.status();
        let error = response
            .json::<ApiError>()
            .await
            .unwrap_or_else(|_| ApiError {
                code: "http".into(),
                message: format!("HTTP {status}"),
            });
        EndpointError::Refused {
            status: status.as_u16(),
            error,
        }
    }
}
