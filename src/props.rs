//! The properties every panel receives from the root component: the state
//! to read and where to send messages.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{AppState, Msg};

/// What every panel receives: the state to read and where to send messages.
#[derive(Properties, Clone, PartialEq)]
pub(crate) struct PanelProps {
    pub state: Rc<AppState>,
    pub dispatch: Callback<Msg>,
}
