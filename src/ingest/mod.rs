//! Ingestion: files on disk → typed canonical tables, plus the
//! [`InputReport`] (per-file reports, findings, roster) that `check` and
//! the data-quality page show.
//!
//! Entry point: [`load`]. Each file goes through [`file`] (read →
//! recognise → shape → type, the facts' names becoming codes as each block
//! is typed: [`names`]), on a few threads; then the tables are joined
//! and given their meaning (owners, outcomes, currencies), checked for
//! duplicate ids, and the roster of reps is drawn up.

pub(crate) mod discover;
mod file;
pub(crate) mod lexicon;
mod meaning;
pub(crate) mod names;
pub(crate) mod read;
pub(crate) mod recognise;
mod roster;
mod shape;
mod typing;
pub(crate) mod values;

#[cfg(test)]
pub(crate) use typing::EXPECTATIONS;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use foldhash::HashSet;
use polars::prelude::*;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{Finding, FindingKind, InputReport, Message, Severity, Table, TableReport};
use file::{finding, Loaded, EXAMPLES_PER_PROBLEM};
use names::Names;

/// The typed canonical tables that had at least one file, their facts'
/// names as codes into `names` ([`names`]). Handed to the standards by
/// value, which drop them once measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub frames: BTreeMap<Table, DataFrame>,
    pub names: Names,
}

/// Tables with every name as text.
pub type TextTables = BTreeMap<Table, DataFrame>;

impl Tables {
    /// The frames with every name as text, for the tests and fuzz targets
    /// that compare two ways of reading.
    pub(crate) fn decoded(&self) -> Result<TextTables> {
        self.frames
            .iter()
            .map(|(table, frame)| Ok((*table, self.names.decode(frame, *table)?)))
            .collect()
    }
}

/// Bytes of lines a plain CSV file is typed in at a time as it is read.
pub(crate) const BLOCK: usize = read::BLOCK;

/// True when `dir` is a folder holding files yardstick would read.
pub(crate) fn holds_exports(dir: &Path) -> bool {
    dir.is_dir()
        && discover::discover(dir, &Config::default())
            .is_ok_and(|found| !found.candidates.is_empty())
}

