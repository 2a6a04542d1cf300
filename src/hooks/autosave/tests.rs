//! Browser tests of the autosave hook, each on a page and a database of
//! its own.

use std::cell::RefCell;
use std::rc::Rc;

use attrib_core::model::Speaker;
use attrib_core::workspace::{Action, Workspace};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yew::prelude::*;

use super::use_autosave_in;
use crate::browser::storage::tests::{
    fresh_store, journal_len, raw_record, record_revision, sleep,
};
use crate::browser::storage::{open_id, take_over};
use crate::browser::storage::{StorageError, Store};
use crate::state::{document_from_text, sample_document, AppState, Msg, SaveStatus};

wasm_bindgen_test_configure!(run_in_browser);

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
    /// Settles until `done` holds of the page's state, checking every 10 ms
    /// up to 1,000 times: a slow machine waits longer instead of failing.
    async fn until(&self, what: &str, done: impl Fn(&AppState) -> bool) {
        for _ in 0..1000 {
            if done(&self.state()) {
                return;
            }
            self.settle(10).await;
        }
        panic!("never happened: {what}");
    }

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
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("sample"));
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 2);
    assert_eq!(saved.history().undo_len(), 2);
    page.close();

    // The next start restores it, undo history included, and does not
    // write it again.
    let updated = store.list().await.unwrap().documents[0].updated;
    let page = Page::mount(&store).await;
    page.until("restored", |s| s.document().speakers.len() == 2)
        .await;
    let state = page.state();
    assert!(state.workspace.can_undo());
    assert_eq!(state.revision, 0);
    page.settle(500).await;
    assert_eq!(store.list().await.unwrap().documents[0].updated, updated);
    assert_eq!(open_id().as_deref(), Some("sample"));

    // Undo is saved too (the status may already say saved: wait for the
    // record itself).
    page.send(Msg::Undo).await;
    for _ in 0..1000 {
        let stored = store.load("sample").await.unwrap().unwrap();
        if stored.document().speakers.len() == 1 {
            break;
        }
        page.settle(10).await;
    }
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
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    let kept = store.load("sample").await.unwrap().expect("sample kept");
    assert_eq!(kept.document().speakers.len(), 1);
    assert!(store.load("doc-1").await.unwrap().is_some());
    assert_eq!(store.last_open().await.unwrap().as_deref(), Some("doc-1"));

    // Loading the sample again starts a new record rather than overwriting
    // the annotated one.
    page.send(Msg::LoadConfirmed(Rc::new(sample_document())))
        .await;
    // Settled when the third record is in the store.
    for _ in 0..1000 {
        if store.list().await.unwrap().documents.len() == 3 {
            break;
        }
        page.settle(10).await;
    }
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
    page.until("told", |s| s.notice.is_some()).await;
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
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;

    // The browser's quota runs out.
    js_sys::eval(
        "window.__attribPut = IDBObjectStore.prototype.put; \
         IDBObjectStore.prototype.put = function () { \
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
    )
    .unwrap();
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.until("the write failed", |s| {
        matches!(s.save, SaveStatus::Failed(_)) && s.notice.is_some()
    })
    .await;
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
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 3);
    page.close();
}

#[wasm_bindgen_test]
async fn a_second_tab_on_the_document_is_read_only_until_it_takes_over_and_nothing_is_lost() {
    let store = fresh_store("tabs").await;
    let first = Page::mount(&store).await;
    first.settle(100).await;
    first.send(add_speaker("s1", "John Kerry")).await;
    first
        .until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;

    // A second tab opens the same document: it is told and is read-only.
    let second = Page::mount(&store).await;
    second
        .until("the second tab is read-only", |s| {
            s.document().speakers.len() == 1 && s.read_only.is_some()
        })
        .await;
    assert!(first.state().read_only.is_none());
    second.send(add_speaker("s2", "Sergei Lavrov")).await;
    let state = second.state();
    assert_eq!(state.document().speakers.len(), 1, "the edit is refused");
    assert!(state
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("another tab")));

    // The first tab goes on; the second shows what it saves.
    first.send(add_speaker("s2", "Sergei Lavrov")).await;
    second
        .until("the second tab shows the first tab's save", |s| {
            s.document().speakers.len() == 2
        })
        .await;

    // The second tab takes over: the first turns read-only and says so.
    first.send(add_speaker("s3", "Bashar al-Assad")).await;
    take_over().await;
    second
        .until("the second tab edits", |s| {
            s.read_only.is_none() && s.document().speakers.len() == 3
        })
        .await;
    first
        .until("the first tab is read-only", |s| s.read_only.is_some())
        .await;
    let why = first.state().read_only.clone().unwrap();
    assert!(why.contains("another tab"), "{why}");
    second.send(add_speaker("s4", "Ban Ki-moon")).await;
    first
        .until("the first tab shows the second tab's save", |s| {
            s.document().speakers.len() == 4
        })
        .await;
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 4);
    assert_eq!(saved.history().undo_len(), 4);
    assert_eq!(store.list().await.unwrap().documents.len(), 1);
    first.close();
    second.close();
}

