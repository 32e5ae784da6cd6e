//! Three-way matching, worked by hand: an order of two lines (100 boxes of gloves at 12.50,
//! 10 drums of oil at 300.00, 13 % tax), receipts, and the invoices and credit notes on it.

use procura_ground::date::parse_day;
use procura_ground::id::UserId;
use procura_ground::money;
use procura_ground::role::Role;
use procura_invoicing::invoice::{
    self, Action, DecisionDraft, DocKind, Invoice, InvoiceDocument, InvoiceLine, Source,
};
use procura_invoicing::matching::{self, BillingStatus, Status, Variance};
use procura_invoicing::payment;
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use procura_procurement::approval::invoicing::InvoiceTolerances;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const NOW: i64 = 1_796_000_000_000; // 2026-11-30

fn order(receipts: &[(u32, Decimal, Decimal)]) -> PurchaseOrder {
    let line = |n: u32, part: &str, q: Decimal, p: Decimal| OrderLine {
        line_no: n,
        requisition_id: "req-1".into(),
        requisition_line: n - 1,
        item_id: None,
        supplier_part: part.into(),
        gtin: None,
        description: part.into(),
        quantity: q,
        unit: "EA".into(),
        unit_price: p,
        tax_percent: dec!(13),
        need_by: parse_day("2026-12-01").unwrap(),
        // Gloves are protective wear (4614…), the oil a lubricant (1512…).
        unspsc: if n == 1 { "46181504" } else { "15121501" }.into(),
        contract: None,
    };
    let events = receipts
        .iter()
        .enumerate()
        .map(|(i, (n, accepted, damaged))| OrderEvent::Received {
            at_ms: NOW - 1000 + i as i64,
            receipt_id: format!("rc-{i}"),
            by: "u-buyer".into(),
            lines: vec![ReceivedLine {
                line_no: *n,
                accepted: *accepted,
                damaged: *damaged,
                reason: String::new(),
            }],
        })
        .collect();
    PurchaseOrder {
        id: "po-1".into(),
        number: "PO-00000001".into(),
        buyer: "u-buyer".into(),
        buyer_name: "Li Na".into(),
        supplier_id: "acme".into(),
        supplier_name: "Acme".into(),
        currency: "CNY".into(),
        ship_to: "Dock 1".into(),
        requisitions: vec!["req-1".into()],
        lines: vec![
            line(1, "GLV-1", dec!(100), dec!(12.50)),
            line(2, "OIL-9", dec!(10), dec!(300.00)),
        ],
        terms: Terms::default(),
        created_at_ms: NOW - 10_000,
        events,
    }
}

/// A document on po-1 with lines (order line, quantity, unit price); totals worked out by the
/// money rule unless `total` is given.
fn doc(
    kind: DocKind,
    number: &str,
    lines: &[(u32, Decimal, Decimal)],
    total: Option<Decimal>,
) -> InvoiceDocument {
    let lines: Vec<InvoiceLine> = lines
        .iter()
        .enumerate()
        .map(|(i, (ol, q, p))| InvoiceLine {
            line_no: i as u32 + 1,
            order_line: Some(*ol),
            supplier_part: String::new(),
            description: String::new(),
            quantity: *q,
            unit: "EA".into(),
            unit_price: *p,
            tax_percent: dec!(13),
            net: money::round(q * p, "CNY"),
        })
        .collect();
    let net: Decimal = lines.iter().map(|l| l.net).sum();
    let tax: Decimal = lines
        .iter()
        .map(|l| money::round(l.net * dec!(0.13), "CNY"))
        .sum();
    InvoiceDocument {
        kind,
        number: number.into(),
        document_id: String::new(),
        issued: parse_day("2026-11-28").unwrap(),
        due: None,
        currency: "CNY".into(),
        order_id: Some("po-1".into()),
        order_number: None,
        credit_for: None,
        lines,
        tax_total: tax,
        total: total.unwrap_or(net + tax),
        payment_days: None,
        discount: None,
        note: String::new(),
        contract: None,
    }
}

