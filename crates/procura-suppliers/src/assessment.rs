//! A buyer's assessment of a supplier: the two supply-risk impacts that classification needs
//! ([`crate::classification`]) and the four capabilities, with evidence, that grading needs
//! ([`crate::grading`]). One per supplier (its id is the supplier's), synced like evaluations;
//! each save makes a new revision, and a save based on an older revision is refused, so two
//! buyers editing at once do not overwrite each other unseen.

use crate::grading::{self, Capabilities, Grade};
use procura_ground::id::{SupplierId, UserId};
use procura_ground::reason::{Reason, Refusal};
use procura_ground::role::Role;
use serde::{Deserialize, Serialize};

/// Longest evidence note, in characters.
pub const MAX_NOTE_CHARS: usize = procura_ground::limits::MAX_COMMENT_CHARS;

/// What backs each capability's rating (free text, may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    #[serde(default)]
    pub quality_awareness: String,
    #[serde(default)]
    pub technical: String,
    #[serde(default)]
    pub replication: String,
    #[serde(default)]
    pub problem_solving: String,
}

impl Evidence {
    pub fn notes(&self) -> [&str; 4] {
        [
            &self.quality_awareness,
            &self.technical,
            &self.replication,
            &self.problem_solving,
        ]
    }

    fn trimmed(&self) -> Evidence {
        Evidence {
            quality_awareness: self.quality_awareness.trim().to_owned(),
            technical: self.technical.trim().to_owned(),
            replication: self.replication.trim().to_owned(),
            problem_solving: self.problem_solving.trim().to_owned(),
        }
    }
}

/// What the buyer writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDraft {
    pub supplier_id: SupplierId,
    /// 1..=5: how much a failure of this supplier would hurt deliveries.
    pub delivery_impact: u8,
    /// 1..=5: how much its quality matters to what the organisation makes or does.
    pub quality_impact: u8,
    pub capabilities: Capabilities,
    #[serde(default)]
    pub evidence: Evidence,
    /// The revision this edit starts from: 0 for a first assessment.
    #[serde(default)]
    pub base_revision: u32,
}

/// The recorded assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub supplier_id: SupplierId,
    pub delivery_impact: u8,
    pub quality_impact: u8,
    pub capabilities: Capabilities,
    pub evidence: Evidence,
    pub assessed_by: UserId,
    pub assessed_by_name: String,
    /// When it was saved (the hub's clock).
    pub at_ms: i64,
    /// 1 for the first save, one more for each.
    pub revision: u32,
}

impl Assessment {
    pub fn grade(&self) -> Grade {
        grading::grade(&self.capabilities)
    }

    pub fn impacts(&self) -> crate::classification::Impacts {
        crate::classification::Impacts {
            delivery: self.delivery_impact,
            quality: self.quality_impact,
        }
    }

    /// The draft that edits it.
    pub fn draft(&self) -> AssessmentDraft {
        AssessmentDraft {
            supplier_id: self.supplier_id.clone(),
            delivery_impact: self.delivery_impact,
            quality_impact: self.quality_impact,
            capabilities: self.capabilities,
            evidence: self.evidence.clone(),
            base_revision: self.revision,
        }
    }
}

/// Who saves: the logged-in user, as the session says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessor {
    pub id: UserId,
    pub name: String,
}

impl AssessmentDraft {
    /// What can be checked without the stored record: a supplier, every rating 1–5, notes
    /// within [`MAX_NOTE_CHARS`].
    pub fn validate(&self) -> Result<(), Refusal> {
        match self.problem() {
            Some(reason) => Err(reason.into()),
            None => Ok(()),
        }
    }

    /// The first problem [`AssessmentDraft::validate`] refuses, for a form to show.
    pub fn problem(&self) -> Option<Reason> {
        if self.supplier_id.as_str().trim().is_empty() {
            return Some(Reason::AssessmentSupplierMissing {});
        }
        let ratings = [
            ("delivery_impact", self.delivery_impact),
            ("quality_impact", self.quality_impact),
        ]
        .into_iter()
        .chain(self.capabilities.named());
        for (field, value) in ratings {
            if !(1..=5).contains(&value) {
                return Some(Reason::AssessmentRatingOutOfRange {
                    field: field.to_owned(),
                    value,
                });
            }
        }
        if self
            .evidence
            .notes()
            .iter()
            .any(|n| n.chars().count() > MAX_NOTE_CHARS)
        {
            return Some(Reason::AssessmentNoteTooLong {
                max: MAX_NOTE_CHARS,
            });
        }
        None
    }
}

