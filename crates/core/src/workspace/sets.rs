//! Editing the schema's further label sets ([`crate::model::Schema::label_sets`]):
//! adding a set for some kinds, renaming it, changing its kinds, adding,
//! renaming and removing its labels, and removing it. Each is planned as a
//! list of edits for [`Workspace::apply_all`], so it undoes as one step:
//! when annotations carry the labels concerned, the schema first gains the
//! new name, the annotations follow, and then the old name goes (every
//! edit on the way leaves a valid document). Styles and guidelines follow
//! a renamed set or label.

use super::{Action, Workspace, WorkspaceError};
use crate::model::{Annotation, Kind, LabelSet as FurtherSet, Schema};
use crate::style;

impl Workspace {
    /// How many annotations carry a label of the further set `set`.
    pub fn set_usage(&self, set: &str) -> usize {
        self.document
            .annotations
            .iter()
            .filter(|a| a.labels.contains_key(set))
            .count()
    }

    /// How many annotations carry `label` of the further set `set`.
    pub fn set_label_usage(&self, set: &str, label: &str) -> usize {
        self.document
            .annotations
            .iter()
            .filter(|a| a.labels.get(set).map(String::as_str) == Some(label))
            .count()
    }

    /// Adds an empty further set `name` for `kinds` (none: every kind).
    /// Refused when a set (or a built-in set) has that name.
    pub fn add_label_set_actions(
        &self,
        name: &str,
        kinds: Vec<Kind>,
    ) -> Result<Vec<Action>, WorkspaceError> {
        self.free_set_name(name)?;
        let mut schema = self.document.schema.clone();
        schema.label_sets.push(FurtherSet {
            name: name.to_string(),
            kinds,
            labels: Vec::new(),
        });
        Ok(vec![Action::SetSchema { schema }])
    }

    /// Renames the further set `from` to `to`; the annotations' choices,
    /// its styles and its guideline follow.
    pub fn rename_label_set_actions(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let at = self.set_index(from)?;
        if from == to {
            return Ok(Vec::new());
        }
        self.free_set_name(to)?;
        let schema = &self.document.schema;
        let mut both = schema.clone();
        let mut copy = schema.label_sets[at].clone();
        copy.name = to.to_string();
        both.label_sets.push(copy);
        let mut last = schema.clone();
        last.label_sets[at].name = to.to_string();
        if let Some(styles) = last.label_styles.remove(from) {
            last.label_styles.insert(to.to_string(), styles);
        }
        if let Some(help) = last.help.remove(from) {
            last.help.insert(to.to_string(), help);
        }
        Ok(self.through(both, last, |a| {
            let label = a.labels.get(from)?.clone();
            let mut a = a.clone();
            a.labels.remove(from);
            a.labels.insert(to.to_string(), label);
            Some(a)
        }))
    }

    /// Gives the further set `name` the kinds `kinds` (none: every kind).
    /// Refused while annotations of a kind it would lose carry its labels.
    pub fn set_label_set_kinds_actions(
        &self,
        name: &str,
        kinds: Vec<Kind>,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let at = self.set_index(name)?;
        if !kinds.is_empty() {
            for a in &self.document.annotations {
                if a.labels.contains_key(name) && !kinds.contains(&a.kind) {
                    let count = self
                        .document
                        .annotations
                        .iter()
                        .filter(|b| b.kind == a.kind && b.labels.contains_key(name))
                        .count();
                    return Err(WorkspaceError::SetKindInUse {
                        set: name.to_string(),
                        kind: a.kind.clone(),
                        count,
                    });
                }
            }
        }
        let mut schema = self.document.schema.clone();
        schema.label_sets[at].kinds = kinds;
        Ok(vec![Action::SetSchema { schema }])
    }

    /// Adds `label` to the further set `set`.
    pub fn add_set_label_actions(
        &self,
        set: &str,
        label: &str,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let at = self.set_index(set)?;
        let mut schema = self.document.schema.clone();
        let labels = &mut schema.label_sets[at].labels;
        if labels.iter().any(|l| l == label) {
            return Err(WorkspaceError::DuplicateSetLabel {
                set: set.to_string(),
                label: label.to_string(),
            });
        }
        labels.push(label.to_string());
        Ok(vec![Action::SetSchema { schema }])
    }

    /// Renames `from` of the further set `set` to `to`; the annotations
    /// carrying it and its style follow.
    pub fn rename_set_label_actions(
        &self,
        set: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let (at, i) = self.set_label_index(set, from)?;
        if from == to {
            return Ok(Vec::new());
        }
        let schema = &self.document.schema;
        if schema.label_sets[at].labels.iter().any(|l| l == to) {
            return Err(WorkspaceError::DuplicateSetLabel {
                set: set.to_string(),
                label: to.to_string(),
            });
        }
        let mut both = schema.clone();
        both.label_sets[at].labels.push(to.to_string());
        let mut last = schema.clone();
        last.label_sets[at].labels[i] = to.to_string();
        style::rename_label(&mut last, set, from, to);
        Ok(self.through(both, last, |a| {
            if a.labels.get(set).map(String::as_str) != Some(from) {
                return None;
            }
            let mut a = a.clone();
            a.labels.insert(set.to_string(), to.to_string());
            Some(a)
        }))
    }

