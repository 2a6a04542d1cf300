//! The annotations panel: every annotation in document order as a compact
//! row (its text, kind, speaker and stance, with the kind's colour).
//! Choosing a row makes it the focused annotation, which the article scrolls
//! to; the focused row opens the editor below it.
//!
//! Built for long documents: the rows are computed once per document change
//! and each row is a memoised component, so a selection change or a save
//! re-renders none of them; only the focused row holds an editor.

use std::rc::Rc;

use attrib_core::excerpt::spans_snippet;
use attrib_core::model::{AnnotatedDocument, Annotation, Kind};
use attrib_core::workspace::Workspace;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::focus::focus_first_in;
use crate::components::annotation_editor::AnnotationEditor;
use crate::components::fields::{Choice, SelectField};
use crate::props::PanelProps;
use crate::state::Msg;
use crate::view::{
    kind_class, kind_name, row_button_id, speaker_name, stance_text, ANNOTATIONS_HEADING_ID,
    EDITOR_ID,
};

/// How many characters of an annotation's text a row shows.
const ROW_TEXT: usize = 140;

/// What a row shows, computed once per document change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowData {
    pub id: AttrValue,
    pub kind: Kind,
    /// The kind as a person reads it: "Quote", "Claim", "Mention", or a
    /// custom kind's name.
    pub kind_name: AttrValue,
    pub class: &'static str,
    pub text: AttrValue,
    /// "John Kerry", "the article", "names John Kerry".
    pub who: Option<AttrValue>,
    /// "against Russia".
    pub stance: Option<AttrValue>,
    pub has_note: bool,
    /// The button's accessible name: "Go to quote “…” by John Kerry, …".
    pub name: AttrValue,
}

/// The row of one annotation.
pub(crate) fn row_of(doc: &AnnotatedDocument, a: &Annotation) -> RowData {
    let text = spans_snippet(doc, &a.spans, ROW_TEXT);
    let name = a.speaker.as_deref().map(|id| speaker_name(doc, id));
    let who = match (&a.kind, name) {
        (Kind::Mention, Some(n)) => Some(format!("names {n}")),
        (Kind::Claim, None) => Some("the article".to_string()),
        (_, n) => n,
    };
    let stance = stance_text(doc, a);
    let kind_name = kind_name(&a.kind);
    let mut label = format!("Go to {}: {text}", kind_name.to_lowercase());
    match (&a.kind, &who) {
        (Kind::Mention, Some(w)) => label.push_str(&format!(", {w}")),
        (Kind::Quote, None) => label.push_str(", speaker not set"),
        (_, Some(w)) => label.push_str(&format!(" by {w}")),
        _ => {}
    }
    if let Some(s) = &stance {
        label.push_str(&format!(", stance {s}"));
    }
    if !a.note.is_empty() {
        label.push_str(", has a note");
    }
    RowData {
        id: a.id.clone().into(),
        class: kind_class(&a.kind),
        kind: a.kind.clone(),
        kind_name: kind_name.into(),
        text: text.into(),
        who: who.map(AttrValue::from),
        stance: stance.map(AttrValue::from),
        has_note: !a.note.is_empty(),
        name: label.into(),
    }
}

/// Every row, in document order.
pub(crate) fn rows_of(ws: &Workspace) -> Vec<RowData> {
    let doc = ws.document();
    ws.annotations_in_order()
        .into_iter()
        .map(|a| row_of(doc, a))
        .collect()
}

/// The rows, and how many there are of each kind for the filter.
struct Rows {
    all: Rc<Vec<RowData>>,
    counts: Vec<(Kind, usize)>,
}

fn rows_and_counts(ws: &Workspace) -> Rows {
    let all = rows_of(ws);
    let counts = ws
        .document()
        .schema
        .kinds()
        .into_iter()
        .map(|k| {
            let n = all.iter().filter(|r| r.kind == k).count();
            (k, n)
        })
        .collect();
    Rows {
        all: Rc::new(all),
        counts,
    }
}

