//! Files in and out of the page: reading a file the user chose, downloading
//! an export, copying to the clipboard, and naming files after a title.

use attrib_core::limits;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, File, HtmlAnchorElement, HtmlElement, HtmlTextAreaElement, Url,
};

/// The name downloads get when the document has no usable title.
pub(crate) const FALLBACK_STEM: &str = "attrib-export";

/// A byte count as people read it: "812 bytes", "3.4 KB", "73.0 MB".
pub(crate) fn size_label(bytes: f64) -> String {
    const KB: f64 = 1024.0;
    const MB: f64 = KB * 1024.0;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{:.1} KB", bytes / KB)
    } else {
        format!("{:.1} MB", bytes / MB)
    }
}

/// Reads `file` as UTF-8 text (a byte-order mark is dropped, invalid bytes
/// become U+FFFD). Refuses files over
/// [`limits::MAX_FILE_BYTES`] before reading them, saying so.
pub(crate) async fn read_text(file: &File) -> Result<String, String> {
    // Checked before reading, from the size the browser knows.
    if let Err(exceeded) = limits::check_file_bytes(file.size() as u64) {
        return Err(format!(
            "{exceeded}. Split it into smaller files (for a corpus, fewer documents per file) \
             and open them one at a time"
        ));
    }
    let value = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("the browser could not read it ({})", js_message(&e)))?;
    value
        .as_string()
        .ok_or_else(|| "the browser did not return its text".to_string())
}

/// Reads `file` as bytes (a zip). Refuses files over
/// [`limits::MAX_FILE_BYTES`] before reading them.
pub(crate) async fn read_bytes(file: &File) -> Result<Vec<u8>, String> {
    if let Err(exceeded) = limits::check_file_bytes(file.size() as u64) {
        return Err(format!("{exceeded}. Split it into smaller files"));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("the browser could not read it ({})", js_message(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Offers `contents` as a download named `filename`.
pub(crate) fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    download_part(filename, mime, &JsValue::from_str(contents))
}

/// Offers `bytes` (a zip) as a download named `filename`.
pub(crate) fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_part(filename, mime, &js_sys::Uint8Array::from(bytes))
}

fn download_part(filename: &str, mime: &str, part: &JsValue) -> Result<(), String> {
    let failed = |e: JsValue| format!("the browser refused the download ({})", js_message(&e));
    let parts = Array::of1(part);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    // `new Blob(parts)` takes strings and byte arrays alike; the binding's
    // name only says which one its author had in mind.
    let blob =
        Blob::new_with_buffer_source_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let result = click_link(&url, filename).map_err(failed);
    // The download has started reading the blob by the time the click
    // returns in every current browser; a delay keeps slower ones safe.
    gloo::timers::callback::Timeout::new(30_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    result
}

fn click_link(url: &str, filename: &str) -> Result<(), JsValue> {
    let document = gloo::utils::document();
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(url);
    link.set_download(filename);
    link.set_hidden(true);
    active_container()?.append_child(&link)?;
    link.click();
    link.remove();
    Ok(())
}

/// The length in UTF-16 units of the text a paste or a drop brings
/// (`event.clipboardData` or `event.dataTransfer`, as plain text), read
/// without copying the text out of the browser. `None` when the event
/// carries no text.
pub(crate) fn incoming_text_units(event: &web_sys::Event) -> Option<u32> {
    let data = ["clipboardData", "dataTransfer"].iter().find_map(|field| {
        Reflect::get(event, &JsValue::from_str(field))
            .ok()
            .filter(|d| !d.is_null() && !d.is_undefined())
    })?;
    let get: Function = Reflect::get(&data, &JsValue::from_str("getData"))
        .ok()?
        .dyn_into()
        .ok()?;
    let text = get.call1(&data, &JsValue::from_str("text/plain")).ok()?;
    text.dyn_ref::<js_sys::JsString>()
        .map(js_sys::JsString::length)
}

/// Copies `text` to the clipboard: the asynchronous clipboard API where the
/// page may use it, else the older select-and-copy.
pub(crate) async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let navigator = gloo::utils::window().navigator();
    let has_api = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if has_api
        && JsFuture::from(navigator.clipboard().write_text(text))
            .await
            .is_ok()
    {
        return Ok(());
    }
    copy_by_selection(text).map_err(|e| {
        format!(
            "the browser did not allow it ({}). Select the text and press Ctrl+C (⌘C on a Mac)",
            js_message(&e)
        )
    })
}

/// The fallback: a hidden text area, selected and copied, then removed.
fn copy_by_selection(text: &str) -> Result<(), JsValue> {
    let document = gloo::utils::document();
    let previous = document
        .active_element()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let area: HtmlTextAreaElement = document.create_element("textarea")?.dyn_into()?;
    area.set_value(text);
    area.set_read_only(true);
    area.set_attribute("aria-hidden", "true")?;
    // Through the CSSOM: the Content-Security-Policy refuses style
    // attributes.
    let style = area.style();
    for (property, value) in [
        ("position", "fixed"),
        ("top", "0"),
        ("left", "-9999px"),
        ("width", "1px"),
        ("height", "1px"),
        ("opacity", "0"),
    ] {
        style.set_property(property, value)?;
    }
    // Inside an open modal dialog the rest of the page is inert, so the
    // text area goes where focus is.
    active_container()?.append_child(&area)?;
    area.select();
    let exec: Function = Reflect::get(&document, &JsValue::from_str("execCommand"))?.dyn_into()?;
    let copied = exec.call1(&document, &JsValue::from_str("copy"));
    area.remove();
    if let Some(previous) = previous {
        let _ = previous.focus();
    }
    match copied {
        Ok(v) if v.as_bool() == Some(true) => Ok(()),
        Ok(_) => Err(JsValue::from_str("copying is blocked")),
        Err(e) => Err(e),
    }
}

/// The open modal dialog holding focus, or the body.
fn active_container() -> Result<web_sys::Element, JsValue> {
    let document = gloo::utils::document();
    document
        .active_element()
        .and_then(|e| e.closest("dialog[open]").ok().flatten())
        .or_else(|| document.body().map(Into::into))
        .ok_or_else(|| JsValue::from_str("the page has no body"))
}

/// What a JavaScript error says.
fn js_message(err: &JsValue) -> String {
    if let Some(e) = err.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    err.as_string()
        .unwrap_or_else(|| "no reason given".to_string())
}

/// Names reserved on Windows, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name stem from a title that is safe on every system: lower-case
/// letters and digits (any script) joined by single hyphens, at most 80
/// characters; [`FALLBACK_STEM`] when nothing usable is left.
pub(crate) fn slug(title: Option<&str>) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.unwrap_or_default().chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            gap = true;
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    let out: String = out.chars().take(80).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        FALLBACK_STEM.to_string()
    } else if RESERVED.contains(&out.as_str()) {
        format!("attrib-{out}")
    } else {
        out
    }
}

