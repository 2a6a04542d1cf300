//! The Export dialog: choose a format, read the exported file in a preview,
//! download it (named after the document's title) or copy it. brat gives
//! two files, both shown and both downloaded. The preview is a read-only
//! text area, so even a huge export costs one DOM value, not a node per line.

use std::rc::Rc;

use attrib_core::formats::{self, Format, FormatError, OutputFile};
use attrib_core::workspace::Workspace;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::browser::files::{copy_to_clipboard, download, file_name, size_label};
use crate::components::modal::Modal;
use crate::props::PanelProps;
use crate::state::Msg;

/// One exported file, ready to show.
#[derive(Debug, Clone, PartialEq)]
struct Preview {
    extension: &'static str,
    mime: &'static str,
    contents: AttrValue,
}

impl From<OutputFile> for Preview {
    fn from(file: OutputFile) -> Self {
        Preview {
            extension: file.extension,
            mime: file.mime,
            contents: AttrValue::from(file.contents),
        }
    }
}

/// The workspace compared by identity: every edit makes a new one, and
/// comparing whole documents on each render would cost more than exporting.
#[derive(Clone)]
struct SameWorkspace(Rc<Workspace>);

impl PartialEq for SameWorkspace {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What each format is for, under the format menu.
fn format_hint(format: Format) -> &'static str {
    match format {
        Format::Native => {
            "Everything: the article text and its details, the label schema, speakers and \
             annotations, with code-point offsets. Attrib opens it again exactly."
        }
        Format::W3c => {
            "W3C Web Annotation JSON-LD with quote and position selectors. It does not hold the \
             article text: keep the text with it (Download article text) to open it again."
        }
        Format::Brat => {
            "Two files: the .ann with the annotations and the .txt with the article. Download \
             saves both; open both together to read them back."
        }
        Format::Doccano => {
            "doccano sequence-labelling JSONL. Offsets count UTF-16 code units, as doccano does."
        }
        Format::LabelStudio => {
            "Label Studio JSON tasks. Offsets count UTF-16 code units, as Label Studio does."
        }
        Format::Jsonl => "One Attrib JSON document per line: the corpus format.",
        Format::Csv => {
            "One row per annotation, for spreadsheets. It does not hold the article text: keep \
             the text with it (Download article text) to open it again."
        }
    }
}

fn export_error(format: Format, err: &FormatError) -> String {
    let what = match err {
        FormatError::Unsupported { message, .. } => message.clone(),
        other => other.to_string(),
    };
    format!(
        "Could not export as {}: {what}. Choose another format, or fix the document and export \
         again.",
        format.label()
    )
}

