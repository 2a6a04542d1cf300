//! What opening a file found beyond its document: the import's warnings
//! (mentions given a speaker from their text, what the file holds that
//! Attrib does not read, lines left out). The notice after opening says
//! how many and names the first few ([`ImportReport::summary`]); the full
//! list stays reachable under "Warnings from opening …" for as long as that
//! document is loaded.

use std::rc::Rc;

use attrib_core::corpus::Index;
use attrib_core::formats::BrokenLine;
use attrib_core::AnnotatedDocument;

use super::Msg;

/// Warnings listed in the notice before "and N more".
pub(crate) const LISTED: usize = 3;

/// A document or a corpus read from a file some lines of which did not
/// read, waiting for the user to say whether to import the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingImport {
    /// The file's name, as the user chose it.
    pub file: String,
    pub broken: Vec<BrokenLine>,
    pub rest: Rest,
}

/// Documents read from the user's files, to be saved as one corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CorpusFiles {
    /// The corpus's name: the file it came from, or "3 files".
    pub name: String,
    pub documents: Vec<AnnotatedDocument>,
    /// What reading found, for the notice.
    pub note: String,
    /// The file whose lines did not read, as the user named it (the
    /// corpus's name for one file).
    pub file: String,
    /// Its lines that did not read: the app asks before importing the rest.
    pub broken: Vec<BrokenLine>,
}

/// What importing the rest opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rest {
    /// One document, with its note and warnings: [`PendingImport::accept`].
    Document {
        document: Rc<AnnotatedDocument>,
        note: String,
        report: Rc<ImportReport>,
    },
    /// A corpus, saved in the browser under `id` before its first document
    /// opens (`crate::opening::open_corpus`).
    Corpus { files: Rc<CorpusFiles>, id: String },
    /// A corpus read and saved a part at a time, its record not yet
    /// written: importing the rest writes it and opens the first document
    /// (`crate::opening::corpus::finish_saved`); cancelling deletes its
    /// documents (`discard_saved`).
    SavedCorpus { index: Rc<Index>, note: String },
}

impl PendingImport {
    /// The question: how many lines, the first few, import the rest?
    pub(crate) fn question(&self) -> String {
        let count = self.broken.len();
        let lines = if count == 1 {
            "1 broken line".to_string()
        } else {
            format!("{count} broken lines")
        };
        let listed = self
            .broken
            .iter()
            .take(LISTED)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        let more = match count.saturating_sub(LISTED) {
            0 => String::new(),
            n => format!("; and {n} more"),
        };
        format!(
            "“{}” has {lines} ({listed}{more}). Import the rest? The broken {} left out.",
            self.file,
            if count == 1 { "line is" } else { "lines are" }
        )
    }

    /// The message that imports the rest of a document: the document, its
    /// note, and the broken lines among its warnings. `None` for a corpus,
    /// which is saved before it opens.
    pub(crate) fn accept(&self) -> Option<Msg> {
        match &self.rest {
            Rest::Document {
                document,
                note,
                report,
            } => Some(Msg::LoadOpened {
                document: document.clone(),
                note: note.clone(),
                report: report.clone(),
            }),
            Rest::Corpus { .. } | Rest::SavedCorpus { .. } => None,
        }
    }
}

