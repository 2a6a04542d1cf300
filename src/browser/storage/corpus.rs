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
//! written corpus never opens (the opener deletes the documents it wrote).
//!
//! A status or count that changes later is written on its own: a small
//! record per changed document in `corpora`, keyed `{corpus id}\u{1}{position}`
//! (`{id, entry}`, the entry's JSON), which reading the corpus lays over
//! its record; the corpus record itself is written once. Deleting a corpus
//! removes its record, those entries and its documents in one transaction.

use attrib_core::corpus::{Entry, Index};
use attrib_core::workspace::Workspace;
use attrib_core::AnnotatedDocument;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use super::idb::{self, Failure, CORPORA, DOCUMENTS, JOURNAL, META, SUMMARIES};
use super::{
    assemble, await_parts, field, journal_range, read_parts, record_of, timestamp, DocumentSummary,
    StorageError, Store, LAST_OPEN,
};

/// The key in `meta` naming the corpus open now.
const OPEN_CORPUS: &str = "open_corpus";
/// Documents written per transaction when a corpus is saved.
const BATCH: usize = 250;

/// The key of the changed entry at `position` of corpus `id`.
fn entry_key(id: &str, position: usize) -> String {
    format!("{id}\u{1}{position}")
}

/// Every changed-entry key of corpus `id` (and no other corpus's: ids
/// hold no control characters).
fn entries_range(id: &str) -> Result<JsValue, JsValue> {
    web_sys::IdbKeyRange::bound_with_lower_open_and_upper_open(
        &JsValue::from_str(&format!("{id}\u{1}")),
        &JsValue::from_str(&format!("{id}\u{2}")),
        false,
        true,
    )
    .map(Into::into)
}

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
        let mut written = 0;
        for (entries, docs) in index.entries.chunks(BATCH).zip(docs.chunks(BATCH)) {
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            self.save_documents(&keys, docs).await?;
            written += docs.len();
            progress(written);
        }
        self.put_corpus(index, true).await
    }

    /// Writes `docs`, each under the key of the same place in `keys`, with
    /// their summaries, in one transaction (a part of a corpus being
    /// opened).
    pub async fn save_documents(
        &self,
        keys: &[&str],
        docs: &[AnnotatedDocument],
    ) -> Result<(), StorageError> {
        let mut records = Vec::with_capacity(docs.len());
        for (key, doc) in keys.iter().zip(docs) {
            let workspace = Workspace::new(doc.clone())
                .map_err(|e| StorageError::Failed(format!("document “{}”: {e}", doc.meta.id)))?;
            let updated = timestamp();
            let summary = DocumentSummary::of(key, &workspace, updated, 0)
                .to_js()
                .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
            records.push((record_of(key, &workspace, updated)?, summary));
        }
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, JOURNAL],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        // Each document with its summary, so the Documents list (which
        // reads summaries) shows the corpus's documents at once; no
        // journal entries of an earlier document of the same key stay.
        let put = (|| {
            let documents = tx.object_store(DOCUMENTS)?;
            let summaries = tx.object_store(SUMMARIES)?;
            let journal = tx.object_store(JOURNAL)?;
            for ((record, summary), key) in records.iter().zip(keys) {
                documents.put(record)?;
                summaries.put(summary)?;
                journal.delete(&journal_range(key)?)?;
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

    /// Deletes the documents stored under `keys`, their journal entries
    /// and their summaries, in one transaction (what a corpus whose opening
    /// failed had written).
    pub async fn delete_documents(&self, keys: &[String]) -> Result<(), StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, JOURNAL],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        let deleted = (|| {
            let documents = tx.object_store(DOCUMENTS)?;
            let summaries = tx.object_store(SUMMARIES)?;
            let journal = tx.object_store(JOURNAL)?;
            for key in keys {
                documents.delete(&JsValue::from_str(key))?;
                summaries.delete(&JsValue::from_str(key))?;
                journal.delete(&journal_range(key)?)?;
            }
            Ok::<(), JsValue>(())
        })();
        if let Err(e) = deleted {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// Deletes the corpus `index`: its record, its changed entries, every
    /// one of its documents with their summaries, and whether it (or one
    /// of its documents) was open, in one transaction: all or nothing.
    pub async fn delete_corpus(&self, index: &Index) -> Result<(), StorageError> {
        let open = self.get(META, OPEN_CORPUS).await?.as_string();
        let last = self.last_open().await?;
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, CORPORA, META, JOURNAL],
            IdbTransactionMode::Readwrite,
        )
        .await?;
        let deleted = (|| {
            let documents = tx.object_store(DOCUMENTS)?;
            let summaries = tx.object_store(SUMMARIES)?;
            let journal = tx.object_store(JOURNAL)?;
            for entry in &index.entries {
                documents.delete(&JsValue::from_str(&entry.key))?;
                summaries.delete(&JsValue::from_str(&entry.key))?;
                journal.delete(&journal_range(&entry.key)?)?;
            }
            let corpora = tx.object_store(CORPORA)?;
            corpora.delete(&JsValue::from_str(&index.id))?;
            corpora.delete(&entries_range(&index.id)?)?;
            let meta = tx.object_store(META)?;
            if open.as_deref() == Some(index.id.as_str()) {
                meta.delete(&JsValue::from_str(OPEN_CORPUS))?;
            }
            if last
                .as_deref()
                .is_some_and(|l| index.entries.iter().any(|e| e.key == l))
            {
                meta.delete(&JsValue::from_str(LAST_OPEN))?;
            }
            Ok::<(), JsValue>(())
        })();
        if let Err(e) = deleted {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// Writes the entries at `changed` positions of `index` (a status or
    /// count that changed), each as a small record of its own, in one
    /// transaction; the corpus record is not rewritten.
    pub async fn put_entries(&self, index: &Index, changed: &[usize]) -> Result<(), StorageError> {
        let mut records = Vec::with_capacity(changed.len());
        for &position in changed {
            let Some(entry) = index.entries.get(position) else {
                continue;
            };
            let json = serde_json::to_string(entry).map_err(|e| {
                StorageError::Failed(format!("could not serialise the corpus entry: {e}"))
            })?;
            let record = js_sys::Object::new();
            for (key, value) in [
                ("id", JsValue::from_str(&entry_key(&index.id, position))),
                ("entry", JsValue::from_str(&json)),
            ] {
                Reflect::set(&record, &JsValue::from_str(key), &value)
                    .map_err(|e| StorageError::from(Failure::from_js(&e)))?;
            }
            records.push(record);
        }
        if records.is_empty() {
            return Ok(());
        }
        let tx = idb::transaction(&self.name, &[CORPORA], IdbTransactionMode::Readwrite).await?;
        let put = (|| {
            let corpora = tx.object_store(CORPORA)?;
            for record in &records {
                corpora.put(record)?;
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
        self.corpus(&id).await
    }

    /// Every corpus saved in this browser, in the order of their ids, each
    /// with its changed entries laid over it. A corpus whose record cannot
    /// be read is an error naming it in `skipped`, never a lost list.
    pub async fn corpora(&self) -> Result<(Vec<Index>, Vec<StorageError>), StorageError> {
        let tx = idb::transaction(&self.name, &[CORPORA], IdbTransactionMode::Readonly).await?;
        let request = tx
            .object_store(CORPORA)
            .and_then(|s| s.get_all_keys())
            .map_err(|e| Failure::from_js(&e))?;
        let keys = idb::await_request(&request).await?;
        let (mut found, mut skipped) = (Vec::new(), Vec::new());
        for key in js_sys::Array::from(&keys).iter() {
            // Changed-entry records sit beside the corpus records.
            let Some(id) = key.as_string().filter(|k| !k.contains('\u{1}')) else {
                continue;
            };
            match self.corpus(&id).await {
                Ok(Some(index)) => found.push(index),
                Ok(None) => {}
                Err(e) => skipped.push(e),
            }
        }
        Ok((found, skipped))
    }

    /// Makes the saved corpus `id` the open one and returns it (`None`
    /// when it is no longer saved).
    pub async fn reopen_corpus(&self, id: &str) -> Result<Option<Index>, StorageError> {
        let Some(index) = self.corpus(id).await? else {
            return Ok(None);
        };
        let tx = idb::transaction(&self.name, &[META], IdbTransactionMode::Readwrite).await?;
        if let Err(e) = tx.object_store(META).and_then(|meta| {
            meta.put_with_key(&JsValue::from_str(id), &JsValue::from_str(OPEN_CORPUS))
        }) {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(Some(index))
    }

    /// The saved corpus `id`, with its changed entries laid over it, if
    /// its record is there.
    async fn corpus(&self, id: &str) -> Result<Option<Index>, StorageError> {
        let id = id.to_string();
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
        let mut index: Index = serde_json::from_str(&json).map_err(|e| StorageError::Corrupt {
            id: id.clone(),
            reason: e.to_string(),
        })?;
        // The entries changed since, each in a record of its own.
        let tx = idb::transaction(&self.name, &[CORPORA], IdbTransactionMode::Readonly).await?;
        let request = tx
            .object_store(CORPORA)
            .and_then(|s| s.get_all_with_key(&entries_range(&id)?))
            .map_err(|e| Failure::from_js(&e))?;
        let changed = idb::await_request(&request).await?;
        let mut laid = Vec::new();
        for record in js_sys::Array::from(&changed).iter() {
            let position = field(&record, "id")
                .as_string()
                .and_then(|k| k.rsplit('\u{1}').next()?.parse::<usize>().ok());
            let entry = field(&record, "entry")
                .as_string()
                .and_then(|j| serde_json::from_str::<Entry>(&j).ok());
            // A damaged entry record costs only that status.
            if let (Some(position), Some(entry)) = (position, entry) {
                laid.push((position, entry));
            }
        }
        index.lay_over(laid);
        Ok(Some(index))
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

    /// The documents stored under `keys`, in that order (each its record
    /// with its journal entries replayed), read in one transaction; a
    /// missing or damaged one is an error naming it.
    pub async fn load_many(&self, keys: &[String]) -> Result<Vec<Workspace>, StorageError> {
        let tx = idb::transaction(
            &self.name,
            &[DOCUMENTS, SUMMARIES, JOURNAL],
            IdbTransactionMode::Readonly,
        )
        .await?;
        let mut requests = Vec::with_capacity(keys.len());
        for key in keys {
            requests.push(read_parts(&tx, key).map_err(|e| Failure::from_js(&e))?);
        }
        let mut out = Vec::with_capacity(keys.len());
        for (key, parts) in keys.iter().zip(&requests) {
            let (record, summary, entries) = await_parts(parts).await?;
            // A damaged undo history, or changes that do not replay, cost
            // only those here.
            match assemble(key, &record, &summary, &entries)? {
                Some(loaded) => out.push(loaded.workspace),
                None => {
                    return Err(StorageError::Corrupt {
                        id: key.clone(),
                        reason: "it is no longer saved".into(),
                    })
                }
            }
        }
        Ok(out)
    }
}
