//! The inventory formulas of the textbooks, as statistics in `f64` (money stays `Decimal`
//! everywhere else; [`crate::replenish`] converts at its boundary).
//!
//! # Units
//!
//! The formulas do not know units; the caller keeps them consistent:
//!
//! * [`eoq`]: demand in units per **year**, the order cost in money per order, the holding cost
//!   in money per unit per **year** (the same currency as the order cost). The answer is in
//!   units.
//! * [`safety_stock`] and [`reorder_point`]: demand mean and standard deviation per **period**
//!   (a day, a week), lead time and its standard deviation in the **same periods**. The answer
//!   is in units.
//! * [`abc`]: values in any one unit (usually a year's consumption value in the organisation's
//!   currency); cut-offs as fractions of the total (0.8, 0.95).
//!
//! # Out of the domain
//!
//! No function panics. [`eoq`], [`safety_stock`] and [`reorder_point`] answer `NaN` for inputs
//! outside their domain (a negative or non-finite quantity or cost, a holding cost of zero, a
//! service level not strictly between 0 and 1), so a caller cannot mistake a bad input for a
//! figure; [`abc`] states its own rule for bad values.

use serde::{Deserialize, Serialize};

/// The economic order quantity Q* = √(2·D·S / H) (Harris 1913; Wilson): the order size that
/// minimises ordering plus holding cost. `annual_demand` D in units per year, `order_cost` S
/// per order, `holding_cost_per_unit_year` H per unit per year. `NaN` if D or S is negative
/// or not finite, or H is not above zero.
pub fn eoq(annual_demand: f64, order_cost: f64, holding_cost_per_unit_year: f64) -> f64 {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    let positive = holding_cost_per_unit_year.is_finite() && holding_cost_per_unit_year > 0.0;
    if !(ok(annual_demand) && ok(order_cost) && positive) {
        return f64::NAN;
    }
    (2.0 * annual_demand * order_cost / holding_cost_per_unit_year).sqrt()
}

/// Safety stock for a cycle service level (the probability of no stock-out in a replenishment
/// cycle), with demand per period normally distributed (mean `demand_mean`, standard deviation
/// `demand_sd`) and the lead time normally distributed (mean `lead_time`, standard deviation
/// `lead_time_sd`, in the same periods), independent:
///
/// `z · √(L·σd² + d̄²·σL²)`, which for `lead_time_sd = 0` is the simple `z · σd · √L`.
///
/// `z` is the standard normal quantile of `service_level` ([`z_score`]). A service level of
/// 0.5 or less gives zero or a negative figure, as the formula does (a caller holding no
/// negative stock clamps). `NaN` if the service level is not strictly between 0 and 1, or any
/// other argument is negative or not finite.
pub fn safety_stock(
    service_level: f64,
    demand_sd: f64,
    lead_time: f64,
    demand_mean: f64,
    lead_time_sd: f64,
) -> f64 {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    if !(ok(demand_sd) && ok(lead_time) && ok(demand_mean) && ok(lead_time_sd)) {
        return f64::NAN;
    }
    let z = z_score(service_level);
    let variance =
        lead_time * demand_sd * demand_sd + demand_mean * demand_mean * lead_time_sd * lead_time_sd;
    z * variance.sqrt()
}

/// The reorder point: the expected demand over the lead time plus the safety stock,
/// `d̄ · L + safety_stock` (units; `demand_mean` per period, `lead_time` in periods). `NaN` if
/// an argument is negative or not finite (a negative safety stock is taken as given).
pub fn reorder_point(demand_mean: f64, lead_time: f64, safety_stock: f64) -> f64 {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    if !(ok(demand_mean) && ok(lead_time) && safety_stock.is_finite()) {
        return f64::NAN;
    }
    demand_mean * lead_time + safety_stock
}

/// The standard normal quantile Φ⁻¹(p): the `z` with P(Z ≤ z) = p. `NaN` unless 0 < p < 1.
///
/// Peter J. Acklam's rational approximation ("An algorithm for computing the inverse normal
/// cumulative distribution function", 2003): a rational function in the central region
/// 0.02425 ≤ p ≤ 0.97575 and in √(−2 ln p) in the tails, relative error below 1.15·10⁻⁹ over
/// the whole range, which is far finer than any service level a buyer chooses.
pub fn z_score(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

/// An item's class by its share of the total value: A the few that make most of it, C the
/// many that make little.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AbcClass {
    A,
    B,
    C,
}

