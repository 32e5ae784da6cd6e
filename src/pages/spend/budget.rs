//! Budget against actual per cost centre for the current quarter
//! (`procura_spend::spend::budget::budget_vs_actual`): budget, committed, received,
//! remaining and the run-rate forecast, as a table and bars (committed and forecast as a share
//! of the budget, the budget at 100 %). The Spend screen shows it whole; the Policy page's
//! budgets section shows the bars and the figures small.

use super::{csv, percent, to_f64, Shared, SpendMsg};
use crate::i18n::use_i18n;
use crate::pages::policy::msg::PolicyMsg;
use crate::ui::chart::{Bar, BarChart, Mark, Tone};
use crate::ui::format::money;
use leptos::prelude::*;
use procura_ground::date::{quarter_of, Quarter};
use procura_procurement::approval::policy::BudgetMode;
use procura_spend::spend::budget::{budget_vs_actual, quarter_days, BudgetLine};
use procura_spend::spend::Dim;
use rust_decimal::Decimal;

/// The current quarter and the whole days of it that have passed.
fn current() -> (Quarter, u32) {
    let today = crate::pages::orders::today();
    let quarter = quarter_of(today.year().clamp(0, 9999) as u16, u8::from(today.month()));
    let elapsed = quarter_days(quarter)
        .map(|(start, _)| (today - start).whole_days().max(0) as u32)
        .unwrap_or(0);
    (quarter, elapsed)
}

fn tone(l: &BudgetLine) -> Tone {
    if l.over() {
        Tone::Bad
    } else if l.heading_over() {
        Tone::Warn
    } else {
        Tone::Good
    }
}