/// Reads every table found under `data_dir`, typing plain CSV files
/// `stream` bytes of lines at a time (`None`: every file read whole; tests
/// and fuzzing compare the two).
pub(crate) fn load(
    data_dir: &Path,
    config: &Config,
    stream: Option<usize>,
) -> Result<(Tables, InputReport)> {
    let discovered = discover::discover(data_dir, config)?;
    let mut findings = Vec::new();
    for file in &discovered.unassigned {
        findings.push(finding(
            Severity::Info,
            FindingKind::IgnoredFile,
            None,
            Some(&file.display),
            Message::NotAFileType,
        ));
    }
    for (file, what) in &discovered.special {
        findings.push(finding(
            Severity::Warning,
            FindingKind::IgnoredFile,
            None,
            Some(&file.display),
            Message::Special { what },
        ));
    }
    for (table, glob) in &discovered.unmatched {
        findings.push(finding(
            Severity::Warning,
            FindingKind::IgnoredFile,
            Some(*table),
            None,
            Message::SourceMatchesNothing {
                table: *table,
                glob: glob.to_string(),
            },
        ));
    }
    // Files are independent until they are joined: read them on a few
    // threads, largest first so one big file does not start last; results
    // come back in discovery order, and so do the findings.
    let candidates = &discovered.candidates;
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let size = |i: usize| std::fs::metadata(&candidates[i].file.path).map_or(0, |m| m.len());
    let sizes: Vec<u64> = order.iter().map(|&i| size(i)).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let done = crate::parallel::map(&order, |&i| {
        let mut file_findings = Vec::new();
        let loaded = file::load(&candidates[i], config, stream, &mut file_findings);
        // The file's text cells are gone now that it is typed.
        crate::memory::release_freed();
        loaded.map(|l| (l, file_findings))
    });
    type FileResult = Result<(Option<Loaded>, Vec<Finding>)>;
    let mut results: Vec<Option<FileResult>> = (0..candidates.len()).map(|_| None).collect();
    for (&i, result) in order.iter().zip(done) {
        results[i] = Some(result);
    }
    let results = results.into_iter().map(|r| r.expect("every file was read"));
    let mut loaded = Vec::new();
    for result in results {
        let (l, file_findings) = result?;
        findings.extend(file_findings);
        loaded.extend(l);
    }
    if !loaded.iter().any(|l| l.table == Table::Deals) {
        return Err(Error::Input {
            file: data_dir.display().to_string(),
            message: "holds no deals file; yardstick needs at least one export of deals or \
                      opportunities (e.g. deals.csv, or a file set under [tables.deals] source \
                      in yardstick.toml)"
                .into(),
        });
    }

    let mut tables = BTreeMap::new();
    let mut names = Names::default();
    let mut reports: Vec<TableReport> = Vec::new();
    for mut l in loaded {
        names.absorb(&l.names, &mut l.frame, l.table)?;
        let report = match reports.iter_mut().find(|r| r.table == l.table) {
            Some(r) => r,
            None => {
                reports.push(TableReport {
                    table: l.table,
                    files: Vec::new(),
                    rows_read: 0,
                    rows_rejected: 0,
                    rows_duplicate: 0,
                    date_range: None,
                    body_last: None,
                });
                reports.last_mut().expect("just pushed")
            }
        };
        report.rows_read += l.report.rows_read;
        report.rows_rejected += l.report.rows_rejected;
        report.files.push(l.report);
        match tables.get_mut(&l.table) {
            None => {
                tables.insert(l.table, l.frame);
            }
            Some(f) => {
                let f: &mut DataFrame = f;
                f.vstack_mut(&l.frame)
                    .map_err(|e| Error::compute(l.table, "joining files of one table", e))?;
            }
        }
    }
    reports.sort_by_key(|r| r.table);
    let mut steps = Vec::new();
    for report in &reports {
        for f in &report.files {
            let read = match f.read_whole_because {
                Some(why) => format!("reading {} (whole: {why})", f.file),
                None => format!("reading {} (in blocks)", f.file),
            };
            steps.push((read, f.read_time));
            steps.push((format!("typing {}", f.file), f.type_time));
        }
    }

    let started = Instant::now();
    meaning::apply(&mut tables, &mut names, config, &mut findings)?;
    steps.push((
        "joining files, owners, outcomes".to_string(),
        started.elapsed(),
    ));
    let started = Instant::now();
    // Leads that name the deal they became: the funnel reads deal ids.
    let leads_name_deals = tables.get(&Table::Leads).is_some_and(|frame| {
        frame
            .column("deal_id")
            .is_ok_and(|c| c.null_count() < c.len())
    });
    // One table at a time, the largest last: each drops its checked id
    // before the next is hashed, so the largest table's hashes (0.23 GB
    // for XL's activities) come on top of the others without their ids.
    // Hashing one table is parallel itself.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by_key(|&i| tables.get(&reports[i].table).map_or(0, |f| f.height()));
    let mut checked: Vec<Option<_>> = (0..reports.len()).map(|_| None).collect();
    for i in order {
        let table = reports[i].table;
        // The ids dropped so far go back before this table's hashes come.
        crate::memory::release_freed();
        let frame = tables.remove(&table).expect("loaded table");
        let (mut frame, dropped, finding) = match table.id_column() {
            Some(id) => drop_duplicate_ids(frame, &names, table, id)?,
            None => (frame, 0, None),
        };
        // Checked: an id nothing else reads goes now, before the roster.
        if let Some(id) = table.id_column() {
            let funnel_reads = leads_name_deals && table == Table::Deals;
            if table.unread_by_standards().contains(&id)
                && !config.reads_column(table, id)
                && !funnel_reads
            {
                frame = frame.drop_many([id]);
            }
        }
        checked[i] = Some((dropped, finding, date_range(&frame, table)?));
        tables.insert(table, frame);
    }
    for (report, result) in reports.iter_mut().zip(checked) {
        let (dropped, finding, range) = result.expect("every table was checked");
        report.rows_duplicate = dropped;
        findings.extend(finding);
        report.date_range = range.map(|r| (r.first, r.last));
        if let Some(DateRange {
            far: Some((rows, newest)),
            body_last,
            ..
        }) = range
        {
            report.body_last = Some(body_last);
            findings.push(Finding {
                severity: Severity::Warning,
                kind: FindingKind::FarDate,
                table: Some(report.table),
                file: None,
                line: None,
                column: None,
                rep: None,
                records: Vec::new(),
                message: Message::FarDates {
                    rows,
                    newest: newest.to_string(),
                    body_last: body_last.to_string(),
                },
            });
        }
    }
    steps.push(("duplicate ids, date ranges".to_string(), started.elapsed()));
    let started = Instant::now();
    findings.extend(unknown_product_lines(&tables, &names)?);
    steps.push(("product lines".to_string(), started.elapsed()));
    let started = Instant::now();
    let roster = roster::build(&tables, &names, &mut findings)?;
    align_territory_quotas(&mut tables, &roster, &mut findings)?;
    steps.push(("roster".to_string(), started.elapsed()));
    crate::memory::release_freed();
    Ok((
        Tables {
            frames: tables,
            names,
        },
        InputReport {
            tables: reports,
            findings,
            roster,
            steps,
        },
    ))
}

