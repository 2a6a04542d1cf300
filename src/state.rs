//! The app's state and the one reducer every component sends messages to.
//! Document edits go through `attrib_core::workspace::Workspace::apply`; this
//! layer adds what only the page has: the current selection, which
//! annotation has focus, which dialog is open, messages for the user, and
//! the pending suggestions (`pending`) waiting to be accepted or rejected.

#[cfg(test)]
mod adjudication_tests;
mod corpus;
mod import_report;
mod pending;
mod schema;

use std::rc::Rc;

use attrib_core::assignment::Assignment;
use attrib_core::formats::open::plain_text_document;
use attrib_core::model::{AnnotatedDocument, Annotation, Kind, Span, Speaker};
use attrib_core::schema_diff::schema_differences;
use attrib_core::suggest::{accept, SpeakerGuess, Suggestions, SUGGESTED_NOTE};
use attrib_core::workspace::{Action, Workspace};
use yew::prelude::*;

use crate::builders::{BuildMsg, Builders};
use crate::teaching::{StudentMode, TeachMsg, Teaching};
pub(crate) use corpus::{delete_question, progress_text, CorpusMsg, CorpusView, Step};
pub(crate) use import_report::{CorpusFiles, ImportReport, PendingImport, Rest};
pub(crate) use pending::{plural, Pending, Pick};
pub(crate) use schema::SchemaMsg;

/// A message shown in the status area. Errors stay until dismissed or
/// replaced; information fades with the next change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoticeLevel {
    Info,
    Error,
}

/// The dialogs the page can show, one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dialog {
    /// Ask who speaks the quote just made (its annotation id).
    SpeakerFor(String),
    Export,
    Help,
    Documents,
    /// Replacing the current document with one the user opened: asks first.
    ConfirmReplace(Rc<AnnotatedDocument>),
    /// Make an assignment from the current document (teachers).
    MakeAssignment,
    /// The label schema editor.
    Schema,
    /// A file with lines that did not read: import the rest?
    ImportBroken(Rc<PendingImport>),
}

/// Where the autosave stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum SaveStatus {
    #[default]
    Unsaved,
    Saving,
    /// Saved; the value is a short time of day for the status line.
    Saved(String),
    /// The last write failed; the last good save is kept. Says why.
    Failed(String),
}

/// Everything the page renders from. Compared (as every panel's props are
/// on every render) with the workspace by identity: see the `PartialEq`.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub workspace: Rc<Workspace>,
    /// The current selection in the article, in code points.
    pub selection: Option<Span>,
    /// The annotation the user is working on (shown in the panel, target
    /// of "add span" and "set cue").
    pub focused: Option<String>,
    pub dialog: Option<Dialog>,
    pub notice: Option<Notice>,
    pub save: SaveStatus,
    /// Bumped by every change to the document, so the autosave can tell a
    /// new state from one it has written.
    pub revision: u64,
    /// What opening a file found (where it came from, spans left out),
    /// said with "Loaded …" once its document is loaded.
    pub load_note: Option<String>,
    /// Another tool's predictions for the file being loaded (Label
    /// Studio's), offered as pending suggestions once its document is
    /// loaded (when the text is the one they were made on).
    pub load_predictions: Option<(String, Rc<Suggestions>)>,
    /// The warnings of the file being loaded, kept with `load_note` until
    /// its document is loaded.
    pub load_report: Option<Rc<ImportReport>>,
    /// The warnings of the file the current document was opened from.
    pub import_report: Option<Rc<ImportReport>>,
    /// Suggestions waiting to be accepted or rejected; none until the user
    /// asks for them.
    pub suggestions: Option<Pending>,
    /// The speaker the suggester proposes for the quote the speaker prompt
    /// asks about.
    pub speaker_hint: Option<SpeakerGuess>,
    /// A student's assignment, a teacher's scoring (`teaching/`).
    pub teaching: Teaching,
    /// The corpus being worked through, if any (`state/corpus.rs`).
    pub corpus: Option<CorpusView>,
    /// Dataset builders' agreement study and adjudication (`builders/`).
    pub builders: Builders,
    /// Set while another tab edits this document: why this tab is
    /// read-only. Every edit is refused with it.
    pub read_only: Option<String>,
}

/// Every field compared by value but the workspace, compared by identity:
/// each edit makes a new `Rc`, so a state with the same `Rc` has the same
/// document, and comparing a book-length document by value on every render
/// of every panel costs more than the render. (Listed by destructuring, so
/// a new field fails to compile until it is compared here.)
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        let AppState {
            workspace,
            selection,
            focused,
            dialog,
            notice,
            save,
            revision,
            load_note,
            load_report,
            load_predictions,
            import_report,
            suggestions,
            speaker_hint,
            teaching,
            corpus,
            builders,
            read_only,
        } = self;
        Rc::ptr_eq(workspace, &other.workspace)
            && *revision == other.revision
            && *selection == other.selection
            && *focused == other.focused
            && *dialog == other.dialog
            && *notice == other.notice
            && *save == other.save
            && *load_note == other.load_note
            && *load_report == other.load_report
            && *load_predictions == other.load_predictions
            && *import_report == other.import_report
            && *suggestions == other.suggestions
            && *speaker_hint == other.speaker_hint
            && *teaching == other.teaching
            && *corpus == other.corpus
            && *builders == other.builders
            && *read_only == other.read_only
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::with_document(sample_document())
    }
}

/// The built-in sample article as a document, titled by its headline.
pub(crate) fn sample_document() -> AnnotatedDocument {
    document_from_text(crate::sample::SAMPLE_ARTICLE, "sample")
}

/// A new document from plain text (pasted, or the sample): the id is
/// given; the title is the first line when that reads like a headline, by
/// the rule every way of opening a text shares
/// ([`attrib_core::formats::open::plain_text_document`]).
pub(crate) fn document_from_text(text: &str, id: &str) -> AnnotatedDocument {
    plain_text_document(text, id, None, false)
}

impl AppState {
    /// A fresh state on `document`. A document the workspace refuses (it
    /// cannot be: new documents have no annotations) falls back to an empty
    /// one rather than panicking.
    pub fn with_document(document: AnnotatedDocument) -> Self {
        let workspace = Workspace::new(document).unwrap_or_default();
        AppState::with_workspace(workspace)
    }

    pub fn with_workspace(workspace: Workspace) -> Self {
        AppState {
            workspace: Rc::new(workspace),
            selection: None,
            focused: None,
            dialog: None,
            notice: None,
            save: SaveStatus::Unsaved,
            revision: 0,
            load_note: None,
            load_predictions: None,
            load_report: None,
            import_report: None,
            suggestions: None,
            speaker_hint: None,
            teaching: Teaching::default(),
            corpus: None,
            builders: Builders::default(),
            read_only: None,
        }
    }

    pub fn document(&self) -> &AnnotatedDocument {
        self.workspace.document()
    }

    pub fn focused_annotation(&self) -> Option<&Annotation> {
        let id = self.focused.as_deref()?;
        self.document().annotation(id)
    }
}

