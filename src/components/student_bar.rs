//! The assignment bar a student sees above the article: the teacher's
//! instructions and what to mark, a "Your name" field and an optional
//! "Class ID" field (kept in the document's metadata), "Hand in"
//! (downloads the submission: an Attrib JSON file named after the article,
//! the student and the class ID if given) and, with self-check, "Check my
//! work".

use attrib_core::assignment::{submission_file_name, Submission};
use attrib_core::formats::{self, Format};
use attrib_core::workspace::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::files::download;
use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::{TeachMsg, TeachView};
use crate::view::kind_name;

/// The id of the name field (focus goes there when the name is missing).
pub(crate) const NAME_ID: &str = "student-name";
/// The id of the optional class ID field.
pub(crate) const CLASS_ID: &str = "student-class";

/// The typed text, trimmed; `None` when nothing was typed.
fn typed(e: &Event) -> Option<String> {
    let input = e.target_dyn_into::<HtmlInputElement>()?;
    let typed = input.value().trim().to_string();
    (!typed.is_empty()).then_some(typed)
}

#[component]
pub(crate) fn StudentBar(props: &PanelProps) -> Html {
    let name_ref = use_node_ref();
    let Some(student) = props.state.teaching.student.clone() else {
        return html! {};
    };
    let assignment = student.assignment.clone();
    let doc = props.state.document();
    let title = doc
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "the article".into());
    let d = &props.dispatch;
    let name = doc.meta.annotator.clone().unwrap_or_default();
    let class_id = doc.meta.class_id.clone().unwrap_or_default();

    let onchange = {
        let meta = doc.meta.clone();
        d.reform(move |e: Event| {
            let mut meta = meta.clone();
            meta.annotator = typed(&e);
            Msg::Apply(Action::SetMetadata { meta })
        })
    };
    let onclass = {
        let meta = doc.meta.clone();
        d.reform(move |e: Event| {
            let mut meta = meta.clone();
            meta.class_id = typed(&e);
            Msg::Apply(Action::SetMetadata { meta })
        })
    };
    let onhandin = {
        let d = d.clone();
        let doc = doc.clone();
        let title = title.clone();
        let name_ref = name_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(input) = name_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let student = input.value().trim().to_string();
            if student.is_empty() {
                let _ = input.focus();
                d.emit(Msg::error(
                    "Type your name first, so your teacher knows whose work this is; then \
                     press Hand in again.",
                ));
                return;
            }
            let class_id = doc
                .meta
                .class_id
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string);
            let file = submission_file_name(&student, class_id.as_deref(), &title);
            let submission = Submission {
                student,
                class_id,
                document: doc.clone(),
            };
            let exported = formats::export(&[submission.to_document()], Format::Native);
            let result = match exported.as_deref() {
                Ok([json, ..]) => download(&file, json.mime, &json.contents),
                Ok([]) => Err("nothing was exported".to_string()),
                Err(e) => Err(e.to_string()),
            };
            d.emit(match result {
                Ok(()) => Msg::info(format!(
                    "Downloaded “{file}”. Send this file to your teacher (your work stays \
                     saved here too)."
                )),
                Err(why) => Msg::error(format!(
                    "Could not hand in: {why}. Your work is saved here; try again, or use \
                     Export to save it as Attrib JSON."
                )),
            });
        })
    };
    let kinds = assignment
        .kinds
        .iter()
        .map(kind_name)
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <section class="student-bar" aria-labelledby="student-bar-title">
            <h2 id="student-bar-title">{ format!("Assignment: {title}") }</h2>
            if !assignment.instructions.is_empty() {
                <p class="instructions">{ assignment.instructions.clone() }</p>
            }
            <p class="hint">{ format!("Mark: {kinds}.") }</p>
            <div class="student-actions">
                <label for={NAME_ID}>{ "Your name" }</label>
                <input ref={name_ref} id={NAME_ID} type="text" autocomplete="name"
                       value={name} {onchange} />
                <label for={CLASS_ID}>{ "Class ID (optional)" }</label>
                <input id={CLASS_ID} type="text" autocomplete="off" size="8"
                       value={class_id} onchange={onclass} />
                <button type="button" class="primary" onclick={onhandin}>{ "Hand in" }</button>
                if assignment.key.is_some() {
                    <button type="button"
                            onclick={d.reform(|_| Msg::Teach(TeachMsg::Show(Some(TeachView::SelfCheck))))}>
                        { "Check my work" }
                    </button>
                }
            </div>
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use std::rc::Rc;

    use crate::components::test_support::{click, focused_id, mount, sample_state, text_of};
    use crate::state::NoticeLevel;
    use attrib_core::assignment::Assignment;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn student_state() -> crate::state::AppState {
        let mut state = sample_state();
        let mut assignment = Assignment::new(state.document());
        assignment.instructions = "Mark every quote.".into();
        assignment.set_key(&state.document().clone()).unwrap();
        state.update(Msg::StartAssignment(Rc::new(assignment)));
        state
    }

    #[wasm_bindgen_test]
    async fn the_bar_shows_the_instructions_and_asks_for_a_name_before_handing_in() {
        let m = mount::<StudentBar>(student_state()).await;
        assert_eq!(text_of(&m.root, ".instructions"), "Mark every quote.");
        assert_eq!(
            text_of(&m.root, &format!("label[for={NAME_ID}]")),
            "Your name"
        );
        assert_eq!(
            text_of(&m.root, &format!("label[for={CLASS_ID}]")),
            "Class ID (optional)"
        );
        click(&m.root, ".student-actions button.primary").await;
        let Some(Msg::Notify(notice)) = m.last() else {
            panic!("a message: {:?}", m.last());
        };
        assert_eq!(notice.level, NoticeLevel::Error);
        assert!(notice.text.starts_with("Type your name"), "{}", notice.text);
        assert_eq!(focused_id(), NAME_ID);
    }

    #[wasm_bindgen_test]
    async fn a_class_id_typed_goes_into_the_documents_metadata_and_an_empty_one_out() {
        use crate::components::test_support::commit_input;
        let mut m = mount::<StudentBar>(student_state()).await;
        commit_input(&m.root, &format!("#{CLASS_ID}"), " 7B ").await;
        m.apply_sent().await;
        assert_eq!(m.state.document().meta.class_id.as_deref(), Some("7B"));
        commit_input(&m.root, &format!("#{CLASS_ID}"), "  ").await;
        m.apply_sent().await;
        assert_eq!(m.state.document().meta.class_id, None);
    }

    #[wasm_bindgen_test]
    async fn check_my_work_opens_the_self_check() {
        let m = mount::<StudentBar>(student_state()).await;
        let buttons = m.root.query_selector_all("button").unwrap();
        let check = (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().as_deref() == Some("Check my work"))
            .expect("a Check my work button");
        check.dyn_into::<web_sys::HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
        assert_eq!(
            m.last(),
            Some(Msg::Teach(TeachMsg::Show(Some(TeachView::SelfCheck))))
        );
    }
}
