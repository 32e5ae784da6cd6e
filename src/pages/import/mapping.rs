//! The CSV column-mapping step: a preview of the file and, for each item field, the column
//! that holds it. The first guess comes from the core (`suggest_mapping`); a mapping that
//! imported successfully is saved per supplier and offered again next time. Any other columns
//! can be read as product attributes, each named by its column.

use crate::i18n::import_issues::place;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;
use procura_catalog::import::csv::{ColumnMapping, CsvPreview, DecimalSeparator};
use procura_catalog::import::CatalogAction;
use std::sync::Arc;

/// Currencies offered for a file without a currency column (ISO 4217).
pub const CURRENCIES: &[&str] = &["CNY", "EUR", "USD", "GBP", "JPY", "HKD", "CHF"];

/// Rows of the preview table.
const PREVIEW_ROWS: usize = 8;

type Slot = fn(&mut ColumnMapping) -> &mut Option<String>;

/// The fields a column can be mapped to, in the order a buyer thinks of them.
const FIELDS: &[(Msg, Slot)] = &[
    (Msg::FieldSku, |m| &mut m.sku),
    (Msg::FieldNameEn, |m| &mut m.name_en),
    (Msg::FieldNameZh, |m| &mut m.name_zh),
    (Msg::Manufacturer, |m| &mut m.manufacturer),
    (Msg::Mpn, |m| &mut m.mpn),
    (Msg::Gtin, |m| &mut m.gtin),
    (Msg::FieldUnspsc, |m| &mut m.unspsc),
    (Msg::FieldCategoryPath, |m| &mut m.category_path),
    (Msg::FieldImageUrl, |m| &mut m.image_url),
    (Msg::Price, |m| &mut m.price),
    (Msg::FieldTiers, |m| &mut m.tiers),
    (Msg::FieldMinQty, |m| &mut m.min_qty),
    (Msg::Currency, |m| &mut m.currency),
    (Msg::FieldOrderUnit, |m| &mut m.order_unit),
    (Msg::FieldContentUnit, |m| &mut m.content_unit),
    (Msg::FieldContentPerOrderUnit, |m| {
        &mut m.content_per_order_unit
    }),
    (Msg::LeadTime, |m| &mut m.lead_time_days),
    (Msg::Stock, |m| &mut m.stock),
    (Msg::FieldDescriptionEn, |m| &mut m.description_en),
    (Msg::FieldDescriptionZh, |m| &mut m.description_zh),
];

/// Whether every column `mapping` names exists in `headers` (a saved mapping fits the file).
pub fn columns_exist(mapping: &ColumnMapping, headers: &[String]) -> bool {
    let mut m = mapping.clone();
    let has = |c: &String| headers.iter().any(|h| h.eq_ignore_ascii_case(c));
    FIELDS
        .iter()
        .all(|(_, slot)| slot(&mut m).as_ref().is_none_or(has))
        && mapping
            .tier_columns
            .iter()
            .all(|t| has(&t.min_qty) && has(&t.price))
        && mapping.attributes.iter().all(has)
}

crate::i18n::messages!(AttrMsg {
    AttributeColumns => "Columns read as product attributes", "作为商品属性读取的列";
    AttributeColumnsHint => "Each chosen column becomes an attribute named by its column, shown on the product page and offered as a filter.", "所选的每一列都会成为以列名命名的属性，显示在商品详情页并可用于筛选。";
});

