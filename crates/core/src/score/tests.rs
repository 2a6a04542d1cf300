//! Scores against values worked out by hand. The text is 200 code points
//! of filler: only the offsets count.

use super::*;
use crate::model::{Annotation, Metadata, Span, Speaker, Stance, StanceTarget};
use crate::text::Document;

fn text() -> Document {
    Document::new(&"word ".repeat(40))
}

fn doc(annotations: Vec<Annotation>) -> AnnotatedDocument {
    let mut doc = AnnotatedDocument::new(Metadata::default(), text());
    doc.annotations = annotations;
    doc
}

fn ann(id: &str, kind: Kind, spans: &[(usize, usize)]) -> Annotation {
    Annotation::new(
        id,
        kind,
        spans.iter().map(|&(s, e)| Span::new(s, e)).collect(),
    )
}

fn quote(id: &str, start: usize, end: usize) -> Annotation {
    ann(id, Kind::Quote, &[(start, end)])
}

fn student(name: &str, document: AnnotatedDocument) -> Submission {
    Submission {
        student: name.into(),
        class_id: None,
        document,
    }
}

fn score(key: &AnnotatedDocument, work: AnnotatedDocument) -> StudentScore {
    score_student(key, &student("Ana", work), &ScoreOptions::default()).expect("same text")
}

/// A key with a quote by Kerry against Russia, a mention and a claim.
fn full_key() -> AnnotatedDocument {
    let mut kerry = Speaker::new("s1", "John Kerry");
    kerry.aliases.push("Kerry".into());
    let mut q = quote("q1", 0, 10);
    q.speaker = Some("s1".into());
    q.stance = Some(Stance {
        target: StanceTarget::Text("Russia".into()),
        label: "against".into(),
    });
    let mut m = ann("m1", Kind::Mention, &[(20, 25)]);
    m.speaker = Some("s1".into());
    let mut c = ann("c1", Kind::Claim, &[(40, 60)]);
    c.checkworthiness = Some("checkworthy".into());
    let mut key = doc(vec![q, m, c]);
    key.speakers.push(kerry);
    key
}

#[test]
fn identical_files_score_one_everywhere() {
    let key = full_key();
    let s = score(&key, key.clone());
    assert_eq!(
        s.overall,
        Tally {
            found: 3,
            missed: 0,
            extra: 0
        }
    );
    assert_eq!(
        (
            s.overall_prf.precision,
            s.overall_prf.recall,
            s.overall_prf.f1
        ),
        (1.0, 1.0, 1.0)
    );
    assert_eq!(s.kinds.len(), 3);
    assert!(s.kinds.iter().all(|k| k.prf.f1 == 1.0));
    assert_eq!(
        s.speaker,
        Accuracy {
            correct: 1,
            total: 1
        }
    );
    assert_eq!(s.stance.rate(), Some(1.0));
    assert_eq!(s.checkworthiness.rate(), Some(1.0));
}

#[test]
fn no_annotations_on_either_side_scores_one_with_nothing_to_find() {
    let s = score(&doc(vec![]), doc(vec![]));
    assert!(s.kinds.is_empty());
    assert_eq!(s.overall, Tally::default());
    assert_eq!(s.overall_prf.f1, 1.0);
    let asked = ScoreOptions {
        kinds: vec![Kind::Quote],
        ..ScoreOptions::default()
    };
    let s = score_student(&doc(vec![]), &student("Ana", doc(vec![])), &asked).expect("scored");
    assert_eq!(s.kinds[0].prf.f1, 1.0);
    assert_eq!(s.speaker.rate(), None, "nothing checked");
}

#[test]
fn an_empty_key_makes_every_mark_extra_and_precision_zero() {
    let s = score(&doc(vec![]), doc(vec![quote("x", 0, 10)]));
    assert_eq!(s.overall.extra, 1);
    assert_eq!(s.overall_prf.precision, 0.0);
    assert_eq!(s.overall_prf.recall, 1.0, "nothing was missed");
    assert_eq!(s.overall_prf.f1, 0.0);
    let blank = score(&doc(vec![quote("q", 0, 10)]), doc(vec![]));
    assert_eq!((blank.overall_prf.recall, blank.overall_prf.f1), (0.0, 0.0));
}

