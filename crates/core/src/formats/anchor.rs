//! Re-anchoring: placing a file's spans in a text that may differ from the
//! one they were made on, by their position, their exact text and a little
//! context on each side.
//!
//! A file describes each span with an [`Anchor`]: where it was (a code-point
//! [`Span`], like W3C's TextPositionSelector) and what it held (a
//! [`TextQuote`]: the exact text with up to [`CONTEXT_CHARS`] code points of
//! prefix and suffix, like W3C's TextQuoteSelector). [`place`] decides:
//!
//! 1. the text at the position is the exact text → the span is kept;
//! 2. otherwise every occurrence of the exact text is scored by how much of
//!    the prefix ends right before it plus how much of the suffix starts
//!    right after it; a unique best occurrence is where the span moves;
//! 3. no occurrence → unplaced, "not found"; several equally good →
//!    unplaced, "found N times, context does not decide".
//!
//! A span whose exact text occurs more than [`MAX_COMPARED`] times (a cue
//! such as "said" in a long article) and whose whole context (prefix, exact
//! text and suffix together) does not occur is scored only against the
//! [`MAX_COMPARED`] occurrences nearest where it is expected: its old
//! position moved by as much as the span placed before it moved (by nothing
//! for the first span, or for one placed on its own with [`place`]). Such a
//! span with no position (a W3C target with only a quote) has nowhere to be
//! expected, and is left unplaced rather than scored against every
//! occurrence. So no span costs more than [`MAX_COMPARED`] context
//! comparisons ([`Anchorer::compared`] counts them). When the whole context
//! occurs, rule 2 needs no scoring: once, that is the unique best; several
//! times, the occurrences tie.
//!
//! Finding occurrences is bounded too: each search examines at most
//! [`MAX_EXAMINED`] places of the text's index (nearest the expected place
//! first), so placing one span costs at most [`MAX_EXAMINED_PER_SPAN`]
//! places whatever the text ([`Anchorer::examined`] counts them). Only a
//! text built to defeat the index reaches the limit (every 4-byte sequence
//! of the span occurring hundreds of times, the span itself rarely): then
//! whether the whole context occurs is left undecided and the span is
//! scored near where it is expected, and an exact text not found among the
//! places examined is left unplaced, saying so.
//!
//! A text found exactly once is placed there whatever its context: the rule
//! is predictable, and a long quote found once is almost surely the same
//! quote. Short spans (a cue such as "said") are the ones at risk when the
//! sentence around them was rewritten; their context usually decides among
//! the many occurrences such words have.
//!
//! Nothing is moved silently: [`resolve`] places every span of a set of
//! annotations and lists what it could not place. An annotation with **any**
//! content span left unplaced is left out of the document as a whole (a quote
//! missing one of its parts would misrepresent what was said) and each of its
//! unplaced spans is listed. An unplaced cue only loses the cue: the
//! annotation is kept without it and the cue is listed with a reason that
//! starts with "cue: ".

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::formats::Unplaced;
use crate::model::{Annotation, Span};
use crate::text::Document;

/// How many code points of context a span carries on each side (fewer at the
/// edges of the text).
pub const CONTEXT_CHARS: usize = 32;

/// How many occurrences of a frequent exact text are scored by their
/// context, the nearest to where the span is expected (see the module
/// documentation).
pub const MAX_COMPARED: usize = 16;

/// What a span held: its exact text and the text around it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextQuote {
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] code points right before the span.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points right after the span.
    pub suffix: String,
}

/// Everything a file says about where one span is. Either part may be
/// missing (a W3C target may have only one of the two selectors).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Anchor {
    pub position: Option<Span>,
    pub quote: Option<TextQuote>,
}

impl Anchor {
    /// An anchor with both a position and a quote.
    pub fn new(position: Span, quote: TextQuote) -> Self {
        Anchor {
            position: Some(position),
            quote: Some(quote),
        }
    }

    /// The exact text the file gave, or "" when it gave none.
    pub fn exact(&self) -> &str {
        self.quote.as_ref().map_or("", |q| q.exact.as_str())
    }
}

/// Where [`place`] put a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The span is where the file said.
    Kept(Span),
    /// The text differs; the span's exact text was found, unambiguously,
    /// here instead.
    Moved(Span),
    /// The span could not be placed without guessing; the reason says why.
    Unplaced(String),
}

/// The exact text of `span` with its context, or `None` if the span leaves
/// the text.
pub fn quote_at(doc: &Document, span: Span) -> Option<TextQuote> {
    let exact = doc.slice(span)?;
    let before = Span::new(span.start.saturating_sub(CONTEXT_CHARS), span.start);
    let after = Span::new(
        span.end,
        span.end.saturating_add(CONTEXT_CHARS).min(doc.len_chars()),
    );
    Some(TextQuote {
        exact: exact.to_string(),
        prefix: doc.slice(before)?.to_string(),
        suffix: doc.slice(after)?.to_string(),
    })
}

/// Places one span in `doc`; see the module documentation for the rules.
/// To place many spans in the same text, use one [`Anchorer`].
pub fn place(doc: &Document, anchor: &Anchor) -> Placement {
    Anchorer::new(doc).place(anchor)
}

