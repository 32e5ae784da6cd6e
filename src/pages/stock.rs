//! The Stock screen (`/stock`): the reorder list with one tap to the cart, every stocked item's
//! level, a goods issue on the tablet, each item's weekly stock chart with its reorder point
//! and safety stock, and (admins) stocking an item or recounting it. The figures are the core's
//! ([`procura_spend::stock::reorder`]); this screen only shows them and queues changes.

mod edit;
mod items;
mod msg;
mod reorder;

pub use msg::StockMsg;

use crate::i18n::use_i18n;
use crate::state::{use_app, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use procura_catalog::catalog::CatalogItem;
use procura_procurement::approval::stock::StockDefaults;
use procura_spend::stock::{self, GoodsIssue, Missing, Moved, Row, Stock};
use procura_sync::sync::Record;
use std::sync::Arc;

/// Weeks of goods issues demand is measured over, and the chart shows.
pub const WEEKS: u32 = 52;
/// Weeks the stock chart shows.
pub const CHART_WEEKS: u32 = 26;

/// Everything the screen shows, computed once per change of the records or the catalog.
pub struct StockView {
    pub stocks: Vec<Stock>,
    pub rows: Vec<Result<Row, Missing>>,
    pub items: Vec<Option<CatalogItem>>,
    pub moved: Vec<Moved>,
    pub today: procura_ground::date::Date,
    pub currency: String,
    pub defaults: StockDefaults,
}

#[derive(Clone)]
pub struct Shared(pub Arc<StockView>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The stock picture of this device's records, `None` until the policy has synced (reactive).
pub fn use_stock(app: AppState) -> Memo<Option<Shared>> {
    Memo::new(move |_| {
        let policy = crate::org::policy(app)?;
        let orders = crate::org::orders(app);
        let (mut stocks, issues): (Vec<Stock>, Vec<GoodsIssue>) = app.work.with(|w| {
            let mut stocks = Vec::new();
            let mut issues = Vec::new();
            for r in w.records.values() {
                match r {
                    Record::Stock(s) => stocks.push(s.clone()),
                    Record::GoodsIssue(g) => issues.push(g.clone()),
                    _ => {}
                }
            }
            (stocks, issues)
        });
        stocks.sort_by(|a, b| (&a.location, &a.item_id).cmp(&(&b.location, &b.item_id)));
        let catalog = app.catalog.get();
        let items: Vec<Option<CatalogItem>> = stocks
            .iter()
            .map(|s| catalog.item(s.item_id.as_str()).cloned())
            .collect();
        let today = procura_ground::date::day_of_ms(crate::org::now_ms());
        let moved = stock::movements(&stocks, &issues, &orders);
        let rows = stock::reorder(
            &stocks,
            &moved,
            &orders,
            |id| catalog.item(id.as_str()).cloned(),
            &policy.stock,
            today,
            WEEKS,
        );
        Some(Shared(Arc::new(StockView {
            stocks,
            rows,
            items,
            moved,
            today,
            currency: policy.currency.clone(),
            defaults: policy.stock.clone(),
        })))
    })
}

impl StockView {
    /// The item's name in `lang`, or its id when the catalog lost it.
    pub fn name(&self, i: usize, lang: crate::i18n::Lang) -> String {
        match &self.items[i] {
            Some(c) => c.name.get(lang).to_owned(),
            None => self.stocks[i].item_id.to_string(),
        }
    }

    /// The item's order unit in `lang`.
    pub fn unit(&self, i: usize, lang: crate::i18n::Lang) -> String {
        self.items[i]
            .as_ref()
            .map(|c| crate::ui::units::unit_label(&c.order_unit, lang))
            .unwrap_or_default()
    }
}

/// What the buyer has open or was told, kept across recomputations of the figures (a sync that
/// lands, their own goods issue): the sections are rebuilt then, these are not.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The stocked item (key) whose goods-issue form is open.
    pub issuing: RwSignal<Option<String>>,
    /// The stocked item (key) whose details are open.
    pub open: RwSignal<Option<String>>,
    /// Reorder rows (keys) the buyer unticked.
    pub unticked: RwSignal<std::collections::BTreeSet<String>>,
    pub reorder_message: RwSignal<Option<(bool, String)>>,
    pub issue_message: RwSignal<Option<(bool, String)>>,
    pub edit_message: RwSignal<Option<(bool, String)>>,
}

impl Ui {
    fn new() -> Self {
        Self {
            issuing: RwSignal::new(None),
            open: RwSignal::new(None),
            unticked: RwSignal::new(Default::default()),
            reorder_message: RwSignal::new(None),
            issue_message: RwSignal::new(None),
            edit_message: RwSignal::new(None),
        }
    }
}

/// Whether the logged-in user is an admin (reactive).
pub fn is_admin(app: AppState) -> bool {
    app.session.with(|s| {
        s.as_ref()
            .is_some_and(|s| s.user.has_role(procura_ground::role::Role::Admin))
    })
}

#[component]
pub fn StockPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_stock(app);
    let ui = Ui::new();
    view! {
        <section class="page stock" data-testid="stock-page">
            <div class="page-head">
                <h1>{move || i18n.t(StockMsg::Title)}</h1>
                <A href="/spend" attr:class="button">{move || i18n.t(crate::pages::spend::SpendMsg::Title)}</A>
            </div>
            <p class="muted">{move || i18n.t(StockMsg::Intro)}</p>
            {move || match data.get() {
                None => view! { <p class="muted" data-testid="stock-loading">{i18n.t(StockMsg::Loading)}</p> }.into_any(),
                Some(shared) => view! {
                    <reorder::Reorder data=shared.clone() ui/>
                    <items::Items data=shared.clone() ui/>
                    <edit::StockItem data=shared ui/>
                }.into_any(),
            }}
        </section>
    }
}
