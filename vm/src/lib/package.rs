//! The package library: `require`, `module`, `package.loaders`/`path`/`searchpath`/`seeall`.

use super::Reg;
use crate::func::{GcFunc, NativeFn, FF_C};
use crate::gc::GcHeader;
use crate::meta::MM;
use crate::state::{LResult, LuaState, Status};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// Search paths as Debian's luajit has them (its packaged Lua modules live in /usr/share).
const DEFAULT_PATH: &str = "./?.lua;/usr/local/share/luajit-2.1/?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua";
const DEFAULT_CPATH: &str = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so";
/// Directory separator, path separator, substitution mark, executable-directory mark, ignore mark.
const CONFIG: &str = "/\n;\n?\n!\n-\n";

/// Marks a module whose loader is running (or failed): a light userdata no Lua value equals.
static SENTINEL: u8 = 0;

fn sentinel() -> TValue {
    TValue::lightud(&SENTINEL as *const u8 as u64)
}

const FUNCS: &[Reg] = &[
    ("loadlib", loadlib, FF_C),
    ("searchpath", searchpath, FF_C),
    ("seeall", seeall, FF_C),
];

/// `package.loadlib(path, funcname)`: strix has no Lua C API for a library's functions
/// to call, so it answers as a Lua built without dynamic libraries does.
fn loadlib(l: &mut LuaState) -> LResult<usize> {
    l.check_bytes(1)?;
    l.check_bytes(2)?;
    let m = l.new_str(b"dynamic libraries not enabled; check your Lua installation");
    let w = l.new_str(b"absent");
    l.ret_values(&[TValue::NIL, m, w])
}

/// Open the package library: `package`, its loaders, and the globals `require` and `module`.
pub fn open(l: &mut LuaState) {
    let pkg = l.register_lib(Some("package"), FUNCS);
    let pkgv = TValue::gc(tag::TAB, pkg as *const GcHeader);
    let loaders = l.new_table(4, 0);
    for (i, f) in [
        loader_preload as NativeFn,
        loader_lua,
        loader_c,
        loader_croot,
    ]
    .into_iter()
    .enumerate()
    {
        let fv = with_upvalue(l, f, pkgv);
        tab::set_int(l.g(), loaders, i as i64 + 1, fv);
    }
    l.set_field(
        pkg,
        "loaders",
        TValue::gc(tag::TAB, loaders as *const GcHeader),
    );
    let path = env_path(&["LUA_PATH_5_1", "LUA_PATH"], DEFAULT_PATH);
    let v = l.new_str(path.as_bytes());
    l.set_field(pkg, "path", v);
    let cpath = env_path(&["LUA_CPATH_5_1", "LUA_CPATH"], DEFAULT_CPATH);
    let v = l.new_str(cpath.as_bytes());
    l.set_field(pkg, "cpath", v);
    let v = l.new_str(CONFIG.as_bytes());
    l.set_field(pkg, "config", v);
    let loaded = l.loaded_table();
    l.set_field(
        pkg,
        "loaded",
        TValue::gc(tag::TAB, loaded as *const GcHeader),
    );
    let globals = l.env;
    l.set_field(
        loaded,
        "_G",
        TValue::gc(tag::TAB, globals as *const GcHeader),
    );
    let preload = l.new_table(0, 0);
    l.set_field(
        pkg,
        "preload",
        TValue::gc(tag::TAB, preload as *const GcHeader),
    );
    let vmprofile: &[super::Reg] = &[("jit.vmprofile", super::vmprofile::loader, FF_C)];
    l.set_funcs(preload, super::table::PRELOAD);
    l.set_funcs(preload, vmprofile);
    let env = l.env;
    for (name, f) in [("require", require as NativeFn), ("module", module)] {
        let fv = with_upvalue(l, f, pkgv);
        l.set_field(env, name, fv);
    }
}

/// The search path from the first set environment variable (";;" means the default), else the default.
fn env_path(vars: &[&str], default: &str) -> String {
    for v in vars {
        if let Ok(p) = std::env::var(v) {
            return p.replace(";;", ";\u{1};").replace('\u{1}', default);
        }
    }
    default.to_string()
}

/// A native closure with one upvalue (the package table).
fn with_upvalue(l: &mut LuaState, f: NativeFn, uv: TValue) -> TValue {
    let env = l.env;
    let fp = crate::func::new_native(l.g(), f, FF_C, 1, env);
    // SAFETY: fp is fresh with one upvalue.
    unsafe { *(*fp).cupvalue() = uv };
    TValue::gc(tag::FUNC, fp as *const GcHeader)
}

/// The package table (upvalue 1 of the running native).
fn package(l: &LuaState) -> *mut GcTab {
    // SAFETY: base[-2] is the running native closure, made by `with_upvalue`.
    unsafe {
        let f: *mut GcFunc = (*l.base.sub(2)).ptr();
        (*(*f).cupvalue()).ptr()
    }
}

