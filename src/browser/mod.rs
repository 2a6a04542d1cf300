//! The few places that touch the browser directly: selection and offsets,
//! storage, files, downloads and the clipboard.

pub mod files;
pub mod html;
pub mod selection;
pub mod storage;
