//! The analytic hierarchy process (层次分析法) as the source material teaches it: a judgement
//! matrix (判断矩阵) on Saaty's 1–9 scale, its priority vector by the **和积法** (sum-product
//! method: normalise each column, then average each row), λmax, the consistency index and
//! ratio, and a hierarchy's overall ranking (层次总排序) with its consistency check.
//!
//! The 和积法 is an approximation of Saaty's principal eigenvector; on a consistent matrix the
//! two agree exactly, on an inconsistent one they differ a little (the examples in
//! `tests/ahp_examples.rs` show how much). It is what buyers are taught to compute by hand,
//! so the figures the app shows are the ones they can check on paper.
//!
//! Pure arithmetic on `f64`: no money is involved, only ratios of judgements.

use serde::{Deserialize, Serialize};

/// The largest matrix [`analyse`] accepts: the random-index table goes up to 15.
pub const MAX_ORDER: usize = 15;
/// A matrix is acceptably consistent when its consistency ratio is below this.
pub const ACCEPTABLE_CR: f64 = 0.10;

/// Saaty's average random consistency index RI, indexed by the order n (index 0 unused):
/// Saaty, T. L. (1980), *The Analytic Hierarchy Process: Planning, Priority Setting, Resource
/// Allocation*, McGraw-Hill, New York, p. 21 (the table of random indices for n = 1…15), the
/// table Chinese textbooks reproduce as 平均随机一致性指标 RI. For n ≤ 2 it is 0 and so is CR:
/// a matrix of one or two items is always consistent.
pub const RANDOM_INDEX: [f64; 16] = [
    0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// How far `a[i][j]·a[j][i]` may be from 1 (relative), for matrices typed with rounded
/// reciprocals computed in floating point.
pub const RECIPROCAL_TOLERANCE: f64 = 1e-6;

/// One judgement matrix, analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ahp {
    /// The priority vector (sums to 1, every weight above 0).
    pub weights: Vec<f64>,
    /// λmax = (1/n)·Σ (A·w)_i / w_i.
    pub lambda_max: f64,
    /// CI = (λmax − n)/(n − 1); 0 for n = 1.
    pub ci: f64,
    /// CR = CI / RI(n); 0 for n ≤ 2.
    pub cr: f64,
}

impl Ahp {
    /// Whether the judgements are consistent enough to use (CR < [`ACCEPTABLE_CR`]).
    pub fn acceptable(&self) -> bool {
        self.cr < ACCEPTABLE_CR
    }
}

/// Why a matrix is not a judgement matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AhpError {
    #[error("the matrix is empty")]
    Empty,
    #[error("a matrix of {n} items is larger than {MAX_ORDER}")]
    TooLarge { n: usize },
    #[error("row {row} has {len} entries, the matrix is {n} × {n}")]
    NotSquare { row: usize, len: usize, n: usize },
    #[error("the entry at row {row}, column {col} is not a positive number")]
    NotPositive { row: usize, col: usize },
    #[error("the entries at ({row}, {col}) and ({col}, {row}) are not reciprocal")]
    NotReciprocal { row: usize, col: usize },
    /// An upper triangle of judgements whose length is not n(n−1)/2.
    #[error("{n} items need {expected} judgements, not {found}")]
    WrongTriangle {
        n: usize,
        expected: usize,
        found: usize,
    },
}

/// Checks that `matrix` is a positive reciprocal square matrix of order 1..=[`MAX_ORDER`].
fn check(matrix: &[Vec<f64>]) -> Result<usize, AhpError> {
    let n = matrix.len();
    if n == 0 {
        return Err(AhpError::Empty);
    }
    if n > MAX_ORDER {
        return Err(AhpError::TooLarge { n });
    }
    for (row, r) in matrix.iter().enumerate() {
        if r.len() != n {
            return Err(AhpError::NotSquare {
                row,
                len: r.len(),
                n,
            });
        }
        for (col, &a) in r.iter().enumerate() {
            if !a.is_finite() || a <= 0.0 {
                return Err(AhpError::NotPositive { row, col });
            }
        }
    }
    for (row, r) in matrix.iter().enumerate() {
        for (col, a) in r.iter().enumerate().skip(row) {
            let product = a * matrix[col][row];
            if !product.is_finite() || (product - 1.0).abs() > RECIPROCAL_TOLERANCE {
                return Err(AhpError::NotReciprocal { row, col });
            }
        }
    }
    Ok(n)
}

