//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn SpeakersPanel(_props: &PanelProps) -> Html {
    html! {}
}