#[component]
pub fn MappingStep(
    mapping: RwSignal<ColumnMapping>,
    preview: RwSignal<Option<Arc<CsvPreview>>>,
    encoding: RwSignal<String>,
    on_encoding: impl Fn(String) + 'static,
    on_check: impl Fn() + 'static,
    on_back: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let headers =
        move || preview.with(|p| p.as_ref().map(|p| p.headers.clone()).unwrap_or_default());
    let sample = move |column: &str| {
        preview.with(|p| {
            let p = p.as_ref()?;
            let at = p.headers.iter().position(|h| h == column)?;
            p.rows.first()?.cells.get(at).cloned()
        })
    };
    let field_rows = FIELDS
        .iter()
        .map(|&(label, slot)| {
            let current = move || mapping.with(|m| slot(&mut m.clone()).clone().unwrap_or_default());
            view! {
                <tr>
                    <th scope="row">{move || i18n.t(label)}</th>
                    <td>
                        <select data-field=format!("{label:?}") aria-label=move || i18n.t(label) prop:value=current
                            on:change=move |ev| {
                                let column = event_target_value(&ev);
                                mapping.update(|m| *slot(m) = Some(column).filter(|c| !c.is_empty()));
                            }>
                            <option value="">"—"</option>
                            {move || headers().into_iter().map(|h| view! { <option value=h.clone() data-content="file">{place(&h, i18n.lang())}</option> }).collect_view()}
                        </select>
                    </td>
                    <td class="muted sample" data-content="file">{move || { let c = current(); if c.is_empty() { None } else { sample(&c) } }}</td>
                </tr>
            }
        })
        .collect_view();
    // Every column can be read as an attribute; a column already mapped to a field is offered
    // too (a size both in the name and as a filter is common).
    let attribute_columns = move || {
        headers()
            .into_iter()
            .map(|h| {
                let column = h.clone();
                let checked = {
                    let column = column.clone();
                    move || mapping.with(|m| m.attributes.contains(&column))
                };
                let label = h.clone();
                view! {
                    <label class="facet attribute-column">
                        <input type="checkbox" data-attribute-column=h.clone() prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                mapping.update(|m| {
                                    m.attributes.retain(|c| *c != column);
                                    if on {
                                        m.attributes.push(column.clone());
                                    }
                                });
                            }/>
                        <span data-content="file">{move || place(&label, i18n.lang())}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let tier_pairs = move || {
        mapping.with(|m| {
            m.tier_columns
                .iter()
                .map(|t| format!("{} → {}", t.min_qty, t.price))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    let preview_table = move || {
        preview.with(|p| {
            p.as_ref().map(|p| {
                view! {
                    <table class="data preview" data-testid="csv-preview" data-content="file">
                        <thead><tr>
                            <th>"#"</th>
                            {p.headers.iter().map(|h| { let h = h.clone(); view! { <th>{move || place(&h, i18n.lang())}</th> } }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {p.rows.iter().take(PREVIEW_ROWS).map(|row| view! {
                                <tr>
                                    <td class="num muted">{row.line}</td>
                                    {row.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })
        })
    };
    view! {
        <div class="import-mapping" data-testid="mapping-screen">
            <h2>{move || i18n.t(Msg::MapColumns)}</h2>
            <div class="mapping-options">
                <label>
                    <span>{move || i18n.t(Msg::Encoding)}</span>
                    <select data-testid="encoding" prop:value=encoding on:change=move |ev| on_encoding(event_target_value(&ev))>
                        <option value="utf-8">"UTF-8"</option>
                        <option value="gbk">"GBK / GB18030"</option>
                        <option value="windows-1252">"ISO-8859-1 / Windows-1252"</option>
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(Msg::DecimalSeparator)}</span>
                    <select data-testid="decimal-separator"
                        prop:value=move || mapping.with(|m| if m.decimal_separator == DecimalSeparator::Comma { "comma" } else { "point" })
                        on:change=move |ev| {
                            let comma = event_target_value(&ev) == "comma";
                            mapping.update(|m| m.decimal_separator = if comma { DecimalSeparator::Comma } else { DecimalSeparator::Point });
                        }>
                        <option value="point">"1234.56"</option>
                        <option value="comma">"1234,56"</option>
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(Msg::FileIs)}</span>
                    <select data-testid="import-action"
                        prop:value=move || mapping.with(|m| if m.action == CatalogAction::Update { "update" } else { "replace" })
                        on:change=move |ev| {
                            let update = event_target_value(&ev) == "update";
                            mapping.update(|m| m.action = if update { CatalogAction::Update } else { CatalogAction::Replace });
                        }>
                        <option value="replace">{move || i18n.t(Msg::ActionReplace)}</option>
                        <option value="update">{move || i18n.t(Msg::ActionUpdate)}</option>
                    </select>
                </label>
                <label>
                    <span>{move || i18n.t(Msg::FileCurrency)}</span>
                    <select data-testid="fixed-currency"
                        prop:value=move || mapping.with(|m| m.fixed_currency.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let c = event_target_value(&ev);
                            mapping.update(|m| m.fixed_currency = Some(c).filter(|c| !c.is_empty()));
                        }>
                        <option value="">"—"</option>
                        {CURRENCIES.iter().map(|c| view! { <option value=*c>{*c}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <table class="data mapping">
                <thead><tr>
                    <th>{move || i18n.t(Msg::Field)}</th>
                    <th>{move || i18n.t(Msg::Column)}</th>
                    <th>{move || i18n.t(Msg::FirstRow)}</th>
                </tr></thead>
                <tbody>{field_rows}</tbody>
            </table>
            <fieldset class="attribute-columns" data-testid="attribute-columns">
                <legend>{move || i18n.t(AttrMsg::AttributeColumns)}</legend>
                <p class="muted">{move || i18n.t(AttrMsg::AttributeColumnsHint)}</p>
                <div class="attribute-column-list">{attribute_columns}</div>
            </fieldset>
            <Show when=move || mapping.with(|m| !m.tier_columns.is_empty())>
                <p class="muted">{move || i18n.t(Msg::TierColumns)} ": " {tier_pairs}</p>
            </Show>
            <h3>{move || i18n.t(Msg::Preview)}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Msg::Preview)>{preview_table}</div>
            // The mapping is long: "Check the file" stays at the bottom of the screen.
            <div class="actions sticky-actions">
                <button class="primary" data-testid="check-file" on:click=move |_| on_check()>{move || i18n.t(Msg::CheckFile)}</button>
                <button data-testid="choose-another-file" on:click=move |_| on_back()>{move || i18n.t(Msg::ChooseAnotherFile)}</button>
            </div>
        </div>
    }
}
