//! The label schema editor's messages and what the reducer makes of them:
//! adding, renaming and removing labels of the built-in label sets and
//! custom kinds, and the one-line guideline each carries (the schema's
//! `help`, shown on hover and focus). Every change is a workspace edit, so
//! it undoes like any other; removing a label or kind in use moves its
//! annotations to another, or takes it off them, in the same step
//! ([`attrib_core::workspace::Workspace::remove_label_actions`]).

use attrib_core::model::{Kind, Schema, Style};
use attrib_core::style::{self, KeyTarget};
use attrib_core::workspace::{Action, LabelSet, WorkspaceError};

use super::{capitalise, error, info, plural, AppState};

/// A schema edit from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchemaMsg {
    AddLabel {
        set: LabelSet,
        typed: String,
    },
    RenameLabel {
        set: LabelSet,
        from: String,
        typed: String,
    },
    /// Remove `label`; its annotations get `to`, or lose it (`None`).
    RemoveLabel {
        set: LabelSet,
        label: String,
        to: Option<String>,
    },
    AddKind {
        typed: String,
    },
    RenameKind {
        from: String,
        typed: String,
    },
    /// Remove the custom kind; its annotations move to `to`, or are
    /// removed (`None`).
    RemoveKind {
        name: String,
        to: Option<String>,
    },
    /// The guideline of a kind, label set or label (by its name); empty
    /// removes it.
    SetGuideline {
        key: String,
        typed: String,
    },
    /// The colour (`#rrggbb`) of a kind or label; `None` removes it.
    SetColour {
        target: KeyTarget,
        colour: Option<String>,
    },
    /// The shortcut key of a kind or label, as typed; empty removes it
    /// (a built-in kind then has its default key again).
    SetKey {
        target: KeyTarget,
        typed: String,
    },
    /// A label's shortcut key was pressed: set it on the chosen annotation.
    LabelChosen {
        set: String,
        label: String,
    },
    /// A further label set for `kind` (`None`: every kind).
    AddSet {
        typed: String,
        kind: Option<Kind>,
    },
    RenameSet {
        from: String,
        typed: String,
    },
    /// The set applies to `kind` (`on`) or no longer does.
    SetKindOfSet {
        set: String,
        kind: Kind,
        on: bool,
    },
    /// Remove the set, taking its labels off the annotations carrying them.
    RemoveSet {
        name: String,
    },
    AddSetLabel {
        set: String,
        typed: String,
    },
    RenameSetLabel {
        set: String,
        from: String,
        typed: String,
    },
    /// Remove `label` from the further set; its annotations get `to`, or
    /// lose it (`None`).
    RemoveSetLabel {
        set: String,
        label: String,
        to: Option<String>,
    },
}

/// Why `key` cannot be given to `target`: the app's own key, or another
/// kind's or label's; `None` when it is free (or already `target`'s).
pub(crate) fn key_clash(schema: &Schema, target: &KeyTarget, key: &str) -> Option<String> {
    if let Some(what) = style::reserved(key) {
        return Some(format!(
            "“{key}” is Attrib's key for {what}; choose another key."
        ));
    }
    match style::key_holder(schema, key) {
        Some(holder) if holder != *target => Some(format!(
            "“{key}” is already the key of {}; choose another key, or first give that one another.",
            readable(&style::describe(&holder))
        )),
        _ => None,
    }
}

/// A label from the schema as people read it: `law_rule` → `law rule`.
fn readable(label: &str) -> String {
    label.replace('_', " ")
}

/// A name as typed, made a label: trimmed, inner spaces as `_`
/// (`law rule` → `law_rule`); `None` when nothing is left.
pub(crate) fn label_name(typed: &str) -> Option<String> {
    let words: Vec<&str> = typed.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join("_"))
}

