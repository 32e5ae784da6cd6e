//! BMEcat features (`FEATURE` in `ARTICLE_FEATURES` / `PRODUCT_FEATURES`) as product attributes.
//!
//! Rules chosen where the standard leaves room:
//! - **Name**: `FNAME` (one per language in BMEcat 2005). A name that is a feature id of a
//!   classification system (ETIM `EF000008`, eCl@ss `AAA123` or its IRDI) is kept as the
//!   reference's feature and the attribute is named by `FDESCR` when the file has one, else by
//!   the id. A name of `-` or nothing (manufacturers list bullet points so) takes the block's
//!   `REFERENCE_FEATURE_GROUP_NAME`.
//! - **Values**: every `FVALUE`, in file order, split by their `lang` (English or the file's own
//!   language first, Chinese apart). A value that is a code (ETIM `EV000154`) is kept as a value
//!   code and shown as `FVALUE_DETAILS` when the file has it, else as the code.
//! - **Unit**: `FUNIT`, a Rec 20 code when it is one, else as written. **Order**: `FORDER`.
//! - **Reference**: the block's `REFERENCE_FEATURE_SYSTEM_NAME` and `REFERENCE_FEATURE_GROUP_ID`.
//!
//! Features are read from every block, UNSPSC and eCl@ss classification blocks included (those
//! also give the item's categories, see `classification`).

use super::FEATURES;
use crate::catalog::attribute::{unit_code, Attribute, AttributeRef};
use crate::import::xml::{localized, text_lang, Node, TextLang};

/// Whether `name` is a feature id of a classification system rather than a name.
fn is_feature_id(name: &str) -> bool {
    let b = name.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    // ETIM features `EF000008`, eCl@ss properties `AAA123` or IRDIs `0173-1#02-AAA123#005`.
    (b.len() == 8 && b.starts_with(b"EF") && digits(&b[2..]))
        || (b.len() == 6 && b[..3].iter().all(u8::is_ascii_uppercase) && digits(&b[3..]))
        || (name.starts_with("0173-") && name.contains('#'))
}

/// Whether `value` is a value code (ETIM `EV000154`).
fn is_value_code(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 8 && b.starts_with(b"EV") && b[2..].iter().all(u8::is_ascii_digit)
}

/// The texts of `el`'s children `name`, each with its language (`lang`, else the file's).
fn texts(el: Node<'_>, name: &str, lang: TextLang) -> Vec<(TextLang, String)> {
    el.children(&[name])
        .map(|c| (c.raw_attr("lang").map_or(lang, text_lang), c.value()))
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
}

/// The attributes of article `a`, unbounded (the caller bounds them with its issues).
pub(super) fn read(a: Node<'_>, lang: TextLang) -> Vec<Attribute> {
    let mut out = Vec::new();
    for block in a.children(FEATURES) {
        let system = block
            .child_value(&["REFERENCE_FEATURE_SYSTEM_NAME"])
            .unwrap_or_default();
        let group = block
            .child_value(&["REFERENCE_FEATURE_GROUP_ID"])
            .unwrap_or_default();
        let group_name = localized(texts(block, "REFERENCE_FEATURE_GROUP_NAME", lang));
        for f in block.children(&["FEATURE"]) {
            let mut attribute = feature(f, lang, &group_name);
            let has_reference = !system.is_empty() || !group.is_empty();
            if has_reference || attribute.reference.is_some() {
                let r = attribute
                    .reference
                    .get_or_insert_with(AttributeRef::default);
                r.system.clone_from(&system);
                r.group.clone_from(&group);
            }
            out.push(attribute);
        }
    }
    out
}

fn feature(f: Node<'_>, lang: TextLang, group_name: &crate::catalog::LocalizedText) -> Attribute {
    let mut name = localized(texts(f, "FNAME", lang));
    let mut reference = None::<AttributeRef>;
    let id = name.en.trim().to_owned();
    if is_feature_id(&id) {
        reference = Some(AttributeRef {
            feature: id,
            ..AttributeRef::default()
        });
        let described = localized(texts(f, "FDESCR", lang));
        if !described.en.is_empty() || !described.zh.is_empty() {
            name = described;
        }
    }
    let placeholder = |t: &str| matches!(t.trim(), "" | "-" | "–");
    if placeholder(&name.en) && placeholder(&name.zh) {
        name = group_name.clone();
    }
    let details = localized(texts(f, "FVALUE_DETAILS", lang));
    let (mut values, mut values_zh, mut other) = (Vec::new(), Vec::new(), Vec::new());
    let mut codes = Vec::new();
    for (value_lang, value) in texts(f, "FVALUE", lang) {
        let value = value.trim().to_owned();
        let shown = if is_value_code(&value) {
            codes.push(value.clone());
            let detail = details.get(crate::catalog::Lang::En);
            if detail.is_empty() {
                value
            } else {
                detail.to_owned()
            }
        } else {
            value
        };
        match value_lang {
            TextLang::En => values.push(shown),
            TextLang::Zh => values_zh.push(shown),
            TextLang::Other => other.push(shown),
        }
    }
    // Values in another language stand in for English ones the file does not have; a file
    // with Chinese values only has them as its own.
    if values.is_empty() {
        values = other;
    }
    if values.is_empty() {
        values = std::mem::take(&mut values_zh);
    }
    if !codes.is_empty() {
        reference
            .get_or_insert_with(AttributeRef::default)
            .value_codes = codes;
    }
    Attribute {
        name,
        values,
        values_zh,
        unit: f.child_value(&["FUNIT"]).as_deref().and_then(unit_code),
        order: f
            .child_value(&["FORDER"])
            .and_then(|o| o.trim().parse::<u32>().ok()),
        reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_ids_and_value_codes() {
        assert!(is_feature_id("EF000008"));
        assert!(is_feature_id("AAA123"));
        assert!(is_feature_id("0173-1#02-AAA123#005"));
        assert!(!is_feature_id("Netzspannung"));
        assert!(!is_feature_id("EF0008"));
        assert!(is_value_code("EV000154"));
        assert!(!is_value_code("110"));
    }
}
