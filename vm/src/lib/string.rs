//! The string library (len, sub, rep, byte, char, upper, lower, reverse, format; the pattern
//! functions find, match, gmatch and gsub live in `strpat`),
//! and the string metatable that makes `s:method()` work.

use super::ff::Ff;
use super::Reg;
use crate::func::FF_C;
use crate::gc::GcHeader;
use crate::state::{LResult, LuaState};
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

impl Spec {
    /// The sign a number gets: `-`, or `+` or a space as the flags ask.
    fn sign(&self, negative: bool) -> Option<u8> {
        if negative {
            Some(b'-')
        } else if self.plus {
            Some(b'+')
        } else if self.space {
            Some(b' ')
        } else {
            None
        }
    }
}

/// Parse the spec after a `%` at `fmt[i..]`: flags (repeats allowed), then at most two
/// digits of width and of precision (a third digit is taken as the conversion, and so
/// is invalid). Returns the spec, the conversion and where the format goes on, or the
/// end of the text an error message quotes.
fn parse_spec(fmt: &[u8], mut i: usize) -> Result<(Spec, u8, usize), usize> {
    let mut sp = Spec {
        minus: false,
        plus: false,
        space: false,
        alt: false,
        zero: false,
        width: 0,
        prec: None,
    };
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
    match fmt.get(i) {
        Some(
            &c @ (b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'c' | b'a' | b'A' | b'e' | b'E' | b'f'
            | b'F' | b'g' | b'G' | b'q' | b's'),
        ) => Ok((sp, c, i + 1)),
        // As LuaJIT, the message quotes the bad character unless it is a control one.
        Some(&c) if c >= 32 => Err(i + 1),
        _ => Err(i),
    }
}

/// Pad the conversion written at `out[start..]` to the spec's width: spaces after it
/// (`-`), zeros at `zeros_at` (after its sign or `0x`) when the `0` flag applies to it,
/// otherwise spaces before it.
fn pad(out: &mut Vec<u8>, start: usize, sp: &Spec, zeros_at: Option<usize>) {
    let fill = sp.width.saturating_sub(out.len() - start);
    if fill == 0 {
        return;
    }
    if sp.minus {
        out.resize(out.len() + fill, b' ');
        return;
    }
    let (at, c) = match zeros_at {
        Some(at) if sp.zero => (at, b'0'),
        _ => (start, b' '),
    };
    out.resize(out.len() + fill, c);
    out[at..].rotate_right(fill);
}

/// A number converted to `uint64_t` the way LuaJIT does for `%x`, `%o` and `%u`.
fn c_u64(n: f64) -> u64 {
    if n >= 9_223_372_036_854_775_808.0 {
        super::num_to_i64(n - 18_446_744_073_709_551_616.0) as u64
    } else {
        super::num_to_i64(n) as u64
    }
}

/// `%d %i %u %x %X %o` of magnitude `k` after `sign`, as LuaJIT's `putfxint`: the
/// precision is a minimum digit count (zero prints no digits under `.0`) and turns the
/// `0` flag off; `#` adds `0x` to non-zero hex and a leading 0 to octal.
fn put_int(out: &mut Vec<u8>, sp: &Spec, conv: u8, mut k: u64, sign: Option<u8>) {
    let start = out.len();
    let mut digits = [0u8; 24];
    let mut at = digits.len();
    let nonzero = k != 0;
    match conv {
        b'x' | b'X' => {
            let hex = if conv == b'X' {
                b"0123456789ABCDEF"
            } else {
                b"0123456789abcdef"
            };
            loop {
                at -= 1;
                digits[at] = hex[(k & 15) as usize];
                k >>= 4;
                if k == 0 {
                    break;
                }
            }
        }
        b'o' => loop {
            at -= 1;
            digits[at] = b'0' + (k & 7) as u8;
            k >>= 3;
            if k == 0 {
                break;
            }
        },
        _ => at = crate::strfmt::write_u64(&mut digits, k),
    }
    let octal_alt = conv == b'o' && sp.alt;
    if !nonzero && sp.prec == Some(0) && !octal_alt {
        at = digits.len();
    } else if nonzero && octal_alt {
        at -= 1;
        digits[at] = b'0';
    }
    out.extend(sign);
    if nonzero && sp.alt && (conv == b'x' || conv == b'X') {
        out.extend_from_slice(if conv == b'X' { b"0X" } else { b"0x" });
    }
    let zeros_at = out.len();
    let n = digits.len() - at;
    out.resize(out.len() + sp.prec.unwrap_or(0).saturating_sub(n), b'0');
    out.extend_from_slice(&digits[at..]);
    pad(out, start, sp, sp.prec.is_none().then_some(zeros_at));
}

