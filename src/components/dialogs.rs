//! The dialog host: shows whichever dialog the state names (each built on
//! [`Modal`]).

use yew::prelude::*;

use crate::components::assignment_dialog::AssignmentDialog;
use crate::components::documents::DocumentsDialog;
use crate::components::export_dialog::ExportDialog;
use crate::components::help::HelpDialog;
use crate::components::modal::Modal;
use crate::components::schema_editor::SchemaEditor;
use crate::components::speaker_prompt::SpeakerPrompt;
use crate::props::PanelProps;
use crate::state::{Dialog, Msg, Rest};

/// Shows the dialog the state names, if any.
#[component]
pub(crate) fn DialogHost(props: &PanelProps) -> Html {
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
        Dialog::MakeAssignment => html! { <AssignmentDialog ..props /> },
        Dialog::Schema => html! { <SchemaEditor ..props /> },
        Dialog::ImportBroken(pending) => {
            let dispatch = props.dispatch.clone();
            let onclose = {
                let pending = pending.clone();
                dispatch.reform(move |_| {
                    // Closed without an answer: as Cancel for a corpus
                    // whose documents are saved already.
                    if let Rest::SavedCorpus { index, .. } = &pending.rest {
                        crate::opening::discard_saved_corpus((**index).clone());
                    }
                    Msg::CloseDialog
                })
            };
            let import = {
                let pending = pending.clone();
                let dispatch = dispatch.clone();
                Callback::from(move |_: MouseEvent| match &pending.rest {
                    Rest::Corpus { files, id } => {
                        dispatch.emit(Msg::CloseDialog);
                        crate::opening::open_corpus(
                            (**files).clone(),
                            id.clone(),
                            dispatch.clone(),
                        );
                    }
                    Rest::SavedCorpus { index, note } => {
                        dispatch.emit(Msg::CloseDialog);
                        crate::opening::open_saved_corpus(
                            (**index).clone(),
                            note.clone(),
                            dispatch.clone(),
                        );
                    }
                    Rest::Document { .. } => {
                        if let Some(msg) = pending.accept() {
                            dispatch.emit(msg);
                        }
                    }
                })
            };
            let cancel = {
                let pending = pending.clone();
                dispatch.reform(move |_: MouseEvent| {
                    if let Rest::SavedCorpus { index, .. } = &pending.rest {
                        crate::opening::discard_saved_corpus((**index).clone());
                    }
                    Msg::info("Nothing was imported. Your current work is unchanged.")
                })
            };
            let close = dispatch.reform(|_: MouseEvent| Msg::CloseDialog);
            let cancel = Callback::from(move |e: MouseEvent| {
                close.emit(e.clone());
                cancel.emit(e);
            });
            html! {
                <Modal title="Import the rest?" {onclose}>
                    <p class="import-broken-question">{ pending.question() }</p>
                    <div class="modal-actions">
                        <button type="button" class="primary" onclick={import}>{ "Import the rest" }</button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </Modal>
            }
        }
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
