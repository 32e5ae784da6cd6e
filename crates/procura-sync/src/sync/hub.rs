//! The hub's side of the sync rules: which mutations of a push are new, and whether each may be
//! applied. Pure decisions; the endpoint performs them in one SQLite transaction per push, and
//! devices run the same [`decide`] to show their queued changes before the hub has seen them.

use crate::api::sync::{Mutation, Op, Record, RecordKey, RecordKind, MAX_PUSH_BATCH};
use crate::limits;
use procura_ground::id::SupplierId;
use procura_ground::reason::Reason;
use procura_procurement::approval::{self, Actor, Delegation, Org, Policy, Requisition};
use procura_suppliers::assessment::{self, Assessor};
use procura_suppliers::performance::{self, SupplierScore};
use procura_suppliers::scorecard::{Evaluation, EvaluationError, Evaluator};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("a push carries at most {MAX_PUSH_BATCH} mutations, this one {0}")]
    TooLarge(usize),
    #[error("mutation ids must increase strictly within a push (id {0} follows {1})")]
    NotIncreasing(u64, u64),
    #[error("mutation id 0 is not valid; ids start at 1")]
    ZeroId,
}

/// The mutations of `batch` the hub has not processed yet, given the last id it processed for
/// this client (`None`: it has never heard of the client).
///
/// Ids at or below `last_applied` were processed by an earlier delivery of the same push (a
/// retry after a lost answer, a duplicated or late request): they are skipped, which is what
/// makes a push exactly-once however often it arrives. A gap above `last_applied` is accepted:
/// refusing it would leave the device stuck for good.
pub fn unprocessed(
    last_applied: Option<u64>,
    batch: &[Mutation],
) -> Result<&[Mutation], BatchError> {
    if batch.len() > MAX_PUSH_BATCH {
        return Err(BatchError::TooLarge(batch.len()));
    }
    if batch.first().is_some_and(|m| m.id == 0) {
        return Err(BatchError::ZeroId);
    }
    if let Some(w) = batch.windows(2).find(|w| w[1].id <= w[0].id) {
        return Err(BatchError::NotIncreasing(w[1].id, w[0].id));
    }
    let done = last_applied.unwrap_or(0);
    let first_new = batch.partition_point(|m| m.id <= done);
    Ok(&batch[first_new..])
}

/// What applying a mutation does to the hub's records.
// Short-lived (one per decision): boxing the record would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubWrite {
    Put(Record),
    Remove(RecordKey),
    /// Nothing changes (deleting what is already gone).
    Nothing,
}

pub use procura_ground::reason::Refusal;

/// What the hub knows beyond the record a mutation targets.
pub struct Context<'a> {
    /// Whether a saved evaluation names a supplier the hub knows.
    pub supplier_exists: bool,
    /// The organisation's policy (`None` until an admin or the seed wrote one).
    pub policy: Option<&'a Policy>,
    /// At least the delegations *to* the author that are not over (the rules consult no
    /// others; a device passes all it holds).
    pub delegations: &'a [Delegation],
    /// The live delegations *from* a person that are not over yet (a superset is fine: the
    /// rules filter again), for [`limits::MAX_ACTIVE_DELEGATIONS_PER_USER`].
    pub delegations_from: &'a dyn Fn(&str) -> Vec<Delegation>,
    /// How many requisitions a requester has open (pending or returned), for
    /// [`limits::MAX_OPEN_REQUISITIONS_PER_USER`].
    pub open_requisitions: &'a dyn Fn(&str) -> usize,
    /// Net committed in a cost centre and period, not counting a requisition id.
    pub committed: &'a dyn Fn(approval::Committed<'_>) -> Decimal,
    /// Requisitions and what is ordered of them, for orders.
    pub orders: Option<&'a procura_orders::order::hub::OrderContext<'a>>,
    /// The organisation's catalog, to check the price of a requisition's catalog lines
    /// ([`approval::act::verify_catalog_lines`]). `None` on a device, which shows its own
    /// change as submitted and leaves the check to the hub.
    pub catalog: Option<CatalogLookup<'a>>,
    /// A supplier's current performance standing
    /// ([`procura_suppliers::performance::current_standing`]), asked only for the suppliers a
    /// requisition or an order names: one that is blocked is refused. `None`: not enforced.
    pub standing: Option<Standings<'a>>,
    /// The stocked item under a key (`{item}@{location}`), for goods issues.
    pub stocked: &'a dyn Fn(&str) -> Option<procura_spend::stock::Stock>,
    /// What invoices are decided against. `None`: invoices are not accepted.
    pub invoices: Option<&'a InvoiceContext<'a>>,
    /// A supplier's contracts, at least those not ended (the rules pick those in force), which
    /// price its catalog items for a requisition's catalog lines and count against
    /// [`procura_invoicing::contracts::MAX_LIVE_PER_SUPPLIER`].
    pub contracts: &'a dyn Fn(&SupplierId) -> Vec<procura_invoicing::contracts::Contract>,
}

