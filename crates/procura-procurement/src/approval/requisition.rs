//! A requisition: what a buyer asks to buy, for which cost centre, and where it stands on its
//! approval route. The record the hub keeps and every device pulls.

use super::policy::{GroupMode, Policy};
use procura_ground::date::{self, Date, Quarter};
use procura_ground::id::{AccountCode, CostCentreCode, ItemId, RequisitionId, SupplierId, UserId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One line: a catalog offer or a free-text (non-catalog) request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequisitionLine {
    /// The catalog item (`{supplier}/{sku}`), or `None` for a free-text line.
    pub item_id: Option<ItemId>,
    pub description: String,
    /// The supplier of a catalog line; the suggested one (may be empty) of a free-text line.
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    /// UNSPSC code (8 digits) or empty.
    #[serde(default)]
    pub unspsc: String,
    pub quantity: Decimal,
    /// UN/ECE Rec 20 code.
    pub unit: String,
    /// Net price of one unit in `currency`: the catalog's tier price at `quantity`, or the
    /// buyer's estimate on a free-text line.
    pub unit_price: Decimal,
    pub currency: String,
    /// `None`: the policy's default rate.
    #[serde(default)]
    pub tax_percent: Option<Decimal>,
    #[serde(default)]
    pub note: String,
    /// The contract whose agreed price this catalog line carries (the hub sets it when it
    /// verifies the line; what a device says is not trusted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<procura_ground::id::ContractRef>,
}

impl RequisitionLine {
    pub fn is_catalog(&self) -> bool {
        self.item_id.is_some()
    }

    pub fn segment(&self) -> &str {
        self.unspsc.get(..2).unwrap_or("")
    }
}

/// What the buyer fills in; submitted as a whole (editable until then, and again when returned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequisitionDraft {
    /// Made on the device (a UUID); the same for every revision.
    pub id: RequisitionId,
    /// The revision this draft edits: 0 for a new requisition, else the returned revision.
    pub base_revision: u32,
    pub title: String,
    pub cost_centre: CostCentreCode,
    pub account: AccountCode,
    /// `YYYY-MM-DD`, `""` while not chosen. A text that is not a day reads as `None` (and is
    /// refused on submission as [`procura_ground::reason::Reason::NeedByInvalid`]).
    #[serde(with = "date::day_or_empty")]
    pub need_by: Option<Date>,
    pub delivery_address: String,
    pub justification: String,
    pub lines: Vec<RequisitionLine>,
}

pub use procura_ground::vocab::Status;

/// Totals in the policy currency, rounded to cents per line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub net: Decimal,
    pub tax: Decimal,
    pub gross: Decimal,
}

/// One approval given on a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Who clicked.
    pub by: UserId,
    pub by_name: String,
    /// Whose approval it counts as (`by` itself, or the person who delegated to `by`).
    pub principal: UserId,
    pub at_ms: i64,
    /// Given by an escalation approver after the step waited too long.
    #[serde(default)]
    pub escalated: bool,
    /// The revision it was given on (kept approvals carry an older one).
    pub revision: u32,
    /// Not a second approval: the same person's approval of an earlier step (`Some(its key)`),
    /// which also counts for this later step they are an approver of. Nobody approves twice in
    /// one route, so without this a person listed in two steps would leave the route stuck.
    #[serde(default)]
    pub carried_from: Option<String>,
}

/// One step of a route. Steps run in order; a step's approvers may act once the steps before
/// it are complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteStep {
    /// `{rule id}` for a group, `chain-{level}` for a manager level: stable across revisions.
    pub key: String,
    pub name: String,
    pub mode: GroupMode,
    pub approvers: Vec<UserId>,
    /// The smallest `min_total` among the rules that made this step (for keeping approvals).
    pub threshold: Option<Decimal>,
    pub approvals: Vec<Approval>,
}

