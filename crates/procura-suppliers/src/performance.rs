//! Scorecards from what suppliers actually did: on-time delivery, quantity accuracy, quality,
//! price stability, responsiveness and lead-time reliability computed from order lines, plus
//! the buyers' evaluations ([`crate::scorecard`]), weighted into one score whose **standing**
//! (blocked, warn, fair, good) the organisation's [`StandingPolicy`] sets.
//!
//! This module knows no order: the orders crate turns its purchase orders into neutral
//! [`LineFacts`] (one per order line) and everything here works on those.
//!
//! ## Periods
//! A line belongs to the quarter its order was **placed** in (`ordered_at_ms`), so a line's
//! quarter never moves as receipts arrive, and one quarter's figures are all about the orders
//! placed in it. Evaluations belong to the quarter they name.
//!
//! ## When a line is judged
//! Scores are computed as of a day (`as_of`). A line is *judged* for delivery once it is
//! received in full, or once its due day (the promised date, else the need-by date) is before
//! `as_of`: an open line that is not due yet says nothing about the supplier.
//!
//! ## The measures (each 0–100, `None` without data)
//! - **On time** ([`MetricKind::OnTime`]): judged lines received in full (accepted quantity ≥
//!   ordered) on or before the due day, over judged lines. Figure: the share, 0–1.
//! - **Quantity accuracy** ([`MetricKind::QuantityAccuracy`]): per judged line,
//!   `max(0, 1 − |delivered − ordered| / ordered)` with delivered = accepted + damaged, averaged.
//!   Figure: that average.
//! - **Quality** ([`MetricKind::Quality`]): accepted / (accepted + damaged) over every receipt
//!   of the quarter's lines. Figure: the share. Basis: lines with a receipt.
//! - **Price stability** ([`MetricKind::PriceStability`]): per acknowledged line, the rise of
//!   the confirmed over the agreed unit price, `r = max(0, (confirmed − agreed) / agreed)`; the
//!   line scores `max(0, 1 − 10·r)` (a 10 % rise scores nothing; a lower price is no penalty),
//!   averaged. Figure: the share of acknowledged lines whose price went up.
//! - **Responsiveness** ([`MetricKind::Responsiveness`]): per order sent, the hours from sending
//!   to the supplier's acknowledgement: 100 up to [`RESPONSE_FULL_HOURS`], falling linearly to
//!   0 at [`RESPONSE_ZERO_HOURS`]; an order not acknowledged scores 0 once that long has passed
//!   by `as_of` and is not counted before. Figure: mean hours to acknowledge (of those that
//!   were).
//! - **Lead-time reliability** ([`MetricKind::LeadTime`]): per line received in full whose item
//!   has a catalog lead time, actual days (order day → day of the receipt completing it) against
//!   the catalog's: 1 when within it, `max(0, 1 − (actual − catalog) / max(catalog, 1))` when
//!   over (twice the lead time scores nothing), averaged. Figure: mean actual / catalog days.
//! - **Evaluations** ([`MetricKind::Evaluations`]): the mean of the quarter's evaluations'
//!   weighted overall (1–5, [`crate::scorecard::WEIGHTS`]) scaled to 0–100 (1 → 0, 5 → 100).
//!   Figure: that 1–5 mean. Basis: evaluations.
//!
//! The overall score is the weighted mean of the measures that have data (a measure without
//! data neither helps nor hurts); `None` when none has. Its standing follows the policy's bands.
//!
//! ## The current standing
//! [`current_standing`] pools the **last four quarters that have data** up to and including
//! the current one (a rolling year of the supplier's own activity), so a standing does not fall
//! back to unrated at each quarter's start, nor for a supplier nobody ordered from lately. A
//! blocked supplier leaves the band through new evidence: a colleague's evaluation, lines still
//! open being delivered, or an admin changing the bands.

