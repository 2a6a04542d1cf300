//! The Attrib web app: Yew components and the little browser glue they need.
//! All annotation logic lives in attrib-core; this crate renders it and turns
//! user input into actions.

pub mod app;
pub mod browser;
pub mod components;
pub mod keyboard;
pub mod sample;
pub mod state;

/// Mounts the app on the page's body.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
