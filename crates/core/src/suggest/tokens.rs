//! The suggester's view of a text: its code points, its words and
//! punctuation with code-point offsets, which of them lie inside quotation
//! marks, and where sentences end. Built in one pass over the text.

use crate::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes, hyphens and dots
    /// (`don’t`, `O’Brien`, `U.S.`, `military-to-military`).
    Word,
    /// One punctuation or symbol character (quotation marks included).
    Punct,
    /// A line break: paragraphs and headlines end there.
    Break,
}

/// One token and where it lies, in code points.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The token lower-cased (a punctuation token holds its character).
    pub lower: String,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
}

/// A text cut into tokens, with sentences and quoted stretches marked.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub chars: Vec<char>,
    pub tokens: Vec<Token>,
    /// Per token: inside a quoted segment (between its marks, or a mark).
    pub quoted: Vec<bool>,
    /// Per token: the index of its sentence in `sentences`.
    pub sentence: Vec<usize>,
    /// Each sentence as a token range `start..end`.
    pub sentences: Vec<(usize, usize)>,
}

/// Abbreviations that keep their full stop (`Mr.`, `Sen.`, `U.S.`).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "jr", "sr", "st",
    "prof", "capt", "adm", "maj", "rev", "hon", "vs", "inc", "corp", "co", "ltd", "jan", "feb",
    "aug", "sept", "oct", "nov", "dec", "no", "mt", "ft",
];

