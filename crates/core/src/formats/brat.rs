//! brat standoff (`.txt` + `.ann`), laid out as the PolNeAR attribution
//! corpus lays out quotes: Source, Cue and Content spans joined by an
//! Attribution event. Export writes both files; import reads them back,
//! checking every line strictly.
//!
//! # Offsets
//!
//! Offsets count Unicode code points of the `.txt` (brat's Python
//! `text[start:end]`), which holds the document text with `\n` line breaks.
//! Every text-bound line's text column equals the text it marks; the texts
//! of the fragments of a discontinuous annotation are joined by one space,
//! as brat writes them.
//!
//! # Layout of the `.ann`
//!
//! ```text
//! #1  AttribDocument #1  {"format":"attrib-brat","version":1,"meta":{…},…}
//! T1  Mention 25 30  Kerry
//! N1  Reference T1 attrib:s1  John Kerry
//! T2  Source 25 30  Kerry
//! N2  Reference T2 attrib:s1  John Kerry
//! T3  Cue 31 35  said
//! T4  Content 2 24  “I lost the argument,”
//! T5  Attribution 31 35  said
//! E1  Attribution:T5 Source:T2 Cue:T3 Content:T4
//! N3  Reference T4 attrib:s1  John Kerry
//! A1  QuoteType E1 direct
//! A2  Stance E1 against
//! #2  StanceTarget T4  Russia
//! #3  AnnotatorNotes T4  checked against the video
//! T6  Mention 39 45  Lavrov
//! N4  Reference T6 attrib:s2  Sergei Lavrov
//! T7  Claim 47 61  Sales rose 5%.
//! A3  Checkworthiness T7 checkworthy
//! A4  ClaimType T7 quantity
//! ```
//!
//! (Columns are separated by tabs; the text is
//! `😀 “I lost the argument,” Kerry said to Lavrov.⏎Sales rose 5%.`, where
//! the emoji is one code point.) Lines are grouped per annotation, in the
//! document's annotation order.
//!
//! - **Quote**: a `Content` text-bound annotation over its content spans (a
//!   quote in several parts is one discontinuous annotation, `10 38;52 70`);
//!   a `Cue` over its cue; a `Source` over the speaker's mention nearest to
//!   the quote (its cue if it has one), when the speaker has a mention; and
//!   the event `E  Attribution:TRIGGER Source:… Cue:… Content:…`. As in
//!   PolNeAR the trigger is a text-bound annotation of the event's type over
//!   the cue (over the content when there is no cue), and a quote without a
//!   Source span is an `Attribution-no-source` event.
//! - **Claim**, **Mention**: `Claim` and `Mention` text-bound annotations.
//!   A custom kind is a text-bound annotation of its own type; names brat
//!   cannot take as a type (spaces, colons, a clash with the types above)
//!   are rewritten (`fact check` → `fact_check`) and the record maps them
//!   back.
//! - **Labels** are attributes: `QuoteType`, `Stance`, `Checkworthiness`,
//!   `ClaimType`, on the quote's event or on the annotation's text-bound
//!   line.
//! - **Speakers** are normalisations to the `attrib` database:
//!   `N  Reference T4 attrib:s1  John Kerry` says the text-bound annotation
//!   (a mention, a quote's Content and Source, a claim) belongs to speaker
//!   `s1`. brat shows normalisations only on text-bound annotations, so a
//!   quote's speaker, stance target and note sit on its Content line. An id
//!   with spaces or `%` is percent-encoded.
//! - **Stance target**: a speaker is `N  StanceTarget T4 attrib:s2  Name`,
//!   free text is a comment `#  StanceTarget T4  Russia`.
//! - **Notes**: `#  AnnotatorNotes T4  …`.
//! - **Everything else** (document metadata, whether line breaks were
//!   normalised, the schema, the speakers with their aliases and roles, the
//!   annotation ids) is the JSON record on the first line: a comment of type
//!   `AttribDocument` that refers to itself, so brat keeps it and shows it
//!   nowhere. Its keys `ids` (brat id → annotation id), `types` (brat type
//!   → custom kind), `spans` and `exact` are described below.
//!
//! # Line breaks
//!
//! A brat line cannot hold a line break, so a span that crosses one is
//! written as brat itself writes it: as fragments split at the line breaks
//! (`\n` and the other breaks Python's `splitlines` knows), which brat
//! displays as one annotation. On import, fragments of one text-bound line
//! separated only by line breaks are joined back into one span; fragments
//! separated by anything else stay separate spans. When that rule alone
//! would not give the exact spans back (a span that starts or ends with a
//! line break, two spans of a quote that touch or are separated only by line
//! breaks), the record's `spans` holds the exact spans for that line, and is
//! used only while the line still has the fragments they produce — a line
//! edited in brat is read as it now stands. Notes, stance targets and labels
//! are written on one line with line breaks and tabs turned into spaces;
//! where that changed them, the record's `exact` holds the original, keyed by
//! the line's id, with the same staleness check.
//!
//! # Import
//!
//! Every line must be well-formed brat; a text-bound line's text column must
//! equal the text at its offsets; every referenced id must exist. Errors name
//! the line. Files from elsewhere (PolNeAR, say) import without a record:
//! ids are brat ids (`E1`, `T7`), the schema is the default one plus any
//! labels met, a `Reference` normalisation names a speaker (databases other
//! than `attrib` give ids such as `Wikipedia:534366`), and a Source span with
//! no normalisation becomes a mention of a speaker named by its text (one
//! speaker per distinct text). Relations (`R`), equivalences (`*`) and
//! attributes, normalisations and comments of other types are checked and
//! then left out: the model has no place for them. A cue written as
//! several spans is read as the one span covering them.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::regions::{complete_schema, Mentions};
use super::OutputFile;
use super::{
    document_with_newlines, json_error, percent_decode, span_outside, Format, FormatError, Imported,
};
use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
};
use crate::text::{Document, Newlines};

const FORMAT: Format = Format::Brat;

/// The `format` value of the JSON record.
const RECORD_FORMAT: &str = "attrib-brat";
const RECORD_VERSION: u32 = 1;
/// Comment type of the record line.
const RECORD_TYPE: &str = "AttribDocument";
/// Normalisation database for speaker ids.
const SPEAKER_DB: &str = "attrib";

const SOURCE: &str = "Source";
const CUE: &str = "Cue";
const CONTENT: &str = "Content";
const ATTRIBUTION: &str = "Attribution";
const ATTRIBUTION_NO_SOURCE: &str = "Attribution-no-source";
const CLAIM: &str = "Claim";
const MENTION: &str = "Mention";
/// Text-bound types with a fixed meaning here; custom kinds never take them.
const RESERVED_TYPES: [&str; 7] = [
    SOURCE,
    CUE,
    CONTENT,
    ATTRIBUTION,
    ATTRIBUTION_NO_SOURCE,
    CLAIM,
    MENTION,
];

const QUOTE_TYPE: &str = "QuoteType";
const STANCE: &str = "Stance";
const CHECKWORTHINESS: &str = "Checkworthiness";
const CLAIM_TYPE: &str = "ClaimType";
const REFERENCE: &str = "Reference";
const STANCE_TARGET: &str = "StanceTarget";
const NOTES: &str = "AnnotatorNotes";

/// What brat cannot say itself, carried in the `AttribDocument` line.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    format: String,
    version: u32,
    meta: Metadata,
    #[serde(default)]
    newlines: Newlines,
    schema: Schema,
    #[serde(default)]
    speakers: Vec<Speaker>,
    /// brat id of an annotation's main line (E for quotes, T otherwise) →
    /// annotation id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ids: BTreeMap<String, String>,
    /// brat type → custom kind name, where they differ.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    types: BTreeMap<String, String>,
    /// T id → exact code-point spans, where the fragments alone do not say.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    spans: BTreeMap<String, Vec<[usize; 2]>>,
    /// A or # id → exact value, where writing it on one line changed it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    exact: BTreeMap<String, String>,
}

// ---------------------------------------------------------------- helpers

