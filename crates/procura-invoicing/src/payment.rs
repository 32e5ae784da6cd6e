//! Payment readiness: when each approved invoice is due, what an early payment saves, and the
//! list accounts payable exports. No money moves inside the app.

use crate::invoice::{DocKind, Invoice};
use crate::matching::Status;
use procura_ground::date::{self, Date};
use procura_ground::money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One invoice (or credit note, negative) ready for payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payable {
    pub invoice_id: String,
    pub supplier_name: String,
    pub number: String,
    pub kind: DocKind,
    pub currency: String,
    /// What to pay: the stated total, negative for a credit note.
    pub amount: Decimal,
    #[serde(with = "date::day")]
    pub issued: Date,
    #[serde(with = "date::day")]
    pub due: Date,
    /// The last day of the early-payment discount and what paying by then saves.
    #[serde(default, with = "date::day_opt")]
    pub discount_until: Option<Date>,
    #[serde(default)]
    pub discount_amount: Option<Decimal>,
    pub status: Status,
}

/// The due date: the one the document states, else the invoice date plus the document's net
/// days, else plus `order_payment_days` (the order's terms).
pub fn due_date(inv: &Invoice, order_payment_days: Option<u32>) -> Date {
    if let Some(d) = inv.document.due {
        return d;
    }
    let days = inv.document.payment_days.or(order_payment_days).unwrap_or(30);
    date::add_days(inv.document.issued, i64::from(days))
}

/// The invoices approved for payment (matched or accepted), earliest due first, then by
/// supplier and number. `terms` gives an order's net payment days by its id.
pub fn payables<'a>(
    docs: impl IntoIterator<Item = (&'a Invoice, Status)>,
    terms: impl Fn(&str) -> Option<u32>,
) -> Vec<Payable> {
    let mut out: Vec<Payable> = docs
        .into_iter()
        .filter(|(_, s)| s.payable())
        .map(|(inv, status)| {
            let doc = &inv.document;
            let order_days = inv.order_id.as_ref().and_then(|o| terms(o.as_str()));
            let sign = match doc.kind {
                DocKind::Invoice => Decimal::ONE,
                DocKind::CreditNote => Decimal::NEGATIVE_ONE,
            };
            let (discount_until, discount_amount) = match (&doc.discount, doc.kind) {
                (Some(d), DocKind::Invoice) => (
                    Some(date::add_days(doc.issued, i64::from(d.days))),
                    money::tax(doc.total, d.percent, &doc.currency).ok(),
                ),
                _ => (None, None),
            };
            Payable {
                invoice_id: inv.id.clone(),
                supplier_name: inv.supplier_name.clone(),
                number: doc.number.clone(),
                kind: doc.kind,
                currency: doc.currency.clone(),
                amount: doc.total * sign,
                issued: doc.issued,
                due: due_date(inv, order_days),
                discount_until,
                discount_amount,
                status,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.due, &a.supplier_name, &a.number).cmp(&(b.due, &b.supplier_name, &b.number))
    });
    out
}
