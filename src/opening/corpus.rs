//! Opening a corpus: a file holding more than one document (Attrib JSONL,
//! doccano lines of `{"text": …}`, Label Studio tasks, CSV), several files
//! chosen or dropped at once, or a zip of files. The core reads them
//! ([`attrib_core::corpus`]); this module checks every document, saves the
//! corpus in the browser one document per record, opens its first document
//! and words what happened. A corpus that cannot be opened leaves the
//! current work untouched.

use std::rc::Rc;

use attrib_core::corpus::{self, CorpusError, Index};
use attrib_core::formats::open::{self, InputFile, OpenOptions, Opened as CoreOpened, WebPage};
use attrib_core::formats::BrokenLine;
use attrib_core::AnnotatedDocument;
use web_sys::File;
use yew::prelude::*;

use super::{open_error, ReadFile, UNCHANGED};
use crate::browser::files::read_bytes;
use crate::browser::html::html_to_text;
use crate::browser::storage::{self, Store};
use crate::state::plural;
use crate::state::{CorpusMsg, Msg};

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
    let total = opened.imported.documents.len();
    let mut documents = Vec::with_capacity(total);
    let mut left_out = Vec::new();
    for doc in opened.imported.documents {
        let problems = attrib_core::validate::validate(&doc);
        if problems.is_empty() {
            documents.push(doc);
        } else {
            left_out.push(format!("“{}” ({})", doc.meta.id, problems[0]));
        }
    }
    if documents.is_empty() {
        return Err(format!(
            "Could not open “{name}”: none of its {} can be opened; the first, {}. Fix the file \
             (`attrib validate` lists every problem) and open it again. {UNCHANGED}",
            plural(total, "document", "documents"),
            left_out.first().cloned().unwrap_or_default()
        ));
    }
    let mut note = format!(
        "Opened the corpus “{name}”: {}, read as {}.",
        plural(documents.len(), "document", "documents"),
        opened.read_as.label()
    );
    if !left_out.is_empty() {
        note.push_str(&format!(
            " {} left out because of problems (`attrib validate` lists them): {}{}.",
            plural(left_out.len(), "document was", "documents were"),
            left_out
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
            if left_out.len() > 3 { "; …" } else { "" }
        ));
    }
    if !opened.imported.broken.is_empty() {
        let broken = &opened.imported.broken;
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
    if !opened.imported.unplaced.is_empty() {
        note.push_str(&format!(
            " {} could not be placed in the text and {} left out.",
            plural(opened.imported.unplaced.len(), "span", "spans"),
            if opened.imported.unplaced.len() == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    Ok(CorpusFiles {
        file: name.clone(),
        name,
        documents,
        note,
        broken: opened.imported.broken,
    })
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
    if let Err(e) = store.save_corpus(&index, &files.documents, &progress).await {
        return dispatch.emit(Msg::error(format!(
            "Could not save the corpus “{}” in this browser: {e}. {UNCHANGED}",
            files.name
        )));
    }
    let Some(first) = index.entries.first() else {
        return;
    };
    match storage::open_document(&first.key).await {
        Ok(Some(loaded)) => dispatch.emit(Msg::Corpus(CorpusMsg::Opened {
            index: Rc::new(index),
            workspace: Rc::new(loaded.workspace),
            note: files.note,
        })),
        Ok(None) => dispatch.emit(Msg::error(format!(
            "The corpus “{}” was saved, but its first document cannot be read back. {UNCHANGED}",
            files.name
        ))),
        Err(e) => dispatch.emit(Msg::error(format!(
            "The corpus “{}” was saved, but its first document could not be opened: {e}.",
            files.name
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
