//! Working through a corpus: open a generated 1,000-document Attrib JSONL
//! corpus through "Open file…", move through it with the keys (Alt+↓,
//! Alt+↑, Alt+N), annotate a document and mark documents done (Alt+M),
//! reload and find the corpus, its statuses, the document shown and its
//! annotation again, then export the corpus as JSONL (the download is
//! captured in the page, as `teach.rs` does) and read the file back.

use std::time::{Duration, Instant};

use attrib_core::formats::jsonl;
use attrib_core::{AnnotatedDocument, Document, Metadata};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::App;

const SAMPLE: &str = include_str!("../../static/sample-article.txt");

/// A deterministic corpus of `n` news-length documents (about 450 words
/// each, cut from the sample article at a place that depends on the
/// document's number), titled "Story 0001" onwards, as Attrib JSONL.
pub fn corpus_jsonl(n: usize) -> String {
    let words: Vec<&str> = SAMPLE.split_whitespace().collect();
    let docs: Vec<AnnotatedDocument> = (1..=n)
        .map(|i| {
            let start = (i * 37) % words.len();
            let body: Vec<&str> = words
                .iter()
                .cycle()
                .skip(start)
                .take(450)
                .copied()
                .collect();
            let text = format!(
                "Story {i:04}\n\nOfficials said the plan for district {i} would change. {}",
                body.join(" ")
            );
            AnnotatedDocument::new(
                Metadata {
                    id: format!("story-{i:04}"),
                    title: Some(format!("Story {i:04}")),
                    ..Metadata::default()
                },
                Document::new(&text),
            )
        })
        .collect();
    jsonl::export(&docs)
        .expect("the generated corpus exports")
        .contents
}

pub use crate::harness::temp_file;

/// Chooses `path` in "Open file…", as the file picker would.
pub async fn open_file(app: &App, path: &std::path::Path) {
    app.client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("the file input")
        .send_keys(&path.to_string_lossy())
        .await
        .expect("choose the file");
}

