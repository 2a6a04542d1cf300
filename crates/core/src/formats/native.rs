//! Attrib's own JSON export (`"format": "attrib", "version": 1`): one
//! document with its text, schema, speakers and annotations, every span
//! carrying its exact text and context so it can be re-anchored.
//!
//! The file is described by dedicated types ([`NativeFile`] and friends),
//! kept apart from the model so the format can stay stable while the model
//! changes. The JSON Schema generated from them is committed as
//! `static/attrib-export.schema.json` (see [`json_schema`]).
//!
//! Import checks `format` and `version` first, then reads the rest with
//! errors that name the JSON path. Every span is checked against the text:
//! when the text at a span's offsets is not its `text` (the document was
//! edited, or a different text was given), the span is re-anchored by
//! [`super::anchor`]; what cannot be placed is listed in
//! [`Imported::unplaced`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::anchor::{self, Anchor, PendingAnnotation, TextQuote};
use super::probe::{Probe, Shape};
use super::{document_with_newlines, json_error, span_outside, Format, FormatError, Imported};
use super::{OutputFile, Unplaced};
use crate::model::{
    AnnotatedDocument, Annotation, DocStatus, Kind, LabelSet, Metadata, Schema, Span, Speaker,
    Stance, StanceTarget, Style,
};
use crate::text::{Document, Newlines};

/// The only version this build reads and writes.
pub const VERSION: u32 = 1;

/// The value of the `format` field.
pub const FORMAT_TAG: &str = "attrib";

/// An Attrib export: one document with its schema, speakers and annotations.
/// Offsets count Unicode code points, end-exclusive (Python's
/// `text[start:end]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Attrib export")]
pub struct NativeFile {
    /// Always "attrib".
    pub format: FormatTag,
    /// The format version; this schema describes version 1.
    #[schemars(extend("const" = 1))]
    pub version: u32,
    pub document: NativeDocument,
    /// The label sets used; the defaults when absent.
    #[serde(default)]
    pub schema: NativeSchema,
    #[serde(default)]
    pub speakers: Vec<NativeSpeaker>,
    #[serde(default)]
    pub annotations: Vec<NativeAnnotation>,
}

/// The `format` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FormatTag {
    #[serde(rename = "attrib")]
    Attrib,
}

/// The document: metadata, the text, and how to read offsets into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeDocument {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date as written by the annotator, ideally ISO 8601.
    #[serde(default)]
    pub published: Option<String>,
    /// Who annotated the document (a student's name on a submission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    /// The annotator's class or group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<String>,
    /// Where the annotator is with the document in a corpus:
    /// `not_started`, `in_progress` or `done`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DocStatus>,
    /// Set on an adjudicated document: the annotators whose versions it
    /// merges (left first). Each kept annotation's note names its source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjudicated_from: Vec<String>,
    /// The article text, line breaks normalised to "\n".
    pub text: String,
    /// Lower-case hex SHA-256 of the text's UTF-8 bytes. When it does not
    /// match the text, spans are re-anchored by their exact text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// How offsets are counted.
    #[serde(default)]
    pub offsets: OffsetUnit,
    /// Whether the original text's line breaks were rewritten to "\n".
    #[serde(default)]
    pub newlines: NativeNewlines,
}

/// How offsets count: always Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum OffsetUnit {
    #[default]
    #[serde(rename = "unicode-code-points")]
    UnicodeCodePoints,
}

/// "lf": the text had only "\n" line breaks; "normalised-lf": "\r\n" or
/// "\r" were rewritten to "\n" on loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NativeNewlines {
    #[default]
    Lf,
    NormalisedLf,
}

/// The label sets a project uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeSchema {
    pub quote_types: Vec<String>,
    pub stance_labels: Vec<String>,
    pub checkworthiness: Vec<String>,
    pub claim_types: Vec<String>,
    /// Span kinds beyond "quote", "claim" and "mention".
    #[serde(default)]
    pub custom_kinds: Vec<String>,
    /// Further label sets, each for some kinds; an annotation's choice is
    /// in its `labels`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_sets: Vec<NativeLabelSet>,
    /// Short help for a person marking, keyed by a kind, label set or label
    /// name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub help: BTreeMap<String, String>,
    /// The colour and shortcut key of a kind, by kind name. Without a key,
    /// quotes, claims and mentions keep q, c and s.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, NativeStyle>")]
    pub kind_styles: BTreeMap<String, Style>,
    /// The colour and shortcut key of labels, by label set (a built-in one
    /// by its field name, such as `quote_types`), then by label.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, NativeStyle>>")]
    pub label_styles: BTreeMap<String, BTreeMap<String, Style>>,
}