    /// Removes `label` from the further set `set`: the annotations carrying
    /// it get `to` (another label of the set) or, with `None`, lose it.
    pub fn remove_set_label_actions(
        &self,
        set: &str,
        label: &str,
        to: Option<&str>,
    ) -> Result<Vec<Action>, WorkspaceError> {
        let (at, i) = self.set_label_index(set, label)?;
        if let Some(to) = to {
            let (_, j) = self.set_label_index(set, to)?;
            if j == i {
                return Err(WorkspaceError::NoSetLabel {
                    set: set.to_string(),
                    label: to.to_string(),
                    known: self.others(at, label),
                });
            }
        }
        let mut last = self.document.schema.clone();
        last.label_sets[at].labels.remove(i);
        style::remove_label(&mut last, set, label);
        Ok(self.through(self.document.schema.clone(), last, |a| {
            if a.labels.get(set).map(String::as_str) != Some(label) {
                return None;
            }
            let mut a = a.clone();
            match to {
                Some(to) => a.labels.insert(set.to_string(), to.to_string()),
                None => a.labels.remove(set),
            };
            Some(a)
        }))
    }

    /// Removes the further set `name`, taking its labels off the
    /// annotations that carry them.
    pub fn remove_label_set_actions(&self, name: &str) -> Result<Vec<Action>, WorkspaceError> {
        let at = self.set_index(name)?;
        let mut last = self.document.schema.clone();
        last.label_sets.remove(at);
        last.label_styles.remove(name);
        Ok(self.through(self.document.schema.clone(), last, |a| {
            a.labels.contains_key(name).then(|| {
                let mut a = a.clone();
                a.labels.remove(name);
                a
            })
        }))
    }

