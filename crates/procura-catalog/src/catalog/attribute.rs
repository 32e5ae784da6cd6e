//! Product attributes: what a supplier states about a product beyond its name and price
//! ("Cross-section: 2.5 mm²", "Voltage: 110, 220 V"), as BMEcat features, Peppol additional item
//! properties and CSV columns carry them.
//!
//! Every attribute is bounded ([`bound`]): a file may carry hundreds of features per product
//! (ETIM-style manufacturer files do), but a hostile one must not bloat the tablet that holds
//! 100,000 items. What is over a limit is cut, and the import says so.
//!
//! Stored records encode items by field position (the app's catalog snapshot), so the fields
//! here are never skipped when empty: a record's shape does not depend on its content.

use super::{Lang, LocalizedText};
use serde::{Deserialize, Serialize};

/// The most attributes one item keeps (the real files seen carry up to a few hundred).
pub const MAX_ATTRIBUTES: usize = 400;
/// The most values one attribute keeps (a value list, `110`, `220`).
pub const MAX_VALUES: usize = 32;
/// The most characters one name, value, unit or reference keeps.
pub const MAX_TEXT_CHARS: usize = 500;

/// One attribute of a product: a name, one or more values, an optional unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attribute {
    /// In the app's languages, with the file's own language as the fallback (see
    /// [`LocalizedText::get`]).
    pub name: LocalizedText,
    /// The values as the file writes them, in its main language (several: a value list).
    pub values: Vec<String>,
    /// The same values in Chinese, when the file gives them separately; empty otherwise.
    #[serde(default)]
    pub values_zh: Vec<String>,
    /// A UN/ECE Rec 20 code when the file's unit is one (`MMT`), else the unit as written
    /// (`mm²`); `None` without a unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// The supplier's order of attributes (BMEcat `FORDER`); items keep them sorted by it.
    #[serde(default)]
    pub order: Option<u32>,
    /// Where the attribute comes from in a classification system, when the file says.
    #[serde(default)]
    pub reference: Option<AttributeRef>,
}

/// An attribute's place in a feature system (ETIM, eCl@ss, a supplier's own), kept so the
/// attribute can be matched to the standard's definition later.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AttributeRef {
    /// `REFERENCE_FEATURE_SYSTEM_NAME` (`ETIM-7.0`, `ECLASS-5.1`, `udf_…`); empty when unknown.
    pub system: String,
    /// The class or group the feature belongs to (`REFERENCE_FEATURE_GROUP_ID`, `EC000042`).
    pub group: String,
    /// The feature's own id (`EF000008`, a Peppol `NameCode`); empty when the file has none.
    pub feature: String,
    /// Codes of the values (`EV000154`), when the file gives values as codes.
    pub value_codes: Vec<String>,
}

impl Attribute {
    /// The values in `lang`: Chinese ones when asked for and given, else the file's own.
    pub fn values_in(&self, lang: Lang) -> &[String] {
        if lang == Lang::ZhCn && !self.values_zh.is_empty() {
            &self.values_zh
        } else {
            &self.values
        }
    }

    /// What identifies the attribute across items for facets: its English name (else its
    /// Chinese one), the same whichever language the buyer reads.
    pub fn key(&self) -> &str {
        self.name.get(Lang::En)
    }

    /// The values as one text, `110, 220`.
    pub fn value_text(&self, lang: Lang) -> String {
        self.values_in(lang).join(", ")
    }
}

/// Which limit an item's attributes were cut to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttributeLimit {
    /// More than [`MAX_ATTRIBUTES`] attributes: the rest were left out.
    Attributes { max: u32 },
    /// An attribute with more than [`MAX_VALUES`] values: the rest were left out.
    Values { max: u32 },
    /// A name, value, unit or reference longer than [`MAX_TEXT_CHARS`]: cut.
    Text { max: u32 },
}

/// `text` cut to `max` characters; whether it was cut.
fn cut(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        Some((end, _)) => {
            text.truncate(end);
            true
        }
        None => false,
    }
}

