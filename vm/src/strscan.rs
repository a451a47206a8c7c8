//! String to number conversion, shared by the lexer, `tonumber` and string coercion.
//!
//! The grammar is LuaJIT's: optional whitespace and sign, then a decimal number, a hex
//! number (`0x`, with optional fraction and binary `p` exponent), a binary number
//! (`0b`), or `inf`/`infinity`/`nan` (LuaJIT's `tonumber` accepts them), then optional
//! whitespace. Decimal conversion is correctly rounded by Rust's float parser; hex and
//! binary conversion round once, to nearest-even, from an exact mantissa.

/// What a numeral turned out to be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scan {
    /// A plain Lua number.
    Num(f64),
    /// A numeral with an FFI suffix (`LL`, `ULL`, `i`): needs 64-bit integer or complex cdata.
    Ffi,
    /// Not a number.
    Error,
}

/// Is `c` whitespace as Lua's lexer and `tonumber` see it?
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Convert a string to a number the way `tonumber(s)` does (base 10 rules, hex allowed).
pub fn str2num(s: &[u8]) -> Option<f64> {
    match scan(s, false) {
        Scan::Num(n) => Some(n),
        _ => None,
    }
}

/// Scan a numeral. With `ffi_suffixes`, recognise `LL`/`ULL`/`i` suffixes (as the lexer
/// must, to report them) instead of rejecting them outright.
pub fn scan(s: &[u8], ffi_suffixes: bool) -> Scan {
    let mut p = 0;
    while p < s.len() && is_space(s[p]) {
        p += 1;
    }
    let mut end = s.len();
    while end > p && is_space(s[end - 1]) {
        end -= 1;
    }
    let body = &s[p..end];
    let (neg, body) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    if body.is_empty() {
        return Scan::Error;
    }
    if !body[0].is_ascii_digit() && body[0] != b'.' {
        return match special(body) {
            Some(n) => Scan::Num(if neg { -n } else { n }),
            None => Scan::Error,
        };
    }
    if ffi_suffixes {
        let lower: Vec<u8> = body.iter().map(|c| c.to_ascii_lowercase()).collect();
        for suffix in [&b"ull"[..], b"ll", b"i"] {
            if lower.len() > suffix.len() && lower.ends_with(suffix) {
                let stem = &body[..body.len() - suffix.len()];
                // Integer suffixes need an integer stem; `i` takes any number.
                let ok = match scan_unsigned(stem) {
                    Some(_) => suffix == b"i" || !stem.contains(&b'.'),
                    None => false,
                };
                return if ok { Scan::Ffi } else { Scan::Error };
            }
        }
    }
    match scan_unsigned(body) {
        Some(n) => Scan::Num(if neg { -n } else { n }),
        None => Scan::Error,
    }
}

/// `inf`, `infinity` or `nan`, case-insensitively.
fn special(s: &[u8]) -> Option<f64> {
    let lower: Vec<u8> = s.iter().map(|c| c.to_ascii_lowercase()).collect();
    match &lower[..] {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ => None,
    }
}

/// An unsigned numeral without surrounding whitespace.
fn scan_unsigned(s: &[u8]) -> Option<f64> {
    if s.len() >= 2 && s[0] == b'0' && (s[1] | 0x20) == b'x' {
        scan_radix(&s[2..], 4, true)
    } else if s.len() >= 2 && s[0] == b'0' && (s[1] | 0x20) == b'b' {
        scan_radix(&s[2..], 1, false)
    } else {
        scan_decimal(s)
    }
}

/// Decimal: digits, optional fraction, optional exponent; at least one mantissa digit.
fn scan_decimal(s: &[u8]) -> Option<f64> {
    let mut i = 0;
    let int_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let int_part = &s[int_start..i];
    let mut frac_part: &[u8] = &[];
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let f = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        frac_part = &s[f..i];
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut exp_part: &[u8] = b"0";
    let mut exp_neg = false;
    if i < s.len() && (s[i] | 0x20) == b'e' {
        i += 1;
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            exp_neg = s[i] == b'-';
            i += 1;
        }
        let e = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if e == i {
            return None;
        }
        exp_part = &s[e..i];
    }
    if i != s.len() {
        return None;
    }
    if let Some(x) = fast_decimal(int_part, frac_part, exp_neg, exp_part) {
        return Some(x);
    }
    // Normalised, validated ASCII: Rust's parser rounds correctly.
    let mut text = String::with_capacity(s.len() + 4);
    text.push_str(std::str::from_utf8(int_part).ok()?);
    if int_part.is_empty() {
        text.push('0');
    }
    text.push('.');
    text.push_str(std::str::from_utf8(frac_part).ok()?);
    text.push('0');
    text.push('e');
    if exp_neg {
        text.push('-');
    }
    text.push_str(std::str::from_utf8(exp_part).ok()?);
    text.parse::<f64>().ok()
}

