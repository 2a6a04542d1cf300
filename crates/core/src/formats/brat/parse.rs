//! Reading the lines of a `.ann`: each line's id and what it says, checked
//! for syntax but not yet against the text or the other lines.

use super::{text_column, Record, FORMAT, RECORD_FORMAT, RECORD_TYPE, RECORD_VERSION};
use crate::formats::{json_error, FormatError};
use crate::model::Span;
use crate::text::Document;

/// One parsed `.ann` line.
#[derive(Debug)]
pub(super) struct Entry {
    /// 1-based line number.
    pub(super) line: usize,
    pub(super) id: String,
    pub(super) body: Body,
}

#[derive(Debug)]
pub(super) enum Body {
    Text {
        ty: String,
        fragments: Vec<Span>,
    },
    Event {
        ty: String,
        trigger: String,
        /// (role, argument id) in the order written.
        args: Vec<(String, String)>,
    },
    Attribute {
        ty: String,
        target: String,
        value: Option<String>,
    },
    Normalisation {
        ty: String,
        target: String,
        db: String,
        reference: String,
        text: String,
    },
    Comment {
        ty: String,
        target: String,
        text: String,
    },
    /// A relation or equivalence: checked, then left out.
    Other {
        refs: Vec<String>,
    },
}

impl Body {
    /// Ids this line refers to.
    pub(super) fn refs(&self) -> Vec<&str> {
        match self {
            Body::Text { .. } => Vec::new(),
            Body::Event { trigger, args, .. } => std::iter::once(trigger.as_str())
                .chain(args.iter().map(|(_, id)| id.as_str()))
                .collect(),
            Body::Attribute { target, .. }
            | Body::Normalisation { target, .. }
            | Body::Comment { target, .. } => vec![target.as_str()],
            Body::Other { refs } => refs.iter().map(String::as_str).collect(),
        }
    }
}

pub(super) fn syntax(line: usize, message: impl Into<String>) -> FormatError {
    FormatError::Syntax {
        format: FORMAT,
        location: format!("line {line}"),
        message: message.into(),
    }
}

/// Whether `id` is a brat annotation id: letters (or `#` and letters) then
/// digits, then anything; or `*`.
pub(super) fn valid_id(id: &str) -> bool {
    if id == "*" {
        return true;
    }
    let rest = id.strip_prefix('#').unwrap_or(id);
    let letters = rest.chars().take_while(char::is_ascii_alphabetic).count();
    let after = &rest[letters..];
    (letters > 0 || id.starts_with('#')) && after.starts_with(|c: char| c.is_ascii_digit())
}

/// Parses one non-blank line.
pub(super) fn parse_line(
    line_no: usize,
    line: &str,
    text: &Document,
    raw: Option<&RawOffsets>,
) -> Result<Entry, FormatError> {
    let Some((id, rest)) = line.split_once('\t') else {
        return Err(syntax(
            line_no,
            format!("expected an annotation id, a tab and the annotation; found {line:?}"),
        ));
    };
    if !valid_id(id) {
        return Err(syntax(
            line_no,
            format!("{id:?} is not a brat id; expected letters and a number such as T1, E1, A1, N1 or #1"),
        ));
    }
    let (data, tail) = match rest.split_once('\t') {
        Some((data, tail)) => (data, Some(tail)),
        None => (rest, None),
    };
    let body = match id.chars().next() {
        Some('T') => parse_textbound(line_no, id, data, tail, text, raw)?,
        Some('E') => parse_event(line_no, id, data)?,
        Some('A' | 'M') => parse_attribute(line_no, id, data)?,
        Some('N') => parse_normalisation(line_no, id, data, tail)?,
        Some('#') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            let [ty, target] = words[..] else {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE TARGET' before the comment text; found {data:?}"),
                ));
            };
            Body::Comment {
                ty: ty.to_string(),
                target: target.to_string(),
                text: tail.unwrap_or_default().to_string(),
            }
        }
        Some('R') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            let refs = relation_args(&words);
            if words.len() != 3 || refs.len() != 2 {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE Arg1:ID Arg2:ID'; found {data:?}"),
                ));
            }
            Body::Other { refs }
        }
        Some('*') => {
            let words: Vec<&str> = data.split_whitespace().collect();
            if words.len() < 3 {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected 'TYPE ID ID…' with at least two ids; found {data:?}"),
                ));
            }
            Body::Other {
                refs: words[1..].iter().map(|w| w.to_string()).collect(),
            }
        }
        _ => {
            return Err(syntax(
                line_no,
                format!("unknown kind of line {id:?}; expected an id starting with T, E, A, M, N, R, * or #"),
            ))
        }
    };
    Ok(Entry {
        line: line_no,
        id: id.to_string(),
        body,
    })
}

fn relation_args(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .skip(1)
        .filter_map(|w| w.split_once(':'))
        .map(|(_, id)| id.to_string())
        .collect()
}

