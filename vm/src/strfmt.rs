//! Number formatting: `tostring` of numbers (`%.14g`, as LuaJIT prints them) and the
//! C-style conversions `string.format` builds on, written straight into a byte buffer.
//!
//! `%e`, `%f` and `%g` share one digit generator ([`with_digits`]): the exact decimal
//! value of the double rounded at one place, ties away from zero as LuaJIT rounds (C's
//! printf rounds them to even). Most conversions are settled in 128-bit integer
//! arithmetic; the rest (very large or small exponents, many digits) go through Rust's
//! exact formatter, corrected at exact ties.

use std::fmt::Write as _;

/// Append a number as `tostring` formats it.
pub fn fmt_num(buf: &mut Vec<u8>, x: f64) {
    // Integral values of up to 14 digits print exactly as integers under %.14g. (The
    // test converts rather than calling `trunc`, a libm call without SSE4.1.)
    if x.abs() < 1e14 && x == (x as i64) as f64 {
        if x == 0.0 && x.is_sign_negative() {
            buf.extend_from_slice(b"-0");
        } else {
            fmt_int(buf, x as i64);
        }
    } else if x.is_nan() {
        buf.extend_from_slice(b"nan");
    } else if x.is_infinite() {
        buf.extend_from_slice(if x > 0.0 { b"inf" } else { b"-inf" });
    } else {
        if x < 0.0 {
            buf.push(b'-');
        }
        fmt_g(buf, x.abs(), 14, false, false);
    }
}

/// Append the decimal digits of an integer, with a `-` if negative.
pub fn fmt_int(buf: &mut Vec<u8>, i: i64) {
    if i < 0 {
        buf.push(b'-');
    }
    let u = i.unsigned_abs();
    let n = match u {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => u.ilog10() as usize + 1,
    };
    // Room made with a fixed-size extend and cut to the digit count: short numbers are
    // appended without a call for a variable-length copy.
    let at = buf.len();
    buf.extend_from_slice(&[0; 20]);
    buf.truncate(at + n);
    write_u64(&mut buf[at..], u);
}

/// "00" to "99": two digits per division when writing integers.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Write the decimal digits of `n` at the end of `buf` (which must hold them: 20 bytes
/// hold any `u64`), returning where they start.
pub fn write_u64(buf: &mut [u8], mut n: u64) -> usize {
    let mut at = buf.len();
    // Eight digits at a time in 32-bit arithmetic, in halves that do not wait on each
    // other: long numbers are a chain of dependent divisions otherwise.
    while n >= 100_000_000 {
        let chunk = (n % 100_000_000) as u32;
        n /= 100_000_000;
        at -= 8;
        let (hi, lo) = (chunk / 10_000, chunk % 10_000);
        put_pair(buf, at, hi / 100);
        put_pair(buf, at + 2, hi % 100);
        put_pair(buf, at + 4, lo / 100);
        put_pair(buf, at + 6, lo % 100);
    }
    let mut n = n as u32;
    while n >= 100 {
        at -= 2;
        put_pair(buf, at, n % 100);
        n /= 100;
    }
    if n >= 10 {
        at -= 2;
        put_pair(buf, at, n);
    } else {
        at -= 1;
        buf[at] = b'0' + n as u8;
    }
    at
}

/// The two digits of `d` < 100 at `buf[at..at + 2]`.
#[inline(always)]
fn put_pair(buf: &mut [u8], at: usize, d: u32) {
    let d = d as usize * 2;
    buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
}

/// `%.<prec>e` of finite `x` ≥ 0 (`alt`: the `#` flag, keeping the point with no
/// decimals; `upper`: `E`).
pub fn fmt_e(buf: &mut Vec<u8>, x: f64, prec: usize, upper: bool, alt: bool) {
    with_digits(x, Round::Sig(prec + 1), |d, exp| {
        put_sci(buf, d, exp, prec, alt, upper)
    });
}

