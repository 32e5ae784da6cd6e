//! Helpers for the order tests (`tests/orders.rs`): approved requisitions made through sync,
//! orders planned from them by the core, the supplier's order intake with its idempotency key,
//! and the hub's orders as pulled.

use super::approvals::*;
use super::*;
use procura_endpoint::store::{OrderReceipt, ReceivedOrder};
use procura_orders::order::{self, LineProgress, LineState, OrderEvent, PurchaseOrder};
use procura_procurement::approval::{Requisition, Status};
use std::collections::BTreeMap;
use std::time::Duration;

/// The organisation at work: a buyer and the line manager who approves their requisitions.
pub struct Office {
    pub hub: Api,
    pub buyer: Desk,
    pub approver: Desk,
    /// Cheap non-IT items of the demo supplier, cheapest first.
    pub items: Vec<CatalogItem>,
}

impl Office {
    pub async fn open(hub: &Api) -> Office {
        let buyer = Desk::open(hub, "buyer").await;
        let approver = Desk::open(hub, "approver1").await;
        let items = cheap_items(&buyer.api, 3).await;
        Office {
            hub: hub.clone(),
            buyer,
            approver,
            items,
        }
    }

    /// A requisition of `quantities` of the first items, submitted and approved through sync.
    pub async fn approved(&mut self, id: &str, quantities: &[i64]) -> Requisition {
        self.submitted(id, quantities).await;
        let pending = requisition(&self.approver.api, id).await;
        assert_applied(&self.approver.send(approve(&pending)).await);
        let r = requisition(&self.buyer.api, id).await;
        assert_eq!(
            r.status,
            Status::Approved,
            "{id} is approved by its one step"
        );
        r
    }

    /// A requisition of `quantities` of the first items, submitted (pending approval).
    pub async fn submitted(&mut self, id: &str, quantities: &[i64]) -> Requisition {
        let lines = quantities
            .iter()
            .zip(&self.items)
            .map(|(q, item)| catalog_line(item, Decimal::from(*q)))
            .collect();
        assert_applied(&self.buyer.send(submit(draft(id, "CC-100", lines))).await);
        requisition(&self.buyer.api, id).await
    }

    /// The order the core plans for `requisitions` (one supplier: one order), id `order_id`.
    pub fn plan(&self, order_id: &str, requisitions: &[&Requisition]) -> PurchaseOrder {
        let (mut orders, unassigned) = order::plan(
            requisitions,
            procura_demo::demo::policy().default_tax_percent,
            ("u-buyer", "Li Na 李娜"),
            &|s: &str| s.to_uppercase(),
            &|item: &str| Some((item.rsplit('/').next()?.to_owned(), None)),
            &mut || order_id.to_owned(),
            now_ms(),
        );
        assert!(unassigned.is_empty(), "{unassigned:?}");
        assert_eq!(orders.len(), 1, "one supplier, one order: {orders:?}");
        orders.remove(0)
    }

    /// Plans and creates (through sync) the order of `requisitions`; the hub's copy.
    pub async fn ordered(
        &mut self,
        order_id: &str,
        requisitions: &[&Requisition],
    ) -> PurchaseOrder {
        let po = self.plan(order_id, requisitions);
        assert_applied(&self.buyer.send(Op::CreateOrder { order: po }).await);
        order_of(&self.buyer.api, order_id).await
    }

    /// An approved requisition of `quantities`, ordered and sent to the supplier.
    pub async fn sent(&mut self, id: &str, quantities: &[i64]) -> PurchaseOrder {
        let r = self.approved(&format!("req-{id}"), quantities).await;
        let po = self.ordered(id, &[&r]).await;
        let receipt: OrderReceipt = send_order(&self.buyer.api, &po, po.id.as_str())
            .await
            .json();
        assert!(!receipt.duplicate);
        order_of(&self.buyer.api, id).await
    }
}

