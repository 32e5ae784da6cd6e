//! Supplier invoices and credit notes at the hub: a document posted by a supplier's system is
//! recorded once per supplier, kind and number, with the order it names and the document as it
//! arrived (for audit), in one transaction; every device then pulls it like any record.

use super::{current_record, index, put};
use crate::store::db::{params, Db, OptionalExtension};
use crate::store::{Store, StoreError};
use procura_ground::id::SupplierId;
use procura_ground::reason::Refusal;
use procura_invoicing::invoice::{self, Invoice, InvoiceDocument, Source};
use procura_invoicing::matching::{self, Status};
use procura_orders::order::PurchaseOrder;
use procura_sync::api::sync::{Record, RecordKey, RecordKind};

/// The supplier's name (English), if the hub has the supplier.
pub(super) fn supplier_name(conn: &Db<'_>, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT name_en FROM suppliers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The order a document names among its supplier's orders ([`invoice::find_order`]).
pub(super) fn find_order(
    conn: &Db<'_>,
    doc: &InvoiceDocument,
    supplier: &SupplierId,
) -> Result<Option<PurchaseOrder>, StoreError> {
    // By our id first: one read by key.
    if let Some(id) = doc
        .order_id
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if let Some(Record::Order(o)) =
            current_record(conn, &RecordKey::new(RecordKind::Order, id))?
        {
            if &o.supplier_id == supplier {
                return Ok(Some(o));
            }
        }
    }
    let Some(number) = doc.order_number.as_deref() else {
        return Ok(None);
    };
    // By number: the supplier's orders of that number, by key; the core picks among them.
    let orders = index::orders_numbered(conn, supplier.as_str(), number)?;
    Ok(invoice::find_order(doc, supplier, &orders).cloned())
}

impl Store {
    /// Records a supplier's document: refused (the refusal, nothing written) when another
    /// document of the supplier has its kind and number, or it breaks a bound; otherwise stored
    /// with the original text, in one transaction. The same document sent again byte for byte
    /// (a retry after a lost answer) is answered with the record it made and `true`.
    pub fn record_invoice(
        &mut self,
        supplier_id: &str,
        document: InvoiceDocument,
        source: Source,
        original: (&str, &str),
        now_ms: i64,
    ) -> Result<Result<(Invoice, bool), Refusal>, StoreError> {
        let tx = self.db().transaction()?;
        let Some(name) = supplier_name(&tx, supplier_id)? else {
            return Err(StoreError::NoSupplier(supplier_id.to_owned()));
        };
        let supplier = SupplierId::from(supplier_id);
        let id = invoice::invoice_id(&supplier, document.kind, &document.number);
        let existing = match current_record(&tx, &RecordKey::new(RecordKind::Invoice, &id))? {
            Some(Record::Invoice(i)) => Some(i),
            _ => None,
        };
        if let Some(held) = &existing {
            if self_original(&tx, &held.id)?.is_some_and(|(_, body)| body == original.1) {
                return Ok(Ok((held.clone(), true)));
            }
        }
        let order = find_order(&tx, &document, &supplier)?;
        let recorded = match invoice::record(
            existing.as_ref(),
            (&supplier, &name),
            document,
            order.as_ref(),
            source,
            now_ms,
        ) {
            Ok(i) => i,
            Err(refusal) => return Ok(Err(refusal)),
        };
        put(&tx, &Record::Invoice(recorded.clone()))?;
        super::returns::credit_named_returns(&tx, &recorded, now_ms)?;
        tx.prepare_cached(
            "INSERT INTO invoice_originals (invoice_id, content_type, received_at_ms, body)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![recorded.id, original.0, now_ms, original.1])?;
        tx.commit()?;
        Ok(Ok((recorded, false)))
    }

    /// A document as it arrived: its content type and text.
    pub fn invoice_original(&self, id: &str) -> Result<Option<(String, String)>, StoreError> {
        self_original(&self.db(), id)
    }

    /// A document's status as matched now against its order, the other documents on it and
    /// the policy's tolerances.
    pub fn invoice_status(&self, invoice: &Invoice) -> Result<Status, StoreError> {
        let order = match &invoice.order_id {
            Some(o) => {
                match current_record(&self.db(), &RecordKey::new(RecordKind::Order, o.as_str()))? {
                    Some(Record::Order(o)) => Some(o),
                    _ => None,
                }
            }
            None => None,
        };
        let mut docs = match &invoice.order_id {
            Some(o) => index::invoices_on_order(&self.db(), o.as_str())?,
            None => Vec::new(),
        };
        docs.retain(|d| d.id != invoice.id);
        docs.push(invoice.clone());
        let refs: Vec<&Invoice> = docs.iter().collect();
        let rets = match &invoice.order_id {
            Some(o) => index::returns_on_order(&self.db(), o.as_str())?,
            None => Vec::new(),
        };
        let rets: Vec<&procura_invoicing::returns::Return> = rets.iter().collect();
        let policy_key =
            RecordKey::new(RecordKind::Policy, procura_procurement::approval::POLICY_ID);
        let tolerances = match current_record(&self.db(), &policy_key)? {
            Some(Record::Policy(p)) => p.invoicing,
            _ => Default::default(),
        };
        let m = matching::match_order(order.as_ref(), &refs, &rets, &tolerances);
        Ok(m.documents
            .get(&invoice.id)
            .map(|dm| matching::status(invoice, dm))
            .unwrap_or(Status::Exception))
    }

    /// Every document on an order (for tests and the supplier's view).
    pub fn invoices_on_order(&self, order_id: &str) -> Result<Vec<Invoice>, StoreError> {
        index::invoices_on_order(&self.db(), order_id)
    }
}

fn self_original(conn: &Db<'_>, id: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT content_type, body FROM invoice_originals WHERE invoice_id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
