//! The adjudication review: one document's disagreements between two
//! annotators, one at a time in reading order, each decided by a key —
//! L take the left, R take the right, B both, N neither, E keep to edit —
//! or its button (keys work anywhere on the page); J/K or the arrow keys
//! move, F finishes; the automatic agreements
//! need no decision. Finishing loads the adjudicated document.

use attrib_core::adjudicate::{Decision, Disagreement, Found};
use attrib_core::model::AnnotatedDocument;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::builders::{BuildMsg, Choice, Review};
use crate::props::PanelProps;
use crate::state::Msg;
use crate::view::{describe, kind_name, readable};

/// The id of the review's focusable region (keys are read there).
pub(crate) const REVIEW_ID: &str = "adjudication-review";

/// The message a key press in the review stands for, if any.
pub(crate) fn key_message(key: &str, done: bool) -> Option<BuildMsg> {
    Some(match key {
        "l" | "L" => BuildMsg::Choose(Choice::Take(Decision::Left)),
        "r" | "R" => BuildMsg::Choose(Choice::Take(Decision::Right)),
        "b" | "B" => BuildMsg::Choose(Choice::Take(Decision::Both)),
        "n" | "N" => BuildMsg::Choose(Choice::Take(Decision::Neither)),
        "e" | "E" => BuildMsg::Choose(Choice::Edit),
        "j" | "J" | "ArrowDown" | "ArrowRight" => BuildMsg::Step(1),
        "k" | "K" | "ArrowUp" | "ArrowLeft" => BuildMsg::Step(-1),
        "f" | "F" if done => BuildMsg::Finish,
        _ => return None,
    })
}

