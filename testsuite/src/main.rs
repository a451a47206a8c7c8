//! `strix-test`: runs the strix test suite (blocks, golden, bad input, benchmark
//! results, mode differences, differential fuzzing) against a VM.

use std::path::{Path, PathBuf};
use std::time::Duration;

use strix_testsuite::bench::suite;
use strix_testsuite::{badinput, diff, difffuzz, golden, index, pool, proc, split, vm};

const USAGE: &str = "\
usage: strix-test [SUBCOMMAND] [OPTIONS] [PATH...]

subcommands:
  run        (default) run the Lua test blocks under test/ (or the given
             .lua files / directories with an index)
  golden     run golden/*.lua and compare stdout (stderr, status) with the
             recorded output
  badinput   run badinput/ cases and the generated ones; require a clean
             error, never a signal or a timeout
  bench      run every benchmark in bench/index at its check size and
             compare its result with bench/expected (recorded from luajit)
  diff       run every program of run, golden, badinput and bench in two
             modes (the first --mode against each other one; with one
             mode, against every other mode) and report any difference in
             stdout, stderr or exit status
  difffuzz   generate random Lua programs and run each in two modes as diff
             does; save every crash or difference (and a shrunk copy) and
             print its path
  all        run, golden, badinput, bench and diff in turn

options:
  --vm PATH        VM to test (default: strix next to this binary, else on PATH);
                   VMs not named strix* (luajit, lua5.1) get no mode arguments
  --mode NAME      execution mode, repeatable; 'all' for every mode (default: asm, the default interpreter)
  --slow           also run blocks tagged +slow
  --tag T          only blocks with tag T (repeatable)
  --no-tag T       skip blocks with tag T (repeatable)
  --filter S       only blocks whose file path or name contains S
  -j N             parallel jobs (default: available cores)
  --timeout SECS   per-process timeout (default: 30)
  --root DIR       testsuite directory (default: the crate's directory)
  -v               list every test, not just failures

difffuzz options:
  --seconds N      how long to generate programs (default: 60)
  --seed S         first program's seed; program k is seed S+k (default: from the clock)
  --out DIR        where failing programs go (default: $TMPDIR/strix-difffuzz)
  --reduce SECS    time to shrink each of the first findings (default: 120; 0: none)
  --sections LIST  only these sections (a,b,...), or all but these (-a,-b,...)
  --emit SEED      print the program for SEED (and --sections) and exit
";

/// Parsed command line.
struct Opts {
    sub: String,
    vm: vm::Vm,
    modes: Vec<vm::Mode>,
    slow: bool,
    tags: Vec<String>,
    no_tags: Vec<String>,
    filter: Option<String>,
    jobs: usize,
    /// `--timeout`, if given (the default depends on the subcommand).
    timeout: Option<Duration>,
    root: PathBuf,
    verbose: bool,
    paths: Vec<PathBuf>,
    seconds: f64,
    seed: Option<u64>,
    out: PathBuf,
    reduce: f64,
    emit: Option<u64>,
    sections: Vec<&'static str>,
}

impl Opts {
    /// Per-process timeout for the suites.
    fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(Duration::from_secs(30))
    }
}

/// Subcommands, in the order `all` runs the ones it runs.
const SUBCOMMANDS: &[&str] = &[
    "run", "golden", "badinput", "bench", "diff", "difffuzz", "all",
];

fn parse_args() -> Result<Opts, String> {
    let mut args = std::env::args().skip(1).peekable();
    let mut sub = "run".to_string();
    if let Some(a) = args.peek() {
        if SUBCOMMANDS.contains(&a.as_str()) {
            sub = args.next().expect("peeked");
        }
    }
    let mut o = Opts {
        sub,
        vm: vm::Vm::new(&vm::default_vm()),
        modes: vec![],
        slow: false,
        tags: vec![],
        no_tags: vec![],
        filter: None,
        jobs: pool::default_threads(),
        timeout: None,
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        verbose: false,
        paths: vec![],
        seconds: 60.0,
        seed: None,
        out: std::env::temp_dir().join("strix-difffuzz"),
        reduce: 120.0,
        emit: None,
        sections: vec![],
    };
    while let Some(a) = args.next() {
        let mut val = |what: &str| args.next().ok_or_else(|| format!("{a} needs {what}"));
        match a.as_str() {
            "--vm" => o.vm = vm::Vm::new(&val("a path")?),
            "--mode" => {
                let m = val("a mode name")?;
                if m == "all" {
                    o.modes.extend_from_slice(vm::MODES);
                } else {
                    let names: Vec<_> = vm::MODES.iter().map(|m| m.name).collect();
                    o.modes.push(
                        vm::mode(&m)
                            .ok_or_else(|| format!("unknown mode '{m}' (known: {names:?})"))?,
                    );
                }
            }
            "--slow" => o.slow = true,
            "--tag" => o.tags.push(val("a tag")?),
            "--no-tag" => o.no_tags.push(val("a tag")?),
            "--filter" => o.filter = Some(val("a string")?),
            "-j" => o.jobs = val("a number")?.parse().map_err(|_| "-j needs a number")?,
            "--timeout" => {
                o.timeout = Some(Duration::from_secs_f64(
                    val("seconds")?
                        .parse()
                        .map_err(|_| "--timeout needs seconds")?,
                ))
            }
            "--seconds" => {
                o.seconds = val("seconds")?
                    .parse()
                    .map_err(|_| "--seconds needs a number")?
            }
            "--seed" => {
                o.seed = Some(
                    val("a number")?
                        .parse()
                        .map_err(|_| "--seed needs a number")?,
                )
            }
            "--out" => o.out = PathBuf::from(val("a directory")?),
            "--reduce" => {
                o.reduce = val("seconds")?
                    .parse()
                    .map_err(|_| "--reduce needs seconds")?
            }
            "--emit" => o.emit = Some(val("a seed")?.parse().map_err(|_| "--emit needs a seed")?),
            "--sections" => o.sections = difffuzz::select_sections(&val("section names")?)?,
            "--root" => o.root = PathBuf::from(val("a directory")?),
            "-v" => o.verbose = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            _ => o.paths.push(PathBuf::from(a)),
        }
    }
    if o.modes.is_empty() {
        o.modes.push(vm::MODES[0]);
    }
    Ok(o)
}

/// Result of one test for the report.
struct Report {
    label: String,
    /// Name in `known-failures`: `test/lib/x.lua:block`, `golden/x.lua`, `badinput/x.lua`,
    /// `bench/x.lua`, and `diff/` before any of these.
    key: String,
    failure: Option<String>,
}

/// One program of a suite, ready to run in any mode: what the VM gets after
/// its mode arguments, where, and what the suite expects of it (`item`).
struct Program<T> {
    item: T,
    /// Name in `known-failures`.
    key: String,
    /// What reports call it (after the mode).
    what: String,
    cwd: PathBuf,
    args: Vec<String>,
    stdin: Vec<u8>,
}

impl<T> Program<T> {
    fn run(&self, o: &Opts, m: &vm::Mode) -> proc::Output {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        proc::run(
            &o.vm.program,
            &o.vm.args(m, &args),
            &self.cwd,
            &self.stdin,
            o.timeout(),
        )
    }

    /// The same program without the suite's expectations.
    fn plain(self) -> Program<()> {
        Program {
            item: (),
            key: self.key,
            what: self.what,
            cwd: self.cwd,
            args: self.args,
            stdin: self.stdin,
        }
    }
}

/// Runs every program in every requested mode; `check` says what is wrong
/// with one run, if anything.
fn run_programs<T: Sync>(
    o: &Opts,
    progs: &[Program<T>],
    check: impl Fn(&T, &proc::Output) -> Option<String> + Sync,
) -> Vec<Report> {
    let mut jobs = Vec::new();
    for p in progs {
        for m in o.vm.modes(&o.modes) {
            jobs.push((p, m));
        }
    }
    pool::map(&jobs, o.jobs, |(p, m)| {
        let out = p.run(o, m);
        Report {
            key: p.key.clone(),
            label: label(m, &p.what),
            failure: check(&p.item, &out),
        }
    })
}

fn collect_files(o: &Opts) -> Result<Vec<index::TestFile>, String> {
    let paths = if o.paths.is_empty() {
        vec![o.root.join("test")]
    } else {
        o.paths.clone()
    };
    let mut files = Vec::new();
    for p in paths {
        if p.extension().is_some_and(|e| e == "lua") {
            files.push(index::TestFile {
                path: p,
                tags: vec![],
            });
        } else {
            files.extend(index::walk(&p)?);
        }
    }
    Ok(files)
}

fn selected(o: &Opts, path: &Path, name: &str, tags: &[String]) -> bool {
    let has = |t: &str| tags.iter().any(|x| x == t);
    if has("slow") && !o.slow {
        return false;
    }
    if o.no_tags.iter().any(|t| has(t)) || !o.tags.iter().all(|t| has(t)) {
        return false;
    }
    match &o.filter {
        Some(f) => path.to_string_lossy().contains(f.as_str()) || name.contains(f.as_str()),
        None => true,
    }
}

/// Does `--filter` (if given) select `name`?
fn filtered_in(o: &Opts, name: &str) -> bool {
    o.filter.as_ref().is_none_or(|f| name.contains(f.as_str()))
}

fn label(mode: &vm::Mode, what: &str) -> String {
    format!("[{}] {what}", mode.name)
}

/// The selected test blocks, each run from stdin.
fn block_programs(o: &Opts) -> Result<Vec<Program<()>>, String> {
    let mut progs = Vec::new();
    for f in collect_files(o)? {
        let text =
            std::fs::read_to_string(&f.path).map_err(|e| format!("{}: {e}", f.path.display()))?;
        let sf = split::split(&text).map_err(|e| format!("{}: {e}", f.path.display()))?;
        // Blocks run with their file's directory as cwd so dofile/loadfile of
        // helper files by relative path works.
        let cwd = f
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let rel = f.path.strip_prefix(&o.root).unwrap_or(&f.path);
        for b in &sf.blocks {
            let tags: Vec<String> = f.tags.iter().chain(&b.tags).cloned().collect();
            if !selected(o, &f.path, &b.name, &tags) {
                continue;
            }
            progs.push(Program {
                item: (),
                key: format!("{}:{}", rel.display(), b.name),
                what: format!("{}:{}: {}", f.path.display(), b.line, b.name),
                cwd: cwd.to_path_buf(),
                args: vec!["-".into()],
                stdin: sf.chunk(b).into_bytes(),
            });
        }
    }
    Ok(progs)
}

fn run_blocks(o: &Opts) -> Result<Vec<Report>, String> {
    let progs = block_programs(o)?;
    Ok(run_programs(o, &progs, |_, out| {
        (!out.ok()).then(|| {
            format!(
                "{}\n{}",
                out.exit,
                indent(&String::from_utf8_lossy(&out.stderr))
            )
        })
    }))
}

/// The golden programs, each run as `NAME.lua` in the golden directory.
fn golden_programs(o: &Opts) -> Result<Vec<Program<golden::Golden>>, String> {
    let dir = o.root.join("golden");
    Ok(golden::load(&dir)?
        .into_iter()
        .filter(|g| filtered_in(o, &g.name))
        .map(|g| Program {
            key: format!("golden/{}.lua", g.name),
            what: format!("golden/{}.lua", g.name),
            cwd: dir.clone(),
            args: vec![format!("{}.lua", g.name)],
            stdin: vec![],
            item: g,
        })
        .collect())
}

fn run_golden(o: &Opts) -> Result<Vec<Report>, String> {
    let progs = golden_programs(o)?;
    Ok(run_programs(o, &progs, |g, out| {
        let mut problems = Vec::new();
        if out.exit != proc::Exit::Code(g.status) {
            problems.push(format!(
                "expected exit status {}, got {}",
                g.status, out.exit
            ));
        }
        if let Some(d) = golden::first_difference(&g.stdout, &out.stdout) {
            problems.push(format!("stdout: {d}"));
        }
        match &g.stderr {
            Some(want) => {
                let want = golden::normalize_stderr(want, &o.vm.name);
                let got = golden::normalize_stderr(&out.stderr, &o.vm.name);
                if let Some(d) = golden::first_difference(want.as_bytes(), got.as_bytes()) {
                    problems.push(format!("stderr: {d}"));
                }
            }
            None if !out.stderr.is_empty() && g.status == 0 => {
                problems.push(format!(
                    "unexpected stderr:\n{}",
                    indent(&String::from_utf8_lossy(&out.stderr))
                ));
            }
            None => {}
        }
        (!problems.is_empty()).then(|| problems.join("\n"))
    }))
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The bad-input cases, committed and generated, each written to a scratch
/// directory (which lives as long as the returned guard) and run as a file
/// of its own name there.
fn badinput_programs(o: &Opts) -> Result<(Scratch, Vec<Program<badinput::Case>>), String> {
    let mut cases = badinput::load(&o.root.join("badinput"))?;
    cases.extend(badinput::generated());
    cases.retain(|c| filtered_in(o, &c.name));
    let scratch =
        Scratch(std::env::temp_dir().join(format!("strix-badinput-{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0).map_err(|e| format!("{}: {e}", scratch.0.display()))?;
    for c in &cases {
        std::fs::write(scratch.0.join(&c.file), &c.source)
            .map_err(|e| format!("{}: {e}", c.file))?;
    }
    let progs = cases
        .into_iter()
        .map(|c| Program {
            key: format!("badinput/{}", c.file),
            what: format!("badinput/{}", c.file),
            cwd: scratch.0.clone(),
            args: vec![c.file.clone()],
            stdin: vec![],
            item: c,
        })
        .collect();
    Ok((scratch, progs))
}

fn run_badinput(o: &Opts) -> Result<Vec<Report>, String> {
    let (_scratch, progs) = badinput_programs(o)?;
    Ok(run_programs(o, &progs, |c, out| {
        badinput::check(c, &o.vm.name, out)
            .err()
            .map(|e| format!("{e}\n{}", indent(&String::from_utf8_lossy(&out.stderr))))
    }))
}

/// The benchmarks, each run once at its check size in the bench directory.
fn bench_programs(o: &Opts) -> Result<Vec<Program<suite::Benchmark>>, String> {
    let dir = o.root.join("bench");
    Ok(suite::load(&dir)?
        .into_iter()
        .filter(|b| filtered_in(o, &b.file))
        .map(|b| Program {
            key: format!("bench/{}", b.file),
            what: format!("bench/{} {}", b.file, b.check),
            cwd: dir.clone(),
            args: vec![b.file.clone(), b.check.to_string()],
            stdin: vec![],
            item: b,
        })
        .collect())
}

/// Runs each benchmark once at its check size: a fast wrong answer fails
/// here, long before anyone reads a speed figure.
fn run_bench(o: &Opts) -> Result<Vec<Report>, String> {
    let dir = o.root.join("bench");
    let progs = bench_programs(o)?;
    Ok(run_programs(o, &progs, |b, out| {
        let err = suite::parse_stderr(&out.stderr);
        let mut problems = Vec::new();
        if !out.ok() {
            problems.push(format!("{}\n{}", out.exit, indent(&err.other)));
        } else if let Some(why) = &err.skip {
            // Reference VMs may lack a library (lua5.1 has no bit); strix may not.
            if o.vm.is_strix() {
                problems.push(format!("skipped itself: {why}"));
            }
        } else {
            match suite::expected(&dir, b, b.check) {
                None => problems.push(format!(
                    "no {} (run bench/record.sh)",
                    suite::expected_path(&dir, b, b.check).display()
                )),
                Some(want) => {
                    if let Some(d) = golden::first_difference(&want, &out.stdout) {
                        problems.push(format!("result: {d}"));
                    }
                }
            }
            if !err.other.is_empty() {
                problems.push(format!("unexpected stderr:\n{}", indent(&err.other)));
            }
            if err.iters.len() != 1 {
                problems.push(format!("{} @iter lines, expected 1", err.iters.len()));
            }
        }
        (!problems.is_empty()).then(|| problems.join("\n"))
    }))
}

/// Runs every program of the other suites in the baseline mode and in each
/// mode compared with it (`vm::diff_modes`), and reports every difference.
fn run_diff(o: &Opts) -> Result<Vec<Report>, String> {
    if !o.vm.is_strix() {
        println!(
            "diff: skipped: {} has no execution modes to compare",
            o.vm.name
        );
        return Ok(vec![]);
    }
    let (base, others) = vm::diff_modes(&o.modes);
    let mut progs = block_programs(o)?;
    progs.extend(golden_programs(o)?.into_iter().map(Program::plain));
    let (_scratch, bad) = badinput_programs(o)?;
    progs.extend(bad.into_iter().map(Program::plain));
    progs.extend(bench_programs(o)?.into_iter().map(Program::plain));
    let per_program = pool::map(&progs, o.jobs, |p| {
        let a = p.run(o, &base);
        others
            .iter()
            .map(|m| {
                let b = p.run(o, m);
                Report {
                    key: format!("diff/{}", p.key),
                    label: format!("[{} vs {}] {}", m.name, base.name, p.what),
                    failure: diff::compare(base.name, &a, m.name, &b),
                }
            })
            .collect::<Vec<_>>()
    });
    Ok(per_program.into_iter().flatten().collect())
}

/// Indents `s` for display under a failure line, capped to keep reports short.
fn indent(s: &str) -> String {
    const MAX_LINES: usize = 30;
    let lines: Vec<&str> = s.lines().collect();
    let mut out: String = lines
        .iter()
        .take(MAX_LINES)
        .map(|l| format!("    | {l}\n"))
        .collect();
    if lines.len() > MAX_LINES {
        out.push_str(&format!(
            "    | ... ({} more lines)\n",
            lines.len() - MAX_LINES
        ));
    }
    out
}

/// Tests strix is known to fail, with the reason, from `known-failures` (strix only).
fn known_failures(o: &Opts) -> Result<std::collections::HashMap<String, String>, String> {
    let mut m = std::collections::HashMap::new();
    if !o.vm.is_strix() {
        return Ok(m);
    }
    let path = o.root.join("known-failures");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => return Ok(m),
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line
            .split_once('#')
            .ok_or_else(|| format!("{}: entry without a '# reason': {line}", path.display()))?;
        m.insert(key.trim().to_string(), reason.trim().to_string());
    }
    Ok(m)
}

/// Prints failures (and passes with -v) and a summary; returns failure count.
/// A known failure that fails is reported as XFAIL; one that passes is an error
/// (XPASS), so the list only ever holds real, current failures.
fn report(
    o: &Opts,
    what: &str,
    reports: &[Report],
    known: &std::collections::HashMap<String, String>,
) -> usize {
    let (mut failed, mut xfail) = (0, 0);
    for r in reports {
        let reason = known.get(&r.key);
        match (&r.failure, reason) {
            (Some(_), Some(why)) => {
                xfail += 1;
                if o.verbose {
                    println!("XFAIL {} ({why})", r.label);
                }
            }
            (Some(f), None) => {
                failed += 1;
                println!("FAIL {}: {}", r.label, f.trim_end());
            }
            (None, Some(why)) => {
                failed += 1;
                println!(
                    "XPASS {}: listed in known-failures ({why}) but passes; remove it",
                    r.label
                );
            }
            (None, None) if o.verbose => println!("ok   {}", r.label),
            (None, None) => {}
        }
    }
    println!(
        "{what}: {} passed, {failed} failed, {xfail} known failures, {} total ({})",
        reports.len() - failed - xfail,
        reports.len(),
        o.vm.program
    );
    failed
}

/// Fuzzes as `o` says; returns the exit status (1 if anything was found).
fn run_difffuzz(o: &Opts) -> i32 {
    if !o.vm.is_strix() {
        eprintln!("strix-test: difffuzz needs a strix VM (it compares its modes)");
        return 2;
    }
    let (base, others) = vm::diff_modes(&o.modes);
    let seed = o.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    let cfg = difffuzz::Config {
        vm: o.vm.clone(),
        base,
        others,
        seconds: o.seconds,
        seed,
        jobs: o.jobs,
        // Generated programs run in well under a second.
        timeout: o.timeout.unwrap_or(Duration::from_secs(10)),
        out_dir: o.out.clone(),
        reduce_seconds: o.reduce,
        sections: o.sections.clone(),
    };
    println!(
        "difffuzz: seed {seed}, {} s, modes {} vs {}",
        o.seconds,
        base.name,
        cfg.others
            .iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
            .join(",")
    );
    match difffuzz::fuzz(&cfg) {
        Ok((programs, findings)) => {
            println!(
                "difffuzz: {programs} programs (seeds {seed}..{}), {} findings ({})",
                seed + programs,
                findings.len(),
                o.vm.program
            );
            i32::from(!findings.is_empty())
        }
        Err(e) => {
            eprintln!("strix-test: {e}");
            2
        }
    }
}

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("strix-test: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Some(seed) = o.emit {
        print!("{}", difffuzz::program(seed, &o.sections));
        return;
    }
    if o.sub == "difffuzz" {
        std::process::exit(run_difffuzz(&o));
    }
    let subs: &[&str] = if o.sub == "all" {
        &["run", "golden", "badinput", "bench", "diff"]
    } else {
        &[o.sub.as_str()]
    };
    let known = match known_failures(&o) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("strix-test: {e}");
            std::process::exit(2);
        }
    };
    let mut failed = 0;
    for s in subs {
        let r = match *s {
            "run" => run_blocks(&o),
            "golden" => run_golden(&o),
            "bench" => run_bench(&o),
            "diff" => run_diff(&o),
            _ => run_badinput(&o),
        };
        match r {
            Ok(reports) => failed += report(&o, s, &reports, &known),
            Err(e) => {
                eprintln!("strix-test: {e}");
                std::process::exit(2);
            }
        }
    }
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