// Only the JSON Schema's view of a style: the file is read into
// `model::Style` itself (same fields, unknown ones refused), so the app
// carries one serde path for styles, not two.
/// How a kind or label looks and is reached.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeStyle {
    /// `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub colour: Option<String>,
    /// One lowercase Latin letter or digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9]$"))]
    pub key: Option<String>,
}

/// A further label set: its name, the kinds it applies to, its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeLabelSet {
    pub name: String,
    pub kinds: Vec<String>,
    pub labels: Vec<String>,
}

/// A person or body that speaks or is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeSpeaker {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// One annotation. `kind` is "quote", "claim", "mention" or one of the
/// schema's custom kinds; which other fields apply depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeAnnotation {
    pub id: String,
    pub kind: String,
    /// Quotes: one of the schema's quote types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_type: Option<String>,
    /// Quotes: who speaks; claims: the claimant (absent: the article
    /// itself); mentions: who is named. A speaker id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// One or more content spans in document order.
    #[schemars(length(min = 1))]
    pub spans: Vec<NativeSpan>,
    /// Quotes: the reporting verb ("said", "according to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<NativeSpan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<NativeStance>,
    /// Claims: one of the schema's check-worthiness labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkworthiness: Option<String>,
    /// Claims: one of the schema's claim types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_type: Option<String>,
    #[serde(default)]
    pub note: String,
    /// The label chosen in each of the schema's `label_sets`, by set name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A span of the text: code points `[start, end)`, the exact text there,
/// and up to 32 code points of context on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

/// The stance of the speaker (or claimant) towards a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeStance {
    pub target: NativeStanceTarget,
    /// One of the schema's stance labels.
    pub label: String,
}

/// What a stance is about: `{"text": "Russia"}` or `{"speaker": "s1"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NativeStanceTarget {
    Text(String),
    Speaker(String),
}

impl Default for NativeSchema {
    fn default() -> Self {
        NativeSchema::from(&Schema::default())
    }
}

impl From<&Schema> for NativeSchema {
    fn from(schema: &Schema) -> Self {
        NativeSchema {
            quote_types: schema.quote_types.clone(),
            stance_labels: schema.stance_labels.clone(),
            checkworthiness: schema.checkworthiness.clone(),
            claim_types: schema.claim_types.clone(),
            custom_kinds: schema.custom_kinds.clone(),
            label_sets: schema
                .label_sets
                .iter()
                .map(|set| NativeLabelSet {
                    name: set.name.clone(),
                    kinds: set.kinds.iter().map(|k| k.as_str().to_string()).collect(),
                    labels: set.labels.clone(),
                })
                .collect(),
            help: schema.help.clone(),
            kind_styles: schema.kind_styles.clone(),
            label_styles: schema.label_styles.clone(),
        }
    }
}

impl From<NativeSchema> for Schema {
    fn from(schema: NativeSchema) -> Self {
        Schema {
            quote_types: schema.quote_types,
            stance_labels: schema.stance_labels,
            checkworthiness: schema.checkworthiness,
            claim_types: schema.claim_types,
            custom_kinds: schema.custom_kinds,
            label_sets: schema
                .label_sets
                .into_iter()
                .map(|set| LabelSet {
                    name: set.name,
                    kinds: set.kinds.iter().map(|k| Kind::parse(k)).collect(),
                    labels: set.labels,
                })
                .collect(),
            help: schema.help,
            kind_styles: schema.kind_styles,
            label_styles: schema.label_styles,
        }
    }
}

impl From<&Speaker> for NativeSpeaker {
    fn from(speaker: &Speaker) -> Self {
        NativeSpeaker {
            id: speaker.id.clone(),
            name: speaker.name.clone(),
            aliases: speaker.aliases.clone(),
            role: speaker.role.clone(),
        }
    }
}

