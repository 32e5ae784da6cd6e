//! What changed between two revisions of a requisition, as an approver sees it: lines added,
//! removed or changed, the cost centre, account, delivery address and total. A resubmission
//! keeps earlier approvals only when nothing an approver decided on changed
//! ([`RevisionChanges::keeps_approvals`]); the detail page shows the same differences.

use super::requisition::RequisitionLine;
use rust_decimal::Decimal;

pub use super::requisition::RevisionContent;

/// A line of the same item whose terms changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    pub before: RequisitionLine,
    pub after: RequisitionLine,
}

/// A value that changed, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed<T> {
    pub before: T,
    pub after: T,
}

/// The differences between two revisions; empty parts did not change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisionChanges {
    pub lines_added: Vec<RequisitionLine>,
    pub lines_removed: Vec<RequisitionLine>,
    pub lines_changed: Vec<LineChange>,
    pub cost_centre: Option<Changed<String>>,
    pub account: Option<Changed<String>>,
    pub delivery_address: Option<Changed<String>>,
    /// Net totals, when they differ.
    pub net_total: Option<Changed<Decimal>>,
    /// Gross totals, when they differ.
    pub gross_total: Option<Changed<Decimal>>,
}

/// Which item a line is: the catalog item, or for a free-text line its description.
fn item_key(l: &RequisitionLine) -> String {
    match &l.item_id {
        Some(id) => format!("item:{id}"),
        None => format!("text:{}", l.description.trim().to_lowercase()),
    }
}

/// The terms of a line an approver decides on, apart from the item.
fn terms(l: &RequisitionLine) -> (&str, Decimal, Decimal, &str, &str) {
    (
        l.supplier_id.as_str().trim(),
        l.quantity.normalize(),
        l.unit_price.normalize(),
        l.currency.trim(),
        l.unit.trim(),
    )
}

fn changed<T: PartialEq + Clone>(before: &T, after: &T) -> Option<Changed<T>> {
    (before != after).then(|| Changed {
        before: before.clone(),
        after: after.clone(),
    })
}

/// The differences from `before` to `after`. Lines are matched by item (in order, each at most
/// once); a matched line whose supplier, quantity, unit price, currency or unit differ is
/// changed, an unmatched one added or removed.
pub fn changes(before: &RevisionContent, after: &RevisionContent) -> RevisionChanges {
    let mut out = RevisionChanges::default();
    let mut matched = vec![false; after.lines.len()];
    for old in &before.lines {
        let key = item_key(old);
        let found = after
            .lines
            .iter()
            .enumerate()
            .find(|(i, l)| !matched[*i] && item_key(l) == key);
        match found {
            Some((i, new)) => {
                matched[i] = true;
                if terms(old) != terms(new) {
                    out.lines_changed.push(LineChange {
                        before: old.clone(),
                        after: new.clone(),
                    });
                }
            }
            None => out.lines_removed.push(old.clone()),
        }
    }
    out.lines_added = after
        .lines
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(l, _)| l.clone())
        .collect();
    let trimmed = |s: &str| s.trim().to_owned();
    out.cost_centre = changed(
        &trimmed(before.cost_centre.as_str()),
        &trimmed(after.cost_centre.as_str()),
    );
    out.account = changed(
        &trimmed(before.account.as_str()),
        &trimmed(after.account.as_str()),
    );
    out.delivery_address = changed(
        &trimmed(&before.delivery_address),
        &trimmed(&after.delivery_address),
    );
    out.net_total = changed(&before.totals.net, &after.totals.net);
    out.gross_total = changed(&before.totals.gross, &after.totals.gross);
    out
}

impl RevisionChanges {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether the total (net or gross) grew.
    pub fn total_grew(&self) -> bool {
        let grew = |c: &Option<Changed<Decimal>>| c.as_ref().is_some_and(|c| c.after > c.before);
        grew(&self.net_total) || grew(&self.gross_total)
    }

    /// An earlier approval still stands only when the lines, cost centre, account and delivery
    /// address are as the approver saw them and the total did not grow.
    pub fn keeps_approvals(&self) -> bool {
        self.lines_added.is_empty()
            && self.lines_removed.is_empty()
            && self.lines_changed.is_empty()
            && self.cost_centre.is_none()
            && self.account.is_none()
            && self.delivery_address.is_none()
            && !self.total_grew()
    }

    /// Why earlier approvals do not stand, for the audit trail (English, like every audit
    /// detail): `lines added (1), removed (1); cost centre CC-100 → CC-300; …`. Empty when they
    /// do.
    pub fn reasons(&self, currency: &str) -> String {
        if self.keeps_approvals() {
            return String::new();
        }
        let mut parts = Vec::new();
        let mut lines = Vec::new();
        if !self.lines_added.is_empty() {
            lines.push(format!("added ({})", self.lines_added.len()));
        }
        if !self.lines_removed.is_empty() {
            lines.push(format!("removed ({})", self.lines_removed.len()));
        }
        if !self.lines_changed.is_empty() {
            lines.push(format!("changed ({})", self.lines_changed.len()));
        }
        if !lines.is_empty() {
            parts.push(format!("lines {}", lines.join(", ")));
        }
        for (what, c) in [
            ("cost centre", &self.cost_centre),
            ("account", &self.account),
        ] {
            if let Some(c) = c {
                parts.push(format!("{what} {} → {}", c.before, c.after));
            }
        }
        if self.delivery_address.is_some() {
            parts.push("delivery address".into());
        }
        if let Some(c) = self.net_total.as_ref().or(self.gross_total.as_ref()) {
            parts.push(format!(
                "total {} → {}",
                procura_ground::money::format(c.before, currency),
                procura_ground::money::format(c.after, currency)
            ));
        }
        parts.join("; ")
    }
}
