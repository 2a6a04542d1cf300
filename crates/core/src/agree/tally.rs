//! The counts behind every figure, for one document or summed over many:
//! span matches per pair of annotators, code-point tallies for kappa and
//! alpha, and the speakers and stances of matched quotes.

use std::collections::BTreeMap;

use super::chance::{AlphaTally, KappaTally, Undefined};
use super::figures::{Figure, Measure, Scope};
use super::units::{unit_positions, unit_values, Values};
use crate::matching::pair_greedy;
use crate::model::{same_name, AnnotatedDocument, Annotation, Kind, Span};

/// A pair of annotators, by index, the lower first.
type Pair = (usize, usize);

/// Annotations each side of a pair marked, and how many were matched.
#[derive(Debug, Clone, Copy, Default)]
struct SpanCounts {
    left: u64,
    right: u64,
    exact: u64,
    overlap: u64,
}

impl SpanCounts {
    fn add(&mut self, other: SpanCounts) {
        self.left += other.left;
        self.right += other.right;
        self.exact += other.exact;
        self.overlap += other.overlap;
    }

    fn f1(&self, matched: u64) -> Option<f64> {
        let marked = self.left + self.right;
        (marked > 0).then(|| 2.0 * matched as f64 / marked as f64)
    }
}

/// Matched quotes whose speakers are the same, of all matched quotes.
#[derive(Debug, Clone, Copy, Default)]
struct SpeakerCounts {
    same: u64,
    matched: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Tallies {
    spans: BTreeMap<(Scope, Pair), SpanCounts>,
    kappa: BTreeMap<(Scope, Pair), KappaTally>,
    alpha: BTreeMap<Scope, AlphaTally>,
    speakers: BTreeMap<Pair, SpeakerCounts>,
    stance: BTreeMap<Pair, KappaTally>,
}

impl Tallies {
    /// The tallies of one document; `versions[a]` is annotator `a`'s
    /// version, `None` when it does not hold the document.
    pub(crate) fn of_document(
        versions: &[Option<&AnnotatedDocument>],
        scopes: &[Scope],
        overlap: f64,
        values: &mut Values,
    ) -> Self {
        let mut tallies = Tallies::default();
        let Some(first) = versions.iter().flatten().next() else {
            return tallies;
        };
        let units = unit_positions(first.text.text());
        let pairs: Vec<Pair> = (0..versions.len())
            .flat_map(|i| (i + 1..versions.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| versions[i].is_some() && versions[j].is_some())
            .collect();

        for scope in scopes {
            let coded: Vec<Option<Vec<u32>>> = versions
                .iter()
                .map(|v| v.map(|doc| unit_values(doc, scope, &units, values)))
                .collect();
            let alpha = tallies.alpha.entry(scope.clone()).or_default();
            let mut unit = vec![None; coded.len()];
            for u in 0..units.len() {
                for (slot, values) in unit.iter_mut().zip(&coded) {
                    *slot = values.as_ref().and_then(|v| v.get(u).copied());
                }
                alpha.add(&unit);
            }
            for &(i, j) in &pairs {
                let kappa = tallies.kappa.entry((scope.clone(), (i, j))).or_default();
                if let (Some(left), Some(right)) = (&coded[i], &coded[j]) {
                    for (&l, &r) in left.iter().zip(right) {
                        kappa.add(Some(l), Some(r));
                    }
                }
            }
        }

        let no_stance = values_id(values, "\u{0}no stance");
        for &(i, j) in &pairs {
            let (Some(left), Some(right)) = (versions[i], versions[j]) else {
                continue;
            };
            for scope in scopes {
                let Scope::Kind(kind) = scope else {
                    continue;
                };
                let (l, r) = (of_kind(left, kind), of_kind(right, kind));
                let l_spans: Vec<&[Span]> = l.iter().map(|a| a.spans.as_slice()).collect();
                let r_spans: Vec<&[Span]> = r.iter().map(|a| a.spans.as_slice()).collect();
                let matched = pair_greedy(&l_spans, &r_spans, overlap);
                let counts = SpanCounts {
                    left: l.len() as u64,
                    right: r.len() as u64,
                    exact: pair_greedy(&l_spans, &r_spans, 1.0).len() as u64,
                    overlap: matched.len() as u64,
                };
                tallies
                    .spans
                    .entry((scope.clone(), (i, j)))
                    .or_default()
                    .add(counts);
                tallies
                    .spans
                    .entry((Scope::All, (i, j)))
                    .or_default()
                    .add(counts);
                if *kind != Kind::Quote {
                    continue;
                }
                let speakers = tallies.speakers.entry((i, j)).or_default();
                let stance = tallies.stance.entry((i, j)).or_default();
                for &(li, ri, _) in &matched {
                    let (lq, rq) = (l[li], r[ri]);
                    speakers.matched += 1;
                    if same_speaker(left, lq, right, rq) {
                        speakers.same += 1;
                    }
                    let label = |q: &Annotation, values: &mut Values| match &q.stance {
                        Some(s) => values_id(values, &s.label),
                        None => no_stance,
                    };
                    let (ls, rs) = (label(lq, values), label(rq, values));
                    stance.add(Some(ls), Some(rs));
                }
            }
        }
        tallies
    }

    /// Adds another document's tallies to these.
    pub(crate) fn add(&mut self, other: Tallies) {
        for (key, counts) in other.spans {
            self.spans.entry(key).or_default().add(counts);
        }
        for (key, tally) in other.kappa {
            self.kappa.entry(key).or_default().merge(&tally);
        }
        for (key, tally) in other.alpha {
            self.alpha.entry(key).or_default().merge(&tally);
        }
        for (key, counts) in other.speakers {
            let mine = self.speakers.entry(key).or_default();
            mine.same += counts.same;
            mine.matched += counts.matched;
        }
        for (key, tally) in other.stance {
            self.stance.entry(key).or_default().merge(&tally);
        }
    }

    /// Every figure, scope by scope.
    pub(crate) fn figures(&self, scopes: &[Scope]) -> Vec<Figure> {
        let mut figures = Vec::new();
        for scope in scopes {
            if !matches!(scope, Scope::Labels(_)) {
                figures.push(self.f1(scope, Measure::F1Exact));
                figures.push(self.f1(scope, Measure::F1Overlap));
            }
            figures.push(self.kappa(scope));
            let alpha = self.alpha.get(scope).cloned().unwrap_or_default();
            figures.push(Figure::new(
                Measure::Alpha,
                scope.clone(),
                alpha.alpha().map_err(|u| u.reason().to_string()),
                alpha.pairable_values(),
            ));
            if *scope == Scope::Kind(Kind::Quote) {
                figures.push(self.speaker_agreement());
                figures.push(self.stance_kappa());
            }
        }
        figures
    }

    fn f1(&self, scope: &Scope, measure: Measure) -> Figure {
        let counts: Vec<&SpanCounts> = self
            .spans
            .iter()
            .filter(|((s, _), _)| s == scope)
            .map(|(_, c)| c)
            .collect();
        let f1s: Vec<f64> = counts
            .iter()
            .filter_map(|c| {
                c.f1(match measure {
                    Measure::F1Exact => c.exact,
                    _ => c.overlap,
                })
            })
            .collect();
        let value = if counts.is_empty() {
            Err(NO_PAIR.to_string())
        } else {
            mean(&f1s).ok_or_else(|| {
                format!(
                    "no annotator marked any {}, so there is nothing to match",
                    what(scope)
                )
            })
        };
        let n = counts.iter().map(|c| c.left + c.right).sum();
        Figure::new(measure, scope.clone(), value, n)
    }

    fn kappa(&self, scope: &Scope) -> Figure {
        let tallies: Vec<&KappaTally> = self
            .kappa
            .iter()
            .filter(|((s, _), _)| s == scope)
            .map(|(_, t)| t)
            .collect();
        mean_kappa(Measure::Kappa, scope, &tallies, NO_PAIR)
    }

    fn speaker_agreement(&self) -> Figure {
        let shares: Vec<f64> = self
            .speakers
            .values()
            .filter(|c| c.matched > 0)
            .map(|c| c.same as f64 / c.matched as f64)
            .collect();
        let n = self.speakers.values().map(|c| c.matched).sum();
        Figure::new(
            Measure::SpeakerAgreement,
            Scope::Kind(Kind::Quote),
            mean(&shares).ok_or_else(|| NO_MATCHED_QUOTE.to_string()),
            n,
        )
    }

    fn stance_kappa(&self) -> Figure {
        let tallies: Vec<&KappaTally> = self.stance.values().collect();
        mean_kappa(
            Measure::StanceKappa,
            &Scope::Kind(Kind::Quote),
            &tallies,
            NO_MATCHED_QUOTE,
        )
    }
}

const NO_PAIR: &str = "no document is held by two annotators";
const NO_MATCHED_QUOTE: &str = "no quote was marked by both annotators of a pair (overlap match)";

/// The mean of the pairs' kappas where defined; undefined, with the
/// reason, when no pair has one.
fn mean_kappa(measure: Measure, scope: &Scope, tallies: &[&KappaTally], none: &str) -> Figure {
    let results: Vec<Result<f64, Undefined>> = tallies.iter().map(|t| t.kappa()).collect();
    let defined: Vec<f64> = results.iter().filter_map(|r| r.ok()).collect();
    let value = match mean(&defined) {
        Some(value) => Ok(value),
        None if results.contains(&Err(Undefined::NoVariation)) => {
            Err(Undefined::NoVariation.reason().to_string())
        }
        None => Err(none.to_string()),
    };
    let n = tallies.iter().map(|t| t.units()).sum();
    Figure::new(measure, scope.clone(), value, n)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn what(scope: &Scope) -> String {
    match scope {
        Scope::Kind(kind) => kind.as_str().to_string(),
        Scope::All => "annotation".to_string(),
        Scope::Labels(set) => set.name().to_string(),
    }
}

fn values_id(values: &mut Values, name: &str) -> u32 {
    values.id(format!("stance:{name}"))
}

fn of_kind<'a>(doc: &'a AnnotatedDocument, kind: &Kind) -> Vec<&'a Annotation> {
    doc.annotations.iter().filter(|a| a.kind == *kind).collect()
}

/// Whether two annotations name the same speaker: a name or alias in
/// common (by [`same_name`]); an id the document does not define counts
/// as a name; two annotations without a speaker agree.
pub(crate) fn same_speaker(
    left_doc: &AnnotatedDocument,
    left: &Annotation,
    right_doc: &AnnotatedDocument,
    right: &Annotation,
) -> bool {
    match (&left.speaker, &right.speaker) {
        (None, None) => true,
        (Some(l), Some(r)) => shares_name(left_doc, l, right_doc, r),
        _ => false,
    }
}

/// Whether speaker `left` of `left_doc` and speaker `right` of
/// `right_doc` have a name or alias in common (an id a document does not
/// define counts as a name).
pub(crate) fn shares_name(
    left_doc: &AnnotatedDocument,
    left: &str,
    right_doc: &AnnotatedDocument,
    right: &str,
) -> bool {
    let right_names = names(right_doc, right);
    names(left_doc, left)
        .iter()
        .any(|a| right_names.iter().any(|b| same_name(a, b)))
}

fn names<'a>(doc: &'a AnnotatedDocument, id: &'a str) -> Vec<&'a str> {
    match doc.speaker(id) {
        Some(s) => std::iter::once(s.name.as_str())
            .chain(s.aliases.iter().map(String::as_str))
            .collect(),
        None => vec![id],
    }
}
