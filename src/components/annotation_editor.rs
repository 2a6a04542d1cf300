//! The editor of the focused annotation, shown inside its row of the
//! annotations panel: a quote's type, speaker, cue and stance; a claim's
//! check-worthiness, type, claimant and stance; whom a mention names; every
//! annotation's spans and note; delete. Each change is one `Msg::Apply`, so
//! one undo step. Escape returns focus to the annotation's row.

use std::rc::Rc;

use attrib_core::excerpt::snippet;
use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Stance, StanceTarget};
use attrib_core::workspace::{Action, Workspace};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::focus::{focus_by_id, focus_later};
use crate::components::fields::{Choice, SelectField, TextAreaField, TextField};
use crate::state::Msg;
use crate::view::{
    guidelines, kind_name, readable, row_button_id, ANNOTATIONS_HEADING_ID, EDITOR_ID,
};

/// Select values that are not speaker ids.
const NO_SPEAKER: &str = "";
const NEW_SPEAKER: &str = "+new";
/// Speaker options are prefixed so no id can look like the two above.
const SPEAKER_PREFIX: &str = "id:";

/// How much of a span's or cue's text the editor shows.
const SPAN_TEXT: usize = 90;

#[derive(Properties, PartialEq)]
pub(crate) struct AnnotationEditorProps {
    /// The annotation to edit.
    pub id: AttrValue,
    pub workspace: Rc<Workspace>,
    pub dispatch: Callback<Msg>,
}

#[component]
pub(crate) fn AnnotationEditor(props: &AnnotationEditorProps) -> Html {
    let new_speaker = use_state(|| false);
    let speaker_select = use_node_ref();
    let new_speaker_input = use_node_ref();
    let stance_target = use_node_ref();
    let stance_label = use_node_ref();
    {
        // Focus the name field as soon as "New speaker…" opens it.
        let input = new_speaker_input.clone();
        use_effect_with(*new_speaker, move |open| {
            if *open {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    let doc = props.workspace.document();
    let Some(a) = doc.annotation(&props.id) else {
        return html! {};
    };
    let d = props.dispatch.clone();
    let id = a.id.clone();

    let onkeydown = {
        let id = id.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && !e.default_prevented() {
                focus_by_id(&row_button_id(&id));
            }
        })
    };

    let speaker_field = speaker_field(SpeakerFieldArgs {
        doc,
        a,
        dispatch: &d,
        open_new: new_speaker.clone(),
        select_ref: speaker_select.clone(),
    });
    let new_speaker_form = (*new_speaker).then(|| {
        new_speaker_form(
            &a.id,
            &d,
            new_speaker.clone(),
            new_speaker_input.clone(),
            speaker_select.clone(),
        )
    });
    let kind_fields = match &a.kind {
        Kind::Quote => html! {
            <>
                { label_select("Quote type", &a.quote_type, &doc.schema.quote_types, "Not set",
                               update(&d, a, |a, v| a.quote_type = v)) }
                { speaker_field }
                if let Some(form) = new_speaker_form.clone() { { form } }
                { cue_field(doc, a, &d) }
                { stance_fields(&props.workspace, a, &d, &stance_target, &stance_label) }
            </>
        },
        Kind::Claim => html! {
            <>
                { label_select("Check-worthiness", &a.checkworthiness, &doc.schema.checkworthiness, "Not set",
                               update(&d, a, |a, v| a.checkworthiness = v)) }
                { label_select("Claim type", &a.claim_type, &doc.schema.claim_types, "Not set",
                               update(&d, a, |a, v| a.claim_type = v)) }
                { speaker_field }
                if let Some(form) = new_speaker_form.clone() { { form } }
                { stance_fields(&props.workspace, a, &d, &stance_target, &stance_label) }
            </>
        },
        Kind::Mention | Kind::Custom(_) => html! {
            <>
                { speaker_field }
                if let Some(form) = new_speaker_form.clone() { { form } }
            </>
        },
    };

    let onnote = {
        let d = d.clone();
        let id = id.clone();
        let old = a.note.clone();
        Callback::from(move |note: String| {
            if note != old {
                d.emit(Msg::Apply(Action::SetNote {
                    annotation: id.clone(),
                    note,
                }));
            }
        })
    };
    let ondone = {
        let d = d.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Msg::Focus(None));
            focus_later(row_button_id(&id), Some(ANNOTATIONS_HEADING_ID.into()));
        })
    };
    let ondelete = {
        let d = d.clone();
        let id = id.clone();
        let workspace = props.workspace.clone();
        Callback::from(move |_: MouseEvent| {
            // Focus the next annotation (or the one before, if this was the
            // last), so the keyboard stays in the list.
            let ordered = workspace.annotations_in_order();
            let next = ordered
                .iter()
                .position(|x| x.id == id)
                .and_then(|i| {
                    ordered
                        .get(i + 1)
                        .or_else(|| i.checked_sub(1).and_then(|j| ordered.get(j)))
                })
                .map(|a| a.id.clone());
            d.emit(Msg::Apply(Action::RemoveAnnotation { id: id.clone() }));
            match &next {
                Some(n) => focus_later(row_button_id(n), Some(ANNOTATIONS_HEADING_ID.into())),
                None => focus_later(ANNOTATIONS_HEADING_ID.into(), None),
            }
            d.emit(Msg::Focus(next));
        })
    };
    let kind = kind_name(&a.kind);
    html! {
        <div class="ann-editor" id={EDITOR_ID} role="group" aria-label={format!("Edit {} {}", kind.to_lowercase(), a.id)}
             {onkeydown}>
            { for guidelines(doc, a).into_iter().map(|line| html! {
                <p class="field-hint ann-guideline" title={line.clone()}>{ line }</p>
            }) }
            { kind_fields }
            { spans_field(doc, a, &d) }
            <TextAreaField label="Note" value={AttrValue::from(a.note.clone())} onchange={onnote}
                           placeholder="Anything a reader of the annotations should know" />
            <div class="ann-editor-actions">
                <button type="button" onclick={ondone} title="Close the editor (Esc returns to the list)">{ "Done" }</button>
                <button type="button" class="danger" aria-label="Delete annotation" onclick={ondelete}>
                    { "Delete" }
                </button>
            </div>
        </div>
    }
}

