//! Turning the parsed lines of a `.ann`, with the text of its `.txt`, back
//! into a document.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::parse::{parse_line, parse_record, syntax, Body, Entry, RawOffsets};
use super::{
    fragments_of, one_line, rejoin, text_column, Record, ATTRIBUTION, ATTRIBUTION_NO_SOURCE,
    CHECKWORTHINESS, CLAIM, CLAIM_TYPE, CONTENT, CUE, MENTION, NOTES, QUOTE_TYPE, RECORD_TYPE,
    REFERENCE, RESERVED_TYPES, SOURCE, SPEAKER_DB, STANCE, STANCE_TARGET,
};
use crate::formats::mentions::fresh_speaker_id;
use crate::formats::regions::{complete_schema, unique_id};
use crate::formats::{percent_decode, reuse_with_newlines, BrokenLine, FormatError, Imported};
use crate::model::{
    AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
};
use crate::text::Document;

/// Reads a `.ann` with the text of its `.txt`.
///
/// When the `.txt` has `\r\n` line breaks, brat itself counts each as two
/// characters, while the document holds `\n`: the offsets are read first as
/// they are (an attrib export whose `.txt` gained `\r\n` on the way), and
/// when that fails, as brat counts them, over the raw text.
///
/// A line that does not read (bad offsets, an event without arguments, an
/// id an earlier line used, a line that is not brat) is left out, with the
/// lines that refer to it, and listed in [`Imported::broken`]; an `.ann`
/// none of whose lines read is the first one's error.
pub fn import(ann: &str, text: &str) -> Result<Imported, FormatError> {
    let as_written = import_counting(ann, text, None);
    let clean = as_written.as_ref().is_ok_and(|i| i.broken.is_empty());
    if clean || !text.contains("\r\n") {
        return as_written;
    }
    let raw = RawOffsets::new(text);
    match (import_counting(ann, text, Some(&raw)), as_written) {
        (Ok(counted), Ok(written)) if written.broken.len() <= counted.broken.len() => Ok(written),
        (Ok(counted), _) => Ok(counted),
        (Err(_), as_written) => as_written,
    }
}

fn import_counting(
    ann: &str,
    text: &str,
    raw: Option<&RawOffsets>,
) -> Result<Imported, FormatError> {
    let document = Document::new(text);
    let mut entries: Vec<Entry> = Vec::new();
    // Keyed by the id as the line holds it (a line read starts with its id
    // and a tab), so that no id is copied.
    // Sized for every line up front: growing it step by step rehashes
    // every id read so far at each step.
    let lines = ann.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut line_of: HashMap<&str, usize> = HashMap::with_capacity(lines);
    // Lines left out, and the ids they gave (when they gave one).
    let mut broken: Vec<BrokenLine> = Vec::new();
    let mut gone: HashMap<String, usize> = HashMap::new();
    // The triggers of events left out, with the event and its line.
    let mut orphans: HashMap<String, (String, usize)> = HashMap::new();
    for (i, raw_line) in ann.split('\n').enumerate() {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            continue;
        }
        let entry = match parse_line(i + 1, line, &document, raw) {
            Ok(entry) => entry,
            Err(err) => {
                broken.push(BrokenLine::from_error(i + 1, err));
                if let Some((id, _)) = line.split_once('\t') {
                    gone.insert(id.to_string(), i + 1);
                }
                continue;
            }
        };
        if entry.id != "*" {
            if let Some(first) = line_of.get(entry.id.as_str()) {
                // The first line with an id keeps it; a later one is left
                // out (what refers to the id refers to the first).
                broken.push(BrokenLine::from_error(
                    entry.line,
                    syntax(
                        entry.line,
                        format!(
                            "id {} is already used on line {first}; expected each id once",
                            entry.id
                        ),
                    ),
                ));
                continue;
            }
            let id = line.split_once('\t').map_or(line, |(id, _)| id);
            line_of.insert(id, entry.line);
        }
        if matches!(&entry.body, Body::Event { args, .. } if args.is_empty()) {
            broken.push(BrokenLine::from_error(
                entry.line,
                syntax(
                    entry.line,
                    format!(
                        "{}: an event with no arguments; expected at least {CONTENT}:ID",
                        entry.id
                    ),
                ),
            ));
            gone.insert(entry.id.clone(), entry.line);
            if let Body::Event { trigger, .. } = &entry.body {
                orphans.insert(trigger.clone(), (entry.id.clone(), entry.line));
            }
            continue;
        }
        entries.push(entry);
    }
    leave_out_dependents(&mut entries, &mut broken, gone, orphans);
    // More broken lines than good ones is not a file with a broken line
    // but the wrong file (or the wrong text): its first error.
    if let Some(first) = broken.first().filter(|_| broken.len() > entries.len()) {
        return Err(first.clone().into_error(super::FORMAT));
    }
    let mut imported = Reader::new(&entries, document)?.read(text)?;
    crate::sort::sort_by_key(&mut broken, |b| b.line);
    imported.broken = broken;
    Ok(imported)
}

