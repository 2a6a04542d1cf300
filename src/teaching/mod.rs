//! The teaching state: a student working on an assignment (its instructions
//! and the hidden key for self-check), and a teacher scoring a class (the
//! key, the submissions, the threshold, the rubric, overrides, how the
//! class table is sorted and which view is shown). Pure data over
//! attrib-core with its own reducer ([`Teaching::update`]), which the app's
//! reducer calls for `Msg::Teach`; every figure comes from
//! `attrib_core::score`.

pub(crate) mod make;
pub(crate) mod paint;
pub(crate) mod saved;
pub(crate) mod sort;

use std::rc::Rc;

use attrib_core::assignment::{short_hash, Assignment, Submission};
use attrib_core::model::{AnnotatedDocument, Kind};
use serde::{Deserialize, Serialize};

use attrib_core::score::{
    discussion, score_class, ClassTable, Discussion, Override, Rubric, ScoreOptions,
    DEFAULT_THRESHOLD,
};

pub(crate) use sort::Column;

/// A student's assignment: what the teacher handed out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StudentMode {
    pub assignment: Rc<Assignment>,
    /// The id of the student's document: autosaved under it, and only a
    /// saved document with this id is restored in its place.
    pub document_id: String,
}

impl StudentMode {
    /// The id a student's document on `assignment` gets: apart from the
    /// article's own id, so the teacher's key (same article) is never
    /// overwritten when the teacher tries the link in their own browser.
    pub fn document_id(assignment: &Assignment) -> String {
        format!("assignment-{}", short_hash(assignment.id()))
    }
}

/// What the teaching page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum TeachView {
    /// The class table.
    Class,
    /// One student's work against the key (the student's name).
    Diff(String),
    /// The class discussion: findings, heat map, extras.
    Discussion,
    /// A student's own work against the hidden key (student mode).
    SelfCheck,
}

/// A file of submissions that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Unread {
    pub file: String,
    pub reason: String,
}

/// A teacher scoring a class.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scoring {
    pub key: Rc<AnnotatedDocument>,
    /// Where the key came from: "the current document" or a file name.
    pub key_source: String,
    pub submissions: Vec<Submission>,
    pub unread: Vec<Unread>,
    pub threshold: f64,
    /// The kinds the teacher chose to score; empty: the default (see
    /// [`Scoring::scored_kinds`]).
    pub kinds: Vec<Kind>,
    pub rubric: Rubric,
    pub overrides: Vec<Override>,
    pub sort: Column,
    pub ascending: bool,
    /// Hide students' names in the discussion (for the projector).
    pub hide_names: bool,
    /// Why the last threshold or rubric entry was not taken.
    pub problem: Option<String>,
    /// Counts the changes, so the session is saved after each.
    pub revision: u64,
}

impl Scoring {
    pub fn new(key: Rc<AnnotatedDocument>, key_source: &str) -> Scoring {
        Scoring {
            key,
            key_source: key_source.to_string(),
            submissions: Vec::new(),
            unread: Vec::new(),
            threshold: DEFAULT_THRESHOLD,
            kinds: Vec::new(),
            rubric: Rubric::default(),
            overrides: Vec::new(),
            sort: Column::Student,
            ascending: true,
            hide_names: false,
            problem: None,
            revision: 0,
        }
    }

    /// Whether the teacher has done nothing yet that a saved session of
    /// the same key would undo: no students' files, no overrides.
    pub fn is_fresh(&self) -> bool {
        self.submissions.is_empty() && self.unread.is_empty() && self.overrides.is_empty()
    }

    pub fn options(&self) -> ScoreOptions {
        ScoreOptions {
            threshold: self.threshold,
            kinds: self.scored_kinds(),
        }
    }

    /// The kinds scored: the teacher's choice, else every kind in the key
    /// (else, for an empty key, every kind anyone marked).
    pub fn scored_kinds(&self) -> Vec<Kind> {
        if self.kinds.is_empty() {
            let mut kinds: Vec<Kind> = self
                .key
                .annotations
                .iter()
                .map(|a| a.kind.clone())
                .collect();
            attrib_core::sort::sort(&mut kinds);
            kinds.dedup();
            kinds
        } else {
            self.kinds.clone()
        }
    }

