//! Label Studio JSON: an array of tasks, each with the text, one annotation
//! of labelled regions (UTF-16 offsets), per-region choices and text areas
//! for the labels and notes, relations between regions, and an `attrib`
//! record in the task data for what Label Studio has no place for.
//!
//! # Layout
//!
//! Shown spread out; the file is a JSON array with one task per line.
//!
//! ```json
//! [{"id": 1,
//!   "data": {"text": "😀 “I lost the argument,” Kerry said.",
//!            "attrib": {"format": "attrib-label-studio", "version": 1,
//!                       "meta": {…}, "newlines": "lf", "schema": {…},
//!                       "speakers": [{"id": "s1", "name": "John Kerry"}],
//!                       "annotations": [
//!                         {"id": "q1", "kind": "quote", "regions": ["q1"],
//!                          "cue_region": "q1~cue", "speaker": "s1"},
//!                         {"id": "m1", "kind": "mention", "regions": ["m1"],
//!                          "speaker": "s1"}]}},
//!   "annotations": [{"result": [
//!     {"id": "q1", "from_name": "label", "to_name": "text", "type": "labels",
//!      "value": {"start": 3, "end": 25, "text": "“I lost the argument,”",
//!                "labels": ["quote"]}},
//!     {"id": "q1", "from_name": "quote_type", "to_name": "text", "type": "choices",
//!      "value": {"start": 3, "end": 25, "text": "“I lost the argument,”",
//!                "choices": ["direct"]}},
//!     {"id": "q1", "from_name": "stance", "to_name": "text", "type": "choices",
//!      "value": {…, "choices": ["against"]}},
//!     {"id": "q1", "from_name": "stance_target", "to_name": "text", "type": "textarea",
//!      "value": {"start": 3, "end": 25, "text": ["Russia"]}},
//!     {"id": "q1~cue", "from_name": "label", "to_name": "text", "type": "labels",
//!      "value": {"start": 32, "end": 36, "text": "said", "labels": ["cue"]}},
//!     {"id": "m1", "from_name": "label", "to_name": "text", "type": "labels",
//!      "value": {"start": 26, "end": 31, "text": "Kerry", "labels": ["mention"]}},
//!     {"from_id": "q1", "to_id": "q1~cue", "type": "relation",
//!      "direction": "right", "labels": ["cue"]},
//!     {"from_id": "q1", "to_id": "m1", "type": "relation",
//!      "direction": "right", "labels": ["said_by"]}]}]}]
//! ```
//!
//! `start` and `end` count **UTF-16 code units** (Label Studio measures
//! JavaScript strings); the 😀 above is two. They are converted to and from
//! code points; an offset between the two halves of a surrogate pair, or a
//! region whose `text` is not the text at its offsets, is an error naming the
//! JSON path.
//!
//! Regions: one per content span (`labels` = the kind: `quote`, `claim`,
//! `mention` or the custom kind's name; the first region's id is the
//! annotation's id, later parts `id~2`, `id~3`…) and one per cue (`cue`,
//! id `id~cue`). The first region of an annotation carries its labels as
//! per-region results: choices `quote_type`, `stance`, `checkworthiness`,
//! `claim_type`, text areas `stance_target` (a free-text target) and `note`,
//! and one choices result per label of the schema's further label sets (a
//! custom kind's labels), named by the set (`attrib:NAME` when the set is
//! named like one of the fields above). On import, per-region choices of
//! any other control are read as labels of the set the control names.
//! Relations are as in doccano: `continues`, `cue`, `said_by`, `claimed_by`,
//! `same_as`. [`labeling_config`] writes a matching labelling configuration.
//!
//! The record holds the metadata, newline flag, schema, speakers, and for
//! each annotation its id, kind, region ids, speaker, and a stance target
//! that is a speaker. Export then import gives back the same document.
//!
//! # Import
//!
//! Label Studio's own results win over the record: a region's offsets and
//! label, its choices and text areas, and a `said_by`/`claimed_by` relation
//! to a mention (which names the speaker). A record annotation whose regions
//! are gone is left out; regions the record does not list (drawn in Label
//! Studio, or from a project Attrib never wrote) are read as in doccano: the
//! label names the kind, `continues` joins parts, `cue` attaches cues,
//! `same_as` groups mentions, other mentions get a speaker named by their
//! text. Of a task's annotations the first not cancelled is read, else its
//! first prediction. A single task object is accepted as well as an array.
//! A relation with another label (or none) between a mention (labels
//! `mention`, `speaker`, `source`, `person`, `per`) and a quote or claim
//! names the speaker, either way round. What is not read is counted in
//! [`Imported::warnings`]: predictions beside the annotation read, further
//! annotations, results that are not text regions (image boxes, choices on
//! no region).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::json_tree::Text;
use super::probe::{Probe, Shape};
use super::regions::{
    assemble, kind_label, plan, Link, Matched, Plan, Record, RecordAnnotation, Region,
    RegionFields, CLAIMED_BY, CONTINUES, CUE_LABEL, CUE_LINK, SAID_BY, SAME_AS,
};
use super::utf16::Utf16Offsets;
use super::{reuse_with_newlines, span_outside, Format, FormatError, Imported, OutputFile};
use crate::model::{AnnotatedDocument, Metadata, Schema, StanceTarget};
use crate::text::{normalise_newlines, Document};

const FORMAT: Format = Format::LabelStudio;
const RECORD_FORMAT: &str = "attrib-label-studio";
const RECORD_VERSION: u32 = 1;

/// `from_name` of the region labels, and `to_name` of every result.
const LABEL: &str = "label";
const TEXT: &str = "text";
const QUOTE_TYPE: &str = "quote_type";
const STANCE: &str = "stance";
const STANCE_TARGET: &str = "stance_target";
const CHECKWORTHINESS: &str = "checkworthiness";
const CLAIM_TYPE: &str = "claim_type";
const NOTE: &str = "note";
/// The control names Attrib's own fields take; a further label set of the
/// same name is written with [`SET_PREFIX`] before it.
const RESERVED: [&str; 7] = [
    LABEL,
    QUOTE_TYPE,
    STANCE,
    STANCE_TARGET,
    CHECKWORTHINESS,
    CLAIM_TYPE,
    NOTE,
];
const SET_PREFIX: &str = "attrib:";

/// The `from_name` of the per-region choices of the further label set
/// `set`: its name, or `attrib:NAME` when that is one of [`RESERVED`] (or
/// already starts with the prefix).
fn control_name(set: &str) -> String {
    if RESERVED.contains(&set) || set.starts_with(SET_PREFIX) {
        format!("{SET_PREFIX}{set}")
    } else {
        set.to_string()
    }
}

