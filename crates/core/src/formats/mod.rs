//! File formats: one module per format, each with export and import, plus
//! format detection. Every format but doccano and Label Studio counts offsets
//! in Unicode code points; those two count UTF-16 code units in their files
//! and are converted on the way in and out.

use std::fmt;

pub mod anchor;
pub mod brat;
pub mod csv;
pub mod doccano;
pub(crate) mod json_path;
pub(crate) mod json_tree;
pub mod jsonl;
pub mod label_studio;
pub(crate) mod mentions;
pub mod native;
pub mod open;
pub(crate) mod probe;
pub(crate) mod regions;
pub(crate) mod utf16;
pub mod w3c;

#[cfg(test)]
mod all_formats;
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
    /// W3C, brat's `.ann` and CSV do not: importing them needs the text.
    pub fn carries_text(self) -> bool {
        !matches!(self, Format::W3c | Format::Brat | Format::Csv)
    }

    /// Whether one file of this format can hold several documents.
    pub fn holds_many(self) -> bool {
        matches!(
            self,
            Format::Doccano | Format::LabelStudio | Format::Jsonl | Format::Csv
        )
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
    /// Where the file put it (`0..0` when the file gave only its text).
    pub original: Span,
    /// Why it could not be placed: "not found" or "found N times, context
    /// does not decide" (see [`anchor`]); a cue's reason starts with "cue: ".
    /// An annotation with an unplaced content span is left out whole; one
    /// with an unplaced cue is kept without the cue.
    pub reason: String,
}

/// What an import yields: the documents, any spans left out, and warnings
/// about what the file holds that was not read (Label Studio predictions
/// beside the annotation read, results that are not text spans, relations
/// and document labels no annotation takes), one line each, naming where.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub documents: Vec<AnnotatedDocument>,
    pub unplaced: Vec<Unplaced>,
    pub warnings: Vec<String>,
    /// Lines of a line-based file (a brat `.ann`, a JSONL corpus, a CSV)
    /// that could not be read and were left out while the rest was read; a
    /// file none of whose lines read is an error instead. Callers word them
    /// as warnings, ask before using the rest, or refuse (`--strict`).
    pub broken: Vec<BrokenLine>,
}

/// A line of a file that could not be read, and was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLine {
    /// 1-based line in the file.
    pub line: usize,
    /// Where in the file, as an import error names it ("line 7", "line 7,
    /// column start").
    pub location: String,
    /// What is wrong with it.
    pub message: String,
}

impl BrokenLine {
    /// The line `line` that `err` refused.
    pub fn from_error(line: usize, err: FormatError) -> BrokenLine {
        match err {
            FormatError::Syntax {
                location, message, ..
            } => BrokenLine {
                line,
                location,
                message,
            },
            other => BrokenLine {
                line,
                location: format!("line {line}"),
                message: other.to_string(),
            },
        }
    }

    /// The error for a file none of whose lines could be read.
    pub fn into_error(self, format: Format) -> FormatError {
        FormatError::Syntax {
            format,
            location: self.location,
            message: self.message,
        }
    }
}

impl fmt::Display for BrokenLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
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

/// Exports `docs` in `format`. Formats that hold one document (native
/// JSON, W3C, brat) need exactly one and say so otherwise; brat gives two
/// files (`.txt` and `.ann`), every other format one.
pub fn export(docs: &[AnnotatedDocument], format: Format) -> Result<Vec<OutputFile>, FormatError> {
    match format {
        Format::Native => Ok(vec![native::export(single(docs, format)?)?]),
        Format::W3c => Ok(vec![w3c::export(single(docs, format)?)?]),
        Format::Brat => brat::export(single(docs, format)?),
        Format::Doccano => Ok(vec![doccano::export(docs)?]),
        Format::LabelStudio => Ok(vec![label_studio::export(docs)?]),
        Format::Jsonl => Ok(vec![jsonl::export(docs)?]),
        Format::Csv => Ok(vec![csv::export(docs)?]),
    }
}

