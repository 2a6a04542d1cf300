//! Tests of deltas: found only for one edit, undo or redo, replayed to the
//! same workspace, refused on the wrong one.

use proptest::prelude::*;

use super::super::tests::properties::action;
use super::super::tests::{quote, sample, workspace};
use super::*;
use crate::model::{Annotation, Kind, Span};
use crate::workspace::Action;

fn claim(id: &str, start: usize, end: usize) -> Action {
    Action::AddAnnotation {
        annotation: Annotation::new(id, Kind::Claim, vec![Span::new(start, end)]),
    }
}

/// The sample with one claim added, so a new edit has an undo step below
/// it.
fn edited() -> Workspace {
    let mut ws = workspace();
    ws.apply(claim("c1", 34, 40)).expect("the claim fits");
    ws
}

#[test]
fn one_edit_is_a_do_delta_that_replays_to_the_same_workspace() {
    let before = edited();
    let mut after = before.clone();
    after.apply(claim("c2", 41, 47)).expect("fits");
    let delta = after.delta_since(&before).expect("one edit");
    assert!(matches!(delta, Delta::Do(_)));
    assert_eq!(delta.label(), "add claim c2");
    let mut replica = before.clone();
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, after);
}

#[test]
fn an_undo_and_a_redo_are_deltas_of_their_own() {
    let before = edited();
    let mut undone = before.clone();
    undone.undo().expect("one step");
    let delta = undone.delta_since(&before).expect("one undo");
    assert!(matches!(delta, Delta::Undo(_)));
    let mut replica = before.clone();
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, undone);

    let mut redone = undone.clone();
    redone.redo().expect("one undone step");
    let delta = redone.delta_since(&undone).expect("one redo");
    assert!(matches!(delta, Delta::Redo(_)));
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, redone);
}

#[test]
fn two_edits_coalesced_give_no_delta() {
    let before = edited();
    let mut after = before.clone();
    after.apply(claim("c2", 41, 47)).expect("fits");
    after.apply(claim("c3", 48, 55)).expect("fits");
    assert_eq!(after.delta_since(&before), None);
    // An edit and its undo, or an undo and a new edit, are no single step
    // either.
    let mut undone_then_edited = before.clone();
    undone_then_edited.undo().expect("one step");
    undone_then_edited.apply(claim("c4", 41, 47)).expect("fits");
    assert_eq!(undone_then_edited.delta_since(&before), None);
    assert_eq!(before.delta_since(&before), None);
}

#[test]
fn a_new_document_or_a_new_limit_gives_no_delta() {
    let before = edited();
    let mut loaded = before.clone();
    loaded
        .apply(Action::LoadDocument {
            document: Box::new(sample()),
        })
        .expect("valid");
    loaded.apply(claim("c1", 34, 40)).expect("fits");
    // The same step count and labels, but another history: no delta.
    assert_eq!(loaded.delta_since(&before), None);

    let mut limited = before.clone();
    limited.set_history_limit(3);
    assert_eq!(limited.delta_since(&before), None);

    // A document just loaded, edited once, has no undo step to compare,
    // but it is one edit from the workspace it was loaded in.
    let fresh = workspace();
    let mut reloaded = fresh.clone();
    reloaded
        .apply(Action::LoadDocument {
            document: Box::new(sample()),
        })
        .expect("valid");
    reloaded.apply(claim("c1", 34, 40)).expect("fits");
    assert_eq!(reloaded.delta_since(&fresh), None);
}

#[test]
fn the_first_edit_of_a_new_history_is_one_delta() {
    let fresh = workspace();
    let mut after = fresh.clone();
    after.apply(claim("c1", 34, 40)).expect("fits");
    let delta = after.delta_since(&fresh).expect("one edit");
    let mut replica: Workspace =
        serde_json::from_str(&serde_json::to_string(&fresh).expect("serialises")).expect("reads");
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, after);
}

#[test]
fn an_edit_after_the_oldest_steps_were_dropped_is_not_one_edit_from_the_start() {
    let start = Workspace::with_history_limit(sample(), 2).expect("valid");
    let mut ws = start.clone();
    for (id, at) in [("c1", 34), ("c2", 41), ("c3", 48)] {
        ws.apply(claim(id, at, at + 5)).expect("fits");
    }
    ws.undo().expect("c3");
    ws.undo().expect("c2");
    let undone = ws.clone();
    ws.apply(claim("c4", 60, 65)).expect("fits");
    // One step on an empty undo stack, as from `start`, but c1 is still
    // there: only the workspace it was made on is one edit away.
    assert_eq!(ws.history().undo_len(), 1);
    assert_eq!(ws.delta_since(&start), None);
    let delta = ws.delta_since(&undone).expect("one edit");
    let mut replica = undone.clone();
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, ws);
}

