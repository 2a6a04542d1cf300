//! The serialised form of a [`Workspace`] and the checks made when one is
//! loaded.

use serde::{Deserialize, Serialize};

use super::{check_valid, History, Workspace};
use crate::model::AnnotatedDocument;

/// The version written into a serialised workspace.
const WORKSPACE_VERSION: u32 = 1;

/// The serialised form of a [`Workspace`].
#[derive(Serialize)]
struct StoredWorkspaceRef<'a> {
    version: u32,
    document: &'a AnnotatedDocument,
    history: &'a History,
}

#[derive(Deserialize)]
struct StoredWorkspace {
    version: u32,
    document: AnnotatedDocument,
    #[serde(default)]
    history: History,
}

impl Serialize for Workspace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StoredWorkspaceRef {
            version: WORKSPACE_VERSION,
            document: &self.document,
            history: &self.history,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Workspace {
    /// Refuses a stored workspace whose document is invalid or whose
    /// history does not lead back (and forward) from the document.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let stored = StoredWorkspace::deserialize(d)?;
        if stored.version != WORKSPACE_VERSION {
            return Err(D::Error::custom(format!(
                "unsupported workspace version {}; expected {WORKSPACE_VERSION}",
                stored.version
            )));
        }
        check_valid(&stored.document).map_err(D::Error::custom)?;
        check_history(&stored.document, &stored.history).map_err(D::Error::custom)?;
        let mut workspace = Workspace {
            document: stored.document,
            history: stored.history,
        };
        workspace.history.trim();
        Ok(workspace)
    }
}

/// Checks that every undo step fits the state the steps after it leave, and
/// every redo step the state the undone steps before it leave, so that undo
/// and redo cannot fail on a stored history.
fn check_history(document: &AnnotatedDocument, history: &History) -> Result<(), String> {
    let parts = || AnnotatedDocument {
        meta: document.meta.clone(),
        text: crate::text::Document::default(),
        schema: document.schema.clone(),
        speakers: document.speakers.clone(),
        annotations: document.annotations.clone(),
    };
    let mut past = parts();
    for (age, step) in history.undo.iter().rev().enumerate() {
        if !step.change.perform(&mut past, false) {
            return Err(format!(
                "history: undo step {age} ('{}') does not match the document",
                step.label
            ));
        }
    }
    let mut future = parts();
    for (age, step) in history.redo.iter().rev().enumerate() {
        if !step.change.perform(&mut future, true) {
            return Err(format!(
                "history: redo step {age} ('{}') does not match the document",
                step.label
            ));
        }
    }
    Ok(())
}
