//! Where in a JSON file a deserialising error happened, as a path such as
//! `annotations[3].spans[0]`.
//!
//! Files are read with plain `serde_json`: no path bookkeeping, which
//! costs time on every field of every file. Only when reading fails is the
//! path worked out:
//!
//! - natively (the CLI, the tests), by reading the input again with
//!   `serde_path_to_error`, which follows every value, so even a value read
//!   through serde's buffering (an untagged enum) is named exactly;
//! - in the app (wasm), without that crate, which would add a tracking copy
//!   of the reading code of every type to the bundle: by walking the JSON
//!   text up to the byte where `serde_json` stopped; the object keys and
//!   array indices open there are the path. A value that serde buffers
//!   (an untagged enum, a value of no fixed type) is reported at the end
//!   of the object holding it, with the line and column; every other error
//!   is named as natively.
//!
//! Paths are written as `serde_path_to_error` writes them: keys joined by
//! `.`, indices in brackets, `.` for the top level.

use serde::Deserialize;

/// A `serde_json` error with the path of the value it is about.
#[derive(Debug)]
pub(crate) struct PathError {
    path: String,
    inner: serde_json::Error,
}

impl PathError {
    /// `inner`, met while reading `input`, located by walking the text.
    fn scanned(input: &str, inner: serde_json::Error) -> Self {
        let path = match byte_offset(input, inner.line(), inner.column()) {
            Some(end) => path_at(input, end),
            None => ".".to_string(),
        };
        PathError { path, inner }
    }

    /// The path, `.` for the top level.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn inner(&self) -> &serde_json::Error {
        &self.inner
    }

    pub(crate) fn into_inner(self) -> serde_json::Error {
        self.inner
    }
}

/// Reads a `T` from `de` (made from `input`), leaving what follows for
/// `de.end()`.
pub(crate) fn deserialize<'de, T: Deserialize<'de>>(
    de: &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
    input: &'de str,
) -> Result<T, PathError> {
    let read = T::deserialize(de);
    #[cfg(not(target_arch = "wasm32"))]
    let read = read.map_err(|e| locate::<T>(input, e));
    #[cfg(target_arch = "wasm32")]
    let read = read.map_err(|e| PathError::scanned(input, e));
    read
}

/// Locates `err`, met reading a `T` from `input`: read again, following
/// the path.
#[cfg(not(target_arch = "wasm32"))]
fn locate<'de, T: Deserialize<'de>>(input: &'de str, err: serde_json::Error) -> PathError {
    let mut de = serde_json::Deserializer::from_str(input);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(tracked) => PathError {
            path: tracked.path().to_string(),
            inner: tracked.into_inner(),
        },
        Ok(_) => PathError::scanned(input, err),
    }
}

/// Reads a `T` from a JSON value.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, PathError> {
    T::deserialize(value).map_err(
        |err| match serde_path_to_error::deserialize::<_, T>(value) {
            Err(tracked) => PathError {
                path: tracked.path().to_string(),
                inner: tracked.into_inner(),
            },
            Ok(_) => PathError {
                path: ".".to_string(),
                inner: err,
            },
        },
    )
}

/// Reads a `T` from a JSON value, through the value written out as JSON:
/// the app reads every such `T` from text anyway, so reading it from the
/// text keeps a second copy of its reading code (from a `Value`) out of the
/// wasm. The error's path is found in that text, and its message is the
/// one without a position (as reading the value gives).
#[cfg(target_arch = "wasm32")]
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, PathError> {
    let text = value.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    T::deserialize(&mut de).map_err(|positioned| {
        let path = PathError::scanned(&text, positioned);
        let message = path.inner.to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((message, _)) if path.inner.line() > 0 => message.to_string(),
            _ => message,
        };
        PathError {
            path: path.path,
            inner: serde::de::Error::custom(message),
        }
    })
}

/// The byte offset of 1-based `line` and byte `column` (as `serde_json`
/// counts them), or `None` when the error has no position.
fn byte_offset(input: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        input
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map(|(at, _)| at + 1)?
    };
    Some((start + column).min(input.len()))
}

/// One open container while walking the text.
enum Frame {
    /// An object, with the key whose value is being read, if any, whether
    /// a key (not a value) comes next, and whether the value began.
    Object {
        key: Option<String>,
        in_key: bool,
        started: bool,
    },
    /// An array, with the index of the element being read, if one began.
    Array { index: usize, started: bool },
}

