//! Documents kept in the browser (IndexedDB; localStorage is too small for
//! long articles). The database `attrib` has an object store `documents`
//! keyed by a document's storage id, each record
//! `{id, title, updated, annotation_count, revision, workspace}` where
//! `workspace` is the JSON of an [`attrib_core::workspace::Workspace`] (undo
//! history included); a store `summaries` with the same record less the
//! workspace, which the Documents list reads; and a store `meta` remembering
//! which document was open last.
//!
//! Each write is one transaction: it lands whole or not at all, so a failed
//! write keeps the last good save. A save reads the stored revision in its
//! own transaction and refuses to write over a revision newer than the one
//! the page last read ([`StorageError::Conflict`]), so two tabs never
//! overwrite each other's work.
//!
//! [`use_autosave`] saves every change and restores the last document on
//! start; the functions below serve it and the Documents dialog.
//!
//! [`use_autosave`]: crate::hooks::autosave::use_autosave

mod autosave;
mod corpus;
mod idb;
mod lock;
mod scoring;
mod tabs;

use std::cell::Cell;
use std::fmt;

use attrib_core::model::AnnotatedDocument;
use attrib_core::workspace::{Delta, Workspace};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::{IdbKeyRange, IdbTransaction, IdbTransactionMode};

pub(crate) use autosave::{
    flush, open_document, open_id, take_over, Autosaver, NoCopy, ReadOnlyWhy, Reporter, SaveEvent,
};
pub(crate) use scoring::ScoringStore;

use idb::{Failure, DOCUMENTS, JOURNAL, META, SUMMARIES};

/// The app's database.
pub(crate) const APP_DATABASE: &str = "attrib";
/// The key in `meta` naming the document open last.
const LAST_OPEN: &str = "last_open";

/// What the Documents list shows of a saved document, without reading its
/// (possibly large) workspace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocumentSummary {
    /// The storage id (the key of its record).
    pub id: String,
    pub title: Option<String>,
    /// When it was last saved, in milliseconds since 1970.
    pub updated: f64,
    pub annotation_count: usize,
    /// The record's revision (0 for one saved before revisions).
    pub revision: u64,
}

impl DocumentSummary {
    fn of(id: &str, workspace: &Workspace, updated: f64, revision: u64) -> Self {
        let doc = workspace.document();
        DocumentSummary {
            id: id.to_string(),
            title: doc.meta.title.clone(),
            updated,
            annotation_count: doc.annotations.len(),
            revision,
        }
    }

    /// The summary as a record of the summaries store.
    fn to_js(&self) -> Result<JsValue, JsValue> {
        let record = js_sys::Object::new();
        let title = self
            .title
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str);
        let fields = [
            ("id", JsValue::from_str(&self.id)),
            ("title", title),
            ("updated", JsValue::from_f64(self.updated)),
            (
                "annotation_count",
                JsValue::from_f64(self.annotation_count as f64),
            ),
            ("revision", JsValue::from_f64(self.revision as f64)),
        ];
        for (key, value) in fields {
            Reflect::set(&record, &JsValue::from_str(key), &value)?;
        }
        Ok(record.into())
    }

    /// The title, or a stand-in for a document without one.
    pub fn display_title(&self) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => "Untitled document".to_string(),
        }
    }
}

/// The saved documents, newest first, and the records that could not be
/// read (skipped, each with why).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct DocumentList {
    pub documents: Vec<DocumentSummary>,
    pub skipped: Vec<StorageError>,
}

