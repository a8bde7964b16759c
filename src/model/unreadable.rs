//! Why a file cannot be read as a table, as data: the reader's and the
//! typing's diagnostics with the specifics they name (a sheet, a column,
//! an example value, a limit). `check` and errors print the English
//! ([`Display`](fmt::Display)); a Russian page that says an optional file
//! was skipped gives the reason in Russian ([`Unreadable::russian`]), so
//! no English sentence is left inside a Russian one (issue 15, item 10).
//!
//! A library's own diagnostic (the CSV, workbook or Parquet reader's) is
//! kept as its `detail`: it is quoted, not translated, like a file name.

use std::fmt;

use super::message::ru_count;
use super::Table;

/// What a workbook may inflate to (the README's "Safety and limits"): a
/// few kilobytes of zip can declare gigabytes of XML, and one cell at
/// XFD1048576 a grid of 17 billion cells.
pub const WORKBOOK_UNZIPPED_LIMIT: u64 = 512 << 20;
/// Cells a sheet may hold, counted as the rows it has times its width.
pub const WORKBOOK_CELL_LIMIT: usize = 20_000_000;
/// Cells an ODS workbook's reader may hold while it opens.
pub const ODS_CELL_LIMIT: usize = WORKBOOK_CELL_LIMIT / 4;
/// Bytes of cell text an ODS workbook's reader may hold while it opens.
pub const ODS_TEXT_LIMIT: usize = 256 << 20;

