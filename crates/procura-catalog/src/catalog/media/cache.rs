//! What the device keeps of product pictures for offline use: small thumbnails, within a
//! budget the buyer sets, the least recently shown going first.
//!
//! The app does the fetching, shrinking and storing; this module decides the numbers: whether a
//! new thumbnail is kept, which ones make room for it, and what a budget the buyer types means.
//! Time comes in as milliseconds since the epoch; nothing here reads a clock.

use serde::{Deserialize, Serialize};

/// The longest edge of a stored thumbnail, in pixels (a list row shows it at 48 CSS pixels,
/// sharp on a 2× screen up to 64).
pub const THUMB_EDGE: u32 = 128;
/// A picture larger than this is not fetched for a thumbnail (a real product photo is well
/// below; a hostile address could serve anything).
pub const MAX_FETCH_BYTES: u64 = 8 * 1024 * 1024;
/// A shrunk thumbnail larger than this is not kept (a 128-pixel WebP is a few kilobytes).
pub const MAX_THUMB_BYTES: u64 = 256 * 1024;
/// The budget when the buyer has not set one, in megabytes.
pub const DEFAULT_BUDGET_MB: u32 = 50;
/// The largest budget the setting takes, in megabytes.
pub const MAX_BUDGET_MB: u32 = 2_000;
/// How stale a thumbnail's "last shown" may get before showing it writes the new time: every
/// showing would be a write per row per scroll, and an hour does not change the order that
/// matters.
pub const TOUCH_AFTER_MS: u64 = 60 * 60 * 1000;

const MB: u64 = 1_000_000;

/// One thumbnail the device holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// The picture's address.
    pub key: String,
    /// Bytes stored.
    pub bytes: u64,
    /// When it was last shown (milliseconds since the epoch).
    pub used: u64,
}

/// What to do with a new thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admit {
    /// Keep it, after dropping these (least recently shown first).
    Keep { drop: Vec<String> },
    /// Don't keep it: larger than a thumbnail may be, or than the whole budget.
    Skip,
}

/// Whether a new thumbnail of `bytes` is kept within `budget_bytes`, and what makes room: the
/// least recently shown go first (ties by address, so the choice is the same on every device).
/// A thumbnail already held under `key` is replaced, so its own bytes count as free.
pub fn admit(held: &[Held], key: &str, bytes: u64, budget_bytes: u64) -> Admit {
    if bytes > MAX_THUMB_BYTES || bytes > budget_bytes {
        return Admit::Skip;
    }
    let mut others: Vec<&Held> = held.iter().filter(|h| h.key != key).collect();
    let mut total = others
        .iter()
        .fold(0u64, |sum, h| sum.saturating_add(h.bytes));
    others.sort_by(|a, b| a.used.cmp(&b.used).then_with(|| a.key.cmp(&b.key)));
    let mut drop = Vec::new();
    for h in others {
        if total.saturating_add(bytes) <= budget_bytes {
            break;
        }
        total = total.saturating_sub(h.bytes);
        drop.push(h.key.clone());
    }
    Admit::Keep { drop }
}

/// What to drop so `held` fits `budget_bytes` (after the buyer lowers the budget).
pub fn trim(held: &[Held], budget_bytes: u64) -> Vec<String> {
    let mut sorted: Vec<&Held> = held.iter().collect();
    sorted.sort_by(|a, b| a.used.cmp(&b.used).then_with(|| a.key.cmp(&b.key)));
    let mut total = held.iter().fold(0u64, |sum, h| sum.saturating_add(h.bytes));
    let mut drop = Vec::new();
    for h in sorted {
        if total <= budget_bytes {
            break;
        }
        total = total.saturating_sub(h.bytes);
        drop.push(h.key.clone());
    }
    drop
}

/// Whether showing a thumbnail last shown at `used` should write `now` as its new time.
pub fn should_touch(used: u64, now: u64) -> bool {
    now.saturating_sub(used) >= TOUCH_AFTER_MS
}

/// A budget in megabytes as bytes.
pub fn budget_bytes(mb: u32) -> u64 {
    u64::from(mb) * MB
}

/// Why a typed budget is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("not a whole number of megabytes")]
    NotANumber,
    #[error("more than {max} MB")]
    TooLarge { max: u32 },
}

