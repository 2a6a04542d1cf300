//! Talk between the tabs of one browser that have the app open, over a
//! `BroadcastChannel` named after the database: which document each tab
//! edits, a tab taking a document over, and a document saved. The autosave
//! writer (`autosave.rs`) decides what to do with what it hears; this file
//! only carries the messages.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// One message between tabs. `doc` is a document's storage id; `tab` the
/// sender's id; `claim` when the sender started editing it (ms), the older
/// claim winning when two tabs start at once.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Heard {
    /// "I have opened `doc` to edit it": a tab editing it answers `Busy`.
    Hello {
        doc: String,
        tab: String,
        claim: f64,
    },
    /// "I am editing `doc`."
    Busy {
        doc: String,
        tab: String,
        claim: f64,
    },
    /// "I take `doc` over": the tab editing it writes what it has, becomes
    /// read-only and answers `Released`.
    Take { doc: String, tab: String },
    /// "I have written everything of `doc` and stopped editing it."
    Released { doc: String, tab: String },
    /// "I have saved `doc` at `revision`": read-only tabs show it.
    Saved {
        doc: String,
        tab: String,
        revision: u64,
    },
}

impl Heard {
    pub fn doc(&self) -> &str {
        match self {
            Heard::Hello { doc, .. }
            | Heard::Busy { doc, .. }
            | Heard::Take { doc, .. }
            | Heard::Released { doc, .. }
            | Heard::Saved { doc, .. } => doc,
        }
    }

    pub fn tab(&self) -> &str {
        match self {
            Heard::Hello { tab, .. }
            | Heard::Busy { tab, .. }
            | Heard::Take { tab, .. }
            | Heard::Released { tab, .. }
            | Heard::Saved { tab, .. } => tab,
        }
    }
}

/// This tab's end of the channel. Without `BroadcastChannel` (a very old
/// browser) it is silent, and the revision check alone keeps the work.
pub(crate) struct Channel {
    channel: Option<BroadcastChannel>,
    /// This tab's id, random per page.
    pub tab: String,
    _listener: Option<EventListener>,
}

impl Channel {
    /// Opens the channel of database `database`; `hear` gets every message
    /// other tabs send.
    pub fn open(database: &str, hear: impl Fn(Heard) + 'static) -> Channel {
        let tab = format!(
            "{:x}{:x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 4_294_967_296.0) as u64
        );
        let channel = BroadcastChannel::new(&format!("attrib-tabs:{database}")).ok();
        let listener = channel.as_ref().map(|channel| {
            let own = tab.clone();
            EventListener::new(channel, "message", move |event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else {
                    return;
                };
                let Some(text) = event.data().as_string() else {
                    return;
                };
                if let Ok(heard) = serde_json::from_str::<Heard>(&text) {
                    if heard.tab() != own {
                        hear(heard);
                    }
                }
            })
        });
        Channel {
            channel,
            tab,
            _listener: listener,
        }
    }

    pub fn send(&self, message: &Heard) {
        if let (Some(channel), Ok(text)) = (&self.channel, serde_json::to_string(message)) {
            let _ = channel.post_message(&text.into());
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.close();
        }
    }
}