/// Why the browser's storage could not be used. Displays as a message for
/// the user: what went wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StorageError {
    /// The browser's quota is used up.
    Full,
    /// Storage is switched off or refused (private browsing, a site
    /// setting, a browser without IndexedDB).
    Blocked,
    /// A saved record that cannot be read; it is skipped.
    Corrupt { id: String, reason: String },
    /// Another tab has saved record `id` since this page read it (it is at
    /// revision `stored`); nothing was written over it.
    Conflict { id: String, stored: u64 },
    /// Any other failure, with the browser's words.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Full => write!(
                f,
                "storage is full: export your work, then delete old documents in Documents"
            ),
            StorageError::Blocked => {
                write!(
                    f,
                    "this browser blocks storage: export your work to keep it"
                )
            }
            StorageError::Corrupt { id, reason } => write!(
                f,
                "the saved document “{id}” is damaged and was skipped ({reason})"
            ),
            StorageError::Conflict { id, .. } => write!(
                f,
                "the saved document “{id}” was changed in another tab, so it was not written over"
            ),
            StorageError::Failed(detail) => write!(
                f,
                "the browser's storage failed ({detail}): export your work to keep it"
            ),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<Failure> for StorageError {
    fn from(failure: Failure) -> Self {
        match failure.name.as_str() {
            "QuotaExceededError" => StorageError::Full,
            // Private browsing, storage switched off, a sandboxed frame, or
            // (older Firefox) a private window refusing to open a database.
            "SecurityError" | "UnavailableError" | "NotAllowedError" | "InvalidStateError" => {
                StorageError::Blocked
            }
            _ if failure.message.is_empty() => StorageError::Failed(failure.name),
            _ => StorageError::Failed(format!("{}: {}", failure.name, failure.message)),
        }
    }
}

/// One IndexedDB database of saved documents. The app uses
/// [`Store::app`]; tests give each their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Store {
    name: String,
}

impl Store {
    pub fn app() -> Self {
        Store::named(APP_DATABASE)
    }

    pub fn named(name: &str) -> Self {
        Store {
            name: name.to_string(),
        }
    }

    /// The database's name (the tab channel is named after it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Saves `workspace` as record `id` over revision `base` (the revision
    /// this page last read or wrote; 0 for none), with its summary, and
    /// makes it the last open document, all in one transaction that first
    /// reads the stored revision: if another tab has saved a newer one it
    /// writes nothing and gives [`StorageError::Conflict`]; if the write
    /// fails (storage full) the record stays as it was.
    #[cfg(all(test, target_arch = "wasm32"))]
    pub async fn save(
        &self,
        id: &str,
        workspace: &Workspace,
        base: u64,
    ) -> Result<Saved, StorageError> {
        self.save_json(id, workspace, None, base).await
    }

    /// [`Store::save`] with `workspace` already serialised as `json` when
    /// that is `Some` (the autosave made it for the safety copy), so a
    /// change is serialised once. The autosave writes through this.
    pub async fn save_json(
        &self,
        id: &str,
        workspace: &Workspace,
        json: Option<&str>,
        base: u64,
    ) -> Result<Saved, StorageError> {
        let updated = timestamp();
        let record = super::perf::measure("attrib: save record", || {
            record_with(id, workspace, json, updated)
        })?;
        let (tx, current) = self.begin_write(id).await?;
        if let Some(current) = current.filter(|r| *r != base) {
            let _ = tx.abort();
            return Err(StorageError::Conflict {
                id: id.to_string(),
                stored: current,
            });
        }
        let revision = current.unwrap_or(base).max(base) + 1;
        let summary = DocumentSummary::of(id, workspace, updated, revision);
        finish_write(tx, id, &summary, |tx| {
            Reflect::set(
                &record,
                &JsValue::from_str("revision"),
                &JsValue::from_f64(revision as f64),
            )?;
            tx.object_store(DOCUMENTS)?.put(&record)?;
            // The record now holds every change the entries held.
            tx.object_store(JOURNAL)?.delete(&journal_range(id)?)?;
            Ok(())
        })
        .await?;
        Ok(Saved { revision, updated })
    }

