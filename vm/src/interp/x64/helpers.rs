//! The Rust side of the generated interpreter's slow paths: `extern "C"` functions
//! that take the machine code's state, do the work through the common frame protocol
//! and return a status (`ST_GO` with `L.base`/`L.savedpc` set, `ST_EXIT`, or an error).

use super::{ST_EXIT, ST_GO};
use crate::bc::Ins;
use crate::interp::{reference, Flow};
use crate::state::{LResult, LuaState, Status};
use crate::value::TValue;

/// Encode where execution goes next as a status for the machine code.
fn flow_status(l: &mut LuaState, r: LResult<Flow>) -> u32 {
    match r {
        Ok(Flow::Lua(b, p)) => {
            l.base = b;
            l.savedpc = p;
            ST_GO
        }
        Ok(Flow::Exit) => ST_EXIT,
        Err(e) => e as u32,
    }
}

/// The error status behind a code the machine code returned.
pub fn status_of(code: u32) -> Status {
    match code {
        1 => Status::Yield,
        3 => Status::ErrSyntax,
        4 => Status::ErrMem,
        5 => Status::ErrErr,
        _ => Status::ErrRun,
    }
}

/// `vm_step`: execute the instruction before `pc` with the reference semantics.
pub extern "C" fn step(l: *mut LuaState, base: *mut TValue, pc: *const Ins) -> u32 {
    // SAFETY: the machine code passes the running thread, exclusively in use by it.
    let l = unsafe { &mut *l };
    let r = reference::step(l, base, pc.wrapping_sub(1));
    flow_status(l, r)
}

/// `vm_precall`: finish a call to the function at `base[-2]` with `nargs` arguments,
/// the link already stored (function headers' slow path: stack growth, vararg
/// frames, native functions, call hooks).
pub extern "C" fn precall(l: *mut LuaState, base: *mut TValue, nargs: u32) -> u32 {
    // SAFETY: as in `step`; base[-1] is the frame's link, a return PC for Lua callers.
    let l = unsafe { &mut *l };
    unsafe {
        // Errors are reported as the reference interpreter reports them: at the caller's PC.
        let link = (*base.sub(1)).0;
        if link & crate::state::FRAME_TYPE == crate::state::FRAME_LUA {
            l.savedpc = link as *const Ins;
        }
        l.top = base.add(nargs as usize);
    }
    let r = l.precall(base, nargs as usize);
    flow_status(l, r)
}

/// `#t` for the `LEN` handler (tables ignore `__len` in Lua 5.1).
pub extern "C" fn table_len(t: *const crate::tab::GcTab) -> f64 {
    crate::tab::len(t) as f64
}

/// `a ^ b` for the `POW` handler.
pub extern "C" fn pow(a: f64, b: f64) -> f64 {
    crate::meta::lua_pow(a, b)
}
