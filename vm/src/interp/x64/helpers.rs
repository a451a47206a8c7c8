//! The Rust side of the generated interpreter's slow paths: `extern "C"` functions
//! that take the machine code's state, do the work through the common frame protocol
//! and return a status (`ST_GO` with `L.base`/`L.savedpc` set, `ST_EXIT`, or an error).
//! The direct helpers of frequent slow paths (allocation, new keys, `TSETM`, `CAT`)
//! cannot fail or move the stack, and return their value instead (or a marker that
//! sends the handler to the generic path).

use super::{ST_EXIT, ST_GO};
use crate::bc::Ins;
use crate::func::{GcFunc, GcProto};
use crate::interp::{reference, Flow};
use crate::state::{LResult, LuaState, Status};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
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

/// `vm_ret`: return `nres` values at `res` from the frame at `base` (the `RET*` at
/// `pc - 1`) to a caller that is not a Lua frame.
pub extern "C" fn ret(
    l: *mut LuaState,
    base: *mut TValue,
    pc: *const Ins,
    res: *mut TValue,
    nres: u32,
) -> u32 {
    // SAFETY: as in `step`; the results lie in the frame.
    let l = unsafe { &mut *l };
    l.base = base;
    l.savedpc = pc;
    let r = l.ret(base, res, nres as usize);
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

/// `resume`'s and wrapped coroutines' fast functions: finish a resume whose
/// coroutine left its machine code with status `st` (`coro.rs`).
pub extern "C" fn resume_done(l: *mut LuaState, st: u32) -> u32 {
    // SAFETY: the machine code passes the resuming thread, in the native frame the
    // fast function linked.
    let l = unsafe { &mut *l };
    let r = crate::lib::coroutine::finish_fast_resume(l, st);
    flow_status(l, r)
}

/// `vm_newkey`'s helper: insert the absent `key` (a string or a number) into table
/// `t`, which is not black and whose stores no `__newindex` intercepts, and return the
/// slot the handler stores the
/// value in; null for a NaN key, whose error the slow path raises. Allocation never
/// runs the collector, so the handler's frame is untouched.
pub extern "C" fn tab_newkey(l: *mut LuaState, t: *mut GcTab, key: TValue) -> *mut TValue {
    // SAFETY: the machine code passes the running thread and a live table.
    let l = unsafe { &mut *l };
    tab::set(l.g(), t, key).unwrap_or(std::ptr::null_mut())
}

/// `TNEW`: a table sized by the operand `d` (array size, hash bits above bit 11).
pub extern "C" fn tab_new(l: *mut LuaState, d: u32) -> TValue {
    // SAFETY: the machine code passes the running thread.
    let l = unsafe { &mut *l };
    let t = tab::new(l.g(), d & 0x7ff, d >> 11);
    TValue::gc(crate::value::tag::TAB, t as *const crate::gc::GcHeader)
}

/// `TDUP`: a copy of the template table `t`.
pub extern "C" fn tab_dup(l: *mut LuaState, t: *const GcTab) -> TValue {
    // SAFETY: the machine code passes the running thread.
    let l = unsafe { &mut *l };
    let t = tab::dup(l.g(), t);
    TValue::gc(crate::value::tag::TAB, t as *const crate::gc::GcHeader)
}

/// `FNEW`: a closure of prototype `p` in the Lua frame at `base`.
pub extern "C" fn closure(l: *mut LuaState, p: *mut GcProto, base: *mut TValue) -> TValue {
    // SAFETY: the machine code passes the running thread and its frame, whose
    // function slot holds the enclosing Lua closure.
    let l = unsafe { &mut *l };
    let parent: *mut GcFunc = unsafe { (*base.sub(2)).ptr() };
    let f = l.new_closure(p, parent, base);
    TValue::gc(crate::value::tag::FUNC, f as *const crate::gc::GcHeader)
}

/// `UCLO` with open upvalues at or above `level`: close them.
pub extern "C" fn close_upvals(l: *mut LuaState, level: *mut TValue) {
    // SAFETY: the machine code passes the running thread and a slot of its frame.
    let l = unsafe { &mut *l };
    l.close_upvals(level);
}

/// `TSETM`: the values from `first` up to `L.top` into table `t` from key `start` on
/// (allocation never runs the collector, so the frame stays where it is).
pub extern "C" fn tsetm(l: *mut LuaState, t: *mut GcTab, first: *const TValue, start: u32) {
    // SAFETY: the machine code passes the running thread, a live table and the first
    // of the values that end at L.top, all in the frame.
    let l = unsafe { &mut *l };
    let vals = unsafe { std::slice::from_raw_parts(first, l.top.offset_from(first) as usize) };
    crate::interp::store_multres(l, t, start as i64, vals);
}

/// `vm_cat`: the string `CAT` (the instruction before `pc`) makes when its operands
/// are all strings or numbers, as raw bits; 0 (no string's bits) to take the slow path
/// for anything else (metamethods, errors). Allocation never runs the collector.
pub extern "C" fn cat(l: *mut LuaState, base: *const TValue, pc: *const Ins) -> u64 {
    // SAFETY: the machine code passes the running thread, its frame and the PC after
    // the `CAT`, whose operands B..=C are registers of that frame.
    let (l, vals) = unsafe {
        let ins = *pc.sub(1);
        let (b, c) = (crate::bc::bc_b(ins) as usize, crate::bc::bc_c(ins) as usize);
        (&mut *l, std::slice::from_raw_parts(base.add(b), c + 1 - b))
    };
    if !vals.iter().all(|&v| crate::meta::is_concatable(v)) {
        return 0;
    }
    l.concat_run(vals).map_or(0, |s| s.0)
}

/// `#t` for the `LEN` handler (tables ignore `__len` in Lua 5.1).
pub extern "C" fn table_len(t: *const crate::tab::GcTab) -> f64 {
    crate::tab::len(t) as f64
}

/// `a ^ b` for the `POW` handler.
pub extern "C" fn pow(a: f64, b: f64) -> f64 {
    crate::meta::lua_pow(a, b)
}

/// A fast function's Rust part: `(L, args, nargs, out)` with `nargs >= 1` values at
/// `args`. Results go to `out` (the call slot, below the arguments); it returns how
/// many it wrote, or -1 (having written nothing) to fall back to the full native
/// function, which also raises the errors.
pub type FfHelper = extern "C" fn(*mut LuaState, *const TValue, u32, *mut TValue) -> i32;

/// Argument `i` as an integer (a number as `check_int` converts it), if it is one.
fn int_arg(args: *const TValue, nargs: u32, i: u32, default: i64) -> Option<i64> {
    if i >= nargs {
        return Some(default);
    }
    // SAFETY: i < nargs.
    let v = unsafe { *args.add(i as usize) };
    v.is_num().then(|| crate::lib::num_to_int(v.as_num()))
}

/// `string.sub(s [, i [, j]])`.
pub extern "C" fn ff_sub(
    l: *mut LuaState,
    args: *const TValue,
    nargs: u32,
    out: *mut TValue,
) -> i32 {
    // SAFETY: the machine code passes the running thread and nargs >= 1 arguments.
    let (l, s) = unsafe { (&mut *l, *args) };
    if !s.is_str() || nargs > 3 {
        return -1;
    }
    let (Some(i), Some(j)) = (int_arg(args, nargs, 1, 1), int_arg(args, nargs, 2, -1)) else {
        return -1;
    };
    // SAFETY: the string is held by its argument slot; interning never moves it.
    let bytes = unsafe { (*s.ptr::<GcStr>()).as_bytes() };
    let r = l.new_str(crate::lib::string::sub_range(bytes, i, j));
    // SAFETY: out is the call slot.
    unsafe { *out = r };
    1
}

/// `string.char(...)` with every argument a byte value.
pub extern "C" fn ff_char(
    l: *mut LuaState,
    args: *const TValue,
    nargs: u32,
    out: *mut TValue,
) -> i32 {
    let mut bytes = Vec::with_capacity(nargs as usize);
    for i in 0..nargs {
        match int_arg(args, nargs, i, 0) {
            Some(c @ 0..=255) => bytes.push(c as u8),
            _ => return -1,
        }
    }
    // SAFETY: as in `ff_sub`.
    let l = unsafe { &mut *l };
    let r = l.new_str(&bytes);
    // SAFETY: out is the call slot.
    unsafe { *out = r };
    1
}

/// `next(t [, k])`.
pub extern "C" fn ff_next(
    _l: *mut LuaState,
    args: *const TValue,
    nargs: u32,
    out: *mut TValue,
) -> i32 {
    // SAFETY: nargs >= 1 arguments at args; out has room for nargs + 2 values.
    unsafe {
        let t = *args;
        let k = if nargs > 1 { *args.add(1) } else { TValue::NIL };
        if !t.is_tab() {
            return -1;
        }
        match tab::next(t.ptr::<GcTab>(), k) {
            Ok(Some((k, v))) => {
                *out = k;
                *out.add(1) = v;
                2
            }
            Ok(None) => {
                *out = TValue::NIL;
                1
            }
            Err(_) => -1,
        }
    }
}

/// `tostring(v)` for strings and for numbers without a `__tostring`.
pub extern "C" fn ff_tostring(
    l: *mut LuaState,
    args: *const TValue,
    _nargs: u32,
    out: *mut TValue,
) -> i32 {
    // SAFETY: as in `ff_sub`.
    let (l, v) = unsafe { (&mut *l, *args) };
    if !(v.is_str() || v.is_num() && l.get_mm(v, crate::meta::MM::Tostring).is_nil()) {
        return -1;
    }
    let r = if v.is_str() {
        v
    } else {
        crate::str::new_num(l.g(), v.as_num())
    };
    // SAFETY: out is the call slot.
    unsafe { *out = r };
    1
}

/// `tonumber(s)` of a string (numbers are handled in machine code).
pub extern "C" fn ff_tonumber(
    _l: *mut LuaState,
    args: *const TValue,
    nargs: u32,
    out: *mut TValue,
) -> i32 {
    // SAFETY: nargs >= 1 arguments at args.
    let v = unsafe { *args };
    if nargs != 1 || !v.is_str() {
        return -1;
    }
    // SAFETY: v is a live string.
    let r = match crate::strscan::str2num(unsafe { (*v.ptr::<GcStr>()).as_bytes() }) {
        Some(n) => TValue::num(n),
        None => TValue::NIL,
    };
    // SAFETY: out is the call slot.
    unsafe { *out = r };
    1
}
