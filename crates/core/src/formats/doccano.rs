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
//! spans, cue, speaker, labels, stance, note). Export then import gives back
//! the same document.
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
//! ids are then the positions in the list). Without a record, the document
//! id is the line's `id` (or `line-N`), and the schema is the default one
//! plus every label met.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::{span_outside, Format, FormatError, Imported, OutputFile};
use crate::model::{AnnotatedDocument, Metadata, Span};
use crate::text::Document;
use shared::{
    assemble, kind_label, plan, Link, Matched, Record, RecordAnnotation, Region, RegionFields,
    Utf16Offsets, CUE_LABEL,
};

const FORMAT: Format = Format::Doccano;
const RECORD_FORMAT: &str = "attrib-doccano";
const RECORD_VERSION: u32 = 1;
const OFFSETS: &str = "utf-16-code-units";

pub(crate) mod shared {
    //! What doccano and Label Studio share (brat borrows a little): the
    //! regions and relations an export lays out, the `attrib` record, UTF-16
    //! offsets over the raw text, and the import rules that turn regions,
    //! relations and a record back into annotations and speakers.

    use std::collections::{HashMap, HashSet};

    use serde::{Deserialize, Serialize};

    use crate::model::{
        AnnotatedDocument, Annotation, Kind, Metadata, Schema, Span, Speaker, Stance, StanceTarget,
    };
    use crate::text::{Newlines, OffsetIndex};

    /// Label of a quote's cue region.
    pub(crate) const CUE_LABEL: &str = "cue";
    /// A later part of an annotation → the part before it.
    pub(crate) const CONTINUES: &str = "continues";
    /// A quote → its cue.
    pub(crate) const CUE_LINK: &str = "cue";
    /// A quote or custom span → the nearest mention of its speaker.
    pub(crate) const SAID_BY: &str = "said_by";
    /// A claim → the nearest mention of its claimant.
    pub(crate) const CLAIMED_BY: &str = "claimed_by";
    /// A mention → the previous mention of the same speaker.
    pub(crate) const SAME_AS: &str = "same_as";

    /// Each speaker's mentions, to find the one nearest an annotation.
    pub(crate) struct Mentions {
        /// Speaker id → (annotation index, extent) of each of its mentions,
        /// in document order.
        by_speaker: HashMap<String, Vec<(usize, Span)>>,
    }

    impl Mentions {
        pub(crate) fn new(doc: &AnnotatedDocument) -> Self {
            let mut by_speaker: HashMap<String, Vec<(usize, Span)>> = HashMap::new();
            for (i, a) in doc.annotations.iter().enumerate() {
                if let (Kind::Mention, Some(speaker), Some(extent)) =
                    (&a.kind, &a.speaker, a.extent())
                {
                    by_speaker
                        .entry(speaker.clone())
                        .or_default()
                        .push((i, extent));
                }
            }
            Mentions { by_speaker }
        }

        /// The index of `speaker`'s mention nearest to `annotation` (to its
        /// cue when it has one), the first one on a tie.
        pub(crate) fn nearest(&self, speaker: &str, annotation: &Annotation) -> Option<usize> {
            let anchor = annotation.cue.or_else(|| annotation.extent())?;
            self.by_speaker
                .get(speaker)?
                .iter()
                .min_by_key(|&&(_, extent)| distance(extent, anchor))
                .map(|&(i, _)| i)
        }
    }

    /// Code points between two spans; 0 when they overlap or touch.
    fn distance(a: Span, b: Span) -> usize {
        if a.end <= b.start {
            b.start - a.end
        } else {
            a.start.saturating_sub(b.end)
        }
    }

