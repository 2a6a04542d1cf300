//! The class table: one row per student (F1, precision, recall, found,
//! missed, extra, speaker and stance accuracy, level), sorted by clicking
//! (or pressing Enter on) a column header; each row's level can be set by
//! the teacher with a comment, and each student's work opened against the
//! key.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::sort::sorted;
use crate::teaching::{Column, TeachMsg, TeachView};

/// 0.667 → "67%"; nothing checked → "—".
fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

#[component]
pub(crate) fn ClassTableView(props: &PanelProps) -> Html {
    let Some(scoring) = props.state.teaching.scoring.as_ref() else {
        return html! {};
    };
    let d = &props.dispatch;
    let table = scoring.table();
    let rows = sorted(&table.rows, scoring.sort, scoring.ascending);
    let header = |column: Column| {
        let sort = if scoring.sort == column {
            if scoring.ascending {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        };
        html! {
            <th scope="col" aria-sort={sort}>
                <button type="button" class="sort" title={format!("Sort by {}", column.title().to_lowercase())}
                        onclick={d.reform(move |_| Msg::Teach(TeachMsg::SortBy(column)))}>
                    { column.title() }
                    <span aria-hidden="true">{ match sort { "ascending" => " ▲", "descending" => " ▼", _ => "" } }</span>
                </button>
            </th>
        }
    };
    let levels: Vec<String> = scoring
        .rubric
        .levels
        .iter()
        .map(|l| l.name.clone())
        .collect();
    if rows.is_empty() {
        return html! {
            <p class="hint">{ "No students' work yet: add their submission files above." }</p>
        };
    }
    html! {
        <table class="class-table" aria-label="Class scores">
            <thead>
                <tr>
                    { for Column::ALL.into_iter().map(header) }
                    <th scope="col">{ "Comment" }</th>
                    <th scope="col">{ "Work" }</th>
                </tr>
            </thead>
            <tbody>
                { for rows.into_iter().map(|row| {
                    let student = row.student.clone();
                    let comment = row.comment.clone();
                    let level = if row.overridden { row.level.clone() } else { String::new() };
                    let onlevel = {
                        let (student, comment) = (student.clone(), comment.clone());
                        d.reform(move |e: Event| Msg::Teach(TeachMsg::SetOverride {
                            student: student.clone(),
                            level: e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default(),
                            comment: comment.clone(),
                        }))
                    };
                    let oncomment = {
                        let (student, level) = (student.clone(), level.clone());
                        d.reform(move |e: Event| Msg::Teach(TeachMsg::SetOverride {
                            student: student.clone(),
                            level: level.clone(),
                            comment: e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default(),
                        }))
                    };
                    let show = {
                        let student = student.clone();
                        d.reform(move |_| Msg::Teach(TeachMsg::Show(Some(TeachView::Diff(student.clone())))))
                    };
                    let remove = {
                        let student = student.clone();
                        d.reform(move |_| Msg::Teach(TeachMsg::RemoveSubmission(student.clone())))
                    };
                    html! {
                        <tr>
                            <th scope="row">
                                { student.clone() }
                                if let Some(class) = row.class_id.as_deref().filter(|c| !c.is_empty()) {
                                    <span class="class-id">{ format!(" ({class})") }</span>
                                }
                            </th>
                            <td>{ percent(Some(row.f1)) }</td>
                            <td>{ percent(Some(row.precision)) }</td>
                            <td>{ percent(Some(row.recall)) }</td>
                            <td>{ row.found }</td>
                            <td>{ row.missed }</td>
                            <td>{ row.extra }</td>
                            <td>{ percent(row.speaker_accuracy) }</td>
                            <td>{ percent(row.stance_accuracy) }</td>
                            <td>
                                <select aria-label={format!("Level of {student}")} onchange={onlevel}>
                                    <option value="" selected={!row.overridden}>{ format!("{} (rubric)", row.rubric_level) }</option>
                                    { for levels.iter().map(|l| html! {
                                        <option value={l.clone()} selected={row.overridden && &row.level == l}>{ l.clone() }</option>
                                    }) }
                                </select>
                            </td>
                            <td>
                                <input type="text" aria-label={format!("Comment on {student}")}
                                       value={comment} onchange={oncomment} />
                            </td>
                            <td class="row-actions">
                                <button type="button" aria-label={format!("Show {student}'s work")} onclick={show}>{ "Show" }</button>
                                <button type="button" aria-label={format!("Remove {student}'s work")} onclick={remove}>{ "Remove" }</button>
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{find, mount, scoring_state, text_of};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn every_header_sorts_by_keyboard_and_every_row_control_is_named() {
        let mut m = mount::<ClassTableView>(scoring_state()).await;
        assert_eq!(text_of(&m.root, "tbody tr th"), "Ana");
        let sorted = find(&m.root, "th[aria-sort=ascending]");
        assert!(sorted
            .text_content()
            .unwrap_or_default()
            .starts_with("Student"));
        let f1 = find(&m.root, "th:nth-child(2) button");
        assert_eq!(f1.get_attribute("title").as_deref(), Some("Sort by f1"));
        // A native button: Enter and Space click it (the e2e test presses Enter).
        f1.dyn_ref::<web_sys::HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
        assert_eq!(m.last(), Some(Msg::Teach(TeachMsg::SortBy(Column::F1))));
        m.apply_sent().await;
        assert!(find(&m.root, "th[aria-sort=descending]")
            .text_content()
            .unwrap_or_default()
            .starts_with("F1"));
        for name in [
            "Level of Ana",
            "Comment on Ana",
            "Show Ana's work",
            "Remove Ben's work",
        ] {
            find(&m.root, &format!("[aria-label=\"{name}\"]"));
        }
    }

    #[wasm_bindgen_test]
    async fn a_teachers_level_shows_in_the_row() {
        let mut m = mount::<ClassTableView>(scoring_state()).await;
        crate::components::test_support::change_select(
            &m.root,
            "[aria-label=\"Level of Ben\"]",
            "Mastery",
        )
        .await;
        m.apply_sent().await;
        let ben = m.state.teaching.scoring.as_ref().unwrap().table();
        let row = ben.rows.iter().find(|r| r.student == "Ben").unwrap();
        assert_eq!(row.level, "Mastery");
        assert!(row.overridden);
    }
}