/// What the invoice rules ask of the hub.
pub struct InvoiceContext<'a> {
    /// A supplier's name, if the organisation has the supplier.
    pub supplier_name: &'a dyn Fn(&SupplierId) -> Option<String>,
    /// The order a document names, among its supplier's
    /// ([`procura_invoicing::invoice::find_order`]).
    pub find_order: &'a dyn Fn(
        &procura_invoicing::invoice::InvoiceDocument,
        &SupplierId,
    ) -> Option<procura_orders::order::PurchaseOrder>,
    /// An order by id.
    pub order: &'a dyn Fn(&str) -> Option<procura_orders::order::PurchaseOrder>,
    /// Every invoice and credit note on an order (by id).
    pub on_order: &'a dyn Fn(&str) -> Vec<procura_invoicing::invoice::Invoice>,
    /// Every return on an order (by id): what may still go back, and what is not payable.
    pub returns_on_order: &'a dyn Fn(&str) -> Vec<procura_invoicing::returns::Return>,
}

/// A supplier's current standing, by id.
pub type Standings<'a> = &'a dyn Fn(&SupplierId) -> SupplierScore;

/// Refuses the first blocked supplier among `suppliers` (id and name; empty ids are skipped,
/// each supplier is asked once).
pub fn refuse_blocked<'s>(
    suppliers: impl IntoIterator<Item = (&'s SupplierId, &'s str)>,
    standing: Standings<'_>,
) -> Result<(), Refusal> {
    let mut asked = std::collections::BTreeSet::new();
    for (id, name) in suppliers {
        if id.as_str().trim().is_empty() || !asked.insert(id) {
            continue;
        }
        performance::may_order(name, &standing(id))?;
    }
    Ok(())
}

/// Finds a catalog item by id.
pub type CatalogLookup<'a> = &'a dyn Fn(&str) -> Option<procura_catalog::catalog::CatalogItem>;

