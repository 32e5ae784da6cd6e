//! Returns and claims: opening one from a receipt (every refusal), the supplier's steps, the
//! buyer's cancel, a credit note closing a refund, and matching with returns (goods accepted
//! and sent back are not payable).

use procura_ground::date::parse_day;
use procura_ground::id::UserId;
use procura_ground::money;
use procura_ground::role::Role;
use procura_invoicing::invoice::{self, DocKind, Invoice, InvoiceDocument, InvoiceLine, Source};
use procura_invoicing::matching::{self, BillingStatus, Status, Variance};
use procura_invoicing::returns::{
    self, OpenOutcome, Remedy, Return, ReturnDraft, ReturnFrom, ReturnLine, ReturnStatus,
};
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder, ReceivedLine, Terms};
use procura_procurement::approval::invoicing::InvoiceTolerances;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const NOW: i64 = 1_796_000_000_000;

/// po-1 of Acme: 100 gloves at 12.50, 10 drums of oil at 300; receipts (line, accepted,
/// damaged).
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
        unspsc: String::new(),
        contract: None,
    };
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
        events: receipts
            .iter()
            .enumerate()
            .map(|(i, (n, a, d))| OrderEvent::Received {
                at_ms: NOW - 1000 + i as i64,
                receipt_id: format!("rc-{i}"),
                by: "u-buyer".into(),
                lines: vec![ReceivedLine {
                    line_no: *n,
                    accepted: *a,
                    damaged: *d,
                    reason: if d.is_zero() {
                        String::new()
                    } else {
                        "crushed".into()
                    },
                }],
            })
            .collect(),
    }
}

fn draft(id: &str, lines: &[(u32, Decimal, ReturnFrom)], remedy: Remedy) -> ReturnDraft {
    ReturnDraft {
        id: id.into(),
        order_id: "po-1".into(),
        lines: lines
            .iter()
            .map(|(n, q, from)| ReturnLine {
                order_line: *n,
                quantity: *q,
                from: *from,
            })
            .collect(),
        reason: " wrong size ".into(),
        remedy,
        note: String::new(),
        photo: None,
    }
}

fn buyer() -> UserId {
    "u-buyer".into()
}

fn open_as(
    d: &ReturnDraft,
    o: &PurchaseOrder,
    others: &[&Return],
    roles: &[Role],
) -> Result<Return, &'static str> {
    match returns::open(None, d, Some(o), others, (&buyer(), "Li Na"), roles, NOW) {
        Ok(OpenOutcome::Record(r)) => Ok(r),
        Ok(OpenOutcome::AlreadyRecorded) => Err("already"),
        Err(e) => Err(e.reason.code()),
    }
}

fn open(d: &ReturnDraft, o: &PurchaseOrder, others: &[&Return]) -> Result<Return, &'static str> {
    open_as(d, o, others, &[Role::Buyer])
}

const A: ReturnFrom = ReturnFrom::Accepted;
const R: ReturnFrom = ReturnFrom::Refused;

#[test]
fn a_buyer_opens_a_return_from_a_receipt() {
    let o = order(&[(1, dec!(60), dec!(4)), (2, dec!(10), dec!(0))]);
    let r = open(
        &draft(
            "3f2a9c1e-77",
            &[(1, dec!(5.0), A), (1, dec!(4), R)],
            Remedy::Refund,
        ),
        &o,
        &[],
    )
    .unwrap();
    assert_eq!(r.number, "RT-3F2A9C1E");
    assert_eq!(r.status, ReturnStatus::Requested);
    assert_eq!(
        (r.supplier_id.as_str(), r.order_number.as_str()),
        ("acme", "PO-00000001")
    );
    assert_eq!(r.reason, "wrong size");
    assert_eq!(r.lines[0].quantity.to_string(), "5");
    assert_eq!(r.history.len(), 1);
    assert_eq!(r.revision, 1);
    // What may still go back: 55 accepted, nothing refused.
    let room = returns::returnable(&o, &[&r]);
    assert_eq!(room[&1].accepted, dec!(55));
    assert_eq!(room[&1].refused, dec!(0));
    assert_eq!(room[&2].accepted, dec!(10));
}

