//! Making an assignment from the teacher's document and the choices of the
//! "Make assignment" dialog, and the link or file that hands it out.

use attrib_core::assignment::{encode_link, Assignment, LinkError, Preset};
use attrib_core::model::{AnnotatedDocument, Kind};

/// What the teacher chose in the dialog.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Choices {
    pub instructions: String,
    pub preset: Preset,
    pub kinds: Vec<Kind>,
    /// The document's annotations (of the kinds asked for) travel as the
    /// hidden key.
    pub self_check: bool,
}

impl Choices {
    /// The dialog's first choices: "Who said it" and its kinds.
    pub fn new() -> Choices {
        Choices {
            instructions: String::new(),
            preset: Preset::WhoSaidIt,
            kinds: Preset::WhoSaidIt.kinds(),
            self_check: false,
        }
    }
}

/// The kinds the dialog offers: quotes, mentions, claims, then the custom
/// kinds of the document and of the preset.
pub(crate) fn offered_kinds(doc: &AnnotatedDocument, preset: Preset) -> Vec<Kind> {
    let mut kinds = vec![Kind::Quote, Kind::Mention, Kind::Claim];
    let custom = doc
        .schema
        .custom_kinds
        .iter()
        .cloned()
        .map(Kind::Custom)
        .chain(preset.kinds());
    for kind in custom {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// The assignment on `doc` with `choices`, or why there is none.
pub(crate) fn assignment(doc: &AnnotatedDocument, choices: &Choices) -> Result<Assignment, String> {
    if choices.kinds.is_empty() {
        return Err("Choose at least one kind of thing for students to mark.".into());
    }
    if doc.text.len_chars() == 0 {
        return Err("The article is empty: open or paste an article first.".into());
    }
    let mut assignment = Assignment::from_preset(doc, choices.preset);
    assignment.kinds = choices.kinds.clone();
    assignment.instructions = choices.instructions.trim().to_string();
    assignment.allow_kinds();
    if choices.self_check {
        let mut key = doc.clone();
        key.annotations.retain(|a| choices.kinds.contains(&a.kind));
        assignment
            .set_key(&key)
            .map_err(|e| format!("The answer key cannot go with the assignment: {e}."))?;
    }
    Ok(assignment)
}

/// The link to hand out, or `None` with the reason when only the file will
/// do (the link would be too long for mail and chat programs).
pub(crate) fn link(assignment: &Assignment, base_url: &str) -> Result<String, String> {
    encode_link(assignment, base_url).map_err(|e| match e {
        LinkError::TooLong { bytes } => format!(
            "This article is too long for a link ({} KB; links over {} KB get cut by mail and \
             chat programs). Download the assignment file and hand that out instead.",
            bytes / 1000,
            attrib_core::assignment::LINK_LIMIT / 1000
        ),
        other => format!("No link could be made: {other}. Hand out the assignment file instead."),
    })
}