impl AppState {
    pub(crate) fn edit_schema(&mut self, msg: SchemaMsg) {
        match msg {
            SchemaMsg::AddLabel { set, typed } => {
                let Some(label) = label_name(&typed) else {
                    self.notice = Some(error(format!("Type the new {} first.", set.singular())));
                    return;
                };
                self.apply_schema(
                    vec![Action::AddLabel {
                        set,
                        label: label.clone(),
                    }],
                    format!("Added the {} “{label}”.", set.singular()),
                );
            }
            SchemaMsg::RenameLabel { set, from, typed } => {
                let Some(to) = label_name(&typed) else {
                    self.notice = Some(error(format!(
                        "A {} needs a name; “{from}” is unchanged.",
                        set.singular()
                    )));
                    return;
                };
                if to == from {
                    return;
                }
                let used = self.workspace.label_usage(set, &from);
                self.apply_schema(
                    vec![Action::RenameLabel {
                        set,
                        from: from.clone(),
                        to: to.clone(),
                    }],
                    format!(
                        "Renamed “{from}” to “{to}” ({} changed).",
                        plural(used, "annotation", "annotations")
                    ),
                );
            }
            SchemaMsg::RemoveLabel { set, label, to } => {
                let used = self.workspace.label_usage(set, &label);
                match self
                    .workspace
                    .remove_label_actions(set, &label, to.as_deref())
                {
                    Ok(actions) => {
                        let done = match (&to, used) {
                            (_, 0) => format!("Removed the {} “{label}”.", set.singular()),
                            (Some(to), n) => format!(
                                "Removed “{label}”; {} now {} “{to}”.",
                                plural(n, "annotation", "annotations"),
                                if n == 1 { "has" } else { "have" }
                            ),
                            (None, n) => format!(
                                "Removed “{label}” from the schema and from {}.",
                                plural(n, "annotation", "annotations")
                            ),
                        };
                        self.apply_schema(actions, done);
                    }
                    Err(e) => self.notice = Some(error(capitalise(&e.to_string()))),
                }
            }
            SchemaMsg::AddKind { typed } => {
                let Some(name) = label_name(&typed) else {
                    self.notice = Some(error("Type the new kind's name first."));
                    return;
                };
                if ["quote", "claim", "mention"].contains(&name.as_str()) {
                    self.notice = Some(error(format!(
                        "“{name}” is a built-in kind already; choose another name."
                    )));
                    return;
                }
                self.apply_schema(
                    vec![Action::AddCustomKind { name: name.clone() }],
                    format!("Added the kind “{name}”."),
                );
            }
            SchemaMsg::RenameKind { from, typed } => {
                let Some(to) = label_name(&typed) else {
                    self.notice = Some(error(format!(
                        "A kind needs a name; “{from}” is unchanged."
                    )));
                    return;
                };
                if to == from {
                    return;
                }
                self.apply_schema(
                    vec![Action::RenameCustomKind {
                        from: from.clone(),
                        to: to.clone(),
                    }],
                    format!("Renamed the kind “{from}” to “{to}”."),
                );
            }
            SchemaMsg::RemoveKind { name, to } => {
                let used = self.workspace.kind_usage(&name);
                match self.workspace.remove_kind_actions(&name, to.as_deref()) {
                    Ok(actions) => {
                        let done = match (&to, used) {
                            (_, 0) => format!("Removed the kind “{name}”."),
                            (Some(to), n) => format!(
                                "Removed the kind “{name}”; {} moved to “{to}”.",
                                plural(n, "annotation", "annotations")
                            ),
                            (None, n) => format!(
                                "Removed the kind “{name}” and its {}.",
                                plural(n, "annotation", "annotations")
                            ),
                        };
                        self.apply_schema(actions, done);
                    }
                    Err(e) => self.notice = Some(error(capitalise(&e.to_string()))),
                }
            }
            SchemaMsg::SetColour { .. }
            | SchemaMsg::SetKey { .. }
            | SchemaMsg::LabelChosen { .. }
            | SchemaMsg::AddSet { .. }
            | SchemaMsg::RenameSet { .. }
            | SchemaMsg::SetKindOfSet { .. }
            | SchemaMsg::RemoveSet { .. }
            | SchemaMsg::AddSetLabel { .. }
            | SchemaMsg::RenameSetLabel { .. }
            | SchemaMsg::RemoveSetLabel { .. } => self.edit_styles_and_sets(msg),
            SchemaMsg::SetGuideline { key, typed } => {
                let text = typed.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut schema = self.document().schema.clone();
                if schema.help.get(&key).map(String::as_str).unwrap_or("") == text {
                    return;
                }
                if text.is_empty() {
                    schema.help.remove(&key);
                } else {
                    schema.help.insert(key.clone(), text);
                }
                self.apply_schema(
                    vec![Action::SetSchema { schema }],
                    format!("Saved the guideline for “{key}”."),
                );
            }
        }
    }

