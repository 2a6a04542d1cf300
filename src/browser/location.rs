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
