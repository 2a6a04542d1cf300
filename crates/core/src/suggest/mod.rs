//! Suggestions: quotes, their cues and their speakers found by rules, with
//! no model to download, fast enough to run in the browser on every click.
//!
//! [`suggest`] reads a document and returns [`Suggestions`]: pending quotes
//! (direct, mixed and indirect, each with its content spans, cue and
//! speaker) and pending speaker mentions, plus the speakers they name
//! ([`SpeakerGuess`], reusing the document's own speakers where they match).
//! Nothing is added to the document until it is accepted: [`accept`] turns
//! the chosen suggestions into workspace [`Action`](crate::workspace::Action)s
//! for one undoable [`apply_all`](crate::workspace::Workspace::apply_all)
//! batch, creating each new speaker once and skipping whatever would
//! duplicate the user's own annotations. [`eval`] scores the suggester
//! against hand-annotated files.
//!
//! ```
//! use attrib_core::suggest::{accept, suggest, QuoteType};
//! use attrib_core::workspace::Workspace;
//! use attrib_core::{AnnotatedDocument, Document, Kind, Metadata};
//!
//! let text = "“We will not back down,” Secretary of State John Kerry said. \
//!             “Never.”\n\nKerry added that the talks had failed.";
//! let doc = AnnotatedDocument::new(Metadata::default(), Document::new(text));
//! let found = suggest(&doc);
//!
//! let quotes: Vec<_> = found.items.iter().filter(|s| s.kind == Kind::Quote).collect();
//! assert_eq!(quotes.len(), 2);
//! assert_eq!(quotes[0].quote_type, Some(QuoteType::Direct));
//! assert_eq!(quotes[0].spans.len(), 2); // interrupted by its cue
//! assert_eq!(quotes[1].quote_type, Some(QuoteType::Indirect));
//! let kerry = found.speaker_of(quotes[0]).unwrap();
//! assert_eq!(kerry.name, "John Kerry");
//! assert_eq!(kerry.role.as_deref(), Some("Secretary of State"));
//! assert_eq!(found.speaker_of(quotes[1]), Some(kerry));
//!
//! // Accepting every suggestion is one undoable step, with one new speaker.
//! let all: Vec<usize> = (0..found.items.len()).collect();
//! let mut workspace = Workspace::new(doc.clone()).unwrap();
//! workspace.apply_all(accept(&doc, &found, &all, "")).unwrap();
//! assert_eq!(workspace.document().speakers.len(), 1);
//! workspace.undo().unwrap();
//! assert!(workspace.document().annotations.is_empty());
//! ```

mod accept;
mod cues;
pub mod eval;
mod marks;
mod quotes;
mod speakers;
mod tokens;

use serde::{Deserialize, Serialize};

pub use accept::{accept, accept_kind};
pub use cues::lemma_count;

use crate::{AnnotatedDocument, Kind, Span, Speaker};

/// The note the command line gives accepted suggestions, so a file says
/// which annotations were suggested rather than made by hand.
pub const SUGGESTED_NOTE: &str = "suggested by attrib";

/// How a quote reports what was said (the schema's default quote types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteType {
    /// The speaker's words in quotation marks.
    Direct,
    /// A paraphrase: "X said that …", "according to X, …".
    Indirect,
    /// Quoted words inside a reported sentence.
    Mixed,
}

impl QuoteType {
    /// The label as the default schema spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteType::Direct => "direct",
            QuoteType::Indirect => "indirect",
            QuoteType::Mixed => "mixed",
        }
    }
}

/// A speaker the suggestions name: new, or one of the document's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerGuess {
    pub name: String,
    /// A title or role written with the name ("Secretary of State").
    pub role: Option<String>,
    /// Other names the text uses for them ("Kerry").
    pub aliases: Vec<String>,
    /// Where the text names them (pronouns that refer to them included).
    pub mentions: Vec<Span>,
    /// The id of the document's speaker this is, when it is one.
    pub existing: Option<String>,
}

