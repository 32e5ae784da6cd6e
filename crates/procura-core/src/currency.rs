//! ISO 4217 currency codes, and the buyer's exchange rates for comparing offers priced in
//! different currencies.
//!
//! Rates are the buyer's own table, not market data: the core has no clock and no network, so it
//! cannot know today's rate. The buyer edits them; comparisons say which rate they used.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Active ISO 4217 codes (including funds and precious-metal codes used in trade).
const ACTIVE: &str = "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL \
BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY \
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR \
MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR \
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX \
USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR \
ZMW ZWG";

/// Withdrawn codes that still turn up in old catalogs (the euro's predecessors above all).
const OBSOLETE: &str =
    "ATS BEF DEM ESP FIM FRF GRD IEP ITL LUF NLG PTE CYP MTL SIT SKK EEK LVL LTL \
HRK XEU ANG CUC SLL ZWL ZWD ZMK VEF VEB BYR MRO STD ROL TRL GHC MZM CSD YUM SDD AZM TMM";

/// What ISO 4217 says about a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyStatus {
    /// In use today.
    Active,
    /// Withdrawn (DEM, FRF, …): old prices are kept as written, but nothing converts them.
    Obsolete,
    /// Not an ISO 4217 code (lower case counts as unknown: codes are written upper case).
    Unknown,
}

/// Looks a code up in ISO 4217.
pub fn status(code: &str) -> CurrencyStatus {
    let well_formed = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    if well_formed && ACTIVE.split_whitespace().any(|c| c == code) {
        CurrencyStatus::Active
    } else if well_formed && OBSOLETE.split_whitespace().any(|c| c == code) {
        CurrencyStatus::Obsolete
    } else {
        CurrencyStatus::Unknown
    }
}

/// Whether `code` is an ISO 4217 currency in use today.
pub fn is_active(code: &str) -> bool {
    status(code) == CurrencyStatus::Active
}

/// Decimal places a converted amount keeps: enough for unit prices of cheap items (a screw at
/// CNY 0.0123), and far below what any total shows.
pub const CONVERTED_DP: u32 = 4;

/// Why a rate table or an edit to it was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("\"{0}\" is not an ISO 4217 currency in use (write three capital letters, e.g. EUR)")]
    UnknownCurrency(String),
    #[error("the rate for {code} must be above zero, not {rate}")]
    NotPositive { code: String, rate: Decimal },
    #[error("\"{0}\" is not a number (write a rate like 7.85)")]
    NotANumber(String),
    #[error("{0} is the buyer's currency: its rate is always 1")]
    BuyerCurrency(String),
}

/// The buyer's currency and a rate for each other currency: `1 {code} = rate {buyer}`.
///
/// Stored by the app as JSON (`{"buyer":"CNY","rates":{"EUR":"7.80",…}}`, rates as exact decimal
/// strings). Deserialising validates, so a stored table is as sound as an edited one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RatesData", into = "RatesData")]
pub struct Rates {
    buyer: String,
    rates: BTreeMap<String, Decimal>,
}

/// The stored shape of [`Rates`], checked on the way in.
#[derive(Serialize, Deserialize)]
struct RatesData {
    buyer: String,
    rates: BTreeMap<String, Decimal>,
}

impl TryFrom<RatesData> for Rates {
    type Error = RateError;

    fn try_from(data: RatesData) -> Result<Self, RateError> {
        let mut rates = Rates::new(&data.buyer)?;
        for (code, rate) in data.rates {
            rates.set(&code, rate)?;
        }
        Ok(rates)
    }
}

impl From<Rates> for RatesData {
    fn from(rates: Rates) -> Self {
        Self {
            buyer: rates.buyer,
            rates: rates.rates,
        }
    }
}

/// Illustrative starting rates into CNY (roughly the levels of the mid-2020s). They are
/// examples to edit, not market data: the buyer replaces them with the rates their company uses.
const CNY_DEFAULTS: &[(&str, i64, u32)] = &[
    ("EUR", 780, 2),
    ("USD", 720, 2),
    ("GBP", 910, 2),
    ("JPY", 48, 3),
    ("HKD", 92, 2),
];

