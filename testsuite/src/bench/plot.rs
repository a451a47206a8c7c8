//! SVG plots (plotters, SVG backend only): `ratios.svg`, one panel per VM
//! with a bar per benchmark from 1 to its ratio against the baseline and the
//! bootstrap interval as an error bar; `timelines/NAME.svg`, the time of each
//! in-process iteration of every process, one colour per VM.

use std::path::Path;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::analyze::Summary;
use super::csv::Names;
use super::run::{Kind, Record};

/// VM colours, in `--vm` order (repeating).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
];

fn color(vm: usize) -> RGBColor {
    PALETTE[vm % PALETTE.len()]
}

/// A log-axis tick label: 1, 2 and 5 times powers of ten get one, other
/// ticks none (plotters puts many ticks on a log axis, and they overlap).
fn log_label(x: f64) -> String {
    if !(x > 0.0 && x.is_finite()) {
        return String::new();
    }
    let e = x.log10().floor();
    let m = x / 10f64.powf(e);
    let Some(&lead) = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .find(|&&k| (m - k).abs() < 1e-6 * k)
    else {
        return String::new();
    };
    let decimals = if lead == 10.0 { -e - 1.0 } else { -e }.max(0.0) as usize;
    format!("{:.*}", decimals, lead * 10f64.powf(e))
}

/// Wraps a plotters error with the file it was drawing.
fn fail<E: std::fmt::Display>(path: &Path) -> impl Fn(E) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

