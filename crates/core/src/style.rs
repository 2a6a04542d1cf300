//! The colours and shortcut keys of a label schema ([`Schema::kind_styles`],
//! [`Schema::label_styles`]): which kind or label a key stands for, the
//! default keys of the built-in kinds, what a valid key and colour are, an
//! annotation's colour, the tint a colour is drawn with (readable under
//! black or white text whatever the colour), and keeping styles in step
//! when a kind, label or label set is renamed or removed.

use crate::model::{Annotation, Kind, Schema, Style};

/// The names of the built-in label sets in [`Schema::label_styles`], which
/// are the native format's field names.
pub const BUILT_IN_SETS: [&str; 4] = [
    "quote_types",
    "stance_labels",
    "checkworthiness",
    "claim_types",
];

/// How strongly a colour tints a highlight's background: light enough that
/// black text on it (over a white page) keeps a contrast of at least 7:1
/// for every colour, and white text over a black page keeps 4.5:1.
pub const TINT_ALPHA: f64 = 0.35;

/// What a shortcut key stands for: marking a kind, or setting a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyTarget {
    Kind(Kind),
    Label { set: String, label: String },
}

/// The single keys the app keeps for itself, with what each does; a
/// schema's kind or label cannot take one (`validate` says so). q, c and s
/// are the built-in kinds' keys, which the schema may move.
pub const RESERVED_KEYS: &[(&str, &str)] = &[
    ("a", "adding a span to the chosen quote"),
    ("v", "making the selection a cue"),
    ("e", "export"),
    ("g", "suggestions"),
    ("y", "accepting a suggestion"),
    (
        "n",
        "rejecting a suggestion and, with Alt, the next document not done",
    ),
    ("m", "marking a document done (with Alt)"),
];

/// What the app does with `key` when it keeps it for itself.
pub fn reserved(key: &str) -> Option<&'static str> {
    RESERVED_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, what)| *what)
}

/// The key a built-in kind has when the schema gives it none.
pub fn default_key(kind: &Kind) -> Option<&'static str> {
    match kind {
        Kind::Quote => Some("q"),
        Kind::Claim => Some("c"),
        Kind::Mention => Some("s"),
        Kind::Custom(_) => None,
    }
}

/// A typed key made a shortcut key: one Latin letter (lowercased) or
/// digit; otherwise what is wrong, in words.
pub fn normalise_key(typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    let mut chars = typed.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Ok(c.to_ascii_lowercase().to_string()),
        (None, _) => Err("no key was typed".into()),
        _ => Err(format!(
            "“{typed}” is not one letter a–z or digit 0–9; a shortcut key is one of those"
        )),
    }
}

/// `#rrggbb` as its three channels; `None` for anything else.
pub fn parse_colour(colour: &str) -> Option<(u8, u8, u8)> {
    let hex = colour.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// The labels of the set called `set`: a built-in one by its field name,
/// else a further label set by its name.
pub fn set_labels<'a>(schema: &'a Schema, set: &str) -> Option<&'a [String]> {
    match set {
        "quote_types" => Some(&schema.quote_types),
        "stance_labels" => Some(&schema.stance_labels),
        "checkworthiness" => Some(&schema.checkworthiness),
        "claim_types" => Some(&schema.claim_types),
        _ => schema
            .label_sets
            .iter()
            .find(|s| s.name == set)
            .map(|s| s.labels.as_slice()),
    }
}

/// The style of a kind, if the schema gives it one.
pub fn kind_style<'a>(schema: &'a Schema, kind: &Kind) -> Option<&'a Style> {
    schema.kind_styles.get(kind.as_str())
}

/// The style of `label` in `set`, if the schema gives it one.
pub fn label_style<'a>(schema: &'a Schema, set: &str, label: &str) -> Option<&'a Style> {
    schema.label_styles.get(set).and_then(|s| s.get(label))
}

/// The key that marks `kind`: its own, else the built-in default.
pub fn kind_key<'a>(schema: &'a Schema, kind: &Kind) -> Option<&'a str> {
    kind_style(schema, kind)
        .and_then(|s| s.key.as_deref())
        .or_else(|| default_key(kind))
}

