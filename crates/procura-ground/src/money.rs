//! Money and quantities: the bounds every amount, price and quantity must keep, the one
//! rounding rule, and checked arithmetic. Amounts are `rust_decimal::Decimal` everywhere; never
//! floats.
//!
//! # Bounds
//!
//! * A quantity is above zero (where a quantity is asked for), at most [`MAX_QUANTITY`]
//!   (10^9) and has at most [`MAX_DECIMALS`] (6) decimal places.
//! * A unit price is zero or more, at most [`MAX_PRICE`] (10^12) and has at most
//!   [`MAX_DECIMALS`] decimal places.
//! * A line total, an order or requisition total, a budget, a limit: |amount| ≤
//!   [`MAX_AMOUNT`] (10^12).
//! * A tax rate is 0 to 100 %, an exchange rate above zero and at most [`MAX_RATE`] (10^6),
//!   each with at most [`MAX_DECIMALS`] decimal places.
//!
//! Within these bounds no product or sum of a requisition (≤ 500 lines) can overflow a
//! `Decimal` (28 digits): 10^9 × 10^12 × 10^6 = 10^27. Every operation is still checked
//! ([`line_net`], [`convert`], [`tax`], [`add`]), so a value past the bounds is an error with a
//! reason, never a panic.
//!
//! # Rounding
//!
//! One rule everywhere a line total, an order total or tax is computed: a line's net is
//! `quantity × unit price` rounded to the minor units of the line's currency (ISO 4217:
//! [`minor_units`]), halves away from zero; converted into another currency it is that
//! rounded net × rate, rounded again to the target currency's minor units; its tax is the
//! rounded net × rate % rounded the same way; totals are sums of rounded lines. So a
//! requisition, a cart, a comparison and the cXML and Peppol documents agree to the cent.

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest quantity of one line (10^9).
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// The largest unit price (10^12).
pub const MAX_PRICE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// The largest amount: a line total, an order or requisition total, a budget (10^12).
pub const MAX_AMOUNT: Decimal = MAX_PRICE;
/// The largest exchange rate (10^6).
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The most decimal places of a quantity, a price or a rate.
pub const MAX_DECIMALS: u32 = 6;

/// Why a value is refused. [`MoneyError::code`] is the stable refusal code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error(
        "the quantity {0} is out of range (above 0, at most 1,000,000,000, at most 6 decimals)"
    )]
    Quantity(String),
    #[error("the price {0} is out of range (0 to 1,000,000,000,000, at most 6 decimals)")]
    Price(String),
    #[error("the amount is out of range (at most 1,000,000,000,000)")]
    Amount,
    #[error("the rate {0} is out of range (0 to 100 % for tax, above 0 and at most 1,000,000 for an exchange rate, at most 6 decimals)")]
    Rate(String),
}

impl MoneyError {
    /// `quantity_out_of_range`, `price_out_of_range`, `amount_out_of_range`,
    /// `rate_out_of_range`.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Quantity(_) => "quantity_out_of_range",
            MoneyError::Price(_) => "price_out_of_range",
            MoneyError::Amount => "amount_out_of_range",
            MoneyError::Rate(_) => "rate_out_of_range",
        }
    }
}

/// Shown in an error: short, whatever the input (a 28-digit value stays readable).
fn shown(d: Decimal) -> String {
    let s = d.normalize().to_string();
    if s.chars().count() > 24 {
        format!("{}…", s.chars().take(24).collect::<String>())
    } else {
        s
    }
}

fn few_decimals(d: Decimal) -> bool {
    d.normalize().scale() <= MAX_DECIMALS
}

/// A quantity that may be ordered: above zero, ≤ [`MAX_QUANTITY`], ≤ [`MAX_DECIMALS`] places.
pub fn check_quantity(q: Decimal) -> Result<Decimal, MoneyError> {
    if q > Decimal::ZERO && q <= MAX_QUANTITY && few_decimals(q) {
        Ok(q)
    } else {
        Err(MoneyError::Quantity(shown(q)))
    }
}

/// A quantity that may be zero (received, damaged, shipped so far): 0 to [`MAX_QUANTITY`].
pub fn check_count(q: Decimal) -> Result<Decimal, MoneyError> {
    if q.is_zero() {
        Ok(q)
    } else {
        check_quantity(q)
    }
}

/// A unit price: 0 to [`MAX_PRICE`], ≤ [`MAX_DECIMALS`] places.
pub fn check_price(p: Decimal) -> Result<Decimal, MoneyError> {
    if p >= Decimal::ZERO && p <= MAX_PRICE && few_decimals(p) {
        Ok(p)
    } else {
        Err(MoneyError::Price(shown(p)))
    }
}

/// An amount (a total, a budget, a limit): |amount| ≤ [`MAX_AMOUNT`].
pub fn check_amount(a: Decimal) -> Result<Decimal, MoneyError> {
    if a.abs() <= MAX_AMOUNT {
        Ok(a)
    } else {
        Err(MoneyError::Amount)
    }
}

