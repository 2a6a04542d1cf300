//! Opening a big Attrib JSON file a step at a time, so a caller that must
//! stay responsive (the app's page) can paint and answer the user between
//! steps and show how far it is.
//!
//! [`OpenSteps`] first scans the file's bytes (the depth limit's scan, which
//! also finds where each element of the top-level `annotations` array
//! starts and ends), then reads the file without its annotations (its
//! text, schema and speakers) and then the annotations a run at a time:
//! each parsed on its own, its spans checked against the text, placed. The
//! document it gives is the one [`super::open`] gives for the same file.
//!
//! It reads only the common case in steps: an Attrib JSON file whose
//! text is the one it was exported from (its SHA-256 matches), read as
//! its content says (no `--from`, no separate text). Anything else, and
//! any problem at all (a file that does not parse, a span off its text, a
//! limit passed), makes it [`Step::Declined`]: the caller then opens the
//! file whole with [`super::open`], which says exactly what is wrong, as
//! it always has. So errors are worded and located in one place only.

use crate::assignment;
use crate::formats::native::{NativeAnnotation, NativeFile};
use crate::formats::{anchor, native, Format, Imported};
use crate::limits::{self, MAX_JSON_DEPTH};
use crate::model::AnnotatedDocument;

use super::{fill_metadata, InputFile, OpenOptions, Opened, ReadAs};

/// Bytes scanned in one step.
pub const SCAN_STEP: usize = 512 * 1024;

/// Annotations read in one step.
pub const READ_STEP: usize = 1_000;

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// More to do: how far the work is.
    Working(Progress),
    /// Opened: what [`super::open`] gives for the file.
    Done(Box<Opened>),
    /// Not read in steps: open the file whole with [`super::open`].
    Declined,
}

/// How far opening is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` bytes scanned.
    Scanning { done: usize, total: usize },
    /// `done` of `total` annotations read.
    Reading { done: usize, total: usize },
}

/// A file being opened a step at a time; see the module's doc.
#[derive(Debug)]
pub struct OpenSteps<'a> {
    name: Option<&'a str>,
    id: &'a str,
    contents: &'a str,
    scan: Scan,
    /// The document without its annotations, once the scan is done.
    document: Option<AnnotatedDocument>,
    /// Annotations read so far.
    read: usize,
    /// Said [`Step::Done`] or [`Step::Declined`].
    over: bool,
}

impl<'a> OpenSteps<'a> {
    /// Starts opening `file`; `None` when it is not a file read in steps
    /// (open it whole with [`super::open`]). Costs no more than looking at
    /// the file's start and name.
    pub fn start(file: InputFile<'a>, options: &OpenOptions<'a>) -> Option<Self> {
        if options.from.is_some() || options.text.is_some() {
            return None;
        }
        limits::check_file_bytes(file.contents.len() as u64).ok()?;
        // Extensions that decide how a file is read, and a one-line
        // `.jsonl` export, which is a corpus of one.
        let decided = [
            "txt", "text", "md", "markdown", "html", "htm", "xhtml", "ann", "jsonl",
        ];
        if file
            .extension()
            .is_some_and(|e| decided.contains(&e.as_str()))
        {
            return None;
        }
        let contents = file
            .contents
            .strip_prefix('\u{feff}')
            .unwrap_or(file.contents);
        if !contents.trim_start().starts_with('{') || assignment::looks_like(contents) {
            return None;
        }
        Some(OpenSteps {
            name: (!file.name.is_empty()).then_some(file.name),
            id: options.id,
            contents,
            scan: Scan::default(),
            document: None,
            read: 0,
            over: false,
        })
    }

    /// Does the next step: some [`SCAN_STEP`] bytes of the scan, or reads
    /// the file without its annotations, or reads [`READ_STEP`]
    /// annotations. Once it says [`Step::Done`] or [`Step::Declined`] it
    /// says so again.
    pub fn step(&mut self) -> Step {
        if self.over {
            return Step::Declined;
        }
        let step = self.advance().unwrap_or(Step::Declined);
        self.over = !matches!(step, Step::Working(_));
        step
    }