#[component]
pub(crate) fn ExportDialog(props: &PanelProps) -> Html {
    let format = use_state(|| Format::Native);
    // What the last Download or Copy did, announced politely.
    let status = use_state(String::new);
    let output = use_memo(
        (*format, SameWorkspace(props.state.workspace.clone())),
        |(format, workspace)| {
            formats::export(std::slice::from_ref(workspace.0.document()), *format)
                .map(|files| files.into_iter().map(Preview::from).collect::<Vec<_>>())
                .map_err(|e| export_error(*format, &e))
        },
    );
    let document = props.state.document();
    let title = document.meta.title.clone();
    let article_text = AttrValue::from(document.text.text().to_string());

    let onclose = props.dispatch.reform(|_| Msg::CloseDialog);
    let onchange = {
        let format = format.clone();
        let status = status.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| Format::from_name(&s.value()));
            if let Some(chosen) = chosen {
                format.set(chosen);
                status.set(String::new());
            }
        })
    };

    let (files, error) = match &*output {
        Ok(files) => (files.clone(), None),
        Err(e) => (Vec::new(), Some(e.clone())),
    };
    // The annotation file leads; brat's text file follows.
    let main = files
        .iter()
        .find(|f| f.extension != "txt")
        .or(files.first())
        .cloned();
    let text_file = files
        .iter()
        .find(|f| f.extension == "txt" && main.as_ref().is_some_and(|m| m.extension != "txt"))
        .cloned();

    let ondownload = {
        let status = status.clone();
        let title = title.clone();
        let files = files.clone();
        Callback::from(move |_: MouseEvent| {
            let mut saved = Vec::new();
            for file in &files {
                let name = file_name(title.as_deref(), file.extension);
                if let Err(why) = download(&name, file.mime, &file.contents) {
                    status.set(format!("Could not download {name}: {why}."));
                    return;
                }
                saved.push(name);
            }
            status.set(format!("Downloaded {}.", saved.join(" and ")));
        })
    };
    let ondownload_text = {
        let status = status.clone();
        let title = title.clone();
        let text = article_text.clone();
        Callback::from(move |_: MouseEvent| {
            let name = file_name(title.as_deref(), "txt");
            status.set(match download(&name, "text/plain;charset=utf-8", &text) {
                Ok(()) => format!("Downloaded {name}."),
                Err(why) => format!("Could not download {name}: {why}."),
            });
        })
    };
    let oncopy = {
        let status = status.clone();
        let contents = main.as_ref().map(|m| m.contents.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(contents) = contents.clone() else {
                return;
            };
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match copy_to_clipboard(&contents).await {
                    Ok(()) => "Copied".to_string(),
                    Err(why) => format!("Could not copy: {why}."),
                });
            });
        })
    };

    let chosen = *format;
    let hint = format_hint(chosen);
    html! {
        <Modal title="Export" {onclose} class="export-dialog">
            <div class="field">
                <label for="export-format">{ "Format" }</label>
                <select id="export-format" aria-describedby="export-format-hint" {onchange}>
                    { for Format::ALL.into_iter().map(|f| html! {
                        <option value={f.name()} selected={f == chosen}>{ f.label() }</option>
                    }) }
                </select>
                <p id="export-format-hint" class="hint">{ hint }</p>
            </div>
            if let Some(error) = error {
                <p class="export-error" role="alert">{ error }</p>
            }
            if let Some(main) = &main {
                <div class="field">
                    <div class="preview-head">
                        <label for="export-preview">{ "Export preview" }</label>
                        <span id="export-preview-file" class="file-name">
                            { format!("{} · {}", file_name(title.as_deref(), main.extension),
                                      size_label(main.contents.len() as f64)) }
                        </span>
                    </div>
                    <textarea id="export-preview" class="export-preview" readonly=true rows="14"
                              spellcheck="false" wrap="off" aria-describedby="export-preview-file"
                              value={main.contents.clone()} />
                </div>
            }
            if let Some(text_file) = &text_file {
                <div class="field">
                    <div class="preview-head">
                        <label for="export-text-preview">{ "Text file" }</label>
                        <span id="export-text-file" class="file-name">
                            { format!("{} · {}", file_name(title.as_deref(), text_file.extension),
                                      size_label(text_file.contents.len() as f64)) }
                        </span>
                    </div>
                    <textarea id="export-text-preview" class="export-preview" readonly=true rows="6"
                              spellcheck="false" aria-describedby="export-text-file"
                              value={text_file.contents.clone()} />
                </div>
            }
            <div class="modal-actions">
                <button type="button" class="primary" onclick={ondownload} disabled={main.is_none()}>
                    { "Download" }
                </button>
                <button type="button" onclick={oncopy} disabled={main.is_none()}>{ "Copy" }</button>
                if !chosen.carries_text() && text_file.is_none() && main.is_some() {
                    <button type="button" onclick={ondownload_text}>{ "Download article text" }</button>
                }
                <p class="export-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            </div>
        </Modal>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::state::{sample_document, AppState};
    use attrib_core::model::{Annotation, Kind, Span};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlTextAreaElement};

    wasm_bindgen_test_configure!(run_in_browser);

    async fn mount(state: AppState) -> Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<ExportDialog>::with_root_and_props(
            root.clone(),
            PanelProps {
                state: Rc::new(state),
                dispatch: Callback::noop(),
            },
        )
        .render();
        yew::scheduler::flush().await;
        root
    }

    fn annotated_sample() -> attrib_core::AnnotatedDocument {
        let mut doc = sample_document();
        let text = doc.text.text().to_string();
        let needle = "I lost the argument";
        let byte = text.find(needle).expect("the sample has the quote");
        let start = text[..byte].chars().count();
        let mut quote = Annotation::new(
            "a1",
            Kind::Quote,
            vec![Span::new(start, start + needle.chars().count())],
        );
        quote.quote_type = Some("direct".into());
        doc.annotations.push(quote);
        doc
    }

    fn textarea(root: &Element, id: &str) -> Option<HtmlTextAreaElement> {
        root.query_selector(&format!("#{id}"))
            .unwrap()
            .map(|e| e.dyn_into().unwrap())
    }

    fn label_of(root: &Element, id: &str) -> String {
        root.query_selector(&format!("label[for={id}]"))
            .unwrap()
            .and_then(|l| l.text_content())
            .unwrap_or_default()
    }

    #[wasm_bindgen_test]
    async fn previews_the_exact_attrib_json_of_the_sample() {
        let doc = annotated_sample();
        let want = formats::export(std::slice::from_ref(&doc), Format::Native)
            .unwrap()
            .remove(0)
            .contents;
        let root = mount(AppState::with_document(doc)).await;
        let preview = textarea(&root, "export-preview").expect("a preview");
        assert_eq!(preview.value(), want);
        assert!(preview.read_only());
        assert_eq!(label_of(&root, "export-preview"), "Export preview");
        assert_eq!(label_of(&root, "export-format"), "Format");
        let select: HtmlSelectElement = root
            .query_selector("#export-format")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        assert_eq!(select.value(), "json");
        assert_eq!(select.length() as usize, Format::ALL.len());
        let file = root
            .query_selector("#export-preview-file")
            .unwrap()
            .unwrap();
        assert!(
            file.text_content()
                .unwrap()
                .starts_with("us-russian-talks-in-syria-fail"),
            "{:?}",
            file.text_content()
        );
        let buttons: Vec<String> = {
            let list = root.query_selector_all("button").unwrap();
            (0..list.length())
                .filter_map(|i| list.item(i)?.text_content())
                .map(|t| t.trim().to_string())
                .collect()
        };
        assert!(buttons.contains(&"Download".to_string()), "{buttons:?}");
        assert!(buttons.contains(&"Copy".to_string()), "{buttons:?}");
    }

    #[wasm_bindgen_test]
    async fn brat_shows_both_files() {
        let doc = annotated_sample();
        let want = formats::export(std::slice::from_ref(&doc), Format::Brat).unwrap();
        let root = mount(AppState::with_document(doc)).await;
        let select: HtmlSelectElement = root
            .query_selector("#export-format")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        select.set_value("brat");
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
        let ann = want.iter().find(|f| f.extension == "ann").unwrap();
        let txt = want.iter().find(|f| f.extension == "txt").unwrap();
        assert_eq!(
            textarea(&root, "export-preview").unwrap().value(),
            ann.contents
        );
        assert_eq!(
            textarea(&root, "export-text-preview").unwrap().value(),
            txt.contents
        );
        assert_eq!(label_of(&root, "export-text-preview"), "Text file");
    }

    #[wasm_bindgen_test]
    fn export_errors_say_what_to_do() {
        let err = FormatError::Unsupported {
            format: Format::Brat,
            message: "annotation a1: a claim with a cue (3..5) cannot be written".into(),
        };
        assert_eq!(
            export_error(Format::Brat, &err),
            "Could not export as brat standoff (.txt + .ann): annotation a1: a claim with a cue \
             (3..5) cannot be written. Choose another format, or fix the document and export again."
        );
    }
}
