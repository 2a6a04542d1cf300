//! cargo-fuzz target `open_steps`: see `crates/core/tests/fuzz/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| attrib_fuzz::targets::open_steps(data));
