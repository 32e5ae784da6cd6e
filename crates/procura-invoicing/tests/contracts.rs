//! Contracts, worked by hand: a framework agreement with "office" for its pens (a box of 12 at
//! 24.00, 21.60 from 10, 19.20 from 50 in the catalog), what it prices, what orders consume of
//! its ceiling, and what a buyer is warned of.

use procura_catalog::catalog::samples::pens;
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{add_days, parse_day, Date};
use procura_ground::id::{ContractRef, SupplierId, UserId};
use procura_ground::role::Role;
use procura_invoicing::contracts::{
    self, AgreedPrice, Alert, Contract, ContractDraft, ContractTerms, State,
};
use procura_invoicing::invoice::{DocKind, Invoice, InvoiceDocument, InvoiceLine, Source};
use procura_invoicing::matching::{self, Variance};
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, Terms};
use procura_procurement::approval::invoicing::InvoiceTolerances;
use procura_procurement::approval::{RequisitionDraft, RequisitionLine};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const NOW: i64 = 1_796_000_000_000; // 2026-11-30

fn day(text: &str) -> Date {
    parse_day(text).unwrap()
}

fn terms(prices: Vec<AgreedPrice>, ceiling: Option<Decimal>) -> ContractTerms {
    ContractTerms {
        number: " FA-2026-07 ".into(),
        title: "Office supplies framework 2026–2027".into(),
        supplier_id: "office".into(),
        currency: "CNY".into(),
        valid_from: day("2026-01-01"),
        valid_to: day("2027-06-30"),
        prices,
        ceiling,
        alert_days: 30,
        alert_percent: dec!(80),
        note: String::new(),
    }
}

fn pen_price(p: Decimal) -> AgreedPrice {
    AgreedPrice::Item {
        item_id: "office/P-100".into(),
        unit_price: p,
    }
}

fn buyer() -> (UserId, &'static str) {
    ("u-buyer".into(), "Li Na")
}

/// `t` saved as a new contract `id` by the buyer, the supplier named `supplier` (`None`: the
/// organisation has no such supplier).
fn try_save(
    id: &str,
    t: ContractTerms,
    supplier: Option<&str>,
) -> Result<Contract, procura_ground::reason::Refusal> {
    let (who, name) = buyer();
    contracts::save(
        None,
        &ContractDraft {
            id: id.into(),
            base_revision: 0,
            terms: t,
        },
        supplier.map(str::to_owned),
        (&who, name),
        &[Role::Buyer],
        NOW,
    )
}

fn saved(id: &str, t: ContractTerms) -> Contract {
    try_save(id, t, Some("Office Plus")).unwrap()
}

fn refusal(t: ContractTerms) -> &'static str {
    try_save("ct-x", t, Some("Office Plus"))
        .unwrap_err()
        .reason
        .code()
}

#[test]
fn a_contract_is_saved_tidied_changed_by_revision_and_ended_with_a_reason() {
    let c = saved(
        "ct-1",
        terms(vec![pen_price(dec!(20.00))], Some(dec!(5000))),
    );
    assert_eq!(c.revision, 1);
    assert_eq!(c.terms.number, "FA-2026-07");
    assert_eq!(c.supplier_name, "Office Plus");
    let (who, name) = buyer();
    // A change from an older revision is stale; the supplier cannot change.
    let mut t = c.terms.clone();
    t.ceiling = Some(dec!(8000));
    let draft = |base, t: ContractTerms| ContractDraft {
        id: "ct-1".into(),
        base_revision: base,
        terms: t,
    };
    let stale = contracts::save(
        Some(&c),
        &draft(0, t.clone()),
        Some("Office Plus".into()),
        (&who, name),
        &[Role::Buyer],
        NOW,
    );
    assert_eq!(stale.unwrap_err().reason.code(), "contract.stale");
    let mut other = t.clone();
    other.supplier_id = "paper".into();
    other.prices.clear();
    let moved = contracts::save(
        Some(&c),
        &draft(1, other),
        Some("Paper Co".into()),
        (&who, name),
        &[Role::Buyer],
        NOW,
    );
    assert_eq!(moved.unwrap_err().reason.code(), "contract.supplier_fixed");
    let c2 = contracts::save(
        Some(&c),
        &draft(1, t.clone()),
        Some("Office Plus".into()),
        (&who, name),
        &[Role::Buyer],
        NOW + 1,
    )
    .unwrap();
    assert_eq!(c2.revision, 2);
    assert_eq!(c2.terms.ceiling, Some(dec!(8000)));
    assert_eq!(c2.history.len(), 2);
    // Only buyers and admins; an approver may not.
    let approver = contracts::save(
        None,
        &draft(0, t.clone()),
        Some("Office Plus".into()),
        (&who, name),
        &[Role::Approver],
        NOW,
    );
    assert_eq!(approver.unwrap_err().reason.code(), "contract.role");
    // Ending needs a reason; an ended contract does not change again.
    let no_reason = contracts::end(Some(&c2), 2, "  ", (&who, name), &[Role::Buyer], NOW);
    assert_eq!(
        no_reason.unwrap_err().reason.code(),
        "contract.end_reason_required"
    );
    let ended = contracts::end(
        Some(&c2),
        2,
        "Supplier merged",
        (&who, name),
        &[Role::Admin],
        NOW + 2,
    )
    .unwrap();
    assert!(ended.ended.is_some());
    assert!(!contracts::in_force(&ended, day("2026-12-01")));
    let again = contracts::save(
        Some(&ended),
        &draft(3, t),
        Some("Office Plus".into()),
        (&who, name),
        &[Role::Buyer],
        NOW + 3,
    );
    assert_eq!(again.unwrap_err().reason.code(), "contract.ended");
}

