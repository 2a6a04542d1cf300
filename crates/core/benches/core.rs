//! Benchmarks for attrib-core, run by `cargo xtask bench`. Each case runs
//! several times and reports the median; timing goals live here, never in
//! pass/fail tests.
//!
//! `ATTRIB_BENCH` picks which groups run, a comma-separated list of
//! `offsets`, `formats`, `reanchor`, `suggest` and `eval` (for example
//! `ATTRIB_BENCH=formats,reanchor cargo bench -p attrib-core --bench core`);
//! unset or empty, every group runs. A format name after `formats:` limits
//! the format group to that format (`ATTRIB_BENCH=formats:w3c`).
//! `ATTRIB_BENCH_RUNS=1` runs each case once instead of seven times (to
//! profile one under `valgrind --tool=callgrind`).

use attrib_core::limits::thousands;
use std::hint::black_box;
use std::time::{Duration, Instant};

use attrib_core::formats::{self, Format};
use attrib_core::suggest::{self, eval::evaluate, eval::Counts, eval::Evaluation};
use attrib_core::text::Document;
use attrib_core::{
    AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker, Stance, StanceTarget,
};

const RUNS: usize = 7;

/// How many times each case runs: `ATTRIB_BENCH_RUNS` (1 to profile a case
/// under callgrind), else [`RUNS`].
fn runs_per_case() -> usize {
    std::env::var("ATTRIB_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(RUNS)
}

/// Runs `f` as many times as [`runs_per_case`] says and returns the median
/// duration.
fn median(mut f: impl FnMut()) -> Duration {
    let runs = runs_per_case();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn report(name: &str, d: Duration, per: Option<(usize, &str)>) {
    match per {
        Some((n, unit)) => println!(
            "{name:<48} median {:>10.3} ms   {:>8.1} ns/{unit}",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() * 1e9 / n as f64
        ),
        None => println!("{name:<48} median {:>10.3} ms", d.as_secs_f64() * 1e3),
    }
}

/// A long article: the sample repeated, with emoji and CJK mixed in so the
/// offset index has work to do.
fn long_text(words: usize) -> String {
    let sample = include_str!("../../../static/sample-article.txt");
    let mut text = String::new();
    let mut count = 0;
    'outer: loop {
        for (i, word) in sample.split_whitespace().enumerate() {
            text.push_str(word);
            text.push(if i % 97 == 0 { '\n' } else { ' ' });
            if i % 53 == 0 {
                text.push_str("😀 漢字 ");
            }
            count += 1;
            if count >= words {
                break 'outer;
            }
        }
        text.push_str("\n\n");
    }
    text
}

fn bench_offsets(text: &str) {
    let doc = Document::new(text);
    report(
        "document: build 100k-word text + index",
        median(|| {
            black_box(Document::new(black_box(text)));
        }),
        None,
    );
    let ix = doc.index();
    let n = 1_000_000;
    let len = ix.len_chars();
    // The positions visited: spread over the whole text by a stride prime to
    // its length, so every lookup lands somewhere new.
    let cp_at = |i: usize| (i * 7919) % len;
    // Check once, outside the timing, that the work measured is right: every
    // round trip gives its code point back, and the text is not all ASCII
    // (so the index has entries to search).
    let wide = text.chars().filter(|c| !c.is_ascii()).count();
    assert!(
        wide > 1000,
        "the benchmark text has {wide} non-ASCII characters"
    );
    for i in (0..n).step_by(997) {
        let cp = cp_at(i);
        let back = ix.cp_to_utf16(cp).and_then(|u| ix.utf16_to_cp(u));
        assert_eq!(back, Some(cp), "round trip of code point {cp}");
    }
    let d = median(|| {
        let mut acc = 0usize;
        for i in 0..n {
            let u = ix.cp_to_utf16(black_box(cp_at(i))).unwrap_or(0);
            acc = acc.wrapping_add(ix.utf16_to_cp(u).unwrap_or(0));
        }
        black_box(acc);
    });
    report(
        "offsets: 1,000,000 cp->utf16->cp round trips",
        d,
        Some((n, "round trip")),
    );
    let d = median(|| {
        let mut acc = 0usize;
        for i in 0..n {
            acc = acc.wrapping_add(ix.cp_to_byte(black_box(cp_at(i))).unwrap_or(0));
        }
        black_box(acc);
    });
    report(
        "offsets: 1,000,000 cp->byte conversions",
        d,
        Some((n, "conversion")),
    );
    println!(
        "  (text: {} code points, {} UTF-16 units, {} bytes, {} non-ASCII)",
        thousands(ix.len_chars()),
        thousands(ix.len_utf16()),
        thousands(ix.len_bytes()),
        thousands(wide)
    );
}

/// `text` with a running number after every 8th word, so that the context
/// around any span is unique (the long text repeats the sample article, and
/// a span in a text that repeats cannot be re-anchored by its context).
fn numbered(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut words = 0usize;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() && in_word {
            words += 1;
            if words % 8 == 0 {
                out.push_str(&format!(" [{}]", words / 8));
            }
        }
        in_word = !c.is_whitespace();
        out.push(c);
    }
    out
}

