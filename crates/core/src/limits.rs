//! The limits on what Attrib opens, in one place: the app (before it reads
//! a file or loads pasted text) and the `attrib` command (before it reads a
//! file) check them, and [`crate::formats::open`] checks them again on what
//! it is given, so a file too big, too long or too deep is refused with a
//! message naming the limit instead of exhausting the tab or the terminal.
//!
//! Each limit is far beyond any news article and its annotations (the
//! longest test article, about 100,000 words, is some 600,000 code points
//! with a few thousand annotations), and small enough that the page stays
//! responsive while it opens and shows the document.

use std::fmt;

/// The largest file opened: 48 MiB (a corpus of 10,000 news articles is
/// about 34 MB as JSONL).
pub const MAX_FILE_BYTES: u64 = 48 * 1024 * 1024;

/// The longest article text of one document, in Unicode code points (about
/// 330,000 words).
pub const MAX_TEXT_CHARS: usize = 2_000_000;

/// The most annotations in one document.
pub const MAX_ANNOTATIONS: usize = 100_000;

/// The deepest nesting of a JSON file (objects and arrays inside each
/// other); Attrib's own files nest about 6 deep.
pub const MAX_JSON_DEPTH: usize = 64;

/// What went over which limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// A file of `bytes` bytes.
    FileBytes { bytes: u64 },
    /// An article text of `chars` code points.
    TextChars { chars: usize },
    /// An article text of at least `chars` code points (told from its
    /// length in UTF-16 units, without counting: [`check_utf16_len`]).
    TextAtLeast { chars: usize },
    /// A document with `count` annotations.
    Annotations { count: usize },
    /// JSON nested deeper than the limit, first at `line` (1-based).
    JsonDepth { line: usize },
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Exceeded::FileBytes { bytes } => write!(
                f,
                "the file is {}, and Attrib opens files up to {}",
                size_label(bytes),
                size_label(MAX_FILE_BYTES)
            ),
            Exceeded::TextChars { chars } => write!(
                f,
                "the text is {} characters long, and Attrib opens articles up to {} characters",
                thousands(chars),
                thousands(MAX_TEXT_CHARS)
            ),
            Exceeded::TextAtLeast { chars } => write!(
                f,
                "the text is at least {} characters long, and Attrib opens articles up to {} \
                 characters",
                thousands(chars),
                thousands(MAX_TEXT_CHARS)
            ),
            Exceeded::Annotations { count } => write!(
                f,
                "a document holds {} annotations, and Attrib opens up to {} per document",
                thousands(count),
                thousands(MAX_ANNOTATIONS)
            ),
            Exceeded::JsonDepth { line } => write!(
                f,
                "the JSON is nested more than {MAX_JSON_DEPTH} levels deep (at line {line}), \
                 and no Attrib or annotation-tool file nests that deep"
            ),
        }
    }
}

/// Refuses a file of `bytes` bytes over [`MAX_FILE_BYTES`]; callers check
/// before reading it.
pub fn check_file_bytes(bytes: u64) -> Result<(), Exceeded> {
    if bytes > MAX_FILE_BYTES {
        Err(Exceeded::FileBytes { bytes })
    } else {
        Ok(())
    }
}

/// Refuses a text over [`MAX_TEXT_CHARS`] code points. A text of no more
/// bytes than the limit is within it, so only longer ones are counted.
pub fn check_text(text: &str) -> Result<(), Exceeded> {
    if text.len() <= MAX_TEXT_CHARS {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        Err(Exceeded::TextChars { chars })
    } else {
        Ok(())
    }
}

/// Decides [`check_text`] from a text's length in UTF-16 units (what a
/// browser's text box says at once, without copying the text): each code
/// point is one or two units, so a text of at most [`MAX_TEXT_CHARS`] units
/// is within the limit and one of more than twice that is surely over it.
/// `None` in the band between, where only counting (`check_text`) tells.
pub fn check_utf16_len(units: usize) -> Option<Result<(), Exceeded>> {
    if units <= MAX_TEXT_CHARS {
        Some(Ok(()))
    } else if units > 2 * MAX_TEXT_CHARS {
        Some(Err(Exceeded::TextAtLeast {
            chars: units.div_ceil(2),
        }))
    } else {
        None
    }
}

/// Refuses a document with more than [`MAX_ANNOTATIONS`] annotations.
pub fn check_annotations(count: usize) -> Result<(), Exceeded> {
    if count > MAX_ANNOTATIONS {
        Err(Exceeded::Annotations { count })
    } else {
        Ok(())
    }
}