/// Places spans in one text. When a span has to be searched for, it builds
/// (once per needle length up to [`GRAM`] bytes) an index of the text's
/// short byte sequences, sorted by sequence (a radix sort, linear in the
/// text) and in text order within a sequence, so the occurrences of a
/// needle, or of its rarest 4-byte sequence, are one hash probe away and
/// already in text order. A span is expected where
/// it was, moved by as much as the last span placed moved, and its search
/// walks outward from there.
///
/// Every search examines at most [`MAX_EXAMINED`] places of the index, and
/// a span is searched for at most three times (its whole context, its
/// exact text near where it is expected, and how often the exact text
/// occurs for the message), so no span costs more than
/// [`MAX_EXAMINED_PER_SPAN`] examined places plus a few binary searches:
/// re-anchoring every span of a text costs a few passes over the text's
/// bytes plus a constant per span, whatever the text and the spans
/// ([`Anchorer::examined`] counts the places).
pub struct Anchorer<'d> {
    doc: &'d Document,
    /// The index for needles of 1, 2, 3 and 4 (or more) bytes, each built
    /// when first needed; `None` inside for a text too long for 32-bit
    /// offsets (over 4 GiB, far past [`crate::limits::MAX_TEXT_CHARS`]).
    indexes: [OnceCell<Option<GramIndex>>; GRAM],
    /// How far (in code points) the last span placed moved.
    shift: Cell<isize>,
    /// How many occurrences have been scored by their context.
    compared: Cell<usize>,
    /// How many places of the index searches have examined.
    examined: Cell<usize>,
}

/// How many places of the index one search examines at most. A search that
/// would need more (the rarest 4-byte sequence of a long needle is
/// everywhere, but the needle itself is rare) stops there and says so.
pub const MAX_EXAMINED: usize = 256;

/// The most places one span's placing examines: three searches (see
/// [`Anchorer`]).
pub const MAX_EXAMINED_PER_SPAN: usize = 3 * MAX_EXAMINED;

