//! Tagged values: 64-bit NaN-boxed words in LuaJIT's GC64 layout.
//!
//! A number is stored as its IEEE double. Every other value is a NaN pattern whose
//! top 17 bits hold the complement of its type tag; GC objects keep a 47-bit pointer
//! below, primitives keep all ones. Machine code tests types with one shift and compare,
//! so the tag values and their order are fixed here and pinned by tests.

use crate::gc::GcHeader;

/// Type tags. The 17-bit field at bit 47 holds `!tag`; order matters (see `itype`).
pub mod tag {
    pub const NIL: u32 = 0;
    pub const FALSE: u32 = 1;
    pub const TRUE: u32 = 2;
    pub const LIGHTUD: u32 = 3;
    pub const STR: u32 = 4;
    pub const UPVAL: u32 = 5;
    pub const THREAD: u32 = 6;
    pub const PROTO: u32 = 7;
    pub const FUNC: u32 = 8;
    pub const TRACE: u32 = 9;
    pub const CDATA: u32 = 10;
    pub const TAB: u32 = 11;
    pub const UDATA: u32 = 12;
    /// Numbers have an itype below `!NUMX`.
    pub const NUMX: u32 = 13;
}

/// The 17-bit itype field of a non-number with tag `t`.
pub const fn itype_of(t: u32) -> u32 {
    0x1ffff - t
}

/// The canonical NaN every NaN result is folded into (x86's default NaN).
pub const CANON_NAN: u64 = 0xfff8_0000_0000_0000;
/// Lowest word that is not a number.
pub const NUM_LIMIT: u64 = (itype_of(tag::NUMX) as u64 + 1) << 47;
/// Lowest falsy word: false and nil are the two highest itypes.
pub const FALSY_LIMIT: u64 = (itype_of(tag::FALSE) as u64) << 47;
const PAYLOAD_MASK: u64 = (1 << 47) - 1;

/// A Lua value.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TValue(pub u64);

impl TValue {
    pub const NIL: TValue = TValue::pri(tag::NIL);
    pub const FALSE: TValue = TValue::pri(tag::FALSE);
    pub const TRUE: TValue = TValue::pri(tag::TRUE);

    /// A primitive (nil, false, true): its itype above, all ones below.
    pub const fn pri(t: u32) -> TValue {
        TValue(!((t as u64) << 47))
    }
    #[inline(always)]
    pub fn num(n: f64) -> TValue {
        // Any NaN reaching a value is canonical, so no NaN payload can mimic a tag.
        if n.is_nan() {
            TValue(CANON_NAN)
        } else {
            TValue(n.to_bits())
        }
    }
    #[inline(always)]
    pub fn bool(b: bool) -> TValue {
        if b {
            TValue::TRUE
        } else {
            TValue::FALSE
        }
    }
    /// A GC object with tag `t`.
    #[inline(always)]
    pub fn gc(t: u32, p: *const GcHeader) -> TValue {
        debug_assert!((p as u64) & !PAYLOAD_MASK == 0);
        TValue(((itype_of(t) as u64) << 47) | p as u64)
    }
    /// A light userdata (a raw pointer-sized payload of 47 bits).
    pub fn lightud(p: u64) -> TValue {
        TValue(((itype_of(tag::LIGHTUD) as u64) << 47) | (p & PAYLOAD_MASK))
    }

    #[inline(always)]
    pub fn itype(self) -> u32 {
        (self.0 >> 47) as u32
    }
    /// The type tag (numbers report `NUMX`).
    #[inline(always)]
    pub fn tag(self) -> u32 {
        if self.is_num() {
            tag::NUMX
        } else {
            0x1ffff - self.itype()
        }
    }
    #[inline(always)]
    pub fn is_num(self) -> bool {
        self.0 < NUM_LIMIT
    }
    #[inline(always)]
    pub fn is_nil(self) -> bool {
        self.0 == TValue::NIL.0
    }
    #[inline(always)]
    pub fn is_truthy(self) -> bool {
        self.0 < FALSY_LIMIT
    }
    #[inline(always)]
    pub fn is_falsy(self) -> bool {
        self.0 >= FALSY_LIMIT
    }
    #[inline(always)]
    pub fn is_bool(self) -> bool {
        self == TValue::TRUE || self == TValue::FALSE
    }
    #[inline(always)]
    pub fn is(self, t: u32) -> bool {
        self.itype() == itype_of(t)
    }
    #[inline(always)]
    pub fn is_str(self) -> bool {
        self.is(tag::STR)
    }
    #[inline(always)]
    pub fn is_tab(self) -> bool {
        self.is(tag::TAB)
    }
    #[inline(always)]
    pub fn is_func(self) -> bool {
        self.is(tag::FUNC)
    }
    /// Does this value point to a GC object?
    #[inline(always)]
    pub fn is_gcv(self) -> bool {
        let it = self.itype();
        it <= itype_of(tag::STR) && it >= itype_of(tag::UDATA)
    }
    #[inline(always)]
    pub fn as_num(self) -> f64 {
        f64::from_bits(self.0)
    }
    #[inline(always)]
    pub fn gcptr(self) -> *mut GcHeader {
        (self.0 & PAYLOAD_MASK) as *mut GcHeader
    }
    #[inline(always)]
    pub fn payload(self) -> u64 {
        self.0 & PAYLOAD_MASK
    }
    /// Typed pointer to the object; the caller has checked the tag.
    #[inline(always)]
    pub fn ptr<T>(self) -> *mut T {
        (self.0 & PAYLOAD_MASK) as *mut T
    }

    /// The name `type()` returns.
    pub fn type_name(self) -> &'static str {
        TYPE_NAMES[self.tag() as usize]
    }
}

/// Names by tag, as `type()` reports them (internal types never reach Lua code).
pub const TYPE_NAMES: [&str; 14] = [
    "nil", "boolean", "boolean", "userdata", "string", "upval", "thread", "proto", "function",
    "trace", "cdata", "table", "userdata", "number",
];

impl std::fmt::Debug for TValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_num() {
            write!(f, "{}", self.as_num())
        } else {
            write!(f, "{}:{:#x}", self.type_name(), self.payload())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_luajit_gc64() {
        assert_eq!(TValue::NIL.0, u64::MAX);
        assert_eq!(TValue::FALSE.0, 0xffff_7fff_ffff_ffff);
        assert_eq!(TValue::TRUE.0, 0xfffe_ffff_ffff_ffff);
        assert_eq!(NUM_LIMIT, 0xfff9_8000_0000_0000);
        let s = TValue::gc(tag::STR, 0x1234_5678 as *const GcHeader);
        assert_eq!(s.0, 0xfffd_8000_1234_5678);
        assert!(s.is_str() && !s.is_num() && s.is_truthy() && s.is_gcv());
    }

    #[test]
    fn numbers_and_truth() {
        for n in [
            0.0,
            -0.0,
            1.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ] {
            let v = TValue::num(n);
            assert!(v.is_num() && v.is_truthy());
            assert_eq!(v.as_num().to_bits(), n.to_bits());
            assert_eq!(v.type_name(), "number");
        }
        let nan = TValue::num(f64::from_bits(0xffff_ffff_ffff_ffff));
        assert!(nan.is_num() && nan.as_num().is_nan());
        assert!(TValue::NIL.is_falsy() && TValue::FALSE.is_falsy() && TValue::TRUE.is_truthy());
        assert_eq!(TValue::NIL.type_name(), "nil");
        assert_eq!(TValue::TRUE.type_name(), "boolean");
        assert!(!TValue::TRUE.is_gcv() && !TValue::lightud(5).is_gcv());
    }
}
