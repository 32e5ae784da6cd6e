//! Suppliers whose catalogs are on the device, and who manages each one's content.

mod detail;
mod evaluations;
pub mod performance;
mod single_source;

use crate::i18n::{use_i18n, Lang, Msg};
use crate::state::use_app;
pub use detail::SupplierDetailPage;
use evaluations::{scorecard_line, SupplierEvaluations};
use leptos::prelude::*;
use leptos_router::components::A;
use procura_catalog::catalog::FilterOptions;
use procura_suppliers::performance::Standing;
use procura_sync::api::{ContentManager, Marketplace, Supplier};

#[component]
pub fn SuppliersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let counts = Memo::new(move |_| {
        app.catalog
            .with(|c| FilterOptions::from_items(&c.items).suppliers)
    });
    let selected = RwSignal::new(None::<String>);
    let perf = performance::use_performance(app);
    let assessments = Memo::new(move |_| performance::assessments(app));
    view! {
        <section class="page suppliers">
            <h1>{move || i18n.t(Msg::NavSuppliers)}</h1>
            <p class="muted">{move || i18n.t(Msg::SuppliersIntro)}</p>
            <p><A href="/suppliers/selections" attr:class="button" attr:data-testid="selections-link">{move || i18n.t(crate::pages::selections::SelMsg::Title)}</A></p>
            <table class="data suppliers-list stack">
                <thead><tr>
                    <th>{move || i18n.t(Msg::Supplier)}</th>
                    <th>{move || i18n.t(Msg::ManagedBy)}</th>
                    <th>{move || i18n.t(Msg::Currency)}</th>
                    <th class="num">{move || i18n.t(Msg::ItemsOnDevice)}</th>
                    <th>{move || i18n.t(detail::DetailMsg::StandingNow)}</th>
                    <th>{move || i18n.t(detail::DetailMsg::Grade)}</th>
                    <th>{move || i18n.t(Msg::Scorecard)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        let marketplaces = app.marketplaces.get();
                        app.suppliers.get().into_iter().map(|s| {
                            let count = counts.with(|c| c.get(s.id.as_str()).copied().unwrap_or(0));
                            let manager = managed_by(&s, &marketplaces, lang);
                            let score = scorecard_line(app, s.id.as_str(), i18n);
                            let id = s.id.clone();
                            let local_only = s.managed_by == ContentManager::Buyer;
                            let measured = perf.with(|p| p.current.get(s.id.as_str()).cloned());
                            let standing = measured.as_ref().map_or(Standing::Unrated, |s| s.standing);
                            let grade = assessments.with(|a| a.get(s.id.as_str()).map(|a| performance::grade_letter(a.grade())));
                            let href = format!("/suppliers/{}", s.id);
                            view! { <tr data-testid="supplier-row" data-standing=format!("{standing:?}").to_lowercase()>
                                <td class="wide supplier-name"><A href=href><span data-content="">{s.name.get(lang).to_owned()}</span></A> <small class="muted">" " {s.id.to_string()}</small></td>
                                <td data-testid="managed-by" data-label=Msg::ManagedBy.text(lang)>{manager}</td>
                                <td data-label=Msg::Currency.text(lang)>{s.currency.clone()}</td>
                                <td class="num" data-label=Msg::ItemsOnDevice.text(lang)>{count}</td>
                                <td data-label=detail::DetailMsg::StandingNow.text(lang) data-testid="standing-cell">
                                    <span class=performance::standing_class(standing)>{performance::standing_msg(standing).text(lang)}</span>
                                    " " {performance::shown_score(measured.and_then(|s| s.overall))}
                                </td>
                                <td data-label=detail::DetailMsg::Grade.text(lang) data-testid="grade-cell">{grade.unwrap_or("—")}</td>
                                <td class="wide" data-testid="scorecard-line" data-label=Msg::Scorecard.text(lang)>
                                    // A supplier known only to this device (imported from a
                                    // file) is not the organisation's: the hub would refuse.
                                    {if local_only {
                                        view! { <span class="muted">{move || i18n.t(Msg::EvaluateNeedsHub)}</span> }.into_any()
                                    } else {
                                        view! {
                                            {score} " "
                                            <button class="link-button" data-testid="evaluate"
                                                on:click=move |_| {
                                                    selected.set(Some(id.to_string()));
                                                    scroll_to_evaluations();
                                                }>{move || i18n.t(Msg::Evaluate)}</button>
                                        }.into_any()
                                    }}
                                </td>
                            </tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <single_source::SingleSourceRisk/>
            // Re-made only when another supplier is chosen: a sync that refreshes the supplier
            // list, or a change of language, must not throw away an evaluation being written
            // (the name follows both on its own).
            {move || selected.get().map(|id| {
                let name = Signal::derive({
                    let id = id.clone();
                    move || app.suppliers.with(|all| all.iter().find(|s| s.id == id).map(|s| s.name.get(i18n.lang()).to_owned())).unwrap_or_else(|| id.clone())
                });
                view! { <SupplierEvaluations supplier_id=id supplier_name=name/> }
            })}
        </section>
    }
}

/// Brings the evaluations panel (rendered below the table) into view once it is there.
fn scroll_to_evaluations() {
    request_animation_frame(|| {
        let panel = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=evaluations]").ok().flatten());
        if let Some(panel) = panel {
            panel.scroll_into_view();
        }
    });
}

/// Who keeps the supplier's content up to date: the supplier, the buyer's file imports, or a
/// named marketplace (the one whose sellers include it).
fn managed_by(supplier: &Supplier, marketplaces: &[Marketplace], lang: Lang) -> String {
    match supplier.managed_by {
        ContentManager::Supplier => Msg::ManagedBySupplier.text(lang).to_owned(),
        ContentManager::Buyer => Msg::ManagedByBuyer.text(lang).to_owned(),
        ContentManager::Marketplace => {
            let label = Msg::ManagedByMarketplace.text(lang);
            let market = marketplaces
                .iter()
                .find(|m| m.seller_ids.iter().any(|s| *s == supplier.id));
            match market {
                Some(m) => {
                    let colon = if lang == Lang::ZhCn { "：" } else { ": " };
                    format!("{label}{colon}{}", m.name.get(lang))
                }
                None => label.to_owned(),
            }
        }
    }
}
