//! `attrib score` and `attrib assignment` run on real files: two students
//! scored against a key as a table, JSON and CSV, a submission on another
//! text refused, and an assignment made as a file and as a link.

mod common;

use common::*;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/sample-annotated.json"
);

fn key() -> Value {
    let text = std::fs::read_to_string(KEY).expect("read the key");
    serde_json::from_str(&text).expect("the key is JSON")
}

/// Ana copies the key; Ben keeps only the key's claims: 8 found, and the
/// 18 quotes and 19 mentions missed. Both named in the metadata.
fn class(dir: &Path) -> (PathBuf, PathBuf) {
    let mut ana = key();
    ana["document"]["annotator"] = json!("Ana");
    ana["document"]["class_id"] = json!("7B");
    let mut ben = key();
    ben["document"]["annotator"] = json!("Ben");
    let claims: Vec<Value> = ben["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .filter(|a| a["kind"] == "claim")
        .cloned()
        .collect();
    ben["annotations"] = Value::Array(claims);
    let (ana_path, ben_path) = (dir.join("ana.json"), dir.join("ben.json"));
    std::fs::write(&ana_path, ana.to_string()).expect("write ana");
    std::fs::write(&ben_path, ben.to_string()).expect("write ben");
    (ana_path, ben_path)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn two_students_are_scored_in_a_table_with_their_levels() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, ben) = class(dir.path());
    let out = attrib(&["score", "--key", KEY, path(&ana), path(&ben)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    let line = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("a row for {name}:\n{table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    // Ana: 45 found, F1 100.0, Mastery.
    assert_eq!(line("Ana")[1..4], ["45", "0", "0"]);
    assert_eq!(line("Ana").last(), Some(&"Mastery"));
    // Ben: 8 found, 37 missed: F1 = 16 / (16 + 37) = 30.2 %, Beginning.
    assert_eq!(line("Ben")[1..4], ["8", "37", "0"]);
    assert_eq!(line("Ben")[6], "30.2");
    assert_eq!(line("Ben").last(), Some(&"Beginning"));
}

#[test]
fn json_and_csv_give_the_same_numbers_as_the_table() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, ben) = class(dir.path());
    let out = attrib(&["score", "--key", KEY, path(&ana), path(&ben), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["threshold"], 0.5);
    assert_eq!(report["kinds"], json!(["quote", "claim", "mention"]));
    let ben_row = &report["rows"][1];
    assert_eq!(ben_row["student"], "Ben");
    assert_eq!(
        (ben_row["found"].as_u64(), ben_row["missed"].as_u64()),
        (Some(8), Some(37))
    );
    assert_eq!(ben_row["f1"].as_f64(), Some(16.0 / 53.0));
    assert_eq!(report["rows"][0]["class_id"], "7B");

    let csv_path = dir.path().join("grades.csv");
    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ana),
        path(&ben),
        "--csv",
        "-o",
        path(&csv_path),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(&csv_path).expect("the CSV");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("student,class,level,comment,f1,precision,recall,found,missed,extra")
    );
    assert!(
        lines[1].starts_with("Ana,7B,Mastery,,1.000,1.000,1.000,45,0,0"),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("Ben,,Beginning,,0.302,1.000,0.178,8,37,0"),
        "{csv}"
    );
}

#[test]
fn a_submission_on_another_text_is_listed_with_the_reason_and_not_scored() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, _) = class(dir.path());
    let other = dir.path().join("cy.txt");
    std::fs::write(&other, "Another article altogether.").expect("write");
    let out = attrib(&["score", "--key", KEY, path(&ana), path(&other)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.contains("not scored: cy: marked on a different text"),
        "{table}"
    );
    assert!(!table.lines().any(|l| l.starts_with("cy ")), "{table}");

    let out = attrib(&["score", "--key", KEY, path(&other)]);
    assert_eq!(out.status.code(), Some(1), "nothing to score");
    assert!(stderr(&out).contains("no student file could be scored"));
}