/// Every message the page sends the reducer. Messages live only for one
/// dispatch, so the size of the largest (an edit) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Msg {
    /// One edit of the document.
    Apply(Action),
    /// One edit, and a message to show if (and only if) it is made.
    ApplyAndSay {
        action: Action,
        success: String,
    },
    Undo,
    Redo,
    /// The user selected text (or cleared the selection).
    Select(Option<Span>),
    /// Mark the selection as a new annotation of this kind. `snap` extends
    /// it to whole words.
    Mark {
        kind: Kind,
        snap: bool,
    },
    /// Add the selection as a further content span of the focused quote.
    AddSpanToFocused {
        snap: bool,
    },
    /// Make the selection the cue of the focused quote.
    SetCueFromSelection {
        snap: bool,
    },
    /// Give the quote or claim `annotation` the speaker called `name`,
    /// creating the speaker if no speaker has that name or alias.
    SpeakerByName {
        annotation: String,
        name: String,
    },
    Focus(Option<String>),
    /// Focus the next (+1) or previous (-1) annotation in document order.
    FocusStep(i32),
    OpenDialog(Dialog),
    CloseDialog,
    /// Load a document, replacing the current one (after confirmation when
    /// there is work to lose).
    Load(Rc<AnnotatedDocument>),
    /// Load a document opened from a file, like `Load`; `note` is added to
    /// the "Loaded …" message once it is loaded.
    LoadWithNote {
        document: Rc<AnnotatedDocument>,
        note: String,
    },
    /// Load a document opened from a file, like `LoadWithNote`, keeping
    /// the import's warnings reachable once it is loaded.
    LoadOpened {
        document: Rc<AnnotatedDocument>,
        note: String,
        report: Rc<ImportReport>,
    },
    /// Load without asking.
    LoadConfirmed(Rc<AnnotatedDocument>),
    /// A saved workspace restored from storage.
    Restore(Rc<Workspace>),
    Notify(Notice),
    /// A notice of lesser weight: shown only when no other notice is (it
    /// never hides a warning the user has not read).
    NotifyQuietly(Notice),
    DismissNotice,
    Saved(SaveStatus),
    /// The next document loaded from a file comes with another tool's
    /// predictions: hold them as its pending suggestions once it is
    /// loaded, if its text has this SHA-256. Sent just before the load
    /// message.
    Predictions {
        sha256: String,
        found: Rc<Suggestions>,
    },
    /// Run the suggester on the document and hold what it finds as pending
    /// suggestions (replacing earlier ones).
    Suggest,
    /// Make pending suggestions annotations, as one undoable step.
    AcceptSuggestions(Pick),
    /// Drop pending suggestions without making anything of them.
    RejectSuggestions(Pick),
    /// Give the quote `annotation` the speaker the suggester proposes for
    /// it, creating that speaker (with role and aliases) unless the
    /// document has them already.
    SuggestedSpeaker {
        annotation: String,
    },
    /// Open an assignment (from a link or a file) as a student.
    StartAssignment(Rc<Assignment>),
    /// Opens `assignment` with the student's own work on it, saved in this
    /// browser (`workspace`, read by `opening::start_assignment`), instead
    /// of a blank article: a reload or a second opening of the same link
    /// never hides what the student marked.
    ResumeAssignment {
        assignment: Rc<Assignment>,
        workspace: Rc<Workspace>,
    },
    /// A teaching message (`teaching::Teaching::update`).
    Teach(TeachMsg),
    /// Working through a corpus (`state/corpus.rs`).
    Corpus(CorpusMsg),
    /// A dataset builders' message (`builders::Builders::update`).
    Build(BuildMsg),
    /// A label schema edit (`state/schema.rs`).
    Schema(SchemaMsg),
    /// This tab turns read-only (why, shown to the user) or editable again.
    ReadOnly(Option<String>),
}

impl Msg {
    pub fn info(text: impl Into<String>) -> Msg {
        Msg::Notify(Notice {
            level: NoticeLevel::Info,
            text: text.into(),
        })
    }

    pub fn error(text: impl Into<String>) -> Msg {
        Msg::Notify(Notice {
            level: NoticeLevel::Error,
            text: text.into(),
        })
    }
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut state = (*self).clone();
        state.update(msg);
        Rc::new(state)
    }
}

