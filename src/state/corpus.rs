//! The corpus open now, under `AppState::corpus`: its index (every
//! document's title, status and annotation count), which document is shown,
//! which one the user asked for next, and the list's filter. The reducer
//! only decides; `hooks/corpus.rs` loads the document asked for from
//! storage and writes the index back when it changes.
//!
//! A document's status follows the core's rule ([`DocStatus::derive`]):
//! "in progress" from its first annotation, "done" when the annotator marks
//! it (stored in the document's metadata, so exports and `attrib stats`
//! see it too, and undo takes it back).

use std::rc::Rc;

use attrib_core::corpus::Index;
use attrib_core::model::DocStatus;
use attrib_core::workspace::{Action, Workspace};

use super::{info, plural, AppState};

/// A corpus being worked through.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CorpusView {
    pub index: Rc<Index>,
    /// The position of the document shown, when it is one of the corpus.
    pub current: Option<usize>,
    /// The document asked for and not shown yet, with a request number, so
    /// asking again for the same one is seen as a new request.
    pub wanted: Option<(usize, u64)>,
    /// Only documents with this status are listed.
    pub status_filter: Option<DocStatus>,
    /// Only documents whose title holds this (case-insensitively) are listed.
    pub text_filter: String,
    /// Bumped by every change to the index, which is then written back.
    pub changes: u64,
}

impl CorpusView {
    pub fn new(index: Rc<Index>) -> Self {
        CorpusView {
            index,
            current: None,
            wanted: None,
            status_filter: None,
            text_filter: String::new(),
            changes: 0,
        }
    }

    /// The positions the list shows, in order.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.text_filter.trim().to_lowercase();
        self.index
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.status_filter.is_none_or(|s| e.status == s))
            .filter(|(_, e)| needle.is_empty() || e.title.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect()
    }
}

/// What deleting the corpus `index` removes, as the question asks it.
pub(crate) fn delete_question(index: &Index) -> String {
    let p = index.progress();
    let annotations: usize = index.entries.iter().map(|e| e.annotations).sum();
    format!(
        "Delete the corpus “{}” from this browser? This removes its {} ({} done, {} in \
         progress) with their {} and statuses, and it cannot be undone. Export the corpus \
         first to keep a copy.",
        index.name,
        plural(index.entries.len(), "document", "documents"),
        p.done,
        p.in_progress,
        plural(annotations, "annotation", "annotations"),
    )
}

/// Where to go in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Next,
    Previous,
    NextNotDone,
    To(usize),
}

/// What the corpus list and keys send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CorpusMsg {
    /// A corpus was saved and its first document loaded: work on it.
    Opened {
        index: Rc<Index>,
        workspace: Rc<Workspace>,
        note: String,
    },
    /// The corpus open when the page was last left, read back.
    Restored(Rc<Index>),
    /// Ask for another document; the corpus hook loads it.
    Go(Step),
    /// The document asked for, loaded from storage.
    Show(Rc<Workspace>),
    /// Loading the document asked for failed (the message says why).
    NotShown(String),
    /// Marks the document shown done, or takes "done" back.
    ToggleDone,
    FilterStatus(Option<DocStatus>),
    FilterText(String),
    /// Stop working on the corpus (its documents stay saved).
    Close,
    /// The corpus and its documents were deleted from the browser (the
    /// message says what was removed): the sample article is shown.
    Deleted(String),
}

impl AppState {
    pub(super) fn corpus_update(&mut self, msg: CorpusMsg) {
        match msg {
            CorpusMsg::Opened {
                index,
                workspace,
                note,
            } => {
                let save = self.save.clone();
                *self = AppState::with_workspace((*workspace).clone());
                self.save = save;
                self.corpus = Some(CorpusView::new(index));
                self.notice = Some(info(note));
            }
            CorpusMsg::Restored(index) => {
                let mut view = CorpusView::new(index);
                if let Some(old) = &self.corpus {
                    view.status_filter = old.status_filter;
                    view.text_filter = old.text_filter.clone();
                }
                self.corpus = Some(view);
            }
            CorpusMsg::Go(step) => self.corpus_go(step),
            CorpusMsg::Show(workspace) => {
                let corpus = self.corpus.take();
                let teaching = std::mem::take(&mut self.teaching);
                let save = self.save.clone();
                *self = AppState::with_workspace((*workspace).clone());
                self.save = save;
                self.teaching = teaching;
                self.corpus = corpus;
                if let Some(c) = &mut self.corpus {
                    c.wanted = None;
                    let doc_id = &self.workspace.document().meta.id;
                    c.current = c.index.position(doc_id);
                    if let Some(i) = c.current {
                        self.notice = Some(info(format!(
                            "Document {} of {}: “{}”.",
                            i + 1,
                            c.index.entries.len(),
                            c.index.entries[i].title
                        )));
                    }
                }
            }
            CorpusMsg::NotShown(message) => {
                if let Some(c) = &mut self.corpus {
                    c.wanted = None;
                }
                self.notice = Some(super::Notice {
                    level: super::NoticeLevel::Error,
                    text: message,
                });
            }
            CorpusMsg::ToggleDone => self.toggle_done(),
            CorpusMsg::FilterStatus(status) => {
                if let Some(c) = &mut self.corpus {
                    c.status_filter = status;
                }
            }
            CorpusMsg::FilterText(text) => {
                if let Some(c) = &mut self.corpus {
                    c.text_filter = text;
                }
            }
            CorpusMsg::Deleted(message) => {
                // A fresh start on the sample, as a first visit has: the
                // deleted document's history goes with it.
                let save = self.save.clone();
                *self = AppState::default();
                self.save = save;
                // A new document to the autosave (as a loaded one is), so
                // it is never written under a deleted document's key.
                self.revision = 1;
                self.notice = Some(info(message));
            }
            CorpusMsg::Close => {
                if self.corpus.take().is_some() {
                    self.notice = Some(info("Closed the corpus; its documents stay in Documents."));
                }
            }
        }
    }