fn recorded(d: InvoiceDocument, o: &PurchaseOrder, at: i64) -> Invoice {
    let mut i = invoice::record(
        None,
        (&"acme".into(), "Acme"),
        d,
        Some(o),
        Source::Cxml,
        NOW,
    )
    .unwrap();
    i.received_at_ms = at;
    i
}

fn tol() -> InvoiceTolerances {
    InvoiceTolerances::default()
}

fn statuses(o: &PurchaseOrder, docs: &[&Invoice]) -> Vec<Status> {
    let m = matching::match_order(Some(o), docs, &[], &tol());
    docs.iter()
        .map(|d| matching::status(d, &m.documents[&d.id]))
        .collect()
}

fn variances(o: &PurchaseOrder, docs: &[&Invoice], which: &Invoice) -> Vec<(Variance, bool)> {
    let m = matching::match_order(Some(o), docs, &[], &tol());
    m.documents[&which.id]
        .findings
        .iter()
        .map(|f| (f.variance.clone(), f.exception))
        .collect()
}

#[test]
fn partial_receipts_then_partial_invoices_match_line_by_line() {
    // 60 gloves received of 100, none of the oil yet.
    let o = order(&[(1, dec!(60), dec!(0))]);
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(40), dec!(12.50))], None),
        &o,
        1,
    );
    let b = recorded(
        doc(DocKind::Invoice, "B", &[(1, dec!(20), dec!(12.50))], None),
        &o,
        2,
    );
    assert_eq!(statuses(&o, &[&a, &b]), [Status::Matched, Status::Matched]);
    let m = matching::match_order(Some(&o), &[&a, &b], &[], &tol());
    assert_eq!(m.lines[0].invoiced, dec!(60));
    assert_eq!(m.lines[0].accepted, dec!(60));
    // Everything received is billed; 40 gloves and the oil are still to come.
    assert_eq!(m.billing, BillingStatus::InvoicedAsReceived);
    // Net 500.00 + 13 % = 565.00 for A, worked out as the invoice states.
    assert_eq!(m.documents[&a.id].total, Some(dec!(565.00)));
    assert!(m.documents[&a.id].findings.is_empty());
}

#[test]
fn a_third_invoice_over_the_received_quantity_is_the_exception_not_the_ones_before() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(40), dec!(12.50))], None),
        &o,
        1,
    );
    let b = recorded(
        doc(DocKind::Invoice, "B", &[(1, dec!(20), dec!(12.50))], None),
        &o,
        2,
    );
    let c = recorded(
        doc(DocKind::Invoice, "C", &[(1, dec!(5), dec!(12.50))], None),
        &o,
        3,
    );
    assert_eq!(
        statuses(&o, &[&c, &a, &b]),
        [Status::Exception, Status::Matched, Status::Matched],
        "taken in the order they arrived, whatever order they are passed in"
    );
    assert_eq!(
        variances(&o, &[&a, &b, &c], &c),
        [(
            Variance::QuantityOverAccepted {
                line: 1,
                order_line: 1,
                accepted: dec!(60),
                billed: dec!(65)
            },
            true
        )]
    );
    let m = matching::match_order(Some(&o), &[&a, &b, &c], &[], &tol());
    assert_eq!(m.billing, BillingStatus::OverInvoiced);
}

#[test]
fn damaged_quantities_are_not_payable_and_billing_before_receipt_is_not_yet_received() {
    // 100 gloves delivered, 8 refused as damaged.
    let o = order(&[(1, dec!(92), dec!(8))]);
    let a = recorded(
        doc(
            DocKind::Invoice,
            "A",
            &[(1, dec!(100), dec!(12.50)), (2, dec!(10), dec!(300))],
            None,
        ),
        &o,
        1,
    );
    let found = variances(&o, &[&a], &a);
    assert!(found.contains(&(
        Variance::QuantityOverAccepted {
            line: 1,
            order_line: 1,
            accepted: dec!(92),
            billed: dec!(100)
        },
        true
    )));
    assert!(found.contains(&(
        Variance::NotYetReceived {
            line: 2,
            order_line: 2
        },
        true
    )));
}

