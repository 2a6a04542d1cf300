//! The help dialog: every keyboard shortcut, and how to annotate an article
//! from start to finish.

use yew::prelude::*;

use crate::components::modal::Modal;
use crate::props::PanelProps;
use crate::state::Msg;
use attrib_core::model::Kind;

use crate::view::{kind_shortcut, shortcuts};

/// The keys of a shortcut, each alternative in its own `<kbd>`: "Ctrl+Y or
/// Ctrl+Shift+Z" and "Tab / Shift+Tab" read as two.
fn keys(text: &str) -> Html {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some((at, sep)) = [" or ", " / "]
        .iter()
        .filter_map(|sep| rest.find(sep).map(|at| (at, *sep)))
        .min()
    {
        parts.push(html! { <kbd>{ &rest[..at] }</kbd> });
        parts.push(html! { { sep } });
        rest = &rest[at + sep.len()..];
    }
    parts.push(html! { <kbd>{ rest }</kbd> });
    parts.into_iter().collect()
}

#[component]
pub(crate) fn HelpDialog(props: &PanelProps) -> Html {
    let onclose = props.dispatch.reform(|_| Msg::CloseDialog);
    let schema = &props.state.document().schema;
    let key = |kind: Kind| kind_shortcut(schema, &kind).unwrap_or_default();
    html! {
        <Modal title="Keyboard shortcuts" {onclose} class="help-dialog">
            <table class="shortcuts">
                <caption class="visually-hidden">{ "Keyboard shortcuts" }</caption>
                <thead>
                    <tr><th scope="col">{ "Keys" }</th><th scope="col">{ "What they do" }</th></tr>
                </thead>
                <tbody>
                    { for shortcuts(schema).iter().map(|(k, what)| html! {
                        <tr><td class="keys">{ keys(k) }</td><td>{ what }</td></tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "How to annotate" }</h3>
            <ol class="how-to">
                <li>{ "Load an article: paste it, open a file (or drop it on the page), or load the sample." }</li>
                <li>{ "Select a quote with the mouse, or Tab into the article and extend the caret with Shift+arrows." }</li>
                <li>{ "Press " }<kbd>{ key(Kind::Quote) }</kbd>{ " and name its speaker; mark claims with " }
                    <kbd>{ key(Kind::Claim) }</kbd>{ " and speakers' names with " }<kbd>{ key(Kind::Mention) }</kbd>{ "." }</li>
                <li>{ "Set the quote's stance, its target and a note in the annotations panel." }</li>
                <li>{ "Press " }<kbd>{ "e" }</kbd>{ " to export. Your work is saved in this browser as you go." }</li>
            </ol>
        </Modal>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::state::AppState;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn lists_every_shortcut_with_its_keys() {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<HelpDialog>::with_root_and_props(
            root.clone(),
            PanelProps {
                state: Rc::new(AppState::default()),
                dispatch: Callback::noop(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        let heading = root.query_selector("dialog h2").unwrap().unwrap();
        assert_eq!(heading.text_content().unwrap(), "Keyboard shortcuts");
        let rows = root.query_selector_all("tbody tr").unwrap();
        let listed = shortcuts(&attrib_core::model::Schema::default());
        assert_eq!(rows.length() as usize, listed.len());
        for (i, (keys, what)) in listed.iter().enumerate() {
            let row: web_sys::Element = rows.item(i as u32).unwrap().unchecked_into();
            let kbds = row.query_selector_all("kbd").unwrap();
            let alternatives = keys.matches(" or ").count() + keys.matches(" / ").count() + 1;
            assert_eq!(kbds.length() as usize, alternatives, "{keys}");
            assert_eq!(row.text_content().unwrap(), format!("{keys}{what}"));
        }
        assert!(root.query_selector("ol.how-to").unwrap().is_some());
    }
}
