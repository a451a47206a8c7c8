//! Differential comparison: one program run under two execution modes of the
//! same VM must print the same stdout and stderr and end the same way.
//!
//! Outputs are compared after [`normalize`], which masks only what differs
//! between two runs of one VM in one mode, and nothing else:
//! - hex addresses (`table: 0x...`, `[C]: at 0x...`): object and code
//!   addresses move with ASLR and allocation history;
//! - the benchmark harness's `@iter <seconds>` stderr lines: CPU time.
//!
//! `strix-test diff --mode ref --mode ref` compares a mode with itself: any
//! disagreement it reports is run-to-run noise that needs a new, documented
//! normalisation here (or a test that prints something it should not).

use crate::golden::{first_difference, mask_hex};
use crate::proc::{Exit, Output};

/// Makes one stream of a run comparable with another run's.
pub fn normalize(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let is_iter = body
            .strip_prefix("@iter ")
            .is_some_and(|t| !t.is_empty() && t.parse::<f64>().is_ok());
        if is_iter {
            out.push_str("@iter ?");
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    mask_hex(&out)
}

/// Did the run end the way a Lua program may end: an exit status of 0 or 1
/// (an uncaught Lua error or `os.exit(false)`)? Anything else (a signal, a
/// panic's 101, a timeout) is a crash whatever the other run did.
pub fn is_clean_exit(exit: &Exit) -> bool {
    matches!(exit, Exit::Code(0 | 1))
}

/// Describes how run `b` (mode `b_name`) differs from the baseline run `a`
/// (mode `a_name`), or `None` if they agree. A run that did not end with a
/// status code cannot be compared and always counts as a difference.
pub fn compare(a_name: &str, a: &Output, b_name: &str, b: &Output) -> Option<String> {
    let mut problems = Vec::new();
    for (name, out) in [(a_name, a), (b_name, b)] {
        if !matches!(out.exit, Exit::Code(_)) {
            problems.push(format!("{name}: {}", out.exit));
        }
    }
    if problems.is_empty() && a.exit != b.exit {
        problems.push(format!("{a_name}: {}, {b_name}: {}", a.exit, b.exit));
    }
    for (stream, x, y) in [
        ("stdout", &a.stdout, &b.stdout),
        ("stderr", &a.stderr, &b.stderr),
    ] {
        let (x, y) = (normalize(x), normalize(y));
        if let Some(d) = first_difference(x.as_bytes(), y.as_bytes()) {
            problems.push(format!("{stream} (- {a_name}, + {b_name}): {d}"));
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn out(code: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            exit: Exit::Code(code),
            stdout: stdout.into(),
            stderr: stderr.into(),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn masks_addresses_and_iteration_times_only() {
        assert_eq!(
            normalize(b"table: 0x7f00aa\n@iter 0.001234\n@iter x\n1.5\n"),
            "table: 0x?\n@iter ?\n@iter x\n1.5\n"
        );
    }

    #[test]
    fn equal_runs_agree_after_normalisation() {
        let a = out(1, "function: 0x1234\n", "@iter 0.5\nstrix: boom\n");
        let b = out(1, "function: 0xbeef\n", "@iter 0.25\nstrix: boom\n");
        assert_eq!(compare("ref", &a, "asm", &b), None);
    }

    #[test]
    fn reports_output_and_status_differences() {
        let d = compare("ref", &out(0, "1\n2\n", ""), "asm", &out(0, "1\n3\n", "")).unwrap();
        assert!(
            d.starts_with("stdout (- ref, + asm): first difference at line 2"),
            "{d}"
        );
        let d = compare("ref", &out(0, "", ""), "asm", &out(1, "", "e\n")).unwrap();
        assert!(d.contains("ref: exit status 0, asm: exit status 1"), "{d}");
        assert!(d.contains("stderr"), "{d}");
    }

    #[test]
    fn crashes_never_agree() {
        let mut a = out(0, "", "");
        a.exit = Exit::Signal(11);
        let b = a.clone();
        let d = compare("ref", &a, "asm", &b).unwrap();
        assert!(d.contains("ref: killed by signal 11"), "{d}");
        assert!(!is_clean_exit(&a.exit) && !is_clean_exit(&Exit::Code(101)));
        assert!(is_clean_exit(&Exit::Code(1)));
    }
}
