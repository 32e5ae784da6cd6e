//! What every request goes through before and after its handler: a request id (in the
//! `x-request-id` header and on every log line of the request), a panic caught and answered as
//! a 500 JSON error, a limit on requests in flight (503 `busy`), a whole-request timeout (408),
//! and the security headers (CSP, nosniff, no framing, no referrer, caching rules).

use crate::openapi::OPENAPI_PATH;
use crate::{ApiFailure, AppState};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use futures_util::FutureExt as _;
use sha2::{Digest, Sha256};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;
use tracing::Instrument as _;

/// The limits on requests (the connection limits are in [`crate::server`]).
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// From the request's headers being read to its answer: a body trickled in slowly or a
    /// handler stuck behind others is answered 408 after this.
    pub request_timeout: Duration,
    /// Requests being handled at once; beyond, 503 `busy` at once instead of a queue.
    pub max_in_flight: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            max_in_flight: 256,
        }
    }
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static CURRENT_ID: String;
}

/// The id of the request being handled on this task, if any.
pub fn current_request_id() -> Option<String> {
    CURRENT_ID.try_with(Clone::clone).ok()
}

/// The text of a panic's payload (`panic!` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// Wraps the finished router (routes, fallback, state) in the layers of this module.
pub fn harden(app: Router, state: &AppState, static_dir: Option<&Path>) -> Router {
    let limits = state.limits();
    let in_flight = Arc::new(Semaphore::new(limits.max_in_flight));
    let headers = Arc::new(SecurityHeaders::new(static_dir, state.is_https()));
    // The last layer added runs first: headers, then the request id and the panic guard,
    // then the limits, then the routes.
    app.layer(middleware::from_fn_with_state(
        (in_flight, limits.request_timeout),
        limit,
    ))
    .layer(middleware::from_fn(request_context))
    .layer(middleware::from_fn_with_state(headers, security_headers))
}

/// Gives the request an id, runs the rest inside its span with panics caught, and puts the id
/// on the answer.
async fn request_context(req: Request, next: Next) -> Response {
    let id = crate::auth::random_hex(8);
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path()
    );
    let started = Instant::now();
    let run = AssertUnwindSafe(next.run(req)).catch_unwind();
    let outcome = CURRENT_ID
        .scope(id.clone(), run)
        .instrument(span.clone())
        .await;
    let mut response = match outcome {
        Ok(response) => response,
        // Fault injection ends the connection with no answer by unwinding: let it.
        Err(payload) if payload.is::<crate::faults::ConnectionDropped>() => {
            std::panic::resume_unwind(payload)
        }
        Err(payload) => {
            span.in_scope(|| {
                tracing::error!(
                    panic = panic_message(&*payload),
                    "the request handler panicked"
                );
            });
            CURRENT_ID.sync_scope(id.clone(), || {
                ApiFailure::internal("the endpoint failed while handling this request")
                    .into_response()
            })
        }
    };
    let status = response.status();
    span.in_scope(|| {
        let ms = started.elapsed().as_millis();
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), ms, "answered");
        } else {
            tracing::debug!(status = status.as_u16(), ms, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// At most `max_in_flight` requests at once (503 `busy` beyond), each answered within the
/// request timeout (408 `request_timeout` otherwise).
async fn limit(
    State((in_flight, timeout)): State<(Arc<Semaphore>, Duration)>,
    req: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = in_flight.try_acquire() else {
        return ApiFailure::busy("the endpoint is handling too many requests; try again shortly")
            .into_response();
    };
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out after {} s", timeout.as_secs());
            ApiFailure::request_timeout(format!(
                "the request was not completed within {} s",
                timeout.as_secs()
            ))
            .into_response()
        }
    }
}

/// The headers every answer carries. The CSP follows the served `index.html`: read at start,
/// and again when the file changes (a new build deployed while the hub runs).
struct SecurityHeaders {
    index: Option<PathBuf>,
    /// Served over HTTPS (itself or behind a TLS proxy): browsers are told to use nothing else.
    hsts: bool,
    /// The page's modification time the CSP was made from, and the CSP.
    csp: Mutex<(Option<SystemTime>, HeaderValue)>,
}

impl SecurityHeaders {
    fn new(static_dir: Option<&Path>, hsts: bool) -> Self {
        let index = static_dir.map(|d| d.join("index.html"));
        let modified = index.as_deref().and_then(modified);
        let csp = Self::read(index.as_deref());
        Self {
            index,
            hsts,
            csp: Mutex::new((modified, csp)),
        }
    }

