//! The demo's stock room: the organisation keeps its most ordered catalog items in one store,
//! counted yesterday. What the history's orders delivered was used up week by week until the
//! next delivery (goods issues with some noise, deterministic in the seed), so the stock chart
//! is the sawtooth of a real store. Every other item is used up to its last delivery and is due
//! for reorder on the first day; the others have half of their last delivery left and a
//! reserve of about eight weeks.

use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{add_days, start_ms, Date};
use procura_ground::id::UserId;
use procura_orders::order::{OrderEvent, PurchaseOrder};
use procura_spend::stock::{GoodsIssue, Stock};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where the demo keeps its stock.
pub const LOCATION: &str = "Central store 中心仓库";
/// How many items are stocked.
pub const ITEMS: usize = 8;
/// Weeks of goods issues.
pub const WEEKS: i64 = 104;

/// The stocked items and their goods issues before `today`: the [`ITEMS`] catalog items most
/// often ordered in `orders` (found by `item`), every other one counted low.
pub fn stock_room(
    seed: u64,
    today: Date,
    orders: &[PurchaseOrder],
    item: impl Fn(&str) -> Option<CatalogItem>,
    admin: (&UserId, &str),
) -> (Vec<Stock>, Vec<GoodsIssue>) {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for o in orders {
        for l in &o.lines {
            if let Some(id) = &l.item_id {
                *uses.entry(id.as_str()).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(&str, usize)> = uses.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut rng = seed ^ 0x5eed_570c;
    let mut next = move || {
        // xorshift64*: deterministic noise, no dependency.
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        rng.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
    };
    let counted_at = start_ms(add_days(today, -1)) + 17 * 3_600_000;
    let today_ms = start_ms(today);
    let week = 7 * 86_400_000i64;
    let mut stocks = Vec::new();
    let mut issues = Vec::new();
    for (n, (id, _)) in ranked.iter().enumerate() {
        if stocks.len() == ITEMS {
            break;
        }
        let Some(c) = item(id) else { continue };
        // What came in: every goods receipt of the item, oldest first, whole units.
        let mut receipts: Vec<(i64, i64)> = Vec::new();
        for o in orders {
            for e in &o.events {
                let OrderEvent::Received { at_ms, lines, .. } = e else {
                    continue;
                };
                for r in lines {
                    let ours = o
                        .lines
                        .iter()
                        .any(|l| l.line_no == r.line_no && l.item_id.as_ref() == Some(&c.id));
                    let q = r.accepted.trunc().to_i64().unwrap_or(0);
                    if ours && q > 0 && *at_ms < counted_at {
                        receipts.push((*at_ms, q));
                    }
                }
            }
        }
        if receipts.len() < 3 {
            continue;
        }
        receipts.sort_unstable();
        let due = stocks.len() % 2 == 0;
        let mut remainder = 0i64;
        // Each delivery is used up week by week until the next one arrives (with some noise);
        // the last one is used up by now for an item that is due, partly for the others.
        for (k, &(at, q)) in receipts.iter().enumerate() {
            let until = receipts.get(k + 1).map_or(counted_at, |r| r.0);
            let span = ((until - at) / week).clamp(1, 12);
            // The last delivery of an item that is not due: half of it used by now.
            let keep = if k + 1 == receipts.len() && !due {
                q / 2
            } else {
                0
            };
            let used = q - keep;
            let mut left = used;
            let mut carry = 0i64;
            for w in 0..span {
                // An even share of the delivery each week of the span (whole units, adding up
                // to it), one unit moved to or from the next week now and then.
                let planned = (w + 1) * used / span - w * used / span + carry;
                let nudge = match next() % 4 {
                    0 if planned > 0 => -1,
                    1 => 1,
                    _ => 0,
                };
                let share = if w + 1 == span {
                    left
                } else {
                    (planned + nudge).clamp(0, left)
                };
                carry = planned - share;
                let at_ms = at + w * week + (1 + (next() % 4) as i64) * 86_400_000 + 10 * 3_600_000;
                if share == 0 || at_ms >= counted_at || at_ms >= today_ms {
                    continue;
                }
                left -= share;
                issues.push(GoodsIssue {
                    id: format!("demo-gi-{n}-{k}-{w}"),
                    item_id: c.id.clone(),
                    location: LOCATION.into(),
                    quantity: Decimal::from(share),
                    issued_at_ms: at_ms,
                    note: String::new(),
                    by: "u-buyer".into(),
                    by_name: "Li Na 李娜".into(),
                    recorded_at_ms: at_ms,
                });
            }
            if k + 1 == receipts.len() {
                remainder = left + keep;
            }
        }
        // Counted yesterday: what is left of the last delivery, and for an item that is not
        // due a reserve of about eight weeks' use.
        let used: i64 = receipts.iter().map(|r| r.1).sum();
        let weekly = (used / WEEKS).max(1);
        let counted = if due {
            remainder
        } else {
            remainder + 8 * weekly
        };
        stocks.push(Stock {
            item_id: c.id.clone(),
            location: LOCATION.into(),
            supplier_id: c.supplier_id.clone(),
            counted: Decimal::from(counted),
            counted_at_ms: counted_at,
            order_cost: None,
            holding_rate: None,
            service_level_pct: None,
            revision: 1,
            updated_by: admin.0.clone(),
            updated_by_name: admin.1.to_owned(),
            updated_at_ms: counted_at,
        });
    }
    (stocks, issues)
}