    /// The style edits, label keys and further label sets.
    fn edit_styles_and_sets(&mut self, msg: SchemaMsg) {
        match msg {
            SchemaMsg::SetColour { target, colour } => {
                let colour = colour.map(|c| c.to_ascii_lowercase());
                if let Some(c) = &colour {
                    if style::parse_colour(c).is_none() {
                        self.notice = Some(error(format!(
                            "“{c}” is not a colour; choose one with the colour picker."
                        )));
                        return;
                    }
                }
                let what = readable(&style::describe(&target));
                let done = match &colour {
                    Some(c) => format!("Coloured {what} {c}."),
                    None => format!("Took the colour off {what}."),
                };
                self.restyle(&target, |s| s.colour = colour, done);
            }
            SchemaMsg::SetKey { target, typed } => {
                let what = readable(&style::describe(&target));
                if typed.trim().is_empty() {
                    let done = match &target {
                        KeyTarget::Kind(kind) => match style::default_key(kind) {
                            Some(k) => {
                                format!("{} has its own key “{k}” again.", capitalise(&what))
                            }
                            None => format!("Took the shortcut key off {what}."),
                        },
                        KeyTarget::Label { .. } => format!("Took the shortcut key off {what}."),
                    };
                    self.restyle(&target, |s| s.key = None, done);
                    return;
                }
                let key = match style::normalise_key(&typed) {
                    Ok(key) => key,
                    Err(why) => {
                        self.notice = Some(error(format!(
                            "{}; {what} keeps its key.",
                            capitalise(&why)
                        )));
                        return;
                    }
                };
                if let Some(why) = key_clash(&self.document().schema, &target, &key) {
                    self.notice = Some(error(why));
                    return;
                }
                if style::key_holder(&self.document().schema, &key).as_ref() == Some(&target) {
                    return;
                }
                let done = format!("Pressing “{key}” now stands for {what}.");
                self.restyle(&target, |s| s.key = Some(key), done);
            }
            SchemaMsg::LabelChosen { set, label } => self.choose_label(&set, &label),
            SchemaMsg::AddSet { typed, kind } => {
                let Some(name) = label_name(&typed) else {
                    self.notice = Some(error("Type the new label set's name first."));
                    return;
                };
                let for_kinds = kind
                    .as_ref()
                    .map(|k| format!("for {}", readable(k.as_str())))
                    .unwrap_or_else(|| "for every kind".into());
                let planned = self
                    .workspace
                    .add_label_set_actions(&name, kind.into_iter().collect());
                self.apply_planned(
                    planned,
                    format!("Added the label set “{name}” {for_kinds}; now give it labels."),
                );
            }
            SchemaMsg::RenameSet { from, typed } => {
                let Some(to) = label_name(&typed) else {
                    self.notice = Some(error(format!(
                        "A label set needs a name; “{from}” is unchanged."
                    )));
                    return;
                };
                let used = self.workspace.set_usage(&from);
                let planned = self.workspace.rename_label_set_actions(&from, &to);
                self.apply_planned(
                    planned,
                    format!(
                        "Renamed the label set “{from}” to “{to}” ({} changed).",
                        plural(used, "annotation", "annotations")
                    ),
                );
            }
            SchemaMsg::SetKindOfSet { set, kind, on } => {
                let Some(found) = self
                    .document()
                    .schema
                    .label_sets
                    .iter()
                    .find(|s| s.name == set)
                else {
                    return;
                };
                // No kind ticked means every kind: unticking one from there
                // leaves all the others; the last kind cannot be unticked
                // (that would widen the set to every kind).
                let order = self.document().schema.kinds();
                let mut kinds = if found.kinds.is_empty() && !on {
                    order.clone()
                } else {
                    found.kinds.clone()
                };
                kinds.retain(|k| *k != kind);
                if on {
                    kinds.push(kind.clone());
                } else if kinds.is_empty() {
                    self.notice = Some(error(format!(
                        "The label set “{set}” needs a kind: tick another kind first, or remove the set."
                    )));
                    return;
                }
                // In the schema's order (kinds it lacks first), without a
                // sort: each sort is another copy of the standard one.
                let mut ordered: Vec<Kind> = kinds
                    .iter()
                    .filter(|k| !order.contains(k))
                    .cloned()
                    .collect();
                ordered.extend(order.iter().filter(|o| kinds.contains(o)).cloned());
                let kinds = ordered;
                let planned = self.workspace.set_label_set_kinds_actions(&set, kinds);
                let done = format!(
                    "The label set “{set}” {} {}.",
                    if on {
                        "now applies to"
                    } else {
                        "no longer applies to"
                    },
                    readable(kind.as_str())
                );
                self.apply_planned(planned, done);
            }
            SchemaMsg::RemoveSet { name } => {
                let used = self.workspace.set_usage(&name);
                let planned = self.workspace.remove_label_set_actions(&name);
                let done = match used {
                    0 => format!("Removed the label set “{name}”."),
                    n => format!(
                        "Removed the label set “{name}” and its labels from {}.",
                        plural(n, "annotation", "annotations")
                    ),
                };
                self.apply_planned(planned, done);
            }
            SchemaMsg::AddSetLabel { set, typed } => {
                let Some(label) = label_name(&typed) else {
                    self.notice = Some(error(format!("Type the new label of “{set}” first.")));
                    return;
                };
                let planned = self.workspace.add_set_label_actions(&set, &label);
                self.apply_planned(planned, format!("Added the label “{label}” to “{set}”."));
            }
            SchemaMsg::RenameSetLabel { set, from, typed } => {
                let Some(to) = label_name(&typed) else {
                    self.notice = Some(error(format!(
                        "A label needs a name; “{from}” is unchanged."
                    )));
                    return;
                };
                if to == from {
                    return;
                }
                let used = self.workspace.set_label_usage(&set, &from);
                let planned = self.workspace.rename_set_label_actions(&set, &from, &to);
                self.apply_planned(
                    planned,
                    format!(
                        "Renamed “{from}” to “{to}” ({} changed).",
                        plural(used, "annotation", "annotations")
                    ),
                );
            }
            SchemaMsg::RemoveSetLabel { set, label, to } => {
                let used = self.workspace.set_label_usage(&set, &label);
                let planned = self
                    .workspace
                    .remove_set_label_actions(&set, &label, to.as_deref());
                let done = match (&to, used) {
                    (_, 0) => format!("Removed the label “{label}” of “{set}”."),
                    (Some(to), n) => format!(
                        "Removed “{label}”; {} now {} “{to}”.",
                        plural(n, "annotation", "annotations"),
                        if n == 1 { "has" } else { "have" }
                    ),
                    (None, n) => format!(
                        "Removed “{label}” from the schema and from {}.",
                        plural(n, "annotation", "annotations")
                    ),
                };
                self.apply_planned(planned, done);
            }
            // The schema's lists are edited in `edit_schema`.
            other => self.edit_schema(other),
        }
    }