#[test]
fn an_edit_at_the_history_limit_is_still_one_delta() {
    let mut before = Workspace::with_history_limit(sample(), 2).expect("valid");
    before.apply(claim("c1", 34, 40)).expect("fits");
    before.apply(claim("c2", 41, 47)).expect("fits");
    let mut after = before.clone();
    after.apply(claim("c3", 48, 55)).expect("fits");
    assert_eq!(after.history().undo_len(), 2);
    let delta = after
        .delta_since(&before)
        .expect("one edit, oldest dropped");
    let mut replica = before.clone();
    replica.replay(&delta).expect("replays");
    assert_eq!(replica, after);
}

#[test]
fn a_delta_replayed_on_the_wrong_workspace_is_refused_and_changes_nothing() {
    let before = edited();
    let mut after = before.clone();
    let mut moved = quote("a1", 0, 22, "s1");
    moved.note = "checked".into();
    moved.cue = Some(Span::new(29, 33));
    moved.stance = before.document().annotations[0].stance.clone();
    after
        .apply(Action::UpdateAnnotation { annotation: moved })
        .expect("fits");
    let edit = after.delta_since(&before).expect("one edit");

    // Its splice expects the quote as it was: on a workspace where it has
    // already changed, it does not fit.
    let mut wrong = after.clone();
    assert!(matches!(
        wrong.replay(&edit),
        Err(WorkspaceError::HistoryMismatch(_))
    ));
    assert_eq!(wrong, after);

    let mut undone = after.clone();
    undone.undo().expect("one step");
    let undo = undone.delta_since(&after).expect("one undo");
    let mut nothing = workspace();
    assert_eq!(nothing.replay(&undo), Err(WorkspaceError::NothingToUndo));
    assert_eq!(nothing, workspace());
    // Another step on top: refused, not undone.
    let mut other = before.clone();
    assert!(matches!(
        other.replay(&undo),
        Err(WorkspaceError::HistoryMismatch(_))
    ));
    assert_eq!(other, before);

    let mut redone = undone.clone();
    redone.redo().expect("one undone step");
    let redo = redone.delta_since(&undone).expect("one redo");
    let mut no_redo = after.clone();
    assert_eq!(no_redo.replay(&redo), Err(WorkspaceError::NothingToRedo));
    assert_eq!(no_redo, after);
}

#[test]
fn a_delta_from_damaged_json_is_refused_by_its_checks() {
    let before = edited();
    let mut after = before.clone();
    after.apply(claim("c2", 41, 47)).expect("fits");
    let delta = after.delta_since(&before).expect("one edit");
    let mut value = serde_json::to_value(&delta).expect("serialises");
    // The claim moved past the end of the text: the document would be
    // invalid.
    value["do"]["change"]["annotations"]["after"][0]["spans"][0]["end"] = 10_000.into();
    let damaged: Delta = serde_json::from_value(value).expect("still a delta");
    let mut replica = before.clone();
    assert!(matches!(
        replica.replay(&damaged),
        Err(WorkspaceError::Invalid(_))
    ));
    assert_eq!(replica, before);
}

/// One thing a user does: an edit, an undo or a redo.
#[derive(Debug, Clone)]
enum Op {
    Edit(Box<Action>),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => action().prop_map(|a| Op::Edit(Box::new(a))),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn replaying_each_delta_from_the_first_workspace_gives_the_last(
        limit in prop_oneof![Just(crate::workspace::HISTORY_LIMIT), 1usize..5],
        ops in prop::collection::vec(op(), 0..40),
    ) {
        let mut ws = Workspace::with_history_limit(sample(), limit).expect("valid");
        ws.apply(claim("c1", 34, 40)).expect("fits");
        // What a reader of the journal has: the first workspace, then each
        // delta replayed, or the whole workspace when there is none.
        let mut replica: Workspace =
            serde_json::from_str(&serde_json::to_string(&ws).expect("serialises"))
                .expect("reloads");
        for op in ops {
            let before = ws.clone();
            let _ = match op {
                Op::Edit(action) => ws.apply(*action),
                Op::Undo => ws.undo(),
                Op::Redo => ws.redo(),
            };
            let changed = ws != before;
            match ws.delta_since(&before) {
                Some(delta) => {
                    prop_assert!(changed);
                    let json = serde_json::to_string(&delta).expect("serialises");
                    let back: Delta = serde_json::from_str(&json).expect("reads back");
                    prop_assert_eq!(&back, &delta);
                    prop_assert_eq!(replica.replay(&back), Ok(()));
                    prop_assert_eq!(&replica, &ws);
                }
                None => {
                    // Only an edit that pushes the one undo step out of a
                    // history of one gives none: nothing below it is left
                    // to compare.
                    prop_assert!(
                        !changed || (limit == 1 && before.can_undo()),
                        "no delta for one change"
                    );
                    replica = ws.clone();
                }
            }
        }
    }
}
