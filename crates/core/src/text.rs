//! Document text: newline normalisation, SHA-256, the one offset index that
//! converts between byte offsets, Unicode code points and UTF-16 code units,
//! paragraph boundaries, and snapping selections to whole words.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_segmentation::UnicodeSegmentation;

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

    /// The code points in the first `unit` UTF-16 units: a point between
    /// the two halves of a surrogate pair counts the whole character as
    /// before it, and a point past the end is the end. This is how a DOM
    /// offset inside a text node becomes a code-point offset.
    ///
    /// ```
    /// use attrib_core::OffsetIndex;
    /// let index = OffsetIndex::new("a😀b");
    /// assert_eq!(index.utf16_to_cp_ceil(2), 2); // inside 😀
    /// assert_eq!(index.utf16_to_cp_ceil(3), 2);
    /// assert_eq!(index.utf16_to_cp_ceil(4), 3);
    /// assert_eq!(index.utf16_to_cp_ceil(9), 3);
    /// ```
    pub fn utf16_to_cp_ceil(&self, unit: usize) -> usize {
        let unit = unit.min(self.len_utf16);
        self.utf16_to_cp(unit)
            .unwrap_or_else(|| self.utf16_to_cp_floor(unit) + 1)
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
///
/// The text never changes once made, so its parts are shared behind one
/// [`Arc`]: cloning a document (as every edit of a workspace does) copies a
/// pointer, never the text or its index, and two clones compare equal in
/// constant time.
///
/// ```
/// use attrib_core::text::Document;
/// let doc = Document::new("Officials said so.");
/// let copy = doc.clone();
/// assert!(copy.shares_text_with(&doc));
/// assert_eq!(copy, doc);
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    parts: Arc<Parts>,
}

/// What a [`Document`] shares between its clones.
#[derive(Debug)]
struct Parts {
    text: String,
    newlines: Newlines,
    /// Worked out when first asked for: an import that is never saved nor
    /// exported (or is checked against a file's hash only) hashes the text
    /// at most once, and one that is never asked hashes nothing.
    sha256: OnceLock<String>,
    index: OffsetIndex,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.shares_text_with(other)
            || (self.parts.newlines == other.parts.newlines && self.parts.text == other.parts.text)
    }
}

impl Eq for Document {}

impl Document {
    /// Builds a document from raw text, rewriting `\r\n` and lone `\r` to `\n`.
    pub fn new(raw: &str) -> Self {
        let (text, newlines) = normalise_newlines(raw);
        Self::from_parts(text, newlines)
    }

    fn from_parts(text: String, newlines: Newlines) -> Self {
        let index = OffsetIndex::new(&text);
        Document {
            parts: Arc::new(Parts {
                text,
                newlines,
                sha256: OnceLock::new(),
                index,
            }),
        }
    }

    /// Whether this document and `other` are clones of one another, sharing
    /// one copy of the text.
    pub fn shares_text_with(&self, other: &Document) -> bool {
        Arc::ptr_eq(&self.parts, &other.parts)
    }

    pub fn text(&self) -> &str {
        &self.parts.text
    }

    pub fn newlines(&self) -> Newlines {
        self.parts.newlines
    }

    /// Lower-case hex SHA-256 of the normalised text's UTF-8 bytes.
    pub fn sha256(&self) -> &str {
        self.parts
            .sha256
            .get_or_init(|| sha256_hex(&self.parts.text))
    }

    pub fn index(&self) -> &OffsetIndex {
        &self.parts.index
    }

    pub fn len_chars(&self) -> usize {
        self.parts.index.len_chars()
    }

    /// The text of a code-point span, or `None` if it leaves the text or is
    /// reversed.
    pub fn slice(&self, span: Span) -> Option<&str> {
        if span.start > span.end {
            return None;
        }
        let a = self.parts.index.cp_to_byte(span.start)?;
        let b = self.parts.index.cp_to_byte(span.end)?;
        self.parts.text.get(a..b)
    }

