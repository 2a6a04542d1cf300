//! Suggestions in the browser, as a person uses them: press `g` on the
//! sample article, see the suggestions drawn dashed and listed in their
//! panel, accept one quote from the keyboard, find it among the
//! annotations with its speaker, undo it, accept all quotes at once; and a
//! quote marked by hand is offered its suggested speaker first.

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::App;

/// The accessible name of the focused element.
const ACTIVE_LABEL_JS: &str = "return document.activeElement.getAttribute('aria-label') || '';";

/// Number of quotes in the annotations panel.
const QUOTES_JS: &str = "return [...document.querySelectorAll('ul.ann-list > [role=listitem] .ann-kind')].filter(k => k.textContent === 'Quote').length;";

#[tokio::test(flavor = "multi_thread")]
async fn suggests_accepts_one_quote_by_keyboard_undoes_it_and_accepts_all_quotes() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.press("g").await;
    app.wait_for("section.suggestions-panel ul.sg-list[role=list]")
        .await;
    app.wait_until(
        "suggested quotes are drawn dashed in the article",
        "const q = document.querySelector('article .sg-quote'); return !!q && getComputedStyle(q).outlineStyle === 'dashed';",
    )
    .await;
    assert!(
        app.eval("return !document.querySelector('article .hl-quote');")
            .await
            == json!(true),
        "suggestions are not annotations"
    );
    let summary = app
        .eval("return document.querySelector('.sg-summary').textContent;")
        .await;
    assert!(
        summary.as_str().is_some_and(|s| s.contains(" quotes")),
        "{summary}"
    );
    // Focus is on the first suggestion: ↓ to the quote “I lost the
    // argument,” (two spans around its cue: “…,” … “…”).
    let wanted = "Accept quote “I lost the argument";
    let mut label = String::new();
    for _ in 0..40 {
        label = app
            .eval(ACTIVE_LABEL_JS)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        if label.starts_with(wanted) {
            break;
        }
        app.press(&Key::Down.to_string()).await;
    }
    assert!(label.starts_with(wanted), "never reached it: {label:?}");
    let speaker = label.rsplit(" by ").next().unwrap_or_default().to_string();
    assert!(speaker.contains("Kerry"), "{label}");
    app.press("y").await;
    app.wait_until(
        "the accepted quote is an annotation",
        "return [...document.querySelectorAll('article .hl-quote')].some(e => e.textContent.includes('I lost the argument'));",
    )
    .await;
    assert_eq!(app.eval(QUOTES_JS).await, json!(1));
    let label_js = format!(
        "return [...document.querySelectorAll('.sg-accept')].some(b => b.getAttribute('aria-label') === {});",
        json!(label)
    );
    assert_eq!(app.eval(&label_js).await, json!(false), "no longer pending");
    let status = app
        .eval("return document.querySelector('.status-message').textContent;")
        .await;
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.starts_with("Accepted 1 quote")),
        "{status}"
    );

    let export = app.export_native().await;
    let quote = export["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .find(|a| a["kind"] == "quote")
        .expect("the quote is exported")
        .clone();
    assert_eq!(quote["spans"][0]["text"], "“I lost the argument,”");
    assert_eq!(quote["note"], "suggested by attrib");
    let speaker_id = quote["speaker"].as_str().expect("the quote has a speaker");
    let named = export["speakers"]
        .as_array()
        .expect("speakers")
        .iter()
        .find(|s| s["id"] == speaker_id)
        .expect("its speaker is exported");
    assert_eq!(named["name"], json!(speaker));

    // Ctrl+Z undoes the acceptance in one step; the suggestion comes back.
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the acceptance is undone",
        "return !document.querySelector('article .hl-quote') && !document.querySelector('ul.ann-list > [role=listitem]');",
    )
    .await;
    app.wait_until("the suggestion is pending again", &label_js)
        .await;

    // Accept all quotes: every suggested quote becomes an annotation.
    let button = app
        .eval("return [...document.querySelectorAll('.sg-bulk button')].map(b => b.textContent).find(t => t.startsWith('Accept all quotes'));")
        .await;
    let button = button.as_str().expect("an Accept all quotes button");
    let n: u64 = button
        .trim_start_matches("Accept all quotes (")
        .trim_end_matches(')')
        .parse()
        .expect("a count");
    assert!(n >= 5, "{button}");
    app.click_button("Accept all quotes").await;
    app.wait_until(
        "every quote is accepted",
        &format!("return (() => {{ {} }})() === {n};", QUOTES_JS),
    )
    .await;
    assert_eq!(
        app.eval("return [...document.querySelectorAll('.sg-accept')].filter(b => b.getAttribute('aria-label').startsWith('Accept quote')).length;")
            .await,
        json!(0)
    );
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_marked_by_hand_is_offered_its_suggested_speaker_first() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.select_text("“I lost the argument,”").await;
    app.press("q").await;
    app.wait_for("#speaker-name").await;
    let first = app
        .eval("const b = document.querySelector('.speaker-choices li:first-child button'); return b ? [b.className, b.getAttribute('aria-label')] : null;")
        .await;
    assert_eq!(first[0], "suggested-speaker", "{first}");
    let label = first[1].as_str().expect("a name").to_string();
    assert!(
        label.contains("Kerry") && label.ends_with("suggested"),
        "{label}"
    );
    // Enter on the empty name picks the suggested speaker.
    app.press(&Key::Enter.to_string()).await;
    app.wait_until(
        "the quote has the suggested speaker",
        "return !document.querySelector('dialog[open]') && !!document.querySelector('article .hl-quote[title*=\"Kerry\"]');",
    )
    .await;
    // The speaker is created as suggested, role included, and only once.
    let export = app.export_native().await;
    let speakers = export["speakers"].as_array().expect("speakers").clone();
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    let name = speakers[0]["name"].as_str().expect("a name");
    assert!(label.starts_with(name), "{label} names {name}");
    if let Some(role) = speakers[0]["role"].as_str() {
        assert!(label.contains(&format!("({role})")), "{label}");
    }
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

