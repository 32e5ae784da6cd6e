//! Two- and three-way matching, per order line and cumulative over every document on the
//! order.
//!
//! * **Price** (two-way): each line's unit price against its order line's, within the
//!   organisation's price tolerances ([`InvoiceTolerances`]). A lower price is never an
//!   exception.
//! * **Quantity** (three-way): what the invoices bill on an order line, minus what the credit
//!   notes credit, against what was *accepted* on receipt less what was returned
//!   ([`crate::returns::returned`]): damaged quantities refused at the door are not payable,
//!   nor are goods accepted and then sent back. There is no tolerance on quantity. Invoices count in the order they
//!   arrived: an invoice is judged with the invoices before it and every credit note, so a
//!   later over-billing is that later invoice's exception, and a credit note cures the
//!   invoice it brings back within what was received.
//! * **Total**: the stated total against the total worked out from the lines by the one money
//!   rule (line net rounded, tax per line), within the total tolerances.
//!
//! Rejected documents count for nothing. A document's [`Status`] follows from its findings and
//! the decisions on it ([`status`]).

use crate::invoice::{Action, DocKind, Invoice, InvoiceLine};
use crate::returns::{self, Return};
use procura_ground::money;
use procura_orders::order::{OrderEvent, OrderLine, PurchaseOrder};
use procura_procurement::approval::invoicing::InvoiceTolerances;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One thing matching noticed on a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Variance {
    /// The document names no order of this supplier.
    NoOrder,
    /// The document is in another currency than its order (no conversion: a person decides).
    CurrencyMismatch { order: String, invoice: String },
    /// A document line that bills no line of the order.
    NoSuchLine { line: u32 },
    /// The document names a contract the order is not under (no line of it priced by a
    /// contract of that number): a person checks which agreement the supplier means.
    ContractNotOnOrder { contract: String },
    /// Unit price above the order's.
    PriceOver {
        line: u32,
        order_line: u32,
        ordered: Decimal,
        invoiced: Decimal,
    },
    /// Unit price above the agreed price of the contract the order line is priced by: no
    /// tolerance applies, so it is always an exception.
    PriceOverContract {
        line: u32,
        order_line: u32,
        contract: String,
        agreed: Decimal,
        invoiced: Decimal,
    },
    /// Billed (cumulative, net of credit notes) beyond what was received and accepted, less
    /// what was returned (`accepted` is that payable quantity).
    QuantityOverAccepted {
        line: u32,
        order_line: u32,
        accepted: Decimal,
        billed: Decimal,
    },
    /// Billed before anything of the line was received and accepted.
    NotYetReceived { line: u32, order_line: u32 },
    /// A credit note crediting more than was invoiced on the line.
    CreditOverBilled {
        line: u32,
        order_line: u32,
        invoiced: Decimal,
        credited: Decimal,
    },
    /// The stated total against the one worked out from the lines (`None`: the lines' amounts
    /// are past the money bounds).
    TotalDiffers {
        stated: Decimal,
        computed: Option<Decimal>,
    },
}

/// A variance, and whether it is beyond tolerance (an exception) or within it (shown, paid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub variance: Variance,
    pub exception: bool,
}

/// What matching says about one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMatch {
    pub findings: Vec<Finding>,
    /// The order line each document line bills (index = the document's line), `None` when
    /// none.
    pub order_lines: Vec<Option<u32>>,
    /// Net, tax and total worked out from the lines by the money rule (`None` past bounds).
    pub net: Option<Decimal>,
    pub tax: Option<Decimal>,
    pub total: Option<Decimal>,
}

impl DocMatch {
    pub fn has_exception(&self) -> bool {
        self.findings.iter().any(|f| f.exception)
    }
}

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within tolerance: approved for payment by rule.
    Matched,
    /// Beyond tolerance: a person decides.
    Exception,
    /// A person asked the supplier for a credit note; it matches once one brings it back
    /// within tolerance.
    CreditRequested,
    /// A person accepted it with its exceptions: approved for payment.
    Accepted,
    /// A person rejected it: not payable, counts for nothing.
    Rejected,
}

impl Status {
    /// Approved for payment (by rule or by a person).
    pub fn payable(self) -> bool {
        matches!(self, Status::Matched | Status::Accepted)
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Exception => "exception",
            Status::CreditRequested => "credit_requested",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        }
    }
}

/// A document's status from its findings and the decision in force.
pub fn status(invoice: &Invoice, m: &DocMatch) -> Status {
    match invoice.decision().map(|d| d.action) {
        Some(Action::Reject) => Status::Rejected,
        Some(Action::Accept) => Status::Accepted,
        _ if !m.has_exception() => Status::Matched,
        Some(Action::RequestCredit) => Status::CreditRequested,
        None => Status::Exception,
    }
}

