//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn ExportDialog(_props: &PanelProps) -> Html {
    html! {}
}
