//! Spend analysis: where the organisation's money goes, computed on the device from the synced
//! orders and requisitions (`procura_spend::spend::cube`), so it works offline. Totals
//! (committed against received), a roll-up by a dimension the buyer picks with a drill-down to
//! the lines behind any bar, spend by month (stacked by the largest category segments, and
//! committed against received), the catalog against non-catalog share, the lines that could not
//! be converted, ABC classes with a Pareto chart, budget against actual for the current quarter
//! with a cost centre's burn-down, and CSV export of each table.

mod abc;
mod budget;
mod burn_down;
pub mod classes;
mod msg;
mod variance;

pub use budget::BudgetActual;
pub use msg::SpendMsg;

use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::ui::chart::{Bar, BarChart, LineChart, Series, StackSeries, StackedBarChart, Tone};
use crate::ui::csv;
use crate::ui::format::{money, number};
use leptos::prelude::*;
use leptos_router::components::A;
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::{Policy, Requisition};
use procura_spend::spend::monthly::{by_month_stacked, Stack};
use procura_spend::spend::{self, Dim, Overflow, Problem, SourceRef, SpendCube};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Bars drawn before the rest are summed as "others".
const TOP: usize = 10;
/// Category segments stacked by name in spend by month; the rest are summed as "others".
const TOP_SEGMENTS: usize = 5;
/// Drill-down lines listed on the screen (the CSV has them all).
const LISTED: usize = 50;

/// What the screen computes from the device's records, once per change of them.
pub struct Data {
    pub policy: Policy,
    pub orders: Vec<PurchaseOrder>,
    pub requisitions: Vec<Requisition>,
    order_index: HashMap<String, usize>,
    requisition_index: HashMap<String, usize>,
    pub cube: Result<SpendCube, Overflow>,
}

/// [`Data`] shared between the parts of the screen; equal only to itself, so a memo of it
/// changes whenever it is recomputed.
#[derive(Clone)]
pub struct Shared(pub Arc<Data>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Data {
    pub fn new(policy: Policy, orders: Vec<PurchaseOrder>, requisitions: Vec<Requisition>) -> Self {
        let cube = spend::cube(&policy, &orders, &requisitions);
        let order_index = orders
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str().to_owned(), i))
            .collect();
        let requisition_index = requisitions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str().to_owned(), i))
            .collect();
        Self {
            policy,
            orders,
            requisitions,
            order_index,
            requisition_index,
            cube,
        }
    }

    pub fn order(&self, id: &str) -> Option<&PurchaseOrder> {
        self.order_index.get(id).map(|&i| &self.orders[i])
    }

    pub fn requisition(&self, id: &str) -> Option<&Requisition> {
        self.requisition_index
            .get(id)
            .map(|&i| &self.requisitions[i])
    }

    /// How a dimension's label reads, and whether it is data (a name as entered) rather
    /// than UI text.
    pub fn label(&self, dim: Dim, key: &str, lang: Lang) -> (String, bool) {
        let or_key = |name: Option<String>| match name {
            Some(n) if !n.is_empty() => n,
            _ => key.to_owned(),
        };
        match dim {
            Dim::Supplier => (crate::ui::names::supplier_name(key, key, lang), true),
            Dim::Segment | Dim::Family if key.is_empty() => {
                (SpendMsg::Unclassified.text(lang).to_owned(), false)
            }
            Dim::Segment => (
                or_key(procura_catalog::unspsc::segment_name(key).map(|t| t.get(lang).to_owned())),
                true,
            ),
            Dim::Family => (
                or_key(procura_catalog::unspsc::family_name(key).map(|t| t.get(lang).to_owned())),
                true,
            ),
            Dim::CostCentre => {
                let name = self
                    .policy
                    .cost_centres
                    .iter()
                    .find(|c| c.code.as_str() == key)
                    .map(|c| format!("{key} {}", c.name));
                (or_key(name), true)
            }
            Dim::Account => {
                let name = self
                    .policy
                    .accounts
                    .iter()
                    .find(|a| a.code.as_str() == key)
                    .map(|a| format!("{key} {}", a.name));
                (or_key(name), true)
            }
            Dim::Requester => {
                let name = self
                    .policy
                    .people
                    .iter()
                    .find(|p| p.id.as_str() == key)
                    .map(|p| p.name.clone());
                (or_key(name), true)
            }
            Dim::Month | Dim::Quarter => (key.to_owned(), false),
            Dim::Channel if key == spend::CATALOG => {
                (SpendMsg::Catalog.text(lang).to_owned(), false)
            }
            Dim::Channel => (SpendMsg::NonCatalog.text(lang).to_owned(), false),
        }
    }
}

