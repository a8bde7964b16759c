//! yardstick turns CRM exports into a static website of sales-performance
//! scorecards. The data flows one way through one module per stage:
//!
//! `ingest` (files → canonical tables) → `standards` (→ metric table) →
//! `report` (→ page view models) → `charts` (→ SVG) → `site` (→ HTML files).
//!
//! `config` and `model` are shared by all stages; `cli` wires them to the
//! command line and `demo` writes synthetic exports.

pub mod charts;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod ingest;
pub mod memory;
pub mod model;
pub mod parallel;
pub mod report;
pub mod site;
pub mod standards;
pub mod timings;
