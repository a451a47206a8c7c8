//! Fuzz target: the auditlog reader decodes up to damage in any bytes, never
//! panicking, aborting or hanging.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = strix_auditlog::read_log(data);
});
