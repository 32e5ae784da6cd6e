//! Serving: plain HTTP on loopback, HTTPS (rustls with *ring*) anywhere, plain HTTP on another
//! address only behind a TLS proxy the operator vouches for.
//!
//! Passwords and bearer tokens cross this connection; on a network, plain HTTP hands them to
//! anyone on the path. So the server refuses to start on a non-loopback address unless it
//! serves TLS itself (`--tls-cert`, `--tls-key`) or is told it sits behind a proxy that does
//! (`--behind-tls-proxy`).

use axum::Router;
use axum_server::tls_rustls::RustlsConfig;
use std::net::SocketAddr;
use std::path::Path;

/// How the server is reached.
pub enum Transport {
    Http,
    Https(RustlsConfig),
}

impl Transport {
    pub fn scheme(&self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https(_) => "https",
        }
    }
}

/// Whether the server may listen on `addr` serving plain HTTP (`tls` false) or HTTPS; the
/// reason it may not otherwise.
pub fn check_bind(addr: SocketAddr, tls: bool, behind_tls_proxy: bool) -> Result<(), String> {
    if tls || behind_tls_proxy || addr.ip().is_loopback() {
        return Ok(());
    }
    Err(format!(
        "refusing to serve plain HTTP on {addr}, a non-loopback address: passwords and session \
         tokens would cross the network readable by anyone on the path. Serve HTTPS with \
         --tls-cert CERT.pem --tls-key KEY.pem, or, if a reverse proxy terminates TLS in front of \
         this server (and only it can reach this address), say so with --behind-tls-proxy."
    ))
}

/// Reads the certificate chain and private key (PEM) for HTTPS.
pub async fn load_tls(cert: &Path, key: &Path) -> Result<Transport, String> {
    RustlsConfig::from_pem_file(cert, key)
        .await
        .map(Transport::Https)
        .map_err(|e| {
            format!(
                "cannot use the TLS certificate {} with the key {}: {e}",
                cert.display(),
                key.display()
            )
        })
}

/// Serves `app` on `listener` until Ctrl-C (then lets open requests finish). HTTPS goes through
/// the same accept loop as HTTP ([`crate::server::serve`]), with the same limits.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    transport: Transport,
) -> std::io::Result<()> {
    let tls = match transport {
        Transport::Http => None,
        Transport::Https(config) => Some(tokio_rustls::TlsAcceptor::from(config.get_inner())),
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    crate::server::serve(listener, app, Default::default(), tls, shutdown).await;
    Ok(())
}
