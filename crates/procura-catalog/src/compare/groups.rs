//! Grouping offers of the same product from different suppliers.
//!
//! Two offers are the same product when they carry the same valid GTIN, or the same manufacturer
//! part number from the same manufacturer (both normalised, see [`manufacturer_key`] and
//! [`mpn_key`]). Links chain: if A and B share a GTIN and B and C share an MPN, all three are one
//! group (union-find). An invalid GTIN links nothing: a typo must not merge two products.
//! An MPN without a manufacturer links nothing either: part numbers like `100` are not unique
//! across manufacturers.

use crate::catalog::CatalogItem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// A group's number: groups are numbered in the order of their first item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GroupId(pub u32);

/// Every item's group. Build once per catalog (100,000 items take tens of milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferGroups {
    group_of: Vec<GroupId>,
    /// Each group's item indices, ascending, one group after another.
    members: Vec<usize>,
    /// Where each group's members start in `members` (one more entry, the end).
    starts: Vec<usize>,
    multi_supplier: Vec<GroupId>,
}

/// Legal-form words dropped from the end of a manufacturer's name.
const LEGAL_SUFFIXES: &[&str] = &[
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "se",
    "co",
    "company",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "llc",
    "plc",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "ab",
    "oy",
    "as",
    "kk",
    "pte",
    "pty",
    "mbh",
];

/// Chinese legal forms, dropped from the end (longest first).
const LEGAL_SUFFIXES_ZH: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "股份公司",
    "公司",
];

/// A manufacturer's name for matching: compatibility-normalised, case-folded, punctuation
/// dropped, legal forms at the end dropped (`Nordline GmbH & Co. KG` and `NORDLINE` match), and
/// spaces removed (`Hewlett-Packard` and `HewlettPackard` match). A name that is nothing but a
/// legal form is kept as it is.
pub fn manufacturer_key(name: &str) -> String {
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = spaced.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    let mut key = words.concat();
    if let Some(stripped) = LEGAL_SUFFIXES_ZH
        .iter()
        .find_map(|s| key.strip_suffix(s).filter(|rest| !rest.is_empty()))
    {
        key = stripped.to_owned();
    }
    key
}

/// A part number for matching: letters and digits only, upper case (`nl-bp 07` = `NLBP07`).
pub fn mpn_key(mpn: &str) -> String {
    // ASCII is its own compatibility normal form: skip normalising the common case.
    if mpn.is_ascii() {
        return mpn
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
    }
    mpn.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A valid GTIN as 14 digits (GTIN-8, -12 and -13 padded with zeros, as GS1 compares them).
pub fn gtin_key(gtin: &str) -> Option<String> {
    let gtin = gtin.trim();
    procura_ground::gtin::validate(gtin).ok()?;
    Some(format!("{gtin:0>14}"))
}

/// Union-find over item indices, by size, with path halving.
struct Sets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size[a] >= self.size[b] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
    }
}

