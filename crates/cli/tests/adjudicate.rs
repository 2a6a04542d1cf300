//! `attrib adjudicate` run on real files: two versions of the hand-annotated
//! sample that differ in three places (ann lacks the mention m1, bob lacks
//! the claim c1, and bob calls the quote q1 direct), merged by each policy;
//! the output is marked adjudicated and notes each annotation's source;
//! wrong usage and nothing in common say so.

mod common;

use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn sample() -> Value {
    let text = std::fs::read_to_string(FIXTURE).expect("read the fixture");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

fn without(mut doc: Value, id: &str) -> Value {
    if let Some(annotations) = doc["annotations"].as_array_mut() {
        annotations.retain(|a| a["id"] != id);
    }
    doc
}

fn write(dir: &Path, name: &str, doc: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, doc.to_string()).expect("write the file");
    path
}

/// ann's and bob's files in a fresh directory.
fn two_versions(dir: &Path) -> (PathBuf, PathBuf) {
    let ann = without(sample(), "m1");
    let mut bob = without(sample(), "c1");
    if let Some(q1) = bob["annotations"]
        .as_array_mut()
        .and_then(|all| all.iter_mut().find(|a| a["id"] == "q1"))
    {
        q1["quote_type"] = Value::from("direct");
    }
    (write(dir, "ann.json", &ann), write(dir, "bob.json", &bob))
}

fn adjudicated(dir: &Path, take: &str) -> Value {
    let (ann, bob) = two_versions(dir);
    let out = dir.join(format!("gold-{take}.json"));
    let run = attrib(&[
        "adjudicate",
        ann.to_str().expect("path"),
        bob.to_str().expect("path"),
        "--take",
        take,
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(
        stderr(&run).contains("42 annotations kept as agreed, 3 disagreements resolved"),
        "{}",
        stderr(&run)
    );
    let text = std::fs::read_to_string(&out).expect("the output was written");
    serde_json::from_str(&text).expect("the output is JSON")
}

fn ids(doc: &Value) -> Vec<String> {
    let mut ids: Vec<String> = doc["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids
}

fn has(doc: &Value, id: &str) -> bool {
    ids(doc).iter().any(|i| i == id)
}

fn annotation<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["annotations"]
        .as_array()
        .and_then(|all| all.iter().find(|a| a["id"] == id))
        .unwrap_or_else(|| panic!("no annotation {id}"))
}

#[test]
fn taking_the_left_keeps_anns_version_of_every_disagreement() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let doc = adjudicated(dir.path(), "left");
    assert_eq!(ids(&doc).len(), 44);
    assert!(has(&doc, "c1") && !has(&doc, "m1"));
    assert_eq!(annotation(&doc, "q1")["quote_type"], "indirect");
}

#[test]
fn taking_the_right_keeps_bobs_version_of_every_disagreement() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let doc = adjudicated(dir.path(), "right");
    assert_eq!(ids(&doc).len(), 44);
    assert!(has(&doc, "m1") && !has(&doc, "c1"));
    assert_eq!(annotation(&doc, "q1")["quote_type"], "direct");
}

#[test]
fn taking_both_keeps_both_differing_quotes_and_every_one_sided_annotation() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let doc = adjudicated(dir.path(), "both");
    assert_eq!(ids(&doc).len(), 46);
    assert!(has(&doc, "m1") && has(&doc, "c1"));
    assert!(
        ids(&doc).iter().any(|i| i.starts_with("q1-")),
        "{:?}",
        ids(&doc)
    );
}

#[test]
fn the_union_keeps_one_sided_annotations_and_the_left_of_a_differing_pair() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let doc = adjudicated(dir.path(), "union");
    assert_eq!(ids(&doc).len(), 45);
    assert!(has(&doc, "m1") && has(&doc, "c1"));
    assert_eq!(annotation(&doc, "q1")["quote_type"], "indirect");
}

#[test]
fn the_output_is_marked_adjudicated_and_notes_where_each_annotation_came_from() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let doc = adjudicated(dir.path(), "union");
    let document = &doc["document"];
    assert_eq!(document["id"], "us-russia-talks-syria-adjudicated");
    let from = document["adjudicated_from"]
        .as_array()
        .expect("adjudicated_from");
    assert_eq!(from.len(), 2);
    assert!(from[0].as_str().expect("name").ends_with("ann.json"));
    assert!(from[1].as_str().expect("name").ends_with("bob.json"));
    let note = |id: &str| {
        annotation(&doc, id)["note"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(note("m1").ends_with("bob.json"), "{}", note("m1"));
    assert!(
        note("m1").starts_with("adjudicated: from "),
        "{}",
        note("m1")
    );
    assert!(note("c1").ends_with("ann.json"), "{}", note("c1"));
    assert!(note("q2").contains("agreed"), "{}", note("q2"));
    let check = attrib(&[
        "validate",
        dir.path().join("gold-union.json").to_str().expect("path"),
    ]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
}

#[test]
fn files_with_no_document_in_common_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut other = sample();
    let text = other["document"]["text"]
        .as_str()
        .expect("text")
        .to_string()
        + " More.";
    other["document"]["text"] = Value::from(text);
    if let Some(fields) = other["document"].as_object_mut() {
        fields.remove("sha256");
    }
    let other = write(dir.path(), "other.json", &other);
    let out = dir.path().join("gold.json");
    let run = attrib(&[
        "adjudicate",
        FIXTURE,
        other.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code(&run), 1);
    assert!(
        stderr(&run).contains("share no document"),
        "{}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("left out"), "{}", stderr(&run));
    assert!(!out.exists());
}

#[test]
fn an_overlap_outside_zero_to_one_is_wrong_usage() {
    let run = attrib(&["adjudicate", FIXTURE, FIXTURE, "--overlap", "1.5"]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("--overlap 1.5"), "{}", stderr(&run));
}

#[test]
fn an_unknown_policy_is_refused_by_name() {
    let run = attrib(&["adjudicate", FIXTURE, FIXTURE, "--take", "all"]);
    assert_eq!(code(&run), 2);
    assert!(stderr(&run).contains("union"), "{}", stderr(&run));
}
