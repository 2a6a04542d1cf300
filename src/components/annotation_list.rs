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
use std::collections::HashMap;

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Schema, Speaker};
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
    changed_annotations, colour_class, kind_class, kind_name, row_button_id, speaker_name,
    stance_text, ANNOTATIONS_HEADING_ID, EDITOR_ID,
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
    /// The schema's colour for it (`view::colour_class`), on the swatch.
    pub tint: Option<&'static str>,
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
        tint: colour_class(&doc.schema, a),
        kind: a.kind.clone(),
        kind_name: kind_name.into(),
        text: text.into(),
        who: who.map(AttrValue::from),
        stance: stance.map(AttrValue::from),
        has_note: !a.note.is_empty(),
        name: label.into(),
    }
}

/// Each annotation's row from the last document, so that an edit builds
/// only the rows of the annotations it changed. A row quotes the text and
/// names speakers, so another text or a change to the speakers (or the
/// schema, which names custom kinds) starts afresh.
#[derive(Default)]
struct RowCache {
    sha256: String,
    speakers: Vec<Speaker>,
    schema: Schema,
    by_id: HashMap<String, (Annotation, RowData)>,
    /// The workspace the rows were last made for, and the rows in document
    /// order with their places, so that a few changed annotations move
    /// only their own rows.
    from: Option<Rc<Workspace>>,
    ordered: Vec<(Place, RowData)>,
}

/// Where an annotation's row goes: [`Workspace::annotations_in_order`]'s
/// order (first span's start, the longest first, then the id).
type Place = (usize, std::cmp::Reverse<usize>, String);

fn place_of(a: &Annotation) -> Place {
    let start = a.spans.first().map_or(usize::MAX, |s| s.start);
    let end = a.extent().map_or(0, |s| s.end);
    (start, std::cmp::Reverse(end), a.id.clone())
}

/// At most this many changed annotations move their rows one by one; more
/// rebuild the order.
const MOVE_AT_MOST: usize = 64;

impl RowCache {
    /// Every row, in document order.
    fn rows(&mut self, ws: &Rc<Workspace>) -> Vec<RowData> {
        let doc = ws.document();
        if self.sha256 != doc.text.sha256()
            || self.speakers != doc.speakers
            || self.schema != doc.schema
        {
            self.sha256 = doc.text.sha256().to_string();
            self.speakers = doc.speakers.clone();
            self.schema = doc.schema.clone();
            self.by_id.clear();
            self.from = None;
        }
        let before = self.from.clone();
        let moved = before.is_some_and(|before| self.move_changed(before.document(), doc));
        if !moved {
            self.rebuild(ws);
        }
        self.from = Some(ws.clone());
        self.ordered.iter().map(|(_, row)| row.clone()).collect()
    }

    /// Every row again, each kept row reused.
    fn rebuild(&mut self, ws: &Workspace) {
        let doc = ws.document();
        let mut kept = HashMap::with_capacity(doc.annotations.len());
        self.ordered = ws
            .annotations_in_order()
            .into_iter()
            .map(|a| {
                let entry = match self.by_id.remove(&a.id) {
                    Some(entry) if entry.0 == *a => entry,
                    _ => (a.clone(), row_of(doc, a)),
                };
                let row = entry.1.clone();
                kept.insert(a.id.clone(), entry);
                (place_of(a), row)
            })
            .collect();
        self.by_id = kept;
    }

    /// Moves the rows of the annotations that differ between `before` and
    /// `after` (found by comparing the lists from both ends): removes the
    /// old ones' rows and puts the new ones' in their places. False, having
    /// changed nothing, when more than [`MOVE_AT_MOST`] differ.
    fn move_changed(&mut self, before: &AnnotatedDocument, after: &AnnotatedDocument) -> bool {
        let (gone, came) = changed_annotations(before, after);
        if gone.len() + came.len() > MOVE_AT_MOST {
            return false;
        }
        for a in gone {
            let place = place_of(a);
            if let Ok(i) = self.ordered.binary_search_by(|(p, _)| p.cmp(&place)) {
                self.ordered.remove(i);
            }
            self.by_id.remove(&a.id);
        }
        for a in came {
            let place = place_of(a);
            let row = row_of(after, a);
            let i = self.ordered.partition_point(|(p, _)| *p < place);
            self.ordered.insert(i, (place, row.clone()));
            self.by_id.insert(a.id.clone(), (a.clone(), row));
        }
        true
    }
}

