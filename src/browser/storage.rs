//! (in progress) IndexedDB autosave.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{AppState, Msg};

#[hook]
pub fn use_autosave(_state: Rc<AppState>, _dispatch: Callback<Msg>) {}