impl AppState {
    /// Applies one message. Every refused edit leaves the document as it was
    /// and says why in the notice.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Apply(action) => self.apply(action),
            Msg::ApplyAndSay { action, success } => {
                if self.edit(|ws| ws.apply(action)) {
                    self.notice = Some(info(success));
                }
            }
            Msg::Undo => {
                if self.workspace.can_undo() {
                    let label = self.workspace.history().undo_label().map(str::to_string);
                    if self.edit(|ws| ws.undo()) {
                        self.notice = label.map(|l| info(format!("Undid: {l}")));
                    }
                } else {
                    self.notice = Some(info("Nothing to undo."));
                }
            }
            Msg::Redo => {
                if self.workspace.can_redo() {
                    let label = self.workspace.history().redo_label().map(str::to_string);
                    if self.edit(|ws| ws.redo()) {
                        self.notice = label.map(|l| info(format!("Redid: {l}")));
                    }
                } else {
                    self.notice = Some(info("Nothing to redo."));
                }
            }
            Msg::Select(span) => self.selection = span.filter(|s| !s.is_empty()),
            Msg::Mark { kind, snap } => self.mark(kind, snap),
            Msg::AddSpanToFocused { snap } => self.add_span_to_focused(snap),
            Msg::SetCueFromSelection { snap } => self.set_cue_from_selection(snap),
            Msg::SpeakerByName { annotation, name } => self.speaker_by_name(&annotation, &name),
            Msg::Focus(id) => self.focused = id,
            Msg::FocusStep(step) => self.focus_step(step),
            Msg::OpenDialog(dialog) => self.dialog = Some(dialog),
            Msg::CloseDialog => {
                self.dialog = None;
                self.load_note = None;
                self.load_report = None;
            }
            Msg::LoadWithNote { document, note } => {
                self.load_note = Some(note);
                self.load_report = None;
                self.load_or_ask(document);
            }
            Msg::LoadOpened {
                document,
                note,
                report,
            } => {
                self.load_note = Some(note);
                self.load_report = Some(report);
                self.load_or_ask(document);
            }
            Msg::Load(doc) => {
                self.load_note = None;
                self.load_report = None;
                self.load_or_ask(doc);
            }
            Msg::LoadConfirmed(doc) => self.load(doc),
            Msg::Restore(workspace) => {
                let teaching = self.teaching.clone();
                let builders = std::mem::take(&mut self.builders);
                if let Some(student) = &teaching.student {
                    if workspace.document().meta.id != student.document_id {
                        // The last document of another session: the
                        // assignment opened from the link stays.
                        return;
                    }
                }
                let title = workspace.document().meta.title.clone();
                let corpus = self.corpus.take();
                let read_only = self.read_only.take();
                *self = AppState::with_workspace((*workspace).clone());
                self.corpus = corpus;
                self.save = SaveStatus::Saved(String::from("restored"));
                self.teaching = teaching;
                self.builders = builders;
                self.read_only = read_only;
                self.notice = Some(info(match title {
                    Some(t) => format!("Restored “{t}” with its undo history."),
                    None => "Restored your last document with its undo history.".to_string(),
                }));
            }
            Msg::Notify(notice) => self.notice = Some(notice),
            Msg::NotifyQuietly(notice) => {
                self.notice.get_or_insert(notice);
            }
            Msg::DismissNotice => self.notice = None,
            Msg::Saved(status) => self.save = status,
            Msg::Predictions { sha256, found } => self.load_predictions = Some((sha256, found)),
            Msg::Suggest => self.suggest(),
            Msg::AcceptSuggestions(pick) => self.accept_suggestions(&pick),
            Msg::RejectSuggestions(pick) => self.reject_suggestions(&pick),
            Msg::SuggestedSpeaker { annotation } => self.suggested_speaker(&annotation),
            Msg::StartAssignment(assignment) => self.start_assignment(assignment),
            Msg::ResumeAssignment {
                assignment,
                workspace,
            } => self.resume_assignment(assignment, workspace),
            Msg::Teach(msg) => self.teaching.update(msg),
            Msg::Corpus(msg) => self.corpus_update(msg),
            Msg::Build(BuildMsg::Finish) => self.finish_adjudication(),
            Msg::Build(msg) => self.builders.update(msg),
            Msg::Schema(msg) => self.edit_schema(msg),
            Msg::ReadOnly(why) => self.read_only = why,
        }
        self.sync_corpus();
        if !matches!(self.dialog, Some(Dialog::SpeakerFor(_))) {
            self.speaker_hint = None;
        }
    }

    /// Runs an edit on a copy of the workspace; keeps it only if it worked.
    /// Returns whether it did.
    fn edit(
        &mut self,
        f: impl FnOnce(&mut Workspace) -> Result<(), attrib_core::workspace::WorkspaceError>,
    ) -> bool {
        if let Some(why) = &self.read_only {
            self.notice = Some(error(format!(
                "Not changed: {why} To edit here, press “Edit here instead”."
            )));
            return false;
        }
        let mut ws = (*self.workspace).clone();
        match f(&mut ws) {
            Ok(()) => {
                self.workspace = Rc::new(ws);
                self.revision += 1;
                // Its write has only started: until it lands the status
                // must not say it is saved. A failure stays said until a
                // write succeeds.
                if !matches!(self.save, SaveStatus::Failed(_)) {
                    self.save = SaveStatus::Saving;
                }
                let doc = self.workspace.document();
                if let Some(pending) = &mut self.suggestions {
                    if !pending.refresh(doc) {
                        self.suggestions = None;
                    }
                }
                if self
                    .focused
                    .as_deref()
                    .is_some_and(|id| self.document().annotation(id).is_none())
                {
                    self.focused = None;
                }
                if matches!(
                    self.notice,
                    Some(Notice {
                        level: NoticeLevel::Info,
                        ..
                    })
                ) {
                    self.notice = None;
                }
                true
            }
            Err(e) => {
                self.notice = Some(error(capitalise(&e.to_string())));
                false
            }
        }
    }

    /// Loads `doc` at once when no work would be lost, else asks first.
    fn load_or_ask(&mut self, doc: Rc<AnnotatedDocument>) {
        if self.document().annotations.is_empty() && self.document().speakers.is_empty() {
            self.load(doc);
        } else {
            self.dialog = Some(Dialog::ConfirmReplace(doc));
        }
    }

    fn load(&mut self, doc: Rc<AnnotatedDocument>) {
        let note = self.load_note.take();
        let report = self.load_report.take();
        let predictions = self.load_predictions.take();
        let title = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| "the article".into());
        let differs = schema_differences(&self.document().schema, &doc.schema);
        let doc_id = doc.meta.id.clone();
        let mut ws = (*self.workspace).clone();
        // The message's document is usually its only copy: moved, not
        // copied (a copy of 100,000 annotations takes a while).
        match ws.apply(Action::LoadDocument {
            document: Box::new(Rc::unwrap_or_clone(doc)),
        }) {
            Ok(()) => {
                let save = self.save.clone();
                let mut teaching = std::mem::take(&mut self.teaching);
                if teaching
                    .student
                    .as_ref()
                    .is_some_and(|s| s.document_id != doc_id)
                {
                    teaching.student = None;
                    teaching.view = None;
                }
                let builders = std::mem::take(&mut self.builders);
                let read_only = self.read_only.take();
                *self = AppState::with_workspace(ws);
                self.save = save;
                self.teaching = teaching;
                self.builders = builders;
                // The autosave clears it once it sees the new document.
                self.read_only = read_only;
                self.revision = 1;
                self.import_report = report;
                let mut said = match note {
                    Some(note) => format!("Loaded “{title}”. {note}"),
                    None => format!("Loaded “{title}”."),
                };
                if !differs.is_empty() {
                    said.push_str(&format!(
                        " Its label schema differs from the previous document's: {}.",
                        differs.join("; ")
                    ));
                }
                let predictions = predictions
                    .filter(|(sha, _)| *sha == self.document().text.sha256())
                    .map(|(_, found)| Pending::from_found((*found).clone(), self.document()))
                    .filter(|pending| !pending.is_empty());
                if let Some(pending) = predictions {
                    said.push_str(&format!(
                        " {} from the file's predictions: accept or reject them in the \
                         Suggestions panel.",
                        pending.summary()
                    ));
                    self.suggestions = Some(pending);
                }
                self.notice = Some(info(said));
            }
            Err(e) => {
                self.dialog = None;
                self.notice = Some(error(format!(
                    "Could not load that document: {e}. Your current work is unchanged."
                )));
            }
        }
    }

    /// Loads the finished review's adjudicated document (asking first when
    /// work would be lost), selecting the first annotation the reviewer
    /// chose to edit; while a disagreement is undecided, says so.
    fn finish_adjudication(&mut self) {
        let open = self
            .builders
            .review
            .as_ref()
            .map_or(0, |r| r.choices.len() - r.decided());
        let Some((doc, to_edit)) = self.builders.finish() else {
            self.notice = Some(error(format!(
                "{} still to decide: press L, R, B, N or E on each, then finish.",
                plural(open, "disagreement", "disagreements")
            )));
            return;
        };
        self.load_note = Some(match to_edit.as_slice() {
            [] => "It is marked adjudicated; export it like any other document.".to_string(),
            ids => format!(
                "It is marked adjudicated. You chose to edit {}: {}{}.",
                plural(ids.len(), "annotation", "annotations"),
                ids.join(", "),
                if ids.len() > 1 {
                    " (the first is selected)"
                } else {
                    " (selected)"
                }
            ),
        });
        self.load_or_ask(Rc::new(doc));
        if self.dialog.is_none() {
            self.focused = to_edit.into_iter().next();
        }
    }

    /// Opens `assignment` as a student: its blank article (under an id of
    /// its own) replaces the current document, which stays in Documents.
    fn start_assignment(&mut self, assignment: Rc<Assignment>) {
        let document_id = StudentMode::document_id(&assignment);
        let mut doc = assignment.blank_document();
        doc.meta.id = document_id.clone();
        self.teaching.student = Some(StudentMode {
            assignment,
            document_id,
        });
        self.teaching.view = None;
        self.load_note = Some(
            "This is an assignment: read the instructions above the article, type your name, \
             mark the text, then press Hand in."
                .into(),
        );
        self.load(Rc::new(doc));
        if self
            .teaching
            .student
            .as_ref()
            .is_some_and(|s| s.document_id != self.document().meta.id)
        {
            self.teaching.student = None;
        }
    }

    /// Opens `assignment` on the student's saved `workspace` (of the
    /// assignment's own document id; any other starts it blank).
    fn resume_assignment(&mut self, assignment: Rc<Assignment>, workspace: Rc<Workspace>) {
        let document_id = StudentMode::document_id(&assignment);
        if workspace.document().meta.id != document_id {
            return self.start_assignment(assignment);
        }
        self.teaching.student = Some(StudentMode {
            assignment,
            document_id,
        });
        self.teaching.view = None;
        self.update(Msg::Restore(workspace));
        self.notice = Some(info(
            "Your work on this assignment is back, as you left it. Mark the text, then press \
             Hand in.",
        ));
    }

    /// The selection, snapped to words when asked, or a message saying
    /// there is none.
    fn take_selection(&mut self, snap: bool, what: &str) -> Option<Span> {
        let Some(span) = self.selection else {
            self.notice = Some(info(format!(
                "Select some text in the article first, then {what}."
            )));
            return None;
        };
        let text = &self.document().text;
        let span = if snap { text.snap_to_words(span) } else { span };
        (!span.is_empty()).then_some(span)
    }

    fn mark(&mut self, kind: Kind, snap: bool) {
        let what = format!("mark it as a {kind}");
        let Some(span) = self.take_selection(snap, &what) else {
            return;
        };
        let ws = &self.workspace;
        let id = ws.next_annotation_id();
        let mut annotation = Annotation::new(id.clone(), kind.clone(), vec![span]);
        let mut actions = Vec::new();
        match kind {
            Kind::Quote => {
                annotation.quote_type = ws.document().schema.quote_types.first().cloned();
            }
            Kind::Mention => {
                let name = self
                    .document()
                    .text
                    .slice(span)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let speaker = match self.document().speaker_named(&name) {
                    Some(s) => s.id.clone(),
                    None => {
                        let speaker_id = ws.next_speaker_id();
                        actions.push(Action::AddSpeaker {
                            speaker: Speaker::new(speaker_id.clone(), name),
                        });
                        speaker_id
                    }
                };
                annotation.speaker = Some(speaker);
            }
            _ => {}
        }
        let hint = (kind == Kind::Quote)
            .then(|| pending::speaker_hint(self.document(), self.suggestions.as_ref(), &[span]));
        actions.push(Action::AddAnnotation { annotation });
        if self.edit(|ws| ws.apply_all(actions)) {
            self.focused = Some(id.clone());
            self.selection = None;
            if kind == Kind::Quote {
                self.dialog = Some(Dialog::SpeakerFor(id));
                self.speaker_hint = hint.flatten();
            }
        }
    }

    fn focused_quote(&mut self, what: &str) -> Option<String> {
        match self.focused_annotation() {
            Some(a) if a.kind == Kind::Quote => Some(a.id.clone()),
            _ => {
                self.notice = Some(info(format!(
                    "Choose a quote first (in the list or with [ and ]), then {what}."
                )));
                None
            }
        }
    }

    fn add_span_to_focused(&mut self, snap: bool) {
        let Some(id) = self.focused_quote("add the selection to it") else {
            return;
        };
        if let Some(span) = self.take_selection(snap, "add it to the quote") {
            if self.edit(|ws| {
                ws.apply(Action::AddSpan {
                    annotation: id,
                    span,
                })
            }) {
                self.selection = None;
            }
        }
    }

    fn set_cue_from_selection(&mut self, snap: bool) {
        let Some(id) = self.focused_quote("mark its cue") else {
            return;
        };
        if let Some(span) = self.take_selection(snap, "make it the quote's cue") {
            if self.edit(|ws| {
                ws.apply(Action::SetCue {
                    annotation: id,
                    cue: Some(span),
                })
            }) {
                self.selection = None;
            }
        }
    }

    fn speaker_by_name(&mut self, annotation: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            self.dialog = None;
            return;
        }
        let mut actions = Vec::new();
        let speaker = match self.document().speaker_named(name) {
            Some(s) => s.id.clone(),
            None => {
                let id = self.workspace.next_speaker_id();
                actions.push(Action::AddSpeaker {
                    speaker: Speaker::new(id.clone(), name),
                });
                id
            }
        };
        actions.push(Action::AttachSpeaker {
            annotation: annotation.to_string(),
            speaker,
        });
        if self.edit(|ws| ws.apply_all(actions)) {
            self.dialog = None;
        }
    }

    fn focus_step(&mut self, step: i32) {
        let ordered = self.workspace.annotations_in_order();
        if ordered.is_empty() {
            self.notice = Some(info("There are no annotations yet."));
            return;
        }
        let current = self
            .focused
            .as_deref()
            .and_then(|id| ordered.iter().position(|a| a.id == id));
        let n = ordered.len() as i64;
        let next = match current {
            Some(i) => (i as i64 + step as i64).rem_euclid(n),
            None if step >= 0 => 0,
            None => n - 1,
        };
        self.focused = Some(ordered[next as usize].id.clone());
    }
}

