//! Parsers for single cell values. They are plain functions over `&str` so
//! they can be tested, fuzzed and benchmarked alone; each failure says what
//! was expected in words a manager understands.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Days from 0001-01-01 (CE) to 1970-01-01, to turn chrono dates into the
/// day numbers polars stores.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// What a cell of each kind should look like, for error messages.
pub const EXPECT_DATE: &str = "a date like 2024-03-31";
pub const EXPECT_DATETIME: &str = "a date and time like 2024-03-31 14:05";
pub const EXPECT_NUMBER: &str = "a number like 1250.50";
pub const EXPECT_BOOL: &str = "true or false (also yes/no, 1/0)";
pub const EXPECT_OUTCOME: &str = "won, lost or open";

/// Parses `YYYY-MM-DD` into days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i32> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    plausible(date).then(|| date_to_days(date))
}

/// Parses an ISO date-time (`T` or space between, seconds and fractions
/// optional, a trailing `Z` accepted) or a bare date, into milliseconds
/// since 1970-01-01 00:00.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text.strip_suffix('Z').unwrap_or(text);
    const FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ];
    let moment = FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN))
        })?;
    plausible(moment.date()).then(|| moment.and_utc().timestamp_millis())
}

/// Parses a plain decimal number (`1250`, `-3.5`, `1250.50`). Thousands
/// separators and currency signs are left to the CRM-specific readers.
pub fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    value.is_finite().then_some(value)
}

/// Parses the usual spellings of yes and no, in English and Russian.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" | "да" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "нет" => Some(false),
        _ => None,
    }
}

/// Parses a deal outcome.
pub fn parse_outcome(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "won" => Some("won"),
        "lost" => Some("lost"),
        "open" => Some("open"),
        _ => None,
    }
}

pub fn date_to_days(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

pub fn days_to_date(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAYS_FROM_CE).expect("date in range")
}

/// Years outside this range are typing mistakes (`0024`, `2204`), not facts.
fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1900..2200).contains(&date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_since_1970() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1970-01-31"), Some(30));
        // 2024-03-01: 54 years of which 13 leap (1972..2020) → 54*365+13 = 19723,
        // plus Jan (31) and Feb (29) = 19783.
        assert_eq!(parse_date(" 2024-03-01 "), Some(19_783));
        assert_eq!(days_to_date(19_783).to_string(), "2024-03-01");
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("03/01/2024"), None);
        assert_eq!(parse_date("0024-03-01"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn datetimes_accept_iso_variants_and_bare_dates() {
        let day = 19_783_i64 * 86_400_000;
        assert_eq!(parse_datetime("2024-03-01"), Some(day));
        assert_eq!(parse_datetime("2024-03-01 01:00"), Some(day + 3_600_000));
        assert_eq!(parse_datetime("2024-03-01T01:00:30"), Some(day + 3_630_000));
        assert_eq!(
            parse_datetime("2024-03-01T01:00:30.250Z"),
            Some(day + 3_630_250)
        );
        assert_eq!(parse_datetime("2024-03-01 25:00"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn numbers_bools_and_outcomes() {
        assert_eq!(parse_number(" 1250.50 "), Some(1250.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("1,250"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("Нет"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_outcome("WON"), Some("won"));
        assert_eq!(parse_outcome("closed"), None);
    }
}
