//! Parsers for single cell values as CRMs write them. They are plain
//! functions over `&str` so they can be tested, fuzzed and benchmarked
//! alone. A column's format (day-first or month-first dates, decimal comma
//! or point) is decided once from all its values ([`DateOrder::detect`],
//! [`Decimal::detect`]), never guessed per cell.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use crate::model::{date_to_days, days_to_date, DateOrder, Decimal};

/// What a cell of each kind should look like, for error messages.
pub const EXPECT_DATE: &str = "a date like 2024-03-31";
pub const EXPECT_DATETIME: &str = "a date and time like 2024-03-31 14:05";
pub const EXPECT_NUMBER: &str = "a number like 1250.50";
pub const EXPECT_BOOL: &str = "true or false (also yes/no, 1/0)";
pub const EXPECT_OUTCOME: &str = "won, lost or open";

impl DateOrder {
    /// What a run of values says about the order, in a form that adds up
    /// across blocks of one column: the same decision as [`DateOrder::detect`]
    /// over all of them (see [`OrderTally::decide`]).
    pub fn tally<'a>(values: impl Iterator<Item = &'a str>) -> OrderTally {
        let mut t = OrderTally::default();
        for v in values {
            match evidence(v) {
                Evidence::Dmy => t.dmy = true,
                Evidence::Mdy => t.mdy = true,
                Evidence::Either => t.either = true,
                Evidence::Ymd | Evidence::None => {}
            }
        }
        t
    }

    /// Decides the order of a column from its values: a first number above
    /// 12 or a dotted date means day-first, a second number above 12 means
    /// month-first. `Ok(None)` when nothing decides (every date could be
    /// either); `Err((day-first, month-first))`, an example of each, when
    /// the column holds both.
    pub fn detect<'a>(
        values: impl Iterator<Item = &'a str>,
    ) -> Result<Option<DateOrder>, (String, String)> {
        let (mut dmy, mut mdy, mut either) = (None, None, false);
        for v in values {
            match evidence(v) {
                Evidence::Ymd => {}
                Evidence::Dmy => dmy = dmy.or(Some(v)),
                Evidence::Mdy => mdy = mdy.or(Some(v)),
                Evidence::Either => either = true,
                Evidence::None => {}
            }
        }
        match (dmy, mdy) {
            (Some(d), Some(m)) => Err((d.to_string(), m.to_string())),
            (Some(_), None) => Ok(Some(DateOrder::Dmy)),
            (None, Some(_)) => Ok(Some(DateOrder::Mdy)),
            (None, None) if either => Ok(None),
            (None, None) => Ok(Some(DateOrder::Ymd)),
        }
    }
}

/// Evidence for a date order seen in some values (see [`DateOrder::tally`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OrderTally {
    pub dmy: bool,
    pub mdy: bool,
    pub either: bool,
}

impl OrderTally {
    pub fn add(&mut self, other: OrderTally) {
        self.dmy |= other.dmy;
        self.mdy |= other.mdy;
        self.either |= other.either;
    }

    /// As [`DateOrder::detect`]; `None` where it would be an error.
    pub fn decide(self) -> Option<Option<DateOrder>> {
        match (self.dmy, self.mdy) {
            (true, true) => None,
            (true, false) => Some(Some(DateOrder::Dmy)),
            (false, true) => Some(Some(DateOrder::Mdy)),
            (false, false) if self.either => Some(None),
            (false, false) => Some(Some(DateOrder::Ymd)),
        }
    }
}

enum Evidence {
    Ymd,
    Dmy,
    Mdy,
    Either,
    None,
}

fn evidence(text: &str) -> Evidence {
    let b = text.trim().as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        return Evidence::Ymd;
    }
    let Some((date, _)) = split_date_time(text.trim()) else {
        return Evidence::None;
    };
    if date.chars().any(char::is_alphabetic) {
        return Evidence::Ymd; // a month name decides by itself
    }
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'));
    let parts: Vec<&str> = match sep {
        Some(s) => date.split(s).collect(),
        None => return Evidence::None,
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Evidence::None;
    }
    if parts[0].len() == 4 {
        return Evidence::Ymd;
    }
    let (a, b): (u32, u32) = (
        parts[0].parse().unwrap_or(99),
        parts[1].parse().unwrap_or(99),
    );
    if sep == Some('.') || (a > 12 && b <= 12) {
        Evidence::Dmy
    } else if b > 12 && a <= 12 {
        Evidence::Mdy
    } else if a <= 12 && b <= 12 {
        Evidence::Either
    } else {
        Evidence::None
    }
}

