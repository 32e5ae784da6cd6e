//! The supplier's own category tree: BMEcat `CATALOG_STRUCTURE` with the article maps, and CSV
//! category paths.

mod common;

use common::*;
use procura_catalog::catalog::groups::CategoryTree;
use procura_catalog::catalog::Lang;
use procura_catalog::import::{bmecat, ImportedCatalog};

fn item<'a>(cat: &'a ImportedCatalog, sku: &str) -> &'a procura_catalog::catalog::CatalogItem {
    cat.items
        .iter()
        .find(|i| i.sku == sku)
        .expect("item in the file")
}

fn names(tree: &CategoryTree, parent: Option<&str>, lang: Lang) -> Vec<String> {
    tree.children(parent)
        .map(|g| g.name.get(lang).to_owned())
        .collect()
}

#[test]
fn bmecat_2005_tree_and_maps() {
    let cat = bmecat::parse(&own("bmecat2005_category_tree.xml"), "s-fix", &defaults()).unwrap();
    let tree = cat.categories.as_ref().expect("the file has a tree");
    // The invisible root is not a group: its children are the top level, in GROUP_ORDER.
    assert_eq!(tree.len(), 5);
    assert_eq!(names(tree, None, Lang::En), ["Chemicals", "Fixings"]);
    // A German-only name fills the English slot (shown in both languages).
    assert_eq!(
        names(tree, Some("10"), Lang::ZhCn),
        ["Nylon anchors", "Schrauben"]
    );
    assert_eq!(item(&cat, "UX-6").groups, ["11"]);
    assert_eq!(item(&cat, "FIS-V").groups, ["21", "12"]);
    // A map to a group the tree lacks is left out, with one warning for the file.
    assert!(item(&cat, "SET-1").groups.is_empty());
    let codes: Vec<&str> = cat.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(codes, ["import.category_maps_left_out"]);
    assert!(
        cat.warnings[0].message.starts_with("1 filings"),
        "{}",
        cat.warnings[0].message
    );
    let path: Vec<&str> = tree.path("11").iter().map(|g| g.id.as_str()).collect();
    assert_eq!(path, ["10", "11"]);
}

#[test]
fn a_file_without_a_tree_has_none() {
    let cat = bmecat::parse(&own("bmecat2005_price_on_request.xml"), "s-x", &defaults()).unwrap();
    assert!(cat.categories.is_none());
    assert!(cat.items.iter().all(|i| i.groups.is_empty()));
}

#[test]
fn fischer_keeps_its_726_groups() {
    let Some(bytes) = shared("bmecat/fischer_nexmart_bmecat12_726groups.xml") else {
        return;
    };
    let cat = bmecat::parse(&bytes, "s-fischer", &defaults()).unwrap();
    let tree = cat.categories.as_ref().expect("the file has a tree");
    // 726 structures, one of them the root.
    assert_eq!(tree.len(), 725);
    assert!(names(tree, None, Lang::En).contains(&"Bauchemie".to_owned()));
    let article = item(&cat, "079685");
    assert_eq!(article.groups, ["1001344406"]);
    let path: Vec<&str> = tree
        .path("1001344406")
        .iter()
        .map(|g| g.name.en.as_str())
        .collect();
    assert_eq!(path.last(), Some(&"Schiebeschlitten SBS"));
    assert!(path.len() >= 2, "{path:?}");
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
}

#[test]
fn csv_category_paths_make_the_tree() {
    use procura_catalog::import::csv::{self, suggest_mapping};
    let text = "SKU,Name,Price,Currency,Unit,Category\n\
        T-1,Steam locomotive BR 01,249.00,EUR,C62,Hobbies > Model Trains > Locomotives\n\
        T-2,Goods wagon,39.90,EUR,C62,Hobbies > Model Trains > Wagons\n\
        T-3,Diesel locomotive V 200,219.00,EUR,C62,Hobbies > Model Trains > Locomotives\n\
        K-1,Stunt kite,59.00,EUR,C62,Hobbies|Kites\n\
        X-1,Gift card,25.00,EUR,C62,\n";
    let headers: Vec<String> = ["SKU", "Name", "Price", "Currency", "Unit", "Category"]
        .map(String::from)
        .to_vec();
    let mapping = suggest_mapping(&headers);
    assert_eq!(mapping.category_path.as_deref(), Some("Category"));
    let cat = csv::parse(text, "s-toys", &mapping, &defaults()).unwrap();
    let tree = cat.categories.as_ref().expect("the rows have paths");
    assert_eq!(tree.len(), 5);
    assert_eq!(names(tree, None, Lang::En), ["Hobbies"]);
    assert_eq!(
        names(tree, Some("Hobbies"), Lang::En),
        ["Kites", "Model Trains"]
    );
    assert_eq!(
        item(&cat, "T-3").groups,
        ["Hobbies > Model Trains > Locomotives"]
    );
    assert_eq!(item(&cat, "K-1").groups, ["Hobbies > Kites"]);
    assert!(item(&cat, "X-1").groups.is_empty());
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
}

#[test]
fn csv_without_a_path_column_has_no_tree() {
    use procura_catalog::import::csv::{self, suggest_mapping};
    let text = "SKU,Name,Price,Currency\nA-1,Pen,1.00,EUR\n";
    let headers: Vec<String> = ["SKU", "Name", "Price", "Currency"]
        .map(String::from)
        .to_vec();
    let cat = csv::parse(text, "s", &suggest_mapping(&headers), &defaults()).unwrap();
    assert!(cat.categories.is_none());
}

