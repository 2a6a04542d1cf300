//! The article as readable paragraphs, its first line as the headline. Each
//! paragraph is its own memoised component keyed by its start offset, so a
//! change re-renders only the paragraphs it touches.

use std::rc::Rc;

use attrib_core::model::Span;
use attrib_core::text::Document;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub document: Rc<Document>,
}

/// Whether a first paragraph reads as a headline: one short line that does
/// not end like a sentence.
fn is_headline(text: &str) -> bool {
    let trimmed = text.trim();
    !trimmed.is_empty()
        && !trimmed.contains('\n')
        && trimmed.chars().count() <= 200
        && !trimmed.ends_with(['.', '!', '?', ':', ';', ','])
}

#[component]
pub fn ArticleView(props: &ArticleProps) -> Html {
    let doc = &props.document;
    let paragraphs: Vec<(Span, &str)> = doc
        .paragraphs()
        .into_iter()
        .filter_map(|span| doc.slice(span).map(|text| (span, text)))
        .collect();
    if paragraphs.is_empty() {
        return html! {
            <article class="article article-empty" aria-label="Article">
                <p>{ "No article loaded yet." }</p>
            </article>
        };
    }
    let headline = is_headline(paragraphs[0].1);
    html! {
        <article class="article" aria-label="Article">
            { for paragraphs.iter().enumerate().map(|(i, (span, text))| html! {
                <Paragraph
                    key={span.start}
                    start={span.start}
                    text={AttrValue::from(text.to_string())}
                    heading={i == 0 && headline}
                />
            }) }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct ParagraphProps {
    /// Code-point offset of the paragraph's first character in the document.
    pub start: usize,
    pub text: AttrValue,
    /// Shown as the article's headline.
    #[prop_or_default]
    pub heading: bool,
}

#[component]
pub fn Paragraph(props: &ParagraphProps) -> Html {
    let start = props.start.to_string();
    if props.heading {
        html! { <h2 class="headline" data-start={start}>{ props.text.clone() }</h2> }
    } else {
        html! { <p class="paragraph" data-start={start}>{ props.text.clone() }</p> }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    async fn mount(text: &str) -> web_sys::Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").expect("create a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("append");
        let props = ArticleProps {
            document: Rc::new(Document::new(text)),
        };
        yew::Renderer::<ArticleView>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        root
    }

    #[wasm_bindgen_test]
    async fn renders_headline_and_paragraphs() {
        let root = mount("A headline\n\nFirst “quoted” paragraph 😀.\n\nSecond one.").await;
        let headline = root
            .query_selector("h2.headline")
            .unwrap()
            .expect("a headline");
        assert_eq!(headline.text_content().as_deref(), Some("A headline"));
        let paragraphs = root.query_selector_all("p.paragraph").unwrap();
        assert_eq!(paragraphs.length(), 2);
        let first = paragraphs.item(0).unwrap();
        assert_eq!(
            first.text_content().as_deref(),
            Some("First “quoted” paragraph 😀.")
        );
        // Offsets are code points: "A headline\n\n" is 12 of them.
        let el: web_sys::Element = wasm_bindgen::JsCast::dyn_into(first).unwrap();
        assert_eq!(el.get_attribute("data-start").as_deref(), Some("12"));
    }

    #[wasm_bindgen_test]
    async fn says_when_there_is_no_article() {
        let root = mount("").await;
        assert!(root
            .text_content()
            .unwrap_or_default()
            .contains("No article loaded yet."));
    }
}