/// A callback that sets one optional label field of the annotation with
/// `set` and sends the edit, when the value differs.
fn update(
    d: &Callback<Msg>,
    a: &Annotation,
    set: fn(&mut Annotation, Option<String>),
) -> Callback<String> {
    let d = d.clone();
    let a = a.clone();
    Callback::from(move |value: String| {
        let value = (!value.is_empty()).then_some(value);
        let mut changed = a.clone();
        set(&mut changed, value);
        if changed != a {
            d.emit(Msg::Apply(Action::UpdateAnnotation {
                annotation: changed,
            }));
        }
    })
}

/// A select over one of the schema's label sets, with a "not set" choice.
fn label_select(
    label: &'static str,
    current: &Option<String>,
    labels: &[String],
    unset: &'static str,
    onchange: Callback<String>,
) -> Html {
    let mut choices = vec![Choice::new("", unset)];
    choices.extend(labels.iter().map(|l| Choice::new(l.clone(), readable(l))));
    // A label the schema lacks (it cannot happen in a valid document) still
    // shows rather than silently reading as another.
    if let Some(c) = current {
        if !labels.contains(c) {
            choices.push(Choice::new(c.clone(), readable(c)));
        }
    }
    html! {
        <SelectField {label} value={AttrValue::from(current.clone().unwrap_or_default())}
                     choices={Rc::new(choices)} {onchange} />
    }
}

struct SpeakerFieldArgs<'a> {
    doc: &'a AnnotatedDocument,
    a: &'a Annotation,
    dispatch: &'a Callback<Msg>,
    open_new: UseStateHandle<bool>,
    select_ref: NodeRef,
}