/// The further label set a per-region choices result names by
/// `from_name`: the inverse of [`control_name`].
fn set_of_control(name: &str) -> String {
    match name.strip_prefix(SET_PREFIX) {
        Some(rest) if RESERVED.contains(&rest) || rest.starts_with(SET_PREFIX) => rest.to_string(),
        _ => name.to_string(),
    }
}

// -------------------------------------------------------------------- export

#[derive(Serialize)]
struct OutTask<'a> {
    id: usize,
    data: OutData<'a>,
    annotations: [OutAnnotation<'a>; 1],
}

#[derive(Serialize)]
struct OutData<'a> {
    text: &'a str,
    attrib: Record,
}

#[derive(Serialize)]
struct OutAnnotation<'a> {
    result: Vec<OutResult<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutResult<'a> {
    Region {
        id: &'a str,
        from_name: String,
        to_name: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: OutValue<'a>,
    },
    Relation {
        from_id: &'a str,
        to_id: &'a str,
        #[serde(rename = "type")]
        kind: &'static str,
        direction: &'static str,
        labels: [&'static str; 1],
    },
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutValue<'a> {
    Labels {
        start: usize,
        end: usize,
        text: &'a str,
        labels: [String; 1],
    },
    Choices {
        start: usize,
        end: usize,
        text: &'a str,
        choices: [&'a str; 1],
    },
    TextArea {
        start: usize,
        end: usize,
        text: [&'a str; 1],
    },
}

/// Writes one task per document.
pub fn export(docs: &[AnnotatedDocument]) -> Result<OutputFile, FormatError> {
    let plans: Vec<Plan> = docs.iter().map(plan).collect();
    let ids: Vec<Vec<String>> = docs
        .iter()
        .zip(&plans)
        .map(|(doc, plan)| region_ids(doc, plan))
        .collect();
    let mut tasks = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        tasks.push(task(i, doc, &plans[i], &ids[i])?);
    }
    // A JSON array with one task per line: compact, yet a diff shows which
    // task changed.
    let mut contents = String::from("[");
    for (i, task) in tasks.iter().enumerate() {
        let json = serde_json::to_string(task).map_err(|e| FormatError::Unsupported {
            format: FORMAT,
            message: format!("document {}: cannot write JSON: {e}", docs[i].meta.id),
        })?;
        contents.push_str(if i == 0 { "\n" } else { ",\n" });
        contents.push_str(&json);
    }
    contents.push_str("\n]\n");
    Ok(OutputFile {
        extension: "json",
        mime: "application/json",
        contents,
    })
}

/// Region ids, indexed like the plan's regions: the annotation id for the
/// first part, `id~2`… for later parts, `id~cue` for the cue; made unique.
fn region_ids(doc: &AnnotatedDocument, plan: &Plan) -> Vec<String> {
    let mut wanted = vec![String::new(); plan.regions.len()];
    for (ai, a) in doc.annotations.iter().enumerate() {
        for (k, &r) in plan.content[ai].iter().enumerate() {
            wanted[r] = if k == 0 {
                a.id.clone()
            } else {
                format!("{}~{}", a.id, k + 1)
            };
        }
        if let Some(r) = plan.cue[ai] {
            wanted[r] = format!("{}~cue", a.id);
        }
    }
    let mut used = HashSet::new();
    wanted
        .into_iter()
        .enumerate()
        .map(|(r, want)| {
            let base = if want.is_empty() {
                format!("r{}", r + 1)
            } else {
                want
            };
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}~{n}");
                n += 1;
            }
            used.insert(id.clone());
            id
        })
        .collect()
}

fn task<'a>(
    i: usize,
    doc: &'a AnnotatedDocument,
    plan: &Plan,
    ids: &'a [String],
) -> Result<OutTask<'a>, FormatError> {
    let index = doc.text.index();
    let mut result = Vec::new();
    let mut units = Vec::with_capacity(plan.regions.len());
    let mut texts = Vec::with_capacity(plan.regions.len());
    for region in &plan.regions {
        let outside = || {
            span_outside(
                FORMAT,
                doc,
                &doc.annotations[region.annotation].id,
                region.span,
            )
        };
        let (start, end) = index
            .span_to_utf16(region.span)
            .filter(|_| region.span.start <= region.span.end)
            .ok_or_else(outside)?;
        units.push((start, end));
        texts.push(doc.text.slice(region.span).ok_or_else(outside)?);
    }
    for (r, region) in plan.regions.iter().enumerate() {
        let (start, end) = units[r];
        result.push(OutResult::Region {
            id: &ids[r],
            from_name: LABEL.to_string(),
            to_name: TEXT,
            kind: "labels",
            value: OutValue::Labels {
                start,
                end,
                text: texts[r],
                labels: [region.label.clone()],
            },
        });
        let a = &doc.annotations[region.annotation];
        if plan.content[region.annotation].first() != Some(&r) {
            continue;
        }
        let choices = [
            (QUOTE_TYPE, a.quote_type.as_deref()),
            (STANCE, a.stance.as_ref().map(|s| s.label.as_str())),
            (CHECKWORTHINESS, a.checkworthiness.as_deref()),
            (CLAIM_TYPE, a.claim_type.as_deref()),
        ];
        let further = a
            .labels
            .iter()
            .map(|(set, label)| (control_name(set), Some(label.as_str())));
        let choices = choices
            .into_iter()
            .map(|(name, choice)| (name.to_string(), choice))
            .chain(further);
        for (name, choice) in choices {
            if let Some(choice) = choice {
                result.push(OutResult::Region {
                    id: &ids[r],
                    from_name: name,
                    to_name: TEXT,
                    kind: "choices",
                    value: OutValue::Choices {
                        start,
                        end,
                        text: texts[r],
                        choices: [choice],
                    },
                });
            }
        }
        let target = match a.stance.as_ref().map(|s| &s.target) {
            Some(StanceTarget::Text(text)) if !text.is_empty() => Some(text.as_str()),
            _ => None,
        };
        let note = Some(a.note.as_str()).filter(|n| !n.is_empty());
        for (name, text) in [(STANCE_TARGET, target), (NOTE, note)] {
            if let Some(text) = text {
                result.push(OutResult::Region {
                    id: &ids[r],
                    from_name: name.to_string(),
                    to_name: TEXT,
                    kind: "textarea",
                    value: OutValue::TextArea {
                        start,
                        end,
                        text: [text],
                    },
                });
            }
        }
    }
    for link in &plan.links {
        result.push(OutResult::Relation {
            from_id: &ids[link.from],
            to_id: &ids[link.to],
            kind: "relation",
            direction: "right",
            labels: [link.kind],
        });
    }
    let annotations = doc
        .annotations
        .iter()
        .enumerate()
        .map(|(ai, a)| {
            let mut entry = RecordAnnotation {
                regions: plan.content[ai].iter().map(|&r| ids[r].clone()).collect(),
                cue_region: plan.cue[ai].map(|r| ids[r].clone()),
                stance_target: match a.stance.as_ref().map(|s| &s.target) {
                    Some(target @ StanceTarget::Speaker(_)) => Some(target.clone()),
                    _ => None,
                },
                ..RecordAnnotation::bare(a)
            };
            if plan.content[ai].is_empty() {
                // No region to carry the labels: the record keeps them.
                entry.quote_type = a.quote_type.clone();
                entry.stance = a.stance.clone();
                entry.checkworthiness = a.checkworthiness.clone();
                entry.claim_type = a.claim_type.clone();
                entry.note = a.note.clone();
                entry.labels = a.labels.clone();
            }
            entry
        })
        .collect();
    Ok(OutTask {
        id: i + 1,
        data: OutData {
            text: doc.text.text(),
            attrib: Record {
                format: RECORD_FORMAT.to_string(),
                version: RECORD_VERSION,
                offsets: None,
                meta: doc.meta.clone(),
                newlines: doc.text.newlines(),
                schema: doc.schema.clone(),
                speakers: doc.speakers.clone(),
                annotations,
            },
        },
        annotations: [OutAnnotation { result }],
    })
}

