//! The metric table as `metrics.csv` and `metrics.json`, for spreadsheets
//! and other tools. Text cells that a spreadsheet would run as a formula
//! are neutralised (OWASP: prefix `'`).

use crate::model::MetricRow;

pub const COLUMNS: [&str; 15] = [
    "entity_type",
    "entity",
    "period",
    "standard",
    "product_line",
    "value",
    "numerator",
    "denominator",
    "target",
    "attainment",
    "status",
    "change",
    "trailing_3m",
    "rank_company",
    "rank_territory",
];

/// Numbers rounded to six decimals in their shortest form, so exports are
/// stable and readable (`0.3`, not `0.30000000000000004`).
///
/// The shortest form is written from the whole number of millionths
/// (issue 16: the standard library's shortest-float search was a fifth of
/// the exports at L, eight numbers a row). It is the same text: the value
/// is the double nearest `n / 10⁶`, which is also what the six-decimal
/// reading of `n` parses to; below 2³² a double is finer than 10⁻⁶, so no
/// shorter decimal reaches it. Elsewhere the standard library writes it.
fn push_number(out: &mut String, x: f64) {
    use std::fmt::Write;
    let millionths = (x * 1e6).round();
    let rounded = millionths / 1e6;
    if rounded == 0.0 {
        out.push('0');
    } else if rounded.abs() < 4.0e9 {
        let n = millionths.abs() as u64;
        if rounded < 0.0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(n / 1_000_000));
        let mut fraction = n % 1_000_000;
        if fraction != 0 {
            let mut digits = [b'0'; 6];
            for d in digits.iter_mut().rev() {
                *d = b'0' + (fraction % 10) as u8;
                fraction /= 10;
            }
            let used = 6 - digits.iter().rev().take_while(|d| **d == b'0').count();
            out.push('.');
            out.push_str(std::str::from_utf8(&digits[..used]).expect("ASCII digits"));
        }
    } else {
        let _ = write!(out, "{rounded}");
    }
}

fn push_optional(out: &mut String, x: Option<f64>) {
    if let Some(x) = x {
        push_number(out, x);
    }
}

/// A text cell: neutralised, and quoted when it holds a comma, quote or
/// line break. Plain names (nearly all) are copied without allocating.
fn push_text(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = text.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// `YYYY-MM` or `window`, without allocating.
fn push_period(out: &mut String, period: &crate::model::Period) {
    use std::fmt::Write;
    match period {
        crate::model::Period::Month(m) if (1000..=9999).contains(&m.year()) => {
            out.push_str(itoa::Buffer::new().format(m.year()));
            out.push('-');
            let month = m.month() as u8;
            out.push(char::from(b'0' + month / 10));
            out.push(char::from(b'0' + month % 10));
        }
        crate::model::Period::Month(m) => {
            let _ = write!(out, "{:04}-{:02}", m.year(), m.month());
        }
        crate::model::Period::Window => out.push_str("window"),
    }
}

/// Formats rows in parallel chunks and writes them in order, a batch of
/// chunks at a time so memory stays bounded whatever the row count.
/// `sep` goes between rows (JSON needs commas), never after the last.
fn write_chunks(
    rows: &[MetricRow],
    out: &mut impl std::io::Write,
    sep: &str,
    line: impl Fn(&mut String, &MetricRow) + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const CHUNK: usize = 10_000;
    let mut first = true;
    for batch in rows.chunks(CHUNK * 8) {
        let texts: Vec<String> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut text = String::with_capacity(chunk.len() * 128);
                for (i, r) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.push_str(sep);
                    }
                    line(&mut text, r);
                }
                text
            })
            .collect();
        for text in texts {
            if !first {
                out.write_all(sep.as_bytes())?;
            }
            out.write_all(text.as_bytes())?;
            first = false;
        }
    }
    Ok(())
}

#[cfg(test)]
fn to_csv(rows: &[MetricRow]) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(rows, &mut out).expect("writing to memory");
    out
}