impl Default for Rates {
    /// A CNY buyer with the illustrative rates for EUR, USD, GBP, JPY and HKD.
    fn default() -> Self {
        Self::illustrative("CNY").expect("CNY is a currency")
    }
}

impl Rates {
    /// A table for a buyer paying in `buyer`, with no other rates yet.
    pub fn new(buyer: &str) -> Result<Self, RateError> {
        if !is_active(buyer) {
            return Err(RateError::UnknownCurrency(buyer.to_owned()));
        }
        Ok(Self {
            buyer: buyer.to_owned(),
            rates: BTreeMap::new(),
        })
    }

    /// A table for `buyer` prefilled with the illustrative rates of CNY, EUR, USD, GBP, JPY and
    /// HKD (cross rates through CNY, 6 decimal places), to be edited.
    pub fn illustrative(buyer: &str) -> Result<Self, RateError> {
        let mut rates = Self::new(buyer)?;
        let cny = |code: &str| -> Decimal {
            CNY_DEFAULTS
                .iter()
                .find(|(c, _, _)| *c == code)
                .map_or(Decimal::ONE, |&(_, m, s)| Decimal::new(m, s))
        };
        // A buyer currency outside the table has no path to the others: start empty.
        let buyer_in_cny = match buyer {
            "CNY" => Decimal::ONE,
            _ if CNY_DEFAULTS.iter().any(|(c, _, _)| *c == buyer) => cny(buyer),
            _ => return Ok(rates),
        };
        let codes = std::iter::once("CNY").chain(CNY_DEFAULTS.iter().map(|(c, _, _)| *c));
        for code in codes.filter(|c| *c != buyer) {
            let rate = (cny(code) / buyer_in_cny).round_dp(6).normalize();
            rates.rates.insert(code.to_owned(), rate);
        }
        Ok(rates)
    }

    /// The currency comparisons are shown in.
    pub fn buyer_currency(&self) -> &str {
        &self.buyer
    }

    /// How many units of the buyer's currency one unit of `code` is worth; 1 for the buyer's own.
    pub fn rate(&self, code: &str) -> Option<Decimal> {
        if code == self.buyer {
            Some(Decimal::ONE)
        } else {
            self.rates.get(code).copied()
        }
    }

