//! Opening a corpus: a file holding more than one document (Attrib JSONL,
//! doccano lines of `{"text": …}`, Label Studio tasks, CSV), several files
//! chosen or dropped at once, or a zip of files. The core reads them
//! ([`attrib_core::corpus`]); this module checks every document, saves the
//! corpus in the browser one document per record, opens its first document
//! and words what happened. A corpus that cannot be opened leaves the
//! current work untouched.

use std::rc::Rc;

use attrib_core::corpus::{
    self, finish_parts, read_part, CorpusError, Entry, Index, Parts, UniqueIds,
};
use attrib_core::formats::open::{
    self, InputFile, OpenOptions, Opened as CoreOpened, ReadAs, WebPage,
};
use attrib_core::formats::{BrokenLine, Format, Imported};
use attrib_core::limits::thousands;
use attrib_core::AnnotatedDocument;
use web_sys::File;
use yew::prelude::*;

use super::{open_error, ReadFile, UNCHANGED};
use crate::browser::files::read_bytes;
use crate::browser::html::html_to_text;
use crate::browser::perf::{after_paint, next_tick, Span};
use crate::browser::storage::{self, Store};
use crate::state::plural;
use crate::state::{CorpusFiles, CorpusMsg, Dialog, Msg, PendingImport, Rest};

/// Whether the files are a corpus, and if so its documents or why they
/// cannot be opened. `None` when the files hold one document (or an
/// annotation file with its text): the single-document flow opens those.
pub(super) fn corpus_in(files: &[ReadFile], id: &str) -> Option<Result<CorpusFiles, String>> {
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|f| InputFile::new(&f.name, &f.contents))
        .collect();
    let pairable = files.len() == 1 || (files.len() == 2 && open::pair(&inputs).is_ok());
    let reader = |html: &str| -> WebPage { html_to_text(html) };
    let options = OpenOptions {
        html_to_text: Some(&reader),
        ..OpenOptions::new(id)
    };
    let opened = corpus::open_many(&inputs, &options);
    let name = match files {
        [one] => one.name.clone(),
        many => format!("{} files", many.len()),
    };
    match opened {
        // One document, or an error the single-document flow words better.
        Ok(o) if pairable && o.imported.documents.len() <= 1 => None,
        Err(_) if pairable => None,
        Ok(o) => Some(checked(name, o)),
        Err(err) => Some(Err(corpus_error(&inputs, err))),
    }
}

/// Reads a zip the user chose and opens its files as one corpus.
pub(super) async fn zip_in(file: &File, id: &str) -> Result<CorpusFiles, String> {
    let name = file.name();
    let bytes = read_bytes(file)
        .await
        .map_err(|why| format!("Could not open “{name}”: {why}. {UNCHANGED}"))?;
    let reader = |html: &str| -> WebPage { html_to_text(html) };
    let options = OpenOptions {
        html_to_text: Some(&reader),
        ..OpenOptions::new(id)
    };
    match corpus::open_zip(&bytes, &options) {
        Ok(opened) => checked(name, opened),
        Err(CorpusError::File { file, error }) => Err(open_error(
            &InputFile::new(&format!("{name}: {file}"), ""),
            error,
        )),
        Err(err) => Err(format!(
            "Could not open “{name}”: {}. Make a zip of .txt, .md, .html or annotation files \
             (Attrib JSON, JSONL, doccano, Label Studio) and open it again. {UNCHANGED}",
            err
        )),
    }
}

/// Keeps the documents the workspace accepts and says how many were left
/// out and why (the first few).
fn checked(name: String, opened: CoreOpened) -> Result<CorpusFiles, String> {
    let mut tally = Tally::default();
    let documents = tally.check(opened.imported);
    let note = tally.note(&name, documents.len(), opened.read_as.label())?;
    Ok(CorpusFiles {
        file: name.clone(),
        name,
        documents,
        note,
        broken: tally.broken,
    })
}

/// What reading a corpus found so far, part by part: how many documents
/// were read, those left out for problems, the lines that did not read
/// and the spans not placed.
#[derive(Debug, Default)]
struct Tally {
    read: usize,
    left_out: Vec<String>,
    broken: Vec<BrokenLine>,
    unplaced: usize,
}