fn parse_textbound(
    line_no: usize,
    id: &str,
    data: &str,
    tail: Option<&str>,
    text: &Document,
    raw: Option<&RawOffsets>,
) -> Result<Body, FormatError> {
    let Some((ty, offsets)) = data.split_once(' ') else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE START END' before the text; found {data:?}"),
        ));
    };
    if ty.is_empty() {
        return Err(syntax(line_no, format!("{id}: the type is missing")));
    }
    let len = raw.map_or(text.len_chars(), |raw| raw.len_chars);
    let mut fragments = Vec::new();
    for part in offsets.split(';') {
        let numbers: Vec<&str> = part.split_whitespace().collect();
        let parsed = match numbers[..] {
            [a, b] => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
            _ => None,
        };
        let Some((start, end)) = parsed else {
            return Err(syntax(
                line_no,
                format!(
                    "{id}: expected offsets 'START END' (several separated by ';'); found {part:?}"
                ),
            ));
        };
        if start > end {
            return Err(syntax(
                line_no,
                format!("{id}: offsets {start} {end} are reversed; expected START <= END"),
            ));
        }
        if end > len {
            return Err(syntax(
                line_no,
                format!("{id}: offset {end} is past the end of the text ({len} code points)"),
            ));
        }
        fragments.push(match raw {
            Some(raw) => Span::new(raw.to_normalised(start), raw.to_normalised(end)),
            None => Span::new(start, end),
        });
    }
    if let Some(written) = tail {
        let actual = text_column(text, &fragments).unwrap_or_default();
        if written != actual {
            return Err(syntax(
                line_no,
                format!(
                    "{id}: the text column {written:?} does not match the text at {}, which is {actual:?}",
                    fragments
                        .iter()
                        .map(|f| format!("{} {}", f.start, f.end))
                        .collect::<Vec<_>>()
                        .join(";")
                ),
            ));
        }
    }
    Ok(Body::Text {
        ty: ty.to_string(),
        fragments,
    })
}

fn parse_event(line_no: usize, id: &str, data: &str) -> Result<Body, FormatError> {
    let mut words = data.split_whitespace();
    let head = words.next().unwrap_or_default();
    let Some((ty, trigger)) = head.split_once(':') else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE:TRIGGER ROLE:ID…'; found {data:?}"),
        ));
    };
    if ty.is_empty() || trigger.is_empty() {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE:TRIGGER' with both parts; found {head:?}"),
        ));
    }
    let mut args = Vec::new();
    for word in words {
        match word.split_once(':') {
            Some((role, arg)) if !role.is_empty() && !arg.is_empty() => {
                args.push((role.to_string(), arg.to_string()))
            }
            _ => {
                return Err(syntax(
                    line_no,
                    format!("{id}: expected an argument 'ROLE:ID'; found {word:?}"),
                ))
            }
        }
    }
    Ok(Body::Event {
        ty: ty.to_string(),
        trigger: trigger.to_string(),
        args,
    })
}

fn parse_attribute(line_no: usize, id: &str, data: &str) -> Result<Body, FormatError> {
    let parsed = data.split_once(' ').and_then(|(ty, rest)| {
        let (target, value) = match rest.split_once(' ') {
            Some((target, value)) => (target, Some(value.to_string())),
            None => (rest, None),
        };
        (!ty.is_empty() && !target.is_empty()).then_some((ty, target, value))
    });
    let Some((ty, target, value)) = parsed else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE TARGET VALUE'; found {data:?}"),
        ));
    };
    Ok(Body::Attribute {
        ty: ty.to_string(),
        target: target.to_string(),
        value,
    })
}

fn parse_normalisation(
    line_no: usize,
    id: &str,
    data: &str,
    tail: Option<&str>,
) -> Result<Body, FormatError> {
    let words: Vec<&str> = data.split(' ').collect();
    let parsed = match words[..] {
        [ty, target, reference] => reference
            .split_once(':')
            .map(|(db, reference)| (ty, target, db, reference)),
        _ => None,
    };
    let Some((ty, target, db, reference)) =
        parsed.filter(|(ty, target, db, _)| !ty.is_empty() && !target.is_empty() && !db.is_empty())
    else {
        return Err(syntax(
            line_no,
            format!("{id}: expected 'TYPE TARGET DB:ID' before the name; found {data:?}"),
        ));
    };
    Ok(Body::Normalisation {
        ty: ty.to_string(),
        target: target.to_string(),
        db: db.to_string(),
        reference: reference.to_string(),
        text: tail.unwrap_or_default().to_string(),
    })
}

pub(super) fn parse_record(line: usize, json: &str) -> Result<Record, FormatError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let record: Record = crate::formats::json_path::deserialize(&mut de, json).map_err(|e| {
        match json_error(FORMAT, e) {
            FormatError::Syntax {
                format,
                location,
                message,
            } => FormatError::Syntax {
                format,
                location: format!("line {line}, {RECORD_TYPE} record, {location}"),
                message,
            },
            other => other,
        }
    })?;
    if record.format != RECORD_FORMAT || record.version != RECORD_VERSION {
        return Err(syntax(
            line,
            format!(
                "{RECORD_TYPE} record is {:?} version {}; expected {RECORD_FORMAT:?} version {RECORD_VERSION}",
                record.format, record.version
            ),
        ));
    }
    Ok(record)
}

/// Offsets counted over a raw text with `\r\n` line breaks, mapped to the
/// normalised text, where each such break is one `\n`.
pub(super) struct RawOffsets {
    /// Code-point positions, in the raw text, of each `\r` before a `\n`.
    dropped: Vec<usize>,
    len_chars: usize,
}

impl RawOffsets {
    pub(super) fn new(raw: &str) -> Self {
        let mut dropped = Vec::new();
        let mut len_chars = 0;
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() == Some(&'\n') {
                dropped.push(len_chars);
            }
            len_chars += 1;
        }
        RawOffsets { dropped, len_chars }
    }

    /// The normalised code point of raw code point `cp` (at most the raw
    /// length).
    fn to_normalised(&self, cp: usize) -> usize {
        cp - self.dropped.partition_point(|&p| p < cp)
    }
}
