//! The Documents dialog: the documents saved in this browser, newest first,
//! each with its title, when it was saved and how many annotations it has;
//! open one (the current document is saved first) or delete one (after
//! asking). A corpus is one row above them (its name, how many documents
//! and how many done), not a row per document: open it (at its first
//! document not done) or delete it with its documents (after asking).

use std::collections::HashSet;
use std::rc::Rc;

use attrib_core::corpus::Index;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::files::download;
use crate::browser::focus::focus_by_id;
use crate::browser::storage::{self, DocumentList, DocumentSummary, StorageError, Store};
use crate::components::modal::Modal;
use crate::opening;
use crate::props::PanelProps;
use crate::state::{delete_question, progress_text, CorpusMsg, Msg, Step};
use crate::view::history_dropped;

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
enum Listing {
    Loading,
    Ready {
        /// The documents of no corpus.
        list: DocumentList,
        /// The storage id of the document open now, if it is saved.
        current: Option<String>,
        corpora: Vec<Rc<Index>>,
    },
    Failed(String),
}

#[component]
pub(crate) fn DocumentsDialog(props: &PanelProps) -> Html {
    let listing = use_state(|| Listing::Loading);
    // Bumped to read the list again (after a delete).
    let refresh = use_state(|| 0u32);
    let error = use_state(|| None::<String>);
    // The document whose deletion waits for confirmation.
    let confirming = use_state(|| None::<DocumentSummary>);
    let busy = use_state(|| false);
    // The storage id of a record that could not be opened, offered as a
    // raw download.
    let damaged = use_state(|| None::<String>);
    // The corpus (by id) whose deletion waits for confirmation.
    let confirming_corpus = use_state(|| None::<String>);
    // What was done, when it is not an error (a corpus deleted).
    let told = use_state(|| None::<String>);

    {
        let listing = listing.clone();
        use_effect_with(*refresh, move |_| {
            spawn_local(async move {
                // Save the open document first, so it is listed as it is now.
                // A failed save is already in the status line.
                let _ = storage::flush().await;
                listing.set(match read_listing().await {
                    Ok(ready) => ready,
                    Err(e) => Listing::Failed(format!("Could not read the saved documents: {e}.")),
                });
            });
        });
    }
    {
        let confirming = confirming.clone();
        use_effect_with(confirming.as_ref().map(|d| d.id.clone()), move |id| {
            if id.is_some() {
                let _ = focus_by_id("documents-keep");
            }
        });
    }

    {
        use_effect_with((*confirming_corpus).clone(), move |id| {
            if id.is_some() {
                let _ = focus_by_id("documents-keep-corpus");
            }
        });
    }

    let onclose = props.dispatch.reform(|_| Msg::CloseDialog);
    let open_corpus = {
        let dispatch = props.dispatch.clone();
        let error = error.clone();
        let busy = busy.clone();
        let refresh = refresh.clone();
        Callback::from(move |index: Rc<Index>| {
            let (dispatch, error, busy, refresh) = (
                dispatch.clone(),
                error.clone(),
                busy.clone(),
                refresh.clone(),
            );
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let _ = storage::flush().await;
                match Store::app().reopen_corpus(&index.id).await {
                    Ok(Some(index)) => {
                        let first = index.next_not_done(None).unwrap_or(0);
                        dispatch.emit(Msg::Corpus(CorpusMsg::Restored(Rc::new(index))));
                        dispatch.emit(Msg::Corpus(CorpusMsg::Go(Step::To(first))));
                        dispatch.emit(Msg::CloseDialog);
                    }
                    Ok(None) => {
                        error.set(Some(format!(
                            "The corpus “{}” is no longer saved (was it deleted in another tab?).",
                            index.name
                        )));
                        busy.set(false);
                        refresh.set(*refresh + 1);
                    }
                    Err(e) => {
                        error.set(Some(format!(
                            "Could not open the corpus “{}”: {e}. Your current document is \
                             still open.",
                            index.name
                        )));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let ask_delete_corpus = {
        let confirming_corpus = confirming_corpus.clone();
        let (error, told) = (error.clone(), told.clone());
        Callback::from(move |index: Rc<Index>| {
            error.set(None);
            told.set(None);
            confirming_corpus.set(Some(index.id.clone()));
        })
    };
    let keep_corpus = keep_callback(&confirming_corpus);
    let delete_corpus = {
        let dispatch = props.dispatch.clone();
        let open_corpus_id = props.state.corpus.as_ref().map(|c| c.index.id.clone());
        let (confirming_corpus, error, told, busy, refresh) = (
            confirming_corpus.clone(),
            error.clone(),
            told.clone(),
            busy.clone(),
            refresh.clone(),
        );
        Callback::from(move |index: Rc<Index>| {
            busy.set(true);
            // The corpus worked on now, or one of its documents shown alone.
            let shown = storage::open_id();
            let open_now = open_corpus_id.as_deref() == Some(index.id.as_str())
                || index
                    .entries
                    .iter()
                    .any(|e| shown.as_deref() == Some(e.key.as_str()));
            let (confirming_corpus, error, told, busy, refresh) = (
                confirming_corpus.clone(),
                error.clone(),
                told.clone(),
                busy.clone(),
                refresh.clone(),
            );
            let done = Callback::from(move |outcome: Result<String, String>| {
                match outcome {
                    Ok(message) => told.set(Some(message)),
                    Err(why) => error.set(Some(why)),
                }
                confirming_corpus.set(None);
                busy.set(false);
                refresh.set(*refresh + 1);
                let _ = focus_by_id("documents-list");
            });
            opening::delete_corpus(index, open_now, dispatch.clone(), done);
        })
    };
    let open = {
        let dispatch = props.dispatch.clone();
        let error = error.clone();
        let busy = busy.clone();
        let refresh = refresh.clone();
        let damaged = damaged.clone();
        Callback::from(move |doc: DocumentSummary| {
            let (dispatch, error, busy, refresh, damaged) = (
                dispatch.clone(),
                error.clone(),
                busy.clone(),
                refresh.clone(),
                damaged.clone(),
            );
            busy.set(true);
            error.set(None);
            damaged.set(None);
            spawn_local(async move {
                let title = doc.display_title();
                match storage::open_document(&doc.id).await {
                    // Restoring closes the dialog.
                    Ok(Some(loaded)) => {
                        dispatch.emit(Msg::Restore(Rc::new(loaded.workspace)));
                        if let Some(why) = loaded.warning {
                            dispatch.emit(Msg::error(history_dropped(&why)));
                        }
                    }
                    Ok(None) => {
                        error.set(Some(format!(
                            "“{title}” is no longer saved (was it deleted in another tab?)."
                        )));
                        busy.set(false);
                        refresh.set(*refresh + 1);
                    }
                    Err(e @ StorageError::Corrupt { .. }) => {
                        error.set(Some(format!(
                            "Could not open “{title}”: {e}. Your current document is still open; \
                             you can download the damaged record as it is stored (to repair it \
                             or send it for help), or delete it."
                        )));
                        damaged.set(Some(doc.id.clone()));
                        busy.set(false);
                    }
                    Err(e) => {
                        error.set(Some(format!(
                            "Could not open “{title}”: {e}. Your current document is still open."
                        )));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let ask_delete = {
        let confirming = confirming.clone();
        let error = error.clone();
        Callback::from(move |doc: DocumentSummary| {
            error.set(None);
            confirming.set(Some(doc));
        })
    };
    let keep = keep_callback(&confirming);
    let delete = {
        let confirming = confirming.clone();
        let error = error.clone();
        let busy = busy.clone();
        let refresh = refresh.clone();
        Callback::from(move |doc: DocumentSummary| {
            let (confirming, error, busy, refresh) = (
                confirming.clone(),
                error.clone(),
                busy.clone(),
                refresh.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                if let Err(e) = storage::delete(&doc.id).await {
                    error.set(Some(format!(
                        "Could not delete “{}”: {e}.",
                        doc.display_title()
                    )));
                }
                confirming.set(None);
                busy.set(false);
                refresh.set(*refresh + 1);
                let _ = focus_by_id("documents-list");
            });
        })
    };

    let download_raw = {
        let error = error.clone();
        Callback::from(move |id: String| {
            let error = error.clone();
            spawn_local(async move {
                let outcome = match storage::raw(&id).await {
                    Ok(Some(text)) => download(&raw_file_name(&id), "application/json", &text),
                    Ok(None) => Err("it is no longer saved".to_string()),
                    Err(e) => Err(e.to_string()),
                };
                if let Err(why) = outcome {
                    error.set(Some(format!(
                        "Could not download the damaged record “{id}”: {why}."
                    )));
                }
            });
        })
    };
    let raw_button = |id: &str| {
        let id = id.to_string();
        let onclick = download_raw.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        html! {
            <button type="button" class="document-raw"
                    aria-label={format!("Download the damaged record {id}")}
                    {onclick}>{ "Download raw record" }</button>
        }
    };
    let body = match &*listing {
        Listing::Loading => {
            html! { <p class="documents-status">{ "Reading saved documents…" }</p> }
        }
        Listing::Failed(message) => {
            html! { <p class="documents-error" role="alert">{ message.clone() }</p> }
        }
        Listing::Ready {
            list,
            current,
            corpora,
        } => {
            let open_corpus_id = props.state.corpus.as_ref().map(|c| c.index.id.as_str());
            let corpus_rows = corpora.iter().map(|index| {
                html! {
                    <CorpusRow key={format!("corpus:{}", index.id)} index={index.clone()}
                        is_open={open_corpus_id == Some(index.id.as_str())}
                        confirm={confirming_corpus.as_deref() == Some(index.id.as_str())}
                        busy={*busy} onopen={open_corpus.clone()}
                        ondelete={ask_delete_corpus.clone()}
                        onconfirm={delete_corpus.clone()} onkeep={keep_corpus.clone()} />
                }
            });
            let rows = list.documents.iter().map(|doc| {
                let is_current = current.as_deref() == Some(doc.id.as_str());
                let confirm = confirming.as_ref().is_some_and(|c| c.id == doc.id);
                html! {
                    <DocumentRow key={doc.id.clone()} doc={doc.clone()} {is_current} {confirm}
                        busy={*busy} onopen={open.clone()} ondelete={ask_delete.clone()}
                        onconfirm={delete.clone()} onkeep={keep.clone()} />
                }
            });
            let skipped = (!list.skipped.is_empty()).then(|| {
                html! {
                    <div class="documents-error" role="alert">
                        <p>{ format!(
                            "{} saved {} could not be read and {} not listed:",
                            list.skipped.len(),
                            if list.skipped.len() == 1 { "record" } else { "records" },
                            if list.skipped.len() == 1 { "is" } else { "are" }) }</p>
                        <ul>{ for list.skipped.iter().map(|e| {
                            let raw = match e {
                                StorageError::Corrupt { id, .. } => Some(raw_button(id)),
                                _ => None,
                            };
                            html! { <li>{ e.to_string() }{ " " }{ for raw }</li> }
                        }) }</ul>
                    </div>
                }
            });
            let unsaved_note = current.is_none().then(|| {
                html! {
                    <p class="documents-note">
                        { "The document open now has no changes yet, so it is not saved here." }
                    </p>
                }
            });
            if list.documents.is_empty() && corpora.is_empty() {
                html! {
                    <>
                        { for skipped }
                        <p class="documents-empty" id="documents-list" tabindex="-1">
                            { "No documents are saved in this browser yet. \
                               Every change you make is saved here automatically." }
                        </p>
                    </>
                }
            } else {
                html! {
                    <>
                        { for skipped }
                        { for unsaved_note }
                        <ul class="documents-list" id="documents-list" tabindex="-1"
                            aria-label="Saved corpora and documents">
                            { for corpus_rows }
                            { for rows }
                        </ul>
                    </>
                }
            }
        }
    };
    let error = (*error).clone().map(|message| {
        let raw = damaged.as_deref().map(raw_button);
        html! {
            <div class="documents-error" role="alert">
                <p>{ message }</p>
                { for raw }
            </div>
        }
    });

    let told = (*told).clone().map(|message| {
        html! { <p class="documents-told" role="status">{ message }</p> }
    });

    html! {
        <Modal title="Documents" class="documents-dialog" {onclose}>
            { for error }
            { for told }
            { body }
            <p class="documents-note">
                { "Documents are kept in this browser only. Use Export to keep a copy elsewhere." }
            </p>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    doc: DocumentSummary,
    is_current: bool,
    /// Asking whether to delete it.
    confirm: bool,
    busy: bool,
    onopen: Callback<DocumentSummary>,
    ondelete: Callback<DocumentSummary>,
    onconfirm: Callback<DocumentSummary>,
    onkeep: Callback<MouseEvent>,
}

#[component]
fn DocumentRow(props: &RowProps) -> Html {
    let doc = &props.doc;
    let title = doc.display_title();
    let emit = |cb: &Callback<DocumentSummary>| {
        let cb = cb.clone();
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| cb.emit(doc.clone()))
    };
    let count = match doc.annotation_count {
        1 => "1 annotation".to_string(),
        n => format!("{n} annotations"),
    };
    let actions = if props.confirm {
        html! {
            <div class="document-confirm" role="group" aria-label={format!("Delete {title}?")}>
                <span>{ "Delete it for good?" }</span>
                <button type="button" class="danger" disabled={props.busy}
                        aria-label={format!("Delete {title} for good")}
                        onclick={emit(&props.onconfirm)}>{ "Delete" }</button>
                <button type="button" id="documents-keep" aria-label={format!("Keep {title}")}
                        onclick={props.onkeep.clone()}>{ "Keep" }</button>
            </div>
        }
    } else if props.is_current {
        html! { <span class="document-current">{ "Open now" }</span> }
    } else {
        html! {
            <div class="document-actions">
                <button type="button" class="primary" disabled={props.busy}
                        aria-label={format!("Open {title}")}
                        onclick={emit(&props.onopen)}>{ "Open" }</button>
                <button type="button" disabled={props.busy}
                        aria-label={format!("Delete {title}")}
                        onclick={emit(&props.ondelete)}>{ "Delete" }</button>
            </div>
        }
    };
    html! {
        <li class={classes!("document-row", props.is_current.then_some("is-current"))}
            aria-current={props.is_current.then_some("true")}>
            <div class="document-info">
                <span class="document-title">{ title.clone() }</span>
                <span class="document-details">
                    { "Saved " }
                    <time datetime={iso_time(doc.updated)}>{ local_time(doc.updated) }</time>
                    { format!(" · {count}") }
                </span>
            </div>
            { actions }
        </li>
    }
}

/// "Keep": the question whose answer `confirming` waits for goes, and the
/// focus returns to the list.
fn keep_callback<T: 'static>(confirming: &UseStateHandle<Option<T>>) -> Callback<MouseEvent> {
    let confirming = confirming.clone();
    Callback::from(move |_: MouseEvent| {
        confirming.set(None);
        let _ = focus_by_id("documents-list");
    })
}

/// The saved documents and corpora, each corpus's documents left out of
/// the list of documents (they are its row).
async fn read_listing() -> Result<Listing, StorageError> {
    let mut list = storage::list().await?;
    let (corpora, skipped) = Store::app().corpora().await?;
    let in_corpora: HashSet<&str> = corpora
        .iter()
        .flat_map(|c| c.entries.iter().map(|e| e.key.as_str()))
        .collect();
    list.documents
        .retain(|d| !in_corpora.contains(d.id.as_str()));
    list.skipped.extend(skipped);
    Ok(Listing::Ready {
        list,
        current: storage::open_id(),
        corpora: corpora.into_iter().map(Rc::new).collect(),
    })
}

#[derive(Properties, PartialEq)]
struct CorpusRowProps {
    index: Rc<Index>,
    /// The corpus being worked through now.
    is_open: bool,
    /// Asking whether to delete it.
    confirm: bool,
    busy: bool,
    onopen: Callback<Rc<Index>>,
    ondelete: Callback<Rc<Index>>,
    onconfirm: Callback<Rc<Index>>,
    onkeep: Callback<MouseEvent>,
}

/// A saved corpus: its name, documents and progress, open and delete.
#[component]
fn CorpusRow(props: &CorpusRowProps) -> Html {
    let index = &props.index;
    let name = index.name.clone();
    let emit = |cb: &Callback<Rc<Index>>| {
        let cb = cb.clone();
        let index = index.clone();
        Callback::from(move |_: MouseEvent| cb.emit(index.clone()))
    };
    let actions = if props.confirm {
        html! {
            <div class="document-confirm" role="group"
                 aria-label={format!("Delete the corpus {name}?")}>
                <span>{ delete_question(index) }</span>
                <button type="button" class="danger" disabled={props.busy}
                        aria-label={format!("Delete the corpus {name} for good")}
                        onclick={emit(&props.onconfirm)}>{ "Delete" }</button>
                <button type="button" id="documents-keep-corpus"
                        aria-label={format!("Keep the corpus {name}")}
                        onclick={props.onkeep.clone()}>{ "Keep" }</button>
            </div>
        }
    } else {
        let open = if props.is_open {
            html! { <span class="document-current">{ "Open now" }</span> }
        } else {
            html! {
                <button type="button" class="primary" disabled={props.busy}
                        aria-label={format!("Open the corpus {name}")}
                        onclick={emit(&props.onopen)}>{ "Open" }</button>
            }
        };
        html! {
            <div class="document-actions">
                { open }
                <button type="button" disabled={props.busy}
                        aria-label={format!("Delete the corpus {name}")}
                        onclick={emit(&props.ondelete)}>{ "Delete…" }</button>
            </div>
        }
    };
    html! {
        <li class={classes!("document-row", "corpus-row", props.is_open.then_some("is-current"))}
            aria-current={props.is_open.then_some("true")}>
            <div class="document-info">
                <span class="document-title">{ format!("Corpus: {name}") }</span>
                <span class="document-details">{ progress_text(index) }</span>
            </div>
            { actions }
        </li>
    }
}

/// The file a damaged record downloads as: its id, kept to safe letters.
fn raw_file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    format!("attrib-damaged-{safe}.json")
}

/// `2025-03-12 14:03` in the reader's time zone.
fn local_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    if d.get_time().is_nan() {
        return "at an unknown time".into();
    }
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

fn iso_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    if d.get_time().is_nan() {
        return String::new();
    }
    String::from(d.to_iso_string())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::cell::RefCell;

    use attrib_core::workspace::Workspace;
    use js_sys::Promise;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlElement};

    use super::*;
    use crate::browser::storage::Store;
    use crate::components::test_support::settle_until;
    use crate::state::{document_from_text, AppState};

    wasm_bindgen_test_configure!(run_in_browser);

    async fn sleep(ms: i32) {
        let promise = Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }

    async fn settle() {
        sleep(150).await;
        yew::scheduler::flush().await;
    }

    /// The app's database, emptied.
    async fn empty_app_store() -> Store {
        let store = Store::app();
        for doc in store.list().await.unwrap().documents {
            store.delete(&doc.id).await.unwrap();
        }
        store
    }

    async fn mount() -> (
        Element,
        Rc<RefCell<Vec<Msg>>>,
        yew::AppHandle<DocumentsDialog>,
    ) {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let msgs = Rc::new(RefCell::new(Vec::new()));
        let dispatch = {
            let msgs = msgs.clone();
            Callback::from(move |m: Msg| msgs.borrow_mut().push(m))
        };
        let props = PanelProps {
            state: Rc::new(AppState::default()),
            dispatch,
        };
        let handle =
            yew::Renderer::<DocumentsDialog>::with_root_and_props(root.clone(), props).render();
        settle().await;
        (root, msgs, handle)
    }

    fn button(root: &Element, label: &str) -> HtmlElement {
        root.query_selector(&format!("button[aria-label=\"{label}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no button {label}"))
            .dyn_into()
            .unwrap()
    }

    fn titles(root: &Element) -> Vec<String> {
        let nodes = root.query_selector_all(".document-title").unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect()
    }

    fn workspace(id: &str, text: &str) -> Workspace {
        Workspace::new(document_from_text(text, id)).unwrap()
    }

    #[wasm_bindgen_test]
    async fn lists_opens_and_deletes_saved_documents() {
        let store = empty_app_store().await;
        store
            .save_as("a", &workspace("a", "Alpha story\n\nText."))
            .await
            .unwrap();
        store
            .save_as("b", &workspace("b", "Beta story\n\nText."))
            .await
            .unwrap();
        let (root, msgs, handle) = mount().await;
        settle_until("both documents are listed", || titles(&root).len() == 2).await;
        assert_eq!(titles(&root), ["Beta story", "Alpha story"]);
        let details = root.query_selector(".document-details").unwrap().unwrap();
        assert!(details.text_content().unwrap().ends_with("· 0 annotations"));

        // Delete asks first; Keep leaves it.
        button(&root, "Delete Alpha story").click();
        yew::scheduler::flush().await;
        button(&root, "Keep Alpha story").click();
        yew::scheduler::flush().await;
        assert_eq!(titles(&root).len(), 2);
        button(&root, "Delete Alpha story").click();
        yew::scheduler::flush().await;
        button(&root, "Delete Alpha story for good").click();
        settle_until("Alpha story is deleted", || titles(&root).len() == 1).await;
        assert_eq!(titles(&root), ["Beta story"]);
        assert_eq!(store.load("a").await.unwrap(), None);

        button(&root, "Open Beta story").click();
        settle_until("Beta story is opened", || {
            msgs.borrow().iter().any(|m| matches!(m, Msg::Restore(_)))
        })
        .await;
        let opened = msgs.borrow().iter().find_map(|m| match m {
            Msg::Restore(ws) => Some(ws.clone()),
            _ => None,
        });
        let opened = opened.expect("a Restore message");
        assert_eq!(opened.document().meta.title.as_deref(), Some("Beta story"));
        assert_eq!(store.last_open().await.unwrap().as_deref(), Some("b"));
        handle.destroy();
    }

    #[wasm_bindgen_test]
    async fn says_when_nothing_is_saved_and_shows_damaged_records() {
        let store = empty_app_store().await;
        let (root, _msgs, handle) = mount().await;
        settle_until("the empty list is shown", || {
            root.text_content()
                .unwrap_or_default()
                .contains("No documents are saved")
        })
        .await;
        let text = root.text_content().unwrap();
        assert!(
            text.contains("No documents are saved in this browser yet"),
            "{text}"
        );
        handle.destroy();

        store
            .save_as("c", &workspace("c", "Gamma story\n\nText."))
            .await
            .unwrap();
        let bad = js_sys::Object::new();
        js_sys::Reflect::set(&bad, &"id".into(), &"bad".into()).unwrap();
        store.put_raw(&bad.into()).await.unwrap();
        let (root, _msgs, handle) = mount().await;
        settle_until("Gamma story is listed", || !titles(&root).is_empty()).await;
        assert_eq!(titles(&root), ["Gamma story"]);
        let alert = root.query_selector("[role=alert]").unwrap().unwrap();
        let alert = alert.text_content().unwrap();
        assert!(
            alert.contains("1 saved record could not be read and is not listed"),
            "{alert}"
        );
        assert!(alert.contains("“bad” is damaged"), "{alert}");
        // The unreadable record can be downloaded as it is.
        button(&root, "Download the damaged record bad").click();
        settle().await;
        assert!(root.query_selector(".documents-error p").unwrap().is_some());
        handle.destroy();
        store.delete("bad").await.unwrap();
        empty_app_store().await;
    }

    #[wasm_bindgen_test]
    async fn a_document_that_cannot_be_opened_offers_its_raw_record() {
        let store = empty_app_store().await;
        store
            .save_as("d", &workspace("d", "Delta story\n\nText."))
            .await
            .unwrap();
        let broken = js_sys::Object::new();
        for (key, value) in [
            ("id", JsValue::from_str("d")),
            ("title", JsValue::from_str("Delta story")),
            ("updated", JsValue::from_f64(1.0)),
            ("annotation_count", JsValue::from_f64(0.0)),
            ("revision", JsValue::from_f64(1.0)),
            ("workspace", JsValue::from_str("{cut off")),
        ] {
            js_sys::Reflect::set(&broken, &key.into(), &value).unwrap();
        }
        store.put_raw(&broken.into()).await.unwrap();
        let (root, msgs, handle) = mount().await;
        settle_until("Delta story is listed", || !titles(&root).is_empty()).await;
        button(&root, "Open Delta story").click();
        settle_until("the failure is shown", || {
            root.query_selector("button.document-raw")
                .unwrap()
                .is_some()
        })
        .await;
        let alert = root.query_selector("[role=alert]").unwrap().unwrap();
        let alert = alert.text_content().unwrap();
        assert!(alert.contains("Could not open “Delta story”"), "{alert}");
        assert!(alert.contains("download the damaged record"), "{alert}");
        assert!(!msgs.borrow().iter().any(|m| matches!(m, Msg::Restore(_))));
        button(&root, "Download the damaged record d").click();
        settle().await;
        let alert = root.query_selector("[role=alert]").unwrap().unwrap();
        assert!(!alert.text_content().unwrap().contains("Could not download"));
        handle.destroy();
        empty_app_store().await;
    }
}
