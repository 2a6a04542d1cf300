//! The assignment link: `BASE#a=PAYLOAD`, where PAYLOAD is the assignment
//! file (compact JSON) deflated (raw DEFLATE, miniz_oxide level 9) and
//! base64url-encoded without padding. The fragment after `#` is never sent
//! to a server by a browser, so the article and any key stay on the
//! machines of the teacher and the students. The file's own `version`
//! says which version the link is.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::file::AssignmentError;
use super::Assignment;

/// The longest link this builds, in bytes: longer links are cut short by
/// some mail and chat programs. Above it, hand out the file.
pub const LINK_LIMIT: usize = 16_000;

/// The key of the fragment parameter holding the assignment.
pub const FRAGMENT_KEY: &str = "a";

/// The most an assignment may inflate to (a guard against a crafted link).
const INFLATED_LIMIT: usize = 8 * 1024 * 1024;

/// Why a link cannot be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link would be longer than [`LINK_LIMIT`].
    #[error(
        "the link would be {bytes} bytes, more than the {LINK_LIMIT} a link can safely hold; \
         hand out the assignment file instead"
    )]
    TooLong { bytes: usize },
    /// The fragment has no `a=` part.
    #[error("the link holds no assignment (nothing after \"#a=\")")]
    NoAssignment,
    /// The payload is not base64url, does not inflate, or is not JSON:
    /// usually a link cut short when copied.
    #[error("the link is damaged (was it copied whole?): {0}")]
    Damaged(String),
    /// Made by a newer Attrib.
    #[error(
        "the link holds assignment version {0}, which this Attrib does not read; open it with a \
         newer Attrib"
    )]
    UnknownVersion(u64),
    /// The assignment inside does not read, or cannot be written.
    #[error(transparent)]
    Assignment(AssignmentError),
}

/// The link to `assignment` under `base_url` (any fragment of it is
/// replaced): `https://example.org/attrib/#a=…`. Refused above
/// [`LINK_LIMIT`] bytes.
pub fn encode_link(assignment: &Assignment, base_url: &str) -> Result<String, LinkError> {
    let json = assignment
        .to_compact_json()
        .map_err(LinkError::Assignment)?;
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let base = base_url.split('#').next().unwrap_or(base_url);
    let link = format!("{base}#{FRAGMENT_KEY}={}", URL_SAFE_NO_PAD.encode(deflated));
    if link.len() > LINK_LIMIT {
        return Err(LinkError::TooLong { bytes: link.len() });
    }
    Ok(link)
}

/// The assignment in a link's fragment: takes a whole link, a fragment
/// with or without its `#`, and finds `a=` among `&`-separated parts.
pub fn decode_link(fragment: &str) -> Result<Assignment, LinkError> {
    let fragment = fragment
        .trim()
        .split_once('#')
        .map_or(fragment.trim(), |(_, f)| f);
    let payload = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY)?.strip_prefix('='))
        .filter(|p| !p.is_empty())
        .ok_or(LinkError::NoAssignment)?;
    let deflated = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| LinkError::Damaged(format!("not base64url: {e}")))?;
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, INFLATED_LIMIT)
        .map_err(|e| LinkError::Damaged(format!("does not inflate: {}", e.status as i32)))?;
    let json = String::from_utf8(inflated)
        .map_err(|_| LinkError::Damaged("the assignment inside is not text".into()))?;
    Assignment::from_json(&json).map_err(|err| match err {
        AssignmentError::UnknownVersion(v) => LinkError::UnknownVersion(v),
        AssignmentError::Syntax { message, .. }
            if serde_json::from_str::<serde_json::Value>(&json).is_err() =>
        {
            LinkError::Damaged(message)
        }
        err => LinkError::Assignment(err),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assignment::Preset;
    use crate::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span};
    use crate::text::Document;

    fn assignment(text: &str) -> Assignment {
        let doc = AnnotatedDocument::new(
            Metadata {
                id: "talks".into(),
                ..Metadata::default()
            },
            Document::new(text),
        );
        Assignment::from_preset(&doc, Preset::WhoSaidIt)
    }

    /// A 1,500-word article from the sample article's words, picked in a
    /// pseudo-random order (a fixed sequence): no phrase repeats, so it
    /// deflates worse than a real article would.
    fn article_of_1500_words() -> String {
        let sample = include_str!("../../../../static/sample-article.txt");
        let vocabulary: Vec<&str> = sample.split_whitespace().collect();
        let mut state: u64 = 1;
        let words: Vec<&str> = (0..1500)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                vocabulary[(state >> 33) as usize % vocabulary.len()]
            })
            .collect();
        words
            .chunks(60)
            .map(|c| c.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn a_link_reads_back_the_same_assignment() {
        let mut a = assignment("“We lost 😀,” Kerry said.");
        let mut key = a.blank_document();
        key.annotations
            .push(Annotation::new("q1", Kind::Quote, vec![Span::new(0, 12)]));
        a.set_key(&key).expect("same text");
        let link = encode_link(&a, "https://example.org/attrib/#old").expect("short");
        assert!(link.starts_with("https://example.org/attrib/#a="), "{link}");
        assert_eq!(decode_link(&link), Ok(a.clone()));
        let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or_default();
        assert_eq!(decode_link(fragment), Ok(a));
    }

    #[test]
    fn a_damaged_link_says_so_and_an_empty_one_holds_nothing() {
        let link = encode_link(&assignment("“We lost,” Kerry said."), "x").expect("short");
        let cut = &link[..link.len() - 10];
        assert!(matches!(decode_link(cut), Err(LinkError::Damaged(_))));
        assert!(matches!(decode_link("#a=***"), Err(LinkError::Damaged(_))));
        assert_eq!(decode_link("#b=1"), Err(LinkError::NoAssignment));
        assert_eq!(decode_link(""), Err(LinkError::NoAssignment));
    }

    #[test]
    fn a_link_from_a_newer_attrib_is_an_unknown_version() {
        let json = assignment("Text.")
            .to_compact_json()
            .expect("written")
            .replacen("\"version\":1", "\"version\":2", 1);
        let payload =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
        assert_eq!(
            decode_link(&format!("#a={payload}")),
            Err(LinkError::UnknownVersion(2))
        );
    }

    #[test]
    fn a_1500_word_article_with_its_key_makes_a_link_under_the_limit() {
        let text = article_of_1500_words();
        assert_eq!(text.split_whitespace().count(), 1500);
        let mut a = assignment(&text);
        let mut key = a.blank_document();
        for (i, start) in (0..text.chars().count() - 80).step_by(400).enumerate() {
            key.annotations.push(Annotation::new(
                format!("q{i}"),
                Kind::Quote,
                vec![Span::new(start, start + 80)],
            ));
        }
        a.set_key(&key).expect("same text");
        let link = encode_link(&a, "https://example.org/attrib/").expect("under the limit");
        assert!(link.len() < LINK_LIMIT, "{} bytes", link.len());
        assert_eq!(decode_link(&link), Ok(a));
    }

    #[test]
    fn a_link_over_the_limit_is_refused_with_the_advice_to_use_the_file() {
        // Text that does not compress: every word different.
        let text: String = (0..6000u32)
            .map(|i| format!("{:x} ", i.wrapping_mul(2_654_435_761)))
            .collect();
        let err = encode_link(&assignment(&text), "https://example.org/").expect_err("too long");
        assert!(matches!(err, LinkError::TooLong { bytes } if bytes > LINK_LIMIT));
        assert!(err.to_string().contains("assignment file"), "{err}");
    }
}
