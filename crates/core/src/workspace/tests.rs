//! Tests of the workspace: edits, refusals, undo/redo and the stored form.

use super::*;
use crate::model::{Metadata, Schema, Span, Speaker};
use crate::text::Document;
use crate::validate::is_valid;

const TEXT: &str = "“I lost the argument,” Kerry said to Syrian opposition members. \
                    Russia disagreed, a spokesman said.";

pub(crate) fn quote(id: &str, start: usize, end: usize, speaker: &str) -> Annotation {
    let mut a = Annotation::new(id, Kind::Quote, vec![Span::new(start, end)]);
    a.speaker = Some(speaker.into());
    a.quote_type = Some("direct".into());
    a
}

fn mention(id: &str, start: usize, end: usize, speaker: &str) -> Annotation {
    let mut a = Annotation::new(id, Kind::Mention, vec![Span::new(start, end)]);
    a.speaker = Some(speaker.into());
    a
}

fn stance(target: StanceTarget, label: &str) -> Stance {
    Stance {
        target,
        label: label.into(),
    }
}

/// Kerry (s1) with a quote and a mention, the opposition (s2), a
/// spokesman (s3) nothing refers to, and a claim.
pub(crate) fn sample() -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "kerry".into(),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    let mut kerry = Speaker::new("s1", "John Kerry");
    kerry.aliases.push("Kerry".into());
    doc.speakers.push(kerry);
    doc.speakers.push(Speaker::new("s2", "Syrian opposition"));
    doc.speakers.push(Speaker::new("s3", "spokesman"));
    let mut a1 = quote("a1", 0, 22, "s1");
    a1.cue = Some(Span::new(29, 33));
    a1.stance = Some(stance(StanceTarget::Speaker("s2".into()), "against"));
    doc.annotations.push(a1);
    doc.annotations.push(mention("m1", 23, 28, "s1"));
    let mut a2 = Annotation::new("a2", Kind::Claim, vec![Span::new(64, 80)]);
    a2.checkworthiness = Some("checkworthy".into());
    doc.annotations.push(a2);
    assert!(is_valid(&doc), "{:?}", validate(&doc));
    doc
}

pub(crate) fn workspace() -> Workspace {
    Workspace::new(sample()).expect("sample is valid")
}

/// Applies `action`, expecting it to fail and to leave `ws` unchanged;
/// returns the error's message.
fn refused(ws: &mut Workspace, action: Action) -> String {
    let before = ws.clone();
    let error = ws.apply(action).expect_err("should be refused");
    assert_eq!(*ws, before, "a refused action changed the workspace");
    error.to_string()
}

fn ok(ws: &mut Workspace, action: Action) {
    ws.apply(action).expect("should succeed");
    assert!(is_valid(ws.document()));
}

fn annotation<'a>(ws: &'a Workspace, id: &str) -> &'a Annotation {
    ws.document().annotation(id).expect("annotation exists")
}

#[test]
fn a_batch_is_one_undo_step_and_all_or_nothing() {
    let mut ws = workspace();
    let before = ws.clone();
    let mut claim = Annotation::new("a9", Kind::Claim, vec![Span::new(36, 42)]);
    claim.speaker = Some("s4".into());
    let batch = vec![
        Action::AddSpeaker {
            speaker: Speaker::new("s4", "Syrian attendees"),
        },
        Action::AddAnnotation { annotation: claim },
    ];
    ws.apply_all(batch).expect("the batch applies");
    assert_eq!(annotation(&ws, "a9").speaker.as_deref(), Some("s4"));
    assert_eq!(ws.history().undo_len(), 1);
    assert_eq!(
        ws.history().undo_label(),
        Some("add speaker Syrian attendees, add claim a9")
    );
    ws.undo().expect("undo the batch");
    assert_eq!(ws.document(), before.document());
    assert!(!ws.can_undo());
    ws.redo().expect("redo the batch");
    assert_eq!(annotation(&ws, "a9").speaker.as_deref(), Some("s4"));

    // A refused edit rolls the earlier ones back.
    let mut ws = workspace();
    let error = ws
        .apply_all(vec![
            Action::AddSpeaker {
                speaker: Speaker::new("s5", "Someone"),
            },
            Action::RemoveAnnotation { id: "nope".into() },
        ])
        .expect_err("the second edit is refused");
    assert_eq!(error, WorkspaceError::NoAnnotation("nope".into()));
    assert_eq!(ws, workspace());
    let error = ws
        .apply_all(vec![
            Action::RemoveAnnotation { id: "a2".into() },
            Action::LoadDocument {
                document: Box::new(sample()),
            },
        ])
        .expect_err("loading is not batched");
    assert_eq!(error, WorkspaceError::LoadInBatch);
    assert_eq!(ws, workspace());
}

