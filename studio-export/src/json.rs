//! JSON export (schema: docs/studio-export-json.md): raw Lua strings become JSON
//! strings (invalid UTF-8 replaced), everything else keeps its structure.

use crate::inputs::Loaded;
use crate::report::text;
use serde_json::{json, Value};
use strix_auditlog::{Constant, Record, TableValue};

pub fn export(l: &Loaded) -> String {
    let logs: Vec<Value> = l
        .logs
        .iter()
        .map(|(path, log)| {
            json!({
                "file": path.display().to_string(),
                "header": log.header.as_ref().map(|h| json!({
                    "vm": h.vm,
                    "build_id": h.build_id,
                    "operand_modes": h.operand_modes,
                    "bytecodes": h.bytecodes.iter().map(|d| json!({"name": d.name, "modes": d.modes})).collect::<Vec<_>>(),
                    "vmstates": h.vmstates,
                    "event_kinds": h.event_kinds,
                })),
                "events": log.events.iter().map(|e| {
                    let mut v = record(&e.record);
                    v["clock_ns"] = json!(e.clock_ns);
                    v["kind"] = json!(e.record.kind());
                    v
                }).collect::<Vec<_>>(),
                "damage": log.damage.as_ref().map(|d| json!({"offset": d.offset, "reason": d.reason})),
            })
        })
        .collect();
    let profiles: Vec<Value> = l
        .profiles
        .iter()
        .map(|(path, p)| {
            json!({
                "file": path.display().to_string(),
                "interval_us": p.interval_us,
                "states": p.states,
                "state_totals": p.state_totals(),
                "hw_cycles": p.hw_cycles,
                "hw_instructions": p.hw_instructions,
                // Only buckets with samples: [bucket, [count per state]].
                "buckets": p.counts.iter().enumerate()
                    .filter(|(_, c)| c.iter().any(|&n| n > 0))
                    .map(|(i, c)| json!([i, c]))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "format": "strix-studio-export/1",
        "auditlogs": logs,
        "profiles": profiles,
        "warnings": l.warnings,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn tv(v: &TableValue) -> Value {
    match v {
        TableValue::Nil => Value::Null,
        TableValue::False => json!(false),
        TableValue::True => json!(true),
        TableValue::Num(n) => json!(n),
        TableValue::Str(s) => json!(text(s)),
    }
}

fn record(r: &Record) -> Value {
    match r {
        Record::Header(_) => json!({}),
        Record::VmStart {
            version,
            args,
            pid,
            unix_time_ns,
        } => json!({
            "version": version,
            "args": args.iter().map(|a| text(a)).collect::<Vec<_>>(),
            "pid": pid,
            "unix_time_ns": unix_time_ns,
        }),
        Record::Lex { chunkname, source } => {
            json!({"chunkname": text(chunkname), "source": text(source)})
        }
        Record::NewProto {
            id,
            parent,
            chunkname,
            firstline,
            numline,
            numparams,
            framesize,
            flags,
            bytecode,
            lineinfo,
            knum,
            kgc,
            uv,
            uvnames,
            varnames,
        } => json!({
            "id": id,
            "parent": parent,
            "chunkname": text(chunkname),
            "firstline": firstline,
            "numline": numline,
            "numparams": numparams,
            "framesize": framesize,
            "flags": flags,
            "bytecode": bytecode,
            "lineinfo": lineinfo,
            "knum": knum,
            "kgc": kgc.iter().map(|k| match k {
                Constant::Str(s) => json!({"str": text(s)}),
                Constant::Child(id) => json!({"child": id}),
                Constant::Table { array, hash } => json!({
                    "table": {
                        "array": array.iter().map(tv).collect::<Vec<_>>(),
                        "hash": hash.iter().map(|(k, v)| json!([tv(k), tv(v)])).collect::<Vec<_>>(),
                    }
                }),
            }).collect::<Vec<_>>(),
            "uv": uv,
            "uvnames": uvnames.iter().map(|n| text(n)).collect::<Vec<_>>(),
            "varnames": varnames.iter().map(|v| json!({"name": text(&v.name), "startpc": v.startpc, "endpc": v.endpc})).collect::<Vec<_>>(),
        }),
        Record::UncaughtError { message, traceback } => {
            json!({"message": text(message), "traceback": text(traceback)})
        }
        Record::VmExit { status } => json!({"status": status}),
        Record::Crash {
            signal,
            fault_addr,
            ip,
            vmstate,
        } => json!({
            "signal": signal, "fault_addr": fault_addr, "ip": ip, "vmstate": vmstate,
        }),
        Record::LimitReached { limit } => json!({"limit": limit}),
    }
}