use crate::scorecard::{self, Evaluation};
use procura_ground::date::{self, Date, Quarter};
use procura_ground::id::SupplierId;
use procura_ground::reason::{Reason, Refusal};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An acknowledgement within this many hours scores full marks for responsiveness.
pub const RESPONSE_FULL_HOURS: f64 = 24.0;
/// An acknowledgement this late (or none by then) scores nothing: a week.
pub const RESPONSE_ZERO_HOURS: f64 = 168.0;
/// How many quarters with data [`current_standing`] pools.
pub const STANDING_WINDOW_QUARTERS: usize = 4;

/// What happened to one order line, as the orders crate reads it from the order's events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineFacts {
    pub supplier_id: SupplierId,
    pub order_id: String,
    pub line_no: u32,
    /// When the order was made (its quarter is the line's).
    pub ordered_at_ms: i64,
    /// When the supplier endpoint accepted the order; `None`: not sent (yet).
    pub sent_at_ms: Option<i64>,
    /// The supplier's first acknowledgement of the order.
    pub acknowledged_at_ms: Option<i64>,
    /// Ordered quantity, or what the supplier confirmed when it changed it.
    pub quantity: Decimal,
    /// The requisition's need-by day.
    #[serde(with = "date::day")]
    pub need_by: Date,
    /// The delivery day the supplier confirmed, when it gave one.
    #[serde(default, with = "date::day_opt")]
    pub promised: Option<Date>,
    /// The unit price on the order (what the requisition approved).
    pub agreed_price: Decimal,
    /// The unit price the supplier confirmed (the agreed one when it acknowledged without a
    /// change); `None` before an acknowledgement.
    pub confirmed_price: Option<Decimal>,
    /// The order's currency (ISO 4217), for totals across suppliers.
    pub currency: String,
    /// The catalog item's lead time in days, for a catalog line.
    pub catalog_lead_days: Option<u32>,
    /// Goods receipts of the line, oldest first.
    pub receipts: Vec<ReceiptFacts>,
}

/// One goods receipt of one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceiptFacts {
    pub at_ms: i64,
    /// Taken into stock.
    pub accepted: Decimal,
    /// Refused at the door (damaged or wrong).
    pub damaged: Decimal,
}

impl LineFacts {
    /// The day the line is due: the promised day, else the need-by day.
    pub fn due(&self) -> Date {
        self.promised.unwrap_or(self.need_by)
    }

    /// When the receipts first add up to the quantity (accepted only), if they do.
    pub fn received_in_full_at_ms(&self) -> Option<i64> {
        let mut accepted = Decimal::ZERO;
        let mut receipts: Vec<&ReceiptFacts> = self.receipts.iter().collect();
        receipts.sort_by_key(|r| r.at_ms);
        for r in receipts {
            accepted = accepted.saturating_add(r.accepted);
            if accepted >= self.quantity {
                return Some(r.at_ms);
            }
        }
        None
    }

    fn quarter(&self) -> Quarter {
        Quarter::of(date::day_of_ms(self.ordered_at_ms))
    }

    fn judged(&self, as_of: Date) -> bool {
        self.received_in_full_at_ms().is_some() || self.due() < as_of
    }
}

/// The measures of a scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    OnTime,
    QuantityAccuracy,
    Quality,
    PriceStability,
    Responsiveness,
    LeadTime,
    Evaluations,
}

impl MetricKind {
    pub const ALL: [MetricKind; 7] = [
        MetricKind::OnTime,
        MetricKind::QuantityAccuracy,
        MetricKind::Quality,
        MetricKind::PriceStability,
        MetricKind::Responsiveness,
        MetricKind::LeadTime,
        MetricKind::Evaluations,
    ];

    /// The stable name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::OnTime => "on_time",
            MetricKind::QuantityAccuracy => "quantity_accuracy",
            MetricKind::Quality => "quality",
            MetricKind::PriceStability => "price_stability",
            MetricKind::Responsiveness => "responsiveness",
            MetricKind::LeadTime => "lead_time",
            MetricKind::Evaluations => "evaluations",
        }
    }
}

/// One measure of one supplier in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub kind: MetricKind,
    /// 0..=100; `None` without data.
    pub score: Option<f64>,
    /// Lines (orders for responsiveness, evaluations for evaluations) behind it.
    pub basis: u32,
    /// The raw figure the score comes from (see the module's list), `None` without data.
    pub figure: Option<f64>,
}

