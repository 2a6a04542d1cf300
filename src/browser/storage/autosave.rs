//! Autosave: restores the last open document when the app starts, then
//! writes every change to IndexedDB a moment after it is made (at once when
//! the page is hidden or closed), and says how it went in the status line.
//!
//! Each document gets its own record. A change that leaves the workspace
//! with no undo or redo history and a different document is a new document
//! (loading starts a new history), so it is saved under a new id instead of
//! over the work it replaced.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use attrib_core::workspace::Workspace;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use super::{StorageError, Store};
use crate::state::{AppState, Msg, SaveStatus};

/// How long to wait after a change before writing it.
const DEBOUNCE_MS: u32 = 300;
/// Under a stream of changes, write at least this often.
const MAX_WAIT_MS: f64 = 2000.0;

/// The storage id of one document's record; `None` until first written.
type Slot = Rc<RefCell<Option<String>>>;

/// One change waiting to be written.
struct Job {
    workspace: Rc<Workspace>,
    slot: Slot,
}

struct Autosave {
    store: Store,
    dispatch: Callback<Msg>,
    /// The workspace the state held last time we looked.
    seen: Option<Rc<Workspace>>,
    /// The revision the state is at (0: untouched since start or restore).
    revision: u64,
    /// The record of the document open now.
    slot: Slot,
    /// Changes not yet written, oldest first, one per document.
    pending: Vec<Job>,
    timer: Option<Timeout>,
    /// When the oldest unwritten change was made (ms), for `MAX_WAIT_MS`.
    waiting_since: Option<f64>,
    writing: bool,
    /// Resolvers of [`flush`] calls, called when the writer is idle.
    waiters: Vec<Function>,
    /// The last write's failure, until a write succeeds.
    failure: Option<StorageError>,
}

type Shared = Rc<RefCell<Autosave>>;

thread_local! {
    /// The running autosave, for the Documents dialog.
    static ACTIVE: RefCell<Weak<RefCell<Autosave>>> = const { RefCell::new(Weak::new()) };
}

fn active() -> Option<Shared> {
    ACTIVE.with(|a| a.borrow().upgrade())
}

/// Saves the document after every change and restores the last open one on
/// start (see the module docs). Reports progress with `Msg::Saved` and
/// failures with `Msg::error` too.
#[hook]
pub fn use_autosave(state: Rc<AppState>, dispatch: Callback<Msg>) {
    use_autosave_in(Store::app(), state, dispatch)
}

/// [`use_autosave`] on a given store (tests use their own database).
#[hook]
pub(super) fn use_autosave_in(store: Store, state: Rc<AppState>, dispatch: Callback<Msg>) {
    let saver = {
        let dispatch = dispatch.clone();
        use_memo((), move |_| Autosave::shared(store, dispatch))
    };
    if let Ok(mut s) = saver.try_borrow_mut() {
        s.dispatch = dispatch;
    }
    {
        let saver = (*saver).clone();
        use_effect_with((), move |_| {
            ACTIVE.with(|a| *a.borrow_mut() = Rc::downgrade(&saver));
            let listeners = leave_listeners(&saver);
            restore_last(saver.clone());
            move || {
                drop(listeners);
                kick(&saver);
                ACTIVE.with(|a| {
                    let mut a = a.borrow_mut();
                    if a.upgrade().is_some_and(|s| Rc::ptr_eq(&s, &saver)) {
                        *a = Weak::new();
                    }
                });
            }
        });
    }
    {
        let saver = (*saver).clone();
        let seen = SameWorkspace(state.workspace.clone());
        use_effect_with((seen, state.revision), move |(seen, revision)| {
            observe(&saver, seen.0.clone(), *revision);
        });
    }
}

/// Compares workspaces by identity: a new `Rc` is a new state, and
/// comparing long documents by value on every render would be slow.
#[derive(Clone)]
struct SameWorkspace(Rc<Workspace>);

impl PartialEq for SameWorkspace {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Autosave {
    fn shared(store: Store, dispatch: Callback<Msg>) -> Shared {
        Rc::new(RefCell::new(Autosave {
            store,
            dispatch,
            seen: None,
            revision: 0,
            slot: Slot::default(),
            pending: Vec::new(),
            timer: None,
            waiting_since: None,
            writing: false,
            waiters: Vec::new(),
            failure: None,
        }))
    }
}

/// Writes what is pending at once when the page is hidden or closed, so
/// the last change is not lost to the debounce.
fn leave_listeners(saver: &Shared) -> Vec<EventListener> {
    let mut listeners = Vec::new();
    let weak = Rc::downgrade(saver);
    if let Some(window) = web_sys::window() {
        let weak = weak.clone();
        listeners.push(EventListener::new(&window, "pagehide", move |_| {
            if let Some(saver) = weak.upgrade() {
                stash_unsaved(&saver);
                kick(&saver);
            }
        }));
    }
    let document = gloo::utils::document();
    listeners.push(EventListener::new(
        &document,
        "visibilitychange",
        move |_| {
            let hidden =
                gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden;
            if let Some(saver) = weak.upgrade().filter(|_| hidden) {
                stash_unsaved(&saver);
                kick(&saver);
            }
        },
    ));
    listeners
}

/// Where the newest unsaved change waits when the page is left before
/// IndexedDB has written it: a reload or a closed tab may end an
/// asynchronous write, but localStorage writes at once. It is read back on
/// the next start, written to IndexedDB, then removed.
const STASH_KEY: &str = "attrib-unsaved";

#[derive(serde::Serialize)]
struct StashRef<'a> {
    id: Option<String>,
    workspace: &'a Workspace,
}

