//! The legend: which highlight means which kind of annotation.

use yew::prelude::*;

#[component]
pub(crate) fn Legend() -> Html {
    html! {
        <ul class="legend" aria-label="Highlight legend">
            <li><span class="swatch hl-quote" aria-hidden="true"></span>{ "Quote" }</li>
            <li><span class="swatch hl-cue" aria-hidden="true"></span>{ "Cue (reporting verb)" }</li>
            <li><span class="swatch hl-claim" aria-hidden="true"></span>{ "Claim" }</li>
            <li><span class="swatch hl-mention" aria-hidden="true"></span>{ "Speaker mention" }</li>
            <li><span class="swatch hl-custom" aria-hidden="true"></span>{ "Other span" }</li>
        </ul>
    }
}
