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

/// Installs, before a file is chosen, a clock that starts when the file
/// input changes and stops at the first frame after the corpus panel says
/// "Document 1 of `n`" and lists its rows; the time lands in
/// `window.__corpus_opened` (ms).
fn time_corpus_open_js(n: usize) -> String {
    format!(
        "window.__corpus_opened = null;
         document.addEventListener('change', e => {{
           if (!(e.target instanceof HTMLInputElement) || e.target.type !== 'file') return;
           const t0 = performance.now();
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
            for to in 2..=(RUNS + 1) {
                nexts.push(time_corpus_next(&app, to, n).await);
            }
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
             median {:.0} ms (runs: {})",
            jsonl.len() as f64 / 1_048_576.0,
            median(opens.clone()),
            list(&opens),
            median(nexts.clone()),
            list(&nexts)
        );
    }
}
