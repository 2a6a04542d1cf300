//! The autosave writer: restores the last open document when started, then
//! writes every workspace it is shown to IndexedDB at once (changes made
//! while a write is under way go out together right after it), and reports
//! how it went as [`SaveEvent`]s. It knows nothing of the app's state or
//! messages: the `use_autosave` hook (in `src/hooks/`) feeds it and words
//! its events.
//!
//! Only what changed is written: each document's record keeps the
//! workspace it last stored or queued (its tip), and a change that is one
//! edit, undo or redo away from it ([`Workspace::delta_since`]) goes out
//! as one journal entry ([`Store::append`]); entries queued while a write
//! is under way go out together. Anything else (a new document, several
//! changes at once, a tip not known because the document was read with
//! damage) is written whole ([`Store::save_json`]), which also clears the
//! journal, as does compaction: the whole record is written once the
//! journal holds [`JOURNAL_MAX`] entries (at the end of a write) and
//! [`COMPACT_IDLE_MS`] after the last change, never in an edit's turn, nor
//! when the page is hidden or left (a whole write then delays the next
//! page, whose read waits for it; the entries are durable already, and
//! reading replays them).
//!
//! Every completed action is durable at once: a safety copy of the
//! document is written to localStorage synchronously in the turn of the
//! action (a tab closed, crashed or killed before the IndexedDB write lands
//! still has it; the browser keeps localStorage even when the page dies
//! mid-write). The document is serialised once for the copy and a whole
//! record, and the IndexedDB write starts in the same turn (no debounce):
//! a whole browser killed (or the machine losing power) keeps what
//! IndexedDB has committed, not the safety copy, since Chromium writes
//! localStorage to disk seconds later, so the record's write must not wait
//! for a paint or an idle moment. A document too long for localStorage's
//! few megabytes gets no safety copy (nor is it serialised for one: its
//! last length, or its text's, says so), and the user is told once; its
//! edits are then not serialised whole at all.
//!
//! Each document gets its own record. A change that leaves the workspace
//! with no undo or redo history and a different document is a new document
//! (loading starts a new history), so it is saved under a new id instead of
//! over the work it replaced.
//!
//! Two tabs on one document: each save carries the revision this page last
//! read, and the store refuses to write over a newer one (this page's
//! version is then saved as a copy, never dropped). The tab editing a
//! document holds its Web Lock (`lock.rs`): a tab opening a document whose
//! lock another tab holds turns read-only ([`SaveEvent::ReadOnly`]) until
//! the user takes the document over ([`take_over`]): over the tab channel
//! (`tabs.rs`) the other tab is asked to write what it has, turn read-only
//! and let the lock go, and this tab then takes the lock (stealing it from
//! a tab that did not answer, which learns so when its lock is lost). The
//! channel also carries "saved" news to read-only tabs. Without Web Locks,
//! tabs claim documents over the channel instead, the older claim winning.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use attrib_core::workspace::{Delta, Workspace};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::lock::{self, Acquired, Ask, Held};
use super::tabs::{Channel, Heard};
use super::{Loaded, StorageError, Store};

/// One document's record: its storage id (`None` until first written) and
/// the revision this page last read or wrote of it.
#[derive(Debug, Default)]
struct Record {
    id: Option<String>,
    revision: u64,
    /// The length of the document's JSON when it was last serialised (0:
    /// not yet): a document longer than [`STASH_MAX_CHARS`] is not
    /// serialised for a safety copy it cannot have.
    json_len: usize,
    /// The newest workspace of this document that is stored or queued to
    /// be (the stored one with the pending changes): a change is written
    /// as a journal entry when it is one edit, undo or redo away from it
    /// ([`Workspace::delta_since`]). `None` when that is not known (never
    /// written, or read with changes lost): the next change is written
    /// whole.
    tip: Option<Rc<Workspace>>,
    /// How many journal entries lie over the record as this page knows it.
    entries: usize,
}

type Slot = Rc<RefCell<Record>>;

/// The record of document `id` as just read, its workspace `tip` (shared
/// with the state) when it was read whole and sound.
fn slot_of(id: &str, loaded: &Loaded, tip: Option<Rc<Workspace>>) -> Slot {
    let sound = loaded.warning.is_none() && loaded.lost.is_none();
    Rc::new(RefCell::new(Record {
        id: Some(id.to_string()),
        revision: loaded.revision,
        json_len: 0,
        tip: tip.filter(|_| sound),
        entries: loaded.entries,
    }))
}

/// The record of a document read with `loaded`'s warnings reported: the
/// undo history dropped, saved changes lost.
fn report_damage(report: &Reporter, loaded: &Loaded) {
    if let Some(why) = &loaded.warning {
        report(SaveEvent::HistoryDropped(why.clone()));
    }
    if let Some(why) = &loaded.lost {
        report(SaveEvent::ChangesLost(why.clone()));
    }
}

/// How many journal entries a document may gather before its record is
/// written whole again (reading replays them all).
const JOURNAL_MAX: usize = 100;

/// How long after the last change a document with journal entries is
/// written whole (so the next read replays none), in ms.
const COMPACT_IDLE_MS: u32 = 4000;

/// How long a tab taking a document over waits for the tab editing it to
/// write what it has (a tab that has been closed never answers).
const TAKE_OVER_WAIT_MS: u32 = 1500;

/// How long a tab finding its document's lock held waits for a holder that
/// neither answers over the channel nor lets go (a tab frozen in the
/// background still holds it) before it turns read-only. A holder that is
/// there answers at once; one going away lets go at once.
const HOLDER_SILENT_MS: u32 = 3000;

