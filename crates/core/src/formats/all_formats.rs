//! The properties every format shares, checked for each format in
//! [`Format::ALL`]: what it exports it recognises and imports back, keeping
//! what the format can hold ([`kept`]); and a damaged file gives an error,
//! never a panic. What differs between formats is the data below: what a
//! format is given ([`given`]), whether it takes the text separately
//! ([`takes_text`]), what it keeps and what damage inserts ([`junk_for`]).

use proptest::prelude::*;

use super::{brat, csv, doccano, export, import, jsonl, label_studio, native, testgen, w3c};
use super::{Format, Imported, OutputFile};
use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
};
use crate::text::Document;

/// The inputs one test case draws, one of each shape a format is given.
#[derive(Debug, Clone)]
struct Drawn {
    /// A document with its own schema.
    document: AnnotatedDocument,
    /// A document whose labels come from the default schema.
    default_schema: AnnotatedDocument,
    /// One to three documents with distinct ids.
    corpus: Vec<AnnotatedDocument>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        testgen::annotated_document(),
        testgen::default_schema_document(),
        testgen::corpus(),
    )
        .prop_map(|(document, default_schema, corpus)| Drawn {
            document,
            default_schema,
            corpus,
        })
}

/// What `format` is given to export: a corpus for the formats that hold
/// several documents, and for CSV, which keeps no schema, a document
/// labelled from the default one.
fn given(format: Format, drawn: &Drawn) -> Vec<AnnotatedDocument> {
    match format {
        Format::Native | Format::W3c | Format::Brat => vec![drawn.document.clone()],
        Format::Doccano | Format::LabelStudio | Format::Jsonl => drawn.corpus.clone(),
        Format::Csv => vec![drawn.default_schema.clone()],
    }
}

/// Whether `format` is imported with the document text beside the file.
fn takes_text(format: Format) -> bool {
    matches!(format, Format::W3c | Format::Brat | Format::Csv)
}

/// What `format` keeps of `doc`: all of it (the labels of further label
/// sets included), except in CSV (see the CSV module documentation), which
/// keeps the annotations, the text and the speakers the rows name, the
/// further label sets as far as rows use them, and no metadata but the
/// document id.
fn kept(format: Format, doc: &AnnotatedDocument) -> AnnotatedDocument {
    match format {
        Format::Csv => kept_by_csv(doc),
        _ => doc.clone(),
    }
}

fn kept_by_csv(doc: &AnnotatedDocument) -> AnnotatedDocument {
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut add = |id: &str, name: Option<&str>| match speakers.iter_mut().find(|s| s.id == id) {
        Some(known) => {
            if let Some(name) = name {
                known.name = name.to_string();
            }
        }
        None => speakers.push(Speaker::new(id, name.unwrap_or(id))),
    };
    for a in &doc.annotations {
        if let Some(id) = &a.speaker {
            let name = doc.speaker(id).map(|s| s.name.as_str());
            add(id, name);
        }
        if let Some(Stance {
            target: StanceTarget::Speaker(id),
            ..
        }) = &a.stance
        {
            add(id, None);
        }
    }
    // A speaker named by a later row keeps the name; one never named by a
    // speaker column is named by its id.
    for speaker in &mut speakers {
        let named = doc
            .annotations
            .iter()
            .any(|a| a.speaker.as_ref() == Some(&speaker.id));
        if named {
            if let Some(original) = doc.speaker(&speaker.id) {
                speaker.name = original.name.clone();
            }
        } else {
            speaker.name = speaker.id.clone();
        }
    }
    AnnotatedDocument {
        meta: Metadata {
            id: if doc.annotations.is_empty() {
                String::new()
            } else {
                doc.meta.id.clone()
            },
            ..Metadata::default()
        },
        text: Document::new(doc.text.text()),
        schema: schema_kept_by_csv(doc),
        speakers,
        annotations: doc.annotations.clone(),
    }
}

/// The schema a CSV gives back: the default one, and each further label
/// set with the labels and kinds the rows use, in the order they first do.
fn schema_kept_by_csv(doc: &AnnotatedDocument) -> Schema {
    let mut schema = Schema::default();
    for a in &doc.annotations {
        for (name, label) in &a.labels {
            let set = match schema.label_sets.iter_mut().find(|s| &s.name == name) {
                Some(set) => set,
                None => {
                    schema.label_sets.push(crate::model::LabelSet {
                        name: name.clone(),
                        kinds: Vec::new(),
                        labels: Vec::new(),
                    });
                    schema.label_sets.last_mut().expect("just pushed")
                }
            };
            if !set.kinds.contains(&a.kind) {
                set.kinds.push(a.kind.clone());
            }
            if !set.labels.contains(label) {
                set.labels.push(label.clone());
            }
        }
    }
    schema
}