    /// The paragraphs of the text as code-point spans, in order.
    ///
    /// A paragraph is a maximal run of consecutive non-blank lines, where a
    /// line is blank when it is empty or holds only whitespace. So paragraphs
    /// are separated by one or more blank lines (`"\n\n"`, `"\n  \n\n"`),
    /// while a single `\n` is a line break *inside* a paragraph. Each span
    /// runs from the start of its first line (indentation included) to the
    /// end of its last line; the separating line breaks and blank lines
    /// belong to no paragraph, and nothing else is trimmed. Text with no
    /// non-blank line has no paragraphs.
    pub fn paragraphs(&self) -> Vec<Span> {
        let mut paragraphs = Vec::new();
        let mut open: Option<Span> = None;
        let mut line_start = 0usize;
        let mut line_blank = true;
        let mut cp = 0usize;
        let mut close_line = |line_start: usize, line_end: usize, blank: bool| {
            if blank {
                if let Some(p) = open.take() {
                    paragraphs.push(p);
                }
            } else {
                let p = open.get_or_insert(Span::new(line_start, line_end));
                p.end = line_end;
            }
        };
        for c in self.parts.text.chars() {
            if c == '\n' {
                close_line(line_start, cp, line_blank);
                line_start = cp + 1;
                line_blank = true;
            } else if !c.is_whitespace() {
                line_blank = false;
            }
            cp += 1;
        }
        close_line(line_start, cp, line_blank);
        paragraphs.extend(open);
        paragraphs
    }

    /// Widens a selection to whole words, for the UI.
    ///
    /// The span is first clamped to the text (and put in order if reversed),
    /// then whitespace at either edge is dropped, so `" lost the"` becomes
    /// `"lost the"`. Its start then moves back to the start of the word it
    /// falls in and its end forward to the end of the word, using the
    /// Unicode word boundaries of UAX #29 (so a snapped span never splits an
    /// emoji, a flag or a letter from its combining marks). A selection that
    /// is empty or only whitespace is returned clamped but otherwise as it
    /// was. The result always lies inside the text and always contains the
    /// non-whitespace part of the selection.
    pub fn snap_to_words(&self, span: Span) -> Span {
        let len = self.len_chars();
        let (a, b) = (span.start.min(len), span.end.min(len));
        let clamped = Span::new(a.min(b), a.max(b));
        let Some(trimmed) = self.trim_whitespace(clamped) else {
            return clamped;
        };
        // Word boundaries always fall around a line break (UAX #29 WB3a/b),
        // so segmenting only the lines the selection touches gives the same
        // boundaries as segmenting the whole text.
        let (Some(start_byte), Some(end_byte)) = (
            self.parts.index.cp_to_byte(trimmed.start),
            self.parts.index.cp_to_byte(trimmed.end),
        ) else {
            return clamped;
        };
        let window_start = self.parts.text[..start_byte]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let window_end = self.parts.text[end_byte..]
            .find('\n')
            .map_or(self.parts.text.len(), |i| end_byte + i);
        let window = &self.parts.text[window_start..window_end];
        let (mut snapped_start, mut snapped_end) = (start_byte, end_byte);
        for (offset, word) in window.split_word_bound_indices() {
            let word_start = window_start + offset;
            let word_end = word_start + word.len();
            if word_start <= start_byte && start_byte < word_end {
                snapped_start = word_start;
            }
            if word_start < end_byte && end_byte <= word_end {
                snapped_end = word_end;
                break;
            }
        }
        match (
            self.parts.index.byte_to_cp(snapped_start),
            self.parts.index.byte_to_cp(snapped_end),
        ) {
            (Some(start), Some(end)) => Span::new(start, end),
            _ => trimmed,
        }
    }

    /// The span without whitespace at either edge; `None` when nothing but
    /// whitespace (or nothing at all) remains.
    fn trim_whitespace(&self, span: Span) -> Option<Span> {
        let text = self.slice(span)?;
        let leading = text.chars().take_while(|c| c.is_whitespace()).count();
        if leading == span.len() {
            return None;
        }
        let trailing = text.chars().rev().take_while(|c| c.is_whitespace()).count();
        Some(Span::new(span.start + leading, span.end - trailing))
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new("")
    }
}

