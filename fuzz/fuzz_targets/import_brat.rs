//! cargo-fuzz target `import_brat`: see `crates/core/tests/fuzz/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| attrib_fuzz::targets::import_brat(data));