#[wasm_bindgen_test]
async fn a_tab_that_cannot_answer_still_keeps_its_document_by_its_lock() {
    let store = fresh_store("locks").await;
    let first = Page::mount(&store).await;
    first.settle(100).await;
    first.send(add_speaker("s1", "John Kerry")).await;
    first
        .until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    // No tab hears another (a tab frozen in the background, say): only the
    // Web Lock can tell the second tab that the first edits the document.
    js_sys::eval(
        "window.__attribPost = BroadcastChannel.prototype.postMessage; \
         BroadcastChannel.prototype.postMessage = function () {};",
    )
    .unwrap();
    let second = Page::mount(&store).await;
    second
        .until("the second tab is read-only", |s| {
            s.document().speakers.len() == 1 && s.read_only.is_some()
        })
        .await;
    second.send(add_speaker("s2", "Sergei Lavrov")).await;
    assert_eq!(second.state().document().speakers.len(), 1, "refused");

    // Taking over from a tab that does not answer takes its lock: that tab
    // learns it from the lock and turns read-only.
    take_over().await;
    js_sys::eval("BroadcastChannel.prototype.postMessage = window.__attribPost;").unwrap();
    second
        .until("the second tab edits", |s| s.read_only.is_none())
        .await;
    first
        .until("the first tab is read-only", |s| s.read_only.is_some())
        .await;
    second.send(add_speaker("s2", "Sergei Lavrov")).await;
    second
        .until("saved", |s| {
            matches!(s.save, SaveStatus::Saved(_)) && s.document().speakers.len() == 2
        })
        .await;
    let saved = store.load("sample").await.unwrap().unwrap();
    assert_eq!(saved.document().speakers.len(), 2);
    assert_eq!(store.list().await.unwrap().documents.len(), 1);
    first.close();
    second.close();
}

#[wasm_bindgen_test]
async fn two_tabs_opening_a_document_at_the_same_instant_give_it_to_one() {
    let store = fresh_store("same-instant").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    page.close();
    // Both open the last document at once (neither has heard from
    // storage when the other starts): one edits, one is read-only.
    let a = Page::mount(&store).await;
    let b = Page::mount(&store).await;
    let mut one_read_only = false;
    for _ in 0..1000 {
        one_read_only = a.state().read_only.is_some() || b.state().read_only.is_some();
        if one_read_only {
            break;
        }
        a.settle(10).await;
    }
    assert!(one_read_only, "neither tab became read-only");
    let (editor, reader) = if a.state().read_only.is_some() {
        (b, a)
    } else {
        (a, b)
    };
    editor.send(add_speaker("s2", "Sergei Lavrov")).await;
    editor
        .until("the editing tab saves", |s| {
            matches!(s.save, SaveStatus::Saved(_)) && s.document().speakers.len() == 2
        })
        .await;
    reader
        .until("the read-only tab shows it", |s| {
            s.document().speakers.len() == 2
        })
        .await;
    assert!(editor.state().read_only.is_none());
    assert!(reader.state().read_only.is_some());
    // Saved over the one record, no second copy.
    assert_eq!(store.list().await.unwrap().documents.len(), 1);
    editor.close();
    reader.close();
}