impl Tally {
    /// The documents of `imported` the workspace accepts; the rest counted.
    fn check(&mut self, imported: Imported) -> Vec<AnnotatedDocument> {
        self.read += imported.documents.len();
        self.broken.extend(imported.broken);
        self.unplaced += imported.unplaced.len();
        let mut documents = Vec::with_capacity(imported.documents.len());
        for doc in imported.documents {
            let problems = attrib_core::validate::validate(&doc);
            if problems.is_empty() {
                documents.push(doc);
            } else {
                self.left_out
                    .push(format!("“{}” ({})", doc.meta.id, problems[0]));
            }
        }
        documents
    }

    /// The notice for a corpus of `kept` documents read as `read_as`, or
    /// the message refusing it when none could be opened.
    fn note(&self, name: &str, kept: usize, read_as: &str) -> Result<String, String> {
        if kept == 0 {
            return Err(format!(
                "Could not open “{name}”: none of its {} can be opened; the first, {}. Fix the \
                 file (`attrib validate` lists every problem) and open it again. {UNCHANGED}",
                plural(self.read, "document", "documents"),
                self.left_out.first().cloned().unwrap_or_default()
            ));
        }
        let mut note = format!(
            "Opened the corpus “{name}”: {}, read as {read_as}.",
            plural(kept, "document", "documents"),
        );
        if !self.left_out.is_empty() {
            note.push_str(&format!(
                " {} left out because of problems (`attrib validate` lists them): {}{}.",
                plural(self.left_out.len(), "document was", "documents were"),
                self.left_out
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                if self.left_out.len() > 3 { "; …" } else { "" }
            ));
        }
        if !self.broken.is_empty() {
            let broken = &self.broken;
            note.push_str(&format!(
                " {} did not read and {} left out: {}{}.",
                plural(broken.len(), "line", "lines"),
                if broken.len() == 1 { "was" } else { "were" },
                broken
                    .iter()
                    .take(3)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
                if broken.len() > 3 { "; …" } else { "" }
            ));
        }
        if self.unplaced > 0 {
            note.push_str(&format!(
                " {} could not be placed in the text and {} left out.",
                plural(self.unplaced, "span", "spans"),
                if self.unplaced == 1 { "was" } else { "were" }
            ));
        }
        Ok(note)
    }
}

fn corpus_error(inputs: &[InputFile], err: CorpusError) -> String {
    match err {
        CorpusError::File { file, error } => {
            let input = inputs
                .iter()
                .find(|i| i.name == file)
                .copied()
                .unwrap_or(InputFile::new(&file, ""));
            let message = open_error(&input, error);
            format!("{message} The other files were not opened either.")
        }
        other => format!("Could not open the files: {other}. {UNCHANGED}"),
    }
}

/// Bytes of an Attrib JSONL corpus read, checked and saved at a time: some
/// 150 news articles, far under 200 ms of work on a slow machine.
const PART_BYTES: usize = 384 * 1024;

/// Whether `files` are one Attrib JSONL corpus of more than one line and
/// more than one part (`PART_BYTES`),
/// which [`open_in_parts`] opens.
pub(super) fn in_parts(files: &[ReadFile]) -> bool {
    let [file] = files else {
        return false;
    };
    let input = InputFile::new(&file.name, &file.contents);
    // A file of one part reads whole: quick, and a single document in it
    // opens as a document, not as a corpus of one.
    file.contents.len() > PART_BYTES
        && open::read_as(&input, None) == Ok(ReadAs::Format(Format::Jsonl))
        && Parts::count_lines(&file.contents) > 1
}

