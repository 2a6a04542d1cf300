//! What differs between two label schemas, in words: said when a file
//! whose schema is not the one in use is opened, so that a label or kind
//! that appears or disappears with it is never a surprise.

use std::collections::BTreeMap;

use crate::model::{Schema, Style};

/// Each difference of `theirs` from `ours`, one line per list: `quote
/// types: adds “scare”; lacks “mixed”`, then the colours and shortcut keys
/// that differ, as the file has them (`colours: “event” #cc79a7`). Empty
/// when the lists of labels and kinds and their styles are the same (order
/// and guidelines aside).
pub fn schema_differences(ours: &Schema, theirs: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let lists: [(&str, &[String], &[String]); 5] = [
        ("quote types", &ours.quote_types, &theirs.quote_types),
        ("stance labels", &ours.stance_labels, &theirs.stance_labels),
        (
            "check-worthiness",
            &ours.checkworthiness,
            &theirs.checkworthiness,
        ),
        ("claim types", &ours.claim_types, &theirs.claim_types),
        ("custom kinds", &ours.custom_kinds, &theirs.custom_kinds),
    ];
    for (name, mine, other) in lists {
        if let Some(line) = compare(name, mine, other) {
            out.push(line);
        }
    }
    for set in &theirs.label_sets {
        match ours.label_sets.iter().find(|s| s.name == set.name) {
            None => out.push(format!("label set “{}”: new", set.name)),
            Some(mine) => {
                if let Some(line) = compare(
                    &format!("label set “{}”", set.name),
                    &mine.labels,
                    &set.labels,
                ) {
                    out.push(line);
                }
            }
        }
    }
    for set in &ours.label_sets {
        if !theirs.label_sets.iter().any(|s| s.name == set.name) {
            out.push(format!("label set “{}”: missing", set.name));
        }
    }
    out.extend(style_differences(ours, theirs));
    out
}

/// The kinds and labels whose colour, and those whose shortcut key, differ
/// (one line each), named as “kind” or “set: label”.
fn style_differences(ours: &Schema, theirs: &Schema) -> Vec<String> {
    let mut named: Vec<(String, Option<&Style>, Option<&Style>)> = Vec::new();
    let kinds = union(ours.kind_styles.keys(), theirs.kind_styles.keys());
    for kind in kinds {
        named.push((
            kind.clone(),
            ours.kind_styles.get(kind),
            theirs.kind_styles.get(kind),
        ));
    }
    let sets = union(ours.label_styles.keys(), theirs.label_styles.keys());
    let empty = BTreeMap::new();
    for set in sets {
        let mine = ours.label_styles.get(set).unwrap_or(&empty);
        let other = theirs.label_styles.get(set).unwrap_or(&empty);
        let labels = union(mine.keys(), other.keys());
        for label in labels {
            named.push((format!("{set}: {label}"), mine.get(label), other.get(label)));
        }
    }
    let differ = |part: fn(&Style) -> Option<&String>| -> Vec<String> {
        named
            .iter()
            .filter(|(_, a, b)| a.and_then(|s| part(s)) != b.and_then(|s| part(s)))
            .map(|(name, _, b)| match b.and_then(|s| part(s)) {
                Some(value) => format!("“{name}” {value}"),
                None => format!("“{name}” none"),
            })
            .collect()
    };
    let mut out = Vec::new();
    let colours = differ(|s| s.colour.as_ref());
    if !colours.is_empty() {
        out.push(format!("colours: {}", colours.join(", ")));
    }
    let keys = differ(|s| s.key.as_ref());
    if !keys.is_empty() {
        out.push(format!("shortcut keys: {}", keys.join(", ")));
    }
    out
}

/// The names in `a` or `b` (each a map's sorted keys), sorted, each once;
/// merged by insertion rather than collected into a set, which would be
/// one more copy of the standard sort in the app.
fn union<'a>(
    a: impl Iterator<Item = &'a String>,
    b: impl Iterator<Item = &'a String>,
) -> Vec<&'a String> {
    let mut out: Vec<&String> = a.collect();
    for name in b {
        if let Err(at) = out.binary_search(&name) {
            out.insert(at, name);
        }
    }
    out
}

fn compare(name: &str, mine: &[String], theirs: &[String]) -> Option<String> {
    let quoted = |labels: Vec<&String>| {
        labels
            .iter()
            .map(|l| format!("“{l}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let adds: Vec<&String> = theirs.iter().filter(|l| !mine.contains(l)).collect();
    let lacks: Vec<&String> = mine.iter().filter(|l| !theirs.contains(l)).collect();
    let mut parts = Vec::new();
    if !adds.is_empty() {
        parts.push(format!("adds {}", quoted(adds)));
    }
    if !lacks.is_empty() {
        parts.push(format!("lacks {}", quoted(lacks)));
    }
    (!parts.is_empty()).then(|| format!("{name}: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, LabelSet};

    #[test]
    fn the_same_labels_in_another_order_do_not_differ() {
        let ours = Schema::default();
        let mut theirs = Schema::default();
        theirs.quote_types.reverse();
        theirs.help.insert("direct".into(), "Exact words.".into());
        assert!(schema_differences(&ours, &theirs).is_empty());
    }

    #[test]
    fn added_and_missing_labels_kinds_and_sets_are_each_named() {
        let mut ours = Schema::default();
        ours.label_sets.push(LabelSet {
            name: "evidence".into(),
            kinds: vec![Kind::Claim],
            labels: vec!["yes".into(), "no".into()],
        });
        let theirs = Schema {
            quote_types: vec!["direct".into(), "indirect".into(), "scare".into()],
            custom_kinds: vec!["aside".into()],
            label_sets: vec![LabelSet {
                name: "source_type".into(),
                kinds: vec![Kind::Quote],
                labels: vec!["named".into()],
            }],
            ..Schema::default()
        };
        assert_eq!(
            schema_differences(&ours, &theirs),
            vec![
                "quote types: adds “scare”; lacks “mixed”",
                "custom kinds: adds “aside”",
                "label set “source_type”: new",
                "label set “evidence”: missing",
            ]
        );
    }

    #[test]
    fn colours_and_keys_that_differ_are_named_with_the_files_value() {
        let mut ours = Schema::default();
        ours.kind_styles.insert(
            "quote".into(),
            Style {
                colour: Some("#0072b2".into()),
                key: Some("w".into()),
            },
        );
        let mut theirs = ours.clone();
        assert!(schema_differences(&ours, &theirs).is_empty());
        theirs.kind_styles.insert(
            "quote".into(),
            Style {
                colour: Some("#cc79a7".into()),
                key: Some("w".into()),
            },
        );
        theirs
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert(
                "direct".into(),
                Style {
                    colour: None,
                    key: Some("1".into()),
                },
            );
        assert_eq!(
            schema_differences(&ours, &theirs),
            vec![
                "colours: “quote” #cc79a7",
                "shortcut keys: “quote_types: direct” 1",
            ]
        );
        assert_eq!(
            schema_differences(&theirs, &ours),
            vec![
                "colours: “quote” #0072b2",
                "shortcut keys: “quote_types: direct” none",
            ]
        );
    }
}
