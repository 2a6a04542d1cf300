//! [`WorkspaceError`]: why an edit, undo or redo was refused.

use super::LabelSet;
use crate::model::{Kind, Span};
use crate::validate::Problem;

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
    #[error("there is no label set '{0}' in the schema")]
    NoLabelSet(String),
    #[error("a label set called '{0}' is already in the schema; choose another name")]
    DuplicateLabelSet(String),
    #[error("there is no label '{label}' in the label set '{set}'; expected one of: {}", .known.join(", "))]
    NoSetLabel {
        set: String,
        label: String,
        known: Vec<String>,
    },
    #[error("the label set '{set}' has the label '{label}' already")]
    DuplicateSetLabel { set: String, label: String },
    #[error("{} of kind '{kind}' carry labels of the set '{set}'; take those labels off first", count_annotations(.count))]
    SetKindInUse {
        set: String,
        kind: Kind,
        count: usize,
    },
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
