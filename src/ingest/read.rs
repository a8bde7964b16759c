//! Reads one export file as it comes into a grid of text: CSV in UTF-8
//! (with or without BOM), UTF-16, Windows-1251 or Windows-1252, with any of
//! `,` `;` tab `|` as delimiter (sniffed, or from a leading `sep=` line),
//! CRLF, quoted cells spanning lines and report footers; XLSX and XLS
//! workbooks (Excel serial dates become ISO text); and the HTML tables
//! some CRMs save under an `.xls` name. Nothing here knows what the
//! columns mean: that is `recognise`.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::{StringChunked, *};

use super::lexicon::{Sample, SAMPLE_ROWS};
use crate::error::{Error, Result};
use crate::model::{
    Unreadable, ODS_CELL_LIMIT, ODS_TEXT_LIMIT, WORKBOOK_CELL_LIMIT, WORKBOOK_UNZIPPED_LIMIT,
};

/// A file's cells as text, one column per header, with the file line of
/// every row.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    /// One text column per header; a missing cell is null. `None`: a
    /// column nothing reads, never built (see [`Wanted`]).
    pub columns: Vec<Option<StringChunked>>,
    pub height: usize,
    /// 1-based line (or spreadsheet row) of each row; empty when row `i`
    /// is simply on line `first_row + i + 2`.
    pub lines: Vec<usize>,
    /// For a block of a file: the row of the file its first row is.
    pub first_row: usize,
    /// Rows with more cells than the header: left out and reported.
    pub ragged: Vec<(usize, usize)>,
    /// What was detected: "UTF-8, delimiter ';'", "workbook, sheet Deals".
    pub format: String,
}

impl Sheet {
    /// The file line of a row.
    pub fn line(&self, row: usize) -> usize {
        self.lines
            .get(row)
            .copied()
            .unwrap_or(self.first_row + row + 2)
    }

    /// A report footer (see [`strip_footer`]) would have made polars see
    /// ragged rows or extra lines; a last row with only its first cell
    /// filled still is one.
    pub fn ends_like_footer(&self) -> bool {
        if self.headers.len() < 3 || self.height == 0 {
            return false;
        }
        let last = self.height - 1;
        let filled = (0..self.headers.len())
            .filter(|c| self.cell(last, *c).is_some())
            .count();
        filled == 1 && self.cell(last, 0).is_some()
    }

    /// A cell, trimmed; `None` when empty.
    pub fn cell(&self, row: usize, column: usize) -> Option<&str> {
        self.columns[column]
            .as_ref()?
            .get(row)
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// Builds a sheet from rows of cells (the slow, exact readers).
    fn from_rows(
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        lines: Vec<usize>,
        format: String,
    ) -> Sheet {
        let width = headers.len();
        let height = rows.len();
        let columns = (0..width)
            .map(|c| {
                Some(
                    rows.iter()
                        .map(|r| r.get(c).map(String::as_str).filter(|v| !v.is_empty()))
                        .collect::<StringChunked>(),
                )
            })
            .collect();
        Sheet {
            headers,
            columns,
            height,
            lines,
            first_row: 0,
            ragged: Vec::new(),
            format,
        }
    }
}

impl Sheet {
    /// The first rows' values of each column, for recognition.
    pub fn sample(&self) -> Vec<Vec<String>> {
        let rows = self.height.min(SAMPLE_ROWS);
        (0..self.headers.len())
            .map(|c| {
                (0..rows)
                    .filter_map(|r| self.cell(r, c).map(str::to_string))
                    .collect()
            })
            .collect()
    }

    /// Forgets the columns `wanted` does not ask for.
    fn keep_only(mut self, wanted: Wanted) -> Sheet {
        let keep = wanted(&self.headers, &self.sample());
        for (column, keep) in self.columns.iter_mut().zip(keep) {
            if !keep {
                *column = None;
            }
        }
        self
    }
}

/// Given a file's headers and its first rows' values (see [`Sample`]),
/// which columns are read at all: what ingestion does not use is never
/// parsed into cells where the reader allows (the CSV fast path), and
/// dropped straight after reading elsewhere.
pub type Wanted<'a> = &'a dyn Fn(&[String], &Sample) -> Vec<bool>;

/// Every column.
#[cfg(test)]
pub fn every_column(headers: &[String], _: &Sample) -> Vec<bool> {
    vec![true; headers.len()]
}

/// Reading choices the config can force.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
}

pub fn read(path: &Path, display: &str, options: &ReadOptions, wanted: Wanted) -> Result<Sheet> {
    let input_error = |why: Unreadable| Error::Unreadable {
        file: display.to_string(),
        why,
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // The first 64 KiB tell the kind of file; only files off the fast path
    // are read whole into memory.
    let head = read_head(path).map_err(crate::fs::io_error("read", path))?;
    if head.is_empty() {
        return Err(input_error(Unreadable::Empty));
    }
    if head.starts_with(b"PAR1") {
        return read_parquet(path)
            .map(|s| s.keep_only(wanted))
            .map_err(input_error);
    }
    if is_workbook(&head, &ext) {
        return read_workbook(path, options)
            .map(|s| s.keep_only(wanted))
            .map_err(input_error);
    }
    // A header line longer than 64 KiB is no CRM export (a whole file on
    // one line, or binary data): say so instead of parsing it.
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > head.len() as u64 && !head.contains(&b'\n') && !head.contains(&b'\r') {
        return Err(input_error(Unreadable::FirstLineTooLong));
    }
    if options.encoding.is_none() {
        if let Some(sheet) = read_plain_csv(path, &head, options.delimiter, wanted) {
            return Ok(sheet);
        }
    }
    let bytes = crate::fs::read(path)?;
    let (text, encoding) = decode(&bytes, options.encoding.as_deref()).map_err(input_error)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('<')
        && trimmed[..trimmed.len().min(4096)]
            .to_lowercase()
            .contains("<table")
    {
        let mut sheet = read_html_table(&text).map_err(input_error)?;
        sheet.format = format!("HTML table, {encoding}");
        return Ok(sheet.keep_only(wanted));
    }
    read_delimited(&text, encoding, options.delimiter)
        .map(|s| s.keep_only(wanted))
        .map_err(input_error)
}

/// Why a file is not read a block at a time (see [`read_blocks`]): said in
/// `build --timings`.
pub type Declined = &'static str;

/// Reads a plain UTF-8 CSV file a block of lines at a time for a caller
/// that types each block as it comes, so the file's text is never held
/// whole. `Ok(Err(why))`: not such a file, a block the fast path cannot
/// number (see [`read_plain_csv`]), or the caller stopped, possibly after
/// some blocks were handed over; the caller then starts over with [`read`].
pub fn read_blocks(
    path: &Path,
    options: &ReadOptions,
    block: usize,
    wanted: Wanted,
    on_block: &mut dyn FnMut(Sheet) -> std::result::Result<(), Declined>,
) -> Result<std::result::Result<(), Declined>> {
    if options.encoding.is_some() {
        return Ok(Err("an encoding is set in yardstick.toml"));
    }
    let head = read_head(path).map_err(crate::fs::io_error("read", path))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if head.is_empty() {
        return Ok(Err("it is empty"));
    }
    if head.starts_with(b"PAR1") {
        return Ok(Err("it is a Parquet file"));
    }
    if is_workbook(&head, &ext) {
        return Ok(Err("it is a workbook"));
    }
    if !head.contains(&b'\n') {
        return Ok(Err("its first 64 KiB hold no line end"));
    }
    Ok(csv_blocks(
        path,
        &head,
        options.delimiter,
        block,
        wanted,
        on_block,
    ))
}

/// The first 64 KiB of a file.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head))?;
    Ok(head)
}

fn is_workbook(head: &[u8], ext: &str) -> bool {
    let is_zip = head.starts_with(b"PK\x03\x04");
    let is_ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    is_zip || is_ole || matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods") && !looks_like_text(head)
}

fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes.iter().take(4096).any(|b| *b == 0)
}

