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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

/// A message as it comes over the channel: every field of every kind, read
/// as one flat object. Reading [`Heard`] through serde's internally tagged
/// enum code instead took about 14 KB of wasm for these five messages.
#[derive(serde::Deserialize)]
struct Wire {
    #[serde(rename = "type")]
    kind: String,
    doc: String,
    tab: String,
    claim: Option<f64>,
    revision: Option<u64>,
}

impl Heard {
    /// The message `text` holds (as [`Channel::send`] writes it), or `None`
    /// for anything else.
    pub fn from_json(text: &str) -> Option<Heard> {
        let Wire {
            kind,
            doc,
            tab,
            claim,
            revision,
        } = serde_json::from_str(text).ok()?;
        Some(match kind.as_str() {
            "hello" => Heard::Hello {
                doc,
                tab,
                claim: claim?,
            },
            "busy" => Heard::Busy {
                doc,
                tab,
                claim: claim?,
            },
            "take" => Heard::Take { doc, tab },
            "released" => Heard::Released { doc, tab },
            "saved" => Heard::Saved {
                doc,
                tab,
                revision: revision?,
            },
            _ => return None,
        })
    }

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
                if let Some(heard) = Heard::from_json(&text) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Heard> {
        let (doc, tab) = ("d1".to_string(), "t1".to_string());
        vec![
            Heard::Hello {
                doc: doc.clone(),
                tab: tab.clone(),
                claim: 1234.5,
            },
            Heard::Busy {
                doc: doc.clone(),
                tab: tab.clone(),
                claim: 7.0,
            },
            Heard::Take {
                doc: doc.clone(),
                tab: tab.clone(),
            },
            Heard::Released {
                doc: doc.clone(),
                tab: tab.clone(),
            },
            Heard::Saved {
                doc,
                tab,
                revision: 42,
            },
        ]
    }

    #[test]
    fn every_message_sent_is_read_back_as_it_was() {
        for heard in every_kind() {
            let text = serde_json::to_string(&heard).expect("a message serialises");
            assert_eq!(Heard::from_json(&text), Some(heard), "{text}");
        }
    }

    #[test]
    fn a_message_of_no_known_kind_or_missing_a_field_is_not_heard() {
        for text in [
            r#"{"type":"bye","doc":"d","tab":"t"}"#,
            r#"{"type":"hello","doc":"d","tab":"t"}"#,
            r#"{"type":"saved","doc":"d","tab":"t","claim":1}"#,
            r#"{"type":"take","doc":"d"}"#,
            "not json",
        ] {
            assert_eq!(Heard::from_json(text), None, "{text}");
        }
    }
}
