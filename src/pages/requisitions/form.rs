//! The requisition form: a cart's lines (or a returned requisition's draft) with the coding
//! the approval rules need. While the buyer fills it in it shows what the core will decide:
//! the totals in the policy currency, the route and who is on it, the budget impact, and the
//! first thing `check_draft` would refuse. Submitting queues the change (offline too).
//!
//! `/requisitions/new/{cart id}` starts from a cart; `/requisitions/new/edit-{id}` reopens a
//! returned requisition of the user's for resubmission.

use super::parts::{budget_view, kind_badge, lines_table, route_steps, supplier_cell, totals_view};
use super::ReqMsg;
use crate::i18n::{use_i18n, I18n, Lang};
use crate::org::now_ms;
use crate::pages::cart::cart_error_text;
use crate::state::{use_app, AppState, StorageStatus};
use crate::storage::RequisitionDefaults;
use crate::sync::records;
use crate::ui::format::money;
use crate::ui::units::unit_label;
use crate::ui::user::user_id;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use procura_procurement::approval::act::check_draft;
use procura_procurement::approval::budget::BudgetImpact;
use procura_procurement::approval::requisition::totals;
use procura_procurement::approval::requisition::RouteStep;
use procura_procurement::approval::route::{self, RouteInput};
use procura_procurement::approval::time::{day_of_ms, parse_day};
use procura_procurement::approval::{
    budget_impact, Policy, RequisitionDraft, RequisitionLine, Status, Totals,
};
use procura_sync::sync::Op;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The longest title made from the lines (the buyer may type a longer one).
const DERIVED_TITLE_CHARS: usize = 80;
const DAY_MS: i64 = 86_400_000;

#[derive(Clone, PartialEq)]
enum Source {
    Cart { id: String, name: String },
    Edit { revision: u32 },
}

#[component]
pub fn NewRequisitionPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("cart")).unwrap_or_default());
    move || view! { <RequisitionForm key=key.get()/> }
}

/// The title a requisition gets from its lines in `lang`: "Copy paper A4, Ballpoint pens + 2
/// more" / "复印纸 A4、圆珠笔 等 2 项".
fn title_from(lines: &[RequisitionLine], lang: Lang) -> String {
    use crate::i18n::plural::{form, Form};
    let descriptions: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
    let separator = match lang {
        Lang::En => ", ",
        Lang::ZhCn => "、",
    };
    let more = |n: usize| match (lang, form(lang, n as u64)) {
        (Lang::En, Form::One) => format!("+ {n} more item"),
        (Lang::En, _) => format!("+ {n} more items"),
        (Lang::ZhCn, _) => format!("等 {n} 项"),
    };
    procura_procurement::approval::requisition::title_from_lines(
        &descriptions,
        separator,
        more,
        DERIVED_TITLE_CHARS,
    )
}

/// One line with a key that stays the same while lines are removed (for keyed rows).
type KeyedLine = (u32, RequisitionLine);

/// What the buyer fills in, as signals the form's parts share.
#[derive(Clone, Copy)]
struct Fields {
    lines: RwSignal<Vec<KeyedLine>>,
    title: RwSignal<String>,
    /// The buyer typed a title: nothing the form loads replaces it.
    title_typed: StoredValue<bool>,
    cost_centre: RwSignal<String>,
    account: RwSignal<String>,
    /// The date input's text (`YYYY-MM-DD`, or empty); read as a day when the draft is made.
    need_by: RwSignal<String>,
    address: RwSignal<String>,
    justification: RwSignal<String>,
    /// The coding this user gave their last requisition on this device, once read (`Some(None)`:
    /// none yet, or a returned requisition, which keeps its own).
    remembered: RwSignal<Option<Option<RequisitionDefaults>>>,
}

impl Fields {
    fn new() -> Self {
        Self {
            lines: RwSignal::new(Vec::new()),
            title: RwSignal::new(String::new()),
            title_typed: StoredValue::new(false),
            cost_centre: RwSignal::new(String::new()),
            account: RwSignal::new(String::new()),
            need_by: RwSignal::new(day_of_ms(now_ms() + 14 * DAY_MS).to_string()),
            address: RwSignal::new(String::new()),
            justification: RwSignal::new(String::new()),
            remembered: RwSignal::new(None),
        }
    }

    fn set_lines(self, list: Vec<RequisitionLine>) {
        self.lines.set(
            list.into_iter()
                .enumerate()
                .map(|(i, l)| (i as u32, l))
                .collect(),
        );
    }