/// Leaves out the lines that refer to a line left out (an attribute of a
/// text-bound line whose offsets did not read, an event with it as an
/// argument), and those that refer to them, listing each.
fn leave_out_dependents(
    entries: &mut Vec<Entry>,
    broken: &mut Vec<BrokenLine>,
    mut gone: HashMap<String, usize>,
    mut orphans: HashMap<String, (String, usize)>,
) {
    // An Attribution span is only ever an event's trigger: the triggers of
    // events left out go too (`orphans`).
    loop {
        let mut left_out = None;
        for (i, entry) in entries.iter().enumerate() {
            if let Some((event, line)) = orphans.get(&entry.id) {
                left_out = Some((
                    i,
                    format!(
                        "{} is the trigger of {event}, which was left out (line {line})",
                        entry.id
                    ),
                ));
                break;
            }
            if let Some(id) = entry
                .body
                .refs()
                .into_iter()
                .find(|r| gone.contains_key(*r))
            {
                left_out = Some((
                    i,
                    format!(
                        "{} refers to {id}, which was left out (line {})",
                        entry.id, gone[id]
                    ),
                ));
                break;
            }
        }
        let Some((i, message)) = left_out else {
            break;
        };
        let entry = entries.remove(i);
        if let Body::Event { trigger, .. } = &entry.body {
            orphans.insert(trigger.clone(), (entry.id.clone(), entry.line));
        }
        broken.push(BrokenLine::from_error(
            entry.line,
            syntax(entry.line, message),
        ));
        gone.insert(entry.id, entry.line);
    }
}

/// The parsed lines with lookups by id and by target.
struct Reader<'e> {
    entries: &'e [Entry],
    /// Index of each line's entry, by id (ids are unique by now: a line
    /// reusing one was left out); also the lookup of entries by id.
    position: HashMap<&'e str, usize>,
    /// Attribute, normalisation and comment lines by the id they refer to.
    on: HashMap<&'e str, Vec<&'e Entry>>,
    record: Option<Record>,
    text: Document,
}

/// What the lines attached to an annotation say.
#[derive(Default)]
struct Fields {
    speaker: Option<(String, String)>,
    quote_type: Option<String>,
    checkworthiness: Option<String>,
    claim_type: Option<String>,
    stance_label: Option<String>,
    stance_target: Option<StanceTarget>,
    /// The name a `StanceTarget` normalisation gives its speaker.
    stance_target_name: String,
    notes: Vec<String>,
    /// Labels of the schema's further label sets, by set ("" until read).
    labels: BTreeMap<String, Option<String>>,
}

