//! `attrib stats`: counts per kind, label and speaker, as a table or JSON.

use attrib_core::limits::thousands;
use std::collections::HashMap;
use std::process::ExitCode;

use attrib_core::corpus::Progress;
use attrib_core::{AnnotatedDocument, Kind, Schema};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::args::StatsArgs;
use crate::failure::Failure;
use crate::input::{self, Loaded};
use crate::output;
use crate::validate::plural;

pub fn run(args: &StatsArgs) -> Result<ExitCode, Failure> {
    let loaded = input::load(&args.file, &args.input)?;
    for unplaced in &loaded.imported.unplaced {
        eprintln!(
            "warning: {}: annotation {} left out or without its cue: {:?} at {} ({}); \
             the counts do not include it",
            loaded.name, unplaced.annotation_id, unplaced.exact, unplaced.original, unplaced.reason
        );
    }
    let stats = Stats::of(&loaded);
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&stats)
            .map_err(|err| Failure::Data(format!("cannot write the statistics: {err}")))?;
        json.push('\n');
        json
    } else {
        stats.table()
    };
    output::to_destination(args.output.as_deref(), &text, &loaded.read_files)?;
    Ok(ExitCode::SUCCESS)
}

/// Counts by name, in the order names were first met (schema order first),
/// written as a JSON object in that order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally(Vec<(String, usize)>);

impl Tally {
    /// Lists `name` (with 0) if it is not listed yet.
    fn declare(&mut self, name: &str) -> &mut usize {
        let i = match self.0.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.0.push((name.to_string(), 0));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }

    fn add(&mut self, name: &str) {
        *self.declare(name) += 1;
    }

    #[cfg(test)]
    pub fn get(&self, name: &str) -> Option<usize> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
    }
}

impl Serialize for Tally {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, count) in &self.0 {
            map.serialize_entry(name, count)?;
        }
        map.end()
    }
}

/// The label sets, each with every schema label and any other label used.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    pub quote_type: Tally,
    pub stance: Tally,
    pub checkworthiness: Tally,
    pub claim_type: Tally,
}

/// Annotations of the kinds a label set applies to that have no label:
/// quotes without a type or stance, claims without a stance, labels.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct NotSet {
    pub quote_type: usize,
    pub stance: usize,
    pub checkworthiness: usize,
    pub claim_type: usize,
}

/// What one speaker does in the file.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerCounts {
    pub name: String,
    pub quotes: usize,
    pub claims: usize,
    pub mentions: usize,
    /// Custom-kind annotations attributed to the speaker.
    pub other: usize,
}

/// Annotations with no speaker.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Unattributed {
    /// Quotes whose speaker is not set.
    pub quotes: usize,
    /// Claims made by the article itself.
    pub claims: usize,
    /// Custom-kind annotations with no speaker.
    pub other: usize,
}

/// Everything `attrib stats` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub file: String,
    /// How the file was read: a `--from` name.
    pub format: String,
    pub documents: usize,
    /// Length of all texts together, in Unicode code points.
    pub code_points: usize,
    pub annotations: usize,
    pub kinds: Tally,
    pub labels: Labels,
    pub not_set: NotSet,
    pub speakers: Vec<SpeakerCounts>,
    pub unattributed: Unattributed,
    /// How many documents are not started, in progress and done.
    pub status: StatusCounts,
    /// Each document in file order: its status and counts.
    pub per_document: Vec<DocumentRow>,
}

/// How many documents have each status (as the app shows a corpus).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
}

/// One document of the file: its id, title, status and counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub title: Option<String>,
    /// `not_started`, `in_progress` or `done`.
    pub status: &'static str,
    pub annotations: usize,
    pub quotes: usize,
    pub claims: usize,
    pub mentions: usize,
}

impl DocumentRow {
    fn of(doc: &AnnotatedDocument) -> DocumentRow {
        let count = |kind: Kind| doc.annotations.iter().filter(|a| a.kind == kind).count();
        DocumentRow {
            id: doc.meta.id.clone(),
            title: doc.meta.title.clone(),
            status: doc.status().name(),
            annotations: doc.annotations.len(),
            quotes: count(Kind::Quote),
            claims: count(Kind::Claim),
            mentions: count(Kind::Mention),
        }
    }
}

