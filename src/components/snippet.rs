//! Short, readable excerpts of the article for lists: whitespace runs
//! folded to one space, long text cut with an ellipsis at a place that does
//! not split a character someone sees as one (an emoji with a skin tone, a
//! flag, a letter with its accent).

use attrib_core::model::{AnnotatedDocument, Span};

/// The text of `spans` joined with " … ", at most about `max` characters.
/// Each span gets an even share of the room, so the end of a quote
/// interrupted by "he said" still shows.
pub(crate) fn spans_snippet(doc: &AnnotatedDocument, spans: &[Span], max: usize) -> String {
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
/// (the ellipsis included) when longer.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    let folded = fold_whitespace(text);
    let count = folded.chars().count();
    if count <= max {
        return folded;
    }
    let keep = max.saturating_sub(1).max(1);
    let chars: Vec<char> = folded.chars().collect();
    let mut cut = keep.min(chars.len());
    // Step back while the cut would split a cluster; when the first
    // cluster alone is too long, keep it whole.
    while cut > 0 && splits_cluster(&chars, cut) {
        cut -= 1;
    }
    if cut == 0 {
        cut = 1;
        while cut < chars.len() && splits_cluster(&chars, cut) {
            cut += 1;
        }
    }
    let head: String = chars[..cut].iter().collect();
    format!("{}…", head.trim_end())
}

fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether cutting `chars` before index `cut` splits a visible character.
fn splits_cluster(chars: &[char], cut: usize) -> bool {
    let before = chars[cut - 1];
    let after = chars.get(cut).copied();
    if before == '\u{200D}' {
        return true;
    }
    if after.is_some_and(extends_previous) {
        return true;
    }
    // Flags are pairs of regional indicators: do not cut inside a pair.
    if is_regional_indicator(before) && after.is_some_and(is_regional_indicator) {
        let run = chars[..cut]
            .iter()
            .rev()
            .take_while(|c| is_regional_indicator(**c))
            .count();
        return run % 2 == 1;
    }
    false
}

/// Characters that attach to the one before them.
fn extends_previous(c: char) -> bool {
    matches!(c,
        '\u{200D}'                      // zero-width joiner
        | '\u{FE00}'..='\u{FE0F}'       // variation selectors
        | '\u{1F3FB}'..='\u{1F3FF}'     // skin tones
        | '\u{E0020}'..='\u{E007F}'     // tag characters
        | '\u{0300}'..='\u{036F}'       // combining diacritics
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{3099}'..='\u{309A}'       // kana voicing marks
    )
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_with_whitespace_folded() {
        assert_eq!(snippet("  a\n\n b  ", 20), "a b");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let s = snippet("The quick brown fox jumps over the lazy dog", 12);
        assert_eq!(s, "The quick b…");
        assert!(s.chars().count() <= 12);
    }

    #[test]
    fn cuts_never_split_emoji_sequences_or_flags() {
        // Family emoji (ZWJ sequence), skin tone, flags.
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(snippet(&format!("ab{family}cdefgh"), 5), "ab…");
        assert_eq!(snippet(&format!("{family}cdefgh"), 2), format!("{family}…"));
        let s = snippet("ab👍🏽cdefgh", 4);
        assert_eq!(s, "ab…");
        let s = snippet("a🇩🇪🇫🇷bcdefgh", 5);
        assert_eq!(s, "a🇩🇪…");
        let s = snippet("e\u{301}xxxxxxxx", 2);
        assert_eq!(s, "e\u{301}…");
    }

    #[test]
    fn cjk_is_counted_by_character() {
        assert_eq!(snippet("漢字かな交じり文です", 5), "漢字かな…");
    }
}
