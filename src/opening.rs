//! Opening files: the one flow that "Open file…" and drag and drop share.
//! The core decides how to read each file ([`attrib_core::formats::open`]:
//! the same rules as the `attrib` command); this module reads the files,
//! hands web pages to the browser's HTML reader, checks the document as the
//! command line checks it, and words what happened for the user. A file
//! that cannot be opened leaves the current work untouched and says what is
//! wrong and what to do.

mod corpus;
mod steps;

use std::rc::Rc;

use attrib_core::assignment::{encode_link, looks_like, Assignment};
use attrib_core::corpus::Index;
use attrib_core::formats::open::{
    self, InputFile, JsonProblem, OpenError, OpenOptions, ReadAs, WebPage,
};
use attrib_core::formats::{label_studio, BrokenLine, Format, FormatError, Unplaced};
use attrib_core::limits::Exceeded;
use attrib_core::suggest::Suggestions;
use attrib_core::validate::validate;
use attrib_core::AnnotatedDocument;
use web_sys::{File, FileList};
use yew::prelude::*;

use crate::browser::files::{read_text, size_label};
use crate::browser::html::html_to_text;
use crate::browser::location::{page_url_without_fragment, replace_address};
use crate::browser::perf::{after_paint, Span};
use crate::browser::storage;
use crate::builders::AnnotatorFile;
use crate::state::{
    capitalise, CorpusFiles, CorpusMsg, Dialog, ImportReport, Msg, PendingImport, Rest,
};
use crate::teaching::{StudentMode, SubmissionFile};

/// The file types the file chooser offers.
pub(crate) const ACCEPT: &str = ".txt,.md,.html,.htm,.json,.jsonl,.ann,.csv,.zip";

/// What to do about a file Attrib cannot read.
const CHECK_FORMAT: &str = "Check that the file is an Attrib, W3C, brat, doccano, Label Studio, \
                            JSONL or CSV export, or an article as .txt, .md or .html.";

/// The tail of every failure: nothing was lost.
const UNCHANGED: &str = "Your current work is unchanged.";

/// Problems listed in a message before "and N more".
const LISTED: usize = 3;

/// A document read from the files the user chose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Opened {
    pub document: AnnotatedDocument,
    /// Where it came from and what the import found, for the user.
    pub note: String,
    /// The import's warnings, for the full list.
    pub report: ImportReport,
    /// Lines of the file that did not read and were left out.
    pub broken: Vec<BrokenLine>,
    /// A Label Studio file's predictions beside the annotation read, as
    /// suggestions for the document.
    pub predictions: Option<Rc<Suggestions>>,
}

/// A file read into memory.
struct ReadFile {
    name: String,
    contents: String,
}

/// Reads the files the user chose (one file, or an annotation file with
/// its article text) and makes the document to load. The error is the
/// whole message for the user.
pub(crate) async fn open_files(files: Vec<File>) -> Result<Opened, String> {
    let read = read_all(&files).await?;
    open_read(&read, &new_id())
}

/// A fresh document id.
fn new_id() -> String {
    format!("doc-{}", js_sys::Date::now() as u64)
}

/// Reads every file, or says which could not be read.
async fn read_all(files: &[File]) -> Result<Vec<ReadFile>, String> {
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let name = file.name();
        let contents = read_text(file)
            .await
            .map_err(|why| format!("Could not open “{name}”: {why}. {UNCHANGED}"))?;
        read.push(ReadFile { name, contents });
    }
    Ok(read)
}

/// Puts an assignment opened from a file into the page's address as its
/// link, so that a reload opens it again as it would the link. An article
/// too long for a link stays out of the address; whether it was kept is
/// returned.
fn keep_in_address(assignment: &Assignment) -> bool {
    encode_link(assignment, &page_url_without_fragment())
        .map_err(|e| e.to_string())
        .and_then(|link| replace_address(&link))
        .is_ok()
}

/// The assignment a single chosen file holds, if it is one: `None` for any
/// other file, the message when an assignment file does not read.
fn assignment_in(files: &[ReadFile]) -> Option<Result<Assignment, String>> {
    let [file] = files else {
        return None;
    };
    if !looks_like(&file.contents) {
        return None;
    }
    Some(Assignment::from_json(&file.contents).map_err(|e| {
        format!(
            "Could not open the assignment “{}”: {}. Ask your teacher for the file or link \
             again. {UNCHANGED}",
            file.name,
            capitalise(&e.to_string())
        )
    }))
}

