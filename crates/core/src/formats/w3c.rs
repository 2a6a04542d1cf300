//! W3C Web Annotation (JSON-LD): one AnnotationCollection per document, each
//! annotation with TextQuoteSelector and TextPositionSelector targets and
//! bodies for its kind, speaker, labels, stance, cue and note.
//!
//! # Layout
//!
//! ```json
//! {"@context": ["http://www.w3.org/ns/anno.jsonld", {"attrib": "urn:attrib:vocab:"}],
//!  "id": "urn:attrib:collection:kerry", "type": "AnnotationCollection",
//!  "label": "US-Russian talks…", "total": 1,
//!  "attrib:document": {"id": "kerry", "title": "…", "sha256": "…",
//!                      "offsets": "unicode-code-points", "newlines": "lf", …},
//!  "attrib:schema": {"quote_types": […], …}, "attrib:speakers": [{"id": "s1", …}],
//!  "first": {"type": "AnnotationPage", "startIndex": 0, "items": [
//!    {"@context": "http://www.w3.org/ns/anno.jsonld",
//!     "id": "urn:attrib:annotation:kerry:a1", "type": "Annotation",
//!     "motivation": "classifying",
//!     "body": [
//!       {"type": "TextualBody", "purpose": "tagging", "value": "quote"},
//!       {"type": "TextualBody", "purpose": "identifying", "value": "John Kerry", "attrib:speaker": "s1"},
//!       {"type": "TextualBody", "purpose": "classifying", "value": "direct", "attrib:labelSet": "quote_type"},
//!       {"type": "TextualBody", "purpose": "classifying", "value": "against", "attrib:labelSet": "stance",
//!        "attrib:stanceTarget": {"text": "Russia"}},
//!       {"type": "SpecificResource", "purpose": "linking", "attrib:role": "cue", "source": "…",
//!        "selector": [{"type": "TextQuoteSelector", …}, {"type": "TextPositionSelector", …}]},
//!       {"type": "TextualBody", "purpose": "commenting", "value": "the note"}],
//!     "target": {"source": "…", "selector": [
//!       {"type": "TextQuoteSelector", "exact": "“I lost the argument,”", "prefix": "…", "suffix": "…"},
//!       {"type": "TextPositionSelector", "start": 630, "end": 652}]}}]}}
//! ```
//!
//! - A quote in several parts has one target per part, in document order
//!   (`target` is then an array); each target's two selectors describe the
//!   same part, as the W3C model requires of several selectors.
//! - `labelSet` is `quote_type`, `checkworthiness`, `claim_type` or
//!   `stance`; the stance body carries its target as `{"text": …}` or
//!   `{"speaker": id}`.
//! - A label of one of the schema's further label sets (a custom kind's
//!   labels, a quote's source type) is a classifying body of its own,
//!   named by `attrib:customLabelSet` rather than `attrib:labelSet`, so a
//!   set called `stance` is never read as the stance:
//!   `{"type": "TextualBody", "purpose": "classifying", "value": "anonymous",
//!   "attrib:customLabelSet": "source_type"}`.
//! - The cue is a body, not a target: it is not part of what was said.
//! - Ids are IRIs: `urn:attrib:annotation:DOC:ANN` with both parts
//!   percent-encoded; any other id is kept whole. The target `source` is the
//!   document's source URL, or `urn:attrib:document:DOC` without one.
//! - `attrib:` terms are defined by the collection's context; annotations
//!   embedded in it inherit that definition.
//!
//! # Import
//!
//! W3C annotations do not carry the text, so import needs it
//! ([`FormatError::NeedsText`]). Accepted: a collection with an embedded
//! first page, a page, one annotation, or an array of annotations. Each
//! target is placed by its TextPositionSelector when the text there is the
//! TextQuoteSelector's `exact`, and otherwise re-anchored by the quote and
//! its context. Without the `attrib:` extensions (a file from another tool)
//! the schema is the default one extended with the labels used, and
//! speakers are made from the identifying bodies. Bodies with other
//! purposes are ignored; every annotation needs exactly one tagging body,
//! its kind.

use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::anchor::{self, Anchor, PendingAnnotation, TextQuote};
use super::json_tree::Json;
use super::mentions::speaker_called;
use super::native::{NativeNewlines, NativeSchema, NativeSpeaker, NativeStanceTarget, OffsetUnit};
use super::probe::{Probe, Shape};
use super::regions::add_label_use;
use super::{
    document_with_newlines, percent_decode, span_outside, Format, FormatError, Imported, OutputFile,
};
use crate::model::{AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance};
use crate::text::Newlines;

