//! A short, bounded fuzz run on stable Rust, part of `cargo xtask test`:
//! every fuzz target (`fuzz/targets.rs`: each format's parser, format
//! detection, opening a file, HTML to text, the offset index, re-anchoring,
//! loading a stored workspace, an assignment file or link) is fed a fixed set of generated inputs
//! (proptest with a fixed seed and case count: real files from the
//! fixtures with random edits, and random bytes), and every input that
//! ever crashed a target (`fuzz/regressions/TARGET/`) is replayed.
//!
//! The long runs are cargo-fuzz's (`fuzz/`, nightly); see the README's
//! "Tests" section.

#[path = "fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

/// Generated inputs per target: enough to reach past the first checks of
/// every parser, few enough for the native layer.
const CASES: u32 = 512;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `a` and `b` as one input, cut by the NUL the targets split at.
fn joined(a: &[u8], b: &[u8]) -> Vec<u8> {
    [a, b"\0", b].concat()
}

/// Real inputs for a target, which the generator edits.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let native = fixture("open/attrib.json");
    let all = || {
        [
            "open/attrib.json",
            "open/corpus.jsonl",
            "open/w3c.json",
            "open/doccano.jsonl",
            "open/label-studio.json",
            "open/export.csv",
            "open/pair.ann",
            "open/page.html",
            "open/news.md",
        ]
        .map(fixture)
        .to_vec()
    };
    match target {
        "import_native" => vec![native, fixture("sample-annotated.json")],
        "import_jsonl" => vec![fixture("open/corpus.jsonl")],
        "import_w3c" => vec![
            fixture("open/w3c.json"),
            joined(&fixture("open/w3c.json"), &fixture("open/pair.txt")),
        ],
        "import_brat" => vec![joined(&fixture("open/pair.ann"), &fixture("open/pair.txt"))],
        "import_doccano" => vec![fixture("open/doccano.jsonl")],
        "import_label_studio" => vec![fixture("open/label-studio.json")],
        "import_csv" => vec![fixture("open/export.csv")],
        "detect" | "import_detected" => all(),
        "open_file" => all()
            .into_iter()
            .enumerate()
            .map(|(i, seed)| [&[(i as u8).wrapping_mul(37).wrapping_add(64)][..], &seed].concat())
            .collect(),
        "open_steps" => vec![
            [&[1u8][..], &native].concat(),
            [
                &[0u8][..],
                b"Kerry said so.\0{\"id\": \"c1\", \"kind\": \"claim\", \"spans\": [{\"start\": 0, \"end\": 5}]}",
            ]
            .concat(),
        ],
        "html_to_text" => {
            vec![b"\x00\x04\x00\x09\x02\x05Hello\x00\x08\x02\x03abc\x03\x00".to_vec()]
        }
        "offset_index" => vec!["a😀b\r\ncafé\u{301} \u{feff}".as_bytes().to_vec()],
        "reanchor" => vec![joined(
            &fixture("open/pair.txt"),
            b"said|Mayor | the\nthe||\nA|| said\nsaid\n",
        )],
        "stored_workspace" => vec![stored_workspace_seed(&native)],
        "assignment_file" | "assignment_link" => assignment_seeds(&native, target),
        other => panic!("no seeds for the target {other:?}"),
    }
}

/// A stored workspace holding the fixture's document.
fn stored_workspace_seed(native: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(native);
    let imported = attrib_core::formats::import(&text, None, None).expect("the fixture imports");
    let document = imported.documents.into_iter().next().expect("one document");
    let workspace = attrib_core::workspace::Workspace::new(document).expect("a valid document");
    serde_json::to_vec(&workspace).expect("a workspace saves")
}

/// An assignment of the fixture's article with its key, as a file or as a
/// link.
fn assignment_seeds(native: &[u8], target: &str) -> Vec<Vec<u8>> {
    use attrib_core::assignment::{encode_link, Assignment};
    let text = String::from_utf8_lossy(native);
    let imported = attrib_core::formats::import(&text, None, None).expect("the fixture imports");
    let document = imported.documents.into_iter().next().expect("one document");
    let mut assignment = Assignment::new(&document);
    assignment
        .set_key(&document)
        .expect("the article is its own key");
    let seed = if target == "assignment_link" {
        encode_link(&assignment, "https://example.org/attrib/").expect("a link")
    } else {
        assignment.to_json().expect("an assignment file")
    };
    vec![seed.into_bytes()]
}

/// One edit of a seed: where (a fraction of its length), what, with what.
type Edit = (u16, u8, u8);

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for &(at, op, byte) in edits {
        let at = usize::from(at) * (out.len() + 1) / 65_536;
        match op % 6 {
            0 if at < out.len() => out[at] = byte,
            1 => out.insert(at, byte),
            2 if at < out.len() => {
                out.remove(at);
            }
            // Repeats a stretch: deep nesting, long runs, many copies.
            3 => {
                let end = (at + usize::from(byte % 32) + 1).min(out.len());
                let stretch = out[at..end].to_vec();
                for _ in 0..(byte / 32 + 1) {
                    out.splice(at..at, stretch.iter().copied());
                }
            }
            4 => out.truncate(at),
            // A byte that structures most formats.
            _ => {
                let structural = b"{}[]\",:\t\n\r0-|\\\0";
                out.insert(at, structural[usize::from(byte) % structural.len()]);
            }
        }
    }
    out
}