/// The random index of order `n` ([`RANDOM_INDEX`]).
pub fn random_index(n: usize) -> f64 {
    RANDOM_INDEX.get(n).copied().unwrap_or(0.0)
}

/// Analyses one judgement matrix by the 和积法:
///
/// 1. divide each entry by its column's sum (each column then sums to 1);
/// 2. the weight of item i is the mean of row i of that normalised matrix;
/// 3. λmax = (1/n)·Σ_i (A·w)_i / w_i;
/// 4. CI = (λmax − n)/(n − 1), CR = CI / RI(n) ([`RANDOM_INDEX`]).
///
/// λmax ≥ n for any positive reciprocal matrix and positive w, so CI is never negative (a
/// rounding error below 0 is reported as 0).
pub fn analyse(matrix: &[Vec<f64>]) -> Result<Ahp, AhpError> {
    let n = check(matrix)?;
    Ok(analyse_checked(matrix, n))
}

fn analyse_checked(matrix: &[Vec<f64>], n: usize) -> Ahp {
    let column_sums: Vec<f64> = (0..n)
        .map(|j| matrix.iter().map(|row| row[j]).sum())
        .collect();
    let weights: Vec<f64> = matrix
        .iter()
        .map(|row| {
            row.iter()
                .zip(&column_sums)
                .map(|(a, sum)| a / sum)
                .sum::<f64>()
                / n as f64
        })
        .collect();
    let lambda_max = matrix
        .iter()
        .zip(&weights)
        .map(|(row, w_i)| row.iter().zip(&weights).map(|(a, w)| a * w).sum::<f64>() / w_i)
        .sum::<f64>()
        / n as f64;
    let ci = if n > 1 {
        ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0)
    } else {
        0.0
    };
    let ri = random_index(n);
    let cr = if ri > 0.0 { ci / ri } else { 0.0 };
    Ahp {
        weights,
        lambda_max,
        ci,
        cr,
    }
}

/// One judgement on Saaty's scale, as a buyer enters it: `k` in 2..=9 means the row item is
/// k times as important as the column item, 1 equally important, and `-k` the reciprocal
/// (the column item is k times as important: 1/k). On the wire and in storage it is that
/// integer; any other integer is refused when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i8", into = "i8")]
pub struct Judgement(i8);

impl Judgement {
    /// Equally important.
    pub const EQUAL: Judgement = Judgement(1);

    /// The whole scale from 1/9 to 9, in increasing value: what a slider or segmented control
    /// offers.
    pub const SCALE: [Judgement; 17] = [
        Judgement(-9),
        Judgement(-8),
        Judgement(-7),
        Judgement(-6),
        Judgement(-5),
        Judgement(-4),
        Judgement(-3),
        Judgement(-2),
        Judgement(1),
        Judgement(2),
        Judgement(3),
        Judgement(4),
        Judgement(5),
        Judgement(6),
        Judgement(7),
        Judgement(8),
        Judgement(9),
    ];

    /// The judgement `code` (1..=9, or -2..=-9 for 1/2..1/9).
    pub const fn new(code: i8) -> Option<Judgement> {
        match code {
            1..=9 | -9..=-2 => Some(Judgement(code)),
            _ => None,
        }
    }

    /// Its integer code (what is stored).
    pub const fn code(self) -> i8 {
        self.0
    }