#[wasm_bindgen_test]
async fn a_save_over_newer_work_from_elsewhere_is_kept_as_a_second_copy() {
    let store = fresh_store("conflict").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    // Something without the tab channel (an older version of the app in
    // another tab) saves a newer revision.
    let mut theirs = store.load("sample").await.unwrap().unwrap();
    theirs
        .apply(Action::AddSpeaker {
            speaker: Speaker::new("s9", "Their speaker"),
        })
        .unwrap();
    store.save_as("sample", &theirs).await.unwrap();

    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.until("told of the copy", |s| {
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("second copy"))
    })
    .await;
    page.until("saved", |s| matches!(s.save, SaveStatus::Saved(_)))
        .await;
    let kept = store.load("sample").await.unwrap().unwrap();
    assert_eq!(kept, theirs, "the newer work is not written over");
    let copy = open_id().expect("the copy is open");
    assert_ne!(copy, "sample");
    let mine = store.load(&copy).await.unwrap().unwrap();
    assert_eq!(mine.document().speakers.len(), 2);
    // Later edits go to the copy.
    page.send(add_speaker("s3", "Bashar al-Assad")).await;
    for _ in 0..1000 {
        if store
            .load(&copy)
            .await
            .unwrap()
            .unwrap()
            .document()
            .speakers
            .len()
            == 3
        {
            break;
        }
        page.settle(10).await;
    }
    assert_eq!(
        store
            .load(&copy)
            .await
            .unwrap()
            .unwrap()
            .document()
            .speakers
            .len(),
        3
    );
    assert_eq!(store.load("sample").await.unwrap().unwrap(), theirs);
    page.close();
}

fn stash(store: &Store, id: &str, base: u64, time: f64, workspace: &Workspace) {
    let json = serde_json::json!({
        "id": id,
        "base": base,
        "time": time,
        "workspace": workspace,
    });
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(
            &format!("attrib-unsaved:{}:{id}", store.name()),
            &json.to_string(),
        )
        .unwrap();
}

fn stashed(store: &Store, id: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&format!("attrib-unsaved:{}:{id}", store.name()))
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_kept_change_is_restored_only_when_newer_than_the_saved_document() {
    let store = fresh_store("stash").await;
    let base = Workspace::new(sample_document()).unwrap();
    let saved = store.save("sample", &base, 0).await.unwrap();
    let mut newer = base.clone();
    newer
        .apply(Action::AddSpeaker {
            speaker: Speaker::new("s1", "John Kerry"),
        })
        .unwrap();

    // An old copy, kept before the last save: dropped, the save stays.
    stash(&store, "sample", 0, saved.updated - 1000.0, &newer);
    let page = Page::mount(&store).await;
    page.until("the saved document is restored", |s| {
        s.save == SaveStatus::Saved("restored".into())
    })
    .await;
    assert_eq!(page.state().document().speakers.len(), 0);
    assert_eq!(stashed(&store, "sample"), None);
    assert_eq!(store.load("sample").await.unwrap().unwrap(), base);
    page.close();

    // A copy kept after the last save (the tab closed before IndexedDB
    // wrote it): restored and written.
    stash(
        &store,
        "sample",
        saved.revision,
        js_sys::Date::now(),
        &newer,
    );
    let page = Page::mount(&store).await;
    page.until("the kept change is restored", |s| {
        s.document().speakers.len() == 1
    })
    .await;
    assert_eq!(stashed(&store, "sample"), None);
    let stored = store.read("sample").await.unwrap().unwrap();
    assert_eq!(stored.workspace, newer);
    assert_eq!(stored.revision, saved.revision + 1);
    page.close();
}

#[wasm_bindgen_test]
async fn a_kept_change_that_cannot_be_written_is_opened_and_stays_kept() {
    let store = fresh_store("stash-full").await;
    let base = Workspace::new(sample_document()).unwrap();
    let saved = store.save("sample", &base, 0).await.unwrap();
    let mut newer = base.clone();
    newer
        .apply(Action::AddSpeaker {
            speaker: Speaker::new("s1", "John Kerry"),
        })
        .unwrap();
    stash(
        &store,
        "sample",
        saved.revision,
        js_sys::Date::now(),
        &newer,
    );
    js_sys::eval(
        "window.__attribPut3 = IDBObjectStore.prototype.put; \
         IDBObjectStore.prototype.put = function () { \
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
    )
    .unwrap();
    let page = Page::mount(&store).await;
    page.until("the kept change is open and the failure said", |s| {
        s.document().speakers.len() == 1 && matches!(s.save, SaveStatus::Failed(_))
    })
    .await;
    js_sys::eval("IDBObjectStore.prototype.put = window.__attribPut3;").unwrap();
    assert!(stashed(&store, "sample").is_some(), "still kept");
    assert_eq!(store.load("sample").await.unwrap().unwrap(), base);
    // With room again, the next change writes it and lets the copy go.
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    for _ in 0..1000 {
        if stashed(&store, "sample").is_none() {
            break;
        }
        page.settle(10).await;
    }
    assert_eq!(stashed(&store, "sample"), None);
    let stored = store.load("sample").await.unwrap().unwrap();
    assert_eq!(stored.document().speakers.len(), 2);
    page.close();
}