impl Stats {
    pub fn of(loaded: &Loaded) -> Stats {
        let docs = &loaded.imported.documents;
        let mut stats = Stats {
            file: loaded.name.clone(),
            format: loaded.read_as.name().to_string(),
            documents: docs.len(),
            code_points: docs.iter().map(|d| d.text.len_chars()).sum(),
            annotations: docs.iter().map(|d| d.annotations.len()).sum(),
            kinds: Tally::default(),
            labels: Labels::default(),
            not_set: NotSet::default(),
            speakers: Vec::new(),
            unattributed: Unattributed::default(),
            status: StatusCounts::default(),
            per_document: docs.iter().map(DocumentRow::of).collect(),
        };
        let progress = Progress::of(docs.iter().map(AnnotatedDocument::status));
        stats.status = StatusCounts {
            not_started: progress.not_started,
            in_progress: progress.in_progress,
            done: progress.done,
        };
        let mut speaker_rows: HashMap<String, usize> = HashMap::new();
        for doc in docs {
            stats.declare_schema(&doc.schema);
            for speaker in &doc.speakers {
                stats.speaker_row(&mut speaker_rows, &speaker.name);
            }
            stats.count_document(doc, &mut speaker_rows);
        }
        stats.speakers.sort_by(|a, b| {
            (b.quotes, b.claims, b.mentions, b.other)
                .cmp(&(a.quotes, a.claims, a.mentions, a.other))
                .then_with(|| a.name.cmp(&b.name))
        });
        stats
    }

    fn declare_schema(&mut self, schema: &Schema) {
        for kind in schema.kinds() {
            self.kinds.declare(kind.as_str());
        }
        let labels = &mut self.labels;
        let sets = [
            (&mut labels.quote_type, &schema.quote_types),
            (&mut labels.stance, &schema.stance_labels),
            (&mut labels.checkworthiness, &schema.checkworthiness),
            (&mut labels.claim_type, &schema.claim_types),
        ];
        for (tally, names) in sets {
            for name in names {
                tally.declare(name);
            }
        }
    }

    fn speaker_row(&mut self, rows: &mut HashMap<String, usize>, name: &str) -> usize {
        *rows.entry(name.to_string()).or_insert_with(|| {
            self.speakers.push(SpeakerCounts {
                name: name.to_string(),
                ..SpeakerCounts::default()
            });
            self.speakers.len() - 1
        })
    }

    fn count_document(&mut self, doc: &AnnotatedDocument, rows: &mut HashMap<String, usize>) {
        for annotation in &doc.annotations {
            self.kinds.add(annotation.kind.as_str());
            let labels = &mut self.labels;
            let not_set = &mut self.not_set;
            match annotation.kind {
                Kind::Quote => {
                    match &annotation.quote_type {
                        Some(label) => labels.quote_type.add(label),
                        None => not_set.quote_type += 1,
                    }
                    match &annotation.stance {
                        Some(stance) => labels.stance.add(&stance.label),
                        None => not_set.stance += 1,
                    }
                }
                Kind::Claim => {
                    match &annotation.checkworthiness {
                        Some(label) => labels.checkworthiness.add(label),
                        None => not_set.checkworthiness += 1,
                    }
                    match &annotation.claim_type {
                        Some(label) => labels.claim_type.add(label),
                        None => not_set.claim_type += 1,
                    }
                    match &annotation.stance {
                        Some(stance) => labels.stance.add(&stance.label),
                        None => not_set.stance += 1,
                    }
                }
                Kind::Mention | Kind::Custom(_) => {}
            }
            let Some(id) = &annotation.speaker else {
                match annotation.kind {
                    Kind::Quote => self.unattributed.quotes += 1,
                    Kind::Claim => self.unattributed.claims += 1,
                    Kind::Custom(_) => self.unattributed.other += 1,
                    // A mention without a speaker is invalid; it names no one.
                    Kind::Mention => {}
                }
                continue;
            };
            // A reference to a missing speaker is invalid; count it under
            // the id so it still shows.
            let name = doc.speaker(id).map_or(id.as_str(), |s| s.name.as_str());
            let row = self.speaker_row(rows, name);
            let counts = &mut self.speakers[row];
            match annotation.kind {
                Kind::Quote => counts.quotes += 1,
                Kind::Claim => counts.claims += 1,
                Kind::Mention => counts.mentions += 1,
                Kind::Custom(_) => counts.other += 1,
            }
        }
    }

