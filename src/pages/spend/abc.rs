//! ABC classes of suppliers or category families by committed spend, with the cut-offs the
//! buyer types (not stored), a Pareto chart and the class of every row. The classes are the
//! core's (`SpendCube::abc`, its boundary rule).

use super::{to_f64, Shared, SpendMsg};
use crate::i18n::use_i18n;
use crate::ui::chart::{Bar, Mark, ParetoChart, Tone};
use crate::ui::csv;
use crate::ui::format::money;
use leptos::prelude::*;
use procura_spend::inventory::AbcClass;
use procura_spend::spend::Dim;
use rust_decimal::Decimal;

fn class_name(c: AbcClass) -> &'static str {
    match c {
        AbcClass::A => "A",
        AbcClass::B => "B",
        AbcClass::C => "C",
    }
}

fn tone(c: AbcClass) -> Tone {
    match c {
        AbcClass::A => Tone::Plain,
        AbcClass::B => Tone::Warn,
        AbcClass::C => Tone::Muted,
    }
}

/// A cut-off as typed ("80"), as a fraction; `None` when it is not a number in 0–100.
fn cut(text: &str) -> Option<f64> {
    let v: f64 = text.trim().replace(',', ".").parse().ok()?;
    (v.is_finite() && (0.0..=100.0).contains(&v)).then_some(v / 100.0)
}

