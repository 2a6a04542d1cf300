//! End-to-end tests: a real headless Chromium, driven through WebDriver,
//! against the release build served on loopback. Run by `cargo xtask test`
//! (layer e2e), which builds the app and installs the browser first.

#![cfg(not(target_arch = "wasm32"))]

mod annotate;
mod bad_files;
mod bench;
mod bench_article;
mod builders;
mod corpus;
mod crash;
mod harness;
mod hostile;
mod keyboard;
mod long_article;
mod schema;
mod shell;
mod suggest;
mod tabs;
mod teach;
