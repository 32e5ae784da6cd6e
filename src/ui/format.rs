//! Dates, times, numbers and money as the UI language writes them, through the browser's `Intl`
//! (`Intl.DateTimeFormat`, `Intl.NumberFormat`) with the locale of the UI language
//! ([`crate::i18n::plural::locale`]), so "Dec 6, 2026, 3:37 AM" reads "2026年12月6日 03:37" in
//! Chinese.
//!
//! Moments are milliseconds since the epoch shown in the device's time zone; a calendar day
//! (`YYYY-MM-DD`, e.g. a need-by date) is a day, not a moment, and is shown as written,
//! whatever the zone. Money stays a `Decimal`: the amount is rounded by the core's rule
//! ([`procura_ground::money::round`]) and handed to `Intl.NumberFormat` as its decimal string
//! (exact, no `f64`), with the currency's ISO 4217 minor units.

use crate::i18n::{plural::locale, Lang};
use procura_ground::date::{self as days, Date, Entered};
use rust_decimal::Decimal;

/// The day of a moment: "Dec 6, 2026" / "2026年12月6日".
pub fn date(lang: Lang, ms: i64) -> String {
    moment(lang, ms, DATE, None)
}

/// The time of day of a moment: "3:37 AM" / "03:37".
pub fn time(lang: Lang, ms: i64) -> String {
    moment(lang, ms, TIME, None)
}

/// A moment, day and time: "Dec 6, 2026, 3:37 AM" / "2026年12月6日 03:37". Nothing for 0
/// (a moment that has not happened).
pub fn date_time(lang: Lang, ms: i64) -> String {
    moment(lang, ms, DATE_TIME, None)
}

/// A calendar day (need-by, delivery and budget dates): "Dec 20, 2026" / "2026年12月20日".
pub fn day(lang: Lang, day: Date) -> String {
    moment(lang, days::start_ms(day), DATE, Some("UTC"))
}

/// A day without its year, for a chart's axis: "6/14" / "6月14日".
pub fn month_day(lang: Lang, day: Date) -> String {
    let (m, d) = (u8::from(day.month()), day.day());
    match lang {
        Lang::En => format!("{m}/{d}"),
        Lang::ZhCn => format!("{m}月{d}日"),
    }
}

/// A day as someone entered it: the day, or the text as it is when it is not one.
pub fn entered_day(lang: Lang, entered: &Entered<Date>) -> String {
    match entered.get() {
        Some(d) => day(lang, d),
        None => entered.text(),
    }
}

/// [`date`], [`time`] and [`date_time`] in a named time zone (`"UTC"`), for tests that need
/// the same text on every machine.
pub fn in_zone(lang: Lang, ms: i64, what: What, zone: &str) -> String {
    let fields = match what {
        What::Date => DATE,
        What::Time => TIME,
        What::DateTime => DATE_TIME,
    };
    moment(lang, ms, fields, Some(zone))
}

/// Which part of a moment [`in_zone`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Date,
    Time,
    DateTime,
}

/// A count or a quantity with the locale's grouping: "1,234,567.891".
pub fn number(lang: Lang, n: Decimal) -> String {
    let n = n.normalize();
    // Intl stops at 3 decimals unless told; a quantity keeps every one it has.
    let dp = n.scale().min(20);
    number_text(
        lang,
        &n.to_string(),
        &[("maximumFractionDigits", Opt::Num(dp))],
    )
}

/// A whole count with the locale's grouping: "12,000".
pub fn count(lang: Lang, n: u64) -> String {
    number_text(lang, &n.to_string(), &[])
}

/// A size in bytes in decimal units, as browsers report storage: "12.3 MB" / "12.3MB".
pub fn bytes(lang: Lang, bytes: f64) -> String {
    const UNITS: [&str; 5] = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let digits = if unit == 0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let options = [
        ("style", Opt::Str("unit")),
        ("unit", Opt::Str(UNITS[unit])),
        ("unitDisplay", Opt::Str("short")),
        ("maximumFractionDigits", Opt::Num(1)),
    ];
    number_text(lang, &digits, &options)
}

