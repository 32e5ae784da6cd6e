//! An admin's fields for one rule: id and name, the condition (minimum total, cost centres,
//! UNSPSC segments, suppliers, non-catalog lines) and the approvers (a manager chain of 1–5
//! levels, or an all-of / any-of group of people). Each change edits the draft at once.

use super::msg::PolicyMsg;
use super::widgets::{parse_segments, MultiSelect};
use super::Editor;
use crate::i18n::use_i18n;
use crate::state::use_app;
use leptos::prelude::*;
use procura_ground::id::UserId;
use procura_procurement::approval::policy::{Approvers, Condition, GroupMode, Rule};

/// The deepest chain offered (a policy file may ask for more; it is then offered too).
const MAX_LEVELS: u8 = 5;

fn edit_rule(editor: Editor, index: usize, f: impl FnOnce(&mut Rule)) {
    editor.edit(|p| {
        if let Some(rule) = p.rules.get_mut(index) {
            f(rule);
        }
    });
}

fn edit_when(editor: Editor, index: usize, f: impl FnOnce(&mut Condition)) {
    edit_rule(editor, index, |r| f(&mut r.when));
}

#[component]
pub fn RuleFields(editor: Editor, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let rule = Memo::new(move |_| editor.with(|p| p.rules.get(index).cloned()).flatten());
    let field =
        move |f: fn(&Rule) -> String| move || rule.with(|r| r.as_ref().map(f).unwrap_or_default());
    let list = move |f: fn(&Condition) -> Vec<String>| {
        Signal::derive(move || {
            rule.with(|r| r.as_ref().map(|r| f(&r.when)))
                .unwrap_or_default()
        })
    };
    let centres = Signal::derive(move || {
        editor
            .with(|p| {
                p.cost_centres
                    .iter()
                    .map(|c| (c.code.to_string(), format!("{} {}", c.code, c.name)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let suppliers = Signal::derive(move || {
        let lang = i18n.lang();
        app.suppliers.with(|all| {
            all.iter()
                .map(|s| (s.id.to_string(), s.name.get(lang).to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let chain = Memo::new(move |_| {
        rule.with(|r| {
            r.as_ref()
                .is_none_or(|r| matches!(r.approvers, Approvers::ManagerChain { .. }))
        })
    });
    let on_min_total = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let value = if text.trim().is_empty() {
            Some(None)
        } else {
            editor.amount(&text, i18n).map(Some)
        };
        if let Some(v) = value {
            edit_when(editor, index, |w| w.min_total = v);
        }
    };
    let on_segments = move |ev: leptos::ev::Event| match parse_segments(&event_target_value(&ev)) {
        Ok(list) => edit_when(editor, index, |w| w.segments = list),
        Err(part) => editor.refuse(PolicyMsg::not_a_segment(i18n.0.get_untracked(), &part)),
    };
    let on_kind = move |ev: leptos::ev::Event| {
        let approvers = if event_target_value(&ev) == "group" {
            Approvers::Group {
                mode: GroupMode::AnyOf,
                members: Vec::new(),
            }
        } else {
            Approvers::ManagerChain { levels: 1 }
        };
        edit_rule(editor, index, |r| r.approvers = approvers);
    };
    view! {
        <div class="rule-fields" data-testid="rule-fields">
            <label class="rule-field">
                <span>{move || i18n.t(PolicyMsg::ItemName)}</span>
                <input type="text" data-testid="rule-name" prop:value=field(|r| r.name.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_owned();
                        edit_rule(editor, index, |r| r.name = v);
                    }/>
            </label>
            <label class="rule-field">
                <span>{move || i18n.t(PolicyMsg::RuleId)}</span>
                <input type="text" class="code" data-testid="rule-id" prop:value=field(|r| r.id.clone())
                    title=move || i18n.t(PolicyMsg::RuleIdNote)
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_owned();
                        edit_rule(editor, index, |r| r.id = v);
                    }/>
            </label>
            <fieldset class="rule-group">
                <legend>{move || i18n.t(PolicyMsg::Condition)}</legend>
                <label class="rule-field">
                    <span>{move || i18n.t(PolicyMsg::MinTotal)}</span>
                    <input class="amount" type="text" inputmode="decimal" data-testid="rule-min-total"
                        placeholder=move || i18n.t(PolicyMsg::AnyAmount)
                        prop:value=field(|r| r.when.min_total.map(|m| m.to_string()).unwrap_or_default())
                        on:change=on_min_total/>
                </label>
                <label class="rule-field">
                    <span>{move || i18n.t(PolicyMsg::Segments)}</span>
                    <input type="text" data-testid="rule-segments" placeholder=move || i18n.t(PolicyMsg::SegmentsHint)
                        prop:value=field(|r| r.when.segments.join(", "))
                        on:change=on_segments/>
                </label>
                <label class="rule-field">
                    <span>{move || i18n.t(PolicyMsg::CostCentres)}</span>
                    <MultiSelect testid="rule-cost-centres" options=centres selected={list(|w| w.cost_centres.iter().map(|c| c.to_string()).collect())}
                        on_change={move |v: Vec<String>| edit_when(editor, index, |w| w.cost_centres = v.into_iter().map(Into::into).collect())}/>
                </label>
                <label class="rule-field">
                    <span>{move || i18n.t(PolicyMsg::Suppliers)}</span>
                    <MultiSelect testid="rule-suppliers" options=suppliers selected={list(|w| w.suppliers.iter().map(|s| s.to_string()).collect())}
                        on_change={move |v: Vec<String>| edit_when(editor, index, |w| w.suppliers = v.into_iter().map(Into::into).collect())}/>
                </label>
                <label class="rule-check">
                    <input type="checkbox" data-testid="rule-non-catalog"
                        prop:checked=move || rule.with(|r| r.as_ref().is_some_and(|r| r.when.non_catalog))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit_when(editor, index, |w| w.non_catalog = on);
                        }/>
                    {move || i18n.t(PolicyMsg::NonCatalog)}
                </label>
                <p class="muted small rule-note">{move || i18n.t(PolicyMsg::AnyWhenEmpty)}</p>
            </fieldset>
            <fieldset class="rule-group">
                <legend>{move || i18n.t(PolicyMsg::Approvers)}</legend>
                <label class="rule-field">
                    <span>{move || i18n.t(PolicyMsg::Kind)}</span>
                    <select data-testid="rule-kind" on:change=on_kind>
                        <option value="chain" prop:selected=move || chain.get()>{move || i18n.t(PolicyMsg::KindChain)}</option>
                        <option value="group" prop:selected=move || !chain.get()>{move || i18n.t(PolicyMsg::KindGroup)}</option>
                    </select>
                </label>
                {move || if chain.get() {
                    view! { <ChainFields editor=editor index=index rule=rule/> }.into_any()
                } else {
                    view! { <GroupFields editor=editor index=index rule=rule/> }.into_any()
                }}
            </fieldset>
        </div>
    }
}

#[component]
fn ChainFields(editor: Editor, index: usize, rule: Memo<Option<Rule>>) -> impl IntoView {
    let i18n = use_i18n();
    let levels = move || {
        rule.with(|r| match r.as_ref().map(|r| &r.approvers) {
            Some(Approvers::ManagerChain { levels }) => *levels,
            _ => 1,
        })
    };
    let choices = move || (1..=MAX_LEVELS.max(levels())).collect::<Vec<u8>>();
    view! {
        <label class="rule-field">
            <span>{move || i18n.t(PolicyMsg::Levels)}</span>
            <select data-testid="rule-levels"
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u8>() {
                        edit_rule(editor, index, |r| r.approvers = Approvers::ManagerChain { levels: n });
                    }
                }>
                {move || choices().into_iter().map(|n| view! {
                    <option value=n.to_string() prop:selected=move || levels() == n>{n.to_string()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn GroupFields(editor: Editor, index: usize, rule: Memo<Option<Rule>>) -> impl IntoView {
    let i18n = use_i18n();
    let any_of = move || {
        rule.with(|r| {
            !matches!(
                r.as_ref().map(|r| &r.approvers),
                Some(Approvers::Group {
                    mode: GroupMode::AllOf,
                    ..
                })
            )
        })
    };
    let members = Signal::derive(move || {
        rule.with(|r| match r.as_ref().map(|r| &r.approvers) {
            Some(Approvers::Group { members, .. }) => {
                members.iter().map(|m| m.to_string()).collect()
            }
            _ => Vec::new(),
        })
    });
    let people = Signal::derive(move || {
        editor
            .with(|p| {
                p.people
                    .iter()
                    .map(|x| (x.id.to_string(), x.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let set_group = move |f: &dyn Fn(&mut GroupMode, &mut Vec<UserId>)| {
        edit_rule(editor, index, |r| {
            if let Approvers::Group { mode, members } = &mut r.approvers {
                f(mode, members);
            }
        });
    };
    view! {
        <label class="rule-field">
            <span>{move || i18n.t(PolicyMsg::GroupMode)}</span>
            <select data-testid="rule-mode"
                on:change=move |ev| {
                    let all = event_target_value(&ev) == "all_of";
                    set_group(&|mode, _| *mode = if all { GroupMode::AllOf } else { GroupMode::AnyOf });
                }>
                <option value="any_of" prop:selected=any_of>{move || i18n.t(PolicyMsg::AnyOf)}</option>
                <option value="all_of" prop:selected=move || !any_of()>{move || i18n.t(PolicyMsg::AllOf)}</option>
            </select>
        </label>
        <label class="rule-field">
            <span>{move || i18n.t(PolicyMsg::Members)}</span>
            <MultiSelect testid="rule-members" options=people selected=members
                on_change={move |v: Vec<String>| set_group(&|_, members| *members = v.iter().map(Into::into).collect())}/>
        </label>
    }
}
