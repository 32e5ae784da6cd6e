//! Calendar days, moments and quarters, on the `time` crate: need-by dates, delegations, budget
//! and evaluation periods, document dates. Days are UTC days: the hub and every device agree on
//! which day a moment falls in. Nothing here reads a clock; moments come in as milliseconds.
//!
//! On the wire and in storage a day is `YYYY-MM-DD` and a quarter `YYYY-Qn`, as text; the serde
//! helpers below keep those forms for fields typed [`Date`] and [`Quarter`]. What a person
//! entered in a draft is an [`Entered`]: the value, or the text that is not one, so the rule
//! that checks the draft refuses it with its own reason.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

pub use time::{Date, Month, OffsetDateTime, UtcOffset};

/// `YYYY-MM-DD`, a real calendar day: exactly ten characters, four-digit year.
pub fn parse_day(text: &str) -> Option<Date> {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year repr:full]-[month]-[day]");
    if text.len() != 10
        || !text.is_char_boundary(4)
        || !text[..4].bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Date::parse(text, FORMAT).ok()
}

/// The UTC day of a moment in milliseconds since 1970 (the first or last day `time` knows for a
/// moment outside its range).
pub fn day_of_ms(ms: i64) -> Date {
    moment_of_ms(ms).date()
}

/// Milliseconds at the start (00:00 UTC) of `day`.
pub fn start_ms(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp() * 1000
}

/// `day` plus `days` (clamped to the days `time` knows).
pub fn add_days(day: Date, days: i64) -> Date {
    day.checked_add(time::Duration::days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// A moment in milliseconds since 1970, in UTC (clamped to the moments `time` knows).
pub fn moment_of_ms(ms: i64) -> OffsetDateTime {
    let nanos = i128::from(ms) * 1_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or_else(|_| {
        let edge = if ms < 0 { Date::MIN } else { Date::MAX };
        let time = if ms < 0 {
            time::Time::MIDNIGHT
        } else {
            time::Time::MAX
        };
        edge.with_time(time).assume_utc()
    })
}

/// Milliseconds since 1970 of a moment (earlier milliseconds for a moment between two).
pub fn ms_of(moment: OffsetDateTime) -> i64 {
    moment.unix_timestamp_nanos().div_euclid(1_000_000) as i64
}

/// An ISO 8601 date or date-time as a moment: `YYYY-MM-DD` (the start of that day, UTC), or
/// with `THH:MM[:SS[.fff]]` and an optional zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`; none means
/// UTC). The day is read as [`parse_day`] does, the rest by `time`'s ISO 8601 parser (a space or
/// `t` between them is taken as `T`, a `z` as `Z`). Surrounding spaces are ignored. Unlike the
/// hand-written reader before it, `24:00` is not read, and a leap second `:60` is the last
/// instant of its minute (not the next second).
pub fn parse_moment(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Iso8601;
    let text = text.trim();
    let day = parse_day(text.get(..10)?)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(day.midnight().assume_utc());
    }
    let clock = rest.strip_prefix(['T', 't', ' '])?;
    // `time` wants an upper-case `Z`; ISO 8601 readers take either.
    let normal = match clock.strip_suffix('z') {
        Some(local) => format!("{day}T{local}Z"),
        None => format!("{day}T{clock}"),
    };
    let moment = OffsetDateTime::parse(&normal, &Iso8601::PARSING)
        .ok()
        .or_else(|| {
            time::PrimitiveDateTime::parse(&normal, &Iso8601::PARSING)
                .ok()
                .map(time::PrimitiveDateTime::assume_utc)
        })?;
    // Zones on Earth are within ±14 hours (and a zone's minutes below 60).
    (moment.offset().whole_minutes().abs() < 15 * 60).then_some(moment)
}

/// `2026-11-25T09:30:00+00:00`: a moment with its offset, to the second (and `.fff` when it
/// has milliseconds), as documents write it.
pub fn moment_text(moment: OffsetDateTime) -> String {
    use time::format_description::BorrowedFormatItem;
    const SECONDS: &[BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    );
    const MILLIS: &[BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour \
         sign:mandatory]:[offset_minute]"
    );
    let format = if moment.millisecond() == 0 {
        SECONDS
    } else {
        MILLIS
    };
    // Only a year past 9999 cannot be written; `time` keeps years within ±9999 here.
    moment.format(format).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Quarters

/// A calendar quarter, `YYYY-Qn` (budget and evaluation periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: u16,
    quarter: u8,
}

