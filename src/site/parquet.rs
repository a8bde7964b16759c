//! `metrics.parquet`: the metric table in columns, zstd-compressed — what
//! a notebook or a BI tool reads (polars, pandas, DuckDB, Spark) with its
//! types, without parsing text. The same columns as `metrics.csv`, the
//! numbers unrounded. The one use of polars outside `ingest` and
//! `standards`: the format is polars' to write.

use std::path::Path;

use foldhash::HashMap;

use polars::prelude::*;
use polars_arrow::array::{DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray};
use polars_arrow::bitmap::MutableBitmap;
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_arrow::types::NativeType;
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

/// One row group's rows as a polars frame of [`COLUMNS`], plainly: the
/// file's schema, and what the tests hold [`columns`] to.
fn frame<'a>(
    rows: &'a [MetricRow],
    periods: &'a HashMap<Period, String>,
) -> PolarsResult<DataFrame> {
    let text = |f: &dyn Fn(&'a MetricRow) -> Option<&'a str>| {
        rows.iter().map(f).collect::<StringChunked>().into_series()
    };
    let number = |f: &dyn Fn(&MetricRow) -> Option<f64>| {
        rows.iter().map(f).collect::<Float64Chunked>().into_series()
    };
    // A column that always has a value, built without a validity mask.
    let always = |f: &dyn Fn(&MetricRow) -> f64| {
        Float64Chunked::from_vec(PlSmallStr::EMPTY, rows.iter().map(f).collect()).into_series()
    };
    let rank = |f: &dyn Fn(&MetricRow) -> Option<u32>| {
        rows.iter().map(f).collect::<UInt32Chunked>().into_series()
    };
    let columns = (0..COLUMNS.len())
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

/// One row group's [`COLUMNS`] as the arrays polars' encoder takes, built
/// in one pass over the rows.
///
/// Column by column, each of the fifteen walked the whole group of
/// 168-byte rows (a tenth of the exports' and pages' CPU at L), and each
/// text column was copied cell by cell, hashed to estimate its distinct
/// values, then hashed again into the dictionary the encoder writes. Here
/// a text column is that dictionary from the start — its values in the
/// order first seen, as polars' cast makes them — found by the cell's
/// address (rows share their names), so the pages are the same bytes.
fn columns(rows: &[MetricRow], periods: &HashMap<Period, String>) -> Vec<ArrayRef> {
    let n = rows.len();
    let mut text: [Dictionary; 6] = std::array::from_fn(|_| Dictionary::with_capacity(n));
    let mut numbers: [Numbers<f64>; 7] = std::array::from_fn(|_| Numbers::with_capacity(n));
    let mut ranks: [Numbers<u32>; 2] = std::array::from_fn(|_| Numbers::with_capacity(n));
    for r in rows {
        text[0].push(Some(r.entity_type.name()));
        text[1].push(Some(&r.entity));
        text[2].push(periods.get(&r.period).map(String::as_str));
        text[3].push(Some(&r.standard));
        text[4].push(r.product_line.as_deref());
        text[5].push(Some(r.status.name()));
        numbers[0].push(r.value);
        numbers[1].push(Some(r.numerator));
        numbers[2].push(Some(r.denominator));
        numbers[3].push(Some(r.target));
        numbers[4].push(r.attainment);
        numbers[5].push(r.change);
        numbers[6].push(r.trailing_3m);
        ranks[0].push(r.rank_company);
        ranks[1].push(r.rank_territory);
    }
    let [entity_type, entity, period, standard, product_line, status] =
        text.map(Dictionary::finish);
    let [value, numerator, denominator, target, attainment, change, trailing_3m] =
        numbers.map(|n| n.finish(ArrowDataType::Float64));
    let [rank_company, rank_territory] = ranks.map(|n| n.finish(ArrowDataType::UInt32));
    vec![
        entity_type,
        entity,
        period,
        standard,
        product_line,
        value,
        numerator,
        denominator,
        target,
        attainment,
        status,
        change,
        trailing_3m,
        rank_company,
        rank_territory,
    ]
}

/// A text column as dictionary keys, its values in the order first seen.
#[derive(Default)]
struct Dictionary<'a> {
    keys: Vec<u32>,
    valid: MutableBitmap,
    values: Vec<&'a str>,
    /// Keys by where the text lives: names are shared by their rows.
    by_address: HashMap<(usize, usize), u32>,
    by_text: HashMap<&'a str, u32>,
}

impl<'a> Dictionary<'a> {
    fn with_capacity(rows: usize) -> Self {
        Dictionary {
            keys: Vec::with_capacity(rows),
            valid: MutableBitmap::with_capacity(rows),
            ..Default::default()
        }
    }

    fn push(&mut self, text: Option<&'a str>) {
        let Some(text) = text else {
            self.keys.push(0);
            self.valid.push(false);
            return;
        };
        let address = (text.as_ptr() as usize, text.len());
        let key = match self.by_address.get(&address) {
            Some(&key) => key,
            None => {
                let next = self.values.len() as u32;
                let key = *self.by_text.entry(text).or_insert(next);
                if key == next {
                    self.values.push(text);
                }
                self.by_address.insert(address, key);
                key
            }
        };
        self.keys.push(key);
        self.valid.push(true);
    }

    fn finish(self) -> ArrayRef {
        let rows = self.keys.len();
        // What polars' encoder writes plain rather than as a dictionary
        // (nearly every cell distinct): the column itself, for it to decide.
        if rows > 128 && self.values.len() as f64 / rows as f64 > 0.75 {
            let cells = self
                .keys
                .iter()
                .zip(self.valid.iter())
                .map(|(&key, valid)| valid.then(|| self.values[key as usize]));
            return MutableBinaryViewArray::<str>::from_iterator(cells)
                .freeze()
                .boxed();
        }
        let values = Utf8ViewArray::from_slice_values(&self.values).boxed();
        let keys = PrimitiveArray::new(ArrowDataType::UInt32, self.keys.into(), self.valid.into());
        let dtype = ArrowDataType::Dictionary(
            IntegerType::UInt32,
            Box::new(ArrowDataType::Utf8View),
            false,
        );
        DictionaryArray::<u32>::try_new(dtype, keys, values)
            .expect("keys index the values")
            .boxed()
    }
}

/// A number column: values (zero where missing) and which are present.
#[derive(Default)]
struct Numbers<T> {
    values: Vec<T>,
    valid: MutableBitmap,
}

impl<T: NativeType + Default> Numbers<T> {
    fn with_capacity(rows: usize) -> Self {
        Numbers {
            values: Vec::with_capacity(rows),
            valid: MutableBitmap::with_capacity(rows),
        }
    }

    fn push(&mut self, x: Option<T>) {
        self.values.push(x.unwrap_or_default());
        self.valid.push(x.is_some());
    }

    fn finish(self, dtype: ArrowDataType) -> ArrayRef {
        PrimitiveArray::new(dtype, self.values.into(), self.valid.into()).boxed()
    }
}

/// Writes `rows` to `path` a row group at a time.
///
/// polars' batched writer compresses each page as the file takes it, on
/// the one thread writing: beside the pages it was the build's last
/// stage to end (2 s of 2.1 at L). Here the pages of a few row groups are
/// encoded and compressed at once, every column in parallel, by the same
/// polars encoder with the options that writer uses, then handed to it in
/// order — the same bytes.
pub fn write_parquet(rows: &[MetricRow], path: &Path) -> Result<()> {
    write_in_groups(rows, path, ROWS_PER_GROUP)
}

/// [`write_parquet`] with `per_group` rows per row group.
fn write_in_groups(rows: &[MetricRow], path: &Path, per_group: usize) -> Result<()> {
    use polars_parquet::write::{
        array_to_columns, compress, CompressedPage, CompressionOptions, StatisticsOptions, Version,
        WriteOptions,
    };
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
    // What `ParquetWriter` encodes with by default, and the encodings it
    // picks per column type.
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: CompressionOptions::Zstd(None),
        data_page_size: None,
    };
    let encodings =
        polars::io::parquet::write::get_encodings(&schema.to_arrow(CompatLevel::newest()));
    let fields = writer.parquet_schema().fields().to_vec();
    // One row group's columns, each its pages encoded and compressed.
    let encode = |group: &[MetricRow]| -> PolarsResult<Vec<Vec<CompressedPage>>> {
        let columns: Vec<PolarsResult<Vec<Vec<CompressedPage>>>> = columns(group, &periods)
            .par_iter()
            .zip(fields.par_iter())
            .zip(encodings.par_iter())
            .map(|((array, field), encoding)| {
                array_to_columns(array, field.clone(), options, encoding)?
                    .into_iter()
                    .map(|pages| {
                        pages
                            .map(|page| Ok(compress(page?, Vec::new(), options.compression)?))
                            .collect::<PolarsResult<Vec<CompressedPage>>>()
                    })
                    .collect()
            })
            .collect();
        Ok(columns
            .into_iter()
            .collect::<PolarsResult<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect())
    };
    // A few row groups at once: the memory of a few, at any size.
    for groups in rows.chunks(per_group * GROUPS_AT_ONCE) {
        let encoded: Vec<PolarsResult<Vec<Vec<CompressedPage>>>> =
            groups.par_chunks(per_group).map(encode).collect();
        for (group, pages) in groups.chunks(per_group).zip(encoded) {
            writer
                .write_row_group(group.len() as u64, &pages.map_err(&to_error)?)
                .map_err(&to_error)?;
        }
    }
    writer.finish().map_err(&to_error)?;
    Ok(())
}

