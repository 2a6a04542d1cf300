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
