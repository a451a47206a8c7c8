//! Statistics for benchmark results: medians, quantiles, geometric means and
//! percentile-bootstrap confidence intervals, with a small seeded generator so
//! that a report's intervals are reproducible.

/// The median of `xs` (mean of the middle two for an even count).
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    Some(quantile_sorted(&v, 0.5))
}

/// The `q` quantile (0..=1) of sorted data, interpolating linearly between
/// order statistics. `sorted` must not be empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The geometric mean of positive numbers; `None` when empty or any is not > 0.
pub fn geomean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() || xs.iter().any(|&x| x <= 0.0 || !x.is_finite()) {
        return None;
    }
    Some((xs.iter().map(|x| x.ln()).sum::<f64>() / xs.len() as f64).exp())
}

/// xorshift64*: small, fast and good enough for resampling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // A zero state would stay zero.
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15 | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A uniform index below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n
    }
}

/// The median of a resample (with replacement) of `xs`.
fn resampled_median(xs: &[f64], rng: &mut Rng, buf: &mut Vec<f64>) -> f64 {
    buf.clear();
    buf.extend((0..xs.len()).map(|_| xs[rng.below(xs.len())]));
    buf.sort_by(f64::total_cmp);
    quantile_sorted(buf, 0.5)
}

/// `count` bootstrap replicates of median(a) / median(b), resampling each
/// side independently. Empty if either side is empty.
pub fn bootstrap_ratios(a: &[f64], b: &[f64], count: usize, rng: &mut Rng) -> Vec<f64> {
    if a.is_empty() || b.is_empty() {
        return vec![];
    }
    let mut buf = Vec::new();
    (0..count)
        .map(|_| {
            let ma = resampled_median(a, rng, &mut buf);
            let mb = resampled_median(b, rng, &mut buf);
            ma / mb
        })
        .collect()
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ci {
    pub lo: f64,
    pub hi: f64,
}

/// The central `level` (e.g. 0.95) percentile interval of bootstrap replicates.
pub fn percentile_ci(replicates: &[f64], level: f64) -> Option<Ci> {
    let mut v: Vec<f64> = replicates
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some(Ci {
        lo: quantile_sorted(&v, tail),
        hi: quantile_sorted(&v, 1.0 - tail),
    })
}

/// Replicates of a geometric mean across benchmarks: replicate `i` is the
/// geomean of every benchmark's replicate `i` (benchmarks resampled
/// independently, so the interval reflects the noise of each).
pub fn geomean_replicates(per_bench: &[Vec<f64>]) -> Vec<f64> {
    let count = per_bench.iter().map(Vec::len).min().unwrap_or(0);
    (0..count)
        .filter_map(|i| geomean(&per_bench.iter().map(|r| r[i]).collect::<Vec<_>>()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_quantiles() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        let s = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&s, 0.0), 1.0);
        assert_eq!(quantile_sorted(&s, 1.0), 5.0);
        assert_eq!(quantile_sorted(&s, 0.125), 1.5);
    }

    #[test]
    fn geometric_mean() {
        assert!((geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
        assert!((geomean(&[0.5, 2.0, 1.0]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(geomean(&[]), None);
        assert_eq!(geomean(&[1.0, 0.0]), None);
        assert_eq!(geomean(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn generator_is_seeded_and_in_range() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut r = Rng::new(0);
        let mut seen = [0; 5];
        for _ in 0..10_000 {
            seen[r.below(5)] += 1;
        }
        assert!(seen.iter().all(|&c| c > 1700 && c < 2300), "{seen:?}");
    }

    #[test]
    fn bootstrap_interval_covers_the_true_ratio_and_shrinks_with_data() {
        let mut rng = Rng::new(1);
        // A: around 2.0, B: around 1.0, with a little spread.
        let noisy = |c: f64, n: usize, rng: &mut Rng| -> Vec<f64> {
            (0..n)
                .map(|_| c * (1.0 + (rng.below(1000) as f64 - 500.0) / 25_000.0))
                .collect()
        };
        let (a, b) = (noisy(2.0, 5, &mut rng), noisy(1.0, 5, &mut rng));
        let ci5 = percentile_ci(&bootstrap_ratios(&a, &b, 2000, &mut rng), 0.95).unwrap();
        assert!(ci5.lo <= 2.0 && 2.0 <= ci5.hi, "{ci5:?}");
        assert!(ci5.hi - ci5.lo < 0.2, "{ci5:?}");
        let (a, b) = (noisy(2.0, 50, &mut rng), noisy(1.0, 50, &mut rng));
        let ci50 = percentile_ci(&bootstrap_ratios(&a, &b, 2000, &mut rng), 0.95).unwrap();
        assert!(ci50.hi - ci50.lo < ci5.hi - ci5.lo, "{ci50:?} vs {ci5:?}");
        // Identical constant samples: a degenerate interval at the ratio.
        let ci = percentile_ci(&bootstrap_ratios(&[3.0; 4], &[1.5; 4], 100, &mut rng), 0.95);
        assert_eq!(ci, Some(Ci { lo: 2.0, hi: 2.0 }));
        assert!(bootstrap_ratios(&[], &[1.0], 10, &mut rng).is_empty());
        assert_eq!(percentile_ci(&[], 0.95), None);
    }

    #[test]
    fn geomean_replicates_combine_benchmarks_per_index() {
        let r = geomean_replicates(&[vec![1.0, 4.0], vec![4.0, 1.0, 9.0]]);
        assert_eq!(r.len(), 2);
        assert!((r[0] - 2.0).abs() < 1e-12 && (r[1] - 2.0).abs() < 1e-12);
    }
}
