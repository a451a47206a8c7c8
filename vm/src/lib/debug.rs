//! The debug library: `traceback`, `getinfo`, locals, upvalues, raw metatables, environments.

use super::Reg;
use crate::debug::{short_src, Frame};
use crate::func::{GcFunc, GcProto, GcUpval, FF_C};
use crate::gc::{self, GcHeader};
use crate::state::{frame_type, LResult, LuaState, FRAME_TYPEP, FRAME_VARG};
use crate::tab::GcTab;
use crate::udata::GcUdata;
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("debug", debug_loop, FF_C),
    ("getfenv", getfenv, FF_C),
    ("gethook", gethook, FF_C),
    ("getinfo", getinfo, FF_C),
    ("getlocal", getlocal, FF_C),
    ("getmetatable", getmetatable, FF_C),
    ("getregistry", getregistry, FF_C),
    ("getupvalue", getupvalue, FF_C),
    ("setfenv", setfenv, FF_C),
    ("sethook", sethook, FF_C),
    ("setlocal", setlocal, FF_C),
    ("setmetatable", setmetatable, FF_C),
    ("setupvalue", setupvalue, FF_C),
    ("traceback", traceback, FF_C),
    ("upvalueid", upvalueid, FF_C),
    ("upvaluejoin", upvaluejoin, FF_C),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("debug"), FUNCS);
}

/// `debug.debug()`: run lines from stdin, prompting on stderr, until `cont` or EOF.
fn debug_loop(l: &mut LuaState) -> LResult<usize> {
    use std::io::Write;
    loop {
        let _ = std::io::stderr().write_all(b"lua_debug> ");
        let Some(line) = crate::lib::io::read_stdin_line() else {
            return Ok(0);
        };
        if line == b"cont\n" || line == b"cont" {
            return Ok(0);
        }
        let r = match l.load_buffer(&line, b"=(debug command)") {
            Ok(f) => l.pcall_value(f, &[], 0).map(|_| ()),
            Err(e) => Err(e),
        };
        if r.is_err() {
            let e = l.errobj;
            l.errobj = TValue::NIL;
            l.err_handled = false;
            let mut msg = if e.is_str() || e.is_num() {
                l.tostring_raw(e)
            } else {
                b"(error object is not a string)".to_vec()
            };
            msg.push(b'\n');
            let _ = std::io::stderr().write_all(&msg);
        }
    }
}

/// `debug.sethook([thread,] hook, mask [, count])`; no hook function removes the hook.
/// Hooks are global to the VM, as in LuaJIT, so the thread is accepted and unused.
fn sethook(l: &mut LuaState) -> LResult<usize> {
    let (_, a) = thread_arg(l);
    let f = l.arg(a);
    if f.is_nil() || l.nargs() <= a {
        l.set_hook(TValue::NIL, 0, 0);
        return Ok(0);
    }
    if !f.is_func() {
        return Err(l.type_arg_error(a + 1, "function"));
    }
    let mask_s = l.check_bytes(a + 2)?;
    let count = l.opt_int(a + 3, 0)?.clamp(0, u32::MAX as i64) as u32;
    let mut mask = 0;
    for (c, m) in [
        (b'c', crate::hook::MASK_CALL),
        (b'r', crate::hook::MASK_RET),
        (b'l', crate::hook::MASK_LINE),
    ] {
        if mask_s.contains(&c) {
            mask |= m;
        }
    }
    l.set_hook(f, mask, count);
    Ok(0)
}

/// `debug.gethook()`: the hook function, its mask letters and its count.
fn gethook(l: &mut LuaState) -> LResult<usize> {
    let f = l.hook_fn();
    let h = &l.g().hook;
    let (mask, count) = (h.mask, h.count);
    let letters: Vec<u8> = [
        (b'c', crate::hook::MASK_CALL),
        (b'r', crate::hook::MASK_RET),
        (b'l', crate::hook::MASK_LINE),
    ]
    .iter()
    .filter(|(_, m)| mask & m != 0)
    .map(|(c, _)| *c)
    .collect();
    let s = l.new_str(&letters);
    l.ret_values(&[f, s, TValue::num(count as f64)])
}

