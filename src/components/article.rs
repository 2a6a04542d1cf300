//! The article as readable paragraphs with every annotation highlighted.
//! Each paragraph is its own memoised component keyed by its start offset
//! and given only the highlights inside it, so a change re-renders only the
//! paragraphs it touches. Text is split into segments at highlight edges;
//! never one DOM node per character.
//!
//! The article takes keyboard focus: the arrow keys move a caret (drawn by
//! us, since the browser draws none in read-only text), Shift extends the
//! selection, and the selection is reported to the state as code points.

use std::rc::Rc;

use std::collections::HashMap;

use attrib_core::model::{AnnotatedDocument, Annotation, Schema, Span, Speaker};
use attrib_core::suggest::Suggestions;
use attrib_core::workspace::Workspace;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::selection::{modify_selection, select_span, selection_in, window_selection};
use crate::props::PanelProps;
use crate::state::{Msg, Pending};
use crate::view::{
    changed_annotations, colour_class, describe, guidelines, kind_class, suggestion_class,
    suggestion_words,
};

/// One highlighted stretch inside a paragraph, in absolute code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    pub start: usize,
    pub end: usize,
    /// The annotation's id; empty for a pending suggestion.
    pub annotation: Rc<str>,
    /// CSS class: hl-quote, hl-cue, hl-claim, hl-mention or hl-custom; for
    /// a pending suggestion sg-quote, sg-cue or sg-mention.
    pub class: &'static str,
    /// The schema's colour for the annotation (`view::colour_class`).
    pub tint: Option<&'static str>,
    /// What hovering or focusing shows: kind, speaker, stance, note.
    /// Shared, so clipping a mark to its paragraphs copies no text.
    pub tip: Rc<str>,
}

/// One annotation's highlights (its spans and its cue).
fn marks_of_annotation(doc: &AnnotatedDocument, a: &Annotation) -> Vec<Mark> {
    let mut tip = describe(doc, a);
    for line in guidelines(doc, a) {
        tip.push('\n');
        tip.push_str(&line);
    }
    let tip: Rc<str> = tip.into();
    let id: Rc<str> = a.id.as_str().into();
    let mut marks: Vec<Mark> = a
        .spans
        .iter()
        .map(|span| Mark {
            start: span.start,
            end: span.end,
            annotation: id.clone(),
            class: kind_class(&a.kind),
            tint: colour_class(&doc.schema, a),
            tip: tip.clone(),
        })
        .collect();
    if let Some(cue) = a.cue {
        marks.push(Mark {
            start: cue.start,
            end: cue.end,
            annotation: id,
            class: "hl-cue",
            tint: None,
            tip: format!("Cue of: {tip}").into(),
        });
    }
    marks
}

/// Each annotation's highlights from the last render, so that an edit
/// describes only the annotations it changed. A tip names speakers and
/// quotes the schema's guidelines, and the schema gives the colours, so a
/// change to either (or another document) starts afresh.
#[derive(Default)]
struct MarkCache {
    sha256: String,
    speakers: Vec<Speaker>,
    schema: Schema,
    by_id: HashMap<String, (Annotation, Vec<Mark>)>,
}

impl MarkCache {
    /// Every highlight of the document, sorted by start.
    fn marks(&mut self, doc: &AnnotatedDocument) -> Vec<Mark> {
        if self.sha256 != doc.text.sha256()
            || self.speakers != doc.speakers
            || self.schema != doc.schema
        {
            self.sha256 = doc.text.sha256().to_string();
            self.speakers = doc.speakers.clone();
            self.schema = doc.schema.clone();
            self.by_id.clear();
        }
        let mut kept = HashMap::with_capacity(doc.annotations.len());
        let mut marks = Vec::with_capacity(doc.annotations.len() * 2);
        for a in &doc.annotations {
            let entry = match self.by_id.remove(&a.id) {
                Some(entry) if entry.0 == *a => entry,
                _ => (a.clone(), marks_of_annotation(doc, a)),
            };
            marks.extend(entry.1.iter().cloned());
            kept.insert(a.id.clone(), entry);
        }
        self.by_id = kept;
        attrib_core::sort::sort_by_key(&mut marks, |m| (m.start, std::cmp::Reverse(m.end)));
        marks
    }
}

/// The marks of the pending suggestions (dashed), their cues included.
fn suggestion_marks(doc: &AnnotatedDocument, pending: &Pending) -> Vec<Mark> {
    let found: &Suggestions = pending.found();
    let mut marks = Vec::new();
    for s in pending.items() {
        let excerpt = attrib_core::excerpt::spans_snippet(doc, &s.spans, 60);
        let tip = format!(
            "Suggested {}: accept or reject it in the Suggestions panel",
            suggestion_words(found, s, &excerpt)
        );
        let spans = s.spans.iter().map(|sp| (*sp, suggestion_class(&s.kind)));
        for (span, class) in spans.chain(s.cue.map(|c| (c, "sg-cue"))) {
            marks.push(Mark {
                start: span.start,
                end: span.end,
                annotation: "".into(),
                class,
                tint: None,
                tip: tip.as_str().into(),
            });
        }
    }
    marks
}

