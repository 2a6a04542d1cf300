//! Dialogs: a modal built on the native `<dialog>` element (focus stays
//! inside, Escape closes it), and the host that shows whichever dialog the
//! state names.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

use crate::app::PanelProps;
use crate::components::documents::DocumentsDialog;
use crate::components::export_dialog::ExportDialog;
use crate::components::help::HelpDialog;
use crate::components::speaker_prompt::SpeakerPrompt;
use crate::state::{Dialog, Msg};

#[derive(Properties, PartialEq)]
pub struct ModalProps {
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
pub fn Modal(props: &ModalProps) -> Html {
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

/// Shows the dialog the state names, if any.
#[component]
pub fn DialogHost(props: &PanelProps) -> Html {
    let Some(dialog) = props.state.dialog.clone() else {
        return html! {};
    };
    let props = props.clone();
    match dialog {
        Dialog::SpeakerFor(id) => html! {
            <SpeakerPrompt annotation={AttrValue::from(id)} state={props.state} dispatch={props.dispatch} />
        },
        Dialog::Export => html! { <ExportDialog ..props /> },
        Dialog::Help => html! { <HelpDialog ..props /> },
        Dialog::Documents => html! { <DocumentsDialog ..props /> },
        Dialog::ConfirmReplace(doc) => {
            let dispatch = props.dispatch.clone();
            let onclose = dispatch.reform(|_| Msg::CloseDialog);
            let replace = {
                let doc = doc.clone();
                dispatch.reform(move |_: MouseEvent| Msg::LoadConfirmed(doc.clone()))
            };
            let keep = dispatch.reform(|_: MouseEvent| Msg::CloseDialog);
            let current = props.state.document();
            let title = doc
                .meta
                .title
                .clone()
                .unwrap_or_else(|| "the new document".into());
            html! {
                <Modal title="Replace the current document?" {onclose}>
                    <p>{ format!(
                        "Opening “{title}” replaces the document you are working on, which has {} annotations and {} speakers. \
                         It stays saved in Documents, where you can reopen it.",
                        current.annotations.len(), current.speakers.len()) }</p>
                    <div class="modal-actions">
                        <button type="button" class="primary" onclick={replace}>{ "Replace" }</button>
                        <button type="button" onclick={keep}>{ "Keep current work" }</button>
                    </div>
                </Modal>
            }
        }
    }
}
