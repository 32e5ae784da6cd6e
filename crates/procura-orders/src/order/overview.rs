//! What an order list and an order's header say about an order as a whole: its overall status
//! from its lines' progress, whether it is late or was changed by the supplier, its net total,
//! and which list filter it falls under.

use super::{is_late, LineProgress, LineState, OrderEvent, PurchaseOrder};
use procura_ground::date::Date;
use procura_ground::money::{self, MoneyError};
use rust_decimal::Decimal;

/// Where an order as a whole stands, in the order it gets there (rejected and cancelled
/// last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrderStatus {
    /// Its creation still waits in the buyer's outbox.
    Draft,
    /// The hub has it; the supplier does not yet.
    Sending,
    Sent,
    Acknowledged,
    PartlyShipped,
    Shipped,
    PartlyReceived,
    Received,
    Rejected,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 10] = [
        OrderStatus::Draft,
        OrderStatus::Sending,
        OrderStatus::Sent,
        OrderStatus::Acknowledged,
        OrderStatus::PartlyShipped,
        OrderStatus::Shipped,
        OrderStatus::PartlyReceived,
        OrderStatus::Received,
        OrderStatus::Rejected,
        OrderStatus::Cancelled,
    ];

    /// A stable key (`partly_shipped`), for `data-status` and the message catalog.
    pub fn key(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Sending => "sending",
            OrderStatus::Sent => "sent",
            OrderStatus::Acknowledged => "acknowledged",
            OrderStatus::PartlyShipped => "partly_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::PartlyReceived => "partly_received",
            OrderStatus::Received => "received",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The order's overall status from its events and its lines' progress: cancelled or rejected
/// as a whole if the supplier said so; `Draft` while its creation is `queued` on the device,
/// `Sending` until the supplier has it; then the least advanced of its lines (rejected and
/// cancelled lines aside), with "partly" as soon as any line got that far.
pub fn overall_status(po: &PurchaseOrder, progress: &[LineProgress], queued: bool) -> OrderStatus {
    if po
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Cancelled { .. }))
    {
        return OrderStatus::Cancelled;
    }
    if po
        .events
        .iter()
        .any(|e| matches!(e, OrderEvent::Rejected { .. }))
    {
        return OrderStatus::Rejected;
    }
    let active: Vec<LineState> = progress
        .iter()
        .map(|p| p.state)
        .filter(|s| !matches!(s, LineState::Rejected | LineState::Cancelled))
        .collect();
    if active.is_empty() {
        return if progress.is_empty() {
            OrderStatus::Draft
        } else {
            OrderStatus::Rejected
        };
    }
    let all = |s: LineState| active.iter().all(|a| *a == s);
    let any_from = |s: LineState| active.iter().any(|a| *a >= s);
    if all(LineState::Draft) {
        if queued {
            OrderStatus::Draft
        } else {
            OrderStatus::Sending
        }
    } else if all(LineState::Received) {
        OrderStatus::Received
    } else if any_from(LineState::PartlyReceived) {
        OrderStatus::PartlyReceived
    } else if active.iter().all(|a| *a >= LineState::Shipped) {
        OrderStatus::Shipped
    } else if any_from(LineState::PartlyShipped) {
        OrderStatus::PartlyShipped
    } else if any_from(LineState::Acknowledged) {
        OrderStatus::Acknowledged
    } else {
        OrderStatus::Sent
    }
}

impl PurchaseOrder {
    /// The net total: each line rounded to the currency's minor units and summed, as the order
    /// documents state it ([`procura_ground::money`]).
    pub fn net_total(&self) -> Result<Decimal, MoneyError> {
        let mut lines = Vec::with_capacity(self.lines.len());
        for l in &self.lines {
            lines.push(money::line_net(l.quantity, l.unit_price, &self.currency)?);
        }
        money::sum(lines)
    }
}

/// An order as a list row and the order's header show it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderOverview {
    pub status: OrderStatus,
    /// Some line is late against its need-by date ([`is_late`]).
    pub late: bool,
    /// The supplier changed some line's quantity, date or price.
    pub changed: bool,
}

impl OrderOverview {
    /// `po` with its lines' `progress` ([`super::progress`]) on `today` (a UTC day);
    /// `queued`: its creation still waits on the device.
    pub fn new(po: &PurchaseOrder, progress: &[LineProgress], queued: bool, today: Date) -> Self {
        let status = overall_status(po, progress, queued);
        let late = po
            .lines
            .iter()
            .zip(progress)
            .any(|(l, p)| is_late(l, p, today));
        let changed = progress.iter().any(|p| p.changed);
        Self {
            status,
            late,
            changed,
        }
    }
}

/// The order list's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderFilter {
    All,
    Late,
    Changed,
    Status(OrderStatus),
}

impl OrderFilter {
    /// `all`, `late`, `changed` or a status key; anything else is `All`.
    pub fn from_key(key: &str) -> Self {
        match key {
            "late" => OrderFilter::Late,
            "changed" => OrderFilter::Changed,
            _ => OrderStatus::from_key(key).map_or(OrderFilter::All, OrderFilter::Status),
        }
    }

    pub fn matches(self, o: &OrderOverview) -> bool {
        match self {
            OrderFilter::All => true,
            OrderFilter::Late => o.late,
            OrderFilter::Changed => o.changed,
            OrderFilter::Status(s) => o.status == s,
        }
    }
}
