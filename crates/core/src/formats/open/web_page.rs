//! The policy for reading a web page as an article, shared by every HTML
//! reducer (the app walks the browser's DOM, the CLI an html5ever tree):
//! which elements never hold article text, which ones make paragraphs,
//! when an element is hidden, how inline whitespace collapses, and where
//! the title comes from. Parsing HTML is left to the reducers, so the core
//! stays free of an HTML parser.

/// The readable text of a page and its headline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebPage {
    /// The page's first visible `<h1>` (in the article when there is one),
    /// else its `<title>`.
    pub title: Option<String>,
    /// Paragraphs separated by a blank line; a `<br>` is a single line break.
    pub text: String,
}

impl WebPage {
    /// A page from the text walked out of its content, its first visible
    /// `<h1>` and its `<title>`: the headline titles the page and, when the
    /// walk did not reach it (it sat in a `<header>`, say), it is put first
    /// in the text, as it belongs to the article; without a headline the
    /// `<title>` element (whitespace collapsed) is the title.
    pub fn assemble(text: String, heading: Option<String>, title_element: Option<&str>) -> Self {
        match heading.filter(|h| !h.is_empty()) {
            Some(h1) => {
                let text = if text.split("\n\n").any(|block| block == h1) {
                    text
                } else if text.is_empty() {
                    h1.clone()
                } else {
                    format!("{h1}\n\n{text}")
                };
                WebPage {
                    title: Some(h1),
                    text,
                }
            }
            None => WebPage {
                title: title_element.map(collapse).filter(|t| !t.is_empty()),
                text,
            },
        }
    }
}

/// Elements whose content is never article text. A `<header>` is dropped
/// from the text, but an `<h1>` inside one can still title the page.
pub const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "nav", "header", "footer", "aside", "form", "button", "input", "select", "textarea", "svg",
    "math", "canvas", "video", "audio", "map", "dialog", "head", "link", "meta",
];

/// Elements that start and end a block of text (a paragraph of their own).
pub const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Table cells: inline, but separated from their neighbours by a space.
pub const CELLS: &[&str] = &["td", "th"];

