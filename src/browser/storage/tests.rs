//! Browser tests of the document store and the autosave hook, each on a
//! database of its own.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use attrib_core::model::{Annotation, Kind, Span, Speaker};
use attrib_core::workspace::{Action, Workspace};
use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use yew::prelude::*;

use super::autosave::use_autosave_in;
use super::idb::{self, Failure};
use super::*;
use crate::state::{document_from_text, sample_document, AppState, Msg, SaveStatus};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static NEXT_DB: Cell<u32> = const { Cell::new(0) };
}

/// A store on a database no other test uses, emptied first.
async fn fresh_store(what: &str) -> Store {
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

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn workspace(id: &str, text: &str) -> Workspace {
    Workspace::new(document_from_text(text, id)).unwrap()
}

/// The sample with a speaker, a quote and a claim, the claim undone: both
/// an undo and a redo step.
fn edited_sample() -> Workspace {
    let mut ws = Workspace::new(sample_document()).unwrap();
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
    assert_eq!(store.save(&ws).await.unwrap(), "sample");
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

fn raw_record(fields: &[(&str, JsValue)]) -> JsValue {
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
    store.save(&ws).await.unwrap();
    let loaded = store.load("long").await.unwrap().expect("saved");
    assert_eq!(loaded, ws);
    assert!(loaded.can_undo());
}

#[wasm_bindgen_test]
async fn a_new_document_never_takes_an_existing_record() {
    let store = fresh_store("ids").await;
    let sample = Workspace::new(sample_document()).unwrap();
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
    assert!(storage_id(&untitled).starts_with("doc-"));
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

// The autosave hook, on a page of its own.

type Probe = Rc<RefCell<Option<(Rc<AppState>, Callback<Msg>)>>>;

#[derive(Properties)]
struct HarnessProps {
    store: Store,
    probe: Probe,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        self.store == other.store && Rc::ptr_eq(&self.probe, &other.probe)
    }
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    let state = use_reducer(AppState::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |msg: Msg| state.dispatch(msg))
    };
    let snapshot = Rc::new((*state).clone());
    use_autosave_in(props.store.clone(), snapshot.clone(), dispatch.clone());
    *props.probe.borrow_mut() = Some((snapshot, dispatch));
    html! {}
}

struct Page {
    probe: Probe,
    handle: yew::AppHandle<Harness>,
}

impl Page {
    async fn mount(store: &Store) -> Page {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let probe = Probe::default();
        let handle = yew::Renderer::<Harness>::with_root_and_props(
            root,
            HarnessProps {
                store: store.clone(),
                probe: probe.clone(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        Page { probe, handle }
    }

    fn state(&self) -> Rc<AppState> {
        self.probe.borrow().as_ref().unwrap().0.clone()
    }

    async fn send(&self, msg: Msg) {
        let dispatch = self.probe.borrow().as_ref().unwrap().1.clone();
        dispatch.emit(msg);
        yew::scheduler::flush().await;
    }

    /// Lets storage answer and the page render.
    async fn settle(&self, ms: i32) {
        sleep(ms).await;
        yew::scheduler::flush().await;
    }

    fn close(self) {
        self.handle.destroy();
    }
}

fn add_speaker(id: &str, name: &str) -> Msg {
    Msg::Apply(Action::AddSpeaker {
        speaker: Speaker::new(id, name),
    })
}

#[wasm_bindgen_test]
async fn autosave_writes_changes_and_restores_them_on_the_next_start() {
    let store = fresh_store("hook").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    // Nothing saved: the untouched sample stays as it is.
    assert_eq!(page.state().save, SaveStatus::Unsaved);
    assert_eq!(store.last_open().await.unwrap(), None);

    page.send(add_speaker("s1", "John Kerry")).await;
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.settle(700).await;
    assert!(matches!(page.state().save, SaveStatus::Saved(_)));
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("sample"));
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 2);
    assert_eq!(saved.history().undo_len(), 2);
    page.close();

    // The next start restores it, undo history included, and does not
    // write it again.
    let updated = store.list().await.unwrap().documents[0].updated;
    let page = Page::mount(&store).await;
    page.settle(300).await;
    let state = page.state();
    assert_eq!(state.document().speakers.len(), 2);
    assert!(state.workspace.can_undo());
    assert_eq!(state.revision, 0);
    page.settle(500).await;
    assert_eq!(store.list().await.unwrap().documents[0].updated, updated);
    assert_eq!(super::open_id().as_deref(), Some("sample"));

    // Undo is saved too.
    page.send(Msg::Undo).await;
    page.settle(600).await;
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 1);
    assert_eq!(saved.history().redo_len(), 1);
    page.close();
}

#[wasm_bindgen_test]
async fn a_loaded_document_gets_its_own_record_and_keeps_the_earlier_one() {
    let store = fresh_store("load").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    // Replaced before the debounce: the earlier change is written anyway.
    page.send(Msg::LoadConfirmed(Rc::new(document_from_text(
        "Another story\n\nIt is short.",
        "doc-1",
    ))))
    .await;
    page.settle(700).await;
    let kept = store.load("sample").await.unwrap().expect("sample kept");
    assert_eq!(kept.document().speakers.len(), 1);
    assert!(store.load("doc-1").await.unwrap().is_some());
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("doc-1"));

    // Loading the sample again starts a new record rather than overwriting
    // the annotated one.
    page.send(Msg::LoadConfirmed(Rc::new(sample_document())))
        .await;
    page.settle(700).await;
    let list = store.list().await.unwrap();
    assert_eq!(list.documents.len(), 3);
    let newest = &list.documents[0].id;
    assert!(newest.starts_with("sample-"), "{newest}");
    let kept = store.load("sample").await.unwrap().unwrap();
    assert_eq!(kept.document().speakers.len(), 1);
    page.close();
}

