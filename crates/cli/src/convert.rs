//! `attrib convert`: import a file in any format, export it in another.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attrib_core::formats::{self, Format, OutputFile, Unplaced};
use attrib_core::validate::validate;
use attrib_core::AnnotatedDocument;

use crate::args::ConvertArgs;
use crate::failure::Failure;
use crate::input::{self, file_stem, is_stdin, Loaded};
use crate::output;
use crate::validate::{document_path, excerpt, plural, problem_line};

pub fn run(args: &ConvertArgs) -> Result<ExitCode, Failure> {
    let to = args.to.format();
    // Check the destination before reading, so a brat conversion without a
    // directory fails fast.
    check_destination(to, args.output.as_deref())?;
    let loaded = input::load(&args.input_file, &args.input)?;
    report_broken(&loaded, args.strict)?;
    report_unplaced(&loaded, args.strict)?;
    write(
        &loaded,
        &loaded.imported.documents,
        to,
        args.output.as_deref(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses brat output without a directory to write it into.
pub fn check_destination(to: Format, output: Option<&Path>) -> Result<(), Failure> {
    match (to, output) {
        (Format::Brat, Some(dir)) if !is_stdin(dir) => Ok(()),
        (Format::Brat, _) => Err(Failure::Usage(
            "brat output is two files per document (.txt and .ann): give a directory \
             with -o DIR"
                .to_string(),
        )),
        _ => Ok(()),
    }
}

/// Writes `docs` (read from `loaded`) as `to`: to `output` (a file, or a
/// directory to write into) or standard output.
pub fn write(
    loaded: &Loaded,
    docs: &[AnnotatedDocument],
    to: Format,
    output: Option<&Path>,
) -> Result<(), Failure> {
    check_destination(to, output)?;
    refuse_invalid(loaded, docs)?;
    match output.filter(|_| to == Format::Brat) {
        Some(dir) => write_brat(loaded, docs, dir)?,
        None => {
            let file = export_one(loaded, docs, to)?;
            let destination = output.map(|out| {
                if out.is_dir() {
                    out.join(format!("{}.{}", output_stem(loaded, docs), file.extension))
                } else {
                    out.to_path_buf()
                }
            });
            output::to_destination(destination.as_deref(), &file.contents, &loaded.read_files)?;
            if let Some(path) = destination.filter(|path| !is_stdin(path)) {
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// Refuses to write documents `attrib validate` would refuse: lists their
/// problems on standard error, as `validate` words them, and fails.
fn refuse_invalid(loaded: &Loaded, docs: &[AnnotatedDocument]) -> Result<(), Failure> {
    let mut count = 0;
    for (i, doc) in docs.iter().enumerate() {
        let at = (docs.len() > 1).then(|| document_path(i, doc));
        for problem in validate(doc) {
            eprintln!(
                "error: {}",
                problem_line(&loaded.name, at.as_deref(), &problem)
            );
            count += 1;
        }
    }
    if count == 0 {
        return Ok(());
    }
    Err(Failure::Data(format!(
        "{}: {} (listed above) in what would be written; nothing was written, \
         as `attrib validate` would refuse it",
        loaded.name,
        plural(count, "problem")
    )))
}

/// With `--strict`, refuses a file with lines that did not read (loading
/// listed them as warnings already).
fn report_broken(loaded: &Loaded, strict: bool) -> Result<(), Failure> {
    let broken = &loaded.imported.broken;
    match broken.first() {
        Some(first) if strict => Err(Failure::Data(format!(
            "{}: {} did not read ({first}{}); nothing was written (--strict)",
            loaded.name,
            plural(broken.len(), "line"),
            if broken.len() > 1 { ", …" } else { "" }
        ))),
        _ => Ok(()),
    }
}

/// Lists every unplaced span on standard error; with `--strict`, fails.
fn report_unplaced(loaded: &Loaded, strict: bool) -> Result<(), Failure> {
    let unplaced = &loaded.imported.unplaced;
    if unplaced.is_empty() {
        return Ok(());
    }
    let level = if strict { "error" } else { "warning" };
    for span in unplaced {
        eprintln!("{level}: {}: {}", loaded.name, unplaced_line(span, !strict));
    }
    let count = plural(unplaced.len(), "span");
    if strict {
        Err(Failure::Data(format!(
            "{}: {count} could not be placed in the text; nothing was written (--strict)",
            loaded.name
        )))
    } else {
        eprintln!(
            "warning: {}: {count} could not be placed in the text (listed above); \
             --strict makes this an error",
            loaded.name
        );
        Ok(())
    }
}

/// One unplaced span; with `effect`, what happens to its annotation.
fn unplaced_line(unplaced: &Unplaced, effect: bool) -> String {
    let (what, consequence, reason) = match unplaced.reason.strip_prefix("cue: ") {
        Some(reason) => ("cue", "; the annotation is kept without its cue", reason),
        None => (
            "span",
            "; the annotation is left out",
            unplaced.reason.as_str(),
        ),
    };
    format!(
        "annotation {}: {what} {} {:?} cannot be placed ({reason}){}",
        unplaced.annotation_id,
        unplaced.original,
        excerpt(&unplaced.exact),
        if effect { consequence } else { "" }
    )
}

/// The single file a non-brat format produces for all the documents.
fn export_one(
    loaded: &Loaded,
    docs: &[AnnotatedDocument],
    to: Format,
) -> Result<OutputFile, Failure> {
    let files = formats::export(docs, to).map_err(|err| export_failure(loaded, to, err))?;
    let count = files.len();
    files
        .into_iter()
        .next()
        .filter(|_| count == 1)
        .ok_or_else(|| {
            Failure::Data(format!(
                "{}: writing {} gave {count} files where one was expected; this is a bug in attrib",
                loaded.name,
                to.label()
            ))
        })
}

fn export_failure(loaded: &Loaded, to: Format, err: formats::FormatError) -> Failure {
    // The core already says what to do about zero or several documents.
    let hint = if loaded.imported.documents.len() == 1 {
        "; `attrib validate` lists what is wrong with the input"
    } else {
        ""
    };
    let reason = match err {
        formats::FormatError::Unsupported { message, .. } => message,
        other => other.to_string(),
    };
    Failure::Data(format!(
        "{}: cannot write it as {}: {reason}{hint}",
        loaded.name,
        to.label()
    ))
}

/// Writes each document as DIR/<name>.txt and DIR/<name>.ann: one document
/// takes the input's file name, several take their document ids.
fn write_brat(loaded: &Loaded, docs: &[AnnotatedDocument], dir: &Path) -> Result<(), Failure> {
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is a file; brat output needs a directory for its .txt and .ann files",
            dir.display()
        )));
    }
    if docs.is_empty() {
        return Err(Failure::Data(format!(
            "{}: holds no document, so there is no brat .txt and .ann to write",
            loaded.name
        )));
    }
    std::fs::create_dir_all(dir).map_err(|err| {
        Failure::Data(format!(
            "cannot create the directory {}: {err}",
            dir.display()
        ))
    })?;
    let names = brat_names(loaded, docs);
    let mut written: Vec<PathBuf> = Vec::new();
    for (doc, name) in docs.iter().zip(names) {
        let files = formats::export(std::slice::from_ref(doc), Format::Brat)
            .map_err(|err| export_failure(loaded, Format::Brat, err))?;
        for file in files {
            let path = dir.join(format!("{name}.{}", file.extension));
            output::to_file(&path, &file.contents, &loaded.read_files)?;
            written.push(path);
        }
    }
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!("wrote {}", shown.join(", "));
    Ok(())
}

/// File names (without extension) for the documents, unique.
fn brat_names(loaded: &Loaded, docs: &[AnnotatedDocument]) -> Vec<String> {
    if docs.len() == 1 {
        return vec![output_stem(loaded, docs)];
    }
    let mut used = HashSet::new();
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let base =
                safe_file_name(&doc.meta.id).unwrap_or_else(|| format!("document-{}", i + 1));
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// The name outputs are given in a directory: the input's file name without
/// extension, else the (single) document's id, else "document".
fn output_stem(loaded: &Loaded, docs: &[AnnotatedDocument]) -> String {
    loaded
        .read_files
        .first()
        .and_then(|path| file_stem(path))
        .or_else(|| match docs {
            [doc] => safe_file_name(&doc.meta.id),
            _ => None,
        })
        .unwrap_or_else(|| "document".to_string())
}

/// A document id made safe as a file name: path separators and control
/// characters become `_`; `None` when nothing usable is left.
fn safe_file_name(id: &str) -> Option<String> {
    let name: String = id
        .trim()
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c == ':' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim_start_matches('.').to_string();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ReadAs;
    use attrib_core::formats::Imported;
    use attrib_core::{Document, Metadata};

    fn loaded(ids: &[&str]) -> Loaded {
        let documents = ids
            .iter()
            .map(|id| {
                AnnotatedDocument::new(
                    Metadata {
                        id: id.to_string(),
                        ..Metadata::default()
                    },
                    Document::new("text"),
                )
            })
            .collect();
        Loaded {
            name: "<stdin>".into(),
            read_as: ReadAs::Format(Format::Jsonl),
            imported: Imported {
                documents,
                ..Imported::default()
            },
            read_files: Vec::new(),
        }
    }

    #[test]
    fn brat_names_are_safe_and_unique() {
        let input = loaded(&["a/b", "a/b", "", "..hidden"]);
        let names = brat_names(&input, &input.imported.documents);
        assert_eq!(names, ["a_b", "a_b-2", "document-3", "hidden"]);
    }

    #[test]
    fn one_document_is_named_after_the_input_file() {
        let mut input = loaded(&["doc-id"]);
        assert_eq!(brat_names(&input, &input.imported.documents), ["doc-id"]);
        input.read_files.push(PathBuf::from("dir/article.json"));
        assert_eq!(brat_names(&input, &input.imported.documents), ["article"]);
    }

    #[test]
    fn unplaced_lines_say_what_happens_to_the_annotation() {
        let span = Unplaced {
            annotation_id: "q2".into(),
            exact: "I lost".into(),
            original: attrib_core::Span::new(1, 7),
            reason: "not found".into(),
        };
        assert_eq!(
            unplaced_line(&span, true),
            "annotation q2: span 1..7 \"I lost\" cannot be placed (not found); \
             the annotation is left out"
        );
        assert_eq!(
            unplaced_line(&span, false),
            "annotation q2: span 1..7 \"I lost\" cannot be placed (not found)"
        );
    }
}
