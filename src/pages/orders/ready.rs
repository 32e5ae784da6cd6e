//! "Ready to order": approved requisitions with lines no order takes yet, each selectable, and
//! the purchase orders the core's `order::plan` makes of the selection (one per supplier,
//! currency and ship-to address; lines without a supplier need sourcing first). Creating them
//! queues one `CreateOrder` per planned order, offline too.

use super::{net_total, OrderMsg};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::sync::records;
use crate::ui::format::money;
use crate::ui::units::unit_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use procura_orders::order::{ordered_lines, plan, PurchaseOrder, SupplierPart, Unassigned};
use procura_procurement::approval::{Requisition, Status};
use procura_sync::sync::{Op, Record};
use std::collections::{BTreeMap, BTreeSet};

/// An approved requisition with lines still to order.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    requisition: Requisition,
    /// Indices of its lines some order already takes.
    ordered: Vec<u32>,
}

impl Candidate {
    /// The requisition as the plan should see it: lines already ordered lose their supplier, so
    /// the plan sets them aside (and they are then left out), while every other line keeps its
    /// index in the requisition.
    fn for_plan(&self) -> Requisition {
        let mut r = self.requisition.clone();
        for i in &self.ordered {
            if let Some(line) = r.lines.get_mut(*i as usize) {
                line.supplier_id = Default::default();
            }
        }
        r
    }

    fn open(&self) -> usize {
        self.requisition.lines.len() - self.ordered.len()
    }
}

/// Approved requisitions with lines not on any order, oldest need-by first (reactive).
fn candidates(app: AppState) -> Vec<Candidate> {
    let mut list: Vec<Candidate> = app.work.with(|w| {
        w.records
            .values()
            .filter_map(|r| match r {
                Record::Requisition(r) if r.status == Status::Approved => Some(r),
                _ => None,
            })
            .map(|r| Candidate {
                ordered: ordered_lines(
                    w.records.values().filter_map(Record::as_order),
                    r.id.as_str(),
                ),
                requisition: r.clone(),
            })
            .filter(|c| c.open() > 0)
            .collect()
    });
    list.sort_by(|a, b| {
        (a.requisition.need_by, a.requisition.id.as_str())
            .cmp(&(b.requisition.need_by, b.requisition.id.as_str()))
    });
    list
}

/// The plan for `selected` candidates, ids from `new_id`.
fn make_plan(
    app: AppState,
    selected: &[Candidate],
    new_id: &mut dyn FnMut() -> String,
) -> (Vec<PurchaseOrder>, Vec<Unassigned>) {
    let Some(me) = crate::org::me(app) else {
        return (Vec::new(), Vec::new());
    };
    let masked: Vec<Requisition> = selected.iter().map(Candidate::for_plan).collect();
    let refs: Vec<&Requisition> = masked.iter().collect();
    // The name the requester saw on the line, else the endpoint's.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for r in &masked {
        for l in r.lines.iter().filter(|l| !l.supplier_name.is_empty()) {
            names
                .entry(l.supplier_id.to_string())
                .or_insert_with(|| l.supplier_name.clone());
        }
    }
    let suppliers = app.suppliers.get_untracked();
    let supplier_name = |id: &str| {
        names.get(id).cloned().unwrap_or_else(|| {
            suppliers
                .iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_owned(), |s| s.name.get(Lang::En).to_owned())
        })
    };
    let catalog = app.catalog.get_untracked();
    let supplier_part = |item_id: &str| -> Option<SupplierPart> {
        match catalog.item(item_id) {
            Some(item) => Some((item.sku.clone(), item.gtin.clone())),
            // Catalog ids are `{supplier}/{sku}`.
            None => item_id
                .split_once('/')
                .map(|(_, sku)| (sku.to_owned(), None)),
        }
    };
    let default_tax = crate::org::policy(app).map(|p| p.default_tax_percent);
    let (orders, unassigned) = plan(
        &refs,
        default_tax.unwrap_or_default(),
        (me.id.as_str(), &me.name),
        &supplier_name,
        &supplier_part,
        new_id,
        crate::org::now_ms(),
    );
    let ordered: BTreeSet<(String, u32)> = selected
        .iter()
        .flat_map(|c| c.ordered.iter().map(|i| (c.requisition.id.to_string(), *i)))
        .collect();
    let unassigned = unassigned
        .into_iter()
        .filter(|u| !ordered.contains(&(u.requisition_id.to_string(), u.requisition_line)))
        .collect();
    (orders, unassigned)
}

