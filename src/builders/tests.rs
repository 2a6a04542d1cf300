//! The builders' reducer on two small versions of one article: ann marks a
//! quote (direct) and a claim; bob marks the same quote as indirect and a
//! mention of Lavrov.

use super::*;
use attrib_core::model::{Annotation, Kind, Metadata, Span};
use attrib_core::text::Document;

const TEXT: &str = "“We failed,” Kerry said. Sales rose 5%. Lavrov left.";

fn version(annotations: Vec<Annotation>) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "talks".into(),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    doc.annotations = annotations;
    doc
}

fn quote(id: &str, quote_type: &str) -> Annotation {
    let mut a = Annotation::new(id, Kind::Quote, vec![Span::new(0, 12)]);
    a.quote_type = Some(quote_type.into());
    a
}

fn ann() -> AnnotatedDocument {
    version(vec![
        quote("q1", "direct"),
        Annotation::new("c1", Kind::Claim, vec![Span::new(25, 39)]),
    ])
}

fn bob() -> AnnotatedDocument {
    version(vec![
        quote("q", "indirect"),
        Annotation::new("m2", Kind::Mention, vec![Span::new(40, 46)]),
    ])
}

fn file(name: &str, doc: AnnotatedDocument) -> AnnotatorFile {
    AnnotatorFile {
        name: name.into(),
        documents: Ok(vec![doc]),
    }
}

fn loaded() -> Builders {
    let mut b = Builders::default();
    b.update(BuildMsg::Show(Some(BuildView::Agreement)));
    b.update(BuildMsg::AddAnnotators(vec![
        file("ann.json", ann()),
        file("bob.json", bob()),
    ]));
    b
}

fn reviewing() -> Builders {
    let mut b = loaded();
    b.update(BuildMsg::Review(ann().text.sha256().to_string()));
    b
}

#[test]
fn two_files_give_the_figures_and_one_file_gives_none() {
    let mut b = Builders::default();
    b.update(BuildMsg::AddAnnotators(vec![file("ann.json", ann())]));
    assert!(b.agreement.is_none());
    b.update(BuildMsg::AddAnnotators(vec![file("bob.json", bob())]));
    let agreement = b.agreement.clone().expect("figures for two annotators");
    assert_eq!(agreement.annotators, vec!["ann.json", "bob.json"]);
    // One quote each, matched exactly: F1 for quotes is 1; over all kinds
    // 1 match of 2 + 2 annotations gives 2·1/4.
    let value = |name: &str| agreement.figure(name).and_then(|f| f.value);
    assert_eq!(value("f1_exact.quote"), Some(1.0));
    assert_eq!(value("f1_overlap.all"), Some(0.5));
    b.update(BuildMsg::RemoveAnnotator(0));
    assert!(b.agreement.is_none());
    assert_eq!(b.annotators[0].name, "bob.json");
}

#[test]
fn unreadable_and_empty_files_are_listed_with_the_reason() {
    let mut b = Builders::default();
    b.update(BuildMsg::AddAnnotators(vec![
        AnnotatorFile {
            name: "broken.json".into(),
            documents: Err("Could not open “broken.json”: not JSON.".into()),
        },
        AnnotatorFile {
            name: "empty.jsonl".into(),
            documents: Ok(Vec::new()),
        },
    ]));
    assert!(b.annotators.is_empty());
    assert_eq!(
        b.unread,
        vec![
            "Could not open “broken.json”: not JSON.".to_string(),
            "“empty.jsonl” holds no document.".to_string()
        ]
    );
}

#[test]
fn the_same_name_twice_is_told_apart() {
    let mut b = loaded();
    b.update(BuildMsg::AddAnnotators(vec![file("ann.json", ann())]));
    assert_eq!(b.annotators[2].name, "ann.json (2)");
}

#[test]
fn an_overlap_outside_zero_to_one_is_refused_and_the_old_one_kept() {
    let mut b = loaded();
    b.update(BuildMsg::SetOverlap("2".into()));
    assert_eq!(b.overlap, 0.5);
    assert!(b
        .problem
        .as_deref()
        .is_some_and(|p| p.contains("at most 1")));
    b.update(BuildMsg::SetOverlap("0.8".into()));
    assert_eq!(b.overlap, 0.8);
    assert_eq!(b.problem, None);
    assert_eq!(b.agreement.as_ref().map(|a| a.overlap), Some(0.8));
}

