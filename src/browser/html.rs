//! A web page reduced to the readable text of its article. The page is
//! parsed by the browser's `DOMParser` into an inert document (its scripts
//! never run, its images never load, nothing of it enters the live page),
//! then read by the walk every Attrib HTML reader shares
//! ([`attrib_core::formats::open::web_page::read_page`]): navigation,
//! scripts, styles, forms and hidden parts are dropped, blocks become
//! paragraphs separated by a blank line, and inline whitespace collapses
//! the way a browser renders it.

use attrib_core::formats::open::web_page::{read_page, PageElement, PageNode, WebPage};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// The readable text of `html` and its headline. Never fails: a page the
/// parser cannot make sense of yields what text it has, possibly none.
pub(crate) fn html_to_text(html: &str) -> WebPage {
    let root = DomParser::new()
        .ok()
        .and_then(|parser| parser.parse_from_string(html, SupportedType::TextHtml).ok())
        .and_then(|doc| doc.document_element());
    match root {
        Some(root) => read_page(&DomElement(root)),
        None => WebPage::default(),
    }
}

/// An element of the parsed page, as the shared walk reads it.
#[derive(Clone)]
struct DomElement(Element);

impl PageElement for DomElement {
    fn name(&self) -> String {
        self.0.local_name()
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.0.get_attribute(name)
    }

    fn parent(&self) -> Option<Self> {
        self.0.parent_element().map(DomElement)
    }

    fn children(&self) -> Vec<PageNode<Self>> {
        let mut children = Vec::new();
        let mut child = self.0.first_child();
        while let Some(node) = child {
            match node.node_type() {
                Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                    children.push(PageNode::Text(node.node_value().unwrap_or_default()));
                }
                Node::ELEMENT_NODE => {
                    if let Some(el) = node.dyn_ref::<Element>() {
                        children.push(PageNode::Element(DomElement(el.clone())));
                    }
                }
                _ => {}
            }
            child = node.next_sibling();
        }
        children
    }

    fn text(&self) -> String {
        self.0.text_content().unwrap_or_default()
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    async fn next_tick(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = gloo::utils::window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    fn pwned() -> JsValue {
        js_sys::Reflect::get(&gloo::utils::window(), &JsValue::from_str("__pwned"))
            .unwrap_or(JsValue::UNDEFINED)
    }

    #[wasm_bindgen_test]
    async fn scripts_and_styles_are_dropped_and_never_run() {
        let page = r#"<!doctype html><html><head><title>T</title>
            <style>p { color: red }</style>
            <script>window.__pwned = 1;</script></head>
            <body onload="window.__pwned = 2">
            <p>Before<script>window.__pwned = 3; document.write("injected")</script> after.</p>
            <img src="data:," onerror="window.__pwned = 4">
            <img src="no-such-image.png" onerror="window.__pwned = 5">
            <svg><script>window.__pwned = 6</script><text>svg text</text></svg>
            <iframe srcdoc="<script>parent.__pwned = 7</script>"></iframe>
            <noscript>Enable JavaScript</noscript>
            </body></html>"#;
        let out = html_to_text(page);
        next_tick(200).await;
        assert!(pwned().is_undefined(), "a script ran: {:?}", pwned());
        assert_eq!(out.text, "Before after.");
        assert!(!out.text.contains("color"));
        assert!(!out.text.contains("svg text"));
        assert!(!out.text.contains("JavaScript"));
    }

    #[wasm_bindgen_test]
    fn blocks_become_paragraphs_and_inline_whitespace_collapses() {
        let out = html_to_text(
            "<body><h2>Sub  head</h2><p>One\n   <b>bold</b>\tword.</p>\
             <div>Two<br>lines</div><ul><li>first</li><li> second </li></ul>\
             <blockquote><p>Quoted</p></blockquote><p>  </p><p>Last</p></body>",
        );
        assert_eq!(
            out.text,
            "Sub head\n\nOne bold word.\n\nTwo\nlines\n\nfirst\n\nsecond\n\nQuoted\n\nLast"
        );
    }

    #[wasm_bindgen_test]
    fn entities_are_decoded() {
        let out = html_to_text(
            "<p>&ldquo;I lost the argument,&rdquo; Kerry said &amp; left &mdash; &#x1F600; &lt;b&gt;</p>",
        );
        assert_eq!(
            out.text,
            "“I lost the argument,” Kerry said & left — 😀 <b>"
        );
    }

    #[wasm_bindgen_test]
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

    #[wasm_bindgen_test]
    fn title_falls_back_to_the_title_element() {
        let out = html_to_text("<title> A   page </title><main><p>Text</p></main><p>outside</p>");
        assert_eq!(out.title.as_deref(), Some("A page"));
        assert_eq!(out.text, "Text");
        assert_eq!(html_to_text("").text, "");
    }
}