/// Product lines named in the facts but missing from the products table:
/// the product-line standards only know the lines the products table lists.
fn unknown_product_lines(
    tables: &BTreeMap<Table, DataFrame>,
    names: &Names,
) -> Result<Vec<Finding>> {
    let Some(products) = tables.get(&Table::Products) else {
        return Ok(Vec::new());
    };
    let known: HashSet<&str> = products
        .column("product_line")
        .and_then(|c| c.str())
        .map_err(|e| Error::compute(Table::Products, "reading product lines", e))?
        .iter()
        .flatten()
        .collect();
    let mut unknown: BTreeMap<(String, Table), usize> = BTreeMap::new();
    for (table, frame) in tables {
        if *table == Table::Products || !table.columns().iter().any(|c| c.name == "product_line") {
            continue;
        }
        let lines = names.column(frame, "product_line")?;
        let mut rows: foldhash::HashMap<&str, usize> = Default::default();
        for line in lines.iter().flatten().filter(|l| !known.contains(l)) {
            *rows.entry(line).or_default() += 1;
        }
        for (line, n) in rows {
            *unknown.entry((line.to_string(), *table)).or_default() += n;
        }
    }
    Ok(unknown
        .into_iter()
        .map(|((line, table), n)| Finding {
            severity: Severity::Warning,
            kind: FindingKind::UnknownProductLine,
            table: Some(table),
            file: None,
            line: None,
            column: Some("product_line".into()),
            rep: None,
            records: Vec::new(),
            message: Message::UnknownProductLine {
                line,
                rows: n,
                table,
            },
        })
        .collect())
}

/// Keeps the first row of each id and reports how many repeats were dropped.
fn drop_duplicate_ids(
    frame: DataFrame,
    names: &Names,
    table: Table,
    id: &str,
) -> Result<(DataFrame, usize, Option<Finding>)> {
    let ids = frame
        .column(id)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::compute(table, "checking ids", e))?;
    let repeats = repeated_rows(&ids);
    let mut examples: Vec<&str> = Vec::new();
    for &row in &repeats {
        let id = ids.get(row).unwrap_or_default();
        if examples.len() < EXAMPLES_PER_PROBLEM && !examples.contains(&id) {
            examples.push(id);
        }
    }
    if repeats.is_empty() {
        return Ok((frame, 0, None));
    }
    let mut keep = vec![true; ids.len()];
    for &row in &repeats {
        keep[row] = false;
    }
    let keep: BooleanChunked = keep.into_iter().collect();
    let dropped = keep.iter().filter(|k| *k == Some(false)).count();
    if dropped == 0 {
        return Ok((frame, 0, None));
    }
    let examples: Vec<String> = examples.iter().map(|e| e.to_string()).collect();
    let records = meaning::records_by_rep(&frame, names, &ids, &repeats)?;
    let finding = Finding {
        severity: Severity::Warning,
        kind: FindingKind::DuplicateId,
        table: Some(table),
        file: None,
        line: None,
        column: Some(id.to_string()),
        rep: None,
        records,
        message: Message::DuplicateIds {
            rows: dropped,
            id: id.to_string(),
            examples,
        },
    };
    let frame = frame
        .filter(&keep)
        .map_err(|e| Error::compute(table, "dropping duplicate ids", e))?;
    Ok((frame, dropped, Some(finding)))
}

