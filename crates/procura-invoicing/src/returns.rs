//! Returns and claims (退货与索赔): goods going back to the supplier after a receipt.
//!
//! A buyer opens a return from an order's receipts ([`open`]): which order lines, how many,
//! why, and whether the supplier replaces them or refunds them (a credit note). A line comes
//! either from what was *accepted* into stock (goods found faulty later) or from what was
//! *refused* at the door as damaged (a claim for goods never accepted). The supplier receives
//! the return and moves it forward only ([`supplier_update`]): requested → accepted (or
//! refused) → collected → replaced or credited. The buyer may cancel it while it is requested
//! ([`cancel`]). A credit note naming the return's number closes a refund return
//! ([`credited_by`]).
//!
//! What is payable follows ([`returned`]): goods accepted and then sent back are not payable
//! while the return is under way or refunded; once the supplier has replaced them the
//! organisation holds goods again, and a return the supplier refused or the buyer cancelled
//! counts for nothing. A claim on refused goods never changes what is payable: they were never
//! accepted.

use procura_ground::id::{OrderId, SupplierId, UserId};
use procura_ground::money;
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use procura_orders::order::PurchaseOrder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod photo;
pub use photo::{check_photo, Photo, MAX_PHOTO_BASE64, MAX_PHOTO_BYTES, PHOTO_TYPES};

/// Most lines of one return.
pub const MAX_LINES: usize = 100;
/// A return's id (made by the device) is 1 to this many bytes.
pub const MAX_ID: usize = 64;
/// The reason, 1 to this many characters.
pub const MAX_REASON: usize = 200;
/// The buyer's or the supplier's note.
pub const MAX_NOTE: usize = 500;

/// Where the returned goods of a line come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnFrom {
    /// Taken into stock, then found wrong or faulty: no longer payable once returned.
    Accepted,
    /// Refused at the door as damaged: never accepted, never payable; the return claims them.
    Refused,
}

/// What the buyer asks of the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// New goods in place of the returned ones.
    Replace,
    /// The money back, by a credit note.
    Refund,
}

/// Where a return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    /// Opened by the buyer; the supplier has not answered.
    Requested,
    /// The supplier agreed to take the goods back.
    Accepted,
    /// The supplier refused the return: it counts for nothing.
    Refused,
    /// The supplier collected the goods.
    Collected,
    /// The supplier replaced the goods (a replace return ends here).
    Replaced,
    /// The supplier credited the goods (a refund return ends here).
    Credited,
    /// The buyer withdrew it before the supplier answered: it counts for nothing.
    Cancelled,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 7] = [
        ReturnStatus::Requested,
        ReturnStatus::Accepted,
        ReturnStatus::Refused,
        ReturnStatus::Collected,
        ReturnStatus::Replaced,
        ReturnStatus::Credited,
        ReturnStatus::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReturnStatus::Requested => "requested",
            ReturnStatus::Accepted => "accepted",
            ReturnStatus::Refused => "refused",
            ReturnStatus::Collected => "collected",
            ReturnStatus::Replaced => "replaced",
            ReturnStatus::Credited => "credited",
            ReturnStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == text)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReturnStatus::Refused
                | ReturnStatus::Replaced
                | ReturnStatus::Credited
                | ReturnStatus::Cancelled
        )
    }

    /// Refused by the supplier or cancelled by the buyer: as if it had never been opened.
    pub fn void(self) -> bool {
        matches!(self, ReturnStatus::Refused | ReturnStatus::Cancelled)
    }
}

/// One line of a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub order_line: u32,
    pub quantity: Decimal,
    pub from: ReturnFrom,
}

/// A return as the buyer's device makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnDraft {
    /// Made by the device (a UUID): the same return sent twice is recorded once.
    pub id: String,
    pub order_id: OrderId,
    pub lines: Vec<ReturnLine>,
    pub reason: String,
    pub remedy: Remedy,
    #[serde(default)]
    pub note: String,
    /// An optional photo of the goods (a crushed carton, a wrong part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Photo>,
}

