//! JSON output (`results.json`): the configuration, every VM, every run with
//! its iteration times, and the summary, in one document for other tools.
//!
//! Schema (version 1): `{ "version", "metric", "runs", "iterations",
//! "timeout_s", "baseline", "confidence", "notes": [..], "vms": [{ "name",
//! "command" }], "benchmarks": [{ "name", "size", "results": [{ "vm",
//! "ok_runs", "runs", "median_s", "ratio", "ci": [lo, hi], "maxrss_kib",
//! "warmup", "problems", "detail", "processes": [{ "run", "status", "detail",
//! "wall_s", "cpu_s", "maxrss_kib", "iterations": [s, ..], "warmup" }] }] }],
//! "geomeans": [{ "vm", "ratio", "ci": [lo, hi], "benchmarks" }] }`.
//! Absent values are `null`.

use serde_json::{json, Value};

use super::analyze::Summary;
use super::csv::Names;
use super::run::Record;

/// Settings of the run, for the document's head.
pub struct Config<'a> {
    pub runs: usize,
    pub iters: usize,
    pub timeout_s: f64,
    pub commands: &'a [String],
    pub notes: &'a [String],
}

fn ci(c: Option<super::stats::Ci>) -> Value {
    c.map_or(Value::Null, |c| json!([c.lo, c.hi]))
}

/// The whole document.
pub fn document(cfg: &Config, n: &Names, records: &[Record], s: &Summary) -> Value {
    let benchmarks: Vec<Value> = s
        .cells
        .iter()
        .enumerate()
        .map(|(b, row)| {
            let results: Vec<Value> = row
                .iter()
                .enumerate()
                .map(|(v, c)| {
                    let processes: Vec<Value> = records
                        .iter()
                        .filter(|r| r.bench == b && r.vm == v)
                        .map(|r| {
                            json!({
                                "run": r.round + 1,
                                "status": r.kind.name(),
                                "detail": r.detail,
                                "wall_s": r.wall,
                                "cpu_s": r.cpu,
                                "maxrss_kib": r.maxrss_kib,
                                "iterations": r.iters,
                                "warmup": r.class.map(|c| c.name()),
                            })
                        })
                        .collect();
                    json!({
                        "vm": n.vms[v],
                        "ok_runs": c.ok,
                        "runs": c.runs,
                        "median_s": c.median,
                        "ratio": c.ratio,
                        "ci": ci(c.ci),
                        "maxrss_kib": c.maxrss_kib,
                        "warmup": c.warmup,
                        "problems": c.problem_text(),
                        "detail": c.detail,
                        "processes": processes,
                    })
                })
                .collect();
            json!({ "name": n.benches[b].0, "size": n.benches[b].1, "results": results })
        })
        .collect();
    let geomeans: Vec<Value> = s
        .geomeans
        .iter()
        .enumerate()
        .filter_map(|(v, g)| {
            g.as_ref().map(|g| {
                json!({ "vm": n.vms[v], "ratio": g.value, "ci": ci(g.ci), "benchmarks": g.count })
            })
        })
        .collect();
    let vms: Vec<Value> = n
        .vms
        .iter()
        .zip(cfg.commands)
        .map(|(name, cmd)| json!({ "name": name, "command": cmd }))
        .collect();
    json!({
        "version": 1,
        "metric": s.metric.name(),
        "runs": cfg.runs,
        "iterations": cfg.iters,
        "timeout_s": cfg.timeout_s,
        "baseline": n.vms[s.baseline],
        "confidence": s.level,
        "notes": cfg.notes,
        "vms": vms,
        "benchmarks": benchmarks,
        "geomeans": geomeans,
    })
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{summarize, Metric};
    use super::super::run::Kind;
    use super::*;

    #[test]
    fn document_holds_runs_summary_and_geomeans() {
        let rec = |vm, wall, kind| Record {
            bench: 0,
            vm,
            round: 0,
            kind,
            detail: String::new(),
            wall,
            cpu: wall,
            maxrss_kib: 100,
            iters: vec![wall],
            class: None,
            stdout: vec![],
        };
        let recs = vec![
            rec(0, 1.0, Kind::Ok),
            rec(1, 0.5, Kind::Ok),
            rec(1, 0.1, Kind::Crash),
        ];
        let s = summarize(&recs, 1, 2, 0, Metric::Wall, 1);
        let benches = vec![("fib".to_string(), 30)];
        let vms = vec!["lua5.1".to_string(), "strix".to_string()];
        let cmds = vec!["lua5.1".to_string(), "strix --interp=ref".to_string()];
        let notes = vec!["luajit not found: skipped".to_string()];
        let cfg = Config {
            runs: 1,
            iters: 1,
            timeout_s: 60.0,
            commands: &cmds,
            notes: &notes,
        };
        let names = Names {
            benches: &benches,
            vms: &vms,
        };
        let d = document(&cfg, &names, &recs, &s);
        // A round trip through text keeps it valid JSON.
        let d: Value = serde_json::from_str(&d.to_string()).unwrap();
        assert_eq!(d["baseline"], "lua5.1");
        assert_eq!(d["vms"][1]["command"], "strix --interp=ref");
        let strix = &d["benchmarks"][0]["results"][1];
        assert_eq!(strix["ratio"], 0.5);
        assert_eq!(strix["problems"], "1 crash");
        assert_eq!(strix["processes"][1]["status"], "crash");
        assert_eq!(strix["processes"][0]["iterations"][0], 0.5);
        assert_eq!(d["benchmarks"][0]["results"][0]["ci"][0], 1.0);
        assert_eq!(d["geomeans"][0]["vm"], "strix");
        assert_eq!(d["geomeans"][0]["benchmarks"], 1);
        assert_eq!(d["notes"][0], "luajit not found: skipped");
    }
}
