//! The global keyboard shortcuts. Single keys act only when focus is not in
//! a text field, so typing a note never marks anything.

use std::rc::Rc;

use attrib_core::style::{key_holder, KeyTarget};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::browser::focus::focus_first_in;
use crate::state::{AppState, CorpusMsg, Dialog, Msg, SchemaMsg, Step};
use crate::view::EDITOR_ID;

/// Whether keyboard focus is in a place where typing enters text.
fn typing_in_field(event: &KeyboardEvent) -> bool {
    let Some(el) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.get_attribute("contenteditable").is_some()
}

/// The letter (or digit) a key press stands for: the Latin letter it types, so that
/// the shortcuts follow the keyboard layout (on AZERTY the key that types
/// "a" is where QWERTY has "q"). When the key types no Latin letter (a
/// Cyrillic or Greek layout, or a symbol because Alt is held) the key's
/// position names the letter.
fn shortcut_letter(key: &str, code: &str) -> String {
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            return c.to_ascii_lowercase().to_string();
        }
        if c.is_ascii_digit() {
            return c.to_string();
        }
        if c.is_ascii() {
            // Punctuation: not a letter shortcut.
            return String::new();
        }
    }
    code.strip_prefix("Key")
        .or_else(|| code.strip_prefix("Digit"))
        .map(str::to_lowercase)
        .unwrap_or_default()
}

/// What a key press means here, if anything.
fn shortcut(event: &KeyboardEvent, state: &AppState) -> Option<Msg> {
    let ctrl = event.ctrl_key() || event.meta_key();
    let key = event.key();
    // In a text field the browser's own undo and shortcuts apply. While a
    // dialog is open, undo and redo would change the document under it (a
    // quote removed while its speaker is being asked for).
    if ctrl && (typing_in_field(event) || state.dialog.is_some()) {
        return None;
    }
    if ctrl {
        return match key.to_lowercase().as_str() {
            "z" if event.shift_key() => Some(Msg::Redo),
            "z" => Some(Msg::Undo),
            "y" => Some(Msg::Redo),
            _ => None,
        };
    }
    if key == "Escape" {
        if state.dialog.is_some() {
            return Some(Msg::CloseDialog);
        }
        if !typing_in_field(event) {
            crate::browser::selection::collapse_article_selection();
        }
        return Some(Msg::Select(None));
    }
    // The teaching and builders' pages hide the article: its keys must not
    // edit it unseen.
    if state.dialog.is_some()
        || typing_in_field(event)
        || state.teaching.view.is_some()
        || state.builders.view.is_some()
    {
        return None;
    }
    let snap = !event.alt_key();
    let letter = shortcut_letter(&key, &event.code());
    if event.alt_key() && state.corpus.is_some() {
        if let Some(msg) = corpus_key(&key, &letter) {
            return Some(Msg::Corpus(msg));
        }
    }
    match (key.as_str(), letter.as_str()) {
        ("Enter", _) => {
            // Enter on a button or link activates it; elsewhere it opens the
            // chosen annotation's editor.
            let on_control = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(
                        el.tag_name().to_ascii_lowercase().as_str(),
                        "button" | "a" | "summary"
                    )
                });
            if state.focused.is_some() && !on_control && focus_first_in(EDITOR_ID) {
                event.prevent_default();
            }
            None
        }
        ("?", _) => Some(Msg::OpenDialog(Dialog::Help)),
        ("]", _) => Some(Msg::FocusStep(1)),
        ("[", _) => Some(Msg::FocusStep(-1)),
        ("Delete", _) => state
            .focused
            .clone()
            .map(|id| Msg::Apply(attrib_core::workspace::Action::RemoveAnnotation { id })),
        (_, "a") => Some(Msg::AddSpanToFocused { snap }),
        (_, "v") => Some(Msg::SetCueFromSelection { snap }),
        (_, "e") if !event.alt_key() => Some(Msg::OpenDialog(Dialog::Export)),
        (_, "g") if !event.alt_key() => Some(Msg::Suggest),
        (_, "") => None,
        (_, letter) => schema_key(state, letter, snap),
    }
}

/// What the schema's key `letter` does: mark the selection with its kind
/// (q, c and s unless the schema moves them), or set its label on the
/// chosen annotation.
fn schema_key(state: &AppState, letter: &str, snap: bool) -> Option<Msg> {
    match key_holder(&state.document().schema, letter)? {
        KeyTarget::Kind(kind) => Some(Msg::Mark { kind, snap }),
        KeyTarget::Label { set, label } => Some(Msg::Schema(SchemaMsg::LabelChosen { set, label })),
    }
}

