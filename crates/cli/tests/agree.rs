//! `attrib agree` run on real files: the table and JSON name the same
//! figures, identical files agree perfectly, documents come worst first,
//! and wrong usage or nothing to compare says so.

mod common;

use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn sample() -> Value {
    let text = std::fs::read_to_string(FIXTURE).expect("read the fixture");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// The sample with `ending` added to its text (so another SHA-256) and
/// another id.
fn other_article(id: &str, ending: &str) -> Value {
    let mut doc = sample();
    let document = &mut doc["document"];
    document["id"] = Value::from(id);
    let text = document["text"].as_str().expect("text").to_string() + ending;
    document["text"] = Value::from(text);
    if let Some(fields) = document.as_object_mut() {
        fields.remove("sha256");
    }
    doc
}

fn without_quotes(mut doc: Value) -> Value {
    if let Some(annotations) = doc["annotations"].as_array_mut() {
        annotations.retain(|a| a["kind"] != "quote");
    }
    doc
}

fn write_corpus(dir: &Path, name: &str, docs: &[Value]) -> PathBuf {
    let lines: Vec<String> = docs.iter().map(Value::to_string).collect();
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write the corpus");
    path
}

fn figure(report: &Value, name: &str) -> Value {
    report["figures"]
        .as_array()
        .and_then(|figures| figures.iter().find(|f| f["name"] == name))
        .unwrap_or_else(|| panic!("no figure {name}"))["value"]
        .clone()
}

#[test]
fn a_file_against_itself_agrees_perfectly() {
    let out = attrib(&["agree", FIXTURE, FIXTURE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("1 document compared, 0 not compared"),
        "{table}"
    );
    for name in ["f1_overlap.quote", "alpha.all", "speaker_agreement.quote"] {
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row {name}:\n{table}"));
        assert!(row.contains(" 1.000 "), "{row}");
    }
}

#[test]
fn json_names_every_figure_the_table_shows() {
    let table = stdout(&attrib(&["agree", FIXTURE, FIXTURE]));
    let out = attrib(&["agree", FIXTURE, FIXTURE, "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let figures = report["figures"].as_array().expect("figures");
    assert!(figures.len() > 20);
    for figure in figures {
        let name = figure["name"].as_str().expect("name");
        assert!(
            table.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name} is in the table"
        );
        assert!(figure["explanation"].as_str().is_some_and(|e| e.len() > 40));
    }
    let document = &report["documents"][0];
    assert_eq!(document["id"], "us-russia-talks-syria");
    assert_eq!(document["figures"]["f1_overlap.all"], 1.0);
}

#[test]
fn corpora_are_compared_document_by_document_worst_first() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let second = other_article("second", "\n\nThe talks resume on Monday.");
    let alice = write_corpus(dir.path(), "alice.jsonl", &[sample(), second.clone()]);
    let bob = write_corpus(dir.path(), "bob.jsonl", &[without_quotes(second), sample()]);
    let (alice, bob) = (alice.to_string_lossy(), bob.to_string_lossy());
    let out = attrib(&["agree", &alice, &bob, "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let order: Vec<&str> = report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(order, ["second", "us-russia-talks-syria"]);
    assert_eq!(report["documents"][0]["figures"]["f1_overlap.quote"], 0.0);
    // alice marked 18 quotes in each document, bob none in the second: F1 =
    // 2·18 / (36 + 18) = 2/3.
    let f1 = figure(&report, "f1_overlap.quote")
        .as_f64()
        .expect("a value");
    assert!((f1 - 2.0 / 3.0).abs() < 1e-9, "{f1}");

    let table = stdout(&attrib(&["agree", &alice, &bob]));
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("per document"))
        .skip(2)
        .collect();
    assert!(rows[0].starts_with("second "), "{table}");
}

#[test]
fn a_text_only_one_file_holds_is_reported_not_compared() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let alice = write_corpus(
        dir.path(),
        "alice.jsonl",
        &[sample(), other_article("draft", "\n\nFirst draft.")],
    );
    let bob = write_corpus(
        dir.path(),
        "bob.jsonl",
        &[sample(), other_article("draft", "\n\nSecond draft.")],
    );
    let out = attrib(&["agree", &alice.to_string_lossy(), &bob.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let warnings = stderr(&out);
    assert!(
        warnings.contains("document \"draft\" not compared")
            && warnings.contains("same id but a different text"),
        "{warnings}"
    );
    assert!(stdout(&out).contains("1 document compared, 2 not compared"));
}

#[test]
fn nothing_in_common_is_an_error() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let other = write_corpus(dir.path(), "other.jsonl", &[other_article("x", " More.")]);
    let out = attrib(&["agree", FIXTURE, &other.to_string_lossy()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("no document is held by two"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn one_file_or_a_bad_overlap_is_wrong_usage() {
    let out = attrib(&["agree", FIXTURE]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("two or more files"),
        "{}",
        stderr(&out)
    );
    for overlap in ["0", "1.5", "NaN"] {
        let out = attrib(&["agree", FIXTURE, FIXTURE, "--overlap", overlap]);
        assert_eq!(code(&out), 2, "--overlap {overlap}");
        assert!(stderr(&out).contains("--overlap"), "{}", stderr(&out));
    }
}