/// `stem.extension`.
pub(crate) fn file_name(title: Option<&str>, extension: &str) -> String {
    format!("{}.{extension}", slug(title))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug(Some("US-Russian talks in Syria fail…")),
            "us-russian-talks-in-syria-fail"
        );
        assert_eq!(
            slug(Some("  Kerry’s “plan”: A/B\\C <test>? * | ")),
            "kerrys-plan-a-b-c-test"
        );
        assert_eq!(slug(Some("Ünïcode 北京 talks")), "ünïcode-北京-talks");
        assert_eq!(slug(None), "attrib-export");
        assert_eq!(slug(Some("…!?")), "attrib-export");
        assert_eq!(slug(Some("CON")), "attrib-con");
        assert_eq!(slug(Some(&"word ".repeat(40))).chars().count(), 79);
        assert_eq!(file_name(Some("A title"), "json"), "a-title.json");
    }

    #[wasm_bindgen_test]
    fn sizes_read_naturally() {
        assert_eq!(size_label(812.0), "812 bytes");
        assert_eq!(size_label(3.5 * 1024.0), "3.5 KB");
        assert_eq!(size_label(73.0 * 1024.0 * 1024.0), "73.0 MB");
    }

    #[wasm_bindgen_test]
    async fn reads_a_file_and_refuses_a_huge_one() {
        let parts = Array::of1(&JsValue::from_str("\u{feff}héllo 😀"));
        let file = File::new_with_str_sequence(&parts, "a.txt").unwrap();
        assert_eq!(read_text(&file).await.unwrap(), "héllo 😀");
        let big = js_sys::Uint8Array::new_with_length(49 * 1024 * 1024);
        let parts = Array::of1(&big);
        let file = File::new_with_buffer_source_sequence(&parts, "big.json").unwrap();
        let err = read_text(&file).await.unwrap_err();
        assert!(
            err.contains("the file is 49 MB, and Attrib opens files up to 48 MB"),
            "{err}"
        );
    }

    #[wasm_bindgen_test]
    fn downloads_without_error() {
        assert_eq!(download("x.json", "application/json", "{}"), Ok(()));
    }
}
