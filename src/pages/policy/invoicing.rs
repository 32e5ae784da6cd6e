//! The organisation's invoice tolerances: how far a supplier's invoice may stray from its
//! order's prices and stated totals and still be approved for payment by rule, and the
//! categories with tolerances of their own. Quantities have none: billing more than was
//! received and accepted is always an exception. Everyone reads them; an admin edits them (the
//! hub checks them again: `InvoiceTolerances::problems`).

use super::Editor;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_procurement::approval::invoicing::{CategoryTolerance, InvoiceTolerances};
use rust_decimal::Decimal;
use std::str::FromStr;

crate::i18n::messages!(TolerancesMsg {
    Title => "Invoice tolerances", "发票容差";
    Note => "An invoice within every limit set is approved for payment by rule; beyond one, accounts payable decides. Leave a field empty for no limit of that kind; with neither limit set, prices must agree exactly. Quantities have no tolerance: billing more than was received and accepted is always an exception.", "发票在所有已设限额之内即按规则批准付款；超出任一限额则由应付账款人员决定。留空表示不设该类限额；两类限额都不设时价格必须完全一致。数量没有容差：开票数量超过已收货并验收的数量一律为例外。";
    PricePercent => "Unit price above the order, %", "单价高于订单，%";
    PriceAbsolute => "Unit price above the order, amount per line", "单价高于订单，每行金额";
    TotalPercent => "Stated total against the lines, %", "发票总额与明细合计之差，%";
    TotalAbsolute => "Stated total against the lines, amount", "发票总额与明细合计之差，金额";
    Categories => "Categories with their own price tolerances", "有单独价格容差的品类";
    CategoriesNote => "A UNSPSC code or its first digits (2 to 8); the longest that matches an order line wins.", "UNSPSC 编码或其前几位（2 至 8 位）；与订单行匹配的最长编码优先。";
    Category => "UNSPSC", "UNSPSC";
    AddCategory => "Add a category", "添加品类";
    Remove => "Remove", "删除";
    NoCategories => "None: every category has the tolerances above.", "无：所有品类都使用上方容差。";
    NotANumber => "Enter a number, or leave it empty.", "请输入数字，或留空。";
});

/// An optional number: empty is `None`, text that is not a number is an error.
fn optional(text: &str) -> Result<Option<Decimal>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Decimal::from_str(t).map(Some).map_err(|_| ())
}

fn shown(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

#[component]
pub fn TolerancesEditor(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let tolerances = move || editor.with(|p| p.invoicing.clone());
    let refuse = move || {
        editor.refuse(
            TolerancesMsg::NotANumber
                .text(i18n.0.get_untracked())
                .to_owned(),
        )
    };
    let field = move |label: TolerancesMsg,
                      testid: &'static str,
                      get: fn(&InvoiceTolerances) -> Option<Decimal>,
                      set: fn(&mut InvoiceTolerances, Option<Decimal>)| {
        view! {
            <label>{move || i18n.t(label)}
                <input type="text" inputmode="decimal" data-testid=testid
                    prop:disabled=move || !admin.get()
                    prop:value=move || tolerances().map(|t| shown(get(&t))).unwrap_or_default()
                    on:change=move |ev| match optional(&event_target_value(&ev)) {
                        Ok(v) => editor.edit(|p| set(&mut p.invoicing, v)),
                        Err(()) => refuse(),
                    }/>
            </label>
        }
    };
    let categories = move || tolerances().map(|t| t.by_category).unwrap_or_default();
    let category_row = move |i: usize, c: CategoryTolerance| {
        let edit = move |f: Box<dyn FnOnce(&mut CategoryTolerance)>| {
            editor.edit(|p| {
                if let Some(c) = p.invoicing.by_category.get_mut(i) {
                    f(c);
                }
            })
        };
        view! {
            <div class="tolerance-category" data-testid="tolerance-category">
                <label>{move || i18n.t(TolerancesMsg::Category)}
                    <input type="text" inputmode="numeric" maxlength="8" data-testid="tolerance-category-unspsc"
                        translate="no"
                        prop:disabled=move || !admin.get()
                        prop:value=c.unspsc.clone()
                        on:change=move |ev| {
                            let v = event_target_value(&ev).trim().to_owned();
                            edit(Box::new(move |c| c.unspsc = v));
                        }/>
                </label>
                <label>{move || i18n.t(TolerancesMsg::PricePercent)}
                    <input type="text" inputmode="decimal" data-testid="tolerance-category-percent"
                        prop:disabled=move || !admin.get()
                        prop:value=shown(c.price_percent)
                        on:change=move |ev| match optional(&event_target_value(&ev)) {
                            Ok(v) => edit(Box::new(move |c| c.price_percent = v)),
                            Err(()) => refuse(),
                        }/>
                </label>
                <label>{move || i18n.t(TolerancesMsg::PriceAbsolute)}
                    <input type="text" inputmode="decimal" data-testid="tolerance-category-absolute"
                        prop:disabled=move || !admin.get()
                        prop:value=shown(c.price_absolute)
                        on:change=move |ev| match optional(&event_target_value(&ev)) {
                            Ok(v) => edit(Box::new(move |c| c.price_absolute = v)),
                            Err(()) => refuse(),
                        }/>
                </label>
                <Show when=move || admin.get()>
                    <button type="button" class="secondary" data-testid="tolerance-category-remove"
                        on:click=move |_| editor.edit(|p| {
                            if i < p.invoicing.by_category.len() {
                                p.invoicing.by_category.remove(i);
                            }
                        })>
                        {move || i18n.t(TolerancesMsg::Remove)}
                    </button>
                </Show>
            </div>
        }
    };
    view! {
        <section class="policy-section" data-testid="policy-tolerances">
            <h2>{move || i18n.t(TolerancesMsg::Title)}</h2>
            <p class="muted small">{move || i18n.t(TolerancesMsg::Note)}</p>
            <div class="standing-bands">
                {field(TolerancesMsg::PricePercent, "tolerance-price-percent", |t| t.price_percent, |t, v| t.price_percent = v)}
                {field(TolerancesMsg::PriceAbsolute, "tolerance-price-absolute", |t| t.price_absolute, |t, v| t.price_absolute = v)}
                {field(TolerancesMsg::TotalPercent, "tolerance-total-percent", |t| t.total_percent, |t, v| t.total_percent = v)}
                {field(TolerancesMsg::TotalAbsolute, "tolerance-total-absolute", |t| t.total_absolute, |t, v| t.total_absolute = v)}
            </div>
            <h3>{move || i18n.t(TolerancesMsg::Categories)}</h3>
            <p class="muted small">{move || i18n.t(TolerancesMsg::CategoriesNote)}</p>
            {move || {
                let rows = categories();
                if rows.is_empty() {
                    view! { <p class="muted" data-testid="tolerance-categories-none">{move || i18n.t(TolerancesMsg::NoCategories)}</p> }.into_any()
                } else {
                    rows.into_iter().enumerate().map(|(i, c)| category_row(i, c)).collect_view().into_any()
                }
            }}
            <Show when=move || admin.get()>
                <button type="button" class="secondary" data-testid="tolerance-category-add"
                    on:click=move |_| editor.edit(|p| p.invoicing.by_category.push(CategoryTolerance {
                        unspsc: String::new(),
                        price_percent: Some(Decimal::from(5)),
                        price_absolute: None,
                    }))>
                    {move || i18n.t(TolerancesMsg::AddCategory)}
                </button>
            </Show>
        </section>
    }
}
