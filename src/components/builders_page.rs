//! The dataset builders' page, shown instead of the workbench: the
//! annotators' files (each file one annotator; documents matched by the
//! SHA-256 of their text), the agreement figures with a one-line
//! explanation each (named as `attrib agree --json` names them), the
//! documents not compared and why, and the per-document breakdown worst
//! first, from which a document's disagreements between two annotators
//! are reviewed (`AdjudicationView`).

use std::rc::Rc;

use attrib_core::agree::{Agreement, Figure};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::builders::{BuildMsg, BuildView};
use crate::components::adjudication_view::AdjudicationView;
use crate::opening::{files_of, open_annotators, ACCEPT};
use crate::props::PanelProps;
use crate::state::Msg;

/// The figures the per-document breakdown shows (as `attrib agree`'s
/// table does).
const DOCUMENT_COLUMNS: [&str; 4] = [
    "f1_overlap.all",
    "alpha.all",
    "f1_overlap.quote",
    "speaker_agreement.quote",
];

/// A figure as the table shows it: three decimals, or a dash.
pub(crate) fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

fn build(msg: BuildMsg) -> Msg {
    Msg::Build(msg)
}

#[component]
pub(crate) fn BuildersPage(props: &PanelProps) -> Html {
    let d = &props.dispatch;
    let b = &props.state.builders;
    if b.view == Some(BuildView::Review) && b.review.is_some() {
        return html! { <AdjudicationView ..props.clone() /> };
    }
    let onfiles = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files = files_of(input.files());
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = open_annotators(files).await;
                d.emit(build(BuildMsg::AddAnnotators(read)));
            });
        })
    };
    let add_current = {
        let workspace = props.state.workspace.clone();
        d.reform(move |_| build(BuildMsg::AddCurrent(Rc::new(workspace.document().clone()))))
    };
    let onoverlap = d.reform(|e: Event| {
        let typed = e
            .target_dyn_into::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default();
        build(BuildMsg::SetOverlap(typed))
    });
    let (left, right) = b.pair;
    let pick = |side: usize| {
        d.reform(move |e: Event| {
            let i: usize = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(0);
            build(if side == 0 {
                BuildMsg::SetPair(i, right)
            } else {
                BuildMsg::SetPair(left, i)
            })
        })
    };
    let options = |chosen: usize| -> Html {
        b.annotators
            .iter()
            .enumerate()
            .map(|(i, a)| {
                html! { <option value={i.to_string()} selected={i == chosen}>{ a.name.clone() }</option> }
            })
            .collect()
    };
    let back = d.reform(|_| build(BuildMsg::Show(None)));
    html! {
        <main id="main" class="teach-page builders-page">
            <div class="teach-nav">
                <h2>{ "Agreement between annotators" }</h2>
                <div class="tool-group">
                    if b.review.is_some() {
                        <button type="button" onclick={d.reform(|_| build(BuildMsg::Show(Some(BuildView::Review))))}>
                            { "Back to the review" }
                        </button>
                    }
                    <button type="button" onclick={back}>{ "Back to annotating" }</button>
                </div>
            </div>
            <p class="hint">{ "Add one file per annotator (a document or a JSONL corpus, in any format Attrib opens). \
                Documents are matched by the SHA-256 of their text. The files stay on this computer." }</p>
            <div class="teach-files">
                <label for="annotator-files">{ "Add annotators' files" }</label>
                <input id="annotator-files" type="file" multiple=true accept={ACCEPT} onchange={onfiles} />
                <button type="button" onclick={add_current}
                        title="Use the document you are annotating as one annotator, or as a draft gold">
                    { "Add the current document" }
                </button>
                <label for="agreement-overlap">{ "Overlap for a match" }</label>
                <input id="agreement-overlap" type="text" inputmode="decimal" size="5"
                       value={b.overlap.to_string()} onchange={onoverlap}
                       aria-describedby="agreement-overlap-hint" />
                <span id="agreement-overlap-hint" class="hint">{ "(|intersection| / |union| of code points, above 0 and at most 1)" }</span>
            </div>
            if let Some(problem) = &b.problem {
                <p class="export-error" role="alert">{ problem.clone() }</p>
            }
            if !b.unread.is_empty() {
                <ul class="teach-refused" aria-label="Files not read">
                    { for b.unread.iter().map(|u| html! { <li>{ u.clone() }</li> }) }
                </ul>
            }
            if b.annotators.is_empty() {
                <p>{ "No annotators yet: add two or more files." }</p>
            } else {
                <ul class="annotator-list" aria-label="Annotators">
                    { for b.annotators.iter().enumerate().map(|(i, a)| html! {
                        <li>
                            <span>{ format!("{} — {}", a.name, documents(a.documents.len())) }</span>
                            <button type="button" aria-label={format!("Remove {}", a.name)}
                                    onclick={d.reform(move |_| build(BuildMsg::RemoveAnnotator(i)))}>{ "Remove" }</button>
                        </li>
                    }) }
                </ul>
            }
            { match &b.agreement {
                None if b.annotators.len() == 1 => html! { <p>{ "Add a second annotator's file to compare." }</p> },
                None => html! {},
                Some(agreement) => html! {
                    <>
                        <FiguresTable agreement={agreement.clone()} />
                        if !agreement.unmatched.is_empty() {
                            <h3>{ "Not compared" }</h3>
                            <ul class="unmatched" aria-label="Documents not compared">
                                { for agreement.unmatched.iter().map(|u| html! {
                                    <li>{ format!("{}: document “{}”: {}.", u.annotator, u.document, u.reason) }</li>
                                }) }
                            </ul>
                        }
                        <h3 id="per-document-heading">{ "Per document, worst first" }</h3>
                        <div class="teach-files" role="group" aria-label="Annotators to adjudicate">
                            <label for="adjudicate-left">{ "Adjudicate" }</label>
                            <select id="adjudicate-left" onchange={pick(0)}>{ options(left) }</select>
                            <label for="adjudicate-right">{ "against" }</label>
                            <select id="adjudicate-right" onchange={pick(1)}>{ options(right) }</select>
                        </div>
                        <table class="class-table per-document" aria-labelledby="per-document-heading">
                            <thead><tr>
                                <th scope="col">{ "document" }</th>
                                { for DOCUMENT_COLUMNS.iter().map(|c| html! { <th scope="col"><code>{ *c }</code></th> }) }
                                <th scope="col">{ "missing" }</th>
                                <th scope="col">{ "review" }</th>
                            </tr></thead>
                            <tbody>
                                { for agreement.documents.iter().map(|doc| {
                                    let names = (b.annotators.get(left).map(|a| a.name.clone()),
                                                 b.annotators.get(right).map(|a| a.name.clone()));
                                    let both = matches!(&names, (Some(l), Some(r))
                                        if doc.annotators.contains(l) && doc.annotators.contains(r));
                                    let sha = doc.sha256.clone();
                                    html! {
                                        <tr>
                                            <th scope="row">{ doc.id.clone() }</th>
                                            { for DOCUMENT_COLUMNS.iter().map(|c| html! {
                                                <td>{ number(doc.figure(c).and_then(|f| f.value)) }</td>
                                            }) }
                                            <td>{ doc.missing.join(", ") }</td>
                                            <td>
                                                <button type="button" disabled={!both}
                                                        aria-label={format!("Adjudicate {}", doc.id)}
                                                        onclick={d.reform(move |_| build(BuildMsg::Review(sha.clone())))}>
                                                    { "Adjudicate" }
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </>
                },
            } }
        </main>
    }
}

fn documents(n: usize) -> String {
    if n == 1 {
        "1 document".into()
    } else {
        format!("{n} documents")
    }
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    agreement: Rc<Agreement>,
}

/// Every figure over all compared documents: its name, value, what it
/// rests on and what it measures (or why it is undefined).
#[component]
fn FiguresTable(props: &FiguresProps) -> Html {
    let a = &props.agreement;
    let row = |f: &Figure| {
        let what = match &f.undefined {
            Some(why) => format!("undefined: {why}. {}", f.explanation()),
            None => f.explanation(),
        };
        html! {
            <tr data-figure={f.name.clone()}>
                <th scope="row"><code>{ f.name.clone() }</code></th>
                <td class="figure-value">{ number(f.value) }</td>
                <td>{ f.n }</td>
                <td class="figure-explanation">{ what }</td>
            </tr>
        }
    };
    html! {
        <table class="class-table figures" aria-describedby="figures-caption">
            <caption id="figures-caption">{ format!(
                "{} annotators ({}), overlap ≥ {}: {} compared, {} not compared",
                a.annotators.len(), a.annotators.join(", "), a.overlap,
                documents(a.documents.len()), a.unmatched.len()) }</caption>
            <thead><tr>
                <th scope="col">{ "figure" }</th>
                <th scope="col">{ "value" }</th>
                <th scope="col">{ "n" }</th>
                <th scope="col">{ "what it measures" }</th>
            </tr></thead>
            <tbody>{ for a.figures.iter().map(row) }</tbody>
        </table>
    }
}
