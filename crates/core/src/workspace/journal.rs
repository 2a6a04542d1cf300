//! What one edit changed in a workspace, as a small [`Delta`] that can be
//! stored apart from the workspace and replayed on it later: the app's
//! autosave writes a delta per edit (a journal entry) instead of the whole
//! workspace, and rewrites the whole workspace now and then.
//!
//! [`Workspace::delta_since`] finds the delta between two workspaces, and
//! only when one is exactly the other plus one edit, undo or redo; it
//! looks at the history stacks alone, comparing their steps by identity
//! (each step is an `Arc` made once, when its edit is recorded, and moved
//! between the stacks by undo and redo; cloning a workspace shares them).
//! Why that is sound: the document changes only through history steps
//! (`apply`, `apply_all`, `undo`, `redo`; a refused call changes nothing,
//! and loading a document starts a history of new steps), each performed
//! exactly and exactly invertibly. So whenever a step `t` is the top of
//! the undo stack, the document is the one `t`'s edit left (call it
//! `after(t)`), and whenever a step `r` is the top of the redo stack, the
//! document is the one `r`'s edit started from (`before(r)`): a later
//! step pushed over `t` (or `r`) is popped only by undoing (or redoing)
//! it, which brings the document back exactly. Then:
//!
//! - undo: `before` has `u` on top of its undo stack (document
//!   `after(u)`), the newer workspace has the same stacks but `u` moved to
//!   the top of its redo stack (document `before(u)`): undoing `u` is the
//!   whole difference.
//! - redo: the mirror image, `r` moved from the top of the redo stack to
//!   the top of the undo stack (the oldest step dropped if that passes the
//!   limit).
//! - a new edit `x`: the newer workspace's undo stack is `before`'s with
//!   `x` pushed (the oldest dropped at the limit), its redo stack empty,
//!   and `before`'s top `t` is still just below `x`. `x` was recorded on a
//!   document whose undo top was `t`, so on `after(t)`, which is
//!   `before`'s document, and it left `after(x)`, the newer document. When
//!   `before` has no undo step, the history's base says instead: it
//!   stands for the document that undoing every undo step gives, and is
//!   made anew with every history and whenever trimming drops a step (an
//!   edit pushes a step over it, undo and redo move steps above it, so
//!   neither changes that document). `before`, with no undo step, is at
//!   its base's document; the same base with `x` alone below it means `x`
//!   was recorded on that document.
//!
//! Anything else (several edits, a new document, a changed history limit)
//! gives `None`, and the caller stores the whole workspace. Replaying
//! checks the delta against the workspace it is given, so a delta replayed
//! on the wrong workspace is refused with an error and changes nothing.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::history::Step;
use super::{Workspace, WorkspaceError};

/// One edit, undo or redo, as [`Workspace::delta_since`] finds it and
/// [`Workspace::replay`] performs it again. Serialised as
/// `{"do": step}`, `{"undo": step}` or `{"redo": step}`, where `step` is
/// the history step (`{"label": …, "change": …}`) recorded, undone or
/// redone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delta {
    /// A new edit, recorded as this step.
    Do(Arc<Step>),
    /// The newest edit undone: this step (the one on top of the undo
    /// stack).
    Undo(Arc<Step>),
    /// The newest undone edit redone: this step (the one on top of the
    /// redo stack).
    Redo(Arc<Step>),
}

impl Delta {
    /// The description of the edit: `add quote a3`.
    pub fn label(&self) -> &str {
        match self {
            Delta::Do(step) | Delta::Undo(step) | Delta::Redo(step) => &step.label,
        }
    }
}