/// How the organisation weighs the measures and where the standings begin. Scores are 0–100:
/// below `blocked_below` is blocked, below `warn_below` a warning, below `good_from` fair,
/// from `good_from` good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingPolicy {
    /// Each measure's weight, 0..=100 (relative: they need not sum to 100). A measure not
    /// listed weighs 0.
    pub weights: Vec<(MetricKind, u32)>,
    pub blocked_below: u32,
    pub warn_below: u32,
    pub good_from: u32,
}

impl Default for StandingPolicy {
    /// Delivery and quality first (on time 25, quality 25), the buyers' evaluations 15,
    /// quantity, price and lead time 10 each, responsiveness 5; 0–30 blocked, 30–50 warn,
    /// 50–80 fair, 80–100 good.
    fn default() -> Self {
        Self {
            weights: vec![
                (MetricKind::OnTime, 25),
                (MetricKind::QuantityAccuracy, 10),
                (MetricKind::Quality, 25),
                (MetricKind::PriceStability, 10),
                (MetricKind::Responsiveness, 5),
                (MetricKind::LeadTime, 10),
                (MetricKind::Evaluations, 15),
            ],
            blocked_below: 30,
            warn_below: 50,
            good_from: 80,
        }
    }
}

/// The largest weight of one measure.
pub const MAX_WEIGHT: u32 = 100;

impl StandingPolicy {
    /// Every problem: a weight above [`MAX_WEIGHT`] or a measure weighted twice, no positive
    /// weight, bands that do not rise (`blocked_below ≤ warn_below ≤ good_from ≤ 100`).
    pub fn problems(&self) -> Vec<Reason> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (kind, weight) in &self.weights {
            if *weight > MAX_WEIGHT || !seen.insert(*kind) {
                problems.push(Reason::StandingWeightInvalid {
                    metric: kind.as_str().to_owned(),
                    weight: *weight,
                });
            }
        }
        if !self.weights.iter().any(|(_, w)| *w > 0) {
            problems.push(Reason::StandingNoWeight {});
        }
        if !(self.blocked_below <= self.warn_below
            && self.warn_below <= self.good_from
            && self.good_from <= 100)
        {
            problems.push(Reason::StandingBandsUnordered {
                blocked_below: self.blocked_below,
                warn_below: self.warn_below,
                good_from: self.good_from,
            });
        }
        problems
    }

    /// Whether it is [`StandingPolicy::default`].
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// The weight of `kind` (0 when not listed).
    pub fn weight(&self, kind: MetricKind) -> u32 {
        self.weights
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, w)| (*w).min(MAX_WEIGHT))
    }

    /// The standing of an overall score.
    pub fn standing(&self, overall: Option<f64>) -> Standing {
        match overall {
            None => Standing::Unrated,
            Some(s) if s < f64::from(self.blocked_below) => Standing::Blocked,
            Some(s) if s < f64::from(self.warn_below) => Standing::Warn,
            Some(s) if s < f64::from(self.good_from) => Standing::Fair,
            Some(_) => Standing::Good,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Its items cannot be ordered: the hub refuses requisitions and orders naming it.
    Blocked,
    /// Shown as a warning in the cart, the requisition and the approver's view.
    Warn,
    Fair,
    Good,
    /// No measure has data.
    Unrated,
}

/// One supplier's scorecard over one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierScore {
    pub supplier_id: SupplierId,
    /// The (last) quarter the score covers.
    pub quarter: Quarter,
    /// The first quarter it covers: `quarter` itself for one quarter's score, earlier for
    /// [`current_standing`]'s pooled window.
    pub first_quarter: Quarter,
    /// One per [`MetricKind::ALL`], in that order.
    pub metrics: Vec<Metric>,
    /// Weighted over the measures with data, 0..=100.
    pub overall: Option<f64>,
    pub standing: Standing,
}

impl SupplierScore {
    pub fn metric(&self, kind: MetricKind) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.kind == kind)
    }
}

