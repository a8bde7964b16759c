//! Workbooks built from the input, the way an attacker would shape them
//! (issue 14, item 4): XLSX sheets with cells anywhere up to XFD1048576,
//! shared strings that repeat, parts of raw bytes, and ODS content with
//! repeated rows and columns; read through ingestion. Run with memory
//! limits (see fuzz/README.md): an error naming the file is fine, an
//! abort or a peak beyond the limit is a finding.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

/// Takes bytes off the front of the input.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn number(&mut self, max: u32) -> u32 {
        let n = u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()]);
        n.checked_rem(max.wrapping_add(1)).unwrap_or(n)
    }
    fn text(&mut self) -> String {
        let len = (self.byte() % 24) as usize;
        let taken = &self.0[..len.min(self.0.len())];
        self.0 = &self.0[taken.len()..];
        String::from_utf8_lossy(taken)
            .replace(['<', '&', '"'], "_")
    }
}

fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    col += 1;
    while col > 0 {
        col -= 1;
        name.push(b'A' + (col % 26) as u8);
        col /= 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

fn zip_parts(path: &std::path::Path, parts: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

const MANIFEST: &str = "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
const CONTENT_TYPES: &str = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>";
const RELS: &str = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
const WORKBOOK: &str = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Deals\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
const WORKBOOK_RELS: &str = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input(bytes);
    let dir = tempfile::tempdir().unwrap();
    let mode = input.byte() % 3;
    if mode == 2 {
        // ODS content with repeated rows and cells.
        let mut rows = String::new();
        for _ in 0..(input.byte() % 8) {
            let rows_repeated = input.number(2_000_000);
            let mut cells = String::new();
            for _ in 0..(input.byte() % 6) {
                let cols_repeated = input.number(20_000);
                // A string, a run of spaces (`text:s`), a number, or an
                // empty cell (which the reader drops after a row's last value).
                let cell = match input.byte() % 4 {
                    0 => format!(
                        "<table:table-cell table:number-columns-repeated=\"{cols_repeated}\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        input.text()
                    ),
                    1 => format!(
                        "<table:table-cell table:number-columns-repeated=\"{cols_repeated}\" office:value-type=\"string\"><text:p>a<text:s text:c=\"{}\"/></text:p></table:table-cell>",
                        input.number(u32::MAX)
                    ),
                    2 => format!(
                        "<table:table-cell table:number-columns-repeated=\"{cols_repeated}\" office:value-type=\"float\" office:value=\"{}\"/>",
                        input.number(1_000_000)
                    ),
                    _ => format!(
                        "<table:table-cell table:number-columns-repeated=\"{cols_repeated}\"/>"
                    ),
                };
                cells.push_str(&cell);
            }
            rows.push_str(&format!(
                "<table:table-row table:number-rows-repeated=\"{rows_repeated}\">{cells}</table:table-row>"
            ));
        }
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet><table:table table:name=\"Deals\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>deal_id</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>rep</text:p></table:table-cell></table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        zip_parts(
            &dir.path().join("deals.ods"),
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
                ("META-INF/manifest.xml", MANIFEST.as_bytes().to_vec()),
                ("content.xml", content.into_bytes()),
            ],
        );
    } else {
        // XLSX: header cells, then cells anywhere, some through shared
        // strings repeated many times; or the sheet part as raw bytes.
        let mut strings = Vec::new();
        let repeat = input.number(200_000) as usize;
        let shared = input.text().repeat(repeat.min(1 << 20) / 8 + 1);
        strings.push(shared);
        let mut cells = String::from(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>deal_id</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>rep</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>outcome</t></is></c></row>",
        );
        let mut row = 1;
        for _ in 0..(input.byte() % 16) {
            row += 1 + input.number(1_048_576 / 4);
            if row > 1_048_576 {
                break;
            }
            let col = input.number(16_383);
            let value = if input.byte() % 2 == 0 {
                format!("<c r=\"{}{row}\" t=\"s\"><v>0</v></c>", column_name(col))
            } else {
                format!(
                    "<c r=\"{}{row}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    column_name(col),
                    input.text()
                )
            };
            cells.push_str(&format!("<row r=\"{row}\">{value}</row>"));
        }
        let sheet = if mode == 1 {
            input.0.to_vec()
        } else {
            format!("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{cells}</sheetData></worksheet>").into_bytes()
        };
        let sst: String = strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect();
        zip_parts(
            &dir.path().join("deals.xlsx"),
            &[
                ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
                ("_rels/.rels", RELS.as_bytes().to_vec()),
                ("xl/workbook.xml", WORKBOOK.as_bytes().to_vec()),
                ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes().to_vec()),
                ("xl/worksheets/sheet1.xml", sheet),
                (
                    "xl/sharedStrings.xml",
                    format!("<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{sst}</sst>").into_bytes(),
                ),
            ],
        );
    }
    let _ = yardstick::Build::new(dir.path(), yardstick::Config::default()).check();
});