/// Decodes bytes to text, never lossily: a BOM decides; else UTF-8 if
/// valid; else Windows-1251 or Windows-1252, whichever decodes cleanly and
/// reads as words of its alphabet.
pub fn decode(
    bytes: &[u8],
    forced: Option<&str>,
) -> std::result::Result<(String, &'static str), Unreadable> {
    use encoding_rs::{
        Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252,
    };
    let strict = |enc: &'static Encoding, body: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|t| t.into_owned())
    };
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Unreadable::UnknownEncoding {
                label: label.to_string(),
            }
        })?;
        let body = bytes.strip_prefix(enc.name().as_bytes()).unwrap_or(bytes);
        return strict(enc, body)
            .map(|t| (t, enc.name()))
            .ok_or(Unreadable::DoesNotDecode {
                encoding: enc.name(),
            });
    }
    if let Some(body) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return strict(UTF_8, body)
            .map(|t| (t, "UTF-8 with BOM"))
            .ok_or(Unreadable::BadMark { mark: "UTF-8" });
    }
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return strict(UTF_16LE, body)
            .map(|t| (t, "UTF-16LE"))
            .ok_or(Unreadable::BadMark { mark: "UTF-16" });
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return strict(UTF_16BE, body)
            .map(|t| (t, "UTF-16BE"))
            .ok_or(Unreadable::BadMark { mark: "UTF-16" });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return Err(Unreadable::NulBytes { utf8: true });
        }
        return Ok((text.to_string(), "UTF-8"));
    }
    if bytes.contains(&0) {
        return Err(Unreadable::NulBytes { utf8: false });
    }
    // Bytes these code pages leave undefined decode as C1 control
    // characters, which no export holds: text that has them is in some
    // other encoding (Shift-JIS, EUC, …) and would come out as nonsense.
    let no_controls =
        |t: String| (!t.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c))).then_some(t);
    let cp1251 = strict(WINDOWS_1251, bytes).and_then(no_controls);
    let cp1252 = strict(WINDOWS_1252, bytes).and_then(no_controls);
    let cp1250 = strict(WINDOWS_1250, bytes).and_then(no_controls);
    let cyrillic_words = cyrillic_share(bytes);
    let clean = |t: &Option<String>| t.as_deref().is_some_and(|t| misread_signs(t) == 0);
    if cyrillic_words >= 0.5 && clean(&cp1251) {
        return Ok((cp1251.expect("decoded"), "Windows-1251"));
    }
    // Central European (Windows-1250) or Western (Windows-1252): the same
    // bytes are letters of both, so each reading is tried for signs that
    // it is the wrong one (see `misread_signs`).
    match (cp1250, cp1252) {
        (Some(a), Some(b)) if a == b => return Ok((b, "Windows-1252")),
        (Some(a), Some(b)) => match (misread_signs(&a), misread_signs(&b)) {
            (0, n) if n > 0 => return Ok((a, "Windows-1250")),
            (_, 0) => return Ok((b, "Windows-1252")),
            _ => {}
        },
        (None, Some(b)) if clean(&Some(b.clone())) || !clean(&cp1251) => {
            return Ok((b, "Windows-1252"))
        }
        (Some(a), _) if misread_signs(&a) == 0 => return Ok((a, "Windows-1250")),
        _ => {}
    }
    match cp1251 {
        Some(t) if misread_signs(&t) == 0 => Ok((t, "Windows-1251")),
        _ => Err(Unreadable::UnknownText),
    }
}

/// Signs that text was decoded with the wrong single-byte code page: a
/// word mixing Latin and Cyrillic letters, a symbol between two letters ("W³adys³aw", "Gda¹sk": Polish read as
/// Western), and a grave-accented ì or ù inside a word ("mìsto",
/// "kùò": Czech ě, ů read as Western; Italian writes them at a word's
/// end).
fn misread_signs(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    // A word of Latin and Cyrillic letters at once ("Dvoшбk": Czech read
    // as Cyrillic).
    let mut signs = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            let cyrillic = w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
            cyrillic
                && w.chars()
                    .any(|c| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c))
        })
        .count();
    for i in 1..chars.len().saturating_sub(1) {
        let (before, c, after) = (chars[i - 1], chars[i], chars[i + 1]);
        if !c.is_ascii() && before.is_alphabetic() && after.is_alphabetic() {
            let symbol = !c.is_alphabetic();
            let inner_grave = matches!(c, 'ì' | 'ù' | 'Ì' | 'Ù');
            if symbol || inner_grave {
                signs += 1;
            }
        }
    }
    signs
}

/// Share of high bytes that sit next to another high byte: Russian words
/// in Windows-1251 are runs of them; accented letters in Windows-1252 stand
/// alone between ASCII letters.
fn cyrillic_share(bytes: &[u8]) -> f64 {
    let high = |i: usize| bytes.get(i).is_some_and(|b| *b >= 0xC0);
    let (mut total, mut in_runs) = (0usize, 0usize);
    for (i, b) in bytes.iter().enumerate() {
        if *b >= 0xC0 {
            total += 1;
            if (i > 0 && high(i - 1)) || high(i + 1) {
                in_runs += 1;
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        in_runs as f64 / total as f64
    }
}

/// A header as yardstick keeps it: trimmed, and cut at 200 characters, so a
/// runaway "header" (a whole file on one line) cannot flood messages.
fn header_text(h: &str) -> String {
    const MAX: usize = 200;
    let h = h.trim();
    match h.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &h[..at]),
        None => h.to_string(),
    }
}

/// Counts `delimiter` outside quotes in one line.
fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// The delimiter that splits the header and the first rows into the same
/// number of cells most often.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let Some(header) = lines.first() else {
        return b',';
    };
    let mut best = (b',', 0usize, 0usize);
    for d in [',', ';', '\t', '|'] {
        let n = count_outside_quotes(header, d);
        if n == 0 {
            continue;
        }
        let agreeing = lines
            .iter()
            .filter(|l| count_outside_quotes(l, d) == n)
            .count();
        if (agreeing, n) > (best.2, best.1) {
            best = (d as u8, n, agreeing);
        }
    }
    best.0
}

fn read_delimited(
    text: &str,
    encoding: &str,
    forced: Option<u8>,
) -> std::result::Result<Sheet, Unreadable> {
    // Excel writes "sep=;" as a first line to name the delimiter.
    let (text, sep_line, offset) = match text.split_once('\n') {
        Some((first, rest))
            if first.trim().to_lowercase().starts_with("sep=") && first.trim().len() == 5 =>
        {
            (rest, first.trim().as_bytes().get(4).copied(), 1)
        }
        _ => (text, None, 0),
    };
    let delimiter = forced.or(sep_line).unwrap_or_else(|| sniff_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(Unreadable::NotCsv {
                detail: e.to_string(),
            })
        }
        None => return Err(Unreadable::Empty),
    };
    let headers: Vec<String> = header.iter().map(header_text).collect();
    let width = headers.len();
    let (mut rows, mut lines, mut ragged) = (Vec::new(), Vec::new(), Vec::new());
    // Lines are counted from the record's byte offset (csv's own line count
    // is off after CRLF inside quoted cells).
    let bytes = text.as_bytes();
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    for record in records {
        let record = record.map_err(|e| Unreadable::NotCsv {
            detail: e.to_string(),
        })?;
        let mut start = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(counted_to)
            .min(bytes.len());
        // The position can point at the previous record's terminator.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            newlines += bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = start;
        }
        let line = newlines + 1 + offset;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > width {
            ragged.push((line, record.len()));
            continue;
        }
        let mut row: Vec<String> = record.iter().map(str::to_string).collect();
        row.resize(width, String::new());
        rows.push(row);
        lines.push(line);
    }
    strip_footer(&mut rows, &mut lines, width);
    let mut sheet = Sheet::from_rows(
        headers,
        rows,
        lines,
        format!("{encoding}, delimiter {}", describe(delimiter)),
    );
    sheet.ragged = ragged;
    Ok(sheet)
}

/// The fast path for the common case, a plain UTF-8 CSV (BOM allowed): read
/// by polars as text (the wanted columns only), a block of lines at a time, so the
/// file is never held (or mapped) whole. `None` sends the file down the
/// exact path instead: another encoding, a `sep=` line, rows of the wrong
/// width, report footers, blank lines, or cells spanning lines (whose line
/// numbers only the exact path knows).
fn read_plain_csv(path: &Path, head: &[u8], forced: Option<u8>, wanted: Wanted) -> Option<Sheet> {
    read_plain_csv_in_blocks(path, head, forced, BLOCK, wanted)
}

