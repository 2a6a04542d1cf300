//! Code points as units of agreement: each non-whitespace code point of a
//! document gets, from each annotator, a nominal value for a scope (whether
//! a kind covers it, which kinds do, which label covers it).

use std::collections::{BTreeSet, HashMap};

use super::figures::Scope;
use crate::matching::normalise;
use crate::model::AnnotatedDocument;

/// The value of a code point nothing in the scope covers.
const OUTSIDE: &str = "\u{0}outside";
/// The label value of an annotation that carries no label of the set.
const UNLABELLED: &str = "\u{0}unlabelled";

/// Interns value names as small integers, shared across documents so that
/// tallies of several documents can be added up.
#[derive(Debug, Default)]
pub(crate) struct Values {
    ids: HashMap<String, u32>,
}

impl Values {
    pub(crate) fn id(&mut self, name: String) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(name).or_insert(next)
    }
}

/// Positions (code point indices) of the non-whitespace code points of
/// `text`: the units.
pub(crate) fn unit_positions(text: &str) -> Vec<usize> {
    text.chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .collect()
}

/// The value `doc`'s annotator gives each unit for `scope`.
pub(crate) fn unit_values(
    doc: &AnnotatedDocument,
    scope: &Scope,
    units: &[usize],
    values: &mut Values,
) -> Vec<u32> {
    let len = doc.text.len_chars();
    // Each covered stretch with the label its annotation gives it.
    let mut pieces: Vec<(usize, usize, String)> = Vec::new();
    for a in &doc.annotations {
        let label = match scope {
            Scope::Kind(kind) if a.kind == *kind => kind.as_str().to_string(),
            Scope::Kind(_) => continue,
            Scope::All => a.kind.as_str().to_string(),
            Scope::Labels(set) if set.applies_to(&a.kind) => set
                .label_of(a)
                .map_or_else(|| UNLABELLED.to_string(), str::to_string),
            Scope::Labels(_) => continue,
        };
        for span in normalise(&a.spans) {
            let (start, end) = (span.start.min(len), span.end.min(len));
            if start < end {
                pieces.push((start, end, label.clone()));
            }
        }
    }
    let mut bounds: Vec<usize> = pieces
        .iter()
        .flat_map(|&(start, end, _)| [start, end])
        .chain([0, len])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let outside = values.id(OUTSIDE.to_string());
    let mut by_point = vec![outside; len];
    for window in bounds.windows(2) {
        let (start, end) = (window[0], window[1]);
        let labels: BTreeSet<&str> = pieces
            .iter()
            .filter(|(s, e, _)| *s <= start && start < *e)
            .map(|(_, _, label)| label.as_str())
            .collect();
        if labels.is_empty() {
            continue;
        }
        let name = labels.into_iter().collect::<Vec<_>>().join("+");
        let id = values.id(name);
        for slot in &mut by_point[start..end] {
            *slot = id;
        }
    }
    units
        .iter()
        .map(|&i| by_point.get(i).copied().unwrap_or(outside))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agree::figures::LabelSet;
    use crate::model::{Annotation, Kind, Metadata, Span, Stance, StanceTarget};
    use crate::text::Document;

    fn quote(id: &str, start: usize, end: usize, stance: Option<&str>) -> Annotation {
        let mut a = Annotation::new(id, Kind::Quote, vec![Span::new(start, end)]);
        a.stance = stance.map(|label| Stance {
            target: StanceTarget::Text("x".into()),
            label: label.into(),
        });
        a
    }

    #[test]
    fn whitespace_is_no_unit() {
        assert_eq!(unit_positions("a b\n😀"), [0, 2, 4]);
    }

    #[test]
    fn overlapping_labels_join_into_one_value() {
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new("abcdef"));
        doc.annotations = vec![
            quote("q1", 0, 4, Some("favor")),
            quote("q2", 2, 6, Some("against")),
            quote("q3", 5, 6, None),
        ];
        let mut values = Values::default();
        let units = unit_positions(doc.text.text());
        let got = unit_values(&doc, &Scope::Labels(LabelSet::Stance), &units, &mut values);
        let name = |id: u32| {
            values
                .ids
                .iter()
                .find(|(_, &v)| v == id)
                .map(|(k, _)| k.replace('\u{0}', ""))
                .unwrap_or_default()
        };
        let names: Vec<String> = got.iter().map(|&id| name(id)).collect();
        assert_eq!(
            names,
            [
                "favor",
                "favor",
                "against+favor",
                "against+favor",
                "against",
                "unlabelled+against"
            ]
        );
    }

    #[test]
    fn spans_past_the_text_are_cut_not_a_panic() {
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new("ab"));
        doc.annotations = vec![quote("q1", 1, 9, None), quote("q2", 7, 3, None)];
        let mut values = Values::default();
        let got = unit_values(&doc, &Scope::All, &[0, 1, 5], &mut values);
        assert_eq!(got.len(), 3);
        assert_ne!(got[0], got[1]);
        assert_eq!(got[0], got[2]);
    }
}