#[test]
fn a_credit_note_for_the_over_billed_quantity_makes_the_invoice_match() {
    let o = order(&[(1, dec!(92), dec!(8))]);
    let mut a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(100), dec!(12.50))], None),
        &o,
        1,
    );
    assert_eq!(statuses(&o, &[&a]), [Status::Exception]);
    // AP asks for a credit note.
    let asked = invoice::decide(
        &a,
        &DecisionDraft {
            invoice_id: a.id.clone(),
            revision: 1,
            action: Action::RequestCredit,
            comment: String::new(),
        },
        Status::Exception,
        &["u-requester".into()],
        (&"u-ap".into(), "AP"),
        &[Role::AccountsPayable],
        NOW,
    )
    .unwrap();
    assert_eq!(statuses(&o, &[&asked]), [Status::CreditRequested]);
    a = asked;
    let mut cn = doc(
        DocKind::CreditNote,
        "CN-1",
        &[(1, dec!(8), dec!(12.50))],
        None,
    );
    cn.credit_for = Some("A".into());
    let cn = recorded(cn, &o, 2);
    assert_eq!(statuses(&o, &[&a, &cn]), [Status::Matched, Status::Matched]);
    let m = matching::match_order(Some(&o), &[&a, &cn], &[], &tol());
    assert_eq!(m.lines[0].billed(), dec!(92));
    assert_eq!(m.billing, BillingStatus::InvoicedAsReceived);
    // Ready for payment: the invoice (1,412.50) and the credit note (−113.00), due in 30 days.
    let payables = payment::payables([(&a, Status::Matched), (&cn, Status::Matched)], |_| {
        Some(30)
    });
    assert_eq!(payables.len(), 2);
    let sum: Decimal = payables.iter().map(|p| p.amount).sum();
    assert_eq!(sum, dec!(1299.50), "92 × 12.50 × 1.13");
    assert_eq!(payables[0].due, parse_day("2026-12-28").unwrap());
}

#[test]
fn a_credit_note_crediting_more_than_was_invoiced_is_an_exception() {
    let o = order(&[(1, dec!(50), dec!(0))]);
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(10), dec!(12.50))], None),
        &o,
        1,
    );
    let cn = recorded(
        doc(
            DocKind::CreditNote,
            "CN",
            &[(1, dec!(11), dec!(12.50))],
            None,
        ),
        &o,
        2,
    );
    assert_eq!(
        statuses(&o, &[&a, &cn]),
        [Status::Matched, Status::Exception]
    );
}

