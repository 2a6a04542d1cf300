//! The edits a workspace performs: [`Action`], and [`LabelSet`], which
//! names one of the schema's label lists.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{AnnotatedDocument, Annotation, Metadata, Schema, Span, Speaker, Stance};

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

    pub(super) fn labels_mut(self, schema: &mut Schema) -> &mut Vec<String> {
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

    pub(super) fn label_of_mut(self, annotation: &mut Annotation) -> Option<&mut String> {
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
