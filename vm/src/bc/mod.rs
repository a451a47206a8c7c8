//! Bytecode: the opcode table (defined once, below), instruction encoding and operand modes.
//!
//! The format is LuaJIT's: 32-bit instructions, `op:8 A:8 C:8 B:8` or `op:8 A:8 D:16`.
//! Everything that needs a per-opcode fact (names, modes, metamethods, the listing,
//! the auditlog's definition table, the interpreters' dispatch) is generated from `bcdef!`.

pub mod dump;
pub mod list;
pub mod verify;

use crate::meta::MM;

/// Operand modes, as `luajit -bl` and the auditlog describe them. The numeric values are
/// part of the auditlog's self-description, so they never change order.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    None = 0,
    Dst,
    Base,
    Var,
    RBase,
    Uv,
    Lit,
    Lits,
    Pri,
    Num,
    Str,
    Tab,
    Func,
    Jump,
    Cdata,
}

impl Mode {
    pub const NAMES: [&'static str; 15] = [
        "___", "dst", "base", "var", "rbase", "uv", "lit", "lits", "pri", "num", "str", "tab",
        "func", "jump", "cdata",
    ];
}

/// The opcode table: name, mode of A, mode of B, mode of C (or D), metamethod.
/// Order matters: comparison pairs flip with `op ^ 1`, arithmetic variants keep
/// a fixed distance, loop ops are followed by their I- and J-variants.
macro_rules! bcdef {
    ($m:ident) => {
        $m! {
            ISLT   Var   None  Var   Lt,
            ISGE   Var   None  Var   Lt,
            ISLE   Var   None  Var   Le,
            ISGT   Var   None  Var   Le,
            ISEQV  Var   None  Var   Eq,
            ISNEV  Var   None  Var   Eq,
            ISEQS  Var   None  Str   Eq,
            ISNES  Var   None  Str   Eq,
            ISEQN  Var   None  Num   Eq,
            ISNEN  Var   None  Num   Eq,
            ISEQP  Var   None  Pri   Eq,
            ISNEP  Var   None  Pri   Eq,
            ISTC   Dst   None  Var   None,
            ISFC   Dst   None  Var   None,
            IST    None  None  Var   None,
            ISF    None  None  Var   None,
            ISTYPE Var   None  Lit   None,
            ISNUM  Var   None  Lit   None,
            MOV    Dst   None  Var   None,
            NOT    Dst   None  Var   None,
            UNM    Dst   None  Var   Unm,
            LEN    Dst   None  Var   Len,
            ADDVN  Dst   Var   Num   Add,
            SUBVN  Dst   Var   Num   Sub,
            MULVN  Dst   Var   Num   Mul,
            DIVVN  Dst   Var   Num   Div,
            MODVN  Dst   Var   Num   Mod,
            ADDNV  Dst   Var   Num   Add,
            SUBNV  Dst   Var   Num   Sub,
            MULNV  Dst   Var   Num   Mul,
            DIVNV  Dst   Var   Num   Div,
            MODNV  Dst   Var   Num   Mod,
            ADDVV  Dst   Var   Var   Add,
            SUBVV  Dst   Var   Var   Sub,
            MULVV  Dst   Var   Var   Mul,
            DIVVV  Dst   Var   Var   Div,
            MODVV  Dst   Var   Var   Mod,
            POW    Dst   Var   Var   Pow,
            CAT    Dst   RBase RBase Concat,
            KSTR   Dst   None  Str   None,
            KCDATA Dst   None  Cdata None,
            KSHORT Dst   None  Lits  None,
            KNUM   Dst   None  Num   None,
            KPRI   Dst   None  Pri   None,
            KNIL   Base  None  Base  None,
            UGET   Dst   None  Uv    None,
            USETV  Uv    None  Var   None,
            USETS  Uv    None  Str   None,
            USETN  Uv    None  Num   None,
            USETP  Uv    None  Pri   None,
            UCLO   RBase None  Jump  None,
            FNEW   Dst   None  Func  Gc,
            TNEW   Dst   None  Lit   Gc,
            TDUP   Dst   None  Tab   Gc,
            GGET   Dst   None  Str   Index,
            GSET   Var   None  Str   Newindex,
            TGETV  Dst   Var   Var   Index,
            TGETS  Dst   Var   Str   Index,
            TGETB  Dst   Var   Lit   Index,
            TGETR  Dst   Var   Var   Index,
            TSETV  Var   Var   Var   Newindex,
            TSETS  Var   Var   Str   Newindex,
            TSETB  Var   Var   Lit   Newindex,
            TSETM  Base  None  Num   Newindex,
            TSETR  Var   Var   Var   Newindex,
            CALLM  Base  Lit   Lit   Call,
            CALL   Base  Lit   Lit   Call,
            CALLMT Base  None  Lit   Call,
            CALLT  Base  None  Lit   Call,
            ITERC  Base  Lit   Lit   Call,
            ITERN  Base  Lit   Lit   Call,
            VARG   Base  Lit   Lit   None,
            ISNEXT Base  None  Jump  None,
            RETM   Base  None  Lit   None,
            RET    RBase None  Lit   None,
            RET0   RBase None  Lit   None,
            RET1   RBase None  Lit   None,
            FORI   Base  None  Jump  None,
            JFORI  Base  None  Jump  None,
            FORL   Base  None  Jump  None,
            IFORL  Base  None  Jump  None,
            JFORL  Base  None  Lit   None,
            ITERL  Base  None  Jump  None,
            IITERL Base  None  Jump  None,
            JITERL Base  None  Lit   None,
            LOOP   RBase None  Jump  None,
            ILOOP  RBase None  Jump  None,
            JLOOP  RBase None  Lit   None,
            JMP    RBase None  Jump  None,
            FUNCF  RBase None  None  None,
            IFUNCF RBase None  None  None,
            JFUNCF RBase None  Lit   None,
            FUNCV  RBase None  None  None,
            IFUNCV RBase None  None  None,
            JFUNCV RBase None  Lit   None,
            FUNCC  RBase None  None  None,
            FUNCCW RBase None  None  None,
        }
    };
}

