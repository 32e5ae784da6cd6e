//! Returns at the hub: a supplier reads its open returns and moves each forward
//! ([`procura_invoicing::returns::supplier_update`]), in one transaction; a credit note recorded
//! for an order that names a refund return's number credits it in the transaction that records
//! the credit note ([`credit_named_returns`]). Every device then pulls the return like any record.

use super::{current_record, index, put};
use crate::store::db::Db;
use crate::store::{Store, StoreError};
use procura_ground::id::SupplierId;
use procura_ground::reason::Refusal;
use procura_invoicing::invoice::{DocKind, Invoice};
use procura_invoicing::returns::{self, Return, ReturnStatus};
use procura_sync::api::sync::{Record, RecordKey, RecordKind};

/// Credits the refund returns on `doc`'s order that a credit note names (`credit_for` is the
/// return's `RT-` number), writing each it changes. Returns how many.
pub(super) fn credit_named_returns(
    conn: &Db<'_>,
    doc: &Invoice,
    now_ms: i64,
) -> Result<usize, StoreError> {
    if doc.kind() != DocKind::CreditNote {
        return Ok(0);
    }
    let (Some(order), Some(names)) = (&doc.order_id, doc.document.credit_for.as_deref()) else {
        return Ok(0);
    };
    let mut n = 0;
    for r in index::returns_on_order(conn, order.as_str())? {
        if let Some(credited) = returns::credited_by(
            &r,
            Some(names),
            &doc.document.number,
            &doc.supplier_name,
            now_ms,
        ) {
            put(conn, &Record::Return(credited))?;
            n += 1;
        }
    }
    Ok(n)
}

/// What a supplier's update did: `None`, no such return of the supplier; `Some(Err(_))`, the
/// rule refused; `Some(Ok((return, changed)))`, the return as it stands and whether it moved.
pub type SupplierUpdate = Option<Result<(Return, bool), Refusal>>;

impl Store {
    /// The supplier's open returns, oldest first.
    pub fn supplier_open_returns(&self, supplier_id: &str) -> Result<Vec<Return>, StoreError> {
        index::open_returns_of(&self.db(), supplier_id)
    }

    /// Every return on an order, oldest first.
    pub fn returns_on_order(&self, order_id: &str) -> Result<Vec<Return>, StoreError> {
        index::returns_on_order(&self.db(), order_id)
    }

    /// The supplier moves its return `id` to `to`. `Ok(None)`: no such return of this
    /// supplier. `Ok(Some(Err(_)))`: the rule refused (backwards, a wrong end for its remedy,
    /// a note too long). `Ok(Some(Ok((_, false))))`: the return was at `to` already, nothing
    /// written.
    pub fn supplier_update_return(
        &mut self,
        supplier_id: &str,
        id: &str,
        to: ReturnStatus,
        note: &str,
        now_ms: i64,
    ) -> Result<SupplierUpdate, StoreError> {
        let tx = self.db().transaction()?;
        let held = match current_record(&tx, &RecordKey::new(RecordKind::Return, id))? {
            Some(Record::Return(r)) if r.supplier_id.as_str() == supplier_id => r,
            _ => return Ok(None),
        };
        let name = super::invoices::supplier_name(&tx, supplier_id)?.unwrap_or_default();
        let supplier = SupplierId::from(supplier_id);
        match returns::supplier_update(&held, (&supplier, &name), to, note, now_ms) {
            Err(refusal) => Ok(Some(Err(refusal))),
            Ok(None) => Ok(Some(Ok((held, false)))),
            Ok(Some(next)) => {
                put(&tx, &Record::Return(next.clone()))?;
                tx.commit()?;
                Ok(Some(Ok((next, true))))
            }
        }
    }

    /// Every open return of every supplier (the demo supplier simulation).
    pub fn hub_open_returns(&self) -> Result<Vec<Return>, StoreError> {
        let mut stmt = self.db().prepare_cached(
            "SELECT DISTINCT supplier_id FROM sync_return_index WHERE open = 1 ORDER BY 1",
        )?;
        let suppliers: Vec<String> = stmt
            .query_map((), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for s in suppliers {
            out.extend(index::open_returns_of(&self.db(), &s)?);
        }
        Ok(out)
    }
}