fn rejected(inv: &Invoice) -> bool {
    matches!(inv.decision().map(|d| d.action), Some(Action::Reject))
}

/// One order line's quantities across receipts and documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineBilling {
    pub line_no: u32,
    pub ordered: Decimal,
    /// Received and taken into stock.
    pub accepted: Decimal,
    /// Refused at the door: never payable.
    pub damaged: Decimal,
    /// Accepted, then sent back on a return that counts ([`returns::returned`]): not payable.
    #[serde(default)]
    pub returned: Decimal,
    /// On invoices that are not rejected.
    pub invoiced: Decimal,
    /// On credit notes that are not rejected.
    pub credited: Decimal,
}

impl LineBilling {
    /// Invoiced minus credited.
    pub fn billed(&self) -> Decimal {
        self.invoiced - self.credited
    }

    /// What may be billed: accepted less returned, never below zero.
    pub fn billable(&self) -> Decimal {
        (self.accepted - self.returned).max(Decimal::ZERO)
    }
}

/// The order's billing as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingStatus {
    NotInvoiced,
    /// Some lines billed less than ordered (and less than received).
    PartlyInvoiced,
    /// Every line billed exactly what was accepted, and something is still to be received.
    InvoicedAsReceived,
    /// Every line billed as ordered.
    Invoiced,
    /// Some line billed beyond what was accepted (less what was returned).
    OverInvoiced,
}

impl BillingStatus {
    pub fn key(self) -> &'static str {
        match self {
            BillingStatus::NotInvoiced => "not_invoiced",
            BillingStatus::PartlyInvoiced => "partly_invoiced",
            BillingStatus::InvoicedAsReceived => "invoiced_as_received",
            BillingStatus::Invoiced => "invoiced",
            BillingStatus::OverInvoiced => "over_invoiced",
        }
    }
}

/// Matching over one order and every document on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderMatch {
    /// Per order line, in order; empty without an order.
    pub lines: Vec<LineBilling>,
    /// Per document id.
    pub documents: BTreeMap<String, DocMatch>,
    pub billing: BillingStatus,
}

/// Accepted and damaged quantities per order line, over every receipt.
pub fn received(order: &PurchaseOrder) -> BTreeMap<u32, (Decimal, Decimal)> {
    let mut out: BTreeMap<u32, (Decimal, Decimal)> = BTreeMap::new();
    for e in &order.events {
        if let OrderEvent::Received { lines, .. } = e {
            for l in lines {
                let slot = out.entry(l.line_no).or_default();
                slot.0 = slot.0.saturating_add(l.accepted);
                slot.1 = slot.1.saturating_add(l.damaged);
            }
        }
    }
    out
}

/// The order line a document line bills: the one it names, or else the only order line with
/// its supplier part number.
fn order_line_of<'a>(order: &'a PurchaseOrder, line: &InvoiceLine) -> Option<&'a OrderLine> {
    match line.order_line {
        Some(n) => order.lines.iter().find(|l| l.line_no == n),
        None => {
            let part = line.supplier_part.trim();
            if part.is_empty() {
                return None;
            }
            let mut found = order.lines.iter().filter(|l| l.supplier_part == part);
            match (found.next(), found.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
        }
    }
}

/// The totals worked out from the lines by the one money rule: net, tax, total (`None` past the
/// money bounds). The entry form shows them as a paper invoice is typed in.
pub fn totals(doc_lines: &[InvoiceLine], currency: &str) -> Option<(Decimal, Decimal, Decimal)> {
    let mut net = Decimal::ZERO;
    let mut tax = Decimal::ZERO;
    for l in doc_lines {
        let n = money::line_net(l.quantity, l.unit_price, currency).ok()?;
        net = money::add(net, n).ok()?;
        tax = money::add(tax, money::tax(n, l.tax_percent, currency).ok()?).ok()?;
    }
    Some((net, tax, money::add(net, tax).ok()?))
}

fn price_within(
    tol: &InvoiceTolerances,
    unspsc: &str,
    ordered: Decimal,
    excess: Decimal,
    quantity: Decimal,
) -> bool {
    let (percent, absolute) = tol.price_for(unspsc);
    let pct_ok = percent.map(|p| InvoiceTolerances::within(excess, ordered, Some(p), None));
    let abs_ok = absolute.map(|a| {
        excess
            .checked_mul(quantity)
            .is_some_and(|line_excess| line_excess <= a)
    });
    match (pct_ok, abs_ok) {
        (None, None) => false,
        (p, a) => p.unwrap_or(true) && a.unwrap_or(true),
    }
}