#[test]
fn price_variance_within_and_beyond_the_tolerance() {
    let o = order(&[(1, dec!(100), dec!(0)), (2, dec!(10), dec!(0))]);
    // Gloves at 12.70: +1.6 %, 20.00 over on 100: within 2 % and 100.
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(100), dec!(12.70))], None),
        &o,
        1,
    );
    assert_eq!(statuses(&o, &[&a]), [Status::Matched]);
    assert_eq!(
        variances(&o, &[&a], &a),
        [(
            Variance::PriceOver {
                line: 1,
                order_line: 1,
                ordered: dec!(12.50),
                invoiced: dec!(12.70)
            },
            false
        )]
    );
    // Oil at 305.00: +1.7 % but 50.00 over on 10: within both.
    let b = recorded(
        doc(DocKind::Invoice, "B", &[(2, dec!(10), dec!(305))], None),
        &o,
        2,
    );
    assert_eq!(statuses(&o, &[&b]), [Status::Matched]);
    // Oil at 312.00: +4 %: beyond the percentage.
    let c = recorded(
        doc(DocKind::Invoice, "C", &[(2, dec!(10), dec!(312))], None),
        &o,
        3,
    );
    assert_eq!(statuses(&o, &[&c]), [Status::Exception]);
    // An absolute limit alone: gloves at 13.40 are +7.2 %, but 90.00 over on 100 boxes is
    // within 100; at 13.60, 110.00 over is not.
    let tight = InvoiceTolerances {
        price_percent: None,
        price_absolute: Some(dec!(100)),
        ..tol()
    };
    let d = recorded(
        doc(DocKind::Invoice, "D", &[(1, dec!(100), dec!(13.40))], None),
        &o,
        4,
    );
    let m = matching::match_order(Some(&o), &[&d], &[], &tight);
    assert!(!m.documents[&d.id].has_exception());
    let e = recorded(
        doc(DocKind::Invoice, "E", &[(1, dec!(100), dec!(13.60))], None),
        &o,
        5,
    );
    let m = matching::match_order(Some(&o), &[&e], &[], &tight);
    assert!(m.documents[&e.id].has_exception());
}

#[test]
fn no_tolerance_set_means_exact() {
    let o = order(&[(1, dec!(100), dec!(0))]);
    let none = InvoiceTolerances {
        price_percent: None,
        price_absolute: None,
        total_percent: None,
        total_absolute: None,
        by_category: Vec::new(),
    };
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(100), dec!(12.51))], None),
        &o,
        1,
    );
    let m = matching::match_order(Some(&o), &[&a], &[], &none);
    assert!(m.documents[&a.id].has_exception());
    // A lower price is never an exception.
    let b = recorded(
        doc(DocKind::Invoice, "B", &[(1, dec!(100), dec!(12.00))], None),
        &o,
        1,
    );
    let m = matching::match_order(Some(&o), &[&b], &[], &none);
    assert!(!m.documents[&b.id].has_exception());
}

#[test]
fn the_stated_total_is_checked_against_the_lines_by_the_money_rule() {
    let o = order(&[(1, dec!(100), dec!(0))]);
    // 1,250.00 + 162.50 = 1,412.50; stated 1,413.00 is within the 1.00 default.
    let a = recorded(
        doc(
            DocKind::Invoice,
            "A",
            &[(1, dec!(100), dec!(12.50))],
            Some(dec!(1413.00)),
        ),
        &o,
        1,
    );
    assert_eq!(statuses(&o, &[&a]), [Status::Matched]);
    let b = recorded(
        doc(
            DocKind::Invoice,
            "B",
            &[(1, dec!(100), dec!(12.50))],
            Some(dec!(1450.00)),
        ),
        &o,
        2,
    );
    assert_eq!(
        variances(&o, &[&b], &b),
        [(
            Variance::TotalDiffers {
                stated: dec!(1450.00),
                computed: Some(dec!(1412.50))
            },
            true
        )]
    );
}

#[test]
fn another_currency_no_order_and_no_such_line_are_exceptions() {
    let o = order(&[(1, dec!(100), dec!(0))]);
    let mut eur = doc(DocKind::Invoice, "E", &[(1, dec!(10), dec!(1.60))], None);
    eur.currency = "EUR".into();
    let eur = recorded(eur, &o, 1);
    assert!(variances(&o, &[&eur], &eur).contains(&(
        Variance::CurrencyMismatch {
            order: "CNY".into(),
            invoice: "EUR".into()
        },
        true
    )));
    let stray = recorded(
        doc(DocKind::Invoice, "S", &[(7, dec!(1), dec!(1))], None),
        &o,
        2,
    );
    assert!(variances(&o, &[&stray], &stray).contains(&(Variance::NoSuchLine { line: 1 }, true)));
    let m = matching::match_order(None, &[&stray], &[], &tol());
    assert_eq!(
        m.documents[&stray.id].findings[0].variance,
        Variance::NoOrder
    );
    // A line without an order line number is matched by the supplier's part number.
    let mut by_part = doc(DocKind::Invoice, "P", &[(1, dec!(10), dec!(300))], None);
    by_part.lines[0].order_line = None;
    by_part.lines[0].supplier_part = "OIL-9".into();
    let by_part = recorded(by_part, &o, 3);
    let m = matching::match_order(Some(&o), &[&by_part], &[], &tol());
    assert_eq!(m.documents[&by_part.id].order_lines, [Some(2)]);
}

