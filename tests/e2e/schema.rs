//! The label schema editor by keyboard alone: a custom kind with a colour,
//! a shortcut key and a guideline, a label set for it with keyed labels;
//! the new key marks a span, which is drawn in the kind's colour and shows
//! the guideline; a label in use is renamed and removed (the question
//! answered); and the export carries the schema.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::harness::App;

/// Presses Tab on the keyboard, with Shift when `back` (an input action,
/// not keys sent to an element: WebDriver sets a colour input's value from
/// keys sent to it).
async fn tab(app: &App, back: bool) {
    let mut keys = KeyActions::new("keyboard".into());
    if back {
        keys = keys.then(KeyAction::Down {
            value: Key::Shift.into(),
        });
    }
    keys = keys
        .then(KeyAction::Down {
            value: Key::Tab.into(),
        })
        .then(KeyAction::Up {
            value: Key::Tab.into(),
        });
    if back {
        keys = keys.then(KeyAction::Up {
            value: Key::Shift.into(),
        });
    }
    app.client.perform_actions(keys).await.expect("press Tab");
}

/// Presses Tab, or Shift+Tab while `css` is above the focus, until the
/// focused element matches `css`; panics after 250. Going back by
/// Shift+Tab as a person would, rather than round past the page's end:
/// there headless Firefox hands focus to its own window and gives it back
/// to the page only in name (`document.hasFocus()` stays false and Enter
/// no longer presses a button).
async fn tab_to(app: &App, css: &str) {
    let css_json = serde_json::json!(css);
    let script =
        format!("return !!document.activeElement && document.activeElement.matches({css_json});");
    let above = format!(
        "const t = document.querySelector({css_json}); const a = document.activeElement; \
         return !!(t && a && a !== document.body && \
         (t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));"
    );
    let mut seen = Vec::new();
    for _ in 0..250 {
        if app.eval(&script).await == true {
            return;
        }
        let back = app.eval(&above).await == true;
        tab(app, back).await;
        let here = app
            .eval(
                "const a = document.activeElement; return a ? a.outerHTML.slice(0, 120) : 'none';",
            )
            .await;
        seen.push(here.to_string());
    }
    seen.dedup();
    panic!("Tab never reached {css}; focus went through {seen:#?}");
}

/// Tabs to the text field `css`, replaces what it holds with `text` and
/// commits it with Enter, then leaves it with Tab.
async fn type_into(app: &App, css: &str, text: &str) {
    tab_to(app, css).await;
    let held = app
        .eval("return document.activeElement.value.length;")
        .await
        .as_u64()
        .unwrap_or(0) as usize;
    app.press(&format!(
        "{}{}",
        Key::End,
        Key::Backspace.to_string().repeat(held)
    ))
    .await;
    // Enter commits a text field (`change`) in Chromium and Firefox alike.
    app.press(&format!("{text}{}", Key::Enter)).await;
    tab(app, false).await;
}

async fn notice_says(app: &App, text: &str) {
    app.wait_or_show(
        &format!("the notice says {text:?}"),
        &format!(
            "return (document.querySelector('.status-message')?.textContent || '').includes({});",
            serde_json::json!(text)
        ),
    )
    .await;
}

async fn open_editor(app: &App) {
    tab_to(app, "button[title^='Edit the label schema']").await;
    app.press(&Key::Enter.to_string()).await;
    app.wait_for("dialog[open] .schema-editor, dialog[open].schema-editor")
        .await;
}

