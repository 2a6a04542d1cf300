//! Scoring students' work against an answer key, for a teacher.
//!
//! Texts are matched by SHA-256: a submission on another text is
//! [`Refused`] with the reason, never scored. For each kind, the key's and
//! the student's annotations of that kind are paired by
//! [`crate::matching::pair_greedy`] at the overlap threshold (|intersection|
//! / |union| of the code points covered; a pair exactly at the threshold
//! counts). A paired key annotation is **found**, an unpaired one
//! **missed**, an unpaired student annotation **extra**. On found quotes
//! the speaker (compared by name and aliases, case aside: ids differ
//! between files) and the stance label are checked; on found claims the
//! check-worthiness.
//!
//! Precision is found / (found + extra), recall found / (found + missed)
//! and F1 = 2·found / (2·found + missed + extra). A ratio with nothing to
//! count is 1: with nothing marked on either side F1 is 1 (nothing to
//! find, nothing extra); with an empty key, whatever the student marked
//! makes precision 0 (and F1 0); with nothing marked against a key, recall
//! and F1 are 0. The overall score adds found, missed and extra over the
//! kinds (micro average).
//!
//! Every figure comes from [`diff`]: the scores are its items counted.

pub mod diff;
pub mod discussion;
pub mod rubric;
pub mod table;

use serde::{Deserialize, Serialize};

use crate::assignment::{short_hash, Submission};
use crate::matching::Prf;
use crate::model::{AnnotatedDocument, Kind};

pub use diff::{diff, DiffItem, Mark};
pub use discussion::{discussion, Discussion};
pub use rubric::{Level, Override, Rubric, RubricError};
pub use table::{ClassRow, ClassTable};

/// The overlap ratio at which a student's annotation matches the key's.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// How to score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreOptions {
    /// The overlap ratio at or above which two annotations pair.
    pub threshold: f64,
    /// The kinds scored; empty: every kind the key or the student marked.
    #[serde(default)]
    pub kinds: Vec<Kind>,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            threshold: DEFAULT_THRESHOLD,
            kinds: Vec::new(),
        }
    }
}

/// Found, missed and extra annotations; they add up over kinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub found: usize,
    pub missed: usize,
    pub extra: usize,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.found += other.found;
        self.missed += other.missed;
        self.extra += other.extra;
    }

    /// Precision, recall and F1 as the module says (a ratio with nothing
    /// to count is 1).
    pub fn prf(&self) -> Prf {
        let share = |part: usize, rest: usize| match part + rest {
            0 => 1.0,
            whole => part as f64 / whole as f64,
        };
        Prf {
            precision: share(self.found, self.extra),
            recall: share(self.found, self.missed),
            f1: share(2 * self.found, self.missed + self.extra),
        }
    }
}

/// How many of the checked answers were right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn add(&mut self, other: &Accuracy) {
        self.correct += other.correct;
        self.total += other.total;
    }

    fn count(&mut self, check: Option<bool>) {
        if let Some(right) = check {
            self.total += 1;
            self.correct += usize::from(right);
        }
    }

    /// correct / total, or `None` when nothing was checked.
    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

/// The scores of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindScore {
    pub kind: Kind,
    #[serde(flatten)]
    pub tally: Tally,
    #[serde(flatten)]
    pub prf: Prf,
    /// Found quotes whose key quote has a speaker: the student's is the
    /// same person.
    pub speaker: Accuracy,
    /// Found quotes whose key quote has a stance: the same label.
    pub stance: Accuracy,
    /// Found claims whose key claim has a check-worthiness: the same.
    pub checkworthiness: Accuracy,
}

/// The scores of one student.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentScore {
    pub student: String,
    pub class_id: Option<String>,
    /// Every kind scored, in the order of [`ScoreOptions::kinds`] (or
    /// quote, claim, mention, then custom kinds by name).
    pub kinds: Vec<KindScore>,
    /// Over all kinds.
    #[serde(flatten)]
    pub overall: Tally,
    #[serde(rename = "overall")]
    pub overall_prf: Prf,
    pub speaker: Accuracy,
    pub stance: Accuracy,
    pub checkworthiness: Accuracy,
}

/// A submission that was not scored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refused {
    pub student: String,
    pub reason: String,
}

/// The scores of a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    pub threshold: f64,
    /// The kinds scored, the same for every student.
    pub kinds: Vec<Kind>,
    pub students: Vec<StudentScore>,
    pub refused: Vec<Refused>,
}

