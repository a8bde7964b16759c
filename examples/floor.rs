//! The read-only floor for benchmarks: polars reads every CSV under a
//! folder into memory, every column as text (as yardstick's fast path
//! does), and nothing else. `benches/bench.sh` compares builds with it.
//!
//! cargo run --release --example floor -- DIR

use std::time::Instant;

use polars::prelude::*;

fn main() -> PolarsResult<()> {
    let dir = std::env::args().nth(1).expect("usage: floor DIR");
    let start = Instant::now();
    let mut rows = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    for path in files {
        let frame = LazyCsvReader::new(PlRefPath::try_from_path(&path)?)
            .with_glob(false)
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .finish()?
            .collect()?;
        rows += frame.height();
    }
    println!("{rows} rows in {:.3} s", start.elapsed().as_secs_f64());
    Ok(())
}
