//! Hostile text is shown as text everywhere it appears and never runs: the
//! payloads of `crates/core/tests/fixtures/xss-payloads.txt` (after the
//! OWASP filter-evasion cheat sheet) in an article, its title, speakers'
//! names, notes, a label set and a file name, then in the name of a file
//! whose import warnings are listed. Each payload with code calls
//! `window.__xss(N)`, which the test installs and watches; after each step
//! the page must hold no element or attribute the payloads bring (no new
//! script, image, frame, SVG, event handler or `javascript:` link), and each
//! place must show the payloads verbatim.

use attrib_core::formats::{self, Format};
use attrib_core::model::{Annotation, Kind, Metadata, Span, Speaker};
use attrib_core::{AnnotatedDocument, Document};
use fantoccini::Locator;
use serde_json::json;

use crate::harness::{temp_file, App};

/// The payloads, decoded as the fixture's header says.
fn payloads() -> Vec<String> {
    include_str!("../../crates/core/tests/fixtures/xss-payloads.txt")
        .lines()
        .filter(|line| !line.starts_with("# ") && !line.is_empty())
        .map(|line| line.replace("\\0", "\0").replace("\\n", "\n"))
        .collect()
}

/// The file name that is itself a payload.
const HOSTILE_NAME: &str = "<img src=x onerror=__xss(900)>.json";

/// A document with every payload as a paragraph, a speaker's name, a note
/// and a quote type, and all of one line in its title.
fn hostile_document(payloads: &[String]) -> AnnotatedDocument {
    let mut text = String::from("Hostile text\n\n");
    let mut spans = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let start = text.chars().count();
        text.push_str(p);
        spans.push(Span::new(start, start + p.chars().count()));
        text.push_str(&format!(" said speaker {i}.\n\n"));
    }
    let mut doc = AnnotatedDocument::new(
        Metadata {
            id: "hostile".into(),
            // A title is one line (a text field drops line breaks).
            title: Some(
                payloads
                    .iter()
                    .filter(|p| !p.contains('\n'))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
            ..Metadata::default()
        },
        Document::new(&text),
    );
    for (i, (p, span)) in payloads.iter().zip(spans).enumerate() {
        doc.speakers.push(Speaker::new(format!("s{i}"), p.as_str()));
        doc.schema.quote_types.push(p.clone());
        let mut quote = Annotation::new(format!("a{i}"), Kind::Quote, vec![span]);
        quote.speaker = Some(format!("s{i}"));
        quote.note = p.clone();
        quote.quote_type = Some(p.clone());
        doc.annotations.push(quote);
    }
    doc
}

async fn open_file(app: &App, path: &std::path::Path) {
    app.client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("the file input")
        .send_keys(&path.to_string_lossy())
        .await
        .expect("choose the file");
}

/// Installs `__xss` and counts the page's own elements of each kind a
/// payload could bring, for [`INSPECT_JS`] to compare with.
const ARM_JS: &str = r#"
window.__xssCalls = [];
window.__xss = (n) => { window.__xssCalls.push(n); };
window.__tags = 'script,img,svg,iframe,frame,object,embed,video,audio,source,math,mglyph,isindex,xss,meta,link,style,base,noscript,marquee,input[type=image]';
window.__baseline = {};
for (const tag of window.__tags.split(',')) {
  window.__baseline[tag] = document.querySelectorAll(tag).length;
}
return true;
"#;

/// What ran and what appeared: calls of `__xss`, more elements of a
/// dangerous kind than the page had, and event-handler attributes or
/// script URLs anywhere in the page.
const INSPECT_JS: &str = r#"
const found = [];
for (const tag of window.__tags.split(',')) {
  const now = document.querySelectorAll(tag).length;
  if (now > window.__baseline[tag]) found.push(`${now - window.__baseline[tag]} more ${tag}`);
}
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    const value = a.value.replace(/[\s\u0000]/g, '').toLowerCase();
    if (name.startsWith('on') || name === 'srcdoc' || name === 'formaction'
        || (['href', 'src', 'action', 'data', 'background', 'style'].includes(name)
            && (value.includes('javascript:') || value.includes('expression(')))) {
      found.push(`${el.tagName.toLowerCase()}[${a.name}]`);
    }
  }
}
return { calls: window.__xssCalls, found };
"#;