/// At most this many annotations changed since the last render are
/// redrawn paragraph by paragraph; more (a batch accepted, a relabel)
/// redraw every paragraph.
const REDRAW_AT_MOST: usize = 64;

/// The highlights of every paragraph from the last render, and what they
/// were made from, so that an edit redraws only the paragraphs its changed
/// annotations touch: an added claim or an undo costs a comparison of the
/// annotation lists and a few paragraphs, not a pass over every highlight.
#[derive(Default)]
struct Highlights {
    /// The workspace, paragraphs and suggestions they were made from.
    from: Option<(Rc<Workspace>, Vec<Span>, Option<Pending>)>,
    buckets: Rc<Vec<Rc<Vec<Mark>>>>,
    /// For redrawing everything: each annotation's marks from last time.
    cache: MarkCache,
}

impl Highlights {
    /// Each paragraph's highlights for `ws`.
    fn update(
        &mut self,
        ws: &Rc<Workspace>,
        paragraphs: &[Span],
        pending: Option<&Pending>,
    ) -> Rc<Vec<Rc<Vec<Mark>>>> {
        let redrawn = match &self.from {
            Some((before, spans, None)) if pending.is_none() && spans == paragraphs => {
                redraw_changed(before.document(), ws.document(), paragraphs, &self.buckets)
            }
            _ => None,
        };
        let buckets = redrawn.unwrap_or_else(|| {
            let mut marks = self.cache.marks(ws.document());
            if let Some(pending) = pending {
                marks.extend(suggestion_marks(ws.document(), pending));
                attrib_core::sort::sort_by_key(&mut marks, |m| (m.start, std::cmp::Reverse(m.end)));
            }
            marks_by_paragraph(&marks, paragraphs)
        });
        self.buckets = Rc::new(buckets);
        self.from = Some((ws.clone(), paragraphs.to_vec(), pending.cloned()));
        self.buckets.clone()
    }
}

/// The paragraphs' highlights after the annotations of `before` became
/// those of `after` (same text): `buckets` (made for `before`) with the
/// paragraphs touched by the annotations that differ redrawn, exactly as
/// [`marks_by_paragraph`] would draw them. `None` when the speakers or the
/// schema changed (tips name them) or too many annotations did.
fn redraw_changed(
    before: &AnnotatedDocument,
    after: &AnnotatedDocument,
    paragraphs: &[Span],
    buckets: &[Rc<Vec<Mark>>],
) -> Option<Vec<Rc<Vec<Mark>>>> {
    if buckets.len() != paragraphs.len()
        || before.text.sha256() != after.text.sha256()
        || before.speakers != after.speakers
        || before.schema != after.schema
    {
        return None;
    }
    let (gone, came) = changed_annotations(before, after);
    let changed = gone.iter().chain(came);
    let mut touched: Vec<usize> = Vec::new();
    for (n, a) in changed.enumerate() {
        if n >= REDRAW_AT_MOST {
            return None;
        }
        for span in a.spans.iter().chain(&a.cue) {
            let first = paragraphs.partition_point(|p| p.end <= span.start);
            touched.extend(
                (first..paragraphs.len())
                    .take_while(|&i| paragraphs[i].start < span.end.max(span.start + 1)),
            );
        }
    }
    touched.sort_unstable();
    touched.dedup();
    let mut redrawn = buckets.to_vec();
    for i in touched {
        redrawn[i] = Rc::new(paragraph_marks(after, paragraphs[i]));
    }
    Some(redrawn)
}

/// The highlights inside `paragraph`, clipped to it, in the order
/// [`marks_by_paragraph`] gives them (every mark of the document sorted by
/// start, longest first, annotations in document order on ties).
fn paragraph_marks(doc: &AnnotatedDocument, paragraph: Span) -> Vec<Mark> {
    let overlaps = |s: &Span| s.start < paragraph.end && s.end > paragraph.start;
    let mut marks: Vec<Mark> = doc
        .annotations
        .iter()
        .filter(|a| a.spans.iter().chain(&a.cue).any(overlaps))
        .flat_map(|a| marks_of_annotation(doc, a))
        .collect();
    attrib_core::sort::sort_by_key(&mut marks, |m| (m.start, std::cmp::Reverse(m.end)));
    marks
        .into_iter()
        .filter_map(|m| {
            let (start, end) = (m.start.max(paragraph.start), m.end.min(paragraph.end));
            (start < end).then_some(Mark { start, end, ..m })
        })
        .collect()
}

/// A workspace compared by its text alone (its SHA-256), as a memo key.
struct SameText(Rc<Workspace>);