/// Characters that end a line for brat (Python's `str.splitlines`).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `value` on one line: line breaks and tabs become spaces.
fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if is_line_break(c) || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The fragments brat gets for `spans`: each span cut at line breaks, then
/// sorted with touching or overlapping pieces merged (brat rejects both). A
/// set of spans with no text outside line breaks becomes one empty fragment.
/// `None` if a span leaves the text.
fn fragments_of(text: &Document, spans: &[Span]) -> Option<Vec<Span>> {
    let mut pieces = Vec::new();
    for span in spans {
        let slice = text.slice(*span)?;
        let mut run: Option<usize> = None;
        for (i, c) in slice.chars().enumerate() {
            let at = span.start + i;
            if is_line_break(c) {
                if let Some(start) = run.take() {
                    pieces.push(Span::new(start, at));
                }
            } else if run.is_none() {
                run = Some(at);
            }
        }
        if let Some(start) = run {
            pieces.push(Span::new(start, span.end));
        }
    }
    pieces.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if piece.start <= last.end => last.end = last.end.max(piece.end),
            _ => merged.push(piece),
        }
    }
    if merged.is_empty() {
        let at = spans.first().map_or(0, |s| s.start.min(text.len_chars()));
        merged.push(Span::new(at, at));
    }
    Some(merged)
}

/// The spans a line's fragments stand for: fragments separated only by line
/// breaks are one span.
fn rejoin(text: &Document, fragments: &[Span]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        if let Some(last) = spans.last_mut() {
            let gap = Span::new(last.end, fragment.start);
            let only_breaks = last.end < fragment.start
                && text
                    .slice(gap)
                    .is_some_and(|between| between.chars().all(is_line_break));
            if only_breaks {
                last.end = fragment.end;
                continue;
            }
        }
        spans.push(*fragment);
    }
    spans
}

/// The text column of a text-bound line: its fragments joined by a space.
fn text_column(text: &Document, fragments: &[Span]) -> Option<String> {
    let mut parts = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        parts.push(text.slice(*fragment)?);
    }
    Some(parts.join(" "))
}

/// A speaker id as a normalisation reference id: no whitespace, no `%`.
fn encode_ref(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_whitespace() || c == '%' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A custom kind's name as a brat type: letters, digits, `-`, `_`, `.`.
fn sanitise_type(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "Custom".to_string()
    } else {
        cleaned
    }
}

/// JSON for one brat line: serde_json leaves U+0085, U+2028 and U+2029 raw,
/// and brat would break the line at them.
fn json_one_line(value: &Record) -> Result<String, FormatError> {
    let json = serde_json::to_string(value).map_err(|e| FormatError::Unsupported {
        format: FORMAT,
        message: format!("cannot write the document record: {e}"),
    })?;
    Ok(json
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

// ----------------------------------------------------------------- export

/// Writes the `.txt` (the document text) and the `.ann`, in that order.
pub fn export(doc: &AnnotatedDocument) -> Result<Vec<OutputFile>, FormatError> {
    let mut writer = Writer::new(doc);
    for annotation in &doc.annotations {
        writer.annotation(annotation)?;
    }
    let ann = writer.finish()?;
    Ok(vec![
        OutputFile {
            extension: "txt",
            mime: "text/plain; charset=utf-8",
            contents: doc.text.text().to_string(),
        },
        OutputFile {
            extension: "ann",
            mime: "text/plain; charset=utf-8",
            contents: ann,
        },
    ])
}

struct Writer<'a> {
    doc: &'a AnnotatedDocument,
    lines: Vec<String>,
    /// Last number used for T, E, A, N and # ids (the record is #1).
    counts: [usize; 5],
    record: Record,
    /// Custom kind name → brat type.
    type_of: HashMap<String, String>,
    mentions: Mentions,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a AnnotatedDocument) -> Self {
        let mut record = Record {
            format: RECORD_FORMAT.to_string(),
            version: RECORD_VERSION,
            meta: doc.meta.clone(),
            newlines: doc.text.newlines(),
            schema: doc.schema.clone(),
            speakers: doc.speakers.clone(),
            ids: BTreeMap::new(),
            types: BTreeMap::new(),
            spans: BTreeMap::new(),
            exact: BTreeMap::new(),
        };
        let mut type_of = HashMap::new();
        let mut used: HashSet<String> = RESERVED_TYPES.iter().map(|t| t.to_string()).collect();
        let annotation_kinds = doc.annotations.iter().filter_map(|a| match &a.kind {
            Kind::Custom(name) => Some(name),
            _ => None,
        });
        for name in doc.schema.custom_kinds.iter().chain(annotation_kinds) {
            if type_of.contains_key(name) {
                continue;
            }
            let base = sanitise_type(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while used.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            used.insert(candidate.clone());
            if candidate != *name {
                record.types.insert(candidate.clone(), name.clone());
            }
            type_of.insert(name.clone(), candidate);
        }
        Writer {
            doc,
            lines: Vec::new(),
            counts: [0, 0, 0, 0, 1],
            record,
            type_of,
            mentions: Mentions::new(doc),
        }
    }

    fn next_id(&mut self, prefix: char) -> String {
        let slot = match prefix {
            'T' => 0,
            'E' => 1,
            'A' => 2,
            'N' => 3,
            _ => 4,
        };
        self.counts[slot] += 1;
        format!("{prefix}{}", self.counts[slot])
    }

    /// Writes a text-bound line and returns its id. `exact` records the
    /// spans in the record when the fragments alone would not give them back.
    fn textbound(
        &mut self,
        ty: &str,
        spans: &[Span],
        exact: bool,
        owner: &str,
    ) -> Result<String, FormatError> {
        let text = &self.doc.text;
        let outside = |span: Span| span_outside(FORMAT, self.doc, owner, span);
        for span in spans {
            if span.start > span.end || span.end > text.len_chars() {
                return Err(outside(*span));
            }
        }
        let fragments = fragments_of(text, spans)
            .ok_or_else(|| outside(spans.first().copied().unwrap_or(Span::new(0, 0))))?;
        let column = text_column(text, &fragments)
            .ok_or_else(|| outside(spans.first().copied().unwrap_or(Span::new(0, 0))))?;
        let offsets: Vec<String> = fragments
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let id = self.next_id('T');
        if exact && rejoin(text, &fragments) != spans {
            let exact_spans = spans.iter().map(|s| [s.start, s.end]).collect();
            self.record.spans.insert(id.clone(), exact_spans);
        }
        self.lines
            .push(format!("{id}\t{ty} {}\t{column}", offsets.join(";")));
        Ok(id)
    }

    fn attribute(&mut self, ty: &str, target: &str, value: &str) {
        let id = self.next_id('A');
        let written = one_line(value);
        if written != value {
            self.record.exact.insert(id.clone(), value.to_string());
        }
        self.lines.push(format!("{id}\t{ty} {target} {written}"));
    }

    fn speaker_reference(&mut self, ty: &str, target: &str, speaker: &str) {
        let id = self.next_id('N');
        let name = self
            .doc
            .speaker(speaker)
            .map_or(speaker, |s| s.name.as_str());
        self.lines.push(format!(
            "{id}\t{ty} {target} {SPEAKER_DB}:{}\t{}",
            encode_ref(speaker),
            one_line(name)
        ));
    }

    fn comment(&mut self, ty: &str, target: &str, value: &str) {
        let id = self.next_id('#');
        let written = one_line(value);
        if written != value {
            self.record.exact.insert(id.clone(), value.to_string());
        }
        self.lines.push(format!("{id}\t{ty} {target}\t{written}"));
    }

    fn annotation(&mut self, a: &Annotation) -> Result<(), FormatError> {
        // Attributes go on `labelled`; normalisations and notes on `noted`,
        // which is always text-bound.
        let (labelled, noted) = if a.kind == Kind::Quote {
            self.quote(a)?
        } else {
            if let Some(cue) = a.cue {
                return Err(FormatError::Unsupported {
                    format: FORMAT,
                    message: format!(
                        "annotation {}: a {} with a cue ({cue}) cannot be written; \
                         only quotes have cues",
                        a.id, a.kind
                    ),
                });
            }
            let ty = match &a.kind {
                Kind::Claim => CLAIM.to_string(),
                Kind::Custom(name) => self
                    .type_of
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| sanitise_type(name)),
                _ => MENTION.to_string(),
            };
            let t = self.textbound(&ty, &a.spans, true, &a.id)?;
            self.record.ids.insert(t.clone(), a.id.clone());
            (t.clone(), t)
        };
        if let Some(speaker) = &a.speaker {
            self.speaker_reference(REFERENCE, &noted, speaker);
        }
        if let Some(label) = &a.quote_type {
            self.attribute(QUOTE_TYPE, &labelled, label);
        }
        if let Some(label) = &a.checkworthiness {
            self.attribute(CHECKWORTHINESS, &labelled, label);
        }
        if let Some(label) = &a.claim_type {
            self.attribute(CLAIM_TYPE, &labelled, label);
        }
        if let Some(stance) = &a.stance {
            self.attribute(STANCE, &labelled, &stance.label);
            match &stance.target {
                StanceTarget::Speaker(id) => self.speaker_reference(STANCE_TARGET, &noted, id),
                StanceTarget::Text(text) => self.comment(STANCE_TARGET, &noted, text),
            }
        }
        if !a.note.is_empty() {
            self.comment(NOTES, &noted, &a.note);
        }
        Ok(())
    }

    /// Source, Cue, Content, trigger and event lines of a quote; returns
    /// the event id and the Content id.
    fn quote(&mut self, a: &Annotation) -> Result<(String, String), FormatError> {
        let source = a
            .speaker
            .as_deref()
            .and_then(|speaker| self.mentions.nearest(speaker, a))
            .map(|i| &self.doc.annotations[i]);
        let source_t = match source {
            Some(mention) => {
                let t = self.textbound(SOURCE, &mention.spans, false, &mention.id)?;
                if let Some(speaker) = &a.speaker {
                    self.speaker_reference(REFERENCE, &t, speaker);
                }
                Some(t)
            }
            None => None,
        };
        let cue_t = match a.cue {
            Some(cue) => Some(self.textbound(CUE, &[cue], true, &a.id)?),
            None => None,
        };
        let content_t = self.textbound(CONTENT, &a.spans, true, &a.id)?;
        let event_type = if source_t.is_some() {
            ATTRIBUTION
        } else {
            ATTRIBUTION_NO_SOURCE
        };
        let trigger_spans = a.cue.map_or_else(|| a.spans.clone(), |cue| vec![cue]);
        let trigger = self.textbound(event_type, &trigger_spans, false, &a.id)?;
        let event = self.next_id('E');
        let mut line = format!("{event}\t{event_type}:{trigger}");
        if let Some(t) = &source_t {
            line.push_str(&format!(" {SOURCE}:{t}"));
        }
        if let Some(t) = &cue_t {
            line.push_str(&format!(" {CUE}:{t}"));
        }
        line.push_str(&format!(" {CONTENT}:{content_t}"));
        self.lines.push(line);
        self.record.ids.insert(event.clone(), a.id.clone());
        Ok((event, content_t))
    }

    fn finish(self) -> Result<String, FormatError> {
        let mut out = format!("#1\t{RECORD_TYPE} #1\t{}\n", json_one_line(&self.record)?);
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        Ok(out)
    }
}

