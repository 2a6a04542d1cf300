//! Promise glue over the browser's IndexedDB API: opening a database (and
//! creating its object stores), awaiting a request, awaiting a
//! transaction's end. One connection per database is kept open, so a write
//! started while the page is being hidden reaches the database without
//! waiting for a new connection.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// The schema version; raising it runs [`create_stores`] again, which
/// creates only the stores that are missing, so older data stays.
const VERSION: u32 = 3;
/// Saved documents, keyed by their `id` field.
pub(crate) const DOCUMENTS: &str = "documents";
/// Small settings, keyed by name (the document open last).
pub(crate) const META: &str = "meta";
/// One small summary per saved document (title, time, counts, revision),
/// keyed by the document's `id`, so lists never read whole documents.
pub(crate) const SUMMARIES: &str = "summaries";
/// Corpora: the ordered document ids and each one's status, keyed by `id`;
/// the documents themselves are records of [`DOCUMENTS`].
pub(crate) const CORPORA: &str = "corpora";
/// A teacher's scoring sessions (key, submissions, threshold, rubric,
/// overrides), keyed by `id`.
pub(crate) const SCORING: &str = "scoring";

/// Each document's changes since its record was last written whole: one
/// entry per edit, undo or redo, keyed by `[document id, revision]` (so a
/// document's entries are one key range, in order), each
/// `{doc, revision, time, delta}` with `delta` the JSON of an
/// [`attrib_core::workspace::Delta`]. Added in version 3.
pub(crate) const JOURNAL: &str = "journal";

/// The stores keyed by the `id` field of their records.
const KEYED_BY_ID: [&str; 4] = [DOCUMENTS, SUMMARIES, CORPORA, SCORING];

/// Why an IndexedDB call failed: the `DOMException` name
/// (`QuotaExceededError`, `InvalidStateError`, …) and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub name: String,
    pub message: String,
}

impl Failure {
    pub fn new(name: &str, message: &str) -> Self {
        Failure {
            name: name.to_string(),
            message: message.to_string(),
        }
    }

    fn from_exception(e: &DomException) -> Self {
        Failure {
            name: e.name(),
            message: e.message(),
        }
    }

    /// From whatever a browser call threw: usually a `DOMException`,
    /// sometimes a plain `Error` or another value.
    pub fn from_js(value: &JsValue) -> Self {
        if let Some(e) = value.dyn_ref::<DomException>() {
            return Failure::from_exception(e);
        }
        if let Some(e) = value.dyn_ref::<js_sys::Error>() {
            return Failure {
                name: String::from(e.name()),
                message: String::from(e.message()),
            };
        }
        Failure::new(
            "UnknownError",
            &value
                .as_string()
                .unwrap_or_else(|| "the browser gave no reason".into()),
        )
    }
}

thread_local! {
    static CONNECTIONS: RefCell<HashMap<String, IdbDatabase>> = RefCell::new(HashMap::new());
}

/// The open connection to database `name`, opening (and creating) it when
/// there is none.
async fn connection(name: &str) -> Result<IdbDatabase, Failure> {
    if let Some(db) = CONNECTIONS.with(|c| c.borrow().get(name).cloned()) {
        return Ok(db);
    }
    let db = open(name).await?;
    CONNECTIONS.with(|c| c.borrow_mut().insert(name.to_string(), db.clone()));
    Ok(db)
}

fn forget_connection(name: &str) {
    if let Some(db) = CONNECTIONS.with(|c| c.borrow_mut().remove(name)) {
        db.close();
    }
}

async fn open(name: &str) -> Result<IdbDatabase, Failure> {
    let window = web_sys::window().ok_or_else(|| Failure::new("UnavailableError", "no window"))?;
    let factory = window
        .indexed_db()
        .map_err(|e| Failure::from_js(&e))?
        .ok_or_else(|| Failure::new("UnavailableError", "IndexedDB is switched off"))?;
    let request = factory
        .open_with_u32(name, VERSION)
        .map_err(|e| Failure::from_js(&e))?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            if let Ok(db) = request.result() {
                create_stores(&db.unchecked_into());
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = await_request(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    let db: IdbDatabase = opened?
        .dyn_into()
        .map_err(|_| Failure::new("UnknownError", "opening the database gave no database"))?;
    // Another tab asking for a newer schema must not wait on this one: close
    // and reopen on the next call.
    let on_version_change = {
        let name = name.to_string();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| forget_connection(&name))
    };
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    // Lives as long as the connection, which the page keeps.
    on_version_change.forget();
    Ok(db)
}

fn create_stores(db: &IdbDatabase) {
    let names = db.object_store_names();
    for store in KEYED_BY_ID {
        if !names.contains(store) {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&JsValue::from_str("id"));
            // Fails only if the store exists, which was just checked.
            let _ = db.create_object_store_with_optional_parameters(store, &params);
        }
    }
    for store in [META, JOURNAL] {
        if !names.contains(store) {
            let _ = db.create_object_store(store);
        }
    }
}

/// A transaction over `stores` of database `name`. A connection the
/// browser has closed (storage cleared, say) is reopened once.
pub(crate) async fn transaction(
    name: &str,
    stores: &[&str],
    mode: IdbTransactionMode,
) -> Result<IdbTransaction, Failure> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let db = connection(name).await?;
    match db.transaction_with_str_sequence_and_mode(&names, mode) {
        Ok(tx) => Ok(tx),
        Err(e) if Failure::from_js(&e).name == "InvalidStateError" => {
            forget_connection(name);
            let db = connection(name).await?;
            db.transaction_with_str_sequence_and_mode(&names, mode)
                .map_err(|e| Failure::from_js(&e))
        }
        Err(e) => Err(Failure::from_js(&e)),
    }
}

/// Waits for a request and gives its result.
pub(crate) async fn await_request(request: &IdbRequest) -> Result<JsValue, Failure> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result().map_err(|e| Failure::from_js(&e)),
        Err(_) => Err(match request.error() {
            Ok(Some(e)) => Failure::from_exception(&e),
            _ => Failure::new("UnknownError", "the request failed"),
        }),
    }
}

/// Waits until a transaction has committed; an aborted one (a failed
/// write, storage full) gives the reason and has changed nothing.
pub(crate) async fn await_commit(tx: &IdbTransaction) -> Result<(), Failure> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    match outcome {
        Ok(_) => Ok(()),
        Err(_) => Err(match tx.error() {
            Some(e) => Failure::from_exception(&e),
            None => Failure::new("AbortError", "the write was cancelled"),
        }),
    }
}

/// Deletes database `name` (tests clean up with it).
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) async fn delete_database(name: &str) -> Result<(), Failure> {
    forget_connection(name);
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| Failure::new("UnavailableError", "no IndexedDB"))?;
    let request = factory
        .delete_database(name)
        .map_err(|e| Failure::from_js(&e))?;
    await_request(&request).await.map(|_| ())
}
