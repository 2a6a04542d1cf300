//! The page header: the product's name and what it does.

use yew::prelude::*;

#[component]
pub(crate) fn Header() -> Html {
    html! {
        <header class="app-header">
            <h1 class="app-title">{ "Attrib" }</h1>
            <p class="app-tagline">{ "Mark who said what in a news article. Everything stays in your browser." }</p>
        </header>
    }
}
