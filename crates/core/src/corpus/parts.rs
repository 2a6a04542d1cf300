//! Reading a big Attrib JSONL corpus a part at a time, so a caller that
//! must stay responsive (the app's page) can do other work between parts:
//! [`Parts`] cuts the file into runs of whole lines of about a given size,
//! [`read_part`] reads one run as [`crate::formats::open::open`] reads the
//! whole file (every line a document, a broken line left out under its
//! line in the file, the limits checked, what a document lacks filled in,
//! ids unique across parts), and [`Parts::finish`]'s rule refuses a file
//! with more broken lines than good ones, as reading it whole does.

use crate::formats::jsonl;
use crate::formats::open::{self, OpenError};
use crate::formats::{FormatError, Imported};
use crate::limits;

use super::UniqueIds;

/// The runs of whole lines of a file, each about `size` bytes (a line
/// longer than that is a run of its own), with the file's number of its
/// first line.
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    rest: &'a str,
    next_line: usize,
    size: usize,
}

impl<'a> Parts<'a> {
    /// The parts of `contents` (a byte-order mark is dropped).
    pub fn new(contents: &'a str, size: usize) -> Self {
        Parts {
            rest: contents.strip_prefix('\u{feff}').unwrap_or(contents),
            next_line: 1,
            size: size.max(1),
        }
    }

    /// How many lines hold something (the documents a corpus will have at
    /// most), counted without reading them.
    pub fn count_lines(contents: &str) -> usize {
        contents.lines().filter(|l| !l.trim().is_empty()).count()
    }
}

impl<'a> Iterator for Parts<'a> {
    /// The part's first line (1-based, in the file) and its text.
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        // The part ends after the first line break at or past `size`
        // bytes (a line break is one byte and never inside a character).
        let from = self.size.min(self.rest.len()) - 1;
        let end = self.rest.as_bytes()[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.rest.len(), |at| from + at + 1);
        let (part, rest) = self.rest.split_at(end);
        let first = self.next_line;
        self.next_line += part.matches('\n').count();
        self.rest = rest;
        Some((first, part))
    }
}

/// Reads one part of an Attrib JSONL corpus (from [`Parts`]): its
/// documents, with what they lack filled in (ids from `id`), ids made
/// unique against every part read before through `ids`, and its broken
/// lines under their line in the file. A document over a limit refuses
/// the file, as reading it whole does.
pub fn read_part(
    part: &str,
    first_line: usize,
    id: &str,
    ids: &mut UniqueIds,
) -> Result<Imported, OpenError> {
    let mut imported = jsonl::import_lines(part, first_line, None);
    for document in &imported.documents {
        limits::check_text(document.text.text()).map_err(OpenError::TooBig)?;
        limits::check_annotations(document.annotations.len()).map_err(OpenError::TooBig)?;
    }
    open::fill_metadata(&mut imported.documents, id, None);
    ids.apply(&mut imported.documents);
    Ok(imported)
}

/// After every part is read: the error refusing the file when it had
/// more broken lines than good ones (or none that read), as reading it
/// whole gives.
pub fn finish(documents: usize, broken: &[crate::formats::BrokenLine]) -> Option<OpenError> {
    let whole = Imported {
        documents: Vec::new(),
        broken: broken.first().cloned().into_iter().collect(),
        ..Imported::default()
    };
    if documents == 0 && broken.is_empty() {
        return Some(OpenError::NoDocuments);
    }
    if broken.len() > documents {
        return jsonl::too_broken(&whole).map(|e: FormatError| OpenError::Import(e));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::open::{InputFile, OpenOptions};
    use crate::model::{AnnotatedDocument, Metadata};
    use crate::Document;

    fn corpus(n: usize) -> String {
        let docs: Vec<AnnotatedDocument> = (1..=n)
            .map(|i| {
                AnnotatedDocument::new(
                    Metadata {
                        id: if i % 3 == 0 {
                            "same".into()
                        } else {
                            format!("d{i}")
                        },
                        ..Metadata::default()
                    },
                    Document::new(&format!("Headline {i}\n\nBody {i}.")),
                )
            })
            .collect();
        jsonl::export(&docs).expect("exports").contents
    }

    fn read_in_parts(contents: &str, size: usize) -> (Vec<AnnotatedDocument>, Vec<usize>) {
        let mut ids = UniqueIds::default();
        let mut docs = Vec::new();
        let mut broken = Vec::new();
        for (k, (first, part)) in Parts::new(contents, size).enumerate() {
            let id = if k == 0 {
                "c".to_string()
            } else {
                format!("c-p{k}")
            };
            let read = read_part(part, first, &id, &mut ids).expect("reads");
            docs.extend(read.documents);
            broken.extend(read.broken.iter().map(|b| b.line));
        }
        (docs, broken)
    }

    #[test]
    fn parts_are_whole_lines_and_cover_the_file() {
        let text = "a\nbb\n\nccc\nd";
        for size in 1..12 {
            let parts: Vec<_> = Parts::new(text, size).collect();
            assert_eq!(parts.iter().map(|p| p.1).collect::<String>(), text);
            let mut at = 0;
            for (first, part) in &parts {
                let before = text[..at].matches('\n').count();
                assert_eq!(*first, before + 1, "size {size}: {parts:?}");
                at += part.len();
            }
            assert!(parts[..parts.len() - 1].iter().all(|p| p.1.ends_with('\n')));
        }
        assert_eq!(Parts::count_lines(text), 4);
    }

    #[test]
    fn reading_in_parts_gives_what_reading_whole_gives() {
        let mut contents = corpus(40);
        // A broken line in the middle, line 41 of the file.
        let mut lines: Vec<&str> = contents.lines().collect();
        lines.insert(20, "{\"not\": \"a document\"}");
        contents = lines.join("\n");
        let whole = super::super::open_many(
            &[InputFile::new("c.jsonl", &contents)],
            &OpenOptions::new("c"),
        )
        .expect("opens whole");
        for size in [1, 100, 1_000, 100_000] {
            let (docs, broken) = read_in_parts(&contents, size);
            let ids: Vec<_> = docs.iter().map(|d| d.meta.id.clone()).collect();
            let whole_ids: Vec<_> = whole
                .imported
                .documents
                .iter()
                .map(|d| d.meta.id.clone())
                .collect();
            assert_eq!(ids, whole_ids, "size {size}");
            assert_eq!(
                docs.iter()
                    .map(|d| d.meta.title.clone())
                    .collect::<Vec<_>>(),
                whole
                    .imported
                    .documents
                    .iter()
                    .map(|d| d.meta.title.clone())
                    .collect::<Vec<_>>()
            );
            assert_eq!(broken, vec![21], "size {size}");
            assert_eq!(whole.imported.broken[0].line, 21);
        }
    }

    #[test]
    fn mostly_broken_or_empty_is_refused_as_whole() {
        let broken: Vec<_> = jsonl::import_lines("x\ny\n", 1, None).broken;
        assert!(matches!(finish(1, &broken), Some(OpenError::Import(_))));
        assert_eq!(finish(2, &broken), None);
        assert_eq!(finish(0, &[]), Some(OpenError::NoDocuments));
    }
}
