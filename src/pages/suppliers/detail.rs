//! One supplier's performance: the standing that counts now and the measures behind it, the
//! trend per quarter, where it sits in the classification matrix, its grade, and the form a
//! buyer uses to rate the two impacts and the four capabilities. Everything measured is the
//! core's, computed from the synced orders and evaluations; only the ratings are typed in.

use super::evaluations::SupplierEvaluations;
use super::performance::{
    capability_msg, grade_letter, metric_msg, quadrant_msg, relationship_msg, shown_score,
    standing_class, standing_msg, use_performance, PerfMsg,
};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::sync::records;
use crate::ui::chart::{Bar, BarChart, LineChart, Mark, Point, QuadrantChart, Series, Tone};
use crate::ui::format::colon;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_ground::id::SupplierId;
use procura_ground::role::Role;
use procura_suppliers::assessment::{AssessmentDraft, Evidence};
use procura_suppliers::classification::{self, Quadrant};
use procura_suppliers::grading::{self, Capabilities};
use procura_suppliers::performance::{self, MetricKind, Standing};
use procura_sync::sync::Op;

crate::i18n::messages!(DetailMsg {
    Back => "All suppliers", "全部供应商";
    StandingNow => "Standing", "绩效等级";
    Measures => "Measures behind the score (0–100)", "评分依据（0–100）";
    Trend => "Score per quarter", "各季度得分";
    Overall => "Overall", "综合";
    Classification => "Classification", "供应商分类";
    ClassificationNote => "Profit impact comes from the last four quarters' orders (value, lines, orders, ranked among the organisation's suppliers); supply risk from the two impacts a buyer rates below.", "利润影响来自最近四个季度的订单（金额、行数、订单数在本组织供应商中的排名）；供应风险来自下面由采购员评定的两项影响。";
    ProfitImpact => "Profit impact", "利润影响";
    SupplyRisk => "Supply risk", "供应风险";
    Quadrant => "Quadrant", "象限";
    Recommended => "Recommended relationship", "建议的合作关系";
    NotClassified => "Rate the two impacts to classify this supplier.", "请评定两项影响以对该供应商分类。";
    Grading => "Grading", "供应商分级";
    Grade => "Grade", "等级";
    GradeRule => "A: all four capabilities 4 or 5 and a mean of at least 4.5; B: all at least 3, mean 3.5; C: all at least 2, mean 2.5; D: below.", "A：四项能力均为 4 或 5 且平均不低于 4.5；B：均不低于 3 且平均 3.5；C：均不低于 2 且平均 2.5；D：其余。";
    Assess => "Rate impacts and capabilities", "评定影响与能力";
    DeliveryImpact => "Impact on delivery", "对交货的影响";
    QualityImpact => "Impact on quality", "对质量的影响";
    Evidence => "Evidence", "依据";
    SaveAssessment => "Save ratings", "保存评定";
    AssessedBy => "Rated by", "评定人";
    Saved => "Saved. It syncs when the hub is reachable.", "已保存，连接服务器后同步。";
    Unknown => "No such supplier on this device.", "本设备上没有该供应商。";
    Window => "Covers", "统计期间";
    Basis => "Lines or evaluations behind it", "依据的订单行或评价数";
    Measure => "Measure", "指标";
    Score => "Score (0–100)", "得分（0–100）";
    Weight => "Weight", "权重";
    NotGraded => "Not graded yet", "尚未分级";
    NoData => "No orders or evaluations yet.", "尚无订单或评价。";
    RatingScale => "1 = low … 5 = high", "1 = 低 … 5 = 高";
});

/// The last twelve months up to now, in ms since 1970 (the classification's window).
fn window_ms(now_ms: i64) -> (i64, i64) {
    (
        now_ms.saturating_sub(365 * 86_400_000),
        now_ms.saturating_add(1),
    )
}