/// A small deterministic generator (64-bit LCG), so every run annotates the
/// same way.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Code-point spans of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<Span> {
    let mut words = Vec::new();
    let mut start = None;
    for (cp, c) in text.chars().enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(cp),
            (true, Some(s)) => {
                words.push(Span::new(s, cp));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Span::new(s, text.chars().count()));
    }
    words
}

/// `count` annotations on `text`, 50 speakers: per ten annotations, four
/// quotes (6 to 25 words, a cue word after them, a stance on every other
/// one, every fifth in two parts), two claims and four mentions.
fn annotated(text: &str, count: usize) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "bench".into(),
            title: Some("A long article".into()),
            ..Metadata::default()
        },
        Document::new(text),
    );
    let speakers = 50;
    for s in 0..speakers {
        let mut speaker = Speaker::new(format!("s{s}"), format!("Speaker Number {s}"));
        speaker.aliases.push(format!("Number {s}"));
        speaker.role = Some("spokesperson".into());
        doc.speakers.push(speaker);
    }
    let words = word_spans(doc.text.text());
    let mut rng = Lcg(42);
    let stride = words.len() / count;
    let stances = ["favor", "against", "neutral", "none", "unclear"];
    let checkworthiness = ["checkworthy", "factual_not_checkworthy", "not_factual"];
    let claim_types = ["quantity", "causal", "law_rule", "prediction", "other"];
    for i in 0..count {
        let at = (i * stride + rng.below(stride)).min(words.len() - 30);
        let speaker = format!("s{}", rng.below(speakers));
        let over = |from: usize, n: usize| Span::new(words[from].start, words[from + n - 1].end);
        let annotation = match i % 10 {
            0..=3 => {
                let n = 6 + rng.below(20);
                let spans = if i % 5 == 0 {
                    let first = n / 2;
                    vec![over(at, first), over(at + first + 1, n - first - 1)]
                } else {
                    vec![over(at, n)]
                };
                let mut quote = Annotation::new(format!("q{i}"), Kind::Quote, spans);
                quote.speaker = Some(speaker);
                quote.quote_type = Some(["direct", "indirect", "mixed"][i % 3].into());
                quote.cue = Some(words[at + n]);
                if i % 2 == 0 {
                    quote.stance = Some(Stance {
                        target: StanceTarget::Text("Russia".into()),
                        label: stances[rng.below(stances.len())].into(),
                    });
                }
                quote
            }
            4 | 5 => {
                let mut claim = Annotation::new(
                    format!("c{i}"),
                    Kind::Claim,
                    vec![over(at, 4 + rng.below(12))],
                );
                claim.speaker = (i % 3 != 0).then_some(speaker);
                claim.checkworthiness = Some(checkworthiness[rng.below(3)].into());
                claim.claim_type = Some(claim_types[rng.below(claim_types.len())].into());
                claim.note = "checked, \"with quotes\"".into();
                claim
            }
            _ => {
                let mut mention = Annotation::new(format!("m{i}"), Kind::Mention, vec![words[at]]);
                mention.speaker = Some(speaker);
                mention
            }
        };
        doc.annotations.push(annotation);
    }
    doc
}

