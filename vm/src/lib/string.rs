//! The string library (len, sub, rep, byte, char, upper, lower, reverse, format; the pattern
//! functions find, match, gmatch and gsub live in `strpat`),
//! and the string metatable that makes `s:method()` work.

use super::ff::Ff;
use super::Reg;
use crate::func::FF_C;
use crate::gc::GcHeader;
use crate::state::{LResult, LuaState};
use crate::str::GcStr;
use crate::value::{tag, TValue};

const FUNCS: &[Reg] = &[
    ("byte", byte, Ff::StringByte as u8),
    ("char", char, Ff::StringChar as u8),
    ("dump", dump, FF_C),
    ("find", super::strpat::find, FF_C),
    ("format", format, FF_C),
    ("gmatch", super::strpat::gmatch, FF_C),
    ("gsub", super::strpat::gsub, FF_C),
    ("len", len, Ff::StringLen as u8),
    ("lower", lower, FF_C),
    ("match", super::strpat::str_match, FF_C),
    ("rep", rep, FF_C),
    ("reverse", reverse, FF_C),
    ("sub", sub, Ff::StringSub as u8),
    ("upper", upper, FF_C),
];

pub fn open(l: &mut LuaState) {
    let t = l.register_lib(Some("string"), FUNCS);
    let mt = l.new_table(0, 1);
    let key = l.g().mmname(crate::meta::MM::Index);
    crate::tab::set_str(l.g(), mt, key, TValue::gc(tag::TAB, t as *const GcHeader));
    l.g().basemt[tag::STR as usize] = mt;
}

/// Lua's string position rule: negative counts from the end, clamped.
fn posrelat(pos: i64, len: usize) -> i64 {
    if pos < 0 {
        pos + len as i64 + 1
    } else {
        pos
    }
}

fn len(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_str(1)?;
    // SAFETY: s is a live string.
    let n = unsafe { (*s).len };
    l.ret_values(&[TValue::num(n as f64)])
}

fn sub(l: &mut LuaState) -> LResult<usize> {
    let sp = l.check_str(1)?;
    // SAFETY: the string stays in its argument slot (alive, never moved) until we return.
    let s = unsafe { (*sp).as_bytes() };
    let (i, j) = (l.opt_int(2, 1)?, l.opt_int(3, -1)?);
    let r = l.new_str(sub_range(s, i, j));
    l.ret_values(&[r])
}

/// `s:sub(i, j)`'s bytes: positions relative to the end when negative, clamped.
pub fn sub_range(s: &[u8], i: i64, j: i64) -> &[u8] {
    let n = s.len();
    let i = posrelat(i, n).max(1);
    let j = posrelat(j, n).min(n as i64);
    if i <= j {
        &s[i as usize - 1..j as usize]
    } else {
        b""
    }
}

/// `string.dump(f [, strip])`: the bytecode of a Lua function, loadable by `load`.
fn dump(l: &mut LuaState) -> LResult<usize> {
    let f = l.arg(0);
    if !f.is_func() {
        return Err(l.type_arg_error(1, "function"));
    }
    let f: *mut crate::func::GcFunc = f.ptr();
    // SAFETY: f is a live closure; a Lua closure's proto is live with it.
    let pd = unsafe {
        if !(*f).is_lua() {
            return Err(l.caller_error(b"unable to dump given function"));
        }
        crate::func::proto_data(&*(*f).proto())
    };
    let strip = l.arg(1).is_truthy();
    let s = l.new_str(&crate::bc::dump::write(&pd, strip));
    l.ret_values(&[s])
}

fn rep(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_bytes(1)?;
    let n = l.check_int(2)?;
    let sep = l.opt_bytes(3, b"")?;
    if n <= 0 || (s.is_empty() && sep.is_empty()) {
        let e = l.new_str(b"");
        return l.ret_values(&[e]);
    }
    let total = (s.len() as u128 + sep.len() as u128) * n as u128 - sep.len() as u128;
    if total > crate::str::MAX_STR as u128 {
        return Err(l.caller_error(b"not enough memory"));
    }
    let mut out = Vec::with_capacity(total as usize);
    for k in 0..n {
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&s);
    }
    let r = l.new_str(&out);
    l.ret_values(&[r])
}

