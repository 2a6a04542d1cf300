//! The speakers panel: every speaker with how often the article names them
//! and how many quotes and claims are theirs. One speaker at a time opens
//! for editing: rename, role, aliases, merge into another speaker, delete.
//! "Add speaker" creates one by name.

use std::collections::HashMap;
use std::rc::Rc;

use attrib_core::model::{same_name, Kind, Speaker, StanceTarget};
use attrib_core::workspace::{Action, Workspace};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::focus::{focus_by_id, focus_later};
use crate::components::fields::{Choice, SelectField, TextField};
use crate::props::PanelProps;
use crate::state::Msg;

const HEADING_ID: &str = "speakers-heading";
const NEW_NAME_ID: &str = "new-speaker-name";

fn edit_button_id(id: &str) -> String {
    format!("speaker-edit-{id}")
}

fn editor_id(id: &str) -> String {
    format!("speaker-editor-{id}")
}

/// How one speaker is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub mentions: usize,
    pub quotes: usize,
    pub claims: usize,
    /// Annotations of other kinds naming them, and stances aimed at them.
    pub other: usize,
}

impl Usage {
    /// Everything that refers to the speaker (what blocks deleting them).
    pub fn references(&self) -> usize {
        self.mentions + self.quotes + self.claims + self.other
    }

    /// "2 mentions · 1 quote · 0 claims".
    pub fn describe(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        let mut parts = vec![
            n(self.mentions, "mention", "mentions"),
            n(self.quotes, "quote", "quotes"),
            n(self.claims, "claim", "claims"),
        ];
        if self.other > 0 {
            parts.push(n(self.other, "other reference", "other references"));
        }
        parts.join(" · ")
    }
}

/// Every speaker's usage, in one pass over the annotations. An annotation
/// both spoken by and aimed at a speaker counts once, by its kind.
/// Counted under borrowed ids, so a long document costs no allocation per
/// annotation; only the few speakers' ids are copied at the end.
pub(crate) fn usage_of(ws: &Workspace) -> HashMap<String, Usage> {
    let mut usage: HashMap<&str, Usage> = HashMap::new();
    for a in &ws.document().annotations {
        if let Some(s) = &a.speaker {
            let u = usage.entry(s.as_str()).or_default();
            match a.kind {
                Kind::Mention => u.mentions += 1,
                Kind::Quote => u.quotes += 1,
                Kind::Claim => u.claims += 1,
                Kind::Custom(_) => u.other += 1,
            }
        }
        if let Some(StanceTarget::Speaker(t)) = a.stance.as_ref().map(|s| &s.target) {
            if a.speaker.as_ref() != Some(t) {
                usage.entry(t.as_str()).or_default().other += 1;
            }
        }
    }
    usage
        .into_iter()
        .map(|(id, u)| (id.to_string(), u))
        .collect()
}