#[test]
fn the_same_draft_twice_is_recorded_once_and_another_under_its_id_refused() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let d = draft("rt-1", &[(1, dec!(5), A)], Remedy::Replace);
    let r = open(&d, &o, &[]).unwrap();
    let again = returns::open(
        Some(&r),
        &d,
        Some(&o),
        &[&r],
        (&buyer(), "Li Na"),
        &[Role::Buyer],
        NOW,
    );
    assert_eq!(again, Ok(OpenOutcome::AlreadyRecorded));
    let other = draft("rt-1", &[(1, dec!(6), A)], Remedy::Replace);
    let refused = returns::open(
        Some(&r),
        &other,
        Some(&o),
        &[&r],
        (&buyer(), "Li Na"),
        &[Role::Buyer],
        NOW,
    )
    .unwrap_err();
    assert_eq!(refused.reason.code(), "return.exists");
}

#[test]
fn every_refusal_of_opening() {
    let o = order(&[(1, dec!(60), dec!(4))]);
    let ok = |lines: &[(u32, Decimal, ReturnFrom)]| draft("rt-x", lines, Remedy::Refund);
    assert_eq!(
        open_as(&ok(&[(1, dec!(1), A)]), &o, &[], &[Role::Approver]),
        Err("return.role")
    );
    assert_eq!(
        open_as(&ok(&[(1, dec!(1), A)]), &o, &[], &[Role::AccountsPayable]),
        Err("return.role")
    );
    assert!(open_as(&ok(&[(1, dec!(1), A)]), &o, &[], &[Role::Admin]).is_ok());
    let mut d = ok(&[(1, dec!(1), A)]);
    d.id = String::new();
    assert_eq!(open(&d, &o, &[]), Err("return.id_invalid"));
    d.id = "x".repeat(65);
    assert_eq!(open(&d, &o, &[]), Err("return.id_invalid"));
    let mut d = ok(&[(1, dec!(1), A)]);
    d.order_id = "po-2".into();
    assert_eq!(open(&d, &o, &[]), Err("return.no_order"));
    assert_eq!(
        returns::open(
            None,
            &ok(&[(1, dec!(1), A)]),
            None,
            &[],
            (&buyer(), "Li Na"),
            &[Role::Buyer],
            NOW
        )
        .unwrap_err()
        .reason
        .code(),
        "return.no_order"
    );
    assert_eq!(open(&ok(&[]), &o, &[]), Err("return.lines"));
    let many: Vec<_> = (0..=returns::MAX_LINES as u32)
        .map(|_| (1, dec!(1), A))
        .collect();
    assert_eq!(open(&ok(&many), &o, &[]), Err("return.lines"));
    assert_eq!(
        open(&ok(&[(7, dec!(1), A)]), &o, &[]),
        Err("return.no_line")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(1), A), (1, dec!(2), A)]), &o, &[]),
        Err("return.line_twice")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(0), A)]), &o, &[]),
        Err("return.quantity_invalid")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(-3), A)]), &o, &[]),
        Err("return.quantity_invalid")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(0.0000001), A)]), &o, &[]),
        Err("money.quantity_out_of_range")
    );
    assert_eq!(
        open(&ok(&[(1, Decimal::MAX, A)]), &o, &[]),
        Err("money.quantity_out_of_range")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(61), A)]), &o, &[]),
        Err("return.too_many")
    );
    assert_eq!(
        open(&ok(&[(1, dec!(5), R)]), &o, &[]),
        Err("return.too_many")
    );
    // A line of the order with nothing received yet.
    assert_eq!(
        open(&ok(&[(2, dec!(1), A)]), &o, &[]),
        Err("return.too_many")
    );
    let mut d = ok(&[(1, dec!(1), A)]);
    d.reason = "  ".into();
    assert_eq!(open(&d, &o, &[]), Err("return.reason_required"));
    d.reason = "r".repeat(returns::MAX_REASON + 1);
    assert_eq!(open(&d, &o, &[]), Err("return.reason_required"));
    d.reason = "bad\u{0}".into();
    assert_eq!(open(&d, &o, &[]), Err("return.reason_required"));
    let mut d = ok(&[(1, dec!(1), A)]);
    d.note = "n".repeat(returns::MAX_NOTE + 1);
    assert_eq!(open(&d, &o, &[]), Err("return.note_too_long"));
}

