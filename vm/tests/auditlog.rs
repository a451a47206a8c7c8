//! The auditlog as the VM writes it: always on, buffered until a file is named,
//! complete up to the last record after `kill -9`, with a crash record after a fatal
//! signal.

use std::process::{Command, Stdio};
use strix_auditlog::{read_log, Record};

fn strix() -> Command {
    Command::new(env!("CARGO_BIN_EXE_strix"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("strix-auditlog-{}-{name}", std::process::id()))
}

#[test]
fn records_every_event_of_a_run() {
    let path = tmp("events.alog");
    let out = strix()
        .arg("-a")
        .arg(&path)
        .args([
            "-e",
            "local function f(x) return x * 2 end print(f(21)) error('boom')",
        ])
        .output()
        .expect("strix runs");
    assert_eq!(out.status.code(), Some(1));
    let log = read_log(&std::fs::read(&path).expect("log written")).expect("a log");
    assert!(log.damage.is_none());
    let h = log.header.expect("header first");
    assert!(h.bytecodes.iter().any(|d| d.name == "FORL"));
    assert!(h.vmstates.iter().any(|s| s == "INTERP"));
    let kinds: Vec<&str> = log.events.iter().map(|e| e.record.kind()).collect();
    assert_eq!(kinds.first(), Some(&"vm_start"));
    assert!(kinds.contains(&"lex"));
    assert_eq!(kinds.iter().filter(|k| **k == "new_proto").count(), 2);
    assert_eq!(kinds.last(), Some(&"vm_exit"));
    let err = log.events.iter().find_map(|e| match &e.record {
        Record::UncaughtError { message, traceback } => Some((message.clone(), traceback.clone())),
        _ => None,
    });
    let (message, traceback) = err.expect("uncaught error logged");
    assert_eq!(message, b"(command line):1: boom");
    assert!(traceback.starts_with(b"stack traceback:"));
    // The child prototype names its parent.
    let parents: Vec<Option<u64>> = log
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::NewProto { parent, .. } => Some(*parent),
            _ => None,
        })
        .collect();
    assert!(parents[0].is_none() && parents[1].is_some());
    let _ = std::fs::remove_file(&path);
}

#[test]
fn opening_late_keeps_earlier_records() {
    let path = tmp("late.alog");
    let script = format!(
        "local a = loadstring('return 1') assert(jit.auditlog({:?})) local b = loadstring('return 2')",
        path.to_string_lossy()
    );
    let st = strix().args(["-e", &script]).status().expect("strix runs");
    assert!(st.success());
    let log = read_log(&std::fs::read(&path).expect("log written")).expect("a log");
    let lexed: Vec<Vec<u8>> = log
        .events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Lex { source, .. } => Some(source.clone()),
            _ => None,
        })
        .collect();
    assert!(lexed.contains(&b"return 1".to_vec()) && lexed.contains(&b"return 2".to_vec()));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn unwritable_path_is_a_clear_error() {
    let out = strix()
        .args(["-a", "/nonexistent-dir/x.alog", "-e", "print(1)"])
        .output()
        .expect("strix runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot open auditlog") && err.contains("No such file or directory"),
        "{err}"
    );
}

/// A process that keeps creating prototypes, killed at some moment.
fn busy(path: &std::path::Path) -> std::process::Child {
    strix()
        .arg("-a")
        .arg(path)
        .args([
            "-e",
            "local i = 0 while true do i = i + 1 loadstring('return ' .. i) end",
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("strix runs")
}

#[test]
fn kill_9_leaves_a_log_complete_to_its_last_record() {
    for round in 0..8u64 {
        let path = tmp(&format!("kill{round}.alog"));
        let mut child = busy(&path);
        std::thread::sleep(std::time::Duration::from_millis(30 + round * 17));
        let _ = child.kill();
        let _ = child.wait();
        let log = read_log(&std::fs::read(&path).expect("log written")).expect("a log");
        // Each record is one write(2), complete before the VM goes on. Linux stops a
        // write that SIGKILL interrupts at a page boundary, so the frame in flight may
        // be cut short: it can only be the last, and every record before it decodes.
        if let Some(d) = &log.damage {
            assert!(
                d.reason.contains("file ends inside it"),
                "round {round}: {d:?}"
            );
        }
        assert!(log.events.len() > 2, "round {round}");
        let _ = std::fs::remove_file(&path);
    }
}

#[test]
fn fatal_signal_writes_a_crash_record() {
    let path = tmp("crash.alog");
    let mut child = busy(&path);
    std::thread::sleep(std::time::Duration::from_millis(100));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGSEGV) };
    let st = child.wait().expect("child ends");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(st.signal(), Some(libc::SIGSEGV));
    let log = read_log(&std::fs::read(&path).expect("log written")).expect("a log");
    // Last, even when kill(2) lands on another thread than the VM's: nothing is
    // logged after a crash record.
    let crash = log.events.last().and_then(|e| match &e.record {
        Record::Crash {
            signal, vmstate, ..
        } => Some((*signal, *vmstate)),
        _ => None,
    });
    let (signal, vmstate) = crash.expect("the crash record last");
    assert_eq!(signal, libc::SIGSEGV);
    assert!(vmstate < 0, "a VM state, not a trace");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_full_disk_stops_the_log_not_the_vm() {
    // A 4 KiB file size limit stands in for a full disk: the log gets what fits.
    let path = tmp("full.alog");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 4; exec {} -a {} -e \"for i = 1, 200 do loadstring('return ' .. i) end print('done')\"",
            env!("CARGO_BIN_EXE_strix"),
            path.display()
        ))
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"done\n");
    let bytes = std::fs::read(&path).expect("log written");
    assert!(bytes.len() <= 4096);
    let log = read_log(&bytes).expect("a log");
    assert!(log.header.is_some() && !log.events.is_empty());
    let _ = std::fs::remove_file(&path);
}
