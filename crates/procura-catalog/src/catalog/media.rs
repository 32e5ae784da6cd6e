//! Pictures and documents of a product: what BMEcat `MIME_INFO`, Peppol item specification
//! documents and a CSV image column point to.
//!
//! An item keeps *references* (an address, a type, a purpose, a caption), never the files: a
//! catalog of 100,000 items with pictures inline would not fit a tablet. Catalogs often name a
//! file relative to a root the header gives (`MIME_ROOT`); with a web root the reference
//! becomes an address, otherwise the file name is kept as written and shown as a file that did
//! not come with the catalog. Only `http(s)` addresses are ever loaded: a `javascript:`,
//! `data:` or `file:` reference is kept as text, never followed.
//!
//! Every list is bounded ([`bound`]); what is over a bound is cut and the import says so.
//!
//! [`cache`] decides what the device's picture cache keeps within the buyer's budget.

use super::{Lang, LocalizedText};
use serde::{Deserialize, Serialize};

pub mod cache;

/// The most references one item keeps (real files carry a handful).
pub const MAX_MEDIA: usize = 16;
/// The longest reference kept, in bytes (real addresses stay far below; browsers take ~2 kB
/// comfortably).
pub const MAX_SOURCE_BYTES: usize = 2_048;
/// The most characters of a caption.
pub const MAX_CAPTION_CHARS: usize = 200;

/// What a reference is for (BMEcat `MIME_PURPOSE`, or what its type says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A picture of the product (`normal`, `detail`).
    Picture,
    /// A small picture made for lists (`thumbnail`).
    Thumbnail,
    /// A data sheet (`data_sheet`).
    DataSheet,
    /// A safety data sheet (`safety_data_sheet`).
    SafetyDataSheet,
    /// The supplier's or manufacturer's logo (`logo`): not a picture of the product.
    Logo,
    /// Any other document (`others`, a drawing, a manual), and any kind a later release adds.
    #[serde(other)]
    Document,
}

impl MediaKind {
    /// The kind a BMEcat `MIME_PURPOSE` names, else what the MIME type says.
    pub fn from_purpose(purpose: Option<&str>, mime: Option<&str>) -> Self {
        match purpose.map(|p| p.trim().to_ascii_lowercase()).as_deref() {
            Some("normal" | "detail") => Self::Picture,
            Some("thumbnail") => Self::Thumbnail,
            Some("data_sheet") => Self::DataSheet,
            Some("safety_data_sheet") => Self::SafetyDataSheet,
            Some("logo") => Self::Logo,
            Some("others") => Self::Document,
            _ => Self::from_mime(mime),
        }
    }

    /// A picture for an `image/…` type, a document for anything else.
    pub fn from_mime(mime: Option<&str>) -> Self {
        if mime.is_some_and(is_image_mime) {
            Self::Picture
        } else {
            Self::Document
        }
    }
}

/// One picture or document of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    /// An `http(s)` address, or the reference as the catalog writes it when it is not one (a
    /// file name that did not come with the catalog).
    pub source: String,
    /// The MIME type the catalog states (`image/jpeg`, `application/pdf`), when it does.
    #[serde(default)]
    pub mime: Option<String>,
    /// The catalog's caption (`MIME_DESCR`, else `MIME_ALT`; a Peppol document's description).
    #[serde(default)]
    pub caption: LocalizedText,
}

impl Media {
    /// The address to load, when the reference is a web address. An `http:` address is
    /// upgraded to `https:` (the app is served over TLS and loads nothing in the clear).
    pub fn url(&self) -> Option<String> {
        if !is_web_address(&self.source) {
            return None;
        }
        let scheme_end = self.source.find(':')?;
        Some(format!("https{}", &self.source[scheme_end..]))
    }

    /// Whether this is a picture of the product (a logo is not).
    pub fn is_picture(&self) -> bool {
        match self.kind {
            MediaKind::Picture | MediaKind::Thumbnail => true,
            MediaKind::Document => self.mime.as_deref().is_some_and(is_image_mime),
            _ => false,
        }
    }

    /// What to show for it: the caption in `lang`, else the last part of the reference.
    pub fn label(&self, lang: Lang) -> &str {
        let caption = self.caption.get(lang).trim();
        if !caption.is_empty() {
            return caption;
        }
        let path = self.source.split(['?', '#']).next().unwrap_or("");
        path.rsplit(['/', '\\'])
            .find(|part| !part.is_empty())
            .unwrap_or(&self.source)
    }
}

/// The pictures of an item that can be loaded, best for a large view first: pictures before
/// thumbnails, in the catalog's order.
pub fn pictures(media: &[Media]) -> Vec<&Media> {
    let mut out: Vec<&Media> = media
        .iter()
        .filter(|m| m.is_picture() && m.url().is_some())
        .collect();
    out.sort_by_key(|m| m.kind == MediaKind::Thumbnail);
    out
}