fn info(text: impl Into<String>) -> Notice {
    Notice {
        level: NoticeLevel::Info,
        text: text.into(),
    }
}

fn error(text: impl Into<String>) -> Notice {
    Notice {
        level: NoticeLevel::Error,
        text: text.into(),
    }
}

/// The text with its first letter upper-case, for messages built from errors.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Suggestions: asking for them, accepting and rejecting them, and the
/// suggested speaker of a quote marked by hand.
impl AppState {
    /// One edit from a component. Deleting an annotation that accepting a
    /// suggestion made rejects that suggestion, so it does not come back.
    fn apply(&mut self, action: Action) {
        let removed = match &action {
            Action::RemoveAnnotation { id } => self
                .document()
                .annotation(id)
                .map(|a| (a.kind.clone(), a.spans.clone())),
            _ => None,
        };
        if self.edit(|ws| ws.apply(action)) {
            if let (Some((kind, spans)), Some(pending)) = (removed, &mut self.suggestions) {
                pending.reject_matching(&kind, &spans, self.workspace.document());
            }
        }
    }

    fn suggest(&mut self) {
        let pending = Pending::new(self.document());
        self.notice = Some(info(if pending.is_empty() {
            "No suggestions: the suggester found no quote or speaker that is not annotated already."
                .to_string()
        } else {
            format!(
                "{}. Accept or reject them in the Suggestions panel.",
                pending.summary()
            )
        }));
        self.suggestions = Some(pending);
    }

