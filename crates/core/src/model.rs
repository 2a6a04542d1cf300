//! The annotation model: spans, speakers, annotations, stance, the label schema
//! and document metadata. Plain data with serde; invariants live in `validate`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A half-open range `[start, end)` of **Unicode code points** in the document
/// text (Python's `text[start:end]`). Conversion to bytes or UTF-16 goes
/// through [`crate::text::OffsetIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// What an annotation marks. The three built-in kinds have their own fields;
/// a project's schema may add further span kinds, which carry only spans, an
/// optional speaker and a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Quote,
    Claim,
    Mention,
    Custom(String),
}

impl Kind {
    pub fn as_str(&self) -> &str {
        match self {
            Kind::Quote => "quote",
            Kind::Claim => "claim",
            Kind::Mention => "mention",
            Kind::Custom(name) => name,
        }
    }

    pub fn parse(name: &str) -> Kind {
        match name {
            "quote" => Kind::Quote,
            "claim" => Kind::Claim,
            "mention" => Kind::Mention,
            other => Kind::Custom(other.to_string()),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Kind::parse(&name))
    }
}

/// What a stance is about: free text ("Russia") or one of the speakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StanceTarget {
    Text(String),
    Speaker(String),
}

/// The stance of the quote's speaker (or the claim's claimant) towards a
/// target. `label` is one of the schema's `stance_labels`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stance {
    pub target: StanceTarget,
    pub label: String,
}

/// A person or body that speaks or is named in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Speaker {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Speaker {
            id: id.into(),
            name: name.into(),
            aliases: Vec::new(),
            role: None,
        }
    }

    /// Whether `name` is this speaker's name or one of its aliases, as
    /// [`same_name`] compares them.
    pub fn is_called(&self, name: &str) -> bool {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|known| same_name(known, name))
    }
}

/// The first of `speakers` called `name`, as
/// [`AnnotatedDocument::speaker_named`] finds it: by name, then by alias.
pub fn speaker_named<'a>(speakers: &'a [Speaker], name: &str) -> Option<&'a Speaker> {
    speakers
        .iter()
        .find(|s| same_name(&s.name, name))
        .or_else(|| speakers.iter().find(|s| s.is_called(name)))
}

/// Whether two speaker names are the same name as a person typing it means
/// it: surrounding whitespace is ignored and case does not count
/// ("  kerry " is "Kerry"). Every lookup of a speaker by name goes through
/// this rule.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// One annotation. Which optional fields apply depends on `kind`:
///
/// | kind    | speaker            | other fields                                   |
/// |---------|--------------------|------------------------------------------------|
/// | quote   | who speaks         | `quote_type`, `cue`, `stance`                  |
/// | claim   | claimant; `None` = the article itself | `checkworthiness`, `claim_type`, `stance` |
/// | mention | who is named (required) | none                                      |
/// | custom  | optional           | none                                           |
///
/// `spans` holds one or more content spans in document order (a quote
/// interrupted by "he said" has two). Spans of different annotations may
/// overlap and nest freely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub kind: Kind,
    pub spans: Vec<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkworthiness: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_type: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The label chosen in each of the schema's further label sets
    /// ([`Schema::label_sets`]), by set name: `{"source_type": "anonymous"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl Annotation {
    /// A bare annotation of `kind` over `spans`, every optional field empty.
    pub fn new(id: impl Into<String>, kind: Kind, spans: Vec<Span>) -> Self {
        Annotation {
            id: id.into(),
            kind,
            spans,
            speaker: None,
            quote_type: None,
            cue: None,
            stance: None,
            checkworthiness: None,
            claim_type: None,
            note: String::new(),
            labels: BTreeMap::new(),
        }
    }

    /// The smallest span covering every content span (and not the cue).
    pub fn extent(&self) -> Option<Span> {
        let start = self.spans.iter().map(|s| s.start).min()?;
        let end = self.spans.iter().map(|s| s.end).max()?;
        Some(Span { start, end })
    }
}

