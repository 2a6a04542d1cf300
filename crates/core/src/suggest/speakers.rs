//! Speakers: the noun phrase a cue ties to a quote ("Kerry", "White House
//! Press Secretary Josh Earnest", "officials"), split into a name and a
//! role; pronouns and "the spokesman" resolved to a speaker in context; and
//! the mentions of one person ("John Kerry", "Kerry", "Secretary of State
//! John Kerry") joined into one speaker, reusing the document's own.

use std::collections::HashMap;

use super::cues::cue_at;
use super::tokens::Tokens;
use super::SpeakerGuess;
use crate::{Span, Speaker};

/// Words that end a speaker's noun phrase.
const STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "because", "but", "or",
    "if", "as", "than", "in", "on", "at", "to", "from", "with", "by", "after", "before", "during",
    "since", "about", "into", "against", "without", "under", "over", "is", "are", "was", "were",
    "be", "been", "being", "not", "it", "there", "has", "have", "had", "also", "and", "then",
    "this", "so", "for", "later", "would", "will", "what", "how", "why",
];

/// Words between a subject and its cue ("Kerry has also said").
const SKIP: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "then",
    "previously",
    "reportedly",
    "once",
    "recently",
    "would",
    "will",
    "could",
    "did",
    "does",
    "do",
    "never",
    "often",
    "again",
    "further",
    "simply",
    "publicly",
    "privately",
    "repeatedly",
    "already",
    "still",
    "even",
    "just",
    "now",
    "may",
    "might",
    "must",
    "should",
    "can",
    "been",
    "is",
    "was",
    "are",
    "were",
    "be",
    "not",
    "only",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "our", "its", "my", "your", "this", "these", "those",
    "some", "several", "many", "two", "three", "other",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

/// Titles and roles, which go to the speaker's role, not the name.
const ROLE_WORDS: &[&str] = &[
    "president",
    "secretary",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mayor",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "officer",
    "ceo",
    "general",
    "gen.",
    "judge",
    "justice",
    "attorney",
    "ambassador",
    "commissioner",
    "adviser",
    "advisor",
    "professor",
    "prof.",
    "leader",
    "lawmaker",
    "candidate",
    "official",
    "aide",
    "analyst",
    "economist",
    "executive",
    "manager",
    "founder",
    "head",
    "coach",
    "captain",
    "capt.",
    "lt.",
    "col.",
    "sgt.",
    "adm.",
    "maj.",
    "nominee",
    "strategist",
    "congressman",
    "congresswoman",
    "chancellor",
    "commander",
    "sheriff",
    "detective",
    "researcher",
    "scientist",
    "dr.",
    "rev.",
    "hopeful",
    "speaker",
    "premier",
    "king",
    "queen",
    "prince",
    "pope",
    "cardinal",
    "bishop",
    "treasurer",
    "clerk",
    "member",
    "host",
    "anchor",
    "editor",
    "reporter",
    "columnist",
    "author",
    "activist",
    "deputy",
    "vice",
    "press",
];

const HONORIFICS: &[&str] = &["mr.", "mrs.", "ms.", "mr", "mrs", "ms", "miss"];

/// What kind of phrase names a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// A proper name, perhaps with a role: "Secretary of State John Kerry".
    Name,
    /// he, she, they, …
    Pronoun,
    /// A definite role without a name: "the spokesman".
    Role,
    /// Anything else: "officials", "O’Malley’s campaign".
    Group,
}

/// A speaker's phrase, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub kind: PhraseKind,
    pub name: String,
    /// Where the name (or pronoun, role, group) is written.
    pub name_span: Span,
    pub role: Option<String>,
}

