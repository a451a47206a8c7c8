//! The strix test-suite runner (Lua conformance tests, golden outputs, bad input).
//!
//! Layout of the suite (paths relative to `testsuite/`):
//! - `test/`: Lua files of `do --- name +tags` blocks, listed by `index` files
//!   (see [`index`] and [`split`] for the formats);
//! - `golden/`: programs with recorded stdout (and stderr/status for error cases);
//! - `badinput/`: programs that must fail cleanly;
//! - `bench/`: benchmark programs and the `first-figure.sh` comparison script.
//!
//! Everything here uses only `std`, so the runner builds before the VM does.

pub mod badinput;
pub mod golden;
pub mod index;
pub mod pool;
pub mod proc;
pub mod split;
pub mod vm;