/// `%.<prec>f` of finite `x` ≥ 0 (`alt` as for [`fmt_e`]).
pub fn fmt_f(buf: &mut Vec<u8>, x: f64, prec: usize, alt: bool) {
    with_digits(x, Round::Frac(prec), |d, exp| {
        put_fixed(buf, d, exp, prec, alt)
    });
}

/// `%.<prec>g` of finite `x` ≥ 0 (`alt`: the `#` flag, keeping trailing zeros and the
/// point; `upper`: `E`). One rounding serves both styles: the fixed style keeps the
/// same significant digits as the exponent style it is chosen from.
pub fn fmt_g(buf: &mut Vec<u8>, x: f64, prec: usize, upper: bool, alt: bool) {
    let p = prec.max(1);
    with_digits(x, Round::Sig(p), |d, exp| {
        let d = if alt {
            d
        } else {
            let n = d.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
            &d[..n]
        };
        if exp < -4 || exp >= p as i32 {
            let frac = if alt {
                p - 1
            } else {
                d.len().saturating_sub(1)
            };
            put_sci(buf, d, exp, frac, alt, upper);
        } else {
            let frac = if alt {
                (p as i32 - 1 - exp) as usize
            } else {
                (d.len() as i32 - 1 - exp).max(0) as usize
            };
            put_fixed(buf, d, exp, frac, alt);
        }
    });
}

/// `%a`: finite `x` ≥ 0 as a hexadecimal float, normalised to a leading 1 (also for
/// subnormals, as LuaJIT prints them), with `prec` hex digits or as many as needed.
pub fn fmt_a(buf: &mut Vec<u8>, x: f64, prec: Option<usize>, upper: bool, alt: bool) {
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
    let ndigits = match prec {
        // As many as needed: the 13 hex digits of the fraction without trailing zeros.
        None if frac == 0 => 0,
        None => {
            let n = 13 - frac.trailing_zeros() as usize / 4;
            frac >>= (13 - n) * 4;
            n
        }
        Some(p) if p < 13 => {
            // Round to nearest, ties away from zero (as LuaJIT), carrying into the
            // lead digit.
            let shift = (13 - p as u32) * 4;
            let half = 1 << (shift - 1);
            frac = (frac + half) >> shift;
            if frac >> (p * 4) != 0 {
                frac = 0;
                lead += 1;
            }
            p
        }
        Some(p) => p,
    };
    let hex: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    buf.extend_from_slice(if upper { b"0X" } else { b"0x" });
    buf.push(b'0' + lead as u8);
    if ndigits > 0 || alt {
        buf.push(b'.');
    }
    // `frac` now holds the first `kept` digits; past the 13th come zeros.
    let kept = ndigits.min(13);
    for i in 0..kept {
        buf.push(hex[((frac >> ((kept - 1 - i) * 4)) & 15) as usize]);
    }
    buf.resize(buf.len() + ndigits - kept, b'0');
    buf.push(if upper { b'P' } else { b'p' });
    buf.push(if exp < 0 { b'-' } else { b'+' });
    fmt_int(buf, exp.unsigned_abs() as i64);
}

/// Where [`with_digits`] rounds: to `n` significant digits, or to `n` digits after the
/// point.
#[derive(Clone, Copy, Debug)]
enum Round {
    Sig(usize),
    Frac(usize),
}

/// `10^i` for every `i` that fits in a `u128`.
const POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < t.len() {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// The significand and binary exponent of finite `x` > 0: `x = m·2^e`.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp_bits - 1075)
    }
}

