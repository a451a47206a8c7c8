//! The strix test-suite runner (Lua conformance tests, golden outputs, bad input).
//!
//! Layout of the suite (paths relative to `testsuite/`):
//! - `test/`: Lua files of `do --- name +tags` blocks, listed by `index` files
//!   (see [`index`] and [`split`] for the formats);
//! - `golden/`: programs with recorded stdout (and stderr/status for error cases);
//! - `badinput/`: programs that must fail cleanly;
//! - `bench/`: benchmark programs (see [`bench`] and `strix-bench`).
//!
//! [`diff`] compares two execution modes on all of these; [`difffuzz`] on
//! random programs.
//!
//! Nothing here depends on the VM crate, so the runners build before the VM does.

pub mod badinput;
pub mod bench;
pub mod diff;
pub mod difffuzz;
pub mod golden;
pub mod index;
pub mod pool;
pub mod proc;
pub mod split;
pub mod vm;
