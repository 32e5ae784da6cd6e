//! Attribute values in search and as facets for the category in view: found by text, counted
//! per value (disjunctively per attribute), filtered by a choice, bounded for large catalogs.

mod search_support;

use procura_catalog::catalog::attribute::Attribute;
use procura_catalog::catalog::{CatalogItem, Lang, LocalizedText};
use procura_catalog::search::attributes::{TOP_ATTRIBUTES, TOP_VALUES};
use procura_catalog::search::{AttributeChoice, SearchFilters, SearchQuery};
use search_support::{item, Fixture};

fn attr(en: &str, zh: &str, value: &str, unit: Option<&str>) -> Attribute {
    Attribute {
        name: LocalizedText::new(en, zh),
        values: vec![value.to_owned()],
        unit: unit.map(str::to_owned),
        ..Attribute::default()
    }
}

fn cable(id: &str, section: &str, colour: &str) -> CatalogItem {
    let mut i = item(id, &format!("Cable {id}"));
    i.unspsc = "26121600".into();
    i.attributes = vec![
        attr("Cross-section", "截面积", section, Some("mm²")),
        attr("Colour", "颜色", colour, None),
    ];
    i
}

fn shop() -> Fixture {
    let mut paper = item("paper", "Copy paper");
    paper.unspsc = "14111500".into();
    paper.attributes = vec![attr("Grammage", "", "80", Some("GM"))];
    Fixture::new(vec![
        cable("c1", "2.5", "grey"),
        cable("c2", "1.5", "grey"),
        cable("c3", "2.5", "black"),
        cable("c4", "10", "grey"),
        paper,
    ])
}

fn in_category(attributes: Vec<AttributeChoice>) -> SearchQuery {
    SearchQuery {
        filters: SearchFilters {
            segments: vec!["26".into()],
            attributes,
            ..SearchFilters::default()
        },
        ..SearchQuery::default()
    }
}

fn choice(key: &str, value: &str) -> AttributeChoice {
    AttributeChoice {
        key: key.into(),
        value: value.into(),
    }
}

/// `name: value=count …` per attribute facet.
fn facets(fx: &Fixture, query: &SearchQuery) -> Vec<String> {
    fx.run(query)
        .facets
        .attributes
        .iter()
        .map(|f| {
            let values: Vec<String> = f
                .values
                .iter()
                .map(|v| format!("{}={}", v.label, v.count))
                .collect();
            format!("{}: {}", f.name, values.join(" "))
        })
        .collect()
}

#[test]
fn attribute_values_are_found_by_text() {
    let fx = shop();
    let mut ids = fx.ids(&SearchQuery::text("cable black"));
    ids.sort_unstable();
    assert_eq!(ids, ["c3"]);
}

#[test]
fn facets_only_for_the_category_in_view() {
    let fx = shop();
    assert!(fx.run(&SearchQuery::default()).facets.attributes.is_empty());
    assert_eq!(
        facets(&fx, &in_category(Vec::new())),
        ["Colour: black=1 grey=3", "Cross-section: 1.5=1 2.5=2 10=1"]
    );
    let zh = SearchQuery {
        lang: Lang::ZhCn,
        ..in_category(Vec::new())
    };
    assert_eq!(facets(&fx, &zh)[0], "截面积: 1.5=1 2.5=2 10=1");
    let unit = fx.run(&zh).facets.attributes[0].unit.clone();
    assert_eq!(unit.as_deref(), Some("mm²"));
}

#[test]
fn choosing_a_value_filters_and_counts_stay_disjunctive() {
    let fx = shop();
    let query = in_category(vec![choice("Cross-section", "2.5")]);
    assert_eq!(fx.ids(&query), ["c1", "c3"]);
    // The chosen attribute still lists its other values; the others count within the choice.
    assert_eq!(
        facets(&fx, &query),
        ["Colour: black=1 grey=1", "Cross-section: 1.5=1 2.5=2 10=1"]
    );
    // Two values of one attribute are alternatives; attributes combine.
    let either = in_category(vec![
        choice("Cross-section", "2.5"),
        choice("Cross-section", "10"),
    ]);
    assert_eq!(fx.ids(&either), ["c1", "c3", "c4"]);
    let both = in_category(vec![
        choice("Cross-section", "2.5"),
        choice("Colour", "grey"),
    ]);
    assert_eq!(fx.ids(&both), ["c1"]);
    assert_eq!(
        facets(&fx, &both),
        ["Colour: black=1 grey=1", "Cross-section: 1.5=1 2.5=1 10=1"]
    );
}

#[test]
fn a_choice_nothing_in_view_has_stays_listed_at_zero() {
    let fx = shop();
    let query = SearchQuery {
        text: "c1".into(),
        ..in_category(vec![choice("Colour", "black"), choice("Finish", "matt")])
    };
    assert!(fx.ids(&query).is_empty());
    let f = fx.run(&query).facets.attributes;
    let colour = f.iter().find(|a| a.key == "Colour").expect("listed");
    assert!(colour
        .values
        .iter()
        .any(|v| v.value == "black" && v.count == 0));
    let finish = f.iter().find(|a| a.key == "Finish").expect("listed");
    assert_eq!(finish.values[0].count, 0);
}

#[test]
fn facets_are_bounded() {
    let items: Vec<CatalogItem> = (0..200)
        .map(|n| {
            let mut i = item(&format!("i{n:03}"), "Thing");
            i.unspsc = "26121600".into();
            i.attributes = (0..20)
                .map(|a| attr(&format!("A{a:02}"), "", &format!("{}", n % (a + 2)), None))
                .collect();
            i.attributes
                .push(attr("Note", "", &"long prose ".repeat(10), None));
            i
        })
        .collect();
    let fx = Fixture::new(items);
    let f = fx.run(&in_category(Vec::new())).facets.attributes;
    assert_eq!(f.len(), TOP_ATTRIBUTES);
    assert!(f.iter().all(|a| a.values.len() <= TOP_VALUES));
    assert!(f.iter().all(|a| a.key != "Note"), "prose is no facet");
    // A chosen value stays listed even when it is not among the most frequent.
    let query = in_category(vec![choice("A19", "20")]);
    let f = fx.run(&query).facets.attributes;
    let a19 = f
        .iter()
        .find(|a| a.key == "A19")
        .expect("chosen attribute listed");
    assert!(a19.values.iter().any(|v| v.value == "20"));
}