/// Opens each file on its own (students' submissions), each read or with
/// the message saying why not.
pub(crate) async fn open_each(files: Vec<File>) -> Vec<SubmissionFile> {
    let mut out = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let name = file.name();
        let document = match read_all(std::slice::from_ref(file)).await {
            Ok(read) => {
                open_read(&read, &format!("{}-{i}", new_id())).map(|opened| opened.document)
            }
            Err(message) => Err(message),
        };
        out.push(SubmissionFile { name, document });
    }
    out
}

/// Opens each file as one annotator's version: every document it holds
/// (a corpus is read whole), or the message saying why not. A document
/// with problems refuses the file, naming the first problems.
///
/// A brat `.ann` chosen with its `.txt` (or any annotation file with the
/// `.txt` of the same name: [`open::group_pairs`]) is one annotator's
/// document, read on that text.
pub(crate) async fn open_annotators(files: Vec<File>) -> Vec<AnnotatorFile> {
    let mut read = Vec::with_capacity(files.len());
    for file in &files {
        let name = file.name();
        let contents = match read_all(std::slice::from_ref(file)).await {
            Ok(mut one) => Ok(one.remove(0)),
            Err(message) => Err(message),
        };
        read.push((name, contents));
    }
    let inputs: Vec<InputFile> = read
        .iter()
        .map(|(name, contents)| match contents {
            Ok(file) => InputFile::new(&file.name, &file.contents),
            Err(_) => InputFile::new(name, ""),
        })
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for (i, (file, text)) in open::group_pairs(&inputs).into_iter().enumerate() {
        let (name, contents) = &read[file];
        let text = text.map(|t| &read[t]);
        let documents = match (contents, text.map(|(_, c)| c)) {
            (Err(message), _) | (_, Some(Err(message))) => Err(message.clone()),
            (Ok(contents), text) => open_all(
                contents,
                text.and_then(|t| t.as_ref().ok()),
                &format!("{}-{i}", new_id()),
            ),
        };
        out.push(AnnotatorFile {
            name: name.clone(),
            documents,
        });
    }
    out
}

/// Every document of one file, each checked as the command line checks it.
fn open_all(
    read: &ReadFile,
    text: Option<&ReadFile>,
    id: &str,
) -> Result<Vec<AnnotatedDocument>, String> {
    let input = InputFile::new(&read.name, &read.contents);
    let reader = |html: &str| -> WebPage { html_to_text(html) };
    let options = OpenOptions {
        html_to_text: Some(&reader),
        text: text.map(|t| InputFile::new(&t.name, &t.contents)),
        ..OpenOptions::new(id)
    };
    let opened = open::open(input, &options).map_err(|e| open_error(&input, e))?;
    let documents = opened.imported.documents;
    for (n, doc) in documents.iter().enumerate() {
        let problems: Vec<String> = validate(doc).iter().map(ToString::to_string).collect();
        if let Some(first) = problems.first() {
            return Err(format!(
                "Could not use “{}”: its document {} (“{}”) has {} — {first}. Fix the file \
                 (`attrib validate {}` lists every problem) and add it again.",
                read.name,
                n + 1,
                doc.meta.id,
                plural(problems.len(), "problem"),
                read.name
            ));
        }
    }
    Ok(documents)
}

/// Opens files already read, through the core's rules.
fn open_read(files: &[ReadFile], id: &str) -> Result<Opened, String> {
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|f| InputFile::new(&f.name, &f.contents))
        .collect();
    let (file, text) = open::pair(&inputs).map_err(|e| pairing_error(files, e))?;
    let reader = |html: &str| -> WebPage { html_to_text(html) };
    let options = OpenOptions {
        text,
        html_to_text: Some(&reader),
        ..OpenOptions::new(id)
    };
    let opened = open::open(file, &options).map_err(|e| open_error(&file, e))?;
    let problems: Vec<Vec<String>> = opened
        .imported
        .documents
        .iter()
        .map(|d| validate(d).iter().map(ToString::to_string).collect())
        .collect();
    word_opened(file, opened, problems)
}

