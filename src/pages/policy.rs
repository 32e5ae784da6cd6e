//! The approval policy page. Everyone reads the organisation's policy here; an admin edits all
//! of it (people and limits, cost centres, accounts, rules, budgets, rates, tax, escalation),
//! or imports a policy file (every problem listed, or a preview), and saves: the policy is
//! checked with `Policy::validate`, the change is queued and the hub checks it again. The policy
//! can be exported as the same JSON file (`docs/approvals.md` describes it).

mod budgets;
mod general;
mod invoicing;
pub mod msg;
mod people;
mod rates;
mod rule_edit;
mod rules;
mod standing;
mod stock;
mod structure;
mod synonyms;
mod widgets;

use crate::i18n::{use_i18n, Msg};
use crate::org;
use crate::state::use_app;
use crate::sync::records;
use crate::ui::files::{download, read};
use leptos::prelude::*;
use leptos::task::spawn_local;
use msg::PolicyMsg;
use procura_procurement::approval::policy::PolicyError;
use procura_procurement::approval::Policy;
use procura_sync::api::Role;
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Largest policy file read (a policy is a few kilobytes; budgets for many years stay far below).
const MAX_POLICY_BYTES: usize = 8 * 1024 * 1024;

/// A message in the current language, read once (for text set from an event handler).
/// The policy's problems in the admin's language, read once.
fn said(i18n: crate::i18n::I18n, found: &[procura_ground::reason::Reason]) -> Vec<String> {
    let lang = i18n.0.get_untracked();
    found
        .iter()
        .map(|r| crate::i18n::reasons::text(lang, r))
        .collect()
}

pub fn tr_now(i18n: crate::i18n::I18n, msg: impl crate::i18n::Text) -> &'static str {
    msg.text(i18n.0.get_untracked())
}

/// The policy shown (the admin's unsaved draft, else the organisation's) and how to change it.
#[derive(Clone, Copy)]
pub struct Editor {
    pub shown: Memo<Option<Policy>>,
    draft: RwSignal<Option<Policy>>,
    pub admin: Signal<bool>,
    pub field_error: RwSignal<Option<String>>,
}

impl Editor {
    /// Applies `f` to a copy of the policy shown; the copy becomes the draft.
    pub fn edit(self, f: impl FnOnce(&mut Policy)) {
        if let Some(mut p) = self.shown.get_untracked() {
            f(&mut p);
            self.field_error.set(None);
            self.draft.set(Some(p));
        }
    }

    /// Refuses an edit, saying why (shown until the next accepted edit).
    pub fn refuse(self, why: String) {
        self.field_error.set(Some(why));
    }

    /// Reads the policy shown (reactive).
    pub fn with<T>(self, f: impl FnOnce(&Policy) -> T) -> Option<T> {
        self.shown.with(|p| p.as_ref().map(f))
    }

    /// Reads the policy shown without tracking it (for event handlers).
    pub fn with_untracked<T>(self, f: impl FnOnce(&Policy) -> T) -> Option<T> {
        self.shown.with_untracked(|p| p.as_ref().map(f))
    }

    /// Parses an amount typed by the admin ("12,500.00" is fine), or says why not.
    pub fn amount(self, text: &str, i18n: crate::i18n::I18n) -> Option<Decimal> {
        let clean: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}'))
            .collect();
        let parsed = Decimal::from_str(&clean).ok();
        if parsed.is_none() {
            self.refuse(PolicyMsg::not_a_number(i18n.0.get_untracked(), text));
        }
        parsed
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let stored = Memo::new(move |_| org::policy(app));
    let draft = RwSignal::new(None::<Policy>);
    let shown = Memo::new(move |_| draft.get().or_else(|| stored.get()));
    let admin = Signal::derive(move || {
        app.session
            .with(|s| s.as_ref().is_some_and(|s| s.user.has_role(Role::Admin)))
    });
    let editor = Editor {
        shown,
        draft,
        admin,
        field_error: RwSignal::new(None),
    };
    let dirty = move || draft.with(|d| d.is_some() && *d != stored.get());
    let problems = RwSignal::new(Vec::<String>::new());
    let imported = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let pending = move || {
        app.work.with(|w| {
            w.pending
                .iter()
                .any(|m| matches!(m.op, Op::SavePolicy { .. }))
        })
    };
    let refused = Memo::new(move |_| {
        app.work.with(|w| {
            w.refused
                .iter()
                .filter(|r| matches!(r.mutation.op, Op::SavePolicy { .. }))
                .map(|r| (r.id, r.text(i18n.0.get())))
                .collect::<Vec<_>>()
        })
    });

