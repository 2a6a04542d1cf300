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
    assert_eq!(doc.meta.title, ann().meta.title);
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

#[test]
fn the_adjudicated_document_is_marked_with_both_annotators_and_a_new_id() {
    let doc = adjudicate(&ann(), &bob(), &HOW, &[]);
    assert_eq!(doc.meta.id, "talks-adjudicated");
    assert_eq!(doc.meta.adjudicated_from, vec!["ann", "bob"]);
    assert_eq!(doc.meta.annotator, None);
    let again = adjudicate(&doc, &doc, &HOW, &[]);
    assert_eq!(again.meta.id, "talks-adjudicated");
}

#[test]
fn each_policy_resolves_every_disagreement_its_own_way() {
    let found = disagreements(&ann(), &bob(), 0.5);
    let kinds: Vec<Found> = found.iter().map(|d| d.found).collect();
    assert_eq!(
        kinds,
        vec![Found::Different, Found::LeftOnly, Found::RightOnly]
    );
    let ids = |policy: Policy| -> Vec<String> {
        let doc = adjudicate(&ann(), &bob(), &HOW, &policy.decisions(&found));
        doc.annotations.iter().map(|a| a.id.clone()).collect()
    };
    // The quote (differing type), Kerry's agreed mention, ann's claim,
    // bob's Lavrov.
    assert_eq!(ids(Policy::Left), vec!["q1", "m1", "c1"]);
    assert_eq!(ids(Policy::Right), vec!["q", "m1", "m2"]);
    assert_eq!(ids(Policy::Both), vec!["q1", "q", "m1", "c1", "m2"]);
    assert_eq!(ids(Policy::Union), vec!["q1", "m1", "c1", "m2"]);
}

#[test]
fn policies_read_from_their_names_and_refuse_others() {
    for policy in Policy::ALL {
        assert_eq!(policy.name().parse::<Policy>(), Ok(policy));
    }
    let refused = "all".parse::<Policy>().unwrap_err();
    assert!(refused.contains("left, right, both or union"), "{refused}");
}

#[test]
fn an_adjudicated_document_keeps_its_mark_through_the_native_format() {
    let doc = adjudicate(&ann(), &bob(), &HOW, &[]);
    let json = crate::formats::native::export(&doc)
        .expect("exports")
        .contents;
    assert!(json.contains("\"adjudicated_from\""), "{json}");
    let back = crate::formats::native::import(&json, None).expect("imports");
    assert_eq!(back.documents[0].meta.adjudicated_from, vec!["ann", "bob"]);
    let plain = crate::formats::native::export(&ann())
        .expect("exports")
        .contents;
    assert!(!plain.contains("adjudicated_from"), "{plain}");
}

#[test]
fn documents_pair_by_text_and_the_rest_are_listed_alone() {
    let mut other = AnnotatedDocument::new(
        Metadata {
            id: "other".into(),
            ..Metadata::default()
        },
        Document::new("Another text."),
    );
    other.annotations = vec![annotation("x", Kind::Claim, 0, 7, None)];
    let left = vec![other.clone(), ann()];
    let right = vec![bob(), ann()];
    let paired = pair_by_text(&left, &right);
    assert_eq!(paired.pairs, vec![(1, 0)]);
    assert_eq!(paired.left_alone, vec![0]);
    assert_eq!(paired.right_alone, vec![1]);

    let merged = adjudicate_by_policy(&left, &right, &HOW, Policy::Union);
    assert_eq!(merged.documents.len(), 1);
    assert_eq!(merged.agreed, 1);
    assert_eq!(merged.resolved, 3);
    assert_eq!(merged.documents[0].annotations.len(), 4);
    assert_eq!(merged.paired, paired);
}
