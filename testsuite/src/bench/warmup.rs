//! Warm-up classification of in-process iteration times, in the spirit of
//! Barrett et al., "Virtual Machine Warmup Blows Hot and Cold" (OOPSLA 2017).
//!
//! For one process's series of iteration times:
//! 1. Fewer than [`MIN_ITERS`] iterations cannot be classified (`too short`).
//! 2. The noise level σ is estimated robustly from successive differences
//!    (1.4826 · MAD-style median of |xᵢ₊₁ − xᵢ| / √2), floored at 0.2% of the
//!    median so a perfectly quiet series does not split on rounding.
//! 3. Changepoints in the mean are found by binary segmentation: a segment is
//!    split where the drop in within-segment squared error is largest, if that
//!    drop exceeds a penalty of 3·σ²·ln(n) (a BIC-like penalty, a little
//!    stricter) and both parts have at least [`MIN_SEGMENT`] points.
//! 4. Neighbouring segments whose means differ by less than 2% (or 50 µs)
//!    are merged: such changes do not matter to anyone comparing VMs.
//! 5. No changepoint left: **flat**. The last changepoint within the final
//!    quarter of the series: **no steady state** (the VM had not settled).
//!    Otherwise the last segment is the steady state: **warm-up** if it is
//!    the fastest segment (within the 2% margin), else **slow-down**.
//!
//! Across the processes of one benchmark and VM, one class for all of them is
//! that class; mixed classes are **inconsistent** (with the counts).

/// Below this many iterations a series is not classified.
pub const MIN_ITERS: usize = 5;
/// The shortest segment binary segmentation may create.
pub const MIN_SEGMENT: usize = 2;
/// Relative and absolute margins under which two segment means are equal.
const EQUIV_REL: f64 = 0.02;
const EQUIV_ABS: f64 = 50e-6;

/// The warm-up behaviour of one process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Flat,
    Warmup,
    Slowdown,
    NoSteadyState,
    TooShort,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Flat => "flat",
            Class::Warmup => "warm-up",
            Class::Slowdown => "slow-down",
            Class::NoSteadyState => "no steady state",
            Class::TooShort => "too short",
        }
    }
}

/// A run of iterations with one mean: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub mean: f64,
}

/// Prefix sums of x and x² for O(1) segment costs.
struct Prefix {
    s: Vec<f64>,
    s2: Vec<f64>,
}

impl Prefix {
    fn new(xs: &[f64]) -> Prefix {
        let (mut s, mut s2) = (vec![0.0], vec![0.0]);
        for &x in xs {
            s.push(s.last().copied().unwrap_or(0.0) + x);
            s2.push(s2.last().copied().unwrap_or(0.0) + x * x);
        }
        Prefix { s, s2 }
    }

    fn mean(&self, a: usize, b: usize) -> f64 {
        (self.s[b] - self.s[a]) / (b - a) as f64
    }

    /// Sum of squared deviations from the mean over a..b.
    fn sse(&self, a: usize, b: usize) -> f64 {
        let n = (b - a) as f64;
        let sum = self.s[b] - self.s[a];
        (self.s2[b] - self.s2[a] - sum * sum / n).max(0.0)
    }
}

fn equivalent(a: f64, b: f64) -> bool {
    (a - b).abs() <= (EQUIV_REL * a.abs().min(b.abs())).max(EQUIV_ABS)
}

/// The robust noise estimate of step 2.
fn noise(xs: &[f64]) -> f64 {
    let diffs: Vec<f64> = xs.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mad = super::stats::median(&diffs).unwrap_or(0.0);
    let level = super::stats::median(xs).unwrap_or(0.0).abs();
    (1.4826 * mad / std::f64::consts::SQRT_2).max(0.002 * level)
}

/// Splits `a..b` recursively (step 3), collecting segment starts in `cuts`.
fn segment(p: &Prefix, a: usize, b: usize, penalty: f64, cuts: &mut Vec<usize>) {
    if b - a < 2 * MIN_SEGMENT {
        return;
    }
    let whole = p.sse(a, b);
    let best = (a + MIN_SEGMENT..=b - MIN_SEGMENT)
        .map(|k| (whole - p.sse(a, k) - p.sse(k, b), k))
        .max_by(|x, y| x.0.total_cmp(&y.0));
    if let Some((gain, k)) = best {
        if gain > penalty {
            segment(p, a, k, penalty, cuts);
            cuts.push(k);
            segment(p, k, b, penalty, cuts);
        }
    }
}

