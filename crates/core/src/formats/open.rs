//! Opening a file: the one set of rules by which the app and the `attrib`
//! CLI read what a user gives them. The core decides how to read the file
//! (from its content and extension, or as the caller forces), turns plain
//! text, Markdown and web-page text into a titled document, imports the
//! annotation formats, fills a missing id and title the same way on every
//! path, and says what it did or, as a typed [`OpenError`], what is wrong.
//! Callers only read the bytes (and find a brat `.ann`'s `.txt` on disk)
//! and word the messages.
//!
//! Validation of the imported documents ([`crate::validate::validate`]) is
//! left to the callers: the CLI lists every problem of every document, the
//! app refuses a first document with problems.

pub mod steps;
pub mod web_page;

use std::fmt;

use super::{detect, detect_json, import, probe::Probe, Format, FormatError, Imported};
use crate::assignment::{self, Assignment, AssignmentError};
use crate::limits::{self, Exceeded};
use crate::model::{one_line, AnnotatedDocument, Metadata};
use crate::text::Document;

pub use web_page::WebPage;

/// A file as read: its name (a path or a bare file name; empty for standard
/// input) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputFile<'a> {
    pub name: &'a str,
    pub contents: &'a str,
}

impl<'a> InputFile<'a> {
    pub fn new(name: &'a str, contents: &'a str) -> Self {
        InputFile { name, contents }
    }

    /// The lower-case extension of the file name, without the dot.
    pub fn extension(&self) -> Option<String> {
        let (_, ext) = base_name(self.name).rsplit_once('.')?;
        Some(ext.to_ascii_lowercase())
    }

    /// The file name without its folders and extension, trimmed; `None`
    /// when nothing is left.
    pub fn stem(&self) -> Option<&'a str> {
        let base = base_name(self.name);
        let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem).trim();
        (!stem.is_empty()).then_some(stem)
    }
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// How a file is read: as an annotation format, or as an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadAs {
    Format(Format),
    /// A plain article text: one document, no annotations.
    PlainText,
    /// A Markdown article: plain text whose `# Headline` titles it.
    Markdown,
    /// A web page, reduced to its readable article text.
    WebPage,
    /// A teacher's assignment file (`"format": "attrib-assignment"`): its
    /// article and schema, nothing marked; a hidden answer key stays out.
    Assignment,
}

impl ReadAs {
    /// The name the CLI's `--from` takes for it.
    pub fn name(self) -> &'static str {
        match self {
            ReadAs::Format(format) => format.name(),
            ReadAs::PlainText => "txt",
            ReadAs::Markdown => "md",
            ReadAs::WebPage => "html",
            ReadAs::Assignment => "assignment",
        }
    }

    /// A human label, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ReadAs::Format(format) => format.label(),
            ReadAs::PlainText => "plain text",
            ReadAs::Markdown => "Markdown",
            ReadAs::WebPage => "web page",
            ReadAs::Assignment => "Attrib assignment",
        }
    }

    pub fn from_name(name: &str) -> Option<ReadAs> {
        [
            ReadAs::PlainText,
            ReadAs::Markdown,
            ReadAs::WebPage,
            ReadAs::Assignment,
        ]
        .into_iter()
        .chain(Format::ALL.map(ReadAs::Format))
        .find(|r| r.name() == name)
    }

    /// Whether the file is read as JSON (or JSON lines).
    pub fn is_json(self) -> bool {
        matches!(
            self,
            ReadAs::Assignment
                | ReadAs::Format(
                    Format::Native
                        | Format::W3c
                        | Format::Doccano
                        | Format::LabelStudio
                        | Format::Jsonl
                )
        )
    }

    /// Whether the file is the article itself (no annotations).
    pub fn is_article(self) -> bool {
        !matches!(self, ReadAs::Format(_))
    }
}

impl fmt::Display for ReadAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the caller adds to the file.
#[derive(Clone, Copy)]
pub struct OpenOptions<'a> {
    /// How to read the file, when the user said (the CLI's `--from`);
    /// `None` lets [`read_as`] decide.
    pub from: Option<ReadAs>,
    /// The article text for a format that does not carry it (a brat
    /// `.ann`'s `.txt`, the CLI's `--text`); with Attrib JSON or JSONL it
    /// replaces the file's text.
    pub text: Option<InputFile<'a>>,
    /// The id of a document that has none (a plain text, say).
    pub id: &'a str,
    /// How to reduce HTML to a web page's text; without it a web page
    /// cannot be opened ([`OpenError::NoHtmlReader`]).
    pub html_to_text: Option<&'a dyn Fn(&str) -> WebPage>,
}

