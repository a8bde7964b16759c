//! Every value parser on arbitrary text: no panic, and a parsed date is
//! one yardstick can print again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use yardstick::parsers::{self as values, DateOrder, Decimal};

fuzz_target!(|text: &str| {
    for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
        if let Some(day) = values::parse_day(text, order) {
            let _ = values::days_to_date(day);
        }
        let _ = values::parse_moment(text, order);
    }
    let _ = values::parse_excel_serial(text);
    let _ = values::parse_money(text, Decimal::Point);
    let _ = values::parse_money(text, Decimal::Comma);
    let _ = values::parse_bool(text);
    let _ = values::currency_of(text);
    let lines: Vec<&str> = text.lines().collect();
    let _ = DateOrder::detect(lines.iter().copied());
    let _ = Decimal::detect(lines.iter().copied());
});
