//! Planning an edit: what an [`Action`] would change, worked out as an
//! invertible `Change` without touching the document, or why it is
//! refused.

use super::{Action, Change, LabelSet, Splice, Swap, Workspace, WorkspaceError};
use crate::model::{Annotation, Kind, Schema, Span, Speaker, Stance, StanceTarget};
use crate::style;

impl Workspace {
    /// Works out what `action` would change, without changing anything.
    pub(super) fn plan(&self, action: Action) -> Result<Change, WorkspaceError> {
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
                crate::sort::sort(&mut annotation.spans);
                Ok(Change::annotations(Some(Splice::insert(
                    doc.annotations.len(),
                    annotation,
                ))))
            }
            Action::UpdateAnnotation { mut annotation } => {
                let at = self.annotation_index(&annotation.id)?;
                crate::sort::sort(&mut annotation.spans);
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
                    // `check_span` refused an empty span and a valid
                    // document has none, so normalising drops nothing.
                    a.spans.push(span);
                    a.spans = crate::matching::normalise(&a.spans);
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
                style::remove_label(&mut schema, set.field(), &label);
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
                style::rename_kind(&mut schema, &from, &to);
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
                schema.kind_styles.remove(&name);
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
        style::rename_label(&mut schema, set.field(), &from, &to);
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