/// The rows whose id appeared on an earlier row, in order. Eight bytes a
/// row while they are told apart, where a set of the ids took four times
/// that (tens of millions of activities).
fn repeated_rows(ids: &StringChunked) -> Vec<usize> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let state = repeat_hasher();
    // Every id's hash, the blocks hashed in parallel straight into their
    // place (no second copy of tens of millions of hashes). A missing id
    // takes 0: should two be missing, the second pass, which skips them,
    // finds no pair among them.
    let chunks: Vec<_> = ids.downcast_iter().collect();
    let mut hashes = vec![0u64; ids.len()];
    let mut rest: &mut [u64] = &mut hashes;
    let mut places = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        let (place, after) = rest.split_at_mut(chunk.len());
        places.push(place);
        rest = after;
    }
    chunks.par_iter().zip(places).for_each(|(chunk, place)| {
        for (slot, id) in place.iter_mut().zip(chunk.iter()) {
            *slot = id.map_or(0, |id| state.hash_one(id));
        }
    });
    repeats_among_hashed(
        hashes,
        || {
            ids.iter()
                .enumerate()
                .filter_map(|(row, id)| id.map(|id| (row, state.hash_one(id))))
        },
        |a, b| ids.get(a) == ids.get(b),
    )
}

/// The hasher rows are told apart by: fixed, so runs are repeatable.
pub(crate) fn repeat_hasher() -> foldhash::fast::FixedState {
    foldhash::fast::FixedState::with_seed(0x7961_7264)
}

/// Of rows given as (row, hash of its key) by `hashed` (called twice, the
/// same each time), those whose key equals an earlier row's, in row order.
/// The hashes alone are sorted first: most exports repeat none, and then
/// nothing more is done. Otherwise only rows whose hash repeats are paired
/// with their row numbers and compared (`same`, by row) — no set of the
/// keys is built, and no row is looked up unless its hash is shared.
pub(crate) fn repeats_among<I: Iterator<Item = (usize, u64)>>(
    hashed: impl Fn() -> I,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<usize> {
    let hashes: Vec<u64> = hashed().map(|(_, hash)| hash).collect();
    repeats_among_hashed(hashes, hashed, same)
}

/// [`repeats_among`] with the first pass's hashes, in any order, given.
fn repeats_among_hashed<I: Iterator<Item = (usize, u64)>>(
    mut hashes: Vec<u64>,
    hashed: impl Fn() -> I,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<usize> {
    use rayon::prelude::*;
    hashes.par_sort_unstable();
    let shared: Vec<u64> = hashes
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .map(|run| run[0])
        .collect();
    drop(hashes);
    if shared.is_empty() {
        return Vec::new();
    }
    let mut pairs: Vec<(u64, usize)> = hashed()
        .filter(|(_, hash)| shared.binary_search(hash).is_ok())
        .map(|(row, hash)| (hash, row))
        .collect();
    pairs.sort_unstable();
    let mut repeats = Vec::new();
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        // Rows in order within the run: the first of each key is kept.
        let mut firsts: Vec<usize> = Vec::new();
        for &(_, row) in run {
            if firsts.iter().any(|&first| same(first, row)) {
                repeats.push(row);
            } else {
                firsts.push(row);
            }
        }
    }
    repeats.sort_unstable();
    repeats
}

/// Territory quotas name their territory as the quotas file spells it:
/// one that differs from the roster's only in case or spacing is read as
/// the roster's, and one no rep is in is kept for the company's quota —
/// each said, as an unknown rep's quota is (issue 14, item 8).
fn align_territory_quotas(
    tables: &mut BTreeMap<Table, DataFrame>,
    roster: &crate::model::Roster,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let Some(quotas) = tables.get_mut(&Table::Quotas) else {
        return Ok(());
    };
    let compute = |e| Error::compute(Table::Quotas, "matching territories", e);
    let territories = quotas
        .column("territory")
        .and_then(|c| c.str().cloned())
        .map_err(compute)?;
    let fold = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let known: BTreeMap<String, &str> = roster
        .territories()
        .into_iter()
        .map(|t| (fold(t), t))
        .collect();
    let exact: std::collections::BTreeSet<&str> = roster.territories();
    let (mut respelled, mut unknown) = (BTreeMap::new(), std::collections::BTreeSet::new());
    let aligned: StringChunked = territories
        .iter()
        .map(|t| {
            t.map(|t| {
                if exact.contains(t) {
                    t.to_string()
                } else if let Some(k) = known.get(&fold(t)) {
                    respelled.insert(t.to_string(), k.to_string());
                    k.to_string()
                } else {
                    unknown.insert(t.to_string());
                    t.to_string()
                }
            })
        })
        .collect();
    if !respelled.is_empty() {
        quotas
            .replace(
                "territory",
                aligned.with_name("territory".into()).into_series().into(),
            )
            .map_err(compute)?;
    }
    for (written, roster_spelling) in respelled {
        findings.push(Finding {
            severity: Severity::Warning,
            kind: FindingKind::UnknownTerritory,
            table: Some(Table::Quotas),
            file: None,
            line: None,
            column: Some("territory".into()),
            rep: None,
            records: Vec::new(),
            message: Message::TerritorySpelled {
                written,
                roster: roster_spelling,
            },
        });
    }
    for territory in unknown {
        findings.push(Finding {
            severity: Severity::Warning,
            kind: FindingKind::UnknownTerritory,
            table: Some(Table::Quotas),
            file: None,
            line: None,
            column: Some("territory".into()),
            rep: None,
            records: Vec::new(),
            message: Message::TerritoryWithoutReps { territory },
        });
    }
    Ok(())
}

/// A table's fact dates: the earliest, the latest, and the latest of its
/// body when a few dates lie far beyond the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DateRange {
    first: NaiveDate,
    last: NaiveDate,
    body_last: NaiveDate,
    /// Rows set aside as far beyond the body, and the newest of them.
    far: Option<(usize, NaiveDate)>,
}