/// Export and re-import of `doc` in every format: median times, sizes, and
/// whether the document came back unchanged.
fn bench_formats(text: &str) {
    let n = 10_000;
    println!(
        "formats: export and re-import of 10,000 annotations on the 100,000-word text, \
         numbered every 8 words ({} tokens)",
        thousands(text.split_whitespace().count())
    );
    let doc = annotated(text, n);
    assert!(
        attrib_core::validate::validate(&doc).is_empty(),
        "the benchmark document is valid"
    );
    let docs = std::slice::from_ref(&doc);
    for format in Format::ALL {
        if !format_runs(format) {
            continue;
        }
        let files = match formats::export(docs, format) {
            Ok(files) => files,
            Err(e) => {
                println!("{format}: export failed: {e}");
                continue;
            }
        };
        let size: usize = files.iter().map(|f| f.contents.len()).sum();
        let d = median(|| {
            black_box(formats::export(black_box(docs), format).ok());
        });
        report(&format!("  export {format}"), d, Some((n, "annotation")));
        let main = files
            .iter()
            .find(|f| f.extension != "txt" || files.len() == 1)
            .map_or("", |f| f.contents.as_str());
        let given_text =
            (format == Format::Brat || !format.carries_text() || format == Format::Csv)
                .then_some(doc.text.text());
        let imported = formats::import(main, Some(format), given_text);
        let outcome = match &imported {
            Ok(imported) if imported.documents.first() == Some(&doc) => "same document".to_string(),
            Ok(imported) => match imported.documents.first() {
                Some(back) if back.annotations == doc.annotations => {
                    "same annotations (documented losses elsewhere)".to_string()
                }
                Some(back) => format!(
                    "DIFFERS: {} of {} annotations equal",
                    back.annotations
                        .iter()
                        .zip(&doc.annotations)
                        .filter(|(a, b)| a == b)
                        .count(),
                    doc.annotations.len()
                ),
                None => "DIFFERS: no document".to_string(),
            },
            Err(e) => format!("import failed: {e}"),
        };
        if imported.is_ok() {
            let d = median(|| {
                black_box(formats::import(black_box(main), Some(format), given_text).ok());
            });
            report(&format!("  import {format}"), d, Some((n, "annotation")));
        }
        println!(
            "    {format}: {} bytes in {} file(s); round trip: {outcome}",
            thousands(size),
            files.len()
        );
    }
}

/// Import of the native export onto a text edited at its start, so that no
/// span is at its offsets and every one is re-anchored by its exact text
/// and context.
fn bench_reanchoring(text: &str) {
    let n = 10_000;
    let doc = annotated(text, n);
    let Ok(files) = formats::export(std::slice::from_ref(&doc), Format::Native) else {
        println!("re-anchoring: export failed");
        return;
    };
    let edited = format!("Updated: {text}");
    time_reanchoring(
        "re-anchor json: 10,000 annotations, edited text",
        &files[0].contents,
        &edited,
        n,
    );
}

/// Times importing the native export `input` onto `edited` (every span
/// re-anchored), then says how many annotations were placed.
fn time_reanchoring(label: &str, input: &str, edited: &str, n: usize) {
    let d = median(|| {
        black_box(formats::import(black_box(input), Some(Format::Native), Some(edited)).ok());
    });
    report(label, d, Some((n, "annotation")));
    match formats::import(input, Some(Format::Native), Some(edited)) {
        Ok(imported) => {
            let placed = imported
                .documents
                .first()
                .map_or(0, |d| d.annotations.len());
            println!(
                "    {placed} annotations placed, {} spans unplaced (ambiguous or not found)",
                imported.unplaced.len()
            );
        }
        Err(e) => println!("    import failed: {e}"),
    }
}

/// Import of the native export of 10,000 one-word spans on common words
/// ("the", "in", "said", ...) onto the text edited near its start: each
/// word occurs thousands of times, so only the position and the context
/// tell the occurrences apart. On the numbered text the context of every
/// span is unique; on the repeating text (the sample article over and over)
/// it occurs once per repetition, the hardest case for the search.
fn bench_common_words(text: &str, which: &str) {
    let n = 10_000;
    let common = [
        "the", "in", "of", "and", "to", "a", "said", "that", "is", "on",
    ];
    let words = word_spans(text);
    let chars: Vec<char> = text.chars().collect();
    let common_spans: Vec<Span> = words
        .iter()
        .copied()
        .filter(|w| {
            let word: String = chars[w.start..w.end].iter().collect();
            common.contains(&word.as_str())
        })
        .collect();
    assert!(
        common_spans.len() >= n,
        "the benchmark text has {} common words",
        common_spans.len()
    );
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "common".into(),
            ..Metadata::default()
        },
        Document::new(text),
    );
    doc.speakers.push(Speaker::new("s0", "Speaker Zero"));
    for i in 0..n {
        let span = common_spans[i * common_spans.len() / n];
        let mut mention = Annotation::new(format!("m{i}"), Kind::Mention, vec![span]);
        mention.speaker = Some("s0".into());
        doc.annotations.push(mention);
    }
    let Ok(files) = formats::export(std::slice::from_ref(&doc), Format::Native) else {
        println!("re-anchoring common words: export failed");
        return;
    };
    // The edit: a word inserted after the first 200 code points (at a word
    // boundary), so every later span moves by the same amount.
    let at = words.iter().find(|w| w.start >= 200).map_or(0, |w| w.start);
    let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    let edited = format!("{}revised {}", &text[..byte], &text[byte..]);
    time_reanchoring(
        &format!("re-anchor json: 10,000 common words, {which}"),
        &files[0].contents,
        &edited,
        n,
    );
}

