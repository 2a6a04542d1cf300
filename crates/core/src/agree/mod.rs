//! Agreement between annotators: two or more annotators' versions of the
//! same documents compared span by span and code point by code point, per
//! kind, per label set and overall, with a per-document breakdown.
//!
//! Documents are matched by the SHA-256 of their text; a text only one
//! annotator holds (or one an annotator holds twice) is listed in
//! [`Agreement::unmatched`] with the reason. A document at least two
//! annotators hold is compared; the annotators without it are missing for
//! it (Krippendorff's alpha allows that; the pairwise figures use the pairs
//! that both hold it).
//!
//! The figures (see [`Measure`] for their names and [`figures::explain`]
//! for their one-line explanations):
//!
//! - `f1_exact.<scope>` and `f1_overlap.<scope>`: for each pair of
//!   annotators, 2·matched / (left's annotations + right's), counts summed
//!   over the documents both hold; a match pairs annotations of the same
//!   kind with exactly the same code points, or with |intersection| /
//!   |union| at or above the overlap threshold ([`crate::matching`]). The
//!   figure is the mean over pairs; a pair where neither annotator marked
//!   anything has no F1 and is left out of the mean.
//! - `kappa.<scope>`: Cohen's kappa, each non-whitespace code point a unit,
//!   mean over pairs (for two annotators, simply Cohen's kappa).
//! - `alpha.<scope>`: Krippendorff's nominal alpha over the same units, all
//!   annotators at once.
//! - `speaker_agreement.quote` and `stance_kappa.quote`: on the quotes both
//!   annotators of a pair marked (overlap match), whether the speakers are
//!   the same person (a name or alias in common, by [`crate::model::same_name`];
//!   two quotes without a speaker agree) and Cohen's kappa on the stance
//!   labels (no stance being a value); mean over pairs.
//!
//! Scopes are each kind (`quote`, `claim`, `mention`, custom kinds), `all`,
//! and for kappa and alpha the label sets `labels.quote_type`,
//! `labels.stance`, `labels.checkworthiness`, `labels.claim_type`. A
//! code point's value for a kind is whether an annotation of that kind
//! covers it; for `all`, the combination of kinds covering it; for a label
//! set, the label of the annotation covering it (`unlabelled` if it has
//! none, `outside` if none covers it; when several annotations with
//! different labels cover it, the labels joined in order, as one value).
//!
//! Edge cases: identical versions give 1 everywhere a figure is defined;
//! kappa and alpha are undefined (`None`, with the reason) when no unit was
//! coded twice or when there is no variation (chance agreement is perfect,
//! 0/0); F1 is undefined when neither annotator marked anything.

mod chance;
pub mod figures;
mod tally;
mod units;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

pub use chance::{AlphaTally, KappaTally, Undefined};
pub use figures::{explain, Figure, LabelSet, Measure, Scope};

use crate::model::{AnnotatedDocument, Kind};
use tally::Tallies;
pub(crate) use tally::{same_speaker, shares_name};
use units::Values;

/// The overlap threshold (|intersection| / |union|) used unless another is
/// given.
pub const DEFAULT_OVERLAP: f64 = 0.5;

/// One annotator's version of some documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotator {
    /// How reports name the annotator (a file name, a person).
    pub name: String,
    pub documents: Vec<AnnotatedDocument>,
}

/// A document left out of the comparison, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub annotator: String,
    /// The document's id.
    pub document: String,
    pub sha256: String,
    pub reason: String,
}

/// The figures of one compared document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentAgreement {
    /// The document's id in the first annotator's version that holds it.
    pub id: String,
    pub sha256: String,
    /// The annotators who hold it, and those who do not.
    pub annotators: Vec<String>,
    pub missing: Vec<String>,
    pub figures: Vec<Figure>,
}

impl DocumentAgreement {
    pub fn figure(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    /// The figure documents are sorted by, worst first: `f1_overlap.all`,
    /// then `alpha.all`; `None` when neither is defined (nobody marked
    /// anything), which sorts last.
    pub fn badness_key(&self) -> Option<(f64, f64)> {
        let value = |name: &str| self.figure(name).and_then(|f| f.value);
        match (value("f1_overlap.all"), value("alpha.all")) {
            (None, None) => None,
            (f1, alpha) => Some((f1.unwrap_or(1.0), alpha.unwrap_or(1.0))),
        }
    }
}

/// Everything an agreement study reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub annotators: Vec<String>,
    /// The overlap threshold used for `f1_overlap` and matched quotes.
    pub overlap: f64,
    /// The figures over all compared documents.
    pub figures: Vec<Figure>,
    /// Each compared document, worst first (see
    /// [`DocumentAgreement::badness_key`]).
    pub documents: Vec<DocumentAgreement>,
    pub unmatched: Vec<Unmatched>,
}

impl Agreement {
    pub fn figure(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }
}

