//! Two windows of one browser profile on the same document: the second is
//! told and is read-only, takes the document over, the first says so and
//! takes it back; every quote either window made is kept.

use crate::harness::App;

const FIRST: &str = "“I lost the argument,”";
const SECOND: &str = "“We don’t behave like Russians. It’s just a different standard,”";
const THIRD: &str = "“Everybody’s patience with Russia has run out,”";

/// Number of annotations in the list panel.
const COUNT_JS: &str = "return document.querySelectorAll('ul.ann-list > [role=listitem]').length;";

/// The read-only bar's text, or "" when there is none.
const BAR_JS: &str = "const bar = document.querySelector('.read-only-bar'); \
                      return bar ? bar.textContent : '';";

async fn bar(app: &App) -> String {
    app.eval(BAR_JS)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn wait_until_read_only_with(app: &App, what: &str, annotations: u64) {
    app.wait_until(
        what,
        &format!(
            "const bar = document.querySelector('.read-only-bar'); \
             return !!bar && document.querySelectorAll('ul.ann-list > [role=listitem]').length === {annotations} \
               && !!document.querySelector('fieldset.edit-lock[disabled]');"
        ),
    )
    .await;
}

async fn wait_until_editable(app: &App, what: &str) {
    app.wait_until(
        what,
        "return !document.querySelector('.read-only-bar') \
                && !document.querySelector('fieldset.edit-lock[disabled]');",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_windows_on_one_document_lose_nothing_and_both_say_what_happened() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.mark_quote(FIRST, "John Kerry").await;
    app.wait_until_saved("sample", 1).await;
    let url = app.client.current_url().await.expect("the app's address");
    let first = app.client.window().await.expect("the first window");

    // A second window of the same profile opens the same document.
    let second = app
        .client
        .new_window(false)
        .await
        .expect("a second window")
        .handle;
    app.client
        .switch_to_window(second.clone())
        .await
        .expect("switch to the second window");
    app.client
        .goto(url.as_str())
        .await
        .expect("open the app again");
    app.record_csp_violations().await;
    wait_until_read_only_with(&app, "the second window is read-only", 1).await;
    let said = bar(&app).await;
    assert!(said.contains("open in another tab"), "{said}");

    // An edit there is refused and says why.
    app.eval("document.activeElement && document.activeElement.blur(); return true;")
        .await;
    app.select_text(SECOND).await;
    app.press("q").await;
    app.wait_until(
        "the refusal is said",
        "return (document.querySelector('.notice-error')||{}).textContent?.includes('Not changed') === true;",
    )
    .await;
    assert_eq!(app.eval(COUNT_JS).await, 1);

    // It takes the document over and edits it.
    app.click_button("Edit here instead").await;
    wait_until_editable(&app, "the second window edits").await;
    app.mark_quote(SECOND, "John Kerry").await;
    app.wait_until_saved("sample", 2).await;

    // The first window turned read-only, says so, and shows the new quote.
    app.client
        .switch_to_window(first.clone())
        .await
        .expect("switch to the first window");
    wait_until_read_only_with(&app, "the first window is read-only", 2).await;
    let said = bar(&app).await;
    assert!(
        said.contains("You chose to edit this document in another tab"),
        "{said}"
    );

    // It takes the document back.
    app.click_button("Edit here instead").await;
    wait_until_editable(&app, "the first window edits again").await;
    app.mark_quote(THIRD, "Josh Earnest").await;
    app.wait_until_saved("sample", 3).await;

    app.client
        .switch_to_window(second)
        .await
        .expect("switch to the second window");
    wait_until_read_only_with(&app, "the second window is read-only again", 3).await;
    let violations = app.take_csp_violations().await;
    assert!(
        violations.is_empty(),
        "CSP violations in the second window: {violations:#?}"
    );

    // Nothing was lost: the saved document has all three quotes, once.
    app.client
        .switch_to_window(first)
        .await
        .expect("switch to the first window");
    let exported = app.export_native().await;
    let quotes = exported["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .filter(|a| a["kind"] == "quote")
        .count();
    assert_eq!(quotes, 3, "{exported:#}");
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}
