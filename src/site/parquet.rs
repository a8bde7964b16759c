//! `metrics.parquet`: the metric table in columns, zstd-compressed — what
//! a notebook or a BI tool reads (polars, pandas, DuckDB, Spark) with its
//! types, without parsing text. The same columns as `metrics.csv`, the
//! numbers unrounded. The one use of polars outside `ingest` and
//! `standards`: the format is polars' to write.

use std::path::Path;

use polars::prelude::*;

use super::export::COLUMNS;
use crate::error::{Error, Result};
use crate::model::MetricRow;

/// Rows per row group: a bounded frame in memory at any size, and groups
/// large enough for the columns to compress.
const ROWS_PER_GROUP: usize = 256 * 1024;

fn parquet_error(path: &Path) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Internal {
        context: "writing metrics.parquet",
        message: format!("{}: {e}", path.display()),
    }
}

/// One row group's rows as a frame of [`COLUMNS`].
fn frame(rows: &[MetricRow]) -> PolarsResult<DataFrame> {
    let text = |name: &str, f: &dyn Fn(&MetricRow) -> Option<&str>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<StringChunked>().into_series(),
        )
    };
    let number = |name: &str, f: &dyn Fn(&MetricRow) -> Option<f64>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<Float64Chunked>().into_series(),
        )
    };
    let rank = |name: &str, f: &dyn Fn(&MetricRow) -> Option<u32>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<UInt32Chunked>().into_series(),
        )
    };
    let periods: Vec<String> = rows.iter().map(|r| r.period.to_string()).collect();
    let columns = vec![
        text(COLUMNS[0], &|r| Some(r.entity_type.name())),
        text(COLUMNS[1], &|r| Some(&r.entity)),
        Column::new(
            COLUMNS[2].into(),
            periods
                .iter()
                .map(|p| Some(p.as_str()))
                .collect::<StringChunked>()
                .into_series(),
        ),
        text(COLUMNS[3], &|r| Some(&r.standard)),
        text(COLUMNS[4], &|r| r.product_line.as_deref()),
        number(COLUMNS[5], &|r| r.value),
        number(COLUMNS[6], &|r| Some(r.numerator)),
        number(COLUMNS[7], &|r| Some(r.denominator)),
        number(COLUMNS[8], &|r| Some(r.target)),
        number(COLUMNS[9], &|r| r.attainment),
        text(COLUMNS[10], &|r| Some(r.status.name())),
        number(COLUMNS[11], &|r| r.change),
        number(COLUMNS[12], &|r| r.trailing_3m),
        rank(COLUMNS[13], &|r| r.rank_company),
        rank(COLUMNS[14], &|r| r.rank_territory),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Writes `rows` to `path` a row group at a time.
pub fn write_parquet(rows: &[MetricRow], path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).map_err(crate::fs::io_error("write", path))?;
    let to_error = parquet_error(path);
    let schema = frame(&rows[..0])
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
            .write_batch(&frame(group).map_err(&to_error)?)
            .map_err(&to_error)?;
    }
    writer.finish().map_err(&to_error)?;
    Ok(())
}