    /// Sets one part of `target`'s style as `edit` says, in one undoable
    /// step, and says `done`.
    fn restyle(&mut self, target: &KeyTarget, edit: impl FnOnce(&mut Style), done: String) {
        let mut schema: Schema = self.document().schema.clone();
        match target {
            KeyTarget::Kind(kind) => style::set_style(&mut schema.kind_styles, kind.as_str(), edit),
            KeyTarget::Label { set, label } => {
                let styles = schema.label_styles.entry(set.clone()).or_default();
                style::set_style(styles, label, edit);
                if styles.is_empty() {
                    schema.label_styles.remove(set);
                }
            }
        }
        if schema == self.document().schema {
            return;
        }
        self.apply_schema(vec![Action::SetSchema { schema }], done);
    }

    /// Sets `label` of `set` on the chosen annotation (a label key).
    fn choose_label(&mut self, set: &str, label: &str) {
        let shown = readable(label);
        let Some(a) = self
            .focused
            .as_deref()
            .and_then(|id| self.document().annotation(id))
            .cloned()
        else {
            self.notice = Some(error(format!(
                "Choose an annotation first (click it, or press ] ), then press the key of “{shown}”."
            )));
            return;
        };
        let kind = readable(a.kind.as_str());
        let mut changed = a.clone();
        let applies = match set {
            "quote_types" => {
                a.kind == Kind::Quote && {
                    changed.quote_type = Some(label.to_string());
                    true
                }
            }
            "checkworthiness" => {
                a.kind == Kind::Claim && {
                    changed.checkworthiness = Some(label.to_string());
                    true
                }
            }
            "claim_types" => {
                a.kind == Kind::Claim && {
                    changed.claim_type = Some(label.to_string());
                    true
                }
            }
            "stance_labels" => {
                let Some(stance) = changed.stance.as_mut() else {
                    self.notice = Some(error(format!(
                        "This {kind} has no stance yet: give it a stance target in its editor \
                         (Enter), then press the key of “{shown}”."
                    )));
                    return;
                };
                stance.label = label.to_string();
                true
            }
            further => {
                let found = self
                    .document()
                    .schema
                    .label_sets
                    .iter()
                    .find(|s| s.name == further);
                let fits = found.is_some_and(|s| s.kinds.is_empty() || s.kinds.contains(&a.kind));
                if fits {
                    changed
                        .labels
                        .insert(further.to_string(), label.to_string());
                }
                fits
            }
        };
        if !applies {
            self.notice = Some(error(format!(
                "“{shown}” ({}) is not a label a {kind} can have; choose another annotation.",
                readable(set)
            )));
            return;
        }
        if changed == a {
            return;
        }
        self.apply_schema(
            vec![Action::UpdateAnnotation {
                annotation: changed,
            }],
            format!("Set “{shown}” on the {kind}."),
        );
    }

