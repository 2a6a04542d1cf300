//! Document text: newline normalisation, SHA-256, and the one offset index
//! that converts between byte offsets, Unicode code points and UTF-16 code
//! units.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Span;

/// Converts offsets between UTF-8 bytes, Unicode code points and UTF-16 code
/// units in O(log n). It records only the non-ASCII characters: for each one,
/// its code-point position and how many extra bytes and extra UTF-16 units
/// the text has gained by the end of it. ASCII runs in between map 1:1:1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetIndex {
    /// Code-point position of each non-ASCII character, ascending.
    cps: Vec<usize>,
    /// Bytes minus code points, counted up to the end of that character.
    extra_bytes: Vec<usize>,
    /// UTF-16 units minus code points, counted up to the end of that character.
    extra_utf16: Vec<usize>,
    len_chars: usize,
    len_bytes: usize,
    len_utf16: usize,
}

impl OffsetIndex {
    pub fn new(text: &str) -> Self {
        let mut index = OffsetIndex::default();
        let (mut extra_b, mut extra_u) = (0usize, 0usize);
        let mut chars = 0usize;
        for c in text.chars() {
            if !c.is_ascii() {
                extra_b += c.len_utf8() - 1;
                extra_u += c.len_utf16() - 1;
                index.cps.push(chars);
                index.extra_bytes.push(extra_b);
                index.extra_utf16.push(extra_u);
            }
            chars += 1;
        }
        index.len_chars = chars;
        index.len_bytes = text.len();
        index.len_utf16 = chars + extra_u;
        index
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// Number of non-ASCII characters strictly before code point `cp`.
    fn wide_before(&self, cp: usize) -> usize {
        self.cps.partition_point(|&c| c < cp)
    }

    fn extra_at(extra: &[usize], k: usize) -> usize {
        if k == 0 {
            0
        } else {
            extra[k - 1]
        }
    }

    /// Byte offset of code point `cp`; `None` past the end.
    pub fn cp_to_byte(&self, cp: usize) -> Option<usize> {
        if cp > self.len_chars {
            return None;
        }
        Some(cp + Self::extra_at(&self.extra_bytes, self.wide_before(cp)))
    }

    /// UTF-16 offset of code point `cp`; `None` past the end.
    pub fn cp_to_utf16(&self, cp: usize) -> Option<usize> {
        if cp > self.len_chars {
            return None;
        }
        Some(cp + Self::extra_at(&self.extra_utf16, self.wide_before(cp)))
    }

    /// Code point at byte offset `byte`; `None` past the end or inside a
    /// character.
    pub fn byte_to_cp(&self, byte: usize) -> Option<usize> {
        Self::unit_to_cp(&self.cps, &self.extra_bytes, byte, self.len_bytes)
    }

    /// Code point at UTF-16 offset `unit`; `None` past the end or between the
    /// two halves of a surrogate pair.
    pub fn utf16_to_cp(&self, unit: usize) -> Option<usize> {
        Self::unit_to_cp(&self.cps, &self.extra_utf16, unit, self.len_utf16)
    }

    /// The UTF-16 offset nearest at or before `unit` that starts a character.
    pub fn utf16_to_cp_floor(&self, unit: usize) -> usize {
        let unit = unit.min(self.len_utf16);
        let mut u = unit;
        loop {
            if let Some(cp) = self.utf16_to_cp(u) {
                return cp;
            }
            u -= 1;
        }
    }

    fn unit_to_cp(cps: &[usize], extra: &[usize], unit: usize, len: usize) -> Option<usize> {
        if unit > len {
            return None;
        }
        // Entry i ends at unit position cps[i] + 1 + extra[i]; these ends ascend.
        let ended = partition(cps.len(), |i| cps[i] + 1 + extra[i] <= unit);
        let before = if ended == 0 { 0 } else { extra[ended - 1] };
        let cp = unit - before;
        if ended < cps.len() && cps[ended] < cp {
            // `unit` falls after the start of the next wide character but
            // before its end: inside it.
            return None;
        }
        Some(cp)
    }

    /// Converts a code-point span to UTF-16 units.
    pub fn span_to_utf16(&self, span: Span) -> Option<(usize, usize)> {
        Some((self.cp_to_utf16(span.start)?, self.cp_to_utf16(span.end)?))
    }

    /// Converts a UTF-16 range to a code-point span.
    pub fn span_from_utf16(&self, start: usize, end: usize) -> Option<Span> {
        Some(Span::new(self.utf16_to_cp(start)?, self.utf16_to_cp(end)?))
    }
}

/// `partition_point` over the indices `0..len`.
fn partition(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0usize, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// How line breaks were found in the raw text before normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Newlines {
    /// The text had only `\n` line breaks (or none).
    #[default]
    Lf,
    /// `\r\n` or lone `\r` breaks were rewritten to `\n`.
    NormalisedLf,
}

/// A document's text after newline normalisation, with its SHA-256 and
/// offset index. Nothing but line breaks is ever changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    text: String,
    newlines: Newlines,
    sha256: String,
    index: OffsetIndex,
}

