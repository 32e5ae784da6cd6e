//! Supplier evaluations and the scorecards built from them.
//!
//! A buyer rates a supplier for a period (a calendar quarter) on four criteria, 1 (poor) to
//! 5 (excellent), with a comment. The organisation's scorecard for a supplier is the average of
//! everyone's evaluations per criterion, and an overall score weighted by [`WEIGHTS`].
//!
//! Evaluations are the first records that travel through the sync engine ([`procura_sync::sync`]):
//! created and edited offline, pushed once, and pulled by every colleague's device.

use procura_ground::date::{Entered, Quarter};
use procura_ground::id::{SupplierId, UserId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use procura_ground::vocab::Criterion;

pub const CRITERIA: [Criterion; 4] = [
    Criterion::Quality,
    Criterion::Delivery,
    Criterion::Price,
    Criterion::Service,
];

/// Weight of each criterion in the overall score, in percent (sums to 100). Quality and delivery
/// dominate: a cheap supplier that delivers late or wrong costs more than it saves.
pub const WEIGHTS: [(Criterion, u32); 4] = [
    (Criterion::Quality, 35),
    (Criterion::Delivery, 30),
    (Criterion::Price, 20),
    (Criterion::Service, 15),
];

pub const MIN_SCORE: u8 = 1;
pub const MAX_SCORE: u8 = 5;
/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = procura_ground::limits::MAX_COMMENT_CHARS;

/// One score per criterion, each 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scores {
    pub quality: u8,
    pub delivery: u8,
    pub price: u8,
    pub service: u8,
}

impl Scores {
    pub fn get(&self, criterion: Criterion) -> u8 {
        match criterion {
            Criterion::Quality => self.quality,
            Criterion::Delivery => self.delivery,
            Criterion::Price => self.price,
            Criterion::Service => self.service,
        }
    }

    pub fn set(&mut self, criterion: Criterion, score: u8) {
        match criterion {
            Criterion::Quality => self.quality = score,
            Criterion::Delivery => self.delivery = score,
            Criterion::Price => self.price = score,
            Criterion::Service => self.service = score,
        }
    }
}

/// What the evaluator writes: everything but who they are and when the hub recorded it, which
/// the hub fills in from the session (a device cannot evaluate in someone else's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationDraft {
    /// Chosen by the device when the evaluation is first written (a UUID), kept on every edit.
    pub id: String,
    pub supplier_id: SupplierId,
    /// Calendar quarter, `YYYY-Qn`, as entered (refused by [`EvaluationDraft::validate`] when
    /// it is not a quarter of 2000–2999).
    pub period: Entered<Quarter>,
    pub scores: Scores,
    #[serde(default)]
    pub comment: String,
}

/// A recorded evaluation, as the hub holds it and every device pulls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: String,
    pub supplier_id: SupplierId,
    pub period: Quarter,
    pub scores: Scores,
    pub comment: String,
    /// The user who wrote it (only they may change or delete it).
    pub evaluator_id: UserId,
    pub evaluator_name: String,
    /// When it was last written (milliseconds since the Unix epoch, the writer's clock).
    pub updated_at_ms: i64,
}

impl Evaluation {
    /// The recorded form of `draft`, written by `evaluator` at `now_ms`; `None` when its period
    /// is not a quarter (a draft that [`EvaluationDraft::validate`] refuses).
    pub fn from_draft(draft: &EvaluationDraft, evaluator: &Evaluator, now_ms: i64) -> Option<Self> {
        Some(Self {
            id: draft.id.clone(),
            supplier_id: draft.supplier_id.clone(),
            period: draft.period.get()?,
            scores: draft.scores,
            comment: draft.comment.trim().to_owned(),
            evaluator_id: evaluator.id.clone(),
            evaluator_name: evaluator.name.clone(),
            updated_at_ms: now_ms,
        })
    }

    pub fn draft(&self) -> EvaluationDraft {
        EvaluationDraft {
            id: self.id.clone(),
            supplier_id: self.supplier_id.clone(),
            period: Entered::Valid(self.period),
            scores: self.scores,
            comment: self.comment.clone(),
        }
    }
}

/// Who writes an evaluation: the logged-in user, as the hub's session (or the device's stored
/// session, for the local view) says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluator {
    pub id: UserId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    #[error("an evaluation needs an id")]
    MissingId,
    #[error("choose a supplier")]
    MissingSupplier,
    #[error("the period {0:?} is not a calendar quarter such as 2026-Q4")]
    BadPeriod(String),
    #[error("the {criterion:?} score {score} is outside {MIN_SCORE}–{MAX_SCORE}")]
    ScoreOutOfRange { criterion: Criterion, score: u8 },
    #[error("the comment is longer than {MAX_COMMENT_CHARS} characters")]
    CommentTooLong,
}

impl EvaluationError {
    /// The typed reason, for a refusal or the form.
    pub fn reason(&self) -> procura_ground::reason::Reason {
        use procura_ground::reason::Reason;
        match self {
            EvaluationError::MissingId => Reason::EvaluationIdMissing {},
            EvaluationError::MissingSupplier => Reason::EvaluationSupplierMissing {},
            EvaluationError::BadPeriod(period) => Reason::EvaluationBadPeriod {
                period: period.clone(),
            },
            EvaluationError::ScoreOutOfRange { criterion, score } => {
                Reason::EvaluationScoreOutOfRange {
                    criterion: *criterion,
                    score: *score,
                }
            }
            EvaluationError::CommentTooLong => Reason::EvaluationCommentTooLong {
                max: MAX_COMMENT_CHARS,
            },
        }
    }
}

