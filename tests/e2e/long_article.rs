//! A long article (about 100,000 words) loads, renders without one DOM
//! node per character, and can be marked near its end. Timings are printed
//! for the notes, never asserted: these machines are shared and noisy.

use std::time::Instant;

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::App;

const SAMPLE: &str = include_str!("../../static/sample-article.txt");

/// The sample repeated, each copy numbered so every phrase is unique.
fn long_article(words: usize) -> String {
    let per_copy = SAMPLE.split_whitespace().count();
    let copies = words.div_ceil(per_copy);
    let mut text = String::from("A very long article\n\n");
    for i in 0..copies {
        text.push_str(&format!("Part {i}.\n\n"));
        text.push_str(SAMPLE);
        text.push_str("\n\n");
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_article_renders_lean_and_marks_near_its_end() {
    let text = long_article(100_000);
    let chars = text.chars().count();
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
    let started = Instant::now();
    app.client
        .find(Locator::XPath(
            "//button[normalize-space(.)='Load article']",
        ))
        .await
        .expect("the Load article button")
        .click()
        .await
        .expect("load");
    app.wait_until(
        "the long article is shown",
        "return document.querySelector('article.article h2')?.textContent === 'A very long article';",
    )
    .await;
    let load = started.elapsed();

    let nodes = app
        .eval("return document.querySelectorAll('article.article *').length;")
        .await
        .as_u64()
        .expect("a count") as usize;
    assert!(
        nodes * 20 < chars,
        "{nodes} elements for {chars} characters: expected far fewer elements than characters"
    );

    // The last part's heading, some 600,000 code points in.
    let needle = format!("Part {}.", text.matches("Part ").count() - 1);
    app.select_text(&needle).await;
    let started = Instant::now();
    app.press("c").await;
    app.wait_until(
        "the claim near the end is highlighted",
        "return !!document.querySelector('article .hl-claim');",
    )
    .await;
    let mark = started.elapsed();
    let highlighted = app
        .eval("return document.querySelector('article .hl-claim').textContent;")
        .await;
    assert_eq!(highlighted, needle.as_str());
    eprintln!(
        "long article: {chars} code points, {nodes} elements; load and render {:.0} ms; mark a claim {:.0} ms",
        load.as_secs_f64() * 1e3,
        mark.as_secs_f64() * 1e3
    );
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

/// A document of 500 annotations (the benchmark's generated article):
/// the annotations list renders only a window of rows, yet the keyboard
/// reaches every row, and choosing the last row opens its editor.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_renders_a_window_and_the_keyboard_reaches_every_row() {
    use crate::bench_article::bench_article;
    use crate::corpus::{open_file, temp_file};
    let article = bench_article(10_000, 500);
    let native = attrib_core::formats::native::export(&article.doc)
        .expect("export")
        .contents;
    let path = temp_file("long-list.json", &native);
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    open_file(&app, &path).await;
    app.wait_until(
        "the 500 annotations are listed",
        "return document.querySelector('.annotations-panel h2 .count')?.textContent === '500';",
    )
    .await;
    let rows = app
        .eval("return document.querySelectorAll('ul.ann-list > [role=listitem]').length;")
        .await
        .as_u64()
        .expect("a count");
    assert!(
        (1..=80).contains(&rows),
        "{rows} of 500 rows rendered: expected a window"
    );
    let setsize = app
        .eval("return document.querySelector('ul.ann-list > [role=listitem]').getAttribute('aria-setsize');")
        .await;
    assert_eq!(setsize, "500");

    // End in the list reaches the last row, Home the first.
    app.eval("document.querySelector('ul.ann-list .ann-go').focus(); return true;")
        .await;
    app.press(&Key::End.to_string()).await;
    app.wait_until(
        "the last row has focus",
        "return document.activeElement?.closest('li')?.getAttribute('aria-posinset') === '500';",
    )
    .await;
    // Enter chooses it: its editor opens in the list.
    app.press(&Key::Enter.to_string()).await;
    app.wait_until(
        "the last row's editor is open",
        "return !!document.querySelector('li[aria-posinset=\"500\"] #annotation-editor');",
    )
    .await;
    app.eval("document.querySelector('li[aria-posinset=\"500\"] .ann-go').focus(); return true;")
        .await;
    app.press(&Key::Home.to_string()).await;
    app.wait_until(
        "the first row has focus",
        "return document.activeElement?.closest('li')?.getAttribute('aria-posinset') === '1';",
    )
    .await;
    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}
