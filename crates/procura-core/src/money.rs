//! Showing amounts of money. Amounts are `rust_decimal::Decimal` everywhere; never floats.

use rust_decimal::Decimal;

/// `CNY 1,234.50`: the ISO 4217 code, never a symbol (¥ is both CNY and JPY), two decimals,
/// thousands grouped. Halves round away from zero, as invoices do.
pub fn format(amount: Decimal, currency: &str) -> String {
    let rounded =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{currency} {sign}{grouped}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::format;
    use rust_decimal_macros::dec;

    #[test]
    fn formats_money() {
        assert_eq!(format(dec!(1234.5), "CNY"), "CNY 1,234.50");
        assert_eq!(format(dec!(0.5), "EUR"), "EUR 0.50");
        assert_eq!(format(dec!(-1000000), "USD"), "USD -1,000,000.00");
        assert_eq!(format(dec!(999.995), "CNY"), "CNY 1,000.00");
        assert_eq!(format(dec!(2.345), "CNY"), "CNY 2.35");
        assert_eq!(format(dec!(-0.001), "CNY"), "CNY 0.00");
        assert_eq!(format(dec!(123456), "CNY"), "CNY 123,456.00");
    }
}
