//! `use_corpus`: joins the corpus state to the browser's storage. On start
//! it reopens the corpus that was open when the page was left; when the
//! user asks for another document it loads that one (after the autosave has
//! written the one shown) and shows it; when a status or count changes it
//! writes only the entries that changed (not the whole corpus record);
//! when the corpus is closed it forgets it.

use std::cell::RefCell;
use std::rc::Rc;

use attrib_core::corpus::Index;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser::storage::{self, Store};
use crate::state::{AppState, CorpusMsg, Msg};

/// Writes of changed entries: one at a time, each from the index last
/// written to the newest one.
#[derive(Default)]
struct Writer {
    busy: bool,
    /// The index as storage has it (after the writes under way).
    written: Option<Rc<Index>>,
    next: Option<Rc<Index>>,
}

#[hook]
pub(crate) fn use_corpus(state: Rc<AppState>, dispatch: Callback<Msg>) {
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                match Store::app().open_corpus().await {
                    Ok(Some(index)) => {
                        dispatch.emit(Msg::Corpus(CorpusMsg::Restored(Rc::new(index))))
                    }
                    Ok(None) => {}
                    Err(e) => dispatch.emit(Msg::error(format!(
                        "The corpus open last could not be reopened: {e}. Its documents are in \
                         Documents."
                    ))),
                }
            });
        });
    }

    let wanted = state.corpus.as_ref().and_then(|c| {
        c.wanted
            .and_then(|(i, request)| Some((c.index.entries.get(i)?.key.clone(), request)))
    });
    {
        let dispatch = dispatch.clone();
        use_effect_with(wanted, move |wanted| {
            if let Some((key, _)) = wanted.clone() {
                spawn_local(async move {
                    let msg = match storage::open_document(&key).await {
                        Ok(Some(loaded)) => CorpusMsg::Show(Rc::new(loaded.workspace)),
                        Ok(None) => CorpusMsg::NotShown(format!(
                            "The document “{key}” is no longer saved in this browser (was it \
                             deleted in Documents?). The document shown stays open."
                        )),
                        Err(e) => CorpusMsg::NotShown(format!(
                            "Could not open the next document: {e}. The document shown stays open."
                        )),
                    };
                    dispatch.emit(Msg::Corpus(msg));
                });
            }
        });
    }

    let writer = use_mut_ref(Writer::default);
    let changed = state
        .corpus
        .as_ref()
        .map(|c| (c.index.id.clone(), c.changes));
    {
        let index = state.corpus.as_ref().map(|c| c.index.clone());
        let writer = writer.clone();
        use_effect_with(changed, move |changed| match (changed, index) {
            // The index as stored: opened, or read back.
            (Some((_, 0)), Some(index)) => {
                let mut w = writer.borrow_mut();
                if !w.busy {
                    w.written = Some(index);
                }
            }
            (Some(_), Some(index)) => write(writer, index, dispatch),
            _ => {}
        });
    }

    let open_id = state.corpus.as_ref().map(|c| c.index.id.clone());
    let last_open = use_mut_ref(|| None::<String>);
    use_effect_with(open_id, move |open_id| {
        let was = last_open.replace(open_id.clone());
        if was.is_some() && open_id.is_none() {
            spawn_local(async move {
                let _ = Store::app().close_corpus().await;
            });
        }
    });
}

/// Writes the entries of `index` that changed since the last write, or
/// queues it behind the write under way.
fn write(writer: Rc<RefCell<Writer>>, index: Rc<Index>, dispatch: Callback<Msg>) {
    {
        let mut w = writer.borrow_mut();
        if w.busy {
            w.next = Some(index);
            return;
        }
        w.busy = true;
    }
    spawn_local(async move {
        let mut index = index;
        loop {
            let older = writer.borrow().written.clone();
            let changed = match &older {
                Some(older) => index.changed_since(older),
                None => (0..index.entries.len()).collect(),
            };
            match Store::app().put_entries(&index, &changed).await {
                Ok(()) => writer.borrow_mut().written = Some(index.clone()),
                Err(e) => dispatch.emit(Msg::error(format!(
                    "The corpus's list of statuses could not be saved: {e}. The documents \
                     themselves are saved."
                ))),
            }
            let next = writer.borrow_mut().next.take();
            match next {
                Some(newer) => index = newer,
                None => break,
            }
        }
        writer.borrow_mut().busy = false;
    });
}
