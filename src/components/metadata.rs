//! The document's details (title, source address, outlet, author, date) in
//! a compact "Article details" disclosure. Each field commits when the user
//! leaves it or presses Enter, as one undoable `SetMetadata`.

use attrib_core::model::Metadata;
use attrib_core::workspace::Action;
use yew::prelude::*;

use crate::components::fields::TextField;
use crate::props::PanelProps;
use crate::state::Msg;

/// Which field of the metadata a control edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    SourceUrl,
    Outlet,
    Author,
    Published,
}

impl Field {
    fn get(self, meta: &Metadata) -> &Option<String> {
        match self {
            Field::Title => &meta.title,
            Field::SourceUrl => &meta.source_url,
            Field::Outlet => &meta.outlet,
            Field::Author => &meta.author,
            Field::Published => &meta.published,
        }
    }

    fn slot(self, meta: &mut Metadata) -> &mut Option<String> {
        match self {
            Field::Title => &mut meta.title,
            Field::SourceUrl => &mut meta.source_url,
            Field::Outlet => &mut meta.outlet,
            Field::Author => &mut meta.author,
            Field::Published => &mut meta.published,
        }
    }
}

/// What the user typed, made ready to store, or why it cannot be.
fn clean(field: Field, typed: &str) -> Result<Option<String>, String> {
    let value = typed.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match field {
        Field::SourceUrl => normalise_url(value).map(Some),
        // A title is one line (a pasted one may not be).
        Field::Title => Ok(Some(attrib_core::model::one_line(value))),
        _ => Ok(Some(value.to_string())),
    }
}

/// A web address as typed, with `https://` added when the scheme is left
/// out (`example.com/story`). Anything else that is not an address is
/// refused with what to do.
fn normalise_url(value: &str) -> Result<String, String> {
    let candidate = if value.contains("://") || value.starts_with("mailto:") {
        value.to_string()
    } else {
        format!("https://{value}")
    };
    let host_ok = |url: &web_sys::Url| {
        let host = url.hostname();
        !host.is_empty() && (host.contains('.') || host == "localhost")
    };
    match web_sys::Url::new(&candidate) {
        Ok(url) if !value.contains(char::is_whitespace) && host_ok(&url) => Ok(candidate),
        _ => Err(format!(
            "“{value}” is not a web address. Type the full address, such as https://example.com/story, or leave the field empty."
        )),
    }
}

