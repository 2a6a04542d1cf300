//! Paste an article: a text area labelled "Article text" and a "Load
//! article" button. Folded away once an article is loaded.

use std::rc::Rc;

use attrib_core::limits;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser::files;
use crate::props::PanelProps;
use crate::state::{document_from_text, Msg};

#[component]
pub(crate) fn LoadPanel(props: &PanelProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(area) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let too_long = |exceeded: limits::Exceeded| {
                Msg::error(format!(
                    "Could not load the pasted text: {exceeded}. Paste a shorter article, or \
                     one part of it at a time. Your current work is unchanged."
                ))
            };
            // Decided from the box's length in UTF-16 units where that
            // tells, so an over-long paste is refused without copying it.
            let units = usize::try_from(area.text_length()).unwrap_or(usize::MAX);
            if let Some(Err(exceeded)) = limits::check_utf16_len(units) {
                return dispatch.emit(too_long(exceeded));
            }
            let text = area.value();
            if text.trim().is_empty() {
                dispatch.emit(Msg::error(
                    "The article text is empty: paste the article into “Article text”, then press Load article.",
                ));
                return;
            }
            if let Err(exceeded) = limits::check_text(&text) {
                return dispatch.emit(too_long(exceeded));
            }
            let id = format!("doc-{}", js_sys::Date::now() as u64);
            // The text stays in the box: if the user keeps their current work
            // instead, nothing they pasted is lost.
            dispatch.emit(Msg::Load(Rc::new(document_from_text(&text, &id))));
        })
    };
    // A paste or drop that would make the text surely too long is refused
    // as it arrives, so the browser never lays out megabytes in the box.
    let refuse_huge = {
        let dispatch = props.dispatch.clone();
        move |e: &Event, area: Option<HtmlTextAreaElement>| {
            let (Some(area), Some(incoming)) = (area, files::incoming_text_units(e)) else {
                return;
            };
            let kept = area.text_length();
            let start = area.selection_start().ok().flatten().unwrap_or(kept);
            let end = area.selection_end().ok().flatten().unwrap_or(kept);
            let units = (kept - end.saturating_sub(start).min(kept)).saturating_add(incoming);
            if let Some(Err(exceeded)) = limits::check_utf16_len(units as usize) {
                e.prevent_default();
                dispatch.emit(Msg::error(format!(
                    "Nothing was pasted: {exceeded}. Paste a shorter article, or one part of                      it at a time. Your current work is unchanged."
                )));
            }
        }
    };
    let onpaste = {
        let input = input.clone();
        let refuse_huge = refuse_huge.clone();
        Callback::from(move |e: Event| refuse_huge(&e, input.cast()))
    };
    let ondrop = {
        let input = input.clone();
        Callback::from(move |e: DragEvent| refuse_huge(e.as_ref(), input.cast()))
    };
    let has_text = !props.state.document().text.text().trim().is_empty();
    html! {
        <details class="load-panel" open={!has_text}>
            <summary>{ "Paste an article" }</summary>
            <form {onsubmit}>
                <label for="article-text">{ "Article text" }</label>
                <textarea id="article-text" ref={input} rows="8" {onpaste} {ondrop}
                    placeholder="Paste the article here: headline on the first line, paragraphs separated by blank lines." />
                <button type="submit" class="primary">{ "Load article" }</button>
            </form>
        </details>
    }
}
