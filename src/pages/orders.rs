//! Purchase orders: approved requisitions ready to order and the plan the core makes of them,
//! the order list with its filters, one order's detail (lines, timeline, change and cancel
//! requests, documents), and the goods receipt with barcode scanning. Creating, receiving and
//! requesting changes queue a change (offline too); the hub decides, and the leading tab sends
//! each order to its supplier (`sync/orders.rs`).

mod billing;
mod change;
mod detail;
mod exports;
mod list;
mod msg;
mod ready;
mod receive;
mod scan;
mod timeline;
mod transmit;

pub use detail::OrderDetailPage;
pub use msg::OrderMsg;
pub use receive::ReceivePage;

use crate::i18n::use_i18n;
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use procura_orders::order::{
    overall_status, LineProgress, LineState, OrderFilter, OrderOverview, OrderStatus, PurchaseOrder,
};
use procura_procurement::approval::time::{day_of_ms, Date};
use procura_sync::api::sync::RecordKind;
use procura_sync::api::Role;
use procura_sync::sync::RecordKey;
use rust_decimal::Decimal;

/// Whether this user has a queued change to order `id` (reactive).
pub fn has_pending(app: AppState, id: &str) -> bool {
    let key = RecordKey::new(RecordKind::Order, id);
    app.work
        .with(|w| w.pending.iter().any(|m| m.op.key() == key))
}

/// Whether the order's creation still waits in this user's outbox (reactive).
pub fn creation_queued(app: AppState, id: &str) -> bool {
    app.work
        .with(|w| crate::sync::orders::creation_queued(w, id))
}

/// The logged-in user orders and receives (buyer or administrator; reactive).
pub fn is_buyer(app: AppState) -> bool {
    crate::org::me(app).is_some_and(|a| a.has(Role::Buyer) || a.has(Role::Admin))
}

/// Today, as the core's days are counted (UTC day).
pub fn today() -> Date {
    day_of_ms(crate::org::now_ms())
}

/// The order's net total as the order documents state it (the core's rule; a total past the
/// money bounds shows as the largest amount).
pub fn net_total(po: &PurchaseOrder) -> Decimal {
    po.net_total().unwrap_or(Decimal::MAX)
}

/// The statuses an order can be in, as `data-status` says them, in the order they come.
pub const STATUSES: [&str; 10] = [
    "draft",
    "sending",
    "sent",
    "acknowledged",
    "partly_shipped",
    "shipped",
    "partly_received",
    "received",
    "rejected",
    "cancelled",
];

/// Where the order as a whole stands (the core's `overall_status`), as `data-status` says it.
pub fn status_key(po: &PurchaseOrder, progress: &[LineProgress], queued: bool) -> &'static str {
    overall_status(po, progress, queued).key()
}

pub fn status_msg(key: &str) -> OrderMsg {
    match key {
        "draft" => OrderMsg::StatusDraft,
        "sending" => OrderMsg::StatusSending,
        "sent" => OrderMsg::StatusSent,
        "acknowledged" => OrderMsg::StatusAcknowledged,
        "partly_shipped" => OrderMsg::StatusPartlyShipped,
        "shipped" => OrderMsg::StatusShipped,
        "partly_received" => OrderMsg::StatusPartlyReceived,
        "received" => OrderMsg::StatusReceived,
        "rejected" => OrderMsg::StatusRejected,
        "cancelled" => OrderMsg::StatusCancelled,
        _ => OrderMsg::StatusSending,
    }
}

/// A line's state for `data-state` and its label.
pub fn line_state_key(state: LineState) -> &'static str {
    match state {
        LineState::Draft => "draft",
        LineState::Sent => "sent",
        LineState::Acknowledged => "acknowledged",
        LineState::PartlyShipped => "partly_shipped",
        LineState::Shipped => "shipped",
        LineState::PartlyReceived => "partly_received",
        LineState::Received => "received",
        LineState::Rejected => "rejected",
        LineState::Cancelled => "cancelled",
    }
}

/// An order with what the list and the header show of it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderView {
    pub order: PurchaseOrder,
    pub progress: Vec<LineProgress>,
    pub status: &'static str,
    pub late: bool,
    pub changed: bool,
    pub queued: bool,
}

impl OrderView {
    pub fn new(order: PurchaseOrder, queued: bool, today: Date) -> Self {
        let progress = procura_orders::order::progress(&order);
        let o = OrderOverview::new(&order, &progress, queued, today);
        Self {
            order,
            progress,
            status: o.status.key(),
            late: o.late,
            changed: o.changed,
            queued,
        }
    }

    /// Whether the list's filter `key` (`all`, `late`, `changed`, a status) shows this order.
    pub fn matches(&self, key: &str) -> bool {
        let o = OrderOverview {
            status: OrderStatus::from_key(self.status).unwrap_or(OrderStatus::Sending),
            late: self.late,
            changed: self.changed,
        };
        OrderFilter::from_key(key).matches(&o)
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    crate::sync::orders::watch(app);
    transmit::provide_clock();
    let buyer = Memo::new(move |_| is_buyer(app));
    view! {
        <section class="page orders">
            <div class="page-head">
                <h1>{move || i18n.t(OrderMsg::Title)}</h1>
                <Show when=move || buyer.get()>
                    <leptos_router::components::A href="/spend" attr:class="button" attr:data-testid="open-spend">
                        {move || i18n.t(crate::pages::spend::SpendMsg::OpenSpend)}
                    </leptos_router::components::A>
                </Show>
            </div>
            <p class="muted">{move || i18n.t(OrderMsg::Intro)}</p>
            <Show when=move || buyer.get()>
                <ready::ReadyToOrder/>
            </Show>
            <list::OrderList/>
        </section>
    }
}