/// Splits "date[ T]time" at the first space or `T` that follows the date.
fn split_date_time(text: &str) -> Option<(&str, &str)> {
    if text.is_empty() {
        return None;
    }
    // A named month ("15 Apr, 2021 00:02:00") keeps its spaces: the time
    // starts at the first token with a colon.
    if text.chars().any(char::is_alphabetic) && !text.contains('T') || text.contains(", ") {
        return match text.split_whitespace().find(|t| t.contains(':')) {
            Some(token) => {
                // The token's byte offset in `text` (it is a subslice of it).
                let at = token.as_ptr() as usize - text.as_ptr() as usize;
                Some((text[..at].trim(), text[at..].trim()))
            }
            None => Some((text, "")),
        };
    }
    match text.find([' ', 'T']) {
        Some(i) => Some((&text[..i], text[i + 1..].trim())),
        None => Some((text, "")),
    }
}

/// Month names and their usual abbreviations, per month, in English,
/// Russian (nominative and genitive), German, French, Spanish, Portuguese,
/// Italian and Dutch. A token names a month when it is one of these, or
/// the start (three letters or more) of names of one month only: "Apr",
/// "апр.", "Sept", "juil" (not "jui", which could be juin or juillet).
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january",
        "январь",
        "января",
        "januar",
        "jänner",
        "janvier",
        "enero",
        "janeiro",
        "gennaio",
        "januari",
        "janv",
    ],
    &[
        "february",
        "февраль",
        "февраля",
        "februar",
        "février",
        "fevrier",
        "febrero",
        "fevereiro",
        "febbraio",
        "februari",
        "févr",
        "fevr",
    ],
    &[
        "march",
        "март",
        "марта",
        "märz",
        "maerz",
        "mrz",
        "mars",
        "marzo",
        "março",
        "marco",
        "maart",
        "mrt",
    ],
    &["april", "апрель", "апреля", "avril", "abril", "aprile"],
    &["may", "май", "мая", "mai", "mayo", "maio", "maggio", "mei"],
    &[
        "june", "июнь", "июня", "juni", "juin", "junio", "junho", "giugno",
    ],
    &[
        "july", "июль", "июля", "juli", "juillet", "julio", "julho", "luglio", "juil",
    ],
    &[
        "august",
        "август",
        "августа",
        "août",
        "aout",
        "agosto",
        "augustus",
    ],
    &[
        "september",
        "сентябрь",
        "сентября",
        "septembre",
        "septiembre",
        "setiembre",
        "setembro",
        "settembre",
    ],
    &[
        "october",
        "октябрь",
        "октября",
        "oktober",
        "octobre",
        "octubre",
        "outubro",
        "ottobre",
    ],
    &[
        "november",
        "ноябрь",
        "ноября",
        "novembre",
        "noviembre",
        "novembro",
    ],
    &[
        "december",
        "декабрь",
        "декабря",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dezembro",
        "dicembre",
    ],
];

/// The month a name or abbreviation stands for (see [`MONTH_NAMES`]).
fn month_by_name(token: &str) -> Option<u32> {
    let t = token
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    let letters = t.chars().count();
    if letters < 3 {
        return None;
    }
    let mut found = None;
    for (i, names) in MONTH_NAMES.iter().enumerate() {
        if names.contains(&t.as_str()) {
            return Some(i as u32 + 1);
        }
        if names.iter().any(|n| n.starts_with(t.as_str())) {
            if found.is_some_and(|f| f != i) {
                return None;
            }
            found = Some(i);
        }
    }
    found.map(|i| i as u32 + 1)
}

