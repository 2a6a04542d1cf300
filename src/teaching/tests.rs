//! The teaching reducer, natively: scoring a class step by step, what a
//! teacher may type wrong, the class table's order, and painting the text.

use std::rc::Rc;

use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Metadata, Span};
use attrib_core::text::Document;

use super::paint::{heat_class, paint, Stretch};
use super::sort::sorted;
use super::*;

const TEXT: &str = "“We lost,” Kerry said. “We won,” Lavrov said.";

fn doc(annotator: Option<&str>, spans: &[(usize, usize)]) -> AnnotatedDocument {
    let mut d = AnnotatedDocument::new(
        Metadata {
            id: "talks".into(),
            annotator: annotator.map(str::to_string),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    for (i, (start, end)) in spans.iter().enumerate() {
        d.annotations.push(Annotation::new(
            format!("a{i}"),
            Kind::Quote,
            vec![Span::new(*start, *end)],
        ));
    }
    d
}

fn scoring() -> Teaching {
    let mut t = Teaching::default();
    t.update(TeachMsg::StartScoring {
        key: Rc::new(doc(None, &[(1, 8), (24, 30)])),
        source: "the current document".into(),
    });
    t
}

fn file(name: &str, document: AnnotatedDocument) -> SubmissionFile {
    SubmissionFile {
        name: name.into(),
        document: Ok(document),
    }
}

#[test]
fn starting_to_score_shows_the_class_table_with_the_default_threshold() {
    let t = scoring();
    assert_eq!(t.view, Some(TeachView::Class));
    let s = t.scoring.as_ref().unwrap();
    assert_eq!(s.threshold, 0.5);
    assert!(s.table().rows.is_empty());
}

#[test]
fn submissions_are_named_by_their_student_and_a_second_file_replaces_the_first() {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![
        file("ana.json", doc(Some("Ana"), &[(1, 8)])),
        file("nameless.json", doc(None, &[])),
        SubmissionFile {
            name: "broken.json".into(),
            document: Err("Could not open “broken.json”: …".into()),
        },
    ]));
    t.update(TeachMsg::AddSubmissions(vec![file(
        "ana-again.json",
        doc(Some("Ana"), &[(1, 8), (24, 30)]),
    )]));
    let s = t.scoring.as_ref().unwrap();
    let names: Vec<&str> = s.submissions.iter().map(|s| s.student.as_str()).collect();
    assert_eq!(names, ["nameless.json", "Ana"]);
    assert_eq!(s.unread.len(), 1);
    assert_eq!(s.unread[0].file, "broken.json");
    let table = s.table();
    let ana = table.rows.iter().find(|r| r.student == "Ana").unwrap();
    assert_eq!((ana.found, ana.missed, ana.extra), (2, 0, 0));
}

#[test]
fn a_submission_on_another_text_is_listed_with_the_reason_and_not_scored() {
    let mut t = scoring();
    let mut other = doc(Some("Ben"), &[]);
    other.text = Document::new("Another article.");
    t.update(TeachMsg::AddSubmissions(vec![file("ben.json", other)]));
    let table = t.scoring.as_ref().unwrap().table();
    assert!(table.rows.is_empty());
    assert_eq!(table.refused.len(), 1);
    assert!(table.refused[0].reason.contains("different text"));
}

#[test]
fn a_threshold_that_does_not_read_is_refused_and_the_old_one_kept() {
    let mut t = scoring();
    t.update(TeachMsg::SetThreshold("0,8".into()));
    assert_eq!(t.scoring.as_ref().unwrap().threshold, 0.8);
    for bad in ["abc", "1.5", "0", "-1", "NaN"] {
        t.update(TeachMsg::SetThreshold(bad.into()));
        let s = t.scoring.as_ref().unwrap();
        assert_eq!(s.threshold, 0.8, "{bad}");
        assert!(
            s.problem.as_ref().unwrap().contains("still use 0.8"),
            "{bad}"
        );
    }
    t.update(TeachMsg::SetThreshold("0.5".into()));
    assert_eq!(t.scoring.as_ref().unwrap().problem, None);
}

