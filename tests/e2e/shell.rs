//! The app shell: the page loads, shows the built-in sample article as a
//! headline and paragraphs, and the console stays clean; the
//! Content-Security-Policy blocks what was not shipped with the app.

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

#[tokio::test(flavor = "multi_thread")]
async fn an_injected_inline_script_or_style_is_blocked_and_reported() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    // What an injection would try: an inline event handler, an inline
    // script element and a style attribute.
    app.eval(
        r#"
        const button = document.createElement('button');
        button.setAttribute('onclick', 'window.__injected = "handler"');
        document.body.append(button);
        button.click();
        const script = document.createElement('script');
        script.textContent = 'window.__injected = "script"';
        document.body.append(script);
        document.querySelector('header h1').setAttribute('style', 'color: red');
        return true;
        "#,
    )
    .await;
    app.wait_until(
        "three violations are recorded",
        "return (window.__cspViolations || []).length >= 3;",
    )
    .await;
    assert_eq!(
        app.eval("return window.__injected === undefined;").await,
        serde_json::json!(true),
        "nothing injected ran"
    );
    let colour = app
        .eval("return getComputedStyle(document.querySelector('header h1')).color;")
        .await;
    assert_ne!(
        colour,
        serde_json::json!("rgb(255, 0, 0)"),
        "the style was refused"
    );
    let violations = app.take_csp_violations().await;
    for directive in ["script-src-attr", "script-src-elem", "style-src-attr"] {
        assert!(
            violations.iter().any(|v| v.starts_with(directive)),
            "{directive} is reported: {violations:#?}"
        );
    }
    assert!(
        violations
            .iter()
            .any(|v| v.contains("Content Security Policy")),
        "the console reports them too: {violations:#?}"
    );
    app.close().await;
}