/// Every key in use, with what it stands for: the kinds (in the schema's
/// order), then the labels of each set. Styles of kinds or labels the
/// schema no longer has are left out.
pub fn keys(schema: &Schema) -> Vec<(String, KeyTarget)> {
    let mut out = Vec::new();
    for kind in schema.kinds() {
        if let Some(key) = kind_key(schema, &kind) {
            out.push((key.to_string(), KeyTarget::Kind(kind)));
        }
    }
    for (set, styles) in &schema.label_styles {
        let Some(labels) = set_labels(schema, set) else {
            continue;
        };
        for (label, style) in styles {
            if let (Some(key), true) = (&style.key, labels.contains(label)) {
                out.push((
                    key.clone(),
                    KeyTarget::Label {
                        set: set.clone(),
                        label: label.clone(),
                    },
                ));
            }
        }
    }
    out
}

/// What `key` stands for in `schema`, if anything.
pub fn key_holder(schema: &Schema, key: &str) -> Option<KeyTarget> {
    keys(schema)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, target)| target)
}

/// The colour `a` is drawn in: that of the first of its labels that has
/// one (quote type, check-worthiness, claim type, stance, then the further
/// sets), else its kind's; `None` for the built-in look.
pub fn annotation_colour<'a>(schema: &'a Schema, a: &Annotation) -> Option<&'a str> {
    let builtin = [
        ("quote_types", a.quote_type.as_deref()),
        ("checkworthiness", a.checkworthiness.as_deref()),
        ("claim_types", a.claim_type.as_deref()),
        ("stance_labels", a.stance.as_ref().map(|s| s.label.as_str())),
    ];
    let further = a.labels.iter().map(|(s, l)| (s.as_str(), Some(l.as_str())));
    builtin
        .into_iter()
        .chain(further)
        .filter_map(|(set, label)| label_style(schema, set, label?))
        .find_map(|s| s.colour.as_deref())
        .or_else(|| kind_style(schema, &a.kind).and_then(|s| s.colour.as_deref()))
}

/// Every distinct colour the schema gives, lowercased and sorted.
pub fn colours(schema: &Schema) -> Vec<String> {
    let all: Vec<String> = schema
        .kind_styles
        .values()
        .chain(schema.label_styles.values().flat_map(|m| m.values()))
        .filter_map(|s| s.colour.as_deref())
        .map(str::to_ascii_lowercase)
        .collect();
    // Sorted by insertion: a sort here would be one more copy of the
    // standard sort in the app (there are at most a few dozen colours).
    let mut sorted: Vec<String> = Vec::with_capacity(all.len());
    for colour in all {
        if let Err(at) = sorted.binary_search(&colour) {
            sorted.insert(at, colour);
        }
    }
    sorted
}

/// The CSS tint a highlight in `colour` gets: the colour at
/// [`TINT_ALPHA`], `rgba(r, g, b, 0.35)`; `None` for no valid colour.
pub fn tint(colour: &str) -> Option<String> {
    let (r, g, b) = parse_colour(colour)?;
    Some(format!("rgba({r}, {g}, {b}, {TINT_ALPHA})"))
}

/// The colour the tint of `colour` makes over a page of colour `page`.
pub fn tinted_over(colour: (u8, u8, u8), page: (u8, u8, u8)) -> (f64, f64, f64) {
    let mix = |c: u8, p: u8| TINT_ALPHA * f64::from(c) + (1.0 - TINT_ALPHA) * f64::from(p);
    (
        mix(colour.0, page.0),
        mix(colour.1, page.1),
        mix(colour.2, page.2),
    )
}

