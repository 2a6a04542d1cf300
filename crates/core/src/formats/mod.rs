//! File formats: one module per format, each with export and import, plus
//! format detection. Every format but doccano and Label Studio counts offsets
//! in Unicode code points; those two count UTF-16 code units in their files
//! and are converted on the way in and out.

use std::fmt;

pub mod anchor;
pub mod brat;
pub mod csv;
pub mod doccano;
pub mod jsonl;
pub mod label_studio;
pub mod native;
pub mod w3c;

#[cfg(test)]
pub(crate) mod testgen;

use crate::model::{AnnotatedDocument, Span};
use crate::text::{Document, Newlines};

/// Every format attrib-core reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Attrib's own versioned JSON (`"format": "attrib", "version": 1`).
    Native,
    /// W3C Web Annotation JSON-LD (an AnnotationCollection).
    W3c,
    /// brat standoff: a `.txt` and an `.ann` file.
    Brat,
    /// doccano sequence-labelling JSONL (UTF-16 offsets).
    Doccano,
    /// Label Studio JSON tasks with predictions/annotations (UTF-16 offsets).
    LabelStudio,
    /// A corpus: one native document per line.
    Jsonl,
    /// One row per annotation, for spreadsheets.
    Csv,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Native,
        Format::W3c,
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
        Format::Jsonl,
        Format::Csv,
    ];

    /// The name used on the command line and in the app (`--to json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "json",
            Format::W3c => "w3c",
            Format::Brat => "brat",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    /// A human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            Format::Native => "Attrib JSON",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Brat => "brat standoff (.txt + .ann)",
            Format::Doccano => "doccano JSONL",
            Format::LabelStudio => "Label Studio JSON",
            Format::Jsonl => "JSONL corpus",
            Format::Csv => "CSV (one row per annotation)",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether files in this format carry the document text themselves.
    pub fn carries_text(self) -> bool {
        !matches!(self, Format::W3c | Format::Brat)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One file an export produces. Most formats produce one; brat produces the
/// `.txt` and the `.ann`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File extension without the dot: "json", "ann", "txt", "jsonl", "csv".
    pub extension: &'static str,
    /// MIME type for downloads.
    pub mime: &'static str,
    pub contents: String,
}

/// A span of an imported file that could not be placed in the text without
/// guessing; it is listed, never moved silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// The annotation it belonged to.
    pub annotation_id: String,
    /// The exact text the file said the span held.
    pub exact: String,
    /// Where the file put it.
    pub original: Span,
    /// Why it could not be placed: "not found" or "found N times".
    pub reason: String,
}

/// What an import yields: the documents, and any spans left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub documents: Vec<AnnotatedDocument>,
    pub unplaced: Vec<Unplaced>,
}

/// An import or export failure, saying where in the input and what was
/// expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The input is not well-formed for the format: `location` is a JSON
    /// path (`annotations[3].spans[0].start`), a line (`line 12`) or a
    /// CSV record.
    #[error("{format}: at {location}: {message}")]
    Syntax {
        format: Format,
        location: String,
        message: String,
    },
    /// The format could not be recognised from the input.
    #[error("cannot tell the format: {0}")]
    Unknown(String),
    /// The format needs the document text and none was given.
    #[error("{0} files do not carry the article text; give the text file too")]
    NeedsText(Format),
    /// Something the format cannot express (several documents in a
    /// single-document format, say).
    #[error("{format}: {message}")]
    Unsupported { format: Format, message: String },
}

/// Builds a document from text read out of a file, recording that its line
/// breaks were normalised when either the file says so or `text` itself
/// still needed it (the same rule as deserialising a [`Document`]).
pub(crate) fn document_with_newlines(text: &str, newlines: Newlines) -> Document {
    use serde::de::value::{Error, MapDeserializer};
    use serde::Deserialize;
    let flag = match newlines {
        Newlines::Lf => "lf",
        Newlines::NormalisedLf => "normalised-lf",
    };
    let fields = [("text", text), ("newlines", flag)];
    Document::deserialize(MapDeserializer::<_, Error>::new(fields.into_iter()))
        .unwrap_or_else(|_| Document::new(text))
}

/// A JSON error as a [`FormatError`]: the JSON path when there is one, the
/// line and column when the JSON itself is broken.
pub(crate) fn json_error(
    format: Format,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> FormatError {
    let path = err.path().to_string();
    let inner = err.inner();
    let mut message = inner.to_string();
    if inner.line() > 0 {
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
    }
    let location = match (path.as_str(), inner.line()) {
        ("." | "", 0) => "the top level".to_string(),
        ("." | "", line) => format!("line {line}, column {}", inner.column()),
        (path, 0) => path.to_string(),
        (path, line) => format!("{path} (line {line}, column {})", inner.column()),
    };
    FormatError::Syntax {
        format,
        location,
        message,
    }
}

/// The export error for a span that does not lie inside the text.
pub(crate) fn span_outside(
    format: Format,
    doc: &AnnotatedDocument,
    annotation_id: &str,
    span: Span,
) -> FormatError {
    FormatError::Unsupported {
        format,
        message: format!(
            "annotation {annotation_id}: span {span} lies outside the text ({} code points); \
             fix the document before exporting",
            doc.text.len_chars()
        ),
    }
}
