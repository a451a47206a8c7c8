//! Fuzz target: the lexer and parser must return Ok or a SyntaxError for any
//! bytes, never panic, abort or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Only the absence of a crash matters; the result is ignored.
    let _ = strix_vm::parse::parse(data, b"=fuzz");
});
