//! Single-source risk on the Suppliers page: the categories (UNSPSC segments) where one
//! supplier has more than a share of the organisation's spend over the last twelve months,
//! by the core's rule (`classification::single_source`) over the synced orders. The share is
//! the buyer's to set here (70 % to start); it is not stored.

use crate::i18n::{use_i18n, Lang};
use crate::state::use_app;
use leptos::prelude::*;
use procura_ground::id::SupplierId;
use procura_suppliers::classification::{self, SingleSourceFlag};
use rust_decimal::Decimal;

crate::i18n::messages!(SourceMsg {
    Title => "Single-source risk", "单一来源风险";
    Note => "Categories (UNSPSC segments) where one supplier has more than this share of the last twelve months' ordered spend.", "最近十二个月订单金额中，某一供应商所占份额超过此比例的类别（UNSPSC 大类）。";
    Share => "Share above (%)", "份额超过（%）";
    None => "No category depends on one supplier above this share.", "没有类别在此份额以上依赖单一供应商。";
    Category => "Category", "类别";
    Supplier => "Supplier", "供应商";
    OfSpend => "Share of the category's spend", "占该类别金额的比例";
    Total => "Category spend", "类别金额";
});

/// `(segment, supplier, amount in the organisation's currency)` for every order line of the
/// last twelve months whose currency has a rate (a line without one cannot be compared).
fn spend_rows(app: crate::state::AppState) -> Vec<(String, SupplierId, Decimal)> {
    let now = crate::org::now_ms();
    let from = now.saturating_sub(365 * 86_400_000);
    let rates = app.org_rates.get();
    let Some(rates) = rates else {
        return Vec::new();
    };
    crate::org::orders(app)
        .into_iter()
        .filter(|o| o.created_at_ms >= from && o.created_at_ms <= now)
        .flat_map(|o| {
            let supplier = o.supplier_id.clone();
            let currency = o.currency.clone();
            o.lines
                .into_iter()
                .filter_map(|l| {
                    let segment = classification::unspsc_segment(&l.unspsc)?;
                    let net = l.quantity.checked_mul(l.unit_price)?;
                    let amount = rates.convert(net, &currency)?;
                    Some((segment, supplier.clone(), amount))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn segment_label(segment: &str, lang: Lang) -> String {
    let code = segment.get(..2).unwrap_or(segment);
    match procura_catalog::unspsc::segment_name(segment) {
        Some(name) => format!("{code} · {}", name.get(lang)),
        None => code.to_owned(),
    }
}

#[component]
pub fn SingleSourceRisk() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let percent = RwSignal::new(70u32);
    let rows = Memo::new(move |_| spend_rows(app));
    let flags = Memo::new(move |_| {
        let share = Decimal::from(percent.get()) / Decimal::from(100);
        rows.with(|r| classification::single_source(r, share))
    });
    view! {
        <section class="single-source" data-testid="single-source">
            <h2>{move || i18n.t(SourceMsg::Title)}</h2>
            <p class="muted small">{move || i18n.t(SourceMsg::Note)}</p>
            <label class="inline-field">{move || i18n.t(SourceMsg::Share)}
                <input type="number" min="1" max="99" step="1" inputmode="numeric" data-testid="single-source-share"
                    prop:value=move || percent.get().to_string()
                    on:change={move |ev| if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
                        percent.set(v.clamp(1, 99));
                    }}/>
            </label>
            {move || {
                let lang = i18n.lang();
                let list: Vec<SingleSourceFlag> = flags.get();
                if list.is_empty() {
                    return view! { <p class="muted" data-testid="single-source-none">{SourceMsg::None.text(lang)}</p> }.into_any();
                }
                let currency = crate::org::policy(app).map(|p| p.currency).unwrap_or_default();
                let names = app.suppliers.get();
                view! {
                    <table class="data stack">
                        <thead><tr>
                            <th>{SourceMsg::Category.text(lang)}</th>
                            <th>{SourceMsg::Supplier.text(lang)}</th>
                            <th class="num">{SourceMsg::OfSpend.text(lang)}</th>
                            <th class="num">{SourceMsg::Total.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|f| {
                                let name = names.iter().find(|s| s.id == f.supplier_id).map(|s| s.name.get(lang).to_owned()).unwrap_or_else(|| f.supplier_id.to_string());
                                let share = (f.share * Decimal::from(100)).round_dp(0);
                                view! {
                                    <tr data-testid="single-source-row">
                                        <td data-label=SourceMsg::Category.text(lang)>{segment_label(&f.category, lang)}</td>
                                        <td data-label=SourceMsg::Supplier.text(lang) data-content="">{name}</td>
                                        <td class="num" data-label=SourceMsg::OfSpend.text(lang)>{format!("{share} %")}</td>
                                        <td class="num" data-label=SourceMsg::Total.text(lang)>{crate::ui::format::money(lang, f.total, &currency)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