/// Waits up to a minute for `script` to return true: saving a large
/// corpus on a busy machine takes longer than the harness's 10 s.
pub async fn wait_long(app: &App, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if app.eval(script).await == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the panel says "Document `n` of 1000" and the article
/// shows that story.
async fn shows(app: &App, n: usize) {
    app.wait_until(
        &format!("document {n} is shown"),
        &format!(
            "const p = document.querySelector('.corpus-position'); \
             const h = document.querySelector('article.article h2'); \
             return !!p && p.textContent === 'Document {n} of 1000' \
                 && !!h && h.textContent === 'Story {n:04}';"
        ),
    )
    .await;
}

/// Presses Alt with `key` with the focus on the page, not in a field.
async fn alt(app: &App, key: &str) {
    app.eval("document.activeElement && document.activeElement.blur(); return true;")
        .await;
    app.press(&format!("{}{key}", Key::Alt)).await;
}

/// The accessible name of the list's row for document `n` (from 1).
async fn row_label(app: &App, n: usize) -> String {
    app.eval(&format!(
        "const li = document.querySelector('#corpus-list li[aria-posinset=\"{n}\"] button'); \
         return li ? li.getAttribute('aria-label') : null;"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_document_corpus_opens_moves_by_keys_keeps_its_statuses_and_exports() {
    let app = App::open().await;
    app.wait_for("article.article h2").await;
    let path = temp_file("news-corpus.jsonl", corpus_jsonl(1000));
    open_file(&app, &path).await;
    wait_long(
        &app,
        "the corpus opens on its first document",
        "const p = document.querySelector('.corpus-position'); \
         return !!p && p.textContent === 'Document 1 of 1000';",
    )
    .await;
    shows(&app, 1).await;
    let rows = app
        .eval("return document.querySelectorAll('#corpus-list li').length;")
        .await
        .as_u64()
        .unwrap_or_default();
    assert!(
        (10..100).contains(&rows),
        "the list renders only the rows near the view, not 1,000: {rows}"
    );
    assert_eq!(
        app.eval("return document.querySelector('#corpus-list li').getAttribute('aria-setsize');")
            .await,
        json!("1000")
    );

    // Next, then annotate: the first annotation puts it in progress.
    alt(&app, &Key::Down.to_string()).await;
    shows(&app, 2).await;
    app.select_text("the plan for district 2").await;
    app.press("c").await;
    app.wait_until(
        "the claim is marked",
        "return !!document.querySelector('article .hl-claim');",
    )
    .await;
    app.wait_until(
        "document 2 is in progress with 1 annotation",
        "const b = document.querySelector('#corpus-list li[aria-posinset=\"2\"] button'); \
         return !!b && b.getAttribute('aria-label') === '2. Story 0002: in progress, 1 annotation';",
    )
    .await;
    // Mark it done, then the next one too.
    alt(&app, "m").await;
    app.wait_until(
        "Mark done is pressed",
        "return document.querySelector('.corpus-done').getAttribute('aria-pressed') === 'true';",
    )
    .await;
    alt(&app, &Key::Down.to_string()).await;
    shows(&app, 3).await;
    alt(&app, "m").await;
    app.wait_until(
        "two documents are done",
        "return document.getElementById('corpus-progress').value === 2;",
    )
    .await;
    // Back to 2, which is done and keeps its claim; then the next not done
    // skips 3.
    alt(&app, &Key::Up.to_string()).await;
    shows(&app, 2).await;
    app.wait_until(
        "the claim is still there",
        "return !!document.querySelector('article .hl-claim');",
    )
    .await;
    alt(&app, "n").await;
    shows(&app, 4).await;

    // Reload: the corpus, its statuses and the document shown come back.
    app.client.refresh().await.expect("reload");
    app.record_csp_violations().await;
    wait_long(
        &app,
        "the corpus is reopened on document 4",
        "const p = document.querySelector('.corpus-position'); \
         return !!p && p.textContent === 'Document 4 of 1000';",
    )
    .await;
    shows(&app, 4).await;
    assert_eq!(
        app.eval("return document.getElementById('corpus-progress').value;")
            .await,
        json!(2)
    );
    assert_eq!(
        row_label(&app, 2).await,
        "2. Story 0002: done, 1 annotation"
    );
    assert_eq!(
        row_label(&app, 3).await,
        "3. Story 0003: done, 0 annotations"
    );
    assert_eq!(
        row_label(&app, 5).await,
        "5. Story 0005: not started, 0 annotations"
    );
    crate::teach::screenshot(&app, "corpus", None).await;
    // Choosing a row opens it, with its annotation.
    app.client
        .find(Locator::Css("#corpus-list li[aria-posinset=\"2\"] button"))
        .await
        .expect("the row of document 2")
        .click()
        .await
        .expect("choose document 2");
    shows(&app, 2).await;
    app.wait_until(
        "the claim is restored",
        "return !!document.querySelector('article .hl-claim');",
    )
    .await;

    // Filter: only the done documents.
    app.eval(
        "const s = document.getElementById('corpus-status'); s.value = 'done'; \
         s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
    )
    .await;
    app.wait_until(
        "two documents are listed",
        "return document.querySelectorAll('#corpus-list li').length === 2;",
    )
    .await;

    // Export the corpus as JSONL and read it back.
    app.capture_downloads().await;
    app.click_button("Export corpus").await;
    wait_long(
        &app,
        "the export is captured",
        "return (window.__downloads || []).length >= 1;",
    )
    .await;
    let file = app.eval("return window.__downloads[0];").await;
    assert_eq!(file["name"], "news-corpus.jsonl");
    let text = file["text"].as_str().unwrap_or_default();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 1000);
    let status = |i: usize| lines[i]["document"]["status"].clone();
    assert_eq!(status(0), "not_started");
    assert_eq!(status(1), "done");
    assert_eq!(status(2), "done");
    assert_eq!(status(3), "not_started");
    assert_eq!(lines[1]["document"]["id"], "story-0002");
    let claims = lines[1]["annotations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["kind"], "claim");
    assert_eq!(lines[999]["document"]["title"], "Story 1000");

    // Documents lists the corpus as one row, not a thousand: closed, it is
    // opened again from there (at its first document not done), and
    // deleted from there with its documents after asking.
    app.click_button("Close the corpus").await;
    app.wait_until(
        "the corpus is closed",
        "return !document.querySelector('.corpus-panel');",
    )
    .await;
    app.click_button("Documents").await;
    wait_long(
        &app,
        "the saved corpus is listed",
        "return !!document.querySelector('#documents-list li.corpus-row');",
    )
    .await;
    let listed = app
        .eval(
            "return [...document.querySelectorAll('#documents-list li')] \
               .map(li => li.querySelector('.document-info').textContent);",
        )
        .await;
    assert_eq!(
        listed,
        json!(["Corpus: news-corpus.jsonl2 of 1000 documents done"]),
        "one row for the corpus, none for its documents"
    );
    app.click_button_named("Open the corpus news-corpus.jsonl")
        .await;
    wait_long(
        &app,
        "the corpus reopens at its first document not done",
        "const p = document.querySelector('.corpus-position'); \
         return !document.querySelector('dialog[open]') && !!p && \
           p.textContent === 'Document 1 of 1000';",
    )
    .await;
    app.click_button("Documents").await;
    wait_long(
        &app,
        "the open corpus is marked as open",
        "const r = document.querySelector('#documents-list li.corpus-row'); \
         return !!r && r.getAttribute('aria-current') === 'true';",
    )
    .await;
    app.click_button_named("Delete the corpus news-corpus.jsonl")
        .await;
    let question = app
        .eval("return document.querySelector('li.corpus-row .document-confirm span').textContent;")
        .await;
    assert_eq!(
        question,
        "Delete the corpus “news-corpus.jsonl” from this browser? This removes its 1000 \
         documents (2 done, 0 in progress) with their 1 annotation and statuses, and it cannot \
         be undone. Export the corpus first to keep a copy."
    );
    app.click_button_named("Keep the corpus news-corpus.jsonl")
        .await;
    app.click_button_named("Delete the corpus news-corpus.jsonl")
        .await;
    app.click_button_named("Delete the corpus news-corpus.jsonl for good")
        .await;
    wait_long(
        &app,
        "the corpus is deleted and the sample shown",
        "const n = document.querySelector('.notice-text'); \
         return !document.querySelector('.corpus-panel') && !!n && n.textContent === \
         'Deleted the corpus “news-corpus.jsonl” and its 1000 documents from this browser.';",
    )
    .await;
    let keys = stored_keys(&app, "documents").await;
    assert_eq!(keys.iter().filter(|k| k.contains("/story-")).count(), 0);
    assert_eq!(stored_keys(&app, "corpora").await, Vec::<String>::new());
    app.close().await;
}

/// Every record key of IndexedDB store `store` of the app's database,
/// read in the page.
async fn stored_keys(app: &App, store: &str) -> Vec<String> {
    app.client
        .execute_async(
            "const [store, done] = arguments;
             const open = indexedDB.open('attrib');
             open.onsuccess = () => {
               const db = open.result;
               const req = db.transaction(store, 'readonly').objectStore(store).getAllKeys();
               req.onsuccess = () => { done(req.result.map(String)); db.close(); };
               req.onerror = () => { done(null); db.close(); };
             };
             open.onerror = () => done(null);",
            vec![json!(store)],
        )
        .await
        .expect("read the browser's storage")
        .as_array()
        .expect("the keys")
        .iter()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corpus_with_a_broken_line_opens_in_parts_says_so_and_is_deleted_after_asking() {
    let app = App::open().await;
    app.wait_for("article.article h2").await;
    // 1,200 stories and a broken line 601: several parts of the file.
    let jsonl = corpus_jsonl(1200);
    let mut lines: Vec<&str> = jsonl.lines().collect();
    lines.insert(600, "{\"document\": {\"id\": \"broken\"}}");
    let path = temp_file("parts-corpus.jsonl", &(lines.join("\n") + "\n"));
    // Every notice shown while it opens.
    app.record_notices().await;
    open_file(&app, &path).await;
    // A line did not read: it asks before importing the rest, as for one
    // document (its documents are saved meanwhile, and deleted on Cancel).
    wait_long(
        &app,
        "the question about the broken line",
        "const q = document.querySelector('.import-broken-question'); \
         return !!q && q.textContent.includes('line 601');",
    )
    .await;
    app.click_button("Import the rest").await;
    wait_long(
        &app,
        "the corpus opens on its first document",
        "const p = document.querySelector('.corpus-position'); \
         return !!p && p.textContent === 'Document 1 of 1200';",
    )
    .await;
    let notices: Vec<String> =
        serde_json::from_value(app.eval("return window.__notices;").await).expect("the notices");
    assert!(
        notices.iter().any(
            |n| n.starts_with("Opening the corpus “parts-corpus.jsonl”: ")
                && n.ends_with(" of 1,201 documents read and saved…")
                && !n.contains(": 0 of")
        ),
        "the progress is told part by part: {notices:?}"
    );
    let opened = notices.last().cloned().unwrap_or_default();
    assert!(
        opened.starts_with("Opened the corpus “parts-corpus.jsonl”: 1,200 documents")
            || opened.starts_with("Opened the corpus “parts-corpus.jsonl”: 1200 documents"),
        "{opened}"
    );
    assert!(
        opened.contains("1 line did not read and was left out: line 601"),
        "{opened}"
    );
    let keys = stored_keys(&app, "documents").await;
    assert_eq!(keys.iter().filter(|k| k.contains("/story-")).count(), 1200);

    // Marking one done writes that entry alone, and reading back finds it.
    alt(&app, "m").await;
    app.wait_until(
        "one document is done",
        "return document.getElementById('corpus-progress').value === 1;",
    )
    .await;
    let mut corpora = stored_keys(&app, "corpora").await;
    let mut waited = 0;
    while corpora.len() < 2 && waited < 50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        corpora = stored_keys(&app, "corpora").await;
        waited += 1;
    }
    assert_eq!(
        corpora.len(),
        2,
        "the corpus record and one changed entry: {corpora:?}"
    );
    app.client.refresh().await.expect("reload");
    app.record_csp_violations().await;
    wait_long(
        &app,
        "the corpus is reopened with one document done",
        "const p = document.getElementById('corpus-progress'); return !!p && p.value === 1;",
    )
    .await;
    assert_eq!(
        row_label(&app, 1).await,
        "1. Story 0001: done, 0 annotations"
    );

    // Delete asks first and says what goes; "Cancel" keeps everything.
    app.eval("window.__asked = []; window.confirm = m => { window.__asked.push(m); return false; }; return true;")
        .await;
    app.click_button("Delete the corpus").await;
    let asked = app.eval("return window.__asked;").await;
    assert_eq!(
        asked[0],
        "Delete the corpus “parts-corpus.jsonl” from this browser? This removes its 1200 \
         documents (1 done, 0 in progress) with their 0 annotations and statuses, and it cannot \
         be undone. Export the corpus first to keep a copy."
    );
    assert!(
        app.eval("return !!document.querySelector('.corpus-panel');")
            .await
            == json!(true)
    );
    app.eval("window.confirm = () => true; return true;").await;
    app.click_button("Delete the corpus").await;
    wait_long(
        &app,
        "the corpus is deleted",
        "const n = document.querySelector('.notice-text'); \
         return !document.querySelector('.corpus-panel') && !!n && n.textContent === \
         'Deleted the corpus “parts-corpus.jsonl” and its 1200 documents from this browser.';",
    )
    .await;
    let keys = stored_keys(&app, "documents").await;
    assert_eq!(keys.iter().filter(|k| k.contains("/story-")).count(), 0);
    let summaries = stored_keys(&app, "summaries").await;
    assert_eq!(
        summaries.iter().filter(|k| k.contains("/story-")).count(),
        0
    );
    assert_eq!(stored_keys(&app, "corpora").await, Vec::<String>::new());
    // A reload opens no corpus.
    app.client.refresh().await.expect("reload");
    app.wait_for("article.article h2").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.eval("return !!document.querySelector('.corpus-panel');")
            .await,
        json!(false)
    );
    app.close().await;
}
