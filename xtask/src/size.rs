//! The bundle size budget: after `trunk build --release`, every `.wasm`,
//! `.js` and `.css` file in `dist/` is gzipped (deflate at level 9, as
//! `gzip -9` does) and the total compared with the budget kept in
//! `xtask/size-budget.json`. The e2e layer fails when the total grows past
//! it, so a change that makes the download larger has to say so by raising
//! the budget in the same commit.

use std::path::{Path, PathBuf};

/// Where the budget is kept, relative to the project root.
pub const BUDGET_FILE: &str = "xtask/size-budget.json";

/// A gzip member's fixed overhead around the deflate stream: a 10-byte
/// header and an 8-byte trailer (CRC-32 and length), with no file name.
const GZIP_OVERHEAD: usize = 18;

/// The budget: the most the gzipped wasm + js + css may weigh, and the
/// size the project aims for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_gzip_bytes: u64,
    pub target_gzip_bytes: u64,
}

/// One file of the bundle and its sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

/// Reads the budget file.
pub fn read_budget(root: &Path) -> Result<Budget, String> {
    let path = root.join(BUDGET_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the size budget {}: {e}", path.display()))?;
    parse_budget(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn parse_budget(text: &str) -> Result<Budget, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let field = |name: &str| {
        json.get(name)
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| format!("needs a whole number of bytes in {name:?}"))
    };
    Ok(Budget {
        max_gzip_bytes: field("max_gzip_bytes")?,
        target_gzip_bytes: field("target_gzip_bytes")?,
    })
}

/// The gzipped size of `bytes` (level 9).
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let deflated = miniz_oxide::deflate::compress_to_vec(bytes, 9);
    (deflated.len() + GZIP_OVERHEAD) as u64
}

/// Every `.wasm`, `.js` and `.css` file directly in `dist`, measured, in
/// name order.
pub fn measure(dist: &Path) -> Result<Vec<Measured>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("wasm" | "js" | "css")
                )
        })
        .collect();
    files.sort();
    if !files
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "wasm"))
    {
        return Err(format!(
            "no .wasm file in {}: did the release build run?",
            dist.display()
        ));
    }
    files
        .iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(Measured {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                raw: bytes.len() as u64,
                gzip: gzip_len(&bytes),
            })
        })
        .collect()
}

/// Prints the figures and fails when their gzipped total passes the budget.
pub fn check(root: &Path, dist: &Path) -> Result<(), String> {
    let budget = read_budget(root)?;
    let files = measure(dist)?;
    println!("    bundle size (gzip -9):");
    for f in &files {
        println!(
            "      {:<40} {:>9} bytes raw {:>9} bytes gzipped",
            f.name, f.raw, f.gzip
        );
    }
    verdict(&files, budget).map(|line| println!("    {line}"))
}

/// The one-line verdict on `files` against `budget`.
fn verdict(files: &[Measured], budget: Budget) -> Result<String, String> {
    let total: u64 = files.iter().map(|f| f.gzip).sum();
    let kb = |b: u64| b as f64 / 1024.0;
    let line = format!(
        "total {total} bytes gzipped ({:.1} KiB); budget {} ({:.1} KiB); target {:.1} KiB",
        kb(total),
        budget.max_gzip_bytes,
        kb(budget.max_gzip_bytes),
        kb(budget.target_gzip_bytes)
    );
    if total > budget.max_gzip_bytes {
        Err(format!(
            "the bundle grew past its size budget: {line}. Make it smaller, or raise \
             max_gzip_bytes in {BUDGET_FILE} in the same commit and say why"
        ))
    } else {
        Ok(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(gzip: u64) -> Measured {
        Measured {
            name: "x.wasm".into(),
            raw: gzip * 3,
            gzip,
        }
    }

    #[test]
    fn the_budget_in_the_repository_parses_and_is_at_least_the_target() {
        let budget = read_budget(&crate::project_root()).expect("the budget file parses");
        assert!(budget.max_gzip_bytes >= budget.target_gzip_bytes);
        assert_eq!(budget.target_gzip_bytes, 300 * 1024);
    }

    #[test]
    fn a_budget_without_its_numbers_is_refused_with_the_field_named() {
        let err = parse_budget(r#"{"max_gzip_bytes": 10}"#).expect_err("no target");
        assert!(err.contains("target_gzip_bytes"), "{err}");
        assert!(parse_budget("not json").is_err());
    }

    #[test]
    fn a_total_past_the_budget_fails_and_one_at_it_passes() {
        let budget = Budget {
            max_gzip_bytes: 100,
            target_gzip_bytes: 50,
        };
        assert!(verdict(&[file(60), file(40)], budget).is_ok());
        let err = verdict(&[file(60), file(41)], budget).expect_err("101 > 100");
        assert!(
            err.contains("101 bytes") && err.contains(BUDGET_FILE),
            "{err}"
        );
    }

    #[test]
    fn gzip_sizes_shrink_repetitive_input_and_count_the_gzip_framing() {
        let repetitive = vec![b'a'; 100_000];
        let size = gzip_len(&repetitive);
        assert!(size < 1_000, "{size}");
        assert!(gzip_len(b"") >= GZIP_OVERHEAD as u64);
    }

    #[test]
    fn only_wasm_js_and_css_files_are_measured() {
        let dir = std::env::temp_dir().join(format!("attrib-size-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        for (name, body) in [
            ("app_bg.wasm", "wasm"),
            ("app.js", "js"),
            ("style.css", "css"),
            ("index.html", "html"),
            ("sample.txt", "text"),
        ] {
            std::fs::write(dir.join(name), body).expect("write");
        }
        let names: Vec<String> = measure(&dir)
            .expect("measured")
            .into_iter()
            .map(|m| m.name)
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(names, ["app.js", "app_bg.wasm", "style.css"]);
    }
}
