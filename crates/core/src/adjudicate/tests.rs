//! Adjudication of two small versions of one article.
//!
//! ```text
//! “We failed,” Kerry said. Sales rose 5%. Lavrov left.
//! 0..12 quote   13..18 Kerry   25..39 claim   40..46 Lavrov
//! ```

use super::*;
use crate::model::Metadata;
use crate::text::Document;

const TEXT: &str = "“We failed,” Kerry said. Sales rose 5%. Lavrov left.";

const HOW: Adjudication = Adjudication {
    left_name: "ann",
    right_name: "bob",
    threshold: 0.5,
};

fn annotation(id: &str, kind: Kind, start: usize, end: usize, speaker: Option<&str>) -> Annotation {
    let mut a = Annotation::new(id, kind, vec![Span::new(start, end)]);
    a.speaker = speaker.map(str::to_string);
    a
}

/// ann: a direct quote by Kerry, Kerry's mention, a claim.
fn ann() -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "talks".into(),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    let mut kerry = Speaker::new("s1", "John Kerry");
    kerry.aliases = vec!["Kerry".into()];
    doc.speakers = vec![kerry];
    let mut quote = annotation("q1", Kind::Quote, 0, 12, Some("s1"));
    quote.quote_type = Some("direct".into());
    let mut claim = annotation("c1", Kind::Claim, 25, 39, None);
    claim.checkworthiness = Some("checkworthy".into());
    doc.annotations = vec![
        quote,
        annotation("m1", Kind::Mention, 13, 18, Some("s1")),
        claim,
    ];
    doc
}

/// bob: the same quote called indirect, Kerry's mention, no claim, and
/// Lavrov's mention.
fn bob() -> AnnotatedDocument {
    let mut doc = ann();
    doc.speakers = vec![Speaker::new("k", "kerry"), Speaker::new("l", "Lavrov")];
    let mut quote = annotation("q", Kind::Quote, 0, 12, Some("k"));
    quote.quote_type = Some("indirect".into());
    doc.annotations = vec![
        quote,
        annotation("m", Kind::Mention, 13, 18, Some("k")),
        annotation("m2", Kind::Mention, 40, 46, Some("l")),
    ];
    doc
}

#[test]
fn disagreements_come_in_reading_order_with_the_fields_that_differ() {
    let comparison = compare(&ann(), &bob(), 0.5);
    assert_eq!(comparison.agreed, [Agreed { left: 1, right: 1 }]);
    let summary: Vec<_> = comparison
        .disagreements
        .iter()
        .map(|d| (d.found, d.left, d.right, d.differences.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (Found::Different, Some(0), Some(0), vec!["quote_type"]),
            (Found::LeftOnly, Some(2), None, vec![]),
            (Found::RightOnly, None, Some(2), vec![]),
        ]
    );
    assert_eq!(disagreements(&ann(), &bob(), 0.5), comparison.disagreements);
}

#[test]
fn decisions_pick_each_side_and_notes_keep_the_source() {
    let decisions = [Decision::Right, Decision::Neither, Decision::Both];
    let doc = adjudicate(&ann(), &bob(), &HOW, &decisions);
    let kept: Vec<(&str, &str, Option<&str>, &str)> = doc
        .annotations
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.kind.as_str(),
                a.speaker.as_deref(),
                a.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("q", "quote", Some("s1"), "adjudicated: from bob"),
            (
                "m1",
                "mention",
                Some("s1"),
                "adjudicated: ann and bob agreed"
            ),
            ("m2", "mention", Some("l"), "adjudicated: from bob"),
        ]
    );
    assert_eq!(doc.annotations[0].quote_type.as_deref(), Some("indirect"));
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["John Kerry", "Lavrov"], "kerry is John Kerry");
    assert!(
        crate::validate::is_valid(&doc),
        "{:?}",
        crate::validate::validate(&doc)
    );
}

#[test]
fn without_decisions_the_left_version_is_kept_whole() {
    let doc = adjudicate(&ann(), &bob(), &HOW, &[]);
    let ids: Vec<&str> = doc.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["q1", "m1", "c1"]);
    assert_eq!(doc.annotations[2].note, "adjudicated: from ann");
    assert_eq!(doc.meta, ann().meta);
}

#[test]
fn taking_both_renames_a_right_id_already_taken() {
    let mut right = bob();
    right.annotations[0].id = "q1".into();
    let doc = adjudicate(&ann(), &right, &HOW, &[Decision::Both]);
    let quotes: Vec<&str> = doc
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Quote)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(quotes, ["q1", "q1-bob"]);
    let mut noted = ann();
    noted.annotations[0].note = "check the video".into();
    let doc = adjudicate(&noted, &right, &HOW, &[Decision::Left]);
    assert_eq!(
        doc.annotations[0].note,
        "check the video\nadjudicated: from ann"
    );
}

#[test]
fn identical_versions_have_nothing_to_adjudicate() {
    let comparison = compare(&ann(), &ann(), 0.5);
    assert!(comparison.disagreements.is_empty());
    assert_eq!(comparison.agreed.len(), 3);
    let doc = adjudicate(&ann(), &ann(), &HOW, &[]);
    assert_eq!(doc.annotations.len(), 3);
}
