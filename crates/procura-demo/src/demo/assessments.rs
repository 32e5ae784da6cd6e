//! The demo organisation's ratings of its suppliers (impacts for the classification matrix,
//! capabilities for the grade), so the supplier pages show a classification and a grade from
//! the first start. The weaker supplier of the history ([`super::history::WEAKER_SUPPLIER`]) is
//! critical to delivery and quality but graded low: the strategic supplier a buyer worries
//! about.

use procura_ground::id::UserId;
use procura_ground::role::Role;
use procura_suppliers::assessment::{self, Assessment, AssessmentDraft, Assessor, Evidence};
use procura_suppliers::grading::Capabilities;

/// One supplier's ratings: the two impacts (classification), the four capabilities (grading:
/// quality awareness, technical, replication, problem solving) and the technical evidence.
struct Rating {
    supplier: &'static str,
    impacts: (u8, u8),
    capabilities: [u8; 4],
    note: &'static str,
}

const fn rating(
    supplier: &'static str,
    impacts: (u8, u8),
    capabilities: [u8; 4],
    note: &'static str,
) -> Rating {
    Rating {
        supplier,
        impacts,
        capabilities,
        note,
    }
}

const RATINGS: &[Rating] = &[
    rating(
        "labcore",
        (4, 4),
        [3, 4, 2, 2],
        "Good chemistry support; repeat batches vary; claims answered slowly.",
    ),
    rating(
        "officeplus",
        (2, 2),
        [4, 3, 5, 4],
        "Standard office goods, any volume, next-day delivery.",
    ),
    rating(
        "techsource",
        (4, 3),
        [5, 5, 4, 4],
        "Certified engineers; configures and images devices before delivery.",
    ),
    rating(
        "safeworks",
        (3, 4),
        [4, 4, 4, 3],
        "EN-certified protective equipment with test reports.",
    ),
    rating(
        "greenclean",
        (2, 3),
        [3, 3, 4, 3],
        "Eco-labelled cleaning agents; limited technical advice.",
    ),
];

/// The admin's assessment of each of `suppliers` it has ratings for, made at `at_ms` by the
/// core's own `assessment::save`.
pub fn assessments(
    suppliers: &[String],
    admin: &UserId,
    admin_name: &str,
    at_ms: i64,
) -> Vec<Assessment> {
    let by = Assessor {
        id: admin.clone(),
        name: admin_name.to_owned(),
    };
    RATINGS
        .iter()
        .filter(|r| suppliers.iter().any(|s| s == r.supplier))
        .filter_map(|r| {
            let [qa, tech, rep, ps] = r.capabilities;
            let draft = AssessmentDraft {
                supplier_id: r.supplier.into(),
                delivery_impact: r.impacts.0,
                quality_impact: r.impacts.1,
                capabilities: Capabilities {
                    quality_awareness: qa,
                    technical: tech,
                    replication: rep,
                    problem_solving: ps,
                },
                evidence: Evidence {
                    technical: r.note.to_owned(),
                    ..Evidence::default()
                },
                base_revision: 0,
            };
            assessment::save(None, &draft, &by, &[Role::Admin], at_ms).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use procura_suppliers::grading::Grade;

    #[test]
    fn every_rating_is_valid_and_grades_differ() {
        let all: Vec<String> = RATINGS.iter().map(|r| r.supplier.to_owned()).collect();
        let made = assessments(&all, &"admin".into(), "Admin", 1_700_000_000_000);
        assert_eq!(
            made.len(),
            RATINGS.len(),
            "every rating passes the core's checks"
        );
        let grade = |id: &str| {
            made.iter()
                .find(|a| a.supplier_id == id)
                .map(Assessment::grade)
        };
        assert_eq!(grade("techsource"), Some(Grade::A));
        assert_eq!(grade("labcore"), Some(Grade::C));
        assert!(assessments(&["nobody".into()], &"admin".into(), "Admin", 0).is_empty());
    }
}
