//! The corpus panel: the corpus's progress (a `<progress>` bar and "3 of
//! 1,000 documents done"), buttons for the previous, next and next not done
//! document and for marking the document shown done, a filter by status
//! and by title, the list of documents (each with its status and
//! annotation count; choosing one opens it), the corpus's export, and
//! closing or deleting the corpus (deleting asks first, saying what goes).
//!
//! The list is windowed: only the rows in view and a margin are in the
//! page, the rest stand as padding set through the CSSOM, so a corpus of
//! 10,000 documents renders a few dozen rows and moving through it
//! re-renders only the rows that changed (each row is memoised).

use std::rc::Rc;

use attrib_core::corpus::{zip_documents, Index};
use attrib_core::formats::{jsonl, Format};
use attrib_core::model::DocStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::browser::files::{download, download_bytes, slug};
use crate::browser::storage::{self, Store};
use crate::opening;
use crate::props::PanelProps;
use crate::state::{delete_question, plural, progress_text, CorpusMsg, CorpusView, Msg, Step};

/// The height of a row in pixels (the stylesheet gives `.corpus-row` the
/// same), so a scroll position names a row.
pub(crate) const ROW_PX: f64 = 36.0;
/// Rows rendered above and below those in view.
const MARGIN: usize = 8;
/// Rows assumed in view before the list has been measured.
const FIRST_VIEW: usize = 14;

/// The id of the list, for tests and for `aria-controls`.
pub(crate) const CORPUS_LIST_ID: &str = "corpus-list";

/// The export choices: the corpus as one JSONL file, or a zip with a file
/// per document in any format.
fn export_choices() -> Vec<(String, String)> {
    let mut choices = vec![(
        "jsonl".to_string(),
        "One Attrib JSONL file (.jsonl)".to_string(),
    )];
    for format in Format::ALL {
        choices.push((
            format!("zip:{}", format.name()),
            format!("Zip: one {} file per document", format.label()),
        ));
    }
    choices
}

/// The corpus's statuses as the filter offers them.
fn status_choices() -> [(&'static str, &'static str); 4] {
    [
        ("all", "All documents"),
        ("not_started", "Not started"),
        ("in_progress", "In progress"),
        ("done", "Done"),
    ]
}

/// Compares indexes by identity: a new `Rc` is a new index, and comparing
/// 10,000 entries by value on every render would be slow.
#[derive(Clone)]
struct SameIndex(Rc<Index>);

