//! The few places that touch the browser directly: selection and offsets,
//! focus, storage, files, downloads and the clipboard. Nothing here knows
//! the app's state or messages.

pub(crate) mod files;
pub(crate) mod focus;
pub(crate) mod html;
pub(crate) mod location;
pub(crate) mod perf;
pub(crate) mod selection;
pub(crate) mod storage;
pub(crate) mod style;
