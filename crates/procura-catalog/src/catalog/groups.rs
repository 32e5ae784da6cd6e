//! A supplier's own category tree: the groups its catalog file sorts items into (BMEcat
//! `CATALOG_STRUCTURE`, a CSV category path such as `Hobbies > Model Trains > Locomotives`).
//!
//! It is browsed per supplier, next to the UNSPSC tree, never merged into it: two suppliers'
//! trees do not map onto each other, nor onto UNSPSC. Items name their groups by id
//! ([`super::CatalogItem::groups`]); the tree gives the ids names, an order and parents.
//!
//! A tree is always well formed once built ([`CategoryTree::build`]): ids are unique, there is
//! no cycle, and it is bounded ([`MAX_GROUPS`], [`MAX_DEPTH`]). What a file gets wrong is
//! repaired, never refused: a group that would close a cycle becomes a top-level group; a
//! repeated id keeps its first definition; a group deeper than [`MAX_DEPTH`] is left out (its
//! items stay, just not under it). A group whose parent the tree does not have is shown at the
//! top level but keeps the parent it names: an update file may add a group under one it does
//! not repeat, and [`CategoryTree::merged`] puts it back in its place.

use super::LocalizedText;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Most groups one supplier's tree keeps (a large manufacturer's has a few thousand).
pub const MAX_GROUPS: usize = 20_000;
/// Deepest level kept (1 is the top level).
pub const MAX_DEPTH: usize = 12;
/// Most groups one item is filed under.
pub const MAX_GROUPS_PER_ITEM: usize = 16;
/// Longest group id kept, in bytes (longer ones are cut at a character boundary).
pub const MAX_ID_BYTES: usize = 200;
/// Longest group name kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One group of a supplier's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryGroup {
    /// The supplier's id for the group (BMEcat `GROUP_ID`; for a CSV path, the path itself).
    pub id: String,
    /// `None`: a top-level group.
    pub parent: Option<String>,
    pub name: LocalizedText,
    /// The supplier's order among siblings (BMEcat `GROUP_ORDER`); siblings without one follow,
    /// by name.
    pub order: Option<u32>,
}

/// A supplier's category tree, well formed (see the [module docs](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<CategoryGroup>", into = "Vec<CategoryGroup>")]
pub struct CategoryTree {
    /// Parents before their children; siblings in the supplier's order.
    groups: Vec<CategoryGroup>,
    /// Position in `groups` by id.
    by_id: HashMap<String, usize>,
}

impl From<Vec<CategoryGroup>> for CategoryTree {
    /// Stored trees are rebuilt, so a record changed by hand is well formed again.
    fn from(groups: Vec<CategoryGroup>) -> Self {
        Self::build(groups)
    }
}

impl From<CategoryTree> for Vec<CategoryGroup> {
    fn from(tree: CategoryTree) -> Self {
        tree.groups
    }
}

/// The group `id` cut to [`MAX_ID_BYTES`], trimmed.
pub fn clean_id(id: &str) -> &str {
    let id = id.trim();
    if id.len() <= MAX_ID_BYTES {
        return id;
    }
    let mut end = MAX_ID_BYTES;
    while !id.is_char_boundary(end) {
        end -= 1;
    }
    &id[..end]
}

