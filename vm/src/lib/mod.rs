//! Standard libraries: registration and the argument-checking helpers natives share.

pub mod base;
pub mod bit;
pub mod coroutine;
pub mod debug;
pub mod ff;
pub mod io;
pub mod jit;
pub mod math;
pub mod os;
pub mod package;
pub mod string;
pub mod strpat;
pub mod table;
pub mod vmprofile;

use crate::func::NativeFn;
use crate::gc::GcHeader;
use crate::meta::MM;
use crate::state::{LResult, LuaState};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

/// One library function: name, implementation, fast-function id.
pub type Reg = (&'static str, NativeFn, u8);

impl LuaState {
    /// Create (or extend) table `name` in the globals and `package.loaded` with `funcs`.
    pub fn register_lib(&mut self, name: Option<&str>, funcs: &[Reg]) -> *mut GcTab {
        let t = match name {
            None => self.env,
            Some(n) => {
                let t = self.new_table(0, tab::hbits_for(funcs.len() as u32));
                let tv = TValue::gc(tag::TAB, t as *const GcHeader);
                let env = self.env;
                self.set_field(env, n, tv);
                let loaded = self.loaded_table();
                self.set_field(loaded, n, tv);
                t
            }
        };
        self.set_funcs(t, funcs);
        t
    }

    /// Add native functions to table `t`.
    pub fn set_funcs(&mut self, t: *mut GcTab, funcs: &[Reg]) {
        for &(name, f, ffid) in funcs {
            let fv = self.new_native(f, ffid);
            self.set_field(t, name, fv);
        }
    }

    /// `t[name] = v` (raw), for a field named in Rust.
    pub fn set_field(&mut self, t: *mut GcTab, name: &str, v: TValue) {
        let key = crate::str::intern(self.g(), name.as_bytes());
        tab::set_str(self.g(), t, key, v);
    }

    /// `t[name]` (raw), for a field named in Rust.
    pub fn get_field(&mut self, t: *mut GcTab, name: &str) -> TValue {
        let key = crate::str::intern(self.g(), name.as_bytes());
        tab::get_str(t, key)
    }

    /// The registry table under `key`, created on first use.
    pub fn registry_table(&mut self, key: &str) -> *mut GcTab {
        let reg: *mut GcTab = self.g().registry.ptr();
        let v = self.get_field(reg, key);
        if v.is_tab() {
            return v.ptr();
        }
        let t = self.new_table(0, 4);
        self.set_field(reg, key, TValue::gc(tag::TAB, t as *const GcHeader));
        t
    }

    /// `package.loaded` (registry `_LOADED`), created on first use.
    pub fn loaded_table(&mut self) -> *mut GcTab {
        self.registry_table("_LOADED")
    }

    /// Argument `i` (1-based) must be present.
    #[inline]
    pub fn check_any(&mut self, i: usize) -> LResult<TValue> {
        if i > self.nargs() {
            return Err(self.arg_error(i, "value expected"));
        }
        Ok(self.arg(i - 1))
    }

    /// Argument `i` (1-based) as a number (strings convert).
    #[inline]
    pub fn check_num(&mut self, i: usize) -> LResult<f64> {
        let v = self.arg(i - 1);
        if v.is_num() {
            return Ok(v.as_num());
        }
        match crate::meta::tonum(self, v) {
            Some(n) if v.is_str() => Ok(n),
            _ => Err(self.type_arg_error(i, "number")),
        }
    }

    /// Optional number argument.
    #[inline]
    pub fn opt_num(&mut self, i: usize, def: f64) -> LResult<f64> {
        if self.arg(i - 1).is_nil() {
            Ok(def)
        } else {
            self.check_num(i)
        }
    }

    /// Argument `i` as an integer (truncated like LuaJIT's `lj_lib_checkint`).
    #[inline]
    pub fn check_int(&mut self, i: usize) -> LResult<i64> {
        let n = self.check_num(i)?;
        Ok(num_to_int(n))
    }

    #[inline]
    pub fn opt_int(&mut self, i: usize, def: i64) -> LResult<i64> {
        if self.arg(i - 1).is_nil() {
            Ok(def)
        } else {
            self.check_int(i)
        }
    }

    /// Argument `i` as a string value (numbers convert, and the argument slot is updated).
    #[inline]
    pub fn check_str(&mut self, i: usize) -> LResult<*mut GcStr> {
        let v = self.arg(i - 1);
        if v.is_str() {
            return Ok(v.ptr());
        }
        if v.is_num() {
            let s = crate::str::new_num(self.g(), v.as_num());
            self.set_arg(i - 1, s);
            return Ok(s.ptr());
        }
        Err(self.type_arg_error(i, "string"))
    }

    /// Argument `i` as bytes (copied, so the caller may allocate freely).
    pub fn check_bytes(&mut self, i: usize) -> LResult<Vec<u8>> {
        let s = self.check_str(i)?;
        // SAFETY: s is a live string held in an argument slot.
        Ok(unsafe { (*s).as_bytes().to_vec() })
    }

    /// Argument `i` as bytes, borrowed from its argument slot rather than copied. The
    /// slot roots the string (the collector moves nothing and frees only unreachable
    /// objects) until the native returns; only Lua code it runs could replace the slot
    /// (debug.setlocal), so a caller that runs any must fetch the bytes again or copy.
    #[inline]
    pub fn check_bytes_ref<'a>(&mut self, i: usize) -> LResult<&'a [u8]> {
        let s = self.check_str(i)?;
        // SAFETY: as described above: a live string, kept alive by its slot.
        Ok(unsafe { (*s).as_bytes() })
    }

    pub fn opt_bytes(&mut self, i: usize, def: &[u8]) -> LResult<Vec<u8>> {
        if self.arg(i - 1).is_nil() {
            Ok(def.to_vec())
        } else {
            self.check_bytes(i)
        }
    }

    /// Argument `i` must be a table.
    #[inline]
    pub fn check_tab(&mut self, i: usize) -> LResult<*mut GcTab> {
        let v = self.arg(i - 1);
        if v.is_tab() {
            Ok(v.ptr())
        } else {
            Err(self.type_arg_error(i, "table"))
        }
    }

    /// The bytes of string value `v` (empty for non-strings); `v` must be rooted (argument,
    /// upvalue, ...) and the borrow of the state keeps the collector from running meanwhile.
    pub fn str_bytes(&self, v: TValue) -> &[u8] {
        if !v.is_str() {
            return &[];
        }
        // SAFETY: v is a live, rooted string; no collection can run while `self` is borrowed.
        unsafe { (*v.ptr::<GcStr>()).as_bytes() }
    }

    /// A new native closure over `f` with the given upvalues.
    pub fn new_native_closure(&mut self, f: NativeFn, ups: &[TValue]) -> TValue {
        let env = self.env;
        let fp = crate::func::new_native(self.g(), f, crate::func::FF_C, ups.len(), env);
        for (i, v) in ups.iter().enumerate() {
            // SAFETY: fp is fresh with ups.len() upvalues.
            unsafe { *(*fp).cupvalue().add(i) = *v };
        }
        TValue::gc(tag::FUNC, fp as *const GcHeader)
    }

    /// Upvalue `i` of the running native closure (nil if it has fewer).
    pub fn native_upvalue(&self, i: usize) -> TValue {
        // SAFETY: base[-2] is the running native closure; i is checked against its count.
        unsafe {
            let f: *mut crate::func::GcFunc = (*self.base.sub(2)).ptr();
            if i < (*f).nupvalues as usize {
                *(*f).cupvalue().add(i)
            } else {
                TValue::NIL
            }
        }
    }

    /// Number of upvalues of the running native closure.
    pub fn native_upvalue_count(&self) -> usize {
        // SAFETY: base[-2] is the running native closure.
        unsafe { (*(*self.base.sub(2)).ptr::<crate::func::GcFunc>()).nupvalues as usize }
    }

    /// Set upvalue `i` of the running native closure to a non-collectable value.
    pub fn set_native_upvalue(&mut self, i: usize, v: TValue) {
        debug_assert!(!v.is_gcv());
        // SAFETY: as native_upvalue; v needs no write barrier since it is not a GC object.
        unsafe {
            let f: *mut crate::func::GcFunc = (*self.base.sub(2)).ptr();
            if i < (*f).nupvalues as usize {
                *(*f).cupvalue().add(i) = v;
            }
        }
    }

    /// Push results and return their count.
    pub fn ret_values(&mut self, vals: &[TValue]) -> LResult<usize> {
        self.check_stack(vals.len())?;
        for v in vals {
            self.push(*v)?;
        }
        Ok(vals.len())
    }

    /// `tostring(v)`, honouring `__tostring`.
    pub fn tostring(&mut self, v: TValue) -> LResult<TValue> {
        let h = self.get_mm(v, MM::Tostring);
        if !h.is_nil() {
            self.call_value(h, &[v], 1)?;
            let r = self.pop_result();
            if !r.is_str() && !r.is_num() {
                return Err(self.caller_error(b"'__tostring' must return a string"));
            }
            return Ok(r);
        }
        if v.is_str() {
            return Ok(v);
        }
        // Built in the interning scratch buffer: no allocation but the string's own.
        let mut buf = std::mem::take(&mut self.g().strtab.buf);
        buf.clear();
        self.put_tostring_raw(v, &mut buf);
        let s = self.new_str(&buf);
        self.g().strtab.buf = buf;
        Ok(s)
    }

    /// The default string form of a value (`nil`, `true`, `42`, `table: 0x...`).
    pub fn tostring_raw(&self, v: TValue) -> Vec<u8> {
        let mut out = Vec::new();
        self.put_tostring_raw(v, &mut out);
        out
    }

    /// Append the default string form of a value.
    pub fn put_tostring_raw(&self, v: TValue, out: &mut Vec<u8>) {
        if v.is_num() {
            crate::strfmt::fmt_num(out, v.as_num());
        } else if v.is_str() {
            out.extend_from_slice(self.str_bytes(v));
        } else if v.is_nil() {
            out.extend_from_slice(b"nil");
        } else if v == TValue::TRUE {
            out.extend_from_slice(b"true");
        } else if v == TValue::FALSE {
            out.extend_from_slice(b"false");
        } else {
            use std::io::Write as _;
            let name = v.type_name();
            // Writing to a Vec cannot fail.
            let _ = write!(out, "{name}: {:#x}", v.payload());
        }
    }
}

/// An integer argument as LuaJIT's library functions read one: a C `int32_t`
/// conversion as x86-64 does it (truncating; out of range and NaN give `INT32_MIN`),
/// so `s:sub(1, 2^32)` is "" and `string.rep(s, 2^40)` is "" as in LuaJIT.
pub fn num_to_int(n: f64) -> i64 {
    if n > -2_147_483_649.0 && n < 2_147_483_648.0 {
        n as i32 as i64
    } else {
        i32::MIN as i64
    }
}

/// A number as a C `int64_t` conversion on x86-64 gives it (out of range and NaN give
/// the "integer indefinite" `INT64_MIN`), where LuaJIT converts to 64 bits (`%d`, seek).
pub fn num_to_i64(n: f64) -> i64 {
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO63..TWO63).contains(&n) {
        n as i64
    } else {
        i64::MIN
    }
}

/// Open every standard library into the state's globals.
pub fn open_all(l: &mut LuaState) {
    base::open(l);
    bit::open(l);
    coroutine::open(l);
    string::open(l);
    table::open(l);
    io::open(l);
    jit::open(l);
    os::open(l);
    math::open(l);
    debug::open(l);
    package::open(l);
}
