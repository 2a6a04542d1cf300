//! Browser tests of the document store, each on a database of its own, and
//! the helpers the autosave hook's tests share.

use std::cell::Cell;

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker};
use attrib_core::workspace::{Action, Workspace};
use attrib_core::Document;
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use super::idb::{self, Failure};
use super::*;
use crate::sample::SAMPLE_ARTICLE;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static NEXT_DB: Cell<u32> = const { Cell::new(0) };
}

/// A store on a database no other test uses, emptied first.
pub(crate) async fn fresh_store(what: &str) -> Store {
    let n = NEXT_DB.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let name = format!("attrib-test-{what}-{n}-{}", js_sys::Date::now() as u64);
    idb::delete_database(&name)
        .await
        .expect("delete old test db");
    Store::named(&name)
}

pub(crate) async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A document of `text`, titled by its first line.
pub(crate) fn document(id: &str, text: &str) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: id.to_string(),
            ..Metadata::default()
        },
        Document::new(text),
    );
    doc.meta.title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    doc
}

/// The built-in sample article as a document.
pub(crate) fn sample() -> AnnotatedDocument {
    document("sample", SAMPLE_ARTICLE)
}

pub(crate) fn workspace(id: &str, text: &str) -> Workspace {
    Workspace::new(document(id, text)).unwrap()
}

/// The sample with a speaker, a quote and a claim, the claim undone: both
/// an undo and a redo step.
pub(crate) fn edited_sample() -> Workspace {
    let mut ws = Workspace::new(sample()).unwrap();
    ws.apply(Action::AddSpeaker {
        speaker: Speaker::new("s1", "John Kerry"),
    })
    .unwrap();
    let mut quote = Annotation::new("a1", Kind::Quote, vec![Span::new(0, 8)]);
    quote.speaker = Some("s1".into());
    quote.quote_type = ws.document().schema.quote_types.first().cloned();
    ws.apply(Action::AddAnnotation { annotation: quote })
        .unwrap();
    ws.apply(Action::AddAnnotation {
        annotation: Annotation::new("a2", Kind::Claim, vec![Span::new(10, 20)]),
    })
    .unwrap();
    ws.undo().unwrap();
    ws
}

#[wasm_bindgen_test]
async fn save_then_load_keeps_the_document_and_its_undo_history() {
    let store = fresh_store("roundtrip").await;
    let ws = edited_sample();
    store.save_as("sample", &ws).await.unwrap();
    let loaded = store.load("sample").await.unwrap().expect("saved");
    assert_eq!(loaded, ws);
    assert_eq!(loaded.history().undo_len(), 2);
    assert_eq!(loaded.history().redo_len(), 1);
    let mut again = loaded.clone();
    again.redo().unwrap();
    assert_eq!(again.document().annotations.len(), 2);
    assert_eq!(store.load("nothing-here").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn lists_newest_first_with_title_and_count() {
    let store = fresh_store("list").await;
    store
        .save_as("a", &workspace("a", "Alpha headline\n\nText."))
        .await
        .unwrap();
    store
        .save_as("b", &workspace("b", "Beta headline\n\nText."))
        .await
        .unwrap();
    store.save_as("c", &edited_sample()).await.unwrap();
    store
        .save_as("a", &workspace("a", "Alpha headline\n\nText."))
        .await
        .unwrap();
    let list = store.list().await.unwrap();
    assert!(list.skipped.is_empty());
    let ids: Vec<_> = list.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "b"]);
    assert_eq!(list.documents[0].title.as_deref(), Some("Alpha headline"));
    assert_eq!(list.documents[1].annotation_count, 1);
    assert!(list.documents[0].updated > list.documents[1].updated);
}

#[wasm_bindgen_test]
async fn delete_removes_the_record_and_forgets_it_as_last_open() {
    let store = fresh_store("delete").await;
    store.save_as("a", &workspace("a", "A")).await.unwrap();
    store.save_as("b", &workspace("b", "B")).await.unwrap();
    store.delete("a").await.unwrap();
    assert_eq!(store.load("a").await.unwrap(), None);
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("b"));
    store.delete("b").await.unwrap();
    assert!(store.list().await.unwrap().documents.is_empty());
    assert_eq!(store.last_open().await.unwrap(), None);
    // Deleting what is not there is not an error.
    store.delete("b").await.unwrap();
}

