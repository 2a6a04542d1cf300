//! The app's components, one small component per file.

pub mod annotation_editor;
pub mod annotation_list;
pub mod article;
pub mod dialogs;
pub mod documents;
pub mod drop_zone;
pub mod export_dialog;
pub mod fields;
pub mod header;
pub mod help;
pub mod legend;
pub mod load_panel;
pub mod metadata;
pub mod notice;
pub mod open_file;
pub mod snippet;
pub mod speaker_prompt;
pub mod speakers;
#[cfg(all(test, target_arch = "wasm32"))]
pub mod test_support;
pub mod toolbar;