/// The token range of the subject of the cue starting at token `cue`:
/// "Kerry" in "Kerry has also said", "John Smith" in "John Smith, a
/// spokesman, said", "John Kerry" in "John Kerry, who claims".
pub fn subject_before(tokens: &Tokens, cue: usize) -> Option<(usize, usize, Option<String>)> {
    let mut end = cue;
    while end > 0 && is_skippable(tokens, end - 1) {
        end -= 1;
    }
    if end > 0 && matches!(tokens.word(end - 1), "-" | "—" | "–" | ")") {
        // "Kerry -who claims …- lamented": the subject is before the aside.
        let closer = tokens.word(end - 1);
        let opener = if closer == ")" { "(" } else { closer };
        let sentence = tokens.sentence.get(end - 1).copied();
        let open = (end.saturating_sub(24)..end - 1)
            .rev()
            .find(|&k| tokens.word(k) == opener && tokens.sentence.get(k).copied() == sentence)?;
        let start = collect_back(tokens, open);
        return (start < open).then_some((start, open, None));
    }
    if end > 0 && tokens.word(end - 1) == "who" {
        let mut k = end - 1;
        while k > 0 && matches!(tokens.word(k - 1), "," | "-" | "—" | "–" | "(") {
            k -= 1;
        }
        let start = collect_back(tokens, k);
        return (start < k).then_some((start, k, None));
    }
    if end > 0 && tokens.word(end - 1) == "," {
        // "Name, a spokesman for the company, said"
        let close = end - 1;
        let sentence = tokens.sentence.get(close).copied();
        let open = (close.saturating_sub(14)..close)
            .rev()
            .find(|&k| tokens.word(k) == "," && tokens.sentence.get(k).copied() == sentence)?;
        let start = collect_back(tokens, open);
        if start < open {
            let appositive = tokens.text(tokens.span(open + 1, close));
            let role = appositive_role(&appositive);
            return Some((start, open, role));
        }
        return None;
    }
    let start = collect_back(tokens, end);
    (start < end).then_some((start, end, None))
}

/// The token range of the speaker named after a cue: "said Kerry", "said
/// White House Press Secretary Josh Earnest", "according to officials".
pub fn object_after(tokens: &Tokens, from: usize) -> Option<(usize, usize, Option<String>)> {
    let mut end = from;
    let sentence = tokens.sentence.get(from).copied();
    while end < tokens.len()
        && end - from < 8
        && tokens.is_word(end)
        && !tokens.quoted[end]
        && tokens.sentence.get(end).copied() == sentence
        && !STOP.contains(&tokens.word(end))
        && !is_time_word(tokens.word(end))
        && (end == from || !DETERMINERS.contains(&tokens.word(end)))
        && cue_at(tokens, end).is_none()
    {
        end += 1;
    }
    if end == from {
        return None;
    }
    let mut role = None;
    if tokens.word(end) == "," && matches!(tokens.word(end + 1), "a" | "an" | "the") {
        let close = (end + 1..tokens.len().min(end + 14))
            .find(|&k| !tokens.is_word(k))
            .unwrap_or(end + 1);
        role = appositive_role(&tokens.text(tokens.span(end + 1, close)));
    }
    Some((from, end, role))
}

/// An appositive as a role: "a spokesman for the company" gives
/// "spokesman for the company"; clauses ("speaking in Iowa") give none.
fn appositive_role(appositive: &str) -> Option<String> {
    let mut words = appositive.split_whitespace();
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    match first.to_lowercase().as_str() {
        "a" | "an" | "the" if !rest.is_empty() => Some(rest.join(" ")),
        _ if first.chars().next().is_some_and(char::is_uppercase) => Some(appositive.to_string()),
        _ => None,
    }
}

fn is_skippable(tokens: &Tokens, i: usize) -> bool {
    let w = tokens.word(i);
    tokens.is_word(i)
        && (SKIP.contains(&w)
            || (w.len() > 4 && w.ends_with("ly") && !tokens.tokens[i].capitalised))
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "earlier"
            | "last"
            | "recently"
            | "previously"
    )
}

