//! The `jit` library: LuaJIT's control interface, telling the truth about strix today.
//! There is no trace compiler yet, so the JIT reports itself off and cannot be turned
//! on; optimisation settings are checked and kept for it (`crate::jit`), and programs
//! that identify LuaJIT through `jit.version`/`jit.version_num` see a 2.1-compatible VM.

use super::Reg;
use crate::func::{GcFunc, GcProto, FF_C};
use crate::gc::GcHeader;
use crate::proto::{PROTO_CHILD, PROTO_NOJIT};
use crate::state::{LResult, LuaState};
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("attach", attach, FF_C),
    ("auditlog", auditlog, FF_C),
    ("flush", flush, FF_C),
    ("off", off, FF_C),
    ("on", on, FF_C),
    ("status", status, FF_C),
];

const OPT_FUNCS: &[Reg] = &[("start", opt_start, FF_C)];

pub const VERSION: &str = "LuaJIT 2.1.0-strix";
pub const VERSION_NUM: f64 = 20100.0;

pub fn open(l: &mut LuaState) {
    let t = l.register_lib(Some("jit"), FUNCS);
    let v = l.new_str(VERSION.as_bytes());
    l.set_field(t, "version", v);
    l.set_field(t, "version_num", TValue::num(VERSION_NUM));
    let v = l.new_str(b"Linux");
    l.set_field(t, "os", v);
    let v = l.new_str(b"x64");
    l.set_field(t, "arch", v);
    let opt = l.new_table(0, 1);
    l.set_funcs(opt, OPT_FUNCS);
    l.set_field(t, "opt", TValue::gc(tag::TAB, opt as *const GcHeader));
}

/// The prototype `jit.on`/`jit.off` address: a Lua function argument, or `true` for
/// the calling function. None when the argument is absent (the whole JIT).
fn target_proto(l: &mut LuaState) -> LResult<Option<*mut GcProto>> {
    let a = l.arg(0);
    if a.is_nil() {
        return Ok(None);
    }
    let f = if a == TValue::TRUE {
        let frames = l.frames();
        frames.get(1).map(|f| f.func).unwrap_or(TValue::NIL)
    } else if a.is_func() {
        a
    } else {
        return Err(l.type_arg_error(1, "function"));
    };
    let fp: *mut GcFunc = f.ptr();
    // SAFETY: f is a live closure; a Lua closure's prototype is live with it.
    Ok(unsafe { (*fp).is_lua().then(|| (*fp).proto()) })
}

/// Set or clear "JIT disabled" on a prototype (and its children when `recursive`).
fn set_nojit(p: *mut GcProto, nojit: bool, recursive: bool) {
    // SAFETY: p is a live prototype; its GC constants include its children.
    unsafe {
        if nojit {
            (*p).flags |= PROTO_NOJIT;
        } else {
            (*p).flags &= !PROTO_NOJIT;
        }
        if recursive && (*p).flags & PROTO_CHILD != 0 {
            for d in 0..(*p).sizekgc {
                let k = (*p).kgc(d);
                if k.is(tag::PROTO) {
                    set_nojit(k.ptr(), nojit, true);
                }
            }
        }
    }
}

fn on(l: &mut LuaState) -> LResult<usize> {
    match target_proto(l)? {
        Some(p) => {
            set_nojit(p, false, l.arg(1).is_truthy());
            Ok(0)
        }
        None => Err(l.caller_error(b"JIT compiler not available: strix has no trace compiler yet")),
    }
}

fn off(l: &mut LuaState) -> LResult<usize> {
    if let Some(p) = target_proto(l)? {
        set_nojit(p, true, l.arg(1).is_truthy());
    }
    Ok(0)
}

/// Nothing is compiled, so there is nothing to flush.
fn flush(_l: &mut LuaState) -> LResult<usize> {
    Ok(0)
}

/// `false` (the JIT is off), then the CPU features and the optimisation flags on.
fn status(l: &mut LuaState) -> LResult<usize> {
    let mut out = vec![TValue::FALSE];
    let mut names: Vec<&str> = Vec::new();
    if std::arch::is_x86_feature_detected!("sse3") {
        names.push("SSE3");
    }
    if std::arch::is_x86_feature_detected!("sse4.1") {
        names.push("SSE4.1");
    }
    if std::arch::is_x86_feature_detected!("bmi2") {
        names.push("BMI2");
    }
    let opts: Vec<&str> = l.g().jit.flag_names().collect();
    names.extend(opts);
    for n in names {
        out.push(l.new_str(n.as_bytes()));
    }
    l.ret_values(&out)
}

/// `jit.attach(handler [, event])`: register (or, without an event, detach) a VM event
/// handler. The events are trace-compiler events, so none fire yet.
fn attach(l: &mut LuaState) -> LResult<usize> {
    let f = l.arg(0);
    if !f.is_func() {
        return Err(l.type_arg_error(1, "function"));
    }
    let event = if l.arg(1).is_nil() {
        TValue::NIL
    } else {
        let s = l.check_bytes(2)?;
        l.new_str(&s)
    };
    let t = l.registry_table("_VMEVENTS");
    l.rawset(t, f, event)?;
    Ok(0)
}

/// `jit.auditlog(path [, maxsize])`: write the (always running) auditlog to `path`
/// from now on, everything logged so far first. `true`, or `nil, message`.
fn auditlog(l: &mut LuaState) -> LResult<usize> {
    let path = l.check_bytes(1)?;
    let limit = if l.arg(1).is_nil() {
        strix_auditlog::DEFAULT_LIMIT
    } else {
        l.check_num(2)?.max(0.0) as u64
    };
    match crate::audit::open(&path, limit) {
        Ok(()) => l.ret_values(&[TValue::TRUE]),
        Err(m) => {
            let s = l.new_str(m.as_bytes());
            l.ret_values(&[TValue::NIL, s])
        }
    }
}

fn opt_start(l: &mut LuaState) -> LResult<usize> {
    for i in 1..=l.nargs() {
        let item = l.check_bytes(i)?;
        if let Err(m) = l.g().jit_apply(&item) {
            return Err(l.caller_error(m.as_bytes()));
        }
    }
    Ok(0)
}