    fn accept_suggestions(&mut self, pick: &Pick) {
        let Some(pending) = &self.suggestions else {
            self.notice = Some(info("Press Suggest (g) first."));
            return;
        };
        let chosen = pending.picked(pick);
        if chosen.is_empty() {
            self.notice = Some(info("No such suggestion is pending."));
            return;
        }
        let found = pending.found().clone();
        let actions = accept(self.document(), &found, &chosen, SUGGESTED_NOTE);
        let mut speakers = 0;
        let (mut quotes, mut mentions) = (0, 0);
        for action in &actions {
            match action {
                Action::AddSpeaker { .. } => speakers += 1,
                Action::AddAnnotation { annotation } if annotation.kind == Kind::Quote => {
                    quotes += 1
                }
                Action::AddAnnotation { .. } => mentions += 1,
                _ => {}
            }
        }
        if quotes + mentions == 0 {
            self.notice = Some(info(
                "Nothing to add: your own annotations already cover that.",
            ));
            return;
        }
        if self.edit(|ws| ws.apply_all(actions)) {
            let mut added = Vec::new();
            if quotes > 0 {
                added.push(plural(quotes, "quote", "quotes"));
            }
            if mentions > 0 {
                added.push(plural(mentions, "speaker mention", "speaker mentions"));
            }
            let mut text = format!("Accepted {}", added.join(" and "));
            if speakers > 0 {
                text.push_str(&format!(
                    ", with {}",
                    plural(speakers, "new speaker", "new speakers")
                ));
            }
            text.push_str(". Ctrl+Z undoes it.");
            self.notice = Some(info(text));
        }
    }

    fn reject_suggestions(&mut self, pick: &Pick) {
        let doc = self.workspace.document();
        let Some(pending) = &mut self.suggestions else {
            return;
        };
        let chosen = pending.picked(pick);
        pending.reject(&chosen, doc);
        self.notice = Some(info(format!(
            "Rejected {}.",
            plural(chosen.len(), "suggestion", "suggestions")
        )));
    }

