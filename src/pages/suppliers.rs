//! Suppliers whose catalogs are on the device.

use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use procura_core::catalog::FilterOptions;

#[component]
pub fn SuppliersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let counts = Memo::new(move |_| {
        app.catalog
            .with(|c| FilterOptions::from_items(&c.items).suppliers)
    });
    view! {
        <section class="page suppliers">
            <h1>{move || i18n.t(Msg::NavSuppliers)}</h1>
            <p class="muted">{move || i18n.t(Msg::SuppliersIntro)}</p>
            <table class="data">
                <thead><tr>
                    <th>{move || i18n.t(Msg::Supplier)}</th>
                    <th>{move || i18n.t(Msg::Currency)}</th>
                    <th class="num">{move || i18n.t(Msg::ItemsOnDevice)}</th>
                </tr></thead>
                <tbody>
                    {move || app.suppliers.get().into_iter().map(|s| {
                        let count = counts.with(|c| c.get(&s.id).copied().unwrap_or(0));
                        view! { <tr>
                            <td>{s.name.get(i18n.lang()).to_owned()} <small class="muted">" " {s.id.clone()}</small></td>
                            <td>{s.currency.clone()}</td>
                            <td class="num">{count}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