    /// The kinds the teacher can choose from: those in the key or any
    /// student's work, in the core's order.
    pub fn offered_kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = std::iter::once(self.key.as_ref())
            .chain(self.submissions.iter().map(|s| &s.document))
            .flat_map(|d| d.annotations.iter().map(|a| a.kind.clone()))
            .collect();
        attrib_core::sort::sort(&mut kinds);
        kinds.dedup();
        kinds
    }

    /// The class table (rows in submission order; see [`sort::sorted`]).
    pub fn table(&self) -> ClassTable {
        let scores = score_class(&self.key, &self.submissions, &self.options());
        // An override with a comment and no level keeps the rubric's level
        // (the core's rule, so `attrib score --override` agrees).
        ClassTable::new(&scores, &self.rubric, &self.overrides)
    }

    pub fn discussion(&self) -> Discussion {
        discussion(&self.key, &self.submissions, &self.options())
    }

    pub fn submission(&self, student: &str) -> Option<&Submission> {
        self.submissions.iter().find(|s| s.student == student)
    }
}

/// Everything about teaching the page holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Teaching {
    pub student: Option<StudentMode>,
    pub scoring: Option<Scoring>,
    /// The teaching view shown instead of the workbench, if any.
    pub view: Option<TeachView>,
}

/// A submission file read (or not) by the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SubmissionFile {
    pub name: String,
    pub document: Result<AnnotatedDocument, String>,
}

/// The teaching messages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TeachMsg {
    /// Score against `key` (the current document, or a file); a scoring
    /// under way keeps its students' files and settings.
    StartScoring {
        key: Rc<AnnotatedDocument>,
        source: String,
    },
    /// Submission files chosen or dropped, each read or not.
    AddSubmissions(Vec<SubmissionFile>),
    RemoveSubmission(String),
    /// The threshold field as typed.
    SetThreshold(String),
    /// A rubric level's name as typed.
    SetLevelName(usize, String),
    /// A rubric level's cut-off as typed (0 to 1).
    SetLevelFrom(usize, String),
    /// A teacher's level for a student ("" for the rubric's), with a comment.
    SetOverride {
        student: String,
        level: String,
        comment: String,
    },
    /// Score a kind, or stop scoring it (at least one kind stays).
    ToggleKind(Kind),
    /// Sort the class table by a column (again: the other way).
    SortBy(Column),
    ToggleHideNames,
    Show(Option<TeachView>),
    /// Leave scoring (its figures are recomputed from the files next time).
    StopScoring,
    /// A saved session comes back: after a reload (`show`: the scoring
    /// page was showing), or when scoring its key again. It never replaces
    /// work on screen: only a fresh session of the same key, or none.
    Resume {
        saved: Rc<saved::SavedScoring>,
        show: bool,
    },
}

impl Teaching {
    /// Applies one teaching message. Nothing a user types can panic or
    /// lose the submissions; a value that does not read is refused with a
    /// reason in `Scoring::problem`.
    pub fn update(&mut self, msg: TeachMsg) {
        let revision = self.scoring.as_ref().map_or(0, |s| s.revision);
        self.apply(msg);
        if let Some(scoring) = self.scoring.as_mut() {
            scoring.revision = revision + 1;
        }
    }