/// A Label Studio project arrives whole: its annotation becomes the
/// document, and its predictions wait as suggestions (a quote linked to
/// its speaker's region by a relation, and a claim); accepting the quote
/// from the keyboard makes it an annotation whose speaker is the
/// document's own Kerry, not a second one.
#[tokio::test(flavor = "multi_thread")]
async fn a_label_studio_projects_predictions_arrive_as_suggestions_to_accept() {
    use crate::corpus::{open_file, temp_file};
    let text = "Kerry said: we failed the test. Officials expect the budget to grow by 4%.";
    let at = |needle: &str| {
        let byte = text.find(needle).expect("in the text");
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    };
    let region = |id: &str, needle: &str, label: &str| {
        let (start, end) = at(needle);
        json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": start, "end": end, "text": needle, "labels": [label]}})
    };
    let project = json!([{
        "data": {"text": text},
        "annotations": [{"result": [region("a", "Kerry", "Person")]}],
        "predictions": [{"result": [
            region("p", "Kerry", "Person"),
            region("q", "we failed the test", "Quote"),
            {"from_id": "q", "to_id": "p", "type": "relation", "direction": "right"},
            region("c", "the budget to grow by 4%", "Claim")
        ]}]
    }]);
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    let path = temp_file("project.json", project.to_string());
    open_file(&app, &path).await;
    app.wait_until(
        "the notice says predictions wait as suggestions",
        "const n = document.querySelector('.notice-text'); \
         return !!n && n.textContent.includes(\"from the file's predictions\");",
    )
    .await;
    app.wait_for("section.suggestions-panel ul.sg-list[role=list]")
        .await;
    let offered = app
        .eval(
            "return [...document.querySelectorAll('.sg-accept')] \
               .map(b => b.getAttribute('aria-label'));",
        )
        .await;
    let offered: Vec<String> = offered
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    assert!(
        offered
            .iter()
            .any(|l| l.starts_with("Accept quote “we failed the test") && l.ends_with("by Kerry")),
        "{offered:?}"
    );
    assert!(
        offered
            .iter()
            .any(|l| l.starts_with("Accept claim “the budget to grow by 4%")),
        "{offered:?}"
    );
    assert_eq!(
        app.eval("return document.querySelectorAll('article .hl-quote').length;")
            .await,
        json!(0),
        "predictions are not annotations until accepted"
    );
    // Keyboard: focus the quote's Accept, press y.
    app.eval(
        "[...document.querySelectorAll('.sg-accept')] \
           .find(b => b.getAttribute('aria-label').startsWith('Accept quote')).focus(); \
         return true;",
    )
    .await;
    app.press("y").await;
    app.wait_until(
        "the accepted quote is an annotation",
        "return [...document.querySelectorAll('article .hl-quote')] \
           .some(e => e.textContent.includes('we failed the test'));",
    )
    .await;
    let export = app.export_native().await;
    let speakers = export["speakers"].as_array().cloned().unwrap_or_default();
    assert_eq!(speakers.len(), 1, "one Kerry: {speakers:?}");
    let quote = export["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["kind"] == "quote")
        .cloned()
        .expect("the quote is exported");
    assert_eq!(quote["spans"][0]["text"], "we failed the test");
    assert_eq!(quote["speaker"], speakers[0]["id"]);
    assert_eq!(speakers[0]["name"], "Kerry");
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}