fn share(part: Decimal, whole: Decimal) -> Option<f64> {
    if whole <= Decimal::ZERO {
        return None;
    }
    part.checked_div(whole).and_then(|r| r.to_f64())
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn metric(kind: MetricKind, score: Option<f64>, basis: u32, figure: Option<f64>) -> Metric {
    Metric {
        kind,
        score: score.map(|s| (s * 100.0).clamp(0.0, 100.0)),
        basis,
        figure,
    }
}

/// A canonical order for lines, so the result does not depend on the order facts come in.
fn sorted<'a>(lines: impl IntoIterator<Item = &'a LineFacts>) -> Vec<&'a LineFacts> {
    let mut lines: Vec<&LineFacts> = lines.into_iter().collect();
    lines.sort_by(|a, b| {
        (a.order_id.as_str(), a.line_no, a.ordered_at_ms).cmp(&(
            b.order_id.as_str(),
            b.line_no,
            b.ordered_at_ms,
        ))
    });
    lines
}

/// The measures of one supplier's `lines` and `evaluations` as of `as_of`.
fn measure(lines: &[&LineFacts], evaluations: &[&Evaluation], as_of: Date) -> Vec<Metric> {
    let lines = sorted(lines.iter().copied());
    let judged: Vec<&LineFacts> = lines.iter().copied().filter(|l| l.judged(as_of)).collect();

    // On time.
    let on_time = judged
        .iter()
        .filter(|l| {
            l.received_in_full_at_ms()
                .is_some_and(|at| date::day_of_ms(at) <= l.due())
        })
        .count();
    let on_time_share = (!judged.is_empty()).then(|| on_time as f64 / judged.len() as f64);

    // Quantity accuracy.
    let accuracies: Vec<f64> = judged
        .iter()
        .filter(|l| l.quantity > Decimal::ZERO)
        .filter_map(|l| {
            let delivered = l.receipts.iter().fold(Decimal::ZERO, |sum, r| {
                sum.saturating_add(r.accepted).saturating_add(r.damaged)
            });
            let off = share((delivered - l.quantity).abs(), l.quantity)?;
            Some((1.0 - off).max(0.0))
        })
        .collect();

    // Quality.
    let with_receipts: Vec<&&LineFacts> = lines.iter().filter(|l| !l.receipts.is_empty()).collect();
    let (accepted, damaged) = with_receipts
        .iter()
        .flat_map(|l| &l.receipts)
        .fold((Decimal::ZERO, Decimal::ZERO), |(a, d), r| {
            (a.saturating_add(r.accepted), d.saturating_add(r.damaged))
        });
    let quality = share(accepted, accepted.saturating_add(damaged));

    // Price stability.
    let priced: Vec<(f64, bool)> = lines
        .iter()
        .filter_map(|l| {
            let confirmed = l.confirmed_price?;
            let rise = if l.agreed_price > Decimal::ZERO {
                share(
                    (confirmed - l.agreed_price).max(Decimal::ZERO),
                    l.agreed_price,
                )?
            } else if confirmed > Decimal::ZERO {
                1.0
            } else {
                0.0
            };
            Some(((1.0 - 10.0 * rise).max(0.0), confirmed > l.agreed_price))
        })
        .collect();
    let price_scores: Vec<f64> = priced.iter().map(|(s, _)| *s).collect();
    let raised = priced.iter().filter(|(_, up)| *up).count();

    // Responsiveness, per order.
    let mut orders: BTreeMap<&str, (i64, Option<i64>)> = BTreeMap::new();
    for l in &lines {
        if let Some(sent) = l.sent_at_ms {
            let entry = orders.entry(l.order_id.as_str()).or_insert((sent, None));
            entry.0 = entry.0.min(sent);
            if let Some(ack) = l.acknowledged_at_ms {
                entry.1 = Some(entry.1.map_or(ack, |a: i64| a.min(ack)));
            }
        }
    }
    let as_of_end_ms = date::start_ms(date::add_days(as_of, 1));
    let hours = |from: i64, to: i64| (to.saturating_sub(from)).max(0) as f64 / 3_600_000.0;
    let curve = |h: f64| {
        if h <= RESPONSE_FULL_HOURS {
            1.0
        } else {
            ((RESPONSE_ZERO_HOURS - h) / (RESPONSE_ZERO_HOURS - RESPONSE_FULL_HOURS)).max(0.0)
        }
    };
    let mut response_scores = Vec::new();
    let mut ack_hours = Vec::new();
    for (sent, ack) in orders.values() {
        match ack {
            Some(ack) => {
                let h = hours(*sent, *ack);
                ack_hours.push(h);
                response_scores.push(curve(h));
            }
            None if hours(*sent, as_of_end_ms) >= RESPONSE_ZERO_HOURS => {
                response_scores.push(0.0);
            }
            None => {}
        }
    }

    // Lead time.
    let mut lead_scores = Vec::new();
    let mut lead_ratios = Vec::new();
    for l in &lines {
        let (Some(catalog), Some(full)) = (l.catalog_lead_days, l.received_in_full_at_ms()) else {
            continue;
        };
        let actual = (date::day_of_ms(full) - date::day_of_ms(l.ordered_at_ms))
            .whole_days()
            .max(0) as f64;
        let catalog = f64::from(catalog);
        let score = if actual <= catalog {
            1.0
        } else {
            (1.0 - (actual - catalog) / catalog.max(1.0)).max(0.0)
        };
        lead_scores.push(score);
        lead_ratios.push(actual / catalog.max(1.0));
    }

    // Evaluations.
    let cards = scorecard::scorecards(evaluations.iter().copied());
    let evaluated = cards.values().next().and_then(|c| c.overall.to_f64());

    vec![
        metric(
            MetricKind::OnTime,
            on_time_share,
            judged.len() as u32,
            on_time_share,
        ),
        metric(
            MetricKind::QuantityAccuracy,
            mean(&accuracies),
            accuracies.len() as u32,
            mean(&accuracies),
        ),
        metric(
            MetricKind::Quality,
            quality,
            with_receipts.len() as u32,
            quality,
        ),
        metric(
            MetricKind::PriceStability,
            mean(&price_scores),
            priced.len() as u32,
            (!priced.is_empty()).then(|| raised as f64 / priced.len() as f64),
        ),
        metric(
            MetricKind::Responsiveness,
            mean(&response_scores),
            response_scores.len() as u32,
            mean(&ack_hours),
        ),
        metric(
            MetricKind::LeadTime,
            mean(&lead_scores),
            lead_scores.len() as u32,
            mean(&lead_ratios),
        ),
        metric(
            MetricKind::Evaluations,
            evaluated.map(|e| (e - 1.0) / 4.0),
            evaluations.len() as u32,
            evaluated,
        ),
    ]
}

