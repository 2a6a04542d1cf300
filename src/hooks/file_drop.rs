//! Drag and drop a file anywhere on the page to open it. While files are
//! dragged over the page an overlay says what dropping does; a drop never
//! lets the browser navigate away to the file. Dropped files open exactly
//! as "Open file…" opens them; while a teacher is scoring, dropped files
//! are added as students' submissions instead.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Element, Event};
use yew::prelude::*;

use crate::opening::{files_of, open_and_load, open_each};
use crate::state::Msg;
use crate::teaching::TeachMsg;

/// The overlay's text.
pub(crate) const DROP_MESSAGE: &str = "Drop a file to open it";

/// The overlay's text while scoring.
pub(crate) const DROP_SUBMISSIONS: &str = "Drop students' files to score them";

/// Whether the drag carries files (not text or a link dragged within the
/// page).
fn carries_files(event: &DragEvent) -> bool {
    event.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

fn make_overlay() -> Option<Element> {
    let document = gloo::utils::document();
    let overlay = document.create_element("div").ok()?;
    overlay.set_class_name("drop-overlay");
    overlay.set_attribute("hidden", "").ok()?;
    overlay.set_attribute("aria-hidden", "true").ok()?;
    let message = document.create_element("p").ok()?;
    message.set_class_name("drop-message");
    message.set_text_content(Some(DROP_MESSAGE));
    overlay.append_child(&message).ok()?;
    document.body()?.append_child(&overlay).ok()?;
    Some(overlay)
}

fn show(overlay: &Option<Element>, visible: bool) {
    if let Some(overlay) = overlay {
        let _ = if visible {
            overlay.remove_attribute("hidden")
        } else {
            overlay.set_attribute("hidden", "")
        };
    }
}

/// Listens for files dragged onto the page and opens the dropped ones; with
/// `scoring`, adds them as students' submissions instead.
#[hook]
pub(crate) fn use_file_drop(scoring: bool, dispatch: Callback<Msg>) {
    // The listeners read the newest callback and mode through these cells.
    let latest = use_mut_ref(|| dispatch.clone());
    *latest.borrow_mut() = dispatch;
    let mode = use_mut_ref(|| scoring);
    *mode.borrow_mut() = scoring;
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let overlay = Rc::new(make_overlay());
        // dragenter and dragleave fire for every element crossed; the
        // overlay shows while more were entered than left.
        let depth = Rc::new(Cell::new(0i32));
        let active = EventListenerOptions::enable_prevent_default();
        let on = |name: &'static str, handler: Box<dyn Fn(&DragEvent)>| {
            EventListener::new_with_options(&document, name, active, move |e: &Event| {
                if let Some(e) = e.dyn_ref::<DragEvent>() {
                    handler(e);
                }
            })
        };
        let listeners = vec![
            on("dragenter", {
                let (overlay, depth) = (overlay.clone(), depth.clone());
                let mode_enter = mode.clone();
                Box::new(move |e| {
                    if carries_files(e) {
                        e.prevent_default();
                        if let Some(overlay) = overlay.as_ref() {
                            let text = if *mode_enter.borrow() {
                                DROP_SUBMISSIONS
                            } else {
                                DROP_MESSAGE
                            };
                            if let Ok(Some(p)) = overlay.query_selector(".drop-message") {
                                p.set_text_content(Some(text));
                            }
                        }
                        depth.set(depth.get() + 1);
                        show(&overlay, true);
                    }
                })
            }),
            on("dragover", {
                let overlay = overlay.clone();
                Box::new(move |e| {
                    if carries_files(e) {
                        e.prevent_default();
                        if let Some(dt) = e.data_transfer() {
                            dt.set_drop_effect("copy");
                        }
                        show(&overlay, true);
                    }
                })
            }),
            on("dragleave", {
                let (overlay, depth) = (overlay.clone(), depth.clone());
                Box::new(move |e| {
                    if carries_files(e) {
                        depth.set((depth.get() - 1).max(0));
                        // Leaving the window has no element to go to.
                        if depth.get() == 0 || e.related_target().is_none() {
                            depth.set(0);
                            show(&overlay, false);
                        }
                    }
                })
            }),
            on("drop", {
                let (overlay, depth) = (overlay.clone(), depth.clone());
                let latest = latest.clone();
                let mode = mode.clone();
                Box::new(move |e| {
                    depth.set(0);
                    show(&overlay, false);
                    if !carries_files(e) {
                        return;
                    }
                    e.prevent_default();
                    let files = files_of(e.data_transfer().and_then(|dt| dt.files()));
                    let dispatch = latest.borrow().clone();
                    if *mode.borrow() {
                        wasm_bindgen_futures::spawn_local(async move {
                            let read = open_each(files).await;
                            dispatch.emit(Msg::Teach(TeachMsg::AddSubmissions(read)));
                        });
                    } else {
                        open_and_load(files, dispatch);
                    }
                })
            }),
            on("dragend", {
                let (overlay, depth) = (overlay.clone(), depth.clone());
                Box::new(move |_| {
                    depth.set(0);
                    show(&overlay, false);
                })
            }),
        ];
        move || {
            drop(listeners);
            if let Some(overlay) = overlay.as_ref() {
                overlay.remove();
            }
        }
    });
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[component]
    fn Host() -> Html {
        use_file_drop(false, Callback::noop());
        html! { <p>{ "host" }</p> }
    }

    #[derive(Properties, PartialEq)]
    struct ScoringHostProps {
        dispatch: Callback<Msg>,
    }

    #[component]
    fn ScoringHost(props: &ScoringHostProps) -> Html {
        use_file_drop(true, props.dispatch.clone());
        html! { <p>{ "scoring" }</p> }
    }

    fn construct(class: &str, args: &Array) -> JsValue {
        let class: js_sys::Function = Reflect::get(&gloo::utils::window(), &class.into())
            .unwrap()
            .unchecked_into();
        Reflect::construct(&class, args).unwrap()
    }

    /// A drag event like the browser's, carrying a file or only text.
    fn drag(name: &str, with_file: bool) -> DragEvent {
        let dt = construct("DataTransfer", &Array::new());
        let items = Reflect::get(&dt, &"items".into()).unwrap();
        let add: js_sys::Function = Reflect::get(&items, &"add".into())
            .unwrap()
            .unchecked_into();
        if with_file {
            let parts = Array::of1(&"text".into());
            let file = web_sys::File::new_with_str_sequence(&parts, "a.txt").unwrap();
            add.call1(&items, &file).unwrap();
        } else {
            add.call2(&items, &"some text".into(), &"text/plain".into())
                .unwrap();
        }
        let init = Object::new();
        for (key, value) in [
            ("bubbles", JsValue::TRUE),
            ("cancelable", JsValue::TRUE),
            ("dataTransfer", dt),
        ] {
            Reflect::set(&init, &key.into(), &value).unwrap();
        }
        construct("DragEvent", &Array::of2(&name.into(), &init)).unchecked_into()
    }

    #[wasm_bindgen_test]
    async fn an_overlay_shows_while_files_are_dragged_and_drops_stay_on_the_page() {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<Host>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        let overlay = document.query_selector(".drop-overlay").unwrap().unwrap();
        assert!(overlay.has_attribute("hidden"));
        assert_eq!(overlay.text_content().unwrap(), DROP_MESSAGE);

        // Dragging text within the page is left alone.
        root.dispatch_event(&drag("dragenter", false)).unwrap();
        assert!(overlay.has_attribute("hidden"));

        root.dispatch_event(&drag("dragenter", true)).unwrap();
        assert!(!overlay.has_attribute("hidden"));
        let over = drag("dragover", true);
        root.dispatch_event(&over).unwrap();
        assert!(over.default_prevented(), "dragover must allow the drop");

        let dropped = drag("drop", true);
        root.dispatch_event(&dropped).unwrap();
        assert!(
            dropped.default_prevented(),
            "the browser must not open the file"
        );
        assert!(overlay.has_attribute("hidden"));
    }

    #[wasm_bindgen_test]
    async fn while_scoring_dropped_files_are_added_as_submissions() {
        let sent: std::rc::Rc<std::cell::RefCell<Vec<Msg>>> = Default::default();
        let dispatch = {
            let sent = sent.clone();
            Callback::from(move |m: Msg| sent.borrow_mut().push(m))
        };
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<ScoringHost>::with_root_and_props(
            root.clone(),
            ScoringHostProps { dispatch },
        )
        .render();
        yew::scheduler::flush().await;
        root.dispatch_event(&drag("dragenter", true)).unwrap();
        let overlays = document
            .query_selector_all(".drop-overlay:not([hidden])")
            .unwrap();
        let shown = (0..overlays.length())
            .filter_map(|i| overlays.item(i))
            .any(|o| o.text_content().as_deref() == Some(DROP_SUBMISSIONS));
        assert!(shown, "the overlay says what dropping does");
        root.dispatch_event(&drag("drop", true)).unwrap();
        for _ in 0..50 {
            if !sent.borrow().is_empty() {
                break;
            }
            crate::components::test_support::settle().await;
        }
        let sent = sent.borrow();
        let Some(Msg::Teach(TeachMsg::AddSubmissions(files))) = sent.first() else {
            panic!("the file is added as a submission: {sent:?}");
        };
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "a.txt");
        handle.destroy();
        root.remove();
    }
}