#[test]
fn terms_out_of_bounds_are_refused_with_their_reason() {
    let ok = || terms(vec![pen_price(dec!(20))], None);
    let mut t = ok();
    t.valid_to = day("2025-12-31");
    assert_eq!(refusal(t), "contract.dates_invalid");
    let mut t = ok();
    t.valid_to = day("2036-06-30");
    assert_eq!(refusal(t), "contract.dates_invalid");
    assert_eq!(refusal(terms(vec![], None)), "contract.terms_missing");
    assert_eq!(
        refusal(terms(vec![pen_price(dec!(0))], None)),
        "contract.item_invalid"
    );
    // Another supplier's item cannot be priced by this contract.
    let foreign = AgreedPrice::Item {
        item_id: "paper/A4".into(),
        unit_price: dec!(1),
    };
    assert_eq!(refusal(terms(vec![foreign], None)), "contract.item_invalid");
    assert_eq!(
        refusal(terms(vec![pen_price(dec!(20)), pen_price(dec!(19))], None)),
        "contract.price_twice"
    );
    for (unspsc, discount) in [
        ("441", dec!(5)),
        ("44", dec!(100)),
        ("4x", dec!(5)),
        ("44", dec!(0)),
    ] {
        let cat = AgreedPrice::Category {
            unspsc: unspsc.into(),
            discount_percent: discount,
        };
        assert_eq!(
            refusal(terms(vec![cat], None)),
            "contract.category_invalid",
            "{unspsc} {discount}"
        );
    }
    assert_eq!(
        refusal(terms(vec![], Some(dec!(-1)))),
        "contract.ceiling_invalid"
    );
    assert_eq!(
        refusal(terms(vec![], Some(dec!(1e15)))),
        "contract.ceiling_invalid"
    );
    let mut t = ok();
    t.currency = "XYZ".into();
    assert_eq!(refusal(t), "contract.currency_invalid");
    let mut t = ok();
    t.alert_percent = dec!(0);
    assert_eq!(refusal(t), "contract.alerts_invalid");
    let mut t = ok();
    t.number = "FA\n1".into();
    assert_eq!(refusal(t), "contract.number_invalid");
    let unknown = try_save("ct-x", ok(), None);
    assert_eq!(
        unknown.unwrap_err().reason.code(),
        "contract.unknown_supplier"
    );
}