    fn advance(&mut self) -> Option<Step> {
        let total = self.contents.len();
        if !self.scan.finished(total) {
            self.scan.run(self.contents.as_bytes(), SCAN_STEP)?;
            return Some(Step::Working(Progress::Scanning {
                done: self.scan.pos,
                total,
            }));
        }
        let count = self.scan.elements.len();
        let Some(document) = self.document.as_mut() else {
            limits::check_annotations(count).ok()?;
            self.document = Some(self.envelope()?);
            return Some(Step::Working(Progress::Reading {
                done: 0,
                total: count,
            }));
        };
        if self.read < count {
            let end = (self.read + READ_STEP).min(count);
            let mut run = Vec::with_capacity(end - self.read);
            for &(from, to) in &self.scan.elements[self.read..end] {
                run.push(serde_json::from_str::<NativeAnnotation>(&self.contents[from..to]).ok()?);
            }
            native::check_offsets(&document.text, &run, self.read).ok()?;
            let pending = run.into_iter().map(NativeAnnotation::pending).collect();
            let (placed, unplaced) = anchor::resolve(&document.text, pending);
            if !unplaced.is_empty() {
                return None;
            }
            document.annotations.extend(placed);
            self.read = end;
            return Some(Step::Working(Progress::Reading {
                done: end,
                total: count,
            }));
        }
        let mut document = self.document.take()?;
        limits::check_text(document.text.text()).ok()?;
        document.annotations.shrink_to_fit();
        let mut documents = vec![document];
        fill_metadata(&mut documents, self.id, self.name);
        Some(Step::Done(Box::new(Opened {
            read_as: ReadAs::Format(Format::Native),
            imported: Imported {
                documents,
                ..Imported::default()
            },
            text_name: None,
        })))
    }

    /// The document the file describes without its annotations: the file
    /// read with its `annotations` array emptied. `None` unless it reads
    /// and its text is the one it was exported from.
    fn envelope(&self) -> Option<AnnotatedDocument> {
        let (open, close) = self.scan.array?;
        let mut without = String::with_capacity(self.contents.len() - (close - open));
        without.push_str(&self.contents[..=open]);
        without.push_str(&self.contents[close..]);
        let file = NativeFile::parse(&without).ok()?;
        let sha256 = file.document.sha256.clone();
        let (document, unplaced) = file.into_document(None).ok()?;
        (unplaced.is_empty() && sha256.as_deref() == Some(document.text.sha256()))
            .then_some(document)
    }
}

/// The bytes JSON reads as white space (not form feed, which Rust's
/// `is_ascii_whitespace` also counts: an array holding only form feeds
/// is not empty but invalid).
const JSON_WHITESPACE: [u8; 4] = [b' ', b'\t', b'\n', b'\r'];

/// The scan of a file's bytes: the depth limit's rule
/// ([`limits::check_json_depth`]), where the top-level `annotations`
/// array is, and where each of its elements starts and ends (between its
/// commas, white space included).
#[derive(Debug, Default)]
struct Scan {
    pos: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Where the string being read at depth 1 started.
    string_start: usize,
    /// The last string closed at depth 1 (a key, in an object).
    last_string: (usize, usize),
    /// The `[` and `]` of the annotations array, once closed.
    array: Option<(usize, usize)>,
    /// Inside the annotations array: where the current element started.
    element: Option<usize>,
    elements: Vec<(usize, usize)>,
    /// The scan met something it does not read in steps.
    failed: bool,
}

impl Scan {
    fn finished(&self, total: usize) -> bool {
        self.pos >= total
    }

