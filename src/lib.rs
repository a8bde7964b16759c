//! yardstick turns CRM exports into a static website of sales-performance
//! scorecards. The data flows one way through one module per stage, in
//! the order [`Build`] runs them (see ARCHITECTURE.md):
//!
//! `ingest` (files → typed tables and an [`InputReport`]) → `standards`
//! (→ [`MetricTable`]) → `report` (→ page view models) → `charts` (→ SVG)
//! → `site` (→ HTML files and exports).
//!
//! `config` and `model` are shared by every stage; `cli` turns the command
//! line into a [`Build`], and `demo` writes synthetic exports.

mod build;
mod charts;
mod check;
pub mod cli;
pub mod config;
mod demo;
pub mod error;
mod fs;
mod ingest;
mod memory;
pub mod model;
mod parallel;
mod report;
mod site;
mod standards;
mod timings;

pub use build::{Build, Progress, Summary};
pub use config::{Config, Overrides};
pub use error::{Error, Result};
pub use memory::limit_malloc_arenas;
pub use model::{InputReport, MetricRow};
pub use site::export::COLUMNS as METRIC_COLUMNS;
pub use standards::MetricTable;
pub use timings::Timings;

/// The cell-value parsers and the text reader, for the benchmarks and fuzz
/// targets that exercise them alone. Not a stable interface.
#[doc(hidden)]
pub mod parsers {
    pub use crate::ingest::read::{read_text_bytes, Sheet};
    pub use crate::ingest::values::*;
}