/// Bytes of lines handed to polars at a time: large enough for its
/// parallel parser, small beside the tables.
pub const BLOCK: usize = 32 << 20;
/// A single line longer than this goes down the exact path.
const LONGEST_LINE: usize = 16 << 20;

fn read_plain_csv_in_blocks(
    path: &Path,
    head: &[u8],
    forced: Option<u8>,
    block_size: usize,
    wanted: Wanted,
) -> Option<Sheet> {
    let mut whole: Option<Sheet> = None;
    csv_blocks(path, head, forced, block_size, wanted, &mut |block| {
        match &mut whole {
            None => whole = Some(block),
            Some(whole) => {
                for (column, more) in whole.columns.iter_mut().zip(&block.columns) {
                    if let (Some(column), Some(more)) = (column, more) {
                        column
                            .append(more)
                            .map_err(|_| "the blocks could not be joined")?;
                    }
                }
                whole.height += block.height;
            }
        }
        Ok(())
    })
    .ok()?;
    let sheet = whole?;
    if sheet.ends_like_footer() {
        return None;
    }
    // Columns stay in the chunks polars parsed: joining them would copy
    // every cell once more.
    Some(sheet)
}

/// Reads a plain CSV file a block of lines at a time, handing each block's
/// cells (the wanted columns only) to `on_block`, numbered by their row in
/// the file; `on_block` returns why to stop. `Err(why)`: the file is not
/// for this path (see [`read_plain_csv`]), or `on_block` stopped.
fn csv_blocks(
    path: &Path,
    head: &[u8],
    forced: Option<u8>,
    block_size: usize,
    wanted: Wanted,
    on_block: &mut dyn FnMut(Sheet) -> std::result::Result<(), Declined>,
) -> std::result::Result<(), Declined> {
    use std::io::{Read, Seek};
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    let offset = if bom { 3 } else { 0 };
    let head = &head[offset..];
    let head_text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A multi-byte character cut at the 64 KiB mark is fine.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).map_err(|_| "it is not UTF-8")?
        }
        Err(_) => return Err("it is not UTF-8"),
    };
    if head_text.trim_start().to_lowercase().starts_with("sep=") {
        return Err("it starts with a sep= line");
    }
    if head_text.trim_start().starts_with('<') {
        return Err("it may be an HTML table");
    }
    let delimiter = forced.unwrap_or_else(|| sniff_delimiter(head_text));
    // The header line goes before every block, so polars names the columns
    // the same way each time.
    let header_end = head
        .iter()
        .position(|b| *b == b'\n')
        .ok_or("its first 64 KiB hold no line end")?
        + 1;
    let header = &head[..header_end];
    // Named as polars names them (duplicates get a suffix), then only the
    // wanted columns parsed; the first stays, to tell footers apart.
    let csv = || {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_rechunk(false)
            .map_parse_options(|o| o.with_separator(delimiter).with_missing_is_null(true))
    };
    let names: Vec<String> = csv()
        .into_reader_with_file_handle(std::io::Cursor::new(header))
        .finish()
        .map_err(|_| "polars could not read its header")?
        .get_column_names()
        .iter()
        .map(|h| header_text(h.as_ref()))
        .collect();
    let parsed: Vec<usize> = wanted(&names, &sample_of_head(head, csv))
        .iter()
        .enumerate()
        .filter(|(i, w)| **w || *i == 0)
        .map(|(i, _)| i)
        .collect();
    let projection = (parsed.len() < names.len()).then(|| Arc::new(parsed.clone()));
    let mut file = std::fs::File::open(path).map_err(|_| "it could not be opened again")?;
    file.seek(std::io::SeekFrom::Start((offset + header_end) as u64))
        .map_err(|_| "it could not be opened again")?;

    let format = format!(
        "{}, delimiter {}",
        if bom { "UTF-8 with BOM" } else { "UTF-8" },
        describe(delimiter)
    );
    let mut height = 0;
    let mut any = false;
    let mut carry: Vec<u8> = Vec::new();
    // A small file needs no block-sized buffer.
    let size = file.metadata().map_or(u64::MAX, |m| m.len());
    let room = block_size.min(usize::try_from(size).unwrap_or(usize::MAX));
    loop {
        let mut block = Vec::with_capacity(header.len() + carry.len() + room);
        block.extend_from_slice(header);
        block.append(&mut carry);
        let wanted = block_size as u64;
        let read = (&mut file)
            .take(wanted)
            .read_to_end(&mut block)
            .map_err(|_| "a block could not be read")?;
        let at_end = (read as u64) < wanted;
        if !at_end {
            // Cut after the block's last line end; the rest starts the next.
            match block[header.len()..].iter().rposition(|b| *b == b'\n') {
                Some(i) => carry = block.split_off(header.len() + i + 1),
                None if block.len() - header.len() > LONGEST_LINE => {
                    return Err("a line is longer than 16 MiB")
                }
                None => {
                    carry = block.split_off(header.len());
                    continue;
                }
            }
        }
        let body = &block[header.len()..];
        // NUL bytes make no text export: the exact path says so.
        if body.contains(&0) || header.contains(&0) {
            return Err("it holds NUL bytes");
        }
        if !body.is_empty() || !any {
            // A SIMD count: plain loops over every byte were 3 % of a
            // build's CPU.
            let lines = bytecount::count(body, b'\n');
            // One row per line: no cell spans lines and no blank or footer
            // line was skipped, so row i is on line i + 2.
            let rows_expected = lines + usize::from(body.last().is_some_and(|b| *b != b'\n'));
            // polars checks a row's width only when it parses every column:
            // project a block only when, with no quotes in it, every line
            // holds exactly one delimiter fewer than the header has cells.
            let even = projection.is_some()
                && !body.contains(&b'"')
                && every_line_has(body, delimiter, names.len().saturating_sub(1));
            let frame = csv()
                .with_projection(projection.clone().filter(|_| even))
                .into_reader_with_file_handle(std::io::Cursor::new(block.as_slice()))
                .finish()
                .map_err(|_| "polars could not parse a block")?;
            if frame.height() != rows_expected {
                return Err("a cell spans lines, or a row has the wrong width");
            }
            let all = frame.columns();
            let chunk: Vec<StringChunked> = if all.len() == parsed.len() {
                all.iter()
                    .map(|c| c.str().ok().cloned())
                    .collect::<Option<_>>()
                    .ok_or("a column was not read as text")?
            } else {
                let wanted = parsed.iter().map(|&i| all.get(i)?.str().ok().cloned());
                wanted
                    .collect::<Option<_>>()
                    .ok_or("a column was not read as text")?
            };
            // polars reads a blank line as a row of nulls; the exact reader
            // skips it. Leave such files to the exact reader.
            if let Some((first, rest)) = chunk.split_first() {
                let filled = rest
                    .iter()
                    .fold(first.is_not_null(), |any, c| &any | &c.is_not_null());
                if !filled.all() {
                    return Err("it holds a blank line");
                }
            }
            let mut columns = vec![None; names.len()];
            for (&i, column) in parsed.iter().zip(chunk) {
                columns[i] = Some(column);
            }
            let block = Sheet {
                headers: names.clone(),
                columns,
                height: frame.height(),
                lines: Vec::new(),
                first_row: height,
                ragged: Vec::new(),
                format: format.clone(),
            };
            any = true;
            height += frame.height();
            on_block(block)?;
        }
        if at_end {
            break;
        }
    }
    Ok(())
}

/// The first rows of a file's first 64 KiB (cut after its last whole
/// line), every column as text: what recognition sees of the values before
/// the file is read. Empty when polars cannot read them.
fn sample_of_head(head: &[u8], csv: impl Fn() -> CsvReadOptions) -> Vec<Vec<String>> {
    let Some(end) = head.iter().rposition(|b| *b == b'\n') else {
        return Vec::new();
    };
    let Ok(frame) = csv()
        .with_n_rows(Some(SAMPLE_ROWS))
        .into_reader_with_file_handle(std::io::Cursor::new(&head[..=end]))
        .finish()
    else {
        return Vec::new();
    };
    frame
        .columns()
        .iter()
        .map(|c| {
            c.str().map_or_else(
                |_| Vec::new(),
                |s| {
                    s.iter()
                        .flatten()
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_string)
                        .collect()
                },
            )
        })
        .collect()
}

