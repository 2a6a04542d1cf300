//! The app's reducer finishing an adjudication review: the adjudicated
//! document is loaded (asking first when work would be lost) with the
//! annotation to edit selected; an unfinished review says what is left.

use super::*;
use crate::builders::{AnnotatorFile, BuildMsg, BuildView, Choice};
use attrib_core::adjudicate::Decision;
use attrib_core::model::Metadata;
use attrib_core::text::Document;

const TEXT: &str = "“We failed,” Kerry said. Sales rose 5%.";

fn version(quote_type: &str, claim: bool) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "talks".into(),
            title: Some("Talks".into()),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    let mut quote = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 12)]);
    quote.quote_type = Some(quote_type.into());
    doc.annotations.push(quote);
    if claim {
        doc.annotations
            .push(Annotation::new("c1", Kind::Claim, vec![Span::new(25, 39)]));
    }
    doc
}

/// A fresh (empty) page reviewing ann against bob: two disagreements.
fn reviewing() -> AppState {
    let mut state = AppState::with_document(AnnotatedDocument::default());
    let file = |name: &str, doc| AnnotatorFile {
        name: name.into(),
        documents: Ok(vec![doc]),
    };
    state.update(Msg::Build(BuildMsg::Show(Some(BuildView::Agreement))));
    state.update(Msg::Build(BuildMsg::AddAnnotators(vec![
        file("ann", version("direct", true)),
        file("bob", version("indirect", false)),
    ])));
    let sha = Document::new(TEXT).sha256().to_string();
    state.update(Msg::Build(BuildMsg::Review(sha)));
    state
}

#[test]
fn finishing_with_disagreements_undecided_says_how_many_and_loads_nothing() {
    let mut state = reviewing();
    state.update(Msg::Build(BuildMsg::Choose(Choice::Take(Decision::Right))));
    state.update(Msg::Build(BuildMsg::Finish));
    let notice = state.notice.clone().expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(
        notice.text.starts_with("1 disagreement still to decide"),
        "{}",
        notice.text
    );
    assert!(state.document().annotations.is_empty());
    assert_eq!(state.builders.view, Some(BuildView::Review));
}

#[test]
fn finishing_loads_the_adjudicated_document_with_the_one_to_edit_selected() {
    let mut state = reviewing();
    state.update(Msg::Build(BuildMsg::Choose(Choice::Take(Decision::Right))));
    state.update(Msg::Build(BuildMsg::Choose(Choice::Edit)));
    state.update(Msg::Build(BuildMsg::Finish));
    let doc = state.document();
    assert_eq!(doc.meta.id, "talks-adjudicated");
    assert_eq!(doc.meta.adjudicated_from, vec!["ann", "bob"]);
    assert_eq!(doc.annotations.len(), 2);
    assert_eq!(doc.annotations[0].quote_type.as_deref(), Some("indirect"));
    assert_eq!(state.focused.as_deref(), Some("c1"));
    assert_eq!(state.builders.view, None);
    let notice = state.notice.clone().expect("a notice");
    assert!(
        notice.text.contains("marked adjudicated"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains("edit 1 annotation: c1"),
        "{}",
        notice.text
    );
    // The annotators stay for another document.
    assert_eq!(state.builders.annotators.len(), 2);
}

#[test]
fn finishing_over_work_asks_before_replacing_it() {
    let mut state = reviewing();
    state.update(Msg::LoadConfirmed(Rc::new(version("mixed", true))));
    state.update(Msg::Build(BuildMsg::Choose(Choice::Take(Decision::Left))));
    state.update(Msg::Build(BuildMsg::Choose(Choice::Take(Decision::Left))));
    state.update(Msg::Build(BuildMsg::Finish));
    assert!(matches!(state.dialog, Some(Dialog::ConfirmReplace(_))));
    assert_eq!(state.document().meta.id, "talks");
}