/// What damage inserts into a file: characters of the format's own syntax,
/// drawn once for each kind of file.
#[derive(Debug, Clone)]
struct Junk {
    json: String,
    brat: String,
    csv: String,
}

fn junk() -> impl Strategy<Value = Junk> {
    (
        "[\\n: 0-9{}\\[\\]\",x-]{0,4}",
        "[\\t\\n;: 0-9TENA#*{}\\[\\]\",x]{0,4}",
        "[\\n\\r,;: 0-9\"x-]{0,4}",
    )
        .prop_map(|(json, brat, csv)| Junk { json, brat, csv })
}

/// The junk for a file of `format`.
fn junk_for(format: Format, junk: &Junk) -> &str {
    match format {
        Format::Brat => &junk.brat,
        Format::Csv => &junk.csv,
        Format::Native | Format::W3c | Format::Doccano | Format::LabelStudio | Format::Jsonl => {
            &junk.json
        }
    }
}

/// The format's own recogniser.
fn looks_like(format: Format, input: &str) -> bool {
    match format {
        Format::Native => native::looks_like(input),
        Format::W3c => w3c::looks_like(input),
        Format::Brat => brat::looks_like(input),
        Format::Doccano => doccano::looks_like(input),
        Format::LabelStudio => label_studio::looks_like(input),
        Format::Jsonl => jsonl::looks_like(input),
        Format::Csv => csv::looks_like(input),
    }
}

/// The exported files of `docs`: the format's file, and for brat the
/// `.txt` beside it, checked to hold the text.
fn exported(format: Format, docs: &[AnnotatedDocument]) -> OutputFile {
    let mut files = export(docs, format).expect("export");
    if format == Format::Brat {
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].extension, "txt");
        assert_eq!(files[0].contents, docs[0].text.text());
        assert_eq!(files[1].extension, "ann");
    } else {
        assert_eq!(files.len(), 1);
    }
    files.pop().expect("one file at least")
}

fn imported(format: Format, file: &str, text: &str) -> Result<Imported, super::FormatError> {
    import(file, Some(format), takes_text(format).then_some(text))
}