    fn corpus_go(&mut self, step: Step) {
        let Some(c) = &mut self.corpus else {
            return;
        };
        let n = c.index.entries.len();
        if n == 0 {
            return;
        }
        let from = c.wanted.map(|(i, _)| i).or(c.current);
        let target = match step {
            Step::Next => match from {
                Some(i) if i + 1 >= n => {
                    self.notice = Some(info("This is the last document of the corpus."));
                    return;
                }
                Some(i) => i + 1,
                None => 0,
            },
            Step::Previous => match from {
                Some(0) => {
                    self.notice = Some(info("This is the first document of the corpus."));
                    return;
                }
                Some(i) => i - 1,
                None => 0,
            },
            Step::NextNotDone => match c.index.next_not_done(from) {
                Some(i) => i,
                None => {
                    self.notice = Some(info(
                        "Every other document of the corpus is done.".to_string(),
                    ));
                    return;
                }
            },
            Step::To(i) if i < n => i,
            Step::To(_) => return,
        };
        if Some(target) == c.current && c.wanted.is_none() {
            return;
        }
        let request = c.wanted.map_or(0, |(_, r)| r) + 1;
        c.wanted = Some((target, request));
    }

    fn toggle_done(&mut self) {
        if self.corpus.as_ref().and_then(|c| c.current).is_none() {
            self.notice = Some(info(
                "The document shown is not one of the corpus: open one from the list first.",
            ));
            return;
        }
        let mut meta = self.document().meta.clone();
        let done = self.document().status() == DocStatus::Done;
        meta.status = if done { None } else { Some(DocStatus::Done) };
        let success = if done {
            "No longer marked done."
        } else {
            "Marked done."
        };
        if self.edit(|ws| ws.apply(Action::SetMetadata { meta })) {
            self.notice = Some(info(success));
        }
    }

    /// Brings the index's entry for the document shown up to date (its
    /// status and annotation count) and finds where it is in the corpus.
    pub(super) fn sync_corpus(&mut self) {
        let doc = self.workspace.document();
        let Some(c) = &mut self.corpus else {
            return;
        };
        let at = match c.current {
            Some(i)
                if c.index
                    .entries
                    .get(i)
                    .is_some_and(|e| e.doc_id == doc.meta.id) =>
            {
                Some(i)
            }
            _ => c.index.position(&doc.meta.id),
        };
        c.current = at;
        let Some(i) = at else {
            return;
        };
        let entry = &c.index.entries[i];
        let status = doc.status();
        let count = doc.annotations.len();
        if entry.status != status || entry.annotations != count {
            let index = Rc::make_mut(&mut c.index);
            index.entries[i].status = status;
            index.entries[i].annotations = count;
            c.changes += 1;
        }
    }
}

