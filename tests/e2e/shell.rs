//! The app shell: the page loads, shows the built-in sample article as a
//! headline and paragraphs, and the console stays clean; the
//! Content-Security-Policy blocks what was not shipped with the app.

use fantoccini::Locator;

use crate::harness::{self, App};

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

/// The harness's own check: an error the page logs is seen in either
/// browser (so "no console errors" can fail), and in Chromium an uncaught
/// error too. In Firefox a script WebDriver runs is sandboxed, so an error
/// thrown from it never reaches the page's `error` event or Firefox's
/// output as the page's; the test says so instead of passing silently.
#[tokio::test(flavor = "multi_thread")]
async fn console_errors_and_uncaught_errors_are_caught_in_every_browser() {
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    let browser = app.browser();
    app.eval(
        "console.error('attrib-probe: logged'); \
         setTimeout(() => { throw new Error('attrib-probe: thrown'); }, 0); return true;",
    )
    .await;
    let mut expected = vec!["attrib-probe: logged"];
    if browser == harness::Browser::Chromium {
        expected.push("attrib-probe: thrown");
    } else {
        println!(
            "{}: only the logged error is checked: an error thrown by a WebDriver script \
             stays in its sandbox",
            browser.name()
        );
    }
    let mut seen: Vec<String> = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !expected
        .iter()
        .all(|what| seen.iter().any(|e| e.contains(what)))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "{} did not report {expected:?}: {seen:#?}",
            browser.name()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        seen.extend(app.console_errors().await);
    }
    println!(
        "{}: read {expected:?} from {}",
        browser.name(),
        match browser {
            harness::Browser::Chromium => "ChromeDriver's console log",
            harness::Browser::Firefox => "the page's recorder and Firefox's standard output",
        }
    );
    app.close().await;
}
