//! The dataset builders' state: annotators' versions of the same documents
//! loaded for an agreement study (the figures from `attrib_core::agree`,
//! recomputed when the files change), and the review of one document's
//! disagreements between two of them, decided one by one and turned into
//! an adjudicated document by `attrib_core::adjudicate`. Pure data over
//! attrib-core with its own reducer ([`Builders::update`]), which the app's
//! reducer calls for `Msg::Build`; finishing a review is the one message
//! the app's reducer handles itself, since it loads a document.

use std::rc::Rc;

use attrib_core::adjudicate::{adjudicate, compare, Adjudication, Comparison, Decision};
use attrib_core::agree::{agree, Agreement, Annotator, DEFAULT_OVERLAP};
use attrib_core::matching::normalise;
use attrib_core::model::AnnotatedDocument;

#[cfg(test)]
mod tests;

/// One annotator's file as opened: its documents, or why it could not be
/// read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AnnotatorFile {
    pub name: String,
    pub documents: Result<Vec<AnnotatedDocument>, String>,
}

/// What the builders' page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BuildView {
    /// The annotators' files, the figures and the per-document breakdown.
    Agreement,
    /// One document's disagreements, one at a time.
    Review,
}

/// What the reviewer chose for one disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choice {
    Take(Decision),
    /// Keep what both sides marked and open it in the editor after
    /// finishing, to be edited by hand.
    Edit,
}

impl Choice {
    pub fn decision(self) -> Decision {
        match self {
            Choice::Take(decision) => decision,
            Choice::Edit => Decision::Both,
        }
    }

    /// How the review's list names it.
    pub fn words(self, left: &str, right: &str) -> String {
        match self {
            Choice::Take(Decision::Left) => format!("take {left}'s"),
            Choice::Take(Decision::Right) => format!("take {right}'s"),
            Choice::Take(Decision::Both) => "keep both".into(),
            Choice::Take(Decision::Neither) => "keep neither".into(),
            Choice::Edit => "keep and edit".into(),
        }
    }
}

/// One document's disagreements between two annotators, under review.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Review {
    pub left_name: String,
    pub right_name: String,
    pub left: Rc<AnnotatedDocument>,
    pub right: Rc<AnnotatedDocument>,
    pub overlap: f64,
    pub comparison: Rc<Comparison>,
    /// One per disagreement, in their (reading) order.
    pub choices: Vec<Option<Choice>>,
    /// The disagreement shown.
    pub current: usize,
}

impl Review {
    pub fn new(
        (left_name, left): (&str, &AnnotatedDocument),
        (right_name, right): (&str, &AnnotatedDocument),
        overlap: f64,
    ) -> Review {
        let comparison = compare(left, right, overlap);
        Review {
            left_name: left_name.to_string(),
            right_name: right_name.to_string(),
            left: Rc::new(left.clone()),
            right: Rc::new(right.clone()),
            overlap,
            choices: vec![None; comparison.disagreements.len()],
            comparison: Rc::new(comparison),
            current: 0,
        }
    }

    pub fn decided(&self) -> usize {
        self.choices.iter().flatten().count()
    }

    pub fn is_done(&self) -> bool {
        self.decided() == self.choices.len()
    }

    /// Records `choice` for the disagreement shown and moves on to the
    /// next undecided one (after it, then from the start), or stays when
    /// every one is decided.
    fn choose(&mut self, choice: Choice) {
        let Some(slot) = self.choices.get_mut(self.current) else {
            return;
        };
        *slot = Some(choice);
        let n = self.choices.len();
        if let Some(next) = (1..n)
            .map(|k| (self.current + k) % n)
            .find(|&i| self.choices[i].is_none())
        {
            self.current = next;
        }
    }

    fn step(&mut self, by: i32) {
        let n = self.choices.len() as i64;
        if n == 0 {
            return;
        }
        let to = (self.current as i64 + i64::from(by)).clamp(0, n - 1);
        self.current = to as usize;
    }

    /// The adjudicated document, and the ids in it of the annotations the
    /// reviewer chose to edit (in reading order). `None` until every
    /// disagreement is decided.
    pub fn finish(&self) -> Option<(AnnotatedDocument, Vec<String>)> {
        if !self.is_done() {
            return None;
        }
        let decisions: Vec<Decision> = self
            .choices
            .iter()
            .flatten()
            .map(|c| c.decision())
            .collect();
        let how = Adjudication {
            left_name: &self.left_name,
            right_name: &self.right_name,
            threshold: self.overlap,
        };
        let doc = adjudicate(&self.left, &self.right, &how, &decisions);
        let mut to_edit = Vec::new();
        for (d, choice) in self.comparison.disagreements.iter().zip(&self.choices) {
            if *choice != Some(Choice::Edit) {
                continue;
            }
            let sides = [
                d.left.map(|i| &self.left.annotations[i]),
                d.right.map(|i| &self.right.annotations[i]),
            ];
            for source in sides.into_iter().flatten() {
                let found = doc.annotations.iter().find(|a| {
                    a.kind == source.kind
                        && normalise(&a.spans) == normalise(&source.spans)
                        && !to_edit.contains(&a.id)
                });
                if let Some(a) = found {
                    to_edit.push(a.id.clone());
                }
            }
        }
        Some((doc, to_edit))
    }
}

