//! Pictures and documents: BMEcat `MIME_INFO`, Peppol item specification documents, a CSV
//! picture column and JSON `image_url`; and how items with them are written.

mod common;

use common::*;
use procura_catalog::catalog::media::{self, Media, MediaKind};
use procura_catalog::catalog::{CatalogItem, Lang};
use procura_catalog::import::{bmecat, csv, json, peppol, ImportLimits, ImportedCatalog};

fn item<'a>(cat: &'a ImportedCatalog, sku: &str) -> &'a CatalogItem {
    cat.items
        .iter()
        .find(|i| i.sku == sku)
        .expect("item in the file")
}

fn sources(list: &[&Media]) -> Vec<String> {
    list.iter().map(|m| m.source.clone()).collect()
}

fn codes(cat: &ImportedCatalog) -> Vec<&'static str> {
    cat.warnings.iter().map(|w| w.kind.code()).collect()
}

#[test]
fn bmecat_mime_info_against_a_web_root() {
    let cat = bmecat::parse(&own("bmecat2005_media.xml"), "s-fix", &defaults()).unwrap();
    let ux = item(&cat, "UX-6");
    // In MIME_ORDER; the unordered ones after, in file order.
    let all: Vec<(&str, MediaKind)> = ux
        .media
        .iter()
        .map(|m| (m.source.as_str(), m.kind))
        .collect();
    assert_eq!(
        all,
        [
            (
                "https://media.fixings.example/bmecat/ux6_front.jpg",
                MediaKind::Picture
            ),
            (
                "https://cdn.fixings.example/thumbs/ux6.jpg",
                MediaKind::Thumbnail
            ),
            (
                "https://media.fixings.example/bmecat/docs/UX%206%20data%20sheet.pdf",
                MediaKind::DataSheet
            ),
            (
                "https://media.fixings.example/bmecat/fixings_logo.png",
                MediaKind::Logo
            ),
            ("javascript:alert(document.cookie)", MediaKind::Document),
        ]
    );
    assert_eq!(ux.media[0].caption.get(Lang::En), "UX 6, front");
    assert_eq!(ux.media[2].caption.get(Lang::ZhCn), "产品数据表");
    assert_eq!(ux.media[2].mime.as_deref(), Some("application/pdf"));
    // The row shows the catalog's thumbnail; the page shows the picture first.
    assert_eq!(
        media::thumbnail(&ux.media).unwrap().source,
        "https://cdn.fixings.example/thumbs/ux6.jpg"
    );
    assert_eq!(
        sources(&media::pictures(&ux.media)),
        [
            "https://media.fixings.example/bmecat/ux6_front.jpg",
            "https://cdn.fixings.example/thumbs/ux6.jpg"
        ]
    );
    // The script reference is listed as text and never loaded; the logo is not the product.
    let docs = media::documents(&ux.media);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].url(), None);
    assert!(item(&cat, "FIS-V").media.is_empty());
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
}

#[test]
fn the_olivere_sample_resolves_against_its_root() {
    let Some(bytes) = shared("bmecat/olivere_bmecat12_testdata_new_catalog.golden.xml") else {
        return;
    };
    let cat = bmecat::parse(&bytes, "s-ol", &defaults()).unwrap();
    let pictures: Vec<&str> = cat
        .items
        .iter()
        .flat_map(|i| &i.media)
        .map(|m| m.source.as_str())
        .collect();
    assert!(
        pictures.contains(&"https://example.com/images/55-K-31.jpg"),
        "{pictures:?}"
    );
    let notebook = cat
        .items
        .iter()
        .find(|i| i.media.iter().any(|m| m.source.ends_with("55-K-31.jpg")))
        .unwrap();
    assert_eq!(
        notebook.media[0].caption.get(Lang::En),
        "Frontansicht des Notebooks"
    );
}

