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

use std::collections::VecDeque;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
};
use crate::validate::{validate, Problem};

/// How many edits can be undone, unless a workspace is given another limit.
pub const HISTORY_LIMIT: usize = 500;

/// The version written into a serialised workspace.
const WORKSPACE_VERSION: u32 = 1;

/// One of the schema's label lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSet {
    /// `schema.quote_types`, used by `quote_type` on quotes.
    QuoteTypes,
    /// `schema.stance_labels`, used by `stance.label` on quotes and claims.
    StanceLabels,
    /// `schema.checkworthiness`, used by `checkworthiness` on claims.
    Checkworthiness,
    /// `schema.claim_types`, used by `claim_type` on claims.
    ClaimTypes,
}

impl LabelSet {
    pub const ALL: [LabelSet; 4] = [
        LabelSet::QuoteTypes,
        LabelSet::StanceLabels,
        LabelSet::Checkworthiness,
        LabelSet::ClaimTypes,
    ];

    /// The schema field holding the list: `"quote_types"`.
    pub fn field(self) -> &'static str {
        match self {
            LabelSet::QuoteTypes => "quote_types",
            LabelSet::StanceLabels => "stance_labels",
            LabelSet::Checkworthiness => "checkworthiness",
            LabelSet::ClaimTypes => "claim_types",
        }
    }

    /// What one label of the list is called: `"quote type"`.
    pub fn singular(self) -> &'static str {
        match self {
            LabelSet::QuoteTypes => "quote type",
            LabelSet::StanceLabels => "stance label",
            LabelSet::Checkworthiness => "check-worthiness label",
            LabelSet::ClaimTypes => "claim type",
        }
    }

    pub fn labels(self, schema: &Schema) -> &[String] {
        match self {
            LabelSet::QuoteTypes => &schema.quote_types,
            LabelSet::StanceLabels => &schema.stance_labels,
            LabelSet::Checkworthiness => &schema.checkworthiness,
            LabelSet::ClaimTypes => &schema.claim_types,
        }
    }

    fn labels_mut(self, schema: &mut Schema) -> &mut Vec<String> {
        match self {
            LabelSet::QuoteTypes => &mut schema.quote_types,
            LabelSet::StanceLabels => &mut schema.stance_labels,
            LabelSet::Checkworthiness => &mut schema.checkworthiness,
            LabelSet::ClaimTypes => &mut schema.claim_types,
        }
    }

    /// The label of this list an annotation carries, if any.
    pub fn label_of(self, annotation: &Annotation) -> Option<&str> {
        match self {
            LabelSet::QuoteTypes => annotation.quote_type.as_deref(),
            LabelSet::StanceLabels => annotation.stance.as_ref().map(|s| s.label.as_str()),
            LabelSet::Checkworthiness => annotation.checkworthiness.as_deref(),
            LabelSet::ClaimTypes => annotation.claim_type.as_deref(),
        }
    }

    fn label_of_mut(self, annotation: &mut Annotation) -> Option<&mut String> {
        match self {
            LabelSet::QuoteTypes => annotation.quote_type.as_mut(),
            LabelSet::StanceLabels => annotation.stance.as_mut().map(|s| &mut s.label),
            LabelSet::Checkworthiness => annotation.checkworthiness.as_mut(),
            LabelSet::ClaimTypes => annotation.claim_type.as_mut(),
        }
    }
}

impl fmt::Display for LabelSet {
    /// The plural: "quote types".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.singular())
    }
}

