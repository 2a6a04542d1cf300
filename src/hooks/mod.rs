//! App-level behaviour that joins the state to the browser: autosave, files
//! dropped on the page, and the global keyboard shortcuts. Each is a Yew
//! hook the root component calls once.

pub(crate) mod autosave;
pub(crate) mod file_drop;
pub(crate) mod shortcuts;
