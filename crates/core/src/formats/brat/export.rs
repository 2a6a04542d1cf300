//! Writing a document as brat's `.txt` and `.ann`.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{
    fragments_of, one_line, rejoin, text_column, Record, ATTRIBUTION, ATTRIBUTION_NO_SOURCE,
    CHECKWORTHINESS, CLAIM, CLAIM_TYPE, CONTENT, CUE, FORMAT, MENTION, NOTES, QUOTE_TYPE,
    RECORD_FORMAT, RECORD_TYPE, RECORD_VERSION, REFERENCE, RESERVED_ATTRIBUTES, RESERVED_TYPES,
    SOURCE, SPEAKER_DB, STANCE, STANCE_TARGET,
};
use crate::formats::regions::Mentions;
use crate::formats::{span_outside, FormatError, OutputFile};
use crate::model::{AnnotatedDocument, Annotation, Kind, Span, StanceTarget};

/// A speaker id as a normalisation reference id: no whitespace, no `%`.
fn encode_ref(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_whitespace() || c == '%' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A custom kind's name as a brat type: letters, digits, `-`, `_`, `.`.
fn sanitise_type(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "Custom".to_string()
    } else {
        cleaned
    }
}

/// JSON for one brat line: serde_json leaves U+0085, U+2028 and U+2029 raw,
/// and brat would break the line at them.
fn json_one_line(value: &Record) -> Result<String, FormatError> {
    let json = serde_json::to_string(value).map_err(|e| FormatError::Unsupported {
        format: FORMAT,
        message: format!("cannot write the document record: {e}"),
    })?;
    Ok(json
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

/// Writes the `.txt` (the document text) and the `.ann`, in that order.
pub fn export(doc: &AnnotatedDocument) -> Result<Vec<OutputFile>, FormatError> {
    let mut writer = Writer::new(doc);
    for annotation in &doc.annotations {
        writer.annotation(annotation)?;
    }
    let ann = writer.finish()?;
    Ok(vec![
        OutputFile {
            extension: "txt",
            mime: "text/plain; charset=utf-8",
            contents: doc.text.text().to_string(),
        },
        OutputFile {
            extension: "ann",
            mime: "text/plain; charset=utf-8",
            contents: ann,
        },
    ])
}

struct Writer<'a> {
    doc: &'a AnnotatedDocument,
    lines: Vec<String>,
    /// Last number used for T, E, A, N and # ids (the record is #1).
    counts: [usize; 5],
    record: Record,
    /// Custom kind name → brat type.
    type_of: HashMap<String, String>,
    /// Further label set name → brat attribute type.
    attribute_of: HashMap<String, String>,
    mentions: Mentions,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a AnnotatedDocument) -> Self {
        let mut record = Record {
            format: RECORD_FORMAT.to_string(),
            version: RECORD_VERSION,
            meta: doc.meta.clone(),
            newlines: doc.text.newlines(),
            schema: doc.schema.clone(),
            speakers: doc.speakers.clone(),
            ids: BTreeMap::new(),
            types: BTreeMap::new(),
            attributes: BTreeMap::new(),
            spans: BTreeMap::new(),
            exact: BTreeMap::new(),
        };
        let mut type_of = HashMap::new();
        let mut used: HashSet<String> = RESERVED_TYPES.iter().map(|t| t.to_string()).collect();
        let annotation_kinds = doc.annotations.iter().filter_map(|a| match &a.kind {
            Kind::Custom(name) => Some(name),
            _ => None,
        });
        for name in doc.schema.custom_kinds.iter().chain(annotation_kinds) {
            if type_of.contains_key(name) {
                continue;
            }
            let candidate = unused_name(sanitise_type(name), &mut used);
            if candidate != *name {
                record.types.insert(candidate.clone(), name.clone());
            }
            type_of.insert(name.clone(), candidate);
        }
        let mut attribute_of = HashMap::new();
        let mut used: HashSet<String> = RESERVED_ATTRIBUTES.iter().map(|t| t.to_string()).collect();
        let annotation_sets = doc.annotations.iter().flat_map(|a| a.labels.keys());
        let schema_sets = doc.schema.label_sets.iter().map(|s| &s.name);
        for name in schema_sets.chain(annotation_sets) {
            if attribute_of.contains_key(name) {
                continue;
            }
            let candidate = unused_name(sanitise_type(name), &mut used);
            if candidate != *name {
                record.attributes.insert(candidate.clone(), name.clone());
            }
            attribute_of.insert(name.clone(), candidate);
        }
        Writer {
            doc,
            lines: Vec::new(),
            counts: [0, 0, 0, 0, 1],
            record,
            type_of,
            attribute_of,
            mentions: Mentions::new(doc),
        }
    }

    fn next_id(&mut self, prefix: char) -> String {
        let slot = match prefix {
            'T' => 0,
            'E' => 1,
            'A' => 2,
            'N' => 3,
            _ => 4,
        };
        self.counts[slot] += 1;
        format!("{prefix}{}", self.counts[slot])
    }

    /// Writes a text-bound line and returns its id. `exact` records the
    /// spans in the record when the fragments alone would not give them back.
    fn textbound(
        &mut self,
        ty: &str,
        spans: &[Span],
        exact: bool,
        owner: &str,
    ) -> Result<String, FormatError> {
        let text = &self.doc.text;
        let outside = |span: Span| span_outside(FORMAT, self.doc, owner, span);
        for span in spans {
            if span.start > span.end || span.end > text.len_chars() {
                return Err(outside(*span));
            }
        }
        let fragments = fragments_of(text, spans)
            .ok_or_else(|| outside(spans.first().copied().unwrap_or(Span::new(0, 0))))?;
        let column = text_column(text, &fragments)
            .ok_or_else(|| outside(spans.first().copied().unwrap_or(Span::new(0, 0))))?;
        let offsets: Vec<String> = fragments
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let id = self.next_id('T');
        if exact && rejoin(text, &fragments) != spans {
            let exact_spans = spans.iter().map(|s| [s.start, s.end]).collect();
            self.record.spans.insert(id.clone(), exact_spans);
        }
        self.lines
            .push(format!("{id}\t{ty} {}\t{column}", offsets.join(";")));
        Ok(id)
    }

    fn attribute(&mut self, ty: &str, target: &str, value: &str) {
        let id = self.next_id('A');
        let written = one_line(value);
        if written != value {
            self.record.exact.insert(id.clone(), value.to_string());
        }
        self.lines.push(format!("{id}\t{ty} {target} {written}"));
    }

    fn speaker_reference(&mut self, ty: &str, target: &str, speaker: &str) {
        let id = self.next_id('N');
        let name = self
            .doc
            .speaker(speaker)
            .map_or(speaker, |s| s.name.as_str());
        self.lines.push(format!(
            "{id}\t{ty} {target} {SPEAKER_DB}:{}\t{}",
            encode_ref(speaker),
            one_line(name)
        ));
    }

    fn comment(&mut self, ty: &str, target: &str, value: &str) {
        let id = self.next_id('#');
        let written = one_line(value);
        if written != value {
            self.record.exact.insert(id.clone(), value.to_string());
        }
        self.lines.push(format!("{id}\t{ty} {target}\t{written}"));
    }

    fn annotation(&mut self, a: &Annotation) -> Result<(), FormatError> {
        // Attributes go on `labelled`; normalisations and notes on `noted`,
        // which is always text-bound.
        let (labelled, noted) = if a.kind == Kind::Quote {
            self.quote(a)?
        } else {
            if let Some(cue) = a.cue {
                return Err(FormatError::Unsupported {
                    format: FORMAT,
                    message: format!(
                        "annotation {}: a {} with a cue ({cue}) cannot be written; \
                         only quotes have cues",
                        a.id, a.kind
                    ),
                });
            }
            let ty = match &a.kind {
                Kind::Claim => CLAIM.to_string(),
                Kind::Custom(name) => self
                    .type_of
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| sanitise_type(name)),
                _ => MENTION.to_string(),
            };
            let t = self.textbound(&ty, &a.spans, true, &a.id)?;
            self.record.ids.insert(t.clone(), a.id.clone());
            (t.clone(), t)
        };
        if let Some(speaker) = &a.speaker {
            self.speaker_reference(REFERENCE, &noted, speaker);
        }
        if let Some(label) = &a.quote_type {
            self.attribute(QUOTE_TYPE, &labelled, label);
        }
        if let Some(label) = &a.checkworthiness {
            self.attribute(CHECKWORTHINESS, &labelled, label);
        }
        if let Some(label) = &a.claim_type {
            self.attribute(CLAIM_TYPE, &labelled, label);
        }
        for (set, label) in &a.labels {
            let ty = self
                .attribute_of
                .get(set)
                .cloned()
                .unwrap_or_else(|| sanitise_type(set));
            self.attribute(&ty, &labelled, label);
        }
        if let Some(stance) = &a.stance {
            self.attribute(STANCE, &labelled, &stance.label);
            match &stance.target {
                StanceTarget::Speaker(id) => self.speaker_reference(STANCE_TARGET, &noted, id),
                StanceTarget::Text(text) => self.comment(STANCE_TARGET, &noted, text),
            }
        }
        if !a.note.is_empty() {
            self.comment(NOTES, &noted, &a.note);
        }
        Ok(())
    }

    /// Source, Cue, Content, trigger and event lines of a quote; returns
    /// the event id and the Content id.
    fn quote(&mut self, a: &Annotation) -> Result<(String, String), FormatError> {
        let source = a
            .speaker
            .as_deref()
            .and_then(|speaker| self.mentions.nearest(speaker, a))
            .map(|i| &self.doc.annotations[i]);
        let source_t = match source {
            Some(mention) => {
                let t = self.textbound(SOURCE, &mention.spans, false, &mention.id)?;
                if let Some(speaker) = &a.speaker {
                    self.speaker_reference(REFERENCE, &t, speaker);
                }
                Some(t)
            }
            None => None,
        };
        let cue_t = match a.cue {
            Some(cue) => Some(self.textbound(CUE, &[cue], true, &a.id)?),
            None => None,
        };
        let content_t = self.textbound(CONTENT, &a.spans, true, &a.id)?;
        let event_type = if source_t.is_some() {
            ATTRIBUTION
        } else {
            ATTRIBUTION_NO_SOURCE
        };
        let trigger_spans = a.cue.map_or_else(|| a.spans.clone(), |cue| vec![cue]);
        let trigger = self.textbound(event_type, &trigger_spans, false, &a.id)?;
        let event = self.next_id('E');
        let mut line = format!("{event}\t{event_type}:{trigger}");
        if let Some(t) = &source_t {
            line.push_str(&format!(" {SOURCE}:{t}"));
        }
        if let Some(t) = &cue_t {
            line.push_str(&format!(" {CUE}:{t}"));
        }
        line.push_str(&format!(" {CONTENT}:{content_t}"));
        self.lines.push(line);
        self.record.ids.insert(event.clone(), a.id.clone());
        Ok((event, content_t))
    }

    fn finish(self) -> Result<String, FormatError> {
        let mut out = format!("#1\t{RECORD_TYPE} #1\t{}\n", json_one_line(&self.record)?);
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        Ok(out)
    }
}

/// `base`, or `base-2`, `base-3`, … if taken: the first name not in
/// `used`, which it joins.
fn unused_name(base: String, used: &mut HashSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}
