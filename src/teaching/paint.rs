//! Painting the article for the teaching views: stretches of the text,
//! each with the classes of every mark covering it (found, missed, extra;
//! heat levels), so a view renders a handful of text spans, never one node
//! per character, and never inserts HTML.

use std::collections::BTreeSet;

use attrib_core::model::Span;

/// A stretch of the text and the marks over it (indexes into the marks
/// given to [`paint`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stretch {
    pub span: Span,
    pub marks: Vec<usize>,
}

/// The text `0..len` cut at every edge of `marks`, each stretch with the
/// marks covering it, in text order; together they cover the whole text.
/// Marks past the end are cut to it.
pub(crate) fn paint(len: usize, marks: &[Span]) -> Vec<Stretch> {
    let mut edges: BTreeSet<usize> = [0, len].into_iter().collect();
    for m in marks {
        edges.insert(m.start.min(len));
        edges.insert(m.end.min(len));
    }
    let edges: Vec<usize> = edges.into_iter().collect();
    edges
        .windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Stretch {
            span: Span::new(w[0], w[1]),
            marks: marks
                .iter()
                .enumerate()
                .filter(|(_, m)| m.start <= w[0] && w[1] <= m.end)
                .map(|(i, _)| i)
                .collect(),
        })
        .collect()
}

/// The heat class of a stretch `count` of `students` marked: `heat-1`
/// (a few) to `heat-5` (all or nearly all).
pub(crate) fn heat_class(count: usize, students: usize) -> &'static str {
    const CLASSES: [&str; 5] = ["heat-1", "heat-2", "heat-3", "heat-4", "heat-5"];
    if students == 0 || count == 0 {
        return "";
    }
    let level = (count * 5).div_ceil(students).clamp(1, 5);
    CLASSES[level - 1]
}