    /// Writes `deltas`, the changes that turned the document saved as `id`
    /// at revision `base` into `workspace`, as journal entries `base + 1`,
    /// `base + 2`, …, with the summary of `workspace` and `id` as the last
    /// open document, in one transaction that first reads the stored
    /// revision (from the summary, not the record): another tab's newer
    /// revision gives [`StorageError::Conflict`] and nothing is written.
    /// `None`, with nothing written, when there is no record `id` to add
    /// to (never written, or deleted since): the caller writes the whole.
    pub async fn append(
        &self,
        id: &str,
        deltas: &[Delta],
        workspace: &Workspace,
        base: u64,
    ) -> Result<Option<Saved>, StorageError> {
        let updated = timestamp();
        let jsons = super::perf::measure("attrib: serialise change", || {
            deltas
                .iter()
                .map(serde_json::to_string)
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| StorageError::Failed(format!("could not serialise the change: {e}")))?;
        let (tx, current) = self.begin_write(id).await?;
        let Some(current) = current else {
            let _ = tx.abort();
            return Ok(None);
        };
        if current != base {
            let _ = tx.abort();
            return Err(StorageError::Conflict {
                id: id.to_string(),
                stored: current,
            });
        }
        let revision = base + jsons.len() as u64;
        let summary = DocumentSummary::of(id, workspace, updated, revision);
        finish_write(tx, id, &summary, |tx| {
            super::perf::measure("attrib: save record", || {
                let journal = tx.object_store(JOURNAL)?;
                for (n, json) in (base + 1..).zip(&jsons) {
                    let entry = js_sys::Object::new();
                    for (key, value) in [
                        ("doc", JsValue::from_str(id)),
                        ("revision", JsValue::from_f64(n as f64)),
                        ("time", JsValue::from_f64(updated)),
                        ("delta", JsValue::from_str(json)),
                    ] {
                        Reflect::set(&entry, &JsValue::from_str(key), &value)?;
                    }
                    journal.put_with_key(&entry, &journal_key(id, n))?;
                }
                Ok(())
            })
        })
        .await?;
        Ok(Some(Saved { revision, updated }))
    }

    /// Opens the readwrite transaction a save of document `id` runs in,
    /// and reads in it the revision stored (`None`: no record `id`); on a
    /// failure to read it, the transaction is aborted.
    async fn begin_write(&self, id: &str) -> Result<(IdbTransaction, Option<u64>), StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, META, JOURNAL],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        match stored_revision(&tx, id).await {
            Ok(current) => Ok((tx, current)),
            Err(e) => {
                let _ = tx.abort();
                Err(e.into())
            }
        }
    }

    /// Saves over whatever revision is stored (tests set up records with
    /// it).
    #[cfg(all(test, target_arch = "wasm32"))]
    pub async fn save_as(&self, id: &str, workspace: &Workspace) -> Result<Saved, StorageError> {
        let base = self.read(id).await.ok().flatten().map_or(0, |l| l.revision);
        self.save(id, workspace, base).await
    }

    /// Document `id` as it was saved (its record with its journal entries
    /// replayed), or `None` when there is none. A record that cannot be
    /// read gives [`StorageError::Corrupt`]; one whose undo history is
    /// damaged gives the document without its history and says so in
    /// [`Loaded::warning`]; entries that do not replay give the document as
    /// far as they did, and say so in [`Loaded::lost`].
    pub async fn read(&self, id: &str) -> Result<Option<Loaded>, StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, JOURNAL],
            IdbTransactionMode::Readonly,
        )
        .await?;
        let parts = read_parts(&tx, id).map_err(|e| Failure::from_js(&e))?;
        let (record, summary, entries) = await_parts(&parts).await?;
        assemble(id, &record, &summary, &entries)
    }

    /// The workspace saved as `id` (see [`Store::read`]).
    #[cfg(all(test, target_arch = "wasm32"))]
    pub async fn load(&self, id: &str) -> Result<Option<Workspace>, StorageError> {
        Ok(self.read(id).await?.map(|l| l.workspace))
    }

    /// Record `id` exactly as it is stored, as JSON text, for downloading a
    /// record that cannot be opened. `None` when there is none.
    /// Its journal entries, when it has any, are added to it as
    /// `journal`.
    pub async fn raw(&self, id: &str) -> Result<Option<String>, StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, JOURNAL],
            IdbTransactionMode::Readonly,
        )
        .await?;
        let parts = read_parts(&tx, id).map_err(|e| Failure::from_js(&e))?;
        let (value, _, entries) = await_parts(&parts).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        if value.is_object() && js_sys::Array::from(&entries).length() > 0 {
            let _ = Reflect::set(&value, &JsValue::from_str("journal"), &entries);
        }
        let text = js_sys::JSON::stringify_with_replacer_and_space(
            &value,
            &JsValue::NULL,
            &JsValue::from_f64(2.0),
        )
        .ok()
        .and_then(|s| s.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
        Ok(Some(text))
    }

    /// Every saved document, newest first, read from the summaries. A
    /// document saved before summaries existed (or whose summary is
    /// damaged) is read whole once and its summary written. Records that
    /// cannot be read are listed in `skipped`.
    pub async fn list(&self) -> Result<DocumentList, StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES],
            IdbTransactionMode::Readonly,
        )
        .await?;
        let requests = tx
            .object_store(SUMMARIES)
            .and_then(|store| store.get_all())
            .and_then(|summaries| {
                let keys = tx.object_store(DOCUMENTS)?.get_all_keys()?;
                Ok((summaries, keys))
            })
            .map_err(|e| Failure::from_js(&e))?;
        let summaries = idb::await_request(&requests.0).await?;
        let keys = idb::await_request(&requests.1).await?;
        let mut list = DocumentList::default();
        let mut listed = std::collections::HashSet::new();
        for value in js_sys::Array::from(&summaries).iter() {
            if let Ok(summary) = summary_of(&value) {
                listed.insert(summary.id.clone());
                list.documents.push(summary);
            }
        }
        for key in js_sys::Array::from(&keys).iter() {
            let Some(id) = key.as_string() else {
                list.skipped.push(StorageError::Corrupt {
                    id: id_in(&key),
                    reason: "its id is not text".into(),
                });
                continue;
            };
            if listed.contains(&id) {
                continue;
            }
            let record = self.get(DOCUMENTS, &id).await?;
            match summary_of(&record).and_then(|s| {
                if field(&record, "workspace").is_string() {
                    Ok(s)
                } else {
                    Err("its document is missing".into())
                }
            }) {
                Ok(summary) => {
                    // Best effort: the list is right either way.
                    let _ = self.put_summary(&summary).await;
                    listed.insert(id);
                    list.documents.push(summary);
                }
                Err(reason) => list.skipped.push(StorageError::Corrupt { id, reason }),
            }
        }
        // Summaries whose document is gone (deleted by an older version).
        let ids: std::collections::HashSet<String> = js_sys::Array::from(&keys)
            .iter()
            .filter_map(|k| k.as_string())
            .collect();
        list.documents.retain(|d| ids.contains(&d.id));
        attrib_core::sort::sort_by(&mut list.documents, |a, b| {
            b.updated
                .total_cmp(&a.updated)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(list)
    }

    /// Writes `summary` unless a summary of its document is there already
    /// (written meanwhile by a save, which knows the current revision).
    async fn put_summary(&self, summary: &DocumentSummary) -> Result<(), StorageError> {
        let tx = idb::transaction(&self.name, &[SUMMARIES], IdbTransactionMode::Readwrite).await?;
        let there = tx
            .object_store(SUMMARIES)
            .and_then(|store| store.get(&JsValue::from_str(&summary.id)))
            .map_err(|e| Failure::from_js(&e))?;
        if !idb::await_request(&there).await?.is_undefined() {
            return Ok(());
        }
        let written = summary
            .to_js()
            .and_then(|value| tx.object_store(SUMMARIES)?.put(&value));
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// Deletes record `id`, its journal entries and its summary (nothing
    /// happens if there is none); if it was the last open document, no
    /// document is any more.
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let last = self.last_open().await?;
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, META, JOURNAL],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        let written = (|| {
            tx.object_store(DOCUMENTS)?.delete(&JsValue::from_str(id))?;
            tx.object_store(JOURNAL)?.delete(&journal_range(id)?)?;
            tx.object_store(SUMMARIES)?.delete(&JsValue::from_str(id))?;
            if last.as_deref() == Some(id) {
                tx.object_store(META)?
                    .delete(&JsValue::from_str(LAST_OPEN))?;
            }
            Ok::<(), JsValue>(())
        })();
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// The id of the document open last, if any.
    pub async fn last_open(&self) -> Result<Option<String>, StorageError> {
        Ok(self.get(META, LAST_OPEN).await?.as_string())
    }

    pub async fn set_last_open(&self, id: &str) -> Result<(), StorageError> {
        let tx = idb::transaction(&self.name, &[META], IdbTransactionMode::Readwrite).await?;
        let written = tx.object_store(META).and_then(|store| {
            store.put_with_key(&JsValue::from_str(id), &JsValue::from_str(LAST_OPEN))
        });
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// Whether a record `id` exists.
    pub async fn contains(&self, id: &str) -> Result<bool, StorageError> {
        Ok(!self.get(DOCUMENTS, id).await?.is_undefined())
    }

    /// An id for a document saved for the first time: its own id when it
    /// has one no record uses, else one made unique with the time
    /// (`sample-1712345678901`, `doc-1712345678901`). So loading the sample
    /// again, or importing a file twice, never overwrites earlier work.
    pub async fn new_id_for(&self, workspace: &Workspace) -> Result<String, StorageError> {
        let own = workspace.document().meta.id.trim();
        if !own.is_empty() && !self.contains(own).await? {
            return Ok(own.to_string());
        }
        let base = if own.is_empty() { "doc" } else { own };
        let now = js_sys::Date::now() as u64;
        for n in 0u32.. {
            let id = match n {
                0 => format!("{base}-{now}"),
                _ => format!("{base}-{now}-{n}"),
            };
            if !self.contains(&id).await? {
                return Ok(id);
            }
        }
        Err(StorageError::Failed("no free document id".into()))
    }

    async fn get(&self, store: &str, key: &str) -> Result<JsValue, StorageError> {
        let tx = idb::transaction(&self.name, &[store], IdbTransactionMode::Readonly).await?;
        let request = tx
            .object_store(store)
            .and_then(|s| s.get(&JsValue::from_str(key)))
            .map_err(|e| Failure::from_js(&e))?;
        Ok(idb::await_request(&request).await?)
    }

    /// Writes `record` as it is, bypassing every check (tests make damaged
    /// records with it).
    #[cfg(all(test, target_arch = "wasm32"))]
    pub(crate) async fn put_raw(&self, record: &JsValue) -> Result<(), StorageError> {
        let tx = idb::transaction(&self.name, &[DOCUMENTS], IdbTransactionMode::Readwrite).await?;
        tx.object_store(DOCUMENTS)
            .and_then(|s| s.put(record))
            .map_err(|e| Failure::from_js(&e))?;
        idb::await_commit(&tx).await?;
        Ok(())
    }
}

/// What a successful [`Store::save`] wrote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Saved {
    /// The record's revision now.
    pub revision: u64,
    /// Its save time, in ms since 1970.
    pub updated: f64,
}

