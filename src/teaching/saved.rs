//! A teacher's scoring session in the form it is kept in the browser
//! between visits: the key, the students' documents, the threshold, the
//! rubric, the overrides, the table's order and the view. Its id comes
//! from the key document, so scoring the same key again finds it. The
//! browser stores its JSON without reading it (`browser::storage`).

use std::rc::Rc;

use attrib_core::assignment::{short_hash, Submission};
use attrib_core::model::{AnnotatedDocument, Kind};
use attrib_core::score::{Override, Rubric};
use serde::{Deserialize, Serialize};

use super::{Column, Scoring, TeachView, Unread};

/// The version of the saved form; a session saved in another form is not
/// read (the teacher is told, and scores afresh).
const VERSION: u32 = 1;

/// A scoring session as it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SavedScoring {
    pub version: u32,
    pub key: AnnotatedDocument,
    pub key_source: String,
    /// Each student's document, their name (and class) in its metadata.
    pub submissions: Vec<AnnotatedDocument>,
    #[serde(default)]
    pub unread: Vec<Unread>,
    pub threshold: f64,
    /// The kinds the teacher chose (empty: the default).
    #[serde(default)]
    pub kinds: Vec<Kind>,
    pub rubric: Rubric,
    #[serde(default)]
    pub overrides: Vec<Override>,
    pub sort: Column,
    pub ascending: bool,
    #[serde(default)]
    pub hide_names: bool,
    /// The view shown, if the scoring page was showing.
    #[serde(default)]
    pub view: Option<TeachView>,
}

/// The id a session scored against `key` is saved under: the key's own id
/// and the hash of its text, so another key on the same article is another
/// session.
pub(crate) fn session_id(key: &AnnotatedDocument) -> String {
    format!(
        "key-{}-{}",
        short_hash(key.text.sha256()),
        key.meta.id.trim()
    )
}

impl SavedScoring {
    /// What is saved of `scoring` shown in `view`.
    pub fn of(scoring: &Scoring, view: Option<&TeachView>) -> SavedScoring {
        SavedScoring {
            version: VERSION,
            key: (*scoring.key).clone(),
            key_source: scoring.key_source.clone(),
            submissions: scoring
                .submissions
                .iter()
                .map(Submission::to_document)
                .collect(),
            unread: scoring.unread.clone(),
            threshold: scoring.threshold,
            kinds: scoring.kinds.clone(),
            rubric: scoring.rubric.clone(),
            overrides: scoring.overrides.clone(),
            sort: scoring.sort,
            ascending: scoring.ascending,
            hide_names: scoring.hide_names,
            view: view.filter(|v| **v != TeachView::SelfCheck).cloned(),
        }
    }

    pub fn id(&self) -> String {
        session_id(&self.key)
    }

    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }

    /// Reads a saved session; says why it cannot be read otherwise.
    pub fn from_json(json: &str) -> Result<SavedScoring, String> {
        let saved: SavedScoring = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if saved.version != VERSION {
            return Err(format!(
                "it was saved in form {}, and this version of Attrib reads form {VERSION}",
                saved.version
            ));
        }
        Ok(saved)
    }

    /// The session as the page holds it.
    pub fn to_scoring(&self) -> Scoring {
        let mut scoring = Scoring::new(Rc::new(self.key.clone()), &self.key_source);
        scoring.submissions = self
            .submissions
            .iter()
            .map(|d| Submission::from_document(d.clone(), "student"))
            .collect();
        scoring.unread = self.unread.clone();
        scoring.threshold = self.threshold;
        scoring.kinds = self.kinds.clone();
        scoring.rubric = self.rubric.clone();
        scoring.overrides = self.overrides.clone();
        scoring.sort = self.sort;
        scoring.ascending = self.ascending;
        scoring.hide_names = self.hide_names;
        scoring
    }
}
