//! Corpora: many documents annotated one after another. Opening several
//! files at once or a zip of them as one corpus ([`open_many`],
//! [`unzip`]), giving every document an id of its own ([`unique_ids`]),
//! counting how far the annotator is ([`Progress`]) and writing a corpus
//! as one zip with a file per document ([`zip_documents`]).
//!
//! A document's status lives in its metadata ([`crate::model::DocStatus`]),
//! so an Attrib JSONL corpus carries it line by line and the app and the
//! CLI read the same statuses.

mod parts;

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};

use crate::formats::open::{self, InputFile, OpenError, OpenOptions, Opened};
use crate::formats::{export, Format, FormatError, Imported};
use crate::model::{AnnotatedDocument, DocStatus};

pub use parts::{finish as finish_parts, read_part, Parts};

/// One document of a corpus as its list shows it, without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Where the document is stored (the app's storage key).
    pub key: String,
    /// The document's own id (unique within the corpus).
    pub doc_id: String,
    pub title: String,
    pub status: DocStatus,
    pub annotations: usize,
}

impl Entry {
    /// The entry of `doc` stored under `key`.
    pub fn of(key: String, doc: &AnnotatedDocument) -> Entry {
        let title = match doc.meta.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => crate::excerpt::snippet(doc.text.text(), 80),
        };
        Entry {
            key,
            doc_id: doc.meta.id.clone(),
            title,
            status: doc.status(),
            annotations: doc.annotations.len(),
        }
    }
}

/// A corpus: its id, its name (the file it came from) and its documents in
/// order. The documents themselves are stored apart, one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub id: String,
    pub name: String,
    pub entries: Vec<Entry>,
}

impl Index {
    /// The index of `docs`, each stored under `{id}/{doc id}`.
    pub fn new(id: &str, name: &str, docs: &[AnnotatedDocument]) -> Index {
        Index {
            id: id.to_string(),
            name: name.to_string(),
            entries: docs
                .iter()
                .map(|d| Entry::of(format!("{id}/{}", d.meta.id), d))
                .collect(),
        }
    }

    /// The positions whose entry differs from `older`'s, the same corpus
    /// before a change (a status or count): what to write back. Every
    /// position when the two are not the same corpus or list.
    pub fn changed_since(&self, older: &Index) -> Vec<usize> {
        let same_list = self.id == older.id
            && self.entries.len() == older.entries.len()
            && self
                .entries
                .iter()
                .zip(&older.entries)
                .all(|(a, b)| a.key == b.key);
        (0..self.entries.len())
            .filter(|&i| !same_list || self.entries[i] != older.entries[i])
            .collect()
    }

    /// Lays entries written since the index was (each with its position)
    /// over it; one whose position or key no longer matches is ignored.
    pub fn lay_over(&mut self, changed: impl IntoIterator<Item = (usize, Entry)>) {
        for (position, entry) in changed {
            if let Some(at) = self.entries.get_mut(position) {
                if at.key == entry.key {
                    *at = entry;
                }
            }
        }
    }

    pub fn progress(&self) -> Progress {
        Progress::of(self.entries.iter().map(|e| e.status))
    }

    /// Where the document with id `doc_id` is.
    pub fn position(&self, doc_id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.doc_id == doc_id)
    }

    /// The first document after `from` (wrapping round) that is not done;
    /// `None` when every document is done.
    pub fn next_not_done(&self, from: Option<usize>) -> Option<usize> {
        let n = self.entries.len();
        let start = from.map_or(0, |i| i + 1);
        (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| self.entries[i].status != DocStatus::Done && Some(i) != from)
    }
}

/// How many documents have each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
}

impl Progress {
    /// Counts `statuses`.
    pub fn of(statuses: impl IntoIterator<Item = DocStatus>) -> Progress {
        let mut progress = Progress::default();
        for status in statuses {
            match status {
                DocStatus::NotStarted => progress.not_started += 1,
                DocStatus::InProgress => progress.in_progress += 1,
                DocStatus::Done => progress.done += 1,
            }
        }
        progress
    }

    pub fn total(&self) -> usize {
        self.not_started + self.in_progress + self.done
    }
}

/// Why a set of files or a zip could not be opened as a corpus.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorpusError {
    /// One of the files could not be opened; `file` names it.
    #[error("{file}: {error}")]
    File { file: String, error: OpenError },
    /// The zip itself is damaged or uses what Attrib does not read.
    #[error("cannot read the zip: {0}")]
    Zip(String),
    /// The zip holds no file Attrib can open.
    #[error("the zip holds no .txt, .md, .html, .json, .jsonl or other annotation file")]
    EmptyZip,
    /// A document could not be written in the chosen format.
    #[error(transparent)]
    Export(FormatError),
}

