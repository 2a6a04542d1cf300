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

#[cfg(test)]
mod tests {
    use super::*;
    use attrib_core::assignment::{encode_link, Assignment};
    use attrib_core::model::{AnnotatedDocument, Metadata};
    use attrib_core::text::Document;

    #[test]
    fn a_link_opens_its_assignment_and_a_damaged_one_says_what_to_do() {
        let doc =
            AnnotatedDocument::new(Metadata::default(), Document::new("“We lost,” Kerry said."));
        let assignment = Assignment::new(&doc);
        let link = encode_link(&assignment, "http://localhost/").unwrap();
        let fragment = link.split_once('#').map(|(_, f)| format!("#{f}")).unwrap();
        assert_eq!(
            message_for(&fragment),
            Some(Msg::StartAssignment(Rc::new(assignment)))
        );
        let Some(Msg::Notify(notice)) = message_for(&fragment[..fragment.len() - 8]) else {
            panic!("a damaged link is reported");
        };
        assert!(
            notice
                .text
                .starts_with("This assignment link does not open: The link is damaged"),
            "{}",
            notice.text
        );
        assert!(notice.text.contains("Ask your teacher"));
        assert_eq!(
            message_for("#section-2"),
            None,
            "an ordinary fragment is left alone"
        );
    }
}