impl CategoryTree {
    /// A well-formed tree of `groups`, repaired as the [module docs](self) say. Groups with an
    /// empty id are dropped; a group is its own parent's child at most once.
    pub fn build(groups: Vec<CategoryGroup>) -> Self {
        // First definition of each id, within the bound.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut unique: Vec<CategoryGroup> = Vec::new();
        for mut g in groups {
            g.id = clean_id(&g.id).to_owned();
            if g.id.is_empty() || seen.contains_key(&g.id) {
                continue;
            }
            if unique.len() == MAX_GROUPS {
                break;
            }
            g.parent = g
                .parent
                .map(|p| clean_id(&p).to_owned())
                .filter(|p| !p.is_empty() && *p != g.id);
            g.name = LocalizedText::new(cut(&g.name.en), cut(&g.name.zh));
            seen.insert(g.id.clone(), unique.len());
            unique.push(g);
        }
        // Cycles: walk up from each group; a walk that meets itself cuts the group loose at
        // the top. An unknown parent ends the walk, and so does the depth bound: a group that
        // far down is left out below anyway, as is a cycle longer than the bound (no walk
        // reaches the top from it), and bounding the walk keeps a hostile 20,000-group chain
        // from costing 20,000² steps.
        for i in 0..unique.len() {
            let mut at = i;
            for _ in 0..=MAX_DEPTH {
                let Some(parent) = unique[at].parent.as_ref() else {
                    break;
                };
                match seen.get(parent) {
                    None => break,
                    Some(&p) if p == i => {
                        unique[i].parent = None;
                        break;
                    }
                    Some(&p) => at = p,
                }
            }
        }
        // Parents before children, siblings in order, depth bounded.
        let mut children: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
        for (i, g) in unique.iter().enumerate() {
            let parent = g.parent.as_deref().filter(|p| seen.contains_key(*p));
            children.entry(parent).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&unique[a], &unique[b]);
                (a.order.is_none(), a.order, &a.name.en, &a.id).cmp(&(
                    b.order.is_none(),
                    b.order,
                    &b.name.en,
                    &b.id,
                ))
            });
        }
        let mut order = Vec::with_capacity(unique.len());
        let mut level: Vec<usize> = children.get(&None).cloned().unwrap_or_default();
        for _ in 0..MAX_DEPTH {
            if level.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for &i in &level {
                order.push(i);
                if let Some(kids) = children.get(&Some(unique[i].id.as_str())) {
                    next.extend_from_slice(kids);
                }
            }
            level = next;
        }
        let mut slots: Vec<Option<CategoryGroup>> = unique.into_iter().map(Some).collect();
        let groups: Vec<CategoryGroup> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let by_id = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
        Self { groups, by_id }
    }

    /// A tree of category paths, each a list of names from the top (`["Hobbies", "Model
    /// Trains"]`); a group's id is its path joined with ` > `, so the same path in two rows is
    /// one group.
    pub fn from_paths<'a>(paths: impl IntoIterator<Item = &'a [String]>) -> Self {
        let mut groups = Vec::new();
        let mut known: BTreeSet<String> = BTreeSet::new();
        for path in paths {
            let mut parent: Option<String> = None;
            for depth in 1..=path.len().min(MAX_DEPTH) {
                let id = path_id(&path[..depth]);
                if known.insert(id.clone()) {
                    let name = path[depth - 1].clone();
                    groups.push(CategoryGroup {
                        id: id.clone(),
                        parent: parent.clone(),
                        name: LocalizedText::new(name, ""),
                        order: None,
                    });
                }
                parent = Some(id);
            }
        }
        Self::build(groups)
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Every group, parents before children.
    pub fn groups(&self) -> &[CategoryGroup] {
        &self.groups
    }

    pub fn get(&self, id: &str) -> Option<&CategoryGroup> {
        self.by_id.get(id).map(|&i| &self.groups[i])
    }

    /// The children of `parent` (`None`: the top level, with the groups whose parent the tree
    /// does not have), in the supplier's order.
    pub fn children<'a>(
        &'a self,
        parent: Option<&'a str>,
    ) -> impl Iterator<Item = &'a CategoryGroup> {
        self.groups
            .iter()
            .filter(move |g| self.parent_of(g) == parent)
    }

    /// The parent `group` is shown under: `None` at the top level.
    fn parent_of<'a>(&self, group: &'a CategoryGroup) -> Option<&'a str> {
        group
            .parent
            .as_deref()
            .filter(|p| self.by_id.contains_key(*p))
    }

    /// From the top down to `id` (empty when the tree has no such group).
    pub fn path(&self, id: &str) -> Vec<&CategoryGroup> {
        let mut path = Vec::new();
        let mut at = self.get(id);
        while let Some(g) = at {
            path.push(g);
            at = self.parent_of(g).and_then(|p| self.get(p));
        }
        path.reverse();
        path
    }

    /// The ids of `id` and every group below it (empty when there is no such group).
    pub fn subtree(&self, id: &str) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        let Some(&start) = self.by_id.get(id) else {
            return ids;
        };
        ids.insert(self.groups[start].id.clone());
        // Parents come before children, so one pass after the start finds every descendant.
        for g in &self.groups[start + 1..] {
            if g.parent.as_ref().is_some_and(|p| ids.contains(p)) {
                ids.insert(g.id.clone());
            }
        }
        ids
    }

    /// How many items each group holds, counting its descendants' items: `direct` counts the
    /// items filed directly under each group. An item filed under a group and under one of its
    /// descendants counts twice; files rarely do that, and the counts stay honest upper bounds.
    pub fn totals(&self, direct: &[(String, usize)]) -> HashMap<String, usize> {
        let mut totals: Vec<usize> = vec![0; self.groups.len()];
        for (id, n) in direct {
            if let Some(&i) = self.by_id.get(id) {
                totals[i] = totals[i].saturating_add(*n);
            }
        }
        // Children after parents: add each to its parent, deepest first.
        for i in (0..self.groups.len()).rev() {
            if let Some(&p) = self.groups[i]
                .parent
                .as_ref()
                .and_then(|p| self.by_id.get(p))
            {
                totals[p] = totals[p].saturating_add(totals[i]);
            }
        }
        self.groups
            .iter()
            .zip(totals)
            .filter(|(_, n)| *n > 0)
            .map(|(g, n)| (g.id.clone(), n))
            .collect()
    }

    /// This tree updated by `newer`: groups of `newer` replace those with the same id, the
    /// others are kept (an update file may name only the groups of the items it carries).
    pub fn merged(&self, newer: &CategoryTree) -> CategoryTree {
        let mut groups: Vec<CategoryGroup> = newer.groups.clone();
        groups.extend(
            self.groups
                .iter()
                .filter(|g| newer.get(&g.id).is_none())
                .cloned(),
        );
        Self::build(groups)
    }
}

