//! The bar a read-only tab shows above its work: why this tab does not
//! edit its document (another tab does) and "Edit here instead", which
//! takes the document over from the other tab (that tab turns read-only
//! and says so). A live region, so the change is announced.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::storage;
use crate::props::PanelProps;

/// The id of the "Edit here instead" button.
pub(crate) const TAKE_OVER_ID: &str = "take-over";

#[component]
pub(crate) fn ReadOnlyBar(props: &PanelProps) -> Html {
    let taking = use_state(|| false);
    let read_only = props.state.read_only.clone();
    {
        // A new reason (or none): the button may be pressed again.
        let taking = taking.clone();
        use_effect_with(read_only.clone(), move |_| taking.set(false));
    }
    let Some(why) = read_only else {
        return html! { <div class="read-only-slot" role="status" aria-live="polite"></div> };
    };
    let onclick = {
        let taking = taking.clone();
        Callback::from(move |_: MouseEvent| {
            taking.set(true);
            let taking = taking.clone();
            spawn_local(async move {
                storage::take_over().await;
                // Still read-only (storage failed, and said so): the button
                // may be pressed again.
                taking.set(false);
            });
        })
    };
    html! {
        <div class="read-only-slot" role="status" aria-live="polite">
            <div class="read-only-bar">
                <p><strong>{ "Read-only in this tab. " }</strong>{ why }</p>
                <button type="button" id={TAKE_OVER_ID} class="primary"
                        disabled={*taking}
                        aria-label="Edit here instead: take this document over from the other tab"
                        {onclick}>
                    { if *taking { "Taking over…" } else { "Edit here instead" } }
                </button>
            </div>
        </div>
    }
}
