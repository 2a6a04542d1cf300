//! `attrib validate`: one line per problem in each file, and an exit status
//! saying whether every file is valid.

use std::process::ExitCode;

use attrib_core::formats::Unplaced;
use attrib_core::validate::{validate, Problem};
use attrib_core::AnnotatedDocument;

use crate::args::ValidateArgs;
use crate::failure::Failure;
use crate::input::{self, Loaded};
use crate::output;

/// What checking one file found.
struct Report {
    /// Problem lines, each starting with the file name.
    lines: Vec<String>,
    /// The one-line summary for standard error.
    summary: String,
    /// 0 valid, 1 invalid data, 2 wrong usage.
    status: u8,
}

pub fn run(args: &ValidateArgs) -> Result<ExitCode, Failure> {
    let mut lines = Vec::new();
    let mut status = 0u8;
    let mut read_files = Vec::new();
    for file in &args.files {
        let report = match input::load(file, &args.input) {
            Ok(loaded) => {
                read_files.extend(loaded.read_files.iter().cloned());
                check(&loaded)
            }
            Err(err) => Report {
                summary: format!("{}: cannot be checked", err.file),
                status: if err.usage { 2 } else { 1 },
                lines: vec![err.to_string()],
            },
        };
        eprintln!("{}", report.summary);
        status = status.max(report.status);
        lines.extend(report.lines);
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    if args.output.is_some() || !text.is_empty() {
        output::to_destination(args.output.as_deref(), &text, &read_files)?;
    }
    Ok(ExitCode::from(status))
}

fn check(loaded: &Loaded) -> Report {
    let name = &loaded.name;
    let docs = &loaded.imported.documents;
    let mut lines: Vec<String> = loaded
        .imported
        .unplaced
        .iter()
        .map(|unplaced| format!("{name}: {}", unplaced_problem(unplaced)))
        .collect();
    for (i, doc) in docs.iter().enumerate() {
        let at = (docs.len() > 1).then(|| document_path(i, doc));
        lines.extend(
            validate(doc)
                .iter()
                .map(|problem| problem_line(name, at.as_deref(), problem)),
        );
    }
    let annotations: usize = docs.iter().map(|d| d.annotations.len()).sum();
    let contents = format!(
        "{}, {}",
        plural(docs.len(), "document"),
        plural(annotations, "annotation")
    );
    let summary = if lines.is_empty() {
        format!(
            "{name}: valid ({contents}, read as {})",
            loaded.read_as.label()
        )
    } else {
        format!(
            "{name}: {} ({contents}, read as {})",
            plural(lines.len(), "problem"),
            loaded.read_as.label()
        )
    };
    Report {
        status: u8::from(!lines.is_empty()),
        lines,
        summary,
    }
}

/// `documents[3] (doc-4)`, for files that hold several documents.
pub fn document_path(index: usize, doc: &AnnotatedDocument) -> String {
    if doc.meta.id.trim().is_empty() {
        format!("documents[{index}]")
    } else {
        format!("documents[{index}] ({})", doc.meta.id)
    }
}

/// `file: [documents[i] (id).]path: message`.
pub fn problem_line(file: &str, document: Option<&str>, problem: &Problem) -> String {
    match document {
        Some(document) => format!("{file}: {document}.{problem}"),
        None => format!("{file}: {problem}"),
    }
}

/// A span the file put where its text is not, and that its exact text does
/// not place either.
fn unplaced_problem(unplaced: &Unplaced) -> String {
    let (what, reason) = match unplaced.reason.strip_prefix("cue: ") {
        Some(reason) => ("cue", reason),
        None => ("span", unplaced.reason.as_str()),
    };
    format!(
        "annotation {}: {what} {} {:?} is not at its offsets in the text and cannot be placed \
         by its text ({reason}); expected the text the file gives at those offsets",
        unplaced.annotation_id,
        unplaced.original,
        excerpt(&unplaced.exact)
    )
}

/// The text of a span, shortened to 60 code points for a one-line message.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX - 1).collect();
        short.push('…');
        short
    }
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attrib_core::Span;

    #[test]
    fn problem_lines_name_the_file_and_the_document() {
        let problem = Problem::new("annotations[2] (a3).spans[0]", "reversed span 5..2");
        assert_eq!(
            problem_line("a.json", None, &problem),
            "a.json: annotations[2] (a3).spans[0]: reversed span 5..2"
        );
        assert_eq!(
            problem_line("c.jsonl", Some("documents[1] (d2)"), &problem),
            "c.jsonl: documents[1] (d2).annotations[2] (a3).spans[0]: reversed span 5..2"
        );
    }

    #[test]
    fn unplaced_spans_and_cues_are_told_apart() {
        let unplaced = Unplaced {
            annotation_id: "q1".into(),
            exact: "said".into(),
            original: Span::new(4, 8),
            reason: "cue: found 3 times, context does not decide".into(),
        };
        let line = unplaced_problem(&unplaced);
        assert!(
            line.starts_with("annotation q1: cue 4..8 \"said\""),
            "{line}"
        );
        assert!(
            line.contains("(found 3 times, context does not decide)"),
            "{line}"
        );
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("short"), "short");
        let long = "x".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 60);
        assert!(excerpt(&long).ends_with('…'));
    }
}
