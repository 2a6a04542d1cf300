//! A dataset builder's loop: two annotators' versions of the hand-annotated
//! sample are compared in the app and adjudicated by keys, and the result
//! is exported.
//!
//! ann's version lacks the mention m1; bob's lacks the claim c1 and calls
//! the quote q1 direct (ann: indirect), and bob's file is a corpus with a
//! second article ann does not have. Worked by hand (the sample has 18
//! quotes, 19 mentions and 8 claims): every quote matches, so
//! `f1_exact.quote` = 2·18 / (18 + 18) = 1; mentions 2·18 / (18 + 19) =
//! 36/37 = 0.973; claims 2·7 / (8 + 7) = 14/15 = 0.933; all kinds
//! 2·43 / (44 + 44) = 0.977. The second article is not compared. The
//! review has three disagreements; the test takes bob's mention and quote
//! (R) and ann's claim (L), so the adjudicated document has all 45
//! annotations with q1 direct.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::harness::App;
use crate::teach::{assert_all_named, press_button, screenshot, text_of};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/core/tests/fixtures/sample-annotated.json"
);

fn sample() -> Value {
    let text = std::fs::read_to_string(FIXTURE).expect("read the fixture");
    serde_json::from_str(&text).expect("the fixture is JSON")
}

fn without(mut doc: Value, id: &str) -> Value {
    if let Some(all) = doc["annotations"].as_array_mut() {
        all.retain(|a| a["id"] != id);
    }
    doc
}

/// ann.json and bob.jsonl in a fresh directory.
fn files() -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("attrib-e2e-builders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory for the files");
    let ann = without(sample(), "m1");
    let mut bob = without(sample(), "c1");
    if let Some(q1) = bob["annotations"]
        .as_array_mut()
        .and_then(|all| all.iter_mut().find(|a| a["id"] == "q1"))
    {
        q1["quote_type"] = json!("direct");
    }
    let mut other = sample();
    other["document"]["id"] = json!("another-article");
    let text = other["document"]["text"]
        .as_str()
        .expect("text")
        .to_string()
        + "\nMore news.";
    other["document"]["text"] = json!(text);
    if let Some(fields) = other["document"].as_object_mut() {
        fields.remove("sha256");
    }
    let ann_path = dir.join("ann.json");
    let bob_path = dir.join("bob.jsonl");
    std::fs::write(&ann_path, ann.to_string()).expect("write ann's file");
    std::fs::write(&bob_path, format!("{bob}\n{other}\n")).expect("write bob's corpus");
    (dir, ann_path, bob_path)
}