#[component]
pub fn BudgetActual(data: Shared, compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let export_failed = RwSignal::new(false);
    move || {
        let lang = i18n.lang();
        let t = move |m: SpendMsg| m.text(lang);
        let data = data.0.clone();
        let cube = data.cube.as_ref().ok()?;
        let (quarter, elapsed) = current();
        let lines = budget_vs_actual(cube, &data.policy, quarter, elapsed).ok()?;
        if lines.is_empty() {
            return Some(view! { <p class="muted" data-testid="budget-actual-empty">{t(SpendMsg::NoBudgetLines)}</p> }.into_any());
        }
        let cur = data.policy.currency.clone();
        let name = |l: &BudgetLine| data.label(Dim::CostCentre, l.cost_centre.as_str(), lang).0;
        let share = |x: Decimal, b: Decimal| {
            if b.is_zero() {
                0.0
            } else {
                to_f64(x * Decimal::ONE_HUNDRED / b)
            }
        };
        let mut bars = Vec::new();
        for l in lines.iter() {
            let Some(budget) = l.budget else { continue };
            bars.push(Bar {
                label: format!("{} · {}", name(l), t(SpendMsg::Committed)),
                label_is_data: true,
                value: share(l.committed, budget),
                shown: percent(lang, l.committed, budget),
                tone: tone(l),
            });
            if let Some(f) = l.forecast {
                bars.push(Bar {
                    label: format!("{} · {}", name(l), t(SpendMsg::ColForecast)),
                    label_is_data: true,
                    value: share(f, budget),
                    shown: percent(lang, f, budget),
                    tone: Tone::Muted,
                });
            }
        }
        let max = bars.iter().map(|b| b.value).fold(100.0, f64::max) * 1.05;
        let over = lines.iter().filter(|l| l.over()).count();
        let heading = lines
            .iter()
            .filter(|l| !l.over() && l.heading_over())
            .count();
        let summary = format!(
            "{quarter}: {} {over} · {} {heading}",
            t(SpendMsg::Over),
            t(SpendMsg::HeadingOver)
        );
        let chart = (!bars.is_empty()).then(|| {
            view! {
                <BarChart title=format!("{} {quarter}", t(SpendMsg::BudgetChart)) summary bars max
                    marks=vec![Mark { at: 100.0, label: t(SpendMsg::ColBudget).to_owned() }]
                    value_header=t(SpendMsg::ColBudget).to_owned() test_id="budget-actual-chart"/>
            }
        });
        let amount = move |a: Option<Decimal>| {
            a.map_or_else(
                || t(SpendMsg::NoBudget).to_owned(),
                |a| money(lang, a, &cur),
            )
        };
        let cur2 = data.policy.currency.clone();
        let rows = lines
            .iter()
            .map(|l| {
                let status = if l.over() {
                    Some(t(SpendMsg::Over))
                } else if l.heading_over() {
                    Some(t(SpendMsg::HeadingOver))
                } else {
                    None
                };
                let mode = l.mode.map(|m| match m {
                    BudgetMode::Stop => PolicyMsg::ModeStop.text(lang),
                    BudgetMode::Warn => PolicyMsg::ModeWarn.text(lang),
                });
                view! {
                    <tr data-testid="budget-actual-row" data-cost-centre=l.cost_centre.as_str().to_owned()
                        data-over=l.over().to_string() data-heading-over=l.heading_over().to_string()>
                        <td class="wide" data-label=t(SpendMsg::ColCostCentre) data-content="">{name(l)}</td>
                        <td class="num" data-label=t(SpendMsg::ColBudget)>{amount(l.budget)} {mode.map(|m| view! { " " <small class="muted">{m}</small> })}</td>
                        <td class="num" data-label=t(SpendMsg::Committed)>{money(lang, l.committed, &cur2)}</td>
                        <td class="num" data-label=t(SpendMsg::Received)>{money(lang, l.received, &cur2)}</td>
                        <td class="num" data-label=t(SpendMsg::ColRemaining)>{l.remaining.map(|r| money(lang, r, &cur2)).unwrap_or_else(|| "—".to_owned())}</td>
                        <td class="num" data-label=t(SpendMsg::ColForecast)>
                            {l.forecast.map(|f| money(lang, f, &cur2)).unwrap_or_else(|| "—".to_owned())}
                            {status.map(|s| view! { " " <span class="badge warn">{s}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let header: Vec<String> = vec![
            t(SpendMsg::ColCostCentre).to_owned(),
            "key".to_owned(),
            format!("{} ({cur2})", t(SpendMsg::ColBudget)),
            format!("{} ({cur2})", t(SpendMsg::Committed)),
            format!("{} ({cur2})", t(SpendMsg::Received)),
            format!("{} ({cur2})", t(SpendMsg::ColRemaining)),
            format!("{} ({cur2})", t(SpendMsg::ColForecast)),
        ];
        let opt =
            |d: Option<Decimal>| d.map_or(csv::Field::Text(String::new()), csv::Field::Number);
        let csv_rows: Vec<Vec<csv::Field>> = lines
            .iter()
            .map(|l| {
                vec![
                    csv::Field::Text(name(l)),
                    csv::Field::Text(l.cost_centre.as_str().to_owned()),
                    opt(l.budget),
                    csv::Field::Number(l.committed),
                    csv::Field::Number(l.received),
                    opt(l.remaining),
                    opt(l.forecast),
                ]
            })
            .collect();
        let file = format!("budget-{quarter}.csv");
        let export = move |_| export_failed.set(csv::download(&file, &header, &csv_rows).is_err());
        let unconverted = cube.unconverted.len();
        Some(view! {
            <div class="budget-actual" class:compact=compact data-testid="budget-actual" data-quarter=quarter.to_string()>
                {compact.then(|| view! { <h3>{t(SpendMsg::BudgetTitle)} " " {quarter.to_string()}</h3> })}
                {chart}
                {(!compact).then(|| view! {
                    <div class="table-actions">
                        <button type="button" data-testid="budget-export" on:click=export>{t(SpendMsg::ExportCsv)}</button>
                        {move || export_failed.get().then(|| view! { <span class="error" role="alert">{t(SpendMsg::ExportFailed)}</span> })}
                    </div>
                })}
                <table class="data stack" class:compact=compact>
                    <thead><tr>
                        <th>{t(SpendMsg::ColCostCentre)}</th><th class="num">{t(SpendMsg::ColBudget)}</th>
                        <th class="num">{t(SpendMsg::Committed)}</th><th class="num">{t(SpendMsg::Received)}</th>
                        <th class="num">{t(SpendMsg::ColRemaining)}</th><th class="num">{t(SpendMsg::ColForecast)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {(unconverted > 0).then(|| view! { <p class="muted small">{t(SpendMsg::UnconvertedNote)}</p> })}
                {(!compact).then(|| view! { <super::burn_down::BurnDown data=data.clone() quarter elapsed/> })}
            </div>
        }.into_any())
    }
}