/// ABC classification of `values` (one per item, in any order; the answer is in the same
/// order), with cut-offs `a_cut` and `b_cut` as fractions of the total (0.8 and 0.95 are the
/// usual).
///
/// # The boundary rule
///
/// Items are taken by value, largest first. An item whose cumulative share **before** it (the
/// sum of the larger items over the total) is below `a_cut` is A; else below `b_cut`, B; else
/// C. So the item that crosses a cut-off belongs to the class below the cut: with values
/// 50, 30, 20 and `a_cut` 0.8 the shares before are 0, 0.5 and 0.8, and the classes A, A, B.
/// The first item is always A when the total is above zero.
///
/// # Ties, bad values, bad cut-offs
///
/// * Equal values get the same class: the class of the first of them, whose share before
///   counts none of the others. The answer does not depend on the order of the input.
/// * A negative, `NaN` or infinite value counts as zero: it adds nothing to the total and is
///   C. If the total is zero, every item is C.
/// * Cut-offs are clamped into 0 ≤ `a_cut` ≤ `b_cut` ≤ 1 (`NaN` counts as 0; a `b_cut` below
///   `a_cut` is raised to it). `a_cut` 0 makes no item A.
pub fn abc(values: &[f64], a_cut: f64, b_cut: f64) -> Vec<AbcClass> {
    let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    let unit = |x: f64| if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) };
    let a_cut = unit(a_cut);
    let b_cut = unit(b_cut).max(a_cut);
    let cleaned: Vec<f64> = values.iter().map(|&v| clean(v)).collect();
    let total: f64 = cleaned.iter().sum();
    let mut classes = vec![AbcClass::C; values.len()];
    if !(total > 0.0 && total.is_finite()) {
        return classes;
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Stable: ties keep their input order (they get one class anyway).
    order.sort_by(|&i, &j| cleaned[j].total_cmp(&cleaned[i]));
    let mut before = 0.0;
    let mut k = 0;
    while k < order.len() {
        let value = cleaned[order[k]];
        if value == 0.0 {
            break; // zero values stay C
        }
        let share = before / total;
        let class = if share < a_cut {
            AbcClass::A
        } else if share < b_cut {
            AbcClass::B
        } else {
            AbcClass::C
        };
        // The whole tie group takes the class of its first member.
        while k < order.len() && cleaned[order[k]] == value {
            classes[order[k]] = class;
            before += value;
            k += 1;
        }
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_domain_is_nan_not_a_panic() {
        assert!(eoq(-1.0, 10.0, 1.0).is_nan());
        assert!(eoq(100.0, 10.0, 0.0).is_nan());
        assert!(eoq(f64::NAN, 10.0, 1.0).is_nan());
        assert!(safety_stock(1.0, 1.0, 1.0, 1.0, 0.0).is_nan());
        assert!(safety_stock(0.0, 1.0, 1.0, 1.0, 0.0).is_nan());
        assert!(safety_stock(f64::NAN, 1.0, 1.0, 1.0, 0.0).is_nan());
        assert!(safety_stock(0.9, -1.0, 1.0, 1.0, 0.0).is_nan());
        assert!(reorder_point(1.0, -2.0, 0.0).is_nan());
        assert_eq!(eoq(0.0, 10.0, 1.0), 0.0);
    }

    #[test]
    fn abc_boundary_rule_on_a_small_example() {
        use AbcClass::*;
        // Shares before: 0, 0.5, 0.8 → the item starting exactly at the cut is B.
        assert_eq!(abc(&[50.0, 30.0, 20.0], 0.8, 0.95), [A, A, B]);
        // Just below the cut before it: still A.
        assert_eq!(abc(&[50.0, 29.0, 21.0], 0.8, 0.95), [A, A, A]);
        // Ties share the class of the first of them, whatever the input order.
        assert_eq!(abc(&[40.0, 40.0, 20.0], 0.3, 0.9), [A, A, B]);
        assert_eq!(abc(&[20.0, 40.0, 40.0], 0.3, 0.9), [B, A, A]);
        // Bad values count as zero.
        assert_eq!(
            abc(&[f64::NAN, -5.0, 10.0, f64::INFINITY], 0.8, 0.95),
            [C, C, A, C]
        );
        assert_eq!(abc(&[0.0, 0.0], 0.8, 0.95), [C, C]);
        assert_eq!(abc(&[], 0.8, 0.95), Vec::<AbcClass>::new());
        // Bad cut-offs are clamped.
        assert_eq!(abc(&[1.0, 1.0], f64::NAN, 2.0), [B, B]);
        assert_eq!(abc(&[3.0, 1.0], 0.5, 0.1), [A, C]);
    }
}
