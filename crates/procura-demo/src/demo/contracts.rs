//! The demo organisation's contracts (framework agreements), recorded as the hub records them
//! ([`contracts::save`], [`contracts::end`]) a few days before `today`:
//!
//! * with the first supplier, agreed prices for three of its items (8 % below the catalog's
//!   list price) and a ceiling; it ends in three weeks, so the buyer is warned;
//! * with the second, a 6 % discount on every item of its first item's UNSPSC family, for a
//!   year;
//! * with the third, one ended early (replaced by a tender): history, pricing nothing.
//!
//! The history's orders were made before them, so no ceiling is consumed yet.

use super::DemoSupplier;
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{add_days, start_ms, Date};
use procura_ground::id::{SupplierId, UserId};
use procura_ground::role::Role;
use procura_invoicing::contracts::{self, AgreedPrice, Contract, ContractDraft, ContractTerms};
use rust_decimal::{Decimal, RoundingStrategy};

/// The contracts, for `suppliers` (at least three, else fewer) whose items `items_of` gives.
pub fn contracts(
    today: Date,
    suppliers: &[DemoSupplier],
    items_of: impl Fn(&SupplierId) -> Vec<CatalogItem>,
    author: (&UserId, &str),
) -> Vec<Contract> {
    let made_at = start_ms(add_days(today, -7)) + 9 * 3_600_000;
    let mut out = Vec::new();
    let save = |id: &str, terms: ContractTerms, name: &str| {
        contracts::save(
            None,
            &ContractDraft {
                id: id.into(),
                base_revision: 0,
                terms,
            },
            Some(name.to_owned()),
            author,
            &[Role::Buyer],
            made_at,
        )
        .ok()
    };
    let terms = |s: &DemoSupplier, number: &str, title: &str, from: i64, to: i64| ContractTerms {
        number: number.into(),
        title: title.chars().take(contracts::MAX_TITLE).collect(),
        supplier_id: s.id.as_str().into(),
        currency: s.currency.clone(),
        valid_from: add_days(today, from),
        valid_to: add_days(today, to),
        prices: Vec::new(),
        ceiling: None,
        alert_days: 30,
        alert_percent: Decimal::from(80),
        note: String::new(),
    };
    if let Some(s) = suppliers.first() {
        let items = items_of(&s.id.as_str().into());
        let title = format!("{} framework agreement · {}框架协议", s.name.en, s.name.zh);
        let mut t = terms(s, "FA-2026-014", &title, -120, 21);
        t.prices = items
            .iter()
            .filter(|i| i.currency == s.currency)
            .skip(3)
            .step_by(7)
            .take(3)
            .filter_map(|i| {
                let price = (i.list_price()? * Decimal::new(92, 2))
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                (price > Decimal::ZERO).then(|| AgreedPrice::Item {
                    item_id: i.id.to_string(),
                    unit_price: price,
                })
            })
            .collect();
        t.ceiling = Some(Decimal::from(100_000));
        t.note = "Prices agreed in the 2026 tender; review before renewal.".into();
        out.extend(save("demo-contract-1", t, s.name.en.as_str()));
    }
    if let Some(s) = suppliers.get(1) {
        let items = items_of(&s.id.as_str().into());
        if let Some(family) = items.first().and_then(|i| i.unspsc.get(..4)) {
            let title = format!(
                "{} category discount · {}品类折扣协议",
                s.name.en, s.name.zh
            );
            let mut t = terms(s, "FA-2026-027", &title, -10, 355);
            t.prices = vec![AgreedPrice::Category {
                unspsc: family.to_owned(),
                discount_percent: Decimal::from(6),
            }];
            t.ceiling = Some(Decimal::from(60_000));
            out.extend(save("demo-contract-2", t, s.name.en.as_str()));
        }
    }
    if let Some(s) = suppliers.get(2) {
        let title = format!(
            "{} supply agreement 2025 · {}供货协议 2025",
            s.name.en, s.name.zh
        );
        let mut t = terms(s, "FA-2025-031", &title, -400, 30);
        t.ceiling = Some(Decimal::from(40_000));
        let ended = save("demo-contract-3", t, s.name.en.as_str()).and_then(|c| {
            contracts::end(
                Some(&c),
                c.revision,
                "Replaced by the 2027 tender",
                author,
                &[Role::Buyer],
                made_at + 3_600_000,
            )
            .ok()
        });
        out.extend(ended);
    }
    out
}
