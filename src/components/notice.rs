//! The status line: the latest message for the user (an error says what
//! went wrong and what to do) and where the autosave stands. It is a live
//! region, so screen readers announce each new message.

use yew::prelude::*;

use crate::props::PanelProps;
use crate::state::{Msg, NoticeLevel, SaveStatus};

#[component]
pub(crate) fn NoticeBar(props: &PanelProps) -> Html {
    let save = match &props.state.save {
        SaveStatus::Unsaved => html! { <span class="save save-unsaved">{ "Not saved yet" }</span> },
        SaveStatus::Saving => html! { <span class="save">{ "Saving…" }</span> },
        SaveStatus::Saved(when) => {
            html! { <span class="save save-ok">{ format!("Saved in this browser ({when})") }</span> }
        }
        SaveStatus::Failed(why) => html! {
            <span class="save save-failed" role="alert">{ format!("Not saved: {why}") }</span>
        },
    };
    let notice = props.state.notice.as_ref().map(|n| {
        let class = match n.level {
            NoticeLevel::Info => "notice notice-info",
            NoticeLevel::Error => "notice notice-error",
        };
        let dismiss = props.dispatch.reform(|_: MouseEvent| Msg::DismissNotice);
        html! {
            <div {class}>
                <span class="notice-text">{ n.text.clone() }</span>
                <button type="button" class="notice-dismiss" aria-label="Dismiss message" onclick={dismiss}>{ "×" }</button>
            </div>
        }
    });
    html! {
        <div class="status-bar">
            <div class="status-message" role="status" aria-live="polite">{ for notice }</div>
            { save }
        </div>
    }
}
