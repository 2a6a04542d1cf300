//! Documents kept in the browser (IndexedDB; localStorage is too small for
//! long articles). The database `attrib` has an object store `documents`
//! keyed by a document's storage id, each record
//! `{id, title, updated, annotation_count, workspace}` where `workspace` is
//! the JSON of an [`attrib_core::workspace::Workspace`] (undo history
//! included), and a store `meta` remembering which document was open last.
//! Each write is one transaction: it lands whole or not at all, so a failed
//! write keeps the last good save.
//!
//! [`use_autosave`] saves every change and restores the last document on
//! start; the functions below serve it and the Documents dialog.

mod autosave;
mod idb;
mod scoring;

use std::cell::Cell;
use std::fmt;

use attrib_core::workspace::Workspace;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

pub(crate) use autosave::{flush, open_document, open_id, Autosaver, Reporter, SaveEvent};
pub(crate) use scoring::ScoringStore;

use idb::{Failure, DOCUMENTS, META};

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
}

impl DocumentSummary {
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

    /// Saves `workspace` as record `id`, replacing what was there, and makes
    /// it the last open document, in one transaction: if the write fails
    /// (storage full) the record stays as it was.
    pub async fn save_as(&self, id: &str, workspace: &Workspace) -> Result<(), StorageError> {
        let record = record_of(id, workspace)?;
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, META],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        let written = (|| {
            tx.object_store(DOCUMENTS)?.put(&record)?;
            tx.object_store(META)?
                .put_with_key(&JsValue::from_str(id), &JsValue::from_str(LAST_OPEN))?;
            Ok::<(), JsValue>(())
        })();
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// The workspace saved as `id`, or `None` when there is none. A record
    /// that cannot be read gives [`StorageError::Corrupt`].
    pub async fn load(&self, id: &str) -> Result<Option<Workspace>, StorageError> {
        let value = self.get(DOCUMENTS, id).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        workspace_of(&value)
            .map(Some)
            .map_err(|reason| StorageError::Corrupt {
                id: id.to_string(),
                reason,
            })
    }

    /// Every saved document, newest first. Records whose summary cannot be
    /// read are skipped and listed in `skipped`.
    pub async fn list(&self) -> Result<DocumentList, StorageError> {
        let tx = idb::transaction(&self.name, &[DOCUMENTS], IdbTransactionMode::Readonly).await?;
        let request = tx
            .object_store(DOCUMENTS)
            .and_then(|store| store.get_all())
            .map_err(|e| Failure::from_js(&e))?;
        let values = idb::await_request(&request).await?;
        let mut list = DocumentList::default();
        for value in js_sys::Array::from(&values).iter() {
            match summary_of(&value) {
                Ok(summary) => list.documents.push(summary),
                Err(reason) => list.skipped.push(StorageError::Corrupt {
                    id: id_in(&value),
                    reason,
                }),
            }
        }
        list.documents.sort_by(|a, b| {
            b.updated
                .total_cmp(&a.updated)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(list)
    }

    /// Deletes record `id` (nothing happens if there is none); if it was the
    /// last open document, no document is any more.
    pub async fn delete(&self, id: &str) -> Result<(), StorageError> {
        let last = self.last_open().await?;
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, META],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        let written = (|| {
            tx.object_store(DOCUMENTS)?.delete(&JsValue::from_str(id))?;
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

fn record_of(id: &str, workspace: &Workspace) -> Result<JsValue, StorageError> {
    let json = serde_json::to_string(workspace)
        .map_err(|e| StorageError::Failed(format!("could not serialise the document: {e}")))?;
    let doc = workspace.document();
    let record = js_sys::Object::new();
    let title = doc
        .meta
        .title
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    let fields = [
        ("id", JsValue::from_str(id)),
        ("title", title),
        ("updated", JsValue::from_f64(timestamp())),
        (
            "annotation_count",
            JsValue::from_f64(doc.annotations.len() as f64),
        ),
        ("workspace", JsValue::from_str(&json)),
    ];
    for (key, value) in fields {
        Reflect::set(&record, &JsValue::from_str(key), &value)
            .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
    }
    Ok(record.into())
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
    if !field(record, "workspace").is_string() {
        return Err("its document is missing".into());
    }
    Ok(DocumentSummary {
        id,
        title,
        updated,
        annotation_count: count as usize,
    })
}

fn workspace_of(record: &JsValue) -> Result<Workspace, String> {
    let json = field(record, "workspace")
        .as_string()
        .ok_or("its document is missing")?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

/// The app database's saved documents: see [`Store::list`].
pub(crate) async fn list() -> Result<DocumentList, StorageError> {
    Store::app().list().await
}

/// See [`Store::delete`].
pub(crate) async fn delete(id: &str) -> Result<(), StorageError> {
    Store::app().delete(id).await
}

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod tests;
