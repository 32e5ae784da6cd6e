//! The cart page: the user's named carts (kept on this device, working offline), their lines
//! re-priced by tier as quantities change, non-catalog lines, totals, and the way on to a
//! requisition. The rules (tiers, minimum order quantities, merging) are the core's
//! (`procura_procurement::cart`); this screen stores and shows.

mod add;
mod free_text;

pub use add::{add_to_cart, AddToCart};

use crate::i18n::{use_i18n, I18n, Lang};
use crate::state::{use_app, AppState, StorageStatus};
use crate::ui::format::money;
use crate::ui::units::unit_label;
use crate::ui::user::user_id;
use free_text::FreeTextForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use procura_procurement::cart::{CartError, CartLine, Carts, LineProblem};
use rust_decimal::Decimal;
use std::str::FromStr;

crate::i18n::messages!(CartMsg {
    Title => "Cart", "购物车";
    Intro => "Carts are kept on this device and work offline. Collect what you need, then create a requisition for approval.", "购物车保存在本设备上，可离线使用。先收集所需商品，再创建采购申请提交审批。";
    ChooseCart => "Cart", "购物车";
    NewCart => "New cart", "新建购物车";
    RenameCart => "Rename", "重命名";
    DeleteCart => "Delete cart", "删除购物车";
    CartName => "Cart name", "购物车名称";
    DefaultCartName => "My cart", "我的购物车";
    Create => "Create", "创建";
    Save => "Save", "保存";
    Cancel => "Cancel", "取消";
    EmptyCart => "This cart is empty. Add items from the catalog, or a non-catalog item below.", "此购物车为空。请从商品目录添加商品，或在下方添加目录外商品。";
    NoCarts => "You have no cart yet. “Add to cart” in the catalog starts one.", "您还没有购物车。在商品目录中点击“加入购物车”即可创建。";
    BrowseCatalog => "Browse the catalog", "浏览商品目录";
    Item => "Item", "商品";
    Supplier => "Supplier", "供应商";
    Quantity => "Quantity", "数量";
    UnitPrice => "Unit price", "单价";
    LineTotal => "Line total", "小计";
    Note => "Note", "备注";
    NotePlaceholder => "Note for the approver or supplier", "给审批人或供应商的备注";
    Remove => "Remove", "删除";
    CatalogBadge => "Catalog", "目录商品";
    NonCatalogBadge => "Non-catalog", "目录外";
    Estimate => "estimate", "估价";
    QuantityNotPositive => "The quantity must be above zero", "数量必须大于零";
    QuantityOutOfRange => "The quantity must be at most 1,000,000,000, with at most 6 decimals", "数量最多为 1,000,000,000，且最多 6 位小数";
    PriceOutOfRange => "The price must be 0 to 1,000,000,000,000, with at most 6 decimals", "价格须在 0 到 1,000,000,000,000 之间，且最多 6 位小数";
    AmountOutOfRange => "The total is above 1,000,000,000,000: order less", "金额超过 1,000,000,000,000，请减少数量";
    RateOutOfRange => "The rate is out of range", "税率或汇率超出范围";
    NotANumber => "Enter a number", "请输入数字";
    NoPrice => "This item has no price", "此商品没有价格";
    NeedsQuote => "Needs a quote", "需询价";
    NeedsEstimate => "Price on request: enter your estimate", "价格面议：请填写估计价格";
    EstimateFor => "Estimated unit price", "估计单价";
    NotOnRequest => "Only an item with its price on request takes an estimate", "只有价格面议的商品才需填写估计价格";
    Totals => "Totals", "合计";
    NetByCurrency => "Net, in the suppliers' currencies", "不含税金额（按供应商币种）";
    Net => "Net", "不含税金额";
    Tax => "Tax", "税额";
    Gross => "Gross", "含税总额";
    CreateRequisition => "Create requisition", "创建采购申请";
    FixLinesFirst => "Fix the marked lines before creating a requisition.", "请先修正标记的行，再创建采购申请。";
    AddNonCatalog => "Add a non-catalog item", "添加目录外商品";
    NonCatalogHint => "For something the catalog does not have: describe it and estimate its price. Non-catalog lines get a purchasing review.", "用于目录中没有的商品：请描述并估算价格。目录外商品需经采购审核。";
    Description => "Description", "描述";
    EstimatedPrice => "Estimated unit price", "预估单价";
    Currency => "Currency", "币种";
    Unit => "Unit", "单位";
    SuggestedSupplier => "Suggested supplier (optional)", "建议供应商（可选）";
    Add => "Add", "添加";
    AddToCart => "Add to cart", "加入购物车";
    AddToCartTitle => "Add to the active cart", "加入当前购物车";
    NotOnDevice => "This item is no longer on the device", "本设备上已没有此商品";
    StorageNotReady => "Local storage is not open yet", "本地存储尚未打开";
    NotLoggedIn => "Nobody is logged in", "尚未登录";
    NoDescription => "Describe the item", "请描述商品";
    NegativePrice => "The price cannot be negative", "价格不能为负";
    BadCurrency => "Choose a currency", "请选择币种";
    NoUnit => "Choose a unit", "请选择单位";
    EmptyName => "Give the cart a name", "请为购物车命名";
    NameTooLong => "A cart name has at most 80 characters", "购物车名称最多 80 个字符";
    TooManyCarts => "You have the most carts allowed (50): delete one first", "购物车数量已达上限（50 个），请先删除一个";
    TooManyLines => "A cart holds at most 500 lines", "一个购物车最多 500 行";
    CartGone => "This cart no longer exists", "此购物车已不存在";
    EmptyCartError => "The cart is empty", "购物车为空";
    Loading => "Loading…", "加载中…";
});

