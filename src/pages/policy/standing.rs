//! Supplier standings: how the organisation weighs each performance measure and where the
//! bands begin (blocked, warning, fair, good). Everyone reads them; an admin edits them. A
//! blocked supplier's items cannot be requisitioned or ordered (the hub refuses), a warned one
//! is flagged in the cart, the requisition and the approver's view.

use super::Editor;
use crate::i18n::use_i18n;
use crate::pages::suppliers::performance::{metric_msg, PerfMsg};
use leptos::prelude::*;
use procura_suppliers::performance::{MetricKind, StandingPolicy, MAX_WEIGHT};

crate::i18n::messages!(StandingMsg {
    Title => "Supplier standings", "供应商绩效等级";
    Note => "Scores run from 0 to 100, computed from orders, receipts and evaluations over the last four quarters with data. A measure's weight is relative to the others; 0 leaves it out.", "得分范围 0–100，根据最近四个有数据季度的订单、收货和评价计算。各指标权重相对计算；权重为 0 表示不计入。";
    Weight => "Weight", "权重";
    BlockedBelow => "Blocked below", "低于此分停用";
    WarnBelow => "Warning below", "低于此分警告";
    GoodFrom => "Good from", "不低于此分为良好";
    WholeNumber => "Enter a whole number from 0 to 100.", "请输入 0 到 100 之间的整数。";
});

fn weight_of(p: &StandingPolicy, kind: MetricKind) -> u32 {
    p.weight(kind)
}

fn set_weight(p: &mut StandingPolicy, kind: MetricKind, w: u32) {
    p.weights.retain(|(k, _)| *k != kind);
    p.weights.push((kind, w));
    p.weights.sort();
}

/// A whole number 0..=100 typed into a field, or `None`.
fn parse_score(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|v| *v <= MAX_WEIGHT)
}

#[component]
pub fn StandingEditor(editor: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let admin = editor.admin;
    let standing = move || editor.with(|p| p.supplier_standing.clone());
    let band = move |label: StandingMsg,
                     testid: &'static str,
                     get: fn(&StandingPolicy) -> u32,
                     set: fn(&mut StandingPolicy, u32)| {
        view! {
            <label>{move || i18n.t(label)}
                <input type="number" min="0" max="100" step="1" inputmode="numeric" data-testid=testid
                    prop:disabled=move || !admin.get()
                    prop:value=move || standing().map(|s| get(&s).to_string()).unwrap_or_default()
                    on:change=move |ev| match parse_score(&event_target_value(&ev)) {
                        Some(v) => editor.edit(|p| set(&mut p.supplier_standing, v)),
                        None => editor.refuse(StandingMsg::WholeNumber.text(i18n.0.get_untracked()).to_owned()),
                    }/>
            </label>
        }
    };
    view! {
        <section class="policy-section" data-testid="policy-standing">
            <h2>{move || i18n.t(StandingMsg::Title)}</h2>
            <p class="muted small">{move || i18n.t(StandingMsg::Note)}</p>
            <div class="standing-bands">
                {band(StandingMsg::BlockedBelow, "band-blocked", |s| s.blocked_below, |s, v| s.blocked_below = v)}
                {band(StandingMsg::WarnBelow, "band-warn", |s| s.warn_below, |s, v| s.warn_below = v)}
                {band(StandingMsg::GoodFrom, "band-good", |s| s.good_from, |s, v| s.good_from = v)}
            </div>
            <p class="muted small">
                <span class="standing blocked">{move || i18n.t(PerfMsg::Blocked)}</span> " "
                <span class="standing warn">{move || i18n.t(PerfMsg::Warn)}</span> " "
                <span class="standing fair">{move || i18n.t(PerfMsg::Fair)}</span> " "
                <span class="standing good">{move || i18n.t(PerfMsg::Good)}</span>
            </p>
            <h3>{move || i18n.t(StandingMsg::Weight)}</h3>
            <div class="standing-bands standing-weights">
                {MetricKind::ALL.into_iter().map(|kind| view! {
                    <label>{move || i18n.t(metric_msg(kind))}
                        <input type="number" min="0" max="100" step="1" inputmode="numeric"
                            data-testid=format!("weight-{}", kind.as_str())
                            prop:disabled=move || !admin.get()
                            prop:value=move || standing().map(|s| weight_of(&s, kind).to_string()).unwrap_or_default()
                            on:change=move |ev| match parse_score(&event_target_value(&ev)) {
                                Some(v) => editor.edit(|p| set_weight(&mut p.supplier_standing, kind, v)),
                                None => editor.refuse(StandingMsg::WholeNumber.text(i18n.0.get_untracked()).to_owned()),
                            }/>
                    </label>
                }).collect_view()}
            </div>
        </section>
    }
}