// ----------------------------------------------------------------- import

/// One parsed `.ann` line.
#[derive(Debug)]
struct Entry {
    /// 1-based line number.
    line: usize,
    id: String,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Text {
        ty: String,
        fragments: Vec<Span>,
    },
    Event {
        ty: String,
        trigger: String,
        /// (role, argument id) in the order written.
        args: Vec<(String, String)>,
    },
    Attribute {
        ty: String,
        target: String,
        value: Option<String>,
    },
    Normalisation {
        ty: String,
        target: String,
        db: String,
        reference: String,
        text: String,
    },
    Comment {
        ty: String,
        target: String,
        text: String,
    },
    /// A relation or equivalence: checked, then left out.
    Other {
        refs: Vec<String>,
    },
}

impl Body {
    /// Ids this line refers to.
    fn refs(&self) -> Vec<&str> {
        match self {
            Body::Text { .. } => Vec::new(),
            Body::Event { trigger, args, .. } => std::iter::once(trigger.as_str())
                .chain(args.iter().map(|(_, id)| id.as_str()))
                .collect(),
            Body::Attribute { target, .. }
            | Body::Normalisation { target, .. }
            | Body::Comment { target, .. } => vec![target.as_str()],
            Body::Other { refs } => refs.iter().map(String::as_str).collect(),
        }
    }
}

fn syntax(line: usize, message: impl Into<String>) -> FormatError {
    FormatError::Syntax {
        format: FORMAT,
        location: format!("line {line}"),
        message: message.into(),
    }
}

/// Whether `id` is a brat annotation id: letters (or `#` and letters) then
/// digits, then anything; or `*`.
fn valid_id(id: &str) -> bool {
    if id == "*" {
        return true;
    }
    let rest = id.strip_prefix('#').unwrap_or(id);
    let letters = rest.chars().take_while(char::is_ascii_alphabetic).count();
    let after = &rest[letters..];
    (letters > 0 || id.starts_with('#')) && after.starts_with(|c: char| c.is_ascii_digit())
}

/// Parses one non-blank line.
fn parse_line(
    line_no: usize,
    line: &str,
    text: &Document,
    raw: Option<&RawOffsets>,
) -> Result<Entry, FormatError> {
    let Some((id, rest)) = line.split_once('\t') else {
        return Err(syntax(
            line_no,
            format!("expected an annotation id, a tab and the annotation; found {line:?}"),
        ));
    };
    if !valid_id(id) {
        return Err(syntax(
            line_no,
            format!("{id:?} is not a brat id; expected letters and a number such as T1, E1, A1, N1 or #1"),
        ));
    }
    let (data, tail) = match rest.split_once('\t') {
        Some((data, tail)) => (data, Some(tail)),
        None => (rest, None),
    };
    let body = match id.chars().next() {
        Some('T') => parse_textbound(line_no, id, data, tail, text, raw)?,
        Some('E') => parse_event(line_no, id, data)?,
        Some('A' | 'M') => parse_attribute(line_no, id, data)?,
        Some('N') => parse_normalisation(line_no, id, data, tail)?,
        Some('#') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            let [ty, target] = words[..] else {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE TARGET' before the comment text; found {data:?}"),
                ));
            };
            Body::Comment {
                ty: ty.to_string(),
                target: target.to_string(),
                text: tail.unwrap_or_default().to_string(),
            }
        }
        Some('R') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            let refs = relation_args(&words);
            if words.len() != 3 || refs.len() != 2 {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE Arg1:ID Arg2:ID'; found {data:?}"),
                ));
            }
            Body::Other { refs }
        }
        Some('*') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            if words.len() < 3 {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE ID ID…' with at least two ids; found {data:?}"),
                ));
            }
            Body::Other {
                refs: words[1..].iter().map(|w| w.to_string()).collect(),
            }
        }
        _ => {
            return Err(syntax(
                line_no,
                format!("unknown kind of line {id:?}; expected an id starting with T, E, A, M, N, R, * or #"),
            ))
        }
    };
    Ok(Entry {
        line: line_no,
        id: id.to_string(),
        body,
    })
}

fn relation_args(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .skip(1)
        .filter_map(|w| w.split_once(':'))
        .map(|(_, id)| id.to_string())
        .collect()
}