impl<'d> Anchorer<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Anchorer {
            doc,
            indexes: Default::default(),
            shift: Cell::new(0),
            compared: Cell::new(0),
            examined: Cell::new(0),
        }
    }

    /// How many occurrences this anchorer has scored by their context so
    /// far: at most [`MAX_COMPARED`] for each span placed.
    pub fn compared(&self) -> usize {
        self.compared.get()
    }

    /// How many places of its index this anchorer has examined so far: at
    /// most [`MAX_EXAMINED_PER_SPAN`] for each span placed.
    pub fn examined(&self) -> usize {
        self.examined.get()
    }

    /// Places one span; see the module documentation for the rules.
    pub fn place(&self, anchor: &Anchor) -> Placement {
        let doc = self.doc;
        let quote = match &anchor.quote {
            Some(quote) => quote,
            None => {
                return match anchor.position {
                    Some(span) if doc.slice(span).is_some() => Placement::Kept(span),
                    Some(span) => Placement::Unplaced(format!(
                        "{span} lies outside the text ({} code points)",
                        doc.len_chars()
                    )),
                    None => Placement::Unplaced("neither a position nor a quote".to_string()),
                };
            }
        };
        if let Some(span) = anchor.position {
            if doc.slice(span) == Some(quote.exact.as_str()) {
                return Placement::Kept(span);
            }
        }
        if quote.exact.is_empty() {
            return Placement::Unplaced("empty quote with no valid position".to_string());
        }
        let expected = anchor.position.map(|span| {
            let shifted = span.start.saturating_add_signed(self.shift.get());
            let cp = shifted.min(doc.len_chars());
            doc.index().cp_to_byte(cp).unwrap_or(doc.text().len())
        });
        let placement = self.search_near(quote, expected);
        if let (Placement::Moved(moved), Some(old)) = (&placement, anchor.position) {
            let delta = |a: usize, b: usize| {
                isize::try_from(a)
                    .ok()?
                    .checked_sub(isize::try_from(b).ok()?)
            };
            self.shift
                .set(delta(moved.start, old.start).unwrap_or(self.shift.get()));
        }
        placement
    }

    /// Finds the occurrence of `quote.exact` whose surroundings best match
    /// its context, with no expected place. Occurrences may overlap ("aa"
    /// occurs twice in "aaa").
    #[cfg(test)]
    fn search(&self, quote: &TextQuote) -> Placement {
        self.search_near(quote, None)
    }

    /// [`Anchorer::search`] for a span expected at byte offset `expected`:
    /// an exact text found more than [`MAX_COMPARED`] times is scored only
    /// at the occurrences nearest it.
    fn search_near(&self, quote: &TextQuote, expected: Option<usize>) -> Placement {
        let text = self.doc.text();
        let exact = quote.exact.as_str();
        let Some(exact_places) = self.candidates(exact) else {
            return Placement::Unplaced("the text is too long to search".to_string());
        };
        // Fast path: the exact text with its whole context is the best score
        // there can be; if it occurs once, that is the unique best, and if it
        // occurs several times, the occurrences tie.
        let whole = format!("{}{}{}", quote.prefix, exact, quote.suffix);
        let full = self.candidates(&whole).map(|c| self.first(&c, 2));
        let compared = match full {
            Some(Found { places, .. }) if places.len() > 1 => {
                return self.ambiguous(&exact_places);
            }
            Some(Found {
                places,
                complete: true,
            }) if places.len() == 1 => vec![places[0] + quote.prefix.len()],
            _ => {
                let compared = match expected {
                    Some(at) => self.nearest(&exact_places, at),
                    None => {
                        let found = self.first(&exact_places, MAX_COMPARED + 1);
                        if found.places.len() > MAX_COMPARED || !found.complete {
                            return Placement::Unplaced(format!(
                                "{} and the file gives no position to look near; \
                                 context decides among at most {MAX_COMPARED}",
                                self.count(&exact_places).found_times()
                            ));
                        }
                        found
                    }
                };
                if compared.places.is_empty() {
                    return Placement::Unplaced(if compared.complete {
                        "not found".to_string()
                    } else {
                        format!("not found among the {MAX_EXAMINED} places nearest its position")
                    });
                }
                self.compared
                    .set(self.compared.get() + compared.places.len());
                let mut best_score = 0usize;
                let mut best = Vec::new();
                for &start in &compared.places {
                    let score = context_score(text, start, start + exact.len(), quote);
                    if score > best_score || best.is_empty() {
                        best_score = score;
                        best.clear();
                        best.push(start);
                    } else if score == best_score {
                        best.push(start);
                    }
                }
                if best.len() > 1 {
                    return self.ambiguous(&exact_places);
                }
                best
            }
        };
        let index = self.doc.index();
        match compared.first().map(|&start| {
            (
                index.byte_to_cp(start),
                index.byte_to_cp(start + exact.len()),
            )
        }) {
            Some((Some(a), Some(b))) => Placement::Moved(Span::new(a, b)),
            _ => Placement::Unplaced("not found".to_string()),
        }
    }

    /// "found N times, context does not decide".
    fn ambiguous(&self, exact: &Candidates<'_>) -> Placement {
        Placement::Unplaced(format!(
            "{}, context does not decide",
            self.count(exact).found_times()
        ))
    }

    /// Where `needle` may occur: the places of its own bytes (a needle
    /// shorter than [`GRAM`] bytes) or of the rarest of [`LOOKUPS`] of its
    /// 4-byte sequences. `None` for a text over 4 GiB.
    fn candidates<'n>(&'n self, needle: &'n str) -> Option<Candidates<'n>> {
        let text = self.doc.text();
        let bytes = needle.as_bytes();
        let len = bytes.len().clamp(1, GRAM);
        let index = self.indexes[len - 1]
            .get_or_init(|| GramIndex::new(text, len))
            .as_ref()?;
        if bytes.len() < GRAM {
            let places = key(bytes, 0, bytes.len()).map_or(&[][..], |k| index.places(k));
            return Some(Candidates {
                text,
                needle,
                offset: 0,
                places,
                verify: false,
            });
        }
        // Up to LOOKUPS sequences spread over the needle: each lookup is a
        // hash probe, and a few spread ones find a rare sequence as well as
        // all of them would, in practice.
        let starts: Vec<usize> = needle
            .char_indices()
            .map(|(offset, _)| offset)
            .take_while(|offset| offset + GRAM <= bytes.len())
            .collect();
        let step = starts.len().div_ceil(LOOKUPS).max(1);
        let (offset, places) = starts
            .iter()
            .step_by(step)
            .filter_map(|&offset| Some((offset, index.places(key(bytes, offset, GRAM)?))))
            .min_by_key(|(_, places)| places.len())
            .unwrap_or((0, &[]));
        Some(Candidates {
            text,
            needle,
            offset,
            places,
            verify: true,
        })
    }

    /// Whether the place at `i` of `c` holds the needle, and where it
    /// starts; counts the place as examined.
    fn check(&self, c: &Candidates<'_>, i: usize) -> Option<usize> {
        self.examined.set(self.examined.get() + 1);
        let start = usize::try_from(c.places[i]).ok()?.checked_sub(c.offset)?;
        if !c.verify {
            return Some(start);
        }
        let end = start.checked_add(c.needle.len())?;
        (c.text.as_bytes().get(start..end) == Some(c.needle.as_bytes())).then_some(start)
    }

    /// The first (in text order) `want` occurrences, examining at most
    /// [`MAX_EXAMINED`] places.
    fn first(&self, c: &Candidates<'_>, want: usize) -> Found {
        let mut places = Vec::new();
        for i in 0..c.places.len() {
            if places.len() == want {
                return Found {
                    places,
                    complete: true,
                };
            }
            if i == MAX_EXAMINED {
                return Found {
                    places,
                    complete: false,
                };
            }
            places.extend(self.check(c, i));
        }
        Found {
            places,
            complete: true,
        }
    }

    /// The (at most [`MAX_COMPARED`]) occurrences nearest byte offset `at`,
    /// ascending, examining at most [`MAX_EXAMINED`] places, nearest first.
    /// `complete` says whether every place was examined when none is found.
    fn nearest(&self, c: &Candidates<'_>, at: usize) -> Found {
        let key_at = u32::try_from(at.saturating_add(c.offset)).unwrap_or(u32::MAX);
        let mut right = c.places.partition_point(|&p| p < key_at);
        let mut left = right;
        let mut places = Vec::new();
        let mut examined = 0;
        while places.len() < MAX_COMPARED && (left > 0 || right < c.places.len()) {
            if examined == MAX_EXAMINED {
                places.sort_unstable();
                return Found {
                    places,
                    complete: false,
                };
            }
            examined += 1;
            let distance = |i: usize| (c.places[i] as usize).abs_diff(at + c.offset);
            let go_left = match (left.checked_sub(1), right < c.places.len()) {
                (Some(l), true) => distance(l) <= distance(right),
                (Some(_), false) => true,
                (None, _) => false,
            };
            let i = if go_left {
                left -= 1;
                left
            } else {
                right += 1;
                right - 1
            };
            places.extend(self.check(c, i));
        }
        places.sort_unstable();
        Found {
            places,
            complete: true,
        }
    }

    /// How many times the needle occurs: exact for a short needle (every
    /// place is an occurrence), counted up to [`MAX_EXAMINED`] places for
    /// a longer one.
    fn count(&self, c: &Candidates<'_>) -> Count {
        if !c.verify {
            return Count {
                times: c.places.len(),
                exact: true,
            };
        }
        let found = self.first(c, usize::MAX);
        Count {
            times: found.places.len(),
            exact: found.complete,
        }
    }
}

