//! doccano JSONL (sequence labelling with relations): one document per line,
//! entities with UTF-16 offsets, relations between them, and the rest of the
//! model in an `attrib` field doccano keeps but does not use.
//!
//! # Layout
//!
//! ```json
//! {"id": "syria-talks",
//!  "text": "😀 “I lost the argument,” Kerry said.",
//!  "entities": [
//!    {"id": 1, "label": "quote",   "start_offset": 3,  "end_offset": 25},
//!    {"id": 2, "label": "cue",     "start_offset": 32, "end_offset": 36},
//!    {"id": 3, "label": "mention", "start_offset": 26, "end_offset": 31}],
//!  "relations": [
//!    {"id": 1, "from_id": 1, "to_id": 2, "type": "cue"},
//!    {"id": 2, "from_id": 1, "to_id": 3, "type": "said_by"}],
//!  "attrib": {"format": "attrib-doccano", "version": 1,
//!             "offsets": "utf-16-code-units", "meta": {…}, "newlines": "lf",
//!             "schema": {…}, "speakers": [{"id": "s1", "name": "John Kerry"}],
//!             "annotations": [
//!               {"id": "q1", "kind": "quote", "spans": [[3, 25]], "cue": [32, 36],
//!                "speaker": "s1", "quote_type": "direct",
//!                "stance": {"target": {"text": "Russia"}, "label": "against"}},
//!               {"id": "m1", "kind": "mention", "spans": [[26, 31]], "speaker": "s1"}]}}
//! ```
//!
//! Offsets (entities and the `attrib` record alike) count **UTF-16 code
//! units**, as doccano does; the 😀 above is two units. They are converted to
//! code points on import; an offset between the two halves of a surrogate
//! pair is an error naming the line.
//!
//! Entities: one per content span, labelled with the annotation's kind
//! (`quote`, `claim`, `mention` or the custom kind's name), and one `cue`
//! entity per quote cue. Relations, so the structure is visible in doccano:
//! `continues` (a later part of a quote → the part before), `cue` (a quote →
//! its cue), `said_by` / `claimed_by` (a quote, claim or custom span → the
//! speaker's mention nearest to it), `same_as` (a mention → the previous
//! mention of the same speaker).
//!
//! The `attrib` record holds what doccano cannot: document metadata, the
//! newline flag, schema, speakers, and each annotation whole (id, kind,
//! spans, cue, speaker, labels, stance, note, and the labels of the
//! schema's further label sets, `"labels": {"source_type": "anonymous"}`).
//! Export then import gives back the same document.
//!
//! # Import
//!
//! A record annotation is kept when all of its entities (same offsets, same
//! label) are still in the line; a `said_by`/`claimed_by` relation from it to
//! a mention overrides its recorded speaker, so a re-attribution made in
//! doccano survives. Entities no record annotation accounts for (added in
//! doccano, or from a file Attrib never wrote) become annotations of the kind
//! their label names (`quote`, `claim`, `mention` — also `speaker` or
//! `source` — case-insensitively; `cue` attaches to the quote a `cue`
//! relation names; any other label is a custom kind), parts joined by
//! `continues`. A mention's speaker comes from a `same_as` chain reaching a
//! known mention, or is a new speaker named by the mention's text. An
//! annotation of the record whose entities were deleted or moved in doccano
//! is left out and its remaining entities read as new ones.
//!
//! The older form `"label": [[start, end, "quote"], …]` is read too (entity
//! ids are then the positions in the list). A line with only a text (and
//! `id`, `meta` and such) is a document without annotations; a `label`
//! that lists classes (`["positive"]`, text classification) is not read and
//! is reported in [`Imported::warnings`]. Without a record, the document
//! id is the line's `id` (or `line-N`), and the schema is the default one
//! plus every label met.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::probe::Probe;
use super::probe::Shape;
use super::regions::{
    assemble, kind_label, plan, Link, Matched, Record, RecordAnnotation, Region, RegionFields,
    CUE_LABEL,
};
use super::utf16::Utf16Offsets;
use super::{span_outside, Format, FormatError, Imported, OutputFile};
use crate::model::{AnnotatedDocument, Metadata, Span};
use crate::text::Document;

const FORMAT: Format = Format::Doccano;
const RECORD_FORMAT: &str = "attrib-doccano";
const RECORD_VERSION: u32 = 1;
const OFFSETS: &str = "utf-16-code-units";

