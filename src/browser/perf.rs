//! User Timing marks: `measure(name, work)` runs `work` between two marks
//! and records a `performance.measure` entry called `name`, which the
//! browser's developer tools show and `cargo xtask bench` reads. Costs a
//! few microseconds; without the Performance API it just runs `work`.

/// Runs `work`, recording how long it took as the measure `name`.
pub(crate) fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return work();
    };
    let start = format!("{name}: start");
    let _ = performance.mark(&start);
    let result = work();
    let _ = performance.measure_with_start_mark(name, &start);
    performance.clear_marks_with_mark_name(&start);
    result
}

/// A measure around work that awaits: [`Span::start`] marks its start,
/// [`Span::end`] records the measure (async code cannot be wrapped in
/// [`measure`]'s closure).
pub(crate) struct Span {
    name: String,
}

impl Span {
    pub(crate) fn start(name: &str) -> Span {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(&format!("{name}: start"));
        }
        Span {
            name: name.to_string(),
        }
    }

    pub(crate) fn end(self) {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let start = format!("{}: start", self.name);
            let _ = performance.measure_with_start_mark(&self.name, &start);
            performance.clear_marks_with_mark_name(&start);
        }
    }
}

/// Resolves once the browser has painted the page as it is now (the next
/// animation frame, then a task), so a notice shown before long work is on
/// screen while the work runs. A hidden tab paints no frames: after 100 ms
/// it resolves anyway.
pub(crate) async fn after_paint() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let later = window.clone();
        let frame = Closure::once_into_js(move || {
            let _ = later.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = window.request_animation_frame(frame.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Gives the page the main thread back for a moment (resolves a task
/// later), so it paints and answers the user between parts of long work.
pub(crate) async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _| {
        let scheduled = web_sys::window().map(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
        });
        if scheduled != Some(true) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the page started (`performance.now()`; the wall
/// clock without the Performance API), to measure a slice of work.
pub(crate) fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}
