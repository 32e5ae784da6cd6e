//! What a queued or refused change does, in one line (Settings → Sync, delegations).

use crate::i18n::{Lang, Msg};
use procura_sync::sync::{Mutation, Op};

/// One line saying what a queued or refused change does, in the UI language.
pub fn describe(mutation: &Mutation, lang: Lang) -> String {
    use procura_orders::order::number_for;
    use procura_procurement::approval::Verdict;
    match &mutation.op {
        Op::SaveEvaluation { evaluation } => format!(
            "{} {} {}",
            evaluation.supplier_id, evaluation.period, evaluation.comment
        ),
        Op::DeleteEvaluation { id } => format!("− {id}"),
        Op::SubmitRequisition { requisition } => format!(
            "{} ({})",
            requisition.title,
            Msg::change_lines(lang, requisition.lines.len())
        ),
        Op::DecideRequisition { decision } => {
            let verdict = match decision.verdict {
                Verdict::Approve => Msg::ChangeApprove,
                Verdict::Reject => Msg::ChangeReject,
                Verdict::Return => Msg::ChangeReturn,
            };
            Msg::change_decision(
                lang,
                verdict.text(lang),
                decision.requisition_id.as_str(),
                decision.revision,
            )
        }
        Op::WithdrawRequisition { id, .. } => Msg::change_withdraw(lang, id),
        Op::SavePolicy { .. } => Msg::ChangePolicy.text(lang).to_owned(),
        Op::SaveDelegation { delegation } => format!(
            "{} → {} {}…{}",
            delegation.from, delegation.to, delegation.starts, delegation.ends
        ),
        Op::DeleteDelegation { id } => format!("− {id}"),
        Op::CreateOrder { order } => format!(
            "{} {} ({})",
            number_for(order.id.as_str()),
            order.supplier_name,
            Msg::change_lines(lang, order.lines.len())
        ),
        Op::ReceiveGoods {
            order_id, lines, ..
        } => Msg::change_receipt(
            lang,
            &number_for(order_id),
            &Msg::change_lines(lang, lines.len()),
        ),
        Op::RequestOrderChange { order_id, .. } => {
            Msg::change_order_change(lang, &number_for(order_id))
        }
        Op::RequestOrderCancel { order_id, .. } => {
            Msg::change_order_cancel(lang, &number_for(order_id))
        }
        // The title as entered, then criteria × suppliers compared.
        Op::SaveSelection { selection } => format!(
            "{} ({} × {})",
            selection.title,
            selection.criteria.len(),
            selection.candidates.len()
        ),
        // The supplier and the grade the assessment gives (a letter in every language).
        Op::SaveAssessment { assessment } => format!(
            "{} · {:?}",
            assessment.supplier_id,
            procura_suppliers::grading::grade(&assessment.capabilities)
        ),
        Op::SaveStock { stock } => crate::pages::stock::StockMsg::change_stock(
            lang,
            stock.item_id.as_str(),
            &stock.location,
        ),
        Op::EnterInvoice { invoice } => crate::pages::invoices::InvoiceMsg::change_enter(
            lang,
            &invoice.document.number,
            invoice.supplier_id.as_str(),
        ),
        Op::DecideInvoice { decision } => crate::pages::invoices::InvoiceMsg::change_decide(
            lang,
            crate::i18n::invoices::action(lang, decision.action),
            &decision.invoice_id,
        ),
        Op::IssueGoods { issue } => crate::pages::stock::StockMsg::change_issue(
            lang,
            &issue.quantity.normalize().to_string(),
            issue.item_id.as_str(),
        ),
        Op::OpenReturn { ret } => crate::pages::returns::ReturnMsg::change_open(
            lang,
            &number_for(ret.order_id.as_str()),
            ret.lines.len(),
        ),
        Op::CancelReturn { id, .. } => crate::pages::returns::ReturnMsg::change_cancel(
            lang,
            &procura_invoicing::returns::number_for(id),
        ),
        Op::SaveContract { contract } => {
            crate::pages::contracts::ContractMsg::change_save(lang, &contract.terms.number)
        }
        Op::EndContract { .. } => crate::pages::contracts::ContractMsg::ChangeEnd
            .text(lang)
            .to_owned(),
    }
}
