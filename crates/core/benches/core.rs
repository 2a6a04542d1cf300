//! Benchmarks for attrib-core, run by `cargo xtask bench`. Each case runs
//! several times and reports the median; timing goals live here, never in
//! pass/fail tests.

use std::hint::black_box;
use std::time::{Duration, Instant};

use attrib_core::text::Document;

const RUNS: usize = 7;

/// Runs `f` RUNS times and returns the median duration.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
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

fn bench_offsets() {
    let text = long_text(100_000);
    let doc = Document::new(&text);
    report(
        "document: build 100k-word text + index",
        median(|| {
            black_box(Document::new(black_box(&text)));
        }),
        None,
    );
    let ix = doc.index();
    let n = 1_000_000;
    let len = ix.len_chars();
    let d = median(|| {
        let mut acc = 0usize;
        for i in 0..n {
            let cp = (i * 7919) % len;
            let u = ix.cp_to_utf16(cp).unwrap_or(0);
            acc = acc.wrapping_add(ix.utf16_to_cp(u).unwrap_or(0));
        }
        black_box(acc);
    });
    report(
        "offsets: 1,000,000 cp->utf16->cp round trips",
        d,
        Some((n, "round trip")),
    );
}

fn main() {
    println!("attrib-core benchmarks (median of {RUNS} runs)");
    bench_offsets();
}
