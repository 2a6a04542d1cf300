//! The Attrib web app: Yew components, the hooks that join the app's state
//! to the browser, and the little browser glue they need. All annotation
//! logic lives in attrib-core; this crate renders it and turns user input
//! into actions. `docs/ARCHITECTURE.md` says which module may import which.

mod app;
mod browser;
mod builders;
mod components;
mod hooks;
mod opening;
mod props;
mod sample;
mod state;
mod teaching;
mod view;

/// Mounts the app on the page's body.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
