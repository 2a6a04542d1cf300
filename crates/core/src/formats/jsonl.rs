//! The JSONL corpus: one Attrib document per line, each line a compact
//! native export (see [`super::native`]), so a corpus can be
//! streamed, split and concatenated with line tools.
//!
//! Errors name the line (`line 3, annotations[0].spans[1].end`). Blank lines
//! are skipped; a line that does not read is left out and listed in
//! [`Imported::broken`] while the others read.

use super::native::{self, NativeFile};
use super::probe::Probe;
use super::{BrokenLine, Format, FormatError, Imported, OutputFile};
use crate::model::AnnotatedDocument;

/// One line per document, in order; the file ends with a line break.
pub fn export(docs: &[AnnotatedDocument]) -> Result<OutputFile, FormatError> {
    let mut contents = String::new();
    for (i, doc) in docs.iter().enumerate() {
        let file = NativeFile::from_document(doc).map_err(|e| at_document(e, i, doc))?;
        let line = serde_json::to_string(&file).map_err(|e| FormatError::Unsupported {
            format: Format::Jsonl,
            message: e.to_string(),
        })?;
        contents.push_str(&line);
        contents.push('\n');
    }
    Ok(OutputFile {
        extension: "jsonl",
        mime: "application/jsonl",
        contents,
    })
}

/// Reads every line as a native document. `text` replaces the document's
/// text (re-anchoring its spans) and is only accepted for a one-document
/// corpus.
pub fn import(input: &str, text: Option<&str>) -> Result<Imported, FormatError> {
    let lines = input.lines().filter(|l| !l.trim().is_empty()).count();
    if text.is_some() && lines > 1 {
        return Err(FormatError::Unsupported {
            format: Format::Jsonl,
            message: format!(
                "one text was given for {lines} documents; each line carries its own text"
            ),
        });
    }
    let imported = import_lines(input, 1, text);
    if let Some(first) = too_broken(&imported) {
        return Err(first);
    }
    Ok(imported)
}

/// Reads the lines of `input`, the first of which is line `first_line` of
/// its file, each as a native document; a line that does not read is left
/// out and listed in [`Imported::broken`] under its line in the file. Used
/// whole by [`import`], and a part at a time by a reader that keeps the
/// page responsive ([`crate::corpus::LineChunks`]), which then applies
/// [`too_broken`] to the whole.
pub fn import_lines(input: &str, first_line: usize, text: Option<&str>) -> Imported {
    let mut imported = Imported::default();
    for (i, line) in input.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let number = first_line + i;
        let read = NativeFile::parse(line).and_then(|file| file.into_document(text));
        match read.map_err(|e| at_line(e, number)) {
            Ok((doc, unplaced)) => {
                imported.documents.push(doc);
                imported.unplaced.extend(unplaced);
            }
            // A broken line is left out while the others read; a file of
            // nothing but broken lines is the first one's error.
            Err(err) => imported.broken.push(BrokenLine::from_error(number, err)),
        }
    }
    imported
}

/// More broken lines than good ones is not a corpus with a broken line but
/// something else: the first broken line's error, to refuse the file with.
pub fn too_broken(imported: &Imported) -> Option<FormatError> {
    imported
        .broken
        .first()
        .filter(|_| imported.broken.len() > imported.documents.len())
        .map(|first| first.clone().into_error(Format::Jsonl))
}

/// Whether `input` looks like a corpus: its first non-blank line is an
/// Attrib export on its own.
pub fn looks_like(input: &str) -> bool {
    Probe::of(input).first_line().is_some_and(native::is_native)
}

fn at_line(err: FormatError, number: usize) -> FormatError {
    match err {
        FormatError::Syntax {
            location, message, ..
        } => {
            // A line is one JSON document, so its own "line 1" is this line.
            let location = if let Some(column) = location.strip_prefix("line 1, ") {
                format!("line {number}, {column}")
            } else if let Some(path) = location
                .strip_suffix(')')
                .and_then(|l| l.split_once(" (line 1, "))
            {
                format!("line {number}, {} ({})", path.0, path.1)
            } else {
                format!("line {number}, {location}")
            };
            FormatError::Syntax {
                format: Format::Jsonl,
                location,
                message,
            }
        }
        other => other,
    }
}

fn at_document(err: FormatError, index: usize, doc: &AnnotatedDocument) -> FormatError {
    match err {
        FormatError::Unsupported { message, .. } => FormatError::Unsupported {
            format: Format::Jsonl,
            message: format!("document {} ({}): {message}", index + 1, doc.meta.id),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Kind, Metadata, Span};
    use crate::text::Document;

    fn doc(id: &str, text: &str) -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: id.into(),
                ..Metadata::default()
            },
            Document::new(text),
        );
        doc.annotations
            .push(Annotation::new("a1", Kind::Claim, vec![Span::new(0, 4)]));
        doc
    }

    #[test]
    fn writes_one_compact_document_per_line() {
        let docs = vec![doc("one", "Rain\nfell."), doc("two", "Snow 😀 fell.")];
        let file = export(&docs).expect("export");
        let lines: Vec<&str> = file.contents.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("{\"format\":\"attrib\",\"version\":1,"));
        assert!(file.contents.ends_with('\n'));
        assert!(looks_like(&file.contents));
        let imported = import(&file.contents, None).expect("import");
        assert_eq!(imported.documents, docs);
    }

    #[test]
    fn a_broken_line_is_left_out_and_named_by_its_line_and_path() {
        let docs = vec![doc("one", "Rain fell."), doc("two", "Snow fell.")];
        let contents = export(&docs).expect("export").contents;
        let broken =
            contents
                .replacen("\"end\":4", "\"end\":-4", 2)
                .replacen("\"end\":-4", "\"end\":4", 1);
        // One broken line of two: left out, and named.
        let imported = import(&format!("\n{broken}"), None).expect("the good line reads");
        assert_eq!(imported.documents, docs[..1]);
        let [line] = &imported.broken[..] else {
            panic!("one broken line: {:?}", imported.broken);
        };
        assert_eq!(line.line, 3);
        assert!(
            line.location
                .starts_with("line 3, annotations[0].spans[0].end (column "),
            "{line}"
        );
        // Nothing but broken lines: the first one's error.
        let err = import("{\"format\": ", None).expect_err("truncated line");
        assert!(
            err.to_string()
                .starts_with("jsonl: at line 1, format (column 11): EOF"),
            "{err}"
        );
        let err = import("{\"format\":\"attrib\",\"version\":7}", None).expect_err("v7");
        assert!(
            err.to_string().starts_with("jsonl: at line 1, version:"),
            "{err}"
        );
    }

    #[test]
    fn a_separate_text_applies_to_a_single_document_only() {
        let one = export(&[doc("one", "Rain fell.")])
            .expect("export")
            .contents;
        let imported = import(&one, Some("Then Rain fell.")).expect("import");
        assert_eq!(
            imported.documents[0].annotations[0].spans,
            vec![Span::new(5, 9)]
        );
        let two = export(&[doc("one", "Rain."), doc("two", "Snow.")])
            .expect("export")
            .contents;
        assert!(matches!(
            import(&two, Some("text")),
            Err(FormatError::Unsupported { .. })
        ));
    }

    #[test]
    fn an_empty_corpus_is_empty() {
        assert_eq!(export(&[]).expect("export").contents, "");
        assert_eq!(import("\n\n", None).expect("import"), Imported::default());
    }
}