fn single(docs: &[AnnotatedDocument], format: Format) -> Result<&AnnotatedDocument, FormatError> {
    match docs {
        [doc] => Ok(doc),
        [] => Err(FormatError::Unsupported {
            format,
            message: "nothing to export: no document was given".to_string(),
        }),
        many => Err(FormatError::Unsupported {
            format,
            message: format!(
                "{} holds one document and {} were given; export them as {} (jsonl), \
                 or one file per document",
                format.label(),
                many.len(),
                Format::Jsonl.label()
            ),
        }),
    }
}

/// Imports `input`, detecting its format when `format` is `None`.
///
/// `text` is the document text for the formats that do not carry it (W3C,
/// brat's `.ann`, CSV: [`FormatError::NeedsText`] without it). Given with
/// native JSON or a one-document JSONL corpus, it replaces the file's text
/// and spans are re-anchored where it differs. doccano and Label Studio
/// files carry their own text and refuse another. Plain text is not a
/// format: callers turn a `.txt` into a document themselves.
///
/// A byte order mark at the start of `input` (as Windows tools write one)
/// marks the encoding, not the content, and is skipped, as detection does.
///
/// In every format but Attrib's own JSON and JSONL, a mention that names no
/// speaker is given the speaker its text names (an existing one with that
/// name or alias, else a new one), with a warning: other tools mark where
/// a person is named without saying who, and Attrib requires who.
pub fn import(
    input: &str,
    format: Option<Format>,
    text: Option<&str>,
) -> Result<Imported, FormatError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let format = match format {
        Some(format) => format,
        None => detect(input).ok_or_else(|| {
            FormatError::Unknown(
                "not Attrib JSON or JSONL, W3C Web Annotation, doccano, Label Studio, \
                 brat standoff or Attrib CSV (a header starting document_id,annotation_id,kind); \
                 name the format explicitly"
                    .to_string(),
            )
        })?,
    };
    let own_text_only = |format: Format| match text {
        Some(_) => Err(FormatError::Unsupported {
            format,
            message: format!(
                "{} files carry their own text; a separate text is not used",
                format.label()
            ),
        }),
        None => Ok(()),
    };
    let mut imported = match format {
        Format::Native => native::import(input, text),
        Format::W3c => w3c::import(input, text),
        Format::Brat => brat::import(input, text.ok_or(FormatError::NeedsText(Format::Brat))?),
        Format::Doccano => {
            own_text_only(format)?;
            doccano::import(input)
        }
        Format::LabelStudio => {
            own_text_only(format)?;
            label_studio::import(input)
        }
        Format::Jsonl => jsonl::import(input, text),
        Format::Csv => csv::import(input, text),
    }?;
    // Other tools mark where a person is named without saying who: such a
    // mention takes the speaker its text names (see `mentions`). Attrib's
    // own JSON is read as written.
    if !matches!(format, Format::Native | Format::Jsonl) {
        for doc in &mut imported.documents {
            imported.warnings.extend(mentions::name_their_speakers(doc));
        }
    }
    Ok(imported)
}

/// Tells the format of `input` from its content, or `None`:
///
/// - native: one JSON object with `"format": "attrib"`, whether written
///   over several lines (as Attrib writes it) or on one line (as a
///   minifier writes it);
/// - JSONL: several lines that are each such an object (a file named
///   `.jsonl` holding one such line is a corpus of one: see
///   [`open::read_as`]; either way it imports as the same document);
/// - W3C: a JSON object (or an array of them) with the Web Annotation
///   `@context` or an Annotation, AnnotationPage or AnnotationCollection
///   `type`;
/// - Label Studio: a JSON array of tasks with `data` and `annotations` or
///   `predictions`;
/// - doccano: JSON lines with `text` and `label` or `entities`;
/// - CSV: a header row starting `document_id,annotation_id,kind`;
/// - brat: lines such as `T1<TAB>Quote 0 5<TAB>…`.
pub fn detect(input: &str) -> Option<Format> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let trimmed = input.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return detect_json(&probe::Probe::of(trimmed));
    }
    if csv::looks_like(input) {
        Some(Format::Csv)
    } else if brat::looks_like(input) {
        Some(Format::Brat)
    } else {
        None
    }
}

