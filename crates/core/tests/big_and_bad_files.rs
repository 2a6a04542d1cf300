//! Big and bad files through `formats::open`, the way the app and the CLI
//! open them: each opens, or is refused with an error that names the limit
//! it is over (`attrib_core::limits`). The big inputs are made here, never
//! committed.

use attrib_core::formats::open::{self, InputFile, OpenError, OpenOptions, ReadAs};
use attrib_core::formats::Format;
use attrib_core::limits::{self, Exceeded};

fn open_one(name: &str, contents: &str) -> Result<open::Opened, OpenError> {
    open::open(InputFile::new(name, contents), &OpenOptions::new("doc"))
}

/// An Attrib JSON document with `n` mentions of its first word, each a
/// line of its own.
fn native_with_mentions(n: usize) -> String {
    let mut json = String::with_capacity(n * 80 + 200);
    json.push_str(
        "{\"format\": \"attrib\", \"version\": 1,\n\"document\": {\"id\": \"d\", \
         \"text\": \"Kerry spoke.\"},\n\"speakers\": [{\"id\": \"s1\", \"name\": \"Kerry\"}],\n\
         \"annotations\": [\n",
    );
    for i in 0..n {
        if i > 0 {
            json.push_str(",\n");
        }
        json.push_str(&format!(
            "{{\"id\": \"a{i}\", \"kind\": \"mention\", \"speaker\": \"s1\", \
             \"spans\": [{{\"start\": 0, \"end\": 5, \"text\": \"Kerry\"}}]}}"
        ));
    }
    json.push_str("]}\n");
    json
}

fn refused_over(result: Result<open::Opened, OpenError>) -> Exceeded {
    match result {
        Err(OpenError::TooBig(exceeded)) => exceeded,
        Err(other) => panic!("refused, but not for a limit: {other}"),
        Ok(opened) => panic!("opened as {}", opened.read_as),
    }
}

#[test]
fn a_ten_megabyte_article_is_refused_naming_the_length_limit() {
    let paragraph = "The minister said the talks would go on. ".repeat(25) + "\n\n";
    let article = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    assert!(article.len() > 10 * 1024 * 1024);
    let exceeded = refused_over(open_one("long.txt", &article));
    assert_eq!(
        exceeded,
        Exceeded::TextChars {
            chars: article.chars().count()
        }
    );
    let message = OpenError::TooBig(exceeded).to_string();
    assert!(message.contains("up to 2,000,000 characters"), "{message}");
    // The same text as the article of a brat file is refused the same way.
    let mut options = OpenOptions::new("doc");
    options.text = Some(InputFile::new("long.txt", &article));
    let ann = InputFile::new("long.ann", "T1\tMention 0 3\tThe\n");
    assert!(matches!(
        open::open(ann, &options),
        Err(OpenError::TooBig(Exceeded::TextChars { .. }))
    ));
}

#[test]
fn an_article_just_within_the_length_limit_opens() {
    let line = "é".repeat(99) + "\n";
    let article = line.repeat(limits::MAX_TEXT_CHARS / 100);
    assert_eq!(article.chars().count(), limits::MAX_TEXT_CHARS);
    let opened = open_one("long.txt", &article).expect("opens");
    assert_eq!(opened.read_as, ReadAs::PlainText);
    assert_eq!(
        opened.imported.documents[0].text.len_chars(),
        limits::MAX_TEXT_CHARS
    );
}

#[test]
fn a_fifty_megabyte_json_is_refused_by_its_size_before_it_is_parsed() {
    let mut json = native_with_mentions(1);
    // Padding a parse would have to read: the size alone refuses it.
    json.insert_str(1, &" ".repeat(50 * 1024 * 1024));
    let exceeded = refused_over(open_one("big.json", &json));
    assert_eq!(
        exceeded,
        Exceeded::FileBytes {
            bytes: json.len() as u64
        }
    );
    assert_eq!(
        OpenError::TooBig(exceeded).to_string(),
        "the file is 50.0 MB, and Attrib opens files up to 48 MB"
    );
}

