//! CSV: one row per annotation, for teachers' spreadsheets, and import back
//! from such a sheet given the article text.
//!
//! Columns, in order ([`COLUMNS`]); offsets are Unicode code points,
//! end-exclusive:
//!
//! | column | holds |
//! |---|---|
//! | `document_id` | the document's id |
//! | `annotation_id`, `kind` | the annotation's id and kind |
//! | `start`, `end` | its extent: from the first span's start to the last span's end |
//! | `spans` | only for several spans: `630-652;670-700` |
//! | `text` | the spans' exact text, joined with ` … ` |
//! | `speaker_id`, `speaker_name` | the speaker (claimant, person mentioned) |
//! | `quote_type` | quotes |
//! | `cue_start`, `cue_end`, `cue_text` | quotes' cue |
//! | `stance_target`, `stance_target_kind`, `stance_label` | the target's text, or a speaker id when the kind is `speaker` |
//! | `checkworthiness`, `claim_type` | claims |
//! | `note` | free text; commas, quotes and line breaks are quoted |
//! | `labels` | the labels of the schema's further label sets (a custom kind's labels): `source_type=anonymous; evidence=none`, or a JSON object of them when a name or label holds `=`, `;`, `{` or surrounding spaces |
//!
//! Import needs the text (a CSV does not carry it) and reads one document.
//! The columns are found by their header names, in any order; unknown
//! columns are ignored; `annotation_id`, `kind`, `start` and `end` are
//! required. When the text at a row's offsets is not its `text` column, each
//! span is re-anchored by its piece of `text` (without context, so a piece
//! found more than once is listed as ambiguous).
//!
//! What a CSV cannot carry, so an import cannot restore:
//! - document metadata other than the id (and the id itself when the
//!   document has no annotations: it is then empty); whether the original
//!   text's line breaks were normalised (that follows the text given);
//! - speakers' aliases and roles, and speakers no annotation refers to;
//!   speakers appear in the order rows first name them; a speaker named only
//!   as a stance target is named by its id;
//! - the schema: import uses the default schema, extended with any kind or
//!   label the rows use that it lacks (a further label set comes back with
//!   the labels and kinds that use it, in the order the rows do).
//!
//! Export then import therefore gives back any document whose schema is the
//! default one, up to exactly those losses.
//!
//! **Formula injection.** A spreadsheet runs a cell that starts with `=`,
//! `+`, `-` or `@` (and some a tab or carriage return) as a formula, so a
//! note such as `=HYPERLINK("http://x","y")` would become a live link.
//! Export writes every such cell with a leading apostrophe (`'=HYPERLINK…`),
//! which spreadsheets show as text and do not run; import removes exactly
//! that apostrophe ([`neutralise`], [`restore`]). A cell that already
//! starts with apostrophes before one of those characters gets one more
//! (`'=x` is written `''=x`), so every text survives the round trip
//! exactly; any other cell is written as it is.

use std::collections::{BTreeMap, HashMap};

use super::anchor::{self, Anchor, PendingAnnotation, TextQuote};
use super::regions::add_label_use;
use super::{span_outside, BrokenLine, Format, FormatError, Imported, OutputFile, Unplaced};
use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
};
use crate::text::Document;

/// The header row.
pub const COLUMNS: [&str; 20] = [
    "document_id",
    "annotation_id",
    "kind",
    "start",
    "end",
    "spans",
    "text",
    "speaker_id",
    "speaker_name",
    "quote_type",
    "cue_start",
    "cue_end",
    "cue_text",
    "stance_target",
    "stance_target_kind",
    "stance_label",
    "checkworthiness",
    "claim_type",
    "note",
    "labels",
];

/// What joins the texts of several spans in the `text` column.
pub const SPAN_JOINER: &str = " … ";

