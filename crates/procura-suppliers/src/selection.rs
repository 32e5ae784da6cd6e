//! A saved supplier selection: the criteria and candidate suppliers a buyer compares with the
//! analytic hierarchy process ([`crate::ahp`]), their judgements, and who saved which revision.
//!
//! A selection is a synced record: written on a device (offline too), decided again by the
//! hub with [`save`], pulled by everyone in the organisation. Everyone may read it; only its
//! creator or an admin may change it (the hub passes the author's roles).
//!
//! Candidates are named by supplier id and name and not checked against the organisation's
//! supplier list: a selection may compare suppliers that are not onboarded yet.
//!
//! **Tamper-evident.** Every save appends a [`Seal`]: the SHA-256 of the content as saved
//! ([`content_hash`]) chained to the seal before it. [`verify`] recomputes the chain and checks
//! that the record still holds the content of its last seal, so a judgement, title or
//! candidate edited in storage, or a seal removed, is found.

use crate::ahp::{self, Judgement, MAX_ORDER};
use procura_ground::id::{SupplierId, UserId};
use procura_ground::limits;
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest criterion label or candidate name, in characters.
pub const MAX_LABEL_CHARS: usize = limits::MAX_NAME_CHARS;
/// Longest record id, in bytes (a device makes a UUID).
pub const MAX_ID_CHARS: usize = 64;
/// Fewest criteria and candidates a selection compares.
pub const MIN_ITEMS: usize = 2;
/// Most criteria and candidates: the largest matrix the AHP analyses.
pub const MAX_ITEMS: usize = MAX_ORDER;

/// The criteria the screen suggests (a selection may use others, with their own key).
pub const SUGGESTED_CRITERIA: [&str; 6] = [
    "price",
    "quality",
    "delivery",
    "service",
    "technical",
    "risk",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionCriterion {
    /// `price`, `quality`, `delivery`, `service`, `technical`, `risk`, or a custom key.
    pub key: String,
    /// As the buyer named it.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub supplier_id: SupplierId,
    /// The supplier's name when the selection was made (kept if the supplier is renamed).
    pub name: String,
}

/// One link of a selection's seal chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// The revision it seals (1 for the first save).
    pub revision: u32,
    pub at_ms: i64,
    pub by: UserId,
    /// Hex SHA-256 of the content as saved at this revision ([`content_hash`]).
    pub content: String,
    /// Hex SHA-256 of the previous seal's hash, this revision, time, author and content hash.
    pub hash: String,
}

/// A selection as the hub holds it and every device pulls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub id: String,
    pub title: String,
    pub criteria: Vec<SelectionCriterion>,
    pub candidates: Vec<Candidate>,
    /// The criteria compared pairwise: the upper triangle, row-major
    /// ([`ahp::matrix_from_upper`]).
    pub criteria_judgements: Vec<Judgement>,
    /// Per criterion, the candidates compared pairwise with respect to it (upper triangle).
    pub candidate_judgements: Vec<Vec<Judgement>>,
    /// Per criterion: its candidate judgements were pre-filled from measured data
    /// ([`derive_judgements`]) rather than judged.
    pub derived: Vec<bool>,
    pub created_by: UserId,
    pub created_at_ms: i64,
    /// 1 after the first save, +1 on every save.
    pub revision: u32,
    pub updated_by: UserId,
    pub updated_at_ms: i64,
    /// One per revision, oldest first.
    pub seals: Vec<Seal>,
}

/// What a device sends: the content, and the revision it was edited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionDraft {
    /// Chosen by the device when the selection is started (a UUID), kept on every save.
    pub id: String,
    pub title: String,
    pub criteria: Vec<SelectionCriterion>,
    pub candidates: Vec<Candidate>,
    pub criteria_judgements: Vec<Judgement>,
    pub candidate_judgements: Vec<Vec<Judgement>>,
    pub derived: Vec<bool>,
    /// The revision the buyer edited (0: a new selection). A save over another revision is
    /// refused as stale, so two colleagues' edits never silently overwrite each other.
    pub base_revision: u32,
}