/// An optional leading thread argument: (thread to inspect, index of the next argument, 0-based).
fn thread_arg(l: &mut LuaState) -> (*mut LuaState, usize) {
    let a = l.arg(0);
    if a.is(tag::THREAD) {
        (a.ptr(), 1)
    } else {
        (l as *mut LuaState, 0)
    }
}

/// The frames of thread `th` (which may be `l` itself).
fn frames_of(l: &LuaState, th: *mut LuaState) -> Vec<Frame> {
    if std::ptr::eq(th, l) {
        l.frames()
    } else {
        // SAFETY: th is a live thread held in an argument slot.
        unsafe { (*th).frames() }
    }
}

fn fn_ref(v: TValue) -> &'static GcFunc {
    // SAFETY: callers pass function values held in argument slots or frames.
    unsafe { &*v.ptr::<GcFunc>() }
}

fn proto_of(f: &GcFunc) -> Option<&'static GcProto> {
    if f.is_lua() {
        // SAFETY: Lua closures point to a live prototype.
        Some(unsafe { &*f.proto() })
    } else {
        None
    }
}

fn traceback(l: &mut LuaState) -> LResult<usize> {
    let (th, a) = thread_arg(l);
    let own = std::ptr::eq(th, l);
    let msg = l.arg(a);
    if a < l.nargs() && !msg.is_str() && !msg.is_num() {
        return l.ret_values(&[msg]);
    }
    let text = if msg.is_nil() {
        None
    } else {
        Some(l.tostring_raw(msg))
    };
    let level = l.opt_int(a + 2, if own { 1 } else { 0 })?.max(0) as usize;
    let s = if own {
        l.traceback(text.as_deref(), level)
    } else {
        // SAFETY: th is a live thread held in an argument slot.
        unsafe { (*th).traceback(text.as_deref(), level) }
    };
    let v = l.new_str(&s);
    l.ret_values(&[v])
}