#[component]
pub fn SupplierDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let supplier = Memo::new(move |_| {
        let id = id.get();
        app.suppliers
            .with(|all| all.iter().find(|s| s.id == id).cloned())
    });
    let perf = use_performance(app);
    view! {
        <section class="page supplier-detail">
            <A href="/suppliers" attr:class="back-link">"← " {move || i18n.t(DetailMsg::Back)}</A>
            {move || match supplier.get() {
                None => view! { <p class="empty" data-testid="supplier-missing">{move || i18n.t(DetailMsg::Unknown)}</p> }.into_any(),
                Some(s) => {
                    let sid = s.id.clone();
                    let name = s.name.get(i18n.lang()).to_owned();
                    view! {
                        <h1 data-content="">{name.clone()}</h1>
                        <Standing supplier=sid.clone() perf/>
                        <Trend supplier=sid.clone() perf/>
                        <ClassificationView supplier=sid.clone() perf/>
                        <AssessmentForm supplier=sid.clone()/>
                        <SupplierEvaluations supplier_id=sid.to_string() supplier_name=name/>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Standing(supplier: SupplierId, perf: Memo<super::performance::Performance>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        perf.with(|p| {
            let Some(score) = p.current.get(&supplier) else {
                return view! { <p class="muted" data-testid="standing">{DetailMsg::NoData.text(lang)}</p> }.into_any();
            };
            let bars: Vec<Bar> = score
                .metrics
                .iter()
                .filter(|m| p.policy.weight(m.kind) > 0)
                .map(|m| Bar {
                    label: metric_msg(m.kind).text(lang).to_owned(),
                    label_is_data: false,
                    value: m.score.unwrap_or(0.0),
                    shown: shown_score(m.score),
                    tone: tone(p.policy.standing(m.score)),
                })
                .collect();
            let marks = vec![
                Mark { at: f64::from(p.policy.blocked_below), label: PerfMsg::Blocked.text(lang).to_owned() },
                Mark { at: f64::from(p.policy.warn_below), label: PerfMsg::Warn.text(lang).to_owned() },
            ];
            let summary = format!(
                "{} {} · {}",
                DetailMsg::Overall.text(lang),
                shown_score(score.overall),
                standing_msg(score.standing).text(lang)
            );
            let table_rows = score.metrics.iter().map(|m| view! {
                <tr>
                    <td data-label=DetailMsg::Measure.text(lang)>{metric_msg(m.kind).text(lang)}</td>
                    <td class="num" data-label=DetailMsg::Score.text(lang)>{shown_score(m.score)}</td>
                    <td class="num" data-label=DetailMsg::Basis.text(lang)>{m.basis}</td>
                    <td class="num" data-label=DetailMsg::Weight.text(lang)>{p.policy.weight(m.kind)}</td>
                </tr>
            }).collect_view();
            view! {
                <div class="standing-head" data-testid="standing" data-standing=format!("{:?}", score.standing).to_lowercase()>
                    <span class=standing_class(score.standing)>{standing_msg(score.standing).text(lang)}</span>
                    <strong class="overall">{DetailMsg::Overall.text(lang)} " " {shown_score(score.overall)} " / 100"</strong>
                    <small class="muted">{DetailMsg::Window.text(lang)} " " {score.first_quarter.to_string()} " – " {score.quarter.to_string()}</small>
                </div>
                <BarChart title=DetailMsg::Measures.text(lang).to_owned() summary bars max=100.0 marks
                    value_header=DetailMsg::Overall.text(lang).to_owned() test_id="measures-chart"/>
                <table class="data measures stack">
                    <thead><tr>
                        <th>{DetailMsg::Measure.text(lang)}</th><th class="num">{DetailMsg::Score.text(lang)}</th>
                        <th class="num">{DetailMsg::Basis.text(lang)}</th><th class="num">{DetailMsg::Weight.text(lang)}</th>
                    </tr></thead>
                    <tbody>{table_rows}</tbody>
                </table>
            }.into_any()
        })
    }
}

fn tone(s: Standing) -> Tone {
    match s {
        Standing::Blocked => Tone::Bad,
        Standing::Warn => Tone::Warn,
        Standing::Fair => Tone::Plain,
        Standing::Good => Tone::Good,
        Standing::Unrated => Tone::Muted,
    }
}

#[component]
fn Trend(supplier: SupplierId, perf: Memo<super::performance::Performance>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let today = crate::pages::orders::today();
        perf.with(|p| {
            let trend = performance::trend(&p.facts, &p.evaluations, &supplier, today, &p.policy);
            (trend.len() > 1).then(|| {
                let categories: Vec<String> = trend.iter().map(|s| s.quarter.to_string()).collect();
                let overall = Series {
                    label: DetailMsg::Overall.text(lang).to_owned(),
                    values: trend.iter().map(|s| s.overall).collect(),
                    tone: Tone::Plain,
                };
                let on_time = Series {
                    label: metric_msg(MetricKind::OnTime).text(lang).to_owned(),
                    values: trend
                        .iter()
                        .map(|s| s.metric(MetricKind::OnTime).and_then(|m| m.score))
                        .collect(),
                    tone: Tone::Muted,
                };
                let marks = vec![
                    Mark {
                        at: f64::from(p.policy.blocked_below),
                        label: PerfMsg::Blocked.text(lang).to_owned(),
                    },
                    Mark {
                        at: f64::from(p.policy.warn_below),
                        label: PerfMsg::Warn.text(lang).to_owned(),
                    },
                ];
                let summary = trend
                    .iter()
                    .map(|s| format!("{} {}", s.quarter, shown_score(s.overall)))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <LineChart title=DetailMsg::Trend.text(lang).to_owned() summary categories
                        series=vec![overall, on_time] max=100.0 marks
                        shown=Callback::new(|v: f64| format!("{v:.0}")) test_id="trend-chart"/>
                }
            })
        })
    }
}

#[component]
fn ClassificationView(
    supplier: SupplierId,
    perf: Memo<super::performance::Performance>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let assessments = Memo::new(move |_| super::performance::assessments(app));
    move || {
        let lang = i18n.lang();
        let (from, to) = window_ms(crate::org::now_ms());
        let rates = app.org_rates.get();
        let classes = perf.with(|p| {
            let activity = classification::activity(&p.facts, from, to, |currency, amount| {
                rates.as_ref().and_then(|r| r.convert(amount, currency))
            });
            assessments
                .with(|a| classification::classify(&activity, |id| a.get(id).map(|a| a.impacts())))
        });
        let names = app.suppliers.get();
        let name_of = |id: &SupplierId| {
            names
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.name.get(lang).to_owned())
                .unwrap_or_else(|| id.to_string())
        };
        let mine = classes.iter().find(|c| c.supplier_id == supplier).cloned();
        let points: Vec<Point> = classes
            .iter()
            .map(|c| Point {
                label: name_of(&c.supplier_id),
                // 1–5 scores drawn on 0–100.
                x: (c.value_score - 1.0) * 25.0,
                y: (c.risk_score - 1.0) * 25.0,
                tone: if c.supplier_id == supplier {
                    Tone::Good
                } else {
                    Tone::Muted
                },
                highlight: c.supplier_id == supplier,
            })
            .collect();
        let point_quadrants = classes
            .iter()
            .map(|c| quadrant_msg(c.quadrant).text(lang).to_owned())
            .collect();
        let q = |q: Quadrant| quadrant_msg(q).text(lang).to_owned();
        view! {
            <section class="classification" data-testid="classification">
                <h2>{DetailMsg::Classification.text(lang)}</h2>
                <p class="muted small">{DetailMsg::ClassificationNote.text(lang)}</p>
                {match &mine {
                    Some(c) => view! {
                        <p data-testid="quadrant" data-quadrant=format!("{:?}", c.quadrant).to_lowercase()>
                            <strong>{DetailMsg::Quadrant.text(lang)} {colon(lang)} {quadrant_msg(c.quadrant).text(lang)}</strong>
                            " · " {DetailMsg::Recommended.text(lang)} {colon(lang)} {relationship_msg(c.relationship).text(lang)}
                        </p>
                    }.into_any(),
                    None => view! { <p class="muted" data-testid="quadrant">{DetailMsg::NotClassified.text(lang)}</p> }.into_any(),
                }}
                {(!points.is_empty()).then(|| view! {
                    <QuadrantChart title=DetailMsg::Classification.text(lang).to_owned()
                        summary=mine.as_ref().map(|c| quadrant_msg(c.quadrant).text(lang).to_owned()).unwrap_or_default()
                        x_label=DetailMsg::ProfitImpact.text(lang).to_owned() y_label=DetailMsg::SupplyRisk.text(lang).to_owned()
                        quadrants=[q(Quadrant::Bottleneck), q(Quadrant::Strategic), q(Quadrant::Routine), q(Quadrant::Leverage)]
                        points
                        headers=[crate::i18n::Msg::Supplier.text(lang).to_owned(), DetailMsg::ProfitImpact.text(lang).to_owned(), DetailMsg::SupplyRisk.text(lang).to_owned(), DetailMsg::Quadrant.text(lang).to_owned()]
                        point_quadrants test_id="classification-chart"/>
                })}
            </section>
        }
    }
}

fn may_assess(app: AppState) -> bool {
    crate::org::me(app).is_some_and(|me| me.has(Role::Buyer) || me.has(Role::Admin))
}

#[component]
fn AssessmentForm(supplier: SupplierId) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let sid = StoredValue::new(supplier.clone());
    let stored = Memo::new(move |_| super::performance::assessments(app).remove(&sid.get_value()));
    let draft = RwSignal::new(None::<AssessmentDraft>);
    // The form starts from the stored assessment, or from the middle of the scale.
    let shown = Memo::new(move |_| {
        draft.get().unwrap_or_else(|| match stored.get() {
            Some(a) => a.draft(),
            None => AssessmentDraft {
                supplier_id: sid.get_value(),
                delivery_impact: 3,
                quality_impact: 3,
                capabilities: Capabilities {
                    quality_awareness: 3,
                    technical: 3,
                    replication: 3,
                    problem_solving: 3,
                },
                evidence: Evidence::default(),
                base_revision: 0,
            },
        })
    });
    let edit = move |f: &dyn Fn(&mut AssessmentDraft)| {
        let mut d = shown.get_untracked();
        f(&mut d);
        draft.set(Some(d));
    };
    let message = RwSignal::new(None::<(bool, String)>);
    let editable = may_assess(app);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = shown.get_untracked();
        let lang = i18n.0.get_untracked();
        spawn_local(async move {
            match records::queue(app, Op::SaveAssessment { assessment: d }).await {
                Ok(()) => {
                    draft.set(None);
                    message.set(Some((true, DetailMsg::Saved.text(lang).to_owned())));
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };
    let rating = move |label: String,
                       testid: String,
                       get: fn(&AssessmentDraft) -> u8,
                       set: fn(&mut AssessmentDraft, u8)| {
        view! {
            <label>{label}
                <select data-testid=testid prop:disabled=!editable
                    prop:value=move || get(&shown.get()).to_string()
                    on:change={move |ev| if let Ok(v) = event_target_value(&ev).parse::<u8>() { edit(&|d| set(d, v)) }}>
                    {(1..=5).map(|v| view! { <option value=v.to_string()>{v}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let note = move |lang: Lang,
                     field: &'static str,
                     get: fn(&AssessmentDraft) -> String,
                     set: fn(&mut AssessmentDraft, String)| {
        view! {
            <label class="wide">{DetailMsg::Evidence.text(lang)} " · " {capability_msg(field).text(lang)}
                <textarea data-testid=format!("evidence-{field}") maxlength={procura_suppliers::assessment::MAX_NOTE_CHARS.to_string()} prop:disabled=!editable
                    prop:value=move || get(&shown.get())
                    on:change=move |ev| { let v = event_target_value(&ev); edit(&|d| set(d, v.clone())) }></textarea>
            </label>
        }
    };
    move || {
        let lang = i18n.lang();
        let grade = grading::grade(&shown.get().capabilities);
        view! {
            <section class="assessment" data-testid="assessment">
                <h2>{DetailMsg::Grading.text(lang)}</h2>
                {if stored.with(Option::is_some) || draft.with(Option::is_some) {
                    view! { <p><span class="grade" data-testid="grade">{DetailMsg::Grade.text(lang)} " " {grade_letter(grade)}</span></p> }.into_any()
                } else {
                    view! { <p class="muted" data-testid="grade">{DetailMsg::NotGraded.text(lang)}</p> }.into_any()
                }}
                <p class="muted small">{DetailMsg::GradeRule.text(lang)}</p>
                {stored.get().map(|a| view! {
                    <p class="muted small">{DetailMsg::AssessedBy.text(lang)} " " <span data-content="">{a.assessed_by_name.clone()}</span> " · " {crate::ui::format::date(lang, a.at_ms)}</p>
                })}
                <form class="assessment-form" on:submit=save data-testid="assessment-form">
                    <p class="muted small wide">{DetailMsg::Assess.text(lang)} " (" {DetailMsg::RatingScale.text(lang)} ")"</p>
                    {rating(DetailMsg::DeliveryImpact.text(lang).to_owned(), "impact-delivery".into(), |d| d.delivery_impact, |d, v| d.delivery_impact = v)}
                    {rating(DetailMsg::QualityImpact.text(lang).to_owned(), "impact-quality".into(), |d| d.quality_impact, |d, v| d.quality_impact = v)}
                    {rating(capability_msg("quality_awareness").text(lang).to_owned(), "cap-quality_awareness".into(), |d| d.capabilities.quality_awareness, |d, v| d.capabilities.quality_awareness = v)}
                    {rating(capability_msg("technical").text(lang).to_owned(), "cap-technical".into(), |d| d.capabilities.technical, |d, v| d.capabilities.technical = v)}
                    {rating(capability_msg("replication").text(lang).to_owned(), "cap-replication".into(), |d| d.capabilities.replication, |d, v| d.capabilities.replication = v)}
                    {rating(capability_msg("problem_solving").text(lang).to_owned(), "cap-problem_solving".into(), |d| d.capabilities.problem_solving, |d, v| d.capabilities.problem_solving = v)}
                    {note(lang, "quality_awareness", |d| d.evidence.quality_awareness.clone(), |d, v| d.evidence.quality_awareness = v)}
                    {note(lang, "technical", |d| d.evidence.technical.clone(), |d, v| d.evidence.technical = v)}
                    {note(lang, "replication", |d| d.evidence.replication.clone(), |d, v| d.evidence.replication = v)}
                    {note(lang, "problem_solving", |d| d.evidence.problem_solving.clone(), |d, v| d.evidence.problem_solving = v)}
                    {editable.then(|| view! {
                        <div class="form-actions">
                            <button type="submit" class="primary" data-testid="save-assessment">{DetailMsg::SaveAssessment.text(lang)}</button>
                        </div>
                    })}
                    {message.get().map(|(ok, text)| view! { <p class=if ok { "notice" } else { "error" } role="status">{text}</p> })}
                </form>
            </section>
        }
    }
}
