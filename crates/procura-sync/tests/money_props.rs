//! Money and quantities cannot crash anything: every mutation the hub decides, every supplier
//! document and every catalog file, fed extreme decimals, is answered (applied or refused with
//! a reason) without a panic; and an approved requisition's total equals its order documents'
//! totals to the minor unit, per currency.

mod approval_support;

use approval_support::*;
use procura_catalog::catalog::{CatalogItem, Lang, LocalizedText, PriceTier};
use procura_catalog::compare::{cheaper_offer, compare};
use procura_catalog::import::{bmecat, csv, json, peppol as peppol_import, ImportLimits};
use procura_ground::currency::Rates;
use procura_ground::money::{self, MAX_AMOUNT, MAX_PRICE, MAX_QUANTITY};
use procura_orders::order::documents::{outstanding_lines, Parties};
use procura_orders::order::{
    self, cxml, parse_order_document, parse_supplier_messages, peppol, progress, LineAck,
    OrderEvent, PurchaseOrder, ReceivedLine,
};
use procura_procurement::approval::policy::Rate;
use procura_procurement::cart::{Carts, FreeText};
use procura_suppliers::scorecard::{EvaluationDraft, Scores};
use procura_sync::api::sync::Op;
use std::str::FromStr;

const MONEY_CODES: [&str; 4] = [
    "quantity_out_of_range",
    "price_out_of_range",
    "amount_out_of_range",
    "rate_out_of_range",
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Extreme and ordinary decimals: the edges of `Decimal`, of the bounds, 28-digit scales.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::ONE),
        Just(Decimal::NEGATIVE_ONE),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(dec("79228162514264337593543950335")),
        Just(dec("0.0000000000000000000000000001")),
        Just(dec("7.9228162514264337593543950335")),
        Just(MAX_QUANTITY),
        Just(MAX_QUANTITY + dec("0.000001")),
        Just(MAX_AMOUNT),
        Just(MAX_AMOUNT + dec("0.01")),
        Just(dec("0.000001")),
        Just(dec("0.0000001")),
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, s)| Decimal::from_parts(lo, mid, hi, neg, s)),
        // Ordinary: up to 6 decimals, up to a million.
        (0i64..1_000_000_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

fn quantity_ok(q: Decimal) -> bool {
    money::check_quantity(q).is_ok()
}

fn price_ok(p: Decimal) -> bool {
    money::check_price(p).is_ok()
}

/// The test policy with approvers who may approve up to the amount bound, so that every
/// in-bounds requisition has a route.
fn money_policy() -> Policy {
    let mut policy = test_policy();
    for p in &mut policy.people {
        if p.approval_limit.is_some() {
            p.approval_limit = Some(MAX_AMOUNT);
        }
    }
    policy
}

/// A hub holding the test policy, an approved requisition `r0` (10 × 100 CNY) and an order
/// `o1` for it that reached its supplier.
fn fixture() -> (Hub, PurchaseOrder) {
    let mut hub = Hub::new(money_policy());
    let mut r0 = draft("r0", 0, 100, "44", "CC-1");
    r0.lines[0].quantity = d(10);
    submit(&mut hub, "b1", r0, T0).expect("a valid requisition is accepted");
    let key = RecordKey::requisition("r0");
    if let Some(Record::Requisition(r)) = hub.records.get_mut(&key) {
        r.status = Status::Approved;
    }
    let r = hub.req("r0").unwrap().clone();
    let mut n = 0;
    let (orders, _) = order::plan(
        &[&r],
        Decimal::ZERO, // net totals only: the tax rate does not matter here
        ("b1", "B1"),
        &|_| "S1".into(),
        &|_| None,
        &mut || {
            n += 1;
            format!("o{n}")
        },
        T0,
    );
    let po = orders.into_iter().next().expect("one order");
    hub.push("b1", Op::CreateOrder { order: po.clone() }, T0)
        .expect("the planned order is accepted");
    let key = RecordKey::new(RecordKind::Order, "o1");
    let Some(Record::Order(stored)) = hub.records.get_mut(&key) else {
        panic!("stored")
    };
    stored.events.push(OrderEvent::Sent { at_ms: T0 });
    let stored = stored.clone();
    (hub, stored)
}

/// One op of every kind, with the given decimals where the op has any.
fn every_op(q: Decimal, p: Decimal, t: Decimal, amount: Decimal, po: &PurchaseOrder) -> Vec<Op> {
    let mut d = draft("r1", 0, 1, "44", "CC-2");
    d.lines[0].quantity = q;
    d.lines[0].unit_price = p;
    d.lines[0].tax_percent = Some(t);
    let mut policy = test_policy();
    policy.budgets[0].amount = amount;
    policy.people[2].approval_limit = Some(amount);
    policy.rates = vec![Rate {
        currency: "JPY".into(),
        rate: t,
    }];
    let mut order = po.clone();
    order.id = "o2".into();
    order.events.clear();
    order.lines[0].quantity = q;
    order.lines[0].unit_price = p;
    order.lines[0].tax_percent = t;
    let ops = vec![
        Op::SaveEvaluation {
            evaluation: EvaluationDraft {
                id: "e1".into(),
                supplier_id: "s1".into(),
                period: "2026-Q4".into(),
                scores: Scores {
                    quality: 5,
                    delivery: 5,
                    price: 5,
                    service: 5,
                },
                comment: String::new(),
            },
        },
        Op::DeleteEvaluation { id: "e1".into() },
        Op::SubmitRequisition { requisition: d },
        Op::DecideRequisition {
            decision: Decision {
                requisition_id: "r0".into(),
                revision: 1,
                step: "manager".into(),
                verdict: Verdict::Approve,
                on_behalf_of: None,
                comment: String::new(),
            },
        },
        Op::WithdrawRequisition {
            id: "r0".into(),
            revision: 1,
        },
        Op::SavePolicy { policy },
        Op::SaveDelegation {
            delegation: Delegation {
                id: "d1".into(),
                from: "a1".into(),
                to: "a2".into(),
                starts: "2026-12-01".into(),
                ends: "2026-12-05".into(),
                note: String::new(),
                created_by: Default::default(),
            },
        },
        Op::DeleteDelegation { id: "d1".into() },
        Op::CreateOrder { order },
        Op::ReceiveGoods {
            order_id: "o1".into(),
            receipt_id: "g1".into(),
            lines: vec![ReceivedLine {
                line_no: 1,
                accepted: q,
                damaged: p,
                reason: "broken".into(),
            }],
        },
        Op::RequestOrderChange {
            order_id: "o1".into(),
            request_id: "c1".into(),
            lines: vec![LineAck::Changed {
                line_no: 1,
                quantity: Some(q),
                delivery_date: None,
                unit_price: None,
            }],
        },
        Op::RequestOrderCancel {
            order_id: "o1".into(),
            reason: "no longer needed".into(),
        },
        // No money in a selection: it is here so that every kind of op is decided.
        Op::SaveSelection {
            selection: procura_suppliers::selection::SelectionDraft::new(
                "sel1".into(),
                "Paper".into(),
                ["price", "quality"]
                    .map(|k| procura_suppliers::selection::SelectionCriterion {
                        key: k.into(),
                        label: k.into(),
                    })
                    .to_vec(),
                ["S1", "S2"]
                    .map(|id| procura_suppliers::selection::Candidate {
                        supplier_id: id.into(),
                        name: id.into(),
                    })
                    .to_vec(),
            ),
        },
        Op::SaveAssessment {
            assessment: procura_suppliers::assessment::AssessmentDraft {
                supplier_id: "s1".into(),
                delivery_impact: 3,
                quality_impact: 3,
                capabilities: procura_suppliers::grading::Capabilities {
                    quality_awareness: 3,
                    technical: 3,
                    replication: 3,
                    problem_solving: 3,
                },
                evidence: Default::default(),
                base_revision: 0,
            },
        },
        Op::SaveStock {
            stock: procura_spend::stock::StockDraft {
                item_id: "s1/p1".into(),
                location: "Store".into(),
                counted: q,
                counted_at_ms: 0,
                order_cost: Some(p),
                holding_rate: None,
                service_level_pct: None,
                base_revision: 0,
            },
        },
        Op::IssueGoods {
            issue: procura_spend::stock::GoodsIssueDraft {
                id: "gi1".into(),
                item_id: "s1/p1".into(),
                location: "Store".into(),
                quantity: q,
                issued_at_ms: 0,
                note: String::new(),
            },
        },
        Op::EnterInvoice {
            invoice: procura_invoicing::invoice::EnteredInvoice {
                supplier_id: "s1".into(),
                document: procura_invoicing::invoice::InvoiceDocument {
                    kind: procura_invoicing::invoice::DocKind::Invoice,
                    number: "INV-1".into(),
                    document_id: String::new(),
                    issued: procura_ground::date::parse_day("2026-01-01").unwrap(),
                    due: None,
                    currency: "CNY".into(),
                    order_id: None,
                    order_number: None,
                    credit_for: None,
                    lines: vec![procura_invoicing::invoice::InvoiceLine {
                        line_no: 1,
                        order_line: Some(1),
                        supplier_part: String::new(),
                        description: "x".into(),
                        quantity: q,
                        unit: "EA".into(),
                        unit_price: p,
                        tax_percent: Decimal::ZERO,
                        net: Decimal::ZERO,
                    }],
                    tax_total: Decimal::ZERO,
                    total: Decimal::ZERO,
                    payment_days: None,
                    discount: None,
                    note: String::new(),
                    contract: None,
                },
            },
        },
        Op::DecideInvoice {
            decision: procura_invoicing::invoice::DecisionDraft {
                invoice_id: "s1:inv:INV-1".into(),
                revision: 1,
                action: procura_invoicing::invoice::Action::Accept,
                comment: "ok".into(),
            },
        },
        Op::OpenReturn {
            ret: procura_invoicing::returns::ReturnDraft {
                id: "rt1".into(),
                order_id: "o1".into(),
                lines: vec![procura_invoicing::returns::ReturnLine {
                    order_line: 1,
                    quantity: q,
                    from: procura_invoicing::returns::ReturnFrom::Accepted,
                }],
                reason: "wrong size".into(),
                remedy: procura_invoicing::returns::Remedy::Refund,
                note: String::new(),
                photo: None,
            },
        },
        Op::CancelReturn {
            id: "rt1".into(),
            revision: 1,
        },
        Op::SaveContract {
            contract: procura_invoicing::contracts::ContractDraft {
                id: "ct1".into(),
                base_revision: 0,
                terms: procura_invoicing::contracts::ContractTerms {
                    number: "FA-1".into(),
                    title: "Framework".into(),
                    supplier_id: "s1".into(),
                    currency: "CNY".into(),
                    valid_from: procura_ground::date::parse_day("2026-01-01").unwrap(),
                    valid_to: procura_ground::date::parse_day("2027-12-31").unwrap(),
                    prices: vec![
                        procura_invoicing::contracts::AgreedPrice::Item {
                            item_id: "s1/A-1".into(),
                            unit_price: p,
                        },
                        procura_invoicing::contracts::AgreedPrice::Category {
                            unspsc: "44".into(),
                            discount_percent: t,
                        },
                    ],
                    ceiling: Some(amount),
                    alert_days: 30,
                    alert_percent: Decimal::from(80),
                    note: String::new(),
                },
            },
        },
        Op::EndContract {
            id: "ct1".into(),
            revision: 1,
            reason: "replaced".into(),
        },
    ];
    // Every variant is here: this match fails to compile when a new one is added.
    for op in &ops {
        match op {
            Op::SaveEvaluation { .. }
            | Op::DeleteEvaluation { .. }
            | Op::SubmitRequisition { .. }
            | Op::DecideRequisition { .. }
            | Op::WithdrawRequisition { .. }
            | Op::SavePolicy { .. }
            | Op::SaveDelegation { .. }
            | Op::DeleteDelegation { .. }
            | Op::CreateOrder { .. }
            | Op::ReceiveGoods { .. }
            | Op::RequestOrderChange { .. }
            | Op::RequestOrderCancel { .. }
            | Op::SaveSelection { .. }
            | Op::SaveAssessment { .. }
            | Op::SaveStock { .. }
            | Op::IssueGoods { .. }
            | Op::EnterInvoice { .. }
            | Op::DecideInvoice { .. }
            | Op::OpenReturn { .. }
            | Op::CancelReturn { .. }
            | Op::SaveContract { .. }
            | Op::EndContract { .. } => {}
        }
    }
    ops
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// (a) Every mutation, with extreme decimals, is decided without a panic; out-of-bounds
    /// values are refused, with a money code when they are above zero (zero and negatives
    /// keep their older `invalid` refusals); in-bounds submissions are accepted.
    #[test]
    fn the_hub_decides_every_mutation_without_panicking(
        q in any_decimal(),
        p in any_decimal(),
        t in any_decimal(),
        amount in any_decimal(),
    ) {
        let (hub, po) = fixture();
        for op in every_op(q, p, t, amount, &po) {
            let who = match &op {
                Op::SavePolicy { .. } => "adm",
                Op::DecideRequisition { .. } => "a1",
                _ => "b1",
            };
            let result = hub::decide_on(&hub.records, &op, &actor(who), T0 + HOUR);
            // Whatever was decided, the order's figures still compute.
            if let Ok(HubWrite::Put(Record::Order(o))) = &result {
                let _ = progress(o);
                let _ = outstanding_lines(o);
                let _ = cxml::order_request(o, &Parties::default());
                let _ = peppol::order(o, &Parties::default());
            }
            let refused_code = result.as_ref().err().map(|r| r.code);
            match &op {
                Op::SubmitRequisition { .. } => {
                    let tax_ok = money::check_tax_percent(t).is_ok();
                    if !(quantity_ok(q) && price_ok(p) && tax_ok) {
                        prop_assert!(result.is_err(), "accepted q={q} p={p} t={t}");
                        if q > Decimal::ZERO && p >= Decimal::ZERO && t >= Decimal::ZERO {
                            prop_assert!(
                                MONEY_CODES.contains(&refused_code.unwrap()),
                                "q={q} p={p} t={t}: {result:?}"
                            );
                        }
                    } else {
                        let net = q.checked_mul(p).unwrap();
                        if net <= MAX_AMOUNT / Decimal::TWO {
                            prop_assert!(result.is_ok(), "q={q} p={p} t={t}: {result:?}");
                        } else if net > MAX_AMOUNT * Decimal::TWO {
                            prop_assert_eq!(refused_code, Some("amount_out_of_range"));
                        }
                    }
                }
                Op::SavePolicy { .. }
                    if money::check_amount(amount).is_err() || money::check_rate(t).is_err() =>
                {
                    prop_assert!(
                        refused_code.is_some_and(|c| MONEY_CODES.contains(&c)),
                        "amount={amount} rate={t}: {result:?}"
                    );
                }
                Op::SaveContract { .. }
                    if !price_ok(p)
                        || p <= Decimal::ZERO
                        || money::check_amount(amount).is_err()
                        || amount <= Decimal::ZERO =>
                {
                    prop_assert!(result.is_err(), "contract accepted p={p} amount={amount}");
                }
                Op::CreateOrder { .. } if !(quantity_ok(q) && price_ok(p)) => {
                    prop_assert!(result.is_err(), "order accepted q={q} p={p}");
                }
                Op::ReceiveGoods { .. } => {
                    if money::check_count(q).is_err() || money::check_count(p).is_err() {
                        prop_assert!(result.is_err(), "receipt accepted {q} / {p}");
                    }
                    if q > MAX_QUANTITY && p >= Decimal::ZERO {
                        prop_assert_eq!(refused_code, Some("quantity_out_of_range"));
                    }
                }
                Op::OpenReturn { .. } if !quantity_ok(q) => {
                    prop_assert!(result.is_err(), "return accepted q={q}");
                    if q > Decimal::ZERO {
                        prop_assert_eq!(refused_code, Some("quantity_out_of_range"));
                    }
                }
                Op::RequestOrderChange { .. } if !quantity_ok(q) => {
                    prop_assert!(result.is_err(), "change accepted q={q}");
                    if q > Decimal::ZERO {
                        prop_assert_eq!(refused_code, Some("quantity_out_of_range"));
                    }
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Inbound documents and catalog files

fn fixture_text(path: &str) -> String {
    // The catalog files live with the catalog crate's tests, the order documents with the orders
    // crate's.
    let owner = if path.starts_with("orders/") {
        "procura-orders"
    } else {
        "procura-catalog"
    };
    std::fs::read_to_string(format!(
        "{}/../{owner}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn shown(d: Option<&Decimal>) -> Option<String> {
    d.map(|d| {
        // Every form a file may write: plain, with a sign, with trailing zeros.
        d.to_string()
    })
}

/// `text` with each number (an element's whole text, or an attribute value) replaced by the
/// next of `values` (`None` keeps it).
fn with_numbers(text: &str, values: &[Option<Decimal>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut next = values.iter().cycle();
    let mut rest = text;
    let is_number = |s: &str| !s.trim().is_empty() && Decimal::from_str(s.trim()).is_ok();
    while let Some(at) = rest.find(['>', '"']) {
        let (head, tail) = rest.split_at(at + 1);
        out.push_str(head);
        let close = if head.ends_with('>') { '<' } else { '"' };
        match tail.find(close) {
            Some(end) if is_number(&tail[..end]) => {
                match shown(next.next().and_then(Option::as_ref)) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&tail[..end]),
                }
                out.push(close);
                rest = &tail[end + 1..];
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

fn values() -> impl Strategy<Value = Vec<Option<Decimal>>> {
    prop::collection::vec(prop::option::weighted(0.5, any_decimal()), 1..40)
}

/// An order whose lines the supplier documents in the fixtures talk about.
fn answered_order() -> PurchaseOrder {
    let (_, po) = fixture();
    let mut po = po;
    let line = po.lines[0].clone();
    po.lines = (1..=3)
        .map(|n| {
            let mut l = line.clone();
            l.line_no = n;
            l
        })
        .collect();
    po
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Supplier documents with extreme numbers are read or refused, and what is read, applied
    /// to an order, still computes.
    #[test]
    fn supplier_documents_with_extreme_numbers_do_not_panic(values in values()) {
        for name in [
            "orders/cxml_confirmation_detail.xml",
            "orders/cxml_confirmation_reject.xml",
            "orders/cxml_ship_notice.xml",
            "orders/cxml_ship_notice_two_orders.xml",
            "orders/cxml_status_update.xml",
            "orders/peppol_order_response.xml",
            "orders/peppol_order_response_rejected.xml",
            "orders/peppol_despatch_advice.xml",
        ] {
            let xml = with_numbers(&fixture_text(name), &values);
            let Ok(messages) = parse_supplier_messages(&xml) else { continue };
            let mut po = answered_order();
            for m in messages {
                if let Some(event) = m.event {
                    match &event {
                        OrderEvent::Shipped { lines, .. } => {
                            for l in lines {
                                prop_assert!(money::check_count(l.quantity).is_ok(), "{name}: {l:?}");
                            }
                        }
                        OrderEvent::Acknowledged { lines, .. } => {
                            for a in lines {
                                if let LineAck::Changed { quantity: Some(q), .. } = a {
                                    prop_assert!(money::check_count(*q).is_ok(), "{name}: {a:?}");
                                }
                            }
                        }
                        _ => {}
                    }
                    po.events.push(event);
                }
            }
            let _ = progress(&po);
            let _ = outstanding_lines(&po);
        }
    }

    /// Catalog files with extreme numbers are imported or refused; what is imported is
    /// within the bounds.
    #[test]
    fn catalog_files_with_extreme_numbers_do_not_panic(values in values()) {
        let limits = ImportLimits::default();
        let mut results = Vec::new();
        for name in ["bmecat2005_zho_tiers.xml", "bmecat12_update_delete.xml", "bmecat_bad_prices.xml"] {
            let text = with_numbers(&fixture_text(name), &values);
            results.push(bmecat::parse(text.as_bytes(), "sup", &limits));
        }
        for name in ["peppol_zh_tiers.xml", "peppol_bad_lines.xml"] {
            let text = with_numbers(&fixture_text(name), &values);
            results.push(peppol_import::parse(text.as_bytes(), "sup", &limits));
        }
        let json_text = with_json_numbers(&fixture_text("json_good.json"), &values);
        results.push(json::parse(json_text.as_bytes(), "sup", &limits));
        let mut csv_text = String::from("SKU,Name,Unit,Pack size,Currency,Price,Tiers,MOQ\n");
        for (i, v) in values.chunks(4).enumerate() {
            let cell = |k: usize| shown(v.get(k).and_then(Option::as_ref)).unwrap_or_else(|| "1".into());
            csv_text.push_str(&format!(
                "S-{i},Thing {i},PCE,{},CNY,{},{}:{},{}\n",
                cell(0), cell(1), cell(2), cell(3), cell(2)
            ));
        }
        if let Ok(preview) = csv::sniff(&csv_text) {
            let mapping = preview.suggest_mapping();
            results.push(csv::parse(&csv_text, "sup", &mapping, &limits));
        }
        for catalog in results.into_iter().flatten() {
            for item in &catalog.items {
                prop_assert!(quantity_ok(item.content_per_order_unit), "{item:?}");
                for t in &item.price_tiers {
                    prop_assert!(quantity_ok(t.min_qty) && price_ok(t.unit_price), "{item:?}");
                }
            }
        }
    }
}

/// `text` with the value of each numeric JSON field replaced by the next of `values`.
fn with_json_numbers(text: &str, values: &[Option<Decimal>]) -> String {
    let mut next = values.iter().cycle();
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_owned();
        for key in [
            "\"content_per_order_unit\": ",
            "\"min_qty\": ",
            "\"unit_price\": ",
            "\"stock\": ",
        ] {
            if let (Some(at), Some(Some(v))) = (line.find(key), next.next()) {
                let start = at + key.len();
                let end = line[start..]
                    .find([',', '}'])
                    .map_or(line.len(), |e| start + e);
                line.replace_range(start..end, &format!("\"{v}\""));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// (c) Requisition totals equal order document totals

const CURRENCIES: [&str; 5] = ["CNY", "JPY", "KWD", "EUR", "USD"];

fn cart_line() -> impl Strategy<Value = (usize, usize, Decimal, Decimal)> {
    (
        0..CURRENCIES.len(),
        0usize..3,
        (1i64..100_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
        (0i64..1_000_000_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Random carts in several currencies become a requisition; once approved it is planned
    /// into orders, written as cXML and Peppol and read back: each currency's document totals
    /// equal the requisition's net in that currency, and the cart's, to the minor unit.
    #[test]
    fn approved_totals_equal_order_document_totals(lines in prop::collection::vec(cart_line(), 1..12)) {
        let mut carts = Carts::new("b1");
        carts.create("c1", "Cart", T0).unwrap();
        let cart = carts.get_mut("c1").unwrap();
        for (i, (cur, supplier, q, p)) in lines.iter().enumerate() {
            let added = cart.add_free_text(
                FreeText {
                    description: format!("thing {i}"),
                    unit_price: *p,
                    currency: CURRENCIES[*cur].into(),
                    unit: "H87".into(),
                    supplier_id: format!("s{supplier}"),
                    supplier_name: format!("S{supplier}"),
                },
                *q,
                "",
                T0,
            );
            prop_assert!(added.is_ok(), "{added:?}");
        }
        let cart_totals = cart.totals_by_currency();
        let Ok(req_lines) = cart.requisition_lines(Lang::En) else {
            // A line past the amount bound: the cart says so, nothing is submitted.
            prop_assert!(cart.first_problem().is_some());
            return Ok(());
        };
        let mut policy = money_policy();
        policy.rates = [("JPY", "0.0472"), ("KWD", "23.41"), ("EUR", "7.85"), ("USD", "7.24")]
            .map(|(c, r)| Rate { currency: c.into(), rate: dec(r) })
            .to_vec();
        policy.budgets.clear();
        let mut hub = Hub::new(policy.clone());
        let mut d = draft("r1", 0, 1, "44", "CC-1");
        d.lines = req_lines;
        if let Err(refusal) = submit(&mut hub, "b1", d.clone(), T0) {
            // Only the amount bound may refuse a cart that priced every line.
            prop_assert_eq!(refusal.code, "amount_out_of_range");
            return Ok(());
        }
        let r = hub.req("r1").unwrap().clone();
        // The requisition's totals are the sum of its lines by the one rule.
        let expected_net = money::sum(r.lines.iter().map(|l| {
            let own = money::line_net(l.quantity, l.unit_price, &l.currency).unwrap();
            money::convert(own, policy.rate(&l.currency).unwrap(), "CNY").unwrap()
        })).unwrap();
        prop_assert_eq!(r.totals.net, expected_net);
        let by_currency = procura_procurement::approval::requisition::net_by_currency(&r.lines).unwrap();
        for (c, t) in &cart_totals {
            prop_assert_eq!(Some(t), by_currency.get(c), "cart total in {}", c);
        }
        let mut approved = r.clone();
        approved.status = Status::Approved;
        let mut n = 0;
        let (orders, unassigned) = order::plan(
            &[&approved],
            Decimal::ZERO, // net totals only
            ("b1", "B1"),
            &|s| s.to_uppercase(),
            &|_| None,
            &mut || { n += 1; format!("o{n}") },
            T0,
        );
        prop_assert!(unassigned.is_empty());
        let mut from_cxml: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut from_peppol: BTreeMap<String, Decimal> = BTreeMap::new();
        for po in &orders {
            let parties = Parties {
                buyer_id: "0088:7300010000001".into(),
                buyer_name: "Buyer".into(),
                supplier_id: "0088:7300010000002".into(),
                supplier_name: "Seller".into(),
                payload_id: format!("1.{}@procura", po.id),
                timestamp: procura_ground::date::parse_moment("2026-11-25T09:30:00+00:00")
                    .unwrap(),
                ship_to_country: Some("CN".into()),
            };
            for (doc, into) in [
                (cxml::order_request(po, &parties), &mut from_cxml),
                (peppol::order(po, &parties), &mut from_peppol),
            ] {
                let parsed = parse_order_document(&doc).unwrap();
                prop_assert_eq!(&parsed.currency, &po.currency);
                let total = parsed.total.expect("the documents state a total");
                let places = money::minor_units(&po.currency);
                prop_assert!(total.scale() <= places, "{total} in {}", po.currency);
                *into.entry(po.currency.clone()).or_default() += total;
            }
        }
        prop_assert_eq!(&from_cxml, &by_currency);
        prop_assert_eq!(&from_peppol, &by_currency);
    }
}

// ---------------------------------------------------------------------------------------------
// Comparisons

fn offer(
    n: usize,
    pack: Decimal,
    unit: &str,
    tier_q: Decimal,
    price: Decimal,
    cur: &str,
) -> CatalogItem {
    CatalogItem {
        id: CatalogItem::make_id(&format!("s{n}"), "X"),
        supplier_id: format!("s{n}").into(),
        sku: "X".into(),
        gtin: Some("4006381333931".into()),
        manufacturer: String::new(),
        mpn: String::new(),
        name: LocalizedText::new("Thing", "东西"),
        description: LocalizedText::default(),
        unspsc: String::new(),
        eclass: None,
        order_unit: "BX".into(),
        content_unit: unit.into(),
        content_per_order_unit: pack,
        currency: cur.into(),
        price_tiers: vec![
            PriceTier {
                min_qty: Decimal::ONE,
                unit_price: price,
            },
            PriceTier {
                min_qty: tier_q,
                unit_price: price,
            },
        ],
        lead_time_days: 1,
        stock: Some(u32::MAX),
        attributes: Vec::new(),
        groups: Vec::new(),
        media: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Offers and wanted quantities at the extremes are compared or called not comparable;
    /// a comparable offer's total is its line net by the one rule.
    #[test]
    fn comparisons_of_extreme_offers_do_not_panic(
        wanted in any_decimal(),
        offers in prop::collection::vec(
            (any_decimal(), any_decimal(), any_decimal(), 0usize..5, 0usize..3),
            2..5,
        ),
        wanted_unit in 0usize..5,
    ) {
        const UNITS: [&str; 5] = ["H87", "DZN", "KGM", "TNE", "GRM"];
        let mut rates = Rates::new("CNY").unwrap();
        rates.set("JPY", dec("0.0472")).unwrap();
        rates.set("KWD", dec("23.41")).unwrap();
        let items: Vec<CatalogItem> = offers
            .iter()
            .enumerate()
            .map(|(n, (pack, tier_q, price, unit, cur))| {
                offer(n, *pack, UNITS[*unit], *tier_q, *price, ["CNY", "JPY", "KWD"][*cur])
            })
            .collect();
        let members: Vec<usize> = (0..items.len()).collect();
        let c = compare(&items, &members, wanted, UNITS[wanted_unit], &rates);
        for row in &c.rows {
            prop_assert_eq!(
                Ok(row.total),
                money::line_net(row.order_qty, row.unit_price, &row.currency).map(|t| t.normalize())
            );
        }
        let _ = cheaper_offer(&items, &members, 0, wanted, &rates);
    }
}

#[test]
fn the_reported_quantity_is_refused_not_a_crash() {
    let (hub, _) = fixture();
    let mut d = draft("r9", 0, 1, "44", "CC-1");
    d.lines[0].quantity = dec("79228162514264337593543950335");
    let refused = hub::decide_on(
        &hub.records,
        &Op::SubmitRequisition {
            requisition: d.clone(),
        },
        &actor("b1"),
        T0,
    )
    .unwrap_err();
    assert_eq!(refused.code, "quantity_out_of_range");
    d.lines[0].quantity = Decimal::ONE;
    d.lines[0].unit_price = Decimal::MAX;
    let refused = hub::decide_on(
        &hub.records,
        &Op::SubmitRequisition {
            requisition: d.clone(),
        },
        &actor("b1"),
        T0,
    )
    .unwrap_err();
    assert_eq!(refused.code, "price_out_of_range");
    d.lines[0].quantity = MAX_QUANTITY;
    d.lines[0].unit_price = MAX_PRICE;
    let refused = hub::decide_on(
        &hub.records,
        &Op::SubmitRequisition { requisition: d },
        &actor("b1"),
        T0,
    )
    .unwrap_err();
    assert_eq!(refused.code, "amount_out_of_range");
}
