//! `cargo xtask serve | test | bench`: installs whatever the build and the
//! tests need (only what is missing), builds the app and runs it or tests it.

mod setup;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  serve [--port N]      install missing tools, build the release app and serve it
                        on http://127.0.0.1:N (default 8080)
  test [--only LAYER]   install missing tools and browsers, then run every test layer
                        in order, stopping at the first that fails. LAYER is one of:
                        fmt, clippy, native, wasm, e2e
  bench                 run the benchmarks (release build) and print medians
  setup [--browser]     only install what is missing (with --browser, Chromium too)
";

/// A test layer: its name and how to run it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layer {
    Fmt,
    Clippy,
    Native,
    Wasm,
    E2e,
}

impl Layer {
    const ALL: [Layer; 5] = [
        Layer::Fmt,
        Layer::Clippy,
        Layer::Native,
        Layer::Wasm,
        Layer::E2e,
    ];

    fn name(self) -> &'static str {
        match self {
            Layer::Fmt => "fmt",
            Layer::Clippy => "clippy",
            Layer::Native => "native",
            Layer::Wasm => "wasm",
            Layer::E2e => "e2e",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Layer::Fmt => "formatting (cargo fmt --check)",
            Layer::Clippy => "lints (clippy -D warnings, native and wasm32)",
            Layer::Native => "native tests (cargo test: core, CLI, xtask)",
            Layer::Wasm => "browser tests (wasm-bindgen-test in headless Chromium)",
            Layer::E2e => "end-to-end tests (release build, WebDriver, headless Chromium)",
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root, &args[1..]),
        Some("bench") => bench(&root),
        Some("setup") => {
            let browser = args.iter().any(|a| a == "--browser");
            setup::Tools::ensure(&root, browser).map(|_| ())
        }
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The value after `flag` in `args`, if any.
fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn serve(root: &Path, args: &[String]) -> Result<(), String> {
    let port: u16 = match flag_value(args, "--port") {
        Some(p) => p
            .parse()
            .map_err(|_| format!("--port takes a number from 1 to 65535, not {p:?}"))?,
        None => 8080,
    };
    let tools = setup::Tools::ensure(root, false)?;
    println!("\n==> serving the release build on http://127.0.0.1:{port}/ (Ctrl+C stops)");
    let mut cmd = tools.trunk(root, "serve");
    cmd.args(["--address", "127.0.0.1", "--port", &port.to_string()]);
    setup::run("trunk serve", &mut cmd)
}

fn test(root: &Path, args: &[String]) -> Result<(), String> {
    let layers: Vec<Layer> = match flag_value(args, "--only") {
        Some(name) => vec![Layer::ALL
            .into_iter()
            .find(|l| l.name() == name)
            .ok_or_else(|| format!("no test layer named {name:?}\n\n{USAGE}"))?],
        None => Layer::ALL.to_vec(),
    };
    let needs_browser = layers.iter().any(|l| matches!(l, Layer::Wasm | Layer::E2e));
    let tools = setup::Tools::ensure(root, needs_browser)?;

    let started = Instant::now();
    let mut report: Vec<(Layer, bool, f64)> = Vec::new();
    for layer in &layers {
        println!("\n==> layer {}: {}", layer.name(), layer.title());
        let t = Instant::now();
        let outcome = run_layer(root, &tools, *layer);
        let secs = t.elapsed().as_secs_f64();
        match &outcome {
            Ok(()) => println!("==> layer {}: PASSED in {secs:.1}s", layer.name()),
            Err(e) => println!("==> layer {}: FAILED in {secs:.1}s: {e}", layer.name()),
        }
        report.push((*layer, outcome.is_ok(), secs));
        if outcome.is_err() {
            break;
        }
    }

    println!("\n==> summary");
    for layer in &layers {
        match report.iter().find(|(l, _, _)| l == layer) {
            Some((_, true, s)) => println!("  {:<7} passed  {s:>7.1}s", layer.name()),
            Some((_, false, s)) => println!("  {:<7} FAILED  {s:>7.1}s", layer.name()),
            None => println!("  {:<7} not run (an earlier layer failed)", layer.name()),
        }
    }
    let passed = report.iter().filter(|(_, ok, _)| *ok).count();
    let failed = report.len() - passed;
    let skipped = layers.len() - report.len();
    println!("  total {:.1}s", started.elapsed().as_secs_f64());
    if skipped == 0 {
        println!("layers: {passed} passed, {failed} failed");
    } else {
        println!("layers: {passed} passed, {failed} failed, {skipped} skipped");
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} test layer(s) did not pass"))
    }
}

fn run_layer(root: &Path, tools: &setup::Tools, layer: Layer) -> Result<(), String> {
    match layer {
        Layer::Fmt => setup::run("cargo fmt", cargo().args(["fmt", "--all", "--check"])),
        Layer::Clippy => {
            setup::run(
                "clippy (native)",
                cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]),
            )?;
            setup::run(
                "clippy (wasm32)",
                cargo().args([
                    "clippy",
                    "-p",
                    "attrib-web",
                    "-p",
                    "attrib-core",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--lib",
                    "--bins",
                    "--tests",
                    "--",
                    "-D",
                    "warnings",
                ]),
            )
        }
        Layer::Native => setup::run(
            "cargo test (native)",
            cargo().args(["test", "--workspace", "--exclude", "attrib-web"]),
        ),
        Layer::Wasm => {
            let browser = tools.browser()?;
            let caps = browser.webdriver_json(root)?;
            let mut cmd = cargo();
            cmd.args([
                "test",
                "-p",
                "attrib-web",
                "--target",
                "wasm32-unknown-unknown",
                "--lib",
            ])
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &caps)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env_remove("GECKODRIVER")
            .env_remove("SAFARIDRIVER");
            tools.put_on_path(&mut cmd);
            setup::run("wasm-bindgen-test", &mut cmd)
        }
        Layer::E2e => {
            let browser = tools.browser()?;
            setup::run("trunk build --release", &mut tools.trunk(root, "build"))?;
            let mut cmd = cargo();
            cmd.args(["test", "-p", "attrib-web", "--test", "e2e"])
                .env("ATTRIB_DIST", root.join("dist"))
                .env("ATTRIB_CHROMEDRIVER", &browser.chromedriver)
                .env("ATTRIB_CHROMIUM", &browser.chromium);
            setup::run("end-to-end tests", &mut cmd)
        }
    }
}

fn bench(root: &Path) -> Result<(), String> {
    setup::Tools::ensure_native(root)?;
    setup::run(
        "cargo bench",
        cargo().args(["bench", "-p", "attrib-core", "--bench", "core"]),
    )
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}