fn parse_textbound(
    line_no: usize,
    id: &str,
    data: &str,
    tail: Option<&str>,
    text: &Document,
    raw: Option<&RawOffsets>,
) -> Result<Body, FormatError> {
    let Some((ty, offsets)) = data.split_once(' ') else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE START END' before the text; found {data:?}"),
        ));
    };
    if ty.is_empty() {
        return Err(syntax(line_no, format!("{id}: the type is missing")));
    }
    let len = raw.map_or(text.len_chars(), |raw| raw.len_chars);
    let mut fragments = Vec::new();
    for part in offsets.split(';') {
        let numbers: Vec<&str> = part.split_whitespace().collect();
        let parsed = match numbers[..] {
            [a, b] => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
            _ => None,
        };
        let Some((start, end)) = parsed else {
            return Err(syntax(
                line_no,
                format!(
                    "{id}: expected offsets 'START END' (several separated by ';'); found {part:?}"
                ),
            ));
        };
        if start > end {
            return Err(syntax(
                line_no,
                format!("{id}: offsets {start} {end} are reversed; expected START <= END"),
            ));
        }
        if end > len {
            return Err(syntax(
                line_no,
                format!("{id}: offset {end} is past the end of the text ({len} code points)"),
            ));
        }
        fragments.push(match raw {
            Some(raw) => Span::new(raw.to_normalised(start), raw.to_normalised(end)),
            None => Span::new(start, end),
        });
    }
    if let Some(written) = tail {
        let actual = text_column(text, &fragments).unwrap_or_default();
        if written != actual {
            return Err(syntax(
                line_no,
                format!(
                    "{id}: the text column {written:?} does not match the text at {}, which is {actual:?}",
                    fragments
                        .iter()
                        .map(|f| format!("{} {}", f.start, f.end))
                        .collect::<Vec<_>>()
                        .join(";")
                ),
            ));
        }
    }
    Ok(Body::Text {
        ty: ty.to_string(),
        fragments,
    })
}

fn parse_event(line_no: usize, id: &str, data: &str) -> Result<Body, FormatError> {
    let mut words = data.split_whitespace();
    let head = words.next().unwrap_or_default();
    let Some((ty, trigger)) = head.split_once(':') else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE:TRIGGER ROLE:ID…'; found {data:?}"),
        ));
    };
    if ty.is_empty() || trigger.is_empty() {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE:TRIGGER' with both parts; found {head:?}"),
        ));
    }
    let mut args = Vec::new();
    for word in words {
        match word.split_once(':') {
            Some((role, arg)) if !role.is_empty() && !arg.is_empty() => {
                args.push((role.to_string(), arg.to_string()))
            }
            _ => {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected an argument 'ROLE:ID'; found {word:?}"),
                ))
            }
        }
    }
    Ok(Body::Event {
        ty: ty.to_string(),
        trigger: trigger.to_string(),
        args,
    })
}

fn parse_attribute(line_no: usize, id: &str, data: &str) -> Result<Body, FormatError> {
    let parsed = data.split_once(' ').and_then(|(ty, rest)| {
        let (target, value) = match rest.split_once(' ') {
            Some((target, value)) => (target, Some(value.to_string())),
            None => (rest, None),
        };
        (!ty.is_empty() && !target.is_empty()).then_some((ty, target, value))
    });
    let Some((ty, target, value)) = parsed else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE TARGET VALUE'; found {data:?}"),
        ));
    };
    Ok(Body::Attribute {
        ty: ty.to_string(),
        target: target.to_string(),
        value,
    })
}

fn parse_normalisation(
    line_no: usize,
    id: &str,
    data: &str,
    tail: Option<&str>,
) -> Result<Body, FormatError> {
    let words: Vec<&str> = data.split(' ').collect();
    let parsed = match words[..] {
        [ty, target, reference] => reference
            .split_once(':')
            .map(|(db, reference)| (ty, target, db, reference)),
        _ => None,
    };
    let Some((ty, target, db, reference)) =
        parsed.filter(|(ty, target, db, _)| !ty.is_empty() && !target.is_empty() && !db.is_empty())
    else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE TARGET DB:ID' before the name; found {data:?}"),
        ));
    };
    Ok(Body::Normalisation {
        ty: ty.to_string(),
        target: target.to_string(),
        db: db.to_string(),
        reference: reference.to_string(),
        text: tail.unwrap_or_default().to_string(),
    })
}

/// Reads a `.ann` with the text of its `.txt`.
///
/// When the `.txt` has `\r\n` line breaks, brat itself counts each as two
/// characters, while the document holds `\n`: the offsets are read first as
/// they are (an attrib export whose `.txt` gained `\r\n` on the way), and
/// when that fails, as brat counts them, over the raw text.
pub fn import(ann: &str, text: &str) -> Result<Imported, FormatError> {
    let as_written = import_counting(ann, text, None);
    if as_written.is_ok() || !text.contains("\r\n") {
        return as_written;
    }
    let raw = RawOffsets::new(text);
    import_counting(ann, text, Some(&raw)).or(as_written)
}

/// Offsets counted over a raw text with `\r\n` line breaks, mapped to the
/// normalised text, where each such break is one `\n`.
struct RawOffsets {
    /// Code-point positions, in the raw text, of each `\r` before a `\n`.
    dropped: Vec<usize>,
    len_chars: usize,
}

impl RawOffsets {
    fn new(raw: &str) -> Self {
        let mut dropped = Vec::new();
        let mut len_chars = 0;
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() == Some(&'\n') {
                dropped.push(len_chars);
            }
            len_chars += 1;
        }
        RawOffsets { dropped, len_chars }
    }

    /// The normalised code point of raw code point `cp` (at most the raw
    /// length).
    fn to_normalised(&self, cp: usize) -> usize {
        cp - self.dropped.partition_point(|&p| p < cp)
    }
}

fn import_counting(
    ann: &str,
    text: &str,
    raw: Option<&RawOffsets>,
) -> Result<Imported, FormatError> {
    let document = Document::new(text);
    let mut entries: Vec<Entry> = Vec::new();
    let mut line_of: HashMap<String, usize> = HashMap::new();
    for (i, raw_line) in ann.split('\n').enumerate() {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            continue;
        }
        let entry = parse_line(i + 1, line, &document, raw)?;
        if entry.id != "*" {
            if let Some(first) = line_of.get(&entry.id) {
                return Err(syntax(
                    entry.line,
                    format!("id {} is already used on line {first}", entry.id),
                ));
            }
            line_of.insert(entry.id.clone(), entry.line);
        }
        entries.push(entry);
    }
    Reader::new(&entries, document)?.read(text)
}

/// The parsed lines with lookups by id and by target.
struct Reader<'e> {
    entries: &'e [Entry],
    by_id: HashMap<&'e str, &'e Entry>,
    /// Index of each line's entry, by id.
    position: HashMap<&'e str, usize>,
    /// Attribute, normalisation and comment lines by the id they refer to.
    on: HashMap<&'e str, Vec<&'e Entry>>,
    record: Option<Record>,
    text: Document,
}

/// What the lines attached to an annotation say.
#[derive(Default)]
struct Fields {
    speaker: Option<(String, String)>,
    quote_type: Option<String>,
    checkworthiness: Option<String>,
    claim_type: Option<String>,
    stance_label: Option<String>,
    stance_target: Option<StanceTarget>,
    /// The name a `StanceTarget` normalisation gives its speaker.
    stance_target_name: String,
    notes: Vec<String>,
}

