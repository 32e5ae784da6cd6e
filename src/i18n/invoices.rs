//! What invoice matching says, in English and Simplified Chinese: every [`Variance`], document
//! [`Status`], order [`BillingStatus`], document kind, source and decision. One exhaustive
//! `match` each: a new variant without both texts does not compile.

use super::Lang;
use crate::ui::format;
use procura_invoicing::invoice::{Action, DocKind, Source};
use procura_invoicing::matching::{BillingStatus, Status, Variance};
use rust_decimal::Decimal;

fn pick(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

fn qty(lang: Lang, q: Decimal) -> String {
    format::number(lang, q.normalize())
}

/// One finding of matching, as a sentence; amounts in `currency` (the document's).
pub fn variance(lang: Lang, v: &Variance, currency: &str) -> String {
    let money = |d: Decimal| format::money(lang, d, currency);
    match v {
        Variance::NoOrder => pick(
            lang,
            "The document names no order of this supplier.".into(),
            "该单据未注明此供应商的任何订单。".into(),
        ),
        Variance::CurrencyMismatch { order, invoice } => pick(
            lang,
            format!("In {invoice}, but the order is in {order}."),
            format!("单据币种为 {invoice}，而订单币种为 {order}。"),
        ),
        Variance::NoSuchLine { line } => pick(
            lang,
            format!("Line {line} bills no line of the order."),
            format!("第 {line} 行不对应订单的任何一行。"),
        ),
        Variance::PriceOver {
            line,
            order_line,
            ordered,
            invoiced,
        } => pick(
            lang,
            format!(
                "Line {line}: unit price {} above the order's {} (order line {order_line}).",
                money(*invoiced),
                money(*ordered)
            ),
            format!(
                "第 {line} 行：单价 {} 高于订单价 {}（订单第 {order_line} 行）。",
                money(*invoiced),
                money(*ordered)
            ),
        ),
        Variance::ContractNotOnOrder { contract } => pick(
            lang,
            format!("The document names contract {contract}, but the order is not under it."),
            format!("单据注明合同 {contract}，但该订单不属于此合同。"),
        ),
        Variance::PriceOverContract {
            line,
            order_line,
            contract,
            agreed,
            invoiced,
        } => pick(
            lang,
            format!(
                "Line {line}: unit price {} above the {} agreed in contract {contract} (order line {order_line}).",
                money(*invoiced),
                money(*agreed)
            ),
            format!(
                "第 {line} 行：单价 {} 高于合同 {contract} 的协议价 {}（订单第 {order_line} 行）。",
                money(*invoiced),
                money(*agreed)
            ),
        ),
        Variance::QuantityOverAccepted {
            line,
            order_line,
            accepted,
            billed,
        } => pick(
            lang,
            format!(
                "Line {line}: {} billed on order line {order_line}, but only {} received and accepted.",
                qty(lang, *billed),
                qty(lang, *accepted)
            ),
            format!(
                "第 {line} 行：订单第 {order_line} 行已开票 {}，但验收合格的只有 {}。",
                qty(lang, *billed),
                qty(lang, *accepted)
            ),
        ),
        Variance::NotYetReceived { line, order_line } => pick(
            lang,
            format!("Line {line}: nothing of order line {order_line} has been received and accepted yet."),
            format!("第 {line} 行：订单第 {order_line} 行尚未收货验收。"),
        ),
        Variance::CreditOverBilled {
            line,
            order_line,
            invoiced,
            credited,
        } => pick(
            lang,
            format!(
                "Line {line}: {} credited on order line {order_line}, more than the {} invoiced.",
                qty(lang, *credited),
                qty(lang, *invoiced)
            ),
            format!(
                "第 {line} 行：订单第 {order_line} 行贷记 {}，超过已开票的 {}。",
                qty(lang, *credited),
                qty(lang, *invoiced)
            ),
        ),
        Variance::TotalDiffers {
            stated,
            computed: Some(c),
        } => pick(
            lang,
            format!(
                "The stated total {} differs from the {} the lines work out to.",
                money(*stated),
                money(*c)
            ),
            format!(
                "单据总额 {} 与按行计算的 {} 不符。",
                money(*stated),
                money(*c)
            ),
        ),
        Variance::TotalDiffers {
            stated,
            computed: None,
        } => pick(
            lang,
            format!(
                "The stated total is {}; the lines' amounts are too large to work out.",
                money(*stated)
            ),
            format!("单据总额为 {}；各行金额过大，无法计算。", money(*stated)),
        ),
    }
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    match (lang, s) {
        (Lang::En, Status::Matched) => "Matched",
        (Lang::En, Status::Exception) => "Exception",
        (Lang::En, Status::CreditRequested) => "Credit note requested",
        (Lang::En, Status::Accepted) => "Accepted",
        (Lang::En, Status::Rejected) => "Rejected",
        (Lang::ZhCn, Status::Matched) => "已匹配",
        (Lang::ZhCn, Status::Exception) => "异常",
        (Lang::ZhCn, Status::CreditRequested) => "已要求贷项通知单",
        (Lang::ZhCn, Status::Accepted) => "已接受",
        (Lang::ZhCn, Status::Rejected) => "已拒绝",
    }
}

pub fn billing(lang: Lang, b: BillingStatus) -> &'static str {
    match (lang, b) {
        (Lang::En, BillingStatus::NotInvoiced) => "Not invoiced",
        (Lang::En, BillingStatus::PartlyInvoiced) => "Partly invoiced",
        (Lang::En, BillingStatus::InvoicedAsReceived) => "Invoiced as received",
        (Lang::En, BillingStatus::Invoiced) => "Fully invoiced",
        (Lang::En, BillingStatus::OverInvoiced) => "Invoiced beyond receipts",
        (Lang::ZhCn, BillingStatus::NotInvoiced) => "未开票",
        (Lang::ZhCn, BillingStatus::PartlyInvoiced) => "部分开票",
        (Lang::ZhCn, BillingStatus::InvoicedAsReceived) => "已按收货开票",
        (Lang::ZhCn, BillingStatus::Invoiced) => "已全部开票",
        (Lang::ZhCn, BillingStatus::OverInvoiced) => "开票超过收货",
    }
}

