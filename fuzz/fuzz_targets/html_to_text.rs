//! cargo-fuzz target `html_to_text`: see `crates/core/tests/fuzz/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| attrib_fuzz::targets::html_to_text(data));
