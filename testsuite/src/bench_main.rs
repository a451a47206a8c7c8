//! `strix-bench`: compares VMs on the benchmarks in `testsuite/bench`
//! (interleaved runs, warm-up classes, ratios with confidence intervals,
//! peak memory) and writes a report, CSV, JSON and SVG plots.

use std::path::{Path, PathBuf};
use std::time::Duration;

use strix_testsuite::bench::{analyze, build, csv, json, plot, report, run, suite, vms};

const USAGE: &str = "\
usage: strix-bench [OPTIONS] [BENCHMARK...]

Runs the benchmarks of testsuite/bench (all, or the named ones) on several
VMs, interleaved, checks every result, and writes a report to stdout and
report.md, runs.csv, iterations.csv, summary.csv, results.json, ratios.svg
and timelines/*.svg to the output directory.

options:
  --vm SPEC         a VM to compare, repeatable (default: strix luajit luajit-joff lua5.1)
                      strix, strix:MODE    the strix next to this runner (or --strix PATH)
                      luajit, luajit-joff, lua5.1
                      NAME=COMMAND [ARGS]  any command: 'old=/opt/strix --interp=ref'
                      NAME=git:REV [ARGS]  strix built from git revision REV
                      NAME=DIR [ARGS]      strix built from the source tree DIR
  --baseline NAME   ratios against this VM (default: the first one given)
  --runs N          process executions per benchmark and VM (default: 5)
  --iters N         in-process iterations per execution (default: 1; 5 or
                    more to classify warm-up)
  --size S          check, bench (each benchmark's size in bench/index; the
                    default) or a number for all
  --metric M        wall (process wall-clock, default), cpu (user+system) or
                    steady (mean steady-state iteration time)
  --timeout SECS    per process (default: 300); a hung VM is killed and reported
  --out DIR         output directory (default: bench-results)
  --quick           smoke run: check sizes, 2 runs, 5 iterations
  --seed N          bootstrap seed (default: 1)
  --strix PATH      the strix for strix[:MODE] (default: next to this binary, else PATH)
  --root DIR        testsuite directory (default: the crate's directory, else
                    ../share/strix/testsuite next to this binary)
  --repo DIR        git repository for NAME=git:REV (default: the parent of --root)
  --scratch DIR     where git:/DIR builds go (default: OUT/build)
  --list            list the benchmarks and exit
  --fail-on-error   exit 1 if any run crashed, hung, failed or printed a wrong result

A VM that crashes, hangs or prints a wrong result is reported for that
benchmark and the run goes on; a VM that is not installed is skipped with a
note. Exit status: 0, 1 (with --fail-on-error), 2 for bad usage.
";

/// Command-line options; `None` where the default depends on `--quick`.
struct Opts {
    vms: Vec<String>,
    baseline: Option<String>,
    runs: Option<usize>,
    iters: Option<usize>,
    size: Option<String>,
    metric: analyze::Metric,
    timeout: Duration,
    out: PathBuf,
    quick: bool,
    seed: u64,
    strix: String,
    root: PathBuf,
    repo: Option<PathBuf>,
    scratch: Option<PathBuf>,
    list: bool,
    fail_on_error: bool,
    benches: Vec<String>,
}

/// The testsuite directory: this crate's when built from a checkout, else
/// the installed copy next to the binary (`share/strix/testsuite`, as the nix
/// package has it).
fn default_root() -> PathBuf {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if crate_dir.join("bench/index").is_file() {
        return crate_dir;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("share/strix/testsuite")))
        .filter(|d| d.join("bench/index").is_file())
        .unwrap_or(crate_dir)
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        vms: vec![],
        baseline: None,
        runs: None,
        iters: None,
        size: None,
        metric: analyze::Metric::Wall,
        timeout: Duration::from_secs(300),
        out: PathBuf::from("bench-results"),
        quick: false,
        seed: 1,
        strix: strix_testsuite::vm::default_vm(),
        root: default_root(),
        repo: None,
        scratch: None,
        list: false,
        fail_on_error: false,
        benches: vec![],
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |what: &str| args.next().ok_or_else(|| format!("{a} needs {what}"));
        let count = |s: String, opt: &str| -> Result<usize, String> {
            s.parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{opt} needs a positive whole number, not '{s}'"))
        };
        match a.as_str() {
            "--vm" => o.vms.push(val("a VM")?),
            "--baseline" => o.baseline = Some(val("a VM name")?),
            "--runs" => o.runs = Some(count(val("a number")?, "--runs")?),
            "--iters" => o.iters = Some(count(val("a number")?, "--iters")?),
            "--size" => o.size = Some(val("check, bench or a number")?),
            "--metric" => {
                let m = val("wall, cpu or steady")?;
                o.metric = analyze::Metric::parse(&m)
                    .ok_or_else(|| format!("unknown metric '{m}' (wall, cpu, steady)"))?;
            }
            "--timeout" => {
                let s = val("seconds")?;
                o.timeout = s
                    .parse::<f64>()
                    .ok()
                    .filter(|t| *t > 0.0 && t.is_finite())
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| format!("--timeout needs seconds, not '{s}'"))?;
            }
            "--out" => o.out = PathBuf::from(val("a directory")?),
            "--quick" => o.quick = true,
            "--seed" => {
                let s = val("a number")?;
                o.seed = s
                    .parse()
                    .map_err(|_| format!("--seed needs a number, not '{s}'"))?;
            }
            "--strix" => o.strix = val("a path")?,
            "--root" => o.root = PathBuf::from(val("a directory")?),
            "--repo" => o.repo = Some(PathBuf::from(val("a directory")?)),
            "--scratch" => o.scratch = Some(PathBuf::from(val("a directory")?)),
            "--list" => o.list = true,
            "--fail-on-error" => o.fail_on_error = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            _ => o.benches.push(a),
        }
    }
    Ok(o)
}

/// The benchmarks to run, each with its size.
fn select(o: &Opts, all: &[suite::Benchmark]) -> Result<Vec<(suite::Benchmark, u64)>, String> {
    let chosen: Vec<suite::Benchmark> = if o.benches.is_empty() {
        all.to_vec()
    } else {
        o.benches
            .iter()
            .map(|want| {
                let file = if want.ends_with(".lua") {
                    want.clone()
                } else {
                    format!("{want}.lua")
                };
                all.iter()
                    .find(|b| b.file == file)
                    .cloned()
                    .ok_or_else(|| format!("no benchmark '{want}' in bench/index (try --list)"))
            })
            .collect::<Result<_, _>>()?
    };
    let size = o
        .size
        .clone()
        .unwrap_or_else(|| if o.quick { "check" } else { "bench" }.to_string());
    chosen
        .into_iter()
        .map(|b| {
            let n = match size.as_str() {
                "check" => b.check,
                "bench" => b.bench,
                s => s
                    .parse()
                    .map_err(|_| format!("--size needs check, bench or a number, not '{s}'"))?,
            };
            Ok((b, n))
        })
        .collect()
}

/// Parses, builds and finds the VMs; missing or unbuildable ones become notes.
fn resolve_vms(o: &Opts, notes: &mut Vec<String>) -> Result<Vec<vms::Vm>, String> {
    let specs: Vec<String> = if o.vms.is_empty() {
        vms::DEFAULT_VMS.iter().map(|s| s.to_string()).collect()
    } else {
        o.vms.clone()
    };
    let scratch = o.scratch.clone().unwrap_or_else(|| o.out.join("build"));
    let repo = o.repo.clone().unwrap_or_else(|| o.root.join(".."));
    let mut out: Vec<vms::Vm> = Vec::new();
    for spec in &specs {
        let mut vm = vms::parse(spec, &o.strix)?;
        if out.iter().any(|v| v.name == vm.name) {
            return Err(format!("two VMs are named '{}'", vm.name));
        }
        let built = match &vm.origin {
            vms::Origin::Program => Ok(None),
            vms::Origin::GitRev(rev) => {
                eprintln!(
                    "strix-bench: building {} from git revision {rev}...",
                    vm.name
                );
                build::build_rev(&repo, rev, &vm.name, &scratch).map(Some)
            }
            vms::Origin::Tree(dir) => {
                eprintln!(
                    "strix-bench: building {} from {}...",
                    vm.name,
                    dir.display()
                );
                build::build_tree(dir, &vm.name, &scratch).map(Some)
            }
        };
        match built {
            Ok(Some(p)) => vm.program = p.to_string_lossy().into_owned(),
            Ok(None) => {}
            Err(e) => {
                notes.push(format!("{}: build failed, skipped: {e}", vm.name));
                continue;
            }
        }
        // Benchmarks run in the bench directory: a relative path must not be
        // resolved there.
        if vm.program.contains('/') {
            if let Ok(abs) = std::path::absolute(&vm.program) {
                vm.program = abs.to_string_lossy().into_owned();
            }
        }
        if !vms::available(&vm.program) {
            notes.push(format!("{}: '{}' not found, skipped", vm.name, vm.program));
            continue;
        }
        out.push(vm);
    }
    Ok(out)
}

fn write(path: &Path, data: &str) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() {
    match real_main() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("strix-bench: {e}");
            std::process::exit(2);
        }
    }
}

fn real_main() -> Result<i32, String> {
    let o = parse_args().map_err(|e| format!("{e}\n{USAGE}"))?;
    let dir = o.root.join("bench");
    let all = suite::load(&dir)?;
    if o.list {
        for b in &all {
            println!(
                "{:<20} check {:<9} bench {:<9} {}",
                b.name(),
                b.check,
                b.bench,
                b.what
            );
        }
        return Ok(0);
    }
    let benches = select(&o, &all)?;
    std::fs::create_dir_all(&o.out).map_err(|e| format!("{}: {e}", o.out.display()))?;
    let mut notes = Vec::new();
    let vms = resolve_vms(&o, &mut notes)?;
    for n in &notes {
        eprintln!("strix-bench: note: {n}");
    }
    if vms.is_empty() {
        return Err("none of the VMs is available".into());
    }
    let baseline = match &o.baseline {
        Some(name) => vms.iter().position(|v| &v.name == name).ok_or_else(|| {
            format!(
                "baseline '{name}' is not among the available VMs ({})",
                vms.iter()
                    .map(|v| v.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?,
        None => 0,
    };
    let runs = o.runs.unwrap_or(if o.quick { 2 } else { 5 });
    let iters = o.iters.unwrap_or(if o.quick { 5 } else { 1 });
    let plan = run::Plan {
        dir: &dir,
        benches,
        vms,
        baseline,
        runs,
        iters,
        timeout: o.timeout,
    };
    eprintln!(
        "strix-bench: {} benchmarks x {} VMs x {runs} runs x {iters} iterations; baseline {}",
        plan.benches.len(),
        plan.vms.len(),
        plan.vms[baseline].name
    );
    let records = run::run(&plan);
    let bench_names: Vec<(String, u64)> = plan
        .benches
        .iter()
        .map(|(b, n)| (b.name().to_string(), *n))
        .collect();
    let vm_names: Vec<String> = plan.vms.iter().map(|v| v.name.clone()).collect();
    let names = csv::Names {
        benches: &bench_names,
        vms: &vm_names,
    };
    let summary = analyze::summarize(
        &records,
        bench_names.len(),
        vm_names.len(),
        baseline,
        o.metric,
        o.seed,
    );
    let mut text = report::text(&names, &summary, iters);
    text.push_str("\nVMs:\n\n");
    for v in &plan.vms {
        text.push_str(&format!("- {}: `{}`\n", v.name, v.command()));
    }
    for n in &notes {
        text.push_str(&format!("- note: {n}\n"));
    }
    print!("{text}");
    write(&o.out.join("report.md"), &text)?;
    write(&o.out.join("runs.csv"), &csv::runs(&names, &records))?;
    write(
        &o.out.join("iterations.csv"),
        &csv::iterations(&names, &records),
    )?;
    write(&o.out.join("summary.csv"), &csv::summary(&names, &summary))?;
    let commands: Vec<String> = plan.vms.iter().map(|v| v.command()).collect();
    let cfg = json::Config {
        runs,
        iters,
        timeout_s: o.timeout.as_secs_f64(),
        commands: &commands,
        notes: &notes,
    };
    let doc = json::document(&cfg, &names, &records, &summary);
    let pretty = serde_json::to_string_pretty(&doc).map_err(|e| format!("results.json: {e}"))?;
    write(&o.out.join("results.json"), &(pretty + "\n"))?;
    plot::ratios(&o.out.join("ratios.svg"), &names, &summary)?;
    let drawn = plot::timelines(&o.out.join("timelines"), &names, &records)?;
    eprintln!(
        "strix-bench: wrote report.md, runs.csv, iterations.csv, summary.csv, results.json, \
         ratios.svg and {drawn} timelines to {}",
        o.out.display()
    );
    let bad = records
        .iter()
        .any(|r| !matches!(r.kind, run::Kind::Ok | run::Kind::Skipped));
    Ok(if bad && o.fail_on_error { 1 } else { 0 })
}
