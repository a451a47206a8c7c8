//! Runs a benchmark plan: every benchmark, VM and round, interleaved, with
//! each process checked for crashes, hangs and wrong output.

use std::path::Path;
use std::time::Duration;

use super::measure;
use super::progress::Progress;
use super::suite::{self, Benchmark};
use super::vms::Vm;
use super::warmup::{self, Class};
use crate::proc::Exit;

/// What to run.
pub struct Plan<'a> {
    /// The `bench/` directory (programs, index, expected outputs).
    pub dir: &'a Path,
    /// Benchmarks with the size to run each at.
    pub benches: Vec<(Benchmark, u64)>,
    pub vms: Vec<Vm>,
    /// Index into `vms` of the baseline (its output decides when no recorded one exists).
    pub baseline: usize,
    /// Process executions per benchmark and VM.
    pub runs: usize,
    /// In-process iterations per execution.
    pub iters: usize,
    pub timeout: Duration,
}

/// How one process went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ok,
    /// Exit 0 but a result that differs from the expected one.
    Wrong,
    /// Non-zero exit status (an error the VM reported).
    Error,
    /// Killed by a signal.
    Crash,
    /// Killed by the runner at the per-run timeout.
    Timeout,
    /// The benchmark skipped itself (`@skip`: a library the VM lacks).
    Skipped,
    /// The program could not be started.
    NoStart,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ok => "ok",
            Kind::Wrong => "wrong output",
            Kind::Error => "error",
            Kind::Crash => "crash",
            Kind::Timeout => "timeout",
            Kind::Skipped => "skipped",
            Kind::NoStart => "cannot start",
        }
    }
}

/// One process execution.
#[derive(Debug, Clone)]
pub struct Record {
    pub bench: usize,
    pub vm: usize,
    /// 0-based round (process execution) number.
    pub round: usize,
    pub kind: Kind,
    /// Why it was not ok (first stderr line, the wrong result, the signal).
    pub detail: String,
    pub wall: f64,
    pub cpu: f64,
    pub maxrss_kib: u64,
    /// Seconds per in-process iteration, as the harness reported them.
    pub iters: Vec<f64>,
    pub class: Option<Class>,
    /// stdout, kept until the outputs are compared.
    pub stdout: Vec<u8>,
}

/// The first non-empty line of `s`, shortened for a report.
fn first_line(s: &str) -> String {
    let l = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if l.chars().count() > 160 {
        l.chars().take(160).collect::<String>() + "..."
    } else {
        l.to_string()
    }
}

/// Turns a measured process into a record (before output comparison).
fn record(bench: usize, vm: usize, round: usize, s: measure::Sample) -> Record {
    let err = suite::parse_stderr(&s.stderr);
    let (kind, detail) = match (&s.exit, &err.skip) {
        (Exit::Code(0), Some(why)) => (Kind::Skipped, why.clone()),
        (Exit::Code(0), None) => (Kind::Ok, String::new()),
        (Exit::Code(c), _) => (Kind::Error, format!("exit {c}: {}", first_line(&err.other))),
        (Exit::Signal(sig), _) => (Kind::Crash, format!("killed by signal {sig}")),
        (Exit::Timeout, _) => (Kind::Timeout, "hung: killed at the timeout".to_string()),
        (Exit::SpawnError(e), _) => (Kind::NoStart, e.clone()),
    };
    let class = (kind == Kind::Ok && err.iters.len() >= warmup::MIN_ITERS)
        .then(|| warmup::classify(&err.iters));
    Record {
        bench,
        vm,
        round,
        kind,
        detail,
        wall: s.wall,
        cpu: s.user + s.sys,
        maxrss_kib: s.maxrss_kib,
        iters: err.iters,
        class,
        stdout: s.stdout,
    }
}

