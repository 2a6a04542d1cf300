//! Assignments for a lesson on "who said what": the article a teacher hands
//! out (its text and metadata, no annotations), the instructions, what
//! students must mark, the label sets, and optionally the answer key for
//! self-check. Students hand back a [`Submission`], an ordinary Attrib JSON
//! document with their name in its metadata, which [`crate::score`] scores
//! against the key.
//!
//! An assignment travels as a file ([`Assignment::to_json`], see [`file`])
//! or as a link whose URL fragment holds the whole file deflated
//! ([`link::encode_link`]); nothing is ever sent to a server.

pub mod file;
pub mod link;
pub mod preset;
pub mod submission;

use crate::model::{AnnotatedDocument, Kind, Metadata, Schema};
use crate::text::Document;

pub use file::{looks_like, AssignmentError};
pub use link::{decode_link, encode_link, LinkError, LINK_LIMIT};
pub use preset::Preset;
pub use submission::{submission_file_name, Submission};

/// The article of an assignment: its metadata and text, nothing marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub meta: Metadata,
    pub text: Document,
}

/// What a teacher hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub document: Article,
    /// What to do, in the teacher's words.
    pub instructions: String,
    /// What students must mark; each is a kind of `schema`.
    pub kinds: Vec<Kind>,
    /// The preset the assignment was made from, if any.
    pub preset: Option<Preset>,
    /// The label sets (and help) students choose from.
    pub schema: Schema,
    /// The answer key, for self-check: it travels with the assignment, so a
    /// determined student can read it.
    pub key: Option<AnnotatedDocument>,
}

/// Why an answer key cannot go with an assignment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the answer key is marked on another text (SHA-256 {key}…) than the assignment's \
         article ({article}…)"
    )]
    OtherText { key: String, article: String },
}

impl Assignment {
    /// An assignment on `article`'s text and metadata (its annotations and
    /// speakers left out) asking for quotes and mentions with its schema.
    pub fn new(article: &AnnotatedDocument) -> Assignment {
        Assignment {
            document: Article {
                meta: Metadata {
                    annotator: None,
                    class_id: None,
                    status: None,
                    adjudicated_from: Vec::new(),
                    ..article.meta.clone()
                },
                text: article.text.clone(),
            },
            instructions: String::new(),
            kinds: vec![Kind::Quote, Kind::Mention],
            preset: None,
            schema: article.schema.clone(),
            key: None,
        }
    }

    /// An assignment on `article` with `preset`'s kinds and schema.
    pub fn from_preset(article: &AnnotatedDocument, preset: Preset) -> Assignment {
        Assignment {
            kinds: preset.kinds(),
            preset: Some(preset),
            schema: preset.schema(),
            ..Assignment::new(article)
        }
    }

    /// The assignment's id: the SHA-256 of its article text, which every
    /// submission's text has too.
    pub fn id(&self) -> &str {
        self.document.text.sha256()
    }

    /// Sets the answer key (for self-check): `key`'s annotations and
    /// speakers on this assignment's text, with the assignment's schema.
    pub fn set_key(&mut self, key: &AnnotatedDocument) -> Result<(), KeyError> {
        if key.text.sha256() != self.id() {
            return Err(KeyError::OtherText {
                key: short_hash(key.text.sha256()),
                article: short_hash(self.id()),
            });
        }
        self.key = Some(AnnotatedDocument {
            meta: self.document.meta.clone(),
            text: self.document.text.clone(),
            schema: self.schema.clone(),
            speakers: key.speakers.clone(),
            annotations: key.annotations.clone(),
        });
        Ok(())
    }

    /// Makes sure every kind asked for is in the schema (adding custom
    /// kinds it lacks), so students can mark them.
    pub fn allow_kinds(&mut self) {
        for kind in &self.kinds {
            if let Kind::Custom(name) = kind {
                if !self.schema.custom_kinds.contains(name) {
                    self.schema.custom_kinds.push(name.clone());
                }
            }
        }
    }

    /// The document a student starts from: the article, the schema and
    /// nothing marked.
    pub fn blank_document(&self) -> AnnotatedDocument {
        AnnotatedDocument {
            meta: self.document.meta.clone(),
            text: self.document.text.clone(),
            schema: self.schema.clone(),
            speakers: Vec::new(),
            annotations: Vec::new(),
        }
    }
}

/// The first 12 hex digits of a SHA-256, enough to tell texts apart in a
/// message.
pub fn short_hash(sha256: &str) -> String {
    sha256.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Span};

    fn article() -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "talks".into(),
                title: Some("Talks fail".into()),
                annotator: Some("Ms Hill".into()),
                ..Metadata::default()
            },
            Document::new("“We lost,” Kerry said."),
        );
        doc.annotations
            .push(Annotation::new("q1", Kind::Quote, vec![Span::new(0, 10)]));
        doc
    }

    #[test]
    fn an_assignment_holds_the_article_without_its_annotations_or_annotator() {
        let a = Assignment::new(&article());
        assert!(a.blank_document().annotations.is_empty());
        assert_eq!(a.document.meta.annotator, None);
        assert_eq!(a.id(), article().text.sha256());
        assert_eq!(a.kinds, [Kind::Quote, Kind::Mention]);
    }

    #[test]
    fn a_key_on_another_text_is_refused() {
        let mut a = Assignment::new(&article());
        let other = AnnotatedDocument::new(Metadata::default(), Document::new("Other."));
        assert!(matches!(a.set_key(&other), Err(KeyError::OtherText { .. })));
        a.set_key(&article()).expect("the same text");
        assert_eq!(a.key.map(|k| k.annotations.len()), Some(1));
    }

    #[test]
    fn custom_kinds_asked_for_are_added_to_the_schema() {
        let mut a = Assignment::new(&article());
        a.kinds.push(Kind::Custom("evidence".into()));
        a.allow_kinds();
        a.allow_kinds();
        assert_eq!(a.schema.custom_kinds, ["evidence"]);
    }
}