const REQUIRED: [&str; 4] = ["annotation_id", "kind", "start", "end"];

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell`, after any leading apostrophes, starts like a formula.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(|c| FORMULA_STARTS.contains(&c))
}

/// `cell` as written to the sheet: with one more leading apostrophe when it
/// starts (after any apostrophes of its own) like a formula.
pub fn neutralise(cell: &str) -> String {
    if formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell as read from the sheet: without the apostrophe [`neutralise`]
/// added, and unchanged when it has none.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(cell) => rest,
        _ => cell,
    }
}

/// One row per annotation of every document, under the header row.
pub fn export(docs: &[AnnotatedDocument]) -> Result<OutputFile, FormatError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(write_error)?;
    for doc in docs {
        for annotation in &doc.annotations {
            let cells = row(doc, annotation)?.map(|cell| neutralise(&cell));
            writer.write_record(cells).map_err(write_error)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| write_error(e.into_error().into()))?;
    let contents = String::from_utf8(bytes).map_err(|e| FormatError::Unsupported {
        format: Format::Csv,
        message: e.to_string(),
    })?;
    Ok(OutputFile {
        extension: "csv",
        mime: "text/csv",
        contents,
    })
}

fn write_error(err: ::csv::Error) -> FormatError {
    FormatError::Unsupported {
        format: Format::Csv,
        message: err.to_string(),
    }
}

fn row(doc: &AnnotatedDocument, a: &Annotation) -> Result<[String; 20], FormatError> {
    let slice = |span: Span| {
        doc.text
            .slice(span)
            .ok_or_else(|| span_outside(Format::Csv, doc, &a.id, span))
    };
    let texts = a
        .spans
        .iter()
        .map(|&span| slice(span))
        .collect::<Result<Vec<_>, _>>()?;
    let extent = a.extent();
    let spans = if a.spans.len() > 1 {
        a.spans
            .iter()
            .map(|s| format!("{}-{}", s.start, s.end))
            .collect::<Vec<_>>()
            .join(";")
    } else {
        String::new()
    };
    let cue_text = a.cue.map(slice).transpose()?.unwrap_or_default();
    let speaker_name = a
        .speaker
        .as_deref()
        .and_then(|id| doc.speaker(id))
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let (target, target_kind, label) = match &a.stance {
        None => (String::new(), "", String::new()),
        Some(Stance {
            target: StanceTarget::Text(text),
            label,
        }) => (text.clone(), "text", label.clone()),
        Some(Stance {
            target: StanceTarget::Speaker(id),
            label,
        }) => (id.clone(), "speaker", label.clone()),
    };
    let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    Ok([
        doc.meta.id.clone(),
        a.id.clone(),
        a.kind.as_str().to_string(),
        number(extent.map(|s| s.start)),
        number(extent.map(|s| s.end)),
        spans,
        texts.join(SPAN_JOINER),
        a.speaker.clone().unwrap_or_default(),
        speaker_name,
        a.quote_type.clone().unwrap_or_default(),
        number(a.cue.map(|s| s.start)),
        number(a.cue.map(|s| s.end)),
        cue_text.to_string(),
        target,
        target_kind.to_string(),
        label,
        a.checkworthiness.clone().unwrap_or_default(),
        a.claim_type.clone().unwrap_or_default(),
        a.note.clone(),
        labels_cell(&a.labels),
    ])
}

/// Characters that make a set name or label unsafe in the plain
/// `set=label; set=label` form.
fn plain_safe(name: &str) -> bool {
    !name.is_empty() && name.trim() == name && !name.contains(['=', ';', '{'])
}

/// The `labels` cell: `source_type=anonymous; evidence=none`, or, when a
/// name or label holds `=`, `;` or `{` or surrounding spaces, the same as
/// a JSON object.
fn labels_cell(labels: &BTreeMap<String, String>) -> String {
    if labels
        .iter()
        .all(|(set, label)| plain_safe(set) && plain_safe(label))
    {
        labels
            .iter()
            .map(|(set, label)| format!("{set}={label}"))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        serde_json::to_string(labels).unwrap_or_default()
    }
}

/// Reads a sheet of one document's annotations onto `text`.
pub fn import(input: &str, text: Option<&str>) -> Result<Imported, FormatError> {
    let text = text.ok_or(FormatError::NeedsText(Format::Csv))?;
    let doc_text = Document::new(text);
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut reader = ::csv::ReaderBuilder::new().from_reader(input.as_bytes());
    let headers = reader.headers().map_err(read_error)?.clone();
    let columns = Columns::new(&headers)?;
    let mut sheet = Sheet::default();
    let mut broken = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        // A row that does not read (too few fields, offsets that are not
        // numbers or do not agree) is left out while the others read.
        let record = match record {
            Ok(record) => record,
            Err(err) => match err.kind() {
                ::csv::ErrorKind::UnequalLengths { pos: Some(pos), .. } => {
                    let line = pos.line() as usize;
                    broken.push(BrokenLine::from_error(line, read_error(err)));
                    continue;
                }
                _ => return Err(read_error(err)),
            },
        };
        let line = record.position().map_or(0, |p| p.line());
        let cells = Cells {
            record: &record,
            columns: &columns,
            line,
        };
        match sheet.read_row(&cells, &doc_text) {
            Ok(()) => {}
            Err(err @ FormatError::Syntax { .. }) => {
                broken.push(BrokenLine::from_error(line as usize, err));
            }
            Err(err) => return Err(err),
        }
    }
    // More broken rows than good ones is not a sheet with a broken row but
    // the wrong sheet (or the wrong text): its first error.
    if let Some(first) = broken.first().filter(|_| broken.len() * 2 > rows) {
        return Err(first.clone().into_error(Format::Csv));
    }
    let mut imported = sheet.finish(doc_text);
    imported.broken = broken;
    Ok(imported)
}

/// Whether `input` starts with this format's header row (the first three
/// columns suffice).
pub fn looks_like(input: &str) -> bool {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let first = input.lines().next().unwrap_or("");
    first
        .split(',')
        .map(|cell| cell.trim().trim_matches('"'))
        .take(3)
        .eq(COLUMNS.iter().take(3).copied())
}

fn read_error(err: ::csv::Error) -> FormatError {
    let location = match err.position() {
        Some(pos) => format!("line {}", pos.line()),
        None => "the header".to_string(),
    };
    let message = match err.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        ::csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => err.to_string(),
    };
    FormatError::Syntax {
        format: Format::Csv,
        location,
        message,
    }
}

/// Where each known column is in this sheet.
struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    fn new(headers: &::csv::StringRecord) -> Result<Columns, FormatError> {
        let mut index = HashMap::new();
        for (i, name) in headers.iter().enumerate() {
            if let Some(column) = COLUMNS.iter().find(|c| **c == name.trim()) {
                index.entry(*column).or_insert(i);
            }
        }
        if let Some(missing) = REQUIRED.iter().find(|c| !index.contains_key(*c)) {
            return Err(FormatError::Syntax {
                format: Format::Csv,
                location: "line 1 (the header)".to_string(),
                message: format!(
                    "no `{missing}` column; the header should be {}",
                    COLUMNS.join(",")
                ),
            });
        }
        Ok(Columns { index })
    }
}

/// One record with its line, read by column name.
struct Cells<'a> {
    record: &'a ::csv::StringRecord,
    columns: &'a Columns,
    line: u64,
}

impl Cells<'_> {
    /// The cell in `column` without the apostrophe export put before a
    /// formula-like value; empty when the row has no such column.
    fn get(&self, column: &str) -> &str {
        self.columns
            .index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map_or("", restore)
    }

    fn optional(&self, column: &str) -> Option<String> {
        let value = self.get(column);
        (!value.is_empty()).then(|| value.to_string())
    }

    fn error(&self, column: &str, message: impl Into<String>) -> FormatError {
        FormatError::Syntax {
            format: Format::Csv,
            location: format!("line {}, column {column}", self.line),
            message: message.into(),
        }
    }

    fn number(&self, column: &str) -> Result<Option<usize>, FormatError> {
        let value = self.get(column).trim();
        if value.is_empty() {
            return Ok(None);
        }
        value.parse().map(Some).map_err(|_| {
            self.error(
                column,
                format!("expected a code-point offset (a whole number), found {value:?}"),
            )
        })
    }

    /// The `labels` cell: `set=label` pairs joined by `;`, or a JSON
    /// object of them.
    fn labels(&self) -> Result<BTreeMap<String, String>, FormatError> {
        let cell = self.get("labels").trim();
        if cell.is_empty() {
            return Ok(BTreeMap::new());
        }
        if cell.starts_with('{') {
            return serde_json::from_str(cell).map_err(|e| {
                self.error(
                    "labels",
                    format!("expected a JSON object of set and label: {e}"),
                )
            });
        }
        let mut labels = BTreeMap::new();
        for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((set, label)) = part
                .split_once('=')
                .map(|(set, label)| (set.trim(), label.trim()))
                .filter(|(set, label)| !set.is_empty() && !label.is_empty())
            else {
                return Err(self.error(
                    "labels",
                    format!("expected SET=LABEL pairs joined by ';', found {part:?}"),
                ));
            };
            if labels.insert(set.to_string(), label.to_string()).is_some() {
                return Err(self.error(
                    "labels",
                    format!("two labels of set {set:?}; expected one per set"),
                ));
            }
        }
        Ok(labels)
    }

    fn required_number(&self, column: &str) -> Result<usize, FormatError> {
        self.number(column)?
            .ok_or_else(|| self.error(column, "empty; every annotation needs its offsets"))
    }

    fn spans(&self) -> Result<Vec<Span>, FormatError> {
        let start = self.required_number("start")?;
        let end = self.required_number("end")?;
        let listed = self.get("spans").trim();
        if listed.is_empty() {
            return Ok(vec![Span::new(start, end)]);
        }
        let mut spans = Vec::new();
        for part in listed.split(';') {
            let parsed = part
                .split_once('-')
                .and_then(|(a, b)| Some(Span::new(a.trim().parse().ok()?, b.trim().parse().ok()?)));
            match parsed {
                Some(span) => spans.push(span),
                None => {
                    return Err(self.error(
                        "spans",
                        format!("expected START-END pairs joined by ';', found {part:?}"),
                    ))
                }
            }
        }
        let first = spans.iter().map(|s| s.start).min();
        let last = spans.iter().map(|s| s.end).max();
        if first != Some(start) || last != Some(end) {
            return Err(self.error(
                "spans",
                format!(
                    "{listed:?} does not run from start {start} to end {end}; \
                     change both or clear the spans column"
                ),
            ));
        }
        Ok(spans)
    }
}

/// What a sheet has said so far.
#[derive(Default)]
struct Sheet {
    document_id: Option<String>,
    /// Speaker ids in order of first appearance, with their name once known.
    speakers: Vec<(String, Option<String>)>,
    /// Where each speaker's name was first given, for conflict messages.
    named_on: HashMap<String, u64>,
    schema: Schema,
    pending: Vec<PendingAnnotation>,
    unplaced: Vec<Unplaced>,
}

impl Sheet {
    fn read_row(&mut self, cells: &Cells, text: &Document) -> Result<(), FormatError> {
        // The offsets first: a row whose offsets do not read changes nothing.
        let spans = cells.spans()?;
        let cue_offsets = match (cells.number("cue_start")?, cells.number("cue_end")?) {
            (Some(start), Some(end)) => Some(Span::new(start, end)),
            (None, None) => None,
            (Some(_), None) => return Err(cells.error("cue_end", "empty while cue_start is set")),
            (None, Some(_)) => return Err(cells.error("cue_start", "empty while cue_end is set")),
        };
        let labels = cells.labels()?;
        let document_id = cells.get("document_id");
        match &self.document_id {
            None => self.document_id = Some(document_id.to_string()),
            Some(id) if id != document_id => {
                return Err(FormatError::Unsupported {
                    format: Format::Csv,
                    message: format!(
                        "line {}: a second document ({document_id:?} after {id:?}); \
                         import one document at a time, each with its text",
                        cells.line
                    ),
                })
            }
            Some(_) => {}
        }
        let id = cells.get("annotation_id").to_string();
        if id.is_empty() {
            return Err(cells.error("annotation_id", "empty; every annotation needs an id"));
        }
        let kind_name = cells.get("kind");
        if kind_name.is_empty() {
            return Err(cells.error(
                "kind",
                "empty; expected quote, claim, mention or a custom kind",
            ));
        }
        let kind = Kind::parse(kind_name);
        if let Kind::Custom(name) = &kind {
            add_label(&mut self.schema.custom_kinds, name);
        }
        let mut annotation = Annotation::new(id, kind, Vec::new());
        annotation.speaker = cells.optional("speaker_id");
        if let Some(speaker) = &annotation.speaker {
            self.name_speaker(cells, speaker, cells.optional("speaker_name"))?;
        }
        annotation.quote_type = cells.optional("quote_type");
        annotation.checkworthiness = cells.optional("checkworthiness");
        annotation.claim_type = cells.optional("claim_type");
        annotation.stance = self.stance(cells)?;
        annotation.note = cells.get("note").to_string();
        let schema = &mut self.schema;
        for (set, label) in &labels {
            add_label_use(schema, set, &annotation.kind, label);
        }
        annotation.labels = labels;
        if let Some(label) = &annotation.quote_type {
            add_label(&mut schema.quote_types, label);
        }
        if let Some(label) = &annotation.checkworthiness {
            add_label(&mut schema.checkworthiness, label);
        }
        if let Some(label) = &annotation.claim_type {
            add_label(&mut schema.claim_types, label);
        }
        if let Some(stance) = &annotation.stance {
            add_label(&mut schema.stance_labels, &stance.label);
        }

        let cue = cue_offsets.map(|span| anchor_for(span, cells.get("cue_text"), text));
        let written = cells.get("text");
        let pieces: Vec<&str> = if spans.len() == 1 {
            vec![written]
        } else {
            written.split(SPAN_JOINER).collect()
        };
        let at_offsets: Option<Vec<&str>> = spans.iter().map(|&s| text.slice(s)).collect();
        let anchors =
            if written.is_empty() || at_offsets.is_some_and(|t| t.join(SPAN_JOINER) == written) {
                spans
                    .iter()
                    .map(|&span| Anchor {
                        position: Some(span),
                        quote: None,
                    })
                    .collect()
            } else if pieces.len() == spans.len() {
                spans
                    .iter()
                    .zip(&pieces)
                    .map(|(&span, piece)| anchor_for(span, piece, text))
                    .collect()
            } else {
                let extent = Span::new(
                    spans.first().map_or(0, |s| s.start),
                    spans.last().map_or(0, |s| s.end),
                );
                self.unplaced.push(Unplaced {
                    annotation_id: annotation.id,
                    exact: written.to_string(),
                    original: extent,
                    reason: format!(
                    "the text differs and the text column does not split into {} spans at \"{}\"",
                    spans.len(),
                    SPAN_JOINER.trim()
                ),
                });
                return Ok(());
            };
        self.pending.push(PendingAnnotation {
            annotation,
            spans: anchors,
            cue,
        });
        Ok(())
    }

    fn stance(&mut self, cells: &Cells) -> Result<Option<Stance>, FormatError> {
        let label = cells.get("stance_label");
        let target = cells.get("stance_target");
        let kind = cells.get("stance_target_kind");
        if label.is_empty() {
            if !target.is_empty() {
                return Err(cells.error("stance_label", "empty while stance_target is set"));
            }
            return Ok(None);
        }
        let target = match kind {
            "" | "text" => StanceTarget::Text(target.to_string()),
            "speaker" if !target.is_empty() => {
                self.name_speaker(cells, target, None)?;
                StanceTarget::Speaker(target.to_string())
            }
            "speaker" => {
                return Err(cells.error("stance_target", "empty; expected the target speaker's id"))
            }
            other => {
                return Err(cells.error(
                    "stance_target_kind",
                    format!("expected \"text\" or \"speaker\", found {other:?}"),
                ))
            }
        };
        Ok(Some(Stance {
            target,
            label: label.to_string(),
        }))
    }

    /// Records that speaker `id` appears here, named `name` if given.
    fn name_speaker(
        &mut self,
        cells: &Cells,
        id: &str,
        name: Option<String>,
    ) -> Result<(), FormatError> {
        let entry = match self.speakers.iter_mut().position(|(known, _)| known == id) {
            Some(i) => &mut self.speakers[i],
            None => {
                self.speakers.push((id.to_string(), None));
                let last = self.speakers.len() - 1;
                &mut self.speakers[last]
            }
        };
        match (&entry.1, name) {
            (_, None) => {}
            (None, Some(name)) => {
                entry.1 = Some(name);
                self.named_on.insert(id.to_string(), cells.line);
            }
            (Some(known), Some(name)) if *known != name => {
                let first = self.named_on.get(id).copied().unwrap_or(0);
                return Err(cells.error(
                    "speaker_name",
                    format!("speaker {id} is named {name:?} here but {known:?} on line {first}"),
                ));
            }
            (Some(_), Some(_)) => {}
        }
        Ok(())
    }

    fn finish(self, text: Document) -> Imported {
        let (annotations, mut unplaced) = anchor::resolve(&text, self.pending);
        unplaced.extend(self.unplaced);
        let speakers = self
            .speakers
            .into_iter()
            .map(|(id, name)| {
                let name = name.unwrap_or_else(|| id.clone());
                Speaker::new(id, name)
            })
            .collect();
        let document = AnnotatedDocument {
            meta: Metadata {
                id: self.document_id.unwrap_or_default(),
                ..Metadata::default()
            },
            text,
            schema: self.schema,
            speakers,
            annotations,
        };
        Imported {
            documents: vec![document],
            unplaced,
            warnings: Vec::new(),
            broken: Vec::new(),
        }
    }
}

/// An anchor at `span` that re-anchors by `exact` (without context) if the
/// text there differs; position only when no text was written.
fn anchor_for(span: Span, exact: &str, text: &Document) -> Anchor {
    let quote = (!exact.is_empty() && text.slice(span) != Some(exact)).then(|| TextQuote {
        exact: exact.to_string(),
        ..TextQuote::default()
    });
    Anchor {
        position: Some(span),
        quote,
    }
}

fn add_label(labels: &mut Vec<String>, label: &str) {
    if !labels.iter().any(|l| l == label) {
        labels.push(label.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{kerry_with_two_part_quote, span_of};

    /// The two-part-quote fixture with values that need CSV quoting: a
    /// comma in a name, quotes in a name, quotes and a newline in a note,
    /// a comma in a stance target; the claim is Lavrov's, with a stance on
    /// text. Without the title, author, alias and role, which CSV has no
    /// column for.
    fn sample() -> AnnotatedDocument {
        let mut doc = kerry_with_two_part_quote();
        doc.meta.title = None;
        doc.meta.author = None;
        doc.speakers[0].aliases.clear();
        doc.speakers[0].role = None;
        doc.speakers[0].name = "Kerry, John".into();
        doc.speakers[1].name = "Sergey \"Lavrov\"".into();
        let quote = &mut doc.annotations[1];
        quote.stance = Some(Stance {
            target: StanceTarget::Speaker("s2".into()),
            label: "against".into(),
        });
        quote.note = "two parts, \"interrupted\"\nby the cue".into();
        let claim = &mut doc.annotations[3];
        claim.speaker = Some("s2".into());
        claim.stance = Some(Stance {
            target: StanceTarget::Text("the, argument".into()),
            label: "favor".into(),
        });
        doc
    }

    /// The fixture's text.
    fn text() -> String {
        sample().text.text().to_string()
    }

    /// "start-end" of each span, joined by ";", as in the spans column.
    fn spans_column(spans: &[Span]) -> String {
        let parts: Vec<String> = spans
            .iter()
            .map(|s| format!("{}-{}", s.start, s.end))
            .collect();
        parts.join(";")
    }

    #[test]
    fn writes_one_row_per_annotation_with_quoting() {
        let doc = sample();
        let text = text();
        let file = export(std::slice::from_ref(&doc)).expect("export");
        let mut reader = ::csv::Reader::from_reader(file.contents.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header, COLUMNS);
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), doc.annotations.len());
        let quote = &rows[1];
        let first = span_of(&text, "“I lost the argument,”");
        let second = span_of(&text, "“I’ve argued for force.”");
        assert_eq!(&quote[3], first.start.to_string());
        assert_eq!(&quote[4], second.end.to_string());
        assert_eq!(&quote[5], spans_column(&[first, second]));
        assert_eq!(
            &quote[6],
            "“I lost the argument,” … “I’ve argued for force.”"
        );
        assert_eq!(&quote[8], "Kerry, John");
        assert_eq!(&quote[12], "said");
        assert_eq!(
            (&quote[13], &quote[14], &quote[15]),
            ("s2", "speaker", "against")
        );
        assert_eq!(&quote[18], "two parts, \"interrupted\"\nby the cue");
        let claim = &rows[3];
        assert_eq!(&claim[5], "", "one span: no spans column");
        assert_eq!(&claim[6], "Sales rose 5%.");
        assert!(file.contents.contains("\"the, argument\""));
        assert!(looks_like(&file.contents));
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let doc = sample();
        let file = export(std::slice::from_ref(&doc)).expect("export");
        let imported = import(&file.contents, Some(&text())).expect("import");
        assert!(imported.unplaced.is_empty());
        assert_eq!(imported.documents, vec![doc]);
    }

    /// The sample with user text a spreadsheet would run as a formula.
    fn formulas() -> AnnotatedDocument {
        let mut doc = sample();
        doc.annotations[0].note = "=HYPERLINK(\"http://x\",\"y\")".into();
        doc.speakers[0].name = "-Ben".into();
        doc.annotations[1].note = "@SUM(A1)".into();
        doc.annotations[2].note = "\tindented".into();
        doc.annotations[3].stance = Some(Stance {
            target: StanceTarget::Text("+1".into()),
            label: "favor".into(),
        });
        doc
    }

    #[test]
    fn cells_that_start_like_a_formula_are_written_as_text() {
        let file = export(&[formulas()]).expect("export");
        let mut reader = ::csv::Reader::from_reader(file.contents.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&rows[0][18], "'=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(&rows[1][8], "'-Ben");
        assert_eq!(&rows[1][18], "'@SUM(A1)");
        assert_eq!(&rows[2][18], "'\tindented");
        assert_eq!(&rows[3][13], "'+1");
        for row in &rows {
            for cell in row {
                assert!(
                    !cell.starts_with(FORMULA_STARTS),
                    "a cell a spreadsheet would run: {cell:?}"
                );
            }
        }
    }

    #[test]
    fn neutralised_cells_read_back_exactly() {
        let doc = formulas();
        let file = export(std::slice::from_ref(&doc)).expect("export");
        let imported = import(&file.contents, Some(&text())).expect("import");
        assert_eq!(imported.documents, vec![doc]);
    }

    #[test]
    fn an_apostrophe_of_the_users_own_survives_the_round_trip() {
        let mut doc = sample();
        doc.annotations[0].note = "'=x".into();
        doc.annotations[1].note = "'plain".into();
        doc.annotations[2].note = "''-x".into();
        let file = export(std::slice::from_ref(&doc)).expect("export");
        assert!(file.contents.contains(",''=x,\n"), "{}", file.contents);
        assert!(
            file.contents.contains(",'plain,\n"),
            "only formula-like cells change"
        );
        let imported = import(&file.contents, Some(&text())).expect("import");
        assert_eq!(imported.documents, vec![doc]);
    }

    #[test]
    fn import_removes_only_the_apostrophe_export_adds() {
        assert_eq!(restore("'=x"), "=x");
        assert_eq!(restore("''=x"), "'=x");
        assert_eq!(restore("'plain"), "'plain");
        assert_eq!(restore("'"), "'");
        assert_eq!(restore("=typed by hand"), "=typed by hand");
        for text in ["=x", "'=x", "''@", "-", "x", "", "'", "\r\n"] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
    }

    #[test]
    fn needs_the_text() {
        let file = export(&[sample()]).expect("export");
        assert_eq!(
            import(&file.contents, None),
            Err(FormatError::NeedsText(Format::Csv))
        );
    }

    #[test]
    fn columns_may_come_in_any_order_and_extra_ones_are_ignored() {
        let text = text();
        let kerry = span_of(&text, "Kerry");
        let sheet = format!(
            "score,end,kind,annotation_id,start,speaker_id,speaker_name,text\n\
             10,{},mention,m1,{},s1,John Kerry,Kerry\n",
            kerry.end, kerry.start
        );
        let imported = import(&sheet, Some(&text)).expect("import");
        let doc = &imported.documents[0];
        assert_eq!(doc.annotations[0].spans, vec![kerry]);
        assert_eq!(doc.speakers, vec![Speaker::new("s1", "John Kerry")]);
        assert_eq!(doc.meta.id, "");
    }

    #[test]
    fn a_row_that_does_not_read_is_left_out_and_named_by_line_and_column() {
        let text = text();
        let header = COLUMNS.join(",");
        let empty = ",".repeat(COLUMNS.len() - 5);
        let good = format!("d,a0,claim,0,5{empty}\n");
        let broken_one = |row: &str| {
            let sheet = format!("{header}\n{good}{row}\n");
            let imported = import(&sheet, Some(&text)).expect("the good row reads");
            assert_eq!(imported.documents[0].annotations.len(), 1, "{row}");
            let [broken] = &imported.broken[..] else {
                panic!("one broken row: {:?}", imported.broken);
            };
            assert_eq!(broken.line, 3);
            broken.to_string()
        };
        assert_eq!(
            broken_one(&format!("d,a1,claim,x,5{empty}")),
            "line 3, column start: expected a code-point offset (a whole number), found \"x\""
        );
        assert_eq!(
            broken_one("d,a1,claim"),
            "line 3: 3 fields where the header has 20"
        );
        // A sheet of nothing but broken rows is an error, located.
        let bad_start = format!("{header}\nd,a1,claim,x,5{empty}\n");
        let err = import(&bad_start, Some(&text)).expect_err("bad start");
        assert_eq!(
            err.to_string(),
            "csv: at line 2, column start: expected a code-point offset (a whole number), found \"x\""
        );
        let err = import("id,kind\n", Some(&text)).expect_err("no annotation_id");
        assert!(
            err.to_string().contains("no `annotation_id` column"),
            "{err}"
        );
        let two_docs = format!("{header}\nd1,a1,claim,0,5{empty}\nd2,a2,claim,0,5{empty}\n");
        assert!(matches!(
            import(&two_docs, Some(&text)),
            Err(FormatError::Unsupported { .. })
        ));
        let mut rows = export(&[sample()]).expect("export").contents;
        let mut parts = sample().annotations[1].spans.clone();
        let spans = spans_column(&parts);
        parts[1].end -= 1;
        rows = rows.replacen(&spans, &spans_column(&parts), 1);
        let imported = import(&rows, Some(&text)).expect("the other rows read");
        assert_eq!(
            imported.documents[0].annotations.len(),
            sample().annotations.len() - 1
        );
        assert!(
            imported.broken[0]
                .to_string()
                .starts_with("line 3, column spans:"),
            "{:?}",
            imported.broken
        );
    }

    #[test]
    fn conflicting_speaker_names_leave_the_later_row_out() {
        let header = COLUMNS.join(",");
        let tail = ",".repeat(COLUMNS.len() - 9);
        let text = text();
        let Span { start, end } = span_of(&text, "Kerry");
        let sheet = format!(
            "{header}\nd,m1,mention,{start},{end},,Kerry,s1,John Kerry{tail}\nd,m2,mention,{start},{end},,Kerry,s1,J. Kerry{tail}\n"
        );
        let imported = import(&sheet, Some(&text)).expect("the first row reads");
        assert_eq!(imported.documents[0].annotations.len(), 1);
        assert_eq!(
            imported.broken[0].to_string(),
            "line 3, column speaker_name: speaker s1 is named \"J. Kerry\" here but \"John Kerry\" on line 2"
        );
    }

    #[test]
    fn re_anchors_rows_when_the_text_changed() {
        let original = sample();
        let text = text();
        let file = export(std::slice::from_ref(&original)).expect("export");
        let edited = format!("Monday: {text} They agreed.");
        let imported = import(&file.contents, Some(&edited)).expect("import");
        let doc = &imported.documents[0];
        assert_eq!(doc.annotations.len(), original.annotations.len());
        let moved = |s: Span| Span::new(s.start + 8, s.end + 8);
        let quote = &original.annotations[1];
        assert_eq!(
            doc.annotations[1].spans,
            quote.spans.iter().copied().map(moved).collect::<Vec<_>>()
        );
        assert_eq!(doc.annotations[1].cue, quote.cue.map(moved));
        assert_eq!(
            doc.annotations[3].spans,
            vec![moved(span_of(&text, "Sales rose 5%."))]
        );
        assert!(imported.unplaced.is_empty());
        let doubled = format!("x{text} {text}");
        let imported = import(&file.contents, Some(&doubled)).expect("import");
        assert!(imported.documents[0].annotations.is_empty());
        // One entry per span that could not be placed.
        let spans: usize = original.annotations.iter().map(|a| a.spans.len()).sum();
        assert_eq!(imported.unplaced.len(), spans, "{:?}", imported.unplaced);
        assert!(imported.unplaced[0].reason.starts_with("found 2 times"));
    }

    #[test]
    fn labels_outside_the_default_schema_extend_it() {
        let header = COLUMNS.join(",");
        let sheet = format!("{header}\nd,e1,event,0,5,,,,,sarcastic,,,,,,,,,,\n");
        let imported = import(&sheet, Some(&text())).expect("import");
        let schema = &imported.documents[0].schema;
        assert_eq!(schema.custom_kinds, vec!["event".to_string()]);
        assert_eq!(
            schema.quote_types.last().map(String::as_str),
            Some("sarcastic")
        );
    }
}
