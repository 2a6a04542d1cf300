//! The page's own address: the link an assignment is built on (without its
//! fragment) and the fragment an assignment link carries. The fragment is
//! read here and never sent anywhere.

/// The page's address without its fragment, or "" when the browser gives
/// none.
pub(crate) fn page_url_without_fragment() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// The page's fragment with its `#`, or "".
pub(crate) fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Calls `f` with the new fragment (with its `#`) each time the page's
/// fragment changes — an assignment link pasted into the address bar of a
/// tab already showing Attrib changes only the fragment, and the page does
/// not reload — until the returned listener is dropped.
pub(crate) fn on_fragment_change(f: impl Fn(String) + 'static) -> gloo::events::EventListener {
    gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| f(fragment()))
}

/// Makes `url` (the page's own address with another fragment) the page's
/// address without reloading or adding a history entry; a reload then
/// opens it. Says why when the browser refuses.
pub(crate) fn replace_address(url: &str) -> Result<(), String> {
    let history = gloo::utils::window()
        .history()
        .map_err(|_| "the browser gives no history".to_string())?;
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        .map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "the address was refused".into())
        })
}