/// Decides one mutation by `author` against the record it targets (`current`, as the hub holds
/// it now) and the organisation (`ctx`).
///
/// Evaluations: the draft must be valid, only its author may change or delete it, deleting a
/// missing one is done already. Requisitions: the state machine of [`procura_procurement::approval`] (route,
/// limits, segregation of duties, delegation, budget, role). The policy: admins only.
/// Delegations: the person away or an admin. Selections:
/// [`procura_suppliers::selection::save`] (a buyer or admin starts one, its creator or an admin
/// changes it, from the current revision). Before any of that, the caps of
/// [`limits::check_op`]; a new requisition and a delegation also count against the author's
/// quotas.
pub fn decide(
    op: &Op,
    author: &Actor,
    current: Option<&Record>,
    ctx: &Context<'_>,
    now_ms: i64,
) -> Result<HubWrite, Refusal> {
    limits::check_op(op)?;
    let org = || -> Result<Org<'_>, Refusal> {
        Ok(Org {
            policy: ctx
                .policy
                .ok_or_else(|| Refusal::from(Reason::NoPolicy {}))?,
            delegations: ctx.delegations,
            committed: ctx.committed,
        })
    };
    let order = || -> Result<&procura_orders::order::PurchaseOrder, Refusal> {
        match current {
            Some(Record::Order(o)) => Ok(o),
            _ => Err(Reason::OrderUnknown {}.into()),
        }
    };
    let requisition = || -> Result<&Requisition, Refusal> {
        match current {
            Some(Record::Requisition(r)) => Ok(r),
            _ => Err(Reason::RequisitionUnknown {}.into()),
        }
    };
    money_bounds(op)?;
    match op {
        Op::SaveEvaluation { .. } | Op::DeleteEvaluation { .. } => {
            decide_evaluation(op, author, current, ctx.supplier_exists, now_ms)
        }
        Op::SubmitRequisition { requisition: draft } => {
            let current = match current {
                None => None,
                Some(Record::Requisition(r)) => Some(r),
                Some(_) => return Err(Reason::NotARequisition {}.into()),
            };
            if current.is_none() {
                approval::act::may_open_another((ctx.open_requisitions)(author.id.as_str()))?;
            }
            if let Some(standing) = ctx.standing {
                refuse_blocked(
                    draft
                        .lines
                        .iter()
                        .map(|l| (&l.supplier_id, l.supplier_name.as_str())),
                    standing,
                )?;
            }
            let verified;
            let draft = match ctx.catalog {
                Some(lookup) => {
                    verified = procura_invoicing::contracts::verify_draft(
                        draft,
                        lookup,
                        ctx.contracts,
                        procura_ground::date::day_of_ms(now_ms),
                    )?;
                    &verified
                }
                None => draft,
            };
            let r = approval::submit(draft, current, author, &org()?, now_ms)?;
            Ok(HubWrite::Put(Record::Requisition(r)))
        }
        Op::DecideRequisition { decision } => {
            let current = requisition()?;
            // A supplier blocked since the requisition was submitted: it may still be returned
            // or rejected, not approved (its order would be refused).
            if let (approval::Verdict::Approve, Some(standing)) = (decision.verdict, ctx.standing) {
                refuse_blocked(
                    current
                        .lines
                        .iter()
                        .map(|l| (&l.supplier_id, l.supplier_name.as_str())),
                    standing,
                )?;
            }
            let r = approval::decide(current, decision, author, &org()?, now_ms)?;
            Ok(HubWrite::Put(Record::Requisition(r)))
        }
        Op::WithdrawRequisition { revision, .. } => {
            let r = approval::withdraw(requisition()?, *revision, author, now_ms)?;
            Ok(HubWrite::Put(Record::Requisition(r)))
        }
        Op::SavePolicy { policy } => Ok(HubWrite::Put(Record::Policy(approval::policy::save(
            policy, author,
        )?))),
        Op::SaveDelegation { delegation } => {
            let current = match current {
                Some(Record::Delegation(old)) => Some(old),
                None => None,
                Some(_) => return Err(Reason::NotADelegation {}.into()),
            };
            let others = (ctx.delegations_from)(delegation.from.as_str());
            let d = approval::delegation::save(
                delegation, current, author, &others, ctx.policy, now_ms,
            )?;
            Ok(HubWrite::Put(Record::Delegation(d)))
        }
        Op::CreateOrder { order } => {
            let orders = ctx
                .orders
                .ok_or_else(|| Refusal::from(Reason::OrdersNotAccepted {}))?;
            if let Some(standing) = ctx.standing {
                refuse_blocked(
                    [(&order.supplier_id, order.supplier_name.as_str())],
                    standing,
                )?;
            }
            let stored = procura_orders::order::hub::create(
                order,
                current.is_some(),
                author,
                &procura_orders::order::hub::OrderContext {
                    supplier_exists: ctx.supplier_exists,
                    ..*orders
                },
                now_ms,
            )?;
            Ok(HubWrite::Put(Record::Order(stored)))
        }
        Op::ReceiveGoods {
            receipt_id, lines, ..
        } => Ok(HubWrite::Put(Record::Order(
            procura_orders::order::hub::receive(order()?, receipt_id, lines, author, now_ms)?,
        ))),
        Op::RequestOrderChange {
            request_id, lines, ..
        } => Ok(HubWrite::Put(Record::Order(
            procura_orders::order::hub::request_change(
                order()?,
                request_id,
                lines,
                author,
                now_ms,
            )?,
        ))),
        Op::RequestOrderCancel { reason, .. } => Ok(HubWrite::Put(Record::Order(
            procura_orders::order::hub::request_cancel(order()?, reason, author, now_ms)?,
        ))),
        Op::SaveSelection { selection } => {
            let existing = match current {
                None => None,
                Some(Record::Selection(s)) => Some(s),
                Some(_) => return Err(Reason::SelectionIdInvalid {}.into()),
            };
            Ok(HubWrite::Put(Record::Selection(
                procura_suppliers::selection::save(
                    existing,
                    selection.clone(),
                    &author.id,
                    &author.roles,
                    now_ms,
                )?,
            )))
        }
        Op::DeleteDelegation { id } => match current {
            None => Ok(HubWrite::Nothing),
            Some(Record::Delegation(d)) => {
                approval::delegation::may_delete(d, author)?;
                Ok(HubWrite::Remove(RecordKey::new(
                    crate::api::sync::RecordKind::Delegation,
                    id,
                )))
            }
            Some(_) => Err(Reason::DelegationSomeoneElses {}.into()),
        },
        Op::SaveAssessment { assessment: draft } => {
            let current = match current {
                None => None,
                Some(Record::Assessment(a)) => Some(a),
                Some(_) => return Err(Reason::NotAnAssessment {}.into()),
            };
            let by = Assessor {
                id: author.id.clone(),
                name: author.name.clone(),
            };
            let saved = assessment::save(current, draft, &by, &author.roles, now_ms)?;
            if !ctx.supplier_exists {
                return Err(Reason::NoSupplier {
                    supplier: draft.supplier_id.to_string(),
                }
                .into());
            }
            Ok(HubWrite::Put(Record::Assessment(saved)))
        }
        Op::SaveStock { stock: draft } => {
            let existing = match current {
                None => None,
                Some(Record::Stock(s)) => Some(s),
                Some(_) => return Err(Reason::NotAStock {}.into()),
            };
            // The hub reads the item's supplier from its catalog; a device, which may not hold
            // every supplier's items, from the id (`{supplier}/{sku}`) and leaves the check to
            // the hub.
            let supplier = match ctx.catalog {
                Some(lookup) => lookup(draft.item_id.as_str()).map(|c| c.supplier_id),
                None => draft
                    .item_id
                    .as_str()
                    .split_once('/')
                    .map(|(s, _)| SupplierId::from(s)),
            };
            Ok(HubWrite::Put(Record::Stock(procura_spend::stock::save(
                existing,
                draft,
                supplier.as_ref(),
                (&author.id, &author.name),
                &author.roles,
                now_ms,
            )?)))
        }
        Op::IssueGoods { issue } => {
            let existing = match current {
                None => None,
                Some(Record::GoodsIssue(g)) => Some(g),
                Some(_) => return Err(Reason::IssueExists {}.into()),
            };
            let stock = (ctx.stocked)(&procura_spend::stock::key(&issue.item_id, &issue.location));
            match procura_spend::stock::issue(
                existing,
                issue,
                stock.as_ref(),
                (&author.id, &author.name),
                now_ms,
            )? {
                procura_spend::stock::IssueOutcome::Record(g) => {
                    Ok(HubWrite::Put(Record::GoodsIssue(g)))
                }
                procura_spend::stock::IssueOutcome::AlreadyRecorded => Ok(HubWrite::Nothing),
            }
        }
        Op::EnterInvoice { invoice } => {
            let inv = ctx
                .invoices
                .ok_or_else(|| Refusal::from(Reason::InvoiceEntryRole {}))?;
            let existing = match current {
                None => None,
                Some(Record::Invoice(i)) => Some(i),
                Some(_) => return Err(Reason::NotAnInvoice {}.into()),
            };
            let name = (inv.supplier_name)(&invoice.supplier_id);
            let order = (inv.find_order)(&invoice.document, &invoice.supplier_id);
            Ok(HubWrite::Put(Record::Invoice(
                procura_invoicing::invoice::enter(
                    existing,
                    invoice.clone(),
                    name.as_deref(),
                    order.as_ref(),
                    &author.id,
                    &author.roles,
                    now_ms,
                )?,
            )))
        }
        Op::DecideInvoice { decision } => {
            let inv = ctx
                .invoices
                .ok_or_else(|| Refusal::from(Reason::InvoiceDecideRole {}))?;
            let Some(Record::Invoice(invoice)) = current else {
                return Err(Reason::NotAnInvoice {}.into());
            };
            let order = invoice
                .order_id
                .as_ref()
                .and_then(|o| (inv.order)(o.as_str()));
            let mut docs = match &invoice.order_id {
                Some(o) => (inv.on_order)(o.as_str()),
                None => Vec::new(),
            };
            docs.retain(|d| d.id != invoice.id);
            docs.push(invoice.clone());
            let refs: Vec<&procura_invoicing::invoice::Invoice> = docs.iter().collect();
            let rets = match &invoice.order_id {
                Some(o) => (inv.returns_on_order)(o.as_str()),
                None => Vec::new(),
            };
            let rets: Vec<&procura_invoicing::returns::Return> = rets.iter().collect();
            let tolerances = ctx.policy.map(|p| p.invoicing.clone()).unwrap_or_default();
            let matched =
                procura_invoicing::matching::match_order(order.as_ref(), &refs, &rets, &tolerances);
            let status = matched
                .documents
                .get(&invoice.id)
                .map(|m| procura_invoicing::matching::status(invoice, m))
                .unwrap_or(procura_invoicing::matching::Status::Exception);
            let requesters = order
                .as_ref()
                .map(|o| requesters_of(o, ctx))
                .unwrap_or_default();
            Ok(HubWrite::Put(Record::Invoice(
                procura_invoicing::invoice::decide(
                    invoice,
                    decision,
                    status,
                    &requesters,
                    (&author.id, &author.name),
                    &author.roles,
                    now_ms,
                )?,
            )))
        }
        Op::OpenReturn { ret } => {
            use procura_invoicing::returns;
            let existing = match current {
                None => None,
                Some(Record::Return(r)) => Some(r),
                Some(_) => return Err(Reason::ReturnExists {}.into()),
            };
            let (order, others) = match ctx.invoices {
                Some(inv) => (
                    (inv.order)(ret.order_id.as_str()),
                    (inv.returns_on_order)(ret.order_id.as_str()),
                ),
                None => (None, Vec::new()),
            };
            let others: Vec<&returns::Return> = others.iter().collect();
            match returns::open(
                existing,
                ret,
                order.as_ref(),
                &others,
                (&author.id, &author.name),
                &author.roles,
                now_ms,
            )? {
                returns::OpenOutcome::Record(r) => Ok(HubWrite::Put(Record::Return(r))),
                returns::OpenOutcome::AlreadyRecorded => Ok(HubWrite::Nothing),
            }
        }
        Op::SaveContract { contract } => {
            use procura_invoicing::contracts;
            let existing = match current {
                None => None,
                Some(Record::Contract(c)) => Some(c),
                Some(_) => return Err(Reason::ContractNotFound {}.into()),
            };
            if existing.is_none() {
                let live = (ctx.contracts)(&contract.terms.supplier_id)
                    .iter()
                    .filter(|c| c.ended.is_none())
                    .count();
                contracts::may_add(live)?;
            }
            let supplier_name = ctx
                .invoices
                .and_then(|inv| (inv.supplier_name)(&contract.terms.supplier_id));
            Ok(HubWrite::Put(Record::Contract(contracts::save(
                existing,
                contract,
                supplier_name,
                (&author.id, &author.name),
                &author.roles,
                now_ms,
            )?)))
        }
        Op::EndContract {
            revision, reason, ..
        } => {
            let existing = match current {
                Some(Record::Contract(c)) => Some(c),
                _ => None,
            };
            Ok(HubWrite::Put(Record::Contract(
                procura_invoicing::contracts::end(
                    existing,
                    *revision,
                    reason,
                    (&author.id, &author.name),
                    &author.roles,
                    now_ms,
                )?,
            )))
        }
        Op::CancelReturn { revision, .. } => {
            let Some(Record::Return(r)) = current else {
                return Err(Reason::ReturnNotFound {}.into());
            };
            Ok(HubWrite::Put(Record::Return(
                procura_invoicing::returns::cancel(
                    r,
                    *revision,
                    (&author.id, &author.name),
                    &author.roles,
                    now_ms,
                )?,
            )))
        }
    }
}

