//! The sample article annotated by hand (tests/fixtures/sample-annotated.json):
//! it is valid, every span is exactly its text, the file is in the form the
//! native export writes, and it goes through every format and back.

use attrib_core::formats::{self, native, Format, Imported};
use attrib_core::validate::validate;
use attrib_core::{AnnotatedDocument, Kind, Metadata, Schema, Span, Speaker, StanceTarget};

const FIXTURE: &str = include_str!("fixtures/sample-annotated.json");
const ARTICLE: &str = include_str!("../../../static/sample-article.txt");

fn sample() -> AnnotatedDocument {
    let imported = native::import(FIXTURE, None).expect("the fixture reads as Attrib JSON");
    assert!(imported.unplaced.is_empty(), "{:?}", imported.unplaced);
    assert_eq!(imported.documents.len(), 1);
    imported.documents.into_iter().next().expect("one document")
}

fn annotation<'d>(doc: &'d AnnotatedDocument, id: &str) -> &'d attrib_core::Annotation {
    doc.annotation(id)
        .unwrap_or_else(|| panic!("the fixture has no annotation {id}"))
}

fn text_of(doc: &AnnotatedDocument, span: Span) -> &str {
    doc.text.slice(span).expect("span inside the text")
}

#[test]
fn fixture_is_the_sample_article_and_valid() {
    let doc = sample();
    assert_eq!(
        doc.text.text(),
        ARTICLE,
        "the fixture annotates the sample article as is"
    );
    assert_eq!(validate(&doc), []);
    assert_eq!(
        formats::detect(FIXTURE),
        Some(Format::Native),
        "the fixture is detected as Attrib JSON"
    );
}

#[test]
fn every_span_in_the_file_is_its_exact_text() {
    let file = native::NativeFile::parse(FIXTURE).expect("the fixture parses");
    let chars: Vec<char> = file.document.text.chars().collect();
    let slice = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
    for annotation in &file.annotations {
        for span in annotation.spans.iter().chain(&annotation.cue) {
            assert_eq!(slice(span.start, span.end), span.text, "{}", annotation.id);
            let before = span.start.saturating_sub(32);
            let after = (span.end + 32).min(chars.len());
            assert_eq!(slice(before, span.start), span.prefix, "{}", annotation.id);
            assert_eq!(slice(span.end, after), span.suffix, "{}", annotation.id);
        }
    }
}

#[test]
fn fixture_is_what_the_native_export_writes() {
    let exported = native::export(&sample()).expect("export");
    assert_eq!(
        exported.contents, FIXTURE,
        "re-export the fixture with the native exporter if the format changed"
    );
}

#[test]
fn fixture_annotates_every_quote_with_speaker_and_cue() {
    let doc = sample();
    let quotes: Vec<_> = doc
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Quote)
        .collect();
    assert_eq!(quotes.len(), 18);
    for quote in &quotes {
        assert!(quote.speaker.is_some(), "{} has a speaker", quote.id);
        assert!(quote.quote_type.is_some(), "{} has a type", quote.id);
        let cue = quote
            .cue
            .unwrap_or_else(|| panic!("{} has a cue", quote.id));
        assert!(
            quote.spans.iter().all(|span| !cue.overlaps(span)),
            "{}: the cue is outside the content",
            quote.id
        );
    }
    // Every speaker is named at least once in the text.
    for speaker in &doc.speakers {
        assert!(
            doc.annotations
                .iter()
                .any(|a| a.kind == Kind::Mention && a.speaker.as_deref() == Some(&speaker.id)),
            "{} has a mention",
            speaker.name
        );
    }
    let types = |t: &str| {
        quotes
            .iter()
            .filter(|q| q.quote_type.as_deref() == Some(t))
            .count()
    };
    assert_eq!(
        (types("direct"), types("indirect"), types("mixed")),
        (6, 7, 5)
    );
    let claims = doc
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Claim)
        .count();
    let mentions = doc
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Mention)
        .count();
    assert_eq!((claims, mentions), (8, 19));
}

