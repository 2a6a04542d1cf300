//! A web page reduced to the readable text of its article, as the app
//! reduces it: the page is parsed by html5ever (through `scraper`; nothing
//! in it runs or loads), then walked by the policy attrib-core sets in
//! [`attrib_core::formats::open::web_page`]: skipped elements and hidden
//! parts are dropped, blocks become paragraphs separated by a blank line,
//! and inline whitespace collapses the way a browser renders it.

use attrib_core::formats::open::web_page::{
    is_block, is_hidden, is_skipped, TextBuilder, WebPage, CELLS, MAIN_SELECTOR, MAX_DEPTH,
};
use scraper::{ElementRef, Html, Node, Selector};

/// The readable text of `html` and its headline. Never fails: a page the
/// parser cannot make sense of yields what text it has, possibly none.
pub fn html_to_text(html: &str) -> WebPage {
    let doc = Html::parse_document(html);
    let root = content_root(&doc);
    let mut out = TextBuilder::default();
    if let Some(root) = root {
        walk(root, &mut out, 0);
    }
    let heading = root
        .and_then(first_heading)
        .or_else(|| first_heading(doc.root_element()));
    let title = select(doc.root_element(), "title")
        .next()
        .map(|t| t.text().collect::<String>());
    WebPage::assemble(out.finish(), heading, title.as_deref())
}

/// The elements under `root` that `selector` matches (none when the
/// selector does not parse, which ours always do).
fn select<'a>(root: ElementRef<'a>, selector: &str) -> impl Iterator<Item = ElementRef<'a>> {
    let selector = Selector::parse(selector).ok();
    let found: Vec<ElementRef<'a>> = match &selector {
        Some(selector) => root.select(selector).collect(),
        None => Vec::new(),
    };
    found.into_iter()
}

/// Where the article is: the visible `<article>` with the most text, else
/// `<main>` (or the element with role "main"), else the body.
fn content_root(doc: &Html) -> Option<ElementRef<'_>> {
    let mut best: Option<(usize, ElementRef)> = None;
    for article in select(doc.root_element(), "article").filter(|el| !hidden(*el)) {
        let len = article.text().collect::<String>().trim().len();
        if len > 0 && best.as_ref().is_none_or(|(l, _)| len > *l) {
            best = Some((len, article));
        }
    }
    if let Some((_, article)) = best {
        return Some(article);
    }
    select(doc.root_element(), MAIN_SELECTOR)
        .next()
        .filter(|el| !hidden(*el))
        .or_else(|| select(doc.root_element(), "body").next())
}

/// The text of the first visible `<h1>` under `root`.
fn first_heading(root: ElementRef) -> Option<String> {
    select(root, "h1")
        .filter(|el| !hidden(*el) && !inside_skipped(*el))
        .map(|el| {
            let mut b = TextBuilder::default();
            walk(el, &mut b, 0);
            b.finish().replace('\n', " ")
        })
        .find(|t| !t.is_empty())
}

/// Whether a parent of `el` never holds article text (a `<header>` is
/// allowed: headlines live there).
fn inside_skipped(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|p| {
        let name = p.value().name();
        (name != "header" && is_skipped(name)) || hidden(p)
    })
}

fn hidden(el: ElementRef) -> bool {
    let e = el.value();
    is_hidden(
        e.attr("hidden").is_some(),
        e.attr("aria-hidden"),
        e.attr("style"),
    )
}

fn walk(el: ElementRef, out: &mut TextBuilder, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let name = el.value().name();
    if (depth > 0 && is_skipped(name)) || hidden(el) {
        return;
    }
    match name {
        "br" => {
            out.line_break();
            return;
        }
        "pre" => {
            out.end_block();
            out.preformatted(&el.text().collect::<String>());
            out.end_block();
            return;
        }
        cell if CELLS.contains(&cell) => out.space(),
        _ => {}
    }
    let block = is_block(name);
    if block {
        out.end_block();
    }
    for child in el.children() {
        match child.value() {
            Node::Text(text) => out.inline(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    if block {
        out.end_block();
    }
}

#[cfg(test)]
mod tests {
    //! The app's tests of its DOM walker (`src/browser/html.rs`), run on
    //! this one: the two must agree.
    use super::*;

    #[test]
    fn scripts_and_styles_are_dropped() {
        let page = r#"<!doctype html><html><head><title>T</title>
            <style>p { color: red }</style>
            <script>window.__pwned = 1;</script></head>
            <body onload="window.__pwned = 2">
            <p>Before<script>document.write("injected")</script> after.</p>
            <svg><script>x</script><text>svg text</text></svg>
            <iframe srcdoc="<p>framed</p>"></iframe>
            <noscript>Enable JavaScript</noscript>
            </body></html>"#;
        let out = html_to_text(page);
        assert_eq!(out.text, "Before after.");
        assert_eq!(out.title.as_deref(), Some("T"));
    }

    #[test]
    fn blocks_become_paragraphs_and_inline_whitespace_collapses() {
        let out = html_to_text(
            "<body><h2>Sub  head</h2><p>One\n   <b>bold</b>\tword.</p>\
             <div>Two<br>lines</div><ul><li>first</li><li> second </li></ul>\
             <blockquote><p>Quoted</p></blockquote><p>  </p><p>Last</p>\
             <table><tr><td>a</td><td>b</td></tr></table></body>",
        );
        assert_eq!(
            out.text,
            "Sub head\n\nOne bold word.\n\nTwo\nlines\n\nfirst\n\nsecond\n\nQuoted\n\nLast\n\na b"
        );
    }

    #[test]
    fn entities_are_decoded() {
        let out = html_to_text(
            "<p>&ldquo;I lost the argument,&rdquo; Kerry said &amp; left &mdash; &#x1F600; &lt;b&gt;</p>",
        );
        assert_eq!(
            out.text,
            "“I lost the argument,” Kerry said & left — 😀 <b>"
        );
    }

    #[test]
    fn navigation_and_hidden_parts_are_dropped_and_the_article_preferred() {
        let out = html_to_text(
            r#"<html><head><title>Talks fail | News Site</title></head><body>
            <header><a href="/">News Site</a><nav><a href="/world">World</a></nav>
              <h1>Talks in Syria fail</h1></header>
            <aside>Most read</aside>
            <article><p>Kerry spoke.</p><p hidden>secret</p>
              <p aria-hidden="true">decor</p><p style="display: none">gone</p>
              <form><label>Subscribe <input></label><button>Go</button></form>
              <pre>a  b
  c</pre><p>Lavrov agreed.</p></article>
            <article><p>Teaser</p></article>
            <footer>© News Site</footer></body></html>"#,
        );
        assert_eq!(out.title.as_deref(), Some("Talks in Syria fail"));
        assert_eq!(
            out.text,
            "Talks in Syria fail\n\nKerry spoke.\n\na  b\n  c\n\nLavrov agreed."
        );
    }

    #[test]
    fn title_falls_back_to_the_title_element() {
        let out = html_to_text("<title> A   page </title><main><p>Text</p></main><p>outside</p>");
        assert_eq!(out.title.as_deref(), Some("A page"));
        assert_eq!(out.text, "Text");
        assert_eq!(html_to_text("").text, "");
    }

    #[test]
    fn the_app_test_page_reads_the_same() {
        let out = html_to_text(
            "<title>Site</title><nav>Home</nav><h1>Big &amp; news</h1><p>It <i>happened</i>.</p>\
             <script>window.__pwned_open = 1</script>",
        );
        assert_eq!(out.title.as_deref(), Some("Big & news"));
        assert_eq!(out.text, "Big & news\n\nIt happened.");
    }
}
