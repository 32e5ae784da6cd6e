//! The caps of [`procura_ground::limits`] applied to every mutation a device sends: [`check_op`]
//! runs first in [`crate::sync::hub::decide`]. The constants are re-exported here, so a caller
//! needs one path for both.

pub use procura_ground::limits::*;

use crate::api::sync::Op;
use procura_ground::reason::Refusal;
use procura_orders::order::{LineAck, PurchaseOrder, ReceivedLine};
use procura_procurement::approval::policy::Approvers;
use procura_procurement::approval::{Decision, Delegation, Policy, RequisitionDraft};
use procura_suppliers::ahp;
use procura_suppliers::selection::SelectionDraft;

/// Every cap of one mutation, before any rule looks at it.
pub fn check_op(op: &Op) -> Result<(), Refusal> {
    match op {
        Op::SaveEvaluation { evaluation: e } => {
            id("the evaluation id", &e.id)?;
            id("the supplier id", e.supplier_id.as_str())?;
            id("the period", e.period.text())?;
            text("the comment", &e.comment, MAX_COMMENT_CHARS)
        }
        Op::DeleteEvaluation { id: i } | Op::DeleteDelegation { id: i } => id("the id", i),
        Op::SubmitRequisition { requisition } => check_draft(requisition),
        Op::DecideRequisition { decision } => check_decision(decision),
        Op::WithdrawRequisition { id: i, .. } => id("the requisition id", i),
        Op::SavePolicy { policy } => check_policy(policy),
        Op::SaveDelegation { delegation } => check_delegation(delegation),
        Op::CreateOrder { order } => check_order(order),
        Op::ReceiveGoods {
            order_id,
            receipt_id,
            lines,
        } => {
            id("the order id", order_id)?;
            id("the receipt id", receipt_id)?;
            count("lines of a receipt", lines.len(), MAX_LINES_PER_ORDER)?;
            lines.iter().try_for_each(check_received)
        }
        Op::RequestOrderChange {
            order_id,
            request_id,
            lines,
        } => {
            id("the order id", order_id)?;
            id("the request id", request_id)?;
            count("lines of a change", lines.len(), MAX_LINES_PER_ORDER)?;
            lines.iter().try_for_each(check_ack)
        }
        Op::RequestOrderCancel { order_id, reason } => {
            id("the order id", order_id)?;
            text("the reason", reason, MAX_COMMENT_CHARS)
        }
        Op::SaveSelection { selection } => check_selection(selection),
        Op::SaveAssessment { assessment: a } => {
            id("the supplier id", a.supplier_id.as_str())?;
            a.evidence
                .notes()
                .iter()
                .try_for_each(|n| text("an evidence note", n, MAX_COMMENT_CHARS))
        }
        Op::SaveStock { stock } => {
            id("the item id", stock.item_id.as_str())?;
            text(
                "the location",
                &stock.location,
                procura_spend::stock::MAX_LOCATION_CHARS,
            )
        }
        Op::IssueGoods { issue } => {
            id("the goods issue id", &issue.id)?;
            id("the item id", issue.item_id.as_str())?;
            text(
                "the location",
                &issue.location,
                procura_spend::stock::MAX_LOCATION_CHARS,
            )?;
            text(
                "the note",
                &issue.note,
                procura_spend::stock::MAX_NOTE_CHARS,
            )
        }
        Op::EnterInvoice { invoice } => {
            use procura_invoicing::invoice as inv;
            let d = &invoice.document;
            id("the supplier id", invoice.supplier_id.as_str())?;
            text("the invoice number", &d.number, inv::MAX_NUMBER)?;
            text("the note", &d.note, inv::MAX_NOTE)?;
            count("lines of an invoice", d.lines.len(), inv::MAX_LINES)?;
            for l in &d.lines {
                text("a line's description", &l.description, inv::MAX_TEXT)?;
                text("a line's part number", &l.supplier_part, inv::MAX_TEXT)?;
            }
            Ok(())
        }
        Op::DecideInvoice { decision } => {
            id("the invoice id", &decision.invoice_id)?;
            text(
                "the comment",
                &decision.comment,
                procura_invoicing::invoice::MAX_COMMENT,
            )
        }
        Op::OpenReturn { ret } => {
            use procura_invoicing::returns as r;
            id("the return id", &ret.id)?;
            id("the order id", ret.order_id.as_str())?;
            count("lines of a return", ret.lines.len(), r::MAX_LINES)?;
            text("the reason", &ret.reason, r::MAX_REASON)?;
            text("the note", &ret.note, r::MAX_NOTE)?;
            match &ret.photo {
                Some(p) => {
                    text("the photo type", &p.content_type, 32)?;
                    // Base64 is ASCII: characters are bytes.
                    text("the photo", &p.data, r::MAX_PHOTO_BASE64)
                }
                None => Ok(()),
            }
        }
        Op::CancelReturn { id: return_id, .. } => id("the return id", return_id),
        Op::SaveContract { contract: c } => {
            use procura_invoicing::contracts as k;
            id("the contract id", &c.id)?;
            id("the supplier id", c.terms.supplier_id.as_str())?;
            text("the contract number", &c.terms.number, k::MAX_NUMBER)?;
            text("the title", &c.terms.title, k::MAX_TITLE)?;
            text("the note", &c.terms.note, k::MAX_NOTE)?;
            text("the currency", &c.terms.currency, 3)?;
            count(
                "agreed prices of a contract",
                c.terms.prices.len(),
                k::MAX_PRICES,
            )?;
            for p in &c.terms.prices {
                match p {
                    k::AgreedPrice::Item { item_id, .. } => id("an item id", item_id)?,
                    k::AgreedPrice::Category { unspsc, .. } => text("a category", unspsc, 8)?,
                }
            }
            Ok(())
        }
        Op::EndContract {
            id: contract_id,
            reason,
            ..
        } => {
            id("the contract id", contract_id)?;
            text(
                "the reason",
                reason,
                procura_invoicing::contracts::MAX_REASON,
            )
        }
    }
}

