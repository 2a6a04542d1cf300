//! `attrib eval`: the suggester scored against hand-annotated gold files,
//! per file and in total, for direct quotes and for all quotes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attrib_core::suggest::eval::{evaluate, Counts, Evaluation, Prf, OVERLAP_THRESHOLD};
use serde::Serialize;

use crate::args::{EvalArgs, InputArgs};
use crate::failure::Failure;
use crate::input;
use crate::output;

/// The table lists files one by one up to this many.
const TABLE_FILES: usize = 30;

pub fn run(args: &EvalArgs) -> Result<ExitCode, Failure> {
    let files = gold_files(&args.gold)?;
    let mut report = Report {
        threshold: OVERLAP_THRESHOLD,
        files: Vec::new(),
        skipped: Vec::new(),
        total: Group::default(),
    };
    let mut total = Evaluation::default();
    for path in &files {
        let loaded = match input::load(path, &InputArgs::default()) {
            Ok(loaded) => loaded,
            Err(err) => {
                let failure = Failure::from(err);
                eprintln!("warning: skipped: {failure}");
                report.skipped.push(failure.message().to_string());
                continue;
            }
        };
        let mut evaluation = Evaluation::default();
        for doc in &loaded.imported.documents {
            evaluation.add(&evaluate(doc));
        }
        total.add(&evaluation);
        report.files.push(FileScores {
            file: loaded.name.clone(),
            scores: Group::of(&evaluation),
        });
    }
    if report.files.is_empty() {
        return Err(Failure::Data(format!(
            "no gold file could be read ({} skipped, listed above)",
            report.skipped.len()
        )));
    }
    report.total = Group::of(&total);
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&report)
            .map_err(|err| Failure::Data(format!("cannot write the scores: {err}")))?;
        json.push('\n');
        json
    } else {
        report.table()
    };
    output::to_destination(args.output.as_deref(), &text, &files)?;
    Ok(ExitCode::SUCCESS)
}

/// The files named, a directory standing for its .json, .jsonl and .ann
/// files (sorted by name).
fn gold_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|err| Failure::Data(format!("cannot list {}: {err}", path.display())))?;
        let mut inside: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_gold_file(p))
            .collect();
        inside.sort();
        if inside.is_empty() {
            return Err(Failure::Usage(format!(
                "{} holds no .json, .jsonl or .ann file to score against",
                path.display()
            )));
        }
        files.extend(inside);
    }
    Ok(files)
}

fn is_gold_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "jsonl" | "ann"))
}

#[derive(Debug, Serialize)]
struct Report {
    threshold: f64,
    files: Vec<FileScores>,
    /// Why each unreadable gold file was left out.
    skipped: Vec<String>,
    total: Group,
}

#[derive(Debug, Serialize)]
struct FileScores {
    file: String,
    #[serde(flatten)]
    scores: Group,
}

/// Direct quotes and all quotes.
#[derive(Debug, Default, Serialize)]
struct Group {
    direct: Scores,
    all: Scores,
}

impl Group {
    fn of(e: &Evaluation) -> Group {
        Group {
            direct: Scores::of(&e.direct),
            all: Scores::of(&e.all),
        }
    }
}

/// The figures of one group of quotes, with the counts behind them.
#[derive(Debug, Default, Serialize)]
struct Scores {
    gold: usize,
    suggested: usize,
    exact: Matched,
    overlap: Matched,
    cue_accuracy: Option<f64>,
    cue_correct: usize,
    cue_total: usize,
    speaker_accuracy: Option<f64>,
    speaker_correct: usize,
    speaker_total: usize,
}

#[derive(Debug, Default, Serialize)]
struct Matched {
    matched: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Matched {
    fn of(matched: usize, prf: Prf) -> Matched {
        Matched {
            matched,
            precision: prf.precision,
            recall: prf.recall,
            f1: prf.f1,
        }
    }
}

impl Scores {
    fn of(c: &Counts) -> Scores {
        Scores {
            gold: c.gold,
            suggested: c.suggested,
            exact: Matched::of(c.exact, c.exact_prf()),
            overlap: Matched::of(c.overlap, c.overlap_prf()),
            cue_accuracy: c.cue_accuracy(),
            cue_correct: c.cue_correct,
            cue_total: c.cue_total,
            speaker_accuracy: c.speaker_accuracy(),
            speaker_correct: c.speaker_correct,
            speaker_total: c.speaker_total,
        }
    }

    fn row(&self, name: &str) -> String {
        let pct = |x: f64| format!("{:5.1}", x * 100.0);
        let acc = |x: Option<f64>, n: usize| match x {
            Some(x) => format!("{} ({n:>4})", pct(x)),
            None => "    -       ".to_string(),
        };
        format!(
            "{name:<34} {:>5} {:>5}  {} {} {}  {} {} {}  {}  {}\n",
            self.gold,
            self.suggested,
            pct(self.exact.precision),
            pct(self.exact.recall),
            pct(self.exact.f1),
            pct(self.overlap.precision),
            pct(self.overlap.recall),
            pct(self.overlap.f1),
            acc(self.cue_accuracy, self.cue_total),
            acc(self.speaker_accuracy, self.speaker_total),
        )
    }
}

impl Report {
    fn table(&self) -> String {
        let mut out = format!(
            "{:<34} {:>5} {:>5}  {:^17}  {:^17}  {:^12}  {:^12}\n{:<34} {:>5} {:>5}  {:>5} {:>5} {:>5}  {:>5} {:>5} {:>5}\n",
            "quotes",
            "gold",
            "sugg",
            "exact % P R F1",
            format!("overlap>={OVERLAP_THRESHOLD} %"),
            "cue % (n)",
            "speaker % (n)",
            "",
            "",
            "",
            "P",
            "R",
            "F1",
            "P",
            "R",
            "F1",
        );
        if self.files.len() <= TABLE_FILES {
            for f in &self.files {
                out.push_str(&f.scores.all.row(&format!("all: {}", short(&f.file))));
            }
        } else {
            out.push_str(&format!(
                "({} files; --json lists each)\n",
                self.files.len()
            ));
        }
        if !self.skipped.is_empty() {
            out.push_str(&format!(
                "({} unreadable files skipped; --json lists why)\n",
                self.skipped.len()
            ));
        }
        out.push_str(&self.total.direct.row("TOTAL direct quotes"));
        out.push_str(&self.total.all.row("TOTAL all quotes"));
        out
    }
}

/// A file name cut to fit its column.
fn short(name: &str) -> String {
    let file = Path::new(name)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(name);
    if file.chars().count() > 29 {
        file.chars().take(28).chain(std::iter::once('…')).collect()
    } else {
        file.to_string()
    }
}