/// Draws `ratios.svg`. Nothing to draw (only a baseline) is not an error.
pub fn ratios(path: &Path, n: &Names, s: &Summary) -> Result<(), String> {
    let others: Vec<usize> = (0..n.vms.len()).filter(|&v| v != s.baseline).collect();
    if others.is_empty() {
        return Ok(());
    }
    let nbench = n.benches.len();
    // Rows: every benchmark, then the geometric mean.
    let rows = nbench + 1;
    let row = |v: usize, b: usize| {
        if b < nbench {
            let c = &s.cells[b][v];
            (c.ratio, c.ci)
        } else {
            s.geomeans[v]
                .as_ref()
                .map_or((None, None), |g| (Some(g.value), g.ci))
        }
    };
    let (mut lo, mut hi) = (1.0f64, 1.0f64);
    for &v in &others {
        for b in 0..rows {
            let (r, ci) = row(v, b);
            for x in r
                .into_iter()
                .chain(ci.map(|c| c.lo))
                .chain(ci.map(|c| c.hi))
            {
                if x > 0.0 && x.is_finite() {
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
            }
        }
    }
    let (lo, hi) = (lo / 1.3, hi * 1.3);
    let panel_h = 90 + 18 * rows as u32;
    let root = SVGBackend::new(path, (960, panel_h * others.len() as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(fail(path))?;
    let base = &n.vms[s.baseline];
    let label = |b: usize| {
        if b < nbench {
            n.benches[b].0.clone()
        } else {
            "geometric mean".to_string()
        }
    };
    for (panel, &v) in root.split_evenly((others.len(), 1)).iter().zip(&others) {
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!(
                    "{} / {base}: {} time ratio, {:.0}% bootstrap interval",
                    n.vms[v],
                    s.metric.name(),
                    s.level * 100.0
                ),
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(130)
            .build_cartesian_2d((lo..hi).log_scale(), (0..rows).into_segmented())
            .map_err(fail(path))?;
        // Row 0 is drawn at the bottom: put the first benchmark on top.
        let y = |b: usize| rows - 1 - b;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_labels(30)
            .x_label_formatter(&|x| log_label(*x))
            .y_labels(rows)
            .y_label_formatter(&|sv| match sv {
                SegmentValue::CenterOf(i) if *i < rows => label(rows - 1 - i),
                _ => String::new(),
            })
            .x_desc(format!("ratio to {base} (log scale; below 1 is faster)"))
            .draw()
            .map_err(fail(path))?;
        let c = color(v);
        for b in 0..rows {
            let (Some(r), ci) = row(v, b) else { continue };
            let style = if b < nbench {
                c.mix(0.75).filled()
            } else {
                c.filled()
            };
            let mut bar = Rectangle::new(
                [
                    (1.0, SegmentValue::Exact(y(b))),
                    (r, SegmentValue::Exact(y(b) + 1)),
                ],
                style,
            );
            bar.set_margin(3, 3, 0, 0);
            chart
                .draw_series(std::iter::once(bar))
                .map_err(fail(path))?;
            if let Some(ci) = ci {
                chart
                    .draw_series(std::iter::once(ErrorBar::new_horizontal(
                        SegmentValue::CenterOf(y(b)),
                        ci.lo,
                        r,
                        ci.hi,
                        BLACK.stroke_width(1),
                        8,
                    )))
                    .map_err(fail(path))?;
            }
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(1.0, SegmentValue::Exact(0)), (1.0, SegmentValue::Last)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail(path))?;
    }
    root.present().map_err(fail(path))
}

/// Draws `dir/NAME.svg` for each benchmark whose runs have two or more
/// iterations; returns how many it drew.
pub fn timelines(dir: &Path, n: &Names, records: &[Record]) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut drawn = 0;
    for (b, (bench, size)) in n.benches.iter().enumerate() {
        let recs: Vec<&Record> = records
            .iter()
            .filter(|r| r.bench == b && r.kind == Kind::Ok && r.iters.len() >= 2)
            .collect();
        let longest = recs.iter().map(|r| r.iters.len()).max().unwrap_or(0);
        let positive = || {
            recs.iter()
                .flat_map(|r| r.iters.iter().copied())
                .filter(|&t| t > 0.0)
        };
        let (Some(lo), Some(hi)) = (
            positive().min_by(f64::total_cmp),
            positive().max_by(f64::total_cmp),
        ) else {
            continue;
        };
        let path = dir.join(format!("{bench}.svg"));
        let root = SVGBackend::new(&path, (960, 440)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(&path))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{bench} (size {size}): seconds per in-process iteration"),
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(1usize..longest, (lo / 1.2..hi * 1.2).log_scale())
            .map_err(fail(&path))?;
        chart
            .configure_mesh()
            .x_desc("iteration")
            .y_desc("seconds (log scale)")
            .y_labels(30)
            .y_label_formatter(&|y| log_label(*y))
            .draw()
            .map_err(fail(&path))?;
        for (v, name) in n.vms.iter().enumerate() {
            let c = color(v);
            for (k, r) in recs.iter().filter(|r| r.vm == v).enumerate() {
                let points = r
                    .iters
                    .iter()
                    .enumerate()
                    .filter(|(_, &t)| t > 0.0)
                    .map(|(i, &t)| (i + 1, t));
                let series = chart
                    .draw_series(LineSeries::new(points, c.stroke_width(1)))
                    .map_err(fail(&path))?;
                if k == 0 {
                    series
                        .label(name.as_str())
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c));
                }
            }
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(fail(&path))?;
        root.present().map_err(fail(&path))?;
        drawn += 1;
    }
    Ok(drawn)
}

#[cfg(test)]
mod tests {
    use super::super::analyze::{summarize, Metric};
    use super::*;

    #[test]
    fn log_labels_only_on_one_two_five() {
        assert_eq!(log_label(1.0), "1");
        assert_eq!(log_label(0.2), "0.2");
        assert_eq!(log_label(0.05), "0.05");
        assert_eq!(log_label(20.0), "20");
        assert_eq!(log_label(0.30000000000000004), "");
        assert_eq!(log_label(0.0), "");
    }

    #[test]
    fn draws_ratio_bars_and_timelines_as_svg() {
        let rec = |vm, round, wall| Record {
            bench: 0,
            vm,
            round,
            kind: Kind::Ok,
            detail: String::new(),
            wall,
            cpu: wall,
            maxrss_kib: 1,
            iters: vec![wall, wall / 2.0, wall / 2.0],
            class: None,
            stdout: vec![],
        };
        let recs: Vec<Record> = (0..3)
            .flat_map(|k| [rec(0, k, 1.0 + k as f64 * 0.01), rec(1, k, 0.5)])
            .collect();
        let s = summarize(&recs, 1, 2, 0, Metric::Wall, 1);
        let benches = vec![("fib".to_string(), 30)];
        let vms = vec!["lua5.1".to_string(), "strix".to_string()];
        let n = Names {
            benches: &benches,
            vms: &vms,
        };
        let dir = std::env::temp_dir().join(format!("strix-plot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        ratios(&dir.join("ratios.svg"), &n, &s).unwrap();
        let svg = std::fs::read_to_string(dir.join("ratios.svg")).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(
            svg.contains("strix / lua5.1") && svg.contains("geometric mean") && svg.contains("fib")
        );
        assert_eq!(timelines(&dir.join("timelines"), &n, &recs).unwrap(), 1);
        let svg = std::fs::read_to_string(dir.join("timelines/fib.svg")).unwrap();
        assert!(svg.contains("<polyline") && svg.contains("strix"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