/// The spend data, provided once by the app's root so the Spend screen and the ABC badges
/// share one cube.
#[derive(Clone, Copy)]
pub struct SpendContext(pub Memo<Option<Shared>>);

/// The spend data of this device's records, `None` until the policy has synced (reactive):
/// the root's ([`SpendContext`]) when provided.
pub fn use_spend(app: AppState) -> Memo<Option<Shared>> {
    use_context::<SpendContext>().map_or_else(|| spend_memo(app), |c| c.0)
}

/// A new memo of the spend data.
pub fn spend_memo(app: AppState) -> Memo<Option<Shared>> {
    Memo::new(move |_| {
        let policy = crate::org::policy(app)?;
        let orders = crate::org::orders(app);
        let requisitions = crate::org::requisitions(app);
        Some(Shared(Arc::new(Data::new(policy, orders, requisitions))))
    })
}

/// The dimensions the picker offers, with their keys and names.
const DIMS: [(Dim, &str, SpendMsg); 8] = [
    (Dim::Supplier, "supplier", SpendMsg::DimSupplier),
    (Dim::Family, "family", SpendMsg::DimFamily),
    (Dim::CostCentre, "cost_centre", SpendMsg::DimCostCentre),
    (Dim::Account, "account", SpendMsg::DimAccount),
    (Dim::Requester, "requester", SpendMsg::DimRequester),
    (Dim::Quarter, "quarter", SpendMsg::DimQuarter),
    (Dim::Month, "month", SpendMsg::DimMonth),
    (Dim::Channel, "channel", SpendMsg::DimChannel),
];

fn dim_key(dim: Dim) -> &'static str {
    DIMS.iter()
        .find(|(d, _, _)| *d == dim)
        .map_or("supplier", |(_, k, _)| k)
}

fn dim_msg(dim: Dim) -> SpendMsg {
    match dim {
        Dim::Segment => SpendMsg::DimSegment,
        _ => DIMS
            .iter()
            .find(|(d, _, _)| *d == dim)
            .map_or(SpendMsg::DimSupplier, |(_, _, m)| *m),
    }
}

/// `part` of `whole` in percent, one decimal, in the viewer's notation ("12.5 %").
pub fn percent(lang: Lang, part: Decimal, whole: Decimal) -> String {
    let p = if whole.is_zero() {
        Decimal::ZERO
    } else {
        (part * Decimal::ONE_HUNDRED / whole).round_dp(1)
    };
    format!("{}\u{a0}%", number(lang, p))
}

pub fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

