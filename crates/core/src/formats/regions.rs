//! What doccano and Label Studio share (brat borrows a little): the
//! regions and relations an export lays out, the `attrib` record, and the
//! import rules that turn regions, relations and a record back into
//! annotations and speakers. UTF-16 offsets are in [`super::utf16`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::formats::mentions::speaker_called;
use std::collections::BTreeMap;

use crate::model::{
    AnnotatedDocument, Annotation, Kind, LabelSet, Metadata, Schema, Span, Speaker, Stance,
    StanceTarget,
};
use crate::text::Newlines;

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
            if let (Kind::Mention, Some(speaker), Some(extent)) = (&a.kind, &a.speaker, a.extent())
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
        for (set, label) in &a.labels {
            add_label_use(schema, set, &a.kind, label);
        }
    }
}

/// Makes `schema` allow `label` of the further label set `set` on an
/// annotation of `kind`: the set is added when missing (for `kind`), the
/// kind added to a set limited to other kinds, the label added to the set.
pub(crate) fn add_label_use(schema: &mut Schema, set: &str, kind: &Kind, label: &str) {
    let index = match schema.label_sets.iter().position(|s| s.name == set) {
        Some(i) => i,
        None => {
            schema.label_sets.push(LabelSet {
                name: set.to_string(),
                kinds: vec![kind.clone()],
                labels: Vec::new(),
            });
            schema.label_sets.len() - 1
        }
    };
    let found = &mut schema.label_sets[index];
    if !found.kinds.is_empty() && !found.kinds.contains(kind) {
        found.kinds.push(kind.clone());
    }
    if !found.labels.iter().any(|l| l == label) {
        found.labels.push(label.to_string());
    }
}

/// `wanted`, or when `taken` has it, `wanted-2`, `wanted-3`, … the first
/// it lacks; the id returned is added to `taken`.
pub(crate) fn unique_id(wanted: String, taken: &mut HashSet<String>) -> String {
    let mut id = wanted.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
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
        "mention" | "speaker" | "source" | "person" | "per" => Some(Kind::Mention),
        _ => Some(Kind::Custom(label.to_string())),
    }
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
    /// The labels of the schema's further label sets, by set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
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
            labels: BTreeMap::new(),
        }
    }
}

// ------------------------------------------------------------ import

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
    /// Labels of the schema's further label sets, by set.
    pub labels: BTreeMap<String, String>,
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
            labels: {
                let mut labels = other.labels.clone();
                labels.extend(self.labels.clone());
                labels
            },
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
    let mut labels = record.map(|r| r.labels.clone()).unwrap_or_default();
    labels.extend(fields.labels.clone());
    a.labels = labels;
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
                kind_from_label(&region.label).unwrap_or_else(|| Kind::Custom(region.label.clone()))
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
    let new_id =
        |region: &Region, taken: &mut HashSet<String>| unique_id(foreign_id(region), taken);
    for mut group in groups {
        crate::sort::sort_by_key(&mut group, |&i| (regions[i].span, i));
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
                let name = first_region[i].map_or("", |r| regions[r].text.as_str());
                let id = speaker_called(&mut speakers, name);
                speaker_of_set.insert(root, id.clone());
                id
            }
        };
        annotations[i].speaker = Some(speaker);
    }

    // `said_by` / `claimed_by` name the speaker through a mention; so does
    // a relation of any other label (or none, as Label Studio draws them)
    // between a mention and a span that is not one, either way round.
    let mut linked: HashSet<usize> = HashSet::new();
    for &(from, to, kind) in &resolved {
        let (Some(mut a), Some(mut b)) = (owner[from], owner[to]) else {
            continue;
        };
        let named = kind == SAID_BY || kind == CLAIMED_BY;
        let other = ![CONTINUES, CUE_LINK, SAME_AS].contains(&kind);
        if !named && !other {
            continue;
        }
        if !named && annotations[a].kind == Kind::Mention && annotations[b].kind != Kind::Mention {
            std::mem::swap(&mut a, &mut b);
        }
        if !named && annotations[b].kind != Kind::Mention {
            continue;
        }
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
