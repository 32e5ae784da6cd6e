//! The formulas against worked examples published in operations-management texts. Published
//! answers use a z read from a printed table (1.65 for 95 %, 1.28 for 90 %) and round; ours
//! uses the exact quantile, so each check states how close the published figure must be.

use procura_spend::inventory::{abc, eoq, reorder_point, safety_stock, z_score, AbcClass};

fn close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within {tolerance} of {expected}"
    );
}

#[test]
fn z_is_the_standard_normal_quantile() {
    // Φ⁻¹ to 16 digits (e.g. scipy.stats.norm.ppf); Acklam's approximation is good to ~1e-9.
    for (p, z) in [
        (0.5, 0.0),
        (0.8, 0.841_621_233_572_914_3),
        (0.9, 1.281_551_565_544_600_4),
        (0.95, 1.644_853_626_951_472_2),
        (0.975, 1.959_963_984_540_054),
        (0.98, 2.053_748_910_631_823),
        (0.99, 2.326_347_874_040_840_8),
        (0.999, 3.090_232_306_167_813_5),
        (0.01, -2.326_347_874_040_840_8),
        (0.001, -3.090_232_306_167_813_5),
    ] {
        close(z_score(p), z, 1e-8);
    }
}

#[test]
fn eoq_sharp_inc() {
    // Heizer & Render, Operations Management, ch. 12, Example 3 (Sharp, Inc., hypodermic
    // needles): D = 1,000 units/year, S = $10 per order, H = $0.50 per unit-year → Q* = 200;
    // its learning exercise: D = 1,200 → Q* = 219.
    close(eoq(1_000.0, 10.0, 0.50), 200.0, 1e-9);
    assert_eq!(eoq(1_200.0, 10.0, 0.50).round(), 219.0);
}

#[test]
fn eoq_with_holding_cost_from_a_rate() {
    // Wikipedia, "Economic order quantity", Example: annual requirement 10,000 units, cost per
    // order 40, unit cost 50, yearly carrying cost per unit 4 plus 2 % interest on the unit
    // cost → H = 4 + 50 × 0.02 = 5, EOQ = 400 units.
    close(eoq(10_000.0, 40.0, 4.0 + 50.0 * 0.02), 400.0, 1e-9);
}

#[test]
fn safety_stock_when_only_demand_varies() {
    // Taylor, Introduction to Management Science, ch. 16 (I-75 Carpet Discount Store): daily
    // demand 30 yd, σd = 5 yd, lead time 10 days, 95 % (z = 1.65): safety stock
    // 1.65 × 5 × √10 = 26.1 yd, reorder point 326.1 yd.
    let ss = safety_stock(0.95, 5.0, 10.0, 30.0, 0.0);
    close(ss, 26.1, 0.1);
    close(reorder_point(30.0, 10.0, ss), 326.1, 0.1);
    // Stevenson, Operations Management, ch. 12 (the restaurant's special sauce): 50 jars a
    // week, σ = 3 jars, lead time 2 weeks, 10 % stock-out risk (z = 1.28): ROP = 100 + 5.43.
    let ss = safety_stock(0.90, 3.0, 2.0, 50.0, 0.0);
    close(ss, 5.43, 0.01);
    close(reorder_point(50.0, 2.0, ss), 105.43, 0.01);
    // The simple form is z·σd·√L exactly.
    close(ss, z_score(0.90) * 3.0 * 2f64.sqrt(), 1e-12);
}

#[test]
fn safety_stock_when_only_lead_time_varies() {
    // Heizer & Render, Operations Management, ch. 12 (the hospital's surgery packs): weekly
    // demand constant at 60, lead time 6 weeks on average with σ = 2 weeks, 90 % (z = 1.28):
    // ROP = 60 × 6 + 1.28 × 60 × 2 = 513.6 ≈ 514 packs.
    let ss = safety_stock(0.90, 0.0, 6.0, 60.0, 2.0);
    close(ss, 153.6, 0.25);
    assert_eq!(reorder_point(60.0, 6.0, ss).round(), 514.0);
    // Render, Stair & Hanna, Quantitative Analysis for Management, ch. 6 (Hardware Warehouse,
    // SKU M4389): demand constant 5 a day, lead time 3 days with σ = 2, 95 %: σ of lead-time
    // demand = 5 × 2 = 10, safety stock 1.65 × 10 = 16.5, ROP = 15 + 16.5 = 31.5.
    let ss = safety_stock(0.95, 0.0, 3.0, 5.0, 2.0);
    close(ss, 16.5, 0.06);
    close(reorder_point(5.0, 3.0, ss), 31.5, 0.06);
}

#[test]
fn safety_stock_when_demand_and_lead_time_vary() {
    // Heizer & Render, Operations Management, ch. 12 (both vary): daily demand 150 with
    // σd = 16, lead time 5 days with σL = 1 day, 95 % (z = 1.65):
    // ROP = 750 + 1.65 × √(5 × 16² + 150² × 1²) = 750 + 1.65 × 154 ≈ 1,004 units.
    let ss = safety_stock(0.95, 16.0, 5.0, 150.0, 1.0);
    close(ss, 1.65 * 154.2, 1.0);
    assert_eq!(reorder_point(150.0, 5.0, ss).round(), 1_004.0);
    // A worked answer for demand 150 a day (σ 2) and lead time 4 days (σ 0.5), 95 %
    // (z = 1.65): σ = √(4 × 2² + 150² × 0.5²) = 75.107, ROP = 600 + 1.65 × 75.107 ≈ 724.
    let ss = safety_stock(0.95, 2.0, 4.0, 150.0, 0.5);
    close(ss / z_score(0.95), 75.106_59, 1e-4);
    assert_eq!(reorder_point(150.0, 4.0, ss).round(), 724.0);
}

#[test]
fn abc_silicon_chips() {
    use AbcClass::*;
    // Heizer & Render, Operations Management, ch. 12, Example 1 (Silicon Chips, Inc.): ten
    // items' annual volume × unit cost, published classes A A B B B C C C C C (A = 72 % of the
    // value, B = 23 %, C = 5 %).
    let values = [
        1_000.0 * 90.00,
        500.0 * 154.00,
        1_550.0 * 17.00,
        350.0 * 42.86,
        1_000.0 * 12.50,
        600.0 * 14.17,
        2_000.0 * 0.60,
        100.0 * 8.50,
        1_200.0 * 0.42,
        250.0 * 0.60,
    ];
    let published = [A, A, B, B, B, C, C, C, C, C];
    // The text draws its A line at 72 % of the value and its B line at 95 %: with cut-offs
    // 0.70 and 0.95 our rule (the share *before* an item decides) gives its classes.
    assert_eq!(abc(&values, 0.70, 0.95), published);
    // With the default 0.8 / 0.95 the third item (72 % of the value before it, below 80 %)
    // is A: it is the one that crosses the cut-off, and our rule puts it in A.
    assert_eq!(abc(&values, 0.80, 0.95), [A, A, A, B, B, C, C, C, C, C]);
    // The answer is in input order: shuffled, the same items get the same classes.
    let mut shuffled: Vec<(f64, AbcClass)> = values.iter().copied().zip(published).collect();
    shuffled.reverse();
    shuffled.swap(0, 4);
    let (vals, classes): (Vec<f64>, Vec<AbcClass>) = shuffled.into_iter().unzip();
    assert_eq!(abc(&vals, 0.70, 0.95), classes);
}
