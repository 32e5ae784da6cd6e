//! Supplier performance as this device sees it: the facts read from the synced orders, the
//! organisation's standing bands from the policy, and the core's scorecards, classification and
//! grades asked with them. Screens (suppliers, cart, requisitions, approvals, selections) use
//! these instead of computing anything themselves.

use crate::i18n::Lang;
use crate::state::AppState;
use leptos::prelude::*;
use procura_ground::id::SupplierId;
use procura_suppliers::assessment::Assessment;
use procura_suppliers::classification::{Quadrant, Relationship};
use procura_suppliers::grading::Grade;
use procura_suppliers::performance::{
    self, LineFacts, MetricKind, Standing, StandingPolicy, SupplierScore,
};
use procura_suppliers::scorecard::Evaluation;
use procura_sync::sync::Record;
use std::collections::BTreeMap;

crate::i18n::messages!(PerfMsg {
    OnTime => "On-time delivery", "准时交货";
    QuantityAccuracy => "Quantity accuracy", "数量准确";
    Quality => "Quality (accepted on receipt)", "质量（验收合格）";
    PriceStability => "Price stability", "价格稳定";
    Responsiveness => "Responsiveness", "响应速度";
    LeadTime => "Lead-time reliability", "交期可靠";
    Evaluations => "Buyers' evaluations", "采购员评价";
    Blocked => "Blocked", "已停用";
    Warn => "Warning", "警告";
    Fair => "Fair", "一般";
    Good => "Good", "良好";
    Unrated => "Not rated yet", "尚无评分";
    Strategic => "Strategic", "战略型";
    Leverage => "Leverage", "杠杆型";
    Bottleneck => "Bottleneck", "瓶颈型";
    Routine => "Routine", "常规型";
    Partnership => "Build a long-term partnership", "建立长期合作伙伴关系";
    CompetitiveBidding => "Bid competitively and pool volume", "集中采购、竞争招标";
    SecureSupply => "Secure supply: safety stock, second source", "保障供应：安全库存、备选供应商";
    Simplify => "Simplify: catalogs, fewer suppliers, less effort", "简化管理：目录采购、减少供应商与工作量";
    QualityAwareness => "Quality awareness", "质量意识";
    Technical => "Technical capability", "技术能力";
    Replication => "Capability to replicate", "复制能力";
    ProblemSolving => "Problem-solving capability", "解决问题能力";
});

crate::i18n::texts!(PerfMsg {
    /// A warned supplier's note in the cart, the requisition and the approver's view.
    fn warned(score: &str) en: "Performance warning: score {score} of 100", zh: "绩效警告：得分 {score}/100";
    fn blocked_note(score: &str) en: "Blocked by performance (score {score} of 100): cannot be ordered", zh: "因绩效停用（得分 {score}/100）：不能下单";
});

pub fn metric_msg(kind: MetricKind) -> PerfMsg {
    match kind {
        MetricKind::OnTime => PerfMsg::OnTime,
        MetricKind::QuantityAccuracy => PerfMsg::QuantityAccuracy,
        MetricKind::Quality => PerfMsg::Quality,
        MetricKind::PriceStability => PerfMsg::PriceStability,
        MetricKind::Responsiveness => PerfMsg::Responsiveness,
        MetricKind::LeadTime => PerfMsg::LeadTime,
        MetricKind::Evaluations => PerfMsg::Evaluations,
    }
}

pub fn standing_msg(s: Standing) -> PerfMsg {
    match s {
        Standing::Blocked => PerfMsg::Blocked,
        Standing::Warn => PerfMsg::Warn,
        Standing::Fair => PerfMsg::Fair,
        Standing::Good => PerfMsg::Good,
        Standing::Unrated => PerfMsg::Unrated,
    }
}

/// The badge class of a standing (colour by meaning).
pub fn standing_class(s: Standing) -> &'static str {
    match s {
        Standing::Blocked => "standing blocked",
        Standing::Warn => "standing warn",
        Standing::Fair => "standing fair",
        Standing::Good => "standing good",
        Standing::Unrated => "standing unrated",
    }
}

