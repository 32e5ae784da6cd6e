//! Supplier evaluations on the Suppliers page: the organisation's scorecard for one supplier,
//! everyone's evaluations, and the form to write or change one's own. Saving queues a change
//! (it works offline); the hub decides, and a refusal shows in the sync status.

use crate::i18n::{use_i18n, Msg};
use crate::state::use_app;
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_ground::date::Entered;
use procura_suppliers::scorecard::{
    quarter_of, scorecards, Criterion, Evaluation, EvaluationDraft, Scores, CRITERIA,
};
use procura_sync::sync::{Op, Record, RecordKey};

pub fn criterion_msg(criterion: Criterion) -> Msg {
    match criterion {
        Criterion::Quality => Msg::CriterionQuality,
        Criterion::Delivery => Msg::CriterionDelivery,
        Criterion::Price => Msg::CriterionPrice,
        Criterion::Service => Msg::CriterionService,
    }
}

/// The evaluations of `supplier_id` on this device (pulled, with queued changes on top).
fn evaluations_of(app: crate::state::AppState, supplier_id: &str) -> Vec<Evaluation> {
    app.work.with(|w| {
        let mut list: Vec<Evaluation> = w
            .records
            .values()
            .filter_map(|r| match r {
                Record::Evaluation(e) if e.supplier_id == supplier_id => Some(e.clone()),
                _ => None,
            })
            .collect();
        list.sort_by(|a, b| {
            b.period
                .cmp(&a.period)
                .then(b.updated_at_ms.cmp(&a.updated_at_ms))
        });
        list
    })
}

/// The current quarter and the three before it.
fn recent_quarters() -> Vec<String> {
    let now = js_sys::Date::new_0();
    let (mut year, mut month) = (now.get_full_year() as u16, now.get_month() as u8 + 1);
    let mut quarters = Vec::new();
    for _ in 0..4 {
        quarters.push(quarter_of(year, month).to_string());
        if month <= 3 {
            year -= 1;
            month += 9;
        } else {
            month -= 3;
        }
    }
    quarters
}

/// One supplier's scorecard line for the table.
pub fn scorecard_line(
    app: crate::state::AppState,
    supplier_id: &str,
    i18n: crate::i18n::I18n,
) -> String {
    let evaluations = evaluations_of(app, supplier_id);
    match scorecards(&evaluations).remove(supplier_id) {
        Some(card) => format!(
            "{} / 5 · {}",
            card.overall,
            Msg::evaluations_count(i18n.lang(), card.evaluations)
        ),
        None => i18n.t(Msg::NotEvaluated).to_owned(),
    }
}