macro_rules! gen_op_enum {
    ($($name:ident $ma:ident $mb:ident $mc:ident $mm:ident,)*) => {
        /// A bytecode opcode.
        #[allow(clippy::upper_case_acronyms)]
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Op { $($name,)* }

        impl Op {
            /// All opcodes in table order.
            pub const ALL: &'static [Op] = &[$(Op::$name,)*];
            /// Opcode names, indexed by opcode.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];
            /// Operand modes `[A, B, C/D]`, indexed by opcode.
            pub const MODES: &'static [[Mode; 3]] = &[$([Mode::$ma, Mode::$mb, Mode::$mc],)*];
            /// The metamethod an opcode may invoke, indexed by opcode.
            pub const MMS: &'static [Option<MM>] = &[$(bc_mm!($mm),)*];
        }
    };
}

macro_rules! bc_mm {
    (None) => {
        None
    };
    (Gc) => {
        None
    };
    ($mm:ident) => {
        Some(MM::$mm)
    };
}

bcdef!(gen_op_enum);

/// Number of opcodes.
pub const NUM_OPS: usize = Op::ALL.len();

// Orderings the interpreters, the parser and (later) the JIT rely on.
const _: () = {
    assert!(Op::ISLT as u8 ^ 1 == Op::ISGE as u8);
    assert!(Op::ISLE as u8 ^ 1 == Op::ISGT as u8);
    assert!(Op::ISEQV as u8 ^ 1 == Op::ISNEV as u8);
    assert!(Op::ISEQS as u8 ^ 1 == Op::ISNES as u8);
    assert!(Op::ISEQN as u8 ^ 1 == Op::ISNEN as u8);
    assert!(Op::ISEQP as u8 ^ 1 == Op::ISNEP as u8);
    assert!(Op::ISTC as u8 ^ 1 == Op::ISFC as u8);
    assert!(Op::IST as u8 ^ 1 == Op::ISF as u8);
    assert!(Op::ISTC as u8 + 2 == Op::IST as u8);
    assert!(Op::ADDVN as u8 + 5 == Op::ADDNV as u8);
    assert!(Op::ADDVN as u8 + 10 == Op::ADDVV as u8);
    assert!(Op::MODVN as u8 + 10 == Op::MODVV as u8);
    assert!(Op::TGETV as u8 + 4 == Op::TSETV as u8);
    assert!(Op::TGETS as u8 + 4 == Op::TSETS as u8);
    assert!(Op::TGETB as u8 + 4 == Op::TSETB as u8);
    assert!(Op::CALLM as u8 + 1 == Op::CALL as u8);
    assert!(Op::CALLMT as u8 + 1 == Op::CALLT as u8);
    assert!(Op::RETM as u8 + 1 == Op::RET as u8);
    assert!(Op::FORI as u8 + 1 == Op::JFORI as u8);
    assert!(Op::FORL as u8 + 1 == Op::IFORL as u8);
    assert!(Op::FORL as u8 + 2 == Op::JFORL as u8);
    assert!(Op::ITERL as u8 + 1 == Op::IITERL as u8);
    assert!(Op::ITERL as u8 + 2 == Op::JITERL as u8);
    assert!(Op::LOOP as u8 + 1 == Op::ILOOP as u8);
    assert!(Op::LOOP as u8 + 2 == Op::JLOOP as u8);
    assert!(Op::FUNCF as u8 + 1 == Op::IFUNCF as u8);
    assert!(Op::FUNCF as u8 + 2 == Op::JFUNCF as u8);
    assert!(Op::FUNCV as u8 + 1 == Op::IFUNCV as u8);
    assert!(Op::FUNCV as u8 + 2 == Op::JFUNCV as u8);
    assert!(Op::FUNCF as u8 + 3 == Op::FUNCV as u8);
};

