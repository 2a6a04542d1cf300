//! Removing a label or a custom kind that annotations still use: the
//! edits that first move those annotations to another label (or kind), or
//! take the label off them (remove them, for a kind), and then remove it
//! from the schema. The schema editor applies them with
//! [`Workspace::apply_all`], so the whole removal undoes as one step.

use super::{Action, LabelSet, Workspace, WorkspaceError};
use crate::model::Kind;

impl Workspace {
    /// The edits removing `label` from `set`: every annotation carrying it
    /// gets `to` instead (another label of the set), or with `to` `None`
    /// loses it (a stance, whose label is required, is cleared), then the
    /// label leaves the schema. Refused when `label` or `to` is not in the
    /// set, or `to` is `label`.
    pub fn remove_label_actions(
        &self,
        set: LabelSet,
        label: &str,
        to: Option<&str>,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let labels = set.labels(&self.document.schema);
        let no_label = |l: &str| WorkspaceError::NoLabel {
            set,
            label: l.to_string(),
            known: labels.to_vec(),
        };
        if !labels.iter().any(|l| l == label) {
            return Err(no_label(label));
        }
        if let Some(to) = to {
            if to == label || !labels.iter().any(|l| l == to) {
                return Err(WorkspaceError::NoLabel {
                    set,
                    label: to.to_string(),
                    known: labels.iter().filter(|l| *l != label).cloned().collect(),
                });
            }
        }
        let mut actions = Vec::new();
        for a in &self.document.annotations {
            if set.label_of(a) != Some(label) {
                continue;
            }
            let mut changed = a.clone();
            match (set, to) {
                (LabelSet::StanceLabels, None) => changed.stance = None,
                (_, Some(to)) => {
                    if let Some(slot) = set.label_of_mut(&mut changed) {
                        *slot = to.to_string();
                    }
                }
                (LabelSet::QuoteTypes, None) => changed.quote_type = None,
                (LabelSet::Checkworthiness, None) => changed.checkworthiness = None,
                (LabelSet::ClaimTypes, None) => changed.claim_type = None,
            }
            actions.push(Action::UpdateAnnotation {
                annotation: changed,
            });
        }
        actions.push(Action::RemoveLabel {
            set,
            label: label.to_string(),
        });
        Ok(actions)
    }

