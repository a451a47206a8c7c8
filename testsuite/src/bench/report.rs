//! The human-readable report on stdout: Markdown tables of times and ratios
//! (pasteable into a README), then problems, warm-up classes and memory.

use super::analyze::Summary;
use super::csv::Names;
use super::warmup;

fn ratio_text(r: Option<f64>, ci: Option<super::stats::Ci>) -> String {
    match (r, ci) {
        (Some(r), Some(ci)) if ci.hi - ci.lo >= 0.005 => {
            format!("{r:.2} ({:.2}–{:.2})", ci.lo, ci.hi)
        }
        (Some(r), _) => format!("{r:.2}"),
        (None, _) => "–".to_string(),
    }
}

/// The report, with `iters` in-process iterations per run.
pub fn text(n: &Names, s: &Summary, iters: usize) -> String {
    let mut out = String::new();
    let base = &n.vms[s.baseline];
    out.push_str(&format!(
        "Median {} time in seconds per benchmark and VM; ratio to {base} with its {:.0}% \
         bootstrap interval (below 1: faster than {base}).\n\n",
        match s.metric.name() {
            "wall" => "wall-clock",
            "cpu" => "CPU",
            _ => "steady-state iteration",
        },
        s.level * 100.0
    ));
    out.push_str("| benchmark |");
    for v in n.vms {
        out.push_str(&format!(" {v} |"));
    }
    for (i, v) in n.vms.iter().enumerate() {
        if i != s.baseline {
            out.push_str(&format!(" {v}/{base} |"));
        }
    }
    out.push_str("\n| --- |");
    for _ in 0..(2 * n.vms.len() - 1) {
        out.push_str(" ---: |");
    }
    out.push('\n');
    for (b, row) in s.cells.iter().enumerate() {
        out.push_str(&format!("| {} |", n.benches[b].0));
        for c in row {
            let t = match (c.median, c.ok == c.runs) {
                (Some(m), true) => format!("{m:.3}"),
                (Some(m), false) => format!("{m:.3}*"),
                (None, _) => c
                    .problems
                    .first()
                    .map_or("–".to_string(), |(k, _)| k.name().to_string()),
            };
            out.push_str(&format!(" {t} |"));
        }
        for (v, c) in row.iter().enumerate() {
            if v != s.baseline {
                out.push_str(&format!(" {} |", ratio_text(c.ratio, c.ci)));
            }
        }
        out.push('\n');
    }
    out.push_str("| **geometric mean** |");
    out.push_str(&" |".repeat(n.vms.len()));
    for (v, g) in s.geomeans.iter().enumerate() {
        if v == s.baseline {
            continue;
        }
        match g {
            Some(g) => out.push_str(&format!(
                " **{}** (n={}) |",
                ratio_text(Some(g.value), g.ci),
                g.count
            )),
            None => out.push_str(" – |"),
        }
    }
    out.push('\n');

    let mut problems = String::new();
    for (b, row) in s.cells.iter().enumerate() {
        for (v, c) in row.iter().enumerate() {
            if !c.problems.is_empty() {
                problems.push_str(&format!(
                    "- {} on {}: {} of {} runs: {}{}\n",
                    n.benches[b].0,
                    n.vms[v],
                    c.runs - c.ok,
                    c.runs,
                    c.problem_text(),
                    c.detail
                        .as_ref()
                        .map_or(String::new(), |d| format!(" — {d}"))
                ));
            }
        }
    }
    if !problems.is_empty() {
        out.push_str("\n`*`: some runs were not ok or skipped themselves (medians are over the ok runs):\n\n");
        out.push_str(&problems);
    }

    if iters >= warmup::MIN_ITERS {
        out.push_str(&format!(
            "\nWarm-up over {iters} in-process iterations (per process: flat, warm-up, \
             slow-down or no steady state):\n\n| benchmark |"
        ));
        for v in n.vms {
            out.push_str(&format!(" {v} |"));
        }
        out.push_str("\n| --- |");
        out.push_str(&" --- |".repeat(n.vms.len()));
        out.push('\n');
        for (b, row) in s.cells.iter().enumerate() {
            out.push_str(&format!("| {} |", n.benches[b].0));
            for c in row {
                out.push_str(&format!(" {} |", c.warmup.as_deref().unwrap_or("–")));
            }
            out.push('\n');
        }
    }

    out.push_str("\nPeak memory (median maximum RSS, MiB):\n\n| benchmark |");
    for v in n.vms {
        out.push_str(&format!(" {v} |"));
    }
    out.push_str("\n| --- |");
    out.push_str(&" ---: |".repeat(n.vms.len()));
    out.push('\n');
    for (b, row) in s.cells.iter().enumerate() {
        out.push_str(&format!("| {} |", n.benches[b].0));
        for c in row {
            match c.maxrss_kib {
                Some(k) => out.push_str(&format!(" {:.1} |", k / 1024.0)),
                None => out.push_str(" – |"),
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{summarize, Metric};
    use super::super::run::{Kind, Record};
    use super::*;

    #[test]
    fn report_has_ratio_geomean_and_problem_lines() {
        let rec = |vm, wall, kind: Kind| Record {
            bench: 0,
            vm,
            round: 0,
            kind,
            detail: "killed by signal 11".into(),
            wall,
            cpu: wall,
            maxrss_kib: 2048,
            iters: vec![],
            class: None,
            stdout: vec![],
        };
        let recs = vec![
            rec(0, 2.0, Kind::Ok),
            rec(1, 1.0, Kind::Ok),
            rec(1, 1.0, Kind::Crash),
        ];
        let s = summarize(&recs, 1, 2, 0, Metric::Wall, 1);
        let benches = vec![("fib".to_string(), 30)];
        let vms = vec!["lua5.1".to_string(), "strix".to_string()];
        let t = text(
            &Names {
                benches: &benches,
                vms: &vms,
            },
            &s,
            1,
        );
        assert!(t.contains("| fib | 2.000 | 1.000* | 0.50 |"), "{t}");
        assert!(t.contains("**0.50** (n=1)"), "{t}");
        assert!(
            t.contains("- fib on strix: 1 of 2 runs: 1 crash — killed by signal 11"),
            "{t}"
        );
        assert!(t.contains("| fib | 2.0 | 2.0 |"), "{t}");
        assert!(!t.contains("Warm-up"), "{t}");
    }
}