/// Opens files chosen together. One file, or an annotation file with its
/// `.txt`, opens as [`open::open_files`] does; any other set opens each
/// file on its own and joins their documents in the order given (a corpus
/// file adds all its documents). Ids are made unique ([`unique_ids`]).
pub fn open_many(files: &[InputFile], options: &OpenOptions) -> Result<Opened, CorpusError> {
    if files.len() <= 2 {
        if let Ok(pair) = open::pair(files) {
            if files.len() == 1 || pair.1.is_some() && !both_articles(files) {
                let mut opened =
                    open::open_files(files, options).map_err(|error| CorpusError::File {
                        file: pair.0.name.to_string(),
                        error,
                    })?;
                unique_ids(&mut opened.imported.documents);
                return Ok(opened);
            }
        }
    }
    let opened = open_each(files, options)?.ok_or(CorpusError::File {
        file: String::new(),
        error: OpenError::NoFile,
    })?;
    Ok(opened)
}

/// Opens each of `files` on its own (ids `{id}-1`, `{id}-2`, … for
/// documents without one) and joins their documents in order, with the
/// spans not placed, the broken lines and the warnings of each, named by
/// their file; ids are made unique. `None` when there are no files.
fn open_each(files: &[InputFile], options: &OpenOptions) -> Result<Option<Opened>, CorpusError> {
    let mut imported = Imported::default();
    let mut read_as = None;
    for (i, file) in files.iter().enumerate() {
        let id = format!("{}-{}", options.id, i + 1);
        let one = OpenOptions {
            id: &id,
            text: None,
            ..*options
        };
        let opened = open::open(*file, &one).map_err(|error| CorpusError::File {
            file: file.name.to_string(),
            error,
        })?;
        read_as.get_or_insert(opened.read_as);
        imported.documents.extend(opened.imported.documents);
        imported.unplaced.extend(opened.imported.unplaced);
        imported
            .broken
            .extend(opened.imported.broken.into_iter().map(|mut b| {
                b.location = format!("{}: {}", file.name, b.location);
                b
            }));
        imported.warnings.extend(
            opened
                .imported
                .warnings
                .into_iter()
                .map(|w| format!("{}: {w}", file.name)),
        );
    }
    unique_ids(&mut imported.documents);
    Ok(read_as.map(|read_as| Opened {
        read_as,
        imported,
        text_name: None,
    }))
}

/// Two `.txt` files are two articles, not an annotation file and its text.
fn both_articles(files: &[InputFile]) -> bool {
    files.iter().all(|f| {
        matches!(
            f.extension().as_deref(),
            Some("txt" | "text" | "md" | "markdown" | "html" | "htm")
        )
    })
}

/// Whether `bytes` start as a zip archive does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The files of a zip archive, in archive order, as (name, bytes): folders,
/// hidden files (`.DS_Store`) and macOS resource forks (`__MACOSX/`) are
/// left out. Stored and deflated entries are read.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, CorpusError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| CorpusError::Zip(e.to_string()))?;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| CorpusError::Zip(e.to_string()))?;
        let name = entry.name().to_string();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if entry.is_dir() || name.starts_with("__MACOSX/") || base.starts_with('.') {
            continue;
        }
        let mut contents = Vec::new();
        entry
            .read_to_end(&mut contents)
            .map_err(|e| CorpusError::Zip(format!("{name}: {e}")))?;
        files.push((name, contents));
    }
    if files.is_empty() {
        return Err(CorpusError::EmptyZip);
    }
    Ok(files)
}

/// Opens every file of a zip as one corpus ([`unzip`], then
/// [`open_many`] over the files, each on its own).
pub fn open_zip(bytes: &[u8], options: &OpenOptions) -> Result<Opened, CorpusError> {
    let files = unzip(bytes)?;
    let mut texts = Vec::with_capacity(files.len());
    for (name, contents) in &files {
        let text = open::decode(contents).map_err(|error| CorpusError::File {
            file: name.clone(),
            error,
        })?;
        texts.push(InputFile::new(name, text));
    }
    if texts.len() == 1 {
        return open_many(&texts, options);
    }
    open_each(&texts, options)?.ok_or(CorpusError::EmptyZip)
}

