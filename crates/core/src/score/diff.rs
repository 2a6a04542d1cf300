//! One student's work against the key, annotation by annotation: each key
//! annotation found or missed, each of the student's extra ones, and on
//! found quotes and claims whether the speaker, stance and check-worthiness
//! agree. The side-by-side view and every score are built from it.

use serde::Serialize;

use super::{check_text, kinds_scored, Refused, ScoreOptions};
use crate::assignment::Submission;
use crate::matching::pair_greedy;
use crate::model::{same_name, AnnotatedDocument, Annotation, Kind, Span, Speaker};

/// Where an annotation stands against the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// A key annotation the student marked too.
    Found,
    /// A key annotation the student did not mark.
    Missed,
    /// A student annotation that matches none of the key.
    Extra,
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffItem {
    pub kind: Kind,
    pub mark: Mark,
    /// The key's annotation (found, missed).
    pub key_id: Option<String>,
    /// The student's annotation (found, extra).
    pub student_id: Option<String>,
    pub key_spans: Vec<Span>,
    pub student_spans: Vec<Span>,
    /// The pair's overlap ratio; 0 when not found.
    pub overlap: f64,
    /// Found quotes whose key quote has a speaker: whether the student's
    /// is the same person (`None`: not checked).
    pub speaker_right: Option<bool>,
    /// Found quotes whose key quote has a stance: whether the label is the
    /// same.
    pub stance_right: Option<bool>,
    /// Found claims whose key claim has a check-worthiness: whether it is
    /// the same.
    pub checkworthiness_right: Option<bool>,
}

impl DiffItem {
    /// A found quote with another speaker than the key's.
    pub fn wrong_speaker(&self) -> bool {
        self.speaker_right == Some(false)
    }

    /// A found quote with another stance label than the key's.
    pub fn wrong_stance(&self) -> bool {
        self.stance_right == Some(false)
    }

    /// Where the item starts in the text (for ordering).
    pub fn start(&self) -> usize {
        self.key_spans
            .iter()
            .chain(&self.student_spans)
            .map(|s| s.start)
            .min()
            .unwrap_or(0)
    }
}

/// The diff of `submission` against `key`, in text order, over the kinds
/// of `options` (every kind either marked, when it names none).
pub fn diff(
    key: &AnnotatedDocument,
    submission: &Submission,
    options: &ScoreOptions,
) -> Result<Vec<DiffItem>, Refused> {
    check_text(key, submission)?;
    let student = &submission.document;
    let mut items = Vec::new();
    for kind in kinds_scored(key, &[student], options) {
        let (theirs, mine) = (of_kind(key, &kind), of_kind(student, &kind));
        let left: Vec<&[Span]> = theirs.iter().map(|a| a.spans.as_slice()).collect();
        let right: Vec<&[Span]> = mine.iter().map(|a| a.spans.as_slice()).collect();
        let pairs = pair_greedy(&left, &right, options.threshold);
        let mut key_pair = vec![None; theirs.len()];
        let mut student_paired = vec![false; mine.len()];
        for &(k, s, ratio) in &pairs {
            key_pair[k] = Some((s, ratio));
            student_paired[s] = true;
        }
        for (k, gold) in theirs.iter().enumerate() {
            let mut item = DiffItem {
                kind: kind.clone(),
                mark: Mark::Missed,
                key_id: Some(gold.id.clone()),
                student_id: None,
                key_spans: gold.spans.clone(),
                student_spans: Vec::new(),
                overlap: 0.0,
                speaker_right: None,
                stance_right: None,
                checkworthiness_right: None,
            };
            if let Some((s, ratio)) = key_pair[k] {
                let marked = mine[s];
                item.mark = Mark::Found;
                item.student_id = Some(marked.id.clone());
                item.student_spans = marked.spans.clone();
                item.overlap = ratio;
                if kind == Kind::Quote {
                    item.speaker_right = gold
                        .speaker
                        .as_deref()
                        .and_then(|id| key.speaker(id))
                        .map(|speaker| {
                            marked
                                .speaker
                                .as_deref()
                                .and_then(|id| student.speaker(id))
                                .is_some_and(|theirs| same_person(speaker, theirs))
                        });
                    item.stance_right = gold.stance.as_ref().map(|stance| {
                        marked
                            .stance
                            .as_ref()
                            .is_some_and(|s| same_name(&s.label, &stance.label))
                    });
                }
                if kind == Kind::Claim {
                    item.checkworthiness_right = gold.checkworthiness.as_deref().map(|label| {
                        marked
                            .checkworthiness
                            .as_deref()
                            .is_some_and(|l| same_name(l, label))
                    });
                }
            }
            items.push(item);
        }
        for (s, marked) in mine.iter().enumerate() {
            if !student_paired[s] {
                items.push(DiffItem {
                    kind: kind.clone(),
                    mark: Mark::Extra,
                    key_id: None,
                    student_id: Some(marked.id.clone()),
                    key_spans: Vec::new(),
                    student_spans: marked.spans.clone(),
                    overlap: 0.0,
                    speaker_right: None,
                    stance_right: None,
                    checkworthiness_right: None,
                });
            }
        }
    }
    crate::sort::sort_by_key(&mut items, |i| i.start());
    Ok(items)
}

fn of_kind<'a>(doc: &'a AnnotatedDocument, kind: &Kind) -> Vec<&'a Annotation> {
    doc.annotations.iter().filter(|a| &a.kind == kind).collect()
}

/// Whether two speakers of different files are the same person: a name or
/// alias of one is a name or alias of the other ([`same_name`]).
pub fn same_person(a: &Speaker, b: &Speaker) -> bool {
    std::iter::once(&b.name)
        .chain(&b.aliases)
        .any(|name| a.is_called(name))
}
