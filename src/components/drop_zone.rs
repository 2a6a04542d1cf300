//! (in progress) Drag and drop a file onto the page.

use yew::prelude::*;

use crate::state::Msg;

#[hook]
pub fn use_file_drop(_dispatch: Callback<Msg>) {}
