//! The contracts list (`/contracts`): number, title, supplier, validity, state, what is committed
//! against the ceiling and what remains, and the alerts, contracts with alerts first.

use super::{alert_key, alert_text, has_pending, standing_of, state_key, state_msg, ContractMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::ui::format::{day, money};
use leptos::prelude::*;
use leptos_router::components::A;
use procura_invoicing::contracts::{Contract, Standing, State};

fn committed(c: &Contract, s: &Standing, lang: Lang) -> String {
    let cur = &c.terms.currency;
    let used = s
        .consumed
        .map_or_else(|| "—".to_owned(), |u| money(lang, u, cur));
    match (c.terms.ceiling, s.remaining) {
        (Some(ceiling), Some(remaining)) => ContractMsg::committed_of(
            lang,
            &used,
            &money(lang, ceiling, cur),
            &money(lang, remaining, cur),
        ),
        _ => format!("{used} · {}", ContractMsg::NoCeiling.text(lang)),
    }
}

fn row(app: AppState, c: Contract, s: Standing, lang: Lang) -> impl IntoView {
    let t = move |m: ContractMsg| m.text(lang);
    let pending = has_pending(app, &c.id);
    let supplier =
        crate::ui::names::supplier_name(c.terms.supplier_id.as_str(), &c.supplier_name, lang);
    let alerts = s
        .alerts
        .iter()
        .map(|a| {
            view! { <li class=format!("contract-alert {}", alert_key(a)) data-testid="contract-alert" data-kind=alert_key(a)>{alert_text(a, &c.terms.currency, lang)}</li> }
        })
        .collect_view();
    let has_alerts = !s.alerts.is_empty();
    let committed = committed(&c, &s, lang);
    let number = c.terms.number.clone();
    view! {
        <tr data-testid="contract-row" data-id=c.id.clone() data-state=state_key(s.state) class:has-alerts=has_alerts>
            <td data-label=t(ContractMsg::ColNumber)>
                <A href=format!("/contracts/{}", c.id) attr:data-testid="contract-number">{number}</A>
            </td>
            <td class="wide" data-label=t(ContractMsg::ColTitle)>{c.terms.title.clone()}</td>
            <td data-label=t(ContractMsg::ColSupplier)>{supplier}</td>
            <td data-label=t(ContractMsg::ColValidity)>
                {ContractMsg::validity(lang, &day(lang, c.terms.valid_from), &day(lang, c.terms.valid_to))}
            </td>
            <td data-label=t(ContractMsg::ColState)>
                <span class=format!("contract-state {}", state_key(s.state)) data-testid="contract-state">{t(state_msg(s.state))}</span>
                {pending.then(|| view! { <small class="badge pending" data-testid="pending-sync">{t(ContractMsg::WaitingToSync)}</small> })}
            </td>
            <td class="num" data-label=t(ContractMsg::ColCommitted) data-testid="contract-committed">{committed}</td>
            <td data-label=t(ContractMsg::ColAlerts)>
                {has_alerts.then(|| view! { <ul class="contract-alerts">{alerts}</ul> })}
            </td>
        </tr>
    }
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let all_shown = RwSignal::new(false);
    let list = Memo::new(move |_| {
        let orders = crate::org::orders(app);
        let mut list: Vec<(Contract, Standing)> = crate::ui::contracts::all(app)
            .into_iter()
            .map(|c| {
                let s = standing_of(&c, &orders);
                (c, s)
            })
            .collect();
        // Alerts first, then what is in force, then upcoming, expired, ended; by number.
        let rank = |s: &Standing| match s.state {
            State::InForce => 0,
            State::Upcoming => 1,
            State::Expired => 2,
            State::Ended => 3,
        };
        list.sort_by(|(a, sa), (b, sb)| {
            sa.alerts
                .is_empty()
                .cmp(&sb.alerts.is_empty())
                .then_with(|| rank(sa).cmp(&rank(sb)))
                .then_with(|| a.terms.number.cmp(&b.terms.number))
        });
        list
    });
    let may = Memo::new(move |_| super::may_manage(app));
    view! {
        <section class="page contracts-page" data-testid="contracts-page">
            <div class="page-head">
                <h1>{move || i18n.t(ContractMsg::Title)}</h1>
                {move || may.get().then(|| view! {
                    <A href="/contracts/new" attr:class="button primary" attr:data-testid="new-contract">{i18n.t(ContractMsg::NewContract)}</A>
                })}
            </div>
            <p class="muted">{move || i18n.t(ContractMsg::Intro)}</p>
            <fieldset class="choice inline">
                <legend>{move || i18n.t(ContractMsg::Show)}</legend>
                <label>
                    <input type="radio" name="contracts-shown" data-testid="show-in-force"
                        prop:checked=move || !all_shown.get() on:change=move |_| all_shown.set(false)/>
                    {move || i18n.t(ContractMsg::ShowInForce)}
                </label>
                <label>
                    <input type="radio" name="contracts-shown" data-testid="show-all"
                        prop:checked=move || all_shown.get() on:change=move |_| all_shown.set(true)/>
                    {move || i18n.t(ContractMsg::ShowAll)}
                </label>
            </fieldset>
            {move || {
                let lang = i18n.lang();
                let t = move |m: ContractMsg| m.text(lang);
                let all = list.get();
                let any = !all.is_empty();
                let shown: Vec<_> = all
                    .into_iter()
                    .filter(|(_, s)| all_shown.get() || s.state == State::InForce || !s.alerts.is_empty())
                    .collect();
                if shown.is_empty() {
                    return if app.storage.get() != StorageStatus::Ready {
                        view! { <p class="muted">{t(ContractMsg::Loading)}</p> }.into_any()
                    } else if any {
                        view! { <p class="empty" data-testid="no-contracts">{t(ContractMsg::EmptyFiltered)}</p> }.into_any()
                    } else {
                        view! { <p class="empty" data-testid="no-contracts">{t(ContractMsg::Empty)}</p> }.into_any()
                    };
                }
                let rows = shown.into_iter().map(|(c, s)| row(app, c, s, lang)).collect_view();
                view! {
                    <div class="table-scroll">
                        <table class="data contracts stack" data-testid="contracts-table">
                            <thead><tr>
                                <th>{t(ContractMsg::ColNumber)}</th>
                                <th>{t(ContractMsg::ColTitle)}</th>
                                <th>{t(ContractMsg::ColSupplier)}</th>
                                <th>{t(ContractMsg::ColValidity)}</th>
                                <th>{t(ContractMsg::ColState)}</th>
                                <th class="num">{t(ContractMsg::ColCommitted)}</th>
                                <th>{t(ContractMsg::ColAlerts)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