fn parse_date_part(date: &str, order: DateOrder) -> Option<NaiveDate> {
    if date.chars().any(char::is_alphabetic) {
        // "15 Apr, 2021", "Apr 15, 2021", "15 апреля 2021".
        // "1 de março de 2024": the Spanish and Portuguese "de" goes.
        let tokens: Vec<&str> = date
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty() && !matches!(*t, "de" | "del"))
            .collect();
        if tokens.len() != 3 {
            return None;
        }
        let month_at = tokens.iter().position(|t| month_by_name(t).is_some())?;
        let month = month_by_name(tokens[month_at])?;
        // "3. März 2024": a day may carry a point.
        let numbers: Vec<u32> = tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != month_at)
            .map(|(_, t)| t.strip_suffix('.').unwrap_or(t).parse().ok())
            .collect::<Option<_>>()?;
        let (day, year) = if numbers[0] > 31 {
            (numbers[1], numbers[0])
        } else {
            (numbers[0], numbers[1])
        };
        return NaiveDate::from_ymd_opt(
            full_year(year, tokens.iter().any(|t| t.len() == 4))?,
            month,
            day,
        );
    }
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d, year_len) = if parts[0].len() == 4 {
        (n[0], n[1], n[2], 4)
    } else {
        match order {
            DateOrder::Dmy | DateOrder::Ymd => (n[2], n[1], n[0], parts[2].len()),
            DateOrder::Mdy => (n[2], n[0], n[1], parts[2].len()),
        }
    };
    NaiveDate::from_ymd_opt(full_year(y, year_len == 4)?, m, d)
}

/// Two-digit years: 00–69 → 2000s, 70–99 → 1900s.
fn full_year(y: u32, four_digits: bool) -> Option<i32> {
    match (four_digits, y) {
        (true, _) => Some(y as i32),
        (false, 0..=69) => Some(2000 + y as i32),
        (false, 70..=99) => Some(1900 + y as i32),
        _ => None,
    }
}

/// "14:05", "14:05:30", "14:05:30.250", "2:05 PM", each optionally with
/// "Z", "+0000" or "+03:00"; returns the time and the offset in minutes.
fn parse_time_part(time: &str) -> Option<(NaiveTime, i32)> {
    let mut t = time.trim();
    if t.is_empty() {
        return Some((NaiveTime::MIN, 0));
    }
    let mut offset = 0;
    if let Some(rest) = t.strip_suffix('Z') {
        t = rest;
    } else if let Some(i) = t.rfind(['+', '-']).filter(|i| *i >= 4) {
        let (clock, zone) = t.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return None;
        }
        let hours: i32 = digits[..2].parse().ok()?;
        let minutes: i32 = digits[2..].parse().ok()?;
        offset = sign * (hours * 60 + minutes);
        t = clock.trim();
    }
    // AM/PM without allocating: only the last two bytes matter.
    let cut = t.len().saturating_sub(2);
    let (clock, pm) = match t.is_char_boundary(cut).then(|| (&t[..cut], &t[cut..])) {
        Some((c, suffix)) if suffix.eq_ignore_ascii_case("pm") => (c.trim(), Some(true)),
        Some((c, suffix)) if suffix.eq_ignore_ascii_case("am") => (c.trim(), Some(false)),
        _ => (t, None),
    };
    let mut parts = clock.split(':');
    let mut hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    let (second, millis) = match parts.next() {
        Some(s) => match s.split_once('.') {
            Some((s, frac)) => {
                let frac: String = frac.chars().take(3).collect();
                let scale = 10u32.pow(3 - frac.len() as u32);
                (s.parse().ok()?, frac.parse::<u32>().ok()? * scale)
            }
            None => (s.parse().ok()?, 0),
        },
        None => (0, 0),
    };
    if parts.next().is_some() {
        return None;
    }
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        Some(_) if hour > 12 => return None,
        _ => {}
    }
    Some((
        NaiveTime::from_hms_milli_opt(hour, minute, second, millis)?,
        offset,
    ))
}

/// A date and optional time in `order`, as milliseconds since 1970-01-01
/// (UTC when the text carries an offset).
pub fn parse_moment(text: &str, order: DateOrder) -> Option<i64> {
    if let Some(ms) = iso_fast(text.trim()) {
        return Some(ms);
    }
    let (date, time) = split_date_time(text.trim())?;
    let date = parse_date_part(date, order)?;
    let (time, offset) = parse_time_part(time)?;
    if !plausible(date) {
        return None;
    }
    let local = NaiveDateTime::new(date, time).and_utc().timestamp_millis();
    Some(local - offset as i64 * 60_000)
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (or with
/// `T`), the bulk of every export, read without the general parser.
fn iso_fast(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r.clone())?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + (c - b'0') as u32)
        })
    };
    if !matches!(b.len(), 10 | 16 | 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    let (hour, minute, second) = match b.len() {
        10 => (0, 0, 0),
        _ if !matches!(b[10], b' ' | b'T') || b[13] != b':' => return None,
        16 => (digits(11..13)?, digits(14..16)?, 0),
        _ if b[16] != b':' => return None,
        _ => (digits(11..13)?, digits(14..16)?, digits(17..19)?),
    };
    if hour > 23 || minute > 59 || second > 59 || !plausible(date) {
        return None;
    }
    let seconds = (hour * 3600 + minute * 60 + second) as i64;
    Some(date_to_days(date) as i64 * 86_400_000 + seconds * 1000)
}