proptest! {
    #[test]
    fn export_then_import_keeps_what_each_format_holds(drawn in drawn()) {
        for format in Format::ALL {
            let docs = given(format, &drawn);
            let file = exported(format, &docs);
            prop_assert!(looks_like(format, &file.contents), "{format}");
            let back = imported(format, &file.contents, docs[0].text.text());
            prop_assert!(back.is_ok(), "{format}: {:?}\n{}", back, file.contents);
            let back = back.expect("checked");
            prop_assert!(back.unplaced.is_empty(), "{format}: {:?}", back.unplaced);
            let expected: Vec<AnnotatedDocument> = docs.iter().map(|d| kept(format, d)).collect();
            prop_assert_eq!(back.documents, expected, "{}", format);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn damaged_files_give_errors_not_panics(
        drawn in drawn(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..6,
        junk in junk(),
    ) {
        for format in Format::ALL {
            let docs = given(format, &drawn);
            let file = exported(format, &docs);
            let damaged = testgen::damage(&file.contents, at, cut, junk_for(format, &junk));
            let _ = imported(format, &damaged, docs[0].text.text());
            let _ = looks_like(format, &damaged);
        }
    }
}

/// The hostile payloads of `tests/fixtures/xss-payloads.txt`, decoded (`\0`
/// is a NUL, `\n` a line break; lines starting "# " are comments).
fn payloads() -> Vec<String> {
    include_str!("../../tests/fixtures/xss-payloads.txt")
        .lines()
        .filter(|line| !line.starts_with("# ") && !line.is_empty())
        .map(|line| line.replace("\\0", "\0").replace("\\n", "\n"))
        .collect()
}

/// A document where `payload` is everywhere text goes: the article (twice),
/// the title, a speaker's name and a quote's note; the quote spans the
/// payload's first appearance.
fn hostile(payload: &str, i: usize) -> AnnotatedDocument {
    let headline = format!("Headline {i}\n\n");
    let text = format!("{headline}{payload}, said Kerry.\n\n“{payload}” — the end.\n");
    let start = headline.chars().count();
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: format!("h{i}"),
            title: Some(payload.to_string()),
            ..Metadata::default()
        },
        Document::new(&text),
    );
    doc.speakers.push(Speaker::new("s1", payload));
    let mut quote = Annotation::new(
        "a1",
        Kind::Quote,
        vec![Span::new(start, start + payload.chars().count())],
    );
    quote.speaker = Some("s1".into());
    quote.note = payload.to_string();
    doc.annotations.push(quote);
    doc
}

#[test]
fn the_fixture_holds_at_least_thirty_distinct_payloads() {
    let payloads = payloads();
    let distinct: std::collections::BTreeSet<&String> = payloads.iter().collect();
    assert!(payloads.len() >= 30, "{}", payloads.len());
    assert_eq!(distinct.len(), payloads.len());
    assert!(payloads.iter().any(|p| p.contains('\0')), "a NUL payload");
    assert!(
        payloads.iter().any(|p| p.contains('\n')),
        "a two-line payload"
    );
}

#[test]
fn every_format_exports_and_imports_every_hostile_payload_exactly() {
    for (i, payload) in payloads().iter().enumerate() {
        let doc = hostile(payload, i);
        assert!(
            crate::validate::validate(&doc).is_empty(),
            "{payload}: {:?}",
            crate::validate::validate(&doc)
        );
        for format in Format::ALL {
            let file = exported(format, std::slice::from_ref(&doc));
            let back = imported(format, &file.contents, doc.text.text())
                .unwrap_or_else(|e| panic!("{format}, payload {i} {payload:?}: {e}"));
            assert!(back.unplaced.is_empty(), "{format}, payload {i}");
            assert_eq!(
                back.documents,
                vec![kept(format, &doc)],
                "{format}, payload {i} {payload:?}"
            );
        }
    }
}

/// A document with a custom kind (coloured and keyed), further label sets
/// for it and for quotes, and a set whose name clashes with a built-in
/// field's.
fn custom_labelled() -> AnnotatedDocument {
    let text = "“We stay,” Kerry said. The summit opens on Monday.";
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "labels".into(),
            ..Metadata::default()
        },
        Document::new(text),
    );
    doc.schema.custom_kinds.push("event".into());
    doc.schema.label_sets = vec![
        crate::model::LabelSet {
            name: "event_type".into(),
            kinds: vec![Kind::Custom("event".into())],
            labels: vec!["meeting".into(), "vote".into()],
        },
        crate::model::LabelSet {
            name: "stance".into(),
            kinds: vec![Kind::Quote],
            labels: vec!["on record".into()],
        },
    ];
    doc.schema.kind_styles.insert(
        "event".into(),
        crate::model::Style {
            colour: Some("#cc79a7".into()),
            key: Some("x".into()),
        },
    );
    doc.schema
        .label_styles
        .entry("event_type".into())
        .or_default()
        .insert(
            "meeting".into(),
            crate::model::Style {
                colour: Some("#009e73".into()),
                key: Some("1".into()),
            },
        );
    doc.speakers.push(Speaker::new("s1", "Kerry"));
    let mut quote = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 10)]);
    quote.speaker = Some("s1".into());
    quote.labels.insert("stance".into(), "on record".into());
    let mut event = Annotation::new("e1", Kind::Custom("event".into()), vec![Span::new(23, 33)]);
    event.labels.insert("event_type".into(), "meeting".into());
    doc.annotations = vec![quote, event];
    doc
}

#[test]
fn custom_kinds_and_their_labels_survive_every_format() {
    let doc = custom_labelled();
    assert!(crate::validate::validate(&doc).is_empty());
    for format in Format::ALL {
        let file = exported(format, std::slice::from_ref(&doc));
        assert!(
            file.contents.contains("meeting") && file.contents.contains("on record"),
            "{format}: the labels are in the file\n{}",
            file.contents
        );
        let back = imported(format, &file.contents, doc.text.text())
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        let back = &back.documents[0];
        assert_eq!(back.annotations, doc.annotations, "{format}");
        assert!(crate::validate::validate(back).is_empty(), "{format}");
        if format != Format::Csv {
            assert_eq!(back.schema, doc.schema, "{format}");
        }
    }
}