    fn draft(self, id: String, base_revision: u32) -> RequisitionDraft {
        RequisitionDraft {
            id: id.into(),
            base_revision,
            title: self.title.get(),
            cost_centre: self.cost_centre.get().into(),
            account: self.account.get().into(),
            need_by: self.need_by.with(|text| parse_day(text)),
            delivery_address: self.address.get(),
            justification: self.justification.get(),
            lines: self
                .lines
                .with(|l| l.iter().map(|(_, l)| l.clone()).collect()),
        }
    }
}

/// What the core says of the draft as it stands, recomputed as the buyer types.
#[derive(Clone, Copy)]
struct Verdicts {
    totals: Memo<Option<Result<Totals, String>>>,
    route: Memo<Option<Result<Vec<RouteStep>, String>>>,
    impact: Memo<Option<BudgetImpact>>,
    check: Memo<Option<Result<(), String>>>,
}

impl Verdicts {
    fn new(
        app: AppState,
        i18n: I18n,
        policy: Memo<Option<Policy>>,
        draft: Memo<RequisitionDraft>,
    ) -> Self {
        let totals = Memo::new(move |_| {
            let policy = policy.get()?;
            let lang = i18n.lang();
            Some(
                draft
                    .with(|d| totals(&d.lines, &policy))
                    .map_err(|e| crate::i18n::reasons::text(lang, &e.reason())),
            )
        });
        let route = Memo::new(move |_| {
            let policy = policy.get()?;
            let me = crate::org::me(app)?;
            let net = totals.get()?.ok()?.net;
            Some(draft.with(|d| {
                route::compute(
                    &RouteInput {
                        requester: me.id.as_str(),
                        cost_centre: d.cost_centre.as_str(),
                        lines: &d.lines,
                        net_total: net,
                    },
                    &policy,
                )
                .map_err(|e| crate::i18n::reasons::text(i18n.lang(), &e.reason()))
            }))
        });
        let impact = Memo::new(move |_| {
            let net = totals.get()?.ok()?.net;
            let (id, cc, need) = draft.with(|d| (d.id.clone(), d.cost_centre.clone(), d.need_by));
            let need = need.filter(|_| !cc.is_empty())?;
            crate::org::with_org(app, |org| budget_impact(&id, &cc, need, net, org))
        });
        let check = Memo::new(move |_| {
            let policy = policy.get()?;
            let now = now_ms();
            let lang = i18n.lang();
            Some(draft.with(|d| {
                check_draft(d, &policy, now)
                    .map(|_| ())
                    .map_err(|e| crate::i18n::reasons::text(lang, &e.reason))
            }))
        });
        Self {
            totals,
            route,
            impact,
            check,
        }
    }
}

/// Fills the form with a returned requisition of the user's, as it was submitted.
fn load_returned(app: AppState, i18n: I18n, id: String, f: Fields, source: SourceSignal) {
    Effect::new(move |_| {
        if matches!(source.get_untracked(), Some(Ok(_))) {
            return;
        }
        let found = crate::org::requisition(app, &id);
        let me = crate::org::me(app).map(|a| a.id);
        let ready = app.storage.get() == StorageStatus::Ready;
        match found {
            Some(r) if Some(&r.requester) == me.as_ref() && r.status == Status::Returned => {
                let d = r.draft();
                f.set_lines(d.lines);
                f.title.set(d.title);
                f.cost_centre.set(d.cost_centre.to_string());
                f.account.set(d.account.to_string());
                f.need_by
                    .set(d.need_by.map(|d| d.to_string()).unwrap_or_default());
                f.address.set(d.delivery_address);
                f.justification.set(d.justification);
                f.remembered.set(Some(None));
                source.set(Some(Ok(Source::Edit {
                    revision: d.base_revision,
                })));
            }
            Some(_) => source.set(Some(Err(ReqMsg::NotEditable.text(i18n.lang()).into()))),
            None if ready => source.set(Some(Err(ReqMsg::NotFound.text(i18n.lang()).into()))),
            None => {}
        }
    });
}

