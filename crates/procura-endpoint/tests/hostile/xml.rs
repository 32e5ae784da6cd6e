//! Hostile inbound documents (`POST /api/v1/inbound/documents`): shapes that made the old tree
//! reader quadratic or blow up memory, sent with a valid supplier key while `/health` is polled.
//! Each must be answered (read or refused) in bounded time, `/health` must answer throughout,
//! and the hub's memory must stay far below what the old reader took.

use crate::support::{assert_healthy, Hub};
use std::time::{Duration, Instant};

/// The supplier the documents come from, and its inbound document key.
const SUPPLIER: &str = "officeplus";

/// The supplier's inbound document key on this hub. Today the demo key; when keys become
/// random (shown once), this is the one place to change.
fn supplier_key(_hub: &Hub) -> String {
    std::env::var("PROCURA_TEST_SUPPLIER_KEY")
        .unwrap_or_else(|_| procura_endpoint::store::demo_supplier_key(SUPPLIER))
}

/// A cXML confirmation of an order this hub does not know, with `extra` inside it.
fn confirmation(extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="hostile@supplier.example" timestamp="2026-11-25T10:01:40Z">
<Header>
<From><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>AN-PROCURA</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN-OFFICEPLUS</Identity></Credential></Sender>
</Header>
<Request><ConfirmationRequest>
<ConfirmationHeader type="accept" noticeDate="2026-11-25T10:01:00Z"/>
<OrderReference orderID="PO-HOSTILE"/>
{extra}
</ConfirmationRequest></Request>
</cXML>"#
    )
}

const SIZE: usize = 400 * 1024;

/// Distinct sibling names: quadratic with a linear sibling search.
fn distinct_siblings() -> String {
    let mut extra = String::new();
    for i in 0.. {
        if extra.len() >= SIZE {
            break;
        }
        extra.push_str(&format!("<E{i}/>"));
    }
    confirmation(&extra)
}

/// A deep chain of long names with many leaves under it: every node copying its path made
/// this cost gigabytes.
fn deep_chain_with_leaves() -> String {
    let name = "N".repeat(120);
    let depth = 56;
    let leaves = "<a/>".repeat(SIZE / 4);
    confirmation(&format!(
        "{}{leaves}{}",
        format!("<{name}>").repeat(depth),
        format!("</{name}>").repeat(depth)
    ))
}

struct Answer {
    status: u16,
    body: String,
    took: Duration,
}

async fn post(hub: &Hub, key: &str, xml: String) -> Answer {
    send(
        hub.client(),
        hub.url("/api/v1/inbound/documents"),
        key.to_owned(),
        xml,
    )
    .await
}

async fn send(client: reqwest::Client, url: String, key: String, xml: String) -> Answer {
    let started = Instant::now();
    let response = client
        .post(url)
        .header("x-supplier-key", key)
        .header("content-type", "application/xml")
        .body(xml)
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .expect("the hub answers the document");
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    Answer {
        status,
        body,
        took: started.elapsed(),
    }
}

/// Polls `/health` every 100 ms until `stop`; returns the slowest answer (`None`: one failed).
async fn poll_health(hub: &Hub, stop: tokio::sync::watch::Receiver<bool>) -> Option<Duration> {
    let mut slowest = Duration::ZERO;
    while !*stop.borrow() {
        let started = Instant::now();
        if !hub.health().await {
            return None;
        }
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(slowest)
}

/// Sends `documents` at once while polling `/health`; returns the answers and the slowest
/// health answer.
async fn attack(hub: &Hub, documents: Vec<String>) -> (Vec<Answer>, Option<Duration>) {
    let key = supplier_key(hub);
    let (tx, rx) = tokio::sync::watch::channel(false);
    let sends: Vec<_> = documents
        .into_iter()
        .map(|d| {
            let url = hub.url("/api/v1/inbound/documents");
            tokio::spawn(send(hub.client(), url, key.clone(), d))
        })
        .collect();
    let answers = async {
        let mut answers = Vec::new();
        for s in sends {
            answers.push(s.await.expect("the send task"));
        }
        let _ = tx.send(true);
        answers
    };
    tokio::join!(answers, poll_health(hub, rx))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_hostile_documents_are_answered_in_bounded_time_while_health_answers() {
    let mut hub = Hub::demo(&[]);
    assert_healthy(&mut hub).await;
    let rss_before = hub.rss_kib();

    let documents = vec![
        distinct_siblings(),
        deep_chain_with_leaves(),
        distinct_siblings(),
        deep_chain_with_leaves(),
    ];
    assert!(documents.iter().all(|d| d.len() >= SIZE));
    let (answers, health) = attack(&hub, documents).await;

    let slowest = health.expect("/health answered throughout");
    assert!(
        slowest < Duration::from_secs(3),
        "/health took {slowest:?} while documents were read"
    );
    for a in &answers {
        assert!(
            a.took < Duration::from_secs(30),
            "a document took {:?} to answer",
            a.took
        );
        // Read (the order is unknown to this hub: 404), or told to come back (503 busy with
        // every parse slot taken); never a failure of the hub.
        match a.status {
            404 => assert!(a.body.contains("unknown_order"), "{}", a.body),
            503 => assert!(a.body.contains("busy"), "{}", a.body),
            other => panic!("unexpected answer {other}: {}", a.body),
        }
    }
    assert!(answers.iter().any(|a| a.status == 404), "some were read");
    // The old reader took about 380 MB for one such document; the body, the tree and the
    // answer now take a few MB each.
    let grown_mib = hub.peak_rss_kib().saturating_sub(rss_before) / 1024;
    assert!(grown_mib < 100, "the hub's memory grew by {grown_mib} MiB");
    assert_healthy(&mut hub).await;
}

#[tokio::test]
async fn oversize_names_too_many_attributes_and_deep_nesting_are_refused_with_a_reason() {
    let mut hub = Hub::demo(&[]);
    let key = supplier_key(&hub);
    let long_name = format!("<{}/>", "x".repeat(129));
    let attributes: String = (0..40).map(|i| format!(" a{i}='1'")).collect();
    let deep = format!("{}{}", "<d>".repeat(100), "</d>".repeat(100));
    for (extra, reason) in [
        (long_name, "bytes"),
        (format!("<e{attributes}/>"), "attributes"),
        (deep, "deeper"),
    ] {
        let a = post(&hub, &key, confirmation(&extra)).await;
        assert_eq!(a.status, 422, "{}", a.body);
        assert!(a.body.contains("invalid_document"), "{}", a.body);
        assert!(a.body.contains(reason), "{reason}: {}", a.body);
        assert_healthy(&mut hub).await;
    }
}
