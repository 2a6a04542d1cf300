//! The assignment presets teachers already use: what students mark, with
//! which labels, and a line of help for each.

use std::collections::BTreeMap;

use crate::model::{Kind, LabelSet, Schema};

/// A ready-made assignment: its kinds, label sets and help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Quotes and their speakers: direct or indirect, and the source type.
    WhoSaidIt,
    /// Claims with their check-worthiness and the evidence given.
    ClaimsAndEvidence,
    /// Spans marked as fact, opinion or loaded language.
    FactOrOpinion,
}

/// The custom kinds of [`Preset::FactOrOpinion`].
pub const FACT: &str = "fact";
pub const OPINION: &str = "opinion";
pub const LOADED_LANGUAGE: &str = "loaded-language";

impl Preset {
    pub const ALL: [Preset; 3] = [
        Preset::WhoSaidIt,
        Preset::ClaimsAndEvidence,
        Preset::FactOrOpinion,
    ];

    /// The name in files and on the command line: "who-said-it".
    pub fn name(self) -> &'static str {
        match self {
            Preset::WhoSaidIt => "who-said-it",
            Preset::ClaimsAndEvidence => "claims-and-evidence",
            Preset::FactOrOpinion => "fact-or-opinion",
        }
    }

    /// The title a teacher reads: "Who said it".
    pub fn title(self) -> &'static str {
        match self {
            Preset::WhoSaidIt => "Who said it",
            Preset::ClaimsAndEvidence => "Claims and evidence",
            Preset::FactOrOpinion => "Fact or opinion",
        }
    }

    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// What students mark.
    pub fn kinds(self) -> Vec<Kind> {
        match self {
            Preset::WhoSaidIt => vec![Kind::Quote, Kind::Mention],
            Preset::ClaimsAndEvidence => vec![Kind::Claim],
            Preset::FactOrOpinion => [FACT, OPINION, LOADED_LANGUAGE]
                .map(|k| Kind::Custom(k.to_string()))
                .to_vec(),
        }
    }

    /// The label sets and help: the default schema with this preset's
    /// changes.
    pub fn schema(self) -> Schema {
        let mut schema = Schema::default();
        let help: &[(&str, &str)] = match self {
            Preset::WhoSaidIt => {
                schema.quote_types = owned(&["direct", "indirect"]);
                schema.label_sets.push(LabelSet {
                    name: "source_type".into(),
                    kinds: vec![Kind::Quote],
                    labels: owned(&["named person", "anonymous", "document", "organisation"]),
                });
                &[
                    (
                        "quote",
                        "Words someone said or wrote, as the article reports them.",
                    ),
                    (
                        "mention",
                        "A place where the article names a speaker (\"Kerry\", \"the minister\").",
                    ),
                    ("direct", "The speaker's own words, in quotation marks."),
                    (
                        "indirect",
                        "What the speaker said, in the reporter's words (\"Kerry said that …\").",
                    ),
                    ("source_type", "Who the source is."),
                    ("named person", "A person the article names."),
                    (
                        "anonymous",
                        "A source the article does not name (\"an official said\").",
                    ),
                    ("document", "A report, a law, a letter or a study."),
                    (
                        "organisation",
                        "A government, a company, a party or a group speaking as one.",
                    ),
                ]
            }
            Preset::ClaimsAndEvidence => {
                schema.label_sets.push(LabelSet {
                    name: "evidence".into(),
                    kinds: vec![Kind::Claim],
                    labels: owned(&["yes", "no", "link only"]),
                });
                &[
                    (
                        "claim",
                        "A statement that something is true about the world.",
                    ),
                    (
                        "checkworthy",
                        "Worth checking: it matters and it can be checked.",
                    ),
                    (
                        "factual_not_checkworthy",
                        "Factual, but not worth checking.",
                    ),
                    (
                        "not_factual",
                        "An opinion, a question or a promise: nothing to check.",
                    ),
                    ("evidence", "Does the article give evidence for the claim?"),
                    (
                        "yes",
                        "The article shows the evidence (a figure, a source, a document).",
                    ),
                    ("no", "No evidence is given."),
                    (
                        "link only",
                        "Only a link or a reference, without saying what it shows.",
                    ),
                ]
            }
            Preset::FactOrOpinion => {
                schema.custom_kinds = owned(&[FACT, OPINION, LOADED_LANGUAGE]);
                &[
                    (
                        FACT,
                        "Something that can be checked and shown true or false.",
                    ),
                    (
                        OPINION,
                        "What someone thinks, feels or wants: it cannot be proven.",
                    ),
                    (
                        LOADED_LANGUAGE,
                        "Words chosen to make the reader feel something (\"slammed\", \"regime\").",
                    ),
                ]
            }
        };
        schema.help = help
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>();
        schema
    }
}

fn owned(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|l| l.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_found_by_its_name_and_helps_with_each_kind() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_name(preset.name()), Some(preset));
            let schema = preset.schema();
            for kind in preset.kinds() {
                assert!(schema.allows_kind(&kind), "{preset:?} {kind}");
                assert!(schema.help.contains_key(kind.as_str()), "{preset:?} {kind}");
            }
        }
        assert_eq!(Preset::from_name("who said it"), None);
    }

    #[test]
    fn who_said_it_offers_the_source_types() {
        let schema = Preset::WhoSaidIt.schema();
        assert_eq!(schema.quote_types, ["direct", "indirect"]);
        assert_eq!(schema.label_sets[0].name, "source_type");
        assert_eq!(
            schema.label_sets[0].labels,
            ["named person", "anonymous", "document", "organisation"]
        );
    }
}
