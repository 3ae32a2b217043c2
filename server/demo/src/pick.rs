//! Seeded random choices the generator needs, without fallible constructors.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random source of every part of the generator.
pub type DemoRng = ChaCha8Rng;

/// One independent random stream per part of the generator, so that changing how companies
/// are made does not reshuffle every contact.
pub fn stream(seed: u64, part: u64) -> DemoRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(part);
    rng
}

/// Index of an entry chosen with probability proportional to its weight.
///
/// Non-positive weights are never chosen unless all are, then the first entry is.
pub fn weighted_index(rng: &mut DemoRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 {
        return 0;
    }
    let mut target = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if *w > 0.0 {
            if target < *w {
                return i;
            }
            target -= *w;
        }
    }
    // Rounding can leave a sliver at the end: give it to the last positive weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Weights prepared for many draws: each draw is a binary search instead of a scan.
#[derive(Debug, Clone)]
pub struct Cumulative {
    /// Running sums of the positive weights; non-positive weights add nothing.
    sums: Vec<f64>,
}

impl Cumulative {
    pub fn new(weights: &[f64]) -> Self {
        let mut total = 0.0;
        let sums = weights
            .iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Self { sums }
    }

    /// An index drawn with probability proportional to its weight (0 if all weights are 0).
    pub fn draw(&self, rng: &mut DemoRng) -> usize {
        let total = self.sums.last().copied().unwrap_or(0.0);
        if total <= 0.0 {
            return 0;
        }
        let target = rng.random::<f64>() * total;
        // The first running sum above the target; zero weights repeat the previous sum, so
        // they are never chosen.
        self.sums.partition_point(|sum| *sum <= target).min(self.sums.len() - 1)
    }
}

/// An entry of `items` chosen by the weight `weight(item)` returns.
pub fn weighted<'a, T>(rng: &mut DemoRng, items: &'a [T], weight: impl Fn(&T) -> f64) -> &'a T {
    let weights: Vec<f64> = items.iter().map(weight).collect();
    &items[weighted_index(rng, &weights)]
}

/// A uniformly chosen entry; `items` must not be empty.
pub fn one<T: Copy>(rng: &mut DemoRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Up to `count` distinct indices, each drawn with probability proportional to its weight
/// (Efraimidis–Spirakis: the largest keys `u^(1/w)` win). Zero weights are never drawn.
pub fn weighted_sample(rng: &mut DemoRng, weights: &[f64], count: usize) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0.0)
        .map(|(i, w)| (rng.random::<f64>().powf(1.0 / w), i))
        .collect();
    // Ties are broken by index so the order never depends on the sort algorithm.
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().take(count).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_index_never_picks_zero_weights() {
        let mut rng = stream(1, 1);
        for _ in 0..1000 {
            assert_ne!(weighted_index(&mut rng, &[0.0, 1.0, 0.0, 2.0]) % 2, 0);
        }
        assert_eq!(weighted_index(&mut rng, &[0.0, 0.0]), 0);
    }

    #[test]
    fn weighted_index_follows_the_weights() {
        let mut rng = stream(2, 1);
        let heavy = (0..10_000).filter(|_| weighted_index(&mut rng, &[1.0, 9.0]) == 1).count();
        assert!((8_700..9_300).contains(&heavy), "{heavy}");
    }

    #[test]
    fn cumulative_draws_follow_the_weights_and_skip_zeros() {
        let mut rng = stream(6, 1);
        let weights = Cumulative::new(&[0.0, 1.0, 0.0, 3.0, 0.0]);
        let draws: Vec<usize> = (0..8000).map(|_| weights.draw(&mut rng)).collect();
        assert!(draws.iter().all(|i| *i == 1 || *i == 3));
        let threes = draws.iter().filter(|i| **i == 3).count();
        assert!((5700..6300).contains(&threes), "{threes}");
        assert_eq!(Cumulative::new(&[]).draw(&mut rng), 0);
    }

    #[test]
    fn weighted_sample_draws_distinct_indices_and_skips_zero_weights() {
        let mut rng = stream(3, 1);
        let mut drawn = weighted_sample(&mut rng, &[1.0, 0.0, 5.0, 1.0, 2.0], 10);
        drawn.sort_unstable();
        assert_eq!(drawn, vec![0, 2, 3, 4]);
    }

    #[test]
    fn streams_of_one_seed_differ_and_repeat() {
        let a: u64 = stream(7, 1).random();
        let b: u64 = stream(7, 2).random();
        assert_ne!(a, b);
        assert_eq!(a, stream(7, 1).random::<u64>());
    }
}