#[test]
fn a_rejected_invoice_counts_for_nothing() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(60), dec!(12.50))], None),
        &o,
        1,
    );
    let dup = recorded(
        doc(DocKind::Invoice, "A2", &[(1, dec!(60), dec!(12.50))], None),
        &o,
        2,
    );
    assert_eq!(
        statuses(&o, &[&a, &dup]),
        [Status::Matched, Status::Exception]
    );
    let rejected = invoice::decide(
        &dup,
        &DecisionDraft {
            invoice_id: dup.id.clone(),
            revision: 1,
            action: Action::Reject,
            comment: "billed twice".into(),
        },
        Status::Exception,
        &[],
        (&"u-ap".into(), "AP"),
        &[Role::AccountsPayable],
        NOW,
    )
    .unwrap();
    assert_eq!(
        statuses(&o, &[&a, &rejected]),
        [Status::Matched, Status::Rejected]
    );
    let m = matching::match_order(Some(&o), &[&a, &rejected], &[], &tol());
    assert_eq!(m.lines[0].invoiced, dec!(60));
}

#[test]
fn the_same_number_twice_is_a_duplicate_and_deciding_has_its_rules() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let a = recorded(
        doc(DocKind::Invoice, "A", &[(1, dec!(70), dec!(12.50))], None),
        &o,
        1,
    );
    let again = invoice::record(
        Some(&a),
        (&"acme".into(), "Acme"),
        doc(DocKind::Invoice, " A ", &[(1, dec!(1), dec!(1))], None),
        Some(&o),
        Source::Peppol,
        NOW,
    );
    assert_eq!(again.unwrap_err().reason.code(), "invoice.duplicate");
    assert_eq!(
        invoice::invoice_id(&"acme".into(), DocKind::Invoice, " A "),
        a.id
    );
    let draft = |action, comment: &str, revision| DecisionDraft {
        invoice_id: a.id.clone(),
        revision,
        action,
        comment: comment.into(),
    };
    let me: UserId = "u-buyer2".into();
    let try_decide = |d: &DecisionDraft, status, roles: &[Role], requesters: &[UserId]| {
        invoice::decide(&a, d, status, requesters, (&me, "B2"), roles, NOW)
            .map_err(|r| r.reason.code())
    };
    let buyer = [Role::Buyer];
    assert_eq!(
        try_decide(
            &draft(Action::Accept, "ok", 1),
            Status::Exception,
            &[Role::Approver],
            &[]
        ),
        Err("invoice.decide_role")
    );
    assert_eq!(
        try_decide(
            &draft(Action::Accept, "ok", 1),
            Status::Exception,
            &buyer,
            std::slice::from_ref(&me)
        ),
        Err("invoice.own_request")
    );
    assert_eq!(
        try_decide(
            &draft(Action::Accept, "ok", 0),
            Status::Exception,
            &buyer,
            &[]
        ),
        Err("invoice.stale")
    );
    assert_eq!(
        try_decide(
            &draft(Action::Accept, " ", 1),
            Status::Exception,
            &buyer,
            &[]
        ),
        Err("invoice.comment_required")
    );
    assert_eq!(
        try_decide(
            &draft(Action::Accept, "ok", 1),
            Status::Matched,
            &buyer,
            &[]
        ),
        Err("invoice.not_exception")
    );
    let accepted = try_decide(
        &draft(Action::Accept, "agreed by phone", 1),
        Status::Exception,
        &buyer,
        &[],
    )
    .unwrap();
    assert_eq!(accepted.revision, 2);
    assert_eq!(accepted.decisions[0].comment, "agreed by phone");
    assert_eq!(statuses(&o, &[&accepted]), [Status::Accepted]);
    // Typing in is for accounts payable and admins.
    let entered = invoice::enter(
        None,
        invoice::EnteredInvoice {
            supplier_id: "acme".into(),
            document: doc(DocKind::Invoice, "P-1", &[(1, dec!(1), dec!(1))], None),
        },
        Some("Acme"),
        Some(&o),
        &"u-buyer".into(),
        &buyer,
        NOW,
    );
    assert_eq!(entered.unwrap_err().reason.code(), "invoice.entry_role");
}