    let export = move |_| {
        if let Some(p) = shown.get_untracked() {
            if let Err(e) = download("procura-policy.json", "application/json", &p.to_json()) {
                message.set(Some(e));
            }
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        message.set(None);
        spawn_local(async move {
            let picked = match read(file, MAX_POLICY_BYTES).await {
                Ok(picked) => picked,
                Err(e) => {
                    let lang = i18n.0.get_untracked();
                    problems.set(vec![crate::i18n::import_issues::kind_text(&e, lang)]);
                    return;
                }
            };
            let Ok(text) = String::from_utf8(picked.bytes) else {
                problems.set(vec![tr_now(i18n, PolicyMsg::NotText).to_owned()]);
                return;
            };
            match Policy::from_json(text.trim_start_matches('\u{feff}')) {
                Ok(policy) => {
                    problems.set(Vec::new());
                    editor.field_error.set(None);
                    draft.set(Some(policy));
                    imported.set(Some(picked.name));
                }
                Err(PolicyError::Format(e)) => {
                    problems.set(vec![PolicyMsg::not_json(i18n.0.get_untracked(), &e)]);
                }
                Err(PolicyError::Invalid(found)) => {
                    problems.set(said(i18n, &found));
                }
            }
        });
    };
    let save = move |_| {
        let Some(policy) = draft.get_untracked() else {
            return;
        };
        if let Err(PolicyError::Invalid(found)) = policy.validate() {
            problems.set(said(i18n, &found));
            return;
        }
        problems.set(Vec::new());
        spawn_local(async move {
            match records::queue(app, Op::SavePolicy { policy }).await {
                Ok(()) => {
                    draft.set(None);
                    imported.set(None);
                    message.set(Some(tr_now(i18n, PolicyMsg::Saved).to_owned()));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    let discard = move |_| {
        draft.set(None);
        imported.set(None);
        problems.set(Vec::new());
        editor.field_error.set(None);
    };

    view! {
        <section class="page policy" data-testid="policy-page" data-admin=move || admin.get().to_string()>
            <div class="page-head">
                <h1>{move || i18n.t(PolicyMsg::Title)}</h1>
                <div class="actions policy-actions">
                    <button data-testid="export-policy" disabled=move || shown.with(Option::is_none) on:click=export>
                        {move || i18n.t(PolicyMsg::Export)}
                    </button>
                    <Show when=move || admin.get()>
                        <label class="button-like">
                            {move || i18n.t(PolicyMsg::Import)}
                            <input type="file" accept=".json,application/json" class="visually-hidden"
                                data-testid="policy-file" on:change=import/>
                        </label>
                        <Show when=move || draft.with(Option::is_some)>
                            <button data-testid="discard-policy" on:click=discard>{move || i18n.t(PolicyMsg::Discard)}</button>
                        </Show>
                        <button class="primary" data-testid="save-policy" disabled=move || !dirty() on:click=save>
                            {move || i18n.t(PolicyMsg::Save)}
                        </button>
                    </Show>
                </div>
            </div>
            <p class="muted">{move || i18n.t(if admin.get() { PolicyMsg::IntroAdmin } else { PolicyMsg::IntroRead })}</p>
            <Show when=move || !admin.get() && shown.with(Option::is_some)>
                <p class="tag readonly" data-testid="policy-readonly">{move || i18n.t(PolicyMsg::ReadOnly)}</p>
            </Show>
            <Show when=move || refused.with(|r| !r.is_empty())>
                <ul class="policy-alert refused-policy" role="alert">
                    {move || refused.get().into_iter().map(|(id, text)| view! {
                        <li data-testid="refused-policy">
                            <strong>{move || i18n.t(PolicyMsg::Refused)} ": "</strong>{text}
                            <button class="link-button" data-testid="dismiss-refused-policy"
                                on:click=move |_| spawn_local(records::dismiss_refused(app, id))>{move || i18n.t(Msg::Dismiss)}</button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
            <Show when=move || !problems.with(Vec::is_empty)>
                <div class="policy-alert problems" role="alert" data-testid="policy-problems">
                    <strong>{move || i18n.t(PolicyMsg::Problems)}</strong>
                    <ul>
                        {move || problems.get().into_iter().map(|p| view! { <li data-testid="policy-problem">{p}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            {move || imported.get().map(|file| view! {
                <p class="policy-banner preview" data-testid="policy-preview">
                    {move || PolicyMsg::preview(i18n.lang(), &file)}
                </p>
            })}
            <Show when=move || dirty() && imported.with(Option::is_none)>
                <p class="policy-banner unsaved" data-testid="policy-dirty">{move || i18n.t(PolicyMsg::Unsaved)}</p>
            </Show>
            {move || editor.field_error.get().map(|e| view! { <p class="error policy-field-error" role="alert" data-testid="policy-field-error">{e}</p> })}
            {move || message.get().map(|m| view! { <p class="notice" role="status" data-testid="policy-message">{m}</p> })}
            <Show when=pending>
                <p class="policy-banner pending" data-testid="policy-pending">{move || i18n.t(PolicyMsg::WaitingToSync)}</p>
            </Show>
            <Show when=move || shown.with(Option::is_some)
                fallback=move || view! { <p class="empty" data-testid="policy-missing">{move || i18n.t(PolicyMsg::NotReceived)}</p> }>
                <general::General editor=editor/>
                <people::People editor=editor/>
                <structure::Structure editor=editor/>
                <rules::Rules editor=editor/>
                <budgets::Budgets editor=editor/>
                <standing::StandingEditor editor=editor/>
                <stock::StockDefaultsEditor editor=editor/>
                <invoicing::TolerancesEditor editor=editor/>
                <synonyms::SynonymEditor editor=editor/>
            </Show>
        </section>
    }
}
