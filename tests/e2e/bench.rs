//! Browser benchmarks, run by `cargo xtask bench` (never by `cargo xtask
//! test`: they are `#[ignore]`d, and they print figures instead of asserting
//! them, since these machines are shared and noisy). Each figure is measured
//! in the page with `performance.now()`, from the event that starts the work
//! to the first animation frame after the result is in the DOM (so it
//! includes rendering), and reported as the median of several runs.

use serde_json::json;

use crate::bench_article::{bench_article, BenchArticle, HEADLINE};
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

/// The median; NaN (null in the JSON) for no values (a probe the browser
/// could not run).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
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

/// The big-files bench's stand-in file name for text pasted into the box
/// through a paste event.
const PASTE: &str = "<paste>";

/// A document holding `n` claims over a long text, as Attrib JSON.
fn annotated_json(n: usize) -> String {
    crate::bad_files::claims_json("big", "A very long article", &article(n / 4 + 100), n)
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
        (
            "20 MB in the text box, then Load article",
            "x".repeat(20 * 1024 * 1024),
            "",
        ),
        (
            "20 MB pasted (a paste event)",
            "x".repeat(20 * 1024 * 1024),
            PASTE,
        ),
    ];
    for (what, contents, file) in cases {
        let mut told = Vec::new();
        let mut done = Vec::new();
        let mut longests = Vec::new();
        let mut outcome = String::new();
        for _ in 0..3 {
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            if file == PASTE {
                app.client
                    .execute(
                        "window.__paste = arguments[0]; \
                         document.getElementById('article-text').closest('details').open = true; \
                         return true;",
                        vec![json!(contents)],
                    )
                    .await
                    .expect("hold the text to paste");
                app.eval(&time_big_js(true)).await;
                app.eval(
                    "setTimeout(() => {
                       const dt = new DataTransfer(); dt.setData('text/plain', window.__paste);
                       document.getElementById('article-text').dispatchEvent(new ClipboardEvent(
                         'paste', {clipboardData: dt, bubbles: true, cancelable: true}));
                     }, 0);
                     return true;",
                )
                .await;
            } else if file.is_empty() {
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

// ---------------------------------------------------------------------------
// Annotating a long article: open, reopen, add, undo, scroll and memory, on
// generated articles (`bench_article.rs`), each figure beside the floor (the
// same text opened with no annotations). Written to `bench/results.json`.

/// `painted(w)`: whether the article `w` describes is in the page with every
/// highlight: its headline and last paragraph shown, the annotations panel
/// counting `w.count`, and the last annotation highlighted (the app renders
/// a document in one pass, so the last one in means all are).
const PAINTED_JS: &str = "
const painted = (w) => {
  const art = document.querySelector('article.article');
  if (!art) return false;
  // The paragraphs sit in chunks (div.chunk) of the article.
  const inner = (el, end) => el && el.matches('.chunk') ? el[end] : el;
  const first = inner(art.firstElementChild, 'firstElementChild');
  const last = inner(art.lastElementChild, 'lastElementChild');
  if (!first || first.textContent !== w.headline) return false;
  if (!last || last.textContent !== w.lastParagraph) return false;
  if (w.count === 0) return true;
  const c = document.querySelector('.annotations-panel h2 .count');
  if (!c || c.textContent !== String(w.count)) return false;
  return !!art.querySelector('[data-ann~=\"' + w.lastId + '\"]');
};
const twoFrames = (f) => requestAnimationFrame(() => requestAnimationFrame(f));
";

/// What `painted` looks for.
fn want(article: &BenchArticle, count: usize) -> serde_json::Value {
    json!({
        "headline": HEADLINE,
        "lastParagraph": article.last_paragraph,
        "count": count,
        "lastId": article.last_id,
    })
}

/// Installs a clock that starts when the file input changes and stops two
/// frames after `painted(w)` holds; the time lands in `window.__bench_done`.
async fn arm_open_clock(app: &App, w: &serde_json::Value) {
    let script = format!(
        "{PAINTED_JS}
         const w = arguments[0];
         window.__bench_done = null;
         document.addEventListener('change', e => {{
           if (!(e.target instanceof HTMLInputElement) || e.target.type !== 'file') return;
           const t0 = performance.now();
           const check = () => painted(w)
             ? twoFrames(() => {{ window.__bench_done = performance.now() - t0; }})
             : setTimeout(check, 0);
           check();
         }}, {{capture: true, once: true}});
         return true;"
    );
    app.client
        .execute(&script, vec![w.clone()])
        .await
        .expect("arm the open clock");
}

/// Has every later page load of this session time itself from navigation
/// start (performance.now() is 0 there) to two frames after `painted(w)`,
/// into `window.__bench_done`; installed through ChromeDriver's DevTools
/// command, so it runs before the app's own scripts.
async fn arm_reload_clock(app: &App, w: &serde_json::Value) {
    let source = format!(
        "{PAINTED_JS}
         window.__bench_done = null;
         const w = {w};
         const check = () => painted(w)
           ? twoFrames(() => {{ window.__bench_done = performance.now(); }})
           : setTimeout(check, 0);
         check();"
    );
    app.client
        .issue_cmd(Cdp {
            cmd: "Page.addScriptToEvaluateOnNewDocument",
            params: json!({ "source": source }),
        })
        .await
        .expect("install the reload clock (ChromeDriver's goog/cdp/execute)");
}

/// A Chrome DevTools Protocol command through ChromeDriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// Polls `window.__bench_done` until a clock has stopped (up to 5 minutes:
/// a slow build on a loaded machine is a figure, not a failure).
async fn clock_reading(app: &App, what: &str) -> f64 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        if let Ok(v) = app
            .client
            .execute("return window.__bench_done ?? null;", vec![])
            .await
        {
            if let Some(ms) = v.as_f64() {
                return ms;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: not painted in 5 minutes"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A probe of the CSS Custom Highlight API on the page the floor
/// measures (the plain text in the app, no spans): `n` ranges spread over
/// the article's text, made and registered as one `Highlight` and timed to
/// the second frame after, then one more range added in view and timed the
/// same way. Not how Attrib draws highlights (it wraps them in spans): a
/// figure for what drawing them as ranges would cost on this page. `None`
/// where the browser lacks the API.
async fn highlight_api_probe(app: &App, n: usize) -> Option<(f64, f64)> {
    let reading = app
        .client
        .execute_async(
            "const n = arguments[0];
             const done = arguments[arguments.length - 1];
             if (!window.CSS || !CSS.highlights || typeof Highlight !== 'function') {
               done(null);
               return;
             }
             const twoFrames = (f) => requestAnimationFrame(() => requestAnimationFrame(f));
             const art = document.querySelector('article.article');
             const walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
             const nodes = [];
             for (let t; (t = walker.nextNode());) if (t.data.length > 40) nodes.push(t);
             const sheet = document.styleSheets[0];
             const rule = sheet.insertRule(
               '::highlight(attrib-bench) { background-color: #ffe08a; }',
               sheet.cssRules.length);
             const t0 = performance.now();
             const ranges = [];
             for (let i = 0; i < n; i++) {
               const t = nodes[Math.floor(i * nodes.length / n)];
               const s = (i * 7919) % (t.data.length - 30);
               const r = new Range();
               r.setStart(t, s);
               r.setEnd(t, s + 12 + (i % 17));
               ranges.push(r);
             }
             const h = new Highlight(...ranges);
             CSS.highlights.set('attrib-bench', h);
             twoFrames(() => {
               const all = performance.now() - t0;
               const inView = nodes.find(t => {
                 const b = t.parentElement.getBoundingClientRect();
                 return b.top >= 0 && b.bottom <= innerHeight;
               }) || nodes[0];
               const r = new Range();
               r.setStart(inView, 0);
               r.setEnd(inView, 20);
               const t1 = performance.now();
               h.add(r);
               twoFrames(() => {
                 const one = performance.now() - t1;
                 CSS.highlights.delete('attrib-bench');
                 sheet.deleteRule(rule);
                 done([all, one]);
               });
             });",
            vec![json!(n)],
        )
        .await
        .expect("run the Custom Highlight API probe");
    let pair = reading.as_array()?;
    Some((pair.first()?.as_f64()?, pair.get(1)?.as_f64()?))
}

/// The JS heap in use (Chromium's `performance.memory`), the wasm linear
/// memory's size and the elements in the page, in bytes and a count.
async fn memory(app: &App) -> (f64, f64, f64) {
    let v = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const tag = document.querySelector('script[data-attrib-js]');
             const heap = performance.memory ? performance.memory.usedJSHeapSize : -1;
             const elements = document.getElementsByTagName('*').length;
             // The glue's init returns the instance it already made.
             import(tag.dataset.attribJs)
               .then(g => g.default())
               .then(w => done([heap, w.memory.buffer.byteLength, elements]))
               .catch(() => done([heap, -1, elements]));",
            vec![],
        )
        .await
        .expect("read memory");
    let f = |i: usize| v[i].as_f64().unwrap_or(-1.0);
    (f(0), f(1), f(2))
}

/// Selects the first word of the plain paragraph at `start`, scrolled into
/// view, and waits until the app has it (the Claim button is enabled).
async fn select_in_paragraph(app: &App, start: usize) {
    let ok = app
        .client
        .execute(
            "const p = document.querySelector('article.article [data-start=\"' + arguments[0] + '\"]');
             if (!p) return false;
             p.scrollIntoView({block: 'center'});
             const node = p.firstElementChild.firstChild;
             const r = document.createRange();
             r.setStart(node, 0);
             r.setEnd(node, 8);
             const s = getSelection();
             s.removeAllRanges();
             s.addRange(r);
             return true;",
            vec![json!(start)],
        )
        .await
        .expect("select a word");
    assert_eq!(ok, json!(true), "no paragraph at {start}");
    app.wait_until(
        "the selection reaches the app",
        "return document.querySelector('button[aria-keyshortcuts=\"c\"]')?.disabled === false;",
    )
    .await;
}

/// Milliseconds from a key that changes nothing (F13: no binding) to two
/// frames after it, measured as [`time_key`] measures an edit: the floor of
/// that measure on the same page, since the second frame comes one to two
/// frame intervals after any key, however little it does.
async fn time_noop_key(app: &App) -> f64 {
    let script = format!(
        "{PAINTED_JS}
         const done = arguments[arguments.length - 1];
         const t0 = performance.now();
         document.dispatchEvent(new KeyboardEvent('keydown',
           {{key: 'F13', code: 'F13', bubbles: true}}));
         setTimeout(() => twoFrames(() => done(performance.now() - t0)), 0);"
    );
    app.client
        .execute_async(&script, vec![])
        .await
        .expect("press a key that changes nothing")
        .as_f64()
        .expect("a time")
}

/// Milliseconds from the key `key` (with Ctrl when `ctrl`) to two frames
/// after the paragraph at `start` has (`claimed`) or has not a claim, and
/// where that time went: the key's handler (the reducer), the render and
/// effects queued behind it, the first frame's start and end, and the
/// app's own `attrib:` measures taken meanwhile.
async fn time_key(app: &App, key: &str, ctrl: bool, start: usize, claimed: bool) -> (f64, String) {
    let script = format!(
        "{PAINTED_JS}
         const [key, ctrl, start, claimed, done] = arguments;
         // Long animation frames (over 50 ms) meanwhile: when each starts
         // rendering and style and layout, and each script's own time and
         // the style and layout it forced (Chromium only).
         const loafs = [];
         let observer = null;
         try {{
           observer = new PerformanceObserver(l => loafs.push(...l.getEntries()));
           observer.observe({{type: 'long-animation-frame'}});
         }} catch (e) {{}}
         const t0 = performance.now();
         const at = {{}};
         document.dispatchEvent(new KeyboardEvent('keydown',
           {{key, code: 'Key' + key.toUpperCase(), ctrlKey: ctrl, bubbles: true}}));
         at.handler = performance.now() - t0;
         queueMicrotask(() => {{ at.rendered = performance.now() - t0; }});
         requestAnimationFrame(() => {{
           at.frame = performance.now() - t0;
           const c = new MessageChannel();
           c.port1.onmessage = () => {{ at.painted = performance.now() - t0; }};
           c.port2.postMessage(0);
         }});
         const check = () => {{
           const p = document.querySelector('article.article [data-start=\"' + start + '\"]');
           if (p && !!p.querySelector('.hl-claim') === claimed) {{
             twoFrames(() => {{
               const ms = performance.now() - t0;
               const phases = Object.entries(at)
                 .map(([k, v]) => k + ' ' + v.toFixed(0))
                 .concat(performance.getEntriesByType('measure')
                   .filter(m => m.name.startsWith('attrib: ') && m.startTime >= t0)
                   .map(m => m.name.slice(8) + ' ' + m.duration.toFixed(0) + ' at '
                     + (m.startTime - t0).toFixed(0)))
                 .join(', ');
               if (observer) {{ loafs.push(...observer.takeRecords()); observer.disconnect(); }}
               const r = (v) => (v - t0).toFixed(0);
               const frames = loafs
                 .filter(f => f.startTime + f.duration >= t0)
                 .map(f => 'frame at ' + r(f.startTime) + ' for ' + f.duration.toFixed(0)
                   + (f.renderStart ? ' (render at ' + r(f.renderStart) + ', style and layout at '
                      + r(f.styleAndLayoutStart) + ')' : '')
                   + f.scripts.map(sc => ' [' + sc.invoker + ' at ' + r(sc.startTime) + ' for '
                      + sc.duration.toFixed(0) + ', forced style and layout '
                      + sc.forcedStyleAndLayoutDuration.toFixed(0) + ']').join(''))
                 .join('; ');
               done([ms, phases + (frames ? '; long frames: ' + frames : '')]);
             }});
           }} else {{
             setTimeout(check, 0);
           }}
         }};
         check();"
    );
    let v = app
        .client
        .execute_async(
            &script,
            vec![json!(key), json!(ctrl), json!(start), json!(claimed)],
        )
        .await
        .expect("press a key");
    (
        v[0].as_f64().expect("a time"),
        v[1].as_str().unwrap_or_default().to_string(),
    )
}

/// Chromium's running totals of the renderer's work (DevTools
/// `Performance.getMetrics`), by name: durations in seconds.
async fn renderer_metrics(app: &App) -> std::collections::HashMap<String, f64> {
    let _ = app
        .client
        .issue_cmd(Cdp {
            cmd: "Performance.enable",
            params: json!({}),
        })
        .await;
    let v = app
        .client
        .issue_cmd(Cdp {
            cmd: "Performance.getMetrics",
            params: json!({}),
        })
        .await
        .unwrap_or_default();
    v["metrics"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|e| Some((e["name"].as_str()?.to_string(), e["value"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The renderer's style, layout and script time since `before`, in ms.
async fn metrics_since(app: &App, before: &std::collections::HashMap<String, f64>) -> String {
    let after = renderer_metrics(app).await;
    [
        "RecalcStyleDuration",
        "LayoutDuration",
        "ScriptDuration",
        "TaskDuration",
    ]
    .iter()
    .map(|name| {
        let d = after.get(*name).unwrap_or(&0.0) - before.get(*name).unwrap_or(&0.0);
        format!("{name} {:.0}", d * 1000.0)
    })
    .chain(["RecalcStyleCount", "LayoutCount"].iter().map(|name| {
        let d = after.get(*name).unwrap_or(&0.0) - before.get(*name).unwrap_or(&0.0);
        format!("{name} {d:.0}")
    }))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Scrolls the page down from a quarter of its height, `FRAMES` frames of
/// `STEP` pixels, and returns the mean main-thread work per frame in ms:
/// from each animation frame's callback (which scrolls) to a message
/// posted there, which runs once the frame's style, layout and paint are
/// done.
async fn scroll_work(app: &App) -> f64 {
    // A slow build scrolls slowly: a figure, not a failure.
    let mut timeouts = fantoccini::wd::TimeoutConfiguration::default();
    timeouts.set_script(Some(std::time::Duration::from_secs(600)));
    app.client
        .update_timeouts(timeouts)
        .await
        .expect("a longer script timeout");
    let v = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const FRAMES = 120, STEP = 120;
             const page = document.scrollingElement;
             page.scrollTop = page.scrollHeight / 4;
             const works = [];
             const channel = new MessageChannel();
             let t0 = 0;
             const frame = () => {
               t0 = performance.now();
               page.scrollTop += STEP;
               channel.port2.postMessage(0);
             };
             channel.port1.onmessage = () => {
               works.push(performance.now() - t0);
               if (works.length < FRAMES) requestAnimationFrame(frame);
               else done(works.reduce((a, b) => a + b, 0) / works.length);
             };
             requestAnimationFrame(() => requestAnimationFrame(frame));",
            vec![],
        )
        .await
        .expect("scroll");
    v.as_f64().expect("a mean")
}

/// One figure's runs and their median.
fn figure(runs: &[f64]) -> serde_json::Value {
    json!({ "median": median(runs.to_vec()), "runs": runs })
}

#[derive(Default)]
struct Figures {
    floor: Vec<f64>,
    floor_heap: Vec<f64>,
    floor_wasm: Vec<f64>,
    open: Vec<f64>,
    reopen: Vec<f64>,
    add: Vec<f64>,
    undo: Vec<f64>,
    scroll: Vec<f64>,
    heap: Vec<f64>,
    wasm: Vec<f64>,
    elements: Vec<f64>,
    /// The Custom Highlight API probe on the floor's page: every range
    /// painted, and one more.
    probe_all: Vec<f64>,
    probe_one: Vec<f64>,
    /// A key that changes nothing → two frames: the add and undo measure's
    /// own floor.
    noop: Vec<f64>,
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn bench_annotate_in_the_browser() {
    use crate::corpus::{open_file, temp_file};
    let mut sizes = Vec::new();
    let mut browser_version = String::new();
    let mut table: Vec<(String, Figures)> = Vec::new();
    // `ATTRIB_BENCH_WORDS=100000` runs one size only (to iterate on it).
    let only: Option<usize> = std::env::var("ATTRIB_BENCH_WORDS")
        .ok()
        .and_then(|w| w.parse().ok());
    // `ATTRIB_BENCH_RUNS=9`: more runs than `RUNS`, on a noisy machine.
    let runs: usize = std::env::var("ATTRIB_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(RUNS);
    for (words, annotations) in [(10_000, 500), (100_000, 5_000)] {
        if only.is_some_and(|w| w != words) {
            continue;
        }
        let article = bench_article(words, annotations);
        let native = attrib_core::formats::native::export(&article.doc)
            .expect("export the generated article")
            .contents;
        let json_path = temp_file(&format!("bench-{words}.json"), &native);
        let txt_path = temp_file(&format!("bench-{words}.txt"), article.doc.text.text());
        let id = article.doc.meta.id.clone();
        let mut f = Figures::default();
        for run in 0..runs {
            // The floor: the same text, plain.
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            if browser_version.is_empty() {
                browser_version = app
                    .client
                    .capabilities()
                    .and_then(|c| c.get("browserVersion"))
                    .and_then(|v| v.as_str())
                    .unwrap_or("unknown")
                    .to_string();
            }
            arm_open_clock(&app, &want(&article, 0)).await;
            open_file(&app, &txt_path).await;
            f.floor.push(clock_reading(&app, "the plain text").await);
            let (heap, wasm, _) = memory(&app).await;
            f.floor_heap.push(heap);
            f.floor_wasm.push(wasm);
            if let Some((all, one)) = highlight_api_probe(&app, annotations).await {
                f.probe_all.push(all);
                f.probe_one.push(one);
            }
            app.close().await;

            // The annotated article: open, add, undo, scroll, reopen.
            let app = App::open().await;
            app.wait_for("article h2.headline").await;
            let w = want(&article, annotations);
            arm_open_clock(&app, &w).await;
            open_file(&app, &json_path).await;
            f.open
                .push(clock_reading(&app, "the annotated article").await);
            let (heap, wasm, elements) = memory(&app).await;
            f.heap.push(heap);
            f.wasm.push(wasm);
            f.elements.push(elements);
            app.wait_until_saved(&id, annotations as u64).await;

            // Add a claim in a plain paragraph, a different one each run.
            let k = article.plain_starts.len() * (run + 1) / (runs + 1);
            let start = article.plain_starts[k];
            f.noop.push(time_noop_key(&app).await);
            select_in_paragraph(&app, start).await;
            let before = renderer_metrics(&app).await;
            let (add, add_phases) = time_key(&app, "c", false, start, true).await;
            let add_phases = format!("{add_phases}; {}", metrics_since(&app, &before).await);
            let before = renderer_metrics(&app).await;
            let (undo, undo_phases) = time_key(&app, "z", true, start, false).await;
            let undo_phases = format!("{undo_phases}; {}", metrics_since(&app, &before).await);
            f.add.push(add);
            f.undo.push(undo);
            // Every run's breakdown: one run alone is noisy on a shared machine.
            println!(
                "browser: annotate {words} words, run {}, ms from the key press: \
                 add {add:.0} ({add_phases}); undo {undo:.0} ({undo_phases})",
                run + 1
            );
            f.scroll.push(scroll_work(&app).await);

            app.wait_until_saved(&id, annotations as u64).await;
            arm_reload_clock(&app, &w).await;
            app.client.refresh().await.expect("reload");
            f.reopen
                .push(clock_reading(&app, "the reopened article").await);
            app.close().await;
        }
        let med = |v: &[f64]| median(v.to_vec());
        sizes.push(json!({
            "words": article.words,
            "annotations": annotations,
            "code_points": article.doc.text.len_chars(),
            "floor_open_ms": figure(&f.floor),
            "open_ms": figure(&f.open),
            "open_ratio_to_floor": med(&f.open) / med(&f.floor),
            "reopen_ms": figure(&f.reopen),
            "reopen_ratio_to_floor": med(&f.reopen) / med(&f.floor),
            "add_ms": figure(&f.add),
            "undo_ms": figure(&f.undo),
            "noop_key_ms": figure(&f.noop),
            "scroll_ms_per_frame": figure(&f.scroll),
            "js_heap_bytes": figure(&f.heap),
            "wasm_memory_bytes": figure(&f.wasm),
            "floor_js_heap_bytes": figure(&f.floor_heap),
            "floor_wasm_memory_bytes": figure(&f.floor_wasm),
            "elements": figure(&f.elements),
            "highlight_api_probe": {
                "ranges": annotations,
                "all_painted_ms": figure(&f.probe_all),
                "one_more_painted_ms": figure(&f.probe_one),
            },
        }));
        table.push((format!("{}k words / {annotations} ann.", words / 1000), f));
    }
    print_table(&table);
    let results = json!({
        "benchmark": "attrib browser annotate",
        "version": 1,
        "browser": format!("headless Chromium {browser_version}"),
        "build": "release (trunk build --release)",
        "runs": runs,
        "sizes": sizes,
    });
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/results.json");
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create bench/");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&results).expect("JSON") + "\n",
    )
    .expect("write bench/results.json");
    println!("written to {}", path.display());
}

/// The figures as a Markdown table: medians, and open and reopen as a
/// multiple of the floor.
fn print_table(table: &[(String, Figures)]) {
    let med = |v: &[f64]| median(v.to_vec());
    let mb = |v: &[f64]| format!("{:.1} MB", med(v) / 1_048_576.0);
    let mut head = String::from("| |");
    let mut rule = String::from("| --- |");
    for (name, _) in table {
        head.push_str(&format!(" {name} | × floor |"));
        rule.push_str(" ---: | ---: |");
    }
    println!("\n{head}\n{rule}");
    type Row<'a> = (&'a str, Box<dyn Fn(&Figures) -> (String, String) + 'a>);
    let ms = |v: &[f64]| format!("{:.0} ms", med(v));
    let rows: Vec<Row> = vec![
        (
            "plain text, no annotations (the floor)",
            Box::new(|f| (ms(&f.floor), "1.0".into())),
        ),
        (
            "open: file chosen → every highlight painted",
            Box::new(|f| (ms(&f.open), format!("{:.1}", med(&f.open) / med(&f.floor)))),
        ),
        (
            "reopen: page load → restored document painted",
            Box::new(|f| {
                (
                    ms(&f.reopen),
                    format!("{:.1}", med(&f.reopen) / med(&f.floor)),
                )
            }),
        ),
        (
            "add: key press → highlight painted",
            Box::new(|f| (ms(&f.add), String::new())),
        ),
        (
            "undo: Ctrl+Z → painted",
            Box::new(|f| (ms(&f.undo), String::new())),
        ),
        (
            "a key that changes nothing → two frames (add's and undo's floor)",
            Box::new(|f| (ms(&f.noop), String::new())),
        ),
        (
            "scroll: main-thread work per frame, mean",
            Box::new(|f| (format!("{:.1} ms", med(&f.scroll)), String::new())),
        ),
        (
            "JS heap (floor)",
            Box::new(|f| {
                (
                    format!("{} ({})", mb(&f.heap), mb(&f.floor_heap)),
                    String::new(),
                )
            }),
        ),
        (
            "wasm memory (floor)",
            Box::new(|f| {
                (
                    format!("{} ({})", mb(&f.wasm), mb(&f.floor_wasm)),
                    String::new(),
                )
            }),
        ),
        (
            "elements in the page",
            Box::new(|f| (format!("{:.0}", med(&f.elements)), String::new())),
        ),
        (
            "probe: as many CSS Custom Highlight ranges on the floor's page → painted",
            Box::new(|f| (ms(&f.probe_all), String::new())),
        ),
        (
            "probe: one range more → painted",
            Box::new(|f| (ms(&f.probe_one), String::new())),
        ),
    ];
    for (name, cell) in rows {
        let mut line = format!("| {name} |");
        for (_, f) in table {
            let (a, b) = cell(f);
            line.push_str(&format!(" {a} | {b} |"));
        }
        println!("{line}");
    }
}
