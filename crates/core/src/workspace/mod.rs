//! The state the app edits: one annotated document, every edit as an
//! [`Action`], one [`Workspace::apply`] that checks and performs it, and a
//! bounded undo/redo history that survives serialisation.
//!
//! Every successful edit leaves a document that passes
//! [`crate::validate::validate`]; an edit that would not is refused and the
//! workspace is left exactly as it was. History steps record only what an
//! edit changed (the affected run of annotations or speakers, the schema or
//! the metadata, before and after), never the text, which changes only when a
//! document is loaded, and loading starts a new history.
//!
//! ```
//! use attrib_core::text::Document;
//! use attrib_core::workspace::{Action, Workspace, WorkspaceError};
//! use attrib_core::{AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker};
//!
//! let text = Document::new("“No,” she said.");
//! let mut ws = Workspace::new(AnnotatedDocument::new(Metadata::default(), text))?;
//! let speaker = ws.next_speaker_id();
//! ws.apply(Action::AddSpeaker { speaker: Speaker::new(&speaker, "Jane Doe") })?;
//! let mut quote = Annotation::new(ws.next_annotation_id(), Kind::Quote, vec![Span::new(0, 5)]);
//! quote.speaker = Some(speaker);
//! ws.apply(Action::AddAnnotation { annotation: quote })?;
//! assert_eq!(ws.history().undo_label(), Some("add quote a1"));
//!
//! let refused = ws.apply(Action::RemoveSpeaker { id: "s1".into() });
//! assert!(matches!(refused, Err(WorkspaceError::SpeakerInUse { count: 1, .. })));
//!
//! ws.undo()?;
//! assert!(ws.document().annotations.is_empty());
//! # Ok::<(), WorkspaceError>(())
//! ```

mod action;
mod error;
mod history;
mod journal;
mod plan;
mod relabel;
mod sets;
mod stored;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::model::{AnnotatedDocument, Annotation, Kind, Stance, StanceTarget};
use crate::validate::validate;

pub use action::{Action, LabelSet};
pub use error::WorkspaceError;
pub use history::History;
use history::{Change, Splice, Step, Swap};
pub use journal::Delta;

/// How many edits can be undone, unless a workspace is given another limit.
pub const HISTORY_LIMIT: usize = 500;

/// The document being annotated and its undo history.
///
/// The document always passes [`validate`]: [`Workspace::new`],
/// [`Workspace::apply`], undo, redo and deserialisation all refuse to leave
/// it otherwise, and a refused call changes nothing.
///
/// Serialised as `{"version": 1, "document": …, "history": …}`: the app's
/// own autosave record, not an export format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workspace {
    document: AnnotatedDocument,
    history: History,
}

impl Workspace {
    /// A workspace on `document`, with an empty history of
    /// [`HISTORY_LIMIT`] steps; refused with the problems when the document
    /// is not valid.
    pub fn new(document: AnnotatedDocument) -> Result<Self, WorkspaceError> {
        Self::with_history_limit(document, HISTORY_LIMIT)
    }

    /// As [`Workspace::new`], keeping at most `limit` undo steps.
    pub fn with_history_limit(
        document: AnnotatedDocument,
        limit: usize,
    ) -> Result<Self, WorkspaceError> {
        check_valid(&document)?;
        Ok(Workspace {
            document,
            history: History::new(limit),
        })
    }

    pub fn document(&self) -> &AnnotatedDocument {
        &self.document
    }

