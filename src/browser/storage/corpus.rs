//! Corpora in the browser's storage. A corpus is one record of the
//! `corpora` store, `{id, name, index}` where `index` is the JSON of an
//! [`attrib_core::corpus::Index`] (the ordered documents, each with its
//! storage key, title, status and annotation count), and each of its
//! documents is an ordinary record of `documents` under its own key
//! (`{corpus id}/{document id}`), so autosave, undo and the Documents
//! dialog work per document. `meta` remembers which corpus is open.
//!
//! A new corpus is written in batches of documents, one transaction each,
//! then its record; a failure leaves no corpus record behind, so a half
//! written corpus never opens (its documents stay in Documents).

use attrib_core::corpus::Index;
use attrib_core::workspace::Workspace;
use attrib_core::AnnotatedDocument;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use super::idb::{self, Failure, CORPORA, DOCUMENTS, META, SUMMARIES};
use super::{
    field, record_of, timestamp, workspace_from_json, DocumentSummary, StorageError, Store,
    LAST_OPEN,
};

/// The key in `meta` naming the corpus open now.
const OPEN_CORPUS: &str = "open_corpus";
/// Documents written per transaction when a corpus is saved.
const BATCH: usize = 250;

impl Store {
    /// Saves a new corpus: every document of `docs` under its key in
    /// `index` (same order), then the corpus record, which becomes the open
    /// corpus, its first document the last open one. `progress` hears how
    /// many documents are written so far.
    pub async fn save_corpus(
        &self,
        index: &Index,
        docs: &[AnnotatedDocument],
        progress: &dyn Fn(usize),
    ) -> Result<(), StorageError> {
        if docs.len() != index.entries.len() {
            return Err(StorageError::Failed(
                "the corpus index does not match its documents".into(),
            ));
        }
        let pairs: Vec<(&str, &AnnotatedDocument)> = index
            .entries
            .iter()
            .map(|e| e.key.as_str())
            .zip(docs)
            .collect();
        let mut written = 0;
        for batch in pairs.chunks(BATCH) {
            let mut records = Vec::with_capacity(batch.len());
            for (key, doc) in batch {
                let workspace = Workspace::new((*doc).clone()).map_err(|e| {
                    StorageError::Failed(format!("document “{}”: {e}", doc.meta.id))
                })?;
                let updated = timestamp();
                let summary = DocumentSummary::of(key, &workspace, updated, 0)
                    .to_js()
                    .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
                records.push((record_of(key, &workspace, updated)?, summary));
            }
            let tx = idb::transaction(
                &self.name,
                &[DOCUMENTS, SUMMARIES],
                IdbTransactionMode::Readwrite,
            )
            .await?;
            // Each document with its summary, so the Documents list (which
            // reads summaries) shows the corpus's documents at once.
            let put = (|| {
                let documents = tx.object_store(DOCUMENTS)?;
                let summaries = tx.object_store(SUMMARIES)?;
                for (record, summary) in &records {
                    documents.put(record)?;
                    summaries.put(summary)?;
                }
                Ok::<(), JsValue>(())
            })();
            if let Err(e) = put {
                let _ = tx.abort();
                return Err(Failure::from_js(&e).into());
            }
            idb::await_commit(&tx).await?;
            written += batch.len();
            progress(written);
        }
        self.put_corpus(index, true).await
    }

    /// Writes the corpus record (statuses, counts). With `open`, it also
    /// becomes the open corpus and its first document the last open one.
    pub async fn put_corpus(&self, index: &Index, open: bool) -> Result<(), StorageError> {
        let json = serde_json::to_string(index)
            .map_err(|e| StorageError::Failed(format!("could not serialise the corpus: {e}")))?;
        let record = js_sys::Object::new();
        for (key, value) in [
            ("id", JsValue::from_str(&index.id)),
            ("name", JsValue::from_str(&index.name)),
            ("index", JsValue::from_str(&json)),
        ] {
            Reflect::set(&record, &JsValue::from_str(key), &value)
                .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
        }
        let tx =
            idb::transaction(&self.name, &[CORPORA, META], IdbTransactionMode::Readwrite).await?;
        let put = (|| {
            tx.object_store(CORPORA)?.put(&record)?;
            if open {
                let meta = tx.object_store(META)?;
                meta.put_with_key(
                    &JsValue::from_str(&index.id),
                    &JsValue::from_str(OPEN_CORPUS),
                )?;
                if let Some(first) = index.entries.first() {
                    meta.put_with_key(
                        &JsValue::from_str(&first.key),
                        &JsValue::from_str(LAST_OPEN),
                    )?;
                }
            }
            Ok::<(), JsValue>(())
        })();
        if let Err(e) = put {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// The corpus open now, if any (and if its record is still there).
    pub async fn open_corpus(&self) -> Result<Option<Index>, StorageError> {
        let Some(id) = self.get(META, OPEN_CORPUS).await?.as_string() else {
            return Ok(None);
        };
        let record = self.get(CORPORA, &id).await?;
        if record.is_undefined() {
            return Ok(None);
        }
        let json = field(&record, "index")
            .as_string()
            .ok_or_else(|| StorageError::Corrupt {
                id: id.clone(),
                reason: "its list of documents is missing".into(),
            })?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StorageError::Corrupt {
                id,
                reason: e.to_string(),
            })
    }

    /// No corpus is open any more (its record and documents stay).
    pub async fn close_corpus(&self) -> Result<(), StorageError> {
        let tx = idb::transaction(&self.name, &[META], IdbTransactionMode::Readwrite).await?;
        if let Err(e) = tx
            .object_store(META)
            .and_then(|s| s.delete(&JsValue::from_str(OPEN_CORPUS)))
        {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// The documents stored under `keys`, in that order, read in one
    /// transaction; a missing or damaged one is an error naming it.
    pub async fn load_many(&self, keys: &[String]) -> Result<Vec<Workspace>, StorageError> {
        let tx = idb::transaction(&self.name, &[DOCUMENTS], IdbTransactionMode::Readonly).await?;
        let store = tx
            .object_store(DOCUMENTS)
            .map_err(|e| Failure::from_js(&e))?;
        let mut requests = Vec::with_capacity(keys.len());
        for key in keys {
            requests.push(
                store
                    .get(&JsValue::from_str(key))
                    .map_err(|e| Failure::from_js(&e))?,
            );
        }
        let mut out = Vec::with_capacity(keys.len());
        for (key, request) in keys.iter().zip(&requests) {
            let value = idb::await_request(request).await?;
            if value.is_undefined() {
                return Err(StorageError::Corrupt {
                    id: key.clone(),
                    reason: "it is no longer saved".into(),
                });
            }
            let corrupt = |reason: String| StorageError::Corrupt {
                id: key.clone(),
                reason,
            };
            let json = field(&value, "workspace")
                .as_string()
                .ok_or_else(|| corrupt("its document is missing".into()))?;
            // A damaged undo history costs only the history here.
            let (workspace, _damaged_history) = workspace_from_json(&json).map_err(corrupt)?;
            out.push(workspace);
        }
        Ok(out)
    }
}