crate::i18n::texts!(CartMsg {
    fn no_rate_line(cur: impl std::fmt::Display) en: "No exchange rate for {cur}: ask your administrator", zh: "没有 {cur} 的汇率：请联系管理员";
    fn no_rate_totals(cur: impl std::fmt::Display) en: "The organisation has no exchange rate for {cur}: this cart cannot become a requisition until an administrator adds one to the policy.", zh: "组织没有 {cur} 的汇率：在管理员将其添加到规则之前，此购物车无法生成请购单。";
    fn confirm_delete_cart(name: &str, n: usize) [n] one: "Delete the cart “{name}” and its {n} line?", en: "Delete the cart “{name}” and its {n} lines?", zh: "删除购物车“{name}”及其 {n} 行？";
    fn min_qty(n: impl std::fmt::Display) en: "min. {n}", zh: "起订 {n}";
    fn below_minimum(n: impl std::fmt::Display) en: "Below the minimum order quantity ({n})", zh: "低于最小起订量（{n}）";
    fn next_tier(price: impl std::fmt::Display, n: impl std::fmt::Display) en: "{price} from {n}", zh: "满 {n} 起 {price}";
    fn estimated_in(c: impl std::fmt::Display) en: "In {c} at the organisation's rates", zh: "按组织汇率折算为 {c}";
    fn added_to(cart: impl std::fmt::Display) en: "Added to {cart}", zh: "已加入“{cart}”";
    fn added_quantity_now(n: impl std::fmt::Display) en: "{n} in the cart now", zh: "购物车中现有 {n}";
    fn line_n(n: impl std::fmt::Display) en: "Line {n}", zh: "第 {n} 行";
    fn lines_count(n: usize) [n] one: "{n} line", en: "{n} lines", zh: "{n} 行";
});

/// A cart's name as the viewer reads it: the default name in the UI language for the cart
/// made on the first add (stored unnamed). Carts made before carts were left unnamed carry
/// the default name of the language of the time; they read as the default too.
pub fn cart_name(cart: &procura_procurement::cart::Cart, lang: Lang) -> String {
    if has_default_name(cart) {
        CartMsg::DefaultCartName.text(lang).to_owned()
    } else {
        cart.name.clone()
    }
}

/// Whether `cart` goes by the default name: stored unnamed, or named "My cart" / "我的购物车"
/// by an older version (or by the buyer, which reads the same).
pub fn has_default_name(cart: &procura_procurement::cart::Cart) -> bool {
    let name = cart.name.trim();
    cart.is_unnamed()
        || [Lang::En, Lang::ZhCn]
            .into_iter()
            .any(|l| CartMsg::DefaultCartName.text(l) == name)
}