/// Why a file cannot be read as a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// No bytes, or no line at all.
    Empty,
    /// No line end in the first 64 KiB of a longer file.
    FirstLineTooLong,
    /// The config names an encoding encoding_rs does not know.
    UnknownEncoding {
        label: String,
    },
    /// The file is not valid text in the encoding the config sets.
    DoesNotDecode {
        encoding: &'static str,
    },
    /// A byte-order mark (`UTF-8`, `UTF-16`) followed by invalid text.
    BadMark {
        mark: &'static str,
    },
    /// NUL bytes in what is otherwise UTF-8, or in no UTF-16.
    NulBytes {
        utf8: bool,
    },
    /// Text that reads as words in none of the encodings tried.
    UnknownText,
    /// The CSV reader's own diagnostic.
    NotCsv {
        detail: String,
    },
    /// A zipped workbook whose parts declare more than the limit.
    WorkbookTooLarge {
        part: String,
        part_mib: u64,
    },
    /// An ODS whose repeated rows and cells expand beyond the limits.
    OdsTooLarge,
    NotAWorkbook {
        detail: String,
    },
    NoSuchSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    NoSheets,
    SheetUnreadable {
        sheet: String,
        detail: String,
    },
    /// An XLSX sheet whose rows, each out to its last filled column, hold
    /// more cells than the limit; the 1-based row and column reached.
    SheetTooLarge {
        sheet: String,
        row: usize,
        column: usize,
    },
    /// Another workbook's sheet whose grid is over the limit.
    SheetGridTooLarge {
        sheet: String,
        rows: usize,
        columns: usize,
    },
    NoHeaderRow {
        sheet: String,
    },
    /// `detail` is `None` where the reader gave up on a column type.
    NotParquet {
        detail: Option<String>,
    },
    ParquetColumnNotText {
        column: String,
        detail: String,
    },
    NoHtmlTable,
    EmptyHtmlTable,
    /// A date column holding both day-first and month-first dates.
    MixedDateOrder {
        column: &'static str,
        day_first: String,
        month_first: String,
    },
    /// A date column where every date reads both ways.
    AmbiguousDateOrder {
        column: &'static str,
        example: String,
        table: Table,
    },
    /// A number column with both a decimal point and a decimal comma.
    MixedDecimal {
        column: &'static str,
        point: String,
        comma: String,
        table: Table,
    },
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const AS_CSV: &str = "export the sheet as CSV instead";
        match self {
            Unreadable::Empty => f.write_str("is empty; it needs at least a header line"),
            Unreadable::FirstLineTooLong => f.write_str(
                "its first line is longer than 64 KiB; an export starts with a line of column \
                 headers",
            ),
            Unreadable::UnknownEncoding { label } => write!(
                f,
                "encoding \"{label}\" in yardstick.toml is not one yardstick knows"
            ),
            Unreadable::DoesNotDecode { encoding } => {
                write!(f, "does not decode as {encoding} (set in yardstick.toml)")
            }
            Unreadable::BadMark { mark } => {
                write!(f, "starts with a {mark} mark but is not valid {mark}")
            }
            Unreadable::NulBytes { utf8: true } => {
                f.write_str("holds NUL bytes: it is not a text export")
            }
            Unreadable::NulBytes { utf8: false } => {
                f.write_str("holds NUL bytes and is not UTF-16: it is not a text export")
            }
            Unreadable::UnknownText => f.write_str(
                "reads as none of UTF-8, UTF-16, Windows-1250 (Central European), Windows-1251 \
                 (Cyrillic) or Windows-1252 (Western) without garbled words; set `encoding` \
                 under its [tables.<table>] in yardstick.toml",
            ),
            Unreadable::NotCsv { detail } => write!(f, "could not be read as CSV: {detail}"),
            Unreadable::WorkbookTooLarge { part, part_mib } => write!(
                f,
                "would inflate to more than {} MiB (part \"{part}\" alone declares {part_mib} \
                 MiB); yardstick reads workbooks up to that size — {AS_CSV}",
                WORKBOOK_UNZIPPED_LIMIT >> 20
            ),
            Unreadable::OdsTooLarge => write!(
                f,
                "would expand its repeated rows and cells to more than {ODS_CELL_LIMIT} cells \
                 or {} MiB of text while it opens; yardstick reads ODS workbooks up to that \
                 size — {AS_CSV}",
                ODS_TEXT_LIMIT >> 20
            ),
            Unreadable::NotAWorkbook { detail } => {
                write!(f, "could not be opened as a workbook: {detail}")
            }
            Unreadable::NoSuchSheet { sheet, sheets } => {
                write!(
                    f,
                    "has no sheet \"{sheet}\"; its sheets are {}",
                    sheets.join(", ")
                )
            }
            Unreadable::NoSheets => f.write_str("has no sheets"),
            Unreadable::SheetUnreadable { sheet, detail } => {
                write!(f, "sheet \"{sheet}\" could not be read: {detail}")
            }
            Unreadable::SheetTooLarge { sheet, row, column } => write!(
                f,
                "sheet \"{sheet}\" spans more than {WORKBOOK_CELL_LIMIT} cells (each row out to \
                 its last filled column; row {row} reaches column {column}); yardstick reads \
                 sheets up to that size — export it as CSV instead"
            ),
            Unreadable::SheetGridTooLarge {
                sheet,
                rows,
                columns,
            } => write!(
                f,
                "sheet \"{sheet}\" spans {rows} rows × {columns} columns, more than the \
                 {WORKBOOK_CELL_LIMIT} cells yardstick reads"
            ),
            Unreadable::NoHeaderRow { sheet } => write!(f, "sheet \"{sheet}\" has no header row"),
            Unreadable::NotParquet { detail } => write!(
                f,
                "could not be read as Parquet: {}",
                detail
                    .as_deref()
                    .unwrap_or("a column type yardstick does not read")
            ),
            Unreadable::ParquetColumnNotText { column, detail } => {
                write!(f, "column \"{column}\" could not be read as text: {detail}")
            }
            Unreadable::NoHtmlTable => f.write_str("has no <table>"),
            Unreadable::EmptyHtmlTable => f.write_str("has an empty <table>"),
            Unreadable::MixedDateOrder {
                column,
                day_first,
                month_first,
            } => write!(
                f,
                "column `{column}` mixes day-first dates (\"{day_first}\") with month-first \
                 dates (\"{month_first}\")"
            ),
            Unreadable::AmbiguousDateOrder {
                column,
                example,
                table,
            } => write!(
                f,
                "column `{column}`: every date could be day-first or month-first (e.g. \
                 \"{example}\"); set date_order = \"dmy\" or \"mdy\" under [tables.{table}] in \
                 yardstick.toml"
            ),
            Unreadable::MixedDecimal {
                column,
                point,
                comma,
                table,
            } => write!(
                f,
                "column `{column}` mixes a decimal point (\"{point}\") with a decimal comma \
                 (\"{comma}\"); set decimal = \"point\" or \"comma\" under [tables.{table}] in \
                 yardstick.toml"
            ),
        }
    }
}

