//! Encoding detection, delimiter sniffing, CSV and HTML-table reading on
//! arbitrary bytes: an error or a sheet, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(sheet) = yardstick::parsers::read_text_bytes(bytes) {
        for row in 0..sheet.height {
            for column in 0..sheet.headers.len() {
                let _ = sheet.cell(row, column);
            }
        }
    }
});