/// A selection's caps: what [`SelectionDraft::validate`] checks exactly, bounded here first so
/// an oversized draft costs nothing more to refuse (at most [`ahp::MAX_ORDER`] criteria and
/// candidates, so a triangle holds at most 105 judgements).
fn check_selection(s: &SelectionDraft) -> Result<(), Refusal> {
    let most = ahp::MAX_ORDER;
    let triangle = ahp::upper_len(most);
    id("the selection id", &s.id)?;
    text("the title", &s.title, MAX_TITLE_CHARS)?;
    count("criteria of a selection", s.criteria.len(), most)?;
    count("suppliers of a selection", s.candidates.len(), most)?;
    count(
        "comparisons of criteria",
        s.criteria_judgements.len(),
        triangle,
    )?;
    count(
        "comparisons per criterion",
        s.candidate_judgements.len(),
        most,
    )?;
    for judgements in &s.candidate_judgements {
        count("comparisons of suppliers", judgements.len(), triangle)?;
    }
    count("derived flags", s.derived.len(), most)?;
    for c in &s.criteria {
        id("a criterion's key", &c.key)?;
        text("a criterion's name", &c.label, MAX_NAME_CHARS)?;
    }
    for c in &s.candidates {
        id("a supplier id", c.supplier_id.as_str())?;
        text("a supplier's name", &c.name, MAX_NAME_CHARS)?;
    }
    Ok(())
}

fn check_draft(d: &RequisitionDraft) -> Result<(), Refusal> {
    id("the requisition id", d.id.as_str())?;
    text("the title", &d.title, MAX_TITLE_CHARS)?;
    id("the cost centre", d.cost_centre.as_str())?;
    id("the account", d.account.as_str())?;
    text(
        "the delivery address",
        &d.delivery_address,
        MAX_ADDRESS_CHARS,
    )?;
    text(
        "the justification",
        &d.justification,
        MAX_JUSTIFICATION_CHARS,
    )?;
    count(
        "lines of a requisition",
        d.lines.len(),
        MAX_LINES_PER_REQUISITION,
    )?;
    for (i, l) in d.lines.iter().enumerate() {
        let n = i + 1;
        if let Some(item) = &l.item_id {
            id(&format!("line {n}: the item id"), item)?;
        }
        text(
            &format!("line {n}: the description"),
            &l.description,
            MAX_DESCRIPTION_CHARS,
        )?;
        id(
            &format!("line {n}: the supplier id"),
            l.supplier_id.as_str(),
        )?;
        text(
            &format!("line {n}: the supplier name"),
            &l.supplier_name,
            MAX_NAME_CHARS,
        )?;
        id(&format!("line {n}: the UNSPSC code"), &l.unspsc)?;
        id(&format!("line {n}: the unit"), &l.unit)?;
        id(&format!("line {n}: the currency"), &l.currency)?;
        text(&format!("line {n}: the note"), &l.note, MAX_NOTE_CHARS)?;
    }
    Ok(())
}

