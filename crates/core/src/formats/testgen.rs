//! Proptest strategies for annotated documents, used by the round-trip and
//! damaged-file tests over every format (`all_formats`) and by format
//! detection's tests: texts with emoji (ZWJ sequences, flags), CJK, combining
//! marks, right-to-left scripts, CRLF and lone CR; speakers; and valid
//! annotations of every kind over them.
//!
//! Every generated document is valid: spans are non-empty and inside the
//! text, content spans of one annotation are disjoint and in document order,
//! referenced speakers exist, labels come from the document's schema, and a
//! field is only set on the kinds it applies to.

use proptest::collection::vec;
use proptest::prelude::*;

use crate::model::{
    AnnotatedDocument, Annotation, Kind, LabelSet, Metadata, Schema, Span, Speaker, Stance,
    StanceTarget, Style,
};
use crate::text::Document;

/// Pieces a text is made of: words and punctuation of news prose plus the
/// characters that break naive offset code.
const TEXT_PIECES: &[&str] = &[
    "Kerry",
    "said",
    "the",
    "Russia",
    " ",
    " ",
    " ",
    ",",
    ".",
    "“",
    "”",
    "\"",
    "'",
    "…",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "é",
    "e\u{301}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "🇫🇷",
    "漢字",
    "日本語",
    "שלום",
    "مرحبا",
    "\u{200f}",
    "ß",
    "a",
    "b",
    ";",
    "-",
];

/// Raw text before newline normalisation (so it may hold CRLF and CR).
pub(crate) fn raw_text() -> impl Strategy<Value = String> {
    vec(proptest::sample::select(TEXT_PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

/// Short free text for names, notes, titles and stance targets: commas,
/// quotes, line breaks, tabs and non-ASCII included.
pub(crate) fn free_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;:\"'“”…😀é漢שم\n\t.-]{0,16}"
}

/// A document id: mostly tame, sometimes with characters that need
/// escaping in IRIs and file names.
fn document_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{1,10}",
        1 => "[a-zA-Z0-9 :/#?%._-]{1,12}",
    ]
}

fn metadata() -> impl Strategy<Value = Metadata> {
    (
        document_id(),
        // A title is one line (import makes it so).
        proptest::option::of(free_text().prop_map(|t| crate::model::one_line(&t))),
        proptest::option::of("https://example\\.org/[a-z0-9/-]{0,12}"),
        proptest::option::of(free_text()),
        proptest::option::of(free_text()),
        proptest::option::of("20[0-9]{2}-[01][0-9]-[0-3][0-9]"),
    )
        .prop_map(
            |(id, title, source_url, outlet, author, published)| Metadata {
                id,
                title,
                source_url,
                outlet,
                author,
                published,
                ..Metadata::default()
            },
        )
}

fn labels(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(pool, 1..=pool.len())
        .prop_map(|picked| picked.into_iter().map(str::to_string).collect())
}

/// The default schema, or a project's own: renamed, added and removed
/// labels and custom span kinds. Labels are identifiers (no spaces).
pub(crate) fn schema() -> impl Strategy<Value = Schema> {
    let custom = (
        labels(&["direct", "indirect", "mixed", "partial", "paraphrase"]),
        labels(&[
            "favor", "against", "neutral", "none", "unclear", "pro", "con",
        ]),
        labels(&[
            "checkworthy",
            "factual_not_checkworthy",
            "not_factual",
            "maybe",
        ]),
        labels(&[
            "quantity",
            "causal",
            "law_rule",
            "prediction",
            "other",
            "statistic",
        ]),
        proptest::sample::subsequence(&["event", "organisation", "number_claim"][..], 0..=3),
    )
        .prop_map(
            |(quote_types, stance_labels, checkworthiness, claim_types, kinds)| Schema {
                quote_types,
                stance_labels,
                checkworthiness,
                claim_types,
                custom_kinds: kinds.into_iter().map(str::to_string).collect(),
                ..Schema::default()
            },
        );
    (
        prop_oneof![Just(Schema::default()), custom],
        label_sets(),
        any::<bool>(),
    )
        .prop_map(|(schema, label_sets, styled)| {
            let schema = Schema {
                label_sets,
                ..schema
            };
            if styled {
                with_styles(schema)
            } else {
                schema
            }
        })
}

/// `schema` with colours and shortcut keys: quotes recoloured and keyed
/// `w`, each custom kind coloured and keyed by a digit, the first quote
/// type and the first label of each further set coloured (and keyed 7, 8, 9).
fn with_styles(mut schema: Schema) -> Schema {
    let style = |colour: &str, key: Option<String>| Style {
        colour: Some(colour.to_string()),
        key,
    };
    schema
        .kind_styles
        .insert("quote".into(), style("#cc79a7", Some("w".into())));
    for (i, kind) in schema.custom_kinds.iter().enumerate() {
        schema
            .kind_styles
            .insert(kind.clone(), style("#009e73", Some(i.to_string())));
    }
    if let Some(first) = schema.quote_types.first() {
        schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert(first.clone(), style("#e69f00", None));
    }
    for (i, set) in schema.label_sets.iter().enumerate() {
        if let Some(first) = set.labels.first() {
            schema
                .label_styles
                .entry(set.name.clone())
                .or_default()
                .insert(first.clone(), style("#56b4e9", Some((7 + i).to_string())));
        }
    }
    schema
}