/// Exact powers of ten: every one up to 10^22 is a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Clinger's fast path, for the common short numerals: at most 15 digits are an exact
/// integer in a double, so one multiplication or division by an exact power of ten
/// rounds correctly. None when the numeral is outside it.
fn fast_decimal(int_part: &[u8], frac_part: &[u8], exp_neg: bool, exp_part: &[u8]) -> Option<f64> {
    if int_part.len() + frac_part.len() > 15 || exp_part.len() > 4 {
        return None;
    }
    let digits = |d: &[u8]| d.iter().fold(0i64, |n, &c| n * 10 + i64::from(c - b'0'));
    let m = digits(int_part) * 10i64.pow(frac_part.len() as u32) + digits(frac_part);
    let e = if exp_neg {
        -digits(exp_part)
    } else {
        digits(exp_part)
    } - frac_part.len() as i64;
    let x = m as f64;
    match e {
        0..=22 => Some(x * POW10[e as usize]),
        -22..=-1 => Some(x / POW10[-e as usize]),
        _ => None,
    }
}

/// Hex (4 bits per digit, fraction and `p` exponent allowed) or binary (1 bit per digit).
fn scan_radix(s: &[u8], bits: u32, allow_frac: bool) -> Option<f64> {
    let radix = 1u32 << bits;
    let mut m: u64 = 0;
    let mut e2: i64 = 0;
    let mut sticky = false;
    let mut ndigits = 0usize;
    let mut in_frac = false;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c == b'.' && allow_frac && !in_frac {
            in_frac = true;
            i += 1;
            continue;
        }
        let d = match (c as char).to_digit(radix) {
            Some(d) => d as u64,
            None => break,
        };
        ndigits += 1;
        if m < (1u64 << 58) {
            m = (m << bits) | d;
            if in_frac {
                e2 -= bits as i64;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                e2 += bits as i64;
            }
        }
        i += 1;
    }
    if ndigits == 0 {
        return None;
    }
    if allow_frac && i < s.len() && (s[i] | 0x20) == b'p' {
        i += 1;
        let mut neg = false;
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            neg = s[i] == b'-';
            i += 1;
        }
        let start = i;
        let mut x: i64 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            x = (x * 10 + (s[i] - b'0') as i64).min(1 << 40);
            i += 1;
        }
        if start == i {
            return None;
        }
        e2 += if neg { -x } else { x };
    }
    if i != s.len() {
        return None;
    }
    Some(make_f64(m, e2, sticky))
}