/// The Web Annotation JSON-LD context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI the `attrib:` prefix stands for.
pub const ATTRIB_VOCAB: &str = "urn:attrib:vocab:";

const ANNOTATION_IRI: &str = "urn:attrib:annotation:";
const DOCUMENT_IRI: &str = "urn:attrib:document:";
const COLLECTION_IRI: &str = "urn:attrib:collection:";

/// Document metadata carried as `attrib:document` (everything but the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct W3cDocument {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default)]
    pub offsets: OffsetUnit,
    #[serde(default)]
    pub newlines: NativeNewlines,
}

#[derive(Serialize)]
struct OutCollection {
    #[serde(rename = "@context")]
    context: Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(rename = "attrib:document")]
    document: W3cDocument,
    #[serde(rename = "attrib:schema")]
    schema: NativeSchema,
    #[serde(rename = "attrib:speakers")]
    speakers: Vec<NativeSpeaker>,
    first: OutPage,
}

#[derive(Serialize)]
struct OutPage {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<OutAnnotation>,
}

#[derive(Serialize)]
struct OutAnnotation {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<OutBody>,
    target: OutTargets,
}

/// One target, or several as an array.
#[derive(Serialize)]
#[serde(untagged)]
enum OutTargets {
    One(OutTarget),
    Many(Vec<OutTarget>),
}

/// Fields in alphabetical order, as `serde_json::Value` objects write them.
#[derive(Serialize)]
struct OutTarget {
    selector: [OutSelector; 2],
    source: String,
}

/// A TextQuoteSelector or TextPositionSelector, fields in alphabetical
/// order as `serde_json::Value` objects write them.
#[derive(Serialize)]
#[serde(untagged)]
enum OutSelector {
    Quote {
        exact: String,
        prefix: String,
        suffix: String,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Position {
        end: usize,
        start: usize,
        #[serde(rename = "type")]
        kind: &'static str,
    },
}

#[derive(Serialize, Default)]
struct OutBody {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(rename = "attrib:labelSet", skip_serializing_if = "Option::is_none")]
    label_set: Option<&'static str>,
    #[serde(
        rename = "attrib:customLabelSet",
        skip_serializing_if = "Option::is_none"
    )]
    custom_label_set: Option<String>,
    #[serde(rename = "attrib:speaker", skip_serializing_if = "Option::is_none")]
    speaker: Option<String>,
    #[serde(
        rename = "attrib:stanceTarget",
        skip_serializing_if = "Option::is_none"
    )]
    stance_target: Option<NativeStanceTarget>,
    #[serde(rename = "attrib:role", skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selector: Option<[OutSelector; 2]>,
}

impl OutBody {
    fn text(purpose: &'static str, value: impl Into<String>) -> OutBody {
        OutBody {
            kind: "TextualBody",
            purpose,
            value: Some(value.into()),
            ..OutBody::default()
        }
    }

