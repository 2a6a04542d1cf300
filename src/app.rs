//! The root component: owns the app state (through one reducer), lays out
//! the page, runs the app-level hooks (autosave, scoring session, file drop,
//! shortcuts, assignment link) and hosts the dialogs. Nothing imports this
//! module.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser::perf::measure;
use crate::components::annotation_list::AnnotationList;
use crate::components::article::ArticleView;
use crate::components::builders_page::BuildersPage;
use crate::components::corpus_list::CorpusList;
use crate::components::dialogs::DialogHost;
use crate::components::header::Header;
use crate::components::import_warnings::ImportWarnings;
use crate::components::legend::Legend;
use crate::components::load_panel::LoadPanel;
use crate::components::metadata::MetadataForm;
use crate::components::notice::NoticeBar;
use crate::components::read_only_bar::ReadOnlyBar;
use crate::components::speakers::SpeakersPanel;
use crate::components::student_bar::StudentBar;
use crate::components::suggestions::SuggestionsPanel;
use crate::components::teach_page::TeachPage;
use crate::components::toolbar::Toolbar;
use crate::hooks::assignment_link::use_assignment_link;
use crate::hooks::autosave::use_autosave;
use crate::hooks::colours::use_schema_colours;
use crate::hooks::corpus::use_corpus;
use crate::hooks::file_drop::use_file_drop;
use crate::hooks::scoring_session::use_scoring_session;
use crate::hooks::shortcuts::use_shortcuts;
use crate::props::PanelProps;
use crate::state::{AppState, Msg};

#[component]
pub(crate) fn App() -> Html {
    // A message that changes nothing (a selection cleared twice, say)
    // re-renders nothing: the state compares cheaply (see its PartialEq).
    let state = use_reducer_eq(AppState::default);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |msg: Msg| {
            // Suggesting and editing are timed for `cargo xtask bench`,
            // which says where an edit's time goes (the reducer runs
            // inside dispatch; rendering and saving come after).
            match msg {
                Msg::Suggest => measure("attrib: suggest", || state.dispatch(msg)),
                Msg::Mark { .. } | Msg::Undo | Msg::Redo | Msg::Apply(_) => {
                    measure("attrib: reduce", || state.dispatch(msg))
                }
                _ => state.dispatch(msg),
            }
        })
    };
    // Cheap: the state holds the workspace behind an Rc.
    let snapshot = Rc::new((*state).clone());
    use_autosave(snapshot.clone(), dispatch.clone());
    use_corpus(snapshot.clone(), dispatch.clone());
    use_scoring_session(snapshot.clone(), dispatch.clone());
    let scoring = snapshot.teaching.scoring.is_some() && snapshot.teaching.view.is_some();
    use_file_drop(scoring, dispatch.clone());
    use_shortcuts(snapshot.clone(), dispatch.clone());
    use_schema_colours(&snapshot.document().schema);
    let suggestions = snapshot.suggestions.as_ref().is_some_and(|p| !p.is_empty());
    use_assignment_link(dispatch.clone());
    let teaching = snapshot.teaching.view.is_some();
    let building = snapshot.builders.view.is_some();
    // Another tab edits this document: every editing control is disabled
    // (the reducer refuses edits too, and the bar says why).
    let locked = snapshot.read_only.is_some();
    let props = PanelProps {
        state: snapshot,
        dispatch,
    };
    html! {
        <>
            <Header />
            <Toolbar ..props.clone() />
            <NoticeBar ..props.clone() />
            <ImportWarnings ..props.clone() />
            <ReadOnlyBar ..props.clone() />
            if building {
                <BuildersPage ..props.clone() />
            } else if teaching {
                <TeachPage ..props.clone() />
            } else {
            <main id="main" class="workbench">
                <section class="reader" aria-label="Article and its details">
                    <fieldset class="edit-lock" disabled={locked}>
                        <StudentBar ..props.clone() />
                        <LoadPanel ..props.clone() />
                        <MetadataForm ..props.clone() />
                    </fieldset>
                    <Legend {suggestions} />
                    <ArticleView ..props.clone() />
                </section>
                <aside class="panels" aria-label="Suggestions, annotations and speakers">
                    <CorpusList ..props.clone() />
                    <fieldset class="edit-lock" disabled={locked}>
                        <SuggestionsPanel ..props.clone() />
                        <AnnotationList ..props.clone() />
                        <SpeakersPanel ..props.clone() />
                    </fieldset>
                </aside>
            </main>
            }
            <DialogHost ..props />
        </>
    }
}
