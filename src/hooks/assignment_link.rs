//! `use_assignment_link`: on start, an assignment link's fragment (`#a=…`)
//! opens the assignment as a student; a damaged link says what is wrong
//! and leaves the normal app. The fragment is read in the page and never
//! sent anywhere.

use std::rc::Rc;

use attrib_core::assignment::{decode_link, LinkError};
use yew::prelude::*;

use crate::browser::location::fragment;
use crate::state::{capitalise, Msg};

/// The message for a link's fragment: none when it holds no assignment.
pub(crate) fn message_for(fragment: &str) -> Option<Msg> {
    match decode_link(fragment) {
        Ok(assignment) => Some(Msg::StartAssignment(Rc::new(assignment))),
        Err(LinkError::NoAssignment) => None,
        Err(e) => Some(Msg::error(format!(
            "This assignment link does not open: {}. Ask your teacher to send the link again \
             (or the assignment file, which opens with Open file…).",
            capitalise(&e.to_string())
        ))),
    }
}

/// Opens the assignment in the page's link, once, on start.
#[hook]
pub(crate) fn use_assignment_link(dispatch: Callback<Msg>) {
    use_effect_with((), move |_| {
        let fragment = fragment();
        if fragment.contains("a=") {
            if let Some(msg) = message_for(&fragment) {
                dispatch.emit(msg);
            }
        }
    });
}
