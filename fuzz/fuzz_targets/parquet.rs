//! Parquet files built from the input (issue 14, item 3): columns of the
//! types Spark, Snowflake and BigQuery write — decimals of any precision
//! and scale, zoned and naive timestamps, dates, integers, floats, text —
//! under canonical deals headers, plus raw bytes after a `PAR1` magic;
//! read through ingestion. An error naming the file is fine; a panic or
//! an abort is a finding.
#![no_main]
use libfuzzer_sys::fuzz_target;
use polars::prelude::*;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deals.parquet");
    let Some((&mode, rest)) = bytes.split_first() else {
        return;
    };
    if mode % 4 == 0 {
        let mut raw = b"PAR1".to_vec();
        raw.extend_from_slice(rest);
        raw.extend_from_slice(b"PAR1");
        std::fs::write(&path, raw).unwrap();
    } else {
        let n = (rest.len() / 8).clamp(1, 64);
        let word = |i: usize| {
            let at = (i * 8) % rest.len().max(1);
            let mut b = [0u8; 8];
            for (k, v) in b.iter_mut().enumerate() {
                *v = *rest.get(at + k).unwrap_or(&0);
            }
            i64::from_le_bytes(b)
        };
        let ints: Vec<i64> = (0..n).map(word).collect();
        let precision = 1 + (mode as usize % 38);
        let scale = (mode as usize / 4) % (precision + 1);
        let zones = [None, Some("UTC"), Some("Europe/Berlin"), Some("America/New_York")];
        let zone = zones[(mode as usize / 2) % zones.len()].map(|z| TimeZone::opt_try_new(Some(z)).ok().flatten()).flatten();
        let frame = df! {
            "deal_id" => (0..n).map(|i| format!("D{i}")).collect::<Vec<_>>(),
            "rep" => (0..n).map(|i| format!("R{}", ints[i] % 5)).collect::<Vec<_>>(),
            "outcome" => (0..n).map(|i| ["won", "lost", "open", "x"][(ints[i].unsigned_abs() % 4) as usize]).collect::<Vec<_>>(),
            "amount" => ints.iter().map(|v| *v as f64 / 100.0).collect::<Vec<_>>(),
            "close_date" => ints.clone(),
            "created_on" => ints.iter().map(|v| (*v % 40_000) as i32).collect::<Vec<_>>(),
        };
        let Ok(frame) = frame else { return };
        let typed = frame
            .lazy()
            .with_columns([
                col("amount").cast(DataType::Decimal(precision, scale)),
                col("close_date").cast(DataType::Datetime(TimeUnit::Microseconds, zone)),
                col("created_on").cast(DataType::Date),
            ])
            .collect();
        let Ok(mut typed) = typed else { return };
        let Ok(file) = std::fs::File::create(&path) else { return };
        if ParquetWriter::new(file).finish(&mut typed).is_err() {
            return;
        }
    }
    let _ = yardstick::Build::new(dir.path(), yardstick::Config::default()).check();
});
