//! Mentions that name no speaker. Attrib requires every mention to name
//! the speaker it refers to ([`crate::validate`]); files from other tools
//! (a W3C file whose `mention` tags have no identifying body, a brat or CSV
//! row without one, a doccano or Label Studio span labelled `PER`) often
//! mark only where a person is named. Import gives each such mention the
//! speaker its text names: an existing speaker with that name or alias
//! ([`speaker_named`]), else a new one, so that every import yields a
//! document `validate` accepts. Attrib's own JSON is read as written: a
//! mention without a speaker there is a problem `validate` reports.

use crate::model::{speaker_named, AnnotatedDocument, Kind, Speaker};

/// The first id `s1`, `s2`, … that none of `speakers` has.
pub(crate) fn fresh_speaker_id(speakers: &[Speaker]) -> String {
    (1..)
        .map(|n| format!("s{n}"))
        .find(|id| !speakers.iter().any(|s| &s.id == id))
        .unwrap_or_default()
}

/// The id of the speaker called `name` (its name or an alias), adding one
/// named `name` under a fresh id when there is none; a blank `name` adds a
/// speaker named by its id.
pub(crate) fn speaker_called(speakers: &mut Vec<Speaker>, name: &str) -> String {
    let name = name.trim();
    if !name.is_empty() {
        if let Some(known) = speaker_named(speakers, name) {
            return known.id.clone();
        }
    }
    let id = fresh_speaker_id(speakers);
    let name = if name.is_empty() { id.as_str() } else { name };
    speakers.push(Speaker::new(id.clone(), name));
    id
}

/// Gives every mention of `doc` without a speaker the speaker its text
/// names ([`speaker_called`]; the text of a mention in several parts is
/// its parts joined by a space). Returns a warning saying so, or `None`
/// when every mention already named its speaker.
pub(crate) fn name_their_speakers(doc: &mut AnnotatedDocument) -> Option<String> {
    let before = doc.speakers.len();
    let mut named = 0;
    for i in 0..doc.annotations.len() {
        let annotation = &doc.annotations[i];
        if annotation.kind != Kind::Mention || annotation.speaker.is_some() {
            continue;
        }
        let text: Vec<&str> = annotation
            .spans
            .iter()
            .filter_map(|&span| doc.text.slice(span))
            .collect();
        let id = speaker_called(&mut doc.speakers, &text.join(" "));
        doc.annotations[i].speaker = Some(id);
        named += 1;
    }
    if named == 0 {
        return None;
    }
    let added = doc.speakers.len() - before;
    let mentions = if named == 1 {
        "1 mention names".to_string()
    } else {
        format!("{named} mentions name")
    };
    let speakers = match added {
        0 => "no speaker was added".to_string(),
        1 => "1 speaker was added".to_string(),
        n => format!("{n} speakers were added"),
    };
    Some(format!(
        "document {}: {mentions} no speaker; each now names the speaker its text names \
         ({speakers})",
        doc.meta.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Metadata, Span};
    use crate::text::Document;
    use crate::validate::is_valid;

    fn doc() -> AnnotatedDocument {
        let mut doc = AnnotatedDocument::new(
            Metadata {
                id: "d".into(),
                ..Metadata::default()
            },
            Document::new("Kerry met Lavrov. kerry spoke. Secretary spoke.   ."),
        );
        let mut kerry = Speaker::new("s1", "John Kerry");
        kerry.aliases.push("Kerry".into());
        doc.speakers.push(kerry);
        doc.speakers.push(Speaker::new("s3", "Someone"));
        for (id, span) in [
            ("m1", Span::new(0, 5)),
            ("m2", Span::new(10, 16)),
            ("m3", Span::new(18, 23)),
            ("m4", Span::new(48, 50)),
        ] {
            doc.annotations
                .push(Annotation::new(id, Kind::Mention, vec![span]));
        }
        doc
    }

    #[test]
    fn mentions_without_a_speaker_take_the_speaker_their_text_names() {
        let mut doc = doc();
        assert!(!is_valid(&doc));
        let warning = name_their_speakers(&mut doc).expect("a warning");
        assert_eq!(
            warning,
            "document d: 4 mentions name no speaker; each now names the speaker its text \
             names (2 speakers were added)"
        );
        let speaker_of = |i: usize| doc.annotations[i].speaker.as_deref();
        assert_eq!(speaker_of(0), Some("s1"), "an alias names Kerry");
        assert_eq!(
            speaker_of(1),
            Some("s2"),
            "a new speaker, the first free id"
        );
        assert_eq!(speaker_of(2), Some("s1"), "case does not count");
        assert_eq!(speaker_of(3), Some("s4"), "blank text: named by its id");
        assert_eq!(doc.speakers[2], Speaker::new("s2", "Lavrov"));
        assert_eq!(doc.speakers[3], Speaker::new("s4", "s4"));
        assert!(is_valid(&doc));
        assert_eq!(name_their_speakers(&mut doc), None, "nothing left to do");
    }
}