#[test]
fn an_item_price_replaces_the_tiers_and_a_category_discount_applies_to_each_tier() {
    let today = day("2026-12-01");
    let item = pens();
    let by_item = saved("ct-1", terms(vec![pen_price(dec!(20.00))], None));
    let (priced, by) = contracts::priced(&item, [&by_item], today).unwrap();
    assert_eq!(by.number, "FA-2026-07");
    assert_eq!(priced.unit_price_at(dec!(1)), Some(dec!(20.00)));
    assert_eq!(priced.unit_price_at(dec!(60)), Some(dec!(20.00)));
    assert_eq!(priced.min_order_qty(), item.min_order_qty());
    // 10 % off pens and writing instruments (4412…), 4 % off office supplies (44…): the
    // longest prefix wins, on every tier.
    let by_category = saved(
        "ct-2",
        terms(
            vec![
                AgreedPrice::Category {
                    unspsc: "44".into(),
                    discount_percent: dec!(4),
                },
                AgreedPrice::Category {
                    unspsc: "4412".into(),
                    discount_percent: dec!(10),
                },
            ],
            None,
        ),
    );
    let (priced, _) = contracts::priced(&item, [&by_category], today).unwrap();
    let prices: Vec<Decimal> = priced.price_tiers.iter().map(|t| t.unit_price).collect();
    assert_eq!(prices, vec![dec!(21.6), dec!(19.44), dec!(17.28)]);
    // Both in force: the lower price at the minimum order quantity wins (21.60 < 20.00? no:
    // the item price 20.00 is lower than 21.60).
    let (_, by) = contracts::priced(&item, [&by_category, &by_item], today).unwrap();
    assert_eq!(by.id, "ct-1");
}

#[test]
fn a_contract_prices_nothing_outside_its_days_currency_or_supplier_or_once_ended() {
    let c = saved("ct-1", terms(vec![pen_price(dec!(20.00))], None));
    let item = pens();
    assert!(contracts::priced(&item, [&c], day("2025-12-31")).is_none());
    assert!(contracts::priced(&item, [&c], day("2026-01-01")).is_some());
    assert!(contracts::priced(&item, [&c], day("2027-06-30")).is_some());
    assert!(contracts::priced(&item, [&c], day("2027-07-01")).is_none());
    let mut usd = item.clone();
    usd.currency = "USD".into();
    assert!(contracts::priced(&usd, [&c], day("2026-12-01")).is_none());
    let mut other: CatalogItem = item.clone();
    other.supplier_id = "paper".into();
    assert!(contracts::priced(&other, [&c], day("2026-12-01")).is_none());
}

#[test]
fn an_agreed_price_prices_an_item_on_request_and_a_discount_does_not() {
    let today = day("2026-12-01");
    let mut item = pens();
    item.price_tiers.clear();
    let by_item = saved("ct-1", terms(vec![pen_price(dec!(20.00))], None));
    let (priced, _) = contracts::priced(&item, [&by_item], today).unwrap();
    assert!(!priced.price_on_request());
    assert_eq!(priced.unit_price_at(dec!(1)), Some(dec!(20.00)));
    let discount = saved(
        "ct-2",
        terms(
            vec![AgreedPrice::Category {
                unspsc: "44".into(),
                discount_percent: dec!(4),
            }],
            None,
        ),
    );
    assert!(contracts::priced(&item, [&discount], today).is_none());
}

fn draft_line(item: &CatalogItem, quantity: Decimal, price: Decimal) -> RequisitionDraft {
    RequisitionDraft {
        id: "req-1".into(),
        base_revision: 0,
        title: "Pens".into(),
        cost_centre: "CC-1".into(),
        account: "6001".into(),
        need_by: Some(day("2026-12-20")),
        delivery_address: "Dock 1".into(),
        justification: "Stock".into(),
        lines: vec![RequisitionLine {
            item_id: Some(item.id.clone()),
            description: item.name.en.clone(),
            supplier_id: item.supplier_id.clone(),
            supplier_name: "Office Plus".into(),
            unspsc: String::new(),
            quantity,
            unit: item.order_unit.clone(),
            unit_price: price,
            currency: item.currency.clone(),
            tax_percent: None,
            note: String::new(),
            // What a device claims is not trusted: the hub stamps the line itself.
            contract: Some(ContractRef {
                id: "forged".into(),
                number: "X".into(),
            }),
        }],
    }
}