#[test]
fn an_order_line_without_receipts_has_nothing_to_return() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    assert_eq!(
        open(&draft("rt", &[(2, dec!(1), A)], Remedy::Refund), &o, &[]),
        Err("return.too_many")
    );
}

#[test]
fn returns_on_the_line_use_up_what_may_go_back_unless_refused_or_cancelled() {
    let o = order(&[(1, dec!(10), dec!(3))]);
    let first = open(
        &draft("rt-1", &[(1, dec!(8), A), (1, dec!(3), R)], Remedy::Refund),
        &o,
        &[],
    )
    .unwrap();
    assert_eq!(
        open(
            &draft("rt-2", &[(1, dec!(3), A)], Remedy::Refund),
            &o,
            &[&first]
        ),
        Err("return.too_many")
    );
    assert_eq!(
        open(
            &draft("rt-2", &[(1, dec!(1), R)], Remedy::Refund),
            &o,
            &[&first]
        ),
        Err("return.too_many")
    );
    assert!(open(
        &draft("rt-2", &[(1, dec!(2), A)], Remedy::Refund),
        &o,
        &[&first]
    )
    .is_ok());
    // The supplier refuses the first: it counts for nothing.
    let refused = returns::supplier_update(
        &first,
        (&"acme".into(), "Acme"),
        ReturnStatus::Refused,
        "not our goods",
        NOW,
    )
    .unwrap()
    .unwrap();
    assert!(open(
        &draft("rt-2", &[(1, dec!(10), A)], Remedy::Refund),
        &o,
        &[&refused]
    )
    .is_ok());
    // The buyer cancels it: likewise.
    let cancelled = returns::cancel(&first, 1, (&buyer(), "Li Na"), &[Role::Buyer], NOW).unwrap();
    assert!(open(
        &draft("rt-2", &[(1, dec!(3), R)], Remedy::Refund),
        &o,
        &[&cancelled]
    )
    .is_ok());
}

fn acme() -> (procura_ground::id::SupplierId, &'static str) {
    ("acme".into(), "Acme")
}

