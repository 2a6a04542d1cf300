//! (in progress)

use yew::prelude::*;

use crate::state::{AppState, Msg};

#[derive(Properties, PartialEq)]
pub struct SpeakerPromptProps {
    pub annotation: AttrValue,
    pub state: std::rc::Rc<AppState>,
    pub dispatch: Callback<Msg>,
}

#[component]
pub fn SpeakerPrompt(_props: &SpeakerPromptProps) -> Html {
    html! {}
}