/// The decimal digits of finite `x` ≥ 0 rounded as `round` says, ties away from zero,
/// passed to `f` with the decimal exponent of the first: `digits[i]` stands for
/// `10^(exp - i)`. With `Sig(n)` there are `n` digits, the first not zero (for a zero
/// `x`: none); with `Frac(n)` the digits down to that place, perhaps with leading zeros
/// (none at all for a zero result). Layouts treat digits past the given ones as zeros.
fn with_digits<R>(x: f64, round: Round, f: impl FnOnce(&[u8], i32) -> R) -> R {
    if x == 0.0 {
        return f(&[], 0);
    }
    let (m, e) = decompose(x);
    let mut buf = [0u8; 40];
    match round {
        Round::Sig(n) if n <= 38 => {
            // floor(log10 x) is k or k + 1 (k from the binary exponent, rounded down).
            let e2 = e + 63 - m.leading_zeros() as i32;
            let mut k = (e2 * 78913) >> 18;
            for _ in 0..2 {
                let Some(q) = scaled(m, e, n as i32 - 1 - k) else {
                    break;
                };
                if q > POW10[n] {
                    // k was one too small: round again one place further left.
                    k += 1;
                    continue;
                }
                // q == 10^n: rounding carried into a new digit (9.96 -> 10.0), or x is
                // within half a unit of 10^(k+1); either way the result is 10^(k+1).
                let (q, k) = if q == POW10[n] {
                    (q / 10, k + 1)
                } else {
                    (q, k)
                };
                let at = write_u128(&mut buf, q);
                return f(&buf[at..], k);
            }
        }
        Round::Frac(n) => {
            if let Some(q) = scaled(m, e, n as i32) {
                if q == 0 {
                    return f(&[], 0);
                }
                let at = write_u128(&mut buf, q);
                return f(&buf[at..], (buf.len() - at) as i32 - 1 - n as i32);
            }
        }
        Round::Sig(_) => {}
    }
    with_digits_exact(x, m, e, round, f)
}

/// `x·10^t` (with `x = m·2^e`) rounded to an integer, ties away from zero, if 128-bit
/// arithmetic holds it exactly.
fn scaled(m: u64, e: i32, t: i32) -> Option<u128> {
    let mut n = m as u128;
    if t > 0 {
        // m·10^22 < 2^127, so one multiplication never overflows.
        if t > 22 {
            return None;
        }
        n *= POW10[t as usize];
    }
    if e > 0 {
        if e as u32 >= n.leading_zeros() {
            return None;
        }
        n <<= e;
    }
    let sh = if e < 0 { e.unsigned_abs() } else { 0 };
    if t >= 0 {
        return Some(match sh {
            0 => n,
            // Below half of one unit (n < 2^127).
            128.. => 0,
            // Add the highest bit shifted out: that is the rounding half.
            _ => (n >> sh) + ((n >> (sh - 1)) & 1),
        });
    }
    let p = *POW10.get(t.unsigned_abs() as usize)?;
    if sh >= p.leading_zeros() {
        return None;
    }
    let d = p << sh;
    let (q, r) = (n / d, n % d);
    Some(q + (r >= d - r) as u128)
}

/// Write the decimal digits of `q` at the end of `buf` (40 bytes hold any `u128`),
/// returning where they start.
fn write_u128(buf: &mut [u8; 40], mut q: u128) -> usize {
    const E19: u128 = 10_000_000_000_000_000_000;
    let mut end = buf.len();
    while q > u64::MAX as u128 {
        // The low 19 digits, with their leading zeros.
        let at = write_u64(&mut buf[..end], (q % E19) as u64);
        buf[end - 19..at].fill(b'0');
        end -= 19;
        q /= E19;
    }
    write_u64(&mut buf[..end], q as u64)
}