/// Opens an Attrib JSONL corpus a part at a time: each part is read,
/// checked and saved in one transaction, the notice says how many
/// documents are read and saved so far, and the page gets the main thread
/// back between parts, so even 10,000 documents open without freezing it.
/// A file that cannot be opened leaves nothing behind (the documents
/// already saved are deleted) and says why; the corpus opens at its first
/// document once every part is saved.
pub(super) async fn open_in_parts(file: ReadFile, id: &str, dispatch: Callback<Msg>) {
    let ReadFile { name, contents } = file;
    let total = Parts::count_lines(&contents);
    let store = Store::app();
    let mut ids = UniqueIds::default();
    let mut tally = Tally::default();
    let mut entries: Vec<Entry> = Vec::with_capacity(total);
    let span = Span::start("attrib: corpus read and store");
    let say = |done: usize| {
        dispatch.emit(Msg::info(format!(
            "Opening the corpus “{name}”: {} of {} {} read and saved…",
            thousands(done),
            thousands(total),
            if total == 1 { "document" } else { "documents" }
        )))
    };
    if total > 500 {
        say(0);
        after_paint().await;
    }
    for (k, (first, part)) in Parts::new(&contents, PART_BYTES).enumerate() {
        let part_id = if k == 0 {
            id.to_string()
        } else {
            format!("{id}-p{k}")
        };
        let read = match read_part(part, first, &part_id, &mut ids) {
            Ok(read) => read,
            Err(error) => {
                return give_up(
                    &store,
                    &entries,
                    open_error(&InputFile::new(&name, ""), error),
                    &dispatch,
                )
                .await
            }
        };
        let documents = tally.check(read);
        let part_entries: Vec<Entry> = documents
            .iter()
            .map(|d| Entry::of(format!("{id}/{}", d.meta.id), d))
            .collect();
        let keys: Vec<&str> = part_entries.iter().map(|e| e.key.as_str()).collect();
        if let Err(e) = store.save_documents(&keys, &documents).await {
            let message =
                format!("Could not save the corpus “{name}” in this browser: {e}. {UNCHANGED}");
            return give_up(&store, &entries, message, &dispatch).await;
        }
        entries.extend(part_entries);
        if total > 500 {
            say(tally.read);
        }
        next_tick().await;
    }
    span.end();
    if let Some(error) = finish_parts(tally.read, &tally.broken) {
        let message = open_error(&InputFile::new(&name, ""), error);
        return give_up(&store, &entries, message, &dispatch).await;
    }
    let note = match tally.note(&name, entries.len(), ReadAs::Format(Format::Jsonl).label()) {
        Ok(note) => note,
        Err(message) => return give_up(&store, &entries, message, &dispatch).await,
    };
    let index = Index {
        id: id.to_string(),
        name: name.clone(),
        entries,
    };
    if !tally.broken.is_empty() {
        // Some lines did not read: its documents are saved, but the corpus
        // opens only if the user says to import the rest (else they are
        // deleted again), as for one document.
        return dispatch.emit(Msg::OpenDialog(Dialog::ImportBroken(Rc::new(
            PendingImport {
                file: name,
                broken: tally.broken,
                rest: Rest::SavedCorpus {
                    index: Rc::new(index),
                    note,
                },
            },
        ))));
    }
    finish_saved(index, note, dispatch).await;
}

/// Opens a corpus whose documents are saved: writes its record and opens
/// its first document.
pub(crate) async fn finish_saved(index: Index, note: String, dispatch: Callback<Msg>) {
    let store = Store::app();
    let name = index.name.clone();
    if let Err(e) = store.put_corpus(&index, true).await {
        let message =
            format!("Could not save the corpus “{name}” in this browser: {e}. {UNCHANGED}");
        return give_up(&store, &index.entries, message, &dispatch).await;
    }
    open_first(index, note, &dispatch).await;
}

/// Deletes the saved documents of a corpus the user chose not to import.
pub(crate) async fn discard_saved(index: Index) {
    let keys: Vec<String> = index.entries.iter().map(|e| e.key.clone()).collect();
    let _ = Store::app().delete_documents(&keys).await;
}

/// Deletes a saved corpus with its documents and statuses (the user was
/// asked first), after the autosave has written the document shown, so
/// nothing writes one back. Says what went, or why nothing did.
pub(crate) async fn delete_saved(index: &Index) -> Result<String, String> {
    let _ = storage::flush().await;
    match Store::app().delete_corpus(index).await {
        Ok(()) => Ok(format!(
            "Deleted the corpus “{}” and its {} from this browser.",
            index.name,
            plural(index.entries.len(), "document", "documents")
        )),
        Err(e) => Err(format!(
            "Could not delete the corpus “{}”: {e}. Nothing was deleted.",
            index.name
        )),
    }
}