/// Fills the form with a cart's lines, priced by the core, and the user's last coding.
fn load_cart(app: AppState, i18n: I18n, cart_id: String, f: Fields, source: SourceSignal) {
    Effect::new(move |_| {
        let ready = app.storage.get() == StorageStatus::Ready;
        let user = app.session.with(|s| s.as_ref().map(|s| s.user.id.clone()));
        let (true, Some(user), Some(db)) = (ready, user, crate::state::local_db()) else {
            return;
        };
        let cart_id = cart_id.clone();
        let lang = i18n.0.get_untracked();
        spawn_local(async move {
            let defaults = db.requisition_defaults(user.as_str()).await.ok().flatten();
            f.remembered.try_set(Some(defaults));
            let carts = db.load_carts(user.as_str()).await;
            let result = match carts.ok().and_then(|c| c.get(&cart_id).cloned()) {
                None => Err(ReqMsg::CartNotFound.text(lang).to_owned()),
                Some(cart) => match cart.requisition_lines(lang) {
                    Err(e) => Err(cart_error_text(&e, lang)),
                    Ok(list) => {
                        f.set_lines(list.clone());
                        let name = crate::pages::cart::cart_name(&cart, lang);
                        if !f.title_typed.get_value() && f.title.get_untracked().is_empty() {
                            f.title.set(if crate::pages::cart::has_default_name(&cart) {
                                title_from(&list, lang)
                            } else {
                                name.clone()
                            });
                        }
                        Ok(Source::Cart { id: cart.id, name })
                    }
                },
            };
            source.try_set(Some(result));
        });
    });
}

/// What the user used last (while the policy still has it), else the policy's first cost
/// centre and account, until the buyer chooses.
fn prefill_coding(f: Fields, policy: Memo<Option<Policy>>) {
    Effect::new(move |_| {
        let Some(last) = f.remembered.get() else {
            return;
        };
        let last = last.unwrap_or_default();
        policy.with(|p| {
            if let Some(p) = p {
                if f.cost_centre.get_untracked().is_empty() {
                    let known = p.cost_centres.iter().find(|c| c.code == last.cost_centre);
                    if let Some(c) = known.or(p.cost_centres.first()) {
                        f.cost_centre.set(c.code.to_string());
                    }
                }
                if f.account.get_untracked().is_empty() {
                    let known = p.accounts.iter().find(|a| a.code == last.account);
                    if let Some(a) = known.or(p.accounts.first()) {
                        f.account.set(a.code.to_string());
                    }
                }
            }
        });
        if f.address.get_untracked().is_empty() {
            f.address.set(last.delivery_address);
        }
    });
}

/// The form opens on the first field still to fill (typing needs no tap to find it).
fn focus_first_empty(
    f: Fields,
    address_field: NodeRef<leptos::html::Textarea>,
    justification_field: NodeRef<leptos::html::Textarea>,
) {
    let focused = StoredValue::new(false);
    Effect::new(move |_| {
        let (Some(address_el), Some(justification_el)) =
            (address_field.get(), justification_field.get())
        else {
            return;
        };
        if focused.get_value() || f.remembered.with(Option::is_none) {
            return;
        }
        focused.set_value(true);
        request_animation_frame(move || {
            // The buyer got there first (a tap on the title as the form opened): their field
            // keeps the cursor. Moving it would send what they type next into another field.
            if someone_is_in_a_field() {
                return;
            }
            let first_empty = if f.address.get_untracked().trim().is_empty() {
                address_el
            } else if f.justification.get_untracked().trim().is_empty() {
                justification_el
            } else {
                return;
            };
            let _ = first_empty.focus();
        });
    });
}

/// Whether the focus is in a form field already (a link or the page itself does not count).
fn someone_is_in_a_field() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

type SourceSignal = RwSignal<Option<Result<Source, String>>>;

