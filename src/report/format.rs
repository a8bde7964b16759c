//! Numbers, money, percentages, months and dates in the report language:
//! `$1,234,568` and `93.4%` in English, `1 234 568 ₽` and `93,4 %` in
//! Russian (with no-break spaces, so a figure never wraps).

use chrono::{Datelike, NaiveDate};

use crate::config::Language;
use crate::model::Month;

/// No-break space: groups thousands in Russian and joins a figure to its sign.
const NBSP: char = '\u{a0}';

/// Formats numbers for one language and currency.
#[derive(Debug, Clone)]
pub struct Formatter {
    pub language: Language,
    pub currency: String,
}

impl Formatter {
    pub fn new(language: Language, currency: &str) -> Formatter {
        Formatter {
            language,
            currency: currency.to_string(),
        }
    }

    /// A number with thousands grouped and `decimals` places.
    pub fn number(&self, x: f64, decimals: usize) -> String {
        let (group, point) = match self.language {
            Language::En => (',', '.'),
            Language::Ru => (NBSP, ','),
        };
        let text = fixed(x.abs(), decimals);
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        // Room for the grouping, a sign and a unit after.
        let mut out = String::with_capacity(text.len() + text.len() / 3 + 8);
        // Rounding can turn -0.4 into "0": no minus sign on a zero.
        if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push('−');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// `x` with `decimals` places, rounded so that the shown number keeps
    /// what `keeps` says of `x` (its status): 99.98 % that is "near" shows
    /// as "99.9", never "100.0", and 79.87 % missed against an 80 %
    /// threshold as "79", never "80". Nearest first, then toward `x` from
    /// below or above, then with more places; `x` itself as a last resort.
    pub fn rounded_keeping(x: f64, decimals: usize, keeps: &dyn Fn(f64) -> bool) -> (f64, usize) {
        for places in decimals..=decimals + 3 {
            let scale = 10f64.powi(places as i32);
            let shown = x * scale;
            for r in [shown.round(), shown.floor(), shown.ceil()] {
                if keeps(r / scale) {
                    return (r / scale, places);
                }
            }
        }
        (x, decimals)
    }

    /// A number as [`Formatter::number`], rounded by
    /// [`Formatter::rounded_keeping`].
    pub fn number_keeping(&self, x: f64, decimals: usize, keeps: &dyn Fn(f64) -> bool) -> String {
        let (r, places) = Self::rounded_keeping(x, decimals, keeps);
        self.number(r, places)
    }

    /// A ratio as a percentage with `decimals` places (`93.4%`, `93,4 %`;
    /// `93%` in dense tables), rounded so that it keeps what `keeps` says
    /// of the ratio; `&|_| true` for a value with no status.
    pub fn percent_keeping(
        &self,
        ratio: f64,
        decimals: usize,
        keeps: &dyn Fn(f64) -> bool,
    ) -> String {
        let (r, places) = Self::rounded_keeping(ratio * 100.0, decimals, &|p| keeps(p / 100.0));
        let mut n = self.number(r, places);
        if self.language == Language::Ru {
            n.push(NBSP);
        }
        n.push('%');
        n
    }

    /// A whole amount of money: `$1,234,568`, `1 234 568 ₽`.
    pub fn money(&self, x: f64) -> String {
        let n = self.number(x, 0);
        // Symbols of one character or "$"-like go before in English; words
        // and the rouble sign go after.
        let before = self.language == Language::En && self.currency.chars().count() == 1;
        if before {
            match n.strip_prefix('−') {
                Some(rest) => format!("−{}{rest}", self.currency),
                None => format!("{}{n}", self.currency),
            }
        } else {
            format!("{n}{NBSP}{}", self.currency)
        }
    }

    /// A short month label: `Mar 2024`, `мар 2024`.
    pub fn month(&self, month: Month) -> String {
        format!("{} {}", self.month_name(month), month.year())
    }

    /// The month's short name alone: `Mar`, `мар`.
    pub fn month_name(&self, month: Month) -> &'static str {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const RU: [&str; 12] = [
            "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
        ];
        let i = month.month() as usize - 1;
        match self.language {
            Language::En => EN[i],
            Language::Ru => RU[i],
        }
    }

    /// A full date: `31 Mar 2024`, `31 марта 2024` (a Russian day takes
    /// its month in the genitive: "7 мая", never "7 май").
    pub fn date(&self, date: NaiveDate) -> String {
        const RU_GENITIVE: [&str; 12] = [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ];
        let month = match self.language {
            Language::En => self.month_name(Month::of_date(date)),
            Language::Ru => RU_GENITIVE[date.month() as usize - 1],
        };
        format!("{} {month} {}", date.day(), date.year())
    }
}

