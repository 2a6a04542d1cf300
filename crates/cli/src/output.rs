//! Writing results: to standard output (quietly stopping when the reader
//! goes away, as in `attrib stats … | head`) or to a file, never over an
//! input.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::input::is_stdin;

/// Writes `contents` to standard output.
pub fn to_stdout(contents: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out
        .write_all(contents.as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::Data(format!(
            "cannot write to standard output: {err}"
        ))),
    }
}

/// Writes `contents` to `path`, refusing to overwrite any of `inputs`.
pub fn to_file(path: &Path, contents: &str, inputs: &[PathBuf]) -> Result<(), Failure> {
    refuse_overwriting(path, inputs)?;
    std::fs::write(path, contents).map_err(|err| {
        Failure::Data(format!(
            "cannot write {}: {err}; check that its directory exists and is writable",
            path.display()
        ))
    })
}

/// Writes to `-o OUT` when given (and not "-"), else standard output.
pub fn to_destination(
    output: Option<&Path>,
    contents: &str,
    inputs: &[PathBuf],
) -> Result<(), Failure> {
    match output {
        Some(path) if !is_stdin(path) => to_file(path, contents, inputs),
        _ => to_stdout(contents),
    }
}

fn refuse_overwriting(path: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    let Ok(target) = path.canonicalize() else {
        // It does not exist yet, so it is none of the inputs.
        return Ok(());
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|input| input == target) {
            return Err(Failure::Usage(format!(
                "{} is an input of this command; choose another -o so it is not overwritten",
                path.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_an_input() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let input = dir.path().join("a.json");
        std::fs::write(&input, "{}").expect("write the input");
        let err = to_file(&input, "changed", std::slice::from_ref(&input)).unwrap_err();
        assert!(matches!(err, Failure::Usage(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&input).ok().as_deref(), Some("{}"));

        let other = dir.path().join("b.json");
        to_file(&other, "new", std::slice::from_ref(&input)).expect("write another file");
        assert_eq!(std::fs::read_to_string(&other).ok().as_deref(), Some("new"));
    }

    #[test]
    fn a_missing_directory_is_a_data_error_naming_the_path() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("missing").join("out.json");
        let err = to_file(&path, "x", &[]).unwrap_err();
        assert!(matches!(err, Failure::Data(_)));
        assert!(err.message().contains("out.json"), "{err}");
    }
}
