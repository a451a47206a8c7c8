//! The benchmark runner behind `strix-bench` (and the golden check of the
//! benchmarks in `strix-test bench`), one module per job:
//!
//! - [`suite`]: the programs, their sizes (`bench/index`) and expected outputs;
//! - [`vms`]: which VMs to compare; [`build`]: strix from git revisions or trees;
//! - [`measure`]: one process: wall and CPU time, peak RSS (`wait4`), timeout;
//! - [`run`]: the interleaved schedule and output checks; [`progress`]: its line;
//! - [`stats`]: medians, geometric means, bootstrap intervals;
//! - [`warmup`]: changepoint-based warm-up classification;
//! - [`analyze`]: records to a summary; [`report`], [`csv`], [`json`], [`plot`]: outputs.

pub mod analyze;
pub mod build;
pub mod csv;
pub mod json;
pub mod measure;
pub mod plot;
pub mod progress;
pub mod report;
pub mod run;
pub mod stats;
pub mod suite;
pub mod vms;
pub mod warmup;
