//! Agreement figures against values worked out by hand on tiny documents.
//! Units are the non-whitespace code points, so in "ab cd" they are a, b,
//! c and d.

use super::*;
use crate::model::{Annotation, Metadata, Span, Speaker, Stance, StanceTarget};
use crate::text::Document;

fn doc(id: &str, text: &str, annotations: Vec<Annotation>) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: id.into(),
            ..Metadata::default()
        },
        Document::new(text),
    );
    doc.annotations = annotations;
    doc
}

fn quote(id: &str, start: usize, end: usize) -> Annotation {
    Annotation::new(id, Kind::Quote, vec![Span::new(start, end)])
}

fn with_stance(mut a: Annotation, label: &str) -> Annotation {
    a.stance = Some(Stance {
        target: StanceTarget::Text("Russia".into()),
        label: label.into(),
    });
    a
}

fn with_speaker(mut a: Annotation, id: &str) -> Annotation {
    a.speaker = Some(id.into());
    a
}

fn annotator(name: &str, documents: Vec<AnnotatedDocument>) -> Annotator {
    Annotator {
        name: name.into(),
        documents,
    }
}

fn value(agreement: &Agreement, name: &str) -> Option<f64> {
    agreement
        .figure(name)
        .unwrap_or_else(|| panic!("no figure {name}"))
        .value
}

fn assert_close(agreement: &Agreement, name: &str, expected: f64) {
    let got = value(agreement, name).unwrap_or_else(|| panic!("{name} is undefined"));
    assert!(
        (got - expected).abs() < 1e-9,
        "{name}: {got}, expected {expected}"
    );
}

#[test]
fn identical_versions_agree_perfectly_wherever_a_figure_is_defined() {
    let text = "Kerry said we failed. Sales rose.";
    let mut claim = Annotation::new("c1", Kind::Claim, vec![Span::new(22, 33)]);
    claim.stance = Some(Stance {
        target: StanceTarget::Text("sales".into()),
        label: "favor".into(),
    });
    let annotations = vec![
        with_speaker(with_stance(quote("q1", 11, 20), "against"), "s1"),
        claim,
    ];
    let mut version = doc("d", text, annotations);
    version.speakers = vec![Speaker::new("s1", "Kerry")];
    let agreement = agree(
        &[
            annotator("ann", vec![version.clone()]),
            annotator("bob", vec![version]),
        ],
        DEFAULT_OVERLAP,
    );
    for name in [
        "f1_exact.quote",
        "f1_overlap.quote",
        "kappa.quote",
        "alpha.quote",
        "speaker_agreement.quote",
        "f1_exact.claim",
        "alpha.claim",
        "f1_overlap.all",
        "kappa.all",
        "alpha.all",
        "kappa.labels.stance",
        "alpha.labels.stance",
        "alpha.labels.quote_type",
    ] {
        assert_eq!(value(&agreement, name), Some(1.0), "{name}");
    }
    // One matched quote with one stance: no variation, so no kappa.
    let stance = agreement.figure("stance_kappa.quote").expect("figure");
    assert_eq!(stance.value, None);
    assert!(stance
        .undefined
        .as_deref()
        .is_some_and(|r| r.contains("no variation")));
    let mention = agreement.figure("f1_overlap.mention").expect("figure");
    assert_eq!(mention.value, None);
    assert!(mention
        .undefined
        .as_deref()
        .is_some_and(|r| r.contains("mention")));
    assert!(agreement.unmatched.is_empty());
    assert_eq!(agreement.documents.len(), 1);
}

/// "ab cd": ann quotes "ab", bob quotes "cd". Units a b c d: ann Q Q O O,
/// bob O O Q Q. Kappa: p_o = 0, p_e = ½·½ + ½·½ = ½, kappa = −1. Alpha:
/// n = 8, n_Q = n_O = 4, every unit disagrees (2 each, 8 in all),
/// D_e pairs = 64 − 16 − 16 = 32, alpha = 1 − 7·8/32 = −0.75.
#[test]
fn disjoint_annotation_gives_at_most_zero() {
    let agreement = agree(
        &[
            annotator("ann", vec![doc("d", "ab cd", vec![quote("q", 0, 2)])]),
            annotator("bob", vec![doc("d", "ab cd", vec![quote("q", 3, 5)])]),
        ],
        DEFAULT_OVERLAP,
    );
    assert_close(&agreement, "f1_exact.quote", 0.0);
    assert_close(&agreement, "f1_overlap.quote", 0.0);
    assert_close(&agreement, "kappa.quote", -1.0);
    assert_close(&agreement, "alpha.quote", -0.75);
    let speakers = agreement.figure("speaker_agreement.quote").expect("figure");
    assert_eq!(speakers.value, None, "no quote matched");
}

