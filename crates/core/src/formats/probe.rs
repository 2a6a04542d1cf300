//! One parse to tell a JSON file's format: the first JSON value of the
//! input is read into a [`Shape`] that keeps its keys and short strings and
//! only the first item of each array (later items are skipped, noting only
//! whether each is an array and any short string), so that telling Attrib
//! JSON, a JSONL corpus, W3C, Label Studio and doccano apart costs one pass
//! over the file and little memory, however big the file. The import that
//! follows is the only other pass.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Strings longer than this (in bytes) are not kept, only noted.
const SHORT: usize = 256;

/// Strings kept from the items of one array (a W3C `type` list, say).
const KEPT_STRINGS: usize = 16;

/// The outline of a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// A number, a boolean or null.
    Scalar,
    /// A string: its text when short.
    Str(Option<String>),
    Array {
        /// The outline of the first item.
        first: Option<Box<Shape>>,
        /// Whether every item is an array.
        all_arrays: bool,
        /// The short strings among the items (the first few).
        strings: Vec<String>,
    },
    /// The keys in order, each with its value's outline.
    Object(Vec<(String, Shape)>),
}

impl Shape {
    /// The value of `key`, when this is an object holding it.
    pub(crate) fn get(&self, key: &str) -> Option<&Shape> {
        match self {
            Shape::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a short string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Shape::Str(text) => text.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn is_string(&self) -> bool {
        matches!(self, Shape::Str(_))
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Shape::Object(_))
    }

    pub(crate) fn is_array(&self) -> bool {
        matches!(self, Shape::Array { .. })
    }

    /// The keys, when this is an object.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        let entries = match self {
            Shape::Object(entries) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().map(|(k, _)| k.as_str())
    }

    /// The object itself, or an array's first item.
    pub(crate) fn first_object(&self) -> Option<&Shape> {
        match self {
            Shape::Object(_) => Some(self),
            Shape::Array { first, .. } => first.as_deref(),
            _ => None,
        }
    }

    /// A string's text, or the short strings of an array of them.
    pub(crate) fn strings(&self) -> Vec<&str> {
        match self {
            Shape::Str(Some(text)) => vec![text.as_str()],
            Shape::Array { strings, .. } => strings.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// The first JSON value of a file, and what follows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Probe {
    /// The first value's outline; `None` when it does not parse.
    pub first: Option<Shape>,
    /// The first value lies on one line.
    pub one_line: bool,
    /// Nothing but whitespace follows the first value.
    pub alone: bool,
}

impl Probe {
    /// Reads the first JSON value of `input` (leading whitespace and a
    /// byte order mark skipped); the rest is looked at, not parsed.
    pub(crate) fn of(input: &str) -> Probe {
        let input = input.trim_start_matches('\u{feff}').trim_start();
        let mut values = serde_json::Deserializer::from_str(input).into_iter::<Shape>();
        match values.next() {
            Some(Ok(shape)) => {
                let end = values.byte_offset();
                Probe {
                    first: Some(shape),
                    one_line: !input[..end].contains('\n'),
                    alone: input[end..].trim().is_empty(),
                }
            }
            _ => Probe {
                first: None,
                one_line: false,
                alone: false,
            },
        }
    }

    /// The first value, when it is the whole file.
    pub(crate) fn whole(&self) -> Option<&Shape> {
        self.first.as_ref().filter(|_| self.alone)
    }

    /// The first value, when it is the file's first line.
    pub(crate) fn first_line(&self) -> Option<&Shape> {
        self.first.as_ref().filter(|_| self.one_line)
    }
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_none<E>(self) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Shape, E> {
        Ok(Shape::Str((text.len() <= SHORT).then(|| text.to_string())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let first = seq.next_element::<Shape>()?;
        let mut all_arrays = first.as_ref().is_none_or(Shape::is_array);
        let mut strings: Vec<String> = first
            .as_ref()
            .and_then(|s| s.as_str())
            .map(str::to_string)
            .into_iter()
            .collect();
        while let Some(item) = seq.next_element::<Item>()? {
            all_arrays &= item.is_array;
            if let Some(text) = item.short.filter(|_| strings.len() < KEPT_STRINGS) {
                strings.push(text);
            }
        }
        Ok(Shape::Array {
            first: first.map(Box::new),
            all_arrays,
            strings,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Shape>()?;
            entries.push((key, value));
        }
        Ok(Shape::Object(entries))
    }
}

/// An array item after the first: whether it is an array, and its text
/// when it is a short string; anything else in it is skipped.
struct Item {
    is_array: bool,
    short: Option<String>,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl ItemVisitor {
    fn other<E>() -> Result<Item, E> {
        Ok(Item {
            is_array: false,
            short: None,
        })
    }
}

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Item, E> {
        Self::other()
    }

    fn visit_i64<E>(self, _: i64) -> Result<Item, E> {
        Self::other()
    }

    fn visit_u64<E>(self, _: u64) -> Result<Item, E> {
        Self::other()
    }

    fn visit_f64<E>(self, _: f64) -> Result<Item, E> {
        Self::other()
    }

    fn visit_unit<E>(self) -> Result<Item, E> {
        Self::other()
    }

    fn visit_none<E>(self) -> Result<Item, E> {
        Self::other()
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Item, E> {
        Ok(Item {
            is_array: false,
            short: (text.len() <= SHORT).then(|| text.to_string()),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Item {
            is_array: true,
            short: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Self::other()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_value_is_outlined_and_what_follows_is_noted() {
        let probe = Probe::of("\u{feff} {\"format\": \"attrib\", \"n\": [1, [2], \"x\"]}\n");
        assert!(probe.alone && probe.one_line);
        let shape = probe.whole().expect("one value");
        assert_eq!(shape.get("format").and_then(Shape::as_str), Some("attrib"));
        assert_eq!(shape.keys().collect::<Vec<_>>(), ["format", "n"]);
        let Some(Shape::Array {
            all_arrays,
            strings,
            ..
        }) = shape.get("n")
        else {
            panic!("an array");
        };
        assert!(!all_arrays);
        assert_eq!(strings, &["x"]);

        let two = Probe::of("{\"a\": 1}\n{\"a\": 2}\n");
        assert!(two.first_line().is_some() && two.whole().is_none());
        let pretty = Probe::of("{\n\"a\": 1\n}");
        assert!(pretty.whole().is_some() && pretty.first_line().is_none());
        assert_eq!(Probe::of("{\"a\": ").first, None);
    }

    #[test]
    fn long_strings_are_noted_not_kept() {
        let long = "x".repeat(SHORT + 1);
        let probe = Probe::of(&format!("{{\"text\": \"{long}\"}}"));
        let text = probe.whole().and_then(|s| s.get("text")).expect("a text");
        assert!(text.is_string());
        assert_eq!(text.as_str(), None);
    }
}
