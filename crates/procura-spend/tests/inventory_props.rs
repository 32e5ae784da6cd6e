//! Properties of the formulas over random inputs.

use procura_spend::inventory::{abc, eoq, safety_stock, z_score};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => 0.0..1e6f64,
        1 => Just(0.0),
        1 => Just(-3.0),
        1 => Just(f64::NAN),
        // Ties.
        2 => Just(500.0),
    ]
}

proptest! {
    #[test]
    fn a_larger_value_never_gets_a_worse_class(
        values in prop::collection::vec(value(), 0..60),
        a in 0.0..1.0f64,
        b in 0.0..1.0f64,
    ) {
        let classes = abc(&values, a, b);
        prop_assert_eq!(classes.len(), values.len());
        let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
        for i in 0..values.len() {
            for j in 0..values.len() {
                if clean(values[i]) > clean(values[j]) {
                    prop_assert!(classes[i] <= classes[j], "{:?} {:?}", values, classes);
                }
                if clean(values[i]) == clean(values[j]) {
                    prop_assert_eq!(classes[i], classes[j]);
                }
            }
        }
    }

    #[test]
    fn classes_do_not_depend_on_input_order(
        values in prop::collection::vec(value(), 1..40),
        rotate in 0usize..40,
    ) {
        let classes = abc(&values, 0.8, 0.95);
        let k = rotate % values.len();
        let mut rotated = values.clone();
        rotated.rotate_left(k);
        let mut expected = classes.clone();
        expected.rotate_left(k);
        prop_assert_eq!(abc(&rotated, 0.8, 0.95), expected);
    }

    #[test]
    fn a_larger_cut_off_never_makes_a_class_worse(
        values in prop::collection::vec(0.0..1e6f64, 1..40),
        a in 0.0..0.9f64,
        more in 0.0..0.1f64,
    ) {
        let low = abc(&values, a, 0.95);
        let high = abc(&values, a + more, 0.95);
        for (l, h) in low.iter().zip(&high) {
            prop_assert!(h <= l);
        }
    }

    #[test]
    fn eoq_scales_with_the_square_root_of_demand(
        d in 1.0..1e7f64,
        s in 0.01..1e4f64,
        h in 0.01..1e3f64,
        k in 0.01..100.0f64,
    ) {
        let q = eoq(d, s, h);
        let scaled = eoq(k * d, s, h);
        prop_assert!((scaled - k.sqrt() * q).abs() <= 1e-9 * scaled.max(1.0));
    }

    #[test]
    fn safety_stock_grows_with_the_service_level(
        p in 0.5..0.999f64,
        step in 0.0001..0.0009f64,
        sd in 0.0..1e3f64,
        l in 0.0..50.0f64,
        mean in 0.0..1e3f64,
        lsd in 0.0..10.0f64,
    ) {
        let lower = safety_stock(p, sd, l, mean, lsd);
        let higher = safety_stock(p + step, sd, l, mean, lsd);
        prop_assert!(higher >= lower, "{higher} < {lower}");
        prop_assert!(lower >= 0.0);
    }

    #[test]
    fn z_is_increasing_and_symmetric(p in 0.000_001..0.999_999f64, step in 1e-7..1e-3f64) {
        prop_assume!(p + step < 1.0);
        prop_assert!(z_score(p + step) > z_score(p));
        prop_assert!((z_score(p) + z_score(1.0 - p)).abs() < 1e-8);
    }
}