/// Every edit the app can make. Annotations and speakers are named by id;
/// create new ids with [`Workspace::next_annotation_id`] and
/// [`Workspace::next_speaker_id`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Replaces the whole document, text included, and starts a new,
    /// empty history (loading cannot be undone).
    LoadDocument {
        document: Box<AnnotatedDocument>,
    },
    SetMetadata {
        meta: Metadata,
    },
    /// Adds an annotation after the others; its spans are put in document
    /// order. Its id must be new.
    AddAnnotation {
        annotation: Annotation,
    },
    /// Replaces the annotation with the same id; spans are put in order.
    UpdateAnnotation {
        annotation: Annotation,
    },
    RemoveAnnotation {
        id: String,
    },
    /// Adds a further content span (a quote interrupted by "he said").
    /// A span that overlaps or touches one the annotation has is joined
    /// with it, so the spans stay in order and apart.
    AddSpan {
        annotation: String,
        span: Span,
    },
    /// Removes one content span, which must match exactly; the last span
    /// cannot be removed (remove the annotation instead).
    RemoveSpan {
        annotation: String,
        span: Span,
    },
    /// Sets or clears the cue (reporting verb) of a quote.
    SetCue {
        annotation: String,
        cue: Option<Span>,
    },
    /// Sets or clears the stance of a quote or claim.
    SetStance {
        annotation: String,
        stance: Option<Stance>,
    },
    SetNote {
        annotation: String,
        note: String,
    },
    /// Names the speaker of a quote, the claimant of a claim, the person a
    /// mention names, or the speaker of a custom span.
    AttachSpeaker {
        annotation: String,
        speaker: String,
    },
    /// Clears the speaker; a claim without one is the article's own. A
    /// mention cannot lose its speaker.
    DetachSpeaker {
        annotation: String,
    },
    /// Adds a speaker; its id must be new.
    AddSpeaker {
        speaker: Speaker,
    },
    RenameSpeaker {
        id: String,
        name: String,
    },
    /// Replaces the speaker with the same id (name, aliases, role).
    UpdateSpeaker {
        speaker: Speaker,
    },
    /// Folds `merge` into `keep`: every annotation and stance target that
    /// named `merge` names `keep`; `merge`'s name and aliases become
    /// aliases of `keep`, and its role fills `keep`'s if that has none.
    MergeSpeakers {
        keep: String,
        merge: String,
    },
    /// Removes a speaker nothing refers to. While annotations or stance
    /// targets refer to it the removal is refused: merge it into another
    /// speaker, or detach or remove those annotations, first.
    RemoveSpeaker {
        id: String,
    },
    AddLabel {
        set: LabelSet,
        label: String,
    },
    /// Renames a label, rewriting every annotation that uses it.
    RenameLabel {
        set: LabelSet,
        from: String,
        to: String,
    },
    /// Removes a label no annotation uses; refused while any does.
    RemoveLabel {
        set: LabelSet,
        label: String,
    },
    AddCustomKind {
        name: String,
    },
    /// Renames a custom kind, rewriting every annotation of that kind.
    RenameCustomKind {
        from: String,
        to: String,
    },
    /// Removes a custom kind no annotation has; refused while any does.
    RemoveCustomKind {
        name: String,
    },
    /// Replaces the whole schema (a project's shared schema, say); refused
    /// when annotations use labels or kinds it lacks.
    SetSchema {
        schema: Schema,
    },
}

impl Action {
    /// A short description for "Undo …" menus: `add quote a3`.
    pub fn describe(&self) -> String {
        match self {
            Action::LoadDocument { .. } => "load document".into(),
            Action::SetMetadata { .. } => "edit metadata".into(),
            Action::AddAnnotation { annotation } => {
                format!("add {} {}", annotation.kind, annotation.id)
            }
            Action::UpdateAnnotation { annotation } => format!("edit {}", annotation.id),
            Action::RemoveAnnotation { id } => format!("remove {id}"),
            Action::AddSpan { annotation, span } => format!("add span {span} to {annotation}"),
            Action::RemoveSpan { annotation, span } => {
                format!("remove span {span} from {annotation}")
            }
            Action::SetCue { annotation, cue } => match cue {
                Some(_) => format!("set cue of {annotation}"),
                None => format!("clear cue of {annotation}"),
            },
            Action::SetStance { annotation, stance } => match stance {
                Some(_) => format!("set stance of {annotation}"),
                None => format!("clear stance of {annotation}"),
            },
            Action::SetNote { annotation, .. } => format!("edit note of {annotation}"),
            Action::AttachSpeaker {
                annotation,
                speaker,
            } => format!("attach {speaker} to {annotation}"),
            Action::DetachSpeaker { annotation } => format!("detach speaker of {annotation}"),
            Action::AddSpeaker { speaker } => format!("add speaker {}", speaker.name),
            Action::RenameSpeaker { id, name } => format!("rename {id} to {name}"),
            Action::UpdateSpeaker { speaker } => format!("edit speaker {}", speaker.id),
            Action::MergeSpeakers { keep, merge } => format!("merge {merge} into {keep}"),
            Action::RemoveSpeaker { id } => format!("remove speaker {id}"),
            Action::AddLabel { set, label } => format!("add {} '{label}'", set.singular()),
            Action::RenameLabel { set, from, to } => {
                format!("rename {} '{from}' to '{to}'", set.singular())
            }
            Action::RemoveLabel { set, label } => {
                format!("remove {} '{label}'", set.singular())
            }
            Action::AddCustomKind { name } => format!("add kind '{name}'"),
            Action::RenameCustomKind { from, to } => format!("rename kind '{from}' to '{to}'"),
            Action::RemoveCustomKind { name } => format!("remove kind '{name}'"),
            Action::SetSchema { .. } => "replace schema".into(),
        }
    }
}

