//! Seeded demo data: suppliers, users and realistic catalogs.
//!
//! The same seed always yields the same data, on any target, so the endpoint's demo, the
//! benchmarks (which ask for 100,000 items) and the tests all see the same catalog.
//!
//! Products exist independently of suppliers: product number `p` always has the same GTIN,
//! manufacturer, MPN and name. Suppliers carry overlapping sets of products (a third of their
//! picks come from a pool of popular ones), each with its own SKU, price, tiers, lead time and
//! stock, so the same product from several suppliers can be compared.

pub mod assessments;
pub mod contracts;
mod families;
pub mod history;
pub mod invoices;
mod marketplace;
mod policy;
pub mod stock;

pub use marketplace::{find_supplier, marketplace, DemoMarketplace};
pub use policy::{policy, synonyms};

use families::{Family, FAMILIES};
use procura_catalog::catalog::{CatalogItem, LocalizedText, PriceTier};
use procura_ground::gtin;
use procura_sync::api::{Role, User};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The seed the endpoint's demo uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 20_261_122;

/// Every demo user's password. Demo only (the endpoint's `--demo`): the endpoint stores it hashed
/// like any other, and refuses to start without `--demo` while any user still has it.
pub const DEMO_PASSWORD: &str = "procura";

/// A demo supplier and what it sells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSupplier {
    pub id: String,
    pub name: LocalizedText,
    pub currency: String,
    families: Vec<&'static str>,
    sku_prefix: String,
    /// Its prices relative to the market, in percent.
    price_level: u32,
    lead_days: (u32, u32),
}

struct Profile {
    id: &'static str,
    en: &'static str,
    zh: &'static str,
    currency: &'static str,
    sku_prefix: &'static str,
    price_level: u32,
    lead_days: (u32, u32),
    families: &'static [&'static str],
}

const PROFILES: &[Profile] = &[
    Profile {
        id: "officeplus",
        en: "OfficePlus Supplies",
        zh: "办公优选",
        currency: "CNY",
        sku_prefix: "OP",
        price_level: 100,
        lead_days: (1, 3),
        families: &[
            "copy_paper",
            "notebook",
            "ballpoint_pen",
            "gel_pen",
            "highlighter",
            "stapler",
            "staples",
            "lever_arch_file",
            "toner",
            "envelope",
            "usb_drive",
            "battery",
            "mouse",
            "lab_wipes",
        ],
    },
    Profile {
        id: "techsource",
        en: "TechSource IT",
        zh: "科源信息技术",
        currency: "CNY",
        sku_prefix: "TS",
        price_level: 97,
        lead_days: (2, 10),
        families: &[
            "laptop",
            "monitor",
            "keyboard",
            "mouse",
            "docking_station",
            "network_cable",
            "usb_drive",
            "battery",
            "toner",
            "copy_paper",
        ],
    },
    Profile {
        id: "labcore",
        en: "LabCore Scientific",
        zh: "莱博科学",
        currency: "EUR",
        sku_prefix: "LC",
        price_level: 108,
        lead_days: (3, 21),
        families: &[
            "pipette_tips",
            "beaker",
            "centrifuge_tube",
            "lab_wipes",
            "nitrile_gloves",
            "safety_glasses",
            "ear_plugs",
            "copy_paper",
            "battery",
        ],
    },
    Profile {
        id: "safeworks",
        en: "SafeWorks Industrial",
        zh: "安工工业用品",
        currency: "USD",
        sku_prefix: "SW",
        price_level: 95,
        lead_days: (2, 14),
        families: &[
            "nitrile_gloves",
            "safety_glasses",
            "ear_plugs",
            "cable_ties",
            "battery",
            "network_cable",
            "lab_wipes",
        ],
    },
    Profile {
        id: "huatong",
        en: "Huatong General Trading",
        zh: "华通综合贸易",
        currency: "CNY",
        sku_prefix: "HT",
        price_level: 92,
        lead_days: (4, 30),
        families: &[
            "copy_paper",
            "notebook",
            "ballpoint_pen",
            "gel_pen",
            "highlighter",
            "stapler",
            "staples",
            "lever_arch_file",
            "toner",
            "envelope",
            "laptop",
            "monitor",
            "keyboard",
            "mouse",
            "docking_station",
            "network_cable",
            "usb_drive",
            "battery",
            "nitrile_gloves",
            "safety_glasses",
            "ear_plugs",
            "pipette_tips",
            "beaker",
            "centrifuge_tube",
            "lab_wipes",
            "cable_ties",
        ],
    },
];