impl<'e> Reader<'e> {
    fn new(entries: &'e [Entry], text: Document) -> Result<Self, FormatError> {
        let by_id: HashMap<&str, &Entry> = entries
            .iter()
            .filter(|e| e.id != "*")
            .map(|e| (e.id.as_str(), e))
            .collect();
        let position: HashMap<&str, usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.id != "*")
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut on: HashMap<&str, Vec<&Entry>> = HashMap::new();
        let mut record = None;
        let mut record_line = 0;
        for entry in entries {
            for reference in entry.body.refs() {
                if !by_id.contains_key(reference) {
                    return Err(syntax(
                        entry.line,
                        format!("{} refers to {reference}, which no line defines", entry.id),
                    ));
                }
            }
            match &entry.body {
                Body::Attribute { target, .. } | Body::Normalisation { target, .. } => {
                    on.entry(target.as_str()).or_default().push(entry);
                }
                Body::Comment { ty, target, text } => {
                    if ty == RECORD_TYPE {
                        if record.is_some() {
                            return Err(syntax(
                                entry.line,
                                format!("a second {RECORD_TYPE} record (the first is on line {record_line}); expected one"),
                            ));
                        }
                        record = Some(parse_record(entry.line, text)?);
                        record_line = entry.line;
                    } else {
                        on.entry(target.as_str()).or_default().push(entry);
                    }
                }
                _ => {}
            }
        }
        Ok(Reader {
            entries,
            by_id,
            position,
            on,
            record,
            text,
        })
    }

    fn textbound(&self, id: &str) -> Option<(&'e Entry, &'e str, &'e [Span])> {
        let entry = *self.by_id.get(id)?;
        match &entry.body {
            Body::Text { ty, fragments } => Some((entry, ty.as_str(), fragments.as_slice())),
            _ => None,
        }
    }

    /// The spans a text-bound line stands for.
    fn spans_of(&self, id: &str, fragments: &[Span]) -> Vec<Span> {
        let exact = self
            .record
            .as_ref()
            .and_then(|r| r.spans.get(id))
            .map(|pairs| {
                pairs
                    .iter()
                    .map(|&[start, end]| Span::new(start, end))
                    .collect::<Vec<_>>()
            });
        if let Some(spans) = exact {
            let still_fits = spans
                .iter()
                .all(|s| s.start <= s.end && s.end <= self.text.len_chars())
                && fragments_of(&self.text, &spans).as_deref() == Some(fragments);
            if still_fits {
                return spans;
            }
        }
        rejoin(&self.text, fragments)
    }

    /// A one-line value, or its exact form from the record while that still
    /// matches.
    fn exact_value(&self, id: &str, written: &str) -> String {
        self.record
            .as_ref()
            .and_then(|r| r.exact.get(id))
            .filter(|exact| one_line(exact) == written)
            .cloned()
            .unwrap_or_else(|| written.to_string())
    }

    /// Collects what the lines attached to `anchors` say, in anchor order.
    fn fields(&self, anchors: &[&str]) -> Result<Fields, FormatError> {
        let mut fields = Fields::default();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for anchor in anchors {
            for entry in self.on.get(anchor).into_iter().flatten() {
                match &entry.body {
                    Body::Attribute { ty, target, value } => {
                        let slot = match ty.as_str() {
                            QUOTE_TYPE => &mut fields.quote_type,
                            CHECKWORTHINESS => &mut fields.checkworthiness,
                            CLAIM_TYPE => &mut fields.claim_type,
                            STANCE => &mut fields.stance_label,
                            _ => continue,
                        };
                        let Some(value) = value else {
                            return Err(syntax(
                                entry.line,
                                format!(
                                    "{}: {ty} of {target} has no value; expected a label",
                                    entry.id
                                ),
                            ));
                        };
                        if let Some(first) = seen.insert(ty.as_str(), entry.line) {
                            return Err(syntax(
                                entry.line,
                                format!("{}: a second {ty} for the same annotation (the first is on line {first}); expected one", entry.id),
                            ));
                        }
                        *slot = Some(self.exact_value(&entry.id, value));
                    }
                    Body::Normalisation {
                        ty,
                        db,
                        reference,
                        text,
                        ..
                    } => {
                        let slot_is_reference = match ty.as_str() {
                            REFERENCE => true,
                            STANCE_TARGET => false,
                            _ => continue,
                        };
                        let speaker = speaker_id(entry, db, reference)?;
                        if slot_is_reference {
                            if fields.speaker.is_none() {
                                fields.speaker = Some((speaker, text.clone()));
                            }
                        } else if fields.stance_target.is_none() {
                            fields.stance_target = Some(StanceTarget::Speaker(speaker));
                            fields.stance_target_name = text.clone();
                        }
                    }
                    Body::Comment { ty, text, .. } => match ty.as_str() {
                        NOTES => fields.notes.push(self.exact_value(&entry.id, text)),
                        STANCE_TARGET if fields.stance_target.is_none() => {
                            fields.stance_target =
                                Some(StanceTarget::Text(self.exact_value(&entry.id, text)));
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        Ok(fields)
    }

    /// Builds the document; `raw` is the `.txt` as given.
    fn read(self, raw: &str) -> Result<Imported, FormatError> {
        let triggers = self.check_structure()?;
        let mut builder = Builder::new(self.record.as_ref());

        for (index, entry) in self.entries.iter().enumerate() {
            match &entry.body {
                Body::Event { args, .. } => {
                    self.read_quote(index, entry, args, &mut builder)?;
                }
                Body::Text { ty, fragments } => {
                    if RESERVED_TYPES.contains(&ty.as_str()) && ty != CLAIM && ty != MENTION {
                        continue;
                    }
                    if triggers.contains(entry.id.as_str()) {
                        continue;
                    }
                    let kind = match self.record.as_ref().and_then(|r| r.types.get(ty)) {
                        Some(name) => Kind::Custom(name.clone()),
                        None => match ty.as_str() {
                            CLAIM => Kind::Claim,
                            MENTION => Kind::Mention,
                            other => Kind::parse(other),
                        },
                    };
                    let spans = self.spans_of(&entry.id, fragments);
                    let fields = self.fields(&[entry.id.as_str()])?;
                    let mut annotation = Annotation::new(String::new(), kind, spans);
                    builder.apply(&mut annotation, fields);
                    builder.push(index, &entry.id, annotation);
                }
                _ => {}
            }
        }
        let doc = builder.finish(raw, self.text, self.record.as_ref());
        Ok(Imported {
            documents: vec![doc],
            unplaced: Vec::new(),
        })
    }

    /// Checks events and the text-bound lines only events may use; returns
    /// the ids of the triggers.
    fn check_structure(&self) -> Result<HashSet<&'e str>, FormatError> {
        let mut triggers = HashSet::new();
        let mut used: HashSet<&str> = HashSet::new();
        for entry in self.entries {
            let Body::Event { ty, trigger, args } = &entry.body else {
                continue;
            };
            if ty != ATTRIBUTION && ty != ATTRIBUTION_NO_SOURCE {
                return Err(syntax(
                    entry.line,
                    format!("{}: a {ty:?} event; expected an {ATTRIBUTION} or {ATTRIBUTION_NO_SOURCE} event", entry.id),
                ));
            }
            match self.textbound(trigger) {
                Some((_, trigger_type, _)) if trigger_type == ty => {}
                _ => {
                    return Err(syntax(
                        entry.line,
                        format!(
                        "{}: its trigger {trigger} must be a text-bound annotation of type {ty}",
                        entry.id
                    ),
                    ))
                }
            }
            if !triggers.insert(trigger.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!("{}: trigger {trigger} is already the trigger of another event; expected one trigger per event", entry.id),
                ));
            }
            let mut roles: HashMap<&str, usize> = HashMap::new();
            for (role, arg) in args {
                let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
                if ![SOURCE, CUE, CONTENT].contains(&base) {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: unknown role {role:?}; expected {SOURCE}, {CUE} or {CONTENT}",
                            entry.id
                        ),
                    ));
                }
                if self.textbound(arg).is_none() {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: its {role} argument {arg} must be a text-bound (T) annotation",
                            entry.id
                        ),
                    ));
                }
                *roles.entry(base).or_default() += 1;
                used.insert(arg.as_str());
            }
            if !roles.contains_key(CONTENT) {
                return Err(syntax(
                    entry.line,
                    format!("{}: no {CONTENT} argument; expected at least one", entry.id),
                ));
            }
            for role in [SOURCE, CUE] {
                if roles.get(role).copied().unwrap_or(0) > 1 {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: several {role} arguments; expected at most one",
                            entry.id
                        ),
                    ));
                }
            }
        }
        for entry in self.entries {
            let Body::Text { ty, .. } = &entry.body else {
                continue;
            };
            let structural = [SOURCE, CUE, CONTENT].contains(&ty.as_str());
            let trigger_type = ty == ATTRIBUTION || ty == ATTRIBUTION_NO_SOURCE;
            if structural && !used.contains(entry.id.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!("{}: a {ty} span that no {ATTRIBUTION} event uses; expected it as an event argument", entry.id),
                ));
            }
            if trigger_type && !triggers.contains(entry.id.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!(
                        "{}: an {ty} span that is no event's trigger; expected an E line using it",
                        entry.id
                    ),
                ));
            }
        }
        Ok(triggers)
    }

    fn read_quote(
        &self,
        index: usize,
        entry: &'e Entry,
        args: &'e [(String, String)],
        builder: &mut Builder,
    ) -> Result<(), FormatError> {
        let role_of = |(role, _): &&(String, String)| {
            role.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string()
        };
        let mut spans = Vec::new();
        let mut contents: Vec<&str> = Vec::new();
        let mut cue = None;
        let mut source = None;
        for arg in args {
            let Some((_, _, fragments)) = self.textbound(&arg.1) else {
                continue;
            };
            match role_of(&arg).as_str() {
                CONTENT => {
                    spans.extend(self.spans_of(&arg.1, fragments));
                    contents.push(arg.1.as_str());
                }
                CUE => {
                    let cue_spans = self.spans_of(&arg.1, fragments);
                    cue = match (cue_spans.first(), cue_spans.last()) {
                        (Some(first), Some(last)) => {
                            Some(Span::new(first.start, last.end.max(first.end)))
                        }
                        _ => None,
                    };
                }
                _ => source = Some(arg.1.as_str()),
            }
        }
        let mut anchors: Vec<&str> = vec![entry.id.as_str()];
        anchors.extend(&contents);
        let mut fields = self.fields(&anchors)?;
        if fields.speaker.is_none() {
            if let Some(source) = source {
                let source_fields = self.fields(&[source])?;
                fields.speaker = match source_fields.speaker {
                    Some(speaker) => Some(speaker),
                    None => {
                        let (_, _, fragments) = self
                            .textbound(source)
                            .ok_or_else(|| syntax(entry.line, "the Source argument is missing"))?;
                        let name = text_column(&self.text, fragments).unwrap_or_default();
                        let spans = self.spans_of(source, fragments);
                        let position = self.position.get(source).copied().unwrap_or(index);
                        Some(builder.source_speaker(position, source, &name, spans))
                    }
                };
            }
        }
        let mut annotation = Annotation::new(String::new(), Kind::Quote, spans);
        annotation.cue = cue;
        builder.apply(&mut annotation, fields);
        builder.push(index, &entry.id, annotation);
        Ok(())
    }
}