/// `getinfo([thread,] f|level [, what])`.
fn getinfo(l: &mut LuaState) -> LResult<usize> {
    let (th, a) = thread_arg(l);
    let what = l.opt_bytes(a + 2, b"flnSu")?;
    let target = l.arg(a);
    let frames;
    let (func, frame) = if target.is_func() {
        frames = Vec::new();
        (target, None)
    } else {
        let level = l.check_int(a + 1)?;
        frames = frames_of(l, th);
        match usize::try_from(level)
            .ok()
            .and_then(|i| frames.get(i).map(|f| (i, f)))
        {
            Some((i, f)) => (f.func, Some((i, *f))),
            None => return l.ret_values(&[TValue::NIL]),
        }
    };
    if !func.is_func() {
        return l.ret_values(&[TValue::NIL]);
    }
    if what.iter().any(|c| !b"SlunfL".contains(c)) {
        return Err(l.arg_error(a + 2, "invalid option"));
    }
    let f = fn_ref(func);
    let p = proto_of(f);
    let t = l.new_table(0, 4);
    for &c in &what {
        match c {
            b'S' => {
                let (source, first, last, kind) = match p {
                    Some(p) => {
                        let kind = if p.is_main() { "main" } else { "Lua" };
                        (
                            p.chunkname().to_vec(),
                            p.firstline as f64,
                            (p.firstline + p.numline) as f64,
                            kind,
                        )
                    }
                    None => (b"=[C]".to_vec(), -1.0, -1.0, "C"),
                };
                let s = l.new_str(&short_src(&source));
                l.set_field(t, "short_src", s);
                let s = l.new_str(&source);
                l.set_field(t, "source", s);
                l.set_field(t, "linedefined", TValue::num(first));
                l.set_field(t, "lastlinedefined", TValue::num(last));
                let s = l.new_str(kind.as_bytes());
                l.set_field(t, "what", s);
            }
            b'l' => {
                let line = frame
                    .and_then(|(_, fr)| fr.line())
                    .map(|n| n as f64)
                    .unwrap_or(-1.0);
                l.set_field(t, "currentline", TValue::num(line));
            }
            b'u' => {
                l.set_field(t, "nups", TValue::num(f.nupvalues as f64));
                let (np, va) = p
                    .map(|p| (p.numparams as f64, p.is_vararg()))
                    .unwrap_or((0.0, true));
                l.set_field(t, "nparams", TValue::num(np));
                l.set_field(t, "isvararg", TValue::bool(va));
            }
            b'n' => {
                let named = frame.and_then(|(i, _)| l.func_name(&frames, i));
                let (kind, name) = match named {
                    Some(("for iterator", _)) => ("for iterator", b"(for iterator)".to_vec()),
                    Some((k, n)) => (k, n),
                    None => ("", Vec::new()),
                };
                if !kind.is_empty() {
                    let s = l.new_str(&name);
                    l.set_field(t, "name", s);
                }
                let s = l.new_str(kind.as_bytes());
                l.set_field(t, "namewhat", s);
            }
            b'f' => l.set_field(t, "func", func),
            b'L' => {
                if let Some(p) = p {
                    let lines = l.new_table(0, 0);
                    for i in 1..p.sizebc as usize {
                        let line = p.line_at(i) as i64;
                        l.rawset(lines, TValue::num(line as f64), TValue::TRUE)?;
                    }
                    l.set_field(
                        t,
                        "activelines",
                        TValue::gc(tag::TAB, lines as *const GcHeader),
                    );
                }
            }
            _ => {}
        }
    }
    l.ret_values(&[TValue::gc(tag::TAB, t as *const GcHeader)])
}

/// The slot where a frame's function lies (below any varargs).
fn func_slot(f: &Frame) -> *mut TValue {
    // SAFETY: f.base - 1 is the frame's link; a vararg link's delta leads to the original base.
    unsafe {
        let link = (*f.base.sub(1)).0;
        if frame_type(link) == FRAME_VARG {
            f.base.sub((link & !FRAME_TYPEP) as usize / 8).sub(2)
        } else {
            f.base.sub(2)
        }
    }
}

/// Local `n` (1-based) of frame `level` of `th`: its name and slot.
fn find_local(
    l: &mut LuaState,
    th: *mut LuaState,
    level: i64,
    n: i64,
    arg: usize,
) -> LResult<Option<(Vec<u8>, *mut TValue)>> {
    let frames = frames_of(l, th);
    let Some(f) = usize::try_from(level).ok().and_then(|i| frames.get(i)) else {
        return Err(l.arg_error(arg, "level out of range"));
    };
    if n < 1 {
        return Ok(None);
    }
    let slot = (n - 1) as usize;
    let end = match usize::try_from(level - 1).ok().and_then(|i| frames.get(i)) {
        Some(inner) => func_slot(inner),
        // SAFETY: th is a live thread.
        None => unsafe { (*th).top },
    };
    // SAFETY: base and end lie in the same stack.
    let size = unsafe { end.offset_from(f.base) }.max(0) as usize;
    let name = match (f.proto(), f.pc_index()) {
        (Some(p), Some(pc)) => crate::debug::var_name(p, pc, slot),
        _ => None,
    };
    // Only slots inside the frame: a loaded dump's variable list could claim more.
    if slot >= size {
        return Ok(None);
    }
    let name = name.unwrap_or_else(|| b"(*temporary)".to_vec());
    // SAFETY: slot lies inside the frame (below the next frame or top).
    Ok(Some((name, unsafe { f.base.add(slot) })))
}

