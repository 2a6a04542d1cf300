//! The legend: which highlight means which kind of annotation, and, while
//! suggestions are pending, how they are drawn.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct LegendProps {
    /// Whether suggestions are pending (their entries are shown then).
    #[prop_or_default]
    pub suggestions: bool,
}

#[component]
pub(crate) fn Legend(props: &LegendProps) -> Html {
    html! {
        <ul class="legend" aria-label="Highlight legend">
            <li><span class="swatch hl-quote" aria-hidden="true"></span>{ "Quote" }</li>
            <li><span class="swatch hl-cue" aria-hidden="true"></span>{ "Cue (reporting verb)" }</li>
            <li><span class="swatch hl-claim" aria-hidden="true"></span>{ "Claim" }</li>
            <li><span class="swatch hl-mention" aria-hidden="true"></span>{ "Speaker mention" }</li>
            <li><span class="swatch hl-custom" aria-hidden="true"></span>{ "Other span" }</li>
            if props.suggestions {
                <li><span class="swatch sg-quote" aria-hidden="true"></span>{ "Suggested quote (dashed)" }</li>
                <li><span class="swatch sg-cue" aria-hidden="true"></span>{ "Suggested cue" }</li>
                <li><span class="swatch sg-mention" aria-hidden="true"></span>{ "Suggested speaker mention" }</li>
            }
        </ul>
    }
}
