//! Number and value formatting: `tostring` of numbers (`%.14g`, as LuaJIT prints them)
//! and the C-style conversions `string.format` builds on.

/// Append a number as `tostring` formats it.
pub fn fmt_num(buf: &mut Vec<u8>, x: f64) {
    if x.is_nan() {
        buf.extend_from_slice(b"nan");
    } else if x.is_infinite() {
        buf.extend_from_slice(if x > 0.0 { b"inf" } else { b"-inf" });
    } else if x == x.trunc() && x.abs() < 1e14 {
        // Integral values of up to 14 digits print exactly as integers under %.14g.
        if x == 0.0 && x.is_sign_negative() {
            buf.extend_from_slice(b"-0");
        } else {
            fmt_int(buf, x as i64);
        }
    } else {
        fmt_g(buf, x, 14, false);
    }
}

/// Decimal digits of an integer, without going through a `String`.
fn fmt_int(buf: &mut Vec<u8>, i: i64) {
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        buf.push(b'-');
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A number as a fresh string.
pub fn num_to_string(x: f64) -> Vec<u8> {
    let mut v = Vec::with_capacity(24);
    fmt_num(&mut v, x);
    v
}

/// `%.<prec>g` (with `alt` = the `#` flag keeping trailing zeros) for finite `x`.
pub fn fmt_g(buf: &mut Vec<u8>, x: f64, prec: usize, alt: bool) {
    if !x.is_finite() {
        fmt_special(buf, x, false);
        return;
    }
    let p = if prec == 0 { 1 } else { prec };
    // Exponent of x after rounding to p significant digits.
    let e = rounded(x, p - 1, true);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let mut m = mant.to_string();
        if !alt {
            strip_zeros(&mut m);
        } else if !m.contains('.') {
            m.push('.');
        }
        buf.extend_from_slice(m.as_bytes());
        push_exp(buf, exp);
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let mut s = rounded(x, decimals, false);
        if !alt {
            strip_zeros(&mut s);
        } else if !s.contains('.') {
            s.push('.');
        }
        buf.extend_from_slice(s.as_bytes());
    }
}

/// `%.<prec>e` (`alt`: the `#` flag, keeping the point even with no decimals).
pub fn fmt_e(buf: &mut Vec<u8>, x: f64, prec: usize, upper: bool, alt: bool) {
    if !x.is_finite() {
        fmt_special(buf, x, upper);
        return;
    }
    let e = rounded(x, prec, true);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    buf.extend_from_slice(mant.as_bytes());
    if alt && prec == 0 {
        buf.push(b'.');
    }
    let start = buf.len();
    push_exp(buf, exp);
    if upper {
        buf[start] = b'E';
    }
}

/// `%.<prec>f` (`alt` as for [`fmt_e`]).
pub fn fmt_f(buf: &mut Vec<u8>, x: f64, prec: usize, alt: bool) {
    if !x.is_finite() {
        fmt_special(buf, x, false);
        return;
    }
    buf.extend_from_slice(rounded(x, prec, false).as_bytes());
    if alt && prec == 0 {
        buf.push(b'.');
    }
}