impl Tokens {
    /// Tokenises `text`; nothing is quoted and the whole text is one
    /// sentence per line until [`Tokens::mark_quoted`] runs.
    pub fn new(text: &str) -> Tokens {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::with_capacity(chars.len() / 5);
        let n = chars.len();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if c == '\n' {
                tokens.push(token(&chars, i, i + 1, TokenKind::Break));
                i += 1;
            } else if c.is_whitespace() {
                i += 1;
            } else if c.is_alphanumeric() {
                let start = i;
                i += 1;
                loop {
                    if i < n && (chars[i].is_alphanumeric() || is_mark_char(chars[i])) {
                        i += 1;
                    } else if i + 1 < n && is_joiner(chars[i]) && chars[i + 1].is_alphanumeric() {
                        i += 2;
                    } else {
                        break;
                    }
                }
                if i < n && chars[i] == '.' && is_abbreviation(&chars[start..i]) {
                    i += 1;
                }
                tokens.push(token(&chars, start, i, TokenKind::Word));
            } else {
                tokens.push(token(&chars, i, i + 1, TokenKind::Punct));
                i += 1;
            }
        }
        let len = tokens.len();
        let mut built = Tokens {
            chars,
            tokens,
            quoted: vec![false; len],
            sentence: Vec::new(),
            sentences: Vec::new(),
        };
        built.split_sentences();
        built
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The lower-cased token `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_str())
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// The span from the start of token `a` to the end of token `b - 1`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        match (
            self.tokens.get(a),
            b.checked_sub(1).and_then(|l| self.tokens.get(l)),
        ) {
            (Some(first), Some(last)) if a < b => Span::new(first.start, last.end),
            _ => Span::new(0, 0),
        }
    }

    /// The text of a code-point span.
    pub fn text(&self, span: Span) -> String {
        let end = span.end.min(self.chars.len());
        let start = span.start.min(end);
        self.chars[start..end].iter().collect()
    }

    /// The first token starting at or after code point `cp`.
    pub fn token_at(&self, cp: usize) -> usize {
        self.tokens.partition_point(|t| t.start < cp)
    }

    /// Marks the tokens inside `parts` (quoted spans, marks included, in
    /// order) as quoted and splits sentences again so that none ends inside
    /// a quotation.
    pub fn mark_quoted(&mut self, parts: &[Span]) {
        let mut p = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            while p < parts.len() && parts[p].end <= t.start {
                p += 1;
            }
            self.quoted[i] = parts
                .get(p)
                .is_some_and(|s| s.start <= t.start && t.end <= s.end);
        }
        self.split_sentences();
    }

    /// Sentences end at line breaks and after `.`, `?`, `!` or `…` outside
    /// quotations (with any closing marks and brackets that follow) when
    /// what comes next is not a lower-case word or a comma.
    fn split_sentences(&mut self) {
        let n = self.tokens.len();
        self.sentence = vec![0; n];
        self.sentences.clear();
        let mut start = 0;
        let mut i = 0;
        while i < n {
            let t = &self.tokens[i];
            if t.kind == TokenKind::Break {
                if start < i {
                    self.sentences.push((start, i));
                }
                self.sentences.push((i, i + 1));
                start = i + 1;
                i += 1;
                continue;
            }
            let terminal = t.kind == TokenKind::Punct
                && matches!(t.lower.as_str(), "." | "?" | "!" | "…")
                && (!self.quoted[i] || self.closes_quote_after(i));
            if terminal {
                let mut end = i + 1;
                while end < n && self.is_closing(end) {
                    end += 1;
                }
                let next = self.tokens.get(end);
                let continues = next.is_some_and(|t| {
                    (t.kind == TokenKind::Word
                        && !t.capitalised
                        && !t.lower.starts_with(char::is_numeric))
                        || t.lower == ","
                });
                if !continues {
                    self.sentences.push((start, end));
                    start = end;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        if start < n {
            self.sentences.push((start, n));
        }
        for (k, &(a, b)) in self.sentences.iter().enumerate() {
            for s in &mut self.sentence[a..b] {
                *s = k;
            }
        }
    }

    /// Token `i` closes something: a bracket, or a mark that ends its
    /// quotation (a quoted mark followed by an unquoted token; an opening
    /// mark is followed by the quoted words it opens).
    fn is_closing(&self, i: usize) -> bool {
        is_closer(&self.tokens[i])
            && (!self.quoted[i] || !self.quoted.get(i + 1).copied().unwrap_or(false))
    }

    /// True when token `i` is followed by closing marks that end the
    /// quotation it is in (`… weapons.” The`).
    fn closes_quote_after(&self, i: usize) -> bool {
        let mut j = i + 1;
        while j < self.tokens.len() && self.is_closing(j) {
            j += 1;
        }
        j > i + 1 && !self.quoted.get(j).copied().unwrap_or(false)
    }
}

fn token(chars: &[char], start: usize, end: usize, kind: TokenKind) -> Token {
    let lower: String = chars[start..end]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    Token {
        start,
        end,
        kind,
        lower,
        capitalised: chars[start].is_uppercase(),
    }
}

/// Characters joining two runs of letters into one word.
fn is_joiner(c: char) -> bool {
    matches!(c, '’' | '\'' | '-' | '‐' | '.' | '&')
}

/// Combining marks that belong to the letter before them.
fn is_mark_char(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_abbreviation(word: &[char]) -> bool {
    if word.contains(&'.') || (word.len() == 1 && word[0].is_uppercase()) {
        return true;
    }
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// A closing quotation mark or bracket, which stays with the sentence it
/// ends.
fn is_closer(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(
            t.lower.as_str(),
            "”" | "’" | "\"" | "'" | "»" | "«" | "」" | "』" | ")" | "]" | "›"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &Tokens) -> Vec<&str> {
        t.tokens.iter().map(|t| t.lower.as_str()).collect()
    }

    #[test]
    fn apostrophes_hyphens_and_abbreviations_stay_inside_words() {
        let t = Tokens::new("O’Brien’s don't military-to-military Mr. U.S. talks.");
        assert_eq!(
            words(&t),
            [
                "o’brien’s",
                "don't",
                "military-to-military",
                "mr.",
                "u.s.",
                "talks",
                "."
            ]
        );
    }

    #[test]
    fn offsets_count_code_points() {
        let t = Tokens::new("😀 Kerry said");
        assert_eq!(t.span(1, 3), Span::new(2, 12));
        assert_eq!(t.text(t.span(1, 2)), "Kerry");
    }

    #[test]
    fn sentences_end_after_full_stops_and_line_breaks_but_not_abbreviations() {
        let t = Tokens::new("Mr. Smith spoke. He left\nNext one");
        let firsts: Vec<&str> = t.sentences.iter().map(|&(a, _)| t.word(a)).collect();
        assert_eq!(firsts, ["mr.", "he", "\n", "next"]);
    }

    #[test]
    fn no_sentence_ends_inside_a_quotation() {
        let text = "“We do. And we don’t,” Kerry said. Then he left.";
        let mut t = Tokens::new(text);
        t.mark_quoted(&[Span::new(0, 22)]);
        let firsts: Vec<&str> = t.sentences.iter().map(|&(a, _)| t.word(a)).collect();
        assert_eq!(firsts, ["“", "then"]);
    }
}