impl PartialEq for SameIndex {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub(crate) fn CorpusList(props: &PanelProps) -> Html {
    let Some(corpus) = props.state.corpus.clone() else {
        return html! {};
    };
    html! { <CorpusPanel dispatch={props.dispatch.clone()} {corpus}
    status={props.state.document().status()} /> }
}

#[derive(Properties, PartialEq)]
struct CorpusPanelProps {
    dispatch: Callback<Msg>,
    corpus: CorpusView,
    /// The status of the document shown.
    status: DocStatus,
}

#[component]
fn CorpusPanel(props: &CorpusPanelProps) -> Html {
    let c = &props.corpus;
    let dispatch = props.dispatch.clone();
    let visible = {
        let key = (
            SameIndex(c.index.clone()),
            c.status_filter,
            c.text_filter.clone(),
        );
        let corpus = c.clone();
        use_memo(key, move |_| corpus.visible())
    };
    // The first row in view and how many fit, from the list's scroll.
    let window = use_state(|| (0usize, FIRST_VIEW));
    let scroller = use_node_ref();
    let rows_ref = use_node_ref();
    let onscroll = {
        let window = window.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let first = (f64::from(el.scroll_top()) / ROW_PX).floor() as usize;
                let fit = (f64::from(el.client_height()) / ROW_PX).ceil() as usize + 1;
                if *window != (first, fit) {
                    window.set((first, fit));
                }
            }
        })
    };
    let (first, fit) = *window;
    let start = first.saturating_sub(MARGIN).min(visible.len());
    let end = (first + fit + MARGIN).min(visible.len());
    {
        // Rows out of the window stand as padding, set through the CSSOM.
        let rows_ref = rows_ref.clone();
        let total = visible.len();
        use_effect_with((start, end, total), move |&(start, end, total)| {
            if let Some(el) = rows_ref.cast::<HtmlElement>() {
                let style = el.style();
                let _ = style.set_property("padding-top", &format!("{}px", start as f64 * ROW_PX));
                let _ = style.set_property(
                    "padding-bottom",
                    &format!("{}px", (total - end) as f64 * ROW_PX),
                );
            }
        });
    }
    {
        // The document shown scrolls into the list's view.
        let scroller = scroller.clone();
        let position = c.current.and_then(|i| visible.iter().position(|&v| v == i));
        use_effect_with(position, move |position| {
            if let (Some(p), Some(el)) = (*position, scroller.cast::<HtmlElement>()) {
                let top = p as f64 * ROW_PX;
                let height = f64::from(el.client_height());
                let scroll = f64::from(el.scroll_top());
                if top < scroll || top + ROW_PX > scroll + height {
                    el.set_scroll_top((top - height / 2.0).max(0.0) as i32);
                }
            }
        });
    }

    let go = |step: Step| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Msg::Corpus(CorpusMsg::Go(step))))
    };
    let on_done = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Msg::Corpus(CorpusMsg::ToggleDone)))
    };
    let on_status = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            let status = DocStatus::from_name(&select.value());
            dispatch.emit(Msg::Corpus(CorpusMsg::FilterStatus(status)));
        })
    };
    let on_text = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            dispatch.emit(Msg::Corpus(CorpusMsg::FilterText(input.value())));
        })
    };
    let on_pick = {
        let dispatch = dispatch.clone();
        Callback::from(move |i: usize| dispatch.emit(Msg::Corpus(CorpusMsg::Go(Step::To(i)))))
    };
    let on_close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Msg::Corpus(CorpusMsg::Close)))
    };

    let on_delete = {
        let dispatch = dispatch.clone();
        let index = c.index.clone();
        Callback::from(move |_: MouseEvent| delete_corpus(index.clone(), dispatch.clone()))
    };

    let progress = c.index.progress();
    let total = c.index.entries.len();
    let done = props.status == DocStatus::Done;
    let shown = c.current.map(|i| i + 1);
    let busy = c.wanted.is_some();
    let status_value = c.status_filter.map_or("all", DocStatus::name);
    html! {
        <section class="panel corpus-panel" aria-labelledby="corpus-heading">
            <h2 id="corpus-heading">{ format!("Corpus: {}", c.index.name) }</h2>
            <div class="corpus-progress">
                <progress id="corpus-progress" max={total.to_string()}
                          value={progress.done.to_string()}
                          aria-label="Documents done" />
                <span class="corpus-progress-text">
                    { progress_text(&c.index) }
                    { format!(", {} in progress", progress.in_progress) }
                </span>
            </div>
            <p class="corpus-position" aria-live="polite">
                { match shown {
                    Some(n) => format!("Document {n} of {total}"),
                    None => "The document shown is not one of this corpus.".to_string(),
                } }
            </p>
            <div class="corpus-actions" aria-busy={busy.to_string()}>
                <button type="button" class="tool" onclick={go(Step::Previous)}
                        title="Previous document (Alt+↑)" aria-keyshortcuts="Alt+ArrowUp">
                    { "Previous" }
                </button>
                <button type="button" class="tool" onclick={go(Step::Next)}
                        title="Next document (Alt+↓)" aria-keyshortcuts="Alt+ArrowDown">
                    { "Next" }
                </button>
                <button type="button" class="tool" onclick={go(Step::NextNotDone)}
                        title="Next document not done (Alt+N)" aria-keyshortcuts="Alt+N">
                    { "Next not done" }
                </button>
                <button type="button" class="tool corpus-done" onclick={on_done}
                        aria-pressed={done.to_string()} disabled={shown.is_none()}
                        title="Mark the document shown done, or not (Alt+M)"
                        aria-keyshortcuts="Alt+M">
                    { "Mark done" }
                </button>
            </div>
            <div class="corpus-filter">
                <label for="corpus-status">{ "Show" }</label>
                <select id="corpus-status" onchange={on_status} aria-controls={CORPUS_LIST_ID}>
                    { for status_choices().into_iter().map(|(value, text)| html! {
                        <option {value} selected={value == status_value}>{ text }</option>
                    }) }
                </select>
                <label for="corpus-search">{ "Title contains" }</label>
                <input id="corpus-search" type="search" value={c.text_filter.clone()}
                       oninput={on_text} aria-controls={CORPUS_LIST_ID} />
            </div>
            <p class="hint" id="corpus-count">
                { format!("{} listed", plural(visible.len(), "document", "documents")) }
            </p>
            <div class="corpus-scroll" ref={scroller} onscroll={onscroll}>
                <ol id={CORPUS_LIST_ID} class="corpus-rows" ref={rows_ref}
                    aria-label="Documents of the corpus" aria-describedby="corpus-count">
                    { for visible[start..end].iter().map(|&i| {
                        let e = &c.index.entries[i];
                        html! {
                            <CorpusRow key={e.key.clone()} position={i} total={total}
                                       title={AttrValue::from(e.title.clone())}
                                       status={e.status} annotations={e.annotations}
                                       current={c.current == Some(i)}
                                       onpick={on_pick.clone()} />
                        }
                    }) }
                </ol>
            </div>
            <CorpusExport index={c.index.clone()} />
            <div class="corpus-end">
                <button type="button" class="tool link" onclick={on_close}>
                    { "Close the corpus" }
                </button>
                <button type="button" class="tool link" id="corpus-delete"
                        onclick={on_delete}
                        title="Delete the corpus and its documents from this browser">
                    { "Delete the corpus…" }
                </button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CorpusRowProps {
    position: usize,
    total: usize,
    title: AttrValue,
    status: DocStatus,
    annotations: usize,
    current: bool,
    onpick: Callback<usize>,
}

/// One document of the list: its title, status and annotation count.
#[component]
fn CorpusRow(props: &CorpusRowProps) -> Html {
    let onclick = {
        let onpick = props.onpick.clone();
        let position = props.position;
        Callback::from(move |_: MouseEvent| onpick.emit(position))
    };
    let status = props.status.label();
    let class = classes!(
        "corpus-row",
        format!("status-{}", props.status.name()),
        props.current.then_some("current")
    );
    let count = plural(props.annotations, "annotation", "annotations");
    html! {
        <li {class} aria-posinset={(props.position + 1).to_string()}
            aria-setsize={props.total.to_string()}>
            <button type="button" {onclick}
                    aria-current={props.current.then_some("true")}
                    aria-label={format!("{}. {}: {status}, {count}", props.position + 1, props.title)}>
                <span class="corpus-row-title">{ props.title.clone() }</span>
                <span class="corpus-row-status">{ status }</span>
                <span class="corpus-row-count">{ props.annotations }</span>
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct CorpusExportProps {
    index: Rc<Index>,
}

/// Exports every document of the corpus, with its status, as one JSONL
/// file or a zip of files in a chosen format.
#[component]
fn CorpusExport(props: &CorpusExportProps) -> Html {
    let choice = use_state(|| "jsonl".to_string());
    let message = use_state(|| None::<(bool, String)>);
    let busy = use_state(|| false);
    let on_choice = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                choice.set(select.value());
            }
        })
    };
    let on_export = {
        let index = props.index.clone();
        let choice = (*choice).clone();
        let message = message.clone();
        let busy = busy.clone();
        Callback::from(move |_: MouseEvent| {
            let index = index.clone();
            let choice = choice.clone();
            let message = message.clone();
            let busy = busy.clone();
            busy.set(true);
            message.set(None);
            spawn_local(async move {
                let outcome = export_corpus(&index, &choice).await;
                busy.set(false);
                message.set(Some(match outcome {
                    Ok(text) => (false, text),
                    Err(text) => (true, text),
                }));
            });
        })
    };
    html! {
        <div class="corpus-export">
            <label for="corpus-export-format">{ "Export the corpus as" }</label>
            <select id="corpus-export-format" onchange={on_choice}>
                { for export_choices().into_iter().map(|(value, text)| {
                    let selected = value == *choice;
                    html! { <option {selected} {value}>{ text }</option> }
                }) }
            </select>
            <button type="button" class="tool" id="corpus-export" onclick={on_export}
                    disabled={*busy}>
                { if *busy { "Exporting…" } else { "Export corpus" } }
            </button>
            if let Some((error, text)) = &*message {
                <p class={if *error { "export-error" } else { "hint" }}
                   role={if *error { "alert" } else { "status" }}>{ text.clone() }</p>
            }
        </div>
    }
}