/// Deletes what a corpus that could not be opened had saved, and says why.
async fn give_up(store: &Store, saved: &[Entry], message: String, dispatch: &Callback<Msg>) {
    let keys: Vec<String> = saved.iter().map(|e| e.key.clone()).collect();
    let _ = store.delete_documents(&keys).await;
    dispatch.emit(Msg::error(message));
}

/// Saves the corpus in the browser (a record per document, in batches,
/// saying how far it is) and opens its first document.
pub(super) async fn save_and_open(files: CorpusFiles, id: &str, dispatch: Callback<Msg>) {
    let total = files.documents.len();
    let index = Index::new(id, &files.name, &files.documents);
    let store = Store::app();
    let name = files.name.clone();
    let say = dispatch.clone();
    let progress = move |done: usize| {
        if total > 500 && done < total {
            say.emit(Msg::info(format!(
                "Saving the corpus “{name}” in this browser: {done} of {total} documents…"
            )));
        }
    };
    let span = Span::start("attrib: corpus store");
    let saved = store.save_corpus(&index, &files.documents, &progress).await;
    span.end();
    if let Err(e) = saved {
        return dispatch.emit(Msg::error(format!(
            "Could not save the corpus “{}” in this browser: {e}. {UNCHANGED}",
            files.name
        )));
    }
    open_first(index, files.note, &dispatch).await;
}

/// Opens the first document of the saved corpus `index` and works on the
/// corpus, with `note` as the notice.
async fn open_first(index: Index, note: String, dispatch: &Callback<Msg>) {
    let Some(first) = index.entries.first() else {
        return;
    };
    let span = Span::start("attrib: corpus first document");
    let first = storage::open_document(&first.key).await;
    span.end();
    match first {
        Ok(Some(loaded)) => dispatch.emit(Msg::Corpus(CorpusMsg::Opened {
            index: Rc::new(index),
            workspace: Rc::new(loaded.workspace),
            note,
        })),
        Ok(None) => dispatch.emit(Msg::error(format!(
            "The corpus “{}” was saved, but its first document cannot be read back. {UNCHANGED}",
            index.name
        ))),
        Err(e) => dispatch.emit(Msg::error(format!(
            "The corpus “{}” was saved, but its first document could not be opened: {e}.",
            index.name
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, contents: &str) -> ReadFile {
        ReadFile {
            name: name.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn one_article_is_not_a_corpus_but_three_are() {
        assert!(corpus_in(&[read("a.txt", "Headline\n\nBody.")], "doc").is_none());
        let three = [
            read("a.txt", "One\n\nBody."),
            read("b.txt", "Two\n\nBody."),
            read("c.txt", "Three\n\nBody."),
        ];
        let found = corpus_in(&three, "doc").expect("a corpus").expect("opens");
        assert_eq!(found.name, "3 files");
        assert_eq!(found.documents.len(), 3);
        assert!(found
            .note
            .starts_with("Opened the corpus “3 files”: 3 documents"));
    }

    #[test]
    fn doccano_text_lines_are_a_corpus() {
        let lines =
            "{\"text\": \"First text.\", \"id\": 1}\n{\"text\": \"Second.\", \"label\": []}\n";
        let found = corpus_in(&[read("d.jsonl", lines)], "doc")
            .expect("a corpus")
            .expect("opens");
        assert_eq!(found.documents.len(), 2);
    }

    #[test]
    fn a_bad_file_among_many_is_named_and_nothing_opens() {
        let files = [
            read("a.txt", "One."),
            read("b.json", "{\"x\": 1}"),
            read("c.txt", "Two."),
        ];
        let err = corpus_in(&files, "doc")
            .expect("a corpus")
            .expect_err("bad");
        assert!(err.starts_with("Could not open “b.json”"), "{err}");
        assert!(err.contains("unchanged"), "{err}");
    }
}