/// "ab cd": ann quotes "ab", bob marks nothing. F1 = 2·0 / (1 + 0) = 0.
/// Kappa: ann Q Q O O, bob O O O O; p_o = ½, p_e = ½·1 + ½·0 = ½, kappa
/// = 0. Alpha: n = 8, n_Q = 2, n_O = 6; units a and b disagree (2 each);
/// D_e pairs = 64 − 4 − 36 = 24; alpha = 1 − 7·4/24 = −1/6.
#[test]
fn a_silent_annotator_scores_zero_f1_and_kappa() {
    let agreement = agree(
        &[
            annotator("ann", vec![doc("d", "ab cd", vec![quote("q", 0, 2)])]),
            annotator("bob", vec![doc("d", "ab cd", vec![])]),
        ],
        DEFAULT_OVERLAP,
    );
    assert_close(&agreement, "f1_overlap.quote", 0.0);
    assert_close(&agreement, "kappa.quote", 0.0);
    assert_close(&agreement, "alpha.quote", -1.0 / 6.0);
    assert_eq!(agreement.figure("f1_overlap.quote").map(|f| f.n), Some(1));
}

/// Two texts, "ab cd" and "ef gh". ann and bob both quote "ab" and "gh";
/// cy holds only the first text and quotes "ab c" (0..4, so the quote
/// covers unit c too).
///
/// F1 exact: ann–bob 1, ann–cy 0, bob–cy 0: mean 1/3. F1 overlap: ann–cy
/// share 2 of 4 code points = 0.5, a match: all pairs 1.
///
/// Kappa: ann–bob agree on 8 units with variation: 1. ann–cy on the
/// first text: Q Q O O against Q Q Q O; p_o = ¾, p_e = ½·¾ + ½·¼ = ½,
/// kappa = ½; bob–cy the same. Mean 2/3.
///
/// Alpha, cy missing on the second text: unit c holds (O, O, Q), the only
/// disagreement: (9 − 4 − 1)/2 = 2. n = 12 + 8 = 20, n_Q = 7 + 4 = 11,
/// n_O = 9; D_e pairs = 400 − 121 − 81 = 198; alpha = 1 − 19·2/198 =
/// 80/99.
#[test]
fn three_annotators_with_one_missing_a_document() {
    let first = "ab cd";
    let second = "ef gh";
    let both = |name: &str| {
        annotator(
            name,
            vec![
                doc("one", first, vec![quote("q1", 0, 2)]),
                doc("two", second, vec![quote("q2", 3, 5)]),
            ],
        )
    };
    let cy = annotator("cy", vec![doc("one", first, vec![quote("q1", 0, 4)])]);
    let agreement = agree(&[both("ann"), both("bob"), cy], DEFAULT_OVERLAP);
    assert_close(&agreement, "f1_exact.quote", 1.0 / 3.0);
    assert_close(&agreement, "f1_overlap.quote", 1.0);
    assert_close(&agreement, "kappa.quote", 2.0 / 3.0);
    assert_close(&agreement, "alpha.quote", 80.0 / 99.0);
    assert_close(&agreement, "alpha.all", 80.0 / 99.0);
    assert!(agreement.unmatched.is_empty(), "{:?}", agreement.unmatched);
    let two = agreement
        .documents
        .iter()
        .find(|d| d.id == "two")
        .expect("second document");
    assert_eq!(two.annotators, ["ann", "bob"]);
    assert_eq!(two.missing, ["cy"]);
    // Nobody marked a claim: no variation, no kappa.
    let claims = agreement.figure("kappa.claim").expect("figure");
    assert_eq!(claims.value, None);
    assert!(claims.undefined.is_some());
}

