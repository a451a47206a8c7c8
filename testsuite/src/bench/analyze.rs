//! Turns run records into a summary: per benchmark and VM the median time,
//! the ratio to the baseline with a bootstrap confidence interval, peak
//! memory, warm-up class and problems; per VM the geometric mean of ratios.

use super::run::{Kind, Record};
use super::stats::{self, Ci, Rng};
use super::warmup;

/// What time a run is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Wall-clock time of the whole process (start-up, warm-up, everything).
    Wall,
    /// User + system CPU time of the process.
    Cpu,
    /// Mean in-process iteration time over the steady state (the last
    /// segment the warm-up classifier found).
    Steady,
}

impl Metric {
    pub const ALL: &'static [(&'static str, Metric)] = &[
        ("wall", Metric::Wall),
        ("cpu", Metric::Cpu),
        ("steady", Metric::Steady),
    ];

    pub fn name(self) -> &'static str {
        Metric::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("?", |(n, _)| n)
    }

    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.iter().find(|(n, _)| *n == s).map(|(_, m)| *m)
    }

    /// The value of one run, if it has one.
    pub fn of(self, r: &Record) -> Option<f64> {
        match self {
            Metric::Wall => Some(r.wall),
            Metric::Cpu => Some(r.cpu),
            Metric::Steady if r.iters.len() >= warmup::MIN_ITERS => {
                warmup::segments(&r.iters).last().map(|s| s.mean)
            }
            Metric::Steady => stats::median(&r.iters),
        }
    }
}

/// One benchmark on one VM.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub runs: usize,
    pub ok: usize,
    /// Runs that were not ok, by kind, with the first one's detail.
    pub problems: Vec<(Kind, usize)>,
    pub detail: Option<String>,
    /// Metric values of the ok runs.
    pub values: Vec<f64>,
    pub median: Option<f64>,
    pub maxrss_kib: Option<f64>,
    pub ratio: Option<f64>,
    pub ci: Option<Ci>,
    pub warmup: Option<String>,
    replicates: Vec<f64>,
}

