//! Demo records for the hub: the organisation's approval policy, and evaluations (what the demo
//! shows before anyone has rated a supplier, and the benchmark's large hub). Deterministic in
//! the seed, like the rest of the demo data.

use super::put;
use crate::store::db::{params, Db, OptionalExtension};
use crate::store::{meta, Store, StoreError};
use procura_demo::demo;
use procura_ground::date::Entered;
use procura_procurement::approval::POLICY_ID;
use procura_suppliers::scorecard::{quarter_of, Evaluation, EvaluationDraft, Evaluator, Scores};
use procura_sync::api::sync::{Record, RecordKey, RecordKind};

/// Puts the demo organisation's approval policy (`procura_demo::demo::policy`) into the hub
/// as the `policy/org` record, unless the hub holds a policy already (an admin's is kept).
/// Runs when the demo data is seeded (so a demo database made before approvals existed gains
/// it on its next start) and after [`Store::reset_hub`]. Returns whether it wrote the policy.
pub(crate) fn seed_demo_policy(conn: &Db<'_>) -> Result<bool, StoreError> {
    let key = RecordKey::new(RecordKind::Policy, POLICY_ID);
    let held: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM sync_records WHERE key = ?1 AND deleted = 0")?
        .query_row([key.storage_key()], |r| r.get(0))
        .optional()?;
    if held.is_some() {
        return Ok(false);
    }
    put(conn, &Record::Policy(demo::policy()))?;
    Ok(true)
}

/// The meta row that says demo evaluations were seeded (how many).
const SEEDED: &str = "demo_evaluations";

impl Store {
    /// Seeds `count` evaluations by the demo users over the store's suppliers, deterministic in
    /// `seed`, into a hub that holds no evaluations (the demo policy may be there already; and
    /// only if there are suppliers to rate).
    /// Once per database: a hub emptied by [`Store::reset_hub`] stays empty across restarts.
    /// Returns how many it seeded.
    pub fn seed_demo_evaluations(&mut self, count: usize, seed: u64) -> Result<usize, StoreError> {
        let tx = self.db().transaction()?;
        if count == 0 || meta(&tx, SEEDED)?.is_some() {
            return Ok(0);
        }
        let held: i64 = tx.query_row(
            "SELECT count(*) FROM sync_records WHERE kind = 'evaluation'",
            (),
            |r| r.get(0),
        )?;
        let suppliers: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM suppliers ORDER BY id")?;
            let ids = stmt.query_map((), |r| r.get(0))?;
            ids.collect::<Result<_, _>>()?
        };
        if held > 0 || suppliers.is_empty() {
            return Ok(0);
        }
        let users = demo::users();
        let mut rng = SplitMix(seed);
        for i in 0..count {
            let user = rng.pick(&users);
            let month = 1 + rng.below(12) as u8;
            let mut scores = Scores {
                quality: 0,
                delivery: 0,
                price: 0,
                service: 0,
            };
            for criterion in procura_suppliers::scorecard::CRITERIA {
                scores.set(criterion, 1 + rng.below(5) as u8);
            }
            let draft = EvaluationDraft {
                id: format!("demo-eval-{i:06}"),
                supplier_id: rng.pick(&suppliers).as_str().into(),
                period: Entered::Valid(quarter_of(2026, month)),
                scores,
                comment: (*rng.pick(DEMO_COMMENTS)).to_owned(),
            };
            let author = Evaluator {
                id: user.id.clone(),
                name: user.display_name.clone(),
            };
            // 2026-01-01T00:00Z, then roughly within the month.
            let day = i64::from(month - 1) * 30 + rng.below(28) as i64;
            let at = 1_767_225_600_000 + day * 86_400_000 + rng.below(86_400_000) as i64;
            put(
                &tx,
                &Record::Evaluation(
                    Evaluation::from_draft(&draft, &author, at).expect("a quarter"),
                ),
            )?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![SEEDED, count.to_string()],
        )?;
        tx.commit()?;
        Ok(count)
    }
}

const DEMO_COMMENTS: &[&str] = &[
    "On time and well packed.",
    "按时交货，包装完好。",
    "Two cartons damaged; replaced within a week.",
    "价格稳定，发票及时。",
    "Slow to answer claims.",
    "交货延迟一周，已沟通。",
    "Good prices, patchy stock.",
    "服务态度好，响应迅速。",
    "",
];

/// SplitMix64: a tiny deterministic generator, enough for demo data.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}
