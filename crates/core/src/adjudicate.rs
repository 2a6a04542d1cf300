//! Adjudication: two versions of one document (two annotators, or an
//! annotator and a draft gold) compared annotation by annotation, the
//! disagreements listed in reading order for a reviewer to walk through,
//! and a decision per disagreement turned into one adjudicated document.
//!
//! Annotations of the same kind are paired greedily by overlap
//! ([`crate::matching::pair_greedy`]). A pair whose spans and fields
//! (speaker by name, quote type, cue, stance, check-worthiness, claim type;
//! not the note) are all the same is an automatic agreement; any other pair
//! is a disagreement naming the fields that differ; an annotation with no
//! partner is left-only or right-only.
//!
//! ```
//! use attrib_core::adjudicate::{adjudicate, disagreements, Adjudication, Decision};
//! # use attrib_core::{AnnotatedDocument, Annotation, Document, Kind, Metadata, Span};
//! # let mut left = AnnotatedDocument::new(Metadata::default(), Document::new("ab cd"));
//! # left.annotations.push(Annotation::new("q1", Kind::Quote, vec![Span::new(0, 2)]));
//! # let right = AnnotatedDocument::new(Metadata::default(), Document::new("ab cd"));
//! let how = Adjudication { left_name: "ann", right_name: "bob", threshold: 0.5 };
//! let found = disagreements(&left, &right, how.threshold);
//! let decisions: Vec<Decision> = found.iter().map(|_| Decision::Both).collect();
//! let gold = adjudicate(&left, &right, &how, &decisions);
//! assert_eq!(gold.annotations[0].note, "adjudicated: from ann");
//! ```

use serde::Serialize;

use crate::agree::{same_speaker, shares_name};
use crate::matching::{normalise, pair_greedy};
use crate::model::{same_name, AnnotatedDocument, Annotation, Kind, Span, Speaker, StanceTarget};

/// Which side holds a disagreement's annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// Only the left version marked it.
    LeftOnly,
    /// Only the right version marked it.
    RightOnly,
    /// Both marked it (overlap match) but differ in the fields named.
    Different,
}

/// One disagreement between the two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub found: Found,
    pub kind: Kind,
    /// Index of the left version's annotation, when it has one.
    pub left: Option<usize>,
    /// Index of the right version's annotation, when it has one.
    pub right: Option<usize>,
    /// |intersection| / |union| of the two annotations' code points (0 for
    /// a one-sided disagreement).
    pub overlap: f64,
    /// The fields that differ, for [`Found::Different`]: any of `spans`,
    /// `speaker`, `quote_type`, `cue`, `stance`, `checkworthiness`,
    /// `claim_type`.
    pub differences: Vec<&'static str>,
    /// Where it starts in the text (code points), for reading order.
    pub start: usize,
}

/// An automatic agreement: the left and right annotations are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Agreed {
    pub left: usize,
    pub right: usize,
}

/// Everything the comparison finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub agreed: Vec<Agreed>,
    /// In reading order (by start, left before right on a tie).
    pub disagreements: Vec<Disagreement>,
}

/// What to keep of one disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The left annotation (nothing when the right alone marked it).
    Left,
    /// The right annotation (nothing when the left alone marked it).
    Right,
    /// Both annotations.
    Both,
    /// Neither.
    Neither,
}

/// How to adjudicate: the names the notes give each side, and the overlap
/// threshold pairing annotations (the one given to [`disagreements`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjudication<'a> {
    pub left_name: &'a str,
    pub right_name: &'a str,
    pub threshold: f64,
}