/// A record read by [`Store::read`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Loaded {
    pub workspace: Workspace,
    pub revision: u64,
    /// When it was saved, in ms since 1970 (0 when unknown).
    pub updated: f64,
    /// Set when the undo history was damaged and dropped: why.
    pub warning: Option<String>,
    /// Set when some of the changes saved after the record (its journal
    /// entries) could not be replayed: how many, and why. The workspace is
    /// the record with the entries before them.
    pub lost: Option<String>,
    /// How many journal entries lie over the record (replayed or not).
    pub entries: usize,
}

thread_local! {
    static LAST_STAMP: Cell<f64> = const { Cell::new(0.0) };
}

/// Now, in ms; strictly later than the previous stamp, so documents saved
/// within one millisecond still list in the order they were saved.
fn timestamp() -> f64 {
    LAST_STAMP.with(|last| {
        let now = js_sys::Date::now().max(last.get() + 1.0);
        last.set(now);
        now
    })
}

fn record_of(id: &str, workspace: &Workspace, updated: f64) -> Result<JsValue, StorageError> {
    record_with(id, workspace, None, updated)
}

/// `workspace` as JSON, for its record.
pub(crate) fn serialise(workspace: &Workspace) -> Result<String, StorageError> {
    serde_json::to_string(workspace)
        .map_err(|e| StorageError::Failed(format!("could not serialise the document: {e}")))
}

