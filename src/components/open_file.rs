//! (in progress) The "Open file…" button.

use yew::prelude::*;

use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct OpenFileProps {
    pub dispatch: Callback<Msg>,
}

#[component]
pub fn OpenFileButton(_props: &OpenFileProps) -> Html {
    html! {}
}
