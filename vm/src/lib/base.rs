//! The base library: `print`, `pcall`, `setmetatable`, `tonumber`, `load`, ...

use super::ff::Ff;
use super::Reg;
use crate::func::{GcFunc, FF_C};
use crate::gc::{self, GcHeader};
use crate::interp::CALL_PENDING;
use crate::meta::MM;
use crate::state::{LResult, LuaState, Status, FRAME_PCALL, FRAME_PCALLH};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
use crate::udata;
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("assert", assert, Ff::Assert as u8),
    ("collectgarbage", collectgarbage, FF_C),
    ("dofile", dofile, FF_C),
    ("error", error, FF_C),
    ("gcinfo", gcinfo, FF_C),
    ("getfenv", getfenv, FF_C),
    ("getmetatable", getmetatable, Ff::Getmetatable as u8),
    ("load", load, FF_C),
    ("loadfile", loadfile, FF_C),
    ("loadstring", loadstring, FF_C),
    ("next", next, Ff::Next as u8),
    ("newproxy", newproxy, FF_C),
    ("pcall", pcall, Ff::Pcall as u8),
    ("print", print, FF_C),
    ("rawequal", rawequal, FF_C),
    ("rawget", rawget, Ff::Rawget as u8),
    ("rawset", rawset, FF_C),
    ("select", select, Ff::Select as u8),
    ("setfenv", setfenv, FF_C),
    ("setmetatable", setmetatable, Ff::Setmetatable as u8),
    ("tonumber", tonumber, Ff::Tonumber as u8),
    ("tostring", tostring, Ff::Tostring as u8),
    ("type", type_, Ff::Type as u8),
    ("unpack", unpack, FF_C),
    ("xpcall", xpcall, Ff::Xpcall as u8),
];

/// Open the base library: globals, `_G`, `_VERSION`, `ipairs`/`pairs` with their iterators.
pub fn open(l: &mut LuaState) {
    let g = l.register_lib(None, FUNCS);
    let gv = TValue::gc(tag::TAB, g as *const GcHeader);
    let key = crate::str::intern(l.g(), b"_G");
    tab::set_str(l.g(), g, key, gv);
    let key = crate::str::intern(l.g(), b"_VERSION");
    let v = l.new_str(b"Lua 5.1");
    tab::set_str(l.g(), g, key, v);
    // pairs/ipairs keep their iterator as an upvalue so they return the same function each time.
    let next_fn = tab::get_str(g, crate::str::intern(l.g(), b"next"));
    let pairs_f = crate::func::new_native(l.g(), pairs, Ff::Pairs as u8, 1, g);
    // SAFETY: pairs_f is fresh with one upvalue.
    unsafe { *(*pairs_f).cupvalue() = next_fn };
    let key = crate::str::intern(l.g(), b"pairs");
    tab::set_str(
        l.g(),
        g,
        key,
        TValue::gc(tag::FUNC, pairs_f as *const GcHeader),
    );
    let aux = l.new_native(ipairs_aux, Ff::IpairsAux as u8);
    let ipairs_f = crate::func::new_native(l.g(), ipairs, Ff::Ipairs as u8, 1, g);
    // SAFETY: ipairs_f is fresh with one upvalue.
    unsafe { *(*ipairs_f).cupvalue() = aux };
    let key = crate::str::intern(l.g(), b"ipairs");
    tab::set_str(
        l.g(),
        g,
        key,
        TValue::gc(tag::FUNC, ipairs_f as *const GcHeader),
    );
}

/// Upvalue `i` of the running native closure.
fn upvalue(l: &LuaState, i: usize) -> TValue {
    // SAFETY: base[-2] is the running native closure, which has at least i+1 upvalues.
    unsafe {
        let f: *mut GcFunc = (*l.base.sub(2)).ptr();
        *(*f).cupvalue().add(i)
    }
}

fn assert(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    if v.is_truthy() {
        return Ok(l.nargs());
    }
    if l.nargs() >= 2 {
        let m = l.arg(1);
        if m.is_str() || m.is_num() {
            // A string (or number) message gets the caller's position, as `error` does
            // and as LuaJIT and Lua 5.1 report it.
            let msg = l.check_bytes(2)?;
            return Err(l.caller_error(&msg));
        }
        return Err(l.throw(m));
    }
    Err(l.caller_error(b"assertion failed!"))
}

