//! The `attrib` binary run on real files: exit statuses, the lines it
//! prints, and conversions to every format and back.

mod common;

use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn fixture() -> String {
    read(Path::new(FIXTURE))
}

fn fixture_json() -> Value {
    serde_json::from_str(&fixture()).expect("fixture is JSON")
}

/// JSON written over several lines, as Attrib writes a single document.
fn pretty(json: &Value) -> String {
    serde_json::to_string_pretty(json).expect("serialise")
}

/// A temporary directory holding `name` with `contents`.
fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write temporary file");
    (dir, path)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

// ---------------------------------------------------------------- help

#[test]
fn help_documents_every_command_and_the_offsets() {
    let out = attrib(&["--help"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let help = stdout(&out);
    for word in [
        "validate",
        "convert",
        "stats",
        "suggest",
        "agree",
        "score",
        "code points",
        "UTF-16",
        "Examples:",
    ] {
        assert!(help.contains(word), "--help mentions {word}:\n{help}");
    }
    for command in ["validate", "convert", "stats"] {
        let out = attrib(&[command, "--help"]);
        assert_eq!(code(&out), 0, "{command} --help");
        let help = stdout(&out);
        assert!(
            help.contains("Examples:"),
            "{command} --help has examples:\n{help}"
        );
        assert!(
            help.contains("Exit status:"),
            "{command} --help gives exit statuses"
        );
        assert!(
            help.contains("text[start:end]"),
            "{command} --help gives the offsets"
        );
        assert!(
            help.contains(&format!("attrib {command} ")),
            "{command} examples"
        );
    }
    let out = attrib(&["convert", "--help"]);
    for word in [
        "--to",
        "--from",
        "--text",
        "--strict",
        "-o",
        "label-studio",
        "-o DIR",
    ] {
        assert!(
            stdout(&out).contains(word),
            "convert --help mentions {word}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = attrib(&["convert", FIXTURE, "--to", "docx"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("docx"), "{}", stderr(&out));
    assert_eq!(code(&attrib(&["validate"])), 2, "validate needs a file");
    assert_eq!(code(&attrib(&[])), 2, "a command is needed");
    assert_eq!(code(&attrib(&["frobnicate"])), 2);
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_accepts_the_fixture() {
    let out = attrib(&["validate", FIXTURE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no problem lines");
    assert!(
        stderr(&out).contains("valid (1 document, 45 annotations, read as Attrib JSON)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_prints_one_line_per_problem_and_exits_1() {
    let mut json = fixture_json();
    json["annotations"][1]["quote_type"] = "verbatim".into();
    json["annotations"][3]["speaker"] = "s99".into();
    let (dir, bad) = temp_file("bad.json", &pretty(&json));
    let good = dir.path().join("good.json");
    std::fs::copy(FIXTURE, &good).expect("copy fixture");

    let out = attrib(&["validate", s(&good), s(&bad)]);
    assert_eq!(code(&out), 1);
    let name = s(&bad);
    assert_eq!(
        stdout(&out),
        format!(
            "{name}: annotations[1] (q1).quote_type: quote type 'verbatim' is not in the \
             schema; expected one of: direct, indirect, mixed\n\
             {name}: annotations[3] (q2).speaker: no speaker with id 's99'; expected the id \
             of one of the document's speakers\n"
        )
    );
    let err = stderr(&out);
    assert!(err.contains(&format!("{}: valid", s(&good))), "{err}");
    assert!(err.contains(&format!("{name}: 2 problems")), "{err}");

    // -o writes the lines to a file instead.
    let report = dir.path().join("report.txt");
    let out = attrib(&["validate", s(&bad), "-o", s(&report)]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert_eq!(read(&report).lines().count(), 2);
}

#[test]
fn validate_says_which_shortcut_keys_the_app_keeps_or_two_kinds_share() {
    let mut json = fixture_json();
    json["schema"]["custom_kinds"] = serde_json::json!(["event", "vote"]);
    json["schema"]["kind_styles"] = serde_json::json!({
        "event": {"key": "e"},
        "vote": {"key": "c"}
    });
    let (_dir, bad) = temp_file("keys.json", &pretty(&json));
    let out = attrib(&["validate", s(&bad)]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let name = s(&bad);
    assert_eq!(
        stdout(&out),
        format!(
            "{name}: schema.kind_styles.event.key: shortcut key 'e' is Attrib's own key for \
             export; give the kind “event” another key, or none\n\
             {name}: schema.kind_styles.vote.key: shortcut key 'c' is also the key of the kind \
             “claim”; expected each key once: give one of them another key, or none\n"
        )
    );
}

#[test]
fn validate_reports_parse_errors_with_their_location() {
    let broken = fixture().replacen("\"version\": 1,", "\"version\": 1,,", 1);
    let (_dir, path) = temp_file("broken.json", &broken);
    let out = attrib(&["validate", s(&path)]);
    assert_eq!(code(&out), 1);
    let line = stdout(&out);
    assert!(
        line.starts_with(&format!("{}: line 3, column ", s(&path))),
        "names the file and the line: {line}"
    );
    assert_eq!(line.lines().count(), 1);

    let mut json = fixture_json();
    json["annotations"][0]["spans"][0]["start"] = "forty".into();
    let (_dir, path) = temp_file("typed.json", &pretty(&json));
    let out = attrib(&["validate", s(&path)]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).starts_with(&format!("{}: annotations[0].spans[0].start", s(&path))),
        "names the JSON path: {}",
        stdout(&out)
    );
}

#[test]
fn validate_reports_unreadable_files_and_goes_on() {
    let out = attrib(&["validate", "no/such/file.json", FIXTURE]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.starts_with("no/such/file.json: cannot read it: "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1);
    assert!(stderr(&out).contains(&format!("{FIXTURE}: valid")));
}

#[test]
fn validate_refuses_wrong_offsets_in_an_unchanged_text() {
    // The text is the exported one (its SHA-256 matches), so a span whose
    // text is not at its offsets is an error, not something to move.
    let mut json = fixture_json();
    json["annotations"][1]["spans"][0]["text"] = "Russia and the Moon".into();
    let (_dir, path) = temp_file("wrong.json", &pretty(&json));
    let out = attrib(&["validate", s(&path)]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "{}: annotations[1].spans[0]: the span's text \"Russia and the Moon\" is not at 45..67",
            s(&path)
        )),
        "{text}"
    );
}

#[test]
fn validate_lists_spans_that_do_not_fit_an_edited_text() {
    // The article was edited after export: the first quote's words are gone.
    let mut json = fixture_json();
    let edited = json["document"]["text"]
        .as_str()
        .expect("the text")
        .replacen("Russia and US Congress", "Russia and Congress", 1);
    json["document"]["text"] = edited.into();
    let (_dir, path) = temp_file("edited.json", &pretty(&json));
    let out = attrib(&["validate", s(&path)]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "{}: annotation q1: span 45..67 \"Russia and US Congress\" is not at its offsets",
            s(&path)
        )),
        "{text}"
    );
}

#[test]
fn validate_names_the_document_in_a_corpus() {
    let mut bad = fixture_json();
    bad["document"]["id"] = "second".into();
    bad["annotations"][0]["speaker"] = "nobody".into();
    let corpus = format!("{}\n{}\n", fixture_json(), bad);
    let (_dir, path) = temp_file("corpus.jsonl", &corpus);
    let out = attrib(&["validate", s(&path)]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        format!(
            "{}: documents[1] (second).annotations[0] (m1).speaker: no speaker with id \
             'nobody'; expected the id of one of the document's speakers\n",
            s(&path)
        )
    );
}

// ---------------------------------------------------------------- convert

/// Converts the fixture to `to` in `dir`, returning the file written.
fn convert_fixture(dir: &Path, to: &str, file: &str) -> PathBuf {
    let path = dir.join(file);
    let out = attrib(&["convert", FIXTURE, "--to", to, "-o", s(&path)]);
    assert_eq!(code(&out), 0, "convert to {to}: {}", stderr(&out));
    assert_eq!(stdout(&out), "", "-o writes nothing to stdout");
    path
}

#[test]
fn every_format_converts_back_to_the_same_json() {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (to, file, needs_text) in [
        ("json", "copy.json", false),
        ("w3c", "sample.w3c.json", true),
        ("doccano", "sample.doccano.jsonl", false),
        ("label-studio", "sample.ls.json", false),
        ("jsonl", "sample.jsonl", false),
    ] {
        let converted = convert_fixture(dir.path(), to, file);
        let mut args = vec!["convert", s(&converted), "--to", "json"];
        if needs_text {
            args.extend(["--text", ARTICLE]);
        }
        let out = attrib(&args);
        assert_eq!(code(&out), 0, "{to} back to json: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{to}: nothing to warn about");
        assert_eq!(
            stdout(&out),
            fixture(),
            "{to} → json gives the fixture back"
        );
    }
}

#[test]
fn csv_converts_back_with_its_annotations() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = convert_fixture(dir.path(), "csv", "sample.csv");
    assert_eq!(read(&csv).lines().count(), 46, "a header and 45 rows");
    let out = attrib(&["convert", s(&csv), "--to", "json", "--text", ARTICLE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let back: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let original = fixture_json();
    assert_eq!(
        back["annotations"], original["annotations"],
        "annotations survive whole"
    );
    assert_eq!(back["document"]["text"], original["document"]["text"]);
    assert_eq!(back["document"]["id"], original["document"]["id"]);
}

#[test]
fn brat_writes_a_txt_and_ann_pair_into_a_directory() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out_dir = dir.path().join("brat").join("nested");
    let out = attrib(&["convert", FIXTURE, "--to", "brat", "-o", s(&out_dir)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let txt = out_dir.join("sample-annotated.txt");
    let ann = out_dir.join("sample-annotated.ann");
    assert_eq!(read(&txt), read(Path::new(ARTICLE)));
    assert!(
        read(&ann).contains("\tAttribution:"),
        "PolNeAR-style events"
    );
    assert!(
        stderr(&out).contains("sample-annotated.ann"),
        "says what it wrote"
    );

    // The .txt beside the .ann is read by default …
    let out = attrib(&["convert", s(&ann), "--to", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), fixture());
    // … and validate reads it too.
    let out = attrib(&["validate", s(&ann)]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    // Elsewhere, the text comes from --text.
    let lone = dir.path().join("lone.ann");
    std::fs::copy(&ann, &lone).expect("copy .ann");
    let out = attrib(&["convert", s(&lone), "--to", "json"]);
    assert_eq!(code(&out), 2, "no text: a usage error");
    assert!(
        stderr(&out).contains("lone.txt does not exist"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--text"), "{}", stderr(&out));
    let out = attrib(&["convert", s(&lone), "--to", "json", "--text", ARTICLE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), fixture());
}

#[test]
fn brat_needs_an_output_directory() {
    let out = attrib(&["convert", FIXTURE, "--to", "brat"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("-o DIR"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let (_dir, file) = temp_file("taken", "x");
    let out = attrib(&["convert", FIXTURE, "--to", "brat", "-o", s(&file)]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is a file"), "{}", stderr(&out));
}

#[test]
fn w3c_needs_the_text() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let w3c = convert_fixture(dir.path(), "w3c", "sample.w3c.json");
    let out = attrib(&["convert", s(&w3c), "--to", "json"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(s(&w3c)) && err.contains("--text TEXT_FILE"),
        "{err}"
    );
    let out = attrib(&["validate", s(&w3c), "--text", ARTICLE]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    // A format that carries its own text takes no other.
    let doccano = convert_fixture(dir.path(), "doccano", "sample.doccano.jsonl");
    let out = attrib(&["convert", s(&doccano), "--to", "json", "--text", ARTICLE]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("leave it out"), "{}", stderr(&out));
}

#[test]
fn convert_refuses_to_write_what_validate_would_refuse() {
    let mut json = fixture_json();
    json["annotations"][0]
        .as_object_mut()
        .expect("an annotation")
        .remove("speaker");
    json["annotations"][3]["speaker"] = "s99".into();
    let (dir, bad) = temp_file("bad.json", &pretty(&json));
    let out_path = dir.path().join("out.w3c.json");
    let out = attrib(&["convert", s(&bad), "--to", "w3c", "-o", s(&out_path)]);
    assert_eq!(code(&out), 1);
    assert!(!out_path.exists(), "nothing is written");
    let err = stderr(&out);
    let name = s(&bad);
    assert!(
        err.contains(&format!(
            "error: {name}: annotations[0] (m1).speaker: a mention has no speaker"
        )),
        "{err}"
    );
    assert!(
        err.contains("annotations[3] (q2).speaker: no speaker with id 's99'"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}: 2 problems (listed above)")),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn w3c_mentions_from_another_tool_convert_to_a_valid_document() {
    // Tags only, as another tool writes them: no identifying body names
    // who is mentioned.
    let w3c = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
      "items": [
        {"type": "Annotation", "body": {"purpose": "tagging", "value": "mention"},
         "target": {"selector": {"type": "TextQuoteSelector", "exact": "Kerry"}}},
        {"type": "Annotation", "body": {"purpose": "tagging", "value": "mention"},
         "target": {"selector": {"type": "TextQuoteSelector", "exact": "Lavrov"}}}]}"#;
    let (dir, path) = temp_file("other-tool.json", w3c);
    let text = dir.path().join("article.txt");
    std::fs::write(&text, "Kerry met Lavrov.").expect("write the article");
    let out_path = dir.path().join("out.json");
    let out = attrib(&[
        "convert",
        s(&path),
        "--text",
        s(&text),
        "--to",
        "json",
        "-o",
        s(&out_path),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 mentions name no speaker"),
        "{}",
        stderr(&out)
    );
    let out = attrib(&["validate", s(&out_path)]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let written: Value = serde_json::from_str(&read(&out_path)).expect("JSON");
    assert_eq!(written["speakers"][0]["name"], "Kerry");
    assert_eq!(written["speakers"][1]["name"], "Lavrov");
}

#[test]
fn a_plain_text_becomes_a_document_without_annotations() {
    let (dir, path) = temp_file("article.txt", &read(Path::new(ARTICLE)));
    let out = attrib(&["convert", s(&path), "--to", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["document"]["id"], "article", "the id is the file name");
    assert_eq!(
        json["document"]["title"],
        "US-Russian talks in Syria fail, Kerry blames Russia and US Congress",
        "the title is the first line, as the app titles it"
    );
    assert_eq!(json["document"]["text"], read(Path::new(ARTICLE)));
    assert_eq!(json["annotations"], Value::Array(Vec::new()));

    // Without an extension, text that is no annotation format is plain text too.
    let bare = dir.path().join("article");
    std::fs::copy(&path, &bare).expect("copy");
    let out = attrib(&["convert", s(&bare), "--to", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "a CSV with only its header"
    );

    // CRLF is normalised and said so.
    let (_dir, crlf) = temp_file("crlf.txt", "Line one.\r\nLine two.\r\n");
    let out = attrib(&["convert", s(&crlf), "--to", "json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["document"]["text"], "Line one.\nLine two.\n");
    assert_eq!(json["document"]["newlines"], "normalised-lf");
}

#[test]
fn output_into_an_existing_directory_takes_the_input_name() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = attrib(&["convert", FIXTURE, "--to", "csv", "-o", s(dir.path())]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.path().join("sample-annotated.csv").is_file());
}

#[test]
fn convert_never_overwrites_its_input() {
    let (_dir, path) = temp_file("a.json", &fixture());
    let out = attrib(&["convert", s(&path), "--to", "w3c", "-o", s(&path)]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is an input"), "{}", stderr(&out));
    assert_eq!(read(&path), fixture());
}

#[test]
fn standard_input_and_output_work_in_a_pipe() {
    let out = attrib_with_stdin(&["convert", "-", "--to", "jsonl"], &fixture());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let line = stdout(&out);
    assert_eq!(line.lines().count(), 1);
    let out = attrib_with_stdin(&["convert", "-", "--to", "json"], &line);
    assert_eq!(stdout(&out), fixture());
    let out = attrib_with_stdin(&["validate", "-"], &fixture());
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).starts_with("<stdin>: valid"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unplaced_spans_are_warnings_unless_strict() {
    // A corrected text where Kirby's quote was reworded.
    let text = read(Path::new(ARTICLE)).replace(
        "“This is not a decision that was taken lightly,”",
        "“This decision was not taken lightly,”",
    );
    let (dir, corrected) = temp_file("corrected.txt", &text);
    let out_path = dir.path().join("new.json");
    let out = attrib(&[
        "convert",
        FIXTURE,
        "--text",
        s(&corrected),
        "--to",
        "json",
        "-o",
        s(&out_path),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: ")
            && err.contains("annotation q13: span 1754..1802 \"“This is not a decision that was taken lightly,”\" cannot be placed (not found); the annotation is left out"),
        "{err}"
    );
    let json: Value = serde_json::from_str(&read(&out_path)).expect("JSON");
    let annotations = json["annotations"].as_array().expect("annotations");
    assert_eq!(annotations.len(), 44, "only the reworded quote is left out");
    assert!(annotations.iter().all(|a| a["id"] != "q13"));
    // Spans after the change moved with the text.
    let lavrov = annotations.iter().find(|a| a["id"] == "q14").expect("q14");
    assert_eq!(lavrov["spans"][0]["start"], 2221 - 10);

    let strict_path = dir.path().join("strict.json");
    let out = attrib(&[
        "convert",
        FIXTURE,
        "--text",
        s(&corrected),
        "--to",
        "json",
        "-o",
        s(&strict_path),
        "--strict",
    ]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("nothing was written (--strict)"),
        "{}",
        stderr(&out)
    );
    assert!(!strict_path.exists());
}

#[test]
fn unknown_formats_are_named_and_explained() {
    let (_dir, path) = temp_file("data.json", "{\"hello\": \"world\"}");
    let out = attrib(&["convert", s(&path), "--to", "csv"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains(s(&path)) && err.contains("--from"), "{err}");
    let (_dir, path) = temp_file("latin1.txt", "");
    std::fs::write(&path, b"caf\xe9").expect("write");
    let out = attrib(&["stats", s(&path)]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
}

#[test]
fn a_corpus_converts_to_one_brat_pair_per_document_but_not_to_one_json() {
    let mut second = fixture_json();
    second["document"]["id"] = "second/part".into();
    let corpus = format!("{}\n{}\n", fixture_json(), second);
    let (dir, path) = temp_file("corpus.jsonl", &corpus);
    let out = attrib(&["convert", s(&path), "--to", "json"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("2 were given"), "{}", stderr(&out));
    let out_dir = dir.path().join("brat");
    let out = attrib(&["convert", s(&path), "--to", "brat", "-o", s(&out_dir)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for name in ["us-russia-talks-syria", "second_part"] {
        assert_eq!(
            read(&out_dir.join(format!("{name}.txt"))),
            read(Path::new(ARTICLE))
        );
        assert!(out_dir.join(format!("{name}.ann")).is_file(), "{name}.ann");
    }
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_prints_a_table() {
    let out = attrib(&["stats", FIXTURE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with(&format!(
            "{FIXTURE} (json): 1 document, 3,338 code points, 45 annotations, 9 speakers\n"
        )),
        "{table}"
    );
    for (label, count) in [
        ("quote", "18"),
        ("claim", "8"),
        ("mention", "19"),
        ("direct", "6"),
        ("indirect", "7"),
        ("mixed", "5"),
        ("against", "13"),
        ("favor", "1"),
        ("neutral", "0"),
        ("(not set)", "12"),
        ("checkworthy", "5"),
        ("factual_not_checkworthy", "2"),
        ("prediction", "2"),
    ] {
        assert!(
            table
                .lines()
                .any(|l| l.split_whitespace().eq(label.split(' ').chain([count]))),
            "a row {label} {count} in:\n{table}"
        );
    }
    let row = |name: &str| -> Vec<String> {
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("a row for {name} in:\n{table}"));
        line[name.len()..]
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert!(table.contains("Speaker  ") && table.contains("Quotes  Claims  Mentions"));
    assert_eq!(
        row("John Kerry"),
        ["6", "4", "8"],
        "quotes, claims, mentions"
    );
    assert_eq!(row("United States"), ["3", "0", "2"]);
    assert_eq!(row("(no speaker)"), ["0", "1", "0"]);
    assert!(table.contains("made by the article itself"));
}

#[test]
fn stats_prints_json() {
    let out = attrib(&["stats", FIXTURE, "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let stats: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(stats["format"], "json");
    assert_eq!(stats["documents"], 1);
    assert_eq!(stats["annotations"], 45);
    assert_eq!(stats["kinds"]["quote"], 18);
    assert_eq!(stats["kinds"]["claim"], 8);
    assert_eq!(stats["kinds"]["mention"], 19);
    assert_eq!(stats["labels"]["quote_type"]["indirect"], 7);
    assert_eq!(stats["labels"]["stance"]["favor"], 1);
    assert_eq!(stats["labels"]["stance"]["against"], 13);
    assert_eq!(stats["not_set"]["stance"], 12);
    assert_eq!(stats["labels"]["checkworthiness"]["not_factual"], 1);
    assert_eq!(stats["labels"]["claim_type"]["law_rule"], 1);
    assert_eq!(stats["unattributed"]["claims"], 1);
    let speakers = stats["speakers"].as_array().expect("speakers");
    assert_eq!(speakers.len(), 9);
    assert_eq!(speakers[0]["name"], "John Kerry", "sorted by quotes");
    let total_quotes: u64 = speakers.iter().filter_map(|s| s["quotes"].as_u64()).sum();
    assert_eq!(total_quotes, 18, "every quote has a speaker");
}

/// The shared fixtures of `attrib-core/tests/fixtures/open`: the binary
/// opens every case as `formats::open` does (the core's own test checks
/// the same `expected.json`).
#[test]
fn the_shared_open_fixtures_read_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/open");
    let expected: Value =
        serde_json::from_str(&read(&dir.join("expected.json"))).expect("expected.json");
    // What the CLI says for each kind of error.
    let says = |kind: &str| match kind {
        "needs-text" => "do not carry the article text",
        "text-not-used" => "--text is not used",
        "text-with-article" => "which is the article itself",
        "import" => "(reading it as Attrib JSON)",
        "broken-json" => "does not parse",
        "empty" => "it is empty",
        "not-text" => "control characters",
        "unknown-json" => "it is JSON, but not",
        "not-attrib-csv" => "not an Attrib CSV export",
        other => panic!("no CLI wording listed for {other}"),
    };
    for case in expected["cases"].as_array().expect("cases") {
        let file = dir.join(case["file"].as_str().expect("file"));
        let mut args = vec![s(&file).to_string()];
        if let Some(text) = case["text"].as_str() {
            args.extend(["--text".to_string(), s(&dir.join(text)).to_string()]);
        }
        let run = |command: &[&str]| {
            let mut all: Vec<&str> = vec![command[0]];
            all.extend(args.iter().map(String::as_str));
            all.extend(&command[1..]);
            attrib(&all)
        };
        let label = format!("{case}");
        if let Some(kind) = case["error"].as_str() {
            let out = run(&["stats", "--json"]);
            assert_ne!(code(&out), 0, "{label}");
            assert!(
                stderr(&out).contains(says(kind)),
                "{label}: {}",
                stderr(&out)
            );
            continue;
        }
        let out = run(&["stats", "--json"]);
        assert_eq!(code(&out), 0, "{label}: {}", stderr(&out));
        let stats: Value = serde_json::from_str(&stdout(&out)).expect("stats JSON");
        assert_eq!(stats["format"], case["read_as"], "{label}");
        assert_eq!(stats["documents"], case["documents"], "{label}");

        let out = run(&["convert", "--to", "jsonl"]);
        assert_eq!(code(&out), 0, "{label}: {}", stderr(&out));
        let docs: Vec<Value> = stdout(&out)
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSONL line"))
            .collect();
        assert_eq!(
            Some(docs.len() as u64),
            case["documents"].as_u64(),
            "{label}"
        );
        let first = &docs[0];
        assert_eq!(first["document"]["title"], case["title"], "{label}");
        let count = |key: &str| first[key].as_array().map_or(0, Vec::len) as u64;
        assert_eq!(
            Some(count("annotations")),
            case["annotations"].as_u64(),
            "{label}"
        );
        assert_eq!(
            Some(count("speakers")),
            case["speakers"].as_u64(),
            "{label}"
        );
    }
}
