//! The undo/redo history: each step records what an edit changed as a
//! `Change` of splices and swaps that can be performed forward (redo) or
//! backward (undo), never the text.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::HISTORY_LIMIT;
use crate::model::{AnnotatedDocument, Annotation, Metadata, Schema, Speaker};

/// Replaces the run `before` at `at` of a list with `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Splice<T> {
    at: usize,
    before: Vec<T>,
    after: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    /// The smallest splice that turns `old` into `new`; `None` when equal.
    pub(super) fn diff(old: &[T], mut new: Vec<T>) -> Option<Self> {
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        if prefix == old.len() && prefix == new.len() {
            return None;
        }
        new.truncate(new.len() - suffix);
        Some(Splice {
            at: prefix,
            before: old[prefix..old.len() - suffix].to_vec(),
            after: new.split_off(prefix),
        })
    }

    /// The splice that puts `item` at `at` in place of what was there;
    /// `None` when that is unchanged.
    pub(super) fn replace(items: &[T], at: usize, item: T) -> Option<Self> {
        let old = items.get(at)?;
        (*old != item).then(|| Splice {
            at,
            before: vec![old.clone()],
            after: vec![item],
        })
    }

    pub(super) fn insert(at: usize, item: T) -> Self {
        Splice {
            at,
            before: Vec::new(),
            after: vec![item],
        }
    }

    pub(super) fn remove(items: &[T], at: usize) -> Option<Self> {
        Some(Splice {
            at,
            before: vec![items.get(at)?.clone()],
            after: Vec::new(),
        })
    }

    /// The list's current run where this splice would act, as `from`
    /// expects it, or not.
    fn fits(&self, items: &[T], forward: bool) -> bool {
        let from = if forward { &self.before } else { &self.after };
        // `at` comes from a stored history too, so it may be any number.
        self.at
            .checked_add(from.len())
            .and_then(|end| items.get(self.at..end))
            == Some(from.as_slice())
    }

    /// Performs the splice (or its inverse); the caller has checked `fits`.
    fn perform(&self, items: &mut Vec<T>, forward: bool) {
        let (from, to) = if forward {
            (&self.before, &self.after)
        } else {
            (&self.after, &self.before)
        };
        items.splice(self.at..self.at + from.len(), to.iter().cloned());
    }
}

/// A whole value before and after an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Swap<T> {
    before: T,
    after: T,
}

impl<T: Clone + PartialEq> Swap<T> {
    pub(super) fn new(before: &T, after: T) -> Option<Self> {
        (*before != after).then(|| Swap {
            before: before.clone(),
            after,
        })
    }

    fn fits(&self, current: &T, forward: bool) -> bool {
        let expected = if forward { &self.before } else { &self.after };
        current == expected
    }

    fn perform(&self, current: &mut T, forward: bool) {
        let value = if forward { &self.after } else { &self.before };
        current.clone_from(value);
    }
}

/// What one edit changed. Parts it did not touch are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) annotations: Option<Splice<Annotation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) speakers: Option<Splice<Speaker>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) schema: Option<Swap<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) meta: Option<Swap<Metadata>>,
}

impl Change {
    pub(super) fn annotations(splice: Option<Splice<Annotation>>) -> Self {
        Change {
            annotations: splice,
            ..Change::default()
        }
    }

    pub(super) fn speakers(splice: Option<Splice<Speaker>>) -> Self {
        Change {
            speakers: splice,
            ..Change::default()
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.annotations.is_none()
            && self.speakers.is_none()
            && self.schema.is_none()
            && self.meta.is_none()
    }

    pub(super) fn fits(&self, doc: &AnnotatedDocument, forward: bool) -> bool {
        self.annotations
            .as_ref()
            .is_none_or(|s| s.fits(&doc.annotations, forward))
            && self
                .speakers
                .as_ref()
                .is_none_or(|s| s.fits(&doc.speakers, forward))
            && self
                .schema
                .as_ref()
                .is_none_or(|s| s.fits(&doc.schema, forward))
            && self
                .meta
                .as_ref()
                .is_none_or(|s| s.fits(&doc.meta, forward))
    }

    /// Applies the change (forward) or undoes it; `false`, with `doc`
    /// untouched, when the document is not in the state it expects.
    pub(super) fn perform(&self, doc: &mut AnnotatedDocument, forward: bool) -> bool {
        if !self.fits(doc, forward) {
            return false;
        }
        if let Some(s) = &self.annotations {
            s.perform(&mut doc.annotations, forward);
        }
        if let Some(s) = &self.speakers {
            s.perform(&mut doc.speakers, forward);
        }
        if let Some(s) = &self.schema {
            s.perform(&mut doc.schema, forward);
        }
        if let Some(s) = &self.meta {
            s.perform(&mut doc.meta, forward);
        }
        true
    }
}

/// One undoable edit: its description and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub(super) label: String,
    pub(super) change: Change,
}

/// The undo and redo stacks. Only the newest `limit` edits are kept.
///
/// Each step is shared (`Arc`): cloning a workspace, as the app does on
/// every edit, copies pointers, not the steps, and
/// [`super::Workspace::delta_since`] tells the steps two workspaces share
/// by identity. Serialised as the steps themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub(super) limit: usize,
    pub(super) undo: VecDeque<Arc<Step>>,
    /// The next step to redo is last.
    pub(super) redo: Vec<Arc<Step>>,
    /// Stands for the document every undo step undone would give (the
    /// bottom of the undo stack): made anew with each history and
    /// whenever trimming drops the oldest step, shared by clones, never
    /// serialised, equal in every comparison of values.
    /// [`super::Workspace::delta_since`] compares it by identity.
    #[serde(skip)]
    pub(super) base: Arc<()>,
}

impl History {
    pub fn new(limit: usize) -> Self {
        History {
            limit,
            undo: VecDeque::new(),
            redo: Vec::new(),
            base: Arc::new(()),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many edits can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many undone edits can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// The description of the edit `undo` would revert: `add quote a3`.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.label.as_str())
    }

    /// The description of the edit `redo` would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub(super) fn record(&mut self, step: Arc<Step>) {
        self.redo.clear();
        self.undo.push_back(step);
        self.trim();
    }

    pub(super) fn trim(&mut self) {
        if self.undo.len() > self.limit {
            self.undo.drain(..self.undo.len() - self.limit);
            // Undoing everything now gives another document.
            self.base = Arc::new(());
        }
    }
}

impl Default for History {
    fn default() -> Self {
        History::new(HISTORY_LIMIT)
    }
}
