//! Helpers for the panels' browser tests: a small document with emoji and
//! CJK text, mounting a panel with a callback that records every message,
//! and driving its controls the way a person would.

use std::cell::RefCell;
use std::rc::Rc;

use attrib_core::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Span, Speaker, Stance, StanceTarget,
};
use attrib_core::text::Document;
use attrib_core::workspace::Action;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew::AppHandle;

use crate::props::PanelProps;
use crate::state::{AppState, Msg};

pub(crate) const TEXT: &str =
    "Kerry 😀 said “I lost 😀 the argument,” to reporters.\n\n漢字 is well tested by Lavrov.";

/// The code-point span of the first `needle` in `text`.
pub(crate) fn span_of(text: &str, needle: &str) -> Span {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    Span::new(start, start + needle.chars().count())
}

/// Two speakers and four annotations:
/// a4 mention "Kerry" (s1), a1 quote by s1 with cue and stance,
/// a2 claim inside the quote, a3 claim of two spans in paragraph two,
/// a5 mention "Lavrov" (s2).
pub(crate) fn sample_state() -> AppState {
    let doc = AnnotatedDocument::new(
        Metadata {
            id: "t".into(),
            title: Some("Talks fail".into()),
            ..Metadata::default()
        },
        Document::new(TEXT),
    );
    let state = AppState::with_document(doc);
    let mut quote = Annotation::new(
        "a1",
        Kind::Quote,
        vec![span_of(TEXT, "“I lost 😀 the argument,”")],
    );
    quote.speaker = Some("s1".into());
    quote.quote_type = Some("direct".into());
    quote.cue = Some(span_of(TEXT, "said"));
    quote.stance = Some(Stance {
        target: StanceTarget::Text("Russia".into()),
        label: "against".into(),
    });
    let claim = Annotation::new("a2", Kind::Claim, vec![span_of(TEXT, "the argument")]);
    let two = Annotation::new(
        "a3",
        Kind::Claim,
        vec![span_of(TEXT, "漢字 is"), span_of(TEXT, "tested")],
    );
    let mut mention = Annotation::new("a4", Kind::Mention, vec![span_of(TEXT, "Kerry")]);
    mention.speaker = Some("s1".into());
    let mut lavrov = Annotation::new("a5", Kind::Mention, vec![span_of(TEXT, "Lavrov")]);
    lavrov.speaker = Some("s2".into());
    let mut kerry = Speaker::new("s1", "John Kerry 😀");
    kerry.aliases = vec!["Kerry".into()];
    let state = with_actions(
        state,
        vec![
            Action::AddSpeaker { speaker: kerry },
            Action::AddSpeaker {
                speaker: Speaker::new("s2", "Sergei Lavrov"),
            },
            Action::AddAnnotation { annotation: quote },
            Action::AddAnnotation { annotation: claim },
            Action::AddAnnotation { annotation: two },
            Action::AddAnnotation {
                annotation: mention,
            },
            Action::AddAnnotation { annotation: lavrov },
        ],
    );
    assert_eq!(state.document().annotations.len(), 5);
    state
}

/// `state` after `actions`, made as one undoable step.
pub(crate) fn with_actions(state: AppState, actions: Vec<Action>) -> AppState {
    let mut workspace = (*state.workspace).clone();
    workspace.apply_all(actions).expect("the actions apply");
    AppState::with_workspace(workspace)
}

/// A mounted panel, the messages it sent, and a way to re-render it.
pub(crate) struct Mounted<C: BaseComponent<Properties = PanelProps>> {
    pub root: Element,
    pub msgs: Rc<RefCell<Vec<Msg>>>,
    pub state: AppState,
    handle: AppHandle<C>,
    dispatch: Callback<Msg>,
}

impl<C: BaseComponent<Properties = PanelProps>> Mounted<C> {
    /// Re-renders with `state`.
    pub async fn set(&mut self, state: AppState) {
        self.state = state;
        self.handle.update(PanelProps {
            state: Rc::new(self.state.clone()),
            dispatch: self.dispatch.clone(),
        });
        yew::scheduler::flush().await;
    }

    /// Applies every message sent so far to the state, as the app would,
    /// and re-renders.
    pub async fn apply_sent(&mut self) {
        let msgs: Vec<Msg> = self.msgs.borrow_mut().drain(..).collect();
        let mut state = self.state.clone();
        for msg in msgs {
            state.update(msg);
        }
        self.set(state).await;
    }

    pub fn last(&self) -> Option<Msg> {
        self.msgs.borrow().last().cloned()
    }
}