/// True when every line of `body` holds exactly `count` delimiters.
fn every_line_has(body: &[u8], delimiter: u8, count: usize) -> bool {
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', body).chain([body.len()]) {
        let line = &body[start..end];
        // What follows the last line end is a line only when not empty.
        if !(line.is_empty() && end == body.len()) && bytecount::count(line, delimiter) != count {
            return false;
        }
        start = end + 1;
    }
    true
}

fn describe(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".into(),
        d => format!("'{}'", d as char),
    }
}

/// Report exports end with lines such as "Copyright (c) 2000-2024
/// salesforce.com" or "Generated By: …": rows at the end with text in the
/// first cell only, in a file of three or more columns.
fn strip_footer(rows: &mut Vec<Vec<String>>, lines: &mut Vec<usize>, width: usize) {
    if width < 3 {
        return;
    }
    while let Some(last) = rows.last() {
        let filled = last.iter().filter(|c| !c.trim().is_empty()).count();
        if filled == 1 && !last[0].trim().is_empty() {
            rows.pop();
            lines.pop();
        } else {
            break;
        }
    }
}

/// Refuses a zipped workbook (XLSX, XLSM, XLSB, ODS) whose parts would
/// inflate beyond [`WORKBOOK_UNZIPPED_LIMIT`], before anything is inflated.
fn check_unzipped_size(path: &Path) -> std::result::Result<(), Unreadable> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = ::zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(()); // not a zip (XLS): its reader decides
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        total = total.saturating_add(entry.size());
        if total > WORKBOOK_UNZIPPED_LIMIT {
            return Err(Unreadable::WorkbookTooLarge {
                part: entry.name().unwrap_or_default().to_string(),
                part_mib: entry.size() >> 20,
            });
        }
    }
    Ok(())
}

/// Refuses an ODS workbook whose repeated rows and cells would expand
/// beyond [`ODS_CELL_LIMIT`] cells or [`ODS_TEXT_LIMIT`] bytes of text.
///
/// calamine opens every sheet of an ODS at once and writes out each
/// `number-columns-repeated` and `number-rows-repeated` as that many
/// copies, keeping a value and a formula per cell and, for a moment, the
/// sheet before and after trimming it: 2 KB of XML can ask for its 100 M
/// cell cap, several gigabytes. This streams `content.xml` first and
/// counts what the reader would hold, following its rules (at most
/// 16,384 columns and 1,048,576 rows a sheet; empty cells after a row's
/// last value and empty rows after a sheet's last are dropped).
fn check_ods_cells(path: &Path) -> std::result::Result<(), Unreadable> {
    use quick_xml::events::Event;
    const MAX_ROWS: usize = 1_048_576;
    const MAX_COLUMNS: usize = 16_384;
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = ::zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(()); // not an ODS: its reader decides
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeats = |e: &quick_xml::events::BytesStart, key: &str| -> usize {
        e.attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    // The sheet being read, and the cells and text of those before.
    #[derive(Default)]
    struct Table {
        /// Rows so far, against the reader's row cap.
        rows: usize,
        /// Cells kept as read (before rows are repeated).
        read: usize,
        read_text: usize,
        /// Rows from the first with a value to the last, repeats counted.
        span: usize,
        /// Empty rows after the last with a value, repeats counted.
        empty_after: usize,
        width: usize,
        /// Text of the rows in the span, repeats counted.
        span_text: usize,
    }
    #[derive(Default)]
    struct Row {
        repeats: usize,
        cells: usize,
        empty_pending: usize,
        text: usize,
    }
    let (mut cells, mut text) = (0usize, 0usize);
    let mut table = Table::default();
    let mut row = Row::default();
    // The cell being read: its repeats and the text it holds.
    let mut cell: Option<(usize, usize, bool)> = None;
    let mut buf = Vec::new();
    let over = |cells: usize, text: usize| cells > ODS_CELL_LIMIT || text > ODS_TEXT_LIMIT;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break, // the reader reports bad XML
            Ok(event) => event,
        };
        let start = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e),
            _ => None,
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => table = Table::default(),
                "table:table-row" => {
                    let wanted = repeats(e, "table:number-rows-repeated");
                    let capped = wanted.min(MAX_ROWS.saturating_sub(table.rows));
                    table.rows = table.rows.saturating_add(capped);
                    row = Row {
                        repeats: capped,
                        ..Row::default()
                    };
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    // A value or formula is in an `office:` attribute or
                    // `table:formula` (a value type with no value counts:
                    // the reader may keep it as an empty string).
                    let (mut valued, mut held) = (false, 0usize);
                    for a in e.attributes().with_checks(false).flatten() {
                        let key = a.key.as_ref();
                        if key.starts_with("office:") || key == "table:formula" {
                            valued = true;
                            held = held.saturating_add(a.value.len());
                        }
                    }
                    cell = Some((repeats(e, "table:number-columns-repeated"), held, valued));
                }
                "text:s" => {
                    if let Some((_, held, _)) = cell.as_mut() {
                        *held = held.saturating_add(repeats(e, "text:c"));
                    }
                }
                _ => {}
            }
        }
        let end = match &event {
            Event::End(e) => Some(e.name().into_inner()),
            Event::Empty(e) => Some(e.name().into_inner()),
            _ => None,
        };
        // Text and character references inside a cell are its value.
        if let (Event::Text(t), Some((_, held, _))) = (&event, cell.as_mut()) {
            *held = held.saturating_add(t.len());
        }
        if let (Event::GeneralRef(_), Some((_, held, _))) = (&event, cell.as_mut()) {
            *held = held.saturating_add(4);
        }
        match end {
            Some("table:table-cell" | "table:covered-table-cell") => {
                if let Some((wanted, held, valued)) = cell.take() {
                    let room = MAX_COLUMNS.saturating_sub(row.cells);
                    if valued {
                        let empty = row.empty_pending.min(room);
                        row.cells += empty;
                        let put = wanted.min(MAX_COLUMNS - row.cells);
                        row.cells += put;
                        row.text = row.text.saturating_add(put.saturating_mul(held));
                        row.empty_pending = 0;
                    } else {
                        row.empty_pending = wanted.min(room);
                    }
                }
            }
            Some("table:table-row") => {
                table.read = table.read.saturating_add(row.cells);
                table.read_text = table.read_text.saturating_add(row.text);
                if row.cells > 0 {
                    if table.span > 0 {
                        table.span = table.span.saturating_add(table.empty_after);
                    }
                    table.empty_after = 0;
                    table.span = table.span.saturating_add(row.repeats);
                    table.width = table.width.max(row.cells);
                    table.span_text = table
                        .span_text
                        .saturating_add(row.repeats.saturating_mul(row.text));
                } else if table.span > 0 {
                    table.empty_after = table.empty_after.saturating_add(row.repeats);
                }
                row = Row::default();
                // Each cell is kept as a value and as a formula, read and
                // expanded.
                let expanded = table.span.saturating_mul(table.width);
                let (now_cells, now_text) = (
                    cells.saturating_add(table.read.saturating_add(expanded).saturating_mul(2)),
                    text.saturating_add(table.read_text.saturating_add(table.span_text)),
                );
                if over(now_cells, now_text) {
                    return Err(Unreadable::OdsTooLarge);
                }
            }
            Some("table:table") => {
                let expanded = table.span.saturating_mul(table.width);
                cells = cells.saturating_add(expanded.saturating_mul(2));
                text = text.saturating_add(table.span_text);
                table = Table::default();
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// One cell as text, as the sheet shows it.
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An XLSX sheet read cell by cell, never as the dense grid its farthest
/// cell spans: rows that hold cells, each as wide as the widest, within
/// [`WORKBOOK_CELL_LIMIT`]. `(first row, rows)`.
fn xlsx_rows(
    path: &Path,
    name: &str,
) -> std::result::Result<(usize, Vec<Vec<String>>), Unreadable> {
    use calamine::{open_workbook, Xlsx};
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| Unreadable::NotAWorkbook {
            detail: e.to_string(),
        })?;
    let unreadable = |e: calamine::XlsxError| Unreadable::SheetUnreadable {
        sheet: name.to_string(),
        detail: e.to_string(),
    };
    let mut cells = book.worksheet_cells_reader(name).map_err(unreadable)?;
    // Each row's cells and width (its last filled column); the widths'
    // sum is what the rows will hold.
    let mut rows: BTreeMap<u32, (usize, Vec<(u32, String)>)> = BTreeMap::new();
    let mut held = 0usize;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let value: calamine::Data = cell.get_value().clone().into();
        let text = cell_text(&value);
        if text.is_empty() {
            continue;
        }
        let entry = rows.entry(row).or_default();
        let width = col as usize + 1;
        if width > entry.0 {
            held += width - entry.0;
            entry.0 = width;
        }
        if held > WORKBOOK_CELL_LIMIT {
            return Err(Unreadable::SheetTooLarge {
                sheet: name.to_string(),
                row: row as usize + 1,
                column: col as usize + 1,
            });
        }
        entry.1.push((col, text));
    }
    let first = rows.keys().next().copied().unwrap_or(0) as usize;
    let mut dense = Vec::with_capacity(rows.len());
    let mut expected = first as u32;
    for (row, (width, cells)) in rows {
        // Rows between keep their place (their line numbers).
        while expected < row {
            dense.push(Vec::new());
            expected += 1;
        }
        let mut line = vec![String::new(); width];
        for (col, text) in cells {
            line[col as usize] = text;
        }
        dense.push(line);
        expected = row + 1;
    }
    Ok((first, dense))
}

