//! App-level behaviour that joins the state to the browser: autosave, files
//! dropped on the page, the global keyboard shortcuts, an assignment link
//! opened on start, and the teacher's scoring session kept between visits.
//! Each is a Yew hook the root component calls once.

pub(crate) mod assignment_link;
pub(crate) mod autosave;
pub(crate) mod colours;
pub(crate) mod corpus;
pub(crate) mod file_drop;
pub(crate) mod scoring_session;
pub(crate) mod shortcuts;