pub(crate) async fn mount<C: BaseComponent<Properties = PanelProps>>(
    state: AppState,
) -> Mounted<C> {
    let document = gloo::utils::document();
    // Panels use element ids: take earlier tests' panels off the page so
    // their ids do not answer for this one's.
    let earlier = document
        .query_selector_all("[data-panel-test]")
        .expect("a valid selector");
    for i in 0..earlier.length() {
        if let Some(el) = earlier.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            el.remove();
        }
    }
    // Dialogs that earlier tests left open (mounted on roots of their own)
    // make the rest of the page inert, and focus could not move in it.
    let open = document
        .query_selector_all("dialog[open]")
        .expect("a valid selector");
    for i in 0..open.length() {
        if let Some(dialog) = open
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlDialogElement>().ok())
        {
            dialog.close();
        }
    }
    let root = document.create_element("div").expect("create a div");
    root.set_attribute("data-panel-test", "")
        .expect("mark the root");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append");
    let msgs: Rc<RefCell<Vec<Msg>>> = Rc::default();
    let dispatch = {
        let msgs = msgs.clone();
        Callback::from(move |m: Msg| msgs.borrow_mut().push(m))
    };
    let handle = yew::Renderer::<C>::with_root_and_props(
        root.clone(),
        PanelProps {
            state: Rc::new(state.clone()),
            dispatch: dispatch.clone(),
        },
    )
    .render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        msgs,
        state,
        handle,
        dispatch,
    }
}

pub(crate) fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub(crate) fn text_of(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).expect("an event");
    el.dispatch_event(&event).expect("dispatch");
}

pub(crate) async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
    yew::scheduler::flush().await;
}

/// Chooses `value` in the select and fires `change`, as a person would.
pub(crate) async fn change_select(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).dyn_into().expect("a select");
    select.set_value(value);
    assert_eq!(select.value(), value, "no option {value} in {selector}");
    fire(&select, "change");
    yew::scheduler::flush().await;
}

/// Types `value` into the input and commits it (fires `change`).
pub(crate) async fn commit_input(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().expect("an input");
    input.set_value(value);
    fire(&input, "change");
    yew::scheduler::flush().await;
}

/// Types `value` into the input without committing it.
pub(crate) fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().expect("an input");
    input.set_value(value);
    fire(&input, "input");
}

pub(crate) fn input_value(root: &Element, selector: &str) -> String {
    find(root, selector)
        .dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

pub(crate) fn select_value(root: &Element, selector: &str) -> String {
    find(root, selector)
        .dyn_into::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Fires a keydown of `key` at the element, as a person pressing it there.
pub(crate) async fn press(el: &Element, key: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).expect("set key");
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).expect("set bubbles");
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).expect("set cancelable");
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .expect("KeyboardEvent")
        .dyn_into()
        .expect("a constructor");
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event: Event = js_sys::Reflect::construct(&ctor, &args)
        .expect("a keyboard event")
        .dyn_into()
        .expect("an event");
    el.dispatch_event(&event).expect("dispatch");
    yew::scheduler::flush().await;
}

/// The id of the element that has keyboard focus.
pub(crate) fn focused_id() -> String {
    gloo::utils::document()
        .active_element()
        .map(|el| el.id())
        .unwrap_or_default()
}

/// Waits for timers set to run "after the render" (see `focus_later`).
/// Settles until `done` holds, for work that ends in its own time (storage,
/// a focus moved after the render): checked after each [`settle`], up to
/// 1,000 times, so a slow machine waits longer instead of failing. Panics
/// naming `what` when it never holds.
pub(crate) async fn settle_until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        settle().await;
    }
    panic!("never happened: {what}");
}

pub(crate) async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
    yew::scheduler::flush().await;
}

/// The sample state as a teacher's key, scored against two students: Ana
/// found the quote (speaker right) and added an extra claim; Ben found the
/// quote with the wrong speaker.
pub(crate) fn scoring_state() -> AppState {
    use crate::teaching::{SubmissionFile, TeachMsg};

    let mut state = sample_state();
    let key = Rc::new(state.document().clone());
    let student = |name: &str, speaker: &str, extra: bool| {
        let mut doc = key.as_ref().clone();
        doc.meta.annotator = Some(name.into());
        doc.annotations.retain(|a| a.id == "a1");
        doc.speakers = vec![Speaker::new("s1", speaker)];
        if extra {
            doc.annotations.push(Annotation::new(
                "x1",
                Kind::Claim,
                vec![span_of(TEXT, "to reporters")],
            ));
        }
        SubmissionFile {
            name: format!("{name}.json"),
            document: Ok(doc),
        }
    };
    state.update(Msg::Teach(TeachMsg::StartScoring {
        key: key.clone(),
        source: "the current document".into(),
    }));
    state.update(Msg::Teach(TeachMsg::AddSubmissions(vec![
        student("Ana", "John Kerry 😀", true),
        student("Ben", "Sergei Lavrov", false),
    ])));
    state
}