// -------------------------------------------------------------------- export

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a str,
    text: &'a str,
    entities: Vec<OutEntity<'a>>,
    relations: Vec<OutRelation>,
    attrib: Record,
}

#[derive(Serialize)]
struct OutEntity<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Serialize)]
struct OutRelation {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Writes one JSONL line per document.
pub fn export(docs: &[AnnotatedDocument]) -> Result<OutputFile, FormatError> {
    let mut contents = String::new();
    for doc in docs {
        contents.push_str(&export_line(doc)?);
        contents.push('\n');
    }
    Ok(OutputFile {
        extension: "jsonl",
        mime: "application/jsonl",
        contents,
    })
}

fn export_line(doc: &AnnotatedDocument) -> Result<String, FormatError> {
    let plan = plan(doc);
    let index = doc.text.index();
    let mut units = Vec::with_capacity(plan.regions.len());
    for region in &plan.regions {
        let (start, end) = index
            .span_to_utf16(region.span)
            .filter(|_| region.span.start <= region.span.end)
            .ok_or_else(|| {
                span_outside(
                    FORMAT,
                    doc,
                    &doc.annotations[region.annotation].id,
                    region.span,
                )
            })?;
        units.push([start, end]);
    }
    let entities = plan
        .regions
        .iter()
        .zip(&units)
        .enumerate()
        .map(|(i, (region, &[start, end]))| OutEntity {
            id: i + 1,
            label: &region.label,
            start_offset: start,
            end_offset: end,
        })
        .collect();
    let relations = plan
        .links
        .iter()
        .enumerate()
        .map(|(i, link)| OutRelation {
            id: i + 1,
            from_id: link.from + 1,
            to_id: link.to + 1,
            kind: link.kind,
        })
        .collect();
    let annotations = doc
        .annotations
        .iter()
        .enumerate()
        .map(|(ai, a)| RecordAnnotation {
            spans: plan.content[ai].iter().map(|&r| units[r]).collect(),
            cue: plan.cue[ai].map(|r| units[r]),
            quote_type: a.quote_type.clone(),
            stance: a.stance.clone(),
            checkworthiness: a.checkworthiness.clone(),
            claim_type: a.claim_type.clone(),
            note: a.note.clone(),
            labels: a.labels.clone(),
            ..RecordAnnotation::bare(a)
        })
        .collect();
    let line = OutLine {
        id: &doc.meta.id,
        text: doc.text.text(),
        entities,
        relations,
        attrib: Record {
            format: RECORD_FORMAT.to_string(),
            version: RECORD_VERSION,
            offsets: Some(OFFSETS.to_string()),
            meta: doc.meta.clone(),
            newlines: doc.text.newlines(),
            schema: doc.schema.clone(),
            speakers: doc.speakers.clone(),
            annotations,
        },
    };
    serde_json::to_string(&line).map_err(|e| FormatError::Unsupported {
        format: FORMAT,
        message: format!("document {}: cannot write JSON: {e}", doc.meta.id),
    })
}

// -------------------------------------------------------------------- import

/// An id as doccano writes it: a number, or a string in files from
/// elsewhere.
#[derive(Deserialize)]
#[serde(untagged)]
enum InId {
    Number(u64),
    Text(String),
}

impl InId {
    fn key(&self) -> String {
        match self {
            InId::Number(n) => n.to_string(),
            InId::Text(s) => s.clone(),
        }
    }
}

#[derive(Deserialize)]
struct InLine {
    #[serde(default)]
    id: Option<InId>,
    text: String,
    #[serde(default)]
    entities: Option<Vec<InEntity>>,
    #[serde(default)]
    relations: Vec<InRelation>,
    #[serde(default)]
    label: Option<InLabels>,
    #[serde(default)]
    attrib: Option<Record>,
}

/// `label` as doccano writes it: spans (sequence labelling) or the
/// document's classes (text classification).
#[derive(Deserialize)]
#[serde(untagged)]
enum InLabels {
    Spans(Vec<(usize, usize, String)>),
    Classes(Vec<String>),
}

#[derive(Deserialize)]
struct InEntity {
    id: InId,
    label: String,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Deserialize)]
struct InRelation {
    from_id: InId,
    to_id: InId,
    #[serde(rename = "type")]
    kind: String,
}