/// Saves `draft` over `existing` (the supplier's current assessment, if any) by `by` with
/// `roles` at `at_ms`: buyers and admins only, a valid draft, based on the current revision.
pub fn save(
    existing: Option<&Assessment>,
    draft: &AssessmentDraft,
    by: &Assessor,
    roles: &[Role],
    at_ms: i64,
) -> Result<Assessment, Refusal> {
    if !roles.iter().any(|r| matches!(r, Role::Buyer | Role::Admin)) {
        return Err(Reason::AssessmentRole {}.into());
    }
    draft.validate()?;
    let revision = existing.map_or(0, |a| a.revision);
    if let Some(a) = existing {
        if a.supplier_id != draft.supplier_id {
            return Err(Reason::NotAnAssessment {}.into());
        }
    }
    if draft.base_revision != revision {
        return Err(Reason::AssessmentStale {
            revision,
            base: draft.base_revision,
        }
        .into());
    }
    Ok(Assessment {
        supplier_id: draft.supplier_id.clone(),
        delivery_impact: draft.delivery_impact,
        quality_impact: draft.quality_impact,
        capabilities: draft.capabilities,
        evidence: draft.evidence.trimmed(),
        assessed_by: by.id.clone(),
        assessed_by_name: by.name.clone(),
        at_ms,
        revision: revision.saturating_add(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AssessmentDraft {
        AssessmentDraft {
            supplier_id: "acme".into(),
            delivery_impact: 4,
            quality_impact: 2,
            capabilities: Capabilities {
                quality_awareness: 5,
                technical: 4,
                replication: 4,
                problem_solving: 5,
            },
            evidence: Evidence {
                technical: " ISO 9001 audit 2026 ".into(),
                ..Evidence::default()
            },
            base_revision: 0,
        }
    }

    fn ana() -> Assessor {
        Assessor {
            id: "ana".into(),
            name: "Ana".into(),
        }
    }

    #[test]
    fn saves_revisions_for_buyers_and_admins() {
        let first = save(None, &draft(), &ana(), &[Role::Buyer], 10).unwrap();
        assert_eq!(first.revision, 1);
        assert_eq!(first.evidence.technical, "ISO 9001 audit 2026");
        assert_eq!(first.grade(), Grade::A);
        let mut edit = first.draft();
        edit.capabilities.replication = 2;
        let second = save(Some(&first), &edit, &ana(), &[Role::Admin], 20).unwrap();
        assert_eq!((second.revision, second.at_ms), (2, 20));
        assert_eq!(second.grade(), Grade::C);
        // The first draft again: based on revision 1, the record is at 2.
        let stale = save(Some(&second), &edit, &ana(), &[Role::Buyer], 30).unwrap_err();
        assert_eq!(stale.reason.code(), "assessment.stale");
        let approver = save(None, &draft(), &ana(), &[Role::Approver], 0).unwrap_err();
        assert_eq!(approver.reason.code(), "assessment.buyers_only");
    }

    #[test]
    fn drafts_are_bounded() {
        let mut d = draft();
        d.quality_impact = 6;
        assert_eq!(
            d.problem(),
            Some(Reason::AssessmentRatingOutOfRange {
                field: "quality_impact".into(),
                value: 6
            })
        );
        let mut d = draft();
        d.capabilities.problem_solving = 0;
        assert!(matches!(
            d.problem(),
            Some(Reason::AssessmentRatingOutOfRange { value: 0, .. })
        ));
        let mut d = draft();
        d.evidence.replication = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            d.problem(),
            Some(Reason::AssessmentNoteTooLong {
                max: MAX_NOTE_CHARS
            })
        );
        let mut d = draft();
        d.supplier_id = " ".into();
        assert_eq!(d.problem(), Some(Reason::AssessmentSupplierMissing {}));
        assert_eq!(
            d.validate().unwrap_err().reason.code(),
            "assessment.supplier_missing"
        );
        assert!(draft().validate().is_ok());
    }
}