#[test]
fn a_review_lists_every_disagreement_in_reading_order() {
    let b = reviewing();
    assert_eq!(b.view, Some(BuildView::Review));
    let review = b.review.as_ref().expect("a review");
    assert_eq!(review.left_name, "ann.json");
    let found: Vec<_> = review
        .comparison
        .disagreements
        .iter()
        .map(|d| d.start)
        .collect();
    assert_eq!(found, vec![0, 25, 40]);
    assert_eq!(review.decided(), 0);
}

#[test]
fn choosing_moves_to_the_next_undecided_and_finishing_waits_for_all() {
    let mut b = reviewing();
    b.update(BuildMsg::Choose(Choice::Take(Decision::Right)));
    assert_eq!(b.review.as_ref().map(|r| r.current), Some(1));
    b.update(BuildMsg::Step(1));
    b.update(BuildMsg::Choose(Choice::Take(Decision::Right)));
    // Wraps round to the claim left undecided.
    assert_eq!(b.review.as_ref().map(|r| r.current), Some(1));
    assert!(b.finish().is_none(), "one disagreement is still open");
    assert!(b.review.is_some());
    b.update(BuildMsg::Choose(Choice::Take(Decision::Neither)));
    let (doc, to_edit) = b.finish().expect("every disagreement decided");
    assert!(to_edit.is_empty());
    let ids: Vec<&str> = doc.annotations.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["q", "m2"]);
    assert_eq!(doc.annotations[0].quote_type.as_deref(), Some("indirect"));
    assert_eq!(doc.meta.adjudicated_from, vec!["ann.json", "bob.json"]);
    assert_eq!(doc.meta.id, "talks-adjudicated");
    assert_eq!(b.view, None);
    // Kept, decisions and all, should the user decline to replace their work.
    assert!(b.review.as_ref().is_some_and(|r| r.is_done()));
}

#[test]
fn choosing_to_edit_keeps_both_and_names_them_for_the_editor() {
    let mut b = reviewing();
    b.update(BuildMsg::Choose(Choice::Edit));
    b.update(BuildMsg::Choose(Choice::Take(Decision::Left)));
    b.update(BuildMsg::Choose(Choice::Take(Decision::Left)));
    let (doc, to_edit) = b.finish().expect("decided");
    assert_eq!(to_edit.len(), 2);
    assert_eq!(to_edit[0], "q1");
    assert!(doc
        .annotation(&to_edit[1])
        .is_some_and(|a| a.quote_type.as_deref() == Some("indirect")));
}

#[test]
fn stepping_stays_inside_the_list() {
    let mut b = reviewing();
    b.update(BuildMsg::Step(-1));
    assert_eq!(b.review.as_ref().map(|r| r.current), Some(0));
    b.update(BuildMsg::GoTo(2));
    b.update(BuildMsg::Step(1));
    assert_eq!(b.review.as_ref().map(|r| r.current), Some(2));
    b.update(BuildMsg::GoTo(9));
    assert_eq!(b.review.as_ref().map(|r| r.current), Some(2));
}

#[test]
fn a_review_needs_both_annotators_of_the_pair_to_hold_the_text() {
    let mut b = loaded();
    b.update(BuildMsg::Review("0".repeat(64)));
    assert!(b.review.is_none());
    assert_eq!(b.view, Some(BuildView::Agreement));
    b.update(BuildMsg::SetPair(1, 1));
    assert_eq!(b.pair, (0, 1));
    b.update(BuildMsg::SetPair(1, 0));
    assert_eq!(b.pair, (1, 0));
    b.update(BuildMsg::Review(ann().text.sha256().to_string()));
    assert_eq!(
        b.review.as_ref().map(|r| r.left_name.as_str()),
        Some("bob.json")
    );
}

#[test]
fn leaving_a_review_goes_back_to_the_figures_and_keeps_the_files() {
    let mut b = reviewing();
    b.update(BuildMsg::StopReview);
    assert!(b.review.is_none());
    assert_eq!(b.view, Some(BuildView::Agreement));
    assert_eq!(b.annotators.len(), 2);
}