/// Further label sets, none to three of them: one for quotes, one for
/// every kind whose name and labels clash with what formats write for
/// their own fields (`stance`; `=`, `;` and spaces in labels), one named
/// like a brat attribute type.
fn label_sets() -> impl Strategy<Value = Vec<LabelSet>> {
    let pool = vec![
        LabelSet {
            name: "source_type".into(),
            kinds: vec![Kind::Quote],
            labels: vec!["named".into(), "anonymous".into(), "not said".into()],
        },
        LabelSet {
            name: "stance".into(),
            kinds: Vec::new(),
            labels: vec!["plain".into(), "a=b; c".into(), " {x}".into()],
        },
        LabelSet {
            name: "QuoteType".into(),
            kinds: vec![Kind::Claim, Kind::Mention],
            labels: vec!["one".into(), "two".into()],
        },
    ];
    proptest::sample::subsequence(pool, 0..=3)
}

/// A schema with the default label sets of its own and any further ones.
fn default_builtin_schema() -> impl Strategy<Value = Schema> {
    label_sets().prop_map(|label_sets| Schema {
        label_sets,
        ..Schema::default()
    })
}

fn speakers() -> impl Strategy<Value = Vec<Speaker>> {
    vec(
        (
            "[A-Z][a-zA-Zé' .-]{0,12}|[漢字日本]{2,3}|[שלום]{3,5}",
            vec(free_text(), 0..3),
            proptest::option::of(free_text()),
        ),
        0..4,
    )
    .prop_map(|seeds| {
        seeds
            .into_iter()
            .enumerate()
            .map(|(i, (name, aliases, role))| Speaker {
                id: format!("s{}", i + 1),
                name,
                aliases,
                role,
            })
            .collect()
    })
}

/// Random choices for one annotation, turned into a valid annotation once
/// the text, schema and speakers are known.
#[derive(Debug, Clone)]
struct AnnotationSeed {
    kind: u8,
    spans: Vec<(usize, usize)>,
    speaker: Option<usize>,
    label: Option<usize>,
    second_label: Option<usize>,
    cue: Option<(usize, usize)>,
    stance: Option<(bool, String, usize, usize)>,
    note: String,
    /// A choice for each further label set, by position.
    further: Vec<Option<usize>>,
}

fn annotation_seed() -> impl Strategy<Value = AnnotationSeed> {
    (
        0u8..4,
        vec((0usize..10_000, 0usize..16), 1..4),
        proptest::option::of(0usize..100),
        proptest::option::of(0usize..100),
        proptest::option::of(0usize..100),
        proptest::option::of((0usize..10_000, 0usize..6)),
        proptest::option::of((any::<bool>(), free_text(), 0usize..100, 0usize..100)),
        prop_oneof![2 => Just(String::new()), 1 => free_text()],
        vec(proptest::option::of(0usize..100), 3),
    )
        .prop_map(
            |(kind, spans, speaker, label, second_label, cue, stance, note, further)| {
                AnnotationSeed {
                    kind,
                    spans,
                    speaker,
                    label,
                    second_label,
                    cue,
                    stance,
                    note,
                    further,
                }
            },
        )
}

fn pick(labels: &[String], seed: Option<usize>) -> Option<String> {
    let i = seed?;
    labels.get(i % labels.len().max(1)).cloned()
}

fn span_from(seed: (usize, usize), len: usize) -> Span {
    let start = seed.0 % len;
    let end = (start + 1 + seed.1).min(len);
    Span::new(start, end)
}

fn build(
    meta: Metadata,
    raw: String,
    schema: Schema,
    speakers: Vec<Speaker>,
    seeds: Vec<AnnotationSeed>,
) -> AnnotatedDocument {
    let text = Document::new(&raw);
    let len = text.len_chars();
    let mut annotations = Vec::new();
    if len > 0 {
        for (i, seed) in seeds.into_iter().enumerate() {
            annotations.push(annotation(i, seed, len, &schema, &speakers));
        }
    }
    AnnotatedDocument {
        meta,
        text,
        schema,
        speakers,
        annotations,
    }
}