/// A Label Studio labelling configuration matching the export for `schema`:
/// region labels, relations, and per-region choices and text areas.
pub fn labeling_config(schema: &Schema) -> String {
    fn escape(value: &str) -> String {
        value
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    fn choices(out: &mut String, name: &str, title: &str, labels: &[String]) {
        out.push_str(&format!("    <Header value=\"{title}\"/>\n"));
        out.push_str(&format!(
            "    <Choices name=\"{name}\" toName=\"{TEXT}\" perRegion=\"true\" choice=\"single\">\n"
        ));
        for label in labels {
            out.push_str(&format!("      <Choice value=\"{}\"/>\n", escape(label)));
        }
        out.push_str("    </Choices>\n");
    }
    let mut out = String::from("<View>\n  <Relations>\n");
    for relation in [SAID_BY, CLAIMED_BY, CUE_LINK, CONTINUES, SAME_AS] {
        out.push_str(&format!("    <Relation value=\"{relation}\"/>\n"));
    }
    out.push_str(&format!(
        "  </Relations>\n  <Labels name=\"{LABEL}\" toName=\"{TEXT}\">\n"
    ));
    let mut kinds: Vec<String> = schema
        .kinds()
        .iter()
        .map(|k| kind_label(k).to_string())
        .collect();
    kinds.insert(1, CUE_LABEL.to_string());
    for kind in kinds {
        out.push_str(&format!("    <Label value=\"{}\"/>\n", escape(&kind)));
    }
    out.push_str(&format!(
        "  </Labels>\n  <Text name=\"{TEXT}\" value=\"$text\"/>\n  <View visibleWhen=\"region-selected\">\n"
    ));
    choices(&mut out, QUOTE_TYPE, "Quote type", &schema.quote_types);
    choices(&mut out, STANCE, "Stance", &schema.stance_labels);
    out.push_str(&format!(
        "    <Header value=\"Stance target\"/>\n    <TextArea name=\"{STANCE_TARGET}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\"/>\n"
    ));
    choices(
        &mut out,
        CHECKWORTHINESS,
        "Check-worthiness",
        &schema.checkworthiness,
    );
    choices(&mut out, CLAIM_TYPE, "Claim type", &schema.claim_types);
    for set in &schema.label_sets {
        let name = escape(&control_name(&set.name));
        choices(&mut out, &name, &escape(&set.name), &set.labels);
    }
    out.push_str(&format!(
        "    <Header value=\"Note\"/>\n    <TextArea name=\"{NOTE}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\"/>\n  </View>\n</View>\n"
    ));
    out
}

// -------------------------------------------------------------------- import

/// A result's or task's id: Label Studio writes numbers for tasks and
/// strings for results. Read by a visitor rather than `#[serde(untagged)]`,
/// which buffers every value and builds an error for each variant that
/// does not match (a third of the import's time on 10,000 regions).
/// Its text borrowed from the input when it has no escapes, as are the
/// other strings of a task but its text ([`Text`]): a task's thousands of
/// results then allocate little.
enum InId<'a> {
    Number(u64),
    Text(Cow<'a, str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for InId<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = InId<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<InId<'de>, E> {
                Ok(InId::Number(n))
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<InId<'de>, E> {
                Ok(InId::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<InId<'de>, E> {
                Ok(InId::Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<InId<'de>, E> {
                Ok(InId::Text(Cow::Owned(s)))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl InId<'_> {
    fn key(&self) -> String {
        match self {
            InId::Number(n) => n.to_string(),
            InId::Text(s) => s.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct InTask<'a> {
    #[serde(default, borrow)]
    id: Option<InId<'a>>,
    data: InData,
    #[serde(default, borrow)]
    annotations: Vec<InAnnotation<'a>>,
    #[serde(default, borrow)]
    predictions: Vec<InAnnotation<'a>>,
}

#[derive(Deserialize)]
struct InData {
    text: String,
    #[serde(default)]
    attrib: Option<Record>,
}

#[derive(Deserialize)]
struct InAnnotation<'a> {
    #[serde(default, borrow)]
    result: Vec<InResult<'a>>,
    #[serde(default)]
    was_cancelled: bool,
}

#[derive(Deserialize)]
struct InResult<'a> {
    #[serde(default, borrow)]
    id: Option<InId<'a>>,
    #[serde(default, borrow)]
    from_name: Option<Text<'a>>,
    #[serde(rename = "type", borrow)]
    kind: Text<'a>,
    #[serde(default, borrow)]
    value: Option<InValue<'a>>,
    #[serde(default, borrow)]
    from_id: Option<InId<'a>>,
    #[serde(default, borrow)]
    to_id: Option<InId<'a>>,
    #[serde(default, borrow)]
    direction: Option<Text<'a>>,
    #[serde(default, borrow)]
    labels: Vec<Text<'a>>,
}

#[derive(Deserialize)]
struct InValue<'a> {
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    #[serde(default, borrow)]
    text: Option<InText<'a>>,
    #[serde(default, borrow)]
    labels: Vec<Text<'a>>,
    #[serde(default, borrow)]
    choices: Vec<Text<'a>>,
}

/// A region's text: one string, or a list of lines (a TextArea's).
/// Read by a visitor for the same reason as [`InId`].
enum InText<'a> {
    One(Cow<'a, str>),
    Many(Vec<String>),
}

impl<'de: 'a, 'a> Deserialize<'de> for InText<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = InText<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                s: &'de str,
            ) -> Result<InText<'de>, E> {
                Ok(InText::One(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<InText<'de>, E> {
                Ok(InText::One(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<InText<'de>, E> {
                Ok(InText::One(Cow::Owned(s)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<InText<'de>, A::Error> {
                let mut lines = Vec::new();
                while let Some(line) = seq.next_element::<String>()? {
                    lines.push(line);
                }
                Ok(InText::Many(lines))
            }
        }
        d.deserialize_any(Visit)
    }
}

fn at(location: impl Into<String>, message: impl Into<String>) -> FormatError {
    FormatError::Syntax {
        format: FORMAT,
        location: location.into(),
        message: message.into(),
    }
}

/// Reads Label Studio JSON: an array of tasks, or one task.
pub fn import(input: &str) -> Result<Imported, FormatError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let trimmed = input.trim_start();
    let tasks: Vec<(String, InTask)> = if trimmed.starts_with('{') {
        vec![(String::new(), parse::<InTask>(input)?)]
    } else if trimmed.starts_with('[') {
        parse::<Vec<InTask>>(input)?
            .into_iter()
            .enumerate()
            .map(|(i, task)| (format!("[{i}]"), task))
            .collect()
    } else {
        return Err(at(
            "the top level",
            "expected a JSON array of Label Studio tasks (or one task object)",
        ));
    };
    let mut documents = Vec::with_capacity(tasks.len());
    let mut warnings = Vec::new();
    for (n, (path, task)) in tasks.into_iter().enumerate() {
        documents.push(import_task(n, &path, task, &mut warnings)?);
    }
    Ok(Imported {
        documents,
        unplaced: Vec::new(),
        warnings,
        broken: Vec::new(),
    })
}

/// The predictions of each task whose annotation [`import`] read instead,
/// as a document per such task (its first prediction read as an
/// annotation is, on the task's text), with the task's position among the
/// documents `import` gives. Tasks without an annotation are not listed:
/// `import` already read their first prediction as their annotations.
/// The app offers these as pending suggestions; the command line counts
/// them.
pub fn predictions(input: &str) -> Result<Vec<(usize, AnnotatedDocument)>, FormatError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let trimmed = input.trim_start();
    let tasks: Vec<InTask> = if trimmed.starts_with('{') {
        vec![parse::<InTask>(input)?]
    } else {
        parse::<Vec<InTask>>(input)?
    };
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (n, mut task) in tasks.into_iter().enumerate() {
        let read_annotation = task.annotations.iter().any(|a| !a.was_cancelled);
        if !read_annotation || task.predictions.iter().all(|p| p.result.is_empty()) {
            continue;
        }
        task.annotations.clear();
        task.data.attrib = None;
        let path = format!("[{n}]");
        out.push((n, import_task(n, &path, task, &mut warnings)?));
    }
    Ok(out)
}

fn parse<'de, T: Deserialize<'de>>(input: &'de str) -> Result<T, FormatError> {
    let mut de = serde_json::Deserializer::from_str(input);
    let value = super::json_path::deserialize(&mut de, input).map_err(|e| {
        let path = e.path().to_string();
        let path = path.trim_end_matches('?').trim_end_matches('.').to_string();
        let inner = e.into_inner();
        let (line, column) = (inner.line(), inner.column());
        let message = inner.to_string();
        let message = message
            .strip_suffix(&format!(" at line {line} column {column}"))
            .map(str::to_string)
            .unwrap_or(message);
        let location = match (path.as_str(), line) {
            ("." | "?" | "", 0) => "the top level".to_string(),
            ("." | "?" | "", line) => format!("line {line}, column {column}"),
            (path, 0) => path.to_string(),
            (path, line) => format!("{path} (line {line}, column {column})"),
        };
        at(location, message)
    })?;
    de.end().map_err(|e| {
        at(
            format!("line {}, column {}", e.line(), e.column()),
            "unexpected text after the JSON value",
        )
    })?;
    Ok(value)
}

/// `base` and `rest` as one JSON path.
fn join(base: &str, rest: &str) -> String {
    if base.is_empty() {
        rest.trim_start_matches('.').to_string()
    } else {
        format!("{base}{rest}")
    }
}

fn import_task(
    n: usize,
    path: &str,
    task: InTask,
    warnings: &mut Vec<String>,
) -> Result<AnnotatedDocument, FormatError> {
    let raw = &task.data.text;
    let text = Document::new(raw);
    let offsets = Utf16Offsets::new(raw, &text);
    let chosen = task
        .annotations
        .iter()
        .enumerate()
        .find(|(_, a)| !a.was_cancelled)
        .map(|(i, a)| (format!(".annotations[{i}]"), a))
        .or_else(|| {
            task.predictions
                .first()
                .map(|p| (".predictions[0]".to_string(), p))
        });

    let task_name = if path.is_empty() {
        "the task".to_string()
    } else {
        format!("task {path}")
    };
    let read_annotation = chosen
        .as_ref()
        .is_some_and(|(s, _)| s.starts_with(".annotations"));
    let other_annotations = task
        .annotations
        .iter()
        .filter(|a| !a.was_cancelled)
        .count()
        .saturating_sub(usize::from(read_annotation));
    if other_annotations > 0 {
        warnings.push(format!(
            "{task_name}: {other_annotations} more annotation(s) not read; only the first not \
             cancelled is"
        ));
    }
    if chosen.is_some() && !read_annotation {
        warnings.push(format!(
            "{task_name}: no annotation; its first prediction is read as the annotations"
        ));
    }
    if read_annotation && !task.predictions.is_empty() {
        warnings.push(format!(
            "{task_name}: {} prediction(s) not read into the document; the annotation is read \
             instead (the app offers the first prediction as suggestions)",
            task.predictions.len()
        ));
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut links: Vec<Link> = Vec::new();
    if let Some((source, annotation)) = &chosen {
        let base = join(path, source);
        let skipped = read_results(&base, annotation, &offsets, &text, &mut regions, &mut links)?;
        if !skipped.is_empty() {
            let counts: Vec<String> = skipped
                .iter()
                .map(|(what, count)| format!("{count} {what}"))
                .collect();
            warnings.push(format!(
                "{task_name}: {} result(s) not read, not being text regions: {}",
                skipped.values().sum::<usize>(),
                counts.join(", ")
            ));
        }
    }

    let record = task.data.attrib;
    let mut matched = Vec::new();
    if let Some(record) = &record {
        if record.format != RECORD_FORMAT || record.version != RECORD_VERSION {
            return Err(at(
                join(path, ".data.attrib"),
                format!(
                    "record is {:?} version {}; expected {RECORD_FORMAT:?} version {RECORD_VERSION}",
                    record.format, record.version
                ),
            ));
        }
        let by_key: HashMap<&str, usize> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.as_str(), i))
            .collect();
        let mut claimed: HashSet<usize> = HashSet::new();
        for entry in &record.annotations {
            let content: Option<Vec<usize>> = entry
                .regions
                .iter()
                .map(|key| by_key.get(key.as_str()).copied())
                .collect();
            let cue = entry
                .cue_region
                .as_deref()
                .map(|key| by_key.get(key).copied());
            let (Some(content), Some(cue)) = (content, cue.map_or(Some(None), |c| c.map(Some)))
            else {
                continue;
            };
            let all: Vec<usize> = content.iter().chain(cue.iter()).copied().collect();
            let distinct: HashSet<usize> = all.iter().copied().collect();
            if distinct.len() != all.len() || all.iter().any(|i| claimed.contains(i)) {
                continue;
            }
            claimed.extend(all);
            matched.push(Matched {
                record: entry.clone(),
                content,
                cue,
            });
        }
    }

    let assembled = assemble(&regions, &links, matched, record.as_ref(), &|r: &Region| {
        r.key.clone()
    });
    let (meta, text) = match record {
        Some(record) => (record.meta, reuse_with_newlines(text, raw, record.newlines)),
        None => {
            let id = task
                .id
                .map_or_else(|| format!("task-{}", n + 1), |id| id.key());
            (
                Metadata {
                    id,
                    ..Metadata::default()
                },
                text,
            )
        }
    };
    Ok(AnnotatedDocument {
        meta,
        text,
        schema: assembled.schema,
        speakers: assembled.speakers,
        annotations: assembled.annotations,
    })
}

/// Regions and relations of one annotation's results, with the per-region
/// choices and text areas folded into their regions. Returns the results
/// left out, counted by what they are (a result type such as
/// `rectanglelabels`, or choices and text areas on no text region).
fn read_results(
    base: &str,
    annotation: &InAnnotation,
    offsets: &Utf16Offsets<'_>,
    text: &Document,
    regions: &mut Vec<Region>,
    links: &mut Vec<Link>,
) -> Result<BTreeMap<String, usize>, FormatError> {
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut key_index: HashMap<String, usize> = HashMap::new();
    let mut per_region: Vec<(usize, &InResult)> = Vec::new();
    let mut relations: Vec<(usize, &InResult)> = Vec::new();
    for (i, result) in annotation.result.iter().enumerate() {
        // The path is made only for an error.
        let here = || format!("{base}.result[{i}]");
        match result.kind.as_str() {
            "labels" => {
                let value = result.value.as_ref().ok_or_else(|| {
                    at(format!("{}.value", here()), "missing; expected the region")
                })?;
                let (Some(start), Some(end)) = (value.start, value.end) else {
                    let which = if value.start.is_none() {
                        "start"
                    } else {
                        "end"
                    };
                    return Err(at(
                        format!("{}.value.{which}", here()),
                        "missing; expected the region's UTF-16 offset",
                    ));
                };
                let span = offsets
                    .span(start, end)
                    .map_err(|(which, message)| at(format!("{}.value.{which}", here()), message))?;
                let actual = text.slice(span).unwrap_or_default();
                if let Some(InText::One(written)) = &value.text {
                    // Copied only when it has line breaks to normalise.
                    let written: std::borrow::Cow<str> = if written.contains('\r') {
                        normalise_newlines(written).0.into()
                    } else {
                        Cow::Borrowed(&**written)
                    };
                    if written != actual {
                        return Err(at(
                            format!("{}.value.text", here()),
                            format!(
                                "{written:?} is not the text at {start}..{end} (UTF-16), which is \
                                 {actual:?}; were the offsets counted in code points?"
                            ),
                        ));
                    }
                }
                if value.labels.is_empty() {
                    return Err(at(
                        format!("{}.value.labels", here()),
                        "empty; expected the region's label",
                    ));
                }
                let id = result
                    .id
                    .as_ref()
                    .map_or_else(|| format!("r{}", i + 1), InId::key);
                for (k, label) in value.labels.iter().enumerate() {
                    let key = if k == 0 {
                        id.clone()
                    } else {
                        format!("{id}#{}", k + 1)
                    };
                    if key_index.contains_key(&key) {
                        return Err(at(
                            format!("{}.id", here()),
                            format!(
                                "region id {key:?} is used by another region; expected unique ids"
                            ),
                        ));
                    }
                    key_index.insert(key.clone(), regions.len());
                    regions.push(Region {
                        key,
                        span,
                        label: label.to_string(),
                        text: actual.to_string(),
                        fields: RegionFields::default(),
                    });
                }
            }
            "choices" | "textarea" => per_region.push((i, result)),
            "relation" => relations.push((i, result)),
            other => *skipped.entry(other.to_string()).or_default() += 1,
        }
    }
    for (i, result) in relations {
        // The path is made only for an error.
        let here = || format!("{base}.result[{i}]");
        let mut ends = Vec::with_capacity(2);
        for (name, id) in [("from_id", &result.from_id), ("to_id", &result.to_id)] {
            let key = id.as_ref().map(InId::key).ok_or_else(|| {
                at(
                    format!("{}.{name}", here()),
                    "missing; expected a region id",
                )
            })?;
            if !key_index.contains_key(&key) {
                return Err(at(
                    format!("{}.{name}", here()),
                    format!("no region has id {key:?}; expected the id of a labelled region"),
                ));
            }
            ends.push(key);
        }
        let (mut from, mut to) = (ends.remove(0), ends.remove(0));
        if result.direction.as_deref() == Some("left") {
            std::mem::swap(&mut from, &mut to);
        }
        links.push(Link {
            from,
            to,
            kind: result
                .labels
                .first()
                .map(|l| l.to_string())
                .unwrap_or_default(),
        });
    }
    for (_, result) in per_region {
        let region = result
            .id
            .as_ref()
            .map(InId::key)
            .and_then(|id| key_index.get(&id).copied());
        let (Some(r), Some(value)) = (region, &result.value) else {
            *skipped
                .entry(format!("{} on no text region", result.kind.as_str()))
                .or_default() += 1;
            continue;
        };
        let fields = &mut regions[r].fields;
        let choice = || value.choices.first().map(|c| c.to_string());
        let written = || match &value.text {
            Some(InText::Many(lines)) => Some(lines.join("\n")),
            Some(InText::One(line)) => Some(line.to_string()),
            None => None,
        };
        match (result.kind.as_str(), result.from_name.as_deref()) {
            ("choices", Some(QUOTE_TYPE)) => fields.quote_type = choice(),
            ("choices", Some(STANCE)) => fields.stance = choice(),
            ("choices", Some(CHECKWORTHINESS)) => fields.checkworthiness = choice(),
            ("choices", Some(CLAIM_TYPE)) => fields.claim_type = choice(),
            ("textarea", Some(STANCE_TARGET)) => fields.stance_target = written(),
            ("textarea", Some(NOTE)) => fields.note = written(),
            ("choices", Some(set)) if !value.choices.is_empty() => {
                if let Some(label) = choice() {
                    fields.labels.insert(set_of_control(set), label);
                }
            }
            (kind, name) => {
                *skipped
                    .entry(format!("{kind} {:?}", name.unwrap_or_default()))
                    .or_default() += 1
            }
        }
    }
    Ok(skipped)
}

/// Whether `input` looks like Label Studio JSON: tasks with `data`.
pub fn looks_like(input: &str) -> bool {
    Probe::of(input).whole().is_some_and(is_tasks)
}

/// Whether a JSON value's outline is a Label Studio task, or an array
/// whose first item is one.
pub(crate) fn is_tasks(shape: &Shape) -> bool {
    shape.first_object().is_some_and(|task| {
        task.get("data").is_some_and(Shape::is_object)
            && (task.get("annotations").is_some() || task.get("predictions").is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Span, Speaker, Stance};
    use crate::test_fixtures::kerry;
    use serde_json::json;

    fn export_json(docs: &[AnnotatedDocument]) -> serde_json::Value {
        let file = export(docs).expect("export");
        assert_eq!((file.extension, file.mime), ("json", "application/json"));
        serde_json::from_str(&file.contents).expect("valid JSON")
    }

    fn import_one(input: &str) -> AnnotatedDocument {
        let mut imported = import(input).expect("import");
        assert_eq!(imported.documents.len(), 1);
        imported.documents.remove(0)
    }

    fn error_of(input: &str) -> (String, String) {
        match import(input) {
            Err(FormatError::Syntax {
                location, message, ..
            }) => (location, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn writes_regions_choices_and_relations_in_utf16_units() {
        let tasks = export_json(&[kerry()]);
        let task = &tasks[0];
        assert_eq!(task["id"], 1);
        assert_eq!(task["data"]["attrib"]["format"], "attrib-label-studio");
        assert_eq!(
            task["data"]["attrib"]["annotations"][1],
            json!({"id": "q1", "kind": "quote", "regions": ["q1"], "cue_region": "q1~cue", "speaker": "s1"})
        );
        let quote = "“I lost the argument,”";
        let region = |id: &str, start: usize, end: usize, text: &str, label: &str| {
            json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": start, "end": end, "text": text, "labels": [label]}})
        };
        let choice = |id: &str, name: &str, start: usize, end: usize, text: &str, choice: &str| {
            json!({"id": id, "from_name": name, "to_name": "text", "type": "choices",
                   "value": {"start": start, "end": end, "text": text, "choices": [choice]}})
        };
        let area = |name: &str, text: &str| {
            json!({"id": "q1", "from_name": name, "to_name": "text", "type": "textarea",
                   "value": {"start": 3, "end": 25, "text": [text]}})
        };
        let relation = |from: &str, to: &str, label: &str| json!({"from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": [label]});
        assert_eq!(
            task["annotations"][0]["result"],
            json!([
                region("m1", 26, 31, "Kerry", "mention"),
                region("q1", 3, 25, quote, "quote"),
                choice("q1", "quote_type", 3, 25, quote, "direct"),
                choice("q1", "stance", 3, 25, quote, "against"),
                area("stance_target", "Russia"),
                area("note", "checked against the video"),
                region("q1~cue", 32, 36, "said", "cue"),
                region("m2", 40, 46, "Lavrov", "mention"),
                region("c1", 48, 62, "Sales rose 5%.", "claim"),
                choice(
                    "c1",
                    "checkworthiness",
                    48,
                    62,
                    "Sales rose 5%.",
                    "checkworthy"
                ),
                choice("c1", "claim_type", 48, 62, "Sales rose 5%.", "quantity"),
                relation("q1", "q1~cue", "cue"),
                relation("q1", "m1", "said_by"),
            ])
        );
    }

    #[test]
    fn sample_round_trips() {
        let doc = kerry();
        let file = export(std::slice::from_ref(&doc)).expect("export");
        assert_eq!(import_one(&file.contents), doc);
    }

    #[test]
    fn several_documents_are_one_task_per_line() {
        let first = kerry();
        let mut second = kerry();
        second.meta.id = "second".into();
        second.annotations.truncate(1);
        let file = export(&[first.clone(), second.clone()]).expect("export");
        let lines: Vec<&str> = file.contents.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!((lines[0], lines[3]), ("[", "]"));
        assert!(lines[1].starts_with("{\"id\":1,") && lines[1].ends_with("},"));
        assert!(lines[2].starts_with("{\"id\":2,"));
        let back = import(&file.contents).expect("import").documents;
        assert_eq!(back, [first, second]);
        assert_eq!(export(&[]).expect("export").contents, "[\n]\n");
        assert!(import("[\n]\n").expect("import").documents.is_empty());
    }

    #[test]
    fn a_stance_towards_a_speaker_and_a_quote_in_parts_round_trip() {
        let mut doc = kerry();
        let quote = &mut doc.annotations[1];
        quote.spans = vec![Span::new(2, 10), Span::new(14, 24)];
        quote.stance = Some(Stance {
            target: StanceTarget::Speaker("s2".into()),
            label: "against".into(),
        });
        let tasks = export_json(std::slice::from_ref(&doc));
        let results = tasks[0]["annotations"][0]["result"]
            .as_array()
            .expect("results");
        assert!(results.contains(
            &json!({"from_id": "q1~2", "to_id": "q1", "type": "relation",
                                          "direction": "right", "labels": ["continues"]})
        ));
        assert_eq!(
            tasks[0]["data"]["attrib"]["annotations"][1]["stance_target"],
            json!({"speaker": "s2"})
        );
        assert_eq!(import_one(&tasks.to_string()), doc);
    }

    #[test]
    fn edits_made_in_label_studio_win_over_the_record() {
        let mut tasks = export_json(&[kerry()]);
        let results = tasks[0]["annotations"][0]["result"]
            .as_array_mut()
            .expect("results");
        // Change the stance, widen the claim by one character at the start,
        // delete Lavrov's mention, and draw a new quote region.
        results[3]["value"]["choices"] = json!(["favor"]);
        results[8]["value"]["start"] = json!(47);
        results[8]["value"]["text"] = json!("\nSales rose 5%.");
        results.remove(7);
        results.push(json!({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                            "value": {"start": 40, "end": 46, "text": "Lavrov", "labels": ["quote"]}}));
        let doc = import_one(&tasks.to_string());
        let ids: Vec<&str> = doc.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["m1", "q1", "c1", "new1"]);
        assert_eq!(
            doc.annotations[1].stance.as_ref().map(|s| s.label.as_str()),
            Some("favor")
        );
        assert_eq!(doc.annotations[2].spans, [Span::new(46, 61)]);
        assert_eq!(doc.annotations[3].kind, Kind::Quote);
    }

    #[test]
    fn reads_a_project_attrib_never_wrote() {
        let input = json!([{
            "id": 42,
            "data": {"text": "😀 Kerry said: we failed."},
            "annotations": [
                {"was_cancelled": true, "result": []},
                {"result": [
                    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": 3, "end": 8, "text": "Kerry", "labels": ["Speaker"]}},
                    {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
                     "value": {"start": 15, "end": 24, "text": "we failed", "labels": ["Quote"]}},
                    {"id": "b", "from_name": "stance", "to_name": "text", "type": "choices",
                     "value": {"start": 15, "end": 24, "choices": ["against"]}},
                    {"id": "b", "from_name": "note", "to_name": "text", "type": "textarea",
                     "value": {"start": 15, "end": 24, "text": ["first", "second"]}},
                    {"from_id": "a", "to_id": "b", "type": "relation", "direction": "left",
                     "labels": ["said_by"]},
                    {"from_name": "sentiment", "to_name": "text", "type": "choices",
                     "value": {"choices": ["positive"]}}
                ]}
            ]
        }]);
        let doc = import_one(&input.to_string());
        assert_eq!(doc.meta.id, "42");
        assert_eq!(doc.speakers, [Speaker::new("s1", "Kerry")]);
        let quote = &doc.annotations[1];
        assert_eq!((quote.id.as_str(), &quote.kind), ("b", &Kind::Quote));
        assert_eq!(quote.spans, [Span::new(14, 23)]);
        assert_eq!(quote.speaker.as_deref(), Some("s1"));
        assert_eq!(
            quote.stance,
            Some(Stance {
                target: StanceTarget::Text(String::new()),
                label: "against".into()
            })
        );
        assert_eq!(quote.note, "first\nsecond");
        // The project gave a stance without a target: kept as it is, and
        // validation asks for the target.
        let problems = crate::validate::validate(&doc);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "annotations[1] (b).stance.target.text");
    }

    #[test]
    fn a_relation_from_a_quote_to_a_person_names_the_speaker() {
        let input = json!([{
            "data": {"text": "Kerry said: we failed."},
            "annotations": [{"result": [
                {"id": "p", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 5, "text": "Kerry", "labels": ["Person"]}},
                {"id": "q", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 12, "end": 21, "text": "we failed", "labels": ["Quote"]}},
                {"from_id": "q", "to_id": "p", "type": "relation", "direction": "right"}
            ]}]
        }]);
        let doc = import_one(&input.to_string());
        assert_eq!(doc.speakers, [Speaker::new("s1", "Kerry")]);
        let kinds: Vec<(&Kind, Option<&str>)> = doc
            .annotations
            .iter()
            .map(|a| (&a.kind, a.speaker.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [(&Kind::Mention, Some("s1")), (&Kind::Quote, Some("s1"))]
        );
    }

    #[test]
    fn per_region_choices_of_another_control_are_labels_of_its_set() {
        let input = json!([{
            "data": {"text": "Kerry said: we failed."},
            "annotations": [{"result": [
                {"id": "q", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 12, "end": 21, "text": "we failed", "labels": ["Quote"]}},
                {"id": "q", "from_name": "certainty", "to_name": "text", "type": "choices",
                 "value": {"start": 12, "end": 21, "text": "we failed", "choices": ["high"]}}
            ]}]
        }]);
        let doc = import_one(&input.to_string());
        assert_eq!(
            doc.annotations[0]
                .labels
                .get("certainty")
                .map(String::as_str),
            Some("high")
        );
        assert_eq!(doc.schema.label_sets[0].name, "certainty");
        assert!(crate::validate::validate(&doc).is_empty());
    }

    #[test]
    fn a_label_set_named_like_a_field_of_attrib_keeps_apart_from_it() {
        assert_eq!(control_name("stance"), "attrib:stance");
        assert_eq!(set_of_control("attrib:stance"), "stance");
        assert_eq!(control_name("certainty"), "certainty");
        assert_eq!(set_of_control("certainty"), "certainty");
        assert_eq!(control_name("attrib:x"), "attrib:attrib:x");
        assert_eq!(set_of_control("attrib:attrib:x"), "attrib:x");
        let mut schema = Schema::default();
        schema.label_sets.push(crate::model::LabelSet {
            name: "stance".into(),
            kinds: Vec::new(),
            labels: vec!["on record".into()],
        });
        let config = labeling_config(&schema);
        assert!(
            config.contains("<Choices name=\"attrib:stance\""),
            "{config}"
        );
        assert!(config.contains("<Choice value=\"on record\"/>"), "{config}");
    }

    #[test]
    fn predictions_and_results_that_are_not_text_spans_are_reported() {
        let input = json!([
            {"data": {"text": "ab", "image": "a.png"},
             "annotations": [{"result": [
                {"id": "r", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
                 "value": {"x": 1, "y": 2, "rectanglelabels": ["Face"]}},
                {"from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["positive"]}}]}],
             "predictions": [{"result": []}, {"result": []}]}
        ]);
        let imported = import(&input.to_string()).expect("import");
        assert!(imported.documents[0].annotations.is_empty());
        assert_eq!(
            imported.warnings,
            [
                "task [0]: 2 prediction(s) not read into the document; the annotation is read \
                 instead (the app offers the first prediction as suggestions)",
                "task [0]: 2 result(s) not read, not being text regions: \
                 1 choices on no text region, 1 rectanglelabels"
            ]
        );
    }

    #[test]
    fn predictions_beside_an_annotation_are_given_apart_for_suggestions() {
        let region = |id: &str, start: usize, end: usize, text: &str, label: &str| {
            json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": start, "end": end, "text": text, "labels": [label]}})
        };
        let input = json!([
            {"data": {"text": "Kerry said: we failed."},
             "annotations": [{"result": [region("a", 0, 5, "Kerry", "Person")]}],
             "predictions": [{"result": [
                region("p", 0, 5, "Kerry", "Person"),
                region("q", 12, 21, "we failed", "Quote"),
                {"from_id": "q", "to_id": "p", "type": "relation", "direction": "right"},
                {"id": "b", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
                 "value": {"x": 1}}]}]},
            {"data": {"text": "No annotation."},
             "predictions": [{"result": [region("c", 0, 2, "No", "claim")]}]}
        ]);
        let imported = import(&input.to_string()).expect("import");
        assert_eq!(
            imported.documents[0].annotations.len(),
            1,
            "the annotation only"
        );
        assert_eq!(
            imported.documents[1].annotations.len(),
            1,
            "the prediction read"
        );
        assert!(
            imported.warnings[1].contains("no annotation; its first prediction is read"),
            "{:?}",
            imported.warnings
        );
        let predicted = predictions(&input.to_string()).expect("predictions");
        assert_eq!(
            predicted.len(),
            1,
            "only the task whose annotation was read"
        );
        let (task, doc) = &predicted[0];
        assert_eq!(*task, 0);
        let kinds: Vec<(&Kind, Option<&str>)> = doc
            .annotations
            .iter()
            .map(|a| (&a.kind, a.speaker.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [(&Kind::Mention, Some("s1")), (&Kind::Quote, Some("s1"))]
        );
        let found = crate::suggest::Suggestions::from_document(doc, &imported.documents[0]);
        assert_eq!(found.items.len(), 2);
        assert_eq!(found.items[1].kind, Kind::Quote);
        let kerry = found.speaker_of(&found.items[1]).expect("a speaker");
        assert_eq!(kerry.name, "Kerry");
        assert_eq!(
            kerry.existing.as_deref(),
            imported.documents[0]
                .speakers
                .first()
                .map(|s| s.id.as_str()),
            "the document's own Kerry"
        );
    }

    #[test]
    fn reads_one_task_and_predictions() {
        let input = json!({
            "data": {"text": "a\r\n😀 bc"},
            "predictions": [{"result": [
                {"id": "p", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 6, "end": 8, "text": "bc", "labels": ["claim"]}}]}]
        });
        let doc = import_one(&input.to_string());
        assert_eq!(doc.meta.id, "task-1");
        assert_eq!(doc.text.text(), "a\n😀 bc");
        assert_eq!(doc.annotations[0].spans, [Span::new(4, 6)]);
    }

    #[test]
    fn errors_give_the_json_path() {
        let region = |start: usize, end: usize, text: &str| {
            json!([{"data": {"text": "😀 hi there"}, "annotations": [{"result": [
                {"id": "x", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": start, "end": end, "text": text, "labels": ["claim"]}}]}]}])
            .to_string()
        };
        let cases = [
            (region(1, 5, "hi"), "[0].annotations[0].result[0].value.start", "between the two UTF-16 code units"),
            (region(2, 5, "hi"), "[0].annotations[0].result[0].value.text", "counted in code points"),
            (region(3, 99, "hi"), "[0].annotations[0].result[0].value.end", "past the end"),
            ("[{\"data\": {}}]".to_string(), "[0].data", "missing field `text`"),
            ("[{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"result\": [{\"type\": \"relation\", \"from_id\": \"a\", \"to_id\": \"b\"}]}]}]".to_string(),
             "[0].annotations[0].result[0].from_id", "no region has id \"a\""),
            ("[{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 1, \"labels\": []}}]}]}]".to_string(),
             "[0].annotations[0].result[0].value.labels", "expected the region's label"),
            ("[{\"data\": {\"text\": \"a\"}".to_string(), "[0] (line 1, column 23)", "EOF"),
            ("{\"data\": {\"text\": \"a\"".to_string(), "data (line 1, column 21)", "EOF"),
            ("\"tasks\"".to_string(), "the top level", "expected a JSON array"),
        ];
        for (input, location, fragment) in cases {
            let (at, message) = error_of(&input);
            assert!(at.starts_with(location), "{input}: location {at:?}");
            assert!(message.contains(fragment), "{input}: message {message:?}");
        }
    }

    #[test]
    fn truncated_and_garbled_input_never_panics() {
        let file = export(&[kerry()]).expect("export");
        let json = file.contents;
        for (i, _) in json.char_indices().step_by(3) {
            let _ = import(&json[..i]);
            let _ = looks_like(&json[..i]);
        }
        for garbage in [
            "",
            "[",
            "[1]",
            "{\"data\": 5}",
            "[{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"result\": [{}]}]}]",
        ] {
            assert!(import(garbage).is_err(), "{garbage:?}");
        }
    }

    #[test]
    fn writes_a_matching_labeling_config() {
        let schema = Schema {
            custom_kinds: vec!["fact \"check\"".into()],
            ..Schema::default()
        };
        let config = labeling_config(&schema);
        for expected in [
            "<Labels name=\"label\" toName=\"text\">",
            "<Label value=\"quote\"/>\n    <Label value=\"cue\"/>\n    <Label value=\"claim\"/>",
            "<Label value=\"fact &quot;check&quot;\"/>",
            "<Relation value=\"said_by\"/>",
            "<Choices name=\"stance\" toName=\"text\" perRegion=\"true\" choice=\"single\">",
            "<Choice value=\"unclear\"/>",
            "<TextArea name=\"note\" toName=\"text\" perRegion=\"true\" maxSubmissions=\"1\"/>",
        ] {
            assert!(
                config.contains(expected),
                "missing {expected:?} in\n{config}"
            );
        }
    }

    #[test]
    fn recognises_label_studio_json() {
        let file = export(&[kerry()]).expect("export");
        assert!(looks_like(&file.contents));
        assert!(looks_like(
            "{\"data\": {\"text\": \"a\"}, \"annotations\": []}"
        ));
        assert!(!looks_like("{\"text\": \"a\", \"entities\": []}"));
        assert!(!looks_like("[]"));
        assert!(!looks_like("T1\tClaim 0 1\ta"));
    }
}