#[test]
fn a_json_with_a_million_annotations_is_refused_naming_a_limit() {
    let json = native_with_mentions(1_000_000);
    let exceeded = refused_over(open_one("many.json", &json));
    assert!(
        matches!(exceeded, Exceeded::FileBytes { .. }),
        "{exceeded:?}"
    );
    assert!(exceeded.to_string().contains("up to 48 MB"), "{exceeded}");
}

#[test]
fn one_annotation_over_the_limit_is_refused_and_the_limit_itself_opens() {
    let over = native_with_mentions(limits::MAX_ANNOTATIONS + 1);
    assert!((over.len() as u64) < limits::MAX_FILE_BYTES);
    let exceeded = refused_over(open_one("many.json", &over));
    assert_eq!(
        exceeded,
        Exceeded::Annotations {
            count: limits::MAX_ANNOTATIONS + 1
        }
    );
    assert!(
        exceeded.to_string().contains("up to 100,000 per document"),
        "{exceeded}"
    );
    let at = native_with_mentions(limits::MAX_ANNOTATIONS);
    let opened = open_one("many.json", &at).expect("the limit itself opens");
    assert_eq!(
        opened.imported.documents[0].annotations.len(),
        limits::MAX_ANNOTATIONS
    );
}

#[test]
fn json_nested_ten_thousand_deep_is_refused_without_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for name in ["deep.json", "deep.jsonl", "deep"] {
        let exceeded = refused_over(open_one(name, &deep));
        assert_eq!(exceeded, Exceeded::JsonDepth { line: 1 }, "{name}");
    }
    let wrapped = format!("{{\"format\": \"attrib\",\n\"x\": {deep}}}");
    assert_eq!(
        refused_over(open_one("deep.json", &wrapped)),
        Exceeded::JsonDepth { line: 2 }
    );
    // Told the format, it is refused all the same.
    for format in [Format::Native, Format::W3c, Format::LabelStudio] {
        let mut options = OpenOptions::new("doc");
        options.from = Some(ReadAs::Format(format));
        let result = open::open(InputFile::new("deep", &deep), &options);
        assert!(
            matches!(result, Err(OpenError::TooBig(Exceeded::JsonDepth { .. }))),
            "{format}: {result:?}"
        );
    }
    let message = OpenError::TooBig(Exceeded::JsonDepth { line: 1 }).to_string();
    assert!(message.contains("more than 64 levels deep"), "{message}");
}

#[test]
fn binary_empty_and_wrong_type_files_are_refused_with_their_reason() {
    // A PNG's first bytes: not UTF-8.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(open::decode(png), Err(OpenError::NotUtf8 { byte: 0 }));
    // The same bytes as a browser reads them (bad bytes become U+FFFD).
    let lossy = String::from_utf8_lossy(png);
    assert_eq!(
        open_one("picture.png", &lossy).map(|o| o.read_as),
        Err(OpenError::NotText)
    );
    // A zip (a .docx) in UTF-8 terms: control characters.
    let zip = "PK\u{3}\u{4}\u{14}\0\u{6}\0word/document.xml";
    assert_eq!(
        open_one("report.docx", zip).map(|o| o.read_as),
        Err(OpenError::NotText)
    );
    assert_eq!(
        open_one("empty.json", "").map(|o| o.read_as),
        Err(OpenError::Empty)
    );
    assert_eq!(
        open_one("blank.txt", "\n \t\n").map(|o| o.read_as),
        Err(OpenError::Empty)
    );
    assert_eq!(
        open_one("table.csv", "name,age\nAna,31\n").map(|o| o.read_as),
        Err(OpenError::NotAttribCsv)
    );
    assert_eq!(
        open_one("config.json", "{\"name\": \"x\", \"items\": [1, 2]}").map(|o| o.read_as),
        Err(OpenError::UnknownJson)
    );
}

#[test]
fn pasted_text_of_twenty_megabytes_is_over_the_length_limit() {
    let pasted = "Kerry said so. ".repeat(20 * 1024 * 1024 / 15 + 1);
    assert!(pasted.len() > 20 * 1024 * 1024);
    let exceeded = limits::check_text(&pasted).expect_err("too long");
    assert!(
        exceeded.to_string().contains("up to 2,000,000 characters"),
        "{exceeded}"
    );
}
