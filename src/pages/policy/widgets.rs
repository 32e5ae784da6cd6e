//! Small pieces the policy sections share: a multi-select bound to a list of ids, the parsing
//! of what an admin types, and the checks that keep a removal from leaving dangling references.

use super::msg::PolicyMsg;
use crate::i18n::I18n;
use leptos::prelude::*;
use procura_procurement::approval::policy::{Approvers, Policy, Rule};
use rust_decimal::Decimal;
use wasm_bindgen::JsValue;

pub fn money(lang: crate::i18n::Lang, amount: Decimal, policy: &Policy) -> String {
    crate::ui::format::money(lang, amount, &policy.currency)
}

/// A `<select multiple>` over `options` (value, label) showing `selected`. Ids selected but not
/// among the options (a supplier this device has not heard of) stay listed, so a change does
/// not drop them silently.
#[component]
pub fn MultiSelect(
    testid: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
) -> impl IntoView {
    let all = move || {
        let mut all = options.get();
        for id in selected.get() {
            if !all.iter().any(|(v, _)| *v == id) {
                all.push((id.clone(), id));
            }
        }
        all
    };
    view! {
        <select multiple=true class="multi" data-testid=testid
            size=move || all().len().clamp(2, 6).to_string()
            on:change=move |ev| on_change.run(selected_values(&ev))>
            {move || all().into_iter().map(|(value, label)| {
                let on = value.clone();
                view! {
                    <option value=value prop:selected=move || selected.with(|s| s.contains(&on))>{label}</option>
                }
            }).collect_view()}
        </select>
    }
}

/// The values of the options selected in the `<select multiple>` an event came from.
fn selected_values(ev: &leptos::ev::Event) -> Vec<String> {
    let Some(target) = ev.target() else {
        return Vec::new();
    };
    let options = js_sys::Reflect::get(target.as_ref(), &JsValue::from_str("selectedOptions"))
        .unwrap_or(JsValue::UNDEFINED);
    if options.is_undefined() || options.is_null() {
        return Vec::new();
    }
    js_sys::Array::from(&options)
        .iter()
        .filter_map(|o| {
            js_sys::Reflect::get(&o, &JsValue::from_str("value"))
                .ok()?
                .as_string()
        })
        .collect()
}

/// "43, 44" (commas, semicolons or spaces) as two-digit UNSPSC segments, or the first part
/// that is not one.
pub fn parse_segments(text: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    for part in text.split(|c: char| matches!(c, ',' | '，' | ';' | '；') || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(part.to_owned());
        }
        if !segments.iter().any(|s| s == part) {
            segments.push(part.to_owned());
        }
    }
    Ok(segments)
}

/// `rule-N`, the first not used yet (N from the number of rules + 1).
pub fn new_rule_id(rules: &[Rule]) -> String {
    (rules.len() + 1..)
        .map(|n| format!("rule-{n}"))
        .find(|id| !rules.iter().any(|r| r.id == *id))
        .unwrap_or_default()
}

fn rule_label(rule: &Rule) -> String {
    if rule.name.trim().is_empty() {
        rule.id.clone()
    } else {
        format!("{} ({})", rule.name, rule.id)
    }
}

/// Why `person` cannot leave the policy yet (empty: they can): someone reports to them, a rule's
/// group names them, or they are the escalation approver.
pub fn person_ties(policy: &Policy, person: &str, i18n: I18n) -> Vec<String> {
    let mut why = Vec::new();
    let reports = policy
        .people
        .iter()
        .filter(|p| p.manager.as_ref().map(|i| i.as_str()) == Some(person))
        .map(|p| p.name.clone())
        .collect::<Vec<_>>();
    if !reports.is_empty() {
        why.push(PolicyMsg::why_manager(
            i18n.0.get_untracked(),
            reports.join(", "),
        ));
    }
    let rules = policy
        .rules
        .iter()
        .filter(|r| matches!(&r.approvers, Approvers::Group { members, .. } if members.iter().any(|m| m == person)))
        .map(rule_label)
        .collect::<Vec<_>>();
    if !rules.is_empty() {
        why.push(PolicyMsg::why_member(
            i18n.0.get_untracked(),
            rules.join(", "),
        ));
    }
    if policy.escalation_fallback.as_ref().map(|i| i.as_str()) == Some(person) {
        why.push(super::tr_now(i18n, PolicyMsg::WhyFallback).to_owned());
    }
    why
}

/// Why cost centre `code` cannot leave the policy yet: budgets or rule conditions name it.
pub fn cost_centre_ties(policy: &Policy, code: &str, i18n: I18n) -> Vec<String> {
    let mut why = Vec::new();
    if policy.budgets.iter().any(|b| b.cost_centre == code) {
        why.push(super::tr_now(i18n, PolicyMsg::WhyBudgets).to_owned());
    }
    let rules = policy
        .rules
        .iter()
        .filter(|r| r.when.cost_centres.iter().any(|c| c == code))
        .map(rule_label)
        .collect::<Vec<_>>();
    if !rules.is_empty() {
        why.push(PolicyMsg::why_rules(
            i18n.0.get_untracked(),
            rules.join(", "),
        ));
    }
    why
}

/// Says why `what` cannot be removed, when `why` is not empty.
pub fn refuse_removal(editor: super::Editor, i18n: I18n, what: &str, why: &[String]) -> bool {
    if why.is_empty() {
        return false;
    }
    let sep = super::tr_now(i18n, PolicyMsg::Sep);
    editor.refuse(PolicyMsg::in_use(
        i18n.0.get_untracked(),
        what,
        why.join(sep),
    ));
    true
}
