//! Bad-input cases: programs that must end with a clear error message, never
//! a crash (signal), a hang (timeout) or a panic.
//!
//! Committed cases live in `badinput/` as `NAME.lua` or `NAME.bin`, each with
//! `NAME.expect`: line 1 the expected exit status, optional line 2 the exact
//! first stderr line recorded from luajit (`luajit:` becomes the VM's name).
//! Large cases are generated at test time by [`generated`] so they are not
//! committed: deeply nested parentheses and a 10 MB string literal.

use std::path::Path;

/// One bad-input program and what must happen when it runs.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// File name the program is run as (its chunk name in messages).
    pub file: String,
    /// The program's bytes (run as a script file written to a temp dir).
    pub source: Vec<u8>,
    /// Expected exit status.
    pub status: i32,
    /// Exact expected first stderr line (with `luajit:` prefix), if stable.
    pub first_line: Option<String>,
}

/// Cases built at run time.
pub fn generated() -> Vec<Case> {
    let n = 1_000_000;
    let mut nest = b"local x = ".to_vec();
    nest.extend(std::iter::repeat_n(b'(', n));
    nest.push(b'1');
    nest.extend(std::iter::repeat_n(b')', n));
    nest.push(b'\n');
    let mut big = b"local s = \"".to_vec();
    big.extend((0..10 * 1024 * 1024).map(|i| b'a' + (i % 26) as u8));
    big.extend_from_slice(b"\"\nassert(#s == 10485760)\nassert(s:sub(27, 27) == 'a')\n");
    vec![
        Case {
            name: "nested-parens-1e6".into(),
            file: "nested-parens-1e6.lua".into(),
            source: nest,
            status: 1,
            first_line: Some(
                "luajit: nested-parens-1e6.lua:1: chunk has too many syntax levels".into(),
            ),
        },
        Case {
            name: "string-literal-10mb".into(),
            file: "string-literal-10mb.lua".into(),
            source: big,
            status: 0,
            first_line: None,
        },
    ]
}

/// Loads the committed cases from `dir`.
pub fn load(dir: &Path) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("lua" | "bin")))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let exp_path = p.with_extension("expect");
        let exp = std::fs::read_to_string(&exp_path)
            .map_err(|e| format!("{}: {e}", exp_path.display()))?;
        let mut lines = exp.lines();
        let status = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .ok_or_else(|| format!("{}: line 1 must be the exit status", exp_path.display()))?;
        let first_line = lines.next().filter(|l| !l.is_empty()).map(String::from);
        let source = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let file = p
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        out.push(Case {
            name,
            file,
            source,
            status,
            first_line,
        });
    }
    Ok(out)
}

/// Checks one run against `case`; `Err` says what was wrong.
pub fn check(case: &Case, vm_name: &str, out: &crate::proc::Output) -> Result<(), String> {
    use crate::proc::Exit;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap_or("");
    match &out.exit {
        Exit::Code(c) if *c == case.status => {}
        other => return Err(format!("expected exit status {}, got {other}", case.status)),
    }
    if case.status != 0 {
        let prefix = format!("{vm_name}: ");
        if !first.starts_with(&prefix) {
            return Err(format!("stderr does not start with '{prefix}': {first:?}"));
        }
        if !has_position(first) {
            return Err(format!(
                "error message has no position (file:line:): {first:?}"
            ));
        }
    }
    if let Some(want) = &case.first_line {
        let want = crate::golden::normalize_stderr(want.as_bytes(), vm_name);
        if first != want {
            return Err(format!(
                "first stderr line\n  expected {want:?}\n  got      {first:?}"
            ));
        }
    }
    Ok(())
}

/// Does `line` contain `something:digits:`?
fn has_position(line: &str) -> bool {
    line.split(':')
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| !w[0].is_empty() && !w[1].is_empty() && w[1].bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_recognised() {
        assert!(has_position("strix: x.lua:12: boom"));
        assert!(!has_position("strix: boom"));
        assert!(!has_position("strix: x.lua:: boom"));
    }

    #[test]
    fn generated_cases_have_the_promised_sizes() {
        let g = generated();
        assert_eq!(
            g[0].source.iter().filter(|&&b| b == b'(').count(),
            1_000_000
        );
        assert!(g[1].source.len() > 10 * 1024 * 1024);
    }
}