#[component]
pub(crate) fn SpeakersPanel(props: &PanelProps) -> Html {
    let editing = use_state(|| None::<String>);
    let usage = use_memo(props.state.workspace.clone(), |ws| usage_of(ws));
    let doc = props.state.document();
    let speakers = &doc.speakers;
    let rows = speakers.iter().map(|s| {
        let u = usage.get(&s.id).copied().unwrap_or_default();
        let open = editing.as_deref() == Some(s.id.as_str());
        let ontoggle = {
            let editing = editing.clone();
            let id = s.id.clone();
            Callback::from(move |_: MouseEvent| {
                editing.set(if open { None } else { Some(id.clone()) });
            })
        };
        html! {
            <li role="listitem" key={s.id.clone()} class={classes!("speaker-row", open.then_some("is-open"))}>
                <div class="speaker-head">
                    <span class="speaker-name">{ s.name.clone() }</span>
                    if let Some(role) = &s.role {
                        <span class="speaker-role">{ role.clone() }</span>
                    }
                    <span class="speaker-counts">{ u.describe() }</span>
                    <button type="button" class="small speaker-edit" id={edit_button_id(&s.id)}
                            aria-expanded={open.to_string()} aria-controls={open.then(|| editor_id(&s.id))}
                            aria-label={format!("Edit {}", s.name)} onclick={ontoggle}>
                        { if open { "Close" } else { "Edit" } }
                    </button>
                </div>
                if open {
                    <SpeakerEditor speaker={s.clone()} usage={u} others={Rc::new(
                        speakers.iter().filter(|o| o.id != s.id).map(|o| (o.id.clone(), o.name.clone())).collect::<Vec<_>>()
                    )} dispatch={props.dispatch.clone()} editing={editing.clone()} />
                }
            </li>
        }
    });
    html! {
        <section class="panel speakers-panel" aria-labelledby={HEADING_ID}>
            <div class="panel-head">
                <h2 id={HEADING_ID} tabindex="-1">
                    { "Speakers" }
                    <span class="count" aria-label={format!("{} in all", speakers.len())}>{ speakers.len() }</span>
                </h2>
            </div>
            if speakers.is_empty() {
                <p class="panel-empty">
                    { "No speakers yet. Select a name in the article and press " }<kbd>{ "s" }</kbd>
                    { ", or add one below." }
                </p>
            } else {
                <ul class="speaker-list" role="list" aria-labelledby={HEADING_ID}>{ for rows }</ul>
            }
            <AddSpeakerForm state={props.state.clone()} dispatch={props.dispatch.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SpeakerEditorProps {
    speaker: Speaker,
    usage: Usage,
    /// The other speakers as (id, name), for "Merge into…".
    others: Rc<Vec<(String, String)>>,
    dispatch: Callback<Msg>,
    editing: UseStateHandle<Option<String>>,
}

#[component]
fn SpeakerEditor(props: &SpeakerEditorProps) -> Html {
    let alias_input = use_node_ref();
    let merge_select = use_node_ref();
    let s = &props.speaker;
    let d = &props.dispatch;

    let onrename = {
        let d = d.clone();
        let s = s.clone();
        let others = props.others.clone();
        Callback::from(move |name: String| {
            let name = name.trim().to_string();
            if name == s.name {
                return;
            }
            if name.is_empty() {
                d.emit(Msg::error(format!(
                    "A speaker needs a name: type one for “{}”, or delete the speaker.",
                    s.name
                )));
                return;
            }
            if let Some((_, other)) = others.iter().find(|(_, n)| same_name(n, &name)) {
                d.emit(Msg::error(format!(
                    "Another speaker is already called “{other}”. To make them one speaker, use “Merge into…”."
                )));
                return;
            }
            d.emit(Msg::Apply(Action::RenameSpeaker {
                id: s.id.clone(),
                name,
            }));
        })
    };
    let onrole = {
        let d = d.clone();
        let s = s.clone();
        Callback::from(move |role: String| {
            let role = Some(role.trim().to_string()).filter(|r| !r.is_empty());
            if role != s.role {
                d.emit(Msg::Apply(Action::UpdateSpeaker {
                    speaker: Speaker { role, ..s.clone() },
                }));
            }
        })
    };
    let add_alias = {
        let d = d.clone();
        let s = s.clone();
        let input = alias_input.clone();
        move || {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let alias = el.value().trim().to_string();
            if alias.is_empty() {
                d.emit(Msg::info(
                    "Type the other name the article uses, then press Add alias.",
                ));
                return;
            }
            if s.is_called(&alias) {
                d.emit(Msg::info(format!(
                    "“{alias}” is already a name of {}.",
                    s.name
                )));
                return;
            }
            let mut aliases = s.aliases.clone();
            aliases.push(alias);
            d.emit(Msg::Apply(Action::UpdateSpeaker {
                speaker: Speaker {
                    aliases,
                    ..s.clone()
                },
            }));
            el.set_value("");
        }
    };
    let onalias_key = {
        let add_alias = add_alias.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add_alias();
            }
        })
    };
    let onadd_alias = Callback::from(move |_: MouseEvent| add_alias());
    let alias_items = s.aliases.iter().map(|alias| {
        let onclick = {
            let d = d.clone();
            let s = s.clone();
            let alias = alias.clone();
            Callback::from(move |_: MouseEvent| {
                let aliases = s.aliases.iter().filter(|a| **a != alias).cloned().collect();
                d.emit(Msg::Apply(Action::UpdateSpeaker {
                    speaker: Speaker {
                        aliases,
                        ..s.clone()
                    },
                }));
                focus_later(format!("speaker-alias-{}", s.id), None);
            })
        };
        html! {
            <li class="alias">
                <span>{ alias.clone() }</span>
                <button type="button" class="chip-remove" aria-label={format!("Remove alias {alias}")}
                        title="Remove alias" {onclick}>{ "×" }</button>
            </li>
        }
    });

    let onmerge = {
        let d = d.clone();
        let s = s.clone();
        let select = merge_select.clone();
        let editing = props.editing.clone();
        let others = props.others.clone();
        Callback::from(move |_: MouseEvent| {
            let keep = select
                .cast::<HtmlSelectElement>()
                .map(|el| el.value())
                .unwrap_or_default();
            if keep.is_empty() {
                d.emit(Msg::info(format!(
                    "Choose the speaker to merge {} into, then press Merge.",
                    s.name
                )));
                return;
            }
            let keep_name = others
                .iter()
                .find(|(id, _)| *id == keep)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| keep.clone());
            d.emit(Msg::ApplyAndSay {
                action: Action::MergeSpeakers {
                    keep: keep.clone(),
                    merge: s.id.clone(),
                },
                success: format!(
                    "Merged {} into {keep_name}; Undo splits them again.",
                    s.name
                ),
            });
            editing.set(Some(keep.clone()));
            focus_later(edit_button_id(&keep), Some(HEADING_ID.into()));
        })
    };
    let merge_choices: Vec<Choice> = std::iter::once(Choice::new("", "Choose a speaker…"))
        .chain(
            props
                .others
                .iter()
                .map(|(id, name)| Choice::new(id.clone(), name.clone())),
        )
        .collect();

    let references = props.usage.references();
    let ondelete = {
        let d = d.clone();
        let id = s.id.clone();
        let editing = props.editing.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Msg::Apply(Action::RemoveSpeaker { id: id.clone() }));
            if references == 0 {
                editing.set(None);
                focus_later(NEW_NAME_ID.into(), Some(HEADING_ID.into()));
            }
        })
    };
    let onkeydown = {
        let editing = props.editing.clone();
        let id = s.id.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && !e.default_prevented() {
                editing.set(None);
                focus_by_id(&edit_button_id(&id));
            }
        })
    };

    html! {
        <div class="speaker-editor" id={editor_id(&s.id)} role="group"
             aria-label={format!("Edit speaker {}", s.name)} {onkeydown}>
            <TextField label="Name" value={AttrValue::from(s.name.clone())} onchange={onrename} />
            <TextField label="Role or affiliation" value={AttrValue::from(s.role.clone().unwrap_or_default())}
                       onchange={onrole} placeholder="e.g. US Secretary of State" />
            <div class="field field-static">
                <span class="field-label" id={format!("speaker-aliases-{}", s.id)}>{ "Also called" }</span>
                if s.aliases.is_empty() {
                    <span class="field-hint">{ "No aliases yet." }</span>
                } else {
                    <ul class="alias-list" aria-labelledby={format!("speaker-aliases-{}", s.id)}>
                        { for alias_items }
                    </ul>
                }
                <div class="inline-form">
                    <label class="field">
                        <span class="field-label visually-hidden">{ format!("New alias for {}", s.name) }</span>
                        <input ref={alias_input} id={format!("speaker-alias-{}", s.id)} type="text"
                               autocomplete="off" placeholder="Another name, e.g. Kerry" onkeydown={onalias_key} />
                    </label>
                    <button type="button" onclick={onadd_alias}>{ "Add alias" }</button>
                </div>
            </div>
            if !props.others.is_empty() {
                <div class="inline-form merge-form">
                    <SelectField label={AttrValue::from(format!("Merge {} into…", s.name))} value=""
                                 choices={Rc::new(merge_choices)} onchange={Callback::noop()}
                                 select_ref={merge_select} />
                    <button type="button" onclick={onmerge}>{ "Merge" }</button>
                </div>
            }
            <div class="speaker-editor-actions">
                if references > 0 {
                    <p class="field-hint">
                        { format!("{} cannot be deleted while {} annotation{} refer to them: merge them into another speaker, or change those annotations first.",
                                  s.name, references, if references == 1 { "" } else { "s" }) }
                    </p>
                }
                <button type="button" class="danger" onclick={ondelete}
                        aria-label={format!("Delete speaker {}", s.name)}>{ "Delete speaker" }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AddSpeakerProps {
    state: Rc<crate::state::AppState>,
    dispatch: Callback<Msg>,
}

/// "Add speaker": a name and a button (or Enter).
#[component]
fn AddSpeakerForm(props: &AddSpeakerProps) -> Html {
    let input = use_node_ref();
    let add = {
        let input = input.clone();
        let d = props.dispatch.clone();
        let state = props.state.clone();
        move || {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let name = el.value().trim().to_string();
            if name.is_empty() {
                d.emit(Msg::info(
                    "Type the new speaker's name, then press Add speaker.",
                ));
                return;
            }
            if let Some(existing) = state.document().speaker_named(&name) {
                d.emit(Msg::info(format!(
                    "“{name}” is already a speaker ({}).",
                    existing.name
                )));
                return;
            }
            let id = state.workspace.next_speaker_id();
            d.emit(Msg::Apply(Action::AddSpeaker {
                speaker: Speaker::new(id, name),
            }));
            el.set_value("");
        }
    };
    let onkeydown = {
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| add());
    html! {
        <div class="inline-form add-speaker">
            <label class="field">
                <span class="field-label">{ "New speaker" }</span>
                <input ref={input} id={NEW_NAME_ID} type="text" autocomplete="off"
                       placeholder="Full name, e.g. John Kerry" {onkeydown} />
            </label>
            <button type="button" {onclick}>{ "Add speaker" }</button>
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::*;
    use attrib_core::model::Annotation;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::Element;

    wasm_bindgen_test_configure!(run_in_browser);

    fn rows(root: &Element) -> Vec<Element> {
        let items = find(root, "ul[role=list]")
            .query_selector_all("li[role=listitem]")
            .unwrap();
        (0..items.length())
            .map(|i| items.item(i).unwrap().dyn_into().unwrap())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn lists_speakers_with_their_counts() {
        let mut state = sample_state();
        // A second quote by Kerry and a stance aimed at Lavrov.
        let mut quote = Annotation::new("q2", Kind::Quote, vec![span_of(TEXT, "to reporters")]);
        quote.speaker = Some("s1".into());
        quote.stance = Some(attrib_core::model::Stance {
            target: StanceTarget::Speaker("s2".into()),
            label: "against".into(),
        });
        state.update(Msg::Apply(Action::AddAnnotation { annotation: quote }));
        let m = mount::<SpeakersPanel>(state).await;
        let rows = rows(&m.root);
        assert_eq!(rows.len(), 2);
        assert_eq!(text_of(&rows[0], ".speaker-name"), "John Kerry 😀");
        assert_eq!(
            text_of(&rows[0], ".speaker-counts"),
            "1 mention · 2 quotes · 0 claims"
        );
        assert_eq!(text_of(&rows[1], ".speaker-name"), "Sergei Lavrov");
        assert_eq!(
            text_of(&rows[1], ".speaker-counts"),
            "1 mention · 0 quotes · 0 claims · 1 other reference"
        );
        assert_eq!(text_of(&m.root, "h2 .count"), "2");
        assert_eq!(
            find(&rows[0], ".speaker-edit")
                .get_attribute("aria-label")
                .as_deref(),
            Some("Edit John Kerry 😀")
        );
    }

    async fn open_editor(m: &Mounted<SpeakersPanel>, id: &str) {
        click(&m.root, &format!("#{}", edit_button_id(id))).await;
        assert!(find(&m.root, &format!("#{}", editor_id(id))).is_object());
    }

    #[wasm_bindgen_test]
    async fn merge_sends_merge_speakers_keeping_the_chosen_one() {
        let mut m = mount::<SpeakersPanel>(sample_state()).await;
        open_editor(&m, "s2").await;
        // Only one editor at a time, and it lists only the other speakers.
        assert_eq!(
            m.root
                .query_selector_all(".speaker-editor")
                .unwrap()
                .length(),
            1
        );
        let options = m.root.query_selector_all(".merge-form option").unwrap();
        assert_eq!(options.length(), 2);
        change_select(&m.root, ".merge-form select", "s1").await;
        assert!(m.msgs.borrow().is_empty());
        click(&m.root, ".merge-form button").await;
        let sent = m.msgs.borrow().first().cloned();
        let Some(Msg::ApplyAndSay { action, success }) = sent else {
            panic!("expected a merge, got {sent:?}");
        };
        assert_eq!(
            action,
            Action::MergeSpeakers {
                keep: "s1".into(),
                merge: "s2".into()
            }
        );
        assert!(
            success.starts_with("Merged Sergei Lavrov into"),
            "{success}"
        );
        m.apply_sent().await;
        settle().await;
        assert_eq!(m.state.document().speakers.len(), 1);
        let kept = &m.state.document().speakers[0];
        assert!(kept.aliases.contains(&"Sergei Lavrov".to_string()));
        assert_eq!(
            text_of(&m.root, ".speaker-counts"),
            "2 mentions · 1 quote · 0 claims"
        );
        settle_until("focus on the kept speaker's edit button", || {
            focused_id() == edit_button_id("s1")
        })
        .await;
    }

    #[wasm_bindgen_test]
    async fn rename_role_and_aliases() {
        let mut m = mount::<SpeakersPanel>(sample_state()).await;
        open_editor(&m, "s1").await;
        let editor = find(&m.root, ".speaker-editor");
        let inputs = editor.query_selector_all("input").unwrap();
        let name: web_sys::HtmlInputElement = inputs.item(0).unwrap().dyn_into().unwrap();
        assert_eq!(name.value(), "John Kerry 😀");
        name.set_id("t-name");
        commit_input(&m.root, "#t-name", "John F. Kerry").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::RenameSpeaker {
                id: "s1".into(),
                name: "John F. Kerry".into()
            }))
        );
        // An empty name is refused with what to do.
        commit_input(&m.root, "#t-name", "  ").await;
        assert!(matches!(m.last(), Some(Msg::Notify(_))));
        let role: web_sys::HtmlInputElement = inputs.item(1).unwrap().dyn_into().unwrap();
        role.set_id("t-role");
        commit_input(&m.root, "#t-role", "US Secretary of State").await;
        let Some(Msg::Apply(Action::UpdateSpeaker { speaker })) = m.last() else {
            panic!("expected UpdateSpeaker, got {:?}", m.last());
        };
        assert_eq!(speaker.role.as_deref(), Some("US Secretary of State"));
        m.msgs.borrow_mut().clear();

        type_into(&m.root, "#speaker-alias-s1", "Secretary Kerry");
        click(&m.root, ".speaker-editor .inline-form button").await;
        let Some(Msg::Apply(Action::UpdateSpeaker { speaker })) = m.last() else {
            panic!("expected UpdateSpeaker, got {:?}", m.last());
        };
        assert_eq!(speaker.aliases, ["Kerry", "Secretary Kerry"]);
        m.apply_sent().await;
        assert_eq!(
            m.state.document().speakers[0].aliases,
            ["Kerry", "Secretary Kerry"]
        );
        click(&m.root, "button[aria-label='Remove alias Kerry']").await;
        let Some(Msg::Apply(Action::UpdateSpeaker { speaker })) = m.last() else {
            panic!("expected UpdateSpeaker, got {:?}", m.last());
        };
        assert_eq!(speaker.aliases, ["Secretary Kerry"]);
    }

    #[wasm_bindgen_test]
    async fn add_speaker_and_delete_an_unused_one() {
        let mut m = mount::<SpeakersPanel>(sample_state()).await;
        type_into(&m.root, "#new-speaker-name", "Walid Muallem");
        press(&find(&m.root, "#new-speaker-name"), "Enter").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::AddSpeaker {
                speaker: Speaker::new("s3", "Walid Muallem")
            }))
        );
        m.apply_sent().await;
        assert_eq!(rows(&m.root).len(), 3);
        // A name already known (here an alias) is not added twice.
        type_into(&m.root, "#new-speaker-name", "kerry");
        click(&m.root, ".add-speaker button").await;
        assert!(matches!(m.last(), Some(Msg::Notify(_))));
        m.msgs.borrow_mut().clear();

        open_editor(&m, "s3").await;
        click(&m.root, "button[aria-label='Delete speaker Walid Muallem']").await;
        assert_eq!(
            m.last(),
            Some(Msg::Apply(Action::RemoveSpeaker { id: "s3".into() }))
        );
        m.apply_sent().await;
        assert_eq!(rows(&m.root).len(), 2);
    }

    #[wasm_bindgen_test]
    async fn deleting_a_speaker_in_use_is_refused_with_a_reason() {
        let mut m = mount::<SpeakersPanel>(sample_state()).await;
        open_editor(&m, "s1").await;
        assert!(text_of(&m.root, ".speaker-editor-actions").contains("cannot be deleted"));
        click(&m.root, "button[aria-label='Delete speaker John Kerry 😀']").await;
        m.apply_sent().await;
        assert_eq!(m.state.document().speakers.len(), 2);
        let notice = m.state.notice.clone().expect("a notice");
        assert_eq!(notice.level, crate::state::NoticeLevel::Error);
        // The editor stays open so the user can merge instead.
        assert!(find(&m.root, &format!("#{}", editor_id("s1"))).is_object());
    }
}
