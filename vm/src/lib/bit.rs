//! The bit library: LuaJIT's 32-bit bit operations on numbers.

use super::ff::Ff;
use super::Reg;
use crate::func::FF_C;
use crate::state::{LResult, LuaState};
use crate::value::TValue;

const FUNCS: &[Reg] = &[
    ("arshift", arshift, Ff::BitArshift as u8),
    ("band", band, Ff::BitBand as u8),
    ("bnot", bnot, Ff::BitBnot as u8),
    ("bor", bor, Ff::BitBor as u8),
    ("bswap", bswap, Ff::BitBswap as u8),
    ("bxor", bxor, Ff::BitBxor as u8),
    ("lshift", lshift, Ff::BitLshift as u8),
    ("rol", rol, Ff::BitRol as u8),
    ("ror", ror, Ff::BitRor as u8),
    ("rshift", rshift, Ff::BitRshift as u8),
    ("tobit", tobit, Ff::BitTobit as u8),
    ("tohex", tohex, FF_C),
];

pub fn open(l: &mut LuaState) {
    l.register_lib(Some("bit"), FUNCS);
}

/// A number normalised to a signed 32-bit integer the way LuaJIT does it: add 2^52+2^51
/// and take the low word, which wraps modulo 2^32 and rounds to nearest-even.
pub fn num_to_bit(n: f64) -> i32 {
    let b = (n + 6755399441055744.0).to_bits();
    b as u32 as i32
}

fn arg(l: &mut LuaState, i: usize) -> LResult<i32> {
    Ok(num_to_bit(l.check_num(i)?))
}

fn ret(l: &mut LuaState, v: i32) -> LResult<usize> {
    l.ret_values(&[TValue::num(v as f64)])
}

fn tobit(l: &mut LuaState) -> LResult<usize> {
    let v = arg(l, 1)?;
    ret(l, v)
}

fn bnot(l: &mut LuaState) -> LResult<usize> {
    let v = arg(l, 1)?;
    ret(l, !v)
}

fn bswap(l: &mut LuaState) -> LResult<usize> {
    let v = arg(l, 1)?;
    ret(l, v.swap_bytes())
}

/// Fold all arguments with `op`.
fn fold(l: &mut LuaState, op: fn(i32, i32) -> i32) -> LResult<usize> {
    let mut acc = arg(l, 1)?;
    for i in 2..=l.nargs() {
        let v = arg(l, i)?;
        acc = op(acc, v);
    }
    ret(l, acc)
}

fn band(l: &mut LuaState) -> LResult<usize> {
    fold(l, |a, b| a & b)
}
fn bor(l: &mut LuaState) -> LResult<usize> {
    fold(l, |a, b| a | b)
}
fn bxor(l: &mut LuaState) -> LResult<usize> {
    fold(l, |a, b| a ^ b)
}

/// Apply a shift with the count masked to 5 bits.
fn shift(l: &mut LuaState, op: fn(u32, u32) -> u32) -> LResult<usize> {
    let v = arg(l, 1)? as u32;
    let n = (arg(l, 2)? & 31) as u32;
    ret(l, op(v, n) as i32)
}

fn lshift(l: &mut LuaState) -> LResult<usize> {
    shift(l, |v, n| v << n)
}
fn rshift(l: &mut LuaState) -> LResult<usize> {
    shift(l, |v, n| v >> n)
}
fn arshift(l: &mut LuaState) -> LResult<usize> {
    shift(l, |v, n| ((v as i32) >> n) as u32)
}
fn rol(l: &mut LuaState) -> LResult<usize> {
    shift(l, |v, n| v.rotate_left(n))
}
fn ror(l: &mut LuaState) -> LResult<usize> {
    shift(l, |v, n| v.rotate_right(n))
}

fn tohex(l: &mut LuaState) -> LResult<usize> {
    let v = arg(l, 1)? as u32;
    let n = if l.arg(1).is_nil() { 8 } else { arg(l, 2)? };
    let upper = n < 0;
    let n = n.unsigned_abs().min(8) as usize;
    let full = if upper {
        format!("{v:08X}")
    } else {
        format!("{v:08x}")
    };
    let s = l.new_str(&full.as_bytes()[8 - n..]);
    l.ret_values(&[s])
}

#[cfg(test)]
mod tests {
    use super::num_to_bit;

    #[test]
    fn normalisation_wraps_and_rounds() {
        assert_eq!(num_to_bit(1.0), 1);
        assert_eq!(num_to_bit(-1.0), -1);
        assert_eq!(num_to_bit(4294967295.0), -1);
        assert_eq!(num_to_bit(4294967296.0), 0);
        assert_eq!(num_to_bit(2147483648.0), i32::MIN);
        assert_eq!(num_to_bit(0.5), 0);
        assert_eq!(num_to_bit(1.5), 2);
    }
}
