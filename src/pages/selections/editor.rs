//! One supplier selection: its criteria and candidates, the pairwise comparisons, and — live as
//! the buyer moves a slider — the weights, the consistency ratio, the judgements that disagree
//! most with the rest (with the value that would fit), and the ranking.
//!
//! The arithmetic is the core's (`procura_suppliers::ahp`); this screen only turns slider
//! positions into judgements and shows what the core says.

use super::msg::SelMsg;
use super::pairs::{
    carry_over, notation, pair_index, pairs, to_judgement, to_position, PairSlider,
};
use crate::i18n::{use_i18n, Lang};
use crate::state::{use_app, AppState};
use crate::sync::records;
use crate::ui::chart::{Bar, BarChart, Tone};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use procura_ground::id::SupplierId;
use procura_ground::role::Role;
use procura_suppliers::ahp::{self, Hierarchy};
use procura_suppliers::selection::{
    self, Candidate, Selection, SelectionCriterion, SelectionDraft,
};
use procura_sync::sync::{Op, Record};

/// The criteria a buyer is offered first (the issue's and the textbooks' usual six).
pub const SUGGESTED: [&str; 6] = [
    "price",
    "quality",
    "delivery",
    "service",
    "technical",
    "risk",
];

/// The name of a suggested criterion in the viewer's language; a custom one keeps its label.
pub fn criterion_name(lang: Lang, c: &SelectionCriterion) -> String {
    let msg = match c.key.as_str() {
        "price" => SelMsg::CritPrice,
        "quality" => SelMsg::CritQuality,
        "delivery" => SelMsg::CritDelivery,
        "service" => SelMsg::CritService,
        "technical" => SelMsg::CritTechnical,
        "risk" => SelMsg::CritRisk,
        _ => return c.label.clone(),
    };
    msg.text(lang).to_owned()
}

/// A suggested criterion as the record keeps it: its key, and its English name for API readers
/// (the screen names it in the viewer's language).
fn suggested(key: &str) -> SelectionCriterion {
    let c = SelectionCriterion {
        key: key.to_owned(),
        label: String::new(),
    };
    SelectionCriterion {
        label: criterion_name(Lang::En, &c),
        ..c
    }
}

/// The form: what the buyer is editing, judgements as slider positions.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    id: String,
    title: String,
    criteria: Vec<SelectionCriterion>,
    candidates: Vec<Candidate>,
    crit: Vec<i8>,
    cand: Vec<Vec<i8>>,
    derived: Vec<bool>,
    base_revision: u32,
}

impl Form {
    fn new(id: String) -> Self {
        let criteria: Vec<SelectionCriterion> = ["price", "quality", "delivery"]
            .into_iter()
            .map(suggested)
            .collect();
        Form {
            id,
            title: String::new(),
            crit: vec![0; pairs(criteria.len()).len()],
            cand: vec![Vec::new(); criteria.len()],
            derived: vec![false; criteria.len()],
            criteria,
            candidates: Vec::new(),
            base_revision: 0,
        }
    }

    fn from_record(s: &Selection) -> Self {
        Form {
            id: s.id.clone(),
            title: s.title.clone(),
            criteria: s.criteria.clone(),
            candidates: s.candidates.clone(),
            crit: s
                .criteria_judgements
                .iter()
                .copied()
                .map(to_position)
                .collect(),
            cand: s
                .candidate_judgements
                .iter()
                .map(|m| m.iter().copied().map(to_position).collect())
                .collect(),
            derived: s.derived.clone(),
            base_revision: s.revision,
        }
    }

    fn criterion_keys(&self) -> Vec<String> {
        self.criteria.iter().map(|c| c.key.clone()).collect()
    }

    fn candidate_keys(&self) -> Vec<String> {
        self.candidates
            .iter()
            .map(|c| c.supplier_id.to_string())
            .collect()
    }

