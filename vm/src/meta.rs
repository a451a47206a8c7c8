//! Metamethods: the name table (defined once) and metamethod lookup.

/// The metamethod table. The order is fixed: the ones up to `Eq` are "fast"
/// metamethods whose absence a table caches in its `nomm` bits.
macro_rules! mmdef {
    ($m:ident) => {
        $m! {
            Index "__index",
            Newindex "__newindex",
            Gc "__gc",
            Mode "__mode",
            Eq "__eq",
            Len "__len",
            Lt "__lt",
            Le "__le",
            Concat "__concat",
            Call "__call",
            Add "__add",
            Sub "__sub",
            Mul "__mul",
            Div "__div",
            Mod "__mod",
            Pow "__pow",
            Unm "__unm",
            Metatable "__metatable",
            Tostring "__tostring",
        }
    };
}

macro_rules! gen_mm {
    ($($name:ident $s:literal,)*) => {
        /// A metamethod.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum MM { $($name,)* }
        impl MM {
            pub const ALL: &'static [MM] = &[$(MM::$name,)*];
            pub const NAMES: &'static [&'static str] = &[$($s,)*];
            #[inline(always)]
            pub fn name(self) -> &'static str { MM::NAMES[self as usize] }
        }
    };
}

mmdef!(gen_mm);

/// Metamethods at or below this one are negatively cached in `GcTab::nomm`.
pub const MM_FAST: MM = MM::Eq;

use crate::gc;
use crate::state::{LResult, LuaState};
use crate::str::GcStr;
use crate::tab::{self, GcTab};
use crate::udata::GcUdata;
use crate::value::{tag, TValue};

/// A metamethod call an operation needs before it can finish. The interpreter makes it
/// through a continuation frame (so the handler may yield); library code nests it.
#[derive(Clone, Copy)]
pub struct MmCall {
    pub f: TValue,
    pub args: [TValue; 3],
    pub nargs: usize,
    /// A comparison's result is the handler's negated (`a <= b` as `not (b < a)`).
    pub negate: bool,
}

impl MmCall {
    fn new(f: TValue, args: &[TValue]) -> MmCall {
        let mut a = [TValue::NIL; 3];
        a[..args.len()].copy_from_slice(args);
        MmCall {
            f,
            args: a,
            nargs: args.len(),
            negate: false,
        }
    }
}

/// An operation's outcome: finished, or waiting on a metamethod call.
pub enum Step<T> {
    Done(T),
    Call(MmCall),
}

/// A concatenation's outcome; `Call` carries the operand index its result replaces.
pub enum ConcatStep {
    Done(TValue),
    Call(MmCall, usize),
}

/// How an operation turns a metamethod's first result into its own.
pub trait MmResult {
    fn from_result(v: TValue, negate: bool) -> Self;
}
impl MmResult for TValue {
    fn from_result(v: TValue, _: bool) -> Self {
        v
    }
}
impl MmResult for bool {
    fn from_result(v: TValue, negate: bool) -> Self {
        v.is_truthy() != negate
    }
}
impl MmResult for () {
    fn from_result(_: TValue, _: bool) -> Self {}
}

/// Longest `__index`/`__newindex` chain before "loop in gettable"/"loop in settable".
pub const MAX_META_CHAIN: usize = 100;

impl LuaState {
    /// The metatable of any value (null if none).
    pub fn metatable_of(&self, v: TValue) -> *mut GcTab {
        // SAFETY: tags are checked before each object access.
        unsafe {
            if v.is_tab() {
                (*v.ptr::<GcTab>()).metatable
            } else if v.is(tag::UDATA) {
                (*v.ptr::<GcUdata>()).metatable
            } else {
                self.g().basemt[v.tag() as usize]
            }
        }
    }

    /// Look up metamethod `mm` of `v` (nil if none), using the negative cache of tables.
    #[inline]
    pub fn get_mm(&self, v: TValue, mm: MM) -> TValue {
        let mt = self.metatable_of(v);
        if mt.is_null() {
            return TValue::NIL;
        }
        mt_get(self, mt, mm)
    }