fn getlocal(l: &mut LuaState) -> LResult<usize> {
    let (th, a) = thread_arg(l);
    let target = l.arg(a);
    let n = l.check_int(a + 2)?;
    if target.is_func() {
        let name = proto_of(fn_ref(target))
            .filter(|p| n >= 1 && n <= p.numparams as i64)
            .and_then(|p| crate::debug::var_name(p, 0, (n - 1) as usize));
        return match name {
            Some(name) => {
                let s = l.new_str(&name);
                l.ret_values(&[s])
            }
            None => l.ret_values(&[TValue::NIL]),
        };
    }
    let level = l.check_int(a + 1)?;
    match find_local(l, th, level, n, a + 1)? {
        Some((name, slot)) => {
            let s = l.new_str(&name);
            // SAFETY: slot is a live stack slot of the inspected frame.
            let v = unsafe { *slot };
            l.ret_values(&[s, v])
        }
        None => l.ret_values(&[TValue::NIL]),
    }
}

fn setlocal(l: &mut LuaState) -> LResult<usize> {
    let (th, a) = thread_arg(l);
    let level = l.check_int(a + 1)?;
    let n = l.check_int(a + 2)?;
    let v = l.check_any(a + 3)?;
    match find_local(l, th, level, n, a + 1)? {
        Some((name, slot)) => {
            // SAFETY: slot is a live stack slot of the inspected frame.
            unsafe { *slot = v };
            let s = l.new_str(&name);
            l.ret_values(&[s])
        }
        None => l.ret_values(&[TValue::NIL]),
    }
}

/// An upvalue found by `find_upvalue`: name, value slot, and the upvalue object of a Lua closure.
type UpvalRef = (Vec<u8>, *mut TValue, Option<*mut GcUpval>);

/// Upvalue `n` (1-based) of the function in argument `i`: its name and a pointer to its value.
fn find_upvalue(l: &mut LuaState, i: usize, n: i64) -> LResult<Option<UpvalRef>> {
    let fv = l.arg(i - 1);
    if !fv.is_func() {
        return Err(l.type_arg_error(i, "function"));
    }
    let f = fn_ref(fv);
    if n < 1 || n > f.nupvalues as i64 {
        return Ok(None);
    }
    let k = (n - 1) as usize;
    Ok(Some(match proto_of(f) {
        Some(p) => {
            // SAFETY: k < nupvalues; every Lua closure upvalue pointer is live.
            let uv = unsafe { *f.uvptr().add(k) };
            let name = p.info.uvnames.get(k).cloned().unwrap_or_default();
            // SAFETY: uv is live; v points at its value.
            (name, unsafe { (*uv).v }, Some(uv))
        }
        // SAFETY: k < nupvalues of a native closure.
        None => (Vec::new(), unsafe { f.cupvalue().add(k) }, None),
    }))
}

fn getupvalue(l: &mut LuaState) -> LResult<usize> {
    let n = l.check_int(2)?;
    match find_upvalue(l, 1, n)? {
        Some((name, v, _)) => {
            let s = l.new_str(&name);
            // SAFETY: v points at a live upvalue value.
            let v = unsafe { *v };
            l.ret_values(&[s, v])
        }
        None => Ok(0),
    }
}

fn setupvalue(l: &mut LuaState) -> LResult<usize> {
    let n = l.check_int(2)?;
    let v = l.check_any(3)?;
    match find_upvalue(l, 1, n)? {
        Some((name, p, uv)) => {
            // SAFETY: p points at a live upvalue value.
            unsafe { *p = v };
            if let Some(uv) = uv {
                gc::barrier_uv(l.g(), uv, v);
            }
            let s = l.new_str(&name);
            l.ret_values(&[s])
        }
        None => Ok(0),
    }
}

