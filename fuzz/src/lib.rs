//! The fuzz targets' bodies, shared with the stable smoke test: this crate
//! compiles `crates/core/tests/fuzz/targets.rs` as its `targets` module.

#[path = "../../crates/core/tests/fuzz/targets.rs"]
pub mod targets;
