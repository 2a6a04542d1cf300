//! Wording and element ids that several components share: what a kind is
//! called and which highlight class it gets, how an annotation and its
//! stance are described, how a pending suggestion is described and drawn,
//! the ids focus moves between, and the list of shortcuts. Pure functions of
//! the document; no component state.

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Schema, StanceTarget};
use attrib_core::style;
use attrib_core::suggest::{Suggestion, Suggestions};

/// The annotation editor's element id; the panel row's button controls it.
pub(crate) const EDITOR_ID: &str = "annotation-editor";

/// The id of the annotations panel's button that chooses annotation `id`.
pub(crate) fn row_button_id(id: &str) -> String {
    format!("ann-go-{id}")
}

/// The id of the annotations panel's heading (focus lands there when no row is left).
pub(crate) const ANNOTATIONS_HEADING_ID: &str = "annotations-heading";

/// "Quote", "Claim", "Mention", or the custom kind's name, readable.
pub(crate) fn kind_name(kind: &Kind) -> String {
    match kind {
        Kind::Quote => "Quote".into(),
        Kind::Claim => "Claim".into(),
        Kind::Mention => "Mention".into(),
        Kind::Custom(k) => readable(k),
    }
}

/// The name of speaker `id`, or the id when no such speaker exists.
pub(crate) fn speaker_name(doc: &AnnotatedDocument, id: &str) -> String {
    doc.speaker(id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The stance as "against Russia".
pub(crate) fn stance_text(doc: &AnnotatedDocument, a: &Annotation) -> Option<String> {
    let stance = a.stance.as_ref()?;
    let target = match &stance.target {
        StanceTarget::Text(t) => t.clone(),
        StanceTarget::Speaker(id) => speaker_name(doc, id),
    };
    Some(format!("{} {target}", readable(&stance.label)))
}

/// The highlight class of a kind, shared with the annotation list's swatches.
pub(crate) fn kind_class(kind: &Kind) -> &'static str {
    match kind {
        Kind::Quote => "hl-quote",
        Kind::Claim => "hl-claim",
        Kind::Mention => "hl-mention",
        Kind::Custom(_) => "hl-custom",
    }
}

/// The class of a pending suggestion of a kind, in the article, the legend
/// and the Suggestions panel: dashed, never mistaken for an annotation.
pub(crate) fn suggestion_class(kind: &Kind) -> &'static str {
    match kind {
        Kind::Mention => "sg-mention",
        _ => "sg-quote",
    }
}

/// A suggestion in words, for accessible names and tips: "quote “We lost
/// the argument” by John Kerry", "mention “Kerry” of John Kerry". `excerpt`
/// is its text, shortened; the quotation marks around a quote are dropped,
/// so they do not double up.
pub(crate) fn suggestion_words(found: &Suggestions, s: &Suggestion, excerpt: &str) -> String {
    let kind = kind_name(&s.kind).to_lowercase();
    let excerpt = excerpt.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '“' | '”' | '"' | '‘' | '’' | '«' | '»' | '„' | ',')
    });
    match (found.speaker_of(s), &s.kind) {
        (Some(g), Kind::Mention) => format!("{kind} “{excerpt}” of {}", g.name),
        (Some(g), _) => format!("{kind} “{excerpt}” by {}", g.name),
        (None, _) => format!("{kind} “{excerpt}”, speaker unknown"),
    }
}

/// "Quote by John Kerry (direct) · stance: against Russia · note: …"
pub(crate) fn describe(doc: &AnnotatedDocument, a: &Annotation) -> String {
    let speaker_name = |id: &str| speaker_name(doc, id);
    let mut parts = Vec::new();
    let who = a.speaker.as_deref().map(speaker_name);
    parts.push(match (&a.kind, who) {
        (Kind::Quote, Some(w)) => format!("Quote by {w}"),
        (Kind::Quote, None) => "Quote, speaker not set".to_string(),
        (Kind::Claim, Some(w)) => format!("Claim by {w}"),
        (Kind::Claim, None) => "Claim by the article".to_string(),
        (Kind::Mention, Some(w)) => format!("Mention of {w}"),
        (Kind::Mention, None) => "Mention".to_string(),
        (Kind::Custom(k), Some(w)) => format!("{k} ({w})"),
        (Kind::Custom(k), None) => k.clone(),
    });
    for label in [&a.quote_type, &a.checkworthiness, &a.claim_type]
        .into_iter()
        .flatten()
    {
        parts.push(label.replace('_', " "));
    }
    if let Some(stance) = &a.stance {
        let target = match &stance.target {
            StanceTarget::Text(t) => t.clone(),
            StanceTarget::Speaker(id) => speaker_name(id),
        };
        parts.push(format!("stance: {} {target}", stance.label));
    }
    if !a.note.is_empty() {
        parts.push(format!("note: {}", a.note));
    }
    parts.join(" · ")
}

