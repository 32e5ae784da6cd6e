//! Missed savings: each catalog order line against the cheapest offer of the same product
//! (`procura_spend::spend::variance::price_variance`). The device holds today's catalog only,
//! so the offers are today's prices taken as valid over the whole history: a line priced
//! before a later price cut shows a saving that was not there on the day. The screen says so.

use super::{csv, Shared, SpendMsg};
use crate::i18n::use_i18n;
use crate::state::use_app;
use crate::ui::format::money;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_ground::date::day_of_ms;
use procura_spend::spend::variance::{offers_from_catalog, price_variance, VarianceReport};
use rust_decimal::Decimal;

/// Lines listed (the largest missed savings first; the CSV has every compared line).
const LISTED: usize = 20;

#[component]
pub fn Variance(data: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let export_failed = RwSignal::new(false);
    let shared = data.clone();
    let report = Memo::new(move |_| {
        let catalog = app.catalog.get();
        let d = &shared.0;
        let first = d.orders.iter().map(|o| o.created_at_ms).min()?;
        let offers = offers_from_catalog(&catalog.items, catalog.groups(), day_of_ms(first));
        price_variance(&d.policy, &d.orders, &offers).ok()
    });
    move || {
        let lang = i18n.lang();
        let t = move |m: SpendMsg| m.text(lang);
        let r: VarianceReport = report.get()?;
        if r.lines.is_empty() {
            return None;
        }
        let cur = data.0.policy.currency.clone();
        let catalog = app.catalog.get_untracked();
        let mut lines: Vec<_> = r.lines.iter().collect();
        lines.sort_by(|a, b| b.missed.cmp(&a.missed).then_with(|| a.order.cmp(&b.order)));
        let describe = |order: &str, line_no: u32| {
            let po = data.0.order(order);
            let number = po.map_or_else(|| order.to_owned(), |o| o.number.clone());
            let item = po
                .and_then(|o| o.lines.iter().find(|l| l.line_no == line_no))
                .map(|l| l.description.clone())
                .unwrap_or_default();
            let supplier = po
                .map(|o| {
                    crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, lang)
                })
                .unwrap_or_default();
            (number, item, supplier)
        };
        let best_supplier = |id: &str| {
            catalog
                .item(id)
                .map(|i| {
                    crate::ui::names::supplier_name(
                        i.supplier_id.as_str(),
                        i.supplier_id.as_str(),
                        lang,
                    )
                })
                .unwrap_or_default()
        };
        let header: Vec<String> = vec![
            t(SpendMsg::ColOrder).to_owned(),
            t(SpendMsg::ColLine).to_owned(),
            t(SpendMsg::ColItem).to_owned(),
            t(SpendMsg::ColSupplier).to_owned(),
            format!("{} ({cur})", t(SpendMsg::Paid)),
            format!("{} ({cur})", t(SpendMsg::BestOffer)),
            t(SpendMsg::BestSupplier).to_owned(),
            format!("{} ({cur})", t(SpendMsg::MissedSaving)),
        ];
        let csv_rows: Vec<Vec<csv::Field>> = lines
            .iter()
            .map(|l| {
                let (number, item, supplier) = describe(l.order.as_str(), l.line_no);
                vec![
                    csv::Field::Text(number),
                    csv::Field::Number(Decimal::from(l.line_no)),
                    csv::Field::Text(item),
                    csv::Field::Text(supplier),
                    csv::Field::Number(l.paid),
                    csv::Field::Number(l.best),
                    csv::Field::Text(best_supplier(l.best_item.as_str())),
                    csv::Field::Number(l.missed),
                ]
            })
            .collect();
        let export = move |_| {
            export_failed.set(csv::download("missed-savings.csv", &header, &csv_rows).is_err())
        };
        let rows = lines
            .iter()
            .filter(|l| l.missed > Decimal::ZERO)
            .take(LISTED)
            .map(|l| {
                let (number, item, supplier) = describe(l.order.as_str(), l.line_no);
                view! {
                    <tr data-testid="variance-line" data-missed=l.missed.to_string()>
                        <td data-label=t(SpendMsg::ColOrder) data-content=""><A href=format!("/orders/{}", l.order.as_str())>{number}</A></td>
                        <td class="wide" data-label=t(SpendMsg::ColItem) data-content="">{item}</td>
                        <td data-label=t(SpendMsg::ColSupplier) data-content="">{supplier}</td>
                        <td class="num" data-label=t(SpendMsg::Paid)>{money(lang, l.paid, &cur)}</td>
                        <td class="num" data-label=t(SpendMsg::BestOffer)>{money(lang, l.best, &cur)}</td>
                        <td data-label=t(SpendMsg::BestSupplier) data-content="">{best_supplier(l.best_item.as_str())}</td>
                        <td class="num" data-label=t(SpendMsg::MissedSaving)>{money(lang, l.missed, &cur)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="spend-section" data-testid="spend-variance">
                <h2>{t(SpendMsg::VarianceTitle)}</h2>
                <p class="muted">{t(SpendMsg::VarianceIntro)}</p>
                <dl class="spend-totals">
                    <div class="figure"><dt>{t(SpendMsg::Paid)}</dt><dd>{money(lang, r.paid, &cur)}</dd></div>
                    <div class="figure main"><dt>{t(SpendMsg::MissedSaving)}</dt>
                        <dd data-testid="variance-missed" data-amount=r.missed.to_string()>{money(lang, r.missed, &cur)}</dd></div>
                    <div class="figure"><dt>{t(SpendMsg::NotCompared)}</dt><dd>{r.not_compared}</dd></div>
                </dl>
                <div class="table-actions">
                    <button type="button" data-testid="variance-export" on:click=export>{t(SpendMsg::ExportCsv)}</button>
                    {move || export_failed.get().then(|| view! { <span class="error" role="alert">{t(SpendMsg::ExportFailed)}</span> })}
                </div>
                <table class="data stack">
                    <thead><tr>
                        <th>{t(SpendMsg::ColOrder)}</th><th>{t(SpendMsg::ColItem)}</th><th>{t(SpendMsg::ColSupplier)}</th>
                        <th class="num">{t(SpendMsg::Paid)}</th><th class="num">{t(SpendMsg::BestOffer)}</th>
                        <th>{t(SpendMsg::BestSupplier)}</th><th class="num">{t(SpendMsg::MissedSaving)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        })
    }
}
