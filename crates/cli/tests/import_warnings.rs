//! What an imported file holds and attrib does not read is said on
//! standard error, never dropped silently.

use std::process::Command;

#[test]
fn an_image_only_label_studio_export_converts_with_a_warning() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("tasks.json");
    let tasks = r#"[{"id": 1, "data": {"text": "", "image": "a.png"},
        "annotations": [{"result": [
          {"id": "r1", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
           "value": {"x": 1, "y": 2, "width": 3, "height": 4, "rectanglelabels": ["Face"]}}]}],
        "predictions": [{"result": []}]}]"#;
    std::fs::write(&path, tasks).expect("write the tasks");
    let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(["convert", &path.to_string_lossy(), "--to", "json"])
        .output()
        .expect("run attrib");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 prediction(s) not read")
            && stderr.contains("1 result(s) not read, not being text regions: 1 rectanglelabels"),
        "{stderr}"
    );
}

#[test]
fn a_plain_doccano_corpus_imports_and_its_class_labels_are_reported() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("corpus.jsonl");
    let lines = "{\"id\": 1, \"text\": \"Rain fell.\", \"meta\": {}}\n\
                 {\"id\": 2, \"text\": \"Snow fell.\", \"label\": [\"weather\"]}\n";
    std::fs::write(&path, lines).expect("write the corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(["stats", &path.to_string_lossy()])
        .output()
        .expect("run attrib");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 documents"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("document labels [\"weather\"]"));
}
