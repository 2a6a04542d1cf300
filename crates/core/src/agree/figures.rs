//! The figures an agreement report gives: what each measures, over what
//! (a kind, all kinds, or a label set), its stable name and its one-line
//! explanation. Names read `<measure>.<scope>`: `f1_overlap.quote`,
//! `alpha.all`, `kappa.labels.stance`, `speaker_agreement.quote`.

use serde::Serialize;

use crate::model::{Annotation, Kind};

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Span F1, a match being the very same code points.
    F1Exact,
    /// Span F1, a match being |intersection| / |union| at or above the
    /// overlap threshold (pairs taken greedily from the highest ratio).
    F1Overlap,
    /// Cohen's kappa on non-whitespace code points, mean over pairs.
    Kappa,
    /// Krippendorff's nominal alpha on non-whitespace code points.
    Alpha,
    /// Share of overlap-matched quotes whose speakers are the same person.
    SpeakerAgreement,
    /// Cohen's kappa on the stance labels of overlap-matched quotes.
    StanceKappa,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::F1Exact,
        Measure::F1Overlap,
        Measure::Kappa,
        Measure::Alpha,
        Measure::SpeakerAgreement,
        Measure::StanceKappa,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Measure::F1Exact => "f1_exact",
            Measure::F1Overlap => "f1_overlap",
            Measure::Kappa => "kappa",
            Measure::Alpha => "alpha",
            Measure::SpeakerAgreement => "speaker_agreement",
            Measure::StanceKappa => "stance_kappa",
        }
    }

    /// What the measure is, in one line (the scope is said apart).
    pub fn explanation(self) -> &'static str {
        match self {
            Measure::F1Exact => {
                "span F1 between two annotators, a match being exactly the same code points; \
                 mean over pairs of annotators"
            }
            Measure::F1Overlap => {
                "span F1 between two annotators, a match being |intersection| / |union| of \
                 code points at or above the threshold (pairs taken greedily, best first); \
                 mean over pairs of annotators"
            }
            Measure::Kappa => {
                "Cohen's kappa, each non-whitespace code point a unit; mean over pairs of \
                 annotators"
            }
            Measure::Alpha => {
                "Krippendorff's alpha (nominal), each non-whitespace code point a unit, \
                 annotators without the document missing"
            }
            Measure::SpeakerAgreement => {
                "share of quotes both annotators marked (overlap match) whose speakers share \
                 a name or alias, case aside (both unattributed counts as the same); mean over \
                 pairs"
            }
            Measure::StanceKappa => {
                "Cohen's kappa on the stance label of quotes both annotators marked (overlap \
                 match; no stance is a value of its own); mean over pairs"
            }
        }
    }
}

/// A label set whose agreement is measured code point by code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSet {
    QuoteType,
    Stance,
    Checkworthiness,
    ClaimType,
}

impl LabelSet {
    pub const ALL: [LabelSet; 4] = [
        LabelSet::QuoteType,
        LabelSet::Stance,
        LabelSet::Checkworthiness,
        LabelSet::ClaimType,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LabelSet::QuoteType => "quote_type",
            LabelSet::Stance => "stance",
            LabelSet::Checkworthiness => "checkworthiness",
            LabelSet::ClaimType => "claim_type",
        }
    }

    /// Whether annotations of `kind` carry this label set.
    pub fn applies_to(self, kind: &Kind) -> bool {
        match self {
            LabelSet::QuoteType => *kind == Kind::Quote,
            LabelSet::Stance => matches!(kind, Kind::Quote | Kind::Claim),
            LabelSet::Checkworthiness | LabelSet::ClaimType => *kind == Kind::Claim,
        }
    }

    /// The label `annotation` carries in this set, if any.
    pub fn label_of(self, annotation: &Annotation) -> Option<&str> {
        match self {
            LabelSet::QuoteType => annotation.quote_type.as_deref(),
            LabelSet::Stance => annotation.stance.as_ref().map(|s| s.label.as_str()),
            LabelSet::Checkworthiness => annotation.checkworthiness.as_deref(),
            LabelSet::ClaimType => annotation.claim_type.as_deref(),
        }
    }

    fn carried_by(self) -> &'static str {
        match self {
            LabelSet::QuoteType => "quote type (quotes)",
            LabelSet::Stance => "stance label (quotes and claims)",
            LabelSet::Checkworthiness => "check-worthiness (claims)",
            LabelSet::ClaimType => "claim type (claims)",
        }
    }
}

