//! Calendar dates for need-by dates, delegations and budget periods. Days are UTC days: the
//! hub and every device agree on which day a moment falls in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MS_PER_DAY: i64 = 86_400_000;

impl Date {
    /// `YYYY-MM-DD`, a real calendar day.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8);
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(date)
    }

    /// The UTC day of a moment in milliseconds since 1970.
    pub fn from_ms(ms: i64) -> Date {
        let days = ms.div_euclid(MS_PER_DAY);
        civil_from_days(days)
    }

    /// Milliseconds at the start (00:00 UTC) of this day.
    pub fn start_ms(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * MS_PER_DAY
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms (public domain), proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// `YYYY-Qn` → (year, quarter).
pub fn parse_quarter(period: &str) -> Option<(u16, u8)> {
    let (year, quarter) = period.split_once("-Q")?;
    if year.len() != 4 || quarter.len() != 1 {
        return None;
    }
    let year: u16 = year.parse().ok()?;
    let quarter: u8 = quarter.parse().ok()?;
    ((2000..=2999).contains(&year) && (1..=4).contains(&quarter)).then_some((year, quarter))
}

/// The quarter a calendar month (1..=12) falls in, as `YYYY-Qn`.
pub fn quarter_of(year: u16, month: u8) -> String {
    format!("{year}-Q{}", (month.clamp(1, 12) - 1) / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        let d = Date::parse("2026-11-25").unwrap();
        assert_eq!(Date::from_ms(d.start_ms()), d);
        assert_eq!(Date::from_ms(d.start_ms() + MS_PER_DAY - 1), d);
        assert_eq!(Date::from_ms(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_ms(1_795_651_200_000).to_string(), "2026-11-26");
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-11-25",
            "2026-1-05",
            "2026-11-2x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