/// The speaker id a normalisation names.
fn speaker_id(entry: &Entry, db: &str, reference: &str) -> Result<String, FormatError> {
    if db == SPEAKER_DB {
        percent_decode(reference).ok_or_else(|| {
            syntax(
                entry.line,
                format!(
                    "{}: {reference:?} is not a well-formed speaker id (bad % escape)",
                    entry.id
                ),
            )
        })
    } else {
        Ok(format!("{db}:{reference}"))
    }
}

fn parse_record(line: usize, json: &str) -> Result<Record, FormatError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let record: Record =
        serde_path_to_error::deserialize(&mut de).map_err(|e| match json_error(FORMAT, e) {
            FormatError::Syntax {
                format,
                location,
                message,
            } => FormatError::Syntax {
                format,
                location: format!("line {line}, {RECORD_TYPE} record, {location}"),
                message,
            },
            other => other,
        })?;
    if record.format != RECORD_FORMAT || record.version != RECORD_VERSION {
        return Err(syntax(
            line,
            format!(
                "{RECORD_TYPE} record is {:?} version {}; expected {RECORD_FORMAT:?} version {RECORD_VERSION}",
                record.format, record.version
            ),
        ));
    }
    Ok(record)
}

/// Gathers annotations and speakers as the lines are read.
struct Builder {
    /// (line index, brat id, annotation) in reading order.
    annotations: Vec<(usize, String, Annotation)>,
    speakers: Vec<Speaker>,
    /// Whether speakers named only by normalisations are added (no record).
    open_speakers: bool,
    /// Source text → speaker id, for Sources without a normalisation.
    by_source_text: HashMap<String, String>,
    /// Source ids already turned into mentions.
    source_mentions: HashSet<String>,
    ids: BTreeMap<String, String>,
    schema: Schema,
}

impl Builder {
    fn new(record: Option<&Record>) -> Self {
        Builder {
            annotations: Vec::new(),
            speakers: record.map(|r| r.speakers.clone()).unwrap_or_default(),
            open_speakers: record.is_none(),
            by_source_text: HashMap::new(),
            source_mentions: HashSet::new(),
            ids: record.map(|r| r.ids.clone()).unwrap_or_default(),
            schema: record.map(|r| r.schema.clone()).unwrap_or_default(),
        }
    }

    fn push(&mut self, index: usize, brat_id: &str, annotation: Annotation) {
        self.annotations
            .push((index, brat_id.to_string(), annotation));
    }

    fn ensure_speaker(&mut self, id: &str, name: &str) {
        if self.open_speakers && !self.speakers.iter().any(|s| s.id == id) {
            let name = if name.trim().is_empty() { id } else { name };
            self.speakers.push(Speaker::new(id, name));
        }
    }

    fn fresh_speaker_id(&self) -> String {
        (1..)
            .map(|n| format!("s{n}"))
            .find(|id| !self.speakers.iter().any(|s| &s.id == id))
            .unwrap_or_default()
    }

    /// The speaker of a Source span that names no speaker: one per distinct
    /// text, with the Source as its mention.
    fn source_speaker(
        &mut self,
        position: usize,
        source_id: &str,
        name: &str,
        spans: Vec<Span>,
    ) -> (String, String) {
        let speaker = match self.by_source_text.get(name) {
            Some(id) => id.clone(),
            None => {
                let id = self.fresh_speaker_id();
                self.speakers.push(Speaker::new(id.clone(), name));
                self.by_source_text.insert(name.to_string(), id.clone());
                id
            }
        };
        if self.source_mentions.insert(source_id.to_string()) {
            let mut mention = Annotation::new(String::new(), Kind::Mention, spans);
            mention.speaker = Some(speaker.clone());
            self.push(position, source_id, mention);
        }
        (speaker, String::new())
    }

    fn apply(&mut self, annotation: &mut Annotation, fields: Fields) {
        if let Some((id, name)) = fields.speaker {
            self.ensure_speaker(&id, &name);
            annotation.speaker = Some(id);
        }
        annotation.quote_type = fields.quote_type;
        annotation.checkworthiness = fields.checkworthiness;
        annotation.claim_type = fields.claim_type;
        annotation.stance = fields.stance_label.map(|label| Stance {
            target: fields
                .stance_target
                .unwrap_or_else(|| StanceTarget::Text(String::new())),
            label,
        });
        if let Some(Stance {
            target: StanceTarget::Speaker(id),
            ..
        }) = &annotation.stance
        {
            let id = id.clone();
            self.ensure_speaker(&id, &fields.stance_target_name);
        }
        annotation.note = fields.notes.join("\n");
    }

    fn finish(mut self, raw: &str, text: Document, record: Option<&Record>) -> AnnotatedDocument {
        self.annotations.sort_by_key(|(index, _, _)| *index);
        let mut taken: HashSet<String> = HashSet::new();
        let mut annotations = Vec::with_capacity(self.annotations.len());
        for (_, brat_id, mut annotation) in self.annotations {
            let wanted = self.ids.get(&brat_id).cloned().unwrap_or(brat_id);
            let mut id = wanted.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{wanted}-{n}");
                n += 1;
            }
            taken.insert(id.clone());
            annotation.id = id;
            annotations.push(annotation);
        }
        complete_schema(&mut self.schema, &annotations);
        let (meta, text) = match record {
            Some(record) => (
                record.meta.clone(),
                document_with_newlines(raw, record.newlines),
            ),
            None => (
                Metadata {
                    id: format!("doc-{}", &text.sha256()[..12]),
                    ..Metadata::default()
                },
                text,
            ),
        };
        AnnotatedDocument {
            meta,
            text,
            schema: self.schema,
            speakers: self.speakers,
            annotations,
        }
    }
}