/// Where a needle may be: places of the index, each `offset` bytes into
/// the needle, to be checked against the text when `verify`.
struct Candidates<'a> {
    text: &'a str,
    needle: &'a str,
    offset: usize,
    places: &'a [u32],
    verify: bool,
}

/// Occurrences found by a search, ascending, and whether the search looked
/// at every place it needed to.
struct Found {
    places: Vec<usize>,
    complete: bool,
}

/// How many times a needle occurs, or at least how many when `!exact`.
struct Count {
    times: usize,
    exact: bool,
}

impl Count {
    fn found_times(&self) -> String {
        if self.exact {
            format!("found {} times", self.times)
        } else {
            format!("found more than {} times", self.times)
        }
    }
}

/// Bytes per indexed sequence at most.
const GRAM: usize = 4;

/// The `len` (at most [`GRAM`]) bytes at `at`, as one number.
fn key(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let window = bytes.get(at..at.checked_add(len)?)?;
    let mut padded = [0u8; GRAM];
    padded.get_mut(..len)?.copy_from_slice(window);
    Some(u32::from_be_bytes(padded))
}

/// How many of a long needle's 4-byte sequences are looked up to find a
/// rare one.
const LOOKUPS: usize = 16;

/// The places of the `len`-byte sequence starting at each character of a
/// text, sorted by sequence and in text order within one, so the
/// places a sequence occurs are one hash probe away, in text order.
struct GramIndex {
    /// Byte offsets, one run per sequence, each run ascending.
    entries: Vec<u32>,
    /// Where each sequence's run of entries starts and ends.
    runs: HashMap<u32, (u32, u32), BuildHasherDefault<KeyHasher>>,
}