fn collectgarbage(l: &mut LuaState) -> LResult<usize> {
    let opt = l.opt_bytes(1, b"collect")?;
    let arg = l.opt_num(2, 0.0)?;
    let g = l.g();
    let r = match &opt[..] {
        b"collect" => {
            l.gc_step()?;
            TValue::num(0.0)
        }
        b"stop" => {
            // As LuaJIT: no threshold is ever reached, so the interpreter's allocating
            // fast paths stay fast while the collector is stopped.
            g.gc.stopped = true;
            g.gc.threshold = usize::MAX;
            TValue::num(0.0)
        }
        b"restart" => {
            g.gc.stopped = false;
            gc::set_threshold(g);
            TValue::num(0.0)
        }
        b"count" => TValue::num(g.gc.total as f64 / 1024.0),
        b"step" => {
            // One step of the (non-incremental) collector finishes a cycle when the
            // requested work covers the debt; otherwise it only pays off debt.
            let work = if arg <= 0.0 {
                1024.0 * g.gc.stepmul as f64 / 100.0
            } else {
                arg * 1024.0
            };
            if g.gc.total as f64 + work >= g.gc.threshold as f64 {
                l.gc_step()?;
                TValue::TRUE
            } else {
                g.gc.threshold = g.gc.threshold.saturating_sub(work as usize);
                TValue::FALSE
            }
        }
        b"setpause" => {
            let old = g.gc.pause;
            g.gc.pause = arg.max(0.0) as u32;
            gc::set_threshold(g);
            TValue::num(old as f64)
        }
        b"setstepmul" => {
            let old = g.gc.stepmul;
            g.gc.stepmul = arg.max(0.0) as u32;
            TValue::num(old as f64)
        }
        _ => {
            let m = format!("invalid option '{}'", String::from_utf8_lossy(&opt));
            return Err(l.arg_error(1, &m));
        }
    };
    l.ret_values(&[r])
}

fn gcinfo(l: &mut LuaState) -> LResult<usize> {
    let kb = (l.g().gc.total / 1024) as f64;
    l.ret_values(&[TValue::num(kb)])
}

fn error(l: &mut LuaState) -> LResult<usize> {
    let v = l.arg(0);
    let level = l.opt_int(2, 1)?;
    if (v.is_str() || v.is_num()) && level > 0 {
        let mut s = l.where_level(level as usize);
        s.extend_from_slice(&l.tostring_raw(v));
        let m = l.new_str(&s);
        return Err(l.throw(m));
    }
    Err(l.throw(v))
}

/// Resolve `getfenv`/`setfenv`'s first argument to a function (None = the thread).
fn env_target(l: &mut LuaState, allow_zero: bool) -> LResult<Option<TValue>> {
    let v = l.arg(0);
    if v.is_func() {
        return Ok(Some(v));
    }
    let level = if v.is_nil() { 1 } else { l.check_int(1)? };
    if level < 0 {
        return Err(l.arg_error(1, "level must be non-negative"));
    }
    if level == 0 && allow_zero {
        return Ok(None);
    }
    let frames = l.frames();
    match frames.get(level as usize) {
        Some(f) => Ok(Some(f.func)),
        None => Err(l.arg_error(1, "invalid level")),
    }
}

fn getfenv(l: &mut LuaState) -> LResult<usize> {
    let env = match env_target(l, true)? {
        None => l.env,
        Some(f) => {
            // SAFETY: f is a live function.
            let fp = unsafe { &*f.ptr::<GcFunc>() };
            if fp.is_lua() {
                fp.env
            } else {
                l.env
            }
        }
    };
    l.ret_values(&[TValue::gc(tag::TAB, env as *const GcHeader)])
}

fn setfenv(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(2)?;
    match env_target(l, true)? {
        None => {
            l.env = t;
            Ok(0)
        }
        Some(f) => {
            let fp = f.ptr::<GcFunc>();
            // SAFETY: fp is a live function.
            unsafe {
                if !(*fp).is_lua() {
                    return Err(
                        l.caller_error(b"'setfenv' cannot change environment of given object")
                    );
                }
                (*fp).env = t;
            }
            l.ret_values(&[f])
        }
    }
}

