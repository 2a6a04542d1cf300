//! `use_scoring_session`: keeps a teacher's scoring session in the browser.
//! After every change (files added or removed, threshold, rubric,
//! override, order, view) the session is saved under its key's id; on
//! start, the session open when the page was left comes back (with its
//! page, if that was showing); scoring a key again finds that key's
//! session. A storage failure is said once, in plain words, and the
//! session on screen stays as it is.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::browser::storage::ScoringStore;
use crate::state::{AppState, Msg};
use crate::teaching::saved::{session_id, SavedScoring};
use crate::teaching::TeachMsg;

/// Saves and restores the scoring session in the app's database.
#[hook]
pub(crate) fn use_scoring_session(state: Rc<AppState>, dispatch: Callback<Msg>) {
    use_scoring_session_in(ScoringStore::app(), state, dispatch)
}

/// The session as last seen, ready to save.
#[derive(Clone)]
struct Latest {
    id: String,
    json: String,
    showing: bool,
    fresh: bool,
}

/// What the hook remembers between renders.
#[derive(Default)]
struct Tracker {
    /// The session whose saved form has been looked for: saving it can
    /// no longer overwrite a saved session not yet restored.
    ready: Option<String>,
    /// The session whose saved form is being looked for.
    loading: Option<String>,
    latest: Option<Latest>,
    /// Whether a session was on screen at the last change.
    had_session: bool,
    /// Whether the last save failed (said once until one works).
    failing: bool,
}

/// [`use_scoring_session`] on a given store (tests use their own database).
#[hook]
pub(crate) fn use_scoring_session_in(
    store: ScoringStore,
    state: Rc<AppState>,
    dispatch: Callback<Msg>,
) {
    let tracker = use_mut_ref(Tracker::default);
    {
        let (store, dispatch) = (store.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(restore_open(store, dispatch));
        });
    }
    let scoring = state.teaching.scoring.as_ref();
    let id = scoring.map(|s| session_id(&s.key));
    let revision = scoring.map_or(0, |s| s.revision);
    let showing = state.teaching.view.is_some();
    let latest = scoring.map(|s| {
        (
            SavedScoring::of(s, state.teaching.view.as_ref()),
            s.is_fresh(),
        )
    });
    use_effect_with((id, revision, showing), move |(id, _, showing)| {
        let Some(id) = id.clone() else {
            let mut t = tracker.borrow_mut();
            if std::mem::take(&mut t.had_session) {
                // A look-up still under way is for a session no longer on
                // screen: its answer must not mark the next one ready.
                t.ready = None;
                t.loading = None;
                t.latest = None;
                drop(t);
                wasm_bindgen_futures::spawn_local(close(store, dispatch));
            }
            return;
        };
        let Some((saved, fresh)) = latest else {
            return;
        };
        let json = match saved.to_json() {
            Ok(json) => json,
            Err(why) => {
                dispatch.emit(not_saved(&why));
                return;
            }
        };
        let latest = Latest {
            id: id.clone(),
            json,
            showing: *showing,
            fresh,
        };
        let mut t = tracker.borrow_mut();
        t.had_session = true;
        t.latest = Some(latest.clone());
        if t.ready.as_deref() == Some(id.as_str()) {
            drop(t);
            wasm_bindgen_futures::spawn_local(save(store, tracker.clone(), latest, dispatch));
        } else if t.loading.as_deref() != Some(id.as_str()) {
            t.loading = Some(id.clone());
            drop(t);
            wasm_bindgen_futures::spawn_local(find(store, tracker.clone(), id, dispatch));
        }
    });
}

/// On start: the session open when the page was left.
async fn restore_open(store: ScoringStore, dispatch: Callback<Msg>) {
    match store.open_session().await {
        Ok(Some(open)) => match SavedScoring::from_json(&open.session) {
            Ok(saved) => dispatch.emit(Msg::Teach(TeachMsg::Resume {
                saved: Rc::new(saved),
                show: open.showing,
            })),
            Err(why) => dispatch.emit(not_restored(&why)),
        },
        Ok(None) => {}
        Err(e) => dispatch.emit(not_restored(&e.to_string())),
    }
}

/// Looks for the saved session `id`; restores it into a fresh session on
/// screen, else saves the one on screen.
async fn find(
    store: ScoringStore,
    tracker: Rc<RefCell<Tracker>>,
    id: String,
    dispatch: Callback<Msg>,
) {
    let found = store.load(&id).await;
    let latest = {
        let mut t = tracker.borrow_mut();
        if t.loading.as_deref() != Some(id.as_str()) {
            return; // another key since
        }
        t.loading = None;
        match t.latest.clone() {
            Some(latest) if latest.id == id => {
                t.ready = Some(id.clone());
                latest
            }
            // Scoring stopped meanwhile: the next start looks again.
            _ => return,
        }
    };
    match found {
        Ok(Some(json)) if latest.fresh => match SavedScoring::from_json(&json) {
            // Its revision saves it again, as it is on screen.
            Ok(saved) => {
                return dispatch.emit(Msg::Teach(TeachMsg::Resume {
                    saved: Rc::new(saved),
                    show: latest.showing,
                }))
            }
            Err(why) => dispatch.emit(not_restored(&why)),
        },
        Ok(_) => {}
        Err(e) => dispatch.emit(not_restored(&e.to_string())),
    }
    save(store, tracker, latest, dispatch).await;
}

async fn save(
    store: ScoringStore,
    tracker: Rc<RefCell<Tracker>>,
    latest: Latest,
    dispatch: Callback<Msg>,
) {
    let result = store.save(&latest.id, &latest.json, latest.showing).await;
    let was_failing = std::mem::replace(&mut tracker.borrow_mut().failing, result.is_err());
    if let Err(e) = result {
        if !was_failing {
            dispatch.emit(not_saved(&e.to_string()));
        }
    }
}

async fn close(store: ScoringStore, dispatch: Callback<Msg>) {
    if let Err(e) = store.close().await {
        dispatch.emit(Msg::error(format!(
            "The browser could not note that scoring stopped ({e}); \
             the last scoring session may open again after a reload. Stop scoring there to close it."
        )));
    }
}

fn not_saved(why: &str) -> Msg {
    Msg::error(format!(
        "The scoring session is not saved: {why}. Everything on screen stays; \
         export the class table (Export CSV) to keep the scores."
    ))
}

fn not_restored(why: &str) -> Msg {
    Msg::error(format!(
        "The last scoring session could not be restored: {why}. \
         Score again: open the key, then add the students' files."
    ))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
