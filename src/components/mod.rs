//! The app's components, one small component per file.

pub mod article;
pub mod header;
