//! `attrib assignment`: an assignment made from an article, written as a
//! file or printed as a link.

use std::process::ExitCode;

use attrib_core::assignment::{encode_link, Assignment};
use attrib_core::model::Kind;

use crate::args::{AssignmentArgs, InputArgs};
use crate::failure::Failure;
use crate::input;
use crate::output;

pub fn run(args: &AssignmentArgs) -> Result<ExitCode, Failure> {
    let name = input::display_name(&args.document);
    let mut read_files = vec![args.document.clone()];
    let (mut assignment, key) = match input::load_assignment(&args.document)? {
        Some(assignment) => {
            let key = assignment.key.clone();
            (assignment, key)
        }
        None => {
            let loaded = input::load(&args.document, &InputArgs::default())?;
            read_files.extend(loaded.read_files);
            let mut documents = loaded.imported.documents.into_iter();
            let article = match (documents.next(), documents.next()) {
                (Some(article), None) => article,
                _ => {
                    return Err(Failure::Usage(format!(
                        "{name}: an assignment is on one article, and this file holds several"
                    )))
                }
            };
            let assignment = Assignment::new(&article);
            (assignment, Some(article))
        }
    };
    if let Some(preset) = args.preset {
        let preset = preset.preset();
        assignment.kinds = preset.kinds();
        assignment.schema = preset.schema();
        assignment.preset = Some(preset);
    }
    if !args.kinds.is_empty() {
        assignment.kinds = parse_kinds(&args.kinds)?;
    }
    assignment.allow_kinds();
    if let Some(path) = &args.instructions {
        read_files.push(path.clone());
        assignment.instructions = std::fs::read_to_string(path)
            .map_err(|err| Failure::Data(format!("cannot read {}: {err}", path.display())))?
            .trim_end()
            .to_string();
    }
    assignment.key = None;
    if args.self_check {
        let mut key = key.unwrap_or_else(|| assignment.blank_document());
        key.annotations
            .retain(|a| assignment.kinds.contains(&a.kind));
        if key.annotations.is_empty() {
            return Err(Failure::Usage(format!(
                "{name}: --self-check needs the answers: it has no annotations of the kinds asked \
                 for ({})",
                kind_names(&assignment.kinds)
            )));
        }
        assignment
            .set_key(&key)
            .map_err(|err| Failure::Data(format!("{name}: {err}")))?;
    }
    let text = match &args.link {
        Some(base) => {
            let link =
                encode_link(&assignment, base).map_err(|err| Failure::Data(err.to_string()))?;
            format!("{link}\n")
        }
        None => assignment
            .to_json()
            .map_err(|err| Failure::Data(format!("{name}: {err}")))?,
    };
    output::to_destination(args.output.as_deref(), &text, &read_files)?;
    Ok(ExitCode::SUCCESS)
}

/// The kinds named by `--kinds`, each once, in the order given.
pub(crate) fn parse_kinds(names: &[String]) -> Result<Vec<Kind>, Failure> {
    let mut kinds = Vec::new();
    for name in names.iter().map(|n| n.trim()) {
        if name.is_empty() {
            return Err(Failure::Usage(
                "--kinds has an empty name; write them like quote,mention".into(),
            ));
        }
        let kind = Kind::parse(name);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

fn kind_names(kinds: &[Kind]) -> String {
    kinds
        .iter()
        .map(Kind::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
