//! The table library, with LuaJIT's extras (`move`, `foreach`/`foreachi`, and the
//! `table.new`/`table.clear` modules).

use super::Reg;
use crate::func::FF_C;
use crate::gc::GcHeader;
use crate::state::{LResult, LuaState};
use crate::tab::{self, GcTab};
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("concat", concat, FF_C),
    ("foreach", foreach, FF_C),
    ("foreachi", foreachi, FF_C),
    ("getn", getn, FF_C),
    ("insert", insert, FF_C),
    ("maxn", maxn, FF_C),
    ("move", move_, FF_C),
    ("remove", remove, FF_C),
    ("sort", sort, FF_C),
];

/// Loaders for `package.preload`: `require "table.new"` and `require "table.clear"`
/// return the function and, as in LuaJIT, also add it to the `table` library.
pub const PRELOAD: &[Reg] = &[
    ("table.new", open_new, FF_C),
    ("table.clear", open_clear, FF_C),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("table"), FUNCS);
}

fn open_new(l: &mut LuaState) -> LResult<usize> {
    postreg(l, "new", new)
}

fn open_clear(l: &mut LuaState) -> LResult<usize> {
    postreg(l, "clear", clear)
}

/// Add `f` to the loaded `table` library as `name` and return it.
fn postreg(l: &mut LuaState, name: &str, f: crate::func::NativeFn) -> LResult<usize> {
    let fv = l.new_native(f, FF_C);
    let loaded = l.loaded_table();
    let lib = l.get_field(loaded, "table");
    if lib.is_tab() {
        l.set_field(lib.ptr(), name, fv);
    }
    l.ret_values(&[fv])
}

/// `table.new(narray, nhash)`: an empty table with preallocated parts.
fn new(l: &mut LuaState) -> LResult<usize> {
    let a = l.check_int(1)?.clamp(0, tab::MAX_ASIZE as i64) as u32;
    let h = l.check_int(2)?.clamp(0, 1 << tab::MAX_HBITS) as u32;
    // Array slot 0 is unused by sequences, so `a` elements need a+1 slots.
    let t = l.new_table(if a > 0 { a + 1 } else { 0 }, tab::hbits_for(h));
    l.ret_values(&[TValue::gc(tag::TAB, t as *const GcHeader)])
}

/// `table.clear(t)`: remove every entry, keeping the allocated parts.
fn clear(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    tab::clear(t);
    Ok(0)
}

/// `table.foreach(t, f)`: call `f(k, v)` for each pair until it returns non-nil.
fn foreach(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let f = l.arg(1);
    if !f.is_func() {
        return Err(l.type_arg_error(2, "function"));
    }
    let mut k = TValue::NIL;
    loop {
        let (nk, v) = match tab::next(t, k) {
            Ok(Some(kv)) => kv,
            Ok(None) => return Ok(0),
            Err(tab::InvalidKey) => return Err(l.caller_error(b"invalid key to 'next'")),
        };
        k = nk;
        let r = l.call_value1(f, &[k, v])?;
        if !r.is_nil() {
            return l.ret_values(&[r]);
        }
    }
}

/// `table.foreachi(t, f)`: call `f(i, t[i])` for `i = 1, #t` until it returns non-nil.
fn foreachi(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let f = l.arg(1);
    if !f.is_func() {
        return Err(l.type_arg_error(2, "function"));
    }
    let n = tab::len(t) as i64;
    for i in 1..=n {
        let v = tab::get_int(t, i);
        let r = l.call_value1(f, &[TValue::num(i as f64), v])?;
        if !r.is_nil() {
            return l.ret_values(&[r]);
        }
    }
    Ok(0)
}

