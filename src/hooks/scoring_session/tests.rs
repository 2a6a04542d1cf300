//! Browser tests of the scoring-session hook against real IndexedDB, each
//! on a page and a database of its own: a session comes back after a
//! reload, and scoring the same key again finds it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_test::*;
use yew::prelude::*;

use super::use_scoring_session_in;
use crate::browser::storage::tests::sleep;
use crate::browser::storage::ScoringStore;
use crate::components::test_support::scoring_state;
use crate::state::{AppState, Msg};
use crate::teaching::{TeachMsg, TeachView};

wasm_bindgen_test_configure!(run_in_browser);

type Probe = Rc<RefCell<Option<(Rc<AppState>, Callback<Msg>)>>>;

#[derive(Properties)]
struct HarnessProps {
    store: ScoringStore,
    probe: Probe,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        self.store == other.store && Rc::ptr_eq(&self.probe, &other.probe)
    }
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    let state = use_reducer(AppState::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |msg: Msg| state.dispatch(msg))
    };
    let snapshot = Rc::new((*state).clone());
    use_scoring_session_in(props.store.clone(), snapshot.clone(), dispatch.clone());
    *props.probe.borrow_mut() = Some((snapshot, dispatch));
    html! {}
}

struct Page {
    probe: Probe,
    handle: yew::AppHandle<Harness>,
}

impl Page {
    async fn mount(store: &ScoringStore) -> Page {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let probe = Probe::default();
        let handle = yew::Renderer::<Harness>::with_root_and_props(
            root,
            HarnessProps {
                store: store.clone(),
                probe: probe.clone(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        Page { probe, handle }
    }

    fn state(&self) -> Rc<AppState> {
        self.probe.borrow().as_ref().unwrap().0.clone()
    }

    async fn send(&self, msg: Msg) {
        let dispatch = self.probe.borrow().as_ref().unwrap().1.clone();
        dispatch.emit(msg);
        yew::scheduler::flush().await;
    }

    /// Settles until `done` holds of the page's state, checking every
    /// 10 ms up to 1,000 times: a slow machine waits longer, never fails.
    async fn until(&self, what: &str, done: impl Fn(&AppState) -> bool) {
        for _ in 0..1000 {
            if done(&self.state()) {
                return;
            }
            sleep(10).await;
            yew::scheduler::flush().await;
        }
        panic!("never happened: {what}");
    }
}

/// Waits until the store's open session satisfies `done`.
async fn until_stored(store: &ScoringStore, what: &str, done: impl Fn(Option<&str>) -> bool) {
    for _ in 0..1000 {
        let open = store.open_session().await.expect("storage answers");
        if done(open.as_ref().map(|o| o.session.as_str())) {
            return;
        }
        sleep(10).await;
    }
    panic!("never stored: {what}");
}

fn store() -> ScoringStore {
    ScoringStore::named(&format!(
        "attrib-test-scoring-hook-{}-{}",
        js_sys::Date::now() as u64,
        js_sys::Math::random().to_bits()
    ))
}

fn teach(msg: TeachMsg) -> Msg {
    Msg::Teach(msg)
}

#[wasm_bindgen_test]
async fn a_scoring_session_comes_back_after_a_reload_and_when_its_key_is_scored_again() {
    let store = store();
    let page = Page::mount(&store).await;
    // The key and two students, as `scoring_state` makes them.
    let made = scoring_state();
    let scoring = made.teaching.scoring.clone().unwrap();
    page.send(teach(TeachMsg::StartScoring {
        key: scoring.key.clone(),
        source: "the current document".into(),
    }))
    .await;
    let files = scoring
        .submissions
        .iter()
        .map(|s| crate::teaching::SubmissionFile {
            name: format!("{}.json", s.student),
            document: Ok(s.to_document()),
        })
        .collect();
    page.send(teach(TeachMsg::AddSubmissions(files))).await;
    page.send(teach(TeachMsg::SetLevelName(2, "Expert".into())))
        .await;
    page.send(teach(TeachMsg::SetOverride {
        student: "Ben".into(),
        level: "Expert".into(),
        comment: "Spoke up in class".into(),
    }))
    .await;
    page.send(teach(TeachMsg::Show(Some(TeachView::Discussion))))
        .await;
    until_stored(&store, "the override and the view", |s| {
        s.is_some_and(|s| s.contains("Spoke up in class") && s.contains("Discussion"))
    })
    .await;
    let before = page.state().teaching.scoring.clone().unwrap();
    page.handle.destroy();

    // A reload: the session and its page come back.
    let page = Page::mount(&store).await;
    page.until("the session is back", |s| s.teaching.scoring.is_some())
        .await;
    let state = page.state();
    let after = state.teaching.scoring.as_ref().unwrap();
    assert_eq!(after.table(), before.table());
    assert_eq!(after.table().rows.len(), 2);
    let ben = after
        .table()
        .rows
        .into_iter()
        .find(|r| r.student == "Ben")
        .unwrap();
    assert_eq!(
        (ben.level.as_str(), ben.comment.as_str()),
        ("Expert", "Spoke up in class")
    );
    assert_eq!(after.rubric.levels[2].name, "Expert");
    assert_eq!(state.teaching.view, Some(TeachView::Discussion));

    // Stopping closes it: the next start opens no session…
    page.send(teach(TeachMsg::StopScoring)).await;
    until_stored(&store, "closed", |s| s.is_none()).await;
    page.send(teach(TeachMsg::StartScoring {
        key: scoring.key.clone(),
        source: "the current document".into(),
    }))
    .await;
    // …but scoring the same key again finds its files and settings.
    page.until("the key's session is found", |s| {
        s.teaching
            .scoring
            .as_ref()
            .is_some_and(|s| s.submissions.len() == 2)
    })
    .await;
    let state = page.state();
    let found = state.teaching.scoring.as_ref().unwrap();
    assert_eq!(found.overrides, before.overrides);
    assert_eq!(state.teaching.view, Some(TeachView::Class));
    page.handle.destroy();
}
