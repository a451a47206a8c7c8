//! `strix-test`: runs the strix test suite (blocks, golden, bad input) against a VM.

use std::path::{Path, PathBuf};
use std::time::Duration;

use strix_testsuite::bench::suite;
use strix_testsuite::{badinput, golden, index, pool, proc, split, vm};

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
  all        run, golden, badinput and bench in turn

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
    timeout: Duration,
    root: PathBuf,
    verbose: bool,
    paths: Vec<PathBuf>,
}

fn parse_args() -> Result<Opts, String> {
    let mut args = std::env::args().skip(1).peekable();
    let mut sub = "run".to_string();
    if let Some(a) = args.peek() {
        if ["run", "golden", "badinput", "bench", "all"].contains(&a.as_str()) {
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
        timeout: Duration::from_secs(30),
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        verbose: false,
        paths: vec![],
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
                o.timeout = Duration::from_secs_f64(
                    val("seconds")?
                        .parse()
                        .map_err(|_| "--timeout needs seconds")?,
                )
            }
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

/// One block to run in one mode.
struct Job {
    file: PathBuf,
    name: String,
    line: usize,
    chunk: String,
    mode: vm::Mode,
}

/// Result of one test for the report.
struct Report {
    label: String,
    /// Name in `known-failures`: `test/lib/x.lua:block`, `golden/x.lua`, `badinput/x.lua`,
    /// `bench/x.lua`.
    key: String,
    failure: Option<String>,
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

fn label(mode: &vm::Mode, what: &str) -> String {
    format!("[{}] {what}", mode.name)
}

fn run_blocks(o: &Opts) -> Result<Vec<Report>, String> {
    let mut jobs = Vec::new();
    for f in collect_files(o)? {
        let text =
            std::fs::read_to_string(&f.path).map_err(|e| format!("{}: {e}", f.path.display()))?;
        let sf = split::split(&text).map_err(|e| format!("{}: {e}", f.path.display()))?;
        for b in &sf.blocks {
            let tags: Vec<String> = f.tags.iter().chain(&b.tags).cloned().collect();
            if !selected(o, &f.path, &b.name, &tags) {
                continue;
            }
            for m in o.vm.modes(&o.modes) {
                jobs.push(Job {
                    file: f.path.clone(),
                    name: b.name.clone(),
                    line: b.line,
                    chunk: sf.chunk(b),
                    mode: m,
                });
            }
        }
    }
    Ok(pool::map(&jobs, o.jobs, |j| {
        // Blocks run with their file's directory as cwd so dofile/loadfile of
        // helper files by relative path works.
        let cwd = j
            .file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let out = proc::run(
            &o.vm.program,
            &o.vm.args(&j.mode, &["-"]),
            cwd,
            j.chunk.as_bytes(),
            o.timeout,
        );
        let where_ = format!("{}:{}: {}", j.file.display(), j.line, j.name);
        let failure = (!out.ok()).then(|| {
            format!(
                "{}\n{}",
                out.exit,
                indent(&String::from_utf8_lossy(&out.stderr))
            )
        });
        let rel = j.file.strip_prefix(&o.root).unwrap_or(&j.file);
        Report {
            key: format!("{}:{}", rel.display(), j.name),
            label: label(&j.mode, &where_),
            failure,
        }
    }))
}

fn run_golden(o: &Opts) -> Result<Vec<Report>, String> {
    let dir = o.root.join("golden");
    let mut jobs = Vec::new();
    for g in golden::load(&dir)? {
        if o.filter
            .as_ref()
            .is_some_and(|f| !g.name.contains(f.as_str()))
        {
            continue;
        }
        for m in o.vm.modes(&o.modes) {
            jobs.push((g.clone(), m));
        }
    }
    Ok(pool::map(&jobs, o.jobs, |(g, m)| {
        let file = format!("{}.lua", g.name);
        let out = proc::run(&o.vm.program, &o.vm.args(m, &[&file]), &dir, b"", o.timeout);
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
        let failure = (!problems.is_empty()).then(|| problems.join("\n"));
        Report {
            key: format!("golden/{}.lua", g.name),
            label: label(m, &format!("golden/{}.lua", g.name)),
            failure,
        }
    }))
}

fn run_badinput(o: &Opts) -> Result<Vec<Report>, String> {
    let mut cases = badinput::load(&o.root.join("badinput"))?;
    cases.extend(badinput::generated());
    cases.retain(|c| {
        o.filter
            .as_ref()
            .is_none_or(|f| c.name.contains(f.as_str()))
    });
    // Each case runs as a file of its own name in a scratch directory.
    let scratch = std::env::temp_dir().join(format!("strix-badinput-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    for c in &cases {
        std::fs::write(scratch.join(&c.file), &c.source).map_err(|e| format!("{}: {e}", c.file))?;
    }
    let mut jobs = Vec::new();
    for c in &cases {
        for m in o.vm.modes(&o.modes) {
            jobs.push((c, m));
        }
    }
    let reports = pool::map(&jobs, o.jobs, |(c, m)| {
        let out = proc::run(
            &o.vm.program,
            &o.vm.args(m, &[&c.file]),
            &scratch,
            b"",
            o.timeout,
        );
        let failure = badinput::check(c, &o.vm.name, &out)
            .err()
            .map(|e| format!("{e}\n{}", indent(&String::from_utf8_lossy(&out.stderr))));
        Report {
            key: format!("badinput/{}", c.file),
            label: label(m, &format!("badinput/{}", c.file)),
            failure,
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(reports)
}

/// Runs each benchmark once at its check size: a fast wrong answer fails
/// here, long before anyone reads a speed figure.
fn run_bench(o: &Opts) -> Result<Vec<Report>, String> {
    let dir = o.root.join("bench");
    let mut jobs = Vec::new();
    for b in suite::load(&dir)? {
        if o.filter
            .as_ref()
            .is_some_and(|f| !b.file.contains(f.as_str()))
        {
            continue;
        }
        for m in o.vm.modes(&o.modes) {
            jobs.push((b.clone(), m));
        }
    }
    Ok(pool::map(&jobs, o.jobs, |(b, m)| {
        let size = b.check.to_string();
        let out = proc::run(
            &o.vm.program,
            &o.vm.args(m, &[&b.file, &size]),
            &dir,
            b"",
            o.timeout,
        );
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
        let what = format!("bench/{} {size}", b.file);
        Report {
            key: format!("bench/{}", b.file),
            label: label(m, &what),
            failure: (!problems.is_empty()).then(|| problems.join("\n")),
        }
    }))
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

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("strix-test: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let subs: &[&str] = if o.sub == "all" {
        &["run", "golden", "badinput", "bench"]
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