/// A step of a return, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: ReturnStatus,
    /// A user id (the buyer) or a supplier id (the supplier).
    pub by: String,
    pub by_name: String,
    pub at_ms: i64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    pub id: String,
    /// `RT-` and eight letters or digits of the id, as orders' `PO-`.
    pub number: String,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub order_id: OrderId,
    pub order_number: String,
    pub lines: Vec<ReturnLine>,
    pub remedy: Remedy,
    pub reason: String,
    #[serde(default)]
    pub note: String,
    /// The photo the buyer attached, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Photo>,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub status: ReturnStatus,
    /// Every step, the opening first.
    pub history: Vec<StatusChange>,
    pub revision: u32,
}

impl Return {
    /// The draft it was opened from.
    pub fn draft(&self) -> ReturnDraft {
        ReturnDraft {
            id: self.id.clone(),
            order_id: self.order_id.clone(),
            lines: self.lines.clone(),
            reason: self.reason.clone(),
            remedy: self.remedy,
            note: self.note.clone(),
            photo: self.photo.clone(),
        }
    }
}

/// The number people see: `RT-` and the first eight letters or digits of the id, upper case.
pub fn number_for(id: &str) -> String {
    let short: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!("RT-{}", short.to_uppercase())
}

/// Per order line, what returns take off what was accepted: the lines from accepted goods of
/// every return that is neither void nor replaced. This is what is no longer payable.
pub fn returned<'a>(returns: impl IntoIterator<Item = &'a Return>) -> BTreeMap<u32, Decimal> {
    let mut out: BTreeMap<u32, Decimal> = BTreeMap::new();
    for r in returns {
        if r.status.void() || r.status == ReturnStatus::Replaced {
            continue;
        }
        for l in r.lines.iter().filter(|l| l.from == ReturnFrom::Accepted) {
            let slot = out.entry(l.order_line).or_default();
            *slot = slot.saturating_add(l.quantity);
        }
    }
    out
}

/// Per order line, what returns already claim of the goods refused at the door: the lines
/// from refused goods of every return that is not void.
pub fn claimed<'a>(returns: impl IntoIterator<Item = &'a Return>) -> BTreeMap<u32, Decimal> {
    let mut out: BTreeMap<u32, Decimal> = BTreeMap::new();
    for r in returns.into_iter().filter(|r| !r.status.void()) {
        for l in r.lines.iter().filter(|l| l.from == ReturnFrom::Refused) {
            let slot = out.entry(l.order_line).or_default();
            *slot = slot.saturating_add(l.quantity);
        }
    }
    out
}

/// What may still be returned of an order line: (from accepted, from refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Returnable {
    pub accepted: Decimal,
    pub refused: Decimal,
}

/// Per order line, what may still be returned given the returns already on the order
/// (`others`; those of other orders are ignored).
pub fn returnable(order: &PurchaseOrder, others: &[&Return]) -> BTreeMap<u32, Returnable> {
    let mine: Vec<&Return> = others
        .iter()
        .copied()
        .filter(|r| r.order_id == order.id)
        .collect();
    // Accepted and damaged per line, over every receipt, as matching reads them.
    let got = crate::matching::received(order);
    let back = returned(mine.iter().copied());
    let claims = claimed(mine.iter().copied());
    order
        .lines
        .iter()
        .map(|l| {
            let (accepted, damaged) = got.get(&l.line_no).copied().unwrap_or_default();
            let r = back.get(&l.line_no).copied().unwrap_or_default();
            let c = claims.get(&l.line_no).copied().unwrap_or_default();
            (
                l.line_no,
                Returnable {
                    accepted: (accepted - r).max(Decimal::ZERO),
                    refused: (damaged - c).max(Decimal::ZERO),
                },
            )
        })
        .collect()
}

/// What the hub does with a return a device sends.
// Short-lived (one per decision): boxing the record would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenOutcome {
    Record(Return),
    /// The same return is already recorded (a retry): nothing to write.
    AlreadyRecorded,
}