/// A line problem in the UI's language.
pub fn problem_text(problem: &LineProblem, lang: Lang) -> String {
    match problem {
        LineProblem::QuantityNotPositive => CartMsg::QuantityNotPositive.text(lang).to_owned(),
        LineProblem::BelowMinimum { min } => CartMsg::below_minimum(lang, min.normalize()),
        LineProblem::NoPrice => CartMsg::NoPrice.text(lang).to_owned(),
        LineProblem::NeedsEstimate => CartMsg::NeedsEstimate.text(lang).to_owned(),
        LineProblem::OutOfRange(e) => money_error_text(e, lang),
    }
}

/// A quantity, price or total past the core's bounds, in the UI's language.
pub fn money_error_text(error: &procura_ground::money::MoneyError, lang: Lang) -> String {
    use procura_ground::money::MoneyError;
    match error {
        MoneyError::Quantity(_) => CartMsg::QuantityOutOfRange,
        MoneyError::Price(_) => CartMsg::PriceOutOfRange,
        MoneyError::Amount => CartMsg::AmountOutOfRange,
        MoneyError::Rate(_) => CartMsg::RateOutOfRange,
    }
    .text(lang)
    .to_owned()
}

/// A refused cart change in the UI's language.
pub fn cart_error_text(error: &CartError, lang: Lang) -> String {
    let t = |m: CartMsg| m.text(lang).to_owned();
    match error {
        CartError::NoSuchCart | CartError::NoSuchLine | CartError::DuplicateId => {
            t(CartMsg::CartGone)
        }
        CartError::EmptyName => t(CartMsg::EmptyName),
        CartError::NameTooLong => t(CartMsg::NameTooLong),
        CartError::TooManyCarts => t(CartMsg::TooManyCarts),
        CartError::TooManyLines => t(CartMsg::TooManyLines),
        CartError::QuantityNotPositive => t(CartMsg::QuantityNotPositive),
        CartError::NoDescription => t(CartMsg::NoDescription),
        CartError::NegativePrice => t(CartMsg::NegativePrice),
        CartError::BadCurrency(_) => t(CartMsg::BadCurrency),
        CartError::NoUnit => t(CartMsg::NoUnit),
        CartError::Empty => t(CartMsg::EmptyCartError),
        CartError::NotOnRequest => t(CartMsg::NotOnRequest),
        CartError::OutOfRange(e) => money_error_text(e, lang),
        CartError::Line { line, problem } => format!(
            "{}: {}",
            CartMsg::line_n(lang, line),
            problem_text(problem, lang)
        ),
    }
}

/// Reads the logged-in user's carts once storage is open (and again when the user changes).
pub fn load_carts_when_ready(app: AppState, into: RwSignal<Option<Carts>>) {
    Effect::new(move |_| {
        let ready = app.storage.get() == StorageStatus::Ready;
        let user = app.session.with(|s| s.as_ref().map(|s| s.user.id.clone()));
        let (true, Some(user), Some(db)) = (ready, user, crate::state::local_db()) else {
            return;
        };
        spawn_local(async move {
            if let Ok(carts) = db.load_carts(user.as_str()).await {
                into.try_set(Some(carts));
            }
        });
    });
}

/// The page's carts and how it changes them: each change is applied on screen at once and
/// stored by the core's own operation in one transaction (so a change made in another tab
/// meanwhile is kept).
#[derive(Clone, Copy)]
pub(crate) struct CartStore {
    app: AppState,
    i18n: I18n,
    carts: RwSignal<Option<Carts>>,
    error: RwSignal<Option<String>>,
    /// Changes sent to storage; only the newest one's stored result replaces the screen's.
    seq: StoredValue<u64>,
}

impl CartStore {
    fn lang(self) -> Lang {
        self.i18n.0.get_untracked()
    }

    /// Applies `op` to line `line` of cart `cart` (none: nothing to change), at the time of the
    /// change.
    fn change_line(
        self,
        cart: Option<String>,
        line: String,
        op: impl Fn(&mut procura_procurement::cart::Cart, &str, i64) -> Result<(), CartError> + 'static,
    ) {
        let Some(cart) = cart else {
            return;
        };
        let now = crate::org::now_ms();
        self.change(move |c| op(c.get_mut(&cart)?, &line, now), |()| {});
    }