    /// Applies planned edits as one step, or says why they were refused.
    fn apply_planned(&mut self, planned: Result<Vec<Action>, WorkspaceError>, done: String) {
        match planned {
            Ok(actions) if actions.is_empty() => {}
            Ok(actions) => self.apply_schema(actions, done),
            Err(e) => self.notice = Some(error(format!("{}.", capitalise(&e.to_string())))),
        }
    }

    /// Applies the edits as one undoable step and says `done` if they
    /// were made (else why not, the document unchanged).
    fn apply_schema(&mut self, actions: Vec<Action>, done: String) {
        if self.edit(|ws| ws.apply_all(actions)) {
            self.notice = Some(info(done));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Msg, NoticeLevel};
    use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span};
    use attrib_core::text::Document;

    fn state() -> AppState {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "t".into(),
                ..Metadata::default()
            },
            Document::new("“Yes,” she said. “No,” he said."),
        );
        let mut a = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 6)]);
        a.quote_type = Some("direct".into());
        let mut b = Annotation::new("q2", Kind::Quote, vec![Span::new(17, 22)]);
        b.quote_type = Some("direct".into());
        doc.annotations = vec![a, b];
        AppState::with_document(doc)
    }

    fn schema(s: &mut AppState, msg: SchemaMsg) {
        s.update(Msg::Schema(msg));
    }

    fn notice(s: &AppState) -> String {
        s.notice.clone().map(|n| n.text).unwrap_or_default()
    }

    #[test]
    fn a_typed_label_becomes_a_name_with_underscores() {
        assert_eq!(label_name("  law  rule "), Some("law_rule".into()));
        assert_eq!(label_name("   "), None);
    }

    #[test]
    fn adding_and_renaming_a_label_say_what_changed() {
        let mut s = state();
        schema(
            &mut s,
            SchemaMsg::AddLabel {
                set: LabelSet::QuoteTypes,
                typed: "scare quote".into(),
            },
        );
        assert!(s
            .document()
            .schema
            .quote_types
            .contains(&"scare_quote".to_string()));
        schema(
            &mut s,
            SchemaMsg::RenameLabel {
                set: LabelSet::QuoteTypes,
                from: "direct".into(),
                typed: "verbatim".into(),
            },
        );
        assert_eq!(
            notice(&s),
            "Renamed “direct” to “verbatim” (2 annotations changed)."
        );
        assert_eq!(
            s.document().annotations[1].quote_type.as_deref(),
            Some("verbatim")
        );
        s.update(Msg::Undo);
        assert_eq!(
            s.document().annotations[1].quote_type.as_deref(),
            Some("direct")
        );
    }

    #[test]
    fn a_duplicate_or_empty_label_is_refused_and_the_schema_kept() {
        let mut s = state();
        let before = s.document().schema.clone();
        schema(
            &mut s,
            SchemaMsg::AddLabel {
                set: LabelSet::QuoteTypes,
                typed: "mixed".into(),
            },
        );
        assert_eq!(s.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
        assert!(
            notice(&s).contains("already in the schema"),
            "{}",
            notice(&s)
        );
        schema(
            &mut s,
            SchemaMsg::RenameLabel {
                set: LabelSet::QuoteTypes,
                from: "mixed".into(),
                typed: " ".into(),
            },
        );
        assert!(notice(&s).contains("needs a name"), "{}", notice(&s));
        assert_eq!(s.document().schema, before);
    }

    #[test]
    fn removing_a_label_in_use_moves_its_annotations_or_takes_it_off_them() {
        let mut s = state();
        schema(
            &mut s,
            SchemaMsg::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "direct".into(),
                to: Some("mixed".into()),
            },
        );
        assert_eq!(
            notice(&s),
            "Removed “direct”; 2 annotations now have “mixed”."
        );
        assert!(s
            .document()
            .annotations
            .iter()
            .all(|a| a.quote_type.as_deref() == Some("mixed")));
        s.update(Msg::Undo);
        schema(
            &mut s,
            SchemaMsg::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "direct".into(),
                to: None,
            },
        );
        assert_eq!(
            notice(&s),
            "Removed “direct” from the schema and from 2 annotations."
        );
        assert!(s
            .document()
            .annotations
            .iter()
            .all(|a| a.quote_type.is_none()));
    }

    #[test]
    fn custom_kinds_are_added_renamed_and_removed_but_not_the_built_in_ones() {
        let mut s = state();
        schema(
            &mut s,
            SchemaMsg::AddKind {
                typed: "quote".into(),
            },
        );
        assert!(notice(&s).contains("built-in kind"), "{}", notice(&s));
        schema(
            &mut s,
            SchemaMsg::AddKind {
                typed: "evidence".into(),
            },
        );
        schema(
            &mut s,
            SchemaMsg::RenameKind {
                from: "evidence".into(),
                typed: "source".into(),
            },
        );
        assert_eq!(s.document().schema.custom_kinds, vec!["source".to_string()]);
        schema(
            &mut s,
            SchemaMsg::RemoveKind {
                name: "source".into(),
                to: None,
            },
        );
        assert!(s.document().schema.custom_kinds.is_empty());
    }

    #[test]
    fn a_guideline_is_kept_in_the_schema_and_an_empty_one_removes_it() {
        let mut s = state();
        schema(
            &mut s,
            SchemaMsg::SetGuideline {
                key: "direct".into(),
                typed: "  The speaker's exact words. ".into(),
            },
        );
        assert_eq!(
            s.document().schema.help.get("direct").map(String::as_str),
            Some("The speaker's exact words.")
        );
        schema(
            &mut s,
            SchemaMsg::SetGuideline {
                key: "direct".into(),
                typed: "".into(),
            },
        );
        assert!(!s.document().schema.help.contains_key("direct"));
    }
}