/// The people whose requisitions an order fulfils.
fn requesters_of(
    order: &procura_orders::order::PurchaseOrder,
    ctx: &Context<'_>,
) -> Vec<procura_ground::id::UserId> {
    let mut out: Vec<procura_ground::id::UserId> = Vec::new();
    if let Some(orders) = ctx.orders {
        for r in &order.requisitions {
            if let Some(req) = (orders.requisition)(r.as_str()) {
                if !out.contains(&req.requester) {
                    out.push(req.requester);
                }
            }
        }
    }
    out
}

/// Refuses a mutation carrying a quantity, price, amount or rate past the bounds of
/// [`procura_ground::money`], whatever it targets, before any arithmetic: with the money error's code
/// (`quantity_out_of_range`, `price_out_of_range`, `amount_out_of_range`,
/// `rate_out_of_range`). Zero and negative values are left to each rule's own refusal.
pub fn money_bounds(op: &Op) -> Result<(), Refusal> {
    use procura_ground::money::{check_count, check_price, check_quantity, MoneyError};
    let refuse = |line: u32, e: MoneyError| Err(Refusal::from(Reason::money(Some(line), &e)));
    let quantity = |line: u32, q: Decimal| match check_quantity(q) {
        Err(e) if q > Decimal::ZERO => refuse(line, e),
        _ => Ok(()),
    };
    let price = |line: u32, p: Decimal| match check_price(p) {
        Err(e) if p >= Decimal::ZERO => refuse(line, e),
        _ => Ok(()),
    };
    let count = |line: u32, q: Decimal| match check_count(q) {
        Err(e) if q > Decimal::ZERO => refuse(line, e),
        _ => Ok(()),
    };
    let tax = |line: u32, t: Decimal| {
        if t.normalize().scale() > procura_ground::money::MAX_DECIMALS {
            refuse(line, MoneyError::Rate(t.normalize().to_string()))
        } else {
            Ok(())
        }
    };
    match op {
        Op::SubmitRequisition { requisition } => {
            for (i, l) in requisition.lines.iter().enumerate() {
                let n = i as u32 + 1;
                quantity(n, l.quantity)?;
                price(n, l.unit_price)?;
                if let Some(t) = l.tax_percent {
                    tax(n, t)?;
                }
            }
        }
        Op::CreateOrder { order } => {
            for l in &order.lines {
                quantity(l.line_no, l.quantity)?;
                price(l.line_no, l.unit_price)?;
                tax(l.line_no, l.tax_percent)?;
            }
        }
        Op::ReceiveGoods { lines, .. } => {
            for l in lines {
                count(l.line_no, l.accepted)?;
                count(l.line_no, l.damaged)?;
            }
        }
        Op::RequestOrderChange { lines, .. } => {
            for l in lines {
                if let procura_orders::order::LineAck::Changed {
                    line_no,
                    quantity: q,
                    unit_price: p,
                    ..
                } = l
                {
                    if let Some(q) = q {
                        quantity(*line_no, *q)?;
                    }
                    if let Some(p) = p {
                        price(*line_no, *p)?;
                    }
                }
            }
        }
        Op::SavePolicy { policy } => {
            if let Err((_, e)) = policy.check_money() {
                return Err(Reason::money(None, &e).into());
            }
        }
        Op::SaveEvaluation { .. }
        | Op::DeleteEvaluation { .. }
        | Op::DecideRequisition { .. }
        | Op::WithdrawRequisition { .. }
        | Op::SaveDelegation { .. }
        | Op::DeleteDelegation { .. }
        | Op::RequestOrderCancel { .. }
        | Op::SaveSelection { .. }
        | Op::SaveAssessment { .. }
        | Op::DecideInvoice { .. }
        | Op::CancelReturn { .. }
        | Op::EndContract { .. } => {}
        Op::SaveContract { contract } => {
            for (i, p) in contract.terms.prices.iter().enumerate() {
                if let procura_invoicing::contracts::AgreedPrice::Item { unit_price, .. } = p {
                    price(i as u32 + 1, *unit_price)?;
                }
            }
            if let Some(c) = contract.terms.ceiling {
                if procura_ground::money::check_amount(c.abs()).is_err() {
                    return Err(Reason::ContractCeilingInvalid {}.into());
                }
            }
        }
        Op::OpenReturn { ret } => {
            for l in &ret.lines {
                quantity(l.order_line, l.quantity)?;
            }
        }
        Op::EnterInvoice { invoice } => {
            let d = &invoice.document;
            for l in &d.lines {
                quantity(l.line_no, l.quantity)?;
                price(l.line_no, l.unit_price)?;
                tax(l.line_no, l.tax_percent)?;
            }
            for a in [d.total, d.tax_total] {
                if procura_ground::money::check_amount(a.abs()).is_err() {
                    return Err(Reason::InvoiceTotalInvalid {}.into());
                }
            }
        }
        Op::SaveStock { stock } => {
            if stock.counted > Decimal::ZERO {
                count(1, stock.counted)?;
            }
            if let Some(p) = procura_procurement::approval::stock::check(
                stock.order_cost,
                stock.holding_rate,
                stock.service_level_pct,
            )
            .into_iter()
            .next()
            {
                return Err(p.into());
            }
        }
        Op::IssueGoods { issue } => count(1, issue.quantity)?,
    }
    Ok(())
}

