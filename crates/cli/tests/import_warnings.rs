//! What an imported file holds and attrib does not read is said on
//! standard error, never dropped silently.

mod common;

use common::*;

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
    let out = attrib(&["convert", &path.to_string_lossy(), "--to", "json"]);
    assert_eq!(code(&out), 0);
    let stderr = stderr(&out);
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
    let out = attrib(&["stats", &path.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2 documents"));
    assert!(stderr(&out).contains("document labels [\"weather\"]"));
}

#[test]
fn a_label_studio_task_with_only_predictions_says_they_were_read_as_its_annotations() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("tasks.json");
    let tasks = r#"[{"id": 1, "data": {"text": "Sales rose."},
        "predictions": [{"result": [
          {"id": "p", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 0, "end": 11, "text": "Sales rose.", "labels": ["claim"]}}]}]}]"#;
    std::fs::write(&path, tasks).expect("write the tasks");
    let out = attrib(&["convert", &path.to_string_lossy(), "--to", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no annotation; its first prediction is read as the annotations"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("\"kind\": \"claim\""),
        "{}",
        stdout(&out)
    );
}
