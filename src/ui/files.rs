//! Files in and out of the browser: reading a picked or dropped file (bounded before a byte is
//! read), decoding text, and offering text as a download. Imports, the policy and backups use
//! them; a problem is an import issue kind, which the app says in the user's language.

use procura_catalog::import::IssueKind;
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

/// One CSV cell a spreadsheet takes as text: quoted, quotes doubled, and a leading `= + - @`
/// prefixed with `'` so a hostile name cannot be evaluated as a formula.
pub fn csv_field(field: &str) -> String {
    let inert = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    format!("\"{}\"", inert.replace('"', "\"\""))
}