#[test]
fn documents_past_the_bounds_are_refused() {
    let o = order(&[]);
    let check = |d: InvoiceDocument| invoice::check_document(&d, NOW).map_err(|r| r.reason.code());
    let base = || doc(DocKind::Invoice, "A", &[(1, dec!(1), dec!(1))], None);
    let mut d = base();
    d.number = "x".repeat(65);
    assert_eq!(check(d), Err("invoice.number_invalid"));
    let mut d = base();
    d.lines.clear();
    assert_eq!(check(d), Err("invoice.no_lines"));
    let mut d = base();
    d.lines = vec![d.lines[0].clone(); 1_001];
    assert_eq!(check(d), Err("invoice.no_lines"));
    let mut d = base();
    d.lines[0].quantity = Decimal::MAX;
    assert_eq!(check(d), Err("invoice.line_invalid"));
    let mut d = base();
    d.currency = "cny".into();
    assert_eq!(check(d), Err("invoice.currency_invalid"));
    let mut d = base();
    d.issued = parse_day("2027-06-01").unwrap();
    assert_eq!(check(d), Err("invoice.dates_invalid"));
    let mut d = base();
    d.total = dec!(-1);
    assert_eq!(check(d), Err("invoice.total_invalid"));
    assert!(check(base()).is_ok());
    let _ = o;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever arrives in whatever order, what matching approves by rule on a line (invoices
    /// matched, less every credit note) never exceeds what was received and accepted.
    #[test]
    fn the_matched_quantity_never_exceeds_what_was_accepted(
        received in proptest::collection::vec((1u32..=2, 0u32..60, 0u32..5), 0..4),
        docs in proptest::collection::vec((any::<bool>(), 1u32..=3, 1u32..40, 0u32..3), 1..8),
        order_of in proptest::collection::vec(0usize..8, 8),
    ) {
        let receipts: Vec<(u32, Decimal, Decimal)> = received
            .iter()
            .map(|(n, a, d)| (*n, Decimal::from(*a), Decimal::from(*d)))
            .collect();
        let o = order(&receipts);
        let invoices: Vec<Invoice> = docs
            .iter()
            .enumerate()
            .map(|(i, (credit, line, q, bump))| {
                let kind = if *credit { DocKind::CreditNote } else { DocKind::Invoice };
                let price = if *line == 1 { dec!(12.50) } else { dec!(300) } + Decimal::from(*bump) / dec!(100);
                recorded(doc(kind, &format!("D{i}"), &[(*line, Decimal::from(*q), price)], None), &o, order_of[i] as i64)
            })
            .collect();
        let refs: Vec<&Invoice> = invoices.iter().collect();
        let m = matching::match_order(Some(&o), &refs, &[], &tol());
        for l in &m.lines {
            let matched: Decimal = invoices
                .iter()
                .filter(|d| d.kind() == DocKind::Invoice)
                .filter(|d| matching::status(d, &m.documents[&d.id]) == Status::Matched)
                .flat_map(|d| d.document.lines.iter().filter(|x| x.order_line == Some(l.line_no)))
                .map(|x| x.quantity)
                .sum();
            prop_assert!(matched - l.credited <= l.accepted,
                "line {}: matched {} less credited {} > accepted {}", l.line_no, matched, l.credited, l.accepted);
            prop_assert!(l.accepted == receipts.iter().filter(|r| r.0 == l.line_no).map(|r| r.1).sum::<Decimal>());
        }
    }
}

#[test]
fn a_correction_line_inside_an_invoice_nets_against_its_order_line() {
    // 60 gloves received; the invoice bills 70 and corrects 10 back on a negative line.
    let o = order(&[(1, dec!(60), dec!(0))]);
    let mut d = doc(
        DocKind::Invoice,
        "A",
        &[(1, dec!(70), dec!(12.50)), (1, dec!(-10), dec!(12.50))],
        None,
    );
    assert_eq!(d.lines[1].net, dec!(-125.00));
    d.total = dec!(847.50); // 750.00 + 97.50
    invoice::check_document(&d, NOW).unwrap();
    let a = recorded(d, &o, 1);
    assert_eq!(statuses(&o, &[&a]), [Status::Matched]);
    let m = matching::match_order(Some(&o), &[&a], &[], &tol());
    assert_eq!(m.lines[0].invoiced, dec!(60));
    assert_eq!(m.documents[&a.id].total, Some(dec!(847.50)));
    // A negative line with a positive amount is refused.
    let mut bad = doc(DocKind::Invoice, "B", &[(1, dec!(-1), dec!(12.50))], None);
    bad.lines[0].net = dec!(12.50);
    assert_eq!(
        invoice::check_document(&bad, NOW)
            .unwrap_err()
            .reason
            .code(),
        "invoice.line_invalid"
    );
}

#[test]
fn a_category_with_a_tolerance_of_its_own_is_judged_by_it() {
    use procura_procurement::approval::invoicing::CategoryTolerance;
    let o = order(&[(1, dec!(100), dec!(0)), (2, dec!(10), dec!(0))]);
    // Lubricants may vary 10 % (oil prices move); everything else keeps 2 %.
    let tolerances = InvoiceTolerances {
        by_category: vec![
            CategoryTolerance {
                unspsc: "15".into(),
                price_percent: Some(dec!(5)),
                price_absolute: None,
            },
            CategoryTolerance {
                unspsc: "1512".into(),
                price_percent: Some(dec!(10)),
                price_absolute: None,
            },
        ],
        ..tol()
    };
    assert!(tolerances.problems().is_empty());
    // Oil at 324.00 (+8 %): within the lubricants' 10 % (the longer prefix wins over 5 %).
    let oil = recorded(
        doc(DocKind::Invoice, "O", &[(2, dec!(10), dec!(324))], None),
        &o,
        1,
    );
    assert!(
        !matching::match_order(Some(&o), &[&oil], &[], &tolerances).documents[&oil.id]
            .has_exception()
    );
    assert!(
        matching::match_order(Some(&o), &[&oil], &[], &tol()).documents[&oil.id].has_exception()
    );
    // Gloves at 13.00 (+4 %): beyond the organisation's 2 %.
    let gloves = recorded(
        doc(DocKind::Invoice, "G", &[(1, dec!(100), dec!(13))], None),
        &o,
        2,
    );
    assert!(
        matching::match_order(Some(&o), &[&gloves], &[], &tolerances).documents[&gloves.id]
            .has_exception()
    );
    // A category named by letters, or too many, is refused by the policy check.
    let bad = InvoiceTolerances {
        by_category: vec![CategoryTolerance {
            unspsc: "oil".into(),
            price_percent: None,
            price_absolute: None,
        }],
        ..tol()
    };
    assert_eq!(
        bad.problems()[0].code(),
        "policy.tolerance_category_invalid"
    );
}