impl From<NativeSpeaker> for Speaker {
    fn from(speaker: NativeSpeaker) -> Self {
        Speaker {
            id: speaker.id,
            name: speaker.name,
            aliases: speaker.aliases,
            role: speaker.role,
        }
    }
}

impl From<&Stance> for NativeStance {
    fn from(stance: &Stance) -> Self {
        NativeStance {
            target: match &stance.target {
                StanceTarget::Text(text) => NativeStanceTarget::Text(text.clone()),
                StanceTarget::Speaker(id) => NativeStanceTarget::Speaker(id.clone()),
            },
            label: stance.label.clone(),
        }
    }
}

impl From<NativeStance> for Stance {
    fn from(stance: NativeStance) -> Self {
        Stance {
            target: match stance.target {
                NativeStanceTarget::Text(text) => StanceTarget::Text(text),
                NativeStanceTarget::Speaker(id) => StanceTarget::Speaker(id),
            },
            label: stance.label,
        }
    }
}

impl From<Newlines> for NativeNewlines {
    fn from(newlines: Newlines) -> Self {
        match newlines {
            Newlines::Lf => NativeNewlines::Lf,
            Newlines::NormalisedLf => NativeNewlines::NormalisedLf,
        }
    }
}

impl From<NativeNewlines> for Newlines {
    fn from(newlines: NativeNewlines) -> Self {
        match newlines {
            NativeNewlines::Lf => Newlines::Lf,
            NativeNewlines::NormalisedLf => Newlines::NormalisedLf,
        }
    }
}

impl NativeSpan {
    /// The span at `span` of `doc` with its text and context, or `None` if
    /// it leaves the text.
    pub fn at(doc: &Document, span: Span) -> Option<NativeSpan> {
        let quote = anchor::quote_at(doc, span)?;
        Some(NativeSpan {
            start: span.start,
            end: span.end,
            text: quote.exact,
            prefix: quote.prefix,
            suffix: quote.suffix,
        })
    }

    /// What the file says about this span, for re-anchoring.
    pub fn anchor(&self) -> Anchor {
        Anchor::new(
            Span::new(self.start, self.end),
            TextQuote {
                exact: self.text.clone(),
                prefix: self.prefix.clone(),
                suffix: self.suffix.clone(),
            },
        )
    }
}

impl NativeAnnotation {
    /// The annotation with its spans (and cue) still to be placed in the
    /// text.
    pub(crate) fn pending(self) -> PendingAnnotation {
        let a = self;
        PendingAnnotation {
            spans: a.spans.iter().map(NativeSpan::anchor).collect(),
            cue: a.cue.as_ref().map(NativeSpan::anchor),
            annotation: Annotation {
                id: a.id,
                kind: Kind::parse(&a.kind),
                spans: Vec::new(),
                speaker: a.speaker,
                quote_type: a.quote_type,
                cue: None,
                stance: a.stance.map(Stance::from),
                checkworthiness: a.checkworthiness,
                claim_type: a.claim_type,
                note: a.note,
                labels: a.labels,
            },
        }
    }
}

impl NativeFile {
    /// The file for one document. Fails only when a span lies outside the
    /// text.
    pub fn from_document(doc: &AnnotatedDocument) -> Result<NativeFile, FormatError> {
        let text = &doc.text;
        let span_at = |annotation: &Annotation, span: Span| {
            NativeSpan::at(text, span)
                .ok_or_else(|| span_outside(Format::Native, doc, &annotation.id, span))
        };
        let mut annotations = Vec::with_capacity(doc.annotations.len());
        for annotation in &doc.annotations {
            let spans = annotation
                .spans
                .iter()
                .map(|&span| span_at(annotation, span))
                .collect::<Result<Vec<_>, _>>()?;
            let cue = annotation
                .cue
                .map(|span| span_at(annotation, span))
                .transpose()?;
            annotations.push(NativeAnnotation {
                id: annotation.id.clone(),
                kind: annotation.kind.as_str().to_string(),
                quote_type: annotation.quote_type.clone(),
                speaker: annotation.speaker.clone(),
                spans,
                cue,
                stance: annotation.stance.as_ref().map(NativeStance::from),
                checkworthiness: annotation.checkworthiness.clone(),
                claim_type: annotation.claim_type.clone(),
                note: annotation.note.clone(),
                labels: annotation.labels.clone(),
            });
        }
        let meta = &doc.meta;
        Ok(NativeFile {
            format: FormatTag::Attrib,
            version: VERSION,
            document: NativeDocument {
                id: meta.id.clone(),
                title: meta.title.clone(),
                source_url: meta.source_url.clone(),
                outlet: meta.outlet.clone(),
                author: meta.author.clone(),
                published: meta.published.clone(),
                annotator: meta.annotator.clone(),
                class_id: meta.class_id.clone(),
                status: meta.status,
                adjudicated_from: meta.adjudicated_from.clone(),
                text: text.text().to_string(),
                sha256: Some(text.sha256().to_string()),
                offsets: OffsetUnit::UnicodeCodePoints,
                newlines: text.newlines().into(),
            },
            schema: NativeSchema::from(&doc.schema),
            speakers: doc.speakers.iter().map(NativeSpeaker::from).collect(),
            annotations,
        })
    }