    fn label(set: &'static str, value: &str) -> OutBody {
        OutBody {
            label_set: Some(set),
            ..OutBody::text("classifying", value)
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn source_of(meta: &Metadata) -> String {
    match &meta.source_url {
        Some(url) if !url.is_empty() => url.clone(),
        _ => format!("{DOCUMENT_IRI}{}", encode(&meta.id)),
    }
}

fn selectors(
    doc: &AnnotatedDocument,
    annotation: &Annotation,
    span: Span,
) -> Result<[OutSelector; 2], FormatError> {
    let quote = anchor::quote_at(&doc.text, span)
        .ok_or_else(|| span_outside(Format::W3c, doc, &annotation.id, span))?;
    Ok([
        OutSelector::Quote {
            exact: quote.exact,
            prefix: quote.prefix,
            suffix: quote.suffix,
            kind: "TextQuoteSelector",
        },
        OutSelector::Position {
            end: span.end,
            start: span.start,
            kind: "TextPositionSelector",
        },
    ])
}

fn out_annotation(doc: &AnnotatedDocument, a: &Annotation) -> Result<OutAnnotation, FormatError> {
    let source = source_of(&doc.meta);
    let mut body = vec![OutBody::text("tagging", a.kind.as_str())];
    if let Some(id) = &a.speaker {
        let name = doc.speaker(id).map_or(id.as_str(), |s| s.name.as_str());
        body.push(OutBody {
            speaker: Some(id.clone()),
            ..OutBody::text("identifying", name)
        });
    }
    if let Some(label) = &a.quote_type {
        body.push(OutBody::label("quote_type", label));
    }
    if let Some(label) = &a.checkworthiness {
        body.push(OutBody::label("checkworthiness", label));
    }
    if let Some(label) = &a.claim_type {
        body.push(OutBody::label("claim_type", label));
    }
    if let Some(stance) = &a.stance {
        let native = super::native::NativeStance::from(stance);
        body.push(OutBody {
            stance_target: Some(native.target),
            ..OutBody::label("stance", &stance.label)
        });
    }
    for (set, label) in &a.labels {
        body.push(OutBody {
            custom_label_set: Some(set.clone()),
            ..OutBody::text("classifying", label.clone())
        });
    }
    if let Some(cue) = a.cue {
        body.push(OutBody {
            kind: "SpecificResource",
            purpose: "linking",
            role: Some("cue"),
            source: Some(source.clone()),
            selector: Some(selectors(doc, a, cue)?),
            ..OutBody::default()
        });
    }
    if !a.note.is_empty() {
        body.push(OutBody::text("commenting", a.note.clone()));
    }
    let mut targets = Vec::with_capacity(a.spans.len());
    for &span in &a.spans {
        targets.push(OutTarget {
            selector: selectors(doc, a, span)?,
            source: source.clone(),
        });
    }
    let target = match (targets.pop(), targets.is_empty()) {
        (Some(one), true) => OutTargets::One(one),
        (last, _) => {
            targets.extend(last);
            OutTargets::Many(targets)
        }
    };
    Ok(OutAnnotation {
        context: ANNO_CONTEXT,
        id: format!("{ANNOTATION_IRI}{}:{}", encode(&doc.meta.id), encode(&a.id)),
        kind: "Annotation",
        motivation: "classifying",
        body,
        target,
    })
}

/// The document's annotations as one AnnotationCollection.
pub fn export(doc: &AnnotatedDocument) -> Result<OutputFile, FormatError> {
    let items = doc
        .annotations
        .iter()
        .map(|a| out_annotation(doc, a))
        .collect::<Result<Vec<_>, _>>()?;
    let meta = &doc.meta;
    let collection = OutCollection {
        context: serde_json::json!([ANNO_CONTEXT, {"attrib": ATTRIB_VOCAB}]),
        id: format!("{COLLECTION_IRI}{}", encode(&meta.id)),
        kind: "AnnotationCollection",
        label: meta.title.clone().unwrap_or_else(|| meta.id.clone()),
        total: items.len(),
        document: W3cDocument {
            id: meta.id.clone(),
            title: meta.title.clone(),
            source_url: meta.source_url.clone(),
            outlet: meta.outlet.clone(),
            author: meta.author.clone(),
            published: meta.published.clone(),
            sha256: Some(doc.text.sha256().to_string()),
            offsets: OffsetUnit::UnicodeCodePoints,
            newlines: doc.text.newlines().into(),
        },
        schema: NativeSchema::from(&doc.schema),
        speakers: doc.speakers.iter().map(NativeSpeaker::from).collect(),
        first: OutPage {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    let mut contents =
        serde_json::to_string_pretty(&collection).map_err(|e| FormatError::Unsupported {
            format: Format::W3c,
            message: e.to_string(),
        })?;
    contents.push('\n');
    Ok(OutputFile {
        extension: "jsonld",
        mime: "application/ld+json",
        contents,
    })
}

/// Whether `input` is Web Annotation JSON: an object (or an array starting
/// with one) whose `@context` is the anno context or whose `type` is
/// AnnotationCollection, AnnotationPage or Annotation.
pub fn looks_like(input: &str) -> bool {
    Probe::of(input)
        .whole()
        .and_then(Shape::first_object)
        .is_some_and(is_web_annotation)
}

/// Whether a JSON object's outline is a Web Annotation's (or a page or
/// collection of them).
pub(crate) fn is_web_annotation(value: &Shape) -> bool {
    let mentions_anno = |s: &&str| s.contains("w3.org/ns/anno");
    let context = value
        .get("@context")
        .is_some_and(|c| c.strings().iter().any(mentions_anno));
    let typed = value.get("type").is_some_and(|t| {
        t.strings()
            .iter()
            .any(|t| matches!(*t, "AnnotationCollection" | "AnnotationPage" | "Annotation"))
    });
    context || typed
}

/// A string or array of strings, as a list (other values are skipped).
fn strings<'a>(value: Option<&'a Json<'a>>) -> Vec<&'a str> {
    match value {
        Some(Json::Str(s)) => vec![s.as_ref()],
        Some(Json::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A JSON value and the path that led to it, for error messages.
struct Node<'a> {
    value: &'a Json<'a>,
    path: NodePath,
}

/// Where a node sits in the file, as steps from the top: kept as a shared
/// list and written out ("items[3].target.selector") only when an error
/// names it, so reading a good file formats no paths.
#[derive(Clone, Default)]
struct NodePath(Option<Rc<(NodePath, PathStep)>>);

#[derive(Clone, Copy)]
enum PathStep {
    Key(&'static str),
    Index(usize),
}

impl NodePath {
    fn then(&self, step: PathStep) -> NodePath {
        NodePath(Some(Rc::new((self.clone(), step))))
    }
}

impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(link) = &self.0 else {
            return Ok(());
        };
        let (parent, step) = &**link;
        parent.fmt(f)?;
        match step {
            PathStep::Key(key) if parent.0.is_none() => f.write_str(key),
            PathStep::Key(key) => write!(f, ".{key}"),
            PathStep::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl<'a> Node<'a> {
    fn root(value: &'a Json<'a>) -> Node<'a> {
        Node {
            value,
            path: NodePath::default(),
        }
    }

    fn field(&self, key: &'static str) -> Option<Node<'a>> {
        let value = self.field_value(key)?;
        Some(self.child(key, value))
    }

    /// The value of `key`, null read as missing; unlike [`Node::field`]
    /// it makes no path, which only an error needs.
    fn field_value(&self, key: &str) -> Option<&'a Json<'a>> {
        self.value.get(key).filter(|value| !value.is_null())
    }

    fn child(&self, key: &'static str, value: &'a Json<'a>) -> Node<'a> {
        Node {
            value,
            path: self.path.then(PathStep::Key(key)),
        }
    }

    /// The items of an array, or the value itself as a one-item list.
    fn many(&self) -> Vec<Node<'a>> {
        match self.value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, value)| Node {
                    value,
                    path: self.path.then(PathStep::Index(i)),
                })
                .collect(),
            value => vec![Node {
                value,
                path: self.path.clone(),
            }],
        }
    }

    fn error(&self, message: impl Into<String>) -> FormatError {
        at_error(&self.path.to_string(), message)
    }

    fn str_field(&self, key: &'static str) -> Result<Option<&'a str>, FormatError> {
        match self.field_value(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.as_ref())),
            Some(other) => Err(self
                .child(key, other)
                .error(format!("expected a string, found {other}"))),
        }
    }

    fn offset_field(&self, key: &'static str) -> Result<Option<usize>, FormatError> {
        match self.field_value(key) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| {
                    self.child(key, value).error(format!(
                        "expected a code-point offset (a whole number), found {value}"
                    ))
                }),
        }
    }

    fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, FormatError> {
        super::json_path::from_value(&self.value.to_value()).map_err(|err| {
            let inner = err.path().to_string();
            let outer = self.path.to_string();
            let path = match (outer.as_str(), inner.as_str()) {
                (outer, ".") => outer.to_string(),
                ("", inner) => inner.to_string(),
                (outer, inner) if inner.starts_with('[') => format!("{outer}{inner}"),
                (outer, inner) => format!("{outer}.{inner}"),
            };
            at_error(&path, err.into_inner().to_string())
        })
    }
}

fn at_error(path: &str, message: impl Into<String>) -> FormatError {
    FormatError::Syntax {
        format: Format::W3c,
        location: if path.is_empty() {
            "the top level".to_string()
        } else {
            path.to_string()
        },
        message: message.into(),
    }
}

/// Reads a collection (or page, annotation or array of annotations) onto
/// `text`.
pub fn import(input: &str, text: Option<&str>) -> Result<Imported, FormatError> {
    let text = text.ok_or(FormatError::NeedsText(Format::W3c))?;
    let value: Json = serde_json::from_str(input).map_err(|e| FormatError::Syntax {
        format: Format::W3c,
        location: format!("line {}, column {}", e.line(), e.column()),
        message: e.to_string(),
    })?;
    let root = Node::root(&value);
    let items = annotation_nodes(&root)?;

    let document: Option<W3cDocument> = root
        .field("attrib:document")
        .map(|n| n.typed())
        .transpose()?;
    let newlines = document
        .as_ref()
        .map_or(Newlines::Lf, |d| Newlines::from(d.newlines));
    let doc_text = document_with_newlines(text, newlines);

    let mut reader = Reader {
        schema: match root.field("attrib:schema") {
            Some(node) => Schema::from(node.typed::<NativeSchema>()?),
            None => Schema::default(),
        },
        extend_schema: root.field("attrib:schema").is_none(),
        speakers: match root.field("attrib:speakers") {
            Some(node) => node
                .typed::<Vec<NativeSpeaker>>()?
                .into_iter()
                .map(Speaker::from)
                .collect(),
            None => Vec::new(),
        },
        first_source: None,
    };
    let mut pending = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        pending.push(reader.annotation(item, i)?);
    }
    let (annotations, unplaced) = anchor::resolve(&doc_text, pending);
    let meta = match document {
        Some(d) => Metadata {
            id: d.id,
            title: d.title,
            source_url: d.source_url,
            outlet: d.outlet,
            author: d.author,
            published: d.published,
            ..Metadata::default()
        },
        None => Metadata {
            id: reader
                .first_source
                .map(|s| match s.strip_prefix(DOCUMENT_IRI) {
                    Some(rest) => percent_decode(rest).unwrap_or(s),
                    None => s,
                })
                .unwrap_or_default(),
            ..Metadata::default()
        },
    };
    Ok(Imported {
        documents: vec![AnnotatedDocument {
            meta,
            text: doc_text,
            schema: reader.schema,
            speakers: reader.speakers,
            annotations,
        }],
        unplaced,
        warnings: Vec::new(),
        broken: Vec::new(),
    })
}

/// The annotations in a collection, page, array or single annotation.
fn annotation_nodes<'a>(root: &Node<'a>) -> Result<Vec<Node<'a>>, FormatError> {
    if root.value.is_array() {
        return Ok(root.many());
    }
    if !root.value.is_object() {
        return Err(
            root.error("expected an AnnotationCollection, an AnnotationPage or an Annotation")
        );
    }
    let types = strings(root.value.get("type"));
    let is = |name: &str| types.contains(&name);
    if is("AnnotationCollection") || root.field("first").is_some() {
        let Some(first) = root.field("first") else {
            return Ok(Vec::new());
        };
        if first.value.is_string() {
            return Err(first.error(
                "the first page is only linked, not embedded; give a collection with its pages inside",
            ));
        }
        if first.field("next").is_some_and(|n| !n.value.is_null()) {
            return Err(
                first.error("the collection has several pages; Attrib reads one embedded page")
            );
        }
        return Ok(first.field("items").map(|n| n.many()).unwrap_or_default());
    }
    if is("AnnotationPage") || root.field("items").is_some() {
        return Ok(root.field("items").map(|n| n.many()).unwrap_or_default());
    }
    if is("Annotation") || root.field("target").is_some() {
        return Ok(vec![Node {
            value: root.value,
            path: NodePath::default(),
        }]);
    }
    Err(root.error("expected an AnnotationCollection, an AnnotationPage or an Annotation"))
}

