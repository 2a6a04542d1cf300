//! Quotes: direct quotes from quoted segments (with the cue before or after
//! them, and "“…,” he said. “…”" kept as one quote of two spans), mixed
//! quotes (quoted words inside a reported sentence) and indirect quotes
//! ("X said that …", "according to X, …", "…, X said."). One pass over the
//! tokens, in text order, so pronouns resolve to the speaker just named.

use super::cues::{cue_at, Cue, Form};
use super::marks::Segment;
use super::speakers::{object_after, phrase, subject_before, Phrase, Registry};
use super::tokens::{TokenKind, Tokens};
use super::QuoteType;
use crate::Span;

/// Verbs whose object is what was reported ("accusing the alliance of …",
/// "citing Russia's unwillingness …").
const OBJECT_VERBS: &[&str] = &[
    "accuse",
    "blame",
    "cite",
    "criticize",
    "criticise",
    "deny",
    "urge",
    "warn",
    "demand",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "predict",
    "propose",
    "recommend",
    "announce",
];

/// Words that cannot start a reported clause right after its verb.
const NOT_CLAUSE_START: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "from",
    "with",
    "by",
    "after",
    "before",
    "during",
    "since",
    "about",
    "for",
    "of",
    "as",
    "and",
    "but",
    "or",
    "so",
    "through",
    "via",
    "told",
    "earlier",
    "later",
    "last",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "recently",
    "previously",
    "publicly",
    "privately",
];

/// A quote found, before it becomes a suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub spans: Vec<Span>,
    pub quote_type: QuoteType,
    pub cue: Option<Span>,
    pub speaker: Option<usize>,
    /// The cue follows the quote ("“…,” he said").
    cue_after: bool,
    /// The paragraph of its last span.
    paragraph: usize,
    /// The sentence of its cue (or of its start, without one).
    sentence: usize,
}

/// Finds the quotes of a text whose marks and sentences are known.
pub fn find(tokens: &Tokens, segments: &[Segment], registry: &mut Registry) -> Vec<Draft> {
    let mut paragraph = Vec::with_capacity(tokens.len());
    let mut count = 0;
    for (i, t) in tokens.tokens.iter().enumerate() {
        if t.kind == TokenKind::Break && i > 0 && tokens.tokens[i - 1].kind != TokenKind::Break {
            count += 1;
        }
        paragraph.push(count);
    }
    let mut finder = Finder {
        tokens,
        registry,
        paragraph,
        drafts: Vec::new(),
        used: vec![false; tokens.len()],
        covered_until: 0,
    };
    let mut next = 0;
    let starts: Vec<usize> = segments
        .iter()
        .map(|s| tokens.token_at(s.start()))
        .collect();
    for i in 0..tokens.len() {
        while next < segments.len() && starts[next] < i {
            next += 1;
        }
        if next < segments.len() && starts[next] == i {
            finder.segment(&segments[next], next.checked_sub(1).map(|p| &segments[p]));
            next += 1;
        } else if !finder.used[i] {
            if let Some(cue) = cue_at(tokens, i) {
                finder.indirect(cue);
            }
        }
    }
    finder.drafts
}

struct Finder<'a> {
    tokens: &'a Tokens,
    registry: &'a mut Registry,
    /// Per token: its paragraph.
    paragraph: Vec<usize>,
    drafts: Vec<Draft>,
    /// Per token: already the cue of a quote.
    used: Vec<bool>,
    /// The end of the last quote found, in code points.
    covered_until: usize,
}

