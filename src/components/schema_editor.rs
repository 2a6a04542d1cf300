//! The label schema editor (a dialog): for each built-in label set (quote
//! types, stance labels, check-worthiness, claim types) and the custom
//! kinds, rename, add and remove labels, and give each a one-line
//! guideline (shown on hover and focus). Removing a label annotations
//! carry says how many and asks what to do with them: take it off them,
//! or move them to another label. Every change is one undoable edit
//! (`state::SchemaMsg`).

use attrib_core::workspace::LabelSet;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::modal::Modal;
use crate::props::PanelProps;
use crate::state::{plural, Msg, SchemaMsg};
use crate::view::readable;

/// Which list a row belongs to: a label set, or the custom kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Labels(LabelSet),
    Kinds,
}

impl List {
    fn singular(self) -> &'static str {
        match self {
            List::Labels(set) => set.singular(),
            List::Kinds => "kind",
        }
    }

    fn heading(self) -> String {
        match self {
            List::Labels(set) => {
                let plural = set.to_string();
                let mut chars = plural.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            List::Kinds => "Custom kinds".into(),
        }
    }

    fn id(self) -> String {
        match self {
            List::Labels(set) => set.field().to_string(),
            List::Kinds => "custom_kinds".into(),
        }
    }
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[component]
pub(crate) fn SchemaEditor(props: &PanelProps) -> Html {
    let d = &props.dispatch;
    let ws = &props.state.workspace;
    let doc = ws.document();
    // The label being removed while annotations carry it, and the label
    // (or kind) its annotations would move to.
    let removing = use_state(|| None::<(List, String)>);
    let move_to = use_state(String::new);
    let onclose = d.reform(|_| Msg::CloseDialog);

    let list_html = |list: List| -> Html {
        let items: Vec<String> = match list {
            List::Labels(set) => set.labels(&doc.schema).to_vec(),
            List::Kinds => doc.schema.custom_kinds.clone(),
        };
        let usage = |name: &str| match list {
            List::Labels(set) => ws.label_usage(set, name),
            List::Kinds => ws.kind_usage(name),
        };
        let rows = items.iter().map(|name| {
            let used = usage(name);
            let guideline = doc.schema.help.get(name).cloned().unwrap_or_default();
            let rename = {
                let from = name.clone();
                d.reform(move |e: Event| {
                    let typed = input_value(&e);
                    Msg::Schema(match list {
                        List::Labels(set) => SchemaMsg::RenameLabel { set, from: from.clone(), typed },
                        List::Kinds => SchemaMsg::RenameKind { from: from.clone(), typed },
                    })
                })
            };
            let set_guideline = {
                let key = name.clone();
                d.reform(move |e: Event| Msg::Schema(SchemaMsg::SetGuideline {
                    key: key.clone(),
                    typed: input_value(&e),
                }))
            };
            let remove = {
                let name = name.clone();
                let d = d.clone();
                let removing = removing.clone();
                let move_to = move_to.clone();
                let first_other = items.iter().find(|i| **i != name).cloned().unwrap_or_default();
                Callback::from(move |_: MouseEvent| {
                    if used == 0 {
                        d.emit(Msg::Schema(remove_msg(list, &name, None)));
                    } else {
                        move_to.set(first_other.clone());
                        removing.set(Some((list, name.clone())));
                    }
                })
            };
            let id = format!("schema-{}-{}", list.id(), name);
            html! {
                <li class="schema-row" title={(!guideline.is_empty()).then(|| guideline.clone())}>
                    <input id={id.clone()} type="text" value={name.clone()} onchange={rename}
                           aria-label={format!("Name of the {} {}", list.singular(), readable(name))} />
                    <span class="hint">{ format!("{} in use", used) }</span>
                    <input type="text" class="schema-guideline" value={guideline.clone()} onchange={set_guideline}
                           placeholder="One-line guideline" title={(!guideline.is_empty()).then(|| guideline.clone())}
                           aria-label={format!("Guideline for {}", readable(name))} />
                    <button type="button" onclick={remove}
                            aria-label={format!("Remove the {} {}", list.singular(), readable(name))}>{ "Remove" }</button>
                </li>
            }
        });
        let add_id = format!("schema-add-{}", list.id());
        let add = {
            let d = d.clone();
            let add_id = add_id.clone();
            Callback::from(move |_: MouseEvent| {
                let Some(input) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| doc.get_element_by_id(&add_id))
                    .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el).ok())
                else {
                    return;
                };
                let typed = input.value();
                input.set_value("");
                d.emit(Msg::Schema(match list {
                    List::Labels(set) => SchemaMsg::AddLabel { set, typed },
                    List::Kinds => SchemaMsg::AddKind { typed },
                }));
            })
        };
        html! {
            <fieldset class="schema-list">
                <legend>{ list.heading() }</legend>
                <ul>{ for rows }</ul>
                <div class="schema-add">
                    <label for={add_id.clone()}>{ format!("New {}", list.singular()) }</label>
                    <input id={add_id} type="text" />
                    <button type="button" onclick={add}>{ format!("Add {}", list.singular()) }</button>
                </div>
            </fieldset>
        }
    };

    let confirm = (*removing).clone().map(|(list, name)| {
        let used = match list {
            List::Labels(set) => ws.label_usage(set, &name),
            List::Kinds => ws.kind_usage(&name),
        };
        let others: Vec<String> = match list {
            List::Labels(set) => set.labels(&doc.schema).to_vec(),
            List::Kinds => doc.schema.custom_kinds.clone(),
        }
        .into_iter()
        .filter(|o| *o != name)
        .collect();
        let carry = plural(used, "annotation carries", "annotations carry");
        let take_off = match list {
            List::Labels(LabelSet::StanceLabels) => "Remove their stance".to_string(),
            List::Labels(_) => format!("Remove “{}” from them", readable(&name)),
            List::Kinds => "Remove those annotations".to_string(),
        };
        let cancel = {
            let removing = removing.clone();
            Callback::from(move |_: MouseEvent| removing.set(None))
        };
        let off = {
            let d = d.clone();
            let removing = removing.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                d.emit(Msg::Schema(remove_msg(list, &name, None)));
                removing.set(None);
            })
        };
        let onmove = {
            let d = d.clone();
            let removing = removing.clone();
            let name = name.clone();
            let move_to = move_to.clone();
            Callback::from(move |_: MouseEvent| {
                if !move_to.is_empty() {
                    d.emit(Msg::Schema(remove_msg(list, &name, Some((*move_to).clone()))));
                }
                removing.set(None);
            })
        };
        let choose = {
            let move_to = move_to.clone();
            Callback::from(move |e: Event| {
                if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                    move_to.set(select.value());
                }
            })
        };
        html! {
            <div class="schema-confirm" role="alertdialog" aria-labelledby="schema-confirm-text">
                <p id="schema-confirm-text">{ format!(
                    "{carry} the {} “{}”. What should happen to them?", list.singular(), readable(&name)) }</p>
                <div class="modal-actions">
                    <button type="button" onclick={off}>{ take_off }</button>
                    if !others.is_empty() {
                        <label for="schema-move-to">{ "Move them to" }</label>
                        <select id="schema-move-to" onchange={choose}>
                            { for others.iter().map(|o| html! {
                                <option value={o.clone()} selected={*o == *move_to}>{ readable(o) }</option>
                            }) }
                        </select>
                        <button type="button" onclick={onmove}>{ "Move" }</button>
                    }
                    <button type="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        }
    });

    html! {
        <Modal title="Label schema" {onclose} class={classes!("schema-editor")}>
            <p class="hint">{ "Rename a label by editing its name (annotations that carry it follow). \
                The schema travels in every export. Each change can be undone." }</p>
            { confirm.unwrap_or_default() }
            { for LabelSet::ALL.into_iter().map(|set| list_html(List::Labels(set))) }
            { list_html(List::Kinds) }
        </Modal>
    }
}