/// A date (any time of day is dropped) as days since 1970-01-01.
pub fn parse_day(text: &str, order: DateOrder) -> Option<i32> {
    if let Some(ms) = iso_fast(text.trim()) {
        return Some(ms.div_euclid(86_400_000) as i32);
    }
    let (date, time) = split_date_time(text.trim())?;
    parse_time_part(time)?;
    let date = parse_date_part(date, order)?;
    plausible(date).then(|| date_to_days(date))
}

/// An Excel serial date (days since 1899-12-30, fraction = time of day).
pub fn parse_excel_serial(text: &str) -> Option<i64> {
    let serial: f64 = text.trim().parse().ok()?;
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let millis = (serial * 86_400_000.0).round() as i64;
    let moment = base + chrono::Duration::milliseconds(millis);
    plausible(moment.date()).then(|| moment.and_utc().timestamp_millis())
}

/// Parses `YYYY-MM-DD` into days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i32> {
    parse_day(text, DateOrder::Ymd).filter(|_| !text.trim().contains([' ', 'T']))
}

/// Parses an ISO date-time or bare date into milliseconds since 1970-01-01.
pub fn parse_datetime(text: &str) -> Option<i64> {
    parse_moment(text, DateOrder::Ymd)
}

impl Decimal {
    /// Whether some values show a decimal point and a decimal comma: adds
    /// up across blocks to what [`Decimal::detect`] sees in all of them.
    pub fn tally<'a>(values: impl Iterator<Item = &'a str>) -> (bool, bool) {
        let (mut point, mut comma) = (false, false);
        for v in values {
            match decimal_evidence(v) {
                Some(Decimal::Point) => point = true,
                Some(Decimal::Comma) => comma = true,
                None => {}
            }
        }
        (point, comma)
    }

    /// Decides a column's decimal separator from its values; a point when
    /// nothing decides. `Err((point, comma))`, an example of each, when
    /// the column holds both styles.
    pub fn detect<'a>(values: impl Iterator<Item = &'a str>) -> Result<Decimal, (String, String)> {
        let (mut point, mut comma) = (None, None);
        for v in values {
            match decimal_evidence(v) {
                Some(Decimal::Point) => point = point.or(Some(v)),
                Some(Decimal::Comma) => comma = comma.or(Some(v)),
                None => {}
            }
        }
        match (point, comma) {
            (Some(p), Some(c)) => Err((p.to_string(), c.to_string())),
            (None, Some(_)) => Ok(Decimal::Comma),
            _ => Ok(Decimal::Point),
        }
    }
}

/// What one value says about the decimal separator, if anything: with
/// both `.` and `,` the last is the decimal; a lone separator followed by
/// other than three digits is a decimal; "1.234.567" groups with points.
/// Only digits and separators count (`$ 1,200` is `1,200`); positions are
/// counted among them without copying them out (every number cell of a
/// file is tallied).
fn decimal_evidence(text: &str) -> Option<Decimal> {
    // Digits and separators seen; each separator's count and the number of
    // digits and separators after its last one.
    let (mut points, mut commas) = (0usize, 0usize);
    let (mut after_point, mut after_comma) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                after_point += 1;
                after_comma += 1;
            }
            b'.' => {
                points += 1;
                after_point = 0;
                after_comma += 1;
            }
            b',' => {
                commas += 1;
                after_comma = 0;
                after_point += 1;
            }
            _ => {}
        }
    }
    match (points, commas) {
        (0, 0) => None,
        (_, 0) if points > 1 => Some(Decimal::Comma),
        (_, 0) => (after_point != 3).then_some(Decimal::Point),
        (0, _) if commas > 1 => Some(Decimal::Point),
        (0, _) => (after_comma != 3).then_some(Decimal::Comma),
        // Both: the one nearer the end is the decimal.
        _ => Some(if after_point < after_comma {
            Decimal::Point
        } else {
            Decimal::Comma
        }),
    }
}