fn check_decision(d: &Decision) -> Result<(), Refusal> {
    id("the requisition id", d.requisition_id.as_str())?;
    id("the step", &d.step)?;
    if let Some(who) = &d.on_behalf_of {
        id("on_behalf_of", who)?;
    }
    text("the comment", &d.comment, MAX_COMMENT_CHARS)
}

fn check_delegation(d: &Delegation) -> Result<(), Refusal> {
    id("the delegation id", &d.id)?;
    id("from", d.from.as_str())?;
    id("to", d.to.as_str())?;
    id("the first day", d.starts.text())?;
    id("the last day", d.ends.text())?;
    id("created_by", d.created_by.as_str())?;
    text("the note", &d.note, MAX_NOTE_CHARS)
}

fn check_policy(p: &Policy) -> Result<(), Refusal> {
    id("the policy currency", &p.currency)?;
    if let Some(f) = &p.escalation_fallback {
        id("the escalation approver", f)?;
    }
    count("rates", p.rates.len(), MAX_POLICY_ENTRIES)?;
    for r in &p.rates {
        id("a rate's currency", &r.currency)?;
    }
    count("people", p.people.len(), MAX_POLICY_ENTRIES)?;
    for person in &p.people {
        id("a person's id", person.id.as_str())?;
        text("a person's name", &person.name, MAX_NAME_CHARS)?;
        if let Some(m) = &person.manager {
            id("a manager", m)?;
        }
    }
    count("cost centres", p.cost_centres.len(), MAX_POLICY_ENTRIES)?;
    for c in &p.cost_centres {
        id("a cost centre's code", c.code.as_str())?;
        text("a cost centre's name", &c.name, MAX_NAME_CHARS)?;
    }
    count("accounts", p.accounts.len(), MAX_POLICY_ENTRIES)?;
    for a in &p.accounts {
        id("an account's code", a.code.as_str())?;
        text("an account's name", &a.name, MAX_NAME_CHARS)?;
    }
    count("rules", p.rules.len(), MAX_POLICY_ENTRIES)?;
    for r in &p.rules {
        id("a rule's id", &r.id)?;
        text("a rule's name", &r.name, MAX_NAME_CHARS)?;
        let cost_centres: Vec<&str> = r.when.cost_centres.iter().map(|c| c.as_str()).collect();
        let segments: Vec<&str> = r.when.segments.iter().map(|s| s.as_str()).collect();
        let suppliers: Vec<&str> = r.when.suppliers.iter().map(|s| s.as_str()).collect();
        for (what, list) in [
            ("a rule's cost centres", &cost_centres),
            ("a rule's segments", &segments),
            ("a rule's suppliers", &suppliers),
        ] {
            count(what, list.len(), MAX_POLICY_ENTRIES)?;
            list.iter().try_for_each(|v| id(what, v))?;
        }
        if let Approvers::Group { members, .. } = &r.approvers {
            count("a group's members", members.len(), MAX_POLICY_ENTRIES)?;
            members.iter().try_for_each(|m| id("a group member", m))?;
        }
    }
    count("budgets", p.budgets.len(), MAX_POLICY_ENTRIES)?;
    for b in &p.budgets {
        id("a budget's cost centre", b.cost_centre.as_str())?;
        id("a budget's period", b.period.text())?;
    }
    Ok(())
}

fn check_order(o: &PurchaseOrder) -> Result<(), Refusal> {
    id("the order id", o.id.as_str())?;
    id("the supplier id", o.supplier_id.as_str())?;
    text("the supplier name", &o.supplier_name, MAX_NAME_CHARS)?;
    id("the currency", &o.currency)?;
    text("the ship-to address", &o.ship_to, MAX_ADDRESS_CHARS)?;
    if let Some(i) = &o.terms.incoterm {
        id("the incoterm", i)?;
    }
    text("the terms' note", &o.terms.note, MAX_NOTE_CHARS)?;
    count("lines of an order", o.lines.len(), MAX_LINES_PER_ORDER)?;
    // The hub fills in the number, buyer, requisitions and events itself; they are bounded by
    // what it writes, but a device may not send more than an order can hold.
    count(
        "requisitions of an order",
        o.requisitions.len(),
        MAX_LINES_PER_ORDER,
    )?;
    count("events of an order", o.events.len(), MAX_EVENTS_PER_ORDER)?;
    for (i, l) in o.lines.iter().enumerate() {
        let n = i + 1;
        id(
            &format!("line {n}: the requisition id"),
            l.requisition_id.as_str(),
        )?;
        if let Some(item) = &l.item_id {
            id(&format!("line {n}: the item id"), item)?;
        }
        id(&format!("line {n}: the supplier part"), &l.supplier_part)?;
        if let Some(g) = &l.gtin {
            id(&format!("line {n}: the GTIN"), g)?;
        }
        text(
            &format!("line {n}: the description"),
            &l.description,
            MAX_DESCRIPTION_CHARS,
        )?;
        id(&format!("line {n}: the unit"), &l.unit)?;
        id(&format!("line {n}: the UNSPSC code"), &l.unspsc)?;
    }
    Ok(())
}

