//! The math library: Lua 5.1's functions, LuaJIT's `log(x, base)`, and a xoshiro256** `random`.

use super::ff::Ff;
use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::TValue;

const FUNCS: &[Reg] = &[
    ("abs", abs, Ff::MathAbs as u8),
    ("acos", acos, Ff::MathAcos as u8),
    ("asin", asin, Ff::MathAsin as u8),
    ("atan", atan, Ff::MathAtan as u8),
    ("atan2", atan2, Ff::MathAtan2 as u8),
    ("ceil", ceil, Ff::MathCeil as u8),
    ("cos", cos, Ff::MathCos as u8),
    ("cosh", cosh, Ff::MathCosh as u8),
    ("deg", deg, Ff::MathDeg as u8),
    ("exp", exp, Ff::MathExp as u8),
    ("floor", floor, Ff::MathFloor as u8),
    ("fmod", fmod, Ff::MathFmod as u8),
    ("frexp", frexp, FF_C),
    ("ldexp", ldexp, FF_C),
    ("log", log, Ff::MathLog as u8),
    ("log10", log10, Ff::MathLog10 as u8),
    ("max", max, Ff::MathMax as u8),
    ("min", min, Ff::MathMin as u8),
    ("modf", modf, FF_C),
    ("pow", pow, Ff::MathPow as u8),
    ("rad", rad, Ff::MathRad as u8),
    ("random", random, FF_C),
    ("randomseed", randomseed, FF_C),
    ("sin", sin, Ff::MathSin as u8),
    ("sinh", sinh, Ff::MathSinh as u8),
    ("sqrt", sqrt, Ff::MathSqrt as u8),
    ("tan", tan, Ff::MathTan as u8),
    ("tanh", tanh, Ff::MathTanh as u8),
];

/// Open the math library with `pi` and `huge`.
pub fn open(l: &mut LuaState) {
    let t = l.register_lib(Some("math"), FUNCS);
    for (name, v) in [("pi", std::f64::consts::PI), ("huge", f64::INFINITY)] {
        let key = crate::str::intern(l.g(), name.as_bytes());
        crate::tab::set_str(l.g(), t, key, TValue::num(v));
    }
}

/// One-argument functions: check the number, apply, return one result.
/// Each also has a C-ABI twin in `unary_c`, which the generated interpreter's fast
/// functions call, so both compute with the same code.
macro_rules! unary {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(l: &mut LuaState) -> LResult<usize> {
            let x = l.check_num(1)?;
            l.ret_values(&[TValue::num(unary_c::$name(x))])
        })*
        pub mod unary_c {
            $(pub extern "C" fn $name(x: f64) -> f64 {
                let f: fn(f64) -> f64 = $f;
                f(x)
            })*
        }
    };
}

unary! {
    abs => f64::abs,
    acos => f64::acos,
    asin => f64::asin,
    atan => f64::atan,
    ceil => f64::ceil,
    cos => f64::cos,
    cosh => f64::cosh,
    deg => |x| x * (180.0 / std::f64::consts::PI),
    exp => f64::exp,
    floor => f64::floor,
    log10 => f64::log10,
    rad => |x| x * (std::f64::consts::PI / 180.0),
    sin => f64::sin,
    sinh => f64::sinh,
    sqrt => f64::sqrt,
    tan => f64::tan,
    tanh => f64::tanh,
}

/// The natural logarithm (one-argument `log`), for Rust and machine code alike.
pub extern "C" fn ln_c(x: f64) -> f64 {
    x.ln()
}

/// Two-argument functions, with C-ABI twins in `binary_c` as `unary!` has.
macro_rules! binary {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(l: &mut LuaState) -> LResult<usize> {
            let a = l.check_num(1)?;
            let b = l.check_num(2)?;
            l.ret_values(&[TValue::num(binary_c::$name(a, b))])
        })*
        pub mod binary_c {
            $(pub extern "C" fn $name(a: f64, b: f64) -> f64 {
                let f: fn(f64, f64) -> f64 = $f;
                f(a, b)
            })*
        }
    };
}

binary! {
    atan2 => f64::atan2,
    fmod => |a, b| a % b,
    pow => f64::powf,
}