fn read_workbook(path: &Path, options: &ReadOptions) -> std::result::Result<Sheet, Unreadable> {
    use calamine::{open_workbook_auto, Reader};
    check_unzipped_size(path)?;
    check_ods_cells(path)?;
    let mut book = open_workbook_auto(path).map_err(|e| Unreadable::NotAWorkbook {
        detail: e.to_string(),
    })?;
    let names = book.sheet_names();
    let name = match &options.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            return Err(Unreadable::NoSuchSheet {
                sheet: s.clone(),
                sheets: names,
            })
        }
        None => names.first().cloned().ok_or(Unreadable::NoSheets)?,
    };
    let (start_row, grid) = if matches!(book, calamine::Sheets::Xlsx(_)) {
        drop(book);
        xlsx_rows(path, &name)?
    } else {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| Unreadable::SheetUnreadable {
                sheet: name.clone(),
                detail: e.to_string(),
            })?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > WORKBOOK_CELL_LIMIT {
            return Err(Unreadable::SheetGridTooLarge {
                sheet: name,
                rows: height,
                columns: width,
            });
        }
        let start = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let rows = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect::<Vec<_>>())
            .collect();
        (start, rows)
    };
    let mut rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, r)| (start_row + i + 1, r));
    // The header is the first row with two or more filled cells (a title row may precede it).
    let (_, headers) = rows
        .by_ref()
        .find(|(_, r)| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
        .ok_or_else(|| Unreadable::NoHeaderRow {
            sheet: name.clone(),
        })?;
    let mut headers: Vec<String> = headers.iter().map(|h| header_text(h.as_ref())).collect();
    // Unnamed columns after the last header hold nothing a table reads.
    while headers.last().is_some_and(|h| h.trim().is_empty()) {
        headers.pop();
    }
    let (mut kept, mut lines) = (Vec::new(), Vec::new());
    for (line, row) in rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        kept.push(row);
        lines.push(line);
    }
    strip_footer(&mut kept, &mut lines, headers.len());
    Ok(Sheet::from_rows(
        headers,
        kept,
        lines,
        format!("workbook, sheet \"{name}\""),
    ))
}

/// The exact text path on bytes in memory: decode, then an HTML table or
/// delimited text. For fuzzing and tests; files go through [`read`].
pub fn read_text_bytes(bytes: &[u8]) -> std::result::Result<Sheet, Unreadable> {
    let (text, encoding) = decode(bytes, None)?;
    if text.trim_start().starts_with('<') {
        return read_html_table(&text);
    }
    read_delimited(&text, encoding, None)
}

/// A Parquet column as text. Dates and timestamps beyond the years 1 to
/// 9999 panic inside polars' formatting (found by the `parquet` fuzz
/// target): those cells are written as the number the file holds
/// ("253402300800000000 µs since 1970-01-01"), which typing then rejects
/// with its line, like any other cell that is not a date.
fn parquet_text(column: &Column) -> PolarsResult<StringChunked> {
    // Days from 1970-01-01 to 0001-01-01 and to 9999-12-31.
    const FIRST_DAY: i64 = -719_162;
    const LAST_DAY: i64 = 2_932_896;
    let (per_day, unit) = match column.dtype() {
        DataType::Date => (1, "days"),
        DataType::Datetime(TimeUnit::Milliseconds, _) => (86_400_000, "ms"),
        DataType::Datetime(TimeUnit::Microseconds, _) => (86_400_000_000, "µs"),
        DataType::Datetime(TimeUnit::Nanoseconds, _) => (86_400_000_000_000, "ns"),
        _ => return column.cast(&DataType::String)?.str().cloned(),
    };
    let ticks = column.to_physical_repr().cast(&DataType::Int64)?;
    let ticks = ticks.i64()?;
    // Nanoseconds reach only 1677 to 2262: their bounds saturate.
    let first = FIRST_DAY.checked_mul(per_day).unwrap_or(i64::MIN);
    let last = (LAST_DAY + 1)
        .checked_mul(per_day)
        .map_or(i64::MAX, |end| end - 1);
    let within = |v: i64| (first..=last).contains(&v);
    if ticks.iter().flatten().all(within) {
        return column.cast(&DataType::String)?.str().cloned();
    }
    let masked: Int64Chunked = ticks.apply(|v| v.filter(|v| within(*v)));
    let shown = masked
        .into_series()
        .cast(column.dtype())?
        .cast(&DataType::String)?;
    let shown = shown.str()?;
    Ok(ticks
        .iter()
        .zip(shown.iter())
        .map(|(v, text)| match v {
            Some(v) if !within(v) => Some(format!("{v} {unit} since 1970-01-01")),
            _ => text.map(str::to_string),
        })
        .collect())
}

/// A Parquet file: every column as text (dates come out ISO).
fn read_parquet(path: &Path) -> std::result::Result<Sheet, Unreadable> {
    let not_parquet = |e: PolarsError| Unreadable::NotParquet {
        detail: Some(e.to_string().lines().next().unwrap_or_default().to_string()),
    };
    let source = PlRefPath::try_from_path(path).map_err(not_parquet)?;
    let args = ScanArgsParquet {
        glob: false,
        ..ScanArgsParquet::default()
    };
    // A column type the reader cannot take has panicked inside polars
    // before (decimals, until their feature was on): a file it cannot read
    // is an error naming the file, never an abort.
    let collected = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        LazyFrame::scan_parquet(source, args).and_then(|lf| lf.collect())
    }))
    .map_err(|_| Unreadable::NotParquet { detail: None })?;
    let frame = collected.map_err(not_parquet)?;
    let headers: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut columns = Vec::with_capacity(headers.len());
    for name in &headers {
        let text = frame.column(name).and_then(parquet_text).map_err(|e| {
            Unreadable::ParquetColumnNotText {
                column: name.clone(),
                detail: e.to_string(),
            }
        })?;
        columns.push(Some(text));
    }
    Ok(Sheet {
        headers,
        columns,
        height: frame.height(),
        lines: Vec::new(),
        first_row: 0,
        ragged: Vec::new(),
        format: "Parquet".into(),
    })
}