#[test]
fn fixture_makes_the_hand_annotated_choices() {
    let doc = sample();
    // “I lost the argument,” ... : one quote in two parts around "Kerry said",
    // against Congress, not Russia.
    let lost = annotation(&doc, "q7");
    assert_eq!(lost.spans.len(), 2);
    assert_eq!(text_of(&doc, lost.spans[0]), "“I lost the argument,”");
    assert!(text_of(&doc, lost.spans[1]).ends_with("will not authorize our use of force.”"));
    assert_eq!(lost.cue.map(|c| text_of(&doc, c)), Some("said"));
    assert_eq!(lost.speaker.as_deref(), Some("s1"));
    let stance = lost.stance.as_ref().expect("stance");
    assert_eq!(
        (&stance.target, stance.label.as_str()),
        (&StanceTarget::Text("the US Congress".into()), "against")
    );

    let earnest = annotation(&doc, "q12");
    assert_eq!(
        earnest.cue.map(|c| text_of(&doc, c)),
        Some("told reporters")
    );
    assert_eq!(
        doc.speaker("s5").map(|s| s.name.as_str()),
        Some("Josh Earnest")
    );

    // Lavrov's stance is against a speaker, the United States.
    let lavrov = annotation(&doc, "q14");
    assert_eq!(
        lavrov.stance.as_ref().map(|s| &s.target),
        Some(&StanceTarget::Speaker("s2".into()))
    );

    // CNN reports what officials said: the officials' quote nests inside.
    let cnn = annotation(&doc, "q17");
    let officials = annotation(&doc, "q18");
    assert_eq!(cnn.cue.map(|c| text_of(&doc, c)), Some("According to"));
    assert!(cnn.spans[0].contains(&officials.spans[0]));

    // A claim of the article itself has no claimant.
    let personnel = annotation(&doc, "c6");
    assert_eq!(personnel.speaker, None);
    assert_eq!(personnel.checkworthiness.as_deref(), Some("checkworthy"));
}

/// Exports `doc` in `format` and imports the result, giving the text for
/// the formats that do not carry it.
fn round_trip(doc: &AnnotatedDocument, format: Format) -> Imported {
    let files = formats::export(std::slice::from_ref(doc), format)
        .unwrap_or_else(|e| panic!("export to {format}: {e}"));
    let (main, text) = match format {
        Format::Brat => {
            let ann = files
                .iter()
                .find(|f| f.extension == "ann")
                .expect("an .ann");
            let txt = files.iter().find(|f| f.extension == "txt").expect("a .txt");
            assert_eq!(files.len(), 2);
            assert_eq!(
                txt.contents,
                doc.text.text(),
                "the .txt is the article text"
            );
            (ann.contents.clone(), Some(txt.contents.clone()))
        }
        _ => {
            assert_eq!(files.len(), 1, "{format} writes one file");
            let text = (!format.carries_text() || format == Format::Csv)
                .then(|| doc.text.text().to_string());
            (files[0].contents.clone(), text)
        }
    };
    // A corpus of one document is one line of Attrib JSON, which content
    // alone reads as Attrib JSON (the same document).
    let detected = match format {
        Format::Jsonl => Format::Native,
        other => other,
    };
    assert_eq!(
        formats::detect(&main),
        Some(detected),
        "the {format} export is detected as {detected}"
    );
    let imported = formats::import(&main, None, text.as_deref())
        .unwrap_or_else(|e| panic!("import from {format}: {e}"));
    assert!(
        imported.unplaced.is_empty(),
        "{format}: {:?}",
        imported.unplaced
    );
    imported
}

#[test]
fn every_format_but_csv_gives_the_document_back_unchanged() {
    let doc = sample();
    for format in Format::ALL.into_iter().filter(|&f| f != Format::Csv) {
        let imported = round_trip(&doc, format);
        assert_eq!(imported.documents.len(), 1, "{format}");
        let back = &imported.documents[0];
        // Compare piece by piece first, so a failure says what differs.
        assert_eq!(back.meta, doc.meta, "{format}: metadata");
        assert_eq!(back.text, doc.text, "{format}: text");
        assert_eq!(back.schema, doc.schema, "{format}: schema");
        assert_eq!(back.speakers, doc.speakers, "{format}: speakers");
        for (a, b) in back.annotations.iter().zip(&doc.annotations) {
            assert_eq!(a, b, "{format}: annotation {}", b.id);
        }
        assert_eq!(back, &doc, "{format}");
    }
}

#[test]
fn csv_keeps_what_it_documents() {
    // formats::csv documents what a sheet cannot carry: metadata other than
    // the id, speakers' aliases and roles (and speakers nothing refers to),
    // and the schema (the default is used, extended with labels in use).
    let doc = sample();
    let imported = round_trip(&doc, Format::Csv);
    assert_eq!(imported.documents.len(), 1);
    let back = &imported.documents[0];

    let mut expected = doc.clone();
    expected.meta = Metadata {
        id: doc.meta.id.clone(),
        ..Metadata::default()
    };
    expected.schema = Schema::default();
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut add = |id: &str| {
        if !speakers.iter().any(|s| s.id == id) {
            let name = doc.speaker(id).map(|s| s.name.clone()).expect("speaker");
            speakers.push(Speaker::new(id, name));
        }
    };
    for annotation in &doc.annotations {
        if let Some(id) = &annotation.speaker {
            add(id);
        }
        if let Some(StanceTarget::Speaker(id)) = annotation.stance.as_ref().map(|s| &s.target) {
            add(id);
        }
    }
    expected.speakers = speakers;

    assert_eq!(back.meta, expected.meta, "metadata: only the id");
    assert_eq!(back.text, expected.text, "text");
    assert_eq!(back.schema, expected.schema, "schema: the default");
    assert_eq!(back.speakers, expected.speakers, "speakers: id and name");
    assert_eq!(back.annotations, expected.annotations, "annotations whole");
}