pub fn write_csv(rows: &[MetricRow], out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(COLUMNS.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    write_chunks(rows, out, "", |out, r| {
        out.push_str(r.entity_type.name());
        out.push(',');
        push_text(out, &r.entity);
        out.push(',');
        push_period(out, &r.period);
        out.push(',');
        push_text(out, &r.standard);
        out.push(',');
        if let Some(line) = &r.product_line {
            push_text(out, line);
        }
        out.push(',');
        push_optional(out, r.value);
        out.push(',');
        push_number(out, r.numerator);
        out.push(',');
        push_number(out, r.denominator);
        out.push(',');
        push_number(out, r.target);
        out.push(',');
        push_optional(out, r.attainment);
        out.push(',');
        out.push_str(r.status.name());
        out.push(',');
        push_optional(out, r.change);
        out.push(',');
        push_optional(out, r.trailing_3m);
        out.push(',');
        if let Some(rank) = r.rank_company {
            out.push_str(itoa::Buffer::new().format(rank));
        }
        out.push(',');
        if let Some(rank) = r.rank_territory {
            out.push_str(itoa::Buffer::new().format(rank));
        }
        out.push('\n');
    })
}

/// A JSON array with one compact row object per line: valid JSON for any
/// input, and still readable line by line.
#[cfg(test)]
fn to_json(rows: &[MetricRow]) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(rows, &mut out).expect("writing to memory");
    out
}

pub fn write_json(rows: &[MetricRow], out: &mut impl std::io::Write) -> std::io::Result<()> {
    out.write_all(b"[\n")?;
    write_chunks(rows, out, ",\n", |out, r| {
        out.push_str("{\"entity_type\":\"");
        out.push_str(r.entity_type.name());
        out.push_str("\",\"entity\":");
        push_json_text(out, &r.entity);
        out.push_str(",\"period\":\"");
        push_period(out, &r.period);
        out.push_str("\",\"standard\":");
        push_json_text(out, &r.standard);
        out.push_str(",\"product_line\":");
        match &r.product_line {
            Some(line) => push_json_text(out, line),
            None => out.push_str("null"),
        }
        for (key, value) in [
            ("value", r.value),
            ("numerator", Some(r.numerator)),
            ("denominator", Some(r.denominator)),
            ("target", Some(r.target)),
            ("attainment", r.attainment),
        ] {
            push_json_key(out, key);
            push_json_number(out, value);
        }
        out.push_str(",\"status\":\"");
        out.push_str(r.status.name());
        out.push('"');
        push_json_key(out, "change");
        push_json_number(out, r.change);
        push_json_key(out, "trailing_3m");
        push_json_number(out, r.trailing_3m);
        for (key, rank) in [
            ("rank_company", r.rank_company),
            ("rank_territory", r.rank_territory),
        ] {
            push_json_key(out, key);
            match rank {
                Some(rank) => {
                    let _ = std::fmt::Write::write_fmt(out, format_args!("{rank}"));
                }
                None => out.push_str("null"),
            }
        }
        out.push('}');
    })?;
    out.write_all(b"\n]\n")
}

fn push_json_key(out: &mut String, key: &str) {
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":");
}

/// A number as in the CSV (six decimals, shortest form); `null` when
/// missing or not finite, which JSON cannot hold.
fn push_json_number(out: &mut String, x: Option<f64>) {
    match x {
        Some(x) if x.is_finite() => push_number(out, x),
        _ => out.push_str("null"),
    }
}