/// The schema's one-line guidelines (`help`) for what `a` is and carries:
/// its kind, then each label it has (quote type, check-worthiness, claim
/// type, stance label, the labels of further sets), each as "name: line".
/// Shown on hover over the highlight and in the annotation editor.
pub(crate) fn guidelines(doc: &AnnotatedDocument, a: &Annotation) -> Vec<String> {
    let help = &doc.schema.help;
    let names = std::iter::once(a.kind.as_str())
        .chain(
            [&a.quote_type, &a.checkworthiness, &a.claim_type]
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
        .chain(a.stance.as_ref().map(|s| s.label.as_str()))
        .chain(a.labels.values().map(String::as_str));
    let mut lines: Vec<String> = Vec::new();
    for name in names {
        if let Some(line) = help.get(name).filter(|l| !l.trim().is_empty()) {
            let line = format!("{}: {}", readable(name), line.trim());
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    lines
}

/// How many distinct schema colours the page can show at once; each has a
/// class (`hl-t0` …) whose rules in style.css read the custom properties
/// `--t0` (the tint) and `--t0s` (the solid colour) that
/// `hooks/colours.rs` sets on the page. Further colours draw the built-in
/// look.
pub(crate) const COLOUR_CLASSES: [&str; 12] = [
    "hl-t0", "hl-t1", "hl-t2", "hl-t3", "hl-t4", "hl-t5", "hl-t6", "hl-t7", "hl-t8", "hl-t9",
    "hl-t10", "hl-t11",
];

/// The colour class of annotation `a` (see [`COLOUR_CLASSES`]), when the
/// schema colours it.
pub(crate) fn colour_class(schema: &Schema, a: &Annotation) -> Option<&'static str> {
    let colour = style::annotation_colour(schema, a)?.to_ascii_lowercase();
    let slot = style::colours(schema).iter().position(|c| *c == colour)?;
    COLOUR_CLASSES.get(slot).copied()
}

/// The custom properties the colour classes read, for the schema's
/// colours in slot order: (`--t0`, tint), (`--t0s`, colour), …
pub(crate) fn colour_properties(schema: &Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (slot, colour) in style::colours(schema)
        .iter()
        .take(COLOUR_CLASSES.len())
        .enumerate()
    {
        if let Some(tint) = style::tint(colour) {
            out.push((format!("--t{slot}"), tint));
            out.push((format!("--t{slot}s"), colour.clone()));
        }
    }
    out
}

/// A label from the schema as people read it: `law_rule` → `law rule`.
pub(crate) fn readable(label: &str) -> String {
    label.replace('_', " ")
}

/// The app's own shortcuts before the schema's kind keys: moving about.
pub(crate) const MOVING_SHORTCUTS: &[(&str, &str)] = &[
    (
        "Tab / Shift+Tab",
        "Move between controls; Tab into the article to read it with a caret",
    ),
    (
        "Arrow keys",
        "Move the caret in the article (Ctrl+←/→ by word, ↑/↓ by line)",
    ),
    ("Shift+arrows", "Extend the selection from the caret"),
    ("Home / End", "Caret to the start or end of the line"),
];

/// The app's own marking keys, after the schema's kind keys.
pub(crate) const MARKING_SHORTCUTS: &[(&str, &str)] = &[
    (
        "a",
        "Add the selection as a further span of the chosen quote",
    ),
    (
        "v",
        "Make the selection the chosen quote's cue (reporting verb)",
    ),
];

/// The app's own shortcuts after the schema's keys.
pub(crate) const OTHER_SHORTCUTS: &[(&str, &str)] = &[
    ("] / [", "Choose the next or previous annotation"),
    ("Enter", "Edit the chosen annotation in the panel"),
    (
        "g",
        "Suggest quotes, cues and speakers (shown dashed, listed in the Suggestions panel)",
    ),
    (
        "y or Enter",
        "In the Suggestions panel: accept the suggestion (one undo step)",
    ),
    (
        "n or Delete",
        "In the Suggestions panel: reject the suggestion",
    ),
    (
        "↓ / ↑ or ] / [",
        "In the Suggestions panel: the next or previous suggestion",
    ),
    ("Delete", "Delete the chosen annotation"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("e", "Export"),
    (
        "Alt+↓ / Alt+↑",
        "In a corpus: the next or previous document",
    ),
    ("Alt+N", "In a corpus: the next document not done"),
    ("Alt+M", "In a corpus: mark the document done, or not done"),
    ("?", "Show this list"),
    ("Esc", "Close a dialog, or clear the selection"),
];

/// The key that marks `kind` under `schema` (q, c and s unless the schema
/// moves them), as the toolbar shows and announces it.
pub(crate) fn kind_shortcut(schema: &Schema, kind: &Kind) -> Option<String> {
    style::kind_key(schema, kind).map(str::to_string)
}

/// Every shortcut, for the help dialog: (keys, what it does). The keys of
/// the schema's kinds and labels are listed as `schema` gives them now.
pub(crate) fn shortcuts(schema: &Schema) -> Vec<(String, String)> {
    let own = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(k, what)| (k.to_string(), what.to_string()))
            .collect()
    };
    let mut out = own(MOVING_SHORTCUTS);
    let mut kind_keys = Vec::new();
    let mut label_rows = Vec::new();
    for (key, target) in style::keys(schema) {
        match target {
            style::KeyTarget::Kind(kind) => {
                let what = match &kind {
                    Kind::Quote => "Mark the selection as a quote (then name its speaker)".into(),
                    Kind::Claim => "Mark the selection as a claim".into(),
                    Kind::Mention => {
                        "Mark the selection as a speaker's name (creates or links the speaker)"
                            .into()
                    }
                    Kind::Custom(name) => format!("Mark the selection as {}", readable(name)),
                };
                out.push((key.clone(), what));
                kind_keys.push(key);
            }
            style::KeyTarget::Label { set, label } => label_rows.push((
                key,
                format!(
                    "Give the chosen annotation the label “{}” ({})",
                    readable(&label),
                    readable(&set)
                ),
            )),
        }
    }
    out.extend(own(MARKING_SHORTCUTS));
    kind_keys.extend(MARKING_SHORTCUTS.iter().map(|(k, _)| k.to_string()));
    out.push((
        format!("Alt + {}", kind_keys.join(", ")),
        "The same, without snapping the selection to whole words".into(),
    ));
    out.extend(label_rows);
    out.extend(own(OTHER_SHORTCUTS));
    out
}

/// What the app says when a saved document's undo history could not be
/// read (`why`) and the document was opened without it.
pub(crate) fn history_dropped(why: &str) -> String {
    format!(
        "The undo history of this document was damaged ({why}), so it was left out: the \
         document itself is intact and open, and undo starts again from here."
    )
}

/// What an edit changed in the annotation list, found by comparing the
/// lists from both ends: the annotations that went (from `before`) and
/// those that came (in `after`), each a run between the common prefix and
/// suffix. An annotation edited in place is in both.
pub(crate) fn changed_annotations<'a>(
    before: &'a AnnotatedDocument,
    after: &'a AnnotatedDocument,
) -> (&'a [Annotation], &'a [Annotation]) {
    let (old, new) = (&before.annotations, &after.annotations);
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample with the quote's key moved to w and the label "direct"
    /// keyed 1, through the editor's messages.
    fn rekeyed() -> Schema {
        use crate::state::{AppState, Msg, SchemaMsg};
        use attrib_core::style::KeyTarget;
        let mut state = AppState::with_document(crate::state::sample_document());
        for (target, key) in [
            (KeyTarget::Kind(Kind::Quote), "w"),
            (
                KeyTarget::Label {
                    set: "quote_types".into(),
                    label: "direct".into(),
                },
                "1",
            ),
        ] {
            state.update(Msg::Schema(SchemaMsg::SetKey {
                target,
                typed: key.into(),
            }));
        }
        state.document().schema.clone()
    }

    #[test]
    fn the_toolbar_names_the_keys_the_schema_gives_the_kinds() {
        let schema = rekeyed();
        assert_eq!(kind_shortcut(&schema, &Kind::Quote).as_deref(), Some("w"));
        assert_eq!(kind_shortcut(&schema, &Kind::Claim).as_deref(), Some("c"));
        assert_eq!(
            kind_shortcut(&Schema::default(), &Kind::Quote).as_deref(),
            Some("q")
        );
        assert_eq!(
            kind_shortcut(&Schema::default(), &Kind::Custom("event".into())),
            None
        );
    }

    #[test]
    fn the_shortcut_list_gives_the_schemas_kind_and_label_keys_as_they_are() {
        let rows = shortcuts(&rekeyed());
        let keys_of = |what: &str| -> Vec<&str> {
            rows.iter()
                .filter(|(_, w)| w.starts_with(what))
                .map(|(k, _)| k.as_str())
                .collect()
        };
        assert_eq!(keys_of("Mark the selection as a quote"), ["w"]);
        assert_eq!(keys_of("Mark the selection as a claim"), ["c"]);
        assert_eq!(
            keys_of("Give the chosen annotation the label “direct” (quote types)"),
            ["1"]
        );
        assert_eq!(
            keys_of("The same, without snapping"),
            ["Alt + w, c, s, a, v"]
        );
        assert!(rows.iter().all(|(k, _)| k != "q"), "{rows:?}");
        // Without a schema of its own: q, c, s and no label keys.
        let plain = shortcuts(&Schema::default());
        let own = MOVING_SHORTCUTS.len() + MARKING_SHORTCUTS.len() + OTHER_SHORTCUTS.len();
        assert_eq!(plain.len(), own + 4);
        assert!(plain.iter().any(|(k, _)| k == "Alt + q, c, s, a, v"));
    }

    #[test]
    fn each_colour_gets_its_own_class_and_properties() {
        let mut schema = Schema::default();
        schema.kind_styles.insert(
            "quote".into(),
            attrib_core::model::Style {
                colour: Some("#CC79A7".into()),
                key: None,
            },
        );
        let quote = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 1)]);
        let claim = Annotation::new("c1", Kind::Claim, vec![Span::new(0, 1)]);
        assert_eq!(colour_class(&schema, &quote), Some("hl-t0"));
        assert_eq!(colour_class(&schema, &claim), None);
        assert_eq!(
            colour_properties(&schema),
            [
                ("--t0".to_string(), "rgba(204, 121, 167, 0.35)".to_string()),
                ("--t0s".to_string(), "#cc79a7".to_string()),
            ]
        );
    }
    use attrib_core::model::{Metadata, Span};
    use attrib_core::Document;

    #[test]
    fn guidelines_name_the_kind_and_each_label_carried() {
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new("a b"));
        doc.schema
            .help
            .insert("quote".into(), "What someone said.".into());
        doc.schema
            .help
            .insert("direct".into(), " In quotation marks. ".into());
        doc.schema
            .help
            .insert("indirect".into(), "Reported.".into());
        doc.schema
            .help
            .insert("anonymous".into(), "No name given.".into());
        let mut quote = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 1)]);
        assert_eq!(guidelines(&doc, &quote), ["quote: What someone said."]);
        quote.quote_type = Some("direct".into());
        quote
            .labels
            .insert("source_type".into(), "anonymous".into());
        assert_eq!(
            guidelines(&doc, &quote),
            [
                "quote: What someone said.",
                "direct: In quotation marks.",
                "anonymous: No name given."
            ]
        );
        let claim = Annotation::new("c1", Kind::Claim, vec![Span::new(0, 1)]);
        assert!(guidelines(&doc, &claim).is_empty());
    }
}