/// The earliest and latest fact date in a table. Open deals' close dates
/// are expectations, not facts, and are left out.
///
/// Read straight from the columns' day numbers (dates) and milliseconds
/// (date-times, floored to their day as polars casts them): casting the
/// millions of activity times to dates, then taking each row's latest,
/// was most of this step at L.
fn date_range(frame: &DataFrame, table: Table) -> Result<Option<DateRange>> {
    let failed = |e| Error::compute(table, "finding dates", e);
    let mut columns: Vec<Int32Chunked> = table
        .fact_date_columns()
        .iter()
        .map(|name| frame.column(name).and_then(day_numbers).map_err(failed))
        .collect::<Result<_>>()?;
    if table == Table::Deals {
        // Only closed deals' close dates (a deal without an outcome has
        // none either).
        let outcome = frame
            .column("outcome")
            .and_then(|c| c.str().cloned())
            .map_err(failed)?;
        let closed = frame
            .column("close_date")
            .and_then(day_numbers)
            .map_err(failed)?;
        columns.push(
            closed
                .iter()
                .zip(outcome.iter())
                .map(|(day, outcome)| day.filter(|_| outcome.is_some_and(|o| o != "open")))
                .collect(),
        );
    }
    if columns.is_empty() || frame.height() == 0 {
        return Ok(None);
    }
    // Each row's latest date; the earliest of all. A table with one date
    // column (most) has its days as they are: no row-sized vector of
    // latest days (29 M rows for XL's activities).
    let (first, last): (Option<i32>, Option<Vec<Option<i32>>>) = match columns.as_slice() {
        [only] => (only.min(), None),
        _ => {
            let mut last: Vec<Option<i32>> = vec![None; frame.height()];
            let mut first: Option<i32> = None;
            for column in &columns {
                for (latest, day) in last.iter_mut().zip(column.iter()) {
                    if let Some(day) = day {
                        *latest = Some(latest.map_or(day, |l| l.max(day)));
                        first = Some(first.map_or(day, |f| f.min(day)));
                    }
                }
            }
            (first, Some(last))
        }
    };
    let body = || match &last {
        Some(last) => body_of(|| last.iter().flatten().copied()),
        None => {
            let only = &columns[0];
            body_of(|| {
                only.downcast_iter()
                    .flat_map(|a| a.iter().flatten().copied())
            })
        }
    };
    Ok(first.and_then(|first| {
        let body = body()?;
        Some(DateRange {
            first: values::days_to_date(first),
            last: values::days_to_date(body.last),
            body_last: values::days_to_date(body.body_last),
            far: body
                .far_rows
                .gt(&0)
                .then(|| (body.far_rows, values::days_to_date(body.last))),
        })
    }))
}

