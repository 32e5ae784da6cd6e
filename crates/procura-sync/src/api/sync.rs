//! The sync protocol's wire types: a device pushes its queued mutations and pulls the records
//! that changed. How the two sides use them is in [`crate::sync`].

use super::Cursor;
use procura_invoicing::contracts::{Contract, ContractDraft};
use procura_invoicing::invoice::{self as invoicing, DecisionDraft, EnteredInvoice, Invoice};
use procura_invoicing::returns::{Return, ReturnDraft};
use procura_orders::order::{LineAck, PurchaseOrder, ReceivedLine};
use procura_procurement::approval::{
    Decision, Delegation, Policy, Requisition, RequisitionDraft, POLICY_ID,
};
use procura_spend::stock::{GoodsIssue, GoodsIssueDraft, Stock, StockDraft};
use procura_suppliers::assessment::{Assessment, AssessmentDraft};
use procura_suppliers::scorecard::{Evaluation, EvaluationDraft};
use procura_suppliers::selection::{Selection, SelectionDraft};
use serde::{Deserialize, Serialize};

/// Most mutations one push may carry; larger requests are refused (400 `batch_too_large`).
pub const MAX_PUSH_BATCH: usize = 500;
/// About the most JSON one push carries; a device splits larger outboxes into several pushes.
/// The endpoint accepts bodies up to twice this.
pub const MAX_PUSH_BYTES: usize = 4 * 1024 * 1024;
/// Records per pull page: default and ceiling.
pub const DEFAULT_PULL_LIMIT: u32 = 1_000;
pub const MAX_PULL_LIMIT: u32 = 5_000;

/// One change a user made on a device, queued until the hub has applied it.
///
/// `id` is the device's mutation counter: it starts at 1 and only grows, so the hub can apply
/// each mutation exactly once by remembering the last id it applied for the device's client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutation {
    pub id: u64,
    /// When the user made the change (the device's clock; informational).
    pub created_at_ms: i64,
    pub op: Op,
}

/// What a mutation does.
///
/// Read through one JSON value whatever the format (HTTP, IndexedDB): see
/// [`procura_ground::read_through_json!`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", remote = "Self")]
pub enum Op {
    /// Create or replace the author's evaluation with this id.
    SaveEvaluation {
        evaluation: EvaluationDraft,
    },
    /// Remove the author's evaluation with this id.
    DeleteEvaluation {
        id: String,
    },
    /// Submit a new requisition, or resubmit a returned one (the author is the requester).
    SubmitRequisition {
        requisition: RequisitionDraft,
    },
    /// An approver's decision on a requisition's current step.
    DecideRequisition {
        decision: Decision,
    },
    /// The requester withdraws a pending or returned requisition.
    WithdrawRequisition {
        id: String,
        revision: u32,
    },
    /// An admin replaces the organisation's approval policy.
    SavePolicy {
        policy: Policy,
    },
    /// Create or change a delegation (by the person away, or an admin).
    SaveDelegation {
        delegation: Delegation,
    },
    DeleteDelegation {
        id: String,
    },
    /// A buyer turns approved requisitions into a purchase order (made on the device, so it
    /// can be planned offline; the hub checks it against the requisitions).
    CreateOrder {
        order: PurchaseOrder,
    },
    /// Goods received against an order (a partial delivery, damaged items refused).
    ReceiveGoods {
        order_id: String,
        receipt_id: String,
        lines: Vec<ReceivedLine>,
    },
    /// After sending: ask the supplier to change lines (quantity, date).
    RequestOrderChange {
        order_id: String,
        request_id: String,
        lines: Vec<LineAck>,
    },
    RequestOrderCancel {
        order_id: String,
        reason: String,
    },
    /// Start or change a supplier selection (AHP): by a buyer or admin when new, by its
    /// creator or an admin after, from its current revision.
    SaveSelection {
        selection: SelectionDraft,
    },
    /// A buyer or admin saves the organisation's assessment of a supplier (impacts for
    /// classification, capabilities for grading); one per supplier, by revision.
    SaveAssessment {
        assessment: AssessmentDraft,
    },
    /// An admin marks an item as stocked at a location, recounts it or changes its costs;
    /// one per item and location, by revision.
    SaveStock {
        stock: StockDraft,
    },
    /// Someone takes goods out of stock (recorded on a tablet, offline too).
    IssueGoods {
        issue: GoodsIssueDraft,
    },
    /// Accounts payable types in a supplier's paper invoice or credit note.
    EnterInvoice {
        invoice: EnteredInvoice,
    },
    /// Accounts payable or a buyer decides an invoice in exception: accept with a comment, ask
    /// the supplier for a credit note, or reject.
    DecideInvoice {
        decision: DecisionDraft,
    },
    /// A buyer sends goods back from an order's receipts (or claims goods refused at the
    /// door): replaced or refunded by the supplier.
    OpenReturn {
        ret: ReturnDraft,
    },
    /// The buyer withdraws a return the supplier has not answered yet.
    CancelReturn {
        id: String,
        revision: u32,
    },
    /// A buyer or admin records a contract (framework agreement) or changes it, by revision.
    SaveContract {
        contract: ContractDraft,
    },
    /// A buyer or admin ends a contract early, saying why.
    EndContract {
        id: String,
        revision: u32,
        reason: String,
    },
}