    /// Replaces the criteria, keeping every judgement whose items remain.
    fn set_criteria(&mut self, criteria: Vec<SelectionCriterion>) {
        let old_keys = self.criterion_keys();
        let new_keys: Vec<String> = criteria.iter().map(|c| c.key.clone()).collect();
        self.crit = carry_over(&old_keys, &self.crit, &new_keys);
        let blank = vec![0; pairs(self.candidates.len()).len()];
        let (cand, derived) = new_keys
            .iter()
            .map(|k| match old_keys.iter().position(|o| o == k) {
                Some(i) => (self.cand[i].clone(), self.derived[i]),
                None => (blank.clone(), false),
            })
            .unzip();
        self.cand = cand;
        self.derived = derived;
        self.criteria = criteria;
    }

    /// Replaces the candidates, keeping every judgement between suppliers that remain.
    fn set_candidates(&mut self, candidates: Vec<Candidate>) {
        let old_keys = self.candidate_keys();
        let new_keys: Vec<String> = candidates
            .iter()
            .map(|c| c.supplier_id.to_string())
            .collect();
        for m in &mut self.cand {
            *m = carry_over(&old_keys, m, &new_keys);
        }
        self.candidates = candidates;
    }

    fn draft(&self) -> SelectionDraft {
        SelectionDraft {
            id: self.id.clone(),
            title: self.title.trim().to_owned(),
            criteria: self.criteria.clone(),
            candidates: self.candidates.clone(),
            criteria_judgements: self.crit.iter().copied().map(to_judgement).collect(),
            candidate_judgements: self
                .cand
                .iter()
                .map(|m| m.iter().copied().map(to_judgement).collect())
                .collect(),
            derived: self.derived.clone(),
            base_revision: self.base_revision,
        }
    }

    fn matrix(n: usize, positions: &[i8]) -> Result<Vec<Vec<f64>>, ahp::AhpError> {
        let judgements: Vec<_> = positions.iter().copied().map(to_judgement).collect();
        ahp::matrix_from_upper(n, &judgements)
    }

    fn hierarchy(&self) -> Option<Hierarchy> {
        let criteria = Self::matrix(self.criteria.len(), &self.crit).ok()?;
        let alternatives = self
            .cand
            .iter()
            .map(|m| Self::matrix(self.candidates.len(), m))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        Some(Hierarchy {
            criteria,
            sub_criteria: vec![None; self.criteria.len()],
            alternatives,
        })
    }
}

/// The selection with this id among the synced records (pending edits on top).
pub fn selection(app: AppState, id: &str) -> Option<Selection> {
    app.work.with(|w| {
        w.records.values().find_map(|r| match r {
            Record::Selection(s) if s.id == id => Some(s.clone()),
            _ => None,
        })
    })
}

fn may_edit(app: AppState, s: Option<&Selection>) -> bool {
    let Some(me) = crate::org::me(app) else {
        return false;
    };
    match s {
        None => me.has(Role::Buyer) || me.has(Role::Admin),
        Some(s) => s.created_by == me.id || me.has(Role::Admin),
    }
}

fn fmt(v: f64, digits: usize) -> String {
    format!("{v:.digits$}")
}

