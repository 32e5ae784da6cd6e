//! Delegations on the Approvals page: who approves for whom while someone is away. An approver
//! sets up their own (from themselves to a colleague); an admin may set up anyone's. Saving
//! queues a change; the hub checks who may and whether both people are in the chart.

use super::common::{name_in, tr_now};
use super::msg::ApprovalMsg;
use crate::i18n::{use_i18n, Msg};
use crate::org;
use crate::state::use_app;
use crate::sync::records;
use leptos::prelude::*;
use leptos::task::spawn_local;
use procura_procurement::approval::delegation::DelegationError;
use procura_procurement::approval::time::{day_of_ms, Entered};
use procura_procurement::approval::Delegation;
use procura_sync::api::Role;
use procura_sync::sync::{Op, RecordKey};

fn today() -> String {
    day_of_ms(org::now_ms()).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Active,
    Upcoming,
    Ended,
}

fn phase(d: &Delegation, now_ms: i64) -> Phase {
    if d.active_at(now_ms) {
        Phase::Active
    } else if d.starts.get().is_some_and(|s| s > day_of_ms(now_ms)) {
        Phase::Upcoming
    } else {
        Phase::Ended
    }
}

#[component]
pub fn Delegations() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let me = Memo::new(move |_| org::me(app));
    let my_id = move || me.with(|m| m.as_ref().map(|m| m.id.clone()).unwrap_or_default());
    let is_admin = move || me.with(|m| m.as_ref().is_some_and(|m| m.has(Role::Admin)));
    let policy = Memo::new(move |_| org::policy(app));
    let people = Memo::new(move |_| {
        policy.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.people
                        .iter()
                        .map(|x| (x.id.to_string(), x.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let list = Memo::new(move |_| {
        let me = my_id();
        let admin = is_admin();
        let mut list: Vec<Delegation> = org::delegations(app)
            .into_iter()
            .filter(|d| admin || d.from == me || d.to == me)
            .collect();
        list.sort_by(|a, b| {
            b.starts
                .get()
                .cmp(&a.starts.get())
                .then(a.from.cmp(&b.from))
        });
        list
    });
    let pending = Memo::new(move |_| {
        app.work.with(|w| {
            w.pending
                .iter()
                .map(|m| m.op.key())
                .collect::<Vec<RecordKey>>()
        })
    });
    let refused = Memo::new(move |_| {
        app.work.with(|w| {
            w.refused
                .iter()
                .filter(|r| {
                    matches!(
                        r.mutation.op,
                        Op::SaveDelegation { .. } | Op::DeleteDelegation { .. }
                    )
                })
                .map(|r| {
                    (
                        r.id,
                        crate::ui::changes::describe(&r.mutation, i18n.lang()),
                        r.text(i18n.lang()),
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let starts = RwSignal::new(today());
    let ends = RwSignal::new(today());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // The person away: the user, unless an admin chose someone.
    let from_id = move || {
        let chosen = from.get();
        if is_admin() && !chosen.is_empty() {
            chosen
        } else {
            my_id().into_string()
        }
    };
    let name = move |id: &str| policy.with(|p| name_in(p.as_ref(), id));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let delegation = Delegation {
            id: crate::device::random_uuid(),
            from: untrack(from_id).into(),
            to: to.get_untracked().into(),
            // The date inputs' `YYYY-MM-DD`, as entered (`validate` refuses what is not a day).
            starts: Entered::parse(&starts.get_untracked()),
            ends: Entered::parse(&ends.get_untracked()),
            note: note.get_untracked().trim().to_owned(),
            created_by: untrack(my_id),
        };
        if delegation.to.is_empty() {
            error.set(Some(tr_now(i18n, ApprovalMsg::DelegChooseTo).to_owned()));
            return;
        }
        if let Err(e) = delegation.validate() {
            let msg = match e {
                DelegationError::BadDate => ApprovalMsg::DelegBadDate,
                DelegationError::Backwards => ApprovalMsg::DelegBackwards,
                DelegationError::ToSelf => ApprovalMsg::DelegToSelf,
            };
            error.set(Some(tr_now(i18n, msg).to_owned()));
            return;
        }
        let unknown = policy.with_untracked(|p| {
            p.as_ref().and_then(|p| {
                [&delegation.from, &delegation.to]
                    .into_iter()
                    .find(|who| p.person(who.as_str()).is_none())
                    .cloned()
            })
        });
        if let Some(who) = unknown {
            error.set(Some(ApprovalMsg::deleg_not_in_chart(
                i18n.0.get_untracked(),
                &who,
            )));
            return;
        }
        error.set(None);
        spawn_local(async move {
            match records::queue(app, Op::SaveDelegation { delegation }).await {
                Ok(()) => {
                    to.set(String::new());
                    note.set(String::new());
                    saved.set(true);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let delete = move |id: String| {
        spawn_local(async move {
            if let Err(e) = records::queue(app, Op::DeleteDelegation { id }).await {
                error.set(Some(e.to_string()));
            }
        });
    };

    view! {
        <section class="approval-section delegations" data-testid="delegations">
            <h2>{move || i18n.t(ApprovalMsg::DelegationsTitle)}</h2>
            <p class="muted">{move || i18n.t(ApprovalMsg::DelegationsIntro)}
                <Show when=is_admin>" " {move || i18n.t(ApprovalMsg::DelegationsAdmin)}</Show>
            </p>
            <Show when=move || refused.with(|r| !r.is_empty())>
                <ul class="decision-list refused-inline" role="alert">
                    {move || refused.get().into_iter().map(|(id, what, message)| view! {
                        <li data-testid="refused-delegation">
                            <span>{move || i18n.t(ApprovalMsg::RefusedDelegations)} ": " {what.clone()}</span>
                            <strong class="refusal-message">{message}</strong>
                            <button class="link-button" data-testid="dismiss-refused-delegation"
                                on:click=move |_| spawn_local(records::dismiss_refused(app, id))>
                                {move || i18n.t(Msg::Dismiss)}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
            <div class="table-scroll">
                <table class="data">
                    <thead><tr>
                        <th>{move || i18n.t(ApprovalMsg::DelegFrom)}</th>
                        <th>{move || i18n.t(ApprovalMsg::DelegTo)}</th>
                        <th>{move || i18n.t(ApprovalMsg::DelegStarts)}</th>
                        <th>{move || i18n.t(ApprovalMsg::DelegEnds)}</th>
                        <th>{move || i18n.t(ApprovalMsg::DelegNote)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let now = org::now_ms();
                            let me = my_id();
                            let admin = is_admin();
                            let rows = list.get();
                            if rows.is_empty() {
                                return view! {
                                    <tr><td colspan="6" class="muted">{move || i18n.t(ApprovalMsg::NoDelegations)}</td></tr>
                                }.into_any();
                            }
                            rows.into_iter().map(|d| {
                                let waiting = pending.with(|p| p.contains(&RecordKey::new(procura_sync::api::sync::RecordKind::Delegation, &d.id)));
                                let phase = phase(&d, now);
                                let (phase_msg, phase_class) = match phase {
                                    Phase::Active => (ApprovalMsg::DelegActive, "active"),
                                    Phase::Upcoming => (ApprovalMsg::DelegUpcoming, "upcoming"),
                                    Phase::Ended => (ApprovalMsg::DelegEnded, "ended"),
                                };
                                let may_delete = admin || d.from == me;
                                let id = d.id.clone();
                                view! {
                                    <tr data-testid="delegation-row" data-id=d.id.clone()
                                        data-from=d.from.to_string() data-to=d.to.to_string() data-pending=waiting.to_string()>
                                        <td>{name(d.from.as_str())}</td>
                                        <td>{name(d.to.as_str())}</td>
                                        <td class="nowrap">{d.starts.to_string()}</td>
                                        <td class="nowrap">{d.ends.to_string()}
                                            " " <span class=format!("tag phase {phase_class}")>{move || i18n.t(phase_msg)}</span>
                                        </td>
                                        <td>{d.note.clone()}
                                            {waiting.then(|| view! { <small class="badge pending">{move || i18n.t(Msg::WaitingToSync)}</small> })}
                                        </td>
                                        <td>
                                            <Show when=move || may_delete>
                                                <button class="link-button" data-testid="delete-delegation"
                                                    on:click={let id = id.clone(); move |_| delete(id.clone())}>
                                                    {move || i18n.t(Msg::Delete)}
                                                </button>
                                            </Show>
                                        </td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
            <form class="delegation-form" on:submit=save data-testid="delegation-form">
                <h3>{move || i18n.t(ApprovalMsg::NewDelegation)}</h3>
                <div class="form-grid">
                    <Show when=is_admin>
                        <label>{move || i18n.t(ApprovalMsg::DelegFrom)}
                            <select data-testid="delegation-from" prop:value=from_id
                                on:change=move |ev| from.set(event_target_value(&ev))>
                                {move || people.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                            </select>
                        </label>
                    </Show>
                    <label>{move || i18n.t(ApprovalMsg::DelegTo)}
                        <select data-testid="delegation-to" prop:value=to
                            on:change=move |ev| to.set(event_target_value(&ev))>
                            <option value="">{move || i18n.t(ApprovalMsg::ChoosePerson)}</option>
                            {move || {
                                let away = from_id();
                                people.get().into_iter().filter(|(id, _)| *id != away)
                                    .map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()
                            }}
                        </select>
                    </label>
                    <label>{move || i18n.t(ApprovalMsg::DelegStarts)}
                        <input type="date" data-testid="delegation-starts" prop:value=starts
                            on:input=move |ev| starts.set(event_target_value(&ev))
                            on:change=move |ev| starts.set(event_target_value(&ev))/>
                    </label>
                    <label>{move || i18n.t(ApprovalMsg::DelegEnds)}
                        <input type="date" data-testid="delegation-ends" prop:value=ends
                            on:input=move |ev| ends.set(event_target_value(&ev))
                            on:change=move |ev| ends.set(event_target_value(&ev))/>
                    </label>
                    <label class="wide">{move || i18n.t(ApprovalMsg::DelegNote)}
                        <input type="text" data-testid="delegation-note" prop:value=note maxlength="200"
                            on:input=move |ev| note.set(event_target_value(&ev))/>
                    </label>
                </div>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="save-delegation">{move || i18n.t(ApprovalMsg::SaveDelegation)}</button>
                </div>
                {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="delegation-error">{e}</p> })}
                <Show when=move || saved.get()>
                    <p class="notice" role="status" data-testid="delegation-saved">{move || i18n.t(ApprovalMsg::DelegSaved)}</p>
                </Show>
            </form>
        </section>
    }
}