/// `%e %E %f %F %g %G %a %A`, as LuaJIT's `wfnum`: non-finite values print as `nan` or
/// `inf` (`nan` takes no sign but a space) padded with spaces; zero padding goes after
/// the sign and `0x`.
fn put_float(out: &mut Vec<u8>, sp: &Spec, conv: u8, n: f64) {
    use crate::strfmt::{fmt_a, fmt_e, fmt_f, fmt_g};
    let start = out.len();
    let upper = conv.is_ascii_uppercase();
    if !n.is_finite() {
        let sign = if n.is_nan() {
            sp.space.then_some(b' ')
        } else {
            sp.sign(n < 0.0)
        };
        out.extend(sign);
        let s: &[u8] = match (n.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        out.extend_from_slice(s);
        pad(out, start, sp, None);
        return;
    }
    out.extend(sp.sign(n.is_sign_negative()));
    let mut zeros_at = out.len();
    let (x, p) = (n.abs(), sp.prec.unwrap_or(6));
    match conv.to_ascii_lowercase() {
        b'a' => {
            fmt_a(out, x, sp.prec, upper, sp.alt);
            zeros_at += 2;
        }
        b'e' => fmt_e(out, x, p, upper, sp.alt),
        b'f' => fmt_f(out, x, p, sp.alt),
        _ => fmt_g(out, x, p, upper, sp.alt),
    }
    pad(out, start, sp, Some(zeros_at));
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
            c if c < 32 || c == 127 => {
                // Decimal escapes are as short as can be, unless a digit follows.
                out.push(b'\\');
                if c >= 100 || s.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    out.push(b'0' + c / 100);
                    out.push(b'0' + c / 10 % 10);
                } else if c >= 10 {
                    out.push(b'0' + c / 10);
                }
                out.push(b'0' + c % 10);
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// The format string's bytes, borrowed from its argument slot rather than copied.
fn format_bytes<'a>(l: &mut LuaState) -> LResult<&'a [u8]> {
    let s = l.check_str(1)?;
    // SAFETY: the string sits in argument slot 1, which roots it (the collector moves
    // nothing and frees only unreachable objects) while `format` runs. Only Lua code
    // run by a `__tostring` metamethod could replace the slot (debug.setlocal), so the
    // caller fetches the bytes again after each such call.
    Ok(unsafe { (*s).as_bytes() })
}

/// `string.format`, built in the interning scratch buffer so that formatting allocates
/// nothing but the result.
fn format(l: &mut LuaState) -> LResult<usize> {
    let mut out = std::mem::take(&mut l.g().strtab.buf);
    out.clear();
    let done = format_into(l, &mut out);
    let r = done.map(|()| l.new_str(&out));
    l.g().strtab.buf = out;
    let r = r?;
    l.ret_values(&[r])
}

fn format_into(l: &mut LuaState, out: &mut Vec<u8>) -> LResult<()> {
    let mut fmt = format_bytes(l)?;
    let mut argi = 1;
    let mut i = 0;
    while i < fmt.len() {
        let lit = fmt[i..].iter().position(|&c| c == b'%');
        let end = lit.map_or(fmt.len(), |n| i + n);
        out.extend_from_slice(&fmt[i..end]);
        if lit.is_none() {
            break;
        }
        i = end + 1;
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let (sp, conv, next) = match parse_spec(fmt, i) {
            Ok(p) => p,
            Err(bad_end) => {
                let mut m = b"invalid option '".to_vec();
                m.extend_from_slice(&fmt[end..bad_end]);
                m.extend_from_slice(b"' to 'format'");
                return Err(l.caller_error(&m));
            }
        };
        i = next;
        argi += 1;
        if argi > l.nargs() {
            return Err(l.arg_error(argi, "value expected"));
        }
        match conv {
            b'd' | b'i' => {
                let v = super::num_to_i64(l.check_num(argi)?);
                put_int(out, &sp, conv, v.unsigned_abs(), sp.sign(v < 0));
            }
            b'u' | b'x' | b'X' | b'o' => {
                let v = c_u64(l.check_num(argi)?);
                put_int(out, &sp, conv, v, None);
            }
            b'c' => {
                let start = out.len();
                out.push(l.check_int(argi)? as u8);
                pad(out, start, &sp, None);
            }
            b's' | b'q' => {
                // As LuaJIT: a non-string with `__tostring` is converted once, its result
                // (whatever it is) kept in the argument slot while its bytes are read.
                let mut v = l.arg(argi - 1);
                if !v.is_str() {
                    let h = l.get_mm(v, crate::meta::MM::Tostring);
                    if !h.is_nil() {
                        l.call_value(h, &[v], 1)?;
                        v = l.pop_result();
                        l.set_arg(argi - 1, v);
                        fmt = format_bytes(l)?;
                    }
                }
                let start = out.len();
                if conv == b'q' {
                    if v.is_str() {
                        quote(out, l.str_bytes(v));
                    } else {
                        quote(out, &l.tostring_raw(v));
                    }
                    continue;
                }
                if v.is_str() {
                    out.extend_from_slice(l.str_bytes(v));
                } else {
                    l.put_tostring_raw(v, out);
                }
                if let Some(p) = sp.prec {
                    out.truncate(start + p.min(out.len() - start));
                }
                pad(out, start, &sp, None);
            }
            _ => put_float(out, &sp, conv, l.check_num(argi)?),
        }
    }
    Ok(())
}
