//! Accepting suggestions: the workspace actions that turn chosen
//! suggestions into ordinary annotations, as one undoable batch. A new
//! speaker is added once, before the first annotation naming it; a speaker
//! the document already has is reused; a suggestion overlapping the user's
//! own annotation of the same kind is skipped (suggestions may nest in one
//! another: "According to CNN, officials said that …").

use std::collections::HashMap;

use super::Suggestions;
use crate::workspace::{next_free_id, Action};
use crate::{AnnotatedDocument, Annotation, Kind, Span};

/// The actions accepting the suggestions at `chosen` (indices into
/// `suggestions.items`; repeats and unknown indices are ignored), for
/// [`Workspace::apply_all`](crate::workspace::Workspace::apply_all).
/// `note` is given to every new annotation ("" for none).
pub fn accept(
    doc: &AnnotatedDocument,
    suggestions: &Suggestions,
    chosen: &[usize],
    note: &str,
) -> Vec<Action> {
    let mut chosen: Vec<usize> = chosen
        .iter()
        .copied()
        .filter(|&i| i < suggestions.items.len())
        .collect();
    chosen.sort_unstable();
    chosen.dedup();

    let mut annotation_ids: Vec<String> = doc.annotations.iter().map(|a| a.id.clone()).collect();
    let mut speaker_ids: Vec<String> = doc.speakers.iter().map(|s| s.id.clone()).collect();
    let mut speaker_of_guess: HashMap<usize, String> = HashMap::new();
    // The user's annotations, which suggestions never overlap, and the
    // suggestions accepted so far, which may nest but not repeat.
    let mut accepted: Vec<(Kind, Vec<Span>)> = Vec::new();
    let taken: Vec<(Kind, Vec<Span>)> = doc
        .annotations
        .iter()
        .map(|a| (a.kind.clone(), a.spans.clone()))
        .collect();
    let mut actions = Vec::new();
    for i in chosen {
        let item = &suggestions.items[i];
        let clashes = taken.iter().any(|(kind, spans)| {
            *kind == item.kind
                && spans
                    .iter()
                    .any(|s| item.spans.iter().any(|t| s.overlaps(t)))
        }) || accepted
            .iter()
            .any(|(kind, spans)| *kind == item.kind && *spans == item.spans);
        if clashes || item.spans.is_empty() {
            continue;
        }
        let guess = item
            .speaker
            .and_then(|g| suggestions.speakers.get(g).map(|s| (g, s)));
        let speaker = guess.map(|(g, guess)| match speaker_of_guess.get(&g) {
            Some(id) => id.clone(),
            None => {
                let known = guess.known_in(doc).map(|s| s.id.clone());
                let id = known.unwrap_or_else(|| {
                    let id = next_free_id("s", speaker_ids.iter().map(String::as_str));
                    speaker_ids.push(id.clone());
                    actions.push(Action::AddSpeaker {
                        speaker: guess.to_speaker(id.clone()),
                    });
                    id
                });
                speaker_of_guess.insert(g, id.clone());
                id
            }
        });
        if item.kind == Kind::Mention && speaker.is_none() {
            continue;
        }
        let id = next_free_id("a", annotation_ids.iter().map(String::as_str));
        annotation_ids.push(id.clone());
        let mut annotation = Annotation::new(id, item.kind.clone(), item.spans.clone());
        annotation.speaker = speaker;
        if item.kind == Kind::Quote {
            annotation.quote_type = item
                .quote_type
                .map(|q| q.as_str().to_string())
                .filter(|q| doc.schema.quote_types.contains(q));
            annotation.cue = item.cue;
        }
        annotation.note = note.to_string();
        accepted.push((item.kind.clone(), item.spans.clone()));
        actions.push(Action::AddAnnotation { annotation });
    }
    actions
}

/// [`accept`] for every suggestion of one kind ("accept all quotes").
pub fn accept_kind(
    doc: &AnnotatedDocument,
    suggestions: &Suggestions,
    kind: &Kind,
    note: &str,
) -> Vec<Action> {
    accept(doc, suggestions, &suggestions.indices_of(kind), note)
}

#[cfg(test)]
mod tests {
    use super::super::{suggest, QuoteType, SpeakerGuess, Suggestion};
    use super::*;
    use crate::workspace::Workspace;
    use crate::Speaker;
    use crate::{Document, Metadata};

    fn doc(text: &str) -> AnnotatedDocument {
        AnnotatedDocument::new(Metadata::default(), Document::new(text))
    }

    const TEXT: &str = "“We lost the argument,” Kerry said.\n\n“We will try again,” Kerry added.";

    #[test]
    fn accepting_twice_the_same_speaker_adds_them_once() {
        let d = doc(TEXT);
        let found = suggest(&d);
        let quotes = found.indices_of(&Kind::Quote);
        assert_eq!(quotes.len(), 2);
        let actions = accept(&d, &found, &quotes, "suggested");
        let added: Vec<&Action> = actions
            .iter()
            .filter(|a| matches!(a, Action::AddSpeaker { .. }))
            .collect();
        assert_eq!(added.len(), 1);
        let mut ws = Workspace::new(d).expect("a valid document");
        ws.apply_all(actions).expect("the actions apply");
        let annotations = &ws.document().annotations;
        assert_eq!(annotations.len(), 2);
        assert!(annotations
            .iter()
            .all(|a| a.speaker.as_deref() == Some("s1") && a.note == "suggested"));
        assert_eq!(ws.history().undo_len(), 1);
    }

    #[test]
    fn a_suggestion_overlapping_the_users_annotation_of_its_kind_is_skipped() {
        let mut d = doc(TEXT);
        let found = suggest(&d);
        d.annotations
            .push(Annotation::new("mine", Kind::Quote, vec![Span::new(0, 5)]));
        let actions = accept(&d, &found, &found.indices_of(&Kind::Quote), "");
        let quotes = actions
            .iter()
            .filter(|a| matches!(a, Action::AddAnnotation { .. }))
            .count();
        assert_eq!(quotes, 1);
    }

    #[test]
    fn a_speaker_the_document_has_is_reused_by_name() {
        let mut d = doc(TEXT);
        d.speakers.push(Speaker::new("k", "Kerry"));
        let found = Suggestions {
            items: vec![Suggestion {
                id: "sg1".into(),
                kind: Kind::Quote,
                spans: vec![Span::new(0, 23)],
                quote_type: Some(QuoteType::Direct),
                cue: Some(Span::new(30, 34)),
                speaker: Some(0),
            }],
            speakers: vec![SpeakerGuess {
                name: "Kerry".into(),
                role: None,
                aliases: vec![],
                mentions: vec![],
                existing: None,
            }],
        };
        let actions = accept(&d, &found, &[0], "");
        assert!(matches!(
            actions.as_slice(),
            [Action::AddAnnotation { annotation }] if annotation.speaker.as_deref() == Some("k")
        ));
    }
}
