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

    // The paragraphs sit in chunks (div.chunk, content-visibility: auto) of
    // 48, and nothing else sits in the article.
    let shape = app
        .eval(
            "const a = document.querySelector('article.article');
             const chunks = [...a.children].filter(c => c.matches('div.chunk'));
             return [a.children.length - chunks.length,
                     a.querySelectorAll('p.paragraph, h2.headline').length,
                     chunks.map(c => c.children.length)];",
        )
        .await;
    let paragraphs = shape[1].as_u64().expect("a count") as usize;
    let sizes: Vec<usize> = serde_json::from_value(shape[2].clone()).expect("sizes");
    assert_eq!(shape[0], 0, "only chunks in the article");
    assert_eq!(sizes.len(), paragraphs.div_ceil(48));
    assert!(
        sizes[..sizes.len() - 1].iter().all(|&n| n == 48),
        "{sizes:?}"
    );
    assert_eq!(sizes.iter().sum::<usize>(), paragraphs);

    // The browser's find reaches a part in a chunk far off screen.
    let middle = format!("Part {}.", text.matches("Part ").count() / 2);
    let found = app
        .eval(&format!(
            "// The paste box still holds the text: empty it, so find looks
             // in the article alone.
             const box = document.getElementById('article-text');
             box.value = ''; box.closest('details').open = false;
             window.scrollTo(0, 0); window.getSelection().removeAllRanges();
             const found = window.find({middle:?});
             const at = window.getSelection().anchorNode;
             const chunk = at && at.parentElement && at.parentElement.closest('article.article > .chunk');
             return [found, chunk ? [...chunk.parentElement.children].indexOf(chunk) : -1,
                     // The text at the selection's start (Firefox's
                     // Selection.toString() gives nothing for a chunk
                     // not yet rendered).
                     at && at.data ? at.data.substr(window.getSelection().anchorOffset, {len}) : null];",
            len = middle.chars().count()
        ))
        .await;
    assert_eq!(found[0], true, "find {middle}: {found}");
    assert!(
        found[1].as_i64().is_some_and(|i| i > 2),
        "find {middle}: {found}"
    );
    assert_eq!(found[2], middle.as_str());

    // The keyboard carries a selection from the first chunk's last
    // paragraph into the second chunk, and c marks a claim across both.
    app.eval(
        "const a = document.querySelector('article.article');
         a.scrollIntoView(); a.focus();
         const segs = a.children[0].querySelectorAll('[data-s]');
         const t = segs[segs.length - 1].firstChild;
         window.getSelection().collapse(t, t.data.length - 4);
         return true;",
    )
    .await;
    app.press(&format!(
        "{}{}",
        Key::Shift,
        Key::Right.to_string().repeat(10)
    ))
    .await;
    app.press("c").await;
    app.wait_until(
        "a claim is highlighted in the first two chunks",
        "const c = document.querySelectorAll('article.article > .chunk');
         return !!c[0].querySelector('.hl-claim') && !!c[1].querySelector('.hl-claim');",
    )
    .await;
    let ids = app
        .eval(
            "const c = document.querySelectorAll('article.article > .chunk');
             return [c[0].querySelector('.hl-claim').dataset.ann,
                     c[1].querySelector('.hl-claim').dataset.ann];",
        )
        .await;
    assert_eq!(ids[0], ids[1], "one claim across the chunks: {ids}");

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
