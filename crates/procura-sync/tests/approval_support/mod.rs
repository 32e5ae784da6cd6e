//! The small organisation and the model hub the approval tests run against.
#![allow(dead_code, unused_imports)] // each test file uses part of it

pub use procura_ground::id::{RequisitionId, UserId};
pub use procura_procurement::approval::act::Decision;
pub use procura_procurement::approval::audit::{self, AuditAction};
pub use procura_procurement::approval::policy::{
    Account, Approvers, Budget, BudgetMode, Condition, CostCentre, GroupMode, Person, Policy, Rule,
};
pub use procura_procurement::approval::route;
pub use procura_procurement::approval::time::{day_of_ms, parse_day, Date, Entered, Quarter};
pub use procura_procurement::approval::{
    Actor, Delegation, Requisition, RequisitionDraft, RequisitionLine, Status, Verdict,
};
pub use procura_sync::api::sync::{Op, Record, RecordKey, RecordKind};
pub use procura_sync::api::Role;
pub use procura_sync::sync::hub::{self, HubWrite, Refusal};
pub use proptest::prelude::*;
pub use rust_decimal::Decimal;
pub use std::collections::BTreeMap;

pub const DAY: i64 = 86_400_000;
pub const HOUR: i64 = 3_600_000;
/// 2026-11-25 09:00 UTC.
pub const T0: i64 = 1_795_564_800_000 + 9 * HOUR;

/// The day `text` (`YYYY-MM-DD`) names.
pub fn day(text: &str) -> Date {
    parse_day(text).unwrap_or_else(|| panic!("{text} is a day"))
}

pub fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// A small organisation: two buyers (b2 also approves), a1 and a2 under the director d.
pub fn test_policy() -> Policy {
    let p = |id: &str, manager: Option<&str>, limit: Option<i64>| Person {
        id: id.into(),
        name: id.to_uppercase(),
        manager: manager.map(Into::into),
        approval_limit: limit.map(d),
    };
    let rule = |id: &str, when: Condition, approvers: Approvers| Rule {
        id: id.into(),
        name: id.into(),
        when,
        approvers,
    };
    Policy {
        currency: "CNY".into(),
        rates: vec![],
        default_tax_percent: d(13),
        people: vec![
            p("b1", Some("a1"), None),
            p("b2", Some("a2"), Some(60_000)),
            p("a1", Some("d"), Some(40_000)),
            p("a2", Some("d"), Some(50_000)),
            p("d", None, Some(500_000)),
            p("adm", None, None),
        ],
        cost_centres: ["CC-1", "CC-2"]
            .map(|c| CostCentre {
                code: c.into(),
                name: c.into(),
            })
            .to_vec(),
        accounts: vec![Account {
            code: "6001".into(),
            name: "Supplies".into(),
        }],
        rules: vec![
            rule(
                "manager",
                Condition::default(),
                Approvers::ManagerChain { levels: 1 },
            ),
            rule(
                "second",
                Condition {
                    min_total: Some(d(10_000)),
                    ..Condition::default()
                },
                Approvers::ManagerChain { levels: 2 },
            ),
            rule(
                "it",
                Condition {
                    segments: vec!["43".into()],
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AnyOf,
                    members: vec!["a2".into(), "b2".into()],
                },
            ),
            rule(
                "board",
                Condition {
                    min_total: Some(d(30_000)),
                    ..Condition::default()
                },
                Approvers::Group {
                    mode: GroupMode::AllOf,
                    members: vec!["a2".into(), "b2".into()],
                },
            ),
        ],
        budgets: vec![
            Budget {
                cost_centre: "CC-1".into(),
                period: "2026-Q4".into(),
                amount: d(25_000),
                mode: BudgetMode::Stop,
            },
            Budget {
                cost_centre: "CC-2".into(),
                period: "2026-Q4".into(),
                amount: d(20_000),
                mode: BudgetMode::Warn,
            },
        ],
        escalate_after_hours: 48,
        escalation_fallback: Some("d".into()),
        synonyms: Default::default(),
        supplier_standing: Default::default(),
        stock: Default::default(),
        invoicing: Default::default(),
    }
}

