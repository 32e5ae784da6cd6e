//! The demo's purchasing history in the hub (`procura_demo::demo::history`): two years of
//! approved requisitions and the orders made from them, the stock room's stocked items and
//! goods issues (`procura_demo::demo::stock`), the suppliers' recent invoices and credit notes
//! (`procura_demo::demo::invoices`), written as any record is ([`put`]), so
//! devices pull them and the rules' indexes (the budget ledger, the lines each order takes,
//! the open requisitions) count them like the organisation's own.

use super::{current_record, put};
use crate::store::db::params;
use crate::store::{meta, Store, StoreError};
use procura_catalog::catalog::CatalogItem;
use procura_demo::demo::{self, history};
use procura_ground::date::day_of_ms;
use procura_ground::id::SupplierId;
use procura_procurement::approval::POLICY_ID;
use procura_sync::api::sync::{Record, RecordKey, RecordKind};
use std::collections::HashMap;

/// The meta row that says the history was seeded (how many records), or that the hub had its
/// own (`0`).
const SEEDED: &str = "demo_history";

impl Store {
    /// Seeds the demo's purchasing history before the day of `now_ms`, deterministic in
    /// `seed`, from the hub's demo suppliers (not marketplace sellers), their catalogs as the
    /// store holds them, and the organisation's policy. Only into a hub that holds no
    /// requisition or order, and once per database: a hub emptied by [`Store::reset_hub`]
    /// stays empty across restarts, and one that had records of its own never gets it.
    /// Returns how many records (requisitions, orders and the suppliers' assessments) it wrote.
    pub fn seed_demo_history(&mut self, seed: u64, now_ms: i64) -> Result<usize, StoreError> {
        let tx = self.db().transaction()?;
        if meta(&tx, SEEDED)?.is_some() {
            return Ok(0);
        }
        let held: i64 = tx.query_row(
            "SELECT count(*) FROM sync_records WHERE kind IN ('requisition', 'order')",
            (),
            |r| r.get(0),
        )?;
        let policy = match current_record(&tx, &RecordKey::new(RecordKind::Policy, POLICY_ID))? {
            Some(Record::Policy(p)) => Some(p),
            _ => None,
        };
        let ids: Vec<String> = {
            let mut stmt =
                tx.prepare("SELECT id FROM suppliers WHERE marketplace_id IS NULL ORDER BY id")?;
            let ids = stmt.query_map((), |r| r.get(0))?;
            ids.collect::<Result<_, _>>()?
        };
        let suppliers: Vec<demo::DemoSupplier> = ids
            .iter()
            .filter_map(|id| demo::find_supplier(id))
            .collect();
        let mut written = 0;
        if let (Some(policy), 0, false) = (policy, held, suppliers.is_empty()) {
            let mut items: HashMap<SupplierId, Vec<CatalogItem>> = HashMap::new();
            {
                let mut stmt = tx.prepare(
                    "SELECT body FROM catalog_items WHERE supplier_id = ?1 AND deleted = 0
                     ORDER BY id",
                )?;
                for s in &suppliers {
                    let bodies = stmt.query_map([&s.id], |r| r.get::<_, String>(0))?;
                    let mut held = Vec::new();
                    for body in bodies {
                        held.push(serde_json::from_str(&body?)?);
                    }
                    items.insert(s.id.as_str().into(), held);
                }
            }
            let made = history::history(seed, day_of_ms(now_ms), &policy, &suppliers, |id| {
                items.get(id).cloned().unwrap_or_default()
            });
            for r in made.requisitions {
                put(&tx, &Record::Requisition(r))?;
                written += 1;
            }
            // The stock room: the most ordered items, with two years of goods issues.
            let (stocks, issues) = demo::stock::stock_room(
                seed,
                day_of_ms(now_ms),
                &made.orders,
                |id| {
                    items
                        .values()
                        .flat_map(|v| v.iter())
                        .find(|i| i.id.as_str() == id)
                        .cloned()
                },
                (&"u-admin".into(), "Zhang Min 张敏"),
            );
            for s in stocks {
                put(&tx, &Record::Stock(s))?;
                written += 1;
            }
            for g in issues {
                put(&tx, &Record::GoodsIssue(g))?;
                written += 1;
            }
            // The suppliers' invoices and credit notes of the last weeks' receipts.
            for i in demo::invoices::invoices(seed, day_of_ms(now_ms), &made.orders) {
                put(&tx, &Record::Invoice(i))?;
                written += 1;
            }
            // The organisation's contracts, made in the last week.
            for c in demo::contracts::contracts(
                day_of_ms(now_ms),
                &suppliers,
                |id| items.get(id).cloned().unwrap_or_default(),
                (&"u-buyer".into(), "Li Na 李娜"),
            ) {
                put(&tx, &Record::Contract(c))?;
                written += 1;
            }
            for o in made.orders {
                put(&tx, &Record::Order(o))?;
                written += 1;
            }
            // The organisation's ratings, so classification and grades show from the start.
            let rated_at = now_ms.saturating_sub(7 * 86_400_000);
            for a in
                demo::assessments::assessments(&ids, &"u-admin".into(), "Zhang Min 张敏", rated_at)
            {
                put(&tx, &Record::Assessment(a))?;
                written += 1;
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![SEEDED, written.to_string()],
        )?;
        tx.commit()?;
        Ok(written)
    }
}
