//! Text reports: the summary and the time-ordered event list.

use crate::inputs::Loaded;
use std::fmt::Write;
use strix_auditlog::{Header, Record};

/// Bytes as text (logs hold raw Lua strings).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A VM state word as its name, from the log's own table.
pub fn state_name(header: Option<&Header>, word: i32) -> String {
    if word >= 0 {
        return format!("trace {word}");
    }
    header
        .and_then(|h| h.vmstates.get((!word) as usize))
        .cloned()
        .unwrap_or_else(|| format!("state {word}"))
}

pub fn summary(l: &Loaded) -> String {
    let mut o = String::new();
    for (path, log) in &l.logs {
        let _ = writeln!(o, "auditlog {}", path.display());
        if let Some(h) = &log.header {
            let _ = writeln!(o, "  vm: {} (build {})", h.vm, h.build_id);
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for e in &log.events {
            let k = e.record.kind();
            match counts.iter_mut().find(|(n, _)| *n == k) {
                Some(c) => c.1 += 1,
                None => counts.push((k, 1)),
            }
        }
        let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(o, "  events: {} ({})", log.events.len(), list.join(", "));
        for e in &log.events {
            match &e.record {
                Record::VmStart {
                    version, args, pid, ..
                } => {
                    let a: Vec<String> = args.iter().map(|x| text(x)).collect();
                    let _ = writeln!(
                        o,
                        "  started: {version}, pid {pid}, command line: {}",
                        a.join(" ")
                    );
                }
                Record::UncaughtError { message, .. } => {
                    let _ = writeln!(o, "  uncaught error: {}", text(message));
                }
                Record::Crash {
                    signal,
                    fault_addr,
                    ip,
                    vmstate,
                } => {
                    let _ = writeln!(
                        o,
                        "  CRASH: signal {signal} at address {fault_addr:#x}, ip {ip:#x}, in {}",
                        state_name(log.header.as_ref(), *vmstate)
                    );
                }
                Record::VmExit { status } => {
                    let _ = writeln!(
                        o,
                        "  exit status: {status} after {:.3} s",
                        e.clock_ns as f64 / 1e9
                    );
                }
                Record::LimitReached { limit } => {
                    let _ = writeln!(
                        o,
                        "  size limit of {limit} bytes reached: later events were not logged"
                    );
                }
                _ => {}
            }
        }
        if let Some(d) = &log.damage {
            let _ = writeln!(o, "  DAMAGED at offset {}: {}", d.offset, d.reason);
        }
    }
    for (path, p) in &l.profiles {
        let total = p.total();
        let _ = writeln!(
            o,
            "profile {}: {} samples every {} us ({:.3} s)",
            path.display(),
            total,
            p.interval_us,
            total as f64 * p.interval_us as f64 / 1e6
        );
        let totals = p.state_totals();
        let mut order: Vec<usize> = (0..totals.len()).collect();
        order.sort_by(|&a, &b| totals[b].cmp(&totals[a]));
        for i in order {
            if totals[i] > 0 {
                let pct = 100.0 * totals[i] as f64 / total.max(1) as f64;
                let _ = writeln!(o, "  {:<8} {:>6.2}%  {:>10}", p.states[i], pct, totals[i]);
            }
        }
        let traced: u64 = p.counts.iter().skip(1).flatten().sum();
        if traced > 0 {
            let _ = writeln!(o, "  in traces: {traced} samples");
        } else {
            let _ = writeln!(
                o,
                "  in traces: none (no trace ran; samples are not attributed to prototypes)"
            );
        }
        match (p.hw_cycles, p.hw_instructions) {
            (Some(c), Some(i)) if c > 0 => {
                let _ = writeln!(
                    o,
                    "  hardware: {c} cycles, {i} instructions (IPC {:.2})",
                    i as f64 / c as f64
                );
            }
            _ => {
                let _ = writeln!(
                    o,
                    "  hardware: counters unavailable on the profiled machine"
                );
            }
        }
    }
    if l.logs.is_empty() && l.profiles.is_empty() {
        o.push_str("no auditlogs or profiles in the inputs\n");
    }
    o
}

pub fn events(l: &Loaded) -> String {
    let mut o = String::new();
    for (path, log) in &l.logs {
        let _ = writeln!(o, "== {}", path.display());
        for e in &log.events {
            let _ = write!(
                o,
                "[{:>12.6}] {:<15}",
                e.clock_ns as f64 / 1e9,
                e.record.kind()
            );
            let _ = match &e.record {
                Record::VmStart { version, pid, .. } => writeln!(o, "{version} pid {pid}"),
                Record::Lex { chunkname, source } => {
                    writeln!(o, "{} ({} bytes)", text(chunkname), source.len())
                }
                Record::NewProto {
                    chunkname,
                    firstline,
                    numline,
                    bytecode,
                    ..
                } => writeln!(
                    o,
                    "{}:{}-{} ({} instructions)",
                    text(chunkname),
                    firstline,
                    firstline + numline,
                    bytecode.len()
                ),
                Record::UncaughtError { message, .. } => writeln!(o, "{}", text(message)),
                Record::VmExit { status } => writeln!(o, "status {status}"),
                Record::Crash {
                    signal,
                    ip,
                    vmstate,
                    ..
                } => writeln!(
                    o,
                    "signal {signal} ip {ip:#x} in {}",
                    state_name(log.header.as_ref(), *vmstate)
                ),
                Record::LimitReached { limit } => writeln!(o, "limit {limit} bytes"),
                Record::Header(_) => writeln!(o),
            };
        }
        if let Some(d) = &log.damage {
            let _ = writeln!(o, "-- log damaged at offset {}: {}", d.offset, d.reason);
        }
    }
    o
}