pub fn quadrant_msg(q: Quadrant) -> PerfMsg {
    match q {
        Quadrant::Strategic => PerfMsg::Strategic,
        Quadrant::Leverage => PerfMsg::Leverage,
        Quadrant::Bottleneck => PerfMsg::Bottleneck,
        Quadrant::Routine => PerfMsg::Routine,
    }
}

pub fn relationship_msg(r: Relationship) -> PerfMsg {
    match r {
        Relationship::Partnership => PerfMsg::Partnership,
        Relationship::CompetitiveBidding => PerfMsg::CompetitiveBidding,
        Relationship::SecureSupply => PerfMsg::SecureSupply,
        Relationship::Simplify => PerfMsg::Simplify,
    }
}

pub fn capability_msg(field: &str) -> PerfMsg {
    match field {
        "quality_awareness" => PerfMsg::QualityAwareness,
        "technical" => PerfMsg::Technical,
        "replication" => PerfMsg::Replication,
        _ => PerfMsg::ProblemSolving,
    }
}

pub fn grade_letter(g: Grade) -> &'static str {
    match g {
        Grade::A => "A",
        Grade::B => "B",
        Grade::C => "C",
        Grade::D => "D",
    }
}

/// A score as shown: "72" (scores are 0–100; one decimal says nothing a buyer acts on).
pub fn shown_score(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |s| format!("{s:.0}"))
}

/// The organisation's bands and weights (the default until the policy is on the device).
pub fn standing_policy(app: AppState) -> StandingPolicy {
    crate::org::policy(app)
        .map(|p| p.supplier_standing)
        .unwrap_or_default()
}

/// The buyers' evaluations on the device.
pub fn evaluations(app: AppState) -> Vec<Evaluation> {
    app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Evaluation(e) => Some(e.clone()),
                _ => None,
            })
            .collect()
    })
}

/// The organisation's assessments (impacts and capabilities), by supplier.
pub fn assessments(app: AppState) -> BTreeMap<SupplierId, Assessment> {
    app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Assessment(a) => Some((a.supplier_id.clone(), a.clone())),
                _ => None,
            })
            .collect()
    })
}

/// Every order line's facts, with the catalog's lead times where the item is on the device.
pub fn facts(app: AppState) -> Vec<LineFacts> {
    let orders = crate::org::orders(app);
    app.catalog.with(|c| {
        procura_orders::order::performance::facts(&orders, |id| {
            c.items
                .binary_search_by(|i| i.id.as_str().cmp(id.as_str()))
                .ok()
                .map(|at| c.items[at].lead_time_days)
        })
    })
}

/// What the performance screens read, computed once per change of the records.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Performance {
    pub facts: Vec<LineFacts>,
    pub evaluations: Vec<Evaluation>,
    pub policy: StandingPolicy,
    /// The standing that counts now, for every supplier with data.
    pub current: BTreeMap<SupplierId, SupplierScore>,
    /// The grade of every assessed supplier (shown beside its name in search results).
    pub grades: BTreeMap<SupplierId, Grade>,
}

impl Performance {
    pub fn standing(&self, supplier: &str) -> Standing {
        self.current
            .get(supplier)
            .map_or(Standing::Unrated, |s| s.standing)
    }
}

/// The one [`Performance`] memo of the app (provided at the root, so every screen and every
/// cart line reads the same computation).
#[derive(Clone, Copy)]
pub struct PerformanceContext(pub Memo<Performance>);

/// Performance as of today, recomputed when orders, evaluations or the policy change: the
/// app's shared memo, or a new one where none is provided (a test mounting one component).
pub fn use_performance(app: AppState) -> Memo<Performance> {
    use_context::<PerformanceContext>().map_or_else(|| performance_memo(app), |c| c.0)
}