/// The rows, and how many there are of each kind for the filter.
struct Rows {
    all: Rc<Vec<RowData>>,
    counts: Vec<(Kind, usize)>,
}

fn rows_and_counts(ws: &Rc<Workspace>, cache: &mut RowCache) -> Rows {
    let all = cache.rows(ws);
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
    let cache = use_mut_ref(RowCache::default);
    let rows = use_memo(props.state.workspace.clone(), move |ws| {
        crate::browser::perf::measure("attrib: list rows", || {
            rows_and_counts(ws, &mut cache.borrow_mut())
        })
    });
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

/// Rows rendered beyond each edge of the list's visible part.
pub(crate) const OVERSCAN: usize = 20;
/// A list this long or shorter renders every row.
pub(crate) const RENDER_ALL: usize = 80;
/// A row's height before one is measured (px).
const ROW_GUESS: f64 = 56.0;
/// Rows the list shows at once before its height is measured.
const VISIBLE_GUESS: usize = 16;

/// Where the list is scrolled, in rows, and what was measured of it.
struct Window {
    /// The first row at the top of the list's visible part.
    start: usize,
    /// Rows that fit in the visible part.
    visible: usize,
    /// The mean height of a rendered row (without an editor), in px.
    row: f64,
    /// The focused annotation at the last render, to bring a newly focused
    /// row into the window.
    focused: Option<String>,
    /// A row to give keyboard focus once it is rendered (Home, End, or an
    /// arrow key past the rendered rows).
    pending_focus: Option<usize>,
    /// A newly focused row outside the rendered rows: the window moves to
    /// it right after this render (see [`RowList`]).
    jump: Option<usize>,
    /// How many such moves were made, so the focused row is scrolled into
    /// view once its move has rendered it.
    jumps: u64,
}

impl Window {
    /// The rows to render: the visible ones and `OVERSCAN` either side.
    fn range(&self, n: usize) -> std::ops::Range<usize> {
        if n <= RENDER_ALL {
            return 0..n;
        }
        let from = self.start.min(n).saturating_sub(OVERSCAN);
        let to = (self.start + self.visible + OVERSCAN).min(n);
        from..to
    }

    /// Moves the window so row `i` is in its visible part.
    fn show(&mut self, i: usize) {
        if i < self.start || i >= self.start + self.visible {
            self.start = i.saturating_sub(self.visible / 2);
        }
    }
}

/// The list itself, virtualised: only the rows in and near the list's
/// visible part are rendered (each a memoised component), between two
/// spacers as tall as the rows left out. The focused row is always among
/// them (a newly focused row far away from the next render on, so that
/// an edit's first render stays small); arrow keys, Home and End move
/// through every row. Each row's place and the list's length are set on
/// the rendered rows after each render (`number_rows`), not given as
/// props, so adding or removing an annotation renders only its own row.
#[component]
fn RowList(props: &RowListProps) -> Html {
    let list_ref = use_node_ref();
    let top_ref = use_node_ref();
    let bottom_ref = use_node_ref();
    let window = use_mut_ref(|| Window {
        start: 0,
        visible: VISIBLE_GUESS,
        row: ROW_GUESS,
        focused: None,
        pending_focus: None,
        jump: None,
        jumps: 0,
    });
    let redraw = use_force_update();
    let n = props.rows.len();
    let range = {
        let mut w = window.borrow_mut();
        if w.focused != props.focused {
            w.focused = props.focused.clone();
            let at = props
                .focused
                .as_deref()
                .and_then(|id| props.rows.iter().position(|r| r.id.as_str() == id));
            // A row already rendered is shown at once. One that is not
            // (a new annotation far from the list's rows) is rendered by
            // the window's move right after this render, so an edit's own
            // render (the article's highlight) is not held up by a window
            // of new rows and an editor.
            w.jump = None;
            match at {
                Some(i) if w.range(n).contains(&i) => w.show(i),
                Some(i) => w.jump = Some(i),
                None => {}
            }
        }
        w.range(n)
    };
    let jumps = window.borrow().jumps;
    use_window_fit(
        list_ref.clone(),
        (top_ref.clone(), bottom_ref.clone()),
        window.clone(),
        (range.clone(), n),
        redraw.clone(),
    );
    use_row_in_view(list_ref.clone(), props.focused.clone(), jumps);
    let choose = use_memo(props.dispatch.clone(), |d| {
        let d = d.clone();
        Callback::from(move |id: AttrValue| d.emit(Msg::Focus(Some(id.to_string()))))
    });
    let onscroll = {
        let (window, list, redraw) = (window.clone(), list_ref.clone(), redraw.clone());
        Callback::from(move |_: Event| {
            let Some(list) = list.cast::<Element>() else {
                return;
            };
            let mut w = window.borrow_mut();
            let start = (f64::from(list.scroll_top()) / w.row) as usize;
            // Re-render only when the rendered rows would run out.
            if start.abs_diff(w.start) >= OVERSCAN / 2 {
                w.start = start;
                drop(w);
                redraw.force_update();
            }
        })
    };
    let onkeydown = {
        let (window, list, redraw) = (window.clone(), list_ref.clone(), redraw.clone());
        Callback::from(move |e: KeyboardEvent| {
            row_key(&e, n, &list, &window, &redraw);
        })
    };
    let rows = props.rows[range.clone()].iter().map(|row| {
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
            hidden={props.rows.is_empty()} {onscroll} {onkeydown}>
            <li class="ann-spacer" role="presentation" aria-hidden="true" ref={top_ref}></li>
            { for rows }
            <li class="ann-spacer" role="presentation" aria-hidden="true" ref={bottom_ref}></li>
        </ul>
    }
}

/// After each render: moves the window to a newly focused row it did not
/// hold (rendering again), numbers the rendered rows, sizes the spacers for
/// the rows left out, measures how tall a row is and how many fit
/// (rendering again when that changes the rows needed), and gives keyboard
/// focus to a row waiting for it.
#[hook]
fn use_window_fit(
    list: NodeRef,
    spacers: (NodeRef, NodeRef),
    window: Rc<std::cell::RefCell<Window>>,
    shown: (std::ops::Range<usize>, usize),
    redraw: UseForceUpdateHandle,
) {
    use_effect(move || {
        let (range, n) = shown;
        let Some(list) = list.cast::<HtmlElement>() else {
            return;
        };
        let mut w = window.borrow_mut();
        // Measure the rendered rows (an open editor is no row's height).
        let items = list.query_selector_all(".ann-row:not(.is-focused)").ok();
        let (mut sum, mut count) = (0.0, 0usize);
        if let Some(items) = items {
            for i in 0..items.length() {
                if let Some(el) = items.item(i).and_then(|e| e.dyn_into::<Element>().ok()) {
                    sum += el.get_bounding_client_rect().height();
                    count += 1;
                }
            }
        }
        let mut again = false;
        if let Some(i) = w.jump.take() {
            w.show(i);
            w.jumps += 1;
            again = true;
        }
        if count >= 4 && sum > 0.0 {
            let row = sum / count as f64;
            if (row - w.row).abs() > w.row * 0.15 {
                w.row = row;
                again = true;
            }
        }
        let viewport = gloo::utils::window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(900.0);
        let height = f64::from(list.client_height()).min(viewport);
        if height > 0.0 {
            let visible = (height / w.row).ceil() as usize + 1;
            if visible > w.visible {
                w.visible = visible;
                again = true;
            }
        }
        number_rows(&list, range.start, n);
        for (spacer, rows) in [(&spacers.0, range.start), (&spacers.1, n - range.end)] {
            if let Some(el) = spacer.cast::<HtmlElement>() {
                // Through the CSSOM: the Content-Security-Policy refuses
                // style attributes.
                let _ = el
                    .style()
                    .set_property("height", &format!("{}px", rows as f64 * w.row));
                el.set_hidden(rows == 0);
            }
        }
        if let Some(i) = w.pending_focus {
            if let Some(button) = row_button_at(&list, i) {
                w.pending_focus = None;
                let _ = button.focus();
            }
        }
        drop(w);
        if again {
            redraw.force_update();
        }
    });
}

/// Gives each rendered row its place in the whole list (`data-index`
/// from 0, `aria-posinset` from 1) and the list's length (`aria-setsize`),
/// the rows being rendered from row `first` on. Set here rather than as a
/// row's props, so that adding or removing an annotation re-renders no
/// row but its own (every row's place after it, and every row's set size,
/// change); only attributes that differ are written.
fn number_rows(list: &Element, first: usize, n: usize) {
    let Ok(rows) = list.query_selector_all(":scope > li.ann-row") else {
        return;
    };
    let size = n.to_string();
    for k in 0..rows.length() {
        let Some(li) = rows.item(k).and_then(|e| e.dyn_into::<Element>().ok()) else {
            continue;
        };
        let at = first + k as usize;
        for (name, value) in [
            ("data-index", at.to_string()),
            ("aria-posinset", (at + 1).to_string()),
            ("aria-setsize", size.clone()),
        ] {
            if li.get_attribute(name).as_deref() != Some(value.as_str()) {
                let _ = li.set_attribute(name, &value);
            }
        }
    }
}

/// The rendered button of row `i`, if it is rendered.
fn row_button_at(list: &Element, i: usize) -> Option<HtmlElement> {
    list.query_selector(&format!("li[data-index=\"{i}\"] > .ann-go"))
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
}

/// Up and Down move between rows, Home and End to the first and last; a
/// row not rendered yet is brought into the window and focused once it is.
fn row_key(
    e: &KeyboardEvent,
    n: usize,
    list: &NodeRef,
    window: &Rc<std::cell::RefCell<Window>>,
    redraw: &UseForceUpdateHandle,
) {
    let Some(button) = e.target_dyn_into::<Element>() else {
        return;
    };
    if !button.class_list().contains("ann-go") || n == 0 {
        return;
    }
    let Some(at) = button
        .closest("li[data-index]")
        .ok()
        .flatten()
        .and_then(|li| li.get_attribute("data-index"))
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let target = match e.key().as_str() {
        "ArrowDown" if at + 1 < n => at + 1,
        "ArrowUp" if at > 0 => at - 1,
        "Home" => 0,
        "End" => n - 1,
        "ArrowDown" | "ArrowUp" => {
            e.prevent_default();
            return;
        }
        _ => return,
    };
    e.prevent_default();
    let Some(list) = list.cast::<HtmlElement>() else {
        return;
    };
    if let Some(button) = row_button_at(&list, target) {
        let _ = button.focus();
        return;
    }
    let mut w = window.borrow_mut();
    w.show(target);
    w.pending_focus = Some(target);
    list.set_scroll_top((w.start as f64 * w.row) as i32);
    drop(w);
    redraw.force_update();
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
    #[cfg(test)]
    ROWS_RENDERED.with(|d| d.borrow_mut().push(row.id.to_string()));
    let editor_id = props.focused.then_some(EDITOR_ID);
    html! {
        <li role="listitem" id={format!("ann-row-{}", row.id)}
            class={classes!("ann-row", props.focused.then_some("is-focused"))}
            aria-current={props.focused.then_some("true")}>
            <button type="button" class="ann-go" id={row_button_id(&row.id)} aria-label={row.name.clone()}
                    aria-expanded={props.focused.to_string()} aria-controls={editor_id}
                    {onclick}>
                <span class="ann-line">
                    <span class={classes!("swatch", row.class, row.tint)} aria-hidden="true"></span>
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
    /// The ids of the rows rendered, in order, for the same.
    static ROWS_RENDERED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
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
/// in view whenever the focused annotation changes, and again once the
/// window has moved to a row it did not hold (`jumps`).
#[hook]
fn use_row_in_view(list: NodeRef, focused: Option<String>, jumps: u64) {
    use_effect_with((focused, jumps), move |(focused, _)| {
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

#[cfg(test)]
mod row_order_tests {
    use super::*;
    use attrib_core::model::Span;
    use attrib_core::workspace::Action;

    #[test]
    fn an_edit_moves_only_its_rows_to_where_a_rebuild_would_put_them() {
        let text = "Headline\n\nOne two three four five six seven eight nine ten.";
        let doc = crate::state::document_from_text(text, "t");
        let mut ws = Workspace::new(doc).expect("valid");
        let mut cache = RowCache::default();
        let add = |ws: &mut Workspace, id: &str, span: Span| {
            ws.apply(Action::AddAnnotation {
                annotation: Annotation::new(id, Kind::Claim, vec![span]),
            })
            .expect("fits");
        };
        // Rows out of the annotations' order, two starting together.
        add(&mut ws, "a1", Span::new(30, 40));
        add(&mut ws, "a2", Span::new(10, 13));
        add(&mut ws, "a3", Span::new(10, 20));
        let ids = |rows: &[RowData]| rows.iter().map(|r| r.id.to_string()).collect::<Vec<_>>();
        for step in 0..7 {
            match step {
                0 => {}
                1 => add(&mut ws, "a4", Span::new(14, 17)),
                2 => ws.undo().expect("undoes"),
                3 => ws.redo().expect("redoes"),
                4 => ws
                    .apply(Action::RemoveAnnotation { id: "a2".into() })
                    .expect("removes"),
                5 => add(&mut ws, "a5", Span::new(10, 20)),
                _ => ws.undo().expect("undoes"),
            }
            let shown = Rc::new(ws.clone());
            // Every step after the first moves rows instead of rebuilding.
            let moved = match cache.from.clone() {
                Some(before) => cache.move_changed(before.document(), shown.document()),
                None => {
                    cache.rebuild(&shown);
                    false
                }
            };
            cache.from = Some(shown.clone());
            assert_eq!(moved, step > 0, "step {step}");
            let rows: Vec<RowData> = cache.ordered.iter().map(|(_, r)| r.clone()).collect();
            let rebuilt = RowCache::default().rows(&shown);
            assert_eq!(rows, rebuilt, "step {step}");
            let order: Vec<String> = shown
                .annotations_in_order()
                .iter()
                .map(|a| a.id.clone())
                .collect();
            assert_eq!(ids(&rows), order, "step {step}");
        }
        assert_eq!(
            ids(&cache.rows(&Rc::new(ws.clone()))),
            ["a3", "a4", "a1"].map(String::from)
        );
    }
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

    /// The sample and 1,200 claims: 1,205 annotations.
    fn long_state() -> crate::state::AppState {
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
        state
    }

    /// The index (`data-index`) of the row whose button has focus.
    fn focused_index() -> usize {
        gloo::utils::document()
            .active_element()
            .and_then(|a| a.closest("li[data-index]").ok().flatten())
            .and_then(|li| li.get_attribute("data-index"))
            .and_then(|i| i.parse().ok())
            .expect("a row has focus")
    }

    #[wasm_bindgen_test]
    async fn among_twelve_hundred_rows_only_a_window_renders_and_a_change_re_renders_only_the_rows_it_touches(
    ) {
        let state = long_state();
        ROW_RENDERS.with(|n| n.set(0));
        let mut m = mount::<AnnotationList>(state.clone()).await;
        let rendered = items(&m.root).len();
        assert!(
            (OVERSCAN..=RENDER_ALL).contains(&rendered),
            "{rendered} of 1205 rows rendered"
        );
        // Each rendered row renders once or twice (once more when the
        // list measures its rows and finds more fit).
        let renders = ROW_RENDERS.with(|n| n.get());
        assert!(
            renders <= 2 * rendered,
            "{renders} renders of {rendered} rows"
        );
        // The list says how long it is, and where each row stands.
        let first = &items(&m.root)[0];
        assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("1205"));
        assert_eq!(first.get_attribute("aria-posinset").as_deref(), Some("1"));
        // A change that leaves the document alone (the selection) re-renders
        // no row...
        let mut next = state.clone();
        next.update(Msg::Select(Some(Span::new(0, 3))));
        ROW_RENDERS.with(|n| n.set(0));
        m.set(next.clone()).await;
        assert_eq!(ROW_RENDERS.with(|n| n.get()), 0);
        // ...and choosing an annotation far down the list brings its row into
        // the window, with its editor; the rows rendered stay a window.
        next.update(Msg::Focus(Some("b1100".into())));
        m.set(next).await;
        assert!(m
            .root
            .query_selector("#ann-row-b1100 #annotation-editor")
            .unwrap()
            .is_some());
        let rendered = items(&m.root).len();
        assert!(rendered <= RENDER_ALL, "{rendered} rows rendered");
        // Choosing the next row re-renders only that row and the one
        // left (the window already holds it).
        let next_id = find(&m.root, "#ann-row-b1100")
            .next_element_sibling()
            .expect("a row after it")
            .id()
            .trim_start_matches("ann-row-")
            .to_string();
        let mut again = m.state.clone();
        again.update(Msg::Focus(Some(next_id)));
        ROW_RENDERS.with(|n| n.set(0));
        m.set(again).await;
        assert_eq!(
            ROW_RENDERS.with(|n| n.get()),
            2,
            "the old and the new focused row"
        );
    }

    #[wasm_bindgen_test]
    async fn adding_or_undoing_an_annotation_renders_no_row_before_it_and_renumbers_the_rows() {
        fn ids(root: &Element) -> Vec<String> {
            items(root)
                .iter()
                .map(|li| li.id().trim_start_matches("ann-row-").to_string())
                .collect()
        }
        fn rendered() -> Vec<String> {
            ROWS_RENDERED.with(|d| std::mem::take(&mut *d.borrow_mut()))
        }
        /// Every rendered row says its place from `first` and the length.
        fn numbered(root: &Element, first: usize, n: usize) {
            for (k, li) in items(root).iter().enumerate() {
                let at = first + k;
                assert_eq!(li.get_attribute("data-index"), Some(at.to_string()));
                assert_eq!(
                    li.get_attribute("aria-posinset"),
                    Some((at + 1).to_string())
                );
                assert_eq!(li.get_attribute("aria-setsize"), Some(n.to_string()));
            }
        }
        let state = long_state();
        let mut m = mount::<AnnotationList>(state.clone()).await;
        numbered(&m.root, 0, 1205);
        // A claim among the first rows: the rows before it keep their
        // place and do not render (each row's place and the list's length
        // used to be its props, so every row rendered).
        let added = with_actions(
            state.clone(),
            vec![Action::AddAnnotation {
                annotation: Annotation::new("new", Kind::Claim, vec![Span::new(0, 1)]),
            }],
        );
        rendered();
        m.set(added.clone()).await;
        let after = ids(&m.root);
        let at = after
            .iter()
            .position(|id| id == "new")
            .expect("the new row");
        assert!(at > 0, "rows before the new one");
        let drawn = rendered();
        assert!(drawn.contains(&"new".to_string()));
        for id in &after[..at] {
            assert!(!drawn.contains(id), "{id}, before the new row, rendered");
        }
        numbered(&m.root, 0, 1206);
        // Undone: the row goes, the rows before it do not render, and the
        // places and length are as before.
        let mut undone = added;
        undone.update(Msg::Undo);
        m.set(undone).await;
        let drawn = rendered();
        for id in &after[..at] {
            assert!(
                !drawn.contains(id),
                "{id}, before the removed row, rendered"
            );
        }
        assert!(!ids(&m.root).contains(&"new".to_string()));
        numbered(&m.root, 0, 1205);
    }

    #[wasm_bindgen_test]
    async fn the_keyboard_reaches_rows_outside_the_window() {
        let m = mount::<AnnotationList>(long_state()).await;
        let first: HtmlElement = find(&m.root, "li[data-index='0'] .ann-go")
            .dyn_into()
            .unwrap();
        first.focus().unwrap();
        press(&first, "End").await;
        yew::scheduler::flush().await;
        assert_eq!(focused_index(), 1204);
        let active = gloo::utils::document().active_element().unwrap();
        press(&active, "ArrowUp").await;
        assert_eq!(focused_index(), 1203);
        let active = gloo::utils::document().active_element().unwrap();
        press(&active, "Home").await;
        yew::scheduler::flush().await;
        assert_eq!(focused_index(), 0);
        // Down, one row at a time, past the rows first rendered.
        for i in 1..=(RENDER_ALL + 5) {
            let active = gloo::utils::document().active_element().unwrap();
            press(&active, "ArrowDown").await;
            yew::scheduler::flush().await;
            assert_eq!(focused_index(), i);
        }
        assert!(items(&m.root).len() <= RENDER_ALL);
    }
}
