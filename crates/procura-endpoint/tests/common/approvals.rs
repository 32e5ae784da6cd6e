//! Helpers for the approval tests (`tests/approvals.rs`): demo users at their own devices,
//! requisition drafts priced from the demo catalog, and the hub's requisitions as pulled.

use super::*;
use procura_procurement::approval::audit;
use procura_procurement::approval::audit::AuditAction;
use procura_procurement::approval::committed_in;
use procura_procurement::approval::policy::{Budget, BudgetMode};
use procura_procurement::approval::requisition::period_of;
use procura_procurement::approval::requisition::totals;
use procura_procurement::approval::time::Quarter;
use procura_procurement::approval::time::{day_of_ms, Date, Entered};
use procura_procurement::approval::{
    Decision, Delegation, Policy, Requisition, RequisitionDraft, RequisitionLine, Status, Verdict,
};
use std::collections::BTreeMap;
use std::sync::Arc;

pub const DAY_MS: i64 = 86_400_000;

/// A demo user at one device: their session and the device's client id and mutation counter.
pub struct Desk {
    pub api: Api,
    pub client_id: String,
    pub next_id: u64,
}

impl Desk {
    /// Logs `username` in at a device of their own.
    pub async fn open(hub: &Api, username: &str) -> Desk {
        Desk::at(hub, username, &format!("dev-{username}")).await
    }

    pub async fn at(hub: &Api, username: &str, client_id: &str) -> Desk {
        Desk {
            api: hub.login(username).await,
            client_id: client_id.to_owned(),
            next_id: 1,
        }
    }

    /// The push request of `ops` as the next mutations of this device (not yet sent).
    pub fn request(&mut self, ops: Vec<Op>) -> PushRequest {
        let mutations = ops
            .into_iter()
            .map(|op| {
                let id = self.next_id;
                self.next_id += 1;
                Mutation {
                    id,
                    created_at_ms: now_ms(),
                    op,
                }
            })
            .collect();
        PushRequest {
            client_id: self.client_id.clone(),
            mutations,
        }
    }

    /// Pushes `ops` as the device's next mutations; the hub's answer.
    pub async fn push(&mut self, ops: Vec<Op>) -> PushResponse {
        let req = self.request(ops);
        self.api.push(&req).await.json()
    }

    /// Pushes one op; its outcome.
    pub async fn send(&mut self, op: Op) -> OutcomeResult {
        let answer = self.push(vec![op]).await;
        let [outcome] = &answer.outcomes[..] else {
            panic!("one outcome expected: {answer:?}")
        };
        outcome.result.clone()
    }

    /// Pushes one op as raw JSON (a forged body may carry fields the types do not have).
    pub async fn send_json(&mut self, op: Value) -> OutcomeResult {
        let id = self.next_id;
        self.next_id += 1;
        let body = json!({
            "client_id": self.client_id,
            "mutations": [{ "id": id, "created_at_ms": now_ms(), "op": op }],
        });
        let answer: PushResponse = self.api.post("/api/v1/sync/push", body).await.json();
        answer.outcomes[0].result.clone()
    }

