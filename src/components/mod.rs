//! The app's components, one small component per file. Each imports only
//! the state (`crate::state`, `crate::props`), the shared wording
//! (`crate::view`), the opening flow (`crate::opening`) and `crate::browser`,
//! and the components below it; none imports `crate::app`.

pub(crate) mod adjudication_view;
pub(crate) mod annotation_editor;
pub(crate) mod annotation_list;
pub(crate) mod article;
pub(crate) mod assignment_dialog;
pub(crate) mod builders_page;
pub(crate) mod class_table;
pub(crate) mod corpus_list;
pub(crate) mod dialogs;
pub(crate) mod diff_view;
pub(crate) mod discussion_view;
pub(crate) mod documents;
pub(crate) mod export_dialog;
pub(crate) mod fields;
pub(crate) mod header;
pub(crate) mod help;
pub(crate) mod import_warnings;
pub(crate) mod legend;
pub(crate) mod load_panel;
pub(crate) mod metadata;
pub(crate) mod modal;
pub(crate) mod notice;
pub(crate) mod open_file;
pub(crate) mod read_only_bar;
pub(crate) mod schema_editor;
pub(crate) mod scoring_settings;
pub(crate) mod speaker_prompt;
pub(crate) mod speakers;
pub(crate) mod student_bar;
pub(crate) mod suggestions;
pub(crate) mod teach_page;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod test_support;
pub(crate) mod toolbar;