/// The corpus keys, all with Alt: ↓ and ↑ for the next and previous
/// document, N for the next not done, M to mark the document done.
fn corpus_key(key: &str, letter: &str) -> Option<CorpusMsg> {
    match (key, letter) {
        ("ArrowDown", _) => Some(CorpusMsg::Go(Step::Next)),
        ("ArrowUp", _) => Some(CorpusMsg::Go(Step::Previous)),
        (_, "n") => Some(CorpusMsg::Go(Step::NextNotDone)),
        (_, "m") => Some(CorpusMsg::ToggleDone),
        _ => None,
    }
}

/// Listens for shortcuts on the whole page while the app is mounted.
#[hook]
pub(crate) fn use_shortcuts(state: Rc<AppState>, dispatch: Callback<Msg>) {
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state;
    use_effect_with((), move |_| {
        // Not passive: a handled shortcut must stop the key typing anywhere.
        let options = EventListenerOptions::enable_prevent_default();
        let document = gloo::utils::document();
        let listener =
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.repeat() && event.key() != "ArrowLeft" && event.key() != "ArrowRight" {
                    // Holding q must not mark twenty quotes.
                    if !(event.ctrl_key() || event.meta_key()) {
                        return;
                    }
                }
                let msg = shortcut(event, &latest.borrow());
                if let Some(msg) = msg {
                    event.prevent_default();
                    dispatch.emit(msg);
                }
            });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_single_letter_shortcut_of_the_app_is_kept_from_the_schema() {
        let own = crate::view::MOVING_SHORTCUTS
            .iter()
            .chain(crate::view::MARKING_SHORTCUTS)
            .chain(crate::view::OTHER_SHORTCUTS);
        for (keys, _) in own {
            for part in keys.split(|c: char| !c.is_ascii_alphanumeric()) {
                let single = part.len() == 1 && part.chars().all(|c| c.is_ascii_lowercase());
                if single {
                    assert!(
                        attrib_core::style::reserved(part).is_some(),
                        "“{part}” ({keys}) is not reserved"
                    );
                }
            }
        }
    }

    #[test]
    fn corpus_keys_move_through_the_corpus_and_mark_done() {
        assert_eq!(corpus_key("ArrowDown", ""), Some(CorpusMsg::Go(Step::Next)));
        assert_eq!(
            corpus_key("ArrowUp", ""),
            Some(CorpusMsg::Go(Step::Previous))
        );
        // Option+N on a Mac types a dead key: the key's position names it.
        assert_eq!(
            corpus_key("Dead", &shortcut_letter("Dead", "KeyN")),
            Some(CorpusMsg::Go(Step::NextNotDone))
        );
        assert_eq!(corpus_key("m", "m"), Some(CorpusMsg::ToggleDone));
        assert_eq!(corpus_key("q", "q"), None);
    }

    #[test]
    fn letters_follow_the_layout_and_fall_back_to_the_key_position() {
        // QWERTY.
        assert_eq!(shortcut_letter("q", "KeyQ"), "q");
        assert_eq!(shortcut_letter("Q", "KeyQ"), "q");
        // AZERTY: the key that types "a" sits where QWERTY has "q".
        assert_eq!(shortcut_letter("a", "KeyQ"), "a");
        assert_eq!(shortcut_letter("q", "KeyA"), "q");
        // Cyrillic, and a Mac's Option+q: no Latin letter, so the position.
        assert_eq!(shortcut_letter("й", "KeyQ"), "q");
        assert_eq!(shortcut_letter("œ", "KeyQ"), "q");
        // A symbol typed on a letter key (AltGr+q on a German layout) and
        // keys that are no letters at all.
        assert_eq!(shortcut_letter("@", "KeyQ"), "");
        assert_eq!(shortcut_letter("?", "Slash"), "");
        assert_eq!(shortcut_letter("Enter", "Enter"), "");
        // Digits, also when Alt (or a layout) types a symbol on them.
        assert_eq!(shortcut_letter("7", "Digit7"), "7");
        assert_eq!(shortcut_letter("è", "Digit7"), "7");
    }

    #[test]
    fn a_schema_key_marks_its_kind_or_sets_its_label_and_q_follows_the_schema() {
        use crate::state::document_from_text;
        use attrib_core::model::{Kind, Style};
        let mut doc = document_from_text("Some text.", "t");
        doc.schema.custom_kinds.push("event".into());
        let keyed = |k: &str| Style {
            colour: None,
            key: Some(k.into()),
        };
        doc.schema.kind_styles.insert("event".into(), keyed("x"));
        doc.schema.kind_styles.insert("quote".into(), keyed("w"));
        doc.schema
            .label_styles
            .entry("quote_types".into())
            .or_default()
            .insert("direct".into(), keyed("1"));
        let state = AppState::with_document(doc);
        assert_eq!(
            schema_key(&state, "x", true),
            Some(Msg::Mark {
                kind: Kind::Custom("event".into()),
                snap: true
            })
        );
        assert_eq!(
            schema_key(&state, "w", false),
            Some(Msg::Mark {
                kind: Kind::Quote,
                snap: false
            })
        );
        assert_eq!(schema_key(&state, "q", true), None);
        assert_eq!(
            schema_key(&state, "c", true),
            Some(Msg::Mark {
                kind: Kind::Claim,
                snap: true
            })
        );
        assert_eq!(
            schema_key(&state, "1", true),
            Some(Msg::Schema(SchemaMsg::LabelChosen {
                set: "quote_types".into(),
                label: "direct".into()
            }))
        );
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::state::{document_from_text, AppState};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A keydown dispatched at `target`, with the given properties.
    fn keydown(
        target: &web_sys::Element,
        props: &[(&str, wasm_bindgen::JsValue)],
    ) -> KeyboardEvent {
        let init = js_sys::Object::new();
        for (k, v) in props {
            js_sys::Reflect::set(&init, &(*k).into(), v).unwrap();
        }
        js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
        let ctor: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
                .unwrap()
                .unchecked_into();
        let args = js_sys::Array::of2(&"keydown".into(), &init);
        let event: KeyboardEvent = js_sys::Reflect::construct(&ctor, &args)
            .unwrap()
            .unchecked_into();
        target.dispatch_event(&event).unwrap();
        event
    }

    #[wasm_bindgen_test]
    fn undo_and_redo_wait_while_a_dialog_is_open() {
        let document = gloo::utils::document();
        let button = document.create_element("button").unwrap();
        document.body().unwrap().append_child(&button).unwrap();
        let mut state = AppState::with_document(document_from_text("Some text.", "t"));
        let ctrl_z = || {
            keydown(
                &button,
                &[
                    ("key", "z".into()),
                    ("code", "KeyZ".into()),
                    ("ctrlKey", true.into()),
                ],
            )
        };
        assert_eq!(shortcut(&ctrl_z(), &state), Some(Msg::Undo));
        state.dialog = Some(Dialog::SpeakerFor("a1".into()));
        assert_eq!(shortcut(&ctrl_z(), &state), None);
        let escape = keydown(&button, &[("key", "Escape".into())]);
        assert_eq!(shortcut(&escape, &state), Some(Msg::CloseDialog));
        button.remove();
    }

    #[wasm_bindgen_test]
    fn escape_clears_the_selection_on_screen_too() {
        let document = gloo::utils::document();
        let article = document.create_element("article").unwrap();
        article.set_class_name("article");
        let seg = document.create_element("span").unwrap();
        seg.set_text_content(Some("Some text."));
        article.append_child(&seg).unwrap();
        document.body().unwrap().append_child(&article).unwrap();
        let text = seg.first_child().unwrap();
        let sel = crate::browser::selection::window_selection().unwrap();
        sel.set_base_and_extent(&text, 0, &text, 4).unwrap();
        let state = AppState::with_document(document_from_text("Some text.", "t"));
        let escape = keydown(&article, &[("key", "Escape".into())]);
        assert_eq!(shortcut(&escape, &state), Some(Msg::Select(None)));
        assert!(sel.is_collapsed(), "the highlighted text is deselected");
        assert_eq!(sel.anchor_offset(), 4, "the caret stays at the end");
        article.remove();
    }

    #[wasm_bindgen_test]
    fn an_azerty_a_adds_a_span_and_does_not_mark_a_quote() {
        let document = gloo::utils::document();
        let button = document.create_element("button").unwrap();
        document.body().unwrap().append_child(&button).unwrap();
        let state = AppState::with_document(document_from_text("Some text.", "t"));
        let a = keydown(&button, &[("key", "a".into()), ("code", "KeyQ".into())]);
        assert_eq!(
            shortcut(&a, &state),
            Some(Msg::AddSpanToFocused { snap: true })
        );
        button.remove();
    }
}
