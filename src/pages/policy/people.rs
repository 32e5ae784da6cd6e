//! The organisation chart: people, their managers and approval limits. An admin renames people,
//! changes managers and limits, adds people and removes those nothing refers to.

use super::msg::PolicyMsg;
use super::widgets::{person_ties, refuse_removal};
use super::{tr_now, Editor};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_procurement::approval::policy::Person;

/// A limit as typed: empty means "may not approve"; `None` when it is not a number (refused).
fn limit_value(
    editor: Editor,
    text: &str,
    i18n: crate::i18n::I18n,
) -> Option<Option<rust_decimal::Decimal>> {
    if text.trim().is_empty() {
        Some(None)
    } else {
        editor.amount(text, i18n).map(Some)
    }
}

#[component]
pub fn People(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let rows = move || {
        editor
            .with(|p| {
                p.people
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i, x.id.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="policy-section" data-testid="policy-people">
            <h2>{move || i18n.t(PolicyMsg::People)}</h2>
            <p class="muted">{move || i18n.t(PolicyMsg::PeopleNote)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || i18n.t(PolicyMsg::People)>
                <table class="data people stack">
                    <thead><tr>
                        <th>{move || i18n.t(PolicyMsg::Name)}</th>
                        <th>{move || i18n.t(PolicyMsg::Manager)}</th>
                        <th class="num">{move || i18n.t(PolicyMsg::Limit)}</th>
                        <Show when=move || admin.get()><th><span class="visually-hidden">{move || i18n.t(PolicyMsg::Actions)}</span></th></Show>
                    </tr></thead>
                    <tbody>
                        <For each=rows key=|row| row.clone() children=move |(i, id)| view! { <PersonRow editor=editor index=i id=id.to_string()/> }/>
                    </tbody>
                    <Show when=move || admin.get()>
                        <NewPerson editor=editor/>
                    </Show>
                </table>
            </div>
        </section>
    }
}

/// People other than `me` as (id, name), for a manager select.
fn others(editor: Editor, me: &str) -> Vec<(String, String)> {
    editor
        .with(|p| {
            p.people
                .iter()
                .filter(|x| x.id != me)
                .map(|x| (x.id.to_string(), x.name.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
}

#[component]
fn ManagerSelect(
    editor: Editor,
    testid: &'static str,
    me: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select data-testid=testid aria-label=move || i18n.t(PolicyMsg::Manager)
            on:change=move |ev| on_change.run(event_target_value(&ev))>
            <option value="" prop:selected=move || value.with(String::is_empty)>{move || i18n.t(PolicyMsg::NoManager)}</option>
            {move || others(editor, &me.get()).into_iter().map(|(id, name)| {
                let this = id.clone();
                view! { <option value=id prop:selected=move || value.with(|v| *v == this)>{name}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
fn PersonRow(editor: Editor, index: usize, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let person = move || editor.with(|p| p.people.get(index).cloned()).flatten();
    let name = move || person().map(|p| p.name).unwrap_or_default();
    let manager = move || {
        person()
            .and_then(|p| p.manager)
            .map(|m| m.into_string())
            .unwrap_or_default()
    };
    let limit = move || person().and_then(|p| p.approval_limit);
    let me = Signal::stored(id.clone());
    let manager_name = move || {
        editor
            .with(|p| {
                p.people
                    .get(index)
                    .and_then(|x| x.manager.as_ref().map(|i| i.as_str()))
                    .map(|m| p.name_of(m).to_owned())
            })
            .flatten()
    };
    let limit_text = move || match (limit(), editor.with(|p| p.currency.clone())) {
        (Some(l), Some(c)) => crate::ui::format::money(i18n.lang(), l, &c),
        _ => i18n.t(PolicyMsg::NoLimit).to_owned(),
    };
    let remove = move |_| {
        let me = me.get_untracked();
        let (who, ties) = editor
            .with_untracked(|p| (p.name_of(&me).to_owned(), person_ties(p, &me, i18n)))
            .unwrap_or_default();
        if !refuse_removal(editor, i18n, &who, &ties) {
            editor.edit(|p| {
                if p.people.get(index).is_some_and(|x| x.id == me) {
                    p.people.remove(index);
                }
            });
        }
    };
    view! {
        <tr data-testid="person-row" data-id=id.clone()>
            <td data-label=move || i18n.t(PolicyMsg::Name)>
                {move || if admin.get() {
                    view! {
                        <input type="text" data-testid="person-name" aria-label=move || i18n.t(PolicyMsg::Name)
                            prop:value=name
                            on:change=move |ev| {
                                let v = event_target_value(&ev).trim().to_owned();
                                editor.edit(|p| if let Some(x) = p.people.get_mut(index) { x.name = v; });
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid="person-name">{name}</span> }.into_any()
                }}
                <small class="muted">" " {id.clone()}</small>
            </td>
            <td data-label=move || i18n.t(PolicyMsg::Manager)>
                {move || if admin.get() {
                    view! {
                        <ManagerSelect editor=editor testid="person-manager" me=me value=Signal::derive(manager)
                            on_change=move |v: String| editor.edit(|p| if let Some(x) = p.people.get_mut(index) {
                                x.manager = (!v.is_empty()).then_some(v.into());
                            })/>
                    }.into_any()
                } else {
                    view! { <span data-testid="person-manager">{move || manager_name().unwrap_or_else(|| i18n.t(PolicyMsg::NoManager).to_owned())}</span> }.into_any()
                }}
            </td>
            <td class="num" data-label=move || i18n.t(PolicyMsg::Limit)>
                {move || if admin.get() {
                    view! {
                        <input class="amount" type="text" inputmode="decimal" data-testid="person-limit"
                            placeholder=move || i18n.t(PolicyMsg::NoLimitShort) aria-label=move || i18n.t(PolicyMsg::Limit)
                            prop:value=move || limit().map(|l| l.to_string()).unwrap_or_default()
                            on:change=move |ev| {
                                if let Some(v) = limit_value(editor, &event_target_value(&ev), i18n) {
                                    editor.edit(|p| if let Some(x) = p.people.get_mut(index) {
                                        x.approval_limit = v;
                                    });
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid="person-limit">{limit_text}</span> }.into_any()
                }}
            </td>
            <Show when=move || admin.get()>
                <td class="row-actions">
                    <button class="link-button" data-testid="remove-person" on:click=remove>
                        {move || i18n.t(PolicyMsg::Remove)}
                    </button>
                </td>
            </Show>
        </tr>
    }
}

/// The row that adds a person: id (the login's user id), name, manager, limit.
#[component]
fn NewPerson(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let manager = RwSignal::new(String::new());
    let limit = RwSignal::new(String::new());
    let add = move |_| {
        let (new_id, new_name) = (
            id.get_untracked().trim().to_owned(),
            name.get_untracked().trim().to_owned(),
        );
        if new_id.is_empty() || new_name.is_empty() {
            editor.refuse(tr_now(i18n, PolicyMsg::NeedCodeAndName).to_owned());
            return;
        }
        if editor.with_untracked(|p| p.person(&new_id).is_some()) == Some(true) {
            editor.refuse(PolicyMsg::taken(i18n.0.get_untracked(), &new_id));
            return;
        }
        let Some(approval_limit) = limit_value(editor, &limit.get_untracked(), i18n) else {
            return;
        };
        let manager = Some(manager.get_untracked()).filter(|m| !m.is_empty());
        editor.edit(|p| {
            p.people.push(Person {
                id: new_id.into(),
                name: new_name,
                manager: manager.map(Into::into),
                approval_limit,
            })
        });
        for field in [id, name, limit] {
            field.set(String::new());
        }
    };
    view! {
        <tfoot>
            <tr class="add-row" data-testid="new-person">
                <td class="add-person-names">
                    <input type="text" data-testid="new-person-name" placeholder=move || i18n.t(PolicyMsg::Name)
                        aria-label=move || i18n.t(PolicyMsg::Name)
                        prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <input type="text" data-testid="new-person-id" placeholder=move || i18n.t(PolicyMsg::PersonId)
                        aria-label=move || i18n.t(PolicyMsg::PersonId)
                        prop:value=id on:input=move |ev| id.set(event_target_value(&ev))/>
                </td>
                <td data-label=move || i18n.t(PolicyMsg::Manager)>
                    <ManagerSelect editor=editor testid="new-person-manager" me=Signal::derive(move || id.get().trim().to_owned())
                        value=manager on_change=move |v: String| manager.set(v)/>
                </td>
                <td class="num" data-label=move || i18n.t(PolicyMsg::Limit)>
                    <input class="amount" type="text" inputmode="decimal" data-testid="new-person-limit"
                        placeholder=move || i18n.t(PolicyMsg::NoLimitShort) aria-label=move || i18n.t(PolicyMsg::Limit)
                        prop:value=limit on:input=move |ev| limit.set(event_target_value(&ev))/>
                </td>
                <td class="row-actions"><button data-testid="add-person" on:click=add>{move || i18n.t(PolicyMsg::AddPerson)}</button></td>
            </tr>
        </tfoot>
    }
}
