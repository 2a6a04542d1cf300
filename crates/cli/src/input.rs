//! Reading an input file: telling its format, finding the article text for
//! formats that do not carry it, and importing it through attrib-core.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use attrib_core::assignment::{self, Assignment};
use attrib_core::corpus::{self, CorpusError};
use attrib_core::formats::open::{self, InputFile, OpenError, OpenOptions};
use attrib_core::formats::{Format, FormatError, Imported};
use attrib_core::limits;

pub use attrib_core::formats::open::ReadAs;

use crate::args::{InputArgs, InputFormat};
use crate::failure::Failure;

/// An input that was read and imported.
#[derive(Debug)]
pub struct Loaded {
    /// The name to show for it: its path as given, or `<stdin>`.
    pub name: String,
    pub read_as: ReadAs,
    pub imported: Imported,
    /// The files read (the input and its text file), so outputs never
    /// overwrite them.
    pub read_files: Vec<PathBuf>,
}

impl Loaded {
    /// Warns on standard error of each annotation that could not be placed
    /// in the text (left out, or kept without its cue).
    pub fn warn_unplaced(&self) {
        for unplaced in &self.imported.unplaced {
            eprintln!(
                "warning: {}: annotation {} left out or without its cue: {:?} at {} ({})",
                self.name,
                unplaced.annotation_id,
                unplaced.exact,
                unplaced.original,
                unplaced.reason
            );
        }
    }
}

/// Why an input could not be loaded: the file, where in it when known, and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    /// A JSON path (`annotations[3].spans[0].start`) or a line (`line 12`).
    pub location: Option<String>,
    pub message: String,
    /// The fix is in how attrib was called (a missing `--text`), not in
    /// the data.
    pub usage: bool,
}

impl LoadError {
    fn data(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            location: None,
            message: message.into(),
            usage: false,
        }
    }

    fn usage(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            usage: true,
            ..LoadError::data(file, message)
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{}: {}: {}", self.file, location, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl From<LoadError> for Failure {
    fn from(err: LoadError) -> Self {
        if err.usage {
            Failure::Usage(err.to_string())
        } else {
            Failure::Data(err.to_string())
        }
    }
}

/// Whether `path` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name to show for `path`.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The file name without its extension, for naming outputs and plain-text
/// documents; `None` for standard input.
pub fn file_stem(path: &Path) -> Option<String> {
    if is_stdin(path) {
        return None;
    }
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|stem| !stem.is_empty())
}

/// Reads and imports `path` as `args` say; attrib-core decides how to
/// read it ([`open::open`]), this finds the files.
pub fn load(path: &Path, args: &InputArgs) -> Result<Loaded, LoadError> {
    let mut path = path.to_path_buf();
    // `--from brat` on the .txt of a pair: read the .ann beside it.
    if args.from == Some(InputFormat::Brat) && extension(&path).as_deref() == Some("txt") {
        let ann = path.with_extension("ann");
        if ann.is_file() {
            path = ann;
        }
    }
    let name = display_name(&path);
    if !is_stdin(&path) && extension(&path).as_deref() == Some("zip") {
        return load_zip(&path, &name, args);
    }
    let contents = read_text(&path, &name)?;
    let file_name = if is_stdin(&path) {
        String::new()
    } else {
        name.clone()
    };
    let file = InputFile::new(&file_name, &contents);
    let read_as = open::read_as(&file, args.from.map(InputFormat::read_as))
        .map_err(|err| open_error(&name, err, args))?;
    let mut read_files = Vec::new();
    if !is_stdin(&path) {
        read_files.push(path.clone());
    }

    let text_path = match (&args.text, read_as) {
        (Some(text_path), _) => Some(text_path.clone()),
        (None, ReadAs::Format(Format::Brat)) => {
            let Some(txt) = brat_text_path(&path) else {
                return Err(LoadError::usage(
                    &name,
                    "a brat .ann read from standard input needs its text: give it with \
                     --text TEXT_FILE",
                ));
            };
            if !txt.is_file() {
                return Err(LoadError::usage(
                    &name,
                    format!(
                        "a brat .ann needs its text, and {} does not exist; put the .txt \
                         beside the .ann or give it with --text TEXT_FILE",
                        txt.display()
                    ),
                ));
            }
            Some(txt)
        }
        (None, _) => None,
    };
    // An article or a format with its own text refuses any text whatever it
    // holds, so such a text is not read.
    let takes_text = !read_as.is_article()
        && !matches!(
            read_as,
            ReadAs::Format(Format::Doccano | Format::LabelStudio)
        );
    let text = match &text_path {
        Some(text_path) if takes_text => {
            read_files.push(text_path.clone());
            Some((
                display_name(text_path),
                read_text(text_path, &display_name(text_path))?,
            ))
        }
        Some(text_path) => Some((display_name(text_path), String::new())),
        None => None,
    };

    let id = file_stem(&path).unwrap_or_else(|| "stdin".to_string());
    let reduce_html = crate::html::html_to_text;
    let options = OpenOptions {
        from: Some(read_as),
        text: text.as_ref().map(|(name, text)| InputFile::new(name, text)),
        id: &id,
        html_to_text: Some(&reduce_html),
    };
    let opened = open::open(file, &options).map_err(|err| open_error(&name, err, args))?;
    for warning in &opened.imported.warnings {
        eprintln!("warning: {name}: {warning}");
    }
    for broken in &opened.imported.broken {
        eprintln!("warning: {name}: {broken}; this line was left out");
    }
    Ok(Loaded {
        name,
        read_as: opened.read_as,
        imported: opened.imported,
        read_files,
    })
}