    fn set_index(&self, name: &str) -> Result<usize, WorkspaceError> {
        self.document
            .schema
            .label_sets
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| WorkspaceError::NoLabelSet(name.to_string()))
    }

    fn set_label_index(&self, set: &str, label: &str) -> Result<(usize, usize), WorkspaceError> {
        let at = self.set_index(set)?;
        let labels = &self.document.schema.label_sets[at].labels;
        let i =
            labels
                .iter()
                .position(|l| l == label)
                .ok_or_else(|| WorkspaceError::NoSetLabel {
                    set: set.to_string(),
                    label: label.to_string(),
                    known: labels.clone(),
                })?;
        Ok((at, i))
    }

    fn others(&self, at: usize, label: &str) -> Vec<String> {
        self.document.schema.label_sets[at]
            .labels
            .iter()
            .filter(|l| *l != label)
            .cloned()
            .collect()
    }

    /// A name no set has: neither a further set nor a built-in one.
    fn free_set_name(&self, name: &str) -> Result<(), WorkspaceError> {
        let taken = style::BUILT_IN_SETS.contains(&name)
            || self
                .document
                .schema
                .label_sets
                .iter()
                .any(|s| s.name == name);
        if taken {
            Err(WorkspaceError::DuplicateLabelSet(name.to_string()))
        } else {
            Ok(())
        }
    }

    /// The edits that pass through `between` (a schema allowing both the
    /// old and the new labels), change each annotation `edit` changes, and
    /// end at `last`.
    fn through(
        &self,
        between: Schema,
        last: Schema,
        edit: impl Fn(&Annotation) -> Option<Annotation>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if between != self.document.schema {
            actions.push(Action::SetSchema { schema: between });
        }
        actions.extend(
            self.document
                .annotations
                .iter()
                .filter_map(edit)
                .map(|annotation| Action::UpdateAnnotation { annotation }),
        );
        actions.push(Action::SetSchema { schema: last });
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Style};
    use crate::test_fixtures::kerry;

    /// Kerry's article with a custom kind `event`, a set `event_type`
    /// (meeting, vote) for it, and two events typed meeting.
    fn workspace() -> Workspace {
        let mut doc = kerry();
        doc.annotations.clear();
        doc.speakers.clear();
        doc.schema.custom_kinds = vec!["event".into()];
        doc.schema.label_sets = vec![FurtherSet {
            name: "event_type".into(),
            kinds: vec![Kind::Custom("event".into())],
            labels: vec!["meeting".into(), "vote".into()],
        }];
        doc.schema
            .label_styles
            .entry("event_type".into())
            .or_default()
            .insert(
                "meeting".into(),
                Style {
                    colour: Some("#009e73".into()),
                    key: Some("1".into()),
                },
            );
        for (id, span) in [("e1", Span::new(0, 5)), ("e2", Span::new(6, 9))] {
            let mut a = Annotation::new(id, Kind::Custom("event".into()), vec![span]);
            a.labels.insert("event_type".into(), "meeting".into());
            doc.annotations.push(a);
        }
        Workspace::new(doc).expect("a valid document")
    }

    fn labels(ws: &Workspace, set: &str) -> Vec<Option<String>> {
        ws.document()
            .annotations
            .iter()
            .map(|a| a.labels.get(set).cloned())
            .collect()
    }

    #[test]
    fn a_set_is_added_for_its_kinds_but_never_under_a_taken_name() {
        let mut ws = workspace();
        let actions = ws
            .add_label_set_actions("certainty", vec![Kind::Quote])
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert_eq!(ws.document().schema.label_sets[1].name, "certainty");
        assert!(matches!(
            ws.add_label_set_actions("certainty", vec![]),
            Err(WorkspaceError::DuplicateLabelSet(_))
        ));
        assert!(matches!(
            ws.add_label_set_actions("quote_types", vec![]),
            Err(WorkspaceError::DuplicateLabelSet(_))
        ));
    }

    #[test]
    fn renaming_a_set_in_use_moves_the_choices_and_styles_and_undoes_as_one_step() {
        let mut ws = workspace();
        let actions = ws
            .rename_label_set_actions("event_type", "happening")
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert_eq!(ws.document().schema.label_sets.len(), 1);
        assert_eq!(ws.set_usage("happening"), 2);
        assert!(ws.document().schema.label_styles.contains_key("happening"));
        ws.undo().expect("undone");
        assert_eq!(ws.set_usage("event_type"), 2);
        assert_eq!(ws.document().schema.label_sets[0].name, "event_type");
    }

    #[test]
    fn renaming_and_removing_a_label_in_use_relabels_its_annotations() {
        let mut ws = workspace();
        let rename = ws
            .rename_set_label_actions("event_type", "meeting", "summit")
            .expect("planned");
        ws.apply_all(rename).expect("applied");
        assert_eq!(ws.set_label_usage("event_type", "summit"), 2);
        assert_eq!(
            ws.document().schema.label_sets[0].labels,
            ["summit", "vote"]
        );
        assert!(crate::style::label_style(&ws.document().schema, "event_type", "summit").is_some());

        let mut moved = ws.clone();
        let actions = moved
            .remove_set_label_actions("event_type", "summit", Some("vote"))
            .expect("planned");
        moved.apply_all(actions).expect("applied");
        assert_eq!(
            labels(&moved, "event_type"),
            [Some("vote".into()), Some("vote".into())]
        );

        let actions = ws
            .remove_set_label_actions("event_type", "summit", None)
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert_eq!(labels(&ws, "event_type"), [None, None]);
        assert_eq!(ws.document().schema.label_sets[0].labels, ["vote"]);
        assert!(ws.document().schema.label_styles.is_empty());
    }

    #[test]
    fn a_label_moves_only_to_another_label_of_its_set() {
        let ws = workspace();
        let to_itself = ws.remove_set_label_actions("event_type", "meeting", Some("meeting"));
        assert!(to_itself
            .unwrap_err()
            .to_string()
            .contains("expected one of: vote"));
        assert!(matches!(
            ws.remove_set_label_actions("event_type", "meeting", Some("summit")),
            Err(WorkspaceError::NoSetLabel { .. })
        ));
        assert!(matches!(
            ws.add_set_label_actions("event_type", "vote"),
            Err(WorkspaceError::DuplicateSetLabel { .. })
        ));
    }

    #[test]
    fn removing_a_set_in_use_takes_its_labels_off_the_annotations() {
        let mut ws = workspace();
        let actions = ws.remove_label_set_actions("event_type").expect("planned");
        ws.apply_all(actions).expect("applied");
        assert!(ws.document().schema.label_sets.is_empty());
        assert_eq!(labels(&ws, "event_type"), [None, None]);
        ws.undo().expect("undone");
        assert_eq!(ws.set_usage("event_type"), 2);
    }

    #[test]
    fn a_set_keeps_a_kind_whose_annotations_carry_its_labels() {
        let mut ws = workspace();
        let refused = ws.set_label_set_kinds_actions("event_type", vec![Kind::Quote]);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "2 annotations of kind 'event' carry labels of the set 'event_type'; take those labels off first"
        );
        let actions = ws
            .set_label_set_kinds_actions(
                "event_type",
                vec![Kind::Custom("event".into()), Kind::Quote],
            )
            .expect("planned");
        ws.apply_all(actions).expect("applied");
        assert_eq!(ws.document().schema.label_sets[0].kinds.len(), 2);
    }
}
