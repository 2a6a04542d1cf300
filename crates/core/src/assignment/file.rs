//! The assignment file (`"format": "attrib-assignment", "version": 1`):
//! the article as in an Attrib export's `document`, the instructions, the
//! kinds to mark, the preset, the schema, and for self-check the key's
//! speakers and annotations (spans as in an Attrib export, on the same
//! text, so the text is stored once). The wire types are kept apart from
//! [`Assignment`], as [`crate::formats::native`] does.
//!
//! ```json
//! {"format": "attrib-assignment", "version": 1, "id": "<text SHA-256>",
//!  "document": {"id": "talks", "title": "…", "text": "…", "sha256": "…"},
//!  "instructions": "Mark every quote and say who said it.",
//!  "kinds": ["quote", "mention"], "preset": "who-said-it",
//!  "schema": {"quote_types": ["direct", "indirect"], "…": "…"},
//!  "key": {"speakers": […], "annotations": […]}}
//! ```

use serde::{Deserialize, Serialize};

use super::{Article, Assignment, Preset};
use crate::formats::native::{
    FormatTag, NativeAnnotation, NativeDocument, NativeFile, NativeSchema, NativeSpeaker,
};
use crate::formats::FormatError;
use crate::model::{AnnotatedDocument, Kind};

/// The only version this build reads and writes.
pub const VERSION: u32 = 1;

/// The value of the `format` field.
pub const FORMAT_TAG: &str = "attrib-assignment";

/// An assignment file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentFile {
    /// Always "attrib-assignment".
    pub format: String,
    pub version: u32,
    /// The SHA-256 of the article text: the id every submission matches.
    pub id: String,
    /// The article, as in an Attrib export.
    pub document: NativeDocument,
    #[serde(default)]
    pub instructions: String,
    /// The kinds students mark: "quote", "claim", "mention" or custom ones.
    pub kinds: Vec<String>,
    /// "who-said-it", "claims-and-evidence" or "fact-or-opinion".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[serde(default)]
    pub schema: NativeSchema,
    /// The answer key, for self-check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyFile>,
}

/// The answer key: speakers and annotations on the article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    #[serde(default)]
    pub speakers: Vec<NativeSpeaker>,
    #[serde(default)]
    pub annotations: Vec<NativeAnnotation>,
}

/// Why an assignment cannot be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    /// JSON, but its `format` is not "attrib-assignment".
    #[error("not an Attrib assignment: its \"format\" is not \"{FORMAT_TAG}\"")]
    NotAnAssignment,
    /// A version this build does not know (made by a newer Attrib).
    #[error(
        "assignment version {0} is not one this Attrib reads (it reads version {VERSION}); \
         open it with a newer Attrib"
    )]
    UnknownVersion(u64),
    /// Not well-formed: where and what.
    #[error("the assignment does not read: at {location}: {message}")]
    Syntax { location: String, message: String },
    /// The article or the key does not read (a span off its text, say).
    #[error("the assignment's {part} does not read: {error}")]
    Content {
        part: &'static str,
        error: FormatError,
    },
}

/// Only the fields that say what a file is.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// Whether `input` is an assignment file: a JSON object whose `format` is
/// "attrib-assignment" (the rest is not checked).
pub fn looks_like(input: &str) -> bool {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    // Most files are not assignments: a search for the tag is cheaper than
    // a parse, and spares a big file a second one.
    if !input.contains(FORMAT_TAG) {
        return false;
    }
    matches!(
        serde_json::from_str::<Header>(input),
        Ok(Header { format: Some(serde_json::Value::String(tag)), .. }) if tag == FORMAT_TAG
    )
}

impl Assignment {
    /// The file, pretty-printed.
    pub fn to_json(&self) -> Result<String, AssignmentError> {
        let file = self.to_file()?;
        serde_json::to_string_pretty(&file)
            .map(|mut json| {
                json.push('\n');
                json
            })
            .map_err(|e| syntax("the top level", e.to_string()))
    }

    /// The file on one line, as a link holds it.
    pub fn to_compact_json(&self) -> Result<String, AssignmentError> {
        let file = self.to_file()?;
        serde_json::to_string(&file).map_err(|e| syntax("the top level", e.to_string()))
    }

    /// The wire form.
    pub fn to_file(&self) -> Result<AssignmentFile, AssignmentError> {
        let article = NativeFile::from_document(&self.blank_document()).map_err(|error| {
            AssignmentError::Content {
                part: "article",
                error,
            }
        })?;
        let key = match &self.key {
            Some(key) => {
                let file =
                    NativeFile::from_document(key).map_err(|error| AssignmentError::Content {
                        part: "answer key",
                        error,
                    })?;
                Some(KeyFile {
                    speakers: file.speakers,
                    annotations: file.annotations,
                })
            }
            None => None,
        };
        Ok(AssignmentFile {
            format: FORMAT_TAG.to_string(),
            version: VERSION,
            id: self.id().to_string(),
            document: article.document,
            instructions: self.instructions.clone(),
            kinds: self.kinds.iter().map(|k| k.as_str().to_string()).collect(),
            preset: self.preset.map(|p| p.name().to_string()),
            schema: article.schema,
            key,
        })
    }