/// The weighted mean of the measures with data (and a positive weight).
pub fn overall(metrics: &[Metric], policy: &StandingPolicy) -> Option<f64> {
    let mut sum = 0.0;
    let mut weights = 0u32;
    for m in metrics {
        let w = policy.weight(m.kind);
        if let (Some(score), true) = (m.score, w > 0) {
            sum += score * f64::from(w);
            weights += w;
        }
    }
    (weights > 0).then(|| (sum / f64::from(weights)).clamp(0.0, 100.0))
}

fn scored(
    supplier_id: &SupplierId,
    (first_quarter, quarter): (Quarter, Quarter),
    lines: &[&LineFacts],
    evaluations: &[&Evaluation],
    as_of: Date,
    policy: &StandingPolicy,
) -> SupplierScore {
    let metrics = measure(lines, evaluations, as_of);
    let overall = overall(&metrics, policy);
    SupplierScore {
        supplier_id: supplier_id.clone(),
        quarter,
        first_quarter,
        metrics,
        overall,
        standing: policy.standing(overall),
    }
}

/// Every supplier's scorecard for `quarter` (lines ordered in it, evaluations naming it) as of
/// the day `as_of`, by supplier id. A supplier with neither lines nor evaluations in the quarter
/// is left out.
pub fn score(
    facts: &[LineFacts],
    evaluations: &[Evaluation],
    quarter: Quarter,
    as_of: Date,
    policy: &StandingPolicy,
) -> Vec<SupplierScore> {
    type Group<'a> = (Vec<&'a LineFacts>, Vec<&'a Evaluation>);
    let mut by_supplier: BTreeMap<&SupplierId, Group<'_>> = BTreeMap::new();
    for l in facts.iter().filter(|l| l.quarter() == quarter) {
        by_supplier.entry(&l.supplier_id).or_default().0.push(l);
    }
    for e in evaluations.iter().filter(|e| e.period == quarter) {
        by_supplier.entry(&e.supplier_id).or_default().1.push(e);
    }
    by_supplier
        .into_iter()
        .map(|(supplier, (lines, evals))| {
            scored(supplier, (quarter, quarter), &lines, &evals, as_of, policy)
        })
        .collect()
}