/// The automatic agreements and the disagreements of `left` and `right`,
/// pairing annotations at `threshold` (|intersection| / |union|).
pub fn compare(left: &AnnotatedDocument, right: &AnnotatedDocument, threshold: f64) -> Comparison {
    let mut kinds: Vec<&Kind> = left
        .annotations
        .iter()
        .chain(&right.annotations)
        .map(|a| &a.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut comparison = Comparison {
        agreed: Vec::new(),
        disagreements: Vec::new(),
    };
    for kind in kinds {
        let of_kind = |doc: &AnnotatedDocument| -> Vec<usize> {
            (0..doc.annotations.len())
                .filter(|&i| doc.annotations[i].kind == *kind)
                .collect()
        };
        let (l, r) = (of_kind(left), of_kind(right));
        let spans = |doc: &AnnotatedDocument, ids: &[usize]| -> Vec<Vec<Span>> {
            ids.iter()
                .map(|&i| doc.annotations[i].spans.clone())
                .collect()
        };
        let pairs = pair_greedy(&spans(left, &l), &spans(right, &r), threshold);
        let mut l_paired = vec![false; l.len()];
        let mut r_paired = vec![false; r.len()];
        for (li, ri, ratio) in pairs {
            l_paired[li] = true;
            r_paired[ri] = true;
            let (li, ri) = (l[li], r[ri]);
            let differences = differences(left, li, right, ri);
            if differences.is_empty() {
                comparison.agreed.push(Agreed {
                    left: li,
                    right: ri,
                });
            } else {
                comparison.disagreements.push(Disagreement {
                    found: Found::Different,
                    kind: kind.clone(),
                    left: Some(li),
                    right: Some(ri),
                    overlap: ratio,
                    differences,
                    start: start_of(&left.annotations[li]).min(start_of(&right.annotations[ri])),
                });
            }
        }
        for (_, &i) in l.iter().enumerate().filter(|(k, _)| !l_paired[*k]) {
            comparison
                .disagreements
                .push(one_sided(Found::LeftOnly, kind, Some(i), None, left, i));
        }
        for (_, &i) in r.iter().enumerate().filter(|(k, _)| !r_paired[*k]) {
            comparison.disagreements.push(one_sided(
                Found::RightOnly,
                kind,
                None,
                Some(i),
                right,
                i,
            ));
        }
    }
    comparison.agreed.sort_by_key(|a| a.left);
    comparison.disagreements.sort_by_key(|d| {
        (
            d.start,
            d.found == Found::RightOnly,
            d.left.unwrap_or(usize::MAX),
            d.right.unwrap_or(usize::MAX),
        )
    });
    comparison
}

/// The disagreements of `left` and `right` in reading order (see
/// [`compare`]); the automatic agreements need no decision.
pub fn disagreements(
    left: &AnnotatedDocument,
    right: &AnnotatedDocument,
    threshold: f64,
) -> Vec<Disagreement> {
    compare(left, right, threshold).disagreements
}

/// The adjudicated document: the left version's metadata, text and
/// speakers; the automatic agreements (the left annotation, noted as
/// agreed); and for each disagreement what `decisions` (in the order
/// [`disagreements`] gives) says to keep. A disagreement without a
/// decision (the list is shorter) keeps the left side, so nothing the
/// left version holds is lost unasked.
///
/// Every kept annotation's note ends with where it came from:
/// `adjudicated: from ann`, `adjudicated: ann and bob agreed`. Right-side
/// annotations are renamed when their id is taken, and their speakers are
/// the left's speaker of the same name (or alias), else added (renamed if
/// the id is taken). The schema gains the labels and kinds the right
/// version's schema adds. Annotations are in reading order.
pub fn adjudicate(
    left: &AnnotatedDocument,
    right: &AnnotatedDocument,
    how: &Adjudication,
    decisions: &[Decision],
) -> AnnotatedDocument {
    let comparison = compare(left, right, how.threshold);
    let mut doc = AnnotatedDocument {
        annotations: Vec::new(),
        ..left.clone()
    };
    merge_schema(&mut doc, right);
    let mut kept_left: Vec<(usize, String)> = comparison
        .agreed
        .iter()
        .map(|a| {
            (
                a.left,
                format!("{} and {} agreed", how.left_name, how.right_name),
            )
        })
        .collect();
    let mut kept_right: Vec<usize> = Vec::new();
    for (i, d) in comparison.disagreements.iter().enumerate() {
        let decision = decisions.get(i).copied().unwrap_or(Decision::Left);
        let (take_left, take_right) = match decision {
            Decision::Left => (true, false),
            Decision::Right => (false, true),
            Decision::Both => (true, true),
            Decision::Neither => (false, false),
        };
        if let (true, Some(l)) = (take_left, d.left) {
            kept_left.push((l, format!("from {}", how.left_name)));
        }
        if let (true, Some(r)) = (take_right, d.right) {
            kept_right.push(r);
        }
    }
    for (i, source) in kept_left {
        let mut a = left.annotations[i].clone();
        add_source(&mut a, &source);
        doc.annotations.push(a);
    }
    for r in kept_right {
        let mut a = right.annotations[r].clone();
        a.id = unique_id(&doc, &a.id, how.right_name);
        a.speaker = a.speaker.map(|id| speaker_for(&mut doc, right, &id));
        if let Some(stance) = &mut a.stance {
            if let StanceTarget::Speaker(id) = &stance.target {
                stance.target = StanceTarget::Speaker(speaker_for(&mut doc, right, id));
            }
        }
        add_source(&mut a, &format!("from {}", how.right_name));
        doc.annotations.push(a);
    }
    doc.annotations.sort_by_key(|a| {
        let extent = a.extent().unwrap_or(Span::new(usize::MAX, usize::MAX));
        (extent.start, extent.end)
    });
    doc
}

fn one_sided(
    found: Found,
    kind: &Kind,
    left: Option<usize>,
    right: Option<usize>,
    doc: &AnnotatedDocument,
    i: usize,
) -> Disagreement {
    Disagreement {
        found,
        kind: kind.clone(),
        left,
        right,
        overlap: 0.0,
        differences: Vec::new(),
        start: start_of(&doc.annotations[i]),
    }
}

fn start_of(a: &Annotation) -> usize {
    a.extent().map_or(usize::MAX, |e| e.start)
}

/// The fields in which two paired annotations differ.
fn differences(
    left_doc: &AnnotatedDocument,
    l: usize,
    right_doc: &AnnotatedDocument,
    r: usize,
) -> Vec<&'static str> {
    let (a, b) = (&left_doc.annotations[l], &right_doc.annotations[r]);
    let mut differ = Vec::new();
    if normalise(&a.spans) != normalise(&b.spans) {
        differ.push("spans");
    }
    if !same_speaker(left_doc, a, right_doc, b) {
        differ.push("speaker");
    }
    if a.quote_type != b.quote_type {
        differ.push("quote_type");
    }
    if a.cue != b.cue {
        differ.push("cue");
    }
    let same_stance = match (&a.stance, &b.stance) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            x.label == y.label
                && match (&x.target, &y.target) {
                    (StanceTarget::Text(p), StanceTarget::Text(q)) => same_name(p, q),
                    (StanceTarget::Speaker(p), StanceTarget::Speaker(q)) => {
                        shares_name(left_doc, p, right_doc, q)
                    }
                    _ => false,
                }
        }
        _ => false,
    };
    if !same_stance {
        differ.push("stance");
    }
    if a.checkworthiness != b.checkworthiness {
        differ.push("checkworthiness");
    }
    if a.claim_type != b.claim_type {
        differ.push("claim_type");
    }
    differ
}

