//! One student's work against the key, over the article: found, missed and
//! extra spans drawn distinctly (`df-found`, `df-missed`, `df-extra`: a
//! colour-blind-safe palette with a different line for each, and a
//! legend), and each found quote whose speaker or stance differs from the
//! key flagged in words, in the text and in the list below it.

use std::rc::Rc;

use attrib_core::assignment::Submission;
use attrib_core::excerpt::spans_snippet;
use attrib_core::model::{AnnotatedDocument, Kind};
use attrib_core::score::{diff, DiffItem, Mark, ScoreOptions};
use yew::prelude::*;

use crate::teaching::paint::paint;
use crate::view::{kind_name, speaker_name};

#[derive(Properties, PartialEq)]
pub(crate) struct DiffViewProps {
    /// The answer key.
    pub answer: Rc<AnnotatedDocument>,
    pub work: Rc<Submission>,
    pub threshold: f64,
    /// The kinds shown (empty: every kind in the key or the work).
    #[prop_or_default]
    pub kinds: Vec<Kind>,
    /// The heading: "Ana's work against the key".
    pub title: AttrValue,
}

fn mark_class(mark: Mark) -> &'static str {
    match mark {
        Mark::Found => "df-found",
        Mark::Missed => "df-missed",
        Mark::Extra => "df-extra",
    }
}

fn mark_word(mark: Mark) -> &'static str {
    match mark {
        Mark::Found => "Found",
        Mark::Missed => "Missed",
        Mark::Extra => "Extra",
    }
}

/// "speaker: the key says Kerry, marked Lavrov" for a flagged found quote.
fn flags(key: &AnnotatedDocument, work: &AnnotatedDocument, item: &DiffItem) -> Vec<String> {
    let theirs = item.key_id.as_deref().and_then(|id| key.annotation(id));
    let mine = item
        .student_id
        .as_deref()
        .and_then(|id| work.annotation(id));
    let mut out = Vec::new();
    if item.wrong_speaker() {
        let said = |doc: &AnnotatedDocument, a: Option<&attrib_core::model::Annotation>| {
            a.and_then(|a| a.speaker.as_deref())
                .map_or_else(|| "no one".to_string(), |id| speaker_name(doc, id))
        };
        out.push(format!(
            "wrong speaker: the key says {}, marked {}",
            said(key, theirs),
            said(work, mine)
        ));
    }
    if item.wrong_stance() {
        let stance = |a: Option<&attrib_core::model::Annotation>| {
            a.and_then(|a| a.stance.as_ref())
                .map_or_else(|| "none".to_string(), |s| s.label.replace('_', " "))
        };
        out.push(format!(
            "wrong stance: the key says {}, marked {}",
            stance(theirs),
            stance(mine)
        ));
    }
    out
}