    /// The human-readable report.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} ({}): {}, {} code points, {}, {}\n",
            self.file,
            self.format,
            plural(self.documents, "document"),
            thousands(self.code_points),
            plural(self.annotations, "annotation"),
            plural(self.speakers.len(), "speaker"),
        );
        let sections = [
            ("Kind", &self.kinds, None),
            (
                "Quote type",
                &self.labels.quote_type,
                Some(self.not_set.quote_type),
            ),
            ("Stance", &self.labels.stance, Some(self.not_set.stance)),
            (
                "Check-worthiness",
                &self.labels.checkworthiness,
                Some(self.not_set.checkworthiness),
            ),
            (
                "Claim type",
                &self.labels.claim_type,
                Some(self.not_set.claim_type),
            ),
        ];
        for (title, tally, not_set) in sections {
            let mut rows: Vec<Vec<String>> = tally
                .0
                .iter()
                .map(|(name, count)| vec![name.clone(), thousands(*count)])
                .collect();
            if let Some(n) = not_set.filter(|&n| n > 0) {
                rows.push(vec!["(not set)".into(), thousands(n)]);
            }
            out.push('\n');
            out.push_str(&render(&[title, "Count"], &rows));
        }

        let with_other = self.speakers.iter().any(|s| s.other > 0) || self.unattributed.other > 0;
        let mut headers = vec!["Speaker", "Quotes", "Claims", "Mentions"];
        if with_other {
            headers.push("Other");
        }
        let row = |name: &str, counts: [usize; 4]| {
            let mut row = vec![name.to_string()];
            row.extend(counts[..headers.len() - 1].iter().map(|&n| thousands(n)));
            row
        };
        let mut rows: Vec<Vec<String>> = self
            .speakers
            .iter()
            .map(|s| row(&s.name, [s.quotes, s.claims, s.mentions, s.other]))
            .collect();
        let u = &self.unattributed;
        let any_unattributed = u.quotes + u.claims + u.other > 0;
        if any_unattributed {
            rows.push(row("(no speaker)", [u.quotes, u.claims, 0, u.other]));
        }
        out.push('\n');
        if rows.is_empty() {
            out.push_str("No speakers.\n");
        } else {
            out.push_str(&render(&headers, &rows));
        }
        if u.claims > 0 {
            out.push_str("Claims with no speaker are made by the article itself.\n");
        }
        if self.documents > 1 {
            let st = &self.status;
            out.push_str(&format!(
                "\nStatus: {} done, {} in progress, {} not started\n",
                thousands(st.done),
                thousands(st.in_progress),
                thousands(st.not_started)
            ));
            let rows: Vec<Vec<String>> = self
                .per_document
                .iter()
                .map(|d| {
                    vec![
                        d.id.clone(),
                        d.status.replace('_', " "),
                        thousands(d.annotations),
                        thousands(d.quotes),
                        thousands(d.claims),
                        thousands(d.mentions),
                    ]
                })
                .collect();
            out.push_str(&render(
                &[
                    "Document",
                    "Status",
                    "Annotations",
                    "Quotes",
                    "Claims",
                    "Mentions",
                ],
                &rows,
            ));
        }
        out
    }
}

