//! The record types: what each event carries. Serialised with serde and bincode 2;
//! variants are only ever appended, so older readers stop cleanly at unknown ones.

use serde::{Deserialize, Serialize};

/// One logged event: when (monotonic nanoseconds since the VM started) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub clock_ns: u64,
    pub record: Record,
}

/// The VM's definition tables, written first so the log describes itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// VM name and version, e.g. "strix 0.1.0".
    pub vm: String,
    /// Identifies the VM build (version and a hash of its definition tables).
    pub build_id: String,
    /// Operand mode names, indexed by the mode numbers in `bytecodes`.
    pub operand_modes: Vec<String>,
    /// Every bytecode, indexed by opcode.
    pub bytecodes: Vec<OpDef>,
    /// VM state names, indexed by `!vmstate` (the complement of a negative state word).
    pub vmstates: Vec<String>,
    /// Names of the record kinds, indexed by variant.
    pub event_kinds: Vec<String>,
}

/// A bytecode: name and the operand modes of A, B and C (or D).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpDef {
    pub name: String,
    pub modes: [u8; 3],
}

/// An event's contents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    Header(Header),
    /// The VM started: its version, command line, process and wall clock.
    VmStart {
        version: String,
        args: Vec<Vec<u8>>,
        pid: u32,
        unix_time_ns: u64,
    },
    /// A chunk of source text was handed to the parser.
    Lex {
        chunkname: Vec<u8>,
        source: Vec<u8>,
    },
    /// A function prototype was created (by the parser or a bytecode load).
    NewProto {
        id: u64,
        parent: Option<u64>,
        chunkname: Vec<u8>,
        firstline: u32,
        numline: u32,
        numparams: u8,
        framesize: u8,
        flags: u8,
        /// Instructions, `bytecode[0]` being the function header.
        bytecode: Vec<u32>,
        /// Source line of each instruction (empty when stripped).
        lineinfo: Vec<u32>,
        knum: Vec<f64>,
        kgc: Vec<Constant>,
        uv: Vec<u16>,
        uvnames: Vec<Vec<u8>>,
        varnames: Vec<VarName>,
    },
    /// An error reached the top level uncaught.
    UncaughtError {
        message: Vec<u8>,
        traceback: Vec<u8>,
    },
    /// The VM is exiting with this status.
    VmExit {
        status: i32,
    },
    /// A fatal signal: written from the signal handler before the process dies.
    Crash {
        signal: i32,
        fault_addr: u64,
        ip: u64,
        vmstate: i32,
    },
    /// The size limit was reached: nothing more is logged.
    LimitReached {
        limit: u64,
    },
}

impl Record {
    /// Names of the variants, in order (the header's `event_kinds`).
    pub const KINDS: &'static [&'static str] = &[
        "header",
        "vm_start",
        "lex",
        "new_proto",
        "uncaught_error",
        "vm_exit",
        "crash",
        "limit_reached",
    ];

    /// This record's kind name.
    pub fn kind(&self) -> &'static str {
        Self::KINDS[match self {
            Record::Header(_) => 0,
            Record::VmStart { .. } => 1,
            Record::Lex { .. } => 2,
            Record::NewProto { .. } => 3,
            Record::UncaughtError { .. } => 4,
            Record::VmExit { .. } => 5,
            Record::Crash { .. } => 6,
            Record::LimitReached { .. } => 7,
        }]
    }
}

/// A GC constant of a prototype (operand D of `KSTR`, `FNEW`, `TDUP`, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Constant {
    Str(Vec<u8>),
    /// A child prototype, by its id.
    Child(u64),
    Table {
        array: Vec<TableValue>,
        hash: Vec<(TableValue, TableValue)>,
    },
}

/// A value inside a constant table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TableValue {
    Nil,
    False,
    True,
    Num(f64),
    Str(Vec<u8>),
}

/// A local variable's name and the instructions where it is live.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VarName {
    pub name: Vec<u8>,
    pub startpc: u32,
    pub endpc: u32,
}
