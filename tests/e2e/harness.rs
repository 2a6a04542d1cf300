//! What every end-to-end test needs: the release build served on loopback, a
//! WebDriver of its own, and a headless browser session that reports the
//! browser console so a test can insist it stayed free of errors.
//!
//! The browser is Chromium through ChromeDriver, or, with
//! `ATTRIB_BROWSER=firefox`, Firefox (ESR) through geckodriver (binaries
//! from `ATTRIB_FIREFOX` and `ATTRIB_GECKODRIVER`; `cargo xtask test` runs
//! the suite in both, layers e2e and e2e-firefox). The tests are the same;
//! a test that cannot run in one browser says so through [`skip_in`].
//!
//! Every test also checks the Content-Security-Policy of `index.html`: the
//! page records each `securitypolicyviolation` event (a listener installed
//! right after the page loads), and the browser reports each violation on
//! a channel of its own that also catches those before the listener:
//! Chromium logs them to its console (read through ChromeDriver), and
//! Firefox, whose console WebDriver cannot read, posts a report to the test
//! server (the same policy is served as a header with a `report-uri`).
//! [`App::close`] fails the test if either saw one.
//!
//! Console errors: Chromium's console log is read through ChromeDriver; in
//! Firefox the page records `console.error` calls, uncaught errors and
//! unhandled rejections (from the listener's installation on), and
//! Firefox's own `console.error` lines on its standard output (the pref
//! `devtools.console.stdout.content`) catch those before it.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
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

/// The preferences that keep headless Firefox off the network and quiet:
/// no telemetry or health reports, no updates (of Firefox, add-ons, search
/// engines or remote settings), no studies or experiments, no captive-portal or connectivity checks,
/// no Safe Browsing lists, no prefetching, no DNS over HTTPS; and content
/// `console` calls echoed on standard output, Firefox's own not (see the
/// module doc).
const FIREFOX_PREFS: [(&str, FirefoxPref); 38] = [
    ("app.update.disabledForTesting", FirefoxPref::Bool(true)),
    ("app.update.auto", FirefoxPref::Bool(false)),
    ("app.normandy.enabled", FirefoxPref::Bool(false)),
    ("app.shield.optoutstudies.enabled", FirefoxPref::Bool(false)),
    (
        "messaging-system.rsexperimentloader.enabled",
        FirefoxPref::Bool(false),
    ),
    ("browser.region.network.url", FirefoxPref::Str("")),
    ("browser.region.update.enabled", FirefoxPref::Bool(false)),
    (
        "datareporting.policy.dataSubmissionEnabled",
        FirefoxPref::Bool(false),
    ),
    (
        "datareporting.healthreport.uploadEnabled",
        FirefoxPref::Bool(false),
    ),
    ("toolkit.telemetry.enabled", FirefoxPref::Bool(false)),
    ("toolkit.telemetry.unified", FirefoxPref::Bool(false)),
    (
        "toolkit.telemetry.archive.enabled",
        FirefoxPref::Bool(false),
    ),
    ("toolkit.telemetry.server", FirefoxPref::Str("")),
    ("browser.ping-centre.telemetry", FirefoxPref::Bool(false)),
    (
        "network.captive-portal-service.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "network.connectivity-service.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.safebrowsing.malware.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.safebrowsing.phishing.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.safebrowsing.downloads.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.safebrowsing.blockedURIs.enabled",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.safebrowsing.update.enabled",
        FirefoxPref::Bool(false),
    ),
    ("extensions.update.enabled", FirefoxPref::Bool(false)),
    (
        "extensions.getAddons.cache.enabled",
        FirefoxPref::Bool(false),
    ),
    ("extensions.blocklist.enabled", FirefoxPref::Bool(false)),
    ("browser.search.update", FirefoxPref::Bool(false)),
    ("services.settings.poll_interval", FirefoxPref::Int(86_400)),
    ("network.dns.disablePrefetch", FirefoxPref::Bool(true)),
    ("network.prefetch-next", FirefoxPref::Bool(false)),
    (
        "network.http.speculative-parallel-limit",
        FirefoxPref::Int(0),
    ),
    ("network.trr.mode", FirefoxPref::Int(5)),
    ("geo.provider.network.url", FirefoxPref::Str("")),
    ("media.gmp-manager.updateEnabled", FirefoxPref::Bool(false)),
    (
        "browser.shell.checkDefaultBrowser",
        FirefoxPref::Bool(false),
    ),
    (
        "browser.startup.homepage_override.mstone",
        FirefoxPref::Str("ignore"),
    ),
    ("browser.newtabpage.enabled", FirefoxPref::Bool(false)),
    ("browser.aboutwelcome.enabled", FirefoxPref::Bool(false)),
    ("devtools.console.stdout.content", FirefoxPref::Bool(true)),
    ("devtools.console.stdout.chrome", FirefoxPref::Bool(false)),
];