impl<'a> OpenOptions<'a> {
    /// Options that decide everything, with `id` for a document that has
    /// none.
    pub fn new(id: &'a str) -> Self {
        OpenOptions {
            from: None,
            text: None,
            id,
            html_to_text: None,
        }
    }
}

impl fmt::Debug for OpenOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenOptions")
            .field("from", &self.from)
            .field("text", &self.text)
            .field("id", &self.id)
            .field("html_to_text", &self.html_to_text.is_some())
            .finish()
    }
}

/// A file that was opened: how it was read and what it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub read_as: ReadAs,
    /// At least one document, each with an id; spans that could not be
    /// placed are listed, never moved.
    pub imported: Imported,
    /// The name of the text file used with it, if any.
    pub text_name: Option<String>,
}

/// Where a JSON text stops being JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column in that line (0 at the very end of the input).
    pub column: usize,
    /// What the parser expected, without its own "at line …".
    pub message: String,
    /// The text ends before the JSON does (cut short).
    pub eof: bool,
}

impl JsonProblem {
    /// The first place `contents` (one JSON value, or several one after
    /// another as in JSONL) breaks; `None` when it is all JSON.
    pub fn find(contents: &str) -> Option<JsonProblem> {
        let trimmed = contents.trim_start_matches('\u{feff}').trim_start();
        let skipped = contents.len() - trimmed.len();
        let lines_before = contents[..skipped].matches('\n').count();
        let values =
            serde_json::Deserializer::from_str(trimmed).into_iter::<serde::de::IgnoredAny>();
        for value in values {
            if let Err(err) = value {
                let message = err.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m)
                    .to_string();
                return Some(JsonProblem {
                    line: err.line() + lines_before,
                    column: err.column(),
                    message,
                    eof: err.is_eof(),
                });
            }
        }
        None
    }
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.eof {
            write!(f, "it ends too early, at line {}", self.line)
        } else {
            write!(
                f,
                "at line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

/// Why a file could not be opened. Each says what is wrong; the caller
/// adds what to do in its own terms (a `--from` for the CLI, "select both
/// files" for the app).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// No file was given.
    #[error("no file was given")]
    NoFile,
    /// More files than an annotation file and its text.
    #[error("{0} files were given; open one file, or an annotation file with its text")]
    TooManyFiles(usize),
    /// Two files that are not an annotation file and its `.txt`.
    #[error("the two files are not an annotation file and its article text (.txt)")]
    NotAPair,
    /// The bytes are not UTF-8; `byte` is where the first bad one is.
    #[error("not UTF-8 text (at byte {byte})")]
    NotUtf8 { byte: usize },
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// NUL or other control characters: a binary file, not text.
    #[error("not a text file: it holds control characters")]
    NotText,
    /// Looks like JSON (starts with `{` or `[`) but does not parse.
    #[error("not valid JSON: {0}")]
    BrokenJson(JsonProblem),
    /// Valid JSON, but none of the formats.
    #[error(
        "JSON, but not Attrib JSON, W3C Web Annotation, doccano, Label Studio or a JSONL corpus"
    )]
    UnknownJson,
    /// A `.csv` without the Attrib CSV header.
    #[error("not an Attrib CSV export, whose first line starts document_id,annotation_id,kind")]
    NotAttribCsv,
    /// A web page, and the caller gave no way to reduce HTML.
    #[error("a web page, and no HTML reader was given")]
    NoHtmlReader,
    /// A web page without readable text (one built by scripts).
    #[error("the web page has no readable article text")]
    NoReadableText,
    /// The format does not carry the article text, and none was given.
    #[error("{} files do not carry the article text", .0.label())]
    NeedsText(Format),
    /// A text was given with a format that carries its own.
    #[error("{} files carry their own text, so a separate text is not used", .0.label())]
    TextNotUsed(Format),
    /// A text was given with an article (plain text, Markdown, web page).
    #[error("read as {0}, which is the article itself, so a separate text is not used")]
    TextWithArticle(ReadAs),
    /// The file holds no documents.
    #[error("the file holds no documents")]
    NoDocuments,
    /// Over one of the [`limits`]: too big, too long, too many annotations
    /// or too deep.
    #[error("{0}")]
    TooBig(Exceeded),
    /// The format's import failed: where in the file, and what was
    /// expected.
    #[error(transparent)]
    Import(FormatError),
    /// An assignment file that does not read.
    #[error("an Attrib assignment that does not read: {0}")]
    Assignment(AssignmentError),
}