fn annotation(
    i: usize,
    seed: AnnotationSeed,
    len: usize,
    schema: &Schema,
    speakers: &[Speaker],
) -> Annotation {
    let speaker_id = |choice: Option<usize>| {
        let choice = choice?;
        (!speakers.is_empty()).then(|| speakers[choice % speakers.len()].id.clone())
    };
    let kind = match seed.kind {
        2 if !speakers.is_empty() => Kind::Mention,
        3 if !schema.custom_kinds.is_empty() => {
            Kind::Custom(schema.custom_kinds[i % schema.custom_kinds.len()].clone())
        }
        0 | 2 => Kind::Quote,
        _ => Kind::Claim,
    };
    let mut spans: Vec<Span> = seed.spans.iter().map(|&s| span_from(s, len)).collect();
    crate::sort::sort(&mut spans);
    let mut disjoint: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if disjoint.last().is_none_or(|last| last.end <= span.start) {
            disjoint.push(span);
        }
    }
    let mut a = Annotation::new(format!("a{}", i + 1), kind.clone(), disjoint);
    a.note = seed.note;
    let stance = seed.stance.and_then(|(to_speaker, text, who, label)| {
        let target = match speaker_id(Some(who)) {
            Some(id) if to_speaker => StanceTarget::Speaker(id),
            _ => StanceTarget::Text(text),
        };
        Some(Stance {
            target,
            label: pick(&schema.stance_labels, Some(label))?,
        })
    });
    match kind {
        Kind::Quote => {
            a.speaker = speaker_id(seed.speaker);
            a.quote_type = pick(&schema.quote_types, seed.label);
            a.cue = seed.cue.map(|c| span_from(c, len));
            a.stance = stance;
        }
        Kind::Claim => {
            a.speaker = speaker_id(seed.speaker);
            a.checkworthiness = pick(&schema.checkworthiness, seed.label);
            a.claim_type = pick(&schema.claim_types, seed.second_label);
            a.stance = stance;
        }
        Kind::Mention => a.speaker = speaker_id(Some(seed.speaker.unwrap_or(i))),
        Kind::Custom(_) => a.speaker = speaker_id(seed.speaker),
    }
    for (set, choice) in schema.label_sets.iter().zip(&seed.further) {
        if set.kinds.is_empty() || set.kinds.contains(&a.kind) {
            if let Some(label) = pick(&set.labels, *choice) {
                a.labels.insert(set.name.clone(), label);
            }
        }
    }
    a
}

/// Any valid annotated document, with the default schema or a custom one.
pub(crate) fn annotated_document() -> impl Strategy<Value = AnnotatedDocument> {
    document_with_schema(schema())
}

/// A valid annotated document whose schema is the default one, with
/// further label sets or without.
pub(crate) fn default_schema_document() -> impl Strategy<Value = AnnotatedDocument> {
    document_with_schema(default_builtin_schema())
}

fn document_with_schema(
    schema: impl Strategy<Value = Schema>,
) -> impl Strategy<Value = AnnotatedDocument> {
    (
        metadata(),
        raw_text(),
        schema,
        speakers(),
        vec(annotation_seed(), 0..7),
    )
        .prop_map(|(meta, raw, schema, speakers, seeds)| build(meta, raw, schema, speakers, seeds))
}

/// A corpus of one to four documents with distinct ids.
pub(crate) fn corpus() -> impl Strategy<Value = Vec<AnnotatedDocument>> {
    vec(annotated_document(), 1..4).prop_map(|mut docs| {
        for (i, doc) in docs.iter_mut().enumerate() {
            doc.meta.id = format!("{}-{}", doc.meta.id, i + 1);
        }
        docs
    })
}

/// `file` with the characters from boundary `at` to `at + cut` replaced
/// by `junk`.
pub(crate) fn damage(file: &str, at: prop::sample::Index, cut: usize, junk: &str) -> String {
    let bounds: Vec<usize> = file
        .char_indices()
        .map(|(i, _)| i)
        .chain([file.len()])
        .collect();
    let start = bounds[at.index(bounds.len())];
    let end = bounds
        .iter()
        .copied()
        .find(|&b| b >= start + cut)
        .unwrap_or(file.len());
    format!("{}{junk}{}", &file[..start], &file[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest! {
        /// The generator keeps its promises, so round-trip failures point at
        /// formats, not at impossible documents.
        #[test]
        fn generated_documents_are_valid(doc in annotated_document()) {
            let len = doc.text.len_chars();
            for a in &doc.annotations {
                prop_assert!(!a.spans.is_empty());
                for pair in a.spans.windows(2) {
                    prop_assert!(pair[0].end <= pair[1].start);
                }
                for span in a.spans.iter().chain(a.cue.iter()) {
                    prop_assert!(span.start < span.end && span.end <= len);
                }
                if let Some(id) = &a.speaker {
                    prop_assert!(doc.speaker(id).is_some());
                }
                if a.kind == Kind::Mention {
                    prop_assert!(a.speaker.is_some());
                }
                prop_assert!(doc.schema.allows_kind(&a.kind));
                if let Some(t) = &a.quote_type {
                    prop_assert!(doc.schema.quote_types.contains(t));
                }
                let problems = crate::validate::validate(&doc);
                prop_assert!(
                    !problems.iter().any(|p| p.path.contains(".labels")),
                    "{:?}",
                    problems
                );
                if let Some(stance) = &a.stance {
                    prop_assert!(doc.schema.stance_labels.contains(&stance.label));
                    if let StanceTarget::Speaker(id) = &stance.target {
                        prop_assert!(doc.speaker(id).is_some());
                    }
                }
            }
        }
    }
}
