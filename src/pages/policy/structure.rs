//! Cost centres and accounts: the codes a requisition is charged to. An admin renames them, adds
//! new codes and removes them (a cost centre only while no budget or rule names it).

use super::msg::PolicyMsg;
use super::widgets::{cost_centre_ties, refuse_removal};
use super::{tr_now, Editor};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use procura_procurement::approval::policy::{Account, CostCentre, Policy};

/// Which list a table shows; both are (code, name) lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codes {
    CostCentres,
    Accounts,
}

impl Codes {
    fn list(self, p: &Policy) -> Vec<(String, String)> {
        match self {
            Codes::CostCentres => p
                .cost_centres
                .iter()
                .map(|c| (c.code.to_string(), c.name.clone()))
                .collect(),
            Codes::Accounts => p
                .accounts
                .iter()
                .map(|c| (c.code.to_string(), c.name.clone()))
                .collect(),
        }
    }

    fn name_at(self, p: &Policy, index: usize) -> Option<String> {
        match self {
            Codes::CostCentres => p.cost_centres.get(index).map(|c| c.name.clone()),
            Codes::Accounts => p.accounts.get(index).map(|c| c.name.clone()),
        }
    }

    fn rename(self, p: &mut Policy, index: usize, name: String) {
        match self {
            Codes::CostCentres => {
                if let Some(c) = p.cost_centres.get_mut(index) {
                    c.name = name;
                }
            }
            Codes::Accounts => {
                if let Some(c) = p.accounts.get_mut(index) {
                    c.name = name;
                }
            }
        }
    }

    /// Removes the entry at `index` if it still has `code`.
    fn remove(self, p: &mut Policy, index: usize, code: &str) {
        match self {
            Codes::CostCentres if p.cost_centres.get(index).is_some_and(|c| c.code == code) => {
                p.cost_centres.remove(index);
            }
            Codes::Accounts if p.accounts.get(index).is_some_and(|c| c.code == code) => {
                p.accounts.remove(index);
            }
            _ => {}
        }
    }

    fn push(self, p: &mut Policy, code: String, name: String) {
        match self {
            Codes::CostCentres => p.cost_centres.push(CostCentre {
                code: code.into(),
                name,
            }),
            Codes::Accounts => p.accounts.push(Account {
                code: code.into(),
                name,
            }),
        }
    }

    /// Test ids: the section, a row, a name, remove, the new code and name, add.
    fn ids(self) -> [&'static str; 7] {
        match self {
            Codes::CostCentres => [
                "policy-cost-centres",
                "cost-centre-row",
                "cost-centre-name",
                "remove-cost-centre",
                "new-cost-centre-code",
                "new-cost-centre-name",
                "add-cost-centre",
            ],
            Codes::Accounts => [
                "policy-accounts",
                "account-row",
                "account-name",
                "remove-account",
                "new-account-code",
                "new-account-name",
                "add-account",
            ],
        }
    }

    fn title(self) -> PolicyMsg {
        match self {
            Codes::CostCentres => PolicyMsg::CostCentres,
            Codes::Accounts => PolicyMsg::Accounts,
        }
    }

    fn add_label(self) -> PolicyMsg {
        match self {
            Codes::CostCentres => PolicyMsg::AddCostCentre,
            Codes::Accounts => PolicyMsg::AddAccount,
        }
    }
}

#[component]
pub fn Structure(editor: Editor) -> impl IntoView {
    view! {
        <div class="policy-columns">
            <CodeTable editor=editor codes=Codes::CostCentres/>
            <CodeTable editor=editor codes=Codes::Accounts/>
        </div>
    }
}

