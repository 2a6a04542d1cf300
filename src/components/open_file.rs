//! The "Open file…" button: a file chooser whose files open through
//! [`crate::opening`], as dropped files do.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::opening::{files_of, open_and_load, ACCEPT};
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub(crate) struct OpenFileProps {
    pub dispatch: Callback<Msg>,
}

/// A button that opens the file chooser. The chooser itself (a hidden file
/// input) is reset after each use so the same file can be opened again.
#[component]
pub(crate) fn OpenFileButton(props: &OpenFileProps) -> Html {
    let input = use_node_ref();
    let onclick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let files = files_of(input.files());
            input.set_value("");
            open_and_load(files, dispatch.clone());
        })
    };
    html! {
        <>
            <button type="button" class="tool" {onclick}
                    title="Open an article (.txt, .md, .html) or an annotation file (Attrib JSON, JSONL, W3C, brat .ann with its .txt, doccano, Label Studio, CSV); a file of many documents, several files or a .zip open as a corpus">
                { "Open file…" }
            </button>
            <input ref={input} type="file" multiple=true accept={ACCEPT} hidden=true
                   tabindex="-1" aria-label="Open file…" {onchange} />
        </>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_button_has_its_name_and_a_labelled_chooser() {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<OpenFileButton>::with_root_and_props(
            root.clone(),
            OpenFileProps {
                dispatch: Callback::noop(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        let button = root.query_selector("button").unwrap().unwrap();
        assert_eq!(button.text_content().unwrap().trim(), "Open file…");
        let input: HtmlInputElement = root
            .query_selector("input[type=file]")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        assert!(input.multiple());
        assert_eq!(input.accept(), ACCEPT);
        assert_eq!(
            input.get_attribute("aria-label").as_deref(),
            Some("Open file…")
        );
    }
}