/// Parses an amount as CRMs write it: `$7,450,000.00 `, `1 200,00 ₽`
/// (no-break or narrow spaces), `USD 1,200.50`, `(1,200.00)`, `-3.5`.
/// Currency signs and codes around the number are ignored here (see
/// [`currency_of`]).
pub fn parse_money(text: &str, decimal: Decimal) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Plain numbers, the bulk of every export, parse directly.
    if decimal == Decimal::Point
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        if let Ok(v) = t.parse::<f64>() {
            return v.is_finite().then_some(v);
        }
    }
    if !grouped_in_threes(t, decimal) {
        return None;
    }
    let negative = (t.starts_with('(') && t.ends_with(')')) || t.contains('-') || t.contains('−');
    let mut number = String::with_capacity(t.len());
    let mut seen_digit = false;
    for c in t.chars() {
        match c {
            '0'..='9' => {
                seen_digit = true;
                number.push(c);
            }
            '.' | ',' => {
                let is_decimal = (c == '.') == (decimal == Decimal::Point);
                if is_decimal {
                    number.push('.');
                }
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '(' | ')' | '-' | '−' | '+' => {}
            // A currency sign, code or word around the number.
            c if c.is_alphabetic() || is_currency_sign(c) => {}
            _ => return None,
        }
    }
    if !seen_digit || number.matches('.').count() > 1 {
        return None;
    }
    // Letters may only surround the number, not split it: "12a34" is no amount.
    let inner = t.trim_matches(|c: char| !c.is_ascii_digit());
    if inner.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

/// True when the digits before the decimal separator are grouped the way
/// amounts are: by one kind of separator (`,` `.` a space or `'`), between
/// digits, into a first group of one to three digits and then groups of
/// exactly three, with no grouping after the decimal separator. A date
/// (`31.03.2024`) or a version (`12.5.6`) is no amount.
fn grouped_in_threes(text: &str, decimal: Decimal) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let is_decimal = |c: char| match decimal {
        Decimal::Point => c == '.',
        Decimal::Comma => c == ',',
    };
    let is_group = |c: char| {
        !is_decimal(c)
            && matches!(
                c,
                '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''
            )
    };
    let mut groups: Vec<usize> = Vec::new();
    let mut run = 0;
    let mut separator: Option<char> = None;
    let mut after_decimal = false;
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_digit() {
            run += 1;
        } else if is_group(c) && between_digits {
            if after_decimal {
                return false;
            }
            let kind = if c.is_whitespace() { ' ' } else { c };
            if separator.is_some_and(|s| s != kind) {
                return false;
            }
            separator = Some(kind);
            groups.push(run);
            run = 0;
        } else if is_decimal(c) && between_digits {
            if after_decimal {
                return false;
            }
            after_decimal = true;
            if separator.is_some() {
                groups.push(run);
            }
            run = 0;
        } else if run > 0 && !after_decimal && separator.is_some() {
            // The number ended: its last group.
            groups.push(run);
            run = 0;
            break;
        }
    }
    if !after_decimal && separator.is_some() && run > 0 {
        groups.push(run);
    }
    match groups.split_first() {
        None => true,
        Some((first, rest)) => (1..=3).contains(first) && rest.iter().all(|g| *g == 3),
    }
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₽' | '₸' | '₴' | '₹')
}

/// The ISO code of a currency written in a cell or header: a sign (`$`,
/// `₽`), a code (`USD`), or a name (`US Dollar`, `руб.`).
pub fn currency_of(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    const NAMES: [(&str, &str); 16] = [
        ("us dollar", "USD"),
        ("usd", "USD"),
        ("$", "USD"),
        ("euro", "EUR"),
        ("eur", "EUR"),
        ("€", "EUR"),
        ("pound", "GBP"),
        ("gbp", "GBP"),
        ("£", "GBP"),
        ("rub", "RUB"),
        ("руб", "RUB"),
        ("₽", "RUB"),
        ("kzt", "KZT"),
        ("₸", "KZT"),
        ("uah", "UAH"),
        ("₴", "UAH"),
    ];
    NAMES
        .iter()
        .find(|(name, _)| t.contains(name))
        .map(|(_, code)| *code)
}

/// Parses the usual spellings of yes and no, in English and Russian.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "TRUE" | "True" | "1" => return Some(true),
        "false" | "FALSE" | "False" | "0" => return Some(false),
        _ => {}
    }
    match text.trim().to_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" | "да" | "д" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "нет" | "н" => Some(false),
        _ => None,
    }
}

