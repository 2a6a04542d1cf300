//! Evaluation: how well the suggester finds the quotes of hand-annotated
//! documents. Quote spans are scored by precision, recall and F1, exactly
//! and at |intersection| / |union| ≥ 0.5 (pairs from
//! [`crate::matching::pair_greedy`]); on the pairs matched by overlap, cue
//! accuracy (the suggested cue overlaps the gold cue) and speaker accuracy
//! (a name or alias is the same, case aside, or one holds the other as
//! whole words, or the suggested speaker has a mention where the gold
//! speaker is named near the quote). Direct quotes and all quotes are
//! counted apart.

use serde::Serialize;

use super::speakers::name_key;
use super::{suggest, QuoteType, Suggestion, Suggestions};
use crate::matching::pair_greedy;
use crate::{AnnotatedDocument, Annotation, Kind, Span};

/// The overlap ratio at which a suggested quote matches a gold one.
pub const OVERLAP_THRESHOLD: f64 = 0.5;

/// How far (in code points) from a quote a gold mention of its speaker may
/// lie and still show who the quote's source is.
const MENTION_REACH: usize = 300;

/// Counts behind the scores of one group of quotes; they add up over
/// documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Quotes in the gold file.
    pub gold: usize,
    /// Quotes suggested.
    pub suggested: usize,
    /// Pairs with identical spans.
    pub exact: usize,
    /// Pairs at the overlap threshold.
    pub overlap: usize,
    /// Overlap pairs whose gold quote has a cue, and how many of those the
    /// suggestion got.
    pub cue_total: usize,
    pub cue_correct: usize,
    /// Overlap pairs whose gold quote has a speaker, and how many of those
    /// the suggestion got.
    pub speaker_total: usize,
    pub speaker_correct: usize,
}

