//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn DocumentsDialog(_props: &PanelProps) -> Html {
    html! {}
}