    fn read(index: Option<&Path>) -> HeaderValue {
        let hashes = match index {
            Some(index) => match std::fs::read_to_string(index) {
                Ok(html) => inline_script_hashes(&html),
                Err(e) => {
                    tracing::warn!("{}: {e}; the CSP allows no inline script", index.display());
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        HeaderValue::from_str(&content_security_policy(&hashes)).expect("the CSP is ASCII")
    }

    /// The CSP, made again first if `index.html` changed since.
    fn csp(&self, check_page: bool) -> HeaderValue {
        let mut cached = self.csp.lock().unwrap_or_else(PoisonError::into_inner);
        if check_page {
            let now = self.index.as_deref().and_then(modified);
            if now != cached.0 {
                *cached = (now, Self::read(self.index.as_deref()));
            }
        }
        cached.1.clone()
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The Content-Security-Policy: the app's own files only; inline scripts only by the hashes
/// given; WebAssembly compilation allowed; no framing. Inline `style` attributes are allowed
/// (the UI sets widths of bars with them); they cannot run code. Pictures may also come from any
/// `https:` address: product pictures live on suppliers' servers, which no list made here can
/// name. A picture cannot run code, and the app sends it no referrer; scripts, connections and
/// frames stay limited to the app's own origin.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(&format!(" 'sha256-{hash}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         worker-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The base64 SHA-256 of each inline `<script>` (one without `src`) in `html`, as a CSP
/// hash source wants it: over the exact text between the tags.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else {
            break;
        };
        let tag = &lower[start + "<script".len()..tag_end];
        let body_start = tag_end + 1;
        let Some(body_end) = lower[body_start..].find("</script").map(|i| body_start + i) else {
            break;
        };
        if !has_src_attribute(tag) {
            let digest = Sha256::digest(&html.as_bytes()[body_start..body_end]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        from = body_end;
    }
    hashes
}

fn has_src_attribute(tag: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace())
        .any(|attr| attr == "src" || attr.starts_with("src="))
}

/// The path prefix of the import worker's build files (`_loader.js`, `.js`, `_bg.wasm`).
const UNHASHED_WORKER: &str = "/procura-import-worker";

async fn security_headers(
    State(headers): State<Arc<SecurityHeaders>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let api = path.starts_with(procura_sync::api::API_PREFIX);
    // The API's own description, when served (an error answer about it is not kept).
    let openapi = response.status().is_success()
        && path.strip_prefix(procura_sync::api::API_PREFIX) == Some(OPENAPI_PATH);
    let csp = headers.csp(!api);
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if headers.hsts {
        // A year; not `includeSubDomains`: the hub does not know what else its domain serves.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let html = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if openapi {
        // The API's description is public and changes only with a release: its handler's
        // `Cache-Control` stays.
    } else if api {
        // Sessions and organisation data: never kept by a browser's or a proxy's cache.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if html || path == "/sw.js" || path.starts_with(UNHASHED_WORKER) {
        // The page names the hashed build files and the worker names the version: both must
        // be asked again each time, or an update is never seen. The import worker's files are
        // named without a hash (trunk names workers after their binary): a stale copy from a
        // browser's cache would answer a newer page.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<html><head><script src=\"/a.js\"></script>\
                    <SCRIPT type=\"module\">import init from '/x.js';\ninit();</SCRIPT>\
                    <script>alert(1)</script></head></html>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/x.js';\ninit();"));
        assert_eq!(hashes[0], expected);
        // `echo -n 'alert(1)' | openssl sha256 -binary | base64`
        assert_eq!(hashes[1], "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }

    #[test]
    fn the_policy_names_every_hash() {
        let csp = content_security_policy(&["abc=".into(), "def=".into()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=' 'sha256-def=';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
        assert!(!script_src.contains("'unsafe-inline'"));
        assert!(!script_src.contains(" 'unsafe-eval'"));
    }

    #[test]
    fn pictures_may_come_from_suppliers_servers_and_nothing_else_does() {
        let csp = content_security_policy(&[]);
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(name))
                .unwrap()
                .to_owned()
        };
        assert_eq!(directive("img-src"), "img-src 'self' data: blob: https:");
        for name in [
            "default-src",
            "script-src",
            "connect-src",
            "worker-src",
            "media-src",
        ] {
            assert!(!directive(name).contains("https:"), "{}", directive(name));
        }
    }
}
