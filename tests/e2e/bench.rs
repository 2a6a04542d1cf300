//! Browser benchmarks, run by `cargo xtask bench` (never by `cargo xtask
//! test`: they are `#[ignore]`d, and they print figures instead of asserting
//! them, since these machines are shared and noisy). Each figure is measured
//! in the page with `performance.now()`, from the event that starts the work
//! to the first animation frame after the result is in the DOM (so it
//! includes rendering), and reported as the median of several runs.

use serde_json::json;

use crate::harness::App;

const SAMPLE: &str = include_str!("../../static/sample-article.txt");

/// Runs per figure.
const RUNS: usize = 5;

/// The sample repeated to about `words` words, each copy numbered.
fn article(words: usize) -> String {
    let per_copy = SAMPLE.split_whitespace().count();
    let mut text = String::from("A very long article\n\n");
    for i in 0..words.div_ceil(per_copy) {
        text.push_str(&format!("Part {i}.\n\n{SAMPLE}\n\n"));
    }
    text
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Loads `text` as the article, as a paste and "Load article" would.
async fn load(app: &App, text: &str) {
    app.client
        .execute(
            "const t = document.getElementById('article-text'); t.value = arguments[0]; \
             t.closest('details').open = true; return true;",
            vec![json!(text)],
        )
        .await
        .expect("paste the article");
    app.click_button("Load article").await;
    app.wait_until(
        "the article is shown",
        "return document.querySelector('article.article h2')?.textContent === 'A very long article';",
    )
    .await;
}

/// Milliseconds from pressing `g` (Suggest) to the first frame after the
/// Suggestions panel lists its rows, the rows listed, and the milliseconds
/// of the app's own "attrib: suggest" measure (the suggester and the
/// reducer, without rendering).
async fn time_suggest(app: &App) -> (f64, u64, f64) {
    let result = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             performance.clearMeasures('attrib: suggest');
             const t0 = performance.now();
             document.dispatchEvent(new KeyboardEvent('keydown', {key: 'g', code: 'KeyG', bubbles: true}));
             const check = () => {
               const rows = document.querySelectorAll('.sg-list .sg-row').length;
               if (rows > 0) {
                 requestAnimationFrame(() => {
                   const m = performance.getEntriesByName('attrib: suggest');
                   done([performance.now() - t0, rows, m.length ? m[0].duration : -1]);
                 });
               } else {
                 setTimeout(check, 0);
               }
             };
             check();",
            vec![],
        )
        .await
        .expect("suggest in the page");
    let ms = result[0].as_f64().expect("a time");
    let rows = result[1].as_u64().expect("a count");
    let compute = result[2].as_f64().expect("a measure");
    (ms, rows, compute)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn bench_suggest_in_the_browser() {
    for words in [10_000, 100_000] {
        let text = article(words);
        let mut times = Vec::new();
        let mut computes = Vec::new();
        let mut found = 0;
        for _ in 0..RUNS {
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            load(&app, &text).await;
            let (ms, rows, compute) = time_suggest(&app).await;
            times.push(ms);
            computes.push(compute);
            found = rows;
            app.close().await;
        }
        println!(
            "browser: suggest on {words} words ({} code points): {found} suggestions listed; \
             suggester and reducer median {:.0} ms; key press to painted median {:.0} ms (runs: {})",
            text.chars().count(),
            median(computes),
            median(times.clone()),
            times
                .iter()
                .map(|t| format!("{t:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// Installs a `PerformanceObserver` of long tasks (main-thread tasks over
/// 50 ms, as the browser reports them): `window.__longest` holds the
/// longest seen since `window.__longest_from` (a `performance.now()` time),
/// in ms. Chromium reports them; a browser that does not leaves it at -1.
const LONG_TASKS_JS: &str = "
    if (!window.__long_observer) {
      window.__longest = -1;
      window.__longest_from = 0;
      try {
        window.__long_observer = new PerformanceObserver(list => {
          for (const e of list.getEntries()) {
            if (e.startTime + e.duration >= window.__longest_from) {
              window.__longest = Math.max(window.__longest, e.duration);
            }
          }
        });
        window.__long_observer.observe({type: 'longtask', buffered: false});
        window.__longest = 0;
      } catch (_) {}
    }";

/// Resets the longest task, from now.
async fn reset_longest(app: &App) {
    app.eval(&format!(
        "{LONG_TASKS_JS}
         window.__longest = window.__longest < 0 ? -1 : 0;
         window.__longest_from = performance.now();
         return true;"
    ))
    .await;
}

/// The longest main-thread task (ms) since [`reset_longest`], after the
/// observer has heard every task so far (a frame and a tick later).
async fn longest(app: &App) -> f64 {
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => setTimeout(() => done(window.__longest), 50));",
            vec![],
        )
        .await
        .expect("read the longest task")
        .as_f64()
        .unwrap_or(-1.0)
}

/// Installs, before a file is chosen, a clock that starts when the file
/// input changes and stops at the first frame after the corpus panel says
/// "Document 1 of `n`" and lists its rows; the time lands in
/// `window.__corpus_opened` (ms). Long tasks are counted from the change.
fn time_corpus_open_js(n: usize) -> String {
    format!(
        "{LONG_TASKS_JS}
         window.__corpus_opened = null;
         document.addEventListener('change', e => {{
           if (!(e.target instanceof HTMLInputElement) || e.target.type !== 'file') return;
           const t0 = performance.now();
           window.__longest = window.__longest < 0 ? -1 : 0;
           window.__longest_from = t0;
           const check = () => {{
             const p = document.querySelector('.corpus-position');
             const rows = document.querySelectorAll('#corpus-list li').length;
             if (p && p.textContent === 'Document 1 of {n}' && rows > 0) {{
               requestAnimationFrame(() => {{ window.__corpus_opened = performance.now() - t0; }});
             }} else {{
               setTimeout(check, 5);
             }}
           }};
           check();
         }}, {{capture: true, once: true}});
         return true;"
    )
}

/// Milliseconds from Alt+↓ to the first frame after the next document
/// (`to`, from 1) is painted and named in the corpus panel.
async fn time_corpus_next(app: &App, to: usize, n: usize) -> f64 {
    app.client
        .execute_async(
            "const [to, n, done] = arguments;
             const t0 = performance.now();
             document.dispatchEvent(new KeyboardEvent('keydown',
               {key: 'ArrowDown', code: 'ArrowDown', altKey: true, bubbles: true}));
             const want = 'Document ' + to + ' of ' + n;
             const title = 'Story ' + String(to).padStart(4, '0');
             const check = () => {
               const p = document.querySelector('.corpus-position');
               const h = document.querySelector('article.article h2');
               if (p && p.textContent === want && h && h.textContent === title) {
                 requestAnimationFrame(() => done(performance.now() - t0));
               } else {
                 setTimeout(check, 0);
               }
             };
             check();",
            vec![json!(to), json!(n)],
        )
        .await
        .expect("move to the next document")
        .as_f64()
        .expect("a time")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn bench_corpus_in_the_browser() {
    use crate::corpus::{corpus_jsonl, open_file, temp_file};
    for (n, runs) in [(1_000, RUNS), (10_000, 3)] {
        let jsonl = corpus_jsonl(n);
        let path = temp_file(&format!("bench-{n}.jsonl"), &jsonl);
        let mut opens = Vec::new();
        let mut nexts = Vec::new();
        let mut open_longest = Vec::new();
        let mut next_longest = Vec::new();
        let mut phases = String::new();
        for _ in 0..runs {
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            assert_eq!(app.eval(&time_corpus_open_js(n)).await, json!(true));
            open_file(&app, &path).await;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
            let opened = loop {
                if let Some(ms) = app.eval("return window.__corpus_opened;").await.as_f64() {
                    break ms;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "the {n}-document corpus did not open in 10 minutes"
                );
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            };
            opens.push(opened);
            open_longest.push(longest(&app).await);
            if phases.is_empty() {
                phases = app
                    .eval(
                        "return performance.getEntriesByType('measure')
                           .filter(m => /^attrib: (open|corpus)/.test(m.name))
                           .map(m => m.name.slice(8) + ' ' + Math.round(m.duration) + ' ms')
                           .join(', ');",
                    )
                    .await
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
            }
            reset_longest(&app).await;
            for to in 2..=(RUNS + 1) {
                nexts.push(time_corpus_next(&app, to, n).await);
            }
            next_longest.push(longest(&app).await);
            app.close().await;
        }
        let list = |v: &[f64]| {
            v.iter()
                .map(|t| format!("{t:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "browser: corpus of {n} documents ({:.1} MB JSONL): file chosen to first document \
             painted and list shown median {:.0} ms (runs: {}); Alt+↓ to next document painted \
             median {:.0} ms (runs: {}); longest main-thread task while opening median {:.0} ms \
             (runs: {}), while moving {:.0} ms (runs: {})",
            jsonl.len() as f64 / 1_048_576.0,
            median(opens.clone()),
            list(&opens),
            median(nexts.clone()),
            list(&nexts),
            median(open_longest.clone()),
            list(&open_longest),
            median(next_longest.clone()),
            list(&next_longest)
        );
        println!("browser: corpus of {n} documents, phases of the first run: {phases}");
    }
}

/// Installs, before a file is chosen or the pasted text is loaded, a clock
/// from the file input's change (or from now, with `now`) to the first
/// notice that is no longer "Opening …": the time it was first told
/// something lands in `window.__big_told`, the outcome's time and text in
/// `window.__big_done`. Long tasks are counted from the start.
fn time_big_js(now: bool) -> String {
    format!(
        "{LONG_TASKS_JS}
         window.__big_told = null; window.__big_done = null;
         const start = () => {{
           const t0 = performance.now();
           window.__longest = window.__longest < 0 ? -1 : 0;
           window.__longest_from = t0;
           const check = () => {{
             const n = document.querySelector('.notice');
             if (n && window.__big_told === null) window.__big_told = performance.now() - t0;
             const text = n ? n.textContent : '';
             if (n && !text.startsWith('Opening ')) {{
               requestAnimationFrame(() => {{
                 window.__big_done = [performance.now() - t0, text.slice(0, 160)];
               }});
             }} else {{
               setTimeout(check, 5);
             }}
           }};
           check();
         }};
         if ({now}) {{
           start();
         }} else {{
           document.addEventListener('change', e => {{
             if (e.target instanceof HTMLInputElement && e.target.type === 'file') start();
           }}, {{capture: true, once: true}});
         }}
         return true;"
    )
}

/// A document holding `n` claims over a long text, as Attrib JSON.
fn annotated_json(n: usize) -> String {
    use attrib_core::model::{Kind, Span};
    use attrib_core::{AnnotatedDocument, Annotation, Document, Metadata};
    let text = article(n / 4 + 100);
    let words: Vec<(usize, usize)> = {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.chars().enumerate() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        spans
    };
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "big".into(),
            title: Some("A very long article".into()),
            ..Metadata::default()
        },
        Document::new(&text),
    );
    for (k, &(s, e)) in words.iter().cycle().take(n).enumerate() {
        doc.annotations.push(Annotation::new(
            &format!("a{k}"),
            Kind::Claim,
            vec![Span::new(s, e)],
        ));
    }
    attrib_core::formats::native::export(&doc)
        .expect("the big document exports")
        .contents
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn bench_big_files_in_the_browser() {
    use crate::corpus::{open_file, temp_file};
    let ten_mb_article = {
        let mut text = article(1_700_000);
        text.truncate(10 * 1024 * 1024);
        text
    };
    let fifty_mb_json = format!(
        "{{\"text\": \"{}\"}}",
        "Officials said the plan would change. ".repeat(50 * 1024 * 1024 / 38)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        ("a 10 MB article (.txt)", ten_mb_article, "big.txt"),
        ("a 50 MB JSON", fifty_mb_json, "big.json"),
        (
            "a JSON of 1,000,000 annotations",
            annotated_json(1_000_000),
            "million.json",
        ),
        (
            "a JSON of 100,000 annotations (the limit)",
            annotated_json(100_000),
            "limit.json",
        ),
        ("20 MB of pasted text", "x".repeat(20 * 1024 * 1024), ""),
    ];
    for (what, contents, file) in cases {
        let mut told = Vec::new();
        let mut done = Vec::new();
        let mut longests = Vec::new();
        let mut outcome = String::new();
        for _ in 0..3 {
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            if file.is_empty() {
                app.client
                    .execute(
                        "const t = document.getElementById('article-text'); t.value = arguments[0]; \
                         t.closest('details').open = true; return true;",
                        vec![json!(contents)],
                    )
                    .await
                    .expect("paste the text");
                app.eval(&time_big_js(true)).await;
                app.eval(
                    "setTimeout(() => [...document.querySelectorAll('button')]
                       .find(b => b.textContent.trim() === 'Load article').click(), 0);
                     return true;",
                )
                .await;
            } else {
                let path = temp_file(file, &contents);
                app.eval(&time_big_js(false)).await;
                open_file(&app, &path).await;
            }
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
            let result = loop {
                let v = app.eval("return window.__big_done;").await;
                if v.is_array() {
                    break v;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{what}: nothing was said in 5 minutes"
                );
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            };
            told.push(
                app.eval("return window.__big_told;")
                    .await
                    .as_f64()
                    .unwrap_or(-1.0),
            );
            done.push(result[0].as_f64().unwrap_or(-1.0));
            outcome = result[1].as_str().unwrap_or_default().to_string();
            longests.push(longest(&app).await);
            app.close().await;
        }
        println!(
            "browser: {what} ({:.1} MB): first notice after median {:.0} ms; outcome after \
             median {:.0} ms; longest main-thread task median {:.0} ms (runs: {}); said: {outcome:?}",
            contents.len() as f64 / 1_048_576.0,
            median(told),
            median(done),
            median(longests.clone()),
            longests
                .iter()
                .map(|t| format!("{t:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
