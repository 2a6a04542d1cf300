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

/// A policy resolving every disagreement at once (`attrib adjudicate
/// --take`), for when no reviewer walks through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// The left version wins: what only the right marked is dropped, and
    /// of two differing annotations the left one is kept.
    Left,
    /// The right version wins, likewise.
    Right,
    /// Everything either side marked: two differing annotations are both
    /// kept (the reviewer removes one later).
    Both,
    /// What either side alone marked is kept; of two differing annotations
    /// only the left one (one annotation per pair, unlike `Both`).
    Union,
}

impl Policy {
    pub const ALL: [Policy; 4] = [Policy::Left, Policy::Right, Policy::Both, Policy::Union];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Left => "left",
            Policy::Right => "right",
            Policy::Both => "both",
            Policy::Union => "union",
        }
    }

    /// The decision this policy makes for `disagreement`.
    pub fn decide(self, disagreement: &Disagreement) -> Decision {
        match (self, disagreement.found) {
            (Policy::Left, _) => Decision::Left,
            (Policy::Right, _) => Decision::Right,
            (Policy::Both, _) => Decision::Both,
            (Policy::Union, Found::RightOnly) => Decision::Right,
            (Policy::Union, _) => Decision::Left,
        }
    }

    /// One decision per disagreement, in their order.
    pub fn decisions(self, disagreements: &[Disagreement]) -> Vec<Decision> {
        disagreements.iter().map(|d| self.decide(d)).collect()
    }
}

impl std::str::FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Policy::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("{s:?} is not a policy: use left, right, both or union"))
    }
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
    crate::sort::sort(&mut kinds);
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
    crate::sort::sort_by_key(&mut comparison.agreed, |a| a.left);
    crate::sort::sort_by_key(&mut comparison.disagreements, |d| {
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

/// The adjudicated document: the left version's metadata (its id with
/// `-adjudicated` added, no annotator, [`crate::model::Metadata::adjudicated_from`]
/// naming both sides), text and speakers; the automatic agreements (the left annotation, noted as
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
    doc.meta.id = adjudicated_id(&left.meta.id);
    doc.meta.annotator = None;
    doc.meta.adjudicated_from = vec![how.left_name.to_string(), how.right_name.to_string()];
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
    crate::sort::sort_by_key(&mut doc.annotations, |a| {
        let extent = a.extent().unwrap_or(Span::new(usize::MAX, usize::MAX));
        (extent.start, extent.end)
    });
    doc
}

/// Two annotators' documents paired by the SHA-256 of their text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paired {
    /// (left index, right index), in the left's order.
    pub pairs: Vec<(usize, usize)>,
    /// The left documents no right document has the text of.
    pub left_alone: Vec<usize>,
    /// The right documents no left document has the text of.
    pub right_alone: Vec<usize>,
}

/// Pairs `left`'s documents with `right`'s by text (SHA-256); a text a
/// side holds twice pairs its first copy, and the second is alone.
pub fn pair_by_text(left: &[AnnotatedDocument], right: &[AnnotatedDocument]) -> Paired {
    let mut taken = vec![false; right.len()];
    let mut paired = Paired::default();
    for (l, doc) in left.iter().enumerate() {
        let hash = doc.text.sha256();
        match (0..right.len()).find(|&r| !taken[r] && right[r].text.sha256() == hash) {
            Some(r) => {
                taken[r] = true;
                paired.pairs.push((l, r));
            }
            None => paired.left_alone.push(l),
        }
    }
    paired.right_alone = (0..right.len()).filter(|&r| !taken[r]).collect();
    paired
}

/// What adjudicating two annotators' documents by a [`Policy`] made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// One adjudicated document per pair, in the left's order.
    pub documents: Vec<AnnotatedDocument>,
    /// Automatic agreements and disagreements resolved, over all pairs.
    pub agreed: usize,
    pub resolved: usize,
    /// Which documents had no partner.
    pub paired: Paired,
}

/// Adjudicates every document `left` and `right` both hold (by text),
/// resolving each disagreement by `policy`.
pub fn adjudicate_by_policy(
    left: &[AnnotatedDocument],
    right: &[AnnotatedDocument],
    how: &Adjudication,
    policy: Policy,
) -> Merged {
    let paired = pair_by_text(left, right);
    let mut merged = Merged::default();
    for &(l, r) in &paired.pairs {
        let comparison = compare(&left[l], &right[r], how.threshold);
        merged.agreed += comparison.agreed.len();
        merged.resolved += comparison.disagreements.len();
        let decisions = policy.decisions(&comparison.disagreements);
        merged
            .documents
            .push(adjudicate(&left[l], &right[r], how, &decisions));
    }
    merged.paired = paired;
    merged
}

/// The id of the document adjudicated from a version with id `id`
/// (`-adjudicated` added once).
pub fn adjudicated_id(id: &str) -> String {
    if id.ends_with("-adjudicated") {
        id.to_string()
    } else {
        format!("{id}-adjudicated")
    }
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
