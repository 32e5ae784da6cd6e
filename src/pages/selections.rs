//! Supplier selections by the analytic hierarchy process: the organisation's list, and one
//! selection's editor (read-only for everyone but its author and admins).

mod editor;
mod msg;
mod pairs;

pub use editor::SelectionPage;
pub use msg::SelMsg;

use crate::i18n::use_i18n;
use crate::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use procura_suppliers::ahp;
use procura_suppliers::selection::Selection;
use procura_sync::sync::Record;

/// Every selection on the device, newest change first (reactive).
fn selections(app: crate::state::AppState) -> Vec<Selection> {
    let mut list: Vec<Selection> = app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Selection(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    });
    list.sort_by_key(|s| std::cmp::Reverse(s.updated_at_ms));
    list
}

/// Who leads a selection, if its judgements give a ranking.
fn leader(s: &Selection) -> Option<String> {
    let r = procura_suppliers::selection::analyse(s).ok()?;
    // The first of the highest.
    let (i, _) =
        r.scores
            .iter()
            .enumerate()
            .fold(None::<(usize, f64)>, |best, (i, s)| match best {
                Some((_, b)) if *s <= b => best,
                _ => Some((i, *s)),
            })?;
    let ok = r.overall_cr < ahp::ACCEPTABLE_CR;
    s.candidates
        .get(i)
        .map(|c| format!("{}{}", c.name, if ok { "" } else { " (CR ≥ 0.10)" }))
}

#[component]
pub fn SelectionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let list = Memo::new(move |_| selections(app));
    view! {
        <section class="page selections">
            <A href="/suppliers" attr:class="back-link">"← " {move || i18n.t(crate::i18n::Msg::NavSuppliers)}</A>
            <h1>{move || i18n.t(SelMsg::Title)}</h1>
            <p class="muted">{move || i18n.t(SelMsg::Intro)}</p>
            <p><A href="/suppliers/selections/new" attr:class="button primary" attr:data-testid="new-selection">{move || i18n.t(SelMsg::New)}</A></p>
            {move || {
                let list = list.get();
                if list.is_empty() {
                    return view! { <p class="empty">{move || i18n.t(SelMsg::None)}</p> }.into_any();
                }
                let lang = i18n.lang();
                view! {
                    <table class="data stack selection-list">
                        <thead><tr>
                            <th>{SelMsg::NameLabel.text(lang)}</th>
                            <th>{SelMsg::Candidates.text(lang)}</th>
                            <th>{SelMsg::Leader.text(lang)}</th>
                            <th>{SelMsg::Author.text(lang)}</th>
                            <th>{SelMsg::Updated.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|s| {
                                let href = format!("/suppliers/selections/{}", s.id);
                                let leads = leader(&s).unwrap_or_default();
                                let author = crate::org::policy(app)
                                    .and_then(|p| p.people.iter().find(|p| p.id == s.created_by).map(|p| p.name.clone()))
                                    .unwrap_or_else(|| s.created_by.to_string());
                                view! {
                                    <tr data-testid="selection-row">
                                        <td class="wide" data-label=SelMsg::NameLabel.text(lang)><A href=href><span data-content="">{s.title.clone()}</span></A></td>
                                        <td data-label=SelMsg::Candidates.text(lang)>{SelMsg::count_candidates(lang, s.candidates.len())}</td>
                                        <td data-label=SelMsg::Leader.text(lang) data-content="">{leads}</td>
                                        <td data-label=SelMsg::Author.text(lang) data-content="">{author}</td>
                                        <td data-label=SelMsg::Updated.text(lang)>{crate::ui::format::date(lang, s.updated_at_ms)}</td>
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