#[cfg(test)]
mod style_and_set_tests {
    use super::*;
    use crate::state::{Msg, NoticeLevel};
    use attrib_core::model::{AnnotatedDocument, Annotation, Metadata, Span};
    use attrib_core::text::Document;

    /// A quote q1 (direct), a claim c1 and, after `with_event`, a custom
    /// kind `event` with an annotation e1.
    fn state() -> AppState {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "t".into(),
                ..Metadata::default()
            },
            Document::new("“Yes,” she said. The summit opens on Monday."),
        );
        doc.schema.custom_kinds.push("event".into());
        let mut q = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 6)]);
        q.quote_type = Some("direct".into());
        let c = Annotation::new("c1", Kind::Claim, vec![Span::new(17, 27)]);
        let e = Annotation::new("e1", Kind::Custom("event".into()), vec![Span::new(28, 33)]);
        doc.annotations = vec![q, c, e];
        AppState::with_document(doc)
    }

    fn send(s: &mut AppState, msg: SchemaMsg) {
        s.update(Msg::Schema(msg));
    }

    fn notice(s: &AppState) -> String {
        s.notice.clone().map(|n| n.text).unwrap_or_default()
    }

    fn is_error(s: &AppState) -> bool {
        s.notice.as_ref().map(|n| n.level) == Some(NoticeLevel::Error)
    }

    fn event() -> KeyTarget {
        KeyTarget::Kind(Kind::Custom("event".into()))
    }

    fn add_event_type(s: &mut AppState) {
        send(
            s,
            SchemaMsg::AddSet {
                typed: "event type".into(),
                kind: Some(Kind::Custom("event".into())),
            },
        );
        for label in ["meeting", "vote"] {
            send(
                s,
                SchemaMsg::AddSetLabel {
                    set: "event_type".into(),
                    typed: label.into(),
                },
            );
        }
    }

    #[test]
    fn a_key_of_the_app_or_of_another_kind_is_refused_with_its_owner_named() {
        let mut schema = Schema::default();
        schema.custom_kinds.push("event".into());
        let event = KeyTarget::Kind(Kind::Custom("event".into()));
        assert_eq!(
            key_clash(&schema, &event, "e").as_deref(),
            Some("“e” is Attrib's key for export; choose another key.")
        );
        assert_eq!(
            key_clash(&schema, &event, "q").as_deref(),
            Some(
                "“q” is already the key of the kind “quote”; choose another key, or first give \
                 that one another."
            )
        );
        assert_eq!(key_clash(&schema, &event, "x"), None);
        assert_eq!(key_clash(&schema, &KeyTarget::Kind(Kind::Quote), "q"), None);
    }

    #[test]
    fn a_colour_is_set_lowercased_refused_when_malformed_and_removed_again() {
        let mut s = state();
        send(
            &mut s,
            SchemaMsg::SetColour {
                target: event(),
                colour: Some("#CC79A7".into()),
            },
        );
        assert_eq!(notice(&s), "Coloured the kind “event” #cc79a7.");
        assert_eq!(
            s.document().schema.kind_styles["event"].colour.as_deref(),
            Some("#cc79a7")
        );
        send(
            &mut s,
            SchemaMsg::SetColour {
                target: event(),
                colour: Some("pink".into()),
            },
        );
        assert!(is_error(&s), "{}", notice(&s));
        send(
            &mut s,
            SchemaMsg::SetColour {
                target: event(),
                colour: None,
            },
        );
        assert!(s.document().schema.kind_styles.is_empty());
        s.update(Msg::Undo);
        assert!(s.document().schema.kind_styles.contains_key("event"));
    }

    #[test]
    fn a_key_is_refused_when_the_app_or_another_kind_has_it_and_cleared_to_the_default() {
        let mut s = state();
        let key = |s: &mut AppState, target: KeyTarget, typed: &str| {
            send(
                s,
                SchemaMsg::SetKey {
                    target,
                    typed: typed.into(),
                },
            )
        };
        key(&mut s, event(), "g");
        assert_eq!(
            notice(&s),
            "“g” is Attrib's key for suggestions; choose another key."
        );
        key(&mut s, event(), "Q");
        assert!(notice(&s).contains("already the key of the kind “quote”"));
        key(&mut s, event(), "xy");
        assert!(notice(&s).contains("not one letter"), "{}", notice(&s));
        assert!(s.document().schema.kind_styles.is_empty());
        key(&mut s, event(), "X");
        assert_eq!(notice(&s), "Pressing “x” now stands for the kind “event”.");
        key(&mut s, KeyTarget::Kind(Kind::Quote), "w");
        key(&mut s, KeyTarget::Kind(Kind::Claim), "q");
        assert_eq!(
            style::key_holder(&s.document().schema, "q"),
            Some(KeyTarget::Kind(Kind::Claim))
        );
        key(&mut s, KeyTarget::Kind(Kind::Claim), "");
        assert_eq!(notice(&s), "The kind “claim” has its own key “c” again.");
    }

    #[test]
    fn a_label_key_sets_its_label_on_the_chosen_annotation_of_a_kind_it_fits() {
        let mut s = state();
        add_event_type(&mut s);
        let choose = |s: &mut AppState| {
            send(
                s,
                SchemaMsg::LabelChosen {
                    set: "event_type".into(),
                    label: "meeting".into(),
                },
            )
        };
        choose(&mut s);
        assert!(notice(&s).starts_with("Choose an annotation first"));
        s.update(Msg::Focus(Some("q1".into())));
        choose(&mut s);
        assert!(
            notice(&s).contains("not a label a quote can have"),
            "{}",
            notice(&s)
        );
        s.update(Msg::Focus(Some("e1".into())));
        choose(&mut s);
        assert_eq!(notice(&s), "Set “meeting” on the event.");
        assert_eq!(
            s.document().annotation("e1").map(|a| a.labels.clone()),
            Some([("event_type".to_string(), "meeting".to_string())].into())
        );
        s.update(Msg::Focus(Some("q1".into())));
        send(
            &mut s,
            SchemaMsg::LabelChosen {
                set: "quote_types".into(),
                label: "mixed".into(),
            },
        );
        assert_eq!(
            s.document()
                .annotation("q1")
                .and_then(|a| a.quote_type.clone()),
            Some("mixed".into())
        );
        send(
            &mut s,
            SchemaMsg::LabelChosen {
                set: "stance_labels".into(),
                label: "favor".into(),
            },
        );
        assert!(notice(&s).contains("has no stance yet"), "{}", notice(&s));
    }

    #[test]
    fn a_label_set_is_added_renamed_given_kinds_and_its_labels_edited() {
        let mut s = state();
        add_event_type(&mut s);
        let set = &s.document().schema.label_sets[0];
        assert_eq!(set.name, "event_type");
        assert_eq!(set.kinds, [Kind::Custom("event".into())]);
        assert_eq!(set.labels, ["meeting", "vote"]);
        send(
            &mut s,
            SchemaMsg::AddSet {
                typed: "quote types".into(),
                kind: None,
            },
        );
        assert!(
            is_error(&s),
            "a built-in set's name is taken: {}",
            notice(&s)
        );
        s.update(Msg::Focus(Some("e1".into())));
        send(
            &mut s,
            SchemaMsg::LabelChosen {
                set: "event_type".into(),
                label: "meeting".into(),
            },
        );
        send(
            &mut s,
            SchemaMsg::RenameSet {
                from: "event_type".into(),
                typed: "happening".into(),
            },
        );
        assert_eq!(
            notice(&s),
            "Renamed the label set “event_type” to “happening” (1 annotation changed)."
        );
        let untick_event = |s: &mut AppState| {
            send(
                s,
                SchemaMsg::SetKindOfSet {
                    set: "happening".into(),
                    kind: Kind::Custom("event".into()),
                    on: false,
                },
            )
        };
        untick_event(&mut s);
        assert!(notice(&s).contains("needs a kind"), "{}", notice(&s));
        send(
            &mut s,
            SchemaMsg::SetKindOfSet {
                set: "happening".into(),
                kind: Kind::Claim,
                on: true,
            },
        );
        assert_eq!(
            s.document().schema.label_sets[0].kinds,
            [Kind::Claim, Kind::Custom("event".into())]
        );
        untick_event(&mut s);
        assert!(
            notice(&s).contains("take those labels off first"),
            "{}",
            notice(&s)
        );
        send(
            &mut s,
            SchemaMsg::RenameSetLabel {
                set: "happening".into(),
                from: "meeting".into(),
                typed: "summit".into(),
            },
        );
        assert_eq!(
            notice(&s),
            "Renamed “meeting” to “summit” (1 annotation changed)."
        );
        send(
            &mut s,
            SchemaMsg::RemoveSetLabel {
                set: "happening".into(),
                label: "summit".into(),
                to: Some("vote".into()),
            },
        );
        assert_eq!(notice(&s), "Removed “summit”; 1 annotation now has “vote”.");
        send(
            &mut s,
            SchemaMsg::RemoveSet {
                name: "happening".into(),
            },
        );
        assert_eq!(
            notice(&s),
            "Removed the label set “happening” and its labels from 1 annotation."
        );
        assert!(s.document().schema.label_sets.is_empty());
        assert!(s.document().annotations.iter().all(|a| a.labels.is_empty()));
        s.update(Msg::Undo);
        assert_eq!(
            s.document()
                .annotation("e1")
                .and_then(|a| a.labels.get("happening").cloned()),
            Some("vote".into())
        );
    }

    #[test]
    fn removing_a_label_of_a_further_set_from_its_annotations_clears_it() {
        let mut s = state();
        add_event_type(&mut s);
        s.update(Msg::Focus(Some("e1".into())));
        send(
            &mut s,
            SchemaMsg::LabelChosen {
                set: "event_type".into(),
                label: "vote".into(),
            },
        );
        send(
            &mut s,
            SchemaMsg::RemoveSetLabel {
                set: "event_type".into(),
                label: "vote".into(),
                to: None,
            },
        );
        assert_eq!(
            notice(&s),
            "Removed “vote” from the schema and from 1 annotation."
        );
        assert_eq!(s.document().schema.label_sets[0].labels, ["meeting"]);
    }
}

