//! Crash safety: the browser is killed (SIGKILL, no chance to save) right
//! after each edit shows, without waiting for the app to say "Saved",
//! started again on the same profile, and every edit is back: a completed
//! action is written at once, not after a debounce.

use fantoccini::key::Key;

use crate::harness::{skip_in, Browser, Session};

const QUOTES: [(&str, &str); 3] = [
    ("“I lost the argument,”", "John Kerry"),
    (
        "“We don’t behave like Russians. It’s just a different standard,”",
        "John Kerry",
    ),
    (
        "“Everybody’s patience with Russia has run out,”",
        "Josh Earnest",
    ),
];

/// Number of annotations in the list panel.
const COUNT_JS: &str = "return document.querySelectorAll('ul.ann-list > [role=listitem]').length;";

#[tokio::test(flavor = "multi_thread")]
async fn killing_the_browser_right_after_an_edit_loses_no_finished_edit() {
    if skip_in(
        Browser::Firefox,
        "geckodriver starts Firefox on a fresh copy of a profile for each session, so a \
         restarted Firefox cannot see the killed one's storage; Chromium runs on the profile \
         itself",
    ) {
        return;
    }
    let session = Session::new();
    let mut app = session.open().await;
    app.wait_for("article h2.headline").await;
    for (done, (quote, speaker)) in QUOTES.iter().enumerate() {
        app.mark_quote(quote, speaker).await;
        let n = done as u64 + 1;
        // Killed the moment the quote shows with its speaker.
        app.kill_browser().await;

        app = session.open().await;
        app.wait_until(
            "the document is restored with its quotes",
            &format!(
                "return document.querySelectorAll('ul.ann-list > [role=listitem]').length === {n};"
            ),
        )
        .await;
        // Each quote has its speaker: naming it, the edit finished just
        // before the kill, is back too.
        let marks = app
            .eval(
                "return [...document.querySelectorAll('article .hl-quote')]\
                 .map(e => [e.textContent, e.getAttribute('title') || '']);",
            )
            .await;
        let marks: Vec<(String, String)> =
            serde_json::from_value(marks).expect("the highlights' texts and titles");
        for (quote, speaker) in &QUOTES[..=done] {
            assert!(
                marks
                    .iter()
                    .any(|(text, title)| text == quote && title.contains(speaker)),
                "after restart {n}, the quote {quote} does not name {speaker}: {marks:#?}"
            );
        }
        let notice = app
            .eval("return (document.querySelector('.notice') || {}).textContent || '';")
            .await;
        assert!(
            notice.as_str().unwrap_or_default().contains("Restored"),
            "{notice}"
        );
    }
    // The restored document still undoes: its history came back. Naming
    // the speaker and marking the quote are two steps.
    app.eval("document.activeElement && document.activeElement.blur(); return true;")
        .await;
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the last speaker is undone",
        "return !document.querySelector('article .hl-quote[title*=\"Josh Earnest\"]');",
    )
    .await;
    app.press(&format!("{}z", Key::Control)).await;
    app.wait_until(
        "the last quote is undone",
        "return document.querySelectorAll('ul.ann-list > [role=listitem]').length === 2;",
    )
    .await;
    assert_eq!(app.eval(COUNT_JS).await, 2);
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}
