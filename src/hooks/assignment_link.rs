//! `use_assignment_link`: on start, or when the page's fragment changes to
//! one, an assignment link's fragment (`#a=…`) opens the assignment as a
//! student (on the student's saved work when this browser has it); a
//! damaged link says what is wrong and leaves the normal app. The fragment
//! is read in the page and never sent anywhere.

use std::cell::RefCell;
use std::rc::Rc;

use attrib_core::assignment::{decode_link, LinkError};
use yew::prelude::*;

use crate::browser::location::{fragment, on_fragment_change};
use crate::opening;
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

/// Opens the assignment in the page's link on start, and again whenever the
/// fragment changes to another assignment link while the page is open. The
/// fragment is read both ways because which comes first is a race: a link
/// opened in a tab already showing Attrib (or while it is still starting)
/// changes the fragment of a page that may or may not have started yet.
#[hook]
pub(crate) fn use_assignment_link(dispatch: Callback<Msg>) {
    use_effect_with((), move |_| {
        let opened = RefCell::new(String::new());
        let open = move |fragment: String| {
            // The same link seen both ways opens once.
            if !fragment.contains("a=") || *opened.borrow() == fragment {
                return;
            }
            match message_for(&fragment) {
                // The student's saved work on it comes back, if any.
                Some(Msg::StartAssignment(assignment)) => {
                    let dispatch = dispatch.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        opening::start_assignment(assignment, &dispatch).await;
                    });
                }
                Some(msg) => dispatch.emit(msg),
                None => {}
            }
            *opened.borrow_mut() = fragment;
        };
        open(fragment());
        let listener = on_fragment_change(open);
        move || drop(listener)
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