#[derive(serde::Deserialize)]
struct Stash {
    id: Option<String>,
    workspace: Workspace,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps the newest workspace in localStorage, synchronously, when writes
/// are still outstanding as the page goes away. Too large for localStorage
/// (a few MB), it is left to the IndexedDB write alone.
fn stash_unsaved(saver: &Shared) {
    let Ok(s) = saver.try_borrow() else {
        return;
    };
    if s.pending.is_empty() && !s.writing {
        return;
    }
    let Some(workspace) = s.seen.clone() else {
        return;
    };
    let id = s.slot.borrow().clone();
    let stash = StashRef {
        id,
        workspace: &workspace,
    };
    if let (Ok(json), Some(storage)) = (serde_json::to_string(&stash), local_storage()) {
        let _ = storage.set_item(STASH_KEY, &json);
    }
}

fn clear_stash() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STASH_KEY);
    }
}

/// Restores a change stashed when the page was left, and queues it for
/// IndexedDB. False when there is none.
fn restore_stash(saver: &Shared) -> bool {
    let Some(json) = local_storage().and_then(|s| s.get_item(STASH_KEY).ok().flatten()) else {
        return false;
    };
    let dispatch = saver.borrow().dispatch.clone();
    let stash = match serde_json::from_str::<Stash>(&json) {
        Ok(stash) => stash,
        Err(e) => {
            clear_stash();
            dispatch.emit(Msg::error(format!(
                "The changes kept when the page was last closed could not be read ({e}); \
                 the last full save is used instead."
            )));
            return false;
        }
    };
    let workspace = Rc::new(stash.workspace);
    {
        let mut s = saver.borrow_mut();
        s.slot = Rc::new(RefCell::new(stash.id));
        let slot = s.slot.clone();
        s.pending.push(Job {
            workspace: workspace.clone(),
            slot,
        });
    }
    dispatch.emit(Msg::Restore(workspace));
    kick(saver);
    true
}

/// Opens the document that was open last, unless the user has already
/// started on something else.
fn restore_last(saver: Shared) {
    if restore_stash(&saver) {
        return;
    }
    spawn_local(async move {
        let store = saver.borrow().store.clone();
        let found = async {
            let Some(id) = store.last_open().await? else {
                return Ok(None);
            };
            Ok::<_, StorageError>(store.load(&id).await?.map(|ws| (id, ws)))
        }
        .await;
        let dispatch = saver.borrow().dispatch.clone();
        match found {
            Ok(Some((id, workspace))) => {
                {
                    let mut s = saver.borrow_mut();
                    if s.revision != 0 || !s.pending.is_empty() || s.writing {
                        // Work started before storage answered: keep it;
                        // the last document stays in Documents.
                        return;
                    }
                    s.slot = Rc::new(RefCell::new(Some(id)));
                }
                dispatch.emit(Msg::Restore(Rc::new(workspace)));
            }
            Ok(None) => {}
            Err(e @ StorageError::Corrupt { .. }) => {
                dispatch.emit(Msg::error(format!(
                    "Your last document could not be restored: {e}. \
                     The sample article is open instead; your other documents are in Documents."
                )));
            }
            Err(e) => {
                dispatch.emit(Msg::Saved(SaveStatus::Failed(e.to_string())));
                dispatch.emit(Msg::error(format!(
                    "{}.",
                    crate::state::capitalise(&e.to_string())
                )));
            }
        }
    });
}

/// Looks at the state after a render: queues a changed workspace for
/// writing.
fn observe(saver: &Shared, workspace: Rc<Workspace>, revision: u64) {
    let urgent = {
        let Ok(mut s) = saver.try_borrow_mut() else {
            return;
        };
        s.revision = revision;
        let Some(seen) = s.seen.replace(workspace.clone()) else {
            return;
        };
        if Rc::ptr_eq(&seen, &workspace) || revision == 0 {
            // Unchanged, untouched, or just restored (already saved).
            return;
        }
        let history = workspace.history();
        let new_document = history.undo_len() == 0
            && history.redo_len() == 0
            && workspace.document() != seen.document();
        if new_document {
            s.slot = Slot::default();
        }
        let slot = s.slot.clone();
        // Earlier documents' changes go out now, not after the debounce.
        let urgent = s.pending.iter().any(|j| !Rc::ptr_eq(&j.slot, &slot));
        s.pending.retain(|j| !Rc::ptr_eq(&j.slot, &slot));
        s.pending.push(Job { workspace, slot });
        urgent
    };
    if urgent {
        kick(saver);
    } else {
        schedule(saver);
    }
}