/// Why this tab does not edit its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadOnlyWhy {
    /// Another tab was editing it when this one opened it.
    OpenElsewhere,
    /// The user took it over in another tab.
    TakenElsewhere,
}

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
    /// The document opened had a damaged undo history: it is open without
    /// one (the reason).
    HistoryDropped(String),
    /// Some of the changes saved to the document opened (its journal
    /// entries) could not be replayed: it is open as it was before them
    /// (how many, and why).
    ChangesLost(String),
    /// Another tab saved the document this read-only tab shows: its newer
    /// version.
    Reloaded(Rc<Workspace>),
    /// This tab no longer edits its document: changes are not saved here.
    ReadOnly(ReadOnlyWhy),
    /// This tab edits its document again; `took_over` when the user took it
    /// from another tab (rather than opening another document).
    Writable { took_over: bool },
    /// Another tab had saved this document since this tab read it, so this
    /// tab's version was saved as a separate record, `copy`, which this tab
    /// now edits.
    CopySaved { copy: String },
    /// The document is too long for the localStorage safety copy (or
    /// localStorage is full or switched off): each change still goes to
    /// IndexedDB at once, but a tab closed within that write's moment may
    /// lose the change. Reported once a session.
    NoSafetyCopy(NoCopy),
}

/// Why a change got no localStorage safety copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoCopy {
    /// Longer than [`STASH_MAX_CHARS`].
    TooLong,
    /// localStorage refused it (its quota is used up or it is off).
    Refused,
}

/// Where the writer sends its [`SaveEvent`]s.
pub(crate) type Reporter = Rc<dyn Fn(SaveEvent)>;

/// One change waiting to be written.
struct Job {
    workspace: Rc<Workspace>,
    /// The workspace's JSON, when it was made for the safety copy (written
    /// to the record as it is: a change is serialised once).
    json: Option<Rc<str>>,
    slot: Slot,
    /// The changes from the workspace stored to `workspace`, each one
    /// edit, undo or redo, written as journal entries; `None`: the whole
    /// workspace is written.
    deltas: Option<Vec<Delta>>,
}

impl Job {
    /// A job writing both `self` and then `newer`, changes to the same
    /// document: `newer`'s workspace, as entries when both were.
    fn then(self, newer: Job) -> Job {
        let deltas = match (self.deltas, newer.deltas) {
            (Some(mut older), Some(newer)) => {
                older.extend(newer);
                Some(older)
            }
            _ => None,
        };
        Job { deltas, ..newer }
    }

    /// The whole of `workspace`, written over the journal of `slot`.
    fn whole(slot: &Slot, workspace: Rc<Workspace>) -> Job {
        Job {
            workspace,
            json: None,
            slot: slot.clone(),
            deltas: None,
        }
    }
}

/// Queues `job` in `pending`, after (and merged with) a job of the same
/// document waiting there.
fn queue(pending: &mut Vec<Job>, job: Job) {
    let job = match pending.iter().position(|j| Rc::ptr_eq(&j.slot, &job.slot)) {
        Some(at) => pending.remove(at).then(job),
        None => job,
    };
    pending.push(job);
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
    writing: bool,
    /// Whether the user has been told that a document is too long for the
    /// localStorage safety copy (told once a session).
    told_no_copy: bool,
    /// Resolvers of [`flush`] calls, called when the writer is idle.
    waiters: Vec<Function>,
    /// The last write's failure, until a write succeeds.
    failure: Option<StorageError>,
    /// The channel to other tabs, while running.
    channel: Option<Rc<Channel>>,
    /// Whether another tab edits this tab's document.
    read_only: bool,
    /// Whether this page has Web Locks (else the claims over the channel
    /// decide which tab edits a document).
    locks: bool,
    /// The Web Lock of the document this tab edits, while it holds it.
    lock: Option<Held>,
    /// When this tab started editing its document (ms): of two tabs opening
    /// one document at once, the earlier keeps it.
    claim: f64,
    /// Set while taking a document over: resolves when the other tab has
    /// released it.
    taking: Option<Function>,
    /// This page let its lock go when it was left (`pagehide`).
    left: bool,
    /// Writes the open document whole once no change has come for
    /// [`COMPACT_IDLE_MS`] (dropped, it is cancelled).
    idle: Option<Timeout>,
    /// Set while this tab, finding its document's lock held, asks whether
    /// the holder is still there: resolves when a tab answers that it
    /// edits the document.
    asking: Option<(String, Function)>,
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
        let channel = {
            let weak = Rc::downgrade(&saver);
            let name = saver.borrow().store.name().to_string();
            Channel::open(&name, move |heard| {
                if let Some(saver) = weak.upgrade() {
                    hear(&saver, heard);
                }
            })
        };
        saver.borrow_mut().channel = Some(Rc::new(channel));
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
        if let Ok(mut s) = self.saver.try_borrow_mut() {
            s.channel = None;
            s.lock = None;
        }
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
            writing: false,
            told_no_copy: false,
            waiters: Vec::new(),
            failure: None,
            channel: None,
            read_only: false,
            locks: lock::supported(),
            lock: None,
            claim: 0.0,
            taking: None,
            asking: None,
            left: false,
            idle: None,
        }))
    }
}