    /// The document this file describes. With `text`, that text replaces the
    /// file's own. When the text is the one the file was exported from (no
    /// other text given, and its SHA-256 is the file's), every span must hold
    /// its text at its offsets: a span that does not is an error, never moved.
    /// Otherwise (the text was edited, or another text is given) spans whose
    /// text is not at their offsets are re-anchored; annotations that cannot
    /// be placed are left out and listed.
    pub fn into_document(
        self,
        text: Option<&str>,
    ) -> Result<(AnnotatedDocument, Vec<Unplaced>), FormatError> {
        let NativeFile {
            document,
            schema,
            speakers,
            annotations,
            ..
        } = self;
        let newlines = Newlines::from(document.newlines);
        let doc_text = document_with_newlines(text.unwrap_or(&document.text), newlines);
        if text.is_none() && document.sha256.as_deref() == Some(doc_text.sha256()) {
            check_offsets(&doc_text, &annotations, 0)?;
        }
        let pending = annotations
            .into_iter()
            .map(NativeAnnotation::pending)
            .collect();
        let (annotations, unplaced) = anchor::resolve(&doc_text, pending);
        let doc = AnnotatedDocument {
            meta: Metadata {
                id: document.id,
                title: document.title,
                source_url: document.source_url,
                outlet: document.outlet,
                author: document.author,
                published: document.published,
                annotator: document.annotator,
                class_id: document.class_id,
                status: document.status,
                adjudicated_from: document.adjudicated_from,
            },
            text: doc_text,
            schema: schema.into(),
            speakers: speakers.into_iter().map(Speaker::from).collect(),
            annotations,
        };
        Ok((doc, unplaced))
    }

    /// Reads a file, checking `format` and `version` before anything else so
    /// that a file of another kind or version says so plainly.
    pub fn parse(input: &str) -> Result<NativeFile, FormatError> {
        check_header(input)?;
        let mut de = serde_json::Deserializer::from_str(input);
        let file = super::json_path::deserialize(&mut de, input)
            .map_err(|e| json_error(Format::Native, e))?;
        de.end().map_err(|e| trailing(&e))?;
        Ok(file)
    }
}

/// Only the fields that say what a file is; everything else is skipped.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// The error for anything after the document's closing brace.
fn trailing(err: &serde_json::Error) -> FormatError {
    FormatError::Syntax {
        format: Format::Native,
        location: format!("line {}, column {}", err.line(), err.column()),
        message: "more after the end of the document; a corpus of several documents is JSONL"
            .to_string(),
    }
}

fn check_header(input: &str) -> Result<(), FormatError> {
    let mut de = serde_json::Deserializer::from_str(input);
    let header: Header =
        super::json_path::deserialize(&mut de, input).map_err(|e| json_error(Format::Native, e))?;
    de.end().map_err(|e| trailing(&e))?;
    let error = |location: &str, message: String| FormatError::Syntax {
        format: Format::Native,
        location: location.to_string(),
        message,
    };
    match header.format {
        Some(serde_json::Value::String(tag)) if tag == FORMAT_TAG => {}
        Some(other) => {
            return Err(error(
                "format",
                format!("expected \"{FORMAT_TAG}\", found {other}: this is not an Attrib export"),
            ))
        }
        None => {
            return Err(error(
                "format",
                format!("missing: an Attrib export has \"format\": \"{FORMAT_TAG}\""),
            ))
        }
    }
    match header.version {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(VERSION)) => Ok(()),
        Some(serde_json::Value::Number(n))
            if n.as_u64().is_some_and(|v| v > u64::from(VERSION)) =>
        {
            Err(error(
                "version",
                format!(
                    "version {n} was written by a newer Attrib; this one reads version {VERSION}"
                ),
            ))
        }
        Some(other) => Err(error(
            "version",
            format!("unsupported version {other}; this Attrib reads version {VERSION}"),
        )),
        None => Err(error(
            "version",
            format!("missing: an Attrib export has \"version\": {VERSION}"),
        )),
    }
}