#[test]
fn the_hub_prices_catalog_lines_by_the_contract_in_force_and_stamps_them() {
    let c = saved("ct-1", terms(vec![pen_price(dec!(20.00))], None));
    let item = pens();
    let lookup = |id: &str| (id == "office/P-100").then(pens);
    let of = |s: &SupplierId| {
        if s.as_str() == "office" {
            vec![c.clone()]
        } else {
            Vec::new()
        }
    };
    let today = day("2026-12-01");
    let ok = contracts::verify_draft(
        &draft_line(&item, dec!(12), dec!(20.00)),
        &lookup,
        &of,
        today,
    )
    .unwrap();
    assert_eq!(ok.lines[0].contract.as_ref().unwrap().id, "ct-1");
    assert_eq!(ok.lines[0].unspsc, "44121704");
    // The catalog's tier price while the contract is in force is a price mismatch.
    let at_catalog = contracts::verify_draft(
        &draft_line(&item, dec!(12), dec!(21.60)),
        &lookup,
        &of,
        today,
    );
    assert_eq!(
        at_catalog.unwrap_err().reason.code(),
        "requisition.catalog_price_mismatch"
    );
    // After it expires, the catalog price, and no stamp.
    let later = day("2027-07-01");
    let after = contracts::verify_draft(
        &draft_line(&item, dec!(12), dec!(21.60)),
        &lookup,
        &of,
        later,
    )
    .unwrap();
    assert_eq!(after.lines[0].contract, None);
}

fn order(
    lines: &[(u32, Decimal, Decimal, Option<&str>)],
    events: Vec<OrderEvent>,
) -> PurchaseOrder {
    PurchaseOrder {
        id: "po-1".into(),
        number: "PO-00000001".into(),
        buyer: "u-buyer".into(),
        buyer_name: "Li Na".into(),
        supplier_id: "office".into(),
        supplier_name: "Office Plus".into(),
        currency: "CNY".into(),
        ship_to: "Dock 1".into(),
        requisitions: vec!["req-1".into()],
        lines: lines
            .iter()
            .map(|(n, q, p, contract)| OrderLine {
                line_no: *n,
                requisition_id: "req-1".into(),
                requisition_line: n - 1,
                item_id: None,
                supplier_part: format!("P-{n}"),
                gtin: None,
                description: "Pens".into(),
                quantity: *q,
                unit: "BX".into(),
                unit_price: *p,
                tax_percent: dec!(13),
                need_by: day("2026-12-20"),
                unspsc: "44121704".into(),
                contract: contract.map(|id| ContractRef {
                    id: id.into(),
                    number: "FA-2026-07".into(),
                }),
            })
            .collect(),
        terms: Terms::default(),
        created_at_ms: NOW,
        events,
    }
}

#[test]
fn orders_consume_the_ceiling_at_the_confirmed_quantity_and_cancelled_ones_count_for_nothing() {
    let c = saved(
        "ct-1",
        terms(vec![pen_price(dec!(20.00))], Some(dec!(1000))),
    );
    let today = day("2026-12-01");
    let a = order(
        &[
            (1, dec!(30), dec!(20.00), Some("ct-1")),
            (2, dec!(5), dec!(99.00), None),
        ],
        vec![],
    );
    let mut b = order(&[(1, dec!(10), dec!(20.00), Some("ct-1"))], vec![]);
    b.id = "po-2".into();
    let mut cancelled = b.clone();
    cancelled.id = "po-3".into();
    cancelled.events.push(OrderEvent::Cancelled { at_ms: NOW });
    let used = contracts::consumed("ct-1", [&a, &b, &cancelled]).unwrap();
    assert_eq!(used, dec!(800.00));
    let s = contracts::standing(&c, Some(used), today);
    assert_eq!(s.state, State::InForce);
    assert_eq!(s.remaining, Some(dec!(200.00)));
    assert_eq!(s.alerts, vec![Alert::CeilingNear { percent: dec!(80) }]);
    let mut c2 = b.clone();
    c2.id = "po-4".into();
    let used = contracts::consumed("ct-1", [&a, &b, &c2]).unwrap();
    let s = contracts::standing(&c, Some(used), today);
    assert_eq!(s.alerts, vec![Alert::CeilingReached { over: dec!(0) }]);
    // Expiry: warned 30 days ahead, including the last day; nothing once expired.
    let s = contracts::standing(&c, Some(dec!(0)), day("2027-05-31"));
    assert_eq!(s.alerts, vec![Alert::ExpiresSoon { days: 30 }]);
    let s = contracts::standing(&c, Some(dec!(0)), day("2027-05-30"));
    assert!(s.alerts.is_empty());
    let s = contracts::standing(&c, Some(dec!(0)), day("2027-07-01"));
    assert_eq!(s.state, State::Expired);
    assert!(s.alerts.is_empty());
    assert_eq!(
        contracts::standing(&c, None, day("2025-06-01")).state,
        State::Upcoming
    );
}