struct Reader {
    schema: Schema,
    /// Without `attrib:schema`, labels found are added to the default one.
    extend_schema: bool,
    speakers: Vec<Speaker>,
    first_source: Option<String>,
}

impl Reader {
    fn annotation(&mut self, item: &Node, index: usize) -> Result<PendingAnnotation, FormatError> {
        if !item.value.is_object() {
            return Err(item.error("expected an annotation object"));
        }
        let id = match item.str_field("id")? {
            Some(iri) => annotation_id(iri),
            None => format!("a{}", index + 1),
        };
        let bodies: Vec<Node> = item.field("body").map(|b| b.many()).unwrap_or_default();
        let mut kind: Option<String> = None;
        let mut annotation = Annotation::new(id, Kind::Quote, Vec::new());
        let mut cue = None;
        let mut notes = Vec::new();
        for body in &bodies {
            if !body.value.is_object() {
                continue; // a body given only by its IRI says nothing Attrib reads
            }
            let purposes = strings(body.value.get("purpose"));
            let value = body.str_field("value")?;
            if purposes.contains(&"tagging") {
                let value =
                    value.ok_or_else(|| body.error("a tagging body needs a value: the kind"))?;
                if let Some(first) = &kind {
                    return Err(body.error(format!(
                        "a second tagging body ({value:?} after {first:?}); Attrib reads one, the kind"
                    )));
                }
                kind = Some(value.to_string());
            } else if purposes.contains(&"identifying") {
                annotation.speaker = Some(self.speaker(body, value)?);
            } else if purposes.contains(&"classifying") {
                self.label(body, value, &mut annotation)?;
            } else if purposes.contains(&"commenting") {
                notes.push(value.unwrap_or("").to_string());
            } else if purposes.contains(&"linking") && body.str_field("attrib:role")? == Some("cue")
            {
                cue = Some(self.anchor(body)?);
            }
        }
        if let Some(value) = item.str_field("bodyValue")? {
            notes.push(value.to_string());
        }
        annotation.note = notes.join("\n\n");
        let Some(kind) = kind else {
            return Err(item.error(
                "no body with purpose \"tagging\" gives the kind (quote, claim, mention or a custom kind)",
            ));
        };
        annotation.kind = Kind::parse(&kind);
        if let Kind::Custom(name) = &annotation.kind {
            if self.extend_schema {
                add_label(&mut self.schema.custom_kinds, name);
            }
        }
        if self.extend_schema {
            for (set, label) in &annotation.labels {
                add_label_use(&mut self.schema, set, &annotation.kind, label);
            }
        }
        let target = item
            .field("target")
            .ok_or_else(|| item.error("no target: nothing says where the annotation is"))?;
        let spans = target
            .many()
            .iter()
            .map(|t| self.anchor(t))
            .collect::<Result<Vec<_>, _>>()?;
        if spans.is_empty() {
            return Err(target.error("an empty list of targets"));
        }
        Ok(PendingAnnotation {
            annotation,
            spans,
            cue,
        })
    }

