//! CSV output (RFC 4180 quoting): one row per process (`runs.csv`), per
//! in-process iteration (`iterations.csv`) and per benchmark and VM
//! (`summary.csv`), for R, pandas or a spreadsheet.

use super::analyze::Summary;
use super::run::Record;

/// One field, quoted when it holds a comma, quote or line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A table with a header row.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |fields: Vec<String>| {
        out.push_str(
            &fields
                .iter()
                .map(|f| field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    };
    line(header.iter().map(|s| s.to_string()).collect());
    for r in rows {
        line(r.clone());
    }
    out
}

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.6}"))
}

/// Names of the benchmarks (with their sizes) and VMs, by index.
pub struct Names<'a> {
    pub benches: &'a [(String, u64)],
    pub vms: &'a [String],
}

/// `runs.csv`: benchmark, size, vm, run, status, detail, wall/cpu seconds,
/// peak RSS, iteration count, warm-up class.
pub fn runs(n: &Names, records: &[Record]) -> String {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                n.benches[r.bench].0.clone(),
                n.benches[r.bench].1.to_string(),
                n.vms[r.vm].clone(),
                (r.round + 1).to_string(),
                r.kind.name().to_string(),
                r.detail.clone(),
                format!("{:.6}", r.wall),
                format!("{:.6}", r.cpu),
                r.maxrss_kib.to_string(),
                r.iters.len().to_string(),
                r.class.map_or(String::new(), |c| c.name().to_string()),
            ]
        })
        .collect();
    table(
        &[
            "benchmark",
            "size",
            "vm",
            "run",
            "status",
            "detail",
            "wall_s",
            "cpu_s",
            "maxrss_kib",
            "iterations",
            "warmup",
        ],
        &rows,
    )
}

/// `iterations.csv`: one row per in-process iteration.
pub fn iterations(n: &Names, records: &[Record]) -> String {
    let rows: Vec<Vec<String>> = records
        .iter()
        .flat_map(|r| {
            r.iters.iter().enumerate().map(move |(i, t)| {
                vec![
                    n.benches[r.bench].0.clone(),
                    n.vms[r.vm].clone(),
                    (r.round + 1).to_string(),
                    (i + 1).to_string(),
                    format!("{t:.6}"),
                ]
            })
        })
        .collect();
    table(&["benchmark", "vm", "run", "iteration", "seconds"], &rows)
}

/// `summary.csv`: one row per benchmark and VM.
pub fn summary(n: &Names, s: &Summary) -> String {
    let mut rows = Vec::new();
    for (b, row) in s.cells.iter().enumerate() {
        for (v, c) in row.iter().enumerate() {
            rows.push(vec![
                n.benches[b].0.clone(),
                n.benches[b].1.to_string(),
                n.vms[v].clone(),
                s.metric.name().to_string(),
                c.ok.to_string(),
                c.runs.to_string(),
                num(c.median),
                num(c.ratio),
                num(c.ci.map(|ci| ci.lo)),
                num(c.ci.map(|ci| ci.hi)),
                c.maxrss_kib.map_or(String::new(), |k| format!("{k:.0}")),
                c.warmup.clone().unwrap_or_default(),
                c.problem_text(),
            ]);
        }
    }
    table(
        &[
            "benchmark",
            "size",
            "vm",
            "metric",
            "ok_runs",
            "runs",
            "median_s",
            "ratio",
            "ci_lo",
            "ci_hi",
            "maxrss_kib",
            "warmup",
            "problems",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::super::run::Kind;
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(
            table(&["a", "b"], &[vec!["1".into(), "x,y".into()]]),
            "a,b\n1,\"x,y\"\n"
        );
    }

    #[test]
    fn writes_runs_and_iterations() {
        let benches = vec![("fib".to_string(), 30)];
        let vms = vec!["strix".to_string()];
        let n = Names {
            benches: &benches,
            vms: &vms,
        };
        let r = Record {
            bench: 0,
            vm: 0,
            round: 1,
            kind: Kind::Error,
            detail: "exit 1: x.lua:1: bad, very".into(),
            wall: 1.5,
            cpu: 1.25,
            maxrss_kib: 2048,
            iters: vec![0.5, 0.25],
            class: None,
            stdout: vec![],
        };
        let text = runs(&n, std::slice::from_ref(&r));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("benchmark,size,vm,run,status,detail,wall_s,cpu_s,maxrss_kib,iterations,warmup")
        );
        assert_eq!(
            lines.next(),
            Some("fib,30,strix,2,error,\"exit 1: x.lua:1: bad, very\",1.500000,1.250000,2048,2,")
        );
        assert_eq!(
            iterations(&n, &[r]),
            "benchmark,vm,run,iteration,seconds\nfib,strix,2,1,0.500000\nfib,strix,2,2,0.250000\n"
        );
    }
}