#[test]
fn the_supplier_moves_a_return_forward_only_and_the_same_step_twice_is_nothing() {
    let o = order(&[(1, dec!(10), dec!(0))]);
    let r = open(&draft("rt-1", &[(1, dec!(2), A)], Remedy::Replace), &o, &[]).unwrap();
    let (id, name) = acme();
    let up = |r: &Return, to| returns::supplier_update(r, (&id, name), to, "", NOW);
    let code = |x: Result<Option<Return>, _>| {
        x.map(|_| ())
            .map_err(|e: procura_ground::reason::Refusal| e.reason.code())
    };
    assert_eq!(
        code(up(&r, ReturnStatus::Collected)),
        Err("return.status_invalid")
    );
    assert_eq!(
        code(up(&r, ReturnStatus::Credited)),
        Err("return.status_invalid")
    );
    assert_eq!(
        code(up(&r, ReturnStatus::Cancelled)),
        Err("return.status_invalid")
    );
    assert_eq!(up(&r, ReturnStatus::Requested), Ok(None));
    let accepted = up(&r, ReturnStatus::Accepted).unwrap().unwrap();
    assert_eq!(up(&accepted, ReturnStatus::Accepted), Ok(None));
    assert_eq!(
        code(up(&accepted, ReturnStatus::Requested)),
        Err("return.status_invalid")
    );
    assert_eq!(
        code(up(&accepted, ReturnStatus::Refused)),
        Err("return.status_invalid")
    );
    let collected = up(&accepted, ReturnStatus::Collected).unwrap().unwrap();
    // A replace return ends replaced, never credited.
    assert_eq!(
        code(up(&collected, ReturnStatus::Credited)),
        Err("return.status_invalid")
    );
    let done = up(&collected, ReturnStatus::Replaced).unwrap().unwrap();
    assert_eq!(done.status, ReturnStatus::Replaced);
    assert_eq!(done.revision, 4);
    let steps: Vec<ReturnStatus> = done.history.iter().map(|h| h.status).collect();
    assert_eq!(
        steps,
        [
            ReturnStatus::Requested,
            ReturnStatus::Accepted,
            ReturnStatus::Collected,
            ReturnStatus::Replaced
        ]
    );
    assert_eq!(done.history[1].by, "acme");
    assert_eq!(
        code(up(&done, ReturnStatus::Accepted)),
        Err("return.status_invalid")
    );
    // Another supplier's return is unknown to it.
    assert_eq!(
        returns::supplier_update(
            &r,
            (&"bolt".into(), "Bolt"),
            ReturnStatus::Accepted,
            "",
            NOW
        )
        .unwrap_err()
        .reason
        .code(),
        "return.not_found"
    );
    assert_eq!(
        returns::supplier_update(
            &r,
            (&id, name),
            ReturnStatus::Accepted,
            &"n".repeat(returns::MAX_NOTE + 1),
            NOW
        )
        .unwrap_err()
        .reason
        .code(),
        "return.note_too_long"
    );
    // A refund return ends credited, never replaced.
    let refund = open(&draft("rt-2", &[(1, dec!(2), A)], Remedy::Refund), &o, &[]).unwrap();
    let refund = up(&refund, ReturnStatus::Accepted).unwrap().unwrap();
    let refund = up(&refund, ReturnStatus::Collected).unwrap().unwrap();
    assert_eq!(
        code(up(&refund, ReturnStatus::Replaced)),
        Err("return.status_invalid")
    );
    assert_eq!(
        up(&refund, ReturnStatus::Credited).unwrap().unwrap().status,
        ReturnStatus::Credited
    );
}

#[test]
fn the_buyer_cancels_while_requested_only() {
    let o = order(&[(1, dec!(10), dec!(0))]);
    let r = open(&draft("rt-1", &[(1, dec!(2), A)], Remedy::Refund), &o, &[]).unwrap();
    let me = buyer();
    assert_eq!(
        returns::cancel(&r, 1, (&me, "Li Na"), &[Role::Approver], NOW)
            .unwrap_err()
            .reason
            .code(),
        "return.role"
    );
    assert_eq!(
        returns::cancel(&r, 0, (&me, "Li Na"), &[Role::Buyer], NOW)
            .unwrap_err()
            .reason
            .code(),
        "return.stale"
    );
    let (id, name) = acme();
    let accepted = returns::supplier_update(&r, (&id, name), ReturnStatus::Accepted, "", NOW)
        .unwrap()
        .unwrap();
    assert_eq!(
        returns::cancel(&accepted, 2, (&me, "Li Na"), &[Role::Buyer], NOW)
            .unwrap_err()
            .reason
            .code(),
        "return.status_invalid"
    );
    let c = returns::cancel(&r, 1, (&me, "Li Na"), &[Role::Buyer], NOW).unwrap();
    assert_eq!(c.status, ReturnStatus::Cancelled);
}