/// A new memo of the performance (the root provides it once, [`PerformanceContext`]).
pub fn performance_memo(app: AppState) -> Memo<Performance> {
    Memo::new(move |_| {
        let facts = facts(app);
        let evaluations = evaluations(app);
        let policy = standing_policy(app);
        let today = crate::pages::orders::today();
        let mut ids: Vec<SupplierId> = facts.iter().map(|f| f.supplier_id.clone()).collect();
        ids.extend(evaluations.iter().map(|e| e.supplier_id.clone()));
        ids.sort();
        ids.dedup();
        let current = ids
            .into_iter()
            .map(|id| {
                let s = performance::current_standing(&facts, &evaluations, &id, today, &policy);
                (id, s)
            })
            .collect();
        let grades = assessments(app)
            .into_iter()
            .map(|(id, a)| (id, a.grade()))
            .collect();
        Performance {
            facts,
            evaluations,
            policy,
            current,
            grades,
        }
    })
}

/// The measured scores (0–100) of `ids` on the selection criterion `key`, when every one of
/// them has data for it: price → price stability, quality → quality on receipt, delivery →
/// on-time delivery, service → responsiveness. `None` for other criteria or missing data.
pub fn criterion_scores(app: AppState, key: &str, ids: &[SupplierId]) -> Option<Vec<f64>> {
    let kind = match key {
        "price" => MetricKind::PriceStability,
        "quality" => MetricKind::Quality,
        "delivery" => MetricKind::OnTime,
        "service" => MetricKind::Responsiveness,
        _ => return None,
    };
    // The shared memo's standings (a supplier without data has no score for any measure).
    use_performance(app).with_untracked(|p| {
        ids.iter()
            .map(|id| p.current.get(id)?.metric(kind).and_then(|m| m.score))
            .collect()
    })
}

/// The note a cart line, requisition line or inbox row shows for a supplier in standing
/// `score` (nothing for fair, good or unrated ones).
pub fn standing_note(lang: Lang, score: Option<&SupplierScore>) -> Option<(Standing, String)> {
    let s = score?;
    let shown = shown_score(s.overall);
    match s.standing {
        Standing::Blocked => Some((s.standing, PerfMsg::blocked_note(lang, &shown))),
        Standing::Warn => Some((s.standing, PerfMsg::warned(lang, &shown))),
        _ => None,
    }
}

/// A cart line's, requisition line's or inbox line's note on its supplier's standing: a
/// warning, or that it is blocked (nothing for the others).
#[component]
pub fn StandingNote(#[prop(into)] supplier: Signal<String>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let app = crate::state::use_app();
    let perf = use_performance(app);
    move || {
        let lang = i18n.lang();
        let id = supplier.get();
        perf.with(|p| standing_note(lang, p.current.get(id.as_str())))
            .map(|(standing, text)| {
                let class = if standing == Standing::Blocked {
                    "flag standing-note blocked"
                } else {
                    "flag standing-note warn"
                };
                view! {
                    <div class=class data-testid="standing-note" data-standing=format!("{standing:?}").to_lowercase()>{text}</div>
                }
            })
    }
}

/// Whether the organisation's rule lets new requisitions name this supplier now
/// ([`performance::may_order`]): a blocked supplier's refusal, in the core's words.
pub fn may_order(
    p: &Performance,
    supplier_id: &str,
    supplier_name: &str,
) -> Result<(), procura_ground::reason::Refusal> {
    match p.current.get(supplier_id) {
        Some(score) => performance::may_order(supplier_name, score),
        None => Ok(()),
    }
}

/// A supplier's grade beside its name (nothing until someone has assessed it).
#[component]
pub fn GradeBadge(supplier: String) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let perf = use_performance(crate::state::use_app());
    move || {
        perf.with(|p| p.grades.get(supplier.as_str()).copied()).map(|g| {
            let title = format!("{} {}", super::detail::DetailMsg::Grade.text(i18n.lang()), grade_letter(g));
            view! { <span class="grade small" data-testid="supplier-grade" title=title.clone() aria-label=title>{grade_letter(g)}</span> }
        })
    }
}
