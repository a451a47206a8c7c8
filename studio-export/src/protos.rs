//! Prototype listings: each function's bytecode, decoded with the log's own opcode
//! table, beside the source lines it came from (from the lex records).

use crate::inputs::Loaded;
use crate::report::text;
use std::collections::HashMap;
use std::fmt::Write;
use strix_auditlog::{Constant, Header, Record};

pub fn listing(l: &Loaded) -> String {
    let mut o = String::new();
    for (path, log) in &l.logs {
        let _ = writeln!(o, "== {}", path.display());
        let mut sources: HashMap<&[u8], Vec<&[u8]>> = HashMap::new();
        for e in &log.events {
            if let Record::Lex { chunkname, source } = &e.record {
                sources.insert(chunkname, source.split(|&c| c == b'\n').collect());
            }
        }
        for e in &log.events {
            if let Record::NewProto {
                id,
                chunkname,
                firstline,
                numline,
                bytecode,
                lineinfo,
                kgc,
                knum,
                ..
            } = &e.record
            {
                let _ = writeln!(
                    o,
                    "-- proto {id:#x} {}:{}-{}",
                    text(chunkname),
                    firstline,
                    firstline + numline
                );
                let lines = sources.get(chunkname.as_slice());
                let mut last_line = None;
                for (pc, &ins) in bytecode.iter().enumerate() {
                    let line = lineinfo.get(pc).copied();
                    if line != last_line {
                        if let (Some(n), Some(src)) = (line, lines) {
                            if let Some(s) = src.get((n as usize).wrapping_sub(1)) {
                                let _ = writeln!(o, "{n:>6} | {}", text(s).trim_end());
                            }
                        }
                        last_line = line;
                    }
                    let _ = writeln!(
                        o,
                        "  {pc:04} {}",
                        ins_text(log.header.as_ref(), ins, pc, kgc, knum)
                    );
                }
            }
        }
    }
    o
}

/// One instruction, as the log's definition tables describe it.
fn ins_text(h: Option<&Header>, ins: u32, pc: usize, kgc: &[Constant], knum: &[f64]) -> String {
    let op = (ins & 0xff) as usize;
    let Some(def) = h.and_then(|h| h.bytecodes.get(op)) else {
        return format!("op{op} {:#010x}", ins);
    };
    let mode = |m: u8| {
        h.and_then(|h| h.operand_modes.get(m as usize))
            .map_or("", |s| s.as_str())
    };
    let (a, b, c, d) = ((ins >> 8) & 0xff, ins >> 24, (ins >> 16) & 0xff, ins >> 16);
    let mut s = format!("{:<6} {a:>3}", def.name);
    let has_b = mode(def.modes[1]) != "___";
    let jump = mode(def.modes[2]) == "jump";
    if has_b {
        let _ = write!(s, " {b:>4} {c:>4}");
    } else if mode(def.modes[2]) != "___" && !jump {
        let _ = write!(s, " {d:>4}");
    }
    let last = if has_b { c } else { d };
    match mode(def.modes[2]) {
        "jump" => {
            let _ = write!(s, " => {:04}", pc as i64 + 1 + last as i64 - 0x8000);
        }
        "str" => {
            if let Some(Constant::Str(k)) = kgc.get(last as usize) {
                let _ = write!(s, "  ; {:?}", text(k));
            }
        }
        "num" => {
            if let Some(n) = knum.get(last as usize) {
                let _ = write!(s, "  ; {n}");
            }
        }
        _ => {}
    }
    s
}
