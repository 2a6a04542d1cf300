//! A student's submission. On disk it is an ordinary Attrib JSON document
//! (any tool reads it): the assignment's article with the student's
//! annotations, the student's name in `document.annotator` and the class in
//! `document.class_id`. The assignment it answers is the one whose id is
//! the SHA-256 of its text, which the export carries as
//! `document.sha256`.

use crate::model::AnnotatedDocument;

use super::Assignment;

/// A student's work on an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The student's name, as they typed it.
    pub student: String,
    pub class_id: Option<String>,
    /// The article with the student's annotations.
    pub document: AnnotatedDocument,
}

impl Submission {
    /// A new, empty submission of `student` on `assignment`.
    pub fn start(assignment: &Assignment, student: &str, class_id: Option<&str>) -> Submission {
        Submission {
            student: student.trim().to_string(),
            class_id: class_id.map(|c| c.trim().to_string()),
            document: assignment.blank_document(),
        }
    }

    /// The submission a document is: the student named by its
    /// `annotator`, else `fallback` (a file name, say).
    pub fn from_document(document: AnnotatedDocument, fallback: &str) -> Submission {
        let named = |name: &Option<String>| {
            name.as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
        };
        Submission {
            student: named(&document.meta.annotator).unwrap_or_else(|| fallback.to_string()),
            class_id: named(&document.meta.class_id),
            document,
        }
    }

    /// The id of the assignment answered: the SHA-256 of the text.
    pub fn assignment_id(&self) -> &str {
        self.document.text.sha256()
    }

    /// The document to save, with the student's name and class in its
    /// metadata.
    pub fn to_document(&self) -> AnnotatedDocument {
        let mut document = self.document.clone();
        document.meta.annotator = Some(self.student.clone());
        document.meta.class_id = self.class_id.clone();
        document
    }
}

/// The file name of a submission: the article title, the student's name
/// and their class ID when they gave one, each cut to 40 characters,
/// letters and digits kept and every other run of characters a single
/// `-`, lower case: `talks-fail--ana-lopez.json`,
/// `talks-fail--ana-lopez--7b.json`. Never empty and never a path.
pub fn submission_file_name(student: &str, class_id: Option<&str>, title: &str) -> String {
    let title = slug(title, "article");
    let student = slug(student, "student");
    match class_id.map(|c| slug(c, "")).filter(|c| !c.is_empty()) {
        Some(class) => format!("{title}--{student}--{class}.json"),
        None => format!("{title}--{student}.json"),
    }
}

fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metadata;
    use crate::text::Document;

    #[test]
    fn file_names_keep_letters_and_digits_and_are_never_paths() {
        assert_eq!(
            submission_file_name("  Ana López ", None, "Talks fail: Kerry blames Russia"),
            "talks-fail-kerry-blames-russia--ana-lópez.json"
        );
        assert_eq!(
            submission_file_name("../../etc", None, "/"),
            "article--etc.json"
        );
        assert_eq!(submission_file_name("", None, ""), "article--student.json");
        let long = submission_file_name(&"x".repeat(100), None, "t");
        assert_eq!(long, format!("t--{}.json", "x".repeat(40)));
    }

    #[test]
    fn a_class_id_given_follows_the_name_in_the_file_name() {
        assert_eq!(
            submission_file_name("Ana", Some(" 7B / north "), "Talks fail"),
            "talks-fail--ana--7b-north.json"
        );
        assert_eq!(
            submission_file_name("Ana", Some(" / "), "Talks fail"),
            "talks-fail--ana.json",
            "a class ID of no letters or digits is left out"
        );
        assert_eq!(
            submission_file_name("Ana", Some("../.."), "t"),
            "t--ana.json"
        );
    }

    #[test]
    fn the_student_is_named_in_the_metadata_or_else_by_the_fallback() {
        let doc = AnnotatedDocument::new(Metadata::default(), Document::new("Text."));
        let unnamed = Submission::from_document(doc.clone(), "ana.json");
        assert_eq!(unnamed.student, "ana.json");
        let mut named = unnamed.clone();
        named.student = "Ana".into();
        named.class_id = Some("7B".into());
        let again = Submission::from_document(named.to_document(), "x");
        assert_eq!(
            (again.student.as_str(), again.class_id.as_deref()),
            ("Ana", Some("7B"))
        );
        assert_eq!(again.assignment_id(), doc.text.sha256());
    }
}
