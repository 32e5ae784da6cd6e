//! Attribute filters and facets ("Cross-section: 2.5 mm²"), for the category in view.
//!
//! Attributes are matched by their key ([`Attribute::key`], the English name, else the Chinese
//! one) and values by their text in the file's main language, so a choice holds whichever
//! language the buyer reads in. Values of one attribute are alternatives (OR); attributes combine
//! (AND). Counts are disjunctive per attribute, like every other facet: an attribute's values
//! count the items that pass every filter except that attribute's own.
//!
//! Facets are counted only while a category (UNSPSC segment or family) is chosen: attributes of
//! unrelated products ("Cross-section" beside "Paper weight") mean nothing together, and reading
//! every attribute of 100,000 items on each keystroke would cost a tablet. They are bounded too:
//! the first [`SCANNED_PER_ITEM`] attributes of an item, the [`TOP_ATTRIBUTES`] attributes most
//! items have, their [`TOP_VALUES`] most frequent values, values up to [`MAX_VALUE_CHARS`] long
//! (longer ones are prose, not something to filter by). Chosen values always stay listed.

use super::dict::FxMap;
use crate::catalog::attribute::Attribute;
use crate::catalog::{CatalogItem, Lang};

/// Attributes per item read for facets (the supplier's order puts the important ones first).
pub const SCANNED_PER_ITEM: usize = 64;
/// Attributes listed.
pub const TOP_ATTRIBUTES: usize = 8;
/// Values listed per attribute.
pub const TOP_VALUES: usize = 12;
/// Longer values are not offered as facets.
pub const MAX_VALUE_CHARS: usize = 40;

/// One chosen attribute value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributeChoice {
    /// [`Attribute::key`].
    pub key: String,
    /// The value as the file writes it in its main language (an [`AttributeFacetValue::value`]).
    pub value: String,
}

/// An attribute's facet: its values with counts, by count (descending), then value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeFacet {
    pub key: String,
    /// The name in the query's language.
    pub name: String,
    /// The unit of its values (a Rec 20 code or as written), as the first item states it.
    pub unit: Option<String>,
    pub values: Vec<AttributeFacetValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeFacetValue {
    /// What a choice holds ([`AttributeChoice::value`]).
    pub value: String,
    /// The value in the query's language.
    pub label: String,
    pub count: usize,
}

/// The choices grouped by attribute: an item passes a group when one of its values is chosen.
#[derive(Default)]
pub(crate) struct AttributeFilter {
    groups: Vec<(String, Vec<String>)>,
}

impl AttributeFilter {
    pub(crate) fn new(choices: &[AttributeChoice]) -> Self {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for c in choices {
            match groups.iter_mut().find(|(key, _)| *key == c.key) {
                Some((_, values)) => values.push(c.value.clone()),
                None => groups.push((c.key.clone(), vec![c.value.clone()])),
            }
        }
        Self { groups }
    }

    /// How many groups `item` fails, and the key of the (last) one it fails.
    pub(crate) fn failures<'f>(&'f self, item: &CatalogItem) -> (usize, Option<&'f str>) {
        let mut failed = (0, None);
        for (key, values) in &self.groups {
            let passes = item
                .attributes
                .iter()
                .filter(|a| a.key() == key)
                .any(|a| a.values.iter().any(|v| values.contains(v)));
            if !passes {
                failed = (failed.0 + 1, Some(key.as_str()));
            }
        }
        failed
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

struct ValueCount<'a> {
    label: &'a str,
    count: usize,
    /// The last item counted (an item counts once however often it repeats the value).
    last: usize,
}

struct AttributeCount<'a> {
    name: &'a str,
    unit: Option<&'a str>,
    /// Items having the attribute (for ranking attributes).
    items: usize,
    /// The last item counted.
    last: usize,
    values: FxMap<&'a str, ValueCount<'a>>,
}

/// Counts attribute values item by item.
pub(crate) struct AttributeCounter<'a> {
    lang: Lang,
    counts: FxMap<&'a str, AttributeCount<'a>>,
}

impl<'a> AttributeCounter<'a> {
    pub(crate) fn new(lang: Lang) -> Self {
        Self {
            lang,
            counts: FxMap::default(),
        }
    }

    /// Counts `item` (at position `i`); only the attribute `only` when given (the one attribute
    /// whose filter the item fails: it counts for that attribute's other values).
    pub(crate) fn add(&mut self, i: usize, item: &'a CatalogItem, only: Option<&str>) {
        let lang = self.lang;
        for a in item.attributes.iter().take(SCANNED_PER_ITEM) {
            let key = a.key();
            if key.is_empty() || only.is_some_and(|o| o != key) {
                continue;
            }
            let entry = self.counts.entry(key).or_insert_with(|| AttributeCount {
                name: a.name.get(lang),
                unit: a.unit.as_deref(),
                items: 0,
                last: usize::MAX,
                values: FxMap::default(),
            });
            if entry.last != i {
                entry.last = i;
                entry.items += 1;
            }
            count_values(entry, a, lang, i);
        }
    }