fn check_received(l: &ReceivedLine) -> Result<(), Refusal> {
    text(
        &format!("line {}: the reason", l.line_no),
        &l.reason,
        MAX_COMMENT_CHARS,
    )
}

fn check_ack(l: &LineAck) -> Result<(), Refusal> {
    match l {
        LineAck::Accepted { .. } => Ok(()),
        LineAck::Rejected { line_no, reason } => text(
            &format!("line {line_no}: the reason"),
            reason,
            MAX_COMMENT_CHARS,
        ),
        LineAck::Changed {
            line_no,
            delivery_date,
            ..
        } => delivery_date.as_ref().map_or(Ok(()), |d| {
            id(&format!("line {line_no}: the date"), d.text())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_and_ids_count_bytes() {
        assert!(text("t", &"字".repeat(200), MAX_TITLE_CHARS).is_ok());
        assert_eq!(
            text("t", &"字".repeat(201), MAX_TITLE_CHARS)
                .unwrap_err()
                .code,
            "too_long"
        );
        assert!(id("i", "a".repeat(MAX_ID_BYTES)).is_ok());
        // 43 characters, 129 bytes.
        assert_eq!(id("i", "字".repeat(43)).unwrap_err().code, "too_long");
        assert_eq!(count("lines", 501, 500).unwrap_err().code, "too_many");
    }

    #[test]
    fn a_mebibyte_justification_is_refused_naming_the_field() {
        let draft = RequisitionDraft {
            id: "r1".into(),
            base_revision: 0,
            title: "Paper".into(),
            cost_centre: "CC-100".into(),
            account: "6000".into(),
            need_by: procura_ground::date::parse_day("2027-01-01"),
            delivery_address: "Dock 1".into(),
            justification: "x".repeat(1 << 20),
            lines: Vec::new(),
        };
        let refusal = check_op(&Op::SubmitRequisition { requisition: draft }).unwrap_err();
        assert_eq!(refusal.code, "too_long");
        assert!(refusal.message.contains("justification"), "{refusal:?}");
        assert!(refusal.message.contains("4000"), "{refusal:?}");
    }

    #[test]
    fn delegation_notes_and_cancel_reasons_are_capped() {
        let d = Delegation {
            id: "d1".into(),
            from: "a".into(),
            to: "b".into(),
            starts: "2027-01-01".into(),
            ends: "2027-01-02".into(),
            note: "n".repeat(MAX_NOTE_CHARS + 1),
            created_by: Default::default(),
        };
        assert_eq!(
            check_op(&Op::SaveDelegation { delegation: d })
                .unwrap_err()
                .code,
            "too_long"
        );
        let cancel = Op::RequestOrderCancel {
            order_id: "o".into(),
            reason: "r".repeat(MAX_COMMENT_CHARS),
        };
        assert!(check_op(&cancel).is_ok());
    }

    #[test]
    fn a_return_photo_is_capped_before_it_is_decoded() {
        use procura_invoicing::returns::{Photo, Remedy, ReturnDraft, MAX_PHOTO_BASE64};
        let op = |data: String| Op::OpenReturn {
            ret: ReturnDraft {
                id: "rt-1".into(),
                order_id: "o-1".into(),
                lines: Vec::new(),
                reason: "crushed".into(),
                remedy: Remedy::Replace,
                note: String::new(),
                photo: Some(Photo {
                    content_type: "image/jpeg".into(),
                    data,
                }),
            },
        };
        assert!(check_op(&op("A".repeat(MAX_PHOTO_BASE64))).is_ok());
        let refusal = check_op(&op("A".repeat(MAX_PHOTO_BASE64 + 1))).unwrap_err();
        assert_eq!(refusal.code, "too_long");
        assert!(refusal.message.contains("photo"), "{refusal:?}");
    }
}
