//! App-level behaviour that joins the state to the browser: autosave, files
//! dropped on the page, and the global keyboard shortcuts, and an assignment link opened on start. Each is a Yew
//! hook the root component calls once.

pub(crate) mod assignment_link;
pub(crate) mod autosave;
pub(crate) mod corpus;
pub(crate) mod file_drop;
pub(crate) mod shortcuts;