/// The segments of a series (steps 2-4); one segment when nothing changes.
pub fn segments(xs: &[f64]) -> Vec<Segment> {
    if xs.is_empty() {
        return vec![];
    }
    let p = Prefix::new(xs);
    let sigma = noise(xs);
    let penalty = 3.0 * sigma * sigma * (xs.len() as f64).ln().max(1.0);
    let mut cuts = Vec::new();
    segment(&p, 0, xs.len(), penalty, &mut cuts);
    let mut bounds = vec![0];
    bounds.extend(cuts);
    bounds.push(xs.len());
    // Step 4: drop cuts between equivalent neighbours until none is left.
    loop {
        let merge = (1..bounds.len() - 1).find(|&i| {
            equivalent(
                p.mean(bounds[i - 1], bounds[i]),
                p.mean(bounds[i], bounds[i + 1]),
            )
        });
        match merge {
            Some(i) => {
                bounds.remove(i);
            }
            None => break,
        }
    }
    bounds
        .windows(2)
        .map(|w| Segment {
            start: w[0],
            end: w[1],
            mean: p.mean(w[0], w[1]),
        })
        .collect()
}

/// Classifies one process's iteration times (step 5).
pub fn classify(xs: &[f64]) -> Class {
    if xs.len() < MIN_ITERS {
        return Class::TooShort;
    }
    let segs = segments(xs);
    let Some(last) = segs.last() else {
        return Class::TooShort;
    };
    if segs.len() == 1 {
        return Class::Flat;
    }
    if last.start >= xs.len() - xs.len().div_ceil(4) {
        return Class::NoSteadyState;
    }
    let fastest_before = segs[..segs.len() - 1]
        .iter()
        .map(|s| s.mean)
        .fold(f64::INFINITY, f64::min);
    if last.mean <= fastest_before || equivalent(last.mean, fastest_before) {
        Class::Warmup
    } else {
        Class::Slowdown
    }
}

/// The summary over the processes of one benchmark and VM: the common class
/// or `inconsistent (2 flat, 1 warm-up)`; `None` if no process had iterations.
pub fn summarize(classes: &[Class]) -> Option<String> {
    let mut counts: Vec<(Class, usize)> = Vec::new();
    for &c in classes {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts.sort();
    match counts.as_slice() {
        [] => None,
        [(c, _)] => Some(c.name().to_string()),
        many => Some(format!(
            "inconsistent ({})",
            many.iter()
                .map(|(c, n)| format!("{n} {}", c.name()))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::stats::Rng;
    use super::*;

    /// `levels` as (count, seconds) runs, with ±0.5% deterministic noise.
    fn series(levels: &[(usize, f64)], seed: u64) -> Vec<f64> {
        let mut rng = Rng::new(seed);
        levels
            .iter()
            .flat_map(|&(n, v)| std::iter::repeat_n(v, n))
            .map(|v| v * (1.0 + (rng.below(1001) as f64 - 500.0) / 100_000.0))
            .collect()
    }

    #[test]
    fn noisy_constant_series_is_flat() {
        for seed in 0..20 {
            let xs = series(&[(30, 0.1)], seed);
            assert_eq!(classify(&xs), Class::Flat, "seed {seed}: {xs:?}");
        }
    }

    #[test]
    fn fast_after_a_slow_start_is_warmup() {
        let xs = series(&[(3, 0.5), (27, 0.1)], 1);
        assert_eq!(classify(&xs), Class::Warmup);
        let segs = segments(&xs);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[1].start, 3);
        // A gradual warm-up over several levels is still warm-up.
        let xs = series(&[(2, 0.4), (3, 0.2), (25, 0.1)], 2);
        assert_eq!(classify(&xs), Class::Warmup);
    }

    #[test]
    fn slower_steady_state_is_slowdown() {
        let xs = series(&[(8, 0.1), (22, 0.15)], 3);
        assert_eq!(classify(&xs), Class::Slowdown);
        // Fast, slow, then back to medium: not the fastest, so slow-down.
        let xs = series(&[(6, 0.1), (6, 0.3), (18, 0.2)], 4);
        assert_eq!(classify(&xs), Class::Slowdown);
    }

    #[test]
    fn change_near_the_end_is_no_steady_state() {
        let xs = series(&[(26, 0.1), (4, 0.3)], 5);
        assert_eq!(classify(&xs), Class::NoSteadyState);
    }

    #[test]
    fn tiny_shifts_are_merged_and_short_series_not_classified() {
        let xs = series(&[(15, 0.100), (15, 0.101)], 6);
        assert_eq!(classify(&xs), Class::Flat);
        assert_eq!(classify(&[0.1, 0.2, 0.1]), Class::TooShort);
        assert_eq!(classify(&[0.0; 10]), Class::Flat);
    }

    #[test]
    fn summaries_name_the_common_class_or_the_mix() {
        assert_eq!(summarize(&[]), None);
        assert_eq!(
            summarize(&[Class::Flat, Class::Flat]).as_deref(),
            Some("flat")
        );
        assert_eq!(
            summarize(&[Class::Warmup, Class::Flat, Class::Flat]).as_deref(),
            Some("inconsistent (2 flat, 1 warm-up)")
        );
    }
}
