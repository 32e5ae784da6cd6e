//! Why the core says no: one typed [`Reason`] per refusal, with a stable fine-grained code
//! (`area.snake_case`) and its arguments, so the app can say it in the user's language. The
//! English sentence (`Display`) is for API clients and logs; the coarse code
//! ([`Reason::coarse_code`]: `invalid`, `stale`, `forbidden_role`, …) stays what the protocol
//! always said.
//!
//! On the wire a reason is `{"code": "order.line_shipped", "args": {"line": 2}}`.

use crate::vocab::{Criterion, Status};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// A value every argument type offers, so [`Reason::examples`] holds one of each variant.
pub trait Sample {
    fn sample() -> Self;
}

impl Sample for u32 {
    fn sample() -> Self {
        3
    }
}
impl Sample for u64 {
    fn sample() -> Self {
        41
    }
}
impl Sample for usize {
    fn sample() -> Self {
        2
    }
}
impl Sample for u8 {
    fn sample() -> Self {
        9
    }
}
impl Sample for String {
    fn sample() -> Self {
        "X-7".to_owned()
    }
}
impl Sample for Decimal {
    fn sample() -> Self {
        Decimal::new(125, 1)
    }
}
impl<T: Sample> Sample for Option<T> {
    fn sample() -> Self {
        Some(T::sample())
    }
}
impl Sample for Status {
    fn sample() -> Self {
        Status::Returned
    }
}
impl Sample for Criterion {
    fn sample() -> Self {
        Criterion::Delivery
    }
}

/// The status as the English messages name it.
pub fn status_word(s: &Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Returned => "returned",
        Status::Approved => "approved",
        Status::Rejected => "rejected",
        Status::Withdrawn => "withdrawn",
    }
}

fn on_line(line: &Option<u32>) -> String {
    line.map_or_else(String::new, |n| format!("line {n}: "))
}

macro_rules! reasons {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident { $($field:ident : $ty:ty),* $(,)? } = $code:literal, $coarse:literal, ($($en:tt)+);
    )*) => {
        /// Why the core refuses something. Every variant has a stable code
        /// ([`Reason::code`]) and an English sentence; the app renders each in every language.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
        #[serde(tag = "code", content = "args")]
        pub enum Reason {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $code)]
                #[error($($en)+)]
                $variant { $($field: $ty),* },
            )*
        }

        impl Reason {
            /// The stable fine-grained code, `area.snake_case`.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Reason::$variant { .. } => $code,)*
                }
            }

            /// The coarse code the protocol has always carried (`invalid`, `stale`, …).
            pub fn coarse_code(&self) -> &'static str {
                match self {
                    $(Reason::$variant { .. } => $coarse,)*
                }
            }

            /// One example of every variant, in declaration order.
            pub fn examples() -> Vec<Reason> {
                vec![$(Reason::$variant { $($field: Sample::sample()),* }),*]
            }

            /// The reason a `{"code": …, "args": {…}}` value names (what `Serialize` writes).
            fn from_json(value: serde_json::Value) -> Result<Reason, String> {
                let serde_json::Value::Object(mut reason) = value else {
                    return Err("a reason is an object with a code".into());
                };
                let Some(serde_json::Value::String(code)) = reason.remove("code") else {
                    return Err("a reason without a code".into());
                };
                #[allow(unused_mut, unused_variables)]
                let mut args = match reason.remove("args") {
                    Some(serde_json::Value::Object(args)) => args,
                    None | Some(serde_json::Value::Null) => serde_json::Map::new(),
                    Some(_) => return Err(format!("{code}: args is not an object")),
                };
                match code.as_str() {
                    $($code => Ok(Reason::$variant { $($field: arg(&mut args, stringify!($field))?),* }),)*
                    other => Err(format!("unknown reason code `{other}`")),
                }
            }
        }
    };
}

/// Reads a reason through a JSON value whatever the format (IndexedDB, HTTP, SQLite text), so
/// the code that reads each variant exists once, not once per format as a derived
/// `Deserialize` would have it: for 200 variants that was the largest code in the app.
impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        Reason::from_json(value).map_err(serde::de::Error::custom)
    }
}

