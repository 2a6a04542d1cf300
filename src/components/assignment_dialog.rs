//! The "Make assignment" dialog: instructions, what students mark, a
//! preset, self-check; then the link (the page's own address with the
//! assignment in its fragment) to copy, and the assignment file to
//! download. The fragment never reaches a server.

use attrib_core::assignment::Preset;
use attrib_core::model::Kind;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser::files::{copy_to_clipboard, download, file_name};
use crate::browser::location::page_url_without_fragment;
use crate::components::modal::Modal;
use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::make::{assignment, link, offered_kinds, Choices};
use crate::view::kind_name;

#[component]
pub(crate) fn AssignmentDialog(props: &PanelProps) -> Html {
    let choices = use_state(Choices::new);
    let status = use_state(String::new);
    let doc = props.state.document();
    let made = assignment(doc, &choices);
    let url = made
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|a| link(a, &page_url_without_fragment()));
    let title = doc.meta.title.clone().unwrap_or_else(|| "article".into());

    let onclose = props.dispatch.reform(|_| Msg::CloseDialog);
    let set = |f: fn(&mut Choices, Event)| {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let mut next = (*choices).clone();
            f(&mut next, e);
            choices.set(next);
        })
    };
    let oninstructions = {
        let choices = choices.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                let mut next = (*choices).clone();
                next.instructions = area.value();
                choices.set(next);
            }
        })
    };
    let onpreset = set(|c, e| {
        let chosen = e
            .target_dyn_into::<HtmlSelectElement>()
            .and_then(|s| Preset::from_name(&s.value()));
        if let Some(preset) = chosen {
            c.preset = preset;
            c.kinds = preset.kinds();
        }
    });
    let onselfcheck = set(|c, e| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            c.self_check = input.checked();
        }
    });
    let kind_box = |kind: Kind| {
        let choices = choices.clone();
        let checked = choices.kinds.contains(&kind);
        let id = format!("assign-kind-{}", kind.as_str());
        let onchange = {
            let kind = kind.clone();
            Callback::from(move |e: Event| {
                let on = e
                    .target_dyn_into::<HtmlInputElement>()
                    .is_some_and(|i| i.checked());
                let mut next = (*choices).clone();
                next.kinds.retain(|k| k != &kind);
                if on {
                    next.kinds.push(kind.clone());
                }
                choices.set(next);
            })
        };
        html! {
            <label class="check" for={id.clone()}>
                <input type="checkbox" id={id} {checked} {onchange} />
                { kind_label(&kind) }
            </label>
        }
    };
    let oncopy = {
        let status = status.clone();
        let url = url.clone().ok();
        Callback::from(move |_: MouseEvent| {
            let (Some(url), status) = (url.clone(), status.clone()) else {
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match copy_to_clipboard(&url).await {
                    Ok(()) => "Copied the link.".to_string(),
                    Err(why) => format!("Could not copy: {why}."),
                });
            });
        })
    };
    let ondownload = {
        let status = status.clone();
        let json = made.as_ref().ok().map(|a| a.to_json());
        let name = file_name(Some(&format!("{title} assignment")), "json");
        Callback::from(move |_: MouseEvent| {
            status.set(match &json {
                Some(Ok(json)) => match download(&name, "application/json", json) {
                    Ok(()) => format!("Downloaded {name}."),
                    Err(why) => format!("Could not download {name}: {why}."),
                },
                Some(Err(e)) => format!("Could not write the assignment: {e}."),
                None => String::new(),
            });
        })
    };

    html! {
        <Modal title="Make assignment" {onclose} class="assignment-dialog">
            <p class="hint">{ format!(
                "Students get “{title}” without your annotations. Everything stays on your and \
                 your students' machines: the link carries the assignment after its “#”, which \
                 browsers never send to a server.") }</p>
            <div class="field">
                <label for="assign-instructions">{ "Instructions for students" }</label>
                <textarea id="assign-instructions" rows="3" value={choices.instructions.clone()}
                          oninput={oninstructions}
                          placeholder="Mark every quote and say who said it." />
            </div>
            <div class="field">
                <label for="assign-preset">{ "Preset" }</label>
                <select id="assign-preset" onchange={onpreset}>
                    { for Preset::ALL.into_iter().map(|p| html! {
                        <option value={p.name()} selected={p == choices.preset}>{ p.title() }</option>
                    }) }
                </select>
            </div>
            <fieldset class="field">
                <legend>{ "Students mark" }</legend>
                { for offered_kinds(doc, choices.preset).into_iter().map(kind_box) }
            </fieldset>
            <div class="field">
                <label class="check" for="assign-self-check">
                    <input type="checkbox" id="assign-self-check" checked={choices.self_check}
                           onchange={onselfcheck} aria-describedby="assign-self-check-hint" />
                    { "Self-check: students can check their work against your annotations" }
                </label>
                <p id="assign-self-check-hint" class="hint">{ format!(
                    "When ticked, your {} annotations of these kinds travel hidden inside the \
                     assignment as the answer key. A determined student can read them.",
                    doc.annotations.iter().filter(|a| choices.kinds.contains(&a.kind)).count()) }</p>
            </div>
            { match (&made, &url) {
                (Err(why), _) => html! { <p class="export-error" role="alert">{ why.clone() }</p> },
                (Ok(_), Ok(url)) => html! {
                    <div class="field">
                        <label for="assign-link">{ "Link for students" }</label>
                        <input id="assign-link" type="text" readonly=true value={url.clone()} />
                        <p class="hint">{ format!("{} characters.", url.len()) }</p>
                    </div>
                },
                (Ok(_), Err(why)) => html! { <p class="export-error" role="alert">{ why.clone() }</p> },
            } }
            <div class="modal-actions">
                if url.is_ok() {
                    <button type="button" class="primary" onclick={oncopy}>{ "Copy link" }</button>
                }
                <button type="button" onclick={ondownload} disabled={made.is_err()}>
                    { "Download assignment file" }
                </button>
                <p class="export-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            </div>
        </Modal>
    }
}

/// "Quotes", "Speakers (mentions)", "Claims", or the custom kind's name.
fn kind_label(kind: &Kind) -> String {
    match kind {
        Kind::Quote => "Quotes".into(),
        Kind::Mention => "Speakers (mentions)".into(),
        Kind::Claim => "Claims".into(),
        Kind::Custom(_) => kind_name(kind),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{click, find, input_value, mount, sample_state, text_of};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_dialog_names_its_controls_and_gives_a_link_that_opens_the_assignment() {
        let m = mount::<AssignmentDialog>(sample_state()).await;
        for id in [
            "assign-instructions",
            "assign-preset",
            "assign-self-check",
            "assign-link",
        ] {
            find(&m.root, &format!("label[for={id}]"));
        }
        let link = input_value(&m.root, "#assign-link");
        assert!(link.contains("#a="), "{link}");
        let opened = attrib_core::assignment::decode_link(&link).expect("the link opens");
        assert_eq!(opened.kinds, [Kind::Quote, Kind::Mention]);
        assert!(text_of(&m.root, "#assign-self-check-hint")
            .contains("A determined student can read them"));

        // Nothing to mark: said, and no link.
        click(&m.root, "#assign-kind-quote").await;
        click(&m.root, "#assign-kind-mention").await;
        assert!(text_of(&m.root, "[role=alert]").starts_with("Choose at least one"));
        assert!(m.root.query_selector("#assign-link").unwrap().is_none());
    }
}
