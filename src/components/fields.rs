//! Labelled form controls that commit on `change` (blur or Enter), not on
//! every keystroke, so each commit is one undo step. The controls are
//! uncontrolled while the user types: the page's value is written into them
//! only when the document's value changes (an edit, an undo), so a re-render
//! for any other reason never throws away what is being typed. Escape in a
//! text control puts back the document's value before focus moves on.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// An `<input>` with its label.
#[derive(Properties, PartialEq, Clone)]
pub(crate) struct TextFieldProps {
    /// The visible (or, with `hide_label`, the accessible) label.
    pub label: AttrValue,
    /// The document's value.
    pub value: AttrValue,
    /// Called with the new value when the user commits a changed value.
    pub onchange: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// The id of a `<datalist>` offering suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Extra help, read after the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub input_ref: NodeRef,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub(crate) fn TextField(props: &TextFieldProps) -> Html {
    let input = props.input_ref.clone();
    use_sync_value::<HtmlInputElement>(&input, &props.value);
    let onchange = {
        let commit = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                commit.emit(el.value());
            }
        })
    };
    let onkeydown = revert_on_escape::<HtmlInputElement>(props.value.clone());
    let hint_id = props.id.as_ref().map(|id| format!("{id}-hint"));
    html! {
        <label class={classes!("field", props.class.clone())}>
            <span class={classes!("field-label", props.hide_label.then_some("visually-hidden"))}>
                { props.label.clone() }
            </span>
            <input ref={input} id={props.id.clone()} type={props.input_type.clone()}
                   list={props.list.clone()} placeholder={props.placeholder.clone()}
                   autocomplete="off" aria-describedby={props.hint.as_ref().and(hint_id.clone())}
                   {onchange} {onkeydown} />
            if let Some(hint) = &props.hint {
                <span class="field-hint" id={hint_id}>{ hint.clone() }</span>
            }
        </label>
    }
}

/// A `<textarea>` with its label.
#[derive(Properties, PartialEq, Clone)]
pub(crate) struct TextAreaFieldProps {
    pub label: AttrValue,
    pub value: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or(2)]
    pub rows: u32,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub(crate) fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let area = use_node_ref();
    use_sync_value::<HtmlTextAreaElement>(&area, &props.value);
    let onchange = {
        let commit = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlTextAreaElement>() {
                commit.emit(el.value());
            }
        })
    };
    let onkeydown = revert_on_escape::<HtmlTextAreaElement>(props.value.clone());
    html! {
        <label class={classes!("field", props.class.clone())}>
            <span class="field-label">{ props.label.clone() }</span>
            <textarea ref={area} rows={props.rows.to_string()} placeholder={props.placeholder.clone()}
                      {onchange} {onkeydown} />
        </label>
    }
}

/// One choice of a [`SelectField`]: its value and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    pub value: AttrValue,
    pub text: AttrValue,
}

impl Choice {
    pub fn new(value: impl Into<AttrValue>, text: impl Into<AttrValue>) -> Self {
        Choice {
            value: value.into(),
            text: text.into(),
        }
    }
}

/// A `<select>` with its label; commits as soon as a choice is made.
#[derive(Properties, PartialEq, Clone)]
pub(crate) struct SelectFieldProps {
    pub label: AttrValue,
    /// The value of the chosen option.
    pub value: AttrValue,
    pub choices: Rc<Vec<Choice>>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub select_ref: NodeRef,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub(crate) fn SelectField(props: &SelectFieldProps) -> Html {
    let select = props.select_ref.clone();
    {
        // The choices take part: a new speaker's option must exist before
        // it can be chosen.
        let select = select.clone();
        use_effect_with(
            (props.value.clone(), props.choices.clone()),
            move |(value, _)| {
                if let Some(el) = select.cast::<HtmlSelectElement>() {
                    if el.value() != value.as_str() {
                        el.set_value(value);
                    }
                }
            },
        );
    }
    let onchange = {
        let commit = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlSelectElement>() {
                commit.emit(el.value());
            }
        })
    };
    html! {
        <label class={classes!("field", props.class.clone())}>
            <span class={classes!("field-label", props.hide_label.then_some("visually-hidden"))}>
                { props.label.clone() }
            </span>
            <select ref={select} id={props.id.clone()} {onchange}>
                { for props.choices.iter().map(|c| html! {
                    <option value={c.value.clone()} selected={c.value == props.value}>{ c.text.clone() }</option>
                }) }
            </select>
        </label>
    }
}

/// Anything whose value can be read and written.
pub(crate) trait ValueElement:
    JsCast + Clone + AsRef<web_sys::Node> + AsRef<web_sys::EventTarget> + From<wasm_bindgen::JsValue>
{
    fn get(&self) -> String;
    fn put(&self, value: &str);
}

impl ValueElement for HtmlInputElement {
    fn get(&self) -> String {
        self.value()
    }
    fn put(&self, value: &str) {
        self.set_value(value);
    }
}

impl ValueElement for HtmlTextAreaElement {
    fn get(&self) -> String {
        self.value()
    }
    fn put(&self, value: &str) {
        self.set_value(value);
    }
}

/// Writes `value` into the element whenever `value` changes (and on mount).
#[hook]
fn use_sync_value<E: ValueElement + 'static>(node: &NodeRef, value: &AttrValue) {
    let node = node.clone();
    use_effect_with(value.clone(), move |value| {
        if let Some(el) = node.cast::<E>() {
            if el.get() != value.as_str() {
                el.put(value);
            }
        }
    });
}

/// A keydown handler that puts back the document's value on Escape, so
/// leaving a field with Escape never commits half-typed text.
fn revert_on_escape<E: ValueElement + 'static>(value: AttrValue) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            if let Some(el) = e.target_dyn_into::<E>() {
                el.put(&value);
            }
        }
    })
}