#[wasm_bindgen_test]
async fn remembers_the_last_open_document() {
    let store = fresh_store("last").await;
    assert_eq!(store.last_open().await.unwrap(), None);
    store.save_as("a", &workspace("a", "A")).await.unwrap();
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("a"));
    store.set_last_open("elsewhere").await.unwrap();
    assert_eq!(
        store.last_open().await.unwrap().as_deref(),
        Some("elsewhere")
    );
}

pub(crate) fn raw_record(fields: &[(&str, JsValue)]) -> JsValue {
    let record = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&record, &JsValue::from_str(key), value).unwrap();
    }
    record.into()
}

#[wasm_bindgen_test]
async fn damaged_records_are_skipped_with_a_reason() {
    let store = fresh_store("corrupt").await;
    store
        .save_as("good", &workspace("good", "Good"))
        .await
        .unwrap();
    // A record whose summary is unreadable.
    store
        .put_raw(&raw_record(&[
            ("id", "bad".into()),
            ("title", JsValue::from_f64(42.0)),
            ("workspace", JsValue::from_f64(7.0)),
        ]))
        .await
        .unwrap();
    // A record that lists well but whose document is not JSON.
    store
        .put_raw(&raw_record(&[
            ("id", "broken".into()),
            ("title", "Broken".into()),
            ("updated", JsValue::from_f64(1.0)),
            ("annotation_count", JsValue::from_f64(0.0)),
            ("workspace", "{not json".into()),
        ]))
        .await
        .unwrap();
    let list = store.list().await.unwrap();
    let ids: Vec<_> = list.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["good", "broken"]);
    assert_eq!(list.skipped.len(), 1);
    let StorageError::Corrupt { id, reason } = &list.skipped[0] else {
        panic!("expected a corrupt record, got {:?}", list.skipped[0]);
    };
    assert_eq!(id, "bad");
    assert_eq!(reason, "its title is not text");
    assert!(list.skipped[0].to_string().contains("“bad” is damaged"));

    match store.load("broken").await {
        Err(StorageError::Corrupt { id, .. }) => assert_eq!(id, "broken"),
        other => panic!("expected a corrupt record, got {other:?}"),
    }
    assert!(matches!(
        store.load("bad").await,
        Err(StorageError::Corrupt { .. })
    ));
    // The good record is untouched.
    assert!(store.load("good").await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_long_article_of_a_megabyte_saves_and_loads() {
    let store = fresh_store("large").await;
    let paragraph = "“We will not stop,” the minister said on Tuesday — 漢字 and 😀 included. ";
    let mut text = String::from("A very long article\n\n");
    while text.len() < 1_000_000 {
        text.push_str(paragraph);
        if text.len() % 7 == 0 {
            text.push_str("\n\n");
        }
    }
    let mut ws = workspace("long", &text);
    let n = ws.document().text.len_chars();
    ws.apply(Action::AddAnnotation {
        annotation: Annotation::new("a1", Kind::Claim, vec![Span::new(n - 30, n - 2)]),
    })
    .unwrap();
    store.save_as("long", &ws).await.unwrap();
    let loaded = store.load("long").await.unwrap().expect("saved");
    assert_eq!(loaded, ws);
    assert!(loaded.can_undo());
}

#[wasm_bindgen_test]
async fn a_new_document_never_takes_an_existing_record() {
    let store = fresh_store("ids").await;
    let sample = Workspace::new(sample()).unwrap();
    assert_eq!(store.new_id_for(&sample).await.unwrap(), "sample");
    store.save_as("sample", &sample).await.unwrap();
    let id = store.new_id_for(&sample).await.unwrap();
    assert!(id.starts_with("sample-"), "{id}");
    let untitled = workspace("", "Text");
    assert!(store
        .new_id_for(&untitled)
        .await
        .unwrap()
        .starts_with("doc-"));
}

#[wasm_bindgen_test]
fn failures_read_as_what_to_do() {
    let full = StorageError::from(Failure::new("QuotaExceededError", "quota"));
    assert_eq!(full, StorageError::Full);
    assert_eq!(
        full.to_string(),
        "storage is full: export your work, then delete old documents in Documents"
    );
    assert_eq!(
        StorageError::from(Failure::new("SecurityError", "denied")).to_string(),
        "this browser blocks storage: export your work to keep it"
    );
    assert!(matches!(
        StorageError::from(Failure::new("UnknownError", "disk")),
        StorageError::Failed(_)
    ));
}