impl PartialEq for SameText {
    fn eq(&self, other: &Self) -> bool {
        self.0.document().text.sha256() == other.0.document().text.sha256()
    }
}

/// Whether a first paragraph reads as a headline: one short line that does
/// not end like a sentence.
fn is_headline(text: &str) -> bool {
    let trimmed = text.trim();
    !trimmed.is_empty()
        && !trimmed.contains('\n')
        && trimmed.chars().count() <= 200
        && !trimmed.ends_with(['.', '!', '?', ':', ';', ','])
}

#[component]
pub(crate) fn ArticleView(props: &PanelProps) -> Html {
    let article_ref = use_node_ref();
    let caret_ref = use_node_ref();

    // Paragraph spans and texts change only when the text does (the
    // workspace is passed so nothing is copied on renders that hit the memo).
    let paragraphs = use_memo(SameText(props.state.workspace.clone()), |ws| {
        let text = &ws.0.document().text;
        text.paragraphs()
            .into_iter()
            .filter_map(|span| {
                text.slice(span)
                    .map(|t| (span, AttrValue::from(t.to_string())))
            })
            .collect::<Vec<_>>()
    });
    // Each paragraph's highlights, recomputed only when the document
    // changes, and then only for the paragraphs the changed annotations
    // touch. Pending suggestions are drawn too, dashed.
    let highlights = use_mut_ref(Highlights::default);
    let buckets = use_memo(
        (
            props.state.workspace.clone(),
            paragraphs.clone(),
            props.state.suggestions.clone(),
        ),
        move |(ws, paragraphs, pending)| {
            crate::browser::perf::measure("attrib: marks", || {
                let spans: Vec<Span> = paragraphs.iter().map(|(span, _)| *span).collect();
                highlights.borrow_mut().update(ws, &spans, pending.as_ref())
            })
        },
    );

    use_selection_tracking(
        article_ref.clone(),
        caret_ref.clone(),
        props.dispatch.clone(),
    );
    // When the state drops the selection (it was marked, or Esc), drop it on
    // screen too, so what is highlighted is always what q would mark.
    use_effect_with(
        (props.state.selection.is_none(), props.state.revision),
        |(cleared, _)| {
            if *cleared {
                crate::browser::selection::collapse_article_selection();
            }
        },
    );
    use_focus_follow(
        article_ref.clone(),
        props.state.focused.clone(),
        props.state.revision,
    );

    let onkeydown = {
        let article_ref = article_ref.clone();
        Callback::from(move |e: KeyboardEvent| caret_key(&e, &article_ref))
    };
    let onfocus = {
        let article_ref = article_ref.clone();
        Callback::from(move |_: FocusEvent| place_caret_if_outside(&article_ref))
    };

    if paragraphs.is_empty() {
        return html! {
            <article class="article article-empty" aria-label="Article" ref={article_ref}>
                <p>{ "No article loaded yet: paste one above, open a file, or press Load sample." }</p>
            </article>
        };
    }
    let headline = is_headline(&paragraphs[0].1);
    let focused = props.state.focused.clone();
    html! {
        <div class="article-frame">
            <article class="article" aria-label="Article" tabindex="0"
                     aria-describedby="article-help" ref={article_ref} {onkeydown} {onfocus}>
                { for (0..paragraphs.len()).step_by(CHUNK).map(|first| {
                    let last = (first + CHUNK).min(paragraphs.len());
                    let marks = buckets[first..last].to_vec();
                    let focused = focused.clone().filter(|id| {
                        marks.iter().flat_map(|b| b.iter()).any(|m| &*m.annotation == id.as_str())
                    });
                    html! {
                        <Chunk
                            key={first}
                            paragraphs={SameParagraphs(paragraphs.clone())}
                            {first}
                            {marks}
                            headline={first == 0 && headline}
                            {focused}
                        />
                    }
                }) }
            </article>
            <span class="caret" ref={caret_ref} aria-hidden="true" hidden=true></span>
            <p id="article-help" class="visually-hidden">
                { "Move the caret with the arrow keys; Shift with the arrows selects. Press q for quote, c for claim, s for speaker, ? for all shortcuts." }
            </p>
        </div>
    }
}

/// Paragraphs per [`Chunk`]: a render of the article compares a prop of
/// each chunk, and a chunk's render a prop of each of its paragraphs, so
/// an edit costs about √(paragraphs) comparisons, not one per paragraph.
const CHUNK: usize = 48;

/// The article's paragraphs (span and text), compared by identity: they
/// change only with the text.
#[derive(Clone)]
pub(crate) struct SameParagraphs(Rc<Vec<(Span, AttrValue)>>);