    /// Scans up to `budget` more bytes; `None` when the file is not read
    /// in steps (too deep, a NUL, a second annotations array or no
    /// closed one).
    fn run(&mut self, bytes: &[u8], budget: usize) -> Option<()> {
        if self.failed {
            return None;
        }
        let end = self.pos.saturating_add(budget).min(bytes.len());
        let key: &[u8] = b"\"annotations\"";
        for at in self.pos..end {
            let byte = bytes[at];
            if byte == 0 {
                self.failed = true;
                return None;
            }
            if self.in_string {
                match (self.escaped, byte) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => {
                        self.in_string = false;
                        if self.depth == 1 {
                            self.last_string = (self.string_start, at + 1);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => {
                    self.in_string = true;
                    self.string_start = at;
                }
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth > MAX_JSON_DEPTH {
                        self.failed = true;
                        return None;
                    }
                    let (from, to) = self.last_string;
                    if byte == b'[' && self.depth == 2 && &bytes[from..to] == key {
                        if self.array.is_some() || self.element.is_some() {
                            self.failed = true;
                            return None;
                        }
                        self.element = Some(at + 1);
                        self.array = Some((at, at));
                    }
                }
                b',' if self.depth == 2 => {
                    if let Some(start) = self.element {
                        self.elements.push((start, at));
                        self.element = Some(at + 1);
                    }
                }
                b'}' | b']' => {
                    if self.depth == 2 {
                        if let Some(start) = self.element.take() {
                            if byte != b']' {
                                self.failed = true;
                                return None;
                            }
                            let last = &bytes[start..at];
                            if !self.elements.is_empty()
                                || !last.iter().all(|b| JSON_WHITESPACE.contains(b))
                            {
                                self.elements.push((start, at));
                            }
                            self.array = self.array.map(|(open, _)| (open, at));
                        }
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        self.pos = end;
        if self.finished(bytes.len()) && (self.element.is_some() || self.array.is_none()) {
            self.failed = true;
            return None;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::open::{open, OpenError};
    use crate::model::{Annotation, Kind, Metadata, Span, Speaker};
    use crate::Document;
    use proptest::prelude::*;

    /// Opens `file` in steps to the end, counting the steps; what the app
    /// does, without the pauses.
    fn in_steps(file: InputFile, options: &OpenOptions) -> (Option<Opened>, usize) {
        let Some(mut steps) = OpenSteps::start(file, options) else {
            return (None, 0);
        };
        let mut count = 0;
        loop {
            count += 1;
            match steps.step() {
                Step::Working(_) => continue,
                Step::Done(opened) => {
                    assert_eq!(steps.step(), Step::Declined, "done is said once");
                    return (Some(*opened), count);
                }
                Step::Declined => return (None, count),
            }
        }
    }

    /// Either declined, or exactly what opening the file whole gives.
    fn same_as_whole(name: &str, contents: &str) -> Option<Opened> {
        let file = InputFile::new(name, contents);
        let options = OpenOptions::new("doc-1");
        let whole = open(file, &options);
        let (stepped, _) = in_steps(file, &options);
        if let Some(stepped) = &stepped {
            assert_eq!(Ok(stepped), whole.as_ref(), "{name}: {contents:.300}");
        }
        stepped
    }

    fn document(n: usize) -> AnnotatedDocument {
        let text = "Kerry said “the talks went well,” and Lavrov disagreed. ".repeat(102);
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "big".into(),
                ..Metadata::default()
            },
            Document::new(&format!("Talks end\n\n{text}")),
        );
        doc.speakers.push(Speaker::new("s1", "John Kerry"));
        for k in 0..n {
            let start = 11 + (k % 100) * 57;
            let mut a = Annotation::new(
                format!("a{k}"),
                Kind::Claim,
                vec![Span::new(start, start + 5)],
            );
            if k % 7 == 0 {
                a.kind = Kind::Quote;
                a.speaker = Some("s1".into());
                a.cue = Some(Span::new(start + 6, start + 10));
                a.note = "a \"quoted\" note, with [brackets] and {braces}".into();
            }
            doc.annotations.push(a);
        }
        doc
    }

    fn export(doc: &AnnotatedDocument) -> String {
        native::export(doc).expect("exports").contents
    }

    #[test]
    fn a_big_export_reads_in_steps_as_it_reads_whole() {
        let doc = document(2_500);
        let json = export(&doc);
        let (opened, steps) = in_steps(InputFile::new("big.json", &json), &OpenOptions::new("d"));
        let opened = opened.expect("read in steps");
        assert_eq!(
            Ok(&opened),
            open(InputFile::new("big.json", &json), &OpenOptions::new("d")).as_ref()
        );
        assert_eq!(opened.imported.documents[0].annotations.len(), 2_500);
        // The scan, the rest of the file, three runs of annotations, the end.
        let scans = json.len().div_ceil(SCAN_STEP);
        assert_eq!(steps, scans + 1 + 3 + 1);
        // Minified, and with no annotations, the same.
        let minified =
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&json).unwrap())
                .unwrap();
        assert!(same_as_whole("big.json", &minified).is_some());
        let mut empty = doc.clone();
        empty.annotations.clear();
        let opened = same_as_whole("empty.json", &export(&empty)).expect("read in steps");
        assert!(opened.imported.documents[0].annotations.is_empty());
        // A byte-order mark, and a file named otherwise.
        assert!(same_as_whole("big", &format!("\u{feff}{json}")).is_some());
    }

    #[test]
    fn anything_but_the_common_case_is_declined_and_opened_whole() {
        let json = export(&document(20));
        let declined = |name: &str, contents: &str| {
            assert_eq!(
                same_as_whole(name, contents),
                None,
                "{name}: {contents:.200}"
            );
        };
        // Edited text: spans to re-anchor.
        declined("edited.json", &json.replacen("Talks end", "Talks ended", 1));
        // A span off its text, a wrong field, a duplicate key.
        declined(
            "off.json",
            &json.replacen("\"start\": 11,", "\"start\": 12,", 1),
        );
        declined(
            "bad.json",
            &json.replacen("\"start\": 11,", "\"start\": \"11\",", 1),
        );
        declined(
            "twice.json",
            &json.replacen(
                "\"annotations\": [",
                "\"annotations\": [], \"annotations\": [",
                1,
            ),
        );
        // Broken JSON: cut short, a trailing comma, an element missing.
        declined("cut.json", &json[..json.len() / 2]);
        declined("comma.json", &json.replacen("\n  ]\n}", ",\n  ]\n}", 1));
        declined("hole.json", &json.replacen("},\n    {", "},,\n    {", 1));
        declined("more.json", &format!("{json}{{}}"));
        // An annotations array of white space JSON does not allow (a form
        // feed, found by fuzzing): not an empty array.
        let mut empty = document(0);
        empty.annotations.clear();
        let no_annotations = export(&empty);
        assert!(no_annotations.contains("\"annotations\": []"));
        declined(
            "feed.json",
            &no_annotations.replacen("\"annotations\": []", "\"annotations\": [\u{c}]", 1),
        );
        // Not read in steps at all: named as an article, or a corpus line.
        declined("big.txt", &json);
        declined("big.jsonl", &json);
        assert!(
            OpenSteps::start(InputFile::new("big.txt", &json), &OpenOptions::new("d")).is_none()
        );
        // Too deep, or a NUL in a string.
        let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
        declined(
            "deep.json",
            &json.replacen("\"note\": \"\"", &format!("\"note\": {deep}"), 1),
        );
        declined(
            "nul.json",
            &json.replacen("\"note\": \"\"", "\"note\": \"\0\"", 1),
        );
        // Whole, each of these is an error, said as it always was.
        let err = open(
            InputFile::new(
                "off.json",
                &json.replacen("\"start\": 11,", "\"start\": 12,", 1),
            ),
            &OpenOptions::new("d"),
        );
        assert!(matches!(err, Err(OpenError::Import(_))), "{err:?}");
    }

    #[test]
    fn too_many_annotations_are_declined_before_any_is_read() {
        let mut json = export(&document(0));
        let one =
            r#"{"id": "a", "kind": "claim", "spans": [{"start": 0, "end": 5, "text": "Talks"}]}"#;
        let many = vec![one; limits::MAX_ANNOTATIONS + 1].join(",");
        let at = json.find("\"annotations\": [").unwrap() + "\"annotations\": [".len();
        let end = at + json[at..].find(']').unwrap();
        json.replace_range(at..end, &many);
        let file = InputFile::new("many.json", &json);
        let mut steps = OpenSteps::start(file, &OpenOptions::new("d")).expect("starts");
        loop {
            match steps.step() {
                Step::Working(Progress::Scanning { .. }) => continue,
                other => {
                    assert_eq!(other, Step::Declined);
                    break;
                }
            }
        }
        assert!(matches!(
            open(file, &OpenOptions::new("d")),
            Err(OpenError::TooBig(limits::Exceeded::Annotations { .. }))
                | Err(OpenError::Import(_))
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any byte of an export replaced by a JSON-significant one: read
        /// in steps, the result is what reading whole gives, or declined.
        #[test]
        fn a_damaged_export_reads_as_whole_or_is_declined(
            n in 0usize..12,
            at in any::<prop::sample::Index>(),
            with in prop::sample::select(vec!["{", "}", "[", "]", ",", "\"", "\\", ":", " ", "1", "a"]),
        ) {
            let json = export(&document(n));
            let mut at = at.index(json.len());
            while !json.is_char_boundary(at) {
                at -= 1;
            }
            let next = json[at..].chars().next().map_or(0, char::len_utf8);
            let mut damaged = json.clone();
            damaged.replace_range(at..at + next, with);
            same_as_whole("d.json", &damaged);
        }
    }
}