impl Cell {
    /// `2 crash, 1 timeout`, or empty.
    pub fn problem_text(&self) -> String {
        self.problems
            .iter()
            .map(|(k, n)| format!("{n} {}", k.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Usable for ratios: at least one ok run and no wrong result.
    fn usable(&self) -> bool {
        self.median.is_some() && !self.problems.iter().any(|(k, _)| *k == Kind::Wrong)
    }
}

/// A VM's geometric mean ratio over the benchmarks it has a ratio for.
#[derive(Debug, Clone)]
pub struct Geo {
    pub value: f64,
    pub ci: Option<Ci>,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub metric: Metric,
    pub baseline: usize,
    /// `cells[bench][vm]`.
    pub cells: Vec<Vec<Cell>>,
    /// Per VM (None for the baseline and VMs with no usable ratio).
    pub geomeans: Vec<Option<Geo>>,
    pub level: f64,
}

/// Bootstrap replicates per interval.
const REPLICATES: usize = 2000;

/// Summarizes `records` of `nbench` benchmarks on `nvm` VMs.
pub fn summarize(
    records: &[Record],
    nbench: usize,
    nvm: usize,
    baseline: usize,
    metric: Metric,
    seed: u64,
) -> Summary {
    let level = 0.95;
    let mut rng = Rng::new(seed);
    let mut cells = vec![vec![Cell::default(); nvm]; nbench];
    for (b, row) in cells.iter_mut().enumerate() {
        for (v, cell) in row.iter_mut().enumerate() {
            let recs: Vec<&Record> = records
                .iter()
                .filter(|r| r.bench == b && r.vm == v)
                .collect();
            cell.runs = recs.len();
            let ok: Vec<&&Record> = recs.iter().filter(|r| r.kind == Kind::Ok).collect();
            cell.ok = ok.len();
            for r in recs.iter().filter(|r| r.kind != Kind::Ok) {
                match cell.problems.iter_mut().find(|(k, _)| *k == r.kind) {
                    Some((_, n)) => *n += 1,
                    None => cell.problems.push((r.kind, 1)),
                }
                if cell.detail.is_none() {
                    cell.detail = Some(r.detail.clone());
                }
            }
            cell.values = ok.iter().filter_map(|r| metric.of(r)).collect();
            cell.median = stats::median(&cell.values);
            let rss: Vec<f64> = ok.iter().map(|r| r.maxrss_kib as f64).collect();
            cell.maxrss_kib = stats::median(&rss);
            let classes: Vec<_> = ok.iter().filter_map(|r| r.class).collect();
            cell.warmup = warmup::summarize(&classes);
        }
        let base = row[baseline].clone();
        for cell in row.iter_mut() {
            if !(cell.usable() && base.usable()) {
                continue;
            }
            if let (Some(m), Some(bm)) = (cell.median, base.median) {
                if bm > 0.0 {
                    cell.ratio = Some(m / bm);
                    cell.replicates =
                        stats::bootstrap_ratios(&cell.values, &base.values, REPLICATES, &mut rng);
                    cell.ci = stats::percentile_ci(&cell.replicates, level);
                }
            }
        }
    }
    let geomeans = (0..nvm)
        .map(|v| {
            if v == baseline {
                return None;
            }
            let with: Vec<&Cell> = cells
                .iter()
                .map(|row| &row[v])
                .filter(|c| c.ratio.is_some())
                .collect();
            let ratios: Vec<f64> = with.iter().filter_map(|c| c.ratio).collect();
            let reps: Vec<Vec<f64>> = with.iter().map(|c| c.replicates.clone()).collect();
            stats::geomean(&ratios).map(|value| Geo {
                value,
                ci: stats::percentile_ci(&stats::geomean_replicates(&reps), level),
                count: ratios.len(),
            })
        })
        .collect();
    Summary {
        metric,
        baseline,
        cells,
        geomeans,
        level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(bench: usize, vm: usize, kind: Kind, wall: f64) -> Record {
        Record {
            bench,
            vm,
            round: 0,
            kind,
            detail: kind.name().to_string(),
            wall,
            cpu: wall / 2.0,
            maxrss_kib: 1000 * (vm as u64 + 1),
            iters: vec![],
            class: None,
            stdout: vec![],
        }
    }

    #[test]
    fn ratios_geomeans_and_problems() {
        let mut recs = Vec::new();
        for round in 0..3 {
            let d = round as f64 * 0.01;
            recs.push(rec(0, 0, Kind::Ok, 1.0 + d));
            recs.push(rec(0, 1, Kind::Ok, 2.0 + d));
            recs.push(rec(1, 0, Kind::Ok, 1.0 + d));
            recs.push(rec(1, 1, Kind::Ok, 0.5 + d));
        }
        recs.push(rec(1, 1, Kind::Crash, 9.0));
        let s = summarize(&recs, 2, 2, 0, Metric::Wall, 1);
        let c = &s.cells[0][1];
        assert!((c.ratio.unwrap() - 2.01 / 1.01).abs() < 1e-9);
        let ci = c.ci.unwrap();
        assert!(ci.lo <= c.ratio.unwrap() && c.ratio.unwrap() <= ci.hi);
        assert_eq!(s.cells[0][0].ratio, Some(1.0));
        assert_eq!(c.maxrss_kib, Some(2000.0));
        // The crash is reported but the ok runs still give a ratio.
        let c = &s.cells[1][1];
        assert_eq!((c.runs, c.ok), (4, 3));
        assert_eq!(c.problem_text(), "1 crash");
        let g = s.geomeans[1].as_ref().unwrap();
        assert_eq!(g.count, 2);
        let want = (2.01_f64 / 1.01 * (0.51 / 1.01)).sqrt();
        assert!((g.value - want).abs() < 1e-9, "{} vs {want}", g.value);
        assert!(s.geomeans[0].is_none());
        // CPU metric uses the other column.
        let s = summarize(&recs, 2, 2, 0, Metric::Cpu, 1);
        assert_eq!(s.cells[0][1].median, Some(1.005));
    }

    #[test]
    fn wrong_output_gets_no_ratio() {
        let recs = vec![
            rec(0, 0, Kind::Ok, 1.0),
            rec(0, 1, Kind::Ok, 0.1),
            rec(0, 1, Kind::Wrong, 0.1),
        ];
        let s = summarize(&recs, 1, 2, 0, Metric::Wall, 1);
        assert_eq!(s.cells[0][1].ratio, None);
        assert!(s.geomeans[1].is_none());
    }

    #[test]
    fn steady_metric_uses_the_last_segment() {
        let mut r = rec(0, 0, Kind::Ok, 5.0);
        r.iters = vec![0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
        assert!((Metric::Steady.of(&r).unwrap() - 0.1).abs() < 1e-12);
        r.iters = vec![0.3, 0.1];
        assert!((Metric::Steady.of(&r).unwrap() - 0.2).abs() < 1e-12);
        r.iters = vec![];
        assert_eq!(Metric::Steady.of(&r), None);
        assert_eq!(Metric::parse("cpu"), Some(Metric::Cpu));
        assert_eq!(Metric::Steady.name(), "steady");
    }
}