/// The warnings of the file the current document was opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportReport {
    /// The file's name, as the user chose it.
    pub file: String,
    /// One line each, as the core words them.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// The sentence for the notice: the count and the first few warnings,
    /// and where the rest are; empty without warnings.
    pub(crate) fn summary(&self) -> String {
        let count = self.warnings.len();
        if count == 0 {
            return String::new();
        }
        let listed = self
            .warnings
            .iter()
            .take(LISTED)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        let rest = match count.saturating_sub(LISTED) {
            0 => String::new(),
            more => format!("; and {more} more"),
        };
        let (noun, them) = if count == 1 {
            ("1 warning".to_string(), "it is")
        } else {
            (format!("{count} warnings"), "all are")
        };
        format!(
            " {noun}: {listed}{rest} ({them} listed under “{}”).",
            self.title()
        )
    }

    /// The heading of the full list.
    pub(crate) fn title(&self) -> String {
        format!("Warnings from opening “{}”", self.file)
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::state::{document_from_text, AppState, Dialog, Msg};

    fn report(n: usize) -> ImportReport {
        ImportReport {
            file: "tasks.json".into(),
            warnings: (1..=n).map(|i| format!("warning {i}")).collect(),
        }
    }

    #[test]
    fn no_warnings_say_nothing() {
        assert_eq!(report(0).summary(), "");
    }

    #[test]
    fn one_warning_is_named_in_full() {
        assert_eq!(
            report(1).summary(),
            " 1 warning: warning 1 (it is listed under “Warnings from opening “tasks.json””)."
        );
    }

    #[test]
    fn many_warnings_give_the_count_the_first_few_and_where_the_rest_are() {
        let summary = report(5).summary();
        assert!(
            summary.starts_with(" 5 warnings: warning 1; warning 2; warning 3; and 2 more"),
            "{summary}"
        );
        assert!(!summary.contains("warning 4"), "{summary}");
        assert!(summary.contains("all are listed under"), "{summary}");
    }

    fn opened(report: &ImportReport) -> Msg {
        Msg::LoadOpened {
            document: Rc::new(document_from_text("Other\n\nText.", "o")),
            note: format!("Read from “tasks.json”.{}", report.summary()),
            report: Rc::new(report.clone()),
        }
    }

    #[test]
    fn an_opened_files_warnings_stay_with_its_document_until_another_is_loaded() {
        let mut s = AppState::with_document(document_from_text("Kerry spoke.", "t"));
        s.update(opened(&report(5)));
        assert_eq!(s.document().meta.id, "o");
        assert_eq!(s.import_report.as_deref(), Some(&report(5)));
        let notice = s
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            notice.starts_with("Loaded “Other”. Read from “tasks.json”. 5 warnings: warning 1;"),
            "{notice}"
        );
        s.update(Msg::DismissNotice);
        assert!(s.import_report.is_some(), "the list outlives the notice");
        s.update(Msg::Load(Rc::new(document_from_text("Third", "x"))));
        assert_eq!(s.import_report, None);
    }

    #[test]
    fn keeping_the_current_work_drops_the_waiting_warnings() {
        let mut s = AppState::with_document(document_from_text("Kerry spoke.", "t"));
        s.update(opened(&report(1)));
        let mut work = document_from_text("Kerry spoke.", "w");
        work.annotations.push(attrib_core::Annotation::new(
            "a1",
            attrib_core::Kind::Claim,
            vec![attrib_core::Span::new(0, 5)],
        ));
        s.update(Msg::LoadConfirmed(Rc::new(work)));
        assert_eq!(s.import_report, None, "a document not from that file");
        s.update(opened(&report(2)));
        assert!(matches!(s.dialog, Some(Dialog::ConfirmReplace(_))));
        assert_eq!(s.import_report, None, "not before it is loaded");
        s.update(Msg::CloseDialog);
        assert_eq!(
            (s.load_report.clone(), s.import_report.clone()),
            (None, None)
        );
        assert_eq!(s.document().meta.id, "w");

        // Replacing the work brings the warnings with the document.
        s.update(opened(&report(2)));
        let Some(Dialog::ConfirmReplace(doc)) = s.dialog.clone() else {
            panic!("asks first: {:?}", s.dialog);
        };
        s.update(Msg::LoadConfirmed(doc));
        assert_eq!(s.document().meta.id, "o");
        assert_eq!(s.import_report.as_deref(), Some(&report(2)));
    }

    fn pending(broken: usize) -> PendingImport {
        PendingImport {
            file: "tasks.json".into(),
            rest: Rest::Document {
                document: Rc::new(document_from_text("Other\n\nText.", "o")),
                note: "Read from “a.ann”.".into(),
                report: Rc::new(report(0)),
            },
            broken: (1..=broken)
                .map(|i| BrokenLine {
                    line: i * 7,
                    location: format!("line {}", i * 7),
                    message: format!("problem {i}"),
                })
                .collect(),
        }
    }

    #[test]
    fn the_question_names_the_count_and_the_first_broken_lines() {
        assert_eq!(
            pending(1).question(),
            "“tasks.json” has 1 broken line (line 7: problem 1). Import the rest? The broken \
             line is left out."
        );
        let many = pending(5).question();
        assert!(
            many.starts_with(
                "“tasks.json” has 5 broken lines (line 7: problem 1; line 14: problem 2; \
                 line 21: problem 3; and 2 more)."
            ),
            "{many}"
        );
    }

    #[test]
    fn importing_the_rest_loads_the_document() {
        let mut s = AppState::with_document(document_from_text("Kerry spoke.", "t"));
        let pending = Rc::new(pending(1));
        s.update(Msg::OpenDialog(Dialog::ImportBroken(pending.clone())));
        s.update(pending.accept().expect("a document"));
        assert_eq!(s.document().meta.id, "o");
        assert_eq!(s.dialog, None);
    }
}