async fn figure(app: &App, name: &str) -> String {
    text_of(app, &format!("tr[data-figure=\"{name}\"] .figure-value")).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_builder_compares_two_annotators_adjudicates_by_keys_and_exports() {
    let (dir, ann, bob) = files();
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.click_button("Agreement").await;
    let input = app.wait_for("#annotator-files").await;
    input
        .send_keys(&format!("{}\n{}", ann.display(), bob.display()))
        .await
        .expect("choose both files");
    app.wait_for("table.figures").await;

    // The figures worked by hand, named as `attrib agree --json` names them.
    assert_eq!(figure(&app, "f1_exact.quote").await, "1.000");
    assert_eq!(figure(&app, "f1_exact.mention").await, "0.973");
    assert_eq!(figure(&app, "f1_exact.claim").await, "0.933");
    assert_eq!(figure(&app, "f1_exact.all").await, "0.977");
    let explained = text_of(&app, "tr[data-figure=\"kappa.all\"] .figure-explanation").await;
    assert!(explained.contains("Cohen's kappa"), "{explained}");
    let unmatched = text_of(&app, "ul.unmatched").await;
    assert!(unmatched.contains("another-article"), "{unmatched}");
    assert!(
        unmatched.contains("only bob.jsonl has this text"),
        "{unmatched}"
    );
    let row = text_of(&app, "table.per-document tbody tr").await;
    assert!(row.starts_with("us-russia-talks-syria"), "{row}");
    screenshot(&app, "agreement", None).await;
    assert_all_named(&app, "on the agreement page").await;

    // Review the document's disagreements, deciding each by a key.
    press_button(&app, "Adjudicate").await;
    app.wait_for(".adjudication-review h3").await;
    app.wait_until(
        "the review has the keyboard focus",
        "return document.activeElement && document.activeElement.id === 'adjudication-review';",
    )
    .await;
    let mut seen = Vec::new();
    for decided in 1..=3 {
        let what = text_of(&app, ".adjudication-review h3").await;
        let key = if what.contains("only ann.json marked") {
            "l"
        } else {
            "r"
        };
        seen.push(what.clone());
        if decided == 2 {
            screenshot(&app, "adjudication", None).await;
            assert_all_named(&app, "in the adjudication review").await;
        }
        app.press(key).await;
        app.wait_until(
            &format!("{decided} of 3 disagreements are decided"),
            &format!(
                "return document.querySelector('.adjudication-progress').textContent.startsWith('{decided} of 3 disagreements decided');"
            ),
        )
        .await;
    }
    assert!(
        seen.iter()
            .any(|w| w.contains("Quote both marked, differing in quote type")),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|w| w.contains("Mention only bob.jsonl marked")),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|w| w.contains("Claim only ann.json marked")),
        "{seen:?}"
    );
    app.press("f").await;
    app.wait_until(
        "the adjudicated document is loaded",
        "return document.body.textContent.includes('It is marked adjudicated');",
    )
    .await;
    app.wait_for("article h2.headline").await;

    // Export it through the dialog's Download, as a person would.
    app.capture_downloads().await;
    app.click_button("Export").await;
    press_button(&app, "Download").await;
    let (name, text) = app.download(1).await;
    assert!(name.ends_with(".json"), "{name}");
    let doc: Value = serde_json::from_str(&text).expect("the download is JSON");
    assert_eq!(doc["document"]["id"], "us-russia-talks-syria-adjudicated");
    assert_eq!(
        doc["document"]["adjudicated_from"],
        json!(["ann.json", "bob.jsonl"])
    );
    let annotations = doc["annotations"].as_array().expect("annotations");
    assert_eq!(annotations.len(), 45);
    let by_id = |id: &str| {
        annotations
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {text}"))
            .clone()
    };
    assert_eq!(by_id("q1")["quote_type"], "direct");
    assert_eq!(
        by_id("q1")["note"],
        "The headline's paraphrase of Kerry's remarks.\nadjudicated: from bob.jsonl"
    );
    assert_eq!(by_id("c1")["note"], "adjudicated: from ann.json");
    assert_eq!(by_id("m1")["note"], "adjudicated: from bob.jsonl");
    assert_eq!(
        by_id("q2")["note"],
        "adjudicated: ann.json and bob.jsonl agreed"
    );

    assert_eq!(app.console_errors().await, Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
    app.close().await;
}

/// A brat `.ann` chosen with its `.txt` counts as one annotator: carol's
/// brat export of the whole sample beside ann's JSON (which lacks m1).
#[tokio::test(flavor = "multi_thread")]
async fn a_brat_pair_chosen_together_is_one_annotator() {
    let (dir, ann, _) = files();
    let carol: attrib_core::AnnotatedDocument =
        attrib_core::formats::native::import(&sample().to_string(), None)
            .expect("the fixture imports")
            .documents
            .remove(0);
    let written = attrib_core::formats::export(
        std::slice::from_ref(&carol),
        attrib_core::formats::Format::Brat,
    )
    .expect("brat export");
    let txt = dir.join("carol.txt");
    let ann_file = dir.join("carol.ann");
    std::fs::write(&txt, &written[0].contents).expect("write carol's text");
    std::fs::write(&ann_file, &written[1].contents).expect("write carol's annotations");

    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.click_button("Agreement").await;
    let input = app.wait_for("#annotator-files").await;
    input
        .send_keys(&format!(
            "{}\n{}\n{}",
            ann.display(),
            txt.display(),
            ann_file.display()
        ))
        .await
        .expect("choose the three files");
    app.wait_for("table.figures").await;
    let annotators = app
        .eval("return [...document.querySelectorAll('ul.annotator-list li span')].map(s => s.textContent);")
        .await;
    assert_eq!(
        annotators,
        json!(["ann.json — 1 document", "carol.ann — 1 document"])
    );
    assert_eq!(figure(&app, "f1_exact.mention").await, "0.973");
    assert_eq!(figure(&app, "f1_exact.claim").await, "1.000");
    app.close().await;
}
