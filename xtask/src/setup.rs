//! Finds and, when missing, installs the tools the build and tests need, each
//! at a pinned version: the wasm32 target, Trunk, wasm-bindgen-cli (the same
//! version as the wasm-bindgen crate in Cargo.lock), wasm-opt from the npm
//! `binaryen` package, Chromium with ChromeDriver, and for the Firefox layer
//! Firefox ESR (apt `firefox-esr`) with geckodriver (`cargo install`).
//! Idempotent: what is already there is only checked.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub const TRUNK_VERSION: &str = "0.21.14";
/// geckodriver, installed with `cargo install` like Trunk.
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// The flags that keep headless Chromium from reaching out to the network.
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// What `ensure` found or installed.
pub struct Tools {
    /// `node_modules/.bin`, holding wasm-opt, when npm was available.
    npm_bin: Option<PathBuf>,
    browser: Option<Browser>,
    firefox: Option<Firefox>,
}

pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

pub struct Firefox {
    pub firefox: PathBuf,
    pub geckodriver: PathBuf,
}

impl Tools {
    /// Checks everything the build needs and installs what is missing; with
    /// `browser`, Chromium and ChromeDriver too.
    pub fn ensure(root: &Path, browser: bool) -> Result<Tools, String> {
        Self::ensure_with(root, browser, false)
    }

    /// [`Tools::ensure`], with `firefox`, Firefox ESR and geckodriver too.
    pub fn ensure_with(root: &Path, browser: bool, firefox: bool) -> Result<Tools, String> {
        let started = Instant::now();
        println!("==> setting up (only what is missing is installed)");
        Self::ensure_native(root)?;
        step("wasm32-unknown-unknown target", ensure_wasm_target)?;
        step(&format!("trunk {TRUNK_VERSION}"), || {
            ensure_cargo_tool("trunk", TRUNK_VERSION, "trunk")
        })?;
        let bindgen = wasm_bindgen_version(root)?;
        step(&format!("wasm-bindgen-cli {bindgen}"), || {
            ensure_cargo_tool("wasm-bindgen-cli", &bindgen, "wasm-bindgen")
        })?;
        let npm_bin = step("wasm-opt (npm package binaryen)", || ensure_wasm_opt(root))?;
        let browser = if browser {
            Some(step("Chromium and ChromeDriver", ensure_browser)?)
        } else {
            None
        };
        let firefox = if firefox {
            Some(step("Firefox ESR and geckodriver", ensure_firefox)?)
        } else {
            None
        };
        println!("==> set-up done in {:.1}s", started.elapsed().as_secs_f64());
        Ok(Tools {
            npm_bin,
            browser,
            firefox,
        })
    }

    /// What native builds need: rustfmt and clippy.
    pub fn ensure_native(_root: &Path) -> Result<(), String> {
        step("rustfmt and clippy", || {
            let have = |sub: &str| quiet_ok(Command::new("cargo").args([sub, "--version"]));
            if have("fmt") && have("clippy") {
                return Ok("present".to_string());
            }
            run(
                "rustup component add",
                Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]),
            )?;
            Ok("installed".to_string())
        })
        .map(|_| ())
    }

    pub fn browser(&self) -> Result<&Browser, String> {
        self.browser
            .as_ref()
            .ok_or_else(|| "the browser was not set up".to_string())
    }

    pub fn firefox(&self) -> Result<&Firefox, String> {
        self.firefox
            .as_ref()
            .ok_or_else(|| "Firefox was not set up".to_string())
    }

    /// Puts wasm-opt (node_modules/.bin) first on the command's PATH.
    pub fn put_on_path(&self, cmd: &mut Command) {
        if let Some(bin) = &self.npm_bin {
            let mut paths = vec![bin.clone()];
            if let Some(old) = std::env::var_os("PATH") {
                paths.extend(std::env::split_paths(&old));
            }
            if let Ok(joined) = std::env::join_paths(paths) {
                cmd.env("PATH", joined);
            }
        }
    }

    /// `trunk build` or `trunk serve` of the release app (cargo profile
    /// `wasm-release`, named in index.html). Without wasm-opt, that profile
    /// is used in Trunk's debug mode, which skips wasm-opt rather than
    /// trying to download it.
    pub fn trunk(&self, root: &Path, sub: &str) -> Command {
        let mut cmd = Command::new("trunk");
        cmd.current_dir(root).arg(sub);
        if self.npm_bin.is_some() {
            cmd.arg("--release");
        } else {
            cmd.args(["--cargo-profile", "wasm-release"]);
        }
        self.put_on_path(&mut cmd);
        cmd
    }
}

