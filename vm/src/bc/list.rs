//! Bytecode listings in the shape of `luajit -bl` (written with the front end).

use super::{bc_a, bc_b, bc_c, bc_d, Mode, Op};
use crate::proto::{KGc, ProtoData, PROTO_CHILD};

/// List a prototype and (first) all its children, as `luajit -bl` does.
pub fn list(p: &ProtoData, out: &mut Vec<u8>) {
    if p.flags & PROTO_CHILD != 0 {
        for k in &p.kgc {
            if let KGc::Proto(child) = k {
                list(child, out);
            }
        }
    }
    out.extend_from_slice(b"-- BYTECODE -- ");
    out.extend_from_slice(&loc(p));
    out.extend_from_slice(format!("-{}\n", p.lastline()).as_bytes());
    let n = p.bc.len();
    let mut target = vec![false; n + 1];
    for (pc, &ins) in p.bc.iter().enumerate().skip(1) {
        if let Some(op) = Op::from_u8(super::bc_op(ins)) {
            if op.modes()[2] == Mode::Jump {
                let t = pc as i64 + bc_d(ins) as i64 - 0x7fff;
                if let Some(slot) = usize::try_from(t).ok().and_then(|t| target.get_mut(t)) {
                    *slot = true;
                }
            }
        }
    }
    for (pc, &is_target) in target.iter().enumerate().take(n).skip(1) {
        line(p, pc, is_target, out);
    }
    out.push(b'\n');
}

/// Where a function is defined, as `jit.util.funcinfo(f).loc` says it.
pub fn loc(p: &ProtoData) -> Vec<u8> {
    let name = &p.chunkname;
    let mut out = match name.first() {
        Some(b'@') => {
            let s = &name[1..];
            let start = (1..s.len())
                .rev()
                .find(|&i| s[i] == b'/' || s[i] == b'\\')
                .map_or(0, |i| i + 1);
            s[start..].to_vec()
        }
        // LuaJIT prints the prototype's address here; a short name is more useful.
        _ if name.len() > 40 => crate::debug::short_src(name),
        Some(b'=') => name[1..].to_vec(),
        _ => {
            let mut v = b"\"".to_vec();
            v.extend_from_slice(name);
            v.push(b'"');
            v
        }
    };
    out.extend_from_slice(format!(":{}", p.firstline).as_bytes());
    out
}

/// A number as Lua's `tostring` prints it (`%.14g`).
pub fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // 14 significant digits, rounded half away from zero from the exact expansion
    // (LuaJIT's own formatter does that; Rust's rounds half to even).
    let exact = format!("{:.767e}", x.abs());
    let (mant, exp) = exact.split_once('e').unwrap_or((&exact, "0"));
    let mut exp: i32 = exp.parse().unwrap_or(0);
    let all: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    let mut digits: Vec<u8> = all.iter().take(14).map(|d| d - b'0').collect();
    if all.get(14).is_some_and(|&d| d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, 1);
                digits.pop();
                exp += 1;
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let ds: String = digits.iter().map(|d| (b'0' + d) as char).collect();
    if !(-4..14).contains(&exp) {
        let (first, rest) = ds.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{dot}{rest}e{esign}{:02}", exp.abs())
    } else if exp < 0 {
        format!("{sign}0.{}{ds}", "0".repeat((-exp - 1) as usize))
    } else {
        let int_len = exp as usize + 1;
        if ds.len() <= int_len {
            format!("{sign}{ds}{}", "0".repeat(int_len - ds.len()))
        } else {
            format!("{sign}{}.{}", &ds[..int_len], &ds[int_len..])
        }
    }
}

/// A string constant as the listing quotes it: control characters escaped, 40 bytes.
fn quote(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len().min(64));
    for &c in s {
        match c {
            b'\n' => v.extend_from_slice(b"\\n"),
            b'\r' => v.extend_from_slice(b"\\r"),
            b'\t' => v.extend_from_slice(b"\\t"),
            c if c < 32 || c == 127 => v.extend_from_slice(format!("\\{c:03}").as_bytes()),
            c => v.push(c),
        }
        if v.len() > 41 {
            break;
        }
    }
    let mut out = b"\"".to_vec();
    if v.len() > 40 {
        out.extend_from_slice(&v[..40]);
        out.extend_from_slice(b"\"~");
    } else {
        out.extend_from_slice(&v);
        out.push(b'"');
    }
    out
}