fn getmetatable(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let mt = l.metatable_of(v);
    if mt.is_null() {
        return l.ret_values(&[TValue::NIL]);
    }
    let prot = crate::meta::mt_get(l, mt, MM::Metatable);
    if !prot.is_nil() {
        return l.ret_values(&[prot]);
    }
    l.ret_values(&[TValue::gc(tag::TAB, mt as *const GcHeader)])
}

fn setmetatable(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let mv = l.arg(1);
    if !mv.is_nil() && !mv.is_tab() {
        return Err(l.arg_error(2, "nil or table expected"));
    }
    // SAFETY: t is a live table.
    unsafe {
        let old = (*t).metatable;
        if !old.is_null() && !crate::meta::mt_get(l, old, MM::Metatable).is_nil() {
            return Err(l.caller_error(b"cannot change a protected metatable"));
        }
        (*t).metatable = if mv.is_nil() {
            std::ptr::null_mut()
        } else {
            mv.ptr()
        };
        gc::barrier_tab(l.g(), t);
    }
    l.ret_values(&[l.arg(0)])
}

fn rawequal(l: &mut LuaState) -> LResult<usize> {
    let a = l.check_any(1)?;
    let b = l.check_any(2)?;
    l.ret_values(&[TValue::bool(crate::meta::raw_equal(a, b))])
}

fn rawget(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let k = l.check_any(2)?;
    l.ret_values(&[tab::get(t, k)])
}

fn rawset(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let k = l.check_any(2)?;
    let v = l.check_any(3)?;
    l.rawset(t, k, v)?;
    l.ret_values(&[l.arg(0)])
}

fn next(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let k = l.arg(1);
    match tab::next(t, k) {
        Ok(Some((k, v))) => l.ret_values(&[k, v]),
        Ok(None) => l.ret_values(&[TValue::NIL]),
        Err(tab::InvalidKey) => Err(l.caller_error(b"invalid key to 'next'")),
    }
}

fn pairs(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let nf = upvalue(l, 0);
    l.ret_values(&[nf, TValue::gc(tag::TAB, t as *const GcHeader), TValue::NIL])
}

fn ipairs_aux(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let i = l.check_int(2)? + 1;
    let v = tab::get_int(t, i);
    if v.is_nil() {
        return l.ret_values(&[TValue::NIL]);
    }
    l.ret_values(&[TValue::num(i as f64), v])
}

fn ipairs(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let aux = upvalue(l, 0);
    l.ret_values(&[
        aux,
        TValue::gc(tag::TAB, t as *const GcHeader),
        TValue::num(0.0),
    ])
}

/// `pcall(f, ...)`: turn this frame into a protected frame and let the interpreter call `f`.
fn pcall(l: &mut LuaState) -> LResult<usize> {
    let n = l.nargs();
    if n == 0 {
        return Err(l.arg_error(1, "value expected"));
    }
    l.check_stack(1)?;
    // SAFETY: base..base+n are the arguments and one more slot is free above them.
    unsafe {
        let p = l.base;
        std::ptr::copy(p.add(1), p.add(2), n - 1);
        *p.add(1) = TValue((2 * 8) | FRAME_PCALL);
        l.base = p.add(2);
        l.top = p.add(n + 1);
    }
    Ok(CALL_PENDING)
}

/// `xpcall(f, handler, ...)`: as `pcall`, with the handler kept below the callee.
fn xpcall(l: &mut LuaState) -> LResult<usize> {
    let n = l.nargs();
    if n < 2 {
        return Err(l.arg_error(2, "value expected"));
    }
    l.check_stack(1)?;
    // SAFETY: base..base+n are the arguments and one more slot is free above them.
    unsafe {
        let p = l.base;
        let f = *p;
        let h = *p.add(1);
        std::ptr::copy(p.add(2), p.add(3), n - 2);
        *p = h;
        *p.add(1) = f;
        *p.add(2) = TValue((3 * 8) | FRAME_PCALLH);
        l.base = p.add(3);
        l.top = p.add(n + 1);
    }
    Ok(CALL_PENDING)
}