    /// The matrix entry: k, or 1/k for a reciprocal.
    pub fn value(self) -> f64 {
        if self.0 > 0 {
            f64::from(self.0)
        } else {
            1.0 / f64::from(-self.0)
        }
    }

    /// The same comparison seen from the other item (3 ↔ 1/3; 1 stays 1).
    pub const fn reciprocal(self) -> Judgement {
        match self.0 {
            1 => self,
            k => Judgement(-k),
        }
    }

    /// The Saaty value nearest to `ratio` on a logarithmic scale (ratios are compared by
    /// quotient, not difference: 1.3 is nearer 1 than 2, since √2 ≈ 1.414 is the midpoint),
    /// clamped to 1/9..=9. A ratio and its reciprocal give reciprocal judgements; a tie goes to
    /// the value nearer 1. Not a positive number (NaN, 0 or below): [`Judgement::EQUAL`] for NaN,
    /// 1/9 for 0 or below, 9 for +∞.
    pub fn nearest(ratio: f64) -> Judgement {
        if ratio.is_nan() {
            return Judgement::EQUAL;
        }
        if ratio <= 0.0 {
            return Judgement(-9);
        }
        if ratio < 1.0 {
            return Judgement::nearest(1.0 / ratio).reciprocal();
        }
        let target = ratio.min(9.0).ln();
        let mut best = Judgement::EQUAL;
        for k in 2..=9i8 {
            let candidate = Judgement(k);
            if (candidate.value().ln() - target).abs() < (best.value().ln() - target).abs() {
                best = candidate;
            }
        }
        best
    }
}

impl TryFrom<i8> for Judgement {
    type Error = String;

    fn try_from(code: i8) -> Result<Self, Self::Error> {
        Judgement::new(code).ok_or_else(|| {
            format!("{code} is not a judgement (1 to 9, or -2 to -9 for 1/2 to 1/9)")
        })
    }
}

impl From<Judgement> for i8 {
    fn from(j: Judgement) -> i8 {
        j.0
    }
}

impl std::fmt::Display for Judgement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 > 0 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "1/{}", -self.0)
        }
    }
}

/// How many judgements the upper triangle of an `n` × `n` matrix holds: n(n−1)/2.
pub const fn upper_len(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// The cells of the upper triangle of an `n` × `n` matrix, row-major: (0,1), (0,2), …,
/// (0,n−1), (1,2), …: the order of every judgement list.
pub fn upper_cells(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |row| (row + 1..n).map(move |col| (row, col)))
}

/// Where cell (`row`, `col`) of the upper triangle (row < col < n) sits in a judgement list
/// ([`upper_cells`]' order): how the screen finds the judgement [`most_inconsistent`] names.
pub const fn upper_index(n: usize, row: usize, col: usize) -> usize {
    row * n - row * (row + 1) / 2 + (col - row - 1)
}

/// The full judgement matrix of `n` items from its upper triangle (row-major: (0,1), (0,2), …,
/// (0,n−1), (1,2), …), with 1 on the diagonal and the reciprocals below.
pub fn matrix_from_upper(n: usize, upper: &[Judgement]) -> Result<Vec<Vec<f64>>, AhpError> {
    if n == 0 {
        return Err(AhpError::Empty);
    }
    if n > MAX_ORDER {
        return Err(AhpError::TooLarge { n });
    }
    if upper.len() != upper_len(n) {
        return Err(AhpError::WrongTriangle {
            n,
            expected: upper_len(n),
            found: upper.len(),
        });
    }
    let mut m = vec![vec![1.0; n]; n];
    for ((row, col), j) in upper_cells(n).zip(upper) {
        m[row][col] = j.value();
        m[col][row] = j.reciprocal().value();
    }
    Ok(m)
}