    fn suggested_speaker(&mut self, annotation: &str) {
        let Some(guess) = self.speaker_hint.clone() else {
            self.dialog = None;
            return;
        };
        let known = guess.known_in(self.document()).map(|s| s.id.clone());
        let mut actions = Vec::new();
        let speaker = known.unwrap_or_else(|| {
            let id = self.workspace.next_speaker_id();
            actions.push(Action::AddSpeaker {
                speaker: guess.to_speaker(id.clone()),
            });
            id
        });
        actions.push(Action::AttachSpeaker {
            annotation: annotation.to_string(),
            speaker,
        });
        if self.edit(|ws| ws.apply_all(actions)) {
            self.dialog = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Headline\n\n“I lost the argument,” Kerry said to 😀 attendees.";

    fn state() -> AppState {
        AppState::with_document(document_from_text(TEXT, "t"))
    }

    fn offset_of(needle: &str) -> Span {
        let byte = TEXT.find(needle).expect("needle in text");
        let start = TEXT[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    #[test]
    fn an_edit_is_saving_until_the_writer_says_saved_and_a_failure_stays_said() {
        let mut s = state();
        s.save = SaveStatus::Saved("10:00:00".into());
        s.update(Msg::Select(Some(offset_of("Kerry"))));
        s.update(Msg::Mark {
            kind: Kind::Mention,
            snap: true,
        });
        assert_eq!(s.save, SaveStatus::Saving);
        s.update(Msg::Saved(SaveStatus::Failed("full".into())));
        s.update(Msg::Undo);
        assert_eq!(s.save, SaveStatus::Failed("full".into()));
    }

    #[test]
    fn marking_a_quote_snaps_to_words_and_asks_for_its_speaker() {
        let mut s = state();
        let exact = offset_of("I lost the argument");
        // A sloppy selection, starting inside "I" … ending inside "argument".
        s.update(Msg::Select(Some(Span::new(exact.start, exact.end - 3))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        let a = &s.document().annotations[0];
        assert_eq!(a.kind, Kind::Quote);
        assert_eq!(a.spans, vec![exact]);
        assert_eq!(a.quote_type.as_deref(), Some("direct"));
        assert_eq!(s.dialog, Some(Dialog::SpeakerFor(a.id.clone())));
        assert_eq!(s.focused.as_deref(), Some(a.id.as_str()));
        assert_eq!(s.selection, None);
    }

    #[test]
    fn naming_a_speaker_creates_it_once_and_reuses_it_by_alias() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("I lost the argument"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        let quote = s.focused.clone().unwrap();
        s.update(Msg::SpeakerByName {
            annotation: quote.clone(),
            name: " John Kerry ".into(),
        });
        assert_eq!(s.document().speakers.len(), 1);
        assert_eq!(s.document().speakers[0].name, "John Kerry");
        assert_eq!(
            s.document().annotation(&quote).unwrap().speaker.as_deref(),
            Some("s1")
        );
        assert_eq!(s.dialog, None);
        // "s" on the name "Kerry" creates a mention; with an alias it links.
        let mut speaker = s.document().speakers[0].clone();
        speaker.aliases.push("Kerry".into());
        s.update(Msg::Apply(Action::UpdateSpeaker { speaker }));
        s.update(Msg::Select(Some(offset_of("Kerry"))));
        s.update(Msg::Mark {
            kind: Kind::Mention,
            snap: true,
        });
        assert_eq!(s.document().speakers.len(), 1, "no second speaker");
        let mention = s
            .document()
            .annotations
            .iter()
            .find(|a| a.kind == Kind::Mention)
            .unwrap();
        assert_eq!(mention.speaker.as_deref(), Some("s1"));
    }

    #[test]
    fn a_mention_of_an_unknown_name_creates_the_speaker() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("Kerry"))));
        s.update(Msg::Mark {
            kind: Kind::Mention,
            snap: false,
        });
        assert_eq!(s.document().speakers[0].name, "Kerry");
        // One undo step removes both the mention and the new speaker.
        s.update(Msg::Undo);
        assert!(!s.workspace.can_undo());
        assert!(s.document().annotations.is_empty());
        assert!(s.document().speakers.is_empty());
    }

    #[test]
    fn undo_and_redo_cover_edits_and_say_what_they_did() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        assert_eq!(s.document().annotations.len(), 1);
        let rev = s.revision;
        s.update(Msg::Undo);
        assert!(s.document().annotations.is_empty());
        assert!(s.revision > rev, "undo is a change to save");
        assert!(s.notice.as_ref().unwrap().text.starts_with("Undid"));
        s.update(Msg::Redo);
        assert_eq!(s.document().annotations.len(), 1);
        s.update(Msg::Redo);
        assert_eq!(s.notice.as_ref().unwrap().text, "Nothing to redo.");
    }

    #[test]
    fn an_edit_and_its_undo_share_the_text_instead_of_copying_it() {
        let mut s = state();
        let before = s.document().text.clone();
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        assert_eq!(s.document().annotations.len(), 1);
        assert!(s.document().text.shares_text_with(&before));
        s.update(Msg::Undo);
        assert!(s.document().text.shares_text_with(&before));
    }

    #[test]
    fn a_success_message_is_shown_only_when_the_edit_is_made() {
        let mut s = state();
        s.update(Msg::ApplyAndSay {
            action: Action::RemoveAnnotation { id: "a9".into() },
            success: "Removed.".into(),
        });
        assert_eq!(s.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
        s.update(Msg::ApplyAndSay {
            action: Action::AddSpeaker {
                speaker: Speaker::new("s1", "Kerry"),
            },
            success: "Added Kerry.".into(),
        });
        assert_eq!(
            s.notice.as_ref().map(|n| n.text.as_str()),
            Some("Added Kerry.")
        );
    }

    #[test]
    fn a_read_only_tab_refuses_every_edit_with_the_reason_until_it_may_edit_again() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("Kerry"))));
        s.update(Msg::Mark {
            kind: Kind::Mention,
            snap: true,
        });
        let why = "This document is being edited in another tab.";
        s.update(Msg::ReadOnly(Some(why.into())));
        let (before, revision) = (s.workspace.clone(), s.revision);
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        s.update(Msg::Undo);
        s.update(Msg::Apply(Action::AddSpeaker {
            speaker: Speaker::new("s9", "Somebody"),
        }));
        s.update(Msg::Suggest);
        s.update(Msg::AcceptSuggestions(Pick::All));
        assert_eq!(s.workspace, before);
        assert_eq!(s.revision, revision);
        let notice = s.notice.clone().expect("told why");
        assert_eq!(notice.level, NoticeLevel::Error);
        assert!(notice.text.contains(why), "{}", notice.text);
        assert!(notice.text.contains("Edit here instead"), "{}", notice.text);

        // A newer version from the other tab is shown, and stays read-only.
        let mut newer = (*before).clone();
        newer
            .apply(Action::AddSpeaker {
                speaker: Speaker::new("s9", "Somebody"),
            })
            .unwrap();
        s.update(Msg::Restore(Rc::new(newer.clone())));
        assert_eq!(*s.workspace, newer);
        assert_eq!(s.read_only.as_deref(), Some(why));

        s.update(Msg::ReadOnly(None));
        s.update(Msg::Undo);
        assert_eq!(
            s.document().speakers.len(),
            before.document().speakers.len()
        );
    }

    #[test]
    fn a_refused_edit_leaves_the_document_and_says_why() {
        let mut s = state();
        let before = s.workspace.clone();
        s.update(Msg::Apply(Action::RemoveAnnotation { id: "a9".into() }));
        assert_eq!(s.workspace, before);
        let notice = s.notice.clone().unwrap();
        assert_eq!(notice.level, NoticeLevel::Error);
        assert_eq!(notice.text, "No annotation with id a9");
    }

    #[test]
    fn marking_without_a_selection_explains_what_to_do() {
        let mut s = state();
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        assert!(s.document().annotations.is_empty());
        assert!(s.notice.unwrap().text.starts_with("Select some text"));
    }

    #[test]
    fn further_spans_and_cues_go_to_the_focused_quote() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("I lost"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        s.update(Msg::CloseDialog);
        s.update(Msg::Select(Some(offset_of("argument"))));
        s.update(Msg::AddSpanToFocused { snap: true });
        s.update(Msg::Select(Some(offset_of("said"))));
        s.update(Msg::SetCueFromSelection { snap: true });
        let q = &s.document().annotations[0];
        assert_eq!(q.spans, vec![offset_of("I lost"), offset_of("argument")]);
        assert_eq!(q.cue, Some(offset_of("said")));
    }

    #[test]
    fn loading_over_work_asks_first_and_keeps_work_when_declined() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("Kerry"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        let other = Rc::new(document_from_text("Another text", "o"));
        s.update(Msg::Load(other.clone()));
        assert_eq!(s.dialog, Some(Dialog::ConfirmReplace(other.clone())));
        assert_eq!(s.document().annotations.len(), 1, "nothing replaced yet");
        s.update(Msg::CloseDialog);
        assert_eq!(s.document().meta.id, "t");
        s.update(Msg::LoadConfirmed(other));
        assert_eq!(s.document().meta.id, "o");
        assert!(!s.workspace.can_undo());
    }

    #[test]
    fn focus_steps_through_annotations_in_document_order_and_wraps() {
        let mut s = state();
        for needle in ["attendees", "I lost"] {
            s.update(Msg::Select(Some(offset_of(needle))));
            s.update(Msg::Mark {
                kind: Kind::Claim,
                snap: true,
            });
        }
        s.update(Msg::Focus(None));
        s.update(Msg::FocusStep(1));
        assert_eq!(s.focused.as_deref(), Some("a2"), "“I lost” comes first");
        s.update(Msg::FocusStep(1));
        assert_eq!(s.focused.as_deref(), Some("a1"));
        s.update(Msg::FocusStep(1));
        assert_eq!(s.focused.as_deref(), Some("a2"));
        s.update(Msg::FocusStep(-1));
        assert_eq!(s.focused.as_deref(), Some("a1"));
    }

    #[test]
    fn the_sample_is_titled_by_its_headline() {
        let doc = sample_document();
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("US-Russian talks in Syria fail, Kerry blames Russia and US Congress")
        );
        assert_eq!(doc.meta.id, "sample");
    }

    #[test]
    fn a_file_note_is_said_once_its_document_is_loaded() {
        let opened = || Rc::new(document_from_text("Other\n\nText.", "o"));
        // Nothing to lose: loaded at once, with the note.
        let mut s = state();
        s.update(Msg::LoadWithNote {
            document: opened(),
            note: "Read from “o.json”.".into(),
        });
        assert_eq!(s.document().meta.id, "o");
        assert_eq!(
            s.notice.as_ref().map(|n| n.text.as_str()),
            Some("Loaded “Other”. Read from “o.json”.")
        );
        assert_eq!(s.load_note, None);

        // Work to lose: asked first; the note waits for the answer.
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        s.update(Msg::LoadWithNote {
            document: opened(),
            note: "Read from “o.json”.".into(),
        });
        let Some(Dialog::ConfirmReplace(doc)) = s.dialog.clone() else {
            panic!("asks before replacing work: {:?}", s.dialog);
        };
        s.update(Msg::LoadConfirmed(doc));
        assert_eq!(
            s.notice.as_ref().map(|n| n.text.as_str()),
            Some("Loaded “Other”. Read from “o.json”.")
        );

        // Keeping the current work drops the note.
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        s.update(Msg::LoadWithNote {
            document: opened(),
            note: "note".into(),
        });
        s.update(Msg::CloseDialog);
        assert_eq!(s.load_note, None);
        assert_eq!(s.document().meta.id, "t");
        s.update(Msg::Load(opened()));
        assert!(matches!(s.dialog, Some(Dialog::ConfirmReplace(_))));
    }

    fn assignment_with_key() -> Rc<Assignment> {
        let mut key = document_from_text(TEXT, "t");
        key.annotations.push(Annotation::new(
            "a1",
            Kind::Quote,
            vec![offset_of("I lost the argument")],
        ));
        let mut assignment = Assignment::new(&key);
        assignment.instructions = "Mark every quote.".into();
        assignment.set_key(&key).expect("the same text");
        Rc::new(assignment)
    }

    #[test]
    fn opening_an_assignment_loads_its_blank_article_under_an_id_of_its_own() {
        let mut s = state();
        s.update(Msg::Select(Some(offset_of("attendees"))));
        s.update(Msg::Mark {
            kind: Kind::Claim,
            snap: true,
        });
        let assignment = assignment_with_key();
        s.update(Msg::StartAssignment(assignment.clone()));
        assert!(s.document().annotations.is_empty(), "the key stays hidden");
        assert_eq!(
            s.dialog, None,
            "no question: the old work stays in Documents"
        );
        let student = s.teaching.student.clone().expect("student mode");
        assert_eq!(student.assignment, assignment);
        assert_eq!(s.document().meta.id, student.document_id);
        assert_ne!(student.document_id, "t", "never the teacher's document id");
        assert!(s.notice.unwrap().text.contains("Hand in"));
    }

    #[test]
    fn a_restored_document_of_another_session_does_not_replace_the_assignment() {
        let mut s = state();
        s.update(Msg::StartAssignment(assignment_with_key()));
        let other = Workspace::new(document_from_text("Other", "o")).unwrap();
        s.update(Msg::Restore(Rc::new(other)));
        assert!(s.teaching.student.is_some());
        assert_ne!(s.document().meta.id, "o");

        // The student's own saved work on this assignment comes back.
        let mut own = (*s.workspace).clone();
        let mut meta = own.document().meta.clone();
        meta.annotator = Some("Ana".into());
        own.apply(Action::SetMetadata { meta }).unwrap();
        s.update(Msg::Restore(Rc::new(own)));
        assert!(s.teaching.student.is_some());
        assert_eq!(s.document().meta.annotator.as_deref(), Some("Ana"));
    }

    #[test]
    fn an_assignment_opened_again_brings_back_the_students_saved_work() {
        let mut s = state();
        let assignment = assignment_with_key();
        s.update(Msg::StartAssignment(assignment.clone()));
        let mut own = (*s.workspace).clone();
        let mut meta = own.document().meta.clone();
        meta.annotator = Some("Ana".into());
        own.apply(Action::SetMetadata { meta }).unwrap();

        // A reload: the page starts afresh and opens the link again.
        let mut s = state();
        s.update(Msg::ResumeAssignment {
            assignment: assignment.clone(),
            workspace: Rc::new(own),
        });
        let student = s.teaching.student.clone().expect("student mode");
        assert_eq!(student.assignment, assignment);
        assert_eq!(s.document().meta.id, student.document_id);
        assert_eq!(s.document().meta.annotator.as_deref(), Some("Ana"));
        assert!(s.notice.unwrap().text.contains("is back"));

        // Saved work of another document never stands in for the article.
        let mut s = state();
        let other = Workspace::new(document_from_text("Other", "o")).unwrap();
        s.update(Msg::ResumeAssignment {
            assignment,
            workspace: Rc::new(other),
        });
        assert!(s.teaching.student.is_some());
        assert_ne!(s.document().meta.id, "o");
    }

    #[test]
    fn loading_another_document_ends_student_mode() {
        let mut s = state();
        s.update(Msg::StartAssignment(assignment_with_key()));
        s.update(Msg::LoadConfirmed(Rc::new(document_from_text(
            "Other", "o",
        ))));
        assert_eq!(s.teaching.student, None);
    }

    #[test]
    fn teaching_messages_reach_the_teaching_state() {
        let mut s = state();
        s.update(Msg::Teach(TeachMsg::StartScoring {
            key: Rc::new(s.document().clone()),
            source: "the current document".into(),
        }));
        assert!(s.teaching.scoring.is_some());
        s.update(Msg::Teach(TeachMsg::StopScoring));
        assert_eq!(s.teaching, Teaching::default());
    }
}