/// Refuses a submission on another text than the key's.
pub fn check_text(key: &AnnotatedDocument, submission: &Submission) -> Result<(), Refused> {
    if key.text.sha256() == submission.assignment_id() {
        return Ok(());
    }
    Err(Refused {
        student: submission.student.clone(),
        reason: format!(
            "marked on a different text than the key (SHA-256 {}…, the key's {}…): not scored",
            short_hash(submission.assignment_id()),
            short_hash(key.text.sha256())
        ),
    })
}

/// The kinds scored: `options.kinds`, or else every kind the key or any
/// of `documents` marked, in [`Kind`]'s order.
pub fn kinds_scored(
    key: &AnnotatedDocument,
    documents: &[&AnnotatedDocument],
    options: &ScoreOptions,
) -> Vec<Kind> {
    if !options.kinds.is_empty() {
        return options.kinds.clone();
    }
    let mut kinds: Vec<Kind> = std::iter::once(key)
        .chain(documents.iter().copied())
        .flat_map(|d| d.annotations.iter().map(|a| a.kind.clone()))
        .collect();
    crate::sort::sort(&mut kinds);
    kinds.dedup();
    kinds
}

/// Scores one submission against `key`.
pub fn score_student(
    key: &AnnotatedDocument,
    submission: &Submission,
    options: &ScoreOptions,
) -> Result<StudentScore, Refused> {
    let kinds = kinds_scored(key, &[&submission.document], options);
    let items = diff(
        key,
        submission,
        &ScoreOptions {
            kinds: kinds.clone(),
            ..options.clone()
        },
    )?;
    let mut score = StudentScore {
        student: submission.student.clone(),
        class_id: submission.class_id.clone(),
        kinds: Vec::with_capacity(kinds.len()),
        overall: Tally::default(),
        overall_prf: Tally::default().prf(),
        speaker: Accuracy::default(),
        stance: Accuracy::default(),
        checkworthiness: Accuracy::default(),
    };
    for kind in kinds {
        let mut tally = Tally::default();
        let (mut speaker, mut stance, mut checkworthiness) = Default::default();
        for item in items.iter().filter(|i| i.kind == kind) {
            match item.mark {
                Mark::Found => tally.found += 1,
                Mark::Missed => tally.missed += 1,
                Mark::Extra => tally.extra += 1,
            }
            Accuracy::count(&mut speaker, item.speaker_right);
            Accuracy::count(&mut stance, item.stance_right);
            Accuracy::count(&mut checkworthiness, item.checkworthiness_right);
        }
        score.overall.add(&tally);
        score.speaker.add(&speaker);
        score.stance.add(&stance);
        score.checkworthiness.add(&checkworthiness);
        score.kinds.push(KindScore {
            kind,
            tally,
            prf: tally.prf(),
            speaker,
            stance,
            checkworthiness,
        });
    }
    score.overall_prf = score.overall.prf();
    Ok(score)
}

/// Scores every submission against `key`, with the same kinds for all;
/// those on another text are listed in `refused`.
pub fn score_class(
    key: &AnnotatedDocument,
    submissions: &[Submission],
    options: &ScoreOptions,
) -> ClassScores {
    let (matching, refused, options) = sort_out(key, submissions, options);
    let students = matching
        .iter()
        .filter_map(|s| score_student(key, s, &options).ok())
        .collect();
    ClassScores {
        threshold: options.threshold,
        kinds: options.kinds,
        students,
        refused,
    }
}

/// The submissions on `key`'s text, those refused, and the options with
/// the kinds scored for all of them.
pub(crate) fn sort_out<'a>(
    key: &AnnotatedDocument,
    submissions: &'a [Submission],
    options: &ScoreOptions,
) -> (Vec<&'a Submission>, Vec<Refused>, ScoreOptions) {
    let mut matching = Vec::new();
    let mut refused = Vec::new();
    for submission in submissions {
        match check_text(key, submission) {
            Ok(()) => matching.push(submission),
            Err(r) => refused.push(r),
        }
    }
    let documents: Vec<&AnnotatedDocument> = matching.iter().map(|s| &s.document).collect();
    let options = ScoreOptions {
        kinds: kinds_scored(key, &documents, options),
        threshold: options.threshold,
    };
    (matching, refused, options)
}

#[cfg(test)]
mod tests;