    /// Adds to `schema` every label and custom kind the annotations use and
    /// it lacks, so an imported document is valid against its own schema.
    pub(crate) fn complete_schema(schema: &mut Schema, annotations: &[Annotation]) {
        fn add(labels: &mut Vec<String>, label: Option<&String>) {
            if let Some(label) = label {
                if !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
        }
        for a in annotations {
            add(&mut schema.quote_types, a.quote_type.as_ref());
            add(&mut schema.checkworthiness, a.checkworthiness.as_ref());
            add(&mut schema.claim_types, a.claim_type.as_ref());
            add(
                &mut schema.stance_labels,
                a.stance.as_ref().map(|s| &s.label),
            );
            if let Kind::Custom(name) = &a.kind {
                add(&mut schema.custom_kinds, Some(name));
            }
        }
    }

    /// The region label of a kind: its name.
    pub(crate) fn kind_label(kind: &Kind) -> &str {
        kind.as_str()
    }

    /// The kind a label names in a file Attrib did not write; `None` for a
    /// cue.
    pub(crate) fn kind_from_label(label: &str) -> Option<Kind> {
        match label.to_lowercase().as_str() {
            CUE_LABEL => None,
            "quote" => Some(Kind::Quote),
            "claim" => Some(Kind::Claim),
            "mention" | "speaker" | "source" => Some(Kind::Mention),
            _ => Some(Kind::Custom(label.to_string())),
        }
    }

    /// A small document for tests: an emoji first, so code points, UTF-16
    /// units and bytes all differ before every span.
    ///
    /// ```text
    /// 😀 “I lost the argument,” Kerry said to Lavrov.\nSales rose 5%.
    /// ```
    ///
    /// | id | kind    | code points | UTF-16  |
    /// |----|---------|-------------|---------|
    /// | m1 | mention | 25..30      | 26..31  |
    /// | q1 | quote   | 2..24       | 3..25   |
    /// |    | its cue | 31..35      | 32..36  |
    /// | m2 | mention | 39..45      | 40..46  |
    /// | c1 | claim   | 47..61      | 48..62  |
    #[cfg(test)]
    pub(crate) fn sample_document() -> AnnotatedDocument {
        let text = crate::text::Document::new(
            "😀 “I lost the argument,” Kerry said to Lavrov.\nSales rose 5%.",
        );
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "syria-talks".into(),
                title: Some("US-Russian talks in Syria fail".into()),
                author: Some("Andy Wolf".into()),
                ..Metadata::default()
            },
            text,
        );
        let mut kerry = Speaker::new("s1", "John Kerry");
        kerry.aliases = vec!["Kerry".into()];
        kerry.role = Some("US Secretary of State".into());
        doc.speakers = vec![kerry, Speaker::new("s2", "Sergei Lavrov")];
        let mut m1 = Annotation::new("m1", Kind::Mention, vec![Span::new(25, 30)]);
        m1.speaker = Some("s1".into());
        let mut q1 = Annotation::new("q1", Kind::Quote, vec![Span::new(2, 24)]);
        q1.speaker = Some("s1".into());
        q1.cue = Some(Span::new(31, 35));
        q1.quote_type = Some("direct".into());
        q1.stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "against".into(),
        });
        q1.note = "checked against the video".into();
        let mut m2 = Annotation::new("m2", Kind::Mention, vec![Span::new(39, 45)]);
        m2.speaker = Some("s2".into());
        let mut c1 = Annotation::new("c1", Kind::Claim, vec![Span::new(47, 61)]);
        c1.checkworthiness = Some("checkworthy".into());
        c1.claim_type = Some("quantity".into());
        doc.annotations = vec![m1, q1, m2, c1];
        doc
    }

    // ------------------------------------------------------------ export

    /// One region an export writes: a content span or a cue.
    pub(crate) struct PlannedRegion {
        /// Index of its annotation in the document.
        pub annotation: usize,
        pub span: Span,
        pub label: String,
    }

    /// One relation an export writes, between two planned regions.
    pub(crate) struct PlannedLink {
        pub from: usize,
        pub to: usize,
        pub kind: &'static str,
    }

    /// The regions and relations of a document, in annotation order.
    pub(crate) struct Plan {
        pub regions: Vec<PlannedRegion>,
        pub links: Vec<PlannedLink>,
        /// Per annotation: its content regions, in span order.
        pub content: Vec<Vec<usize>>,
        /// Per annotation: its cue region.
        pub cue: Vec<Option<usize>>,
    }

    pub(crate) fn plan(doc: &AnnotatedDocument) -> Plan {
        let mut plan = Plan {
            regions: Vec::new(),
            links: Vec::new(),
            content: Vec::with_capacity(doc.annotations.len()),
            cue: Vec::with_capacity(doc.annotations.len()),
        };
        for (ai, a) in doc.annotations.iter().enumerate() {
            let mut content = Vec::with_capacity(a.spans.len());
            for span in &a.spans {
                content.push(plan.regions.len());
                plan.regions.push(PlannedRegion {
                    annotation: ai,
                    span: *span,
                    label: kind_label(&a.kind).to_string(),
                });
            }
            let cue = a.cue.map(|span| {
                plan.regions.push(PlannedRegion {
                    annotation: ai,
                    span,
                    label: CUE_LABEL.to_string(),
                });
                plan.regions.len() - 1
            });
            plan.content.push(content);
            plan.cue.push(cue);
        }
        let mentions = Mentions::new(doc);
        let mut last_mention: HashMap<&str, usize> = HashMap::new();
        for (ai, a) in doc.annotations.iter().enumerate() {
            let content = &plan.content[ai];
            for pair in content.windows(2) {
                plan.links.push(PlannedLink {
                    from: pair[1],
                    to: pair[0],
                    kind: CONTINUES,
                });
            }
            let Some(&first) = content.first() else {
                continue;
            };
            if let Some(cue) = plan.cue[ai] {
                plan.links.push(PlannedLink {
                    from: first,
                    to: cue,
                    kind: CUE_LINK,
                });
            }
            let Some(speaker) = a.speaker.as_deref() else {
                continue;
            };
            if a.kind == Kind::Mention {
                if let Some(&previous) = last_mention.get(speaker) {
                    plan.links.push(PlannedLink {
                        from: first,
                        to: previous,
                        kind: SAME_AS,
                    });
                }
                last_mention.insert(speaker, first);
                continue;
            }
            let target = mentions
                .nearest(speaker, a)
                .and_then(|m| plan.content[m].first().copied());
            if let Some(to) = target {
                let kind = if a.kind == Kind::Claim {
                    CLAIMED_BY
                } else {
                    SAID_BY
                };
                plan.links.push(PlannedLink {
                    from: first,
                    to,
                    kind,
                });
            }
        }
        plan
    }

    // ------------------------------------------------------------ record

    /// What a file carries beside the tool's own regions so that Attrib
    /// gets back exactly what it wrote.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub(crate) struct Record {
        pub format: String,
        pub version: u32,
        /// The unit of any offsets in the record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub offsets: Option<String>,
        pub meta: Metadata,
        #[serde(default)]
        pub newlines: Newlines,
        pub schema: Schema,
        #[serde(default)]
        pub speakers: Vec<Speaker>,
        #[serde(default)]
        pub annotations: Vec<RecordAnnotation>,
    }

    /// One annotation in a record. doccano records fill `spans`, `cue` and
    /// the labels; Label Studio records fill `regions` and `cue_region` and
    /// leave the labels to Label Studio's own per-region results.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub(crate) struct RecordAnnotation {
        pub id: String,
        pub kind: Kind,
        /// Content spans as `[start, end]` in the file's offset unit.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub spans: Vec<[usize; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cue: Option<[usize; 2]>,
        /// Ids of the content regions, in span order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub regions: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cue_region: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub speaker: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub quote_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stance: Option<Stance>,
        /// A stance target that is a speaker, when the label is carried
        /// elsewhere.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stance_target: Option<StanceTarget>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub checkworthiness: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub claim_type: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub note: String,
    }

    impl RecordAnnotation {
        /// A record entry for `a` with only its id, kind and speaker.
        pub(crate) fn bare(a: &Annotation) -> Self {
            RecordAnnotation {
                id: a.id.clone(),
                kind: a.kind.clone(),
                spans: Vec::new(),
                cue: None,
                regions: Vec::new(),
                cue_region: None,
                speaker: a.speaker.clone(),
                quote_type: None,
                stance: None,
                stance_target: None,
                checkworthiness: None,
                claim_type: None,
                note: String::new(),
            }
        }
    }

    // ------------------------------------------------------------ import

    /// Converts a tool's UTF-16 offsets over the raw text (line breaks as
    /// the file has them) into code points of the normalised text.
    pub(crate) struct Utf16Offsets {
        index: OffsetIndex,
        /// Code-point positions, in the raw text, of each `\r` that precedes
        /// a `\n` (normalisation drops them).
        dropped: Vec<usize>,
    }

    impl Utf16Offsets {
        pub(crate) fn new(raw: &str) -> Self {
            let mut dropped = Vec::new();
            let mut chars = raw.chars().enumerate().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    dropped.push(i);
                }
            }
            Utf16Offsets {
                index: OffsetIndex::new(raw),
                dropped,
            }
        }

        /// The code point of the normalised text at UTF-16 offset `unit`, or
        /// what is wrong with it.
        pub(crate) fn to_cp(&self, unit: usize) -> Result<usize, String> {
            let len = self.index.len_utf16();
            if unit > len {
                return Err(format!(
                    "offset {unit} is past the end of the text ({len} UTF-16 code units)"
                ));
            }
            let raw = self.index.utf16_to_cp(unit).ok_or_else(|| {
                format!(
                    "offset {unit} falls between the two UTF-16 code units of one character \
                     (an emoji or another character outside the Basic Multilingual Plane); \
                     expected an offset at a character boundary"
                )
            })?;
            Ok(raw - self.dropped.partition_point(|&p| p < raw))
        }

        /// A code-point span from UTF-16 `start` and `end`; the error says
        /// which end is wrong (`"start"` or `"end"`) and why.
        pub(crate) fn span(
            &self,
            start: usize,
            end: usize,
        ) -> Result<Span, (&'static str, String)> {
            let s = self.to_cp(start).map_err(|m| ("start", m))?;
            let e = self.to_cp(end).map_err(|m| ("end", m))?;
            if start > end {
                return Err((
                    "end",
                    format!("end {end} comes before start {start}; expected start <= end"),
                ));
            }
            Ok(Span::new(s, e))
        }
    }

    /// Labels a region carries in the tool itself (Label Studio's
    /// per-region choices and text areas).
    #[derive(Debug, Clone, Default)]
    pub(crate) struct RegionFields {
        pub quote_type: Option<String>,
        pub stance: Option<String>,
        pub stance_target: Option<String>,
        pub checkworthiness: Option<String>,
        pub claim_type: Option<String>,
        pub note: Option<String>,
    }

    impl RegionFields {
        /// Each field from `self`, or else from `other`.
        fn or(&self, other: &RegionFields) -> RegionFields {
            RegionFields {
                quote_type: self.quote_type.clone().or_else(|| other.quote_type.clone()),
                stance: self.stance.clone().or_else(|| other.stance.clone()),
                stance_target: self
                    .stance_target
                    .clone()
                    .or_else(|| other.stance_target.clone()),
                checkworthiness: self
                    .checkworthiness
                    .clone()
                    .or_else(|| other.checkworthiness.clone()),
                claim_type: self.claim_type.clone().or_else(|| other.claim_type.clone()),
                note: self.note.clone().or_else(|| other.note.clone()),
            }
        }
    }

    /// A region read from a file, already in code points.
    #[derive(Debug, Clone)]
    pub(crate) struct Region {
        /// The file's id for it (unique within the document).
        pub key: String,
        pub span: Span,
        pub label: String,
        /// The text it covers.
        pub text: String,
        pub fields: RegionFields,
    }

    /// A relation read from a file, from one region key to another.
    #[derive(Debug, Clone)]
    pub(crate) struct Link {
        pub from: String,
        pub to: String,
        pub kind: String,
    }

    /// A record annotation whose regions were all found.
    pub(crate) struct Matched {
        pub record: RecordAnnotation,
        /// Indices into the regions, in span order.
        pub content: Vec<usize>,
        pub cue: Option<usize>,
    }

    /// Annotations, speakers and schema rebuilt from a file.
    pub(crate) struct Assembled {
        pub annotations: Vec<Annotation>,
        pub speakers: Vec<Speaker>,
        pub schema: Schema,
    }

    /// Disjoint sets over `0..n`.
    struct Sets(Vec<usize>);

    impl Sets {
        fn new(n: usize) -> Self {
            Sets((0..n).collect())
        }

        fn find(&mut self, mut i: usize) -> usize {
            while self.0[i] != i {
                self.0[i] = self.0[self.0[i]];
                i = self.0[i];
            }
            i
        }

        fn union(&mut self, a: usize, b: usize) {
            let (a, b) = (self.find(a), self.find(b));
            // The smaller index stays the root, so groups keep file order.
            if a < b {
                self.0[b] = a;
            } else {
                self.0[a] = b;
            }
        }
    }

    /// Applies the labels of a region and of a record entry to `a`; the
    /// region's win.
    fn apply_fields(a: &mut Annotation, fields: &RegionFields, record: Option<&RecordAnnotation>) {
        a.speaker = record.and_then(|r| r.speaker.clone());
        a.quote_type = fields
            .quote_type
            .clone()
            .or_else(|| record.and_then(|r| r.quote_type.clone()));
        a.checkworthiness = fields
            .checkworthiness
            .clone()
            .or_else(|| record.and_then(|r| r.checkworthiness.clone()));
        a.claim_type = fields
            .claim_type
            .clone()
            .or_else(|| record.and_then(|r| r.claim_type.clone()));
        let recorded = record.and_then(|r| r.stance.clone());
        let label = fields
            .stance
            .clone()
            .or_else(|| recorded.as_ref().map(|s| s.label.clone()));
        a.stance = label.map(|label| {
            let target = recorded
                .map(|s| s.target)
                .or_else(|| record.and_then(|r| r.stance_target.clone()))
                .or_else(|| fields.stance_target.clone().map(StanceTarget::Text))
                .unwrap_or_else(|| StanceTarget::Text(String::new()));
            Stance { target, label }
        });
        a.note = fields
            .note
            .clone()
            .or_else(|| record.map(|r| r.note.clone()))
            .unwrap_or_default();
    }

    /// Rebuilds annotations from regions, relations and the record entries
    /// whose regions were found. `foreign_id` names an annotation the record
    /// does not know, from its first region.
    pub(crate) fn assemble(
        regions: &[Region],
        links: &[Link],
        matched: Vec<Matched>,
        record: Option<&Record>,
        foreign_id: &dyn Fn(&Region) -> String,
    ) -> Assembled {
        let by_key: HashMap<&str, usize> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.as_str(), i))
            .collect();
        let resolved: Vec<(usize, usize, &str)> = links
            .iter()
            .filter_map(|l| {
                Some((
                    *by_key.get(l.from.as_str())?,
                    *by_key.get(l.to.as_str())?,
                    l.kind.as_str(),
                ))
            })
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; regions.len()];
        let mut annotations: Vec<Annotation> = Vec::new();
        // The first region of each annotation, to name new speakers by.
        let mut first_region: Vec<Option<usize>> = Vec::new();
        let mut taken: HashSet<String> = HashSet::new();

        for m in matched {
            let index = annotations.len();
            let first = m.content.first().map(|&i| &regions[i]);
            let kind = match first {
                Some(region) if region.label != kind_label(&m.record.kind) => {
                    kind_from_label(&region.label)
                        .unwrap_or_else(|| Kind::Custom(region.label.clone()))
                }
                _ => m.record.kind.clone(),
            };
            let spans = m.content.iter().map(|&i| regions[i].span).collect();
            let mut a = Annotation::new(m.record.id.clone(), kind, spans);
            a.cue = m.cue.map(|i| regions[i].span);
            for &i in m.content.iter().chain(m.cue.iter()) {
                owner[i] = Some(index);
            }
            let fields = m.content.iter().fold(RegionFields::default(), |acc, &i| {
                acc.or(&regions[i].fields)
            });
            apply_fields(&mut a, &fields, Some(&m.record));
            taken.insert(a.id.clone());
            first_region.push(m.content.first().copied());
            annotations.push(a);
        }
        let recorded = annotations.len();

        // Regions no record entry accounts for: parts joined by `continues`.
        let mut sets = Sets::new(regions.len());
        let is_cue = |i: usize| regions[i].label.eq_ignore_ascii_case(CUE_LABEL);
        for &(from, to, kind) in &resolved {
            if kind == CONTINUES
                && owner[from].is_none()
                && owner[to].is_none()
                && regions[from].label == regions[to].label
                && !is_cue(from)
            {
                sets.union(from, to);
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of_root: HashMap<usize, usize> = HashMap::new();
        for (i, owned) in owner.iter().enumerate() {
            if owned.is_some() || is_cue(i) {
                continue;
            }
            let root = sets.find(i);
            let g = *group_of_root.entry(root).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        let new_id = |region: &Region, taken: &mut HashSet<String>| {
            let wanted = foreign_id(region);
            let mut id = wanted.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{wanted}-{n}");
                n += 1;
            }
            taken.insert(id.clone());
            id
        };
        for mut group in groups {
            group.sort_by_key(|&i| (regions[i].span, i));
            let first = &regions[group[0]];
            let kind =
                kind_from_label(&first.label).unwrap_or_else(|| Kind::Custom(first.label.clone()));
            let fields = group.iter().fold(RegionFields::default(), |acc, &i| {
                acc.or(&regions[i].fields)
            });
            let spans = group.iter().map(|&i| regions[i].span).collect();
            let mut a = Annotation::new(new_id(first, &mut taken), kind, spans);
            apply_fields(&mut a, &fields, None);
            for &i in &group {
                owner[i] = Some(annotations.len());
            }
            first_region.push(Some(group[0]));
            annotations.push(a);
        }

        // Cues named by `cue` relations, for quotes that have none.
        for &(from, to, kind) in &resolved {
            if kind != CUE_LINK || !is_cue(to) || owner[to].is_some() {
                continue;
            }
            if let Some(a) = owner[from] {
                if annotations[a].kind == Kind::Quote && annotations[a].cue.is_none() {
                    annotations[a].cue = Some(regions[to].span);
                    owner[to] = Some(a);
                }
            }
        }
        // Cues nothing claims are kept as spans of their own.
        for i in 0..regions.len() {
            if owner[i].is_none() {
                let region = &regions[i];
                let id = new_id(region, &mut taken);
                owner[i] = Some(annotations.len());
                first_region.push(Some(i));
                annotations.push(Annotation::new(
                    id,
                    Kind::Custom(region.label.clone()),
                    vec![region.span],
                ));
            }
        }

        // Speakers of new mentions: through `same_as` to a known mention,
        // else a new speaker named by the first mention's text.
        let mut speakers: Vec<Speaker> = record.map(|r| r.speakers.clone()).unwrap_or_default();
        let mut mention_sets = Sets::new(annotations.len());
        for &(from, to, kind) in &resolved {
            if kind != SAME_AS {
                continue;
            }
            if let (Some(a), Some(b)) = (owner[from], owner[to]) {
                if annotations[a].kind == Kind::Mention && annotations[b].kind == Kind::Mention {
                    mention_sets.union(a, b);
                }
            }
        }
        let mut speaker_of_set: HashMap<usize, String> = HashMap::new();
        for (i, a) in annotations.iter().enumerate() {
            if let (Kind::Mention, Some(speaker)) = (&a.kind, &a.speaker) {
                let root = mention_sets.find(i);
                speaker_of_set
                    .entry(root)
                    .or_insert_with(|| speaker.clone());
            }
        }
        for i in recorded..annotations.len() {
            if annotations[i].kind != Kind::Mention || annotations[i].speaker.is_some() {
                continue;
            }
            let root = mention_sets.find(i);
            let speaker = match speaker_of_set.get(&root) {
                Some(id) => id.clone(),
                None => {
                    let id = (1..)
                        .map(|n| format!("s{n}"))
                        .find(|id| !speakers.iter().any(|s| &s.id == id))
                        .unwrap_or_default();
                    let name = first_region[i]
                        .map(|r| regions[r].text.trim().to_string())
                        .filter(|name| !name.is_empty())
                        .unwrap_or_else(|| id.clone());
                    speakers.push(Speaker::new(id.clone(), name));
                    speaker_of_set.insert(root, id.clone());
                    id
                }
            };
            annotations[i].speaker = Some(speaker);
        }

        // `said_by` / `claimed_by` name the speaker through a mention.
        let mut linked: HashSet<usize> = HashSet::new();
        for &(from, to, kind) in &resolved {
            if kind != SAID_BY && kind != CLAIMED_BY {
                continue;
            }
            let (Some(a), Some(b)) = (owner[from], owner[to]) else {
                continue;
            };
            if annotations[a].kind == Kind::Mention || a == b || !linked.insert(a) {
                continue;
            }
            if let Some(speaker) = annotations[b].speaker.clone() {
                annotations[a].speaker = Some(speaker);
            }
        }

        let mut schema = record.map(|r| r.schema.clone()).unwrap_or_default();
        complete_schema(&mut schema, &annotations);
        Assembled {
            annotations,
            speakers,
            schema,
        }
    }
}

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
    label: Option<Vec<(usize, usize, String)>>,
    #[serde(default)]
    attrib: Option<Record>,
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
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
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
    for (i, raw) in input.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        documents.push(import_line(i + 1, line)?);
    }
    Ok(Imported {
        documents,
        unplaced: Vec::new(),
    })
}

