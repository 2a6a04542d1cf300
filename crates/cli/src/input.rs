//! Reading an input file: telling its format, finding the article text for
//! formats that do not carry it, and importing it through attrib-core.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use attrib_core::formats::{self, Format, FormatError, Imported};
use attrib_core::{AnnotatedDocument, Document, Metadata};

use crate::args::{InputArgs, InputFormat};
use crate::failure::Failure;

/// How an input was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    Format(Format),
    /// A plain article text: one document, no annotations.
    PlainText,
}

impl ReadAs {
    /// The name `--from` takes for it.
    pub fn name(self) -> &'static str {
        match self {
            ReadAs::Format(format) => format.name(),
            ReadAs::PlainText => "txt",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReadAs::Format(format) => format.label(),
            ReadAs::PlainText => "plain text",
        }
    }
}

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

/// Reads and imports `path` as `args` say.
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
    let contents = read_text(&path, &name)?;
    let read_as = choose_format(&path, &name, &contents, args.from)?;
    let mut read_files = Vec::new();
    if !is_stdin(&path) {
        read_files.push(path.clone());
    }

    let format = match read_as {
        ReadAs::PlainText => {
            if let Some(text) = &args.text {
                return Err(LoadError::usage(
                    &name,
                    format!(
                        "is read as plain text, which is the article itself; --text {} is for \
                         annotation files (leave it out, or give --from FORMAT)",
                        text.display()
                    ),
                ));
            }
            let id = file_stem(&path).unwrap_or_else(|| "stdin".to_string());
            let doc = AnnotatedDocument::new(
                Metadata {
                    id,
                    ..Metadata::default()
                },
                Document::new(&contents),
            );
            return Ok(Loaded {
                name,
                read_as,
                imported: Imported {
                    documents: vec![doc],
                    unplaced: Vec::new(),
                },
                read_files,
            });
        }
        ReadAs::Format(format) => format,
    };

    if args.text.is_some() && matches!(format, Format::Doccano | Format::LabelStudio) {
        return Err(LoadError::usage(
            &name,
            format!(
                "{} files carry their own text, so --text is not used; leave it out",
                format.label()
            ),
        ));
    }
    let text = match (&args.text, format) {
        (Some(text_path), _) => {
            read_files.push(text_path.clone());
            Some(read_text(text_path, &display_name(text_path))?)
        }
        (None, Format::Brat) => {
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
            read_files.push(txt.clone());
            Some(read_text(&txt, &display_name(&txt))?)
        }
        (None, _) => None,
    };

    let imported = formats::import(&contents, Some(format), text.as_deref())
        .map_err(|err| import_error(&name, format, err))?;
    Ok(Loaded {
        name,
        read_as,
        imported,
        read_files,
    })
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
    let result = if is_stdin(path) {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|read| bytes = read)
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
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        LoadError {
            location: Some(format!("byte {at}")),
            ..LoadError::data(
                name,
                "not UTF-8 text; save or convert it as UTF-8 (e.g. `iconv -t UTF-8`)",
            )
        }
    })
}

/// Decides how to read an input: `--from` when given; then the `.txt` and
/// `.ann` extensions; then the contents; then the other extensions (so a
/// broken file is reported in the terms of its format); and finally plain
/// text when the contents are text and not JSON.
fn choose_format(
    path: &Path,
    name: &str,
    contents: &str,
    from: Option<InputFormat>,
) -> Result<ReadAs, LoadError> {
    if let Some(from) = from {
        return Ok(from.format().map_or(ReadAs::PlainText, ReadAs::Format));
    }
    let ext = extension(path);
    match ext.as_deref() {
        Some("txt") => return Ok(ReadAs::PlainText),
        Some("ann") => return Ok(ReadAs::Format(Format::Brat)),
        _ => {}
    }
    if let Some(format) = formats::detect(contents) {
        return Ok(ReadAs::Format(format));
    }
    let json_like = contents
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '[']);
    let is_json = json_like && serde_json::from_str::<serde_json::Value>(contents).is_ok();
    match ext.as_deref() {
        Some("json") if !is_json => return Ok(ReadAs::Format(Format::Native)),
        Some("jsonl") if !is_json => return Ok(ReadAs::Format(Format::Jsonl)),
        Some("csv") => return Ok(ReadAs::Format(Format::Csv)),
        _ => {}
    }
    if json_like {
        let what = if is_json {
            "it is JSON, but not Attrib JSON, W3C Web Annotation, doccano, Label Studio or a \
             JSONL corpus"
        } else {
            "it looks like JSON but does not parse"
        };
        return Err(LoadError::data(
            name,
            format!("cannot tell the format: {what}; give --from FORMAT to read it as one"),
        ));
    }
    if contents
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(LoadError::data(
            name,
            "cannot tell the format: it holds control characters, so it is neither an \
             annotation file nor a plain text; give --from FORMAT to read it as one",
        ));
    }
    Ok(ReadAs::PlainText)
}

/// An import failure in the CLI's terms: the file, the location the core
/// found, and what to do.
fn import_error(name: &str, format: Format, err: FormatError) -> LoadError {
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
        FormatError::NeedsText(format) => LoadError::usage(
            name,
            format!(
                "{} files do not carry the article text; give it with --text TEXT_FILE",
                format.label()
            ),
        ),
        FormatError::Unsupported { message, .. } => LoadError::data(
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

    fn choose(path: &str, contents: &str) -> Result<ReadAs, LoadError> {
        choose_format(Path::new(path), path, contents, None)
    }

    #[test]
    fn extensions_txt_and_ann_decide_before_the_contents() {
        assert_eq!(choose("a.txt", "{}"), Ok(ReadAs::PlainText));
        assert_eq!(
            choose("a.ANN", "T1\tMention 0 1\tx"),
            Ok(ReadAs::Format(Format::Brat))
        );
    }

    #[test]
    fn from_overrides_everything() {
        let read_as = choose_format(Path::new("a.txt"), "a.txt", "", Some(InputFormat::Csv));
        assert_eq!(read_as, Ok(ReadAs::Format(Format::Csv)));
        let read_as = choose_format(Path::new("a.json"), "a.json", "{", Some(InputFormat::Txt));
        assert_eq!(read_as, Ok(ReadAs::PlainText));
    }

    #[test]
    fn broken_json_is_read_as_its_extension_says() {
        assert_eq!(
            choose("a.json", "{\"format\": "),
            Ok(ReadAs::Format(Format::Native))
        );
        assert_eq!(
            choose("a.jsonl", "{\"format\""),
            Ok(ReadAs::Format(Format::Jsonl))
        );
    }

    #[test]
    fn unknown_json_is_an_error_naming_the_file() {
        let err = choose("data.json", "{\"hello\": 1}").unwrap_err();
        assert_eq!(err.file, "data.json");
        assert!(err.message.contains("--from"), "{err}");
        assert!(!err.usage);
        let err = choose("data", "[1, 2").unwrap_err();
        assert!(err.message.contains("does not parse"), "{err}");
    }

    #[test]
    fn other_text_is_plain_text_but_binary_is_not() {
        assert_eq!(
            choose("notes.md", "Kerry said so.\n"),
            Ok(ReadAs::PlainText)
        );
        assert_eq!(choose("-", ""), Ok(ReadAs::PlainText));
        assert!(choose("blob.bin", "a\u{0}b").is_err());
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