/// `table.move(a1, f, e, t [, a2])`: `a2[t..] = a1[f..e]`, copying in the direction
/// that survives overlap; returns `a2`. Raw accesses, as Debian's LuaJIT 2.1 does.
fn move_(l: &mut LuaState) -> LResult<usize> {
    let a1 = l.check_tab(1)?;
    let f = l.check_int(2)?;
    let e = l.check_int(3)?;
    let t = l.check_int(4)?;
    let a2 = if l.arg(4).is_nil() {
        a1
    } else {
        l.check_tab(5)?
    };
    if e >= f {
        let d = t - f;
        let step = |l: &mut LuaState, i: i64| set(l, a2, i + d, tab::get_int(a1, i));
        if t > e || t <= f || a1 != a2 {
            for i in f..=e {
                step(l, i);
            }
        } else {
            for i in (f..=e).rev() {
                step(l, i);
            }
        }
    }
    l.ret_values(&[TValue::gc(tag::TAB, a2 as *const GcHeader)])
}

/// `t[i] = v`, raw (`lua_rawseti`): an integer key is never nil or NaN, so the store
/// cannot fail, and it cannot add a metamethod, so no metamethod cache is affected
/// (`tab::set` clears it anyway when the key goes to the hash part).
#[inline]
fn set(l: &mut LuaState, t: *mut GcTab, i: i64, v: TValue) {
    let g = l.g();
    tab::set_int(g, t, i, v);
    crate::gc::barrier_tab(g, t);
}

fn getn(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    l.ret_values(&[TValue::num(tab::len(t) as f64)])
}

fn maxn(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let mut m = 0f64;
    let mut k = TValue::NIL;
    while let Ok(Some((key, _))) = tab::next(t, k) {
        if key.is_num() && key.as_num() > m {
            m = key.as_num();
        }
        k = key;
    }
    l.ret_values(&[TValue::num(m)])
}

fn insert(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let n = tab::len(t) as i64;
    match l.nargs() {
        2 => {
            let v = l.arg(1);
            set(l, t, n + 1, v);
        }
        3 => {
            let pos = l.check_int(2)?;
            let v = l.arg(2);
            let e = n + 1;
            let pos = pos.clamp(i64::MIN / 2, i64::MAX / 2);
            let mut i = e;
            while i > pos {
                let pv = tab::get_int(t, i - 1);
                set(l, t, i, pv);
                i -= 1;
            }
            set(l, t, pos, v);
        }
        _ => return Err(l.caller_error(b"wrong number of arguments to 'insert'")),
    }
    Ok(0)
}

fn remove(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let n = tab::len(t) as i64;
    let pos = l.opt_int(2, n)?;
    if l.nargs() < 2 && n == 0 {
        return Ok(0);
    }
    if n == 0 && pos == 0 {
        return l.ret_values(&[tab::get_int(t, 0)]);
    }
    let v = tab::get_int(t, pos);
    let mut i = pos;
    while i < n {
        let nv = tab::get_int(t, i + 1);
        set(l, t, i, nv);
        i += 1;
    }
    if pos <= n {
        set(l, t, n, TValue::NIL);
    }
    l.ret_values(&[v])
}

/// `table.concat(t [, sep [, i [, j]]])`, built in the interning scratch buffer.
fn concat(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    // Borrowed: raw reads of `t` run no Lua code that could replace the argument.
    let sep = if l.arg(1).is_nil() {
        &[][..]
    } else {
        l.check_bytes_ref(2)?
    };
    let i = l.opt_int(3, 1)?;
    let j = if l.arg(3).is_nil() {
        tab::len(t) as i64
    } else {
        l.check_int(4)?
    };
    let mut out = std::mem::take(&mut l.g().strtab.buf);
    out.clear();
    let r = concat_into(t, sep, i, j, &mut out);
    let r = r.map(|()| l.new_str(&out));
    l.g().strtab.buf = out;
    match r {
        Ok(s) => l.ret_values(&[s]),
        Err((k, v)) => {
            let m = format!(
                "invalid value ({}) at index {k} in table for 'concat'",
                v.type_name()
            );
            Err(l.caller_error(m.as_bytes()))
        }
    }
}

/// `t[i..=j]` joined by `sep` into `out`; the first element that is neither a string
/// nor a number, with its index, if any.
fn concat_into(
    t: *mut GcTab,
    sep: &[u8],
    i: i64,
    j: i64,
    out: &mut Vec<u8>,
) -> Result<(), (i64, TValue)> {
    let mut k = i;
    while k <= j {
        let v = tab::get_int(t, k);
        if !crate::meta::is_concatable(v) {
            return Err((k, v));
        }
        crate::meta::append_concat(out, v);
        if k < j {
            out.extend_from_slice(sep);
        }
        k += 1;
    }
    Ok(())
}