/// Walks back from `end` over the words of a noun phrase (at most eight),
/// stopping at punctuation, a sentence start, a function word, a cue or a
/// quotation; a determiner is taken and ends it.
fn collect_back(tokens: &Tokens, end: usize) -> usize {
    let mut start = end;
    let sentence = end
        .checked_sub(1)
        .and_then(|l| tokens.sentence.get(l))
        .copied();
    while start > 0 && end - start < 8 {
        let t = start - 1;
        let w = tokens.word(t);
        if !tokens.is_word(t)
            || tokens.quoted[t]
            || tokens.sentence.get(t).copied() != sentence
            || STOP.contains(&w)
            || is_time_word(w)
            || cue_at(tokens, t).is_some()
        {
            break;
        }
        start = t;
        if DETERMINERS.contains(&w) || PRONOUNS.contains(&w) {
            break;
        }
    }
    start
}

/// Reads the tokens `a..b` as a speaker's phrase.
pub fn phrase(tokens: &Tokens, a: usize, b: usize, role: Option<String>) -> Option<Phrase> {
    let mut a = a;
    while a < b && matches!(tokens.word(a), "the" | "a" | "an") {
        a += 1;
    }
    if a >= b {
        return None;
    }
    let whole = tokens.span(a, b);
    if b - a == 1 && PRONOUNS.contains(&tokens.word(a)) {
        return Some(Phrase {
            kind: PhraseKind::Pronoun,
            name: tokens.text(whole),
            name_span: whole,
            role,
        });
    }
    // The name: the capitalised words at the end, after the last role word.
    let mut run = b;
    while run > a {
        let t = &tokens.tokens[run - 1];
        let w = t.lower.as_str();
        if !t.capitalised || ROLE_WORDS.contains(&w) || HONORIFICS.contains(&w) {
            break;
        }
        run -= 1;
    }
    // "Secretary of State John Kerry": the word after "of" is the role's.
    if b - run >= 3 && run > a && tokens.word(run - 1) == "of" {
        run += 1;
    }
    if run < b {
        let mut role_end = run;
        while role_end > a && HONORIFICS.contains(&tokens.word(role_end - 1)) {
            role_end -= 1;
        }
        let own_role = (role_end > a).then(|| tokens.text(tokens.span(a, role_end)));
        let name_span = tokens.span(run, b);
        return Some(Phrase {
            kind: PhraseKind::Name,
            name: strip_possessive(&tokens.text(name_span)),
            name_span,
            role: own_role.or(role),
        });
    }
    let last = tokens.word(b - 1);
    let definite = a > 0 && matches!(tokens.word(a - 1), "the" | "his" | "her");
    let kind = if definite && ROLE_WORDS.contains(&last) && b - a <= 3 {
        PhraseKind::Role
    } else {
        PhraseKind::Group
    };
    Some(Phrase {
        kind,
        name: tokens.text(whole),
        name_span: whole,
        role,
    })
}

fn strip_possessive(name: &str) -> String {
    name.strip_suffix("’s")
        .or_else(|| name.strip_suffix("'s"))
        .unwrap_or(name)
        .to_string()
}

/// A name compared without case, a leading "the" or a possessive.
pub fn name_key(name: &str) -> String {
    let lower = strip_possessive(name.trim()).to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The speakers found so far, the document's own first.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub guesses: Vec<SpeakerGuess>,
    /// Per guess: a suggestion refers to it.
    pub used: Vec<bool>,
    /// The speaker named most recently.
    recent: Option<usize>,
}

impl Registry {
    /// A registry that knows the document's speakers, so they are reused.
    pub fn new(existing: &[Speaker]) -> Registry {
        let guesses: Vec<SpeakerGuess> = existing
            .iter()
            .map(|s| SpeakerGuess {
                name: s.name.clone(),
                role: s.role.clone(),
                aliases: s.aliases.clone(),
                mentions: Vec::new(),
                existing: Some(s.id.clone()),
            })
            .collect();
        let used = vec![false; guesses.len()];
        Registry {
            guesses,
            used,
            recent: None,
        }
    }

