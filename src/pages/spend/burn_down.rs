//! The budget burn-down of one cost centre in the current quarter
//! (`procura_spend::spend::burn_down`): committed by the end of each month so far, the run-rate
//! forecast to the quarter's end, and the budget as a line; the buyer picks the cost centre
//! (the first one over or heading over its budget to start with).

use super::{to_f64, Data, SpendMsg};
use crate::i18n::use_i18n;
use crate::ui::chart::{LineChart, Mark, Series, Tone};
use crate::ui::format::money;
use leptos::prelude::*;
use procura_ground::date::Quarter;
use procura_spend::spend::burn_down::burn_down;
use procura_spend::spend::{Dim, SpendCube};
use rust_decimal::Decimal;
use std::sync::Arc;

#[component]
pub fn BurnDown(data: Arc<Data>, quarter: Quarter, elapsed: u32) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(None::<String>);
    let all = {
        let cube: Option<&SpendCube> = data.cube.as_ref().ok();
        cube.and_then(|c| burn_down(c, &data.policy, quarter, elapsed).ok())
            .unwrap_or_default()
    };
    // Only cost centres with a budget: the line to burn down against.
    let all: Vec<_> = all
        .into_iter()
        .filter(|b| b.line.budget.is_some())
        .collect();
    if all.is_empty() {
        return None;
    }
    let first = all
        .iter()
        .find(|b| b.line.over() || b.line.heading_over())
        .unwrap_or(&all[0])
        .line
        .cost_centre
        .as_str()
        .to_owned();
    let all = Arc::new(all);
    let picker = {
        let all = all.clone();
        let data = data.clone();
        let first = first.clone();
        move || {
            let lang = i18n.lang();
            let current = chosen.get().unwrap_or_else(|| first.clone());
            view! {
                <label class="inline-field">
                    <span>{SpendMsg::ColCostCentre.text(lang)}</span>
                    <select data-testid="burn-down-cc" on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                        {all.iter().map(|b| {
                            let code = b.line.cost_centre.as_str().to_owned();
                            let selected = code == current;
                            let name = data.label(Dim::CostCentre, &code, lang).0;
                            view! { <option value=code selected=selected data-content="">{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        }
    };
    let chart = move || {
        let lang = i18n.lang();
        let code = chosen.get().unwrap_or_else(|| first.clone());
        let b = all.iter().find(|b| b.line.cost_centre.as_str() == code)?;
        let budget = b.line.budget?;
        let cur = data.policy.currency.clone();
        let k = |d: Decimal| to_f64(d) / 1000.0;
        let name = data.label(Dim::CostCentre, &code, lang).0;
        let series = vec![
            Series {
                label: SpendMsg::Committed.text(lang).to_owned(),
                values: b.committed.iter().map(|c| c.map(k)).collect(),
                tone: Tone::Plain,
            },
            Series {
                label: SpendMsg::ColForecast.text(lang).to_owned(),
                values: b.forecast.iter().map(|f| f.map(k)).collect(),
                tone: if b.line.heading_over() {
                    Tone::Bad
                } else {
                    Tone::Muted
                },
            },
        ];
        let max = b
            .committed
            .iter()
            .chain(&b.forecast)
            .flatten()
            .map(|d| k(*d))
            .fold(k(budget), f64::max)
            * 1.1;
        let shown_cur = cur.clone();
        let shown = Callback::new(move |v: f64| {
            money(
                lang,
                Decimal::try_from(v * 1000.0).unwrap_or_default(),
                &shown_cur,
            )
        });
        let forecast = b
            .line
            .forecast
            .map_or_else(|| "—".to_owned(), |f| money(lang, f, &cur));
        let summary = SpendMsg::burn_summary(
            lang,
            &money(lang, b.line.committed, &cur),
            &money(lang, budget, &cur),
            &forecast,
        );
        let marks = vec![Mark {
            at: k(budget),
            label: SpendMsg::ColBudget.text(lang).to_owned(),
        }];
        Some(view! {
            <div data-testid="burn-down" data-cost-centre=code.clone() data-heading-over=b.line.heading_over().to_string()>
                <LineChart title=SpendMsg::burn_title(lang, &name, &quarter.to_string(), &cur) summary=summary.clone()
                    categories=b.months.clone() series max marks shown test_id="burn-down-chart"/>
                <p class="muted small">{summary}</p>
            </div>
        })
    };
    Some(view! {
        <section class="burn-down">
            <h3>{move || SpendMsg::BurnHeading.text(i18n.lang())}</h3>
            <p class="muted small">{move || SpendMsg::BurnIntro.text(i18n.lang())}</p>
            <div class="section-head">{picker}</div>
            {chart}
        </section>
    })
}
