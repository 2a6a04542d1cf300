//! How the class is scored: the overlap threshold and the rubric's level
//! names and cut-offs, each taken when the field changes; a value that does
//! not read is refused with a message and the scores keep the old one.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::props::PanelProps;
use crate::state::Msg;
use crate::teaching::TeachMsg;

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
    html! {
        <details class="scoring-settings">
            <summary>{ format!("Threshold {} and rubric", scoring.threshold) }</summary>
            <div class="field">
                <label for="score-threshold">{ "Overlap threshold (0 to 1)" }</label>
                <input id="score-threshold" type="text" inputmode="decimal" aria-describedby="score-threshold-hint"
                       value={scoring.threshold.to_string()}
                       onchange={d.reform(|e: Event| Msg::Teach(TeachMsg::SetThreshold(typed(&e))))} />
                <p id="score-threshold-hint" class="hint">
                    { "A student's span counts as found when it shares at least this share of its text with the key's (0.5: half)." }
                </p>
            </div>
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