/// Why an edit, undo or redo was refused. The workspace is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkspaceError {
    #[error("no annotation with id {0}")]
    NoAnnotation(String),
    #[error("no speaker with id {0}")]
    NoSpeaker(String),
    #[error("annotation id {0} is already taken; choose a new id")]
    DuplicateAnnotation(String),
    #[error("speaker id {0} is already taken; choose a new id")]
    DuplicateSpeaker(String),
    #[error("speaker {id} is referred to by {}; merge the speaker into another, or detach or remove those first", count_annotations(.count))]
    SpeakerInUse { id: String, count: usize },
    #[error("cannot merge speaker {0} into itself")]
    MergeIntoItself(String),
    #[error("there is no {} '{label}' in the schema; expected one of: {}", .set.singular(), .known.join(", "))]
    NoLabel {
        set: LabelSet,
        label: String,
        known: Vec<String>,
    },
    #[error("{} '{label}' is already in the schema", .set.singular())]
    DuplicateLabel { set: LabelSet, label: String },
    #[error("label '{label}' is used by {}; change them first", count_annotations(.count))]
    LabelInUse {
        set: LabelSet,
        label: String,
        count: usize,
    },
    #[error("there is no custom kind '{0}' in the schema")]
    NoKind(String),
    #[error("custom kind '{0}' is already in the schema")]
    DuplicateKind(String),
    #[error("kind '{name}' is used by {}; change or remove them first", count_annotations(.count))]
    KindInUse { name: String, count: usize },
    #[error("{field} applies only to {applies_to}, and {id} is a {kind}")]
    NotApplicable {
        id: String,
        field: &'static str,
        applies_to: &'static str,
        kind: Kind,
    },
    #[error("span {span} of {id} is empty or reversed; expected start < end")]
    EmptySpan { id: String, span: Span },
    #[error("span {span} of {id} ends past the end of the text ({len} code points)")]
    SpanOutsideText { id: String, span: Span, len: usize },
    #[error("annotation {id} has no span {span}")]
    NoSpan { id: String, span: Span },
    #[error("{0} has only one span; remove the annotation instead")]
    LastSpan(String),
    #[error("mention {0} must name a speaker; remove the mention instead")]
    MentionNeedsSpeaker(String),
    #[error("{}", describe_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("loading a document cannot be part of a batch of edits")]
    LoadInBatch,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("the history step '{0}' does not match the document; it was left in place")]
    HistoryMismatch(String),
}

fn count_annotations(count: &usize) -> String {
    match count {
        1 => "1 annotation".into(),
        n => format!("{n} annotations"),
    }
}

/// The first few problems, joined, for an error message.
fn describe_problems(problems: &[Problem]) -> String {
    const SHOWN: usize = 3;
    let mut text = String::from("the document would not be valid: ");
    let shown: Vec<String> = problems.iter().take(SHOWN).map(|p| p.to_string()).collect();
    text.push_str(&shown.join("; "));
    if problems.len() > SHOWN {
        text.push_str(&format!("; and {} more", problems.len() - SHOWN));
    }
    text
}