#[component]
pub fn SpendPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_spend(app);
    let dim = RwSignal::new(Dim::Family);
    let drill = RwSignal::new(None::<(Dim, String)>);
    view! {
        <section class="page spend" data-testid="spend-page">
            <div class="page-head">
                <h1>{move || i18n.t(SpendMsg::Title)}</h1>
                <A href="/orders" attr:class="button">{move || i18n.t(SpendMsg::BackToOrders)}</A>
            </div>
            <p class="muted">{move || i18n.t(SpendMsg::Intro)}</p>
            {move || match data.get() {
                None => view! { <p class="muted" data-testid="spend-loading">{i18n.t(SpendMsg::Loading)}</p> }.into_any(),
                Some(shared) if shared.0.cube.is_err() => view! {
                    <p class="banner error" role="alert">{i18n.t(SpendMsg::Overflow)}</p>
                }.into_any(),
                Some(shared) => view! {
                    <Totals data=shared.clone()/>
                    <Breakdown data=shared.clone() dim drill/>
                    <Drill data=shared.clone() drill/>
                    <Monthly data=shared.clone()/>
                    <Unconverted data=shared.clone()/>
                    <abc::Abc data=shared.clone()/>
                    <section class="spend-section" data-testid="spend-budget">
                        <h2>{move || i18n.t(SpendMsg::BudgetTitle)}</h2>
                        <p class="muted">{move || i18n.t(SpendMsg::BudgetIntro)}</p>
                        <BudgetActual data=shared.clone() compact=false/>
                    </section>
                    <variance::Variance data=shared/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Totals(data: Shared) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let Ok(cube) = &data.0.cube else {
            return ().into_any();
        };
        let total = cube.total();
        let committed = total.committed().unwrap_or(Decimal::MAX);
        let (_, non_catalog) = cube.channels();
        let maverick = non_catalog.committed().unwrap_or(Decimal::ZERO);
        let cur = cube.currency.clone();
        let t = |m: SpendMsg| m.text(lang);
        view! {
            <dl class="spend-totals" data-testid="spend-totals">
                <div class="figure main">
                    <dt>{t(SpendMsg::Committed)} <small class="muted">" (" {t(SpendMsg::CommittedHint)} ")"</small></dt>
                    <dd data-testid="spend-committed" data-amount=committed.to_string()>{money(lang, committed, &cur)}</dd>
                </div>
                <div class="figure main">
                    <dt>{t(SpendMsg::Received)}</dt>
                    <dd data-testid="spend-received" data-amount=total.received.to_string()>{money(lang, total.received, &cur)}</dd>
                </div>
                <div class="figure">
                    <dt>{t(SpendMsg::Ordered)}</dt>
                    <dd>{money(lang, total.ordered, &cur)}</dd>
                </div>
                <div class="figure">
                    <dt>{t(SpendMsg::Approved)}</dt>
                    <dd>{money(lang, total.approved, &cur)}</dd>
                </div>
                <div class="figure">
                    <dt>{t(SpendMsg::Maverick)}</dt>
                    <dd data-testid="spend-maverick">{percent(lang, maverick, committed)}</dd>
                    <dd class="muted small">{money(lang, maverick, &cur)} " " {t(SpendMsg::MaverickHint)}</dd>
                </div>
            </dl>
        }
        .into_any()
    }
}

/// One row of a roll-up: its key, how it reads, its amounts.
struct Row {
    key: String,
    label: String,
    is_data: bool,
    committed: Decimal,
    received: Decimal,
}

fn rows(data: &Data, cube: &SpendCube, dim: Dim, lang: Lang) -> Vec<Row> {
    let mut rows: Vec<Row> = cube
        .by(dim)
        .map(|(key, cell)| {
            let (label, is_data) = data.label(dim, key, lang);
            Row {
                key: key.to_owned(),
                label,
                is_data,
                committed: cell.amounts.committed().unwrap_or(Decimal::MAX),
                received: cell.amounts.received,
            }
        })
        .collect();
    if matches!(dim, Dim::Month | Dim::Quarter) {
        rows.sort_by(|a, b| b.key.cmp(&a.key));
    } else {
        rows.sort_by(|a, b| {
            b.committed
                .cmp(&a.committed)
                .then_with(|| a.key.cmp(&b.key))
        });
    }
    rows
}

#[component]
fn Breakdown(
    data: Shared,
    dim: RwSignal<Dim>,
    drill: RwSignal<Option<(Dim, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let export_failed = RwSignal::new(false);
    let picker = move || {
        let lang = i18n.lang();
        view! {
            <label class="inline-field">
                <span>{SpendMsg::By.text(lang)}</span>
                <select data-testid="spend-dim" on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some((d, _, _)) = DIMS.iter().find(|(_, k, _)| *k == key) {
                        dim.set(*d);
                    }
                }>
                    {DIMS.iter().map(|(d, k, m)| {
                        let d = *d;
                        view! { <option value=*k selected=move || dim.get() == d>{m.text(lang)}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let body = move || {
        let lang = i18n.lang();
        let d = dim.get();
        let data = data.0.clone();
        let Ok(cube) = &data.cube else {
            return ().into_any();
        };
        let cur = cube.currency.clone();
        let all = rows(&data, cube, d, lang);
        if all.is_empty() {
            return view! { <p class="muted" data-testid="spend-empty">{SpendMsg::NoSpend.text(lang)}</p> }.into_any();
        }
        let total = cube.total().committed().unwrap_or(Decimal::MAX);
        // Bars: the largest first (a period: in time order, the latest TOP), the rest summed.
        let mut charted: Vec<&Row> = all.iter().take(TOP).collect();
        if matches!(d, Dim::Month | Dim::Quarter) {
            charted.reverse();
        }
        let rest: Decimal = all.iter().skip(TOP).map(|r| r.committed).sum();
        let max = all
            .iter()
            .map(|r| to_f64(r.committed))
            .fold(0.0, f64::max)
            .max(to_f64(rest));
        let mut bars: Vec<Bar> = charted
            .iter()
            .map(|r| Bar {
                label: r.label.clone(),
                label_is_data: r.is_data,
                value: to_f64(r.committed),
                shown: money(lang, r.committed, &cur),
                tone: Tone::Plain,
            })
            .collect();
        let keys: Vec<String> = charted.iter().map(|r| r.key.clone()).collect();
        if all.len() > TOP {
            bars.push(Bar {
                label: SpendMsg::Others.text(lang).to_owned(),
                label_is_data: false,
                value: to_f64(rest),
                shown: money(lang, rest, &cur),
                tone: Tone::Muted,
            });
        }
        let summary = format!(
            "{}: {} {}",
            dim_msg(d).text(lang),
            all[0].label,
            money(lang, all[0].committed, &cur)
        );
        let select = Callback::new(move |i: usize| {
            if let Some(key) = keys.get(i) {
                drill.set(Some((d, key.clone())));
                reveal_drill();
            }
        });
        let csv_rows: Vec<Vec<csv::Field>> = all
            .iter()
            .map(|r| {
                vec![
                    csv::Field::Text(r.label.clone()),
                    csv::Field::Text(r.key.clone()),
                    csv::Field::Number(r.committed),
                    csv::Field::Number(r.received),
                ]
            })
            .collect();
        let header = vec![
            dim_msg(d).text(lang).to_owned(),
            "key".to_owned(),
            format!("{} ({cur})", SpendMsg::Committed.text(lang)),
            format!("{} ({cur})", SpendMsg::Received.text(lang)),
        ];
        let file = format!("spend-{}.csv", dim_key(d));
        let export = move |_| export_failed.set(csv::download(&file, &header, &csv_rows).is_err());
        let table_rows = all
            .iter()
            .map(|r| {
                let data_attr = r.is_data.then_some("");
                let key = r.key.clone();
                let selected = {
                    let key = key.clone();
                    move || drill.with(|x| x.as_ref().is_some_and(|(dd, k)| *dd == d && *k == key))
                };
                view! {
                    <tr class:selected=selected data-key=r.key.clone() data-amount=r.committed.to_string()>
                        <td class="wide" data-label=dim_msg(d).text(lang) data-content=data_attr>
                            <button type="button" class="link-button" data-testid="spend-row"
                                on:click=move |_| {
                                    drill.set(Some((d, key.clone())));
                                    reveal_drill();
                                }>{r.label.clone()}</button>
                        </td>
                        <td class="num" data-label=SpendMsg::Committed.text(lang)>{money(lang, r.committed, &cur)}</td>
                        <td class="num" data-label=SpendMsg::Received.text(lang)>{money(lang, r.received, &cur)}</td>
                        <td class="num" data-label=SpendMsg::Share.text(lang)>{percent(lang, r.committed, total)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <BarChart title=SpendMsg::TopChart.text(lang).to_owned() summary bars max
                value_header=SpendMsg::Committed.text(lang).to_owned() test_id="spend-bars" on_select=select/>
            <p class="muted small">{SpendMsg::TapHint.text(lang)}</p>
            <div class="table-actions">
                <button type="button" data-testid="spend-export" on:click=export>{SpendMsg::ExportCsv.text(lang)}</button>
                {move || export_failed.get().then(|| view! { <span class="error" role="alert">{SpendMsg::ExportFailed.text(lang)}</span> })}
            </div>
            <table class="data stack" data-testid="spend-table">
                <thead><tr>
                    <th>{dim_msg(d).text(lang)}</th>
                    <th class="num">{SpendMsg::Committed.text(lang)}</th>
                    <th class="num">{SpendMsg::Received.text(lang)}</th>
                    <th class="num">{SpendMsg::Share.text(lang)}</th>
                </tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="spend-section" data-testid="spend-breakdown">
            <div class="section-head">{picker}</div>
            {body}
        </section>
    }
}

/// The order lines (and approved requisition lines) behind the chosen cell.
#[component]
fn Drill(data: Shared, drill: RwSignal<Option<(Dim, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let export_failed = RwSignal::new(false);
    move || {
        let (dim, key) = drill.get()?;
        let lang = i18n.lang();
        let data = data.0.clone();
        let cube = data.cube.as_ref().ok()?;
        let cell = cube.cell(dim, &key)?;
        let cur = cube.currency.clone();
        let (label, is_data) = data.label(dim, &key, lang);
        struct Line {
            doc: String,
            href: String,
            line: u32,
            item: String,
            supplier: String,
            month: String,
            committed: Decimal,
            received: Decimal,
        }
        let lines: Vec<Line> = cell
            .facts
            .iter()
            .map(|&i| {
                let fact = &cube.facts()[i as usize];
                let month = cube
                    .label(Dim::Month, fact.keys[Dim::Month.index()])
                    .to_owned();
                let supplier_id = cube.label(Dim::Supplier, fact.keys[Dim::Supplier.index()]);
                let supplier = crate::ui::names::supplier_name(supplier_id, supplier_id, lang);
                let committed = fact.amounts.committed().unwrap_or(Decimal::MAX);
                match cube.source(fact) {
                    SourceRef::OrderLine { order, line_no } => {
                        let o = data.order(order.as_str());
                        Line {
                            doc: o.map_or_else(|| order.as_str().to_owned(), |o| o.number.clone()),
                            href: format!("/orders/{}", order.as_str()),
                            line: line_no,
                            item: o
                                .and_then(|o| o.lines.iter().find(|l| l.line_no == line_no))
                                .map(|l| l.description.clone())
                                .unwrap_or_default(),
                            supplier,
                            month,
                            committed,
                            received: fact.amounts.received,
                        }
                    }
                    SourceRef::RequisitionLine { requisition, line } => {
                        let r = data.requisition(requisition.as_str());
                        Line {
                            doc: r.map_or_else(
                                || requisition.as_str().to_owned(),
                                |r| r.title.clone(),
                            ),
                            href: format!("/requisitions/{}", requisition.as_str()),
                            line: line + 1,
                            item: r
                                .and_then(|r| r.lines.get(line as usize))
                                .map(|l| l.description.clone())
                                .unwrap_or_default(),
                            supplier,
                            month,
                            committed,
                            received: fact.amounts.received,
                        }
                    }
                }
            })
            .collect();
        let csv_rows: Vec<Vec<csv::Field>> = lines
            .iter()
            .map(|l| {
                vec![
                    csv::Field::Text(l.doc.clone()),
                    csv::Field::Number(Decimal::from(l.line)),
                    csv::Field::Text(l.item.clone()),
                    csv::Field::Text(l.supplier.clone()),
                    csv::Field::Text(l.month.clone()),
                    csv::Field::Number(l.committed),
                    csv::Field::Number(l.received),
                ]
            })
            .collect();
        let header: Vec<String> = [
            SpendMsg::ColOrder,
            SpendMsg::ColLine,
            SpendMsg::ColItem,
            SpendMsg::ColSupplier,
            SpendMsg::ColMonth,
        ]
        .iter()
        .map(|m| m.text(lang).to_owned())
        .chain([
            format!("{} ({cur})", SpendMsg::Committed.text(lang)),
            format!("{} ({cur})", SpendMsg::Received.text(lang)),
        ])
        .collect();
        let file = format!("spend-{}-lines.csv", dim_key(dim));
        let export = move |_| export_failed.set(csv::download(&file, &header, &csv_rows).is_err());
        let more = lines.len() > LISTED;
        let t = move |m: SpendMsg| m.text(lang);
        let rows = lines
            .into_iter()
            .take(LISTED)
            .map(|l| {
                view! {
                    <tr data-testid="drill-line" data-amount=l.committed.to_string() data-line=l.line>
                        <td data-label=t(SpendMsg::ColOrder) data-content=""><A href=l.href>{l.doc}</A></td>
                        <td class="num" data-label=t(SpendMsg::ColLine)>{l.line}</td>
                        <td class="wide" data-label=t(SpendMsg::ColItem) data-content="">{l.item}</td>
                        <td data-label=t(SpendMsg::ColSupplier) data-content="">{l.supplier}</td>
                        <td data-label=t(SpendMsg::ColMonth)>{l.month}</td>
                        <td class="num" data-label=t(SpendMsg::Committed)>{money(lang, l.committed, &cur)}</td>
                        <td class="num" data-label=t(SpendMsg::Received)>{money(lang, l.received, &cur)}</td>
                    </tr>
                }
            })
            .collect_view();
        let data_attr = is_data.then_some("");
        Some(view! {
            <section class="spend-section drill" data-testid="spend-drill" data-dim=dim_key(dim) data-key=key.clone() data-count=cell.facts.len()>
                <div class="section-head">
                    <h2>{t(SpendMsg::DrillTitle)} " " <span data-content=data_attr>{label}</span></h2>
                    <div class="table-actions">
                        <button type="button" data-testid="drill-export" on:click=export>{t(SpendMsg::ExportCsv)}</button>
                        <button type="button" class="link-button" data-testid="drill-clear" on:click=move |_| drill.set(None)>{t(SpendMsg::ClearDrill)}</button>
                    </div>
                </div>
                {move || export_failed.get().then(|| view! { <p class="error" role="alert">{t(SpendMsg::ExportFailed)}</p> })}
                <p class="muted">{dim_msg(dim).text(lang)} " · " {t(SpendMsg::Committed)} " " {money(lang, cell.amounts.committed().unwrap_or(Decimal::MAX), &cur)}</p>
                <table class="data stack" data-testid="drill-table">
                    <thead><tr>
                        <th>{t(SpendMsg::ColOrder)}</th><th class="num">{t(SpendMsg::ColLine)}</th><th>{t(SpendMsg::ColItem)}</th>
                        <th>{t(SpendMsg::ColSupplier)}</th><th>{t(SpendMsg::ColMonth)}</th>
                        <th class="num">{t(SpendMsg::Committed)}</th><th class="num">{t(SpendMsg::Received)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {more.then(|| view! { <p class="muted">{t(SpendMsg::MoreLines)}</p> })}
            </section>
        })
    }
}

/// Committed spend by month stacked by the largest category segments (the rest as "others"),
/// then committed against received by month (the gap is what is not delivered yet).
#[component]
fn Monthly(data: Shared) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let cube = data.0.cube.as_ref().ok()?;
        let stacked = by_month_stacked(cube, Dim::Segment, TOP_SEGMENTS).ok()?;
        if stacked.months.is_empty() {
            return None;
        }
        // The axes in thousands, so their figures fit; the tables show the amounts.
        let k = |d: Decimal| to_f64(d) / 1000.0;
        let cur = cube.currency.clone();
        let shown = Callback::new(move |v: f64| {
            money(
                lang,
                Decimal::try_from(v * 1000.0).unwrap_or_default(),
                &cur,
            )
        });
        let stacks: Vec<StackSeries> = stacked
            .stacks
            .iter()
            .zip(&stacked.values)
            .map(|(stack, values)| {
                let (label, label_is_data, other) = match stack {
                    Stack::Label(key) => {
                        let (label, is_data) = data.0.label(Dim::Segment, key, lang);
                        (label, is_data, false)
                    }
                    Stack::Other => (SpendMsg::Others.text(lang).to_owned(), false, true),
                };
                StackSeries {
                    label,
                    label_is_data,
                    values: values.iter().map(|v| k(*v)).collect(),
                    other,
                }
            })
            .collect();
        let stacked_max = (0..stacked.months.len())
            .map(|m| k(stacked.month_total(m)))
            .fold(0.0, f64::max);
        let (first, last) = (
            stacked.months[0].clone(),
            stacked.months[stacked.months.len() - 1].clone(),
        );
        let largest = stacks.first().map(|s| s.label.clone()).unwrap_or_default();
        let stacked_summary = SpendMsg::stacked_summary(lang, &first, &last, &largest);
        let categories = stacked.months.clone();
        // Committed against received, the same months.
        let amounts = |m: &str| {
            cube.cell(Dim::Month, m)
                .map_or((Decimal::ZERO, Decimal::ZERO), |c| {
                    (
                        c.amounts.committed().unwrap_or(Decimal::MAX),
                        c.amounts.received,
                    )
                })
        };
        let months: Vec<(Decimal, Decimal)> = stacked.months.iter().map(|m| amounts(m)).collect();
        let max = months
            .iter()
            .map(|(c, r)| k(*c).max(k(*r)))
            .fold(0.0, f64::max);
        let series = vec![
            Series {
                label: SpendMsg::Committed.text(lang).to_owned(),
                values: months.iter().map(|(c, _)| Some(k(*c))).collect(),
                tone: Tone::Plain,
            },
            Series {
                label: SpendMsg::Received.text(lang).to_owned(),
                values: months.iter().map(|(_, r)| Some(k(*r))).collect(),
                tone: Tone::Good,
            },
        ];
        let summary = format!(
            "{} {first} – {last}",
            SpendMsg::by_month(lang, &cube.currency)
        );
        Some(view! {
            <section class="spend-section" data-testid="spend-monthly">
                <StackedBarChart title=SpendMsg::by_month_category(lang, &cube.currency) summary=stacked_summary
                    categories=categories.clone() stacks max=stacked_max shown
                    total_header=SpendMsg::Committed.text(lang).to_owned() test_id="spend-month-stacks"/>
                <LineChart title=SpendMsg::by_month(lang, &cube.currency) summary categories series max shown test_id="spend-months"/>
            </section>
        })
    }
}

#[component]
fn Unconverted(data: Shared) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        let cube = data.0.cube.as_ref().ok()?;
        if cube.unconverted.is_empty() {
            return None;
        }
        let t = move |m: SpendMsg| m.text(lang);
        let rows = cube
            .unconverted
            .iter()
            .map(|u| {
                let (doc, href) = match (&u.order, &u.requisition) {
                    (Some(o), _) => (
                        data.0.order(o.as_str()).map_or_else(|| o.as_str().to_owned(), |po| po.number.clone()),
                        format!("/orders/{}", o.as_str()),
                    ),
                    (None, Some(r)) => (
                        data.0.requisition(r.as_str()).map_or_else(|| r.as_str().to_owned(), |q| q.title.clone()),
                        format!("/requisitions/{}", r.as_str()),
                    ),
                    (None, None) => (String::new(), String::new()),
                };
                let amount = u
                    .amount
                    .map(|a| money(lang, a, &u.currency))
                    .unwrap_or_else(|| "—".to_owned());
                let problem = match u.problem {
                    Problem::NoRate => t(SpendMsg::NoRate),
                    Problem::Money(_) => t(SpendMsg::OutOfBounds),
                };
                view! {
                    <tr data-testid="unconverted-line">
                        <td data-label=t(SpendMsg::ColOrder) data-content=""><A href=href>{doc}</A></td>
                        <td class="num" data-label=t(SpendMsg::ColLine)>{u.line}</td>
                        <td data-label=t(SpendMsg::ColCurrency)>{u.currency.clone()}</td>
                        <td class="num" data-label=t(SpendMsg::ColAmount)>{amount}</td>
                        <td data-label=t(SpendMsg::ColProblem)>{problem}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="spend-section" data-testid="spend-unconverted">
                <h2>{t(SpendMsg::Unconverted)}</h2>
                <p class="muted">{t(SpendMsg::UnconvertedNote)}</p>
                <table class="data stack">
                    <thead><tr>
                        <th>{t(SpendMsg::ColOrder)}</th><th class="num">{t(SpendMsg::ColLine)}</th><th>{t(SpendMsg::ColCurrency)}</th>
                        <th class="num">{t(SpendMsg::ColAmount)}</th><th>{t(SpendMsg::ColProblem)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        })
    }
}

/// Brings the lines behind a bar (rendered below the table) into view once they are there.
fn reveal_drill() {
    request_animation_frame(|| {
        let panel = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=spend-drill]").ok().flatten());
        if let Some(panel) = panel {
            panel.scroll_into_view();
        }
    });
}