/// A plain-text table: the first column left-aligned, the others right.
fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate().take(columns) {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str("  ");
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        text.truncate(text.trim_end().len());
        text.push('\n');
        text
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ReadAs;
    use attrib_core::formats::{Format, Imported};
    use attrib_core::{Annotation, Document, Metadata, Span, Speaker, Stance, StanceTarget};

    fn loaded(docs: Vec<AnnotatedDocument>) -> Loaded {
        Loaded {
            name: "t.jsonl".into(),
            read_as: ReadAs::Format(Format::Jsonl),
            imported: Imported {
                documents: docs,
                ..Imported::default()
            },
            read_files: Vec::new(),
        }
    }

    fn doc(id: &str) -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: id.into(),
                ..Metadata::default()
            },
            Document::new("“Go,” Kerry said. Sales rose 5%."),
        );
        doc.speakers.push(Speaker::new("s1", "John Kerry"));
        let mut quote = Annotation::new("q1", Kind::Quote, vec![Span::new(0, 5)]);
        quote.speaker = Some("s1".into());
        quote.quote_type = Some("direct".into());
        quote.stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "against".into(),
        });
        let mut mention = Annotation::new("m1", Kind::Mention, vec![Span::new(6, 11)]);
        mention.speaker = Some("s1".into());
        let mut claim = Annotation::new("c1", Kind::Claim, vec![Span::new(18, 32)]);
        claim.checkworthiness = Some("checkworthy".into());
        claim.claim_type = Some("quantity".into());
        doc.annotations = vec![quote, mention, claim];
        doc
    }

    #[test]
    fn counts_kinds_labels_and_speakers_across_documents() {
        let stats = Stats::of(&loaded(vec![doc("a"), doc("b")]));
        assert_eq!(stats.documents, 2);
        assert_eq!(stats.annotations, 6);
        assert_eq!(stats.kinds.get("quote"), Some(2));
        assert_eq!(stats.kinds.get("mention"), Some(2));
        assert_eq!(stats.labels.quote_type.get("direct"), Some(2));
        assert_eq!(
            stats.labels.quote_type.get("mixed"),
            Some(0),
            "schema labels are listed"
        );
        assert_eq!(stats.labels.stance.get("against"), Some(2));
        assert_eq!(stats.not_set.stance, 2, "the claims have no stance");
        assert_eq!(stats.labels.claim_type.get("quantity"), Some(2));
        assert_eq!(
            stats.speakers,
            [SpeakerCounts {
                name: "John Kerry".into(),
                quotes: 2,
                claims: 0,
                mentions: 2,
                other: 0
            }],
            "one row per name across documents"
        );
        assert_eq!(stats.unattributed.claims, 2);
    }

    #[test]
    fn a_corpus_lists_each_document_with_its_status_and_counts() {
        let mut done = doc("a");
        done.meta.status = Some(attrib_core::DocStatus::Done);
        let mut fresh = doc("c");
        fresh.annotations.clear();
        let stats = Stats::of(&loaded(vec![done, doc("b"), fresh]));
        assert_eq!(
            stats.status,
            StatusCounts {
                not_started: 1,
                in_progress: 1,
                done: 1
            }
        );
        let rows: Vec<(&str, &str, usize)> = stats
            .per_document
            .iter()
            .map(|d| (d.id.as_str(), d.status, d.annotations))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("a", "done", 3),
                ("b", "in_progress", 3),
                ("c", "not_started", 0)
            ]
        );
        let table = stats.table();
        assert!(
            table.contains("\nStatus: 1 done, 1 in progress, 1 not started\n"),
            "{table}"
        );
        assert!(
            table.contains("\nb         in progress            3       1       1         1\n"),
            "{table}"
        );
        let json = serde_json::to_value(&stats).expect("json");
        assert_eq!(json["per_document"][0]["status"], "done");
        assert_eq!(json["status"]["not_started"], 1);
    }

    #[test]
    fn json_keeps_schema_order() {
        let stats = Stats::of(&loaded(vec![doc("a")]));
        let json = serde_json::to_string(&stats.labels.quote_type).expect("serialise");
        assert_eq!(json, r#"{"direct":1,"indirect":0,"mixed":0}"#);
    }

    #[test]
    fn table_lists_every_section() {
        let table = Stats::of(&loaded(vec![doc("a")])).table();
        assert!(
            table.starts_with(
                "t.jsonl (jsonl): 1 document, 32 code points, 3 annotations, 1 speaker\n"
            ),
            "{table}"
        );
        assert!(
            table.contains("\nKind     Count\nquote        1\n"),
            "{table}"
        );
        assert!(
            table.contains("\nStance     Count\nfavor          0\nagainst        1\n"),
            "{table}"
        );
        assert!(table.contains("(not set)"), "{table}");
        assert!(
            table.contains("John Kerry         1       0         1\n"),
            "{table}"
        );
        assert!(
            table.contains("(no speaker)       0       1         0\n"),
            "{table}"
        );
        assert!(table.ends_with("Claims with no speaker are made by the article itself.\n"));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
