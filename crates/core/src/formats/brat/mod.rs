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
//!   A label of one of the schema's further label sets (a custom kind's
//!   labels, a quote's source type) is an attribute of the set's type
//!   (`A5  source_type E1 anonymous`), the name made a brat type as for
//!   custom kinds and kept clear of the four above (the record's
//!   `attributes` maps it back). Read without a record, an attribute of
//!   any other type that has a value is such a label, of the set its
//!   type names.
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
//! then left out: the model has no place for them (an attribute with a
//! value is read as a label, see above). A cue written as
//! several spans is read as the one span covering them.

mod export;
mod import;
mod parse;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Format;
use crate::model::{Metadata, Schema, Span, Speaker};
use crate::text::{Document, Newlines};

pub use export::export;
pub use import::import;
use parse::valid_id;

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
/// Attribute types with a fixed meaning here; further label sets never
/// take them.
const RESERVED_ATTRIBUTES: [&str; 4] = [QUOTE_TYPE, STANCE, CHECKWORTHINESS, CLAIM_TYPE];

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
    /// brat attribute type → further label set name, where they differ.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<String, String>,
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
    crate::sort::sort(&mut pieces);
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
