//! BMEcat pictures and documents (`MIME_INFO` of an article or product) as media references.
//!
//! Rules chosen where the standard leaves room:
//! - **Source**: the first non-empty `MIME_SOURCE` (2005 allows one per language), made an
//!   address against the header's `MIME_ROOT` when that is a web address; a relative root
//!   (`//mime-dateien`, a directory on the supplier's disk) leaves the file name as written.
//! - **Kind**: `MIME_PURPOSE` (`normal`/`detail` pictures, `thumbnail`, `data_sheet`,
//!   `safety_data_sheet`, `logo`, `others`), else what `MIME_TYPE` says.
//! - **Caption**: `MIME_DESCR`, else `MIME_ALT`, by `lang`.
//! - **Order**: `MIME_ORDER` when given (stable: equal or missing orders keep file order).

use crate::catalog::media::{self, Media, MediaKind};
use crate::import::xml::{localized, text_lang, Node, TextLang};

/// The header's `MIME_ROOT`, when it has one.
pub(super) fn root(header: Node<'_>) -> Option<String> {
    header
        .find(&["CATALOG", "MIME_ROOT"])
        .map(Node::value)
        .filter(|r| !r.trim().is_empty())
}

fn texts(el: Node<'_>, name: &str, lang: TextLang) -> Vec<(TextLang, String)> {
    el.children(&[name])
        .map(|c| (c.raw_attr("lang").map_or(lang, text_lang), c.value()))
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
}

/// The media of article `a`, unbounded (the caller bounds them with its issues).
pub(super) fn read(a: Node<'_>, root: Option<&str>, lang: TextLang) -> Vec<Media> {
    let mut out: Vec<(Option<u32>, Media)> = Vec::new();
    for info in a.children(&["MIME_INFO"]) {
        for m in info.children(&["MIME"]) {
            let Some(source) = m
                .children(&["MIME_SOURCE"])
                .map(Node::value)
                .find(|s| !s.trim().is_empty())
            else {
                continue;
            };
            let mime = m
                .child_value(&["MIME_TYPE"])
                .filter(|t| !t.trim().is_empty());
            let purpose = m.child_value(&["MIME_PURPOSE"]);
            let mut caption = localized(texts(m, "MIME_DESCR", lang));
            if caption.en.is_empty() && caption.zh.is_empty() {
                caption = localized(texts(m, "MIME_ALT", lang));
            }
            let order = m
                .child_value(&["MIME_ORDER"])
                .and_then(|o| o.trim().parse::<u32>().ok());
            out.push((
                order,
                Media {
                    kind: MediaKind::from_purpose(purpose.as_deref(), mime.as_deref()),
                    source: media::resolve(&source, root),
                    mime,
                    caption,
                },
            ));
        }
    }
    out.sort_by_key(|(order, _)| order.unwrap_or(u32::MAX));
    out.into_iter().map(|(_, m)| m).collect()
}