/// A tax rate in percent: 0 to 100, ≤ [`MAX_DECIMALS`] places.
pub fn check_tax_percent(t: Decimal) -> Result<Decimal, MoneyError> {
    if t >= Decimal::ZERO && t <= Decimal::ONE_HUNDRED && few_decimals(t) {
        Ok(t)
    } else {
        Err(MoneyError::Rate(shown(t)))
    }
}

/// An exchange rate: above 0, ≤ [`MAX_RATE`], ≤ [`MAX_DECIMALS`] places.
pub fn check_rate(r: Decimal) -> Result<Decimal, MoneyError> {
    if r > Decimal::ZERO && r <= MAX_RATE && few_decimals(r) {
        Ok(r)
    } else {
        Err(MoneyError::Rate(shown(r)))
    }
}

/// ISO 4217 minor units: 0 for JPY, KRW and the other whole-unit currencies, 3 for the dinars
/// (BHD, IQD, JOD, KWD, LYD, OMR, TND), 2 for the rest.
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// `amount` rounded to the minor units of `currency`, halves away from zero.
pub fn round(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(
        minor_units(currency),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// A line's net in its own currency: `quantity × unit_price`, rounded ([`round`]), checked
/// and within [`MAX_AMOUNT`].
pub fn line_net(
    quantity: Decimal,
    unit_price: Decimal,
    currency: &str,
) -> Result<Decimal, MoneyError> {
    let net = quantity.checked_mul(unit_price).ok_or(MoneyError::Amount)?;
    check_amount(round(net, currency))
}

/// `amount` at `rate`, rounded to the minor units of `to`, within [`MAX_AMOUNT`].
pub fn convert(amount: Decimal, rate: Decimal, to: &str) -> Result<Decimal, MoneyError> {
    let converted = amount.checked_mul(rate).ok_or(MoneyError::Amount)?;
    check_amount(round(converted, to))
}

/// The tax on a rounded net: `net × percent / 100`, rounded to the minor units of `currency`.
pub fn tax(net: Decimal, percent: Decimal, currency: &str) -> Result<Decimal, MoneyError> {
    let t = net
        .checked_mul(percent)
        .and_then(|t| t.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(MoneyError::Amount)?;
    check_amount(round(t, currency))
}

/// `a + b`, checked and within [`MAX_AMOUNT`].
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, MoneyError> {
    check_amount(a.checked_add(b).ok_or(MoneyError::Amount)?)
}

/// The sum of `amounts`, checked and within [`MAX_AMOUNT`] at every step.
pub fn sum(amounts: impl IntoIterator<Item = Decimal>) -> Result<Decimal, MoneyError> {
    amounts.into_iter().try_fold(Decimal::ZERO, add)
}

/// `CNY 1,234.50`, `JPY 1,235`, `KWD 1.250`: the ISO 4217 code, never a symbol (¥ is both
/// CNY and JPY), the currency's minor units ([`round`]: halves away from zero, as invoices do),
/// thousands grouped.
pub fn format(amount: Decimal, currency: &str) -> String {
    let dp = minor_units(currency);
    let rounded = round(amount, currency);
    let text = format!("{:.*}", dp as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
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
    let point = if frac.is_empty() { "" } else { "." };
    format!("{currency} {sign}{grouped}{point}{frac}")
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
        assert_eq!(format(dec!(1234.5), "JPY"), "JPY 1,235");
        assert_eq!(format(dec!(1.2345), "KWD"), "KWD 1.235");
    }

    #[test]
    fn bounds_and_rounding() {
        use super::*;
        assert_eq!(MAX_AMOUNT, dec!(1000000000000));
        assert_eq!(MAX_QUANTITY, dec!(1000000000));
        assert!(check_quantity(dec!(79228162514264337593543950335)).is_err());
        assert!(check_quantity(dec!(0.0000001)).is_err());
        assert!(
            check_quantity(dec!(1.500000000)).is_ok(),
            "trailing zeros are not places"
        );
        assert!(check_price(Decimal::MAX).is_err());
        assert!(check_price(dec!(-1)).is_err());
        assert_eq!(
            line_net(Decimal::MAX, Decimal::MAX, "CNY")
                .unwrap_err()
                .code(),
            "amount_out_of_range"
        );
        assert_eq!(line_net(dec!(3), dec!(0.335), "CNY"), Ok(dec!(1.01)));
        assert_eq!(line_net(dec!(3), dec!(0.5), "JPY"), Ok(dec!(2)));
        assert_eq!(line_net(dec!(3), dec!(0.3335), "KWD"), Ok(dec!(1.001)));
        assert_eq!(tax(dec!(10.05), dec!(10), "CNY"), Ok(dec!(1.01)));
        assert_eq!(convert(dec!(100), dec!(0.0472), "CNY"), Ok(dec!(4.72)));
        assert!(add(MAX_AMOUNT, dec!(0.01)).is_err());
        assert!(sum([Decimal::MAX, Decimal::MAX]).is_err());
    }
}
