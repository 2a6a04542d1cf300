//! A web page reduced to the readable text of its article, as the app
//! reduces it: the page is parsed by html5ever (through `scraper`; nothing
//! in it runs or loads), then read by the walk attrib-core gives every
//! HTML reader ([`attrib_core::formats::open::web_page::read_page`]):
//! skipped elements and hidden parts are dropped, blocks become paragraphs
//! separated by a blank line, and inline whitespace collapses the way a
//! browser renders it.

use attrib_core::formats::open::web_page::{read_page, PageElement, PageNode, WebPage};
use scraper::{ElementRef, Html, Node};

/// The readable text of `html` and its headline. Never fails: a page the
/// parser cannot make sense of yields what text it has, possibly none.
pub fn html_to_text(html: &str) -> WebPage {
    let doc = Html::parse_document(html);
    read_page(&TreeElement(doc.root_element()))
}

/// An element of html5ever's tree, as the shared walk reads it.
#[derive(Clone, Copy)]
struct TreeElement<'a>(ElementRef<'a>);

impl PageElement for TreeElement<'_> {
    fn name(&self) -> String {
        self.0.value().name().to_string()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.0.value().attr(name).map(str::to_string)
    }

    fn parent(&self) -> Option<Self> {
        self.0.parent().and_then(ElementRef::wrap).map(TreeElement)
    }

    fn children(&self) -> Vec<PageNode<Self>> {
        self.0
            .children()
            .filter_map(|child| match child.value() {
                Node::Text(text) => Some(PageNode::Text(text.to_string())),
                Node::Element(_) => {
                    ElementRef::wrap(child).map(|el| PageNode::Element(TreeElement(el)))
                }
                _ => None,
            })
            .collect()
    }

    fn text(&self) -> String {
        self.0.text().collect()
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