/// [`record_of`], with the workspace's JSON when it is already made.
fn record_with(
    id: &str,
    workspace: &Workspace,
    json: Option<&str>,
    updated: f64,
) -> Result<JsValue, StorageError> {
    let made;
    let json = match json {
        Some(json) => json,
        None => {
            made = serialise(workspace)?;
            &made
        }
    };
    let summary = DocumentSummary::of(id, workspace, updated, 0);
    let record = summary
        .to_js()
        .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
    Reflect::set(
        &record,
        &JsValue::from_str("workspace"),
        &JsValue::from_str(json),
    )
    .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
    Ok(record)
}

/// Ends a save of document `id` begun by [`Store::begin_write`]: `put`
/// writes the document's part (its record, or its journal entries), then
/// its `summary` is written and `id` made the last open document, and the
/// transaction committed. When any of it fails the transaction is aborted,
/// so everything stays as it was.
async fn finish_write(
    tx: IdbTransaction,
    id: &str,
    summary: &DocumentSummary,
    put: impl FnOnce(&IdbTransaction) -> Result<(), JsValue>,
) -> Result<(), StorageError> {
    let written = put(&tx).and_then(|()| {
        tx.object_store(SUMMARIES)?.put(&summary.to_js()?)?;
        tx.object_store(META)?
            .put_with_key(&JsValue::from_str(id), &JsValue::from_str(LAST_OPEN))?;
        Ok(())
    });
    if let Err(e) = written {
        let _ = tx.abort();
        return Err(Failure::from_js(&e).into());
    }
    idb::await_commit(&tx).await?;
    Ok(())
}