fn import_line(n: usize, json: &str) -> Result<AnnotatedDocument, FormatError> {
    let line: InLine = parse_line(n, json)?;
    let offsets = Utf16Offsets::new(&line.text);
    let text = Document::new(&line.text);
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
    } else if let Some(labels) = line.label {
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
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let Some(first) = input.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(first)
    else {
        return false;
    };
    let record_is_ours = map
        .get("attrib")
        .and_then(|r| r.get("format"))
        .and_then(|f| f.as_str())
        == Some(RECORD_FORMAT);
    map.get("text").is_some_and(|t| t.is_string())
        && (map.get("entities").is_some_and(|e| e.is_array())
            || map.get("label").is_some_and(|l| {
                l.as_array()
                    .is_some_and(|items| items.iter().all(|item| item.is_array()))
            })
            || record_is_ours)
}

#[cfg(test)]
mod tests {
    use super::shared::sample_document;
    use super::*;
    use crate::formats::testgen;
    use crate::model::{Kind, Speaker};
    use proptest::prelude::*;
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
    fn writes_entities_and_relations_in_utf16_units() {
        let line: serde_json::Value =
            serde_json::from_str(&export_one(&sample_document())).expect("json");
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
        let doc = sample_document();
        assert_eq!(import_one(&export_one(&doc)), doc);
    }

