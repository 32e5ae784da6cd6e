//! Caps and quotas: how long each free-text field and id of a mutation may be, how many lines
//! and entries it may carry, and how much one user may keep open at the hub. A device checks
//! them before it queues a change (and the app's inputs carry the same `maxlength`); the hub
//! checks them again on every mutation (`procura_sync::limits::check_op`, then the quotas in
//! `procura_sync::sync::hub::decide`), because it trusts no device. Documented in `docs/api.md`.
//!
//! Text is counted in characters (Unicode scalar values, what a user types), ids and codes in
//! UTF-8 bytes (what the hub stores and indexes). A refusal names the field and the cap:
//! `too_long` (a text or an id), `too_many` (lines, entries, an order's events),
//! `quota_exceeded` (a per-user quota).

use crate::reason::{Reason, Refusal};

/// Any id or code: record ids chosen by devices (a UUID is 36), supplier and item ids, cost
/// centres, accounts, people, units, currencies, dates, route steps, receipts.
pub const MAX_ID_BYTES: usize = 128;
/// A requisition's title.
pub const MAX_TITLE_CHARS: usize = 200;
/// A requisition's justification.
pub const MAX_JUSTIFICATION_CHARS: usize = 4_000;
/// A delivery (ship-to) address, all its lines together.
pub const MAX_ADDRESS_CHARS: usize = 500;
/// A line's description.
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;
/// A note: on a requisition line, a delegation, an order's terms.
pub const MAX_NOTE_CHARS: usize = 1_000;
/// A comment or reason: an approver's decision, a cancellation, a refused delivery or line
/// (the same cap as an evaluation's comment).
pub const MAX_COMMENT_CHARS: usize = 2_000;
/// A name: a supplier's on a line or order, a person, cost centre, account or rule of the
/// policy.
pub const MAX_NAME_CHARS: usize = 200;
/// Lines of one requisition.
pub const MAX_LINES_PER_REQUISITION: usize = 500;
/// Lines of one order, of one goods receipt, of one change request.
pub const MAX_LINES_PER_ORDER: usize = 500;
/// Events one order may collect (receipts, change and cancel requests, the supplier's answers).
pub const MAX_EVENTS_PER_ORDER: usize = 500;
/// Entries of each list of the policy (people, cost centres, accounts, rules, budgets, rates,
/// a rule's condition lists and group members).
pub const MAX_POLICY_ENTRIES: usize = 5_000;

/// Requisitions one requester may have open (pending or returned) at once.
pub const MAX_OPEN_REQUISITIONS_PER_USER: usize = 200;
/// Delegations not yet over (current or future) from one person away.
pub const MAX_ACTIVE_DELEGATIONS_PER_USER: usize = 20;

/// `value` has at most `max` characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    // Counting stops past the cap: a 1 MiB text costs no more than a short one.
    if value.chars().nth(max).is_some() {
        return Err(Reason::TooLongChars {
            field: field.to_owned(),
            max,
        }
        .into());
    }
    Ok(())
}

/// `value` (a string or a typed id) has at most [`MAX_ID_BYTES`] bytes.
pub fn id(field: &str, value: impl AsRef<str>) -> Result<(), Refusal> {
    if value.as_ref().len() > MAX_ID_BYTES {
        return Err(Reason::TooLongBytes {
            field: field.to_owned(),
            max: MAX_ID_BYTES,
        }
        .into());
    }
    Ok(())
}

/// `len` entries at most `max`.
pub fn count(what: &str, len: usize, max: usize) -> Result<(), Refusal> {
    if len > max {
        return Err(Reason::TooMany {
            what: what.to_owned(),
            count: len,
            max,
        }
        .into());
    }
    Ok(())
}