fn str_bytes(v: TValue) -> Vec<u8> {
    // SAFETY: callers pass live strings.
    unsafe { (*v.ptr::<GcStr>()).as_bytes().to_vec() }
}

fn readable(path: &[u8]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    std::fs::File::open(std::ffi::OsStr::from_bytes(path)).is_ok()
}

/// Search `path` for `name` (with `sep` replaced by `rep`): the file found, or the "no file" list.
fn search(name: &[u8], path: &[u8], sep: &[u8], rep: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let name = if sep.is_empty() {
        name.to_vec()
    } else {
        replace(name, sep, rep)
    };
    let mut tried = Vec::new();
    for templ in path.split(|&c| c == b';').filter(|t| !t.is_empty()) {
        let file = replace(templ, b"?", &name);
        if readable(&file) {
            return Ok(file);
        }
        tried.extend_from_slice(b"\n\tno file '");
        tried.extend_from_slice(&file);
        tried.push(b'\'');
    }
    Err(tried)
}

fn replace(s: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if !from.is_empty() && s[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// `package.<field>` as bytes, or an error naming it.
fn path_field(l: &mut LuaState, field: &str) -> LResult<Vec<u8>> {
    let pkg = package(l);
    let v = l.get_field(pkg, field);
    if !v.is_str() {
        let m = format!("'package.{field}' must be a string");
        return Err(l.caller_error(m.as_bytes()));
    }
    Ok(str_bytes(v))
}

fn searchpath(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    let path = l.check_bytes(2)?;
    let sep = l.opt_bytes(3, b".")?;
    let rep = l.opt_bytes(4, b"/")?;
    match search(&name, &path, &sep, &rep) {
        Ok(f) => {
            let v = l.new_str(&f);
            l.ret_values(&[v])
        }
        Err(tried) => {
            let v = l.new_str(&tried);
            l.ret_values(&[TValue::NIL, v])
        }
    }
}

fn loader_preload(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    let pkg = package(l);
    let preload = l.get_field(pkg, "preload");
    if !preload.is_tab() {
        return Err(l.caller_error(b"'package.preload' must be a table"));
    }
    let key = l.new_str(&name);
    let f = tab::get(preload.ptr(), key);
    if !f.is_nil() {
        return l.ret_values(&[f]);
    }
    let mut m = b"\n\tno field package.preload['".to_vec();
    m.extend_from_slice(&name);
    m.extend_from_slice(b"']");
    let v = l.new_str(&m);
    l.ret_values(&[v])
}

fn loader_lua(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    let path = path_field(l, "path")?;
    let file = match search(&name, &path, b".", b"/") {
        Ok(f) => f,
        Err(tried) => {
            let v = l.new_str(&tried);
            return l.ret_values(&[v]);
        }
    };
    use std::os::unix::ffi::OsStrExt;
    let src = match std::fs::read(std::ffi::OsStr::from_bytes(&file)) {
        Ok(s) => s,
        Err(e) => {
            return Err(load_error(
                l,
                &name,
                &file,
                crate::lib::io::os_error_text(&e).as_bytes(),
            ))
        }
    };
    let mut chunk = b"@".to_vec();
    chunk.extend_from_slice(&file);
    match l.load_buffer(&src, &chunk) {
        Ok(f) => l.ret_values(&[f]),
        Err(Status::ErrSyntax) => {
            let m = l.errobj;
            l.errobj = TValue::NIL;
            let m = l.tostring_raw(m);
            Err(load_error(l, &name, &file, &m))
        }
        Err(e) => Err(e),
    }
}

fn load_error(l: &mut LuaState, name: &[u8], file: &[u8], msg: &[u8]) -> Status {
    let mut m = b"error loading module '".to_vec();
    m.extend_from_slice(name);
    m.extend_from_slice(b"' from file '");
    m.extend_from_slice(file);
    m.extend_from_slice(b"':\n\t");
    m.extend_from_slice(msg);
    l.caller_error(&m)
}

/// C modules cannot be loaded: report the files tried, or that a found one cannot be used.
fn c_search(l: &mut LuaState, name: &[u8]) -> LResult<usize> {
    let cpath = path_field(l, "cpath")?;
    match search(name, &cpath, b".", b"/") {
        Ok(file) => Err(load_error(l, name, &file, b"C modules are not supported")),
        Err(tried) => {
            let v = l.new_str(&tried);
            l.ret_values(&[v])
        }
    }
}

fn loader_c(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    c_search(l, &name)
}

fn loader_croot(l: &mut LuaState) -> LResult<usize> {
    let name = l.check_bytes(1)?;
    match name.iter().position(|&c| c == b'.') {
        Some(i) => c_search(l, &name[..i]),
        None => Ok(0),
    }
}

fn require(l: &mut LuaState) -> LResult<usize> {
    let namev = l.check_str(1)?;
    let name = str_bytes(TValue::gc(tag::STR, namev as *const GcHeader));
    let key = TValue::gc(tag::STR, namev as *const GcHeader);
    let loaded = l.loaded_table();
    let have = tab::get(loaded, key);
    if have.is_truthy() {
        if have == sentinel() {
            let m = format!(
                "loop or previous error loading module '{}'",
                String::from_utf8_lossy(&name)
            );
            return Err(l.caller_error(m.as_bytes()));
        }
        return l.ret_values(&[have]);
    }
    let pkg = package(l);
    let loaders = l.get_field(pkg, "loaders");
    if !loaders.is_tab() {
        return Err(l.caller_error(b"'package.loaders' must be a table"));
    }
    let mut msg = Vec::new();
    let mut i = 1;
    let loader = loop {
        let f = tab::get_int(loaders.ptr(), i);
        if f.is_nil() {
            let mut m =
                format!("module '{}' not found:", String::from_utf8_lossy(&name)).into_bytes();
            m.extend_from_slice(&msg);
            return Err(l.caller_error(&m));
        }
        l.call_value(f, &[key], 1)?;
        let r = l.pop_result();
        if r.is_func() {
            break r;
        }
        if r.is_str() {
            msg.extend_from_slice(&str_bytes(r));
        }
        i += 1;
    };
    l.rawset(loaded, key, sentinel())?;
    l.call_value(loader, &[key], 1)?;
    let r = l.pop_result();
    if !r.is_nil() {
        l.rawset(loaded, key, r)?;
    }
    if tab::get(loaded, key) == sentinel() {
        l.rawset(loaded, key, TValue::TRUE)?;
    }
    let v = tab::get(loaded, key);
    l.ret_values(&[v])
}

/// The table at dotted path `name` under `root`, created as needed (None on a name conflict).
fn find_table(l: &mut LuaState, root: *mut GcTab, name: &[u8]) -> LResult<Option<*mut GcTab>> {
    let mut t = root;
    for part in name.split(|&c| c == b'.') {
        let k = l.new_str(part);
        let v = tab::get(t, k);
        if v.is_nil() {
            let nt = l.new_table(0, 0);
            l.rawset(t, k, TValue::gc(tag::TAB, nt as *const GcHeader))?;
            t = nt;
        } else if v.is_tab() {
            t = v.ptr();
        } else {
            return Ok(None);
        }
    }
    Ok(Some(t))
}

/// `module(name, ...)`: find or create the module table, make it the caller's environment.
fn module(l: &mut LuaState) -> LResult<usize> {
    let namev = l.check_str(1)?;
    let key = TValue::gc(tag::STR, namev as *const GcHeader);
    let name = str_bytes(key);
    let loaded = l.loaded_table();
    let mut m = tab::get(loaded, key);
    if !m.is_tab() {
        let env = l.env;
        match find_table(l, env, &name)? {
            Some(t) => m = TValue::gc(tag::TAB, t as *const GcHeader),
            None => {
                let msg = format!(
                    "name conflict for module '{}'",
                    String::from_utf8_lossy(&name)
                );
                return Err(l.caller_error(msg.as_bytes()));
            }
        }
        l.rawset(loaded, key, m)?;
    }
    let mt: *mut GcTab = m.ptr();
    if l.get_field(mt, "_NAME").is_nil() {
        l.set_field(mt, "_M", m);
        l.set_field(mt, "_NAME", key);
        let pkgname = match name.iter().rposition(|&c| c == b'.') {
            Some(i) => &name[..=i],
            None => &name[..0],
        };
        let v = l.new_str(pkgname);
        l.set_field(mt, "_PACKAGE", v);
    }
    let frames = l.frames();
    let caller = frames
        .get(1)
        .and_then(|f| f.closure().filter(|c| c.is_lua()).map(|_| f.func));
    let Some(cf) = caller else {
        return Err(l.caller_error(b"'module' not called from a Lua function"));
    };
    // SAFETY: cf is the live Lua closure of the calling frame.
    unsafe { (*cf.ptr::<GcFunc>()).env = mt };
    for i in 1..l.nargs() {
        let opt = l.arg(i);
        l.call_value(opt, &[m], 0)?;
    }
    Ok(0)
}

/// `package.seeall(m)`: give `m` a metatable whose `__index` is the globals table.
fn seeall(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    // SAFETY: t is a live table held in an argument slot.
    let mut mt = unsafe { (*t).metatable };
    if mt.is_null() {
        mt = l.new_table(0, 1);
        // SAFETY: as above; the barrier records the new reference.
        unsafe { (*t).metatable = mt };
        crate::gc::barrier_tab(l.g(), t);
    }
    let idx = l.g().mmname(MM::Index);
    let env = l.env;
    tab::set_str(l.g(), mt, idx, TValue::gc(tag::TAB, env as *const GcHeader));
    Ok(0)
}
