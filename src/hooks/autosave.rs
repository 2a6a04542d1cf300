//! `use_autosave`: saves the document after every change and restores the
//! last open one on start, through the browser's autosave writer
//! ([`crate::browser::storage::Autosaver`]), and turns what the writer
//! reports into messages: the status line, and plain words when something
//! goes wrong.

use std::rc::Rc;

use attrib_core::workspace::Workspace;
use yew::prelude::*;

use crate::browser::storage::{
    Autosaver, NoCopy, ReadOnlyWhy, Reporter, SaveEvent, StorageError, Store,
};
use crate::state::{capitalise, AppState, Msg, Notice, NoticeLevel, SaveStatus};
use crate::view::history_dropped;

/// Saves the document after every change and restores the last open one on
/// start. Reports progress with `Msg::Saved` and failures with `Msg::error`
/// too.
#[hook]
pub(crate) fn use_autosave(state: Rc<AppState>, dispatch: Callback<Msg>) {
    use_autosave_in(Store::app(), state, dispatch)
}

/// [`use_autosave`] on a given store (tests use their own database).
#[hook]
pub(crate) fn use_autosave_in(store: Store, state: Rc<AppState>, dispatch: Callback<Msg>) {
    let saver = {
        let report = reporter(dispatch.clone());
        use_memo((), move |_| Autosaver::new(store, report))
    };
    saver.set_reporter(reporter(dispatch));
    {
        let saver = (*saver).clone();
        use_effect_with((), move |_| {
            let running = saver.start();
            move || drop(running)
        });
    }
    {
        let saver = (*saver).clone();
        let seen = SameWorkspace(state.workspace.clone());
        use_effect_with((seen, state.revision), move |(seen, revision)| {
            saver.observe(seen.0.clone(), *revision);
        });
    }
}

/// Compares workspaces by identity: a new `Rc` is a new state, and
/// comparing long documents by value on every render would be slow.
#[derive(Clone)]
struct SameWorkspace(Rc<Workspace>);

impl PartialEq for SameWorkspace {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn reporter(dispatch: Callback<Msg>) -> Reporter {
    Rc::new(move |event| {
        for msg in messages_for(event) {
            dispatch.emit(msg);
        }
    })
}

/// What the app says about a writer's event.
fn messages_for(event: SaveEvent) -> Vec<Msg> {
    match event {
        SaveEvent::Saving => vec![Msg::Saved(SaveStatus::Saving)],
        SaveEvent::Saved { at } => vec![Msg::Saved(SaveStatus::Saved(at))],
        SaveEvent::Failed { error, repeated } => {
            let mut msgs = vec![Msg::Saved(SaveStatus::Failed(error.to_string()))];
            if !repeated {
                msgs.push(Msg::error(format!(
                    "Your latest changes are not saved: {error}. The last good save is kept."
                )));
            }
            msgs
        }
        SaveEvent::Restored(workspace) => vec![Msg::Restore(workspace)],
        SaveEvent::StashUnreadable(why) => vec![Msg::error(format!(
            "The changes kept when the page was last closed could not be read ({why}); \
             the last full save is used instead."
        ))],
        SaveEvent::RestoreFailed(e @ StorageError::Corrupt { .. }) => vec![Msg::error(format!(
            "Your last document could not be restored: {e}. \
             The sample article is open instead; your other documents are in Documents."
        ))],
        SaveEvent::RestoreFailed(e) => vec![
            Msg::Saved(SaveStatus::Failed(e.to_string())),
            Msg::error(format!("{}.", capitalise(&e.to_string()))),
        ],
        SaveEvent::HistoryDropped(why) => vec![Msg::error(history_dropped(&why))],
        SaveEvent::ChangesLost(why) => vec![Msg::error(changes_lost(&why))],
        SaveEvent::Reloaded(workspace) => vec![
            Msg::Restore(workspace),
            Msg::info("This tab shows the latest version saved in the other tab."),
        ],
        SaveEvent::ReadOnly(why) => vec![Msg::ReadOnly(Some(read_only_reason(why).into()))],
        SaveEvent::Writable { took_over: true } => vec![
            Msg::ReadOnly(None),
            Msg::info(
                "You are editing this document in this tab now; the other tab has become read-only.",
            ),
        ],
        SaveEvent::Writable { took_over: false } => vec![Msg::ReadOnly(None)],
        SaveEvent::CopySaved { copy } => vec![Msg::error(format!(
            "This document was changed in another tab after this tab read it, so your \
             latest changes were not written over that work: they are saved as a second copy \
             (“{copy}” in Documents), which you are editing now."
        ))],
        SaveEvent::NoSafetyCopy(why) => vec![Msg::NotifyQuietly(Notice {
            level: NoticeLevel::Info,
            text: no_safety_copy(why).to_string(),
        })],
    }
}

/// What the user is told when some changes saved to the document opened
/// could not be read back (`why` says how many and why).
pub(crate) fn changes_lost(why: &str) -> String {
    format!(
        "Some of this document's latest saved changes could not be read back ({why}), so it is \
         open as it was before them: check your latest annotations, and export your work to \
         keep a copy."
    )
}

/// What the user is told when a change gets no localStorage safety copy.
pub(crate) fn no_safety_copy(why: NoCopy) -> &'static str {
    match why {
        NoCopy::TooLong => {
            "This document is too long for the browser's instant safety copy (about a million \
             characters at most), so each change is saved only to the browser's database, \
             which takes a moment: a tab closed right after a change may lose that change."
        }
        NoCopy::Refused => {
            "The browser refused the instant safety copy of your changes (its local storage \
             is full or switched off), so each change is saved only to the browser's \
             database, which takes a moment: a tab closed right after a change may lose that \
             change."
        }
    }
}

/// Why this tab is read-only, in the user's words.
pub(crate) fn read_only_reason(why: ReadOnlyWhy) -> &'static str {
    match why {
        ReadOnlyWhy::OpenElsewhere => {
            "This document is open in another tab, which is editing it, so it is read-only here \
             and neither tab overwrites the other."
        }
        ReadOnlyWhy::TakenElsewhere => {
            "You chose to edit this document in another tab, so it is read-only here; \
             its changes show here as they are saved."
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