fn print(l: &mut LuaState) -> LResult<usize> {
    let n = l.nargs();
    let mut out = Vec::new();
    // print calls the global `tostring`; the builtin one is done inline.
    let key = crate::str::intern(l.g(), b"tostring");
    let ts = tab::get_str(l.env, key);
    // SAFETY: ts is checked to be a function first.
    let builtin = ts.is_func() && unsafe { (*ts.ptr::<GcFunc>()).ffid } == Ff::Tostring as u8;
    for i in 0..n {
        let v = l.arg(i);
        let s = if builtin && (v.is_str() || v.is_num() || v.is_nil() || v.is_bool()) {
            l.tostring_raw(v)
        } else if builtin {
            let s = l.tostring(v)?;
            l.tostring_raw(s)
        } else {
            l.call_value(ts, &[v], 1)?;
            let s = l.pop_result();
            if !s.is_str() && !s.is_num() {
                return Err(l.caller_error(b"'tostring' must return a string to 'print'"));
            }
            l.tostring_raw(s)
        };
        if i > 0 {
            out.push(b'\t');
        }
        out.extend_from_slice(&s);
    }
    out.push(b'\n');
    crate::lib::io::write_stdout(&out);
    Ok(0)
}

fn select(l: &mut LuaState) -> LResult<usize> {
    let n = l.nargs() as i64;
    let a = l.arg(0);
    if a.is_str() {
        // SAFETY: a is a live string.
        if unsafe { (*a.ptr::<GcStr>()).as_bytes() } == b"#" {
            return l.ret_values(&[TValue::num((n - 1) as f64)]);
        }
    }
    let mut i = l.check_int(1)?;
    if i < 0 {
        i += n;
    } else if i > n {
        i = n;
    }
    if i <= 0 {
        return Err(l.arg_error(1, "index out of range"));
    }
    Ok((n - i) as usize)
}

fn tonumber(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let base = l.opt_int(2, 10)?;
    if base == 10 {
        let r = if v.is_num() {
            v
        } else if v.is_str() {
            // SAFETY: v is a live string.
            match crate::strscan::str2num(unsafe { (*v.ptr::<GcStr>()).as_bytes() }) {
                Some(n) => TValue::num(n),
                None => TValue::NIL,
            }
        } else {
            TValue::NIL
        };
        return l.ret_values(&[r]);
    }
    if !(2..=36).contains(&base) {
        return Err(l.arg_error(2, "base out of range"));
    }
    let s = l.check_bytes(1)?;
    l.ret_values(&[parse_base(&s, base as u32)
        .map(TValue::num)
        .unwrap_or(TValue::NIL)])
}

/// An integer in `base` with optional surrounding whitespace and sign (as `strtoul`).
fn parse_base(s: &[u8], base: u32) -> Option<f64> {
    let s = trim_space(s);
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n = 0f64;
    for &c in digits {
        let d = (c as char).to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n * base as f64 + d as f64;
    }
    Some(if neg { -n } else { n })
}

fn trim_space(s: &[u8]) -> &[u8] {
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = s.iter().position(|c| !is_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|c| !is_space(c))
        .map(|i| i + 1)
        .unwrap_or(start);
    &s[start..end.max(start)]
}

fn tostring(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    // As LuaJIT: a string is its own string form, whatever the string metatable says.
    if v.is_str() {
        return l.ret_values(&[v]);
    }
    let h = l.get_mm(v, crate::meta::MM::Tostring);
    if !h.is_nil() {
        // Tail-call the handler in this frame, as LuaJIT does: its results, whatever
        // they are, are tostring's.
        // SAFETY: base[-2] is this native's function slot and base[0] its first argument.
        unsafe {
            *l.base.sub(2) = h;
            *l.base = v;
            l.top = l.base.add(1);
        }
        return Ok(CALL_PENDING);
    }
    let s = l.tostring(v)?;
    l.ret_values(&[s])
}

fn type_(l: &mut LuaState) -> LResult<usize> {
    let v = l.check_any(1)?;
    let s = l.new_str(v.type_name().as_bytes());
    l.ret_values(&[s])
}

fn unpack(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let i = l.opt_int(2, 1)?;
    let e = if l.arg(2).is_nil() {
        tab::len(t) as i64
    } else {
        l.check_int(3)?
    };
    if i > e {
        return Ok(0);
    }
    let n = (e - i) as u64 + 1;
    if n >= crate::state::STACK_MAX as u64 {
        return Err(l.caller_error(b"too many results to unpack"));
    }
    l.check_stack(n as usize)?;
    for k in i..=e {
        let v = tab::get_int(t, k);
        l.push(v)?;
    }
    Ok(n as usize)
}

