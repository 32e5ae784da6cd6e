//! Builders for hand-made histories: a policy, requisitions and orders.
#![allow(dead_code)]

use procura_catalog::search::Synonyms;
use procura_ground::date::{parse_day, start_ms, Date, Entered, Quarter};
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, Terms};
use procura_procurement::approval::policy::{Budget, BudgetMode, Policy, Rate};
use procura_procurement::approval::requisition::{RequisitionLine, Totals};
use procura_procurement::approval::{Requisition, Status};
use rust_decimal::Decimal;

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn day(text: &str) -> Date {
    parse_day(text).expect("a day")
}

pub fn ms(text: &str) -> i64 {
    start_ms(day(text))
}

/// CNY, with EUR at 7.80 and no rate for JPY; budgets for CC-100 and CC-200 in 2026-Q1.
pub fn policy() -> Policy {
    let budget = |cc: &str, q: u8, amount: &str, mode| Budget {
        cost_centre: cc.into(),
        period: Entered::Valid(Quarter::new(2026, q).unwrap()),
        amount: dec(amount),
        mode,
    };
    Policy {
        currency: "CNY".into(),
        rates: vec![Rate {
            currency: "EUR".into(),
            rate: dec("7.80"),
        }],
        default_tax_percent: dec("13"),
        people: vec![],
        cost_centres: vec![],
        accounts: vec![],
        rules: vec![],
        budgets: vec![
            budget("CC-100", 1, "10000", BudgetMode::Stop),
            budget("CC-200", 1, "5000", BudgetMode::Warn),
        ],
        escalate_after_hours: 48,
        escalation_fallback: None,
        synonyms: Synonyms::default(),
        supplier_standing: Default::default(),
        stock: Default::default(),
        invoicing: Default::default(),
    }
}

pub fn rline(
    supplier: &str,
    item: Option<&str>,
    unspsc: &str,
    qty: &str,
    price: &str,
    currency: &str,
) -> RequisitionLine {
    RequisitionLine {
        item_id: item.map(Into::into),
        description: format!("{supplier} thing"),
        supplier_id: supplier.into(),
        supplier_name: supplier.to_uppercase(),
        unspsc: unspsc.into(),
        quantity: dec(qty),
        unit: "H87".into(),
        unit_price: dec(price),
        currency: currency.into(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    }
}

#[allow(clippy::too_many_arguments)]
pub fn requisition(
    id: &str,
    status: Status,
    cost_centre: &str,
    account: &str,
    requester: &str,
    need_by: &str,
    approved_on: &str,
    lines: Vec<RequisitionLine>,
) -> Requisition {
    Requisition {
        id: id.into(),
        revision: 1,
        requester: requester.into(),
        requester_name: requester.to_uppercase(),
        title: id.into(),
        cost_centre: cost_centre.into(),
        account: account.into(),
        need_by: day(need_by),
        delivery_address: "Dock 1".into(),
        justification: String::new(),
        lines,
        currency: "CNY".into(),
        totals: Totals::default(),
        status,
        route: vec![],
        submitted_at_ms: 0,
        step_since_ms: 0,
        updated_at_ms: ms(approved_on),
        audit: vec![],
        previous: None,
    }
}

/// An order made of requisition lines: (requisition id, line index) of `reqs`.
pub fn order(
    id: &str,
    currency: &str,
    created: &str,
    reqs: &[&Requisition],
    taken: &[(&str, u32)],
    events: Vec<OrderEvent>,
) -> PurchaseOrder {
    let mut supplier = String::new();
    let lines = taken
        .iter()
        .enumerate()
        .map(|(n, (rid, i))| {
            let r = reqs.iter().find(|r| r.id == *rid).expect("requisition");
            let l = &r.lines[*i as usize];
            supplier = l.supplier_id.as_str().to_owned();
            OrderLine {
                line_no: n as u32 + 1,
                requisition_id: r.id.clone(),
                requisition_line: *i,
                item_id: l.item_id.clone(),
                supplier_part: String::new(),
                gtin: None,
                description: l.description.clone(),
                quantity: l.quantity,
                unit: l.unit.clone(),
                unit_price: l.unit_price,
                tax_percent: dec("13"),
                need_by: r.need_by,
                unspsc: l.unspsc.clone(),
                contract: None,
            }
        })
        .collect();
    PurchaseOrder {
        id: id.into(),
        number: id.to_uppercase(),
        buyer: "u-buyer".into(),
        buyer_name: "Buyer".into(),
        supplier_name: supplier.to_uppercase(),
        supplier_id: supplier.into(),
        currency: currency.into(),
        ship_to: "Dock 1".into(),
        requisitions: vec![],
        lines,
        terms: Terms::default(),
        created_at_ms: ms(created),
        events,
    }
}