impl<'e> Reader<'e> {
    fn new(entries: &'e [Entry], text: Document) -> Result<Self, FormatError> {
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        position.extend(
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.id != "*")
                .map(|(i, e)| (e.id.as_str(), i)),
        );
        let mut on: HashMap<&str, Vec<&Entry>> = HashMap::new();
        let mut record = None;
        let mut record_line = 0;
        for entry in entries {
            for reference in entry.body.refs() {
                if !position.contains_key(reference) {
                    return Err(syntax(
                        entry.line,
                        format!("{} refers to {reference}, which no line defines", entry.id),
                    ));
                }
            }
            match &entry.body {
                Body::Attribute { target, .. } | Body::Normalisation { target, .. } => {
                    on.entry(target.as_str()).or_default().push(entry);
                }
                Body::Comment { ty, target, text } => {
                    if ty == RECORD_TYPE {
                        if record.is_some() {
                            return Err(syntax(
                                entry.line,
                                format!("a second {RECORD_TYPE} record (the first is on line {record_line}); expected one"),
                            ));
                        }
                        record = Some(parse_record(entry.line, text)?);
                        record_line = entry.line;
                    } else {
                        on.entry(target.as_str()).or_default().push(entry);
                    }
                }
                _ => {}
            }
        }
        Ok(Reader {
            entries,
            position,
            on,
            record,
            text,
        })
    }

    fn textbound(&self, id: &str) -> Option<(&'e Entry, &'e str, &'e [Span])> {
        let entry = self.entries.get(*self.position.get(id)?)?;
        match &entry.body {
            Body::Text { ty, fragments } => Some((entry, ty.as_str(), fragments.as_slice())),
            _ => None,
        }
    }

    /// The spans a text-bound line stands for.
    fn spans_of(&self, id: &str, fragments: &[Span]) -> Vec<Span> {
        let exact = self
            .record
            .as_ref()
            .and_then(|r| r.spans.get(id))
            .map(|pairs| {
                pairs
                    .iter()
                    .map(|&[start, end]| Span::new(start, end))
                    .collect::<Vec<_>>()
            });
        if let Some(spans) = exact {
            let still_fits = spans
                .iter()
                .all(|s| s.start <= s.end && s.end <= self.text.len_chars())
                && fragments_of(&self.text, &spans).as_deref() == Some(fragments);
            if still_fits {
                return spans;
            }
        }
        rejoin(&self.text, fragments)
    }

    /// A one-line value, or its exact form from the record while that still
    /// matches.
    fn exact_value(&self, id: &str, written: &str) -> String {
        self.record
            .as_ref()
            .and_then(|r| r.exact.get(id))
            .filter(|exact| one_line(exact) == written)
            .cloned()
            .unwrap_or_else(|| written.to_string())
    }

    /// Collects what the lines attached to `anchors` say, in anchor order.
    fn fields(&self, anchors: &[&str]) -> Result<Fields, FormatError> {
        let mut fields = Fields::default();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for anchor in anchors {
            for entry in self.on.get(anchor).into_iter().flatten() {
                match &entry.body {
                    Body::Attribute { ty, target, value } => {
                        let slot = match ty.as_str() {
                            QUOTE_TYPE => &mut fields.quote_type,
                            CHECKWORTHINESS => &mut fields.checkworthiness,
                            CLAIM_TYPE => &mut fields.claim_type,
                            STANCE => &mut fields.stance_label,
                            // An attribute of another type with a value:
                            // a label of the set it names.
                            other => match value {
                                Some(_) => {
                                    let set = self
                                        .record
                                        .as_ref()
                                        .and_then(|r| r.attributes.get(other))
                                        .cloned()
                                        .unwrap_or_else(|| other.to_string());
                                    fields.labels.entry(set).or_default()
                                }
                                None => continue,
                            },
                        };
                        let Some(value) = value else {
                            return Err(syntax(
                                entry.line,
                                format!(
                                    "{}: {ty} of {target} has no value; expected a label",
                                    entry.id
                                ),
                            ));
                        };
                        if let Some(first) = seen.insert(ty.as_str(), entry.line) {
                            return Err(syntax(
                                entry.line,
                                format!("{}: a second {ty} for the same annotation (the first is on line {first}); expected one", entry.id),
                            ));
                        }
                        *slot = Some(self.exact_value(&entry.id, value));
                    }
                    Body::Normalisation {
                        ty,
                        db,
                        reference,
                        text,
                        ..
                    } => {
                        let slot_is_reference = match ty.as_str() {
                            REFERENCE => true,
                            STANCE_TARGET => false,
                            _ => continue,
                        };
                        let speaker = speaker_id(entry, db, reference)?;
                        if slot_is_reference {
                            if fields.speaker.is_none() {
                                fields.speaker = Some((speaker, text.clone()));
                            }
                        } else if fields.stance_target.is_none() {
                            fields.stance_target = Some(StanceTarget::Speaker(speaker));
                            fields.stance_target_name = text.clone();
                        }
                    }
                    Body::Comment { ty, text, .. } => match ty.as_str() {
                        NOTES => fields.notes.push(self.exact_value(&entry.id, text)),
                        STANCE_TARGET if fields.stance_target.is_none() => {
                            fields.stance_target =
                                Some(StanceTarget::Text(self.exact_value(&entry.id, text)));
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        Ok(fields)
    }

    /// Builds the document; `raw` is the `.txt` as given.
    fn read(self, raw: &str) -> Result<Imported, FormatError> {
        let triggers = self.check_structure()?;
        let mut builder = Builder::new(self.record.as_ref());

        for (index, entry) in self.entries.iter().enumerate() {
            match &entry.body {
                Body::Event { args, .. } => {
                    self.read_quote(index, entry, args, &mut builder)?;
                }
                Body::Text { ty, fragments } => {
                    if RESERVED_TYPES.contains(&ty.as_str()) && ty != CLAIM && ty != MENTION {
                        continue;
                    }
                    if triggers.contains(entry.id.as_str()) {
                        continue;
                    }
                    let kind = match self.record.as_ref().and_then(|r| r.types.get(ty)) {
                        Some(name) => Kind::Custom(name.clone()),
                        None => match ty.as_str() {
                            CLAIM => Kind::Claim,
                            MENTION => Kind::Mention,
                            other => Kind::parse(other),
                        },
                    };
                    let spans = self.spans_of(&entry.id, fragments);
                    let fields = self.fields(&[entry.id.as_str()])?;
                    let mut annotation = Annotation::new(String::new(), kind, spans);
                    builder.apply(&mut annotation, fields);
                    builder.push(index, &entry.id, annotation);
                }
                _ => {}
            }
        }
        let doc = builder.finish(raw, self.text, self.record.as_ref());
        Ok(Imported {
            documents: vec![doc],
            ..Imported::default()
        })
    }

    /// Checks events and the text-bound lines only events may use; returns
    /// the ids of the triggers.
    fn check_structure(&self) -> Result<HashSet<&'e str>, FormatError> {
        let mut triggers = HashSet::new();
        let mut used: HashSet<&str> = HashSet::new();
        for entry in self.entries {
            let Body::Event { ty, trigger, args } = &entry.body else {
                continue;
            };
            if ty != ATTRIBUTION && ty != ATTRIBUTION_NO_SOURCE {
                return Err(syntax(
                    entry.line,
                    format!("{}: a {ty:?} event; expected an {ATTRIBUTION} or {ATTRIBUTION_NO_SOURCE} event", entry.id),
                ));
            }
            match self.textbound(trigger) {
                Some((_, trigger_type, _)) if trigger_type == ty => {}
                _ => {
                    return Err(syntax(
                        entry.line,
                        format!(
                        "{}: its trigger {trigger} must be a text-bound annotation of type {ty}",
                        entry.id
                    ),
                    ))
                }
            }
            if !triggers.insert(trigger.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!("{}: trigger {trigger} is already the trigger of another event; expected one trigger per event", entry.id),
                ));
            }
            let mut roles: HashMap<&str, usize> = HashMap::new();
            for (role, arg) in args {
                let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
                if ![SOURCE, CUE, CONTENT].contains(&base) {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: unknown role {role:?}; expected {SOURCE}, {CUE} or {CONTENT}",
                            entry.id
                        ),
                    ));
                }
                if self.textbound(arg).is_none() {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: its {role} argument {arg} must be a text-bound (T) annotation",
                            entry.id
                        ),
                    ));
                }
                *roles.entry(base).or_default() += 1;
                used.insert(arg.as_str());
            }
            if !roles.contains_key(CONTENT) {
                return Err(syntax(
                    entry.line,
                    format!("{}: no {CONTENT} argument; expected at least one", entry.id),
                ));
            }
            for role in [SOURCE, CUE] {
                if roles.get(role).copied().unwrap_or(0) > 1 {
                    return Err(syntax(
                        entry.line,
                        format!(
                            "{}: several {role} arguments; expected at most one",
                            entry.id
                        ),
                    ));
                }
            }
        }
        for entry in self.entries {
            let Body::Text { ty, .. } = &entry.body else {
                continue;
            };
            let structural = [SOURCE, CUE, CONTENT].contains(&ty.as_str());
            let trigger_type = ty == ATTRIBUTION || ty == ATTRIBUTION_NO_SOURCE;
            if structural && !used.contains(entry.id.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!("{}: a {ty} span that no {ATTRIBUTION} event uses; expected it as an event argument", entry.id),
                ));
            }
            if trigger_type && !triggers.contains(entry.id.as_str()) {
                return Err(syntax(
                    entry.line,
                    format!(
                        "{}: an {ty} span that is no event's trigger; expected an E line using it",
                        entry.id
                    ),
                ));
            }
        }
        Ok(triggers)
    }

    fn read_quote(
        &self,
        index: usize,
        entry: &'e Entry,
        args: &'e [(String, String)],
        builder: &mut Builder,
    ) -> Result<(), FormatError> {
        let role_of = |(role, _): &&(String, String)| {
            role.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string()
        };
        let mut spans = Vec::new();
        let mut contents: Vec<&str> = Vec::new();
        let mut cue = None;
        let mut source = None;
        for arg in args {
            let Some((_, _, fragments)) = self.textbound(&arg.1) else {
                continue;
            };
            match role_of(&arg).as_str() {
                CONTENT => {
                    spans.extend(self.spans_of(&arg.1, fragments));
                    contents.push(arg.1.as_str());
                }
                CUE => {
                    let cue_spans = self.spans_of(&arg.1, fragments);
                    cue = match (cue_spans.first(), cue_spans.last()) {
                        (Some(first), Some(last)) => {
                            Some(Span::new(first.start, last.end.max(first.end)))
                        }
                        _ => None,
                    };
                }
                _ => source = Some(arg.1.as_str()),
            }
        }
        let mut anchors: Vec<&str> = vec![entry.id.as_str()];
        anchors.extend(&contents);
        let mut fields = self.fields(&anchors)?;
        if fields.speaker.is_none() {
            if let Some(source) = source {
                let source_fields = self.fields(&[source])?;
                fields.speaker = match source_fields.speaker {
                    Some(speaker) => Some(speaker),
                    None => {
                        let (_, _, fragments) = self
                            .textbound(source)
                            .ok_or_else(|| syntax(entry.line, "the Source argument is missing"))?;
                        let name = text_column(&self.text, fragments).unwrap_or_default();
                        let spans = self.spans_of(source, fragments);
                        let position = self.position.get(source).copied().unwrap_or(index);
                        Some(builder.source_speaker(position, source, &name, spans))
                    }
                };
            }
        }
        let mut annotation = Annotation::new(String::new(), Kind::Quote, spans);
        annotation.cue = cue;
        builder.apply(&mut annotation, fields);
        builder.push(index, &entry.id, annotation);
        Ok(())
    }
}

