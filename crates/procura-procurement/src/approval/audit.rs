//! The audit trail: every transition of a requisition (who, when, what, on whose behalf), each
//! entry hashed together with the one before it. Editing or deleting an entry breaks the chain,
//! and each entry also hashes the requisition's content as it was then, so a record edited
//! behind the trail's back (an amount raised after approval) no longer matches its last entry.

use super::requisition::{Requisition, Status};
use sha2::{Digest, Sha256};

pub use super::requisition::{AuditAction, AuditEntry};

/// Where a trail stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditBreak {
    #[error("entry {0} was changed or its predecessor removed")]
    Chain(usize),
    #[error("the requisition's content was changed after entry {0}")]
    Content(usize),
    #[error("the trail ends at status {trail:?} but the requisition says {record:?}")]
    Status { trail: Status, record: Status },
    #[error("the trail is empty")]
    Empty,
}

impl AuditBreak {
    /// The typed reason, to be said in the user's language.
    pub fn reason(&self) -> procura_ground::reason::Reason {
        use procura_ground::reason::Reason;
        match self {
            AuditBreak::Chain(entry) => Reason::AuditChainBroken { entry: *entry },
            AuditBreak::Content(entry) => Reason::AuditContentChanged { entry: *entry },
            AuditBreak::Status { trail, record } => Reason::AuditStatusMismatch {
                trail: *trail,
                record: *record,
            },
            AuditBreak::Empty => Reason::AuditEmpty {},
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds a field with its length, so no two different entries hash the same bytes.
fn field(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// The hash of what a requisition asks for: lines, totals, coding, requester and revision.
pub fn content_hash(r: &Requisition) -> String {
    // The need-by date as the text it always was (`YYYY-MM-DD`), so hashes stay what they were.
    let need_by = r.need_by.to_string();
    let content = (
        (&r.id, r.revision, &r.requester, &r.title),
        (&r.cost_centre, &r.account, &need_by, &r.delivery_address),
        (&r.justification, &r.lines, &r.currency, &r.totals),
    );
    let json = serde_json::to_string(&content).expect("content serialises");
    hex(&Sha256::digest(json.as_bytes()))
}

fn entry_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    field(&mut h, &e.seq.to_string());
    field(&mut h, &e.at_ms.to_string());
    field(&mut h, e.actor.as_str());
    field(&mut h, &e.actor_name);
    field(&mut h, e.on_behalf_of.as_ref().map_or("", |p| p.as_str()));
    field(&mut h, e.on_behalf_of_name.as_deref().unwrap_or(""));
    field(&mut h, &format!("{:?}", e.action));
    field(&mut h, &e.revision.to_string());
    field(&mut h, e.step.as_deref().unwrap_or(""));
    field(&mut h, &e.comment);
    field(&mut h, &e.detail);
    field(&mut h, &e.content);
    field(&mut h, &e.prev);
    hex(&h.finalize())
}

/// What a transition appends; [`append`] fills in the sequence, content and hashes.
pub struct Transition<'a> {
    pub at_ms: i64,
    pub actor: &'a str,
    pub actor_name: &'a str,
    pub on_behalf_of: Option<(&'a str, &'a str)>,
    pub action: AuditAction,
    pub step: Option<&'a str>,
    pub comment: &'a str,
    pub detail: String,
}

/// Appends `t` to `r`'s trail; call after the transition changed `r`.
pub fn append(r: &mut Requisition, t: Transition<'_>) {
    let prev = r.audit.last().map_or_else(String::new, |e| e.hash.clone());
    let mut entry = AuditEntry {
        seq: r.audit.len() as u32 + 1,
        at_ms: t.at_ms,
        actor: t.actor.into(),
        actor_name: t.actor_name.to_owned(),
        on_behalf_of: t.on_behalf_of.map(|(id, _)| id.into()),
        on_behalf_of_name: t.on_behalf_of.map(|(_, name)| name.to_owned()),
        action: t.action,
        revision: r.revision,
        step: t.step.map(str::to_owned),
        comment: t.comment.to_owned(),
        detail: t.detail,
        content: content_hash(r),
        prev,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    r.audit.push(entry);
}

/// The status the trail's actions lead to.
fn replayed_status(trail: &[AuditEntry], route_complete: bool) -> Option<Status> {
    let last = trail.last()?;
    Some(match last.action {
        // A submission whose route is already complete (no rule applies, or the approvals
        // kept from the last revision cover it) is approved at once, like a final approval.
        AuditAction::Submitted | AuditAction::Resubmitted | AuditAction::Approved
            if route_complete =>
        {
            Status::Approved
        }
        AuditAction::Submitted | AuditAction::Resubmitted | AuditAction::Approved => {
            Status::Pending
        }
        AuditAction::Rejected => Status::Rejected,
        AuditAction::Returned => Status::Returned,
        AuditAction::Withdrawn => Status::Withdrawn,
    })
}

/// Checks `r`'s trail: every hash, every link, the content after the last entry, and that the
/// trail ends where the record's status says. An edited or removed entry, or a record changed
/// without a transition, is reported with the first place it shows.
pub fn verify(r: &Requisition) -> Result<(), AuditBreak> {
    let mut prev = String::new();
    for (i, e) in r.audit.iter().enumerate() {
        if e.prev != prev || e.seq as usize != i + 1 || entry_hash(e) != e.hash {
            return Err(AuditBreak::Chain(i + 1));
        }
        prev.clone_from(&e.hash);
    }
    let last = r.audit.last().ok_or(AuditBreak::Empty)?;
    if last.content != content_hash(r) {
        return Err(AuditBreak::Content(r.audit.len()));
    }
    let complete = r.route.iter().all(|s| s.is_complete());
    let trail = replayed_status(&r.audit, complete).ok_or(AuditBreak::Empty)?;
    if trail != r.status {
        return Err(AuditBreak::Status {
            trail,
            record: r.status,
        });
    }
    Ok(())
}
