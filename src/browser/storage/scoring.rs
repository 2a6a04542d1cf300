//! A teacher's scoring sessions, kept in the `scoring` store of the app's
//! database so that a reload loses neither the students' files nor the
//! threshold, rubric and overrides. This module stores what it is given:
//! each session is an opaque JSON text under an id (the app derives the id
//! from the key document), in a record `{id, updated, session}`; one more
//! record, [`OPEN`], names the session that was open when the page was
//! left and whether its page was showing. Each write is one transaction,
//! so a failed write keeps the last good save.

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use web_sys::IdbTransactionMode;

use super::idb::{self, Failure, SCORING};
use super::{timestamp, StorageError, APP_DATABASE};

/// The id of the record naming the open session. Session ids given by the
/// app never take this form.
const OPEN: &str = "~open";

/// The session open when the page was left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenSession {
    /// The session's id.
    pub id: String,
    /// Its JSON, as saved.
    pub session: String,
    /// Whether the scoring page was showing (else the teacher had gone
    /// back to annotating).
    pub showing: bool,
}

/// The scoring sessions of one database. The app uses
/// [`ScoringStore::app`]; tests give each their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScoringStore {
    database: String,
}

impl ScoringStore {
    pub fn app() -> Self {
        ScoringStore::named(APP_DATABASE)
    }

    pub fn named(database: &str) -> Self {
        ScoringStore {
            database: database.to_string(),
        }
    }

    /// Saves `session` (JSON) as session `id`, replacing what was there,
    /// and makes it the open session (`showing` or not), in one
    /// transaction.
    pub async fn save(&self, id: &str, session: &str, showing: bool) -> Result<(), StorageError> {
        if id == OPEN {
            return Err(StorageError::Failed(format!(
                "“{OPEN}” cannot name a scoring session"
            )));
        }
        let record = object(&[
            ("id", JsValue::from_str(id)),
            ("updated", JsValue::from_f64(timestamp())),
            ("session", JsValue::from_str(session)),
        ])?;
        let open = object(&[
            ("id", JsValue::from_str(OPEN)),
            ("session_id", JsValue::from_str(id)),
            ("showing", JsValue::from_bool(showing)),
        ])?;
        let tx =
            idb::transaction(&self.database, &[SCORING], IdbTransactionMode::Readwrite).await?;
        let written = tx.object_store(SCORING).and_then(|store| {
            store.put(&record)?;
            store.put(&open)?;
            Ok(())
        });
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    /// The JSON of session `id`, or `None` when none was saved. A record
    /// that cannot be read gives [`StorageError::Corrupt`].
    pub async fn load(&self, id: &str) -> Result<Option<String>, StorageError> {
        let record = self.get(id).await?;
        if record.is_undefined() {
            return Ok(None);
        }
        session_in(&record)
            .map(Some)
            .ok_or_else(|| StorageError::Corrupt {
                id: id.to_string(),
                reason: "its scoring session is missing".into(),
            })
    }

    /// The session open when the page was left, if any (and if its
    /// session record is still there).
    pub async fn open_session(&self) -> Result<Option<OpenSession>, StorageError> {
        let open = self.get(OPEN).await?;
        if open.is_undefined() {
            return Ok(None);
        }
        let Some(id) = field(&open, "session_id").as_string() else {
            return Err(StorageError::Corrupt {
                id: OPEN.into(),
                reason: "it names no scoring session".into(),
            });
        };
        let showing = field(&open, "showing").as_bool().unwrap_or(false);
        Ok(self.load(&id).await?.map(|session| OpenSession {
            id,
            session,
            showing,
        }))
    }

    /// No session is open any more (scoring stopped); the sessions stay,
    /// to be found again when the teacher scores the same key.
    pub async fn close(&self) -> Result<(), StorageError> {
        let tx =
            idb::transaction(&self.database, &[SCORING], IdbTransactionMode::Readwrite).await?;
        let written = tx
            .object_store(SCORING)
            .and_then(|store| store.delete(&JsValue::from_str(OPEN)));
        if let Err(e) = written {
            let _ = tx.abort();
            return Err(Failure::from_js(&e).into());
        }
        idb::await_commit(&tx).await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<JsValue, StorageError> {
        let tx = idb::transaction(&self.database, &[SCORING], IdbTransactionMode::Readonly).await?;
        let request = tx
            .object_store(SCORING)
            .and_then(|store| store.get(&JsValue::from_str(id)))
            .map_err(|e| Failure::from_js(&e))?;
        Ok(idb::await_request(&request).await?)
    }
}

fn object(fields: &[(&str, JsValue)]) -> Result<JsValue, StorageError> {
    let record = js_sys::Object::new();
    for (key, value) in fields {
        Reflect::set(&record, &JsValue::from_str(key), value)
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

fn session_in(record: &JsValue) -> Option<String> {
    field(record, "session").as_string()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    async fn fresh(what: &str) -> ScoringStore {
        let name = format!("attrib-test-scoring-{what}-{}", js_sys::Date::now() as u64);
        idb::delete_database(&name)
            .await
            .expect("delete old test db");
        ScoringStore::named(&name)
    }

    #[wasm_bindgen_test]
    async fn a_saved_session_is_open_after_a_reload_until_scoring_stops() {
        let store = fresh("open").await;
        assert_eq!(store.open_session().await, Ok(None), "nothing at first");
        store.save("key-a", r#"{"n":1}"#, true).await.unwrap();
        store.save("key-b", r#"{"n":2}"#, false).await.unwrap();
        assert_eq!(
            store.open_session().await,
            Ok(Some(OpenSession {
                id: "key-b".into(),
                session: r#"{"n":2}"#.into(),
                showing: false,
            })),
            "the session saved last is the open one"
        );
        assert_eq!(
            store.load("key-a").await,
            Ok(Some(r#"{"n":1}"#.to_string()))
        );
        store.save("key-a", r#"{"n":3}"#, true).await.unwrap();
        assert_eq!(
            store.load("key-a").await,
            Ok(Some(r#"{"n":3}"#.to_string())),
            "a save replaces the session"
        );
        store.close().await.unwrap();
        assert_eq!(store.open_session().await, Ok(None), "closed");
        assert_eq!(
            store.load("key-a").await,
            Ok(Some(r#"{"n":3}"#.to_string())),
            "closing keeps the sessions for the next time"
        );
        assert_eq!(store.load("key-c").await, Ok(None));
        assert!(store.save(OPEN, "{}", true).await.is_err());
        idb::delete_database(&store.database).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_damaged_session_record_is_reported_not_read() {
        let store = fresh("damaged").await;
        let tx = idb::transaction(&store.database, &[SCORING], IdbTransactionMode::Readwrite)
            .await
            .unwrap();
        let bad = object(&[
            ("id", JsValue::from_str("key-x")),
            ("session", JsValue::from_f64(4.0)),
        ])
        .unwrap();
        tx.object_store(SCORING).unwrap().put(&bad).unwrap();
        idb::await_commit(&tx).await.unwrap();
        assert!(matches!(
            store.load("key-x").await,
            Err(StorageError::Corrupt { .. })
        ));
        idb::delete_database(&store.database).await.unwrap();
    }
}