#[component]
pub fn Abc(data: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let dim = RwSignal::new(Dim::Supplier);
    let a_text = RwSignal::new("80".to_owned());
    let b_text = RwSignal::new("95".to_owned());
    let export_failed = RwSignal::new(false);
    let controls = move || {
        let lang = i18n.lang();
        let t = move |m: SpendMsg| m.text(lang);
        view! {
            <div class="abc-controls">
                <label class="inline-field">
                    <span>{t(SpendMsg::AbcBy)}</span>
                    <select data-testid="abc-dim" on:change=move |ev| {
                        dim.set(if event_target_value(&ev) == "family" { Dim::Family } else { Dim::Supplier });
                    }>
                        <option value="supplier" selected=move || dim.get() == Dim::Supplier>{t(SpendMsg::DimSupplier)}</option>
                        <option value="family" selected=move || dim.get() == Dim::Family>{t(SpendMsg::DimFamily)}</option>
                    </select>
                </label>
                <label class="inline-field">
                    <span>{t(SpendMsg::ACut)}</span>
                    <input type="number" class="narrow" min="0" max="100" step="1" inputmode="decimal" data-testid="abc-a"
                        prop:value=move || a_text.get() on:input=move |ev| a_text.set(event_target_value(&ev))/>
                </label>
                <label class="inline-field">
                    <span>{t(SpendMsg::BCut)}</span>
                    <input type="number" class="narrow" min="0" max="100" step="1" inputmode="decimal" data-testid="abc-b"
                        prop:value=move || b_text.get() on:input=move |ev| b_text.set(event_target_value(&ev))/>
                </label>
            </div>
        }
    };
    let body = move || {
        let lang = i18n.lang();
        let d = dim.get();
        // A cut-off being typed (empty, "9") keeps the default until it is a number.
        let a = cut(&a_text.get()).unwrap_or(0.8);
        let b = cut(&b_text.get()).unwrap_or(0.95).max(a);
        let data = data.0.clone();
        let cube = data.cube.as_ref().ok()?;
        let ranked = cube.abc(d, a, b).ok()?;
        if ranked.is_empty() {
            return None;
        }
        let cur = cube.currency.clone();
        let total: Decimal = ranked.iter().map(|(_, v, _)| *v).sum();
        let mut running = Decimal::ZERO;
        let cumulative: Vec<f64> = ranked
            .iter()
            .map(|(_, v, _)| {
                running += *v;
                if total.is_zero() {
                    0.0
                } else {
                    to_f64(running * Decimal::ONE_HUNDRED / total)
                }
            })
            .collect();
        let labels: Vec<(String, bool)> = ranked
            .iter()
            .map(|(k, _, _)| data.label(d, k, lang))
            .collect();
        let bars: Vec<Bar> = ranked
            .iter()
            .zip(&labels)
            .map(|((_, v, c), (label, is_data))| Bar {
                label: label.clone(),
                label_is_data: *is_data,
                value: to_f64(*v),
                shown: money(lang, *v, &cur),
                tone: tone(*c),
            })
            .collect();
        let count = |c: AbcClass| ranked.iter().filter(|(_, _, x)| *x == c).count();
        let (na, nb, nc) = (count(AbcClass::A), count(AbcClass::B), count(AbcClass::C));
        let summary = format!(
            "{}: A {na} · B {nb} · C {nc}",
            SpendMsg::ClassCounts.text(lang)
        );
        let marks = vec![
            Mark {
                at: a * 100.0,
                label: format!("A {:.0} %", a * 100.0),
            },
            Mark {
                at: b * 100.0,
                label: format!("B {:.0} %", b * 100.0),
            },
        ];
        let t = move |m: SpendMsg| m.text(lang);
        let headers = [
            t(SpendMsg::Committed).to_owned(),
            t(SpendMsg::Cumulative).to_owned(),
            t(SpendMsg::Class).to_owned(),
        ];
        let classes: Vec<String> = ranked
            .iter()
            .map(|(_, _, c)| class_name(*c).to_owned())
            .collect();
        let dim_name = if d == Dim::Family {
            t(SpendMsg::DimFamily)
        } else {
            t(SpendMsg::DimSupplier)
        };
        let header = vec![
            dim_name.to_owned(),
            "key".to_owned(),
            format!("{} ({cur})", t(SpendMsg::Committed)),
            format!("{} (%)", t(SpendMsg::Cumulative)),
            t(SpendMsg::Class).to_owned(),
        ];
        let csv_rows: Vec<Vec<csv::Field>> = ranked
            .iter()
            .zip(&labels)
            .zip(&cumulative)
            .map(|(((k, v, c), (label, _)), cum)| {
                vec![
                    csv::Field::Text(label.clone()),
                    csv::Field::Text(k.clone()),
                    csv::Field::Number(*v),
                    csv::Field::Number(Decimal::try_from(*cum).unwrap_or_default().round_dp(1)),
                    csv::Field::Text(class_name(*c).to_owned()),
                ]
            })
            .collect();
        let file = if d == Dim::Family {
            "abc-families.csv"
        } else {
            "abc-suppliers.csv"
        };
        let export = move |_| export_failed.set(csv::download(file, &header, &csv_rows).is_err());
        let rows = ranked
            .iter()
            .zip(&labels)
            .zip(&cumulative)
            .map(|(((_, v, c), (label, is_data)), cum)| {
                let data_attr = is_data.then_some("");
                view! {
                    <tr data-testid="abc-row" data-class=class_name(*c)>
                        <td class="wide" data-label=dim_name data-content=data_attr>{label.clone()}</td>
                        <td class="num" data-label=t(SpendMsg::Committed)>{money(lang, *v, &cur)}</td>
                        <td class="num" data-label=t(SpendMsg::Cumulative)>{format!("{cum:.1}\u{a0}%")}</td>
                        <td data-label=t(SpendMsg::Class)><span class=format!("abc-class abc-{}", class_name(*c))>{class_name(*c)}</span></td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <ParetoChart title=t(SpendMsg::Pareto).to_owned() summary bars cumulative marks headers classes test_id="abc-pareto"/>
            <div class="table-actions">
                <span class="muted" data-testid="abc-counts">"A " {na} " · B " {nb} " · C " {nc}</span>
                <button type="button" data-testid="abc-export" on:click=export>{t(SpendMsg::ExportCsv)}</button>
                {move || export_failed.get().then(|| view! { <span class="error" role="alert">{t(SpendMsg::ExportFailed)}</span> })}
            </div>
            <table class="data stack" data-testid="abc-table">
                <thead><tr>
                    <th>{dim_name}</th><th class="num">{t(SpendMsg::Committed)}</th>
                    <th class="num">{t(SpendMsg::Cumulative)}</th><th>{t(SpendMsg::Class)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })
    };
    view! {
        <section class="spend-section" data-testid="spend-abc">
            <h2>{move || i18n.t(SpendMsg::AbcTitle)}</h2>
            <p class="muted">{move || i18n.t(SpendMsg::AbcIntro)}</p>
            {controls}
            {body}
        </section>
    }
}
