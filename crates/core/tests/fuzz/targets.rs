//! The fuzz targets' bodies, one function per import path, shared by the
//! cargo-fuzz crate (`fuzz/`, nightly, run for minutes) and the stable
//! smoke test (`tests/fuzz_smoke.rs`, a bounded run in `cargo xtask test`).
//!
//! Each takes arbitrary bytes and must return without panicking; where an
//! import succeeds it also checks what must then hold, so a wrong answer
//! fails as loudly as a crash: every span lies in its text and validation
//! runs (imports read what a file says; the callers validate), offsets
//! round-trip, a placed span holds its exact text.

use attrib_core::assignment::{decode_link, Assignment};
use attrib_core::formats::anchor::{
    Anchor, Anchorer, Placement, TextQuote, MAX_COMPARED, MAX_EXAMINED_PER_SPAN,
};
use attrib_core::formats::open::steps::{OpenSteps, Step};
use attrib_core::formats::open::web_page::{read_page, PageElement, PageNode};
use attrib_core::formats::open::{self, InputFile, OpenOptions, ReadAs, WebPage};
use attrib_core::formats::{self, Format};
use attrib_core::validate::validate;
use attrib_core::workspace::Workspace;
use attrib_core::{Document, OffsetIndex, Span};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// Every target by name, for the smoke test and the regression replay
/// (`fuzz/regressions/TARGET/…`).
pub const TARGETS: [(&str, Target); 17] = [
    ("detect", detect),
    ("import_native", import_native),
    ("import_jsonl", import_jsonl),
    ("import_w3c", import_w3c),
    ("import_brat", import_brat),
    ("import_doccano", import_doccano),
    ("import_label_studio", import_label_studio),
    ("import_csv", import_csv),
    ("import_detected", import_detected),
    ("open_file", open_file),
    ("open_steps", open_steps),
    ("html_to_text", html_to_text),
    ("offset_index", offset_index),
    ("reanchor", reanchor),
    ("stored_workspace", stored_workspace),
    ("assignment_file", assignment_file),
    ("assignment_link", assignment_link),
];

/// The input as text: invalid UTF-8 is replaced, as a lossy reader would.
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The input cut in two at its first NUL byte (the second part empty when
/// there is none): an annotation file and its text.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// Checks what must hold of an import that succeeded: validation runs
/// (imports read what a file says, and the caller validates: the CLI lists
/// the problems, the app refuses such a document), and every span and cue
/// lies in the document's text, since the app renders them.
fn check_imported(result: Result<formats::Imported, formats::FormatError>) {
    let Ok(imported) = result else {
        return;
    };
    for doc in &imported.documents {
        check_document(doc);
    }
}

fn check_document(doc: &attrib_core::AnnotatedDocument) {
    let _ = validate(doc);
    for annotation in &doc.annotations {
        for span in annotation.spans.iter().chain(&annotation.cue) {
            assert!(
                doc.text.slice(*span).is_some(),
                "annotation {} has a span {span:?} outside its text ({} code points)",
                annotation.id,
                doc.text.len_chars()
            );
        }
    }
}

fn import_as(format: Format, data: &[u8], with_text: bool) {
    let (file, text) = split(data);
    let file = text_of(file);
    let text = text_of(text);
    let text = (with_text || !text.is_empty()).then_some(text.as_str());
    check_imported(formats::import(&file, Some(format), text));
}

pub fn detect(data: &[u8]) {
    let input = text_of(data);
    if let Some(format) = formats::detect(&input) {
        // What detection names is what the import reads (or refuses with
        // an error, never a panic).
        let _ = formats::import(&input, Some(format), None);
    }
}

pub fn import_native(data: &[u8]) {
    import_as(Format::Native, data, false);
}

pub fn import_jsonl(data: &[u8]) {
    import_as(Format::Jsonl, data, false);
}

pub fn import_w3c(data: &[u8]) {
    import_as(Format::W3c, data, false);
}

pub fn import_brat(data: &[u8]) {
    import_as(Format::Brat, data, true);
}

pub fn import_doccano(data: &[u8]) {
    let (file, _) = split(data);
    let result = formats::import(&text_of(file), Some(Format::Doccano), None);
    check_imported(result);
}

pub fn import_label_studio(data: &[u8]) {
    let (file, _) = split(data);
    let result = formats::import(&text_of(file), Some(Format::LabelStudio), None);
    check_imported(result);
}

pub fn import_csv(data: &[u8]) {
    import_as(Format::Csv, data, false);
}

pub fn import_detected(data: &[u8]) {
    let (file, text) = split(data);
    let text = text_of(text);
    let text = (!text.is_empty()).then_some(text.as_str());
    check_imported(formats::import(&text_of(file), None, text));
}

/// The file names `open_file` gives its input, chosen by its first byte.
const NAMES: [&str; 12] = [
    "article.txt",
    "article.md",
    "page.html",
    "doc.json",
    "corpus.jsonl",
    "w3c.jsonld",
    "doc.ann",
    "export.csv",
    "tasks.json",
    "noext",
    "",
    "ARTICLE.HTM",
];

/// Opens the input the way the app and the CLI do: raw bytes decoded
/// (`open::decode`), then `open::open` with a file name picked by the
/// first byte and HTML read by a tiny reader that keeps only the text.
pub fn open_file(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(first) % NAMES.len()];
    let (file, text) = split(rest);
    let Ok(contents) = open::decode(file) else {
        return;
    };
    let text = text_of(text);
    let read_html = |html: &str| WebPage {
        title: None,
        text: html.chars().filter(|c| *c != '<' && *c != '>').collect(),
    };
    let mut options = OpenOptions::new("fuzz");
    options.html_to_text = Some(&read_html);
    options.from = match first >> 5 {
        0 => Some(ReadAs::PlainText),
        1 => Some(ReadAs::Markdown),
        _ => None,
    };
    let text_file = InputFile::new("article.txt", &text);
    if !text.is_empty() {
        options.text = Some(text_file);
    }
    if let Ok(opened) = open::open(InputFile::new(name, contents), &options) {
        assert!(!opened.imported.documents.is_empty(), "opened no document");
        for doc in &opened.imported.documents {
            check_document(doc);
            assert!(!doc.meta.id.is_empty(), "opened a document with no id");
        }
    }
}

