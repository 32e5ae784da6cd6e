//! The pairwise comparison control and the judgements as the form holds them.
//!
//! The form keeps each judgement as a slider position from −8 to 8: left of the middle, the
//! left item is preferred (−2 is 3, −8 is 9 on Saaty's scale), right of it the right item
//! (the reciprocal), 0 is equal. Moving the slider is all there is to the reciprocal: the
//! lower triangle of the matrix follows by itself.

use super::msg::{verbal, SelMsg};
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use procura_suppliers::ahp::Judgement;

/// Slider position → Saaty judgement of the row item (left) over the column item (right).
pub fn to_judgement(position: i8) -> Judgement {
    let p = position.clamp(-8, 8);
    let value = if p <= 0 {
        f64::from(1 - p)
    } else {
        1.0 / f64::from(1 + p)
    };
    Judgement::nearest(value)
}

/// Saaty judgement → slider position.
pub fn to_position(j: Judgement) -> i8 {
    let v = j.value();
    if v >= 1.0 {
        -((v.round() as i8) - 1).clamp(0, 8)
    } else {
        (((1.0 / v).round() as i8) - 1).clamp(0, 8)
    }
}

/// Index of the pair (i, j), i < j, in an upper triangle kept row by row.
pub fn pair_index(n: usize, i: usize, j: usize) -> usize {
    debug_assert!(i < j && j < n);
    i * n - i * (i + 1) / 2 + (j - i - 1)
}

/// The pairs (i, j), i < j, in the order of the upper triangle.
pub fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect()
}

/// Judgements for a new list of keys, keeping every judgement whose two items are still there
/// (turned round if their order changed); new pairs start equal.
pub fn carry_over(old_keys: &[String], old: &[i8], new_keys: &[String]) -> Vec<i8> {
    let at = |key: &str| old_keys.iter().position(|k| k == key);
    pairs(new_keys.len())
        .into_iter()
        .map(|(i, j)| match (at(&new_keys[i]), at(&new_keys[j])) {
            (Some(a), Some(b)) if a < b => old
                .get(pair_index(old_keys.len(), a, b))
                .copied()
                .unwrap_or(0),
            (Some(a), Some(b)) if a > b => -old
                .get(pair_index(old_keys.len(), b, a))
                .copied()
                .unwrap_or(0),
            _ => 0,
        })
        .collect()
}

/// A judgement on Saaty's notation: `5`, `1/5`, `1`.
pub fn notation(value: f64) -> String {
    if !value.is_finite() || value <= 0.0 {
        return "—".to_owned();
    }
    if value >= 1.0 {
        trim(value)
    } else {
        format!("1/{}", trim(1.0 / value))
    }
}

fn trim(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{:.0}", v.round())
    } else {
        format!("{v:.1}")
    }
}

/// What a slider position says: "Price · 3 · moderately more important", or "equal".
pub fn describe(lang: Lang, position: i8, left: &str, right: &str) -> String {
    let k = position.unsigned_abs() + 1;
    match position {
        0 => SelMsg::Equal.text(lang).to_owned(),
        p if p < 0 => SelMsg::stronger(lang, left, k, verbal(lang, k)),
        _ => SelMsg::stronger(lang, right, k, verbal(lang, k)),
    }
}

/// One comparison: the two names either side of a slider, and what the position means.
#[component]
pub fn PairSlider(
    left: String,
    right: String,
    /// The slider position, −8 … 8.
    value: Signal<i8>,
    on_change: Callback<i8>,
    #[prop(into)] disabled: Signal<bool>,
    /// Marked as the most inconsistent judgement.
    #[prop(into)]
    flagged: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (l, r) = (left.clone(), right.clone());
    let (l2, r2) = (left.clone(), right.clone());
    let (l3, r3) = (left.clone(), right.clone());
    let said = move || describe(i18n.lang(), value.get(), &l, &r);
    // Shown in parts, so the name (data) is marked apart from the words (UI).
    let shown = move || {
        let lang = i18n.lang();
        let p = value.get();
        let k = p.unsigned_abs() + 1;
        if p == 0 {
            return view! { <span>{SelMsg::Equal.text(lang)}</span> }.into_any();
        }
        let name = if p < 0 { l3.clone() } else { r3.clone() };
        view! { <span data-content="">{name}</span> " · " {k} " · " <span>{verbal(lang, k)}</span> }
            .into_any()
    };
    view! {
        <div class="pair" class:flagged=move || flagged.get() data-testid="pair">
            <span class="pair-left" data-content="">{left}</span>
            <input type="range" min="-8" max="8" step="1"
                aria-label=move || SelMsg::versus(i18n.lang(), &l2, &r2)
                aria-valuetext=said.clone()
                prop:value=move || value.get().to_string()
                prop:disabled=move || disabled.get()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<i8>() {
                        on_change.run(v.clamp(-8, 8));
                    }
                }/>
            <span class="pair-right" data-content="">{right}</span>
            <output class="pair-said" data-testid="pair-said">{shown}</output>
        </div>
    }
}