/// The picture for a list row: the catalog's thumbnail, else its first picture.
pub fn thumbnail(media: &[Media]) -> Option<&Media> {
    let loadable = |m: &&Media| m.is_picture() && m.url().is_some();
    media
        .iter()
        .filter(loadable)
        .find(|m| m.kind == MediaKind::Thumbnail)
        .or_else(|| media.iter().find(loadable))
}

/// Everything else worth listing on the product page: documents, and pictures that cannot be
/// loaded (a file name that did not come with the catalog). Logos are left out.
pub fn documents(media: &[Media]) -> Vec<&Media> {
    media
        .iter()
        .filter(|m| m.kind != MediaKind::Logo && !(m.is_picture() && m.url().is_some()))
        .collect()
}

/// The MIME type a file name's extension usually means, for references that state none.
pub fn mime_from_name(name: &str) -> Option<String> {
    let path = name.split(['?', '#']).next().unwrap_or("");
    let file = path.rsplit(['/', '\\']).next().unwrap_or("");
    let (_, ext) = file.rsplit_once('.')?;
    let mime = match ext.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        _ => return None,
    };
    Some(mime.to_owned())
}

/// `image/…`, whatever the case.
pub fn is_image_mime(mime: &str) -> bool {
    mime.trim()
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("image/"))
}

