//! The teaching page, shown instead of the workbench: for a teacher, the
//! key, the students' files, the scoring settings and one of the class
//! table, a student's work against the key, or the class discussion; for a
//! student with self-check, their own work against the hidden key.

use std::rc::Rc;

use attrib_core::assignment::Submission;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::files::{download, file_name};
use crate::components::class_table::ClassTableView;
use crate::components::diff_view::DiffView;
use crate::components::discussion_view::DiscussionView;
use crate::components::scoring_settings::ScoringSettings;
use crate::opening::{files_of, open_each, open_files};
use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::{TeachMsg, TeachView};

/// The files of a file input's change event, the input emptied so the same
/// files can be chosen again.
fn chosen_files(e: &Event) -> Vec<web_sys::File> {
    let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
        return Vec::new();
    };
    let files = files_of(input.files());
    input.set_value("");
    files
}

#[component]
pub(crate) fn TeachPage(props: &PanelProps) -> Html {
    let d = &props.dispatch;
    let teaching = &props.state.teaching;
    let back = d.reform(|_| Msg::Teach(TeachMsg::Show(None)));
    let nothing = html! {
        <main id="main" class="teach-page">
            <p>{ "There is nothing to score or check here any more." }</p>
            <button type="button" onclick={back.clone()}>{ "Back to annotating" }</button>
        </main>
    };
    if teaching.view == Some(TeachView::SelfCheck) {
        let Some(key) = teaching
            .student
            .as_ref()
            .and_then(|s| s.assignment.key.clone())
        else {
            return nothing;
        };
        let work = Rc::new(Submission {
            student: "you".into(),
            class_id: None,
            document: props.state.document().clone(),
        });
        return html! {
            <main id="main" class="teach-page">
                <div class="teach-nav">
                    <h2>{ "Check my work" }</h2>
                    <button type="button" onclick={back}>{ "Back to my work" }</button>
                </div>
                <DiffView answer={Rc::new(key)} {work} threshold={attrib_core::score::DEFAULT_THRESHOLD}
                          title="Your work against the teacher's key" />
            </main>
        };
    }
    let Some(scoring) = teaching.scoring.as_ref() else {
        return nothing;
    };
    let view = teaching.view.clone().unwrap_or(TeachView::Class);
    let show = |v: TeachView| d.reform(move |_| Msg::Teach(TeachMsg::Show(Some(v.clone()))));
    let key_title = scoring
        .key
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "the article".into());

    let onsubmissions = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let files = chosen_files(&e);
            if files.is_empty() {
                return;
            }
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = open_each(files).await;
                d.emit(Msg::Teach(TeachMsg::AddSubmissions(read)));
            });
        })
    };
    let onkey = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let files = chosen_files(&e);
            let Some(name) = files.first().map(|f| f.name()) else {
                return;
            };
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                d.emit(match open_files(files).await {
                    Ok(opened) => Msg::Teach(TeachMsg::StartScoring {
                        key: Rc::new(opened.document),
                        source: format!("“{name}”"),
                    }),
                    Err(message) => Msg::error(message),
                });
            });
        })
    };
    let oncsv = {
        let d = d.clone();
        let table = scoring.table();
        let name = file_name(Some(&format!("{key_title} scores")), "csv");
        Callback::from(move |_: MouseEvent| {
            let result = table
                .to_csv()
                .map_err(|e| e.to_string())
                .and_then(|csv| download(&name, "text/csv;charset=utf-8", &csv));
            d.emit(match result {
                Ok(()) => Msg::info(format!("Downloaded {name}.")),
                Err(why) => Msg::error(format!("Could not export the class table: {why}.")),
            });
        })
    };
    let table = scoring.table();
    let tab = |v: TeachView, label: &'static str| {
        let current = view == v || matches!((&view, &v), (TeachView::Diff(_), TeachView::Class));
        html! {
            <button type="button" aria-current={current.then_some("page")} onclick={show(v)}>{ label }</button>
        }
    };

    html! {
        <main id="main" class="teach-page">
            <div class="teach-nav">
                <h2>{ format!("Scoring “{key_title}”") }</h2>
                <nav aria-label="Scoring views" class="tool-group">
                    { tab(TeachView::Class, "Class table") }
                    { tab(TeachView::Discussion, "Discussion") }
                    <button type="button" onclick={back}>{ "Back to annotating" }</button>
                    <button type="button" onclick={d.reform(|_| Msg::Teach(TeachMsg::StopScoring))}>{ "Stop scoring" }</button>
                </nav>
            </div>
            <p class="hint">{ format!(
                "The key is {} ({} annotations). Students' files stay on this computer; nothing is uploaded.",
                scoring.key_source, scoring.key.annotations.len()) }</p>
            <div class="teach-files">
                <label for="submission-files">{ "Add students' files" }</label>
                <input id="submission-files" type="file" multiple=true accept=".json" onchange={onsubmissions} />
                <label for="key-file">{ "Use another key file" }</label>
                <input id="key-file" type="file" accept=".json,.jsonl,.ann,.csv" onchange={onkey}
                       aria-describedby="key-file-hint" />
                <span id="key-file-hint" class="hint">{ "(the students' files stay)" }</span>
            </div>
            if let Some(problem) = &scoring.problem {
                <p class="export-error" role="alert">{ problem.clone() }</p>
            }
            if !scoring.unread.is_empty() || !table.refused.is_empty() {
                <ul class="teach-refused" aria-label="Files not scored">
                    { for scoring.unread.iter().map(|u| html! { <li>{ u.reason.clone() }</li> }) }
                    { for table.refused.iter().map(|r| html! { <li>{ format!("{}: {}.", r.student, r.reason) }</li> }) }
                </ul>
            }
            <ScoringSettings ..props.clone() />
            { match view {
                TeachView::Diff(student) => match scoring.submission(&student) {
                    Some(work) => html! {
                        <>
                            <button type="button" onclick={show(TeachView::Class)}>{ "Back to the class table" }</button>
                            <DiffView answer={scoring.key.clone()} work={Rc::new(work.clone())} threshold={scoring.threshold}
                                      kinds={scoring.scored_kinds()}
                                      title={format!("{student}'s work against the key")} />
                        </>
                    },
                    None => html! { <ClassTableView ..props.clone() /> },
                },
                TeachView::Discussion => html! { <DiscussionView ..props.clone() /> },
                TeachView::Class | TeachView::SelfCheck => html! {
                    <>
                        <ClassTableView ..props.clone() />
                        <div class="modal-actions">
                            <button type="button" onclick={oncsv} disabled={table.rows.is_empty()}>{ "Export CSV" }</button>
                        </div>
                    </>
                },
            } }
        </main>
    }
}
