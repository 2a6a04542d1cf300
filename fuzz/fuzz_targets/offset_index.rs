//! cargo-fuzz target `offset_index`: see `crates/core/tests/fuzz/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| attrib_fuzz::targets::offset_index(data));