/// What a figure is measured over.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// One kind of annotation: its spans, or whether it covers a code point.
    Kind(Kind),
    /// Every kind together: spans pair only within their kind; a code
    /// point's value is the combination of kinds covering it.
    All,
    /// A label set: a code point's value is the label of the annotation
    /// covering it.
    Labels(LabelSet),
}

impl Scope {
    pub fn name(&self) -> String {
        match self {
            Scope::Kind(kind) => kind.as_str().to_string(),
            Scope::All => "all".to_string(),
            Scope::Labels(set) => format!("labels.{}", set.name()),
        }
    }

    fn explanation(&self, measure: Measure) -> String {
        let code_points = matches!(measure, Measure::Kappa | Measure::Alpha);
        match (self, code_points) {
            (Scope::Kind(kind), false) => format!("{kind} annotations"),
            (Scope::Kind(kind), true) => {
                format!("value: whether a {kind} covers the code point")
            }
            (Scope::All, false) => "all kinds together (spans pair only within a kind)".into(),
            (Scope::All, true) => {
                "value: the combination of kinds covering the code point, or none".into()
            }
            (Scope::Labels(set), _) => format!(
                "value: the {} of the annotation covering the code point, \"unlabelled\" when \
                 it has none, \"outside\" when none covers it, labels joined when several do",
                set.carried_by()
            ),
        }
    }
}

/// One figure of an agreement report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The stable name, `<measure>.<scope>`: `f1_overlap.quote`.
    pub name: String,
    #[serde(skip)]
    pub measure: Measure,
    #[serde(skip)]
    pub scope: Scope,
    /// The figure, or `None` when it is not defined (see `undefined`).
    pub value: Option<f64>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<String>,
    /// What the figure rests on: annotations (F1, both sides counted),
    /// units (kappa, summed over pairs), pairable values (alpha), or
    /// matched quotes (speaker agreement, stance kappa, summed over pairs).
    pub n: u64,
}

impl Figure {
    pub(crate) fn new(measure: Measure, scope: Scope, value: Result<f64, String>, n: u64) -> Self {
        let (value, undefined) = match value {
            Ok(value) => (Some(value), None),
            Err(reason) => (None, Some(reason)),
        };
        Figure {
            name: format!("{}.{}", measure.name(), scope.name()),
            measure,
            scope,
            value,
            undefined,
            n,
        }
    }

    /// The figure explained in one line: the measure, then its scope.
    pub fn explanation(&self) -> String {
        explain(self.measure, &self.scope)
    }
}

/// What the figure `measure` over `scope` is, in one line.
pub fn explain(measure: Measure, scope: &Scope) -> String {
    format!("{}; {}", measure.explanation(), scope.explanation(measure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_measure_and_scope_with_a_dot() {
        let figure = Figure::new(Measure::F1Overlap, Scope::Kind(Kind::Quote), Ok(0.5), 4);
        assert_eq!(figure.name, "f1_overlap.quote");
        let figure = Figure::new(
            Measure::Alpha,
            Scope::Labels(LabelSet::Stance),
            Err("no variation".into()),
            0,
        );
        assert_eq!(figure.name, "alpha.labels.stance");
        assert_eq!(figure.value, None);
        assert!(figure.explanation().starts_with("Krippendorff's alpha"));
        assert!(figure.explanation().contains("stance label"));
    }

    #[test]
    fn every_explanation_is_one_line() {
        let scopes = [
            Scope::Kind(Kind::Claim),
            Scope::All,
            Scope::Labels(LabelSet::ClaimType),
        ];
        for measure in Measure::ALL {
            for scope in &scopes {
                let line = explain(measure, scope);
                assert!(!line.contains('\n') && line.len() > 40, "{line}");
            }
        }
    }
}
