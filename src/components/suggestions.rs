//! The Suggestions panel: the pending suggestions (quotes with their cue and
//! speaker, speaker mentions), apart from the annotations, each with Accept
//! and Reject, and buttons for all of a kind at once. Keys on a suggestion:
//! `y` or Enter accepts, `n` or Delete rejects, ↓/↑ or `]`/`[` move, Home
//! and End go to the first and last. After a suggestion leaves the list,
//! focus moves to the one that took its place.
//!
//! Shown once the user asks for suggestions; nothing in it is an annotation
//! until accepted.

use std::rc::Rc;

use attrib_core::excerpt::spans_snippet;
use attrib_core::model::{AnnotatedDocument, Kind};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::focus::{focus_by_id, focus_later};
use crate::props::PanelProps;
use crate::state::{Msg, Pending, Pick};
use crate::view::{kind_name, suggestion_class, suggestion_words};

/// The panel heading's id; focus lands there when no suggestion is left.
const HEADING_ID: &str = "suggestions-heading";

/// How many characters of a suggestion's text a row shows.
const ROW_TEXT: usize = 140;

/// The id of a suggestion's Accept button.
fn accept_id(id: &str) -> String {
    format!("sg-accept-{id}")
}

/// What a row shows, computed once per change of the pending list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: AttrValue,
    kind_name: AttrValue,
    class: &'static str,
    text: AttrValue,
    /// "John Kerry, Secretary of State".
    who: Option<AttrValue>,
    /// The cue's words: "said".
    cue: Option<AttrValue>,
    /// "quote “…” by John Kerry", for the buttons' names.
    words: AttrValue,
}

fn rows_of(doc: &AnnotatedDocument, pending: &Pending) -> Vec<Row> {
    let found = pending.found();
    pending
        .items()
        .map(|s| {
            let text = spans_snippet(doc, &s.spans, ROW_TEXT);
            let who = found.speaker_of(s).map(|g| match &g.role {
                Some(role) => format!("{}, {role}", g.name),
                None => g.name.clone(),
            });
            let cue = s
                .cue
                .and_then(|c| doc.text.slice(c))
                .map(|c| AttrValue::from(c.to_string()));
            Row {
                id: s.id.clone().into(),
                kind_name: kind_name(&s.kind).into(),
                class: suggestion_class(&s.kind),
                words: suggestion_words(found, s, &text).into(),
                text: text.into(),
                who: who.map(AttrValue::from),
                cue,
            }
        })
        .collect()
}

/// Rows listed at first, and how many more each "Show more" adds: a long
/// article can have thousands of suggestions, and listing them all at once
/// would hold up the page (the article shows every one of them).
const SHOWN: usize = 100;