/// Keeps what is unwritten in localStorage and writes it when the page is
/// hidden or closed (a write under way then may not live to finish).
fn leave_listeners(saver: &Shared) -> Vec<EventListener> {
    let mut listeners = Vec::new();
    let weak = Rc::downgrade(saver);
    if let Some(window) = web_sys::window() {
        let weak = weak.clone();
        listeners.push(EventListener::new(&window, "pagehide", move |_| {
            if let Some(saver) = weak.upgrade() {
                stash_unsaved(&saver);
                kick(&saver);
                release_on_leaving(&saver);
            }
        }));
        let back = Rc::downgrade(saver);
        listeners.push(EventListener::new(&window, "pageshow", move |_| {
            if let Some(saver) = back.upgrade() {
                come_back(&saver);
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

/// Where the newest unwritten change of each document waits until
/// IndexedDB has written it (kept synchronously with every change, and
/// again when the page is left): a reload, a closed tab or a crashed page
/// may end an asynchronous write, but localStorage takes the value at once.
/// One key per document (`attrib-unsaved:DATABASE:ID`, `…:new` for one
/// never saved), with the time it was kept; removed once the write lands,
/// and on the next start each left is written to IndexedDB if it is newer
/// than the record there, then removed.
const STASH_PREFIX: &str = "attrib-unsaved:";

/// The longest safety copy kept, in characters of its JSON: localStorage
/// holds about 5 million characters a site, shared by every document's
/// copy, and each copy is written whole with every change. A longer
/// document is left to the IndexedDB write alone.
const STASH_MAX_CHARS: usize = 1_000_000;

/// A safety copy but its workspace, which follows as JSON already made
/// (see [`stash_json`]).
#[derive(serde::Serialize)]
struct StashHead<'a> {
    id: Option<&'a str>,
    /// The revision of the record it was based on.
    base: u64,
    /// When it was kept, in ms since 1970.
    time: f64,
}

/// The safety copy's JSON (read back as [`Stash`]): its head's fields and
/// `workspace`, the workspace's JSON as it is.
fn stash_json(head: &StashHead, workspace: &str) -> Option<String> {
    let head = serde_json::to_string(head).ok()?;
    let open = head.strip_suffix('}')?;
    let mut json = String::with_capacity(open.len() + workspace.len() + 16);
    json.push_str(open);
    json.push_str(",\"workspace\":");
    json.push_str(workspace);
    json.push('}');
    Some(json)
}

#[derive(serde::Deserialize)]
struct Stash {
    id: Option<String>,
    #[serde(default)]
    base: u64,
    #[serde(default)]
    time: f64,
    workspace: Workspace,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stash_key(store: &Store, id: Option<&str>) -> String {
    let prefix = stash_prefix(store);
    format!("{prefix}{}", id.unwrap_or("new"))
}

/// The prefix of the stash keys of `store`.
fn stash_prefix(store: &Store) -> String {
    format!("{STASH_PREFIX}{}:", store.name())
}

/// The one stash key of earlier versions (no time, one for all
/// documents): read as older than any saved record.
const OLD_STASH_KEY: &str = "attrib-unsaved";

/// Keeps `workspace`, the newest state of `record`'s document, as its
/// safety copy in localStorage, at once. A copy too long, or one
/// localStorage refuses, replaces none (the document's older copy is
/// removed: it would only be restored over newer work if that work's write
/// failed, and it takes room) and says why.
fn put_stash(
    storage: &web_sys::Storage,
    store: &Store,
    record: &Record,
    workspace: &str,
    time: f64,
) -> Result<(), NoCopy> {
    let key = stash_key(store, record.id.as_deref());
    let head = StashHead {
        id: record.id.as_deref(),
        base: record.revision,
        time,
    };
    let result = match stash_json(&head, workspace) {
        Some(json) if json.len() <= STASH_MAX_CHARS => {
            storage.set_item(&key, &json).map_err(|_| NoCopy::Refused)
        }
        Some(_) => Err(NoCopy::TooLong),
        None => Err(NoCopy::Refused),
    };
    if result.is_err() {
        let _ = storage.remove_item(&key);
    }
    result
}

/// Keeps the change just queued for the open document as its safety copy,
/// synchronously, in the turn of the action that made it; tells the user
/// once a session when it cannot. `workspace` is its JSON.
fn stash_change(saver: &Shared, slot: &Slot, workspace: Option<&str>) {
    let (result, report) = {
        let Ok(s) = saver.try_borrow() else {
            return;
        };
        let result = match (local_storage(), workspace) {
            (None, _) => Err(NoCopy::Refused),
            (Some(storage), None) => {
                // Too long (as its last serialising found): an older copy
                // would only be restored over newer work.
                let _ = storage.remove_item(&stash_key(&s.store, slot.borrow().id.as_deref()));
                Err(NoCopy::TooLong)
            }
            (Some(storage), Some(workspace)) => put_stash(
                &storage,
                &s.store,
                &slot.borrow(),
                workspace,
                js_sys::Date::now(),
            ),
        };
        if s.told_no_copy {
            return;
        }
        (result, s.report.clone())
    };
    if let Err(why) = result {
        saver.borrow_mut().told_no_copy = true;
        report(SaveEvent::NoSafetyCopy(why));
    }
}

/// Keeps every unwritten change in localStorage, synchronously, when the
/// page goes away. Too large for localStorage (a few MB), a change is left
/// to the IndexedDB write alone.
fn stash_unsaved(saver: &Shared) {
    let Ok(s) = saver.try_borrow() else {
        return;
    };
    let Some(storage) = local_storage() else {
        return;
    };
    let mut jobs: Vec<(Slot, Rc<Workspace>, Option<Rc<str>>)> = s
        .pending
        .iter()
        .map(|j| (j.slot.clone(), j.workspace.clone(), j.json.clone()))
        .collect();
    if s.writing && !s.read_only && !jobs.iter().any(|(slot, ..)| Rc::ptr_eq(slot, &s.slot)) {
        if let Some(seen) = &s.seen {
            jobs.push((s.slot.clone(), seen.clone(), None));
        }
    }
    let time = js_sys::Date::now();
    for (slot, workspace, json) in jobs {
        let json = match json {
            Some(json) => json,
            None => match super::serialise(&workspace) {
                Ok(json) => json.into(),
                Err(_) => continue,
            },
        };
        let _ = put_stash(&storage, &s.store, &slot.borrow(), &json, time);
    }
}

fn clear_stash(store: &Store, id: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&stash_key(store, id));
        if id.is_some() {
            // A document first saved while the page was being left was
            // kept under "new".
            let _ = storage.remove_item(&stash_key(store, None));
        }
    }
}

/// The stash keys of `store` in localStorage.
fn stash_keys(store: &Store) -> Vec<String> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let prefix = stash_prefix(store);
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| {
            k.starts_with(&prefix) || (k == OLD_STASH_KEY && store.name() == super::APP_DATABASE)
        })
        .collect()
}

/// Writes every change kept in localStorage when a page was last left to
/// IndexedDB, oldest first, when it is newer than the record there (so an
/// old copy never overwrites newer work), and removes it. Gives the newest
/// one that could not be written (storage full, say), which stays kept.
async fn recover_stashes(saver: &Shared) -> Option<Job> {
    let (store, report) = {
        let s = saver.borrow();
        (s.store.clone(), s.report.clone())
    };
    let storage = local_storage()?;
    let mut unwritten = None;
    let mut stashes = Vec::new();
    for key in stash_keys(&store) {
        let Some(json) = storage.get_item(&key).ok().flatten() else {
            continue;
        };
        match serde_json::from_str::<Stash>(&json) {
            Ok(stash) => stashes.push((key, stash)),
            Err(e) => {
                let _ = storage.remove_item(&key);
                report(SaveEvent::StashUnreadable(e.to_string()));
            }
        }
    }
    attrib_core::sort::sort_by(&mut stashes, |a, b| a.1.time.total_cmp(&b.1.time));
    for (key, stash) in stashes {
        let stored = match &stash.id {
            Some(id) => store.read(id).await,
            None => Ok(None),
        };
        let newer = match &stored {
            Ok(Some(loaded)) => stash.time > loaded.updated,
            // Never saved, deleted since, or unreadable: the stash is all
            // there is.
            Ok(None) | Err(StorageError::Corrupt { .. }) => true,
            Err(_) => false,
        };
        if !newer {
            if stored.is_ok() {
                let _ = storage.remove_item(&key);
            }
            continue;
        }
        let workspace = Rc::new(stash.workspace);
        let slot = Rc::new(RefCell::new(Record {
            id: stash.id.clone(),
            revision: stash.base,
            json_len: 0,
            tip: Some(workspace.clone()),
            entries: 0,
        }));
        let job = Job::whole(&slot, workspace);
        if write(saver, &store, &job).await.is_ok() {
            let _ = storage.remove_item(&key);
        } else {
            // Kept in localStorage, and opened so the writer retries it.
            unwritten = Some(job);
        }
    }
    unwritten
}

/// Writes the changes kept when the page was last left, then opens the
/// document that was open last, unless the user has already started on
/// something else.
fn restore_last(saver: Shared) {
    spawn_local(async move {
        if let Some(job) = recover_stashes(&saver).await {
            // Newer than anything saved but not written: open it, and keep
            // trying (the failure is said by the write).
            let workspace = job.workspace.clone();
            let report = {
                let mut s = saver.borrow_mut();
                s.slot = job.slot.clone();
                s.pending.push(job);
                s.report.clone()
            };
            report(SaveEvent::Restored(workspace));
            kick(&saver);
            say_hello(&saver);
            return;
        }
        let store = saver.borrow().store.clone();
        let found = async {
            let Some(id) = store.last_open().await? else {
                return Ok(None);
            };
            Ok::<_, StorageError>(store.read(&id).await?.map(|loaded| (id, loaded)))
        }
        .await;
        let report = saver.borrow().report.clone();
        match found {
            Ok(Some((id, mut loaded))) => {
                let workspace = Rc::new(std::mem::take(&mut loaded.workspace));
                {
                    let mut s = saver.borrow_mut();
                    if s.revision != 0 || !s.pending.is_empty() || s.writing {
                        // Work started before storage answered: keep it;
                        // the last document stays in Documents.
                        return;
                    }
                    s.slot = slot_of(&id, &loaded, Some(workspace.clone()));
                }
                report(SaveEvent::Restored(workspace));
                report_damage(&report, &loaded);
                say_hello(&saver);
            }
            Ok(None) => {}
            Err(e) => report(SaveEvent::RestoreFailed(e)),
        }
    });
}

/// Claims the document this tab has opened to edit it: takes its Web
/// Lock, or, without Web Locks, tells the other tabs.
fn say_hello(saver: &Shared) {
    let locked = {
        let s = saver.borrow();
        let doc = s.slot.borrow().id.clone();
        doc.filter(|_| s.locks)
    };
    if let Some(doc) = locked {
        let saver = saver.clone();
        spawn_local(async move {
            claim_lock(&saver, &doc, false).await;
        });
        return;
    }
    let (channel, message) = {
        let mut s = saver.borrow_mut();
        s.claim = js_sys::Date::now();
        let Some(doc) = s.slot.borrow().id.clone() else {
            return;
        };
        let Some(channel) = s.channel.clone() else {
            return;
        };
        let message = Heard::Hello {
            doc,
            tab: channel.tab.clone(),
            claim: s.claim,
        };
        (channel, message)
    };
    channel.send(&message);
}

/// Takes the Web Lock of `doc` (with `steal`, from the tab holding it),
/// releasing the one this tab held. Not granted, this tab turns read-only:
/// another tab edits `doc`. Without Web Locks after all, falls back to the
/// claims over the channel. Gives whether this tab holds the lock.
async fn claim_lock(saver: &Shared, doc: &str, steal: bool) -> bool {
    let name = {
        let mut s = saver.borrow_mut();
        let name = lock::name_of(s.store.name(), doc);
        // Already held (the same document opened again in this tab, as a
        // student's resumed assignment is): keep it. Releasing it and
        // asking again would find it still held, since a release takes
        // effect a moment later, and turn this tab read-only.
        if !steal && s.lock.as_ref().is_some_and(|held| held.name() == name) {
            return true;
        }
        s.lock = None;
        name
    };
    let on_lost = {
        let weak = Rc::downgrade(saver);
        let doc = doc.to_string();
        move || {
            if let Some(saver) = weak.upgrade() {
                lock_lost(&saver, &doc);
            }
        }
    };
    let ask = if steal { Ask::Steal } else { Ask::IfFree };
    let mut acquired = lock::acquire(&name, ask, on_lost.clone()).await;
    if matches!(acquired, Acquired::Busy) {
        // Held: by a tab editing the document, or by one going away (the
        // page this one reloaded, this tab's previous document) that lets
        // go a moment later. Wait for it while asking the holder.
        acquired = hand_over(saver, doc, &name, on_lost).await;
    }
    let (report, on_doc) = {
        let s = saver.borrow();
        let on_doc = s.slot.borrow().id.as_deref() == Some(doc);
        (s.report.clone(), on_doc)
    };
    match acquired {
        // Dropped (released) when the tab has moved on to another document.
        Acquired::Held(held) => {
            if on_doc {
                saver.borrow_mut().lock = Some(held);
            }
            on_doc
        }
        Acquired::Busy => {
            let newly = {
                let mut s = saver.borrow_mut();
                let newly = on_doc && !s.read_only;
                if newly {
                    s.read_only = true;
                }
                newly
            };
            if newly {
                report(SaveEvent::ReadOnly(ReadOnlyWhy::OpenElsewhere));
            }
            false
        }
        Acquired::Unsupported => {
            saver.borrow_mut().locks = false;
            if on_doc && !steal {
                say_hello(saver);
            }
            false
        }
    }
}

/// The lock `name` of `doc`, found held: waits for it to be let go while
/// asking the other tabs over the channel who edits `doc`. A tab that
/// answers it does ([`Heard::Busy`]) is there, and this tab gives up at
/// once ([`Acquired::Busy`]); a holder going away answers nothing and lets
/// go, and this tab gets the lock the moment it does. A holder that
/// neither answers nor lets go (a tab frozen in the background) is waited
/// for [`HOLDER_SILENT_MS`].
async fn hand_over(
    saver: &Shared,
    doc: &str,
    name: &str,
    on_lost: impl FnOnce() + 'static,
) -> Acquired {
    let Ok(controller) = web_sys::AbortController::new() else {
        return Acquired::Busy;
    };
    let answered = Promise::new(&mut |resolve, _reject| {
        let timeout = Timeout::new(HOLDER_SILENT_MS, {
            let resolve = resolve.clone();
            move || {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        timeout.forget();
        saver.borrow_mut().asking = Some((doc.to_string(), resolve));
    });
    let channel = saver.borrow().channel.clone();
    if let Some(channel) = &channel {
        channel.send(&Heard::Hello {
            doc: doc.to_string(),
            tab: channel.tab.clone(),
            claim: js_sys::Date::now(),
        });
    }
    {
        // Whoever is first (an answer, the wait's end) stops the other.
        let controller = controller.clone();
        spawn_local(async move {
            let _ = JsFuture::from(answered).await;
            controller.abort();
        });
    }
    let acquired = lock::acquire(name, Ask::Wait(&controller.signal()), on_lost).await;
    let asking = saver.borrow_mut().asking.take();
    if let Some((_, resolve)) = asking {
        let _ = resolve.call0(&JsValue::NULL);
    }
    acquired
}

/// Another tab took the lock of `doc` from this one (it did not answer
/// the request to let it go): this tab turns read-only.
fn lock_lost(saver: &Shared, doc: &str) {
    let report = {
        let Ok(mut s) = saver.try_borrow_mut() else {
            return;
        };
        let on_doc = s.slot.borrow().id.as_deref() == Some(doc);
        if !on_doc || s.read_only {
            return;
        }
        s.read_only = true;
        s.lock = None;
        s.report.clone()
    };
    report(SaveEvent::ReadOnly(ReadOnlyWhy::TakenElsewhere));
}

/// What this tab does about a message from another tab on its document.
fn hear(saver: &Shared, heard: Heard) {
    let (mine, read_only, channel, claim, revision, locks) = {
        let Ok(s) = saver.try_borrow() else {
            return;
        };
        let record = s.slot.borrow();
        (
            record.id.clone(),
            s.read_only,
            s.channel.clone(),
            s.claim,
            record.revision,
            s.locks,
        )
    };
    let (Some(mine), Some(channel)) = (mine, channel) else {
        return;
    };
    if mine != heard.doc() {
        return;
    }
    let report = saver.borrow().report.clone();
    match heard {
        // With Web Locks, the lock says who edits; a tab finding it held
        // asks whether its holder is still there, and the holder answers.
        Heard::Hello { .. } if locks && !read_only && saver.borrow().lock.is_some() => {
            channel.send(&Heard::Busy {
                doc: mine,
                tab: channel.tab.clone(),
                claim,
            });
        }
        Heard::Hello { .. } if locks => {}
        Heard::Busy { .. } if locks => {
            let asking = saver.borrow_mut().asking.take();
            match asking {
                Some((doc, resolve)) if doc == mine => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
                other => saver.borrow_mut().asking = other,
            }
        }
        Heard::Hello { .. } if !read_only => channel.send(&Heard::Busy {
            doc: mine,
            tab: channel.tab.clone(),
            claim,
        }),
        Heard::Busy {
            claim: theirs, tab, ..
        } if !read_only && (theirs, tab.as_str()) < (claim, channel.tab.as_str()) => {
            saver.borrow_mut().read_only = true;
            report(SaveEvent::ReadOnly(ReadOnlyWhy::OpenElsewhere));
        }
        Heard::Take { .. } if !read_only => {
            saver.borrow_mut().read_only = true;
            report(SaveEvent::ReadOnly(ReadOnlyWhy::TakenElsewhere));
            let saver = saver.clone();
            spawn_local(async move {
                // Whatever this tab had is written before the other starts.
                let _ = settle(&saver).await;
                saver.borrow_mut().lock = None;
                channel.send(&Heard::Released {
                    doc: mine,
                    tab: channel.tab.clone(),
                });
            });
        }
        Heard::Released { .. } => {
            let taking = saver.borrow_mut().taking.take();
            if let Some(resolve) = taking {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
        Heard::Saved {
            revision: theirs, ..
        } if read_only && theirs > revision => {
            let saver = saver.clone();
            spawn_local(async move {
                let store = saver.borrow().store.clone();
                if let Ok(Some(mut loaded)) = store.read(&mine).await {
                    let workspace = Rc::new(std::mem::take(&mut loaded.workspace));
                    {
                        let s = saver.borrow();
                        let mut record = s.slot.borrow_mut();
                        if !s.read_only
                            || record.id.as_deref() != Some(mine.as_str())
                            || record.revision >= loaded.revision
                        {
                            return;
                        }
                        record.revision = loaded.revision;
                        record.entries = loaded.entries;
                        let sound = loaded.warning.is_none() && loaded.lost.is_none();
                        record.tip = sound.then(|| workspace.clone());
                    }
                    report(SaveEvent::Reloaded(workspace));
                    if let Some(why) = loaded.lost {
                        report(SaveEvent::ChangesLost(why));
                    }
                }
            });
        }
        _ => {}
    }
}

/// When the page goes away, a tab editing a document lets the others know
/// (after the write [`kick`] started, which the page may not live to see
/// finish; the revision check covers that).
fn release_on_leaving(saver: &Shared) {
    let Ok(mut s) = saver.try_borrow_mut() else {
        return;
    };
    if s.read_only {
        return;
    }
    // The page that follows (a reload) finds the document's lock free:
    // what is unwritten is in localStorage ([`stash_unsaved`]), which it
    // writes first, and the revision check covers a write still under way.
    s.lock = None;
    s.left = true;
    let (Some(doc), Some(channel)) = (s.slot.borrow().id.clone(), s.channel.clone()) else {
        return;
    };
    channel.send(&Heard::Released {
        doc,
        tab: channel.tab.clone(),
    });
}

/// The page comes back from the back-forward cache after it let its lock
/// go when it was left: it claims its document again.
fn come_back(saver: &Shared) {
    let left = std::mem::take(&mut saver.borrow_mut().left);
    if left {
        say_hello(saver);
    }
}

/// Takes the document this read-only tab shows over from the tab editing
/// it: asks that tab to write what it has and stop, waits for it (or, if it
/// does not answer, a moment), takes the document's lock (from that tab if
/// it still holds it), then opens the newest saved version here
/// ([`SaveEvent::Reloaded`]) and edits it ([`SaveEvent::Writable`]).
pub(crate) async fn take_over() {
    let Some(saver) = active() else {
        return;
    };
    let (doc, channel, report, store) = {
        let s = saver.borrow();
        let doc = s.slot.borrow().id.clone();
        (doc, s.channel.clone(), s.report.clone(), s.store.clone())
    };
    let Some(doc) = doc else {
        return;
    };
    let promise = Promise::new(&mut |resolve, _reject| {
        let timeout = Timeout::new(TAKE_OVER_WAIT_MS, {
            let resolve = resolve.clone();
            move || {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        timeout.forget();
        saver.borrow_mut().taking = Some(resolve);
    });
    if let Some(channel) = &channel {
        channel.send(&Heard::Take {
            doc: doc.clone(),
            tab: channel.tab.clone(),
        });
    }
    let _ = JsFuture::from(promise).await;
    saver.borrow_mut().taking = None;
    if saver.borrow().locks {
        // Let go by the other tab, or taken from it if it did not answer.
        claim_lock(&saver, &doc, true).await;
    }
    match store.read(&doc).await {
        Ok(found) => {
            let mut found = found.map(|mut loaded| {
                let workspace = Rc::new(std::mem::take(&mut loaded.workspace));
                (loaded, workspace)
            });
            {
                let mut s = saver.borrow_mut();
                s.read_only = false;
                s.slot = match &found {
                    Some((loaded, workspace)) => slot_of(&doc, loaded, Some(workspace.clone())),
                    None => Rc::new(RefCell::new(Record {
                        id: Some(doc.clone()),
                        ..Record::default()
                    })),
                };
                s.claim = js_sys::Date::now();
            }
            if let Some((loaded, workspace)) = found.take() {
                report(SaveEvent::Reloaded(workspace));
                report_damage(&report, &loaded);
            }
            report(SaveEvent::Writable { took_over: true });
        }
        Err(e) => report(SaveEvent::RestoreFailed(e)),
    }
}

/// Looks at the state after a render (the turn of the action that changed
/// it): keeps a changed workspace as its document's safety copy and starts
/// writing it to IndexedDB in the same turn.
fn observe(saver: &Shared, workspace: Rc<Workspace>, revision: u64) {
    let queued = {
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
        let mut now_writable = false;
        if new_document {
            s.slot = Slot::default();
            // The lock of the document left; the new one's is taken when it
            // is first written and has an id.
            s.lock = None;
            now_writable = std::mem::take(&mut s.read_only);
        } else if s.read_only {
            // Another tab edits this document: nothing is written here.
            return;
        }
        if now_writable {
            let report = s.report.clone();
            drop(s);
            report(SaveEvent::Writable { took_over: false });
            s = saver.borrow_mut();
        }
        let slot = s.slot.clone();
        // One edit, undo or redo from what is stored (or queued): written
        // as a journal entry; else whole.
        let delta = {
            let mut record = slot.borrow_mut();
            let tip = record.tip.replace(workspace.clone());
            tip.filter(|_| record.id.is_some())
                .and_then(|tip| workspace.delta_since(&tip))
        };
        // Serialised once, for the safety copy and the record, unless it
        // was too long for a safety copy last time (or its text alone is).
        let too_long = slot.borrow().json_len > STASH_MAX_CHARS
            || workspace.document().text.text().len() > STASH_MAX_CHARS;
        let json = (!too_long)
            .then(|| {
                super::super::perf::measure("attrib: serialise", || {
                    super::serialise(&workspace).ok()
                })
            })
            .flatten()
            .map(Rc::<str>::from);
        if let Some(json) = &json {
            slot.borrow_mut().json_len = json.len();
        }
        let job = Job {
            workspace,
            json: json.clone(),
            slot: slot.clone(),
            deltas: delta.map(|d| vec![d]),
        };
        queue(&mut s.pending, job);
        // Restarted by every change: the document is written whole once
        // changes stop for a while.
        s.idle = Some(Timeout::new(COMPACT_IDLE_MS, {
            let weak = Rc::downgrade(saver);
            move || {
                if let Some(saver) = weak.upgrade() {
                    compact(&saver);
                    kick(&saver);
                }
            }
        }));
        (slot, json)
    };
    super::super::perf::measure("attrib: safety copy", || {
        stash_change(saver, &queued.0, queued.1.as_deref())
    });
    kick(saver);
}

/// Starts writing what is pending, unless a write is under way (it writes
/// it next); wakes [`flush`] callers when there is nothing to do.
fn kick(saver: &Shared) {
    let idle = {
        let Ok(mut s) = saver.try_borrow_mut() else {
            return;
        };
        if s.writing {
            // The write under way writes what is pending next.
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
        // A failed job of the same document goes out with this one.
        let job = match failed.iter().position(|f| Rc::ptr_eq(&f.slot, &job.slot)) {
            Some(at) => failed.remove(at).then(job),
            None => job,
        };
        match write(&saver, &store, &job).await {
            Ok(()) => {
                let done = !saver
                    .borrow()
                    .pending
                    .iter()
                    .any(|j| Rc::ptr_eq(&j.slot, &job.slot));
                if done {
                    clear_stash(&store, job.slot.borrow().id.as_deref());
                }
                if job.slot.borrow().entries >= JOURNAL_MAX {
                    // Long enough: written whole next (not in an edit's
                    // turn: this is a write's end).
                    let whole = Job::whole(&job.slot, job.workspace.clone());
                    let mut s = saver.borrow_mut();
                    let pending = std::mem::take(&mut s.pending);
                    s.pending.push(whole);
                    for j in pending {
                        queue(&mut s.pending, j);
                    }
                }
            }
            Err(e) => {
                failed.push(job);
                error = Some(e);
            }
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
        None => report(SaveEvent::Saved { at: time_of_day() }),
        Some(error) => report(SaveEvent::Failed { error, repeated }),
    }
    wake_waiters(&saver);
}

/// Writes one job over the revision its record was last read or written
/// at: its changes as journal entries when it has them and the record is
/// there to add to, else the whole workspace (which also clears the
/// journal). If another tab has saved a newer revision, the job's
/// workspace is saved whole as a new record instead (reported as
/// [`SaveEvent::CopySaved`]), which the job's document then uses: nothing
/// is written over, nothing dropped.
async fn write(saver: &Shared, store: &Store, job: &Job) -> Result<(), StorageError> {
    let (existing, base) = {
        let record = job.slot.borrow();
        (record.id.clone(), record.revision)
    };
    let (id, base) = match existing {
        Some(id) => (id, base),
        None => {
            let id = store.new_id_for(&job.workspace).await?;
            job.slot.borrow_mut().id = Some(id.clone());
            saver.borrow_mut().claim = js_sys::Date::now();
            claim_if_open(saver, &job.slot);
            (id, 0)
        }
    };
    let appended = match &job.deltas {
        Some(deltas) if base > 0 => store
            .append(&id, deltas, &job.workspace, base)
            .await
            .map(|saved| saved.map(|saved| (saved, deltas.len()))),
        _ => Ok(None),
    };
    let outcome = match appended {
        Ok(Some(done)) => Ok(done),
        Ok(None) => {
            // Nothing to add entries to, or a whole write asked for.
            let json = whole_json(job)?;
            store
                .save_json(&id, &job.workspace, Some(&json), base)
                .await
                .map(|saved| (saved, 0))
        }
        Err(e) => Err(e),
    };
    let (saved, entries) = match outcome {
        Ok(done) => done,
        Err(StorageError::Conflict { .. }) => {
            let json = whole_json(job)?;
            let copy = store.new_id_for(&job.workspace).await?;
            let saved = store
                .save_json(&copy, &job.workspace, Some(&json), 0)
                .await?;
            // Its safety copy is kept under `copy` from now on; the one
            // under `id` would make a second copy on the next start.
            clear_stash(store, Some(&id));
            {
                // Changes queued after this job follow from its workspace
                // (the tip stays), now on the copy.
                let mut record = job.slot.borrow_mut();
                record.id = Some(copy.clone());
                record.revision = saved.revision;
                record.json_len = 0;
                record.entries = 0;
            }
            claim_if_open(saver, &job.slot);
            let report = saver.borrow().report.clone();
            report(SaveEvent::CopySaved { copy });
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let channel = {
        let mut record = job.slot.borrow_mut();
        if record.id.as_deref() == Some(id.as_str()) {
            record.revision = record.revision.max(saved.revision);
            record.entries = match entries {
                0 => 0,
                n => record.entries + n,
            };
        }
        saver.borrow().channel.clone()
    };
    if let Some(channel) = channel {
        channel.send(&Heard::Saved {
            doc: id,
            tab: channel.tab.clone(),
            revision: saved.revision,
        });
    }
    Ok(())
}

/// The JSON of `job`'s whole workspace: made for the safety copy, or made
/// now.
fn whole_json(job: &Job) -> Result<Rc<str>, StorageError> {
    if let Some(json) = &job.json {
        return Ok(json.clone());
    }
    let json: Rc<str> =
        super::super::perf::measure("attrib: serialise", || super::serialise(&job.workspace))?
            .into();
    job.slot.borrow_mut().json_len = json.len();
    Ok(json)
}

/// Queues the open document to be written whole when it has journal
/// entries and nothing of it is waiting (changes have stopped for a
/// while), so the next read replays none. The caller kicks the writer.
fn compact(saver: &Shared) {
    let Ok(mut s) = saver.try_borrow_mut() else {
        return;
    };
    if s.read_only {
        return;
    }
    let slot = s.slot.clone();
    let tip = {
        let record = slot.borrow();
        let due = record.entries > 0 && record.id.is_some();
        record.tip.clone().filter(|_| due)
    };
    let Some(tip) = tip else {
        return;
    };
    if s.pending.iter().any(|j| Rc::ptr_eq(&j.slot, &slot)) {
        // Changes are waiting: they go out first, as entries; the next
        // idle moment or leaving writes the whole.
        return;
    }
    s.pending.push(Job::whole(&slot, tip));
}

/// Takes the Web Lock of the document of `slot`, just given its id, when
/// it is the document this tab has open.
fn claim_if_open(saver: &Shared, slot: &Slot) {
    let open = {
        let s = saver.borrow();
        let open = Rc::ptr_eq(&s.slot, slot) && s.locks && !s.read_only;
        open.then(|| slot.borrow().id.clone()).flatten()
    };
    if let Some(doc) = open {
        let saver = saver.clone();
        spawn_local(async move {
            claim_lock(&saver, &doc, false).await;
        });
    }
}

/// Writes every pending change of `saver` now and waits for it. Gives the
/// failure if the last write failed.
async fn settle(saver: &Shared) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve, _reject| {
        saver.borrow_mut().waiters.push(resolve);
    });
    kick(saver);
    let _ = JsFuture::from(promise).await;
    let s = saver.borrow();
    match &s.failure {
        Some(e) if !s.pending.is_empty() => Err(e.clone()),
        _ => Ok(()),
    }
}

/// Writes every pending change now and waits for it: the Documents dialog
/// calls this before listing or opening another document. Gives the
/// failure if the last write failed. Without a running autosave there is
/// nothing to write.
pub(crate) async fn flush() -> Result<(), StorageError> {
    match active() {
        Some(saver) => settle(&saver).await,
        None => Ok(()),
    }
}

/// The storage id of the document open now, once it has been saved.
pub(crate) fn open_id() -> Option<String> {
    active().and_then(|s| s.borrow().slot.borrow().id.clone())
}

/// Loads saved document `id` to replace the one open now, after saving
/// that; the caller opens it. Makes it the last
/// open document and the record its changes are saved to. `None` if it is
/// no longer saved.
pub(crate) async fn open_document(id: &str) -> Result<Option<Loaded>, StorageError> {
    flush().await?;
    let saver = active();
    let store = saver
        .as_ref()
        .map(|s| s.borrow().store.clone())
        .unwrap_or_else(Store::app);
    let Some(loaded) = store.read(id).await? else {
        return Ok(None);
    };
    store.set_last_open(id).await?;
    if let Some(saver) = saver {
        let (was_read_only, report) = {
            let mut s = saver.borrow_mut();
            // The caller opens a copy of `loaded.workspace`, which shares
            // its history steps with this one.
            let tip = Rc::new(loaded.workspace.clone());
            s.slot = slot_of(id, &loaded, Some(tip));
            (std::mem::take(&mut s.read_only), s.report.clone())
        };
        if was_read_only {
            report(SaveEvent::Writable { took_over: false });
        }
        // Changes lost are said here, for every caller; a dropped history
        // is said by the caller with the document it opens.
        if let Some(why) = &loaded.lost {
            report(SaveEvent::ChangesLost(why.clone()));
        }
        say_hello(&saver);
    }
    Ok(Some(loaded))
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
