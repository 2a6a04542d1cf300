//! The class table's columns and its order: by any column, either way, ties
//! broken by the student's name so the order never depends on file order.

use std::cmp::Ordering;

use attrib_core::score::ClassRow;

/// A column of the class table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Column {
    Student,
    F1,
    Precision,
    Recall,
    Found,
    Missed,
    Extra,
    Speaker,
    Stance,
    Level,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Student,
        Column::F1,
        Column::Precision,
        Column::Recall,
        Column::Found,
        Column::Missed,
        Column::Extra,
        Column::Speaker,
        Column::Stance,
        Column::Level,
    ];

    /// The header a teacher reads.
    pub fn title(self) -> &'static str {
        match self {
            Column::Student => "Student",
            Column::F1 => "F1",
            Column::Precision => "Precision",
            Column::Recall => "Recall",
            Column::Found => "Found",
            Column::Missed => "Missed",
            Column::Extra => "Extra",
            Column::Speaker => "Speaker accuracy",
            Column::Stance => "Stance accuracy",
            Column::Level => "Level",
        }
    }
}

/// The rows in the order of `column`, ascending or not; a missing accuracy
/// sorts below every figure.
pub(crate) fn sorted(rows: &[ClassRow], column: Column, ascending: bool) -> Vec<&ClassRow> {
    let mut out: Vec<&ClassRow> = rows.iter().collect();
    let figure = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    };
    attrib_core::sort::sort_by(&mut out, |a, b| {
        let by = match column {
            Column::Student => Ordering::Equal,
            Column::F1 => a.f1.total_cmp(&b.f1),
            Column::Precision => a.precision.total_cmp(&b.precision),
            Column::Recall => a.recall.total_cmp(&b.recall),
            Column::Found => a.found.cmp(&b.found),
            Column::Missed => a.missed.cmp(&b.missed),
            Column::Extra => a.extra.cmp(&b.extra),
            Column::Speaker => figure(a.speaker_accuracy, b.speaker_accuracy),
            Column::Stance => figure(a.stance_accuracy, b.stance_accuracy),
            Column::Level => a.level.to_lowercase().cmp(&b.level.to_lowercase()),
        };
        let by = if ascending { by } else { by.reverse() };
        let name = a.student.to_lowercase().cmp(&b.student.to_lowercase());
        by.then(if column == Column::Student && !ascending {
            name.reverse()
        } else {
            name
        })
    });
    out
}
