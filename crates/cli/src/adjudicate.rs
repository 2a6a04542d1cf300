//! `attrib adjudicate`: two annotators' versions merged without a
//! reviewer, every disagreement resolved by one policy, the result marked
//! adjudicated. The merge is the core's (`attrib_core::adjudicate`), the
//! same the app's review view uses.

use std::process::ExitCode;

use attrib_core::adjudicate::{adjudicate_by_policy, Adjudication};
use attrib_core::formats::{self, Format};

use crate::args::AdjudicateArgs;
use crate::failure::Failure;
use crate::input;
use crate::output;
use crate::validate::plural;

pub fn run(args: &AdjudicateArgs) -> Result<ExitCode, Failure> {
    if !(args.overlap > 0.0 && args.overlap <= 1.0) {
        return Err(Failure::Usage(format!(
            "--overlap {} is not a ratio above 0 and at most 1",
            args.overlap
        )));
    }
    let left = input::load(&args.left, &args.input)?;
    let right = input::load(&args.right, &args.input)?;
    left.warn_unplaced();
    right.warn_unplaced();
    let how = Adjudication {
        left_name: &left.name,
        right_name: &right.name,
        threshold: args.overlap,
    };
    let (l_docs, r_docs) = (&left.imported.documents, &right.imported.documents);
    let merged = adjudicate_by_policy(l_docs, r_docs, &how, args.take.policy());
    for &i in &merged.paired.left_alone {
        eprintln!(
            "warning: {}: document {:?} left out: {} has no document with its text (SHA-256)",
            left.name, l_docs[i].meta.id, right.name
        );
    }
    for &i in &merged.paired.right_alone {
        eprintln!(
            "warning: {}: document {:?} left out: {} has no document with its text (SHA-256)",
            right.name, r_docs[i].meta.id, left.name
        );
    }
    if merged.documents.is_empty() {
        return Err(Failure::Data(format!(
            "{} and {} share no document (texts are matched by SHA-256), so there is nothing \
             to adjudicate",
            left.name, right.name
        )));
    }
    let format = if merged.documents.len() == 1 {
        Format::Native
    } else {
        Format::Jsonl
    };
    let files = formats::export(&merged.documents, format)
        .map_err(|err| Failure::Data(format!("cannot write the adjudicated documents: {err}")))?;
    let contents: String = files.into_iter().map(|f| f.contents).collect();
    let mut read_files = left.read_files.clone();
    read_files.extend(right.read_files.iter().cloned());
    output::to_destination(args.output.as_deref(), &contents, &read_files)?;
    eprintln!(
        "adjudicated {}: {} kept as agreed, {} resolved by --take {}",
        plural(merged.documents.len(), "document"),
        plural(merged.agreed, "annotation"),
        plural(merged.resolved, "disagreement"),
        args.take.policy().name()
    );
    Ok(ExitCode::SUCCESS)
}