    /// Pushes a forged op: the hub either refuses the whole request (4xx) or answers it with a
    /// refusal; never a 5xx, never applied.
    pub async fn refused_or_rejected(&mut self, op: Value) {
        let id = self.next_id;
        self.next_id += 1;
        let body = json!({
            "client_id": self.client_id,
            "mutations": [{ "id": id, "created_at_ms": now_ms(), "op": op }],
        });
        let r = self.api.post("/api/v1/sync/push", body).await;
        assert!(r.status < 500, "{}: {}", r.status, r.body);
        if r.status == 200 {
            let answer: PushResponse = r.json();
            assert!(
                matches!(answer.outcomes[0].result, OutcomeResult::Refused { .. }),
                "{answer:?}"
            );
        }
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64
}

/// The UTC day `days` from today (the hub's calendar).
pub fn day(days: i64) -> Date {
    day_of_ms(now_ms() + days * DAY_MS)
}

#[track_caller]
pub fn assert_applied(result: &OutcomeResult) {
    assert_eq!(result, &OutcomeResult::Applied);
}

#[track_caller]
pub fn assert_refused(result: &OutcomeResult, expected: &str) {
    match result {
        OutcomeResult::Refused {
            code,
            message,
            reason,
        } => {
            assert_eq!(code, expected, "message: {message}");
            assert!(!message.is_empty());
            // The hub sends the typed reason the message and code come from.
            let reason = reason.as_ref().expect("a refusal carries its reason");
            assert!(!reason.is_catch_all(), "{reason:?}");
            assert_eq!(
                (reason.coarse_code(), &reason.to_string()),
                (code.as_str(), message)
            );
        }
        OutcomeResult::Applied => panic!("applied, expected refused {expected}"),
    }
}

/// Refused with the typed reason `code` (`contract.stale`), besides everything
/// [`assert_refused`] checks of its coarse code.
#[track_caller]
pub fn assert_refused_for(result: &OutcomeResult, code: &str) {
    match result {
        OutcomeResult::Refused {
            reason: Some(reason),
            ..
        } => {
            assert_eq!(reason.code(), code, "{result:?}");
            assert_refused(result, reason.coarse_code());
        }
        other => panic!("expected refused {code}: {other:?}"),
    }
}

/// A catalog item of the demo supplier that no segment rule picks out (not UNSPSC 43, IT),
/// cheap enough that quantities reach a total to within a few hundred yuan.
pub async fn catalog_item(api: &Api, policy: &Policy) -> CatalogItem {
    let pages = api.pull(SUPPLIER, Cursor::start(), 500).await;
    let (items, _) = split(&pages);
    let price_cny = |i: &CatalogItem| {
        let rate = policy.rate(&i.currency).expect("a rate");
        i.list_price().expect("a price") * rate
    };
    items
        .into_iter()
        .filter(|i| !i.unspsc.starts_with("43") && policy.rate(&i.currency).is_some())
        .filter(|i| price_cny(i) >= Decimal::ONE && price_cny(i) <= Decimal::from(300))
        .min_by_key(|i| price_cny(i))
        .expect("a cheap non-IT item in the demo catalog")
        .clone()
}

/// A catalog line of `item`, `quantity` order units at the catalog's tier price.
pub fn catalog_line(item: &CatalogItem, quantity: Decimal) -> RequisitionLine {
    RequisitionLine {
        item_id: Some(item.id.clone()),
        description: item.name.en.clone(),
        supplier_id: item.supplier_id.clone(),
        supplier_name: item.supplier_id.to_string(),
        unspsc: item.unspsc.clone(),
        quantity,
        unit: item.order_unit.clone(),
        unit_price: item
            .unit_price_at(quantity)
            .expect("at or above the minimum"),
        currency: item.currency.clone(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    }
}

/// The catalog line of `item` whose net total is the first at or above `target` (CNY).
pub fn catalog_line_near(item: &CatalogItem, target: i64, policy: &Policy) -> RequisitionLine {
    let target = Decimal::from(target);
    let mut quantity = item.min_order_qty();
    loop {
        let line = catalog_line(item, quantity);
        if net(std::slice::from_ref(&line), policy) >= target {
            return line;
        }
        quantity += Decimal::ONE;
    }
}

/// A free-text (non-catalog) line: one piece at `price` CNY.
pub fn free_line(description: &str, price: i64) -> RequisitionLine {
    RequisitionLine {
        item_id: None,
        description: description.to_owned(),
        supplier_id: Default::default(),
        supplier_name: String::new(),
        unspsc: String::new(),
        quantity: Decimal::ONE,
        unit: "H87".to_owned(),
        unit_price: Decimal::from(price),
        currency: "CNY".to_owned(),
        tax_percent: None,
        note: String::new(),
        contract: None,
    }
}

pub fn net(lines: &[RequisitionLine], policy: &Policy) -> Decimal {
    totals(lines, policy).expect("priced lines").net
}

/// A new requisition on account 6001, needed in a week.
pub fn draft(id: &str, cost_centre: &str, lines: Vec<RequisitionLine>) -> RequisitionDraft {
    RequisitionDraft {
        id: id.into(),
        base_revision: 0,
        title: format!("Requisition {id}"),
        cost_centre: cost_centre.into(),
        account: "6001".into(),
        need_by: Some(day(7)),
        delivery_address: "Building 3, 88 Keyuan Road, Shanghai".to_owned(),
        justification: "Restocking the office".to_owned(),
        lines,
    }
}

pub fn submit(draft: RequisitionDraft) -> Op {
    Op::SubmitRequisition { requisition: draft }
}

/// `verdict` on the step of `r` that waits now, as an approver who saw `r`.
pub fn decide(r: &Requisition, verdict: Verdict, comment: &str) -> Op {
    let step = r.current_step().expect("a step waits");
    Op::DecideRequisition {
        decision: Decision {
            requisition_id: r.id.clone(),
            revision: r.revision,
            step: step.key.clone(),
            verdict,
            on_behalf_of: None,
            comment: comment.to_owned(),
        },
    }
}

pub fn approve(r: &Requisition) -> Op {
    decide(r, Verdict::Approve, "")
}

/// Approves `r`'s waiting step in `principal`'s name.
pub fn approve_for(r: &Requisition, principal: &str) -> Op {
    let mut op = approve(r);
    if let Op::DecideRequisition { decision } = &mut op {
        decision.on_behalf_of = Some(principal.into());
    }
    op
}

pub fn save_policy(policy: Policy) -> Op {
    Op::SavePolicy { policy }
}

pub fn delegation(id: &str, from: &str, to: &str, starts: i64, ends: i64) -> Delegation {
    Delegation {
        id: id.to_owned(),
        from: from.into(),
        to: to.into(),
        starts: Entered::Valid(day(starts)),
        ends: Entered::Valid(day(ends)),
        note: "On leave".to_owned(),
        created_by: Default::default(),
    }
}

/// Every live record of the hub, from a pull from the start.
pub async fn records(api: &Api) -> BTreeMap<RecordKey, Record> {
    let mut held = BTreeMap::new();
    let pages = api.sync_pull_all(Cursor::start(), MAX_PULL_LIMIT).await;
    for change in pages.into_iter().flat_map(|p| p.changes) {
        match change {
            RecordChange::Upsert { record } => {
                held.insert(record.key(), record);
            }
            RecordChange::Delete { key } => {
                held.remove(&key);
            }
        }
    }
    held
}

/// The hub's requisitions, by id; every one's audit trail verifies.
pub async fn requisitions(api: &Api) -> BTreeMap<String, Requisition> {
    records(api)
        .await
        .into_values()
        .filter_map(|r| match r {
            Record::Requisition(r) => Some(r),
            _ => None,
        })
        .inspect(|r| {
            let verified = audit::verify(r);
            assert_eq!(verified, Ok(()), "{}'s audit trail", r.id);
        })
        .map(|r| (r.id.to_string(), r))
        .collect()
}

pub async fn requisition(api: &Api, id: &str) -> Requisition {
    let mut all = requisitions(api).await;
    all.remove(id)
        .unwrap_or_else(|| panic!("the hub holds no requisition {id}"))
}

pub async fn policy(api: &Api) -> Policy {
    match records(api)
        .await
        .remove(&RecordKey::new(RecordKind::Policy, "org"))
    {
        Some(Record::Policy(p)) => p,
        other => panic!("the hub holds no policy: {other:?}"),
    }
}

pub async fn delegations(api: &Api) -> Vec<Delegation> {
    records(api)
        .await
        .into_values()
        .filter_map(|r| match r {
            Record::Delegation(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// The demo policy, with a *stop* budget of `amount` for `cost_centre` in `period` (the demo
/// one's budgets end in 2028; a test run later still has one).
pub fn with_budget(mut policy: Policy, cost_centre: &str, period: &str, amount: i64) -> Policy {
    policy
        .budgets
        .retain(|b| !(b.cost_centre == cost_centre && b.period.text() == period));
    policy.budgets.push(Budget {
        cost_centre: cost_centre.into(),
        period: period.into(),
        amount: Decimal::from(amount),
        mode: BudgetMode::Stop,
    });
    policy
}

/// Who approved each step of `r`: (step key, [(by, principal)]).
pub fn approvals(r: &Requisition) -> Vec<(String, Vec<(String, String)>)> {
    r.route
        .iter()
        .map(|s| {
            let who = s.approvals.iter();
            let who = who
                .map(|a| (a.by.to_string(), a.principal.to_string()))
                .collect();
            (s.key.clone(), who)
        })
        .collect()
}

/// The route of `r`: (step key, approvers).
pub fn route(r: &Requisition) -> Vec<(&str, Vec<&str>)> {
    r.route
        .iter()
        .map(|s| {
            let approvers = s.approvers.iter().map(|a| a.as_str()).collect();
            (s.key.as_str(), approvers)
        })
        .collect()
}

/// The policy the hub holds, which must be the demo's.
pub async fn demo_policy(api: &Api) -> Policy {
    let held = policy(api).await;
    assert_eq!(held, demo::policy(), "the hub holds the demo policy");
    held
}

/// approver1 approves 100 CNY of widgets for CC-100; returned, the buyer resubmits 9,999 CNY of
/// gift cards from another supplier, for another cost centre and address: the approval is
/// dropped, the route starts again, and the trail says what changed. Run against the in-process
/// router (`tests/approvals.rs`) and the spawned hub (`tests/hostile/approvals.rs`).
pub async fn approval_does_not_survive_a_rewrite(hub: &Api) {
    let mut buyer = Desk::open(hub, "buyer").await;
    let mut approver1 = Desk::open(hub, "approver1").await;
    let mut approver2 = Desk::open(hub, "approver2").await;
    demo_policy(&buyer.api).await;

    // 100 CNY of widgets for CC-100: approver1, then approver2 (a non-catalog line).
    let mut widgets = free_line("Widgets", 100);
    widgets.supplier_id = "officeplus".into();
    assert_applied(
        &buyer
            .send(submit(draft("req-1", "CC-100", vec![widgets])))
            .await,
    );
    let first = requisition(&approver1.api, "req-1").await;
    assert_applied(&approver1.send(approve(&first)).await);
    let approved_once = requisition(&approver2.api, "req-1").await;
    assert_eq!(
        approvals(&approved_once)[0].1.len(),
        1,
        "approver1 approved"
    );
    assert_applied(
        &approver2
            .send(decide(&approved_once, Verdict::Return, "Which widgets?"))
            .await,
    );

    // Resubmitted as 9,999 CNY of gift cards from another supplier, for CC-300, elsewhere.
    let returned = requisition(&buyer.api, "req-1").await;
    assert_eq!(returned.status, Status::Returned);
    let mut other = returned.draft();
    let mut gift_cards = free_line("Gift cards", 9_999);
    gift_cards.supplier_id = "labcore".into();
    other.lines = vec![gift_cards];
    other.cost_centre = "CC-300".into();
    other.delivery_address = "Room 12, 1 Elsewhere Street".into();
    assert_applied(&buyer.send(submit(other)).await);

    let r = requisition(&approver1.api, "req-1").await;
    assert_eq!((r.status, r.revision), (Status::Pending, 2));
    assert!(
        r.route.iter().all(|s| s.approvals.is_empty()),
        "approver1's approval of the widgets is dropped: {:?}",
        approvals(&r)
    );
    assert_eq!(
        r.current_step().unwrap().approvers,
        ["u-approver1"],
        "the route starts again"
    );
    let last = r.audit.last().unwrap();
    assert_eq!(last.action, AuditAction::Resubmitted);
    for reason in [
        "approvals reset",
        "lines added (1), removed (1)",
        "cost centre CC-100 → CC-300",
        "delivery address",
        "total",
    ] {
        assert!(last.detail.contains(reason), "{reason}: {}", last.detail);
    }
    audit::verify(&r).unwrap();
    // What changed is there for approvers to see.
    let previous = r
        .previous
        .as_ref()
        .expect("the previous revision's content");
    let diff = procura_procurement::approval::changes(previous, &(&r).into());
    assert_eq!(diff.lines_removed[0].description, "Widgets");
    assert_eq!(diff.lines_added[0].description, "Gift cards");
    assert!(diff.total_grew());
    // approver1 decides again, on what is asked now.
    assert_applied(&approver1.send(approve(&r)).await);
}

/// Three requisitions of CC-300 needed in the same quarter: `P` fits the budget with either of
/// `B` and `C`, not with both. Returns the drafts and the budget period.
pub fn budget_race_drafts(
    item: &CatalogItem,
    policy: &procura_procurement::approval::Policy,
) -> (
    [procura_procurement::approval::RequisitionDraft; 3],
    Quarter,
) {
    let draft_of = |id: &str, target| {
        let line = catalog_line_near(item, target, policy);
        draft(id, "CC-300", vec![line])
    };
    let drafts = [
        draft_of("req-p", 13_000),
        draft_of("req-b", 19_000),
        draft_of("req-c", 19_000),
    ];
    let nets: Vec<Decimal> = drafts.iter().map(|d| net(&d.lines, policy)).collect();
    let (limit, budget) = (Decimal::from(20_000), Decimal::from(50_000));
    assert!(
        nets.iter()
            .all(|n| *n >= Decimal::from(10_000) && *n <= limit),
        "{nets:?}"
    );
    assert!(
        nets[0] + nets[1] <= budget && nets[0] + nets[2] <= budget,
        "{nets:?}"
    );
    assert!(nets[0] + nets[1] + nets[2] > budget, "{nets:?}");
    let period = period_of(drafts[0].need_by.expect("a need-by date"));
    (drafts, period)
}

/// The demo policy with CC-300's *stop* budget of 50,000 in `period` (the demo one has it for
/// 2026–2028; `None` when nothing needs saving).
pub fn budget_policy(period: Quarter) -> Option<procura_procurement::approval::Policy> {
    let demo = demo::policy();
    let held = demo.budget("CC-300", period);
    let fits = held.is_some_and(|b| {
        b.amount == Decimal::from(50_000)
            && b.mode == procura_procurement::approval::policy::BudgetMode::Stop
    });
    (!fits).then(|| with_budget(demo, "CC-300", &period.to_string(), 50_000))
}

/// Two final approvals racing for the last of CC-300's *stop* budget: set up through `hub`,
/// then the director's two devices send the final approvals of B and C at the same moment, one
/// to each of `racers` (the same hub twice, or two hub processes on one database). Exactly one
/// passes; committed never exceeds the budget.
pub async fn race_final_approvals(hub: &Api, racers: [&Api; 2]) {
    let mut buyer = Desk::open(hub, "buyer").await;
    let mut approver1 = Desk::open(hub, "approver1").await;
    let mut director = Desk::open(hub, "director").await;
    let policy = demo_policy(&buyer.api).await;
    let item = catalog_item(&buyer.api, &policy).await;
    let (drafts, period) = budget_race_drafts(&item, &policy);
    if let Some(p) = budget_policy(period) {
        let mut admin = Desk::open(hub, "admin").await;
        assert_applied(&admin.send(save_policy(p)).await);
    }
    let ops = drafts.iter().cloned().map(submit).collect();
    assert_eq!(buyer.push(ops).await.outcomes, super::sync::applied(1..=3));
    let held = requisitions(&approver1.api).await;
    let ops = held.values().map(approve).collect();
    assert_eq!(
        approver1.push(ops).await.outcomes,
        super::sync::applied(1..=3)
    );
    let held = requisitions(&director.api).await;
    assert_applied(&director.send(approve(&held["req-p"])).await);

    // The director's two devices send the final approvals of B and C at the same moment.
    let start = Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    let racing = [("req-b", "dev-director-a"), ("req-c", "dev-director-b")];
    for ((id, device), racer) in racing.into_iter().zip(racers) {
        let mut desk = Desk::at(racer, "director", device).await;
        let req = desk.request(vec![approve(&held[id])]);
        let start = Arc::clone(&start);
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            let answer: PushResponse = desk.api.push(&req).await.json();
            (id, answer.outcomes[0].result.clone())
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let applied: Vec<&str> = results
        .iter()
        .filter(|(_, r)| *r == OutcomeResult::Applied)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(applied.len(), 1, "exactly one fits: {results:?}");
    let (refused_id, refused) = results
        .iter()
        .find(|(_, r)| *r != OutcomeResult::Applied)
        .unwrap();
    assert_refused(refused, "budget_exceeded");

    let held = requisitions(&buyer.api).await;
    let committed = committed_in(held.values(), "CC-300", period, "");
    assert!(committed <= Decimal::from(50_000), "committed {committed}");
    assert_eq!(
        committed,
        held["req-p"].totals.net + held[applied[0]].totals.net
    );
    let loser = &held[*refused_id];
    assert_eq!(loser.status, Status::Pending);
    assert!(loser.route[1].approvals.is_empty());
    // Trying again changes nothing while the budget is spent.
    assert_refused(&director.send(approve(loser)).await, "budget_exceeded");
}