/// The upper triangle of `matrix` as the nearest judgements ([`Judgement::nearest`]),
/// row-major: the inverse of [`matrix_from_upper`] for matrices on the scale.
pub fn upper_of(matrix: &[Vec<f64>]) -> Vec<Judgement> {
    let n = matrix.len();
    let mut out = Vec::with_capacity(upper_len(n));
    for (row, r) in matrix.iter().enumerate() {
        for col in row + 1..n {
            out.push(Judgement::nearest(r.get(col).copied().unwrap_or(1.0)));
        }
    }
    out
}

/// A judgement that disagrees with what the others imply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inconsistency {
    /// The cell, in the upper triangle (row < col).
    pub row: usize,
    pub col: usize,
    /// What was entered.
    pub entered: f64,
    /// What the priority vector implies: w_row / w_col.
    pub implied: f64,
    /// The value of the scale that, put in this cell (and its reciprocal below), makes the
    /// matrix most consistent.
    pub suggested: Judgement,
    /// The consistency ratio with the suggestion in place.
    pub cr_if_suggested: f64,
}

impl Inconsistency {
    /// How far the entry is from what the weights imply, as a factor ≥ 1:
    /// max(entered/implied, implied/entered).
    pub fn deviation(&self) -> f64 {
        deviation(self.entered, self.implied)
    }
}

fn deviation(entered: f64, implied: f64) -> f64 {
    (entered / implied).max(implied / entered)
}

/// The judgements of the upper triangle ranked by how far each is from what the priority
/// vector implies (deviation max(a/r, r/a) with r = w_row/w_col), worst first, at most
/// `limit`. Each comes with the value of the 17-step scale that gives the lowest consistency
/// ratio when put in that cell (ties: the one nearer the implied ratio).
///
/// A consistent matrix has every deviation 1; the list then still ranks cells, all equally
/// harmless (the suggestion is the entered value when it is on the scale).
pub fn most_inconsistent(
    matrix: &[Vec<f64>],
    limit: usize,
) -> Result<Vec<Inconsistency>, AhpError> {
    let n = check(matrix)?;
    let base = analyse_checked(matrix, n);
    let w = &base.weights;
    let mut cells: Vec<(usize, usize, f64)> = Vec::with_capacity(upper_len(n));
    for row in 0..n {
        for col in row + 1..n {
            let implied = w[row] / w[col];
            cells.push((row, col, deviation(matrix[row][col], implied)));
        }
    }
    // Worst first; equal deviations keep the triangle's order.
    cells.sort_by(|a, b| b.2.total_cmp(&a.2));
    cells.truncate(limit);
    let mut trial: Vec<Vec<f64>> = matrix.to_vec();
    Ok(cells
        .into_iter()
        .map(|(row, col, _)| {
            let implied = w[row] / w[col];
            let mut best: Option<(Judgement, f64, f64)> = None;
            for j in Judgement::SCALE {
                trial[row][col] = j.value();
                trial[col][row] = j.reciprocal().value();
                let cr = analyse_checked(&trial, n).cr;
                let distance = deviation(j.value(), implied);
                let better = match best {
                    None => true,
                    Some((_, best_cr, best_distance)) => {
                        cr < best_cr - 1e-12
                            || ((cr - best_cr).abs() <= 1e-12 && distance < best_distance)
                    }
                };
                if better {
                    best = Some((j, cr, distance));
                }
            }
            trial[row][col] = matrix[row][col];
            trial[col][row] = matrix[col][row];
            let (suggested, cr_if_suggested, _) = best.unwrap_or((Judgement::EQUAL, base.cr, 1.0));
            Inconsistency {
                row,
                col,
                entered: matrix[row][col],
                implied,
                suggested,
                cr_if_suggested,
            }
        })
        .collect())
}