#[wasm_bindgen_test]
async fn hiding_the_page_writes_at_once() {
    let store = fresh_store("pagehide").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    let event = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    // Well inside the 300 ms debounce.
    sleep(100).await;
    let saved = store
        .load("sample")
        .await
        .unwrap()
        .expect("written at once");
    assert_eq!(saved.document().speakers.len(), 1);
    page.close();
}

#[wasm_bindgen_test]
async fn a_damaged_last_document_is_reported_and_the_sample_shown() {
    let store = fresh_store("bad-last").await;
    store
        .put_raw(&raw_record(&[
            ("id", "sample".into()),
            ("title", "Damaged".into()),
            ("updated", JsValue::from_f64(1.0)),
            ("annotation_count", JsValue::from_f64(0.0)),
            ("workspace", "{\"version\": 99}".into()),
        ]))
        .await
        .unwrap();
    store.set_last_open("sample").await.unwrap();
    let page = Page::mount(&store).await;
    page.settle(300).await;
    let state = page.state();
    assert_eq!(state.document().meta.id, "sample");
    let notice = state.notice.clone().expect("an error notice");
    assert!(
        notice.text.contains("could not be restored"),
        "{}",
        notice.text
    );
    page.close();
}

#[wasm_bindgen_test]
async fn a_failed_write_says_why_and_keeps_the_last_good_save() {
    let store = fresh_store("full").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    page.settle(600).await;

    // The browser's quota runs out.
    js_sys::eval(
        "window.__attribPut = IDBObjectStore.prototype.put; \
         IDBObjectStore.prototype.put = function () { \
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
    )
    .unwrap();
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.settle(600).await;
    let state = page.state();
    let kept = store.load("sample").await;
    js_sys::eval("IDBObjectStore.prototype.put = window.__attribPut;").unwrap();

    assert_eq!(
        state.save,
        SaveStatus::Failed(StorageError::Full.to_string())
    );
    let notice = state.notice.clone().expect("an error notice");
    assert!(notice.text.contains("storage is full"), "{}", notice.text);
    assert_eq!(kept.unwrap().unwrap().document().speakers.len(), 1);

    // Once there is room, the next change saves everything.
    page.send(add_speaker("s3", "Bashar al-Assad")).await;
    page.settle(600).await;
    assert!(matches!(page.state().save, SaveStatus::Saved(_)));
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 3);
    page.close();
}