/// The path of the value being read at byte `end` of `input`.
fn path_at(input: &str, end: usize) -> String {
    let bytes = input.as_bytes();
    let end = end.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut open_string = false;
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        match b {
            b'"' => {
                let is_key = matches!(stack.last(), Some(Frame::Object { in_key: true, .. }));
                begin_value(&mut stack);
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                open_string = i >= end;
                if is_key && i < end {
                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                        let raw = input.get(start..=i).unwrap_or("\"\"");
                        *key = Some(serde_json::from_str::<String>(raw).unwrap_or_default());
                    }
                }
            }
            b'{' => {
                begin_value(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    in_key: true,
                    started: false,
                });
            }
            b'[' => {
                begin_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_key, .. }) = stack.last_mut() {
                    *in_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object {
                    key,
                    in_key,
                    started,
                }) => {
                    *key = None;
                    *in_key = true;
                    *started = false;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => begin_value(&mut stack),
        }
        i += 1;
    }
    // At the end of the input after a whole value, the error is about
    // what should follow it (a comma or the closing brace), not the value.
    if end == bytes.len() && !open_string {
        if let Some(Frame::Object {
            key,
            in_key: false,
            started: true,
        }) = stack.last_mut()
        {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array {
                index,
                started: true,
            } => {
                path.push_str(&format!("[{index}]"));
            }
            _ => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A value begins: an array's element, or an object's value after its
/// key, has started.
fn begin_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Array { started, .. }) => *started = true,
        Some(Frame::Object {
            in_key: false,
            started,
            ..
        }) => *started = true,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        title: String,
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        start: u64,
        #[serde(default)]
        tags: Vec<String>,
    }

    /// The path the app (wasm) gives.
    fn path_of(input: &str) -> String {
        let err = serde_json::from_str::<File>(input).expect_err("refused");
        PathError::scanned(input, err).path
    }

    /// The path the CLI gives.
    fn tracked_path_of(input: &str) -> String {
        let mut de = serde_json::Deserializer::from_str(input);
        let err = deserialize::<File>(&mut de, input).expect_err("refused");
        err.path().to_string()
    }

    #[test]
    fn names_the_value_that_is_wrong() {
        assert_eq!(
            path_of(r#"{"title": "t", "items": [{"start": 1}, {"start": "x"}]}"#),
            "items[1].start"
        );
        assert_eq!(
            path_of("{\n  \"title\": \"t\",\n  \"items\": [\n    {\"start\": 1, \"tags\": [\"a\", 3]}\n  ]\n}"),
            "items[0].tags[1]"
        );
        assert_eq!(path_of(r#"{"title": 5, "items": []}"#), "title");
    }

    #[test]
    fn a_missing_field_names_its_object() {
        assert_eq!(
            path_of(r#"{"title": "t", "items": [{"start": 1}, {"tags": []}]}"#),
            "items[1]"
        );
        assert_eq!(path_of(r#"{"items": []}"#), ".");
    }

    #[test]
    fn unknown_fields_and_escaped_keys_are_named() {
        assert_eq!(
            path_of(r#"{"title": "t", "items": [{"start": 1, "st\"art": 2}]}"#),
            "items[0].st\"art"
        );
    }

    #[test]
    fn broken_json_has_no_deeper_path_than_is_open() {
        assert_eq!(
            path_of(r#"{"title": "t", "items": [{"start": 1},"#),
            "items"
        );
        // At the end after a whole value: what should follow is missing.
        assert_eq!(
            path_of(r#"{"title": "t", "items": [{"start": 1"#),
            "items[0]"
        );
        assert_eq!(path_of(r#"{"title": "t", "items": [{"start": 1}]"#), ".");
        // Inside an unfinished string: the value being read.
        assert_eq!(path_of(r#"{"title": "t"#), "title");
        assert_eq!(path_of(""), ".");
    }

    #[test]
    fn the_walk_names_what_the_tracking_reader_names() {
        for input in [
            r#"{"title": "t", "items": [{"start": 1}, {"start": "x"}]}"#,
            "{\n  \"title\": \"t\",\n  \"items\": [\n    {\"start\": 1, \"tags\": [\"a\", 3]}\n  ]\n}",
            r#"{"title": 5, "items": []}"#,
            r#"{"title": "t", "items": [{"start": 1}, {"tags": []}]}"#,
            r#"{"items": []}"#,
            r#"{"title": "t", "items": [{"start": 1"#,
        ] {
            // The tracking reader writes `?` for the key that should come
            // next; the error messages leave it out.
            let tracked = tracked_path_of(input);
            let tracked = tracked.strip_suffix(".?").unwrap_or(&tracked);
            assert_eq!(path_of(input), tracked, "{input}");
        }
    }

    #[test]
    fn values_are_located() {
        let value: serde_json::Value =
            serde_json::from_str(r#"{"title": "t", "items": [{"start": -1}]}"#).expect("json");
        let err = from_value::<File>(&value).expect_err("refused");
        assert_eq!(err.path(), "items[0].start");
        assert!(err.inner().to_string().contains("-1"), "{}", err.inner());
    }
}