#[derive(Deserialize)]
struct StoredDocument {
    text: String,
    #[serde(default)]
    newlines: Newlines,
}

/// [`StoredDocument`] borrowed, so that writing a document never copies
/// its text.
#[derive(Serialize)]
struct StoredDocumentRef<'a> {
    text: &'a str,
    newlines: Newlines,
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StoredDocumentRef {
            text: &self.parts.text,
            newlines: self.parts.newlines,
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

    /// The paragraphs of `text`, as strings.
    fn paragraph_texts(text: &str) -> Vec<String> {
        let doc = Document::new(text);
        doc.paragraphs()
            .into_iter()
            .map(|p| doc.slice(p).expect("paragraph inside the text").to_string())
            .collect()
    }

    #[test]
    fn paragraphs_split_on_blank_lines_only() {
        assert_eq!(
            paragraph_texts("One.\nStill one.\n\nTwo.\n\n\n\nThree."),
            ["One.\nStill one.", "Two.", "Three."]
        );
    }

    #[test]
    fn paragraphs_treat_whitespace_only_lines_as_blank_and_keep_indentation() {
        assert_eq!(
            paragraph_texts("\n\n  First  \n \t \n\tSecond\n  \n"),
            ["  First  ", "\tSecond"]
        );
    }

    #[test]
    fn paragraphs_of_blank_text_are_none() {
        assert!(paragraph_texts("").is_empty());
        assert!(paragraph_texts(" \n\n \t").is_empty());
        assert_eq!(paragraph_texts("x"), ["x"]);
    }

    #[test]
    fn paragraphs_count_code_points_and_follow_normalised_newlines() {
        let doc = Document::new("😀 é\r\n\r\n漢字");
        assert_eq!(doc.paragraphs(), vec![Span::new(0, 3), Span::new(5, 7)]);
    }

    /// Snaps the selection `text[start..end]` (code points) and returns the
    /// text of the result.
    fn snapped(text: &str, start: usize, end: usize) -> String {
        let doc = Document::new(text);
        let span = doc.snap_to_words(Span::new(start, end));
        doc.slice(span)
            .expect("snapped span inside the text")
            .to_string()
    }

    #[test]
    fn snapping_widens_to_whole_words_and_drops_edge_whitespace() {
        let text = "“I lost the argument,” Kerry said.";
        // " lost the" with its leading space.
        assert_eq!(snapped(text, 2, 11), "lost the");
        // "ost th" from the middle of both words.
        assert_eq!(snapped(text, 4, 10), "lost the");
        // A selection ending inside "argument" and starting on the quote mark.
        assert_eq!(snapped(text, 0, 15), "“I lost the argument");
        assert_eq!(snapped(text, 23, 25), "Kerry");
    }

    #[test]
    fn snapping_keeps_emoji_flags_and_combining_marks_whole() {
        // Family emoji (ZWJ sequence): selecting only its second code point.
        let family = "a 👨\u{200d}👩\u{200d}👧 b";
        assert_eq!(snapped(family, 3, 4), "👨\u{200d}👩\u{200d}👧");
        // A flag is two regional indicators; selecting one gives both.
        assert_eq!(snapped("go 🇩🇪 now", 4, 5), "🇩🇪");
        // "café" written with a combining acute: selecting up to the "e".
        assert_eq!(snapped("un cafe\u{301} noir", 3, 7), "cafe\u{301}");
    }

    #[test]
    fn snapping_whitespace_or_out_of_range_selections_stays_in_the_text() {
        let doc = Document::new("ab  cd");
        assert_eq!(doc.snap_to_words(Span::new(2, 4)), Span::new(2, 4));
        assert_eq!(doc.snap_to_words(Span::new(3, 3)), Span::new(3, 3));
        assert_eq!(doc.snap_to_words(Span::new(5, 99)), Span::new(4, 6));
        assert_eq!(doc.snap_to_words(Span::new(99, 120)), Span::new(6, 6));
        assert_eq!(doc.snap_to_words(Span::new(5, 1)), Span::new(0, 6));
    }

    #[test]
    fn snapping_across_a_line_break_widens_each_end_in_its_own_line() {
        let text = "first line\nsecond line";
        assert_eq!(snapped(text, 8, 13), "line\nsecond");
        assert_eq!(snapped(text, 11, 13), "second");
    }

    #[test]
    fn serde_round_trip_keeps_text_and_newline_record() {
        let doc = Document::new("a\r\nb 😀");
        let json = serde_json::to_string(&doc).expect("serialises");
        let back: Document = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, doc);
        assert_eq!(back.newlines(), Newlines::NormalisedLf);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces that stress offset arithmetic: 1-, 2-, 3- and 4-byte
        /// characters, surrogate pairs, ZWJ sequences, flags, combining
        /// marks, right-to-left scripts and every kind of line break.
        const PIECES: &[&str] = &[
            "a",
            "Kerry said ",
            " ",
            "\t",
            "é",
            "e\u{301}",
            "a\u{308}\u{323}",
            "😀",
            "👨\u{200d}👩\u{200d}👧\u{200d}👦",
            "👍🏽",
            "🇩🇪",
            "🇺🇸🇷🇺",
            "漢字",
            "中文文本",
            "مرحبا بالعالم",
            "שָׁלוֹם",
            "\u{200f}",
            "\r\n",
            "\r",
            "\n",
            "\n\n",
            "“",
            "”",
            "𝔘𝔫𝔦",
        ];

        fn mixed_text() -> impl Strategy<Value = String> {
            prop_oneof![
                3 => prop::collection::vec(prop::sample::select(PIECES), 0..40)
                    .prop_map(|pieces| pieces.concat()),
                1 => any::<String>(),
            ]
        }

        /// The byte offset of each code point, and the text's length, the
        /// slow and obvious way.
        fn naive_bytes(text: &str) -> Vec<usize> {
            text.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        }

        /// The UTF-16 offset of each code point, and the text's length.
        fn naive_utf16(text: &str) -> Vec<usize> {
            let mut offsets = vec![0];
            let mut units = 0;
            for c in text.chars() {
                units += c.encode_utf16(&mut [0u16; 2]).len();
                offsets.push(units);
            }
            offsets
        }

        /// Splits on `\r\n`, lone `\r` and `\n`, char by char.
        fn naive_lines(raw: &str) -> Vec<String> {
            let mut lines = vec![String::new()];
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        lines.push(String::new());
                    }
                    '\n' => lines.push(String::new()),
                    other => lines.last_mut().expect("never empty").push(other),
                }
            }
            lines
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn code_points_round_trip_through_bytes_and_utf16(raw in mixed_text()) {
                let doc = Document::new(&raw);
                let text = doc.text();
                let ix = doc.index();
                let bytes = naive_bytes(text);
                let units = naive_utf16(text);
                prop_assert_eq!(ix.len_chars(), text.chars().count());
                prop_assert_eq!(ix.len_bytes(), text.len());
                prop_assert_eq!(ix.len_utf16(), text.encode_utf16().count());
                for cp in 0..=ix.len_chars() {
                    prop_assert_eq!(ix.cp_to_byte(cp), Some(bytes[cp]));
                    prop_assert_eq!(ix.byte_to_cp(bytes[cp]), Some(cp));
                    prop_assert_eq!(ix.cp_to_utf16(cp), Some(units[cp]));
                    prop_assert_eq!(ix.utf16_to_cp(units[cp]), Some(cp));
                }
                prop_assert_eq!(ix.cp_to_byte(ix.len_chars() + 1), None);
                prop_assert_eq!(ix.cp_to_utf16(ix.len_chars() + 1), None);
            }

            #[test]
            fn offsets_inside_a_character_have_no_code_point(raw in mixed_text()) {
                let doc = Document::new(&raw);
                let text = doc.text();
                let ix = doc.index();
                for byte in 0..=text.len() + 1 {
                    let expected = text
                        .is_char_boundary(byte)
                        .then(|| text[..byte].chars().count());
                    prop_assert_eq!(ix.byte_to_cp(byte), expected, "byte {}", byte);
                }
                let units = naive_utf16(text);
                for unit in 0..=ix.len_utf16() + 1 {
                    let expected = units.iter().position(|&u| u == unit);
                    prop_assert_eq!(ix.utf16_to_cp(unit), expected, "unit {}", unit);
                    if unit <= ix.len_utf16() {
                        let floor = units.iter().rposition(|&u| u <= unit).expect("0 is first");
                        prop_assert_eq!(ix.utf16_to_cp_floor(unit), floor);
                    }
                }
            }

            #[test]
            fn slice_matches_the_naive_slice(
                raw in mixed_text(),
                a in 0usize..80,
                b in 0usize..80,
            ) {
                let doc = Document::new(&raw);
                let text = doc.text();
                let len = doc.len_chars();
                let naive = (a <= b && b <= len)
                    .then(|| text.chars().skip(a).take(b - a).collect::<String>());
                prop_assert_eq!(doc.slice(Span::new(a, b)).map(str::to_string), naive);
                if let (Some((ua, ub)), true) = (doc.index().span_to_utf16(Span::new(a, b)), a <= b) {
                    prop_assert_eq!(doc.index().span_from_utf16(ua, ub), Some(Span::new(a, b)));
                }
            }

            #[test]
            fn normalisation_only_rewrites_line_breaks(raw in mixed_text()) {
                let doc = Document::new(&raw);
                let text = doc.text();
                prop_assert!(!text.contains('\r'));
                let lines: Vec<&str> = text.split('\n').collect();
                prop_assert_eq!(lines, naive_lines(&raw));
                let expected = if raw.contains('\r') { Newlines::NormalisedLf } else { Newlines::Lf };
                prop_assert_eq!(doc.newlines(), expected);
                prop_assert_eq!(doc.sha256(), sha256_hex(text));
            }

            #[test]
            fn paragraphs_cover_exactly_the_non_blank_lines(raw in mixed_text()) {
                let doc = Document::new(&raw);
                let paragraphs = doc.paragraphs();
                let mut previous_end = None;
                for p in &paragraphs {
                    prop_assert!(p.start < p.end && p.end <= doc.len_chars());
                    if let Some(end) = previous_end {
                        // Separated by at least "\n" + blank line + "\n".
                        let gap = doc.slice(Span::new(end, p.start)).expect("in text");
                        prop_assert!(gap.matches('\n').count() >= 2, "gap {:?}", gap);
                        prop_assert!(gap.chars().all(char::is_whitespace));
                    }
                    let body = doc.slice(*p).expect("in text");
                    prop_assert!(!body.starts_with('\n') && !body.ends_with('\n'));
                    prop_assert!(body.split('\n').all(|line| !line.trim().is_empty()));
                    previous_end = Some(p.end);
                }
                // Every non-whitespace character is in some paragraph.
                for (cp, c) in doc.text().chars().enumerate() {
                    if !c.is_whitespace() {
                        prop_assert!(paragraphs.iter().any(|p| p.start <= cp && cp < p.end));
                    }
                }
            }

            #[test]
            fn snapping_stays_in_the_text_and_keeps_the_selection(
                raw in mixed_text(),
                a in 0usize..80,
                b in 0usize..80,
            ) {
                let doc = Document::new(&raw);
                let len = doc.len_chars();
                let snapped = doc.snap_to_words(Span::new(a, b));
                prop_assert!(snapped.start <= snapped.end && snapped.end <= len);
                let (lo, hi) = (a.min(b).min(len), a.max(b).min(len));
                let chars: Vec<char> = doc.text().chars().collect();
                let core: Vec<usize> = (lo..hi).filter(|&i| !chars[i].is_whitespace()).collect();
                match (core.first(), core.last()) {
                    (Some(&first), Some(&last)) => {
                        prop_assert!(snapped.start <= first && last < snapped.end);
                        prop_assert_eq!(doc.snap_to_words(snapped), snapped, "idempotent");
                    }
                    _ => prop_assert_eq!(snapped, Span::new(lo, hi)),
                }
            }
        }
    }
}
