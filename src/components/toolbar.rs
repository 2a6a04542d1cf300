//! The toolbar: loading, undo and redo, marking the selection, suggesting,
//! export and help. Every button has an accessible name (its visible word) and names
//! its keyboard shortcut.

use std::rc::Rc;

use attrib_core::model::Kind;
use yew::prelude::*;

use crate::builders::{BuildMsg, BuildView};
use crate::components::open_file::OpenFileButton;
use crate::props::PanelProps;
use crate::state::{sample_document, Dialog, Msg};
use crate::teaching::TeachMsg;
use crate::view::kind_shortcut;

#[derive(Properties, PartialEq)]
struct ToolProps {
    label: AttrValue,
    /// Shown as a hint and announced through aria-keyshortcuts.
    #[prop_or_default]
    keys: Option<AttrValue>,
    #[prop_or_default]
    title: Option<AttrValue>,
    /// The accessible name when the visible label is a symbol.
    #[prop_or_default]
    aria_label: Option<AttrValue>,
    #[prop_or_default]
    disabled: bool,
    #[prop_or_default]
    primary: bool,
    onclick: Callback<MouseEvent>,
}

#[component]
fn Tool(props: &ToolProps) -> Html {
    // Keep the article's selection: a button press must not clear it.
    let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
    let title = props.title.clone().map(|t| match &props.keys {
        Some(k) => AttrValue::from(format!("{t} ({})", k.replace("Control", "Ctrl"))),
        None => t,
    });
    html! {
        <button type="button" class={classes!("tool", props.primary.then_some("primary"))}
                aria-keyshortcuts={props.keys.clone()} aria-label={props.aria_label.clone()} {title}
                disabled={props.disabled} {onmousedown} onclick={props.onclick.clone()}>
            { props.label.clone() }
            if let Some(k) = &props.keys {
                <kbd aria-hidden="true">{ k.replace("Control", "Ctrl") }</kbd>
            }
        </button>
    }
}

#[component]
pub(crate) fn Toolbar(props: &PanelProps) -> Html {
    let d = &props.dispatch;
    let state = &props.state;
    let mark = |kind: Kind| {
        d.reform(move |e: MouseEvent| Msg::Mark {
            kind: kind.clone(),
            snap: !e.alt_key(),
        })
    };
    // Another tab edits the document: the editing tools are off here.
    let editable = state.read_only.is_none();
    let has_selection = editable && state.selection.is_some();
    let focused_quote = state
        .focused_annotation()
        .is_some_and(|a| a.kind == Kind::Quote);
    // The kinds' keys as the schema gives them (q, c, s unless moved).
    let schema = &state.document().schema;
    let key = |kind: Kind| kind_shortcut(schema, &kind).map(AttrValue::from);
    let load_sample = d.reform(|_| Msg::Load(Rc::new(sample_document())));
    let score = {
        let workspace = state.workspace.clone();
        d.reform(move |_| {
            Msg::Teach(TeachMsg::StartScoring {
                key: Rc::new(workspace.document().clone()),
                source: "the current document".into(),
            })
        })
    };
    html! {
        <nav class="toolbar" aria-label="Tools">
            <div class="tool-group" role="group" aria-label="Document">
                <Tool label="Load sample" title="Load the built-in sample article" onclick={load_sample} />
                <OpenFileButton dispatch={d.clone()} />
                <Tool label="Documents" title="Reopen or delete saved documents"
                      onclick={d.reform(|_| Msg::OpenDialog(Dialog::Documents))} />
            </div>
            <div class="tool-group" role="group" aria-label="History">
                <Tool label="Undo" keys="Control+Z" title={state.workspace.history().undo_label().map(|l| AttrValue::from(format!("Undo {l}")))}
                      disabled={!(editable && state.workspace.can_undo())} onclick={d.reform(|_| Msg::Undo)} />
                <Tool label="Redo" keys="Control+Shift+Z" title={state.workspace.history().redo_label().map(|l| AttrValue::from(format!("Redo {l}")))}
                      disabled={!(editable && state.workspace.can_redo())} onclick={d.reform(|_| Msg::Redo)} />
            </div>
            <div class="tool-group" role="group" aria-label="Mark the selection">
                <Tool label="Quote" keys={key(Kind::Quote)} title="Mark the selection as a quote" primary=true
                      disabled={!has_selection} onclick={mark(Kind::Quote)} />
                <Tool label="Claim" keys={key(Kind::Claim)} title="Mark the selection as a claim"
                      disabled={!has_selection} onclick={mark(Kind::Claim)} />
                <Tool label="Speaker" keys={key(Kind::Mention)} title="Mark the selection as a speaker's name"
                      disabled={!has_selection} onclick={mark(Kind::Mention)} />
                <Tool label="Add span" keys="a" title="Add the selection to the chosen quote"
                      disabled={!(has_selection && focused_quote)}
                      onclick={d.reform(|e: MouseEvent| Msg::AddSpanToFocused { snap: !e.alt_key() })} />
                <Tool label="Cue" keys="v" title="Make the selection the chosen quote's cue (reporting verb)"
                      disabled={!(has_selection && focused_quote)}
                      onclick={d.reform(|e: MouseEvent| Msg::SetCueFromSelection { snap: !e.alt_key() })} />
            </div>
            <div class="tool-group" role="group" aria-label="Suggestions">
                <Tool label="Suggest" keys="g" title="Suggest quotes, cues and speakers to accept or reject"
                      onclick={d.reform(|_| Msg::Suggest)} />
            </div>
            <div class="tool-group" role="group" aria-label="Teach">
                <Tool label="Make assignment…" title="Hand this article out to students, by link or file"
                      onclick={d.reform(|_| Msg::OpenDialog(Dialog::MakeAssignment))} />
                <Tool label="Score students…" title="Score students' files against this document as the key"
                      onclick={score} />
            </div>
            <div class="tool-group" role="group" aria-label="Dataset">
                <Tool label="Agreement…" title="Compare annotators' files and adjudicate their disagreements"
                      onclick={d.reform(|_| Msg::Build(BuildMsg::Show(Some(BuildView::Agreement))))} />
                <Tool label="Labels…" title="Edit the label schema: kinds, labels, their colours, keys and guidelines"
                      onclick={d.reform(|_| Msg::OpenDialog(Dialog::Schema))} />
            </div>
            <div class="tool-group" role="group" aria-label="Output and help">
                <Tool label="Export" keys="e" title="Export the annotations"
                      onclick={d.reform(|_| Msg::OpenDialog(Dialog::Export))} />
                <Tool label="?" keys="?" title="Keyboard shortcuts" aria_label="Keyboard shortcuts"
                      onclick={d.reform(|_| Msg::OpenDialog(Dialog::Help))} />
            </div>
        </nav>
    }
}