/// The WCAG 2 contrast ratio of two colours (channels 0–255).
pub fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
        let lin = |c: f64| {
            let c = c / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Sets (or with `None` clears) one part of a style in `map[name]`,
/// dropping a style left empty.
pub fn set_style(
    map: &mut std::collections::BTreeMap<String, Style>,
    name: &str,
    edit: impl FnOnce(&mut Style),
) {
    let mut style = map.remove(name).unwrap_or_default();
    edit(&mut style);
    if !style.is_empty() {
        map.insert(name.to_string(), style);
    }
}

/// Moves the style of kind `from` to `to` (a renamed kind).
pub fn rename_kind(schema: &mut Schema, from: &str, to: &str) {
    if let Some(style) = schema.kind_styles.remove(from) {
        schema.kind_styles.insert(to.to_string(), style);
    }
}

/// Moves the style of `from` in `set` to `to` (a renamed label).
pub fn rename_label(schema: &mut Schema, set: &str, from: &str, to: &str) {
    if let Some(styles) = schema.label_styles.get_mut(set) {
        if let Some(style) = styles.remove(from) {
            styles.insert(to.to_string(), style);
        }
    }
}

/// Drops the style of `label` in `set` (a removed label).
pub fn remove_label(schema: &mut Schema, set: &str, label: &str) {
    if let Some(styles) = schema.label_styles.get_mut(set) {
        styles.remove(label);
        if styles.is_empty() {
            schema.label_styles.remove(set);
        }
    }
}

/// Each problem with the schema's styles, as (path, message): a colour
/// that is not `#rrggbb`, a key that is not one letter or digit, and two
/// kinds or labels with the same key.
pub fn problems(schema: &Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut check = |path: String, style: &Style| {
        if let Some(colour) = &style.colour {
            if parse_colour(colour).is_none() {
                out.push((
                    format!("{path}.colour"),
                    format!("colour {colour:?} is not a colour; expected #rrggbb, such as #0072b2"),
                ));
            }
        }
        if let Some(key) = &style.key {
            if normalise_key(key).as_deref() != Ok(key.as_str()) {
                out.push((
                    format!("{path}.key"),
                    format!("shortcut key {key:?} is not one lowercase letter a–z or digit 0–9"),
                ));
            }
        }
    };
    for (name, style) in &schema.kind_styles {
        check(format!("schema.kind_styles.{name}"), style);
    }
    for (set, styles) in &schema.label_styles {
        for (label, style) in styles {
            check(format!("schema.label_styles.{set}.{label}"), style);
        }
    }
    let all = keys(schema);
    for (i, (key, target)) in all.iter().enumerate() {
        let path = || match target {
            KeyTarget::Kind(kind) => format!("schema.kind_styles.{kind}.key"),
            KeyTarget::Label { set, label } => format!("schema.label_styles.{set}.{label}.key"),
        };
        if let Some(what) = reserved(key) {
            out.push((
                path(),
                format!(
                    "shortcut key '{key}' is Attrib's own key for {what}; give {} another key, or none",
                    describe(target)
                ),
            ));
        } else if let Some((_, first)) = all[..i].iter().find(|(k, _)| k == key) {
            out.push((
                path(),
                format!(
                    "shortcut key '{key}' is also the key of {}; expected each key once: give one of them another key, or none",
                    describe(first)
                ),
            ));
        }
    }
    out
}

/// "the kind quote", "the label direct of quote_types".
pub fn describe(target: &KeyTarget) -> String {
    match target {
        KeyTarget::Kind(kind) => format!("the kind “{kind}”"),
        KeyTarget::Label { set, label } => format!("the label “{label}” of “{set}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LabelSet, Span};

    fn keyed(key: &str) -> Style {
        Style {
            key: Some(key.into()),
            colour: None,
        }
    }

    #[test]
    fn the_built_in_kinds_keep_their_keys_until_given_others() {
        let mut schema = Schema::default();
        assert_eq!(key_holder(&schema, "q"), Some(KeyTarget::Kind(Kind::Quote)));
        schema.kind_styles.insert("quote".into(), keyed("w"));
        assert_eq!(key_holder(&schema, "q"), None);
        assert_eq!(key_holder(&schema, "w"), Some(KeyTarget::Kind(Kind::Quote)));
        assert_eq!(
            key_holder(&schema, "s"),
            Some(KeyTarget::Kind(Kind::Mention))
        );
    }

    #[test]
    fn a_label_key_counts_only_while_the_label_is_in_its_set() {
        let mut schema = Schema::default();
        schema.custom_kinds.push("event".into());
        schema.label_sets.push(LabelSet {
            name: "event_type".into(),
            kinds: vec![Kind::Custom("event".into())],
            labels: vec!["meeting".into()],
        });
        schema
            .label_styles
            .entry("event_type".into())
            .or_default()
            .insert("meeting".into(), keyed("1"));
        schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert("gone".into(), keyed("2"));
        assert_eq!(
            key_holder(&schema, "1"),
            Some(KeyTarget::Label {
                set: "event_type".into(),
                label: "meeting".into()
            })
        );
        assert_eq!(key_holder(&schema, "2"), None);
    }

    #[test]
    fn keys_are_one_letter_or_digit_and_colours_six_hex_digits() {
        assert_eq!(normalise_key(" X "), Ok("x".into()));
        assert_eq!(normalise_key("7"), Ok("7".into()));
        assert!(normalise_key("xy").unwrap_err().contains("not one letter"));
        assert!(normalise_key("é").is_err());
        assert!(normalise_key("").is_err());
        assert_eq!(parse_colour("#0072B2"), Some((0, 0x72, 0xb2)));
        assert_eq!(parse_colour("#072"), None);
        assert_eq!(parse_colour("red"), None);
        assert_eq!(tint("#ff8000").as_deref(), Some("rgba(255, 128, 0, 0.35)"));
    }

    #[test]
    fn a_duplicate_key_bad_key_or_bad_colour_is_a_problem() {
        let mut schema = Schema::default();
        schema.custom_kinds.push("event".into());
        schema.kind_styles.insert("event".into(), keyed("c"));
        schema.kind_styles.insert(
            "claim".into(),
            Style {
                colour: Some("orange".into()),
                key: Some("CC".into()),
            },
        );
        let found = problems(&schema);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "schema.kind_styles.claim.colour",
                "schema.kind_styles.claim.key"
            ]
        );
        schema.kind_styles.remove("claim");
        let found = problems(&schema);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "schema.kind_styles.event.key");
        assert!(found[0].1.contains("the kind “claim”"), "{}", found[0].1);
    }

    #[test]
    fn a_key_the_app_keeps_for_itself_is_a_problem_saying_what_to_do() {
        let mut schema = Schema::default();
        schema.custom_kinds.push("event".into());
        schema.kind_styles.insert("event".into(), keyed("e"));
        schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert("direct".into(), keyed("v"));
        let found = problems(&schema);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "schema.kind_styles.event.key",
                "schema.label_styles.quote_types.direct.key"
            ]
        );
        assert_eq!(
            found[0].1,
            "shortcut key 'e' is Attrib's own key for export; give the kind “event” another key, or none"
        );
        assert!(
            found[1].1.contains("making the selection a cue"),
            "{}",
            found[1].1
        );
        schema.kind_styles.insert("event".into(), keyed("x"));
        schema.label_styles.clear();
        assert_eq!(problems(&schema), vec![]);
    }

    #[test]
    fn an_annotation_takes_its_first_coloured_label_else_its_kind_colour() {
        let mut schema = Schema::default();
        let colour = |c: &str| Style {
            colour: Some(c.into()),
            key: None,
        };
        schema.kind_styles.insert("quote".into(), colour("#111111"));
        schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert("direct".into(), colour("#222222"));
        let mut a = Annotation::new("a1", Kind::Quote, vec![Span::new(0, 1)]);
        assert_eq!(annotation_colour(&schema, &a), Some("#111111"));
        a.quote_type = Some("direct".into());
        assert_eq!(annotation_colour(&schema, &a), Some("#222222"));
        let claim = Annotation::new("c1", Kind::Claim, vec![Span::new(0, 1)]);
        assert_eq!(annotation_colour(&schema, &claim), None);
        assert_eq!(colours(&schema), ["#111111", "#222222"]);
    }

    #[test]
    fn every_tint_keeps_text_readable_on_a_light_and_a_dark_page() {
        let black = (0.0, 0.0, 0.0);
        let white = (255.0, 255.0, 255.0);
        let mut worst_light = f64::MAX;
        let mut worst_dark = f64::MAX;
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    let c = (r as u8, g as u8, b as u8);
                    worst_light = worst_light.min(contrast(black, tinted_over(c, (255, 255, 255))));
                    worst_dark = worst_dark.min(contrast(white, tinted_over(c, (0, 0, 0))));
                }
            }
        }
        assert!(worst_light >= 7.0, "black on a tint: {worst_light}");
        assert!(worst_dark >= 4.5, "white on a tint: {worst_dark}");
    }

    #[test]
    fn renaming_and_removing_carry_the_styles_along() {
        let mut schema = Schema::default();
        schema.custom_kinds.push("event".into());
        schema.kind_styles.insert("event".into(), keyed("x"));
        rename_kind(&mut schema, "event", "happening");
        assert_eq!(schema.kind_styles.get("happening"), Some(&keyed("x")));
        schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert("direct".into(), keyed("1"));
        rename_label(&mut schema, "quote_types", "direct", "verbatim");
        assert_eq!(
            label_style(&schema, "quote_types", "verbatim"),
            Some(&keyed("1"))
        );
        remove_label(&mut schema, "quote_types", "verbatim");
        assert!(schema.label_styles.is_empty());
    }
}
