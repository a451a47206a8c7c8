//! Fuzz target: the vmprofile reader accepts or rejects any bytes without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = strix_vmprofile::read_profile(data);
});