/// Matches every document on `order` (or on no order: each then has [`Variance::NoOrder`]).
/// `docs` may come in any order; they are taken in the order they arrived. `rets` are the
/// returns on the order (those of other orders are ignored; refused and cancelled ones count
/// for nothing).
pub fn match_order(
    order: Option<&PurchaseOrder>,
    docs: &[&Invoice],
    rets: &[&Return],
    tol: &InvoiceTolerances,
) -> OrderMatch {
    let mut docs: Vec<&Invoice> = docs.to_vec();
    docs.sort_by(|a, b| (a.received_at_ms, &a.id).cmp(&(b.received_at_ms, &b.id)));
    let mut documents = BTreeMap::new();
    let Some(order) = order else {
        for d in docs {
            let mut m = doc_basics(d, tol);
            m.findings.insert(
                0,
                Finding {
                    variance: Variance::NoOrder,
                    exception: true,
                },
            );
            m.order_lines = vec![None; d.document.lines.len()];
            documents.insert(d.id.clone(), m);
        }
        return OrderMatch {
            lines: Vec::new(),
            documents,
            billing: BillingStatus::NotInvoiced,
        };
    };
    let receipts = received(order);
    let back = returns::returned(rets.iter().copied().filter(|r| r.order_id == order.id));
    let mut lines: Vec<LineBilling> = order
        .lines
        .iter()
        .map(|l| {
            let (accepted, damaged) = receipts.get(&l.line_no).copied().unwrap_or_default();
            LineBilling {
                line_no: l.line_no,
                ordered: l.quantity,
                accepted,
                damaged,
                returned: back.get(&l.line_no).copied().unwrap_or_default(),
                invoiced: Decimal::ZERO,
                credited: Decimal::ZERO,
            }
        })
        .collect();
    let index: BTreeMap<u32, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.line_no, i))
        .collect();
    // The order line of every document line, and the totals every invoice is judged against.
    let resolved: Vec<Vec<Option<u32>>> = docs
        .iter()
        .map(|d| {
            d.document
                .lines
                .iter()
                .map(|l| order_line_of(order, l).map(|ol| ol.line_no))
                .collect()
        })
        .collect();
    let mut total_invoiced: BTreeMap<u32, Decimal> = BTreeMap::new();
    let mut total_credited: BTreeMap<u32, Decimal> = BTreeMap::new();
    for (d, res) in docs.iter().zip(&resolved) {
        if rejected(d) {
            continue;
        }
        let sums = match d.kind() {
            DocKind::Invoice => &mut total_invoiced,
            DocKind::CreditNote => &mut total_credited,
        };
        for (l, ol) in d.document.lines.iter().zip(res) {
            if let Some(n) = ol {
                let s = sums.entry(*n).or_default();
                *s = s.saturating_add(l.quantity);
            }
        }
    }
    let mut invoiced_so_far: BTreeMap<u32, Decimal> = BTreeMap::new();
    let mut credited_so_far: BTreeMap<u32, Decimal> = BTreeMap::new();
    for (d, res) in docs.iter().zip(resolved) {
        let mut m = doc_basics(d, tol);
        if d.document.currency != order.currency {
            m.findings.push(Finding {
                variance: Variance::CurrencyMismatch {
                    order: order.currency.clone(),
                    invoice: d.document.currency.clone(),
                },
                exception: true,
            });
        }
        if let Some(stated) = d
            .document
            .contract
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let on_order = order.lines.iter().any(|l| {
                l.contract
                    .as_ref()
                    .is_some_and(|c| c.number.trim() == stated)
            });
            if !on_order {
                m.findings.push(Finding {
                    variance: Variance::ContractNotOnOrder {
                        contract: stated.to_owned(),
                    },
                    exception: true,
                });
            }
        }
        // This document's quantity per order line.
        let mut own: BTreeMap<u32, (u32, Decimal)> = BTreeMap::new();
        for (l, ol) in d.document.lines.iter().zip(&res) {
            let Some(n) = *ol else {
                m.findings.push(Finding {
                    variance: Variance::NoSuchLine { line: l.line_no },
                    exception: true,
                });
                continue;
            };
            let slot = own.entry(n).or_insert((l.line_no, Decimal::ZERO));
            slot.1 = slot.1.saturating_add(l.quantity);
            let ol = &order.lines[index[&n]];
            if d.kind() == DocKind::Invoice
                && d.document.currency == order.currency
                && l.quantity > Decimal::ZERO
            {
                let excess = l.unit_price - ol.unit_price;
                if let (true, Some(contract)) = (excess > Decimal::ZERO, &ol.contract) {
                    m.findings.push(Finding {
                        variance: Variance::PriceOverContract {
                            line: l.line_no,
                            order_line: n,
                            contract: contract.number.clone(),
                            agreed: ol.unit_price,
                            invoiced: l.unit_price,
                        },
                        exception: true,
                    });
                } else if excess > Decimal::ZERO {
                    m.findings.push(Finding {
                        variance: Variance::PriceOver {
                            line: l.line_no,
                            order_line: n,
                            ordered: ol.unit_price,
                            invoiced: l.unit_price,
                        },
                        exception: !price_within(
                            tol,
                            &ol.unspsc,
                            ol.unit_price,
                            excess,
                            l.quantity,
                        ),
                    });
                }
            }
        }
        let counts = !rejected(d);
        for (n, (line, qty)) in own {
            let bill = &lines[index[&n]];
            match d.kind() {
                DocKind::Invoice => {
                    let through = invoiced_so_far
                        .get(&n)
                        .copied()
                        .unwrap_or_default()
                        .saturating_add(qty);
                    if counts {
                        invoiced_so_far.insert(n, through);
                    }
                    let billed = through - total_credited.get(&n).copied().unwrap_or_default();
                    if billed > bill.billable() {
                        let variance = if bill.accepted.is_zero() {
                            Variance::NotYetReceived {
                                line,
                                order_line: n,
                            }
                        } else {
                            Variance::QuantityOverAccepted {
                                line,
                                order_line: n,
                                accepted: bill.billable(),
                                billed,
                            }
                        };
                        m.findings.push(Finding {
                            variance,
                            exception: true,
                        });
                    }
                }
                DocKind::CreditNote => {
                    let through = credited_so_far
                        .get(&n)
                        .copied()
                        .unwrap_or_default()
                        .saturating_add(qty);
                    if counts {
                        credited_so_far.insert(n, through);
                    }
                    let invoiced = total_invoiced.get(&n).copied().unwrap_or_default();
                    if through > invoiced {
                        m.findings.push(Finding {
                            variance: Variance::CreditOverBilled {
                                line,
                                order_line: n,
                                invoiced,
                                credited: through,
                            },
                            exception: true,
                        });
                    }
                }
            }
        }
        m.order_lines = res;
        documents.insert(d.id.clone(), m);
    }
    for l in &mut lines {
        l.invoiced = total_invoiced.get(&l.line_no).copied().unwrap_or_default();
        l.credited = total_credited.get(&l.line_no).copied().unwrap_or_default();
    }
    let billing = billing_status(&lines);
    OrderMatch {
        lines,
        documents,
        billing,
    }
}

