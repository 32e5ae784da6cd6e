//! Serving the router over HTTP/1.1, plain or TLS, with the limits a server on a network needs,
//! which `axum::serve` does not set: a header-read timeout (a half-sent request is closed), a
//! handshake timeout for TLS, a cap on open connections, and a graceful shutdown that does not
//! wait forever. HTTP and HTTPS go through the same loop, so they have the same limits.
//!
//! Each request carries the peer's address as axum's `ConnectInfo<SocketAddr>`.

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt as _};
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

/// Limits on connections (the limits on requests are [`crate::layers::HttpLimits`]).
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// From a connection's (or its previous answer's) end to a request's complete headers. It
    /// also closes idle keep-alive connections, and bounds a TLS handshake.
    pub header_read_timeout: Duration,
    /// Open connections; one more is answered 503 `busy` and closed.
    pub max_connections: usize,
    /// Most headers in one request.
    pub max_headers: usize,
    /// How long a shutdown waits for requests in progress.
    pub shutdown_grace: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_headers: 64,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\n\
retry-after: 1\r\n\
x-content-type-options: nosniff\r\n\
cache-control: no-store\r\n\
connection: close\r\n\
content-length: 69\r\n\r\n\
{\"code\":\"busy\",\"message\":\"too many open connections; try again soon\"}";

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests in progress
/// finish (at most [`ServeLimits::shutdown_grace`]). With `tls`, every connection first completes
/// a TLS handshake within [`ServeLimits::header_read_timeout`] (on its own task: a slow client
/// holds only its own connection slot, never the loop).
pub async fn serve<L>(
    mut listener: L,
    app: Router,
    limits: ServeLimits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) where
    L: axum::serve::Listener<Addr = SocketAddr>,
{
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            tracing::warn!(%peer, "connection refused: {} open", limits.max_connections);
            if tls.is_none() {
                // A plain HTTP client can be told why; a TLS client could not read it.
                tokio::spawn(async move {
                    let mut io = io;
                    let refuse = async {
                        let _ = io.write_all(BUSY).await;
                        let _ = io.shutdown().await;
                    };
                    let _ = tokio::time::timeout(Duration::from_millis(500), refuse).await;
                });
            }
            continue;
        };
        let app = app.clone();
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_connection(io, peer, app, limits, watcher).await,
                Some(acceptor) => {
                    match tokio::time::timeout(limits.header_read_timeout, acceptor.accept(io))
                        .await
                    {
                        Ok(Ok(stream)) => {
                            serve_connection(stream, peer, app, limits, watcher).await;
                        }
                        Ok(Err(e)) => tracing::debug!(%peer, "TLS handshake failed: {e}"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                "requests still in progress after {} s; stopping anyway",
                limits.shutdown_grace.as_secs()
            );
        }
    }
}

/// One connection's requests, until it ends or a shutdown lets it finish.
async fn serve_connection<I>(
    io: I,
    peer: SocketAddr,
    app: Router,
    limits: ServeLimits,
    watcher: hyper_util::server::graceful::Watcher,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(req)
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_headers(limits.max_headers);
    let connection = watcher.watch(builder.serve_connection(TokioIo::new(io), service));
    if let Err(e) = connection.await {
        tracing::debug!(%peer, "connection ended: {e}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_busy_answer_has_the_right_length() {
        let text = std::str::from_utf8(super::BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(body.len(), length);
        let error: procura_sync::api::ApiError = serde_json::from_str(body).unwrap();
        assert_eq!(error.code, "busy");
    }
}
