//! What the `attrib` binary's integration tests share: the fixtures' paths
//! and running the binary. Each test file uses only some of it.

#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The built-in sample article annotated by hand, as Attrib JSON.
pub const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/fixtures/sample-annotated.json"
);

/// The built-in sample article, as plain text.
pub const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../static/sample-article.txt"
);

/// The suggester's committed gold files.
pub const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/gold");

/// Runs `attrib` with `args`.
pub fn attrib(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(args)
        .output()
        .expect("run attrib")
}

/// Runs `attrib` with `args`, `stdin` as its standard input.
pub fn attrib_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run attrib");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for attrib")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}
