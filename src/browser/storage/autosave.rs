//! The autosave writer: restores the last open document when started, then
//! writes every workspace it is shown to IndexedDB a moment later (at once
//! when the page is hidden or closed), and reports how it went as
//! [`SaveEvent`]s. It knows nothing of the app's state or messages: the
//! `use_autosave` hook (in `src/hooks/`) feeds it and words its events.
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

use super::{StorageError, Store};

/// How long to wait after a change before writing it.
const DEBOUNCE_MS: u32 = 300;
/// Under a stream of changes, write at least this often.
const MAX_WAIT_MS: f64 = 2000.0;

/// The storage id of one document's record; `None` until first written.
type Slot = Rc<RefCell<Option<String>>>;

/// What the writer reports, for the app to show.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SaveEvent {
    /// Writing has started.
    Saving,
    /// Everything is written, at this local time (HH:MM:SS).
    Saved { at: String },
    /// A write failed; `repeated` when it is the same failure as the last
    /// attempt's (already told).
    Failed { error: StorageError, repeated: bool },
    /// A document to open: the change kept when the page was last left, or
    /// the document open last.
    Restored(Rc<Workspace>),
    /// The change kept when the page was last left could not be read (the
    /// reason); the last full save is used instead.
    StashUnreadable(String),
    /// The document open last could not be read.
    RestoreFailed(StorageError),
}

/// Where the writer sends its [`SaveEvent`]s.
pub(crate) type Reporter = Rc<dyn Fn(SaveEvent)>;

/// One change waiting to be written.
struct Job {
    workspace: Rc<Workspace>,
    slot: Slot,
}

struct Autosave {
    store: Store,
    report: Reporter,
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

/// The running writer. Cloning shares it.
#[derive(Clone)]
pub(crate) struct Autosaver(Shared);

/// While this lives, the writer it came from is the active one (the one
/// [`flush`], [`open_id`] and [`open_document`] use) and listens for the
/// page being left; dropping it stops that and writes what is pending.
pub(crate) struct Running {
    saver: Shared,
    _listeners: Vec<EventListener>,
}

impl Autosaver {
    /// A writer to `store` that reports to `report`.
    pub(crate) fn new(store: Store, report: Reporter) -> Self {
        Autosaver(Autosave::shared(store, report))
    }

    /// Sends later events to `report` instead.
    pub(crate) fn set_reporter(&self, report: Reporter) {
        if let Ok(mut s) = self.0.try_borrow_mut() {
            s.report = report;
        }
    }

    /// Makes this the active writer, listens for the page being left, and
    /// restores the last document (reported as [`SaveEvent::Restored`]).
    pub(crate) fn start(&self) -> Running {
        let saver = self.0.clone();
        ACTIVE.with(|a| *a.borrow_mut() = Rc::downgrade(&saver));
        let listeners = leave_listeners(&saver);
        restore_last(saver.clone());
        Running {
            saver,
            _listeners: listeners,
        }
    }

    /// Shows the writer the workspace after a render, with the state's
    /// revision (0: untouched since start or restore): a changed workspace
    /// is queued for writing.
    pub(crate) fn observe(&self, workspace: Rc<Workspace>, revision: u64) {
        observe(&self.0, workspace, revision);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        kick(&self.saver);
        ACTIVE.with(|a| {
            let mut a = a.borrow_mut();
            if a.upgrade().is_some_and(|s| Rc::ptr_eq(&s, &self.saver)) {
                *a = Weak::new();
            }
        });
    }
}

impl Autosave {
    fn shared(store: Store, report: Reporter) -> Shared {
        Rc::new(RefCell::new(Autosave {
            store,
            report,
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
    let report = saver.borrow().report.clone();
    let stash = match serde_json::from_str::<Stash>(&json) {
        Ok(stash) => stash,
        Err(e) => {
            clear_stash();
            report(SaveEvent::StashUnreadable(e.to_string()));
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
    report(SaveEvent::Restored(workspace));
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
        let report = saver.borrow().report.clone();
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
                report(SaveEvent::Restored(Rc::new(workspace)));
            }
            Ok(None) => {}
            Err(e) => report(SaveEvent::RestoreFailed(e)),
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
    let report = saver.borrow().report.clone();
    report(SaveEvent::Saving);
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
    let (report, repeated) = {
        let mut s = saver.borrow_mut();
        s.writing = false;
        s.pending = failed;
        let repeated = error.is_some() && s.failure == error;
        s.failure = error.clone();
        (s.report.clone(), repeated)
    };
    match error {
        None => {
            if saver.borrow().pending.is_empty() {
                clear_stash();
            }
            report(SaveEvent::Saved { at: time_of_day() })
        }
        Some(error) => report(SaveEvent::Failed { error, repeated }),
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
pub(crate) async fn flush() -> Result<(), StorageError> {
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
pub(crate) fn open_id() -> Option<String> {
    active().and_then(|s| s.borrow().slot.borrow().clone())
}

/// Loads saved document `id` to replace the one open now, after saving
/// that; the caller opens it. Makes it the last
/// open document and the record its changes are saved to. `None` if it is
/// no longer saved.
pub(crate) async fn open_document(id: &str) -> Result<Option<Workspace>, StorageError> {
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