/// Whether an element is the page's main part: `<main>`, or any element
/// with `role="main"`. Where the article is, tried in order: the visible
/// `<article>` with the most text, else the first visible main part, else
/// `<body>`.
pub fn is_main(name: &str, role: Option<&str>) -> bool {
    name == "main" || role.is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// Deeper than any real page; a walk stops there, guarding against a
/// crafted one.
pub const MAX_DEPTH: usize = 1000;

/// Whether an element is hidden by its attributes: `hidden`,
/// `aria-hidden="true"`, or an inline style with `display: none` or
/// `visibility: hidden`.
pub fn is_hidden(hidden: bool, aria_hidden: Option<&str>, style: Option<&str>) -> bool {
    if hidden || aria_hidden.is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    style.is_some_and(|style| {
        let style = style
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// Whether `name` (a lower-case local name) is an element whose content is
/// never article text.
pub fn is_skipped(name: &str) -> bool {
    SKIPPED.contains(&name)
}

/// Whether `name` (a lower-case local name) makes a block of its own.
pub fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Collapses runs of ASCII whitespace into one space and trims, as a
/// browser renders inline text (no-break spaces are kept, as it keeps
/// them).
pub fn collapse(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `contents` is clearly an HTML document (a doctype or an `<html>`
/// element first), whatever the file is called.
pub fn looks_like_html(contents: &str) -> bool {
    let start = contents.trim_start_matches('\u{feff}').trim_start();
    let head: String = start
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Builds a page's text block by block as a walker visits it.
#[derive(Debug, Default)]
pub struct TextBuilder {
    blocks: Vec<String>,
    /// The block being filled: inline text with collapsed whitespace and
    /// `\n` for line breaks.
    current: String,
    /// A collapsed space waiting for the next word.
    pending_space: bool,
}

impl TextBuilder {
    /// Inline text: ASCII whitespace runs collapse to one space; a soft
    /// hyphen is dropped (it shows nothing unless the line breaks there).
    pub fn inline(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                self.pending_space = true;
            } else if c == '\u{ad}' {
                // Invisible unless the line breaks there.
            } else {
                if self.pending_space && !self.current.is_empty() && !self.current.ends_with('\n') {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(c);
            }
        }
    }

    /// A space between inline parts (between table cells).
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// A `<br>`.
    pub fn line_break(&mut self) {
        self.current.push('\n');
        self.pending_space = false;
    }

    /// The text of a `<pre>`, kept as it is: a block of its own.
    pub fn preformatted(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim_matches('\n').trim_end();
        if !text.trim().is_empty() {
            self.blocks.push(text.to_string());
        }
    }

    /// Ends the block being filled (at the start and end of a block
    /// element); an empty block leaves no paragraph.
    pub fn end_block(&mut self) {
        let block = std::mem::take(&mut self.current);
        self.pending_space = false;
        let lines: Vec<&str> = block
            .split('\n')
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .collect();
        let mut block = lines.join("\n");
        block.truncate(block.trim_end().len());
        if !block.is_empty() {
            self.blocks.push(block);
        }
    }

    /// The text: the blocks separated by a blank line.
    pub fn finish(mut self) -> String {
        self.end_block();
        self.blocks.join("\n\n")
    }
}

/// An element of a parsed page, as an HTML reader's tree gives it: the app
/// implements it over the browser's DOM, the CLI over html5ever's. The
/// walk itself ([`read_page`]) is here, so both read a page alike.
pub trait PageElement: Sized + Clone {
    /// The lower-case local name (`p`, `h1`).
    fn name(&self) -> String;
    fn attribute(&self, name: &str) -> Option<String>;
    fn parent(&self) -> Option<Self>;
    /// The element's children in order: elements and text (comments and
    /// the like left out).
    fn children(&self) -> Vec<PageNode<Self>>;
    /// All the text inside, as it stands in the source.
    fn text(&self) -> String;
}

/// A child of a [`PageElement`].
pub enum PageNode<E> {
    Element(E),
    Text(String),
}

/// The readable text of the page whose root element (`<html>`) is `root`,
/// and its headline, by the rules above.
pub fn read_page<E: PageElement>(root: &E) -> WebPage {
    let content = content_root(root);
    let mut out = TextBuilder::default();
    if let Some(content) = &content {
        walk(content, &mut out, 0);
    }
    let heading = content
        .as_ref()
        .and_then(first_heading)
        .or_else(|| first_heading(root));
    let mut title = None;
    descendants(root, &mut |el| {
        if el.name() == "title" {
            title = Some(el.text());
            return Visit::Stop;
        }
        Visit::Continue
    });
    WebPage::assemble(out.finish(), heading, title.as_deref())
}

/// What a visitor of [`descendants`] wants next.
enum Visit {
    Continue,
    Stop,
}

/// Visits every element under `root` in document order (not `root`
/// itself), until the visitor says stop; no deeper than [`MAX_DEPTH`].
fn descendants<E: PageElement>(root: &E, visit: &mut impl FnMut(&E) -> Visit) -> bool {
    fn go<E: PageElement>(el: &E, depth: usize, visit: &mut impl FnMut(&E) -> Visit) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        for child in el.children() {
            if let PageNode::Element(child) = child {
                if matches!(visit(&child), Visit::Stop) || !go(&child, depth + 1, visit) {
                    return false;
                }
            }
        }
        true
    }
    go(root, 0, visit)
}

fn hidden<E: PageElement>(el: &E) -> bool {
    is_hidden(
        el.attribute("hidden").is_some(),
        el.attribute("aria-hidden").as_deref(),
        el.attribute("style").as_deref(),
    )
}

/// Where the article is: the visible `<article>` with the most text, else
/// the first visible main part ([`is_main`]), else the body.
fn content_root<E: PageElement>(root: &E) -> Option<E> {
    let mut best: Option<(usize, E)> = None;
    let mut main: Option<E> = None;
    let mut body: Option<E> = None;
    descendants(root, &mut |el| {
        let name = el.name();
        if name == "article" {
            let len = el.text().trim().len();
            if len > 0 && !hidden(el) && best.as_ref().is_none_or(|(l, _)| len > *l) {
                best = Some((len, el.clone()));
            }
        } else if main.is_none() && is_main(&name, el.attribute("role").as_deref()) && !hidden(el) {
            main = Some(el.clone());
        } else if name == "body" && body.is_none() {
            body = Some(el.clone());
        }
        Visit::Continue
    });
    best.map(|(_, el)| el).or(main).or(body)
}

/// The text of the first visible `<h1>` under `root`.
fn first_heading<E: PageElement>(root: &E) -> Option<String> {
    let mut heading = None;
    descendants(root, &mut |el| {
        if el.name() == "h1" && !hidden(el) && !inside_skipped(el) {
            let mut b = TextBuilder::default();
            walk(el, &mut b, 0);
            let text = b.finish().replace('\n', " ");
            if !text.is_empty() {
                heading = Some(text);
                return Visit::Stop;
            }
        }
        Visit::Continue
    });
    heading
}

/// Whether a parent of `el` never holds article text (a `<header>` is
/// allowed: headlines live there).
fn inside_skipped<E: PageElement>(el: &E) -> bool {
    let mut parent = el.parent();
    while let Some(p) = parent {
        let name = p.name();
        if (name != "header" && is_skipped(&name)) || hidden(&p) {
            return true;
        }
        parent = p.parent();
    }
    false
}

fn walk<E: PageElement>(el: &E, out: &mut TextBuilder, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let name = el.name();
    if (depth > 0 && is_skipped(&name)) || hidden(el) {
        return;
    }
    match name.as_str() {
        "br" => {
            out.line_break();
            return;
        }
        "pre" => {
            out.end_block();
            out.preformatted(&el.text());
            out.end_block();
            return;
        }
        cell if CELLS.contains(&cell) => out.space(),
        _ => {}
    }
    let block = is_block(&name);
    if block {
        out.end_block();
    }
    for child in el.children() {
        match child {
            PageNode::Text(text) => out.inline(&text),
            PageNode::Element(child) => walk(&child, out, depth + 1),
        }
    }
    if block {
        out.end_block();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// A tiny tree for [`read_page`]: an element's name, attributes,
    /// children and parent.
    #[derive(Clone)]
    struct El(Rc<Node>, Option<Rc<Node>>);

    struct Node {
        name: &'static str,
        attrs: Vec<(&'static str, &'static str)>,
        children: Vec<Child>,
    }

    enum Child {
        El(Rc<Node>),
        Text(&'static str),
    }

    fn el(
        name: &'static str,
        attrs: &[(&'static str, &'static str)],
        children: Vec<Child>,
    ) -> Child {
        Child::El(Rc::new(Node {
            name,
            attrs: attrs.to_vec(),
            children,
        }))
    }

    fn text(t: &'static str) -> Child {
        Child::Text(t)
    }

    impl PageElement for El {
        fn name(&self) -> String {
            self.0.name.to_string()
        }
        fn attribute(&self, name: &str) -> Option<String> {
            self.0
                .attrs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
        fn parent(&self) -> Option<Self> {
            // Only the parent of the root's children is known here; enough
            // for the pages below, whose headings sit one level down.
            self.1.clone().map(|p| El(p, None))
        }
        fn children(&self) -> Vec<PageNode<Self>> {
            self.0
                .children
                .iter()
                .map(|c| match c {
                    Child::El(n) => PageNode::Element(El(n.clone(), Some(self.0.clone()))),
                    Child::Text(t) => PageNode::Text(t.to_string()),
                })
                .collect()
        }
        fn text(&self) -> String {
            self.0
                .children
                .iter()
                .map(|c| match c {
                    Child::El(n) => El(n.clone(), None).text(),
                    Child::Text(t) => t.to_string(),
                })
                .collect()
        }
    }

    fn page(children: Vec<Child>) -> WebPage {
        let Child::El(root) = el("html", &[], children) else {
            unreachable!()
        };
        read_page(&El(root, None))
    }

    #[test]
    fn a_page_reads_its_biggest_visible_article_titled_by_its_headline() {
        let read = page(vec![
            el(
                "head",
                &[],
                vec![el("title", &[], vec![text(" Site  name ")])],
            ),
            el(
                "body",
                &[],
                vec![
                    el("nav", &[], vec![text("Home")]),
                    el("article", &[], vec![text("Teaser")]),
                    el(
                        "article",
                        &[],
                        vec![
                            el("h1", &[], vec![text("Talks fail")]),
                            el(
                                "p",
                                &[],
                                vec![
                                    text("Kerry   "),
                                    el("b", &[], vec![text("spoke")]),
                                    text("."),
                                ],
                            ),
                            el("p", &[("hidden", "")], vec![text("secret")]),
                            el("script", &[], vec![text("x()")]),
                            el(
                                "p",
                                &[],
                                vec![text("Lavrov"), el("br", &[], vec![]), text("agreed.")],
                            ),
                        ],
                    ),
                    el(
                        "article",
                        &[("style", "display: none")],
                        vec![text("A much longer hidden article")],
                    ),
                ],
            ),
        ]);
        assert_eq!(read.title.as_deref(), Some("Talks fail"));
        assert_eq!(read.text, "Talks fail\n\nKerry spoke.\n\nLavrov\nagreed.");
    }

    #[test]
    fn without_an_article_the_main_part_then_the_body_and_the_title_element() {
        let read = page(vec![
            el(
                "head",
                &[],
                vec![el("title", &[], vec![text(" A   page ")])],
            ),
            el(
                "body",
                &[],
                vec![
                    el("p", &[], vec![text("outside")]),
                    el(
                        "div",
                        &[("role", "main")],
                        vec![el("p", &[], vec![text("Inside")])],
                    ),
                ],
            ),
        ]);
        assert_eq!(read.title.as_deref(), Some("A page"));
        assert_eq!(read.text, "Inside");
        let read = page(vec![el(
            "body",
            &[],
            vec![el("p", &[], vec![text("Only")])],
        )]);
        assert_eq!((read.title, read.text.as_str()), (None, "Only"));
    }

    #[test]
    fn the_builder_collapses_inline_whitespace_and_makes_paragraphs() {
        let mut b = TextBuilder::default();
        b.end_block();
        b.inline("  One\n   ");
        b.inline("bold\u{ad}ly\t");
        b.inline(" word. ");
        b.end_block();
        b.inline("Two");
        b.line_break();
        b.inline(" lines ");
        b.end_block();
        b.preformatted("\na  b\n  c\n");
        b.inline("a");
        b.space();
        b.inline("b");
        assert_eq!(
            b.finish(),
            "One boldly word.\n\nTwo\nlines\n\na  b\n  c\n\na b"
        );
    }

    #[test]
    fn the_headline_titles_the_page_and_comes_first() {
        let page = WebPage::assemble("Body.".into(), Some("Head".into()), Some("Site"));
        assert_eq!(page.title.as_deref(), Some("Head"));
        assert_eq!(page.text, "Head\n\nBody.");
        let page = WebPage::assemble("Head\n\nBody.".into(), Some("Head".into()), None);
        assert_eq!(page.text, "Head\n\nBody.");
        let page = WebPage::assemble("Body.".into(), None, Some("  A   page "));
        assert_eq!(page.title.as_deref(), Some("A page"));
        assert_eq!(page.text, "Body.");
        assert_eq!(
            WebPage::assemble(String::new(), None, Some(" ")).title,
            None
        );
    }

    #[test]
    fn hidden_elements_and_html_documents_are_recognised() {
        assert!(is_hidden(true, None, None));
        assert!(is_hidden(false, Some(" TRUE "), None));
        assert!(is_hidden(false, None, Some("color: red; Display : none")));
        assert!(is_hidden(false, None, Some("visibility:hidden")));
        assert!(!is_hidden(false, Some("false"), Some("display: block")));
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html><p>x"));
        assert!(looks_like_html("<HTML lang=en>"));
        assert!(!looks_like_html("<p>x</p>"));
        assert!(!looks_like_html("Kerry said <html> is old."));
        assert!(is_skipped("nav") && !is_skipped("p"));
        assert!(is_block("li") && !is_block("span"));
    }
}