#[test]
fn new_refuses_an_invalid_document() {
    let mut doc = sample();
    doc.annotations[0].speaker = Some("s9".into());
    let error = Workspace::new(doc).expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "the document would not be valid: annotations[0] (a1).speaker: \
         no speaker with id 's9'; expected the id of one of the document's speakers"
    );
}

#[test]
fn add_update_and_remove_annotations() {
    let mut ws = workspace();
    let id = ws.next_annotation_id();
    assert_eq!(id, "a3");
    let mut a = quote(&id, 82, 90, "s3");
    a.spans.insert(0, Span::new(91, 98));
    ok(&mut ws, Action::AddAnnotation { annotation: a });
    assert_eq!(
        annotation(&ws, "a3").spans,
        [Span::new(82, 90), Span::new(91, 98)],
        "spans are put in order"
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::AddAnnotation {
                annotation: quote("a3", 0, 3, "s1")
            }
        ),
        "annotation id a3 is already taken; choose a new id"
    );

    let mut edited = annotation(&ws, "a3").clone();
    edited.quote_type = Some("indirect".into());
    ok(&mut ws, Action::UpdateAnnotation { annotation: edited });
    assert_eq!(
        annotation(&ws, "a3").quote_type.as_deref(),
        Some("indirect")
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::UpdateAnnotation {
                annotation: quote("a7", 0, 3, "s1")
            }
        ),
        "no annotation with id a7"
    );

    ok(&mut ws, Action::RemoveAnnotation { id: "m1".into() });
    assert!(ws.document().annotation("m1").is_none());
    ws.undo().expect("undo");
    assert_eq!(ws.document().annotations[1].id, "m1", "back in its place");
}

#[test]
fn an_edit_producing_an_invalid_document_is_refused_with_its_problems() {
    let mut ws = workspace();
    let mut a = annotation(&ws, "a1").clone();
    a.spans = vec![Span::new(90, 500)];
    a.quote_type = Some("shouted".into());
    let message = refused(&mut ws, Action::UpdateAnnotation { annotation: a });
    assert!(message.contains("annotations[0] (a1).spans[0]: span 90..500 ends past"));
    assert!(message.contains("annotations[0] (a1).quote_type: quote type 'shouted'"));
    let Err(WorkspaceError::Invalid(problems)) = ws.apply(Action::AddAnnotation {
        annotation: Annotation::new("x", Kind::Mention, vec![Span::new(1, 2)]),
    }) else {
        panic!("expected the validation problems");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "annotations[3] (x).speaker");
    assert!(!ws.can_undo());
}

#[test]
fn adding_a_span_joins_overlapping_and_touching_spans() {
    let mut ws = workspace();
    let add = |span| Action::AddSpan {
        annotation: "a2".into(),
        span,
    };
    ok(&mut ws, add(Span::new(90, 95)));
    ok(&mut ws, add(Span::new(40, 45)));
    assert_eq!(
        annotation(&ws, "a2").spans,
        [Span::new(40, 45), Span::new(64, 80), Span::new(90, 95)]
    );
    ok(&mut ws, add(Span::new(80, 90)));
    assert_eq!(
        annotation(&ws, "a2").spans,
        [Span::new(40, 45), Span::new(64, 95)]
    );
    let undo_len = ws.history().undo_len();
    ok(&mut ws, add(Span::new(41, 44)));
    assert_eq!(ws.history().undo_len(), undo_len, "no change, no step");
    assert_eq!(
        refused(&mut ws, add(Span::new(5, 5))),
        "span 5..5 of a2 is empty or reversed; expected start < end"
    );
    assert_eq!(
        refused(&mut ws, add(Span::new(5, 400))),
        "span 5..400 of a2 ends past the end of the text (99 code points)"
    );
}

#[test]
fn removing_a_span_needs_an_exact_match_and_leaves_one() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::AddSpan {
            annotation: "a2".into(),
            span: Span::new(82, 90),
        },
    );
    let remove = |span| Action::RemoveSpan {
        annotation: "a2".into(),
        span,
    };
    assert_eq!(
        refused(&mut ws, remove(Span::new(82, 89))),
        "annotation a2 has no span 82..89"
    );
    ok(&mut ws, remove(Span::new(64, 80)));
    assert_eq!(annotation(&ws, "a2").spans, [Span::new(82, 90)]);
    assert_eq!(
        refused(&mut ws, remove(Span::new(82, 90))),
        "a2 has only one span; remove the annotation instead"
    );
}

#[test]
fn the_cue_is_set_and_cleared_on_quotes_only() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::SetCue {
            annotation: "a1".into(),
            cue: None,
        },
    );
    assert_eq!(annotation(&ws, "a1").cue, None);
    ok(
        &mut ws,
        Action::SetCue {
            annotation: "a1".into(),
            cue: Some(Span::new(29, 33)),
        },
    );
    assert_eq!(annotation(&ws, "a1").cue, Some(Span::new(29, 33)));
    assert_eq!(
        refused(
            &mut ws,
            Action::SetCue {
                annotation: "a2".into(),
                cue: Some(Span::new(29, 33))
            }
        ),
        "a cue applies only to quotes, and a2 is a claim"
    );
}