fn remove_msg(list: List, name: &str, to: Option<String>) -> SchemaMsg {
    match list {
        List::Labels(set) => SchemaMsg::RemoveLabel {
            set,
            label: name.to_string(),
            to,
        },
        List::Kinds => SchemaMsg::RemoveKind {
            name: name.to_string(),
            to,
        },
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::*;
    use crate::state::AppState;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The sample: a1 is a direct quote with a stance against Russia.
    fn state() -> AppState {
        sample_state()
    }

    #[wasm_bindgen_test]
    async fn removing_a_label_in_use_says_how_many_carry_it_and_moves_them() {
        let mut m = mount::<SchemaEditor>(state()).await;
        click(&m.root, "button[aria-label='Remove the quote type direct']").await;
        assert!(
            m.msgs.borrow().is_empty(),
            "nothing is removed before the answer"
        );
        let asked = text_of(&m.root, "#schema-confirm-text");
        assert_eq!(
            asked,
            "1 annotation carries the quote type “direct”. What should happen to them?"
        );
        change_select(&m.root, "#schema-move-to", "mixed").await;
        click(
            &m.root,
            ".schema-confirm .modal-actions button:nth-of-type(2)",
        )
        .await;
        assert_eq!(
            m.last(),
            Some(Msg::Schema(SchemaMsg::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "direct".into(),
                to: Some("mixed".into()),
            }))
        );
        m.apply_sent().await;
        let doc = m.state.document();
        assert!(!doc.schema.quote_types.contains(&"direct".to_string()));
        assert_eq!(
            doc.annotation("a1").and_then(|a| a.quote_type.as_deref()),
            Some("mixed")
        );
        assert!(m
            .root
            .query_selector(".schema-confirm")
            .ok()
            .flatten()
            .is_none());
    }

    #[wasm_bindgen_test]
    async fn an_unused_label_goes_at_once_and_a_rename_is_committed_on_change() {
        let m = mount::<SchemaEditor>(state()).await;
        click(
            &m.root,
            "button[aria-label='Remove the quote type indirect']",
        )
        .await;
        assert_eq!(
            m.last(),
            Some(Msg::Schema(SchemaMsg::RemoveLabel {
                set: LabelSet::QuoteTypes,
                label: "indirect".into(),
                to: None,
            }))
        );
        commit_input(&m.root, "#schema-claim_types-law_rule", "rule of law").await;
        assert_eq!(
            m.last(),
            Some(Msg::Schema(SchemaMsg::RenameLabel {
                set: LabelSet::ClaimTypes,
                from: "law_rule".into(),
                typed: "rule of law".into(),
            }))
        );
    }

    #[wasm_bindgen_test]
    async fn a_guideline_shows_on_hover_and_every_control_is_named() {
        let mut s = state();
        s.update(Msg::Schema(SchemaMsg::SetGuideline {
            key: "direct".into(),
            typed: "The speaker's exact words, in quotation marks.".into(),
        }));
        let m = mount::<SchemaEditor>(s).await;
        let row = find(&m.root, "#schema-quote_types-direct")
            .parent_element()
            .expect("its row");
        assert_eq!(
            row.get_attribute("title").as_deref(),
            Some("The speaker's exact words, in quotation marks.")
        );
        let controls = m
            .root
            .query_selector_all("input, button, select")
            .expect("controls");
        for i in 0..controls.length() {
            let el: web_sys::Element =
                wasm_bindgen::JsCast::dyn_into(controls.item(i).expect("a control"))
                    .expect("an element");
            let named = el.get_attribute("aria-label").is_some()
                || el.id().is_empty().then_some(()).is_none()
                    && m.root
                        .query_selector(&format!("label[for='{}']", el.id()))
                        .ok()
                        .flatten()
                        .is_some()
                || !el.text_content().unwrap_or_default().trim().is_empty();
            assert!(named, "unnamed control: {}", el.outer_html());
        }
    }
}