#[test]
fn rubric_names_and_cut_offs_are_the_teachers_and_bad_ones_are_refused() {
    let mut t = scoring();
    t.update(TeachMsg::SetLevelName(2, "Expert".into()));
    t.update(TeachMsg::SetLevelFrom(2, "0.9".into()));
    t.update(TeachMsg::SetLevelFrom(1, "two".into()));
    let s = t.scoring.as_ref().unwrap();
    assert_eq!(s.rubric.levels[2].name, "Expert");
    assert_eq!(s.rubric.levels[2].from, 0.9);
    assert_eq!(s.rubric.levels[1].from, 0.5);
    assert!(s.problem.as_ref().unwrap().contains("“two”"));
    t.update(TeachMsg::SetLevelName(0, "  ".into()));
    assert_eq!(
        t.scoring.as_ref().unwrap().rubric.levels[0].name,
        "Beginning"
    );
}

#[test]
fn a_teachers_level_and_comment_override_the_rubric_until_cleared() {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![file(
        "ana.json",
        doc(Some("Ana"), &[(1, 8)]),
    )]));
    let level = |t: &Teaching| t.scoring.as_ref().unwrap().table().rows[0].level.clone();
    assert_eq!(level(&t), "Emerging", "found 1, missed 1: F1 2/3");
    t.update(TeachMsg::SetOverride {
        student: "Ana".into(),
        level: "Beginning".into(),
        comment: "Talk to me".into(),
    });
    let row = t.scoring.as_ref().unwrap().table().rows[0].clone();
    assert_eq!(
        (row.level.as_str(), row.comment.as_str()),
        ("Beginning", "Talk to me")
    );
    assert!(row.overridden);
    t.update(TeachMsg::SetOverride {
        student: "Ana".into(),
        level: String::new(),
        comment: "Good start".into(),
    });
    let row = t.scoring.as_ref().unwrap().table().rows[0].clone();
    assert_eq!(
        (row.level.as_str(), row.comment.as_str()),
        ("Emerging", "Good start")
    );
    assert!(!row.overridden, "a comment alone keeps the rubric's level");
    t.update(TeachMsg::SetOverride {
        student: "Ana".into(),
        level: String::new(),
        comment: String::new(),
    });
    assert!(t.scoring.as_ref().unwrap().overrides.is_empty());
}

#[test]
fn the_class_table_sorts_by_a_column_and_the_same_column_again_reverses() {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![
        file("b.json", doc(Some("Ben"), &[(1, 8), (24, 30)])),
        file("a.json", doc(Some("ana"), &[])),
        file("c.json", doc(Some("Cleo"), &[(1, 8)])),
    ]));
    let order = |t: &Teaching| {
        let s = t.scoring.as_ref().unwrap();
        let table = s.table();
        sorted(&table.rows, s.sort, s.ascending)
            .iter()
            .map(|r| r.student.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(&t), ["ana", "Ben", "Cleo"]);
    t.update(TeachMsg::SortBy(Column::F1));
    assert_eq!(order(&t), ["Ben", "Cleo", "ana"], "best first");
    t.update(TeachMsg::SortBy(Column::F1));
    assert_eq!(order(&t), ["ana", "Cleo", "Ben"]);
    t.update(TeachMsg::SortBy(Column::Student));
    assert_eq!(order(&t), ["ana", "Ben", "Cleo"]);
}

#[test]
fn removing_a_students_work_leaves_their_diff_for_the_class_table() {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![file(
        "ana.json",
        doc(Some("Ana"), &[(1, 8)]),
    )]));
    t.update(TeachMsg::Show(Some(TeachView::Diff("Ana".into()))));
    t.update(TeachMsg::RemoveSubmission("Ana".into()));
    assert_eq!(t.view, Some(TeachView::Class));
    assert!(t.scoring.as_ref().unwrap().submissions.is_empty());
}

#[test]
fn a_new_key_keeps_the_students_files_and_the_settings() {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![file(
        "ana.json",
        doc(Some("Ana"), &[(1, 8)]),
    )]));
    t.update(TeachMsg::SetThreshold("0.7".into()));
    t.update(TeachMsg::Show(Some(TeachView::Discussion)));
    t.update(TeachMsg::StartScoring {
        key: Rc::new(doc(None, &[(1, 8)])),
        source: "“key.json”".into(),
    });
    let s = t.scoring.as_ref().unwrap();
    assert_eq!(s.key_source, "“key.json”");
    assert_eq!((s.submissions.len(), s.threshold), (1, 0.7));
    assert_eq!(s.table().rows[0].f1, 1.0, "scored against the new key");
    assert_eq!(t.view, Some(TeachView::Class));
}

