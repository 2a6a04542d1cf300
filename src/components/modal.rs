//! A modal dialog built on the native `<dialog>` element: focus stays
//! inside, Escape closes it, and its heading is its accessible name.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ModalProps {
    /// The dialog's heading, also its accessible name.
    pub title: AttrValue,
    /// Sent when the user closes the dialog (Escape or the Close button).
    pub onclose: Callback<()>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A modal dialog with a heading and a Close button.
#[component]
pub(crate) fn Modal(props: &ModalProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(dialog) = node.cast::<HtmlDialogElement>() {
                if !dialog.open() {
                    // showModal fails only if the element is not connected
                    // or already open; neither leaves work at risk.
                    let _ = dialog.show_modal();
                }
            }
            move || {
                if let Some(dialog) = node.cast::<HtmlDialogElement>() {
                    dialog.close();
                }
            }
        });
    }
    let oncancel = {
        let onclose = props.onclose.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            onclose.emit(());
        })
    };
    let onclick_close = {
        let onclose = props.onclose.clone();
        Callback::from(move |_: MouseEvent| onclose.emit(()))
    };
    let title_id = format!("dialog-title-{}", slug(&props.title));
    html! {
        <dialog ref={node} class={classes!("modal", props.class.clone())}
                aria-labelledby={title_id.clone()} {oncancel}>
            <div class="modal-head">
                <h2 id={title_id}>{ props.title.clone() }</h2>
                <button type="button" class="modal-close" aria-label="Close" title="Close (Esc)"
                        onclick={onclick_close}>{ "×" }</button>
            </div>
            <div class="modal-body">{ props.children.clone() }</div>
        </dialog>
    }
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
