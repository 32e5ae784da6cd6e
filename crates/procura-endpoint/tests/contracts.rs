//! Contracts at the hub: buyers record and end them (approvers may not); while one is in force
//! the hub prices a requisition's catalog lines by it (the catalog's price is refused, the
//! contract's accepted and stamped on the line, whatever the device said), the order line
//! carries the contract from the approved requisition, and what orders commit counts against
//! the ceiling; ended, the catalog price is back.

mod common;

use common::approvals::*;
use common::orders::*;
use common::*;
use procura_ground::id::ContractRef;
use procura_invoicing::contracts::{
    self, AgreedPrice, Alert, Contract, ContractDraft, ContractTerms,
};

fn terms(item: &CatalogItem, price: Decimal, ceiling: i64) -> ContractTerms {
    ContractTerms {
        number: "FA-2026-07".into(),
        title: "Office supplies framework".into(),
        supplier_id: SUPPLIER.into(),
        currency: item.currency.clone(),
        valid_from: day(-30),
        valid_to: day(300),
        prices: vec![AgreedPrice::Item {
            item_id: item.id.to_string(),
            unit_price: price,
        }],
        ceiling: Some(Decimal::from(ceiling)),
        alert_days: 30,
        alert_percent: Decimal::from(80),
        note: "Negotiated in the 2026 tender".into(),
    }
}

fn save(id: &str, base: u32, terms: ContractTerms) -> Op {
    Op::SaveContract {
        contract: ContractDraft {
            id: id.into(),
            base_revision: base,
            terms,
        },
    }
}

async fn contract_of(api: &Api, id: &str) -> Contract {
    match records(api)
        .await
        .remove(&RecordKey::new(RecordKind::Contract, id))
    {
        Some(Record::Contract(c)) => c,
        other => panic!("no contract {id}: {other:?}"),
    }
}

#[tokio::test]
async fn a_contract_prices_requisitions_at_the_hub_and_orders_consume_its_ceiling() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let item = office.items[0].clone();
    let quantity = item.min_order_qty() + Decimal::from(9);
    let catalog_price = item.unit_price_at(quantity).unwrap();
    let agreed = (catalog_price * Decimal::new(9, 1)).round_dp(2);
    assert!(agreed > Decimal::ZERO && agreed < catalog_price);

    // An approver may not make contracts; a buyer may.
    let t = terms(&item, agreed, 10_000);
    assert_refused_for(
        &office.approver.send(save("ct-1", 0, t.clone())).await,
        "contract.role",
    );
    assert_applied(&office.buyer.send(save("ct-1", 0, t.clone())).await);
    let c = contract_of(&office.buyer.api, "ct-1").await;
    assert_eq!(c.revision, 1);
    assert_eq!(c.supplier_name, "OfficePlus Supplies");

    // The catalog's price is refused while the contract is in force.
    let at_catalog = catalog_line(&item, quantity);
    assert_refused_for(
        &office
            .buyer
            .send(submit(draft("req-cat", "CC-100", vec![at_catalog.clone()])))
            .await,
        "requisition.catalog_price_mismatch",
    );
    // At the contract's price it is accepted, stamped with the contract (the device's claim
    // of another contract is not taken).
    let mut line = at_catalog.clone();
    line.unit_price = agreed;
    line.contract = Some(ContractRef {
        id: "forged".into(),
        number: "X".into(),
    });
    assert_applied(
        &office
            .buyer
            .send(submit(draft("req-ct", "CC-100", vec![line])))
            .await,
    );
    let r = requisition(&office.buyer.api, "req-ct").await;
    let stamped = r.lines[0].contract.clone().expect("stamped");
    assert_eq!(
        stamped,
        ContractRef {
            id: "ct-1".into(),
            number: "FA-2026-07".into()
        }
    );
    assert_applied(&office.approver.send(approve(&r)).await);
    let r = requisition(&office.buyer.api, "req-ct").await;

    // The order line carries the contract from the approved requisition, even when the device
    // leaves it out.
    let mut po = office.plan("po-ct", &[&r]);
    assert_eq!(po.lines[0].contract.as_ref(), Some(&stamped));
    po.lines[0].contract = None;
    assert_applied(&office.buyer.send(Op::CreateOrder { order: po }).await);
    let po = order_of(&office.buyer.api, "po-ct").await;
    assert_eq!(po.lines[0].contract.as_ref(), Some(&stamped));

    // What is ordered under it counts against the ceiling, as every device works it out.
    let all: Vec<procura_orders::order::PurchaseOrder> =
        orders(&office.buyer.api).await.into_values().collect();
    let used = contracts::consumed("ct-1", &all).unwrap();
    assert_eq!(
        used,
        procura_ground::money::line_net(quantity, agreed, &item.currency).unwrap()
    );
    let mut small = t.clone();
    small.ceiling = Some(used);
    assert_refused_for(
        &office.buyer.send(save("ct-1", 0, small.clone())).await,
        "contract.stale",
    );
    assert_applied(&office.buyer.send(save("ct-1", 1, small)).await);
    let c = contract_of(&office.buyer.api, "ct-1").await;
    let standing = contracts::standing(&c, Some(used), day(0));
    assert!(matches!(
        standing.alerts[..],
        [Alert::CeilingReached { .. }]
    ));

    // Ended, the catalog's price is back and lines carry no contract.
    assert_applied(
        &office
            .buyer
            .send(Op::EndContract {
                id: "ct-1".into(),
                revision: 2,
                reason: "Tender lost".into(),
            })
            .await,
    );
    assert_applied(
        &office
            .buyer
            .send(submit(draft("req-after", "CC-100", vec![at_catalog])))
            .await,
    );
    let r = requisition(&office.buyer.api, "req-after").await;
    assert_eq!(r.lines[0].contract, None);
    assert_refused_for(
        &office
            .buyer
            .send(Op::EndContract {
                id: "ct-1".into(),
                revision: 3,
                reason: "again".into(),
            })
            .await,
        "contract.ended",
    );
}

