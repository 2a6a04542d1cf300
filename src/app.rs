//! The root component: owns the document being shown and lays out the page.

use attrib_core::text::Document;
use yew::prelude::*;

use crate::components::article::ArticleView;
use crate::components::header::Header;
use crate::sample::SAMPLE_ARTICLE;

#[component]
pub fn App() -> Html {
    let document = use_memo((), |_| Document::new(SAMPLE_ARTICLE));
    html! {
        <>
            <Header />
            <main id="main" class="layout">
                <ArticleView document={document} />
            </main>
        </>
    }
}