/// A `fmt::Write` sink over a stack array, so Rust's exact formatter runs without a heap
/// allocation. 512 bytes hold the longest conversion, `%.99f` of the largest double.
struct StackBuf {
    buf: [u8; 512],
    len: usize,
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// [`with_digits`] for finite `x = m·2^e` > 0 beyond the 128-bit arithmetic: Rust's
/// formatter gives the exact digits rounded ties-to-even, and exact ties that it
/// rounded down (to an even last digit) are then rounded up.
fn with_digits_exact<R>(
    x: f64,
    m: u64,
    e: i32,
    round: Round,
    f: impl FnOnce(&[u8], i32) -> R,
) -> R {
    let mut out = StackBuf {
        buf: [0; 512],
        len: 0,
    };
    let written = match round {
        Round::Sig(n) => write!(out, "{:.*e}", n - 1, x),
        Round::Frac(n) => write!(out, "{:.*}", n, x),
    };
    written.expect("512 bytes hold any %e or %f conversion");
    let text = &mut out.buf[..out.len];
    // Digits (squeezed together over the point) and the exponent of the first.
    let (body, exp) = match text.iter().position(|&c| c == b'e') {
        Some(at) => {
            let exp = std::str::from_utf8(&text[at + 1..])
                .ok()
                .and_then(|s| s.parse().ok())
                .expect("Rust's exponent is a decimal integer");
            (&mut text[..at], exp)
        }
        None => {
            let int = text.iter().position(|&c| c == b'.').unwrap_or(text.len());
            (&mut text[..], int as i32 - 1)
        }
    };
    let mut len = 0;
    for i in 0..body.len() {
        if body[i] != b'.' {
            body[len] = body[i];
            len += 1;
        }
    }
    let digits = &mut body[..len];
    // The place of the last digit. If Rust's rounding carried into a new first digit,
    // `exp` is one too high for the rounding actually done, but then x was no tie at
    // this place either (a tie one place further left is exact one place further right).
    let last = exp - (len as i32 - 1);
    if tie_with_even_floor(m, e, last) {
        // Rust kept the even floor; LuaJIT rounds up, and an even digit takes a +1
        // without carry.
        digits[len - 1] += 1;
    }
    f(digits, exp)
}

/// Whether `x = m·2^e` > 0 lies exactly halfway between two multiples of `10^s`, the
/// lower one an even multiple: `2x/10^s` is an odd integer `2j+1` with `j` even.
fn tie_with_even_floor(m: u64, e: i32, s: i32) -> bool {
    // 2x/10^s = odd·2^(e+1+tz-s)·5^-s with odd = m without its trailing zero bits: an
    // odd integer only with no power of two left and, for s > 0, 5^s dividing odd.
    let tz = m.trailing_zeros() as i32;
    let odd = m >> tz;
    if e + 1 + tz != s {
        return false;
    }
    let q = if s <= 0 {
        // odd·5^-s, and 5 ≡ 1 (mod 4): the same residue as odd.
        odd
    } else {
        match u64::try_from(POW10[s.min(38) as usize] >> s) {
            Ok(p5) if odd.is_multiple_of(p5) => odd / p5,
            _ => return false,
        }
    };
    // 2j+1 ≡ 1 (mod 4) exactly when j is even.
    q % 4 == 1
}

/// `d.ddd…e±XX`: the first digit, then `frac` more after the point (zeros past the
/// given digits), the point also kept without them when `alt`.
fn put_sci(buf: &mut Vec<u8>, d: &[u8], exp: i32, frac: usize, alt: bool, upper: bool) {
    buf.push(d.first().copied().unwrap_or(b'0'));
    if frac > 0 || alt {
        buf.push(b'.');
    }
    let rest = d.get(1..).unwrap_or(&[]);
    let kept = rest.len().min(frac);
    buf.extend_from_slice(&rest[..kept]);
    buf.resize(buf.len() + frac - kept, b'0');
    buf.push(if upper { b'E' } else { b'e' });
    buf.push(if exp < 0 { b'-' } else { b'+' });
    if exp.unsigned_abs() < 10 {
        buf.push(b'0');
    }
    fmt_int(buf, exp.unsigned_abs() as i64);
}

/// Fixed notation with `frac` digits after the point (the point also kept without them
/// when `alt`); `d` must not reach past that place.
fn put_fixed(buf: &mut Vec<u8>, d: &[u8], exp: i32, frac: usize, alt: bool) {
    // Integer part: the digits down to the units place, zeros past the given ones.
    let int_len = if exp >= 0 { exp as usize + 1 } else { 0 };
    let int_digits = d.len().min(int_len);
    if int_len == 0 || d.is_empty() {
        buf.push(b'0');
    } else {
        buf.extend_from_slice(&d[..int_digits]);
        buf.resize(buf.len() + int_len - int_digits, b'0');
    }
    if frac == 0 && !alt {
        return;
    }
    buf.push(b'.');
    // Fraction: zeros down to the first digit, the digits, zeros up to `frac` places.
    let lead = if exp < -1 && !d.is_empty() {
        ((-exp - 1) as usize).min(frac)
    } else if d.is_empty() {
        frac
    } else {
        0
    };
    buf.resize(buf.len() + lead, b'0');
    let rest = d.get(int_digits..).unwrap_or(&[]);
    let kept = rest.len().min(frac - lead);
    buf.extend_from_slice(&rest[..kept]);
    buf.resize(buf.len() + frac - lead - kept, b'0');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: f64) -> String {
        let mut b = Vec::new();
        fmt_num(&mut b, x);
        String::from_utf8(b).unwrap()
    }