/// A record's revision; 0 for one saved before revisions (or damaged).
fn revision_in(record: &JsValue) -> u64 {
    field(record, "revision")
        .as_f64()
        .filter(|r| r.is_finite() && *r >= 0.0)
        .map_or(0, |r| r as u64)
}

/// The journal key of document `id`'s entry at `revision`.
fn journal_key(id: &str, revision: u64) -> JsValue {
    js_sys::Array::of2(&JsValue::from_str(id), &JsValue::from_f64(revision as f64)).into()
}

/// Every journal key of document `id`, and no other's: `[id]` sorts
/// before each `[id, n]`, and `[id, []]` after (an array sorts after every
/// number).
fn journal_range(id: &str) -> Result<JsValue, JsValue> {
    let id = JsValue::from_str(id);
    IdbKeyRange::bound_with_lower_open_and_upper_open(
        &js_sys::Array::of1(&id),
        &js_sys::Array::of2(&id, &js_sys::Array::new()),
        false,
        true,
    )
    .map(Into::into)
}

/// The revision stored for `id` within `tx` (over the documents and the
/// summaries): its summary's, or for a record saved before summaries, the
/// record's; `None` when there is no record. The record itself (perhaps
/// megabytes) is read only in that last case.
async fn stored_revision(tx: &IdbTransaction, id: &str) -> Result<Option<u64>, Failure> {
    let key = JsValue::from_str(id);
    let requests = tx
        .object_store(DOCUMENTS)
        .and_then(|documents| {
            let count = documents.count_with_key(&key)?;
            let summary = tx.object_store(SUMMARIES)?.get(&key)?;
            Ok((count, summary))
        })
        .map_err(|e| Failure::from_js(&e))?;
    let count = idb::await_request(&requests.0).await?;
    let summary = idb::await_request(&requests.1).await?;
    if count.as_f64().unwrap_or(0.0) < 1.0 {
        return Ok(None);
    }
    if !summary.is_undefined() {
        return Ok(Some(revision_in(&summary)));
    }
    let request = tx
        .object_store(DOCUMENTS)
        .and_then(|documents| documents.get(&key))
        .map_err(|e| Failure::from_js(&e))?;
    Ok(Some(revision_in(&idb::await_request(&request).await?)))
}