#[test]
fn stopping_scoring_returns_to_the_workbench() {
    let mut t = scoring();
    t.update(TeachMsg::ToggleHideNames);
    assert!(t.scoring.as_ref().unwrap().hide_names);
    t.update(TeachMsg::StopScoring);
    assert_eq!(t, Teaching::default());
}

#[test]
fn messages_about_scoring_without_a_key_change_nothing() {
    let mut t = Teaching::default();
    t.update(TeachMsg::SetThreshold("0.7".into()));
    t.update(TeachMsg::SortBy(Column::F1));
    assert_eq!(t, Teaching::default());
}

#[test]
fn painting_cuts_the_text_at_every_mark_edge_and_covers_it_all() {
    let marks = [Span::new(2, 6), Span::new(4, 8), Span::new(9, 40)];
    let stretches = paint(10, &marks);
    let expect = |start, end, marks: &[usize]| Stretch {
        span: Span::new(start, end),
        marks: marks.to_vec(),
    };
    assert_eq!(
        stretches,
        vec![
            expect(0, 2, &[]),
            expect(2, 4, &[0]),
            expect(4, 6, &[0, 1]),
            expect(6, 8, &[1]),
            expect(8, 9, &[]),
            expect(9, 10, &[2]),
        ]
    );
    assert_eq!(paint(0, &[]), Vec::new());
}

#[test]
fn heat_rises_in_five_steps_with_the_share_of_students() {
    assert_eq!(heat_class(0, 10), "");
    assert_eq!(heat_class(1, 10), "heat-1");
    assert_eq!(heat_class(5, 10), "heat-3");
    assert_eq!(heat_class(9, 10), "heat-5");
    assert_eq!(heat_class(10, 10), "heat-5");
    assert_eq!(heat_class(1, 1), "heat-5");
    assert_eq!(heat_class(3, 0), "");
}

mod making {
    use attrib_core::assignment::{decode_link, Preset};
    use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Span};

    use super::doc;
    use crate::teaching::make::{assignment, link, offered_kinds, Choices};

    fn key() -> AnnotatedDocument {
        let mut d = doc(None, &[(1, 8)]);
        d.annotations
            .push(Annotation::new("c1", Kind::Claim, vec![Span::new(11, 22)]));
        d
    }

    #[test]
    fn self_check_carries_the_key_of_the_kinds_asked_for_only() {
        let choices = Choices {
            instructions: "  Mark every quote. ".into(),
            self_check: true,
            ..Choices::new()
        };
        let a = assignment(&key(), &choices).expect("an assignment");
        assert_eq!(a.instructions, "Mark every quote.");
        let key = a.key.expect("a key");
        assert_eq!(key.annotations.len(), 1, "the claim was not asked for");
        assert_eq!(key.annotations[0].kind, Kind::Quote);
        let without = assignment(&key_doc(), &Choices::new()).expect("an assignment");
        assert_eq!(without.key, None);
    }

    fn key_doc() -> AnnotatedDocument {
        key()
    }

    #[test]
    fn an_assignment_with_nothing_to_mark_is_refused_with_what_to_do() {
        let choices = Choices {
            kinds: Vec::new(),
            ..Choices::new()
        };
        let err = assignment(&key(), &choices).unwrap_err();
        assert!(err.starts_with("Choose at least one"), "{err}");
    }

    #[test]
    fn the_link_opens_the_same_assignment_and_custom_kinds_are_offered() {
        let a = assignment(&key(), &Choices::new()).unwrap();
        let url = link(&a, "http://127.0.0.1:8080/#old").unwrap();
        assert!(url.starts_with("http://127.0.0.1:8080/#a="), "{url}");
        assert_eq!(decode_link(&url), Ok(a));
        let kinds = offered_kinds(&key(), Preset::FactOrOpinion);
        assert_eq!(kinds.len(), 6);
        assert_eq!(kinds[3], Kind::Custom("fact".into()));
    }

    #[test]
    fn an_article_too_long_for_a_link_says_to_hand_out_the_file() {
        // Text that does not compress: every word different.
        let text: String = (0..6000u32)
            .map(|i| format!("{:x} ", i.wrapping_mul(2_654_435_761)))
            .collect();
        let long = crate::state::document_from_text(&text, "long");
        let a = assignment(&long, &Choices::new()).expect("an assignment");
        let err = link(&a, "https://example.org/").unwrap_err();
        assert!(
            err.starts_with("This article is too long for a link"),
            "{err}"
        );
        assert!(err.contains("Download the assignment file"), "{err}");
        assert!(a.to_json().is_ok(), "the file is still offered");
    }
}