/// One instruction.
pub type Ins = u32;

/// Bias of jump offsets in the D operand.
pub const BCBIAS_J: i32 = 0x8000;
/// Stored in B/C of CALL-type ops: "multiple" is encoded as 0.
pub const NO_REG: u32 = 0xff;

impl Op {
    #[inline(always)]
    pub fn from_u8(b: u8) -> Option<Op> {
        Op::ALL.get(b as usize).copied()
    }
    #[inline(always)]
    pub fn name(self) -> &'static str {
        Op::NAMES[self as usize]
    }
    #[inline(always)]
    pub fn modes(self) -> [Mode; 3] {
        Op::MODES[self as usize]
    }
    /// Does the instruction use the `A B C` form (rather than `A D`)?
    #[inline(always)]
    pub fn has_b(self) -> bool {
        self.modes()[1] != Mode::None
    }
}

#[inline(always)]
pub const fn bc_op(i: Ins) -> u8 {
    (i & 0xff) as u8
}
#[inline(always)]
pub const fn bc_a(i: Ins) -> u32 {
    (i >> 8) & 0xff
}
#[inline(always)]
pub const fn bc_b(i: Ins) -> u32 {
    i >> 24
}
#[inline(always)]
pub const fn bc_c(i: Ins) -> u32 {
    (i >> 16) & 0xff
}
#[inline(always)]
pub const fn bc_d(i: Ins) -> u32 {
    i >> 16
}
/// Signed jump offset of a jump-mode D operand, relative to the next instruction.
#[inline(always)]
pub const fn bc_j(i: Ins) -> i32 {
    (i >> 16) as i32 - BCBIAS_J
}
#[inline(always)]
pub const fn ins_abc(op: Op, a: u32, b: u32, c: u32) -> Ins {
    op as u32 | (a << 8) | (b << 24) | (c << 16)
}
#[inline(always)]
pub const fn ins_ad(op: Op, a: u32, d: u32) -> Ins {
    op as u32 | (a << 8) | (d << 16)
}
#[inline(always)]
pub fn set_op(i: &mut Ins, op: Op) {
    *i = (*i & !0xff) | op as u32;
}
#[inline(always)]
pub fn set_a(i: &mut Ins, a: u32) {
    *i = (*i & !0xff00) | (a << 8);
}
#[inline(always)]
pub fn set_d(i: &mut Ins, d: u32) {
    *i = (*i & 0xffff) | (d << 16);
}
#[inline(always)]
pub fn set_b(i: &mut Ins, b: u32) {
    *i = (*i & 0x00ff_ffff) | (b << 24);
}
#[inline(always)]
pub fn set_c(i: &mut Ins, c: u32) {
    *i = (*i & 0xff00_ffff) | (c << 16);
}

/// Type codes used by `ISTYPE`/`ISNUM` and `KPRI`/`ISEQP` operands: nil, false, true.
pub const PRI_NIL: u32 = 0;
pub const PRI_FALSE: u32 = 1;
pub const PRI_TRUE: u32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        assert_eq!(Op::NAMES.len(), Op::ALL.len());
        assert_eq!(Op::MODES.len(), Op::ALL.len());
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert!(op.name().len() <= 6, "{} too long for listings", op.name());
        }
        assert_eq!(Op::from_u8(Op::JMP as u8), Some(Op::JMP));
        assert_eq!(Op::from_u8(NUM_OPS as u8), None);
    }

    #[test]
    fn encoding_roundtrips() {
        let i = ins_abc(Op::CALL, 3, 2, 1);
        assert_eq!(bc_op(i), Op::CALL as u8);
        assert_eq!((bc_a(i), bc_b(i), bc_c(i)), (3, 2, 1));
        let j = ins_ad(Op::JMP, 0, (BCBIAS_J - 3) as u32);
        assert_eq!(bc_j(j), -3);
        let mut k = ins_ad(Op::KSHORT, 1, 0xffff);
        set_a(&mut k, 7);
        set_d(&mut k, 5);
        assert_eq!((bc_a(k), bc_d(k)), (7, 5));
    }
}