/// The first `count` demo suppliers (at most five distinct profiles; more repeat them under new
/// ids, for load tests).
pub fn suppliers(count: usize) -> Vec<DemoSupplier> {
    (0..count)
        .map(|i| {
            let p = &PROFILES[i % PROFILES.len()];
            let round = i / PROFILES.len();
            let (id, en, zh) = if round == 0 {
                (p.id.to_owned(), p.en.to_owned(), p.zh.to_owned())
            } else {
                (
                    format!("{}-{round}", p.id),
                    format!("{} {round}", p.en),
                    format!("{} {round}", p.zh),
                )
            };
            p.supplier(&id, &en, &zh)
        })
        .collect()
}

impl Profile {
    fn supplier(&self, id: &str, en: &str, zh: &str) -> DemoSupplier {
        DemoSupplier {
            id: id.to_owned(),
            name: LocalizedText::new(en, zh),
            currency: self.currency.to_owned(),
            families: self.families.to_vec(),
            sku_prefix: self.sku_prefix.to_owned(),
            price_level: self.price_level,
            lead_days: self.lead_days,
        }
    }
}

/// The demo users and their roles; every one logs in with [`DEMO_PASSWORD`].
pub fn users() -> Vec<User> {
    let user = |id: &str, username: &str, name: &str, roles: &[Role]| User {
        id: id.into(),
        username: username.to_owned(),
        display_name: name.to_owned(),
        roles: roles.to_vec(),
        must_change_password: false,
    };
    vec![
        user("u-buyer", "buyer", "Li Na 李娜", &[Role::Buyer]),
        user(
            "u-approver1",
            "approver1",
            "Wang Wei 王伟",
            &[Role::Approver],
        ),
        user(
            "u-approver2",
            "approver2",
            "Anna Schmidt",
            &[Role::Approver],
        ),
        user("u-director", "director", "Chen Jie 陈杰", &[Role::Approver]),
        user("u-admin", "admin", "Zhang Min 张敏", &[Role::Admin]),
        user("u-ap", "ap", "Zhou Li 周丽", &[Role::AccountsPayable]),
    ]
}

/// A product, as its manufacturer defines it: the same for every supplier that sells it.
struct Product {
    family: &'static Family,
    gtin: String,
    manufacturer: &'static str,
    mpn: String,
    name: LocalizedText,
    pack: u32,
    /// Market price of one order unit, CNY cents.
    market_price_cents: u64,
}