/// The rows of the first HTML table: `<tr>` with `<td>`/`<th>` cells, tags
/// inside cells dropped, entities decoded.
fn read_html_table(html: &str) -> std::result::Result<Sheet, Unreadable> {
    let lower = html.to_lowercase();
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut pos = lower.find("<table").ok_or(Unreadable::NoHtmlTable)?;
    let end = lower[pos..]
        .find("</table")
        .map(|e| pos + e)
        .unwrap_or(lower.len());
    while let Some(tr) = lower[pos..end].find("<tr") {
        let row_start = pos + tr;
        let row_end = lower[row_start..end]
            .find("</tr")
            .map(|e| row_start + e)
            .unwrap_or(end);
        let mut cells = Vec::new();
        let mut cpos = row_start + 3;
        while let Some(open) = find_cell(&lower[cpos..row_end]) {
            let tag_start = cpos + open;
            let content_start = match lower[tag_start..row_end].find('>') {
                Some(i) => tag_start + i + 1,
                None => break,
            };
            let content_end = ["</td", "</th"]
                .iter()
                .filter_map(|t| lower[content_start..row_end].find(t))
                .min()
                .map(|i| content_start + i)
                .unwrap_or(row_end);
            cells.push(html_text(&html[content_start..content_end]));
            cpos = content_end.max(content_start);
            if cpos >= row_end {
                break;
            }
            cpos += 1;
        }
        grid.push(cells);
        pos = row_end + 1;
        if pos >= end {
            break;
        }
    }
    let mut rows = grid.into_iter().enumerate();
    let (_, headers) = rows.next().ok_or(Unreadable::EmptyHtmlTable)?;
    let headers: Vec<String> = headers.iter().map(|h| header_text(h.as_ref())).collect();
    let width = headers.len();
    let (mut kept, mut lines) = (Vec::new(), Vec::new());
    for (i, mut row) in rows {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        row.resize(width.max(row.len()), String::new());
        row.truncate(width);
        kept.push(row);
        // The n-th <tr> of the table, the header being the first.
        lines.push(i + 1);
    }
    Ok(Sheet::from_rows(headers, kept, lines, String::new()))
}