/// Asks first (saying what goes), then deletes the corpus and its
/// documents from the browser and says so; a failure says why and keeps
/// everything.
fn delete_corpus(index: Rc<Index>, dispatch: Callback<Msg>) {
    let asked = web_sys::window()
        .and_then(|w| w.confirm_with_message(&delete_question(&index)).ok())
        .unwrap_or(false);
    if !asked {
        return;
    }
    let shown = dispatch.clone();
    opening::delete_corpus(
        index,
        true,
        dispatch,
        Callback::from(move |outcome: Result<String, String>| {
            if let Err(why) = outcome {
                shown.emit(Msg::error(why));
            }
        }),
    );
}

/// Reads every document of the corpus (after the autosave has written the
/// one shown), gives each its status and offers the file for download.
async fn export_corpus(index: &Index, choice: &str) -> Result<String, String> {
    let failed = |why: String| format!("Could not export the corpus: {why}. Nothing was changed.");
    storage::flush().await.map_err(|e| failed(e.to_string()))?;
    let keys: Vec<String> = index.entries.iter().map(|e| e.key.clone()).collect();
    let workspaces = Store::app()
        .load_many(&keys)
        .await
        .map_err(|e| failed(e.to_string()))?;
    let docs: Vec<_> = workspaces
        .iter()
        .zip(&index.entries)
        .map(|(ws, entry)| {
            let mut doc = ws.document().clone();
            doc.meta.status = Some(entry.status);
            doc
        })
        .collect();
    let stem = slug(Some(
        index.name.rsplit_once('.').map_or(&index.name, |(s, _)| s),
    ));
    let count = plural(docs.len(), "document", "documents");
    match choice.strip_prefix("zip:") {
        None => {
            let file = jsonl::export(&docs).map_err(|e| failed(e.to_string()))?;
            let name = format!("{stem}.jsonl");
            download(&name, file.mime, &file.contents).map_err(failed)?;
            Ok(format!("Exported {count} as “{name}”."))
        }
        Some(format) => {
            let format = Format::from_name(format)
                .ok_or_else(|| failed(format!("no format is named {format}")))?;
            let bytes = zip_documents(&docs, format).map_err(|e| failed(e.to_string()))?;
            let name = format!("{stem}-{}.zip", format.name());
            download_bytes(&name, "application/zip", &bytes).map_err(failed)?;
            Ok(format!("Exported {count} as “{name}”."))
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{click, find, mount, settle_until, text_of};
    use crate::state::{document_from_text, AppState};
    use attrib_core::workspace::Workspace;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A state working through a corpus of `n` documents, on the first.
    fn corpus_state(n: usize) -> AppState {
        let docs: Vec<_> = (0..n)
            .map(|i| document_from_text(&format!("Story {i}\n\nBody {i}."), &format!("d{i}")))
            .collect();
        let index = Rc::new(Index::new("c1", "news.jsonl", &docs));
        let mut state = AppState::default();
        state.update(Msg::Corpus(CorpusMsg::Opened {
            index,
            workspace: Rc::new(Workspace::new(docs[0].clone()).expect("workspace")),
            note: "Opened.".into(),
        }));
        state
    }

    fn rows(root: &web_sys::Element) -> Vec<String> {
        let list = root
            .query_selector_all("#corpus-list li")
            .expect("a valid selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .map(|li| li.get_attribute("aria-posinset").unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn a_large_corpus_renders_only_the_rows_in_view_with_labelled_controls() {
        let mounted = mount::<CorpusList>(corpus_state(5000)).await;
        let root = &mounted.root;
        let shown = rows(root);
        assert_eq!(shown.len(), FIRST_VIEW + MARGIN, "{shown:?}");
        assert_eq!(shown[0], "1");
        let list = find(root, "#corpus-list");
        assert_eq!(
            list.get_attribute("aria-label").as_deref(),
            Some("Documents of the corpus")
        );
        let padded = list.clone();
        let want = format!("{}px", (5000 - FIRST_VIEW - MARGIN) * ROW_PX as usize);
        settle_until("the rows after the window stand as padding", move || {
            padded.dyn_ref::<HtmlElement>().map(|el| {
                el.style()
                    .get_property_value("padding-bottom")
                    .unwrap_or_default()
            }) == Some(want.clone())
        })
        .await;
        let progress = find(root, "progress#corpus-progress");
        assert_eq!(
            progress.get_attribute("aria-label").as_deref(),
            Some("Documents done")
        );
        assert_eq!(progress.get_attribute("max").as_deref(), Some("5000"));
        assert_eq!(text_of(root, ".corpus-position"), "Document 1 of 5000");
        let first = find(root, "#corpus-list li button");
        assert_eq!(first.get_attribute("aria-current").as_deref(), Some("true"));
        assert_eq!(
            first.get_attribute("aria-label").as_deref(),
            Some("1. Story 0: not started, 0 annotations")
        );
        for id in ["corpus-status", "corpus-search", "corpus-export-format"] {
            let label = root
                .query_selector(&format!("label[for={id}]"))
                .expect("a valid selector");
            assert!(label.is_some(), "#{id} has a label");
        }
        assert_eq!(
            find(root, ".corpus-done")
                .get_attribute("aria-pressed")
                .as_deref(),
            Some("false")
        );

        // Scrolled far down, the rows there are rendered instead.
        let scroller: HtmlElement = find(root, ".corpus-scroll").dyn_into().expect("an element");
        let _ = scroller.style().set_property("height", "360px");
        let _ = scroller.style().set_property("overflow-y", "auto");
        scroller.set_scroll_top(1000 * ROW_PX as i32);
        let event = web_sys::Event::new("scroll").expect("an event");
        scroller.dispatch_event(&event).expect("dispatch");
        let root2 = root.clone();
        settle_until("the rows near document 1,001 are rendered", move || {
            rows(&root2).first().map(String::as_str) == Some("993")
        })
        .await;
        assert!(rows(root).len() <= 11 + 2 * MARGIN + 1, "{:?}", rows(root));
    }

    #[wasm_bindgen_test]
    async fn the_buttons_ask_to_move_and_mark_done() {
        let mut mounted = mount::<CorpusList>(corpus_state(3)).await;
        click(
            &mounted.root,
            ".corpus-actions button[aria-keyshortcuts='Alt+ArrowDown']",
        )
        .await;
        assert_eq!(mounted.last(), Some(Msg::Corpus(CorpusMsg::Go(Step::Next))));
        click(&mounted.root, ".corpus-done").await;
        assert_eq!(mounted.last(), Some(Msg::Corpus(CorpusMsg::ToggleDone)));
        mounted.apply_sent().await;
        assert_eq!(
            find(&mounted.root, ".corpus-done")
                .get_attribute("aria-pressed")
                .as_deref(),
            Some("true")
        );
        assert_eq!(
            find(&mounted.root, "progress#corpus-progress")
                .get_attribute("value")
                .as_deref(),
            Some("1")
        );
    }
}
