//! The teaching loop, as a teacher and two students do it: the teacher
//! marks the answer key on the sample and makes an assignment with
//! self-check; each student opens the link in a fresh browser (a new
//! WebDriver session with a fresh profile, on the same served app), reads
//! the instructions, types a name, marks a quote, checks their work and
//! hands in; the teacher scores both files, sorts the class table,
//! comments on a student and renames a level, reloads the page and finds
//! them all again, reads each student's differences and the class
//! discussion, and exports CSV.
//!
//! Downloads are captured in the page (`App::capture_downloads`): a script keeps each blob the app
//! makes a URL for and replaces the download
//! link's click, reads the blob it points to and keeps the file's name and
//! text in `window.__downloads` (headless Chromium saves no file a test
//! could wait for reliably). The captured submissions are written to a
//! temporary directory and given to the teacher's file input, as a person
//! choosing files would.

use std::path::PathBuf;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use attrib_core::assignment::{decode_link, short_hash};

use crate::harness::App;

const QUOTE: &str = "“I lost the argument,”";
const SECOND: &str = "“We don’t behave like Russians. It’s just a different standard,”";

/// Presses Enter on the button whose visible name starts with `name` (the
/// keyboard way; a click could land on the sticky toolbar above it).
pub(crate) async fn press_button(app: &App, name: &str) {
    let xpath = format!(
        "//button[starts-with(normalize-space(.), {})]",
        crate::harness::xpath_literal(name)
    );
    app.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {name:?}: {e}"))
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap_or_else(|e| panic!("press {name:?}: {e}"));
}

/// With `ATTRIB_SCREENSHOTS=1`, saves the page as
/// `docs/screenshots/NAME.png` (for the README), scrolled to the top or to
/// the element `css` in the middle; otherwise does nothing.
pub(crate) async fn screenshot(app: &App, name: &str, css: Option<&str>) {
    if std::env::var_os("ATTRIB_SCREENSHOTS").is_none() {
        return;
    }
    let scroll = match css {
        Some(css) => format!(
            "document.querySelector({}).scrollIntoView({{block: 'center'}}); return true;",
            serde_json::to_string(css).unwrap_or_default()
        ),
        None => "window.scrollTo(0, 0); return true;".to_string(),
    };
    app.eval(&scroll).await;
    let png = app.client.screenshot().await.expect("a screenshot");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshots directory");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("save the screenshot");
}

/// Says which controls on the page have no accessible name (none, we hope).
pub(crate) async fn assert_all_named(app: &App, where_: &str) {
    let unnamed = app.eval(crate::keyboard::UNNAMED_JS).await;
    assert_eq!(unnamed, json!([]), "unnamed controls {where_}");
}

pub(crate) async fn text_of(app: &App, css: &str) -> String {
    app.wait_for(css)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("read the text of {css}: {e}"))
}

/// Reads the open scoring session the app saved in IndexedDB (its JSON,
/// or "" when there is none).
const READ_SAVED_SESSION_JS: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('attrib');
open.onerror = () => done('');
open.onsuccess = () => {
  const db = open.result;
  if (!db.objectStoreNames.contains('scoring')) { db.close(); return done(''); }
  const store = db.transaction('scoring').objectStore('scoring');
  const pointer = store.get('~open');
  pointer.onsuccess = () => {
    if (!pointer.result) { db.close(); return done(''); }
    const session = store.get(pointer.result.session_id);
    session.onsuccess = () => { db.close(); done(session.result ? session.result.session : ''); };
    session.onerror = () => { db.close(); done(''); };
  };
  pointer.onerror = () => { db.close(); done(''); };
};
"#;

