//! The app shell: the page loads, shows the built-in sample article as a
//! headline and paragraphs, and the console stays clean.

use fantoccini::Locator;

use crate::harness::App;

#[tokio::test(flavor = "multi_thread")]
async fn shows_the_sample_article_without_console_errors() {
    let app = App::open().await;
    let headline = app.wait_for("article h2.headline").await;
    assert_eq!(
        headline.text().await.unwrap(),
        "US-Russian talks in Syria fail, Kerry blames Russia and US Congress"
    );
    assert!(
        headline.is_displayed().await.unwrap(),
        "the headline is visible"
    );

    let paragraphs = app
        .client
        .find_all(Locator::Css("article p.paragraph"))
        .await
        .unwrap();
    assert!(
        paragraphs.len() >= 10,
        "the sample has many paragraphs, found {}",
        paragraphs.len()
    );
    let quote = app
        .client
        .find(Locator::XPath(
            "//article//p[contains(., 'I lost the argument')]",
        ))
        .await
        .expect("the paragraph with Kerry's quote");
    assert!(
        quote.is_displayed().await.unwrap(),
        "the paragraph is visible"
    );
    assert!(quote
        .text()
        .await
        .unwrap()
        .starts_with("“I lost the argument,” Kerry said"));

    assert_eq!(app.client.title().await.unwrap(), "Attrib");
    let h1 = app.client.find(Locator::Css("header h1")).await.unwrap();
    assert_eq!(h1.text().await.unwrap(), "Attrib");

    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}
