//! Differential fuzzing: random, valid, bounded Lua programs (`sections`,
//! built on `gen`) run under a baseline execution mode and the others of the
//! same VM. A crash in any mode (a signal, an exit status other than 0 or 1,
//! a timeout) or any difference in stdout, stderr or exit status is a
//! finding: the program is saved, shrunk by `reduce`, and reported.

mod gen;
mod reduce;
mod rng;
mod sections;

pub use sections::{program, select_sections};

use crate::diff::{compare, is_clean_exit};
use crate::proc::{self, Exit, Output};
use crate::vm::{Mode, Vm};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to fuzz and for how long.
pub struct Config {
    pub vm: Vm,
    /// The mode every other mode is compared with.
    pub base: Mode,
    pub others: Vec<Mode>,
    pub seconds: f64,
    /// Program `k` of the run is `program(seed + k)`.
    pub seed: u64,
    /// Programs run at once (each runs its modes one after another).
    pub jobs: usize,
    pub timeout: Duration,
    /// Where failing programs are saved.
    pub out_dir: PathBuf,
    /// Time to spend shrinking each of the first few findings (0: none).
    pub reduce_seconds: f64,
    /// Sections programs are made of (empty: all).
    pub sections: Vec<&'static str>,
}

/// How each mode ended and whether the outputs agreed: two runs fail "the
/// same way" when their verdicts are equal (the reducer keeps to that).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Verdict {
    /// Per mode: "ok" for a clean exit, else how it crashed.
    ends: Vec<String>,
    /// Some mode's output differs from the baseline's.
    differs: bool,
}

/// A program that crashed a mode or made modes disagree.
pub struct Finding {
    pub seed: u64,
    /// What went wrong, with short diffs.
    pub report: String,
    pub saved: PathBuf,
    pub reduced: Option<PathBuf>,
}

/// Runs `src` in `mode` from stdin (chunk name `=stdin`).
fn run(cfg: &Config, mode: &Mode, src: &[u8], timeout: Duration) -> Output {
    proc::run(
        &cfg.vm.program,
        &cfg.vm.args(mode, &["-"]),
        Path::new("."),
        src,
        timeout,
    )
}

/// Runs `src` in every mode; the verdict and, if anything is wrong, a report.
fn check(cfg: &Config, src: &[u8], timeout: Duration) -> (Verdict, Option<String>) {
    let base = run(cfg, &cfg.base, src, timeout);
    let mut outs = vec![(cfg.base, base)];
    for m in &cfg.others {
        outs.push((*m, run(cfg, m, src, timeout)));
    }
    let mut problems = Vec::new();
    let mut ends = Vec::new();
    for (m, o) in &outs {
        if is_clean_exit(&o.exit) {
            ends.push("ok".to_string());
        } else {
            ends.push(o.exit.to_string());
            let err = String::from_utf8_lossy(&o.stderr);
            let tail: Vec<&str> = err.lines().rev().take(8).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            problems.push(format!(
                "crash in mode {}: {}\n    | {}",
                m.name,
                o.exit,
                tail.join("\n    | ")
            ));
        }
    }
    let mut differs = false;
    let (b, bo) = &outs[0];
    for (m, o) in &outs[1..] {
        // A crash has been reported above; compare the runs that ended.
        if !matches!((&bo.exit, &o.exit), (Exit::Code(_), Exit::Code(_))) {
            continue;
        }
        if let Some(d) = compare(b.name, bo, m.name, o) {
            differs = true;
            problems.push(format!("{} disagrees with {}:\n{d}", m.name, b.name));
        }
    }
    let verdict = Verdict { ends, differs };
    let report = (!problems.is_empty()).then(|| problems.join("\n"));
    (verdict, report)
}

/// The time `src` takes in the baseline mode, to set the reducer's timeout.
fn base_time(cfg: &Config, src: &[u8]) -> Duration {
    run(cfg, &cfg.base, src, cfg.timeout).elapsed
}