#[wasm_bindgen_test]
async fn a_document_with_a_damaged_history_opens_without_it_and_says_so() {
    let store = fresh_store("bad-history").await;
    let mut ws = Workspace::new(sample_document()).unwrap();
    ws.apply(Action::AddSpeaker {
        speaker: Speaker::new("s1", "John Kerry"),
    })
    .unwrap();
    let mut json: serde_json::Value = serde_json::to_value(&ws).unwrap();
    json["history"]["undo"] = serde_json::json!("damaged");
    store
        .put_raw(&raw_record(&[
            ("id", "sample".into()),
            ("title", "Sample".into()),
            ("updated", JsValue::from_f64(1.0)),
            ("annotation_count", JsValue::from_f64(0.0)),
            ("workspace", json.to_string().as_str().into()),
        ]))
        .await
        .unwrap();
    store.set_last_open("sample").await.unwrap();
    let page = Page::mount(&store).await;
    page.until("told", |s| {
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("undo history"))
    })
    .await;
    let state = page.state();
    assert_eq!(state.document().speakers.len(), 1, "the document is kept");
    assert!(!state.workspace.can_undo());
    // The next change saves a sound record over it.
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    for _ in 0..1000 {
        if store
            .read("sample")
            .await
            .unwrap()
            .is_some_and(|l| l.warning.is_none())
        {
            break;
        }
        page.settle(10).await;
    }
    let stored = store.read("sample").await.unwrap().unwrap();
    assert_eq!(stored.warning, None);
    assert_eq!(stored.workspace.document().speakers.len(), 2);
    page.close();
}

#[wasm_bindgen_test]
async fn a_browser_that_blocks_storage_is_told_on_start_and_the_sample_stays_open() {
    let store = Store::named(&format!(
        "attrib-test-blocked-start-{}",
        js_sys::Date::now()
    ));
    js_sys::eval(
        "window.__attribOpen2 = IDBFactory.prototype.open; \
         IDBFactory.prototype.open = function () { \
           throw new DOMException('The operation is insecure.', 'SecurityError'); };",
    )
    .unwrap();
    let page = Page::mount(&store).await;
    page.until("told", |s| s.notice.is_some()).await;
    js_sys::eval("IDBFactory.prototype.open = window.__attribOpen2;").unwrap();
    let state = page.state();
    let notice = state.notice.clone().unwrap();
    assert!(notice.text.contains("blocks storage"), "{}", notice.text);
    assert!(notice.text.contains("export your work"), "{}", notice.text);
    assert_eq!(state.document().meta.id, "sample");
    page.close();
}

/// How many times the autosave has serialised a document (its
/// `attrib: serialise` measures).
fn serialised() -> u32 {
    web_sys::window()
        .unwrap()
        .performance()
        .unwrap()
        .get_entries_by_name("attrib: serialise")
        .length()
}

/// Waits until record `id` holds `speakers` speakers.
async fn until_stored(page: &Page, store: &Store, id: &str, speakers: usize) {
    for _ in 0..1000 {
        if let Ok(Some(ws)) = store.load(id).await {
            if ws.document().speakers.len() == speakers {
                return;
            }
        }
        page.settle(10).await;
    }
    panic!("record {id} never held {speakers} speakers");
}

#[wasm_bindgen_test]
async fn a_change_is_serialised_once_and_a_document_too_long_for_a_safety_copy_only_for_its_record()
{
    let store = fresh_store("once").await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    let before = serialised();
    page.send(add_speaker("s1", "John Kerry")).await;
    until_stored(&page, &store, "sample", 1).await;
    assert_eq!(
        serialised() - before,
        1,
        "the safety copy's JSON is the record's"
    );

    // Longer than localStorage's copy can be (a million characters).
    let long = format!(
        "A long story\n\n{}",
        "Words and more words. ".repeat(60_000)
    );
    page.send(Msg::LoadConfirmed(Rc::new(document_from_text(
        &long, "long",
    ))))
    .await;
    page.send(add_speaker("s1", "John Kerry")).await;
    until_stored(&page, &store, "long", 1).await;
    let before = serialised();
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    assert!(
        stashed(&store, "long").is_none(),
        "no safety copy for a document too long for one"
    );
    until_stored(&page, &store, "long", 2).await;
    assert_eq!(
        serialised() - before,
        0,
        "not serialised at all: the change goes out as a journal entry"
    );
    page.close();
}