#[test]
fn a_credit_note_naming_a_refund_return_credits_it() {
    let o = order(&[(1, dec!(10), dec!(0))]);
    let r = open(
        &draft("ab12cd34ef", &[(1, dec!(2), A)], Remedy::Refund),
        &o,
        &[],
    )
    .unwrap();
    assert_eq!(
        returns::credited_by(&r, Some("RT-OTHER"), "CN-1", "Acme", NOW),
        None
    );
    assert_eq!(returns::credited_by(&r, None, "CN-1", "Acme", NOW), None);
    let c = returns::credited_by(&r, Some(" rt-ab12cd34 "), "CN-1", "Acme", NOW).unwrap();
    assert_eq!(c.status, ReturnStatus::Credited);
    assert_eq!(c.history.last().unwrap().note, "CN-1");
    assert_eq!(
        returns::credited_by(&c, Some("RT-AB12CD34"), "CN-2", "Acme", NOW),
        None
    );
    let replace = open(
        &draft("ab12cd34ef", &[(1, dec!(2), A)], Remedy::Replace),
        &o,
        &[],
    )
    .unwrap();
    assert_eq!(
        returns::credited_by(&replace, Some("RT-AB12CD34"), "CN-1", "Acme", NOW),
        None
    );
}

fn invoice_doc(kind: DocKind, number: &str, lines: &[(u32, Decimal)]) -> InvoiceDocument {
    let lines: Vec<InvoiceLine> = lines
        .iter()
        .enumerate()
        .map(|(i, (ol, q))| {
            let p = if *ol == 1 { dec!(12.50) } else { dec!(300) };
            InvoiceLine {
                line_no: i as u32 + 1,
                order_line: Some(*ol),
                supplier_part: String::new(),
                description: String::new(),
                quantity: *q,
                unit: "EA".into(),
                unit_price: p,
                tax_percent: dec!(13),
                net: money::round(q * p, "CNY"),
            }
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
        total: net + tax,
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

#[test]
fn goods_returned_are_not_payable_until_replaced_and_a_claim_changes_nothing() {
    let o = order(&[(1, dec!(100), dec!(5)), (2, dec!(10), dec!(0))]);
    let inv = recorded(
        invoice_doc(DocKind::Invoice, "INV-1", &[(1, dec!(100)), (2, dec!(10))]),
        &o,
        NOW,
    );
    let tol = InvoiceTolerances::default();
    let status = |rets: &[&Return]| {
        let m = matching::match_order(Some(&o), &[&inv], rets, &tol);
        (matching::status(&inv, &m.documents[&inv.id]), m)
    };
    assert_eq!(status(&[]).0, Status::Matched);
    // A claim on goods refused at the door: they were never payable; nothing changes.
    let claim = open(&draft("rt-c", &[(1, dec!(5), R)], Remedy::Replace), &o, &[]).unwrap();
    assert_eq!(status(&[&claim]).0, Status::Matched);
    assert_eq!(status(&[&claim]).1.lines[0].returned, dec!(0));
    // 8 gloves accepted then sent back: the invoice bills 100 of 92 payable.
    let back = open(&draft("rt-b", &[(1, dec!(8), A)], Remedy::Refund), &o, &[]).unwrap();
    let (s, m) = status(&[&claim, &back]);
    assert_eq!(s, Status::Exception);
    assert_eq!(m.lines[0].returned, dec!(8));
    assert_eq!(m.lines[0].billable(), dec!(92));
    assert_eq!(m.billing, BillingStatus::OverInvoiced);
    assert!(m.documents[&inv.id].findings.iter().any(|f| f.variance
        == Variance::QuantityOverAccepted {
            line: 1,
            order_line: 1,
            accepted: dec!(92),
            billed: dec!(100)
        }));
    // Returns of another order are ignored.
    let mut elsewhere = back.clone();
    elsewhere.order_id = "po-9".into();
    assert_eq!(status(&[&elsewhere]).0, Status::Matched);
    // The supplier refused the return, or the buyer cancelled it: it counts for nothing.
    let (id, name) = acme();
    let refused = returns::supplier_update(&back, (&id, name), ReturnStatus::Refused, "", NOW)
        .unwrap()
        .unwrap();
    assert_eq!(status(&[&refused]).0, Status::Matched);
    let cancelled = returns::cancel(&back, 1, (&buyer(), "Li Na"), &[Role::Buyer], NOW).unwrap();
    assert_eq!(status(&[&cancelled]).0, Status::Matched);
    // A credit note for the 8 returned closes it.
    let mut cn = invoice_doc(DocKind::CreditNote, "CN-1", &[(1, dec!(8))]);
    cn.credit_for = Some(back.number.clone());
    let cn = recorded(cn, &o, NOW + 1);
    let m = matching::match_order(Some(&o), &[&inv, &cn], &[&back], &tol);
    assert_eq!(
        matching::status(&inv, &m.documents[&inv.id]),
        Status::Matched
    );
    assert_eq!(matching::status(&cn, &m.documents[&cn.id]), Status::Matched);
    assert_eq!(m.billing, BillingStatus::InvoicedAsReceived);
    // A replace return, once replaced, leaves the goods payable again.
    let swap = open(&draft("rt-s", &[(1, dec!(8), A)], Remedy::Replace), &o, &[]).unwrap();
    assert_eq!(status(&[&swap]).0, Status::Exception);
    let mut done = swap.clone();
    for to in [
        ReturnStatus::Accepted,
        ReturnStatus::Collected,
        ReturnStatus::Replaced,
    ] {
        done = returns::supplier_update(&done, (&id, name), to, "", NOW)
            .unwrap()
            .unwrap();
    }
    assert_eq!(status(&[&done]).0, Status::Matched);
    // `statuses` passes the returns through.
    let all = matching::statuses(|_| Some(&o), &[&inv], &[&back], &tol);
    assert_eq!(all[&inv.id].0, Status::Exception);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the receipts, returns (in any status) and documents, the billable quantity of a
    /// line is never below zero, and what matching approves by rule (matched invoices, less
    /// credit notes) never exceeds what was accepted less what was returned.
    #[test]
    fn billable_is_never_negative_and_matched_never_exceeds_it(
        received in proptest::collection::vec((1u32..=2, 0u32..40, 0u32..5), 0..4),
        rets in proptest::collection::vec((1u32..=2, 1u32..30, any::<bool>(), 0usize..7, any::<bool>()), 0..5),
        docs in proptest::collection::vec((any::<bool>(), 1u32..=2, 1u32..40), 1..6),
    ) {
        let receipts: Vec<(u32, Decimal, Decimal)> = received
            .iter()
            .map(|(n, a, d)| (*n, Decimal::from(*a), Decimal::from(*d)))
            .collect();
        let o = order(&receipts);
        let mut held: Vec<Return> = Vec::new();
        for (i, (line, q, refused, status, refund)) in rets.iter().enumerate() {
            let from = if *refused { R } else { A };
            let remedy = if *refund { Remedy::Refund } else { Remedy::Replace };
            let refs: Vec<&Return> = held.iter().collect();
            // Opened only when the rule allows it; the status is then forced, as any history
            // could leave it.
            if let Ok(mut r) = open(&draft(&format!("rt-{i}"), &[(*line, Decimal::from(*q), from)], remedy), &o, &refs) {
                r.status = ReturnStatus::ALL[*status];
                held.push(r);
            }
        }
        let invoices: Vec<Invoice> = docs
            .iter()
            .enumerate()
            .map(|(i, (credit, line, q))| {
                let kind = if *credit { DocKind::CreditNote } else { DocKind::Invoice };
                recorded(invoice_doc(kind, &format!("D{i}"), &[(*line, Decimal::from(*q))]), &o, NOW + i as i64)
            })
            .collect();
        let refs: Vec<&Invoice> = invoices.iter().collect();
        let rrefs: Vec<&Return> = held.iter().collect();
        let m = matching::match_order(Some(&o), &refs, &rrefs, &InvoiceTolerances::default());
        for l in &m.lines {
            prop_assert!(l.billable() >= Decimal::ZERO);
            prop_assert!(l.returned <= l.accepted, "line {}: returned {} > accepted {}", l.line_no, l.returned, l.accepted);
            let matched: Decimal = invoices
                .iter()
                .filter(|d| d.kind() == DocKind::Invoice)
                .filter(|d| matching::status(d, &m.documents[&d.id]) == Status::Matched)
                .flat_map(|d| d.document.lines.iter().filter(|x| x.order_line == Some(l.line_no)))
                .map(|x| x.quantity)
                .sum();
            prop_assert!(matched - l.credited <= l.accepted - l.returned,
                "line {}: matched {} less credited {} > accepted {} less returned {}",
                l.line_no, matched, l.credited, l.accepted, l.returned);
        }
    }
}

fn with_photo(content_type: &str, bytes: &[u8]) -> ReturnDraft {
    use base64::Engine as _;
    let mut d = draft("rt-photo", &[(1, dec!(1), A)], Remedy::Replace);
    d.photo = Some(returns::Photo {
        content_type: content_type.into(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
    });
    d
}

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
];
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, b'I', b'H', b'D', b'R',
];
const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 ";

#[test]
fn a_return_keeps_a_valid_photo_and_its_draft_carries_it() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    for (t, bytes) in [
        ("image/jpeg", JPEG),
        ("image/png", PNG),
        ("image/webp", WEBP),
    ] {
        let d = with_photo(t, bytes);
        let r = open(&d, &o, &[]).unwrap();
        assert_eq!(r.photo, d.photo, "{t}");
        assert!(r
            .photo
            .as_ref()
            .unwrap()
            .data_url()
            .starts_with(&format!("data:{t};base64,")));
        // Recovering after a hub loss resends the photo; the retry is the same return.
        let mut same = r.draft();
        same.reason = same.reason.trim().to_owned();
        assert_eq!(same.photo, d.photo);
        assert_eq!(
            returns::open(
                Some(&r),
                &d,
                Some(&o),
                &[],
                (&buyer(), "Li Na"),
                &[Role::Buyer],
                NOW
            ),
            Ok(OpenOutcome::AlreadyRecorded)
        );
    }
    // No photo: none on the record, and none in its JSON (the previous release reads it).
    let r = open(
        &draft("rt-none", &[(1, dec!(1), A)], Remedy::Replace),
        &o,
        &[],
    )
    .unwrap();
    assert_eq!(r.photo, None);
    assert!(!serde_json::to_string(&r).unwrap().contains("photo"));
}

#[test]
fn a_record_without_a_photo_field_reads_unchanged() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let r = open(
        &draft("rt-old", &[(1, dec!(1), A)], Remedy::Replace),
        &o,
        &[],
    )
    .unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert!(json.get("photo").is_none());
    let back: Return = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn every_refusal_of_a_photo() {
    let o = order(&[(1, dec!(60), dec!(0))]);
    let refused = |d: &ReturnDraft| open(d, &o, &[]).map(|_| ()).unwrap_err();
    // A type that is not one of the three.
    assert_eq!(
        refused(&with_photo("image/gif", b"GIF89a")),
        "return.photo_invalid"
    );
    assert_eq!(
        refused(&with_photo("application/pdf", JPEG)),
        "return.photo_invalid"
    );
    // Not base64.
    let mut bad = with_photo("image/jpeg", JPEG);
    bad.photo.as_mut().unwrap().data = "not base64!!".into();
    assert_eq!(refused(&bad), "return.photo_invalid");
    // Too big once decoded, though a valid JPEG start.
    let mut big = JPEG.to_vec();
    big.resize(returns::MAX_PHOTO_BYTES + 1, 0);
    assert_eq!(
        refused(&with_photo("image/jpeg", &big)),
        "return.photo_invalid"
    );
    // Exactly at the cap is fine.
    big.truncate(returns::MAX_PHOTO_BYTES);
    assert!(open(&with_photo("image/jpeg", &big), &o, &[]).is_ok());
    // The bytes are not what the type says.
    assert_eq!(
        refused(&with_photo("image/jpeg", PNG)),
        "return.photo_invalid"
    );
    assert_eq!(
        refused(&with_photo("image/png", JPEG)),
        "return.photo_invalid"
    );
    assert_eq!(
        refused(&with_photo("image/webp", b"RIFF\0\0\0\0WAVE")),
        "return.photo_invalid"
    );
    assert_eq!(
        refused(&with_photo("image/jpeg", b"")),
        "return.photo_invalid"
    );
}