/// The payloads (by index) that the region `arguments[0]` does not show:
/// its text, with the values of its fields, its option labels and titles.
const MISSING_JS: &str = r#"
const region = document.querySelector(arguments[0]);
if (!region) return null;
let text = region.textContent;
for (const el of region.querySelectorAll('input, textarea')) text += '\n' + el.value;
for (const el of region.querySelectorAll('[title]')) text += '\n' + el.getAttribute('title');
const prefix = arguments[2];
return arguments[1]
  .map((p, i) => [p, i])
  .filter(([p]) => !text.includes(prefix > 0 ? p.slice(0, prefix) : p))
  .map(([, i]) => i);
"#;

async fn assert_nothing_ran(app: &App, step: &str) {
    let seen = app.eval(INSPECT_JS).await;
    assert_eq!(seen["calls"], json!([]), "{step}: a payload ran: {seen}");
    assert_eq!(seen["found"], json!([]), "{step}: payload markup: {seen}");
}

/// Asserts the region shows every payload verbatim (or, with `prefix`, its
/// first `prefix` characters, where the page shows an excerpt).
async fn assert_shows(app: &App, step: &str, css: &str, payloads: &[String], prefix: usize) {
    let missing = app
        .client
        .execute(MISSING_JS, vec![json!(css), json!(payloads), json!(prefix)])
        .await
        .expect("run the text check");
    assert_eq!(
        missing,
        json!([]),
        "{step}: {css} does not show these payloads as text: {:?}",
        missing
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i.as_u64().and_then(|i| payloads.get(i as usize)))
            .collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_is_shown_as_text_everywhere_and_never_runs() {
    let payloads = payloads();
    assert!(payloads.len() >= 30);
    let app = App::open().await;
    app.wait_for("article h2.headline").await;
    app.eval(ARM_JS).await;

    // Opened from a file whose name is a payload too.
    let doc = hostile_document(&payloads);
    let json = formats::export(std::slice::from_ref(&doc), Format::Native)
        .expect("export")
        .remove(0)
        .contents;
    open_file(&app, &temp_file(HOSTILE_NAME, json.as_bytes())).await;
    app.wait_until(
        "the hostile document is loaded",
        "const n = document.querySelector('.status-message'); \
         return !!n && n.textContent.startsWith('Loaded');",
    )
    .await;
    assert_nothing_ran(&app, "loading").await;
    let name = [HOSTILE_NAME.to_string()];
    assert_shows(&app, "the notice", ".status-message", &name, 0).await;
    assert_shows(&app, "the article", "article.article", &payloads, 0).await;
    assert_shows(&app, "the speakers", ".speakers-panel", &payloads, 0).await;
    // Rows show an excerpt of the quoted text, and the speaker's name.
    assert_shows(&app, "the annotation list", ".ann-list", &payloads, 12).await;
    assert_shows(
        &app,
        "the title",
        "#main",
        &[doc.meta.title.clone().unwrap_or_default()],
        0,
    )
    .await;

    // The editor of each quote: its note, speaker and quote type.
    for (i, payload) in payloads.iter().enumerate() {
        // Clicked from the page: the sticky toolbar may cover the row.
        app.eval(&format!(
            "document.getElementById('ann-go-a{i}').click(); return true;"
        ))
        .await;
        app.wait_until(
            "its editor is open",
            &format!(
                "const e = document.getElementById('annotation-editor') || document.querySelector('.ann-editor'); \
                 return !!e && e.getAttribute('aria-label').endsWith(' a{i}');"
            ),
        )
        .await;
        let one = [payload.clone()];
        assert_shows(&app, &format!("the editor of a{i}"), ".ann-editor", &one, 0).await;
    }
    assert_nothing_ran(&app, "the editor").await;

    // The export dialog's preview holds them as data.
    let exported = app.export_native().await;
    assert_eq!(exported["document"]["title"], json!(doc.meta.title));
    let names: Vec<&str> = exported["speakers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        payloads.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_nothing_ran(&app, "the export dialog").await;

    // The documents list names the document by its title.
    app.click_button("Documents").await;
    let title = [doc.meta.title.clone().unwrap_or_default()];
    app.client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::Css("ul.documents-list li"))
        .await
        .expect("the saved documents are listed");
    assert_shows(&app, "the documents list", "#documents-list", &title, 40).await;
    assert_nothing_ran(&app, "the documents list").await;
    app.press(&fantoccini::key::Key::Escape.to_string()).await;
    app.wait_until(
        "the documents dialog is closed",
        "return !document.querySelector('dialog[open]');",
    )
    .await;

    // Import warnings, from a file whose name is a payload: a doccano
    // line holding the first payload, with a class label Attrib does not
    // read. (A file of several documents opens as a corpus instead.)
    let lines: String = payloads
        .iter()
        .take(1)
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}\n",
                json!({"id": i, "text": format!("{p} spoke."), "label": ["opinion"]})
            )
        })
        .collect();
    let corpus_name = "<svg onload=__xss(901)>.jsonl";
    open_file(&app, &temp_file(corpus_name, lines.as_bytes())).await;
    app.wait_or_show(
        "the app asks before replacing the work",
        "return !!document.querySelector('dialog[open]')?.textContent.includes('Replace the current');",
    )
    .await;
    app.click_button("Replace").await;
    app.wait_or_show(
        "the corpus is loaded",
        "return !!document.querySelector('.status-message')?.textContent.startsWith('Loaded');",
    )
    .await;
    app.wait_for("#import-warnings").await;
    app.eval("document.getElementById('import-warnings').open = true; return true;")
        .await;
    let name = [corpus_name.to_string()];
    assert_shows(&app, "the import warnings", "#import-warnings", &name, 0).await;
    assert_shows(&app, "the notice of warnings", ".status-message", &name, 0).await;
    assert_shows(
        &app,
        "the corpus's first article",
        "article.article",
        &payloads[..1],
        0,
    )
    .await;
    assert_nothing_ran(&app, "the import warnings").await;

    // Pasted: the payloads as a new article.
    app.client
        .execute(
            "const t = document.getElementById('article-text'); \
             t.closest('details').open = true; t.value = arguments[0]; return true;",
            vec![json!(format!("Pasted\n\n{}", payloads.join("\n\n")))],
        )
        .await
        .expect("paste");
    // Submitted as the button does (the toolbar may cover the button).
    // The corpus's document has no annotations: nothing to lose, no question.
    app.eval("document.querySelector('.load-panel form').requestSubmit(); return true;")
        .await;
    app.wait_until(
        "the pasted article is shown",
        "return document.querySelector('article.article h2')?.textContent === 'Pasted';",
    )
    .await;
    assert_shows(&app, "the pasted article", "article.article", &payloads, 0).await;
    assert_nothing_ran(&app, "pasting").await;

    let errors = app.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    app.close().await;
}