    fn speaker(&mut self, body: &Node, name: Option<&str>) -> Result<String, FormatError> {
        let id = body.str_field("attrib:speaker")?;
        let id = match (id, name) {
            (Some(id), _) => id,
            (None, Some(name)) => return Ok(speaker_called(&mut self.speakers, name)),
            (None, None) => {
                return Err(
                    body.error("an identifying body needs a value (the name) or attrib:speaker")
                )
            }
        };
        if !self.speakers.iter().any(|s| s.id == id) {
            self.speakers
                .push(Speaker::new(id, name.unwrap_or(id).to_string()));
        }
        Ok(id.to_string())
    }

    fn label(
        &mut self,
        body: &Node,
        value: Option<&str>,
        a: &mut Annotation,
    ) -> Result<(), FormatError> {
        if let Some(set) = body.str_field("attrib:customLabelSet")? {
            let value =
                value.ok_or_else(|| body.error("a classifying body needs a value: the label"))?;
            if let Some(first) = a.labels.get(set) {
                return Err(body.error(format!(
                    "a second label of set {set:?} ({value:?} after {first:?}); expected one"
                )));
            }
            a.labels.insert(set.to_string(), value.to_string());
            return Ok(());
        }
        let set = body.str_field("attrib:labelSet")?.ok_or_else(|| {
            body.error("a classifying body needs attrib:labelSet: quote_type, checkworthiness, claim_type or stance")
        })?;
        let value = value
            .ok_or_else(|| body.error("a classifying body needs a value: the label"))?
            .to_string();
        let extend = self.extend_schema;
        let schema = &mut self.schema;
        let (labels, slot) = match set {
            "quote_type" => (&mut schema.quote_types, &mut a.quote_type),
            "checkworthiness" => (&mut schema.checkworthiness, &mut a.checkworthiness),
            "claim_type" => (&mut schema.claim_types, &mut a.claim_type),
            "stance" => {
                let target = body
                    .field("attrib:stanceTarget")
                    .ok_or_else(|| body.error("a stance body needs attrib:stanceTarget"))?
                    .typed::<NativeStanceTarget>()?;
                if extend {
                    add_label(&mut schema.stance_labels, &value);
                }
                a.stance = Some(Stance::from(super::native::NativeStance {
                    target,
                    label: value,
                }));
                return Ok(());
            }
            other => {
                return Err(body.error(format!(
                    "unknown attrib:labelSet {other:?}; expected quote_type, checkworthiness, claim_type or stance"
                )))
            }
        };
        if extend {
            add_label(labels, &value);
        }
        *slot = Some(value);
        Ok(())
    }

