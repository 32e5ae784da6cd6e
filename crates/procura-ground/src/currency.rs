//! ISO 4217 currency codes, and the buyer's exchange rates for comparing offers priced in
//! different currencies.
//!
//! Rates are the organisation's table, not market data: the core has no clock and no network,
//! so it cannot know today's rate. An admin sets them in the policy
//! (`Policy::exchange_rates` in procura-procurement); comparisons, price sorting, carts and
//! requisitions all use that one table. A device may add its own rate for a currency the
//! organisation has none for ([`Rates::add_beside`]), used only to show a price converted and
//! marked as such ([`show`]), never to compare or total.

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
    /// A device's own rate for a currency the organisation has a rate for.
    #[error("the organisation has a rate for {0}: that one is used")]
    OrganisationHasRate(String),
    /// A device's own rates are into another currency than the organisation's.
    #[error("this device's rates are into {device}, the organisation's into {organisation}")]
    OtherCurrency {
        device: String,
        organisation: String,
    },
}

impl RateError {
    /// A stable code for the message catalog.
    pub fn code(&self) -> &'static str {
        match self {
            RateError::UnknownCurrency(_) => "unknown_currency",
            RateError::NotPositive { .. } => "rate_not_positive",
            RateError::NotANumber(_) => "not_a_number",
            RateError::BuyerCurrency(_) => "buyer_currency",
            RateError::OrganisationHasRate(_) => "organisation_has_rate",
            RateError::OtherCurrency { .. } => "other_currency",
        }
    }
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

