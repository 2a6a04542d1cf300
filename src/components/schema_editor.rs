//! The label schema editor (a dialog): for the kinds (built-in and custom),
//! each built-in label set (quote types, stance labels, check-worthiness,
//! claim types) and each further label set, rename, add and remove labels
//! and custom kinds, and give each a colour (`<input type=color>`), a
//! shortcut key and a one-line guideline (shown on hover and focus).
//! Further label sets are added for a kind (or every kind), renamed, given
//! kinds and removed. Removing a label (or set) annotations carry says how
//! many and asks what to do with them: take it off them, or move them to
//! another label. Every change is one undoable edit (`state::SchemaMsg`).

use attrib_core::model::{Kind, Schema, Style};
use attrib_core::style::{self, KeyTarget};
use attrib_core::workspace::{LabelSet, Workspace};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::modal::Modal;
use crate::props::PanelProps;
use crate::state::{plural, Msg, SchemaMsg};
use crate::view::{kind_name, readable};

/// Which list a row belongs to: a label set, or the custom kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Labels(LabelSet),
    Kinds,
    /// A further label set, by its place in the schema.
    Further(usize),
}

impl List {
    fn singular(self) -> &'static str {
        match self {
            List::Labels(set) => set.singular(),
            List::Kinds => "kind",
            List::Further(_) => "label",
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
            List::Kinds => "Kinds".into(),
            List::Further(_) => "Label set".into(),
        }
    }

    fn id(self) -> String {
        match self {
            List::Labels(set) => set.field().to_string(),
            List::Kinds => "custom_kinds".into(),
            List::Further(i) => format!("set{i}"),
        }
    }

    /// The name of the set a label of this list belongs to, as styles key it.
    fn set_name(self, schema: &Schema) -> String {
        match self {
            List::Labels(set) => set.field().to_string(),
            List::Kinds => String::new(),
            List::Further(i) => schema
                .label_sets
                .get(i)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        }
    }

    /// What a row's colour and key belong to.
    fn target(self, schema: &Schema, name: &str) -> KeyTarget {
        match self {
            List::Kinds => KeyTarget::Kind(Kind::parse(name)),
            _ => KeyTarget::Label {
                set: self.set_name(schema),
                label: name.to_string(),
            },
        }
    }

    /// The names in the list: labels, or every kind (built-in ones first).
    fn items(self, schema: &Schema) -> Vec<String> {
        match self {
            List::Labels(set) => set.labels(schema).to_vec(),
            List::Kinds => schema
                .kinds()
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            List::Further(i) => schema
                .label_sets
                .get(i)
                .map(|s| s.labels.clone())
                .unwrap_or_default(),
        }
    }

    /// The names a removed one's annotations may move to.
    fn others(self, schema: &Schema, name: &str) -> Vec<String> {
        let pool = match self {
            List::Kinds => schema.custom_kinds.clone(),
            _ => self.items(schema),
        };
        pool.into_iter().filter(|o| o != name).collect()
    }
}

/// The style of a row's kind or label, if any.
fn style_of<'a>(schema: &'a Schema, target: &KeyTarget) -> Option<&'a Style> {
    match target {
        KeyTarget::Kind(kind) => style::kind_style(schema, kind),
        KeyTarget::Label { set, label } => style::label_style(schema, set, label),
    }
}

