//! `attrib suggest`: the document with the suggester's quotes, cues,
//! speakers and mentions added as annotations marked "suggested by attrib".

use std::process::ExitCode;

use attrib_core::suggest::{accept, suggest, SUGGESTED_NOTE};
use attrib_core::workspace::Workspace;
use attrib_core::{AnnotatedDocument, Kind};

use crate::args::SuggestArgs;
use crate::convert;
use crate::failure::Failure;
use crate::input::{self, Loaded};
use crate::validate::plural;

pub fn run(args: &SuggestArgs) -> Result<ExitCode, Failure> {
    let to = args.to.format();
    convert::check_destination(to, args.output.as_deref())?;
    let loaded = input::load(&args.input_file, &args.input)?;
    loaded.warn_unplaced();
    let docs = loaded
        .imported
        .documents
        .iter()
        .map(|doc| with_suggestions(&loaded, doc))
        .collect::<Result<Vec<_>, _>>()?;
    convert::write(&loaded, &docs, to, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// `doc` with every suggestion accepted, and a summary on standard error.
fn with_suggestions(
    loaded: &Loaded,
    doc: &AnnotatedDocument,
) -> Result<AnnotatedDocument, Failure> {
    let found = suggest(doc);
    let all: Vec<usize> = (0..found.items.len()).collect();
    let actions = accept(doc, &found, &all, SUGGESTED_NOTE);
    let invalid = |err: attrib_core::workspace::WorkspaceError| {
        Failure::Data(format!(
            "{}: document {}: {err}; `attrib validate` lists what is wrong with the input",
            loaded.name, doc.meta.id
        ))
    };
    let mut workspace = Workspace::new(doc.clone()).map_err(invalid)?;
    workspace.apply_all(actions).map_err(invalid)?;
    let after = workspace.into_document();
    let added = |kind: Kind| {
        after
            .annotations
            .iter()
            .filter(|a| a.kind == kind)
            .count()
            .saturating_sub(doc.annotations.iter().filter(|a| a.kind == kind).count())
    };
    eprintln!(
        "{}: suggested {}, {} and {}",
        loaded.name,
        plural(added(Kind::Quote), "quote"),
        plural(added(Kind::Mention), "mention"),
        plural(
            after.speakers.len().saturating_sub(doc.speakers.len()),
            "new speaker"
        )
    );
    Ok(after)
}