/// Reads a zip of article and annotation files as one corpus, each file
/// opened on its own as the app opens a zip.
fn load_zip(path: &Path, name: &str, args: &InputArgs) -> Result<Loaded, LoadError> {
    if args.from.is_some() || args.text.is_some() {
        return Err(LoadError::usage(
            name,
            "each file of a zip is read as its content and extension say; --from and --text \
             do not apply to a zip",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|err| LoadError::data(name, format!("cannot read it: {err}")))?;
    let id = file_stem(path).unwrap_or_else(|| "zip".to_string());
    let reduce_html = crate::html::html_to_text;
    let options = OpenOptions {
        html_to_text: Some(&reduce_html),
        ..OpenOptions::new(&id)
    };
    let opened = corpus::open_zip(&bytes, &options).map_err(|err| match err {
        CorpusError::File { file, error } => describe(&format!("{name}: {file}"), error, None),
        other => LoadError::data(name, other.to_string()),
    })?;
    for warning in &opened.imported.warnings {
        eprintln!("warning: {name}: {warning}");
    }
    Ok(Loaded {
        name: name.to_string(),
        read_as: opened.read_as,
        imported: opened.imported,
        read_files: vec![path.to_path_buf()],
    })
}

/// The assignment in `path`, when it is an assignment file (`None` when
/// it is anything else, to be [`load`]ed; standard input is never taken
/// for one, so that it is read once).
pub fn load_assignment(path: &Path) -> Result<Option<Assignment>, LoadError> {
    if is_stdin(path) {
        return Ok(None);
    }
    let name = display_name(path);
    let contents = read_text(path, &name)?;
    if !assignment::looks_like(&contents) {
        return Ok(None);
    }
    Assignment::from_json(&contents)
        .map(Some)
        .map_err(|err| LoadError::data(&name, err.to_string()))
}

/// The `.txt` of a brat pair, beside the `.ann`.
fn brat_text_path(ann: &Path) -> Option<PathBuf> {
    if is_stdin(ann) {
        None
    } else {
        Some(ann.with_extension("txt"))
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
}

/// Reads a whole file (or standard input) as UTF-8.
fn read_text(path: &Path, name: &str) -> Result<String, LoadError> {
    let mut bytes = Vec::new();
    // The size is checked before reading: a file's from its metadata,
    // standard input's by reading at most one byte over the limit.
    let result = if is_stdin(path) {
        std::io::stdin()
            .lock()
            .take(limits::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        match std::fs::metadata(path) {
            Ok(meta) => {
                if let Err(exceeded) = limits::check_file_bytes(meta.len()) {
                    return Err(describe(name, OpenError::TooBig(exceeded), None));
                }
                std::fs::read(path).map(|read| bytes = read)
            }
            Err(err) => Err(err),
        }
    };
    if let Err(err) = result {
        let hint = match err.kind() {
            std::io::ErrorKind::NotFound => "; check the path",
            std::io::ErrorKind::PermissionDenied => "; check its permissions",
            _ => "",
        };
        return Err(LoadError::data(
            name,
            format!("cannot read it: {err}{hint}"),
        ));
    }
    if limits::check_file_bytes(bytes.len() as u64).is_err() {
        return Err(LoadError::data(
            name,
            format!(
                "it holds more than {}, and Attrib opens files up to that size; split it into \
                 smaller files and give them one at a time",
                limits::size_label(limits::MAX_FILE_BYTES)
            ),
        ));
    }
    match open::decode(&bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => Err(describe(name, err, None)),
    }
}

/// Why an input cannot be opened, in the CLI's terms: what is wrong and
/// what to do (a `--from`, a `--text`).
fn open_error(name: &str, err: OpenError, args: &InputArgs) -> LoadError {
    describe(name, err, args.text.as_deref())
}

fn describe(name: &str, err: OpenError, text: Option<&Path>) -> LoadError {
    const FROM: &str = "give --from FORMAT to read it as one";
    match err {
        OpenError::NotUtf8 { byte } => LoadError {
            location: Some(format!("byte {byte}")),
            ..LoadError::data(
                name,
                "not UTF-8 text; save or convert it as UTF-8 (e.g. `iconv -t UTF-8`)",
            )
        },
        OpenError::TooBig(exceeded) => LoadError::data(
            name,
            format!(
                "{exceeded}; split it into smaller files (`attrib convert` can split a corpus \
                 into one file per document) and give them one at a time"
            ),
        ),
        OpenError::Empty => LoadError::data(
            name,
            "it is empty, so there is nothing to read; give an article or an annotation file",
        ),
        OpenError::Assignment(e) => LoadError::data(
            name,
            format!(
                "an Attrib assignment that does not read: {e}; ask the teacher for the file \
                 again, or make it anew with `attrib assignment`"
            ),
        ),
        OpenError::NotText => LoadError::data(
            name,
            format!(
                "cannot tell the format: it holds control characters, so it is neither an \
                 annotation file nor a plain text (a PDF or a word-processor document?); \
                 save the article as plain text, or {FROM}"
            ),
        ),
        OpenError::BrokenJson(problem) => LoadError {
            location: Some(if problem.eof {
                format!("line {}", problem.line)
            } else {
                format!("line {}, column {}", problem.line, problem.column)
            }),
            ..LoadError::data(
                name,
                format!(
                    "cannot tell the format: it looks like JSON but does not parse ({}); {FROM}",
                    if problem.eof {
                        "it ends too early"
                    } else {
                        problem.message.as_str()
                    }
                ),
            )
        },
        OpenError::UnknownJson => LoadError::data(
            name,
            format!(
                "cannot tell the format: it is {}; {FROM}",
                OpenError::UnknownJson
            ),
        ),
        OpenError::NotAttribCsv => LoadError::data(
            name,
            format!(
                "it is {}; give --from FORMAT to read it as another format",
                OpenError::NotAttribCsv
            ),
        ),
        OpenError::NoReadableText => LoadError::data(
            name,
            "the web page has no readable article text (pages built by scripts show none until \
             they run); save the article's text from a browser as .txt and read that",
        ),
        OpenError::NeedsText(format) => LoadError::usage(
            name,
            format!(
                "{} files do not carry the article text; give it with --text TEXT_FILE",
                format.label()
            ),
        ),
        OpenError::TextNotUsed(format) => LoadError::usage(
            name,
            format!(
                "{} files carry their own text, so --text is not used; leave it out",
                format.label()
            ),
        ),
        OpenError::TextWithArticle(read_as) => LoadError::usage(
            name,
            format!(
                "is read as {}, which is the article itself; --text {} is for annotation \
                 files (leave it out, or give --from FORMAT)",
                read_as.label(),
                text.map_or_else(String::new, |t| t.display().to_string())
            ),
        ),
        OpenError::Import(err) => import_error(name, err),
        err @ (OpenError::NoFile
        | OpenError::TooManyFiles(_)
        | OpenError::NotAPair
        | OpenError::NoHtmlReader
        | OpenError::NoDocuments) => LoadError::data(name, err.to_string()),
    }
}

/// An import failure in the CLI's terms: the file, the location the core
/// found, and what to do.
fn import_error(name: &str, err: FormatError) -> LoadError {
    match err {
        FormatError::Syntax {
            format,
            location,
            message,
        } => LoadError {
            location: Some(tidy_location(location)),
            ..LoadError::data(
                name,
                format!("{message} (reading it as {})", format.label()),
            )
        },
        FormatError::Unknown(message) => LoadError::data(
            name,
            format!("cannot tell the format: {message}; give --from FORMAT"),
        ),
        FormatError::NeedsText(format) => describe(name, OpenError::NeedsText(format), None),
        FormatError::Unsupported { message, format } => LoadError::data(
            name,
            format!("{message} (reading it as {})", format.label()),
        ),
    }
}

/// A location as the core gives it, without an unknown JSON path: `?
/// (line 3, column 16)` (a key that does not parse) reads `line 3, column
/// 16`.
fn tidy_location(location: String) -> String {
    match location
        .strip_prefix("? (")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(line) => line.to_string(),
        None => location,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_one(name: &str, contents: &str) -> LoadError {
        let file = InputFile::new(name, contents);
        let err = open::read_as(&file, None).expect_err("an error");
        describe(name, err, None)
    }

    #[test]
    fn a_zip_of_documents_loads_as_one_corpus_with_their_statuses() {
        use attrib_core::{AnnotatedDocument, DocStatus, Document, Metadata};
        let mut done = AnnotatedDocument::new(
            Metadata {
                id: "one".into(),
                title: Some("One".into()),
                ..Metadata::default()
            },
            Document::new("Rain fell."),
        );
        done.meta.status = Some(DocStatus::Done);
        let other = AnnotatedDocument::new(
            Metadata {
                id: "two".into(),
                title: Some("Two".into()),
                ..Metadata::default()
            },
            Document::new("Snow fell."),
        );
        let bytes = corpus::zip_documents(&[done, other], Format::Native).expect("zip");
        let dir = std::env::temp_dir().join(format!("attrib-cli-zip-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("news.zip");
        std::fs::write(&path, &bytes).expect("write the zip");
        let args = InputArgs {
            from: None,
            text: None,
        };
        let loaded = load(&path, &args).expect("load the zip");
        let statuses: Vec<DocStatus> = loaded
            .imported
            .documents
            .iter()
            .map(AnnotatedDocument::status)
            .collect();
        assert_eq!(statuses, vec![DocStatus::Done, DocStatus::NotStarted]);
        std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write a cut zip");
        let err = load(&path, &args).expect_err("a cut zip");
        assert!(err.message.starts_with("cannot read the zip"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unknown_json_is_an_error_naming_the_file() {
        let err = describe_one("data.json", "{\"hello\": 1}");
        assert_eq!(err.file, "data.json");
        assert!(err.message.contains("--from"), "{err}");
        assert!(!err.usage);
        let err = describe_one("data", "[1, 2");
        assert!(err.message.contains("does not parse"), "{err}");
        assert_eq!(err.location.as_deref(), Some("line 1"));
    }

    #[test]
    fn binary_empty_and_foreign_csv_say_what_to_do() {
        let err = describe_one("blob.bin", "a\u{0}b");
        assert!(err.message.contains("control characters"), "{err}");
        assert!(describe_one("a.txt", " ").message.contains("empty"));
        let err = describe_one("data.csv", "a,b\n1,2");
        assert!(err.message.contains("not an Attrib CSV export"), "{err}");
    }

    #[test]
    fn unknown_json_paths_are_left_out_of_locations() {
        assert_eq!(
            tidy_location("? (line 3, column 16)".into()),
            "line 3, column 16"
        );
        assert_eq!(
            tidy_location("annotations[0].id (line 9, column 2)".into()),
            "annotations[0].id (line 9, column 2)"
        );
    }

    #[test]
    fn load_errors_show_file_location_and_message() {
        let err = LoadError {
            location: Some("annotations[0].spans".into()),
            ..LoadError::data("a.json", "missing field")
        };
        assert_eq!(
            err.to_string(),
            "a.json: annotations[0].spans: missing field"
        );
        assert_eq!(
            Failure::from(LoadError::usage("a.ann", "needs text")),
            Failure::Usage("a.ann: needs text".into())
        );
    }
}