    fn change<T: 'static>(
        self,
        op: impl Fn(&mut Carts) -> Result<T, CartError> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let lang = self.lang();
        let Some(user) = user_id(self.app) else {
            self.error
                .set(Some(CartMsg::NotLoggedIn.text(lang).to_owned()));
            return;
        };
        let Some(db) = crate::state::local_db() else {
            self.error
                .set(Some(CartMsg::StorageNotReady.text(lang).to_owned()));
            return;
        };
        if let Some(mut shown) = self.carts.get_untracked() {
            if let Err(e) = op(&mut shown) {
                self.error.set(Some(cart_error_text(&e, lang)));
                return;
            }
            self.carts.set(Some(shown));
        }
        self.error.set(None);
        let seq = self.seq.get_value() + 1;
        self.seq.set_value(seq);
        spawn_local(async move {
            match db.update_carts(&user, |c| op(c)).await {
                Ok((stored, result)) => {
                    if self.seq.try_get_value() == Some(seq) || result.is_err() {
                        self.carts.try_set(Some(stored));
                    }
                    match result {
                        Ok(v) => done(v),
                        Err(e) => {
                            self.error.try_set(Some(cart_error_text(&e, lang)));
                        }
                    }
                }
                Err(e) => {
                    self.error.try_set(Some(e.to_string()));
                }
            }
        });
    }
}

#[derive(Clone, PartialEq)]
enum Naming {
    New,
    Rename(String),
}

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let carts = RwSignal::new(None::<Carts>);
    let error = RwSignal::new(None::<String>);
    load_carts_when_ready(app, carts);
    let store = CartStore {
        app,
        i18n,
        carts,
        error,
        seq: StoredValue::new(0),
    };
    let active = Memo::new(move |_| carts.with(|c| c.as_ref().and_then(|c| c.active()).cloned()));
    let active_id = move || active.with(|c| c.as_ref().map(|c| c.id.clone()));

    // The name form: a new cart, or renaming the active one.
    let naming = RwSignal::new(None::<Naming>);
    let name_text = RwSignal::new(String::new());
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = name_text.get_untracked();
        let now = crate::org::now_ms();
        match naming.get_untracked() {
            Some(Naming::New) => {
                let id = crate::device::random_uuid();
                store.change(
                    move |c| c.create(&id, &name, now).map(|_| ()),
                    move |()| naming.set(None),
                );
            }
            Some(Naming::Rename(id)) => {
                store.change(
                    move |c| c.rename(&id, &name, now),
                    move |()| naming.set(None),
                );
            }
            None => {}
        }
    };
    let delete = move |_| {
        let Some(cart) = active.get_untracked() else {
            return;
        };
        let question = {
            let lang = i18n.0.get_untracked();
            CartMsg::confirm_delete_cart(lang, &cart_name(&cart, lang), cart.lines.len())
        };
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if confirmed {
            let id = cart.id.clone();
            store.change(move |c| c.delete(&id).map(|_| ()), |()| {});
        }
    };
    let choose = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        store.change(move |c| c.choose(&id), |()| {});
    };

    view! {
        <section class="page cart-page">
            <div class="page-head">
                <h1>{move || i18n.t(CartMsg::Title)}</h1>
                <div class="cart-picker">
                    <Show when=move || carts.with(|c| c.as_ref().is_some_and(|c| !c.carts.is_empty()))>
                        <label>
                            <span class="visually-hidden">{move || i18n.t(CartMsg::ChooseCart)}</span>
                            <select data-testid="cart-picker" prop:value=move || active_id().unwrap_or_default() on:change=choose>
                                {move || carts.with(|c| c.as_ref().map(|c| c.carts.iter().map(|cart| {
                                    let lang = i18n.lang();
                                    let label = format!("{} ({})", cart_name(cart, lang), CartMsg::lines_count(lang, cart.lines.len()));
                                    view! { <option value=cart.id.clone()>{label}</option> }
                                }).collect_view()))}
                            </select>
                        </label>
                        <button data-testid="rename-cart" on:click=move |_| {
                            if let Some(cart) = active.get_untracked() {
                                name_text.set(cart_name(&cart, i18n.lang_untracked()));
                                naming.set(Some(Naming::Rename(cart.id)));
                            }
                        }>{move || i18n.t(CartMsg::RenameCart)}</button>
                        <button data-testid="delete-cart" class="danger-outline" on:click=delete>{move || i18n.t(CartMsg::DeleteCart)}</button>
                    </Show>
                    <button data-testid="new-cart" on:click=move |_| {
                        name_text.set(String::new());
                        naming.set(Some(Naming::New));
                    }>{move || i18n.t(CartMsg::NewCart)}</button>
                </div>
            </div>
            <p class="muted">{move || i18n.t(CartMsg::Intro)}</p>
            {move || naming.get().map(|_| view! {
                <form class="cart-name-form" on:submit=save_name>
                    <label>
                        <span>{move || i18n.t(CartMsg::CartName)}</span>
                        <input type="text" data-testid="cart-name" maxlength="80" autofocus=true
                            prop:value=name_text on:input=move |ev| name_text.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="primary" data-testid="save-cart-name">
                        {move || i18n.t(if naming.with(|n| n == &Some(Naming::New)) { CartMsg::Create } else { CartMsg::Save })}
                    </button>
                    <button type="button" on:click=move |_| naming.set(None)>{move || i18n.t(CartMsg::Cancel)}</button>
                </form>
            })}
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="cart-error">{e}</p> })}
            {move || match carts.with(|c| c.as_ref().map(|c| c.carts.is_empty())) {
                None => view! { <p class="muted">{move || i18n.t(CartMsg::Loading)}</p> }.into_any(),
                Some(true) => view! {
                    <div class="empty">
                        <p>{move || i18n.t(CartMsg::NoCarts)}</p>
                        <A href="/catalog" attr:class="button primary">{move || i18n.t(CartMsg::BrowseCatalog)}</A>
                    </div>
                }.into_any(),
                Some(false) => view! { <CartLines store active/> }.into_any(),
            }}
            <FreeTextForm store/>
        </section>
    }
}