fn decide_evaluation(
    op: &Op,
    author: &Actor,
    current: Option<&Record>,
    supplier_exists: bool,
    now_ms: i64,
) -> Result<HubWrite, Refusal> {
    if let Some(record) = current {
        if record.author() != author.id {
            return Err(Reason::EvaluationNotAuthor {}.into());
        }
    }
    let evaluator = Evaluator {
        id: author.id.clone(),
        name: author.name.clone(),
    };
    match op {
        Op::SaveEvaluation { evaluation } => {
            evaluation
                .validate()
                .map_err(|e| Refusal::from(e.reason()))?;
            if !supplier_exists {
                return Err(Reason::NoSupplier {
                    supplier: evaluation.supplier_id.to_string(),
                }
                .into());
            }
            if let Some(Record::Evaluation(old)) = current {
                if old.supplier_id != evaluation.supplier_id {
                    return Err(Reason::EvaluationMoved {}.into());
                }
            }
            let record = Evaluation::from_draft(evaluation, &evaluator, now_ms)
                .ok_or_else(|| EvaluationError::BadPeriod(evaluation.period.text()).reason())?;
            Ok(HubWrite::Put(Record::Evaluation(record)))
        }
        Op::DeleteEvaluation { id } => Ok(match current {
            Some(_) => HubWrite::Remove(RecordKey::evaluation(id)),
            None => HubWrite::Nothing,
        }),
        _ => unreachable!("only evaluation ops come here"),
    }
}

