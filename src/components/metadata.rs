//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn MetadataForm(_props: &PanelProps) -> Html {
    html! {}
}