/// Words what opening `file` gave, with each document's problems
/// (`problems`, in the order of the documents): the first document to
/// load, or why it cannot be.
fn word_opened(
    file: InputFile,
    opened: open::Opened,
    problems: Vec<Vec<String>>,
) -> Result<Opened, String> {
    let name = file.name;
    let mut documents = opened.imported.documents;
    if let Some(first) = problems.first().filter(|p| !p.is_empty()) {
        let mut listed = first
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if first.len() > LISTED {
            listed.push_str(&format!("; and {} more", first.len() - LISTED));
        }
        let which = if documents.len() > 1 {
            "its first document"
        } else {
            "it"
        };
        return Err(format!(
            "Could not open “{name}”: {which} has {} — {listed}. Fix the file (the command \
             `attrib validate {name}` lists every problem) and open it again. {UNCHANGED}",
            plural(first.len(), "problem")
        ));
    }
    let count = documents.len();
    let others_with_problems = problems.iter().skip(1).filter(|p| !p.is_empty()).count();
    if documents.is_empty() {
        return Err(open_error(&file, OpenError::NoDocuments));
    }
    let document = documents.swap_remove(0);
    let mut note = note(name, opened.read_as, opened.text_name.as_deref(), &document);
    if count > 1 {
        note.push_str(&format!(
            " The file holds {count} documents; this is the first. To work on another, save it \
             in a file of its own (`attrib convert` can split a corpus)."
        ));
        if others_with_problems > 0 {
            note.push_str(&format!(
                " {} of the others {} problems (`attrib validate` lists them).",
                others_with_problems,
                if others_with_problems == 1 {
                    "has"
                } else {
                    "have"
                }
            ));
        }
    }
    note.push_str(&unplaced_note(&opened.imported.unplaced));
    let broken = opened.imported.broken;
    let mut warnings: Vec<String> = broken
        .iter()
        .map(|b| format!("{b}; this line was left out"))
        .collect();
    warnings.extend(opened.imported.warnings);
    let report = ImportReport {
        file: name.to_string(),
        warnings,
    };
    note.push_str(&report.summary());
    let predictions = (opened.read_as == ReadAs::Format(Format::LabelStudio))
        .then(|| label_studio::predictions(file.contents).ok())
        .flatten()
        .and_then(|all| all.into_iter().find(|(task, _)| *task == 0))
        .map(|(_, predicted)| Rc::new(Suggestions::from_document(&predicted, &document)));
    Ok(Opened {
        document,
        note,
        report,
        broken,
        predictions,
    })
}

/// What opening `name` did, for the notice.
fn note(name: &str, read_as: ReadAs, text: Option<&str>, document: &AnnotatedDocument) -> String {
    match read_as {
        ReadAs::PlainText | ReadAs::Markdown => format!("Read from “{name}” as plain text."),
        ReadAs::Assignment => format!("Read from “{name}” as an Attrib assignment: its article."),
        ReadAs::WebPage => format!(
            "Read from the web page “{name}”: its article text, without scripts, styles or \
             navigation."
        ),
        ReadAs::Format(format) => {
            let read_as = format.label();
            let mut note = match text {
                Some(text) => {
                    format!("Read from “{name}” as {read_as}, with the text of “{text}”:")
                }
                None => format!("Read from “{name}” as {read_as}:"),
            };
            note.push_str(&format!(
                " {} and {}.",
                plural(document.annotations.len(), "annotation"),
                plural(document.speakers.len(), "speaker")
            ));
            note
        }
    }
}

/// Says which spans the import could not place, if any.
fn unplaced_note(unplaced: &[Unplaced]) -> String {
    if unplaced.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = unplaced
        .iter()
        .take(LISTED)
        .map(|u| {
            let mut exact: String = u.exact.chars().take(40).collect();
            if u.exact.chars().count() > 40 {
                exact.push('…');
            }
            format!("{} “{exact}” ({})", u.annotation_id, u.reason)
        })
        .collect();
    let more = match unplaced.len().saturating_sub(LISTED) {
        0 => String::new(),
        n => format!("; and {n} more"),
    };
    format!(
        " {} could not be placed in the text and {} left out: {}{more}. Mark {} again by hand.",
        plural(unplaced.len(), "span"),
        if unplaced.len() == 1 { "was" } else { "were" },
        listed.join("; "),
        if unplaced.len() == 1 { "it" } else { "them" }
    )
}

/// The message when the chosen files do not go together.
fn pairing_error(files: &[ReadFile], err: OpenError) -> String {
    match (err, files) {
        (OpenError::NotAPair, [a, b]) => format!(
            "Could not open “{}” and “{}” together: open one file at a time, or an \
             annotation file together with its article text (.txt), such as a brat .ann \
             with its .txt. {UNCHANGED}",
            a.name, b.name
        ),
        (OpenError::TooManyFiles(n), _) => format!(
            "Could not open {n} files at once: open one file at a time, or an annotation file \
             together with its article text (.txt). {UNCHANGED}"
        ),
        _ => "No file was chosen.".to_string(),
    }
}