/// Decides `op` against a device's own copy of the records, as the hub would against its own
/// (the supplier is assumed to exist): how a device shows a change before the hub has seen it.
pub fn decide_on(
    records: &BTreeMap<RecordKey, Record>,
    op: &Op,
    author: &Actor,
    now_ms: i64,
) -> Result<HubWrite, Refusal> {
    let policy = records
        .get(&RecordKey::new(
            crate::api::sync::RecordKind::Policy,
            approval::POLICY_ID,
        ))
        .and_then(|r| match r {
            Record::Policy(p) => Some(p),
            _ => None,
        });
    let delegations: Vec<Delegation> = records
        .values()
        .filter_map(|r| match r {
            Record::Delegation(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    let committed = |q: approval::Committed<'_>| {
        approval::committed_in(
            records.values().filter_map(Record::as_requisition),
            q.cost_centre,
            q.period,
            q.excluding,
        )
    };
    let delegations_from = |from: &str| {
        delegations
            .iter()
            .filter(|d| d.from == from)
            .cloned()
            .collect()
    };
    let open_requisitions = |requester: &str| {
        records
            .values()
            .filter(|r| {
                matches!(r, Record::Requisition(r)
                    if r.requester == requester && !r.status.is_final())
            })
            .count()
    };
    let requisition = |id: &str| match records.get(&RecordKey::requisition(id)) {
        Some(Record::Requisition(r)) => Some(r.clone()),
        _ => None,
    };
    let ordered_lines = |id: &str| {
        procura_orders::order::ordered_lines(records.values().filter_map(Record::as_order), id)
    };
    let orders = procura_orders::order::hub::OrderContext {
        requisition: &requisition,
        ordered_lines: &ordered_lines,
        supplier_exists: true,
        default_tax_percent: policy.map(|p| p.default_tax_percent).unwrap_or_default(),
    };
    // The device's own view of a supplier's standing, from the orders and evaluations it holds
    // (no catalog lead times: that measure waits for the hub).
    let standing_policy = policy
        .map(|p| p.supplier_standing.clone())
        .unwrap_or_default();
    let standing = |supplier: &SupplierId| {
        let orders: Vec<_> = records
            .values()
            .filter_map(Record::as_order)
            .filter(|o| &o.supplier_id == supplier)
            .cloned()
            .collect();
        let evaluations: Vec<Evaluation> = records
            .values()
            .filter_map(|r| match r {
                Record::Evaluation(e) if &e.supplier_id == supplier => Some(e.clone()),
                _ => None,
            })
            .collect();
        let facts = procura_orders::order::performance::facts(&orders, |_| None);
        performance::current_standing(
            &facts,
            &evaluations,
            supplier,
            procura_ground::date::day_of_ms(now_ms),
            &standing_policy,
        )
    };
    // Invoices on the device: the orders and documents it holds; a supplier it has no record
    // of is named by the hub (a device's entry of an unknown supplier waits for the hub).
    let supplier_name = |id: &SupplierId| {
        records
            .values()
            .filter_map(Record::as_order)
            .find(|o| &o.supplier_id == id)
            .map(|o| o.supplier_name.clone())
            .or_else(|| Some(id.to_string()))
    };
    let find_order = |doc: &procura_invoicing::invoice::InvoiceDocument, s: &SupplierId| {
        procura_invoicing::invoice::find_order(
            doc,
            s,
            records.values().filter_map(Record::as_order),
        )
        .cloned()
    };
    let order_by_id = |id: &str| match records.get(&RecordKey::new(RecordKind::Order, id)) {
        Some(Record::Order(o)) => Some(o.clone()),
        _ => None,
    };
    let on_order = |id: &str| {
        records
            .values()
            .filter_map(|r| match r {
                Record::Invoice(i) if i.order_id.as_ref().is_some_and(|o| o.as_str() == id) => {
                    Some(i.clone())
                }
                _ => None,
            })
            .collect()
    };
    let returns_on_order = |id: &str| {
        records
            .values()
            .filter_map(|r| match r {
                Record::Return(r) if r.order_id.as_str() == id => Some(r.clone()),
                _ => None,
            })
            .collect()
    };
    let contracts_of = |id: &SupplierId| {
        records
            .values()
            .filter_map(|r| match r {
                Record::Contract(c) if &c.terms.supplier_id == id => Some(c.clone()),
                _ => None,
            })
            .collect()
    };
    let invoices = InvoiceContext {
        supplier_name: &supplier_name,
        find_order: &find_order,
        order: &order_by_id,
        on_order: &on_order,
        returns_on_order: &returns_on_order,
    };
    let ctx = Context {
        supplier_exists: true,
        policy,
        delegations: &delegations,
        delegations_from: &delegations_from,
        open_requisitions: &open_requisitions,
        committed: &committed,
        orders: Some(&orders),
        catalog: None,
        standing: Some(&standing),
        stocked: &|key: &str| match records.get(&RecordKey::new(RecordKind::Stock, key)) {
            Some(Record::Stock(s)) => Some(s.clone()),
            _ => None,
        },
        invoices: Some(&invoices),
        contracts: &contracts_of,
    };
    decide(op, author, records.get(&op.key()), &ctx, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use procura_suppliers::scorecard::{EvaluationDraft, Scores};

    fn m(id: u64) -> Mutation {
        Mutation {
            id,
            created_at_ms: 0,
            op: Op::DeleteEvaluation { id: "x".into() },
        }
    }

    fn who(id: &str) -> Actor {
        Actor {
            id: id.into(),
            name: id.to_uppercase(),
            roles: vec![crate::api::Role::Buyer],
        }
    }

    fn save(id: &str, supplier: &str) -> Op {
        Op::SaveEvaluation {
            evaluation: EvaluationDraft {
                id: id.into(),
                supplier_id: supplier.into(),
                period: "2026-Q4".into(),
                scores: Scores {
                    quality: 4,
                    delivery: 3,
                    price: 5,
                    service: 4,
                },
                comment: " on time ".into(),
            },
        }
    }

    #[test]
    fn retried_mutations_are_skipped() {
        let batch = [m(3), m(4), m(5)];
        assert_eq!(unprocessed(None, &batch).unwrap().len(), 3);
        assert_eq!(unprocessed(Some(4), &batch).unwrap(), &[m(5)]);
        assert!(unprocessed(Some(9), &batch).unwrap().is_empty());
        assert_eq!(
            unprocessed(Some(1), &batch).unwrap().len(),
            3,
            "a gap is accepted"
        );
    }

    #[test]
    fn malformed_batches_are_refused() {
        assert_eq!(
            unprocessed(None, &[m(2), m(2)]),
            Err(BatchError::NotIncreasing(2, 2))
        );
        assert_eq!(unprocessed(None, &[m(0)]), Err(BatchError::ZeroId));
        let big: Vec<_> = (1..=MAX_PUSH_BATCH as u64 + 1).map(m).collect();
        assert!(matches!(
            unprocessed(None, &big),
            Err(BatchError::TooLarge(_))
        ));
    }

    #[test]
    fn the_hub_names_the_author_not_the_device() {
        let Ok(HubWrite::Put(Record::Evaluation(e))) =
            decide_evaluation(&save("e1", "acme"), &who("ana"), None, true, 7)
        else {
            panic!("should apply")
        };
        assert_eq!(
            (e.evaluator_id.as_str(), e.evaluator_name.as_str()),
            ("ana", "ANA")
        );
        assert_eq!(e.comment, "on time");
        assert_eq!(e.updated_at_ms, 7);
    }

    #[test]
    fn only_the_author_changes_or_deletes() {
        let Ok(HubWrite::Put(record)) =
            decide_evaluation(&save("e1", "acme"), &who("ana"), None, true, 0)
        else {
            panic!()
        };
        let refused =
            decide_evaluation(&save("e1", "acme"), &who("bo"), Some(&record), true, 0).unwrap_err();
        assert_eq!(refused.code, "not_author");
        let delete = Op::DeleteEvaluation { id: "e1".into() };
        assert_eq!(
            decide_evaluation(&delete, &who("bo"), Some(&record), true, 0)
                .unwrap_err()
                .code,
            "not_author"
        );
        assert_eq!(
            decide_evaluation(&delete, &who("ana"), Some(&record), true, 0),
            Ok(HubWrite::Remove(RecordKey::evaluation("e1")))
        );
        assert_eq!(
            decide_evaluation(&delete, &who("ana"), None, true, 0),
            Ok(HubWrite::Nothing)
        );
    }

    #[test]
    fn unknown_suppliers_and_moves_are_refused() {
        assert_eq!(
            decide_evaluation(&save("e1", "nope"), &who("ana"), None, false, 0)
                .unwrap_err()
                .code,
            "no_supplier"
        );
        let Ok(HubWrite::Put(record)) =
            decide_evaluation(&save("e1", "acme"), &who("ana"), None, true, 0)
        else {
            panic!()
        };
        assert_eq!(
            decide_evaluation(&save("e1", "bolt"), &who("ana"), Some(&record), true, 0)
                .unwrap_err()
                .code,
            "invalid"
        );
    }
}