    /// Reads an assignment file: its `format` and `version` first, then the
    /// rest, with errors that name the JSON path.
    pub fn from_json(input: &str) -> Result<Assignment, AssignmentError> {
        let input = input.strip_prefix('\u{feff}').unwrap_or(input);
        let header: Header = serde_json::from_str(input).map_err(|e| {
            syntax(
                &format!("line {}, column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        match header.format {
            Some(serde_json::Value::String(tag)) if tag == FORMAT_TAG => {}
            _ => return Err(AssignmentError::NotAnAssignment),
        }
        match header.version {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => {}
            Some(serde_json::Value::Number(n)) => {
                return Err(AssignmentError::UnknownVersion(n.as_u64().unwrap_or(0)))
            }
            _ => return Err(syntax("version", format!("expected the number {VERSION}"))),
        }
        let mut de = serde_json::Deserializer::from_str(input);
        let file: AssignmentFile = crate::formats::json_path::deserialize(&mut de, input)
            .map_err(|e| syntax(e.path(), e.inner().to_string()))?;
        Assignment::from_file(file)
    }

    /// The assignment a wire form describes.
    pub fn from_file(file: AssignmentFile) -> Result<Assignment, AssignmentError> {
        let native = |speakers, annotations| NativeFile {
            format: FormatTag::Attrib,
            version: crate::formats::native::VERSION,
            document: file.document.clone(),
            schema: file.schema.clone(),
            speakers,
            annotations,
        };
        let read = |part: &'static str, native: NativeFile| -> Result<AnnotatedDocument, _> {
            let (doc, unplaced) = native
                .into_document(None)
                .map_err(|error| AssignmentError::Content { part, error })?;
            match unplaced.first() {
                None => Ok(doc),
                Some(first) => Err(syntax(
                    part,
                    format!(
                        "annotation {} is not where it says ({}); the text was changed",
                        first.annotation_id, first.reason
                    ),
                )),
            }
        };
        let article = read("article", native(Vec::new(), Vec::new()))?;
        let key = match file.key {
            Some(key) => Some(read("answer key", native(key.speakers, key.annotations))?),
            None => None,
        };
        let preset = match file.preset.as_deref() {
            Some(name) => Some(
                Preset::from_name(name)
                    .ok_or_else(|| syntax("preset", format!("unknown preset \"{name}\"")))?,
            ),
            None => None,
        };
        Ok(Assignment {
            document: Article {
                meta: article.meta,
                text: article.text,
            },
            instructions: file.instructions,
            kinds: file.kinds.iter().map(|k| Kind::parse(k)).collect(),
            preset,
            schema: article.schema,
            key,
        })
    }
}

fn syntax(location: &str, message: String) -> AssignmentError {
    AssignmentError::Syntax {
        location: match location {
            "" | "." | "?" => "the top level".to_string(),
            other => other.to_string(),
        },
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Metadata, Span, Speaker};
    use crate::text::Document;

    fn assignment() -> Assignment {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "talks".into(),
                title: Some("Talks fail".into()),
                ..Metadata::default()
            },
            Document::new("“We lost 😀,” Kerry said.\r\nLavrov smiled."),
        );
        let mut a = Assignment::from_preset(&doc, Preset::WhoSaidIt);
        a.instructions = "Mark every quote.".into();
        doc.speakers.push(Speaker::new("s1", "John Kerry"));
        let mut q = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 12)]);
        q.speaker = Some("s1".into());
        q.labels.insert("source_type".into(), "named person".into());
        doc.annotations.push(q);
        a.set_key(&doc).expect("same text");
        a
    }

    #[test]
    fn an_assignment_file_reads_back_the_same_assignment() {
        let a = assignment();
        let json = a.to_json().expect("written");
        assert!(looks_like(&json));
        assert!(json.contains("\"format\": \"attrib-assignment\""));
        assert_eq!(Assignment::from_json(&json), Ok(a));
    }

    #[test]
    fn another_version_or_format_is_refused_by_name() {
        let json = assignment().to_json().expect("written");
        let newer = json.replacen("\"version\": 1", "\"version\": 7", 1);
        assert_eq!(
            Assignment::from_json(&newer),
            Err(AssignmentError::UnknownVersion(7))
        );
        let export = r#"{"format": "attrib", "version": 1}"#;
        assert!(!looks_like(export));
        assert_eq!(
            Assignment::from_json(export),
            Err(AssignmentError::NotAnAssignment)
        );
    }

    #[test]
    fn a_key_span_off_the_text_is_an_error_naming_the_key() {
        let json = assignment().to_json().expect("written");
        let broken = json.replacen("\"end\": 12", "\"end\": 900", 1);
        let err = Assignment::from_json(&broken).expect_err("refused");
        assert!(
            matches!(
                err,
                AssignmentError::Content {
                    part: "answer key",
                    ..
                }
            ),
            "{err}"
        );
        let err = Assignment::from_json("{\"format\": \"attrib-assignment\", \"version\": 1, ")
            .expect_err("cut short");
        assert!(matches!(err, AssignmentError::Syntax { .. }), "{err}");
    }
}