fn byte(l: &mut LuaState) -> LResult<usize> {
    let sp = l.check_str(1)?;
    // SAFETY: the string stays in its argument slot (alive, never moved) until we return.
    let s = unsafe { (*sp).as_bytes() };
    let n = s.len();
    let i = posrelat(l.opt_int(2, 1)?, n);
    let j = posrelat(
        if l.arg(2).is_nil() {
            i
        } else {
            l.check_int(3)?
        },
        n,
    );
    let i = i.max(1);
    let j = j.min(n as i64);
    if i > j {
        return Ok(0);
    }
    let cnt = (j - i + 1) as usize;
    l.check_stack(cnt)?;
    for k in i..=j {
        l.push(TValue::num(s[k as usize - 1] as f64))?;
    }
    Ok(cnt)
}

fn char(l: &mut LuaState) -> LResult<usize> {
    let mut out = Vec::with_capacity(l.nargs());
    for i in 0..l.nargs() {
        let c = l.check_int(i + 1)?;
        if !(0..=255).contains(&c) {
            return Err(l.arg_error(i + 1, "invalid value"));
        }
        out.push(c as u8);
    }
    let r = l.new_str(&out);
    l.ret_values(&[r])
}

fn lower(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_bytes(1)?;
    let r = l.new_str(&s.to_ascii_lowercase());
    l.ret_values(&[r])
}

fn upper(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_bytes(1)?;
    let r = l.new_str(&s.to_ascii_uppercase());
    l.ret_values(&[r])
}

fn reverse(l: &mut LuaState) -> LResult<usize> {
    let mut s = l.check_bytes(1)?;
    s.reverse();
    let r = l.new_str(&s);
    l.ret_values(&[r])
}

/// One parsed `%` conversion.
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

fn pad(out: &mut Vec<u8>, body: &[u8], sp: &Spec, numeric: bool) {
    let w = sp.width;
    if body.len() >= w {
        out.extend_from_slice(body);
    } else if sp.minus {
        out.extend_from_slice(body);
        out.resize(out.len() + w - body.len(), b' ');
    } else if sp.zero && numeric {
        // Zero padding goes after the sign.
        let sign = matches!(body.first(), Some(b'-' | b'+' | b' '));
        let (s, rest) = if sign {
            body.split_at(1)
        } else {
            body.split_at(0)
        };
        out.extend_from_slice(s);
        out.resize(out.len() + w - body.len(), b'0');
        out.extend_from_slice(rest);
    } else {
        out.resize(out.len() + w - body.len(), b' ');
        out.extend_from_slice(body);
    }
}

/// A number converted to `uint64_t` the way LuaJIT does for `%x`, `%o` and `%u`.
fn c_u64(n: f64) -> u64 {
    if n >= 9_223_372_036_854_775_808.0 {
        super::num_to_i64(n - 18_446_744_073_709_551_616.0) as u64
    } else {
        super::num_to_i64(n) as u64
    }
}

fn sign_prefix(body: &mut Vec<u8>, negative: bool, sp: &Spec) {
    if negative {
        body.insert(0, b'-');
    } else if sp.plus {
        body.insert(0, b'+');
    } else if sp.space {
        body.insert(0, b' ');
    }
}

/// `%q`: a quoted string that reads back as the same bytes (LuaJIT's escapes).
fn quote(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            0 => {
                if s.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    out.extend_from_slice(b"\\000");
                } else {
                    out.extend_from_slice(b"\\0");
                }
            }
            c if c < 32 || c == 127 => {
                if s.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    out.extend_from_slice(format!("\\{c:03}").as_bytes());
                } else {
                    out.extend_from_slice(format!("\\{c}").as_bytes());
                }
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

