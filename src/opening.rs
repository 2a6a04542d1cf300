//! Opening files: the one import flow that "Open file…" and drag and drop
//! share. Plain text and Markdown become a new
//! document; a web page is reduced to its readable text; every format
//! attrib-core reads is imported and checked as the command line checks it.
//! A file that cannot be opened leaves the current work untouched and says
//! what is wrong and what to do.

use std::rc::Rc;

use attrib_core::formats::{self, Format, FormatError, Imported, Unplaced};
use attrib_core::validate::validate;
use attrib_core::AnnotatedDocument;
use web_sys::{File, FileList};
use yew::prelude::*;

use crate::browser::files::{read_text, size_label};
use crate::browser::html::html_to_text;
use crate::state::{document_from_text, Msg};

/// The file types the file chooser offers.
pub(crate) const ACCEPT: &str = ".txt,.md,.html,.htm,.json,.jsonl,.ann,.csv";

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
}

/// A file read into memory.
struct ReadFile {
    name: String,
    extension: String,
    contents: String,
}

/// Reads the files the user chose (one file, or an annotation file with
/// its article text) and makes the document to load. The error is the
/// whole message for the user.
pub(crate) async fn open_files(files: Vec<File>) -> Result<Opened, String> {
    let mut read = Vec::with_capacity(files.len());
    for file in &files {
        let name = file.name();
        let contents = read_text(file)
            .await
            .map_err(|why| format!("Could not open “{name}”: {why}. {UNCHANGED}"))?;
        if contents.contains('\0') {
            return Err(format!(
                "Could not open “{name}”: it is not a text file (a PDF or a word-processor \
                 document?). Save the article as plain text (.txt) or as a web page (.html) and \
                 open that. {UNCHANGED}"
            ));
        }
        read.push(ReadFile {
            extension: extension(&name),
            name,
            contents,
        });
    }
    let id = format!("doc-{}", js_sys::Date::now() as u64);
    open_read(read, &id)
}

/// The lower-case extension of `name`, without the dot.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_plain_text(extension: &str) -> bool {
    matches!(extension, "txt" | "text" | "md" | "markdown")
}

fn is_web_page(extension: &str) -> bool {
    matches!(extension, "html" | "htm" | "xhtml")
}

fn open_read(mut files: Vec<ReadFile>, id: &str) -> Result<Opened, String> {
    match files.len() {
        0 => Err("No file was chosen.".to_string()),
        1 => {
            let file = files.remove(0);
            if is_plain_text(&file.extension) {
                open_plain_text(&file, id)
            } else if is_web_page(&file.extension) {
                open_web_page(&file, id)
            } else {
                open_annotations(&file, None, id)
            }
        }
        2 => {
            let texts = files.iter().filter(|f| f.extension == "txt").count();
            if texts != 1 {
                return Err(format!(
                    "Could not open “{}” and “{}” together: open one file at a time, or an \
                     annotation file together with its article text (.txt), such as a brat .ann \
                     with its .txt. {UNCHANGED}",
                    files[0].name, files[1].name
                ));
            }
            let text_at = files.iter().position(|f| f.extension == "txt").unwrap_or(0);
            let text = files.remove(text_at);
            let annotations = files.remove(0);
            open_annotations(&annotations, Some(&text), id)
        }
        n => Err(format!(
            "Could not open {n} files at once: open one file at a time, or an annotation file \
             together with its article text (.txt). {UNCHANGED}"
        )),
    }
}

fn open_plain_text(file: &ReadFile, id: &str) -> Result<Opened, String> {
    if file.contents.trim().is_empty() {
        return Err(format!(
            "Could not open “{}”: it is empty, so there is no article to annotate. {UNCHANGED}",
            file.name
        ));
    }
    let mut document = document_from_text(&file.contents, id);
    if file.extension == "md" || file.extension == "markdown" {
        // A Markdown headline: "# Title" is titled "Title".
        document.meta.title = document
            .meta
            .title
            .map(|t| t.trim_start_matches('#').trim().to_string())
            .filter(|t| !t.is_empty());
    }
    fill_title(&mut document, &file.name);
    Ok(Opened {
        document,
        note: format!("Read from “{}” as plain text.", file.name),
    })
}

fn open_web_page(file: &ReadFile, id: &str) -> Result<Opened, String> {
    let page = html_to_text(&file.contents);
    if page.text.trim().is_empty() {
        return Err(format!(
            "Could not open “{}”: the page has no readable article text (pages built by scripts \
             show none until the scripts run, and Attrib never runs them). Copy the article's \
             text from the page in your browser and paste it into “Article text” instead. \
             {UNCHANGED}",
            file.name
        ));
    }
    let mut document = document_from_text(&page.text, id);
    if page.title.is_some() {
        document.meta.title = page.title;
    }
    fill_title(&mut document, &file.name);
    Ok(Opened {
        document,
        note: format!(
            "Read from the web page “{}”: its article text, without scripts, styles or navigation.",
            file.name
        ),
    })
}

/// Gives an untitled document its file's name (without the extension).
fn fill_title(document: &mut AnnotatedDocument, file_name: &str) {
    if document
        .meta
        .title
        .as_deref()
        .is_none_or(|t| t.trim().is_empty())
    {
        let stem = file_name
            .rsplit_once('.')
            .map_or(file_name, |(stem, _)| stem)
            .trim();
        document.meta.title = (!stem.is_empty()).then(|| stem.to_string());
    }
}