    /// The anchor a target (or the cue body) describes by its selectors.
    fn anchor(&mut self, resource: &Node) -> Result<Anchor, FormatError> {
        if resource.value.is_string() {
            return Err(resource.error(
                "a target given only by its IRI selects the whole document; Attrib needs a TextQuoteSelector or TextPositionSelector",
            ));
        }
        if self.first_source.is_none() {
            self.first_source = resource.str_field("source")?.map(str::to_string);
        }
        let mut anchor = Anchor::default();
        for selector in resource
            .field("selector")
            .map(|s| s.many())
            .unwrap_or_default()
        {
            match strings(selector.value.get("type")).first().copied() {
                Some("TextQuoteSelector") => {
                    let exact = selector
                        .str_field("exact")?
                        .ok_or_else(|| selector.error("a TextQuoteSelector needs exact"))?;
                    anchor.quote = Some(TextQuote {
                        exact: exact.to_string(),
                        prefix: selector.str_field("prefix")?.unwrap_or("").to_string(),
                        suffix: selector.str_field("suffix")?.unwrap_or("").to_string(),
                    });
                }
                Some("TextPositionSelector") => {
                    let start = selector.offset_field("start")?;
                    let end = selector.offset_field("end")?;
                    match (start, end) {
                        (Some(start), Some(end)) if start <= end => {
                            anchor.position = Some(Span::new(start, end))
                        }
                        (Some(start), Some(end)) => {
                            return Err(selector.error(format!("start {start} is after end {end}")))
                        }
                        _ => {
                            return Err(selector.error("a TextPositionSelector needs start and end"))
                        }
                    }
                }
                _ => {}
            }
        }
        if anchor.position.is_none() && anchor.quote.is_none() {
            return Err(resource.error("no TextQuoteSelector or TextPositionSelector"));
        }
        Ok(anchor)
    }
}