impl OpenError {
    /// A stable name for the kind of error ("empty", "needs-text", …), for
    /// tests and logs; the shared fixtures in `tests/fixtures/open` use it.
    pub fn kind(&self) -> &'static str {
        match self {
            OpenError::NoFile => "no-file",
            OpenError::TooManyFiles(_) => "too-many-files",
            OpenError::NotAPair => "not-a-pair",
            OpenError::NotUtf8 { .. } => "not-utf8",
            OpenError::Empty => "empty",
            OpenError::NotText => "not-text",
            OpenError::BrokenJson(_) => "broken-json",
            OpenError::UnknownJson => "unknown-json",
            OpenError::NotAttribCsv => "not-attrib-csv",
            OpenError::NoHtmlReader => "no-html-reader",
            OpenError::NoReadableText => "no-readable-text",
            OpenError::NeedsText(_) => "needs-text",
            OpenError::TextNotUsed(_) => "text-not-used",
            OpenError::TextWithArticle(_) => "text-with-article",
            OpenError::NoDocuments => "no-documents",
            OpenError::TooBig(_) => "too-big",
            OpenError::Import(_) => "import",
            OpenError::Assignment(_) => "assignment",
        }
    }
}

/// The text of `bytes`, or where they stop being UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, OpenError> {
    std::str::from_utf8(bytes).map_err(|err| OpenError::NotUtf8 {
        byte: err.valid_up_to(),
    })
}

/// Decides how to read `file`: as `from` says when given; else
///
/// 1. a file with nothing but whitespace is [`OpenError::Empty`] (unless it
///    is a brat `.ann`, which may hold no annotations), and one holding a
///    NUL is [`OpenError::NotText`];
/// 2. the extensions `.txt`/`.text` (plain text), `.md`/`.markdown`,
///    `.html`/`.htm`/`.xhtml` (web page) and `.ann` (brat) decide;
/// 3. then the content ([`detect`]), and a content that is clearly an HTML
///    document is a web page; one Attrib JSON object on one line (a
///    minified export) is Attrib JSON, except in a file named `.jsonl`,
///    which is then a corpus of one (the same document either way);
/// 4. JSON that does not parse is read as its extension says (`.json`,
///    `.jsonl`) so its import names where it breaks, else
///    [`OpenError::BrokenJson`]; JSON of no known shape is
///    [`OpenError::UnknownJson`];
/// 5. a `.csv` without the Attrib header is [`OpenError::NotAttribCsv`];
/// 6. any other text is plain text, unless it holds control characters
///    (other than tab, line and form feed), which is [`OpenError::NotText`].
pub fn read_as(file: &InputFile, from: Option<ReadAs>) -> Result<ReadAs, OpenError> {
    if let Some(from) = from {
        return Ok(from);
    }
    let contents = file.contents.trim_start_matches('\u{feff}');
    let ext = file.extension();
    let ext = ext.as_deref();
    if contents.trim().is_empty() && ext != Some("ann") {
        return Err(OpenError::Empty);
    }
    if contents.contains('\0') {
        return Err(OpenError::NotText);
    }
    match ext {
        Some("txt" | "text") => return Ok(ReadAs::PlainText),
        Some("md" | "markdown") => return Ok(ReadAs::Markdown),
        Some("html" | "htm" | "xhtml") => return Ok(ReadAs::WebPage),
        Some("ann") => return Ok(ReadAs::Format(Format::Brat)),
        _ => {}
    }
    if contents.trim_start().starts_with(['{', '[']) {
        // Depth first (a scan, no parse), then one parse that tells the
        // format.
        limits::check_json_depth(contents).map_err(OpenError::TooBig)?;
        if assignment::looks_like(contents) {
            return Ok(ReadAs::Assignment);
        }
        let probe = Probe::of(contents);
        return match (detect_json(&probe), ext) {
            (Some(Format::Native), Some("jsonl")) if probe.one_line => {
                Ok(ReadAs::Format(Format::Jsonl))
            }
            (Some(format), _) => Ok(ReadAs::Format(format)),
            // All one JSON value, of no known shape: no need to parse it again.
            (None, _) if probe.whole().is_some() => Err(OpenError::UnknownJson),
            (None, ext) => match (JsonProblem::find(contents), ext) {
                (Some(_), Some("json")) => Ok(ReadAs::Format(Format::Native)),
                (Some(_), Some("jsonl")) => Ok(ReadAs::Format(Format::Jsonl)),
                (Some(problem), _) => Err(OpenError::BrokenJson(problem)),
                (None, _) => Err(OpenError::UnknownJson),
            },
        };
    }
    if let Some(format) = detect(contents) {
        return Ok(ReadAs::Format(format));
    }
    if web_page::looks_like_html(contents) {
        return Ok(ReadAs::WebPage);
    }
    if ext == Some("csv") {
        return Err(OpenError::NotAttribCsv);
    }
    if contents
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(OpenError::NotText);
    }
    Ok(ReadAs::PlainText)
}

