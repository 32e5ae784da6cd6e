//! Where the hub may listen: plain HTTP on loopback only; HTTPS with a certificate anywhere.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

const BIN: &str = env!("CARGO_BIN_EXE_procura-endpoint");

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the binary")
}

#[test]
fn a_non_loopback_address_without_tls_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.sqlite3");
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let out = run(&db, &["--addr", addr]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("refusing to serve plain HTTP"), "{stderr}");
        assert!(stderr.contains("--tls-cert") && stderr.contains("--behind-tls-proxy"));
        assert!(!String::from_utf8_lossy(&out.stdout).contains("running at"));
    }
    // A certificate that is not one is refused too, before anything listens.
    std::fs::write(dir.path().join("bad.pem"), "not a certificate").unwrap();
    let bad = dir.path().join("bad.pem");
    let bad = bad.to_str().unwrap();
    let out = run(
        &db,
        &["--addr", "127.0.0.1:0", "--tls-cert", bad, "--tls-key", bad],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot use the TLS certificate"));
    // Half a TLS configuration is a usage error.
    let out = run(&db, &["--addr", "127.0.0.1:0", "--tls-cert", bad]);
    assert!(!out.status.success());
}

struct Hub(Child);

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn with_a_certificate_it_serves_https() {
    let dir = tempfile::tempdir().unwrap();
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, signing_key.serialize_pem()).unwrap();

    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(dir.path().join("hub.sqlite3"))
        .args(["--addr", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert_path)
        .arg("--tls-key")
        .arg(&key_path)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let hub = Hub(child);
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("the hub prints its URL").unwrap();
        if let Some(rest) = line.split("is running at ").nth(1) {
            let url = rest.trim().trim_end_matches('/');
            break url
                .strip_prefix("https://")
                .unwrap_or_else(|| panic!("an https URL: {url}"))
                .to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});

    let mut roots = RootCertStore::empty();
    roots.add(cert.der().clone()).unwrap();
    let config = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let server = ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(server, tcp).await.expect("TLS handshake");
    tls.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.unwrap_or_default();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok"), "{answer}");
    // Browsers are told to come back over HTTPS only.
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("strict-transport-security: max-age=31536000"),
        "{answer}"
    );

    // A client that connects and never starts the handshake is closed like a half-sent
    // request (the 10 s header-read timeout), not kept forever.
    let started = std::time::Instant::now();
    let mut silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        silent.read_to_end(&mut buf),
    )
    .await;
    assert!(
        closed.is_ok(),
        "a silent TLS client is still open after 20 s"
    );
    assert!(started.elapsed() >= std::time::Duration::from_secs(9));

    // Plain HTTP on the TLS port gets no answer a client would take.
    let mut plain = tokio::net::TcpStream::connect(&addr).await.unwrap();
    plain
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        plain.read_to_end(&mut buf),
    )
    .await;
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
    drop(hub);
}