impl SelectionDraft {
    /// A new selection's draft: equal judgements everywhere, nothing derived.
    pub fn new(
        id: String,
        title: String,
        criteria: Vec<SelectionCriterion>,
        candidates: Vec<Candidate>,
    ) -> Self {
        let (m, p) = (criteria.len(), candidates.len());
        Self {
            id,
            title,
            criteria_judgements: vec![Judgement::EQUAL; ahp::upper_len(m)],
            candidate_judgements: vec![vec![Judgement::EQUAL; ahp::upper_len(p)]; m],
            derived: vec![false; m],
            criteria,
            candidates,
            base_revision: 0,
        }
    }

    /// Checks everything that needs no record: the id, the title, 2..=15 criteria and
    /// candidates with unique keys and suppliers, bounded labels, and judgement lists of
    /// exactly the lengths the criteria and candidates call for. The app checks before
    /// queueing; the hub checks again.
    pub fn validate(&self) -> Result<(), Refusal> {
        let id = self.id.trim();
        if id.is_empty() || id.len() != self.id.len() || self.id.len() > MAX_ID_CHARS {
            return Err(Reason::SelectionIdInvalid {}.into());
        }
        let title = self.title.trim();
        if title.is_empty() || self.title.chars().nth(MAX_TITLE_CHARS).is_some() {
            return Err(Reason::SelectionTitleInvalid {
                max: MAX_TITLE_CHARS,
            }
            .into());
        }
        let (m, p) = (self.criteria.len(), self.candidates.len());
        if !(MIN_ITEMS..=MAX_ITEMS).contains(&m) {
            return Err(Reason::SelectionCriteriaCount {
                count: m,
                min: MIN_ITEMS,
                max: MAX_ITEMS,
            }
            .into());
        }
        if !(MIN_ITEMS..=MAX_ITEMS).contains(&p) {
            return Err(Reason::SelectionCandidatesCount {
                count: p,
                min: MIN_ITEMS,
                max: MAX_ITEMS,
            }
            .into());
        }
        let bounded = |s: &str, max: usize| !s.trim().is_empty() && s.chars().nth(max).is_none();
        let mut keys = BTreeSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            if !bounded(&c.key, MAX_ID_CHARS) || !bounded(&c.label, MAX_LABEL_CHARS) {
                return Err(Reason::SelectionCriterionInvalid {
                    criterion: i + 1,
                    max: MAX_LABEL_CHARS,
                }
                .into());
            }
            if !keys.insert(c.key.trim()) {
                return Err(Reason::SelectionCriterionTwice {
                    key: c.key.trim().to_owned(),
                }
                .into());
            }
        }
        let mut suppliers = BTreeSet::new();
        for (i, c) in self.candidates.iter().enumerate() {
            let id = c.supplier_id.as_str();
            if id.trim().is_empty()
                || id.len() > limits::MAX_ID_BYTES
                || !bounded(&c.name, MAX_LABEL_CHARS)
            {
                return Err(Reason::SelectionCandidateInvalid {
                    candidate: i + 1,
                    max: MAX_LABEL_CHARS,
                }
                .into());
            }
            if !suppliers.insert(id) {
                return Err(Reason::SelectionCandidateTwice {
                    supplier: id.to_owned(),
                }
                .into());
            }
        }
        let triangle = ahp::upper_len(p);
        if self.criteria_judgements.len() != ahp::upper_len(m)
            || self.candidate_judgements.len() != m
            || self
                .candidate_judgements
                .iter()
                .any(|j| j.len() != triangle)
            || self.derived.len() != m
        {
            return Err(Reason::SelectionJudgementsMismatch {}.into());
        }
        Ok(())
    }
}

impl Selection {
    /// The draft a device edits, based on this revision.
    pub fn draft(&self) -> SelectionDraft {
        SelectionDraft {
            id: self.id.clone(),
            title: self.title.clone(),
            criteria: self.criteria.clone(),
            candidates: self.candidates.clone(),
            criteria_judgements: self.criteria_judgements.clone(),
            candidate_judgements: self.candidate_judgements.clone(),
            derived: self.derived.clone(),
            base_revision: self.revision,
        }
    }
}