    /// `t[k]` with `__index` metamethods.
    pub fn index(&mut self, obj: TValue, key: TValue) -> LResult<TValue> {
        let s = self.index_step(obj, key)?;
        self.finish(s)
    }

    /// `t[k]` up to the `__index` function call it may need.
    pub fn index_step(&mut self, obj: TValue, key: TValue) -> LResult<Step<TValue>> {
        let mut o = obj;
        for _ in 0..MAX_META_CHAIN {
            let h;
            if o.is_tab() {
                let t = o.ptr::<GcTab>();
                let v = tab::get(t, key);
                if !v.is_nil() {
                    return Ok(Step::Done(v));
                }
                // SAFETY: t is a live table.
                let mt = unsafe { (*t).metatable };
                if mt.is_null() {
                    return Ok(Step::Done(TValue::NIL));
                }
                h = mt_get(self, mt, MM::Index);
                if h.is_nil() {
                    return Ok(Step::Done(TValue::NIL));
                }
            } else {
                h = self.get_mm(o, MM::Index);
                if h.is_nil() {
                    return Err(self.type_error_index(o));
                }
            }
            if h.is_func() {
                return Ok(Step::Call(MmCall::new(h, &[o, key])));
            }
            o = h;
        }
        Err(self.runtime_error("loop in gettable"))
    }

    /// `t[k] = v` with `__newindex` metamethods.
    pub fn newindex(&mut self, obj: TValue, key: TValue, val: TValue) -> LResult<()> {
        let s = self.newindex_step(obj, key, val)?;
        self.finish(s)
    }

    /// `t[k] = v` up to the `__newindex` function call it may need.
    pub fn newindex_step(&mut self, obj: TValue, key: TValue, val: TValue) -> LResult<Step<()>> {
        let mut o = obj;
        for _ in 0..MAX_META_CHAIN {
            let h;
            if o.is_tab() {
                let t = o.ptr::<GcTab>();
                // SAFETY: t is a live table.
                let mt = unsafe { (*t).metatable };
                let existing = tab::get(t, key);
                if !existing.is_nil() || mt.is_null() {
                    return self.rawset(t, key, val).map(Step::Done);
                }
                h = mt_get(self, mt, MM::Newindex);
                if h.is_nil() {
                    return self.rawset(t, key, val).map(Step::Done);
                }
            } else {
                h = self.get_mm(o, MM::Newindex);
                if h.is_nil() {
                    return Err(self.type_error_index(o));
                }
            }
            if h.is_func() {
                return Ok(Step::Call(MmCall::new(h, &[o, key, val])));
            }
            o = h;
        }
        Err(self.runtime_error("loop in settable"))
    }

    /// Raw store with key checks and the write barrier.
    pub fn rawset(&mut self, t: *mut GcTab, key: TValue, val: TValue) -> LResult<()> {
        let g = self.g();
        match tab::set(g, t, key) {
            Ok(slot) => {
                // SAFETY: slot was just returned by tab::set; t is live.
                unsafe {
                    *slot = val;
                    (*t).nomm = 0;
                }
                gc::barrier_tab(g, t);
                Ok(())
            }
            Err(tab::KeyError::Nil) => Err(self.runtime_error("table index is nil")),
            Err(tab::KeyError::NaN) => Err(self.runtime_error("table index is NaN")),
        }
    }

    /// Take the single result a `call_value(.., 1)` left on the stack.
    pub fn pop_result(&mut self) -> TValue {
        // SAFETY: call_value with nres 1 left exactly one value at top-1.
        unsafe {
            self.top = self.top.sub(1);
            *self.top
        }
    }

    /// Arithmetic with coercion and metamethods (`op` is the metamethod).
    pub fn arith(&mut self, a: TValue, b: TValue, op: MM) -> LResult<TValue> {
        let s = self.arith_step(a, b, op)?;
        self.finish(s)
    }