#[tokio::test]
async fn contracts_out_of_bounds_or_for_unknown_suppliers_are_refused_and_nothing_is_written() {
    let hub = spawn_hub(0, false).await;
    let mut office = Office::open(&hub).await;
    let item = office.items[0].clone();
    let mut unknown = terms(&item, Decimal::ONE, 100);
    unknown.supplier_id = "no-such-supplier".into();
    unknown.prices.clear();
    assert_refused_for(
        &office.buyer.send(save("ct-u", 0, unknown)).await,
        "contract.unknown_supplier",
    );
    let mut many = terms(&item, Decimal::ONE, 100);
    many.prices = (0..=contracts::MAX_PRICES)
        .map(|i| AgreedPrice::Item {
            item_id: format!("{SUPPLIER}/SKU-{i}"),
            unit_price: Decimal::ONE,
        })
        .collect();
    let result = office.buyer.send(save("ct-m", 0, many)).await;
    assert!(
        matches!(result, OutcomeResult::Refused { .. }),
        "{result:?}"
    );
    // A forged body: huge numbers, wrong shapes. Refused or answered 4xx, never a 5xx.
    for op in [
        json!({ "type": "save_contract", "contract": { "id": "ct-f", "base_revision": 0, "terms": {
            "number": "F", "title": "T", "supplier_id": SUPPLIER, "currency": "CNY",
            "valid_from": "2026-01-01", "valid_to": "2026-12-31",
            "prices": [{ "kind": "item", "item_id": format!("{SUPPLIER}/A"), "unit_price": "1e30" }],
            "alert_days": 30, "alert_percent": "80" } } }),
        json!({ "type": "save_contract", "contract": { "id": "ct-f", "base_revision": 0, "terms": {
            "number": "F", "title": "T", "supplier_id": SUPPLIER, "currency": "CNY",
            "valid_from": "0001-01-01", "valid_to": "9999-12-31", "ceiling": "79228162514264337593543950335",
            "alert_days": 4294967295u32, "alert_percent": "-1" } } }),
        json!({ "type": "end_contract", "id": "nope", "revision": 0, "reason": "x" }),
    ] {
        office.buyer.refused_or_rejected(op).await;
    }
    let held = records(&office.buyer.api).await;
    assert!(
        !held.keys().any(|k| k.kind == RecordKind::Contract),
        "nothing written"
    );

    // A supplier has a bounded number of contracts not ended: the hub reads them all to price
    // a line. Ending one makes room.
    let ceiling_only = |n: usize| {
        let mut t = terms(&item, Decimal::ONE, 1_000);
        t.prices.clear();
        t.number = format!("FA-{n}");
        save(&format!("ct-{n}"), 0, t)
    };
    let answer = office
        .buyer
        .push(
            (0..contracts::MAX_LIVE_PER_SUPPLIER)
                .map(ceiling_only)
                .collect(),
        )
        .await;
    assert!(answer
        .outcomes
        .iter()
        .all(|o| o.result == OutcomeResult::Applied));
    let over = contracts::MAX_LIVE_PER_SUPPLIER;
    assert_refused_for(
        &office.buyer.send(ceiling_only(over)).await,
        "contract.too_many",
    );
    assert_applied(
        &office
            .buyer
            .send(Op::EndContract {
                id: "ct-0".into(),
                revision: 1,
                reason: "Merged into FA-1".into(),
            })
            .await,
    );
    assert_applied(&office.buyer.send(ceiling_only(over)).await);
}