/// The message for a file the core could not open: what is wrong and what
/// to do.
fn open_error(file: &InputFile, err: OpenError) -> String {
    let name = file.name;
    let why = match err {
        OpenError::Empty => format!("it is empty, so there is no article to annotate. {UNCHANGED}"),
        OpenError::Assignment(e) => format!(
            "it is an Attrib assignment that does not read ({e}). Ask your teacher for the file \
             or the link again. {UNCHANGED}"
        ),
        OpenError::NotText | OpenError::NotUtf8 { .. } => format!(
            "it is not a text file (a PDF or a word-processor document?). Save the article as \
             plain text (.txt) or as a web page (.html) and open that. {UNCHANGED}"
        ),
        OpenError::BrokenJson(problem) => broken_json(&problem),
        OpenError::UnknownJson | OpenError::Import(FormatError::Unknown(_)) => {
            format!("Attrib cannot tell what kind of file it is. {CHECK_FORMAT} {UNCHANGED}")
        }
        OpenError::NotAttribCsv => format!(
            "it is not an Attrib CSV export, whose first line starts \
             document_id,annotation_id,kind. {CHECK_FORMAT} {UNCHANGED}"
        ),
        OpenError::NoReadableText | OpenError::NoHtmlReader => format!(
            "the page has no readable article text (pages built by scripts show none until the \
             scripts run, and Attrib never runs them). Copy the article's text from the page in \
             your browser and paste it into “Article text” instead. {UNCHANGED}"
        ),
        OpenError::NeedsText(format) => {
            return format!(
                "Could not open “{name}” alone: {} files do not carry the article's text. Open it \
                 together with the article's .txt file: select both files at once (or drop \
                 both). {UNCHANGED}",
                short_name(format)
            )
        }
        OpenError::TextNotUsed(format) => format!(
            "{} files carry their own article text: open it alone. {UNCHANGED}",
            short_name(format)
        ),
        OpenError::TextWithArticle(_) => format!(
            "it is an article itself: open it alone, or open an annotation file together with \
             its .txt. {UNCHANGED}"
        ),
        OpenError::NoDocuments => format!("it holds no documents. {CHECK_FORMAT} {UNCHANGED}"),
        OpenError::TooBig(exceeded) => format!("{exceeded}. {} {UNCHANGED}", too_big(exceeded)),
        OpenError::Import(FormatError::Syntax {
            format,
            location,
            message,
        }) => match JsonProblem::find(file.contents).filter(|_| format != Format::Brat) {
            // Not JSON at all: where it breaks says more than a JSON path.
            Some(problem) if format != Format::Csv => broken_json(&problem),
            _ => format!(
                "it is not valid {}: at {location}: {message}. {CHECK_FORMAT} {UNCHANGED}",
                format.label()
            ),
        },
        OpenError::Import(FormatError::NeedsText(format)) => {
            return open_error(file, OpenError::NeedsText(format))
        }
        OpenError::Import(FormatError::Unsupported { format, message }) => {
            return format!(
                "Could not open “{name}” ({}): {message}. {UNCHANGED}",
                format.label()
            )
        }
        OpenError::NoFile | OpenError::TooManyFiles(_) | OpenError::NotAPair => {
            "it cannot be opened with the other files chosen.".to_string()
        }
    };
    format!("Could not open “{name}”: {why}")
}

/// What to do about a file over one of the limits.
pub(crate) fn too_big(exceeded: Exceeded) -> &'static str {
    match exceeded {
        Exceeded::FileBytes { .. } | Exceeded::Annotations { .. } => {
            "Split it into smaller files (`attrib convert` can split a corpus into one file per \
             document) and open them one at a time."
        }
        Exceeded::TextChars { .. } | Exceeded::TextAtLeast { .. } => {
            "Open a shorter article, or split this one into parts and open them one at a time."
        }
        Exceeded::JsonDepth { .. } => {
            "Check that it is an annotation export, not another kind of data."
        }
    }
}

fn broken_json(problem: &JsonProblem) -> String {
    format!(
        "it is not valid JSON: {problem}. The file may be cut short or edited by hand: export \
         it again, or fix it. {UNCHANGED}"
    )
}

