//! The shared fixtures of `tests/fixtures/open`: every case of
//! `expected.json` opened with `formats::open`, as the app and the CLI open
//! them (the CLI's own test runs the `attrib` binary over the same cases).

use std::path::{Path, PathBuf};

use attrib_core::formats::open::{self, InputFile, OpenError, OpenOptions, ReadAs};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/open")
}

fn read(name: &str) -> String {
    let bytes = std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

#[test]
fn every_fixture_opens_as_expected() {
    let expected: Value = serde_json::from_str(&read("expected.json")).expect("expected.json");
    let cases = expected["cases"].as_array().expect("cases");
    assert!(cases.len() >= 15, "the fixture set lists its cases");
    for case in cases {
        let name = case["file"].as_str().expect("file");
        let contents = read(name);
        let text_name = case["text"].as_str();
        let text = text_name.map(read);
        let mut options = OpenOptions::new("doc");
        options.text = text_name
            .zip(text.as_deref())
            .map(|(n, t)| InputFile::new(n, t));
        let file = InputFile::new(name, &contents);
        let result = open::open(file, &options);
        let label = format!("{name} (text {text_name:?})");
        if let Some(kind) = case["error"].as_str() {
            let err = result.expect_err(&label);
            assert_eq!(err.kind(), kind, "{label}: {err}");
            continue;
        }
        let read_as = ReadAs::from_name(case["read_as"].as_str().expect("read_as"));
        if read_as == Some(ReadAs::WebPage) {
            // The core has no HTML parser: it decides, the reader reduces.
            assert_eq!(result, Err(OpenError::NoHtmlReader), "{label}");
            assert_eq!(open::read_as(&file, None), Ok(ReadAs::WebPage), "{label}");
            continue;
        }
        let opened = result.unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(Some(opened.read_as), read_as, "{label}");
        let docs = &opened.imported.documents;
        assert_eq!(
            docs.len() as u64,
            case["documents"].as_u64().expect("documents"),
            "{label}"
        );
        let first = &docs[0];
        assert_eq!(
            first.meta.title.as_deref(),
            case["title"].as_str(),
            "{label}"
        );
        assert_eq!(
            first.annotations.len() as u64,
            case["annotations"].as_u64().expect("n"),
            "{label}"
        );
        assert_eq!(
            first.speakers.len() as u64,
            case["speakers"].as_u64().expect("n"),
            "{label}"
        );
        assert!(opened.imported.unplaced.is_empty(), "{label}");
        assert!(
            docs.iter().all(|d| !d.meta.id.is_empty()),
            "{label}: every document has an id"
        );
    }
}