/// Waits until document `id` is stored at `revision` (its summary's).
async fn until_revision(page: &Page, store: &Store, id: &str, revision: u64) {
    for _ in 0..1000 {
        if let Ok(Some(loaded)) = store.read(id).await {
            if loaded.revision == revision {
                return;
            }
        }
        page.settle(10).await;
    }
    panic!("document {id} never reached revision {revision}");
}

/// A page on a fresh store `name` whose document ("sample") has had one
/// edit, a speaker added: its first write, so its record is written whole,
/// at revision 1.
async fn written_once(name: &str) -> (Store, Page) {
    let store = fresh_store(name).await;
    let page = Page::mount(&store).await;
    page.settle(100).await;
    page.send(add_speaker("s1", "John Kerry")).await;
    until_revision(&page, &store, "sample", 1).await;
    (store, page)
}

#[wasm_bindgen_test]
async fn edits_after_the_first_write_are_journal_entries_and_come_back_with_their_history() {
    let (store, page) = written_once("journal-hook").await;
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.send(add_speaker("s3", "Josh Earnest")).await;
    page.send(Msg::Undo).await;
    until_revision(&page, &store, "sample", 4).await;
    assert_eq!(journal_len(&store, "sample").await, 3);
    assert_eq!(
        record_revision(&store, "sample").await,
        1,
        "written whole once"
    );
    let edited = page.state().workspace.clone();
    let loaded = store.read("sample").await.unwrap().unwrap();
    assert_eq!(&loaded.workspace, &*edited);
    assert_eq!(loaded.workspace.history().redo_len(), 1);
    page.close();

    let again = Page::mount(&store).await;
    again
        .until("the edited document is restored", |s| {
            *s.workspace == *edited
        })
        .await;
    // Restored from the same record: the next edit is an entry too.
    again.send(Msg::Redo).await;
    until_revision(&again, &store, "sample", 5).await;
    assert_eq!(record_revision(&store, "sample").await, 1);
    assert_eq!(journal_len(&store, "sample").await, 4);
    assert_eq!(
        store
            .load("sample")
            .await
            .unwrap()
            .unwrap()
            .document()
            .speakers
            .len(),
        3
    );
    again.close();
}

#[wasm_bindgen_test]
async fn a_pause_after_edits_writes_the_document_whole_and_empties_its_journal() {
    let (store, page) = written_once("journal-idle").await;
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    page.send(add_speaker("s3", "Josh Earnest")).await;
    until_revision(&page, &store, "sample", 3).await;
    assert_eq!(journal_len(&store, "sample").await, 2);
    // No more edits: after a few seconds the record is written whole.
    until_revision(&page, &store, "sample", 4).await;
    assert_eq!(journal_len(&store, "sample").await, 0);
    assert_eq!(record_revision(&store, "sample").await, 4);
    let loaded = store.read("sample").await.unwrap().unwrap();
    assert_eq!(&loaded.workspace, &*page.state().workspace);
    page.close();
}

#[wasm_bindgen_test]
async fn leaving_the_page_writes_nothing_whole_and_the_journal_is_read_back() {
    // Leaving does no heavy work (a whole write at a reload would delay
    // the next page, whose read waits for it): the entries stay, and the
    // next read replays them.
    let (store, page) = written_once("journal-hide").await;
    page.send(add_speaker("s2", "Sergei Lavrov")).await;
    until_revision(&page, &store, "sample", 2).await;
    assert_eq!(journal_len(&store, "sample").await, 1);
    let event = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    // Back from the back-forward cache, one more change: had leaving
    // written the record whole, it would be revision 3 and the journal
    // empty.
    let event = web_sys::Event::new("pageshow").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    page.send(add_speaker("s3", "Josh Earnest")).await;
    until_revision(&page, &store, "sample", 3).await;
    assert_eq!(journal_len(&store, "sample").await, 2);
    assert_eq!(record_revision(&store, "sample").await, 1);
    let loaded = store.read("sample").await.unwrap().unwrap();
    assert_eq!(&loaded.workspace, &*page.state().workspace);
    page.close();
}