/// The speaker id a normalisation names.
fn speaker_id(entry: &Entry, db: &str, reference: &str) -> Result<String, FormatError> {
    if db == SPEAKER_DB {
        percent_decode(reference).ok_or_else(|| {
            syntax(
                entry.line,
                format!(
                    "{}: {reference:?} is not a well-formed speaker id (bad % escape)",
                    entry.id
                ),
            )
        })
    } else {
        Ok(format!("{db}:{reference}"))
    }
}

/// Gathers annotations and speakers as the lines are read.
struct Builder {
    /// (line index, brat id, annotation) in reading order.
    annotations: Vec<(usize, String, Annotation)>,
    speakers: Vec<Speaker>,
    /// Whether speakers named only by normalisations are added (no record).
    open_speakers: bool,
    /// Source text → speaker id, for Sources without a normalisation.
    by_source_text: HashMap<String, String>,
    /// Source ids already turned into mentions.
    source_mentions: HashSet<String>,
    ids: BTreeMap<String, String>,
    schema: Schema,
}

impl Builder {
    fn new(record: Option<&Record>) -> Self {
        Builder {
            annotations: Vec::new(),
            speakers: record.map(|r| r.speakers.clone()).unwrap_or_default(),
            open_speakers: record.is_none(),
            by_source_text: HashMap::new(),
            source_mentions: HashSet::new(),
            ids: record.map(|r| r.ids.clone()).unwrap_or_default(),
            schema: record.map(|r| r.schema.clone()).unwrap_or_default(),
        }
    }