#[test]
fn stance_is_set_on_quotes_and_claims_and_checked() {
    let mut ws = workspace();
    let set = |id: &str, stance| Action::SetStance {
        annotation: id.into(),
        stance,
    };
    ok(
        &mut ws,
        set(
            "a2",
            Some(stance(StanceTarget::Text("Russia".into()), "favor")),
        ),
    );
    assert_eq!(
        annotation(&ws, "a2").stance,
        Some(stance(StanceTarget::Text("Russia".into()), "favor"))
    );
    ok(&mut ws, set("a1", None));
    assert_eq!(annotation(&ws, "a1").stance, None);
    assert_eq!(
        refused(
            &mut ws,
            set("m1", Some(stance(StanceTarget::Text("x".into()), "favor")))
        ),
        "a stance applies only to quotes and claims, and m1 is a mention"
    );
    assert_eq!(
        refused(
            &mut ws,
            set("a1", Some(stance(StanceTarget::Text("x".into()), "pro")))
        ),
        "there is no stance label 'pro' in the schema; \
         expected one of: favor, against, neutral, none, unclear"
    );
    assert_eq!(
        refused(
            &mut ws,
            set(
                "a1",
                Some(stance(StanceTarget::Speaker("s9".into()), "favor"))
            )
        ),
        "no speaker with id s9"
    );
}

#[test]
fn speakers_are_attached_and_detached() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::AttachSpeaker {
            annotation: "a2".into(),
            speaker: "s3".into(),
        },
    );
    assert_eq!(annotation(&ws, "a2").speaker.as_deref(), Some("s3"));
    ok(
        &mut ws,
        Action::DetachSpeaker {
            annotation: "a2".into(),
        },
    );
    assert_eq!(annotation(&ws, "a2").speaker, None);
    assert_eq!(
        refused(
            &mut ws,
            Action::AttachSpeaker {
                annotation: "a2".into(),
                speaker: "s9".into()
            }
        ),
        "no speaker with id s9"
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::DetachSpeaker {
                annotation: "m1".into()
            }
        ),
        "mention m1 must name a speaker; remove the mention instead"
    );
}

#[test]
fn notes_are_edited() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::SetNote {
            annotation: "a1".into(),
            note: "said in Geneva".into(),
        },
    );
    assert_eq!(annotation(&ws, "a1").note, "said in Geneva");
    assert_eq!(ws.history().undo_label(), Some("edit note of a1"));
}

#[test]
fn speakers_are_added_renamed_and_updated() {
    let mut ws = workspace();
    let id = ws.next_speaker_id();
    assert_eq!(id, "s4");
    ok(
        &mut ws,
        Action::AddSpeaker {
            speaker: Speaker::new(&id, "Sergei Lavrov"),
        },
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::AddSpeaker {
                speaker: Speaker::new("s4", "Lavrov")
            }
        ),
        "speaker id s4 is already taken; choose a new id"
    );
    ok(
        &mut ws,
        Action::RenameSpeaker {
            id: "s4".into(),
            name: "Sergey Lavrov".into(),
        },
    );
    let mut lavrov = ws.document().speaker("s4").expect("added").clone();
    assert_eq!(lavrov.name, "Sergey Lavrov");
    lavrov.aliases = vec!["Lavrov".into()];
    lavrov.role = Some("Russian foreign minister".into());
    ok(
        &mut ws,
        Action::UpdateSpeaker {
            speaker: lavrov.clone(),
        },
    );
    assert_eq!(ws.document().speaker("s4"), Some(&lavrov));
    assert!(refused(
        &mut ws,
        Action::RenameSpeaker {
            id: "s4".into(),
            name: " ".into()
        }
    )
    .contains("speakers[3] (s4).name: blank name"));
    assert_eq!(
        refused(
            &mut ws,
            Action::UpdateSpeaker {
                speaker: Speaker::new("s8", "x")
            }
        ),
        "no speaker with id s8"
    );
}