procura_ground::read_through_json!(Op);

impl Op {
    /// The record the mutation writes.
    pub fn key(&self) -> RecordKey {
        match self {
            Op::SaveEvaluation { evaluation } => RecordKey::evaluation(&evaluation.id),
            Op::DeleteEvaluation { id } => RecordKey::evaluation(id),
            Op::SubmitRequisition { requisition } => {
                RecordKey::requisition(requisition.id.as_str())
            }
            Op::DecideRequisition { decision } => {
                RecordKey::requisition(decision.requisition_id.as_str())
            }
            Op::WithdrawRequisition { id, .. } => RecordKey::requisition(id),
            Op::SavePolicy { .. } => RecordKey::new(RecordKind::Policy, POLICY_ID),
            Op::SaveDelegation { delegation } => {
                RecordKey::new(RecordKind::Delegation, &delegation.id)
            }
            Op::DeleteDelegation { id } => RecordKey::new(RecordKind::Delegation, id),
            Op::CreateOrder { order } => RecordKey::new(RecordKind::Order, order.id.as_str()),
            Op::ReceiveGoods { order_id, .. }
            | Op::RequestOrderChange { order_id, .. }
            | Op::RequestOrderCancel { order_id, .. } => {
                RecordKey::new(RecordKind::Order, order_id)
            }
            Op::SaveSelection { selection } => RecordKey::new(RecordKind::Selection, &selection.id),
            Op::SaveAssessment { assessment } => {
                RecordKey::new(RecordKind::Assessment, assessment.supplier_id.as_str())
            }
            Op::SaveStock { stock } => RecordKey::new(RecordKind::Stock, &stock.key()),
            Op::IssueGoods { issue } => RecordKey::new(RecordKind::GoodsIssue, &issue.id),
            Op::EnterInvoice { invoice } => RecordKey::new(
                RecordKind::Invoice,
                &invoicing::invoice_id(
                    &invoice.supplier_id,
                    invoice.document.kind,
                    &invoice.document.number,
                ),
            ),
            Op::DecideInvoice { decision } => {
                RecordKey::new(RecordKind::Invoice, &decision.invoice_id)
            }
            Op::OpenReturn { ret } => RecordKey::new(RecordKind::Return, &ret.id),
            Op::CancelReturn { id, .. } => RecordKey::new(RecordKind::Return, id),
            Op::SaveContract { contract } => RecordKey::new(RecordKind::Contract, &contract.id),
            Op::EndContract { id, .. } => RecordKey::new(RecordKind::Contract, id),
        }
    }
}

