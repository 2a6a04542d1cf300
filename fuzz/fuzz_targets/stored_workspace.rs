//! cargo-fuzz target `stored_workspace`: see `crates/core/tests/fuzz/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| attrib_fuzz::targets::stored_workspace(data));
