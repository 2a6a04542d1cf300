//! The class discussion: the text shaded by how many students marked each
//! stretch (classes `heat-1` … `heat-5`, for one kind at a time), each
//! stretch a button that says who marked it; each key annotation with how
//! many students found it; the extra spans several students added. "Hide
//! student names" keeps names off the projector.

use attrib_core::excerpt::spans_snippet;
use attrib_core::model::Kind;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::paint::{heat_class, paint};
use crate::teaching::TeachMsg;
use crate::view::kind_name;

/// "2 of 5 students (Ana, Ben)", or without the names.
fn who(names: &[String], of: usize, hide: bool) -> String {
    let count = format!(
        "{} of {of} student{}",
        names.len(),
        if of == 1 { "" } else { "s" }
    );
    if hide || names.is_empty() {
        count
    } else {
        format!("{count} ({})", names.join(", "))
    }
}

#[component]
pub(crate) fn DiscussionView(props: &PanelProps) -> Html {
    let kind = use_state(|| None::<Kind>);
    let chosen = use_state(|| None::<usize>);
    let Some(scoring) = props.state.teaching.scoring.as_ref() else {
        return html! {};
    };
    let d = &props.dispatch;
    let data = scoring.discussion();
    let hide = scoring.hide_names;
    let key = &scoring.key;
    let students = data.students;
    let current = (*kind)
        .clone()
        .filter(|k| data.coverage.iter().any(|c| &c.kind == k))
        .or_else(|| data.coverage.first().map(|c| c.kind.clone()));
    let coverage = data
        .coverage
        .iter()
        .find(|c| Some(&c.kind) == current.as_ref());
    let segments = coverage.map(|c| c.segments.as_slice()).unwrap_or_default();
    let spans: Vec<_> = segments.iter().map(|s| s.span).collect();
    let text = &key.text;
    let stretches = paint(text.len_chars(), &spans);

    let onkind = {
        let (kind, chosen) = (kind.clone(), chosen.clone());
        let kinds: Vec<Kind> = data.coverage.iter().map(|c| c.kind.clone()).collect();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value());
            kind.set(
                kinds
                    .iter()
                    .find(|k| Some(k.as_str()) == value.as_deref())
                    .cloned(),
            );
            chosen.set(None);
        })
    };
    let details = (*chosen).and_then(|i| segments.get(i)).map(|s| {
        format!(
            "“{}” was marked by {}.",
            spans_snippet(key, &[s.span], 80),
            who(&s.students, students, hide)
        )
    });

    html! {
        <section class="discussion-view" aria-labelledby="discussion-title">
            <h3 id="discussion-title">{ "Class discussion" }</h3>
            <div class="discussion-controls">
                <label class="check" for="hide-names">
                    <input type="checkbox" id="hide-names" checked={hide}
                           onchange={d.reform(|_| Msg::Teach(TeachMsg::ToggleHideNames))} />
                    { "Hide student names" }
                </label>
                if data.coverage.len() > 1 {
                    <label for="heat-kind">{ "Shade by" }</label>
                    <select id="heat-kind" onchange={onkind}>
                        { for data.coverage.iter().map(|c| html! {
                            <option value={c.kind.as_str().to_string()} selected={Some(&c.kind) == current.as_ref()}>{ kind_name(&c.kind) }</option>
                        }) }
                    </select>
                }
            </div>
            <p>{ format!("{students} students' work, matched at overlap {}.", data.threshold) }</p>
            <ul class="heat-legend" aria-label="Shading">
                <li><span class="heat-1">{ "a few students" }</span></li>
                <li><span class="heat-3">{ "about half" }</span></li>
                <li><span class="heat-5">{ "nearly all" }</span></li>
            </ul>
            <div class="teach-article heat-map" aria-label="The article shaded by how many students marked each stretch">
                { for stretches.iter().map(|s| {
                    let piece = text.slice(s.span).unwrap_or_default().to_string();
                    match s.marks.first() {
                        None => html! { { piece } },
                        Some(&i) => {
                            let segment = &segments[i];
                            let select = { let chosen = chosen.clone(); Callback::from(move |_: MouseEvent| chosen.set(Some(i))) };
                            let onkeydown = { let chosen = chosen.clone(); Callback::from(move |e: KeyboardEvent| {
                                if e.key() == "Enter" || e.key() == " " { e.prevent_default(); chosen.set(Some(i)); }
                            }) };
                            html! {
                                <span class={classes!("heat", heat_class(segment.count, students), (*chosen == Some(i)).then_some("chosen"))}
                                      role="button" tabindex="0" onclick={select} {onkeydown}
                                      title={format!("{} of {students} students marked this", segment.count)}>
                                    { piece }
                                </span>
                            }
                        }
                    }
                }) }
            </div>
            <p class="heat-details" role="status" aria-live="polite">
                { details.unwrap_or_else(|| "Choose a shaded stretch (click it, or Tab to it and press Enter) to see who marked it.".into()) }
            </p>
            <h4>{ "The key, and who found each" }</h4>
            <ul class="key-findings">
                { for data.key.iter().map(|k| html! {
                    <li>{ format!("{} “{}”: found by {}.", kind_name(&k.kind), spans_snippet(key, &k.spans, 90), who(&k.found_by, students, hide)) }</li>
                }) }
            </ul>
            <h4>{ "Marked by students, not in the key" }</h4>
            if data.extras.is_empty() {
                <p class="hint">{ "Nothing: every student's marks are in the key." }</p>
            } else {
                <ul class="extras">
                    { for data.extras.iter().map(|x| html! {
                        <li>{ format!("{} “{}”: added by {}.", kind_name(&x.kind), spans_snippet(key, &x.spans, 90), who(&x.students, students, hide)) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{click, find, mount, press, scoring_state, text_of};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn shaded_stretches_are_buttons_that_say_who_marked_them() {
        let mut m = mount::<DiscussionView>(scoring_state()).await;
        let stretch = find(&m.root, ".heat-map .heat");
        assert_eq!(stretch.get_attribute("role").as_deref(), Some("button"));
        assert_eq!(stretch.get_attribute("tabindex").as_deref(), Some("0"));
        assert!(
            stretch.class_name().contains("heat-5"),
            "both students: {}",
            stretch.class_name()
        );
        assert!(
            stretch.get_attribute("style").is_none(),
            "classes, not inline styles"
        );
        press(&stretch, "Enter").await;
        let details = text_of(&m.root, ".heat-details");
        assert!(details.contains("2 of 2 students (Ana, Ben)"), "{details}");
        assert!(text_of(&m.root, ".extras").contains("1 of 2 students (Ana)"));

        click(&m.root, "#hide-names").await;
        m.apply_sent().await;
        let text = m.root.text_content().unwrap_or_default();
        assert!(!text.contains("Ana") && !text.contains("Ben"), "{text}");
        assert!(text_of(&m.root, ".heat-details").contains("2 of 2 students."));
    }
}