/// (Re)starts the debounce timer, unless changes have waited long enough.
fn schedule(saver: &Shared) {
    let now = js_sys::Date::now();
    let mut s = saver.borrow_mut();
    let since = *s.waiting_since.get_or_insert(now);
    if s.timer.is_some() && now - since >= MAX_WAIT_MS {
        return;
    }
    let weak = Rc::downgrade(saver);
    s.timer = Some(Timeout::new(DEBOUNCE_MS, move || {
        if let Some(saver) = weak.upgrade() {
            kick(&saver);
        }
    }));
}

/// Starts writing what is pending, unless a write is under way (it will
/// write it next); wakes [`flush`] callers when there is nothing to do.
fn kick(saver: &Shared) {
    let idle = {
        let Ok(mut s) = saver.try_borrow_mut() else {
            return;
        };
        s.timer = None;
        s.waiting_since = None;
        if s.writing {
            return;
        }
        if s.pending.is_empty() {
            true
        } else {
            s.writing = true;
            false
        }
    };
    if idle {
        wake_waiters(saver);
    } else {
        spawn_local(write_pending(saver.clone()));
    }
}

fn wake_waiters(saver: &Shared) {
    let waiters = std::mem::take(&mut saver.borrow_mut().waiters);
    for resolve in waiters {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Writes pending changes one at a time until none are left. A change that
/// fails is kept for the next attempt (the next edit, or leaving the page)
/// unless a newer change to the same document replaces it.
async fn write_pending(saver: Shared) {
    let dispatch = saver.borrow().dispatch.clone();
    dispatch.emit(Msg::Saved(SaveStatus::Saving));
    let mut failed: Vec<Job> = Vec::new();
    let mut error = None;
    loop {
        let (job, store) = {
            let mut s = saver.borrow_mut();
            if s.pending.is_empty() {
                break;
            }
            (s.pending.remove(0), s.store.clone())
        };
        failed.retain(|f| !Rc::ptr_eq(&f.slot, &job.slot));
        if let Err(e) = write(&store, &job).await {
            failed.push(job);
            error = Some(e);
        }
    }
    let (dispatch, repeated) = {
        let mut s = saver.borrow_mut();
        s.writing = false;
        s.pending = failed;
        let repeated = error.is_some() && s.failure == error;
        s.failure = error.clone();
        (s.dispatch.clone(), repeated)
    };
    match error {
        None => {
            if saver.borrow().pending.is_empty() {
                clear_stash();
            }
            dispatch.emit(Msg::Saved(SaveStatus::Saved(time_of_day())))
        }
        Some(e) => {
            dispatch.emit(Msg::Saved(SaveStatus::Failed(e.to_string())));
            if !repeated {
                dispatch.emit(Msg::error(format!(
                    "Your latest changes are not saved: {e}. The last good save is kept."
                )));
            }
        }
    }
    wake_waiters(&saver);
}

async fn write(store: &Store, job: &Job) -> Result<(), StorageError> {
    let existing = job.slot.borrow().clone();
    let id = match existing {
        Some(id) => id,
        None => {
            let id = store.new_id_for(&job.workspace).await?;
            *job.slot.borrow_mut() = Some(id.clone());
            id
        }
    };
    store.save_as(&id, &job.workspace).await
}

/// Writes every pending change now and waits for it: the Documents dialog
/// calls this before listing or opening another document. Gives the
/// failure if the last write failed. Without a running autosave there is
/// nothing to write.
pub async fn flush() -> Result<(), StorageError> {
    let Some(saver) = active() else {
        return Ok(());
    };
    let promise = Promise::new(&mut |resolve, _reject| {
        saver.borrow_mut().waiters.push(resolve);
    });
    kick(&saver);
    let _ = JsFuture::from(promise).await;
    let s = saver.borrow();
    match &s.failure {
        Some(e) if !s.pending.is_empty() => Err(e.clone()),
        _ => Ok(()),
    }
}

/// The storage id of the document open now, once it has been saved.
pub fn open_id() -> Option<String> {
    active().and_then(|s| s.borrow().slot.borrow().clone())
}

/// Loads saved document `id` to replace the one open now, after saving
/// that; the caller dispatches `Msg::Restore` with it. Makes it the last
/// open document and the record its changes are saved to. `None` if it is
/// no longer saved.
pub async fn open_document(id: &str) -> Result<Option<Workspace>, StorageError> {
    flush().await?;
    let store = active()
        .map(|s| s.borrow().store.clone())
        .unwrap_or_else(Store::app);
    let Some(workspace) = store.load(id).await? else {
        return Ok(None);
    };
    store.set_last_open(id).await?;
    if let Some(saver) = active() {
        let mut s = saver.borrow_mut();
        s.slot = Rc::new(RefCell::new(Some(id.to_string())));
    }
    Ok(Some(workspace))
}

/// The local time as HH:MM:SS.
fn time_of_day() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        now.get_hours(),
        now.get_minutes(),
        now.get_seconds()
    )
}