/// Replaces the run `before` at `at` of a list with `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Splice<T> {
    at: usize,
    before: Vec<T>,
    after: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    /// The smallest splice that turns `old` into `new`; `None` when equal.
    fn diff(old: &[T], mut new: Vec<T>) -> Option<Self> {
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
    fn replace(items: &[T], at: usize, item: T) -> Option<Self> {
        let old = items.get(at)?;
        (*old != item).then(|| Splice {
            at,
            before: vec![old.clone()],
            after: vec![item],
        })
    }

    fn insert(at: usize, item: T) -> Self {
        Splice {
            at,
            before: Vec::new(),
            after: vec![item],
        }
    }

    fn remove(items: &[T], at: usize) -> Option<Self> {
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
struct Swap<T> {
    before: T,
    after: T,
}

impl<T: Clone + PartialEq> Swap<T> {
    fn new(before: &T, after: T) -> Option<Self> {
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
struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    annotations: Option<Splice<Annotation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speakers: Option<Splice<Speaker>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema: Option<Swap<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    meta: Option<Swap<Metadata>>,
}

impl Change {
    fn annotations(splice: Option<Splice<Annotation>>) -> Self {
        Change {
            annotations: splice,
            ..Change::default()
        }
    }

    fn speakers(splice: Option<Splice<Speaker>>) -> Self {
        Change {
            speakers: splice,
            ..Change::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.annotations.is_none()
            && self.speakers.is_none()
            && self.schema.is_none()
            && self.meta.is_none()
    }

    fn fits(&self, doc: &AnnotatedDocument, forward: bool) -> bool {
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
    fn perform(&self, doc: &mut AnnotatedDocument, forward: bool) -> bool {
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
struct Step {
    label: String,
    change: Change,
}

/// The undo and redo stacks. Only the newest `limit` edits are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    limit: usize,
    undo: VecDeque<Step>,
    /// The next step to redo is last.
    redo: Vec<Step>,
}

impl History {
    pub fn new(limit: usize) -> Self {
        History {
            limit,
            undo: VecDeque::new(),
            redo: Vec::new(),
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

    fn record(&mut self, step: Step) {
        self.redo.clear();
        self.undo.push_back(step);
        self.trim();
    }

    fn trim(&mut self) {
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }
}

impl Default for History {
    fn default() -> Self {
        History::new(HISTORY_LIMIT)
    }
}

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
        self.replay(&change, true, &label)?;
        self.history.record(Step { label, change });
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
                .and_then(|change| self.replay(&change, true, &label));
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
            self.history.record(Step {
                label: labels.join(", "),
                change,
            });
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
        match self.replay(&step.change, false, &step.label) {
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
        match self.replay(&step.change, true, &step.label) {
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
        ordered.sort_by(|a, b| {
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
    fn replay(
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

    /// Works out what `action` would change, without changing anything.
    fn plan(&self, action: Action) -> Result<Change, WorkspaceError> {
        let doc = &self.document;
        match action {
            // Handled by `apply`, which replaces the whole workspace.
            Action::LoadDocument { .. } => Ok(Change::default()),
            Action::SetMetadata { meta } => Ok(Change {
                meta: Swap::new(&doc.meta, meta),
                ..Change::default()
            }),
            Action::AddAnnotation { mut annotation } => {
                if doc.annotation(&annotation.id).is_some() {
                    return Err(WorkspaceError::DuplicateAnnotation(annotation.id));
                }
                annotation.spans.sort();
                Ok(Change::annotations(Some(Splice::insert(
                    doc.annotations.len(),
                    annotation,
                ))))
            }
            Action::UpdateAnnotation { mut annotation } => {
                let at = self.annotation_index(&annotation.id)?;
                annotation.spans.sort();
                Ok(Change::annotations(Splice::replace(
                    &doc.annotations,
                    at,
                    annotation,
                )))
            }
            Action::RemoveAnnotation { id } => {
                let at = self.annotation_index(&id)?;
                Ok(Change::annotations(Splice::remove(&doc.annotations, at)))
            }
            Action::AddSpan { annotation, span } => {
                self.check_span(&annotation, span)?;
                self.edit_annotation(&annotation, |a| {
                    a.spans = join_span(&a.spans, span);
                    Ok(())
                })
            }
            Action::RemoveSpan { annotation, span } => self.edit_annotation(&annotation, |a| {
                let at = a.spans.iter().position(|s| *s == span).ok_or_else(|| {
                    WorkspaceError::NoSpan {
                        id: a.id.clone(),
                        span,
                    }
                })?;
                if a.spans.len() == 1 {
                    return Err(WorkspaceError::LastSpan(a.id.clone()));
                }
                a.spans.remove(at);
                Ok(())
            }),
            Action::SetCue { annotation, cue } => {
                if let Some(cue) = cue {
                    self.check_span(&annotation, cue)?;
                }
                self.edit_annotation(&annotation, |a| {
                    require_kind(a, "a cue", "quotes", &[Kind::Quote])?;
                    a.cue = cue;
                    Ok(())
                })
            }
            Action::SetStance { annotation, stance } => {
                if let Some(stance) = &stance {
                    self.check_stance(stance)?;
                }
                self.edit_annotation(&annotation, |a| {
                    require_kind(
                        a,
                        "a stance",
                        "quotes and claims",
                        &[Kind::Quote, Kind::Claim],
                    )?;
                    a.stance = stance;
                    Ok(())
                })
            }
            Action::SetNote { annotation, note } => self.edit_annotation(&annotation, |a| {
                a.note = note;
                Ok(())
            }),
            Action::AttachSpeaker {
                annotation,
                speaker,
            } => {
                self.speaker_index(&speaker)?;
                self.edit_annotation(&annotation, |a| {
                    a.speaker = Some(speaker);
                    Ok(())
                })
            }
            Action::DetachSpeaker { annotation } => self.edit_annotation(&annotation, |a| {
                if a.kind == Kind::Mention {
                    return Err(WorkspaceError::MentionNeedsSpeaker(a.id.clone()));
                }
                a.speaker = None;
                Ok(())
            }),
            Action::AddSpeaker { speaker } => {
                if doc.speaker(&speaker.id).is_some() {
                    return Err(WorkspaceError::DuplicateSpeaker(speaker.id));
                }
                Ok(Change::speakers(Some(Splice::insert(
                    doc.speakers.len(),
                    speaker,
                ))))
            }
            Action::RenameSpeaker { id, name } => {
                let at = self.speaker_index(&id)?;
                let mut speaker = doc.speakers[at].clone();
                speaker.name = name;
                Ok(Change::speakers(Splice::replace(
                    &doc.speakers,
                    at,
                    speaker,
                )))
            }
            Action::UpdateSpeaker { speaker } => {
                let at = self.speaker_index(&speaker.id)?;
                Ok(Change::speakers(Splice::replace(
                    &doc.speakers,
                    at,
                    speaker,
                )))
            }
            Action::MergeSpeakers { keep, merge } => self.plan_merge(&keep, &merge),
            Action::RemoveSpeaker { id } => {
                let at = self.speaker_index(&id)?;
                let count = self.speaker_references(&id);
                if count > 0 {
                    return Err(WorkspaceError::SpeakerInUse { id, count });
                }
                Ok(Change::speakers(Splice::remove(&doc.speakers, at)))
            }
            Action::AddLabel { set, label } => {
                if set.labels(&doc.schema).contains(&label) {
                    return Err(WorkspaceError::DuplicateLabel { set, label });
                }
                let mut schema = doc.schema.clone();
                set.labels_mut(&mut schema).push(label);
                Ok(self.schema_change(schema, None))
            }
            Action::RenameLabel { set, from, to } => self.plan_rename_label(set, from, to),
            Action::RemoveLabel { set, label } => {
                let at = self.label_index(set, &label)?;
                let count = self.label_usage(set, &label);
                if count > 0 {
                    return Err(WorkspaceError::LabelInUse { set, label, count });
                }
                let mut schema = doc.schema.clone();
                set.labels_mut(&mut schema).remove(at);
                Ok(self.schema_change(schema, None))
            }
            Action::AddCustomKind { name } => {
                if doc.schema.custom_kinds.contains(&name) {
                    return Err(WorkspaceError::DuplicateKind(name));
                }
                let mut schema = doc.schema.clone();
                schema.custom_kinds.push(name);
                Ok(self.schema_change(schema, None))
            }
            Action::RenameCustomKind { from, to } => {
                let at = self.kind_index(&from)?;
                if from == to {
                    return Ok(Change::default());
                }
                if doc.schema.custom_kinds.contains(&to) {
                    return Err(WorkspaceError::DuplicateKind(to));
                }
                let mut schema = doc.schema.clone();
                schema.custom_kinds[at] = to.clone();
                let annotations = doc
                    .annotations
                    .iter()
                    .map(|a| {
                        let mut a = a.clone();
                        if matches!(&a.kind, Kind::Custom(k) if *k == from) {
                            a.kind = Kind::Custom(to.clone());
                        }
                        a
                    })
                    .collect();
                Ok(self.schema_change(schema, Some(annotations)))
            }
            Action::RemoveCustomKind { name } => {
                let at = self.kind_index(&name)?;
                let count = self.kind_usage(&name);
                if count > 0 {
                    return Err(WorkspaceError::KindInUse { name, count });
                }
                let mut schema = doc.schema.clone();
                schema.custom_kinds.remove(at);
                Ok(self.schema_change(schema, None))
            }
            Action::SetSchema { schema } => Ok(self.schema_change(schema, None)),
        }
    }

    fn annotation_index(&self, id: &str) -> Result<usize, WorkspaceError> {
        self.document
            .annotations
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| WorkspaceError::NoAnnotation(id.to_string()))
    }

    fn speaker_index(&self, id: &str) -> Result<usize, WorkspaceError> {
        self.document
            .speakers
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| WorkspaceError::NoSpeaker(id.to_string()))
    }

    fn label_index(&self, set: LabelSet, label: &str) -> Result<usize, WorkspaceError> {
        let labels = set.labels(&self.document.schema);
        labels
            .iter()
            .position(|l| l == label)
            .ok_or_else(|| WorkspaceError::NoLabel {
                set,
                label: label.to_string(),
                known: labels.to_vec(),
            })
    }

    fn kind_index(&self, name: &str) -> Result<usize, WorkspaceError> {
        self.document
            .schema
            .custom_kinds
            .iter()
            .position(|k| k == name)
            .ok_or_else(|| WorkspaceError::NoKind(name.to_string()))
    }

    /// The change that edits one annotation with `edit`.
    fn edit_annotation(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Annotation) -> Result<(), WorkspaceError>,
    ) -> Result<Change, WorkspaceError> {
        let at = self.annotation_index(id)?;
        let mut annotation = self.document.annotations[at].clone();
        edit(&mut annotation)?;
        Ok(Change::annotations(Splice::replace(
            &self.document.annotations,
            at,
            annotation,
        )))
    }

    /// A new span for annotation `id` must be non-empty and inside the text.
    fn check_span(&self, id: &str, span: Span) -> Result<(), WorkspaceError> {
        let len = self.document.text.len_chars();
        if span.is_empty() {
            Err(WorkspaceError::EmptySpan {
                id: id.to_string(),
                span,
            })
        } else if span.end > len {
            Err(WorkspaceError::SpanOutsideText {
                id: id.to_string(),
                span,
                len,
            })
        } else {
            Ok(())
        }
    }

    fn check_stance(&self, stance: &Stance) -> Result<(), WorkspaceError> {
        self.label_index(LabelSet::StanceLabels, &stance.label)?;
        if let StanceTarget::Speaker(id) = &stance.target {
            self.speaker_index(id)?;
        }
        Ok(())
    }

    /// A change to the schema and, if given, to the annotations.
    fn schema_change(&self, schema: Schema, annotations: Option<Vec<Annotation>>) -> Change {
        Change {
            schema: Swap::new(&self.document.schema, schema),
            annotations: annotations.and_then(|new| Splice::diff(&self.document.annotations, new)),
            ..Change::default()
        }
    }

    fn plan_rename_label(
        &self,
        set: LabelSet,
        from: String,
        to: String,
    ) -> Result<Change, WorkspaceError> {
        let at = self.label_index(set, &from)?;
        if from == to {
            return Ok(Change::default());
        }
        let mut schema = self.document.schema.clone();
        if set.labels(&schema).contains(&to) {
            return Err(WorkspaceError::DuplicateLabel { set, label: to });
        }
        set.labels_mut(&mut schema)[at] = to.clone();
        let annotations = self
            .document
            .annotations
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if let Some(label) = set.label_of_mut(&mut a) {
                    if *label == from {
                        label.clone_from(&to);
                    }
                }
                a
            })
            .collect();
        Ok(self.schema_change(schema, Some(annotations)))
    }

    fn plan_merge(&self, keep: &str, merge: &str) -> Result<Change, WorkspaceError> {
        let doc = &self.document;
        let keep_at = self.speaker_index(keep)?;
        let merge_at = self.speaker_index(merge)?;
        if keep == merge {
            return Err(WorkspaceError::MergeIntoItself(keep.to_string()));
        }
        let merged = &doc.speakers[merge_at];
        let mut kept = doc.speakers[keep_at].clone();
        for name in std::iter::once(&merged.name).chain(&merged.aliases) {
            if *name != kept.name && !kept.aliases.contains(name) && !name.trim().is_empty() {
                kept.aliases.push(name.clone());
            }
        }
        if kept.role.is_none() {
            kept.role.clone_from(&merged.role);
        }
        let speakers: Vec<Speaker> = doc
            .speakers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != merge_at)
            .map(|(i, s)| {
                if i == keep_at {
                    kept.clone()
                } else {
                    s.clone()
                }
            })
            .collect();
        let annotations: Vec<Annotation> = doc
            .annotations
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if a.speaker.as_deref() == Some(merge) {
                    a.speaker = Some(keep.to_string());
                }
                if let Some(Stance {
                    target: StanceTarget::Speaker(target),
                    ..
                }) = &mut a.stance
                {
                    if target == merge {
                        *target = keep.to_string();
                    }
                }
                a
            })
            .collect();
        Ok(Change {
            annotations: Splice::diff(&doc.annotations, annotations),
            speakers: Splice::diff(&doc.speakers, speakers),
            ..Change::default()
        })
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

fn require_kind(
    annotation: &Annotation,
    field: &'static str,
    applies_to: &'static str,
    kinds: &[Kind],
) -> Result<(), WorkspaceError> {
    if kinds.contains(&annotation.kind) {
        Ok(())
    } else {
        Err(WorkspaceError::NotApplicable {
            id: annotation.id.clone(),
            field,
            applies_to,
            kind: annotation.kind.clone(),
        })
    }
}

fn refers_to_speaker(annotation: &Annotation, id: &str) -> bool {
    annotation.speaker.as_deref() == Some(id)
        || matches!(
            &annotation.stance,
            Some(Stance { target: StanceTarget::Speaker(target), .. }) if target == id
        )
}

/// `spans` with `span` added, in order, joining any spans it overlaps or
/// touches into one.
fn join_span(spans: &[Span], span: Span) -> Vec<Span> {
    let mut all: Vec<Span> = spans.iter().copied().chain([span]).collect();
    all.sort();
    let mut joined: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        match joined.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => joined.push(s),
        }
    }
    joined
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

/// The serialised form of a [`Workspace`].
#[derive(Serialize)]
struct StoredWorkspaceRef<'a> {
    version: u32,
    document: &'a AnnotatedDocument,
    history: &'a History,
}

#[derive(Deserialize)]
struct StoredWorkspace {
    version: u32,
    document: AnnotatedDocument,
    #[serde(default)]
    history: History,
}

impl Serialize for Workspace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StoredWorkspaceRef {
            version: WORKSPACE_VERSION,
            document: &self.document,
            history: &self.history,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Workspace {
    /// Refuses a stored workspace whose document is invalid or whose
    /// history does not lead back (and forward) from the document.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let stored = StoredWorkspace::deserialize(d)?;
        if stored.version != WORKSPACE_VERSION {
            return Err(D::Error::custom(format!(
                "unsupported workspace version {}; expected {WORKSPACE_VERSION}",
                stored.version
            )));
        }
        check_valid(&stored.document).map_err(D::Error::custom)?;
        check_history(&stored.document, &stored.history).map_err(D::Error::custom)?;
        let mut workspace = Workspace {
            document: stored.document,
            history: stored.history,
        };
        workspace.history.trim();
        Ok(workspace)
    }
}

/// Checks that every undo step fits the state the steps after it leave, and
/// every redo step the state the undone steps before it leave, so that undo
/// and redo cannot fail on a stored history.
fn check_history(document: &AnnotatedDocument, history: &History) -> Result<(), String> {
    let parts = || AnnotatedDocument {
        meta: document.meta.clone(),
        text: crate::text::Document::default(),
        schema: document.schema.clone(),
        speakers: document.speakers.clone(),
        annotations: document.annotations.clone(),
    };
    let mut past = parts();
    for (age, step) in history.undo.iter().rev().enumerate() {
        if !step.change.perform(&mut past, false) {
            return Err(format!(
                "history: undo step {age} ('{}') does not match the document",
                step.label
            ));
        }
    }
    let mut future = parts();
    for (age, step) in history.redo.iter().rev().enumerate() {
        if !step.change.perform(&mut future, true) {
            return Err(format!(
                "history: redo step {age} ('{}') does not match the document",
                step.label
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;
    use crate::validate::is_valid;

    const TEXT: &str = "“I lost the argument,” Kerry said to Syrian opposition members. \
                        Russia disagreed, a spokesman said.";

    fn quote(id: &str, start: usize, end: usize, speaker: &str) -> Annotation {
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
    fn sample() -> AnnotatedDocument {
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

    fn workspace() -> Workspace {
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

    mod properties {
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

        fn action() -> impl Strategy<Value = Action> {
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
}
