//! How the class is scored: the overlap threshold, the kinds scored, and
//! the rubric's level names and cut-offs, each taken when the field changes; a value that does
//! not read is refused with a message and the scores keep the old one.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::TeachMsg;
use crate::view::kind_name;

fn typed(e: &Event) -> String {
    e.target_dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[component]
pub(crate) fn ScoringSettings(props: &PanelProps) -> Html {
    let Some(scoring) = props.state.teaching.scoring.as_ref() else {
        return html! {};
    };
    let d = &props.dispatch;
    let scored = scoring.scored_kinds();
    html! {
        <details class="scoring-settings">
            <summary>{ format!("Threshold {}, kinds and rubric", scoring.threshold) }</summary>
            <div class="field">
                <label for="score-threshold">{ "Overlap threshold (0 to 1)" }</label>
                <input id="score-threshold" type="text" inputmode="decimal" aria-describedby="score-threshold-hint"
                       value={scoring.threshold.to_string()}
                       onchange={d.reform(|e: Event| Msg::Teach(TeachMsg::SetThreshold(typed(&e))))} />
                <p id="score-threshold-hint" class="hint">
                    { "A student's span counts as found when it shares at least this share of its text with the key's (0.5: half)." }
                </p>
            </div>
            <fieldset class="field scored-kinds">
                <legend>{ "Kinds scored" }</legend>
                { for scoring.offered_kinds().into_iter().map(|kind| {
                    let id = format!("score-kind-{}", kind.as_str());
                    let checked = scored.contains(&kind);
                    let name = kind_name(&kind);
                    html! {
                        <label for={id.clone()} class="check">
                            <input type="checkbox" id={id} {checked}
                                   onchange={d.reform(move |_: Event| Msg::Teach(TeachMsg::ToggleKind(kind.clone())))} />
                            { name }
                        </label>
                    }
                }) }
            </fieldset>
            <fieldset class="field rubric">
                <legend>{ "Rubric: each level from an overall F1 of" }</legend>
                { for scoring.rubric.levels.iter().enumerate().map(|(i, level)| html! {
                    <div class="rubric-level">
                        <input type="text" aria-label={format!("Name of level {}", i + 1)} value={level.name.clone()}
                               onchange={d.reform(move |e: Event| Msg::Teach(TeachMsg::SetLevelName(i, typed(&e))))} />
                        <input type="text" inputmode="decimal" aria-label={format!("Lowest F1 of {}", level.name)}
                               value={level.from.to_string()}
                               onchange={d.reform(move |e: Event| Msg::Teach(TeachMsg::SetLevelFrom(i, typed(&e))))} />
                    </div>
                }) }
            </fieldset>
        </details>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::{find, mount, scoring_state};
    use attrib_core::model::Kind;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn checked(root: &web_sys::Element, id: &str) -> bool {
        find(root, &format!("#{id}"))
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .checked()
    }

    #[wasm_bindgen_test]
    async fn each_kind_in_the_key_is_scored_until_its_labelled_box_is_cleared() {
        let mut m = mount::<ScoringSettings>(scoring_state()).await;
        for (id, name) in [
            ("score-kind-quote", "Quote"),
            ("score-kind-claim", "Claim"),
            ("score-kind-mention", "Mention"),
        ] {
            assert!(checked(&m.root, id), "{id} is scored at first");
            let label = find(&m.root, &format!("label[for={id}]"));
            assert_eq!(label.text_content().unwrap_or_default().trim(), name);
        }
        find(&m.root, "#score-kind-claim")
            .dyn_into::<web_sys::HtmlElement>()
            .unwrap()
            .click();
        yew::scheduler::flush().await;
        assert_eq!(
            m.last(),
            Some(Msg::Teach(TeachMsg::ToggleKind(Kind::Claim)))
        );
        m.apply_sent().await;
        assert!(!checked(&m.root, "score-kind-claim"));
        assert!(checked(&m.root, "score-kind-quote"));
        let table = m.state.teaching.scoring.as_ref().unwrap().table();
        assert_eq!(table.kinds, ["quote", "mention"]);
    }
}
