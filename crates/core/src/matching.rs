//! Span matching: how much two annotations' spans overlap, and which
//! annotations of one list go with which of another. Shared by the
//! suggester's evaluation, scoring against an answer key and agreement
//! between annotators.
//!
//! Overlap is measured in code points as |intersection| / |union| of the
//! code points the two sides cover (a multi-span annotation covers the union
//! of its spans). Pairing is greedy from the highest ratio, each annotation
//! in at most one pair.
//!
//! ```
//! use attrib_core::matching::{overlap_ratio, pair_greedy};
//! use attrib_core::Span;
//!
//! let gold = vec![vec![Span::new(0, 10)], vec![Span::new(20, 30)]];
//! let guess = vec![vec![Span::new(22, 30)], vec![Span::new(0, 5)]];
//! assert_eq!(overlap_ratio(&gold[0], &guess[1]), 0.5);
//! assert_eq!(pair_greedy(&gold, &guess, 0.5), vec![(1, 0, 0.8), (0, 1, 0.5)]);
//! ```

use serde::Serialize;

use crate::Span;

/// Precision, recall and F1, each between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The spans in order, empty ones dropped and overlapping or touching ones
/// joined, so each code point is counted once.
pub fn normalise(spans: &[Span]) -> Vec<Span> {
    let mut sorted: Vec<Span> = spans.iter().copied().filter(|s| !s.is_empty()).collect();
    crate::sort::sort(&mut sorted);
    let mut joined: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match joined.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => joined.push(span),
        }
    }
    joined
}

/// How many code points `spans` cover (each counted once).
pub fn covered(spans: &[Span]) -> usize {
    normalise(spans).iter().map(Span::len).sum()
}

/// How many code points both `a` and `b` cover.
pub fn intersection(a: &[Span], b: &[Span]) -> usize {
    let (a, b) = (normalise(a), normalise(b));
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        shared += end.saturating_sub(start);
        if a[i].end <= b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    shared
}

/// |intersection| / |union| of the code points `a` and `b` cover: 1 for
/// identical coverage, 0 for disjoint spans (and when both are empty).
pub fn overlap_ratio(a: &[Span], b: &[Span]) -> f64 {
    let shared = intersection(a, b);
    let union = covered(a) + covered(b) - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Pairs items of `left` with items of `right` (each a list of spans),
/// greedily from the highest overlap ratio down: a pair is kept when its
/// ratio is at least `threshold` (and above 0) and neither item is in a
/// kept pair yet. Ties go to the lower left index, then the lower right
/// index. Returns `(left index, right index, ratio)` in the order kept.
pub fn pair_greedy<L: AsRef<[Span]>, R: AsRef<[Span]>>(
    left: &[L],
    right: &[R],
    threshold: f64,
) -> Vec<(usize, usize, f64)> {
    let right_extents: Vec<Option<Span>> = right.iter().map(|r| extent(r.as_ref())).collect();
    let mut candidates = Vec::new();
    for (i, l) in left.iter().enumerate() {
        let Some(le) = extent(l.as_ref()) else {
            continue;
        };
        for (j, re) in right_extents.iter().enumerate() {
            if !re.is_some_and(|re| re.overlaps(&le)) {
                continue;
            }
            let ratio = overlap_ratio(l.as_ref(), right[j].as_ref());
            if ratio > 0.0 && ratio >= threshold {
                candidates.push((i, j, ratio));
            }
        }
    }
    crate::sort::sort_by(&mut candidates, |a, b| {
        b.2.total_cmp(&a.2)
            .then_with(|| a.0.cmp(&b.0))
            .then_with(|| a.1.cmp(&b.1))
    });
    let mut left_used = vec![false; left.len()];
    let mut right_used = vec![false; right.len()];
    let mut pairs = Vec::new();
    for (i, j, ratio) in candidates {
        if !left_used[i] && !right_used[j] {
            left_used[i] = true;
            right_used[j] = true;
            pairs.push((i, j, ratio));
        }
    }
    pairs
}

fn extent(spans: &[Span]) -> Option<Span> {
    let start = spans
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.start)
        .min()?;
    let end = spans.iter().map(|s| s.end).max()?;
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    #[test]
    fn identical_spans_overlap_completely() {
        assert_eq!(overlap_ratio(&[s(3, 9)], &[s(3, 9)]), 1.0);
    }

    #[test]
    fn disjoint_and_touching_spans_do_not_overlap() {
        assert_eq!(overlap_ratio(&[s(0, 5)], &[s(5, 9)]), 0.0);
        assert_eq!(overlap_ratio(&[s(0, 5)], &[s(7, 9)]), 0.0);
        assert_eq!(overlap_ratio(&[], &[]), 0.0);
    }

    #[test]
    fn a_contained_span_overlaps_by_its_share_of_the_larger() {
        // 0..10 and 2..7: 5 shared of 10 covered.
        assert_eq!(overlap_ratio(&[s(0, 10)], &[s(2, 7)]), 0.5);
    }

    #[test]
    fn multi_span_annotations_count_each_code_point_once() {
        // Left covers 0..4 and 6..10 (8 points); right covers 2..8 (6 points).
        // Shared: 2..4 and 6..8 = 4; union 8 + 6 - 4 = 10.
        assert_eq!(overlap_ratio(&[s(0, 4), s(6, 10)], &[s(2, 8)]), 0.4);
        // Overlapping spans on one side are joined before counting.
        assert_eq!(overlap_ratio(&[s(0, 6), s(4, 10)], &[s(0, 10)]), 1.0);
    }

    #[test]
    fn one_span_matching_two_is_paired_with_the_better_only() {
        let left = vec![vec![s(0, 10)]];
        let right = vec![vec![s(0, 6)], vec![s(0, 9)]];
        assert_eq!(pair_greedy(&left, &right, 0.5), vec![(0, 1, 0.9)]);
    }

    #[test]
    fn greedy_pairing_takes_the_highest_ratio_first() {
        // Left 0 fits right 0 best (1.0); left 1 then takes right 1 (0.75)
        // although it would fit right 0 better (0.8).
        let left = vec![vec![s(0, 10)], vec![s(0, 8)]];
        let right = vec![vec![s(0, 10)], vec![s(2, 8)]];
        assert_eq!(
            pair_greedy(&left, &right, 0.5),
            vec![(0, 0, 1.0), (1, 1, 0.75)]
        );
    }

    #[test]
    fn a_pair_exactly_at_the_threshold_is_kept_and_below_it_is_not() {
        let left = vec![vec![s(0, 10)]];
        assert_eq!(
            pair_greedy(&left, &[vec![s(5, 10)]], 0.5),
            vec![(0, 0, 0.5)]
        );
        assert!(pair_greedy(&left, &[vec![s(6, 10)]], 0.5).is_empty());
    }

    #[test]
    fn disjoint_items_are_never_paired_even_at_threshold_zero() {
        let left = vec![vec![s(0, 3)]];
        let right = vec![vec![s(5, 9)]];
        assert!(pair_greedy(&left, &right, 0.0).is_empty());
    }
}