/// The format the extension names when content alone may not tell (an
/// empty brat file, a CSV with the wrong header).
fn format_hint(extension: &str) -> Option<Format> {
    match extension {
        "ann" => Some(Format::Brat),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

fn open_annotations(file: &ReadFile, text: Option<&ReadFile>, id: &str) -> Result<Opened, String> {
    let name = &file.name;
    let input = file.contents.as_str();
    let detected = formats::detect(input);
    let Some(format) = detected.or_else(|| format_hint(&file.extension)) else {
        return Err(unrecognised(file));
    };
    if format == Format::Csv && detected.is_none() {
        return Err(format!(
            "Could not open “{name}”: it is not an Attrib CSV export, whose first line starts \
             document_id,annotation_id,kind. {CHECK_FORMAT} {UNCHANGED}"
        ));
    }
    let imported = formats::import(input, Some(format), text.map(|t| t.contents.as_str()))
        .map_err(|e| import_error(name, e))?;
    let Imported {
        mut documents,
        unplaced,
    } = imported;
    if documents.is_empty() {
        return Err(format!(
            "Could not open “{name}”: it holds no documents. {CHECK_FORMAT} {UNCHANGED}"
        ));
    }
    let problems: Vec<Vec<String>> = documents
        .iter()
        .map(|d| validate(d).iter().map(ToString::to_string).collect())
        .collect();
    if !problems[0].is_empty() {
        let first = &problems[0];
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
    let mut document = documents.swap_remove(0);
    if document.meta.id.trim().is_empty() {
        document.meta.id = id.to_string();
    }
    if document.meta.title.is_none() {
        let first_line = document_from_text(document.text.text(), id).meta.title;
        document.meta.title = first_line;
    }
    fill_title(&mut document, text.map_or(name, |t| &t.name));

    let read_as = format.label();
    let mut note = match text {
        Some(text) => format!(
            "Read from “{name}” as {read_as}, with the text of “{}”:",
            text.name
        ),
        None => format!("Read from “{name}” as {read_as}:"),
    };
    note.push_str(&format!(
        " {} and {}.",
        plural(document.annotations.len(), "annotation"),
        plural(document.speakers.len(), "speaker")
    ));
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
    note.push_str(&unplaced_note(&unplaced));
    Ok(Opened { document, note })
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

/// The message for a file whose format cannot be told: where the JSON
/// breaks, when it is broken JSON.
fn unrecognised(file: &ReadFile) -> String {
    let name = &file.name;
    let trimmed = file.contents.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return format!("Could not open “{name}”: it is empty. {CHECK_FORMAT} {UNCHANGED}");
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let values =
            serde_json::Deserializer::from_str(trimmed).into_iter::<serde::de::IgnoredAny>();
        for value in values {
            if let Err(e) = value {
                let offset = file.contents.len() - trimmed.len();
                let line = e.line() + file.contents[..offset].matches('\n').count();
                let what = if e.is_eof() {
                    format!("it is not valid JSON: it ends too early, at line {line}")
                } else {
                    let message = e.to_string();
                    let message = message
                        .rsplit_once(" at line ")
                        .map_or(message.as_str(), |(m, _)| m);
                    format!(
                        "it is not valid JSON: at line {line}, column {}: {message}",
                        e.column()
                    )
                };
                return format!(
                    "Could not open “{name}”: {what}. The file may be cut short or edited by \
                     hand: export it again, or fix it. {UNCHANGED}"
                );
            }
        }
    }
    format!(
        "Could not open “{name}”: Attrib cannot tell what kind of file it is. {CHECK_FORMAT} \
         {UNCHANGED}"
    )
}

fn import_error(name: &str, err: FormatError) -> String {
    match err {
        FormatError::Syntax {
            format,
            location,
            message,
        } => format!(
            "Could not open “{name}”: it is not valid {}: at {location}: {message}. \
             {CHECK_FORMAT} {UNCHANGED}",
            format.label()
        ),
        FormatError::Unknown(_) => format!(
            "Could not open “{name}”: Attrib cannot tell what kind of file it is. \
             {CHECK_FORMAT} {UNCHANGED}"
        ),
        FormatError::NeedsText(format) => format!(
            "Could not open “{name}” alone: {} files do not carry the article's text. Open it \
             together with the article's .txt file: select both files at once (or drop both). \
             {UNCHANGED}",
            short_name(format)
        ),
        FormatError::Unsupported { format, message } => format!(
            "Could not open “{name}” ({}): {message}. {UNCHANGED}",
            format.label()
        ),
    }
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
    if total > 1024.0 * 1024.0 {
        dispatch.emit(Msg::info(format!("Opening {}…", size_label(total))));
    }
    wasm_bindgen_futures::spawn_local(async move {
        match open_files(files).await {
            Ok(opened) => dispatch.emit(Msg::LoadWithNote {
                document: Rc::new(opened.document),
                note: opened.note,
            }),
            Err(message) => dispatch.emit(Msg::error(message)),
        }
    });
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
    use attrib_core::model::{Annotation, Kind, Span};
    use js_sys::Array;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

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