#[component]
pub(crate) fn AnnotationList(props: &PanelProps) -> Html {
    // The kind shown, as its name; empty for every kind.
    let filter = use_state(String::new);
    let section = use_node_ref();
    use_below_toolbar(section.clone());
    let rows = use_memo(props.state.workspace.clone(), |ws| rows_and_counts(ws));
    let shown = use_memo((rows.all.clone(), (*filter).clone()), |(all, filter)| {
        if filter.is_empty() {
            all.clone()
        } else {
            Rc::new(
                all.iter()
                    .filter(|r| r.kind.as_str() == filter.as_str())
                    .cloned()
                    .collect(),
            )
        }
    });

    // The list gets callbacks that never change, so that messages which
    // leave the document and the focus alone (the selection, saving)
    // re-render neither the list nor its rows.
    let latest = use_mut_ref(|| props.dispatch.clone());
    *latest.borrow_mut() = props.dispatch.clone();
    let dispatch = use_memo((), {
        let latest = latest.clone();
        move |_| Callback::from(move |msg: Msg| latest.borrow().emit(msg))
    });

    let total = rows.all.len();
    let choices: Vec<Choice> = std::iter::once(Choice::new("", format!("All kinds ({total})")))
        .chain(
            rows.counts
                .iter()
                .filter(|(k, n)| *n > 0 || matches!(k, Kind::Quote | Kind::Claim | Kind::Mention))
                .map(|(k, n)| {
                    Choice::new(k.as_str().to_string(), format!("{} ({n})", kind_name(k)))
                }),
        )
        .collect();
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |v: String| filter.set(v))
    };

    html! {
        <section class="panel annotations-panel" aria-labelledby={ANNOTATIONS_HEADING_ID} ref={section}>
            <div class="panel-head">
                <h2 id={ANNOTATIONS_HEADING_ID} tabindex="-1">
                    { "Annotations" }
                    <span class="count" aria-label={format!("{total} in all")}>{ total }</span>
                </h2>
                if total > 0 {
                    <SelectField label="Show" value={AttrValue::from((*filter).clone())}
                                 choices={Rc::new(choices)} onchange={onfilter} class="panel-filter" />
                }
            </div>
            if total == 0 {
                <p class="panel-empty">
                    { "No annotations yet. Select text in the article, then press " }
                    <kbd>{ "q" }</kbd>{ " for a quote, " }<kbd>{ "c" }</kbd>{ " for a claim or " }
                    <kbd>{ "s" }</kbd>{ " for a speaker's name." }
                </p>
            } else if shown.is_empty() {
                <p class="panel-empty">{ "No annotations of this kind." }</p>
            }
            <RowList rows={(*shown).clone()} focused={props.state.focused.clone()}
                     workspace={props.state.workspace.clone()} dispatch={(*dispatch).clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowListProps {
    rows: Rc<Vec<RowData>>,
    focused: Option<String>,
    /// For the editor of the focused row.
    workspace: Rc<Workspace>,
    dispatch: Callback<Msg>,
}

/// The list itself: one memoised row per annotation shown.
#[component]
fn RowList(props: &RowListProps) -> Html {
    let list_ref = use_node_ref();
    use_row_in_view(list_ref.clone(), props.focused.clone());
    let choose = use_memo(props.dispatch.clone(), |d| {
        let d = d.clone();
        Callback::from(move |id: AttrValue| d.emit(Msg::Focus(Some(id.to_string()))))
    });
    let rows = props.rows.iter().map(|row| {
        let is_focused = props.focused.as_deref() == Some(row.id.as_str());
        html! {
            <AnnotationRow key={row.id.to_string()} row={row.clone()} focused={is_focused}
                           onchoose={(*choose).clone()}>
                if is_focused {
                    <AnnotationEditor id={row.id.clone()} workspace={props.workspace.clone()}
                                      dispatch={props.dispatch.clone()} />
                }
            </AnnotationRow>
        }
    });
    html! {
        <ul class="ann-list" role="list" ref={list_ref} aria-labelledby={ANNOTATIONS_HEADING_ID}
            hidden={props.rows.is_empty()}>
            { for rows }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct AnnotationRowProps {
    pub row: RowData,
    pub focused: bool,
    pub onchoose: Callback<AttrValue>,
    /// The editor, for the focused row.
    #[prop_or_default]
    pub children: Html,
}

/// One annotation: a button that chooses it, and its editor when focused.
#[component]
pub(crate) fn AnnotationRow(props: &AnnotationRowProps) -> Html {
    let row = &props.row;
    // Choosing the row opens its editor; choosing it again (Enter twice)
    // goes into the editor. Escape there comes back here.
    let onclick = {
        let choose = props.onchoose.clone();
        let id = row.id.clone();
        let focused = props.focused;
        Callback::from(move |_: MouseEvent| {
            if !(focused && focus_first_in(EDITOR_ID)) {
                choose.emit(id.clone());
            }
        })
    };
    #[cfg(test)]
    ROW_RENDERS.with(|n| n.set(n.get() + 1));
    let editor_id = props.focused.then_some(EDITOR_ID);
    html! {
        <li role="listitem" id={format!("ann-row-{}", row.id)}
            class={classes!("ann-row", props.focused.then_some("is-focused"))}
            aria-current={props.focused.then_some("true")}>
            <button type="button" class="ann-go" id={row_button_id(&row.id)} aria-label={row.name.clone()}
                    aria-expanded={props.focused.to_string()} aria-controls={editor_id}
                    {onclick} onkeydown={Callback::from(row_key)}>
                <span class="ann-line">
                    <span class={classes!("swatch", row.class)} aria-hidden="true"></span>
                    <span class="ann-kind">{ row.kind_name.clone() }</span>
                    if let Some(who) = &row.who {
                        <span class="ann-who">{ who.clone() }</span>
                    }
                    if let Some(stance) = &row.stance {
                        <span class="ann-stance">{ stance.clone() }</span>
                    }
                    if row.has_note {
                        <span class="ann-note-flag" title="Has a note">{ "✎" }</span>
                    }
                </span>
                <span class="ann-text">{ row.text.clone() }</span>
            </button>
            { props.children.clone() }
        </li>
    }
}

#[cfg(test)]
thread_local! {
    /// How many times a row has rendered, for the re-render test.
    static ROW_RENDERS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Up and Down move between rows, Home and End to the first and last.
fn row_key(e: KeyboardEvent) {
    let Some(button) = e.target_dyn_into::<Element>() else {
        return;
    };
    let Ok(Some(item)) = button.closest("li") else {
        return;
    };
    let target = match e.key().as_str() {
        "ArrowDown" => item.next_element_sibling(),
        "ArrowUp" => item.previous_element_sibling(),
        "Home" => item.parent_element().and_then(|l| l.first_element_child()),
        "End" => item.parent_element().and_then(|l| l.last_element_child()),
        _ => return,
    };
    let button = target
        .and_then(|li| li.query_selector(".ann-go").ok().flatten())
        .and_then(|b| b.dyn_into::<HtmlElement>().ok());
    if let Some(button) = button {
        e.prevent_default();
        let _ = button.focus();
    }
}

/// Keeps the side panels (which stay in view on wide screens) just below
/// the sticky toolbar, whose height depends on how its buttons wrap.
#[hook]
fn use_below_toolbar(section: NodeRef) {
    use_effect_with((), move |_| {
        let place = move || {
            let panels = section
                .cast::<Element>()
                .and_then(|s| s.closest(".panels").ok().flatten())
                .and_then(|p| p.dyn_into::<HtmlElement>().ok());
            let toolbar = gloo::utils::document()
                .query_selector(".toolbar")
                .ok()
                .flatten()
                .and_then(|t| t.dyn_into::<HtmlElement>().ok());
            if let (Some(panels), Some(toolbar)) = (panels, toolbar) {
                let below = toolbar.offset_height() + 12;
                // Through the CSSOM: the Content-Security-Policy refuses
                // style attributes.
                let _ = panels
                    .style()
                    .set_property("--panels-top", &format!("{below}px"));
            }
        };
        place();
        let listener =
            gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| place());
        move || drop(listener)
    });
}

/// Scrolls the list (only the list, never the page) so the focused row is
/// in view whenever the focused annotation changes.
#[hook]
fn use_row_in_view(list: NodeRef, focused: Option<String>) {
    use_effect_with(focused, move |focused| {
        let (Some(id), Some(list)) = (focused, list.cast::<HtmlElement>()) else {
            return;
        };
        let Some(row) = gloo::utils::document()
            .get_element_by_id(&format!("ann-row-{id}"))
            .and_then(|r| r.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        // Keyboard focus follows the chosen annotation while it is in the
        // list (or was lost with the editor that closed), never when it is
        // in the article or another panel.
        let active = gloo::utils::document().active_element();
        let in_list = active
            .as_ref()
            .is_some_and(|a| list.contains(Some(a)) || a.tag_name().eq_ignore_ascii_case("body"));
        if in_list {
            if let Some(button) = gloo::utils::document()
                .get_element_by_id(&row_button_id(id))
                .and_then(|b| b.dyn_into::<HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        }
        let list_box = list.get_bounding_client_rect();
        let row_box = row.get_bounding_client_rect();
        let above = row_box.top() - list_box.top();
        let below = row_box.bottom() - list_box.bottom();
        if above < 0.0 {
            list.set_scroll_top(list.scroll_top() + above as i32 - 8);
        } else if below > 0.0 {
            // Show the row's top, and as much of its editor as fits.
            let by = below.min(above - 8.0).max(0.0);
            list.set_scroll_top(list.scroll_top() + by as i32);
        }
    });
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::*;
    use attrib_core::model::Span;
    use attrib_core::workspace::Action;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn items(root: &Element) -> Vec<Element> {
        let list = find(root, "ul[role=list]");
        let items = list.query_selector_all("li[role=listitem]").unwrap();
        (0..items.length())
            .map(|i| items.item(i).unwrap().dyn_into().unwrap())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn lists_annotations_in_document_order_with_text_kind_speaker_and_stance() {
        let m = mount::<AnnotationList>(sample_state()).await;
        let rows = items(&m.root);
        let texts: Vec<String> = rows.iter().map(|li| text_of(li, ".ann-text")).collect();
        assert_eq!(
            texts,
            [
                "Kerry",
                "“I lost 😀 the argument,”",
                "the argument",
                "漢字 is … tested",
                "Lavrov"
            ]
        );
        let kinds: Vec<String> = rows.iter().map(|li| text_of(li, ".ann-kind")).collect();
        assert_eq!(kinds, ["Mention", "Quote", "Claim", "Claim", "Mention"]);
        let quote = &rows[1];
        assert_eq!(text_of(quote, ".ann-who"), "John Kerry 😀");
        assert_eq!(text_of(quote, ".ann-stance"), "against Russia");
        assert!(quote.query_selector(".swatch.hl-quote").unwrap().is_some());
        assert_eq!(text_of(&rows[0], ".ann-who"), "names John Kerry 😀");
        assert_eq!(text_of(&rows[2], ".ann-who"), "the article");
        let name = find(quote, "button").get_attribute("aria-label").unwrap();
        assert!(
            name.starts_with("Go to quote: “I lost 😀 the argument,”"),
            "{name}"
        );
        assert!(name.contains("by John Kerry 😀"), "{name}");
        assert_eq!(text_of(&m.root, "h2 .count"), "5");
    }

    #[wasm_bindgen_test]
    async fn long_text_is_shortened_with_an_ellipsis() {
        let long = format!("{}\n\n{}", TEXT.repeat(3), "😀 ".repeat(200));
        let mut state =
            crate::state::AppState::with_document(crate::state::document_from_text(&long, "long"));
        let len = state.document().text.len_chars();
        state.update(Msg::Apply(Action::AddAnnotation {
            annotation: Annotation::new("z", Kind::Claim, vec![Span::new(0, len)]),
        }));
        let m = mount::<AnnotationList>(state).await;
        let text = text_of(&items(&m.root)[0], ".ann-text");
        assert!(text.ends_with('…'), "{text}");
        assert!(text.chars().count() <= ROW_TEXT, "{text}");
        assert!(!text.contains('\n'));
    }

    #[wasm_bindgen_test]
    async fn choosing_a_row_focuses_its_annotation() {
        let m = mount::<AnnotationList>(sample_state()).await;
        click(&m.root, &format!("#{}", row_button_id("a1"))).await;
        assert_eq!(m.last(), Some(Msg::Focus(Some("a1".into()))));
    }

    #[wasm_bindgen_test]
    async fn only_the_focused_row_has_an_editor() {
        let mut state = sample_state();
        state.update(Msg::Focus(Some("a1".into())));
        let mut m = mount::<AnnotationList>(state).await;
        assert_eq!(
            m.root.query_selector_all(".ann-editor").unwrap().length(),
            1
        );
        let row = find(&m.root, "#ann-row-a1");
        assert!(row.query_selector(".ann-editor").unwrap().is_some());
        assert_eq!(row.get_attribute("aria-current").as_deref(), Some("true"));
        assert_eq!(
            find(&row, ".ann-go")
                .get_attribute("aria-expanded")
                .as_deref(),
            Some("true")
        );
        let mut next = m.state.clone();
        next.update(Msg::Focus(Some("a2".into())));
        m.set(next).await;
        assert_eq!(
            m.root.query_selector_all(".ann-editor").unwrap().length(),
            1
        );
        assert!(find(&m.root, "#ann-row-a2 .ann-editor").is_object());
    }

    #[wasm_bindgen_test]
    async fn the_keyboard_moves_through_rows_into_the_editor_and_back() {
        let mut m = mount::<AnnotationList>(sample_state()).await;
        let first: HtmlElement = find(&m.root, &format!("#{}", row_button_id("a4")))
            .dyn_into()
            .unwrap();
        first.focus().unwrap();
        press(&first, "ArrowDown").await;
        assert_eq!(focused_id(), row_button_id("a1"));
        press(&find(&m.root, "#ann-go-a1"), "End").await;
        assert_eq!(focused_id(), row_button_id("a5"));
        press(&find(&m.root, "#ann-go-a5"), "Home").await;
        assert_eq!(focused_id(), row_button_id("a4"));
        // Enter (a click) chooses the row and opens its editor; focus stays.
        click(&m.root, "#ann-go-a1").await;
        m.apply_sent().await;
        assert_eq!(focused_id(), row_button_id("a1"));
        assert!(find(&m.root, "#ann-row-a1 .ann-editor").is_object());
        // Choosing it again goes into the editor; Escape comes back.
        click(&m.root, "#ann-go-a1").await;
        assert!(m.msgs.borrow().is_empty());
        let active = gloo::utils::document().active_element().unwrap();
        assert!(active.closest("#annotation-editor").unwrap().is_some());
        press(&active, "Escape").await;
        assert_eq!(focused_id(), row_button_id("a1"));
        // ] (the next annotation) takes keyboard focus along in the list.
        let mut next = m.state.clone();
        next.update(Msg::FocusStep(1));
        m.set(next).await;
        assert_eq!(focused_id(), row_button_id("a2"));
    }

    #[wasm_bindgen_test]
    async fn the_kind_filter_shows_only_that_kind() {
        let m = mount::<AnnotationList>(sample_state()).await;
        change_select(&m.root, ".panel-filter select", "claim").await;
        assert_eq!(items(&m.root).len(), 2);
        change_select(&m.root, ".panel-filter select", "").await;
        assert_eq!(items(&m.root).len(), 5);
    }

    #[wasm_bindgen_test]
    async fn an_empty_document_says_how_to_start() {
        let state = crate::state::AppState::with_document(crate::state::document_from_text(
            "Nothing marked.",
            "e",
        ));
        let m = mount::<AnnotationList>(state).await;
        assert!(text_of(&m.root, ".panel-empty").contains("No annotations yet"));
    }

    #[wasm_bindgen_test]
    async fn among_twelve_hundred_rows_a_change_re_renders_only_the_rows_it_touches() {
        let state = sample_state();
        let len = state.document().text.len_chars();
        let actions = (0..1200)
            .map(|i| {
                let start = (i * 7) % (len - 5);
                Action::AddAnnotation {
                    annotation: Annotation::new(
                        format!("b{i}"),
                        Kind::Claim,
                        vec![Span::new(start, start + 5)],
                    ),
                }
            })
            .collect();
        let state = with_actions(state, actions);
        assert_eq!(state.document().annotations.len(), 1205);
        ROW_RENDERS.with(|n| n.set(0));
        let mut m = mount::<AnnotationList>(state.clone()).await;
        assert_eq!(items(&m.root).len(), 1205);
        assert_eq!(ROW_RENDERS.with(|n| n.get()), 1205);
        // A change that leaves the document alone (the selection) re-renders
        // no row...
        let mut next = state.clone();
        next.update(Msg::Select(Some(Span::new(0, 3))));
        ROW_RENDERS.with(|n| n.set(0));
        m.set(next.clone()).await;
        assert_eq!(ROW_RENDERS.with(|n| n.get()), 0);
        // ...and choosing an annotation re-renders its row alone, which opens
        // its editor.
        next.update(Msg::Focus(Some("b600".into())));
        ROW_RENDERS.with(|n| n.set(0));
        m.set(next).await;
        assert_eq!(ROW_RENDERS.with(|n| n.get()), 1);
        assert!(m
            .root
            .query_selector("#ann-row-b600 #annotation-editor")
            .unwrap()
            .is_some());
    }
}