/// Illustrative rates into CNY (roughly the levels of the mid-2020s), for tests and benchmarks.
/// Devices were once prefilled with them; [`Rates::without_examples`] drops them again.
const CNY_DEFAULTS: &[(&str, i64, u32)] = &[
    ("EUR", 780, 2),
    ("USD", 720, 2),
    ("GBP", 910, 2),
    ("JPY", 48, 3),
    ("HKD", 92, 2),
];

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

    /// A table for `buyer` with the illustrative rates of CNY, EUR, USD, GBP, JPY and HKD
    /// (cross rates through CNY, 6 decimal places): example data, not market data.
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

    /// A table of `(currency, rate)` pairs into `buyer`, leaving out what [`Rates::set`]
    /// refuses (an unknown code, a rate not above zero, the buyer's own currency).
    pub fn lenient<'a>(
        buyer: &str,
        pairs: impl IntoIterator<Item = (&'a str, Decimal)>,
    ) -> Result<Self, RateError> {
        let mut rates = Self::new(buyer)?;
        for (code, rate) in pairs {
            let _ = rates.set(code, rate);
        }
        Ok(rates)
    }

    /// This device's own rate for `code` beside the organisation's table: allowed only for a
    /// currency the organisation has no rate for, and only into the organisation's currency.
    /// A table of the device's own rates in another currency takes the organisation's
    /// currency once it is empty.
    pub fn add_beside(
        &mut self,
        organisation: &Rates,
        code: &str,
        text: &str,
    ) -> Result<(), RateError> {
        let code = code.trim().to_uppercase();
        if organisation.rate(&code).is_some() {
            return Err(if code == organisation.buyer {
                RateError::BuyerCurrency(code)
            } else {
                RateError::OrganisationHasRate(code)
            });
        }
        if self.buyer != organisation.buyer {
            if self.rates.is_empty() {
                self.buyer.clone_from(&organisation.buyer);
            } else {
                return Err(RateError::OtherCurrency {
                    device: self.buyer.clone(),
                    organisation: organisation.buyer.clone(),
                });
            }
        }
        self.set_text(&code, text)
    }

    /// The table with the illustrative rates it was once prefilled with removed: what is left
    /// is what the buyer entered or changed. For moving a device's old table to its own
    /// additions.
    pub fn without_examples(mut self) -> Self {
        if let Ok(examples) = Self::illustrative(&self.buyer) {
            self.rates
                .retain(|code, rate| examples.rates.get(code) != Some(rate));
        }
        self
    }

    /// The currencies among `codes` (one per item, say) this table has no rate for, with how
    /// many times each occurs, by code.
    pub fn missing<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
        let mut missing: BTreeMap<&str, usize> = BTreeMap::new();
        for code in codes {
            if self.rate(code).is_none() {
                *missing.entry(code).or_default() += 1;
            }
        }
        missing
            .into_iter()
            .map(|(code, n)| (code.to_owned(), n))
            .collect()
    }

    /// `amount` of `from` in the buyer's currency, to [`CONVERTED_DP`] places (halves away from
    /// zero), or `None` when there is no rate for `from`.
    pub fn convert(&self, amount: Decimal, from: &str) -> Option<Decimal> {
        let rate = self.rate(from)?;
        let converted = amount.checked_mul(rate)?;
        Some(converted.round_dp_with_strategy(CONVERTED_DP, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// Whose rate a shown price was converted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSource {
    /// The organisation's (the policy's): the one comparisons and totals use.
    Organisation,
    /// This device's own addition: for showing only, and to be marked as such.
    Device,
}

/// `amount` of `from` converted to show: with the organisation's rate, or else with the
/// device's own one when it is into the same currency. `None`: neither has a rate.
pub fn show(
    organisation: &Rates,
    device: &Rates,
    amount: Decimal,
    from: &str,
) -> Option<(Decimal, RateSource)> {
    if let Some(c) = organisation.convert(amount, from) {
        return Some((c, RateSource::Organisation));
    }
    if device.buyer != organisation.buyer {
        return None;
    }
    device
        .convert(amount, from)
        .map(|c| (c, RateSource::Device))
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
        let rates = Rates::illustrative("CNY").unwrap();
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
        let mut rates = Rates::illustrative("CNY").unwrap();
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
        let rates = Rates::illustrative("CNY").unwrap();
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

    fn organisation() -> Rates {
        Rates::lenient(
            "CNY",
            [("EUR", dec!(7.8)), ("usd", dec!(7)), ("GBP", dec!(0))],
        )
        .unwrap()
    }

    #[test]
    fn lenient_tables_leave_out_what_set_refuses() {
        let org = organisation();
        assert_eq!(org.rates().collect::<Vec<_>>(), [("EUR", dec!(7.8))]);
        assert!(Rates::lenient("cny", []).is_err());
    }

    #[test]
    fn a_device_adds_only_what_the_organisation_lacks() {
        let org = organisation();
        let mut device = Rates::new("CNY").unwrap();
        assert_eq!(
            device.add_beside(&org, "EUR", "8"),
            Err(RateError::OrganisationHasRate("EUR".into()))
        );
        assert_eq!(
            device.add_beside(&org, "CNY", "1"),
            Err(RateError::BuyerCurrency("CNY".into()))
        );
        device.add_beside(&org, "jpy", "0.048").unwrap();
        assert_eq!(device.rate("JPY"), Some(dec!(0.048)));
        // An empty table in another currency follows the organisation's; a filled one stays.
        let mut empty_usd = Rates::new("USD").unwrap();
        empty_usd.add_beside(&org, "JPY", "0.05").unwrap();
        assert_eq!(empty_usd.buyer_currency(), "CNY");
        let mut usd = Rates::new("USD").unwrap();
        usd.set("EUR", dec!(1.1)).unwrap();
        assert!(matches!(
            usd.add_beside(&org, "JPY", "0.05"),
            Err(RateError::OtherCurrency { .. })
        ));
    }

    #[test]
    fn shown_prices_say_whose_rate_converted_them() {
        let org = organisation();
        let mut device = Rates::new("CNY").unwrap();
        device.set("JPY", dec!(0.048)).unwrap();
        device.set("EUR", dec!(9)).unwrap(); // shadowed: the organisation's wins
        assert_eq!(
            show(&org, &device, dec!(10), "EUR"),
            Some((dec!(78.0), RateSource::Organisation))
        );
        assert_eq!(
            show(&org, &device, dec!(1000), "JPY"),
            Some((dec!(48.000), RateSource::Device))
        );
        assert_eq!(show(&org, &device, dec!(1), "CHF"), None);
        // A device table into another currency converts nothing.
        let usd = Rates::lenient("USD", [("JPY", dec!(0.0067))]).unwrap();
        assert_eq!(show(&org, &usd, dec!(1000), "JPY"), None);
    }

    #[test]
    fn old_tables_lose_the_examples_and_keep_the_buyers_entries() {
        let mut stored = Rates::illustrative("CNY").unwrap();
        assert_eq!(stored.clone().without_examples().rates().count(), 0);
        stored.set("USD", dec!(7.1)).unwrap(); // changed by the buyer
        stored.set("CHF", dec!(8.2)).unwrap(); // added by the buyer
        let kept = stored.without_examples();
        assert_eq!(
            kept.rates().collect::<Vec<_>>(),
            [("CHF", dec!(8.2)), ("USD", dec!(7.1))]
        );
        assert_eq!(kept.buyer_currency(), "CNY");
    }

    #[test]
    fn missing_rates_are_counted_per_currency() {
        let org = organisation();
        let codes = ["EUR", "USD", "CNY", "USD", "DEM"];
        assert_eq!(
            org.missing(codes),
            [("DEM".to_owned(), 1), ("USD".to_owned(), 2)]
        );
    }
}