/// Opening a file a step at a time (`open::steps`), which must give what
/// opening it whole gives or decline. The first byte chooses the file: odd,
/// the rest as it is; even, an Attrib JSON whose text (before the first
/// NUL) carries its true SHA-256, so the annotations (the bytes after the
/// NUL, put inside the array as they are) are read in steps.
pub fn open_steps(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let contents = if first % 2 == 1 {
        text_of(rest)
    } else {
        let (text, annotations) = split(rest);
        let text = text_of(text);
        let sha256 = Document::new(&text).sha256().to_string();
        let text = serde_json::to_string(&text).unwrap_or_default();
        format!(
            "{{\"format\": \"attrib\", \"version\": 1, \"document\": {{\"id\": \"f\", \
             \"text\": {text}, \"sha256\": \"{sha256}\"}}, \"annotations\": [{}]}}",
            text_of(annotations)
        )
    };
    let options = OpenOptions::new("fuzz");
    let file = InputFile::new("big.json", &contents);
    let Some(mut steps) = OpenSteps::start(file, &options) else {
        return;
    };
    // Every step does some work, so the steps are bounded by the bytes and
    // annotations (plus the envelope and the last).
    let bound = contents.len() / open::steps::SCAN_STEP + contents.len() / 2 + 4;
    for _ in 0..bound {
        match steps.step() {
            Step::Working(_) => continue,
            Step::Declined => return,
            Step::Done(opened) => {
                let whole =
                    open::open(file, &options).expect("a file opened in steps also opens whole");
                assert_eq!(*opened, whole, "opened in steps differs from opened whole");
                return;
            }
        }
    }
    panic!("opening in steps did not end within {bound} steps");
}

/// An element of a page built from fuzz bytes: `tree` holds every
/// element's name, attributes, parent and children.
#[derive(Clone)]
struct El<'t> {
    tree: &'t Tree,
    id: usize,
}

#[derive(Default)]
struct Tree {
    nodes: Vec<TreeNode>,
}

#[derive(Default)]
struct TreeNode {
    name: String,
    attributes: Vec<(String, String)>,
    parent: Option<usize>,
    children: Vec<Child>,
}

enum Child {
    Element(usize),
    Text(String),
}

