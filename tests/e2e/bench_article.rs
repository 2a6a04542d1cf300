//! The articles the annotation benchmark (`bench.rs`) opens, generated
//! deterministically: news-like paragraphs in pairs, one with a quote, the
//! name of its speaker, a claim nested inside the quote and a claim that
//! overlaps the quote's end and the name (four annotations), then one left
//! plain (where the benchmark adds its claims). Speaker names are
//! non-ASCII, some with emoji, and emoji appear in the text, so offsets in
//! code points, UTF-8 and UTF-16 all differ.

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker};
use attrib_core::text::Document;

/// The generated headline, the document's title.
pub const HEADLINE: &str = "Budget talks 🏛️ run late in Ålesund";

const NAMES: [&str; 10] = [
    "Zoë Ångström",
    "José Müller-Lüdenscheid",
    "Łukasz Brzęczyszczykiewicz",
    "Søren Kierkegård",
    "Nguyễn Thị Minh 🌏",
    "Ana Lúcia Gonçalves 😀",
    "Ólafur Ragnarsson",
    "Chloé Dubois-Léger",
    "Björk Guðmundsdóttir",
    "李小龍",
];

const ROLES: [&str; 5] = [
    "finance minister",
    "opposition leader",
    "union spokeswoman",
    "chief economist",
    "mayor",
];

const PLACES: [&str; 6] = [
    "Tromsø",
    "Kraków",
    "São Paulo",
    "Zürich",
    "Montréal",
    "Đà Nẵng",
];

const CLAUSES: [&str; 8] = [
    "we cannot balance the budget by cutting schools",
    "the numbers simply do not add up this year",
    "every household will pay more for energy 📈",
    "the agreement protects jobs in every region",
    "nobody voted for a tax on bread",
    "the ministry ignored its own forecasts",
    "our hospitals need two thousand more nurses",
    "this plan was written behind closed doors",
];

const FILLER: [&str; 6] = [
    "Negotiators met again on Tuesday morning after a night of talks.",
    "The committee is expected to publish its report before the summer recess.",
    "Markets were calm, and the currency barely moved against the euro 💶.",
    "Several members asked for more time to read the final draft.",
    "Local newspapers carried the story on their front pages.",
    "Observers said a vote could come as early as next week.",
];

/// A generated article: its document (text, speakers, annotations) and
/// the offsets of its plain paragraphs.
pub struct BenchArticle {
    pub doc: AnnotatedDocument,
    /// Where each plain (unannotated) paragraph starts, in code points.
    pub plain_starts: Vec<usize>,
    /// The id of the last annotation in the text.
    pub last_id: String,
    /// The text of the last paragraph.
    pub last_paragraph: String,
    pub words: usize,
}

/// Text built piece by piece, counting code points.
struct Text {
    text: String,
    chars: usize,
}

impl Text {
    fn push(&mut self, piece: &str) -> Span {
        let start = self.chars;
        self.text.push_str(piece);
        self.chars += piece.chars().count();
        Span::new(start, self.chars)
    }
}

/// An article of about `words` words with exactly `annotations`
/// annotations (a multiple of 4).
pub fn bench_article(words: usize, annotations: usize) -> BenchArticle {
    assert!(annotations % 4 == 0 && annotations > 0);
    let pairs = annotations / 4;
    let words_per_pair = words / pairs;
    let speakers: Vec<Speaker> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| Speaker::new(format!("s{}", i + 1), *n))
        .collect();
    let mut t = Text {
        text: String::new(),
        chars: 0,
    };
    t.push(HEADLINE);
    let mut anns = Vec::with_capacity(annotations);
    let mut plain_starts = Vec::with_capacity(pairs);
    let mut last_paragraph = String::new();
    // A small linear congruential generator: the same article every run.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    for p in 0..pairs {
        let s = next(NAMES.len());
        let (c1, c2) = (next(CLAUSES.len()), next(CLAUSES.len()));
        let role = ROLES[next(ROLES.len())];
        let place = PLACES[next(PLACES.len())];
        t.push("\n\n");
        let para_byte = t.text.len();
        let open = t.push("“");
        let nested = t.push(&capitalise(CLAUSES[c1]));
        t.push(", and ");
        let second = t.push(CLAUSES[c2]);
        let close = t.push(",”");
        t.push(" ");
        let cue = t.push("said");
        t.push(" ");
        let name = t.push(NAMES[s]);
        t.push(&format!(
            ", the {role} of {place}, on day {} of the talks 🌍.",
            p + 1
        ));
        let base = p * 4;
        let speaker = speakers[s].id.clone();
        let mut quote = Annotation::new(
            format!("q{base}"),
            Kind::Quote,
            vec![Span::new(open.start, close.end)],
        );
        quote.speaker = Some(speaker.clone());
        quote.cue = Some(cue);
        let mut mention = Annotation::new(format!("m{base}"), Kind::Mention, vec![name]);
        mention.speaker = Some(speaker.clone());
        let mut inner = Annotation::new(format!("c{base}"), Kind::Claim, vec![nested]);
        inner.speaker = Some(speaker);
        let across = Annotation::new(
            format!("x{base}"),
            Kind::Claim,
            vec![Span::new(second.start, name.end)],
        );
        anns.extend([quote, inner, across, mention]);
        let used = t.text[para_byte..].split_whitespace().count();

        // The plain paragraph fills the pair's words.
        t.push("\n\n");
        plain_starts.push(t.chars);
        let mut para = String::new();
        let mut n = used;
        let mut f = next(FILLER.len());
        while n < words_per_pair {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(FILLER[f]);
            n += FILLER[f].split_whitespace().count();
            f = (f + 1) % FILLER.len();
        }
        if para.is_empty() {
            para.push_str(FILLER[f]);
        }
        t.push(&para);
        last_paragraph = para;
    }
    let last_id = anns
        .iter()
        .max_by_key(|a: &&Annotation| (a.spans[0].start, a.id.clone()))
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let words = t.text.split_whitespace().count();
    let meta = Metadata {
        id: format!("bench-{words}"),
        title: Some(HEADLINE.to_string()),
        ..Metadata::default()
    };
    let mut doc = AnnotatedDocument::new(meta, Document::new(&t.text));
    doc.speakers = speakers;
    doc.annotations = anns;
    BenchArticle {
        doc,
        plain_starts,
        last_id,
        last_paragraph,
        words,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[test]
fn the_bench_article_is_valid_and_has_what_it_promises() {
    let a = bench_article(10_000, 500);
    assert_eq!(a.doc.annotations.len(), 500);
    assert!((9_000..11_000).contains(&a.words), "{} words", a.words);
    assert!(attrib_core::validate::validate(&a.doc).is_empty());
    let text = a.doc.text.text();
    assert!(text.ends_with(&a.last_paragraph));
    assert_eq!(a.plain_starts.len(), 125);
}
