//! Which tab edits a document, as a Web Lock (`navigator.locks`) named
//! after the database and the document. The browser grants a lock to one
//! tab at a time and decides atomically: two tabs opening a document at
//! the same instant cannot both get it, and a tab that is frozen in the
//! background or too busy to answer a message still holds it. The browser
//! frees it when its tab closes or crashes. Taking a document over steals
//! the lock; the tab that held it learns so when its hold ends with an
//! `AbortError`.
//!
//! A tab that finds the lock held can also wait for it ([`Ask::Wait`]),
//! giving up when its signal is aborted: the autosave writer waits while
//! it asks the holder over the tab channel whether it is still there (a
//! page being reloaded lets go a moment after the new one asks).
//!
//! Without Web Locks (an old browser, or a page not served over HTTPS or
//! from localhost) [`acquire`] says so, and the autosave writer falls back
//! to the claims it exchanges over the tab channel (`tabs.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// A lock this tab holds; dropping it releases the lock.
pub(crate) struct Held {
    release: Function,
    name: String,
}

impl Held {
    /// The lock's name ([`name_of`]).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// What asking for a lock came to.
pub(crate) enum Acquired {
    /// This tab holds it now.
    Held(Held),
    /// Another tab holds it.
    Busy,
    /// This browser (or page) has no Web Locks.
    Unsupported,
}

/// The name of the lock on document `doc` of database `database`.
pub(crate) fn name_of(database: &str, doc: &str) -> String {
    format!("attrib-doc:{database}:{doc}")
}

fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Whether this page can use Web Locks.
pub(crate) fn supported() -> bool {
    lock_manager().is_some()
}

/// How to ask for a lock.
pub(crate) enum Ask<'a> {
    /// At once if no other tab holds it, else [`Acquired::Busy`].
    IfFree,
    /// Taking it from the tab that holds it.
    Steal,
    /// As soon as the tab holding it lets it go; [`Acquired::Busy`] if
    /// `signal` is aborted first.
    Wait(&'a web_sys::AbortSignal),
}

/// Asks for lock `name` as `ask` says. `on_lost` runs if another tab
/// steals it later (not when this tab drops it).
pub(crate) async fn acquire(
    name: &str,
    ask: Ask<'_>,
    on_lost: impl FnOnce() + 'static,
) -> Acquired {
    let Some(locks) = lock_manager() else {
        return Acquired::Unsupported;
    };
    let Some(request) = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return Acquired::Unsupported;
    };
    let options = Object::new();
    let (flag, value): (&str, JsValue) = match ask {
        Ask::IfFree => ("ifAvailable", JsValue::TRUE),
        Ask::Steal => ("steal", JsValue::TRUE),
        Ask::Wait(signal) => ("signal", signal.into()),
    };
    if Reflect::set(&options, &JsValue::from_str(flag), &value).is_err() {
        return Acquired::Unsupported;
    }
    // Whether the lock was ever granted: an AbortError before that is a
    // wait given up, after it a steal.
    let granted_once = Rc::new(std::cell::Cell::new(false));
    // The resolver of the promise the callback returns: calling it ends
    // the hold.
    let release: Rc<RefCell<Option<Function>>> = Rc::default();
    let mut answer: Option<Function> = None;
    let granted = Promise::new(&mut |resolve, _| answer = Some(resolve));
    let Some(answer) = answer else {
        return Acquired::Unsupported;
    };
    let callback = {
        let release = release.clone();
        let answer = answer.clone();
        let granted_once = granted_once.clone();
        wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if lock.is_null() {
                let _ = answer.call1(&JsValue::NULL, &JsValue::FALSE);
                return JsValue::UNDEFINED;
            }
            granted_once.set(true);
            let hold = Promise::new(&mut |resolve, _| *release.borrow_mut() = Some(resolve));
            let _ = answer.call1(&JsValue::NULL, &JsValue::TRUE);
            hold.into()
        })
    };
    let held = match request.call3(&locks, &JsValue::from_str(name), &options, &callback) {
        Ok(done) => done.dyn_into::<Promise>().ok(),
        Err(_) => None,
    };
    let Some(held) = held else {
        return Acquired::Unsupported;
    };
    spawn_local(async move {
        // Settles when the hold ends: at once when the lock was not
        // granted, when this tab drops it, or with an AbortError when
        // another tab steals it. A refused request (a page without the
        // right to locks) answers "unsupported" too.
        match JsFuture::from(held).await {
            Ok(_) => {}
            Err(error) => {
                let aborted = Reflect::get(&error, &JsValue::from_str("name"))
                    .ok()
                    .and_then(|n| n.as_string())
                    .is_some_and(|n| n == "AbortError");
                if aborted && !granted_once.get() {
                    // A wait given up: the other tab still holds it.
                    let _ = answer.call1(&JsValue::NULL, &JsValue::FALSE);
                    return;
                }
                let _ = answer.call1(&JsValue::NULL, &JsValue::UNDEFINED);
                if aborted {
                    on_lost();
                }
            }
        }
    });
    match JsFuture::from(granted).await {
        Ok(v) if v == JsValue::TRUE => match release.borrow_mut().take() {
            Some(release) => Acquired::Held(Held {
                release,
                name: name.to_string(),
            }),
            None => Acquired::Unsupported,
        },
        Ok(v) if v == JsValue::FALSE => Acquired::Busy,
        _ => Acquired::Unsupported,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn unique(what: &str) -> String {
        format!("attrib-test-lock-{what}-{}", js_sys::Math::random())
    }

    #[wasm_bindgen_test]
    async fn a_lock_waited_for_is_granted_when_its_holder_lets_go() {
        let name = unique("wait");
        let Acquired::Held(first) = acquire(&name, Ask::IfFree, || {}).await else {
            panic!("a free lock is granted");
        };
        assert!(matches!(
            acquire(&name, Ask::IfFree, || {}).await,
            Acquired::Busy
        ));
        let controller = web_sys::AbortController::new().expect("a controller");
        let signal = controller.signal();
        // Let go a moment after the wait starts.
        spawn_local(async move {
            crate::browser::perf::next_tick().await;
            drop(first);
        });
        let lost = Rc::new(std::cell::Cell::new(false));
        let was_lost = lost.clone();
        let second = acquire(&name, Ask::Wait(&signal), move || was_lost.set(true)).await;
        assert!(matches!(second, Acquired::Held(_)), "granted once let go");
        assert!(!lost.get());
    }

    #[wasm_bindgen_test]
    async fn a_wait_given_up_says_busy_and_is_no_loss() {
        let name = unique("abort");
        let Acquired::Held(_first) = acquire(&name, Ask::IfFree, || {}).await else {
            panic!("a free lock is granted");
        };
        let controller = web_sys::AbortController::new().expect("a controller");
        let signal = controller.signal();
        let aborter = controller.clone();
        spawn_local(async move {
            crate::browser::perf::next_tick().await;
            aborter.abort();
        });
        let lost = Rc::new(std::cell::Cell::new(false));
        let was_lost = lost.clone();
        let waited = acquire(&name, Ask::Wait(&signal), move || was_lost.set(true)).await;
        assert!(matches!(waited, Acquired::Busy), "still held by the first");
        crate::browser::perf::next_tick().await;
        assert!(!lost.get(), "a wait given up is not a lock lost");
    }
}