#[component]
fn RequisitionForm(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let navigate = use_navigate();
    let editing = key.strip_prefix("edit-").map(str::to_owned);
    // The requisition's id: kept when editing, new (from the browser's CSPRNG) otherwise.
    let draft_id = StoredValue::new(editing.clone().unwrap_or_else(crate::device::random_uuid));
    let source: SourceSignal = RwSignal::new(None);
    let f = Fields::new();
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);

    match editing.clone() {
        Some(id) => load_returned(app, i18n, id, f, source),
        None => load_cart(app, i18n, key.clone(), f, source),
    }
    let policy = Memo::new(move |_| crate::org::policy(app));
    prefill_coding(f, policy);
    let address_field = NodeRef::<leptos::html::Textarea>::new();
    let justification_field = NodeRef::<leptos::html::Textarea>::new();
    focus_first_empty(f, address_field, justification_field);
    let base_revision = move || match source.get() {
        Some(Ok(Source::Edit { revision })) => revision,
        _ => 0,
    };
    let draft = Memo::new(move |_| f.draft(draft_id.get_value(), base_revision()));
    let verdicts = Verdicts::new(app, i18n, policy, draft);
    let perf = crate::pages::suppliers::performance::use_performance(app);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let Some(policy) = policy.get_untracked() else {
            return;
        };
        let d = draft.get_untracked();
        if let Err(e) = check_draft(&d, &policy, now_ms()) {
            submit_error.set(Some(crate::i18n::reasons::text(i18n.lang(), &e.reason)));
            return;
        }
        // A supplier the standings block: the hub would refuse it (the same rule, asked here
        // so the buyer learns it now and not as a refusal later).
        let blocked = perf.with_untracked(|p| {
            d.lines.iter().find_map(|l| {
                crate::pages::suppliers::performance::may_order(
                    p,
                    l.supplier_id.as_str(),
                    &l.supplier_name,
                )
                .err()
            })
        });
        if let Some(r) = blocked {
            submit_error.set(Some(crate::i18n::reasons::text(i18n.lang(), &r.reason)));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        submit_error.set(None);
        busy.set(true);
        let from_cart = match source.get_untracked() {
            Some(Ok(Source::Cart { id, .. })) => Some(id),
            _ => None,
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            let id = d.id.clone();
            let used = RequisitionDefaults {
                cost_centre: d.cost_centre.to_string(),
                account: d.account.to_string(),
                delivery_address: d.delivery_address.trim().to_owned(),
            };
            match records::queue(app, Op::SubmitRequisition { requisition: d }).await {
                Ok(()) => {
                    // Offered for the next one (losing it costs a retype, nothing more).
                    if let (Some(user), Some(db)) = (user_id(app), crate::state::local_db()) {
                        let _ = db.save_requisition_defaults(&user, &used).await;
                    }
                    // The cart became the requisition.
                    if let (Some(cart), Some(user), Some(db)) =
                        (from_cart, user_id(app), crate::state::local_db())
                    {
                        let _ = db
                            .update_carts(&user, |c| c.delete(&cart).map(|_| ()))
                            .await;
                    }
                    navigate(&format!("/requisitions/{id}"), Default::default());
                }
                Err(e) => {
                    busy.try_set(false);
                    submit_error.try_set(Some(e.to_string()));
                }
            }
        });
    };

    let is_edit = editing.is_some();
    view! {
        <section class="page requisition-form">
            <div class="page-head">
                <div>
                    <h1>{move || i18n.t(if is_edit { ReqMsg::EditTitle } else { ReqMsg::NewTitle })}</h1>
                    {move || match source.get() {
                        Some(Ok(Source::Cart { name, .. })) => Some(view! { <p class="muted">{ReqMsg::from_cart(i18n.lang(), &name)}</p> }.into_any()),
                        Some(Ok(Source::Edit { revision })) => {
                            let note = editing.as_deref().and_then(|id| crate::org::requisition(app, id)).and_then(|r| super::return_notice(&r, i18n.lang()));
                            Some(view! { <p class="muted">{ReqMsg::edit_intro(i18n.lang(), revision)}</p> {note} }.into_any())
                        }
                        _ => None,
                    }}
                </div>
            </div>
            {move || match source.get() {
                None => view! { <p class="muted">{move || i18n.t(ReqMsg::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="empty" data-testid="req-source-error">
                        <p>{e}</p>
                        <A href="/cart" attr:class="button">{move || i18n.t(ReqMsg::BackToCart)}</A>
                    </div>
                }.into_any(),
                Some(Ok(_)) => ().into_any(),
            }}
            <Show when=move || matches!(source.get(), Some(Ok(_)))>
                <Show when=move || policy.with(Option::is_none)>
                    <p class="notice error" role="alert" data-testid="no-policy">{move || i18n.t(ReqMsg::NoPolicy)}</p>
                </Show>
                <form class="req-form" on:submit=submit.clone() novalidate=true>
                    <CodingFields f=f policy=policy address_field=address_field justification_field=justification_field/>
                    <section class="req-section">
                        <div class="section-head">
                            <h2>{move || i18n.t(ReqMsg::Lines)}</h2>
                            {(!is_edit).then(move || view! { <A href="/cart" attr:class="button">{move || i18n.t(ReqMsg::EditInCart)}</A> })}
                        </div>
                        {if is_edit {
                            editable_lines(app, i18n, f.lines).into_any()
                        } else {
                            (move || f.lines.with(|l| lines_table(&l.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>(), i18n.lang()))).into_any()
                        }}
                    </section>
                    <Preview policy=policy verdicts=verdicts/>
                    <SubmitBar policy=policy check=verdicts.check tried=tried busy=busy submit_error=submit_error is_edit=is_edit/>
                </form>
            </Show>
        </section>
    }
}

/// Title, cost centre, account, need-by date, delivery address and justification.
#[component]
fn CodingFields(
    f: Fields,
    policy: Memo<Option<Policy>>,
    address_field: NodeRef<leptos::html::Textarea>,
    justification_field: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = day_of_ms(now_ms()).to_string();
    let Fields {
        title,
        cost_centre,
        account,
        need_by,
        address,
        justification,
        ..
    } = f;
    view! {
        <div class="req-fields req-card">
            <label class="wide">
                <span>{move || i18n.t(ReqMsg::FieldTitle)}</span>
                <input type="text" data-testid="req-title" maxlength={procura_sync::limits::MAX_TITLE_CHARS.to_string()}
                    prop:value=title on:input=move |ev| {
                        f.title_typed.set_value(true);
                        title.set(event_target_value(&ev));
                    }/>
            </label>
            <label>
                <span>{move || i18n.t(ReqMsg::FieldCostCentre)}</span>
                <select data-testid="req-cost-centre" prop:value=cost_centre
                    on:change=move |ev| cost_centre.set(event_target_value(&ev))>
                    {move || policy.with(|p| p.as_ref().map(|p| p.cost_centres.iter().map(|c| {
                        let code = c.code.clone();
                        let selected = move || cost_centre.with(|v| *v == code);
                        view! { <option value=c.code.to_string() selected=selected>{format!("{} · {}", c.code, c.name)}</option> }
                    }).collect_view()))}
                </select>
            </label>
            <label>
                <span>{move || i18n.t(ReqMsg::FieldAccount)}</span>
                <select data-testid="req-account" prop:value=account
                    on:change=move |ev| account.set(event_target_value(&ev))>
                    {move || policy.with(|p| p.as_ref().map(|p| p.accounts.iter().map(|a| {
                        let code = a.code.clone();
                        let selected = move || account.with(|v| *v == code);
                        view! { <option value=a.code.to_string() selected=selected>{format!("{} · {}", a.code, a.name)}</option> }
                    }).collect_view()))}
                </select>
            </label>
            <label>
                <span>{move || i18n.t(ReqMsg::FieldNeedBy)}</span>
                <input type="date" data-testid="req-need-by" min=today
                    prop:value=need_by on:input=move |ev| need_by.set(event_target_value(&ev))
                    on:change=move |ev| need_by.set(event_target_value(&ev))/>
            </label>
            <label class="wide">
                <span>{move || i18n.t(ReqMsg::FieldAddress)}</span>
                <textarea data-testid="req-address" rows="2" node_ref=address_field maxlength={procura_sync::limits::MAX_ADDRESS_CHARS.to_string()}
                    prop:value=address on:input=move |ev| address.set(event_target_value(&ev))></textarea>
            </label>
            <label class="wide">
                <span>{move || i18n.t(ReqMsg::FieldJustification)}</span>
                <textarea data-testid="req-justification" rows="3" node_ref=justification_field maxlength={procura_sync::limits::MAX_JUSTIFICATION_CHARS.to_string()}
                    placeholder=move || i18n.t(ReqMsg::JustificationHint)
                    prop:value=justification on:input=move |ev| justification.set(event_target_value(&ev))></textarea>
            </label>
        </div>
    }
}

/// What the core will decide: the totals, the budget impact and the route.
#[component]
fn Preview(policy: Memo<Option<Policy>>, verdicts: Verdicts) -> impl IntoView {
    let i18n = use_i18n();
    let Verdicts {
        totals,
        route,
        impact,
        ..
    } = verdicts;
    view! {
        <div class="requisition-columns">
            <section class="req-card">
                <h2>{move || i18n.t(ReqMsg::Totals)}</h2>
                {move || {
                    let currency = policy.with(|p| p.as_ref().map(|p| p.currency.clone()))?;
                    Some(match totals.get()? {
                        Ok(t) => totals_view(&t, &currency, i18n.lang()).into_any(),
                        Err(e) => view! { <p class="error" data-testid="req-totals">{e}</p> }.into_any(),
                    })
                }}
            </section>
            <section class="req-card">
                {move || impact.get().map(|i| {
                    let currency = policy.with(|p| p.as_ref().map(|p| p.currency.clone())).unwrap_or_default();
                    budget_view(&i, &currency, i18n.lang())
                })}
            </section>
        </div>

        <section class="req-card route" data-testid="route-preview">
            <h2>{move || i18n.t(ReqMsg::Route)}</h2>
            {move || match route.get() {
                // No route because the totals cannot be worked out (a line without
                // a rate, say): the totals say why.
                None if totals.with(|t| matches!(t, Some(Err(_)))) => view! { <p class="muted" data-testid="route-needs-totals">{i18n.t(ReqMsg::RouteNeedsTotals)}</p> }.into_any(),
                None => view! { <p class="muted">{i18n.t(ReqMsg::RouteNeedsCoding)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert" data-testid="route-error">{e}</p> }.into_any(),
                Some(Ok(steps)) if steps.is_empty() => view! { <p class="muted">{i18n.t(ReqMsg::RouteNone)}</p> }.into_any(),
                Some(Ok(steps)) => {
                    let policy = policy.get();
                    view! {
                        <p class="muted">{i18n.t(ReqMsg::RouteIs)}</p>
                        <ol class="req-route preview">{route_steps(&steps, None, 0, policy.as_ref(), i18n.lang())}</ol>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The sticky bar: whether the draft may be submitted, and the submit button.
#[component]
fn SubmitBar(
    policy: Memo<Option<Policy>>,
    check: Memo<Option<Result<(), String>>>,
    tried: RwSignal<bool>,
    busy: RwSignal<bool>,
    submit_error: RwSignal<Option<String>>,
    is_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="submit-row sticky-actions">
            {move || match check.get() {
                None => None,
                Some(Ok(())) => Some(view! { <p class="notice" data-testid="req-ready">{i18n.t(ReqMsg::ReadyToSubmit)}</p> }.into_any()),
                Some(Err(e)) => Some(view! {
                    <p class=if tried.get() { "notice error" } else { "notice warn" } data-testid="req-errors" role=if tried.get() { "alert" } else { "status" }>
                        <strong>{i18n.t(ReqMsg::CheckFirst)}</strong> " " {e}
                    </p>
                }.into_any()),
            }}
            {move || submit_error.get().filter(|e| check.with(|c| !matches!(c, Some(Err(m)) if m == e))).map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <button type="submit" class="primary" data-testid="submit-requisition"
                disabled=move || busy.get() || policy.with(Option::is_none)>
                {move || i18n.t(if busy.get() { ReqMsg::Submitting } else if is_edit { ReqMsg::Resubmit } else { ReqMsg::Submit })}
            </button>
        </div>
    }
}

/// The lines of a returned requisition: quantities can change (catalog lines still on the
/// device re-price by tier) and lines can go.
fn editable_lines(app: AppState, i18n: I18n, lines: RwSignal<Vec<KeyedLine>>) -> impl IntoView {
    let keys = move || lines.with(|l| l.iter().map(|(k, _)| *k).collect::<Vec<_>>());
    view! {
        <div class="table-scroll">
            <table class="data req-lines stack" data-testid="req-lines">
                <thead><tr>
                    <th>{move || i18n.t(ReqMsg::ColItem)}</th>
                    <th>{move || i18n.t(ReqMsg::ColSupplier)}</th>
                    <th class="num">{move || i18n.t(ReqMsg::ColQty)}</th>
                    <th class="num">{move || i18n.t(ReqMsg::ColUnitPrice)}</th>
                    <th class="num">{move || i18n.t(ReqMsg::ColLineNet)}</th>
                    <th>{move || i18n.t(ReqMsg::ColNote)}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    <For each=keys key=|k| *k children=move |k| editable_line(app, i18n, lines, k)/>
                </tbody>
            </table>
        </div>
    }
}

fn editable_line(
    app: AppState,
    i18n: I18n,
    lines: RwSignal<Vec<KeyedLine>>,
    key: u32,
) -> impl IntoView {
    let line = Memo::new(move |_| {
        lines.with(|l| l.iter().find(|(k, _)| *k == key).map(|(_, l)| l.clone()))
    });
    let initial = line.get_untracked();
    let qty_text = RwSignal::new(
        initial
            .as_ref()
            .map(|l| l.quantity.normalize().to_string())
            .unwrap_or_default(),
    );
    let problem = RwSignal::new(None::<String>);
    let set_qty = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        qty_text.set(text.clone());
        let lang = i18n.0.get_untracked();
        let Some(qty) = Decimal::from_str(text.trim())
            .ok()
            .filter(|q| *q > Decimal::ZERO)
        else {
            problem.set(Some(ReqMsg::NotANumber.text(lang).to_owned()));
            return;
        };
        let Some(current) = line.get_untracked() else {
            return;
        };
        match reprice(app, &current, qty, lang) {
            Ok(next) => {
                problem.set(None);
                lines.update(|l| {
                    if let Some((_, slot)) = l.iter_mut().find(|(k, _)| *k == key) {
                        *slot = next;
                    }
                });
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let remove = move |_| lines.update(|l| l.retain(|(k, _)| *k != key));
    let view_of = move |f: fn(&RequisitionLine, Lang) -> String| {
        let lang = i18n.lang();
        line.with(|l| l.as_ref().map(|l| f(l, lang)).unwrap_or_default())
    };
    let is_catalog = initial.as_ref().is_some_and(RequisitionLine::is_catalog);
    view! {
        <tr data-testid="req-line" data-catalog=is_catalog.to_string()>
            <td class="item-cell" data-label=move || i18n.t(ReqMsg::ColItem)>
                <div data-content="product">{move || view_of(|l, _| l.description.clone())}</div>
                {move || line.with(|l| l.as_ref().map(|l| kind_badge(l, i18n.lang())))}
            </td>
            <td class="supplier-cell" data-label=move || i18n.t(ReqMsg::ColSupplier)>{move || view_of(supplier_cell)}
                <crate::pages::suppliers::performance::StandingNote supplier=Signal::derive(move || view_of(|l, _| l.supplier_id.to_string()))/>
            </td>
            <td class="num qty-cell" data-label=move || i18n.t(ReqMsg::ColQty)>
                <input type="text" inputmode="decimal" class="qty" data-testid="req-line-qty"
                    aria-label=move || i18n.t(ReqMsg::ColQty) prop:value=qty_text on:input=set_qty/>
                <span class="unit">{move || view_of(|l, lang| unit_label(&l.unit, lang))}</span>
                {move || problem.get().map(|p| view! { <div class="error small" role="alert">{p}</div> })}
            </td>
            <td class="num" data-label=move || i18n.t(ReqMsg::ColUnitPrice)>{move || view_of(|l, lang| money(lang, l.unit_price, &l.currency))}</td>
            <td class="num" data-label=move || i18n.t(ReqMsg::ColLineNet)>{move || view_of(|l, lang| procura_ground::money::line_net(l.quantity, l.unit_price, &l.currency).map_or_else(|_| "—".to_owned(), |n| money(lang, n, &l.currency)))}</td>
            <td data-label=move || i18n.t(ReqMsg::ColNote)>{move || view_of(|l, _| l.note.clone())}</td>
            <td><button type="button" class="link-button" data-testid="req-line-remove" on:click=remove>{move || i18n.t(ReqMsg::Remove)}</button></td>
        </tr>
    }
}

/// `line` at quantity `qty`: a catalog line whose item is on the device takes the tier price
/// for it (and may not go below the minimum order); other lines keep their price.
fn reprice(
    app: AppState,
    line: &RequisitionLine,
    qty: Decimal,
    lang: Lang,
) -> Result<RequisitionLine, String> {
    let mut next = line.clone();
    next.quantity = qty;
    let Some(id) = &line.item_id else {
        return Ok(next);
    };
    let item = app.catalog.with_untracked(|c| c.item(id.as_str()).cloned());
    let Some(item) = item.filter(|i| i.currency == line.currency) else {
        return Ok(next);
    };
    // At a contract's prices where one is in force (the hub prices it the same way).
    let (item, contract) = match crate::ui::contracts::priced_now(app, &item) {
        Some((priced, c)) => (priced, Some(c)),
        None => (item, None),
    };
    next.contract = contract;
    let min = item.min_order_qty();
    if qty < min {
        return Err(ReqMsg::below_minimum(lang, min.normalize()));
    }
    if let Some(price) = item.unit_price_at(qty) {
        next.unit_price = price;
    }
    Ok(next)
}