/// Escapes text for HTML content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = write_escaped(&mut out, text);
    out
}

/// Writes `text` escaped as [`escape_html`] does, a run of plain text at
/// a time and no string of its own (the templates print hundreds of
/// thousands of values through it).
pub(crate) fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII: `i` is a character boundary.
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

/// `format!("{:.*}", decimals, x)`, for the tens of thousands of numbers
/// a large site shows: see [`push_fixed`].
pub(crate) fn fixed(x: f64, decimals: usize) -> String {
    let mut out = String::with_capacity(24);
    push_fixed(&mut out, x, decimals);
    out
}

/// Appends `format!("{:.*}", decimals, x)` to `out`. The standard
/// library's exact formatting falls back to big-number arithmetic for many
/// values (a tenth of the page models' time at L), and a string apiece
/// for the hundreds of thousands of figures and sparkline points of a
/// large site was as much again. Here the value is scaled to a whole
/// number and its digits written, unless it is too large for that to be
/// exact or sits so near a half that only exact arithmetic can round it.
pub(crate) fn push_fixed(out: &mut String, x: f64, decimals: usize) {
    if decimals <= 6 && x.is_finite() {
        let scale = 10f64.powi(decimals as i32);
        let scaled = x.abs() * scale;
        // Below 1e9 the scaling errs by under 1e-7, far inside the margin.
        if scaled < 1e9 && ((scaled - scaled.floor()) - 0.5).abs() > 1e-6 {
            let n = scaled.round() as u64;
            let unit = 10u64.pow(decimals as u32);
            if x.is_sign_negative() {
                out.push('-');
            }
            let mut digits = itoa::Buffer::new();
            out.push_str(digits.format(n / unit));
            if decimals > 0 {
                let fraction = digits.format(n % unit);
                out.push('.');
                out.extend(std::iter::repeat_n('0', decimals - fraction.len()));
                out.push_str(fraction);
            }
            return;
        }
    }
    use std::fmt::Write;
    let _ = write!(out, "{:.*}", decimals, x);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Escaping a run at a time says what replacing each character does.
        #[test]
        fn html_escaping_replaces_the_five_characters(text in "[a-z<>&\"' é€\u{1F600}]{0,24}") {
            let by_char: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_html(&text), by_char);
        }

        /// Writing the scaled digits says what the standard library says.
        #[test]
        fn fixed_agrees_with_the_standard_formatting(
            whole in 0u64..2_000_000_000,
            part in 0u32..100_000,
            decimals in 0usize..=4,
            negative in proptest::bool::ANY,
        ) {
            let x = (whole as f64 + part as f64 / 100_000.0) * if negative { -1.0 } else { 1.0 };
            proptest::prop_assert_eq!(fixed(x, decimals), format!("{:.*}", decimals, x));
        }

        #[test]
        fn fixed_agrees_on_small_and_odd_values(x in -1e4f64..1e4, decimals in 0usize..=6) {
            proptest::prop_assert_eq!(fixed(x, decimals), format!("{:.*}", decimals, x));
        }
    }

    /// Halves round as the standard library rounds them (to even, on the
    /// value's exact binary form), and the edges keep its output.
    #[test]
    fn fixed_keeps_ties_and_edges() {
        for (x, d) in [
            (0.125, 2),
            (2.5, 0),
            (3.5, 0),
            (1.005, 2),
            (0.0, 1),
            (-0.0, 1),
            (-0.04, 1),
            (1e12, 0),
            (f64::NAN, 1),
            (0.5, 0),
        ] {
            assert_eq!(fixed(x, d), format!("{:.*}", d, x), "{x} {d}");
        }
    }

    #[test]
    fn english_and_russian_number_formats() {
        let en = Formatter::new(Language::En, "$");
        let ru = Formatter::new(Language::Ru, "₽");
        assert_eq!(en.number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(ru.number(1_234_567.891, 2), "1\u{a0}234\u{a0}567,89");
        assert_eq!(en.money(1_234_567.5), "$1,234,568");
        assert_eq!(en.money(-950.0), "−$950");
        assert_eq!(ru.money(1_200.0), "1\u{a0}200\u{a0}₽");
        let any = |_: f64| true;
        assert_eq!(en.percent_keeping(0.934, 1, &any), "93.4%");
        assert_eq!(ru.percent_keeping(0.934, 1, &any), "93,4\u{a0}%");
        assert_eq!(en.percent_keeping(0.934, 0, &any), "93%");
        assert_eq!(en.number(-0.04, 1), "0.0");
        assert_eq!(en.number(999.0, 0), "999");
        assert_eq!(en.number(1000.0, 0), "1,000");
    }

    /// Issue 15, item 5: the shown value never says another status than
    /// the value: 99.98 % near is 99.9 %, 79.87 % missed (near from 80 %)
    /// is 79 % in a whole-percent table; a value far from any threshold
    /// rounds to nearest as before.
    #[test]
    fn rounding_never_crosses_a_status_threshold() {
        let en = Formatter::new(Language::En, "$");
        let status = |a: f64| {
            if a >= 1.0 {
                2
            } else if a >= 0.8 {
                1
            } else {
                0
            }
        };
        let keeps = |x: f64| move |r: f64| status(r) == status(x);
        assert_eq!(en.percent_keeping(0.9998, 1, &keeps(0.9998)), "99.9%");
        assert_eq!(en.percent_keeping(0.9998, 0, &keeps(0.9998)), "99%");
        assert_eq!(en.percent_keeping(0.7987, 1, &keeps(0.7987)), "79.9%");
        assert_eq!(en.percent_keeping(0.7987, 0, &keeps(0.7987)), "79%");
        assert_eq!(en.percent_keeping(0.7949, 0, &keeps(0.7949)), "79%");
        assert_eq!(en.percent_keeping(0.934, 1, &keeps(0.934)), "93.4%");
        assert_eq!(en.percent_keeping(1.0004, 1, &keeps(1.0004)), "100.0%");
        // Lower is better, met at or below 2.0 days: 2.04 misses and shows
        // as 2.1, not 2.0; 1.96 is met and may show as 2.0.
        let lower = |x: f64| move |r: f64| (r <= 2.0) == (x <= 2.0);
        assert_eq!(en.number_keeping(2.04, 1, &lower(2.04)), "2.1");
        assert_eq!(en.number_keeping(1.96, 1, &lower(1.96)), "2.0");
    }

    #[test]
    fn months_and_dates() {
        let m = Month::parse("2024-03").unwrap();
        assert_eq!(Formatter::new(Language::En, "$").month(m), "Mar 2024");
        assert_eq!(Formatter::new(Language::Ru, "₽").month(m), "мар 2024");
        let d = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(Formatter::new(Language::En, "$").date(d), "31 Dec 2024");
        // Issue 15, item 10: the genitive after a day.
        assert_eq!(Formatter::new(Language::Ru, "₽").date(d), "31 декабря 2024");
        let may = NaiveDate::from_ymd_opt(2025, 5, 7).unwrap();
        assert_eq!(Formatter::new(Language::Ru, "₽").date(may), "7 мая 2025");
    }
}