fn add_source(a: &mut Annotation, source: &str) {
    let line = format!("adjudicated: {source}");
    if a.note.is_empty() {
        a.note = line;
    } else {
        a.note = format!("{}\n{line}", a.note);
    }
}

/// `id`, or `id-<side>`, `id-<side>-2`… when the document already has it.
fn unique_id(doc: &AnnotatedDocument, id: &str, side: &str) -> String {
    let taken = |candidate: &str| doc.annotations.iter().any(|a| a.id == candidate);
    if !taken(id) {
        return id.to_string();
    }
    let base = format!("{id}-{side}");
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// The id in `doc` of the right version's speaker `id`: the speaker with
/// one of its names, else the speaker added (under a fresh id if taken).
fn speaker_for(doc: &mut AnnotatedDocument, right: &AnnotatedDocument, id: &str) -> String {
    let speaker = right
        .speaker(id)
        .cloned()
        .unwrap_or_else(|| Speaker::new(id, id));
    let names: Vec<&String> = std::iter::once(&speaker.name)
        .chain(&speaker.aliases)
        .collect();
    if let Some(found) = doc
        .speakers
        .iter()
        .find(|s| names.iter().any(|n| s.is_called(n)))
    {
        return found.id.clone();
    }
    let mut fresh = speaker.id.clone();
    let mut n = 2;
    while doc.speakers.iter().any(|s| s.id == fresh) {
        fresh = format!("{}-{n}", speaker.id);
        n += 1;
    }
    doc.speakers.push(Speaker {
        id: fresh.clone(),
        ..speaker
    });
    fresh
}

/// Adds to `doc`'s schema the labels and kinds `other`'s schema has and it
/// lacks.
fn merge_schema(doc: &mut AnnotatedDocument, other: &AnnotatedDocument) {
    let (mine, theirs) = (&mut doc.schema, &other.schema);
    for (to, from) in [
        (&mut mine.quote_types, &theirs.quote_types),
        (&mut mine.stance_labels, &theirs.stance_labels),
        (&mut mine.checkworthiness, &theirs.checkworthiness),
        (&mut mine.claim_types, &theirs.claim_types),
        (&mut mine.custom_kinds, &theirs.custom_kinds),
    ] {
        for label in from {
            if !to.contains(label) {
                to.push(label.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests;