#[test]
fn merging_speakers_moves_every_reference_and_keeps_the_names() {
    let mut ws = workspace();
    let mut opposition = ws.document().speaker("s2").expect("s2").clone();
    opposition.aliases = vec!["opposition".into(), "Kerry".into()];
    opposition.role = Some("rebels".into());
    ok(
        &mut ws,
        Action::UpdateSpeaker {
            speaker: opposition,
        },
    );
    ok(
        &mut ws,
        Action::AddAnnotation {
            annotation: mention("m2", 43, 60, "s2"),
        },
    );
    let before = ws.document().clone();
    ok(
        &mut ws,
        Action::MergeSpeakers {
            keep: "s1".into(),
            merge: "s2".into(),
        },
    );
    let doc = ws.document();
    assert!(doc.speaker("s2").is_none());
    let kerry = doc.speaker("s1").expect("kept");
    assert_eq!(kerry.aliases, ["Kerry", "Syrian opposition", "opposition"]);
    assert_eq!(kerry.role.as_deref(), Some("rebels"));
    assert_eq!(annotation(&ws, "m2").speaker.as_deref(), Some("s1"));
    assert_eq!(
        annotation(&ws, "a1").stance,
        Some(stance(StanceTarget::Speaker("s1".into()), "against"))
    );
    assert_eq!(ws.speaker_references("s2"), 0);
    ws.undo().expect("undo merge");
    assert_eq!(*ws.document(), before);
    assert_eq!(
        refused(
            &mut ws,
            Action::MergeSpeakers {
                keep: "s1".into(),
                merge: "s1".into()
            }
        ),
        "cannot merge speaker s1 into itself"
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::MergeSpeakers {
                keep: "s1".into(),
                merge: "s7".into()
            }
        ),
        "no speaker with id s7"
    );
}

#[test]
fn a_speaker_is_removed_only_when_nothing_refers_to_it() {
    let mut ws = workspace();
    assert_eq!(ws.speaker_references("s1"), 2);
    assert_eq!(
        refused(&mut ws, Action::RemoveSpeaker { id: "s1".into() }),
        "speaker s1 is referred to by 2 annotations; merge the speaker into another, \
         or detach or remove those first"
    );
    assert_eq!(
        refused(&mut ws, Action::RemoveSpeaker { id: "s2".into() }),
        "speaker s2 is referred to by 1 annotation; merge the speaker into another, \
         or detach or remove those first",
        "a stance target counts"
    );
    ok(&mut ws, Action::RemoveSpeaker { id: "s3".into() });
    assert!(ws.document().speaker("s3").is_none());
}

#[test]
fn labels_are_added_renamed_and_removed() {
    let mut ws = workspace();
    let set = LabelSet::StanceLabels;
    ok(
        &mut ws,
        Action::AddLabel {
            set,
            label: "mixed".into(),
        },
    );
    assert_eq!(
        ws.document()
            .schema
            .stance_labels
            .last()
            .map(String::as_str),
        Some("mixed")
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::AddLabel {
                set,
                label: "favor".into()
            }
        ),
        "stance label 'favor' is already in the schema"
    );
    ok(
        &mut ws,
        Action::RenameLabel {
            set,
            from: "against".into(),
            to: "oppose".into(),
        },
    );
    assert_eq!(ws.document().schema.stance_labels[1], "oppose");
    assert_eq!(
        annotation(&ws, "a1")
            .stance
            .as_ref()
            .map(|s| s.label.as_str()),
        Some("oppose"),
        "the annotation using it is rewritten"
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::RenameLabel {
                set,
                from: "oppose".into(),
                to: "favor".into()
            }
        ),
        "stance label 'favor' is already in the schema"
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::RemoveLabel {
                set,
                label: "nope".into()
            }
        ),
        "there is no stance label 'nope' in the schema; \
         expected one of: favor, oppose, neutral, none, unclear, mixed"
    );
    ok(
        &mut ws,
        Action::RemoveLabel {
            set,
            label: "mixed".into(),
        },
    );
    ws.undo().expect("undo remove");
    ws.undo().expect("undo rename");
    assert_eq!(
        annotation(&ws, "a1")
            .stance
            .as_ref()
            .map(|s| s.label.as_str()),
        Some("against")
    );
}

#[test]
fn a_label_in_use_cannot_be_removed() {
    let mut ws = workspace();
    for id in ["a3", "a4"] {
        let mut a = quote(id, 82, 98, "s3");
        a.stance = Some(stance(StanceTarget::Text("Kerry".into()), "favor"));
        ok(&mut ws, Action::AddAnnotation { annotation: a });
    }
    let mut claim = annotation(&ws, "a2").clone();
    claim.stance = Some(stance(StanceTarget::Text("Kerry".into()), "favor"));
    ok(&mut ws, Action::UpdateAnnotation { annotation: claim });
    assert_eq!(ws.label_usage(LabelSet::StanceLabels, "favor"), 3);
    let before = ws.clone();
    let error = ws
        .apply(Action::RemoveLabel {
            set: LabelSet::StanceLabels,
            label: "favor".into(),
        })
        .expect_err("in use");
    assert_eq!(
        error,
        WorkspaceError::LabelInUse {
            set: LabelSet::StanceLabels,
            label: "favor".into(),
            count: 3
        }
    );
    assert_eq!(
        error.to_string(),
        "label 'favor' is used by 3 annotations; change them first"
    );
    assert_eq!(ws, before);
    assert_eq!(
        refused(
            &mut ws,
            Action::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "direct".into()
            }
        ),
        "label 'direct' is used by 3 annotations; change them first"
    );
}