fn at(line: usize, path: impl std::fmt::Display, message: impl Into<String>) -> FormatError {
    FormatError::Syntax {
        format: FORMAT,
        location: format!("line {line}, {path}"),
        message: message.into(),
    }
}

/// Parses one JSONL line, locating errors by line and JSON path.
fn parse_line<T: serde::de::DeserializeOwned>(line: usize, json: &str) -> Result<T, FormatError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = super::json_path::deserialize(&mut de, json).map_err(|e| {
        let path = e.path().to_string();
        let path = path.trim_end_matches('?').trim_end_matches('.').to_string();
        let inner = e.into_inner();
        let column = inner.column();
        let message = inner.to_string();
        let message = message
            .strip_suffix(&format!(" at line {} column {column}", inner.line()))
            .map(str::to_string)
            .unwrap_or(message);
        if path.is_empty() {
            at(line, format!("column {column}"), message)
        } else {
            at(line, format!("{path} (column {column})"), message)
        }
    })?;
    de.end().map_err(|e| {
        at(
            line,
            format!("column {}", e.column()),
            "unexpected text after the JSON object; expected one object per line",
        )
    })?;
    Ok(value)
}

/// Reads doccano JSONL: one document per non-blank line.
pub fn import(input: &str) -> Result<Imported, FormatError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut documents = Vec::new();
    let mut warnings = Vec::new();
    for (i, raw) in input.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        documents.push(import_line(i + 1, line, &mut warnings)?);
    }
    Ok(Imported {
        documents,
        unplaced: Vec::new(),
        warnings,
        broken: Vec::new(),
    })
}