    #[test]
    fn several_documents_are_several_lines() {
        let first = sample_document();
        let mut second = sample_document();
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
            serde_json::from_str(&export_one(&sample_document())).expect("json");
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
            ("{\"text\": \"a\", \"label\": [\"positive\"]}", "line 1, label[0]", "invalid type"),
            ("{\"text\": \"a\"} trailing", "line 1, column", "one object per line"),
            ("{\"text\": \"ab\", \"label\": [[2, 1, \"x\"]]}", "line 1, label[0][1]", "comes before start"),
        ];
        for (input, location, fragment) in cases {
            let (at, message) = error_of(input);
            assert!(at.starts_with(location), "{input}: location {at:?}");
            assert!(message.contains(fragment), "{input}: message {message:?}");
        }
        let mut line: serde_json::Value =
            serde_json::from_str(&export_one(&sample_document())).expect("json");
        line["attrib"]["version"] = json!(7);
        let (at, message) = error_of(&line.to_string());
        assert_eq!(at, "line 1, attrib");
        assert!(message.contains("version 7"));
    }

    #[test]
    fn truncated_and_garbled_input_never_panics() {
        let jsonl = export_one(&sample_document());
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
        assert!(looks_like(&export_one(&sample_document())));
        assert!(looks_like(
            "{\"text\": \"a\", \"label\": [[0, 1, \"x\"]]}\n"
        ));
        assert!(looks_like("\n{\"text\": \"a\", \"entities\": []}"));
        assert!(!looks_like("{\"text\": \"a\", \"label\": [\"positive\"]}"));
        assert!(!looks_like(
            "[{\"data\": {\"text\": \"a\"}, \"annotations\": []}]"
        ));
        assert!(!looks_like("T1\tClaim 0 1\ta"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn damaged_files_give_errors_not_panics(
            docs in testgen::corpus(),
            at in any::<prop::sample::Index>(),
            cut in 0usize..6,
            junk in "[\\n: 0-9{}\\[\\]\",x-]{0,4}",
        ) {
            let file = export(&docs).expect("export");
            let damaged = testgen::damage(&file.contents, at, cut, &junk);
            let _ = import(&damaged);
            let _ = looks_like(&damaged);
        }

        #[test]
        fn export_then_import_gives_the_corpus_back(docs in testgen::corpus()) {
            let file = export(&docs).expect("export");
            prop_assert!(looks_like(&file.contents));
            let back = import(&file.contents);
            prop_assert!(back.is_ok(), "{:?}", back);
            prop_assert_eq!(back.expect("checked").documents, docs);
        }
    }
}