/// What a disagreement is, in a few words.
fn what(d: &Disagreement, review: &Review) -> String {
    let kind = kind_name(&d.kind);
    match d.found {
        Found::LeftOnly => format!("{kind} only {} marked", review.left_name),
        Found::RightOnly => format!("{kind} only {} marked", review.right_name),
        Found::Different => format!(
            "{kind} both marked, differing in {}",
            d.differences
                .iter()
                .map(|f| readable(f))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One side's annotation: its text and its description, or that the
/// annotator did not mark it.
fn side(name: &str, doc: &AnnotatedDocument, index: Option<usize>, key: &str) -> Html {
    let body = match index.and_then(|i| doc.annotations.get(i)) {
        Some(a) => {
            let text: Vec<&str> = a.spans.iter().filter_map(|s| doc.text.slice(*s)).collect();
            html! {
                <>
                    <blockquote>{ text.join(" … ") }</blockquote>
                    <p>{ describe(doc, a) }</p>
                </>
            }
        }
        None => html! { <p class="hint">{ format!("{name} did not mark this.") }</p> },
    };
    html! {
        <section class="adjudication-side" aria-label={format!("{name}'s version")}>
            <h4>{ format!("{name} ({key})") }</h4>
            { body }
        </section>
    }
}

#[component]
pub(crate) fn AdjudicationView(props: &PanelProps) -> Html {
    let d = &props.dispatch;
    let region = use_node_ref();
    {
        // Keys are read in the review's region: focus it when it opens.
        let region = region.clone();
        use_effect_with((), move |_| {
            if let Some(el) = region.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let Some(review) = props.state.builders.review.as_ref() else {
        return html! {};
    };
    let build = |msg: BuildMsg| Msg::Build(msg);
    let done = review.is_done();
    let onkeydown = {
        let d = d.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            if let Some(msg) = key_message(&e.key(), done) {
                e.prevent_default();
                d.emit(Msg::Build(msg));
            }
        })
    };
    let n = review.choices.len();
    let title = review
        .left
        .meta
        .title
        .clone()
        .unwrap_or_else(|| review.left.meta.id.clone());
    let agreed = review.comparison.agreed.len();
    let current = review.comparison.disagreements.get(review.current);
    let choice_button = |label: String, key: &'static str, choice: Choice| {
        let chosen = review.choices.get(review.current).copied().flatten() == Some(choice);
        html! {
            <button type="button" aria-keyshortcuts={key} aria-pressed={chosen.to_string()}
                    onclick={d.reform(move |_| Msg::Build(BuildMsg::Choose(choice)))}>
                { label }<kbd>{ key }</kbd>
            </button>
        }
    };
    html! {
        <main id="main" class="teach-page adjudication" {onkeydown}>
            <div class="teach-nav">
                <h2>{ format!("Adjudicating “{title}”: {} against {}", review.left_name, review.right_name) }</h2>
                <button type="button" onclick={d.reform(move |_| build(BuildMsg::StopReview))}>{ "Back to the figures" }</button>
            </div>
            <p class="adjudication-progress" role="status" aria-live="polite">{ format!(
                "{} of {} decided; {} taken automatically.",
                review.decided(), plural(n, "disagreement"), plural(agreed, "agreement")) }</p>
            <div id={REVIEW_ID} ref={region} tabindex="0" class="adjudication-review"
                 aria-label="Disagreement under review: L take left, R take right, B both, N neither, E keep to edit, J or K to move, F to finish">
                { match current {
                    None => html! { <p>{ "The two versions agree everywhere: there is nothing to decide. Finish to make the adjudicated document." }</p> },
                    Some(dis) => html! {
                        <>
                            <h3>{ format!("Disagreement {} of {}: {}", review.current + 1, n, what(dis, review)) }</h3>
                            <div class="adjudication-sides">
                                { side(&review.left_name, &review.left, dis.left, "L") }
                                { side(&review.right_name, &review.right, dis.right, "R") }
                            </div>
                            <div class="tool-group" role="group" aria-label="Decide">
                                { choice_button(format!("Take {}'s ", review.left_name), "L", Choice::Take(Decision::Left)) }
                                { choice_button(format!("Take {}'s ", review.right_name), "R", Choice::Take(Decision::Right)) }
                                { choice_button("Both ".into(), "B", Choice::Take(Decision::Both)) }
                                { choice_button("Neither ".into(), "N", Choice::Take(Decision::Neither)) }
                                { choice_button("Keep to edit ".into(), "E", Choice::Edit) }
                            </div>
                            <div class="tool-group" role="group" aria-label="Move">
                                <button type="button" aria-keyshortcuts="K" disabled={review.current == 0}
                                        onclick={d.reform(move |_| build(BuildMsg::Step(-1)))}>{ "Previous " }<kbd>{ "K" }</kbd></button>
                                <button type="button" aria-keyshortcuts="J" disabled={review.current + 1 >= n}
                                        onclick={d.reform(move |_| build(BuildMsg::Step(1)))}>{ "Next " }<kbd>{ "J" }</kbd></button>
                            </div>
                        </>
                    },
                } }
            </div>
            <div class="modal-actions">
                <button type="button" class="primary" aria-keyshortcuts="F" disabled={!done}
                        onclick={d.reform(move |_| build(BuildMsg::Finish))}>
                    { "Finish and open the adjudicated document " }<kbd>{ "F" }</kbd>
                </button>
                if !done {
                    <span class="hint">{ format!("{} still to decide.", plural(n - review.decided(), "disagreement")) }</span>
                }
            </div>
            <h3 id="disagreement-list-heading">{ "Every disagreement" }</h3>
            <ol class="disagreement-list" aria-labelledby="disagreement-list-heading">
                { for review.comparison.disagreements.iter().enumerate().map(|(i, dis)| {
                    let decided = review.choices[i]
                        .map(|c| c.words(&review.left_name, &review.right_name))
                        .unwrap_or_else(|| "undecided".into());
                    html! {
                        <li>
                            <button type="button" aria-current={(i == review.current).then_some("step")}
                                    onclick={d.reform(move |_| build(BuildMsg::GoTo(i)))}>
                                { format!("{}: {}", what(dis, review), decided) }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </main>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_decision_key_chooses_in_either_case_and_moving_keys_step() {
        let take = |d: Decision| Some(BuildMsg::Choose(Choice::Take(d)));
        assert_eq!(key_message("l", false), take(Decision::Left));
        assert_eq!(key_message("R", false), take(Decision::Right));
        assert_eq!(key_message("b", false), take(Decision::Both));
        assert_eq!(key_message("N", false), take(Decision::Neither));
        assert_eq!(
            key_message("e", false),
            Some(BuildMsg::Choose(Choice::Edit))
        );
        assert_eq!(key_message("j", false), Some(BuildMsg::Step(1)));
        assert_eq!(key_message("ArrowUp", false), Some(BuildMsg::Step(-1)));
        assert_eq!(key_message("x", false), None);
    }

    #[test]
    fn f_finishes_only_once_every_disagreement_is_decided() {
        assert_eq!(key_message("f", false), None);
        assert_eq!(key_message("f", true), Some(BuildMsg::Finish));
    }
}