/// The file for `doc`, as pretty JSON.
pub fn export(doc: &AnnotatedDocument) -> Result<OutputFile, FormatError> {
    let file = NativeFile::from_document(doc)?;
    let mut contents =
        serde_json::to_string_pretty(&file).map_err(|e| FormatError::Unsupported {
            format: Format::Native,
            message: e.to_string(),
        })?;
    contents.push('\n');
    Ok(OutputFile {
        extension: "json",
        mime: "application/json",
        contents,
    })
}

/// Checks that each span of a file holds its text at its offsets, naming the
/// first that does not by its JSON path (`annotations` are the file's from
/// its annotation number `first` on).
pub(crate) fn check_offsets(
    text: &Document,
    annotations: &[NativeAnnotation],
    first: usize,
) -> Result<(), FormatError> {
    let check = |span: &NativeSpan, path: String| {
        let found = text.slice(Span::new(span.start, span.end));
        if found == Some(span.text.as_str()) {
            return Ok(());
        }
        let message = match found {
            Some(found) => format!(
                "the span's text {:?} is not at {}..{}, which holds {:?}; \
                 the file's text is unchanged (its SHA-256 matches), so its offsets are wrong",
                span.text, span.start, span.end, found
            ),
            None => format!(
                "the span {}..{} is outside the text ({} code points) or reversed",
                span.start,
                span.end,
                text.len_chars()
            ),
        };
        Err(FormatError::Syntax {
            format: Format::Native,
            location: path,
            message,
        })
    };
    for (i, a) in (first..).zip(annotations) {
        for (j, span) in a.spans.iter().enumerate() {
            check(span, format!("annotations[{i}].spans[{j}]"))?;
        }
        if let Some(cue) = &a.cue {
            check(cue, format!("annotations[{i}].cue"))?;
        }
    }
    Ok(())
}

/// Reads one document. With `text`, that text replaces the file's own and
/// spans are re-anchored where it differs.
pub fn import(input: &str, text: Option<&str>) -> Result<Imported, FormatError> {
    let (document, unplaced) = NativeFile::parse(input)?.into_document(text)?;
    Ok(Imported {
        documents: vec![document],
        unplaced,
        warnings: Vec::new(),
        broken: Vec::new(),
    })
}

/// Whether `input` is an Attrib export: a JSON object whose `format` is
/// "attrib" (the rest is not checked).
pub fn looks_like(input: &str) -> bool {
    Probe::of(input).whole().is_some_and(is_native)
}

/// Whether a JSON value's outline is an Attrib export's.
pub(crate) fn is_native(shape: &Shape) -> bool {
    shape.get("format").and_then(Shape::as_str) == Some(FORMAT_TAG)
}

