//! Files over Attrib's limits are refused by `attrib` with a message naming
//! the limit, before they are read, and nothing is written; a file with one
//! broken line converts the rest, and `--strict` refuses it.

mod common;

use common::*;

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("huge.json");
    // A sparse file: 50 MB on paper, nothing on disk, never read.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 * 1024 * 1024).expect("set its length");
    let out_path = dir.path().join("out.json");
    let out = attrib(&[
        "convert",
        &path.to_string_lossy(),
        "--to",
        "json",
        "-o",
        &out_path.to_string_lossy(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let stderr = stderr(&out);
    assert!(
        stderr.contains("the file is 50 MB, and Attrib opens files up to 48 MB"),
        "{stderr}"
    );
    assert!(!out_path.exists(), "nothing is written");
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let big = "x".repeat(49 * 1024 * 1024);
    let mut child = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(["stats", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run attrib");
    let mut stdin = child.stdin.take().expect("its standard input");
    // attrib stops reading one byte past the limit, so the rest may meet a
    // closed pipe: that is the point.
    let _ = stdin.write_all(big.as_bytes());
    drop(stdin);
    let out = child.wait_with_output().expect("attrib ends");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("more than 48 MB"), "{}", stderr(&out));
}

#[test]
fn deeply_nested_json_is_refused_naming_the_depth_limit() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("deep.json");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(&path, deep).expect("write");
    for from in [None, Some("w3c")] {
        let mut args = vec!["stats".to_string(), path.to_string_lossy().into_owned()];
        if let Some(from) = from {
            args.extend(["--from".to_string(), from.to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = attrib(&args);
        assert_eq!(code(&out), 1, "{from:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("nested more than 64 levels deep"),
            "{from:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_corpus_with_one_broken_line_converts_the_rest_and_strict_refuses_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("corpus.jsonl");
    let good = |id: &str| {
        format!(
            "{{\"format\":\"attrib\",\"version\":1,\"document\":{{\"id\":\"{id}\",\
             \"text\":\"Rain fell.\"}},\"annotations\":[]}}\n"
        )
    };
    let corpus = format!("{}{}{{\"format\": \n{}", good("a"), good("b"), good("c"));
    std::fs::write(&path, corpus).expect("write the corpus");
    let out = attrib(&["convert", &path.to_string_lossy(), "--to", "jsonl"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 3, "the three good lines");
    assert!(
        stderr(&out).contains(
            "line 3, format (column 11): EOF while parsing a value; this line was left out"
        ),
        "{}",
        stderr(&out)
    );
    let strict = dir.path().join("strict.jsonl");
    let out = attrib(&[
        "convert",
        &path.to_string_lossy(),
        "--to",
        "jsonl",
        "--strict",
        "-o",
        &strict.to_string_lossy(),
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 line did not read (line 3, format (column 11)"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing was written (--strict)"));
    assert!(!strict.exists());
}
