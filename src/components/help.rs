//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn HelpDialog(_props: &PanelProps) -> Html {
    html! {}
}