/// A format's name inside a sentence.
fn short_name(format: Format) -> &'static str {
    match format {
        Format::Brat => "brat .ann",
        Format::W3c => "W3C Web Annotation",
        Format::Csv => "CSV",
        other => other.label(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Opens `files` and loads the document (the reducer asks before replacing
/// work), or says why it could not.
pub(crate) fn open_and_load(files: Vec<File>, dispatch: Callback<Msg>) {
    if files.is_empty() {
        return;
    }
    let total: f64 = files.iter().map(|f| f.size()).sum();
    let big = total > 1024.0 * 1024.0;
    if big {
        dispatch.emit(Msg::info(format!("Opening {}…", size_label(total))));
    }
    wasm_bindgen_futures::spawn_local(async move {
        if big {
            // The notice is on screen before the work that may hold the
            // page starts.
            after_paint().await;
        }
        let id = new_id();
        if let [file] = files.as_slice() {
            if file.name().to_ascii_lowercase().ends_with(".zip") {
                match corpus::zip_in(file, &id).await {
                    Ok(found) => corpus::save_and_open(found, &id, dispatch).await,
                    Err(message) => dispatch.emit(Msg::error(message)),
                }
                return;
            }
        }
        let span = Span::start("attrib: open read");
        let read = match read_all(&files).await {
            Ok(read) => read,
            Err(message) => return dispatch.emit(Msg::error(message)),
        };
        span.end();
        if let Some(assignment) = assignment_in(&read) {
            return match assignment {
                Ok(assignment) => {
                    keep_in_address(&assignment);
                    start_assignment(Rc::new(assignment), &dispatch).await
                }
                Err(message) => dispatch.emit(Msg::error(message)),
            };
        }
        if big {
            if let [file] = read.as_slice() {
                if let Some(opened) = steps::open_in_steps(file, &id, &dispatch).await {
                    return load(opened, &dispatch);
                }
            }
        }
        if corpus::in_parts(&read) {
            if let Some(file) = read.into_iter().next() {
                corpus::open_in_parts(file, &id, dispatch).await;
            }
            return;
        }
        let span = Span::start("attrib: open parse");
        let found = corpus::corpus_in(&read, &id);
        span.end();
        match found {
            // Some lines did not read: ask before importing the rest, as
            // for one document.
            Some(Ok(found)) if !found.broken.is_empty() => {
                return dispatch.emit(Msg::OpenDialog(Dialog::ImportBroken(Rc::new(
                    PendingImport {
                        file: found.file.clone(),
                        broken: found.broken.clone(),
                        rest: Rest::Corpus {
                            files: Rc::new(found),
                            id,
                        },
                    },
                ))))
            }
            Some(Ok(found)) => return corpus::save_and_open(found, &id, dispatch).await,
            Some(Err(message)) => return dispatch.emit(Msg::error(message)),
            None => {}
        }
        load(open_read(&read, &id), &dispatch);
    });
}

/// Loads what opening a file gave (asking first about broken lines), or
/// says why it could not be opened.
fn load(opened: Result<Opened, String>, dispatch: &Callback<Msg>) {
    {
        if let Ok(Opened {
            document,
            predictions: Some(found),
            ..
        }) = &opened
        {
            dispatch.emit(Msg::Predictions {
                sha256: document.text.sha256().to_string(),
                found: found.clone(),
            });
        }
        match opened {
            // Some lines did not read: ask before importing the rest.
            Ok(opened) if !opened.broken.is_empty() => dispatch.emit(Msg::OpenDialog(
                Dialog::ImportBroken(Rc::new(PendingImport {
                    file: opened.report.file.clone(),
                    broken: opened.broken,
                    rest: Rest::Document {
                        document: Rc::new(opened.document),
                        note: opened.note,
                        report: Rc::new(opened.report),
                    },
                })),
            )),
            Ok(opened) if opened.report.warnings.is_empty() => dispatch.emit(Msg::LoadWithNote {
                document: Rc::new(opened.document),
                note: opened.note,
            }),
            Ok(opened) => dispatch.emit(Msg::LoadOpened {
                document: Rc::new(opened.document),
                note: opened.note,
                report: Rc::new(opened.report),
            }),
            Err(message) => dispatch.emit(Msg::error(message)),
        }
    }
}

/// Saves `files` as a corpus under `id` and opens its first document (the
/// user said to import the rest of a file with broken lines).
pub(crate) fn open_corpus(files: CorpusFiles, id: String, dispatch: Callback<Msg>) {
    wasm_bindgen_futures::spawn_local(async move {
        corpus::save_and_open(files, &id, dispatch).await;
    });
}

/// Opens a corpus read in parts whose documents are saved (the user chose
/// to import the rest of a file with broken lines).
pub(crate) fn open_saved_corpus(index: Index, note: String, dispatch: Callback<Msg>) {
    wasm_bindgen_futures::spawn_local(async move {
        corpus::finish_saved(index, note, dispatch).await;
    });
}

/// Deletes the saved documents of a corpus read in parts that the user
/// chose not to import.
pub(crate) fn discard_saved_corpus(index: Index) {
    wasm_bindgen_futures::spawn_local(corpus::discard_saved(index));
}

/// Deletes the saved corpus `index` with its documents (the user was
/// asked first): the corpus open now is closed and the sample shown;
/// another one just goes. `done` hears what happened, in words.
pub(crate) fn delete_corpus(
    index: Rc<Index>,
    open_now: bool,
    dispatch: Callback<Msg>,
    done: Callback<Result<String, String>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = corpus::delete_saved(&index).await;
        if let (true, Ok(message)) = (open_now, &outcome) {
            dispatch.emit(Msg::Corpus(CorpusMsg::Deleted(message.clone())));
        }
        done.emit(outcome);
    });
}

/// Starts `assignment` as a student: on the student's own work when this
/// browser has it saved (a reload, or the link opened again), else on a
/// blank article. The saved work is opened through the autosave, so its
/// next save continues that record.
pub(crate) async fn start_assignment(assignment: Rc<Assignment>, dispatch: &Callback<Msg>) {
    let id = StudentMode::document_id(&assignment);
    match storage::open_document(&id).await {
        Ok(Some(loaded)) => dispatch.emit(Msg::ResumeAssignment {
            assignment,
            workspace: Rc::new(loaded.workspace),
        }),
        // Nothing saved, or storage that does not answer: a blank start
        // (the autosave says what is wrong with storage).
        Ok(None) | Err(_) => dispatch.emit(Msg::StartAssignment(assignment)),
    }
}

/// The files of a file list.
pub(crate) fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::state::document_from_text;
    use attrib_core::formats;
    use attrib_core::model::{Annotation, Kind, Span};
    use js_sys::Array;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    macro_rules! fixture {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("../crates/core/tests/fixtures/open/", $name)),
            )
        };
    }

    fn file(name: &str, contents: &str) -> File {
        let parts = Array::of1(&JsValue::from_str(contents));
        File::new_with_str_sequence(&parts, name).expect("a file")
    }

    fn annotated() -> AnnotatedDocument {
        let mut doc = document_from_text("Headline\n\n“I lost,” Kerry said.", "d1");
        doc.annotations
            .push(Annotation::new("a1", Kind::Quote, vec![Span::new(10, 18)]));
        doc
    }

    fn export(format: Format) -> Vec<formats::OutputFile> {
        formats::export(&[annotated()], format).expect("export")
    }

    /// The shared fixtures of `crates/core/tests/fixtures/open`, which the
    /// core's and the CLI's tests open too.
    const FIXTURES: &[(&str, &str)] = &[
        fixture!("article.txt"),
        fixture!("attrib.json"),
        fixture!("binary.pdf"),
        fixture!("broken-data"),
        fixture!("broken.json"),
        fixture!("corpus.jsonl"),
        fixture!("doccano.jsonl"),
        fixture!("empty.txt"),
        fixture!("export.csv"),
        fixture!("label-studio.json"),
        fixture!("news.md"),
        fixture!("not-attrib.csv"),
        fixture!("page.html"),
        fixture!("pair.ann"),
        fixture!("pair.txt"),
        fixture!("unknown.json"),
        fixture!("w3c.json"),
    ];

    fn fixture(name: &str) -> ReadFile {
        let contents = FIXTURES
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} is in expected.json but not in FIXTURES"))
            .1;
        ReadFile {
            name: name.to_string(),
            contents: contents.to_string(),
        }
    }

    /// What the app says for each kind of failure in expected.json.
    fn says(kind: &str) -> &'static str {
        match kind {
            "needs-text" => "select both files at once",
            "text-not-used" => "carry their own article text",
            // Two .txt files chosen together: which is the article?
            "text-with-article" => "open one file at a time",
            "import" => "is not valid",
            "broken-json" => "not valid JSON",
            "empty" => "it is empty",
            "not-text" => "not a text file",
            "unknown-json" => "cannot tell what kind of file",
            "not-attrib-csv" => "not an Attrib CSV export",
            other => panic!("no wording checked for {other}"),
        }
    }

    /// The wasm build reads a W3C file's typed parts from their text (not
    /// from a `serde_json::Value`, see the core's `json_path::from_value`):
    /// the error names the same path with the same message as natively
    /// (the core's `errors_name_the_json_path`), with no position in it.
    #[wasm_bindgen_test]
    fn a_w3c_speaker_read_wrong_is_worded_as_natively() {
        let mut doc = document_from_text("Kerry said no.", "d1");
        doc.speakers
            .push(attrib_core::model::Speaker::new("s1", "Kerry"));
        let file = formats::w3c::export(&doc).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&file.contents).unwrap();
        value["attrib:speakers"][0]["name"] = serde_json::Value::from(5);
        let err = formats::w3c::import(&value.to_string(), Some("Kerry said no."))
            .expect_err("a speaker named by a number is refused");
        assert_eq!(
            err.to_string(),
            "w3c: at attrib:speakers[0].name: invalid type: integer `5`, expected a string"
        );
    }

    #[wasm_bindgen_test]
    fn the_shared_fixtures_open_as_the_core_and_the_cli_open_them() {
        let expected: serde_json::Value = serde_json::from_str(include_str!(
            "../crates/core/tests/fixtures/open/expected.json"
        ))
        .unwrap();
        let cases = expected["cases"].as_array().unwrap();
        assert!(cases.len() >= 15);
        for case in cases {
            let name = case["file"].as_str().unwrap();
            let mut files = vec![fixture(name)];
            files.extend(case["text"].as_str().map(fixture));
            let label = format!("{name} with {:?}", case["text"]);
            let result = open_read(&files, "doc-1");
            if let Some(kind) = case["error"].as_str() {
                let err = result.expect_err(&label);
                assert!(err.contains(says(kind)), "{label}: {err}");
                assert!(err.contains(UNCHANGED), "{label}: {err}");
                continue;
            }
            let opened = result.unwrap_or_else(|e| panic!("{label}: {e}"));
            let doc = &opened.document;
            assert_eq!(doc.meta.title.as_deref(), case["title"].as_str(), "{label}");
            let count = |key: &str| case[key].as_u64().unwrap() as usize;
            assert_eq!(doc.annotations.len(), count("annotations"), "{label}");
            assert_eq!(doc.speakers.len(), count("speakers"), "{label}");
            let read_as = ReadAs::from_name(case["read_as"].as_str().unwrap()).unwrap();
            let how = match read_as {
                ReadAs::WebPage => "Read from the web page".to_string(),
                ReadAs::PlainText | ReadAs::Markdown => "as plain text".to_string(),
                ReadAs::Assignment => "as an Attrib assignment".to_string(),
                ReadAs::Format(format) => format!("as {}", format.label()),
            };
            assert!(opened.note.contains(&how), "{label}: {}", opened.note);
            let documents = count("documents");
            assert_eq!(
                opened
                    .note
                    .contains(&format!("holds {documents} documents")),
                documents > 1,
                "{label}: {}",
                opened.note
            );
        }
    }

    #[wasm_bindgen_test]
    async fn malformed_json_names_where_it_breaks() {
        let err = open_files(vec![file(
            "broken.json",
            "{\n  \"format\": \"attrib\",\n  \"version\": 1,\n  \"document\": {\n",
        )])
        .await
        .unwrap_err();
        assert!(err.contains("“broken.json”"), "{err}");
        assert!(
            err.contains("not valid JSON: it ends too early, at line 5"),
            "{err}"
        );
        assert!(err.contains("unchanged"), "{err}");
    }

    #[wasm_bindgen_test]
    async fn a_wrong_field_is_named_by_its_path() {
        let good = export(Format::Native).remove(0).contents;
        let bad = good.replacen("\"start\": 10", "\"start\": \"ten\"", 1);
        assert_ne!(good, bad, "the export has a start of 10");
        let err = open_files(vec![file("bad.json", &bad)]).await.unwrap_err();
        assert!(
            err.contains("not valid Attrib JSON: at annotations[0].spans[0].start"),
            "{err}"
        );
        assert!(err.contains("Check that the file is an Attrib"), "{err}");
    }

    #[wasm_bindgen_test]
    async fn an_invalid_document_is_refused_with_its_problems() {
        let good = export(Format::Native).remove(0).contents;
        let bad = good.replacen("\"kind\": \"quote\"", "\"kind\": \"rumour\"", 1);
        assert_ne!(good, bad, "the export has a quote");
        let err = open_files(vec![file("bad.json", &bad)]).await.unwrap_err();
        assert!(
            err.contains("it has 1 problem — annotations[0] (a1).kind"),
            "{err}"
        );
        assert!(err.contains("attrib validate bad.json"), "{err}");
    }

    #[wasm_bindgen_test]
    async fn a_schema_giving_a_kind_a_key_the_app_keeps_is_refused_saying_what_to_do() {
        let good = export(Format::Native).remove(0).contents;
        let mut json: serde_json::Value = serde_json::from_str(&good).unwrap();
        json["schema"]["custom_kinds"] = serde_json::json!(["event"]);
        json["schema"]["kind_styles"] = serde_json::json!({"event": {"key": "e"}});
        let bad = serde_json::to_string(&json).unwrap();
        let err = open_files(vec![file("keys.json", &bad)]).await.unwrap_err();
        assert!(
            err.contains(
                "schema.kind_styles.event.key: shortcut key 'e' is Attrib's own key for export; \
                 give the kind “event” another key, or none"
            ),
            "{err}"
        );
        assert!(err.contains("attrib validate keys.json"), "{err}");
    }

    #[wasm_bindgen_test]
    async fn opens_an_attrib_export() {
        let json = export(Format::Native).remove(0).contents;
        let opened = open_files(vec![file("talks.json", &json)]).await.unwrap();
        assert_eq!(opened.document, annotated());
        assert_eq!(
            opened.note,
            "Read from “talks.json” as Attrib JSON: 1 annotation and 0 speakers."
        );
    }

    #[wasm_bindgen_test]
    async fn an_assignment_file_starts_the_assignment_and_a_damaged_one_says_what_to_do() {
        let assignment = Assignment::new(&annotated());
        let json = assignment.to_json().unwrap();
        let read = |contents: &str| ReadFile {
            name: "lesson.json".into(),
            contents: contents.into(),
        };
        assert_eq!(assignment_in(&[read(&json)]), Some(Ok(assignment.clone())));
        // Kept in the address as its link, so a reload opens it again.
        let before = gloo::utils::window().location().href().unwrap();
        assert!(keep_in_address(&assignment));
        let fragment = crate::browser::location::fragment();
        assert_eq!(
            attrib_core::assignment::decode_link(&fragment),
            Ok(assignment.clone())
        );
        replace_address(&before).unwrap();
        let damaged = json.replacen("\"kinds\"", "\"kinds\": 3, \"x\"", 1);
        let Some(Err(message)) = assignment_in(&[read(&damaged)]) else {
            panic!("a damaged assignment is reported");
        };
        assert!(
            message.starts_with("Could not open the assignment “lesson.json”"),
            "{message}"
        );
        assert!(message.ends_with(UNCHANGED), "{message}");
        let export = export(Format::Native).remove(0).contents;
        assert_eq!(
            assignment_in(&[read(&export)]),
            None,
            "an export is no assignment"
        );
        let each = open_each(vec![file("ana.json", &export), file("x.pdf", "%PDF\0\0")]).await;
        assert_eq!(each.len(), 2);
        assert_eq!(each[0].document.as_ref().ok(), Some(&annotated()));
        assert!(each[1].document.is_err());
    }

    #[wasm_bindgen_test]
    async fn brat_needs_its_text_and_opens_with_it() {
        let files = export(Format::Brat);
        let ann = files.iter().find(|f| f.extension == "ann").unwrap();
        let txt = files.iter().find(|f| f.extension == "txt").unwrap();
        let err = open_files(vec![file("a.ann", &ann.contents)])
            .await
            .unwrap_err();
        assert!(err.contains("select both files at once"), "{err}");
        let opened = open_files(vec![
            file("a.txt", &txt.contents),
            file("a.ann", &ann.contents),
        ])
        .await
        .unwrap();
        assert_eq!(opened.document.annotations.len(), 1);
        assert_eq!(opened.document.text.text(), annotated().text.text());
        assert_eq!(opened.document.meta.title.as_deref(), Some("Headline"));
    }

    #[wasm_bindgen_test]
    async fn a_corpus_opens_its_first_document_and_says_so() {
        let mut second = annotated();
        second.meta.id = "d2".into();
        let jsonl = formats::export(&[annotated(), second], Format::Jsonl)
            .unwrap()
            .remove(0)
            .contents;
        let opened = open_files(vec![file("corpus.jsonl", &jsonl)])
            .await
            .unwrap();
        assert_eq!(opened.document.meta.id, "d1");
        assert!(opened.note.contains("holds 2 documents"), "{}", opened.note);
    }

    #[wasm_bindgen_test]
    async fn text_markdown_and_web_pages_become_documents() {
        let opened = open_files(vec![file("n.md", "# Big news\n\nSomething happened.")])
            .await
            .unwrap();
        assert_eq!(opened.document.meta.title.as_deref(), Some("Big news"));
        assert_eq!(
            opened.document.text.text(),
            "# Big news\n\nSomething happened."
        );
        assert!(opened.document.meta.id.starts_with("doc-"));

        let opened = open_files(vec![file(
            "page.html",
            "<title>Site</title><nav>Home</nav><h1>Big &amp; news</h1><p>It <i>happened</i>.</p>\
             <script>window.__pwned_open = 1</script>",
        )])
        .await
        .unwrap();
        assert_eq!(opened.document.meta.title.as_deref(), Some("Big & news"));
        assert_eq!(opened.document.text.text(), "Big & news\n\nIt happened.");

        let err = open_files(vec![file("empty.txt", " \n ")])
            .await
            .unwrap_err();
        assert!(err.contains("it is empty"), "{err}");
        let err = open_files(vec![file("x.pdf", "%PDF\0\0")])
            .await
            .unwrap_err();
        assert!(err.contains("not a text file"), "{err}");
        let err = open_files(vec![file("x.json", "{\"hello\": 1}")])
            .await
            .unwrap_err();
        assert!(err.contains("cannot tell what kind of file"), "{err}");
        let err = open_files(vec![file("data.csv", "a,b\n1,2")])
            .await
            .unwrap_err();
        assert!(err.contains("not an Attrib CSV export"), "{err}");
    }
}