pub fn actor(id: &str) -> Actor {
    let roles = match id {
        "b1" => vec![Role::Buyer],
        "b2" => vec![Role::Buyer, Role::Approver],
        "adm" => vec![Role::Admin],
        _ => vec![Role::Approver],
    };
    Actor {
        id: id.into(),
        name: id.to_uppercase(),
        roles,
    }
}

pub const PEOPLE: [&str; 6] = ["b1", "b2", "a1", "a2", "d", "adm"];

pub fn line(net: i64, segment: &str) -> RequisitionLine {
    RequisitionLine {
        item_id: Some(format!("s1/{segment}").into()),
        description: "thing".into(),
        supplier_id: "s1".into(),
        supplier_name: "S1".into(),
        unspsc: format!("{segment}000000"),
        quantity: d(1),
        unit: "H87".into(),
        unit_price: d(net),
        currency: "CNY".into(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    }
}

pub fn draft(id: &str, base_revision: u32, net: i64, segment: &str, cc: &str) -> RequisitionDraft {
    RequisitionDraft {
        id: id.into(),
        base_revision,
        title: format!("req {id}"),
        cost_centre: cc.into(),
        account: "6001".into(),
        need_by: Some(day("2026-12-15")),
        delivery_address: "Dock 3".into(),
        justification: "needed".into(),
        lines: vec![line(net, segment)],
    }
}

/// The hub, as a map of records (the endpoint keeps the same in SQLite).
pub struct Hub {
    pub records: BTreeMap<RecordKey, Record>,
}

impl Hub {
    pub fn new(policy: Policy) -> Self {
        let mut records = BTreeMap::new();
        records.insert(
            RecordKey::new(RecordKind::Policy, "org"),
            Record::Policy(policy),
        );
        Hub { records }
    }

    pub fn push(&mut self, who: &str, op: Op, now: i64) -> Result<(), Refusal> {
        let author = actor(who);
        match hub::decide_on(&self.records, &op, &author, now)? {
            HubWrite::Put(r) => {
                self.records.insert(r.key(), r);
            }
            HubWrite::Remove(k) => {
                self.records.remove(&k);
            }
            HubWrite::Nothing => {}
        }
        Ok(())
    }

    pub fn req(&self, id: &str) -> Option<&Requisition> {
        match self.records.get(&RecordKey::requisition(id)) {
            Some(Record::Requisition(r)) => Some(r),
            _ => None,
        }
    }

    pub fn requisitions(&self) -> impl Iterator<Item = &Requisition> {
        self.records.values().filter_map(Record::as_requisition)
    }

    pub fn decide(
        &mut self,
        who: &str,
        id: &str,
        verdict: Verdict,
        on_behalf_of: Option<&str>,
        now: i64,
    ) -> Result<(), Refusal> {
        let r = self.req(id).expect("exists");
        let decision = Decision {
            requisition_id: id.into(),
            revision: r.revision,
            step: r.current_step().map(|s| s.key.clone()).unwrap_or_default(),
            verdict,
            on_behalf_of: on_behalf_of.map(Into::into),
            comment: if verdict == Verdict::Approve {
                String::new()
            } else {
                "because".into()
            },
        };
        self.push(who, Op::DecideRequisition { decision }, now)
    }
}

pub fn submit(hub: &mut Hub, who: &str, d: RequisitionDraft, now: i64) -> Result<(), Refusal> {
    hub.push(who, Op::SubmitRequisition { requisition: d }, now)
}

pub fn code<T>(r: Result<T, Refusal>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => {
            assert!(!e.reason.is_catch_all(), "{:?}", e.reason);
            assert_eq!(e.code, e.reason.coarse_code());
            assert_eq!(e.message, e.reason.to_string());
            e.code
        }
    }
}
