//! Short, readable excerpts of the article for lists and messages:
//! whitespace runs folded to one space, long text cut with an ellipsis at a
//! grapheme-cluster boundary, so a character someone sees as one (an emoji
//! with a skin tone, a family, a flag, a letter with its accent) is never
//! split.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{AnnotatedDocument, Span};

/// The text of `spans` of `doc` joined with " … ", at most about `max`
/// characters. Each span gets an even share of the room (at least 12), so
/// the end of a quote interrupted by "he said" still shows. A span outside
/// the text shows as nothing.
pub fn spans_snippet(doc: &AnnotatedDocument, spans: &[Span], max: usize) -> String {
    if spans.is_empty() {
        return String::new();
    }
    let share = (max / spans.len()).max(12);
    spans
        .iter()
        .map(|s| snippet(doc.text.slice(*s).unwrap_or_default(), share))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// `text` with its whitespace folded, cut to at most `max` characters
/// (Unicode code points, the ellipsis included) when longer. The cut falls
/// between grapheme clusters; when the first cluster alone is longer than
/// the room, it is kept whole.
pub fn snippet(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let keep = max.saturating_sub(1).max(1);
    let mut end = 0;
    let mut chars = 0;
    for (at, cluster) in folded.grapheme_indices(true) {
        let count = cluster.chars().count();
        if chars + count > keep {
            if end == 0 {
                end = at + cluster.len();
            }
            break;
        }
        chars += count;
        end = at + cluster.len();
    }
    format!("{}…", folded[..end].trim_end())
}

/// A message with each value it quotes (between `"` or backticks, as
/// serde writes them) cut to at most `max` characters, so an error about a
/// megabyte-long value names it in a line, not a megabyte. A quote left
/// open runs to the end.
pub fn shorten_quoted(message: &str, max: usize) -> String {
    let mut out = String::with_capacity(message.len().min(4 * max + 256));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        let inner = &rest[open + 1..];
        let (value, after) = match inner.find(quote) {
            Some(close) => (&inner[..close], &inner[close..]),
            None => (inner, ""),
        };
        if value.chars().count() > max {
            out.push_str(&snippet(value, max));
        } else {
            out.push_str(value);
        }
        match after.strip_prefix(quote) {
            Some(tail) => {
                out.push_str(quote);
                rest = tail;
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metadata;
    use crate::text::Document;

    #[test]
    fn short_text_is_kept_with_whitespace_folded() {
        assert_eq!(snippet("  a\n\n b  ", 20), "a b");
        assert_eq!(snippet("", 5), "");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let s = snippet("The quick brown fox jumps over the lazy dog", 12);
        assert_eq!(s, "The quick b…");
        assert!(s.chars().count() <= 12);
        assert_eq!(
            snippet("The quick brown", 11),
            "The quick…",
            "no space before …"
        );
    }

    #[test]
    fn cuts_never_split_emoji_sequences_or_flags() {
        // Family emoji (ZWJ sequence), skin tone, flags.
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(snippet(&format!("ab{family}cdefgh"), 5), "ab…");
        assert_eq!(snippet(&format!("{family}cdefgh"), 2), format!("{family}…"));
        assert_eq!(snippet("ab👍🏽cdefgh", 4), "ab…");
        assert_eq!(snippet("a🇩🇪🇫🇷bcdefgh", 5), "a🇩🇪…");
        assert_eq!(snippet("e\u{301}xxxxxxxx", 2), "e\u{301}…");
    }

    #[test]
    fn cjk_is_counted_by_character() {
        assert_eq!(snippet("漢字かな交じり文です", 5), "漢字かな…");
    }

    #[test]
    fn spans_share_the_room_and_are_joined() {
        let doc = AnnotatedDocument::new(
            Metadata::default(),
            Document::new("“I lost the argument,” Kerry said, “and the vote.”"),
        );
        let spans = [Span::new(1, 20), Span::new(36, 48)];
        assert_eq!(
            spans_snippet(&doc, &spans, 100),
            "I lost the argument … and the vote"
        );
        assert_eq!(
            spans_snippet(&doc, &spans, 24),
            "I lost the… … and the vote"
        );
        assert_eq!(spans_snippet(&doc, &[], 24), "");
        assert_eq!(spans_snippet(&doc, &[Span::new(90, 95)], 24), "");
    }

    #[test]
    fn long_quoted_values_are_cut_and_the_rest_kept() {
        let long = "x".repeat(1_000_000);
        let message = format!("unknown variant `{long}`, expected `quote` or `claim`");
        let short = shorten_quoted(&message, 40);
        assert_eq!(
            short,
            format!(
                "unknown variant `{}…`, expected `quote` or `claim`",
                "x".repeat(39)
            )
        );
        let open = format!("invalid type: string \"{long}");
        assert_eq!(
            shorten_quoted(&open, 10),
            format!("invalid type: string \"{}…", "x".repeat(9))
        );
        assert_eq!(shorten_quoted("no quotes", 3), "no quotes");
    }
}
