//! Browser plumbing for imports: reading a picked or dropped file, decoding text, and offering
//! the error report as a download.

use procura_core::import::{ImportIssue, Severity};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file the buyer picked or dropped, read into memory.
#[derive(Debug, Clone)]
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads `file`, refusing one above `max_bytes` before reading a byte of it.
pub async fn read(file: web_sys::File, max_bytes: usize) -> Result<PickedFile, String> {
    let size = file.size() as usize;
    if size > max_bytes {
        return Err(format!(
            "{} is {} MB; files above {} MB are not imported",
            file.name(),
            size / 1_000_000,
            max_bytes / 1_000_000
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
    Ok(PickedFile {
        name: file.name(),
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

/// Decodes text with the browser's decoder for `label` (`utf-8`, `gbk`, `windows-1252`).
/// Invalid sequences become U+FFFD rather than failing: the preview shows them, and a wrong
/// encoding choice is visible at once.
pub fn decode(bytes: &[u8], label: &str) -> Result<String, String> {
    let decoder = web_sys::TextDecoder::new_with_label(label)
        .map_err(|e| format!("this browser cannot decode {label}: {e:?}"))?;
    decoder
        .decode_with_u8_array(bytes)
        .map_err(|e| format!("the file is not valid {label}: {e:?}"))
}

/// The error report as CSV (severity, line, where, article, message), for a spreadsheet.
pub fn report_csv(issues: &[ImportIssue]) -> String {
    let mut out = String::from("\u{FEFF}severity,line,where,article,message\r\n");
    for issue in issues {
        let severity = match issue.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line = issue
            .location
            .line
            .map(|l| l.to_string())
            .unwrap_or_default();
        let fields = [
            severity,
            &line,
            &issue.location.path,
            issue.sku.as_deref().unwrap_or(""),
            &issue.message,
        ];
        let row: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn quote(field: &str) -> String {
    // A leading = + - @ would make a spreadsheet evaluate the cell: keep hostile text inert.
    let inert = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    format!("\"{}\"", inert.replace('"', "\"\""))
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