#[cfg(test)]
mod import_tests {
    use crate::state::{AppState, Msg};
    use attrib_core::model::{AnnotatedDocument, Metadata};
    use attrib_core::text::Document;
    use std::rc::Rc;

    #[test]
    fn opening_a_document_with_another_schema_says_what_differs() {
        let mut state = AppState::with_document(AnnotatedDocument::default());
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "other".into(),
                title: Some("Other".into()),
                ..Metadata::default()
            },
            Document::new("Some text."),
        );
        doc.schema.custom_kinds = vec!["aside".into()];
        doc.schema.quote_types.retain(|t| t != "mixed");
        state.update(Msg::Load(Rc::new(doc)));
        let said = state.notice.map(|n| n.text).unwrap_or_default();
        assert_eq!(
            said,
            "Loaded “Other”. Its label schema differs from the previous document's: \
             quote types: lacks “mixed”; custom kinds: adds “aside”."
        );
    }

    #[test]
    fn the_same_schema_is_not_mentioned() {
        let mut state = AppState::with_document(AnnotatedDocument::default());
        let doc = AnnotatedDocument::new(
            Metadata {
                id: "same".into(),
                title: Some("Same".into()),
                ..Metadata::default()
            },
            Document::new("Some text."),
        );
        state.update(Msg::Load(Rc::new(doc)));
        assert_eq!(
            state.notice.map(|n| n.text).as_deref(),
            Some("Loaded “Same”.")
        );
    }
}