/// Whether `input` looks like a brat `.ann`: its first non-blank line is a
/// brat annotation line.
pub fn looks_like(input: &str) -> bool {
    let Some(line) = input.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let Some((id, rest)) = line.split_once('\t') else {
        return false;
    };
    if !valid_id(id) {
        return false;
    }
    match id.chars().next() {
        Some('T') => rest
            .split('\t')
            .next()
            .and_then(|data| data.split_once(' '))
            .is_some_and(|(_, offsets)| {
                offsets
                    .split([' ', ';'])
                    .all(|n| n.parse::<usize>().is_ok())
            }),
        Some('E' | 'A' | 'M' | 'N' | 'R' | '*' | '#') => !rest.trim().is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testgen;
    use crate::test_fixtures::kerry;
    use proptest::prelude::*;

    fn ann_of(doc: &AnnotatedDocument) -> String {
        let files = export(doc).expect("export");
        assert_eq!(files[0].extension, "txt");
        assert_eq!(files[0].contents, doc.text.text());
        assert_eq!(files[1].extension, "ann");
        files[1].contents.clone()
    }

    fn round_trip(doc: &AnnotatedDocument) -> AnnotatedDocument {
        let ann = ann_of(doc);
        let mut imported = import(&ann, doc.text.text()).expect("import");
        assert!(imported.unplaced.is_empty());
        assert_eq!(imported.documents.len(), 1);
        imported.documents.remove(0)
    }

    fn error_of(ann: &str, text: &str) -> (String, String) {
        match import(ann, text) {
            Err(FormatError::Syntax {
                location, message, ..
            }) => (location, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn exports_the_polnear_layout_with_code_point_offsets() {
        let ann = ann_of(&kerry());
        let mut lines = ann.lines();
        let record = lines.next().expect("record line");
        assert!(record.starts_with("#1\tAttribDocument #1\t{\"format\":\"attrib-brat\""));
        let rest: Vec<&str> = lines.collect();
        assert_eq!(
            rest,
            [
                "T1\tMention 25 30\tKerry",
                "N1\tReference T1 attrib:s1\tJohn Kerry",
                "T2\tSource 25 30\tKerry",
                "N2\tReference T2 attrib:s1\tJohn Kerry",
                "T3\tCue 31 35\tsaid",
                "T4\tContent 2 24\t“I lost the argument,”",
                "T5\tAttribution 31 35\tsaid",
                "E1\tAttribution:T5 Source:T2 Cue:T3 Content:T4",
                "N3\tReference T4 attrib:s1\tJohn Kerry",
                "A1\tQuoteType E1 direct",
                "A2\tStance E1 against",
                "#2\tStanceTarget T4\tRussia",
                "#3\tAnnotatorNotes T4\tchecked against the video",
                "T6\tMention 39 45\tLavrov",
                "N4\tReference T6 attrib:s2\tSergei Lavrov",
                "T7\tClaim 47 61\tSales rose 5%.",
                "A3\tCheckworthiness T7 checkworthy",
                "A4\tClaimType T7 quantity",
            ]
        );
        let json = record.splitn(3, '\t').nth(2).expect("record json");
        let record: Record = serde_json::from_str(json).expect("record parses");
        let ids: Vec<(&str, &str)> = record
            .ids
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            ids,
            [("E1", "q1"), ("T1", "m1"), ("T6", "m2"), ("T7", "c1")]
        );
        assert!(record.spans.is_empty() && record.exact.is_empty() && record.types.is_empty());
        assert_eq!(
            record.speakers[0].role.as_deref(),
            Some("US Secretary of State")
        );
    }

    #[test]
    fn sample_round_trips() {
        let doc = kerry();
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn a_quote_without_a_speaker_mention_has_no_source() {
        let mut doc = kerry();
        doc.annotations.retain(|a| a.id != "m1");
        let ann = ann_of(&doc);
        assert!(ann.contains("T3\tAttribution-no-source 31 35\tsaid\n"));
        assert!(ann.contains("E1\tAttribution-no-source:T3 Cue:T1 Content:T2\n"));
        assert!(ann.contains("N1\tReference T2 attrib:s1\tJohn Kerry\n"));
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn a_span_across_a_line_break_is_split_there_and_joined_back() {
        let mut doc = kerry();
        doc.annotations.truncate(0);
        doc.annotations
            .push(Annotation::new("c9", Kind::Claim, vec![Span::new(14, 52)]));
        let ann = ann_of(&doc);
        assert!(
            ann.contains("T1\tClaim 14 46;47 52\targument,” Kerry said to Lavrov. Sales\n"),
            "{ann}"
        );
        assert!(!ann.contains("\"spans\""), "no exact spans needed: {ann}");
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn spans_the_fragments_cannot_tell_apart_are_recorded() {
        let doc_text = Document::new("one\ntwo\n\nthree");
        let mut doc = AnnotatedDocument::new(Metadata::default(), doc_text);
        // Two parts separated only by a line break, a part ending in a line
        // break, and two parts that touch.
        let cases = [
            vec![Span::new(0, 3), Span::new(4, 7)],
            vec![Span::new(4, 8)],
            vec![Span::new(0, 2), Span::new(2, 3)],
        ];
        for (i, spans) in cases.iter().enumerate() {
            doc.annotations
                .push(Annotation::new(format!("q{i}"), Kind::Quote, spans.clone()));
        }
        let ann = ann_of(&doc);
        assert!(ann.contains("T1\tContent 0 3;4 7\tone two\n"), "{ann}");
        assert!(ann.contains("T3\tContent 4 7\ttwo\n"), "{ann}");
        assert!(ann.contains("T5\tContent 0 3\tone\n"), "{ann}");
        assert!(
            ann.contains("\"spans\":{\"T1\":[[0,3],[4,7]],\"T3\":[[4,8]],\"T5\":[[0,2],[2,3]]}"),
            "{ann}"
        );
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn an_edited_line_wins_over_a_stale_exact_span() {
        let doc_text = Document::new("one\ntwo three");
        let mut doc = AnnotatedDocument::new(Metadata::default(), doc_text);
        doc.annotations.push(Annotation::new(
            "q1",
            Kind::Claim,
            vec![Span::new(0, 3), Span::new(4, 7)],
        ));
        let ann = ann_of(&doc).replace(
            "T1\tClaim 0 3;4 7\tone two",
            "T1\tClaim 0 3;8 13\tone three",
        );
        let back = import(&ann, doc.text.text())
            .expect("import")
            .documents
            .remove(0);
        assert_eq!(
            back.annotations[0].spans,
            [Span::new(0, 3), Span::new(8, 13)]
        );
    }

    #[test]
    fn notes_and_labels_with_line_breaks_keep_them() {
        let mut doc = kerry();
        doc.annotations[1].note = "line one\nline two\tand a tab".into();
        doc.annotations[1].stance = Some(Stance {
            target: StanceTarget::Text("the\u{2028}Kremlin".into()),
            label: "against".into(),
        });
        let ann = ann_of(&doc);
        assert!(ann.contains("\tAnnotatorNotes T4\tline one line two and a tab\n"));
        assert!(ann.contains("\tStanceTarget T4\tthe Kremlin\n"));
        assert_eq!(
            ann.lines().count(),
            19,
            "every line break stays out of the lines"
        );
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn custom_kinds_get_brat_type_names_and_map_back() {
        let mut doc = kerry();
        doc.schema.custom_kinds = vec!["fact check".into(), "Claim".into()];
        doc.annotations.push(Annotation::new(
            "f1",
            Kind::Custom("fact check".into()),
            vec![Span::new(47, 52)],
        ));
        doc.annotations.push(Annotation::new(
            "f2",
            Kind::Custom("Claim".into()),
            vec![Span::new(53, 57)],
        ));
        let ann = ann_of(&doc);
        assert!(ann.contains("\tfact_check 47 52\tSales\n"), "{ann}");
        assert!(ann.contains("\tClaim-2 53 57\trose\n"), "{ann}");
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn speaker_ids_with_spaces_are_percent_encoded() {
        let mut doc = kerry();
        doc.speakers[0].id = "john kerry 100%".into();
        for a in &mut doc.annotations {
            if a.speaker.as_deref() == Some("s1") {
                a.speaker = Some("john kerry 100%".into());
            }
        }
        let ann = ann_of(&doc);
        assert!(ann.contains("N1\tReference T1 attrib:john%20kerry%20100%25\tJohn Kerry\n"));
        assert_eq!(round_trip(&doc), doc);
    }

    #[test]
    fn reads_a_polnear_file_without_a_record() {
        let text = "Flynn says Trump is right. Retired Lt. Gen. Michael Flynn said the generals were reduced to rubble.\nFlynn said more.";
        let ann = "T1\tSource 0 5\tFlynn\n\
                   T2\tCue 6 10\tsays\n\
                   T3\tContent 11 25\tTrump is right\n\
                   T4\tAttribution 6 10\tsays\n\
                   E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   T5\tSource 27 57\tRetired Lt. Gen. Michael Flynn\n\
                   T6\tCue 58 62\tsaid\n\
                   T7\tContent 63 98\tthe generals were reduced to rubble\n\
                   T8\tAttribution 58 62\tsaid\n\
                   E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n\
                   T10\tCue 106 110\tsaid\n\
                   T11\tContent 111 115\tmore\n\
                   T12\tAttribution-no-source 106 110\tsaid\n\
                   E3\tAttribution-no-source:T12 Content:T11 Cue:T10\n\
                   A1\tNegation E3\n\
                   R1\tSame Arg1:T1 Arg2:T5\n";
        let doc = import(ann, text).expect("import").documents.remove(0);
        let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Flynn", "Retired Lt. Gen. Michael Flynn"]);
        let summary: Vec<(String, Kind, Option<String>, Vec<Span>)> = doc
            .annotations
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.kind.clone(),
                    a.speaker.clone(),
                    a.spans.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "T1".into(),
                    Kind::Mention,
                    Some("s1".into()),
                    vec![Span::new(0, 5)]
                ),
                (
                    "E1".into(),
                    Kind::Quote,
                    Some("s1".into()),
                    vec![Span::new(11, 25)]
                ),
                (
                    "T5".into(),
                    Kind::Mention,
                    Some("s2".into()),
                    vec![Span::new(27, 57)]
                ),
                (
                    "E2".into(),
                    Kind::Quote,
                    Some("s2".into()),
                    vec![Span::new(63, 98)]
                ),
                ("E3".into(), Kind::Quote, None, vec![Span::new(111, 115)]),
            ]
        );
        assert_eq!(doc.annotations[1].cue, Some(Span::new(6, 10)));
        assert!(doc.meta.id.starts_with("doc-"));
        assert!(
            crate::validate::is_valid(&doc),
            "{:?}",
            crate::validate::validate(&doc)
        );
    }

    #[test]
    fn offsets_over_a_crlf_text_are_read_as_brat_counts_them() {
        // brat counts "\r\n" as two characters; the document holds "\n".
        let raw = "Line one.\r\nKerry said \u{201c}hi \u{1f600}\u{201d}.\r\nSecond Kerry.";
        let imported = import(
            "T1\tMention 11 16\tKerry\nT2\tClaim 31 43\tSecond Kerry\n",
            raw,
        )
        .expect("brat offsets over the raw text");
        let doc = &imported.documents[0];
        let texts: Vec<&str> = doc
            .annotations
            .iter()
            .map(|a| doc.text.slice(a.spans[0]).expect("inside"))
            .collect();
        assert_eq!(texts, ["Kerry", "Second Kerry"]);
        assert_eq!(doc.annotations[1].spans[0], Span::new(29, 41));
        // Offsets already counted over the normalised text still read.
        let imported = import("T1\tClaim 29 41\tSecond Kerry\n", raw).expect("normalised");
        assert_eq!(
            imported.documents[0].annotations[0].spans[0],
            Span::new(29, 41)
        );
        // Neither fits: the error is the one for the offsets as written.
        let (location, message) = error_of("T1\tClaim 0 5\tHelle\n", raw);
        assert_eq!(location, "line 1");
        assert!(message.contains("\"Helle\""), "{message}");
    }

    #[test]
    fn a_text_column_that_does_not_match_is_reported_with_its_line() {
        let (location, message) = error_of("T1\tClaim 0 5\tHelle\n", "Hello world");
        assert_eq!(location, "line 1");
        assert!(
            message.contains("\"Helle\"") && message.contains("\"Hello\""),
            "{message}"
        );
    }

    #[test]
    fn malformed_lines_say_what_was_expected() {
        let text = "Hello world, said she.";
        let cases: [(&str, &str, &str); 11] = [
            (
                "T1\tClaim 0 5\tHello\nT1\tClaim 6 11\tworld\n",
                "line 2",
                "already used on line 1",
            ),
            ("T1\tClaim 0 x\tHello\n", "line 1", "expected offsets"),
            ("T1\tClaim 5 0\t\n", "line 1", "reversed"),
            (
                "T1\tClaim 0 99\tHello\n",
                "line 1",
                "past the end of the text (22 code points)",
            ),
            ("\n\nX1\tfoo\n", "line 3", "unknown kind of line"),
            ("no tab here\n", "line 1", "expected an annotation id"),
            (
                "A1\tQuoteType E7 direct\n",
                "line 1",
                "refers to E7, which no line defines",
            ),
            (
                "T1\tContent 0 5\tHello\n",
                "line 1",
                "no Attribution event uses",
            ),
            (
                "T1\tCue 13 17\tsaid\nT2\tAttribution 13 17\tsaid\nE1\tAttribution:T2 Cue:T1\n",
                "line 3",
                "no Content argument",
            ),
            (
                "T1\tContent 0 5\tHello\nT2\tAttribution 0 5\tHello\nE1\tQuote:T2 Content:T1\n",
                "line 3",
                "expected an Attribution or Attribution-no-source event",
            ),
            (
                "#1\tAttribDocument #1\t{\"format\":\"attrib-brat\"}\n",
                "line 1, AttribDocument record",
                "missing field",
            ),
        ];
        for (ann, location, fragment) in cases {
            let (at, message) = error_of(ann, text);
            assert!(at.starts_with(location), "{ann:?}: location {at:?}");
            assert!(message.contains(fragment), "{ann:?}: message {message:?}");
        }
    }

    #[test]
    fn truncated_and_garbled_input_never_panics() {
        let doc = kerry();
        let ann = ann_of(&doc);
        for (i, _) in ann.char_indices() {
            let _ = import(&ann[..i], doc.text.text());
            let _ = looks_like(&ann[..i]);
        }
        for garbage in [
            "\tx",
            "T\t",
            "T1\t \t",
            "E1\t:",
            "N1\ta b :",
            "#\t",
            "*\tEquiv",
            "A1\t  ",
        ] {
            assert!(import(garbage, "text").is_err(), "{garbage:?}");
        }
        assert!(import(&ann, "a different, shorter text").is_err());
    }

    #[test]
    fn recognises_ann_files() {
        assert!(looks_like(&ann_of(&kerry())));
        assert!(looks_like("T1\tClaim 0 5;7 9\tHello wo\n"));
        assert!(looks_like("\nE1\tAttribution:T2 Content:T1\n"));
        assert!(!looks_like("{\"text\": \"x\"}"));
        assert!(!looks_like("id,kind,start\n"));
        assert!(!looks_like(""));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn damaged_files_give_errors_not_panics(
            doc in testgen::annotated_document(),
            at in any::<prop::sample::Index>(),
            cut in 0usize..6,
            junk in "[\\t\\n;: 0-9TENA#*{}\\[\\]\",x]{0,4}",
        ) {
            let damaged = testgen::damage(&ann_of(&doc), at, cut, &junk);
            let _ = import(&damaged, doc.text.text());
            let _ = looks_like(&damaged);
        }

        #[test]
        fn export_then_import_gives_the_document_back(doc in testgen::annotated_document()) {
            let ann = ann_of(&doc);
            prop_assert!(looks_like(&ann));
            let back = import(&ann, doc.text.text());
            prop_assert!(back.is_ok(), "{:?}\n{}", back, ann);
            let back = back.expect("checked").documents.remove(0);
            prop_assert_eq!(back, doc);
        }
    }
}