/// A date or date-time column as days since 1970-01-01: a date's own
/// number, a date-time's floored to its day (as polars casts it; a day
/// outside `i32` is missing, as there).
pub(crate) fn day_numbers(column: &Column) -> PolarsResult<Int32Chunked> {
    const DAY_MS: i64 = 86_400_000;
    // Divided by a constant, which the compiler turns into a multiply: a
    // division by a variable was most of the time here (29 M rows at XL).
    fn days<const PER_DAY: i64>(moments: &Int64Chunked) -> Int32Chunked {
        moments
            .iter()
            .map(|t| t.and_then(|t| i32::try_from(t.div_euclid(PER_DAY)).ok()))
            .collect()
    }
    Ok(match column.dtype() {
        DataType::Date => column.date()?.physical().clone(),
        DataType::Datetime(TimeUnit::Milliseconds, _) => {
            days::<DAY_MS>(column.datetime()?.physical())
        }
        DataType::Datetime(TimeUnit::Microseconds, _) => {
            days::<{ DAY_MS * 1_000 }>(column.datetime()?.physical())
        }
        DataType::Datetime(TimeUnit::Nanoseconds, _) => {
            days::<{ DAY_MS * 1_000_000 }>(column.datetime()?.physical())
        }
        _ => column.cast(&DataType::Date)?.date()?.physical().clone(),
    })
}

/// Each row's newest fact date (days since 1970), summed up: the newest of
/// all, and the newest of the body once the few rows beyond a gap of more
/// than half a year are set aside — at most one row in a thousand (or one
/// row): a typo's year, not a quiet season.
struct Body {
    last: i32,
    body_last: i32,
    far_rows: usize,
}

