//! One stable sort for every type, to keep the app's wasm small: the
//! standard library's `sort`, `sort_by` and `sort_by_key` are compiled anew
//! for every element type and comparison (about 3.5 KB of wasm each, 29 of
//! them in the bundle), while these sort the elements' positions through a
//! `&mut dyn` comparison, so the sorting code exists once, and then move
//! the elements into place. The order is the standard library's: stable,
//! equal elements keeping their order.

use std::cmp::Ordering;

/// Sorts `v` in place by `compare`, stably (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` in place by the key `key` gives, stably (as
/// `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in place, stably (as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..len` in the order `compare` puts the elements at them,
/// equal ones in their first order. Not generic: the one copy of the sort.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the element at `order[i]` to position `i` for every `i`, following
/// each cycle of the permutation with swaps (`order` is used up as the
/// record of positions done).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_keys_keep_their_first_order() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, vec![(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn an_empty_or_single_slice_is_left_as_it_is() {
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, vec![7]);
    }

    #[test]
    fn a_reversed_slice_is_put_in_order() {
        let mut v: Vec<String> = ["e", "d", "c", "b", "a"].map(String::from).into();
        sort(&mut v);
        assert_eq!(v, ["a", "b", "c", "d", "e"]);
    }

    proptest! {
        #[test]
        fn every_sort_gives_what_the_standard_stable_sort_gives(
            v in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)
        ) {
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |p| p.0);
            prop_assert_eq!(&got, &expected);

            let mut expected = v.clone();
            expected.sort_by(|a, b| (a.1 % 7).cmp(&(b.1 % 7)).then_with(|| b.0.cmp(&a.0)));
            let mut got = v.clone();
            sort_by(&mut got, |a, b| (a.1 % 7).cmp(&(b.1 % 7)).then_with(|| b.0.cmp(&a.0)));
            prop_assert_eq!(&got, &expected);

            let mut expected = v.clone();
            expected.sort();
            let mut got = v;
            sort(&mut got);
            prop_assert_eq!(got, expected);
        }
    }
}