/// Saves a finding (and its shrunk program if `reduce`); returns it.
fn record(
    cfg: &Config,
    seed: u64,
    src: &str,
    verdict: &Verdict,
    report: String,
    reduce: bool,
) -> Result<Finding, String> {
    let write = |name: String, text: &str| -> Result<PathBuf, String> {
        let p = cfg.out_dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok(p)
    };
    let saved = write(format!("difffuzz-{seed}.lua"), src)?;
    write(format!("difffuzz-{seed}.txt"), &report)?;
    let mut reduced = None;
    if reduce && cfg.reduce_seconds > 0.0 && !verdict.ends.iter().any(|e| e == "timeout") {
        // Candidates that run much longer than the original are not it.
        let timeout = (base_time(cfg, src.as_bytes()) * 10)
            .max(Duration::from_secs(2))
            .min(cfg.timeout);
        let deadline = Instant::now() + Duration::from_secs_f64(cfg.reduce_seconds);
        let lines: Vec<String> = src.lines().map(String::from).collect();
        // The prelude stays: without its printer the output says nothing.
        let keep = lines
            .iter()
            .position(|l| l.starts_with(sections::BODY_MARK))
            .map_or(0, |i| i + 1);
        let small = reduce::reduce(lines, keep, deadline, |cand| {
            check(cfg, cand.as_bytes(), timeout).0 == *verdict
        });
        let mut text = small.join("\n");
        text.push('\n');
        reduced = Some(write(format!("difffuzz-{seed}-min.lua"), &text)?);
    }
    Ok(Finding {
        seed,
        report,
        saved,
        reduced,
    })
}

/// Findings shrunk per run; later ones are only saved (they are often the same bug).
const MAX_REDUCED: usize = 3;

/// Fuzzes for `cfg.seconds`; prints each finding as it is made and returns
/// them with the number of programs run.
pub fn fuzz(cfg: &Config) -> Result<(u64, Vec<Finding>), String> {
    std::fs::create_dir_all(&cfg.out_dir).map_err(|e| format!("{}: {e}", cfg.out_dir.display()))?;
    let start = Instant::now();
    let mut next = cfg.seed;
    let mut findings: Vec<Finding> = Vec::new();
    let mut last_progress = Instant::now();
    let batch = cfg.jobs.max(1) as u64 * 2;
    while start.elapsed().as_secs_f64() < cfg.seconds {
        let seeds: Vec<u64> = (next..next + batch).collect();
        next += batch;
        let results = crate::pool::map(&seeds, cfg.jobs, |&s| {
            let src = program(s, &cfg.sections);
            let (v, r) = check(cfg, src.as_bytes(), cfg.timeout);
            (s, src, v, r)
        });
        for (s, src, v, report) in results {
            let Some(report) = report else { continue };
            let f = record(cfg, s, &src, &v, report, findings.len() < MAX_REDUCED)?;
            print_finding(cfg, &f);
            findings.push(f);
        }
        if last_progress.elapsed() > Duration::from_secs(60) {
            println!(
                "difffuzz: {} programs, {} findings, {:.0} s",
                next - cfg.seed,
                findings.len(),
                start.elapsed().as_secs_f64()
            );
            last_progress = Instant::now();
        }
    }
    Ok((next - cfg.seed, findings))
}

/// Prints a finding: what went wrong, where it is saved, how to rerun it.
fn print_finding(cfg: &Config, f: &Finding) {
    println!("FAIL difffuzz seed {}:\n{}", f.seed, indent(&f.report));
    println!("  saved: {}", f.saved.display());
    let file = f.reduced.as_ref().unwrap_or(&f.saved);
    if let Some(r) = &f.reduced {
        println!("  reduced: {}", r.display());
    }
    for m in std::iter::once(&cfg.base).chain(&cfg.others) {
        println!(
            "  rerun: {} {} - < {}",
            cfg.vm.program,
            m.args.join(" "),
            file.display()
        );
    }
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}
