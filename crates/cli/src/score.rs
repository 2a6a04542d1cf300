//! `attrib score`: students' files scored against an answer key, printed
//! as the class table (plain text, JSON or CSV) that attrib-core builds.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attrib_core::assignment::Submission;
use attrib_core::model::{AnnotatedDocument, Kind};
use attrib_core::score::{score_class, ClassTable, Override, Refused, ScoreOptions};

use crate::args::{InputArgs, ScoreArgs};
use crate::assignment::parse_kinds;
use crate::failure::Failure;
use crate::input;
use crate::output;

pub fn run(args: &ScoreArgs) -> Result<ExitCode, Failure> {
    let (key, mut kinds) = load_key(args)?;
    if !args.kinds.is_empty() {
        kinds = parse_kinds(&args.kinds)?;
    }
    let mut submissions = Vec::new();
    let mut unreadable = Vec::new();
    let mut read_files = vec![args.key.clone()];
    for path in &args.students {
        let stem = input::file_stem(path).unwrap_or_else(|| "stdin".to_string());
        match load_student(path, &stem) {
            Ok((found, files)) => {
                submissions.extend(found);
                read_files.extend(files);
            }
            Err(failure) => {
                eprintln!("warning: not scored: {failure}");
                unreadable.push(Refused {
                    student: stem,
                    reason: failure.message().to_string(),
                });
            }
        }
    }
    let options = ScoreOptions {
        threshold: args.overlap,
        kinds,
    };
    for kind in &options.kinds {
        let marked = |doc: &AnnotatedDocument| doc.annotations.iter().any(|a| &a.kind == kind);
        if !marked(&key) && !submissions.iter().any(|s| marked(&s.document)) {
            eprintln!(
                "warning: --kinds names {kind}, which neither the key nor any student marked"
            );
        }
    }
    let mut scores = score_class(&key, &submissions, &options);
    for refused in &scores.refused {
        eprintln!(
            "warning: not scored: {}: {}",
            refused.student, refused.reason
        );
    }
    scores.refused.extend(unreadable);
    if scores.students.is_empty() {
        return Err(Failure::Data(format!(
            "no student file could be scored ({} not scored, listed above)",
            scores.refused.len()
        )));
    }
    let rubric = args.rubric.clone().unwrap_or_default();
    let overrides = args
        .overrides
        .iter()
        .map(|line| {
            Override::parse(line, &rubric).map_err(|e| Failure::Usage(format!("--override: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for o in &overrides {
        if !scores.students.iter().any(|s| s.student == o.student) {
            eprintln!(
                "warning: --override names {}, but no scored student has that name",
                o.student
            );
        }
    }
    let table = ClassTable::new(&scores, &rubric, &overrides);
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&table)
            .map_err(|err| Failure::Data(format!("cannot write the scores: {err}")))?;
        json.push('\n');
        json
    } else if args.csv {
        table
            .to_csv()
            .map_err(|err| Failure::Data(format!("cannot write the CSV: {err}")))?
    } else {
        table.to_text()
    };
    output::to_destination(args.output.as_deref(), &text, &read_files)?;
    Ok(ExitCode::SUCCESS)
}

/// The key and the kinds to score: an assignment's key and kinds, or the
/// one document of an annotation file and every kind marked.
fn load_key(args: &ScoreArgs) -> Result<(AnnotatedDocument, Vec<Kind>), Failure> {
    let name = input::display_name(&args.key);
    if let Some(assignment) = input::load_assignment(&args.key)? {
        let key = assignment.key.ok_or_else(|| {
            Failure::Usage(format!(
                "{name}: the assignment holds no answer key (it was made without \
                 --self-check); give the teacher's annotated file as --key"
            ))
        })?;
        return Ok((key, assignment.kinds));
    }
    let loaded = input::load(&args.key, &InputArgs::default())?;
    let mut documents = loaded.imported.documents.into_iter();
    match (documents.next(), documents.next()) {
        (Some(key), None) => Ok((key, Vec::new())),
        _ => Err(Failure::Usage(format!(
            "{name}: a key is one document, and this file holds several"
        ))),
    }
}

/// The submissions in a student's file (one per document), with the files
/// read.
fn load_student(path: &Path, stem: &str) -> Result<(Vec<Submission>, Vec<PathBuf>), Failure> {
    if input::load_assignment(path)?.is_some() {
        return Err(Failure::Data(format!(
            "{}: an assignment, not a student's work",
            input::display_name(path)
        )));
    }
    let loaded = input::load(path, &InputArgs::default())?;
    let many = loaded.imported.documents.len() > 1;
    let submissions = loaded
        .imported
        .documents
        .into_iter()
        .enumerate()
        .map(|(i, doc)| {
            let fallback = if many {
                format!("{stem} #{}", i + 1)
            } else {
                stem.to_string()
            };
            Submission::from_document(doc, &fallback)
        })
        .collect();
    Ok((submissions, loaded.read_files))
}
