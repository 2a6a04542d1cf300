//! The class table: one row per student with the overall and per-kind
//! scores, the rubric's level (or the teacher's override) and a comment;
//! as plain text for a terminal and as CSV for a gradebook.

use serde::Serialize;

use super::rubric::{Override, Rubric};
use super::{ClassScores, Refused};
use crate::formats::csv::neutralise;

/// One student's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    pub student: String,
    pub class_id: Option<String>,
    pub found: usize,
    pub missed: usize,
    pub extra: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// One per kind of the table, in its order.
    pub kinds: Vec<KindCells>,
    pub speaker_accuracy: Option<f64>,
    pub stance_accuracy: Option<f64>,
    pub checkworthiness_accuracy: Option<f64>,
    /// The level: the teacher's override, else the rubric's.
    pub level: String,
    /// The rubric's level, whatever the override.
    pub rubric_level: String,
    /// Whether a teacher set the level.
    pub overridden: bool,
    pub comment: String,
}

/// A row's figures for one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindCells {
    pub kind: String,
    pub found: usize,
    pub missed: usize,
    pub extra: usize,
    pub f1: f64,
}

/// The table of a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassTable {
    pub threshold: f64,
    pub kinds: Vec<String>,
    pub rows: Vec<ClassRow>,
    /// Submissions not scored, with the reason.
    pub refused: Vec<Refused>,
}

impl ClassTable {
    /// The table of `scores`, levels by `rubric` unless `overrides` name
    /// the student (the last override of a name wins).
    pub fn new(scores: &ClassScores, rubric: &Rubric, overrides: &[Override]) -> ClassTable {
        let rows = scores
            .students
            .iter()
            .map(|s| {
                let rubric_level = rubric.level(s.overall_prf.f1).to_string();
                let teacher = overrides.iter().rev().find(|o| o.student == s.student);
                let levelled = teacher.filter(|o| !o.level.is_empty());
                ClassRow {
                    student: s.student.clone(),
                    class_id: s.class_id.clone(),
                    found: s.overall.found,
                    missed: s.overall.missed,
                    extra: s.overall.extra,
                    precision: s.overall_prf.precision,
                    recall: s.overall_prf.recall,
                    f1: s.overall_prf.f1,
                    kinds: s
                        .kinds
                        .iter()
                        .map(|k| KindCells {
                            kind: k.kind.to_string(),
                            found: k.tally.found,
                            missed: k.tally.missed,
                            extra: k.tally.extra,
                            f1: k.prf.f1,
                        })
                        .collect(),
                    speaker_accuracy: s.speaker.rate(),
                    stance_accuracy: s.stance.rate(),
                    checkworthiness_accuracy: s.checkworthiness.rate(),
                    // An override with a comment and no level keeps the
                    // rubric's level.
                    level: levelled.map_or_else(|| rubric_level.clone(), |o| o.level.clone()),
                    rubric_level,
                    overridden: levelled.is_some(),
                    comment: teacher.map(|o| o.comment.clone()).unwrap_or_default(),
                }
            })
            .collect();
        ClassTable {
            threshold: scores.threshold,
            kinds: scores.kinds.iter().map(|k| k.to_string()).collect(),
            rows,
            refused: scores.refused.clone(),
        }
    }

    /// The header of the CSV.
    fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = [
            "student",
            "class",
            "level",
            "comment",
            "f1",
            "precision",
            "recall",
            "found",
            "missed",
            "extra",
        ]
        .map(str::to_string)
        .to_vec();
        for kind in &self.kinds {
            for figure in ["found", "missed", "extra", "f1"] {
                header.push(format!("{kind}_{figure}"));
            }
        }
        header.extend(
            [
                "speaker_accuracy",
                "stance_accuracy",
                "checkworthiness_accuracy",
            ]
            .map(str::to_string),
        );
        header
    }

    /// The table as CSV, one row per student; figures are decimals to 3
    /// places, an accuracy with nothing checked is empty, and a cell
    /// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
    /// leading apostrophe so a spreadsheet does not run it as a formula
    /// (the rule of the CSV format, [`neutralise`]).
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.header())?;
        for row in &self.rows {
            let mut cells = vec![
                row.student.clone(),
                row.class_id.clone().unwrap_or_default(),
                row.level.clone(),
                row.comment.clone(),
                decimal(row.f1),
                decimal(row.precision),
                decimal(row.recall),
                row.found.to_string(),
                row.missed.to_string(),
                row.extra.to_string(),
            ];
            for kind in &row.kinds {
                cells.extend([
                    kind.found.to_string(),
                    kind.missed.to_string(),
                    kind.extra.to_string(),
                    decimal(kind.f1),
                ]);
            }
            for accuracy in [
                row.speaker_accuracy,
                row.stance_accuracy,
                row.checkworthiness_accuracy,
            ] {
                cells.push(accuracy.map(decimal).unwrap_or_default());
            }
            writer.write_record(cells.iter().map(|c| neutralise(c)))?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The table as plain text: one line per student with the overall
    /// figures, F1 per kind, the accuracies and the level; then the
    /// submissions not scored.
    pub fn to_text(&self) -> String {
        let name_width = self
            .rows
            .iter()
            .map(|r| r.student.chars().count())
            .chain([7])
            .max()
            .unwrap_or(7)
            .min(30);
        let mut out = format!(
            "{:<name_width$}  {:>5} {:>5} {:>5}  {:>5} {:>5} {:>5}",
            "student", "found", "miss", "extra", "P%", "R%", "F1%"
        );
        let headers: Vec<String> = self.kinds.iter().map(|k| format!("{k} F1%")).collect();
        let widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(5)).collect();
        for (header, width) in headers.iter().zip(&widths) {
            out.push_str(&format!(" {header:>width$}"));
        }
        out.push_str(&format!(
            " {:>8} {:>8} {:>8}  level\n",
            "speaker%", "stance%", "check%"
        ));
        for row in &self.rows {
            out.push_str(&format!(
                "{:<name_width$}  {:>5} {:>5} {:>5}  {} {} {}",
                short(&row.student, name_width),
                row.found,
                row.missed,
                row.extra,
                percent(row.precision),
                percent(row.recall),
                percent(row.f1)
            ));
            for (kind, width) in row.kinds.iter().zip(&widths) {
                out.push_str(&format!(" {:>width$}", percent(kind.f1)));
            }
            for accuracy in [
                row.speaker_accuracy,
                row.stance_accuracy,
                row.checkworthiness_accuracy,
            ] {
                out.push_str(&format!(
                    " {:>8}",
                    accuracy.map_or_else(|| "-".to_string(), percent)
                ));
            }
            out.push_str(&format!("  {}", row.level));
            if row.overridden {
                out.push_str(" (set by teacher)");
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "Pairs count at overlap >= {}; F1 = 2 found / (2 found + missed + extra).\n",
            self.threshold
        ));
        for refused in &self.refused {
            out.push_str(&format!(
                "not scored: {}: {}\n",
                refused.student, refused.reason
            ));
        }
        out
    }
}

fn decimal(x: f64) -> String {
    format!("{x:.3}")
}

fn percent(x: f64) -> String {
    format!("{:5.1}", x * 100.0)
}

fn short(text: &str, width: usize) -> String {
    if text.chars().count() > width {
        text.chars()
            .take(width.saturating_sub(1))
            .chain(std::iter::once('…'))
            .collect()
    } else {
        text.to_string()
    }
}
