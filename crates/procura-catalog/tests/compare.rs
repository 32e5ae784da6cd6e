//! Grouping offers of one product across suppliers, and comparing them for a wanted quantity.

use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
use procura_catalog::compare::{cheaper_offer, compare, GroupId, OfferGroups, Reason};
use procura_demo::demo;
use procura_ground::currency::Rates;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// An offer; the rest of the fields set by the caller.
fn offer(supplier: &str, sku: &str) -> CatalogItem {
    CatalogItem {
        id: CatalogItem::make_id(supplier, sku),
        supplier_id: supplier.into(),
        sku: sku.into(),
        gtin: None,
        manufacturer: String::new(),
        mpn: String::new(),
        name: LocalizedText::new("Ballpoint pen", "圆珠笔"),
        description: LocalizedText::default(),
        unspsc: "44121704".into(),
        eclass: None,
        order_unit: "H87".into(),
        content_unit: "H87".into(),
        content_per_order_unit: Decimal::ONE,
        currency: "CNY".into(),
        price_tiers: vec![PriceTier {
            min_qty: Decimal::ONE,
            unit_price: Decimal::ONE,
        }],
        lead_time_days: 1,
        stock: None,
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

fn tiers(pairs: &[(&str, &str)]) -> Vec<PriceTier> {
    pairs
        .iter()
        .map(|(q, p)| PriceTier {
            min_qty: dec(q),
            unit_price: dec(p),
        })
        .collect()
}

/// Groups as sets of item ids, independent of indices and numbering.
fn partition(items: &[CatalogItem], groups: &OfferGroups) -> BTreeSet<BTreeSet<String>> {
    groups
        .groups()
        .map(|g| {
            groups
                .members(g)
                .iter()
                .map(|&i| items[i].id.to_string())
                .collect()
        })
        .collect()
}

#[test]
fn gtin_and_mpn_links_merge_transitively() {
    let mut a = offer("s1", "A");
    a.gtin = Some("4006381333931".into());
    let mut b = offer("s2", "B");
    // The same GTIN written as GTIN-14 still matches.
    b.gtin = Some("04006381333931".into());
    b.manufacturer = "Nordline GmbH".into();
    b.mpn = "NL-BP-07".into();
    let mut c = offer("s3", "C");
    c.manufacturer = "NORDLINE".into();
    c.mpn = "nl bp 07".into();
    let mut d = offer("s4", "D");
    // A bad check digit links nothing.
    d.gtin = Some("4006381333932".into());
    let mut e = offer("s5", "E");
    // An MPN without a manufacturer links nothing.
    e.mpn = "NL-BP-07".into();
    let mut f = offer("s1", "F");
    f.gtin = Some("96385074".into());
    let mut g = offer("s1", "G");
    g.gtin = Some("00000096385074".into());
    let items = vec![a, b, c, d, e, f, g];
    let groups = OfferGroups::build(&items);
    assert_eq!(groups.len(), 4);
    assert_eq!(groups.members(GroupId(0)), [0, 1, 2]);
    assert_eq!(groups.members(GroupId(1)), [3]);
    assert_eq!(groups.members(GroupId(2)), [4]);
    assert_eq!(groups.members(GroupId(3)), [5, 6]);
    assert_eq!(groups.group_of(2), GroupId(0));
    assert_eq!(groups.group_of(6), GroupId(3));
    // F and G are one supplier's two listings: one product, but nothing to compare.
    assert_eq!(groups.multi_supplier_groups(), [GroupId(0)]);
    assert!(OfferGroups::build(&[]).is_empty());

    // What the catalog snapshot keeps: each item's group number, which gives the groups back.
    let numbers: Vec<u32> = groups.numbers().collect();
    assert_eq!(numbers, [0, 0, 0, 1, 2, 3, 3]);
    assert_eq!(
        OfferGroups::from_numbers(&numbers, &items).as_ref(),
        Some(&groups)
    );
    assert_eq!(
        OfferGroups::from_numbers(&numbers[1..], &items),
        None,
        "one per item"
    );
    // Numbered by first item: a group cannot be numbered before the ones ahead of it.
    assert_eq!(
        OfferGroups::from_numbers(&[0, 0, 0, 2, 1, 3, 3], &items),
        None
    );
    assert_eq!(
        OfferGroups::from_numbers(&[0, 0, 0, 1, 2, 3, 9], &items),
        None
    );
    assert_eq!(
        OfferGroups::from_numbers(&[], &[]),
        Some(OfferGroups::build(&[]))
    );
}

#[test]
fn a_hundred_thousand_demo_offers_group_by_product() {
    let items: Vec<CatalogItem> = demo::suppliers(5)
        .iter()
        .flat_map(|s| demo::generate_catalog(demo::DEFAULT_SEED, s, 20_000))
        .collect();
    assert_eq!(items.len(), 100_000);
    let groups = OfferGroups::build(&items);
    // Demo products carry one GTIN and one manufacturer + MPN each, so groups are GTINs.
    let gtins: HashSet<&str> = items.iter().map(|i| i.gtin.as_deref().unwrap()).collect();
    assert_eq!(groups.len(), gtins.len());
    let mut seen = vec![false; items.len()];
    for g in groups.groups() {
        let members = groups.members(g);
        assert!(members.windows(2).all(|w| w[0] < w[1]));
        let gtin = &items[members[0]].gtin;
        for &i in members {
            assert_eq!(&items[i].gtin, gtin);
            assert_eq!(groups.group_of(i), g);
            assert!(
                !std::mem::replace(&mut seen[i], true),
                "item {i} in two groups"
            );
        }
    }
    assert!(seen.iter().all(|s| *s));
    let multi = groups.multi_supplier_groups();
    assert!(multi.len() > 1000, "only {} shared products", multi.len());
    for &g in multi {
        let suppliers: HashSet<&str> = groups
            .members(g)
            .iter()
            .map(|&i| items[i].supplier_id.as_str())
            .collect();
        assert!(suppliers.len() > 1);
    }
    // Group numbers follow first appearance.
    let firsts: Vec<usize> = groups.groups().map(|g| groups.members(g)[0]).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
}

/// The pen offers of the comparison example, for 120 pieces with CNY as the buyer's currency.
fn pens() -> Vec<CatalogItem> {
    let mut box12 = offer("officeplus", "OP-1");
    box12.order_unit = "BX".into();
    box12.content_per_order_unit = dec("12");
    box12.price_tiers = tiers(&[("1", "24.00"), ("10", "21.60"), ("50", "19.20")]);
    box12.lead_time_days = 2;
    box12.stock = Some(340);

    let mut dozen = offer("safeworks", "SW-1");
    dozen.order_unit = "PK".into();
    dozen.content_unit = "DZN".into();
    dozen.currency = "USD".into();
    dozen.price_tiers = tiers(&[("1", "2.50")]);
    dozen.lead_time_days = 1;
    dozen.stock = Some(5);

    let mut single = offer("labcore", "LC-1");
    single.order_unit = "EA".into();
    single.content_unit = "EA".into();
    single.currency = "EUR".into();
    single.price_tiers = tiers(&[("1", "0.25"), ("100", "0.20")]);
    single.lead_time_days = 1;

    let mut by_weight = offer("huatong", "HT-1");
    by_weight.order_unit = "KGM".into();
    by_weight.content_unit = "KGM".into();

    let mut swiss = offer("swiss", "CH-1");
    swiss.currency = "CHF".into();

    let mut unpriced = offer("huatong", "HT-2");
    unpriced.price_tiers.clear();
    vec![box12, dozen, single, by_weight, swiss, unpriced]
}

#[test]
fn prices_each_offer_for_the_wanted_quantity() {
    let items = pens();
    let members: Vec<usize> = (0..items.len()).collect();
    let c = compare(
        &items,
        &members,
        dec("120"),
        "PCE",
        &Rates::illustrative("CNY").unwrap(),
    );
    assert_eq!(
        (c.wanted_unit.as_str(), c.base_unit.as_str()),
        ("H87", "H87")
    );
    assert_eq!(c.buyer_currency, "CNY");
    let order: Vec<&str> = c.rows.iter().map(|r| r.sku.as_str()).collect();
    assert_eq!(order, ["SW-1", "LC-1", "OP-1"]);

    let dozen = &c.rows[0];
    // 120 pieces = 10 dozen; $2.50 × 7.20 ÷ 12 = CNY 1.50 a piece.
    assert_eq!(
        (dozen.order_qty, dozen.delivered_qty),
        (dec("10"), dec("120"))
    );
    assert_eq!(
        (dozen.currency.as_str(), dozen.unit_price, dozen.total),
        ("USD", dec("2.50"), dec("25"))
    );
    assert_eq!(
        (dozen.rate, dozen.total_converted),
        (dec("7.2"), dec("180"))
    );
    assert_eq!(dozen.price_per_base_unit, dec("1.5"));
    assert_eq!(dozen.stock_covers, Some(false));
    assert!(
        dozen.cheapest && !dozen.fastest,
        "stock 5 < 10 packs: not the fastest"
    );

    let single = &c.rows[1];
    // 120 each reach the 100 tier: EUR 0.20 × 7.80.
    assert_eq!(
        (single.order_qty, single.unit_price),
        (dec("120"), dec("0.20"))
    );
    assert_eq!(single.price_per_base_unit, dec("1.56"));
    assert_eq!(single.total_converted, dec("187.2"));
    assert_eq!(single.stock_covers, None);
    assert!(
        !single.cheapest && single.fastest,
        "stock unknown counts as deliverable"
    );

    let box12 = &c.rows[2];
    assert_eq!(
        (box12.order_qty, box12.unit_price, box12.total),
        (dec("10"), dec("21.60"), dec("216"))
    );
    assert_eq!(box12.price_per_base_unit, dec("1.8"));
    assert_eq!(box12.stock_covers, Some(true));
    assert!(!box12.cheapest && !box12.fastest);

    let reasons: Vec<(&str, &Reason)> = c
        .not_comparable
        .iter()
        .map(|n| (n.sku.as_str(), &n.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "HT-1",
                &Reason::UnitNotConvertible {
                    unit: "KGM".into(),
                    wanted_unit: "H87".into()
                }
            ),
            (
                "CH-1",
                &Reason::NoRate {
                    currency: "CHF".into()
                }
            ),
            ("HT-2", &Reason::NoPrice),
        ]
    );
    assert_eq!(
        c.not_comparable[1].list_price,
        Some(Decimal::ONE),
        "the original price stays"
    );
    assert_eq!(c.not_comparable[1].currency, "CHF");
    assert!(c.not_comparable[0]
        .reason
        .describe()
        .en
        .contains("kilogram"));
    assert!(c.not_comparable[1].reason.describe().zh.contains("CHF"));
}

#[test]
fn packs_round_up_minimums_apply_and_units_convert() {
    let items = pens();
    // 13 pieces: two boxes of 12, and 13 single ones.
    let c = compare(
        &items,
        &[0, 2],
        dec("13"),
        "H87",
        &Rates::illustrative("CNY").unwrap(),
    );
    let by_sku: HashMap<&str, _> = c.rows.iter().map(|r| (r.sku.as_str(), r)).collect();
    assert_eq!(
        (by_sku["OP-1"].order_qty, by_sku["OP-1"].delivered_qty),
        (dec("2"), dec("24"))
    );
    assert_eq!(by_sku["LC-1"].order_qty, dec("13"));
    // The same need stated in dozens.
    let c = compare(
        &items,
        &[0],
        dec("1.5"),
        "DZN",
        &Rates::illustrative("CNY").unwrap(),
    );
    assert_eq!(
        (c.rows[0].order_qty, c.rows[0].delivered_qty),
        (dec("2"), dec("2"))
    );
    assert_eq!(c.base_unit, "H87");
    // A minimum order of 5 boxes.
    let mut moq = items[0].clone();
    moq.price_tiers = tiers(&[("5", "20.00")]);
    let c = compare(
        &[moq],
        &[0],
        dec("1"),
        "H87",
        &Rates::illustrative("CNY").unwrap(),
    );
    assert_eq!(c.rows[0].order_qty, dec("5"));
    // Grams against kilograms; the buyer counting boxes.
    let mut sugar = offer("s", "SUGAR");
    sugar.order_unit = "BG".into();
    sugar.content_unit = "GRM".into();
    sugar.content_per_order_unit = dec("500");
    sugar.price_tiers = tiers(&[("1", "4.00")]);
    let c = compare(
        &[sugar, items[0].clone()],
        &[0, 1],
        dec("2"),
        "KGM",
        &Rates::illustrative("CNY").unwrap(),
    );
    assert_eq!(
        (c.rows[0].order_qty, c.rows[0].price_per_base_unit),
        (dec("4"), dec("8"))
    );
    assert_eq!(c.not_comparable.len(), 1);
    let c = compare(
        &items,
        &[0],
        dec("3"),
        "BX",
        &Rates::illustrative("CNY").unwrap(),
    );
    assert_eq!(
        (c.rows[0].order_qty, c.rows[0].price_per_base_unit),
        (dec("3"), dec("24"))
    );
}

#[test]
fn ties_are_all_marked() {
    let mut a = offer("s1", "A");
    a.lead_time_days = 3;
    let mut b = offer("s2", "B");
    b.lead_time_days = 3;
    let mut c = offer("s3", "C");
    c.price_tiers = tiers(&[("1", "2")]);
    c.lead_time_days = 5;
    let items = vec![a, b, c];
    let cmp = compare(
        &items,
        &[0, 1, 2],
        dec("1"),
        "H87",
        &Rates::illustrative("CNY").unwrap(),
    );
    let marks: Vec<(&str, bool, bool)> = cmp
        .rows
        .iter()
        .map(|r| (r.sku.as_str(), r.cheapest, r.fastest))
        .collect();
    assert_eq!(
        marks,
        [("A", true, true), ("B", true, true), ("C", false, false)]
    );
}

fn arb_offer(index: usize) -> impl Strategy<Value = CatalogItem> {
    (
        1u32..40,
        prop::collection::btree_map(1u32..200, 1u32..100_000, 1..5),
        prop::sample::select(vec!["CNY", "EUR", "USD", "CHF"]),
        prop::sample::select(vec!["H87", "EA", "DZN", "KGM"]),
        0u32..30,
        prop::option::of(0u32..50),
    )
        .prop_map(move |(pack, tier_map, currency, unit, lead, stock)| {
            let mut item = offer(&format!("s{}", index % 4), &format!("X{index}"));
            // Sold in boxes, so only the content unit converts to pieces.
            item.order_unit = "BX".into();
            item.content_per_order_unit = Decimal::from(pack);
            item.content_unit = unit.into();
            item.currency = currency.into();
            item.price_tiers = tier_map
                .into_iter()
                .map(|(q, cents)| PriceTier {
                    min_qty: Decimal::from(q),
                    unit_price: Decimal::new(i64::from(cents), 2),
                })
                .collect();
            item.lead_time_days = lead;
            item.stock = stock;
            item
        })
}

fn arb_offers() -> impl Strategy<Value = Vec<CatalogItem>> {
    (1usize..12).prop_flat_map(|n| (0..n).map(arb_offer).collect::<Vec<_>>())
}

proptest! {
    #[test]
    fn comparison_invariants(items in arb_offers(), wanted in 0u32..2000) {
        let members: Vec<usize> = (0..items.len()).collect();
        let wanted = Decimal::from(wanted);
        let c = compare(&items, &members, wanted, "H87", &Rates::illustrative("CNY").unwrap());
        // Every offer is listed once, priced or with a reason.
        let mut listed: Vec<usize> = c.rows.iter().map(|r| r.item_index)
            .chain(c.not_comparable.iter().map(|n| n.item_index)).collect();
        listed.sort_unstable();
        prop_assert_eq!(listed, members);
        let min = c.rows.iter().map(|r| r.price_per_base_unit).min();
        for (i, row) in c.rows.iter().enumerate() {
            let item = &items[row.item_index];
            prop_assert_eq!(row.cheapest, Some(row.price_per_base_unit) == min);
            if i > 0 {
                prop_assert!(c.rows[i - 1].price_per_base_unit <= row.price_per_base_unit);
            }
            // Enough is ordered, and no more packs than needed beyond the minimum order.
            let base_per_pack = item.content_per_order_unit * if item.content_unit == "DZN" { Decimal::from(12) } else { Decimal::ONE };
            prop_assert!(row.order_qty * base_per_pack >= wanted);
            prop_assert!(row.order_qty >= item.min_order_qty());
            prop_assert!(row.order_qty == item.min_order_qty() || (row.order_qty - Decimal::ONE) * base_per_pack < wanted);
            // The tier is the last one whose bound the order reaches.
            let tier = item.price_tiers.iter().rfind(|t| t.min_qty <= row.order_qty).unwrap();
            prop_assert_eq!(row.unit_price, tier.unit_price);
            prop_assert_eq!(row.total, tier.unit_price * row.order_qty);
            prop_assert_eq!(row.fastest, row.stock_covers != Some(false)
                && Some(row.lead_time_days) == c.rows.iter().filter(|r| r.stock_covers != Some(false)).map(|r| r.lead_time_days).min());
        }
        for n in &c.not_comparable {
            let item = &items[n.item_index];
            let expected = if item.content_unit == "KGM" {
                Reason::UnitNotConvertible { unit: "KGM".into(), wanted_unit: "H87".into() }
            } else {
                Reason::NoRate { currency: "CHF".into() }
            };
            prop_assert_eq!(&n.reason, &expected);
        }
    }

    #[test]
    fn a_tier_applies_from_its_bound(pack in 1u32..50, bounds in prop::collection::btree_set(2u32..500, 1..5)) {
        let mut item = offer("s", "T");
        item.content_per_order_unit = Decimal::from(pack);
        item.price_tiers = std::iter::once(1).chain(bounds.iter().copied()).enumerate()
            .map(|(i, q)| PriceTier { min_qty: Decimal::from(q), unit_price: Decimal::from(1000 - i as i64) })
            .collect();
        for (i, bound) in bounds.iter().enumerate() {
            let exactly = Decimal::from(*bound) * Decimal::from(pack);
            let at = compare(std::slice::from_ref(&item), &[0], exactly, "H87", &Rates::illustrative("CNY").unwrap());
            prop_assert_eq!(at.rows[0].unit_price, Decimal::from(1000 - (i as i64 + 1)));
            let below = compare(std::slice::from_ref(&item), &[0], exactly - Decimal::from(pack), "H87", &Rates::illustrative("CNY").unwrap());
            prop_assert_eq!(below.rows[0].unit_price, Decimal::from(1000 - i as i64));
        }
    }

    #[test]
    fn grouping_does_not_depend_on_item_order(
        keys in prop::collection::vec((0u8..6, 0u8..6, 0u8..3), 1..40),
        seed in any::<u64>(),
    ) {
        // Few distinct GTINs, manufacturers and MPNs, so links are plentiful and chain.
        let gtins = ["4006381333931", "96385074", "036000291452", "4006381333932", "", "5901234123457"];
        let makers = ["Nordline GmbH", "NORDLINE", "Acme Inc.", "", "acme", "Beta"];
        let items: Vec<CatalogItem> = keys.iter().enumerate().map(|(i, (g, m, p))| {
            let mut item = offer(&format!("s{}", i % 3), &format!("K{i}"));
            item.gtin = Some(gtins[*g as usize].to_owned()).filter(|g| !g.is_empty());
            item.manufacturer = makers[*m as usize].to_owned();
            item.mpn = ["A-1", "a1", "B2"][*p as usize].to_owned();
            item
        }).collect();
        let mut shuffled = items.clone();
        // A seeded Fisher-Yates shuffle.
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let a = OfferGroups::build(&items);
        let b = OfferGroups::build(&shuffled);
        prop_assert_eq!(partition(&items, &a), partition(&shuffled, &b));
        // The numbers a snapshot keeps give the same groups back.
        let numbers: Vec<u32> = a.numbers().collect();
        let restored = OfferGroups::from_numbers(&numbers, &items);
        prop_assert_eq!(restored.as_ref(), Some(&a));
        // Offers that share a valid GTIN or a manufacturer + MPN are always together.
        for i in 0..items.len() {
            for j in 0..items.len() {
                let same_gtin = items[i].gtin.is_some() && items[i].gtin == items[j].gtin
                    && procura_ground::gtin::validate(items[i].gtin.as_deref().unwrap()).is_ok();
                if same_gtin {
                    prop_assert_eq!(a.group_of(i), a.group_of(j));
                }
            }
        }
    }
}

#[test]
fn an_approver_is_told_of_a_cheaper_offer_of_the_same_product() {
    let mut dear = offer("a", "1");
    dear.price_tiers = tiers(&[("1", "2.00")]);
    let mut boxed = offer("b", "2");
    // A box of 10 at 15.00: 1.50 a piece, for 25 pieces 3 boxes = 30 pieces.
    boxed.order_unit = "BX".into();
    boxed.content_per_order_unit = dec("10");
    boxed.price_tiers = tiers(&[("1", "15.00")]);
    let items = vec![dear, boxed];
    let rates = Rates::new("CNY").unwrap();
    let hint = cheaper_offer(&items, &[0, 1], 0, dec("25"), &rates).expect("b is cheaper");
    assert_eq!(hint.cheaper.supplier_id, "b");
    assert_eq!(hint.cheaper.order_qty, dec("3"));
    assert_eq!(hint.saving, dec("12.50"), "0.50 a piece for 25 pieces");
    assert!(
        cheaper_offer(&items, &[0, 1], 1, dec("3"), &rates).is_none(),
        "already the cheapest"
    );
    assert!(
        cheaper_offer(&items, &[0], 0, dec("25"), &rates).is_none(),
        "no other offer"
    );
}

#[test]
fn an_offer_on_request_compares_as_no_price_and_is_never_cheapest() {
    let mut quoted = offer("quote", "Q-1");
    quoted.price_tiers.clear();
    let mut priced = offer("shop", "S-1");
    priced.price_tiers = tiers(&[("1", "3.00")]);
    let items = vec![quoted, priced];
    let rates = Rates::illustrative("CNY").unwrap();
    let c = compare(&items, &[0, 1], dec("10"), "H87", &rates);
    assert_eq!(c.rows.len(), 1);
    assert_eq!((c.rows[0].item_index, c.rows[0].cheapest), (1, true));
    assert_eq!(c.not_comparable.len(), 1);
    assert_eq!(c.not_comparable[0].item_index, 0);
    assert_eq!(c.not_comparable[0].list_price, None);
    assert_eq!(c.not_comparable[0].reason, Reason::NoPrice);
    assert_eq!(c.not_comparable[0].reason.describe().en, "no price");
    // Chosen, it is told of no "cheaper" offer (it has no price to be cheaper than), and
    // chosen the priced one is not told the quoted one is cheaper.
    assert!(cheaper_offer(&items, &[0, 1], 0, dec("10"), &rates).is_none());
    assert!(cheaper_offer(&items, &[0, 1], 1, dec("10"), &rates).is_none());
}