/// Trims every text, drops attributes with neither name nor value, sorts by `order` (stably:
/// unordered ones keep their place after the ordered ones) and cuts everything to the limits.
/// Returns each limit that was hit, once.
pub fn bound(attributes: &mut Vec<Attribute>) -> Vec<AttributeLimit> {
    let mut hit = Vec::new();
    let mut note = |limit: AttributeLimit| {
        if !hit.contains(&limit) {
            hit.push(limit);
        }
    };
    attributes.retain(|a| {
        a.values.iter().any(|v| !v.trim().is_empty())
            || !a.name.en.trim().is_empty()
            || !a.name.zh.trim().is_empty()
    });
    if attributes.len() > MAX_ATTRIBUTES {
        attributes.truncate(MAX_ATTRIBUTES);
        note(AttributeLimit::Attributes {
            max: MAX_ATTRIBUTES as u32,
        });
    }
    let text_max = AttributeLimit::Text {
        max: MAX_TEXT_CHARS as u32,
    };
    for a in attributes.iter_mut() {
        for values in [&mut a.values, &mut a.values_zh] {
            values.retain(|v| !v.trim().is_empty());
            if values.len() > MAX_VALUES {
                values.truncate(MAX_VALUES);
                note(AttributeLimit::Values {
                    max: MAX_VALUES as u32,
                });
            }
        }
        if let Some(r) = &mut a.reference {
            if r.value_codes.len() > MAX_VALUES {
                r.value_codes.truncate(MAX_VALUES);
                note(AttributeLimit::Values {
                    max: MAX_VALUES as u32,
                });
            }
        }
        let reference = a.reference.iter_mut().flat_map(|r| {
            [&mut r.system, &mut r.group, &mut r.feature]
                .into_iter()
                .chain(r.value_codes.iter_mut())
        });
        let texts = [&mut a.name.en, &mut a.name.zh]
            .into_iter()
            .chain(a.values.iter_mut())
            .chain(a.values_zh.iter_mut())
            .chain(a.unit.iter_mut())
            .chain(reference);
        for text in texts {
            let trimmed = text.trim();
            if trimmed.len() != text.len() {
                *text = trimmed.to_owned();
            }
            if cut(text, MAX_TEXT_CHARS) {
                note(text_max);
            }
        }
        if a.unit.as_deref() == Some("") {
            a.unit = None;
        }
    }
    attributes.sort_by_key(|a| a.order.unwrap_or(u32::MAX));
    hit
}

/// The unit as stored: its Rec 20 code when it is one (`mm` → `MMT`), else as written, trimmed;
/// `None` when empty.
pub fn unit_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    Some(procura_ground::unit::normalize(raw).map_or_else(|_| raw.to_owned(), str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str, values: &[&str]) -> Attribute {
        Attribute {
            name: LocalizedText::new(name, ""),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            ..Attribute::default()
        }
    }

    #[test]
    fn sorted_by_order_unordered_last_in_file_order() {
        let mut list = vec![attr("c", &["1"]), attr("b", &["2"]), attr("a", &["3"])];
        list[1].order = Some(2);
        list[2].order = Some(1);
        assert!(bound(&mut list).is_empty());
        let names: Vec<&str> = list.iter().map(Attribute::key).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn cuts_to_every_limit_and_says_which() {
        let mut list: Vec<Attribute> = (0..MAX_ATTRIBUTES + 5)
            .map(|i| attr(&format!("f{i}"), &["x"]))
            .collect();
        list[0].values = vec!["v".into(); MAX_VALUES + 1];
        list[1].name.en = "é".repeat(MAX_TEXT_CHARS + 1);
        let hit = bound(&mut list);
        assert_eq!(list.len(), MAX_ATTRIBUTES);
        assert_eq!(list[0].values.len(), MAX_VALUES);
        assert_eq!(list[1].name.en.chars().count(), MAX_TEXT_CHARS);
        assert_eq!(hit.len(), 3, "{hit:?}");
    }

    #[test]
    fn empty_attributes_and_values_go() {
        let mut list = vec![attr(" ", &[" "]), attr("Colour", &["", " red "])];
        list[1].unit = Some("  ".into());
        bound(&mut list);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].values, ["red"]);
        assert_eq!(list[0].unit, None);
    }

    #[test]
    fn units_become_codes_when_they_are_codes() {
        assert_eq!(unit_code(" mm ").as_deref(), Some("MMT"));
        assert_eq!(unit_code("mm²").as_deref(), Some("mm²"));
        assert_eq!(unit_code(""), None);
    }

    #[test]
    fn chinese_values_when_given() {
        let mut a = attr("Colour", &["red"]);
        assert_eq!(a.value_text(Lang::ZhCn), "red");
        a.values_zh = vec!["红".into()];
        assert_eq!(a.value_text(Lang::ZhCn), "红");
        assert_eq!(a.value_text(Lang::En), "red");
    }
}