impl Finder<'_> {
    /// A quoted segment: a direct quote, part of one, or (mid-sentence)
    /// the quoted words of a mixed quote.
    fn segment(&mut self, segment: &Segment, previous: Option<&Segment>) {
        let t = self.tokens;
        if segment.end() <= self.covered_until {
            return;
        }
        let a = t.token_at(segment.start());
        let b = t.token_at(segment.end());
        let words = (a..b).filter(|&k| t.is_word(k)).count();
        let last_inner = segment
            .end()
            .checked_sub(if segment.closed { 2 } else { 1 });
        let last_inner = last_inner
            .and_then(|k| t.chars.get(k))
            .copied()
            .unwrap_or(' ');
        let terminal = ".,?!…:;—".contains(last_inner);
        let ends_sentence = ".?!…".contains(last_inner);
        if words == 0 || (words <= 2 && !terminal) {
            return; // scare quotes, titles
        }
        let sentence = t.sentence.get(a).copied().unwrap_or(0);
        let s0 = t.sentences.get(sentence).map_or(0, |s| s.0);
        let previous_token = (a > s0).then(|| a - 1);
        let first_upper = t.chars[segment.start()..segment.end()]
            .iter()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase());
        let opens_sentence = match previous_token {
            None => true,
            Some(p) => {
                matches!(t.word(p), ":" | "," | "—" | "–" | "-" | "(")
                    || (first_upper && (t.word(p) == "that" || cue_at(t, p).is_some()))
            }
        };
        if !opens_sentence {
            self.mixed(segment, a, s0);
            return;
        }
        let spans = segment.parts.clone();
        if let Some((cue, speaker)) = self.cue_after(b, ends_sentence) {
            self.push(spans, QuoteType::Direct, Some(cue), speaker, true, sentence);
            return;
        }
        if self.continues_interrupted(segment, previous, a) {
            return;
        }
        if let Some((cue, speaker)) = self.cue_before(a, s0) {
            self.push(
                spans,
                QuoteType::Direct,
                Some(cue),
                speaker,
                false,
                sentence,
            );
            return;
        }
        let here = self.paragraph[a];
        let speaker = self
            .drafts
            .last()
            .filter(|d| previous_token.is_none() && d.paragraph + 1 >= here)
            .and_then(|d| d.speaker);
        if speaker.is_some() || words >= 4 {
            self.push(spans, QuoteType::Direct, None, speaker, false, sentence);
        }
    }

    /// "“…,” he said. “…”": the segment continues the quote before it
    /// when that quote's cue follows it in the same paragraph and nothing
    /// but the cue's clause lies between.
    fn continues_interrupted(
        &mut self,
        segment: &Segment,
        previous: Option<&Segment>,
        a: usize,
    ) -> bool {
        let t = self.tokens;
        let Some(last) = self.drafts.last_mut() else {
            return false;
        };
        let (Some(cue), Some(previous)) = (last.cue, previous) else {
            return false;
        };
        let joins = last.quote_type == QuoteType::Direct
            && last.cue_after
            && last.spans.last().is_some_and(|s| s.end == previous.end())
            && last.paragraph == self.paragraph[a]
            && cue.end <= segment.start()
            && a.saturating_sub(t.token_at(cue.end)) <= 25;
        if joins {
            last.spans.extend(segment.parts.iter().copied());
            self.covered_until = self.covered_until.max(segment.end());
        }
        joins
    }

    /// A cue right after the quote: "“…,” Kerry said", "“…,” said Kerry",
    /// "“…,” according to officials".
    fn cue_after(&mut self, b: usize, ends_sentence: bool) -> Option<(Span, Option<usize>)> {
        let t = self.tokens;
        let mut k = b;
        while k < t.len() && k < b + 12 {
            if t.tokens[k].kind == TokenKind::Break
                || t.quoted[k]
                || matches!(t.word(k), "." | "?" | "!" | ";")
            {
                return None;
            }
            if let Some(cue) = cue_at(t, k).filter(|_| !self.used[k]) {
                if ends_sentence && t.word(cue.end) == "that" {
                    return None;
                }
                let first_word = (b..k).find(|&s| t.is_word(s)).unwrap_or(k);
                let found = if first_word < k {
                    subject_before(t, k).filter(|s| s.0 >= first_word)
                } else {
                    object_after(t, cue.end)
                };
                let speaker = found
                    .and_then(|(x, y, role)| phrase(t, x, y, role))
                    .and_then(|p| self.registry.resolve(&p));
                self.mark(&cue);
                return Some((t.span(cue.start, cue.end), speaker));
            }
            k += 1;
        }
        None
    }

    /// A cue before the quote in its sentence: "Kerry said: “…”", "Lavrov
    /// said in a statement that “…”", "Trump: “…”".
    fn cue_before(&mut self, a: usize, s0: usize) -> Option<(Span, Option<usize>)> {
        let t = self.tokens;
        let mut colon = None;
        for k in (s0.max(a.saturating_sub(30))..a).rev() {
            if t.quoted[k] {
                break;
            }
            if t.word(k) == ":" && k + 1 == a {
                colon = Some(k);
            }
            if let Some(cue) = cue_at(t, k).filter(|_| !self.used[k]) {
                let speaker = self.speaker_of(&cue);
                self.mark(&cue);
                return Some((t.span(cue.start, cue.end), speaker));
            }
        }
        let colon = colon?;
        let (x, y, _) = subject_before(t, colon)?;
        if x != s0 || !t.tokens[x].capitalised {
            return None;
        }
        let speaker = phrase(t, x, y, None).and_then(|p| self.registry.resolve(&p));
        Some((t.span(colon, colon + 1), speaker))
    }

    /// Quoted words inside a reported sentence whose cue the indirect
    /// pass did not take: the mixed quote runs from the cue to the quote's
    /// clause end.
    fn mixed(&mut self, segment: &Segment, a: usize, s0: usize) {
        let t = self.tokens;
        let Some(cue) = (s0..a)
            .rev()
            .find_map(|k| cue_at(t, k).filter(|_| !self.used[k]))
        else {
            return;
        };
        let start = if t.word(cue.end) == "that" {
            cue.end
        } else {
            cue.end.min(a)
        };
        let end = self.clause_end(t.token_at(segment.end()).max(start + 1));
        let speaker = self.speaker_of(&cue);
        self.mark(&cue);
        let sentence = t.sentence.get(cue.start).copied().unwrap_or(0);
        let spans = vec![t.span(start, end)];
        self.push(
            spans,
            QuoteType::Mixed,
            Some(t.span(cue.start, cue.end)),
            speaker,
            false,
            sentence,
        );
    }

    /// An indirect (or mixed) quote around a cue outside quotation marks.
    fn indirect(&mut self, cue: Cue) {
        let t = self.tokens;
        let i = cue.start;
        let sentence = t.sentence.get(i).copied().unwrap_or(0);
        let (s0, _) = t.sentences.get(sentence).copied().unwrap_or((0, 0));
        let (content, who) = if cue.is_according_to() {
            let Some((x, y, role)) = object_after(t, cue.end) else {
                return;
            };
            let content = if t.word(y) == "," && (i == s0 || t.word(i - 1) == ",") {
                (y + 1, self.clause_end(y + 1))
            } else if i > s0 && t.word(i - 1) == "," {
                (s0, i - 1)
            } else {
                return;
            };
            (content, Who::Phrase(phrase(t, x, y, role)))
        } else if cue.form == Form::Ing {
            if !(self.comma_before(i) || (i > 0 && t.word(i - 1) == "and")) {
                return;
            }
            let Some(speaker) = self
                .drafts
                .last()
                .filter(|d| d.sentence == sentence)
                .map(|d| d.speaker)
            else {
                return;
            };
            let Some(start) = self.clause_start(&cue) else {
                return;
            };
            ((start, self.clause_end(start)), Who::Known(speaker))
        } else {
            let subject = subject_before(t, i);
            let start = self.clause_start(&cue);
            match (subject, start) {
                (Some((x, y, role)), Some(start)) => (
                    (start, self.clause_end(start)),
                    Who::Phrase(phrase(t, x, y, role)),
                ),
                // "The talks failed, Kerry said." / "…, said Kerry."
                (subject, None) => {
                    let (comma, who) = match subject {
                        Some((x, y, role)) => (x.checked_sub(1), phrase(t, x, y, role)),
                        None => {
                            let after = object_after(t, cue.end);
                            (
                                i.checked_sub(1),
                                after.and_then(|(x, y, r)| phrase(t, x, y, r)),
                            )
                        }
                    };
                    let Some(comma) = comma.filter(|&c| c > s0 && t.word(c) == ",") else {
                        return;
                    };
                    if !self.sentence_ends_soon(cue.end) {
                        return;
                    }
                    ((s0, comma), Who::Phrase(who))
                }
                (None, Some(_)) => return,
            }
        };
        let (start, end) = content;
        let end = self.trim_end(start, end);
        let words = (start..end).filter(|&k| t.is_word(k)).count();
        if words < 3 || end <= start {
            return;
        }
        let span = t.span(start, end);
        let duplicate = self.drafts.iter().any(|d| {
            d.spans
                .iter()
                .any(|s| s.overlaps(&span) && (d.quote_type == QuoteType::Direct || *s == span))
        });
        if duplicate {
            return;
        }
        let quoted = (start..end).any(|k| t.quoted[k]);
        let speaker = match who {
            Who::Known(speaker) => speaker,
            Who::Phrase(p) => p.and_then(|p| self.registry.resolve(&p)),
        };
        self.mark(&cue);
        let kind = if quoted {
            QuoteType::Mixed
        } else {
            QuoteType::Indirect
        };
        self.push(
            vec![span],
            kind,
            Some(t.span(cue.start, cue.end)),
            speaker,
            false,
            sentence,
        );
    }

    /// Where the reported clause after a cue starts: at "that" (also a few
    /// words on: "said in a statement that"), at the verb's object for
    /// verbs like "accuse", or right after verbs like "say". `None` when a
    /// direct quote follows instead, for the segment to take.
    fn clause_start(&self, cue: &Cue) -> Option<usize> {
        let t = self.tokens;
        let k = cue.end;
        let limit = (k + 7).min(t.len());
        let that = (k..limit)
            .take_while(|&j| t.is_word(j) && !t.quoted[j])
            .find(|&j| t.word(j) == "that");
        let start = if let Some(that) = that {
            that
        } else if !t.is_word(k) || t.quoted[k] {
            return None;
        } else if OBJECT_VERBS.contains(&cue.lemma)
            || (cue.takes_bare_clause() && !cue.is_weak() && !NOT_CLAUSE_START.contains(&t.word(k)))
        {
            k
        } else {
            return None;
        };
        // "said that “The decision …”": a direct quote, not a mixed one.
        let after = if t.word(start) == "that" {
            start + 1
        } else {
            start
        };
        let direct_follows = t.quoted.get(after).copied().unwrap_or(false)
            && t.chars
                .get(t.tokens[after].start..)
                .and_then(|rest| rest.iter().find(|c| c.is_alphanumeric()))
                .is_some_and(|c| c.is_uppercase());
        (!direct_follows).then_some(start)
    }

    /// The end (exclusive token) of the clause starting at `start`: the
    /// sentence's end, a semicolon or dash, or a comma before another cue
    /// (", citing …", ", he said").
    fn clause_end(&self, start: usize) -> usize {
        let t = self.tokens;
        let (_, s1) = t
            .sentence
            .get(start)
            .and_then(|&s| t.sentences.get(s))
            .copied()
            .unwrap_or((start, start));
        let mut k = start;
        while k < s1 {
            if !t.quoted[k] {
                let w = t.word(k);
                if matches!(w, ";" | "-" | "—" | "–" | "(" | ")") && k > start {
                    return k;
                }
                if k > start && t.is_word(k) {
                    let leads = cue_at(t, k)
                        .is_some_and(|cue| cue.form == Form::Ing || cue.is_according_to());
                    let comma = self.comma_before(k);
                    if (leads && (comma || t.word(k - 1) == "and"))
                        || (comma && self.cue_clause_follows(k))
                    {
                        return k;
                    }
                }
            }
            k += 1;
        }
        s1
    }

    /// ", he said." / ", said Kerry.": a short cue clause ending the sentence.
    fn cue_clause_follows(&self, from: usize) -> bool {
        let t = self.tokens;
        (from..(from + 6).min(t.len()))
            .take_while(|&k| t.is_word(k))
            .find_map(|k| cue_at(t, k))
            .is_some_and(|cue| cue.form != Form::Ing && self.sentence_ends_soon(cue.end))
    }

    /// The sentence ends within a few words after `from`.
    fn sentence_ends_soon(&self, from: usize) -> bool {
        let t = self.tokens;
        let Some(&s) = t.sentence.get(from.saturating_sub(1)) else {
            return false;
        };
        let s1 = t.sentences.get(s).map_or(from, |x| x.1);
        s1 <= from + 8
    }

    /// A comma right before token `k`, perhaps inside a closing mark
    /// ("Russia,” citing").
    fn comma_before(&self, k: usize) -> bool {
        let t = self.tokens;
        let Some(token) = t.tokens.get(k) else {
            return false;
        };
        t.chars[..token.start]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace() && !"”’\"'»".contains(**c))
            == Some(&',')
    }

    /// Drops punctuation at the end of a content span (keeping closing marks).
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        let t = self.tokens;
        while end > start && !t.is_word(end - 1) && !t.quoted[end - 1] {
            end -= 1;
        }
        end
    }

    /// The speaker of a cue: its subject, the speaker of the sentence for
    /// "saying", or what follows "according to".
    fn speaker_of(&mut self, cue: &Cue) -> Option<usize> {
        let t = self.tokens;
        if cue.is_according_to() {
            let p = object_after(t, cue.end).and_then(|(x, y, r)| phrase(t, x, y, r))?;
            return self.registry.resolve(&p);
        }
        let subject = subject_before(t, cue.start).and_then(|(x, y, r)| phrase(t, x, y, r));
        match subject {
            Some(p) => self.registry.resolve(&p),
            None if cue.form == Form::Ing => {
                let sentence = t.sentence.get(cue.start).copied();
                self.drafts
                    .last()
                    .filter(|d| Some(d.sentence) == sentence)
                    .and_then(|d| d.speaker)
            }
            None => object_after(t, cue.end)
                .filter(|_| matches!(cue.form, Form::Past | Form::ThirdPerson))
                .and_then(|(x, y, r)| phrase(t, x, y, r))
                .and_then(|p| self.registry.resolve(&p)),
        }
    }

    fn mark(&mut self, cue: &Cue) {
        for k in cue.start..cue.end {
            if let Some(u) = self.used.get_mut(k) {
                *u = true;
            }
        }
    }

    fn push(
        &mut self,
        spans: Vec<Span>,
        quote_type: QuoteType,
        cue: Option<Span>,
        speaker: Option<usize>,
        cue_after: bool,
        sentence: usize,
    ) {
        let end = spans.last().map_or(0, |s| s.end);
        let last_token = self.tokens.token_at(end).saturating_sub(1);
        let paragraph = self.paragraph.get(last_token).copied().unwrap_or(0);
        self.covered_until = self.covered_until.max(end);
        self.drafts.push(Draft {
            spans,
            quote_type,
            cue,
            speaker,
            cue_after,
            paragraph,
            sentence,
        });
    }
}

/// Who speaks an indirect quote: a phrase still to resolve, or the speaker
/// of the sentence's earlier quote.
enum Who {
    Phrase(Option<Phrase>),
    Known(Option<usize>),
}
