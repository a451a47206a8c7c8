//! strix-vm: the strix Lua VM — front end, object model, GC, interpreters and libraries.

pub mod bc;
pub mod debug;
pub mod lex;
pub mod meta;
pub mod parse;
pub mod proto;
pub mod strscan;