/// A session with two students, a threshold, a renamed level, an override
/// and the diff of one student showing.
fn worked_session() -> Teaching {
    let mut t = scoring();
    t.update(TeachMsg::AddSubmissions(vec![
        file("ana.json", doc(Some("Ana"), &[(1, 8)])),
        file("nameless.json", doc(None, &[(1, 8), (24, 30), (11, 16)])),
        SubmissionFile {
            name: "broken.json".into(),
            document: Err("Could not open “broken.json”: not JSON.".into()),
        },
    ]));
    t.update(TeachMsg::SetThreshold("0.7".into()));
    t.update(TeachMsg::SetLevelName(2, "Expert".into()));
    t.update(TeachMsg::SetLevelFrom(1, "0.6".into()));
    t.update(TeachMsg::SetOverride {
        student: "Ana".into(),
        level: "Expert".into(),
        comment: "Found the hard one".into(),
    });
    t.update(TeachMsg::SortBy(Column::F1));
    t.update(TeachMsg::Show(Some(TeachView::Diff("Ana".into()))));
    t
}

fn saved_of(t: &Teaching) -> Rc<saved::SavedScoring> {
    let json = saved::SavedScoring::of(t.scoring.as_ref().unwrap(), t.view.as_ref())
        .to_json()
        .unwrap();
    Rc::new(saved::SavedScoring::from_json(&json).unwrap())
}

#[test]
fn a_saved_session_comes_back_after_a_reload_with_its_table_overrides_and_view() {
    let before = worked_session();
    let saved = saved_of(&before);
    let mut after = Teaching::default();
    after.update(TeachMsg::Resume {
        saved: saved.clone(),
        show: true,
    });
    let (b, a) = (
        before.scoring.as_ref().unwrap(),
        after.scoring.as_ref().unwrap(),
    );
    assert_eq!(
        a.table(),
        b.table(),
        "the same figures, levels and comments"
    );
    assert_eq!(a.table().rows.len(), 2);
    let ana = a
        .table()
        .rows
        .into_iter()
        .find(|r| r.student == "Ana")
        .unwrap();
    assert_eq!(ana.level, "Expert");
    assert_eq!(ana.comment, "Found the hard one");
    assert_eq!(a.threshold, 0.7);
    assert_eq!(a.rubric.levels[1].from, 0.6);
    assert_eq!((a.sort, a.ascending), (Column::F1, false));
    assert_eq!(a.unread, b.unread);
    assert_eq!(a.key, b.key);
    assert_eq!(after.view, Some(TeachView::Diff("Ana".into())));

    let mut hidden = Teaching::default();
    hidden.update(TeachMsg::Resume { saved, show: false });
    assert!(hidden.scoring.is_some());
    assert_eq!(hidden.view, None, "the teacher had gone back to annotating");
}