/// Name of upvalue `i`.
fn uvname(p: &ProtoData, i: u32) -> Option<Vec<u8>> {
    p.uvnames.get(i as usize).cloned()
}

/// One instruction line.
fn line(p: &ProtoData, pc: usize, is_target: bool, out: &mut Vec<u8>) {
    let ins = p.bc[pc];
    let Some(op) = Op::from_u8(super::bc_op(ins)) else {
        out.extend_from_slice(format!("{pc:04}    ??? {ins:08x}\n").as_bytes());
        return;
    };
    let [ma, mb, mc] = op.modes();
    let a = bc_a(ins);
    let prefix = if is_target { "=>" } else { "  " };
    let astr = if ma == Mode::None {
        String::new()
    } else {
        a.to_string()
    };
    let mut s = format!("{pc:04} {prefix} {:<6} {astr:>3} ", op.name()).into_bytes();
    let mut d = bc_d(ins);
    if mc == Mode::Jump {
        s.extend_from_slice(format!("=> {:04}\n", pc as i64 + d as i64 - 0x7fff).as_bytes());
        out.extend_from_slice(&s);
        return;
    }
    if mb != Mode::None {
        d = bc_c(ins);
    } else if mc == Mode::None {
        s.push(b'\n');
        out.extend_from_slice(&s);
        return;
    }
    let mut kc: Option<Vec<u8>> = match mc {
        Mode::Str => match p.kgc.get(d as usize) {
            Some(KGc::Str(k)) => Some(quote(k)),
            _ => None,
        },
        Mode::Num => p.knum.get(d as usize).map(|&n| {
            let n = if op == Op::TSETM {
                n - 4503599627370496.0
            } else {
                n
            };
            fmt_num(n).into_bytes()
        }),
        Mode::Func => match p.kgc.get(d as usize) {
            Some(KGc::Proto(c)) => Some(loc(c)),
            _ => None,
        },
        Mode::Uv => uvname(p, d),
        _ => None,
    };
    if ma == Mode::Uv {
        let ka = uvname(p, a).unwrap_or_default();
        kc = Some(match kc {
            Some(k) => {
                let mut v = ka;
                v.extend_from_slice(b" ; ");
                v.extend_from_slice(&k);
                v
            }
            None => ka,
        });
    }
    if mb != Mode::None {
        let b = bc_b(ins);
        match kc {
            Some(k) => {
                s.extend_from_slice(format!("{b:3} {d:3}  ; ").as_bytes());
                s.extend_from_slice(&k);
                s.push(b'\n');
            }
            None => s.extend_from_slice(format!("{b:3} {d:3}\n").as_bytes()),
        }
    } else if let Some(k) = kc {
        s.extend_from_slice(format!("{d:3}      ; ").as_bytes());
        s.extend_from_slice(&k);
        s.push(b'\n');
    } else {
        let dv = if mc == Mode::Lits && d > 32767 {
            d as i64 - 65536
        } else {
            d as i64
        };
        s.extend_from_slice(format!("{dv:3}\n").as_bytes());
    }
    out.extend_from_slice(&s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_like_tostring() {
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(1e300), "1e+300");
        assert_eq!(fmt_num(100000000000000.0), "1e+14");
        assert_eq!(fmt_num(12345678901234.0), "12345678901234");
        assert_eq!(fmt_num(0.1), "0.1");
        assert_eq!(fmt_num(1.0 / 3.0), "0.33333333333333");
        assert_eq!(fmt_num(0.0001), "0.0001");
        assert_eq!(fmt_num(0.00001), "1e-05");
        assert_eq!(fmt_num(-1.5), "-1.5");
        assert_eq!(fmt_num(f64::INFINITY), "inf");
        assert_eq!(fmt_num(123456789012345.0), "1.2345678901235e+14");
        assert_eq!(fmt_num(99999999999999.5), "1e+14");
        assert_eq!(fmt_num(1e-7), "1e-07");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(100.0), "100");
    }

    #[test]
    fn strings_are_quoted_and_cut() {
        assert_eq!(quote(b"a\nb\x01"), b"\"a\\nb\\001\"");
        let long = [b'x'; 50];
        let q = quote(&long);
        assert_eq!(q.len(), 1 + 40 + 2);
        assert!(q.ends_with(b"\"~"));
    }
}