#[component]
pub fn ReadyToOrder() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let list = Memo::new(move |_| candidates(app));
    // Requisitions the buyer unticked (everything is selected by default).
    let unticked = RwSignal::new(BTreeSet::<String>::new());
    let selected = Memo::new(move |_| {
        let off = unticked.get();
        list.get()
            .into_iter()
            .filter(|c| !off.contains(c.requisition.id.as_str()))
            .collect::<Vec<_>>()
    });
    let preview = Memo::new(move |_| {
        let mut n = 0;
        let (orders, unassigned) = make_plan(app, &selected.get(), &mut || {
            n += 1;
            format!("preview-{n}")
        });
        (orders, unassigned)
    });
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<usize, String>>);
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        let (orders, _) = make_plan(
            app,
            &selected.get_untracked(),
            &mut crate::device::random_uuid,
        );
        if orders.is_empty() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let count = orders.len();
            let mut outcome = Ok(count);
            for order in orders {
                if let Err(e) = records::queue(app, Op::CreateOrder { order }).await {
                    outcome = Err(e.to_string());
                    break;
                }
            }
            result.try_set(Some(outcome));
            busy.try_set(false);
        });
    };
    let titles = move || {
        list.with(|l| {
            l.iter()
                .map(|c| (c.requisition.id.to_string(), c.requisition.title.clone()))
                .collect::<BTreeMap<_, _>>()
        })
    };
    view! {
        <section class="req-section ready-to-order" data-testid="ready-to-order">
            <h2>{move || i18n.t(OrderMsg::ReadyTitle)}</h2>
            {move || result.get().map(|r| match r {
                Ok(n) => view! {
                    <p class="notice ok" role="status" data-testid="orders-created">
                        {OrderMsg::created(i18n.lang(), n)}
                    </p>
                }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e}</p> }.into_any(),
            })}
            <Show when=move || list.with(|l| !l.is_empty())
                fallback=move || view! { <p class="muted" data-testid="nothing-to-order">{move || i18n.t(OrderMsg::ReadyNone)}</p> }>
                <ul class="ready-list">
                    {move || {
                        let lang = i18n.lang();
                        list.get().into_iter().map(|c| candidate_row(c, unticked, lang)).collect_view()
                    }}
                </ul>
                <h3>{move || i18n.t(OrderMsg::PlanTitle)}</h3>
                {move || {
                    let lang = i18n.lang();
                    let titles = titles();
                    let (orders, unassigned) = preview.get();
                    view! {
                        {orders.is_empty().then(|| view! { <p class="muted">{OrderMsg::PlanEmpty.text(lang)}</p> })}
                        <div class="planned-orders">
                            {orders.into_iter().map(|o| planned(o, &titles, lang)).collect_view()}
                        </div>
                        {(!unassigned.is_empty()).then(|| sourcing(unassigned, &titles, lang))}
                    }
                }}
                <div class="submit-row">
                    <button class="primary" data-testid="create-orders"
                        disabled=move || busy.get() || preview.with(|(o, _)| o.is_empty())
                        on:click=create>
                        {move || {
                            let n = preview.with(|(o, _)| o.len());
                            OrderMsg::create_orders(i18n.lang(), n)
                        }}
                    </button>
                </div>
            </Show>
        </section>
    }
}

fn candidate_row(c: Candidate, unticked: RwSignal<BTreeSet<String>>, lang: Lang) -> impl IntoView {
    let r = c.requisition.clone();
    let id = r.id.clone();
    let checked = {
        let id = id.clone();
        move || !unticked.with(|u| u.contains(id.as_str()))
    };
    let toggle = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            unticked.update(|u| {
                if on {
                    u.remove(id.as_str());
                } else {
                    u.insert(id.to_string());
                }
            });
        }
    };
    let lines = OrderMsg::open_lines(lang, c.open(), r.lines.len());
    view! {
        <li class="ready-requisition" data-testid="ready-requisition" data-id=id.to_string()>
            <label class="check">
                <input type="checkbox" data-testid="ready-select" prop:checked=checked on:change=toggle/>
                <span>
                    <strong>{r.title.clone()}</strong>
                    <span class="muted">" · " {r.requester_name.clone()} " · " {lines}</span>
                    <div class="muted small">
                        {OrderMsg::NeedBy.text(lang)} " " {crate::ui::format::day(lang, r.need_by)} " · " {r.delivery_address.clone()}
                    </div>
                </span>
            </label>
            <A href=format!("/requisitions/{id}") attr:class="small">{OrderMsg::OpenRequisition.text(lang)}</A>
        </li>
    }
}

fn planned(o: PurchaseOrder, titles: &BTreeMap<String, String>, lang: Lang) -> impl IntoView {
    let reqs = o
        .requisitions
        .iter()
        .map(|id| {
            titles
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| id.to_string())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let total = money(lang, net_total(&o), &o.currency);
    let lines = o
        .lines
        .iter()
        .map(|l| {
            view! {
                <li>
                    {l.description.clone()} " — " {l.quantity.normalize().to_string()} " "
                    {unit_label(&l.unit, lang)} " × " {money(lang, l.unit_price, &o.currency)}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="req-card planned-order" data-testid="planned-order" data-supplier=o.supplier_id.to_string() data-lines=o.lines.len()>
            <div class="planned-head">
                <strong>{crate::ui::names::supplier_name(o.supplier_id.as_str(), &o.supplier_name, lang)}</strong>
                <span class="muted">" · " {o.currency.clone()}</span>
                <span class="planned-total">{total}</span>
            </div>
            <div class="muted small">{OrderMsg::ShipTo.text(lang)} ": " {o.ship_to.clone()}</div>
            <div class="muted small">{OrderMsg::Requisitions.text(lang)} ": " {reqs}</div>
            <ol class="planned-lines">{lines}</ol>
        </div>
    }
}

fn sourcing(
    unassigned: Vec<Unassigned>,
    titles: &BTreeMap<String, String>,
    lang: Lang,
) -> impl IntoView {
    let rows = unassigned
        .into_iter()
        .map(|u| {
            let title = titles
                .get(u.requisition_id.as_str())
                .cloned()
                .unwrap_or_else(|| u.requisition_id.to_string());
            view! {
                <li data-testid="needs-sourcing" data-requisition=u.requisition_id.to_string() data-line=u.requisition_line>
                    {u.description.clone()}
                    <span class="muted">" · " {title} " · " {OrderMsg::line_n(lang, u.requisition_line + 1)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="needs-sourcing notice warn">
            <strong>{OrderMsg::NeedsSourcing.text(lang)}</strong>
            <ul>{rows}</ul>
        </div>
    }
}
