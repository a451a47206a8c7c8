//! Fuzz target: reading and verifying a bytecode dump must accept or reject any
//! bytes, never panic, abort or hang; what verifies must dump back to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pd) = strix_vm::bc::dump::read(data, b"=fuzz") {
        if strix_vm::bc::verify::verify_main(&pd).is_ok() {
            let once = strix_vm::bc::dump::write(&pd, false);
            let reread = strix_vm::bc::dump::read(&once, b"=fuzz").expect("own dump reads");
            assert_eq!(strix_vm::bc::dump::write(&reread, false), once);
        }
    }
});