impl EvaluationDraft {
    /// Checks everything that can be checked without the hub's records. The app checks before
    /// queueing; the hub checks again, because it trusts no device.
    pub fn validate(&self) -> Result<(), EvaluationError> {
        if self.id.trim().is_empty() || self.id.len() > 64 {
            return Err(EvaluationError::MissingId);
        }
        if self.supplier_id.as_str().trim().is_empty() {
            return Err(EvaluationError::MissingSupplier);
        }
        if !self.period.get().is_some_and(Quarter::is_plannable) {
            return Err(EvaluationError::BadPeriod(self.period.text()));
        }
        for criterion in CRITERIA {
            let score = self.scores.get(criterion);
            if !(MIN_SCORE..=MAX_SCORE).contains(&score) {
                return Err(EvaluationError::ScoreOutOfRange { criterion, score });
            }
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(EvaluationError::CommentTooLong);
        }
        Ok(())
    }
}

pub use procura_ground::date::{parse_quarter, quarter_of};

/// The organisation's view of one supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecard {
    pub supplier_id: SupplierId,
    pub evaluations: u32,
    /// Mean score per criterion, two decimals, in [`CRITERIA`] order.
    pub averages: [(Criterion, Decimal); 4],
    /// The averages weighted by [`WEIGHTS`], two decimals.
    pub overall: Decimal,
}

/// Scorecards for every supplier with at least one evaluation, by supplier id.
pub fn scorecards<'a>(
    evaluations: impl IntoIterator<Item = &'a Evaluation>,
) -> BTreeMap<String, Scorecard> {
    let mut sums: BTreeMap<&str, (u32, [u32; 4])> = BTreeMap::new();
    for e in evaluations {
        let (count, totals) = sums.entry(e.supplier_id.as_str()).or_default();
        *count += 1;
        for (total, criterion) in totals.iter_mut().zip(CRITERIA) {
            *total += u32::from(e.scores.get(criterion));
        }
    }
    sums.into_iter()
        .map(|(supplier, (count, totals))| {
            let mean = |total: u32| (Decimal::from(total) / Decimal::from(count)).round_dp(2);
            let averages = std::array::from_fn(|i| (CRITERIA[i], mean(totals[i])));
            let weighted: Decimal = WEIGHTS
                .iter()
                .map(|(criterion, weight)| {
                    let i = CRITERIA.iter().position(|c| c == criterion).unwrap_or(0);
                    Decimal::from(totals[i]) * Decimal::from(*weight)
                })
                .sum();
            let overall = (weighted / Decimal::from(100 * count)).round_dp(2);
            let card = Scorecard {
                supplier_id: supplier.into(),
                evaluations: count,
                averages,
                overall,
            };
            (supplier.to_owned(), card)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn evaluation(supplier: &str, scores: [u8; 4]) -> Evaluation {
        let draft = EvaluationDraft {
            id: format!("e-{supplier}-{scores:?}"),
            supplier_id: supplier.into(),
            period: "2026-Q4".into(),
            scores: Scores {
                quality: scores[0],
                delivery: scores[1],
                price: scores[2],
                service: scores[3],
            },
            comment: String::new(),
        };
        let who = Evaluator {
            id: "u".into(),
            name: "U".into(),
        };
        Evaluation::from_draft(&draft, &who, 0).unwrap()
    }

    #[test]
    fn weights_sum_to_one_hundred() {
        assert_eq!(WEIGHTS.iter().map(|(_, w)| w).sum::<u32>(), 100);
    }

    #[test]
    fn scorecard_averages_and_weights() {
        let evals = [
            evaluation("acme", [5, 4, 3, 2]),
            evaluation("acme", [4, 4, 4, 4]),
            evaluation("bolt", [1, 1, 1, 1]),
        ];
        let cards = scorecards(&evals);
        let acme = &cards["acme"];
        assert_eq!(acme.evaluations, 2);
        assert_eq!(acme.averages[0], (Criterion::Quality, dec!(4.5)));
        assert_eq!(acme.averages[3], (Criterion::Service, dec!(3)));
        // (4.5×35 + 4×30 + 3.5×20 + 3×15) / 100 = 3.925 → 3.92 (banker's rounding)
        assert_eq!(acme.overall, dec!(3.92));
        assert_eq!(cards["bolt"].overall, dec!(1));
    }

    #[test]
    fn drafts_are_validated() {
        let mut draft = evaluation("acme", [5, 4, 3, 2]).draft();
        assert_eq!(draft.validate(), Ok(()));
        draft.scores.price = 6;
        assert!(matches!(
            draft.validate(),
            Err(EvaluationError::ScoreOutOfRange {
                criterion: Criterion::Price,
                score: 6
            })
        ));
        draft.scores.price = 3;
        draft.period = "2026-Q5".into();
        assert!(matches!(
            draft.validate(),
            Err(EvaluationError::BadPeriod(_))
        ));
        draft.period = "1999-Q4".into();
        assert_eq!(
            draft.validate(),
            Err(EvaluationError::BadPeriod("1999-Q4".into()))
        );
        draft.period = "2026-Q1".into();
        draft.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(draft.validate(), Err(EvaluationError::CommentTooLong));
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_of(2026, 11).to_string(), "2026-Q4");
        assert_eq!(quarter_of(2026, 1).to_string(), "2026-Q1");
        assert_eq!(parse_quarter("2026-Q3"), Some((2026, 3)));
        assert_eq!(parse_quarter("26-Q3"), None);
        assert_eq!(parse_quarter("2026-Q0"), None);
    }
}