impl Browser {
    /// Writes the WebDriver capabilities for wasm-bindgen-test-runner, with a
    /// fresh profile directory, and returns the file's path.
    pub fn webdriver_json(&self, root: &Path) -> Result<PathBuf, String> {
        let dir = root.join("target").join("xtask");
        let profile = dir.join(format!("chromium-profile-{}", std::process::id()));
        std::fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let quoted: Vec<String> = args.iter().map(|a| json_string(a)).collect();
        let json = format!(
            "{{\"goog:chromeOptions\": {{\"binary\": {}, \"args\": [{}]}}}}\n",
            json_string(&self.chromium.to_string_lossy()),
            quoted.join(", ")
        );
        let path = dir.join("webdriver.json");
        std::fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs one set-up step, printing what it did and how long it took.
fn step<T: Describe>(name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let t = Instant::now();
    let out = f().map_err(|e| format!("{name}: {e}"))?;
    println!(
        "    {name}: {} ({:.1}s)",
        out.describe(),
        t.elapsed().as_secs_f64()
    );
    Ok(out)
}

/// A short word on a step's outcome for the set-up log.
trait Describe {
    fn describe(&self) -> String;
}

impl Describe for String {
    fn describe(&self) -> String {
        self.clone()
    }
}

impl Describe for Option<PathBuf> {
    fn describe(&self) -> String {
        match self {
            Some(p) => format!("ready in {}", p.display()),
            None => "npm not found: building WITHOUT wasm-opt (a larger .wasm)".to_string(),
        }
    }
}

impl Describe for Firefox {
    fn describe(&self) -> String {
        format!(
            "{} and {}",
            self.firefox.display(),
            self.geckodriver.display()
        )
    }
}

impl Describe for Browser {
    fn describe(&self) -> String {
        format!(
            "{} and {}",
            self.chromium.display(),
            self.chromedriver.display()
        )
    }
}

/// Runs a command with inherited output; an error if it fails.
pub fn run(label: &str, cmd: &mut Command) -> Result<(), String> {
    println!("    $ {}", describe_command(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("{label}: cannot start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{label} failed ({status})"))
    }
}

fn describe_command(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

fn quiet_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The first line a command prints on stdout, if it runs and succeeds.
fn output_of(program: impl Into<OsString>, args: &[&str]) -> Option<String> {
    let out = Command::new(program.into())
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn ensure_wasm_target() -> Result<String, String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).ok_or(
        "rustup was not found: install Rust through rustup (https://rustup.rs), then run this again",
    )?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok("present".into());
    }
    run(
        "rustup target add",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )?;
    Ok("installed".into())
}

/// Installs `krate` at exactly `version` with `cargo install` unless `bin
/// --version` already reports it. `--locked` first; some registry mirrors miss
/// the newest patch releases a lock file names, so a second try goes without.
fn ensure_cargo_tool(krate: &str, version: &str, bin: &str) -> Result<String, String> {
    if let Some(found) = output_of(bin, &["--version"]) {
        if found.split_whitespace().any(|w| w == version) {
            return Ok(format!("present ({found})"));
        }
        println!("    {bin}: found {found:?}, need {version}: installing");
    } else {
        println!("    {bin}: not found: installing {krate} {version} (a one-off compile of several minutes)");
    }
    let install = |locked: bool| {
        let mut cmd = Command::new("cargo");
        cmd.args(["install", krate, "--version", version]);
        if locked {
            cmd.arg("--locked");
        }
        cmd.arg("--force");
        run(&format!("cargo install {krate}"), &mut cmd)
    };
    if install(true).is_err() {
        println!("    retrying without --locked");
        install(false)?;
    }
    Ok("installed".into())
}

/// The version of the wasm-bindgen crate in Cargo.lock.
fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = root.join("Cargo.lock");
    let text = std::fs::read_to_string(&lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{} names no wasm-bindgen package", lock.display()))
}

/// The binaryen major version pinned in package.json ("132.0.0" gives 132).
fn pinned_binaryen(root: &Path) -> Result<String, String> {
    let path = root.join("package.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let after = text
        .split("\"binaryen\"")
        .nth(1)
        .ok_or("package.json does not pin binaryen")?;
    let version = after
        .split('"')
        .nth(1)
        .ok_or("package.json: binaryen has no version")?;
    Ok(version.split('.').next().unwrap_or(version).to_string())
}

/// Installs node_modules (binaryen's wasm-opt) with `npm ci` unless the pinned
/// version is already there. `None` when npm is absent.
fn ensure_wasm_opt(root: &Path) -> Result<Option<PathBuf>, String> {
    let bin = root.join("node_modules").join(".bin");
    let wasm_opt = bin.join("wasm-opt");
    let want = format!("version_{}", pinned_binaryen(root)?);
    let current = |p: &Path| output_of(p, &["--version"]).is_some_and(|v| v.contains(&want));
    if current(&wasm_opt) {
        return Ok(Some(bin));
    }
    if output_of("npm", &["--version"]).is_none() {
        return Ok(None);
    }
    run(
        "npm ci",
        Command::new("npm")
            .current_dir(root)
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    if current(&wasm_opt) {
        Ok(Some(bin))
    } else {
        Err(format!(
            "npm installed binaryen but {} does not report {want}",
            wasm_opt.display()
        ))
    }
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn find_browser() -> Option<Browser> {
    let from_env = |var: &str| std::env::var_os(var).map(PathBuf::from);
    let chromium = from_env("ATTRIB_CHROMIUM")
        .or_else(|| which(&["chromium", "chromium-browser", "google-chrome"]))?;
    let chromedriver = from_env("ATTRIB_CHROMEDRIVER").or_else(|| which(&["chromedriver"]))?;
    Some(Browser {
        chromium,
        chromedriver,
    })
}

/// Finds Chromium and ChromeDriver; on Debian or Ubuntu installs them with
/// apt-get (as root, or through sudo) when missing.
fn ensure_browser() -> Result<Browser, String> {
    if let Some(b) = find_browser() {
        return Ok(b);
    }
    let how = "install Chromium and a matching ChromeDriver (Debian: apt-get install chromium chromium-driver), \
               or point ATTRIB_CHROMIUM and ATTRIB_CHROMEDRIVER at them";
    println!("    Chromium or ChromeDriver not found: installing with apt-get");
    apt_install(&["chromium", "chromium-driver"]).map_err(|e| format!("{e}; {how}"))?;
    find_browser().ok_or(format!(
        "apt-get finished but Chromium or ChromeDriver is still missing: {how}"
    ))
}

/// Installs Debian packages with apt-get (as root, or through sudo).
fn apt_install(packages: &[&str]) -> Result<(), String> {
    if which(&["apt-get"]).is_none() {
        return Err("apt-get not found".to_string());
    }
    let is_root = output_of("id", &["-u"]).is_some_and(|u| u == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if is_root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.args(["-n", "apt-get"]);
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run("apt-get", &mut cmd)
    };
    apt(&["update"]).and_then(|_| apt(&[&["install", "-y"][..], packages].concat()))
}

fn find_firefox() -> Option<PathBuf> {
    std::env::var_os("ATTRIB_FIREFOX")
        .map(PathBuf::from)
        .or_else(|| which(&["firefox-esr", "firefox"]))
}

/// Finds Firefox (ESR) and geckodriver: Firefox from `ATTRIB_FIREFOX` or the
/// PATH, installed with apt-get (`firefox-esr`) when missing; geckodriver
/// from `ATTRIB_GECKODRIVER`, else installed at [`GECKODRIVER_VERSION`]
/// with `cargo install` unless that version is on the PATH.
fn ensure_firefox() -> Result<Firefox, String> {
    let how = "install Firefox ESR (Debian: apt-get install firefox-esr) and geckodriver \
               (cargo install geckodriver), or point ATTRIB_FIREFOX and ATTRIB_GECKODRIVER at them";
    let firefox = match find_firefox() {
        Some(found) => found,
        None => {
            println!("    Firefox not found: installing firefox-esr with apt-get");
            apt_install(&["firefox-esr"]).map_err(|e| format!("{e}; {how}"))?;
            find_firefox().ok_or(format!(
                "apt-get finished but Firefox is still missing: {how}"
            ))?
        }
    };
    let geckodriver = match std::env::var_os("ATTRIB_GECKODRIVER") {
        Some(path) => PathBuf::from(path),
        None => {
            ensure_cargo_tool("geckodriver", GECKODRIVER_VERSION, "geckodriver")?;
            which(&["geckodriver"]).ok_or(format!(
                "geckodriver was installed but is not on the PATH (is ~/.cargo/bin on it?): {how}"
            ))?
        }
    };
    Ok(Firefox {
        firefox,
        geckodriver,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        crate::project_root()
    }

    #[test]
    fn the_cli_version_installed_is_the_crate_version_pinned_in_cargo_toml() {
        let lock = wasm_bindgen_version(&root()).expect("Cargo.lock names wasm-bindgen");
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
        assert!(
            manifest.contains(&format!("wasm-bindgen = \"={lock}\"")),
            "Cargo.toml must pin wasm-bindgen to exactly {lock}"
        );
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).expect("Trunk.toml");
        assert!(
            trunk.contains(&format!("wasm_bindgen = \"{lock}\"")),
            "Trunk.toml must name wasm-bindgen {lock}"
        );
    }

    #[test]
    fn binaryen_pin_matches_trunk_toml() {
        let major = pinned_binaryen(&root()).expect("package.json pins binaryen");
        assert!(major.parse::<u32>().is_ok(), "a major version: {major}");
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).expect("Trunk.toml");
        assert!(trunk.contains(&format!("wasm_opt = \"version_{major}\"")));
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
        assert_eq!(json_string("/usr/bin/chromium"), "\"/usr/bin/chromium\"");
    }

    #[test]
    fn which_finds_programs_on_the_path_only() {
        assert!(which(&["cargo"]).is_some());
        assert!(which(&["no-such-program-attrib"]).is_none());
    }
}