    /// The facets: the most common attributes and values, and every chosen one.
    pub(crate) fn finish(self, chosen: &[AttributeChoice]) -> Vec<AttributeFacet> {
        let is_chosen = |key: &str, value: &str| {
            chosen
                .iter()
                .any(|c| c.key == key && (value.is_empty() || c.value == value))
        };
        let mut attributes: Vec<(&str, AttributeCount<'a>)> = self
            .counts
            .into_iter()
            .filter(|(key, count)| count.values.len() > 1 || is_chosen(key, ""))
            .collect();
        // Chosen attributes first, then those most items have.
        attributes.sort_by(|a, b| {
            let unchosen = |k: &str| !is_chosen(k, "");
            (unchosen(a.0), std::cmp::Reverse(a.1.items), a.0).cmp(&(
                unchosen(b.0),
                std::cmp::Reverse(b.1.items),
                b.0,
            ))
        });
        attributes.truncate(TOP_ATTRIBUTES.max(chosen_keys(chosen)));
        let mut facets: Vec<AttributeFacet> = attributes
            .into_iter()
            .map(|(key, count)| {
                let mut values: Vec<AttributeFacetValue> = count
                    .values
                    .into_iter()
                    .map(|(value, v)| AttributeFacetValue {
                        value: value.to_owned(),
                        label: v.label.to_owned(),
                        count: v.count,
                    })
                    .collect();
                values.sort_by(|a, b| {
                    let rank = |v: &AttributeFacetValue| !is_chosen(key, &v.value);
                    (rank(a), std::cmp::Reverse(a.count), natural(&a.value)).cmp(&(
                        rank(b),
                        std::cmp::Reverse(b.count),
                        natural(&b.value),
                    ))
                });
                let kept =
                    TOP_VALUES.max(values.iter().filter(|v| is_chosen(key, &v.value)).count());
                values.truncate(kept);
                values.sort_by(|a, b| natural(&a.value).cmp(&natural(&b.value)));
                AttributeFacet {
                    key: key.to_owned(),
                    name: count.name.to_owned(),
                    unit: count.unit.map(str::to_owned),
                    values,
                }
            })
            .collect();
        keep_chosen(&mut facets, chosen);
        facets.sort_by(|a, b| a.name.cmp(&b.name));
        facets
    }
}

/// A chosen value no item in view has any more (another filter hides them all) stays listed,
/// at 0, so the buyer can see and undo the choice.
fn keep_chosen(facets: &mut Vec<AttributeFacet>, chosen: &[AttributeChoice]) {
    for c in chosen {
        let at = match facets.iter().position(|f| f.key == c.key) {
            Some(at) => at,
            None => {
                facets.push(AttributeFacet {
                    key: c.key.clone(),
                    name: c.key.clone(),
                    unit: None,
                    values: Vec::new(),
                });
                facets.len() - 1
            }
        };
        let values = &mut facets[at].values;
        if !values.iter().any(|v| v.value == c.value) {
            values.push(AttributeFacetValue {
                value: c.value.clone(),
                label: c.value.clone(),
                count: 0,
            });
            values.sort_by(|a, b| natural(&a.value).cmp(&natural(&b.value)));
        }
    }
}

fn chosen_keys(chosen: &[AttributeChoice]) -> usize {
    let mut keys: Vec<&str> = chosen.iter().map(|c| c.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// Counts `a`'s values for item `i`, each once per item.
fn count_values<'a>(entry: &mut AttributeCount<'a>, a: &'a Attribute, lang: Lang, i: usize) {
    let labels = a.values_in(lang);
    for (j, value) in a.values.iter().enumerate() {
        // Bytes bound chars from above: only a long text needs counting.
        if value.len() > MAX_VALUE_CHARS && value.chars().count() > MAX_VALUE_CHARS {
            continue;
        }
        let label = labels.get(j).map_or(value.as_str(), String::as_str);
        let count = entry.values.entry(value.as_str()).or_insert(ValueCount {
            label,
            count: 0,
            last: usize::MAX,
        });
        if count.last != i {
            count.last = i;
            count.count += 1;
        }
    }
}

/// Orders numbers by value (`1.5` before `2.5` before `10`), then text.
fn natural(value: &str) -> (u8, rust_decimal::Decimal, &str) {
    let number = value
        .trim()
        .replace(',', ".")
        .parse::<rust_decimal::Decimal>()
        .ok();
    match number {
        Some(n) => (0, n, value),
        None => (1, rust_decimal::Decimal::ZERO, value),
    }
}