#[component]
pub(crate) fn SuggestionsPanel(props: &PanelProps) -> Html {
    // Callbacks that never change, so rows re-render only when they do.
    let latest = use_mut_ref(|| props.dispatch.clone());
    *latest.borrow_mut() = props.dispatch.clone();
    let dispatch = use_memo((), {
        let latest = latest.clone();
        move |_| Callback::from(move |msg: Msg| latest.borrow().emit(msg))
    });
    let pending = props.state.suggestions.as_ref();
    let rows = use_memo(
        (props.state.workspace.clone(), pending.cloned()),
        |(ws, pending)| match pending {
            Some(p) => Rc::new(rows_of(ws.document(), p)),
            None => Rc::default(),
        },
    );
    // A new run puts focus on its first suggestion, ready for y and n, and
    // lists the first rows again.
    let run = pending.map(|p| Rc::as_ptr(p.found()) as usize);
    let shown = use_state(|| SHOWN);
    {
        let shown = shown.clone();
        use_effect_with(run, move |_| shown.set(SHOWN));
    }
    {
        let first = rows.first().map(|r| accept_id(&r.id));
        use_effect_with(run, move |run| {
            if let (Some(_), Some(first)) = (run, first) {
                focus_by_id(&first);
            }
        });
    }
    let Some(pending) = pending else {
        return html! {};
    };
    let d = (*dispatch).clone();
    let quotes = pending.count(&Kind::Quote);
    let mentions = pending.count(&Kind::Mention);
    let bulk = |label: String, msg: Msg| {
        let d = d.clone();
        html! {
            <button type="button" onclick={move |_: MouseEvent| {
                d.emit(msg.clone());
                focus_later(HEADING_ID.to_string(), None);
            }}>{ label }</button>
        }
    };
    html! {
        <section class="panel suggestions-panel" aria-labelledby={HEADING_ID}>
            <div class="panel-head">
                <h2 id={HEADING_ID} tabindex="-1">
                    { "Suggestions" }
                    <span class="count" aria-label={format!("{} pending", rows.len())}>{ rows.len() }</span>
                </h2>
            </div>
            <p class="sg-summary">{ pending.summary() }</p>
            if !pending.is_empty() {
                <div class="sg-bulk" role="group" aria-label="All suggestions at once">
                    if quotes > 0 {
                        { bulk(format!("Accept all quotes ({quotes})"), Msg::AcceptSuggestions(Pick::Kind(Kind::Quote))) }
                    }
                    if mentions > 0 {
                        { bulk(format!("Accept all mentions ({mentions})"), Msg::AcceptSuggestions(Pick::Kind(Kind::Mention))) }
                    }
                    { bulk("Reject all".to_string(), Msg::RejectSuggestions(Pick::All)) }
                </div>
                <p class="sg-help">
                    <kbd>{ "y" }</kbd>{ " or " }<kbd>{ "Enter" }</kbd>{ " accepts, " }
                    <kbd>{ "n" }</kbd>{ " or " }<kbd>{ "Delete" }</kbd>{ " rejects, " }
                    <kbd>{ "↓" }</kbd>{ " " }<kbd>{ "↑" }</kbd>{ " move. Ctrl+Z undoes an acceptance." }
                </p>
            } else {
                <p class="panel-empty">{ "Press Suggest (g) to look again." }</p>
            }
            <ul class="sg-list" role="list" aria-labelledby={HEADING_ID} hidden={rows.is_empty()}>
                { for rows.iter().take(*shown).map(|row| html! {
                    <SuggestionRow key={row.id.to_string()} row={row.clone()} dispatch={d.clone()} />
                }) }
            </ul>
            if rows.len() > *shown {
                <button type="button" class="sg-more" onclick={
                    let shown = shown.clone();
                    move |_: MouseEvent| shown.set(*shown + SHOWN)
                }>{ format!("Show {} more ({} not listed)", SHOWN.min(rows.len() - *shown), rows.len() - *shown) }</button>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    row: Row,
    dispatch: Callback<Msg>,
}

/// The Accept button of the row next to `item` (after it, else before it),
/// where focus goes once `item` leaves the list.
fn neighbour(item: &Element) -> Option<String> {
    let next = item
        .next_element_sibling()
        .or_else(|| item.previous_element_sibling())?;
    next.query_selector(".sg-accept")
        .ok()
        .flatten()
        .map(|b| b.id())
}

/// Sends `msg` about the row `item` and moves focus to its neighbour.
fn settle(item: Option<Element>, dispatch: &Callback<Msg>, msg: Msg) {
    let target = item.as_ref().and_then(neighbour);
    dispatch.emit(msg);
    focus_later(
        target.unwrap_or_else(|| HEADING_ID.to_string()),
        Some(HEADING_ID.to_string()),
    );
}

/// One suggestion: what it is and says, Accept and Reject.
#[component]
fn SuggestionRow(props: &RowProps) -> Html {
    let row = &props.row;
    let item_ref = use_node_ref();
    let act = |accept: bool| {
        let (d, item, id) = (props.dispatch.clone(), item_ref.clone(), row.id.to_string());
        Callback::from(move |_: MouseEvent| {
            let pick = Pick::One(id.clone());
            let msg = if accept {
                Msg::AcceptSuggestions(pick)
            } else {
                Msg::RejectSuggestions(pick)
            };
            settle(item.cast::<Element>(), &d, msg);
        })
    };
    let onkeydown = {
        let (d, id) = (props.dispatch.clone(), row.id.to_string());
        Callback::from(move |e: KeyboardEvent| row_key(&e, &d, &id))
    };
    html! {
        <li role="listitem" class="sg-row" ref={item_ref.clone()} {onkeydown}>
            <span class="sg-line">
                <span class={classes!("swatch", row.class)} aria-hidden="true"></span>
                <span class="sg-kind">{ row.kind_name.clone() }</span>
                if let Some(who) = &row.who {
                    <span class="sg-who">{ who.clone() }</span>
                }
                if let Some(cue) = &row.cue {
                    <span class="sg-cue-words">{ format!("cue: {cue}") }</span>
                }
            </span>
            <span class="sg-text">{ row.text.clone() }</span>
            <span class="sg-actions">
                <button type="button" class="sg-accept" id={accept_id(&row.id)}
                        aria-label={format!("Accept {}", row.words)} aria-keyshortcuts="y Enter"
                        onclick={act(true)}>{ "Accept" }</button>
                <button type="button" class="sg-reject"
                        aria-label={format!("Reject {}", row.words)} aria-keyshortcuts="n Delete"
                        onclick={act(false)}>{ "Reject" }</button>
            </span>
        </li>
    }
}

/// The keys on a suggestion's buttons. Handled keys go no further, so the
/// page's own shortcuts (Delete removes the chosen annotation, `]` chooses
/// the next one) do not act as well.
fn row_key(e: &KeyboardEvent, dispatch: &Callback<Msg>, id: &str) {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    let Some(button) = e.target_dyn_into::<Element>() else {
        return;
    };
    let Ok(Some(item)) = button.closest("li") else {
        return;
    };
    let pick = || Pick::One(id.to_string());
    let moved = match e.key().as_str() {
        "y" | "Y" => {
            settle(Some(item), dispatch, Msg::AcceptSuggestions(pick()));
            None
        }
        "n" | "N" | "Delete" | "Backspace" => {
            settle(Some(item), dispatch, Msg::RejectSuggestions(pick()));
            None
        }
        "ArrowDown" | "]" => Some(item.next_element_sibling()),
        "ArrowUp" | "[" => Some(item.previous_element_sibling()),
        "Home" => Some(item.parent_element().and_then(|l| l.first_element_child())),
        "End" => Some(item.parent_element().and_then(|l| l.last_element_child())),
        _ => return,
    };
    e.prevent_default();
    e.stop_propagation();
    // Moving keeps to the same column: Accept to Accept, Reject to Reject.
    let class = if button.class_list().contains("sg-reject") {
        ".sg-reject"
    } else {
        ".sg-accept"
    };
    if let Some(target) = moved
        .flatten()
        .and_then(|li| li.query_selector(class).ok().flatten())
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
    {
        let _ = target.focus();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{
        click, focused_id, mount, press, settle, text_of, Mounted,
    };
    use crate::state::AppState;
    use attrib_core::formats::open::plain_text_document;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const TEXT: &str =
        "Talks fail\n\n“We lost the argument,” Secretary of State John Kerry said.\n\n\
                        “We will try again,” Kerry added to 😀 reporters.";

    fn suggested() -> AppState {
        let mut state = AppState::with_document(plain_text_document(TEXT, "t", None, false));
        state.update(Msg::Suggest);
        state
    }

    fn labels(root: &Element, selector: &str) -> Vec<String> {
        let found = root.query_selector_all(selector).unwrap();
        (0..found.length())
            .filter_map(|i| found.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .filter_map(|el| el.get_attribute("aria-label"))
            .collect()
    }

    fn active() -> Element {
        gloo::utils::document().active_element().unwrap()
    }

    #[wasm_bindgen_test]
    async fn a_long_list_shows_its_first_rows_and_more_on_request() {
        let text: String = (0..150)
            .map(|i| format!("“We have point number {i} to make,” Kerry said.\n\n"))
            .collect();
        let mut state = AppState::with_document(plain_text_document(&text, "t", None, false));
        state.update(Msg::Suggest);
        let pending = state.suggestions.as_ref().unwrap().items().count();
        assert!(pending > SHOWN + 50, "{pending} suggestions");
        let m = mount::<SuggestionsPanel>(state).await;
        let rows = |m: &Mounted<SuggestionsPanel>| {
            m.root
                .query_selector_all("ul.sg-list > li")
                .unwrap()
                .length() as usize
        };
        assert_eq!(rows(&m), SHOWN);
        assert_eq!(
            text_of(&m.root, ".sg-more"),
            format!("Show {SHOWN} more ({} not listed)", pending - SHOWN)
        );
        click(&m.root, ".sg-more").await;
        assert_eq!(rows(&m), (2 * SHOWN).min(pending));
        // Every suggestion is counted, listed or not.
        assert_eq!(text_of(&m.root, "h2 .count"), pending.to_string());
    }

    #[wasm_bindgen_test]
    async fn nothing_shows_until_suggestions_are_asked_for() {
        let state = AppState::with_document(plain_text_document(TEXT, "t", None, false));
        let m = mount::<SuggestionsPanel>(state).await;
        assert!(m.root.query_selector("section").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn each_suggestion_has_named_buttons_and_keys_accept_reject_and_move() {
        let mut m = mount::<SuggestionsPanel>(suggested()).await;
        let ids: Vec<String> = m
            .state
            .suggestions
            .as_ref()
            .unwrap()
            .items()
            .map(|s| s.id.clone())
            .collect();
        assert!(ids.len() >= 4, "{ids:?}");
        assert!(m
            .root
            .query_selector("ul.sg-list[role=list]")
            .unwrap()
            .is_some());
        assert_eq!(
            m.root
                .query_selector_all("ul.sg-list > li[role=listitem]")
                .unwrap()
                .length() as usize,
            ids.len()
        );
        let accepts = labels(&m.root, ".sg-accept");
        assert!(
            accepts.contains(&"Accept quote “We lost the argument” by John Kerry".to_string()),
            "{accepts:?}"
        );
        assert!(
            accepts.contains(&"Accept mention “Kerry” of John Kerry".to_string()),
            "{accepts:?}"
        );
        let rejects = labels(&m.root, ".sg-reject");
        assert!(
            rejects.iter().all(|r| r.starts_with("Reject ")),
            "{rejects:?}"
        );
        assert!(text_of(&m.root, ".sg-summary")
            .starts_with(&format!("{} suggestions: 2 quotes, ", ids.len())));
        assert!(text_of(&m.root, ".sg-list").contains("cue: said"));

        // A new run puts focus on its first suggestion.
        assert_eq!(focused_id(), accept_id(&ids[0]));
        // ↓ and ] move down, ↑ up; nothing is sent.
        press(&active(), "ArrowDown").await;
        assert_eq!(focused_id(), accept_id(&ids[1]));
        press(&active(), "]").await;
        assert_eq!(focused_id(), accept_id(&ids[2]));
        press(&active(), "ArrowUp").await;
        assert_eq!(focused_id(), accept_id(&ids[1]));
        assert!(m.msgs.borrow().is_empty());

        // y accepts the focused suggestion; focus moves to the next one.
        press(&active(), "y").await;
        assert_eq!(
            m.last(),
            Some(Msg::AcceptSuggestions(Pick::One(ids[1].clone())))
        );
        m.apply_sent().await;
        settle().await;
        assert!(m
            .root
            .query_selector(&format!("#{}", accept_id(&ids[1])))
            .unwrap()
            .is_none());
        assert_eq!(focused_id(), accept_id(&ids[2]));

        // Delete rejects it, and the page's Delete (remove the chosen
        // annotation) never hears of it.
        let heard = std::rc::Rc::new(std::cell::Cell::new(false));
        let listener = {
            let heard = heard.clone();
            gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |_| {
                heard.set(true)
            })
        };
        press(&active(), "Delete").await;
        drop(listener);
        assert!(!heard.get(), "the key went no further");
        assert_eq!(
            m.last(),
            Some(Msg::RejectSuggestions(Pick::One(ids[2].clone())))
        );
        m.apply_sent().await;
        settle().await;
        assert_eq!(focused_id(), accept_id(&ids[3]));

        // "Accept all quotes" accepts every pending quote at once.
        let quotes = m.state.suggestions.as_ref().unwrap().count(&Kind::Quote);
        let xbutton = m
            .root
            .query_selector_all(".sg-bulk button")
            .unwrap()
            .item(0)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            .unwrap();
        assert_eq!(
            xbutton.text_content().unwrap(),
            format!("Accept all quotes ({quotes})")
        );
        xbutton.click();
        yew::scheduler::flush().await;
        assert_eq!(
            m.last(),
            Some(Msg::AcceptSuggestions(Pick::Kind(Kind::Quote)))
        );
        m.apply_sent().await;
        assert_eq!(m.state.suggestions.as_ref().unwrap().count(&Kind::Quote), 0);
        click(&m.root, ".sg-bulk button:last-child").await;
        assert_eq!(m.last(), Some(Msg::RejectSuggestions(Pick::All)));
        m.apply_sent().await;
        assert!(text_of(&m.root, ".panel-empty").contains("Suggest (g)"));
    }
}
