//! `metrics.parquet`: the metric table in columns, zstd-compressed — what
//! a notebook or a BI tool reads (polars, pandas, DuckDB, Spark) with its
//! types, without parsing text. The same columns as `metrics.csv`, the
//! numbers unrounded. The one use of polars outside `ingest` and
//! `standards`: the format is polars' to write.

use std::path::Path;

use foldhash::HashMap;

use polars::prelude::*;
use rayon::prelude::*;

use super::export::COLUMNS;
use crate::error::{Error, Result};
use crate::model::{MetricRow, Period};

/// Rows per row group: a bounded frame in memory at any size, and groups
/// large enough for the columns to compress.
const ROWS_PER_GROUP: usize = 256 * 1024;

fn parquet_error(path: &Path) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Internal {
        context: "writing metrics.parquet",
        message: format!("{}: {e}", path.display()),
    }
}

/// One row group's rows as a frame of [`COLUMNS`], its columns built in
/// parallel (building them was half the export's time at L).
fn frame<'a>(
    rows: &'a [MetricRow],
    periods: &'a HashMap<Period, String>,
) -> PolarsResult<DataFrame> {
    let text = |f: &(dyn Fn(&'a MetricRow) -> Option<&'a str> + Sync)| {
        rows.iter().map(f).collect::<StringChunked>().into_series()
    };
    let number = |f: &(dyn Fn(&MetricRow) -> Option<f64> + Sync)| {
        rows.iter().map(f).collect::<Float64Chunked>().into_series()
    };
    // A column that always has a value, built without a validity mask.
    let always = |f: &(dyn Fn(&MetricRow) -> f64 + Sync)| {
        Float64Chunked::from_vec(PlSmallStr::EMPTY, rows.iter().map(f).collect()).into_series()
    };
    let rank = |f: &(dyn Fn(&MetricRow) -> Option<u32> + Sync)| {
        rows.iter().map(f).collect::<UInt32Chunked>().into_series()
    };
    let columns = (0..COLUMNS.len())
        .into_par_iter()
        .map(|i| {
            let series = match i {
                0 => text(&|r| Some(r.entity_type.name())),
                1 => text(&|r| Some(&r.entity)),
                2 => text(&|r| periods.get(&r.period).map(String::as_str)),
                3 => text(&|r| Some(&r.standard)),
                4 => text(&|r| r.product_line.as_deref()),
                5 => number(&|r| r.value),
                6 => always(&|r| r.numerator),
                7 => always(&|r| r.denominator),
                8 => always(&|r| r.target),
                9 => number(&|r| r.attainment),
                10 => text(&|r| Some(r.status.name())),
                11 => number(&|r| r.change),
                12 => number(&|r| r.trailing_3m),
                13 => rank(&|r| r.rank_company),
                _ => rank(&|r| r.rank_territory),
            };
            Column::new(COLUMNS[i].into(), series)
        })
        .collect();
    DataFrame::new(rows.len(), columns)
}

/// Writes `rows` to `path` a row group at a time.
pub fn write_parquet(rows: &[MetricRow], path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).map_err(crate::fs::io_error("write", path))?;
    let to_error = parquet_error(path);
    // A few distinct periods ("2025-03", "window"): written once each.
    let mut periods: HashMap<Period, String> = HashMap::default();
    for r in rows {
        periods
            .entry(r.period)
            .or_insert_with(|| r.period.to_string());
    }
    let schema = frame(&rows[..0], &periods)
        .map_err(&to_error)?
        .schema()
        .as_ref()
        .clone();
    let mut writer = ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .batched(&schema)
        .map_err(&to_error)?;
    for group in rows.chunks(ROWS_PER_GROUP) {
        writer
            .write_batch(&frame(group, &periods).map_err(&to_error)?)
            .map_err(&to_error)?;
    }
    writer.finish().map_err(&to_error)?;
    Ok(())
}