/// Which of the files the user chose is the annotation file and which its
/// article text: one file alone, or two of which exactly one is a `.txt`
/// (a brat `.ann` with its `.txt`, a W3C file with its article).
pub fn pair<'a>(
    files: &[InputFile<'a>],
) -> Result<(InputFile<'a>, Option<InputFile<'a>>), OpenError> {
    match files {
        [] => Err(OpenError::NoFile),
        [one] => Ok((*one, None)),
        [a, b] => {
            let is_text = |f: &InputFile| f.extension().as_deref() == Some("txt");
            match (is_text(a), is_text(b)) {
                (false, true) => Ok((*a, Some(*b))),
                (true, false) => Ok((*b, Some(*a))),
                _ => Err(OpenError::NotAPair),
            }
        }
        many => Err(OpenError::TooManyFiles(many.len())),
    }
}

/// Files chosen at once, grouped so that an annotation file and its text
/// count as one: each `.txt` goes with the one other file of the same
/// stem (`a.ann` with `a.txt`, as brat writes them; a W3C or CSV file
/// named like its article), and every other file stands alone. Returns,
/// in the order of the annotation files, each file's index and its text's;
/// a `.txt` with no partner (or with several) is a file of its own.
pub fn group_pairs(files: &[InputFile]) -> Vec<(usize, Option<usize>)> {
    let is_text = |f: &InputFile| f.extension().as_deref() == Some("txt");
    let mut text_of: Vec<Option<usize>> = vec![None; files.len()];
    let mut paired_text = vec![false; files.len()];
    for (t, text) in files.iter().enumerate().filter(|(_, f)| is_text(f)) {
        let Some(stem) = text.stem() else { continue };
        let partners: Vec<usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| !is_text(f) && f.stem() == Some(stem))
            .map(|(i, _)| i)
            .collect();
        if let [one] = partners[..] {
            if text_of[one].is_none() {
                text_of[one] = Some(t);
                paired_text[t] = true;
            }
        }
    }
    (0..files.len())
        .filter(|&i| !paired_text[i])
        .map(|i| (i, text_of[i]))
        .collect()
}

/// Opens the files a user chose together: [`pair`]s them, then
/// [`open`]s the annotation file with the other as its text (or with
/// `options.text` when one file was chosen).
pub fn open_files(files: &[InputFile], options: &OpenOptions) -> Result<Opened, OpenError> {
    let (file, text) = pair(files)?;
    let options = OpenOptions {
        text: text.or(options.text),
        ..*options
    };
    open(file, &options)
}

/// Opens `file`: decides how to read it ([`read_as`]), makes an article
/// into a titled document ([`plain_text_document`], [`web_page_document`])
/// or imports the format with `options.text`, and fills what a document
/// lacks ([`fill_metadata`]).
pub fn open(file: InputFile, options: &OpenOptions) -> Result<Opened, OpenError> {
    for input in std::iter::once(&file).chain(options.text.as_ref()) {
        limits::check_file_bytes(input.contents.len() as u64).map_err(OpenError::TooBig)?;
    }
    let read_as = read_as(&file, options.from)?;
    if options.from.is_some() && read_as.is_json() {
        limits::check_json_depth(file.contents).map_err(OpenError::TooBig)?;
    }
    if let Some(text) = options.text {
        limits::check_text(text.contents).map_err(OpenError::TooBig)?;
    }
    let contents = file
        .contents
        .strip_prefix('\u{feff}')
        .unwrap_or(file.contents);
    let name = (!file.name.is_empty()).then_some(file.name);
    let format = match read_as {
        ReadAs::Format(format) => format,
        ReadAs::Assignment => {
            if options.text.is_some() {
                return Err(OpenError::TextWithArticle(read_as));
            }
            return open_assignment(contents, options, name);
        }
        article => {
            if options.text.is_some() {
                return Err(OpenError::TextWithArticle(article));
            }
            if contents.trim().is_empty() {
                return Err(OpenError::Empty);
            }
            let document = match article {
                ReadAs::WebPage => {
                    let reduce = options.html_to_text.ok_or(OpenError::NoHtmlReader)?;
                    let page = reduce(contents);
                    if page.text.trim().is_empty() {
                        return Err(OpenError::NoReadableText);
                    }
                    web_page_document(page, options.id, name)
                }
                _ => {
                    limits::check_text(contents).map_err(OpenError::TooBig)?;
                    plain_text_document(contents, options.id, name, article == ReadAs::Markdown)
                }
            };
            limits::check_text(document.text.text()).map_err(OpenError::TooBig)?;
            return Ok(Opened {
                read_as,
                imported: Imported {
                    documents: vec![document],
                    ..Imported::default()
                },
                text_name: None,
            });
        }
    };
    let text = options.text;
    match (text, format) {
        (Some(_), Format::Doccano | Format::LabelStudio) => {
            return Err(OpenError::TextNotUsed(format))
        }
        (None, _) if !format.carries_text() => return Err(OpenError::NeedsText(format)),
        _ => {}
    }
    let text_contents = text.map(|t| t.contents.strip_prefix('\u{feff}').unwrap_or(t.contents));
    let mut imported = import(contents, Some(format), text_contents).map_err(|err| match err {
        FormatError::NeedsText(format) => OpenError::NeedsText(format),
        err => OpenError::Import(err),
    })?;
    if imported.documents.is_empty() {
        return Err(OpenError::NoDocuments);
    }
    for document in &imported.documents {
        limits::check_text(document.text.text()).map_err(OpenError::TooBig)?;
        limits::check_annotations(document.annotations.len()).map_err(OpenError::TooBig)?;
    }
    let named = text
        .filter(|t| !t.name.is_empty())
        .map_or(name, |t| Some(t.name));
    fill_metadata(&mut imported.documents, options.id, named);
    Ok(Opened {
        read_as,
        imported,
        text_name: text.map(|t| t.name.to_string()),
    })
}