/// Refuses JSON (one value, or several one after another as in JSONL)
/// nested deeper than [`MAX_JSON_DEPTH`], by one pass over its bytes that
/// skips strings: no parse, so a hostile file cannot exhaust the stack.
pub fn check_json_depth(json: &str) -> Result<(), Exceeded> {
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in json.as_bytes() {
        if byte == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(Exceeded::JsonDepth { line });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A byte count as people read it: "812 bytes", "3.4 KB", "32 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = KB * 1024.0;
    let value = bytes as f64;
    let (amount, unit) = if value < KB {
        return format!("{bytes} bytes");
    } else if value < MB {
        (value / KB, "KB")
    } else {
        (value / MB, "MB")
    };
    if amount.fract() == 0.0 {
        format!("{amount:.0} {unit}")
    } else {
        format!("{amount:.1} {unit}")
    }
}

/// A count with thousands separated: "2,000,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_read_as_people_write_them() {
        assert_eq!(size_label(812), "812 bytes");
        assert_eq!(size_label(3 * 1024 + 400), "3.4 KB");
        assert_eq!(size_label(MAX_FILE_BYTES), "48 MB");
        assert_eq!(size_label(50 * 1024 * 1024 + 1024 * 512), "50.5 MB");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_000_000), "2,000,000");
    }

    #[test]
    fn each_limit_lets_its_value_through_and_refuses_one_more() {
        assert_eq!(check_file_bytes(MAX_FILE_BYTES), Ok(()));
        assert_eq!(
            check_file_bytes(MAX_FILE_BYTES + 1),
            Err(Exceeded::FileBytes {
                bytes: MAX_FILE_BYTES + 1
            })
        );
        assert_eq!(check_annotations(MAX_ANNOTATIONS), Ok(()));
        assert!(check_annotations(MAX_ANNOTATIONS + 1).is_err());
        // Counted in code points, not bytes: "é" is two bytes.
        assert_eq!(check_text(&"é".repeat(MAX_TEXT_CHARS)), Ok(()));
        assert_eq!(
            check_text(&"é".repeat(MAX_TEXT_CHARS + 1)),
            Err(Exceeded::TextChars {
                chars: MAX_TEXT_CHARS + 1
            })
        );
    }

    #[test]
    fn a_text_length_in_utf16_units_decides_only_outside_the_band() {
        let units = |s: &str| s.encode_utf16().count();
        assert_eq!(check_utf16_len(MAX_TEXT_CHARS), Some(Ok(())));
        assert_eq!(check_utf16_len(MAX_TEXT_CHARS + 1), None);
        assert_eq!(check_utf16_len(2 * MAX_TEXT_CHARS), None);
        let over = 20 * 1024 * 1024;
        assert_eq!(
            check_utf16_len(over),
            Some(Err(Exceeded::TextAtLeast { chars: 10_485_760 }))
        );
        // Agrees with counting wherever it decides: the most code points
        // a text of `n` units can hold (all one unit) and the fewest (all
        // two), here around both ends of the band.
        for n in [
            MAX_TEXT_CHARS - 1,
            MAX_TEXT_CHARS,
            2 * MAX_TEXT_CHARS + 1,
            2 * MAX_TEXT_CHARS + 2,
        ] {
            let narrow = "x".repeat(n);
            let wide = "😀".repeat(n / 2) + &"x".repeat(n % 2);
            for text in [narrow, wide] {
                assert_eq!(units(&text), n);
                if let Some(decided) = check_utf16_len(n) {
                    assert_eq!(decided.is_ok(), check_text(&text).is_ok(), "{n} units");
                }
                if let Some(Err(Exceeded::TextAtLeast { chars })) = check_utf16_len(n) {
                    assert!(text.chars().count() >= chars, "{n} units");
                }
            }
        }
    }

    #[test]
    fn json_depth_is_counted_outside_strings_and_located() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(check_json_depth(&deep(MAX_JSON_DEPTH)), Ok(()));
        assert_eq!(
            check_json_depth(&format!("\n\n{}", deep(MAX_JSON_DEPTH + 1))),
            Err(Exceeded::JsonDepth { line: 3 })
        );
        let brackets_in_a_string = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(500), "{");
        assert_eq!(check_json_depth(&brackets_in_a_string), Ok(()));
        // Lines of a JSONL file each start again at the top.
        let lines = format!("{}\n", deep(MAX_JSON_DEPTH)).repeat(3);
        assert_eq!(check_json_depth(&lines), Ok(()));
    }

    #[test]
    fn messages_name_the_limit() {
        let bytes = Exceeded::FileBytes {
            bytes: 50 * 1024 * 1024,
        };
        assert_eq!(
            bytes.to_string(),
            "the file is 50 MB, and Attrib opens files up to 48 MB"
        );
        let text = Exceeded::TextChars { chars: 20_000_000 }.to_string();
        assert!(text.contains("up to 2,000,000 characters"), "{text}");
        let paste = Exceeded::TextAtLeast { chars: 10_485_760 }.to_string();
        assert_eq!(
            paste,
            "the text is at least 10,485,760 characters long, and Attrib opens articles up to \
             2,000,000 characters"
        );
        let many = Exceeded::Annotations { count: 1_000_000 }.to_string();
        assert!(many.contains("up to 100,000 per document"), "{many}");
        let deep = Exceeded::JsonDepth { line: 1 }.to_string();
        assert!(deep.contains("more than 64 levels"), "{deep}");
    }
}
