//! Beside the budget impact of a requisition in the approver's decision panel: what has been
//! received against the same cost centre and period, and where the rate so far takes its
//! committed spend by the period's end (`procura_spend::spend::budget::budget_vs_actual`, the
//! figures of the Spend screen), flagged when that forecast passes the budget.

use super::msg::ApprovalMsg;
use crate::i18n::use_i18n;
use crate::state::use_app;
use crate::ui::format::money;
use leptos::prelude::*;
use procura_ground::date::Quarter;
use procura_ground::id::CostCentreCode;
use procura_spend::spend::budget::{budget_vs_actual, quarter_days};

/// Whole days of `quarter` passed by today (0 before it begins, its length once it is over).
fn days_elapsed(quarter: Quarter) -> u32 {
    let today = crate::pages::orders::today();
    quarter_days(quarter).map_or(0, |(start, length)| {
        ((today - start).whole_days().max(0) as u32).min(length)
    })
}

#[component]
pub fn BudgetOutlook(cost_centre: CostCentreCode, period: Quarter) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let spend = crate::pages::spend::use_spend(app);
    move || {
        let shared = spend.get()?;
        let data = shared.0;
        let cube = data.cube.as_ref().ok()?;
        let lines = budget_vs_actual(cube, &data.policy, period, days_elapsed(period)).ok()?;
        let line = lines.into_iter().find(|l| l.cost_centre == cost_centre)?;
        let lang = i18n.lang();
        let cur = data.policy.currency.clone();
        let received = ApprovalMsg::budget_received(lang, money(lang, line.received, &cur));
        let forecast = match line.forecast {
            Some(f) => ApprovalMsg::budget_forecast(lang, money(lang, f, &cur), period),
            None => ApprovalMsg::NoRunRate.text(lang).to_owned(),
        };
        let heading_over = line.heading_over();
        let state = if heading_over { "warn" } else { "ok" };
        Some(view! {
            <div class=format!("appr-budget outlook {state}") data-testid="decision-outlook"
                data-heading-over=heading_over.to_string()
                data-forecast=line.forecast.map(|f| f.to_string()).unwrap_or_default()
                data-received=line.received.to_string()>
                <span>{received}</span>
                <span>{forecast}</span>
                {heading_over.then(|| view! { <span class="budget-flag">{ApprovalMsg::ForecastOver.text(lang)}</span> })}
            </div>
        })
    }
}