/// Tells a JSON file's format from its first value (one parse: see
/// [`probe`]). One Attrib object, on one line or many, is one document;
/// only further lines make a corpus.
pub(crate) fn detect_json(probe: &probe::Probe) -> Option<Format> {
    let whole = probe.whole();
    if whole.is_some_and(native::is_native) {
        Some(Format::Native)
    } else if probe.first_line().is_some_and(native::is_native) {
        Some(Format::Jsonl)
    } else if whole
        .and_then(probe::Shape::first_object)
        .is_some_and(w3c::is_web_annotation)
    {
        Some(Format::W3c)
    } else if whole.is_some_and(label_studio::is_tasks) {
        Some(Format::LabelStudio)
    } else if probe.first_line().is_some_and(doccano::is_record) {
        Some(Format::Doccano)
    } else {
        None
    }
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

/// [`document_with_newlines`] of `raw`, given `doc`, the
/// `Document::new(raw)` already made: `doc` itself when that is the same
/// document, so that the text is not copied and indexed a second time.
pub(crate) fn reuse_with_newlines(doc: Document, raw: &str, newlines: Newlines) -> Document {
    if doc.newlines() == Newlines::NormalisedLf || doc.newlines() == newlines {
        doc
    } else {
        document_with_newlines(raw, newlines)
    }
}

/// Undoes `%XX` escapes (two hex digits each); `None` for a malformed
/// escape or a result that is not UTF-8. brat references and W3C ids both
/// escape this way, each escaping its own set of characters.
pub(crate) fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The most characters of a refused value an error message quotes.
const QUOTED_VALUE_MAX: usize = 80;

/// A JSON error as a [`FormatError`]: the JSON path when there is one, the
/// line and column when the JSON itself is broken; a long value it quotes
/// is cut short.
pub(crate) fn json_error(format: Format, err: json_path::PathError) -> FormatError {
    // A `?` marks a position that cannot be named (the end of the input, a
    // stray comma): leave that segment out.
    let full = err.path().to_string();
    let path = match full.as_str() {
        "?" => "",
        p => p.strip_suffix(".?").unwrap_or(p),
    };
    let inner = err.inner();
    let mut message = inner.to_string();
    if inner.line() > 0 {
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
    }
    // serde quotes the value it refuses in full: a megabyte-long one would
    // fill the user's screen.
    let message = crate::excerpt::shorten_quoted(&message, QUOTED_VALUE_MAX);
    let location = match (path, inner.line()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::kerry;
    use proptest::prelude::*;

    /// The fixture's text, for the formats that do not carry it.
    fn text() -> String {
        kerry().text.text().to_string()
    }

    #[test]
    fn percent_decoding_takes_two_hex_digits_and_gives_utf8() {
        assert_eq!(percent_decode("a%20b%E2%80%9C").as_deref(), Some("a b“"));
        assert_eq!(percent_decode("plain").as_deref(), Some("plain"));
        for bad in ["%ZZ", "%+f", "%2", "%", "%FF"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_at_an_unnameable_place_give_the_line_not_a_question_mark() {
        let input = "{\"format\": \"attrib\", \"version\": 1,\n\"document\": {\"text\": \"x\",}\n}";
        let err = import(input, Some(Format::Native), None).unwrap_err();
        let FormatError::Syntax { location, .. } = &err else {
            panic!("expected a syntax error, got {err:?}");
        };
        assert!(!location.contains('?'), "{location}");
        assert!(location.contains("line 2"), "{location}");
    }

    /// The shared fixture under the id `id`.
    fn sample(id: &str) -> AnnotatedDocument {
        let mut doc = kerry();
        doc.meta.id = id.into();
        doc
    }

    #[test]
    fn detects_every_format_from_its_own_export() {
        let one = [sample("one")];
        let two = [sample("one"), sample("two")];
        for format in Format::ALL {
            let docs: &[AnnotatedDocument] = if format.holds_many() { &two } else { &one };
            let files = export(docs, format).expect("export");
            let main = files
                .iter()
                .find(|f| f.extension != "txt")
                .expect("a file other than the text");
            assert_eq!(detect(&main.contents), Some(format), "{format}");
        }
    }

    #[test]
    fn detects_a_corpus_apart_from_a_single_document() {
        let one = export(&[sample("one")], Format::Jsonl).expect("export");
        assert_eq!(
            detect(&one[0].contents),
            Some(Format::Native),
            "one line is one document"
        );
        let native = export(&[sample("one")], Format::Native).expect("export");
        assert_eq!(detect(&native[0].contents), Some(Format::Native));
        assert_eq!(
            import(&one[0].contents, None, None).expect("jsonl"),
            import(&native[0].contents, None, None).expect("native"),
            "one line or many, the same document"
        );
        let two = export(&[sample("one"), sample("two")], Format::Jsonl).expect("export");
        assert_eq!(detect(&two[0].contents), Some(Format::Jsonl));
        assert_eq!(
            import(&two[0].contents, None, None)
                .expect("import")
                .documents
                .len(),
            2
        );
    }

    #[test]
    fn mentions_from_other_tools_that_name_no_speaker_import_valid() {
        let text = "Kerry met Lavrov. Kerry spoke.";
        let w3c = r#"[
          {"type": "Annotation", "body": {"purpose": "tagging", "value": "mention"},
           "target": {"selector": {"type": "TextPositionSelector", "start": 0, "end": 5}}},
          {"type": "Annotation", "body": {"purpose": "tagging", "value": "mention"},
           "target": {"selector": {"type": "TextQuoteSelector", "exact": "Lavrov"}}},
          {"type": "Annotation", "body": [{"purpose": "tagging", "value": "mention"},
             {"purpose": "identifying", "value": "kerry"}],
           "target": {"selector": {"type": "TextPositionSelector", "start": 18, "end": 23}}}]"#;
        let header = csv::COLUMNS.join(",");
        let rest = ",".repeat(csv::COLUMNS.len() - 5);
        let sheet = format!("{header}\nd,m1,mention,0,5{rest}\nd,m2,mention,10,16{rest}\n");
        let ann = "T1\tMention 0 5\tKerry\nT2\tMention 10 16\tLavrov\n";
        for (format, input) in [
            (Format::W3c, w3c),
            (Format::Csv, &sheet),
            (Format::Brat, ann),
        ] {
            let imported = import(input, Some(format), Some(text)).expect("import");
            let doc = &imported.documents[0];
            assert_eq!(crate::validate::validate(doc), vec![], "{format}");
            let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
            // In W3C the identifying body names "kerry" before the bare
            // mentions are read; the mention "Kerry" then takes that speaker.
            let kerry_name = if format == Format::W3c {
                "kerry"
            } else {
                "Kerry"
            };
            assert_eq!(names, [kerry_name, "Lavrov"], "{format}");
            let kerry = doc.annotations[0].speaker.as_deref();
            assert!(kerry.is_some(), "{format}");
            assert_eq!(
                doc.speaker_named("Lavrov").map(|s| s.id.as_str()),
                doc.annotations[1].speaker.as_deref()
            );
            if format == Format::W3c {
                assert_eq!(doc.annotations[2].speaker.as_deref(), kerry, "one Kerry");
                assert!(
                    imported
                        .warnings
                        .iter()
                        .any(|w| w.contains("2 mentions name no speaker")),
                    "{:?}",
                    imported.warnings
                );
            }
        }
    }

    #[test]
    fn attrib_json_is_read_as_written_even_with_a_mention_without_speaker() {
        let mut doc = kerry();
        doc.annotations[0].speaker = None;
        let files = export(std::slice::from_ref(&doc), Format::Native).expect("export");
        let imported = import(&files[0].contents, None, None).expect("import");
        assert_eq!(imported.documents, vec![doc]);
        assert!(imported.warnings.is_empty());
    }

    #[test]
    fn plain_text_and_strangers_are_not_a_format() {
        assert_eq!(detect(&text()), None);
        assert_eq!(detect("{\"hello\": 1}"), None);
        assert_eq!(detect(""), None);
        assert!(matches!(
            import(&text(), None, None),
            Err(FormatError::Unknown(_))
        ));
    }

    #[test]
    fn single_document_formats_refuse_several() {
        let docs = [sample("one"), sample("two")];
        for format in [Format::Native, Format::W3c, Format::Brat] {
            let err = export(&docs, format).expect_err("two documents");
            assert!(
                matches!(&err, FormatError::Unsupported { message, .. } if message.contains("2 were given")),
                "{err}"
            );
            assert!(matches!(
                export(&[], format),
                Err(FormatError::Unsupported { .. })
            ));
        }
        for format in Format::ALL.into_iter().filter(|f| f.holds_many()) {
            assert_eq!(export(&docs, format).expect("export").len(), 1, "{format}");
        }
    }

    #[test]
    fn formats_without_the_text_ask_for_it() {
        let docs = [sample("one")];
        let text = text();
        for format in Format::ALL.into_iter().filter(|f| !f.carries_text()) {
            let files = export(&docs, format).expect("export");
            let main = files.iter().find(|f| f.extension != "txt").expect("file");
            assert_eq!(
                import(&main.contents, Some(format), None),
                Err(FormatError::NeedsText(format))
            );
            let imported = import(&main.contents, None, Some(&text)).expect("import");
            assert_eq!(
                imported.documents[0].annotations.len(),
                docs[0].annotations.len(),
                "{format}"
            );
        }
    }

    #[test]
    fn formats_with_their_own_text_refuse_another() {
        let text = text();
        for format in [Format::Doccano, Format::LabelStudio] {
            let files = export(&[sample("one")], format).expect("export");
            assert!(matches!(
                import(&files[0].contents, Some(format), Some(&text)),
                Err(FormatError::Unsupported { .. })
            ));
        }
    }

    #[test]
    fn a_byte_order_mark_before_any_format_is_skipped() {
        let one = [sample("one")];
        let text = text();
        for format in Format::ALL {
            let files = export(&one, format).expect("export");
            let main = files.iter().find(|f| f.extension != "txt").expect("file");
            let marked = format!("\u{feff}{}", main.contents);
            let text = (!format.carries_text()).then_some(text.as_str());
            let plain = import(&main.contents, Some(format), text).expect("import");
            assert_eq!(
                import(&marked, Some(format), text).as_ref(),
                Ok(&plain),
                "{format}"
            );
            assert_eq!(import(&marked, None, text), Ok(plain), "{format} detected");
        }
    }

    #[test]
    fn builds_documents_with_the_newline_flag_of_the_file() {
        let kept = document_with_newlines("a\nb", Newlines::NormalisedLf);
        assert_eq!(kept.newlines(), Newlines::NormalisedLf);
        assert_eq!(kept.text(), "a\nb");
        let found = document_with_newlines("a\r\nb", Newlines::Lf);
        assert_eq!(found.newlines(), Newlines::NormalisedLf);
        assert_eq!(found.text(), "a\nb");
        assert_eq!(
            document_with_newlines("a", Newlines::Lf),
            Document::new("a")
        );
    }

    proptest! {
        /// Through detection, the formats that carry everything give back
        /// exactly what they were given.
        #[test]
        fn detected_round_trips_are_exact(doc in testgen::annotated_document()) {
            for format in [Format::Native, Format::W3c] {
                let files = export(std::slice::from_ref(&doc), format).expect("export");
                prop_assert_eq!(detect(&files[0].contents), Some(format));
                let imported = import(&files[0].contents, None, Some(doc.text.text())).expect("import");
                prop_assert_eq!(&imported.documents, &vec![doc.clone()]);
            }
        }
    }
}