#[test]
fn total_disagreement_scores_zero() {
    let s = score(
        &doc(vec![quote("q1", 0, 10)]),
        doc(vec![quote("x", 50, 60)]),
    );
    assert_eq!(
        s.overall,
        Tally {
            found: 0,
            missed: 1,
            extra: 1
        }
    );
    assert_eq!(
        (
            s.overall_prf.precision,
            s.overall_prf.recall,
            s.overall_prf.f1
        ),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn one_key_span_matching_two_is_found_once_and_the_other_is_extra() {
    // 0..6 overlaps 0..10 by 6/10, 0..9 by 9/10: the better pairs.
    let key = doc(vec![quote("q1", 0, 10)]);
    let work = doc(vec![quote("a", 0, 6), quote("b", 0, 9)]);
    let s = score(&key, work.clone());
    assert_eq!(
        s.overall,
        Tally {
            found: 1,
            missed: 0,
            extra: 1
        }
    );
    // P = 1/2, R = 1, F1 = 2·1 / (2·1 + 0 + 1) = 2/3.
    assert_eq!(s.overall_prf.precision, 0.5);
    assert_eq!(s.overall_prf.f1, 2.0 / 3.0);
    let items = diff(&key, &student("Ana", work), &ScoreOptions::default()).expect("diff");
    let found = items.iter().find(|i| i.mark == Mark::Found).expect("found");
    assert_eq!(
        (found.student_id.as_deref(), found.overlap),
        (Some("b"), 0.9)
    );
}

#[test]
fn a_multi_span_quote_counts_the_code_points_of_all_its_spans() {
    // Key covers 0..4 and 6..10 (8 points). 0..10 shares 8 of 10 (0.8);
    // 2..8 shares 2..4 and 6..8 (4) of 0..10 (10): 0.4, below 0.5.
    let key = doc(vec![ann("q1", Kind::Quote, &[(0, 4), (6, 10)])]);
    let whole = score(&key, doc(vec![quote("a", 0, 10)]));
    assert_eq!(whole.overall.found, 1);
    let middle = score(&key, doc(vec![quote("a", 2, 8)]));
    assert_eq!((middle.overall.missed, middle.overall.extra), (1, 1));
}

#[test]
fn an_overlap_exactly_at_the_threshold_counts_and_below_it_does_not() {
    let key = doc(vec![quote("q1", 0, 10)]);
    assert_eq!(score(&key, doc(vec![quote("a", 5, 10)])).overall.found, 1);
    assert_eq!(score(&key, doc(vec![quote("a", 6, 10)])).overall.found, 0);
    let strict = ScoreOptions {
        threshold: 0.6,
        ..ScoreOptions::default()
    };
    let s = score_student(&key, &student("Ana", doc(vec![quote("a", 5, 10)])), &strict)
        .expect("scored");
    assert_eq!(s.overall.found, 0);
}

#[test]
fn a_speaker_is_right_by_any_alias_case_aside_and_wrong_by_another_name() {
    let key = full_key();
    let with_speaker = |speaker: Speaker| {
        let mut work = doc(vec![]);
        let mut q = quote("a", 0, 10);
        q.speaker = Some(speaker.id.clone());
        q.stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "favor".into(),
        });
        work.annotations.push(q);
        work.speakers.push(speaker);
        work
    };
    let right = score(&key, with_speaker(Speaker::new("x9", " kerry ")));
    assert_eq!(
        right.speaker,
        Accuracy {
            correct: 1,
            total: 1
        }
    );
    assert_eq!(
        right.stance,
        Accuracy {
            correct: 0,
            total: 1
        }
    );
    let mut titled = Speaker::new("x9", "Secretary Kerry");
    titled.aliases.push("JOHN KERRY".into());
    assert_eq!(score(&key, with_speaker(titled)).speaker.rate(), Some(1.0));

    let wrong = with_speaker(Speaker::new("s1", "Lavrov"));
    let s = score(&key, wrong.clone());
    assert_eq!(
        s.speaker.rate(),
        Some(0.0),
        "the same id does not make the same person"
    );
    let items = diff(&key, &student("Ana", wrong), &ScoreOptions::default()).expect("diff");
    let found = items.iter().find(|i| i.mark == Mark::Found).expect("found");
    assert!(found.wrong_speaker() && found.wrong_stance());
}

#[test]
fn a_submission_on_another_text_is_refused_with_the_reason() {
    let key = full_key();
    let other = AnnotatedDocument::new(Metadata::default(), Document::new("Other text."));
    let class = score_class(
        &key,
        &[student("Ana", key.clone()), student("Ben", other)],
        &ScoreOptions::default(),
    );
    assert_eq!(class.students.len(), 1);
    assert_eq!(class.refused.len(), 1);
    assert_eq!(class.refused[0].student, "Ben");
    assert!(
        class.refused[0].reason.contains("different text"),
        "{:?}",
        class.refused
    );
}