/// `POST /sync/push`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The device's identity for exactly-once: random, made once per device, bound by the hub
    /// to the first user who pushes with it.
    pub client_id: String,
    /// Queued mutations, ids strictly increasing.
    pub mutations: Vec<Mutation>,
}

/// The hub's answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The hub database's identity; a change means the hub lost its state (see `crate::sync`).
    pub epoch: String,
    /// Every mutation of this client with an id up to here has been processed (applied or
    /// refused); the device may drop them from its queue.
    pub last_applied: u64,
    /// What became of each mutation in the request, including those a retried request had
    /// already delivered.
    pub outcomes: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: u64,
    pub result: OutcomeResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OutcomeResult {
    Applied,
    /// The hub refused the change (a rule said no). It is final: retrying changes nothing.
    Refused {
        /// The coarse code (`invalid`, `stale`, …).
        code: String,
        /// In English, for API clients and logs.
        message: String,
        /// The typed reason (`{"code": "order.line_shipped", "args": {"line": 2}}`), which the
        /// app renders in the user's language. Absent from hubs and stored outcomes older
        /// than it; an unknown code is kept, not an error ([`procura_ground::reason::lenient`]).
        #[serde(
            default,
            deserialize_with = "procura_ground::reason::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        reason: Option<procura_ground::reason::Reason>,
    },
}

impl OutcomeResult {
    /// The refusal as the hub answers it.
    pub fn refused(r: &procura_ground::reason::Refusal) -> Self {
        OutcomeResult::Refused {
            code: r.code.to_owned(),
            message: r.message.clone(),
            reason: Some((*r.reason).clone()),
        }
    }
}

/// The answer to `GET /sync/pull?cursor=…&limit=…`: records changed after the cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub epoch: String,
    pub changes: Vec<RecordChange>,
    /// Store it with the changes, in the same transaction.
    pub next_cursor: Cursor,
    pub has_more: bool,
    /// Changes still waiting after this page (for progress).
    pub remaining: u64,
}

/// A record the hub holds for the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Evaluation(Evaluation),
    Requisition(Requisition),
    Policy(Policy),
    Delegation(Delegation),
    Order(PurchaseOrder),
    Selection(Selection),
    /// Keyed by the supplier's id.
    Assessment(Assessment),
    /// Keyed `{item}@{location}`.
    Stock(Stock),
    GoodsIssue(GoodsIssue),
    /// A supplier invoice or credit note, keyed by [`invoicing::invoice_id`].
    Invoice(Invoice),
    /// A return of goods to the supplier, keyed by the id the buyer's device made.
    Return(Return),
    Contract(Contract),
}

impl Record {
    /// The requisition this record is, if it is one.
    pub fn as_requisition(&self) -> Option<&Requisition> {
        match self {
            Record::Requisition(r) => Some(r),
            _ => None,
        }
    }

    /// The order this record is, if it is one.
    pub fn as_order(&self) -> Option<&PurchaseOrder> {
        match self {
            Record::Order(o) => Some(o),
            _ => None,
        }
    }

    pub fn key(&self) -> RecordKey {
        match self {
            Record::Evaluation(e) => RecordKey::evaluation(&e.id),
            Record::Requisition(r) => RecordKey::requisition(r.id.as_str()),
            Record::Policy(_) => RecordKey::new(RecordKind::Policy, POLICY_ID),
            Record::Delegation(d) => RecordKey::new(RecordKind::Delegation, &d.id),
            Record::Order(o) => RecordKey::new(RecordKind::Order, o.id.as_str()),
            Record::Selection(s) => RecordKey::new(RecordKind::Selection, &s.id),
            Record::Assessment(a) => RecordKey::new(RecordKind::Assessment, a.supplier_id.as_str()),
            Record::Stock(s) => RecordKey::new(RecordKind::Stock, &s.key()),
            Record::GoodsIssue(g) => RecordKey::new(RecordKind::GoodsIssue, &g.id),
            Record::Invoice(i) => RecordKey::new(RecordKind::Invoice, &i.id),
            Record::Return(r) => RecordKey::new(RecordKind::Return, &r.id),
            Record::Contract(c) => RecordKey::new(RecordKind::Contract, &c.id),
        }
    }

