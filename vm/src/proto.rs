//! Compiled prototypes as plain data: the parser's output, the loader's input.
//!
//! Keeping the compiler's result free of GC objects lets the front end run (and be
//! fuzzed and listed with `-bl`) without a VM, and gives `string.dump` one thing to
//! serialise. `func::load_proto` turns a `ProtoData` tree into GC prototypes.

use crate::bc::Ins;

/// Prototype flags (LuaJIT's `PROTO_*` values).
pub const PROTO_CHILD: u8 = 0x01; // Has child prototypes.
pub const PROTO_VARARG: u8 = 0x02; // Vararg function.
pub const PROTO_FFI: u8 = 0x04; // Uses BC_KCDATA for FFI datatypes.
pub const PROTO_NOJIT: u8 = 0x08; // JIT disabled for this function.
pub const PROTO_ILOOP: u8 = 0x10; // Patched bytecode with ILOOP etc.

/// Upvalue descriptor flags: the upvalue refers to a local slot of the parent
/// (else to one of the parent's upvalues), and that local is never reassigned.
pub const UV_LOCAL: u16 = 0x8000;
pub const UV_IMMUTABLE: u16 = 0x4000;

/// A primitive or number or string constant inside a table template.
#[derive(Clone, Debug, PartialEq)]
pub enum KValue {
    Nil,
    False,
    True,
    Num(f64),
    Str(Vec<u8>),
}

/// A constant table built by `TDUP`: array part (index 0 included) and hash part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KTable {
    pub array: Vec<KValue>,
    pub hash: Vec<(KValue, KValue)>,
}

/// A GC constant. The bytecode operand `D` of `KSTR`, `FNEW`, `TDUP`, `GGET`, `TGETS`...
/// indexes `ProtoData::kgc` directly (LuaJIT stores them at negative offsets; the
/// loader does that too).
#[derive(Clone, Debug, PartialEq)]
pub enum KGc {
    Str(Vec<u8>),
    Proto(Box<ProtoData>),
    Table(KTable),
}

/// A local variable's name and the bytecode range where it is live.
#[derive(Clone, Debug, PartialEq)]
pub struct VarInfo {
    pub name: Vec<u8>,
    /// First instruction (index into `bc`) where the variable is live.
    pub startpc: u32,
    /// First instruction where it is dead again.
    pub endpc: u32,
}

/// One compiled function.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProtoData {
    /// Chunk name as given to the loader: `@file`, `=name` or the source string.
    pub chunkname: Vec<u8>,
    /// Line of `function`, 0 for the main chunk.
    pub firstline: u32,
    /// Number of lines spanned (lastlinedefined = firstline + numline).
    pub numline: u32,
    pub numparams: u8,
    /// Number of stack slots the function needs (registers).
    pub framesize: u8,
    pub flags: u8,
    /// Instructions. `bc[0]` is the function header (`FUNCF`/`FUNCV`).
    pub bc: Vec<Ins>,
    /// Source line of each instruction (same length as `bc`).
    pub lineinfo: Vec<u32>,
    pub kgc: Vec<KGc>,
    /// Number constants. `TSETM`'s operand is one too: `2^52 + first index`, so its
    /// low 32 bits hold the index (as LuaJIT encodes it).
    pub knum: Vec<f64>,
    /// Upvalue descriptors: `UV_LOCAL | UV_IMMUTABLE | slot`, or the parent's upvalue index.
    pub uv: Vec<u16>,
    pub uvnames: Vec<Vec<u8>>,
    pub varinfo: Vec<VarInfo>,
}

impl ProtoData {
    pub fn is_vararg(&self) -> bool {
        self.flags & PROTO_VARARG != 0
    }
    /// Last line of the function (`lastlinedefined`).
    pub fn lastline(&self) -> u32 {
        self.firstline + self.numline
    }
}