/// An absolute `http://` or `https://` address with a host, without spaces, control
/// characters or characters that have no place in an address, and within the bound.
pub fn is_web_address(text: &str) -> bool {
    let lower_prefix = |p: &str| {
        text.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    let rest = if lower_prefix("https://") {
        &text[8..]
    } else if lower_prefix("http://") {
        &text[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.rsplit('@').next().unwrap_or("");
    text.len() <= MAX_SOURCE_BYTES
        && !host_name.is_empty()
        && !host_name.starts_with(':')
        && text
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '\\'))
}

/// The reference a catalog writes (`55-K-31.jpg`, `bilder/55.jpg`, an address), made an
/// address against the catalog's root when it is a web address (`https://cdn.example/img`),
/// else kept as written. Spaces in a file name are escaped so the address stays one.
pub fn resolve(source: &str, root: Option<&str>) -> String {
    let source = source.trim();
    if is_web_address(source) {
        return source.to_owned();
    }
    let Some(root) = root.map(str::trim).filter(|r| is_web_address(r)) else {
        return source.to_owned();
    };
    let looks_like_path = !source.is_empty()
        && !source.contains(':')
        && !source.starts_with("//")
        && !source.chars().any(char::is_control);
    if !looks_like_path {
        return source.to_owned();
    }
    let relative = source.trim_start_matches("./").trim_start_matches('/');
    let joined = format!(
        "{}/{}",
        root.trim_end_matches('/'),
        relative.replace('\\', "/").replace(' ', "%20")
    );
    if is_web_address(&joined) {
        joined
    } else {
        source.to_owned()
    }
}

/// Keeps an item's references within bounds: empty and repeated references dropped, texts
/// cut, at most [`MAX_MEDIA`]. Returns whether anything had to be cut (a reference too long
/// or too many of them), for the import's warning.
pub fn bound(media: &mut Vec<Media>) -> bool {
    let mut cut = false;
    let mut seen = std::collections::HashSet::new();
    media.retain(|m| {
        let source = m.source.trim();
        if source.len() > MAX_SOURCE_BYTES {
            cut = true;
            return false;
        }
        !source.is_empty() && seen.insert((source.to_owned(), m.kind))
    });
    if media.len() > MAX_MEDIA {
        media.truncate(MAX_MEDIA);
        cut = true;
    }
    for m in media.iter_mut() {
        m.source = m.source.trim().to_owned();
        if let Some(mime) = &mut m.mime {
            *mime = mime.trim().chars().take(100).collect();
        }
        if m.mime.as_deref() == Some("") {
            m.mime = None;
        }
        for text in [&mut m.caption.en, &mut m.caption.zh] {
            if text.chars().count() > MAX_CAPTION_CHARS {
                *text = text.chars().take(MAX_CAPTION_CHARS).collect();
                cut = true;
            }
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(kind: MediaKind, source: &str) -> Media {
        Media {
            kind,
            source: source.into(),
            mime: None,
            caption: LocalizedText::default(),
        }
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address("https://cdn.example.com/a.jpg"));
        assert!(is_web_address("HTTP://cdn.example.com"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("https:///a.jpg"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("data:image/png;base64,AAAA"));
        assert!(!is_web_address("file:///etc/passwd"));
        assert!(!is_web_address("https://a.example/a b.jpg"));
        assert!(!is_web_address("https://a.example/\"onerror=\""));
        assert!(!is_web_address(&format!(
            "https://a.example/{}",
            "x".repeat(3000)
        )));
    }

    #[test]
    fn resolves_against_a_web_root_only() {
        let root = Some("https://example.com/images");
        assert_eq!(
            resolve("55-K-31.jpg", root),
            "https://example.com/images/55-K-31.jpg"
        );
        assert_eq!(
            resolve("/a/b c.jpg", Some("https://x.example/")),
            "https://x.example/a/b%20c.jpg"
        );
        assert_eq!(
            resolve("hr_ober.jpg", Some("//mime-dateien")),
            "hr_ober.jpg"
        );
        assert_eq!(resolve("hr_ober.jpg", None), "hr_ober.jpg");
        assert_eq!(resolve("javascript:alert(1)", root), "javascript:alert(1)");
        assert_eq!(
            resolve("https://other.example/x.png", root),
            "https://other.example/x.png"
        );
    }

    #[test]
    fn http_is_loaded_over_https_and_other_schemes_never() {
        assert_eq!(
            media(MediaKind::Picture, "http://www.supplier.com/image1.png")
                .url()
                .as_deref(),
            Some("https://www.supplier.com/image1.png")
        );
        assert_eq!(media(MediaKind::Picture, "image1.png").url(), None);
        assert_eq!(media(MediaKind::Picture, "javascript:x").url(), None);
    }

    #[test]
    fn kinds_from_purpose_and_type() {
        assert_eq!(
            MediaKind::from_purpose(Some("normal"), None),
            MediaKind::Picture
        );
        assert_eq!(
            MediaKind::from_purpose(Some(" Thumbnail "), None),
            MediaKind::Thumbnail
        );
        assert_eq!(
            MediaKind::from_purpose(Some("data_sheet"), Some("application/pdf")),
            MediaKind::DataSheet
        );
        assert_eq!(
            MediaKind::from_purpose(None, Some("image/jpeg")),
            MediaKind::Picture
        );
        assert_eq!(
            MediaKind::from_purpose(Some("weird"), Some("application/pdf")),
            MediaKind::Document
        );
        let later: MediaKind = serde_json::from_str("\"hologram\"").unwrap();
        assert_eq!(later, MediaKind::Document);
    }

    #[test]
    fn thumbnail_pictures_and_documents() {
        let list = vec![
            media(MediaKind::Logo, "https://x.example/logo.png"),
            media(MediaKind::Picture, "local.jpg"),
            media(MediaKind::Picture, "https://x.example/big.jpg"),
            media(MediaKind::Thumbnail, "https://x.example/small.jpg"),
            media(MediaKind::DataSheet, "https://x.example/sheet.pdf"),
        ];
        assert_eq!(
            thumbnail(&list).unwrap().source,
            "https://x.example/small.jpg"
        );
        let pics: Vec<_> = pictures(&list).iter().map(|m| m.source.as_str()).collect();
        assert_eq!(
            pics,
            ["https://x.example/big.jpg", "https://x.example/small.jpg"]
        );
        let docs: Vec<_> = documents(&list).iter().map(|m| m.source.as_str()).collect();
        assert_eq!(docs, ["local.jpg", "https://x.example/sheet.pdf"]);
        assert_eq!(thumbnail(&list[..2]), None);
    }

    #[test]
    fn types_from_file_names() {
        assert_eq!(
            mime_from_name("https://x.example/a/B.JPG?v=1").as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(
            mime_from_name("sheet.pdf").as_deref(),
            Some("application/pdf")
        );
        assert_eq!(mime_from_name("README"), None);
        assert_eq!(mime_from_name("https://x.example/dir.v2/file"), None);
    }

    #[test]
    fn labels_fall_back_to_the_file_name() {
        let mut m = media(MediaKind::DataSheet, "https://x.example/docs/sheet.pdf?v=2");
        assert_eq!(m.label(Lang::En), "sheet.pdf");
        m.caption = LocalizedText::new("Data sheet", "");
        assert_eq!(m.label(Lang::ZhCn), "Data sheet");
    }

    #[test]
    fn bounds_cut_and_say_so() {
        let mut list: Vec<Media> = (0..40)
            .map(|i| media(MediaKind::Picture, &format!("https://x.example/{i}.jpg")))
            .collect();
        list.push(media(MediaKind::Picture, "https://x.example/0.jpg"));
        assert!(bound(&mut list));
        assert_eq!(list.len(), MAX_MEDIA);
        let mut fine = vec![
            media(MediaKind::Picture, " a.jpg "),
            media(MediaKind::Picture, "a.jpg"),
            media(MediaKind::Picture, ""),
        ];
        assert!(!bound(&mut fine));
        assert_eq!(fine.len(), 1);
        assert_eq!(fine[0].source, "a.jpg");
    }
}
