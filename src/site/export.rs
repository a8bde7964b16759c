//! The metric table as `metrics.csv` and `metrics.json`, for spreadsheets
//! and other tools. Text cells that a spreadsheet would run as a formula
//! are neutralised (OWASP: prefix `'`).

use serde::Serialize;

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
pub fn number(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

fn optional(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// Prefixes a cell that starts like a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub fn to_csv(rows: &[MetricRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 80));
    w.write_record(COLUMNS).expect("writing to memory");
    for r in rows {
        w.write_record([
            r.entity_type.name().to_string(),
            neutralise(&r.entity),
            r.period.to_string(),
            neutralise(&r.standard),
            r.product_line
                .as_deref()
                .map(neutralise)
                .unwrap_or_default(),
            optional(r.value),
            number(r.numerator),
            number(r.denominator),
            number(r.target),
            optional(r.attainment),
            r.status.name().to_string(),
            optional(r.change),
            optional(r.trailing_3m),
            r.rank_company.map(|r| r.to_string()).unwrap_or_default(),
            r.rank_territory.map(|r| r.to_string()).unwrap_or_default(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[derive(Serialize)]
struct JsonRow<'a> {
    entity_type: &'static str,
    entity: &'a str,
    period: String,
    standard: &'a str,
    product_line: Option<&'a str>,
    value: Option<f64>,
    numerator: f64,
    denominator: f64,
    target: f64,
    attainment: Option<f64>,
    status: &'static str,
    change: Option<f64>,
    trailing_3m: Option<f64>,
    rank_company: Option<u32>,
    rank_territory: Option<u32>,
}

pub fn to_json(rows: &[MetricRow]) -> Vec<u8> {
    let round = |x: f64| (x * 1e6).round() / 1e6 + 0.0;
    let rows: Vec<JsonRow> = rows
        .iter()
        .map(|r| JsonRow {
            entity_type: r.entity_type.name(),
            entity: &r.entity,
            period: r.period.to_string(),
            standard: &r.standard,
            product_line: r.product_line.as_deref(),
            value: r.value.map(round),
            numerator: round(r.numerator),
            denominator: round(r.denominator),
            target: round(r.target),
            attainment: r.attainment.map(round),
            status: r.status.name(),
            change: r.change.map(round),
            trailing_3m: r.trailing_3m.map(round),
            rank_company: r.rank_company,
            rank_territory: r.rank_territory,
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&rows).expect("serialising plain rows");
    out.push(b'\n');
    out
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
}
