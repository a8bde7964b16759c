//! Differential: a deals file typed a few bytes of lines at a time must
//! load exactly as it does read whole — the same tables, reports and
//! findings — or fail the same way.
#![no_main]
use libfuzzer_sys::fuzz_target;
use yardstick::{Build, Config, InputReport};

fn summary(data: &InputReport) -> String {
    let mut s = format!("{:?}\n", data.findings);
    for r in &data.tables {
        s.push_str(&format!(
            "{:?} {} {} {} {:?}\n",
            r.table, r.rows_read, r.rows_rejected, r.rows_duplicate, r.date_range
        ));
        for f in &r.files {
            s.push_str(&format!(
                "{} {} {:?} {:?} {:?} {:?} {:?}\n",
                f.crm, f.format, f.mapping, f.value_formats, f.date_order, f.decimal, f.unmapped_stages
            ));
        }
    }
    s
}

fuzz_target!(|input: (u8, u8, &[u8])| {
    let (shape, block, bytes) = input;
    let dir = tempfile::tempdir().unwrap();
    let mut content = Vec::new();
    match shape % 3 {
        0 => content.extend_from_slice(b"deal_id,rep,outcome,close_date,amount,created_on\n"),
        1 => content.extend_from_slice(
            "\u{feff}Opportunity ID;Opportunity Owner;Stage;Close Date;Amount\n".as_bytes(),
        ),
        _ => {}
    }
    content.extend_from_slice(bytes);
    std::fs::write(dir.path().join("deals.csv"), &content).unwrap();
    let load = |block: Option<usize>| {
        Build::new(dir.path(), Config::default())
            .read_in_blocks(block)
            .tables()
    };
    let whole = load(None);
    let blocks = load(Some(1 + block as usize));
    match (whole, blocks) {
        (Ok((whole_tables, whole)), Ok((block_tables, blocks))) => {
            assert_eq!(summary(&whole), summary(&blocks));
            assert_eq!(whole_tables.len(), block_tables.len());
            for (table, frame) in &whole_tables {
                assert!(frame.equals_missing(&block_tables[table]), "{table:?}");
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("whole: {:?}\nin blocks: {:?}", a.map(|d| summary(&d.1)), b.map(|d| summary(&d.1))),
    }
});
