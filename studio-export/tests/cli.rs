//! studio-export on real and damaged inputs: reports, warnings naming file and
//! offset, and the exit status saying whether anything was lost.

use std::process::Command;

fn export(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_studio-export"))
        .args(args)
        .output()
        .expect("studio-export runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A small log written with the auditlog crate's own writer.
fn sample_log() -> Vec<u8> {
    use strix_auditlog::{Event, Record, Writer};
    let mut w = Writer::new(1 << 20);
    let recs = [
        Record::VmStart {
            version: "strix test".into(),
            args: vec![b"strix".to_vec()],
            pid: 7,
            unix_time_ns: 0,
        },
        Record::Lex {
            chunkname: b"=t".to_vec(),
            source: b"error('x')".to_vec(),
        },
        Record::UncaughtError {
            message: b"t:1: x".to_vec(),
            traceback: b"stack traceback:".to_vec(),
        },
        Record::VmExit { status: 1 },
    ];
    for (i, r) in recs.into_iter().enumerate() {
        w.record(&Event {
            clock_ns: i as u64 * 1000,
            record: r,
        });
    }
    w.pending().to_vec()
}

#[test]
fn summarises_a_log_and_stops_at_damage() {
    let dir = std::env::temp_dir().join(format!("studio-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("good.alog");
    std::fs::write(&good, sample_log()).expect("written");
    let (code, out, _) = export(&["summary".as_ref(), good.as_os_str()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("uncaught error: t:1: x") && out.contains("exit status: 1"),
        "{out}"
    );

    // Bytes flipped in the middle: decoded up to there, a warning with the offset, status 3.
    let mut bytes = sample_log();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    let bad = dir.join("bad.alog");
    std::fs::write(&bad, &bytes).expect("written");
    let (code, out, err) = export(&["events".as_ref(), bad.as_os_str()]);
    assert_eq!(code, 3);
    assert!(
        err.contains("bad.alog") && err.contains("decoded up to offset"),
        "{err}"
    );
    assert!(out.contains("vm_start"));

    // Garbage appended is damage too; a directory is searched by content.
    let mut tail = sample_log();
    tail.extend_from_slice(b"garbage");
    std::fs::write(dir.join("tail.alog"), &tail).expect("written");
    std::fs::write(dir.join("notes.txt"), b"not a log").expect("written");
    let (code, out, _) = export(&["json".as_ref(), dir.as_os_str()]);
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["auditlogs"].as_array().map(|a| a.len()), Some(3));

    // A file that is neither, named explicitly, is an error; so is a missing one.
    let (code, _, err) = export(&["summary".as_ref(), dir.join("notes.txt").as_os_str()]);
    assert_eq!(code, 1);
    assert!(err.contains("neither an auditlog nor a vmprofile"));
    let (code, _, _) = export(&["summary".as_ref(), dir.join("missing").as_os_str()]);
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn random_damage_never_panics() {
    let good = sample_log();
    let dir = std::env::temp_dir().join(format!("studio-export-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..40 {
        let mut b = good.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = 12 + (seed as usize) % (b.len() - 12);
            b[at] = (seed >> 32) as u8;
        }
        let f = dir.join(format!("m{i}.alog"));
        std::fs::write(&f, &b).expect("written");
        let (code, _, _) = export(&["json".as_ref(), f.as_os_str()]);
        assert!(code == 0 || code == 3, "exit {code}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
