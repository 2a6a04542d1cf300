//! (in progress)

use yew::prelude::*;

use crate::app::PanelProps;

#[component]
pub fn AnnotationList(_props: &PanelProps) -> Html {
    html! {}
}