/// A Firefox preference's value.
#[derive(Clone, Copy)]
enum FirefoxPref {
    Bool(bool),
    Int(i64),
    Str(&'static str),
}

/// The browser the end-to-end tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    /// The browser `ATTRIB_BROWSER` names (`chromium`, the default, or
    /// `firefox`).
    pub fn current() -> Browser {
        match std::env::var("ATTRIB_BROWSER").as_deref() {
            Ok("firefox") => Browser::Firefox,
            Ok("chromium") | Ok("") | Err(_) => Browser::Chromium,
            Ok(other) => panic!("ATTRIB_BROWSER is {other:?}: expected chromium or firefox"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
        }
    }
}

/// Whether the running test must be skipped in `browser`: if so, prints
/// why (the test harness shows it with `--nocapture`, and the e2e layers
/// pass it) so that a skip is never a silent pass. Use as
/// `if skip_in(Browser::Firefox, "why") { return; }`.
pub fn skip_in(browser: Browser, reason: &str) -> bool {
    let skip = Browser::current() == browser;
    if skip {
        let test = std::thread::current()
            .name()
            .unwrap_or("this test")
            .to_string();
        println!("SKIPPED in {}: {test}: {reason}", browser.name());
    }
    skip
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// Where the page posts its Content-Security-Policy reports (Firefox).
const CSP_REPORT_PATH: &str = "/__csp-report";

/// The Content-Security-Policy of the `<meta>` element of `index.html`,
/// its attributes in any order, quoted or not (the release build's HTML is
/// minified).
fn meta_policy(index_html: &str) -> Option<String> {
    index_html.split("<meta").skip(1).find_map(|tag| {
        let tag = &tag[..tag.find('>')?];
        if !tag.contains("Content-Security-Policy") {
            return None;
        }
        let value = &tag[tag.find("content=")? + "content=".len()..];
        let (value, end) = match value.chars().next()? {
            quote @ ('"' | '\'') => (&value[1..], value[1..].find(quote)?),
            _ => (
                value,
                value.find(char::is_whitespace).unwrap_or(value.len()),
            ),
        };
        Some(value[..end].to_string())
    })
}

/// A CSP report (`application/csp-report`) as one line in the form the
/// page's listener records (`directive blocked uri: sample`).
fn describe_csp_report(body: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let report = &json["csp-report"];
    let field = |name: &str| report[name].as_str().unwrap_or_default().to_string();
    let directive = match field("effective-directive") {
        d if d.is_empty() => field("violated-directive"),
        d => d,
    };
    let blocked = match field("blocked-uri") {
        b if b.is_empty() => "inline".to_string(),
        b => b,
    };
    format!(
        "{directive} blocked {blocked}: {} (Content Security Policy report)",
        field("script-sample")
    )
}

/// Serves a directory over HTTP on 127.0.0.1 on a free port, in a thread
/// that lives as long as the test process. With `reports`, `index.html`
/// also carries its policy as a header with a `report-uri`, and each report
/// posted there is kept in `reports`.
fn serve_dir(dir: PathBuf, reports: Option<Arc<Mutex<Vec<String>>>>) -> SocketAddr {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind a loopback port");
    let addr = server
        .server_addr()
        .to_ip()
        .expect("the server listens on an IP address");
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let path = request.url().split(['?', '#']).next().unwrap_or("/");
            if path == CSP_REPORT_PATH {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                if let Some(reports) = &reports {
                    reports
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(describe_csp_report(&body));
                }
                let _ = request.respond(tiny_http::Response::empty(204));
                continue;
            }
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
                    let mut response =
                        tiny_http::Response::from_data(bytes.clone()).with_header(header);
                    let policy = (reports.is_some() && relative == "index.html")
                        .then(|| meta_policy(&String::from_utf8_lossy(&bytes)))
                        .flatten();
                    if let Some(policy) = policy {
                        let value = format!("{policy}; report-uri {CSP_REPORT_PATH}");
                        response.add_header(
                            tiny_http::Header::from_bytes("Content-Security-Policy", value)
                                .expect("a valid header"),
                        );
                    }
                    response
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

/// The page's error in a line of Firefox's standard output, if it is one:
/// a content `console.error` (`console.error: "message" …`: Firefox's own
/// code logs through prefixed consoles, `console.error: RSLoader: …`, which
/// are not the app's) or an uncaught error in a script the test server
/// served (`JavaScript error: http://127.0.0.1:…, line N: …`).
fn page_error(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some(message) = line.strip_prefix("console.error: ") {
        return message.starts_with('"').then(|| message.to_string());
    }
    line.strip_prefix("JavaScript error: ")
        .filter(|m| m.starts_with("http://127.0.0.1:"))
        .map(|m| format!("uncaught: {m}"))
}

/// A ChromeDriver or geckodriver process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    /// Firefox's `console.error` lines on its standard output (which
    /// geckodriver passes on), not yet taken.
    console: Arc<Mutex<Vec<String>>>,
}

impl Driver {
    /// Starts the driver for `browser`; geckodriver makes Firefox's fresh
    /// profile inside `profile_root`.
    fn start(browser: Browser, profile_root: &Path) -> Driver {
        let port = free_port();
        let (binary, mut command) = match browser {
            Browser::Chromium => {
                let binary = env_path("ATTRIB_CHROMEDRIVER", "chromedriver");
                let mut command = Command::new(&binary);
                command
                    .arg(format!("--port={port}"))
                    .arg("--allowed-ips=127.0.0.1")
                    .stdout(Stdio::null());
                (binary, command)
            }
            Browser::Firefox => {
                let binary = env_path("ATTRIB_GECKODRIVER", "geckodriver");
                let mut command = Command::new(&binary);
                command
                    .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                    .args(["--log", "error"])
                    .arg("--profile-root")
                    .arg(profile_root)
                    .stdout(Stdio::piped());
                (binary, command)
            }
        };
        let mut child = command.stderr(Stdio::null()).spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start {}: {e}; run the tests through `cargo xtask test`, which installs it",
                binary.display()
            )
        });
        let console = Arc::new(Mutex::new(Vec::new()));
        if let Some(stdout) = child.stdout.take() {
            let console = Arc::clone(&console);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(message) = page_error(&line) {
                        console
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push(message);
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{} did not start listening",
                binary.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            port,
            console,
        }
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

/// Records, in Firefox, every `console.error` call, uncaught error and
/// unhandled rejection of the page in `window.__consoleErrors`, once per
/// page load (Chromium's console log is read through ChromeDriver).
const RECORD_CONSOLE_ERRORS_JS: &str = r#"
if (!window.__consoleErrors) {
  window.__consoleErrors = [];
  const keep = (m) => window.__consoleErrors.push(String(m));
  const error = console.error.bind(console);
  console.error = (...args) => { keep(args.map(String).join(' ')); error(...args); };
  window.addEventListener('error', (e) => keep(`uncaught: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => keep(`unhandled rejection: ${e.reason}`));
}
return true;
"#;

/// Takes the console errors the page recorded since the last call.
const TAKE_CONSOLE_ERRORS_JS: &str = r#"
const seen = window.__consoleErrors;
if (!seen) return [];
window.__consoleErrors = [];
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

/// Whether a console message (or a Firefox CSP report) is the browser
/// reporting a CSP violation.
fn is_csp_message(message: &str) -> bool {
    message.contains("Content Security Policy") || message.contains("Content-Security-Policy")
}

/// The WebDriver capabilities of a fresh headless session of `browser`.
fn capabilities(browser: Browser, profile: &Path) -> serde_json::Map<String, serde_json::Value> {
    let mut caps = serde_json::Map::new();
    match browser {
        Browser::Chromium => {
            let chromium = env_path("ATTRIB_CHROMIUM", "/usr/bin/chromium");
            let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
            args.push(format!("--user-data-dir={}", profile.display()));
            caps.insert(
                "goog:chromeOptions".into(),
                json!({"binary": chromium, "args": args}),
            );
            caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
        }
        Browser::Firefox => {
            let firefox = env_path("ATTRIB_FIREFOX", "/usr/bin/firefox-esr");
            let prefs: serde_json::Map<String, serde_json::Value> = FIREFOX_PREFS
                .iter()
                .map(|(name, value)| {
                    let value = match *value {
                        FirefoxPref::Bool(b) => json!(b),
                        FirefoxPref::Int(i) => json!(i),
                        FirefoxPref::Str(s) => json!(s),
                    };
                    (name.to_string(), value)
                })
                .collect();
            caps.insert("browserName".into(), json!("firefox"));
            caps.insert(
                "moz:firefoxOptions".into(),
                json!({
                    "binary": firefox,
                    "args": ["-headless"],
                    "prefs": prefs,
                    "log": {"level": "error"},
                }),
            );
        }
    }
    caps
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
    browser: Browser,
    /// CSP violations the console reported, kept when [`App::console_errors`]
    /// takes the log, for [`App::close`] to check.
    csp_in_console: std::sync::Mutex<Vec<String>>,
    /// CSP reports the page posted to the test server (Firefox).
    csp_reports: Arc<Mutex<Vec<String>>>,
    driver: Driver,
    /// Firefox's process (`moz:processID`): killed if the session was not
    /// closed (a test that panicked), since killing geckodriver leaves the
    /// browser running.
    firefox_pid: Option<u64>,
    closed: bool,
    /// The profile directory, when this session owns it (removed with it).
    _profile: Option<tempdir::Dir>,
    /// The profile directory the browser runs on.
    profile_path: PathBuf,
}

/// A served release build and a Chromium profile that outlive one browser
/// session, for tests that kill the browser and start it again on the same
/// data (same origin, same profile).
pub struct Session {
    addr: SocketAddr,
    csp_reports: Arc<Mutex<Vec<String>>>,
    profile: tempdir::Dir,
}

impl Session {
    pub fn new() -> Session {
        let csp_reports = Arc::new(Mutex::new(Vec::new()));
        let reports = (Browser::current() == Browser::Firefox).then(|| Arc::clone(&csp_reports));
        Session {
            addr: serve_dir(dist_dir(), reports),
            csp_reports,
            profile: tempdir::Dir::new(),
        }
    }

    /// Starts a browser on this session's profile and opens the app.
    pub async fn open(&self) -> App {
        App::launch(
            self.addr,
            Arc::clone(&self.csp_reports),
            self.profile.0.clone(),
            None,
        )
        .await
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

impl Drop for App {
    fn drop(&mut self) {
        if let (Some(pid), false) = (self.firefox_pid, self.closed) {
            let _ = Command::new("kill")
                .arg(pid.to_string())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Where a test file named `name` goes: this run's directory of test
/// files (`attrib-e2e-files-PID` in the system's temporary directory). The
/// first call also removes what earlier runs that are no longer running
/// left there (their files, and the profiles of browsers killed with them),
/// so a run never fills the disk with the last one's 300 MB bench files.
pub fn temp_path(name: &str) -> PathBuf {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(remove_leftovers);
    let dir = std::env::temp_dir().join(format!("attrib-e2e-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a directory for test files");
    dir.join(name)
}

/// Writes `contents` to the test file `name` (see [`temp_path`]).
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = temp_path(name);
    std::fs::write(&path, contents).expect("write a test file");
    path
}

/// Removes `attrib-e2e-…` directories whose run (the process id in the
/// name) has ended. Where processes cannot be looked up (no `/proc`),
/// nothing is removed.
fn remove_leftovers() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("attrib-e2e-") else {
            continue;
        };
        // `attrib-e2e-PID-NANOS` (a profile) or `attrib-e2e-WHAT-PID`.
        let pid = rest
            .split('-')
            .find(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if let Some(pid) = pid {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

mod tempdir {
    //! A fresh browser profile directory (Chromium's, or the one geckodriver
    //! makes Firefox's profile in), removed afterwards.
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

/// Replaces the download link's click with a capture of the file. The
/// blob is kept as the app makes its URL, and read from there: fetching a
/// `blob:` URL is a connection the Content-Security-Policy refuses.
const CAPTURE_DOWNLOADS_JS: &str = r#"
window.__downloads = [];
const blobs = new Map();
const createObjectURL = URL.createObjectURL;
URL.createObjectURL = function (blob) {
  const url = createObjectURL.call(URL, blob);
  blobs.set(url, blob);
  return url;
};
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  const blob = blobs.get(this.href);
  if (!this.download || !blob) return click.call(this);
  const name = this.download;
  blob.text().then(text => window.__downloads.push({name, text}));
};
return true;
"#;

impl App {
    /// Serves the release build (ATTRIB_DIST, by default ./dist), starts
    /// the WebDriver and opens the app in a fresh headless browser
    /// ([`Browser::current`]).
    pub async fn open() -> App {
        let browser = Browser::current();
        let csp_reports = Arc::new(Mutex::new(Vec::new()));
        let reports = (browser == Browser::Firefox).then(|| Arc::clone(&csp_reports));
        let addr = serve_dir(dist_dir(), reports);
        let profile = tempdir::Dir::new();
        let path = profile.0.clone();
        App::launch(addr, csp_reports, path, Some(profile)).await
    }

    async fn launch(
        addr: SocketAddr,
        csp_reports: Arc<Mutex<Vec<String>>>,
        profile_path: PathBuf,
        owned: Option<tempdir::Dir>,
    ) -> App {
        let browser = Browser::current();
        let driver = Driver::start(browser, &profile_path);
        let client = ClientBuilder::rustls()
            .expect("a TLS configuration")
            .capabilities(capabilities(browser, &profile_path))
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("a WebDriver session in headless {}: {e}", browser.name()));
        if browser == Browser::Firefox {
            // Chromium's size is a flag (CHROMIUM_FLAGS).
            client
                .set_window_size(1280, 900)
                .await
                .expect("size the window");
        }
        client
            .goto(&format!("http://{addr}/"))
            .await
            .expect("open the app");
        let firefox_pid = client
            .capabilities()
            .and_then(|caps| caps.get("moz:processID"))
            .and_then(serde_json::Value::as_u64);
        let app = App {
            client,
            browser,
            firefox_pid,
            closed: false,
            csp_in_console: std::sync::Mutex::new(Vec::new()),
            csp_reports,
            driver,
            _profile: owned,
            profile_path,
        };
        app.record_csp_violations().await;
        app
    }

    /// The browser this session runs in.
    pub fn browser(&self) -> Browser {
        self.browser
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

    /// Installs the page's violation recorder (again after a reload), and
    /// in Firefox its console-error recorder.
    pub async fn record_csp_violations(&self) {
        self.eval(RECORD_CSP_VIOLATIONS_JS).await;
        if self.browser == Browser::Firefox {
            self.eval(RECORD_CONSOLE_ERRORS_JS).await;
        }
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
    /// CSP violations) since the last call. In Firefox: the `console.error`
    /// lines Firefox printed, the errors the page recorded and the CSP
    /// reports the page posted.
    pub async fn console_errors(&self) -> Vec<String> {
        let errors = match self.browser {
            Browser::Chromium => self.chromium_console_errors().await,
            Browser::Firefox => self.firefox_console_errors().await,
        };
        self.csp_in_console
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(errors.iter().filter(|m| is_csp_message(m)).cloned());
        errors
    }

    async fn firefox_console_errors(&self) -> Vec<String> {
        let take = |list: &Mutex<Vec<String>>| {
            std::mem::take(&mut *list.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
        };
        let recorded = self.eval(TAKE_CONSOLE_ERRORS_JS).await;
        let recorded: Vec<String> = recorded
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        // A message both printed and recorded counts once.
        let mut errors: Vec<String> = take(&self.driver.console)
            .into_iter()
            .filter(|printed| !recorded.iter().any(|r| printed.contains(r.as_str())))
            .collect();
        errors.extend(recorded);
        errors.extend(take(&self.csp_reports));
        errors
    }

    async fn chromium_console_errors(&self) -> Vec<String> {
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
        self.click_xpath(&xpath, name).await;
    }

    /// Clicks the button whose accessible name (its `aria-label`) is `name`.
    pub async fn click_button_named(&self, name: &str) {
        let xpath = format!("//button[@aria-label={}]", xpath_literal(name));
        self.click_xpath(&xpath, name).await;
    }

    /// Waits up to 10 s for the element at `xpath` and clicks it.
    async fn click_xpath(&self, xpath: &str, name: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no button {name:?}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
    }

    /// From now on, keeps every notice the page shows, in order, in
    /// `window.__notices` (a notice replaced before a poll is still seen).
    pub async fn record_notices(&self) {
        self.eval(
            "window.__notices = [];
             new MutationObserver(() => {
               const n = document.querySelector('.notice-text');
               if (n && window.__notices[window.__notices.length - 1] !== n.textContent)
                 window.__notices.push(n.textContent);
             }).observe(document.body, {subtree: true, childList: true, characterData: true});
             return true;",
        )
        .await;
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

    /// Captures every file the app downloads from now on (see
    /// [`CAPTURE_DOWNLOADS_JS`]), for [`App::download`] to read: headless
    /// browsers save no file a test could wait for reliably.
    pub async fn capture_downloads(&self) {
        assert_eq!(self.eval(CAPTURE_DOWNLOADS_JS).await, json!(true));
    }

    /// Waits for the `n`th captured download (from 1) and returns its name
    /// and text.
    pub async fn download(&self, n: usize) -> (String, String) {
        self.wait_until(
            &format!("download {n} is captured"),
            &format!("return (window.__downloads || []).length >= {n};"),
        )
        .await;
        let file = self
            .eval(&format!("return window.__downloads[{}];", n - 1))
            .await;
        (
            file["name"].as_str().unwrap_or_default().to_string(),
            file["text"].as_str().unwrap_or_default().to_string(),
        )
    }

    /// Waits up to 20 s for `script` to return true; on timeout, fails
    /// with what the page shows (headline, notice, open dialog).
    pub async fn wait_or_show(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.eval(script).await == json!(true) {
                return;
            }
            if Instant::now() > deadline {
                let page = self
                    .eval(
                        "return { headline: document.querySelector('article.article h2')?.textContent, \
                         notice: document.querySelector('.status-message')?.textContent, \
                         dialog: document.querySelector('dialog[open]')?.textContent };",
                    )
                    .await;
                panic!("timed out waiting until {what}; the page shows {page}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
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
    pub async fn close(mut self) {
        let violations = self.take_csp_violations().await;
        self.closed = self.client.clone().close().await.is_ok();
        assert!(
            violations.is_empty(),
            "Content-Security-Policy violations: {violations:#?}"
        );
    }
}