    /// The edits removing the custom kind `name`: its annotations become
    /// of kind `to` (another custom kind), or with `to` `None` are removed;
    /// then the kind leaves the schema.
    pub fn remove_kind_actions(
        &self,
        name: &str,
        to: Option<&str>,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let kinds = &self.document.schema.custom_kinds;
        if !kinds.iter().any(|k| k == name) {
            return Err(WorkspaceError::NoKind(name.to_string()));
        }
        if let Some(to) = to {
            if to == name || !kinds.iter().any(|k| k == to) {
                return Err(WorkspaceError::NoKind(to.to_string()));
            }
        }
        let mut actions = Vec::new();
        for a in &self.document.annotations {
            if !matches!(&a.kind, Kind::Custom(k) if k == name) {
                continue;
            }
            actions.push(match to {
                Some(to) => {
                    let mut moved = a.clone();
                    moved.kind = Kind::Custom(to.to_string());
                    Action::UpdateAnnotation { annotation: moved }
                }
                None => Action::RemoveAnnotation { id: a.id.clone() },
            });
        }
        actions.push(Action::RemoveCustomKind {
            name: name.to_string(),
        });
        Ok(actions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Span, Stance, StanceTarget};
    use crate::test_fixtures::kerry;

    /// Kerry's article with two quotes typed direct, one of them with a
    /// stance labelled against, and two notes of custom kind `aside`.
    fn workspace() -> Workspace {
        let mut doc = kerry();
        doc.annotations.clear();
        doc.speakers.clear();
        doc.schema.custom_kinds = vec!["aside".into(), "comment".into()];
        let mut q1 = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 5)]);
        q1.quote_type = Some("direct".into());
        q1.stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "against".into(),
        });
        let mut q2 = Annotation::new("q2", Kind::Quote, vec![Span::new(6, 9)]);
        q2.quote_type = Some("direct".into());
        let n1 = Annotation::new("n1", Kind::Custom("aside".into()), vec![Span::new(1, 3)]);
        let n2 = Annotation::new("n2", Kind::Custom("aside".into()), vec![Span::new(4, 8)]);
        doc.annotations = vec![q1, q2, n1, n2];
        Workspace::new(doc).expect("a valid document")
    }

    #[test]
    fn moving_a_label_in_use_relabels_every_annotation_and_undoes_as_one_step() {
        let mut ws = workspace();
        assert_eq!(ws.label_usage(LabelSet::QuoteTypes, "direct"), 2);
        let actions = ws
            .remove_label_actions(LabelSet::QuoteTypes, "direct", Some("indirect"))
            .expect("planned");
        assert_eq!(actions.len(), 3);
        ws.apply_all(actions).expect("applied");
        assert!(!ws
            .document()
            .schema
            .quote_types
            .contains(&"direct".to_string()));
        assert_eq!(ws.label_usage(LabelSet::QuoteTypes, "indirect"), 2);
        ws.undo().expect("undone");
        assert_eq!(ws.label_usage(LabelSet::QuoteTypes, "direct"), 2);
        assert!(ws
            .document()
            .schema
            .quote_types
            .contains(&"direct".to_string()));
    }

    #[test]
    fn removing_a_label_from_its_annotations_clears_it_and_a_stance_goes_whole() {
        let mut ws = workspace();
        let actions = ws
            .remove_label_actions(LabelSet::QuoteTypes, "direct", None)
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert!(ws
            .document()
            .annotations
            .iter()
            .all(|a| a.quote_type.is_none()));
        let actions = ws
            .remove_label_actions(LabelSet::StanceLabels, "against", None)
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert!(ws.document().annotations.iter().all(|a| a.stance.is_none()));
    }

    #[test]
    fn a_label_is_not_moved_to_itself_or_to_one_the_set_lacks() {
        let ws = workspace();
        let same = ws.remove_label_actions(LabelSet::QuoteTypes, "direct", Some("direct"));
        assert!(matches!(same, Err(WorkspaceError::NoLabel { .. })));
        let missing = ws.remove_label_actions(LabelSet::QuoteTypes, "direct", Some("quoted"));
        assert!(missing.unwrap_err().to_string().contains("indirect, mixed"));
        let unknown = ws.remove_label_actions(LabelSet::QuoteTypes, "nope", None);
        assert!(matches!(unknown, Err(WorkspaceError::NoLabel { .. })));
    }

    #[test]
    fn an_unused_label_is_simply_removed() {
        let ws = workspace();
        let actions = ws
            .remove_label_actions(LabelSet::QuoteTypes, "mixed", None)
            .expect("planned");
        assert_eq!(
            actions,
            vec![Action::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "mixed".into()
            }]
        );
    }

    #[test]
    fn a_custom_kind_in_use_moves_to_another_or_takes_its_annotations_with_it() {
        let mut ws = workspace();
        let moved = ws
            .remove_kind_actions("aside", Some("comment"))
            .expect("planned");
        let mut moving = ws.clone();
        moving.apply_all(moved).expect("applied");
        assert_eq!(moving.kind_usage("comment"), 2);
        assert!(!moving
            .document()
            .schema
            .custom_kinds
            .contains(&"aside".to_string()));

        let removed = ws.remove_kind_actions("aside", None).expect("planned");
        ws.apply_all(removed).expect("applied");
        assert_eq!(ws.document().annotations.len(), 2);
        assert!(matches!(
            ws.remove_kind_actions("aside", None),
            Err(WorkspaceError::NoKind(_))
        ));
    }
}