impl Workspace {
    /// What turned `before` into this workspace, when that is exactly one
    /// edit, undo or redo (see the module doc for why the history stacks
    /// tell); `None` otherwise (nothing changed, several changes, a new
    /// document, a changed history limit). Costs a pointer comparison per
    /// history step.
    pub fn delta_since(&self, before: &Workspace) -> Option<Delta> {
        let (now, was) = (&self.history, &before.history);
        if now.limit != was.limit {
            return None;
        }
        // Undo: `u` moved from the top of the undo stack to the redo's.
        if let Some(u) = was.undo.back() {
            if now.undo.len() + 1 == was.undo.len()
                && now.redo.len() == was.redo.len() + 1
                && now.redo.last().is_some_and(|top| Arc::ptr_eq(top, u))
                && same(now.undo.iter(), was.undo.iter())
                && same(now.redo.iter(), was.redo.iter())
            {
                return Some(Delta::Undo(u.clone()));
            }
        }
        // Redo: `r` moved from the top of the redo stack to the undo's.
        if let Some(r) = was.redo.last() {
            if now.redo.len() + 1 == was.redo.len()
                && same(now.redo.iter(), was.redo.iter())
                && now.undo.back().is_some_and(|top| Arc::ptr_eq(top, r))
                && pushed_onto(&now.undo, &was.undo, now.limit).is_some()
            {
                return Some(Delta::Redo(r.clone()));
            }
        }
        // A new edit `x` pushed over `before`'s top, which is still below
        // it (so `x` was recorded on `before`'s document).
        let x = now.undo.back()?;
        let kept = pushed_onto(&now.undo, &was.undo, now.limit)?;
        let fresh = !was.undo.iter().chain(&was.redo).any(|s| Arc::ptr_eq(s, x));
        let pinned = kept > 0 || (was.undo.is_empty() && Arc::ptr_eq(&now.base, &was.base));
        (now.redo.is_empty() && pinned && fresh).then(|| Delta::Do(x.clone()))
    }

    /// Performs `delta` on this workspace, as the edit, undo or redo it
    /// records. Refused, with nothing changed, when it does not fit this
    /// workspace: a new edit whose change does not match the document (or
    /// would leave it invalid), an undo or redo whose step is not the one
    /// on top of the stack.
    pub fn replay(&mut self, delta: &Delta) -> Result<(), WorkspaceError> {
        match delta {
            Delta::Do(step) => {
                if step.change.is_empty() {
                    return Err(WorkspaceError::HistoryMismatch(step.label.clone()));
                }
                self.perform_change(&step.change, true, &step.label)?;
                self.history.record(step.clone());
                Ok(())
            }
            Delta::Undo(step) => {
                let top = self.history.undo.back();
                match top {
                    None => Err(WorkspaceError::NothingToUndo),
                    Some(top) if **top != **step => {
                        Err(WorkspaceError::HistoryMismatch(step.label.clone()))
                    }
                    Some(_) => self.undo(),
                }
            }
            Delta::Redo(step) => {
                let top = self.history.redo.last();
                match top {
                    None => Err(WorkspaceError::NothingToRedo),
                    Some(top) if **top != **step => {
                        Err(WorkspaceError::HistoryMismatch(step.label.clone()))
                    }
                    Some(_) => self.redo(),
                }
            }
        }
    }
}

/// Whether the steps of `shorter` are, one for one and by identity, the
/// first steps of `longer` (the stacks below a pushed or popped top).
fn same<'a>(
    shorter: impl ExactSizeIterator<Item = &'a Arc<Step>>,
    longer: impl Iterator<Item = &'a Arc<Step>>,
) -> bool {
    shorter.zip(longer).all(|(a, b)| Arc::ptr_eq(a, b))
}

/// When `now` is `was` with one step pushed and the oldest dropped to stay
/// within `limit`: how many of `was`'s steps `now` kept below the pushed
/// one.
fn pushed_onto(
    now: &VecDeque<Arc<Step>>,
    was: &VecDeque<Arc<Step>>,
    limit: usize,
) -> Option<usize> {
    if now.is_empty() || now.len() != (was.len() + 1).min(limit) {
        return None;
    }
    let kept = now.len() - 1;
    let tail = was.iter().skip(was.len() - kept);
    same(now.iter().take(kept), tail).then_some(kept)
}

#[cfg(test)]
mod tests;
