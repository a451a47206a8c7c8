//! strix-vm: the strix Lua VM — front end, object model, GC, interpreters and libraries.

// Functions taking GC object pointers (`*mut GcTab`, ...) are safe to call: every such
// pointer handed around names a live object, which the collector guarantees by only
// running at safe points where all live objects are reachable from the roots.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod audit;
pub mod bc;
pub mod debug;
pub mod func;
pub mod gc;
pub mod hook;
pub mod interp;
pub mod jit;
pub mod lex;
#[path = "lib/mod.rs"]
pub mod lib;
pub mod meta;
pub mod parse;
pub mod profile;
pub mod proto;
pub mod state;
pub mod str;
pub mod strfmt;
pub mod strscan;
pub mod tab;
pub mod udata;
pub mod value;