/// Exact power of two, for exponents an f64 can hold.
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// `(m + sticky) * 2^e2`, rounded once to nearest-even (subnormals included).
fn make_f64(m: u64, e2: i64, sticky: bool) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let lz = m.leading_zeros() as i64;
    let m = m << lz;
    let e2 = e2 - lz;
    let top = 63 + e2; // floor(log2(value))
    if top > 1023 {
        return f64::INFINITY;
    }
    let prec = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    if prec < 0 {
        return 0.0;
    }
    if prec == 0 {
        // Value in [2^-1075, 2^-1074): round up unless it is exactly the halfway point.
        let above_half = (m << 1) != 0 || sticky;
        return if above_half { pow2(-1074) } else { 0.0 };
    }
    let shift = (64 - prec) as u32;
    let mut keep = m >> shift;
    let rem = m & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rem > half || (rem == half && (sticky || keep & 1 == 1)) {
        keep += 1;
    }
    let k = top - prec + 1;
    let r = keep as f64;
    if k > 971 {
        // Only reachable when rounding carried into 2^1024.
        return r * pow2(971) * pow2(k - 971);
    }
    r * pow2(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_forms() {
        assert_eq!(str2num(b"1"), Some(1.0));
        assert_eq!(str2num(b"  12.5  "), Some(12.5));
        assert_eq!(str2num(b".5"), Some(0.5));
        assert_eq!(str2num(b"5."), Some(5.0));
        assert_eq!(str2num(b"1e3"), Some(1000.0));
        assert_eq!(str2num(b"1.5E-1"), Some(0.15));
        assert_eq!(str2num(b"-2"), Some(-2.0));
        assert_eq!(str2num(b"+2"), Some(2.0));
        assert_eq!(str2num(b"00012"), Some(12.0));
        assert_eq!(str2num(b"1e400"), Some(f64::INFINITY));
        assert_eq!(str2num(b"0.1"), Some(0.1));
        assert_eq!(
            str2num(b"123456789012345678901234567890"),
            Some(1.2345678901234568e29)
        );
    }

    #[test]
    fn fast_path_rounds_as_the_full_parser() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = format!("{}", x % 10u64.pow((x >> 59) as u32 % 16 + 1));
            let cut = (x >> 40) as usize % (digits.len() + 1);
            let exp = (x >> 20) as i64 % 60 - 30;
            let text = format!("{}.{}e{exp}", &digits[..cut], &digits[cut..]);
            let want: f64 = format!("0{text}").parse().unwrap();
            assert_eq!(
                str2num(text.as_bytes()).map(f64::to_bits),
                Some(want.to_bits()),
                "{text}"
            );
        }
        assert_eq!(str2num(b"9007199254740993"), Some(9007199254740992.0));
        assert_eq!(str2num(b"123456789012345e22"), Some(1.23456789012345e36));
        assert_eq!(str2num(b"-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            &b""[..],
            b" ",
            b".",
            b"1e",
            b"1e+",
            b"0x",
            b"0b",
            b"0b2",
            b"1 2",
            b"- 1",
            b"1.2.3",
            b"infx",
            b"0x1p",
            b"1ll",
            b"1i",
            b"1\0",
            b"abc",
            b"--1",
        ] {
            assert_eq!(str2num(s), None, "{:?}", String::from_utf8_lossy(s));
        }
    }

    #[test]
    fn hex_and_binary() {
        assert_eq!(str2num(b"0x10"), Some(16.0));
        assert_eq!(str2num(b"-0x10"), Some(-16.0));
        assert_eq!(str2num(b"0x1.8"), Some(1.5));
        assert_eq!(str2num(b"0x.8"), Some(0.5));
        assert_eq!(str2num(b"0x8."), Some(8.0));
        assert_eq!(str2num(b"0X1P-2"), Some(0.25));
        assert_eq!(str2num(b"0x1.8p1"), Some(3.0));
        assert_eq!(str2num(b"0x1e"), Some(30.0));
        assert_eq!(str2num(b"0b101"), Some(5.0));
        assert_eq!(str2num(b"0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(str2num(b"0x1p-1075"), Some(0.0));
        assert_eq!(str2num(b"0x1.8p-1074"), Some(f64::from_bits(2)));
        assert_eq!(str2num(b"0xFFFFFFFFFFFFFFFFF"), Some(2f64.powi(68)));
        assert_eq!(str2num(b"0x1p1024"), Some(f64::INFINITY));
        assert_eq!(
            str2num(b"0x1.fffffffffffff8p1023"),
            Some(f64::INFINITY),
            "rounding carries into overflow"
        );
        assert_eq!(str2num(b"0x1.fffffffffffffp1023"), Some(f64::MAX));
    }

    #[test]
    fn specials_as_luajit() {
        assert_eq!(str2num(b"inf"), Some(f64::INFINITY));
        assert_eq!(str2num(b"-Infinity"), Some(f64::NEG_INFINITY));
        assert!(str2num(b" nAn ").is_some_and(|n| n.is_nan()));
    }

    #[test]
    fn ffi_suffixes_are_recognised() {
        assert_eq!(scan(b"1LL", true), Scan::Ffi);
        assert_eq!(scan(b"0x10ull", true), Scan::Ffi);
        assert_eq!(scan(b"1.5i", true), Scan::Ffi);
        assert_eq!(scan(b"1.5LL", true), Scan::Error);
        assert_eq!(scan(b"1LL", false), Scan::Error);
    }
}