#[test]
fn an_overlap_outside_zero_to_one_is_wrong_usage() {
    let out = attrib(&["score", "--key", KEY, KEY, "--overlap", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a ratio"), "{}", stderr(&out));
}

#[test]
fn an_assignment_file_with_its_key_scores_only_the_kinds_asked_for() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, ben) = class(dir.path());
    let instructions = dir.path().join("task.txt");
    std::fs::write(&instructions, "Mark every quote and say who said it.\n").expect("write");
    let file = dir.path().join("lesson.json");
    let out = attrib(&[
        "assignment",
        KEY,
        "--preset",
        "who-said-it",
        "--self-check",
        "--instructions",
        path(&instructions),
        "-o",
        path(&file),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lesson: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_eq!(lesson["format"], "attrib-assignment");
    assert_eq!(lesson["kinds"], json!(["quote", "mention"]));
    assert_eq!(
        lesson["instructions"],
        "Mark every quote and say who said it."
    );
    assert_eq!(
        lesson["key"]["annotations"].as_array().map(Vec::len),
        Some(37)
    );
    assert_eq!(lesson["schema"]["label_sets"][0]["name"], "source_type");

    let out = attrib(&[
        "score",
        "--key",
        path(&file),
        path(&ana),
        path(&ben),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["kinds"], json!(["quote", "mention"]));
    // Ben's claims are not asked for: 0 found, 37 missed.
    assert_eq!(report["rows"][1]["found"], 0);
    assert_eq!(report["rows"][1]["missed"], 37);
}

#[test]
fn an_assignment_link_holds_the_article_and_a_missing_key_is_said() {
    let out = attrib(&["assignment", KEY, "--link", "https://example.org/attrib/"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = stdout(&out);
    assert!(link.starts_with("https://example.org/attrib/#a="), "{link}");
    assert!(link.trim_end().len() < 16_000);

    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("lesson.json");
    let out = attrib(&["assignment", KEY, "-o", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = attrib(&["score", "--key", path(&file), KEY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no answer key"), "{}", stderr(&out));
}

#[test]
fn a_link_too_long_is_refused_with_the_advice_to_hand_out_the_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let article = dir.path().join("long.txt");
    let words: String = (0..6000u32)
        .map(|i| format!("{:x} ", i.wrapping_mul(2_654_435_761)))
        .collect();
    std::fs::write(&article, words).expect("write");
    let out = attrib(&[
        "assignment",
        path(&article),
        "--link",
        "https://example.org/",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("hand out the assignment file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_teachers_rubric_and_overrides_give_the_levels_the_app_shows() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, ben) = class(dir.path());
    // Ben's F1 is 16 / 53 = 0.3019: at or above 0.3, below 0.31.
    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ana),
        path(&ben),
        "--rubric",
        "Low<0.3, Mid<0.31, High",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["rows"][0]["level"], "High", "Ana's F1 is 1");
    assert_eq!(report["rows"][1]["level"], "Mid");

    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ana),
        path(&ben),
        "--rubric",
        "Low<0.3,Mid<0.31,High",
        "--override",
        "Ben=High:redid the task at home",
        "--override",
        "Ana=:well done",
        "--csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[1].starts_with("Ana,7B,High,well done,1.000"),
        "a comment alone keeps the rubric's level: {csv}"
    );
    assert!(
        lines[2].starts_with("Ben,,High,redid the task at home,0.302"),
        "the teacher's level replaces the rubric's: {csv}"
    );

    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ben),
        "--override",
        "Cy=Mastery",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--override names Cy, but no scored student has that name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_rubric_or_override_that_does_not_read_is_wrong_usage_with_the_reason() {
    for (flag, value, reason) in [
        ("--rubric", "Pass<0.8,Fail<0.5,Top", "0.5 after 0.8 does not"),
        ("--rubric", "Pass<2,Top", "“2” of “Pass” is not a number from 0 to 1"),
        ("--rubric", "Pass,Top", "“Pass” needs its upper cut-off"),
        ("--rubric", "<0.5,Top", "level 1 of the rubric has no name"),
        ("--override", "Ana", "“Ana” is not STUDENT=LEVEL"),
        (
            "--override",
            "Ana=Expert",
            "names the level “Expert”, which the rubric does not have (Beginning, Emerging, Mastery)",
        ),
    ] {
        let out = attrib(&["score", "--key", KEY, KEY, flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        assert!(stderr(&out).contains(reason), "{flag} {value}: {}", stderr(&out));
    }
}

#[test]
fn kinds_chosen_on_the_command_line_are_the_only_ones_scored() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (ana, ben) = class(dir.path());
    // Ben kept only the key's 8 claims: on quotes and mentions he found
    // nothing (18 + 19 missed, F1 0); on claims alone he found all 8.
    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ana),
        path(&ben),
        "--kinds",
        "quote,mention",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["kinds"], json!(["quote", "mention"]));
    let ben_row = &report["rows"][1];
    assert_eq!(
        (ben_row["found"].as_u64(), ben_row["missed"].as_u64()),
        (Some(0), Some(37))
    );
    assert_eq!(ben_row["f1"].as_f64(), Some(0.0));
    assert_eq!(report["rows"][0]["found"].as_u64(), Some(37));

    let out = attrib(&[
        "score",
        "--key",
        KEY,
        path(&ben),
        "--kinds",
        "claim",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["rows"][0]["found"].as_u64(), Some(8));
    assert_eq!(report["rows"][0]["f1"].as_f64(), Some(1.0));

    let out = attrib(&["score", "--key", KEY, path(&ben), "--kinds", "quotes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--kinds names quotes, which neither the key nor any student marked"),
        "{}",
        stderr(&out)
    );
    let out = attrib(&["score", "--key", KEY, path(&ben), "--kinds", "quote,,claim"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--kinds has an empty name"));
}

#[test]
fn an_assignment_file_validates_and_converts_as_its_blank_article() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("lesson.json");
    let out = attrib(&["assignment", KEY, "--self-check", "-o", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // validate: read as an assignment (not "unknown JSON"), and sound.
    let out = attrib(&["validate", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("assignment"), "{said}");
    assert!(said.contains("hidden answer key"), "{said}");

    // convert: the article with its schema and nothing marked; the key
    // never leaks into the output.
    let out = attrib(&["convert", path(&file), "--to", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("Attrib JSON");
    assert_eq!(doc["document"]["text"], key()["document"]["text"]);
    assert_eq!(doc["annotations"], json!([]));

    // A damaged assignment says so, not "unknown JSON".
    let broken = dir.path().join("broken.json");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&broken, text.replace("\"version\": 1", "\"version\": 99")).expect("write");
    let out = attrib(&["validate", path(&broken)]);
    assert_ne!(out.status.code(), Some(0));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("assignment that does not read"), "{said}");
}