/// Upvalue `n` of argument `i` for `upvalueid`/`upvaluejoin` (an error if out of range).
fn upvalue_arg(l: &mut LuaState, i: usize, lua_only: bool) -> LResult<(&'static GcFunc, usize)> {
    let n = l.check_int(i + 1)?;
    let fv = l.arg(i - 1);
    if !fv.is_func() || (lua_only && !fn_ref(fv).is_lua()) {
        return Err(l.type_arg_error(i, if lua_only { "Lua function" } else { "function" }));
    }
    let f = fn_ref(fv);
    if n < 1 || n > f.nupvalues as i64 {
        return Err(l.arg_error(i + 1, "invalid upvalue index"));
    }
    Ok((f, (n - 1) as usize))
}

fn upvalueid(l: &mut LuaState) -> LResult<usize> {
    let (f, k) = upvalue_arg(l, 1, false)?;
    let id = if f.is_lua() {
        // SAFETY: k < nupvalues.
        unsafe { *f.uvptr().add(k) as u64 }
    } else {
        // SAFETY: k < nupvalues.
        unsafe { f.cupvalue().add(k) as u64 }
    };
    l.ret_values(&[TValue::lightud(id)])
}

fn upvaluejoin(l: &mut LuaState) -> LResult<usize> {
    let (f1, k1) = upvalue_arg(l, 1, true)?;
    let (f2, k2) = upvalue_arg(l, 3, true)?;
    // SAFETY: both indices are below their closures' upvalue counts.
    unsafe { *f1.uvptr().add(k1) = *f2.uvptr().add(k2) };
    Ok(0)
}

fn getmetatable(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let mt = l.metatable_of(v);
    if mt.is_null() {
        l.ret_values(&[TValue::NIL])
    } else {
        l.ret_values(&[TValue::gc(tag::TAB, mt as *const GcHeader)])
    }
}

fn setmetatable(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let mv = l.arg(1);
    if !mv.is_nil() && !mv.is_tab() {
        return Err(l.arg_error(2, "nil or table expected"));
    }
    let mt: *mut GcTab = if mv.is_nil() {
        std::ptr::null_mut()
    } else {
        mv.ptr()
    };
    // SAFETY: tags are checked before each object access.
    unsafe {
        if v.is_tab() {
            (*v.ptr::<GcTab>()).metatable = mt;
            gc::barrier_tab(l.g(), v.ptr());
        } else if v.is(tag::UDATA) {
            (*v.ptr::<GcUdata>()).metatable = mt;
        } else if v.is_bool() {
            l.g().basemt[tag::FALSE as usize] = mt;
            l.g().basemt[tag::TRUE as usize] = mt;
        } else {
            l.g().basemt[v.tag() as usize] = mt;
        }
    }
    l.ret_values(&[TValue::TRUE])
}

fn getfenv(l: &mut LuaState) -> LResult<usize> {
    let v = l.arg(0);
    // SAFETY: tags are checked before each object access.
    let env = unsafe {
        if v.is_func() {
            (*v.ptr::<GcFunc>()).env
        } else if v.is(tag::UDATA) {
            (*v.ptr::<GcUdata>()).env
        } else if v.is(tag::THREAD) {
            (*v.ptr::<LuaState>()).env
        } else {
            std::ptr::null_mut()
        }
    };
    if env.is_null() {
        l.ret_values(&[TValue::NIL])
    } else {
        l.ret_values(&[TValue::gc(tag::TAB, env as *const GcHeader)])
    }
}

fn setfenv(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(2)?;
    let v = l.arg(0);
    // SAFETY: tags are checked before each object access.
    unsafe {
        if v.is_func() {
            (*v.ptr::<GcFunc>()).env = t;
        } else if v.is(tag::UDATA) {
            (*v.ptr::<GcUdata>()).env = t;
        } else if v.is(tag::THREAD) {
            (*v.ptr::<LuaState>()).env = t;
        } else {
            return Err(l.caller_error(b"'setfenv' cannot change environment of given object"));
        }
    }
    l.ret_values(&[v])
}

fn getregistry(l: &mut LuaState) -> LResult<usize> {
    let r = l.g().registry;
    l.ret_values(&[r])
}