fn annotation_id(iri: &str) -> String {
    iri.strip_prefix(ANNOTATION_IRI)
        .and_then(|rest| rest.rsplit_once(':'))
        .and_then(|(_, id)| percent_decode(id))
        .unwrap_or_else(|| iri.to_string())
}

fn add_label(labels: &mut Vec<String>, label: &str) {
    if !labels.iter().any(|l| l == label) {
        labels.push(label.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{kerry_with_two_part_quote, span_of};

    /// The two-part-quote fixture under an id that needs percent-encoding.
    fn sample() -> AnnotatedDocument {
        let mut doc = kerry_with_two_part_quote();
        doc.meta.id = "kerry talks/1".into();
        doc
    }

    /// The fixture's text.
    fn text() -> String {
        sample().text.text().to_string()
    }

    fn json(doc: &AnnotatedDocument) -> Value {
        serde_json::from_str(&export(doc).expect("export").contents).expect("json")
    }

    #[test]
    fn writes_a_collection_of_annotations_with_both_selectors() {
        let doc = sample();
        let v = json(&doc);
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["@context"][0], ANNO_CONTEXT);
        assert_eq!(v["total"], doc.annotations.len());
        assert_eq!(v["attrib:speakers"][1]["name"], "Sergei Lavrov");
        let quote = &v["first"]["items"][1];
        assert_eq!(quote["@context"], ANNO_CONTEXT);
        assert_eq!(quote["id"], "urn:attrib:annotation:kerry%20talks%2F1:q1");
        assert_eq!(quote["body"][0]["purpose"], "tagging");
        assert_eq!(quote["body"][0]["value"], "quote");
        assert_eq!(quote["body"][1]["purpose"], "identifying");
        assert_eq!(quote["body"][1]["value"], "John Kerry");
        assert_eq!(quote["body"][3]["attrib:stanceTarget"]["text"], "Russia");
        assert_eq!(quote["body"][4]["attrib:role"], "cue");
        assert_eq!(quote["body"][4]["selector"][0]["exact"], "said");
        let targets = quote["target"].as_array().expect("two parts, two targets");
        assert_eq!(targets.len(), 2);
        assert_eq!(
            targets[1]["source"],
            "urn:attrib:document:kerry%20talks%2F1"
        );
        assert_eq!(targets[1]["selector"][0]["type"], "TextQuoteSelector");
        assert_eq!(
            targets[1]["selector"][0]["exact"],
            "“I’ve argued for force.”"
        );
        assert_eq!(
            targets[1]["selector"][1]["start"],
            span_of(&text(), "“I’ve argued for force.”").start
        );
        let claim = &v["first"]["items"][3];
        assert!(claim["target"].is_object(), "one part, one target");
        assert_eq!(claim["body"][1]["attrib:labelSet"], "checkworthiness");
    }

    #[test]
    fn round_trips_the_sample() {
        let doc = sample();
        let file = export(&doc).expect("export");
        assert!(looks_like(&file.contents));
        let imported = import(&file.contents, Some(&text())).expect("import");
        assert!(imported.unplaced.is_empty());
        assert_eq!(imported.documents, vec![doc]);
    }

    #[test]
    fn needs_the_text() {
        let file = export(&sample()).expect("export");
        assert_eq!(
            import(&file.contents, None),
            Err(FormatError::NeedsText(Format::W3c))
        );
    }

    #[test]
    fn re_anchors_by_the_quote_when_positions_are_stale() {
        let file = export(&sample()).expect("export");
        let text = text();
        let edited = format!("Breaking: {text}");
        let imported = import(&file.contents, Some(&edited)).expect("import");
        let doc = &imported.documents[0];
        let moved = |needle| {
            let s = span_of(&text, needle);
            Span::new(s.start + 10, s.end + 10)
        };
        assert_eq!(
            doc.annotations[1].spans,
            vec![
                moved("“I lost the argument,”"),
                moved("“I’ve argued for force.”")
            ]
        );
        assert_eq!(doc.annotations[1].cue, Some(moved("said")));
        // The quote's first part and its cue are left, nothing else.
        let gone = "“I lost the argument,” he said.";
        let imported = import(&file.contents, Some(gone)).expect("import");
        assert!(imported.documents[0].annotations.is_empty());
        let reasons: Vec<&str> = imported
            .unplaced
            .iter()
            .map(|u| u.reason.as_str())
            .collect();
        assert_eq!(reasons, vec!["not found"; 4]);
        let ids: Vec<&str> = imported
            .unplaced
            .iter()
            .map(|u| u.annotation_id.as_str())
            .collect();
        assert_eq!(ids, ["m1", "q1", "m2", "c1"]);
    }

    #[test]
    fn reads_annotations_from_other_tools() {
        let foreign = r#"[{
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "https://example.org/anno/17",
            "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"},
                     {"type": "TextualBody", "purpose": "identifying", "value": "Sergey Lavrov"},
                     {"type": "TextualBody", "purpose": "replying", "value": "ignored"}],
            "bodyValue": "checked",
            "target": {"source": "https://example.org/article",
                       "selector": {"type": "TextQuoteSelector", "exact": "Sales rose 5%."}}
        }]"#;
        assert!(looks_like(foreign));
        let text = text();
        let imported = import(foreign, Some(&text)).expect("import");
        let doc = &imported.documents[0];
        assert_eq!(doc.meta.id, "https://example.org/article");
        assert_eq!(doc.speakers, vec![Speaker::new("s1", "Sergey Lavrov")]);
        let a = &doc.annotations[0];
        assert_eq!(a.id, "https://example.org/anno/17");
        assert_eq!(a.kind, Kind::Claim);
        assert_eq!(a.spans, vec![span_of(&text, "Sales rose 5%.")]);
        assert_eq!(a.speaker.as_deref(), Some("s1"));
        assert_eq!(a.note, "checked");
    }

    #[test]
    fn errors_name_the_json_path() {
        let text = text();
        let mut v = json(&sample());
        v["first"]["items"][3]["target"]["selector"][1]["start"] = Value::from("sixty");
        let err = import(&v.to_string(), Some(&text)).expect_err("bad start");
        assert_eq!(
            err.to_string(),
            "w3c: at first.items[3].target.selector[1].start: expected a code-point offset (a whole number), found \"sixty\""
        );
        let mut v = json(&sample());
        v["attrib:speakers"][0]["name"] = Value::from(5);
        let err = import(&v.to_string(), Some(&text)).expect_err("bad name");
        // The app's test `a_w3c_speaker_read_wrong_is_worded_as_natively`
        // checks the wasm build words it the same.
        assert_eq!(
            err.to_string(),
            "w3c: at attrib:speakers[0].name: invalid type: integer `5`, expected a string"
        );
        let mut v = json(&sample());
        v["first"]["items"][0]["body"][0]["purpose"] = Value::from("describing");
        let err = import(&v.to_string(), Some(&text)).expect_err("no kind");
        assert!(
            err.to_string()
                .starts_with("w3c: at first.items[0]: no body"),
            "{err}"
        );
        let err = import("{\"first\": ", Some(&text)).expect_err("truncated");
        assert!(
            err.to_string().starts_with("w3c: at line 1, column"),
            "{err}"
        );
        let mut v = json(&sample());
        v["first"]["items"][3]["target"] = Value::from("https://example.org/article");
        let err = import(&v.to_string(), Some(&text)).expect_err("whole-document target");
        assert!(
            err.to_string()
                .starts_with("w3c: at first.items[3].target:"),
            "{err}"
        );
    }

    #[test]
    fn ids_survive_percent_encoding() {
        for id in ["a1", "kerry talks/1", "ünï:côde%", "😀#?"] {
            assert_eq!(percent_decode(&encode(id)).as_deref(), Some(id));
        }
        assert_eq!(percent_decode("%ZZ"), None);
        assert_eq!(annotation_id("urn:attrib:annotation:d%3A1:a%201"), "a 1");
        assert_eq!(annotation_id("https://x.org/a/1"), "https://x.org/a/1");
    }

    #[test]
    fn detects_web_annotation_only() {
        assert!(looks_like(r#"{"type": "AnnotationCollection"}"#));
        assert!(looks_like(
            r#"{"@context": ["http://www.w3.org/ns/anno.jsonld"]}"#
        ));
        assert!(!looks_like(r#"{"format": "attrib", "version": 1}"#));
        assert!(!looks_like(
            r#"[{"data": {"text": "x"}, "annotations": []}]"#
        ));
        assert!(!looks_like("T1\tQuote 0 4\tsaid"));
    }
}