/// The groups `ATTRIB_BENCH` asks for (see the module doc): `None` runs
/// them all.
fn wanted() -> Option<Vec<String>> {
    let filter = std::env::var("ATTRIB_BENCH").unwrap_or_default();
    let groups: Vec<String> = filter
        .split(',')
        .map(|g| g.trim().to_lowercase())
        .filter(|g| !g.is_empty())
        .collect();
    (!groups.is_empty()).then_some(groups)
}

/// Whether group `name` runs.
fn runs(name: &str) -> bool {
    wanted().is_none_or(|groups| {
        groups
            .iter()
            .any(|g| g == name || g.split_once(':').is_some_and(|(g, _)| g == name))
    })
}

/// Whether `format` runs in the format group: every format unless
/// `ATTRIB_BENCH` names some as `formats:NAME`.
fn format_runs(format: Format) -> bool {
    let Some(groups) = wanted() else {
        return true;
    };
    let named: Vec<&str> = groups
        .iter()
        .filter_map(|g| g.strip_prefix("formats:"))
        .collect();
    named.is_empty()
        || named
            .iter()
            .any(|n| *n == format.to_string().to_lowercase())
}

fn main() {
    println!(
        "attrib-core benchmarks (median of {} runs)",
        runs_per_case()
    );
    let text = long_text(100_000);
    if runs("offsets") {
        bench_offsets(&text);
    }
    let numbered = numbered(&text);
    if runs("formats") {
        bench_formats(&numbered);
    }
    if runs("reanchor") {
        bench_reanchoring(&numbered);
        bench_common_words(&numbered, "numbered text");
        bench_common_words(&text, "repeating text");
    }
    if runs("suggest") {
        bench_suggest(&text);
    }
    if runs("eval") {
        evaluate_gold();
    }
}

fn bench_suggest(text: &str) {
    let doc = AnnotatedDocument::new(Metadata::default(), Document::new(text));
    let words = text.split_whitespace().count();
    // Check once, outside the timing, that there is work to measure.
    let found = suggest::suggest(&doc);
    let quotes = found.indices_of(&Kind::Quote).len();
    assert!(quotes > 1000, "the benchmark text gave {quotes} quotes");
    report(
        "suggest: 100k-word text (quotes, cues, speakers)",
        median(|| {
            black_box(suggest::suggest(black_box(&doc)));
        }),
        Some((words, "word")),
    );
    println!(
        "  ({} words, {} quotes, {} speakers suggested)",
        thousands(words),
        thousands(quotes),
        found.speakers.len()
    );
}

/// The suggester scored against the committed gold files, as
/// `attrib eval` prints it.
fn evaluate_gold() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut paths = vec![std::path::PathBuf::from(root).join("sample-annotated.json")];
    let mut gold: Vec<_> = std::fs::read_dir(format!("{root}/gold"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    gold.sort();
    paths.extend(gold);
    println!("\nsuggest: evaluation on the committed gold (overlap = |∩|/|∪| >= 0.5)");
    println!(
        "{:<30} {:>4} {:>4}  {:>17}  {:>17}  {:>6} {:>7}",
        "file / quotes", "gold", "sugg", "exact P/R/F1 %", "overlap P/R/F1 %", "cue %", "speaker %"
    );
    let mut total = Evaluation::default();
    for path in &paths {
        let input = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(imported) = formats::import(&input, Some(Format::Native), None) else {
            println!("{}: unreadable", path.display());
            continue;
        };
        let mut e = Evaluation::default();
        for doc in &imported.documents {
            e.add(&evaluate(doc));
        }
        total.add(&e);
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        eval_row(&format!("{name} (all)"), &e.all);
    }
    eval_row("TOTAL direct quotes", &total.direct);
    eval_row("TOTAL all quotes", &total.all);
}

fn eval_row(name: &str, c: &Counts) {
    let pct = |x: f64| x * 100.0;
    let (e, o) = (c.exact_prf(), c.overlap_prf());
    let acc = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1}", pct(x)));
    println!(
        "{name:<30} {:>4} {:>4}  {:>5.1} {:>5.1} {:>5.1}  {:>5.1} {:>5.1} {:>5.1}  {:>6} {:>7}",
        c.gold,
        c.suggested,
        pct(e.precision),
        pct(e.recall),
        pct(e.f1),
        pct(o.precision),
        pct(o.recall),
        pct(o.f1),
        acc(c.cue_accuracy()),
        acc(c.speaker_accuracy()),
    );
}
