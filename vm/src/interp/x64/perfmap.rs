//! Symbols for the generated interpreter in perf's map format (`/tmp/perf-PID.map`),
//! so that `perf report` names the handler or fast function a sample fell in. Written
//! when the environment variable `STRIX_PERF_MAP` is set.

use std::io::Write;

/// Whether a map was asked for.
pub fn wanted() -> bool {
    std::env::var_os("STRIX_PERF_MAP").is_some()
}

/// Write `symbols` (start address, name; any order, duplicates dropped), each running
/// to the next one's start, the last to `end`.
pub fn write(mut symbols: Vec<(usize, String)>, end: usize) {
    symbols.sort();
    symbols.dedup_by_key(|s| s.0);
    let mut out = String::new();
    for (i, (start, name)) in symbols.iter().enumerate() {
        let next = symbols.get(i + 1).map_or(end, |s| s.0);
        out.push_str(&format!("{start:x} {:x} strix:{name}\n", next - start));
    }
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(out.as_bytes()));
    if let Err(e) = written {
        eprintln!("strix: cannot write {path}: {e}");
    }
}
