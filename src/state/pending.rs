//! Pending suggestions: what the suggester found in the document, and which
//! of it still waits for the user. They are not annotations: never saved,
//! never in the undo history. A suggestion stops being pending when the user
//! rejects it, or when an annotation of its kind overlaps it (it was
//! accepted, or the user marked it by hand); undoing that brings it back.

use std::collections::BTreeSet;
use std::rc::Rc;

use attrib_core::model::{AnnotatedDocument, Kind, Span};
use attrib_core::suggest::{suggest, SpeakerGuess, Suggestion, Suggestions};

/// Which pending suggestions a message means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pick {
    /// One, by its id (`sg3`).
    One(String),
    /// Every pending suggestion of one kind ("Accept all quotes").
    Kind(Kind),
    /// Every pending suggestion.
    All,
}

/// One run of the suggester over the document, and what is left of it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pending {
    /// Everything the run found, accepted and rejected items included, so
    /// that undoing an acceptance shows its suggestion again.
    found: Rc<Suggestions>,
    /// The ids the user rejected.
    rejected: BTreeSet<String>,
    /// Indices into `found.items` of the suggestions still pending, in text
    /// order.
    open: Rc<Vec<usize>>,
    /// The text the run read; another text makes the run meaningless.
    text_sha: String,
}

impl Pending {
    /// Runs the suggester on `doc`.
    pub fn new(doc: &AnnotatedDocument) -> Pending {
        let mut pending = Pending {
            found: Rc::new(suggest(doc)),
            rejected: BTreeSet::new(),
            open: Rc::default(),
            text_sha: doc.text.sha256().to_string(),
        };
        pending.refresh(doc);
        pending
    }

    /// Holds `found` (another tool's predictions, say) as the pending
    /// suggestions for `doc`, as a run of the suggester would be held.
    pub fn from_found(found: Suggestions, doc: &AnnotatedDocument) -> Pending {
        let mut pending = Pending {
            found: Rc::new(found),
            rejected: BTreeSet::new(),
            open: Rc::default(),
            text_sha: doc.text.sha256().to_string(),
        };
        pending.refresh(doc);
        pending
    }

    /// What the run found, pending or not.
    pub fn found(&self) -> &Rc<Suggestions> {
        &self.found
    }

    /// The pending suggestions, in text order.
    pub fn items(&self) -> impl Iterator<Item = &Suggestion> {
        self.open.iter().map(|&i| &self.found.items[i])
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// How many pending suggestions are of `kind`.
    pub fn count(&self, kind: &Kind) -> usize {
        self.items().filter(|s| &s.kind == kind).count()
    }

    /// The pending suggestions `pick` means, as indices into `found().items`.
    pub fn picked(&self, pick: &Pick) -> Vec<usize> {
        self.open
            .iter()
            .copied()
            .filter(|&i| {
                let item = &self.found.items[i];
                match pick {
                    Pick::One(id) => &item.id == id,
                    Pick::Kind(kind) => &item.kind == kind,
                    Pick::All => true,
                }
            })
            .collect()
    }

    /// Rejects the suggestions at `indices`: they are pending no more.
    pub fn reject(&mut self, indices: &[usize], doc: &AnnotatedDocument) {
        for &i in indices {
            if let Some(item) = self.found.items.get(i) {
                self.rejected.insert(item.id.clone());
            }
        }
        self.refresh(doc);
    }

    /// Rejects the suggestions of `kind` over exactly `spans`: the user
    /// deleted the annotation accepting one made.
    pub fn reject_matching(&mut self, kind: &Kind, spans: &[Span], doc: &AnnotatedDocument) {
        let same: Vec<usize> = (0..self.found.items.len())
            .filter(|&i| {
                let item = &self.found.items[i];
                &item.kind == kind && item.spans == spans
            })
            .collect();
        self.reject(&same, doc);
    }

    /// Brings the pending list up to date with `doc` after an edit. False
    /// when `doc` has another text, and the run no longer applies.
    pub fn refresh(&mut self, doc: &AnnotatedDocument) -> bool {
        if doc.text.sha256() != self.text_sha {
            return false;
        }
        let quotes = spans_of(doc, &Kind::Quote);
        let mentions = spans_of(doc, &Kind::Mention);
        let open: Vec<usize> = (0..self.found.items.len())
            .filter(|&i| {
                let item = &self.found.items[i];
                let taken = match item.kind {
                    Kind::Quote => overlaps_any(&quotes, &item.spans),
                    Kind::Mention => overlaps_any(&mentions, &item.spans),
                    _ => overlaps_any(&spans_of(doc, &item.kind), &item.spans),
                };
                !taken && !self.rejected.contains(&item.id)
            })
            .collect();
        if *self.open != open {
            self.open = Rc::new(open);
        }
        true
    }

    /// "12 suggestions: 9 quotes, 3 speaker mentions".
    pub fn summary(&self) -> String {
        let total = self.open.len();
        if total == 0 {
            return "No suggestions pending".to_string();
        }
        let quotes = self.count(&Kind::Quote);
        let mentions = self.count(&Kind::Mention);
        let mut parts = Vec::new();
        if quotes > 0 {
            parts.push(plural(quotes, "quote", "quotes"));
        }
        if mentions > 0 {
            parts.push(plural(mentions, "speaker mention", "speaker mentions"));
        }
        let others = total - quotes - mentions;
        if others > 0 {
            parts.push(plural(others, "other span", "other spans"));
        }
        format!(
            "{}: {}",
            plural(total, "suggestion", "suggestions"),
            parts.join(", ")
        )
    }
}

/// The speaker the suggester proposes for a quote the user marks by hand
/// over `spans` of `doc` (which does not hold that quote yet): from the
/// pending run when there is one, else from a run made for the asking.
pub(crate) fn speaker_hint(
    doc: &AnnotatedDocument,
    pending: Option<&Pending>,
    spans: &[Span],
) -> Option<SpeakerGuess> {
    match pending {
        Some(p) => p.found.speaker_for(spans).cloned(),
        None => suggest(doc).speaker_for(spans).cloned(),
    }
}

/// "1 quote", "3 quotes".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The spans of every annotation of `kind`, sorted by start.
fn spans_of(doc: &AnnotatedDocument, kind: &Kind) -> Vec<Span> {
    let mut spans: Vec<Span> = doc
        .annotations
        .iter()
        .filter(|a| &a.kind == kind)
        .flat_map(|a| a.spans.iter().copied())
        .collect();
    attrib_core::sort::sort(&mut spans);
    spans
}

/// Whether any of `spans` overlaps any of `sorted` (sorted by start).
fn overlaps_any(sorted: &[Span], spans: &[Span]) -> bool {
    spans.iter().any(|span| {
        let upto = sorted.partition_point(|s| s.start < span.end);
        sorted[..upto].iter().any(|s| s.overlaps(span))
    })
}