/// The label sets a project uses. The defaults follow the corpora and
/// guidelines they come from: quote types after PARC 3.0 and PolNeAR,
/// stance labels after SemEval-2016 Task 6 (`neutral` kept apart from
/// `none`), check-worthiness after ClaimBuster, claim types after Full
/// Fact's taxonomy. A project may rename, add and remove labels and add its
/// own span kinds. The schema travels inside every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub quote_types: Vec<String>,
    pub stance_labels: Vec<String>,
    pub checkworthiness: Vec<String>,
    pub claim_types: Vec<String>,
    /// Span kinds beyond quote, claim and mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_kinds: Vec<String>,
    /// Further label sets beyond the built-in ones, each for some kinds
    /// (a quote's source type, a claim's evidence); an annotation's choice
    /// is in [`Annotation::labels`]. Empty in files made before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label_sets: Vec<LabelSet>,
    /// Short help for a person marking, keyed by a kind, label set or
    /// label name ("quote", "source_type", "anonymous").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub help: BTreeMap<String, String>,
    /// The colour and shortcut key a project gives a kind, by kind name
    /// ("quote", "event"). Without a key, quotes, claims and mentions keep
    /// the built-in q, c and s. Empty in files made before them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kind_styles: BTreeMap<String, Style>,
    /// The colour and shortcut key of labels, by label set (a built-in
    /// set by its field name, `quote_types`, `stance_labels`,
    /// `checkworthiness`, `claim_types`; a further set by its name), then
    /// by label. See [`crate::style`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub label_styles: BTreeMap<String, BTreeMap<String, Style>>,
}

/// How a kind or label looks and is reached: its colour (`#rrggbb`) and
/// its shortcut key (one lowercase Latin letter or digit). Either may be
/// absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Style {
    pub fn is_empty(&self) -> bool {
        self.colour.is_none() && self.key.is_none()
    }
}

/// A further label set of a [`Schema`]: its name, the kinds it applies to
/// and its labels, in the order offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSet {
    pub name: String,
    pub kinds: Vec<Kind>,
    pub labels: Vec<String>,
}

impl Default for Schema {
    fn default() -> Self {
        fn owned(labels: &[&str]) -> Vec<String> {
            labels.iter().map(|l| l.to_string()).collect()
        }
        Schema {
            quote_types: owned(&["direct", "indirect", "mixed"]),
            stance_labels: owned(&["favor", "against", "neutral", "none", "unclear"]),
            checkworthiness: owned(&["checkworthy", "factual_not_checkworthy", "not_factual"]),
            claim_types: owned(&[
                "quantity",
                "causal",
                "law_rule",
                "prediction",
                "personal_experience",
                "other",
            ]),
            custom_kinds: Vec::new(),
            label_sets: Vec::new(),
            help: BTreeMap::new(),
            kind_styles: BTreeMap::new(),
            label_styles: BTreeMap::new(),
        }
    }
}

impl Schema {
    /// Every span kind this schema allows: the built-in three, then custom ones.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![Kind::Quote, Kind::Claim, Kind::Mention];
        kinds.extend(self.custom_kinds.iter().map(|k| Kind::Custom(k.clone())));
        kinds
    }

    pub fn allows_kind(&self, kind: &Kind) -> bool {
        match kind {
            Kind::Custom(name) => self.custom_kinds.iter().any(|k| k == name),
            _ => true,
        }
    }
}

/// A title (or any one-line field) as one line: each line break (`\n`,
/// `\r`, a form feed, a vertical tab, U+0085, U+2028, U+2029), with the
/// spaces around it, becomes one space, and the ends are trimmed. A title
/// is one line wherever it is shown or written (a list row, a file name, a
/// CSV cell), so imports and edits keep it so.
pub fn one_line(text: &str) -> String {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !text.contains(is_break) {
        return text.trim().to_string();
    }
    text.split(is_break)
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Descriptive metadata of a document; all but `id` may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metadata {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date as written by the user, ideally ISO 8601.
    #[serde(default)]
    pub published: Option<String>,
    /// Who annotated the document (a student's name on a submission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    /// The annotator's class or group, as the teacher names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<String>,
    /// Where the annotator is with the document in a corpus, when said
    /// (see [`AnnotatedDocument::status`] for the status it then has).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DocStatus>,
    /// The annotators whose versions this document adjudicates (left
    /// first); empty for a document that is not the result of an
    /// adjudication. Each kept annotation's note says which it came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjudicated_from: Vec<String>,
}

/// How far the annotator is with a document of a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// No annotation yet.
    #[default]
    NotStarted,
    /// At least one annotation, and not marked done.
    InProgress,
    /// The annotator said it is done.
    Done,
}

impl DocStatus {
    pub const ALL: [DocStatus; 3] = [
        DocStatus::NotStarted,
        DocStatus::InProgress,
        DocStatus::Done,
    ];