#[test]
fn scoring_the_same_key_again_finds_its_session_but_never_replaces_work_on_screen() {
    let saved = saved_of(&worked_session());
    let mut again = scoring();
    again.update(TeachMsg::Resume {
        saved: saved.clone(),
        show: false,
    });
    let s = again.scoring.as_ref().unwrap();
    assert_eq!(
        s.submissions.len(),
        2,
        "a fresh session of the key is filled"
    );
    assert_eq!(again.view, Some(TeachView::Class), "the view stays");

    let mut busy = scoring();
    busy.update(TeachMsg::AddSubmissions(vec![file(
        "ben.json",
        doc(Some("Ben"), &[]),
    )]));
    let on_screen = busy.scoring.clone().unwrap();
    busy.update(TeachMsg::Resume {
        saved: saved.clone(),
        show: true,
    });
    assert_eq!(
        busy.scoring.as_ref().unwrap().submissions,
        on_screen.submissions,
        "the files on screen stay"
    );

    let mut other_key = Teaching::default();
    let mut key = doc(None, &[(1, 8)]);
    key.meta.id = "another".into();
    other_key.update(TeachMsg::StartScoring {
        key: Rc::new(key),
        source: "the current document".into(),
    });
    other_key.update(TeachMsg::Resume { saved, show: true });
    assert!(
        other_key.scoring.as_ref().unwrap().submissions.is_empty(),
        "another key's session is another session"
    );
}

#[test]
fn every_change_to_a_session_counts_and_a_damaged_saved_one_says_why() {
    let mut t = scoring();
    let first = t.scoring.as_ref().unwrap().revision;
    t.update(TeachMsg::ToggleHideNames);
    assert_eq!(t.scoring.as_ref().unwrap().revision, first + 1);
    t.update(TeachMsg::SetThreshold("nonsense".into()));
    assert_eq!(t.scoring.as_ref().unwrap().revision, first + 2);
    assert!(saved::SavedScoring::from_json("{").is_err());
    let mut json: serde_json::Value =
        serde_json::from_str(&saved_of(&t).to_json().unwrap()).unwrap();
    json["version"] = 99.into();
    let why = saved::SavedScoring::from_json(&json.to_string()).unwrap_err();
    assert!(why.contains("form 99"), "{why}");
}

#[test]
fn the_kinds_scored_are_the_keys_until_the_teacher_chooses_and_at_least_one_stays() {
    let mut key = doc(None, &[(1, 8)]);
    key.annotations
        .push(Annotation::new("c1", Kind::Claim, vec![Span::new(24, 30)]));
    let mut t = Teaching::default();
    t.update(TeachMsg::StartScoring {
        key: Rc::new(key),
        source: "the current document".into(),
    });
    // Ana found the quote and marked a mention the key does not have.
    let mut ana = doc(Some("Ana"), &[(1, 8)]);
    ana.annotations.push(Annotation::new(
        "m1",
        Kind::Mention,
        vec![Span::new(11, 16)],
    ));
    t.update(TeachMsg::AddSubmissions(vec![file("ana.json", ana)]));
    let s = t.scoring.as_ref().unwrap();
    assert_eq!(
        s.scored_kinds(),
        [Kind::Quote, Kind::Claim],
        "the key's kinds"
    );
    assert_eq!(s.offered_kinds(), [Kind::Quote, Kind::Claim, Kind::Mention]);
    let row = &s.table().rows[0];
    assert_eq!((row.found, row.missed, row.extra), (1, 1, 0));

    t.update(TeachMsg::ToggleKind(Kind::Claim));
    let s = t.scoring.as_ref().unwrap();
    let table = s.table();
    assert_eq!(table.kinds, ["quote"]);
    assert_eq!((table.rows[0].found, table.rows[0].missed), (1, 0));
    assert_eq!(table.rows[0].f1, 1.0);
    assert!(s
        .table()
        .to_csv()
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .contains("1.000"));
    assert_eq!(
        s.discussion().key.len(),
        1,
        "the discussion lists the quote only"
    );

    t.update(TeachMsg::ToggleKind(Kind::Quote));
    let s = t.scoring.as_ref().unwrap();
    assert_eq!(s.scored_kinds(), [Kind::Quote], "the last kind stays");
    assert!(s.problem.as_ref().unwrap().contains("at least one kind"));

    t.update(TeachMsg::ToggleKind(Kind::Mention));
    let table = t.scoring.as_ref().unwrap().table();
    assert_eq!(table.kinds, ["quote", "mention"]);
    assert_eq!(table.rows[0].extra, 1, "the mention is extra");
    // The choice is part of the saved session.
    let saved = saved_of(&t);
    let mut back = Teaching::default();
    back.update(TeachMsg::Resume { saved, show: true });
    assert_eq!(
        back.scoring.as_ref().unwrap().scored_kinds(),
        [Kind::Quote, Kind::Mention]
    );
}