/// A hasher for 4-byte keys: one multiplication, its high half folded in
/// (the table's buckets use the low bits). The keys come from the text,
/// which only slows a lookup down, never makes one wrong.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.0 as u32).rotate_left(8));
        }
    }

    fn write_u32(&mut self, n: u32) {
        let h = (u64::from(n) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
}

impl GramIndex {
    /// `None` for texts too long for 32-bit offsets.
    fn new(text: &str, len: usize) -> Option<GramIndex> {
        u32::try_from(text.len()).ok()?;
        let bytes = text.as_bytes();
        let mut pairs: Vec<(u32, u32)> = text
            .char_indices()
            .filter_map(|(at, _)| Some((key(bytes, at, len)?, u32::try_from(at).ok()?)))
            .collect();
        sort_by_sequence(&mut pairs);
        let mut runs: HashMap<u32, (u32, u32), BuildHasherDefault<KeyHasher>> = HashMap::default();
        let mut entries = Vec::with_capacity(pairs.len());
        let mut start = 0u32;
        for (i, &(key, at)) in pairs.iter().enumerate() {
            entries.push(at);
            if pairs.get(i + 1).is_none_or(|next| next.0 != key) {
                let end = u32::try_from(i + 1).ok()?;
                runs.insert(key, (start, end));
                start = end;
            }
        }
        Some(GramIndex { entries, runs })
    }

    fn places(&self, key: u32) -> &[u32] {
        self.runs
            .get(&key)
            .and_then(|&(start, end)| self.entries.get(start as usize..end as usize))
            .unwrap_or(&[])
    }
}

/// Sorts (sequence, place) pairs by sequence, keeping text order among the
/// places of one sequence: a least-significant-digit radix sort, linear in
/// the text, 16 bits a pass, skipping a pass whose digit is the same
/// throughout (the low half of every 1- and 2-byte sequence).
fn sort_by_sequence(pairs: &mut Vec<(u32, u32)>) {
    let mut sorted = vec![(0u32, 0u32); pairs.len()];
    for shift in [0u32, 16] {
        let digit = |key: u32| ((key >> shift) & 0xFFFF) as usize;
        let mut next = vec![0usize; 1 << 16];
        for &(key, _) in pairs.iter() {
            next[digit(key)] += 1;
        }
        if next.contains(&pairs.len()) {
            continue;
        }
        let mut sum = 0;
        for slot in next.iter_mut() {
            let count = *slot;
            *slot = sum;
            sum += count;
        }
        for &pair in pairs.iter() {
            let slot = &mut next[digit(pair.0)];
            if let Some(to) = sorted.get_mut(*slot) {
                *to = pair;
            }
            *slot += 1;
        }
        std::mem::swap(pairs, &mut sorted);
    }
}

/// Code points of the prefix that end at `start` plus code points of the
/// suffix that begin at `end` (byte offsets into `text`).
fn context_score(text: &str, start: usize, end: usize, quote: &TextQuote) -> usize {
    let before = quote
        .prefix
        .chars()
        .rev()
        .zip(text[..start].chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let after = quote
        .suffix
        .chars()
        .zip(text[end..].chars())
        .take_while(|(a, b)| a == b)
        .count();
    before + after
}

/// An annotation read from a file, with its spans and cue still to be
/// placed. `annotation.spans` and `annotation.cue` are overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAnnotation {
    pub annotation: Annotation,
    pub spans: Vec<Anchor>,
    pub cue: Option<Anchor>,
}

/// Places every pending annotation in `doc`. Returns the annotations that
/// could be placed, in their original order, and every span that could not.
pub fn resolve(
    doc: &Document,
    pending: Vec<PendingAnnotation>,
) -> (Vec<Annotation>, Vec<Unplaced>) {
    let anchorer = Anchorer::new(doc);
    let mut annotations = Vec::with_capacity(pending.len());
    let mut unplaced = Vec::new();
    for PendingAnnotation {
        mut annotation,
        spans,
        cue,
    } in pending
    {
        let mut placed = Vec::with_capacity(spans.len());
        let mut complete = true;
        for anchor in &spans {
            match anchorer.place(anchor) {
                Placement::Kept(span) | Placement::Moved(span) => placed.push(span),
                Placement::Unplaced(reason) => {
                    complete = false;
                    unplaced.push(unplaced_entry(&annotation.id, anchor, reason));
                }
            }
        }
        if !complete {
            continue;
        }
        annotation.spans = placed;
        annotation.cue = match &cue {
            None => None,
            Some(anchor) => match anchorer.place(anchor) {
                Placement::Kept(span) | Placement::Moved(span) => Some(span),
                Placement::Unplaced(reason) => {
                    unplaced.push(unplaced_entry(
                        &annotation.id,
                        anchor,
                        format!("cue: {reason}"),
                    ));
                    None
                }
            },
        };
        annotations.push(annotation);
    }
    (annotations, unplaced)
}

fn unplaced_entry(annotation_id: &str, anchor: &Anchor, reason: String) -> Unplaced {
    Unplaced {
        annotation_id: annotation_id.to_string(),
        exact: anchor.exact().to_string(),
        original: anchor.position.unwrap_or(Span::new(0, 0)),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use proptest::prelude::*;

    fn anchor_of(doc: &Document, span: Span) -> Anchor {
        Anchor::new(span, quote_at(doc, span).expect("span inside the text"))
    }

    #[test]
    fn context_is_32_code_points_and_shorter_at_the_edges() {
        let doc = Document::new(&format!("{}MID{}", "é".repeat(40), "😀".repeat(5)));
        let q = quote_at(&doc, Span::new(40, 43)).expect("inside");
        assert_eq!(q.exact, "MID");
        assert_eq!(q.prefix, "é".repeat(32));
        assert_eq!(q.suffix, "😀".repeat(5));
        assert_eq!(quote_at(&doc, Span::new(40, 99)), None);
    }

    #[test]
    fn the_index_sort_orders_by_sequence_and_keeps_text_order_within_one() {
        // Keys differing in the low half, the high half, both, and one key
        // throughout (its passes skipped); places given in text order.
        let keys = [
            0x0001_0002,
            0x0000_0003,
            0x0001_0001,
            0x0000_0003,
            0x0001_0002,
            7,
        ];
        let mut pairs: Vec<(u32, u32)> = keys.iter().zip(0..).map(|(&k, at)| (k, at)).collect();
        let mut expected = pairs.clone();
        expected.sort_by_key(|&(k, _)| k); // stable
        sort_by_sequence(&mut pairs);
        assert_eq!(pairs, expected);
        let mut same: Vec<(u32, u32)> = (0..5).map(|at| (0x6100_0000, at)).collect();
        sort_by_sequence(&mut same);
        assert_eq!(same, (0..5).map(|at| (0x6100_0000, at)).collect::<Vec<_>>());
    }

    #[test]
    fn keeps_a_span_whose_text_is_unchanged() {
        let doc = Document::new("Kerry said “I lost the argument,” today.");
        let a = anchor_of(&doc, Span::new(11, 33));
        assert_eq!(place(&doc, &a), Placement::Kept(Span::new(11, 33)));
    }

    #[test]
    fn follows_text_inserted_before_the_span() {
        let old = Document::new("Kerry said “I lost the argument,” today.");
        let a = anchor_of(&old, Span::new(11, 33));
        let new = Document::new("On Monday, Kerry said “I lost the argument,” today.");
        assert_eq!(place(&new, &a), Placement::Moved(Span::new(22, 44)));
    }

    #[test]
    fn keeps_a_span_when_text_is_edited_after_it() {
        let old = Document::new("Kerry said “I lost the argument,” today.");
        let a = anchor_of(&old, Span::new(11, 33));
        let new = Document::new("Kerry said “I lost the argument,” to Syrian attendees.");
        assert_eq!(place(&new, &a), Placement::Kept(Span::new(11, 33)));
    }

    #[test]
    fn duplicated_phrase_is_decided_by_context() {
        let old = Document::new("Kerry said no. Then Lavrov said no.");
        let lavrov = anchor_of(&old, Span::new(27, 34));
        assert_eq!(lavrov.exact(), "said no");
        let new = Document::new("Yesterday Kerry said no. Then Lavrov said no.");
        assert_eq!(place(&new, &lavrov), Placement::Moved(Span::new(37, 44)));
    }

    #[test]
    fn ambiguous_phrase_is_listed_not_moved() {
        let old = Document::new("no. no. no.");
        let a = anchor_of(&old, Span::new(4, 6));
        let quote = TextQuote {
            exact: "no".into(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let new = Document::new("x no. no. no.");
        assert_eq!(
            place(
                &new,
                &Anchor {
                    position: Some(Span::new(4, 6)),
                    quote: Some(quote)
                }
            ),
            Placement::Unplaced("found 3 times, context does not decide".into())
        );
        // With its context the middle one is unique even though the text moved.
        assert_eq!(place(&new, &a), Placement::Moved(Span::new(6, 8)));
    }

    #[test]
    fn a_frequent_text_is_compared_only_near_where_it_is_expected() {
        let text: String = (0..40).map(|i| format!("the w{i} ")).collect();
        let doc = Document::new(&text);
        let at = |i: usize| text.find(&format!("the w{i} ")).expect("written");
        let anchor = |old: usize, suffix: &str| Anchor {
            position: Some(Span::new(old, old + 3)),
            quote: Some(TextQuote {
                exact: "the".into(),
                prefix: String::new(),
                suffix: suffix.into(),
            }),
        };
        // The whole context occurs nowhere; near the old position " w20 "
        // matches best, at occurrence 20.
        let near = anchor(at(20) + 1, " w20 (edited)");
        let placed = Span::new(at(20), at(20) + 3);
        assert_eq!(place(&doc, &near), Placement::Moved(placed));
        // Occurrence 39 would match " w39 " better, but it is more than
        // MAX_COMPARED occurrences away: of those compared, " w3" is best.
        let far = anchor(at(0) + 1, " w39 (edited)");
        assert_eq!(
            place(&doc, &far),
            Placement::Moved(Span::new(at(3), at(3) + 3))
        );
        // With no expected place, forty occurrences are too many to
        // compare: the span is left unplaced, saying why, and none is scored.
        let anchorer = Anchorer::new(&doc);
        let quote = far.quote.as_ref().expect("quote");
        match anchorer.search(quote) {
            Placement::Unplaced(reason) => {
                assert!(reason.starts_with("found 40 times"), "{reason}")
            }
            other => panic!("a frequent text with no position was placed: {other:?}"),
        }
        assert_eq!(anchorer.compared(), 0);
        // A text found at most MAX_COMPARED times is compared everywhere.
        let few = Document::new(&text[..at(MAX_COMPARED)]);
        let anchorer = Anchorer::new(&few);
        assert_eq!(
            anchorer.search(&TextQuote {
                exact: "the".into(),
                prefix: String::new(),
                suffix: " w15 (edited)".into(),
            }),
            Placement::Moved(Span::new(at(15), at(15) + 3))
        );
        assert_eq!(anchorer.compared(), MAX_COMPARED);
    }

    #[test]
    fn each_span_compares_at_most_max_compared_candidates() {
        // "said" 5000 times, each with a different number after it; every
        // span's context is edited so that the whole context occurs nowhere
        // and each must be scored.
        let text: String = (0..5000).map(|i| format!("said {i}. ")).collect();
        let doc = Document::new(&text);
        let anchorer = Anchorer::new(&doc);
        let spans = 200;
        for i in 0..spans {
            let at = text.find(&format!("said {}. ", i * 25)).expect("written");
            let anchor = Anchor {
                position: Some(Span::new(at, at + 4)),
                quote: Some(TextQuote {
                    exact: "said".into(),
                    prefix: String::new(),
                    suffix: format!(" {}. (edited)", i * 25),
                }),
            };
            let before = anchorer.compared();
            // The position is one code point off, so the span is searched for.
            let moved = Anchor {
                position: Some(Span::new(at + 1, at + 5)),
                ..anchor
            };
            assert_eq!(
                anchorer.place(&moved),
                Placement::Moved(Span::new(at, at + 4)),
                "span {i}"
            );
            let compared = anchorer.compared() - before;
            assert!(
                (1..=MAX_COMPARED).contains(&compared),
                "span {i} compared {compared} candidates"
            );
        }
        assert!(anchorer.compared() <= spans * MAX_COMPARED);
    }

    #[test]
    fn nearest_takes_a_run_around_the_expected_offset() {
        // "a" at every tenth byte: 0, 10, ..., 990.
        let text = "a         ".repeat(100);
        let doc = Document::new(&text);
        let anchorer = Anchorer::new(&doc);
        let sorted: Vec<usize> = (0..100).map(|i| i * 10).collect();
        let c = anchorer.candidates("a").expect("indexed");
        assert_eq!(anchorer.nearest(&c, 0).places, &sorted[..MAX_COMPARED]);
        assert_eq!(
            anchorer.nearest(&c, 5000).places,
            &sorted[100 - MAX_COMPARED..]
        );
        let around = anchorer.nearest(&c, 500).places;
        assert_eq!(around.len(), MAX_COMPARED);
        assert!(around.contains(&500) && around.contains(&420) && around.contains(&570));
        // A longer needle is looked up by a 4-byte sequence and checked.
        let c = anchorer.candidates("a         a").expect("indexed");
        assert_eq!(
            anchorer.nearest(&c, 985).places,
            &sorted[99 - MAX_COMPARED..99]
        );
    }

    /// The adversarial case for a search by text: a text of one letter
    /// repeated, and many one-letter spans that all have to be searched
    /// for. Every place is an occurrence, every context occurs everywhere;
    /// the work per span stays bounded by a constant, so the whole costs
    /// a constant times the spans (plus indexing the text once).
    #[test]
    fn one_letter_spans_in_a_text_of_one_letter_cost_a_bounded_amount_each() {
        let n = 100_000;
        let doc = Document::new(&"a".repeat(n));
        let anchorer = Anchorer::new(&doc);
        let spans = 10_000;
        let mut placed = 0;
        for i in 0..spans {
            let at = i * 10;
            let context = |len: usize| "a".repeat(len);
            let quote = match i % 4 {
                // Its context occurs everywhere: ambiguous.
                0 => TextQuote {
                    exact: "a".into(),
                    prefix: context(32),
                    suffix: context(32),
                },
                // Context that occurs nowhere, so occurrences are scored.
                1 => TextQuote {
                    exact: "a".into(),
                    prefix: "b".into(),
                    suffix: "c".into(),
                },
                // A longer exact text, found everywhere too.
                2 => TextQuote {
                    exact: context(40),
                    prefix: String::new(),
                    suffix: "b".into(),
                },
                _ => TextQuote {
                    exact: "aa".into(),
                    prefix: String::new(),
                    suffix: String::new(),
                },
            };
            let anchor = Anchor {
                // Past the end of the text, or no position at all, so that
                // every span is searched for.
                position: (i % 3 != 0).then(|| Span::new(n + at, n + at + 1)),
                quote: Some(quote),
            };
            let before = anchorer.examined();
            if matches!(anchorer.place(&anchor), Placement::Moved(_)) {
                placed += 1;
            }
            let examined = anchorer.examined() - before;
            assert!(
                examined <= MAX_EXAMINED_PER_SPAN,
                "span {i} examined {examined} places"
            );
        }
        // Nothing can be told apart in such a text: every span is unplaced.
        assert_eq!(placed, 0);
        assert!(anchorer.compared() <= spans * MAX_COMPARED);
        assert!(
            anchorer.examined() <= spans * MAX_EXAMINED_PER_SPAN,
            "{} places examined",
            anchorer.examined()
        );
        // Far fewer in practice: the whole context is found twice at the
        // first two places, and the sixteen nearest occurrences are the
        // sixteen places nearest.
        assert!(
            anchorer.examined() <= spans * (MAX_EXAMINED + MAX_COMPARED + 2),
            "{} places examined",
            anchorer.examined()
        );
    }

    /// A text of two letters in a random order, where every 4-byte
    /// sequence occurs thousands of times: looking a long needle up by its
    /// rarest sequence finds thousands of places to check, and the search
    /// still stops after a bounded number, yet finds a span near where it
    /// is expected.
    #[test]
    fn needles_whose_sequences_are_everywhere_cost_a_bounded_amount() {
        let mut state = 7u64;
        let text: String = (0..100_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if state >> 63 == 0 {
                    'a'
                } else {
                    'b'
                }
            })
            .collect();
        let flip = |letter: &str| if letter == "a" { "b" } else { "a" };
        let doc = Document::new(&text);
        let anchorer = Anchorer::new(&doc);
        let spans = 1_000;
        let mut moved = 0;
        for i in 0..spans {
            let at = 50 + i * 97;
            let quote = TextQuote {
                exact: text[at..at + 24].to_string(),
                // Context edited next to the span (one letter changed on
                // each side), so that the whole context occurs nowhere
                // but all its 4-byte sequences occur everywhere.
                prefix: format!("{}{}", &text[at - 32..at - 1], flip(&text[at - 1..at])),
                suffix: format!(
                    "{}{}",
                    flip(&text[at + 24..at + 25]),
                    &text[at + 25..at + 56]
                ),
            };
            let anchor = Anchor {
                // Off by one, so the span is searched for near there.
                position: Some(Span::new(at + 1, at + 25)),
                quote: Some(quote),
            };
            let before = anchorer.examined();
            if anchorer.place(&anchor) == Placement::Moved(Span::new(at, at + 24)) {
                moved += 1;
            }
            let examined = anchorer.examined() - before;
            assert!(
                examined <= MAX_EXAMINED_PER_SPAN,
                "span {i} examined {examined} places"
            );
        }
        // A random 24-letter run occurs once in such a text (almost
        // always): each span is found where it was.
        assert!(moved >= spans * 99 / 100, "{moved} of {spans} moved");
    }

    #[test]
    fn counts_overlapping_occurrences() {
        let doc = Document::new("aaa");
        let quote = TextQuote {
            exact: "aa".into(),
            ..TextQuote::default()
        };
        let anchor = Anchor {
            position: None,
            quote: Some(quote),
        };
        assert_eq!(
            place(&doc, &anchor),
            Placement::Unplaced("found 2 times, context does not decide".into())
        );
    }

    #[test]
    fn missing_text_is_not_found() {
        let old = Document::new("Kerry said “I lost the argument,” today.");
        let a = anchor_of(&old, Span::new(11, 33));
        let new = Document::new("Kerry said nothing today.");
        assert_eq!(place(&new, &a), Placement::Unplaced("not found".into()));
    }

    #[test]
    fn position_only_anchors_are_checked_against_the_text() {
        let doc = Document::new("short");
        let inside = Anchor {
            position: Some(Span::new(1, 3)),
            quote: None,
        };
        let outside = Anchor {
            position: Some(Span::new(3, 9)),
            quote: None,
        };
        assert_eq!(place(&doc, &inside), Placement::Kept(Span::new(1, 3)));
        assert_eq!(
            place(&doc, &outside),
            Placement::Unplaced("3..9 lies outside the text (5 code points)".into())
        );
    }

    #[test]
    fn resolve_drops_annotations_with_an_unplaced_span_and_keeps_others() {
        let old = Document::new("He said “one” and “two”, she said “three”.");
        let mut two_part = Annotation::new("q1", Kind::Quote, vec![]);
        two_part.note = "two parts".into();
        let pending = vec![
            PendingAnnotation {
                annotation: two_part,
                spans: vec![
                    anchor_of(&old, Span::new(8, 13)),
                    anchor_of(&old, Span::new(18, 23)),
                ],
                cue: Some(anchor_of(&old, Span::new(3, 7))),
            },
            PendingAnnotation {
                annotation: Annotation::new("q2", Kind::Quote, vec![]),
                spans: vec![anchor_of(&old, Span::new(34, 41))],
                cue: Some(anchor_of(&old, Span::new(29, 33))),
            },
        ];
        let new = Document::new("He told us “one” and more, she added “three”.");
        let (annotations, unplaced) = resolve(&new, pending);
        assert_eq!(annotations.len(), 1);
        assert_eq!(annotations[0].id, "q2");
        assert_eq!(annotations[0].spans, vec![Span::new(37, 44)]);
        assert_eq!(annotations[0].cue, None, "“said” is gone");
        assert_eq!(unplaced.len(), 2);
        assert_eq!(unplaced[0].annotation_id, "q1");
        assert_eq!(unplaced[0].exact, "“two”");
        assert_eq!(unplaced[0].original, Span::new(18, 23));
        assert_eq!(unplaced[0].reason, "not found");
        assert_eq!(unplaced[1].annotation_id, "q2");
        assert_eq!(unplaced[1].reason, "cue: not found");
    }

    fn piece() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("b"),
                Just(" "),
                Just("é"),
                Just("😀"),
                Just("漢"),
                Just("\u{0301}"),
                Just("ש"),
                Just("\n"),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    /// The rules of the module documentation, spelled out the slow way.
    fn naive_search(doc: &Document, quote: &TextQuote) -> Placement {
        let text = doc.text();
        let exact = quote.exact.as_str();
        let starts: Vec<usize> = (0..=text.len())
            .filter(|&b| text.get(b..b + exact.len()) == Some(exact))
            .collect();
        let scores: Vec<usize> = starts
            .iter()
            .map(|&b| context_score(text, b, b + exact.len(), quote))
            .collect();
        let Some(&max) = scores.iter().max() else {
            return Placement::Unplaced("not found".into());
        };
        let best: Vec<usize> = starts
            .iter()
            .zip(&scores)
            .filter(|(_, &s)| s == max)
            .map(|(&b, _)| b)
            .collect();
        if best.len() > 1 {
            return Placement::Unplaced(format!(
                "found {} times, context does not decide",
                starts.len()
            ));
        }
        let ix = doc.index();
        Placement::Moved(Span::new(
            ix.byte_to_cp(best[0]).expect("boundary"),
            ix.byte_to_cp(best[0] + exact.len()).expect("boundary"),
        ))
    }

    proptest! {
        /// The indexed search decides exactly as the plain rules do.
        #[test]
        fn indexed_search_agrees_with_the_rules(
            raw in piece(), exact in piece(), prefix in piece(), suffix in piece(),
            from_text in any::<bool>(), cut in 0usize..60, len in 1usize..6,
        ) {
            let doc = Document::new(&raw);
            let quote = if from_text && doc.len_chars() > 0 {
                let start = cut % doc.len_chars();
                let end = (start + len).min(doc.len_chars());
                let mut q = quote_at(&doc, Span::new(start, end)).expect("inside");
                q.prefix = format!("{prefix}{}", q.prefix);
                q
            } else {
                TextQuote { exact, prefix, suffix }
            };
            prop_assume!(!quote.exact.is_empty());
            let anchorer = Anchorer::new(&doc);
            prop_assert_eq!(anchorer.search(&quote), naive_search(&doc, &quote));
        }

        /// Inserting text anywhere never places a span on other text, and an
        /// insertion outside the span and its context either moves the span
        /// exactly as far as the insertion or reports it as ambiguous.
        #[test]
        fn insertions_never_misplace_a_span(
            raw in piece(), inserted in piece(), at in 0usize..60, cut in 0usize..60, len in 1usize..8,
        ) {
            let old = Document::new(&raw);
            let start = cut.min(old.len_chars().saturating_sub(1));
            let end = (start + len).min(old.len_chars());
            prop_assume!(start < end);
            let original = Span::new(start, end);
            let anchor = anchor_of(&old, original);
            let at = at.min(old.len_chars());
            let byte = old.index().cp_to_byte(at).expect("inside");
            let edited = format!("{}{}{}", &old.text()[..byte], inserted, &old.text()[byte..]);
            let new = Document::new(&edited);
            let shift = inserted.chars().count();
            let shifted = if at <= start {
                Span::new(start + shift, end + shift)
            } else {
                original
            };
            let far = at + CONTEXT_CHARS <= start || at >= end + CONTEXT_CHARS;
            match place(&new, &anchor) {
                Placement::Kept(span) | Placement::Moved(span) => {
                    prop_assert_eq!(new.slice(span), Some(anchor.exact()));
                    if far {
                        prop_assert!(span == shifted || span == original, "{} not {}", span, shifted);
                    }
                }
                Placement::Unplaced(reason) => {
                    prop_assert!(!far || reason.starts_with("found "), "{}", reason);
                }
            }
        }
    }
}