fn text_ok(t: &str, max: usize, required: bool) -> bool {
    let n = t.chars().count();
    n <= max && (!required || n > 0) && !t.chars().any(|c| c.is_control() && c != '\n')
}

/// A buyer (or an admin) opens a return. `existing` is the record under the draft's id,
/// `order` the order it names, `others` the returns already on that order.
pub fn open(
    existing: Option<&Return>,
    draft: &ReturnDraft,
    order: Option<&PurchaseOrder>,
    others: &[&Return],
    author: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<OpenOutcome, Refusal> {
    if !roles.iter().any(|r| matches!(r, Role::Buyer | Role::Admin)) {
        return Err(Reason::ReturnRole {}.into());
    }
    if draft.id.trim().is_empty() || draft.id.len() > MAX_ID {
        return Err(Reason::ReturnIdInvalid { max: MAX_ID }.into());
    }
    if let Some(e) = existing {
        let mut same = draft.clone();
        same.reason = same.reason.trim().to_owned();
        same.note = same.note.trim().to_owned();
        return if e.draft() == same && e.created_by == *author.0 {
            Ok(OpenOutcome::AlreadyRecorded)
        } else {
            Err(Reason::ReturnExists {}.into())
        };
    }
    let Some(order) = order.filter(|o| o.id == draft.order_id) else {
        return Err(Reason::ReturnNoOrder {}.into());
    };
    if draft.lines.is_empty() || draft.lines.len() > MAX_LINES {
        return Err(Reason::ReturnLines { max: MAX_LINES }.into());
    }
    let reason = draft.reason.trim();
    if !text_ok(reason, MAX_REASON, true) {
        return Err(Reason::ReturnReasonRequired { max: MAX_REASON }.into());
    }
    let note = draft.note.trim();
    if !text_ok(note, MAX_NOTE, false) {
        return Err(Reason::ReturnNoteTooLong { max: MAX_NOTE }.into());
    }
    if let Some(photo) = &draft.photo {
        check_photo(photo)?;
    }
    let room = returnable(order, others);
    let mut seen = std::collections::BTreeSet::new();
    let mut lines = Vec::with_capacity(draft.lines.len());
    for l in &draft.lines {
        let n = l.order_line;
        let Some(room) = room.get(&n) else {
            return Err(Reason::ReturnNoLine { line: n }.into());
        };
        if !seen.insert((n, l.from)) {
            return Err(Reason::ReturnLineTwice { line: n }.into());
        }
        if l.quantity <= Decimal::ZERO {
            return Err(Reason::ReturnQuantityInvalid { line: n }.into());
        }
        money::check_quantity(l.quantity).map_err(|e| Refusal::from(Reason::money(Some(n), &e)))?;
        let available = match l.from {
            ReturnFrom::Accepted => room.accepted,
            ReturnFrom::Refused => room.refused,
        };
        if l.quantity > available {
            return Err(Reason::ReturnTooMany {
                line: n,
                quantity: l.quantity.normalize(),
                available: available.normalize(),
            }
            .into());
        }
        lines.push(ReturnLine {
            order_line: n,
            quantity: l.quantity.normalize(),
            from: l.from,
        });
    }
    Ok(OpenOutcome::Record(Return {
        id: draft.id.clone(),
        number: number_for(&draft.id),
        supplier_id: order.supplier_id.clone(),
        supplier_name: order.supplier_name.clone(),
        order_id: order.id.clone(),
        order_number: order.number.clone(),
        lines,
        remedy: draft.remedy,
        reason: reason.to_owned(),
        note: note.to_owned(),
        photo: draft.photo.clone(),
        created_by: author.0.clone(),
        created_by_name: author.1.to_owned(),
        created_at_ms: now_ms,
        status: ReturnStatus::Requested,
        history: vec![StatusChange {
            status: ReturnStatus::Requested,
            by: author.0.to_string(),
            by_name: author.1.to_owned(),
            at_ms: now_ms,
            note: String::new(),
        }],
        revision: 1,
    }))
}

/// The steps a supplier may take from `from` on a return with `remedy`.
pub fn next_statuses(from: ReturnStatus, remedy: Remedy) -> &'static [ReturnStatus] {
    match (from, remedy) {
        (ReturnStatus::Requested, _) => &[ReturnStatus::Accepted, ReturnStatus::Refused],
        (ReturnStatus::Accepted, _) => &[ReturnStatus::Collected],
        (ReturnStatus::Collected, Remedy::Replace) => &[ReturnStatus::Replaced],
        (ReturnStatus::Collected, Remedy::Refund) => &[ReturnStatus::Credited],
        _ => &[],
    }
}