#[component]
pub fn SupplierEvaluations(
    supplier_id: String,
    #[prop(into)] supplier_name: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let me = app
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.id.clone()))
        .unwrap_or_default();
    let supplier = StoredValue::new(supplier_id.clone());
    let evaluations = Memo::new(move |_| evaluations_of(app, &supplier.get_value()));
    let card =
        Memo::new(move |_| evaluations.with(|e| scorecards(e).remove(&supplier.get_value())));
    let pending = Memo::new(move |_| {
        app.work.with(|w| {
            w.pending
                .iter()
                .map(|m| m.op.key())
                .collect::<Vec<RecordKey>>()
        })
    });
    // The form: a new evaluation, or the one being edited.
    let editing = RwSignal::new(None::<String>);
    let period = RwSignal::new(recent_quarters()[0].clone());
    let scores = RwSignal::new(Scores {
        quality: 3,
        delivery: 3,
        price: 3,
        service: 3,
    });
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reset_form = move || {
        editing.set(None);
        period.set(recent_quarters()[0].clone());
        scores.set(Scores {
            quality: 3,
            delivery: 3,
            price: 3,
            service: 3,
        });
        comment.set(String::new());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = EvaluationDraft {
            id: editing
                .get_untracked()
                .unwrap_or_else(crate::device::random_uuid),
            supplier_id: supplier.get_value().into(),
            // The select's `YYYY-Qn`, as chosen (`validate` refuses what is not a quarter).
            period: Entered::parse(&period.get_untracked()),
            scores: scores.get_untracked(),
            comment: comment.get_untracked(),
        };
        if let Err(e) = draft.validate() {
            error.set(Some(crate::i18n::reasons::text(
                i18n.0.get_untracked(),
                &e.reason(),
            )));
            return;
        }
        error.set(None);
        spawn_local(async move {
            match records::queue(app, Op::SaveEvaluation { evaluation: draft }).await {
                Ok(()) => reset_form(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let edit = move |e: &Evaluation| {
        editing.set(Some(e.id.clone()));
        period.set(e.period.to_string());
        scores.set(e.scores);
        comment.set(e.comment.clone());
    };
    let delete = move |id: String| {
        spawn_local(async move {
            if let Err(e) = records::queue(app, Op::DeleteEvaluation { id }).await {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <section class="evaluations" data-testid="evaluations">
            <h2>{move || i18n.t(Msg::EvaluationsOf)} " · " {supplier_name}</h2>
            <p class="muted">{move || i18n.t(Msg::ScoreScale)}</p>
            {move || card.get().map(|card| view! {
                <dl class="scorecard" data-testid="scorecard">
                    <dt>{move || i18n.t(Msg::Overall)}</dt>
                    <dd data-testid="overall">{card.overall.to_string()}</dd>
                    {card.averages.iter().map(|(c, avg)| {
                        let c = *c;
                        view! { <dt>{move || i18n.t(criterion_msg(c))}</dt><dd>{avg.to_string()}</dd> }
                    }).collect_view()}
                </dl>
            })}
            <form class="evaluation-form" on:submit=save data-testid="evaluation-form">
                <label>{move || i18n.t(Msg::Period)}
                    <select prop:value=period on:change=move |ev| period.set(event_target_value(&ev))>
                        {recent_quarters().into_iter().map(|q| view! { <option value=q.clone()>{q.clone()}</option> }).collect_view()}
                    </select>
                </label>
                {CRITERIA.into_iter().map(|c| view! {
                    <label>{move || i18n.t(criterion_msg(c))}
                        <select data-testid=format!("score-{c:?}").to_lowercase()
                            prop:value=move || scores.get().get(c).to_string()
                            on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<u8>() {
                                    scores.update(|s| s.set(c, v));
                                }
                            }>
                            {(1..=5).map(|v| view! { <option value=v.to_string()>{v}</option> }).collect_view()}
                        </select>
                    </label>
                }).collect_view()}
                <label class="wide">{move || i18n.t(Msg::Comment)}
                    <textarea data-testid="evaluation-comment" prop:value=comment maxlength={procura_sync::limits::MAX_COMMENT_CHARS.to_string()}
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="save-evaluation">{move || i18n.t(Msg::Save)}</button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" on:click=move |_| reset_form()>{move || i18n.t(Msg::Cancel)}</button>
                    </Show>
                </div>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </form>
            <table class="data evaluation-list stack">
                <thead><tr>
                    <th>{move || i18n.t(Msg::Period)}</th>
                    <th>{move || i18n.t(Msg::By)}</th>
                    {CRITERIA.into_iter().map(|c| view! { <th class="num">{move || i18n.t(criterion_msg(c))}</th> }).collect_view()}
                    <th>{move || i18n.t(Msg::Comment)}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || evaluations.get().into_iter().map(|e| {
                        let mine = e.evaluator_id == me;
                        let waiting = pending.with(|p| p.contains(&RecordKey::evaluation(&e.id)));
                        let (id, for_edit) = (e.id.clone(), e.clone());
                        view! {
                            <tr data-testid="evaluation-row" data-pending=waiting.to_string()>
                                <td data-label=move || i18n.t(Msg::Period)>{e.period.to_string()}</td>
                                <td data-label=move || i18n.t(Msg::By)>{e.evaluator_name.clone()}
                                    {waiting.then(|| view! { <small class="badge pending">{move || i18n.t(Msg::WaitingToSync)}</small> })}
                                </td>
                                {CRITERIA.into_iter().map(|c| view! { <td class="num" data-label=move || i18n.t(criterion_msg(c))>{e.scores.get(c)}</td> }).collect_view()}
                                <td class="wide" data-label=move || i18n.t(Msg::Comment)>{e.comment.clone()}</td>
                                <td class="row-actions">
                                    <Show when=move || mine>
                                        <button class="link-button" on:click={let e = for_edit.clone(); move |_| edit(&e)}>{move || i18n.t(Msg::Edit)}</button>
                                        " "
                                        <button class="link-button" data-testid="delete-evaluation" on:click={let id = id.clone(); move |_| delete(id.clone())}>{move || i18n.t(Msg::Delete)}</button>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