impl PartialEq for SameParagraphs {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ChunkProps {
    pub paragraphs: SameParagraphs,
    /// The index of this chunk's first paragraph.
    pub first: usize,
    /// Each of its paragraphs' highlights (an unchanged paragraph keeps the
    /// same `Rc`, compared by identity first).
    pub marks: Vec<Rc<Vec<Mark>>>,
    /// Whether its first paragraph is the article's headline.
    pub headline: bool,
    /// The focused annotation, when it has a highlight here.
    pub focused: Option<String>,
}

#[cfg(test)]
thread_local! {
    /// How many times a chunk has rendered, for the re-render test.
    static CHUNK_RENDERS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Characters per line assumed by [`estimated_height`]: the article's
/// widest column (44rem of 1.1rem Georgia) holds about 80.
const CHARS_PER_LINE: usize = 80;

/// About how tall `paragraphs` stand, in the article's `em`: each line
/// 1.9em (the article's line height) and each paragraph's bottom margin
/// 1rem (1/1.1 em). An off-screen chunk is drawn this tall until it has
/// been laid out once; then the browser remembers its real height
/// (`contain-intrinsic-size: auto`), so a wrong guess only shifts the
/// scroll bar.
fn estimated_height(paragraphs: &[(Span, AttrValue)]) -> f64 {
    let lines: usize = paragraphs
        .iter()
        .map(|(_, text)| {
            text.split('\n')
                .map(|line| line.chars().count().div_ceil(CHARS_PER_LINE).max(1))
                .sum::<usize>()
        })
        .sum();
    lines as f64 * 1.9 + paragraphs.len() as f64 / 1.1
}

/// A run of [`CHUNK`] paragraphs in a `div.chunk`: an edit re-renders the
/// chunk it touches, which re-renders only the paragraphs whose highlights
/// changed. The chunk has `content-visibility: auto` (style.css), so while
/// it is off screen the browser skips its style, layout and paint; its
/// estimated height goes in through the CSSOM (the CSP refuses style
/// attributes).
#[component]
pub(crate) fn Chunk(props: &ChunkProps) -> Html {
    #[cfg(test)]
    CHUNK_RENDERS.with(|n| n.set(n.get() + 1));
    let node = use_node_ref();
    let paragraphs = &props.paragraphs.0[props.first..props.first + props.marks.len()];
    {
        let node = node.clone();
        let height = format!("auto {:.1}em", estimated_height(paragraphs));
        use_effect_with(height, move |height| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.style().set_property("contain-intrinsic-size", height);
            }
        });
    }
    html! {
        <div class="chunk" ref={node}>
        { for paragraphs.iter().zip(&props.marks).enumerate().map(|(i, ((span, text), inside))| {
            let focused = props.focused.clone().filter(|id| inside.iter().any(|m| &*m.annotation == id.as_str()));
            html! {
                <Paragraph
                    key={span.start}
                    start={span.start}
                    text={text.clone()}
                    heading={i == 0 && props.headline}
                    marks={inside.clone()}
                    focused={focused}
                />
            }
        }) }
        </div>
    }
}

/// The marks inside each paragraph, clipped to it, in O((marks + paragraphs)
/// · log paragraphs). `paragraphs` are in document order and apart.
fn marks_by_paragraph(marks: &[Mark], paragraphs: &[Span]) -> Vec<Rc<Vec<Mark>>> {
    let mut buckets: Vec<Vec<Mark>> = vec![Vec::new(); paragraphs.len()];
    for m in marks {
        // The first paragraph that ends after the mark starts.
        let first = paragraphs.partition_point(|p| p.end <= m.start);
        for (i, p) in paragraphs.iter().enumerate().skip(first) {
            if p.start >= m.end {
                break;
            }
            let (start, end) = (m.start.max(p.start), m.end.min(p.end));
            if start < end {
                buckets[i].push(Mark {
                    start,
                    end,
                    ..m.clone()
                });
            }
        }
    }
    buckets.into_iter().map(Rc::new).collect()
}

#[derive(Properties, PartialEq)]
pub(crate) struct ParagraphProps {
    /// Code-point offset of the paragraph's first character in the document.
    pub start: usize,
    pub text: AttrValue,
    /// Shown as the article's headline.
    #[prop_or_default]
    pub heading: bool,
    /// The highlights inside this paragraph, clipped to it.
    #[prop_or_default]
    pub marks: Rc<Vec<Mark>>,
    /// The focused annotation, when it has a highlight here.
    #[prop_or_default]
    pub focused: Option<String>,
}