    fn apply(&mut self, msg: TeachMsg) {
        if let TeachMsg::Resume { saved, show } = msg {
            self.resume(&saved, show);
            return;
        }
        if let TeachMsg::StartScoring { key, source } = msg {
            // A new key keeps the students' files and the teacher's settings.
            match self.scoring.as_mut() {
                Some(scoring) => {
                    scoring.key = key;
                    scoring.key_source = source;
                }
                None => self.scoring = Some(Scoring::new(key, &source)),
            }
            self.view = Some(TeachView::Class);
            return;
        }
        if let TeachMsg::Show(view) = msg {
            self.view = view;
            return;
        }
        if msg == TeachMsg::StopScoring {
            self.scoring = None;
            self.view = None;
            return;
        }
        let Some(scoring) = self.scoring.as_mut() else {
            return;
        };
        scoring.problem = None;
        match msg {
            TeachMsg::AddSubmissions(files) => add_submissions(scoring, files),
            TeachMsg::RemoveSubmission(student) => {
                scoring.submissions.retain(|s| s.student != student);
                if self.view == Some(TeachView::Diff(student)) {
                    self.view = Some(TeachView::Class);
                }
            }
            TeachMsg::SetThreshold(typed) => match parse_share(&typed) {
                Some(t) if t > 0.0 => scoring.threshold = t,
                _ => {
                    scoring.problem = Some(format!(
                        "The threshold “{}” is not a number above 0 and at most 1 (such as 0.5). \
                         The scores still use {}.",
                        typed.trim(),
                        scoring.threshold
                    ))
                }
            },
            TeachMsg::SetLevelName(i, name) => {
                let name = name.trim().to_string();
                match scoring.rubric.levels.get_mut(i) {
                    Some(level) if !name.is_empty() => level.name = name,
                    Some(level) => {
                        scoring.problem =
                            Some(format!("A level needs a name; “{}” is kept.", level.name))
                    }
                    None => {}
                }
            }
            TeachMsg::SetLevelFrom(i, typed) => {
                let Some(level) = scoring.rubric.levels.get_mut(i) else {
                    return;
                };
                match parse_share(&typed) {
                    Some(from) => level.from = from,
                    None => {
                        scoring.problem = Some(format!(
                            "The cut-off “{}” of {} is not a number from 0 to 1 (such as 0.8); \
                             it stays {}.",
                            typed.trim(),
                            level.name,
                            level.from
                        ))
                    }
                }
            }
            TeachMsg::SetOverride {
                student,
                level,
                comment,
            } => {
                scoring.overrides.retain(|o| o.student != student);
                if !level.trim().is_empty() || !comment.trim().is_empty() {
                    scoring.overrides.push(Override {
                        student,
                        level: level.trim().to_string(),
                        comment: comment.trim().to_string(),
                    });
                }
            }
            TeachMsg::SortBy(column) => {
                if scoring.sort == column {
                    scoring.ascending = !scoring.ascending;
                } else {
                    scoring.sort = column;
                    scoring.ascending = column == Column::Student;
                }
            }
            TeachMsg::ToggleHideNames => scoring.hide_names = !scoring.hide_names,
            TeachMsg::ToggleKind(kind) => {
                let mut kinds = scoring.scored_kinds();
                if kinds.contains(&kind) {
                    kinds.retain(|k| *k != kind);
                } else {
                    kinds.push(kind);
                    attrib_core::sort::sort(&mut kinds);
                }
                if kinds.is_empty() {
                    scoring.problem = Some(
                        "Score at least one kind: tick another kind before clearing this one."
                            .into(),
                    );
                } else {
                    scoring.kinds = kinds;
                }
            }
            TeachMsg::StartScoring { .. }
            | TeachMsg::Show(_)
            | TeachMsg::StopScoring
            | TeachMsg::Resume { .. } => {}
        }
    }
}

impl Teaching {
    fn resume(&mut self, saved: &saved::SavedScoring, show: bool) {
        match self.scoring.as_mut() {
            None => {
                self.scoring = Some(saved.to_scoring());
                if show {
                    self.view = Some(saved.view.clone().unwrap_or(TeachView::Class));
                }
            }
            Some(scoring)
                if scoring.is_fresh() && saved::session_id(&scoring.key) == saved.id() =>
            {
                let mut restored = saved.to_scoring();
                restored.key = scoring.key.clone();
                restored.key_source = scoring.key_source.clone();
                *scoring = restored;
            }
            // The session on screen wins.
            Some(_) => {}
        }
        let missing = match (&self.view, &self.scoring) {
            (Some(TeachView::Diff(student)), Some(scoring)) => {
                scoring.submission(student).is_none()
            }
            _ => false,
        };
        if missing {
            self.view = Some(TeachView::Class);
        }
    }
}

/// A number from 0 to 1, typed with a point or a comma.
fn parse_share(typed: &str) -> Option<f64> {
    let value: f64 = typed.trim().replace(',', ".").parse().ok()?;
    (value.is_finite() && (0.0..=1.0).contains(&value)).then_some(value)
}

/// Adds the files that read, named by their student (a file name when the
/// document names none; a second file of the same student replaces the
/// first), and lists those that did not.
fn add_submissions(scoring: &mut Scoring, files: Vec<SubmissionFile>) {
    for file in files {
        match file.document {
            Ok(document) => {
                let submission = Submission::from_document(document, &file.name);
                scoring
                    .submissions
                    .retain(|s| s.student != submission.student);
                scoring.unread.retain(|u| u.file != file.name);
                scoring.submissions.push(submission);
            }
            Err(reason) => {
                scoring.unread.retain(|u| u.file != file.name);
                scoring.unread.push(Unread {
                    file: file.name,
                    reason,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
