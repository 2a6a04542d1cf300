//! Tests of brat export and import.

use super::*;
use crate::formats::FormatError;
use crate::model::{AnnotatedDocument, Annotation, Kind, Metadata, Stance, StanceTarget};
use crate::test_fixtures::kerry;

fn ann_of(doc: &AnnotatedDocument) -> String {
    let files = export(doc).expect("export");
    assert_eq!(files[0].extension, "txt");
    assert_eq!(files[0].contents, doc.text.text());
    assert_eq!(files[1].extension, "ann");
    files[1].contents.clone()
}

fn round_trip(doc: &AnnotatedDocument) -> AnnotatedDocument {
    let ann = ann_of(doc);
    let mut imported = import(&ann, doc.text.text()).expect("import");
    assert!(imported.unplaced.is_empty());
    assert_eq!(imported.documents.len(), 1);
    imported.documents.remove(0)
}

fn error_of(ann: &str, text: &str) -> (String, String) {
    match import(ann, text) {
        Err(FormatError::Syntax {
            location, message, ..
        }) => (location, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn exports_the_polnear_layout_with_code_point_offsets() {
    let ann = ann_of(&kerry());
    let mut lines = ann.lines();
    let record = lines.next().expect("record line");
    assert!(record.starts_with("#1\tAttribDocument #1\t{\"format\":\"attrib-brat\""));
    let rest: Vec<&str> = lines.collect();
    assert_eq!(
        rest,
        [
            "T1\tMention 25 30\tKerry",
            "N1\tReference T1 attrib:s1\tJohn Kerry",
            "T2\tSource 25 30\tKerry",
            "N2\tReference T2 attrib:s1\tJohn Kerry",
            "T3\tCue 31 35\tsaid",
            "T4\tContent 2 24\t“I lost the argument,”",
            "T5\tAttribution 31 35\tsaid",
            "E1\tAttribution:T5 Source:T2 Cue:T3 Content:T4",
            "N3\tReference T4 attrib:s1\tJohn Kerry",
            "A1\tQuoteType E1 direct",
            "A2\tStance E1 against",
            "#2\tStanceTarget T4\tRussia",
            "#3\tAnnotatorNotes T4\tchecked against the video",
            "T6\tMention 39 45\tLavrov",
            "N4\tReference T6 attrib:s2\tSergei Lavrov",
            "T7\tClaim 47 61\tSales rose 5%.",
            "A3\tCheckworthiness T7 checkworthy",
            "A4\tClaimType T7 quantity",
        ]
    );
    let json = record.splitn(3, '\t').nth(2).expect("record json");
    let record: Record = serde_json::from_str(json).expect("record parses");
    let ids: Vec<(&str, &str)> = record
        .ids
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        ids,
        [("E1", "q1"), ("T1", "m1"), ("T6", "m2"), ("T7", "c1")]
    );
    assert!(record.spans.is_empty() && record.exact.is_empty() && record.types.is_empty());
    assert_eq!(
        record.speakers[0].role.as_deref(),
        Some("US Secretary of State")
    );
}

#[test]
fn sample_round_trips() {
    let doc = kerry();
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn a_quote_without_a_speaker_mention_has_no_source() {
    let mut doc = kerry();
    doc.annotations.retain(|a| a.id != "m1");
    let ann = ann_of(&doc);
    assert!(ann.contains("T3\tAttribution-no-source 31 35\tsaid\n"));
    assert!(ann.contains("E1\tAttribution-no-source:T3 Cue:T1 Content:T2\n"));
    assert!(ann.contains("N1\tReference T2 attrib:s1\tJohn Kerry\n"));
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn a_span_across_a_line_break_is_split_there_and_joined_back() {
    let mut doc = kerry();
    doc.annotations.truncate(0);
    doc.annotations
        .push(Annotation::new("c9", Kind::Claim, vec![Span::new(14, 52)]));
    let ann = ann_of(&doc);
    assert!(
        ann.contains("T1\tClaim 14 46;47 52\targument,” Kerry said to Lavrov. Sales\n"),
        "{ann}"
    );
    assert!(!ann.contains("\"spans\""), "no exact spans needed: {ann}");
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn spans_the_fragments_cannot_tell_apart_are_recorded() {
    let doc_text = Document::new("one\ntwo\n\nthree");
    let mut doc = AnnotatedDocument::new(Metadata::default(), doc_text);
    // Two parts separated only by a line break, a part ending in a line
    // break, and two parts that touch.
    let cases = [
        vec![Span::new(0, 3), Span::new(4, 7)],
        vec![Span::new(4, 8)],
        vec![Span::new(0, 2), Span::new(2, 3)],
    ];
    for (i, spans) in cases.iter().enumerate() {
        doc.annotations
            .push(Annotation::new(format!("q{i}"), Kind::Quote, spans.clone()));
    }
    let ann = ann_of(&doc);
    assert!(ann.contains("T1\tContent 0 3;4 7\tone two\n"), "{ann}");
    assert!(ann.contains("T3\tContent 4 7\ttwo\n"), "{ann}");
    assert!(ann.contains("T5\tContent 0 3\tone\n"), "{ann}");
    assert!(
        ann.contains("\"spans\":{\"T1\":[[0,3],[4,7]],\"T3\":[[4,8]],\"T5\":[[0,2],[2,3]]}"),
        "{ann}"
    );
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn an_edited_line_wins_over_a_stale_exact_span() {
    let doc_text = Document::new("one\ntwo three");
    let mut doc = AnnotatedDocument::new(Metadata::default(), doc_text);
    doc.annotations.push(Annotation::new(
        "q1",
        Kind::Claim,
        vec![Span::new(0, 3), Span::new(4, 7)],
    ));
    let ann = ann_of(&doc).replace(
        "T1\tClaim 0 3;4 7\tone two",
        "T1\tClaim 0 3;8 13\tone three",
    );
    let back = import(&ann, doc.text.text())
        .expect("import")
        .documents
        .remove(0);
    assert_eq!(
        back.annotations[0].spans,
        [Span::new(0, 3), Span::new(8, 13)]
    );
}

#[test]
fn notes_and_labels_with_line_breaks_keep_them() {
    let mut doc = kerry();
    doc.annotations[1].note = "line one\nline two\tand a tab".into();
    doc.annotations[1].stance = Some(Stance {
        target: StanceTarget::Text("the\u{2028}Kremlin".into()),
        label: "against".into(),
    });
    let ann = ann_of(&doc);
    assert!(ann.contains("\tAnnotatorNotes T4\tline one line two and a tab\n"));
    assert!(ann.contains("\tStanceTarget T4\tthe Kremlin\n"));
    assert_eq!(
        ann.lines().count(),
        19,
        "every line break stays out of the lines"
    );
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn custom_kinds_get_brat_type_names_and_map_back() {
    let mut doc = kerry();
    doc.schema.custom_kinds = vec!["fact check".into(), "Claim".into()];
    doc.annotations.push(Annotation::new(
        "f1",
        Kind::Custom("fact check".into()),
        vec![Span::new(47, 52)],
    ));
    doc.annotations.push(Annotation::new(
        "f2",
        Kind::Custom("Claim".into()),
        vec![Span::new(53, 57)],
    ));
    let ann = ann_of(&doc);
    assert!(ann.contains("\tfact_check 47 52\tSales\n"), "{ann}");
    assert!(ann.contains("\tClaim-2 53 57\trose\n"), "{ann}");
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn speaker_ids_with_spaces_are_percent_encoded() {
    let mut doc = kerry();
    doc.speakers[0].id = "john kerry 100%".into();
    for a in &mut doc.annotations {
        if a.speaker.as_deref() == Some("s1") {
            a.speaker = Some("john kerry 100%".into());
        }
    }
    let ann = ann_of(&doc);
    assert!(ann.contains("N1\tReference T1 attrib:john%20kerry%20100%25\tJohn Kerry\n"));
    assert_eq!(round_trip(&doc), doc);
}

#[test]
fn reads_a_polnear_file_without_a_record() {
    let text = "Flynn says Trump is right. Retired Lt. Gen. Michael Flynn said the generals were reduced to rubble.\nFlynn said more.";
    let ann = "T1\tSource 0 5\tFlynn\n\
               T2\tCue 6 10\tsays\n\
               T3\tContent 11 25\tTrump is right\n\
               T4\tAttribution 6 10\tsays\n\
               E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
               T5\tSource 27 57\tRetired Lt. Gen. Michael Flynn\n\
               T6\tCue 58 62\tsaid\n\
               T7\tContent 63 98\tthe generals were reduced to rubble\n\
               T8\tAttribution 58 62\tsaid\n\
               E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n\
               T10\tCue 106 110\tsaid\n\
               T11\tContent 111 115\tmore\n\
               T12\tAttribution-no-source 106 110\tsaid\n\
               E3\tAttribution-no-source:T12 Content:T11 Cue:T10\n\
               A1\tNegation E3\n\
               R1\tSame Arg1:T1 Arg2:T5\n";
    let doc = import(ann, text).expect("import").documents.remove(0);
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Flynn", "Retired Lt. Gen. Michael Flynn"]);
    let summary: Vec<(String, Kind, Option<String>, Vec<Span>)> = doc
        .annotations
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.kind.clone(),
                a.speaker.clone(),
                a.spans.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "T1".into(),
                Kind::Mention,
                Some("s1".into()),
                vec![Span::new(0, 5)]
            ),
            (
                "E1".into(),
                Kind::Quote,
                Some("s1".into()),
                vec![Span::new(11, 25)]
            ),
            (
                "T5".into(),
                Kind::Mention,
                Some("s2".into()),
                vec![Span::new(27, 57)]
            ),
            (
                "E2".into(),
                Kind::Quote,
                Some("s2".into()),
                vec![Span::new(63, 98)]
            ),
            ("E3".into(), Kind::Quote, None, vec![Span::new(111, 115)]),
        ]
    );
    assert_eq!(doc.annotations[1].cue, Some(Span::new(6, 10)));
    assert!(doc.meta.id.starts_with("doc-"));
    assert!(
        crate::validate::is_valid(&doc),
        "{:?}",
        crate::validate::validate(&doc)
    );
}

#[test]
fn offsets_over_a_crlf_text_are_read_as_brat_counts_them() {
    // brat counts "\r\n" as two characters; the document holds "\n".
    let raw = "Line one.\r\nKerry said \u{201c}hi \u{1f600}\u{201d}.\r\nSecond Kerry.";
    let imported = import(
        "T1\tMention 11 16\tKerry\nT2\tClaim 31 43\tSecond Kerry\n",
        raw,
    )
    .expect("brat offsets over the raw text");
    let doc = &imported.documents[0];
    let texts: Vec<&str> = doc
        .annotations
        .iter()
        .map(|a| doc.text.slice(a.spans[0]).expect("inside"))
        .collect();
    assert_eq!(texts, ["Kerry", "Second Kerry"]);
    assert_eq!(doc.annotations[1].spans[0], Span::new(29, 41));
    // Offsets already counted over the normalised text still read.
    let imported = import("T1\tClaim 29 41\tSecond Kerry\n", raw).expect("normalised");
    assert_eq!(
        imported.documents[0].annotations[0].spans[0],
        Span::new(29, 41)
    );
    // Neither fits: the error is the one for the offsets as written.
    let (location, message) = error_of("T1\tClaim 0 5\tHelle\n", raw);
    assert_eq!(location, "line 1");
    assert!(message.contains("\"Helle\""), "{message}");
}

#[test]
fn a_text_column_that_does_not_match_is_reported_with_its_line() {
    let (location, message) = error_of("T1\tClaim 0 5\tHelle\n", "Hello world");
    assert_eq!(location, "line 1");
    assert!(
        message.contains("\"Helle\"") && message.contains("\"Hello\""),
        "{message}"
    );
}

#[test]
fn malformed_lines_say_what_was_expected() {
    let text = "Hello world, said she.";
    let cases: [(&str, &str, &str); 10] = [
        ("T1\tClaim 0 x\tHello\n", "line 1", "expected offsets"),
        ("T1\tClaim 5 0\t\n", "line 1", "reversed"),
        (
            "T1\tClaim 0 99\tHello\n",
            "line 1",
            "past the end of the text (22 code points)",
        ),
        ("\n\nX1\tfoo\n", "line 3", "unknown kind of line"),
        ("no tab here\n", "line 1", "expected an annotation id"),
        (
            "A1\tQuoteType E7 direct\n",
            "line 1",
            "refers to E7, which no line defines",
        ),
        (
            "T1\tContent 0 5\tHello\n",
            "line 1",
            "no Attribution event uses",
        ),
        (
            "T1\tCue 13 17\tsaid\nT2\tAttribution 13 17\tsaid\nE1\tAttribution:T2 Cue:T1\n",
            "line 3",
            "no Content argument",
        ),
        (
            "T1\tContent 0 5\tHello\nT2\tAttribution 0 5\tHello\nE1\tQuote:T2 Content:T1\n",
            "line 3",
            "expected an Attribution or Attribution-no-source event",
        ),
        (
            "#1\tAttribDocument #1\t{\"format\":\"attrib-brat\"}\n",
            "line 1, AttribDocument record",
            "missing field",
        ),
    ];
    for (ann, location, fragment) in cases {
        let (at, message) = error_of(ann, text);
        assert!(at.starts_with(location), "{ann:?}: location {at:?}");
        assert!(message.contains(fragment), "{ann:?}: message {message:?}");
    }
}

#[test]
fn truncated_and_garbled_input_never_panics() {
    let doc = kerry();
    let ann = ann_of(&doc);
    for (i, _) in ann.char_indices() {
        let _ = import(&ann[..i], doc.text.text());
        let _ = looks_like(&ann[..i]);
    }
    for garbage in [
        "\tx",
        "T\t",
        "T1\t \t",
        "E1\t:",
        "N1\ta b :",
        "#\t",
        "*\tEquiv",
        "A1\t  ",
    ] {
        assert!(import(garbage, "text").is_err(), "{garbage:?}");
    }
    assert!(import(&ann, "a different, shorter text").is_err());
}

#[test]
fn recognises_ann_files() {
    assert!(looks_like(&ann_of(&kerry())));
    assert!(looks_like("T1\tClaim 0 5;7 9\tHello wo\n"));
    assert!(looks_like("\nE1\tAttribution:T2 Content:T1\n"));
    assert!(!looks_like("{\"text\": \"x\"}"));
    assert!(!looks_like("id,kind,start\n"));
    assert!(!looks_like(""));
}

#[test]
fn a_line_that_does_not_read_is_left_out_with_the_lines_that_refer_to_it() {
    let doc = kerry();
    let text = doc.text.text();
    let ann = ann_of(&doc);
    let clean = import(&ann, text).expect("the export reads");
    let lines = ann.lines().count();
    let first = text.chars().next().expect("a text");
    let damaged = format!(
        "{ann}T98\tMention 5 2\tx\n#98\tAnnotatorNotes T98\ta note\n\
         T99\tAttribution 0 1\t{first}\nE99\tAttribution:T99\n"
    );
    let imported = import(&damaged, text).expect("the rest reads");
    assert_eq!(imported.documents, clean.documents);
    let found: Vec<(usize, String)> = imported
        .broken
        .iter()
        .map(|b| (b.line, b.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                lines + 1,
                "T98: offsets 5 2 are reversed; expected START <= END".to_string()
            ),
            (
                lines + 2,
                format!("#98 refers to T98, which was left out (line {})", lines + 1)
            ),
            (
                lines + 3,
                format!(
                    "T99 is the trigger of E99, which was left out (line {})",
                    lines + 4
                )
            ),
            (
                lines + 4,
                "E99: an event with no arguments; expected at least Content:ID".to_string()
            ),
        ]
    );
}

#[test]
fn a_line_reusing_an_id_is_left_out_and_the_first_keeps_it() {
    let doc = kerry();
    let text = doc.text.text();
    let ann = ann_of(&doc);
    let clean = import(&ann, text).expect("the export reads");
    let lines = ann.lines().count();
    // A second T1 (published corpora have them): the rest reads, what
    // refers to T1 refers to the first, and the line is named.
    let first = text.chars().next().expect("a text");
    let damaged = format!("{ann}T1\tMention 0 1\t{first}\n");
    let imported = import(&damaged, text).expect("the rest reads");
    assert_eq!(imported.documents, clean.documents);
    let found: Vec<(usize, String)> = imported
        .broken
        .iter()
        .map(|b| (b.line, b.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            lines + 1,
            "id T1 is already used on line 2; expected each id once".to_string()
        )]
    );
}

#[test]
fn an_attribute_of_another_type_with_a_value_is_a_label_of_its_set() {
    let text = "Kerry said the summit opens.";
    let ann = "T1\tEvent 11 27\tthe summit opens\n\
               A1\tFactuality T1 certain\n\
               A2\tNegated T1\n";
    let doc = import(ann, text).expect("import").documents.remove(0);
    let event = &doc.annotations[0];
    assert_eq!(event.kind, Kind::Custom("Event".into()));
    assert_eq!(
        event.labels.get("Factuality").map(String::as_str),
        Some("certain")
    );
    assert_eq!(event.labels.len(), 1, "a binary attribute carries no label");
    let set = &doc.schema.label_sets[0];
    assert_eq!(
        (set.name.as_str(), &set.kinds, &set.labels),
        (
            "Factuality",
            &vec![Kind::Custom("Event".into())],
            &vec!["certain".to_string()]
        )
    );
    assert!(crate::validate::validate(&doc).is_empty());
}