#[cfg(test)]
thread_local! {
    /// How many times a paragraph has rendered, for the re-render test.
    static PARAGRAPH_RENDERS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One paragraph, split into segments at every highlight edge. Each segment
/// carries `data-s`, its first code point's offset in the document.
#[component]
pub(crate) fn Paragraph(props: &ParagraphProps) -> Html {
    #[cfg(test)]
    PARAGRAPH_RENDERS.with(|n| n.set(n.get() + 1));
    let text: &str = &props.text;
    let len = text.chars().count();
    let base = props.start;
    let mut edges: Vec<usize> = vec![0, len];
    for m in props.marks.iter() {
        edges.push(m.start - base);
        edges.push(m.end - base);
    }
    edges.sort_unstable();
    edges.dedup();
    // Byte offsets of the edges, found in one pass over the text.
    let mut bytes = Vec::with_capacity(edges.len());
    let mut e = 0;
    for (chars, (byte, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        while e < edges.len() && edges[e] == chars {
            bytes.push(byte);
            e += 1;
        }
    }
    let mut focus_target_given = false;
    let segments = edges.windows(2).zip(bytes.windows(2)).map(|(cp, by)| {
        let (a, b) = (base + cp[0], base + cp[1]);
        let piece = &text[by[0]..by[1]];
        let covering: Vec<&Mark> = props
            .marks
            .iter()
            .filter(|m| m.start <= a && m.end >= b)
            .collect();
        if covering.is_empty() {
            return html! { <span data-s={a.to_string()}>{ piece }</span> };
        }
        let mut classes = classes!("hl");
        let mut ids: Vec<&str> = Vec::new();
        for m in &covering {
            classes.push(m.class);
            if let Some(tint) = m.tint {
                classes.push(tint);
            }
            if !m.annotation.is_empty() && !ids.contains(&&*m.annotation) {
                ids.push(&m.annotation);
            }
        }
        let is_focused = props.focused.as_deref().is_some_and(|f| ids.contains(&f));
        if is_focused {
            classes.push("hl-focused");
        }
        let tip: Vec<&str> = covering.iter().map(|m| &*m.tip).collect();
        let tip = tip.join("\n");
        // The first segment of the focused annotation takes focus when it
        // is chosen, and shows its description while focused.
        let focus_here = is_focused && !focus_target_given;
        focus_target_given |= focus_here;
        html! {
            <span class={classes} data-s={a.to_string()} data-ann={(!ids.is_empty()).then(|| ids.join(" "))}
                  title={tip.clone()} data-tip={tip.clone()}
                  tabindex={focus_here.then_some("-1")}
                  aria-label={focus_here.then(|| format!("{piece}: {tip}"))}>{ piece }</span>
        }
    });
    let start = base.to_string();
    if props.heading {
        html! { <h2 class="headline" data-start={start}>{ for segments }</h2> }
    } else {
        html! { <p class="paragraph" data-start={start}>{ for segments }</p> }
    }
}

/// Reports the selection inside the article to the state, and draws the
/// caret when the selection is collapsed there.
#[hook]
fn use_selection_tracking(article: NodeRef, caret: NodeRef, dispatch: Callback<Msg>) {
    use_effect_with((), move |_| {
        let last: std::cell::Cell<Option<Span>> = std::cell::Cell::new(None);
        let on_selection = {
            let (article, caret) = (article.clone(), caret.clone());
            move |_: &web_sys::Event| {
                let Some(root) = article.cast::<Element>() else {
                    return;
                };
                let span = selection_in(&root);
                draw_caret(&root, &caret, span);
                let selected = span.filter(|s| !s.is_empty());
                if selected != last.get() {
                    last.set(selected);
                    dispatch.emit(Msg::Select(selected));
                }
            }
        };
        // Text reflows when the window changes size: move the caret with it.
        let on_resize = move |_: &web_sys::Event| {
            if let Some(root) = article.cast::<Element>() {
                draw_caret(&root, &caret, selection_in(&root));
            }
        };
        let listeners = [
            EventListener::new(&gloo::utils::document(), "selectionchange", on_selection),
            EventListener::new(&gloo::utils::window(), "resize", on_resize),
        ];
        move || drop(listeners)
    });
}

/// Shows the caret at a collapsed selection inside the article while it has
/// focus; hides it otherwise.
fn draw_caret(root: &Element, caret: &NodeRef, span: Option<Span>) {
    let Some(caret) = caret.cast::<HtmlElement>() else {
        return;
    };
    let has_focus = gloo::utils::document()
        .active_element()
        .is_some_and(|a| root.contains(Some(&a)));
    let rect = span
        .filter(|s| s.is_empty() && has_focus)
        .and_then(|_| window_selection())
        .and_then(|sel| sel.get_range_at(0).ok())
        .map(|range| range.get_bounding_client_rect());
    let frame = root.parent_element();
    match (rect, frame) {
        (Some(r), Some(frame)) if r.height() > 0.0 => {
            let f = frame.get_bounding_client_rect();
            // Through the CSSOM: the Content-Security-Policy refuses style
            // attributes.
            let style = caret.style();
            for (property, px) in [
                ("left", r.left() - f.left()),
                ("top", r.top() - f.top()),
                ("height", r.height()),
            ] {
                let _ = style.set_property(property, &format!("{px}px"));
            }
            caret.set_hidden(false);
        }
        _ => caret.set_hidden(true),
    }
}

/// Moves the caret or extends the selection for arrow, Home and End keys.
fn caret_key(e: &KeyboardEvent, article: &NodeRef) {
    let (direction, granularity) = match e.key().as_str() {
        "ArrowLeft" => ("backward", if e.ctrl_key() { "word" } else { "character" }),
        "ArrowRight" => ("forward", if e.ctrl_key() { "word" } else { "character" }),
        "ArrowUp" => ("backward", if e.ctrl_key() { "paragraph" } else { "line" }),
        "ArrowDown" => ("forward", if e.ctrl_key() { "paragraph" } else { "line" }),
        "Home" => ("backward", "lineboundary"),
        "End" => ("forward", "lineboundary"),
        _ => return,
    };
    e.prevent_default();
    place_caret_if_outside(article);
    let alter = if e.shift_key() { "extend" } else { "move" };
    modify_selection(alter, direction, granularity);
}

/// Puts a caret at the article's start when the selection is elsewhere.
fn place_caret_if_outside(article: &NodeRef) {
    let Some(root) = article.cast::<Element>() else {
        return;
    };
    if selection_in(&root).is_none() {
        let _ = select_span(&root, Span::new(0, 0));
    }
}

/// When the focused annotation changes, scrolls its highlight into view,
/// gives it keyboard focus and puts the caret at its start.
#[hook]
fn use_focus_follow(article: NodeRef, focused: Option<String>, revision: u64) {
    use_effect_with(focused, move |focused| {
        let _ = revision;
        if let (Some(id), Some(root)) = (focused, article.cast::<Element>()) {
            let selector = format!("[data-ann~=\"{}\"][tabindex]", css_escape(id));
            if let Ok(Some(el)) = root.query_selector(&selector) {
                if let Ok(el) = el.dyn_into::<HtmlElement>() {
                    let came_from_article = gloo::utils::document()
                        .active_element()
                        .is_some_and(|a| root.contains(Some(&a)));
                    // On a narrow screen the panels sit below the article:
                    // scrolling up to the highlight would hide the editor the
                    // user just opened from the list.
                    let single_column = gloo::utils::window()
                        .inner_width()
                        .ok()
                        .and_then(|w| w.as_f64())
                        .is_some_and(|w| w <= 900.0);
                    if came_from_article || !single_column {
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Center);
                        el.scroll_into_view_with_scroll_into_view_options(&options);
                    }
                    if came_from_article {
                        let _ = el.focus();
                    }
                }
            }
        }
    });
}

/// Escapes an id for use inside a quoted CSS attribute selector.
fn css_escape(id: &str) -> String {
    id.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod height_tests {
    use super::*;

    #[test]
    fn a_chunk_is_estimated_from_its_lines_and_paragraphs() {
        let para = |n: usize, text: &str| (Span::new(n, n + 1), AttrValue::from(text.to_string()));
        // One short line, two and a half lines (three), and a line break
        // inside a paragraph (two lines).
        let paragraphs = [
            para(0, "Short."),
            para(10, &"x".repeat(CHARS_PER_LINE * 5 / 2)),
            para(500, "One\ntwo"),
        ];
        let lines = 1 + 3 + 2;
        let want = lines as f64 * 1.9 + 3.0 / 1.1;
        assert!((estimated_height(&paragraphs) - want).abs() < 1e-9);
        assert_eq!(estimated_height(&[]), 0.0);
    }
}

#[cfg(test)]
mod highlight_tests {
    use super::*;
    use attrib_core::model::Kind;
    use attrib_core::workspace::Action;

    /// Every paragraph's highlights drawn from scratch.
    fn drawn_whole(ws: &Workspace, paragraphs: &[Span]) -> Vec<Vec<Mark>> {
        let marks = MarkCache::default().marks(ws.document());
        marks_by_paragraph(&marks, paragraphs)
            .into_iter()
            .map(|b| (*b).clone())
            .collect()
    }

    fn drawn(h: &mut Highlights, ws: &Rc<Workspace>, paragraphs: &[Span]) -> Vec<Vec<Mark>> {
        h.update(ws, paragraphs, None)
            .iter()
            .map(|b| (**b).clone())
            .collect()
    }

    #[test]
    fn an_edit_redraws_the_paragraphs_it_touches_as_drawing_everything_would() {
        let text = "Headline\n\n“One two,” said Ann.\n\nThree four five.\n\nSix seven.";
        let doc = crate::state::document_from_text(text, "t");
        let paragraphs: Vec<Span> = doc.text.paragraphs();
        assert_eq!(paragraphs.len(), 4);
        let mut ws = Workspace::new(doc).expect("valid");
        let mut h = Highlights::default();
        let mut shown = Rc::new(ws.clone());
        assert_eq!(
            drawn(&mut h, &shown, &paragraphs),
            drawn_whole(&shown, &paragraphs)
        );
        let add = |ws: &mut Workspace, id: &str, kind: Kind, spans: Vec<Span>| {
            ws.apply(Action::AddAnnotation {
                annotation: Annotation::new(id, kind, spans),
            })
            .expect("fits");
        };
        // A quote, a claim nested in it, one across two paragraphs and one
        // in two pieces, then undo and redo.
        add(&mut ws, "a1", Kind::Quote, vec![Span::new(10, 20)]);
        add(&mut ws, "a2", Kind::Claim, vec![Span::new(11, 14)]);
        add(&mut ws, "a3", Kind::Claim, vec![Span::new(25, 40)]);
        add(
            &mut ws,
            "a4",
            Kind::Claim,
            vec![Span::new(26, 29), Span::new(50, 53)],
        );
        for step in 0..8 {
            match step {
                0..=3 => {}
                4 | 5 => ws.undo().expect("undoes"),
                _ => ws.redo().expect("redoes"),
            }
            let before = shown.clone();
            shown = Rc::new(ws.clone());
            let whole = drawn_whole(&shown, &paragraphs);
            let incremental = drawn(&mut h, &shown, &paragraphs);
            assert_eq!(incremental, whole, "step {step}");
            // Paragraphs the change did not touch keep their highlights
            // (the same Rc), so their components do not re-render.
            let redrawn =
                redraw_changed(before.document(), shown.document(), &paragraphs, &h.buckets);
            assert!(redrawn.is_some(), "step {step} is redrawn in part");
        }
        // Paragraph 3 ("Six seven.") is touched only by a4's second piece.
        let before = h.buckets.clone();
        ws.apply(Action::RemoveAnnotation { id: "a3".into() })
            .expect("removes");
        shown = Rc::new(ws.clone());
        let after = h.update(&shown, &paragraphs, None);
        assert!(Rc::ptr_eq(&before[0], &after[0]) && Rc::ptr_eq(&before[3], &after[3]));
        assert!(!Rc::ptr_eq(&before[2], &after[2]));
        assert_eq!(
            drawn(&mut h, &shown, &paragraphs),
            drawn_whole(&shown, &paragraphs)
        );
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use attrib_core::model::Kind;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    async fn mount_paragraph(props: ParagraphProps) -> Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").expect("create a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("append");
        yew::Renderer::<Paragraph>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        root
    }

    fn mark(start: usize, end: usize, id: &str, class: &'static str) -> Mark {
        Mark {
            start,
            end,
            annotation: id.into(),
            class,
            tint: None,
            tip: format!("tip {id}").into(),
        }
    }

    #[wasm_bindgen_test]
    async fn splits_text_at_highlight_edges_with_code_point_offsets() {
        // Paragraph at offset 10: "😀 “I lost,” he said."; the quote is
        // “I lost,” (2..11 inside) and a claim nests inside it (3..10).
        let root = mount_paragraph(ParagraphProps {
            start: 10,
            text: "😀 “I lost,” he said.".into(),
            heading: false,
            marks: Rc::new(vec![
                mark(12, 21, "a1", "hl-quote"),
                mark(13, 20, "a2", "hl-claim"),
            ]),
            focused: None,
        })
        .await;
        let segs = root.query_selector_all("[data-s]").unwrap();
        let got: Vec<(String, String)> = (0..segs.length())
            .map(|i| {
                let el: Element = segs.item(i).unwrap().dyn_into().unwrap();
                (
                    el.get_attribute("data-s").unwrap(),
                    el.text_content().unwrap(),
                )
            })
            .collect();
        let want = [
            ("10", "😀 "),
            ("12", "“"),
            ("13", "I lost,"),
            ("20", "”"),
            ("21", " he said."),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
        let nested = root.query_selector("[data-s='13']").unwrap().unwrap();
        assert!(
            nested.class_list().contains("hl-quote") && nested.class_list().contains("hl-claim")
        );
        assert_eq!(nested.get_attribute("data-ann").as_deref(), Some("a1 a2"));
    }

    thread_local! {
        static DISPATCH: std::cell::RefCell<Option<Callback<Msg>>> = const { std::cell::RefCell::new(None) };
    }

    thread_local! {
        // The text the next LiveArticle opens.
        static LIVE_TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    /// The article on a live reducer, its dispatch kept for the test.
    #[component]
    fn LiveArticle() -> Html {
        let text = LIVE_TEXT.with(|t| t.borrow().clone());
        let state = use_reducer(|| {
            crate::state::AppState::with_document(crate::state::document_from_text(&text, "t"))
        });
        let dispatch = {
            let state = state.clone();
            Callback::from(move |msg: Msg| state.dispatch(msg))
        };
        DISPATCH.with(|d| *d.borrow_mut() = Some(dispatch.clone()));
        html! { <ArticleView state={Rc::new((*state).clone())} {dispatch} /> }
    }

    #[wasm_bindgen_test]
    async fn a_change_re_renders_only_the_paragraphs_it_touches() {
        LIVE_TEXT.with(|t| {
            *t.borrow_mut() =
                "Headline\n\nFirst paragraph.\n\nSecond “quoted” paragraph.\n\nThird one.".into()
        });
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<LiveArticle>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        assert_eq!(root.query_selector_all("p.paragraph").unwrap().length(), 3);
        let dispatch = DISPATCH.with(|d| d.borrow().clone()).expect("mounted");

        // A selection changes the state but no paragraph.
        PARAGRAPH_RENDERS.with(|n| n.set(0));
        CHUNK_RENDERS.with(|n| n.set(0));
        dispatch.emit(Msg::Select(Some(Span::new(10, 15))));
        yew::scheduler::flush().await;
        assert_eq!(PARAGRAPH_RENDERS.with(|n| n.get()), 0);
        assert_eq!(CHUNK_RENDERS.with(|n| n.get()), 0);

        // A claim in the second paragraph re-renders that paragraph alone.
        // "Headline\n\nFirst paragraph.\n\n" is 28 code points.
        dispatch.emit(Msg::Select(Some(Span::new(28, 34))));
        dispatch.emit(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        yew::scheduler::flush().await;
        assert_eq!(PARAGRAPH_RENDERS.with(|n| n.get()), 1);
        let claim = root
            .query_selector(".hl-claim")
            .unwrap()
            .expect("the claim");
        assert_eq!(claim.text_content().as_deref(), Some("Second"));
    }

    #[wasm_bindgen_test]
    async fn a_change_in_a_long_article_re_renders_one_chunk_of_paragraphs() {
        // A headline and 150 paragraphs "Paragraph NNN." (14 code points
        // each, 2 between): more than three chunks.
        let mut text = String::from("Headline");
        for i in 0..150 {
            text.push_str(&format!("\n\nParagraph {i:03}."));
        }
        LIVE_TEXT.with(|t| *t.borrow_mut() = text);
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<LiveArticle>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        let dispatch = DISPATCH.with(|d| d.borrow().clone()).expect("mounted");
        // 151 paragraphs (the headline first) in chunks of CHUNK, each a
        // div.chunk given its estimated height, and nothing else in the
        // article.
        let chunks = root.query_selector_all("article > div.chunk").unwrap();
        assert_eq!(chunks.length() as usize, 151usize.div_ceil(CHUNK));
        assert_eq!(
            root.query_selector_all("article > :not(div.chunk)")
                .unwrap()
                .length(),
            0
        );
        for i in 0..chunks.length() {
            let chunk: HtmlElement = chunks.item(i).unwrap().dyn_into().unwrap();
            let want = if (i as usize + 1) * CHUNK <= 151 {
                CHUNK
            } else {
                151 % CHUNK
            };
            assert_eq!(chunk.child_element_count() as usize, want, "chunk {i}");
            let height = chunk
                .style()
                .get_property_value("contain-intrinsic-size")
                .unwrap();
            assert!(height.ends_with("em"), "chunk {i}: {height:?}");
        }
        assert_eq!(
            root.query_selector_all("article > div.chunk > p.paragraph")
                .unwrap()
                .length(),
            150
        );
        assert_eq!(
            root.query_selector_all("article > div.chunk:first-child > h2.headline:first-child")
                .unwrap()
                .length(),
            1
        );

        // Paragraph 120 starts at 8 + 2 + 120 · 16.
        let start = 10 + 120 * 16;
        PARAGRAPH_RENDERS.with(|n| n.set(0));
        CHUNK_RENDERS.with(|n| n.set(0));
        dispatch.emit(Msg::Select(Some(Span::new(start, start + 9))));
        dispatch.emit(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        yew::scheduler::flush().await;
        assert_eq!(CHUNK_RENDERS.with(|n| n.get()), 1);
        assert_eq!(PARAGRAPH_RENDERS.with(|n| n.get()), 1);
        let claim = root
            .query_selector(".hl-claim")
            .unwrap()
            .expect("the claim");
        assert_eq!(claim.text_content().as_deref(), Some("Paragraph"));
        assert_eq!(
            claim
                .parent_element()
                .and_then(|p| p.get_attribute("data-start")),
            Some(start.to_string())
        );
    }

    #[wasm_bindgen_test]
    async fn a_plain_paragraph_is_one_segment() {
        let root = mount_paragraph(ParagraphProps {
            start: 0,
            text: "Plain text 漢字.".into(),
            heading: true,
            marks: Rc::default(),
            focused: None,
        })
        .await;
        assert_eq!(root.query_selector_all("[data-s]").unwrap().length(), 1);
        assert!(root.query_selector("h2.headline").unwrap().is_some());
    }
}