async fn close_editor(app: &App) {
    app.press(&Key::Escape.to_string()).await;
    app.wait_until(
        "the schema editor is closed",
        "return !document.querySelector('dialog[open]');",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_builder_adds_a_coloured_keyed_kind_with_labels_and_marks_with_its_key() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.eval("document.activeElement && document.activeElement.blur(); return true;")
        .await;
    open_editor(&app).await;

    // A custom kind "event", coloured, keyed x, with a guideline.
    type_into(&app, "#schema-add-custom_kinds", "event").await;
    tab_to(&app, "#schema-add-custom_kinds ~ button").await;
    app.press(&Key::Enter.to_string()).await;
    notice_says(&app, "Added the kind “event”.").await;
    // The colour input is reached by Tab; its picker is the browser's own
    // window, which WebDriver cannot drive, so the test does what choosing
    // a colour there does: set the value and fire `change`.
    tab_to(
        &app,
        "input[type=color][aria-label='Colour of the kind event']",
    )
    .await;
    app.eval(
        "const el = document.activeElement; el.value = '#cc79a7'; \
         el.dispatchEvent(new Event('input', {bubbles: true})); \
         el.dispatchEvent(new Event('change', {bubbles: true})); return true;",
    )
    .await;
    notice_says(&app, "Coloured the kind “event” #cc79a7.").await;
    // A key the app keeps for itself is refused with a reason, then x is taken.
    type_into(
        &app,
        "input[aria-label='Shortcut key of the kind event']",
        "e",
    )
    .await;
    notice_says(&app, "“e” is Attrib's key for export; choose another key.").await;
    type_into(
        &app,
        "input[aria-label='Shortcut key of the kind event']",
        "x",
    )
    .await;
    notice_says(&app, "Pressing “x” now stands for the kind “event”.").await;
    type_into(
        &app,
        "input[aria-label='Guideline for event']",
        "A dated happening the article reports.",
    )
    .await;
    notice_says(&app, "Saved the guideline for “event”.").await;

    // A label set for events, with two labels; "meeting" keyed 1.
    type_into(&app, "#schema-add-set", "event type").await;
    tab_to(&app, "#schema-add-set-kind").await;
    app.wait_until(
        "the new set's kind starts at every kind",
        "return document.querySelector('#schema-add-set-kind').value === '';",
    )
    .await;
    // every kind, Quote, Claim, Mention, Event.
    for _ in 0..4 {
        app.press(&Key::Down.to_string()).await;
    }
    app.wait_until(
        "the new set is for events",
        "return document.querySelector('#schema-add-set-kind').value === 'event';",
    )
    .await;
    tab_to(&app, "#schema-add-set-kind ~ button").await;
    app.press(&Key::Enter.to_string()).await;
    notice_says(&app, "Added the label set “event_type” for event").await;
    for label in ["meeting", "vote"] {
        type_into(&app, "#schema-add-set0", label).await;
        tab_to(&app, "#schema-add-set0 ~ button").await;
        app.press(&Key::Enter.to_string()).await;
        notice_says(&app, &format!("Added the label “{label}” to “event_type”.")).await;
    }
    type_into(
        &app,
        "input[aria-label='Shortcut key of the label meeting']",
        "1",
    )
    .await;
    notice_says(&app, "Pressing “1” now stands for the label “meeting”").await;
    close_editor(&app).await;

    // Mark "US" in the headline with x, by the caret, and label it with 1.
    tab_to(&app, "article.article").await;
    app.press(&format!("{}{}{}", Key::Shift, Key::Right, Key::Right))
        .await;
    app.press("x").await;
    app.wait_or_show(
        "an event over “US” is highlighted",
        "const e = document.querySelector('article .hl-custom'); return !!e && e.textContent === 'US';",
    )
    .await;
    app.press("1").await;
    notice_says(&app, "Set “meeting” on the event.").await;

    // Drawn in the kind's colour: the overline of the highlight and the
    // list's swatch, from the schema's colour through the CSSOM.
    let colours = app
        .eval(
            "const hl = document.querySelector('article .hl-custom'); \
             const sw = document.querySelector('.ann-list .swatch.hl-custom'); \
             return [getComputedStyle(hl).borderTopColor, getComputedStyle(sw).backgroundColor, \
                     hl.className];",
        )
        .await;
    assert_eq!(colours[0], "rgb(204, 121, 167)", "{colours}");
    assert_eq!(colours[1], "rgb(204, 121, 167)", "{colours}");
    assert!(
        colours[2].as_str().unwrap_or_default().contains("hl-t0"),
        "{colours}"
    );
    // Its background is the light tint of the colour (while it is not the
    // chosen annotation, which is drawn in the focus colour).
    let tint = app
        .eval(
            "const hl = document.querySelector('article .hl-custom'); \
             return getComputedStyle(hl).getPropertyValue('--t0').trim();",
        )
        .await;
    assert_eq!(tint, "rgba(204, 121, 167, 0.35)");
    // Hovering shows the guideline (the title), and so does focus (data-tip).
    let tip = app
        .eval(
            "const hl = document.querySelector('article .hl-custom'); \
             return [hl.title, hl.dataset.tip];",
        )
        .await;
    for shown in tip.as_array().expect("title and tip") {
        assert!(
            shown
                .as_str()
                .unwrap_or_default()
                .contains("event: A dated happening the article reports."),
            "{tip}"
        );
    }

    // Rename the label in use, then remove it, moving its annotation to vote.
    open_editor(&app).await;
    crate::teach::screenshot(&app, "schema-editor", None).await;
    type_into(&app, "#schema-set0-meeting", "summit").await;
    notice_says(
        &app,
        "Renamed “meeting” to “summit” (1 annotation changed).",
    )
    .await;
    tab_to(&app, "button[aria-label='Remove the label summit']").await;
    app.press(&Key::Enter.to_string()).await;
    let asked = app.wait_for("#schema-confirm-text").await;
    assert_eq!(
        asked.text().await.expect("the question"),
        "1 annotation carries the label “summit”. What should happen to them?"
    );
    tab_to(&app, "#schema-move-to + button").await;
    app.press(&Key::Enter.to_string()).await;
    notice_says(&app, "Removed “summit”; 1 annotation now has “vote”.").await;
    close_editor(&app).await;

    // The export carries the schema with its colours, keys and guideline.
    let export = app.export_native().await;
    let schema = &export["schema"];
    assert_eq!(schema["custom_kinds"], serde_json::json!(["event"]));
    assert_eq!(
        schema["kind_styles"]["event"],
        serde_json::json!({"colour": "#cc79a7", "key": "x"})
    );
    assert_eq!(
        schema["label_sets"],
        serde_json::json!([{"name": "event_type", "kinds": ["event"], "labels": ["vote"]}])
    );
    assert_eq!(
        schema["help"]["event"],
        "A dated happening the article reports."
    );
    let event = export["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .find(|a| a["kind"] == "event")
        .expect("the event in the export")
        .clone();
    assert_eq!(event["labels"], serde_json::json!({"event_type": "vote"}));
    assert_eq!(event["spans"][0]["text"], "US");
    app.close().await;
}
