//! The generated interpreter as a process sees it: its code is never writable and
//! executable at once, the VM state word tells interpreter time from native-function
//! and GC time, and both interpreters are selectable and agree.

use std::process::Command;
use strix_vmprofile::read_profile;

fn strix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_strix"))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = strix().args(args).output().expect("strix runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The process's own mappings, read from Lua once the interpreter has run code.
const MAPS: &str = "local f = assert(io.open('/proc/self/maps')) io.write(f:read('*a')) f:close()";

#[test]
fn generated_code_is_never_writable_and_executable() {
    let (ok, maps, err) = run(&["--interp=asm", "-e", MAPS]);
    assert!(ok, "{err}");
    let mut anon_exec = 0;
    for line in maps.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let perms = f[1];
        assert!(
            !(perms.contains('w') && perms.contains('x')),
            "writable and executable mapping: {line}"
        );
        // An anonymous executable mapping: the generated interpreter.
        if perms.starts_with("r-x") && f.len() == 5 && f[4] == "0" {
            anon_exec += 1;
        }
    }
    assert!(anon_exec >= 1, "no generated code mapped:\n{maps}");
}

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("strix-interp-{}-{name}", std::process::id()))
}

/// The share of samples in `state` while `code` runs under the generated interpreter.
fn state_share(code: &str, state: &str) -> f64 {
    let path = tmp(&format!("{state}.prof"));
    let (ok, _, err) = run(&["--interp=asm", "-p", path.to_str().unwrap(), "-e", code]);
    assert!(ok, "{err}");
    let d = read_profile(&std::fs::read(&path).expect("profile written")).expect("valid");
    let _ = std::fs::remove_file(&path);
    let i = d.states.iter().position(|s| s == state).expect("state");
    d.state_totals()[i] as f64 / d.total().max(1) as f64
}

#[test]
fn vmstate_follows_interpreter_native_and_gc_time() {
    // Bytecode, fast functions and table accesses run in machine code: interpreter time.
    let interp = state_share(
        "local t, s = {}, 0 for i = 1, 3e7 do t[i % 64] = i s = s + math.abs(-i) + bit.band(i, 7) end",
        "INTERP",
    );
    assert!(interp > 0.85, "INTERP share {interp}");
    // A native function doing the work: C time.
    let c = state_share(
        "local s = string.rep('abc', 1000) for i = 1, 3e4 do local _ = s:upper() end",
        "C",
    );
    assert!(c > 0.5, "C share {c}");
    // Allocation-heavy code spends a visible share in the collector.
    let gc = state_share(
        "for i = 1, 4e6 do local t = {i, i} end collectgarbage()",
        "GC",
    );
    assert!(gc > 0.02, "GC share {gc}");
}

#[test]
fn both_interpreters_are_selectable_and_agree() {
    let prog = "local t = setmetatable({}, {__index = function(_, k) return k * 2 end})
        local s = 0
        for i = 1, 100 do s = s + t[i] + select('#', i, i) end
        print(s, pcall(error, {}), coroutine.wrap(function(a) return a + coroutine.yield(a) end)(1))";
    let (ok_a, out_a, _) = run(&["--interp=asm", "-e", prog]);
    let (ok_r, out_r, _) = run(&["--interp=ref", "-e", prog]);
    assert!(ok_a && ok_r);
    assert_eq!(out_a, out_r);
    assert_eq!(out_a, "10300\tfalse\t1\n");
}

#[test]
fn perf_map_names_handlers_and_fast_functions() {
    let child = strix()
        .env("STRIX_PERF_MAP", "1")
        .args(["-e", ""])
        .spawn()
        .expect("strix runs");
    let pid = child.id();
    assert!(child.wait_with_output().expect("ends").status.success());
    let path = format!("/tmp/perf-{pid}.map");
    let map = std::fs::read_to_string(&path).expect("map written");
    let _ = std::fs::remove_file(&path);
    let mut names = Vec::new();
    for line in map.lines() {
        // "start size name", hexadecimal, each symbol non-empty.
        let mut f = line.splitn(3, ' ');
        let (start, size, name) = (f.next(), f.next(), f.next());
        assert!(
            start.is_some_and(|s| u64::from_str_radix(s, 16).is_ok()),
            "{line}"
        );
        assert!(
            size.is_some_and(|s| u64::from_str_radix(s, 16).is_ok_and(|n| n > 0)),
            "{line}"
        );
        names.push(name.unwrap_or_default().to_string());
    }
    for want in [
        "strix:vm_entry",
        "strix:vm_call",
        "strix:BC_ADDVV",
        "strix:BC_RET1",
        "strix:ff_BitBand",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from the map"
        );
    }
}