/// Parses a deal outcome.
pub fn parse_outcome(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "won" => Some("won"),
        "lost" => Some("lost"),
        "open" => Some("open"),
        // Closed at a stage known as neither won nor lost: left out of
        // win rate and attainment.
        "closed" => Some("closed"),
        _ => None,
    }
}

/// Parses a plain decimal number (`1250`, `-3.5`, `1250.50`).
pub fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    value.is_finite().then_some(value)
}

/// Years outside this range are typing mistakes (`0024`, `2204`) or
/// spreadsheet zero dates (`1900-01-00`), not facts of a CRM.
fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1970..=2100).contains(&date.year())
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
        assert_eq!(parse_date("0024-03-01"), None);
        assert_eq!(parse_date("1900-01-01"), None);
        assert_eq!(parse_date("2200-01-01"), None);
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
        // Salesforce: an offset without a colon, converted to UTC.
        assert_eq!(
            parse_datetime("2024-03-01T04:00:00.000+0300"),
            Some(day + 3_600_000)
        );
        assert_eq!(parse_datetime("2024-03-01 25:00"), None);
        assert_eq!(parse_datetime("2024-03-01 10:75"), None);
        assert_eq!(parse_datetime("2024-03-01 10:05:60"), None);
        assert_eq!(parse_datetime("2024-02-30 10:05"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn dates_in_every_order_and_shape() {
        let day = 19_783; // 2024-03-01
        let ms = |d: i64, h: i64, m: i64| d * 86_400_000 + h * 3_600_000 + m * 60_000;
        assert_eq!(parse_day("01.03.2024", DateOrder::Dmy), Some(day));
        assert_eq!(parse_day("3/1/2024", DateOrder::Mdy), Some(day));
        assert_eq!(parse_day("01/03/24", DateOrder::Dmy), Some(day));
        assert_eq!(parse_day("1 Mar, 2024", DateOrder::Mdy), Some(day));
        assert_eq!(parse_day("Mar 1, 2024", DateOrder::Dmy), Some(day));
        assert_eq!(parse_day("1 марта 2024", DateOrder::Dmy), Some(day));
        // Month names in the eight languages, full and abbreviated.
        for text in [
            "1 mars 2024",
            "1. März 2024",
            "1 mrt. 2024",
            "1 marzo 2024",
            "1 de março de 2024",
            "1 мар. 2024",
            "1 Mär 2024",
        ] {
            assert_eq!(parse_day(text, DateOrder::Dmy), Some(day), "{text}");
        }
        let july = parse_day("2024-07-15", DateOrder::Ymd);
        assert_eq!(parse_day("15 juil. 2024", DateOrder::Dmy), july);
        assert_eq!(parse_day("15 luglio 2024", DateOrder::Dmy), july);
        // "jui" could be juin or juillet: no month.
        assert_eq!(parse_day("15 jui 2024", DateOrder::Dmy), None);
        assert_eq!(
            parse_day("15 апр. 2021", DateOrder::Dmy),
            parse_day("2021-04-15", DateOrder::Ymd)
        );
        // One-digit day and month, with any separator.
        assert_eq!(
            parse_day("17-7-2018", DateOrder::Dmy),
            parse_day("2018-07-17", DateOrder::Ymd)
        );
        assert_eq!(
            parse_moment("3/1/2024 7:42", DateOrder::Mdy),
            Some(ms(day as i64, 7, 42))
        );
        assert_eq!(
            parse_moment("01.03.2024 19:05:00", DateOrder::Dmy),
            Some(ms(day as i64, 19, 5))
        );
        assert_eq!(
            parse_moment("03/01/24 08:55 PM", DateOrder::Mdy),
            Some(ms(day as i64, 20, 55))
        );
        assert_eq!(
            parse_moment("15 Apr, 2021 00:02:00", DateOrder::Dmy),
            Some(ms(18_732, 0, 2))
        );
        // Excel: serial 45352 is 2024-03-01; .5 is noon.
        assert_eq!(parse_excel_serial("45352"), Some(ms(day as i64, 0, 0)));
        assert_eq!(parse_excel_serial("45352.5"), Some(ms(day as i64, 12, 0)));
        assert_eq!(parse_day("13/13/2024", DateOrder::Mdy), None);
        // Found by the property test: multi-byte spaces before the time
        // once cut a character in half.
        assert_eq!(
            parse_moment("15\u{2003}Apr,\u{3000}2021 00:02:00", DateOrder::Dmy),
            Some(ms(18_732, 0, 2))
        );
        assert_eq!(
            parse_moment("?q\u{ffda}\u{a500}🕴 {:𝔘", DateOrder::Dmy),
            None
        );
    }

    #[test]
    fn a_columns_date_order_is_decided_by_its_values() {
        let detect = |v: &[&str]| DateOrder::detect(v.iter().copied());
        assert_eq!(detect(&["3/1/2024", "3/31/2024"]), Ok(Some(DateOrder::Mdy)));
        assert_eq!(
            detect(&["01/03/2024", "31/03/2024"]),
            Ok(Some(DateOrder::Dmy))
        );
        assert_eq!(detect(&["01.03.2024"]), Ok(Some(DateOrder::Dmy)));
        assert_eq!(detect(&["2024-03-01", ""]), Ok(Some(DateOrder::Ymd)));
        assert_eq!(detect(&["01/03/2024", "02/03/2024"]), Ok(None));
        assert_eq!(
            detect(&["31/03/2024", "3/31/2024"]),
            Err(("31/03/2024".into(), "3/31/2024".into()))
        );
    }

    #[test]
    fn money_as_crms_write_it() {
        assert_eq!(
            parse_money("$7,450,000.00 ", Decimal::Point),
            Some(7_450_000.0)
        );
        assert_eq!(parse_money("1\u{a0}200,00 ₽", Decimal::Comma), Some(1200.0));
        assert_eq!(parse_money("1\u{202f}200,5", Decimal::Comma), Some(1200.5));
        assert_eq!(parse_money("USD 1,200.50", Decimal::Point), Some(1200.5));
        assert_eq!(parse_money("1.299,99", Decimal::Comma), Some(1299.99));
        assert_eq!(parse_money("(1,200.00)", Decimal::Point), Some(-1200.0));
        assert_eq!(parse_money("-3.5", Decimal::Point), Some(-3.5));
        assert_eq!(parse_money("1 200 руб.", Decimal::Comma), Some(1200.0));
        assert_eq!(parse_money("12a34", Decimal::Point), None);
        // Issue 14, item 5: grouping is in threes, by one kind of separator.
        assert_eq!(parse_money("31.03.2024", Decimal::Comma), None);
        assert_eq!(parse_money("31.03.2024", Decimal::Point), None);
        assert_eq!(parse_money("12.5.6", Decimal::Comma), None);
        assert_eq!(parse_money("1,5", Decimal::Point), None);
        assert_eq!(parse_money("1,2345.00", Decimal::Point), None);
        assert_eq!(parse_money("1.234,567,00", Decimal::Comma), None);
        assert_eq!(parse_money("1,234 567.00", Decimal::Point), None);
        assert_eq!(
            parse_money("1.000.000,00", Decimal::Comma),
            Some(1_000_000.0)
        );
        assert_eq!(
            parse_money("1'234'567.50", Decimal::Point),
            Some(1_234_567.5)
        );
        assert_eq!(
            parse_money("1 234 567,5 €", Decimal::Comma),
            Some(1_234_567.5)
        );
        assert_eq!(
            parse_money("1234567.891", Decimal::Point),
            Some(1_234_567.891)
        );
        assert_eq!(parse_money("", Decimal::Point), None);
        assert_eq!(parse_money("n/a", Decimal::Point), None);
        assert_eq!(currency_of("US Dollar"), Some("USD"));
        assert_eq!(currency_of("Бюджет ₽"), Some("RUB"));
        assert_eq!(currency_of("Amount"), None);
    }

    #[test]
    fn a_columns_decimal_separator_is_decided_by_its_values() {
        let detect = |v: &[&str]| Decimal::detect(v.iter().copied());
        assert_eq!(detect(&["1 200,00", "15,5"]), Ok(Decimal::Comma));
        assert_eq!(detect(&["1,200.00", "1,500"]), Ok(Decimal::Point));
        assert_eq!(detect(&["1.234.567"]), Ok(Decimal::Comma));
        assert_eq!(detect(&["1,200", "1200"]), Ok(Decimal::Point));
        assert_eq!(detect(&["1,5", "2.5"]), Err(("2.5".into(), "1,5".into())));
    }

    #[test]
    fn numbers_bools_and_outcomes() {
        assert_eq!(parse_number(" 1250.50 "), Some(1250.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("1,250"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("Нет"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(parse_outcome("WON"), Some("won"));
        // Closed at a stage neither won nor lost: its own outcome.
        assert_eq!(parse_outcome("closed"), Some("closed"));
        assert_eq!(parse_outcome("maybe"), None);
    }

    /// The first definition, which copied the digits and separators out:
    /// the reference the allocation-free one is held to.
    fn decimal_evidence_by_copy(text: &str) -> Option<Decimal> {
        let digits_and_seps: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let (last_point, last_comma) = (digits_and_seps.rfind('.'), digits_and_seps.rfind(','));
        match (last_point, last_comma) {
            (Some(p), Some(c)) => Some(if p > c {
                Decimal::Point
            } else {
                Decimal::Comma
            }),
            (Some(p), None) => {
                let after = digits_and_seps.len() - p - 1;
                if digits_and_seps.matches('.').count() > 1 {
                    Some(Decimal::Comma)
                } else {
                    (after != 3).then_some(Decimal::Point)
                }
            }
            (None, Some(c)) => {
                let after = digits_and_seps.len() - c - 1;
                if digits_and_seps.matches(',').count() > 1 {
                    Some(Decimal::Point)
                } else {
                    (after != 3).then_some(Decimal::Comma)
                }
            }
            (None, None) => None,
        }
    }

    proptest::proptest! {
        /// Telling the decimal separator without copying says what copying did.
        #[test]
        fn decimal_evidence_agrees_with_its_first_definition(text in "[0-9.,$ a₽\u{a0}\\-]{0,14}") {
            proptest::prop_assert_eq!(decimal_evidence(&text), decimal_evidence_by_copy(&text), "{:?}", text);
        }

        /// No text makes a parser panic.
        #[test]
        fn parsers_never_panic(text in "\\PC{0,40}") {
            for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
                let _ = parse_moment(&text, order);
                let _ = parse_day(&text, order);
            }
            let _ = parse_excel_serial(&text);
            let _ = parse_money(&text, Decimal::Point);
            let _ = parse_money(&text, Decimal::Comma);
            let _ = parse_bool(&text);
            let _ = currency_of(&text);
            let _ = DateOrder::detect(std::iter::once(text.as_str()));
            let _ = Decimal::detect(std::iter::once(text.as_str()));
        }

        /// Every date written in any of the usual shapes reads back as itself.
        #[test]
        fn dates_round_trip(y in 1970i32..2100, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, min in 0u32..60) {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let days = date_to_days(date);
            let ms = days as i64 * 86_400_000 + (h as i64 * 60 + min as i64) * 60_000;
            proptest::prop_assert_eq!(parse_day(&format!("{y}-{m:02}-{d:02}"), DateOrder::Ymd), Some(days));
            proptest::prop_assert_eq!(parse_day(&format!("{d:02}.{m:02}.{y}"), DateOrder::Dmy), Some(days));
            proptest::prop_assert_eq!(parse_day(&format!("{m}/{d}/{y}"), DateOrder::Mdy), Some(days));
            proptest::prop_assert_eq!(parse_moment(&format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:00"), DateOrder::Ymd), Some(ms));
            proptest::prop_assert_eq!(parse_moment(&format!("{d:02}.{m:02}.{y} {h}:{min:02}"), DateOrder::Dmy), Some(ms));
        }

        /// An amount written US-style, Russian-style or plain is one number.
        #[test]
        fn money_round_trips(whole in 0u64..10_000_000_000, cents in 0u64..100) {
            let expected = whole as f64 + cents as f64 / 100.0;
            let grouped = |sep: &str| {
                let digits = whole.to_string();
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        out.push_str(sep);
                    }
                    out.push(c);
                }
                out
            };
            let us = format!("${}.{cents:02}", grouped(","));
            let ru = format!("{},{cents:02} ₽", grouped("\u{a0}"));
            let close = |v: Option<f64>| v.is_some_and(|v| (v - expected).abs() < 1e-6);
            proptest::prop_assert!(close(parse_money(&us, Decimal::Point)), "{}", us);
            proptest::prop_assert!(close(parse_money(&ru, Decimal::Comma)), "{}", ru);
            let plain = format!("{whole}.{cents:02}");
            proptest::prop_assert!(close(parse_money(&plain, Decimal::Point)), "{}", plain);
        }
    }
}