    /// Every rate the buyer has set, by currency code.
    pub fn rates(&self) -> impl Iterator<Item = (&str, Decimal)> + '_ {
        self.rates.iter().map(|(code, rate)| (code.as_str(), *rate))
    }

    /// Sets (or changes) the rate of `code`, refusing unknown currencies and rates not above zero.
    pub fn set(&mut self, code: &str, rate: Decimal) -> Result<(), RateError> {
        if !is_active(code) {
            return Err(RateError::UnknownCurrency(code.to_owned()));
        }
        if code == self.buyer {
            return Err(RateError::BuyerCurrency(code.to_owned()));
        }
        if rate <= Decimal::ZERO {
            return Err(RateError::NotPositive {
                code: code.to_owned(),
                rate,
            });
        }
        self.rates.insert(code.to_owned(), rate.normalize());
        Ok(())
    }

    /// [`Rates::set`] from what the buyer typed: `7.85` (a comma is accepted as the decimal
    /// point, since many buyers write `7,85`; digit grouping is not).
    pub fn set_text(&mut self, code: &str, text: &str) -> Result<(), RateError> {
        let rate = parse_rate(text)?;
        self.set(code, rate)
    }

    /// Removes a rate; offers in that currency then show as not comparable.
    pub fn remove(&mut self, code: &str) {
        self.rates.remove(code);
    }

    /// `amount` of `from` in the buyer's currency, to [`CONVERTED_DP`] places (halves away from
    /// zero), or `None` when there is no rate for `from`.
    pub fn convert(&self, amount: Decimal, from: &str) -> Option<Decimal> {
        let rate = self.rate(from)?;
        let converted = amount.checked_mul(rate)?;
        Some(converted.round_dp_with_strategy(CONVERTED_DP, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// A rate as typed: digits with one decimal point or comma.
pub fn parse_rate(text: &str) -> Result<Decimal, RateError> {
    let trimmed = text.trim();
    let plain = trimmed.replacen(',', ".", 1);
    let well_formed = !plain.is_empty()
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && plain.bytes().filter(|b| *b == b'.').count() <= 1
        && plain.bytes().any(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(RateError::NotANumber(trimmed.to_owned()));
    }
    Decimal::from_str(&plain).map_err(|_| RateError::NotANumber(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn statuses() {
        assert_eq!(status("EUR"), CurrencyStatus::Active);
        assert_eq!(status("DEM"), CurrencyStatus::Obsolete);
        assert_eq!(status("eur"), CurrencyStatus::Unknown);
        assert_eq!(status("XYZ"), CurrencyStatus::Unknown);
        assert_eq!(status("EURO"), CurrencyStatus::Unknown);
        assert!(is_active("CNY") && !is_active("DEM"));
    }

    #[test]
    fn default_rates_convert_into_cny() {
        let rates = Rates::default();
        assert_eq!(rates.buyer_currency(), "CNY");
        assert_eq!(rates.convert(dec!(10), "EUR"), Some(dec!(78.00)));
        assert_eq!(rates.convert(dec!(10), "CNY"), Some(dec!(10)));
        assert_eq!(rates.convert(dec!(1000), "JPY"), Some(dec!(48)));
        assert_eq!(rates.convert(dec!(10), "CHF"), None);
        // Four places, halves away from zero.
        assert_eq!(rates.convert(dec!(0.00125), "USD"), Some(dec!(0.009)));
        assert_eq!(rates.convert(dec!(0.012345), "CNY"), Some(dec!(0.0123)));
        assert_eq!(rates.convert(dec!(0.01235), "CNY"), Some(dec!(0.0124)));
    }

    #[test]
    fn cross_rates_for_another_buyer() {
        let rates = Rates::illustrative("EUR").unwrap();
        assert_eq!(rates.rate("EUR"), Some(Decimal::ONE));
        assert_eq!(rates.rate("CNY"), Some(dec!(0.128205)));
        assert_eq!(rates.rate("USD"), Some(dec!(0.923077)));
        assert!(rates.rates().all(|(code, _)| code != "EUR"));
        let chf = Rates::illustrative("CHF").unwrap();
        assert_eq!(chf.rates().count(), 0);
    }

    #[test]
    fn edits_are_validated() {
        let mut rates = Rates::default();
        rates.set_text("USD", " 7,25 ").unwrap();
        assert_eq!(rates.rate("USD"), Some(dec!(7.25)));
        assert_eq!(
            rates.set("usd", dec!(7)),
            Err(RateError::UnknownCurrency("usd".into()))
        );
        assert!(matches!(
            rates.set("USD", dec!(0)),
            Err(RateError::NotPositive { .. })
        ));
        assert!(matches!(
            rates.set("USD", dec!(-1)),
            Err(RateError::NotPositive { .. })
        ));
        assert_eq!(
            rates.set("CNY", dec!(2)),
            Err(RateError::BuyerCurrency("CNY".into()))
        );
        for bad in ["", "abc", "1.000,5", "-3", "1e3", "7.2.5"] {
            assert!(rates.set_text("USD", bad).is_err(), "{bad}");
        }
        assert_eq!(
            rates.rate("USD"),
            Some(dec!(7.25)),
            "refused edits change nothing"
        );
        rates.remove("USD");
        assert_eq!(rates.convert(dec!(1), "USD"), None);
        assert_eq!(
            Rates::new("RMB"),
            Err(RateError::UnknownCurrency("RMB".into()))
        );
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let rates = Rates::default();
        let json = serde_json::to_string(&rates).unwrap();
        assert!(json.contains(r#""EUR":"7.8""#), "{json}");
        let back: Rates = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rates);
        let bad = r#"{"buyer":"CNY","rates":{"EUR":"-1"}}"#;
        let err = serde_json::from_str::<Rates>(bad).unwrap_err().to_string();
        assert!(err.contains("above zero"), "{err}");
        let bad = r#"{"buyer":"CNY","rates":{"XXQ":"1"}}"#;
        assert!(serde_json::from_str::<Rates>(bad).is_err());
    }
}
