//! Chance-corrected agreement on nominal values: Cohen's kappa for two
//! annotators and Krippendorff's alpha for any number, missing values
//! allowed. Both are tallies fed one unit at a time, so a caller never holds
//! every unit of a corpus at once.
//!
//! Values are small integers (`u32`) the caller interns; `None` is a missing
//! value (the annotator did not see the unit). A figure that is not defined
//! (nothing to compare, or no variation so that chance agreement is
//! perfect) is an `Err` saying why, never NaN.

use std::collections::BTreeMap;

/// Why a chance-corrected figure has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No unit was coded by two annotators.
    NoUnits,
    /// Every value is the same, so the agreement expected by chance is
    /// perfect and the ratio is 0/0.
    NoVariation,
}

impl Undefined {
    /// The reason in words, as reports give it.
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::NoUnits => "no unit was coded by two annotators",
            Undefined::NoVariation => {
                "no variation: every annotator gave every unit the same value, so agreement \
                 expected by chance is perfect and the figure is 0/0"
            }
        }
    }
}

/// Cohen's kappa between two annotators: (p_o − p_e) / (1 − p_e), where
/// p_o is the share of units both gave the same value and p_e the share
/// expected from each annotator's own distribution of values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KappaTally {
    /// (left value, right value) → units.
    pairs: BTreeMap<(u32, u32), u64>,
    units: u64,
}

impl KappaTally {
    /// Counts one unit; a unit either annotator lacks is left out.
    pub fn add(&mut self, left: Option<u32>, right: Option<u32>) {
        if let (Some(l), Some(r)) = (left, right) {
            *self.pairs.entry((l, r)).or_default() += 1;
            self.units += 1;
        }
    }

    /// Adds the units `other` counted.
    pub fn merge(&mut self, other: &KappaTally) {
        for (&pair, &count) in &other.pairs {
            *self.pairs.entry(pair).or_default() += count;
        }
        self.units += other.units;
    }

    /// Units both annotators coded.
    pub fn units(&self) -> u64 {
        self.units
    }

    pub fn kappa(&self) -> Result<f64, Undefined> {
        if self.units == 0 {
            return Err(Undefined::NoUnits);
        }
        let n = self.units as f64;
        let mut left: BTreeMap<u32, u64> = BTreeMap::new();
        let mut right: BTreeMap<u32, u64> = BTreeMap::new();
        let mut same = 0;
        for (&(l, r), &count) in &self.pairs {
            *left.entry(l).or_default() += count;
            *right.entry(r).or_default() += count;
            if l == r {
                same += count;
            }
        }
        let observed = same as f64 / n;
        let expected: f64 = left
            .iter()
            .map(|(value, &count)| {
                let other = right.get(value).copied().unwrap_or(0);
                (count as f64 / n) * (other as f64 / n)
            })
            .sum();
        // p_e is 1 exactly when both annotators used one and the same value.
        if left.len() == 1 && right.len() == 1 && left.keys().eq(right.keys()) {
            return Err(Undefined::NoVariation);
        }
        Ok((observed - expected) / (1.0 - expected))
    }
}

/// Krippendorff's alpha for nominal values with missing values:
/// 1 − D_o / D_e from the coincidence matrix. A unit counts when at least
/// two annotators coded it; each of its m values is paired with the m − 1
/// others, each pair weighing 1 / (m − 1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlphaTally {
    /// o_ck for c ≠ k, summed over the (unordered) value pairs.
    disagreeing: f64,
    /// n_c: how many pairable values are c.
    totals: BTreeMap<u32, u64>,
    pairable: u64,
}

impl AlphaTally {
    /// Counts one unit: each annotator's value, `None` where missing.
    pub fn add(&mut self, values: &[Option<u32>]) {
        let mut counts: BTreeMap<u32, u64> = BTreeMap::new();
        for value in values.iter().flatten() {
            *counts.entry(*value).or_default() += 1;
        }
        let m: u64 = counts.values().sum();
        if m < 2 {
            return;
        }
        // Ordered pairs of different values: m² − Σ n_c².
        let same: u64 = counts.values().map(|c| c * c).sum();
        self.disagreeing += (m * m - same) as f64 / (m - 1) as f64;
        for (value, count) in counts {
            *self.totals.entry(value).or_default() += count;
        }
        self.pairable += m;
    }

    /// Adds the units `other` counted.
    pub fn merge(&mut self, other: &AlphaTally) {
        self.disagreeing += other.disagreeing;
        for (&value, &count) in &other.totals {
            *self.totals.entry(value).or_default() += count;
        }
        self.pairable += other.pairable;
    }

    /// Values in units coded by at least two annotators (n).
    pub fn pairable_values(&self) -> u64 {
        self.pairable
    }