/// "3 of 10 documents done".
pub(crate) fn progress_text(index: &Index) -> String {
    let p = index.progress();
    format!(
        "{} of {} done",
        p.done,
        plural(p.total(), "document", "documents")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{document_from_text, Msg};
    use attrib_core::model::{Kind, Span};

    fn corpus_state(n: usize) -> AppState {
        let docs: Vec<_> = (0..n)
            .map(|i| document_from_text(&format!("Headline {i}\n\nBody {i}."), &format!("d{i}")))
            .collect();
        let index = Rc::new(Index::new("c1", "news.jsonl", &docs));
        let mut s = AppState::default();
        let workspace = Rc::new(Workspace::new(docs[0].clone()).expect("workspace"));
        s.update(Msg::Corpus(CorpusMsg::Opened {
            index,
            workspace,
            note: "Opened.".into(),
        }));
        s
    }

    fn show(s: &mut AppState, i: usize) {
        let doc = document_from_text(&format!("Headline {i}\n\nBody {i}."), &format!("d{i}"));
        let ws = Rc::new(Workspace::new(doc).expect("workspace"));
        s.update(Msg::Corpus(CorpusMsg::Show(ws)));
    }

    #[test]
    fn opening_a_corpus_shows_its_first_document() {
        let s = corpus_state(3);
        let c = s.corpus.as_ref().expect("corpus");
        assert_eq!(c.current, Some(0));
        assert_eq!(progress_text(&c.index), "0 of 3 documents done");
    }

    #[test]
    fn next_and_previous_ask_for_the_neighbour_and_stop_at_the_ends() {
        let mut s = corpus_state(3);
        s.update(Msg::Corpus(CorpusMsg::Go(Step::Previous)));
        assert_eq!(s.corpus.as_ref().and_then(|c| c.wanted), None);
        assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("first")));
        s.update(Msg::Corpus(CorpusMsg::Go(Step::Next)));
        assert_eq!(s.corpus.as_ref().and_then(|c| c.wanted), Some((1, 1)));
        // A second press before the first document arrived goes one further.
        s.update(Msg::Corpus(CorpusMsg::Go(Step::Next)));
        assert_eq!(s.corpus.as_ref().and_then(|c| c.wanted), Some((2, 2)));
        show(&mut s, 2);
        let c = s.corpus.as_ref().expect("corpus");
        assert_eq!((c.current, c.wanted), (Some(2), None));
        assert!(s
            .notice
            .as_ref()
            .is_some_and(|n| n.text == "Document 3 of 3: “Headline 2”."));
        s.update(Msg::Corpus(CorpusMsg::Go(Step::Next)));
        assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("last")));
    }

    #[test]
    fn the_first_annotation_puts_a_document_in_progress_and_done_is_marked() {
        let mut s = corpus_state(3);
        s.update(Msg::Apply(Action::AddAnnotation {
            annotation: attrib_core::Annotation::new("c1", Kind::Claim, vec![Span::new(0, 8)]),
        }));
        let c = s.corpus.as_ref().expect("corpus");
        assert_eq!(c.index.entries[0].status, DocStatus::InProgress);
        assert_eq!(c.index.entries[0].annotations, 1);
        let changes = c.changes;
        s.update(Msg::Corpus(CorpusMsg::ToggleDone));
        let c = s.corpus.as_ref().expect("corpus");
        assert_eq!(c.index.entries[0].status, DocStatus::Done);
        assert_eq!(s.document().meta.status, Some(DocStatus::Done));
        assert!(c.changes > changes);
        s.update(Msg::Corpus(CorpusMsg::Go(Step::NextNotDone)));
        assert_eq!(s.corpus.as_ref().and_then(|c| c.wanted), Some((1, 1)));
        // Undo takes "done" back.
        s.update(Msg::Undo);
        let c = s.corpus.as_ref().expect("corpus");
        assert_eq!(c.index.entries[0].status, DocStatus::InProgress);
    }

    #[test]
    fn a_deleted_corpus_is_gone_and_the_sample_is_shown() {
        let mut s = corpus_state(3);
        s.update(Msg::Corpus(CorpusMsg::Deleted("Deleted.".into())));
        assert!(s.corpus.is_none());
        assert_eq!(s.document().meta.id, "sample");
        assert!(s.notice.as_ref().is_some_and(|n| n.text == "Deleted."));
    }

    #[test]
    fn the_filter_lists_by_status_and_title() {
        let mut s = corpus_state(12);
        s.update(Msg::Corpus(CorpusMsg::ToggleDone));
        s.update(Msg::Corpus(CorpusMsg::FilterStatus(Some(
            DocStatus::NotStarted,
        ))));
        assert_eq!(s.corpus.as_ref().map(|c| c.visible().len()), Some(11));
        s.update(Msg::Corpus(CorpusMsg::FilterText("headline 1".into())));
        assert_eq!(
            s.corpus.as_ref().map(CorpusView::visible),
            Some(vec![1, 10, 11])
        );
    }

    #[test]
    fn loading_another_file_ends_the_corpus_but_restoring_a_document_keeps_it() {
        let mut s = corpus_state(2);
        let other = Workspace::new(document_from_text("Other\n\nText.", "x")).expect("ws");
        s.update(Msg::Restore(Rc::new(other)));
        let c = s.corpus.as_ref().expect("kept");
        assert_eq!(c.current, None);
        s.update(Msg::LoadConfirmed(Rc::new(document_from_text("New", "n"))));
        assert!(s.corpus.is_none());
    }
}