/// The builders' messages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BuildMsg {
    /// Show the page (a view) or go back to annotating (`None`).
    Show(Option<BuildView>),
    /// Annotators' files opened: each one annotator.
    AddAnnotators(Vec<AnnotatorFile>),
    /// The document being annotated, as one annotator (or a draft gold).
    AddCurrent(Rc<AnnotatedDocument>),
    RemoveAnnotator(usize),
    /// The overlap field as typed.
    SetOverlap(String),
    /// Which two annotators a review compares (indices), left and right.
    SetPair(usize, usize),
    /// Review the disagreements of the text with this SHA-256 between the
    /// chosen pair.
    Review(String),
    Choose(Choice),
    /// Move to the next (+1) or previous (-1) disagreement.
    Step(i32),
    GoTo(usize),
    /// Finish the review: the app's reducer loads the adjudicated document.
    Finish,
    /// Leave the review without making anything.
    StopReview,
}

/// The builders' state under `AppState::builders`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Builders {
    pub view: Option<BuildView>,
    pub annotators: Vec<Rc<Annotator>>,
    /// Files that could not be read, each with the reason.
    pub unread: Vec<String>,
    pub overlap: f64,
    /// Why the last overlap typed was not taken.
    pub problem: Option<String>,
    /// The figures, when two or more annotators are loaded.
    pub agreement: Option<Rc<Agreement>>,
    /// The annotators (indices) a review compares, left and right.
    pub pair: (usize, usize),
    pub review: Option<Review>,
}

impl Default for Builders {
    fn default() -> Self {
        Builders {
            view: None,
            annotators: Vec::new(),
            unread: Vec::new(),
            overlap: DEFAULT_OVERLAP,
            problem: None,
            agreement: None,
            pair: (0, 1),
            review: None,
        }
    }
}

impl Builders {
    pub fn update(&mut self, msg: BuildMsg) {
        match msg {
            BuildMsg::Show(view) => {
                self.view = match view {
                    Some(BuildView::Review) if self.review.is_none() => Some(BuildView::Agreement),
                    other => other,
                }
            }
            BuildMsg::AddAnnotators(files) => {
                for file in files {
                    match file.documents {
                        Ok(documents) if documents.is_empty() => self
                            .unread
                            .push(format!("“{}” holds no document.", file.name)),
                        Ok(documents) => self.add(file.name, documents),
                        Err(reason) => self.unread.push(reason),
                    }
                }
                self.recompute();
            }
            BuildMsg::AddCurrent(doc) => {
                let name = doc
                    .meta
                    .annotator
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| "current document".into());
                self.add(name, vec![(*doc).clone()]);
                self.recompute();
            }
            BuildMsg::RemoveAnnotator(i) => {
                if i < self.annotators.len() {
                    self.annotators.remove(i);
                    self.pair = (0, 1);
                    self.recompute();
                }
            }
            BuildMsg::SetOverlap(typed) => match typed.trim().parse::<f64>() {
                Ok(v) if v > 0.0 && v <= 1.0 => {
                    self.overlap = v;
                    self.problem = None;
                    self.recompute();
                }
                _ => {
                    self.problem = Some(format!(
                        "“{}” is not an overlap: type a number above 0 and at most 1, such as \
                         0.5. The figures use {} until then.",
                        typed.trim(),
                        self.overlap
                    ))
                }
            },
            BuildMsg::SetPair(left, right) => {
                let n = self.annotators.len();
                if left < n && right < n && left != right {
                    self.pair = (left, right);
                }
            }
            BuildMsg::Review(sha256) => {
                if let Some(review) = self.review_of(&sha256) {
                    self.review = Some(review);
                    self.view = Some(BuildView::Review);
                }
            }
            BuildMsg::Choose(choice) => {
                if let Some(review) = &mut self.review {
                    review.choose(choice);
                }
            }
            BuildMsg::Step(by) => {
                if let Some(review) = &mut self.review {
                    review.step(by);
                }
            }
            BuildMsg::GoTo(i) => {
                if let Some(review) = self.review.as_mut().filter(|r| i < r.choices.len()) {
                    review.current = i;
                }
            }
            BuildMsg::Finish => {}
            BuildMsg::StopReview => {
                self.review = None;
                self.view = Some(BuildView::Agreement);
            }
        }
    }

    /// The finished review's document (and the ids to edit), leaving the
    /// page; `None`, and nothing changed, while any disagreement is
    /// undecided. The review is kept (its decisions intact) until another
    /// starts, so a replacement the user declines loses nothing.
    pub fn finish(&mut self) -> Option<(AnnotatedDocument, Vec<String>)> {
        let finished = self.review.as_ref()?.finish()?;
        self.view = None;
        Some(finished)
    }

    /// The review of the text `sha256` between the chosen pair, when both
    /// hold it.
    pub fn review_of(&self, sha256: &str) -> Option<Review> {
        let (l, r) = self.pair;
        let left = self.annotators.get(l)?;
        let right = self.annotators.get(r)?;
        let find = |a: &Annotator| {
            a.documents
                .iter()
                .find(|d| d.text.sha256() == sha256)
                .cloned()
        };
        let (ld, rd) = (find(left)?, find(right)?);
        Some(Review::new(
            (&left.name, &ld),
            (&right.name, &rd),
            self.overlap,
        ))
    }

    /// Adds an annotator, its name made unique (`name (2)`).
    fn add(&mut self, name: String, documents: Vec<AnnotatedDocument>) {
        let mut unique = name.clone();
        let mut n = 2;
        while self.annotators.iter().any(|a| a.name == unique) {
            unique = format!("{name} ({n})");
            n += 1;
        }
        self.annotators.push(Rc::new(Annotator {
            name: unique,
            documents,
        }));
    }

    fn recompute(&mut self) {
        self.agreement = (self.annotators.len() >= 2).then(|| {
            let annotators: Vec<Annotator> =
                self.annotators.iter().map(|a| (**a).clone()).collect();
            Rc::new(agree(&annotators, self.overlap))
        });
    }
}
