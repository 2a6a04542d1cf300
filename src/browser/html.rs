//! A web page reduced to the readable text of its article. The page is
//! parsed by the browser's `DOMParser` into an inert document (its scripts
//! never run, its images never load, nothing of it enters the live page),
//! then walked by the policy every Attrib HTML reader shares
//! ([`attrib_core::formats::open::web_page`]): navigation, scripts, styles,
//! forms and hidden parts are dropped, blocks become paragraphs separated by
//! a blank line, and inline whitespace collapses the way a browser renders
//! it.

use attrib_core::formats::open::web_page::{self, TextBuilder, WebPage};
use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

/// The readable text of `html` and its headline. Never fails: a page the
/// parser cannot make sense of yields what text it has, possibly none.
pub(crate) fn html_to_text(html: &str) -> WebPage {
    let Some(doc) = parse(html) else {
        return WebPage::default();
    };
    let root = content_root(&doc);
    let mut out = TextBuilder::default();
    if let Some(root) = &root {
        walk(root, &mut out, 0);
    }
    let heading = root
        .as_ref()
        .and_then(first_heading)
        .or_else(|| first_heading(&doc));
    let title = doc
        .query_selector("title")
        .ok()
        .flatten()
        .and_then(|t| t.text_content());
    WebPage::assemble(out.finish(), heading, title.as_deref())
}

fn parse(html: &str) -> Option<Document> {
    let parser = DomParser::new().ok()?;
    parser.parse_from_string(html, SupportedType::TextHtml).ok()
}

/// Where the article is: the `<article>` with the most text, else
/// [`web_page::MAIN_SELECTOR`], else the body.
fn content_root(doc: &Document) -> Option<Element> {
    let articles = doc.query_selector_all("article").ok();
    let mut best: Option<(usize, Element)> = None;
    if let Some(list) = articles {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if is_hidden(&el) {
                continue;
            }
            let len = el.text_content().map_or(0, |t| t.trim().len());
            if len > 0 && best.as_ref().is_none_or(|(l, _)| len > *l) {
                best = Some((len, el));
            }
        }
    }
    if let Some((_, el)) = best {
        return Some(el);
    }
    doc.query_selector(web_page::MAIN_SELECTOR)
        .ok()
        .flatten()
        .filter(|el| !is_hidden(el))
        .or_else(|| doc.body().map(Element::from))
}

/// The text of the first visible `<h1>` under `root`.
fn first_heading(root: &impl AsRef<Node>) -> Option<String> {
    let node: &Node = root.as_ref();
    let list = if let Some(el) = node.dyn_ref::<Element>() {
        el.query_selector_all("h1").ok()?
    } else {
        node.dyn_ref::<Document>()?.query_selector_all("h1").ok()?
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .filter(|el| !is_hidden(el) && !inside_skipped(el))
        .map(|el| {
            let mut b = TextBuilder::default();
            walk(&el, &mut b, 0);
            b.finish().replace('\n', " ")
        })
        .find(|t| !t.is_empty())
}

/// Whether a parent of `el` is an element that is never article text
/// (a `<header>` is allowed: headlines live there).
fn inside_skipped(el: &Element) -> bool {
    let mut parent = el.parent_element();
    while let Some(p) = parent {
        let name = p.local_name();
        if (name != "header" && web_page::is_skipped(&name)) || is_hidden(&p) {
            return true;
        }
        parent = p.parent_element();
    }
    false
}

fn is_hidden(el: &Element) -> bool {
    web_page::is_hidden(
        el.has_attribute("hidden"),
        el.get_attribute("aria-hidden").as_deref(),
        el.get_attribute("style").as_deref(),
    )
}

fn walk(el: &Element, out: &mut TextBuilder, depth: usize) {
    if depth > web_page::MAX_DEPTH {
        return;
    }
    let name = el.local_name();
    let name = name.as_str();
    if (depth > 0 && web_page::is_skipped(name)) || is_hidden(el) {
        return;
    }
    match name {
        "br" => {
            out.line_break();
            return;
        }
        "pre" => {
            out.end_block();
            out.preformatted(&el.text_content().unwrap_or_default());
            out.end_block();
            return;
        }
        _ if web_page::CELLS.contains(&name) => out.space(),
        _ => {}
    }
    let block = web_page::is_block(name);
    if block {
        out.end_block();
    }
    let mut child = el.first_child();
    while let Some(node) = child {
        match node.node_type() {
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                out.inline(&node.node_value().unwrap_or_default());
            }
            Node::ELEMENT_NODE => {
                if let Some(child_el) = node.dyn_ref::<Element>() {
                    walk(child_el, out, depth + 1);
                }
            }
            _ => {}
        }
        child = node.next_sibling();
    }
    if block {
        out.end_block();
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