/// `%a`: `x` (not negative) as a hexadecimal float, normalised to a leading 1 (also
/// for subnormals, as LuaJIT prints them), with `prec` hex digits or as many as needed.
pub fn fmt_a(buf: &mut Vec<u8>, x: f64, prec: Option<usize>, upper: bool, alt: bool) {
    let start = buf.len();
    if !x.is_finite() {
        fmt_special(buf, x, upper);
        return;
    }
    const FRAC_BITS: u32 = 52;
    let bits = x.to_bits();
    let (mut lead, mut frac, exp) = if x == 0.0 {
        (0u64, 0u64, 0i32)
    } else if bits >> FRAC_BITS == 0 {
        // Subnormal: shift the highest set bit up to the implicit-one position.
        let shift = bits.leading_zeros() - (63 - FRAC_BITS);
        let m = bits << shift;
        (1, m & ((1 << FRAC_BITS) - 1), -1022 - shift as i32)
    } else {
        (
            1,
            bits & ((1 << FRAC_BITS) - 1),
            (bits >> FRAC_BITS) as i32 - 1023,
        )
    };
    let mut ndigits = 13;
    if let Some(p) = prec.filter(|&p| p < 13) {
        // Round to nearest, ties away from zero (as LuaJIT), carrying into the lead digit.
        let shift = (13 - p as u32) * 4;
        let rem = frac & ((1 << shift) - 1);
        frac >>= shift;
        let half = 1 << (shift - 1);
        if rem >= half {
            frac += 1;
            if frac >> (p * 4) != 0 {
                frac = 0;
                lead += 1;
            }
        }
        ndigits = p;
    }
    let mut digits: Vec<u8> = (0..ndigits)
        .rev()
        .map(|i| b"0123456789abcdef"[((frac >> (i * 4)) & 15) as usize])
        .collect();
    match prec {
        None => {
            while digits.last() == Some(&b'0') {
                digits.pop();
            }
        }
        Some(p) => digits.resize(p, b'0'),
    }
    buf.extend_from_slice(b"0x");
    buf.push(b'0' + lead as u8);
    if !digits.is_empty() || alt {
        buf.push(b'.');
    }
    buf.extend_from_slice(&digits);
    buf.extend_from_slice(
        format!("p{}{}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs()).as_bytes(),
    );
    if upper {
        buf[start..].make_ascii_uppercase();
    }
}

/// How many binary digits finite, non-zero `x` has after the point, if any (None for
/// integers).
fn fraction_digits(x: f64) -> Option<i64> {
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    if exp_bits != 0 {
        mant |= 1 << 52;
    }
    let e = if exp_bits == 0 {
        -1074
    } else {
        exp_bits - 1075
    };
    let k = -(e + mant.trailing_zeros() as i64);
    (k > 0).then_some(k)
}

/// Finite `x` with `prec` digits after the point, in e-notation (`sci`, Rust's `1.5e3`
/// shape) or fixed notation, rounding exact decimal ties away from zero as LuaJIT's
/// formatter does (Rust's formatter rounds them to even).
fn rounded(x: f64, prec: usize, sci: bool) -> String {
    let fmt = |prec: usize| {
        if sci {
            format!("{:.*e}", prec, x)
        } else {
            format!("{:.*}", prec, x)
        }
    };
    let plain = fmt(prec);
    // A value with k > 0 binary fraction digits has exactly k decimal ones (the last a
    // 5), so it ties only when the cut falls right before that digit; most values are
    // settled here without another rendering. (If rounding carried into a new leading
    // digit the cut comes out wrong, but then the kept digits were 9s, which round up
    // either way.)
    if x == 0.0 {
        return plain;
    }
    if let Some(k) = fraction_digits(x) {
        let cut = if sci {
            let e10: i64 = plain
                .split_once('e')
                .map_or(0, |(_, e)| e.parse().unwrap_or(0));
            prec as i64 + 1 - e10
        } else {
            prec as i64 + 1
        };
        if k != cut {
            return plain;
        }
    }
    // A tie is an exact expansion ending in a 5 right after the last kept digit. Only
    // then do the wider (and, for survivors, exact: 1100 digits cover any f64) renderings.
    let is_tie = |wide: &str| {
        let mant = wide.split('e').next().unwrap_or(wide);
        let frac = mant.split('.').nth(1).unwrap_or("");
        frac.len() > prec
            && frac.as_bytes()[prec] == b'5'
            && frac[prec + 1..].bytes().all(|c| c == b'0')
    };
    let wide = fmt(prec + 1);
    if !is_tie(&wide) || !is_tie(&fmt(prec + 20)) || !is_tie(&fmt(1100)) {
        return plain;
    }
    // Round the truncated digits up in magnitude: the tie's prec+1-digit rendering
    // minus its final 5, incremented with carry.
    let (mant, exp) = match wide.split_once('e') {
        Some((m, e)) => (m, Some(e.parse::<i32>().unwrap_or(0))),
        None => (wide.as_str(), None),
    };
    let mut digits: Vec<u8> = mant[..mant.len() - 1].bytes().collect();
    if digits.last() == Some(&b'.') {
        digits.pop();
    }
    let mut i = digits.len();
    let mut carry = true;
    while carry && i > 0 {
        i -= 1;
        match digits[i] {
            b'9' => digits[i] = b'0',
            b'0'..=b'8' => {
                digits[i] += 1;
                carry = false;
            }
            _ => {} // sign or point
        }
    }
    let first = digits.iter().position(u8::is_ascii_digit).unwrap_or(0);
    let mut exp = exp;
    if carry {
        digits.insert(first, b'1');
        if let Some(e) = exp.as_mut() {
            // 9.95e3 -> 10.0e3 -> 1.00e4: move the point back one place.
            *e += 1;
            if let Some(dot) = digits.iter().position(|&c| c == b'.') {
                digits.remove(dot);
                digits.insert(dot - 1, b'.');
            }
            digits.pop();
        }
    }
    let mut s = String::from_utf8(digits).unwrap_or_default();
    if let Some(e) = exp {
        s.push('e');
        s.push_str(&e.to_string());
    }
    s
}

fn fmt_special(buf: &mut Vec<u8>, x: f64, upper: bool) {
    let s: &[u8] = if x.is_nan() {
        b"nan"
    } else if x > 0.0 {
        b"inf"
    } else {
        b"-inf"
    };
    if upper {
        buf.extend(s.iter().map(|c| c.to_ascii_uppercase()));
    } else {
        buf.extend_from_slice(s);
    }
}

fn strip_zeros(s: &mut String) {
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
}

fn push_exp(buf: &mut Vec<u8>, exp: i32) {
    buf.push(b'e');
    buf.push(if exp < 0 { b'-' } else { b'+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        buf.push(b'0');
    }
    buf.extend_from_slice(a.to_string().as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: f64) -> String {
        String::from_utf8(num_to_string(x)).unwrap()
    }

    #[test]
    fn tostring_matches_luajit() {
        assert_eq!(s(1e15), "1e+15");
        assert_eq!(s(1e14), "1e+14");
        assert_eq!(s(99999999999999.0), "99999999999999");
        assert_eq!(s(1e16), "1e+16");
        assert_eq!(s(0.1), "0.1");
        assert_eq!(s(-0.0), "-0");
        assert_eq!(s(f64::INFINITY), "inf");
        assert_eq!(s(f64::NEG_INFINITY), "-inf");
        assert_eq!(s(f64::NAN), "nan");
        assert_eq!(s(2f64.powi(53)), "9.007199254741e+15");
        assert_eq!(s(123456789012.0), "123456789012");
        assert_eq!(s(1.0 / 3.0), "0.33333333333333");
        assert_eq!(s(1e-5), "1e-05");
        assert_eq!(s(0.0001), "0.0001");
        assert_eq!(s(-1.5), "-1.5");
        assert_eq!(s(1e100), "1e+100");
        assert_eq!(s(99999999999999.9), "1e+14");
        assert_eq!(s(12.3456789), "12.3456789");
        // Exact ties round away from zero.
        assert_eq!(s(123456789012345.0), "1.2345678901235e+14");
        assert_eq!(s(-123456789012345.0), "-1.2345678901235e+14");
    }

    #[test]
    fn integers_print_every_digit_and_sign() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(7.0), "7");
        assert_eq!(s(-7.0), "-7");
        assert_eq!(s(10.0), "10");
        assert_eq!(s(-1000.0), "-1000");
        assert_eq!(s(99999999999999.0), "99999999999999");
        assert_eq!(s(-99999999999999.0), "-99999999999999");
    }

    #[test]
    fn printf_conversions() {
        let mut b = Vec::new();
        fmt_e(&mut b, 12345.678, 2, false, false);
        assert_eq!(b, b"1.23e+04");
        b.clear();
        fmt_f(&mut b, 2.5, 0, false);
        assert_eq!(b, b"3");
        b.clear();
        fmt_f(&mut b, 0.125, 2, false);
        assert_eq!(b, b"0.13");
        b.clear();
        fmt_f(&mut b, 99.5, 0, false);
        assert_eq!(b, b"100");
        b.clear();
        fmt_e(&mut b, 9.5, 0, false, false);
        assert_eq!(b, b"1e+01");
        b.clear();
        fmt_e(&mut b, 9.95, 1, false, false);
        assert_eq!(b, b"9.9e+00"); // 9.95 is below the tie in binary
        b.clear();
        fmt_e(&mut b, 99.5, 1, false, false);
        assert_eq!(b, b"1.0e+02");
        b.clear();
        fmt_g(&mut b, 0.5, 0, false);
        assert_eq!(b, b"0.5");
        b.clear();
        fmt_g(&mut b, 2.5, 1, false);
        assert_eq!(b, b"3");
        b.clear();
        fmt_g(&mut b, 100000.0, 6, false);
        assert_eq!(b, b"100000");
        b.clear();
        fmt_g(&mut b, 1000000.0, 6, false);
        assert_eq!(b, b"1e+06");
    }
}