    fn e(x: f64, prec: usize, alt: bool) -> String {
        let mut b = Vec::new();
        fmt_e(&mut b, x, prec, false, alt);
        String::from_utf8(b).unwrap()
    }

    fn f(x: f64, prec: usize, alt: bool) -> String {
        let mut b = Vec::new();
        fmt_f(&mut b, x, prec, alt);
        String::from_utf8(b).unwrap()
    }

    fn g(x: f64, prec: usize, alt: bool) -> String {
        let mut b = Vec::new();
        fmt_g(&mut b, x, prec, false, alt);
        String::from_utf8(b).unwrap()
    }

    fn a(x: f64, prec: Option<usize>) -> String {
        let mut b = Vec::new();
        fmt_a(&mut b, x, prec, false, false);
        String::from_utf8(b).unwrap()
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
        let mut b = Vec::new();
        fmt_int(&mut b, i64::MIN);
        assert_eq!(b, b"-9223372036854775808");
    }

    #[test]
    fn printf_conversions() {
        assert_eq!(e(12345.678, 2, false), "1.23e+04");
        assert_eq!(f(2.5, 0, false), "3");
        assert_eq!(f(0.125, 2, false), "0.13");
        assert_eq!(f(99.5, 0, false), "100");
        assert_eq!(e(9.5, 0, false), "1e+01");
        assert_eq!(e(9.95, 1, false), "9.9e+00"); // 9.95 is below the tie in binary
        assert_eq!(e(99.5, 1, false), "1.0e+02");
        assert_eq!(g(0.5, 0, false), "0.5");
        assert_eq!(g(2.5, 1, false), "3");
        assert_eq!(g(100000.0, 6, false), "100000");
        assert_eq!(g(1000000.0, 6, false), "1e+06");
    }

    #[test]
    fn zero_in_every_style() {
        assert_eq!(e(0.0, 6, false), "0.000000e+00");
        assert_eq!(e(0.0, 0, false), "0e+00");
        assert_eq!(e(0.0, 0, true), "0.e+00");
        assert_eq!(f(0.0, 3, false), "0.000");
        assert_eq!(f(0.0, 0, true), "0.");
        assert_eq!(g(0.0, 6, false), "0");
        assert_eq!(g(0.0, 6, true), "0.00000");
    }

    #[test]
    fn fixed_places_around_the_point() {
        assert_eq!(f(0.000123, 6, false), "0.000123");
        assert_eq!(f(0.000123, 3, false), "0.000");
        assert_eq!(f(0.0005, 3, false), "0.001"); // 0.0005 is above the tie in binary
        assert_eq!(f(1e20, 2, false), "100000000000000000000.00");
        assert_eq!(f(123.456, 1, false), "123.5");
        assert_eq!(f(1e-300, 3, false), "0.000");
        assert_eq!(f(0.9999, 2, false), "1.00");
    }