/// An assignment file as the document a student starts from (article and
/// schema, nothing marked), saying so; a hidden answer key is validated
/// with the assignment but not opened.
fn open_assignment(
    contents: &str,
    options: &OpenOptions,
    name: Option<&str>,
) -> Result<Opened, OpenError> {
    let assignment = Assignment::from_json(contents).map_err(OpenError::Assignment)?;
    let document = assignment.blank_document();
    limits::check_text(document.text.text()).map_err(OpenError::TooBig)?;
    let mut warnings = vec![format!(
        "an Attrib assignment: its article and label schema were read, with nothing marked \
         (students open it in the app{})",
        if assignment.instructions.trim().is_empty() {
            String::new()
        } else {
            format!("; its instructions: “{}”", assignment.instructions.trim())
        }
    )];
    if assignment.key.is_some() {
        warnings.push(
            "its hidden answer key (for self-check) was checked but not read as annotations; \
             score against the teacher's own key file"
                .to_string(),
        );
    }
    let mut documents = vec![document];
    fill_metadata(&mut documents, options.id, name);
    Ok(Opened {
        read_as: ReadAs::Assignment,
        imported: Imported {
            documents,
            warnings,
            ..Imported::default()
        },
        text_name: None,
    })
}

/// Gives imported documents what they lack, as opening a plain text would:
/// an empty id becomes `id` (`id-2`, `id-3`, … after the first of a
/// corpus), a missing title the text's [`headline`] and, for a file
/// holding one document, else the stem of `file_name` (the article text's
/// file when there is one). A title with line breaks is made [`one_line`].
pub fn fill_metadata(documents: &mut [AnnotatedDocument], id: &str, file_name: Option<&str>) {
    let single = documents.len() == 1;
    for (i, document) in documents.iter_mut().enumerate() {
        if let Some(title) = document.meta.title.as_mut() {
            *title = one_line(title);
        }
        if document.meta.id.trim().is_empty() {
            document.meta.id = match i {
                0 => id.to_string(),
                _ => format!("{id}-{}", i + 1),
            };
        }
        if document
            .meta
            .title
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            document.meta.title = headline(document.text.text(), false)
                .or_else(|| single.then(|| stem_of(file_name)).flatten());
        }
    }
}

/// The headline of an article text: its first non-empty line, trimmed,
/// when it is short enough to read as one (200 characters at most). In
/// Markdown its leading `#`s are left out ("# Big news" is "Big news").
pub fn headline(text: &str, markdown: bool) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 200)?;
    let line = if markdown {
        line.trim_start_matches('#').trim()
    } else {
        line
    };
    (!line.is_empty()).then(|| line.to_string())
}

/// A new document from an article text: id `id`, titled by its
/// [`headline`], else by the stem of `file_name` ("notes.txt" is "notes");
/// no annotations, the default schema.
pub fn plain_text_document(
    text: &str,
    id: &str,
    file_name: Option<&str>,
    markdown: bool,
) -> AnnotatedDocument {
    let title = headline(text, markdown).or_else(|| stem_of(file_name));
    AnnotatedDocument::new(
        Metadata {
            id: id.to_string(),
            title,
            ..Metadata::default()
        },
        Document::new(text),
    )
}