    /// Arithmetic up to the metamethod call it may need.
    pub fn arith_step(&mut self, a: TValue, b: TValue, op: MM) -> LResult<Step<TValue>> {
        if let (Some(x), Some(y)) = (tonum(self, a), tonum(self, b)) {
            return Ok(Step::Done(TValue::num(arith_num(x, y, op))));
        }
        let mut h = self.get_mm(a, op);
        if h.is_nil() {
            h = self.get_mm(b, op);
        }
        if h.is_nil() {
            let bad = if tonum(self, a).is_none() { a } else { b };
            return Err(self.type_error_arith(bad, a, b));
        }
        Ok(Step::Call(MmCall::new(h, &[a, b])))
    }

    /// Unary minus with metamethods.
    pub fn unm(&mut self, a: TValue) -> LResult<TValue> {
        let s = self.unm_step(a)?;
        self.finish(s)
    }

    /// Unary minus up to the `__unm` call it may need.
    pub fn unm_step(&mut self, a: TValue) -> LResult<Step<TValue>> {
        if let Some(x) = tonum(self, a) {
            return Ok(Step::Done(TValue::num(-x)));
        }
        let h = self.get_mm(a, MM::Unm);
        if h.is_nil() {
            return Err(self.type_error_arith(a, a, a));
        }
        Ok(Step::Call(MmCall::new(h, &[a, a])))
    }

    /// `#v` with `__len` for non-tables.
    pub fn len(&mut self, v: TValue) -> LResult<TValue> {
        let s = self.len_step(v)?;
        self.finish(s)
    }

    /// `#v` up to the `__len` call it may need.
    pub fn len_step(&mut self, v: TValue) -> LResult<Step<TValue>> {
        if v.is_str() {
            // SAFETY: v is a live string.
            let n = unsafe { (*v.ptr::<GcStr>()).len };
            return Ok(Step::Done(TValue::num(n as f64)));
        }
        if v.is_tab() {
            return Ok(Step::Done(TValue::num(tab::len(v.ptr()) as f64)));
        }
        let h = self.get_mm(v, MM::Len);
        if h.is_nil() {
            return Err(self.type_error_op(v, "get length of"));
        }
        Ok(Step::Call(MmCall::new(h, &[v, TValue::NIL])))
    }

    /// `a == b` with `__eq` (only for two tables or two userdata with the same handler).
    pub fn equals(&mut self, a: TValue, b: TValue) -> LResult<bool> {
        let s = self.equals_step(a, b)?;
        self.finish(s)
    }

    /// `a == b` up to the `__eq` call it may need.
    pub fn equals_step(&mut self, a: TValue, b: TValue) -> LResult<Step<bool>> {
        if raw_equal(a, b) {
            return Ok(Step::Done(true));
        }
        if a.itype() != b.itype() || !(a.is_tab() || a.is(tag::UDATA)) {
            return Ok(Step::Done(false));
        }
        let h1 = self.get_mm(a, MM::Eq);
        if h1.is_nil() {
            return Ok(Step::Done(false));
        }
        let h2 = self.get_mm(b, MM::Eq);
        if !raw_equal(h1, h2) {
            return Ok(Step::Done(false));
        }
        Ok(Step::Call(MmCall::new(h1, &[a, b])))
    }

    /// `a < b` (`le` false) or `a <= b` (`le` true) with metamethods.
    pub fn less(&mut self, a: TValue, b: TValue, le: bool) -> LResult<bool> {
        let s = self.less_step(a, b, le)?;
        self.finish(s)
    }