/// The payloads that can be part of a file's name here (no `/`, NUL or
/// line break; short enough for the file system), each with `.json`.
fn payload_file_names(payloads: &[String]) -> Vec<String> {
    payloads
        .iter()
        .filter(|p| !p.contains(['/', '\0', '\n']) && p.len() < 200 && p.trim() == p.as_str())
        .map(|p| format!("{p}.json"))
        .collect()
}

fn native(doc: &AnnotatedDocument) -> String {
    formats::export(std::slice::from_ref(doc), Format::Native)
        .expect("export")
        .remove(0)
        .contents
}

/// Chooses `paths` in the file input `css`, as a person choosing several
/// files would.
async fn choose_files(app: &App, css: &str, paths: &[std::path::PathBuf]) {
    let chosen: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    app.wait_for(css)
        .await
        .send_keys(&chosen.join("\n"))
        .await
        .expect("choose the files");
}

/// Teachers' and builders' views, everywhere a payload can reach them: an
/// assignment's title and instructions in the student's view; student
/// names and classes (from submission contents and from file names) and an
/// unreadable file's name in the class table; the diff and discussion
/// views; annotator file names on the agreement page and in the
/// adjudication review.
#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_in_teachers_and_builders_views_is_shown_as_text_and_never_runs() {
    use attrib_core::assignment::Assignment;

    let payloads = payloads();
    let key = hostile_document(&payloads);
    let title = [key.meta.title.clone().unwrap_or_default()];

    // The student's view of an assignment whose instructions are every
    // payload, opened from its file.
    let mut assignment = Assignment::new(&key);
    assignment.instructions = payloads.join("\n\n");
    let student = App::open().await;
    student.wait_for("article h2.headline").await;
    student.eval(ARM_JS).await;
    let file = temp_file(
        "<img src=x onerror=__xss(906)>.assignment.json",
        assignment.to_json().expect("an assignment file").as_bytes(),
    );
    open_file(&student, &file).await;
    student.wait_for(".student-bar .instructions").await;
    assert_nothing_ran(&student, "the student's view").await;
    assert_shows(&student, "the instructions", ".student-bar", &payloads, 0).await;
    assert_shows(
        &student,
        "the assignment's title",
        ".student-bar",
        &title,
        0,
    )
    .await;
    assert_shows(
        &student,
        "the student's article",
        "article.article",
        &payloads,
        0,
    )
    .await;
    let errors = student.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    student.close().await;

    // The teacher scores submissions named by their contents (every
    // payload a student's name, and a class) and by their file names, and
    // one file that does not read.
    let teacher = App::open().await;
    teacher.wait_for("article h2.headline").await;
    teacher.eval(ARM_JS).await;
    open_file(&teacher, &temp_file("key.json", native(&key).as_bytes())).await;
    teacher
        .wait_until(
            "the key is loaded",
            "const n = document.querySelector('.status-message'); \
             return !!n && n.textContent.startsWith('Loaded');",
        )
        .await;
    let mut files = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let mut work = key.clone();
        work.annotations.retain(|a| a.id != format!("a{i}"));
        work.meta.annotator = Some(p.clone());
        work.meta.class_id = Some(payloads[(i + 1) % payloads.len()].clone());
        files.push(temp_file(
            &format!("by-contents-{i}.json"),
            native(&work).as_bytes(),
        ));
        names.push(p.trim().to_string());
    }
    let file_names = payload_file_names(&payloads);
    assert!(file_names.len() >= 10, "{file_names:?}");
    for (i, name) in file_names.iter().enumerate() {
        let mut work = key.clone();
        work.annotations.retain(|a| a.id != format!("a{}", i + 1));
        files.push(temp_file(name, native(&work).as_bytes()));
        names.push(name.clone());
    }
    let unreadable = "<svg onload=__xss(905)>.json";
    files.push(temp_file(unreadable, b"{ not json"));
    teacher.click_button("Score students").await;
    choose_files(&teacher, "#submission-files", &files).await;
    teacher
        .wait_or_show(
            "every student is in the class table",
            &format!(
                "return document.querySelectorAll('table.class-table tbody tr').length === {};",
                payloads.len() + file_names.len()
            ),
        )
        .await;
    assert_nothing_ran(&teacher, "the class table").await;
    assert_shows(&teacher, "the class table", "table.class-table", &names, 0).await;
    let trimmed: Vec<String> = payloads.iter().map(|p| p.trim().to_string()).collect();
    assert_shows(&teacher, "the classes", "table.class-table", &trimmed, 0).await;
    let unreadable = [unreadable.to_string()];
    assert_shows(
        &teacher,
        "the unread files",
        ".teach-refused",
        &unreadable,
        0,
    )
    .await;

    // The first student's work against the key.
    teacher
        .eval(
            "document.querySelector('table.class-table button[aria-label^=\"Show \"]').click(); \
             return true;",
        )
        .await;
    teacher.wait_for(".diff-view .df-missed").await;
    assert_nothing_ran(&teacher, "the diff view").await;
    assert_shows(&teacher, "the diff view", ".diff-view", &payloads, 0).await;
    crate::teach::press_button(&teacher, "Back to the class table").await;

    // The discussion: the article shaded, and who marked a stretch.
    crate::teach::press_button(&teacher, "Discussion").await;
    teacher.wait_for(".heat-map .heat").await;
    assert_shows(&teacher, "the discussion", ".discussion-view", &payloads, 0).await;
    teacher
        .eval("document.querySelector('.heat-map .heat').click(); return true;")
        .await;
    teacher.wait_for(".heat-details").await;
    assert_nothing_ran(&teacher, "the discussion").await;
    let details = teacher
        .eval("return document.querySelector('.heat-details').textContent;")
        .await;
    let details = details.as_str().unwrap_or_default();
    assert!(
        names.iter().any(|n| details.contains(n.as_str())),
        "the stretch's details name its students as text: {details}"
    );
    let errors = teacher.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    teacher.close().await;

    // A builder compares two annotators whose files are named by payloads
    // and whose documents name them by payloads too, and adjudicates.
    let builder = App::open().await;
    builder.wait_for("article h2.headline").await;
    builder.eval(ARM_JS).await;
    let (left, right) = (&file_names[0], &file_names[1]);
    let mut ann = key.clone();
    ann.annotations.retain(|a| a.id != "a0");
    ann.meta.annotator = Some(payloads[0].clone());
    let mut bob = key.clone();
    bob.annotations.retain(|a| a.id != "a1");
    bob.annotations[1].quote_type = Some(payloads[3].clone());
    bob.meta.annotator = Some(payloads[1].clone());
    let versions = [
        temp_file(left, native(&ann).as_bytes()),
        temp_file(right, native(&bob).as_bytes()),
    ];
    builder.click_button("Agreement").await;
    choose_files(&builder, "#annotator-files", &versions).await;
    builder.wait_for("table.figures").await;
    assert_nothing_ran(&builder, "the agreement page").await;
    let both = [left.clone(), right.clone()];
    assert_shows(&builder, "the agreement page", "#main", &both, 0).await;

    crate::teach::press_button(&builder, "Adjudicate").await;
    builder.wait_for(".adjudication-review h3").await;
    builder
        .wait_until(
            "the review has the keyboard focus",
            "return document.activeElement && document.activeElement.id === 'adjudication-review';",
        )
        .await;
    for decided in 1..=3 {
        assert_nothing_ran(&builder, "the adjudication review").await;
        let review = builder
            .eval("return document.querySelector('.adjudication-review').textContent;")
            .await;
        let review = review.as_str().unwrap_or_default();
        assert!(
            both.iter().any(|n| review.contains(n.as_str())),
            "the review names the annotators' files as text: {review}"
        );
        builder.press("l").await;
        builder
            .wait_until(
                &format!("{decided} of 3 disagreements are decided"),
                &format!(
                    "return document.querySelector('.adjudication-progress').textContent\
                     .startsWith('{decided} of 3 disagreements decided');"
                ),
            )
            .await;
    }
    assert_shows(&builder, "the list of disagreements", "#main", &both, 0).await;
    assert_nothing_ran(&builder, "the adjudication review").await;
    let errors = builder.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    builder.close().await;
}
