//! The command line as clap types: every subcommand, option and help text.

use std::path::PathBuf;

use attrib_core::assignment::Preset;
use attrib_core::formats::open::ReadAs;
use attrib_core::formats::Format;
use attrib_core::score::Rubric;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The offset convention, repeated at the end of every command's help.
macro_rules! offsets {
    () => {
        "Offsets: every offset attrib reads or writes counts Unicode code points, \
         end-exclusive, exactly like Python's text[start:end] (an emoji is one code point). \
         doccano and Label Studio files count UTF-16 code units instead, as those tools do; \
         attrib converts them on the way in and out. Line breaks are normalised to \\n before \
         anything is counted."
    };
}

const TOP_AFTER_HELP: &str = "\
Formats (the names --from and --to take):
  json          Attrib's own JSON export (\"format\": \"attrib\", \"version\": 1)
  w3c           W3C Web Annotation JSON-LD (does not carry the text: give --text)
  brat          brat standoff, a .txt and an .ann (the .txt beside the .ann is read)
  doccano       doccano sequence-labelling JSONL (UTF-16 offsets)
  label-studio  Label Studio JSON tasks (UTF-16 offsets)
  jsonl         a corpus: one Attrib JSON document per line
  csv           one row per annotation, for spreadsheets (does not carry the text)
  txt           input only: a plain article text, read as a document with no annotations
  md, html      input only: a Markdown article, or a web page reduced to its article text

Offsets: every offset attrib reads or writes counts Unicode code points, end-exclusive,
exactly like Python's text[start:end]. doccano and Label Studio files count UTF-16 code units,
as those tools do; attrib converts them on the way in and out.

Exit status: 0 success; 1 invalid or unreadable data; 2 wrong usage.

