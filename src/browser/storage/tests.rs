//! Browser tests of the document store, each on a database of its own, and
//! the helpers the autosave hook's tests share.

use std::cell::Cell;

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker};
use attrib_core::workspace::{Action, Delta, Workspace};
use attrib_core::Document;
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use super::idb::{self, Failure, JOURNAL};
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

#[wasm_bindgen_test]
async fn a_save_over_an_older_revision_is_refused_and_writes_nothing() {
    let store = fresh_store("revision").await;
    let first = store
        .save("a", &workspace("a", "First\n\nText."), 0)
        .await
        .unwrap();
    assert_eq!(first.revision, 1);
    let second = store
        .save("a", &workspace("a", "Second\n\nText."), 1)
        .await
        .unwrap();
    assert_eq!(second.revision, 2);
    // Another tab still at revision 1 tries to save.
    match store.save("a", &workspace("a", "Stale\n\nText."), 1).await {
        Err(StorageError::Conflict { id, stored }) => {
            assert_eq!((id.as_str(), stored), ("a", 2));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Nor may a page that never read it write over it.
    assert!(matches!(
        store.save("a", &workspace("a", "New\n\nText."), 0).await,
        Err(StorageError::Conflict { .. })
    ));
    let kept = store.read("a").await.unwrap().expect("saved");
    assert_eq!(kept.revision, 2);
    assert_eq!(
        kept.workspace.document().meta.title.as_deref(),
        Some("Second")
    );
    let list = store.list().await.unwrap();
    assert_eq!(list.documents[0].revision, 2);
    assert_eq!(list.documents[0].title.as_deref(), Some("Second"));
}

#[wasm_bindgen_test]
async fn the_list_reads_summaries_and_writes_them_for_records_saved_before_them() {
    let store = fresh_store("summaries").await;
    store
        .save_as("new", &workspace("new", "New headline\n\nText."))
        .await
        .unwrap();
    // A record as version 1 saved it: no revision, no summary.
    let ws = edited_sample();
    store
        .put_raw(&raw_record(&[
            ("id", "old".into()),
            ("title", "Old headline".into()),
            ("updated", JsValue::from_f64(5.0)),
            ("annotation_count", JsValue::from_f64(1.0)),
            (
                "workspace",
                serde_json::to_string(&ws).unwrap().as_str().into(),
            ),
        ]))
        .await
        .unwrap();
    assert!(store
        .get(idb::SUMMARIES, "old")
        .await
        .unwrap()
        .is_undefined());
    let list = store.list().await.unwrap();
    let ids: Vec<_> = list.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["new", "old"]);
    assert_eq!(list.documents[1].annotation_count, 1);
    assert_eq!(list.documents[1].revision, 0);
    // Its summary is written, so the next list does not read it whole.
    let summary = store.get(idb::SUMMARIES, "old").await.unwrap();
    assert_eq!(
        summary_of(&summary).unwrap().title.as_deref(),
        Some("Old headline")
    );
    assert!(field(&summary, "workspace").is_undefined());
    // An old record saves over revision 0, and deleting removes both.
    let saved = store.save("old", &ws, 0).await.unwrap();
    assert_eq!(saved.revision, 1);
    store.delete("old").await.unwrap();
    assert!(store
        .get(idb::SUMMARIES, "old")
        .await
        .unwrap()
        .is_undefined());
    assert_eq!(store.list().await.unwrap().documents.len(), 1);
}

#[wasm_bindgen_test]
async fn a_damaged_history_opens_the_document_with_a_warning() {
    let store = fresh_store("history").await;
    let ws = edited_sample();
    let mut json: serde_json::Value = serde_json::to_value(&ws).unwrap();
    json["history"]["undo"] = serde_json::json!([{"label": "broken", "change": 7}]);
    store
        .put_raw(&raw_record(&[
            ("id", "sample".into()),
            ("title", "Sample".into()),
            ("updated", JsValue::from_f64(5.0)),
            ("annotation_count", JsValue::from_f64(1.0)),
            ("revision", JsValue::from_f64(3.0)),
            ("workspace", json.to_string().as_str().into()),
        ]))
        .await
        .unwrap();
    let loaded = store.read("sample").await.unwrap().expect("kept");
    assert_eq!(loaded.workspace.document(), ws.document());
    assert!(!loaded.workspace.can_undo());
    assert_eq!(loaded.revision, 3);
    assert!(loaded.warning.is_some());
}

#[wasm_bindgen_test]
async fn a_record_that_cannot_be_read_downloads_exactly_as_stored() {
    let store = fresh_store("raw").await;
    store
        .put_raw(&raw_record(&[
            ("id", "broken".into()),
            ("title", "Broken".into()),
            ("workspace", "{not json, but my work".into()),
        ]))
        .await
        .unwrap();
    assert!(matches!(
        store.read("broken").await,
        Err(StorageError::Corrupt { .. })
    ));
    let raw = store.raw("broken").await.unwrap().expect("stored");
    let value: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(value["workspace"], "{not json, but my work");
    assert_eq!(value["id"], "broken");
    assert_eq!(store.raw("nothing").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_browser_that_refuses_indexeddb_is_said_to_block_storage() {
    // The way Firefox's private windows and a blocking site setting refuse.
    js_sys::eval(
        "window.__attribOpen = IDBFactory.prototype.open; \
         IDBFactory.prototype.open = function () { \
           throw new DOMException('The operation is insecure.', 'SecurityError'); };",
    )
    .unwrap();
    let store = Store::named(&format!("attrib-test-blocked-{}", js_sys::Date::now()));
    let listed = store.list().await;
    let saved = store.save("a", &workspace("a", "A"), 0).await;
    js_sys::eval("IDBFactory.prototype.open = window.__attribOpen;").unwrap();
    assert_eq!(listed, Err(StorageError::Blocked));
    assert_eq!(saved, Err(StorageError::Blocked));
    assert_eq!(
        StorageError::Blocked.to_string(),
        "this browser blocks storage: export your work to keep it"
    );
}

#[wasm_bindgen_test]
async fn a_full_store_keeps_the_last_good_save() {
    let store = fresh_store("quota").await;
    store
        .save("a", &workspace("a", "Kept\n\nText."), 0)
        .await
        .unwrap();
    js_sys::eval(
        "window.__attribPut = IDBObjectStore.prototype.put; \
         IDBObjectStore.prototype.put = function () { \
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
    )
    .unwrap();
    let saved = store.save("a", &workspace("a", "Lost\n\nText."), 1).await;
    js_sys::eval("IDBObjectStore.prototype.put = window.__attribPut;").unwrap();
    assert_eq!(saved, Err(StorageError::Full));
    let kept = store.read("a").await.unwrap().expect("kept");
    assert_eq!(kept.revision, 1);
    assert_eq!(
        kept.workspace.document().meta.title.as_deref(),
        Some("Kept")
    );
}

/// How many journal entries document `id` has.
pub(crate) async fn journal_len(store: &Store, id: &str) -> u32 {
    let tx = idb::transaction(&store.name, &[JOURNAL], IdbTransactionMode::Readonly)
        .await
        .unwrap();
    let request = tx
        .object_store(JOURNAL)
        .unwrap()
        .count_with_key(&journal_range(id).unwrap())
        .unwrap();
    idb::await_request(&request)
        .await
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

/// The revision record `id` itself was written at (each whole write makes
/// one more; entries do not).
pub(crate) async fn record_revision(store: &Store, id: &str) -> u64 {
    revision_in(&store.get(DOCUMENTS, id).await.unwrap())
}

/// `ws` after `change`, and the delta between them.
fn step(ws: &Workspace, change: impl FnOnce(&mut Workspace)) -> (Workspace, Delta) {
    let mut next = ws.clone();
    change(&mut next);
    let delta = next.delta_since(ws).expect("one change");
    (next, delta)
}

fn add_claim(id: &str, start: usize) -> impl FnOnce(&mut Workspace) {
    let id = id.to_string();
    move |ws: &mut Workspace| {
        ws.apply(Action::AddAnnotation {
            annotation: Annotation::new(id, Kind::Claim, vec![Span::new(start, start + 5)]),
        })
        .unwrap()
    }
}

/// The edited sample saved whole, then an edit, an undo and an edit
/// appended as three entries: the last workspace.
async fn saved_with_three_entries(store: &Store) -> Workspace {
    let ws0 = edited_sample();
    store.save("sample", &ws0, 0).await.unwrap();
    let (ws1, d1) = step(&ws0, add_claim("c1", 30));
    let (ws2, d2) = step(&ws1, |ws| ws.undo().unwrap());
    let (ws3, d3) = step(&ws2, add_claim("c2", 40));
    let mut base = 1;
    for (ws, delta) in [(&ws1, d1), (&ws2, d2), (&ws3, d3)] {
        let saved = store
            .append("sample", &[delta], ws, base)
            .await
            .unwrap()
            .expect("the record is there");
        assert_eq!(saved.revision, base + 1);
        base = saved.revision;
    }
    ws3
}

#[wasm_bindgen_test]
async fn edits_go_to_the_journal_and_read_back_with_their_undo_history() {
    let store = fresh_store("journal").await;
    let last = saved_with_three_entries(&store).await;
    assert_eq!(journal_len(&store, "sample").await, 3);
    assert_eq!(record_revision(&store, "sample").await, 1, "written once");
    let loaded = store.read("sample").await.unwrap().expect("saved");
    assert_eq!(loaded.workspace, last);
    assert_eq!((loaded.revision, loaded.entries), (4, 3));
    assert_eq!((loaded.warning, loaded.lost), (None, None));
    // The summary the list shows has the last edit's count and revision.
    let list = store.list().await.unwrap();
    assert_eq!(list.documents[0].annotation_count, 2);
    assert_eq!(list.documents[0].revision, 4);
    // The raw download carries the entries.
    let raw = store.raw("sample").await.unwrap().unwrap();
    assert!(raw.contains("\"journal\""), "{}", &raw[..200]);
}

#[wasm_bindgen_test]
async fn a_whole_write_clears_the_journal_and_reads_the_same() {
    let store = fresh_store("compact").await;
    let last = saved_with_three_entries(&store).await;
    let saved = store.save("sample", &last, 4).await.unwrap();
    assert_eq!(saved.revision, 5);
    assert_eq!(journal_len(&store, "sample").await, 0);
    let loaded = store.read("sample").await.unwrap().unwrap();
    assert_eq!(loaded.workspace, last);
    assert_eq!((loaded.revision, loaded.entries), (5, 0));
}

#[wasm_bindgen_test]
async fn a_broken_entry_gives_the_document_as_far_as_it_replays_and_says_so() {
    let store = fresh_store("broken").await;
    let ws0 = edited_sample();
    store.save("sample", &ws0, 0).await.unwrap();
    let (ws1, d1) = step(&ws0, add_claim("c1", 30));
    let (ws2, d2) = step(&ws1, add_claim("c2", 40));
    let (ws3, d3) = step(&ws2, add_claim("c3", 50));
    store
        .append("sample", &[d1, d2, d3], &ws3, 1)
        .await
        .unwrap()
        .unwrap();
    // Entry 3 (the second change) damaged.
    let tx = idb::transaction(&store.name, &[JOURNAL], IdbTransactionMode::Readwrite)
        .await
        .unwrap();
    let entry = raw_record(&[
        ("doc", JsValue::from_str("sample")),
        ("revision", JsValue::from_f64(3.0)),
        ("delta", JsValue::from_str("{\"do\": 7}")),
    ]);
    tx.object_store(JOURNAL)
        .unwrap()
        .put_with_key(&entry, &journal_key("sample", 3))
        .unwrap();
    idb::await_commit(&tx).await.unwrap();

    let loaded = store.read("sample").await.unwrap().expect("the base reads");
    assert_eq!(loaded.workspace, ws1);
    let lost = loaded.lost.expect("said");
    assert!(lost.contains("last 2 changes"), "{lost}");
    assert_eq!(loaded.warning, None);
    // The revision stored, so the next whole write is not refused.
    assert_eq!(loaded.revision, 4);
    store.save("sample", &loaded.workspace, 4).await.unwrap();
    assert_eq!(journal_len(&store, "sample").await, 0);
    let again = store.read("sample").await.unwrap().unwrap();
    assert_eq!((again.workspace, again.lost), (ws1, None));
}

#[wasm_bindgen_test]
async fn deleting_a_document_deletes_its_entries_and_no_other() {
    let store = fresh_store("delete-journal").await;
    saved_with_three_entries(&store).await;
    let other = edited_sample();
    store.save("other", &other, 0).await.unwrap();
    let (next, delta) = step(&other, add_claim("c1", 30));
    store.append("other", &[delta], &next, 1).await.unwrap();
    store.delete("sample").await.unwrap();
    assert_eq!(journal_len(&store, "sample").await, 0);
    assert_eq!(store.read("sample").await.unwrap(), None);
    assert_eq!(journal_len(&store, "other").await, 1);
    assert_eq!(store.load("other").await.unwrap(), Some(next));
}

#[wasm_bindgen_test]
async fn an_entry_over_a_stale_revision_is_refused_and_writes_nothing() {
    let store = fresh_store("stale-entry").await;
    let last = saved_with_three_entries(&store).await;
    let (next, delta) = step(&last, add_claim("c9", 60));
    match store
        .append("sample", std::slice::from_ref(&delta), &next, 2)
        .await
    {
        Err(StorageError::Conflict { id, stored }) => {
            assert_eq!((id.as_str(), stored), ("sample", 4))
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(journal_len(&store, "sample").await, 3);
    assert!(matches!(
        store.save("sample", &next, 3).await,
        Err(StorageError::Conflict { stored: 4, .. })
    ));
    // Nothing to add to: nothing written, the caller writes the whole.
    assert_eq!(store.append("gone", &[delta], &next, 1).await, Ok(None));
    assert_eq!(journal_len(&store, "gone").await, 0);
    assert_eq!(store.read("sample").await.unwrap().unwrap().workspace, last);
}

#[wasm_bindgen_test]
async fn a_database_of_the_previous_version_keeps_its_documents_and_gains_a_journal() {
    let store = fresh_store("upgrade").await;
    let ws = edited_sample();
    // Version 2, as the app made it: no journal store.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(&store.name, 2).unwrap();
    let upgrade = {
        let request = request.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let db: web_sys::IdbDatabase = request.result().unwrap().into();
            for name in ["documents", "summaries", "corpora", "scoring"] {
                let params = web_sys::IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("id"));
                db.create_object_store_with_optional_parameters(name, &params)
                    .unwrap();
            }
            db.create_object_store("meta").unwrap();
        })
    };
    request.set_onupgradeneeded(Some(wasm_bindgen::JsCast::unchecked_ref(upgrade.as_ref())));
    let db: web_sys::IdbDatabase = idb::await_request(&request).await.unwrap().into();
    let record = record_of("sample", &ws, 1.0).unwrap();
    js_sys::Reflect::set(
        &record,
        &JsValue::from_str("revision"),
        &JsValue::from_f64(3.0),
    )
    .unwrap();
    let tx = db
        .transaction_with_str_and_mode("documents", IdbTransactionMode::Readwrite)
        .unwrap();
    tx.object_store("documents").unwrap().put(&record).unwrap();
    idb::await_commit(&tx).await.unwrap();
    db.close();
    drop(upgrade);

    let loaded = store.read("sample").await.unwrap().expect("kept");
    assert_eq!((loaded.workspace.clone(), loaded.revision), (ws.clone(), 3));
    let (next, delta) = step(&ws, add_claim("c1", 30));
    let saved = store.append("sample", &[delta], &next, 3).await.unwrap();
    assert_eq!(saved.map(|s| s.revision), Some(4));
    assert_eq!(store.load("sample").await.unwrap(), Some(next));
}
