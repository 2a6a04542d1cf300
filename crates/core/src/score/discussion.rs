//! What a class discussion needs: for each key annotation, which students
//! found it; for each kind, how many students marked each stretch of the
//! text (run-length segments, for a heat map); and the extra spans several
//! students added, clustered by overlap.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::diff::{diff, DiffItem, Mark};
use super::{sort_out, ScoreOptions};
use crate::assignment::Submission;
use crate::matching::{normalise, overlap_ratio};
use crate::model::{AnnotatedDocument, Kind, Span};

/// A key annotation and the students who found it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFinding {
    pub annotation_id: String,
    pub kind: Kind,
    pub spans: Vec<Span>,
    pub found_by: Vec<String>,
}

/// A stretch of text and the students who marked all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub span: Span,
    pub count: usize,
    pub students: Vec<String>,
}

/// How the class covered the text with one kind: segments in text order,
/// each a maximal stretch marked by the same students (none left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub kind: Kind,
    pub segments: Vec<Segment>,
}

/// Extra annotations (matching no key annotation) of several students that
/// overlap one another at the threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtraCluster {
    pub kind: Kind,
    /// The spans of the first extra annotation of the cluster.
    pub spans: Vec<Span>,
    /// How many students added it.
    pub count: usize,
    pub students: Vec<String>,
    /// `(student, annotation id)` of every extra annotation in it.
    pub annotations: Vec<(String, String)>,
}

/// The discussion data of a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discussion {
    pub threshold: f64,
    /// The submissions counted (on the key's text).
    pub students: usize,
    pub key: Vec<KeyFinding>,
    pub coverage: Vec<Coverage>,
    /// Most students first.
    pub extras: Vec<ExtraCluster>,
}

/// The discussion data of the submissions on `key`'s text (others are left
/// out: [`super::score_class`] lists them).
pub fn discussion(
    key: &AnnotatedDocument,
    submissions: &[Submission],
    options: &ScoreOptions,
) -> Discussion {
    let (counted, _, options) = sort_out(key, submissions, options);
    let diffs: Vec<(&str, Vec<DiffItem>)> = counted
        .iter()
        .filter_map(|s| Some((s.student.as_str(), diff(key, s, &options).ok()?)))
        .collect();

    let key_findings = key
        .annotations
        .iter()
        .filter(|a| options.kinds.contains(&a.kind))
        .map(|a| KeyFinding {
            annotation_id: a.id.clone(),
            kind: a.kind.clone(),
            spans: a.spans.clone(),
            found_by: diffs
                .iter()
                .filter(|(_, items)| {
                    items.iter().any(|i| {
                        i.mark == Mark::Found && i.key_id.as_deref() == Some(a.id.as_str())
                    })
                })
                .map(|(student, _)| student.to_string())
                .collect(),
        })
        .collect();

    let coverage = options
        .kinds
        .iter()
        .map(|kind| Coverage {
            kind: kind.clone(),
            segments: segments(kind, &counted),
        })
        .collect();

    let mut extras: Vec<ExtraCluster> = Vec::new();
    for (student, items) in &diffs {
        for item in items.iter().filter(|i| i.mark == Mark::Extra) {
            let id = item.student_id.clone().unwrap_or_default();
            let cluster = extras.iter_mut().find(|c| {
                c.kind == item.kind
                    && overlap_ratio(&c.spans, &item.student_spans) >= options.threshold
            });
            match cluster {
                Some(c) => {
                    if !c.students.iter().any(|s| s == student) {
                        c.students.push(student.to_string());
                    }
                    c.annotations.push((student.to_string(), id));
                }
                None => extras.push(ExtraCluster {
                    kind: item.kind.clone(),
                    spans: item.student_spans.clone(),
                    count: 0,
                    students: vec![student.to_string()],
                    annotations: vec![(student.to_string(), id)],
                }),
            }
        }
    }
    for cluster in &mut extras {
        cluster.count = cluster.students.len();
    }
    crate::sort::sort_by_key(&mut extras, |c| {
        (
            std::cmp::Reverse(c.count),
            c.spans.first().map_or(0, |s| s.start),
        )
    });

    Discussion {
        threshold: options.threshold,
        students: counted.len(),
        key: key_findings,
        coverage,
        extras,
    }
}

/// The run-length coverage of `kind`: at each boundary of any student's
/// marked code points the set of students changes; each stretch with at
/// least one student is a segment.
fn segments(kind: &Kind, submissions: &[&Submission]) -> Vec<Segment> {
    // Boundary -> (students starting there, students ending there).
    let mut events: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, submission) in submissions.iter().enumerate() {
        let spans: Vec<Span> = submission
            .document
            .annotations
            .iter()
            .filter(|a| &a.kind == kind)
            .flat_map(|a| a.spans.iter().copied())
            .collect();
        for span in normalise(&spans) {
            events.entry(span.start).or_default().0.push(i);
            events.entry(span.end).or_default().1.push(i);
        }
    }
    let mut active: BTreeSet<usize> = BTreeSet::new();
    let mut out: Vec<Segment> = Vec::new();
    let mut previous: Option<usize> = None;
    for (&at, (starting, ending)) in &events {
        if let Some(from) = previous {
            if !active.is_empty() && from < at {
                let students: Vec<String> = active
                    .iter()
                    .map(|&i| submissions[i].student.clone())
                    .collect();
                match out.last_mut() {
                    Some(last) if last.span.end == from && last.students == students => {
                        last.span.end = at;
                    }
                    _ => out.push(Segment {
                        span: Span::new(from, at),
                        count: students.len(),
                        students,
                    }),
                }
            }
        }
        for i in ending {
            active.remove(i);
        }
        active.extend(starting.iter().copied());
        previous = Some(at);
    }
    out
}