    pub fn into_document(self) -> AnnotatedDocument {
        self.document
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes how many undo steps are kept, dropping the oldest if needed.
    pub fn set_history_limit(&mut self, limit: usize) {
        self.history.limit = limit;
        self.history.trim();
    }

    pub fn can_undo(&self) -> bool {
        !self.history.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.redo.is_empty()
    }

    /// Performs an edit. On success the document is valid and the edit can
    /// be undone (an edit that changes nothing is not recorded); on error
    /// nothing has changed.
    pub fn apply(&mut self, action: Action) -> Result<(), WorkspaceError> {
        if let Action::LoadDocument { document } = action {
            check_valid(&document)?;
            self.document = *document;
            self.history = History::new(self.history.limit);
            return Ok(());
        }
        let label = action.describe();
        let change = self.plan(action)?;
        if change.is_empty() {
            return Ok(());
        }
        self.perform_change(&change, true, &label)?;
        self.history.record(Arc::new(Step { label, change }));
        Ok(())
    }

    /// Performs several edits as one: they are undone and redone together
    /// (a new speaker and the quote it is attached to, say). Each edit must
    /// leave a valid document; when one is refused, the earlier ones are
    /// rolled back and nothing has changed. Loading a document cannot be
    /// part of a batch.
    pub fn apply_all(&mut self, actions: Vec<Action>) -> Result<(), WorkspaceError> {
        if let [_] = actions.as_slice() {
            return actions
                .into_iter()
                .try_for_each(|action| self.apply(action));
        }
        if actions
            .iter()
            .any(|a| matches!(a, Action::LoadDocument { .. }))
        {
            return Err(WorkspaceError::LoadInBatch);
        }
        let before_annotations = self.document.annotations.clone();
        let before_speakers = self.document.speakers.clone();
        let before_schema = self.document.schema.clone();
        let before_meta = self.document.meta.clone();
        let mut labels = Vec::new();
        for action in actions {
            let label = action.describe();
            let outcome = self
                .plan(action)
                .and_then(|change| self.perform_change(&change, true, &label));
            if let Err(e) = outcome {
                self.document.annotations = before_annotations;
                self.document.speakers = before_speakers;
                self.document.schema = before_schema;
                self.document.meta = before_meta;
                return Err(e);
            }
            labels.push(label);
        }
        let change = Change {
            annotations: Splice::diff(&before_annotations, self.document.annotations.clone()),
            speakers: Splice::diff(&before_speakers, self.document.speakers.clone()),
            schema: Swap::new(&before_schema, self.document.schema.clone()),
            meta: Swap::new(&before_meta, self.document.meta.clone()),
        };
        if !change.is_empty() {
            self.history.record(Arc::new(Step {
                label: labels.join(", "),
                change,
            }));
        }
        Ok(())
    }

    /// Reverts the newest edit.
    pub fn undo(&mut self) -> Result<(), WorkspaceError> {
        let step = self
            .history
            .undo
            .pop_back()
            .ok_or(WorkspaceError::NothingToUndo)?;
        match self.perform_change(&step.change, false, &step.label) {
            Ok(()) => {
                self.history.redo.push(step);
                Ok(())
            }
            Err(e) => {
                self.history.undo.push_back(step);
                Err(e)
            }
        }
    }

    /// Repeats the newest undone edit.
    pub fn redo(&mut self) -> Result<(), WorkspaceError> {
        let step = self
            .history
            .redo
            .pop()
            .ok_or(WorkspaceError::NothingToRedo)?;
        match self.perform_change(&step.change, true, &step.label) {
            Ok(()) => {
                self.history.undo.push_back(step);
                self.history.trim();
                Ok(())
            }
            Err(e) => {
                self.history.redo.push(step);
                Err(e)
            }
        }
    }

    /// An annotation id (`a1`, `a2`, …) no annotation has.
    pub fn next_annotation_id(&self) -> String {
        next_free_id("a", self.document.annotations.iter().map(|a| a.id.as_str()))
    }

    /// A speaker id (`s1`, `s2`, …) no speaker has.
    pub fn next_speaker_id(&self) -> String {
        next_free_id("s", self.document.speakers.iter().map(|s| s.id.as_str()))
    }

    /// The annotations in document order: by the start of their first span,
    /// then longer first (so an enclosing span precedes what it contains),
    /// then by id.
    pub fn annotations_in_order(&self) -> Vec<&Annotation> {
        let mut ordered: Vec<&Annotation> = self.document.annotations.iter().collect();
        crate::sort::sort_by(&mut ordered, |a, b| {
            let key = |x: &Annotation| {
                let start = x.spans.first().map_or(usize::MAX, |s| s.start);
                let end = x.extent().map_or(0, |s| s.end);
                (start, std::cmp::Reverse(end))
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
        ordered
    }

    /// How many annotations name speaker `id`, as speaker or stance target.
    pub fn speaker_references(&self, id: &str) -> usize {
        self.document
            .annotations
            .iter()
            .filter(|a| refers_to_speaker(a, id))
            .count()
    }

    /// How many annotations carry `label` from `set`.
    pub fn label_usage(&self, set: LabelSet, label: &str) -> usize {
        self.document
            .annotations
            .iter()
            .filter(|a| set.label_of(a) == Some(label))
            .count()
    }

    /// How many annotations are of custom kind `name`.
    pub fn kind_usage(&self, name: &str) -> usize {
        self.document
            .annotations
            .iter()
            .filter(|a| matches!(&a.kind, Kind::Custom(k) if k == name))
            .count()
    }

    /// Performs `change` in the given direction and checks the result,
    /// restoring the document if it would be invalid.
    fn perform_change(
        &mut self,
        change: &Change,
        forward: bool,
        label: &str,
    ) -> Result<(), WorkspaceError> {
        if !change.perform(&mut self.document, forward) {
            return Err(WorkspaceError::HistoryMismatch(label.to_string()));
        }
        let problems = validate(&self.document);
        if problems.is_empty() {
            return Ok(());
        }
        change.perform(&mut self.document, !forward);
        Err(WorkspaceError::Invalid(problems))
    }
}

fn check_valid(document: &AnnotatedDocument) -> Result<(), WorkspaceError> {
    let problems = validate(document);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(WorkspaceError::Invalid(problems))
    }
}

fn refers_to_speaker(annotation: &Annotation, id: &str) -> bool {
    annotation.speaker.as_deref() == Some(id)
        || matches!(
            &annotation.stance,
            Some(Stance { target: StanceTarget::Speaker(target), .. }) if target == id
        )
}

/// `prefix` followed by a number, above every number already used after
/// `prefix` in `existing`, so it cannot collide with any of them.
pub fn next_free_id<'a>(prefix: &str, existing: impl Iterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = existing.collect();
    let highest = taken
        .iter()
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    if let Some(n) = highest.checked_add(1) {
        return format!("{prefix}{n}");
    }
    // Some id already uses u64::MAX: take the first free number instead.
    (1..=u64::MAX)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(&id.as_str()))
        .unwrap_or_else(|| format!("{prefix}{}", taken.len()))
}