/// The element names and attributes the builder picks from: those the
/// walk treats specially, and a few it does not.
const ELEMENTS: [&str; 24] = [
    "html",
    "head",
    "title",
    "body",
    "main",
    "article",
    "section",
    "div",
    "p",
    "h1",
    "h2",
    "br",
    "span",
    "pre",
    "header",
    "nav",
    "footer",
    "aside",
    "script",
    "style",
    "li",
    "ul",
    "figure",
    "figcaption",
];
const ATTRIBUTES: [(&str, &str); 6] = [
    ("hidden", ""),
    ("aria-hidden", "true"),
    ("style", "display:none"),
    ("style", "visibility: hidden"),
    ("role", "main"),
    ("class", "article"),
];

impl Tree {
    /// Builds a tree from bytes read as instructions: open an element,
    /// add an attribute, add text, close the current element.
    fn build(data: &[u8]) -> Tree {
        let mut tree = Tree::default();
        tree.nodes.push(TreeNode {
            name: "html".into(),
            ..TreeNode::default()
        });
        let mut current = 0usize;
        let mut bytes = data.iter().copied();
        while let Some(op) = bytes.next() {
            let arg = usize::from(bytes.next().unwrap_or(0));
            match op % 4 {
                0 => {
                    let id = tree.nodes.len();
                    tree.nodes.push(TreeNode {
                        name: ELEMENTS[arg % ELEMENTS.len()].into(),
                        parent: Some(current),
                        ..TreeNode::default()
                    });
                    tree.nodes[current].children.push(Child::Element(id));
                    current = id;
                }
                1 => {
                    let (name, value) = ATTRIBUTES[arg % ATTRIBUTES.len()];
                    tree.nodes[current]
                        .attributes
                        .push((name.into(), value.into()));
                }
                2 => {
                    let len = arg % 24;
                    let text: String = bytes.by_ref().take(len).map(char::from).collect();
                    tree.nodes[current].children.push(Child::Text(text));
                }
                _ => current = tree.nodes[current].parent.unwrap_or(0),
            }
        }
        tree
    }
}

impl PageElement for El<'_> {
    fn name(&self) -> String {
        self.tree.nodes[self.id].name.clone()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.tree.nodes[self.id]
            .attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn parent(&self) -> Option<Self> {
        self.tree.nodes[self.id].parent.map(|id| El {
            tree: self.tree,
            id,
        })
    }

    fn children(&self) -> Vec<PageNode<Self>> {
        self.tree.nodes[self.id]
            .children
            .iter()
            .map(|child| match child {
                Child::Element(id) => PageNode::Element(El {
                    tree: self.tree,
                    id: *id,
                }),
                Child::Text(text) => PageNode::Text(text.clone()),
            })
            .collect()
    }

    /// Like the DOM's `textContent`: every text inside, in document order,
    /// in time linear in the subtree and without recursion (a page may nest
    /// thousands of elements).
    fn text(&self) -> String {
        let mut out = String::new();
        // Each open element and the index of its next child.
        let mut stack = vec![(self.id, 0usize)];
        while let Some((id, next)) = stack.pop() {
            let Some(child) = self.tree.nodes[id].children.get(next) else {
                continue;
            };
            stack.push((id, next + 1));
            match child {
                Child::Element(child) => stack.push((*child, 0)),
                Child::Text(text) => out.push_str(text),
            }
        }
        out
    }
}

/// HTML to text: the walk the app runs over the DOM and the CLI over
/// html5ever's tree, over a tree built from the bytes; the page it makes
/// opens as a valid document.
pub fn html_to_text(data: &[u8]) {
    let tree = Tree::build(data);
    let page = read_page(&El { tree: &tree, id: 0 });
    let doc = open::web_page_document(page, "fuzz", Some("page.html"));
    assert!(
        validate(&doc).is_empty(),
        "a web page made an invalid document"
    );
}