fn product(seed: u64, number: u64) -> Product {
    let family = &FAMILIES[(number % FAMILIES.len() as u64) as usize];
    let model = number / FAMILIES.len() as u64;
    let mut rng = StdRng::seed_from_u64(seed ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let manufacturer = family.brands[rng.random_range(0..family.brands.len())];
    let (a_en, a_zh) = family.a[rng.random_range(0..family.a.len())];
    let (b_en, b_zh) = family.b[rng.random_range(0..family.b.len())];
    let fill = |template: &str, a: &str, b: &str| {
        template
            .replace("{brand}", manufacturer)
            .replace("{a}", a)
            .replace("{b}", b)
    };
    let pack = family.packs[rng.random_range(0..family.packs.len())];
    let (low, high) = family.price;
    // Bigger packs cost more, not proportionally.
    let pack_factor = 1.0 + (f64::from(pack) / f64::from(family.packs[0])).ln() * 0.8;
    let market_price_cents =
        (f64::from(rng.random_range(low * 100..=high * 100)) * pack_factor) as u64;
    // 7919 is coprime with 10^10, so distinct product numbers get distinct GTINs.
    let payload = format!(
        "69{:010}",
        (number.wrapping_mul(7919).wrapping_add(seed % 1000)) % 10_000_000_000
    );
    Product {
        family,
        gtin: gtin::complete(&payload),
        manufacturer,
        mpn: format!(
            "{}-{}{:05}",
            brand_code(manufacturer),
            family_code(family.key),
            model
        ),
        name: LocalizedText::new(fill(family.en, a_en, b_en), fill(family.zh, a_zh, b_zh)),
        pack,
        market_price_cents,
    }
}

fn brand_code(brand: &str) -> String {
    brand
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .chain(brand.chars().nth(1))
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// The family's letters in part numbers: the first two of each word of its key, and for a
/// one-word key also its last letter, so `stapler`/`staples` and `monitor`/`mouse` differ: a
/// manufacturer and part number name one product, and comparison groups offers by them.
fn family_code(key: &str) -> String {
    let mut code: String = key.split('_').filter_map(|w| w.get(..2)).collect();
    if !key.contains('_') {
        code.extend(key.chars().last());
    }
    code.to_uppercase()
}

/// Demo exchange rates into CNY, used only to price the demo catalogs.
fn cny_per_unit(currency: &str) -> Decimal {
    match currency {
        "EUR" => Decimal::new(780, 2),
        "USD" => Decimal::new(720, 2),
        _ => Decimal::ONE,
    }
}

/// `count` offers of `supplier`, deterministic in `seed`.
pub fn generate_catalog(seed: u64, supplier: &DemoSupplier, count: usize) -> Vec<CatalogItem> {
    let families: Vec<u64> = FAMILIES
        .iter()
        .enumerate()
        .filter(|(_, f)| supplier.families.contains(&f.key))
        .map(|(i, _)| i as u64)
        .collect();
    assert!(
        !families.is_empty(),
        "supplier {} carries no known family",
        supplier.id
    );
    let mut rng = StdRng::seed_from_u64(seed ^ fnv1a(&supplier.id));
    let popular_models = (count as u64 / 8).max(20);
    let all_models = count as u64 * 4 + 100;
    let mut chosen = HashSet::with_capacity(count);
    let mut items = Vec::with_capacity(count);
    while items.len() < count {
        let family = families[rng.random_range(0..families.len())];
        let model = if rng.random_bool(0.35) {
            rng.random_range(0..popular_models)
        } else {
            rng.random_range(0..all_models)
        };
        let number = model * FAMILIES.len() as u64 + family;
        if chosen.insert(number) {
            items.push(offer(supplier, &product(seed, number), number, &mut rng));
        }
    }
    items
}

fn offer(supplier: &DemoSupplier, product: &Product, number: u64, rng: &mut StdRng) -> CatalogItem {
    let family = product.family;
    let level = u64::from(supplier.price_level) * rng.random_range(92..=110) / 100;
    let price_cny = Decimal::new((product.market_price_cents * level / 100) as i64, 2);
    let base = (price_cny / cny_per_unit(&supplier.currency))
        .round_dp(2)
        .max(Decimal::new(1, 2));
    let min_qty = if family.tiered && rng.random_ratio(1, 20) {
        5
    } else {
        1
    };
    let price_tiers = tiers(base, min_qty, family.tiered);
    let sku = format!("{}-{:07}", supplier.sku_prefix, number);
    let pack_en = pack_text_en(product.pack, family);
    let pack_zh = pack_text_zh(product.pack, family);
    CatalogItem {
        id: CatalogItem::make_id(&supplier.id, &sku),
        supplier_id: supplier.id.as_str().into(),
        sku,
        gtin: Some(product.gtin.clone()),
        manufacturer: product.manufacturer.to_owned(),
        mpn: product.mpn.clone(),
        name: product.name.clone(),
        description: LocalizedText::new(
            format!(
                "{}. {pack_en}. Manufacturer part number {}.",
                product.name.en, product.mpn
            ),
            format!(
                "{}。{pack_zh}。制造商型号 {}。",
                product.name.zh, product.mpn
            ),
        ),
        unspsc: family.unspsc.to_owned(),
        eclass: None,
        order_unit: family.order_unit.to_owned(),
        content_unit: family.content_unit.to_owned(),
        content_per_order_unit: Decimal::from(product.pack),
        currency: supplier.currency.clone(),
        price_tiers,
        lead_time_days: rng.random_range(supplier.lead_days.0..=supplier.lead_days.1),
        stock: if rng.random_ratio(17, 20) {
            Some(if rng.random_ratio(1, 10) {
                0
            } else {
                rng.random_range(1..2_000)
            })
        } else {
            None
        },
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

fn tiers(base: Decimal, min_qty: u32, tiered: bool) -> Vec<PriceTier> {
    let tier = |qty: u32, percent: i64| PriceTier {
        min_qty: Decimal::from(qty),
        unit_price: (base * Decimal::new(percent, 2)).round_dp(2),
    };
    if !tiered {
        return vec![tier(min_qty, 100)];
    }
    let discounts: &[(u32, i64)] = if base > Decimal::from(1000) {
        &[(5, 97), (20, 94)]
    } else {
        &[(10, 95), (50, 90), (200, 86)]
    };
    std::iter::once(tier(min_qty, 100))
        .chain(
            discounts
                .iter()
                .filter(|(qty, _)| *qty > min_qty)
                .map(|&(qty, pct)| tier(qty, pct)),
        )
        .collect()
}

fn pack_text_en(pack: u32, family: &Family) -> String {
    match (family.order_unit, family.content_unit) {
        ("RM", _) => format!("Ream of {pack} sheets"),
        (_, "PR") => format!("Box of {pack} pairs"),
        ("H87", _) => "Sold individually".to_owned(),
        _ => format!("Pack of {pack}"),
    }
}

fn pack_text_zh(pack: u32, family: &Family) -> String {
    match (family.order_unit, family.content_unit) {
        ("RM", _) => format!("每令{pack}张"),
        (_, "PR") => format!("每盒{pack}副"),
        ("H87", _) => "单件销售".to_owned(),
        _ => format!("每包{pack}件"),
    }
}

/// A stable string hash (std's is randomised per process).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn same_seed_same_catalog() {
        let s = &suppliers(1)[0];
        assert_eq!(generate_catalog(1, s, 200), generate_catalog(1, s, 200));
        assert_ne!(generate_catalog(1, s, 200), generate_catalog(2, s, 200));
    }

    #[test]
    fn items_are_complete_and_valid() {
        for supplier in suppliers(5) {
            let items = generate_catalog(DEFAULT_SEED, &supplier, 500);
            let ids: HashSet<_> = items.iter().map(|i| &i.id).collect();
            assert_eq!(ids.len(), 500, "ids are unique within {}", supplier.id);
            for item in &items {
                assert_eq!(
                    gtin::validate(item.gtin.as_deref().unwrap()),
                    Ok(()),
                    "{}",
                    item.id
                );
                assert!(!item.name.en.is_empty() && !item.name.zh.is_empty());
                assert!(
                    item.name
                        .zh
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}",
                    item.name.zh
                );
                assert!(
                    !item.name.en.contains('{'),
                    "template filled: {}",
                    item.name.en
                );
                assert_eq!(item.unspsc.len(), 8);
                assert_eq!(item.currency, supplier.currency);
                assert!(item.list_price().unwrap() > Decimal::ZERO);
                let prices: Vec<_> = item.price_tiers.iter().map(|t| t.unit_price).collect();
                assert!(
                    prices.windows(2).all(|w| w[0] >= w[1]),
                    "tiers never get dearer: {prices:?}"
                );
                let bounds: Vec<_> = item.price_tiers.iter().map(|t| t.min_qty).collect();
                assert!(
                    bounds.windows(2).all(|w| w[0] < w[1]),
                    "tier bounds ascend: {bounds:?}"
                );
            }
        }
    }

    #[test]
    fn suppliers_overlap_on_the_same_products() {
        let catalogs: Vec<_> = suppliers(3)
            .iter()
            .map(|s| generate_catalog(DEFAULT_SEED, s, 1000))
            .collect();
        let mut offers_per_gtin: HashMap<&str, HashSet<&str>> = HashMap::new();
        for item in catalogs.iter().flatten() {
            offers_per_gtin
                .entry(item.gtin.as_deref().unwrap())
                .or_default()
                .insert(item.supplier_id.as_str());
        }
        let shared = offers_per_gtin.values().filter(|s| s.len() > 1).count();
        assert!(
            shared >= 30,
            "only {shared} products offered by more than one supplier"
        );
        // An offer for the same GTIN describes the same product everywhere.
        let mut by_gtin: HashMap<&str, (&str, &str)> = HashMap::new();
        for item in catalogs.iter().flatten() {
            let seen = by_gtin
                .entry(item.gtin.as_deref().unwrap())
                .or_insert((&item.mpn, &item.manufacturer));
            assert_eq!(*seen, (item.mpn.as_str(), item.manufacturer.as_str()));
        }
    }

    #[test]
    fn family_codes_are_unique() {
        let codes: HashSet<String> = FAMILIES.iter().map(|f| family_code(f.key)).collect();
        assert_eq!(codes.len(), FAMILIES.len());
        assert_eq!(family_code("copy_paper"), "COPA");
    }

    #[test]
    fn more_suppliers_than_profiles_get_new_ids() {
        let ids: HashSet<_> = suppliers(12).into_iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), 12);
    }
}
