//! The whole single-document workflow, as a person does it: select a quote,
//! press q, name its speaker, set its stance, export, reload, undo and redo,
//! import a bad file and an HTML page with a script in it.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::{temp_file, App};

const SAMPLE: &str = include_str!("../../static/sample-article.txt");
const QUOTE: &str = "“I lost the argument,”";

/// The code-point span of the first `needle` in the sample article.
fn code_points_of(needle: &str) -> (usize, usize) {
    let byte = SAMPLE.find(needle).expect("the needle is in the sample");
    let start = SAMPLE[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Number of annotations in the list panel.
const COUNT_JS: &str = "return document.querySelectorAll('ul.ann-list > [role=listitem]').length;";

async fn count(app: &App) -> u64 {
    app.eval(COUNT_JS).await.as_u64().expect("a count")
}

/// Selects the quote, presses q and names the speaker "John Kerry".
async fn mark_kerry_quote(app: &App) {
    app.wait_for("article h2.headline").await;
    app.mark_quote(QUOTE, "John Kerry").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_a_quote_sets_speaker_and_stance_and_exports_exact_offsets() {
    let app = App::open().await;
    mark_kerry_quote(&app).await;

    // Stance, in the chosen annotation's editor.
    let target = app.wait_for("fieldset.stance input").await;
    target
        .send_keys(&format!("Russia{}", Key::Tab))
        .await
        .expect("type the stance target");
    let label = app
        .client
        .find(Locator::Css("fieldset.stance select"))
        .await
        .expect("the stance label select");
    label
        .select_by_value("against")
        .await
        .expect("choose against");
    app.wait_until(
        "the stance is shown on the highlight",
        "return !!document.querySelector('article .hl-quote[title*=\"against Russia\"]');",
    )
    .await;

    let export = app.export_native().await;
    assert_eq!(export["format"], "attrib");
    assert_eq!(export["document"]["offsets"], "unicode-code-points");
    let quote = export["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .find(|a| a["kind"] == "quote")
        .expect("a quote in the export")
        .clone();
    let (start, end) = code_points_of(QUOTE);
    let span = &quote["spans"][0];
    assert_eq!(span["start"], start as u64);
    assert_eq!(span["end"], end as u64);
    assert_eq!(span["text"], QUOTE);
    let text: String = SAMPLE.chars().skip(start).take(end - start).collect();
    assert_eq!(
        text, QUOTE,
        "the exported offsets slice the article by code points"
    );
    let speaker_id = quote["speaker"].as_str().expect("the quote has a speaker");
    let speaker = export["speakers"]
        .as_array()
        .expect("speakers")
        .iter()
        .find(|s| s["id"] == speaker_id)
        .expect("the speaker is exported");
    assert_eq!(speaker["name"], "John Kerry");
    assert_eq!(quote["stance"]["label"], "against");
    assert_eq!(quote["stance"]["target"]["text"], "Russia");

    // Reload: the work is restored from the browser's storage.
    app.client.refresh().await.expect("reload");
    app.record_csp_violations().await;
    app.wait_for("article h2.headline").await;
    app.wait_until(
        "the annotated quote is restored",
        "return !!document.querySelector('article .hl-quote[title*=\"against Russia\"]');",
    )
    .await;
    assert_eq!(count(&app).await, 1);
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_and_redo_from_the_keyboard_and_the_toolbar() {
    let app = App::open().await;
    mark_kerry_quote(&app).await;
    assert_eq!(count(&app).await, 1);
    // Naming the speaker and marking the quote are separate steps.
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the speaker is undone",
        "return !document.querySelector('article .hl-quote[title*=\"John Kerry\"]') && !!document.querySelector('article .hl-quote');",
    )
    .await;
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the quote is undone",
        "return !document.querySelector('article .hl-quote');",
    )
    .await;
    assert_eq!(count(&app).await, 0);
    app.press(&format!("{}{}z", Key::Control, Key::Shift)).await;
    app.wait_until(
        "the quote is back",
        "return !!document.querySelector('article .hl-quote');",
    )
    .await;
    app.press(&format!("{}y", Key::Control)).await;
    app.wait_until(
        "the speaker is back",
        "return !!document.querySelector('article .hl-quote[title*=\"John Kerry\"]');",
    )
    .await;
    // The toolbar buttons do the same.
    app.click_button("Undo").await;
    app.click_button("Undo").await;
    app.wait_until(
        "undone again",
        "return !document.querySelector('article .hl-quote');",
    )
    .await;
    app.click_button("Redo").await;
    app.wait_until(
        "redone",
        "return !!document.querySelector('article .hl-quote');",
    )
    .await;
    app.close().await;
}

/// Opens a file through "Open file…", as the file picker would.
async fn open_file(app: &App, path: &std::path::Path) {
    let input = app
        .client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("the file input");
    input
        .send_keys(&path.to_string_lossy())
        .await
        .expect("choose the file");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_file_shows_an_error_and_leaves_the_work_alone() {
    let app = App::open().await;
    mark_kerry_quote(&app).await;
    let bad = temp_file(
        "broken-export.json",
        "{\"format\": \"attrib\", \"version\": 1, \"document\": {\"text\": 42}}",
    );
    open_file(&app, &bad).await;
    app.wait_until(
        "an error names the file",
        "const n = document.querySelector('.notice-error'); return !!n && n.textContent.includes('broken-export.json');",
    )
    .await;
    let message = app
        .eval("return document.querySelector('.notice-error').textContent;")
        .await;
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .contains("document.text"),
        "the error says where: {message}"
    );
    assert_eq!(count(&app).await, 1, "the work is untouched");
    assert!(app
        .eval("return !!document.querySelector('article .hl-quote[title*=\"John Kerry\"]');")
        .await
        .as_bool()
        .unwrap_or(false));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn html_is_reduced_to_text_and_its_scripts_never_run() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    let page = temp_file(
        "story.html",
        "<html><head><title>A story</title><script>window.__pwned = 1;</script>\
         <style>p { color: red }</style></head><body><nav>Home | News</nav>\
         <article><h1>Council votes</h1><p>“We will <b>act</b>,” the mayor said.</p>\
         <img src=\"x\" onerror=\"window.__pwned = 2\"><p>Second paragraph.</p></article>\
         <script>document.title = 'pwned'</script></body></html>",
    );
    open_file(&app, &page).await;
    app.wait_until(
        "the HTML article is shown",
        "const a = document.querySelector('article.article'); return !!a && a.textContent.includes('the mayor said');",
    )
    .await;
    assert_eq!(app.eval("return typeof window.__pwned;").await, "undefined");
    assert_eq!(app.client.title().await.unwrap(), "Attrib");
    let text = app
        .eval("return document.querySelector('article.article').innerText;")
        .await;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("“We will act,” the mayor said."), "{text}");
    assert!(text.contains("Second paragraph."), "{text}");
    assert!(
        !text.contains("Home | News"),
        "navigation is dropped: {text}"
    );
    assert!(!text.contains("color: red"), "styles are dropped: {text}");
    assert_eq!(
        app.eval("return document.querySelectorAll('article.article b, article.article img, article.article script').length;")
            .await,
        0,
        "no HTML element of the file reaches the page"
    );
    // The inert document the page is parsed into shares the app's policy,
    // so the page's own inline style and event handler are refused (and
    // reported) as they are parsed: never applied, never run. Nothing else
    // may be reported.
    let errors = app.console_errors().await;
    let others: Vec<&String> = errors
        .iter()
        .filter(|e| !e.contains("Content Security Policy"))
        .collect();
    assert!(others.is_empty(), "console errors: {others:#?}");
    let violations = app.take_csp_violations().await;
    let the_pages_own = |v: &String| {
        [
            "style-src-elem blocked inline",
            "script-src-attr blocked inline",
        ]
        .iter()
        .any(|start| v.starts_with(start))
            || v.contains("Applying inline style violates")
            || v.contains("Executing inline event handler violates")
    };
    assert!(
        violations.iter().all(the_pages_own),
        "only the page's inline style and handler are refused: {violations:#?}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn offsets_after_emoji_are_code_points_not_utf16_units() {
    // Astral characters (two UTF-16 units each) before the quote, CJK and a
    // CRLF line break: the exported offsets must still slice by code points.
    let text = "Fans 😀😀 cheered 🎉 in 東京.\r\n\r\n“We did it,” the 👩‍👩‍👧 captain said.";
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.client
        .execute(
            "const t = document.getElementById('article-text'); t.value = arguments[0]; \
             t.closest('details').open = true; return true;",
            vec![serde_json::json!(text)],
        )
        .await
        .expect("paste the article");
    app.click_button("Load article").await;
    app.wait_until(
        "the pasted article is shown",
        "return document.querySelector('article.article')?.textContent.includes('captain said');",
    )
    .await;
    app.select_text("“We did it,”").await;
    app.press("q").await;
    app.wait_for("#speaker-name").await;
    app.press(&Key::Escape.to_string()).await;
    app.wait_until(
        "the quote is highlighted",
        "return !!document.querySelector('article .hl-quote');",
    )
    .await;
    let export = app.export_native().await;
    // (A text area already hands over its line breaks as LF; files with
    // CRLF are normalised by the core, which says so in `newlines`.)
    let stored: String = export["document"]["text"].as_str().expect("text").into();
    assert_eq!(stored, text.replace("\r\n", "\n"));
    let span = &export["annotations"][0]["spans"][0];
    let byte = stored.find("“We did it,”").expect("the quote");
    let start = stored[..byte].chars().count();
    assert_eq!(span["start"], start as u64, "code points, not UTF-16 units");
    assert_eq!(span["end"], (start + "“We did it,”".chars().count()) as u64);
    assert_eq!(span["text"], "“We did it,”");
    app.close().await;
}
