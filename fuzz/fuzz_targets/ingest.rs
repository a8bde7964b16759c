//! Ingestion and the standards: arbitrary bytes as a deals file (after a
//! valid header half the time), measured with the default configuration.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, &[u8])| {
    let (with_header, bytes) = input;
    let dir = tempfile::tempdir().unwrap();
    let mut content = Vec::new();
    if with_header {
        content.extend_from_slice(b"deal_id,rep,outcome,close_date,amount\n");
    }
    content.extend_from_slice(bytes);
    std::fs::write(dir.path().join("deals.csv"), &content).unwrap();
    // Reading and every standard, in the order a build runs them.
    let _ = yardstick::Build::new(dir.path(), yardstick::Config::default()).metrics();
});
