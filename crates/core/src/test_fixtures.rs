//! Fixture documents shared by the tests of several modules.

use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker, Stance, StanceTarget,
};

/// A small document for tests: an emoji first, so code points, UTF-16
/// units and bytes all differ before every span.
///
/// ```text
/// 😀 “I lost the argument,” Kerry said to Lavrov.\nSales rose 5%.
/// ```
///
/// | id | kind    | code points | UTF-16  |
/// |----|---------|-------------|---------|
/// | m1 | mention | 25..30      | 26..31  |
/// | q1 | quote   | 2..24       | 3..25   |
/// |    | its cue | 31..35      | 32..36  |
/// | m2 | mention | 39..45      | 40..46  |
/// | c1 | claim   | 47..61      | 48..62  |
pub(crate) fn kerry() -> AnnotatedDocument {
    let text = crate::text::Document::new(
        "😀 “I lost the argument,” Kerry said to Lavrov.\nSales rose 5%.",
    );
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "syria-talks".into(),
            title: Some("US-Russian talks in Syria fail".into()),
            author: Some("Andy Wolf".into()),
            ..Metadata::default()
        },
        text,
    );
    let mut kerry = Speaker::new("s1", "John Kerry");
    kerry.aliases = vec!["Kerry".into()];
    kerry.role = Some("US Secretary of State".into());
    doc.speakers = vec![kerry, Speaker::new("s2", "Sergei Lavrov")];
    let mut m1 = Annotation::new("m1", Kind::Mention, vec![Span::new(25, 30)]);
    m1.speaker = Some("s1".into());
    let mut q1 = Annotation::new("q1", Kind::Quote, vec![Span::new(2, 24)]);
    q1.speaker = Some("s1".into());
    q1.cue = Some(Span::new(31, 35));
    q1.quote_type = Some("direct".into());
    q1.stance = Some(Stance {
        target: StanceTarget::Text("Russia".into()),
        label: "against".into(),
    });
    q1.note = "checked against the video".into();
    let mut m2 = Annotation::new("m2", Kind::Mention, vec![Span::new(39, 45)]);
    m2.speaker = Some("s2".into());
    let mut c1 = Annotation::new("c1", Kind::Claim, vec![Span::new(47, 61)]);
    c1.checkworthiness = Some("checkworthy".into());
    c1.claim_type = Some("quantity".into());
    doc.annotations = vec![m1, q1, m2, c1];
    doc
}

/// [`kerry`] with a second part to Kerry's quote after the cue, for the
/// formats that write multi-span annotations their own way:
///
/// ```text
/// 😀 “I lost the argument,” Kerry said to Lavrov, “I’ve argued for force.”\nSales rose 5%.
/// ```
///
/// q1's spans are 2..24 and 47..71; c1 moves to 72..86. The rest is as in
/// [`kerry`].
pub(crate) fn kerry_with_two_part_quote() -> AnnotatedDocument {
    let mut doc = kerry();
    let text =
        "😀 “I lost the argument,” Kerry said to Lavrov, “I’ve argued for force.”\nSales rose 5%.";
    doc.text = crate::text::Document::new(text);
    for a in &mut doc.annotations {
        match a.id.as_str() {
            "q1" => a.spans.push(span_of(text, "“I’ve argued for force.”")),
            "c1" => a.spans = vec![span_of(text, "Sales rose 5%.")],
            _ => {}
        }
    }
    doc
}

/// The code-point span of the first `needle` in `text`.
///
/// # Panics
///
/// If `text` has no `needle`: a fixture the test does not expect.
pub(crate) fn span_of(text: &str, needle: &str) -> Span {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in {text:?}"));
    let start = text[..byte].chars().count();
    Span::new(start, start + needle.chars().count())
}
