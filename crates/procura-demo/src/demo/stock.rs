//! The demo's stock room: the organisation keeps its most used catalog items in one store,
//! counted yesterday, with two years of weekly goods issues (steady use with a seasonal swing
//! and some noise, deterministic in the seed). Some items are counted low, so the reorder list
//! has work on the first day; the others are well stocked.

use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{add_days, start_ms, Date};
use procura_ground::id::UserId;
use procura_orders::order::PurchaseOrder;
use procura_spend::stock::{GoodsIssue, Stock};
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
    let mut stocks = Vec::new();
    let mut issues = Vec::new();
    for (n, (id, _)) in ranked.iter().enumerate() {
        if stocks.len() == ITEMS {
            break;
        }
        let Some(c) = item(id) else { continue };
        // A weekly use of 3 to 14 order units.
        let base = 3 + (next() % 12) as i64;
        let mut total_recent = 0i64;
        for w in (1..=WEEKS).rev() {
            let week = add_days(today, -7 * w);
            // Busier before the year's end and in spring (a ±35 % swing).
            let month = f64::from(u8::from(week.month()));
            let swing = 1.0 + 0.35 * (month / 12.0 * std::f64::consts::TAU).cos();
            let noise = (next() % 41) as f64 / 100.0 - 0.2;
            let q = ((base as f64) * swing * (1.0 + noise)).round().max(0.0) as i64;
            if q == 0 {
                continue;
            }
            if w <= 4 {
                total_recent += q;
            }
            let day = add_days(week, (next() % 5) as i64);
            issues.push(GoodsIssue {
                id: format!("demo-gi-{n}-{w}"),
                item_id: c.id.clone(),
                location: LOCATION.into(),
                quantity: Decimal::from(q),
                issued_at_ms: start_ms(day) + 10 * 3_600_000,
                note: String::new(),
                by: "u-buyer".into(),
                by_name: "Li Na 李娜".into(),
                recorded_at_ms: start_ms(day) + 10 * 3_600_000,
            });
        }
        // Every other item counted at about half a week of use (due), the rest at six weeks.
        let weekly = (total_recent / 4).max(1);
        let counted = if stocks.len() % 2 == 0 {
            weekly / 2
        } else {
            weekly * 6
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