#[component]
pub fn SelectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let stored = Memo::new(move |_| selection(app, &id.get()));
    let is_new = Memo::new(move |_| id.get() == "new");
    let form = RwSignal::new(None::<Form>);
    // Fill the form: blank for a new selection, else from the record the address names, once
    // (the buyer's edits are not overwritten by a pull); again when the address names another
    // selection (the router keeps this page when only the id changes).
    Effect::new(move |_| {
        let wanted = id.get();
        let shown = form.with_untracked(|f| f.as_ref().map(|f| f.id.clone()));
        if is_new.get() {
            if shown.is_none() {
                form.set(Some(Form::new(crate::device::random_uuid())));
            }
        } else if shown.as_deref() != Some(wanted.as_str()) {
            form.set(stored.get().map(|s| Form::from_record(&s)));
        }
    });
    let editable = Memo::new(move |_| stored.with(|s| may_edit(app, s.as_ref())));
    let readonly = Signal::derive(move || !editable.get());
    let message = RwSignal::new(None::<(bool, String)>);
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());

    let save = move |_| {
        let Some(f) = form.get_untracked() else {
            return;
        };
        let lang = i18n.0.get_untracked();
        if f.criteria.len() < 2 || f.candidates.len() < 2 {
            message.set(Some((false, SelMsg::NeedTwo.text(lang).to_owned())));
            return;
        }
        let draft = f.draft();
        let me = crate::org::me(app);
        let Some(me) = me else { return };
        // The core's own check first, so a mistake shows here and not as a refusal later.
        if let Err(r) = selection::save(
            stored.get_untracked().as_ref(),
            draft.clone(),
            &me.id,
            &me.roles,
            crate::org::now_ms(),
        ) {
            message.set(Some((false, crate::i18n::reasons::text(lang, &r.reason))));
            return;
        }
        spawn_local(async move {
            match records::queue(app, Op::SaveSelection { selection: draft }).await {
                Ok(()) => {
                    message.set(Some((true, SelMsg::Saved.text(lang).to_owned())));
                    if is_new.get_untracked() {
                        let id = form.with_untracked(|f| f.as_ref().map(|f| f.id.clone()));
                        if let Some(id) = id {
                            navigate.with_value(|go| {
                                go(&format!("/suppliers/selections/{id}"), Default::default())
                            });
                        }
                    }
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    };

    view! {
        <section class="page selection">
            <A href="/suppliers/selections" attr:class="back-link">"← " {move || i18n.t(SelMsg::Back)}</A>
            {move || match form.get() {
                None => view! { <p class="empty" data-testid="selection-missing">{move || i18n.t(SelMsg::NotFound)}</p> }.into_any(),
                Some(_) => view! {
                    <SelectionForm form readonly stored/>
                    <div class="sticky-actions">
                        {move || message.get().map(|(ok, text)| view! {
                            <p class=if ok { "notice" } else { "error" } role=if ok { "status" } else { "alert" } data-testid="selection-message">{text}</p>
                        })}
                        <Show when=move || editable.get()>
                            <button class="primary" data-testid="save-selection" on:click=save>{move || i18n.t(SelMsg::Save)}</button>
                        </Show>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SelectionForm(
    form: RwSignal<Option<Form>>,
    readonly: Signal<bool>,
    stored: Memo<Option<Selection>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let get =
        move |f: &dyn Fn(&Form) -> String| form.with(|x| x.as_ref().map(f).unwrap_or_default());
    let update = move |f: &dyn Fn(&mut Form)| {
        form.update(|x| {
            if let Some(x) = x.as_mut() {
                f(x)
            }
        })
    };
    let criteria = Memo::new(move |_| {
        form.with(|f| f.as_ref().map(|f| f.criteria.clone()).unwrap_or_default())
    });
    let candidates = Memo::new(move |_| {
        form.with(|f| f.as_ref().map(|f| f.candidates.clone()).unwrap_or_default())
    });
    let custom = RwSignal::new(String::new());

    // Live analysis: the criteria matrix alone, and the whole hierarchy when complete.
    let crit_analysis = Memo::new(move |_| {
        form.with(|f| {
            let f = f.as_ref()?;
            let m = Form::matrix(f.criteria.len(), &f.crit).ok()?;
            let a = ahp::analyse(&m).ok()?;
            let worst = ahp::most_inconsistent(&m, 3).unwrap_or_default();
            Some((a, worst))
        })
    });
    let ranking = Memo::new(move |_| {
        form.with(|f| {
            let f = f.as_ref()?;
            if f.criteria.len() < 2 || f.candidates.len() < 2 {
                return None;
            }
            ahp::rank(&f.hierarchy()?).ok()
        })
    });

    let toggle_criterion = move |key: &'static str, on: bool| {
        update(&|f| {
            let mut list = f.criteria.clone();
            if on && !list.iter().any(|c| c.key == key) && list.len() < ahp::MAX_ORDER {
                list.push(suggested(key));
            } else if !on {
                list.retain(|c| c.key != key);
            }
            f.set_criteria(list);
        })
    };
    let add_custom = move |_| {
        let label = custom.get_untracked().trim().to_owned();
        if label.is_empty() {
            return;
        }
        update(&|f| {
            let key = format!("custom-{}", label.to_lowercase());
            if f.criteria.iter().any(|c| c.key == key) || f.criteria.len() >= ahp::MAX_ORDER {
                return;
            }
            let mut list = f.criteria.clone();
            list.push(SelectionCriterion {
                key,
                label: label.clone(),
            });
            f.set_criteria(list);
        });
        custom.set(String::new());
    };
    let toggle_candidate = move |id: SupplierId, name: String, on: bool| {
        update(&|f| {
            let mut list = f.candidates.clone();
            if on && !list.iter().any(|c| c.supplier_id == id) && list.len() < ahp::MAX_ORDER {
                list.push(Candidate {
                    supplier_id: id.clone(),
                    name: name.clone(),
                });
            } else if !on {
                list.retain(|c| c.supplier_id != id);
            }
            f.set_candidates(list);
        })
    };

    view! {
        // The title is the buyer's words (data); "New selection" until there is one.
        <h1>{move || {
            let t = get(&|f| f.title.clone());
            if t.trim().is_empty() {
                view! { <span>{i18n.t(SelMsg::New)}</span> }.into_any()
            } else {
                view! { <span data-content="">{t}</span> }.into_any()
            }
        }}</h1>
        {move || stored.get().map(|s| {
            let ok = selection::verify(&s).is_ok();
            let lang = i18n.lang();
            view! {
                <p class=if ok { "muted" } else { "error" } data-testid="selection-chain">
                    {if ok { SelMsg::ChainOk.text(lang) } else { SelMsg::ChainBroken.text(lang) }}
                    " · " {SelMsg::Revision.text(lang)} " " {s.revision}
                    " · " {crate::ui::format::date_time(lang, s.updated_at_ms)}
                </p>
            }
        })}
        <Show when=move || readonly.get()>
            <p class="notice">{move || i18n.t(SelMsg::ReadOnly)}</p>
        </Show>
        <label class="field">{move || i18n.t(SelMsg::NameLabel)}
            <input type="text" data-testid="selection-title" maxlength="120"
                placeholder=move || i18n.t(SelMsg::NamePlaceholder)
                prop:value=move || get(&|f| f.title.clone())
                prop:disabled=move || readonly.get()
                on:input=move |ev| { let v = event_target_value(&ev); update(&|f| f.title = v.clone()) }/>
        </label>

        <fieldset class="choices" data-testid="criteria-choice">
            <legend>{move || i18n.t(SelMsg::Criteria)}</legend>
            {SUGGESTED.into_iter().map(|key| {
                let checked = move || criteria.with(|c| c.iter().any(|c| c.key == key));
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("criterion-{key}")
                            prop:checked=checked prop:disabled=move || readonly.get()
                            on:change=move |ev| toggle_criterion(key, event_target_checked(&ev))/>
                        {move || criterion_name(i18n.lang(), &SelectionCriterion { key: key.to_owned(), label: String::new() })}
                    </label>
                }
            }).collect_view()}
            {move || criteria.get().into_iter().filter(|c| !SUGGESTED.contains(&c.key.as_str())).map(|c| {
                let key = c.key.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=true prop:disabled=move || readonly.get()
                            on:change=move |_| { let key = key.clone(); update(&|f| { let mut l = f.criteria.clone(); l.retain(|x| x.key != key); f.set_criteria(l) }) }/>
                        <span data-content="">{c.label.clone()}</span>
                    </label>
                }
            }).collect_view()}
            <Show when=move || !readonly.get()>
                <div class="inline-add">
                    <input type="text" maxlength="60" aria-label=move || i18n.t(SelMsg::CustomCriterion)
                        placeholder=move || i18n.t(SelMsg::CustomCriterion)
                        prop:value=custom on:input=move |ev| custom.set(event_target_value(&ev))/>
                    <button type="button" on:click=add_custom>{move || i18n.t(SelMsg::AddCriterion)}</button>
                </div>
            </Show>
        </fieldset>

        <fieldset class="choices" data-testid="candidates-choice">
            <legend>{move || i18n.t(SelMsg::Candidates)}</legend>
            {move || {
                let lang = i18n.lang();
                app.suppliers.get().into_iter().map(|s| {
                    let id = s.id.clone();
                    let name = s.name.get(lang).to_owned();
                    let checked = { let id = id.clone(); move || candidates.with(|c| c.iter().any(|c| c.supplier_id == id)) };
                    let (id2, name2) = (id.clone(), name.clone());
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid=format!("candidate-{id}")
                                prop:checked=checked prop:disabled=move || readonly.get()
                                on:change=move |ev| toggle_candidate(id2.clone(), name2.clone(), event_target_checked(&ev))/>
                            <span data-content="">{name}</span>
                        </label>
                    }
                }).collect_view()
            }}
        </fieldset>

        <section class="comparisons" data-testid="criteria-pairs">
            <h2>{move || i18n.t(SelMsg::CompareCriteria)}</h2>
            {move || {
                let list = criteria.get();
                let n = list.len();
                let lang = i18n.lang();
                let worst = crit_analysis.with(|a| a.as_ref().and_then(|(a, w)| (!a.acceptable()).then(|| w.first().map(|w| (w.row, w.col))).flatten()));
                pairs(n).into_iter().map(|(i, j)| {
                    let k = pair_index(n, i, j);
                    let value = Signal::derive(move || form.with(|f| f.as_ref().and_then(|f| f.crit.get(k).copied()).unwrap_or(0)));
                    let on_change = Callback::new(move |v: i8| update(&|f| if let Some(x) = f.crit.get_mut(k) { *x = v }));
                    view! {
                        <PairSlider left=criterion_name(lang, &list[i]) right=criterion_name(lang, &list[j])
                            value on_change disabled=readonly flagged=Signal::derive(move || worst == Some((i, j)))/>
                    }
                }).collect_view()
            }}
            {move || crit_analysis.get().map(|(a, worst)| {
                let lang = i18n.lang();
                let list = criteria.get_untracked();
                let bars = list.iter().zip(&a.weights).map(|(c, w)| Bar {
                    label: criterion_name(lang, c),
                    label_is_data: !SUGGESTED.contains(&c.key.as_str()),
                    value: *w,
                    shown: format!("{:.1} %", w * 100.0),
                    tone: Tone::Plain,
                }).collect::<Vec<_>>();
                let summary = SelMsg::cr(lang, &fmt(a.cr, 3));
                view! {
                    <ConsistencyLine cr=a.cr lambda=a.lambda_max ci=a.ci/>
                    <Suggestions worst acceptable=a.acceptable() names=list.iter().map(|c| criterion_name(lang, c)).collect()
                        apply=Callback::new(move |(i, j, pos): (usize, usize, i8)| update(&|f| { let n = f.criteria.len(); if let Some(x) = f.crit.get_mut(pair_index(n, i, j)) { *x = pos } }))
                        readonly/>
                    <BarChart title=SelMsg::Weights.text(lang).to_owned() summary bars max=1.0
                        value_header=SelMsg::Score.text(lang).to_owned() test_id="weights-chart"/>
                }
            })}
        </section>

        {move || {
            let list = criteria.get();
            let cands = candidates.get();
            let n = cands.len();
            let lang = i18n.lang();
            if n < 2 {
                return view! { <p class="notice" data-testid="need-two">{SelMsg::NeedTwo.text(lang)}</p> }.into_any();
            }
            list.into_iter().enumerate().map(|(c, crit)| {
                let cname = criterion_name(lang, &crit);
                let cands = cands.clone();
                let analysis = Memo::new(move |_| form.with(|f| {
                    let f = f.as_ref()?;
                    let m = Form::matrix(f.candidates.len(), f.cand.get(c)?).ok()?;
                    Some((ahp::analyse(&m).ok()?, ahp::most_inconsistent(&m, 3).unwrap_or_default()))
                }));
                let derived = Memo::new(move |_| form.with(|f| f.as_ref().and_then(|f| f.derived.get(c).copied()).unwrap_or(false)));
                let key = crit.key.clone();
                let prefill = move |_| {
                    let ids: Vec<SupplierId> = form.with_untracked(|f| f.as_ref().map(|f| f.candidates.iter().map(|c| c.supplier_id.clone()).collect()).unwrap_or_default());
                    match crate::pages::suppliers::performance::criterion_scores(app, &key, &ids) {
                        Some(scores) => {
                            let positions: Vec<i8> = selection::derive_judgements(&scores).into_iter().map(to_position).collect();
                            update(&|f| if let (Some(m), Some(d)) = (f.cand.get_mut(c), f.derived.get_mut(c)) { *m = positions.clone(); *d = true; });
                        }
                        None => {
                            let lang = i18n.0.get_untracked();
                            web_sys::window().map(|w| w.alert_with_message(SelMsg::NoDataToDerive.text(lang)));
                        }
                    }
                };
                let names: Vec<String> = cands.iter().map(|c| c.name.clone()).collect();
                view! {
                    <section class="comparisons" data-testid="candidate-pairs">
                        <h2>{cname.clone()} " · " {move || i18n.t(SelMsg::CompareCandidates)}</h2>
                        <Show when=move || derived.get()>
                            <p class="badge derived" data-testid="derived">{move || i18n.t(SelMsg::Derived)}</p>
                        </Show>
                        <Show when=move || !readonly.get()>
                            <button type="button" class="link-button" data-testid="prefill" on:click=prefill.clone()>{move || i18n.t(SelMsg::PrefillFromData)}</button>
                        </Show>
                        {pairs(n).into_iter().map(|(i, j)| {
                            let k = pair_index(n, i, j);
                            let value = Signal::derive(move || form.with(|f| f.as_ref().and_then(|f| f.cand.get(c)?.get(k).copied()).unwrap_or(0)));
                            let on_change = Callback::new(move |v: i8| update(&|f| {
                                if let Some(x) = f.cand.get_mut(c).and_then(|m| m.get_mut(k)) { *x = v }
                                if let Some(d) = f.derived.get_mut(c) { *d = false }
                            }));
                            let flagged = Signal::derive(move || analysis.with(|a| a.as_ref().is_some_and(|(a, w)| !a.acceptable() && w.first().is_some_and(|w| (w.row, w.col) == (i, j)))));
                            view! { <PairSlider left=cands[i].name.clone() right=cands[j].name.clone() value on_change disabled=readonly flagged/> }
                        }).collect_view()}
                        {move || analysis.get().map(|(a, worst)| view! {
                            <ConsistencyLine cr=a.cr lambda=a.lambda_max ci=a.ci/>
                            <Suggestions worst acceptable=a.acceptable() names=names.clone()
                                apply=Callback::new(move |(i, j, pos): (usize, usize, i8)| update(&|f| {
                                    let n = f.candidates.len();
                                    if let Some(x) = f.cand.get_mut(c).and_then(|m| m.get_mut(pair_index(n, i, j))) { *x = pos }
                                    if let Some(d) = f.derived.get_mut(c) { *d = false }
                                }))
                                readonly/>
                        })}
                    </section>
                }
            }).collect_view().into_any()
        }}

        {move || ranking.get().map(|r| {
            let lang = i18n.lang();
            let cands = candidates.get_untracked();
            let best = r.scores.iter().cloned().fold(f64::MIN, f64::max);
            let bars = cands.iter().zip(&r.scores).map(|(c, s)| Bar {
                label: c.name.clone(),
                label_is_data: true,
                value: *s,
                shown: format!("{:.1} %", s * 100.0),
                tone: if *s >= best { Tone::Good } else { Tone::Plain },
            }).collect::<Vec<_>>();
            // The first of the highest (a tie names the first in the list).
            let leader = cands.iter().zip(&r.scores).fold(None::<(&Candidate, f64)>, |best, (c, s)| match best {
                Some((_, b)) if *s <= b => best,
                _ => Some((c, *s)),
            }).map(|(c, _)| c.name.clone()).unwrap_or_default();
            let ok = r.overall_cr < ahp::ACCEPTABLE_CR;
            view! {
                <section class="ranking" data-testid="ranking">
                    <h2>{SelMsg::Ranking.text(lang)}</h2>
                    <p data-testid="overall-cr" class=if ok { "ok" } else { "error" }>
                        {SelMsg::OverallCr.text(lang)} {crate::ui::format::colon(lang)} {fmt(r.overall_cr, 3)}
                        " · " {if ok { SelMsg::Consistent.text(lang) } else { SelMsg::Inconsistent.text(lang) }}
                    </p>
                    <p>{SelMsg::Leader.text(lang)} {crate::ui::format::colon(lang)} <strong data-testid="leader" data-content="">{leader.clone()}</strong></p>
                    <BarChart title=SelMsg::Ranking.text(lang).to_owned() summary=format!("{}{}{leader}", SelMsg::Leader.text(lang), crate::ui::format::colon(lang)) bars max=1.0
                        value_header=SelMsg::Score.text(lang).to_owned() test_id="ranking-chart"/>
                </section>
            }
        })}
    }
}

/// "CR = 0.043 · consistent enough", with λmax and CI for those who check the arithmetic.
#[component]
fn ConsistencyLine(cr: f64, lambda: f64, ci: f64) -> impl IntoView {
    let i18n = use_i18n();
    let ok = cr < ahp::ACCEPTABLE_CR;
    view! {
        <p class=if ok { "consistency ok" } else { "consistency error" } data-testid="consistency" data-ok=ok.to_string()>
            {move || SelMsg::cr(i18n.lang(), &fmt(cr, 3))} " · "
            {move || i18n.t(if ok { SelMsg::Consistent } else { SelMsg::Inconsistent })}
            // A formula's symbols are the same in every language.
            <small class="muted" translate="no">" (" {move || SelMsg::lambda(i18n.lang(), &fmt(lambda, 3), &fmt(ci, 3))} ")"</small>
        </p>
    }
}

/// The judgements furthest from what the others imply, each with the value that would fit
/// and an Apply button. Shown while the matrix is not consistent enough.
#[component]
fn Suggestions(
    worst: Vec<ahp::Inconsistency>,
    acceptable: bool,
    names: Vec<String>,
    apply: Callback<(usize, usize, i8)>,
    readonly: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!acceptable && !worst.is_empty()).then(|| {
        view! {
            <div class="suggestions" data-testid="inconsistencies">
                <h3>{move || i18n.t(SelMsg::MostInconsistent)}</h3>
                <ul>
                    {worst.into_iter().map(|w| {
                        let (left, right) = (names.get(w.row).cloned().unwrap_or_default(), names.get(w.col).cloned().unwrap_or_default());
                        let pos = to_position(w.suggested);
                        let text = move || SelMsg::suggestion(i18n.lang(), &notation(w.entered), &notation(w.suggested.value()), &fmt(w.cr_if_suggested, 3));
                        view! {
                            <li data-testid="inconsistency">
                                <strong><span data-content="">{left}</span> " ⇄ " <span data-content="">{right}</span></strong> " "
                                <span>{text}</span> " "
                                <Show when=move || !readonly.get()>
                                    <button type="button" data-testid="apply-suggestion" on:click=move |_| apply.run((w.row, w.col, pos))>{move || i18n.t(SelMsg::Apply)}</button>
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
