//! Supplier grading (供应商分级): four capabilities rated 1 (poor) to 5 (excellent), each with
//! the evidence behind it, give a grade A–D.
//!
//! ## Thresholds
//! With `mean` the average of the four ratings and `min` the lowest:
//! - **A** (preferred): mean ≥ 4.5 and min ≥ 4;
//! - **B** (approved): mean ≥ 3.5 and min ≥ 3;
//! - **C** (conditional, improvement plan): mean ≥ 2.5 and min ≥ 2;
//! - **D** (phase out): everything else.
//!
//! The minimum keeps one weak capability from hiding behind strong ones: a supplier rated 5, 5,
//! 5, 1 is a D, not an A.

use serde::{Deserialize, Serialize};

/// The four capabilities, each 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Capabilities {
    /// 质量意识: quality awareness.
    pub quality_awareness: u8,
    /// 技术能力: technical capability.
    pub technical: u8,
    /// 复制能力: capability to replicate (produce the same again, at scale).
    pub replication: u8,
    /// 解决问题能力: problem-solving capability.
    pub problem_solving: u8,
}

impl Capabilities {
    /// The ratings with their stable field names, in the order above.
    pub fn named(&self) -> [(&'static str, u8); 4] {
        [
            ("quality_awareness", self.quality_awareness),
            ("technical", self.technical),
            ("replication", self.replication),
            ("problem_solving", self.problem_solving),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

/// The grade of four ratings (see the module's thresholds); ratings outside 1–5 are clamped.
pub fn grade(c: &Capabilities) -> Grade {
    let ratings = c.named().map(|(_, r)| u32::from(r.clamp(1, 5)));
    let sum: u32 = ratings.iter().sum();
    let min = ratings.iter().copied().min().unwrap_or(1);
    // mean ≥ 4.5 ⇔ sum ≥ 18; ≥ 3.5 ⇔ sum ≥ 14; ≥ 2.5 ⇔ sum ≥ 10 (four ratings).
    if sum >= 18 && min >= 4 {
        Grade::A
    } else if sum >= 14 && min >= 3 {
        Grade::B
    } else if sum >= 10 && min >= 2 {
        Grade::C
    } else {
        Grade::D
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(r: [u8; 4]) -> Capabilities {
        Capabilities {
            quality_awareness: r[0],
            technical: r[1],
            replication: r[2],
            problem_solving: r[3],
        }
    }

    #[test]
    fn grades_by_mean_and_minimum() {
        let cases = [
            ([5, 5, 5, 5], Grade::A),
            ([5, 5, 4, 4], Grade::A),
            ([5, 4, 4, 4], Grade::B), // mean 4.25
            ([5, 5, 5, 3], Grade::B), // mean 4.5 but one 3
            ([4, 4, 3, 3], Grade::B), // mean 3.5
            ([4, 3, 3, 3], Grade::C), // mean 3.25
            ([5, 5, 5, 2], Grade::C),
            ([3, 3, 2, 2], Grade::C), // mean 2.5
            ([3, 2, 2, 2], Grade::D), // mean 2.25
            ([5, 5, 5, 1], Grade::D),
            ([1, 1, 1, 1], Grade::D),
        ];
        for (ratings, expected) in cases {
            assert_eq!(grade(&c(ratings)), expected, "{ratings:?}");
        }
    }

    #[test]
    fn a_better_rating_never_lowers_the_grade() {
        for n in 0..625u32 {
            let r = [n % 5, n / 5 % 5, n / 25 % 5, n / 125 % 5].map(|x| x as u8 + 1);
            for i in 0..4 {
                if r[i] < 5 {
                    let mut better = r;
                    better[i] += 1;
                    assert!(grade(&c(better)) <= grade(&c(r)), "{r:?} → {better:?}");
                }
            }
        }
    }
}