#[test]
fn an_invoice_above_the_contract_price_is_an_exception_whatever_the_tolerance() {
    let o = order(
        &[(1, dec!(10), dec!(20.00), Some("ct-1"))],
        vec![OrderEvent::Received {
            at_ms: NOW,
            receipt_id: "rc-1".into(),
            by: "u-buyer".into(),
            lines: vec![procura_orders::order::ReceivedLine {
                line_no: 1,
                accepted: dec!(10),
                damaged: dec!(0),
                reason: String::new(),
            }],
        }],
    );
    let line = InvoiceLine {
        line_no: 1,
        order_line: Some(1),
        supplier_part: String::new(),
        description: String::new(),
        quantity: dec!(10),
        unit: "BX".into(),
        unit_price: dec!(20.10),
        tax_percent: dec!(13),
        net: dec!(201.00),
    };
    let doc = InvoiceDocument {
        kind: DocKind::Invoice,
        number: "INV-1".into(),
        document_id: String::new(),
        issued: day("2026-11-28"),
        due: None,
        currency: "CNY".into(),
        order_id: Some("po-1".into()),
        order_number: None,
        credit_for: None,
        lines: vec![line],
        tax_total: dec!(26.13),
        total: dec!(227.13),
        payment_days: None,
        discount: None,
        note: String::new(),
        contract: None,
    };
    let office: SupplierId = "office".into();
    let inv: Invoice = procura_invoicing::invoice::record(
        None,
        (&office, "Office Plus"),
        doc,
        Some(&o),
        Source::Cxml,
        NOW,
    )
    .unwrap();
    // 0.5 % over: within the default 2 % tolerance for an order line without a contract.
    let tol = InvoiceTolerances::default();
    let m = matching::match_order(Some(&o), &[&inv], &[], &tol);
    let findings = &m.documents[&inv.id].findings;
    assert!(findings.iter().any(|f| f.exception
        && matches!(
            &f.variance,
            Variance::PriceOverContract { contract, agreed, invoiced, .. }
                if contract == "FA-2026-07" && *agreed == dec!(20.00) && *invoiced == dec!(20.10)
        )), "{findings:?}");
    // A document naming the order's contract is fine; naming another is for a person to check.
    for (named, flagged) in [("FA-2026-07", false), ("FA-1999-01", true)] {
        let mut doc = inv.document.clone();
        doc.contract = Some(named.into());
        let named_inv = Invoice {
            document: doc,
            ..inv.clone()
        };
        let m = matching::match_order(Some(&o), &[&named_inv], &[], &tol);
        let found = m.documents[&named_inv.id].findings.iter().any(|f| {
            f.exception
                && matches!(&f.variance, Variance::ContractNotOnOrder { contract } if contract == named)
        });
        assert_eq!(found, flagged, "{named}");
    }
    let mut free = o.clone();
    free.lines[0].contract = None;
    let m = matching::match_order(Some(&free), &[&inv], &[], &tol);
    let findings = &m.documents[&inv.id].findings;
    assert!(findings.iter().all(|f| !f.exception), "{findings:?}");
}

proptest! {
    /// A category discount never prices a tier above the catalog's, and an item's contract
    /// price holds at every quantity it is sold at.
    #[test]
    fn contract_tiers_are_never_above_the_catalog_and_cover_every_quantity(
        discount_bp in 1u32..9_999,
        price_cents in 1u64..1_000_000_000,
        q in 1u32..100_000,
        days in 0i64..1_000,
    ) {
        let item = pens();
        let discount = Decimal::new(i64::from(discount_bp), 2);
        let cat = saved("ct-c", terms(vec![AgreedPrice::Category { unspsc: "4412".into(), discount_percent: discount }], None));
        let today = add_days(day("2026-01-01"), days);
        if let Some((priced, _)) = contracts::priced(&item, [&cat], today) {
            for (a, b) in priced.price_tiers.iter().zip(&item.price_tiers) {
                prop_assert!(a.unit_price <= b.unit_price);
                prop_assert!(a.unit_price >= Decimal::ZERO);
                prop_assert_eq!(a.min_qty, b.min_qty);
            }
        }
        let price = Decimal::new(price_cents as i64, 2);
        let fixed = saved("ct-i", terms(vec![pen_price(price)], None));
        if let Some((priced, _)) = contracts::priced(&item, [&fixed], today) {
            prop_assert_eq!(priced.unit_price_at(Decimal::from(q)), Some(price));
        }
    }
}