/// Row groups encoded at once.
const GROUPS_AT_ONCE: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, Month, Status};

    /// Row `i` carries `i` as numerator, and text, nulls and ranks that
    /// vary with it; `per_entity` rows name each entity.
    fn rows(n: usize, per_entity: usize) -> Vec<MetricRow> {
        (0..n)
            .map(|i| MetricRow {
                entity_type: if i % 7 == 0 {
                    EntityType::Territory
                } else {
                    EntityType::Rep
                },
                entity: format!("rep {}", i / per_entity).into(),
                period: if i % 4 == 3 {
                    Period::Window
                } else {
                    Period::Month(Month::new(2025, 1 + (i % 4) as u32))
                },
                standard: ["win_rate", "overall"][i % 2].into(),
                product_line: (i % 5 == 0).then(|| "Grinders".into()),
                value: (i % 3 != 0).then_some(i as f64 / 8.0),
                numerator: i as f64,
                denominator: 10.0,
                target: 0.25,
                attainment: (i % 6 != 0).then_some(0.5),
                status: [Status::Met, Status::Near, Status::Missed, Status::NoData][i % 4],
                change: (i % 2 == 0).then_some(-0.05),
                trailing_3m: None,
                rank_company: (i % 3 == 1).then_some(i as u32),
                rank_territory: None,
            })
            .collect()
    }

    /// What polars' own batched writer makes of the same row groups.
    fn written_by_polars(rows: &[MetricRow], path: &Path, per_group: usize) {
        let periods: HashMap<Period, String> = rows
            .iter()
            .map(|r| (r.period, r.period.to_string()))
            .collect();
        let schema = frame(&rows[..0], &periods)
            .unwrap()
            .schema()
            .as_ref()
            .clone();
        let mut writer = ParquetWriter::new(std::fs::File::create(path).unwrap())
            .with_compression(ParquetCompression::Zstd(None))
            .batched(&schema)
            .unwrap();
        for group in rows.chunks(per_group) {
            writer
                .write_batch(&frame(group, &periods).unwrap())
                .unwrap();
        }
        writer.finish().unwrap();
    }

    /// Row groups encoded a few at once, every column in parallel, their
    /// text as dictionaries from the start, give the very bytes of polars'
    /// writer taking them one at a time — over one group, whole batches
    /// of groups and a last short one, groups where a text column is all
    /// missing (`product_line` in rows 16–19), and one whose entities are
    /// nearly all distinct (polars writes those plain).
    #[test]
    fn row_groups_encoded_at_once_are_the_bytes_polars_writes() {
        let dir = tempfile::tempdir().unwrap();
        for (n, per_group, per_entity) in [
            (5, 8, 3),
            (16, 4, 3),
            (23, 4, 3),
            (1000, 97, 3),
            (1000, 500, 1),
        ] {
            let rows = rows(n, per_entity);
            let (ours, theirs) = (dir.path().join("ours"), dir.path().join("theirs"));
            write_in_groups(&rows, &ours, per_group).unwrap();
            written_by_polars(&rows, &theirs, per_group);
            let ours = std::fs::read(&ours).unwrap();
            assert!(
                ours == std::fs::read(&theirs).unwrap(),
                "{n} rows by {per_group}"
            );
            // And read back: every row, in order.
            let frame = ParquetReader::new(std::io::Cursor::new(ours))
                .finish()
                .unwrap();
            let numerators: Vec<Option<f64>> = frame
                .column("numerator")
                .unwrap()
                .f64()
                .unwrap()
                .iter()
                .collect();
            assert_eq!(
                numerators,
                (0..n).map(|i| Some(i as f64)).collect::<Vec<_>>()
            );
        }
    }
}