/// The active cart's lines, totals and the way on to a requisition.
#[component]
fn CartLines(
    store: CartStore,
    active: Memo<Option<procura_procurement::cart::Cart>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = store.app;
    let keys = move || {
        active.with(|c| {
            c.as_ref().map_or_else(Vec::new, |c| {
                c.lines
                    .iter()
                    .map(|l| (c.id.clone(), l.id.clone()))
                    .collect()
            })
        })
    };
    let empty = move || active.with(|c| c.as_ref().is_none_or(|c| c.lines.is_empty()));
    let problem = move || active.with(|c| c.as_ref().and_then(|c| c.first_problem()));
    // A line from a supplier the organisation's standings block: the hub would refuse the
    // requisition, so it is not offered (the core says why, in the buyer's language).
    let perf = crate::pages::suppliers::performance::use_performance(app);
    let blocked = move || {
        let lang = i18n.lang();
        active.with(|c| {
            let c = c.as_ref()?;
            perf.with(|p| {
                c.lines.iter().find_map(|l| {
                    crate::pages::suppliers::performance::may_order(
                        p,
                        l.supplier_id(),
                        l.supplier_name(lang),
                    )
                    .err()
                    .map(|r| crate::i18n::reasons::text(lang, &r.reason))
                })
            })
        })
    };
    let by_currency = move || {
        active.with(|c| {
            c.as_ref()
                .map(|c| c.totals_by_currency())
                .unwrap_or_default()
        })
    };
    // The totals in the organisation's currency, once the policy is on the device.
    let estimated = move || {
        let policy = crate::org::policy(app)?;
        let lines = active.with(|c| c.as_ref().map(|c| c.requisition_lines(i18n.lang())))?;
        let totals =
            procura_procurement::approval::requisition::totals(&lines.ok()?, &policy).ok()?;
        Some((policy.currency, totals))
    };
    view! {
        <Show when=move || !empty() fallback=move || view! { <p class="empty" data-testid="cart-empty">{move || i18n.t(CartMsg::EmptyCart)}</p> }>
            <div class="table-scroll">
                <table class="data cart-lines stack">
                    <thead><tr>
                        <th>{move || i18n.t(CartMsg::Item)}</th>
                        <th>{move || i18n.t(CartMsg::Supplier)}</th>
                        <th class="num">{move || i18n.t(CartMsg::Quantity)}</th>
                        <th class="num">{move || i18n.t(CartMsg::UnitPrice)}</th>
                        <th class="num">{move || i18n.t(CartMsg::LineTotal)}</th>
                        <th>{move || i18n.t(CartMsg::Note)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>
                        <For each=keys key=|k| k.clone() children=move |(_, line_id)| line_row(store, active, line_id)/>
                    </tbody>
                </table>
            </div>
        </Show>
        <div class="cart-summary">
            <div class="cart-totals" data-testid="cart-totals">
                <h2>{move || i18n.t(CartMsg::Totals)}</h2>
                <p class="muted">{move || i18n.t(CartMsg::NetByCurrency)}</p>
                <ul class="currency-totals">
                    {move || by_currency().into_iter().map(|(c, t)| view! { <li data-currency=c.clone()>{money(i18n.lang(), t, &c)}</li> }).collect_view()}
                </ul>
                {move || {
                    let missing = app.org_rates.with(|r| {
                        let r = r.as_ref()?;
                        active.with(|c| {
                            let c = c.as_ref()?;
                            r.missing(c.lines.iter().map(|l| l.currency())).into_iter().next()
                        })
                    });
                    missing.map(|(currency, _)| view! {
                        <p class="notice warn" role="status" data-testid="cart-no-rate">{CartMsg::no_rate_totals(i18n.lang(), &currency)}</p>
                    })
                }}
                {move || estimated().map(|(currency, t)| view! {
                    <p class="muted">{CartMsg::estimated_in(i18n.lang(), &currency)}</p>
                    <dl class="totals">
                        <dt>{i18n.t(CartMsg::Net)}</dt><dd data-testid="cart-net">{money(i18n.lang(), t.net, &currency)}</dd>
                        <dt>{i18n.t(CartMsg::Tax)}</dt><dd>{money(i18n.lang(), t.tax, &currency)}</dd>
                        <dt>{i18n.t(CartMsg::Gross)}</dt><dd class="gross">{money(i18n.lang(), t.gross, &currency)}</dd>
                    </dl>
                })}
            </div>
            <div class="cart-actions sticky-actions">
                {move || {
                    let id = active.with(|c| c.as_ref().map(|c| c.id.clone())).unwrap_or_default();
                    let label = i18n.t(CartMsg::CreateRequisition);
                    if empty() {
                        view! { <button class="primary" disabled=true data-testid="create-requisition">{label}</button> }.into_any()
                    } else if let Some(why) = blocked() {
                        view! {
                            <button class="primary" disabled=true data-testid="create-requisition">{label}</button>
                            <p class="error" role="alert" data-testid="cart-blocked">{why}</p>
                        }.into_any()
                    } else if problem().is_some() {
                        view! {
                            <button class="primary" disabled=true data-testid="create-requisition">{label}</button>
                            <p class="error" role="alert">{i18n.t(CartMsg::FixLinesFirst)}</p>
                        }.into_any()
                    } else {
                        view! { <A href=format!("/requisitions/new/{id}") attr:class="button primary" attr:data-testid="create-requisition">{label}</A> }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

/// One line. The row is built once (so the inputs keep focus while typing); prices, totals
/// and problems follow the stored line.
fn line_row(
    store: CartStore,
    active: Memo<Option<procura_procurement::cart::Cart>>,
    line_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = store.app;
    // The organisation's policy is on the device and has no rate for this currency.
    let no_org_rate = move |currency: &str| {
        app.org_rates
            .with(|r| r.as_ref().is_some_and(|r| r.rate(currency).is_none()))
    };
    let id = StoredValue::new(line_id);
    let line: Memo<Option<CartLine>> = Memo::new(move |_| {
        active.with(|c| {
            c.as_ref()
                .and_then(|c| id.with_value(|id| c.line(id)).cloned())
        })
    });
    let initial = line.get_untracked();
    let qty_text = RwSignal::new(
        initial
            .as_ref()
            .map(|l| l.quantity.normalize().to_string())
            .unwrap_or_default(),
    );
    let note_text = RwSignal::new(initial.as_ref().map(|l| l.note.clone()).unwrap_or_default());
    let not_a_number = RwSignal::new(false);
    let cart_id = move || active.with_untracked(|c| c.as_ref().map(|c| c.id.clone()));
    let set_qty = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        qty_text.set(text.clone());
        let Ok(qty) = Decimal::from_str(text.trim()) else {
            not_a_number.set(true);
            return;
        };
        not_a_number.set(false);
        store.change_line(cart_id(), id.get_value(), move |c, line, now| {
            c.set_quantity(line, qty, now)
        });
    };
    let set_note = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        note_text.set(text.clone());
        store.change_line(cart_id(), id.get_value(), move |c, line, now| {
            c.set_note(line, &text, now)
        });
    };
    // The buyer's estimate on a line whose price is on request (empty clears it).
    let needs_quote = initial.as_ref().is_some_and(CartLine::needs_quote);
    let estimate_text = RwSignal::new(
        initial
            .as_ref()
            .and_then(|l| l.catalog().and_then(|c| c.estimate))
            .map(|p| p.normalize().to_string())
            .unwrap_or_default(),
    );
    let estimate_not_a_number = RwSignal::new(false);
    let set_estimate = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        estimate_text.set(text.clone());
        let estimate = match text.trim() {
            "" => None,
            t => match Decimal::from_str(t) {
                Ok(p) => Some(p),
                Err(_) => {
                    estimate_not_a_number.set(true);
                    return;
                }
            },
        };
        estimate_not_a_number.set(false);
        store.change_line(cart_id(), id.get_value(), move |c, line, now| {
            c.set_estimate(line, estimate, now)
        });
    };
    let remove = move |_| {
        store.change_line(cart_id(), id.get_value(), |c, line, now| {
            c.remove_line(line, now).map(|_| ())
        });
    };
    let is_catalog = initial.as_ref().is_some_and(CartLine::is_catalog);
    let with_line = move |f: &dyn Fn(&CartLine, Lang) -> String| {
        let lang = i18n.lang();
        line.with(|l| l.as_ref().map(|l| f(l, lang)).unwrap_or_default())
    };
    let problem = move || {
        if not_a_number.get() || estimate_not_a_number.get() {
            return Some(i18n.t(CartMsg::NotANumber).to_owned());
        }
        let lang = i18n.lang();
        line.with(|l| {
            l.as_ref()
                .and_then(|l| l.problem())
                .map(|p| problem_text(&p, lang))
        })
    };
    // A missing or unreadable estimate is said under the estimate, anything else under the
    // quantity.
    let about_estimate = move || {
        estimate_not_a_number.get()
            || line.with(|l| {
                l.as_ref()
                    .is_some_and(|l| l.problem() == Some(LineProblem::NeedsEstimate))
            })
    };
    view! {
        <tr data-testid="cart-line" data-line-id=id.get_value() data-catalog=is_catalog.to_string()
            class:has-problem=move || problem().is_some()>
            <td class="item-cell wide" data-label=move || i18n.t(CartMsg::Item)>
                <div class="line-description" data-content="product">{move || with_line(&|l, lang| l.description(lang).to_owned())}</div>
                {if is_catalog {
                    let item_id = initial
                        .as_ref()
                        .and_then(|l| l.catalog().map(|c| c.snapshot.id.to_string()))
                        .unwrap_or_default();
                    view! {
                        <span class="kind catalog">{move || i18n.t(CartMsg::CatalogBadge)}</span>
                        {needs_quote.then(|| view! { " " <span class="needs-quote" data-testid="needs-quote">{move || i18n.t(CartMsg::NeedsQuote)}</span> })}
                        " " <crate::pages::spend::classes::AbcBadge item_id/>
                    }.into_any()
                } else {
                    view! { <span class="kind non-catalog">{move || i18n.t(CartMsg::NonCatalogBadge)}</span> }.into_any()
                }}
                <span class="muted small">{move || with_line(&|l, _| l.catalog().map(|c| c.snapshot.sku.clone()).unwrap_or_default())}</span>
                {move || line.with(|l| l.as_ref().and_then(|l| l.catalog()).and_then(|c| c.contract.clone()))
                    .map(|c| view! { " " <crate::ui::contracts::ContractMark contract=c price=true/> })}
            </td>
            <td class="supplier-cell" data-label=move || i18n.t(CartMsg::Supplier)>
                <span data-content="supplier">{move || with_line(&|l, lang| l.supplier_name(lang).to_owned())}</span>
                <crate::pages::suppliers::performance::StandingNote supplier=Signal::derive(move || with_line(&|l, _| l.supplier_id().to_owned()))/>
            </td>
            <td class="num qty-cell" data-label=move || i18n.t(CartMsg::Quantity)>
                <input type="text" inputmode="decimal" class="qty" data-testid="cart-qty"
                    aria-label=move || i18n.t(CartMsg::Quantity)
                    prop:value=qty_text on:input=set_qty/>
                <span class="unit">{move || with_line(&|l, lang| unit_label(l.unit(), lang))}</span>
                {move || line.with(|l| l.as_ref().and_then(|l| l.min_quantity()).filter(|m| *m > Decimal::ONE)).map(|m| view! {
                    <div class="muted small">{CartMsg::min_qty(i18n.lang(), m.normalize())}</div>
                })}
                {move || problem().filter(|_| !about_estimate()).map(|p| view! { <div class="error small" role="alert" data-testid="line-problem">{p}</div> })}
            </td>
            <td class="num" data-label=move || i18n.t(CartMsg::UnitPrice)>
                {if needs_quote {
                    view! {
                        <div class="estimate-field">
                            <input type="text" inputmode="decimal" class="qty" data-testid="cart-estimate"
                                aria-label=move || i18n.t(CartMsg::EstimateFor)
                                placeholder=move || i18n.t(crate::i18n::Msg::PriceOnRequest)
                                prop:value=estimate_text on:change=set_estimate/>
                            <span class="muted small">{move || with_line(&|l, _| l.currency().to_owned())} " · " {move || i18n.t(CartMsg::Estimate)}</span>
                            {move || problem().filter(|_| about_estimate()).map(|p| view! { <div class="error small" role="alert" data-testid="line-problem">{p}</div> })}
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <span data-testid="line-unit-price">{move || with_line(&|l, _| l.unit_price().map(|p| money(i18n.lang(), p, l.currency())).unwrap_or_else(|_| "—".into()))}</span>
                    }.into_any()
                }}
                {(!is_catalog).then(|| view! { <div class="muted small">{move || i18n.t(CartMsg::Estimate)}</div> })}
                {move || line.with(|l| l.as_ref().map(|l| l.currency().to_owned())).filter(|c| no_org_rate(c)).map(|c| view! {
                    <div class="flag no-rate" data-testid="line-no-rate">{CartMsg::no_rate_line(i18n.lang(), &c)}</div>
                })}
                {move || line.with(|l| l.as_ref().and_then(|l| l.next_tier().map(|t| (t.clone(), l.currency().to_owned())))).map(|(tier, currency)| view! {
                    <div class="muted small next-tier" data-testid="next-tier">
                        {CartMsg::next_tier(i18n.lang(), money(i18n.lang(), tier.unit_price, &currency), tier.min_qty.normalize())}
                    </div>
                })}
            </td>
            <td class="num price" data-testid="line-total" data-label=move || i18n.t(CartMsg::LineTotal)>
                {move || with_line(&|l, _| l.total().map(|t| money(i18n.lang(), t, l.currency())).unwrap_or_else(|_| "—".into()))}
            </td>
            <td data-label=move || i18n.t(CartMsg::Note)>
                <input type="text" class="note" data-testid="cart-note" maxlength="500"
                    placeholder=move || i18n.t(CartMsg::NotePlaceholder)
                    aria-label=move || i18n.t(CartMsg::Note)
                    prop:value=note_text on:change=set_note/>
            </td>
            <td>
                <button class="link-button" data-testid="remove-line" on:click=remove>{move || i18n.t(CartMsg::Remove)}</button>
            </td>
        </tr>
    }
}