/// The offset index: every code point, byte and UTF-16 offset the bytes
/// pick converts consistently.
pub fn offset_index(data: &[u8]) {
    let text = text_of(data);
    let index = OffsetIndex::new(&text);
    assert_eq!(index.len_bytes(), text.len());
    assert_eq!(index.len_chars(), text.chars().count());
    assert_eq!(index.len_utf16(), text.encode_utf16().count());
    // Every code point when the text is short, else a stride through it.
    let stride = (index.len_chars() / 64).max(1);
    let mut byte = 0usize;
    let mut unit = 0usize;
    for (cp, c) in text.chars().chain(['\0']).enumerate() {
        if cp > index.len_chars() {
            break;
        }
        if cp % stride == 0 || cp == index.len_chars() {
            assert_eq!(index.cp_to_byte(cp), Some(byte));
            assert_eq!(index.byte_to_cp(byte), Some(cp));
            assert_eq!(index.cp_to_utf16(cp), Some(unit));
            assert_eq!(index.utf16_to_cp(unit), Some(cp));
            assert_eq!(index.utf16_to_cp_ceil(unit), cp);
        }
        byte += c.len_utf8();
        unit += c.len_utf16();
    }
    for &b in data.iter().take(64) {
        let at = usize::from(b) * 7;
        let floor = index.utf16_to_cp_floor(at);
        let ceil = index.utf16_to_cp_ceil(at);
        assert!(floor <= ceil && ceil <= index.len_chars());
        let _ = index.span_from_utf16(at / 2, at);
    }
    assert_eq!(index.cp_to_byte(index.len_chars() + 1), None);
}

/// Re-anchoring: spans described by position and quote (both picked from
/// the bytes) placed in a text made from them. A span placed is where its
/// exact text is, and no span is compared with more than `MAX_COMPARED`
/// candidates nor examines more than `MAX_EXAMINED_PER_SPAN` places.
pub fn reanchor(data: &[u8]) {
    let (text, quotes) = split(data);
    let doc = Document::new(&text_of(text));
    let quotes = text_of(quotes);
    let anchorer = Anchorer::new(&doc);
    for (i, line) in quotes.lines().take(256).enumerate() {
        let mut parts = line.splitn(3, '|');
        let exact = parts.next().unwrap_or_default().to_string();
        let prefix = parts.next().unwrap_or_default().to_string();
        let suffix = parts.next().unwrap_or_default().to_string();
        let start = (i * 13 + exact.len()) % (doc.len_chars() + 2);
        let position = (i % 3 != 0).then(|| Span::new(start, start + exact.chars().count()));
        let anchor = Anchor {
            position,
            quote: (i % 5 != 4).then(|| TextQuote {
                exact: exact.clone(),
                prefix,
                suffix,
            }),
        };
        let (before, examined_before) = (anchorer.compared(), anchorer.examined());
        let placement = anchorer.place(&anchor);
        let compared = anchorer.compared() - before;
        assert!(
            compared <= MAX_COMPARED,
            "one span compared {compared} candidates"
        );
        let examined = anchorer.examined() - examined_before;
        assert!(
            examined <= MAX_EXAMINED_PER_SPAN,
            "one span examined {examined} places"
        );
        match placement {
            Placement::Kept(span) | Placement::Moved(span) => {
                let found = doc.slice(span).expect("a placed span lies in the text");
                if let Some(quote) = &anchor.quote {
                    assert_eq!(found, quote.exact, "a span placed on other text");
                }
            }
            Placement::Unplaced(reason) => assert!(!reason.is_empty()),
        }
    }
}

/// Stored-record loading: a saved workspace (what the app keeps in
/// IndexedDB) read back, valid or refused.
pub fn stored_workspace(data: &[u8]) {
    let text = text_of(data);
    if let Ok(workspace) = serde_json::from_str::<Workspace>(&text) {
        // A workspace holds a valid document or does not load.
        assert!(
            validate(workspace.document()).is_empty(),
            "a stored workspace loaded with an invalid document"
        );
        // What loads saves and loads again.
        let saved = serde_json::to_string(&workspace).expect("a loaded workspace saves");
        assert!(serde_json::from_str::<Workspace>(&saved).is_ok());
    }
}

/// An assignment file, as a student or a teacher opens it: read, or
/// refused; one that reads gives a valid blank document and saves again.
pub fn assignment_file(data: &[u8]) {
    let text = text_of(data);
    if let Ok(assignment) = Assignment::from_json(&text) {
        check_document(&assignment.blank_document());
        let saved = assignment.to_json().expect("a read assignment saves");
        assert!(
            Assignment::from_json(&saved).is_ok(),
            "a saved assignment reads back"
        );
    }
}

/// An assignment link's fragment (base64url of deflated JSON), as the app
/// opens `#a=…`: inflated within its limit, read, or refused.
pub fn assignment_link(data: &[u8]) {
    let text = text_of(data);
    if let Ok(assignment) = decode_link(&text) {
        check_document(&assignment.blank_document());
    }
}