/// Whether a date reads as ISO 8601: `2016`, `2016-09`, `2016-09-20`,
/// optionally followed by a time (`2016-09-20T14:30Z`).
fn is_iso_date(value: &str) -> bool {
    let date = value.split(['T', ' ']).next().unwrap_or_default();
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

#[component]
pub(crate) fn MetadataForm(props: &PanelProps) -> Html {
    let meta = &props.state.document().meta;
    let field = |field: Field,
                 label: &'static str,
                 input_type: &'static str,
                 placeholder: &'static str,
                 hint: Option<&'static str>| {
        let onchange = {
            let d = props.dispatch.clone();
            let meta = meta.clone();
            Callback::from(move |typed: String| match clean(field, &typed) {
                Ok(value) => {
                    if *field.get(&meta) == value {
                        return;
                    }
                    let warn_date = field == Field::Published
                        && value.as_deref().is_some_and(|v| !is_iso_date(v));
                    let mut changed = meta.clone();
                    *field.slot(&mut changed) = value;
                    d.emit(Msg::Apply(Action::SetMetadata { meta: changed }));
                    if warn_date {
                        d.emit(Msg::info(format!(
                            "Date kept as written (“{}”). A date like 2016-09-20 sorts and exports best.",
                            typed.trim()
                        )));
                    }
                }
                Err(message) => d.emit(Msg::error(message)),
            })
        };
        let value = AttrValue::from(field.get(meta).clone().unwrap_or_default());
        let id = AttrValue::from(format!("meta-{}", label.to_lowercase().replace(' ', "-")));
        html! {
            <TextField {label} {value} {onchange} input_type={input_type}
                       placeholder={AttrValue::from(placeholder)} hint={hint.map(AttrValue::from)}
                       id={id} class="meta-field" />
        }
    };
    let summary: Vec<String> = [&meta.outlet, &meta.author, &meta.published]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    html! {
        <details class="metadata">
            <summary>
                <span class="metadata-title">{ "Article details" }</span>
                if !summary.is_empty() {
                    <span class="metadata-summary">{ summary.join(" · ") }</span>
                }
            </summary>
            <div class="metadata-fields">
                { field(Field::Title, "Title", "text", "The headline", None) }
                { field(Field::SourceUrl, "Source URL", "url", "https://…", None) }
                { field(Field::Outlet, "Outlet", "text", "Who published it", None) }
                { field(Field::Author, "Author", "text", "Who wrote it", None) }
                { field(Field::Published, "Date", "text", "YYYY-MM-DD", Some("Publication date, e.g. 2016-09-20")) }
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_recognised() {
        for ok in [
            "2016",
            "2016-09",
            "2016-09-20",
            "2016-09-20T14:30:00Z",
            "2016-09-20 14:30",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "Sept 20, 2016",
            "20/09/2016",
            "2016-13-01",
            "2016-9-1",
            "16-09-20",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::components::test_support::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn shows_the_metadata_and_commits_a_change_as_one_action() {
        let mut m = mount::<MetadataForm>(sample_state()).await;
        assert_eq!(input_value(&m.root, "#meta-title"), "Talks fail");
        assert!(find(&m.root, "label input#meta-title").is_object());
        // Typing alone sends nothing; committing sends one SetMetadata.
        type_into(&m.root, "#meta-author", "Andy Wolf 😀");
        assert!(m.msgs.borrow().is_empty());
        commit_input(&m.root, "#meta-author", "  Andy Wolf 😀 ").await;
        let Some(Msg::Apply(Action::SetMetadata { meta })) = m.last() else {
            panic!("expected SetMetadata, got {:?}", m.msgs.borrow());
        };
        assert_eq!(meta.author.as_deref(), Some("Andy Wolf 😀"));
        assert_eq!(meta.title.as_deref(), Some("Talks fail"));
        m.apply_sent().await;
        assert_eq!(
            m.state.document().meta.author.as_deref(),
            Some("Andy Wolf 😀")
        );
        assert!(m.state.workspace.can_undo());
        // Committing the same value again is not a new edit.
        commit_input(&m.root, "#meta-author", "Andy Wolf 😀").await;
        assert!(m.msgs.borrow().is_empty());
    }

    #[wasm_bindgen_test]
    async fn a_bad_address_is_refused_with_what_to_do_and_a_bare_domain_gets_https() {
        let m = mount::<MetadataForm>(sample_state()).await;
        assert_eq!(
            find(&m.root, "#meta-source-url")
                .get_attribute("type")
                .as_deref(),
            Some("url")
        );
        commit_input(&m.root, "#meta-source-url", "not an address").await;
        match m.last() {
            Some(Msg::Notify(n)) => assert!(n.text.contains("not a web address"), "{}", n.text),
            other => panic!("expected an error, got {other:?}"),
        }
        commit_input(&m.root, "#meta-source-url", "example.com/story").await;
        let Some(Msg::Apply(Action::SetMetadata { meta })) = m.last() else {
            panic!("expected SetMetadata");
        };
        assert_eq!(
            meta.source_url.as_deref(),
            Some("https://example.com/story")
        );
    }

    #[wasm_bindgen_test]
    async fn undo_puts_the_old_value_back_in_the_field() {
        let mut m = mount::<MetadataForm>(sample_state()).await;
        commit_input(&m.root, "#meta-title", "New title").await;
        m.apply_sent().await;
        assert_eq!(input_value(&m.root, "#meta-title"), "New title");
        let mut state = m.state.clone();
        state.update(Msg::Undo);
        m.set(state).await;
        assert_eq!(input_value(&m.root, "#meta-title"), "Talks fail");
    }
}