/// Runs `target` on `CASES` inputs from a fixed seed: edited seeds and
/// random bytes. Returns how many inputs ran.
fn smoke(name: &str, target: fn(&[u8])) -> u32 {
    let seeds = seeds(name);
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let edited = (
        0..seeds.len(),
        prop::collection::vec((any::<u16>(), any::<u8>(), any::<u8>()), 1..12),
    )
        .prop_map(move |(i, edits)| apply(&seeds[i], &edits));
    let random = prop::collection::vec(any::<u8>(), 0..600);
    let inputs = prop_oneof![3 => edited, 1 => random];
    let ran = std::cell::Cell::new(0u32);
    let result = runner.run(&inputs, |input| {
        ran.set(ran.get() + 1);
        target(&input);
        Ok(())
    });
    match result {
        Ok(()) => ran.get(),
        Err(TestError::Fail(why, input)) => {
            // The smallest failing input, kept for a regression file.
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-smoke");
            let path = dir.join(format!("{name}-failure"));
            let saved = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, &input));
            panic!(
                "fuzz target {name} failed: {why}\nthe smallest failing input ({} bytes) {}: \
                 once fixed, copy it to fuzz/regressions/{name}/",
                input.len(),
                match saved {
                    Ok(()) => format!("is in {}", path.display()),
                    Err(e) => format!("could not be saved ({e}): {input:?}"),
                }
            )
        }
        Err(e) => panic!("fuzz target {name} failed: {e}"),
    }
}

fn target(name: &str) -> fn(&[u8]) {
    targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}

fn check(name: &str) {
    let ran = smoke(name, target(name));
    assert!(ran >= CASES, "{name}: only {ran} inputs ran");
}

#[test]
fn format_detection_survives_generated_inputs() {
    check("detect");
}

#[test]
fn the_native_parser_survives_generated_inputs() {
    check("import_native");
}

#[test]
fn the_jsonl_parser_survives_generated_inputs() {
    check("import_jsonl");
}

#[test]
fn the_w3c_parser_survives_generated_inputs() {
    check("import_w3c");
}

#[test]
fn the_brat_parser_survives_generated_inputs() {
    check("import_brat");
}

#[test]
fn the_doccano_parser_survives_generated_inputs() {
    check("import_doccano");
}

#[test]
fn the_label_studio_parser_survives_generated_inputs() {
    check("import_label_studio");
}

#[test]
fn the_csv_parser_survives_generated_inputs() {
    check("import_csv");
}

#[test]
fn importing_whatever_detection_names_survives_generated_inputs() {
    check("import_detected");
}

#[test]
fn opening_a_file_survives_generated_inputs() {
    check("open_file");
}

#[test]
fn opening_a_big_file_in_steps_survives_generated_inputs_and_agrees_with_opening_it_whole() {
    check("open_steps");
}

#[test]
fn html_to_text_survives_generated_pages() {
    check("html_to_text");
}

#[test]
fn the_offset_index_converts_every_generated_text_consistently() {
    check("offset_index");
}

#[test]
fn re_anchoring_survives_generated_texts_and_quotes() {
    check("reanchor");
}

#[test]
fn loading_a_stored_workspace_survives_generated_inputs() {
    check("stored_workspace");
}

#[test]
fn reading_an_assignment_file_survives_generated_inputs() {
    check("assignment_file");
}

#[test]
fn opening_an_assignment_link_survives_generated_inputs() {
    check("assignment_link");
}

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

#[test]
fn every_input_that_once_crashed_a_target_now_runs_clean() {
    let dir = regressions_dir();
    let mut replayed = 0usize;
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if !path.is_dir() {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let run = target(&name);
        for file in std::fs::read_dir(&path).expect("a target's regressions") {
            let file = file.expect("a regression file").path();
            let input = std::fs::read(&file).expect("a regression input");
            let outcome = std::panic::catch_unwind(|| run(&input));
            assert!(outcome.is_ok(), "{} crashes {name} again", file.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn every_target_has_seeds_and_a_cargo_fuzz_binary() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (name, _) in targets::TARGETS {
        assert!(!seeds(name).is_empty(), "{name} has no seeds");
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] for {name}"
        );
        assert!(
            fuzz.join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
    }
}

/// Writes every target's seeds into `fuzz/corpus/TARGET/` as cargo-fuzz's
/// starting corpus (`fuzz/run-all.sh` runs it first): the same real files
/// the smoke test edits. Not a check, so ignored by the test layers.
#[test]
#[ignore = "writes the cargo-fuzz corpus: run by fuzz/run-all.sh"]
fn write_the_cargo_fuzz_seed_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    for (name, _) in targets::TARGETS {
        let dir = corpus.join(name);
        std::fs::create_dir_all(&dir).expect("a corpus directory");
        for (i, seed) in seeds(name).iter().enumerate() {
            std::fs::write(dir.join(format!("seed-{i}")), seed).expect("a seed file");
        }
    }
}