/// The id of a category path: its names joined with ` > `.
pub fn path_id(path: &[String]) -> String {
    path.join(" > ")
}

/// Splits a category path cell (`Hobbies > Model Trains > Locomotives`) into its names. The
/// separator is `>` (also `›`, `»` or `|`, whichever the cell uses first); empty parts are
/// dropped, so `A >> B` is two levels.
pub fn split_path(cell: &str) -> Vec<String> {
    let separator = cell.chars().find(|c| matches!(c, '>' | '›' | '»' | '|'));
    let parts: Vec<&str> = match separator {
        Some(sep) => cell.split(sep).collect(),
        None => vec![cell],
    };
    parts
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| cut(&p))
        .take(MAX_DEPTH)
        .collect()
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(id: &str, parent: Option<&str>, name: &str, order: Option<u32>) -> CategoryGroup {
        CategoryGroup {
            id: id.into(),
            parent: parent.map(Into::into),
            name: LocalizedText::new(name, ""),
            order,
        }
    }

    fn ids<'a>(groups: impl Iterator<Item = &'a CategoryGroup>) -> Vec<&'a str> {
        groups.map(|g| g.id.as_str()).collect()
    }

    #[test]
    fn children_in_the_suppliers_order_then_by_name() {
        let tree = CategoryTree::build(vec![
            g("3", Some("1"), "Zinc", None),
            g("2", Some("1"), "Anchors", Some(2)),
            g("4", Some("1"), "Bolts", Some(1)),
            g("5", Some("1"), "Adhesives", None),
            g("1", None, "Fixings", None),
        ]);
        assert_eq!(ids(tree.children(None)), ["1"]);
        assert_eq!(ids(tree.children(Some("1"))), ["4", "2", "5", "3"]);
        assert_eq!(ids(tree.path("2").into_iter()), ["1", "2"]);
    }

    #[test]
    fn unknown_parents_cycles_and_repeats_are_repaired() {
        let tree = CategoryTree::build(vec![
            g("a", Some("b"), "A", None),
            g("b", Some("a"), "B", None),
            g("c", Some("missing"), "C", None),
            g("c", None, "C again", None),
            g("d", Some("d"), "D", None),
            g("  ", None, "blank", None),
        ]);
        assert_eq!(tree.len(), 4);
        assert_eq!(tree.get("c").unwrap().name.en, "C");
        // Every group reaches the top: no cycle is left.
        for group in tree.groups() {
            let top = tree.path(&group.id)[0].id.clone();
            assert!(tree.children(None).any(|g| g.id == top), "{top}");
        }
        assert!(tree.get("d").unwrap().parent.is_none());
        // An unknown parent is kept, for a merge that brings it, and shown at the top.
        assert_eq!(tree.get("c").unwrap().parent.as_deref(), Some("missing"));
        let merged = tree.merged(&CategoryTree::build(vec![g("missing", None, "M", None)]));
        assert_eq!(ids(merged.children(Some("missing"))), ["c"]);
    }

    #[test]
    fn depth_is_bounded() {
        let groups = (0..30)
            .map(|i| {
                let parent = (i > 0).then(|| (i - 1).to_string());
                g(&i.to_string(), parent.as_deref(), "level", None)
            })
            .collect();
        let tree = CategoryTree::build(groups);
        assert_eq!(tree.len(), MAX_DEPTH);
    }

    #[test]
    fn a_long_chain_or_cycle_costs_little_and_is_cut_at_the_bound() {
        let n = MAX_GROUPS;
        let chain: Vec<CategoryGroup> = (0..n)
            .map(|i| {
                // Group 0 names the last as its parent: one cycle through all of them.
                let parent = if i == 0 { n - 1 } else { i - 1 };
                g(&i.to_string(), Some(&parent.to_string()), "level", None)
            })
            .collect();
        // No group reaches the top: the whole cycle is left out (each walk stops at the
        // depth bound, so this is 20,000 × 13 steps, not 20,000²).
        assert!(CategoryTree::build(chain).is_empty());
        let short: Vec<CategoryGroup> = (0..3)
            .map(|i| g(&i.to_string(), Some(&((i + 2) % 3).to_string()), "c", None))
            .collect();
        assert_eq!(CategoryTree::build(short).len(), 3);
    }

    #[test]
    fn subtree_and_totals_count_descendants() {
        let tree = CategoryTree::build(vec![
            g("1", None, "Fixings", None),
            g("2", Some("1"), "Anchors", None),
            g("3", Some("2"), "Nylon anchors", None),
            g("4", None, "Chemicals", None),
        ]);
        assert_eq!(
            tree.subtree("2").into_iter().collect::<Vec<_>>(),
            ["2", "3"]
        );
        assert!(tree.subtree("nope").is_empty());
        let totals = tree.totals(&[("3".into(), 5), ("1".into(), 2), ("x".into(), 9)]);
        assert_eq!(totals["1"], 7);
        assert_eq!(totals["2"], 5);
        assert_eq!(totals["3"], 5);
        assert!(!totals.contains_key("4"));
    }

    #[test]
    fn paths_make_one_group_per_prefix() {
        let rows = [
            split_path("Hobbies > Model Trains > Locomotives"),
            split_path("Hobbies > Model Trains >  Wagons "),
            split_path("Hobbies|Kites"),
            split_path("  "),
        ];
        let tree = CategoryTree::from_paths(rows.iter().map(Vec::as_slice));
        assert_eq!(tree.len(), 5);
        assert_eq!(
            ids(tree.children(Some("Hobbies > Model Trains"))),
            [
                "Hobbies > Model Trains > Locomotives",
                "Hobbies > Model Trains > Wagons"
            ]
        );
        assert_eq!(tree.get("Hobbies|Kites"), None);
        assert_eq!(tree.get("Hobbies > Kites").unwrap().name.en, "Kites");
    }

    #[test]
    fn stored_trees_round_trip_and_are_repaired_on_load() {
        let tree = CategoryTree::build(vec![
            g("1", None, "Fixings", Some(1)),
            g("2", Some("1"), "Anchors", None),
        ]);
        let json = serde_json::to_string(&tree).unwrap();
        assert_eq!(serde_json::from_str::<CategoryTree>(&json).unwrap(), tree);
        let edited = r#"[{"id":"a","parent":"a","name":{"en":"A","zh":""},"order":null}]"#;
        let repaired: CategoryTree = serde_json::from_str(edited).unwrap();
        assert!(repaired.get("a").unwrap().parent.is_none());
    }

    #[test]
    fn merged_keeps_groups_the_update_does_not_name() {
        let held = CategoryTree::build(vec![g("1", None, "Old", None), g("2", None, "Kept", None)]);
        let newer = CategoryTree::build(vec![g("1", None, "New", None)]);
        let merged = held.merged(&newer);
        assert_eq!(merged.get("1").unwrap().name.en, "New");
        assert!(merged.get("2").is_some());
    }
}