    /// The name files and the CLI use: `not_started`, `in_progress`, `done`.
    pub fn name(self) -> &'static str {
        match self {
            DocStatus::NotStarted => "not_started",
            DocStatus::InProgress => "in_progress",
            DocStatus::Done => "done",
        }
    }

    /// A human label: "not started", "in progress", "done".
    pub fn label(self) -> &'static str {
        match self {
            DocStatus::NotStarted => "not started",
            DocStatus::InProgress => "in progress",
            DocStatus::Done => "done",
        }
    }

    pub fn from_name(name: &str) -> Option<DocStatus> {
        DocStatus::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The status of a document with `annotations` annotations that was
    /// marked `marked`: done stays done; otherwise a document is in
    /// progress from its first annotation on (a document whose annotations
    /// were all removed again stays in progress once marked so).
    pub fn derive(marked: Option<DocStatus>, annotations: usize) -> DocStatus {
        match marked {
            Some(DocStatus::Done) => DocStatus::Done,
            Some(DocStatus::InProgress) => DocStatus::InProgress,
            _ if annotations > 0 => DocStatus::InProgress,
            _ => DocStatus::NotStarted,
        }
    }
}

/// A document with everything annotated on it: the unit every format
/// exports and imports, and what the workspace edits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnnotatedDocument {
    pub meta: Metadata,
    pub text: crate::text::Document,
    pub schema: Schema,
    pub speakers: Vec<Speaker>,
    pub annotations: Vec<Annotation>,
}

impl AnnotatedDocument {
    /// The document's status in a corpus: as marked in its metadata, or
    /// in progress once it has an annotation ([`DocStatus::derive`]).
    pub fn status(&self) -> DocStatus {
        DocStatus::derive(self.meta.status, self.annotations.len())
    }

    /// A document with no annotations and the default schema.
    pub fn new(meta: Metadata, text: crate::text::Document) -> Self {
        AnnotatedDocument {
            meta,
            text,
            schema: Schema::default(),
            speakers: Vec::new(),
            annotations: Vec::new(),
        }
    }

    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    /// The first speaker called `name` (its name or an alias, compared by
    /// [`same_name`]); names are checked before aliases, so a speaker named
    /// "Kerry" wins over another who only has "Kerry" as an alias.
    pub fn speaker_named(&self, name: &str) -> Option<&Speaker> {
        speaker_named(&self.speakers, name)
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Document;

    fn doc() -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(Metadata::default(), Document::new("text"));
        let mut kerry = Speaker::new("s1", "John Kerry");
        kerry.aliases = vec!["Kerry".into(), "Secretary of State".into()];
        let mut lavrov = Speaker::new("s2", "Sergei Lavrov");
        lavrov.aliases = vec!["Lavrov".into(), "John Kerry's counterpart".into()];
        doc.speakers = vec![kerry, lavrov, Speaker::new("s3", "Kerry")];
        doc
    }

    #[test]
    fn same_name_ignores_case_and_surrounding_whitespace() {
        assert!(same_name("Kerry", "  kERRY "));
        assert!(same_name("Émile", "émile"));
        assert!(same_name("", "   "));
        assert!(!same_name("Kerry", "Kery"));
        assert!(
            !same_name("John  Kerry", "John Kerry"),
            "inner spaces count"
        );
    }

    #[test]
    fn a_speaker_is_called_by_its_name_or_any_alias() {
        let doc = doc();
        let kerry = &doc.speakers[0];
        assert!(kerry.is_called("john kerry"));
        assert!(kerry.is_called(" secretary of state"));
        assert!(!kerry.is_called("Lavrov"));
    }

    #[test]
    fn speaker_named_finds_by_name_first_then_alias() {
        let doc = doc();
        let id = |name: &str| doc.speaker_named(name).map(|s| s.id.as_str());
        assert_eq!(id("LAVROV "), Some("s2"));
        assert_eq!(id("john kerry"), Some("s1"));
        assert_eq!(id("Kerry"), Some("s3"), "a name beats an alias");
        assert_eq!(id("Putin"), None);
        assert_eq!(id(""), None);
    }

    #[test]
    fn a_title_is_one_line() {
        assert_eq!(one_line("Talks\nfail"), "Talks fail");
        assert_eq!(
            one_line("  Talks \r\n\r\n  fail \u{2028}again "),
            "Talks fail again"
        );
        assert_eq!(one_line("\n\n"), "");
        assert_eq!(one_line(" Talks  fail "), "Talks  fail");
    }
}