/// The requests reading document `id` within `tx` (over the documents, the
/// summaries and the journal): its record, its summary, its entries.
pub(crate) fn read_parts(
    tx: &IdbTransaction,
    id: &str,
) -> Result<[web_sys::IdbRequest; 3], JsValue> {
    let key = JsValue::from_str(id);
    Ok([
        tx.object_store(DOCUMENTS)?.get(&key)?,
        tx.object_store(SUMMARIES)?.get(&key)?,
        tx.object_store(JOURNAL)?
            .get_all_with_key(&journal_range(id)?)?,
    ])
}

/// The results of [`read_parts`].
pub(crate) async fn await_parts(
    parts: &[web_sys::IdbRequest; 3],
) -> Result<(JsValue, JsValue, JsValue), Failure> {
    let record = idb::await_request(&parts[0]).await?;
    let summary = idb::await_request(&parts[1]).await?;
    let entries = idb::await_request(&parts[2]).await?;
    Ok((record, summary, entries))
}

/// Document `id` from its record, summary and journal entries (in key
/// order): the record's workspace with each entry after the record's
/// revision replayed, stopping at the first that is missing, unreadable
/// or does not fit (said in [`Loaded::lost`]).
pub(crate) fn assemble(
    id: &str,
    record: &JsValue,
    summary: &JsValue,
    entries: &JsValue,
) -> Result<Option<Loaded>, StorageError> {
    if record.is_undefined() {
        return Ok(None);
    }
    let corrupt = |reason: String| StorageError::Corrupt {
        id: id.to_string(),
        reason,
    };
    let json = field(record, "workspace")
        .as_string()
        .ok_or_else(|| corrupt("its document is missing".into()))?;
    let (mut workspace, warning) = workspace_from_json(&json).map_err(corrupt)?;
    let base = revision_in(record);
    let mut revision = base;
    let mut updated = field(record, "updated").as_f64().unwrap_or(0.0);
    let mut count = 0;
    let mut lost: Option<(usize, String)> = None;
    for entry in js_sys::Array::from(entries).iter() {
        let at = revision_in(&entry);
        if at <= base {
            // Covered by the record (left by a write that did not finish
            // deleting them: each does so in its own transaction, so none
            // should be left).
            continue;
        }
        count += 1;
        if let Some((n, _)) = &mut lost {
            *n += 1;
            continue;
        }
        let replayed = if at != revision + 1 {
            Err(format!("change {} is missing", revision + 1))
        } else {
            field(&entry, "delta")
                .as_string()
                .ok_or_else(|| "a change is not text".to_string())
                .and_then(|json| serde_json::from_str::<Delta>(&json).map_err(|e| e.to_string()))
                .and_then(|delta| workspace.replay(&delta).map_err(|e| e.to_string()))
        };
        match replayed {
            Ok(()) => {
                revision = at;
                updated = field(&entry, "time").as_f64().unwrap_or(updated);
            }
            Err(why) => lost = Some((1, why)),
        }
    }
    let stored = if summary.is_undefined() {
        revision
    } else {
        revision_in(summary)
    };
    if !summary.is_undefined() {
        updated = field(summary, "updated").as_f64().unwrap_or(updated);
    }
    Ok(Some(Loaded {
        workspace,
        // The revision stored, so the next save is checked against it even
        // when some changes did not replay (it then writes the whole).
        revision: stored.max(revision),
        updated,
        warning,
        lost: lost.map(|(n, why)| match n {
            1 => format!("its last change: {why}"),
            n => format!("its last {n} changes: {why}"),
        }),
        entries: count,
    }))
}

