//! Custom CSS properties on the page's root element, set through the
//! CSSOM (`HtmlElement::style().set_property`): the page's strict
//! Content-Security-Policy forbids `style` attributes and inline styles.

use wasm_bindgen::JsCast;

/// Sets each `(name, value)` custom property on the root element and
/// removes each name in `gone`.
pub(crate) fn set_root_properties(properties: &[(String, String)], gone: &[String]) {
    let Some(root) = gloo::utils::document()
        .document_element()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    for name in gone {
        let _ = style.remove_property(name);
    }
    for (name, value) in properties {
        let _ = style.set_property(name, value);
    }
}