#[cfg(test)]
mod suggestion_tests {
    use super::*;
    use attrib_core::formats::open::plain_text_document;

    const TEXT: &str =
        "Talks fail\n\n“We lost the argument,” Secretary of State John Kerry said.\n\n\
                        “We will try again,” Kerry added to 😀 reporters.";

    fn state() -> AppState {
        AppState::with_document(plain_text_document(TEXT, "t", None, false))
    }

    fn span_of(needle: &str) -> Span {
        let byte = TEXT.find(needle).expect("needle in text");
        let start = TEXT[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    fn pending(s: &AppState) -> &Pending {
        s.suggestions.as_ref().expect("suggestions pending")
    }

    /// The id of the pending suggestion of `kind` starting at `needle`.
    fn suggestion_at(s: &AppState, kind: Kind, needle: &str) -> String {
        let start = span_of(needle).start;
        pending(s)
            .items()
            .find(|i| i.kind == kind && i.spans[0].start == start)
            .map(|i| i.id.clone())
            .unwrap_or_else(|| panic!("no {kind} suggested at {needle:?}"))
    }

    fn quotes(s: &AppState) -> Vec<&Annotation> {
        let doc = s.document();
        doc.annotations
            .iter()
            .filter(|a| a.kind == Kind::Quote)
            .collect()
    }

    #[test]
    fn predictions_of_a_loaded_file_are_pending_suggestions_until_accepted() {
        let mut s = state();
        let doc = plain_text_document(TEXT, "from-label-studio", None, false);
        let mut predicted = doc.clone();
        predicted.speakers.push(Speaker::new("s1", "John Kerry"));
        let mut quote =
            Annotation::new("p1", Kind::Quote, vec![span_of("“We lost the argument,”")]);
        quote.speaker = Some("s1".into());
        predicted.annotations.push(quote);
        predicted.annotations.push(Annotation::new(
            "p2",
            Kind::Claim,
            vec![span_of("We will try again")],
        ));
        let found = Rc::new(Suggestions::from_document(&predicted, &doc));
        let sha256 = doc.text.sha256().to_string();
        s.update(Msg::Predictions {
            sha256: sha256.clone(),
            found: found.clone(),
        });
        s.update(Msg::LoadWithNote {
            document: Rc::new(doc),
            note: "Read from “tasks.json”.".into(),
        });
        assert!(s.document().annotations.is_empty(), "nothing is added yet");
        let p = pending(&s);
        assert_eq!((p.count(&Kind::Quote), p.count(&Kind::Claim)), (1, 1));
        let notice = s
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            notice.contains("2 suggestions: 1 quote, 1 other span from the file's predictions"),
            "{notice}"
        );
        s.update(Msg::AcceptSuggestions(Pick::Kind(Kind::Quote)));
        let quote = &s.document().annotations[0];
        assert_eq!(quote.kind, Kind::Quote);
        let speaker = quote
            .speaker
            .as_deref()
            .and_then(|id| s.document().speaker(id));
        assert_eq!(speaker.map(|k| k.name.as_str()), Some("John Kerry"));
        assert_eq!(pending(&s).count(&Kind::Claim), 1, "the claim still waits");
        // Predictions made on another text are not offered for this one.
        let mut s = AppState::with_document(plain_text_document("Other.", "o", None, false));
        s.update(Msg::Predictions { sha256, found });
        s.update(Msg::LoadWithNote {
            document: Rc::new(plain_text_document("Else.", "e", None, false)),
            note: String::new(),
        });
        assert!(s.suggestions.is_none());
    }

    #[test]
    fn suggesting_holds_pending_quotes_and_mentions_outside_the_document_and_its_history() {
        let mut s = state();
        s.update(Msg::Suggest);
        let p = pending(&s);
        assert_eq!(p.count(&Kind::Quote), 2);
        assert!(p.count(&Kind::Mention) >= 2, "{:?}", p.found());
        assert!(s.document().annotations.is_empty());
        assert!(s.document().speakers.is_empty());
        assert!(!s.workspace.can_undo());
        assert_eq!(s.revision, 0, "nothing to save");
        let total = p.items().count();
        let mentions = p.count(&Kind::Mention);
        let summary = format!("{total} suggestions: 2 quotes, {mentions} speaker mentions");
        assert_eq!(p.summary(), summary);
        let notice = s.notice.clone().expect("a notice").text;
        assert!(notice.starts_with(&summary), "{notice}");
    }

    #[test]
    fn accepting_one_quote_adds_it_with_its_speaker_in_one_undo_step_and_undo_brings_the_suggestion_back(
    ) {
        let mut s = state();
        s.update(Msg::Suggest);
        let id = suggestion_at(&s, Kind::Quote, "“We lost");
        let before = pending(&s).items().count();
        s.update(Msg::AcceptSuggestions(Pick::One(id.clone())));
        let q = quotes(&s);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].spans[0].start, span_of("“We lost").start);
        assert_eq!(q[0].note, SUGGESTED_NOTE);
        assert!(q[0].cue.is_some());
        let speaker = s
            .document()
            .speaker(q[0].speaker.as_deref().unwrap())
            .unwrap();
        assert_eq!(speaker.name, "John Kerry");
        assert_eq!(speaker.role.as_deref(), Some("Secretary of State"));
        assert_eq!(s.document().annotations.len(), 1, "only what was accepted");
        assert_eq!(s.workspace.history().undo_len(), 1);
        assert_eq!(pending(&s).items().count(), before - 1);
        assert!(pending(&s).items().all(|i| i.id != id));
        assert!(s
            .notice
            .clone()
            .unwrap()
            .text
            .starts_with("Accepted 1 quote, with 1 new speaker"));