    #[test]
    fn g_switches_style_on_the_rounded_exponent() {
        assert_eq!(g(999999.5, 6, false), "1e+06");
        assert_eq!(g(99999.95, 6, false), "99999.9"); // below the tie in binary
        assert_eq!(g(0.0001, 6, false), "0.0001");
        assert_eq!(g(0.00009999995, 6, false), "0.0001");
        assert_eq!(g(0.00001, 6, false), "1e-05");
        assert_eq!(g(1.5, 6, true), "1.50000");
        assert_eq!(g(1e20, 3, true), "1.00e+20");
        assert_eq!(g(123.0, 2, true), "1.2e+02");
    }

    #[test]
    fn ties_round_away_from_zero_at_any_place() {
        // In the 128-bit arithmetic:
        assert_eq!(f(0.375, 2, false), "0.38");
        assert_eq!(f(0.625, 2, false), "0.63");
        assert_eq!(e(2.5, 0, false), "3e+00");
        assert_eq!(e(125.0, 1, false), "1.3e+02");
        assert_eq!(g(2.0f64.powi(-10), 3, false), "0.000977");
        // Beyond it, where Rust's formatter rounds ties to even:
        let tiny = 2.0f64.powi(-30); // 9.31322574615478515625e-10
        assert_eq!(e(tiny, 19, false), "9.3132257461547851563e-10");
        assert_eq!(e(tiny, 18, false), "9.313225746154785156e-10");
        assert_eq!(
            f(2.0f64.powi(-26), 26, false),
            "0.00000001490116119384765625"
        );
        assert_eq!(
            f(2.0f64.powi(-26), 25, false),
            "0.0000000149011611938476563"
        );
        assert_eq!(f(1e23, 0, false), "99999999999999991611392");
    }

    #[test]
    fn ties_are_found_on_both_sides_of_the_point() {
        let tie = |x: f64, s| {
            let (m, e) = decompose(x);
            tie_with_even_floor(m, e, s)
        };
        assert!(tie(0.125, -2)); // 12.5 hundredths
        assert!(!tie(0.375, -2)); // 37.5: the floor is odd
        assert!(!tie(0.125, -1));
        assert!(!tie(0.1, -1));
        assert!(tie(25.0, 1)); // 2.5 tens
        assert!(!tie(35.0, 1));
        assert!(tie(4500.0, 3));
        assert!(!tie(4500.0, 2));
        assert!(tie(2.0f64.powi(-30), -29)); // 9.31322574615478515625e-10
        assert!(!tie(2.0f64.powi(-30), -28));
    }

    #[test]
    fn exact_path_agrees_with_the_fast_path() {
        let xs = [
            1.0 / 3.0,
            2.5,
            0.125,
            123456.789,
            1e-7,
            9.999999999e22,
            2.0f64.powi(-20),
            7.0e15,
        ];
        for &x in &xs {
            let (m, ex) = decompose(x);
            for n in 1..18 {
                for round in [Round::Sig(n), Round::Frac(n)] {
                    let fast = with_digits(x, round, |d, k| (d.to_vec(), k));
                    let exact = with_digits_exact(x, m, ex, round, |d, k| (d.to_vec(), k));
                    let strip = |(d, k): (Vec<u8>, i32)| match d.iter().position(|&c| c != b'0') {
                        Some(first) => (d[first..].to_vec(), k - first as i32),
                        None => (Vec::new(), 0),
                    };
                    assert_eq!(strip(fast), strip(exact), "{x} {round:?}");
                }
            }
        }
    }

    #[test]
    fn hex_floats() {
        assert_eq!(a(0.0, None), "0x0p+0");
        assert_eq!(a(1.0, None), "0x1p+0");
        assert_eq!(a(1.5, None), "0x1.8p+0");
        assert_eq!(a(5e-324, None), "0x1p-1074");
        assert_eq!(a(1.96875, Some(1)), "0x2.0p+0");
        assert_eq!(a(1.03125, Some(1)), "0x1.1p+0"); // the tie rounds up
        assert_eq!(a(1.5, Some(15)), "0x1.800000000000000p+0");
        let mut b = Vec::new();
        fmt_a(&mut b, 1.0, Some(0), true, true);
        assert_eq!(b, b"0X1.P+0");
    }
}