/// Two matched quotes: the first attributed to "John Kerry" (alias
/// "Kerry") and to "kerry", the same person; the second to Kerry and to
/// Lavrov. Speaker agreement ½. Stances: (against, against) and (favor,
/// against): p_o = ½; ann ½ against ½ favor, bob all against, p_e = ½;
/// kappa 0.
#[test]
fn speakers_agree_by_name_or_alias_and_stances_by_kappa() {
    let text = "“We failed,” Kerry said. “We won,” he said.";
    let mut kerry = Speaker::new("s1", "John Kerry");
    kerry.aliases = vec!["Kerry".into()];
    let mut left = doc(
        "d",
        text,
        vec![
            with_speaker(with_stance(quote("q1", 0, 12), "against"), "s1"),
            with_speaker(with_stance(quote("q2", 25, 34), "favor"), "s1"),
        ],
    );
    left.speakers = vec![kerry];
    let mut right = doc(
        "d",
        text,
        vec![
            with_speaker(with_stance(quote("a", 0, 11), "against"), "k"),
            with_speaker(with_stance(quote("b", 25, 34), "against"), "l"),
        ],
    );
    right.speakers = vec![Speaker::new("k", " kerry"), Speaker::new("l", "Lavrov")];
    let agreement = agree(
        &[annotator("ann", vec![left]), annotator("bob", vec![right])],
        DEFAULT_OVERLAP,
    );
    assert_close(&agreement, "speaker_agreement.quote", 0.5);
    assert_close(&agreement, "stance_kappa.quote", 0.0);
    assert_close(&agreement, "f1_overlap.quote", 1.0);
    assert_close(&agreement, "f1_exact.quote", 0.5);
}

#[test]
fn documents_are_listed_worst_first() {
    let good = doc("good", "ab cd", vec![quote("q", 0, 2)]);
    let bad = doc("bad", "ef gh", vec![quote("q", 0, 2)]);
    let empty = doc("empty", "ij", vec![]);
    let moved = doc("bad", "ef gh", vec![quote("q", 3, 5)]);
    let agreement = agree(
        &[
            annotator("ann", vec![good.clone(), bad, empty.clone()]),
            annotator("bob", vec![empty, good, moved]),
        ],
        DEFAULT_OVERLAP,
    );
    let order: Vec<&str> = agreement.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(order, ["bad", "good", "empty"]);
    assert_eq!(
        agreement.documents[2].badness_key(),
        None,
        "nothing marked sorts last"
    );
}

#[test]
fn texts_that_do_not_match_are_listed_with_the_reason() {
    let agreement = agree(
        &[
            annotator(
                "ann",
                vec![
                    doc("shared", "same text", vec![]),
                    doc("edited", "first draft", vec![]),
                    doc("again", "same text", vec![]),
                ],
            ),
            annotator(
                "bob",
                vec![
                    doc("shared", "same text", vec![]),
                    doc("edited", "second draft", vec![]),
                    doc("own", "bob's alone", vec![]),
                ],
            ),
        ],
        DEFAULT_OVERLAP,
    );
    assert_eq!(agreement.documents.len(), 1);
    let reasons: Vec<(&str, &str, &str)> = agreement
        .unmatched
        .iter()
        .map(|u| (u.annotator.as_str(), u.document.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons
        .iter()
        .any(|(a, d, r)| *a == "ann" && *d == "again" && r.contains("holds this text twice")));
    assert!(reasons.iter().any(|(a, d, r)| *a == "ann"
        && *d == "edited"
        && r.contains("bob has a document with the same id but a different text")));
    assert!(reasons
        .iter()
        .any(|(a, d, r)| *a == "bob" && *d == "own" && r.contains("only bob has this text")));
}

#[test]
fn one_annotator_alone_compares_nothing_and_says_so() {
    let agreement = agree(
        &[annotator(
            "ann",
            vec![doc("d", "ab", vec![quote("q", 0, 2)])],
        )],
        DEFAULT_OVERLAP,
    );
    assert!(agreement.documents.is_empty());
    assert_eq!(agreement.unmatched.len(), 1);
    for figure in &agreement.figures {
        assert_eq!(figure.value, None, "{}", figure.name);
        assert!(figure.undefined.is_some(), "{}", figure.name);
    }
}

#[test]
fn custom_kinds_get_figures_of_their_own() {
    let evidence = |start, end| {
        Annotation::new(
            "e",
            Kind::Custom("evidence".into()),
            vec![Span::new(start, end)],
        )
    };
    let agreement = agree(
        &[
            annotator("ann", vec![doc("d", "ab cd", vec![evidence(0, 5)])]),
            annotator("bob", vec![doc("d", "ab cd", vec![evidence(0, 5)])]),
        ],
        DEFAULT_OVERLAP,
    );
    assert_close(&agreement, "f1_exact.evidence", 1.0);
    // Every unit covered by both: no variation.
    assert_eq!(value(&agreement, "alpha.evidence"), None);
}