pub use crate::matching::Prf;

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.suggested += other.suggested;
        self.exact += other.exact;
        self.overlap += other.overlap;
        self.cue_total += other.cue_total;
        self.cue_correct += other.cue_correct;
        self.speaker_total += other.speaker_total;
        self.speaker_correct += other.speaker_correct;
    }

    pub fn exact_prf(&self) -> Prf {
        prf(self.exact, self.suggested, self.gold)
    }

    pub fn overlap_prf(&self) -> Prf {
        prf(self.overlap, self.suggested, self.gold)
    }

    /// Cue accuracy on matched quotes, or `None` when no gold quote had a cue.
    pub fn cue_accuracy(&self) -> Option<f64> {
        ratio(self.cue_correct, self.cue_total)
    }

    /// Speaker accuracy on matched quotes, or `None` when none had a speaker.
    pub fn speaker_accuracy(&self) -> Option<f64> {
        ratio(self.speaker_correct, self.speaker_total)
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn prf(hits: usize, suggested: usize, gold: usize) -> Prf {
    let precision = ratio(hits, suggested).unwrap_or(0.0);
    let recall = ratio(hits, gold).unwrap_or(0.0);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

/// The scores of one document (or, added up, of many).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Direct quotes only, on both sides.
    pub direct: Counts,
    /// Every quote.
    pub all: Counts,
}

impl Evaluation {
    pub fn add(&mut self, other: &Evaluation) {
        self.direct.add(&other.direct);
        self.all.add(&other.all);
    }
}

/// Runs the suggester on `gold`'s text (none of its annotations or
/// speakers shown) and scores the result against `gold`.
pub fn evaluate(gold: &AnnotatedDocument) -> Evaluation {
    let bare = AnnotatedDocument::new(gold.meta.clone(), gold.text.clone());
    score(gold, &suggest(&bare))
}

/// Scores `suggestions` against the quotes of `gold`.
pub fn score(gold: &AnnotatedDocument, suggestions: &Suggestions) -> Evaluation {
    let gold_quotes: Vec<&Annotation> = gold
        .annotations
        .iter()
        .filter(|a| a.kind == Kind::Quote)
        .collect();
    let suggested: Vec<&Suggestion> = suggestions
        .items
        .iter()
        .filter(|s| s.kind == Kind::Quote)
        .collect();
    let gold_direct: Vec<&Annotation> = gold_quotes
        .iter()
        .copied()
        .filter(|a| is_direct(gold, a))
        .collect();
    let suggested_direct: Vec<&Suggestion> = suggested
        .iter()
        .copied()
        .filter(|s| s.quote_type == Some(QuoteType::Direct))
        .collect();
    Evaluation {
        direct: counts(gold, &gold_direct, suggestions, &suggested_direct),
        all: counts(gold, &gold_quotes, suggestions, &suggested),
    }
}

/// A gold quote is direct when labelled so; unlabelled (as in PolNeAR),
/// when its text opens and closes with quotation marks.
fn is_direct(gold: &AnnotatedDocument, quote: &Annotation) -> bool {
    match quote.quote_type.as_deref() {
        Some(label) => label == "direct",
        None => {
            let text: String = quote
                .spans
                .iter()
                .filter_map(|&s| gold.text.slice(s))
                .collect::<Vec<_>>()
                .join(" ");
            let text = text.trim_end_matches(|c: char| ".,;:".contains(c) || c.is_whitespace());
            let is_mark = |c: Option<char>| c.is_some_and(|c| "“”\"‘’'«»„「」".contains(c));
            is_mark(text.chars().next()) && is_mark(text.chars().last())
        }
    }
}

fn counts(
    gold: &AnnotatedDocument,
    gold_quotes: &[&Annotation],
    suggestions: &Suggestions,
    suggested: &[&Suggestion],
) -> Counts {
    let left: Vec<&[Span]> = gold_quotes.iter().map(|a| a.spans.as_slice()).collect();
    let right: Vec<&[Span]> = suggested.iter().map(|s| s.spans.as_slice()).collect();
    let mut counts = Counts {
        gold: gold_quotes.len(),
        suggested: suggested.len(),
        exact: pair_greedy(&left, &right, 1.0).len(),
        ..Counts::default()
    };
    for (g, s, _) in pair_greedy(&left, &right, OVERLAP_THRESHOLD) {
        counts.overlap += 1;
        let (quote, suggestion) = (gold_quotes[g], suggested[s]);
        if let Some(cue) = quote.cue {
            counts.cue_total += 1;
            if suggestion.cue.is_some_and(|c| c.overlaps(&cue)) {
                counts.cue_correct += 1;
            }
        }
        if quote.speaker.is_some() {
            counts.speaker_total += 1;
            if same_speaker(gold, quote, suggestions, suggestion) {
                counts.speaker_correct += 1;
            }
        }
    }
    counts
}

fn same_speaker(
    gold: &AnnotatedDocument,
    quote: &Annotation,
    suggestions: &Suggestions,
    suggestion: &Suggestion,
) -> bool {
    let (Some(id), Some(guess)) = (quote.speaker.as_deref(), suggestions.speaker_of(suggestion))
    else {
        return false;
    };
    let Some(speaker) = gold.speaker(id) else {
        return false;
    };
    let gold_names: Vec<String> = std::iter::once(&speaker.name)
        .chain(&speaker.aliases)
        .map(|n| name_key(n))
        .collect();
    let guessed: Vec<String> = std::iter::once(&guess.name)
        .chain(&guess.aliases)
        .map(|n| name_key(n))
        .collect();
    if gold_names
        .iter()
        .any(|g| guessed.iter().any(|s| names_match(g, s)))
    {
        return true;
    }
    let Some(extent) = quote.extent() else {
        return false;
    };
    let near = Span::new(
        extent.start.saturating_sub(MENTION_REACH),
        extent.end + MENTION_REACH,
    );
    gold.annotations
        .iter()
        .filter(|a| a.kind == Kind::Mention && a.speaker.as_deref() == Some(id))
        .flat_map(|a| a.spans.iter())
        .filter(|m| m.overlaps(&near))
        .any(|m| guess.mentions.iter().any(|g| g.overlaps(m)))
}

/// Equal, or one holds the other as whole words ("kerry" in "john kerry").
fn names_match(a: &str, b: &str) -> bool {
    let holds = |long: &str, short: &str| {
        !short.is_empty()
            && format!(" {long} ").contains(&format!(" {short} "))
            && !matches!(short, "he" | "she" | "they" | "it" | "we" | "i")
    };
    a == b || holds(a, b) || holds(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Metadata, Speaker};

    fn gold() -> AnnotatedDocument {
        let text = "“We lost the argument,” Kerry said. Officials said the talks will resume.";
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new(text));
        let mut kerry = Speaker::new("s1", "John Kerry");
        kerry.aliases.push("Kerry".into());
        doc.speakers.push(kerry);
        let mut q = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 23)]);
        q.quote_type = Some("direct".into());
        q.speaker = Some("s1".into());
        q.cue = Some(Span::new(30, 34));
        doc.annotations.push(q);
        doc
    }

    #[test]
    fn a_perfect_direct_quote_scores_one_and_an_extra_quote_costs_precision() {
        let e = evaluate(&gold());
        assert_eq!(e.direct.exact_prf().f1, 1.0);
        assert_eq!(e.direct.cue_accuracy(), Some(1.0));
        assert_eq!(e.direct.speaker_accuracy(), Some(1.0));
        // The indirect "Officials said …" is not in the gold file.
        assert_eq!((e.all.gold, e.all.suggested, e.all.exact), (1, 2, 1));
        assert_eq!(e.all.exact_prf().precision, 0.5);
    }

    #[test]
    fn counts_add_up_over_documents() {
        let one = evaluate(&gold());
        let mut total = Evaluation::default();
        total.add(&one);
        total.add(&one);
        assert_eq!(total.all.gold, 2 * one.all.gold);
        assert_eq!(total.all.overlap_prf(), one.all.overlap_prf());
    }

    #[test]
    fn names_match_by_whole_words_and_case_but_not_by_pronoun() {
        assert!(names_match("john kerry", "kerry"));
        assert!(!names_match("john kerry", "kerr"));
        assert!(!names_match("he", "he said"));
    }

    #[test]
    fn unlabelled_gold_quotes_in_quotation_marks_count_as_direct() {
        let text = "“We lost,” he said, and that we tried.";
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new(text));
        doc.annotations
            .push(Annotation::new("q1", Kind::Quote, vec![Span::new(0, 10)]));
        doc.annotations
            .push(Annotation::new("q2", Kind::Quote, vec![Span::new(24, 37)]));
        assert!(is_direct(&doc, &doc.annotations[0]));
        assert!(!is_direct(&doc, &doc.annotations[1]));
    }
}