/// How many annotations a row's name is used by.
fn usage(ws: &Workspace, list: List, name: &str) -> usize {
    match list {
        List::Labels(set) => ws.label_usage(set, name),
        List::Kinds => match Kind::parse(name) {
            Kind::Custom(_) => ws.kind_usage(name),
            kind => ws
                .document()
                .annotations
                .iter()
                .filter(|a| a.kind == kind)
                .count(),
        },
        List::Further(i) => ws
            .document()
            .schema
            .label_sets
            .get(i)
            .map(|s| ws.set_label_usage(&s.name, name))
            .unwrap_or(0),
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
    // The further label set being removed while annotations carry its labels.
    let removing_set = use_state(|| None::<String>);
    let onclose = d.reform(|_| Msg::CloseDialog);
    let set_confirm = (*removing_set).clone().map(|name| {
        let used = ws.set_usage(&name);
        let cancel = {
            let removing_set = removing_set.clone();
            Callback::from(move |_: MouseEvent| removing_set.set(None))
        };
        let go = {
            let d = d.clone();
            let removing_set = removing_set.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                d.emit(Msg::Schema(SchemaMsg::RemoveSet { name: name.clone() }));
                removing_set.set(None);
            })
        };
        html! {
            <div class="schema-confirm" role="alertdialog" aria-labelledby="schema-confirm-text">
                <p id="schema-confirm-text">{ format!(
                    "{} labels of the set “{}”. Remove the set and take its labels off them?",
                    plural(used, "annotation carries", "annotations carry"), readable(&name)) }</p>
                <div class="modal-actions">
                    <button type="button" onclick={go}>{ "Remove the set and its labels" }</button>
                    <button type="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        }
    });

    let schema = &doc.schema;
    let list_html = |list: List| -> Html {
        let items = list.items(schema);
        let set_name = list.set_name(schema);
        let rows = items.iter().map(|name| {
            let used = usage(ws, list, name);
            let built_in = list == List::Kinds && !matches!(Kind::parse(name), Kind::Custom(_));
            let guideline = schema.help.get(name).cloned().unwrap_or_default();
            let target = list.target(schema, name);
            let style = style_of(schema, &target);
            let colour = style.and_then(|s| s.colour.clone());
            let key = match &target {
                KeyTarget::Kind(kind) => style::kind_key(schema, kind).map(str::to_string),
                KeyTarget::Label { .. } => style.and_then(|s| s.key.clone()),
            };
            let what = format!("the {} {}", list.singular(), readable(name));
            let rename = {
                let from = name.clone();
                let set_name = set_name.clone();
                d.reform(move |e: Event| {
                    let typed = input_value(&e);
                    Msg::Schema(match list {
                        List::Labels(set) => SchemaMsg::RenameLabel { set, from: from.clone(), typed },
                        List::Kinds => SchemaMsg::RenameKind { from: from.clone(), typed },
                        List::Further(_) => SchemaMsg::RenameSetLabel { set: set_name.clone(), from: from.clone(), typed },
                    })
                })
            };
            let set_colour = {
                let target = target.clone();
                d.reform(move |e: Event| Msg::Schema(SchemaMsg::SetColour {
                    target: target.clone(),
                    colour: Some(input_value(&e)),
                }))
            };
            let clear_colour = {
                let target = target.clone();
                d.reform(move |_: MouseEvent| Msg::Schema(SchemaMsg::SetColour {
                    target: target.clone(),
                    colour: None,
                }))
            };
            // A key is one character: it is taken as soon as it is typed.
            let set_key = {
                let target = target.clone();
                d.reform(move |e: InputEvent| Msg::Schema(SchemaMsg::SetKey {
                    target: target.clone(),
                    typed: input_value(&e),
                }))
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
                let first_other = list.others(schema, &name).first().cloned().unwrap_or_default();
                let set_name = set_name.clone();
                Callback::from(move |_: MouseEvent| {
                    if used == 0 {
                        d.emit(Msg::Schema(remove_msg(list, &set_name, &name, None)));
                    } else {
                        move_to.set(first_other.clone());
                        removing.set(Some((list, name.clone())));
                    }
                })
            };
            let id = format!("schema-{}-{}", list.id(), name);
            let colour_class = colour.as_deref().map(|_| "schema-coloured");
            html! {
                <li class={classes!("schema-row", colour_class)} title={(!guideline.is_empty()).then(|| guideline.clone())}>
                    if built_in {
                        <span id={id.clone()} class="schema-name">{ kind_name(&Kind::parse(name)) }</span>
                    } else {
                        <input id={id.clone()} type="text" value={name.clone()} onchange={rename}
                               aria-label={format!("Name of {what}")} />
                    }
                    <span class="hint">{ format!("{} in use", used) }</span>
                    <input type="color" class="schema-colour" value={colour.clone().unwrap_or_else(|| default_colour(list, name).into())}
                           onchange={set_colour} aria-label={format!("Colour of {what}")} />
                    if colour.is_some() {
                        <button type="button" onclick={clear_colour}
                                aria-label={format!("No colour for {what}")}>{ "No colour" }</button>
                    }
                    <input type="text" class="schema-key" maxlength="1" size="2" value={key.unwrap_or_default()}
                           oninput={set_key} aria-label={format!("Shortcut key of {what}")} />
                    <input type="text" class="schema-guideline" value={guideline.clone()} onchange={set_guideline}
                           placeholder="One-line guideline" title={(!guideline.is_empty()).then(|| guideline.clone())}
                           aria-label={format!("Guideline for {}", readable(name))} />
                    if !built_in {
                        <button type="button" onclick={remove}
                                aria-label={format!("Remove {what}")}>{ "Remove" }</button>
                    }
                </li>
            }
        });
        let add_id = format!("schema-add-{}", list.id());
        let add = {
            let d = d.clone();
            let add_id = add_id.clone();
            let set_name = set_name.clone();
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
                    List::Further(_) => SchemaMsg::AddSetLabel {
                        set: set_name.clone(),
                        typed,
                    },
                }));
            })
        };
        let set_head = match list {
            List::Further(i) => set_head(props, i, &removing_set),
            _ => html! { <legend>{ list.heading() }</legend> },
        };
        let add_label = match list {
            List::Kinds => "Add custom kind".to_string(),
            _ => format!("Add {}", list.singular()),
        };
        let new_label = match list {
            List::Kinds => "New custom kind".to_string(),
            _ => format!("New {}", list.singular()),
        };
        html! {
            <fieldset class="schema-list">
                { set_head }
                <ul>{ for rows }</ul>
                <div class="schema-add">
                    <label for={add_id.clone()}>{ new_label }</label>
                    <input id={add_id} type="text" />
                    <button type="button" onclick={add}>{ add_label }</button>
                </div>
            </fieldset>
        }
    };

    let confirm = (*removing).clone().map(|(list, name)| {
        let used = usage(ws, list, &name);
        let others = list.others(schema, &name);
        let set_name = list.set_name(schema);
        let carry = plural(used, "annotation carries", "annotations carry");
        let take_off = match list {
            List::Labels(LabelSet::StanceLabels) => "Remove their stance".to_string(),
            List::Labels(_) | List::Further(_) => format!("Remove “{}” from them", readable(&name)),
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
            let set_name = set_name.clone();
            Callback::from(move |_: MouseEvent| {
                d.emit(Msg::Schema(remove_msg(list, &set_name, &name, None)));
                removing.set(None);
            })
        };
        let onmove = {
            let d = d.clone();
            let removing = removing.clone();
            let name = name.clone();
            let move_to = move_to.clone();
            let set_name = set_name.clone();
            Callback::from(move |_: MouseEvent| {
                if !move_to.is_empty() {
                    d.emit(Msg::Schema(remove_msg(list, &set_name, &name, Some((*move_to).clone()))));
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
            { set_confirm }
            { list_html(List::Kinds) }
            { for LabelSet::ALL.into_iter().map(|set| list_html(List::Labels(set))) }
            { for (0..schema.label_sets.len()).map(|i| list_html(List::Further(i))) }
            <NewSet ..props.clone() />
        </Modal>
    }
}

fn remove_msg(list: List, set: &str, name: &str, to: Option<String>) -> SchemaMsg {
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
        List::Further(_) => SchemaMsg::RemoveSetLabel {
            set: set.to_string(),
            label: name.to_string(),
            to,
        },
    }
}

/// A further set's heading: its name (renamed by editing it), the kinds
/// it applies to (one checkbox each; none ticked means every kind) and
/// its remove button, which asks first when annotations carry its labels.
fn set_head(props: &PanelProps, i: usize, removing_set: &UseStateHandle<Option<String>>) -> Html {
    let d = &props.dispatch;
    let ws = &props.state.workspace;
    let schema = &ws.document().schema;
    let Some(set) = schema.label_sets.get(i) else {
        return Html::default();
    };
    let name = set.name.clone();
    let rename = {
        let from = name.clone();
        d.reform(move |e: Event| {
            Msg::Schema(SchemaMsg::RenameSet {
                from: from.clone(),
                typed: input_value(&e),
            })
        })
    };
    let used = ws.set_usage(&name);
    let remove = {
        let d = d.clone();
        let name = name.clone();
        let removing_set = removing_set.clone();
        Callback::from(move |_: MouseEvent| {
            if used == 0 {
                d.emit(Msg::Schema(SchemaMsg::RemoveSet { name: name.clone() }));
            } else {
                removing_set.set(Some(name.clone()));
            }
        })
    };
    let kinds = schema.kinds().into_iter().map(|kind| {
        let on = set.kinds.contains(&kind);
        let toggle = {
            let set = name.clone();
            let kind = kind.clone();
            d.reform(move |_: Event| Msg::Schema(SchemaMsg::SetKindOfSet {
                set: set.clone(),
                kind: kind.clone(),
                on: !on,
            }))
        };
        html! {
            <label class="schema-kind">
                <input type="checkbox" checked={on} onchange={toggle}
                       aria-label={format!("The set {} applies to {}", readable(&name), kind_name(&kind))} />
                { kind_name(&kind) }
            </label>
        }
    });
    let name_id = format!("schema-set{i}-name");
    html! {
        <>
            <legend>{ format!("Label set “{}”", readable(&name)) }</legend>
            <div class="schema-set-head">
                <label for={name_id.clone()}>{ "Name" }</label>
                <input id={name_id} type="text" value={name.clone()} onchange={rename} />
                <span class="hint">{ format!("{} in use", used) }</span>
                <button type="button" onclick={remove}
                        aria-label={format!("Remove the label set {}", readable(&name))}>{ "Remove set" }</button>
            </div>
            <fieldset class="schema-set-kinds">
                <legend>{ "For the kinds (none ticked: every kind)" }</legend>
                { for kinds }
            </fieldset>
        </>
    }
}

/// Adding a further label set: its name and the kind it is for, both read
/// when Add is pressed and then set back (a name to type, every kind).
#[component]
fn NewSet(props: &PanelProps) -> Html {
    let schema = &props.state.workspace.document().schema;
    let add = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let doc = web_sys::window().and_then(|w| w.document());
            let element = |id: &str| doc.as_ref().and_then(|doc| doc.get_element_by_id(id));
            let Some(input) = element("schema-add-set")
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el).ok())
            else {
                return;
            };
            let select = element("schema-add-set-kind")
                .and_then(|el| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(el).ok());
            let kind = select.as_ref().map(|s| s.value()).unwrap_or_default();
            let typed = input.value();
            input.set_value("");
            if let Some(select) = select {
                select.set_value("");
            }
            d.emit(Msg::Schema(SchemaMsg::AddSet {
                typed,
                kind: (!kind.is_empty()).then(|| Kind::parse(&kind)),
            }));
        })
    };
    html! {
        <fieldset class="schema-list">
            <legend>{ "New label set" }</legend>
            <div class="schema-add">
                <label for="schema-add-set">{ "Name of the set" }</label>
                <input id="schema-add-set" type="text" />
                <label for="schema-add-set-kind">{ "For" }</label>
                <select id="schema-add-set-kind">
                    // Said outright: Firefox otherwise keeps the first
                    // option Yew inserts, which is the last one.
                    <option value="" selected=true>{ "every kind" }</option>
                    { for schema.kinds().iter().map(|k| html! {
                        <option value={k.as_str().to_string()} selected=false>{ kind_name(k) }</option>
                    }) }
                </select>
                <button type="button" onclick={add}>{ "Add label set" }</button>
            </div>
        </fieldset>
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

/// The colour picker's value for a kind or label with no colour of its
/// own: the colour the page draws a built-in kind in (`static/style.css`'s
/// `--quote`, `--claim`, `--mention`), black otherwise.
fn default_colour(list: List, name: &str) -> &'static str {
    match (list, Kind::parse(name)) {
        (List::Kinds, Kind::Quote) => "#0072b2",
        (List::Kinds, Kind::Claim) => "#d55e00",
        (List::Kinds, Kind::Mention) => "#009e73",
        _ => "#000000",
    }
}
