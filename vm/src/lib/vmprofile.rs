//! `require("jit.vmprofile")`: open, select, start, stop and close sampling profiles
//! from Lua. Handles are light userdata.

use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::{tag, TValue};

pub const FUNCS: &[Reg] = &[
    ("close", close, FF_C),
    ("open", open, FF_C),
    ("select", select, FF_C),
    ("start", start, FF_C),
    ("stop", stop, FF_C),
];

/// The preload loader: the module table.
pub fn loader(l: &mut LuaState) -> LResult<usize> {
    let t = l.new_table(0, 4);
    l.set_funcs(t, FUNCS);
    l.ret_values(&[TValue::gc(tag::TAB, t as *const crate::gc::GcHeader)])
}

fn handle_value(h: usize) -> TValue {
    TValue::lightud(h as u64 + 1)
}

fn check_handle(l: &mut LuaState, i: usize) -> LResult<usize> {
    let v = l.arg(i - 1);
    if v.is(tag::LIGHTUD) && v.payload() > 0 {
        Ok(v.payload() as usize - 1)
    } else {
        Err(l.type_arg_error(i, "profile"))
    }
}

fn fail(l: &mut LuaState, m: String) -> LResult<usize> {
    let s = l.new_str(m.as_bytes());
    l.ret_values(&[TValue::NIL, s])
}

/// `open(path)`: a new zeroed profile file; its handle, or `nil, message`.
fn open(l: &mut LuaState) -> LResult<usize> {
    let path = l.check_bytes(1)?;
    match crate::profile::open(&path) {
        Ok(h) => l.ret_values(&[handle_value(h)]),
        Err(m) => fail(l, m),
    }
}

/// `select(handle | nil)`: where samples go from now on; returns the previous handle.
fn select(l: &mut LuaState) -> LResult<usize> {
    let h = if l.arg(0).is_nil() {
        None
    } else {
        Some(check_handle(l, 1)?)
    };
    match crate::profile::select(h) {
        Ok(prev) => l.ret_values(&[prev.map_or(TValue::NIL, handle_value)]),
        Err(m) => Err(l.caller_error(m.as_bytes())),
    }
}

/// `start([interval_us])`: start sampling (1000 µs by default).
fn start(l: &mut LuaState) -> LResult<usize> {
    let us = l.opt_int(1, crate::profile::DEFAULT_INTERVAL_US as i64)?;
    if !(10..=10_000_000).contains(&us) {
        return Err(l.arg_error(1, "interval out of range"));
    }
    match crate::profile::start(us as u32) {
        Ok(()) => l.ret_values(&[TValue::TRUE]),
        Err(m) => fail(l, m),
    }
}

fn stop(_l: &mut LuaState) -> LResult<usize> {
    crate::profile::stop();
    Ok(0)
}

/// `close(handle)`: the profile's counts are final in its file.
fn close(l: &mut LuaState) -> LResult<usize> {
    let h = check_handle(l, 1)?;
    match crate::profile::close(h) {
        Ok(()) => l.ret_values(&[TValue::TRUE]),
        Err(m) => fail(l, m),
    }
}
