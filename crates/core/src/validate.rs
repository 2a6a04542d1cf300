//! The invariants of an annotated document, checked in one place: spans lie
//! inside the text, ids are unique, referenced speakers exist, labels and
//! kinds are in the schema, and each field appears only on the kinds it
//! applies to. Every violation is reported with where it is and what was
//! expected.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{AnnotatedDocument, Annotation, Kind, Schema, Span, StanceTarget};

/// One violated invariant.
///
/// `path` locates it in the document the way the native JSON lays it out,
/// with the id of the annotation or speaker beside its index to find it by
/// eye: `annotations[3] (a4).spans[0]`, `schema.stance_labels[2]`.
/// `message` says what is wrong and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every problem in `doc`, in document order (schema, speakers, then
/// annotations); empty when the document is valid.
pub fn validate(doc: &AnnotatedDocument) -> Vec<Problem> {
    let mut steps = ValidateSteps::new(doc);
    steps.step(usize::MAX);
    steps.finish()
}

/// [`validate`] a run of annotations at a time, so a caller that must stay
/// responsive can do other work between runs: [`ValidateSteps::new`]
/// checks the schema and speakers, each [`ValidateSteps::step`] the next
/// annotations, and [`ValidateSteps::finish`] gives every problem, the same
/// as [`validate`] (which is this, in one step).
#[derive(Debug)]
pub struct ValidateSteps<'d> {
    doc: &'d AnnotatedDocument,
    speaker_ids: HashSet<&'d str>,
    seen: HashMap<&'d str, usize>,
    next: usize,
    problems: Vec<Problem>,
}

impl<'d> ValidateSteps<'d> {
    /// Starts on `doc`, checking its schema and speakers.
    pub fn new(doc: &'d AnnotatedDocument) -> Self {
        let mut problems = Vec::new();
        check_schema(&doc.schema, &mut problems);
        check_speakers(doc, &mut problems);
        ValidateSteps {
            doc,
            speaker_ids: doc.speakers.iter().map(|s| s.id.as_str()).collect(),
            seen: HashMap::new(),
            next: 0,
            problems,
        }
    }

    /// Checks up to `count` more annotations; whether all are checked.
    pub fn step(&mut self, count: usize) -> bool {
        let all = &self.doc.annotations;
        let end = self.next.saturating_add(count).min(all.len());
        for i in self.next..end {
            check_annotation(
                self.doc,
                i,
                &self.speaker_ids,
                &mut self.seen,
                &mut self.problems,
            );
        }
        self.next = end;
        end == all.len()
    }

    /// How many annotations are checked.
    pub fn checked(&self) -> usize {
        self.next
    }

    /// Every problem found (checking what is left first).
    pub fn finish(mut self) -> Vec<Problem> {
        self.step(usize::MAX);
        self.problems
    }
}

/// Whether `doc` satisfies every invariant.
pub fn is_valid(doc: &AnnotatedDocument) -> bool {
    validate(doc).is_empty()
}

/// The schema's label sets as (field name, labels), in the order the native
/// JSON writes them.
fn label_sets(schema: &Schema) -> [(&'static str, &[String]); 5] {
    [
        ("quote_types", &schema.quote_types),
        ("stance_labels", &schema.stance_labels),
        ("checkworthiness", &schema.checkworthiness),
        ("claim_types", &schema.claim_types),
        ("custom_kinds", &schema.custom_kinds),
    ]
}

const BUILT_IN_KINDS: [&str; 3] = ["quote", "claim", "mention"];

fn check_schema(schema: &Schema, problems: &mut Vec<Problem>) {
    for (path, message) in crate::style::problems(schema) {
        problems.push(Problem::new(path, message));
    }
    for (field, labels) in label_sets(schema) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, label) in labels.iter().enumerate() {
            let path = format!("schema.{field}[{i}]");
            if label.trim().is_empty() {
                problems.push(Problem::new(
                    path,
                    format!("blank label {label:?}; expected a non-empty name"),
                ));
                continue;
            }
            if let Some(first) = seen.get(label.as_str()) {
                problems.push(Problem::new(
                    path,
                    format!(
                        "duplicate label '{label}' (also at schema.{field}[{first}]); \
                         expected each label once"
                    ),
                ));
            } else {
                seen.insert(label, i);
            }
            if field == "custom_kinds" && BUILT_IN_KINDS.contains(&label.as_str()) {
                problems.push(Problem::new(
                    format!("schema.{field}[{i}]"),
                    format!(
                        "custom kind '{label}' has the name of a built-in kind; \
                         expected a name other than quote, claim and mention"
                    ),
                ));
            }
        }
    }
}