/// Money: "CNY 1,234.50", "JPY 1,235", "KWD 1.250" (the space is a no-break space). The ISO
/// code, not a symbol (¥ is both CNY and JPY), rounded to the currency's minor units by the
/// core's rule (halves away from zero, as invoices do).
pub fn money(lang: Lang, amount: Decimal, currency: &str) -> String {
    let dp = procura_ground::money::minor_units(currency);
    let rounded = procura_ground::money::round(amount, currency);
    let text = format!("{:.*}", dp as usize, rounded);
    let well_formed = currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase());
    if !well_formed {
        // Intl refuses a malformed code; the number is still the locale's.
        return format!(
            "{currency}\u{a0}{}",
            number_text(lang, &text, &fraction(dp))
        );
    }
    let mut options = fraction(dp);
    options.extend([
        ("style", Opt::Str("currency")),
        ("currency", Opt::Str(currency)),
        ("currencyDisplay", Opt::Str("code")),
    ]);
    number_text(lang, &text, &options)
}

fn fraction(dp: u32) -> Vec<(&'static str, Opt<'static>)> {
    vec![
        ("minimumFractionDigits", Opt::Num(dp)),
        ("maximumFractionDigits", Opt::Num(dp)),
    ]
}

#[derive(Clone, Copy)]
enum Opt<'a> {
    Str(&'a str),
    Num(u32),
}

const DATE: &[(&str, &str)] = &[("year", "numeric"), ("month", "short"), ("day", "numeric")];
const TIME: &[(&str, &str)] = &[("hour", "numeric"), ("minute", "2-digit")];
const DATE_TIME: &[(&str, &str)] = &[
    ("year", "numeric"),
    ("month", "short"),
    ("day", "numeric"),
    ("hour", "numeric"),
    ("minute", "2-digit"),
];

#[cfg(target_arch = "wasm32")]
fn moment(lang: Lang, ms: i64, fields: &[(&str, &str)], zone: Option<&str>) -> String {
    use wasm_bindgen::JsValue;
    if ms <= 0 {
        return String::new();
    }
    let options = js_sys::Object::new();
    for (key, value) in fields.iter().copied().chain(zone.map(|z| ("timeZone", z))) {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    let locales = js_sys::Array::of1(&locale(lang).into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
fn number_text(lang: Lang, digits: &str, opts: &[(&str, Opt<'_>)]) -> String {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    for (key, value) in opts {
        let value = match value {
            Opt::Str(s) => JsValue::from_str(s),
            Opt::Num(n) => JsValue::from_f64(f64::from(*n)),
        };
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &value);
    }
    let locales = js_sys::Array::of1(&locale(lang).into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
    // A string keeps every digit (Intl.NumberFormat v3); a number would round through f64.
    format
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(digits))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| digits.to_owned())
}

// Where there is no browser (host builds of the shell), the ISO forms.
#[cfg(not(target_arch = "wasm32"))]
fn moment(_lang: Lang, ms: i64, fields: &[(&str, &str)], _zone: Option<&str>) -> String {
    if ms <= 0 {
        return String::new();
    }
    let d = days::day_of_ms(ms);
    let minutes = ms.rem_euclid(86_400_000) / 60_000;
    let clock = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    match fields.len() {
        2 => clock,
        3 => d.to_string(),
        _ => format!("{d} {clock}"),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn number_text(_lang: Lang, digits: &str, opts: &[(&str, Opt<'_>)]) -> String {
    let currency = opts.iter().find_map(|(k, v)| match (k, v) {
        (&"currency", Opt::Str(c)) => Some(*c),
        _ => None,
    });
    match (currency, digits.parse::<Decimal>()) {
        (Some(c), Ok(d)) => procura_ground::money::format(d, c).replacen(' ', "\u{a0}", 1),
        _ => digits.to_owned(),
    }
}

/// The colon after a label: "Leader: " in English, "排名第一：" in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::ZhCn => "：",
    }
}
