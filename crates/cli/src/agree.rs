//! `attrib agree`: agreement between annotators' files, as a table of
//! named figures and a per-document breakdown worst first, or as JSON with
//! the same names.

use std::collections::BTreeMap;
use std::process::ExitCode;

use attrib_core::agree::{agree, Agreement, Annotator, Figure, Unmatched};
use serde::Serialize;

use crate::args::AgreeArgs;
use crate::failure::Failure;
use crate::input;
use crate::output;

/// The figures the per-document table shows (JSON gives them all).
const DOCUMENT_COLUMNS: [&str; 4] = [
    "f1_overlap.all",
    "alpha.all",
    "f1_overlap.quote",
    "speaker_agreement.quote",
];

pub fn run(args: &AgreeArgs) -> Result<ExitCode, Failure> {
    if args.files.len() < 2 {
        return Err(Failure::Usage(
            "agreement needs two or more files, one per annotator".to_string(),
        ));
    }
    if !(args.overlap > 0.0 && args.overlap <= 1.0) {
        return Err(Failure::Usage(format!(
            "--overlap {} is not a ratio above 0 and at most 1",
            args.overlap
        )));
    }
    let mut annotators = Vec::with_capacity(args.files.len());
    let mut read_files = Vec::new();
    for path in &args.files {
        let loaded = input::load(path, &args.input)?;
        loaded.warn_unplaced();
        read_files.extend(loaded.read_files);
        annotators.push(Annotator {
            name: loaded.name,
            documents: loaded.imported.documents,
        });
    }
    let agreement = agree(&annotators, args.overlap);
    for unmatched in &agreement.unmatched {
        eprintln!("warning: {}", describe(unmatched));
    }
    if agreement.documents.is_empty() {
        return Err(Failure::Data(
            "no document is held by two of the files (texts are matched by SHA-256), so there \
             is nothing to compare"
                .to_string(),
        ));
    }
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&Report::of(&agreement))
            .map_err(|err| Failure::Data(format!("cannot write the figures: {err}")))?;
        json.push('\n');
        json
    } else {
        table(&agreement)
    };
    output::to_destination(args.output.as_deref(), &text, &read_files)?;
    Ok(ExitCode::SUCCESS)
}

fn describe(unmatched: &Unmatched) -> String {
    format!(
        "{}: document {:?} not compared: {}",
        unmatched.annotator, unmatched.document, unmatched.reason
    )
}

/// The JSON report: every figure by the name the table uses.
#[derive(Serialize)]
struct Report<'a> {
    annotators: &'a [String],
    overlap: f64,
    figures: Vec<NamedFigure<'a>>,
    /// Worst first.
    documents: Vec<DocumentReport<'a>>,
    unmatched: &'a [Unmatched],
}

#[derive(Serialize)]
struct NamedFigure<'a> {
    name: &'a str,
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undefined: Option<&'a str>,
    n: u64,
    explanation: String,
}

#[derive(Serialize)]
struct DocumentReport<'a> {
    id: &'a str,
    sha256: &'a str,
    annotators: &'a [String],
    missing: &'a [String],
    /// Figure name → value (null when undefined).
    figures: BTreeMap<&'a str, Option<f64>>,
}

impl<'a> Report<'a> {
    fn of(agreement: &'a Agreement) -> Self {
        Report {
            annotators: &agreement.annotators,
            overlap: agreement.overlap,
            figures: agreement
                .figures
                .iter()
                .map(|f| NamedFigure {
                    name: &f.name,
                    value: f.value,
                    undefined: f.undefined.as_deref(),
                    n: f.n,
                    explanation: f.explanation(),
                })
                .collect(),
            documents: agreement
                .documents
                .iter()
                .map(|d| DocumentReport {
                    id: &d.id,
                    sha256: &d.sha256,
                    annotators: &d.annotators,
                    missing: &d.missing,
                    figures: d
                        .figures
                        .iter()
                        .map(|f| (f.name.as_str(), f.value))
                        .collect(),
                })
                .collect(),
            unmatched: &agreement.unmatched,
        }
    }
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// The human-readable report.
fn table(agreement: &Agreement) -> String {
    let mut out = format!(
        "{} annotators ({}), overlap >= {}: {} compared, {} not compared\n\n",
        agreement.annotators.len(),
        agreement.annotators.join(", "),
        agreement.overlap,
        crate::validate::plural(agreement.documents.len(), "document"),
        agreement.unmatched.len()
    );
    out.push_str(&format!(
        "{:<32} {:>7} {:>8}  {}\n",
        "figure", "value", "n", "undefined because"
    ));
    for figure in &agreement.figures {
        out.push_str(&figure_row(figure));
    }
    out.push_str(&format!("\nper document, worst first\n{:<32}", "document"));
    for column in DOCUMENT_COLUMNS {
        out.push_str(&format!(" {column:>24}"));
    }
    out.push_str("  missing\n");
    for doc in &agreement.documents {
        out.push_str(&format!("{:<32}", short(&doc.id)));
        for column in DOCUMENT_COLUMNS {
            let value = doc.figure(column).and_then(|f| f.value);
            out.push_str(&format!(" {:>24}", number(value)));
        }
        if !doc.missing.is_empty() {
            out.push_str(&format!("  {}", doc.missing.join(", ")));
        }
        out.push('\n');
    }
    for unmatched in &agreement.unmatched {
        out.push_str(&format!("not compared: {}\n", describe(unmatched)));
    }
    out
}

fn figure_row(figure: &Figure) -> String {
    let row = format!(
        "{:<32} {:>7} {:>8}  {}",
        figure.name,
        number(figure.value),
        figure.n,
        figure.undefined.as_deref().unwrap_or("")
    );
    format!("{}\n", row.trim_end())
}

/// A document id cut to fit its column.
fn short(id: &str) -> String {
    if id.chars().count() > 31 {
        id.chars().take(30).chain(std::iter::once('…')).collect()
    } else {
        id.to_string()
    }
}
