//! The organisation's defaults for stocked items: what placing an order costs, the holding
//! rate per year and the service level safety stock aims for. Each stocked item may override
//! them on the Stock screen. Everyone reads them; an admin edits them (the hub checks the
//! bounds again: `procura_procurement::approval::stock::check`).

use super::Editor;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_procurement::approval::stock::StockDefaults;
use rust_decimal::Decimal;
use std::str::FromStr;

crate::i18n::messages!(StockDefaultsMsg {
    Title => "Stock and reorder", "库存与补货";
    Note => "The economic order quantity weighs the cost of placing an order against the cost of holding stock (a share of the unit price per year); safety stock covers the use and lead times that vary, to the service level below.", "经济订货量在每次订货成本与持有库存成本（每年占单价的比例）之间取平衡；安全库存按下方服务水平覆盖用量和交货期的波动。";
    OrderCost => "Order cost per order", "每次订货成本";
    HoldingRate => "Holding rate per year (0.25 = 25 %)", "年持有成本率（0.25 = 25 %）";
    ServiceLevel => "Service level %", "服务水平 %";
    NotANumber => "Enter a number.", "请输入数字。";
});

fn number(text: &str) -> Option<Decimal> {
    Decimal::from_str(text.trim()).ok()
}

#[component]
pub fn StockDefaultsEditor(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let defaults = move || editor.with(|p| p.stock.clone());
    let field = move |label: StockDefaultsMsg,
                      testid: &'static str,
                      get: fn(&StockDefaults) -> Decimal,
                      set: fn(&mut StockDefaults, Decimal)| {
        view! {
            <label>{move || i18n.t(label)}
                <input type="text" inputmode="decimal" data-testid=testid
                    prop:disabled=move || !admin.get()
                    prop:value=move || defaults().map(|d| get(&d).normalize().to_string()).unwrap_or_default()
                    on:change=move |ev| match number(&event_target_value(&ev)) {
                        Some(v) => editor.edit(|p| set(&mut p.stock, v)),
                        None => editor.refuse(StockDefaultsMsg::NotANumber.text(i18n.0.get_untracked()).to_owned()),
                    }/>
            </label>
        }
    };
    view! {
        <section class="policy-section" data-testid="policy-stock">
            <h2>{move || i18n.t(StockDefaultsMsg::Title)}</h2>
            <p class="muted small">{move || i18n.t(StockDefaultsMsg::Note)}</p>
            <div class="standing-bands">
                {field(StockDefaultsMsg::OrderCost, "stock-order-cost", |d| d.order_cost, |d, v| d.order_cost = v)}
                {field(StockDefaultsMsg::HoldingRate, "stock-holding-rate", |d| d.holding_rate, |d, v| d.holding_rate = v)}
                {field(StockDefaultsMsg::ServiceLevel, "stock-service-level", |d| d.service_level_pct, |d, v| d.service_level_pct = v)}
            </div>
        </section>
    }
}