/// Compares the annotators' versions of their documents, pairing spans at
/// `overlap` (|intersection| / |union|; [`DEFAULT_OVERLAP`] is usual).
pub fn agree(annotators: &[Annotator], overlap: f64) -> Agreement {
    let names: Vec<String> = annotators.iter().map(|a| a.name.clone()).collect();
    let (groups, unmatched) = group_by_text(annotators);
    let scopes = scopes_of(annotators);
    let mut values = Values::default();
    let mut total = Tallies::default();
    let mut documents = Vec::with_capacity(groups.len());
    for group in &groups {
        let versions: Vec<Option<&AnnotatedDocument>> = group
            .members
            .iter()
            .map(|m| m.map(|(a, d)| &annotators[a].documents[d]))
            .collect();
        let tallies = Tallies::of_document(&versions, &scopes, overlap, &mut values);
        let figures = tallies.figures(&scopes);
        total.add(tallies);
        let (held, missing): (Vec<_>, Vec<_>) = group
            .members
            .iter()
            .zip(&names)
            .partition(|(member, _)| member.is_some());
        documents.push(DocumentAgreement {
            id: group.id.clone(),
            sha256: group.sha256.clone(),
            annotators: held.into_iter().map(|(_, n)| n.clone()).collect(),
            missing: missing.into_iter().map(|(_, n)| n.clone()).collect(),
            figures,
        });
    }
    crate::sort::sort_by(&mut documents, |a, b| {
        match (a.badness_key(), b.badness_key()) {
            (Some(x), Some(y)) => {
                x.0.total_cmp(&y.0)
                    .then(x.1.total_cmp(&y.1))
                    .then_with(|| a.id.cmp(&b.id))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.id.cmp(&b.id),
        }
    });
    Agreement {
        annotators: names,
        overlap,
        figures: total.figures(&scopes),
        documents,
        unmatched,
    }
}

/// One text and, per annotator, (annotator index, document index) when
/// the annotator holds it.
struct Group {
    id: String,
    sha256: String,
    members: Vec<Option<(usize, usize)>>,
}

fn group_by_text(annotators: &[Annotator]) -> (Vec<Group>, Vec<Unmatched>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_hash: BTreeMap<String, usize> = BTreeMap::new();
    let mut unmatched = Vec::new();
    for (a, annotator) in annotators.iter().enumerate() {
        for (d, doc) in annotator.documents.iter().enumerate() {
            let hash = doc.text.sha256().to_string();
            let g = *by_hash.entry(hash.clone()).or_insert_with(|| {
                groups.push(Group {
                    id: doc.meta.id.clone(),
                    sha256: hash.clone(),
                    members: vec![None; annotators.len()],
                });
                groups.len() - 1
            });
            match groups[g].members[a] {
                None => groups[g].members[a] = Some((a, d)),
                Some((_, first)) => unmatched.push(Unmatched {
                    annotator: annotator.name.clone(),
                    document: doc.meta.id.clone(),
                    sha256: hash,
                    reason: format!(
                        "{} holds this text twice (as {:?} and {:?}); only the first is compared",
                        annotator.name, annotator.documents[first].meta.id, doc.meta.id
                    ),
                }),
            }
        }
    }
    let (compared, alone): (Vec<Group>, Vec<Group>) = groups
        .into_iter()
        .partition(|g| g.members.iter().flatten().count() >= 2);
    for group in alone {
        let Some((a, d)) = group.members.iter().flatten().next().copied() else {
            continue;
        };
        let doc = &annotators[a].documents[d];
        let same_id: Vec<&str> = annotators
            .iter()
            .enumerate()
            .filter(|&(other, o)| {
                other != a && o.documents.iter().any(|od| od.meta.id == doc.meta.id)
            })
            .map(|(_, o)| o.name.as_str())
            .collect();
        let reason = if same_id.is_empty() {
            format!(
                "only {} has this text; no other annotator's document has the same text \
                 (SHA-256)",
                annotators[a].name
            )
        } else {
            format!(
                "only {} has this text; {} {} a document with the same id but a different text",
                annotators[a].name,
                same_id.join(", "),
                if same_id.len() == 1 { "has" } else { "have" }
            )
        };
        unmatched.push(Unmatched {
            annotator: annotators[a].name.clone(),
            document: doc.meta.id.clone(),
            sha256: group.sha256.clone(),
            reason,
        });
    }
    (compared, unmatched)
}

/// The scopes reported: quote, claim, mention, then every custom kind a
/// schema declares or an annotation uses (by name), then all kinds, then
/// the label sets.
fn scopes_of(annotators: &[Annotator]) -> Vec<Scope> {
    let mut custom: Vec<String> = Vec::new();
    for doc in annotators.iter().flat_map(|a| &a.documents) {
        let used = doc.annotations.iter().filter_map(|a| match &a.kind {
            Kind::Custom(name) => Some(name),
            _ => None,
        });
        for name in doc.schema.custom_kinds.iter().chain(used) {
            if !custom.contains(name) {
                custom.push(name.clone());
            }
        }
    }
    crate::sort::sort(&mut custom);
    let mut scopes: Vec<Scope> = [Kind::Quote, Kind::Claim, Kind::Mention]
        .into_iter()
        .chain(custom.into_iter().map(Kind::Custom))
        .map(Scope::Kind)
        .collect();
    scopes.push(Scope::All);
    scopes.extend(LabelSet::ALL.into_iter().map(Scope::Labels));
    scopes
}
