//! Asks who speaks the quote just marked: pick a known speaker or type a new
//! name. Enter confirms; Escape or "Skip" leaves the quote without one. When
//! the suggester names a speaker for the quote, that speaker is offered
//! first, and Enter on an empty name picks them.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::modal::Modal;
use crate::state::{AppState, Msg};

#[derive(Properties, PartialEq)]
pub(crate) struct SpeakerPromptProps {
    /// The quote's annotation id.
    pub annotation: AttrValue,
    pub state: Rc<AppState>,
    pub dispatch: Callback<Msg>,
}

#[component]
pub(crate) fn SpeakerPrompt(props: &SpeakerPromptProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let _ = el.focus();
            }
        });
    }
    let doc = props.state.document();
    let quoted = doc
        .annotation(&props.annotation)
        .and_then(|a| a.spans.first().copied())
        .and_then(|s| doc.text.slice(s))
        .unwrap_or_default();
    let short: String = if quoted.chars().count() > 120 {
        let head: String = quoted.chars().take(117).collect();
        format!("{head}…")
    } else {
        quoted.to_string()
    };
    let hint = props.state.speaker_hint.as_ref();
    // The document's speaker the hint is, listed once, as the suggestion.
    let hinted = hint.and_then(|g| g.known_in(doc)).map(|s| s.id.clone());
    let known: Vec<_> = doc
        .speakers
        .iter()
        .filter(|s| Some(&s.id) != hinted.as_ref())
        .collect();
    let onsubmit = {
        let input = input.clone();
        let dispatch = props.dispatch.clone();
        let annotation = props.annotation.to_string();
        let has_hint = hint.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let annotation = annotation.clone();
            dispatch.emit(if has_hint && name.trim().is_empty() {
                Msg::SuggestedSpeaker { annotation }
            } else {
                Msg::SpeakerByName { annotation, name }
            });
        })
    };
    let suggested = hint.map(|g| {
        let annotation = props.annotation.to_string();
        let onclick = props
            .dispatch
            .reform(move |_: MouseEvent| Msg::SuggestedSpeaker {
                annotation: annotation.clone(),
            });
        let label = match &g.role {
            Some(role) => format!("{} ({role}), suggested", g.name),
            None => format!("{}, suggested", g.name),
        };
        html! {
            <li><button type="button" class="suggested-speaker" aria-label={label} {onclick}>
                { g.name.clone() }
                if let Some(role) = &g.role {
                    <span class="speaker-role">{ format!(" · {role}") }</span>
                }
                <span class="suggested-badge" aria-hidden="true">{ "suggested" }</span>
            </button></li>
        }
    });
    let placeholder = match hint {
        Some(g) => format!("Enter for {}, or type a name", g.name),
        None => "Type a name, or pick one below".to_string(),
    };
    let onclose = props.dispatch.reform(|_| Msg::CloseDialog);
    let skip = props.dispatch.reform(|_: MouseEvent| Msg::CloseDialog);
    let pick = |name: String| {
        let dispatch = props.dispatch.clone();
        let annotation = props.annotation.to_string();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Msg::SpeakerByName {
                annotation: annotation.clone(),
                name: name.clone(),
            })
        })
    };
    html! {
        <Modal title="Who is speaking?" {onclose} class="speaker-prompt">
            <blockquote class="prompt-quote">{ short }</blockquote>
            <form {onsubmit}>
                <label for="speaker-name">{ "Speaker name" }</label>
                <input id="speaker-name" ref={input} type="text" list="known-speakers" autocomplete="off"
                       {placeholder} />
                <datalist id="known-speakers">
                    { for hint.map(|g| html! { <option value={g.name.clone()} /> }) }
                    { for known.iter().map(|s| html! { <option value={s.name.clone()} /> }) }
                </datalist>
                if suggested.is_some() || !known.is_empty() {
                    <ul class="speaker-choices" aria-label="Suggested and known speakers">
                        { for suggested }
                        { for known.iter().map(|s| html! {
                            <li><button type="button" onclick={pick(s.name.clone())}>{ s.name.clone() }</button></li>
                        }) }
                    </ul>
                }
                <div class="modal-actions">
                    <button type="submit" class="primary">{ "Set speaker" }</button>
                    <button type="button" onclick={skip}>{ "Skip" }</button>
                </div>
            </form>
        </Modal>
    }
}