/// A JSON string, escaped by serde_json (quotes, backslashes, control
/// characters).
fn push_json_text(out: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(text).expect("a string serialises"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, Month, Period, Status};

    fn row() -> MetricRow {
        MetricRow {
            entity_type: EntityType::Rep,
            entity: "=HYPERLINK(\"x\")".into(),
            period: Period::Month(Month::parse("2024-03").unwrap()),
            standard: "win_rate".into(),
            product_line: None,
            value: Some(0.1 + 0.2),
            numerator: 3.0,
            denominator: 10.0,
            target: 0.25,
            attainment: Some(1.2),
            status: Status::Met,
            change: Some(-0.05),
            trailing_3m: None,
            rank_company: Some(2),
            rank_territory: None,
        }
    }

    /// The first definition: six decimals, the standard library's
    /// shortest text.
    fn number_as_first_written(x: f64) -> String {
        let rounded = (x * 1e6).round() / 1e6;
        if rounded == 0.0 {
            "0".to_string()
        } else {
            format!("{rounded}")
        }
    }

    fn number(x: f64) -> String {
        let mut out = String::new();
        push_number(&mut out, x);
        out
    }

    proptest::proptest! {
        /// Writing the millionths says what the standard library says, for
        /// money-sized values, rates and anything a double holds.
        #[test]
        fn numbers_are_written_as_the_standard_library_writes_them(
            whole in -5_000_000_000i64..5_000_000_000,
            millionths in 0u32..1_000_000,
            noise in -1e-6f64..1e-6,
        ) {
            let x = whole as f64 + millionths as f64 / 1e6 + noise;
            proptest::prop_assert_eq!(number(x), number_as_first_written(x));
        }

        #[test]
        fn rates_and_odd_values_too(x in -10.0f64..10.0, bits in proptest::num::f64::ANY) {
            proptest::prop_assert_eq!(number(x), number_as_first_written(x));
            proptest::prop_assert_eq!(number(bits), number_as_first_written(bits));
        }
    }

    #[test]
    fn numbers_at_the_edges() {
        // By hand: six decimals kept, trailing zeros and a bare point dropped.
        for (x, text) in [
            (0.1 + 0.2, "0.3"),
            (3.0, "3"),
            (-0.05, "-0.05"),
            (1234.5678904, "1234.56789"),
            (123456.000001, "123456.000001"),
            (0.0000004, "0"),
            (-0.0000004, "0"),
            (-0.0, "0"),
            (0.0000006, "0.000001"),
            (3_999_999_999.25, "3999999999.25"),
            (4_000_000_001.5, "4000000001.5"),
            (1e300, &format!("{}", 1e300)),
        ] {
            assert_eq!(number(x), text, "{x}");
            assert_eq!(number(x), number_as_first_written(x), "{x}");
        }
        for x in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(number(x), number_as_first_written(x), "{x}");
        }
    }

    #[test]
    fn periods_are_written_as_the_formatter_writes_them() {
        // The four-digit years take the fast path; the rest are padded
        // as `{:04}-{:02}` pads them.
        for (month, text) in [
            (Month::new(2025, 3), "2025-03"),
            (Month::new(2024, 12), "2024-12"),
            (Month::new(1000, 1), "1000-01"),
            (Month::new(9999, 10), "9999-10"),
            (Month::new(999, 7), "0999-07"),
            (Month::new(10000, 1), "10000-01"),
        ] {
            let mut out = String::new();
            push_period(&mut out, &Period::Month(month));
            assert_eq!(out, text);
        }
        let mut out = String::new();
        push_period(&mut out, &Period::Window);
        assert_eq!(out, "window");
    }

    #[test]
    fn csv_rows_are_rounded_quoted_and_neutralised() {
        let text = String::from_utf8(to_csv(&[row()])).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "rep,\"'=HYPERLINK(\"\"x\"\")\",2024-03,win_rate,,0.3,3,10,0.25,1.2,met,-0.05,,2,"
        );
    }

    #[test]
    fn json_keeps_nulls_for_missing_values() {
        let mut r = row();
        r.value = None;
        r.attainment = None;
        r.status = Status::NoData;
        let json: serde_json::Value = serde_json::from_slice(&to_json(&[r])).unwrap();
        assert_eq!(json[0]["value"], serde_json::Value::Null);
        assert_eq!(json[0]["status"], "no_data");
        assert_eq!(json[0]["entity"], "=HYPERLINK(\"x\")");
        assert_eq!(json[0]["period"], "2024-03");
    }

    #[test]
    fn json_rows_are_rounded_escaped_and_never_invalid() {
        let mut r = row();
        r.entity = "Ann \"Quote\" \\ Tab\there\u{1}".into();
        r.change = Some(f64::NAN);
        r.trailing_3m = Some(f64::INFINITY);
        r.product_line = Some("Brewers".into());
        let text = String::from_utf8(to_json(&[r.clone(), r])).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json[1]["entity"], "Ann \"Quote\" \\ Tab\there\u{1}");
        assert_eq!(json[0]["value"], 0.3);
        assert_eq!(json[0]["numerator"], 3);
        assert_eq!(json[0]["change"], serde_json::Value::Null);
        assert_eq!(json[0]["trailing_3m"], serde_json::Value::Null);
        assert_eq!(json[0]["product_line"], "Brewers");
        assert_eq!(json[0]["rank_company"], 2);
        assert_eq!(json[0]["rank_territory"], serde_json::Value::Null);
        let first = text.lines().nth(1).unwrap();
        assert_eq!(
            first,
            "{\"entity_type\":\"rep\",\"entity\":\"Ann \\\"Quote\\\" \\\\ Tab\\there\\u0001\",\"period\":\"2024-03\",\
             \"standard\":\"win_rate\",\"product_line\":\"Brewers\",\"value\":0.3,\"numerator\":3,\
             \"denominator\":10,\"target\":0.25,\"attainment\":1.2,\"status\":\"met\",\"change\":null,\
             \"trailing_3m\":null,\"rank_company\":2,\"rank_territory\":null},"
        );
    }
}