/// Waits (up to 20 s) until the saved scoring session holds every one of
/// `needles`: a reload before the last write lands would lose it.
async fn wait_for_saved_session(app: &App, needles: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let saved = app
            .client
            .execute_async(READ_SAVED_SESSION_JS, vec![])
            .await
            .expect("read the saved session");
        let saved = saved.as_str().unwrap_or_default();
        if needles.iter().all(|n| saved.contains(n)) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the scoring session was never saved with {needles:?}: {saved}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A student opens the link in a fresh browser, types a name, marks one
/// quote (the first student then reloads the page and finds it again),
/// checks the work and hands in: returns the submission file's name and
/// text.
async fn student_hands_in(link: &str, name: &str, needle: &str, speaker: &str) -> (String, String) {
    let app = App::open().await;
    // A student opens the link in a new tab: a whole page load with the
    // fragment there from the start. (Going to the link from the open app
    // changes only the fragment; the app opens that too, but ChromeDriver
    // can wait on such a navigation until it times out.)
    app.client.goto("about:blank").await.expect("leave the app");
    app.client
        .goto(link)
        .await
        .expect("open the assignment link");
    app.record_csp_violations().await;
    let bar = text_of(&app, ".student-bar").await;
    assert!(
        bar.contains("Mark every quote and who said it."),
        "the instructions are shown: {bar}"
    );
    app.wait_for("article h2.headline").await;
    assert_eq!(
        app.eval("return document.querySelectorAll('article .hl-quote').length;")
            .await,
        json!(0),
        "the key is not shown to the student"
    );
    let field = app.wait_for("#student-name").await;
    field
        .send_keys(&format!("{name}{}", Key::Tab))
        .await
        .expect("type the name");
    app.mark_quote(needle, speaker).await;
    if name == "Ana" {
        screenshot(&app, "student", None).await;
        // A reload (or the link opened again) brings the marked quote back
        // in the assignment, not a blank article.
        // The student's document is stored as `assignment-` and the first
        // 12 hex digits of the article's SHA-256 (`StudentMode::document_id`).
        let assignment = decode_link(link).expect("the link holds an assignment");
        let id = format!("assignment-{}", short_hash(assignment.id()));
        app.wait_until_saved(&id, 1).await;
        app.client.refresh().await.expect("reload the page");
        app.record_csp_violations().await;
        app.wait_for(".student-bar").await;
        app.wait_until(
            "the student's quote is back after the reload",
            "return document.querySelectorAll('ul.ann-list > [role=listitem]').length === 1;",
        )
        .await;
        let bar = text_of(&app, ".student-bar").await;
        assert!(
            bar.contains("Mark every quote and who said it."),
            "still the assignment after the reload: {bar}"
        );
    }
    assert_all_named(&app, "in the student's view").await;

    press_button(&app, "Check my work").await;
    app.wait_for(".diff-view .df-found").await;
    app.wait_for(".diff-view .df-missed").await;
    press_button(&app, "Back to my work").await;
    app.wait_for(".student-bar").await;

    app.capture_downloads().await;
    press_button(&app, "Hand in").await;
    let file = app.download(1).await;
    assert_eq!(app.console_errors().await, Vec::<String>::new());
    app.close().await;
    file
}

#[tokio::test(flavor = "multi_thread")]
async fn a_teacher_hands_out_an_assignment_and_scores_two_students() {
    // The teacher marks the key on the sample.
    let teacher = App::open().await;
    teacher.wait_for("article h2.headline").await;
    teacher.mark_quote(QUOTE, "John Kerry").await;
    teacher.mark_quote(SECOND, "John Kerry").await;

    // Make the assignment, with self-check, and read its link.
    teacher.click_button("Make assignment").await;
    teacher
        .wait_for("#assign-instructions")
        .await
        .send_keys("Mark every quote and who said it.")
        .await
        .expect("type the instructions");
    teacher
        .wait_for("#assign-self-check")
        .await
        .click()
        .await
        .expect("tick self-check");
    let hint = text_of(&teacher, "#assign-self-check-hint").await;
    assert!(
        hint.contains("A determined student can read them"),
        "{hint}"
    );
    let link = teacher
        .wait_for("#assign-link")
        .await
        .prop("value")
        .await
        .expect("read the link")
        .expect("the link has a value");
    assert!(link.contains("/#a="), "{link}");
    screenshot(&teacher, "make-assignment", None).await;
    assert_all_named(&teacher, "in the Make assignment dialog").await;
    teacher.press(&Key::Escape.to_string()).await;

    // Two students, each in a browser of their own.
    let ana = student_hands_in(&link, "Ana", QUOTE, "John Kerry").await;
    let ben = student_hands_in(&link, "Ben", SECOND, "Lavrov").await;
    assert!(ana.0.ends_with("--ana.json"), "{}", ana.0);
    let submission: Value = serde_json::from_str(&ana.1).expect("the submission is JSON");
    assert_eq!(submission["format"], "attrib");
    assert_eq!(submission["document"]["annotator"], "Ana");
    assert_eq!(submission["annotations"].as_array().map(Vec::len), Some(1));

    let dir = std::env::temp_dir().join(format!("attrib-e2e-teach-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory for the submissions");
    let paths: Vec<PathBuf> = [&ana, &ben]
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("write a submission");
            path
        })
        .collect();

    // Score them against the key.
    teacher.click_button("Score students").await;
    let input = teacher.wait_for("#submission-files").await;
    let chosen: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    input
        .send_keys(&chosen.join("\n"))
        .await
        .expect("choose both files");
    teacher
        .wait_until(
            "both students are in the class table",
            "return document.querySelectorAll('table.class-table tbody tr').length === 2;",
        )
        .await;
    let first_row = text_of(&teacher, "table.class-table tbody tr").await;
    assert!(first_row.starts_with("Ana"), "sorted by name: {first_row}");
    screenshot(&teacher, "class-table", None).await;
    assert_all_named(&teacher, "on the class table").await;

    // Sort by F1, best first, by keyboard.
    let f1 = teacher
        .client
        .find(Locator::XPath(
            "//th/button[starts-with(normalize-space(.), 'F1')]",
        ))
        .await
        .expect("the F1 header");
    f1.send_keys(&Key::Enter.to_string())
        .await
        .expect("sort by F1");
    teacher
        .wait_until(
            "the F1 column sorts descending",
            "return !!document.querySelector('th[aria-sort=descending]');",
        )
        .await;

    // The teacher comments on Ben and renames the top level, then the page
    // reloads mid-scoring: the table, its order, the comment and the
    // rubric come back.
    let comment = teacher.wait_for("[aria-label=\"Comment on Ben\"]").await;
    comment
        .send_keys(&format!("Spoke up in class{}", Key::Tab))
        .await
        .expect("type a comment on Ben");
    teacher
        .eval("document.querySelector('details.scoring-settings').open = true; return true;")
        .await;
    // Type over the old name as a paste would: the field takes a name when
    // it changes (keyboard select-all is not the same on every platform).
    teacher
        .eval(
            "const f = document.querySelector('[aria-label=\"Name of level 3\"]'); \
             f.focus(); f.value = 'Expert'; \
             f.dispatchEvent(new Event('change', {bubbles: true})); return true;",
        )
        .await;
    wait_for_saved_session(&teacher, &["Spoke up in class", r#""name":"Expert""#]).await;
    teacher.client.refresh().await.expect("reload the page");
    teacher.record_csp_violations().await;
    teacher
        .wait_until(
            "both students are back in the class table",
            "return document.querySelectorAll('table.class-table tbody tr').length === 2;",
        )
        .await;
    teacher
        .wait_until(
            "the table is still sorted by F1, best first",
            "return !!document.querySelector('th[aria-sort=descending]');",
        )
        .await;
    let comment = teacher
        .wait_for("[aria-label=\"Comment on Ben\"]")
        .await
        .prop("value")
        .await
        .expect("read the comment");
    assert_eq!(comment.as_deref(), Some("Spoke up in class"));
    let level = teacher
        .wait_for("[aria-label=\"Name of level 3\"]")
        .await
        .prop("value")
        .await
        .expect("read the level's name");
    assert_eq!(level.as_deref(), Some("Expert"));

    // Ben's work: found, but the speaker is wrong, in words.
    teacher
        .wait_for("button[aria-label=\"Show Ben's work\"]")
        .await
        .click()
        .await
        .expect("show Ben's work");
    let flag = text_of(&teacher, ".teach-article .df-flag").await;
    assert!(flag.contains("wrong speaker"), "{flag}");
    assert!(flag.contains("Lavrov"), "{flag}");
    teacher.wait_for(".diff-view .df-missed").await;
    screenshot(&teacher, "diff", Some(".teach-article .df-flag")).await;
    press_button(&teacher, "Back to the class table").await;

    // The discussion: shaded text, who marked a stretch, names hidden.
    press_button(&teacher, "Discussion").await;
    let heat = teacher.wait_for(".heat-map .heat").await;
    heat.send_keys(&Key::Enter.to_string())
        .await
        .expect("choose a stretch by keyboard");
    let details = text_of(&teacher, ".heat-details").await;
    assert!(details.contains("of 2 students"), "{details}");
    assert!(
        details.contains("Ana") || details.contains("Ben"),
        "{details}"
    );
    screenshot(&teacher, "discussion", Some(".heat.chosen")).await;
    assert_all_named(&teacher, "in the discussion").await;
    teacher
        .wait_for("#hide-names")
        .await
        .send_keys(" ")
        .await
        .expect("hide names, with the space bar");
    teacher
        .wait_until(
            "the names are hidden",
            "const t = document.querySelector('.discussion-view').textContent; \
             return !t.includes('Ana') && !t.includes('Ben');",
        )
        .await;

    // Export the class table as CSV.
    press_button(&teacher, "Class table").await;
    teacher.capture_downloads().await;
    press_button(&teacher, "Export CSV").await;
    let (name, csv) = teacher.download(1).await;
    assert!(name.ends_with("-scores.csv"), "{name}");
    assert!(csv.starts_with("student,class,level,comment,f1"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("Ana,")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("Ben,")), "{csv}");

    assert_eq!(teacher.console_errors().await, Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
    teacher.close().await;
}