#[test]
fn renaming_a_label_rewrites_only_its_own_set() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::AddLabel {
            set: LabelSet::ClaimTypes,
            label: "direct".into(),
        },
    );
    let mut claim = annotation(&ws, "a2").clone();
    claim.claim_type = Some("direct".into());
    ok(&mut ws, Action::UpdateAnnotation { annotation: claim });
    ok(
        &mut ws,
        Action::RenameLabel {
            set: LabelSet::QuoteTypes,
            from: "direct".into(),
            to: "verbatim".into(),
        },
    );
    assert_eq!(
        annotation(&ws, "a1").quote_type.as_deref(),
        Some("verbatim")
    );
    assert_eq!(annotation(&ws, "a2").claim_type.as_deref(), Some("direct"));
}

#[test]
fn custom_kinds_are_added_renamed_and_removed() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::AddCustomKind {
            name: "event".into(),
        },
    );
    ok(
        &mut ws,
        Action::AddAnnotation {
            annotation: Annotation::new(
                "e1",
                Kind::Custom("event".into()),
                vec![Span::new(64, 80)],
            ),
        },
    );
    assert_eq!(
        refused(
            &mut ws,
            Action::AddCustomKind {
                name: "event".into()
            }
        ),
        "custom kind 'event' is already in the schema"
    );
    assert!(refused(
        &mut ws,
        Action::AddCustomKind {
            name: "quote".into()
        }
    )
    .contains("schema.custom_kinds[1]: custom kind 'quote' has the name of a built-in kind"));
    ok(
        &mut ws,
        Action::RenameCustomKind {
            from: "event".into(),
            to: "happening".into(),
        },
    );
    assert_eq!(annotation(&ws, "e1").kind, Kind::Custom("happening".into()));
    assert_eq!(
        refused(
            &mut ws,
            Action::RemoveCustomKind {
                name: "happening".into()
            }
        ),
        "kind 'happening' is used by 1 annotation; change or remove them first"
    );
    ok(&mut ws, Action::RemoveAnnotation { id: "e1".into() });
    ok(
        &mut ws,
        Action::RemoveCustomKind {
            name: "happening".into(),
        },
    );
    assert!(ws.document().schema.custom_kinds.is_empty());
    assert_eq!(
        refused(
            &mut ws,
            Action::RemoveCustomKind {
                name: "happening".into()
            }
        ),
        "there is no custom kind 'happening' in the schema"
    );
}

#[test]
fn a_whole_schema_is_set_only_if_the_annotations_still_fit() {
    let mut ws = workspace();
    let mut schema = Schema {
        stance_labels: vec!["pro".into(), "con".into()],
        ..Schema::default()
    };
    let message = refused(
        &mut ws,
        Action::SetSchema {
            schema: schema.clone(),
        },
    );
    assert!(message.contains("annotations[0] (a1).stance.label: stance label 'against'"));
    schema.stance_labels.push("against".into());
    ok(
        &mut ws,
        Action::SetSchema {
            schema: schema.clone(),
        },
    );
    assert_eq!(ws.document().schema, schema);
}

#[test]
fn metadata_is_edited_and_undone() {
    let mut ws = workspace();
    let meta = Metadata {
        id: "kerry".into(),
        title: Some("US-Russian talks in Syria fail".into()),
        author: Some("Andy Wolf".into()),
        ..Metadata::default()
    };
    ok(&mut ws, Action::SetMetadata { meta: meta.clone() });
    assert_eq!(ws.document().meta, meta);
    ws.undo().expect("undo");
    assert_eq!(ws.document().meta.title, None);
    ws.redo().expect("redo");
    assert_eq!(ws.document().meta, meta);
}

#[test]
fn loading_a_document_replaces_it_and_starts_a_new_history() {
    let mut ws = workspace();
    ok(&mut ws, Action::RemoveAnnotation { id: "a2".into() });
    let mut invalid = sample();
    invalid.annotations[0].spans.clear();
    assert!(refused(
        &mut ws,
        Action::LoadDocument {
            document: Box::new(invalid)
        }
    )
    .contains("annotations[0] (a1).spans: no spans"));
    let other = AnnotatedDocument::new(Metadata::default(), Document::new("Another text."));
    ok(
        &mut ws,
        Action::LoadDocument {
            document: Box::new(other.clone()),
        },
    );
    assert_eq!(*ws.document(), other);
    assert!(!ws.can_undo() && !ws.can_redo());
    assert_eq!(ws.history().limit(), HISTORY_LIMIT);
}

