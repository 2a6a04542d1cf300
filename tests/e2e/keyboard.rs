//! Keyboard only: Tab into the article, move the caret, select with
//! Shift+arrows, mark, delete, undo; and every control has a name a screen
//! reader (or a test using labels) can find.

use fantoccini::key::Key;

use crate::harness::App;

/// Presses Tab until the article has focus; panics after 80 presses.
async fn tab_to_article(app: &App) {
    for _ in 0..80 {
        if app
            .eval("return document.activeElement.matches('article.article');")
            .await
            == true
        {
            return;
        }
        app.press(&Key::Tab.to_string()).await;
    }
    panic!("Tab never reached the article");
}

#[tokio::test(flavor = "multi_thread")]
async fn marks_with_the_keyboard_alone() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    tab_to_article(&app).await;
    // The caret starts at the headline; Shift+→ twice selects "US".
    app.press(&format!("{}{}{}", Key::Shift, Key::Right, Key::Right))
        .await;
    app.wait_until(
        "the toolbar sees a selection",
        "return !document.querySelector('button[aria-keyshortcuts=c]').disabled;",
    )
    .await;
    app.press("c").await;
    app.wait_until(
        "a claim over “US” is highlighted",
        "const c = document.querySelector('article .hl-claim'); return !!c && c.textContent === 'US';",
    )
    .await;
    // What is marked is no longer selected, on screen as in the toolbar.
    app.wait_until(
        "the selection is cleared on screen",
        "return window.getSelection().isCollapsed && document.querySelector('button[aria-keyshortcuts=c]').disabled;",
    )
    .await;
    // The new claim is the chosen one: Delete removes it, Ctrl+Z brings it back.
    app.press(&Key::Delete.to_string()).await;
    app.wait_until(
        "the claim is deleted",
        "return !document.querySelector('article .hl-claim');",
    )
    .await;
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the claim is back",
        "return !!document.querySelector('article .hl-claim');",
    )
    .await;
    // ? shows the shortcuts; Escape closes the dialog.
    app.press("?").await;
    app.wait_until(
        "the shortcuts dialog is open",
        "return [...document.querySelectorAll('dialog[open] h2')].some(h => h.textContent === 'Keyboard shortcuts');",
    )
    .await;
    app.press(&Key::Escape.to_string()).await;
    app.wait_until(
        "the dialog is closed",
        "return !document.querySelector('dialog[open]');",
    )
    .await;
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

/// Lists every control without an accessible name (by the rules that
/// matter here: aria-label, aria-labelledby, a label, its text, a title).
pub(crate) const UNNAMED_JS: &str = r#"
const named = el => {
  if ((el.getAttribute('aria-label') || '').trim()) return true;
  const by = el.getAttribute('aria-labelledby');
  if (by && by.split(/\s+/).some(id => (document.getElementById(id)?.textContent || '').trim())) return true;
  if (el.labels && [...el.labels].some(l => l.textContent.trim())) return true;
  if ((el.tagName === 'BUTTON' || el.tagName === 'SUMMARY') && el.textContent.trim()) return true;
  return !!(el.getAttribute('title') || '').trim();
};
return [...document.querySelectorAll('button, input, select, textarea, summary, [role=button], [tabindex="0"]')]
  .filter(el => !named(el))
  .map(el => el.outerHTML.slice(0, 120));
"#;

#[tokio::test(flavor = "multi_thread")]
async fn every_control_has_an_accessible_name() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    // Make a quote so the editor's controls are on the page too.
    app.select_text("“I lost the argument,”").await;
    app.press("q").await;
    app.wait_for("#speaker-name").await;
    let unnamed = app.eval(UNNAMED_JS).await;
    assert_eq!(
        unnamed,
        serde_json::json!([]),
        "with the speaker prompt open"
    );
    app.press(&format!("Kerry{}", Key::Enter)).await;
    app.wait_for("fieldset.stance select").await;
    let unnamed = app.eval(UNNAMED_JS).await;
    assert_eq!(unnamed, serde_json::json!([]), "with the editor open");
    for dialog in ["Export", "Documents"] {
        app.click_button(dialog).await;
        app.wait_for("dialog[open]").await;
        let unnamed = app.eval(UNNAMED_JS).await;
        assert_eq!(unnamed, serde_json::json!([]), "in the {dialog} dialog");
        app.press(&Key::Escape.to_string()).await;
        app.wait_until(
            "the dialog is closed",
            "return !document.querySelector('dialog[open]');",
        )
        .await;
    }
    app.close().await;
}