#[component]
fn CodeTable(editor: Editor, codes: Codes) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let [section_id, _, _, _, new_code_id, new_name_id, add_id] = codes.ids();
    let rows = move || {
        editor
            .with(|p| {
                codes
                    .list(p)
                    .into_iter()
                    .enumerate()
                    .map(|(i, (code, _))| (i, code))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let new_code = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let add = move |_| {
        let code = new_code.get_untracked().trim().to_owned();
        let name = new_name.get_untracked().trim().to_owned();
        if code.is_empty() || name.is_empty() {
            editor.refuse(tr_now(i18n, PolicyMsg::NeedCodeAndName).to_owned());
            return;
        }
        let taken = editor
            .with_untracked(|p| codes.list(p).iter().any(|(c, _)| *c == code))
            .unwrap_or(false);
        if taken {
            editor.refuse(PolicyMsg::taken(i18n.0.get_untracked(), &code));
            return;
        }
        editor.edit(|p| codes.push(p, code, name));
        new_code.set(String::new());
        new_name.set(String::new());
    };
    view! {
        <section class="policy-section" data-testid=section_id>
            <h2>{move || i18n.t(codes.title())}</h2>
            <table class="data compact stack">
                <thead><tr>
                    <th>{move || i18n.t(PolicyMsg::Code)}</th>
                    <th>{move || i18n.t(PolicyMsg::ItemName)}</th>
                    <Show when=move || admin.get()><th><span class="visually-hidden">{move || i18n.t(PolicyMsg::Actions)}</span></th></Show>
                </tr></thead>
                <tbody>
                    <For each=rows key=|row| row.clone()
                        children=move |(i, code)| view! { <CodeRow editor=editor codes=codes index=i code=code/> }/>
                </tbody>
                <Show when=move || admin.get()>
                    <tfoot>
                        <tr class="add-row">
                            <td data-label=move || i18n.t(PolicyMsg::Code)>
                                <input class="code" type="text" data-testid=new_code_id
                                    placeholder=move || i18n.t(PolicyMsg::Code) aria-label=move || i18n.t(PolicyMsg::Code)
                                    prop:value=new_code on:input=move |ev| new_code.set(event_target_value(&ev))/>
                            </td>
                            <td data-label=move || i18n.t(PolicyMsg::ItemName)>
                                <input type="text" data-testid=new_name_id
                                    placeholder=move || i18n.t(PolicyMsg::ItemName) aria-label=move || i18n.t(PolicyMsg::ItemName)
                                    prop:value=new_name on:input=move |ev| new_name.set(event_target_value(&ev))/>
                            </td>
                            <td class="row-actions"><button data-testid=add_id on:click=add>{move || i18n.t(codes.add_label())}</button></td>
                        </tr>
                    </tfoot>
                </Show>
            </table>
            <Show when=move || rows().is_empty()>
                <p class="muted">{move || i18n.t(PolicyMsg::NoEntries)}</p>
            </Show>
        </section>
    }
}

#[component]
fn CodeRow(editor: Editor, codes: Codes, index: usize, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let [_, row_id, name_id, remove_id, ..] = codes.ids();
    let name = move || {
        editor
            .with(|p| codes.name_at(p, index))
            .flatten()
            .unwrap_or_default()
    };
    let this = StoredValue::new(code.clone());
    let remove = move |_| {
        let code = this.get_value();
        let ties = match codes {
            Codes::CostCentres => editor
                .with_untracked(|p| cost_centre_ties(p, &code, i18n))
                .unwrap_or_default(),
            Codes::Accounts => Vec::new(),
        };
        if !refuse_removal(editor, i18n, &code, &ties) {
            editor.edit(|p| codes.remove(p, index, &code));
        }
    };
    view! {
        <tr data-testid=row_id data-code=code.clone()>
            <td data-label=move || i18n.t(PolicyMsg::Code)><code>{code.clone()}</code></td>
            <td data-label=move || i18n.t(PolicyMsg::ItemName)>
                {move || if admin.get() {
                    view! {
                        <input type="text" data-testid=name_id aria-label=move || i18n.t(PolicyMsg::ItemName)
                            prop:value=name
                            on:change=move |ev| {
                                let v = event_target_value(&ev).trim().to_owned();
                                editor.edit(|p| codes.rename(p, index, v));
                            }/>
                    }.into_any()
                } else {
                    view! { <span data-testid=name_id>{name}</span> }.into_any()
                }}
            </td>
            <Show when=move || admin.get()>
                <td class="row-actions">
                    <button class="link-button" data-testid=remove_id on:click=remove>
                        {move || i18n.t(PolicyMsg::Remove)}
                    </button>
                </td>
            </Show>
        </tr>
    }
}