/// `log(x [, base])`: natural logarithm, or LuaJIT's two-argument form.
fn log(l: &mut LuaState) -> LResult<usize> {
    let x = l.check_num(1)?;
    let r = if l.nargs() >= 2 {
        let b = l.check_num(2)?;
        x.log2() * (1.0 / b.log2())
    } else {
        ln_c(x)
    };
    l.ret_values(&[TValue::num(r)])
}

fn modf(l: &mut LuaState) -> LResult<usize> {
    let x = l.check_num(1)?;
    let ip = x.trunc();
    let fp = if x.is_infinite() { 0.0 } else { x - ip };
    l.ret_values(&[TValue::num(ip), TValue::num(fp)])
}

/// Split `x` into a mantissa in [0.5, 1) and a power of two.
fn frexp_f(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, adj) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(54), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32 - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e + adj)
}

/// `x * 2^e`, scaling in steps so intermediate powers stay representable.
fn ldexp_f(mut x: f64, mut e: i64) -> f64 {
    e = e.clamp(-3000, 3000);
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e as i32)
}

fn frexp(l: &mut LuaState) -> LResult<usize> {
    let x = l.check_num(1)?;
    let (m, e) = frexp_f(x);
    l.ret_values(&[TValue::num(m), TValue::num(e as f64)])
}

fn ldexp(l: &mut LuaState) -> LResult<usize> {
    let x = l.check_num(1)?;
    let e = l.check_int(2)?;
    l.ret_values(&[TValue::num(ldexp_f(x, e))])
}

/// `min`/`max`: at least one number; `better(a, b)` says whether `b` replaces `a`.
fn extremum(l: &mut LuaState, better: fn(f64, f64) -> bool) -> LResult<usize> {
    let mut r = l.check_num(1)?;
    for i in 2..=l.nargs() {
        let x = l.check_num(i)?;
        if better(r, x) {
            r = x;
        }
    }
    l.ret_values(&[TValue::num(r)])
}

fn min(l: &mut LuaState) -> LResult<usize> {
    extremum(l, |a, b| b < a)
}

fn max(l: &mut LuaState) -> LResult<usize> {
    extremum(l, |a, b| b > a)
}

/// xoshiro256** generator state (per VM, in `Global`).
#[derive(Clone, Copy, Debug)]
pub struct Prng {
    s: [u64; 4],
}

impl Prng {
    /// A generator seeded from a number (the same seed gives the same sequence).
    pub fn seeded(seed: f64) -> Prng {
        let mut z = seed.to_bits() ^ 0x5851_f42d_4c95_7f2d;
        let mut s = [0u64; 4];
        for w in &mut s {
            // SplitMix64 expands the seed into the four state words.
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *w = x ^ (x >> 31);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Prng { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let r = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        r
    }

    /// A double in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// `random([m [, n]])` with LuaJIT's rules (no interval checks: `floor(r*(n-m+1))+m`).
fn random(l: &mut LuaState) -> LResult<usize> {
    let d = l.g().prng.next_f64();
    let r = match l.nargs() {
        0 => d,
        1 => {
            let m = l.check_num(1)?;
            (d * m).floor() + 1.0
        }
        _ => {
            let m = l.check_num(1)?;
            let n = l.check_num(2)?;
            (d * (n - m + 1.0)).floor() + m
        }
    };
    l.ret_values(&[TValue::num(r)])
}

fn randomseed(l: &mut LuaState) -> LResult<usize> {
    let s = l.check_num(1)?;
    l.g().prng = Prng::seeded(s);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_ldexp_round_trip() {
        for x in [1.0, 8.0, -0.375, 1e300, 5e-324, 3.0e-310, 123456.789] {
            let (m, e) = frexp_f(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}: {m}");
            assert_eq!(ldexp_f(m, e as i64), x);
        }
        assert_eq!(frexp_f(8.0), (0.5, 4));
    }

    #[test]
    fn prng_is_deterministic_and_in_range() {
        let mut a = Prng::seeded(42.0);
        let mut b = Prng::seeded(42.0);
        for _ in 0..1000 {
            let x = a.next_f64();
            assert_eq!(x, b.next_f64());
            assert!((0.0..1.0).contains(&x));
        }
        assert_ne!(Prng::seeded(1.0).next_u64(), Prng::seeded(2.0).next_u64());
    }
}
