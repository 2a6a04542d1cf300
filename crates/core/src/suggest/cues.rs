//! Cues: the reporting verbs (in all their forms) and phrases that tie a
//! quote to its speaker — "said", "tells", "warned", "insisting",
//! "pointed out", "according to".

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokens::Tokens;

/// Reporting verbs: the lemma, and its past and past participle when
/// irregular ("" when regular).
const LEMMAS: &[(&str, &str)] = &[
    ("say", "said"),
    ("tell", "told"),
    ("write", "wrote written"),
    ("speak", "spoke spoken"),
    ("think", "thought"),
    ("add", ""),
    ("argue", ""),
    ("claim", ""),
    ("warn", ""),
    ("insist", ""),
    ("deny", ""),
    ("explain", ""),
    ("announce", ""),
    ("accuse", ""),
    ("state", ""),
    ("note", ""),
    ("report", ""),
    ("confirm", ""),
    ("reveal", ""),
    ("suggest", ""),
    ("declare", ""),
    ("assert", ""),
    ("contend", ""),
    ("maintain", ""),
    ("acknowledge", ""),
    ("admit", ""),
    ("concede", ""),
    ("complain", ""),
    ("stress", ""),
    ("emphasize", ""),
    ("emphasise", ""),
    ("allege", ""),
    ("testify", ""),
    ("tweet", ""),
    ("predict", ""),
    ("promise", ""),
    ("pledge", ""),
    ("vow", ""),
    ("urge", ""),
    ("ask", ""),
    ("answer", ""),
    ("reply", ""),
    ("respond", ""),
    ("continue", ""),
    ("conclude", ""),
    ("recall", ""),
    ("remark", ""),
    ("comment", ""),
    ("observe", ""),
    ("mention", ""),
    ("caution", ""),
    ("counter", ""),
    ("retort", ""),
    ("blame", ""),
    ("cite", ""),
    ("criticize", ""),
    ("criticise", ""),
    ("threaten", ""),
    ("assure", ""),
    ("boast", ""),
    ("joke", ""),
    ("lament", ""),
    ("quip", ""),
    ("agree", ""),
    ("estimate", ""),
    ("inform", ""),
    ("indicate", ""),
    ("hint", ""),
    ("propose", ""),
    ("recommend", ""),
    ("demand", ""),
    ("wonder", ""),
    ("believe", ""),
    ("reiterate", ""),
    ("repeat", ""),
    ("disclose", ""),
    ("proclaim", ""),
    ("charge", ""),
    ("whisper", ""),
    ("shout", ""),
    ("recount", ""),
    ("describe", ""),
    ("signal", ""),
    ("point", ""),
];

/// Verbs that are also common nouns ("the claim", "a report"): their base
/// and -s forms count only after a subject.
const NOUN_TOO: &[&str] = &[
    "claim", "report", "comment", "answer", "reply", "charge", "promise", "pledge", "vow",
    "estimate", "remark", "note", "state", "tweet", "blame", "joke", "signal", "hint", "demand",
    "counter", "caution", "boast", "lament", "quip", "point", "shout", "whisper", "stress",
    "repeat", "respond", "tell", "write", "speak", "think", "believe",
];

/// Verbs that report speech only after a quote or before "that"
/// ("he continued." but "continued to fight").
const WEAK: &[&str] = &[
    "continue",
    "add",
    "ask",
    "answer",
    "repeat",
    "describe",
    "point",
    "speak",
    "agree",
    "charge",
    "state",
    "observe",
    "signal",
    "report",
    "think",
    "believe",
    "wonder",
    "mention",
    "recall",
    "promise",
    "threaten",
    "propose",
    "recommend",
    "demand",
    "urge",
    "cite",
    "blame",
    "accuse",
];

/// Verbs after which what follows directly is what was said ("Earnest
/// said Russia had lost …").
const BARE_CLAUSE: &[&str] = &[
    "say",
    "claim",
    "argue",
    "warn",
    "insist",
    "add",
    "explain",
    "note",
    "write",
    "think",
    "believe",
    "predict",
    "suggest",
    "contend",
    "assert",
    "acknowledge",
    "admit",
    "concede",
    "allege",
    "maintain",
    "announce",
    "confirm",
    "declare",
    "stress",
    "emphasize",
    "emphasise",
    "testify",
    "tweet",
    "complain",
    "estimate",
    "recall",
    "reveal",
    "report",
    "indicate",
    "deny",
    "agree",
    "state",
    "conclude",
    "reiterate",
];

/// Which form of its verb a cue word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Base,
    ThirdPerson,
    Past,
    Participle,
    Ing,
}

/// A cue found in the text: its token range and its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// First token of the cue.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    pub lemma: &'static str,
    pub form: Form,
}

impl Cue {
    /// Reports speech only after a quote or before "that".
    pub fn is_weak(&self) -> bool {
        WEAK.contains(&self.lemma)
    }

    /// What follows may be the reported clause itself, without "that".
    pub fn takes_bare_clause(&self) -> bool {
        BARE_CLAUSE.contains(&self.lemma)
    }

    pub fn is_according_to(&self) -> bool {
        self.lemma == "according to"
    }
}

fn lexicon() -> &'static HashMap<String, (&'static str, Form)> {
    static LEXICON: OnceLock<HashMap<String, (&'static str, Form)>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut map = HashMap::new();
        for &(lemma, irregular) in LEMMAS {
            for (form, word) in forms(lemma, irregular) {
                map.entry(word).or_insert((lemma, form));
            }
        }
        map
    })
}