fn check_speakers(doc: &AnnotatedDocument, problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, speaker) in doc.speakers.iter().enumerate() {
        // Built only when there is something to report.
        let here = || item_path("speakers", i, &speaker.id);
        if speaker.id.trim().is_empty() {
            problems.push(Problem::new(
                format!("{}.id", here()),
                "blank speaker id; expected a non-empty id such as 's1'",
            ));
        } else if let Some(first) = seen.get(speaker.id.as_str()) {
            problems.push(Problem::new(
                format!("{}.id", here()),
                format!(
                    "duplicate speaker id '{}' (also speakers[{first}]); expected unique ids",
                    speaker.id
                ),
            ));
        } else {
            seen.insert(&speaker.id, i);
        }
        if speaker.name.trim().is_empty() {
            problems.push(Problem::new(
                format!("{}.name", here()),
                "blank name; expected the speaker's name",
            ));
        }
        for (j, alias) in speaker.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{}.aliases[{j}]", here()),
                    "blank alias; expected a name the article uses for the speaker",
                ));
            }
        }
    }
}

/// Checks annotation `i` of `doc`; `seen` holds the ids of those before.
fn check_annotation<'d>(
    doc: &'d AnnotatedDocument,
    i: usize,
    speaker_ids: &HashSet<&str>,
    seen: &mut HashMap<&'d str, usize>,
    problems: &mut Vec<Problem>,
) {
    let len = doc.text.len_chars();
    let annotation = &doc.annotations[i];
    {
        // Built only when there is something to report.
        let here = || item_path("annotations", i, &annotation.id);
        let mut report = |field: &str, message: String| {
            problems.push(Problem::new(format!("{}{field}", here()), message));
        };

        if annotation.id.trim().is_empty() {
            report(
                ".id",
                "blank annotation id; expected a non-empty id such as 'a1'".into(),
            );
        } else if let Some(first) = seen.get(annotation.id.as_str()) {
            report(
                ".id",
                format!(
                    "duplicate annotation id '{}' (also annotations[{first}]); \
                     expected unique ids",
                    annotation.id
                ),
            );
        } else {
            seen.insert(&annotation.id, i);
        }

        check_kind(&annotation.kind, &doc.schema, &mut report);

        if annotation.spans.is_empty() {
            report(
                ".spans",
                "no spans; expected at least one content span".into(),
            );
        }
        let mut previous: Option<Span> = None;
        for (j, span) in annotation.spans.iter().enumerate() {
            if let Some(message) = span_problem(*span, len) {
                report(&format!(".spans[{j}]"), message);
                continue;
            }
            if let Some(message) = previous.and_then(|prev| order_problem(prev, *span)) {
                report(&format!(".spans[{j}]"), message);
            }
            previous = Some(*span);
        }

        if let Some(cue) = annotation.cue {
            if annotation.kind != Kind::Quote {
                report(".cue", not_applicable("a cue", "quotes", &annotation.kind));
            } else if let Some(message) = span_problem(cue, len) {
                report(".cue", message);
            }
        }

        check_speaker_reference(annotation, speaker_ids, &mut report);
        check_labels(annotation, &doc.schema, speaker_ids, &mut report);
    }
}

/// `annotations[3] (a4)`; the id is left out when blank.
fn item_path(list: &str, index: usize, id: &str) -> String {
    if id.trim().is_empty() {
        format!("{list}[{index}]")
    } else {
        format!("{list}[{index}] ({id})")
    }
}

fn check_kind(kind: &Kind, schema: &Schema, report: &mut impl FnMut(&str, String)) {
    let Kind::Custom(name) = kind else {
        return;
    };
    if BUILT_IN_KINDS.contains(&name.as_str()) {
        report(
            ".kind",
            format!("custom kind '{name}' has the name of a built-in kind; expected the built-in kind itself"),
        );
    } else if !schema.allows_kind(kind) {
        let expected = if schema.custom_kinds.is_empty() {
            "quote, claim or mention (the schema has no custom kinds)".to_string()
        } else {
            format!(
                "quote, claim, mention or a custom kind of the schema ({})",
                schema.custom_kinds.join(", ")
            )
        };
        report(
            ".kind",
            format!("kind '{name}' is not in the schema; expected {expected}"),
        );
    }
}