/// Who speaks a quote, who claims a claim, whom a mention names.
fn speaker_field(args: SpeakerFieldArgs<'_>) -> Html {
    let SpeakerFieldArgs {
        doc,
        a,
        dispatch,
        open_new,
        select_ref,
    } = args;
    let (label, unset) = match a.kind {
        Kind::Quote => ("Speaker", Some("Not set")),
        Kind::Claim => ("Claimant", Some("The article itself")),
        Kind::Mention => ("Names speaker", None),
        Kind::Custom(_) => ("Speaker", Some("None")),
    };
    let current = a
        .speaker
        .as_ref()
        .map(|s| format!("{SPEAKER_PREFIX}{s}"))
        .unwrap_or_default();
    let mut choices = Vec::new();
    match unset {
        Some(text) => choices.push(Choice::new(NO_SPEAKER, text)),
        // A mention always names someone; this shows only if it does not.
        None if a.speaker.is_none() => choices.push(Choice::new(NO_SPEAKER, "Choose…")),
        None => {}
    }
    choices.extend(
        doc.speakers
            .iter()
            .map(|s| Choice::new(format!("{SPEAKER_PREFIX}{}", s.id), s.name.clone())),
    );
    choices.push(Choice::new(NEW_SPEAKER, "New speaker…"));
    let onchange = {
        let d = dispatch.clone();
        let id = a.id.clone();
        let old = a.speaker.clone();
        let is_mention = a.kind == Kind::Mention;
        Callback::from(move |value: String| {
            if value == NEW_SPEAKER {
                open_new.set(true);
                return;
            }
            open_new.set(false);
            let chosen = value.strip_prefix(SPEAKER_PREFIX).map(str::to_string);
            if chosen == old {
                return;
            }
            match chosen {
                Some(speaker) => d.emit(Msg::Apply(Action::AttachSpeaker {
                    annotation: id.clone(),
                    speaker,
                })),
                None if is_mention => {}
                None => d.emit(Msg::Apply(Action::DetachSpeaker {
                    annotation: id.clone(),
                })),
            }
        })
    };
    html! {
        <SelectField {label} value={AttrValue::from(current)} choices={Rc::new(choices)} {onchange}
                     select_ref={select_ref} />
    }
}