/// A hierarchy: goal → criteria → (optionally) sub-criteria → alternatives.
///
/// The leaves are the criteria in order, each replaced by its sub-criteria when it has a
/// matrix of them: criteria (A, B, C) with B split into (B1, B2) have the leaves
/// (A, B1, B2, C). There is one matrix of the alternatives per leaf, in that order, all of the
/// same order (the alternatives are the same at every leaf).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hierarchy {
    pub criteria: Vec<Vec<f64>>,
    /// Per criterion, the matrix of its sub-criteria (`None`: the criterion is a leaf).
    pub sub_criteria: Vec<Option<Vec<Vec<f64>>>>,
    /// Per leaf, the matrix of the alternatives with respect to it.
    pub alternatives: Vec<Vec<Vec<f64>>>,
}

/// A hierarchy's overall ranking (层次总排序).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// The global weight of each leaf: its criterion's weight times its local weight.
    pub leaf_weights: Vec<f64>,
    /// Per alternative, Σ_leaf leaf weight × the alternative's weight at that leaf (sums to 1).
    pub scores: Vec<f64>,
    /// The overall consistency ratio of the alternatives' level:
    /// Σ_j w_j·CI_j / Σ_j w_j·RI_j over the leaves j (0 when every RI is 0, i.e. two
    /// alternatives).
    pub overall_cr: f64,
    pub criteria: Ahp,
    /// Per criterion, the analysis of its sub-criteria (`None`: no sub-criteria).
    pub sub_criteria: Vec<Option<Ahp>>,
    /// Per leaf, the analysis of the alternatives' matrix.
    pub leaves: Vec<Ahp>,
}

impl Ranking {
    /// The alternatives' indexes, best first (equal scores keep their order).
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.scores.len()).collect();
        order.sort_by(|a, b| self.scores[*b].total_cmp(&self.scores[*a]));
        order
    }

    /// Whether every matrix and the overall ranking are acceptably consistent.
    pub fn acceptable(&self) -> bool {
        self.criteria.acceptable()
            && self.sub_criteria.iter().flatten().all(Ahp::acceptable)
            && self.leaves.iter().all(Ahp::acceptable)
            && self.overall_cr < ACCEPTABLE_CR
    }
}

/// Which matrix of a hierarchy is wrong, or which counts disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HierarchyError {
    #[error("the criteria: {0}")]
    Criteria(AhpError),
    #[error("the sub-criteria of criterion {criterion}: {error}")]
    SubCriteria { criterion: usize, error: AhpError },
    #[error("the alternatives at leaf {leaf}: {error}")]
    Alternatives { leaf: usize, error: AhpError },
    #[error("{what}: {found}, expected {expected}")]
    Count {
        what: Counted,
        expected: usize,
        found: usize,
    },
}

/// What a [`HierarchyError::Count`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Entries of `sub_criteria` (one per criterion).
    SubCriteria,
    /// Matrices of alternatives (one per leaf).
    Leaves,
    /// Alternatives in a leaf's matrix (the same at every leaf).
    Alternatives,
}

impl std::fmt::Display for Counted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Counted::SubCriteria => "sub-criteria entries",
            Counted::Leaves => "matrices of alternatives",
            Counted::Alternatives => "alternatives",
        })
    }
}