/// What is wrong with a span on its own, if anything.
fn span_problem(span: Span, len: usize) -> Option<String> {
    if span.start == span.end {
        Some(format!(
            "empty span {span}; expected start < end (at least one code point)"
        ))
    } else if span.start > span.end {
        Some(format!("reversed span {span}; expected start < end"))
    } else if span.end > len {
        Some(format!(
            "span {span} ends past the end of the text ({len} code points); expected end <= {len}"
        ))
    } else {
        None
    }
}

/// What is wrong with `span` following `prev` in one annotation, if anything.
fn order_problem(prev: Span, span: Span) -> Option<String> {
    if span.start < prev.start {
        Some(format!(
            "span {span} comes before the previous span {prev}; \
             expected content spans in document order"
        ))
    } else if span.start < prev.end {
        Some(format!(
            "span {span} overlaps the previous span {prev}; \
             expected the content spans of one annotation not to overlap"
        ))
    } else {
        None
    }
}

fn check_speaker_reference(
    annotation: &Annotation,
    speaker_ids: &HashSet<&str>,
    report: &mut impl FnMut(&str, String),
) {
    match &annotation.speaker {
        Some(id) if !speaker_ids.contains(id.as_str()) => report(
            ".speaker",
            format!("no speaker with id '{id}'; expected the id of one of the document's speakers"),
        ),
        None if annotation.kind == Kind::Mention => report(
            ".speaker",
            "a mention has no speaker; expected the id of the speaker it names".into(),
        ),
        _ => {}
    }
}

fn check_labels(
    annotation: &Annotation,
    schema: &Schema,
    speaker_ids: &HashSet<&str>,
    report: &mut impl FnMut(&str, String),
) {
    let kind = &annotation.kind;
    if let Some(label) = &annotation.quote_type {
        if *kind != Kind::Quote {
            report(
                ".quote_type",
                not_applicable("a quote type", "quotes", kind),
            );
        } else if let Some(message) = label_problem("quote type", label, &schema.quote_types) {
            report(".quote_type", message);
        }
    }
    if let Some(label) = &annotation.checkworthiness {
        if *kind != Kind::Claim {
            report(
                ".checkworthiness",
                not_applicable("check-worthiness", "claims", kind),
            );
        } else if let Some(message) =
            label_problem("check-worthiness", label, &schema.checkworthiness)
        {
            report(".checkworthiness", message);
        }
    }
    if let Some(label) = &annotation.claim_type {
        if *kind != Kind::Claim {
            report(
                ".claim_type",
                not_applicable("a claim type", "claims", kind),
            );
        } else if let Some(message) = label_problem("claim type", label, &schema.claim_types) {
            report(".claim_type", message);
        }
    }
    for (set, label) in &annotation.labels {
        let path = format!(".labels.{set}");
        let Some(found) = schema.label_sets.iter().find(|s| &s.name == set) else {
            let names: Vec<&str> = schema.label_sets.iter().map(|s| s.name.as_str()).collect();
            report(
                &path,
                if names.is_empty() {
                    format!("label set '{set}' is not in the schema, which has no further label sets; expected no labels")
                } else {
                    format!(
                        "label set '{set}' is not in the schema; expected one of: {}",
                        names.join(", ")
                    )
                },
            );
            continue;
        };
        if !found.kinds.is_empty() && !found.kinds.contains(kind) {
            let kinds: Vec<String> = found.kinds.iter().map(|k| k.to_string()).collect();
            report(
                &path,
                not_applicable(&format!("a '{set}' label"), &kinds.join(", "), kind),
            );
        } else if let Some(message) = label_problem(&format!("'{set}' label"), label, &found.labels)
        {
            report(&path, message);
        }
    }
    if let Some(stance) = &annotation.stance {
        if !matches!(kind, Kind::Quote | Kind::Claim) {
            report(
                ".stance",
                not_applicable("a stance", "quotes and claims", kind),
            );
            return;
        }
        if let Some(message) = label_problem("stance label", &stance.label, &schema.stance_labels) {
            report(".stance.label", message);
        }
        match &stance.target {
            StanceTarget::Text(text) if text.trim().is_empty() => report(
                ".stance.target.text",
                "blank stance target; expected what the stance is about, or a speaker".into(),
            ),
            StanceTarget::Speaker(id) if !speaker_ids.contains(id.as_str()) => report(
                ".stance.target.speaker",
                format!(
                    "no speaker with id '{id}'; expected the id of one of the document's speakers"
                ),
            ),
            _ => {}
        }
    }
}