/// The JSON Schema of the native file, generated from [`NativeFile`]. The
/// committed copy is `static/attrib-export.schema.json`.
pub fn json_schema() -> serde_json::Value {
    schemars::schema_for!(NativeFile).to_value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{kerry, span_of};

    /// The shared fixture with the claim made Lavrov's, taking a stance
    /// on Kerry: a stance target that is a speaker.
    fn sample() -> AnnotatedDocument {
        let mut doc = kerry();
        let claim = &mut doc.annotations[3];
        claim.speaker = Some("s2".into());
        claim.stance = Some(Stance {
            target: StanceTarget::Speaker("s1".into()),
            label: "neutral".into(),
        });
        doc
    }

    fn round_trip(doc: &AnnotatedDocument) -> Imported {
        let file = export(doc).expect("export");
        import(&file.contents, None).expect("import")
    }

    #[test]
    fn writes_the_documented_layout() {
        let doc = sample();
        let json: serde_json::Value =
            serde_json::from_str(&export(&doc).expect("export").contents).expect("json");
        assert_eq!(json["format"], "attrib");
        assert_eq!(json["version"], 1);
        assert_eq!(json["document"]["offsets"], "unicode-code-points");
        assert_eq!(json["document"]["newlines"], "lf");
        assert_eq!(json["document"]["sha256"], doc.text.sha256());
        assert_eq!(json["document"]["source_url"], serde_json::Value::Null);
        let quote = &json["annotations"][1];
        assert_eq!(quote["spans"][0]["text"], "“I lost the argument,”");
        assert_eq!(quote["spans"][0]["prefix"], "😀 ");
        assert_eq!(
            quote["spans"][0]["suffix"],
            " Kerry said to Lavrov.\nSales ros"
        );
        assert_eq!(quote["cue"]["text"], "said");
        assert_eq!(quote["stance"]["target"]["text"], "Russia");
        assert_eq!(json["annotations"][3]["stance"]["target"]["speaker"], "s1");
        assert_eq!(json["annotations"][3]["spans"][0]["text"], "Sales rose 5%.");
        assert_eq!(json["speakers"][0]["aliases"][0], "Kerry");
    }

    #[test]
    fn round_trips_the_sample() {
        let doc = sample();
        let imported = round_trip(&doc);
        assert_eq!(imported.documents, vec![doc]);
        assert!(imported.unplaced.is_empty());
    }

    #[test]
    fn keeps_the_newline_flag_and_the_text() {
        let mut doc = sample();
        doc.text = Document::new("line one\r\nline two");
        doc.annotations.clear();
        let imported = round_trip(&doc);
        assert_eq!(
            imported.documents[0].text.newlines(),
            Newlines::NormalisedLf
        );
        assert_eq!(imported.documents[0].text.text(), "line one\nline two");
    }

    #[test]
    fn an_error_about_a_megabyte_long_value_quotes_a_line_of_it() {
        let doc = sample();
        let contents = export(&doc).expect("export").contents;
        let first = format!("\"start\": {}", doc.annotations[0].spans[0].start);
        let huge = "9".repeat(1_000_000);
        let broken = contents.replacen(&first, &format!("\"start\": \"{huge}\""), 1);
        let err = import(&broken, None).expect_err("a string is not an offset");
        let shown = err.to_string();
        assert!(shown.len() < 400, "{} characters", shown.len());
        assert!(shown.contains("invalid type: string \"9999"), "{shown}");
        assert!(shown.contains('…'), "{shown}");
    }

    #[test]
    fn malformed_json_names_the_path() {
        let doc = sample();
        let contents = export(&doc).expect("export").contents;
        let first = format!("\"start\": {}", doc.annotations[0].spans[0].start);
        let broken = contents.replacen(&first, "\"start\": \"zero\"", 1);
        let err = import(&broken, None).expect_err("a string is not an offset");
        match err {
            FormatError::Syntax {
                location, message, ..
            } => {
                assert!(
                    location.starts_with("annotations[0].spans[0].start"),
                    "{location}"
                );
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let truncated = &contents[..contents.len() / 2];
        let err = import(truncated, None).expect_err("truncated");
        assert!(matches!(err, FormatError::Syntax { .. }), "{err}");
        assert!(err.to_string().contains("line"), "{err}");
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_path() {
        let contents = export(&sample()).expect("export").contents;
        let typo = contents.replacen("\"quote_type\"", "\"quote_typ\"", 1);
        let err = import(&typo, None).expect_err("typo");
        let text = err.to_string();
        assert!(text.contains("annotations[1]"), "{text}");
        assert!(text.contains("quote_typ"), "{text}");
    }

    #[test]
    fn rejects_other_formats_and_versions_plainly() {
        let contents = export(&sample()).expect("export").contents;
        let v2 = contents.replacen("\"version\": 1", "\"version\": 2", 1);
        assert_eq!(
            import(&v2, None).expect_err("v2").to_string(),
            "json: at version: version 2 was written by a newer Attrib; this one reads version 1"
        );
        let v0 = contents.replacen("\"version\": 1", "\"version\": \"one\"", 1);
        assert!(import(&v0, None)
            .expect_err("v0")
            .to_string()
            .contains("unsupported version \"one\""));
        let other = contents.replacen("\"format\": \"attrib\"", "\"format\": \"brat\"", 1);
        assert!(import(&other, None)
            .expect_err("other")
            .to_string()
            .contains("expected \"attrib\", found \"brat\""));
        let err = import("{\"version\": 1}", None).expect_err("no format");
        assert!(err.to_string().contains("format: missing"), "{err}");
        let err = import("[1, 2]", None).expect_err("array");
        assert!(matches!(err, FormatError::Syntax { .. }), "{err}");
    }

    #[test]
    fn re_anchors_when_the_file_text_was_edited() {
        let doc = sample();
        let contents = export(&doc).expect("export").contents;
        let mut file: NativeFile = serde_json::from_str(&contents).expect("json");
        file.document.text = format!("Update: {}", file.document.text);
        let edited = serde_json::to_string(&file).expect("json");
        let imported = import(&edited, None).expect("import");
        assert!(imported.unplaced.is_empty(), "{:?}", imported.unplaced);
        let got = &imported.documents[0];
        let moved = |s: Span| Span::new(s.start + 8, s.end + 8);
        let quote = &doc.annotations[1];
        assert_eq!(got.annotations[1].spans, vec![moved(quote.spans[0])]);
        assert_eq!(got.annotations[1].cue, quote.cue.map(moved));
        assert_eq!(
            got.text.slice(got.annotations[3].spans[0]),
            Some("Sales rose 5%.")
        );
    }

    #[test]
    fn re_anchors_against_a_text_given_separately_and_lists_what_is_gone() {
        let doc = sample();
        let contents = export(&doc).expect("export").contents;
        let new_text = "They said: Sales rose 5%.\n😀 “I lost the argument,” Kerry said to Lavrov.";
        let imported = import(&contents, Some(new_text)).expect("import");
        let got = &imported.documents[0];
        assert_eq!(got.text.text(), new_text);
        assert_eq!(got.annotations.len(), doc.annotations.len());
        assert_eq!(
            got.text.slice(got.annotations[1].spans[0]),
            Some("“I lost the argument,”")
        );
        // Two "said" in the new text; the cue's context picks Kerry's.
        let kerry_said = span_of(new_text, "Kerry said");
        assert_eq!(
            got.annotations[1].cue,
            Some(Span::new(kerry_said.start + 6, kerry_said.end))
        );
        let without_claim = "😀 “I lost the argument,” Kerry said to Lavrov.";
        let imported = import(&contents, Some(without_claim)).expect("import");
        assert_eq!(
            imported.documents[0].annotations.len(),
            doc.annotations.len() - 1
        );
        assert_eq!(imported.unplaced.len(), 1);
        assert_eq!(imported.unplaced[0].annotation_id, "c1");
        assert_eq!(imported.unplaced[0].reason, "not found");
    }

    #[test]
    fn refuses_to_export_a_span_outside_the_text() {
        let mut doc = sample();
        doc.annotations[0].spans = vec![Span::new(90, 200)];
        let err = export(&doc).expect_err("outside");
        assert!(
            err.to_string()
                .contains("annotation m1: span 90..200 lies outside"),
            "{err}"
        );
    }

    #[test]
    fn committed_json_schema_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../static/attrib-export.schema.json"
        );
        let generated = format!(
            "{}\n",
            serde_json::to_string_pretty(&json_schema()).expect("schema serialises")
        );
        if std::env::var_os("ATTRIB_WRITE_SCHEMA").is_some() {
            std::fs::write(path, &generated).expect("write the schema");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "static/attrib-export.schema.json is out of date with formats::native; regenerate it with \
             `ATTRIB_WRITE_SCHEMA=1 cargo test -p attrib-core committed_json_schema_is_current` and commit it"
        );
    }

    #[test]
    fn refuses_a_second_document_after_the_first() {
        let contents = export(&sample()).expect("export").contents;
        let err = import(&format!("{contents}{contents}"), None).expect_err("two documents");
        assert!(err.to_string().contains("JSONL"), "{err}");
        assert!(!looks_like(&format!("{contents}{contents}")));
    }

    #[test]
    fn detects_its_own_files_only() {
        let contents = export(&sample()).expect("export").contents;
        assert!(looks_like(&contents));
        assert!(!looks_like("{\"format\": \"other\"}"));
        assert!(!looks_like("T1\tQuote 0 5\tHello"));
    }
}