impl Quarter {
    /// Quarter `quarter` (1..=4) of `year` (0..=9999).
    pub fn new(year: u16, quarter: u8) -> Option<Quarter> {
        (year <= 9999 && (1..=4).contains(&quarter)).then_some(Quarter { year, quarter })
    }

    /// The quarter `day` falls in.
    pub fn of(day: Date) -> Quarter {
        Quarter {
            year: u16::try_from(day.year().clamp(0, 9999)).unwrap_or(0),
            quarter: (u8::from(day.month()) - 1) / 3 + 1,
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// 1..=4.
    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// A period the organisation plans for: a year from 2000 to 2999 (what budgets and
    /// evaluations accept).
    pub fn is_plannable(self) -> bool {
        (2000..=2999).contains(&self.year)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
    }
}

/// Why a text is not a quarter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a calendar quarter such as 2026-Q4")]
pub struct NotAQuarter(pub String);

impl FromStr for Quarter {
    type Err = NotAQuarter;

    /// `YYYY-Qn`: four digits, `-Q`, one digit 1..=4.
    fn from_str(text: &str) -> Result<Quarter, NotAQuarter> {
        let bad = || NotAQuarter(text.to_owned());
        let (year, quarter) = text.split_once("-Q").ok_or_else(bad)?;
        if year.len() != 4
            || quarter.len() != 1
            || !year
                .bytes()
                .chain(quarter.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: u16 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.parse().map_err(|_| bad())?;
        Quarter::new(year, quarter).ok_or_else(bad)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Quarter, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The quarter a calendar month (1..=12, clamped) of `year` falls in.
pub fn quarter_of(year: u16, month: u8) -> Quarter {
    Quarter {
        year: year.min(9999),
        quarter: (month.clamp(1, 12) - 1) / 3 + 1,
    }
}

/// `YYYY-Qn` → (year, quarter), for a plannable quarter (years 2000–2999).
pub fn parse_quarter(period: &str) -> Option<(u16, u8)> {
    let q: Quarter = period.parse().ok()?;
    q.is_plannable().then_some((q.year, q.quarter))
}

// ---------------------------------------------------------------------------------------------
// What a person entered

/// A day or quarter as a person entered it in a draft: the value, or the text when it is not
/// one. Kept so that the rule checking the draft refuses it with its own reason (and names what
/// was written), and so that it is written back exactly as it came. Both read from and write to
/// one JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Entered<T> {
    Valid(T),
    Invalid(String),
}

/// Parsing an entered text: what counts as a valid `T`.
pub trait EnteredText: Sized {
    fn from_entered(text: &str) -> Option<Self>;
    fn to_entered(&self) -> String;
}

impl EnteredText for Date {
    fn from_entered(text: &str) -> Option<Date> {
        parse_day(text)
    }
    fn to_entered(&self) -> String {
        self.to_string()
    }
}

impl EnteredText for Quarter {
    fn from_entered(text: &str) -> Option<Quarter> {
        text.parse().ok()
    }
    fn to_entered(&self) -> String {
        self.to_string()
    }
}

impl<T: EnteredText> Entered<T> {
    pub fn parse(text: &str) -> Entered<T> {
        T::from_entered(text).map_or_else(|| Entered::Invalid(text.to_owned()), Entered::Valid)
    }

    /// The text, as written.
    pub fn text(&self) -> String {
        match self {
            Entered::Valid(v) => v.to_entered(),
            Entered::Invalid(t) => t.clone(),
        }
    }
}

impl<T: Copy> Entered<T> {
    pub fn get(&self) -> Option<T> {
        match self {
            Entered::Valid(v) => Some(*v),
            Entered::Invalid(_) => None,
        }
    }
}

impl<T: EnteredText> From<&str> for Entered<T> {
    fn from(text: &str) -> Self {
        Entered::parse(text)
    }
}

impl<T: EnteredText> fmt::Display for Entered<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl<T: EnteredText> Serialize for Entered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de, T: EnteredText> Deserialize<'de> for Entered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Entered::parse(&text))
    }
}

// ---------------------------------------------------------------------------------------------
// Serde forms for day fields

/// `text` as a day, or the error a field typed [`Date`] reports.
fn day_field<E: serde::de::Error>(text: &str) -> Result<Date, E> {
    parse_day(text).ok_or_else(|| E::custom(format_args!("{text:?} is not a date (YYYY-MM-DD)")))
}

/// `text` as a moment, or the error a field typed [`OffsetDateTime`] reports.
fn moment_field<E: serde::de::Error>(text: &str) -> Result<OffsetDateTime, E> {
    parse_moment(text)
        .ok_or_else(|| E::custom(format_args!("{text:?} is not an ISO 8601 date-time")))
}

/// A [`Date`] field as `"YYYY-MM-DD"`; anything else is refused.
pub mod day {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(day)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        day_field(&std::borrow::Cow::<'de, str>::deserialize(d)?)
    }
}

/// An [`OffsetDateTime`] field as [`moment_text`], read by [`parse_moment`].
pub mod moment {
    use super::*;

    pub fn serialize<S: Serializer>(moment: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&moment_text(*moment))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        moment_field(&std::borrow::Cow::<'de, str>::deserialize(d)?)
    }
}

/// An `Option<OffsetDateTime>` field as `null` or [`moment_text`].
pub mod moment_opt {
    use super::*;

    pub fn serialize<S: Serializer>(m: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => s.serialize_str(&moment_text(*m)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.map(|text| moment_field(&text)).transpose()
    }
}

/// An `Option<Date>` field as `null` or `"YYYY-MM-DD"` (with `#[serde(default)]`, absent reads
/// as `None`); any other text is refused.
pub mod day_opt {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.map(|text| day_field(&text)).transpose()
    }
}

/// An `Option<Date>` a person fills in, as `"YYYY-MM-DD"` or `""` for none. A text that is not a
/// day reads as `None` (unknown): the rule that needs the day refuses it as missing.
pub mod day_or_empty {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.collect_str(d),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(parse_day(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS_PER_DAY: i64 = 86_400_000;

    fn day(text: &str) -> Date {
        parse_day(text).unwrap()
    }

    #[test]
    fn days_round_trip() {
        let d = day("2026-11-25");
        assert_eq!(day_of_ms(start_ms(d)), d);
        assert_eq!(day_of_ms(start_ms(d) + MS_PER_DAY - 1), d);
        assert_eq!(day_of_ms(start_ms(d) - 1), day("2026-11-24"));
        assert_eq!(day_of_ms(0).to_string(), "1970-01-01");
        assert_eq!(day_of_ms(-1).to_string(), "1969-12-31");
        assert_eq!(day_of_ms(1_795_651_200_000).to_string(), "2026-11-26");
        assert_eq!(day("2028-02-29").day(), 29);
        assert_eq!(day("0001-01-01").to_string(), "0001-01-01");
        assert_eq!(add_days(day("2026-12-30"), 3), day("2027-01-02"));
        // Far outside `time`'s range: clamped, no panic.
        assert_eq!(day_of_ms(i64::MAX), Date::MAX);
        assert_eq!(day_of_ms(i64::MIN), Date::MIN);
        assert_eq!(add_days(Date::MAX, 1), Date::MAX);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-11-25",
            "2026-1-05",
            "2026-11-2x",
            "+2026-11-25",
            "2026-11-25T00:00",
            " 2026-11-25",
            "",
            "2026-W48-3",
            "2026-329",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn moments() {
        let ms = |t: &str| parse_moment(t).map(ms_of);
        assert_eq!(ms("1970-01-01"), Some(0));
        assert_eq!(ms("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(ms(" 1970-01-01t00:00:01z "), Some(1000));
        assert_eq!(ms("1970-01-01 00:00:01"), Some(1000));
        assert_eq!(ms("1970-01-01T01:00:00+01"), Some(0));
        assert_eq!(ms("1970-01-01T01:00:00+0100"), Some(0));
        assert_eq!(ms("1970-01-01T14:59:00+14:59"), Some(0));
        // A leap second is the last instant of its minute.
        assert_eq!(ms("2016-12-31T23:59:60Z"), Some(1_483_228_799_999));
        assert_eq!(ms("1969-12-31T23:59:59.5Z"), Some(-500));
        assert_eq!(ms("1970-01-01T00:00:00.1239Z"), Some(123));
        assert_eq!(ms("2000-10-12T18:39:09-08:00"), ms("2000-10-13T02:39:09Z"));
        for bad in [
            "",
            "2000-13-01",
            "2000-10-12T1:00",
            "2000-10-12X",
            "2000-10-12T10:00+5",
            "2000-10-12T25:00",
            "2000-10-12T10:60",
            "2000-10-12T10:00:00+25:00",
            "2000-10-12T10:00:00-15:00",
            "2000-10-12T24:00",
        ] {
            assert_eq!(ms(bad), None, "{bad}");
        }
        let m = parse_moment("2026-11-25T09:30:00+08:00").unwrap();
        assert_eq!(moment_text(m), "2026-11-25T09:30:00+08:00");
        assert_eq!(moment_text(moment_of_ms(0)), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            moment_text(moment_of_ms(1_500)),
            "1970-01-01T00:00:01.500+00:00"
        );
        for ms in [0, 1, -1, 1_795_564_800_123, -62_000_000_000_000] {
            assert_eq!(ms_of(moment_of_ms(ms)), ms);
            assert_eq!(
                parse_moment(&moment_text(moment_of_ms(ms))).map(ms_of),
                Some(ms)
            );
        }
    }

    #[test]
    fn quarters() {
        assert_eq!(quarter_of(2026, 11).to_string(), "2026-Q4");
        assert_eq!(quarter_of(2026, 1).to_string(), "2026-Q1");
        assert_eq!(Quarter::of(day("2026-06-30")).to_string(), "2026-Q2");
        assert_eq!(Quarter::of(day("2026-07-01")).to_string(), "2026-Q3");
        assert_eq!(parse_quarter("2026-Q3"), Some((2026, 3)));
        assert_eq!(parse_quarter("26-Q3"), None);
        assert_eq!(parse_quarter("2026-Q0"), None);
        assert_eq!(parse_quarter("1999-Q4"), None);
        assert_eq!("1999-Q4".parse::<Quarter>().map(|q| q.year()), Ok(1999));
        assert!("2026-Q5".parse::<Quarter>().is_err());
        assert!("+026-Q1".parse::<Quarter>().is_err());
        assert!(quarter_of(2026, 1) < quarter_of(2026, 4));
        assert!(quarter_of(2026, 12) < quarter_of(2027, 1));
        let q: Quarter = serde_json::from_str("\"2026-Q4\"").unwrap();
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"2026-Q4\"");
        assert!(serde_json::from_str::<Quarter>("\"2026-Q9\"").is_err());
    }

    #[test]
    fn entered_keeps_what_was_written() {
        for (json, valid) in [
            ("\"2026-11-25\"", true),
            ("\"\"", false),
            ("\"2026-02-30\"", false),
            ("\"soon\"", false),
        ] {
            let e: Entered<Date> = serde_json::from_str(json).unwrap();
            assert_eq!(e.get().is_some(), valid, "{json}");
            assert_eq!(serde_json::to_string(&e).unwrap(), json);
        }
        let q: Entered<Quarter> = serde_json::from_str("\"2026-Q5\"").unwrap();
        assert_eq!(q, Entered::Invalid("2026-Q5".into()));
        assert_eq!(q.to_string(), "2026-Q5");
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Fields {
        #[serde(with = "day")]
        a: Date,
        #[serde(default, with = "day_opt")]
        b: Option<Date>,
        #[serde(with = "day_or_empty")]
        c: Option<Date>,
    }

    #[test]
    fn day_fields_keep_their_json() {
        for json in [
            r#"{"a":"2026-11-25","b":null,"c":""}"#,
            r#"{"a":"2026-11-25","b":"2026-12-01","c":"2027-01-31"}"#,
        ] {
            let f: Fields = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&f).unwrap(), json);
        }
        let absent: Fields = serde_json::from_str(r#"{"a":"2026-11-25","c":""}"#).unwrap();
        assert_eq!(absent.b, None);
        // A person's unreadable entry is unknown; a record's is refused.
        let unknown: Fields =
            serde_json::from_str(r#"{"a":"2026-11-25","c":"2026-02-30"}"#).unwrap();
        assert_eq!(unknown.c, None);
        assert!(serde_json::from_str::<Fields>(r#"{"a":"2026-02-30","c":""}"#).is_err());
        assert!(serde_json::from_str::<Fields>(r#"{"a":"2026-11-25","b":"x","c":""}"#).is_err());
    }
}
