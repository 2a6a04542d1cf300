//! UTF-16 offsets, as doccano and Label Studio count them, over a file's raw
//! text, converted to code points of the normalised text.

use std::borrow::Cow;

use crate::model::Span;
use crate::text::{Document, Newlines, OffsetIndex};

/// Converts a tool's UTF-16 offsets over the raw text (line breaks as
/// the file has them) into code points of the normalised text.
pub(crate) struct Utf16Offsets<'d> {
    /// The raw text's index: the document's own when the raw text is the
    /// document's text (no line break was rewritten).
    index: Cow<'d, OffsetIndex>,
    /// Code-point positions, in the raw text, of each `\r` that precedes
    /// a `\n` (normalisation drops them).
    dropped: Vec<usize>,
}

impl<'d> Utf16Offsets<'d> {
    /// The offsets over `raw`, given `doc`, the `Document::new(raw)`.
    pub(crate) fn new(raw: &str, doc: &'d Document) -> Self {
        if doc.newlines() == Newlines::Lf {
            // `raw` has no carriage return: it is the document's text, index and all.
            return Utf16Offsets {
                index: Cow::Borrowed(doc.index()),
                dropped: Vec::new(),
            };
        }
        let mut dropped = Vec::new();
        let mut chars = raw.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                dropped.push(i);
            }
        }
        Utf16Offsets {
            index: Cow::Owned(OffsetIndex::new(raw)),
            dropped,
        }
    }

    /// The code point of the normalised text at UTF-16 offset `unit`, or
    /// what is wrong with it.
    pub(crate) fn to_cp(&self, unit: usize) -> Result<usize, String> {
        let len = self.index.len_utf16();
        if unit > len {
            return Err(format!(
                "offset {unit} is past the end of the text ({len} UTF-16 code units)"
            ));
        }
        let raw = self.index.utf16_to_cp(unit).ok_or_else(|| {
            format!(
                "offset {unit} falls between the two UTF-16 code units of one character \
                 (an emoji or another character outside the Basic Multilingual Plane); \
                 expected an offset at a character boundary"
            )
        })?;
        Ok(raw - self.dropped.partition_point(|&p| p < raw))
    }

    /// A code-point span from UTF-16 `start` and `end`; the error says
    /// which end is wrong (`"start"` or `"end"`) and why.
    pub(crate) fn span(&self, start: usize, end: usize) -> Result<Span, (&'static str, String)> {
        let s = self.to_cp(start).map_err(|m| ("start", m))?;
        let e = self.to_cp(end).map_err(|m| ("end", m))?;
        if start > end {
            return Err((
                "end",
                format!("end {end} comes before start {start}; expected start <= end"),
            ));
        }
        Ok(Span::new(s, e))
    }
}
