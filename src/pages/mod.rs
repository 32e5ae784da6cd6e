//! One module per screen.

pub mod catalog;
pub mod login;
pub mod not_built;
pub mod settings;
pub mod suppliers;

use rust_decimal::Decimal;

/// `CNY 1,234.50`: the ISO code, never a symbol (¥ is both CNY and JPY).
pub fn money(amount: Decimal, currency: &str) -> String {
    let rounded = amount.round_dp(2);
    let text = format!("{rounded:.2}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{currency} {sign}{grouped}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::money;
    use rust_decimal::Decimal;

    #[test]
    fn formats_money() {
        assert_eq!(money(Decimal::new(123_450, 2), "CNY"), "CNY 1,234.50");
        assert_eq!(money(Decimal::new(5, 1), "EUR"), "EUR 0.50");
        assert_eq!(
            money(Decimal::new(-1_000_000, 0), "USD"),
            "USD -1,000,000.00"
        );
    }
}