/// Makes the documents' ids unique, keeping the first of each and giving
/// later ones `-2`, `-3`, … (an id stores a document, so two may not share
/// one).
pub fn unique_ids(documents: &mut [AnnotatedDocument]) {
    UniqueIds::default().apply(documents);
}

/// The ids seen so far, for making ids unique across documents read a part
/// at a time ([`unique_ids`] over all of them at once does the same).
#[derive(Debug, Default)]
pub struct UniqueIds {
    seen: HashSet<String>,
}

impl UniqueIds {
    /// Gives each of `documents` an id no earlier document has.
    pub fn apply(&mut self, documents: &mut [AnnotatedDocument]) {
        for doc in documents.iter_mut() {
            if self.seen.insert(doc.meta.id.clone()) {
                continue;
            }
            let base = doc.meta.id.clone();
            let mut n = 2;
            while !self.seen.insert(format!("{base}-{n}")) {
                n += 1;
            }
            doc.meta.id = format!("{base}-{n}");
        }
    }
}

/// A file name made of `id`: letters, digits, `-`, `_` and `.` are kept,
/// anything else becomes `_`; never empty or hidden.
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "document".to_string()
    } else {
        stem.to_string()
    }
}

/// One zip holding every document in `format`, a file (brat: two) per
/// document named by its id, deflated.
pub fn zip_documents(docs: &[AnnotatedDocument], format: Format) -> Result<Vec<u8>, CorpusError> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names: HashSet<String> = HashSet::with_capacity(docs.len());
    for doc in docs {
        let files = export(std::slice::from_ref(doc), format).map_err(CorpusError::Export)?;
        let stem = file_stem(&doc.meta.id);
        // Two ids may differ only in characters a file name cannot hold.
        let mut unique = stem.clone();
        let mut n = 2;
        while files
            .iter()
            .any(|f| names.contains(&format!("{unique}.{}", f.extension)))
        {
            unique = format!("{stem}-{n}");
            n += 1;
        }
        for file in files {
            let name = format!("{unique}.{}", file.extension);
            writer
                .start_file(name.as_str(), options)
                .map_err(|e| CorpusError::Zip(e.to_string()))?;
            writer
                .write_all(file.contents.as_bytes())
                .map_err(|e| CorpusError::Zip(e.to_string()))?;
            names.insert(name);
        }
    }
    let cursor = writer
        .finish()
        .map_err(|e| CorpusError::Zip(e.to_string()))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_lines_of_many_files_and_of_a_zip_are_kept_and_named_by_file() {
        let doc = |id: &str| {
            AnnotatedDocument::new(
                crate::Metadata {
                    id: id.into(),
                    ..crate::Metadata::default()
                },
                crate::Document::new(&format!("Text of {id}.")),
            )
        };
        let good = crate::formats::jsonl::export(&[doc("a1"), doc("a2")])
            .expect("exports")
            .contents;
        let broken = format!(
            "{}{{\"not\": 1}}\n{}",
            crate::formats::jsonl::export(&[doc("b1")])
                .expect("exports")
                .contents,
            crate::formats::jsonl::export(&[doc("b2")])
                .expect("exports")
                .contents
        );
        let files = [
            InputFile::new("a.jsonl", &good),
            InputFile::new("b.jsonl", &broken),
            InputFile::new("c.txt", "An article.\n\nBody."),
        ];
        let opened = open_many(&files, &OpenOptions::new("c")).expect("opens");
        assert_eq!(opened.imported.documents.len(), 5);
        assert_eq!(opened.imported.broken.len(), 1);
        assert_eq!(opened.imported.broken[0].line, 2);
        assert!(
            opened.imported.broken[0]
                .to_string()
                .starts_with("b.jsonl: line 2"),
            "{}",
            opened.imported.broken[0]
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for file in &files {
            zip.start_file(file.name, zip::write::SimpleFileOptions::default())
                .expect("a zip entry");
            zip.write_all(file.contents.as_bytes()).expect("written");
        }
        let bytes = zip.finish().expect("a zip").into_inner();
        let zipped = open_zip(&bytes, &OpenOptions::new("z")).expect("opens");
        assert_eq!(zipped.imported.documents.len(), 5);
        assert_eq!(zipped.imported.broken, opened.imported.broken);
    }

    #[test]
    fn a_changed_status_is_the_only_entry_written_back_and_lays_over_the_record() {
        let docs: Vec<AnnotatedDocument> = (0..5)
            .map(|i| {
                AnnotatedDocument::new(
                    crate::Metadata {
                        id: format!("d{i}"),
                        ..crate::Metadata::default()
                    },
                    crate::Document::new(&format!("Text {i}.")),
                )
            })
            .collect();
        let stored = Index::new("c", "c.jsonl", &docs);
        let mut now = stored.clone();
        assert!(now.changed_since(&stored).is_empty());
        now.entries[3].status = DocStatus::Done;
        now.entries[1].annotations = 2;
        assert_eq!(now.changed_since(&stored), vec![1, 3]);
        let mut read_back = stored.clone();
        let mut foreign = now.entries[0].clone();
        foreign.key = "other/d0".into();
        read_back.lay_over(vec![
            (1, now.entries[1].clone()),
            (3, now.entries[3].clone()),
            (0, foreign),
            (9, now.entries[3].clone()),
        ]);
        assert_eq!(read_back, now);
        let other = Index::new("c2", "c.jsonl", &docs);
        assert_eq!(now.changed_since(&other).len(), 5);
    }
    use crate::model::{Annotation, Kind, Metadata, Span};
    use crate::text::Document;

    fn doc(id: &str, text: &str) -> AnnotatedDocument {
        AnnotatedDocument::new(
            Metadata {
                id: id.into(),
                ..Metadata::default()
            },
            Document::new(text),
        )
    }

    #[test]
    fn a_status_is_derived_from_annotations_until_marked_done() {
        let mut d = doc("a", "Rain fell.");
        assert_eq!(d.status(), DocStatus::NotStarted);
        d.annotations
            .push(Annotation::new("c1", Kind::Claim, vec![Span::new(0, 4)]));
        assert_eq!(d.status(), DocStatus::InProgress);
        d.meta.status = Some(DocStatus::Done);
        assert_eq!(d.status(), DocStatus::Done);
        d.annotations.clear();
        assert_eq!(d.status(), DocStatus::Done);
        assert_eq!(
            DocStatus::from_name("in_progress"),
            Some(DocStatus::InProgress)
        );
        assert_eq!(DocStatus::from_name("finished"), None);
    }

    #[test]
    fn a_jsonl_corpus_carries_each_status_both_ways() {
        let mut done = doc("one", "Rain fell.");
        done.meta.status = Some(DocStatus::Done);
        let docs = vec![done, doc("two", "Snow fell.")];
        let file = crate::formats::jsonl::export(&docs).expect("export");
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(first.contains("\"status\":\"done\""), "{first}");
        assert!(!file
            .contents
            .lines()
            .nth(1)
            .unwrap_or_default()
            .contains("status"));
        let back = crate::formats::jsonl::import(&file.contents, None).expect("import");
        let statuses: Vec<DocStatus> = back.documents.iter().map(|d| d.status()).collect();
        assert_eq!(statuses, vec![DocStatus::Done, DocStatus::NotStarted]);
        assert_eq!(
            Progress::of(statuses),
            Progress {
                not_started: 1,
                in_progress: 0,
                done: 1
            }
        );
    }

    #[test]
    fn an_unknown_status_is_an_error_naming_the_line() {
        let line = crate::formats::jsonl::export(&[doc("one", "Rain.")])
            .expect("export")
            .contents
            .replace("\"id\":\"one\"", "\"id\":\"one\",\"status\":\"finished\"");
        let err = crate::formats::jsonl::import(&line, None).expect_err("unknown status");
        assert!(err.to_string().contains("line 1, document.status"), "{err}");
    }

    #[test]
    fn several_articles_open_as_one_corpus_with_unique_ids() {
        let files = [
            InputFile::new("a.txt", "First headline\n\nBody one."),
            InputFile::new("b.txt", "Second headline\n\nBody two."),
            InputFile::new("c.md", "# Third\n\nBody three."),
        ];
        let opened = open_many(&files, &OpenOptions::new("doc")).expect("open");
        let ids: Vec<&str> = opened
            .imported
            .documents
            .iter()
            .map(|d| d.meta.id.as_str())
            .collect();
        assert_eq!(ids, vec!["doc-1", "doc-2", "doc-3"]);
        assert_eq!(
            opened.imported.documents[1].meta.title.as_deref(),
            Some("Second headline")
        );
    }

    #[test]
    fn an_annotation_file_with_its_text_still_opens_as_one_document() {
        let text = "Kerry said it.";
        let ann = "T1\tMention 0 5\tKerry\n";
        let files = [InputFile::new("a.ann", ann), InputFile::new("a.txt", text)];
        let opened = open_many(&files, &OpenOptions::new("doc")).expect("open");
        assert_eq!(opened.imported.documents.len(), 1);
        assert_eq!(opened.imported.documents[0].annotations.len(), 1);
    }

    #[test]
    fn a_file_that_cannot_be_opened_is_named() {
        let files = [
            InputFile::new("a.txt", "One."),
            InputFile::new("b.json", "{\"x\": 1}"),
            InputFile::new("c.txt", "Two."),
        ];
        let err = open_many(&files, &OpenOptions::new("doc")).expect_err("unknown json");
        assert!(
            err.to_string().starts_with("b.json: JSON, but not"),
            "{err}"
        );
    }

    #[test]
    fn doccano_text_lines_open_as_a_corpus() {
        let lines = "{\"id\": 7, \"text\": \"One.\", \"label\": []}\n\
                     {\"text\": \"Two.\", \"meta\": {\"src\": \"x\"}}\n";
        let opened = open_many(
            &[InputFile::new("d.jsonl", lines)],
            &OpenOptions::new("doc"),
        )
        .expect("open");
        assert_eq!(opened.imported.documents.len(), 2);
        let ids: HashSet<&str> = opened
            .imported
            .documents
            .iter()
            .map(|d| d.meta.id.as_str())
            .collect();
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn duplicate_ids_get_a_number() {
        let mut docs = vec![doc("a", "1"), doc("a", "2"), doc("a-2", "3"), doc("a", "4")];
        unique_ids(&mut docs);
        let ids: Vec<&str> = docs.iter().map(|d| d.meta.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "a-2", "a-2-2", "a-3"]);
    }

    #[test]
    fn a_corpus_zipped_per_document_opens_again_as_the_same_documents() {
        let mut one = doc("news/one", "Rain fell, Kerry said.");
        one.annotations
            .push(Annotation::new("c1", Kind::Claim, vec![Span::new(0, 9)]));
        one.meta.status = Some(DocStatus::Done);
        let mut docs = vec![one, doc("two", "Snow fell.")];
        for d in &mut docs {
            d.meta.title = Some(format!("Title of {}", d.meta.id));
        }
        let bytes = zip_documents(&docs, Format::Native).expect("zip");
        assert!(is_zip(&bytes));
        let names: Vec<String> = unzip(&bytes)
            .expect("unzip")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, vec!["news_one.json", "two.json"]);
        let opened = open_zip(&bytes, &OpenOptions::new("doc")).expect("open zip");
        assert_eq!(opened.imported.documents, docs);
    }

    #[test]
    fn brat_gives_two_files_per_document_in_the_zip() {
        let bytes =
            zip_documents(&[doc("a", "One."), doc("b", "Two.")], Format::Brat).expect("zip");
        let names: Vec<String> = unzip(&bytes)
            .expect("unzip")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names.len(), 4);
        assert!(names.contains(&"a.ann".to_string()) && names.contains(&"b.txt".to_string()));
    }

    #[test]
    fn a_damaged_zip_is_an_error_not_a_panic() {
        let bytes = zip_documents(&[doc("a", "One.")], Format::Native).expect("zip");
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(unzip(cut), Err(CorpusError::Zip(_))));
        assert!(!is_zip(b"{\"text\": 1}"));
    }

    #[test]
    fn an_index_lists_documents_and_finds_the_next_not_done() {
        let mut docs = vec![doc("a", "One."), doc("b", "Two."), doc("c", "Three.")];
        docs[1].meta.status = Some(DocStatus::Done);
        docs[2].meta.title = Some("Third".into());
        let mut index = Index::new("corpus-1", "news.jsonl", &docs);
        assert_eq!(index.entries[0].key, "corpus-1/a");
        assert_eq!(index.entries[0].title, "One.");
        assert_eq!(index.entries[2].title, "Third");
        assert_eq!(index.position("c"), Some(2));
        assert_eq!(index.next_not_done(Some(0)), Some(2));
        assert_eq!(index.next_not_done(Some(2)), Some(0));
        assert_eq!(index.next_not_done(None), Some(0));
        for e in &mut index.entries {
            e.status = DocStatus::Done;
        }
        assert_eq!(index.next_not_done(Some(1)), None);
        assert_eq!(index.progress().done, 3);
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("../etc/passwd"), "_etc_passwd");
        assert_eq!(file_stem(""), "document");
        assert_eq!(file_stem(".hidden"), "hidden");
    }
}