    /// The speaker a phrase names, added when new; pronouns and bare roles
    /// go to the speaker named most recently (with that role, for a role).
    pub fn resolve(&mut self, phrase: &Phrase) -> Option<usize> {
        let found = match phrase.kind {
            PhraseKind::Pronoun => self.recent,
            PhraseKind::Role => {
                let word = name_key(&phrase.name);
                let last = word.split_whitespace().last().unwrap_or("").to_string();
                self.by_role(&last).or(self.recent)
            }
            PhraseKind::Name | PhraseKind::Group => Some(self.named(phrase)),
        }?;
        let guess = self.guesses.get_mut(found)?;
        if !guess.mentions.contains(&phrase.name_span) {
            guess.mentions.push(phrase.name_span);
        }
        if guess.role.is_none() && phrase.kind == PhraseKind::Name {
            guess.role.clone_from(&phrase.role);
        }
        self.used[found] = true;
        self.recent = Some(found);
        Some(found)
    }

    fn by_role(&self, word: &str) -> Option<usize> {
        let recent = self.recent?;
        (0..=recent).rev().find(|&i| {
            self.used[i]
                && self.guesses[i]
                    .role
                    .as_deref()
                    .is_some_and(|r| r.to_lowercase().contains(word))
        })
    }

    /// The speaker with this name, joined by surname, or a new one.
    fn named(&mut self, phrase: &Phrase) -> usize {
        let key = name_key(&phrase.name);
        let words: Vec<&str> = key.split_whitespace().collect();
        let keys_of = |g: &SpeakerGuess| -> Vec<String> {
            std::iter::once(&g.name)
                .chain(&g.aliases)
                .map(|n| name_key(n))
                .collect()
        };
        if let Some(i) = self.guesses.iter().position(|g| keys_of(g).contains(&key)) {
            return i;
        }
        let person = phrase.kind == PhraseKind::Name;
        if person {
            let surname_of = |g: &SpeakerGuess| {
                let k = name_key(&g.name);
                let ws: Vec<String> = k.split_whitespace().map(str::to_string).collect();
                (ws.len(), ws.last().cloned().unwrap_or_default())
            };
            let joined = self.guesses.iter().position(|g| {
                let (len, surname) = surname_of(g);
                match (words.len(), len) {
                    (1, n) if n >= 2 => words[0] == surname,
                    (n, 1) if n >= 2 => words.last() == Some(&surname.as_str()),
                    _ => false,
                }
            });
            if let Some(i) = joined {
                let guess = &mut self.guesses[i];
                if words.len() > 1 && guess.existing.is_none() {
                    let old = std::mem::replace(&mut guess.name, phrase.name.clone());
                    guess.aliases.push(old);
                } else {
                    guess.aliases.push(phrase.name.clone());
                }
                return i;
            }
        }
        self.guesses.push(SpeakerGuess {
            name: phrase.name.clone(),
            role: phrase.role.clone(),
            aliases: Vec::new(),
            mentions: Vec::new(),
            existing: None,
        });
        self.used.push(false);
        self.guesses.len() - 1
    }

    /// Adds every further place the text names a used speaker by a name of
    /// theirs ("John Kerry", "Kerry") as a mention.
    pub fn scan_mentions(&mut self, tokens: &Tokens) {
        // Last word of a name → (speaker, the name's words).
        let mut by_last: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (i, g) in self.guesses.iter().enumerate() {
            if !self.used[i] {
                continue;
            }
            for name in std::iter::once(&g.name).chain(&g.aliases) {
                let capitalised = name
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                if !capitalised {
                    continue;
                }
                let words: Vec<String> = name_key(name)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                if let Some(last) = words.last() {
                    by_last
                        .entry(last.clone())
                        .or_default()
                        .push((i, words.clone()));
                }
            }
        }
        for (t, token) in tokens.tokens.iter().enumerate() {
            if !token.capitalised {
                continue;
            }
            let Some(candidates) = by_last.get(strip_possessive(&token.lower).as_str()) else {
                continue;
            };
            let speakers: Vec<usize> = candidates.iter().map(|c| c.0).collect();
            // The longest name written here; a bare surname only when one
            // speaker has it.
            let best = candidates
                .iter()
                .filter(|(_, words)| {
                    words.len() <= t + 1
                        && words[..words.len() - 1]
                            .iter()
                            .enumerate()
                            .all(|(k, w)| tokens.word(t + 1 + k - words.len()) == w)
                })
                .max_by_key(|(_, words)| words.len());
            let Some((speaker, words)) = best else {
                continue;
            };
            if words.len() == 1 && speakers.iter().any(|s| s != speaker) {
                continue;
            }
            let start = t + 1 - words.len();
            let span = Span::new(tokens.tokens[start].start, strip_end(tokens, t));
            let mentions = &mut self.guesses[*speaker].mentions;
            if !mentions.iter().any(|m| m.overlaps(&span)) {
                mentions.push(span);
            }
        }
        for g in &mut self.guesses {
            crate::sort::sort(&mut g.mentions);
        }
    }
}