/// The name field "New speaker…" opens: Enter or "Set speaker" creates the
/// speaker (or links an existing one of that name); Escape or "Cancel"
/// goes back to the list of speakers.
fn new_speaker_form(
    annotation: &str,
    d: &Callback<Msg>,
    open: UseStateHandle<bool>,
    input: NodeRef,
    select: NodeRef,
) -> Html {
    let submit = {
        let d = d.clone();
        let open = open.clone();
        let input = input.clone();
        let annotation = annotation.to_string();
        move || {
            let name = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            if name.trim().is_empty() {
                d.emit(Msg::info(
                    "Type the new speaker's name, then press Enter (or Esc to cancel).",
                ));
                return;
            }
            d.emit(Msg::SpeakerByName {
                annotation: annotation.clone(),
                name,
            });
            open.set(false);
        }
    };
    let cancel = {
        let open = open.clone();
        move || {
            open.set(false);
            // Put the select back on the annotation's speaker and return to it.
            if let Some(sel) = select.cast::<HtmlSelectElement>() {
                if let Some(first) = sel.query_selector("option[selected]").ok().flatten() {
                    let value = first.get_attribute("value").unwrap_or_default();
                    sel.set_value(&value);
                } else {
                    sel.set_selected_index(0);
                }
                let _ = sel.focus();
            }
        }
    };
    let onkeydown = {
        let submit = submit.clone();
        let cancel = cancel.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                submit();
            }
            "Escape" => {
                // Handled here: Escape leaves this field, not the editor.
                e.prevent_default();
                e.stop_propagation();
                cancel();
            }
            _ => {}
        })
    };
    let onsubmit = Callback::from(move |_: MouseEvent| submit());
    let oncancel = Callback::from(move |_: MouseEvent| cancel());
    html! {
        <div class="new-speaker">
            <label class="field">
                <span class="field-label">{ "New speaker's name" }</span>
                <input ref={input} type="text" list="annotation-speaker-names" autocomplete="off" {onkeydown} />
            </label>
            <div class="row-actions">
                <button type="button" class="primary" onclick={onsubmit}>{ "Set speaker" }</button>
                <button type="button" onclick={oncancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

/// The quote's cue: its text and "Clear cue", or how to set one.
fn cue_field(doc: &AnnotatedDocument, a: &Annotation, d: &Callback<Msg>) -> Html {
    match a.cue {
        Some(cue) => {
            let text = snippet(doc.text.slice(cue).unwrap_or_default(), SPAN_TEXT);
            let onclick = {
                let d = d.clone();
                let id = a.id.clone();
                Callback::from(move |_: MouseEvent| {
                    d.emit(Msg::Apply(Action::SetCue {
                        annotation: id.clone(),
                        cue: None,
                    }))
                })
            };
            html! {
                <div class="field field-static">
                    <span class="field-label">{ "Cue" }</span>
                    <span class="cue-text">{ format!("“{text}”") }</span>
                    <button type="button" {onclick}>{ "Clear cue" }</button>
                </div>
            }
        }
        None => html! {
            <div class="field field-static">
                <span class="field-label">{ "Cue" }</span>
                <span class="field-hint">
                    { "None. Select the reporting verb (“said”) in the article and press " }
                    <kbd>{ "v" }</kbd>{ " or Cue." }
                </span>
            </div>
        },
    }
}

/// A stance target as typed: a speaker when it is one's name or alias.
fn resolve_target(doc: &AnnotatedDocument, typed: &str) -> Option<StanceTarget> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    Some(match doc.speaker_named(typed) {
        Some(s) => StanceTarget::Speaker(s.id.clone()),
        None => StanceTarget::Text(typed.to_string()),
    })
}

/// Stance target (free text, or a speaker's name) and label. A stance needs
/// both; whichever is given first waits for the other.
fn stance_fields(
    workspace: &Rc<Workspace>,
    a: &Annotation,
    d: &Callback<Msg>,
    target_ref: &NodeRef,
    label_ref: &NodeRef,
) -> Html {
    let doc = workspace.document();
    let target_text = match a.stance.as_ref().map(|s| &s.target) {
        Some(StanceTarget::Text(t)) => t.clone(),
        Some(StanceTarget::Speaker(id)) => doc
            .speaker(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.clone()),
        None => String::new(),
    };
    let label = a
        .stance
        .as_ref()
        .map(|s| s.label.clone())
        .unwrap_or_default();
    let send = {
        let d = d.clone();
        let id = a.id.clone();
        let old = a.stance.clone();
        move |stance: Option<Stance>| {
            if stance != old {
                d.emit(Msg::Apply(Action::SetStance {
                    annotation: id.clone(),
                    stance,
                }));
            }
        }
    };
    let ontarget = {
        let send = send.clone();
        let d = d.clone();
        let workspace = workspace.clone();
        let old = a.stance.clone();
        let label_ref = label_ref.clone();
        Callback::from(move |typed: String| {
            let Some(target) = resolve_target(workspace.document(), &typed) else {
                // Clearing the target clears the stance.
                send(None);
                return;
            };
            let label = old.as_ref().map(|s| s.label.clone()).or_else(|| {
                label_ref
                    .cast::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .filter(|v| !v.is_empty())
            });
            match label {
                Some(label) => send(Some(Stance { target, label })),
                None => d.emit(Msg::info(format!(
                    "Now choose the stance towards “{}”: favor, against, …",
                    typed.trim()
                ))),
            }
        })
    };
    let onlabel = {
        let d = d.clone();
        let workspace = workspace.clone();
        let old = a.stance.clone();
        let target_ref = target_ref.clone();
        Callback::from(move |label: String| {
            if label.is_empty() {
                send(None);
                return;
            }
            let target = old.as_ref().map(|s| s.target.clone()).or_else(|| {
                target_ref
                    .cast::<HtmlInputElement>()
                    .and_then(|i| resolve_target(workspace.document(), &i.value()))
            });
            match target {
                Some(target) => send(Some(Stance { target, label })),
                None => {
                    d.emit(Msg::info(
                        "Now type the stance's target: whom or what the speaker is for or against.",
                    ));
                    if let Some(input) = target_ref.cast::<HtmlInputElement>() {
                        let _ = input.focus();
                    }
                }
            }
        })
    };
    let mut choices = vec![Choice::new("", "No stance")];
    choices.extend(
        doc.schema
            .stance_labels
            .iter()
            .map(|l| Choice::new(l.clone(), readable(l))),
    );
    html! {
        <fieldset class="stance">
            <legend>{ "Stance" }</legend>
            <TextField label="Target" value={AttrValue::from(target_text)} onchange={ontarget}
                       list="annotation-speaker-names" input_ref={target_ref.clone()}
                       placeholder="Whom or what it is about" />
            <SelectField label="Label" value={AttrValue::from(label)} choices={Rc::new(choices)}
                         onchange={onlabel} select_ref={label_ref.clone()} />
            <datalist id="annotation-speaker-names">
                { for doc.speakers.iter().map(|s| html! { <option value={s.name.clone()} /> }) }
            </datalist>
        </fieldset>
    }
}

/// The annotation's spans, each removable while there is more than one.
fn spans_field(doc: &AnnotatedDocument, a: &Annotation, d: &Callback<Msg>) -> Html {
    let several = a.spans.len() > 1;
    let items = a.spans.iter().enumerate().map(|(i, span)| {
        let text = snippet(doc.text.slice(*span).unwrap_or_default(), SPAN_TEXT);
        let onclick = {
            let d = d.clone();
            let id = a.id.clone();
            let span = *span;
            Callback::from(move |_: MouseEvent| {
                d.emit(Msg::Apply(Action::RemoveSpan {
                    annotation: id.clone(),
                    span,
                }))
            })
        };
        html! {
            <li>
                <span class="span-text">{ text.clone() }</span>
                if several {
                    <button type="button" class="small" aria-label={format!("Remove span {}: “{text}”", i + 1)}
                            {onclick}>{ "Remove span" }</button>
                }
            </li>
        }
    });
    html! {
        <div class="field field-static spans-field">
            <span class="field-label" id="annotation-spans-label">
                { if several { format!("{} spans", a.spans.len()) } else { "Span".to_string() } }
            </span>
            <ol class="span-list" aria-labelledby="annotation-spans-label">{ for items }</ol>
            if a.kind == Kind::Quote {
                <span class="field-hint">
                    { "Quote goes on after “he said”? Select the rest and press " }<kbd>{ "a" }</kbd>{ "." }
                </span>
            }
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::annotation_list::AnnotationList;
    use crate::components::test_support::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The annotations panel with `id` focused, so its editor is open.
    async fn editing(id: &str) -> Mounted<AnnotationList> {
        let mut state = sample_state();
        state.update(Msg::Focus(Some(id.into())));
        mount::<AnnotationList>(state).await
    }

    /// The select labelled `label` inside the editor.
    fn select_labelled(m: &Mounted<AnnotationList>, label: &str) -> String {
        let labels = m.root.query_selector_all(".ann-editor label").unwrap();
        for i in 0..labels.length() {
            let el: web_sys::Element =
                wasm_bindgen::JsCast::dyn_into(labels.item(i).unwrap()).unwrap();
            if text_of(&el, ".field-label") == label {
                let id = format!("test-{}", label.to_lowercase().replace(' ', "-"));
                find(&el, "select, input, textarea").set_id(&id);
                return format!("#{id}");
            }
        }
        panic!("no control labelled {label}");
    }

    fn annotation(m: &Mounted<AnnotationList>, id: &str) -> Annotation {
        m.state
            .document()
            .annotation(id)
            .cloned()
            .expect("the annotation")
    }

    #[wasm_bindgen_test]
    async fn every_control_of_a_quote_has_a_label_and_shows_its_value() {
        let m = editing("a1").await;
        let sel = select_labelled(&m, "Quote type");
        assert_eq!(select_value(&m.root, &sel), "direct");
        let sel = select_labelled(&m, "Speaker");
        assert_eq!(select_value(&m.root, &sel), "id:s1");
        let target = select_labelled(&m, "Target");
        assert_eq!(input_value(&m.root, &target), "Russia");
        let label = select_labelled(&m, "Label");
        assert_eq!(select_value(&m.root, &label), "against");
        assert_eq!(text_of(&m.root, ".cue-text"), "“said”");
        select_labelled(&m, "Note");
        assert!(find(&m.root, "button[aria-label='Delete annotation']").is_object());
        // One span: nothing to remove.
        assert!(m
            .root
            .query_selector(".span-list button")
            .unwrap()
            .is_none());
    }

    #[wasm_bindgen_test]
    async fn changing_the_quote_type_sends_one_update() {
        let mut m = editing("a1").await;
        let sel = select_labelled(&m, "Quote type");
        change_select(&m.root, &sel, "indirect").await;
        let mut want = annotation(&m, "a1");
        want.quote_type = Some("indirect".into());
        assert_eq!(
            *m.msgs.borrow(),
            [Msg::Apply(Action::UpdateAnnotation { annotation: want })]
        );
        m.apply_sent().await;
        assert_eq!(annotation(&m, "a1").quote_type.as_deref(), Some("indirect"));
        assert_eq!(select_value(&m.root, &sel), "indirect");
        // Undo puts the select back.
        let mut state = m.state.clone();
        state.update(Msg::Undo);
        m.set(state).await;
        assert_eq!(select_value(&m.root, &sel), "direct");
    }

    #[wasm_bindgen_test]
    async fn the_speaker_select_attaches_detaches_and_names_a_new_speaker() {
        let mut m = editing("a1").await;
        let sel = select_labelled(&m, "Speaker");
        change_select(&m.root, &sel, "id:s2").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::AttachSpeaker {
                annotation: "a1".into(),
                speaker: "s2".into()
            }))
        );
        change_select(&m.root, &sel, "").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::DetachSpeaker {
                annotation: "a1".into()
            }))
        );
        m.msgs.borrow_mut().clear();
        change_select(&m.root, &sel, "+new").await;
        assert!(m.msgs.borrow().is_empty());
        let input = find(&m.root, ".new-speaker input");
        assert_eq!(input, gloo::utils::document().active_element().unwrap());
        type_into(&m.root, ".new-speaker input", "Bashar al-Assad 🇸🇾");
        press(&input, "Enter").await;
        assert_eq!(
            m.last(),
            Some(Msg::SpeakerByName {
                annotation: "a1".into(),
                name: "Bashar al-Assad 🇸🇾".into()
            })
        );
        m.apply_sent().await;
        assert!(m.root.query_selector(".new-speaker").unwrap().is_none());
        let a = annotation(&m, "a1");
        let speaker = m
            .state
            .document()
            .speaker(a.speaker.as_deref().unwrap())
            .unwrap();
        assert_eq!(speaker.name, "Bashar al-Assad 🇸🇾");
        assert_eq!(select_value(&m.root, &sel), format!("id:{}", speaker.id));
    }

    #[wasm_bindgen_test]
    async fn stance_label_and_target_edit_the_stance() {
        let m = editing("a1").await;
        let label = select_labelled(&m, "Label");
        change_select(&m.root, &label, "favor").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::SetStance {
                annotation: "a1".into(),
                stance: Some(Stance {
                    target: StanceTarget::Text("Russia".into()),
                    label: "favor".into()
                })
            }))
        );
        // A speaker's name (or alias) as target names the speaker.
        let target = select_labelled(&m, "Target");
        commit_input(&m.root, &target, "sergei lavrov").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::SetStance {
                annotation: "a1".into(),
                stance: Some(Stance {
                    target: StanceTarget::Speaker("s2".into()),
                    label: "against".into()
                })
            }))
        );
        change_select(&m.root, &label, "").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::SetStance {
                annotation: "a1".into(),
                stance: None
            }))
        );
    }

    #[wasm_bindgen_test]
    async fn a_new_stance_waits_for_both_label_and_target() {
        let m = editing("a2").await;
        let label = select_labelled(&m, "Label");
        let target = select_labelled(&m, "Target");
        change_select(&m.root, &label, "neutral").await;
        assert!(matches!(m.last(), Some(Msg::Notify(_))), "{:?}", m.last());
        assert_eq!(focused_id(), target.trim_start_matches('#'));
        commit_input(&m.root, &target, "the talks").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::SetStance {
                annotation: "a2".into(),
                stance: Some(Stance {
                    target: StanceTarget::Text("the talks".into()),
                    label: "neutral".into()
                })
            }))
        );
    }

    #[wasm_bindgen_test]
    async fn claim_fields_send_their_edits() {
        let m = editing("a2").await;
        let worth = select_labelled(&m, "Check-worthiness");
        change_select(&m.root, &worth, "checkworthy").await;
        let mut want = annotation(&m, "a2");
        want.checkworthiness = Some("checkworthy".into());
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::UpdateAnnotation { annotation: want }))
        );
        let kind = select_labelled(&m, "Claim type");
        change_select(&m.root, &kind, "law_rule").await;
        let mut want = annotation(&m, "a2");
        want.claim_type = Some("law_rule".into());
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::UpdateAnnotation { annotation: want }))
        );
        let claimant = select_labelled(&m, "Claimant");
        assert_eq!(select_value(&m.root, &claimant), "");
        change_select(&m.root, &claimant, "id:s1").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::AttachSpeaker {
                annotation: "a2".into(),
                speaker: "s1".into()
            }))
        );
    }

    #[wasm_bindgen_test]
    async fn a_mention_names_another_speaker() {
        let m = editing("a4").await;
        let sel = select_labelled(&m, "Names speaker");
        assert_eq!(select_value(&m.root, &sel), "id:s1");
        // A mention must name someone: there is no "none" choice.
        assert!(m
            .root
            .query_selector(&format!("{sel} option[value='']"))
            .unwrap()
            .is_none());
        change_select(&m.root, &sel, "id:s2").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::AttachSpeaker {
                annotation: "a4".into(),
                speaker: "s2".into()
            }))
        );
        assert!(m.root.query_selector(".stance").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn spans_cue_and_note() {
        let m = editing("a3").await;
        let buttons = m.root.query_selector_all(".span-list button").unwrap();
        assert_eq!(buttons.length(), 2);
        click(&m.root, ".span-list li:nth-child(2) button").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::RemoveSpan {
                annotation: "a3".into(),
                span: span_of(TEXT, "tested")
            }))
        );
        let note = select_labelled(&m, "Note");
        let area: web_sys::HtmlTextAreaElement =
            wasm_bindgen::JsCast::dyn_into(find(&m.root, &note)).unwrap();
        area.set_value("Two spans: 漢字 😀");
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        area.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::SetNote {
                annotation: "a3".into(),
                note: "Two spans: 漢字 😀".into()
            }))
        );
        let quote = editing("a1").await;
        click(&quote.root, ".cue-text + button").await;
        assert_eq!(
            quote.last(),
            Some(Msg::Apply(Action::SetCue {
                annotation: "a1".into(),
                cue: None
            }))
        );
    }

    #[wasm_bindgen_test]
    async fn delete_removes_it_and_moves_focus_to_the_next_row() {
        let mut m = editing("a1").await;
        click(&m.root, "button[aria-label='Delete annotation']").await;
        assert_eq!(
            *m.msgs.borrow(),
            [
                Msg::Apply(Action::RemoveAnnotation { id: "a1".into() }),
                Msg::Focus(Some("a2".into()))
            ]
        );
        m.apply_sent().await;
        settle().await;
        assert!(m.state.document().annotation("a1").is_none());
        assert_eq!(m.state.focused.as_deref(), Some("a2"));
        assert_eq!(focused_id(), row_button_id("a2"));
    }

    #[wasm_bindgen_test]
    async fn escape_in_the_editor_returns_to_the_row() {
        let m = editing("a1").await;
        let target = select_labelled(&m, "Target");
        let input: HtmlInputElement =
            wasm_bindgen::JsCast::dyn_into(find(&m.root, &target)).unwrap();
        input.focus().unwrap();
        input.set_value("half-typed");
        press(&input, "Escape").await;
        assert_eq!(focused_id(), row_button_id("a1"));
        // What was typed but not committed is put back, and nothing sent.
        assert_eq!(input.value(), "Russia");
        assert!(m.msgs.borrow().is_empty(), "{:?}", m.msgs.borrow());
    }
}
