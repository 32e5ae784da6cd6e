//! Restoring a device's local data from an export file (the answer to a browser that evicted
//! the site's data, or to moving to a new tablet).
//!
//! The file carries the device's sync identity, its queued (unsynced) mutations and the records
//! it had pulled. Restoring adopts that identity: the hub remembers the last mutation id it
//! applied for the client id, so mutations in the file that the hub already has are skipped,
//! not applied twice.

use super::{Mutation, SyncState};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreRefusal {
    #[error(
        "this device has {0} unsynced change(s) of its own; sync them (or export them) before \
         restoring another device's data"
    )]
    LocalWorkPending(usize),
}

/// The sync state and outbox to store after restoring `file` onto a device whose own state is
/// `local` with `local_outbox` queued. The file's pulled records replace the device's (they
/// belong with the file's cursor).
///
/// Refused when the device has queued work under another client id: adopting the file's
/// identity would strand it, and merging it under the file's id could apply it twice.
pub fn restore(
    local: &SyncState,
    local_outbox: &[Mutation],
    file: &SyncState,
    file_outbox: &[Mutation],
) -> Result<(SyncState, Vec<Mutation>), RestoreRefusal> {
    let same_device = local.client_id == file.client_id;
    if !same_device && !local_outbox.is_empty() {
        return Err(RestoreRefusal::LocalWorkPending(local_outbox.len()));
    }
    let mut state = file.clone();
    let mut outbox: BTreeMap<u64, Mutation> =
        file_outbox.iter().map(|m| (m.id, m.clone())).collect();
    if same_device {
        // The device kept queueing after the export: its own copy of an id wins, and the
        // counter never goes back.
        outbox.extend(local_outbox.iter().map(|m| (m.id, m.clone())));
        state.next_mutation_id = state.next_mutation_id.max(local.next_mutation_id);
    }
    if let Some(last) = outbox.keys().next_back() {
        state.next_mutation_id = state.next_mutation_id.max(last + 1);
    }
    Ok((state, outbox.into_values().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::sync::Op;

    fn m(id: u64) -> Mutation {
        Mutation {
            id,
            created_at_ms: id as i64,
            op: Op::DeleteEvaluation {
                id: format!("e{id}"),
            },
        }
    }

    #[test]
    fn a_fresh_device_adopts_the_files_identity_and_queue() {
        let local = SyncState::new("fresh");
        let mut file = SyncState::new("old-tablet");
        file.next_mutation_id = 8;
        let (state, outbox) = restore(&local, &[], &file, &[m(6), m(7)]).unwrap();
        assert_eq!(state.client_id, "old-tablet");
        assert_eq!(state.next_mutation_id, 8);
        assert_eq!(outbox, vec![m(6), m(7)]);
    }

    #[test]
    fn local_work_under_another_identity_is_not_stranded() {
        let local = SyncState::new("here");
        let file = SyncState::new("there");
        assert_eq!(
            restore(&local, &[m(1)], &file, &[]),
            Err(RestoreRefusal::LocalWorkPending(1))
        );
    }

    #[test]
    fn the_same_device_merges_and_never_reuses_an_id() {
        let mut local = SyncState::new("me");
        local.next_mutation_id = 10;
        let mut file = SyncState::new("me");
        file.next_mutation_id = 6;
        let (state, outbox) = restore(&local, &[m(8), m(9)], &file, &[m(4), m(5)]).unwrap();
        assert_eq!(state.next_mutation_id, 10);
        assert_eq!(
            outbox.iter().map(|m| m.id).collect::<Vec<_>>(),
            [4, 5, 8, 9]
        );
    }
}