/// Field `name` of a reason's args; a missing one reads as `null` (so an `Option` is `None`,
/// and anything else is an error naming the field).
fn arg<T: serde::de::DeserializeOwned>(
    args: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<T, String> {
    let value = args.remove(name).unwrap_or(serde_json::Value::Null);
    serde_json::from_value(value).map_err(|e| format!("{name}: {e}"))
}

reasons! {
    /// A code this build does not know (a newer hub's); shown by its code.
    Unrecognised { code: String } = "reason.unrecognised", "refused", ("refused ({code})");

    // Sync and the records a change targets.
    NoPolicy {} = "sync.no_policy", "no_policy", ("the organisation has no approval policy yet");
    OutOfOrder { mutation: u64 } = "sync.out_of_order", "out_of_order",
        ("mutation {mutation} arrived after later changes of this device; not applied");
    OrdersNotAccepted {} = "sync.orders_not_accepted", "invalid", ("orders are not accepted here");

    // Caps of limits.rs.
    TooLongChars { field: String, max: usize } = "limits.too_long_chars", "too_long",
        ("{field} is longer than {max} characters");
    TooLongBytes { field: String, max: usize } = "limits.too_long_bytes", "too_long",
        ("{field} is longer than {max} bytes");
    TooMany { what: String, count: usize, max: usize } = "limits.too_many", "too_many",
        ("{what}: {count}, at most {max}");

    // Money bounds.
    QuantityOutOfRange { line: Option<u32>, value: String } = "money.quantity_out_of_range",
        "quantity_out_of_range",
        ("{}the quantity {value} is out of range (above 0, at most 1,000,000,000, at most 6 decimals)", on_line(.line));
    PriceOutOfRange { line: Option<u32>, value: String } = "money.price_out_of_range",
        "price_out_of_range",
        ("{}the price {value} is out of range (0 to 1,000,000,000,000, at most 6 decimals)", on_line(.line));
    AmountOutOfRange { line: Option<u32> } = "money.amount_out_of_range", "amount_out_of_range",
        ("{}the amount is out of range (at most 1,000,000,000,000)", on_line(.line));
    RateOutOfRange { line: Option<u32>, value: String } = "money.rate_out_of_range",
        "rate_out_of_range",
        ("{}the rate {value} is out of range (0 to 100 % for tax, above 0 and at most 1,000,000 for an exchange rate, at most 6 decimals)", on_line(.line));

    // Requisition drafts.
    RequisitionUnknown {} = "requisition.unknown", "unknown", ("there is no such requisition");
    NotARequisition {} = "requisition.wrong_kind", "invalid", ("that id is not a requisition");
    OpenRequisitionQuota { open: usize, max: usize } = "requisition.open_quota", "quota_exceeded",
        ("{open} of your requisitions are open (pending or returned); at most {max} may be: withdraw or finish some first");
    RequisitionIdInvalid {} = "requisition.id_invalid", "invalid",
        ("a requisition needs an id of 1 to 64 characters");
    RequisitionNoLines {} = "requisition.no_lines", "invalid", ("a requisition needs at least one line");
    RequisitionTooManyLines { max: usize } = "requisition.too_many_lines", "invalid",
        ("a requisition has at most {max} lines");
    LineDescriptionMissing { line: u32 } = "requisition.line_description_missing", "invalid",
        ("line {line} needs a description");
    LineQuantityNotPositive { line: u32 } = "requisition.line_quantity_not_positive", "invalid",
        ("line {line}: the quantity must be above zero");
    LinePriceNegative { line: u32 } = "requisition.line_price_negative", "invalid",
        ("line {line}: the price cannot be negative");
    LineTaxInvalid { line: u32 } = "requisition.line_tax_invalid", "invalid",
        ("line {line}: the tax rate must be 0 to 100 %");
    LineSupplierMissing { line: u32 } = "requisition.line_supplier_missing", "invalid",
        ("line {line}: a catalog line names its supplier");
    CostCentreUnknown { cost_centre: String } = "requisition.cost_centre_unknown", "invalid",
        ("there is no cost centre {cost_centre:?}");
    AccountUnknown { account: String } = "requisition.account_unknown", "invalid",
        ("there is no account {account:?}");
    NeedByInvalid {} = "requisition.need_by_invalid", "invalid",
        ("the need-by date must be a date (YYYY-MM-DD)");
    NeedByPast {} = "requisition.need_by_past", "invalid", ("the need-by date is in the past");
    AddressMissing {} = "requisition.address_missing", "invalid", ("a delivery address is needed");
    JustificationMissing {} = "requisition.justification_missing", "invalid",
        ("a justification is needed");
    NoRate { line: u32, currency: String, to: String } = "requisition.no_rate", "no_rate",
        ("line {line}: there is no exchange rate from {currency} to {to}");
    CatalogSupplierMismatch { line: u32, item: String, supplier: String, currency: String } =
        "requisition.catalog_supplier_mismatch", "price_mismatch",
        ("line {line}: {item} is sold by {supplier} in {currency}");
    CatalogPriceMismatch { line: u32, item: String, quantity: Decimal, catalog_price: String, price: String } =
        "requisition.catalog_price_mismatch", "price_mismatch",
        ("line {line}: the catalog price of {item} at {quantity} is {catalog_price}, not {price}");
    BelowMinimumOrder { line: u32, item: String, quantity: Decimal, minimum: Decimal } =
        "requisition.below_minimum_order", "invalid",
        ("line {line}: {quantity} is below the minimum order quantity {minimum} of {item}");
    BuyersSubmit {} = "requisition.buyers_only", "forbidden_role", ("only buyers submit requisitions");
    RequisitionNotKnown {} = "requisition.not_known", "stale",
        ("this requisition is not known to the organisation");
    OnlyRequesterChanges {} = "requisition.not_requester", "not_requester",
        ("only the requester changes a requisition");
    ChangedStale { status: Status, revision: u32, base: u32 } = "requisition.stale_revision", "stale",
        ("this requisition is {} at revision {revision}; the change was made to revision {base}", status_word(.status));
    RouteChainEnds { person: String } = "requisition.route_chain_ends", "no_route",
        ("no manager above {person} may approve this amount; ask an admin to fix the policy");
    RouteNobodyMay { step: String } = "requisition.route_nobody_may", "no_route",
        ("step {step}: nobody in it may approve this amount; ask an admin to fix the policy");
    RouteUnknownRequester { person: String } = "requisition.route_unknown_requester", "no_route",
        ("{person} is not in the organisation chart; ask an admin to add them");
    OnlyRequesterWithdraws {} = "requisition.withdraw_not_requester", "not_requester",
        ("only the requester withdraws a requisition");
    WithdrawStale { status: Status, revision: u32 } = "requisition.withdraw_stale", "stale",
        ("the requisition is {} at revision {revision}", status_word(.status));

    // Approval decisions.
    ApproversDecide {} = "approval.approvers_only", "forbidden_role", ("only approvers decide requisitions");
    ActedFirst { status: Status, revision: u32 } = "approval.acted_first", "stale",
        ("someone else acted first: the requisition is now {} at revision {revision}", status_word(.status));
    NoStepWaiting {} = "approval.no_step_waiting", "stale", ("the requisition has no step waiting");
    StepMoved { step: String, waiting: String } = "approval.step_moved", "stale",
        ("the step {step:?} is no longer the one waiting ({waiting:?} is)");
    SelfApproval {} = "approval.self_approval", "self_approval", ("nobody decides their own requisition");
    NoDelegation { actor: String, principal: String } = "approval.no_delegation", "no_delegation",
        ("{actor} has no delegation from {principal} today");
    AlreadyApproved {} = "approval.already_approved", "already_approved",
        ("nobody approves twice on one route (in their own name or for someone else)");
    NotAnApprover { person: String, step: String } = "approval.not_an_approver", "not_an_approver",
        ("{person} is not an approver of the step {step:?}");
    OverLimit { person: String, amount: String } = "approval.over_limit", "over_limit",
        ("{person}'s approval limit is below {amount}");
    CommentRequired {} = "approval.comment_required", "comment_required", ("say why: a comment is required");
    BudgetExceeded { cost_centre: String, period: String, committed: String, this: String, after: String, budget: String } =
        "approval.budget_exceeded", "budget_exceeded",
        ("over budget (stop): budget {cost_centre} {period}: {committed} committed + {this} = {after} of {budget}");

    // The policy.
    AdminsChangePolicy {} = "policy.admins_only", "forbidden_role", ("only admins change the approval policy");
    PolicyCurrencyUnknown { currency: String } = "policy.currency_unknown", "invalid",
        ("{currency:?} is not an ISO 4217 currency");
    PolicyRateNotPositive { currency: String } = "policy.rate_not_positive", "invalid",
        ("the rate of {currency} must be above zero");
    PolicyDefaultTaxInvalid {} = "policy.default_tax_invalid", "invalid",
        ("the default tax rate must be between 0 and 100 %");
    PolicyPersonTwice { person: String } = "policy.person_twice", "invalid",
        ("person {person} is listed twice");
    PolicyManagerUnknown { person: String, manager: String } = "policy.manager_unknown", "invalid",
        ("{person}'s manager {manager} is not in the policy");
    PolicyLimitNegative { person: String } = "policy.limit_negative", "invalid",
        ("{person}'s approval limit is negative");
    PolicyManagerLoop { person: String } = "policy.manager_loop", "invalid",
        ("{person}'s manager chain loops");
    PolicyRuleIdInvalid { rule: String } = "policy.rule_id_invalid", "invalid",
        ("rule id {rule:?} is empty or used twice");
    PolicyChainNoLevel { rule: String } = "policy.chain_no_level", "invalid",
        ("rule {rule}: a manager chain needs a level");
    PolicyGroupEmpty { rule: String } = "policy.group_empty", "invalid",
        ("rule {rule}: the group has no members");
    PolicyMemberUnknown { rule: String, person: String } = "policy.member_unknown", "invalid",
        ("rule {rule}: {person} is not in the policy");
    PolicyBudgetNegative { cost_centre: String, period: String } = "policy.budget_negative", "invalid",
        ("budget {cost_centre} {period} is negative");
    PolicyBudgetPeriodInvalid { period: String } = "policy.budget_period_invalid", "invalid",
        ("budget period {period:?} is not YYYY-Qn");
    PolicyFallbackUnknown { person: String } = "policy.fallback_unknown", "invalid",
        ("escalation approver {person} is not in the policy");

    // Delegations.
    DelegationNotYours {} = "delegation.forbidden", "forbidden_role",
        ("a delegation is set up by the person away, or by an admin");
    DelegationSomeoneElses {} = "delegation.not_author", "not_author", ("this delegation is someone else's");
    NotADelegation {} = "delegation.wrong_kind", "invalid", ("that id is not a delegation");
    DelegationBadDate {} = "delegation.bad_date", "invalid",
        ("the first and last day must be dates (YYYY-MM-DD)");
    DelegationBackwards {} = "delegation.backwards", "invalid", ("the last day is before the first");
    DelegationToSelf {} = "delegation.to_self", "invalid", ("nobody can delegate to themselves");
    DelegationOver {} = "delegation.over", "invalid", ("the delegation's last day is over already");
    DelegationQuota { person: String, active: usize, max: usize } = "delegation.quota", "quota_exceeded",
        ("{person} has {active} delegations that are not over; at most {max} may be: delete one first");
    NotInChart { person: String } = "delegation.not_in_chart", "invalid",
        ("{person} is not in the organisation chart");

    // Supplier evaluations.
    EvaluationNotAuthor {} = "evaluation.not_author", "not_author",
        ("only the colleague who wrote this evaluation may change or delete it");
    EvaluationIdMissing {} = "evaluation.id_missing", "invalid", ("an evaluation needs an id");
    EvaluationSupplierMissing {} = "evaluation.supplier_missing", "invalid", ("choose a supplier");
    EvaluationBadPeriod { period: String } = "evaluation.bad_period", "invalid",
        ("the period {period:?} is not a calendar quarter such as 2026-Q4");
    EvaluationScoreOutOfRange { criterion: Criterion, score: u8 } = "evaluation.score_out_of_range", "invalid",
        ("the {criterion:?} score {score} is outside 1–5");
    EvaluationCommentTooLong { max: usize } = "evaluation.comment_too_long", "invalid",
        ("the comment is longer than {max} characters");
    NoSupplier { supplier: String } = "evaluation.no_supplier", "no_supplier",
        ("there is no supplier {supplier}");
    EvaluationMoved {} = "evaluation.moved", "invalid",
        ("an evaluation cannot be moved to another supplier; write a new one");

    // Supplier selections (AHP).
    SelectionIdInvalid {} = "selection.id_invalid", "invalid", ("a selection needs an id of 1 to 64 characters");
    SelectionTitleInvalid { max: usize } = "selection.title_invalid", "invalid",
        ("a selection needs a title of 1 to {max} characters");
    SelectionCriteriaCount { count: usize, min: usize, max: usize } = "selection.criteria_count", "invalid",
        ("a selection compares {min} to {max} criteria, not {count}");
    SelectionCandidatesCount { count: usize, min: usize, max: usize } = "selection.candidates_count", "invalid",
        ("a selection compares {min} to {max} suppliers, not {count}");
    SelectionCriterionInvalid { criterion: usize, max: usize } = "selection.criterion_invalid", "invalid",
        ("criterion {criterion} needs a key and a label of 1 to {max} characters");
    SelectionCriterionTwice { key: String } = "selection.criterion_twice", "invalid",
        ("the criterion {key:?} is listed twice");
    SelectionCandidateInvalid { candidate: usize, max: usize } = "selection.candidate_invalid", "invalid",
        ("supplier {candidate} needs an id and a name of 1 to {max} characters");
    SelectionCandidateTwice { supplier: String } = "selection.candidate_twice", "invalid",
        ("the supplier {supplier} is listed twice");
    SelectionJudgementsMismatch {} = "selection.judgements_mismatch", "invalid",
        ("the comparisons do not match the criteria and suppliers; compare again");
    SelectionBuyersOnly {} = "selection.buyers_only", "forbidden_role",
        ("only buyers and admins start a supplier selection");
    SelectionNotCreator {} = "selection.not_creator", "not_author",
        ("only the colleague who started this selection, or an admin, may change it");
    SelectionStale { revision: u32, base: u32 } = "selection.stale_revision", "stale",
        ("this selection is at revision {revision}; the change was made to revision {base}");
    SelectionSealBroken { seal: usize } = "selection.seal_broken", "invalid",
        ("seal {seal} of this selection was changed or its predecessor removed");
    SelectionContentChanged {} = "selection.content_changed", "invalid",
        ("this selection was changed after its last seal");
    // Supplier performance: standings that block, the policy's bands, assessments.
    SupplierBlocked { supplier: String, score: String } = "supplier.blocked", "supplier_blocked",
        ("{supplier} is blocked by its performance score {score}; choose another supplier");
    StandingWeightInvalid { metric: String, weight: u32 } = "policy.standing_weight_invalid", "invalid",
        ("the weight {weight} of {metric} is above 100 or the measure is weighted twice");
    StandingNoWeight {} = "policy.standing_no_weight", "invalid",
        ("at least one supplier performance measure needs a weight above 0");
    StandingBandsUnordered { blocked_below: u32, warn_below: u32, good_from: u32 } =
        "policy.standing_bands_unordered", "invalid",
        ("the standing bands must rise: blocked below {blocked_below}, warn below {warn_below}, good from {good_from}, at most 100");
    // Stocked items and goods issues.
    StockOrderCostInvalid { value: String } = "stock.order_cost_invalid", "invalid",
        ("the order cost {value} must be between 0 and 1,000,000 with at most 6 decimals");
    StockHoldingRateInvalid { value: String } = "stock.holding_rate_invalid", "invalid",
        ("the holding rate {value} must be above 0 and at most 10 (1,000 % a year)");
    StockServiceLevelInvalid { value: String } = "stock.service_level_invalid", "invalid",
        ("the service level {value} % must be between 50 and 99.9");
    StockAdminsOnly {} = "stock.admins_only", "forbidden_role",
        ("only admins decide which items are stocked");
    StockLocationInvalid { max: usize } = "stock.location_invalid", "invalid",
        ("a stock location needs a name of 1 to {max} characters");
    StockNoItem { item: String } = "stock.no_item", "invalid",
        ("there is no catalog item {item}");
    StockStale { revision: u32, base: u32 } = "stock.stale", "stale",
        ("the stocked item is at revision {revision} but the change was based on {base}; reload it");
    StockCountInvalid { value: String } = "stock.count_invalid", "invalid",
        ("the counted quantity {value} must be 0 or more, a whole number of units");
    StockCountInFuture {} = "stock.count_in_future", "invalid",
        ("the stock count is dated in the future");
    StockLeadTimeInvalid { max: u32 } = "stock.lead_time_invalid", "invalid",
        ("the lead time must be 0 to {max} days");
    NotAStock {} = "stock.not_a_stock", "invalid",
        ("the record is not a stocked item");
    IssueIdInvalid {} = "issue.id_invalid", "invalid",
        ("a goods issue needs an id of 1 to 64 characters");
    IssueNotStocked { item: String, location: String } = "issue.not_stocked", "invalid",
        ("{item} is not stocked at {location}");
    IssueQuantityInvalid { value: String } = "issue.quantity_invalid", "invalid",
        ("the issued quantity {value} must be a whole number above 0");
    IssueWhenInvalid {} = "issue.when_invalid", "invalid",
        ("a goods issue is dated in the future or more than a year ago");
    IssueExists {} = "issue.exists", "invalid",
        ("a different goods issue with this id is already recorded");
    IssueNoteTooLong { max: usize } = "issue.note_too_long", "invalid",
        ("the note is longer than {max} characters");
    // Supplier invoices and credit notes.
    ToleranceInvalid { value: String } = "policy.tolerance_invalid", "invalid",
        ("the invoice tolerance {value} must be 0 to 100 % or an amount of 0 to 1,000,000, with at most 6 decimals");
    ToleranceCategoryInvalid { max: usize } = "policy.tolerance_category_invalid", "invalid",
        ("at most {max} categories have tolerances of their own, each named by 2 to 8 digits of a UNSPSC code");
    InvoiceDuplicate { number: String } = "invoice.duplicate", "exists",
        ("the supplier's document {number} is already recorded");
    InvoiceNumberInvalid { max: usize } = "invoice.number_invalid", "invalid",
        ("an invoice needs a number of 1 to {max} characters");
    InvoiceNoLines { max: usize } = "invoice.no_lines", "invalid",
        ("an invoice needs 1 to {max} lines");
    InvoiceLineInvalid { line: u32 } = "invoice.line_invalid", "invalid",
        ("invoice line {line} needs a quantity other than 0 (below 0 only as a correction, with its amount below 0 too), a price of 0 or more and a tax rate of 0 to 100 %");
    InvoiceCurrencyInvalid { currency: String } = "invoice.currency_invalid", "invalid",
        ("{currency} is not an ISO 4217 currency code");
    InvoiceTotalInvalid {} = "invoice.total_invalid", "invalid",
        ("the invoice total must be an amount of 0 or more");
    InvoiceDatesInvalid {} = "invoice.dates_invalid", "invalid",
        ("the invoice date is more than a day in the future or the due date is before it");
    InvoiceTextTooLong { max: usize } = "invoice.text_too_long", "invalid",
        ("a text on the invoice is longer than {max} characters");
    InvoiceEntryRole {} = "invoice.entry_role", "forbidden_role",
        ("only accounts payable and admins type in invoices");
    InvoiceDecideRole {} = "invoice.decide_role", "forbidden_role",
        ("only accounts payable and buyers decide invoice exceptions");
    InvoiceOwnRequest {} = "invoice.own_request", "forbidden",
        ("you requested goods on this order, so someone else decides its invoice");
    InvoiceNotException {} = "invoice.not_exception", "invalid",
        ("the invoice matches its order, or was decided already; there is nothing to decide");
    InvoiceCommentRequired { max: usize } = "invoice.comment_required", "comment_required",
        ("say why, in 1 to {max} characters");
    InvoiceStale { revision: u32, base: u32 } = "invoice.stale", "stale",
        ("the invoice is at revision {revision} but the decision was based on {base}; reload it");
    InvoiceUnknownSupplier {} = "invoice.unknown_supplier", "invalid",
        ("choose the supplier who sent the invoice");
    NotAnInvoice {} = "invoice.not_an_invoice", "invalid",
        ("the record is not an invoice");
    // Returns and claims.
    ReturnRole {} = "return.role", "forbidden_role",
        ("only buyers and admins open or cancel returns");
    ReturnIdInvalid { max: usize } = "return.id_invalid", "invalid",
        ("a return needs an id of 1 to {max} characters");
    ReturnExists {} = "return.exists", "invalid",
        ("a different return with this id is already recorded");
    ReturnNoOrder {} = "return.no_order", "invalid",
        ("the return names no known order");
    ReturnLines { max: usize } = "return.lines", "invalid",
        ("a return needs 1 to {max} lines");
    ReturnNoLine { line: u32 } = "return.no_line", "invalid",
        ("the order has no line {line}");
    ReturnLineTwice { line: u32 } = "return.line_twice", "invalid",
        ("line {line} is named twice for the same goods");
    ReturnQuantityInvalid { line: u32 } = "return.quantity_invalid", "invalid",
        ("line {line}: the quantity to return must be above 0");
    ReturnTooMany { line: u32, quantity: Decimal, available: Decimal } = "return.too_many", "invalid",
        ("line {line}: {quantity} cannot be returned, at most {available}");
    ReturnReasonRequired { max: usize } = "return.reason_required", "invalid",
        ("say why the goods go back, in 1 to {max} characters");
    ReturnNoteTooLong { max: usize } = "return.note_too_long", "invalid",
        ("the note is longer than {max} characters");
    ReturnPhotoInvalid { max_kb: usize } = "return.photo_invalid", "invalid",
        ("the photo must be a JPEG, PNG or WebP image of at most {max_kb} KB");
    ReturnStatusInvalid { from: String, to: String } = "return.status_invalid", "invalid",
        ("the return is {from}; it cannot become {to}");
    ReturnStale { revision: u32, base: u32 } = "return.stale", "stale",
        ("the return is at revision {revision} but the change was based on {base}; reload it");
    ReturnNotFound {} = "return.not_found", "invalid",
        ("there is no such return");
    // Contracts (framework agreements).
    ContractRole {} = "contract.role", "forbidden_role",
        ("only buyers and admins make and end contracts");
    ContractIdInvalid { max: usize } = "contract.id_invalid", "invalid",
        ("the contract id must be 1 to {max} characters");
    ContractNumberInvalid { max: usize } = "contract.number_invalid", "invalid",
        ("the contract number must be 1 to {max} characters");
    ContractTitleInvalid { max: usize } = "contract.title_invalid", "invalid",
        ("the contract title must be 1 to {max} characters");
    ContractNoteTooLong { max: usize } = "contract.note_too_long", "invalid",
        ("the note is longer than {max} characters");
    ContractUnknownSupplier {} = "contract.unknown_supplier", "invalid",
        ("the contract names a supplier the organisation does not have");
    ContractSupplierFixed {} = "contract.supplier_fixed", "invalid",
        ("a contract's supplier and currency cannot change; end it and make a new one");
    ContractCurrencyInvalid { currency: String } = "contract.currency_invalid", "invalid",
        ("{currency} is not a currency in use");
    ContractDatesInvalid { max_days: u32 } = "contract.dates_invalid", "invalid",
        ("the contract must end on or after the day it starts, and run at most {max_days} days");
    ContractTermsMissing {} = "contract.terms_missing", "invalid",
        ("a contract needs agreed prices, a ceiling, or both");
    ContractTooManyPrices { max: usize } = "contract.too_many_prices", "invalid",
        ("a contract has at most {max} agreed prices");
    ContractItemInvalid { entry: u32 } = "contract.item_invalid", "invalid",
        ("agreed price {entry} must name one of the supplier's catalog items and a price above zero");
    ContractCategoryInvalid { entry: u32 } = "contract.category_invalid", "invalid",
        ("agreed price {entry} must name 2, 4, 6 or 8 digits of a UNSPSC code and a discount above 0 and below 100 %");
    ContractPriceTwice { entry: u32 } = "contract.price_twice", "invalid",
        ("agreed price {entry} names an item or category already priced above");
    ContractCeilingInvalid {} = "contract.ceiling_invalid", "invalid",
        ("the ceiling must be an amount above zero");
    ContractAlertsInvalid { max_days: u32 } = "contract.alerts_invalid", "invalid",
        ("warn 0 to {max_days} days before expiry, and when 1 to 100 % of the ceiling is used");
    ContractTooMany { max: usize } = "contract.too_many", "invalid",
        ("a supplier has at most {max} contracts that have not ended; end one first");
    ContractEnded {} = "contract.ended", "invalid",
        ("the contract has ended; it cannot change");
    ContractEndReasonRequired { max: usize } = "contract.end_reason_required", "comment_required",
        ("say why the contract ends (at most {max} characters)");
    ContractStale { revision: u32, base: u32 } = "contract.stale", "stale",
        ("the contract is at revision {revision} but the change was based on {base}; reload it");
    ContractNotFound {} = "contract.not_found", "invalid",
        ("there is no such contract");
    AssessmentRole {} = "assessment.buyers_only", "forbidden_role",
        ("only buyers and admins assess suppliers");
    AssessmentSupplierMissing {} = "assessment.supplier_missing", "invalid", ("choose a supplier");
    AssessmentRatingOutOfRange { field: String, value: u8 } = "assessment.rating_out_of_range", "invalid",
        ("the rating {value} of {field} is outside 1–5");
    AssessmentNoteTooLong { max: usize } = "assessment.note_too_long", "invalid",
        ("an evidence note is longer than {max} characters");
    AssessmentStale { revision: u32, base: u32 } = "assessment.stale", "stale",
        ("the assessment is at revision {revision} but the change was based on {base}; reload it");
    NotAnAssessment {} = "assessment.not_an_assessment", "invalid",
        ("the record is not a supplier assessment");

    // The audit trail's check (not a refusal: what the requisition page says of a trail).
    AuditChainBroken { entry: usize } = "audit.chain_broken", "invalid",
        ("entry {entry} was changed or its predecessor removed");
    AuditContentChanged { entry: usize } = "audit.content_changed", "invalid",
        ("the requisition's content was changed after entry {entry}");
    AuditStatusMismatch { trail: Status, record: Status } = "audit.status_mismatch", "invalid",
        ("the trail ends at status {} but the requisition says {}", status_word(.trail), status_word(.record));
    AuditEmpty {} = "audit.empty", "invalid", ("the trail is empty");

    // Purchase orders.
    OrderUnknown {} = "order.unknown", "unknown", ("there is no such order");
    BuyersOrder {} = "order.buyers_only", "forbidden_role", ("only buyers order and receive goods");
    OrderExists { order: String } = "order.exists", "exists", ("order {order} exists already");
    OrderIdInvalid {} = "order.id_invalid", "invalid", ("an order needs an id of 1 to 64 characters");
    OrderNoLines {} = "order.no_lines", "invalid", ("an order needs at least one line");
    OrderNoSupplier { supplier: String } = "order.no_supplier", "no_supplier", ("there is no supplier {supplier}");
    OrderLineMisnumbered { line: u32, numbered: u32 } = "order.line_misnumbered", "invalid",
        ("line {line} is numbered {numbered}");
    OrderNoRequisition { line: u32, requisition: String } = "order.no_requisition", "invalid",
        ("line {line}: there is no requisition {requisition}");
    OrderRequisitionNotApproved { line: u32, title: String, status: Status } = "order.requisition_not_approved",
        "not_approved", ("line {line}: requisition {title:?} is {}, not approved", status_word(.status));
    OrderRequisitionNoLine { line: u32, title: String, requisition_line: u32 } = "order.requisition_no_line",
        "invalid", ("line {line}: requisition {title:?} has no line {requisition_line}");
    AlreadyOrdered { line: u32, requisition_line: u32, title: String } = "order.already_ordered", "already_ordered",
        ("line {line}: line {requisition_line} of {title:?} is on an order already");
    OrderLineDiffers { line: u32 } = "order.line_differs", "invalid",
        ("line {line}: its supplier, currency or delivery address differs from the order's");
    OrderLineNotApproved { line: u32, quantity: Decimal, unit: String, price: Decimal } = "order.line_not_as_approved",
        "invalid", ("line {line}: item, unit, quantity and price must be the approved ones ({quantity} {unit} at {price})");
    OrderTaxInvalid {} = "order.tax_invalid", "invalid", ("a tax rate must be 0 to 100 %");
    OrderCancelled {} = "order.cancelled", "stale", ("the order is cancelled");
    OrderRejected {} = "order.rejected", "stale", ("the order is rejected by the supplier");
    OrderTooManyEvents { max: usize } = "order.too_many_events", "too_many",
        ("the order holds {max} events, the most it may");
    OrderNotSent {} = "order.not_sent", "stale", ("the order has not reached the supplier yet");
    ReceiptEmpty {} = "order.receipt_empty", "invalid", ("a receipt needs an id and at least one line");
    ReceiptExists { receipt: String } = "order.receipt_exists", "exists", ("receipt {receipt} is recorded already");
    OrderNoLine { line: u32 } = "order.no_line", "invalid", ("the order has no line {line}");
    OrderLineTwice { line: u32 } = "order.line_twice", "invalid", ("line {line} is named twice");
    ReceiptNegative { line: u32 } = "order.receipt_negative", "invalid",
        ("line {line}: quantities cannot be negative");
    ReceiptNothing { line: u32 } = "order.receipt_nothing", "invalid", ("line {line}: nothing received");
    ReceiptReasonMissing { line: u32 } = "order.receipt_reason_missing", "invalid",
        ("line {line}: say why items were refused");
    ReceiptTooMuch { line: u32, received: Decimal, expected: Decimal } = "order.receipt_too_much", "invalid",
        ("line {line}: {received} received of {expected} expected");
    ChangeEmpty {} = "order.change_empty", "invalid", ("a change has an id and names at least one line");
    ChangeExists { request: String } = "order.change_exists", "exists", ("change {request} is recorded already");
    LineShipped { line: u32 } = "order.line_shipped", "stale",
        ("line {line} is shipped already; return or claim instead");
    CancelReasonMissing {} = "order.cancel_reason_missing", "comment_required", ("say why the order is cancelled");
    PartlyShipped {} = "order.partly_shipped", "stale",
        ("part of the order has shipped; change or return instead");
    ChangeNotAChange {} = "order.change_not_a_change", "invalid",
        ("a change request names new quantities or dates");
    ChangeQuantityNotPositive { line: u32 } = "order.change_quantity_not_positive", "invalid",
        ("line {line}: a new quantity must be above zero (cancel instead)");
    ChangeDateInvalid { line: u32 } = "order.change_date_invalid", "invalid",
        ("line {line}: the date must be YYYY-MM-DD");
    ChangePrice {} = "order.change_price", "invalid",
        ("a buyer's change asks for quantities and dates; prices are the supplier's");
    ChangeNothing { line: u32 } = "order.change_nothing", "invalid", ("line {line}: nothing to change");
}

impl Reason {
    /// Whether this reason is only a code this build does not know.
    pub fn is_catch_all(&self) -> bool {
        matches!(self, Reason::Unrecognised { .. })
    }

    /// A money error of `line` (if any) as a reason.
    pub fn money(line: Option<u32>, e: &crate::money::MoneyError) -> Reason {
        use crate::money::MoneyError;
        match e {
            MoneyError::Quantity(v) => Reason::QuantityOutOfRange {
                line,
                value: v.clone(),
            },
            MoneyError::Price(v) => Reason::PriceOutOfRange {
                line,
                value: v.clone(),
            },
            MoneyError::Amount => Reason::AmountOutOfRange { line },
            MoneyError::Rate(v) => Reason::RateOutOfRange {
                line,
                value: v.clone(),
            },
        }
    }
}

/// Reads an optional reason, keeping an unknown code as [`Reason::Unrecognised`] instead of
/// failing the whole answer (a newer hub, or a refusal stored before a code was renamed).
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Reason>, D::Error> {
    let Some(value) = Option::<serde_json::Value>::deserialize(d)? else {
        return Ok(None);
    };
    if let Ok(reason) = Reason::deserialize(&value) {
        return Ok(Some(reason));
    }
    Ok(value
        .get("code")
        .and_then(|c| c.as_str())
        .map(|code| Reason::Unrecognised {
            code: code.to_owned(),
        }))
}

/// Why a rule refuses: the hub refuses a mutation with it. Final: the device shows it and drops the mutation.
/// `code` (coarse) and `message` (English) are what the protocol always carried; `reason` is
/// the typed reason they come from, which the app renders in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    /// Boxed: the largest reason carries six texts, and a refusal travels in every `Result`.
    pub reason: Box<Reason>,
}

