//! Opening one big Attrib JSON file a step at a time
//! ([`attrib_core::formats::open::steps`]): the core scans the file, reads
//! it without its annotations and then the annotations a run at a time,
//! and [`ValidateSteps`] checks them a run at a time; between runs the page
//! gets the main thread back (every [`SLICE_MS`] of work) and the notice
//! says how far it is. A file the core does not read in steps (not Attrib
//! JSON, edited text, any problem) is opened the usual way, which says
//! what is wrong.

use attrib_core::formats::open::steps::{OpenSteps, Progress, Step};
use attrib_core::formats::open::{InputFile, OpenOptions};
use attrib_core::limits::{size_label, thousands};
use attrib_core::validate::ValidateSteps;
use yew::prelude::*;

use super::{word_opened, Opened, ReadFile};
use crate::browser::perf::{after_paint, next_tick, now, Span};
use crate::state::Msg;

/// Work done between two pauses, in ms: far under the 200 ms that feels
/// like a frozen page, long enough that the pauses cost little.
const SLICE_MS: f64 = 40.0;

/// Annotations checked in one step of validation.
const CHECK_STEP: usize = 2_000;

/// Opens `file` in steps, saying how far it is; `None` when the core does
/// not read it in steps (open it the usual way).
pub(super) async fn open_in_steps(
    file: &ReadFile,
    id: &str,
    dispatch: &Callback<Msg>,
) -> Option<Result<Opened, String>> {
    let input = InputFile::new(&file.name, &file.contents);
    let options = OpenOptions::new(id);
    let mut steps = OpenSteps::start(input, &options)?;
    let name = &file.name;
    let span = Span::start("attrib: open in steps");
    let mut since = now();
    let opened = loop {
        match steps.step() {
            Step::Working(progress) => {
                if now() - since > SLICE_MS {
                    dispatch.emit(Msg::info(format!("Opening “{name}”: {}…", said(progress))));
                    next_tick().await;
                    since = now();
                }
            }
            Step::Done(opened) => break *opened,
            Step::Declined => {
                span.end();
                return None;
            }
        }
    };
    let mut problems = Vec::with_capacity(opened.imported.documents.len());
    for document in &opened.imported.documents {
        let total = document.annotations.len();
        let mut checking = ValidateSteps::new(document);
        while !checking.step(CHECK_STEP) {
            if now() - since > SLICE_MS {
                dispatch.emit(Msg::info(format!(
                    "Opening “{name}”: {} of {} annotations checked…",
                    thousands(checking.checked()),
                    thousands(total)
                )));
                next_tick().await;
                since = now();
            }
        }
        problems.push(checking.finish().iter().map(ToString::to_string).collect());
    }
    span.end();
    let count = opened
        .imported
        .documents
        .first()
        .map_or(0, |d| d.annotations.len());
    // Showing the document is one piece of work: say so, on screen first.
    dispatch.emit(Msg::info(format!(
        "Opening “{name}”: showing {} annotations…",
        thousands(count)
    )));
    after_paint().await;
    Some(word_opened(input, opened, problems))
}

/// How far opening is, in words.
fn said(progress: Progress) -> String {
    match progress {
        Progress::Scanning { done, total } => format!(
            "{} of {} checked",
            size_label(done as u64),
            size_label(total as u64)
        ),
        Progress::Reading { done, total } => format!(
            "{} of {} annotations read",
            thousands(done),
            thousands(total)
        ),
    }
}