fn step(ret: &Return, to: ReturnStatus, by: (&str, &str), note: &str, now_ms: i64) -> Return {
    let mut next = ret.clone();
    next.status = to;
    next.history.push(StatusChange {
        status: to,
        by: by.0.to_owned(),
        by_name: by.1.to_owned(),
        at_ms: now_ms,
        note: note.to_owned(),
    });
    next.revision = ret.revision.saturating_add(1);
    next
}

/// The supplier moves its return forward. `Ok(None)`: the return is at `to` already (the same
/// update sent again), nothing to write. Another supplier's return is refused as unknown.
pub fn supplier_update(
    ret: &Return,
    supplier: (&SupplierId, &str),
    to: ReturnStatus,
    note: &str,
    now_ms: i64,
) -> Result<Option<Return>, Refusal> {
    if ret.supplier_id != *supplier.0 {
        return Err(Reason::ReturnNotFound {}.into());
    }
    let note = note.trim();
    if !text_ok(note, MAX_NOTE, false) {
        return Err(Reason::ReturnNoteTooLong { max: MAX_NOTE }.into());
    }
    if ret.status == to {
        return Ok(None);
    }
    if !next_statuses(ret.status, ret.remedy).contains(&to) {
        return Err(Reason::ReturnStatusInvalid {
            from: ret.status.key().to_owned(),
            to: to.key().to_owned(),
        }
        .into());
    }
    Ok(Some(step(
        ret,
        to,
        (supplier.0.as_str(), supplier.1),
        note,
        now_ms,
    )))
}

/// The buyer (or an admin) withdraws a return the supplier has not answered yet.
pub fn cancel(
    ret: &Return,
    revision: u32,
    author: (&UserId, &str),
    roles: &[Role],
    now_ms: i64,
) -> Result<Return, Refusal> {
    if !roles.iter().any(|r| matches!(r, Role::Buyer | Role::Admin)) {
        return Err(Reason::ReturnRole {}.into());
    }
    if revision != ret.revision {
        return Err(Reason::ReturnStale {
            revision: ret.revision,
            base: revision,
        }
        .into());
    }
    if ret.status != ReturnStatus::Requested {
        return Err(Reason::ReturnStatusInvalid {
            from: ret.status.key().to_owned(),
            to: ReturnStatus::Cancelled.key().to_owned(),
        }
        .into());
    }
    Ok(step(
        ret,
        ReturnStatus::Cancelled,
        (author.0.as_str(), author.1),
        "",
        now_ms,
    ))
}

/// A credit note `number` recorded for the return's order that names the return (its
/// `credit_for` is the return's number): a refund return the supplier has not refused is
/// credited. `None`: nothing changes (a replace return, one refused, cancelled or credited
/// already, or a credit note naming another).
pub fn credited_by(
    ret: &Return,
    credit_for: Option<&str>,
    credit_note: &str,
    supplier_name: &str,
    now_ms: i64,
) -> Option<Return> {
    let names_it = credit_for.is_some_and(|c| c.trim().eq_ignore_ascii_case(&ret.number));
    if !names_it || ret.remedy != Remedy::Refund || ret.status.is_final() {
        return None;
    }
    Some(step(
        ret,
        ReturnStatus::Credited,
        (ret.supplier_id.as_str(), supplier_name),
        credit_note
            .chars()
            .take(MAX_NOTE)
            .collect::<String>()
            .as_str(),
        now_ms,
    ))
}