fn newproxy(l: &mut LuaState) -> LResult<usize> {
    let a = l.arg(0);
    let env = l.env;
    let proxies = proxy_table(l);
    let mt = if a.is_falsy() {
        std::ptr::null_mut()
    } else if a == TValue::TRUE {
        let mt = l.new_table(0, 1);
        l.rawset(
            proxies,
            TValue::gc(tag::TAB, mt as *const GcHeader),
            TValue::TRUE,
        )?;
        mt
    } else {
        let mt = l.metatable_of(a);
        let valid = a.is(tag::UDATA)
            && !mt.is_null()
            && tab::get(proxies, TValue::gc(tag::TAB, mt as *const GcHeader)).is_truthy();
        if !valid {
            return Err(l.arg_error(1, "boolean or proxy expected"));
        }
        mt
    };
    let u = udata::new(l.g(), 0, env);
    // SAFETY: u is fresh.
    unsafe { (*u).metatable = mt };
    l.ret_values(&[TValue::gc(tag::UDATA, u as *const GcHeader)])
}

/// The weak-keyed registry table of metatables made by `newproxy(true)`.
fn proxy_table(l: &mut LuaState) -> *mut GcTab {
    let t = l.registry_table("_PROXIES");
    // SAFETY: t is a live table; only this function sets its metatable.
    if unsafe { (*t).metatable }.is_null() {
        let mt = l.new_table(0, 1);
        let mode = l.new_str(b"k");
        let mk = l.g().mmname(MM::Mode);
        tab::set_str(l.g(), mt, mk, mode);
        // SAFETY: as above.
        unsafe { (*t).metatable = mt };
    }
    t
}

/// Compile a chunk and push the function, or push nil and the message. `mode_arg` is
/// the (1-based) argument holding the mode ("b", "t", "bt"); a table in the argument
/// after it becomes the function's environment.
pub fn load_chunk(
    l: &mut LuaState,
    src: &[u8],
    chunkname: &[u8],
    mode_arg: usize,
) -> LResult<usize> {
    let mode = l.opt_bytes(mode_arg, b"bt")?;
    let env = l.arg(mode_arg);
    match l.load_buffer_mode(src, chunkname, &mode) {
        Ok(f) => {
            if env.is_tab() {
                // SAFETY: f is the fresh Lua closure just loaded.
                unsafe { (*f.ptr::<crate::func::GcFunc>()).env = env.ptr() };
            }
            l.ret_values(&[f])
        }
        Err(Status::ErrSyntax) => {
            let m = l.errobj;
            l.errobj = TValue::NIL;
            l.ret_values(&[TValue::NIL, m])
        }
        Err(e) => Err(e),
    }
}

fn loadstring(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_bytes(1)?;
    let name = l.opt_bytes(2, &s)?;
    load_chunk(l, &s, &name, 3)
}

fn load(l: &mut LuaState) -> LResult<usize> {
    let a = l.arg(0);
    if a.is_str() {
        return loadstring(l);
    }
    if !a.is_func() {
        return Err(l.type_arg_error(1, "function"));
    }
    let name = l.opt_bytes(2, b"=(load)")?;
    let mut src = Vec::new();
    loop {
        l.call_value(a, &[], 1)?;
        let piece = l.pop_result();
        if piece.is_nil() {
            break;
        }
        if !piece.is_str() {
            let m = l.new_str(b"reader function must return a string");
            return l.ret_values(&[TValue::NIL, m]);
        }
        // SAFETY: piece is a live string.
        let b = unsafe { (*piece.ptr::<GcStr>()).as_bytes() };
        if b.is_empty() {
            break;
        }
        src.extend_from_slice(b);
    }
    load_chunk(l, &src, &name, 3)
}

