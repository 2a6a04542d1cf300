//! What every end-to-end test needs: the release build served on loopback, a
//! ChromeDriver of its own, and a headless Chromium session that reports the
//! browser console so a test can insist it stayed free of errors.
//!
//! Every test also checks the Content-Security-Policy of `index.html`: the
//! page records each `securitypolicyviolation` event (a listener installed
//! right after the page loads) and Chromium logs each violation to the
//! console (which also catches those before the listener); [`App::close`]
//! fails the test if either saw one.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The flags that keep headless Chromium off the network (see DEVELOPERS.md).
const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// Serves a directory over HTTP on 127.0.0.1 on a free port, in a thread
/// that lives as long as the test process.
fn serve_dir(dir: PathBuf) -> SocketAddr {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a loopback port");
    let addr = server
        .server_addr()
        .to_ip()
        .expect("the server listens on an IP address");
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split(['?', '#']).next().unwrap_or("/");
            let relative = path.trim_start_matches('/');
            let relative = if relative.is_empty() {
                "index.html"
            } else {
                relative
            };
            let file = dir.join(relative);
            let inside = !relative.split('/').any(|part| part == "..");
            let response = match std::fs::read(&file) {
                Ok(bytes) if inside => {
                    let header = tiny_http::Header::from_bytes("Content-Type", mime_of(&file))
                        .expect("a valid header");
                    tiny_http::Response::from_data(bytes).with_header(header)
                }
                _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    addr
}

fn mime_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A ChromeDriver process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let binary = env_path("ATTRIB_CHROMEDRIVER", "chromedriver");
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e}; run the tests through `cargo xtask test`, which installs it",
                    binary.display()
                )
            });
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// ChromeDriver's endpoint for the browser console log (not part of W3C
/// WebDriver, so fantoccini has no method for it).
#[derive(Debug)]
struct ConsoleLog;

impl WebDriverCompatibleCommand for ConsoleLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// Finds `arguments[0]` in the article's text nodes and selects it.
const SELECT_TEXT_JS: &str = r#"
const needle = arguments[0];
const article = document.querySelector('article.article');
if (!article) return false;
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
const nodes = [];
let text = '';
while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
const at = text.indexOf(needle);
if (at < 0) return false;
const point = (pos, preferEnd) => {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const [node, start] = nodes[i];
    if (start < pos || (start === pos && !preferEnd) || i === 0) return [node, pos - start];
  }
};
const [a, ao] = point(at, false);
const [b, bo] = point(at + needle.length, true);
window.getSelection().setBaseAndExtent(a, ao, b, bo);
return true;
"#;

/// Records every Content-Security-Policy violation of the page in
/// `window.__cspViolations`, once per page load.
const RECORD_CSP_VIOLATIONS_JS: &str = r#"
if (!window.__cspViolations) {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
      `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}: ${e.sample || ''}`);
  });
}
return true;
"#;

/// Takes the violations recorded since the last call.
const TAKE_CSP_VIOLATIONS_JS: &str = r#"
const seen = window.__cspViolations;
if (!seen) return [];
window.__cspViolations = [];
return seen;
"#;

/// The annotation count of saved document `arguments[0]`, read from the
/// app's summaries store; null when there is none.
const SAVED_COUNT_JS: &str = r#"
const [id, done] = arguments;
const open = indexedDB.open('attrib');
open.onerror = () => done(null);
open.onsuccess = () => {
  const db = open.result;
  if (!db.objectStoreNames.contains('summaries')) { db.close(); done(null); return; }
  const get = db.transaction('summaries', 'readonly').objectStore('summaries').get(id);
  get.onerror = () => { db.close(); done(null); };
  get.onsuccess = () => { db.close(); done(get.result ? get.result.annotation_count : null); };
};
"#;

/// Whether a console message is Chromium reporting a CSP violation.
fn is_csp_message(message: &str) -> bool {
    message.contains("Content Security Policy")
}

/// `s` as an XPath string literal.
pub fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// One browser session on the served app.
pub struct App {
    pub client: Client,
    /// CSP violations the console reported, kept when [`App::console_errors`]
    /// takes the log, for [`App::close`] to check.
    csp_in_console: std::sync::Mutex<Vec<String>>,
    _driver: Driver,
    /// The profile directory, when this session owns it (removed with it).
    _profile: Option<tempdir::Dir>,
    /// The profile directory Chromium runs on.
    profile_path: PathBuf,
}