#[test]
fn undo_and_redo_walk_the_history_and_a_new_edit_clears_redo() {
    let mut ws = workspace();
    let original = ws.document().clone();
    assert_eq!(ws.undo(), Err(WorkspaceError::NothingToUndo));
    assert_eq!(ws.redo(), Err(WorkspaceError::NothingToRedo));
    ok(&mut ws, Action::RemoveAnnotation { id: "a2".into() });
    ok(
        &mut ws,
        Action::AddAnnotation {
            annotation: quote("a3", 82, 98, "s3"),
        },
    );
    let latest = ws.document().clone();
    assert_eq!(ws.history().undo_label(), Some("add quote a3"));
    ws.undo().expect("undo add");
    ws.undo().expect("undo remove");
    assert_eq!(*ws.document(), original);
    assert!(!ws.can_undo() && ws.can_redo());
    assert_eq!(ws.history().redo_label(), Some("remove a2"));
    ws.redo().expect("redo remove");
    ws.redo().expect("redo add");
    assert_eq!(*ws.document(), latest);
    ws.undo().expect("undo add again");
    assert!(ws.can_redo());
    ok(&mut ws, Action::RemoveAnnotation { id: "m1".into() });
    assert!(!ws.can_redo(), "a new edit clears the redo stack");
    assert_eq!(ws.history().undo_len(), 2);
}

#[test]
fn edits_that_change_nothing_are_not_recorded() {
    let mut ws = workspace();
    let a1 = annotation(&ws, "a1").clone();
    ok(&mut ws, Action::UpdateAnnotation { annotation: a1 });
    ok(
        &mut ws,
        Action::RenameLabel {
            set: LabelSet::QuoteTypes,
            from: "direct".into(),
            to: "direct".into(),
        },
    );
    let meta = ws.document().meta.clone();
    ok(&mut ws, Action::SetMetadata { meta });
    assert!(!ws.can_undo());
}

#[test]
fn history_keeps_the_newest_500_steps() {
    let mut ws = workspace();
    for n in 0..600 {
        ok(
            &mut ws,
            Action::SetNote {
                annotation: "a1".into(),
                note: format!("note {n}"),
            },
        );
    }
    assert_eq!(ws.history().undo_len(), HISTORY_LIMIT);
    for _ in 0..HISTORY_LIMIT {
        ws.undo().expect("within the limit");
    }
    assert!(!ws.can_undo());
    assert_eq!(annotation(&ws, "a1").note, "note 99");
    assert_eq!(ws.history().redo_len(), HISTORY_LIMIT);
}

#[test]
fn a_lower_history_limit_drops_the_oldest_steps() {
    let mut ws = Workspace::with_history_limit(sample(), 3).expect("valid");
    for n in 0..5 {
        ok(
            &mut ws,
            Action::SetNote {
                annotation: "a1".into(),
                note: format!("{n}"),
            },
        );
    }
    assert_eq!(ws.history().undo_len(), 3);
    ws.set_history_limit(1);
    assert_eq!(ws.history().undo_len(), 1);
    ws.undo().expect("one step left");
    assert_eq!(annotation(&ws, "a1").note, "3");
    assert!(!ws.can_undo());
}

#[test]
fn history_survives_serialisation_without_copying_the_text() {
    let mut ws = workspace();
    for n in 0..20 {
        ok(
            &mut ws,
            Action::SetNote {
                annotation: "a2".into(),
                note: format!("draft {n}"),
            },
        );
    }
    ok(&mut ws, Action::RemoveAnnotation { id: "m1".into() });
    ws.undo().expect("undo");
    let json = serde_json::to_string(&ws).expect("serialises");
    assert_eq!(
        json.matches("Syrian opposition members").count(),
        1,
        "text stored once"
    );
    assert!(json.starts_with(r#"{"version":1,"document":"#));
    let mut back: Workspace = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, ws);
    back.redo().expect("redo after reload");
    assert!(back.document().annotation("m1").is_none());
    for _ in 0..21 {
        back.undo().expect("undo after reload");
    }
    assert_eq!(*back.document(), sample());
}

#[test]
fn a_stored_workspace_is_checked_on_load() {
    let mut ws = workspace();
    ok(
        &mut ws,
        Action::SetNote {
            annotation: "a1".into(),
            note: "checked".into(),
        },
    );
    let json = serde_json::to_value(&ws).expect("serialises");

    let mut wrong_version = json.clone();
    wrong_version["version"] = 2.into();
    let error = serde_json::from_value::<Workspace>(wrong_version).expect_err("version");
    assert!(error
        .to_string()
        .contains("unsupported workspace version 2; expected 1"));

    let mut broken_history = json.clone();
    broken_history["history"]["undo"][0]["change"]["annotations"]["at"] = 1.into();
    let error = serde_json::from_value::<Workspace>(broken_history).expect_err("history");
    assert_eq!(
        error.to_string(),
        "history: undo step 0 ('edit note of a1') does not match the document"
    );

    let mut far_history = json.clone();
    far_history["history"]["undo"][0]["change"]["annotations"]["at"] = u64::MAX.into();
    let error = serde_json::from_value::<Workspace>(far_history).expect_err("history");
    assert_eq!(
        error.to_string(),
        "history: undo step 0 ('edit note of a1') does not match the document"
    );

    let mut invalid = json.clone();
    invalid["document"]["annotations"][0]["speaker"] = "s9".into();
    let error = serde_json::from_value::<Workspace>(invalid).expect_err("invalid");
    assert!(error
        .to_string()
        .contains("(a1).speaker: no speaker with id 's9'"));

    let mut no_history = json;
    no_history
        .as_object_mut()
        .expect("object")
        .remove("history");
    let loaded = serde_json::from_value::<Workspace>(no_history).expect("history optional");
    assert!(!loaded.can_undo());
}

#[test]
fn actions_serialise_with_a_tag() {
    let action = Action::SetStance {
        annotation: "a1".into(),
        stance: Some(stance(StanceTarget::Text("Russia".into()), "against")),
    };
    let json = serde_json::to_value(&action).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({
            "action": "set_stance",
            "annotation": "a1",
            "stance": {"target": {"text": "Russia"}, "label": "against"}
        })
    );
    assert_eq!(
        serde_json::from_value::<Action>(json).expect("parses"),
        action
    );
}

