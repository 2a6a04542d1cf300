//! The full list of warnings from opening the current document's file
//! ([`crate::state::ImportReport`]): folded under its heading beside the
//! status line, so the notice can name the first few and the rest stay one
//! keypress away. Warnings are text: a file's content is never markup here.

use yew::prelude::*;

use crate::props::PanelProps;

#[component]
pub(crate) fn ImportWarnings(props: &PanelProps) -> Html {
    let Some(report) = props
        .state
        .import_report
        .as_ref()
        .filter(|r| !r.warnings.is_empty())
    else {
        return html! {};
    };
    let count = report.warnings.len();
    html! {
        <details class="import-warnings" id="import-warnings">
            <summary>{ format!("{} ({count})", report.title()) }</summary>
            <ol>
                { for report.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }
            </ol>
        </details>
    }
}