        s.update(Msg::Undo);
        assert!(s.document().annotations.is_empty());
        assert!(s.document().speakers.is_empty());
        assert_eq!(pending(&s).items().count(), before);
        assert!(pending(&s).items().any(|i| i.id == id));
    }

    #[test]
    fn rejecting_a_suggestion_drops_it_and_leaves_the_document_alone() {
        let mut s = state();
        s.update(Msg::Suggest);
        let id = suggestion_at(&s, Kind::Quote, "“We will");
        let workspace = s.workspace.clone();
        s.update(Msg::RejectSuggestions(Pick::One(id.clone())));
        assert!(pending(&s).items().all(|i| i.id != id));
        assert_eq!(s.workspace, workspace);
        assert_eq!(s.notice.clone().unwrap().text, "Rejected 1 suggestion.");
        // Rejecting everything leaves nothing pending; accepting then says so.
        s.update(Msg::RejectSuggestions(Pick::All));
        assert!(pending(&s).is_empty());
        s.update(Msg::AcceptSuggestions(Pick::Kind(Kind::Quote)));
        assert!(s.document().annotations.is_empty());
    }

    #[test]
    fn accepting_all_quotes_is_one_step_with_one_speaker_and_leaves_the_mentions_pending() {
        let mut s = state();
        s.update(Msg::Suggest);
        let mentions = pending(&s).count(&Kind::Mention);
        s.update(Msg::AcceptSuggestions(Pick::Kind(Kind::Quote)));
        let q = quotes(&s);
        assert_eq!(q.len(), 2);
        assert_eq!(s.document().speakers.len(), 1);
        assert!(q.iter().all(|a| a.speaker.as_deref() == Some("s1")));
        assert_eq!(s.workspace.history().undo_len(), 1);
        assert_eq!(pending(&s).count(&Kind::Quote), 0);
        assert_eq!(pending(&s).count(&Kind::Mention), mentions);
        // The mentions then link to the speaker the quotes created.
        s.update(Msg::AcceptSuggestions(Pick::Kind(Kind::Mention)));
        assert_eq!(s.document().speakers.len(), 1, "no second John Kerry");
        assert!(pending(&s).is_empty());
        assert_eq!(s.workspace.history().undo_len(), 2);
    }

    #[test]
    fn a_quote_marked_by_hand_is_neither_suggested_nor_added_a_second_time() {
        let mut s = state();
        s.update(Msg::Suggest);
        s.update(Msg::Select(Some(span_of("We lost the argument"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        s.update(Msg::CloseDialog);
        // The overlapping suggestion is pending no more …
        assert_eq!(pending(&s).count(&Kind::Quote), 1);
        s.update(Msg::AcceptSuggestions(Pick::All));
        assert_eq!(quotes(&s).len(), 2, "the user's quote and the other one");
        // … and even offered to the core, the overlap is skipped.
        let found = pending(&s).found().clone();
        let all: Vec<usize> = (0..found.items.len()).collect();
        let again = accept(s.document(), &found, &all, "");
        assert!(
            !again
                .iter()
                .any(|a| matches!(a, Action::AddAnnotation { .. })),
            "{again:?}"
        );
        // A fresh run suggests none of what is annotated.
        s.update(Msg::Suggest);
        assert_eq!(pending(&s).count(&Kind::Quote), 0);
    }

    #[test]
    fn the_speaker_prompt_offers_the_suggested_speaker_and_picking_it_creates_them_once() {
        let mut s = state();
        // No suggestions asked for: the prompt runs the suggester itself.
        s.update(Msg::Select(Some(span_of("We lost the argument"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        let first = s.focused.clone().unwrap();
        assert_eq!(s.dialog, Some(Dialog::SpeakerFor(first.clone())));
        assert_eq!(
            s.speaker_hint.as_ref().map(|g| g.name.as_str()),
            Some("John Kerry")
        );
        assert!(
            s.suggestions.is_none(),
            "nothing shown the user did not ask for"
        );
        s.update(Msg::SuggestedSpeaker {
            annotation: first.clone(),
        });
        assert_eq!(s.dialog, None);
        assert_eq!(s.speaker_hint, None);
        let kerry = s.document().speakers[0].clone();
        assert_eq!(kerry.role.as_deref(), Some("Secretary of State"));
        assert_eq!(
            s.document().annotation(&first).unwrap().speaker,
            Some(kerry.id.clone())
        );
        // "Kerry" in the second quote is the same speaker, found again.
        s.update(Msg::Suggest);
        s.update(Msg::Select(Some(span_of("We will try again"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        let second = s.focused.clone().unwrap();
        s.update(Msg::SuggestedSpeaker {
            annotation: second.clone(),
        });
        assert_eq!(s.document().speakers.len(), 1);
        assert_eq!(
            s.document().annotation(&second).unwrap().speaker,
            Some(kerry.id)
        );
        // Closing the prompt forgets the hint.
        s.update(Msg::Select(Some(span_of("reporters"))));
        s.update(Msg::Mark {
            kind: Kind::Quote,
            snap: true,
        });
        s.update(Msg::CloseDialog);
        assert_eq!(s.speaker_hint, None);
    }

    #[test]
    fn deleting_an_accepted_suggestion_rejects_it_for_good() {
        let mut s = state();
        s.update(Msg::Suggest);
        let id = suggestion_at(&s, Kind::Quote, "“We lost");
        s.update(Msg::AcceptSuggestions(Pick::One(id.clone())));
        let annotation = quotes(&s)[0].id.clone();
        s.update(Msg::Apply(Action::RemoveAnnotation { id: annotation }));
        assert!(quotes(&s).is_empty());
        assert!(pending(&s).items().all(|i| i.id != id));
    }

    #[test]
    fn another_document_drops_the_suggestions() {
        let mut s = state();
        s.update(Msg::Suggest);
        s.update(Msg::LoadConfirmed(Rc::new(plain_text_document(
            "“Hello,” she said.",
            "o",
            None,
            false,
        ))));
        assert!(s.suggestions.is_none());
    }
}