#[component]
pub(crate) fn DiffView(props: &DiffViewProps) -> Html {
    let options = ScoreOptions {
        threshold: props.threshold,
        kinds: props.kinds.clone(),
    };
    let items = match diff(&props.answer, &props.work, &options) {
        Ok(items) => items,
        Err(refused) => {
            return html! {
                <p class="export-error" role="alert">{ format!("{}: {}.", refused.student, refused.reason) }</p>
            }
        }
    };
    let work = &props.work.document;
    // One mark per span: (span, class, item index).
    let mut spans = Vec::new();
    let mut owners = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let drawn = match item.mark {
            Mark::Extra => &item.student_spans,
            Mark::Found | Mark::Missed => &item.key_spans,
        };
        for span in drawn {
            spans.push(*span);
            owners.push(i);
        }
    }
    let flagged: Vec<Vec<String>> = items
        .iter()
        .map(|item| flags(&props.answer, work, item))
        .collect();
    // Where each flagged item's last span ends: its flag is written there.
    let flag_at: Vec<(usize, usize)> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| !flagged[*i].is_empty())
        .filter_map(|(i, item)| Some((item.key_spans.iter().map(|s| s.end).max()?, i)))
        .collect();
    let text = &props.answer.text;
    let stretches = paint(text.len_chars(), &spans);
    let counts = |mark: Mark| items.iter().filter(|i| i.mark == mark).count();

    html! {
        <section class="diff-view" aria-labelledby="diff-title">
            <h3 id="diff-title">{ props.title.clone() }</h3>
            <p>{ format!("Found {}, missed {}, extra {}.", counts(Mark::Found), counts(Mark::Missed), counts(Mark::Extra)) }</p>
            <ul class="diff-legend" aria-label="Legend">
                <li><span class="df-found">{ "Found" }</span>{ " — in the key and marked" }</li>
                <li><span class="df-missed">{ "Missed" }</span>{ " — in the key, not marked" }</li>
                <li><span class="df-extra">{ "Extra" }</span>{ " — marked, not in the key" }</li>
                <li><span class="df-flag">{ "⚑ wrong speaker" }</span>{ " — found, with a speaker or stance unlike the key's" }</li>
            </ul>
            <div class="teach-article" aria-label="The article with the differences">
                { for stretches.iter().map(|s| {
                    let piece = text.slice(s.span).unwrap_or_default().to_string();
                    let classes: Classes = s.marks.iter().map(|&m| mark_class(items[owners[m]].mark)).collect();
                    let tip = s.marks.iter()
                        .map(|&m| { let item = &items[owners[m]]; format!("{} {}", mark_word(item.mark), kind_name(&item.kind).to_lowercase()) })
                        .collect::<Vec<_>>().join("; ");
                    let flags_here: Vec<String> = flag_at.iter()
                        .filter(|(end, _)| *end == s.span.end)
                        .flat_map(|(_, i)| flagged[*i].iter().map(|f| format!("⚑ {f}")))
                        .collect();
                    html! {
                        <>
                            if s.marks.is_empty() {
                                { piece }
                            } else {
                                <span class={classes} title={tip}>{ piece }</span>
                            }
                            { for flags_here.into_iter().map(|f| html! { <span class="df-flag">{ f }</span> }) }
                        </>
                    }
                }) }
            </div>
            <ol class="diff-items" aria-label="Every difference, in text order">
                { for items.iter().enumerate().map(|(i, item)| {
                    let spans = if item.mark == Mark::Extra { &item.student_spans } else { &item.key_spans };
                    let mut line = format!("{} {}: “{}”", mark_word(item.mark), kind_name(&item.kind).to_lowercase(),
                        spans_snippet(&props.answer, spans, 90));
                    for f in &flagged[i] {
                        line.push_str(&format!(" — {f}"));
                    }
                    html! { <li class={mark_class(item.mark)}>{ line }</li> }
                }) }
            </ol>
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::scoring_state;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn found_missed_and_extra_are_drawn_apart_and_a_wrong_speaker_is_said() {
        let state = scoring_state();
        let scoring = state.teaching.scoring.clone().unwrap();
        let root = gloo::utils::document().create_element("div").unwrap();
        gloo::utils::document()
            .body()
            .unwrap()
            .append_child(&root)
            .unwrap();
        yew::Renderer::<DiffView>::with_root_and_props(
            root.clone(),
            DiffViewProps {
                answer: scoring.key.clone(),
                work: Rc::new(scoring.submission("Ben").unwrap().clone()),
                threshold: 0.5,
                kinds: Vec::new(),
                title: "Ben's work against the key".into(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        for class in ["df-found", "df-missed"] {
            assert!(
                root.query_selector(&format!(".teach-article .{class}"))
                    .unwrap()
                    .is_some(),
                "{class}"
            );
        }
        let flag = root
            .query_selector(".teach-article .df-flag")
            .unwrap()
            .unwrap();
        let flag = flag.text_content().unwrap_or_default();
        assert!(
            flag.contains("wrong speaker: the key says John Kerry 😀, marked Sergei Lavrov"),
            "{flag}"
        );
        assert!(root.query_selector(".diff-legend").unwrap().is_some());
        root.remove();
    }
}