/// Records `draft`, saved by `by` (holding `roles`) at `at_ms`, over `existing` (the record as
/// it stands, `None` for a new selection).
///
/// - the draft must pass [`SelectionDraft::validate`];
/// - a new selection (`base_revision` 0, nothing existing) is started by a buyer or an admin;
/// - a change must be made to the current revision (else `selection.stale_revision`), by the
///   creator or an admin (anyone else: `selection.not_creator`). Everyone in the organisation
///   reads selections; nobody else writes them.
///
/// The result keeps the creator and creation time, takes the next revision, and appends its
/// seal. Titles, keys and labels are stored trimmed.
pub fn save(
    existing: Option<&Selection>,
    draft: SelectionDraft,
    by: &UserId,
    roles: &[Role],
    at_ms: i64,
) -> Result<Selection, Refusal> {
    draft.validate()?;
    let admin = roles.contains(&Role::Admin);
    let (created_by, created_at_ms, revision, seals) = match existing {
        None => {
            if draft.base_revision != 0 {
                return Err(Reason::SelectionStale {
                    revision: 0,
                    base: draft.base_revision,
                }
                .into());
            }
            if !admin && !roles.contains(&Role::Buyer) {
                return Err(Reason::SelectionBuyersOnly {}.into());
            }
            (by.clone(), at_ms, 1, Vec::new())
        }
        Some(old) => {
            if old.created_by != *by && !admin {
                return Err(Reason::SelectionNotCreator {}.into());
            }
            if draft.base_revision != old.revision || old.id != draft.id {
                return Err(Reason::SelectionStale {
                    revision: old.revision,
                    base: draft.base_revision,
                }
                .into());
            }
            (
                old.created_by.clone(),
                old.created_at_ms,
                old.revision.saturating_add(1),
                old.seals.clone(),
            )
        }
    };
    let mut s = Selection {
        id: draft.id,
        title: draft.title.trim().to_owned(),
        criteria: draft
            .criteria
            .into_iter()
            .map(|c| SelectionCriterion {
                key: c.key.trim().to_owned(),
                label: c.label.trim().to_owned(),
            })
            .collect(),
        candidates: draft
            .candidates
            .into_iter()
            .map(|c| Candidate {
                supplier_id: c.supplier_id,
                name: c.name.trim().to_owned(),
            })
            .collect(),
        criteria_judgements: draft.criteria_judgements,
        candidate_judgements: draft.candidate_judgements,
        derived: draft.derived,
        created_by,
        created_at_ms,
        revision,
        updated_by: by.clone(),
        updated_at_ms: at_ms,
        seals,
    };
    let prev = s
        .seals
        .last()
        .map_or_else(String::new, |seal| seal.hash.clone());
    let mut seal = Seal {
        revision,
        at_ms,
        by: by.clone(),
        content: content_hash(&s),
        hash: String::new(),
    };
    seal.hash = seal_hash(&prev, &seal);
    s.seals.push(seal);
    Ok(s)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of the canonical JSON of what a selection says: id, title, criteria,
/// candidates, judgements, the derived flags, creator and creation time (the fields in that
/// fixed order, as serde writes them; no floating point is involved).
pub fn content_hash(s: &Selection) -> String {
    let content = (
        (&s.id, &s.title, &s.criteria, &s.candidates),
        (&s.criteria_judgements, &s.candidate_judgements, &s.derived),
        (&s.created_by, s.created_at_ms),
    );
    let json = serde_json::to_string(&content).expect("content serialises");
    hex(&Sha256::digest(json.as_bytes()))
}

/// Feeds a field with its length, so no two different seals hash the same bytes.
fn field(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

fn seal_hash(prev: &str, seal: &Seal) -> String {
    let mut h = Sha256::new();
    field(&mut h, prev);
    field(&mut h, &seal.revision.to_string());
    field(&mut h, &seal.at_ms.to_string());
    field(&mut h, seal.by.as_str());
    field(&mut h, &seal.content);
    hex(&h.finalize())
}

/// Where a selection stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Tampered {
    /// Seal n (1-based) does not hash to what it says, does not follow the one before, or is
    /// not the revision it should be (a seal changed, removed or reordered).
    #[error("seal {0} was changed or its predecessor removed")]
    Seal(usize),
    /// The content, revision or last writer differ from the last seal's.
    #[error("the selection was changed after its last seal")]
    Content,
}

impl Tampered {
    /// The typed reason, to be said in the user's language.
    pub fn reason(&self) -> Reason {
        match self {
            Tampered::Seal(seal) => Reason::SelectionSealBroken { seal: *seal },
            Tampered::Content => Reason::SelectionContentChanged {},
        }
    }
}

/// Recomputes `s`'s seal chain: every link and hash, one seal per revision in order, and the
/// content, revision and last writer against the last seal.
pub fn verify(s: &Selection) -> Result<(), Tampered> {
    let mut prev = String::new();
    for (i, seal) in s.seals.iter().enumerate() {
        if seal.revision as usize != i + 1 || seal_hash(&prev, seal) != seal.hash {
            return Err(Tampered::Seal(i + 1));
        }
        prev.clone_from(&seal.hash);
    }
    let Some(last) = s.seals.last() else {
        return Err(Tampered::Content);
    };
    if last.revision != s.revision
        || last.by != s.updated_by
        || last.at_ms != s.updated_at_ms
        || last.content != content_hash(s)
    {
        return Err(Tampered::Content);
    }
    Ok(())
}

/// The hierarchy the selection describes: its criteria, no sub-criteria, and one matrix of
/// the candidates per criterion.
pub fn hierarchy(s: &Selection) -> Result<ahp::Hierarchy, ahp::HierarchyError> {
    use ahp::HierarchyError;
    let m = s.criteria.len();
    let criteria =
        ahp::matrix_from_upper(m, &s.criteria_judgements).map_err(HierarchyError::Criteria)?;
    if s.candidate_judgements.len() != m {
        return Err(HierarchyError::Count {
            what: ahp::Counted::Leaves,
            expected: m,
            found: s.candidate_judgements.len(),
        });
    }
    let alternatives = s
        .candidate_judgements
        .iter()
        .enumerate()
        .map(|(leaf, upper)| {
            ahp::matrix_from_upper(s.candidates.len(), upper)
                .map_err(|error| HierarchyError::Alternatives { leaf, error })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ahp::Hierarchy {
        criteria,
        sub_criteria: vec![None; m],
        alternatives,
    })
}

/// The selection's ranking: candidates' scores in the order of [`Selection::candidates`],
/// criteria weights, and every consistency figure.
pub fn analyse(s: &Selection) -> Result<ahp::Ranking, ahp::HierarchyError> {
    ahp::rank(&hierarchy(s)?)
}

/// Pre-fills a comparison of candidates from measured scores (0–100, e.g. a scorecard's
/// figure for one criterion), as the upper triangle of their matrix, row-major.
///
/// The judgement of candidate i over j is the Saaty value nearest the ratio of their scores on
/// a logarithmic scale ([`Judgement::nearest`]): equal scores → 1, 80 vs 40 → 2, 90 vs 30 → 3,
/// nine times or more → 9, and the reciprocals the other way. A ratio below √2 (e.g. 85 vs
/// 70) counts as equal: the scale has nothing between 1 and 2. Scores are clamped to 0–100
/// and a score that is not a number counts as 0; a score of 0 against a positive one is the
/// extreme 9 (or 1/9), and two zeros are equal.
pub fn derive_judgements(scores: &[f64]) -> Vec<Judgement> {
    let clean: Vec<f64> = scores
        .iter()
        .map(|s| if s.is_nan() { 0.0 } else { s.clamp(0.0, 100.0) })
        .collect();
    let mut out = Vec::with_capacity(ahp::upper_len(clean.len()));
    for (i, a) in clean.iter().enumerate() {
        for b in &clean[i + 1..] {
            out.push(match (*a == 0.0, *b == 0.0) {
                (true, true) => Judgement::EQUAL,
                _ => Judgement::nearest(a / b),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(code: i8) -> Judgement {
        Judgement::new(code).unwrap()
    }

    fn draft() -> SelectionDraft {
        let mut d = SelectionDraft::new(
            "sel-1".into(),
            " Copy paper supplier 2027 ".into(),
            vec![
                SelectionCriterion {
                    key: "price".into(),
                    label: "Price".into(),
                },
                SelectionCriterion {
                    key: "quality".into(),
                    label: "Quality".into(),
                },
                SelectionCriterion {
                    key: "delivery".into(),
                    label: "Delivery".into(),
                },
            ],
            vec![
                Candidate {
                    supplier_id: "acme".into(),
                    name: "Acme".into(),
                },
                Candidate {
                    supplier_id: "bolt".into(),
                    name: "Bolt".into(),
                },
                Candidate {
                    supplier_id: "core".into(),
                    name: "Core".into(),
                },
            ],
        );
        // Price twice as important as quality, four times delivery; quality twice delivery.
        d.criteria_judgements = vec![j(2), j(4), j(2)];
        d.candidate_judgements = vec![
            vec![j(3), j(5), j(2)],
            vec![j(-2), j(2), j(4)],
            vec![j(1), j(-3), j(-3)],
        ];
        d
    }

    fn buyer() -> (UserId, Vec<Role>) {
        ("ana".into(), vec![Role::Buyer])
    }

    #[test]
    fn a_new_selection_is_sealed_and_verifies() {
        let (ana, roles) = buyer();
        let s = save(None, draft(), &ana, &roles, 1_000).unwrap();
        assert_eq!(s.title, "Copy paper supplier 2027");
        assert_eq!((s.revision, s.seals.len()), (1, 1));
        assert_eq!(s.created_by, ana);
        assert_eq!(s.seals[0].hash.len(), 64);
        assert_eq!(verify(&s), Ok(()));
        let ranking = analyse(&s).unwrap();
        assert!((ranking.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The price criterion (weight ≈ 4/7) strongly favours Acme.
        assert_eq!(ranking.order()[0], 0);
    }

    #[test]
    fn edits_behind_the_seals_are_found() {
        let (ana, roles) = buyer();
        let first = save(None, draft(), &ana, &roles, 1_000).unwrap();
        let mut d = first.draft();
        d.title = "Copy paper 2027, second round".into();
        let s = save(Some(&first), d, &ana, &roles, 2_000).unwrap();
        assert_eq!((s.revision, s.seals.len()), (2, 2));
        assert_eq!(s.seals[1].revision, 2);
        assert_eq!(verify(&s), Ok(()));

        let mut judged = s.clone();
        judged.candidate_judgements[1][0] = j(9);
        assert_eq!(verify(&judged), Err(Tampered::Content));
        let mut retitled = s.clone();
        retitled.title = "Something else".into();
        assert_eq!(verify(&retitled), Err(Tampered::Content));
        let mut reauthored = s.clone();
        reauthored.updated_by = "mallory".into();
        assert_eq!(verify(&reauthored), Err(Tampered::Content));
        // Rewriting the last seal to match the edit breaks its hash.
        let mut resealed = retitled.clone();
        resealed.seals[1].content = content_hash(&resealed);
        assert_eq!(verify(&resealed), Err(Tampered::Seal(2)));
        // Dropping the first seal breaks the chain.
        let mut dropped = s.clone();
        dropped.seals.remove(0);
        assert_eq!(verify(&dropped), Err(Tampered::Seal(1)));
        let mut first_seal = s.clone();
        first_seal.seals[0].by = "mallory".into();
        assert_eq!(verify(&first_seal), Err(Tampered::Seal(1)));
        assert_eq!(
            Tampered::Seal(2).reason(),
            Reason::SelectionSealBroken { seal: 2 }
        );
    }

    #[test]
    fn only_the_creator_or_an_admin_changes_it_and_only_from_the_current_revision() {
        let (ana, roles) = buyer();
        let s = save(None, draft(), &ana, &roles, 1_000).unwrap();
        let bo: UserId = "bo".into();
        let refused = save(Some(&s), s.draft(), &bo, &[Role::Buyer], 2_000).unwrap_err();
        assert_eq!(*refused.reason, Reason::SelectionNotCreator {});
        let by_admin = save(Some(&s), s.draft(), &"root".into(), &[Role::Admin], 2_000).unwrap();
        assert_eq!(by_admin.created_by, ana);
        assert_eq!(by_admin.updated_by.as_str(), "root");
        assert_eq!(verify(&by_admin), Ok(()));
        // Ana edits revision 1 while the admin's revision 2 stands: stale.
        let stale = save(Some(&by_admin), s.draft(), &ana, &roles, 3_000).unwrap_err();
        assert_eq!(
            *stale.reason,
            Reason::SelectionStale {
                revision: 2,
                base: 1
            }
        );
        assert_eq!(stale.code, "stale");
        let mut phantom = draft();
        phantom.base_revision = 4;
        assert_eq!(
            *save(None, phantom, &ana, &roles, 0).unwrap_err().reason,
            Reason::SelectionStale {
                revision: 0,
                base: 4
            }
        );
        assert_eq!(
            *save(None, draft(), &"approver".into(), &[Role::Approver], 0)
                .unwrap_err()
                .reason,
            Reason::SelectionBuyersOnly {}
        );
    }

    #[test]
    fn drafts_are_bounded() {
        let check = |f: &dyn Fn(&mut SelectionDraft)| {
            let mut d = draft();
            f(&mut d);
            *d.validate().unwrap_err().reason
        };
        assert_eq!(draft().validate(), Ok(()));
        assert_eq!(check(&|d| d.id.clear()), Reason::SelectionIdInvalid {});
        assert_eq!(
            check(&|d| d.id = "x".repeat(65)),
            Reason::SelectionIdInvalid {}
        );
        assert_eq!(
            check(&|d| d.title = "  ".into()),
            Reason::SelectionTitleInvalid { max: 120 }
        );
        assert_eq!(
            check(&|d| d.title = "字".repeat(121)),
            Reason::SelectionTitleInvalid { max: 120 }
        );
        assert!(matches!(
            check(&|d| {
                d.criteria.truncate(1);
            }),
            Reason::SelectionCriteriaCount { count: 1, .. }
        ));
        assert!(matches!(
            check(&|d| {
                let c = d.candidates[0].clone();
                d.candidates = (0..16)
                    .map(|i| Candidate {
                        supplier_id: format!("s{i}").as_str().into(),
                        ..c.clone()
                    })
                    .collect();
            }),
            Reason::SelectionCandidatesCount { count: 16, .. }
        ));
        assert_eq!(
            check(&|d| d.criteria[2].key = " price ".into()),
            Reason::SelectionCriterionTwice {
                key: "price".into()
            }
        );
        assert_eq!(
            check(&|d| d.criteria[1].label = "l".repeat(201)),
            Reason::SelectionCriterionInvalid {
                criterion: 2,
                max: 200
            }
        );
        assert_eq!(
            check(&|d| d.candidates[2].supplier_id = "acme".into()),
            Reason::SelectionCandidateTwice {
                supplier: "acme".into()
            }
        );
        assert_eq!(
            check(&|d| d.candidates[0].name.clear()),
            Reason::SelectionCandidateInvalid {
                candidate: 1,
                max: 200
            }
        );
        type Edit = fn(&mut SelectionDraft);
        let edits: [Edit; 4] = [
            |d| {
                d.criteria_judgements.pop();
            },
            |d| d.candidate_judgements[2].push(Judgement::EQUAL),
            |d| {
                d.candidate_judgements.pop();
            },
            |d| d.derived.push(true),
        ];
        for f in edits {
            assert_eq!(check(&f), Reason::SelectionJudgementsMismatch {});
        }
    }

    #[test]
    fn measured_scores_become_judgements() {
        // Pairs (0,1) (0,2) (0,3) (1,2) (1,3) (2,3).
        let got = derive_judgements(&[80.0, 40.0, 80.0, 10.0]);
        assert_eq!(got, [j(2), j(1), j(8), j(-2), j(4), j(8)]);
        assert_eq!(derive_judgements(&[90.0, 30.0]), [j(3)]);
        assert_eq!(derive_judgements(&[85.0, 70.0]), [j(1)]);
        assert_eq!(derive_judgements(&[0.0, 50.0, 0.0]), [j(-9), j(1), j(9)]);
        assert_eq!(derive_judgements(&[f64::NAN, 150.0]), [j(-9)]);
        assert_eq!(derive_judgements(&[95.0, 5.0]), [j(9)]);
        assert!(derive_judgements(&[50.0]).is_empty());
    }
}