#[test]
fn search_within_a_supplier_group_and_count_its_children() {
    use procura_catalog::search::{GroupFilter, SearchIndex, SearchQuery};
    let cat = bmecat::parse(&own("bmecat2005_category_tree.xml"), "s-fix", &defaults()).unwrap();
    let tree = cat.categories.clone().unwrap();
    let mut items = cat.items.clone();
    // Another supplier's item, filed under a group id that happens to be the same.
    let mut other = items[0].clone();
    other.supplier_id = "s-other".into();
    other.id = "s-other/UX-6".into();
    items.push(other);
    let index = SearchIndex::build(&items);

    let mut query = SearchQuery::default();
    query.filters.suppliers = vec!["s-fix".into()];
    let all = index.search(&items, &query);
    assert_eq!(all.total, 3);
    let totals = tree.totals(&all.facets.groups);
    assert_eq!(
        (totals["10"], totals["11"], totals["12"], totals["20"]),
        (2, 1, 1, 1)
    );

    // Inside "Fixings": the anchor and the mortar that is also filed under screws.
    query.filters.group = Some(GroupFilter {
        supplier_id: "s-fix".into(),
        groups: tree.subtree("10"),
    });
    let fixings = index.search(&items, &query);
    let skus: Vec<&str> = fixings
        .hits
        .iter()
        .map(|h| items[h.item].sku.as_str())
        .collect();
    assert_eq!(fixings.total, 2, "{skus:?}");
    assert!(skus.contains(&"UX-6") && skus.contains(&"FIS-V"));
    // The other facets count within the place in the tree.
    assert_eq!(fixings.facets.suppliers, [("s-fix".to_owned(), 2)]);

    // Without one supplier chosen there are no group counts.
    query.filters.suppliers.clear();
    query.filters.group = None;
    assert!(index.search(&items, &query).facets.groups.is_empty());
}

#[test]
fn what_each_kind_of_import_does_to_the_tree_and_the_filings() {
    use procura_catalog::import::{plan_categories, plan_import, CatalogAction};
    let file = bmecat::parse(&own("bmecat2005_category_tree.xml"), "s-fix", &defaults()).unwrap();
    let held_tree = file.categories.clone().unwrap();
    let held_items = file.items.clone();

    // An update without a tree: the tree stays, and so do the updated items' filings.
    let mut update = file.clone();
    update.action = CatalogAction::Update;
    update.categories = None;
    for item in &mut update.items {
        item.groups.clear();
    }
    assert_eq!(
        plan_categories(Some(&held_tree), &update).as_ref(),
        Some(&held_tree)
    );
    let write = plan_import("s-fix", &held_items, &update).unwrap();
    let ux = write.put.iter().find(|i| i.sku == "UX-6").unwrap();
    assert_eq!(ux.groups, ["11"]);

    // An update with a tree renames what it names and keeps the rest.
    let mut renamed = file.clone();
    renamed.action = CatalogAction::Update;
    renamed.categories = Some(CategoryTree::build(vec![
        procura_catalog::catalog::groups::CategoryGroup {
            id: "21".into(),
            parent: Some("20".into()),
            name: procura_catalog::catalog::LocalizedText::new("Chemical anchors", ""),
            order: None,
        },
    ]));
    let merged = plan_categories(Some(&held_tree), &renamed).unwrap();
    assert_eq!(merged.len(), 5);
    assert_eq!(merged.get("21").unwrap().name.en, "Chemical anchors");
    assert_eq!(merged.path("21").len(), 2);

    // A replacement without a tree drops it; a withdrawal always does; prices keep it.
    let mut replace = file.clone();
    replace.categories = None;
    assert_eq!(plan_categories(Some(&held_tree), &replace), None);
    let mut withdraw = file.clone();
    withdraw.action = CatalogAction::Withdraw;
    assert_eq!(plan_categories(Some(&held_tree), &withdraw), None);
    let mut prices = file;
    prices.action = CatalogAction::UpdatePrices;
    prices.categories = None;
    assert_eq!(
        plan_categories(Some(&held_tree), &prices).as_ref(),
        Some(&held_tree)
    );
}

#[test]
fn json_items_carry_a_category_path() {
    use procura_catalog::import::json;
    let text = r#"{"format": "procura-catalog/1", "currency": "CNY", "items": [
        {"sku": "T-1", "name": "Steam locomotive", "order_unit": "C62",
         "price_tiers": [{"unit_price": "249.00"}], "category_path": "Hobbies > Model Trains"},
        {"sku": "T-2", "name": "Kite", "order_unit": "C62",
         "price_tiers": [{"unit_price": "59.00"}], "category_path": "Hobbies › Kites"},
        {"sku": "T-3", "name": "Gift card", "order_unit": "C62",
         "price_tiers": [{"unit_price": "25.00"}]}
    ]}"#;
    let cat = json::parse(text.as_bytes(), "s-toys", &defaults()).unwrap();
    let tree = cat.categories.as_ref().expect("the items have paths");
    assert_eq!(
        names(tree, Some("Hobbies"), Lang::En),
        ["Kites", "Model Trains"]
    );
    assert_eq!(item(&cat, "T-1").groups, ["Hobbies > Model Trains"]);
    assert!(item(&cat, "T-3").groups.is_empty());
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
}