/// A served release build and a Chromium profile that outlive one browser
/// session, for tests that kill the browser and start it again on the same
/// data (same origin, same profile).
pub struct Session {
    addr: SocketAddr,
    profile: tempdir::Dir,
}

impl Session {
    pub fn new() -> Session {
        Session {
            addr: serve_dir(dist_dir()),
            profile: tempdir::Dir::new(),
        }
    }

    /// Starts a browser on this session's profile and opens the app.
    pub async fn open(&self) -> App {
        App::launch(self.addr, self.profile.0.clone(), None).await
    }
}

fn dist_dir() -> PathBuf {
    let dist = env_path("ATTRIB_DIST", concat!(env!("CARGO_MANIFEST_DIR"), "/dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no release build in {}: run `cargo xtask test` (it builds one) or `trunk build --release`",
        dist.display()
    );
    dist
}

mod tempdir {
    //! A fresh Chromium profile directory, removed afterwards.
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            let unique = format!(
                "attrib-e2e-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default()
            );
            let path = std::env::temp_dir().join(unique);
            std::fs::create_dir_all(&path).expect("create a profile directory");
            Dir(path)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl App {
    /// Serves the release build (ATTRIB_DIST, by default ./dist), starts
    /// ChromeDriver and opens the app in a fresh headless Chromium.
    pub async fn open() -> App {
        let addr = serve_dir(dist_dir());
        let profile = tempdir::Dir::new();
        let path = profile.0.clone();
        App::launch(addr, path, Some(profile)).await
    }

    async fn launch(addr: SocketAddr, profile_path: PathBuf, owned: Option<tempdir::Dir>) -> App {
        let driver = Driver::start();
        let chromium = env_path("ATTRIB_CHROMIUM", "/usr/bin/chromium");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile_path.display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": chromium, "args": args}),
        );
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        let client = ClientBuilder::rustls()
            .expect("a TLS configuration")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session in headless Chromium");
        client
            .goto(&format!("http://{addr}/"))
            .await
            .expect("open the app");
        let app = App {
            client,
            csp_in_console: std::sync::Mutex::new(Vec::new()),
            _driver: driver,
            _profile: owned,
            profile_path,
        };
        app.record_csp_violations().await;
        app
    }

    /// Kills the browser as a crash or a killed process would: SIGKILL to
    /// every process running on this session's profile, no chance to save.
    /// Fails the test if the page broke its Content-Security-Policy first.
    pub async fn kill_browser(self) {
        let violations = self.take_csp_violations().await;
        assert!(
            violations.is_empty(),
            "Content-Security-Policy violations: {violations:#?}"
        );
        let flag = format!("--user-data-dir={}", self.profile_path.display());
        let mut pids = Vec::new();
        for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            if cmdline.split(|b| *b == 0).any(|arg| arg == flag.as_bytes()) {
                pids.push(pid.to_string());
            }
        }
        assert!(!pids.is_empty(), "no browser process runs on {flag}");
        let status = Command::new("kill")
            .arg("-KILL")
            .args(&pids)
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -KILL {pids:?} failed");
        // Wait for them to be gone before the profile is used again.
        let deadline = Instant::now() + Duration::from_secs(20);
        while pids.iter().any(|p| {
            Path::new(&format!("/proc/{p}/cmdline")).exists()
                && std::fs::read(format!("/proc/{p}/cmdline")).is_ok_and(|c| !c.is_empty())
        }) {
            assert!(Instant::now() < deadline, "the browser did not die");
            std::thread::sleep(Duration::from_millis(50));
        }
        // Dropping ends the driver.
    }

    /// Installs the page's violation recorder (again after a reload).
    pub async fn record_csp_violations(&self) {
        self.eval(RECORD_CSP_VIOLATIONS_JS).await;
    }

    /// Every Content-Security-Policy violation since the last call: those
    /// the page recorded, then those the console reported.
    pub async fn take_csp_violations(&self) -> Vec<String> {
        let recorded = self.eval(TAKE_CSP_VIOLATIONS_JS).await;
        let mut violations: Vec<String> = recorded
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        self.console_errors().await;
        let mut logged = self
            .csp_in_console
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        violations.append(&mut logged);
        violations
    }

    /// Waits up to 20 s for an element to appear.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matching {css:?} appeared: {e}"))
    }

    /// Every console message of level SEVERE (errors, panics, failed loads,
    /// CSP violations) since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .client
            .issue_cmd(ConsoleLog)
            .await
            .expect("read the browser console log");
        let errors: Vec<String> = entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect();
        self.csp_in_console
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(errors.iter().filter(|m| is_csp_message(m)).cloned());
        errors
    }

    /// Selects the first occurrence of `needle` in the article, as a person
    /// dragging the mouse over it would. Panics if the text is not there.
    pub async fn select_text(&self, needle: &str) {
        let found = self
            .client
            .execute(SELECT_TEXT_JS, vec![json!(needle)])
            .await
            .expect("run the selection script");
        assert_eq!(found, json!(true), "{needle:?} is not in the article");
    }

    /// Types keys into whatever has focus (the page, when nothing does).
    /// WebDriver's special keys (fantoccini::key::Key) may be mixed in; a
    /// modifier stays down until the end of `keys`.
    pub async fn press(&self, keys: &str) {
        let target = self
            .client
            .active_element()
            .await
            .expect("an active element (the body at least)");
        target.send_keys(keys).await.expect("type the keys");
    }

    /// Selects `needle` in the article, presses q and names the quote's
    /// speaker in the prompt; waits until the highlight names the speaker.
    pub async fn mark_quote(&self, needle: &str, speaker: &str) {
        self.eval("document.activeElement && document.activeElement.blur(); return true;")
            .await;
        self.select_text(needle).await;
        self.press("q").await;
        let name = self.wait_for("#speaker-name").await;
        name.send_keys(&format!("{speaker}{}", fantoccini::key::Key::Enter))
            .await
            .expect("type the speaker's name");
        self.wait_until(
            "the quote is marked with its speaker",
            &format!("return !!document.querySelector('article .hl-quote[title*=\"{speaker}\"]');"),
        )
        .await;
    }

    /// Clicks the button whose visible name starts with `name`.
    pub async fn click_button(&self, name: &str) {
        let xpath = format!(
            "//button[starts-with(normalize-space(.), {})]",
            xpath_literal(name)
        );
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button {name:?}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
    }

    /// Runs a script and returns its result as JSON.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// How many annotations the browser's storage holds for saved document
    /// `id` (from its summary), or `None` when it is not saved.
    pub async fn saved_annotation_count(&self, id: &str) -> Option<u64> {
        let found = self
            .client
            .execute_async(SAVED_COUNT_JS, vec![json!(id)])
            .await
            .unwrap_or_else(|e| panic!("read the browser's storage: {e}"));
        found.as_u64()
    }

    /// Waits up to 20 s until saved document `id` holds `n` annotations.
    pub async fn wait_until_saved(&self, id: &str, n: u64) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let saved = self.saved_annotation_count(id).await;
            if saved == Some(n) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting until “{id}” is saved with {n} annotations (it has {saved:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 10 s for a script to return true.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.eval(script).await == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens Export (Attrib JSON is the default), parses the preview and
    /// closes the dialog again.
    pub async fn export_native(&self) -> serde_json::Value {
        self.click_button("Export").await;
        let preview = self.wait_for("textarea#export-preview").await;
        let text = preview
            .prop("value")
            .await
            .expect("read the preview")
            .expect("the preview has a value");
        self.press(&fantoccini::key::Key::Escape.to_string()).await;
        self.wait_until(
            "the export dialog is closed",
            "return !document.querySelector('dialog[open]');",
        )
        .await;
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("the preview is not JSON: {e}\n{text}"))
    }

    /// Ends the session, failing the test if the page broke its
    /// Content-Security-Policy at any point.
    pub async fn close(self) {
        let violations = self.take_csp_violations().await;
        let _ = self.client.close().await;
        assert!(
            violations.is_empty(),
            "Content-Security-Policy violations: {violations:#?}"
        );
    }
}