#[test]
fn the_diff_lists_found_missed_and_extra_in_text_order_with_ids() {
    let key = doc(vec![quote("q1", 0, 10), quote("q2", 30, 40)]);
    let work = doc(vec![quote("a", 50, 60), quote("b", 1, 10)]);
    let items = diff(&key, &student("Ana", work), &ScoreOptions::default()).expect("diff");
    let marks: Vec<(Mark, Option<&str>, Option<&str>)> = items
        .iter()
        .map(|i| (i.mark, i.key_id.as_deref(), i.student_id.as_deref()))
        .collect();
    assert_eq!(
        marks,
        [
            (Mark::Found, Some("q1"), Some("b")),
            (Mark::Missed, Some("q2"), None),
            (Mark::Extra, None, Some("a")),
        ]
    );
}

#[test]
fn scores_are_micro_averaged_over_kinds_in_the_class_table() {
    // Quotes: 1 found, 1 missed. Mentions: 1 extra. Overall 1/1/1:
    // F1 = 2 / (2 + 1 + 1) = 0.5, Emerging.
    let key = doc(vec![quote("q1", 0, 10), quote("q2", 30, 40)]);
    let work = doc(vec![
        quote("a", 0, 10),
        ann("m", Kind::Mention, &[(80, 85)]),
    ]);
    let class = score_class(&key, &[student("Ana", work)], &ScoreOptions::default());
    assert_eq!(class.kinds, [Kind::Quote, Kind::Mention]);
    let table = ClassTable::new(&class, &Rubric::default(), &[]);
    let row = &table.rows[0];
    assert_eq!((row.found, row.missed, row.extra, row.f1), (1, 1, 1, 0.5));
    assert_eq!(row.kinds[0].f1, 2.0 / 3.0);
    assert_eq!(row.kinds[1].f1, 0.0);
    assert_eq!(row.level, "Emerging");
}

#[test]
fn a_teachers_override_replaces_the_level_and_keeps_the_rubrics() {
    let key = doc(vec![quote("q1", 0, 10)]);
    let class = score_class(
        &key,
        &[student("Ana", doc(vec![]))],
        &ScoreOptions::default(),
    );
    let overrides = [Override {
        student: "Ana".into(),
        level: "Emerging".into(),
        comment: "Absent for the lesson".into(),
    }];
    let row = &ClassTable::new(&class, &Rubric::default(), &overrides).rows[0];
    assert_eq!(
        (
            row.level.as_str(),
            row.rubric_level.as_str(),
            row.overridden
        ),
        ("Emerging", "Beginning", true)
    );
    assert_eq!(row.comment, "Absent for the lesson");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe() {
    let key = doc(vec![quote("q1", 0, 10)]);
    let class = score_class(
        &key,
        &[
            student("=HYPERLINK(\"x\")", key.clone()),
            student("-Ben", doc(vec![])),
        ],
        &ScoreOptions::default(),
    );
    let csv = ClassTable::new(&class, &Rubric::default(), &[])
        .to_csv()
        .expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with(
        "student,class,level,comment,f1,precision,recall,found,missed,extra,quote_found"
    ));
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\",,Mastery,,1.000,1.000,1.000,1,0,0"),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("'-Ben,,Beginning,,0.000,1.000,0.000,0,1,0"),
        "{csv}"
    );
}

#[test]
fn discussion_counts_who_found_each_key_quote_and_who_marked_each_stretch() {
    let key = doc(vec![quote("q1", 0, 10), quote("q2", 30, 40)]);
    let class = [
        student("Ana", doc(vec![quote("a", 0, 10), quote("x", 60, 70)])),
        student("Ben", doc(vec![quote("b", 5, 10), quote("y", 61, 70)])),
        student("Cy", doc(vec![quote("c", 80, 90)])),
    ];
    let d = discussion(&key, &class, &ScoreOptions::default());
    assert_eq!(d.students, 3);
    assert_eq!(d.key[0].found_by, ["Ana", "Ben"]);
    assert!(d.key[1].found_by.is_empty());
    let segments: Vec<(Span, usize)> = d.coverage[0]
        .segments
        .iter()
        .map(|s| (s.span, s.count))
        .collect();
    assert_eq!(
        segments,
        [
            (Span::new(0, 5), 1),
            (Span::new(5, 10), 2),
            (Span::new(60, 61), 1),
            (Span::new(61, 70), 2),
            (Span::new(80, 90), 1),
        ]
    );
    // 60..70 and 61..70 overlap by 9/10: one extra two students added.
    assert_eq!(d.extras[0].students, ["Ana", "Ben"]);
    assert_eq!(d.extras[0].count, 2);
    assert_eq!(d.extras[1].count, 1);
}