fn find_cell(s: &str) -> Option<usize> {
    let td = s.find("<td");
    let th = s.find("<th");
    match (td, th) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Cell HTML to text: tags dropped, entities decoded, spaces collapsed.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let mut decoded = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("&#") {
        decoded.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let end = tail.find(';').unwrap_or(0);
        let code = if tail.starts_with(['x', 'X']) {
            u32::from_str_radix(&tail[1..end], 16).ok()
        } else {
            tail[..end].parse().ok()
        };
        match code.and_then(char::from_u32) {
            // `&#0;` and other control characters are no text: a NUL
            // would reach the pages and metrics.csv (issue 14, item 12).
            Some(c) if end > 0 && c.is_control() && !c.is_whitespace() => {
                rest = &tail[end + 1..];
            }
            Some(c) if end > 0 => {
                decoded.push(c);
                rest = &tail[end + 1..];
            }
            _ => {
                decoded.push_str("&#");
                rest = tail;
            }
        }
    }
    decoded.push_str(rest);
    let decoded = decoded.replace("&amp;", "&");
    decoded
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> Sheet {
        read_delimited(text, "UTF-8", None).unwrap()
    }

    fn rows(s: &Sheet) -> Vec<Vec<String>> {
        (0..s.height)
            .map(|r| {
                (0..s.headers.len())
                    .map(|c| s.cell(r, c).unwrap_or_default().to_string())
                    .collect()
            })
            .collect()
    }

    /// The fast path read in blocks of every small size gives the same grid
    /// as the exact reader: lines cut across blocks, CRLF, a BOM, empty
    /// cells, a last line without its line end.
    #[test]
    fn block_reading_matches_the_exact_reader() {
        let text = "id;rep;amount\r\n1;Ann;10,5\r\n2;;\r\n3;Bob Ray;7\r\n4;Cy;\"1;2\"\r\n5;Di;9";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deals.csv");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let exact = sheet(text);
        for block in [1, 2, 3, 5, 8, 13, 64, 1 << 20] {
            let fast = read_plain_csv_in_blocks(&path, &bytes, None, block, &every_column)
                .unwrap_or_else(|| panic!("block {block}: left the fast path"));
            assert_eq!(fast.headers, exact.headers, "block {block}");
            assert_eq!(rows(&fast), rows(&exact), "block {block}");
            assert_eq!(fast.height, 5);
            assert_eq!(fast.format, "UTF-8 with BOM, delimiter ';'");
        }
        assert_eq!(rows(&exact)[3], ["4", "Cy", "1;2"]);
    }

    /// Columns nobody wants are never parsed (the first is, for footers);
    /// the rest read as before, and a row of the wrong width still sends
    /// the file to the exact reader.
    #[test]
    fn block_reading_parses_only_wanted_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("activities.csv");
        let text = "id,rep,note,kind\n1,Ann,long text,call\n2,Bob,,demo\n";
        std::fs::write(&path, text).unwrap();
        let wanted =
            |h: &[String], _: &Sample| h.iter().map(|h| h == "rep" || h == "kind").collect();
        let asked = std::cell::RefCell::new(Vec::new());
        let sampled = std::cell::RefCell::new(Vec::new());
        let wanted_once = |h: &[String], sample: &Sample| {
            asked.borrow_mut().push(h.to_vec());
            *sampled.borrow_mut() = sample.to_vec();
            wanted(h, sample)
        };
        for block in [4, 1 << 20] {
            asked.borrow_mut().clear();
            let s = read_plain_csv_in_blocks(&path, text.as_bytes(), None, block, &wanted_once)
                .unwrap();
            assert_eq!(*asked.borrow(), [["id", "rep", "note", "kind"]]);
            // Recognition sees the first rows' values, empty cells left out.
            assert_eq!(
                *sampled.borrow(),
                [
                    vec!["1", "2"],
                    vec!["Ann", "Bob"],
                    vec!["long text"],
                    vec!["call", "demo"]
                ]
            );
            assert_eq!(s.headers, ["id", "rep", "note", "kind"]);
            let read: Vec<bool> = s.columns.iter().map(Option::is_some).collect();
            assert_eq!(read, [true, true, false, true], "block {block}");
            assert_eq!(
                rows(&s),
                [["1", "Ann", "", "call"], ["2", "Bob", "", "demo"]]
            );
        }
        // A row one cell too long, in a plain block, in a quoted one, and
        // beside a row one cell short (the block's total is right).
        for text in [
            "id,rep,note,kind\n1,Ann,x,call,extra\n",
            "id,rep,note,kind\n1,\"Ann\",x,call,extra\n",
            "id,rep,note,kind\n1,Ann,x,call,extra\n2,Bob,y\n",
        ] {
            std::fs::write(&path, text).unwrap();
            assert!(
                read_plain_csv_in_blocks(&path, text.as_bytes(), None, 1 << 20, &every_column)
                    .is_none(),
                "every {text:?}"
            );
            assert!(
                read_plain_csv_in_blocks(&path, text.as_bytes(), None, 1 << 20, &wanted).is_none(),
                "{text:?}"
            );
        }
    }

    /// A cell spanning lines, a blank line or a short row cannot keep row i
    /// on line i + 2: such files leave the fast path for the exact reader,
    /// as does a NUL byte (which the exact reader refuses).
    #[test]
    fn block_reading_declines_what_it_cannot_number() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "id,note\n1,\"two\nlines\"\n2,x\n",
            "id,note\n1,a\n\n2,b\n",
            "id,note,more\n1,a,b\n2\n",
            "id,note\n1,a\n2,b\0c\n",
        ] {
            let path = dir.path().join("notes.csv");
            std::fs::write(&path, text).unwrap();
            for block in [4, 1 << 20] {
                assert!(
                    read_plain_csv_in_blocks(&path, text.as_bytes(), None, block, &every_column)
                        .is_none(),
                    "{text:?} in blocks of {block}"
                );
            }
        }
    }

    #[test]
    fn delimiters_are_sniffed_or_named() {
        let s = sheet("a;b;c\n1;\"x;y\";3\n4;5;6\n");
        assert_eq!(s.headers, ["a", "b", "c"]);
        assert_eq!(rows(&s)[0], ["1", "x;y", "3"]);
        assert!(s.format.ends_with("delimiter ';'"));
        let s = sheet("sep=|\na|b\n1|2\n");
        assert_eq!(
            (s.headers.clone(), s.lines.clone()),
            (vec!["a".to_string(), "b".into()], vec![3])
        );
        let s = sheet("a\tb\n1\t2\n");
        assert!(s.format.ends_with("delimiter tab"));
    }

    #[test]
    fn quoted_cells_span_lines_and_lines_are_counted() {
        let s = sheet("id,body,n\r\n1,\"<html>\r\n<p>hi</p>\r\n</html>\",2\r\n3,plain,4\r\n");
        assert_eq!(s.height, 2);
        assert_eq!(rows(&s)[0][1], "<html>\r\n<p>hi</p>\r\n</html>");
        // The second record starts on line 5 of the file.
        assert_eq!(s.lines, [2, 5]);
    }

    #[test]
    fn report_footers_blank_lines_and_ragged_rows() {
        let s = sheet(
            "Owner,Stage,Amount\nAnn,Won,5\n\nBob,Lost,3,extra\n\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\n\"Generated By: Ann  1/2/2024 10:00 AM\"\n",
        );
        assert_eq!(rows(&s), [vec!["Ann", "Won", "5"]]);
        assert_eq!(s.ragged, [(4, 4)]);
    }

    #[test]
    fn encodings_are_told_apart_without_loss() {
        // "Сумма;Имя" in Windows-1251.
        let cp1251 = [0xD1, 0xF3, 0xEC, 0xEC, 0xE0, b';', 0xC8, 0xEC, 0xFF];
        assert_eq!(
            decode(&cp1251, None).unwrap(),
            ("Сумма;Имя".to_string(), "Windows-1251")
        );
        // "Müller" in Windows-1252.
        let cp1252 = [b'M', 0xFC, b'l', b'l', b'e', b'r'];
        assert_eq!(
            decode(&cp1252, None).unwrap(),
            ("Müller".to_string(), "Windows-1252")
        );
        // UTF-16LE with BOM, as Excel writes "Unicode text".
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&utf16, None).unwrap(),
            ("a\tb".to_string(), "UTF-16LE")
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFid", None).unwrap(),
            ("id".to_string(), "UTF-8 with BOM")
        );
        assert_eq!(
            decode(b"a\0b\xFF", None).unwrap_err(),
            Unreadable::NulBytes { utf8: false }
        );
    }

    /// Issue 14, item 11: Polish and Czech in Windows-1250 are told from
    /// Western text in Windows-1252, whose bytes they share.
    #[test]
    fn central_european_text_is_not_read_as_western() {
        let encode = |enc: &'static encoding_rs::Encoding, text: &str| {
            let (bytes, _, lossy) = enc.encode(text);
            assert!(!lossy, "{text}");
            bytes.into_owned()
        };
        for text in [
            "rep;city\nWładysław Łukasiewicz;Gdańsk\nZofia Żółć;Łódź\n",
            "rep;city\nAntonín Dvořák;Plzeň\nJiří Šťastný;Město Kůň\n",
            "rep;city\nJiří Dvořák;Městečko\n",
        ] {
            let bytes = encode(encoding_rs::WINDOWS_1250, text);
            assert_eq!(
                decode(&bytes, None).unwrap(),
                (text.to_string(), "Windows-1250"),
                "{text}"
            );
        }
        for text in [
            "rep;city\nCrème Brûlée;Noël à Orléans\n",
            "rep;city\n¿Señor Muñoz?;Coruña\n",
            "rep;city\nGrößer Müller;Köln\n",
            "rep;city\nSøren Ærø;Århus\n",
            "rep;city\nNiccolò;città più così\n",
            "rep;city\nJoão Gonçalves;São Tomé\n",
        ] {
            let bytes = encode(encoding_rs::WINDOWS_1252, text);
            assert_eq!(
                decode(&bytes, None).unwrap(),
                (text.to_string(), "Windows-1252"),
                "{text}"
            );
        }
    }

    /// A minimal XLSX: one sheet of inline-string cells `(ref, text)`, plus
    /// any extra parts.
    fn xlsx(path: &Path, cells: &[(&str, &str)], extra: &[(&str, &[u8])]) {
        use std::io::Write;
        let mut zip = ::zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Stored);
        let mut rows: BTreeMap<u32, String> = BTreeMap::new();
        for (at, text) in cells {
            let row: u32 = at
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .unwrap();
            rows.entry(row).or_default().push_str(&format!(
                "<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
            ));
        }
        let body: String = rows
            .iter()
            .map(|(r, c)| format!("<row r=\"{r}\">{c}</row>"))
            .collect();
        let parts: Vec<(&str, String)> = vec![
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".into()),
            ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".into()),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Deals\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".into()),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".into()),
            ("xl/worksheets/sheet1.xml", format!("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{body}</sheetData></worksheet>")),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        for (name, bytes) in extra {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }

    /// Issue 14, item 4: a workbook is read cell by cell, so one cell at
    /// XFD1048576 asks for no 17-billion-cell grid; a part that declares
    /// more than the limit is refused before it is inflated.
    #[test]
    fn workbooks_are_bounded_by_what_they_hold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deals.xlsx");
        xlsx(
            &path,
            &[
                ("A1", "deal_id"),
                ("B1", "rep"),
                ("A3", "D1"),
                ("B3", "Ann"),
                ("A4", "D2"),
            ],
            &[],
        );
        let sheet = read(&path, "deals.xlsx", &ReadOptions::default(), &every_column).unwrap();
        assert_eq!(sheet.headers, ["deal_id", "rep"]);
        assert_eq!(rows(&sheet), [vec!["D1", "Ann"], vec!["D2", ""]]);
        assert_eq!((sheet.line(0), sheet.line(1)), (3, 4));
        // The far corner: read in a moment, the grid never built.
        xlsx(
            &path,
            &[
                ("A1", "deal_id"),
                ("B1", "rep"),
                ("A2", "D1"),
                ("B2", "Ann"),
                ("XFD1048576", "x"),
            ],
            &[],
        );
        let sheet = read(&path, "deals.xlsx", &ReadOptions::default(), &every_column).unwrap();
        assert_eq!(rows(&sheet)[0], ["D1", "Ann"]);
        // A part declaring 600 MiB (the sizes patched after writing).
        xlsx(
            &path,
            &[("A1", "deal_id"), ("B1", "rep")],
            &[("xl/sharedStrings.xml", b"<sst/>")],
        );
        let mut bytes = std::fs::read(&path).unwrap();
        let name = b"xl/sharedStrings.xml";
        let declared = (600u32 << 20).to_le_bytes();
        // Local header: size at 22; central directory entry: size at 24.
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(name.len()).position(|w| w == name) {
            let start = at + i;
            if bytes[start - 30..start - 26] == [0x50, 0x4b, 0x03, 0x04] {
                bytes[start - 30 + 22..start - 30 + 26].copy_from_slice(&declared);
            } else if bytes[start - 46..start - 42] == [0x50, 0x4b, 0x01, 0x02] {
                bytes[start - 46 + 24..start - 46 + 28].copy_from_slice(&declared);
            }
            at = start + 1;
        }
        std::fs::write(&path, bytes).unwrap();
        let err = read(&path, "deals.xlsx", &ReadOptions::default(), &every_column).unwrap_err();
        assert!(
            err.to_string().contains("would inflate to more than 512 MiB (part \"xl/sharedStrings.xml\" alone declares 600 MiB)"),
            "{err}"
        );
    }

    /// An ODS workbook of `rows` (each `(rows repeated, cells)`, each cell
    /// `(columns repeated, text or None for an empty cell)`), compressed.
    /// An ODS row: how often it repeats, and its cells as (columns
    /// repeated, text or `None` for an empty cell).
    type OdsRow<'a> = (usize, Vec<(usize, Option<&'a str>)>);

    fn ods(path: &Path, rows: &[OdsRow]) {
        use std::io::Write;
        let mut body = String::new();
        for (repeated, cells) in rows {
            body.push_str(&format!(
                "<table:table-row table:number-rows-repeated=\"{repeated}\">"
            ));
            for (columns, text) in cells {
                match text {
                    Some(t) => body.push_str(&format!(
                        "<table:table-cell table:number-columns-repeated=\"{columns}\" office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
                    )),
                    None => body.push_str(&format!(
                        "<table:table-cell table:number-columns-repeated=\"{columns}\" table:style-name=\"ce1\"/>"
                    )),
                }
            }
            body.push_str("</table:table-row>");
        }
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet><table:table table:name=\"Deals\">{body}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        let mut zip = ::zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated);
        zip.start_file("mimetype", options).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", options).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>").unwrap();
        zip.start_file("content.xml", options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }

    /// Issue 14, item 4: an ODS whose repeated rows and cells would expand
    /// past the bound is refused before its reader opens it; one as
    /// LibreOffice writes it (empty rows and cells repeated to the sheet's
    /// edge) is read, its repeated values written out.
    #[test]
    fn ods_workbooks_are_bounded_by_what_their_repeats_expand_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deals.ods");
        let header = (
            1,
            vec![(1, Some("deal_id")), (1, Some("rep")), (1020, None)],
        );
        ods(
            &path,
            &[
                header.clone(),
                (2, vec![(1, Some("D1")), (1, Some("Ann")), (1020, None)]),
                (1, vec![(2, Some("D2")), (1022, None)]),
                // LibreOffice's tail: the rest of the sheet, empty.
                (1_048_572, vec![(1024, None)]),
            ],
        );
        let sheet = read(&path, "deals.ods", &ReadOptions::default(), &every_column).unwrap();
        assert_eq!(sheet.headers, ["deal_id", "rep"]);
        assert_eq!(
            rows(&sheet),
            [vec!["D1", "Ann"], vec!["D1", "Ann"], vec!["D2", "D2"]]
        );
        // One value repeated across the widest row, 1,000 rows down, and
        // again further down: 16,384 × 1,001 cells, 32.8 M as value and
        // formula, against the bound of 5 M — 2 KB of zip.
        let bomb =
            |rows_repeated: usize| vec![header.clone(), (rows_repeated, vec![(16_384, Some("x"))])];
        ods(&path, &bomb(1_000));
        assert!(std::fs::metadata(&path).unwrap().len() < 4096);
        let err = read(&path, "deals.ods", &ReadOptions::default(), &every_column).unwrap_err();
        assert!(
            err.to_string()
                .contains("would expand its repeated rows and cells to more than 5000000 cells"),
            "{err}"
        );
        // 150 rows of 16,384 cells: 2 × 16,384 × 151 = 4.9 M, within.
        ods(&path, &bomb(150));
        let sheet = read(&path, "deals.ods", &ReadOptions::default(), &every_column).unwrap();
        assert_eq!(sheet.height, 150);
        // A cell of 4 G spaces (`text:s`): refused for its text.
        ods(
            &path,
            &[
                header.clone(),
                (1, vec![(1, Some("<text:s text:c=\"4000000000\"/>"))]),
            ],
        );
        let err = read(&path, "deals.ods", &ReadOptions::default(), &every_column).unwrap_err();
        assert!(err.to_string().contains("256 MiB of text"), "{err}");
    }

    /// `frame` written as `deals.parquet` and read back as a sheet.
    fn parquet_sheet(frame: &mut polars::prelude::DataFrame) -> Sheet {
        use polars::prelude::ParquetWriter;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deals.parquet");
        let file = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(file).finish(frame).unwrap();
        read(
            &path,
            "deals.parquet",
            &ReadOptions::default(),
            &every_column,
        )
        .unwrap()
    }

    /// Issue 14, item 3: Parquet as Spark and Snowflake write it — a
    /// `decimal(10,2)` amount and a `timestamp[us, tz=UTC]` — is read
    /// (the instant in UTC), not a panic or a "timezone-naive" refusal.
    #[test]
    fn parquet_decimals_and_zoned_timestamps_are_read() {
        use polars::prelude::*;
        let frame = df! {
            "deal_id" => ["D1", "D2"],
            "amount" => [1200.5, 300.0],
            // 2024-01-02 10:30:00 and 2024-03-04 23:59:59 UTC, in µs.
            "closed_at" => [1_704_191_400_000_000i64, 1_709_596_799_000_000],
        }
        .unwrap();
        let mut frame = frame
            .lazy()
            .with_columns([
                col("amount").cast(DataType::Decimal(10, 2)),
                col("closed_at").cast(DataType::Datetime(
                    TimeUnit::Microseconds,
                    Some(TimeZone::UTC),
                )),
            ])
            .collect()
            .unwrap();
        let sheet = parquet_sheet(&mut frame);
        assert_eq!(
            rows(&sheet),
            [
                vec!["D1", "1200.50", "2024-01-02 10:30:00.000000+00:00"],
                vec!["D2", "300.00", "2024-03-04 23:59:59.000000+00:00"],
            ]
        );
        // And the instants type as the same moments.
        assert_eq!(
            super::super::values::parse_moment(
                "2024-01-02 10:30:00.000000+00:00",
                crate::model::DateOrder::Ymd
            ),
            Some(1_704_191_400_000)
        );
    }

    /// Found by the `parquet` fuzz target: a timestamp beyond the year
    /// 9999 panicked inside polars' formatting. It is kept as the number
    /// the file holds (typing then rejects it as no date, with its line);
    /// the cells beside it read as before.
    #[test]
    fn parquet_timestamps_beyond_any_calendar_are_kept_as_numbers() {
        use polars::prelude::*;
        let frame = df! {
            "deal_id" => ["D1", "D2"],
            // 2024-01-02 10:30:00 UTC, and i64::MAX µs (year 294,247).
            "closed_at" => [1_704_191_400_000_000i64, i64::MAX],
            // 2024-01-02, and 3,000,000 days (year 10,183).
            "created_on" => [19_724i32, 3_000_000],
        }
        .unwrap();
        let mut frame = frame
            .lazy()
            .with_columns([
                col("closed_at").cast(DataType::Datetime(TimeUnit::Microseconds, None)),
                col("created_on").cast(DataType::Date),
            ])
            .collect()
            .unwrap();
        let sheet = parquet_sheet(&mut frame);
        assert_eq!(
            rows(&sheet),
            [
                vec!["D1", "2024-01-02 10:30:00.000000", "2024-01-02"],
                vec![
                    "D2",
                    "9223372036854775807 µs since 1970-01-01",
                    "3000000 days since 1970-01-01"
                ],
            ]
        );
    }

    #[test]
    fn parquet_files_are_read_as_text() {
        use polars::prelude::*;
        let mut frame = df! {
            "deal_id" => ["D1", "D2"],
            "amount" => [1200.5, 300.0],
        }
        .unwrap();
        let sheet = parquet_sheet(&mut frame);
        assert_eq!(sheet.headers, ["deal_id", "amount"]);
        assert_eq!(rows(&sheet), [vec!["D1", "1200.5"], vec!["D2", "300.0"]]);
        assert_eq!(sheet.format, "Parquet");
    }

    #[test]
    fn html_tables_saved_as_xls() {
        let html = "<html><meta charset=utf-8><table><tr><th>ID</th><th>Название</th></tr>\
                    <tr><td>1</td><td><b>Сделка</b> &amp; Co&nbsp;1</td></tr></table></html>";
        let s = read_html_table(html).unwrap();
        assert_eq!(s.headers, ["ID", "Название"]);
        assert_eq!(rows(&s)[0], ["1", "Сделка & Co\u{a0}1"]);
        // Issue 14, item 12: a NUL (or any control character) written as
        // a character reference is dropped, never put into a cell.
        let html = "<table><tr><th>rep</th></tr><tr><td>A&#0;nn&#x1;&#9;B</td></tr></table>";
        let s = read_html_table(html).unwrap();
        assert_eq!(rows(&s)[0], ["Ann B"]);
    }

    proptest::proptest! {
        /// No bytes make decoding or CSV reading panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            if let Ok((text, encoding)) = decode(&bytes, None) {
                let _ = read_delimited(&text, encoding, None);
                let _ = read_html_table(&text);
            }
        }

        /// Any grid of plain cells written with any delimiter reads back.
        #[test]
        fn delimited_grids_round_trip(
            cells in proptest::collection::vec(proptest::collection::vec("[a-zA-Zа-я0-9 ]{1,8}", 3), 1..20),
            delimiter in proptest::sample::select(vec![',', ';', '\t', '|']),
        ) {
            let header = "a,b,c".replace(',', &delimiter.to_string());
            let body: Vec<String> = cells
                .iter()
                .map(|row| row.iter().map(|c| format!("x{}", c.trim())).collect::<Vec<_>>().join(&delimiter.to_string()))
                .collect();
            let text = format!("{header}\n{}\n", body.join("\n"));
            let sheet = read_delimited(&text, "UTF-8", None).unwrap();
            proptest::prop_assert_eq!(sheet.height, cells.len());
            for (r, row) in cells.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let expected = format!("x{}", cell.trim());
                    proptest::prop_assert_eq!(sheet.cell(r, c), Some(expected.as_str()));
                }
            }
        }
    }
}