/// One `table.sort`: the table, the comparator (nil for `<`) and the stack slot that
/// holds the pivot of the partition under way, where the collector sees it (the
/// comparator may remove it from the table). A comparator is called through
/// `call_value1`; the sort reads and writes the table raw, as Lua 5.1's does.
struct Sort {
    t: *mut GcTab,
    cmp: TValue,
    pivot: usize,
}

impl Sort {
    /// `a < b`: the comparator, or the `<` operator.
    #[inline]
    fn less(&self, l: &mut LuaState, a: TValue, b: TValue) -> LResult<bool> {
        if self.cmp.is_nil() {
            if a.is_num() && b.is_num() {
                return Ok(a.as_num() < b.as_num());
            }
            return l.less(a, b, false);
        }
        Ok(l.call_value1(self.cmp, &[a, b])?.is_truthy())
    }

    /// Is `t[i] < t[j]`?
    #[inline]
    fn less_at(&self, l: &mut LuaState, i: i64, j: i64) -> LResult<bool> {
        let (a, b) = (tab::get_int(self.t, i), tab::get_int(self.t, j));
        self.less(l, a, b)
    }

    fn swap(&self, l: &mut LuaState, i: i64, j: i64) {
        let (a, b) = (tab::get_int(self.t, i), tab::get_int(self.t, j));
        set(l, self.t, i, b);
        set(l, self.t, j, a);
    }
}

fn sort(l: &mut LuaState) -> LResult<usize> {
    let t = l.check_tab(1)?;
    let cmp = l.arg(1);
    if !cmp.is_nil() && !cmp.is_func() {
        return Err(l.type_arg_error(2, "function"));
    }
    let n = tab::len(t) as i64;
    if n > 1 {
        l.push(TValue::NIL)?;
        let pivot = l.save(l.top) - 1;
        quicksort(l, &Sort { t, cmp, pivot }, 1, n)?;
    }
    Ok(0)
}

/// Median-of-three quicksort on `t[lo..=hi]` in place, like Lua 5.1's `auxsort`,
/// with bounds checks that turn an inconsistent comparator into an error.
fn quicksort(l: &mut LuaState, s: &Sort, mut lo: i64, mut hi: i64) -> LResult<()> {
    while lo < hi {
        // Order lo, mid, hi.
        if s.less_at(l, hi, lo)? {
            s.swap(l, lo, hi);
        }
        if hi - lo == 1 {
            return Ok(());
        }
        let mid = lo + (hi - lo) / 2;
        if s.less_at(l, mid, lo)? {
            s.swap(l, mid, lo);
        } else if s.less_at(l, hi, mid)? {
            s.swap(l, mid, hi);
        }
        if hi - lo == 2 {
            return Ok(());
        }
        let pivot = tab::get_int(s.t, mid);
        let slot = l.restore(s.pivot);
        // SAFETY: the slot was pushed by `sort`, below every comparator call's frame.
        unsafe { *slot = pivot };
        s.swap(l, mid, hi - 1);
        let (mut i, mut j) = (lo, hi - 1);
        loop {
            i += 1;
            while s.less(l, tab::get_int(s.t, i), pivot)? {
                if i >= hi {
                    return Err(l.caller_error(b"invalid order function for sorting"));
                }
                i += 1;
            }
            j -= 1;
            while s.less(l, pivot, tab::get_int(s.t, j))? {
                if j <= lo {
                    return Err(l.caller_error(b"invalid order function for sorting"));
                }
                j -= 1;
            }
            if j < i {
                break;
            }
            s.swap(l, i, j);
        }
        s.swap(l, hi - 1, i);
        // Recurse into the smaller part, loop on the larger.
        if i - lo < hi - i {
            quicksort(l, s, lo, i - 1)?;
            lo = i + 1;
        } else {
            quicksort(l, s, i + 1, hi)?;
            hi = i - 1;
        }
    }
    Ok(())
}