/// Ranks the alternatives of `h` (层次总排序): each leaf's global weight is its criterion's
/// weight times its local weight among its siblings, each alternative's score is the sum over
/// the leaves of leaf weight × its weight at that leaf.
///
/// The overall consistency check (层次总排序一致性检验) is the standard one for a level whose
/// elements are judged under the elements j of the level above, with global weights a_j:
/// CR = Σ_j a_j·CI_j / Σ_j a_j·RI_j, as given e.g. in 许树柏,《实用决策方法——层次分析法原理》
/// (天津大学出版社, 1988) and in the AHP chapter of 《运筹学》 (清华大学出版社). Here it is
/// applied to the alternatives under the leaves; the criteria and sub-criteria matrices have
/// their own CR in [`Ranking::criteria`] and [`Ranking::sub_criteria`], and
/// [`Ranking::acceptable`] asks all of them.
pub fn rank(h: &Hierarchy) -> Result<Ranking, HierarchyError> {
    let criteria = analyse(&h.criteria).map_err(HierarchyError::Criteria)?;
    let m = criteria.weights.len();
    if h.sub_criteria.len() != m {
        return Err(HierarchyError::Count {
            what: Counted::SubCriteria,
            expected: m,
            found: h.sub_criteria.len(),
        });
    }
    let mut sub_criteria = Vec::with_capacity(m);
    let mut leaf_weights = Vec::new();
    for (criterion, (sub, w)) in h.sub_criteria.iter().zip(&criteria.weights).enumerate() {
        match sub {
            None => {
                sub_criteria.push(None);
                leaf_weights.push(*w);
            }
            Some(matrix) => {
                let a = analyse(matrix)
                    .map_err(|error| HierarchyError::SubCriteria { criterion, error })?;
                leaf_weights.extend(a.weights.iter().map(|local| w * local));
                sub_criteria.push(Some(a));
            }
        }
    }
    if h.alternatives.len() != leaf_weights.len() {
        return Err(HierarchyError::Count {
            what: Counted::Leaves,
            expected: leaf_weights.len(),
            found: h.alternatives.len(),
        });
    }
    let mut leaves = Vec::with_capacity(leaf_weights.len());
    for (leaf, matrix) in h.alternatives.iter().enumerate() {
        let a = analyse(matrix).map_err(|error| HierarchyError::Alternatives { leaf, error })?;
        if let Some(first) = leaves.first().map(|f: &Ahp| f.weights.len()) {
            if a.weights.len() != first {
                return Err(HierarchyError::Count {
                    what: Counted::Alternatives,
                    expected: first,
                    found: a.weights.len(),
                });
            }
        }
        leaves.push(a);
    }
    let p = leaves.first().map_or(0, |l| l.weights.len());
    let scores: Vec<f64> = (0..p)
        .map(|alt| {
            leaves
                .iter()
                .zip(&leaf_weights)
                .map(|(l, w)| w * l.weights[alt])
                .sum()
        })
        .collect();
    let weighted_ci: f64 = leaves
        .iter()
        .zip(&leaf_weights)
        .map(|(l, w)| w * l.ci)
        .sum();
    let weighted_ri: f64 = leaf_weights.iter().map(|w| w * random_index(p)).sum();
    let overall_cr = if weighted_ri > 0.0 {
        weighted_ci / weighted_ri
    } else {
        0.0
    };
    Ok(Ranking {
        leaf_weights,
        scores,
        overall_cr,
        criteria,
        sub_criteria,
        leaves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_from_a_ninth_to_nine_in_order() {
        let values: Vec<f64> = Judgement::SCALE.iter().map(|j| j.value()).collect();
        assert!(values.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(values[0], 1.0 / 9.0);
        assert_eq!(values[8], 1.0);
        assert_eq!(values[16], 9.0);
        for j in Judgement::SCALE {
            assert_eq!(Judgement::new(j.code()), Some(j));
            assert!((j.value() * j.reciprocal().value() - 1.0).abs() < 1e-12);
        }
        assert_eq!(Judgement::new(0), None);
        assert_eq!(Judgement::new(-1), None);
        assert_eq!(Judgement::new(10), None);
    }

    #[test]
    fn nearest_is_on_a_log_scale_and_clamped() {
        let n = |r: f64| Judgement::nearest(r).code();
        assert_eq!(n(1.0), 1);
        assert_eq!(n(1.4), 1, "below √2");
        assert_eq!(n(1.45), 2, "above √2");
        assert_eq!(n(2.9), 3);
        assert_eq!(n(100.0), 9);
        assert_eq!(n(f64::INFINITY), 9);
        assert_eq!(n(1.0 / 3.0), -3);
        assert_eq!(n(0.001), -9);
        assert_eq!(n(0.0), -9);
        assert_eq!(n(f64::NAN), 1);
        for r in [1.2, 1.7, 2.4, 3.3, 5.5, 8.6] {
            assert_eq!(
                Judgement::nearest(1.0 / r),
                Judgement::nearest(r).reciprocal()
            );
        }
    }

    #[test]
    fn judgements_read_and_write_as_their_integer() {
        let j: Vec<Judgement> = serde_json::from_str("[3,-5,1]").unwrap();
        assert_eq!(j, [Judgement(3), Judgement(-5), Judgement::EQUAL]);
        assert_eq!(serde_json::to_string(&j).unwrap(), "[3,-5,1]");
        assert!(serde_json::from_str::<Judgement>("0").is_err());
        assert!(serde_json::from_str::<Judgement>("-1").is_err());
        assert!(serde_json::from_str::<Judgement>("12").is_err());
        assert!(serde_json::from_str::<Judgement>("300").is_err());
    }

    #[test]
    fn the_upper_triangle_fills_a_reciprocal_matrix() {
        let m = matrix_from_upper(3, &[Judgement(3), Judgement(-2), Judgement(5)]).unwrap();
        assert_eq!(m[0], [1.0, 3.0, 0.5]);
        assert_eq!(m[1], [1.0 / 3.0, 1.0, 5.0]);
        assert_eq!(m[2], [2.0, 0.2, 1.0]);
        assert_eq!(upper_of(&m), [Judgement(3), Judgement(-2), Judgement(5)]);
        for n in 0..=MAX_ORDER {
            for (i, (row, col)) in upper_cells(n).enumerate() {
                assert_eq!(upper_index(n, row, col), i, "n {n} ({row}, {col})");
            }
            assert_eq!(upper_cells(n).count(), upper_len(n));
        }
        assert_eq!(
            matrix_from_upper(3, &[Judgement(3)]),
            Err(AhpError::WrongTriangle {
                n: 3,
                expected: 3,
                found: 1
            })
        );
        assert_eq!(matrix_from_upper(1, &[]).unwrap(), [[1.0]]);
        assert_eq!(matrix_from_upper(0, &[]), Err(AhpError::Empty));
        assert_eq!(
            matrix_from_upper(16, &[Judgement::EQUAL; 120]),
            Err(AhpError::TooLarge { n: 16 })
        );
    }

    #[test]
    fn malformed_matrices_are_named() {
        assert_eq!(analyse(&[]), Err(AhpError::Empty));
        assert_eq!(
            analyse(&[vec![1.0, 2.0], vec![0.5]]),
            Err(AhpError::NotSquare {
                row: 1,
                len: 1,
                n: 2
            })
        );
        assert_eq!(
            analyse(&[vec![1.0, 0.0], vec![2.0, 1.0]]),
            Err(AhpError::NotPositive { row: 0, col: 1 })
        );
        assert_eq!(
            analyse(&[vec![1.0, f64::NAN], vec![2.0, 1.0]]),
            Err(AhpError::NotPositive { row: 0, col: 1 })
        );
        assert_eq!(
            analyse(&[vec![1.0, 2.0], vec![2.0, 1.0]]),
            Err(AhpError::NotReciprocal { row: 0, col: 1 })
        );
        assert_eq!(
            analyse(&[vec![2.0, 1.0], vec![1.0, 0.5]]),
            Err(AhpError::NotReciprocal { row: 0, col: 0 })
        );
        let big = vec![vec![1.0; 16]; 16];
        assert_eq!(analyse(&big), Err(AhpError::TooLarge { n: 16 }));
    }

    #[test]
    fn one_and_two_items_are_always_consistent() {
        let one = analyse(&[vec![1.0]]).unwrap();
        assert_eq!((one.weights[0], one.ci, one.cr), (1.0, 0.0, 0.0));
        let two = analyse(&[vec![1.0, 3.0], vec![1.0 / 3.0, 1.0]]).unwrap();
        assert!((two.weights[0] - 0.75).abs() < 1e-12);
        assert_eq!(two.cr, 0.0);
        assert!(two.acceptable());
    }
}