/// The end of token `t` without a possessive ’s.
fn strip_end(tokens: &Tokens, t: usize) -> usize {
    let token = &tokens.tokens[t];
    if token.lower.ends_with("’s") || token.lower.ends_with("'s") {
        token.end - 2
    } else {
        token.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Phrase {
        let tokens = Tokens::new(text);
        phrase(&tokens, 0, tokens.len(), None).expect("a phrase")
    }

    #[test]
    fn a_title_before_a_name_becomes_the_role() {
        let p = read("White House Press Secretary Josh Earnest");
        assert_eq!(
            (p.name.as_str(), p.role.as_deref()),
            ("Josh Earnest", Some("White House Press Secretary"))
        );
        let p = read("Secretary of State John Kerry");
        assert_eq!(
            (p.name.as_str(), p.role.as_deref()),
            ("John Kerry", Some("Secretary of State"))
        );
        let p = read("State Department spokesman John Kirby");
        assert_eq!(
            (p.name.as_str(), p.role.as_deref()),
            ("John Kirby", Some("State Department spokesman"))
        );
    }

    #[test]
    fn pronouns_roles_and_groups_are_told_apart() {
        assert_eq!(read("he").kind, PhraseKind::Pronoun);
        assert_eq!(read("officials").kind, PhraseKind::Group);
        let tokens = Tokens::new("the spokesman");
        assert_eq!(
            phrase(&tokens, 1, 2, None).map(|p| p.kind),
            Some(PhraseKind::Role)
        );
    }

    #[test]
    fn mentions_of_one_person_join_into_one_speaker() {
        let mut registry = Registry::new(&[]);
        let full = registry.resolve(&read("Secretary of State John Kerry"));
        let short = registry.resolve(&read("Kerry"));
        let pronoun = registry.resolve(&read("he"));
        assert_eq!((full, short, pronoun), (Some(0), Some(0), Some(0)));
        assert_eq!(registry.guesses[0].name, "John Kerry");
        assert_eq!(registry.guesses[0].aliases, ["Kerry"]);
    }

    #[test]
    fn a_known_speaker_is_reused_not_duplicated() {
        let mut known = Speaker::new("s1", "John Kerry");
        known.aliases.push("Kerry".into());
        let mut registry = Registry::new(&[known]);
        assert_eq!(registry.resolve(&read("Kerry")), Some(0));
        assert_eq!(registry.guesses.len(), 1);
        assert_eq!(registry.guesses[0].existing.as_deref(), Some("s1"));
    }

    #[test]
    fn the_subject_of_a_cue_skips_adverbs_and_stops_at_clause_words() {
        let tokens = Tokens::new("Last week, Kerry has repeatedly said");
        assert_eq!(subject_before(&tokens, 6).map(|r| (r.0, r.1)), Some((3, 4)));
        let tokens = Tokens::new("Secretary of State John Kerry -who claims");
        let (a, b, _) = subject_before(&tokens, 7).expect("a subject");
        assert_eq!(
            tokens.text(tokens.span(a, b)),
            "Secretary of State John Kerry"
        );
    }
}
