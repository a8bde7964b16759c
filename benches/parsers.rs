//! Micro-benchmarks of the value parsers every cell goes through.
//!
//! cargo bench --bench parsers

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use yardstick::parsers::{self as values, DateOrder, Decimal};

fn money(c: &mut Criterion) {
    let plain: Vec<String> = (0..1000)
        .map(|i| format!("{}.{:02}", 1000 + i * 37, i % 100))
        .collect();
    let grouped: Vec<String> = (0..1000)
        .map(|i| format!("$ {},{:03}.{:02} ", 1 + i, i % 1000, i % 100))
        .collect();
    let russian: Vec<String> = (0..1000)
        .map(|i| format!("{}\u{a0}{:03},{:02} ₽", 1 + i, i % 1000, i % 100))
        .collect();
    c.bench_function("money: plain 1000", |b| {
        b.iter(|| {
            plain
                .iter()
                .filter_map(|v| values::parse_money(black_box(v), Decimal::Point))
                .sum::<f64>()
        })
    });
    c.bench_function("money: $ 1,234.56 ×1000", |b| {
        b.iter(|| {
            grouped
                .iter()
                .filter_map(|v| values::parse_money(black_box(v), Decimal::Point))
                .sum::<f64>()
        })
    });
    c.bench_function("money: 1 234,56 ₽ ×1000", |b| {
        b.iter(|| {
            russian
                .iter()
                .filter_map(|v| values::parse_money(black_box(v), Decimal::Comma))
                .sum::<f64>()
        })
    });
}

fn dates(c: &mut Criterion) {
    let iso: Vec<String> = (0..1000)
        .map(|i| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28))
        .collect();
    let iso_time: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                "2024-{:02}-{:02}T{:02}:14:25.000+0000",
                1 + i % 12,
                1 + i % 28,
                i % 24
            )
        })
        .collect();
    let us: Vec<String> = (0..1000)
        .map(|i| format!("{}/{}/2024 {}:05", 1 + i % 12, 1 + i % 28, i % 24))
        .collect();
    let ru: Vec<String> = (0..1000)
        .map(|i| format!("{:02}.{:02}.2024 10:00:00", 1 + i % 28, 1 + i % 12))
        .collect();
    c.bench_function("date: 2024-03-01 ×1000", |b| {
        b.iter(|| {
            iso.iter()
                .filter_map(|v| values::parse_day(black_box(v), DateOrder::Ymd))
                .count()
        })
    });
    c.bench_function("datetime: ISO with offset ×1000", |b| {
        b.iter(|| {
            iso_time
                .iter()
                .filter_map(|v| values::parse_moment(black_box(v), DateOrder::Ymd))
                .count()
        })
    });
    c.bench_function("datetime: 3/1/2024 7:05 ×1000", |b| {
        b.iter(|| {
            us.iter()
                .filter_map(|v| values::parse_moment(black_box(v), DateOrder::Mdy))
                .count()
        })
    });
    c.bench_function("datetime: 01.03.2024 10:00:00 ×1000", |b| {
        b.iter(|| {
            ru.iter()
                .filter_map(|v| values::parse_moment(black_box(v), DateOrder::Dmy))
                .count()
        })
    });
    c.bench_function("detect date order ×1000", |b| {
        b.iter(|| DateOrder::detect(us.iter().map(|s| s.as_str())))
    });
}

criterion_group!(benches, money, dates);
criterion_main!(benches);
