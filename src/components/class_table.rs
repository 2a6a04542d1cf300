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
                            <th scope="row">{ student.clone() }</th>
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