    /// `a < b` or `a <= b` up to the metamethod call it may need.
    pub fn less_step(&mut self, a: TValue, b: TValue, le: bool) -> LResult<Step<bool>> {
        if a.is_num() && b.is_num() {
            let (x, y) = (a.as_num(), b.as_num());
            return Ok(Step::Done(if le { x <= y } else { x < y }));
        }
        if a.is_str() && b.is_str() {
            // SAFETY: both are live strings.
            let (x, y) = unsafe {
                (
                    (*a.ptr::<GcStr>()).as_bytes(),
                    (*b.ptr::<GcStr>()).as_bytes(),
                )
            };
            return Ok(Step::Done(if le { x <= y } else { x < y }));
        }
        let mm = if le { MM::Le } else { MM::Lt };
        if a.itype() == b.itype() {
            let h1 = self.get_mm(a, mm);
            if !h1.is_nil() {
                let h2 = self.get_mm(b, mm);
                if raw_equal(h1, h2) {
                    return Ok(Step::Call(MmCall::new(h1, &[a, b])));
                }
            }
            if le {
                // a <= b  ==  not (b < a), when only __lt exists.
                let h1 = self.get_mm(a, MM::Lt);
                if !h1.is_nil() {
                    let h2 = self.get_mm(b, MM::Lt);
                    if raw_equal(h1, h2) {
                        let c = MmCall::new(h1, &[b, a]);
                        return Ok(Step::Call(MmCall { negate: true, ..c }));
                    }
                }
            }
        }
        Err(self.type_error_compare(a, b))
    }

    /// Concatenate the `n` (at least two) values at `first` as `CAT` does, right to left,
    /// in place: until a `__concat` call is needed, which is returned with the index of
    /// the slot its result replaces (the concatenation then goes on over `first..=at`).
    pub fn concat_step(&mut self, first: *mut TValue, mut n: usize) -> LResult<ConcatStep> {
        // SAFETY: first..first+n are live stack slots (the CAT operand registers).
        let vals = |i: usize| unsafe { *first.add(i) };
        while n > 1 {
            let (a, b) = (vals(n - 2), vals(n - 1));
            if is_concatable(a) && is_concatable(b) {
                // Gather the longest run of strings/numbers ending at the top.
                let mut lo = n - 2;
                while lo > 0 && is_concatable(vals(lo - 1)) {
                    lo -= 1;
                }
                // SAFETY: as above.
                let run = unsafe { std::slice::from_raw_parts(first.add(lo), n - lo) };
                let Some(s) = self.concat_run(run) else {
                    return Err(self.runtime_error("string length overflow"));
                };
                // SAFETY: as above.
                unsafe { *first.add(lo) = s };
                n = lo + 1;
            } else {
                let mut h = self.get_mm(a, MM::Concat);
                if h.is_nil() {
                    h = self.get_mm(b, MM::Concat);
                }
                if h.is_nil() {
                    // Operands below the top pair are still the original registers.
                    let (bad, at) = if is_concatable(a) {
                        (b, n - 1)
                    } else {
                        (a, n - 2)
                    };
                    return Err(self.type_error_concat(bad, at));
                }
                return Ok(ConcatStep::Call(MmCall::new(h, &[a, b]), n - 2));
            }
        }
        Ok(ConcatStep::Done(vals(0)))
    }

    /// The string made of `vals`, strings and numbers (numbers as `tostring` writes
    /// them), built in the scratch buffer; None if it would be too long.
    pub fn concat_run(&mut self, vals: &[TValue]) -> Option<TValue> {
        let mut buf = std::mem::take(&mut self.g().strtab.buf);
        buf.clear();
        for &v in vals {
            append_concat(&mut buf, v);
        }
        let s = (buf.len() <= crate::str::MAX_STR).then(|| self.new_str(&buf));
        self.g().strtab.buf = buf;
        s
    }

    /// Finish a step from library code: make the metamethod call nested in Rust.
    pub fn finish<T: MmResult>(&mut self, s: Step<T>) -> LResult<T> {
        match s {
            Step::Done(v) => Ok(v),
            Step::Call(c) => {
                self.call_value(c.f, &c.args[..c.nargs], 1)?;
                let v = self.pop_result();
                Ok(T::from_result(v, c.negate))
            }
        }
    }