impl Unreadable {
    /// The same reason in Russian. Config keys, sheet and column names,
    /// values and a library's own diagnostic are quoted as they are.
    pub fn russian(&self) -> String {
        const AS_CSV: &str = "выгрузите лист в CSV";
        let said = |detail: &str| format!("(сообщение программы чтения: {detail})");
        match self {
            Unreadable::Empty => "файл пуст, а нужна хотя бы строка заголовков".into(),
            Unreadable::FirstLineTooLong => "первая строка длиннее 64 КиБ, а выгрузка \
                                             начинается со строки заголовков столбцов"
                .into(),
            Unreadable::UnknownEncoding { label } => {
                format!("кодировка «{label}», указанная в yardstick.toml, yardstick неизвестна")
            }
            Unreadable::DoesNotDecode { encoding } => {
                format!("не читается в кодировке {encoding}, указанной в yardstick.toml")
            }
            Unreadable::BadMark { mark } => {
                format!("начинается с метки {mark}, но не является правильным текстом {mark}")
            }
            Unreadable::NulBytes { utf8: true } => {
                "содержит нулевые байты: это не текстовая выгрузка".into()
            }
            Unreadable::NulBytes { utf8: false } => {
                "содержит нулевые байты и не является текстом UTF-16: это не текстовая выгрузка"
                    .into()
            }
            Unreadable::UnknownText => "ни в одной из кодировок UTF-8, UTF-16, Windows-1250 \
                                        (центральноевропейская), Windows-1251 (кириллица) и \
                                        Windows-1252 (западноевропейская) не читается без \
                                        искажённых слов; укажите `encoding` в его \
                                        [tables.<table>] в yardstick.toml"
                .into(),
            Unreadable::NotCsv { detail } => format!("не читается как CSV {}", said(detail)),
            Unreadable::WorkbookTooLarge { part, part_mib } => format!(
                "после распаковки занял бы больше {} МиБ (одна часть «{part}» объявляет \
                 {part_mib} МиБ); yardstick читает книги до этого размера — {AS_CSV}",
                WORKBOOK_UNZIPPED_LIMIT >> 20
            ),
            Unreadable::OdsTooLarge => format!(
                "при открытии развернул бы повторённые строки и ячейки больше чем в \
                 {ODS_CELL_LIMIT} ячеек или {} МиБ текста; yardstick читает книги ODS до этого \
                 размера — {AS_CSV}",
                ODS_TEXT_LIMIT >> 20
            ),
            Unreadable::NotAWorkbook { detail } => {
                format!(
                    "не открывается как книга электронной таблицы {}",
                    said(detail)
                )
            }
            Unreadable::NoSuchSheet { sheet, sheets } => format!(
                "в книге нет листа «{sheet}»; её листы: {}",
                sheets
                    .iter()
                    .map(|s| format!("«{s}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Unreadable::NoSheets => "в книге нет листов".into(),
            Unreadable::SheetUnreadable { sheet, detail } => {
                format!("лист «{sheet}» не читается {}", said(detail))
            }
            Unreadable::SheetTooLarge { sheet, row, column } => format!(
                "лист «{sheet}» занимает больше {WORKBOOK_CELL_LIMIT} ячеек (каждая строка до \
                 последнего заполненного столбца; строка {row} доходит до столбца {column}); \
                 yardstick читает листы до этого размера — выгрузите его в CSV"
            ),
            Unreadable::SheetGridTooLarge {
                sheet,
                rows,
                columns,
            } => format!(
                "лист «{sheet}» занимает {} × {} — больше {WORKBOOK_CELL_LIMIT} ячеек, которые \
                 читает yardstick",
                ru_count(*rows, ["строка", "строки", "строк"]),
                ru_count(*columns, ["столбец", "столбца", "столбцов"])
            ),
            Unreadable::NoHeaderRow { sheet } => {
                format!("на листе «{sheet}» нет строки заголовков")
            }
            Unreadable::NotParquet { detail: None } => {
                "не читается как Parquet: в нём столбец типа, который yardstick не читает".into()
            }
            Unreadable::NotParquet {
                detail: Some(detail),
            } => format!("не читается как Parquet {}", said(detail)),
            Unreadable::ParquetColumnNotText { column, detail } => {
                format!("столбец «{column}» не читается как текст {}", said(detail))
            }
            Unreadable::NoHtmlTable => "в HTML нет таблицы (<table>)".into(),
            Unreadable::EmptyHtmlTable => "таблица HTML (<table>) пуста".into(),
            Unreadable::MixedDateOrder {
                column,
                day_first,
                month_first,
            } => format!(
                "в столбце `{column}` смешаны даты с днём впереди («{day_first}») и с месяцем \
                 впереди («{month_first}»)"
            ),
            Unreadable::AmbiguousDateOrder {
                column,
                example,
                table,
            } => format!(
                "в столбце `{column}` любую дату можно прочесть и с днём, и с месяцем впереди \
                 (например, «{example}»); укажите date_order = \"dmy\" или \"mdy\" в \
                 [tables.{table}] в yardstick.toml"
            ),
            Unreadable::MixedDecimal {
                column,
                point,
                comma,
                table,
            } => format!(
                "в столбце `{column}` смешаны десятичная точка («{point}») и десятичная запятая \
                 («{comma}»); укажите decimal = \"point\" или \"comma\" в [tables.{table}] в \
                 yardstick.toml"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason, one of each, for the tests below.
    fn every_reason() -> Vec<Unreadable> {
        let s = |t: &str| t.to_string();
        vec![
            Unreadable::Empty,
            Unreadable::FirstLineTooLong,
            Unreadable::UnknownEncoding { label: s("koi9") },
            Unreadable::DoesNotDecode {
                encoding: "windows-1251",
            },
            Unreadable::BadMark { mark: "UTF-16" },
            Unreadable::NulBytes { utf8: true },
            Unreadable::NulBytes { utf8: false },
            Unreadable::UnknownText,
            Unreadable::NotCsv { detail: s("x") },
            Unreadable::WorkbookTooLarge {
                part: s("xl/sharedStrings.xml"),
                part_mib: 600,
            },
            Unreadable::OdsTooLarge,
            Unreadable::NotAWorkbook { detail: s("x") },
            Unreadable::NoSuchSheet {
                sheet: s("Deals"),
                sheets: vec![s("Sheet1"), s("Sheet2")],
            },
            Unreadable::NoSheets,
            Unreadable::SheetUnreadable {
                sheet: s("Deals"),
                detail: s("x"),
            },
            Unreadable::SheetTooLarge {
                sheet: s("Deals"),
                row: 3,
                column: 16384,
            },
            Unreadable::SheetGridTooLarge {
                sheet: s("Deals"),
                rows: 21,
                columns: 1_000_002,
            },
            Unreadable::NoHeaderRow { sheet: s("Deals") },
            Unreadable::NotParquet { detail: None },
            Unreadable::NotParquet {
                detail: Some(s("x")),
            },
            Unreadable::ParquetColumnNotText {
                column: s("amount"),
                detail: s("x"),
            },
            Unreadable::NoHtmlTable,
            Unreadable::EmptyHtmlTable,
            Unreadable::MixedDateOrder {
                column: "closed_on",
                day_first: s("31/03/2024"),
                month_first: s("3/31/2024"),
            },
            Unreadable::AmbiguousDateOrder {
                column: "closed_on",
                example: s("01/03/2024"),
                table: Table::Forecasts,
            },
            Unreadable::MixedDecimal {
                column: "amount",
                point: s("2.5"),
                comma: s("1,5"),
                table: Table::Deals,
            },
        ]
    }

    #[test]
    fn every_reason_has_russian_words_and_no_english_sentence() {
        // Words of the English texts that a Russian reason must not carry;
        // quoted values, config keys and the placeholder "x" aside.
        let english = [
            " is ",
            " the ",
            " could ",
            " not ",
            " has ",
            " with ",
            " column ",
            " sheet ",
            " read",
            " set ",
            "yardstick reads",
        ];
        for reason in every_reason() {
            let ru = reason.russian();
            assert!(
                ru.chars().any(|c| ('а'..='я').contains(&c)),
                "{reason:?}: {ru}"
            );
            for word in english {
                assert!(!ru.contains(word), "{reason:?}: {ru:?} has {word:?}");
            }
        }
    }

    #[test]
    fn russian_reasons_keep_the_specifics_and_count_in_russian() {
        let sheet = Unreadable::SheetGridTooLarge {
            sheet: "Deals".into(),
            rows: 21,
            columns: 1_000_002,
        };
        // 21 → «строка» (ends in 1, not 11); 1 000 002 → «столбца» (ends in 2).
        assert_eq!(
            sheet.russian(),
            "лист «Deals» занимает 21 строка × 1000002 столбца — больше 20000000 ячеек, \
             которые читает yardstick"
        );
        let dates = Unreadable::AmbiguousDateOrder {
            column: "closed_on",
            example: "01/03/2024".into(),
            table: Table::Forecasts,
        };
        assert_eq!(
            dates.russian(),
            "в столбце `closed_on` любую дату можно прочесть и с днём, и с месяцем впереди \
             (например, «01/03/2024»); укажите date_order = \"dmy\" или \"mdy\" в \
             [tables.forecasts] в yardstick.toml"
        );
        let detail = Unreadable::NotAWorkbook {
            detail: "Zip error: invalid Zip archive".into(),
        };
        assert_eq!(
            detail.russian(),
            "не открывается как книга электронной таблицы (сообщение программы чтения: Zip \
             error: invalid Zip archive)"
        );
    }

    #[test]
    fn the_english_is_what_check_has_always_printed() {
        assert_eq!(
            Unreadable::MixedDateOrder {
                column: "closed_on",
                day_first: "31/03/2024".into(),
                month_first: "3/31/2024".into(),
            }
            .to_string(),
            "column `closed_on` mixes day-first dates (\"31/03/2024\") with month-first dates \
             (\"3/31/2024\")"
        );
        assert_eq!(
            Unreadable::OdsTooLarge.to_string(),
            "would expand its repeated rows and cells to more than 5000000 cells or 256 MiB of \
             text while it opens; yardstick reads ODS workbooks up to that size — export the \
             sheet as CSV instead"
        );
    }
}
