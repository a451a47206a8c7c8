//! The os library (so far: `os.clock`, `os.time`, `os.getenv`, `os.exit`).

use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::TValue;

const FUNCS: &[Reg] = &[
    ("clock", clock, FF_C),
    ("exit", exit, FF_C),
    ("getenv", getenv, FF_C),
    ("time", time, FF_C),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("os"), FUNCS);
}

fn clock(l: &mut LuaState) -> LResult<usize> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    let c = ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9;
    l.ret_values(&[TValue::num(c)])
}

fn time(l: &mut LuaState) -> LResult<usize> {
    if !l.arg(0).is_nil() {
        return Err(l.caller_error(b"os.time with a table arrives with the standard-library work"));
    }
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    l.ret_values(&[TValue::num(t as f64)])
}

fn getenv(l: &mut LuaState) -> LResult<usize> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = l.check_bytes(1)?;
    match std::env::var_os(std::ffi::OsStr::from_bytes(&name)) {
        Some(v) => {
            let s = l.new_str(&v.into_vec());
            l.ret_values(&[s])
        }
        None => l.ret_values(&[TValue::NIL]),
    }
}

fn exit(l: &mut LuaState) -> LResult<usize> {
    let v = l.arg(0);
    let code = if v.is_nil() || v == TValue::TRUE {
        0
    } else if v == TValue::FALSE {
        1
    } else {
        l.check_int(1)? as i32
    };
    // exit() flushes C streams too; flushing first keeps that true whatever runs the VM.
    crate::lib::io::flush_all();
    std::process::exit(code);
}
