//! Properties of the AHP that hold for every judgement matrix, not just the published ones.

use procura_suppliers::ahp::{
    analyse, matrix_from_upper, rank, upper_len, AhpError, Hierarchy, Judgement, MAX_ORDER,
};
use proptest::prelude::*;

fn judgement() -> impl Strategy<Value = Judgement> {
    proptest::sample::select(Judgement::SCALE.to_vec())
}

/// A judgement matrix of 1..=15 items on Saaty's scale.
fn matrix() -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1..=MAX_ORDER).prop_flat_map(|n| {
        proptest::collection::vec(judgement(), upper_len(n))
            .prop_map(move |upper| matrix_from_upper(n, &upper).unwrap())
    })
}

/// A matrix and a permutation of its items.
fn matrix_and_permutation() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<usize>)> {
    matrix().prop_flat_map(|m| {
        let n = m.len();
        (Just(m), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
    })
}

fn permuted(m: &[Vec<f64>], p: &[usize]) -> Vec<Vec<f64>> {
    p.iter()
        .map(|&i| p.iter().map(|&j| m[i][j]).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn weights_are_positive_and_sum_to_one(m in matrix()) {
        let r = analyse(&m).unwrap();
        let n = m.len() as f64;
        prop_assert!((r.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        prop_assert!(r.weights.iter().all(|w| *w > 0.0));
        prop_assert!(r.lambda_max >= n - 1e-9, "λmax {} < n {}", r.lambda_max, n);
        prop_assert!(r.ci >= 0.0 && r.cr >= 0.0);
        if m.len() <= 2 {
            prop_assert_eq!(r.cr, 0.0);
        }
    }

    #[test]
    fn a_consistent_matrix_has_no_inconsistency_and_gives_back_its_weights(
        v in proptest::collection::vec(0.05f64..20.0, 1..=MAX_ORDER)
    ) {
        let m: Vec<Vec<f64>> = v.iter().map(|a| v.iter().map(|b| a / b).collect()).collect();
        let r = analyse(&m).unwrap();
        prop_assert!(r.cr.abs() < 1e-9, "cr {}", r.cr);
        prop_assert!((r.lambda_max - v.len() as f64).abs() < 1e-9);
        let total: f64 = v.iter().sum();
        for (w, x) in r.weights.iter().zip(&v) {
            prop_assert!((w - x / total).abs() < 1e-9, "{} vs {}", w, x / total);
        }
        prop_assert!(r.acceptable());
    }

    #[test]
    fn permuting_the_items_permutes_the_weights((m, p) in matrix_and_permutation()) {
        let r = analyse(&m).unwrap();
        let q = analyse(&permuted(&m, &p)).unwrap();
        for (i, &from) in p.iter().enumerate() {
            prop_assert!((q.weights[i] - r.weights[from]).abs() < 1e-12);
        }
        prop_assert!((q.cr - r.cr).abs() < 1e-9);
    }

    #[test]
    fn permuting_the_alternatives_permutes_the_ranking(
        criteria in proptest::collection::vec(judgement(), upper_len(3)),
        leaves in proptest::collection::vec(proptest::collection::vec(judgement(), upper_len(4)), 3),
        p in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
    ) {
        let alternatives: Vec<Vec<Vec<f64>>> = leaves
            .iter()
            .map(|u| matrix_from_upper(4, u).unwrap())
            .collect();
        let h = Hierarchy {
            criteria: matrix_from_upper(3, &criteria).unwrap(),
            sub_criteria: vec![None; 3],
            alternatives: alternatives.clone(),
        };
        let shuffled = Hierarchy {
            alternatives: alternatives.iter().map(|m| permuted(m, &p)).collect(),
            ..h.clone()
        };
        let r = rank(&h).unwrap();
        let s = rank(&shuffled).unwrap();
        prop_assert!((r.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        for (i, &from) in p.iter().enumerate() {
            prop_assert!((s.scores[i] - r.scores[from]).abs() < 1e-12);
        }
        prop_assert!((s.overall_cr - r.overall_cr).abs() < 1e-9);
        // The order is the same alternatives, renamed (ties aside).
        let distinct = (0..4).all(|a| (0..4).all(|b| a == b || (r.scores[a] - r.scores[b]).abs() > 1e-9));
        if distinct {
            let renamed: Vec<usize> = s.order().iter().map(|&i| p[i]).collect();
            prop_assert_eq!(renamed, r.order());
        }
    }

    #[test]
    fn a_broken_reciprocal_is_refused(
        m in matrix().prop_filter("two items at least", |m| m.len() >= 2),
        cell in any::<proptest::sample::Index>(),
        factor in prop_oneof![1.001f64..10.0, 0.1f64..0.999],
        below in any::<bool>(),
    ) {
        let n = m.len();
        let k = cell.index(upper_len(n));
        let (mut row, mut col, mut seen) = (0, 0, 0);
        'find: for i in 0..n {
            for j in i + 1..n {
                if seen == k {
                    (row, col) = (i, j);
                    break 'find;
                }
                seen += 1;
            }
        }
        let mut broken = m.clone();
        if below {
            broken[col][row] *= factor;
        } else {
            broken[row][col] *= factor;
        }
        prop_assert_eq!(analyse(&broken), Err(AhpError::NotReciprocal { row, col }));
    }

    #[test]
    fn nearest_round_trips_the_scale_and_is_reciprocal(ratio in 0.001f64..1000.0) {
        let j = Judgement::nearest(ratio);
        prop_assert_eq!(Judgement::nearest(1.0 / ratio), j.reciprocal());
        prop_assert_eq!(Judgement::nearest(j.value()), j);
        // Nothing on the scale is nearer on a log scale.
        let clamped = ratio.clamp(1.0 / 9.0, 9.0).ln();
        let best = (j.value().ln() - clamped).abs();
        prop_assert!(Judgement::SCALE.iter().all(|k| (k.value().ln() - clamped).abs() >= best - 1e-12));
    }
}