fn billing_status(lines: &[LineBilling]) -> BillingStatus {
    if lines
        .iter()
        .all(|l| l.invoiced.is_zero() && l.credited.is_zero())
    {
        BillingStatus::NotInvoiced
    } else if lines.iter().any(|l| l.billed() > l.billable()) {
        BillingStatus::OverInvoiced
    } else if lines.iter().all(|l| l.billed() >= l.ordered) {
        BillingStatus::Invoiced
    } else if lines.iter().all(|l| l.billed() == l.billable()) {
        BillingStatus::InvoicedAsReceived
    } else {
        BillingStatus::PartlyInvoiced
    }
}

/// The totals check, which needs no order.
fn doc_basics(d: &Invoice, tol: &InvoiceTolerances) -> DocMatch {
    let worked = totals(&d.document.lines, &d.document.currency);
    let mut findings = Vec::new();
    let stated = d.document.total;
    match worked {
        Some((_, _, total)) => {
            let diff = (stated - total).abs();
            if !diff.is_zero() {
                findings.push(Finding {
                    variance: Variance::TotalDiffers {
                        stated,
                        computed: Some(total),
                    },
                    exception: !InvoiceTolerances::within(
                        diff,
                        total,
                        tol.total_percent,
                        tol.total_absolute,
                    ),
                });
            }
        }
        None => findings.push(Finding {
            variance: Variance::TotalDiffers {
                stated,
                computed: None,
            },
            exception: true,
        }),
    }
    DocMatch {
        findings,
        order_lines: Vec::new(),
        net: worked.map(|w| w.0),
        tax: worked.map(|w| w.1),
        total: worked.map(|w| w.2),
    }
}

/// Every document's status, by id, over the given orders, documents and returns: each
/// document is matched with the others and the returns on its order.
pub fn statuses<'a>(
    orders: impl Fn(&str) -> Option<&'a PurchaseOrder>,
    docs: &[&'a Invoice],
    rets: &[&'a Return],
    tol: &InvoiceTolerances,
) -> BTreeMap<String, (Status, DocMatch)> {
    let mut by_order: BTreeMap<Option<&str>, Vec<&Invoice>> = BTreeMap::new();
    for d in docs {
        by_order
            .entry(d.order_id.as_ref().map(|o| o.as_str()))
            .or_default()
            .push(d);
    }
    let mut out = BTreeMap::new();
    for (order_id, group) in by_order {
        let order = order_id.and_then(&orders);
        let m = match_order(order, &group, rets, tol);
        for d in group {
            if let Some(dm) = m.documents.get(&d.id) {
                out.insert(d.id.clone(), (status(d, dm), dm.clone()));
            }
        }
    }
    out
}