#[test]
fn peppol_documents_by_address_and_embedded() {
    let cat = peppol::parse(&own("peppol_documents.xml"), "s-off", &defaults()).unwrap();
    let chair = item(&cat, "CH-100");
    let all: Vec<(&str, MediaKind)> = chair
        .media
        .iter()
        .map(|m| (m.source.as_str(), m.kind))
        .collect();
    assert_eq!(
        all,
        [
            (
                "https://images.office.example/ch-100.jpg",
                MediaKind::Picture
            ),
            ("ch-100.pdf", MediaKind::Document),
            (
                "http://images.office.example/ch-100-back.png",
                MediaKind::Picture
            ),
        ]
    );
    assert_eq!(chair.media[0].caption.get(Lang::ZhCn), "办公椅正面");
    assert_eq!(chair.media[0].caption.get(Lang::En), "Office chair, front");
    assert_eq!(chair.media[1].caption.get(Lang::En), "Data sheet");
    // Loaded over TLS whatever the file says.
    assert_eq!(
        chair.media[2].url().as_deref(),
        Some("https://images.office.example/ch-100-back.png")
    );
    // Only the file that exists nowhere but in the document is reported.
    let embedded: Vec<&str> = codes(&cat)
        .into_iter()
        .filter(|c| *c == "import.embedded_file_left_out")
        .collect();
    assert_eq!(embedded.len(), 1, "{:?}", cat.warnings);
}

#[test]
fn the_peppol_sample_keeps_its_picture_address() {
    let Some(bytes) = shared("peppol/Catalogue_Example.xml") else {
        return;
    };
    let cat = peppol::parse(&bytes, "s-pe", &defaults()).unwrap();
    let refs: Vec<&Media> = cat.items.iter().flat_map(|i| &i.media).collect();
    assert!(
        refs.iter()
            .any(|m| m.source == "http://www.supplier.com/image1.png"
                && m.mime.as_deref() == Some("image/png")
                && m.kind == MediaKind::Picture),
        "{refs:?}"
    );
}

#[test]
fn csv_picture_column_recognised_and_split() {
    let text = String::from_utf8(own("csv_images.csv")).unwrap();
    let preview = csv::sniff(&text).unwrap();
    let mapping = preview.suggest_mapping();
    assert_eq!(mapping.image_url.as_deref(), Some("Bild"));
    let cat = csv::parse(&text, "sup", &mapping, &ImportLimits::default()).unwrap();
    let a1: Vec<(&str, Option<&str>)> = item(&cat, "A-1")
        .media
        .iter()
        .map(|m| (m.source.as_str(), m.mime.as_deref()))
        .collect();
    assert_eq!(
        a1,
        [
            ("https://img.example/a1.jpg", Some("image/jpeg")),
            ("https://img.example/a1-side.png", Some("image/png"))
        ]
    );
    assert!(item(&cat, "A-2").media.is_empty());
    // A file name alone is kept and listed, never loaded.
    assert_eq!(item(&cat, "A-3").media[0].source, "tape.jpg");
    assert_eq!(media::thumbnail(&item(&cat, "A-3").media), None);
}

#[test]
fn csv_cells_with_too_many_pictures_are_cut_with_a_warning() {
    let many: Vec<String> = (0..30)
        .map(|i| format!("https://img.example/{i}.jpg"))
        .collect();
    let text = format!(
        "sku,name,price,currency,unit,image\nA-1,Stapler,4.50,EUR,C62,{}\n",
        many.join("|")
    );
    let preview = csv::sniff(&text).unwrap();
    let mapping = preview.suggest_mapping();
    let cat = csv::parse(&text, "sup", &mapping, &ImportLimits::default()).unwrap();
    assert_eq!(item(&cat, "A-1").media.len(), media::MAX_MEDIA);
    assert_eq!(codes(&cat), ["import.media_cut"]);
}

#[test]
fn json_image_url() {
    let text = r#"{"format": "procura-catalog/1", "supplier": "sup", "items": [
        {"sku": "J-1", "name": "Pen", "currency": "EUR", "order_unit": "C62",
         "price_tiers": [{"min_qty": 1, "unit_price": "1.10"}],
         "image_url": "https://img.example/j1.webp"}]}"#;
    let cat = json::parse(text.as_bytes(), "sup", &ImportLimits::default());
    let cat = match cat {
        Ok(cat) => cat,
        Err(e) => panic!("{:?}", e.errors),
    };
    assert_eq!(
        item(&cat, "J-1").media[0].source,
        "https://img.example/j1.webp"
    );
    assert_eq!(item(&cat, "J-1").media[0].kind, MediaKind::Picture);
}