pub fn kind(lang: Lang, k: DocKind) -> &'static str {
    match (lang, k) {
        (Lang::En, DocKind::Invoice) => "Invoice",
        (Lang::En, DocKind::CreditNote) => "Credit note",
        (Lang::ZhCn, DocKind::Invoice) => "发票",
        (Lang::ZhCn, DocKind::CreditNote) => "贷项通知单",
    }
}

pub fn source(lang: Lang, s: Source) -> &'static str {
    match (lang, s) {
        (Lang::En, Source::Cxml) => "cXML",
        (Lang::En, Source::Peppol) => "Peppol",
        (Lang::En, Source::Entered) => "Typed in from paper",
        (Lang::En, Source::Demo) => "Demo supplier",
        (Lang::ZhCn, Source::Cxml) => "cXML",
        (Lang::ZhCn, Source::Peppol) => "Peppol",
        (Lang::ZhCn, Source::Entered) => "根据纸质发票录入",
        (Lang::ZhCn, Source::Demo) => "演示供应商",
    }
}

pub fn action(lang: Lang, a: Action) -> &'static str {
    match (lang, a) {
        (Lang::En, Action::Accept) => "Accepted for payment",
        (Lang::En, Action::RequestCredit) => "Asked for a credit note",
        (Lang::En, Action::Reject) => "Rejected",
        (Lang::ZhCn, Action::Accept) => "接受并付款",
        (Lang::ZhCn, Action::RequestCredit) => "要求贷项通知单",
        (Lang::ZhCn, Action::Reject) => "拒绝",
    }
}