/// Read a file for `loadfile`/`dofile` (None = stdin).
fn read_source(path: Option<&[u8]>) -> Result<(Vec<u8>, Vec<u8>), String> {
    match path {
        None => {
            let v =
                crate::lib::io::read_stdin_all().map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok((v, b"=stdin".to_vec()))
        }
        Some(p) => {
            use std::os::unix::ffi::OsStrExt;
            let os = std::ffi::OsStr::from_bytes(p);
            let shown = String::from_utf8_lossy(p);
            let v = std::fs::read(os).map_err(|e| {
                format!("cannot open {shown}: {}", crate::lib::io::os_error_text(&e))
            })?;
            let mut name = b"@".to_vec();
            name.extend_from_slice(p);
            Ok((v, name))
        }
    }
}

fn loadfile(l: &mut LuaState) -> LResult<usize> {
    let path = if l.arg(0).is_nil() {
        None
    } else {
        Some(l.check_bytes(1)?)
    };
    match read_source(path.as_deref()) {
        Ok((src, name)) => load_chunk(l, &src, &name, 2),
        Err(m) => {
            let m = l.new_str(m.as_bytes());
            l.ret_values(&[TValue::NIL, m])
        }
    }
}

fn dofile(l: &mut LuaState) -> LResult<usize> {
    let path = if l.arg(0).is_nil() {
        None
    } else {
        Some(l.check_bytes(1)?)
    };
    let (src, name) = match read_source(path.as_deref()) {
        Ok(x) => x,
        Err(m) => {
            let v = l.new_str(m.as_bytes());
            return Err(l.throw(v));
        }
    };
    let f = match l.load_buffer(&src, &name) {
        Ok(f) => f,
        Err(_) => {
            l.err_handled = false;
            return Err(Status::ErrRun);
        }
    };
    l.call_value(f, &[], -1)
}

impl LuaState {
    /// Compile `src` into a function in the globals environment; on a syntax error,
    /// `Err(ErrSyntax)` with the message in `errobj`.
    pub fn load_buffer(&mut self, src: &[u8], chunkname: &[u8]) -> LResult<TValue> {
        self.load_buffer_mode(src, chunkname, b"bt")
    }

    /// As `load_buffer`, accepting binary chunks only if `mode` has a `b` and source
    /// text only if it has a `t`.
    pub fn load_buffer_mode(
        &mut self,
        src: &[u8],
        chunkname: &[u8],
        mode: &[u8],
    ) -> LResult<TValue> {
        let binary = crate::bc::dump::is_dump(src);
        if !mode.contains(if binary { &b'b' } else { &b't' }) {
            let m = self.new_str(b"attempt to load chunk with wrong mode");
            self.errobj = m;
            return Err(Status::ErrSyntax);
        }
        let old = self.g().vmstate();
        self.g().set_vmstate(crate::state::VmState::Parse);
        let r = if binary {
            load_dump(src, chunkname)
        } else {
            crate::audit::lex(chunkname, src);
            crate::parse::parse(src, chunkname).map_err(|e| e.msg)
        };
        self.g().restore_vmstate(old);
        match r {
            Ok(pd) => {
                let p = crate::func::load_proto(self.g(), &pd);
                crate::audit::new_protos(p);
                let env = self.env;
                let f = crate::func::new_main(self.g(), p, env);
                Ok(TValue::gc(tag::FUNC, f as *const GcHeader))
            }
            Err(msg) => {
                let m = self.new_str(&msg);
                self.errobj = m;
                Err(Status::ErrSyntax)
            }
        }
    }
}

/// Read and verify a bytecode dump; errors are worded as LuaJIT's, naming the chunk.
fn load_dump(src: &[u8], chunkname: &[u8]) -> Result<crate::proto::ProtoData, Vec<u8>> {
    let name: &[u8] = match chunkname.first() {
        Some(0x1b) => b"(binary)",
        Some(b'@' | b'=') => &chunkname[1..],
        _ => chunkname,
    };
    let fail = |e: crate::bc::dump::LoadError| [name, b": ", e.message().as_bytes()].concat();
    let pd = crate::bc::dump::read(src, chunkname).map_err(fail)?;
    crate::bc::verify::verify_main(&pd).map_err(|_| fail(crate::bc::dump::LoadError::Malformed))?;
    Ok(pd)
}

/// Flush stdout (used before writing errors to stderr).
pub fn flush_stdout() {
    crate::lib::io::flush_stdout();
}

/// The `xpcall` implementation, for the command line's protected calls.
pub fn xpcall_fn() -> crate::func::NativeFn {
    xpcall
}
