//! The rules that build a requisition's route, in order, each with its condition and approvers
//! in plain words. An admin adds, removes and reorders rules and edits each one's fields
//! ([`super::rule_edit`]).

use super::msg::PolicyMsg;
use super::widgets::{money, new_rule_id};
use super::{tr_now, Editor};
use crate::i18n::{use_i18n, I18n};
use crate::state::use_app;
use leptos::prelude::*;
use procura_procurement::approval::policy::{Approvers, Condition, GroupMode, Policy, Rule};

/// "the net total is at least 10,000.00 CNY and a line is in UNSPSC segment 43 (IT…)".
fn condition_text(
    when: &Condition,
    policy: &Policy,
    i18n: I18n,
    supplier_name: &dyn Fn(&str) -> String,
) -> String {
    let lang = i18n.lang();
    let or = i18n.t(PolicyMsg::Or);
    let mut parts = Vec::new();
    if let Some(min) = when.min_total {
        parts.push(PolicyMsg::cond_min_total(
            i18n.lang(),
            money(i18n.lang(), min, policy),
        ));
    }
    if !when.cost_centres.is_empty() {
        let list = when
            .cost_centres
            .iter()
            .map(
                |c| match policy.cost_centres.iter().find(|x| x.code == *c) {
                    Some(x) => format!("{} ({})", x.code, x.name),
                    None => c.to_string(),
                },
            )
            .collect::<Vec<_>>()
            .join(or);
        parts.push(PolicyMsg::cond_cost_centres(i18n.lang(), &list));
    }
    if !when.segments.is_empty() {
        let list = when
            .segments
            .iter()
            .map(|s| match procura_catalog::unspsc::segment_name(s) {
                Some(name) => format!("{s} ({})", name.get(lang)),
                None => s.clone(),
            })
            .collect::<Vec<_>>()
            .join(or);
        parts.push(PolicyMsg::cond_segments(i18n.lang(), &list));
    }
    if !when.suppliers.is_empty() {
        let list = when
            .suppliers
            .iter()
            .map(|s| supplier_name(s.as_str()))
            .collect::<Vec<_>>()
            .join(or);
        parts.push(PolicyMsg::cond_suppliers(i18n.lang(), &list));
    }
    if when.non_catalog {
        parts.push(i18n.t(PolicyMsg::CondNonCatalog).to_owned());
    }
    if parts.is_empty() {
        return i18n.t(PolicyMsg::Always).to_owned();
    }
    let text = parts.join(i18n.t(PolicyMsg::And));
    // Sentence case for the English text.
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn approvers_text(rule: &Rule, policy: &Policy, i18n: I18n) -> String {
    match &rule.approvers {
        Approvers::ManagerChain { levels } => PolicyMsg::chain(i18n.lang(), *levels),
        Approvers::Group { mode, members } => {
            let names = members
                .iter()
                .map(|m| policy.name_of(m.as_str()).to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            match mode {
                GroupMode::AnyOf => PolicyMsg::group_any(i18n.lang(), &names),
                GroupMode::AllOf => PolicyMsg::group_all(i18n.lang(), &names),
            }
        }
    }
}

#[component]
pub fn Rules(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let rows = move || {
        editor
            .with(|p| {
                p.rules
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (i, r.id.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let count = Signal::derive(move || editor.with(|p| p.rules.len()).unwrap_or_default());
    let add = move |_| {
        let name = tr_now(i18n, PolicyMsg::NewRule).to_owned();
        editor.edit(|p| {
            let id = new_rule_id(&p.rules);
            p.rules.push(Rule {
                id,
                name,
                when: Condition::default(),
                approvers: Approvers::ManagerChain { levels: 1 },
            });
        });
    };
    view! {
        <section class="policy-section" data-testid="policy-rules">
            <h2>{move || i18n.t(PolicyMsg::Rules)}</h2>
            <p class="muted">{move || i18n.t(PolicyMsg::RulesNote)}</p>
            <ol class="rule-list">
                <For each=rows key=|row| row.clone()
                    children=move |(i, id)| view! { <RuleItem editor=editor index=i id=id count=count/> }/>
            </ol>
            <Show when=move || count.get() == 0>
                <p class="muted" data-testid="no-rules">{move || i18n.t(PolicyMsg::NoRules)}</p>
            </Show>
            <Show when=move || admin.get()>
                <button data-testid="add-rule" on:click=add>{move || i18n.t(PolicyMsg::AddRule)}</button>
            </Show>
        </section>
    }
}

#[component]
fn RuleItem(editor: Editor, index: usize, id: String, count: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let admin = editor.admin;
    let supplier_name = move |id: &str| {
        app.suppliers.with(|all| {
            all.iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.get(i18n.lang()).to_owned())
        })
    };
    let name = move || {
        editor
            .with(|p| p.rules.get(index).map(|r| r.name.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let chain = move || {
        editor
            .with(|p| {
                p.rules
                    .get(index)
                    .is_some_and(|r| matches!(r.approvers, Approvers::ManagerChain { .. }))
            })
            .unwrap_or(false)
    };
    let when = move || {
        editor
            .with(|p| {
                p.rules
                    .get(index)
                    .map(|r| condition_text(&r.when, p, i18n, &supplier_name))
            })
            .flatten()
            .unwrap_or_default()
    };
    let who = move || {
        editor
            .with(|p| p.rules.get(index).map(|r| approvers_text(r, p, i18n)))
            .flatten()
            .unwrap_or_default()
    };
    let moved = move |to: usize| {
        editor.edit(|p| {
            if index < p.rules.len() && to < p.rules.len() {
                p.rules.swap(index, to);
            }
        })
    };
    let remove = move |_| {
        editor.edit(|p| {
            if index < p.rules.len() {
                p.rules.remove(index);
            }
        })
    };
    view! {
        <li class="rule" data-testid="policy-rule" data-id=id.clone()>
            <div data-testid="rule-row" data-id=id.clone()>
                <div class="rule-head">
                    <strong data-testid="rule-title">{name}</strong>
                    <code class="muted small">{id.clone()}</code>
                    <span class=move || if chain() { "tag chain" } else { "tag group" }>
                        {move || i18n.t(if chain() { PolicyMsg::RuleChain } else { PolicyMsg::RuleGroup })}
                    </span>
                    <Show when=move || admin.get()>
                        <span class="rule-actions">
                            <button class="icon" data-testid="rule-up" disabled=move || index == 0
                                title=move || i18n.t(PolicyMsg::MoveUp) aria-label=move || i18n.t(PolicyMsg::MoveUp)
                                on:click=move |_| { if index > 0 { moved(index - 1) } }>"↑"</button>
                            <button class="icon" data-testid="rule-down" disabled={move || index + 1 >= count.get()}
                                title=move || i18n.t(PolicyMsg::MoveDown) aria-label=move || i18n.t(PolicyMsg::MoveDown)
                                on:click=move |_| moved(index + 1)>"↓"</button>
                            <button class="danger-outline" data-testid="remove-rule" on:click=remove>
                                {move || i18n.t(PolicyMsg::Remove)}
                            </button>
                        </span>
                    </Show>
                </div>
                <dl class="rule-body">
                    <dt>{move || i18n.t(PolicyMsg::When)}</dt><dd data-testid="rule-when">{when}</dd>
                    <dt>{move || i18n.t(PolicyMsg::Approvers)}</dt><dd data-testid="rule-approvers">{who}</dd>
                </dl>
                <Show when=move || admin.get()>
                    <super::rule_edit::RuleFields editor=editor index=index/>
                </Show>
            </div>
        </li>
    }
}
