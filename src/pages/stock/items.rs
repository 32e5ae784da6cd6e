//! Every stocked item: its level and status, a goods issue recorded on the tablet, and a detail
//! panel with the weekly stock chart (reorder point and safety stock as lines) and the figures
//! behind the suggestion.

use super::{Shared, StockMsg, Ui, CHART_WEEKS};
use crate::i18n::use_i18n;
use crate::state::use_app;
use crate::sync::records;
use crate::ui::chart::{LineChart, Mark, Series, Tone};
use crate::ui::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_spend::stock::{self, GoodsIssueDraft, Missing, Row};
use procura_sync::sync::Op;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A figure in stock units as the screen shows it: whole units, rounded up (the core keeps
/// three decimals; stock is counted in whole units, so 8 on hand is due at 8.258).
pub fn units(lang: crate::i18n::Lang, q: Decimal) -> String {
    format::number(lang, q.ceil())
}

/// A whole number of units, above zero (`positive`) or from zero.
pub fn whole(text: &str, positive: bool) -> Option<Decimal> {
    let q = Decimal::from_str(text.trim()).ok()?;
    let ok = q.fract().is_zero()
        && if positive {
            q > Decimal::ZERO
        } else {
            q >= Decimal::ZERO
        }
        && (q.is_zero() || procura_ground::money::check_quantity(q).is_ok());
    ok.then_some(q)
}

fn status(row: &Result<Row, Missing>) -> (StockMsg, &'static str) {
    match row {
        Ok(r) if r.level.on_hand < Decimal::ZERO => (StockMsg::Short, "short"),
        Ok(r) if r.suggested.is_some() => (StockMsg::Due, "due"),
        Ok(_) => (StockMsg::Fine, "fine"),
        Err(Missing::NotInCatalog) => (StockMsg::NotInCatalog, "missing"),
        Err(_) => (StockMsg::NotPlanned, "missing"),
    }
}

#[component]
pub fn Items(data: Shared, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let issuing = ui.issuing;
    let open = ui.open;
    let d = data.0.clone();
    if d.stocks.is_empty() {
        return view! {
            <section class="stock-section" data-testid="stock-items">
                <h2>{move || i18n.t(StockMsg::ItemsTitle)}</h2>
                <p class="muted">{move || i18n.t(StockMsg::NoItems)}</p>
            </section>
        }
        .into_any();
    }
    let export_failed = RwSignal::new(false);
    let for_csv = data.0.clone();
    let export = move |_| {
        use crate::ui::csv::Field;
        let lang = i18n.0.get_untracked();
        let t = |m: StockMsg| m.text(lang).to_owned();
        let header = [
            t(StockMsg::ColItem),
            t(StockMsg::ColLocation),
            t(StockMsg::ColOnHand),
            t(StockMsg::ColOnOrder),
            t(StockMsg::ColSafety),
            t(StockMsg::ColReorderPoint),
            t(StockMsg::ColEoq),
            t(StockMsg::ColStatus),
        ];
        let rows: Vec<Vec<Field>> = for_csv
            .stocks
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let row = &for_csv.rows[i];
                let figure = |f: fn(&Row) -> Decimal| match row {
                    Ok(r) => Field::Number(f(r)),
                    Err(_) => Field::Text(String::new()),
                };
                vec![
                    Field::Text(for_csv.name(i, lang)),
                    Field::Text(s.location.clone()),
                    figure(|r| r.level.on_hand),
                    figure(|r| r.level.on_order),
                    figure(|r| r.plan.safety_stock),
                    figure(|r| r.plan.reorder_point),
                    figure(|r| {
                        Decimal::from_f64_retain(r.plan.eoq)
                            .unwrap_or_default()
                            .round_dp(1)
                    }),
                    Field::Text(status(row).0.text(lang).to_owned()),
                ]
            })
            .collect();
        export_failed.set(crate::ui::csv::download("stock.csv", &header, &rows).is_err());
    };
    let rows = move || {
        let lang = i18n.lang();
        d.stocks
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let row = &d.rows[i];
                let (label, class) = status(row);
                let on_hand = row.as_ref().map(|r| r.level.on_hand).ok();
                let rop = row.as_ref().map(|r| r.plan.reorder_point).ok();
                let name = d.name(i, lang);
                let key = s.key();
                let (k1, k2, k3, k4, k5, k6) = (key.clone(), key.clone(), key.clone(), key.clone(), key.clone(), key.clone());
                let for_issue = data.clone();
                let for_detail = data.clone();
                view! {
                    <tr data-testid="stock-row" data-state=class>
                        <td><span data-content="product">{name}</span>
                            <div class="muted small" data-content="location">{s.location.clone()}</div></td>
                        <td class="num" data-testid="stock-on-hand">{on_hand.map(|q| format::number(lang, q)).unwrap_or_default()}</td>
                        <td class="num">{rop.map(|q| units(lang, q)).unwrap_or_default()}</td>
                        <td><span class=format!("badge {class}")>{label.text(lang)}</span></td>
                        <td><div class="row-actions">
                            <button data-testid="stock-issue" aria-expanded=move || (issuing.get().as_ref() == Some(&k1)).to_string()
                                on:click=move |_| { ui.issue_message.set(None); issuing.update(|v| *v = if v.as_ref() == Some(&k2) { None } else { Some(k2.clone()) }) }>
                                {StockMsg::Issue.text(lang)}</button>
                            <button data-testid="stock-details" aria-expanded=move || (open.get().as_ref() == Some(&k3)).to_string()
                                on:click=move |_| open.update(|v| *v = if v.as_ref() == Some(&k4) { None } else { Some(k4.clone()) })>
                                {move || i18n.t(if open.get().as_ref() == Some(&key) { StockMsg::HideDetails } else { StockMsg::Details })}</button>
                        </div></td>
                    </tr>
                    {move || (issuing.get().as_ref() == Some(&k5)).then(|| view! {
                        <tr class="stock-form-row"><td colspan="5"><IssueForm data=for_issue.clone() index=i ui/></td></tr>
                    })}
                    {move || (open.get().as_ref() == Some(&k6)).then(|| view! {
                        <tr class="stock-form-row"><td colspan="5"><Detail data=for_detail.clone() index=i ui/></td></tr>
                    })}
                }
            })
            .collect_view()
    };
    view! {
        <section class="stock-section" data-testid="stock-items">
            <h2>{move || i18n.t(StockMsg::ItemsTitle)}</h2>
            {move || ui.issue_message.get().map(|(ok, text)| view! {
                <p class=if ok { "ok" } else { "error" } role="status" data-testid="issue-message">{text}</p>
            })}
            <div class="table-actions">
                <button type="button" data-testid="stock-export" on:click=export>{move || i18n.t(crate::pages::spend::SpendMsg::ExportCsv)}</button>
                {move || export_failed.get().then(|| view! { <span class="error" role="alert">{move || i18n.t(crate::pages::spend::SpendMsg::ExportFailed)}</span> })}
            </div>
            <div class="table-wrap">
                <table class="stock-table">
                    <thead><tr>
                        <th>{move || i18n.t(StockMsg::ColItem)}</th>
                        <th class="num">{move || i18n.t(StockMsg::ColOnHand)}</th>
                        <th class="num">{move || i18n.t(StockMsg::ColReorderPoint)}</th>
                        <th>{move || i18n.t(StockMsg::ColStatus)}</th>
                        <th><span class="visually-hidden">{move || i18n.t(StockMsg::Details)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// Records a goods issue of one stocked item.
#[component]
fn IssueForm(data: Shared, index: usize, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let s = data.0.stocks[index].clone();
    let quantity = RwSignal::new(String::from("1"));
    let note = RwSignal::new(String::new());
    let message = ui.issue_message;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let Some(q) = whole(&quantity.get_untracked(), true) else {
            message.set(Some((false, StockMsg::BadQuantity.text(lang).to_owned())));
            return;
        };
        let issue = GoodsIssueDraft {
            id: crate::device::random_uuid(),
            item_id: s.item_id.clone(),
            location: s.location.clone(),
            quantity: q,
            issued_at_ms: crate::org::now_ms(),
            note: note.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match records::queue(app, Op::IssueGoods { issue }).await {
                Ok(()) => {
                    message.set(Some((true, StockMsg::Issued.text(lang).to_owned())));
                    ui.issuing.set(None);
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };
    let unit = data.0.unit(index, i18n.lang_untracked());
    view! {
        <form class="stock-form" data-testid="issue-form" on:submit=submit>
            <label>{move || i18n.t(StockMsg::Quantity)} {format!(" ({unit})")}
                <input type="number" inputmode="numeric" min="1" step="1" required data-testid="issue-quantity"
                    prop:value=move || quantity.get() on:input=move |ev| quantity.set(event_target_value(&ev))/>
            </label>
            <label>{move || i18n.t(StockMsg::Note)}
                <input type="text" maxlength=stock::MAX_NOTE_CHARS.to_string() data-testid="issue-note"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="issue-submit">{move || i18n.t(StockMsg::RecordIssue)}</button>
                <button type="button" on:click=move |_| ui.issuing.set(None)>{move || i18n.t(StockMsg::Cancel)}</button>
            </div>
        </form>
    }
}

/// One item's chart and figures, and (admins) its recount.
#[component]
fn Detail(data: Shared, index: usize, ui: Ui) -> impl IntoView {
    let i18n = use_i18n();
    let d = data.0.clone();
    let lang = i18n.lang_untracked();
    let s = &d.stocks[index];
    let weeks = stock::weekly_levels(s, &d.moved, index, d.today, CHART_WEEKS);
    let row = d.rows[index].as_ref().ok().cloned();
    let categories: Vec<String> = (0..CHART_WEEKS)
        .map(|w| {
            let day = procura_ground::date::add_days(d.today, -7 * i64::from(CHART_WEEKS - 1 - w));
            format::month_day(lang, day)
        })
        .collect();
    let values: Vec<Option<f64>> = weeks.iter().map(|q| q.to_f64()).collect();
    let mut max = values.iter().flatten().fold(0.0f64, |a, b| a.max(*b));
    let mut marks = Vec::new();
    if let Some(r) = &row {
        let rop = r.plan.reorder_point.to_f64().unwrap_or(0.0);
        let ss = r.plan.safety_stock.to_f64().unwrap_or(0.0);
        max = max.max(rop);
        marks.push(Mark {
            at: rop,
            label: StockMsg::ColReorderPoint.text(lang).to_owned(),
        });
        marks.push(Mark {
            at: ss,
            label: StockMsg::ColSafety.text(lang).to_owned(),
        });
    }
    let series = vec![Series {
        label: StockMsg::Level.text(lang).to_owned(),
        values,
        tone: Tone::Plain,
    }];
    let summary = StockMsg::summary(
        lang,
        CHART_WEEKS as usize,
        &row.as_ref()
            .map(|r| units(lang, r.plan.reorder_point))
            .unwrap_or_default(),
    );
    let figures = row.map(|r| {
        let p = &r.plan;
        let num = |x: f64| format::number(lang, Decimal::from_f64_retain(x).unwrap_or_default().round_dp(1));
        let per_week = StockMsg::PerWeek.text(lang);
        let days = StockMsg::Days.text(lang);
        view! {
            <dl class="stock-figures" data-testid="stock-figures">
                <dt>{StockMsg::DemandLine.text(lang)}</dt><dd>{format!("{} ± {} {per_week}", num(p.demand_mean), num(p.demand_sd))}</dd>
                <dt>{StockMsg::LeadLine.text(lang)}</dt><dd>{format!("{} ± {} {days}", num(p.lead_time * 7.0), num(p.lead_time_sd * 7.0))}</dd>
                <dt>{StockMsg::ColOnOrder.text(lang)}</dt><dd>{format::number(lang, r.level.on_order)}</dd>
                <dt>{StockMsg::ColSafety.text(lang)}</dt><dd>{units(lang, p.safety_stock)}</dd>
                <dt>{StockMsg::ColReorderPoint.text(lang)}</dt><dd>{units(lang, p.reorder_point)}</dd>
                <dt>{StockMsg::ColEoq.text(lang)}</dt><dd>{num(p.eoq)}</dd>
                <dt>{StockMsg::ColUnitPrice.text(lang)}</dt><dd>{format::money(lang, r.unit_price, &d.currency)}</dd>
                <dt>{StockMsg::Counted.text(lang)}</dt><dd>{format!("{} · {}", format::number(lang, s.counted), format::date(lang, s.counted_at_ms))}</dd>
            </dl>
        }
    });
    view! {
        <div class="stock-detail" data-testid="stock-detail">
            <LineChart title=StockMsg::ChartTitle.text(lang).to_owned() summary categories series max marks
                shown=Callback::new(move |v: f64| format::number(lang, Decimal::from_f64_retain(v).unwrap_or_default().round_dp(1)))
                test_id="stock-chart"/>
            {figures}
            <super::edit::Recount data=data.clone() index ui/>
        </div>
    }
}