#[test]
fn next_ids_never_collide() {
    assert_eq!(next_free_id("a", std::iter::empty()), "a1");
    assert_eq!(
        next_free_id("a", ["a1", "a7", "x9", "a03", "ab"].into_iter()),
        "a8"
    );
    assert_eq!(
        next_free_id("a", ["a18446744073709551615", "a1"].into_iter()),
        "a2"
    );
    let ws = workspace();
    assert_eq!(ws.next_annotation_id(), "a3", "m1 is not in the a-series");
    assert_eq!(ws.next_speaker_id(), "s4");
}

#[test]
fn annotations_come_in_document_order_enclosing_first() {
    let mut ws = workspace();
    let mut inner = Annotation::new("a0", Kind::Claim, vec![Span::new(0, 10)]);
    inner.checkworthiness = Some("not_factual".into());
    ok(&mut ws, Action::AddAnnotation { annotation: inner });
    let order: Vec<&str> = ws
        .annotations_in_order()
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(order, ["a1", "a0", "m1", "a2"]);
}

#[test]
fn descriptions_name_the_edit() {
    let cases = [
        (
            Action::RemoveSpeaker { id: "s2".into() },
            "remove speaker s2",
        ),
        (
            Action::MergeSpeakers {
                keep: "s1".into(),
                merge: "s2".into(),
            },
            "merge s2 into s1",
        ),
        (
            Action::RenameLabel {
                set: LabelSet::ClaimTypes,
                from: "other".into(),
                to: "misc".into(),
            },
            "rename claim type 'other' to 'misc'",
        ),
        (
            Action::AddAnnotation {
                annotation: mention("m2", 0, 1, "s1"),
            },
            "add mention m2",
        ),
    ];
    for (action, description) in cases {
        assert_eq!(action.describe(), description);
    }
    assert_eq!(
        LabelSet::Checkworthiness.to_string(),
        "check-worthiness labels"
    );
}

pub(crate) mod properties {
    use super::*;
    use proptest::prelude::*;