impl Document {
    /// Builds a document from raw text, rewriting `\r\n` and lone `\r` to `\n`.
    pub fn new(raw: &str) -> Self {
        let (text, newlines) = normalise_newlines(raw);
        Self::from_parts(text, newlines)
    }

    fn from_parts(text: String, newlines: Newlines) -> Self {
        let sha256 = sha256_hex(&text);
        let index = OffsetIndex::new(&text);
        Document {
            text,
            newlines,
            sha256,
            index,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn newlines(&self) -> Newlines {
        self.newlines
    }

    /// Lower-case hex SHA-256 of the normalised text's UTF-8 bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn index(&self) -> &OffsetIndex {
        &self.index
    }

    pub fn len_chars(&self) -> usize {
        self.index.len_chars()
    }

    /// The text of a code-point span, or `None` if it leaves the text or is
    /// reversed.
    pub fn slice(&self, span: Span) -> Option<&str> {
        if span.start > span.end {
            return None;
        }
        let a = self.index.cp_to_byte(span.start)?;
        let b = self.index.cp_to_byte(span.end)?;
        self.text.get(a..b)
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new("")
    }
}

#[derive(Serialize, Deserialize)]
struct StoredDocument {
    text: String,
    #[serde(default)]
    newlines: Newlines,
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StoredDocument {
            text: self.text.clone(),
            newlines: self.newlines,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let stored = StoredDocument::deserialize(d)?;
        let (text, found) = normalise_newlines(&stored.text);
        let newlines = if found == Newlines::NormalisedLf {
            found
        } else {
            stored.newlines
        };
        Ok(Document::from_parts(text, newlines))
    }
}

/// Rewrites `\r\n` and lone `\r` to `\n`, saying whether anything changed.
pub fn normalise_newlines(raw: &str) -> (String, Newlines) {
    if !raw.contains('\r') {
        return (raw.to_string(), Newlines::Lf);
    }
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    (text, Newlines::NormalisedLf)
}

/// Lower-case hex SHA-256 of a string's UTF-8 bytes.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_offsets_around_emoji_and_accents() {
        // "é" is 2 bytes / 1 unit; "😀" is 4 bytes / 2 units.
        let doc = Document::new("aé😀b");
        let ix = doc.index();
        assert_eq!(ix.len_chars(), 4);
        assert_eq!(ix.len_bytes(), 8);
        assert_eq!(ix.len_utf16(), 5);
        assert_eq!(ix.cp_to_byte(3), Some(7));
        assert_eq!(ix.cp_to_utf16(3), Some(4));
        assert_eq!(ix.byte_to_cp(3), Some(2));
        assert_eq!(ix.byte_to_cp(4), None, "inside the emoji");
        assert_eq!(ix.utf16_to_cp(3), None, "between surrogates");
        assert_eq!(ix.utf16_to_cp(4), Some(3));
        assert_eq!(doc.slice(Span::new(1, 3)), Some("é😀"));
    }

    #[test]
    fn normalises_crlf_and_hashes_the_result() {
        let doc = Document::new("a\r\nb\rc");
        assert_eq!(doc.text(), "a\nb\nc");
        assert_eq!(doc.newlines(), Newlines::NormalisedLf);
        assert_eq!(doc.sha256(), sha256_hex("a\nb\nc"));
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
