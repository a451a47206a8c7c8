//! Golden tests: programs whose stdout (and, for error cases, stderr and exit
//! status) was recorded from Debian's `luajit` by `golden/record.sh`.
//!
//! For `golden/NAME.lua` the runner expects `NAME.expected` (stdout, compared
//! byte for byte). If `NAME.stderr` exists, stderr is compared too, after
//! [`normalize_stderr`]; if `NAME.status` exists it holds the exit status
//! (otherwise 0 is expected). Programs run with the golden directory as the
//! working directory and `NAME.lua` as the script argument, so chunk names
//! in messages are `NAME.lua`.

use std::path::{Path, PathBuf};

/// One golden program and its expectations.
#[derive(Debug, Clone)]
pub struct Golden {
    pub name: String,
    pub script: PathBuf,
    pub stdout: Vec<u8>,
    pub stderr: Option<Vec<u8>>,
    pub status: i32,
}

/// Lists the golden programs in `dir`, sorted by name.
pub fn load(dir: &Path) -> Result<Vec<Golden>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".lua"))
                .map(String::from)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}")));
            let stdout = read("expected")
                .map_err(|e| format!("{name}.expected: {e} (run golden/record.sh)"))?;
            let stderr = read("stderr").ok();
            let status = match read("status") {
                Ok(s) => String::from_utf8_lossy(&s)
                    .trim()
                    .parse()
                    .map_err(|_| format!("{name}.status: not a number"))?,
                Err(_) => 0,
            };
            Ok(Golden {
                script: dir.join(format!("{name}.lua")),
                name,
                stdout,
                stderr,
                status,
            })
        })
        .collect()
}

/// Makes recorded stderr comparable across VMs and runs: a leading
/// `luajit:` on any line becomes `<vm_name>:`, and hex addresses (`0x...`,
/// which vary with ASLR) become `0x?`.
pub fn normalize_stderr(text: &[u8], vm_name: &str) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("luajit:") {
            Some(rest) => {
                out.push_str(vm_name);
                out.push(':');
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    mask_hex(&out)
}

/// Replaces every `0x` followed by hex digits with `0x?`.
pub fn mask_hex(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0'
            && b.get(i + 1) == Some(&b'x')
            && b.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
        {
            out.push_str("0x?");
            i += 2;
            while b.get(i).is_some_and(|c| c.is_ascii_hexdigit()) {
                i += 1;
            }
        } else {
            let ch = s[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Describes the first difference between `expected` and `actual`, or
/// `None` if they are equal: line number, both lines, and a little context.
pub fn first_difference(expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let el: Vec<&str> = e.split_inclusive('\n').collect();
    let al: Vec<&str> = a.split_inclusive('\n').collect();
    let i = el.iter().zip(&al).take_while(|(x, y)| x == y).count();
    let mut s = format!("first difference at line {}:\n", i + 1);
    for ctx in el[i.saturating_sub(2)..i].iter() {
        s.push_str(&format!("    {}", with_newline(ctx)));
    }
    s.push_str(&format!(
        "  - {}",
        el.get(i)
            .map_or("<end of expected>\n".to_string(), |l| with_newline(l))
    ));
    s.push_str(&format!(
        "  + {}",
        al.get(i)
            .map_or("<end of output>\n".to_string(), |l| with_newline(l))
    ));
    Some(s)
}

fn with_newline(l: &str) -> String {
    if l.ends_with('\n') {
        format!("{l:?}\n").replacen("\\n\"", "\"", 1)
    } else {
        format!("{l:?} (no newline)\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_prefix_and_addresses() {
        let s = normalize_stderr(
            b"luajit: x.lua:1: boom\n\t[C]: at 0x55bf927df2c0\n",
            "strix",
        );
        assert_eq!(s, "strix: x.lua:1: boom\n\t[C]: at 0x?\n");
    }

    #[test]
    fn finds_first_differing_line() {
        assert_eq!(first_difference(b"a\nb\n", b"a\nb\n"), None);
        let d = first_difference(b"a\nb\nc\n", b"a\nB\nc\n").unwrap();
        assert!(d.starts_with("first difference at line 2:"), "{d}");
        assert!(d.contains("- \"b\"") && d.contains("+ \"B\""), "{d}");
        let d = first_difference(b"a\n", b"a\nextra\n").unwrap();
        assert!(d.contains("<end of expected>"), "{d}");
    }
}
