//! The benchmark programs: `bench/index` (names and sizes), the expected
//! outputs in `bench/expected/`, and the lines the harness writes to stderr.

use std::path::{Path, PathBuf};

/// One benchmark program, as `index` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    /// File name, `fib.lua`.
    pub file: String,
    /// Small size, checked against the golden output by `strix-test bench`.
    pub check: u64,
    /// Default size for measurements.
    pub bench: u64,
    /// What the benchmark exercises (the rest of the index line).
    pub what: String,
}

impl Benchmark {
    /// The name without `.lua`, used in reports and file names.
    pub fn name(&self) -> &str {
        self.file.strip_suffix(".lua").unwrap_or(&self.file)
    }
}

/// Parses `index` text: `name check bench what...` per line, `#` comments.
pub fn parse_index(text: &str) -> Result<Vec<Benchmark>, String> {
    let mut out = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split_whitespace();
        let bad = |what: &str| format!("index:{}: {what}: {line}", no + 1);
        let file = f.next().ok_or_else(|| bad("empty line"))?.to_string();
        if !file.ends_with(".lua") {
            return Err(bad("name must end in .lua"));
        }
        let size = |s: Option<&str>| -> Result<u64, String> {
            s.and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("check and bench sizes must be whole numbers"))
        };
        let check = size(f.next())?;
        let bench = size(f.next())?;
        let what = f.collect::<Vec<_>>().join(" ");
        out.push(Benchmark {
            file,
            check,
            bench,
            what,
        });
    }
    Ok(out)
}

/// Loads `dir/index`.
pub fn load(dir: &Path) -> Result<Vec<Benchmark>, String> {
    let path = dir.join("index");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_index(&text)
}

/// Where the expected output of `bench` at `size` is recorded.
pub fn expected_path(dir: &Path, bench: &Benchmark, size: u64) -> PathBuf {
    dir.join("expected")
        .join(format!("{}-{size}.out", bench.name()))
}

/// The recorded output of `bench` at `size`, if `record.sh` recorded one.
pub fn expected(dir: &Path, bench: &Benchmark, size: u64) -> Option<Vec<u8>> {
    std::fs::read(expected_path(dir, bench, size)).ok()
}

/// What a benchmark process wrote to stderr, taken apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stderr {
    /// Seconds of each in-process iteration (`@iter <seconds>` lines).
    pub iters: Vec<f64>,
    /// Why the benchmark skipped itself (`@skip <reason>`), if it did.
    pub skip: Option<String>,
    /// Every other line (a VM's error message, warnings).
    pub other: String,
}

/// Splits harness lines from the rest of a benchmark's stderr.
pub fn parse_stderr(bytes: &[u8]) -> Stderr {
    let text = String::from_utf8_lossy(bytes);
    let mut s = Stderr::default();
    for line in text.lines() {
        if let Some(t) = line.strip_prefix("@iter ") {
            if let Ok(v) = t.trim().parse::<f64>() {
                if v.is_finite() && v >= 0.0 {
                    s.iters.push(v);
                    continue;
                }
            }
        } else if let Some(r) = line.strip_prefix("@skip") {
            s.skip = Some(r.trim().to_string());
            continue;
        }
        s.other.push_str(line);
        s.other.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_index_lines_and_rejects_bad_sizes() {
        let b = parse_index("# c\n\nfib.lua 24 35 recursion: calls\nx.lua 1 2\n").unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].name(), "fib");
        assert_eq!((b[0].check, b[0].bench), (24, 35));
        assert_eq!(b[0].what, "recursion: calls");
        assert!(parse_index("fib.lua 24\n").is_err());
        assert!(parse_index("fib.lua x 3\n").is_err());
        assert!(parse_index("fib 1 2\n").is_err());
    }

    #[test]
    fn separates_harness_lines_from_errors() {
        let s =
            parse_stderr(b"@iter 0.5\n@iter 0.25\nstrix: boom\n@iter nan\n@skip no bit library\n");
        assert_eq!(s.iters, vec![0.5, 0.25]);
        assert_eq!(s.skip.as_deref(), Some("no bit library"));
        assert_eq!(s.other, "strix: boom\n@iter nan\n");
    }

    #[test]
    fn the_real_index_loads_and_has_expected_outputs() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
        let benches = load(&dir).unwrap();
        assert!(benches.len() >= 25, "{} benchmarks", benches.len());
        for b in &benches {
            assert!(dir.join(&b.file).is_file(), "{} missing", b.file);
            assert!(
                expected(&dir, b, b.check).is_some(),
                "{}: no expected output",
                b.file
            );
        }
    }
}