impl SpeakerGuess {
    /// The document's speaker this guess is: by id, else the first whose
    /// name or alias is the guess's name.
    pub fn known_in<'a>(&self, doc: &'a AnnotatedDocument) -> Option<&'a Speaker> {
        if let Some(known) = self.existing.as_deref().and_then(|id| doc.speaker(id)) {
            return Some(known);
        }
        let key = speakers::name_key(&self.name);
        doc.speakers.iter().find(|s| {
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .any(|n| speakers::name_key(n) == key)
        })
    }

    /// The speaker to add for this guess, with id `id`: its name, role and
    /// aliases.
    pub fn to_speaker(&self, id: impl Into<String>) -> Speaker {
        Speaker {
            id: id.into(),
            name: self.name.clone(),
            aliases: self.aliases.clone(),
            role: self.role.clone(),
        }
    }
}

/// One pending annotation: a quote or a mention, not yet accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// `sg1`, `sg2`, … in text order; stable for one run.
    pub id: String,
    /// [`Kind::Quote`] or [`Kind::Mention`].
    pub kind: Kind,
    /// Content spans in order (a quote interrupted by its cue has two);
    /// one span for a mention.
    pub spans: Vec<Span>,
    /// For quotes.
    pub quote_type: Option<QuoteType>,
    /// For quotes: the reporting verb or phrase.
    pub cue: Option<Span>,
    /// Index into [`Suggestions::speakers`].
    pub speaker: Option<usize>,
}

/// Everything [`suggest`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Suggestions {
    /// Quotes and mentions, in text order.
    pub items: Vec<Suggestion>,
    /// The speakers the items refer to.
    pub speakers: Vec<SpeakerGuess>,
}

impl Suggestions {
    /// The speaker a suggestion names.
    pub fn speaker_of(&self, suggestion: &Suggestion) -> Option<&SpeakerGuess> {
        suggestion.speaker.and_then(|i| self.speakers.get(i))
    }

    /// The indices of the suggestions of one kind ("accept all quotes").
    pub fn indices_of(&self, kind: &Kind) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| &self.items[i].kind == kind)
            .collect()
    }

    /// Another tool's annotations of the same text (Label Studio's
    /// predictions, read as a document by
    /// [`label_studio::predictions`](crate::formats::label_studio::predictions))
    /// as suggestions for `doc`: each annotation one suggestion of its kind
    /// with its spans, cue, quote type (when it is direct, indirect or
    /// mixed) and speaker (`doc`'s own when one has the name or an alias),
    /// in text order. What a suggestion has no place for (claims' labels,
    /// notes, further labels) is not carried.
    pub fn from_document(predicted: &AnnotatedDocument, doc: &AnnotatedDocument) -> Suggestions {
        let mut found = Suggestions::default();
        let mut guess_of: Vec<(String, usize)> = Vec::new();
        let mut order: Vec<&crate::Annotation> = predicted
            .annotations
            .iter()
            .filter(|a| !a.spans.is_empty())
            .collect();
        crate::sort::sort_by_key(&mut order, |a| {
            (a.extent().map(|e| (e.start, e.end)), a.id.clone())
        });
        for a in order {
            let speaker = a.speaker.as_deref().and_then(|id| {
                if let Some(&(_, g)) = guess_of.iter().find(|(known, _)| known == id) {
                    return Some(g);
                }
                let who = predicted.speaker(id)?;
                let existing = doc
                    .speaker_named(&who.name)
                    .or_else(|| who.aliases.iter().find_map(|n| doc.speaker_named(n)))
                    .map(|s| s.id.clone());
                found.speakers.push(SpeakerGuess {
                    name: who.name.clone(),
                    role: who.role.clone(),
                    aliases: who.aliases.clone(),
                    mentions: Vec::new(),
                    existing,
                });
                guess_of.push((id.to_string(), found.speakers.len() - 1));
                Some(found.speakers.len() - 1)
            });
            if let (Some(g), Kind::Mention) = (speaker, &a.kind) {
                found.speakers[g].mentions.extend(a.spans.iter().copied());
            }
            let quote_type = match a.quote_type.as_deref() {
                Some("direct") => Some(QuoteType::Direct),
                Some("indirect") => Some(QuoteType::Indirect),
                Some("mixed") => Some(QuoteType::Mixed),
                _ => None,
            };
            found.items.push(Suggestion {
                id: format!("sg{}", found.items.len() + 1),
                kind: a.kind.clone(),
                spans: a.spans.clone(),
                quote_type,
                cue: a.cue,
                speaker,
            });
        }
        found
    }

    /// The suggested speaker for a quote the user marks by hand over
    /// `spans`: the speaker of the suggested quote overlapping it most, to
    /// offer first in "Who is speaking?".
    pub fn speaker_for(&self, spans: &[Span]) -> Option<&SpeakerGuess> {
        self.items
            .iter()
            .filter(|s| s.kind == Kind::Quote && s.speaker.is_some())
            .map(|s| (crate::matching::overlap_ratio(&s.spans, spans), s))
            .filter(|(ratio, _)| *ratio > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .and_then(|(_, s)| self.speaker_of(s))
    }
}