    /// The user who wrote the record: an evaluation's evaluator, a requisition's requester, a
    /// delegation's creator, a selection's creator (nobody in particular for the policy).
    pub fn author(&self) -> &str {
        match self {
            Record::Evaluation(e) => e.evaluator_id.as_str(),
            Record::Requisition(r) => r.requester.as_str(),
            Record::Policy(_) => "",
            Record::Delegation(d) => d.created_by.as_str(),
            Record::Order(o) => o.buyer.as_str(),
            Record::Selection(s) => s.created_by.as_str(),
            Record::Assessment(a) => a.assessed_by.as_str(),
            Record::Stock(s) => s.updated_by.as_str(),
            Record::GoodsIssue(g) => g.by.as_str(),
            Record::Invoice(i) => i.entered_by.as_ref().map_or("", |u| u.as_str()),
            Record::Return(r) => r.created_by.as_str(),
            Record::Contract(c) => c.history.first().map_or("", |h| h.by.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Evaluation,
    Requisition,
    Policy,
    Delegation,
    Order,
    Selection,
    Assessment,
    Stock,
    GoodsIssue,
    Invoice,
    Return,
    Contract,
}

impl RecordKind {
    pub const ALL: [RecordKind; 12] = [
        RecordKind::Evaluation,
        RecordKind::Requisition,
        RecordKind::Policy,
        RecordKind::Delegation,
        RecordKind::Order,
        RecordKind::Selection,
        RecordKind::Assessment,
        RecordKind::Stock,
        RecordKind::GoodsIssue,
        RecordKind::Invoice,
        RecordKind::Return,
        RecordKind::Contract,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Evaluation => "evaluation",
            RecordKind::Requisition => "requisition",
            RecordKind::Policy => "policy",
            RecordKind::Delegation => "delegation",
            RecordKind::Order => "order",
            RecordKind::Selection => "selection",
            RecordKind::Assessment => "assessment",
            RecordKind::Stock => "stock",
            RecordKind::GoodsIssue => "goods_issue",
            RecordKind::Invoice => "invoice",
            RecordKind::Return => "return",
            RecordKind::Contract => "contract",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A record's identity: its kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: String,
}

impl RecordKey {
    pub fn new(kind: RecordKind, id: &str) -> Self {
        Self {
            kind,
            id: id.to_owned(),
        }
    }

    pub fn evaluation(id: &str) -> Self {
        Self::new(RecordKind::Evaluation, id)
    }

    pub fn requisition(id: &str) -> Self {
        Self::new(RecordKind::Requisition, id)
    }

    /// One string for storage keys: `evaluation/{id}`.
    pub fn storage_key(&self) -> String {
        format!("{}/{}", self.kind.as_str(), self.id)
    }
}

/// One change in the pull feed.
// Most changes are upserts, so boxing the record would add an allocation to nearly every one.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum RecordChange {
    Upsert { record: Record },
    Delete { key: RecordKey },
}

impl RecordChange {
    pub fn key(&self) -> RecordKey {
        match self {
            RecordChange::Upsert { record } => record.key(),
            RecordChange::Delete { key } => key.clone(),
        }
    }
}

/// `POST /sync/events/ticket`: a one-time ticket for opening the hub's change notices
/// (`GET /sync/events?ticket=…`, server-sent events). A browser's `EventSource` cannot send a
/// bearer token, so the token buys a short-lived ticket instead of riding in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTicket {
    pub ticket: String,
    /// Seconds the ticket may still be redeemed.
    pub expires_in: u32,
}