fn format(l: &mut LuaState) -> LResult<usize> {
    let fmt = l.check_bytes(1)?;
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut argi = 1;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let mut sp = Spec {
            minus: false,
            plus: false,
            space: false,
            alt: false,
            zero: false,
            width: 0,
            prec: None,
        };
        // Flags (repeats allowed), then at most two digits of width and of precision:
        // a third digit is taken as the conversion, and so is invalid.
        let spec_start = i - 1;
        while let Some(&f) = fmt.get(i) {
            match f {
                b'-' => sp.minus = true,
                b'+' => sp.plus = true,
                b' ' => sp.space = true,
                b'#' => sp.alt = true,
                b'0' => sp.zero = true,
                _ => break,
            }
            i += 1;
        }
        let digits = |i: &mut usize| {
            let mut n = 0;
            for _ in 0..2 {
                match fmt.get(*i) {
                    Some(d) if d.is_ascii_digit() => {
                        n = n * 10 + (d - b'0') as usize;
                        *i += 1;
                    }
                    _ => break,
                }
            }
            n
        };
        sp.width = digits(&mut i);
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            sp.prec = Some(digits(&mut i));
        }
        let Some(&conv) = fmt.get(i) else {
            return Err(l.caller_error(b"invalid option '%' to 'format'"));
        };
        i += 1;
        if !b"diuxXocaAeEfFgGqs".contains(&conv) {
            let mut m = b"invalid option '".to_vec();
            m.extend_from_slice(&fmt[spec_start..i]);
            m.extend_from_slice(b"' to 'format'");
            return Err(l.caller_error(&m));
        }
        argi += 1;
        if argi > l.nargs() {
            return Err(l.arg_error(argi, "value expected"));
        }
        let mut body = Vec::new();
        match conv {
            b'd' | b'i' => {
                let v = super::num_to_i64(l.check_num(argi)?);
                let mut digits = v.unsigned_abs().to_string().into_bytes();
                if let Some(p) = sp.prec {
                    while digits.len() < p {
                        digits.insert(0, b'0');
                    }
                    if p == 0 && v == 0 {
                        digits.clear();
                    }
                }
                sign_prefix(&mut digits, v < 0, &sp);
                body = digits;
                pad(&mut out, &body, &sp, sp.prec.is_none());
                continue;
            }
            b'u' | b'x' | b'X' | b'o' => {
                let v = c_u64(l.check_num(argi)?);
                let mut digits = match conv {
                    b'x' => format!("{v:x}"),
                    b'X' => format!("{v:X}"),
                    b'o' => format!("{v:o}"),
                    _ => format!("{v}"),
                }
                .into_bytes();
                if let Some(p) = sp.prec {
                    while digits.len() < p {
                        digits.insert(0, b'0');
                    }
                }
                if sp.alt && v != 0 {
                    let prefix: &[u8] = match conv {
                        b'x' => b"0x",
                        b'X' => b"0X",
                        b'o' => b"0",
                        _ => b"",
                    };
                    digits.splice(0..0, prefix.iter().copied());
                }
                body = digits;
                pad(&mut out, &body, &sp, sp.prec.is_none());
                continue;
            }
            b'c' => {
                let n = l.check_int(argi)?;
                body.push(n as u8);
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => {
                let n = l.check_num(argi)?;
                let p = sp.prec.unwrap_or(6);
                let mut s = Vec::new();
                match conv {
                    b'a' | b'A' => {
                        crate::strfmt::fmt_a(&mut s, n.abs(), sp.prec, conv == b'A', sp.alt)
                    }
                    b'e' | b'E' => crate::strfmt::fmt_e(&mut s, n.abs(), p, conv == b'E', sp.alt),
                    b'f' | b'F' => crate::strfmt::fmt_f(&mut s, n.abs(), p, sp.alt),
                    _ => {
                        crate::strfmt::fmt_g(&mut s, n.abs(), p, sp.alt);
                        if conv == b'G' {
                            s.make_ascii_uppercase();
                        }
                    }
                }
                sign_prefix(&mut s, n.is_sign_negative() && !n.is_nan(), &sp);
                pad(&mut out, &s, &sp, n.is_finite());
                continue;
            }
            b'q' => {
                let s = l.check_bytes(argi)?;
                quote(&mut out, &s);
                continue;
            }
            b's' => {
                let v = l.arg(argi - 1);
                let sv = l.tostring(v)?;
                // SAFETY: tostring returns a string or number; numbers are converted below.
                let mut s = if sv.is_str() {
                    unsafe { (*sv.ptr::<GcStr>()).as_bytes().to_vec() }
                } else {
                    l.tostring_raw(sv)
                };
                if let Some(p) = sp.prec {
                    s.truncate(p);
                }
                body = s;
            }
            _ => unreachable!("conversion checked above"),
        }
        pad(&mut out, &body, &sp, false);
    }
    let r = l.new_str(&out);
    l.ret_values(&[r])
}