/// `n` cheap non-IT items of the demo supplier, cheapest first.
pub async fn cheap_items(api: &Api, n: usize) -> Vec<CatalogItem> {
    let policy = policy(api).await;
    let pages = api.pull(SUPPLIER, Cursor::start(), 500).await;
    let (items, _) = split(&pages);
    let price_cny = |i: &CatalogItem| {
        let rate = policy.rate(&i.currency).expect("a rate");
        i.list_price().expect("a price") * rate
    };
    let mut cheap: Vec<&CatalogItem> = items
        .into_iter()
        .filter(|i| !i.unspsc.starts_with("43") && policy.rate(&i.currency).is_some())
        .filter(|i| i.min_order_qty() <= Decimal::ONE)
        .filter(|i| price_cny(i) >= Decimal::ONE && price_cny(i) <= Decimal::from(100))
        .collect();
    cheap.sort_by_key(|i| price_cny(i));
    assert!(cheap.len() >= n, "{n} cheap items in the demo catalog");
    cheap.into_iter().take(n).cloned().collect()
}

/// The hub's orders, by id.
pub async fn orders(api: &Api) -> BTreeMap<String, PurchaseOrder> {
    records(api)
        .await
        .into_values()
        .filter_map(|r| match r {
            Record::Order(o) => Some((o.id.to_string(), o)),
            _ => None,
        })
        .collect()
}

pub async fn order_of(api: &Api, id: &str) -> PurchaseOrder {
    let mut all = orders(api).await;
    all.remove(id)
        .unwrap_or_else(|| panic!("the hub holds no order {id}"))
}

/// `POST /suppliers/{po.supplier_id}/orders` with idempotency key `key`.
pub async fn send_order(api: &Api, po: &PurchaseOrder, key: &str) -> Reply {
    let body = serde_json::to_value(po).expect("an order encodes");
    try_send_order(api, po.supplier_id.as_str(), Some(key), body, None)
        .await
        .expect("the order is answered")
}

/// The order intake with any body, key and client timeout; `Err` when no answer came.
pub async fn try_send_order(
    api: &Api,
    supplier: &str,
    key: Option<&str>,
    body: Value,
    timeout: Option<Duration>,
) -> Result<Reply, reqwest::Error> {
    let url = api.url(&format!("/api/v1/suppliers/{supplier}/orders"));
    let mut request = api.http.post(url).json(&body);
    if let Some(token) = &api.token {
        request = request.bearer_auth(token);
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let content_type = response.headers().get(CONTENT_TYPE).map(|v| v.to_str());
    let content_type = content_type.and_then(Result::ok).unwrap_or("").to_owned();
    let body = response.text().await?;
    Ok(Reply {
        status,
        content_type,
        body,
    })
}

/// What the supplier holds (`GET /test/suppliers/{id}/orders`).
pub async fn received(hub: &Api, supplier: &str) -> Vec<ReceivedOrder> {
    let path = format!("/api/v1/test/suppliers/{supplier}/orders");
    hub.get(&path).await.json()
}

/// The copies the supplier holds of order `id`.
pub async fn copies_of(hub: &Api, supplier: &str, id: &str) -> Vec<ReceivedOrder> {
    let all = received(hub, supplier).await;
    all.into_iter().filter(|r| r.order_id == id).collect()
}

/// A supplier route (`POST /test/orders/{id}/{action}`).
pub async fn supplier_says(hub: &Api, id: &str, action: &str, body: Value) -> Reply {
    hub.post(&format!("/api/v1/test/orders/{id}/{action}"), body)
        .await
}

/// How often `order` holds an event of this kind (`sent`, `shipped`…).
pub fn count(po: &PurchaseOrder, kind: &str) -> usize {
    po.events
        .iter()
        .filter(|e| serde_json::to_value(e).unwrap()["type"] == kind)
        .count()
}

/// Each line's state.
pub fn states(po: &PurchaseOrder) -> Vec<LineState> {
    order::progress(po).iter().map(|p| p.state).collect()
}

pub fn line(po: &PurchaseOrder, line_no: u32) -> LineProgress {
    let all = order::progress(po);
    all.into_iter()
        .find(|p| p.line_no == line_no)
        .expect("the line")
}

pub fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

/// The event at the end of `po`'s timeline.
pub fn last_event(po: &PurchaseOrder) -> &OrderEvent {
    po.events.last().expect("an event")
}
