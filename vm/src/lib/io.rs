//! The io library (so far: `io.write` to stdout; files come with the standard-library work).

use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::TValue;
use std::io::Write;

const FUNCS: &[Reg] = &[("write", write, FF_C)];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("io"), FUNCS);
}

/// Write bytes to stdout; a closed pipe is not an error worth crashing for.
pub fn write_stdout(b: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b);
    // Lua's stdout is line-buffered on terminals and block-buffered otherwise; Rust's
    // stdout buffers by line, which keeps output ordered with stderr.
}

/// The C library's wording for an I/O error ("No such file or directory").
pub fn os_error_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        // SAFETY: strerror returns a valid NUL-terminated string for any errno.
        Some(code) => unsafe {
            std::ffi::CStr::from_ptr(libc::strerror(code))
                .to_string_lossy()
                .into_owned()
        },
        None => e.to_string(),
    }
}

fn write(l: &mut LuaState) -> LResult<usize> {
    let mut out = Vec::new();
    for i in 0..l.nargs() {
        let v = l.arg(i);
        if v.is_num() {
            crate::strfmt::fmt_num(&mut out, v.as_num());
        } else {
            out.extend_from_slice(&l.check_bytes(i + 1)?);
        }
    }
    write_stdout(&out);
    l.ret_values(&[TValue::TRUE])
}
