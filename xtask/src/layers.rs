//! The app's import rules (`docs/ARCHITECTURE.md`, "Which part may import
//! which"), checked by reading `src/`: every module's `crate::` paths
//! outside its test modules, compared with what its part may import, and no
//! loop between components. A test runs it in the native layer, so an
//! import against the rules fails `cargo xtask test` with the file and the
//! path that broke it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The parts of the app, from the top down, and the parts each may import
/// (besides its own submodules).
const RULES: &[(&str, &[&str])] = &[
    (
        "app",
        &[
            "components",
            "hooks",
            "props",
            "state",
            "view",
            "opening",
            "browser",
            "teaching",
            "builders",
        ],
    ),
    (
        "hooks",
        &[
            "props", "state", "view", "opening", "browser", "sample", "teaching", "builders",
        ],
    ),
    (
        "components",
        &[
            "components",
            "props",
            "state",
            "view",
            "opening",
            "browser",
            "sample",
            "teaching",
            "builders",
        ],
    ),
    (
        "opening",
        &["state", "view", "browser", "teaching", "builders"],
    ),
    ("props", &["state"]),
    ("state", &["sample", "teaching", "builders"]),
    ("teaching", &[]),
    ("builders", &[]),
    ("view", &[]),
    ("browser", &["browser", "sample"]),
    ("sample", &[]),
    ("lib", &["app"]),
    ("main", &[]),
];

/// Each module of the app (`components::annotation_list`) with the modules
/// it imports outside its tests (`components::fields`, `state`).
pub fn imports(src: &Path) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let mut found = BTreeMap::new();
    walk(src, src, &mut found)?;
    Ok(found)
}

fn walk(
    src: &Path,
    dir: &Path,
    found: &mut BTreeMap<String, BTreeSet<String>>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            walk(src, &path, found)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = module_name(src, &path);
        if is_test_module(&name) {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        found.insert(name, crate_paths(outside_tests(&text)));
    }
    Ok(())
}

/// `src/components/article.rs` → `components::article`;
/// `src/hooks/mod.rs` → `hooks`.
fn module_name(src: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(src).unwrap_or(path).with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts = match parts.split_last() {
        Some((last, rest)) if last == "mod" => rest.to_vec(),
        _ => parts,
    };
    parts.join("::")
}

fn is_test_module(name: &str) -> bool {
    name.split("::")
        .any(|part| part == "tests" || part == "test_support")
}

/// The text before a file's first test module.
fn outside_tests(text: &str) -> &str {
    let mut at = text.len();
    for marker in ["#[cfg(test)]\nmod ", "#[cfg(all(test"] {
        if let Some(i) = text.find(marker) {
            at = at.min(i);
        }
    }
    &text[..at]
}

/// The first two segments of every `crate::` path, skipping comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let module: Vec<&str> = segments
                .iter()
                .take(2)
                .take_while(|s| s.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .copied()
                .collect();
            if !module.is_empty() {
                paths.insert(module.join("::"));
            }
        }
    }
    paths
}

/// Every import against [`RULES`], and every loop between components, as
/// sentences naming the module and the path.
pub fn violations(imports: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (module, targets) in imports {
        let part = module.split("::").next().unwrap_or(module);
        let Some((_, allowed)) = RULES.iter().find(|(p, _)| *p == part) else {
            found.push(format!(
                "src/ module `{module}` belongs to no part named in xtask/src/layers.rs RULES"
            ));
            continue;
        };
        for target in targets {
            let target_part = target.split("::").next().unwrap_or(target);
            let own = target.starts_with(&format!("{module}::"));
            if !own && !allowed.contains(&target_part) {
                found.push(format!(
                    "`{module}` imports `crate::{target}`, but {part} may import only {}",
                    if allowed.is_empty() {
                        "attrib-core and outside crates".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
        }
    }
    found.extend(component_loops(imports));
    found
}

/// Loops between components (`a` imports `b`, which imports `a`).
fn component_loops(imports: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let components: BTreeMap<&str, Vec<&str>> = imports
        .iter()
        .filter(|(m, _)| m.starts_with("components::"))
        .map(|(m, ts)| {
            let targets = ts
                .iter()
                .filter(|t| t.starts_with("components::") && *t != m)
                .map(String::as_str)
                .collect();
            (m.as_str(), targets)
        })
        .collect();
    let mut loops = Vec::new();
    for start in components.keys() {
        // Depth-first from `start`; a path back to it is a loop.
        let mut stack: Vec<Vec<&str>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let last = path[path.len() - 1];
            for next in components.get(last).into_iter().flatten() {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.push(next);
                    loops.push(format!(
                        "components import each other: {}",
                        cycle.join(" → ")
                    ));
                } else if seen.insert(*next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    loops.sort();
    loops.dedup();
    loops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        edges
            .iter()
            .map(|(m, ts)| (m.to_string(), ts.iter().map(|t| t.to_string()).collect()))
            .collect()
    }

    #[test]
    fn the_app_imports_only_downward_and_its_components_form_no_loop() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        let imports = imports(&src).expect("src/ is readable");
        assert!(imports.contains_key("app"), "{imports:?}");
        assert!(imports.contains_key("components::article"), "{imports:?}");
        let problems = violations(&imports);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn importing_the_app_or_the_state_from_the_browser_glue_is_reported() {
        let problems = violations(&graph(&[
            ("components::toolbar", &["app", "state"]),
            ("browser::storage", &["state", "browser::storage::idb"]),
            ("view", &[]),
        ]));
        assert_eq!(
            problems,
            vec![
                "`browser::storage` imports `crate::state`, but browser may import only browser, sample",
                "`components::toolbar` imports `crate::app`, but components may import only components, props, state, view, opening, browser, sample, teaching, builders",
            ]
        );
    }

    #[test]
    fn components_that_import_each_other_are_reported() {
        let problems = violations(&graph(&[
            ("components::a", &["components::b"]),
            ("components::b", &["components::c"]),
            ("components::c", &["components::a", "state"]),
            ("components::d", &["components::a"]),
        ]));
        assert!(
            problems.contains(
                &"components import each other: components::a → components::b → components::c → components::a"
                    .to_string()
            ),
            "{problems:?}"
        );
        assert!(
            !problems.iter().any(|p| p.contains("components::d →")),
            "{problems:?}"
        );
    }

    #[test]
    fn paths_in_comments_and_tests_do_not_count() {
        let text = "use crate::state::Msg; // see crate::app\n/// [`crate::view`]\n\
                    #[cfg(test)]\nmod tests { use crate::app::App; }";
        let paths = crate_paths(outside_tests(text));
        assert_eq!(paths, BTreeSet::from(["state".to_string()]));
    }
}
