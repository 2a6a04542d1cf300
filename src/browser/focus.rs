//! Moving keyboard focus: to an element by id, now or after the next
//! render, or to the first control inside a container.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Focuses the element with id `id` once the page has re-rendered (after
/// the current event and the render it caused), or `fallback` when that
/// element is gone. Used after an edit removes the control that had focus.
pub(crate) fn focus_later(id: String, fallback: Option<String>) {
    gloo::timers::callback::Timeout::new(0, move || {
        if !focus_by_id(&id) {
            if let Some(fallback) = fallback {
                focus_by_id(&fallback);
            }
        }
    })
    .forget();
}

/// Focuses the element with this id now; false when there is none.
pub(crate) fn focus_by_id(id: &str) -> bool {
    let found = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    match found {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// Puts keyboard focus on the first control (select, input, text area or
/// button) inside the element with id `container`; false when there is no
/// such element or control.
pub(crate) fn focus_first_in(container: &str) -> bool {
    let first = gloo::utils::document()
        .get_element_by_id(container)
        .and_then(|el| el.query_selector("select, input, textarea, button").ok())
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    first.is_some_and(|el| el.focus().is_ok())
}