/// Every form of a verb: base, -s, past, past participle, -ing.
fn forms(lemma: &str, irregular: &str) -> Vec<(Form, String)> {
    let last = lemma.chars().last().unwrap_or(' ');
    let before_last = lemma.chars().rev().nth(1).unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    let stem = &lemma[..lemma.len() - last.len_utf8()];
    let doubles = matches!(lemma, "admit" | "quip" | "regret" | "commit" | "submit");
    let third = if lemma.ends_with('s') || lemma.ends_with("sh") || lemma.ends_with("ch") {
        format!("{lemma}es")
    } else if last == 'y' && !vowel(before_last) {
        format!("{stem}ies")
    } else {
        format!("{lemma}s")
    };
    let regular_past = if last == 'e' {
        format!("{lemma}d")
    } else if last == 'y' && !vowel(before_last) {
        format!("{stem}ied")
    } else if doubles {
        format!("{lemma}{last}ed")
    } else {
        format!("{lemma}ed")
    };
    let ing = if last == 'e' && before_last != 'e' {
        format!("{stem}ing")
    } else if doubles {
        format!("{lemma}{last}ing")
    } else {
        format!("{lemma}ing")
    };
    let mut irregular = irregular.split_whitespace();
    let past = irregular
        .next()
        .map_or(regular_past.clone(), str::to_string);
    let participle = irregular.next().map_or(past.clone(), str::to_string);
    vec![
        (Form::Base, lemma.to_string()),
        (Form::ThirdPerson, third),
        (Form::Past, past),
        (Form::Participle, participle),
        (Form::Ing, ing),
    ]
}

/// Words after which a base or -s form is a noun or an infinitive, not a
/// reporting verb ("the claim", "declined to comment").
const NOT_BEFORE_VERB: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those",
    "to", "of", "no", "any", "every", "each", "some", "such", "whose", "’s", "'s", "first", "last",
    "new",
];

/// The cue starting at token `i`, if one does. Words inside quotations are
/// never cues.
pub fn cue_at(tokens: &Tokens, i: usize) -> Option<Cue> {
    if !tokens.is_word(i) || tokens.quoted[i] {
        return None;
    }
    let word = tokens.word(i);
    if word == "according" {
        return (tokens.word(i + 1) == "to").then_some(Cue {
            start: i,
            end: i + 2,
            lemma: "according to",
            form: Form::Ing,
        });
    }
    let &(lemma, form) = lexicon().get(word)?;
    // A capitalised word inside a sentence is a name ("The United States").
    let starts_sentence = i == 0 || tokens.sentence.get(i - 1) != tokens.sentence.get(i);
    if tokens.tokens[i].capitalised && !starts_sentence {
        return None;
    }
    let previous = i.checked_sub(1).map_or("", |p| tokens.word(p));
    if matches!(form, Form::Base | Form::ThirdPerson) && NOT_BEFORE_VERB.contains(&previous) {
        return None;
    }
    if matches!(form, Form::Base | Form::ThirdPerson) && NOUN_TOO.contains(&lemma) {
        let subject_like = i.checked_sub(1).is_some_and(|p| {
            tokens.is_word(p)
                && (tokens.tokens[p].capitalised
                    || matches!(previous, "he" | "she" | "they" | "we" | "i" | "you" | "who"))
        });
        if !subject_like {
            return None;
        }
    }
    if lemma == "point" {
        return (tokens.word(i + 1) == "out").then_some(Cue {
            start: i,
            end: i + 2,
            lemma,
            form,
        });
    }
    Some(Cue {
        start: i,
        end: i + 1,
        lemma,
        form,
    })
}

/// How many lemmas the lexicon knows.
pub fn lemma_count() -> usize {
    LEMMAS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<(&'static str, String)> {
        let tokens = Tokens::new(text);
        (0..tokens.len())
            .filter_map(|i| cue_at(&tokens, i))
            .map(|c| (c.lemma, tokens.text(tokens.span(c.start, c.end))))
            .collect()
    }

    #[test]
    fn the_lexicon_knows_at_least_sixty_reporting_verbs() {
        assert!(lemma_count() >= 60, "{}", lemma_count());
    }

    #[test]
    fn every_form_of_a_verb_is_a_cue() {
        for text in [
            "they say",
            "he says",
            "he said",
            "saying",
            "he denies",
            "denied",
            "denying",
        ] {
            assert_eq!(cues(text).len(), 1, "{text}");
        }
        assert_eq!(
            cues("He admitted it, quipping and arguing; she testified and replied."),
            [
                ("admit", "admitted".to_string()),
                ("quip", "quipping".to_string()),
                ("argue", "arguing".to_string()),
                ("testify", "testified".to_string()),
                ("reply", "replied".to_string())
            ]
        );
    }

    #[test]
    fn phrases_are_cues_too() {
        assert_eq!(
            cues("according to officials, as he pointed out"),
            [
                ("according to", "according to".to_string()),
                ("point", "pointed out".to_string())
            ]
        );
    }

    #[test]
    fn nouns_and_infinitives_are_not_cues() {
        assert!(cues("the claim and a report; he declined to comment").is_empty());
        assert_eq!(cues("Smith claims")[0].0, "claim");
    }
}