impl From<Reason> for Refusal {
    fn from(reason: Reason) -> Self {
        Self {
            code: reason.coarse_code(),
            message: reason.to_string(),
            reason: Box::new(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_look_stable() {
        let examples = Reason::examples();
        let codes: BTreeSet<_> = examples.iter().map(Reason::code).collect();
        assert_eq!(codes.len(), examples.len(), "a code is used twice");
        for code in codes {
            let (area, name) = code.split_once('.').expect("area.name");
            let snake = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            assert!(snake(area) && snake(name), "{code}");
        }
    }

    #[test]
    fn every_reason_round_trips_under_its_code_and_reads_an_english_sentence() {
        for r in Reason::examples() {
            let json = serde_json::to_value(&r).unwrap();
            assert_eq!(json["code"], r.code(), "{json}");
            assert_eq!(serde_json::from_value::<Reason>(json).unwrap(), r);
            let en = r.to_string();
            assert!(!en.is_empty() && !en.contains('{'), "{en}");
        }
    }

    /// Every refusal the core makes comes from a specific reason: a `Refusal` is built only
    /// from a [`Reason`], and the catch-all for unknown codes is made only
    /// when reading one.
    #[test]
    fn the_core_refuses_only_with_specific_reasons() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.display().to_string(), text));
                }
            }
        }
        // Every crate's sources: the domain crates and the hub.
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&crates).unwrap() {
            let src = entry.unwrap().path().join("src");
            if src.is_dir() {
                walk(&src, &mut files);
            }
        }
        assert!(files.len() > 100, "{} files", files.len());
        for (path, text) in &files {
            let name = std::path::Path::new(path);
            if name.ends_with("reason.rs") {
                continue;
            }
            assert!(
                !text.contains("Unrecognised"),
                "{path} makes a catch-all reason"
            );
            let by_hand = text.match_indices("Refusal {").any(|(i, _)| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(!by_hand, "{path} builds a refusal by hand");
        }
    }

    #[test]
    fn args_read_as_the_derived_form_did() {
        let read = |s: &str| serde_json::from_str::<Reason>(s).map_err(|e| e.to_string());
        // A missing optional field is none; extra fields are ignored; an empty variant needs
        // no args.
        assert_eq!(
            read(r#"{"code":"money.quantity_out_of_range","args":{"value":"-1","extra":true}}"#),
            Ok(Reason::QuantityOutOfRange {
                line: None,
                value: "-1".into()
            })
        );
        assert_eq!(
            read(r#"{"code":"sync.no_policy"}"#),
            Ok(Reason::NoPolicy {})
        );
        // The args come in any order with the code anywhere.
        assert_eq!(
            read(r#"{"args":{"max":3,"field":"title"},"code":"limits.too_long_chars"}"#),
            Ok(Reason::TooLongChars {
                field: "title".into(),
                max: 3
            })
        );
        // What is wrong is named.
        let missing = read(r#"{"code":"limits.too_long_chars","args":{"max":3}}"#).unwrap_err();
        assert!(missing.contains("field"), "{missing}");
        let wrong = read(r#"{"code":"limits.too_long_chars","args":{"field":"t","max":-1}}"#);
        assert!(wrong.unwrap_err().contains("max"));
        assert!(read(r#"{"code":"x.unknown","args":{}}"#)
            .unwrap_err()
            .contains("x.unknown"));
        assert!(read(r#"{"code":"sync.no_policy","args":[1]}"#).is_err());
        assert!(read(r#"["sync.no_policy"]"#).is_err());
        assert!(read(r#"{"args":{}}"#).is_err());
    }

    #[test]
    fn an_unknown_code_is_kept_not_an_error() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default, deserialize_with = "lenient")]
            reason: Option<Reason>,
        }
        let read = |s: &str| serde_json::from_str::<Holder>(s).unwrap().reason;
        assert_eq!(read("{}"), None);
        assert_eq!(
            read(r#"{"reason":{"code":"order.line_shipped","args":{"line":2}}}"#),
            Some(Reason::LineShipped { line: 2 })
        );
        assert_eq!(
            read(r#"{"reason":{"code":"order.teleported","args":{"x":1}}}"#),
            Some(Reason::Unrecognised {
                code: "order.teleported".into()
            })
        );
    }
}