    pub fn alpha(&self) -> Result<f64, Undefined> {
        if self.pairable == 0 {
            return Err(Undefined::NoUnits);
        }
        let n = self.pairable as f64;
        let squares: f64 = self.totals.values().map(|&c| (c as f64) * (c as f64)).sum();
        // Σ_{c≠k} n_c n_k over ordered pairs: n² − Σ n_c².
        let expected = n * n - squares;
        if expected <= 0.0 {
            return Err(Undefined::NoVariation);
        }
        Ok(1.0 - (n - 1.0) * self.disagreeing / expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The worked example of Wikipedia's "Cohen's kappa" (and most
    /// textbooks): 50 proposals, both readers say yes to 20, A yes and B no
    /// to 5, A no and B yes to 10, both no to 15. By hand: p_o = 35/50 =
    /// 0.7; A says yes to 25, B to 30, so p_e = 0.5·0.6 + 0.5·0.4 = 0.5;
    /// kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    #[test]
    fn cohens_kappa_matches_the_textbook_example() {
        let (yes, no) = (1, 0);
        let mut tally = KappaTally::default();
        for (a, b, count) in [(yes, yes, 20), (yes, no, 5), (no, yes, 10), (no, no, 15)] {
            for _ in 0..count {
                tally.add(Some(a), Some(b));
            }
        }
        assert_eq!(tally.units(), 50);
        let kappa = tally.kappa().expect("defined");
        assert!(close(kappa, 0.4), "{kappa}");
    }

    #[test]
    fn kappa_is_one_for_identical_coding_and_undefined_without_variation() {
        let mut tally = KappaTally::default();
        for v in [0, 1, 1, 2] {
            tally.add(Some(v), Some(v));
        }
        assert_eq!(tally.kappa(), Ok(1.0));
        let mut flat = KappaTally::default();
        flat.add(Some(3), Some(3));
        flat.add(Some(3), Some(3));
        assert_eq!(flat.kappa(), Err(Undefined::NoVariation));
        assert_eq!(KappaTally::default().kappa(), Err(Undefined::NoUnits));
    }

    #[test]
    fn kappa_leaves_out_units_one_annotator_lacks() {
        let mut tally = KappaTally::default();
        tally.add(Some(0), None);
        tally.add(None, Some(1));
        assert_eq!(tally.units(), 0);
        assert_eq!(tally.kappa(), Err(Undefined::NoUnits));
    }

    /// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011),
    /// section C: four observers, twelve units, values 1–5, missing values
    /// shown as `*`; nominal alpha = 0.743.
    ///
    /// ```text
    /// unit   1 2 3 4 5 6 7 8 9 10 11 12
    /// A      1 2 3 3 2 1 4 1 2  *  *  *
    /// B      1 2 3 3 2 2 4 1 2  5  *  3
    /// C      * 3 3 3 2 3 4 2 2  5  1  *
    /// D      1 2 3 3 2 4 4 1 2  5  1  *
    /// ```
    ///
    /// By hand: unit 12 has one value and is left out, leaving n = 40
    /// pairable values (n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3).
    /// The disagreeing pairs: unit 2 (2,2,3,2) gives 6/3 = 2; unit 6
    /// (1,2,3,4) gives 12/3 = 4; unit 8 (1,1,2,1) gives 6/3 = 2; so
    /// Σ_{c≠k} o_ck = 8. Σ_{c≠k} n_c n_k = 40² − (81 + 169 + 100 + 25 + 9)
    /// = 1600 − 384 = 1216. Alpha = 1 − 39 · 8 / 1216 = 1 − 312/1216
    /// = 0.74342…
    #[test]
    fn alpha_matches_krippendorffs_published_example() {
        // 0 stands for a missing value (`*`).
        #[rustfmt::skip]
        let matrix: [[u32; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let rows = matrix.map(|row| row.map(|v| (v != 0).then_some(v)));
        let mut tally = AlphaTally::default();
        for unit in 0..12 {
            let values: Vec<Option<u32>> = rows.iter().map(|row| row[unit]).collect();
            tally.add(&values);
        }
        assert_eq!(tally.pairable_values(), 40);
        let alpha = tally.alpha().expect("defined");
        assert!(close(alpha, 1.0 - 312.0 / 1216.0), "{alpha}");
        assert_eq!(format!("{alpha:.3}"), "0.743");
    }

    #[test]
    fn alpha_is_one_for_identical_coding_and_undefined_without_variation() {
        let mut tally = AlphaTally::default();
        tally.add(&[Some(0), Some(0), None]);
        tally.add(&[Some(1), Some(1), Some(1)]);
        assert_eq!(tally.alpha(), Ok(1.0));
        let mut flat = AlphaTally::default();
        flat.add(&[Some(2), Some(2)]);
        assert_eq!(flat.alpha(), Err(Undefined::NoVariation));
        let mut lonely = AlphaTally::default();
        lonely.add(&[Some(2), None]);
        assert_eq!(lonely.alpha(), Err(Undefined::NoUnits));
    }

    /// Two annotators who always disagree on two values, each value used
    /// equally: n = 4, n_0 = n_1 = 2; o_01 + o_10 = 4; alpha = 1 − 3·4/8
    /// = −0.5.
    #[test]
    fn systematic_disagreement_gives_a_negative_alpha() {
        let mut tally = AlphaTally::default();
        tally.add(&[Some(0), Some(1)]);
        tally.add(&[Some(1), Some(0)]);
        assert_eq!(tally.alpha(), Ok(-0.5));
    }
}
