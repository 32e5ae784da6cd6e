//! Browser plumbing for imports: reading a picked or dropped file, decoding text, and offering
//! the error report as a download.

use crate::i18n::import_issues::{issue_text, report_header, severity};
use crate::i18n::Lang;
use procura_core::import::{ImportIssue, IssueKind, Severity};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file the buyer picked or dropped, read into memory.
#[derive(Debug, Clone)]
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads `file`, refusing one above `max_bytes` before reading a byte of it.
pub async fn read(file: web_sys::File, max_bytes: usize) -> Result<PickedFile, IssueKind> {
    let size = file.size() as u64;
    if size > max_bytes as u64 {
        return Err(IssueKind::FileTooLarge {
            bytes: size,
            max: max_bytes as u64,
        });
    }
    let buffer =
        JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| IssueKind::FileUnreadable {
                file: file.name(),
                detail: e.as_string().unwrap_or_else(|| format!("{e:?}")),
            })?;
    Ok(PickedFile {
        name: file.name(),
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

/// Decodes text with the browser's decoder for `label` (`utf-8`, `gbk`, `windows-1252`).
/// Invalid sequences become U+FFFD rather than failing: the preview shows them, and a wrong
/// encoding choice is visible at once.
pub fn decode(bytes: &[u8], label: &str) -> Result<String, IssueKind> {
    let missing = || IssueKind::DecoderMissing {
        encoding: label.to_owned(),
    };
    let decoder = web_sys::TextDecoder::new_with_label(label).map_err(|_| missing())?;
    // Without `fatal`, decoding replaces bad sequences instead of failing.
    decoder.decode_with_u8_array(bytes).map_err(|_| missing())
}

/// The error report as CSV (severity, line, where, article, problem, code), for a spreadsheet,
/// in the buyer's language; the code column names each problem the same in every language.
pub fn report_csv(issues: &[ImportIssue], lang: Lang) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&report_header(lang).join(","));
    out.push_str("\r\n");
    for issue in issues {
        let severity = severity(lang, issue.severity == Severity::Error);
        let problem = issue_text(issue, lang);
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
            &problem,
            issue.kind.code(),
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