fn label_problem(what: &str, label: &str, allowed: &[String]) -> Option<String> {
    if allowed.iter().any(|l| l == label) {
        return None;
    }
    Some(if allowed.is_empty() {
        format!(
            "{what} '{label}' is not in the schema, whose {what} list is empty; expected no {what}"
        )
    } else {
        format!(
            "{what} '{label}' is not in the schema; expected one of: {}",
            allowed.join(", ")
        )
    })
}

fn not_applicable(field: &str, applies_to: &str, kind: &Kind) -> String {
    let on = match kind {
        Kind::Custom(name) => format!("a custom '{name}' annotation"),
        built_in => format!("a {built_in}"),
    };
    format!("{field} is set on {on}; it applies only to {applies_to}, expected it absent")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stance;
    use crate::test_fixtures::kerry;

    // The shared fixture: mentions m1 and m2 at `annotations[0]` and `[2]`,
    // the quote q1 (with cue and stance) at `[1]`, the claim c1 at `[3]`;
    // speakers s1 (one alias) and s2.

    /// The problems of `doc` as "path: message" lines.
    fn lines(doc: &AnnotatedDocument) -> Vec<String> {
        validate(doc).iter().map(Problem::to_string).collect()
    }

    /// Asserts there is exactly one problem, at `path`, whose message
    /// contains each of `phrases`.
    fn assert_one(doc: &AnnotatedDocument, path: &str, phrases: &[&str]) {
        let problems = validate(doc);
        assert_eq!(problems.len(), 1, "{:#?}", problems);
        assert_eq!(problems[0].path, path);
        for phrase in phrases {
            assert!(
                problems[0].message.contains(phrase),
                "{:?} lacks {phrase:?}",
                problems[0].message
            );
        }
    }

    #[test]
    fn the_fixture_and_an_empty_document_are_valid() {
        assert_eq!(lines(&kerry()), Vec::<String>::new());
        assert!(is_valid(&AnnotatedDocument::default()));
    }

    #[test]
    fn problems_display_as_path_colon_message() {
        let p = Problem::new("annotations[3] (a4).spans[0]", "empty span 5..5");
        assert_eq!(
            p.to_string(),
            "annotations[3] (a4).spans[0]: empty span 5..5"
        );
    }

    #[test]
    fn spans_must_be_non_empty_ordered_and_inside_the_text() {
        let mut doc = kerry();
        let len = doc.text.len_chars();
        doc.annotations[1].spans = vec![Span::new(4, 4)];
        assert_one(
            &doc,
            "annotations[1] (q1).spans[0]",
            &["empty span 4..4", "start < end"],
        );
        doc.annotations[1].spans = vec![Span::new(9, 4)];
        assert_one(
            &doc,
            "annotations[1] (q1).spans[0]",
            &["reversed span 9..4"],
        );
        doc.annotations[1].spans = vec![Span::new(0, len + 1)];
        assert_one(
            &doc,
            "annotations[1] (q1).spans[0]",
            &["ends past the end of the text", &format!("end <= {len}")],
        );
        doc.annotations[1].spans = vec![Span::new(0, len)];
        assert!(is_valid(&doc));
        doc.annotations[1].spans = vec![];
        assert_one(
            &doc,
            "annotations[1] (q1).spans",
            &["no spans", "at least one"],
        );
    }

    #[test]
    fn several_spans_must_be_in_order_without_overlap() {
        let mut doc = kerry();
        doc.annotations[1].spans = vec![Span::new(0, 10), Span::new(10, 22)];
        assert!(is_valid(&doc), "touching spans are fine");
        doc.annotations[1].spans = vec![Span::new(12, 22), Span::new(0, 10)];
        assert_one(&doc, "annotations[1] (q1).spans[1]", &["document order"]);
        doc.annotations[1].spans = vec![Span::new(0, 12), Span::new(10, 22)];
        assert_one(
            &doc,
            "annotations[1] (q1).spans[1]",
            &["overlaps the previous span 0..12"],
        );
    }

    #[test]
    fn the_cue_must_be_inside_the_text_and_only_on_quotes() {
        let mut doc = kerry();
        doc.annotations[1].cue = Some(Span::new(60, 90));
        assert_one(
            &doc,
            "annotations[1] (q1).cue",
            &["past the end of the text"],
        );
        let mut doc = kerry();
        doc.annotations[3].cue = Some(Span::new(29, 33));
        assert_one(
            &doc,
            "annotations[3] (c1).cue",
            &["a cue is set on a claim", "only to quotes"],
        );
    }

    #[test]
    fn annotation_ids_must_be_unique_and_non_blank() {
        let mut doc = kerry();
        doc.annotations[3].id = "q1".into();
        assert_one(
            &doc,
            "annotations[3] (q1).id",
            &["duplicate annotation id 'q1'", "annotations[1]"],
        );
        doc.annotations[3].id = " ".into();
        assert_one(&doc, "annotations[3].id", &["blank annotation id"]);
    }

    #[test]
    fn speaker_ids_must_be_unique_and_names_non_blank() {
        let mut doc = kerry();
        if let Some(stance) = &mut doc.annotations[1].stance {
            stance.target = StanceTarget::Speaker("s2".into());
        }
        assert!(is_valid(&doc));
        doc.speakers[1].id = "s1".into();
        // The stance target s2 is gone too, and m2's speaker.
        let problems = lines(&doc);
        assert_eq!(
            problems,
            [
                "speakers[1] (s1).id: duplicate speaker id 's1' (also speakers[0]); expected unique ids",
                "annotations[1] (q1).stance.target.speaker: no speaker with id 's2'; expected the id of one of the document's speakers",
                "annotations[2] (m2).speaker: no speaker with id 's2'; expected the id of one of the document's speakers",
            ]
        );
        let mut doc = kerry();
        doc.speakers[1].name = "".into();
        doc.speakers[0].aliases.push("  ".into());
        assert_eq!(
            lines(&doc),
            [
                "speakers[0] (s1).aliases[1]: blank alias; expected a name the article uses for the speaker",
                "speakers[1] (s2).name: blank name; expected the speaker's name",
            ]
        );
    }

    #[test]
    fn referenced_speakers_must_exist_and_mentions_need_one() {
        let mut doc = kerry();
        doc.annotations[1].speaker = Some("s9".into());
        assert_one(
            &doc,
            "annotations[1] (q1).speaker",
            &["no speaker with id 's9'"],
        );
        let mut doc = kerry();
        doc.annotations[0].speaker = None;
        assert_one(
            &doc,
            "annotations[0] (m1).speaker",
            &["a mention has no speaker"],
        );
        let mut doc = kerry();
        doc.annotations[3].speaker = None;
        assert!(
            is_valid(&doc),
            "a claim without a claimant is the article's own"
        );
    }

    #[test]
    fn labels_of_further_sets_must_name_a_set_and_one_of_its_labels() {
        use crate::model::LabelSet;
        let mut doc = kerry();
        doc.annotations[1]
            .labels
            .insert("source_type".into(), "anonymous".into());
        assert_one(
            &doc,
            "annotations[1] (q1).labels.source_type",
            &["label set 'source_type' is not in the schema, which has no further label sets"],
        );
        doc.schema.label_sets.push(LabelSet {
            name: "source_type".into(),
            kinds: vec![Kind::Quote],
            labels: vec!["named".into(), "anonymous".into()],
        });
        assert!(validate(&doc).is_empty(), "{:?}", validate(&doc));
        doc.annotations[1]
            .labels
            .insert("source_type".into(), "secret".into());
        assert_one(
            &doc,
            "annotations[1] (q1).labels.source_type",
            &["'source_type' label 'secret' is not in the schema; expected one of: named, anonymous"],
        );
        let mut doc2 = doc.clone();
        doc2.annotations[1].labels.clear();
        doc2.annotations[3]
            .labels
            .insert("source_type".into(), "named".into());
        assert_one(
            &doc2,
            "annotations[3] (c1).labels.source_type",
            &["a 'source_type' label is set on a claim; it applies only to quote"],
        );
        doc.annotations[1].labels.clear();
        doc.annotations[1]
            .labels
            .insert("evidence".into(), "none".into());
        assert_one(
            &doc,
            "annotations[1] (q1).labels.evidence",
            &["label set 'evidence' is not in the schema; expected one of: source_type"],
        );
    }

    #[test]
    fn labels_must_be_in_the_schema() {
        let mut doc = kerry();
        doc.annotations[1].quote_type = Some("dirct".into());
        assert_one(
            &doc,
            "annotations[1] (q1).quote_type",
            &[
                "quote type 'dirct' is not in the schema",
                "direct, indirect, mixed",
            ],
        );
        let mut doc = kerry();
        doc.annotations[1]
            .stance
            .as_mut()
            .expect("fixture stance")
            .label = "pro".into();
        assert_one(
            &doc,
            "annotations[1] (q1).stance.label",
            &["stance label 'pro'"],
        );
        let mut doc = kerry();
        doc.annotations[3].checkworthiness = Some("maybe".into());
        assert_one(&doc, "annotations[3] (c1).checkworthiness", &["'maybe'"]);
        let mut doc = kerry();
        doc.annotations[3].claim_type = Some("opinion".into());
        assert_one(
            &doc,
            "annotations[3] (c1).claim_type",
            &["claim type 'opinion'"],
        );
        let mut doc = kerry();
        doc.schema.claim_types.clear();
        assert_one(
            &doc,
            "annotations[3] (c1).claim_type",
            &["list is empty", "expected no claim type"],
        );
    }

    #[test]
    fn fields_must_fit_the_kind() {
        let mut doc = kerry();
        doc.annotations[3].quote_type = Some("direct".into());
        assert_one(
            &doc,
            "annotations[3] (c1).quote_type",
            &["a quote type is set on a claim;", "only to quotes"],
        );
        let mut doc = kerry();
        doc.annotations[1].claim_type = Some("causal".into());
        doc.annotations[1].checkworthiness = Some("checkworthy".into());
        assert_eq!(validate(&doc).len(), 2);
        let mut doc = kerry();
        doc.annotations[0].stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "favor".into(),
        });
        assert_one(
            &doc,
            "annotations[0] (m1).stance",
            &["a stance is set on a mention", "quotes and claims"],
        );
        let mut doc = kerry();
        doc.annotations[3].stance = Some(Stance {
            target: StanceTarget::Text("Russia".into()),
            label: "favor".into(),
        });
        assert!(is_valid(&doc), "claims may carry a stance");
    }

    #[test]
    fn stance_targets_must_be_non_blank_text_or_existing_speakers() {
        let mut doc = kerry();
        doc.annotations[1].stance = Some(Stance {
            target: StanceTarget::Text(" ".into()),
            label: "favor".into(),
        });
        assert_one(
            &doc,
            "annotations[1] (q1).stance.target.text",
            &["blank stance target"],
        );
    }

    #[test]
    fn custom_kinds_must_be_in_the_schema() {
        let mut doc = kerry();
        doc.annotations.push(Annotation::new(
            "e1",
            Kind::Custom("event".into()),
            vec![Span::new(0, 3)],
        ));
        assert_one(
            &doc,
            "annotations[4] (e1).kind",
            &["kind 'event' is not in the schema", "has no custom kinds"],
        );
        doc.schema.custom_kinds.push("source".into());
        assert_one(
            &doc,
            "annotations[4] (e1).kind",
            &["custom kind of the schema (source)"],
        );
        doc.schema.custom_kinds.push("event".into());
        assert!(is_valid(&doc));
        doc.annotations[4].quote_type = Some("direct".into());
        assert_one(
            &doc,
            "annotations[4] (e1).quote_type",
            &["set on a custom 'event' annotation"],
        );
    }

    #[test]
    fn custom_kinds_may_not_take_built_in_names() {
        let mut doc = kerry();
        doc.schema.custom_kinds.push("quote".into());
        assert_one(&doc, "schema.custom_kinds[0]", &["name of a built-in kind"]);
        let mut doc = kerry();
        doc.annotations.push(Annotation::new(
            "q",
            Kind::Custom("claim".into()),
            vec![Span::new(0, 3)],
        ));
        assert_one(
            &doc,
            "annotations[4] (q).kind",
            &["name of a built-in kind"],
        );
    }

    #[test]
    fn schema_label_lists_have_no_duplicates_or_blanks() {
        let mut doc = kerry();
        doc.schema.stance_labels.push("favor".into());
        doc.schema.quote_types.insert(0, "".into());
        assert_eq!(
            lines(&doc),
            [
                "schema.quote_types[0]: blank label \"\"; expected a non-empty name",
                "schema.stance_labels[5]: duplicate label 'favor' (also at schema.stance_labels[0]); expected each label once",
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut doc = kerry();
        doc.annotations[1].spans.clear();
        doc.annotations[1].speaker = Some("nobody".into());
        doc.annotations[0].speaker = None;
        doc.annotations[3].id = "q1".into();
        let paths: Vec<String> = validate(&doc).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "annotations[0] (m1).speaker",
                "annotations[1] (q1).spans",
                "annotations[1] (q1).speaker",
                "annotations[3] (q1).id",
            ]
        );
    }
}