Examples:
  attrib validate article.json corpus.jsonl
  attrib convert article.json --to brat -o out/
  attrib convert out/article.ann --to label-studio -o article.ls.json
  attrib convert article.w3c.json --text article.txt --to json
  attrib stats article.json --json
  attrib suggest article.txt -o article.json
  attrib eval --gold gold/*.json
  attrib agree alice.json bob.json
  attrib assignment article.json --preset who-said-it --self-check -o lesson.assignment.json
  attrib score --key key.json students/*.json --csv -o grades.csv";

/// Validate, convert and inspect Attrib annotation files.
#[derive(Debug, Parser)]
#[command(
    name = "attrib",
    version,
    about = "Validate, convert and inspect Attrib annotation files",
    long_about = "Validate, convert and inspect Attrib annotation files: quotes, claims, \
                  speakers and stances marked on news articles.\n\n\
                  attrib reads Attrib JSON, W3C Web Annotation, brat standoff, doccano, \
                  Label Studio, JSONL corpora, CSV and plain text, telling the format from the \
                  file itself. Output goes to standard output unless -o is given; messages go \
                  to standard error.",
    after_help = TOP_AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that annotation files are well-formed and their annotations valid
    #[command(
        long_about = "Check that annotation files are well-formed and that every document in \
                      them is valid: spans lie inside the text, ids are unique, referenced \
                      speakers exist, labels and kinds are in the document's schema, and each \
                      field appears only on the kinds it applies to.\n\n\
                      Each file's format is detected (see `attrib --help`). A brat .ann is read \
                      with the .txt beside it; a W3C file or a CSV needs the article text with \
                      --text. Spans whose text is not where the file says and that cannot be \
                      placed by their exact text are problems too.\n\n\
                      Prints one line per problem on standard output, each starting with the \
                      file name and where in the file the problem is, in the layout of the \
                      Attrib JSON export:\n  \
                      article.json: annotations[2] (q3).spans[0]: reversed span 12..9; expected start < end\n\
                      A file holding several documents (JSONL, doccano) names the document \
                      first: corpus.jsonl: documents[4] (doc-5).annotations[0] (q1).speaker: ...\n\n\
                      A summary per file goes to standard error.",
        after_help = concat!(
            "Exit status: 0 when every file is valid; 1 when any file has a problem or \
                      cannot be read; 2 on wrong usage (an unknown option, or a file that needs \
                      --text without it).\n\n\
                      Examples:\n  \
                      attrib validate article.json\n  \
                      attrib validate corpus.jsonl exports/*.json\n  \
                      attrib validate article.w3c.json --text article.txt\n  \
                      attrib validate brat/article.ann        (reads brat/article.txt too)",
            "\n\n",
            offsets!()
        )
    )]
    Validate(ValidateArgs),

    /// Convert an annotation file to another format
    #[command(
        long_about = "Convert an annotation file (or a plain article text) to another format.\n\n\
                      The input format is detected from the file unless --from is given. Formats \
                      that do not carry the article text take it from --text: W3C and CSV always; \
                      brat reads the .txt beside the .ann unless --text names another. Given with \
                      Attrib JSON or JSONL, --text replaces the file's text, and every span is \
                      re-anchored by its exact text and context (doccano and Label Studio files \
                      carry their own text and take no other).\n\n\
                      A plain text input (a .txt file, or any file that is no annotation format \
                      and holds plain text) becomes a document with no annotations, the default \
                      schema and no speakers; its id is the file name without extension and its \
                      title its first line when that is short (a Markdown \"# \" left out), \
                      else the file name. A web page (.html) is reduced to its article text.\n\n\
                      Output goes to standard output, or to the file -o names (into it, as \
                      <input name>.<extension>, when -o names an existing directory). brat \
                      writes two files, so it needs -o DIR: it writes DIR/<input name>.txt and \
                      DIR/<input name>.ann, creating DIR if needed (a corpus of several documents \
                      gives one pair per document, named by document id).\n\n\
                      When the text differs from the one the file was made on, a span that \
                      cannot be placed without guessing is never moved: it is reported on \
                      standard error, one line each, and its annotation is left out (an \
                      unplaced cue only loses the cue). A line of a brat .ann, a JSONL corpus or \
                      a CSV that does not read (bad offsets, an event without arguments) is left \
                      out the same way, named by its line. The conversion still succeeds unless \
                      --strict is given.",
        after_help = concat!(
            "Exit status: 0 on success (also when spans were reported as unplaced, \
                      unless --strict); 1 when the input cannot be read or converted, or with \
                      --strict when a span could not be placed or a line did not read (nothing \
                      is written then); 2 on \
                      wrong usage.\n\n\
                      Examples:\n  \
                      attrib convert article.json --to w3c -o article.w3c.json\n  \
                      attrib convert article.w3c.json --text article.txt --to json\n  \
                      attrib convert article.json --to brat -o brat/\n  \
                      attrib convert brat/article.ann --to doccano > article.doccano.jsonl\n  \
                      attrib convert article.txt --to label-studio -o tasks.json\n  \
                      attrib convert old.json --text corrected.txt --to json --strict -o new.json\n  \
                      cat article.json | attrib convert - --to csv",
            "\n\n",
            offsets!()
        )
    )]
    Convert(ConvertArgs),

    /// Count annotations per kind, label and speaker
    #[command(
        long_about = "Count what a file holds: documents, annotations per kind (quote, claim, \
                      mention and custom kinds), per label (quote types, stance labels, \
                      check-worthiness, claim types; every label of the schema is listed, also \
                      when unused, and annotations without the label are counted apart) and per \
                      speaker (quotes, mentions, claims, custom-kind annotations). Quotes \
                      without a speaker and claims made by the article itself are counted \
                      apart.\n\n\
                      Speakers are counted by name, so a person who appears in several \
                      documents of a corpus is one row.\n\n\
                      Prints a table for people by default, or one JSON object with --json.",
        after_help = concat!(
            "Exit status: 0 on success; 1 when the file cannot be read; 2 on wrong \
                      usage.\n\n\
                      Examples:\n  \
                      attrib stats article.json\n  \
                      attrib stats corpus.jsonl --json -o stats.json\n  \
                      attrib stats article.w3c.json --text article.txt",
            "\n\n",
            offsets!()
        )
    )]
    Stats(StatsArgs),

    /// Suggest quotes, cues and speakers, written as annotations
    #[command(
        long_about = "Suggest the quotes of an article (direct, mixed and indirect), their cues \
                      and their speakers, by rules (no model), and write the document with the \
                      suggestions added as annotations: quotes with their quote type, cue and \
                      speaker, and mentions of each speaker. Every added annotation has the \
                      note \"suggested by attrib\"; the document's own annotations and speakers \
                      are kept, never duplicated, and reused.\n\n\
                      The input is a plain text or any format attrib reads (see `attrib \
                      --help`). A summary goes to standard error.",
        after_help = concat!(
            "Exit status: 0 on success; 1 when the input cannot be read or written; 2 on \
                      wrong usage.\n\n\
                      Examples:\n  \
                      attrib suggest article.txt -o article.json\n  \
                      attrib suggest article.json --to brat -o brat/",
            "\n\n",
            offsets!()
        )
    )]
    Suggest(SuggestArgs),

    /// Score the suggester against hand-annotated gold files
    #[command(
        long_about = "Run the suggester on the text of each gold file (its annotations \
                      hidden) and score the result against the gold quotes: precision, recall \
                      and F1 for quote spans, exact and at |intersection| / |union| >= 0.5 \
                      (pairs taken greedily from the highest ratio); on the quotes matched at \
                      0.5, cue accuracy (the cues overlap) and speaker accuracy (a name or \
                      alias is the same, case aside, or holds the other as whole words, or the \
                      suggested speaker is mentioned where the gold speaker is named near the \
                      quote). Direct quotes and all quotes are counted apart; a gold quote \
                      without a quote type counts as direct when it opens and closes with \
                      quotation marks.\n\n\
                      A directory given as GOLD stands for its .json, .jsonl and .ann files. \
                      A gold file that cannot be read is reported on standard error and left \
                      out of the scores.",
        after_help = "Exit status: 0 on success; 1 when no gold file can be read; 2 on wrong \
                      usage.\n\n\
                      Examples:\n  \
                      attrib eval --gold crates/core/tests/fixtures/gold/*.json\n  \
                      attrib eval --gold polnear/train/ --json -o scores.json"
    )]
    Eval(EvalArgs),

    /// Agreement between annotators: span F1, Cohen's kappa, Krippendorff's alpha
    #[command(
        long_about = "Measure agreement between annotators. Each FILE is one annotator's \
                      version (a document or a corpus, in any format attrib reads); documents \
                      are matched by the SHA-256 of their text, and a text only one file holds \
                      is listed with the reason.\n\n\
                      Prints the figures over all documents, each named <measure>.<scope>: \
                      f1_exact and f1_overlap (span F1 per pair of annotators, exact or at \
                      |intersection| / |union| >= --overlap, mean over pairs), kappa (Cohen's, \
                      mean over pairs) and alpha (Krippendorff's nominal, missing values \
                      allowed) with every non-whitespace code point a unit, and on quotes both \
                      marked speaker_agreement and stance_kappa. Scopes: each kind, all, and \
                      for kappa and alpha the label sets (labels.stance, labels.quote_type, \
                      ...). Then one row per document, worst first (by f1_overlap.all, then \
                      alpha.all). A figure that is not defined (no variation, nothing marked) \
                      shows as - with the reason; in JSON it is null.",
        after_help = concat!(
            "Exit status: 0 on success; 1 when a file cannot be read or no document is held \
                      by two files; 2 on wrong usage (fewer than two files, an overlap outside \
                      0..1).\n\n\
                      Examples:\n  \
                      attrib agree alice.json bob.json\n  \
                      attrib agree alice.jsonl bob.jsonl cy.jsonl --overlap 0.8\n  \
                      attrib agree alice.json bob.json --json -o agreement.json",
            "\n\n",
            offsets!()
        )
    )]
    Agree(AgreeArgs),

    /// Merge two annotators' versions into one adjudicated document or corpus
    #[command(
        long_about = "Merge two annotators' versions of the same documents (or an annotator's \
                      and a draft gold) without a reviewer. Documents are paired by the \
                      SHA-256 of their text; one without a partner is listed and left out. \
                      Annotations of the same kind pair greedily by overlap |intersection| / \
                      |union| >= --overlap; a pair that is the same in every field (the note \
                      aside) is an agreement and kept once. Every disagreement is resolved by \
                      --take: left (LEFT's version wins), right (RIGHT's wins), both (keep \
                      everything either marked; two differing annotations are both kept) or \
                      union (keep what either alone marked; of two differing annotations keep \
                      LEFT's).\n\n\
                      The output is marked adjudicated: its \"adjudicated_from\" names both \
                      files, its id gets -adjudicated, and each annotation's note ends with \
                      where it came from (\"adjudicated: from LEFT\" or \"adjudicated: LEFT \
                      and RIGHT agreed\"). One document is written as Attrib JSON, several as \
                      a JSONL corpus. To walk through the disagreements one by one, use the \
                      app's adjudication view.",
        after_help = concat!(
            "Exit status: 0 on success; 1 when a file cannot be read or the two share no \
                      document; 2 on wrong usage.\n\n\
                      Examples:\n  \
                      attrib adjudicate alice.json bob.json -o gold.json\n  \
                      attrib adjudicate alice.jsonl draft-gold.jsonl --take right -o gold.jsonl",
            "\n\n",
            offsets!()
        )
    )]
    Adjudicate(AdjudicateArgs),

    /// Score students' annotations against an answer key, as a class table
    #[command(
        long_about = "Score each student's file against the answer key and print the class \
                      table: per student, the key annotations found and missed and the extra \
                      ones, precision, recall and F1 (over all kinds: found, missed and extra \
                      are added up), F1 per kind, on found quotes the share with the right \
                      speaker (by name or alias, case aside) and stance, on found claims the \
                      share with the right check-worthiness, and the rubric level (Beginning \
                      below 0.5, Emerging below 0.8, Mastery from 0.8; --rubric sets your own \
                      levels, --override a student's level and a comment, as the app does).\n\n\
                      For each kind, key and student annotations pair greedily from the \
                      highest overlap |intersection| / |union| of the code points they cover; \
                      a pair at or above --overlap counts as found. With nothing marked on \
                      either side F1 is 1; with an empty key anything marked is extra.\n\n\
                      KEY is an Attrib file of the teacher's answers, or an assignment file \
                      made with --self-check (then only the assignment's kinds are scored). \
                      Each STUDENT file is a submission (an Attrib JSON document; the student's \
                      name is its document.annotator, else the file name) or any format attrib \
                      reads. A submission on a different text than the key's (by SHA-256) is \
                      not scored: it is listed with the reason, as is a file that cannot be \
                      read.",
        after_help = concat!(
            "Exit status: 0 when the table is printed (also with files not scored); 1 when \
                      the key cannot be read or no student file can be scored; 2 on wrong \
                      usage.\n\n\
                      Examples:\n  \
                      attrib score --key key.json ana.json ben.json\n  \
                      attrib score --key lesson.assignment.json submissions/*.json --csv -o grades.csv\n  \
                      attrib score --key key.json class/*.json --overlap 0.8 --json\n  \
                      attrib score --key key.json class/*.json --kinds quote,mention\n  \
                      attrib score --key key.json class/*.json --rubric \"Not yet<0.6,Pass\" \
                      --override \"Ana=Pass:redid the task\"",
            "\n\n",
            offsets!()
        )
    )]
    Score(ScoreArgs),

    /// Make an assignment for students from an article: a file or a link
    #[command(
        long_about = "Make an assignment from an article (a plain text or any format attrib \
                      reads, or an assignment file to remake): the article with no \
                      annotations, the instructions, the kinds students mark and their label \
                      sets. A preset sets kinds and labels with short help: who-said-it \
                      (quotes direct or indirect, speakers, source type), claims-and-evidence \
                      (claims, check-worthiness, evidence given: yes, no, link only), \
                      fact-or-opinion (spans marked fact, opinion or loaded-language).\n\n\
                      With --self-check the article's annotations (of the kinds asked for) \
                      travel with the assignment as its answer key, so students can check \
                      themselves; a determined student can read the key from the file or \
                      link.\n\n\
                      Writes the assignment file (JSON, \"format\": \"attrib-assignment\"), or \
                      with --link BASE_URL prints a link BASE_URL#a=... holding the whole \
                      assignment compressed in its fragment, which browsers never send to a \
                      server. A link longer than 16,000 bytes is refused: hand out the file \
                      instead.",
        after_help = "Exit status: 0 on success; 1 when the article cannot be read or the link \
                      would be too long; 2 on wrong usage.\n\n\
                      Examples:\n  \
                      attrib assignment article.txt --preset who-said-it -o lesson.assignment.json\n  \
                      attrib assignment key.json --kinds quote,mention --instructions task.txt --self-check -o lesson.json\n  \
                      attrib assignment lesson.json --link https://example.org/attrib/"
    )]
    Assignment(AssignmentArgs),
}

/// How to read input files: the format and, for formats without it, the text.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Read the input as this format instead of detecting it
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<InputFormat>,

    /// The article text, for formats that do not carry it (W3C, CSV; brat
    /// when the .txt is not beside the .ann); for Attrib JSON and JSONL it
    /// replaces their text and spans are re-anchored (doccano and Label
    /// Studio files carry their own text and take no other)
    #[arg(long, value_name = "TEXT_FILE")]
    pub text: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The files to check ("-" reads standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    /// Write the problem lines to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to convert ("-" reads standard input)
    #[arg(value_name = "IN")]
    pub input_file: PathBuf,

    /// The format to write
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: OutputFormat,

    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write: a file, or a directory (required for brat); "-" or
    /// absent means standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Fail (exit 1, write nothing) when a span cannot be placed in the text
    /// or a line of the file does not read
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The file to count ("-" reads standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub input: InputArgs,

    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The article: a plain text or an annotation file ("-" reads standard input)
    #[arg(value_name = "ARTICLE")]
    pub input_file: PathBuf,

    /// The format to write
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "json")]
    pub to: OutputFormat,

    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write: a file, or a directory (required for brat); "-" or
    /// absent means standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// One file per annotator: a document or a corpus ("-" reads standard input)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub input: InputArgs,

    /// The |intersection| / |union| at which two spans match (above 0, at most 1)
    #[arg(long, value_name = "RATIO", default_value_t = 0.5)]
    pub overlap: f64,

    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AdjudicateArgs {
    /// The first annotator's file: a document or a corpus
    #[arg(value_name = "LEFT")]
    pub left: PathBuf,

    /// The second annotator's file (or a draft gold)
    #[arg(value_name = "RIGHT")]
    pub right: PathBuf,

    #[command(flatten)]
    pub input: InputArgs,

    /// How every disagreement is resolved
    #[arg(long, value_enum, value_name = "POLICY", default_value = "union")]
    pub take: TakePolicy,

    /// The |intersection| / |union| at which two annotations pair (above 0, at most 1)
    #[arg(long, value_name = "RATIO", default_value_t = 0.5)]
    pub overlap: f64,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// The policies `--take` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TakePolicy {
    /// LEFT's version wins every disagreement
    Left,
    /// RIGHT's version wins every disagreement
    Right,
    /// Keep everything either marked, both of two differing annotations
    Both,
    /// Keep what either alone marked; of two differing annotations, LEFT's
    Union,
}

impl TakePolicy {
    pub fn policy(self) -> attrib_core::adjudicate::Policy {
        use attrib_core::adjudicate::Policy;
        match self {
            TakePolicy::Left => Policy::Left,
            TakePolicy::Right => Policy::Right,
            TakePolicy::Both => Policy::Both,
            TakePolicy::Union => Policy::Union,
        }
    }
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Hand-annotated files (or directories of them) to score against
    #[arg(long, value_name = "GOLD", required = true, num_args = 1..)]
    pub gold: Vec<PathBuf>,

    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The answer key: an Attrib file, or an assignment file with its key
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,

    /// The students' files
    #[arg(value_name = "STUDENT", required = true, num_args = 1..)]
    pub students: Vec<PathBuf>,

    /// The overlap ratio (above 0, at most 1) at or above which a student's
    /// annotation matches the key's
    #[arg(long, value_name = "RATIO", default_value_t = 0.5, value_parser = overlap_ratio)]
    pub overlap: f64,

    /// The kinds to score, comma-separated (quote, mention, claim or
    /// custom kinds); default: the assignment's kinds when KEY is an
    /// assignment, else every kind the key or a student marked
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub kinds: Vec<String>,

    /// The rubric's levels, lowest first, each but the last with the F1
    /// below which it holds (the default: "Beginning<0.5,Emerging<0.8,Mastery")
    #[arg(long, value_name = "LEVELS", value_parser = rubric_levels)]
    pub rubric: Option<Rubric>,

    /// A teacher's level for a student, with an optional comment
    /// ("Ana=Mastery:found the hard one"; "Ana=:comment" keeps the
    /// rubric's level). Repeatable
    #[arg(long = "override", value_name = "STUDENT=LEVEL[:COMMENT]")]
    pub overrides: Vec<String>,

    /// Print one JSON object instead of a table
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// Print CSV for a gradebook instead of a table
    #[arg(long)]
    pub csv: bool,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

fn rubric_levels(value: &str) -> Result<Rubric, String> {
    Rubric::parse(value).map_err(|e| e.to_string())
}

fn overlap_ratio(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(ratio) if ratio > 0.0 && ratio <= 1.0 => Ok(ratio),
        _ => Err(format!(
            "{value} is not a ratio above 0 and at most 1 (0.5 means half the code points shared)"
        )),
    }
}

#[derive(Debug, Args)]
pub struct AssignmentArgs {
    /// The article: a plain text, an annotated file, or an assignment file
    #[arg(value_name = "DOC")]
    pub document: PathBuf,

    /// A text file with the instructions for students
    #[arg(long, value_name = "FILE")]
    pub instructions: Option<PathBuf>,

    /// What students mark, comma-separated: quote, mention, claim or
    /// custom kinds (default: the preset's, else quote,mention)
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub kinds: Vec<String>,

    /// A ready-made set of kinds, labels and help
    #[arg(long, value_enum, value_name = "PRESET")]
    pub preset: Option<PresetName>,

    /// Put DOC's annotations in the assignment as the answer key
    #[arg(long)]
    pub self_check: bool,

    /// Print a link under this address instead of writing the file
    #[arg(long, value_name = "BASE_URL")]
    pub link: Option<String>,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// The presets `--preset` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetName {
    /// Quotes (direct, indirect), speakers, source type
    WhoSaidIt,
    /// Claims, check-worthiness, evidence given
    ClaimsAndEvidence,
    /// Spans marked fact, opinion or loaded-language
    FactOrOpinion,
}

impl PresetName {
    pub fn preset(self) -> Preset {
        match self {
            PresetName::WhoSaidIt => Preset::WhoSaidIt,
            PresetName::ClaimsAndEvidence => Preset::ClaimsAndEvidence,
            PresetName::FactOrOpinion => Preset::FactOrOpinion,
        }
    }
}

/// The formats `--from` accepts: every format, and plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Attrib JSON
    Json,
    /// W3C Web Annotation JSON-LD
    W3c,
    /// brat standoff .ann (with its .txt)
    Brat,
    /// doccano JSONL
    Doccano,
    /// Label Studio JSON
    LabelStudio,
    /// JSONL corpus of Attrib documents
    Jsonl,
    /// CSV, one row per annotation
    Csv,
    /// A plain article text, read as a document with no annotations
    Txt,
    /// A Markdown article: plain text titled by its "# Headline"
    Md,
    /// A web page, reduced to its article text
    Html,
}

impl InputFormat {
    /// How attrib-core reads the input.
    pub fn read_as(self) -> ReadAs {
        match self {
            InputFormat::Json => ReadAs::Format(Format::Native),
            InputFormat::W3c => ReadAs::Format(Format::W3c),
            InputFormat::Brat => ReadAs::Format(Format::Brat),
            InputFormat::Doccano => ReadAs::Format(Format::Doccano),
            InputFormat::LabelStudio => ReadAs::Format(Format::LabelStudio),
            InputFormat::Jsonl => ReadAs::Format(Format::Jsonl),
            InputFormat::Csv => ReadAs::Format(Format::Csv),
            InputFormat::Txt => ReadAs::PlainText,
            InputFormat::Md => ReadAs::Markdown,
            InputFormat::Html => ReadAs::WebPage,
        }
    }
}

/// The formats `--to` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Attrib JSON (one document)
    Json,
    /// W3C Web Annotation JSON-LD
    W3c,
    /// brat standoff: a .txt and an .ann per document (needs -o DIR)
    Brat,
    /// doccano JSONL (UTF-16 offsets)
    Doccano,
    /// Label Studio JSON (UTF-16 offsets)
    LabelStudio,
    /// JSONL corpus: one Attrib document per line
    Jsonl,
    /// CSV, one row per annotation
    Csv,
}

impl OutputFormat {
    pub fn format(self) -> Format {
        match self {
            OutputFormat::Json => Format::Native,
            OutputFormat::W3c => Format::W3c,
            OutputFormat::Brat => Format::Brat,
            OutputFormat::Doccano => Format::Doccano,
            OutputFormat::LabelStudio => Format::LabelStudio,
            OutputFormat::Jsonl => Format::Jsonl,
            OutputFormat::Csv => Format::Csv,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn format_names_match_the_core() {
        for value in OutputFormat::value_variants() {
            let name = value.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(value.format().name()));
        }
        for value in InputFormat::value_variants() {
            let name = value.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(value.read_as().name()));
        }
    }

    #[test]
    fn preset_names_match_the_core() {
        for value in PresetName::value_variants() {
            let name = value.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(value.preset().name()));
        }
    }
}
