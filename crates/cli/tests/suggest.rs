//! `attrib suggest` and `attrib eval` run as a binary: the sample article's
//! quotes and speakers are suggested, and the evaluation prints its figures
//! as a table and as JSON.

mod common;

use common::*;

use std::process::Output;

use serde_json::Value;

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// The texts of an annotation's spans, joined by " | ".
fn spans_text(annotation: &Value) -> String {
    annotation["spans"]
        .as_array()
        .map(|spans| {
            spans
                .iter()
                .filter_map(|s| s["text"].as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
}

#[test]
fn suggest_finds_the_sample_articles_quotes_and_speakers() {
    let out = attrib(&["suggest", ARTICLE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["format"], "attrib");
    let speakers = doc["speakers"].as_array().expect("speakers");
    let name_of = |id: &Value| {
        speakers
            .iter()
            .find(|s| &s["id"] == id)
            .and_then(|s| s["name"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let quotes: Vec<(String, String, String)> = doc["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .filter(|a| a["kind"] == "quote")
        .map(|a| {
            (
                spans_text(a),
                a["quote_type"].as_str().unwrap_or("").to_string(),
                name_of(&a["speaker"]),
            )
        })
        .collect();
    for (start, quote_type, speaker) in [
        (
            "“I lost the argument,” | “I’ve argued",
            "direct",
            "John Kerry",
        ),
        ("“We don’t behave like Russians.", "direct", "John Kerry"),
        (
            "“Everybody’s patience with Russia",
            "direct",
            "Josh Earnest",
        ),
        ("“This is not a decision", "direct", "John Kirby"),
        ("“The decision we have made", "direct", "Sergey Lavrov"),
        (
            "Russia had lost credibility by “making",
            "mixed",
            "Josh Earnest",
        ),
        ("that the US and Russia will continue", "mixed", "Officials"),
    ] {
        assert!(
            quotes
                .iter()
                .any(|q| q.0.starts_with(start) && q.1 == quote_type && q.2 == speaker),
            "{start:?} ({quote_type}, {speaker}) among {quotes:#?}"
        );
    }
    let kerry = speakers
        .iter()
        .find(|s| s["name"] == "John Kerry")
        .expect("Kerry is a speaker");
    assert_eq!(kerry["aliases"], serde_json::json!(["Kerry"]));
    assert_eq!(kerry["role"], "Secretary of State");
    assert!(doc["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .all(|a| a["note"] == "suggested by attrib"));
    assert!(stderr(&out).contains("suggested"), "{}", stderr(&out));
}

#[test]
fn suggest_keeps_a_files_own_annotations_and_speakers() {
    let out = attrib(&["suggest", FIXTURE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("the fixture"))
            .expect("JSON");
    let count = |d: &Value, key: &str| d[key].as_array().map_or(0, Vec::len);
    // Every quote of the sample is annotated already: nothing new to add
    // over them, and no speaker is duplicated.
    assert!(count(&doc, "annotations") >= count(&fixture, "annotations"));
    let names: Vec<&str> = doc["speakers"]
        .as_array()
        .expect("speakers")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(names.len(), unique.len(), "{names:?}");
    let suggested_quotes = doc["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .filter(|a| a["kind"] == "quote" && a["note"] == "suggested by attrib")
        .count();
    assert_eq!(suggested_quotes, 0);
}

#[test]
fn suggest_writes_other_formats_and_needs_a_directory_for_brat() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out_file = dir.path().join("article.csv");
    let out = attrib(&[
        "suggest",
        ARTICLE,
        "--to",
        "csv",
        "-o",
        out_file.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&out_file).expect("the CSV");
    assert!(csv.contains("suggested by attrib"), "{csv}");
    assert_eq!(
        attrib(&["suggest", ARTICLE, "--to", "brat"]).status.code(),
        Some(2)
    );
}

#[test]
fn eval_prints_the_figures_for_the_committed_gold() {
    let out = attrib(&["eval", "--gold", FIXTURE, GOLD]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    for word in [
        "sample-annotated.json",
        "flu-cases-drop.json",
        "TOTAL direct quotes",
        "TOTAL all quotes",
        "overlap>=0.5",
    ] {
        assert!(table.contains(word), "{word} in\n{table}");
    }
}

#[test]
fn eval_json_has_per_file_and_total_scores_for_direct_and_all_quotes() {
    let out = attrib(&["eval", "--gold", FIXTURE, GOLD, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["threshold"], 0.5);
    let files = report["files"].as_array().expect("files");
    assert!(files.len() >= 6, "{} gold files", files.len());
    assert!(files.iter().all(|f| f["file"].is_string()));
    for group in ["direct", "all"] {
        let scores = &report["total"][group];
        for key in ["gold", "suggested", "cue_correct", "speaker_total"] {
            assert!(scores[key].is_u64(), "{group}.{key}: {scores}");
        }
        for key in ["exact", "overlap"] {
            for figure in ["precision", "recall", "f1"] {
                let x = scores[key][figure].as_f64().expect("a figure");
                assert!((0.0..=1.0).contains(&x), "{group}.{key}.{figure} = {x}");
            }
        }
        assert!(scores["overlap"]["f1"].as_f64() >= scores["exact"]["f1"].as_f64());
    }
    assert!(report["total"]["all"]["gold"].as_u64() > report["total"]["direct"]["gold"].as_u64());
}

#[test]
fn eval_without_readable_gold_fails_and_without_gold_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").expect("write");
    let out = attrib(&["eval", "--gold", bad.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_eq!(attrib(&["eval"]).status.code(), Some(2));
}