    /// `__call` handler of a non-function (nil if none).
    pub fn call_handler(&self, v: TValue) -> TValue {
        self.get_mm(v, MM::Call)
    }
}

/// Metamethod lookup in a metatable, maintaining the negative cache for fast ones.
#[inline]
pub fn mt_get(l: &LuaState, mt: *mut GcTab, mm: MM) -> TValue {
    // SAFETY: mt is a live table.
    unsafe {
        let fast = (mm as u8) <= (MM_FAST as u8);
        if fast && (*mt).nomm & (1 << mm as u8) != 0 {
            return TValue::NIL;
        }
        let v = tab::get_str(mt, l.g().mmname[mm as usize]);
        if v.is_nil() && fast {
            (*mt).nomm |= 1 << mm as u8;
        }
        v
    }
}

/// Raw equality (numbers by value).
#[inline(always)]
pub fn raw_equal(a: TValue, b: TValue) -> bool {
    if a.is_num() && b.is_num() {
        a.as_num() == b.as_num()
    } else {
        a == b
    }
}

/// Numeric value of a number or a string that converts (arithmetic coercion).
pub fn tonum(_l: &LuaState, v: TValue) -> Option<f64> {
    if v.is_num() {
        Some(v.as_num())
    } else if v.is_str() {
        // SAFETY: v is a live string.
        crate::strscan::str2num(unsafe { (*v.ptr::<GcStr>()).as_bytes() })
    } else {
        None
    }
}

/// Arithmetic on numbers, as the `*VV` opcodes compute it.
#[inline(always)]
pub fn arith_num(x: f64, y: f64, op: MM) -> f64 {
    match op {
        MM::Add => x + y,
        MM::Sub => x - y,
        MM::Mul => x * y,
        MM::Div => x / y,
        MM::Mod => lua_mod(x, y),
        MM::Pow => lua_pow(x, y),
        MM::Unm => -x,
        _ => f64::NAN,
    }
}

/// `a % b` as Lua defines it: `a - floor(a/b)*b`.
#[inline(always)]
pub fn lua_mod(a: f64, b: f64) -> f64 {
    a - fast_floor(a / b) * b
}

/// `x.floor()` without the libm call baseline x86-64 needs (no SSE4.1 `roundsd`):
/// values below 2^52 in magnitude round-trip through an integer conversion.
#[inline(always)]
pub fn fast_floor(x: f64) -> f64 {
    if x.abs() < 4503599627370496.0 {
        let t = x as i64 as f64;
        // -0.5 floors to -1; keep -0.0 (and 0.0) as they are, as floor does.
        if t > x {
            t - 1.0
        } else if t == 0.0 {
            0.0f64.copysign(x)
        } else {
            t
        }
    } else {
        x
    }
}

/// `a ^ b`.
#[inline(always)]
pub fn lua_pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}

pub fn is_concatable(v: TValue) -> bool {
    v.is_num() || v.is_str()
}

/// Append the string form of a string or number.
pub fn append_concat(buf: &mut Vec<u8>, v: TValue) {
    if v.is_str() {
        // SAFETY: v is a live string.
        buf.extend_from_slice(unsafe { (*v.ptr::<GcStr>()).as_bytes() });
    } else {
        crate::strfmt::fmt_num(buf, v.as_num());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_floor_matches_floor() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.7,
            -2.7,
            1e15 + 0.5,
            -1e15 - 0.5,
            4503599627370495.5,
            -4503599627370495.5,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e-310,
            -1e-310,
        ] {
            let (a, b) = (super::fast_floor(x), x.floor());
            assert!(
                a == b && a.is_sign_negative() == b.is_sign_negative(),
                "{x}: {a} vs {b}"
            );
        }
        assert!(super::fast_floor(f64::NAN).is_nan());
    }
}