/// The budget a buyer types, in whole megabytes: `0` keeps no pictures offline.
pub fn parse_budget_mb(text: &str) -> Result<u32, BudgetError> {
    let text = text.trim();
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BudgetError::NotANumber);
    }
    match text.parse::<u64>() {
        Ok(mb) if mb <= u64::from(MAX_BUDGET_MB) => Ok(mb as u32),
        Ok(_) => Err(BudgetError::TooLarge { max: MAX_BUDGET_MB }),
        Err(_) => Err(BudgetError::NotANumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(key: &str, bytes: u64, used: u64) -> Held {
        Held {
            key: key.into(),
            bytes,
            used,
        }
    }

    #[test]
    fn least_recently_shown_go_first() {
        let list = [held("a", 40, 3), held("b", 40, 1), held("c", 40, 2)];
        assert_eq!(admit(&list, "d", 10, 130), Admit::Keep { drop: vec![] });
        assert_eq!(
            admit(&list, "d", 50, 130),
            Admit::Keep {
                drop: vec!["b".into()]
            }
        );
        assert_eq!(
            admit(&list, "d", 90, 130),
            Admit::Keep {
                drop: vec!["b".into(), "c".into()]
            }
        );
    }

    #[test]
    fn a_replaced_thumbnail_frees_its_own_room() {
        let list = [held("a", 100, 1)];
        assert_eq!(admit(&list, "a", 100, 100), Admit::Keep { drop: vec![] });
    }

    #[test]
    fn too_large_is_skipped() {
        assert_eq!(admit(&[], "a", 11, 10), Admit::Skip);
        assert_eq!(admit(&[], "a", MAX_THUMB_BYTES + 1, u64::MAX), Admit::Skip);
        assert_eq!(admit(&[], "a", 1, 0), Admit::Skip);
    }

    #[test]
    fn trimming_to_a_lower_budget() {
        let list = [held("a", 40, 3), held("b", 40, 1), held("c", 40, 2)];
        assert_eq!(trim(&list, 120), Vec::<String>::new());
        assert_eq!(trim(&list, 80), vec!["b".to_owned()]);
        assert_eq!(trim(&list, 0), vec!["b".to_owned(), "c".into(), "a".into()]);
    }

    #[test]
    fn budgets_as_typed() {
        assert_eq!(parse_budget_mb(" 50 "), Ok(50));
        assert_eq!(parse_budget_mb("0"), Ok(0));
        assert_eq!(
            parse_budget_mb("2001"),
            Err(BudgetError::TooLarge { max: 2000 })
        );
        assert_eq!(parse_budget_mb("99999999999"), Err(BudgetError::NotANumber));
        assert_eq!(parse_budget_mb("-1"), Err(BudgetError::NotANumber));
        assert_eq!(parse_budget_mb("1.5"), Err(BudgetError::NotANumber));
        assert_eq!(budget_bytes(MAX_BUDGET_MB), 2_000_000_000);
    }

    #[test]
    fn touching_is_rate_limited() {
        assert!(!should_touch(1_000, 1_000 + TOUCH_AFTER_MS - 1));
        assert!(should_touch(1_000, 1_000 + TOUCH_AFTER_MS));
        assert!(!should_touch(5_000, 1_000));
    }

    proptest::proptest! {
        /// Whatever the cache holds, a kept thumbnail fits after the drops, only what is needed
        /// is dropped, and nothing is dropped that was shown later than something kept.
        #[test]
        fn admitting_keeps_the_budget(
            list in proptest::collection::vec((0u64..5_000, 0u64..100), 0..40),
            bytes in 0u64..6_000,
            budget in 0u64..60_000,
        ) {
            let held: Vec<Held> = list
                .iter()
                .enumerate()
                .map(|(i, (b, used))| held(&format!("k{i}"), *b, *used))
                .collect();
            let total: u64 = held.iter().map(|h| h.bytes).sum();
            match admit(&held, "new", bytes, budget) {
                Admit::Skip => proptest::prop_assert!(bytes > budget),
                Admit::Keep { drop } => {
                    let dropped: u64 = held.iter().filter(|h| drop.contains(&h.key)).map(|h| h.bytes).sum();
                    proptest::prop_assert!(total - dropped + bytes <= budget);
                    if let Some(last) = drop.last() {
                        let last = held.iter().find(|h| &h.key == last).unwrap();
                        // Without the last drop it would not have fitted.
                        proptest::prop_assert!(total - dropped + last.bytes + bytes > budget);
                        let newest_dropped = drop.iter().map(|k| held.iter().find(|h| &h.key == k).unwrap().used).max().unwrap();
                        for kept in held.iter().filter(|h| !drop.contains(&h.key)) {
                            proptest::prop_assert!(kept.used >= newest_dropped);
                        }
                    }
                }
            }
        }
    }
}