/// The quarters with data (lines ordered or evaluations) of `supplier`, oldest first.
fn quarters_with_data(
    facts: &[LineFacts],
    evaluations: &[Evaluation],
    supplier: &SupplierId,
) -> BTreeSet<Quarter> {
    facts
        .iter()
        .filter(|l| &l.supplier_id == supplier)
        .map(LineFacts::quarter)
        .chain(
            evaluations
                .iter()
                .filter(|e| &e.supplier_id == supplier)
                .map(|e| e.period),
        )
        .collect()
}

/// One supplier's scorecard per quarter with data, oldest first, up to the quarter of `as_of`.
pub fn trend(
    facts: &[LineFacts],
    evaluations: &[Evaluation],
    supplier: &SupplierId,
    as_of: Date,
    policy: &StandingPolicy,
) -> Vec<SupplierScore> {
    let now = Quarter::of(as_of);
    quarters_with_data(facts, evaluations, supplier)
        .into_iter()
        .filter(|q| *q <= now)
        .map(|q| {
            let lines: Vec<&LineFacts> = facts
                .iter()
                .filter(|l| &l.supplier_id == supplier && l.quarter() == q)
                .collect();
            let evals: Vec<&Evaluation> = evaluations
                .iter()
                .filter(|e| &e.supplier_id == supplier && e.period == q)
                .collect();
            scored(supplier, (q, q), &lines, &evals, as_of, policy)
        })
        .collect()
}

/// The standing that counts now for `supplier`: one score pooled over the last
/// [`STANDING_WINDOW_QUARTERS`] quarters with data up to the quarter of `as_of` (see the
/// module's notes). Unrated (with `quarter` and `first_quarter` the current quarter) when it
/// has no data at all.
pub fn current_standing(
    facts: &[LineFacts],
    evaluations: &[Evaluation],
    supplier: &SupplierId,
    as_of: Date,
    policy: &StandingPolicy,
) -> SupplierScore {
    let now = Quarter::of(as_of);
    let window: Vec<Quarter> = quarters_with_data(facts, evaluations, supplier)
        .into_iter()
        .filter(|q| *q <= now)
        .rev()
        .take(STANDING_WINDOW_QUARTERS)
        .collect();
    let first = window.last().copied().unwrap_or(now);
    let lines: Vec<&LineFacts> = facts
        .iter()
        .filter(|l| &l.supplier_id == supplier && window.contains(&l.quarter()))
        .collect();
    let evals: Vec<&Evaluation> = evaluations
        .iter()
        .filter(|e| &e.supplier_id == supplier && window.contains(&e.period))
        .collect();
    scored(supplier, (first, now), &lines, &evals, as_of, policy)
}

/// Whether new requisitions and orders may name a supplier of this standing: a blocked one is
/// refused with `supplier.blocked`, naming the supplier and its score; every other standing
/// (a warned one included) may be ordered from.
pub fn may_order(supplier_name: &str, score: &SupplierScore) -> Result<(), Refusal> {
    if score.standing == Standing::Blocked {
        return Err(Reason::SupplierBlocked {
            supplier: supplier_name.to_owned(),
            score: format!("{:.0}", score.overall.unwrap_or(0.0)),
        }
        .into());
    }
    Ok(())
}