/// Suggests the quotes (with cues and speakers) and speaker mentions of a
/// document. Suggestions overlapping the user's own quotes or mentions are
/// left out, and the document's speakers are reused rather than suggested
/// again. Linear in the text's length.
pub fn suggest(doc: &AnnotatedDocument) -> Suggestions {
    let mut tokens = tokens::Tokens::new(doc.text.text());
    let segments = marks::segments(&tokens.chars);
    let parts: Vec<Span> = segments
        .iter()
        .flat_map(|s| s.parts.iter().copied())
        .collect();
    tokens.mark_quoted(&parts);
    let mut registry = speakers::Registry::new(&doc.speakers);
    let drafts = quotes::find(&tokens, &segments, &mut registry);
    registry.scan_mentions(&tokens);

    let taken = |kind: Kind| -> Vec<Span> {
        let mut spans: Vec<Span> = doc
            .annotations
            .iter()
            .filter(|a| a.kind == kind)
            .flat_map(|a| a.spans.iter().copied())
            .collect();
        crate::sort::sort(&mut spans);
        spans
    };
    let (user_quotes, user_mentions) = (taken(Kind::Quote), taken(Kind::Mention));

    // Keep only the speakers something refers to, renumbered.
    let mut index = vec![None; registry.guesses.len()];
    let mut speakers = Vec::new();
    let mut items = Vec::new();
    let mut keep = |guess: Option<usize>, speakers: &mut Vec<SpeakerGuess>| -> Option<usize> {
        let g = guess?;
        if index[g].is_none() {
            index[g] = Some(speakers.len());
            speakers.push(registry.guesses[g].clone());
        }
        index[g]
    };
    for draft in drafts {
        if draft.spans.iter().any(|s| overlaps_any(&user_quotes, s)) {
            continue;
        }
        let speaker = keep(draft.speaker, &mut speakers);
        items.push(Suggestion {
            id: String::new(),
            kind: Kind::Quote,
            spans: draft.spans,
            quote_type: Some(draft.quote_type),
            cue: draft.cue,
            speaker,
        });
    }
    let quoted_speakers = speakers.len();
    for (i, guess) in speakers.iter().take(quoted_speakers).enumerate() {
        for &mention in &guess.mentions {
            if !overlaps_any(&user_mentions, &mention) {
                items.push(Suggestion {
                    id: String::new(),
                    kind: Kind::Mention,
                    spans: vec![mention],
                    quote_type: None,
                    cue: None,
                    speaker: Some(i),
                });
            }
        }
    }
    crate::sort::sort_by_key(&mut items, |s| {
        (
            s.spans.first().map_or(0, |f| f.start),
            s.kind != Kind::Quote,
        )
    });
    for (n, item) in items.iter_mut().enumerate() {
        item.id = format!("sg{}", n + 1);
    }
    Suggestions { items, speakers }
}