    fn annotation_id() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u8..5).prop_map(|n| format!("a{n}")),
            Just("m1".to_string())
        ]
    }

    fn speaker_id() -> impl Strategy<Value = String> {
        (1u8..5).prop_map(|n| format!("s{n}"))
    }

    /// Mostly valid spans of the 99-code-point sample text, a few not.
    fn span() -> impl Strategy<Value = Span> {
        (0usize..104, 1usize..30).prop_map(|(start, len)| Span::new(start, start + len))
    }

    fn label() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "direct",
            "indirect",
            "favor",
            "against",
            "neutral",
            "checkworthy",
            "causal",
            "other",
            "pro",
            "",
        ])
        .prop_map(str::to_string)
    }

    fn label_set() -> impl Strategy<Value = LabelSet> {
        prop::sample::select(LabelSet::ALL.to_vec())
    }

    fn stance_value() -> impl Strategy<Value = Stance> {
        (
            prop_oneof![
                speaker_id().prop_map(StanceTarget::Speaker),
                Just(StanceTarget::Text("Russia".into()))
            ],
            label(),
        )
            .prop_map(|(target, label)| Stance { target, label })
    }

    fn annotation_value() -> impl Strategy<Value = Annotation> {
        (
            annotation_id(),
            prop::sample::select(vec![
                Kind::Quote,
                Kind::Claim,
                Kind::Mention,
                Kind::Custom("event".into()),
            ]),
            prop::collection::vec(span(), 1..3),
            prop::option::of(speaker_id()),
            prop::option::of(label()),
            prop::option::of(stance_value()),
        )
            .prop_map(|(id, kind, spans, speaker, label, stance)| {
                let mut a = Annotation::new(id, kind.clone(), spans);
                a.speaker = speaker;
                match kind {
                    Kind::Quote => {
                        a.quote_type = label;
                        a.stance = stance;
                    }
                    Kind::Claim => {
                        a.claim_type = label;
                        a.stance = stance;
                    }
                    _ => {}
                }
                a
            })
    }

    pub(crate) fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            annotation_value().prop_map(|annotation| Action::AddAnnotation { annotation }),
            annotation_value().prop_map(|annotation| Action::UpdateAnnotation { annotation }),
            annotation_id().prop_map(|id| Action::RemoveAnnotation { id }),
            (annotation_id(), span())
                .prop_map(|(annotation, span)| Action::AddSpan { annotation, span }),
            prop_oneof![
                (annotation_id(), span()),
                // The sample's own spans, removable once another is added.
                prop::sample::select(vec![
                    ("a1".to_string(), Span::new(0, 22)),
                    ("m1".to_string(), Span::new(23, 28)),
                    ("a2".to_string(), Span::new(64, 80)),
                ]),
            ]
            .prop_map(|(annotation, span)| Action::RemoveSpan { annotation, span }),
            (annotation_id(), prop::option::of(span()))
                .prop_map(|(annotation, cue)| Action::SetCue { annotation, cue }),
            (annotation_id(), prop::option::of(stance_value()))
                .prop_map(|(annotation, stance)| Action::SetStance { annotation, stance }),
            (annotation_id(), "[a-z ]{0,8}")
                .prop_map(|(annotation, note)| Action::SetNote { annotation, note }),
            (annotation_id(), speaker_id()).prop_map(|(annotation, speaker)| {
                Action::AttachSpeaker {
                    annotation,
                    speaker,
                }
            }),
            annotation_id().prop_map(|annotation| Action::DetachSpeaker { annotation }),
            (speaker_id(), "[A-Z][a-z]{0,6}").prop_map(|(id, name)| Action::AddSpeaker {
                speaker: Speaker::new(id, name)
            }),
            (speaker_id(), "[A-Za-z ]{0,6}")
                .prop_map(|(id, name)| Action::RenameSpeaker { id, name }),
            (speaker_id(), speaker_id())
                .prop_map(|(keep, merge)| Action::MergeSpeakers { keep, merge }),
            speaker_id().prop_map(|id| Action::RemoveSpeaker { id }),
            (label_set(), label()).prop_map(|(set, label)| Action::AddLabel { set, label }),
            (label_set(), label(), label()).prop_map(|(set, from, to)| Action::RenameLabel {
                set,
                from,
                to
            }),
            (label_set(), label()).prop_map(|(set, label)| Action::RemoveLabel { set, label }),
            prop::sample::select(vec!["event", "quote", "source"])
                .prop_map(|name| Action::AddCustomKind { name: name.into() }),
            prop::sample::select(vec!["event", "source"])
                .prop_map(|name| { Action::RemoveCustomKind { name: name.into() } }),
            "[a-z]{0,6}".prop_map(|title| Action::SetMetadata {
                meta: Metadata {
                    id: "kerry".into(),
                    title: Some(title),
                    ..Metadata::default()
                }
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn undoing_everything_restores_the_original_and_redo_replays_it(
            actions in prop::collection::vec(action(), 0..40),
        ) {
            let mut ws = workspace();
            let mut states = vec![ws.document().clone()];
            for action in actions {
                let before = ws.clone();
                match ws.apply(action) {
                    Ok(()) => {
                        prop_assert!(is_valid(ws.document()), "{:?}", validate(ws.document()));
                        if ws.document() != states.last().expect("never empty") {
                            states.push(ws.document().clone());
                        }
                    }
                    Err(_) => prop_assert_eq!(&ws, &before),
                }
            }
            prop_assert_eq!(ws.history().undo_len(), states.len() - 1);

            let json = serde_json::to_string(&ws).expect("serialises");
            let mut ws: Workspace = serde_json::from_str(&json).expect("reloads");
            let latest = ws.document().clone();
            for expected in states.iter().rev().skip(1) {
                prop_assert_eq!(ws.undo(), Ok(()));
                prop_assert_eq!(ws.document(), expected);
            }
            prop_assert!(!ws.can_undo());
            while ws.can_redo() {
                prop_assert_eq!(ws.redo(), Ok(()));
            }
            prop_assert_eq!(ws.document(), &latest);
        }

        #[test]
        fn history_never_exceeds_its_limit(
            limit in 0usize..6,
            actions in prop::collection::vec(action(), 0..30),
        ) {
            let mut ws = Workspace::with_history_limit(sample(), limit).expect("valid");
            let mut states = vec![ws.document().clone()];
            for action in actions {
                let before = ws.document().clone();
                if ws.apply(action).is_ok() && *ws.document() != before {
                    states.push(ws.document().clone());
                }
                prop_assert!(ws.history().undo_len() <= limit);
            }
            let reachable = limit.min(states.len() - 1);
            for _ in 0..reachable {
                prop_assert_eq!(ws.undo(), Ok(()));
            }
            prop_assert_eq!(ws.document(), &states[states.len() - 1 - reachable]);
            prop_assert!(!ws.can_undo());
        }
    }
}