    fn push(&mut self, index: usize, brat_id: &str, annotation: Annotation) {
        self.annotations
            .push((index, brat_id.to_string(), annotation));
    }

    fn ensure_speaker(&mut self, id: &str, name: &str) {
        if self.open_speakers && !self.speakers.iter().any(|s| s.id == id) {
            let name = if name.trim().is_empty() { id } else { name };
            self.speakers.push(Speaker::new(id, name));
        }
    }

    /// The speaker of a Source span that names no speaker: one per distinct
    /// text, with the Source as its mention.
    fn source_speaker(
        &mut self,
        position: usize,
        source_id: &str,
        name: &str,
        spans: Vec<Span>,
    ) -> (String, String) {
        let speaker = match self.by_source_text.get(name) {
            Some(id) => id.clone(),
            None => {
                let id = fresh_speaker_id(&self.speakers);
                self.speakers.push(Speaker::new(id.clone(), name));
                self.by_source_text.insert(name.to_string(), id.clone());
                id
            }
        };
        if self.source_mentions.insert(source_id.to_string()) {
            let mut mention = Annotation::new(String::new(), Kind::Mention, spans);
            mention.speaker = Some(speaker.clone());
            self.push(position, source_id, mention);
        }
        (speaker, String::new())
    }

    fn apply(&mut self, annotation: &mut Annotation, fields: Fields) {
        if let Some((id, name)) = fields.speaker {
            self.ensure_speaker(&id, &name);
            annotation.speaker = Some(id);
        }
        annotation.quote_type = fields.quote_type;
        annotation.checkworthiness = fields.checkworthiness;
        annotation.claim_type = fields.claim_type;
        annotation.stance = fields.stance_label.map(|label| Stance {
            target: fields
                .stance_target
                .unwrap_or_else(|| StanceTarget::Text(String::new())),
            label,
        });
        if let Some(Stance {
            target: StanceTarget::Speaker(id),
            ..
        }) = &annotation.stance
        {
            let id = id.clone();
            self.ensure_speaker(&id, &fields.stance_target_name);
        }
        annotation.note = fields.notes.join("\n");
        annotation.labels = fields
            .labels
            .into_iter()
            .filter_map(|(set, label)| Some((set, label?)))
            .collect();
    }

    fn finish(mut self, raw: &str, text: Document, record: Option<&Record>) -> AnnotatedDocument {
        crate::sort::sort_by_key(&mut self.annotations, |(index, _, _)| *index);
        let mut taken: HashSet<String> = HashSet::new();
        let mut annotations = Vec::with_capacity(self.annotations.len());
        for (_, brat_id, mut annotation) in self.annotations {
            let wanted = self.ids.get(&brat_id).cloned().unwrap_or(brat_id);
            annotation.id = unique_id(wanted, &mut taken);
            annotations.push(annotation);
        }
        complete_schema(&mut self.schema, &annotations);
        let (meta, text) = match record {
            Some(record) => (
                record.meta.clone(),
                reuse_with_newlines(text, raw, record.newlines),
            ),
            None => (
                Metadata {
                    id: format!("doc-{}", &text.sha256()[..12]),
                    ..Metadata::default()
                },
                text,
            ),
        };
        AnnotatedDocument {
            meta,
            text,
            schema: self.schema,
            speakers: self.speakers,
            annotations,
        }
    }
}