impl RouteStep {
    pub fn is_complete(&self) -> bool {
        if self.approvals.iter().any(|a| a.escalated) {
            return true;
        }
        match self.mode {
            GroupMode::AnyOf => !self.approvals.is_empty(),
            GroupMode::AllOf => self
                .approvers
                .iter()
                .all(|p| self.approvals.iter().any(|a| &a.principal == p)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requisition {
    pub id: RequisitionId,
    /// 1 on submission, +1 on each resubmission.
    pub revision: u32,
    pub requester: UserId,
    pub requester_name: String,
    pub title: String,
    pub cost_centre: CostCentreCode,
    pub account: AccountCode,
    /// `YYYY-MM-DD`: a submitted requisition always has one.
    #[serde(with = "date::day")]
    pub need_by: Date,
    pub delivery_address: String,
    pub justification: String,
    pub lines: Vec<RequisitionLine>,
    pub currency: String,
    pub totals: Totals,
    pub status: Status,
    pub route: Vec<RouteStep>,
    pub submitted_at_ms: i64,
    /// When the current step became current (escalation counts from here).
    pub step_since_ms: i64,
    /// The last change (for lists and ages).
    pub updated_at_ms: i64,
    /// Every transition, hash-chained ([`super::audit`]).
    pub audit: Vec<AuditEntry>,
    /// What the revision before this one asked for (set on a resubmission), so approvers see
    /// what changed ([`super::changes`]).
    #[serde(default)]
    pub previous: Option<Box<RevisionContent>>,
}

impl Requisition {
    /// The first step not complete, while pending.
    pub fn current_step(&self) -> Option<&RouteStep> {
        if self.status != Status::Pending {
            return None;
        }
        self.route.iter().find(|s| !s.is_complete())
    }

    /// The budget period: the quarter of the need-by date.
    pub fn period(&self) -> Quarter {
        Quarter::of(self.need_by)
    }

    /// The draft this requisition was submitted from (to edit it after a return).
    pub fn draft(&self) -> RequisitionDraft {
        RequisitionDraft {
            id: self.id.clone(),
            base_revision: self.revision,
            title: self.title.clone(),
            cost_centre: self.cost_centre.clone(),
            account: self.account.clone(),
            need_by: Some(self.need_by),
            delivery_address: self.delivery_address.clone(),
            justification: self.justification.clone(),
            lines: self.lines.clone(),
        }
    }
}

/// The budget period of a need-by date: its quarter.
pub fn period_of(need_by: Date) -> Quarter {
    Quarter::of(need_by)
}

/// Why a line or total cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotalsError {
    #[error("line {line}: there is no exchange rate from {currency} to {to}")]
    NoRate {
        line: usize,
        currency: String,
        to: String,
    },
    /// A quantity, price or amount past the bounds of [`procura_ground::money`].
    #[error("line {line}: {error}")]
    Money {
        line: usize,
        error: procura_ground::money::MoneyError,
    },
}

impl TotalsError {
    /// The refusal code: `no_rate` for a missing rate, the money error's code otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            TotalsError::NoRate { .. } => "no_rate",
            TotalsError::Money { error, .. } => error.code(),
        }
    }

    /// The typed reason, for a refusal.
    pub fn reason(&self) -> procura_ground::reason::Reason {
        use procura_ground::reason::Reason;
        match self {
            TotalsError::NoRate { line, currency, to } => Reason::NoRate {
                line: *line as u32,
                currency: currency.clone(),
                to: to.clone(),
            },
            TotalsError::Money { line, error } => Reason::money(Some(*line as u32), error),
        }
    }
}

/// Checks a line's quantity, unit price and tax rate against the bounds of [`procura_ground::money`].
pub fn check_line_bounds(line: &RequisitionLine) -> Result<(), procura_ground::money::MoneyError> {
    procura_ground::money::check_quantity(line.quantity)?;
    procura_ground::money::check_price(line.unit_price)?;
    if let Some(t) = line.tax_percent {
        procura_ground::money::check_tax_percent(t)?;
    }
    Ok(())
}

/// The net, tax and gross totals of `lines` in the policy currency, by the rounding rule of
/// [`procura_ground::money`]: each line's net is rounded in its own currency, then converted and
/// rounded to the policy currency's minor units, so the totals equal the sum of the lines
/// shown and each line agrees with the order documents. A value past the bounds is an error.
pub fn totals(lines: &[RequisitionLine], policy: &Policy) -> Result<Totals, TotalsError> {
    use procura_ground::money;
    for (i, line) in lines.iter().enumerate() {
        check_line_bounds(line).map_err(|error| TotalsError::Money { line: i + 1, error })?;
    }
    // Each currency's lines become one order whose total must stay within the bounds too,
    // though a cheap currency's sum may convert to a small policy amount.
    net_by_currency(lines)?;
    let mut t = Totals::default();
    for (i, line) in lines.iter().enumerate() {
        let money_err = |error| TotalsError::Money { line: i + 1, error };
        let rate = policy
            .rate(&line.currency)
            .ok_or_else(|| TotalsError::NoRate {
                line: i + 1,
                currency: line.currency.clone(),
                to: policy.currency.clone(),
            })?;
        let own =
            money::line_net(line.quantity, line.unit_price, &line.currency).map_err(money_err)?;
        let net = money::convert(own, rate, &policy.currency).map_err(money_err)?;
        let percent = line.tax_percent.unwrap_or(policy.default_tax_percent);
        let tax = money::tax(net, percent, &policy.currency).map_err(money_err)?;
        t.net = money::add(t.net, net).map_err(money_err)?;
        t.tax = money::add(t.tax, tax).map_err(money_err)?;
    }
    t.gross = money::add(t.net, t.tax).map_err(|error| TotalsError::Money {
        line: lines.len(),
        error,
    })?;
    Ok(t)
}

/// The net of `lines` per currency, each line rounded in its own currency: what the purchase
/// orders made from these lines state as their totals (one currency per order).
pub fn net_by_currency(
    lines: &[RequisitionLine],
) -> Result<std::collections::BTreeMap<String, Decimal>, TotalsError> {
    let mut by = std::collections::BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let money_err = |error| TotalsError::Money { line: i + 1, error };
        let net = procura_ground::money::line_net(line.quantity, line.unit_price, &line.currency)
            .map_err(money_err)?;
        let entry: &mut Decimal = by.entry(line.currency.clone()).or_default();
        *entry = procura_ground::money::add(*entry, net).map_err(money_err)?;
    }
    Ok(by)
}