impl OfferGroups {
    /// Groups `items`; indices in the result are indices into `items`.
    pub fn build(items: &[CatalogItem]) -> Self {
        let mut sets = Sets::new(items.len());
        let mut by_gtin: HashMap<String, usize> = HashMap::new();
        let mut by_mpn: HashMap<(String, String), usize> = HashMap::new();
        // Manufacturer names repeat across thousands of items: normalise each once.
        let mut makers: HashMap<&str, String> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(key) = item.gtin.as_deref().and_then(gtin_key) {
                let first = *by_gtin.entry(key).or_insert(i);
                sets.union(first, i);
            }
            let maker = makers
                .entry(item.manufacturer.as_str())
                .or_insert_with(|| manufacturer_key(&item.manufacturer))
                .clone();
            let mpn = mpn_key(&item.mpn);
            if !maker.is_empty() && !mpn.is_empty() {
                let first = *by_mpn.entry((maker, mpn)).or_insert(i);
                sets.union(first, i);
            }
        }
        // Number groups by their first item, so the numbering does not depend on how the
        // union-find happened to pick roots.
        let mut id_of_root: HashMap<usize, GroupId> = HashMap::new();
        let mut group_of = Vec::with_capacity(items.len());
        let mut sizes: Vec<usize> = Vec::new();
        for i in 0..items.len() {
            let root = sets.find(i);
            let next = GroupId(id_of_root.len() as u32);
            let id = *id_of_root.entry(root).or_insert(next);
            if id == next {
                sizes.push(0);
            }
            sizes[id.0 as usize] += 1;
            group_of.push(id);
        }
        Self::assemble(group_of, &sizes, items)
    }

    /// Each item's group number, in item order: what [`OfferGroups::from_numbers`] takes back
    /// (the catalog snapshot keeps it, so a start does not group 100,000 items again).
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.group_of.iter().map(|g| g.0)
    }

    /// The groups of `items` from the numbers [`OfferGroups::numbers`] gave for exactly these
    /// items. `None` when they cannot be such numbers: not one per item, or not numbered by
    /// each group's first item (as [`OfferGroups::build`] numbers them).
    pub fn from_numbers(numbers: &[u32], items: &[CatalogItem]) -> Option<Self> {
        if numbers.len() != items.len() {
            return None;
        }
        let mut sizes: Vec<usize> = Vec::new();
        for &n in numbers {
            match (n as usize).cmp(&sizes.len()) {
                std::cmp::Ordering::Less => sizes[n as usize] += 1,
                std::cmp::Ordering::Equal => sizes.push(1),
                std::cmp::Ordering::Greater => return None,
            }
        }
        let group_of = numbers.iter().map(|&n| GroupId(n)).collect();
        Some(Self::assemble(group_of, &sizes, items))
    }

    /// The groups from each item's group (numbered by first item) and each group's size.
    fn assemble(group_of: Vec<GroupId>, sizes: &[usize], items: &[CatalogItem]) -> Self {
        let mut starts = Vec::with_capacity(sizes.len() + 1);
        let mut total = 0;
        for size in sizes {
            starts.push(total);
            total += size;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut members = vec![0; items.len()];
        for (i, id) in group_of.iter().enumerate() {
            let slot = &mut fill[id.0 as usize];
            members[*slot] = i;
            *slot += 1;
        }
        let mut groups = Self {
            group_of,
            members,
            starts,
            multi_supplier: Vec::new(),
        };
        groups.multi_supplier = (0..sizes.len() as u32)
            .map(GroupId)
            .filter(|&g| {
                let members = groups.members(g);
                let first = &items[members[0]].supplier_id;
                members.iter().any(|&i| items[i].supplier_id != *first)
            })
            .collect();
        groups
    }

    /// The group of the item at `item_index`.
    ///
    /// # Panics
    /// If the index is outside the items the groups were built from.
    pub fn group_of(&self, item_index: usize) -> GroupId {
        self.group_of[item_index]
    }

    /// A group's item indices, ascending.
    pub fn members(&self, group: GroupId) -> &[usize] {
        let g = group.0 as usize;
        &self.members[self.starts[g]..self.starts[g + 1]]
    }

    /// How many groups there are (single offers are groups of one).
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every group.
    pub fn groups(&self) -> impl Iterator<Item = GroupId> {
        (0..self.len() as u32).map(GroupId)
    }

    /// Groups offered by more than one supplier: the products worth comparing, in group order.
    pub fn multi_supplier_groups(&self) -> &[GroupId] {
        &self.multi_supplier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manufacturer_names() {
        assert_eq!(manufacturer_key("Nordline GmbH & Co. KG"), "nordline");
        assert_eq!(manufacturer_key("NORDLINE"), "nordline");
        assert_eq!(manufacturer_key("Hewlett-Packard Inc."), "hewlettpackard");
        assert_eq!(manufacturer_key("Acme Co., Ltd."), "acme");
        assert_eq!(manufacturer_key("ＡＣＭＥ Corp"), "acme");
        assert_eq!(manufacturer_key("得力集团有限公司"), "得力");
        assert_eq!(manufacturer_key("晨光文具股份有限公司"), "晨光文具");
        assert_eq!(manufacturer_key("AG"), "ag");
        assert_eq!(manufacturer_key(""), "");
        // Only a trailing legal form goes: "Co" inside a name stays.
        assert_eq!(manufacturer_key("Co Op Supplies"), "coopsupplies");
    }

    #[test]
    fn part_numbers_and_gtins() {
        assert_eq!(mpn_key(" nl-bp 07 "), "NLBP07");
        assert_eq!(mpn_key("--"), "");
        assert_eq!(mpn_key("ａｂ－１"), "AB1");
        assert_eq!(gtin_key("4006381333931").as_deref(), Some("04006381333931"));
        assert_eq!(gtin_key("96385074").as_deref(), Some("00000096385074"));
        assert_eq!(gtin_key("4006381333932"), None);
        assert_eq!(gtin_key(""), None);
    }
}