fn body_of<I: Iterator<Item = i32>>(days: impl Fn() -> I) -> Option<Body> {
    const GAP_DAYS: i32 = 183;
    // Rows, oldest and newest day per 30-day bucket, in a dense array (a
    // few thousand buckets at most: dates are within 1900–2200).
    let lowest = days().min()?.div_euclid(30);
    let mut dense: Vec<(usize, i32, i32)> = Vec::new();
    let mut rows = 0;
    for d in days() {
        rows += 1;
        let i = (d.div_euclid(30) - lowest) as usize;
        if i >= dense.len() {
            dense.resize(i + 1, (0, i32::MAX, i32::MIN));
        }
        let b = &mut dense[i];
        b.0 += 1;
        b.1 = b.1.min(d);
        b.2 = b.2.max(d);
    }
    // Newest first.
    let buckets: Vec<(usize, i32, i32)> = dense.into_iter().rev().filter(|b| b.0 > 0).collect();
    let last = buckets.first()?.2;
    let limit = (rows / 1000).max(1);
    let (mut beyond, mut far_rows, mut body) = (0, 0, 0);
    for i in 0..buckets.len() - 1 {
        beyond += buckets[i].0;
        if beyond > limit {
            break;
        }
        if buckets[i].1 - buckets[i + 1].2 > GAP_DAYS {
            far_rows = beyond;
            body = i + 1;
        }
    }
    Some(Body {
        last,
        body_last: buckets[body].2,
        far_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::{body_of, date_range, day_numbers};
    use crate::model::Table;
    use polars::prelude::*;

    /// Date-times floored to their day as polars casts them, before 1970
    /// too, and a day beyond `i32` missing, as there.
    #[test]
    fn day_numbers_are_what_the_cast_to_date_gives() {
        let ms: Vec<Option<i64>> = vec![
            Some(0),
            Some(-1),
            Some(86_399_999),
            Some(86_400_000),
            Some(-86_400_000),
            Some(-86_400_001),
            Some(1_709_164_800_000), // 2024-02-29T00:00
            None,
            Some(i64::MAX),
            Some(i64::MIN),
        ];
        // By hand: ⌊ms / 86,400,000⌋.
        let by_hand = [
            Some(0),
            Some(-1),
            Some(0),
            Some(1),
            Some(-1),
            Some(-2),
            Some(19_782),
        ];
        for unit in [TimeUnit::Milliseconds, TimeUnit::Microseconds] {
            let scale = if unit == TimeUnit::Milliseconds {
                1
            } else {
                1000
            };
            let values: Vec<Option<i64>> = ms
                .iter()
                .map(|v| v.map(|v| v.checked_mul(scale).unwrap_or(v)))
                .collect();
            let column = Int64Chunked::from_iter(values)
                .into_series()
                .cast(&DataType::Datetime(unit, None))
                .unwrap()
                .into_column();
            let ours: Vec<Option<i32>> = day_numbers(&column).unwrap().iter().collect();
            let polars: Vec<Option<i32>> = column
                .cast(&DataType::Date)
                .unwrap()
                .date()
                .unwrap()
                .physical()
                .iter()
                .collect();
            assert_eq!(ours, polars, "{unit:?}");
            assert_eq!(ours[..7], by_hand, "{unit:?}");
        }
    }

    /// The earliest date of any column, each row's latest, and open deals'
    /// close dates left out.
    #[test]
    fn date_ranges_take_every_date_column_and_only_closed_deals() {
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let days = |ds: &[Option<&str>]| {
            let epoch = day("1970-01-01");
            Int32Chunked::from_iter(
                ds.iter()
                    .map(|d| d.map(|d| (day(d) - epoch).num_days() as i32)),
            )
            .into_series()
            .cast(&DataType::Date)
            .unwrap()
        };
        let deals = DataFrame::new(
            3,
            vec![
                days(&[Some("2024-01-10"), Some("2024-02-01"), None])
                    .with_name("created_on".into())
                    .into(),
                days(&[Some("2024-01-20"), None, Some("2023-12-05")])
                    .with_name("last_modified".into())
                    .into(),
                days(&[Some("2024-03-01"), Some("2024-09-30"), Some("2024-02-15")])
                    .with_name("close_date".into())
                    .into(),
                Series::new("outcome".into(), [Some("won"), Some("open"), None]).into(),
            ],
        )
        .unwrap();
        let range = date_range(&deals, Table::Deals).unwrap().unwrap();
        // First: 2023-12-05 (a last_modified). Latest per row: row 1 its
        // close date 2024-03-01 (won), row 2 2024-02-01 (open: its close
        // date is an expectation), row 3 2023-12-05 (no outcome).
        assert_eq!(
            (range.first, range.last),
            (day("2023-12-05"), day("2024-03-01"))
        );
        assert_eq!(range.far, None);

        // One date column (quotes), in two chunks, one cell missing: its
        // days as they are; the one far typo (2098) set aside from the
        // body, as a row's latest date would be.
        let mut quoted = days(&[Some("2024-01-10"), None, Some("2023-12-05")]);
        quoted.append(&days(&[Some("2098-01-01")])).unwrap();
        assert_eq!(quoted.n_chunks(), 2);
        let quotes = DataFrame::new(4, vec![quoted.with_name("quoted_on".into()).into()]).unwrap();
        let range = date_range(&quotes, Table::Quotes).unwrap().unwrap();
        assert_eq!(
            (range.first, range.last, range.body_last),
            (day("2023-12-05"), day("2098-01-01"), day("2024-01-10"))
        );
        assert_eq!(range.far, Some((1, day("2098-01-01"))));
    }

    /// Issue 14, item 10: a typo's year is set aside; a quiet season, or
    /// more than one row in a thousand beyond the gap, is not.
    #[test]
    fn the_body_of_the_dates_leaves_out_a_far_typo_only() {
        // 2000 rows over days 19000..19999, one at day 47000 (2098).
        let days: Vec<i32> = (0..2000).map(|i| 19000 + i / 2).chain([47000]).collect();
        let body = body_of(|| days.iter().copied()).unwrap();
        assert_eq!(
            (body.last, body.body_last, body.far_rows),
            (47000, 19999, 1)
        );
        // Two far rows among 1002 is more than one in a thousand: kept.
        let days: Vec<i32> = (0..1000)
            .map(|i| 19000 + i / 2)
            .chain([47000, 47001])
            .collect();
        let body = body_of(|| days.iter().copied()).unwrap();
        assert_eq!((body.body_last, body.far_rows), (47001, 0));
        // A gap of under half a year is a quiet season.
        let body = body_of(|| [19000, 19001, 19150].into_iter()).unwrap();
        assert_eq!((body.body_last, body.far_rows), (19150, 0));
    }

    use super::*;

    /// Names become codes block by block and file by file: read whole, in
    /// blocks of a line or two, or in the usual blocks, two tables give one
    /// dictionary (Ann's code is the same in deals and quotes), an owner id
    /// resolves to its rep through the dictionary, a deal's missing line
    /// comes from its product, and the tables read back as the same text.
    #[test]
    fn names_are_one_dictionary_however_the_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "reps.csv",
            "rep,territory,user_id\nAnn,North,\nDee,South,u7\n",
        );
        write(
            "deals.csv",
            "deal_id,rep,outcome,close_date,amount,created_on,product_line,product\n\
             D1,Ann,won,2024-01-05,5,2024-01-01,Brewers,\n\
             D2,u7,won,2024-01-06,5,2024-01-01,,Grinder X\n\
             D3,Cy,lost,2024-01-07,5,2024-01-01,Kettles,\n",
        );
        write(
            "quotes.csv",
            "quote_id,rep,product_line,quoted_on,amount\n\
             Q1,Cy,Grinders,2024-01-02,1\nQ2,Ann,Brewers,2024-01-03,1\n",
        );
        write(
            "products.csv",
            "product,product_line\nGrinder X,Grinders\nBrewer Y,Brewers\n",
        );
        let config = Config::default();
        let mut decoded = Vec::new();
        for stream in [None, Some(20), Some(BLOCK)] {
            let (tables, input) = load(dir.path(), &config, stream).unwrap();
            let code = |table: Table, row: usize| {
                tables.frames[&table]
                    .column("rep")
                    .unwrap()
                    .u32()
                    .unwrap()
                    .get(row)
            };
            // Ann: row 0 of deals, row 1 of quotes.
            assert_eq!(code(Table::Deals, 0), code(Table::Quotes, 1), "{stream:?}");
            let text = tables.decoded().unwrap();
            let column = |table: Table, name: &str| -> Vec<Option<String>> {
                text[&table]
                    .column(name)
                    .unwrap()
                    .str()
                    .unwrap()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect()
            };
            let some = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
            assert_eq!(column(Table::Deals, "rep"), some(&["Ann", "Dee", "Cy"]));
            assert_eq!(
                column(Table::Deals, "product_line"),
                some(&["Brewers", "Grinders", "Kettles"])
            );
            assert_eq!(column(Table::Quotes, "rep"), some(&["Cy", "Ann"]));
            // Cy is in the facts but not the reps file; Kettles is no product's line.
            assert!(input.roster.reps.contains_key("Cy"));
            assert!(!input.roster.reps.contains_key("u7"));
            assert!(input.findings.iter().any(|f| matches!(
                &f.message,
                Message::UnknownProductLine { line, rows: 1, table: Table::Deals } if line == "Kettles"
            )));
            decoded.push(text);
        }
        for other in &decoded[1..] {
            for (table, frame) in &decoded[0] {
                assert!(frame.equals_missing(&other[table]), "{table:?}");
            }
        }
    }

    /// Found by the `stream` fuzz target: a NUL byte in a later line was
    /// accepted by small blocks and refused whole. Both refuse it now.
    #[test]
    fn a_nul_byte_is_refused_in_blocks_as_it_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("deals.csv"),
            "deal_id,rep,outcome,close_date,amount,created_on\n\
             D1,Ann,won,2023-12-01,5,2023-12-01\nD2,A\0nn,won,2023-12-01,5,2023-12-01\n",
        )
        .unwrap();
        let config = Config::default();
        for stream in [None, Some(20), Some(BLOCK)] {
            let err = load(dir.path(), &config, stream).err().unwrap();
            assert_eq!(
                err.to_string(),
                "deals.csv: holds NUL bytes: it is not a text export",
                "{stream:?}"
            );
        }
    }

    #[test]
    fn repeated_ids_are_found_after_their_first_row() {
        let ids: StringChunked = [
            Some("a"),
            Some("b"),
            Some("a"),
            None,
            Some("c"),
            Some("b"),
            None,
            Some("a"),
        ]
        .into_iter()
        .collect();
        // Missing ids are never repeats; the first of each id is kept.
        assert_eq!(repeated_rows(&ids), vec![2, 5, 7]);
        let unique: StringChunked = (0..10_000).map(|i| Some(format!("id-{i}"))).collect();
        assert!(repeated_rows(&unique).is_empty());
        // A table joined from blocks: each block hashed in its place.
        let mut blocks: StringChunked = [Some("a"), None, Some("b")].into_iter().collect();
        let second: StringChunked = [Some("c"), Some("a"), None].into_iter().collect();
        blocks.append(&second).unwrap();
        assert_eq!(blocks.chunks().len(), 2);
        assert_eq!(repeated_rows(&blocks), vec![4]);
    }

    /// Rows whose hashes collide are told apart by their keys: with every
    /// hash equal, only the rows that repeat an earlier key are repeats.
    #[test]
    fn colliding_hashes_are_compared_by_key() {
        let keys = ["x", "y", "x", "z", "y", "x"];
        let repeats = repeats_among(
            || (0..keys.len()).map(|row| (row, 7)),
            |a, b| keys[a] == keys[b],
        );
        assert_eq!(repeats, vec![2, 4, 5]);
    }
}