/// True when `span` overlaps any of `sorted` (sorted by start).
fn overlaps_any(sorted: &[Span], span: &Span) -> bool {
    let upto = sorted.partition_point(|s| s.start < span.end);
    sorted[..upto].iter().any(|s| s.overlaps(span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Annotation, Document, Metadata};

    fn doc(text: &str) -> AnnotatedDocument {
        AnnotatedDocument::new(Metadata::default(), Document::new(text))
    }

    fn quotes(found: &Suggestions, text: &str) -> Vec<(String, Option<QuoteType>, String)> {
        let chars: Vec<char> = text.chars().collect();
        let cut = |s: Span| chars[s.start..s.end].iter().collect::<String>();
        found
            .items
            .iter()
            .filter(|s| s.kind == Kind::Quote)
            .map(|s| {
                let spans: Vec<String> = s.spans.iter().map(|&sp| cut(sp)).collect();
                let speaker = found
                    .speaker_of(s)
                    .map_or(String::new(), |g| g.name.clone());
                (spans.join(" | "), s.quote_type, speaker)
            })
            .collect()
    }

    #[test]
    fn a_quote_before_its_inverted_cue_gets_the_named_speaker_and_role() {
        let text = "“Patience has run out,” said White House Press Secretary Josh Earnest.";
        let found = suggest(&doc(text));
        assert_eq!(
            quotes(&found, text),
            [(
                "“Patience has run out,”".to_string(),
                Some(QuoteType::Direct),
                "Josh Earnest".to_string()
            )]
        );
        assert_eq!(
            found.speakers[0].role.as_deref(),
            Some("White House Press Secretary")
        );
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        let text = "The so-called “peace plan” was announced on Monday by nobody.";
        assert!(quotes(&suggest(&doc(text)), text).is_empty());
    }

    #[test]
    fn pronouns_resolve_to_the_speaker_just_named() {
        let text = "“We lost,” Kerry said.\n\n“We will try again,” he added.";
        let found = suggest(&doc(text));
        let speakers: Vec<String> = quotes(&found, text).into_iter().map(|q| q.2).collect();
        assert_eq!(speakers, ["Kerry", "Kerry"]);
        assert_eq!(found.speakers.len(), 1);
    }

    #[test]
    fn according_to_gives_an_indirect_quote_and_its_source() {
        let text = "According to officials, the talks will resume next week.";
        assert_eq!(
            quotes(&suggest(&doc(text)), text),
            [(
                "the talks will resume next week".to_string(),
                Some(QuoteType::Indirect),
                "officials".to_string()
            )]
        );
    }

    #[test]
    fn quoted_words_inside_a_reported_sentence_make_a_mixed_quote() {
        let text = "Earnest said Russia had lost credibility by “making commitments it broke,” he added later.";
        let found = quotes(&suggest(&doc(text)), text);
        assert_eq!(found[0].1, Some(QuoteType::Mixed), "{found:?}");
        assert!(found[0].0.starts_with("Russia had lost"), "{found:?}");
    }

    #[test]
    fn the_users_own_quotes_are_never_suggested_again() {
        let text = "“We lost the argument,” Kerry said.";
        let mut d = doc(text);
        d.annotations
            .push(Annotation::new("a1", Kind::Quote, vec![Span::new(0, 23)]));
        assert!(quotes(&suggest(&d), text).is_empty());
    }

    #[test]
    fn a_text_without_quotes_or_with_stray_marks_gives_no_quotes_and_no_panic() {
        for text in [
            "",
            "”",
            "“",
            "\"'",
            "said",
            "according to",
            "He said: “",
            ",” said",
        ] {
            let found = suggest(&doc(text));
            assert!(found.items.iter().all(|s| !s.spans.is_empty()), "{text}");
        }
    }
}
