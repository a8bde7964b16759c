//! Whole-file ingestion alone (reading, recognising, typing, meaning,
//! duplicates, roster), without the standards: many more inputs a second
//! than `ingest`, for the reading and typing paths to reach a plateau.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &[u8])| {
    let (shape, bytes) = input;
    let dir = tempfile::tempdir().unwrap();
    let mut content = Vec::new();
    // A valid header a third of the time, a BOM and a Salesforce header
    // another third; raw bytes otherwise.
    match shape % 3 {
        0 => content.extend_from_slice(b"deal_id,rep,outcome,close_date,amount,created_on\n"),
        1 => content.extend_from_slice(
            "\u{feff}Opportunity ID;Opportunity Owner;Stage;Close Date;Amount\n".as_bytes(),
        ),
        _ => {}
    }
    content.extend_from_slice(bytes);
    std::fs::write(dir.path().join("deals.csv"), &content).unwrap();
    let _ = yardstick::Build::new(dir.path(), yardstick::Config::default()).check();
});