fn import_line(
    n: usize,
    json: &str,
    warnings: &mut Vec<String>,
) -> Result<AnnotatedDocument, FormatError> {
    let line: InLine = parse_line(n, json)?;
    let text = Document::new(&line.text);
    let offsets = Utf16Offsets::new(&line.text, &text);
    let region = |key: String,
                  label: String,
                  (start, end): (usize, usize),
                  path: &dyn Fn(&str) -> String| {
        let span = offsets
            .span(start, end)
            .map_err(|(which, message)| at(n, path(which), message))?;
        Ok::<Region, FormatError>(Region {
            key,
            span,
            text: text.slice(span).unwrap_or_default().to_string(),
            label,
            fields: RegionFields::default(),
        })
    };

    let mut regions: Vec<Region> = Vec::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    if let Some(entities) = line.entities {
        for (i, entity) in entities.into_iter().enumerate() {
            let key = entity.id.key();
            if let Some(first) = keys.get(&key) {
                return Err(at(
                    n,
                    format!("entities[{i}].id"),
                    format!("id {key} is also the id of entities[{first}]; expected unique ids"),
                ));
            }
            keys.insert(key.clone(), i);
            let path = |which: &str| format!("entities[{i}].{which}_offset");
            regions.push(region(
                key,
                entity.label,
                (entity.start_offset, entity.end_offset),
                &path,
            )?);
        }
    } else if let Some(InLabels::Classes(classes)) = &line.label {
        if !classes.is_empty() {
            warnings.push(format!(
                "line {n}: document labels {classes:?} (text classification) not read; \
                 attrib reads labelled spans"
            ));
        }
    } else if let Some(InLabels::Spans(labels)) = line.label {
        for (i, (start, end, label)) in labels.into_iter().enumerate() {
            let path =
                |which: &str| format!("label[{i}][{}]", if which == "start" { 0 } else { 1 });
            regions.push(region((i + 1).to_string(), label, (start, end), &path)?);
        }
    }

    let known: HashSet<&str> = regions.iter().map(|r| r.key.as_str()).collect();
    let mut links = Vec::with_capacity(line.relations.len());
    for (i, relation) in line.relations.iter().enumerate() {
        let (from, to) = (relation.from_id.key(), relation.to_id.key());
        for (end, key) in [("from_id", &from), ("to_id", &to)] {
            if !known.contains(key.as_str()) {
                return Err(at(
                    n,
                    format!("relations[{i}].{end}"),
                    format!(
                        "no entity has id {key}; expected the id of one of the line's entities"
                    ),
                ));
            }
        }
        links.push(Link {
            from,
            to,
            kind: relation.kind.clone(),
        });
    }

    let record = line.attrib;
    let mut matched = Vec::new();
    if let Some(record) = &record {
        check_record(n, record)?;
        let mut pool: HashMap<(Span, String), VecDeque<usize>> = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            pool.entry((r.span, r.label.clone()))
                .or_default()
                .push_back(i);
        }
        for (k, entry) in record.annotations.iter().enumerate() {
            let mut wanted = Vec::with_capacity(entry.spans.len() + 1);
            for (j, &[start, end]) in entry.spans.iter().enumerate() {
                let span = offsets.span(start, end).map_err(|(_, message)| {
                    at(n, format!("attrib.annotations[{k}].spans[{j}]"), message)
                })?;
                wanted.push((span, kind_label(&entry.kind).to_string()));
            }
            if let Some([start, end]) = entry.cue {
                let span = offsets.span(start, end).map_err(|(_, message)| {
                    at(n, format!("attrib.annotations[{k}].cue"), message)
                })?;
                wanted.push((span, CUE_LABEL.to_string()));
            }
            let mut found: Vec<(Span, String, usize)> = Vec::with_capacity(wanted.len());
            for (span, label) in wanted {
                let key = (span, label);
                match pool.get_mut(&key).and_then(VecDeque::pop_front) {
                    Some(i) => found.push((key.0, key.1, i)),
                    None => break,
                }
            }
            let complete = found.len() == entry.spans.len() + usize::from(entry.cue.is_some());
            if !complete {
                for (span, label, i) in found.into_iter().rev() {
                    if let Some(queue) = pool.get_mut(&(span, label)) {
                        queue.push_front(i);
                    }
                }
                continue;
            }
            let mut content: Vec<usize> = found.iter().map(|&(_, _, i)| i).collect();
            let cue = if entry.cue.is_some() {
                content.pop()
            } else {
                None
            };
            matched.push(Matched {
                record: entry.clone(),
                content,
                cue,
            });
        }
    }

    let assembled = assemble(&regions, &links, matched, record.as_ref(), &|r: &Region| {
        format!("e{}", r.key)
    });
    let (meta, text) = match record {
        Some(record) => (
            record.meta,
            super::document_with_newlines(&line.text, record.newlines),
        ),
        None => {
            let id = line.id.map_or_else(|| format!("line-{n}"), |id| id.key());
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

fn check_record(n: usize, record: &Record) -> Result<(), FormatError> {
    if record.format != RECORD_FORMAT || record.version != RECORD_VERSION {
        return Err(at(
            n,
            "attrib",
            format!(
                "record is {:?} version {}; expected {RECORD_FORMAT:?} version {RECORD_VERSION}",
                record.format, record.version
            ),
        ));
    }
    if let Some(unit) = record.offsets.as_deref().filter(|u| *u != OFFSETS) {
        return Err(at(
            n,
            "attrib.offsets",
            format!("offsets counted in {unit:?}; expected {OFFSETS:?}"),
        ));
    }
    Ok(())
}

/// Whether `input` looks like doccano JSONL: its first non-blank line is a
/// JSON object with a `text` and entities, labels or an Attrib record.
pub fn looks_like(input: &str) -> bool {
    Probe::of(input).first_line().is_some_and(is_record)
}

/// Whether a JSON value's outline is a doccano line.
pub(crate) fn is_record(map: &Shape) -> bool {
    let record_is_ours = map
        .get("attrib")
        .and_then(|r| r.get("format"))
        .and_then(Shape::as_str)
        == Some(RECORD_FORMAT);
    // The keys doccano writes on a line of any project type.
    const DOCCANO_KEYS: [&str; 10] = [
        "id",
        "text",
        "meta",
        "label",
        "entities",
        "relations",
        "attrib",
        "Comments",
        "comments",
        "cats",
    ];
    let only_doccano_keys = map.keys().all(|k| DOCCANO_KEYS.contains(&k));
    map.is_object()
        && map.get("text").is_some_and(Shape::is_string)
        && (only_doccano_keys
            || map.get("entities").is_some_and(Shape::is_array)
            || matches!(
                map.get("label"),
                Some(Shape::Array {
                    all_arrays: true,
                    ..
                })
            )
            || record_is_ours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Speaker};
    use crate::test_fixtures::kerry;
    use serde_json::json;

    fn export_one(doc: &AnnotatedDocument) -> String {
        let file = export(std::slice::from_ref(doc)).expect("export");
        assert_eq!(file.extension, "jsonl");
        assert_eq!(file.contents.lines().count(), 1);
        file.contents
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
    fn a_doccano_relation_from_a_quote_to_a_person_names_the_speaker() {
        // As a doccano project with relations writes it: the relation's
        // type is the project's own ("speaker"), and the person is `PER`.
        let input = "{\"id\": 7, \"text\": \"Kerry said: we failed.\", \"entities\": [\
                     {\"id\": 10, \"label\": \"PER\", \"start_offset\": 0, \"end_offset\": 5}, \
                     {\"id\": 11, \"label\": \"Quote\", \"start_offset\": 12, \"end_offset\": 21}], \
                     \"relations\": [{\"id\": 1, \"from_id\": 11, \"to_id\": 10, \"type\": \"speaker\"}]}\n";
        let doc = import_one(input);
        assert_eq!(doc.speakers.len(), 1);
        assert_eq!(doc.speakers[0].name, "Kerry");
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
    fn writes_entities_and_relations_in_utf16_units() {
        let line: serde_json::Value = serde_json::from_str(&export_one(&kerry())).expect("json");
        assert_eq!(line["id"], "syria-talks");
        assert_eq!(
            line["entities"],
            json!([
                {"id": 1, "label": "mention", "start_offset": 26, "end_offset": 31},
                {"id": 2, "label": "quote", "start_offset": 3, "end_offset": 25},
                {"id": 3, "label": "cue", "start_offset": 32, "end_offset": 36},
                {"id": 4, "label": "mention", "start_offset": 40, "end_offset": 46},
                {"id": 5, "label": "claim", "start_offset": 48, "end_offset": 62},
            ])
        );
        assert_eq!(
            line["relations"],
            json!([
                {"id": 1, "from_id": 2, "to_id": 3, "type": "cue"},
                {"id": 2, "from_id": 2, "to_id": 1, "type": "said_by"},
            ])
        );
        let record = &line["attrib"];
        assert_eq!(record["format"], "attrib-doccano");
        assert_eq!(record["offsets"], "utf-16-code-units");
        assert_eq!(
            record["annotations"][1],
            json!({"id": "q1", "kind": "quote", "spans": [[3, 25]], "cue": [32, 36],
                   "speaker": "s1", "quote_type": "direct",
                   "stance": {"target": {"text": "Russia"}, "label": "against"},
                   "note": "checked against the video"})
        );
    }

    #[test]
    fn sample_round_trips() {
        let doc = kerry();
        assert_eq!(import_one(&export_one(&doc)), doc);
    }

    #[test]
    fn several_documents_are_several_lines() {
        let first = kerry();
        let mut second = kerry();
        second.meta.id = "second".into();
        second.annotations.truncate(2);
        let file = export(&[first.clone(), second.clone()]).expect("export");
        assert_eq!(file.contents.lines().count(), 2);
        let back = import(&file.contents).expect("import").documents;
        assert_eq!(back, [first, second]);
    }

    #[test]
    fn an_offset_inside_an_emoji_is_an_error_naming_the_line() {
        let input = "{\"text\": \"ok\", \"entities\": []}\n\
                     {\"text\": \"😀 hi\", \"entities\": [{\"id\": 1, \"label\": \"claim\", \"start_offset\": 1, \"end_offset\": 5}]}\n";
        let (location, message) = error_of(input);
        assert_eq!(location, "line 2, entities[0].start_offset");
        assert!(
            message.contains("between the two UTF-16 code units"),
            "{message}"
        );
        let past = "{\"text\": \"hi\", \"label\": [[0, 9, \"claim\"]]}";
        let (location, message) = error_of(past);
        assert_eq!(location, "line 1, label[0][1]");
        assert!(message.contains("past the end of the text (2 UTF-16 code units)"));
    }

    #[test]
    fn reads_the_plain_label_form() {
        let doc = import_one("{\"id\": 7, \"text\": \"😀 Kerry said hi\", \"label\": [[3, 8, \"mention\"], [14, 16, \"Quote\"]]}");
        assert_eq!(doc.meta.id, "7");
        assert_eq!(doc.speakers, [Speaker::new("s1", "Kerry")]);
        let summary: Vec<(&str, &Kind, Vec<Span>)> = doc
            .annotations
            .iter()
            .map(|a| (a.id.as_str(), &a.kind, a.spans.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                ("e1", &Kind::Mention, vec![Span::new(2, 7)]),
                ("e2", &Kind::Quote, vec![Span::new(13, 15)]),
            ]
        );
        assert!(crate::validate::is_valid(&doc));
    }

    #[test]
    fn plain_doccano_lines_import_as_a_corpus_and_document_labels_are_reported() {
        let input = "{\"id\": 1, \"text\": \"Rain fell.\", \"meta\": {\"source\": \"wire\"}}\n\
                     {\"id\": 2, \"text\": \"Snow fell.\", \"label\": [\"weather\"]}\n\
                     {\"text\": \"Kerry spoke.\", \"label\": [[0, 5, \"person\"]]}\n";
        assert_eq!(super::super::detect(input), Some(FORMAT));
        let imported = import(input).expect("import");
        let ids: Vec<&str> = imported
            .documents
            .iter()
            .map(|d| d.meta.id.as_str())
            .collect();
        assert_eq!(ids, ["1", "2", "line-3"]);
        assert!(imported.documents[0].annotations.is_empty());
        assert_eq!(imported.documents[2].annotations[0].kind, Kind::Mention);
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        assert!(imported.warnings[0].starts_with("line 2: document labels [\"weather\"]"));
    }

    #[test]
    fn reads_relations_from_a_file_attrib_never_wrote() {
        // "Kerry said: “We tried” and “we failed”. Kerry left."
        let text = "Kerry said: “We tried” and “we failed”. Kerry left.";
        let line = json!({
            "id": 3, "text": text,
            "entities": [
                {"id": 10, "label": "Speaker", "start_offset": 0, "end_offset": 5},
                {"id": 11, "label": "cue", "start_offset": 6, "end_offset": 10},
                {"id": 12, "label": "Quote", "start_offset": 12, "end_offset": 22},
                {"id": 13, "label": "Quote", "start_offset": 27, "end_offset": 38},
                {"id": 14, "label": "Speaker", "start_offset": 40, "end_offset": 45},
                {"id": 15, "label": "evidence", "start_offset": 46, "end_offset": 50}
            ],
            "relations": [
                {"id": 1, "from_id": 13, "to_id": 12, "type": "continues"},
                {"id": 2, "from_id": 12, "to_id": 11, "type": "cue"},
                {"id": 3, "from_id": 12, "to_id": 10, "type": "said_by"},
                {"id": 4, "from_id": 14, "to_id": 10, "type": "same_as"},
                {"id": 5, "from_id": 15, "to_id": 14, "type": "said_by"}
            ]
        });
        let doc = import_one(&line.to_string());
        assert_eq!(doc.speakers, [Speaker::new("s1", "Kerry")]);
        let quote = &doc.annotations[1];
        assert_eq!((quote.id.as_str(), &quote.kind), ("e12", &Kind::Quote));
        assert_eq!(quote.spans, [Span::new(12, 22), Span::new(27, 38)]);
        assert_eq!(quote.cue, Some(Span::new(6, 10)));
        assert_eq!(quote.speaker.as_deref(), Some("s1"));
        assert_eq!(doc.annotations[2].speaker.as_deref(), Some("s1"));
        assert_eq!(doc.annotations[3].kind, Kind::Custom("evidence".into()));
        assert_eq!(doc.annotations[3].speaker.as_deref(), Some("s1"));
        assert_eq!(doc.annotations.len(), 4);
        assert_eq!(doc.schema.custom_kinds, ["evidence"]);
        assert!(
            crate::validate::is_valid(&doc),
            "{:?}",
            crate::validate::validate(&doc)
        );
    }

    #[test]
    fn edits_made_in_doccano_are_kept() {
        let mut line: serde_json::Value =
            serde_json::from_str(&export_one(&kerry())).expect("json");
        // Delete the claim's entity, add a new claim over "Sales", and point
        // the quote at Lavrov's mention instead of Kerry's.
        let entities = line["entities"].as_array_mut().expect("entities");
        entities.retain(|e| e["id"] != 5);
        entities.push(json!({"id": 9, "label": "claim", "start_offset": 48, "end_offset": 53}));
        line["relations"][1]["to_id"] = json!(4);
        let doc = import_one(&line.to_string());
        let ids: Vec<&str> = doc.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["m1", "q1", "m2", "e9"]);
        assert_eq!(doc.annotations[3].spans, [Span::new(47, 52)]);
        assert_eq!(doc.annotations[1].speaker.as_deref(), Some("s2"));
        assert_eq!(doc.annotations[1].quote_type.as_deref(), Some("direct"));
    }

    #[test]
    fn offsets_count_the_raw_line_breaks_of_the_file() {
        // doccano measures the text as stored, "\r\n" included.
        let line = json!({"text": "a\r\n😀 bc", "label": [[6, 8, "claim"]]});
        let doc = import_one(&line.to_string());
        assert_eq!(doc.text.text(), "a\n😀 bc");
        assert_eq!(doc.annotations[0].spans, [Span::new(4, 6)]);
        assert_eq!(doc.text.slice(doc.annotations[0].spans[0]), Some("bc"));
    }

    #[test]
    fn malformed_lines_say_where_and_what_was_expected() {
        let cases = [
            ("{\"text\": \"a\"}\n{\"text\": \"b\",", "line 2, column", "EOF"),
            ("{\"entities\": []}", "line 1, column", "missing field `text`"),
            ("{\"text\": \"a\", \"entities\": [{\"id\": 1", "line 1, entities[0] (column 35)", "EOF"),
            ("{\"text\": \"a\", \"entities\": [{\"id\": 1, \"label\": \"x\", \"start_offset\": \"0\", \"end_offset\": 1}]}", "line 1, entities[0].start_offset", "invalid type"),
            ("{\"text\": \"ab\", \"entities\": [{\"id\": 1, \"label\": \"x\", \"start_offset\": 0, \"end_offset\": 1}, {\"id\": 1, \"label\": \"x\", \"start_offset\": 1, \"end_offset\": 2}]}", "line 1, entities[1].id", "unique"),
            ("{\"text\": \"a\", \"entities\": [], \"relations\": [{\"from_id\": 1, \"to_id\": 2, \"type\": \"cue\"}]}", "line 1, relations[0].from_id", "no entity has id 1"),
            ("{\"text\": \"a\", \"label\": [7]}", "line 1, label (column 27)", "did not match"),
            ("{\"text\": \"a\"} trailing", "line 1, column", "one object per line"),
            ("{\"text\": \"ab\", \"label\": [[2, 1, \"x\"]]}", "line 1, label[0][1]", "comes before start"),
        ];
        for (input, location, fragment) in cases {
            let (at, message) = error_of(input);
            assert!(at.starts_with(location), "{input}: location {at:?}");
            assert!(message.contains(fragment), "{input}: message {message:?}");
        }
        let mut line: serde_json::Value =
            serde_json::from_str(&export_one(&kerry())).expect("json");
        line["attrib"]["version"] = json!(7);
        let (at, message) = error_of(&line.to_string());
        assert_eq!(at, "line 1, attrib");
        assert!(message.contains("version 7"));
    }

    #[test]
    fn truncated_and_garbled_input_never_panics() {
        let jsonl = export_one(&kerry());
        for (i, _) in jsonl.char_indices() {
            let _ = import(&jsonl[..i]);
            let _ = looks_like(&jsonl[..i]);
        }
        for garbage in [
            "\u{0}",
            "[]",
            "null",
            "{\"text\": 5}",
            "{\"text\": \"\", \"label\": [[0]]}",
        ] {
            assert!(import(garbage).is_err(), "{garbage:?}");
        }
    }

    #[test]
    fn recognises_doccano_lines() {
        assert!(looks_like(&export_one(&kerry())));
        assert!(looks_like(
            "{\"text\": \"a\", \"label\": [[0, 1, \"x\"]]}\n"
        ));
        assert!(looks_like("\n{\"text\": \"a\", \"entities\": []}"));
        assert!(looks_like("{\"text\": \"a\", \"label\": [\"positive\"]}"));
        assert!(looks_like("{\"id\": 3, \"text\": \"a\", \"meta\": {}}"));
        assert!(!looks_like("{\"text\": \"a\", \"data\": 1}"));
        assert!(!looks_like(
            "[{\"data\": {\"text\": \"a\"}, \"annotations\": []}]"
        ));
        assert!(!looks_like("T1\tClaim 0 1\ta"));
    }
}