fn field(record: &JsValue, name: &str) -> JsValue {
    if !record.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The record's id as well as it can be told, for messages.
fn id_in(record: &JsValue) -> String {
    let id = field(record, "id");
    id.as_string()
        .or_else(|| id.as_f64().map(|n| n.to_string()))
        .unwrap_or_else(|| "without an id".to_string())
}

/// The summary of a document record or of a summary record.
fn summary_of(record: &JsValue) -> Result<DocumentSummary, String> {
    if !record.is_object() {
        return Err("the record is not an object".into());
    }
    let id = field(record, "id")
        .as_string()
        .ok_or("its id is not text")?;
    let title = field(record, "title");
    let title = if title.is_null() || title.is_undefined() {
        None
    } else {
        Some(title.as_string().ok_or("its title is not text")?)
    };
    let updated = field(record, "updated")
        .as_f64()
        .filter(|t| t.is_finite())
        .ok_or("its save time is missing")?;
    let count = field(record, "annotation_count")
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or("its annotation count is missing")?;
    Ok(DocumentSummary {
        id,
        title,
        updated,
        annotation_count: count as usize,
        revision: revision_in(record),
    })
}

/// A stored workspace from its JSON. When the document reads but its undo
/// history does not, the document is kept without history, and the second
/// value says why; when the document itself does not read, the error says
/// why.
pub(crate) fn workspace_from_json(json: &str) -> Result<(Workspace, Option<String>), String> {
    let whole = match serde_json::from_str::<Workspace>(json) {
        Ok(workspace) => return Ok((workspace, None)),
        Err(e) => e.to_string(),
    };
    // Only the document, the rest skipped: read from the text like the
    // whole workspace (not through a `serde_json::Value`, which would put a
    // second copy of the document's reading code in the wasm).
    #[derive(serde::Deserialize)]
    struct DocumentOnly {
        document: AnnotatedDocument,
    }
    let DocumentOnly { document } = serde_json::from_str(json).map_err(|_| whole.clone())?;
    let workspace = Workspace::new(document).map_err(|_| whole.clone())?;
    Ok((workspace, Some(whole)))
}

/// The app database's saved documents: see [`Store::list`].
pub(crate) async fn list() -> Result<DocumentList, StorageError> {
    Store::app().list().await
}

/// See [`Store::raw`].
pub(crate) async fn raw(id: &str) -> Result<Option<String>, StorageError> {
    Store::app().raw(id).await
}

/// See [`Store::delete`].
pub(crate) async fn delete(id: &str) -> Result<(), StorageError> {
    Store::app().delete(id).await
}

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod tests;

#[cfg(test)]
mod json_tests {
    use attrib_core::model::{Annotation, Kind, Span};
    use attrib_core::workspace::Action;

    use super::*;

    fn edited() -> Workspace {
        let doc = attrib_core::formats::open::plain_text_document(
            "A headline\n\nSome text here.",
            "t",
            None,
            false,
        );
        let mut ws = Workspace::new(doc).expect("a new document is valid");
        ws.apply(Action::AddAnnotation {
            annotation: Annotation::new("a1", Kind::Claim, vec![Span::new(0, 4)]),
        })
        .expect("the claim fits the text");
        ws
    }

    #[test]
    fn a_sound_workspace_reads_whole_without_a_warning() {
        let ws = edited();
        let json = serde_json::to_string(&ws).expect("serialises");
        assert_eq!(workspace_from_json(&json), Ok((ws, None)));
    }

    #[test]
    fn a_damaged_history_falls_back_to_the_document_with_a_warning() {
        let ws = edited();
        let mut value = serde_json::to_value(&ws).expect("serialises");
        value["history"] = serde_json::json!({"undo": "not a list"});
        let (read, warning) =
            workspace_from_json(&value.to_string()).expect("the document is kept");
        assert_eq!(read.document(), ws.document());
        assert!(!read.can_undo());
        assert!(warning.is_some_and(|w| !w.is_empty()));
    }

    #[test]
    fn a_damaged_document_is_refused_with_the_reason() {
        assert!(workspace_from_json("{not json").is_err());
        let ws = edited();
        let mut value = serde_json::to_value(&ws).expect("serialises");
        value["document"] = serde_json::json!(7);
        let err = workspace_from_json(&value.to_string()).expect_err("no document to keep");
        assert!(!err.is_empty());
    }
}