/// The output every VM must print: the recorded one if `record.sh` made it,
/// else the baseline's most common output, else the most common of all.
fn reference_output(
    recorded: Option<Vec<u8>>,
    recs: &[Record],
    baseline: usize,
) -> Option<Vec<u8>> {
    if recorded.is_some() {
        return recorded;
    }
    let most_common = |pick: &dyn Fn(&Record) -> bool| -> Option<Vec<u8>> {
        let mut counts: Vec<(&Vec<u8>, usize)> = Vec::new();
        for r in recs.iter().filter(|r| r.kind == Kind::Ok && pick(r)) {
            match counts.iter_mut().find(|(o, _)| **o == r.stdout) {
                Some((_, n)) => *n += 1,
                None => counts.push((&r.stdout, 1)),
            }
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .map(|(o, _)| o.clone())
    };
    most_common(&|r| r.vm == baseline).or_else(|| most_common(&|_| true))
}

/// Marks records whose output differs from the reference as wrong.
fn check_outputs(recs: &mut [Record], want: Option<&[u8]>) {
    let Some(want) = want else { return };
    for r in recs.iter_mut().filter(|r| r.kind == Kind::Ok) {
        if r.stdout != want {
            r.kind = Kind::Wrong;
            r.detail = format!(
                "printed {:?}, expected {:?}",
                first_line(&String::from_utf8_lossy(&r.stdout)),
                first_line(&String::from_utf8_lossy(want))
            );
            r.class = None;
        }
    }
}

/// Runs the plan: for each benchmark, `runs` rounds of every VM in turn
/// (A B C A B C ...), so slow drift in the machine hits all VMs alike.
pub fn run(plan: &Plan) -> Vec<Record> {
    let total = plan.benches.len() * plan.runs * plan.vms.len();
    let mut progress = Progress::new(total);
    let mut all = Vec::new();
    for (bi, (bench, size)) in plan.benches.iter().enumerate() {
        let mut recs = Vec::new();
        for round in 0..plan.runs {
            for (vi, vm) in plan.vms.iter().enumerate() {
                progress.step(bench.name(), &vm.name, round + 1, plan.runs);
                let mut args = vm.args.clone();
                args.extend([bench.file.clone(), size.to_string(), plan.iters.to_string()]);
                let s = measure::run(&vm.program, &args, plan.dir, plan.timeout);
                recs.push(record(bi, vi, round, s));
            }
        }
        let want = reference_output(
            suite::expected(plan.dir, bench, *size),
            &recs,
            plan.baseline,
        );
        check_outputs(&mut recs, want.as_deref());
        let bad = recs
            .iter()
            .filter(|r| !matches!(r.kind, Kind::Ok | Kind::Skipped))
            .count();
        progress.finished(bench.name(), bad);
        for r in &mut recs {
            r.stdout = Vec::new();
        }
        all.extend(recs);
    }
    progress.done();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(vm: usize, out: &str) -> Record {
        Record {
            bench: 0,
            vm,
            round: 0,
            kind: Kind::Ok,
            detail: String::new(),
            wall: 1.0,
            cpu: 1.0,
            maxrss_kib: 1,
            iters: vec![],
            class: None,
            stdout: out.as_bytes().to_vec(),
        }
    }

    #[test]
    fn wrong_outputs_are_found_against_recorded_or_baseline_results() {
        // Recorded output wins over any majority.
        let mut recs = vec![rec(0, "1\n"), rec(1, "2\n"), rec(1, "2\n")];
        let want = reference_output(Some(b"1\n".to_vec()), &recs, 1);
        check_outputs(&mut recs, want.as_deref());
        assert_eq!(recs[0].kind, Kind::Ok);
        assert_eq!(recs[1].kind, Kind::Wrong);
        assert!(
            recs[1].detail.contains("expected \"1\""),
            "{}",
            recs[1].detail
        );
        // Without a recording, the baseline decides.
        let mut recs = vec![rec(0, "1\n"), rec(0, "1\n"), rec(1, "2\n")];
        let want = reference_output(None, &recs, 1);
        check_outputs(&mut recs, want.as_deref());
        assert_eq!(recs[0].kind, Kind::Wrong);
        assert_eq!(recs[2].kind, Kind::Ok);
    }

    #[test]
    fn process_endings_become_kinds() {
        let sample = |exit, stderr: &str| measure::Sample {
            exit,
            wall: 0.1,
            user: 0.1,
            sys: 0.0,
            maxrss_kib: 10,
            stdout: vec![],
            stderr: stderr.as_bytes().to_vec(),
        };
        let r = record(
            0,
            0,
            0,
            sample(Exit::Code(1), "@iter 0.1\nvm: x.lua:3: boom\n"),
        );
        assert_eq!(r.kind, Kind::Error);
        assert_eq!(r.detail, "exit 1: vm: x.lua:3: boom");
        let r = record(0, 0, 0, sample(Exit::Code(0), "@skip no bit library\n"));
        assert_eq!(
            (r.kind, r.detail.as_str()),
            (Kind::Skipped, "no bit library")
        );
        assert_eq!(
            record(0, 0, 0, sample(Exit::Signal(11), "")).kind,
            Kind::Crash
        );
        assert_eq!(
            record(0, 0, 0, sample(Exit::Timeout, "")).kind,
            Kind::Timeout
        );
        let iters = "@iter 0.1\n".repeat(6);
        let r = record(0, 0, 0, sample(Exit::Code(0), &iters));
        assert_eq!((r.iters.len(), r.class), (6, Some(Class::Flat)));
    }
}