/// A new document from a web page's text, titled by the page's headline
/// (or `<title>`), else as [`plain_text_document`] titles.
pub fn web_page_document(page: WebPage, id: &str, file_name: Option<&str>) -> AnnotatedDocument {
    let mut document = plain_text_document(&page.text, id, file_name, false);
    if let Some(title) = page.title.filter(|t| !t.trim().is_empty()) {
        document.meta.title = Some(title);
    }
    document
}

fn stem_of(file_name: Option<&str>) -> Option<String> {
    file_name
        .and_then(|name| InputFile::new(name, "").stem())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(name: &str, contents: &str) -> Result<ReadAs, OpenError> {
        read_as(&InputFile::new(name, contents), None)
    }

    fn open_one(name: &str, contents: &str) -> Result<Opened, OpenError> {
        open(InputFile::new(name, contents), &OpenOptions::new("doc-1"))
    }

    const ANNOTATED: &str = r#"{"format": "attrib", "version": 1,
        "document": {"id": "", "text": "Headline\n\nKerry spoke."},
        "annotations": []}"#;

    #[test]
    fn names_give_extensions_and_stems() {
        let file = InputFile::new("dir.v2/Talks.Final.TXT", "");
        assert_eq!(file.extension().as_deref(), Some("txt"));
        assert_eq!(file.stem(), Some("Talks.Final"));
        assert_eq!(InputFile::new("C:\\x\\notes", "").stem(), Some("notes"));
        assert_eq!(InputFile::new("notes", "").extension(), None);
        assert_eq!(InputFile::new(".txt", "").stem(), None);
        assert_eq!(InputFile::new("", "").stem(), None);
    }

    #[test]
    fn read_as_names_round_trip() {
        for read_as in [ReadAs::PlainText, ReadAs::Markdown, ReadAs::WebPage]
            .into_iter()
            .chain(Format::ALL.map(ReadAs::Format))
        {
            assert_eq!(ReadAs::from_name(read_as.name()), Some(read_as));
        }
        assert_eq!(ReadAs::from_name("pdf"), None);
    }

    #[test]
    fn extensions_decide_before_the_contents_and_from_overrides_everything() {
        assert_eq!(decide("a.txt", "{}"), Ok(ReadAs::PlainText));
        assert_eq!(decide("a.MD", "# x"), Ok(ReadAs::Markdown));
        assert_eq!(decide("a.htm", "x"), Ok(ReadAs::WebPage));
        assert_eq!(
            decide("a.ANN", "T1\tMention 0 1\tx"),
            Ok(ReadAs::Format(Format::Brat))
        );
        assert_eq!(decide("a.ann", ""), Ok(ReadAs::Format(Format::Brat)));
        let forced = Some(ReadAs::Format(Format::Csv));
        assert_eq!(
            read_as(&InputFile::new("a.txt", ""), forced),
            Ok(ReadAs::Format(Format::Csv))
        );
    }

    #[test]
    fn content_decides_for_other_names() {
        assert_eq!(decide("a", ANNOTATED), Ok(ReadAs::Format(Format::Native)));
        assert_eq!(decide("-", "<!DOCTYPE html><p>x"), Ok(ReadAs::WebPage));
        assert_eq!(
            decide("notes.rst", "Kerry said so.\n"),
            Ok(ReadAs::PlainText)
        );
        assert_eq!(decide("", "Kerry said so."), Ok(ReadAs::PlainText));
    }

    #[test]
    fn a_minified_attrib_export_is_attrib_json_unless_named_a_corpus() {
        let value: serde_json::Value = serde_json::from_str(ANNOTATED).expect("JSON");
        let minified = serde_json::to_string(&value).expect("minified");
        assert!(!minified.contains('\n'));
        let native = ReadAs::Format(Format::Native);
        assert_eq!(decide("x.json", &minified), Ok(native));
        assert_eq!(decide("", &minified), Ok(native));
        assert_eq!(decide("x", &format!("{minified}\n")), Ok(native));
        assert_eq!(
            decide("x.jsonl", &minified),
            Ok(ReadAs::Format(Format::Jsonl)),
            "a file named .jsonl is a corpus, of one here"
        );
        assert_eq!(decide("x.jsonl", ANNOTATED), Ok(native), "not one line");
        let two = format!("{minified}\n{minified}\n");
        assert_eq!(decide("x.json", &two), Ok(ReadAs::Format(Format::Jsonl)));
        let as_json = open_one("x.json", &minified).expect("opens");
        let as_corpus = open_one("x.jsonl", &minified).expect("opens");
        assert_eq!(as_json.imported, as_corpus.imported, "the same document");
        // Its errors are located as Attrib JSON's, not as a corpus line's.
        let broken = minified.replace("\"version\":1", "\"version\":7");
        let Err(OpenError::Import(err)) = open_one("x.json", &broken) else {
            panic!("version 7 is refused");
        };
        assert!(err.to_string().starts_with("json: at version"), "{err}");
    }

    #[test]
    fn broken_json_is_read_as_its_extension_says_or_located() {
        assert_eq!(
            decide("a.json", "{\"format\": "),
            Ok(ReadAs::Format(Format::Native))
        );
        assert_eq!(
            decide("a.jsonl", "{\"format\""),
            Ok(ReadAs::Format(Format::Jsonl))
        );
        let Err(OpenError::BrokenJson(problem)) = decide("data", "\n\n[1, 2") else {
            panic!("broken JSON");
        };
        assert_eq!((problem.line, problem.eof), (3, true));
        assert_eq!(problem.to_string(), "it ends too early, at line 3");
        let problem = JsonProblem::find("{\"a\": 1,,}").expect("a problem");
        assert_eq!((problem.line, problem.column, problem.eof), (1, 9, false));
        assert_eq!(
            problem.to_string(),
            "at line 1, column 9: key must be a string"
        );
        assert_eq!(JsonProblem::find("{}\n{}\n"), None);
    }

    #[test]
    fn unknown_json_empty_binary_and_foreign_csv_are_refused() {
        assert_eq!(
            decide("data.json", "{\"hello\": 1}"),
            Err(OpenError::UnknownJson)
        );
        assert_eq!(decide("a.txt", " \n "), Err(OpenError::Empty));
        assert_eq!(decide("", "\u{feff}"), Err(OpenError::Empty));
        assert_eq!(decide("x.txt", "%PDF\0\0"), Err(OpenError::NotText));
        assert_eq!(decide("blob.bin", "a\u{1}b"), Err(OpenError::NotText));
        assert_eq!(decide("data.csv", "a,b\n1,2"), Err(OpenError::NotAttribCsv));
        assert_eq!(decode(b"caf\xe9"), Err(OpenError::NotUtf8 { byte: 3 }));
        assert_eq!(decode("café".as_bytes()), Ok("café"));
    }

    #[test]
    fn plain_text_and_markdown_are_titled_by_their_headline_or_file_name() {
        let opened = open_one("n.md", "\u{feff}# Big news\n\nSomething happened.").expect("opens");
        assert_eq!(opened.read_as, ReadAs::Markdown);
        let doc = &opened.imported.documents[0];
        assert_eq!(doc.meta.title.as_deref(), Some("Big news"));
        assert_eq!(doc.meta.id, "doc-1");
        assert_eq!(doc.text.text(), "# Big news\n\nSomething happened.");

        let long = "x".repeat(201);
        let doc = plain_text_document(&long, "d", Some("dir/notes.txt"), false);
        assert_eq!(doc.meta.title.as_deref(), Some("notes"));
        assert_eq!(plain_text_document("#\n", "d", None, true).meta.title, None);
        assert_eq!(
            plain_text_document("  # Hi \n", "d", None, false)
                .meta
                .title
                .as_deref(),
            Some("# Hi"),
            "only Markdown loses its #"
        );
    }

    #[test]
    fn web_pages_need_a_reader_and_readable_text() {
        let reader = |html: &str| WebPage {
            title: None,
            text: html.replace("<p>", "").replace("</p>", ""),
        };
        let mut options = OpenOptions::new("d");
        let file = InputFile::new("page.html", "<p>Kerry spoke.</p>");
        assert_eq!(open(file, &options), Err(OpenError::NoHtmlReader));
        options.html_to_text = Some(&reader);
        let opened = open(file, &options).expect("opens");
        assert_eq!(opened.read_as, ReadAs::WebPage);
        assert_eq!(
            opened.imported.documents[0].meta.title.as_deref(),
            Some("Kerry spoke.")
        );
        let titled = |_: &str| WebPage {
            title: Some("Talks".into()),
            text: "Body".into(),
        };
        options.html_to_text = Some(&titled);
        let opened = open(file, &options).expect("opens");
        assert_eq!(
            opened.imported.documents[0].meta.title.as_deref(),
            Some("Talks")
        );
        let empty = |_: &str| WebPage::default();
        options.html_to_text = Some(&empty);
        assert_eq!(open(file, &options), Err(OpenError::NoReadableText));
    }

    #[test]
    fn texts_go_only_where_they_are_needed() {
        let text = InputFile::new("a.txt", "Kerry spoke.");
        let mut options = OpenOptions::new("d");
        options.text = Some(text);
        assert_eq!(
            open(InputFile::new("b.txt", "Other."), &options),
            Err(OpenError::TextWithArticle(ReadAs::PlainText))
        );
        let doccano = "{\"text\": \"Kerry spoke.\", \"label\": []}\n";
        assert_eq!(
            open(InputFile::new("a.jsonl", doccano), &options),
            Err(OpenError::TextNotUsed(Format::Doccano))
        );
        assert_eq!(
            open_one("a.ann", "T1\tMention 0 5\tKerry\n"),
            Err(OpenError::NeedsText(Format::Brat))
        );
        let opened = open(
            InputFile::new("a.ann", "T1\tMention 0 5\tKerry\n"),
            &options,
        )
        .expect("opens");
        assert_eq!(opened.text_name.as_deref(), Some("a.txt"));
        let doc = &opened.imported.documents[0];
        assert_eq!(doc.annotations.len(), 1);
        assert_eq!(doc.meta.title.as_deref(), Some("Kerry spoke."));
    }

    #[test]
    fn imported_documents_get_a_missing_id_and_title() {
        let opened = open_one("talks.json", ANNOTATED).expect("opens");
        let doc = &opened.imported.documents[0];
        assert_eq!(doc.meta.id, "doc-1");
        assert_eq!(doc.meta.title.as_deref(), Some("Headline"));

        let mut docs = vec![
            plain_text_document(&"x".repeat(300), "", None, false),
            plain_text_document("Second", "", None, false),
        ];
        fill_metadata(&mut docs, "c", Some("corpus.jsonl"));
        assert_eq!(
            (docs[0].meta.id.as_str(), docs[0].meta.title.as_deref()),
            ("c", None)
        );
        assert_eq!(
            (docs[1].meta.id.as_str(), docs[1].meta.title.as_deref()),
            ("c-2", Some("Second"))
        );
        let mut one = vec![plain_text_document(&"x".repeat(300), "", None, false)];
        fill_metadata(&mut one, "c", Some("dir/article.ann"));
        assert_eq!(one[0].meta.title.as_deref(), Some("article"));
    }

    #[test]
    fn import_failures_are_located_and_a_bare_csv_header_opens() {
        let Err(OpenError::Import(FormatError::Syntax { location, .. })) = open_one(
            "bad.json",
            "{\n  \"format\": \"attrib\",\n  \"version\": 1,,\n",
        ) else {
            panic!("a syntax error");
        };
        assert!(location.starts_with("line 3, column "), "{location}");
        let header = format!("{}\n", crate::formats::csv::COLUMNS.join(","));
        let mut options = OpenOptions::new("d");
        options.text = Some(InputFile::new("a.txt", "Kerry spoke."));
        // A header alone is one document without annotations, on the text.
        let opened = open(InputFile::new("a.csv", &header), &options).expect("opens");
        let doc = &opened.imported.documents[0];
        assert_eq!((doc.meta.id.as_str(), doc.annotations.len()), ("d", 0));
        assert_eq!(doc.meta.title.as_deref(), Some("Kerry spoke."));
    }

    #[test]
    fn files_chosen_at_once_group_an_annotation_file_with_its_text() {
        let files = [
            InputFile::new("bob/a.txt", ""),
            InputFile::new("ann.jsonl", ""),
            InputFile::new("bob/a.ann", ""),
            InputFile::new("c.txt", ""),
            InputFile::new("d.json", ""),
            InputFile::new("d.csv", ""),
            InputFile::new("d.txt", ""),
        ];
        // a.ann takes a.txt; c.txt stands alone; d.txt has two partners,
        // so it stands alone too.
        assert_eq!(
            group_pairs(&files),
            [
                (1, None),
                (2, Some(0)),
                (3, None),
                (4, None),
                (5, None),
                (6, None)
            ]
        );
        assert_eq!(group_pairs(&[]), []);
    }

    #[test]
    fn pairs_are_an_annotation_file_and_one_txt() {
        let ann = InputFile::new("a.ann", "");
        let txt = InputFile::new("a.TXT", "");
        assert_eq!(pair(&[txt, ann]), Ok((ann, Some(txt))));
        assert_eq!(pair(&[ann]), Ok((ann, None)));
        assert_eq!(pair(&[]), Err(OpenError::NoFile));
        assert_eq!(pair(&[txt, txt]), Err(OpenError::NotAPair));
        assert_eq!(pair(&[ann, ann]), Err(OpenError::NotAPair));
        assert_eq!(pair(&[ann, txt, ann]), Err(OpenError::TooManyFiles(3)));
        let opened = open_files(
            &[
                InputFile::new("a.txt", "Kerry spoke."),
                InputFile::new("a.ann", "T1\tMention 0 5\tKerry\n"),
            ],
            &OpenOptions::new("d"),
        )
        .expect("opens");
        assert_eq!(opened.read_as, ReadAs::Format(Format::Brat));
    }
}