/// A title made of the lines' descriptions, for a requisition the buyer did not name: as many
/// whole descriptions as fit in `max_chars` characters, joined by `separator` (", " or "、"),
/// then `more(n)` for the `n` left out ("+ 2 more"). A first description too long on its own
/// is cut and ends in "…". Blank descriptions are skipped; no lines give "".
pub fn title_from_lines(
    descriptions: &[&str],
    separator: &str,
    more: impl Fn(usize) -> String,
    max_chars: usize,
) -> String {
    let names: Vec<&str> = descriptions
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .collect();
    let suffix = |left: usize| {
        if left == 0 {
            String::new()
        } else {
            format!(" {}", more(left))
        }
    };
    for shown in (1..=names.len()).rev() {
        let title = format!(
            "{}{}",
            names[..shown].join(separator),
            suffix(names.len() - shown)
        );
        if title.chars().count() <= max_chars {
            return title;
        }
    }
    let Some(first) = names.first() else {
        return String::new();
    };
    let tail = suffix(names.len() - 1);
    let room = max_chars.saturating_sub(tail.chars().count() + 1);
    let cut: String = first.chars().take(room).collect();
    format!("{}…{tail}", cut.trim_end())
}

/// One entry of the audit trail (hash-chained; the rules are in [`super::audit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Submitted,
    Resubmitted,
    Approved,
    Rejected,
    Returned,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u32,
    pub at_ms: i64,
    pub actor: UserId,
    pub actor_name: String,
    /// Set when the actor acted for someone else (delegation): "actor for on_behalf_of".
    #[serde(default)]
    pub on_behalf_of: Option<UserId>,
    #[serde(default)]
    pub on_behalf_of_name: Option<String>,
    pub action: AuditAction,
    pub revision: u32,
    /// The route step decided, for approvals, rejections and returns.
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub comment: String,
    /// What else the rules noted (kept approvals, escalation, a budget overrun under *warn*).
    #[serde(default)]
    pub detail: String,
    /// Hash of the requisition's content (lines, totals, coding) after this transition.
    pub content: String,
    /// The previous entry's hash (empty for the first).
    pub prev: String,
    pub hash: String,
}

/// What an approver saw of one revision that matters to the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionContent {
    pub revision: u32,
    pub lines: Vec<RequisitionLine>,
    pub cost_centre: CostCentreCode,
    pub account: AccountCode,
    pub delivery_address: String,
    pub totals: Totals,
}

impl From<&Requisition> for RevisionContent {
    fn from(r: &Requisition) -> Self {
        Self {
            revision: r.revision,
            lines: r.lines.clone(),
            cost_centre: r.cost_centre.clone(),
            account: r.account.clone(),
            delivery_address: r.delivery_address.clone(),
            totals: r.totals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::title_from_lines;

    fn more(n: usize) -> String {
        format!("+ {n} more")
    }

    #[test]
    fn titles_take_whole_descriptions_that_fit_then_count_the_rest() {
        let check = |lines: &[&str], max: usize, expected: &str| {
            let title = title_from_lines(lines, ", ", more, max);
            assert_eq!(title, expected);
            assert!(
                title.chars().count() <= max,
                "{title:?} is longer than {max}"
            );
        };
        check(&[], 80, "");
        check(&["  ", ""], 80, "");
        check(&["Copy paper A4"], 80, "Copy paper A4");
        check(
            &["Copy paper A4", "Ballpoint pens"],
            80,
            "Copy paper A4, Ballpoint pens",
        );
        check(
            &["Copy paper A4", "Ballpoint pens", "Stapler", "Toner"],
            40,
            "Copy paper A4, Ballpoint pens + 2 more",
        );
        check(&["Copy paper A4", " ", "Toner"], 80, "Copy paper A4, Toner");
        check(
            &["A very long product name", "Pens"],
            16,
            "A very… + 1 more",
        );
        check(&["A very long product name"], 10, "A very lo…");
    }

    #[test]
    fn chinese_titles_count_characters_not_bytes() {
        let title = title_from_lines(&["复印纸 A4", "圆珠笔"], "、", |n| format!("等 {n} 项"), 12);
        assert_eq!(title, "复印纸 A4、圆珠笔");
        let title = title_from_lines(
            &["复印纸 A4", "圆珠笔", "订书机"],
            "、",
            |n| format!("等 {n} 项"),
            12,
        );
        assert_eq!(title, "复印纸 A4 等 2 项");
    }
}
