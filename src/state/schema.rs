//! The label schema editor's messages and what the reducer makes of them:
//! adding, renaming and removing labels of the built-in label sets and
//! custom kinds, and the one-line guideline each carries (the schema's
//! `help`, shown on hover and focus). Every change is a workspace edit, so
//! it undoes like any other; removing a label or kind in use moves its
//! annotations to another, or takes it off them, in the same step
//! ([`attrib_core::workspace::Workspace::remove_label_actions`]).

use attrib_core::workspace::{Action, LabelSet};

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
