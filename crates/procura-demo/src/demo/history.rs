//! Two years of the demo organisation's purchasing: approved requisitions with their approval
//! trails, the purchase orders made from them, and what the suppliers and the buyer recorded on
//! each order (sent, acknowledged, shipped, delivered, received). The screens that measure
//! suppliers (delivery, quality, responsiveness, price stability) and analyse spend read these
//! records, so the demo shows them with something to say from its first start.
//!
//! **Made as the hub makes them.** Every requisition, decision, order and receipt is a sync
//! operation decided by the hub's own dispatch ([`procura_sync::sync::hub::decide`]) against
//! the records made before it: the route comes from the policy, each approval from an approver
//! on the current step, the budget is checked at the final approval, an order is checked line
//! by line against the approved requisition, a receipt against what the supplier confirmed.
//! Only the suppliers' messages (sent, acknowledged, shipped, delivered) are appended directly,
//! as the hub appends what a supplier says; the hub's test checks each against its rules.
//!
//! **What it holds.** The eight full quarters before `today`'s quarter, with seasons (copy
//! paper and stationery peak in the third quarter, for the new school year; cleaning supplies
//! in the fourth; IT equipment in the first), and the current quarter lightly: its budgets stay
//! at most a fifth used, earlier quarters at most [`PAST_BUDGET_SHARE_PERCENT`]. Requisitions
//! come from the demo's buyer and admin, in several cost centres and accounts; some carry a
//! free-text (non-catalog) line. One supplier ([`weaker_supplier`]) is clearly weaker:
//! slower to acknowledge, more often late, more damaged goods and more price changes. At most
//! [`MAX_ORDERS`] orders. Everything happens before `today` (00:00 UTC); an order of the last
//! weeks may still be on its way.
//!
//! Deterministic: the same seed, day, policy, suppliers and items give the same records.

mod figures;

pub use figures::{figures, Figures, QuarterFigures, SupplierFigures};

use super::DemoSupplier;
use procura_catalog::catalog::CatalogItem;
use procura_ground::date::{add_days, day_of_ms, start_ms, Date, Entered, Month, Quarter};
use procura_ground::id::SupplierId;
use procura_ground::role::Role;
use procura_orders::order::hub::OrderContext;
use procura_orders::order::{self, LineAck, OrderEvent, PurchaseOrder, ReceivedLine, ShippedLine};
use procura_procurement::approval::requisition::totals;
use procura_procurement::approval::{
    self, Actor, Committed, Decision, Policy, Requisition, RequisitionDraft, RequisitionLine,
    Status, Verdict,
};
use procura_sync::api::sync::{Op, Record, RecordKind};
use procura_sync::sync::hub::{self, Context, HubWrite};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// The most orders the history holds.
pub const MAX_ORDERS: usize = 600;

/// How much of a past quarter's budget the history uses at most, in percent.
pub const PAST_BUDGET_SHARE_PERCENT: u32 = 70;

/// How much of the current quarter's budget the history uses at most, in percent: the flows
/// people try in the demo (and the tests) still fit.
pub const CURRENT_BUDGET_SHARE_PERCENT: u32 = 20;

/// The demo supplier that delivers worse than the others, when the demo has it.
pub const WEAKER_SUPPLIER: &str = "labcore";

/// The organisation's purchasing before `today`, as the hub holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first (by submission).
    pub requisitions: Vec<Requisition>,
    /// Oldest first (by creation).
    pub orders: Vec<PurchaseOrder>,
}

/// The weaker supplier among `suppliers`: [`WEAKER_SUPPLIER`] if it is one of them, else the
/// last by id of two or more (so a demo of two suppliers has one to tell apart), else none.
pub fn weaker_supplier(suppliers: &[DemoSupplier]) -> Option<&str> {
    if let Some(s) = suppliers.iter().find(|s| s.id == WEAKER_SUPPLIER) {
        return Some(&s.id);
    }
    let last = suppliers.iter().map(|s| s.id.as_str()).max();
    last.filter(|_| suppliers.len() >= 2)
}

/// The history of the demo organisation (`policy`) with `suppliers`, whose catalogs `items`
/// gives, before `today`. See the module documentation.
pub fn history(
    seed: u64,
    today: Date,
    policy: &Policy,
    suppliers: &[DemoSupplier],
    items: impl Fn(&SupplierId) -> Vec<CatalogItem>,
) -> History {
    let Some(mut maker) = Maker::new(seed, today, policy, suppliers, &items) else {
        return History::default();
    };
    let current = Quarter::of(today);
    for back in (0..=8).rev() {
        let Some(quarter) = shift(current, -back) else {
            continue;
        };
        maker.quarter(quarter);
    }
    maker.books.into_history()
}

// ── the organisation's books: the hub's records, changed only through its dispatch ───────────

struct Books<'a> {
    policy: &'a Policy,
    catalog: HashMap<String, CatalogItem>,
    requisitions: BTreeMap<String, Requisition>,
    orders: BTreeMap<String, PurchaseOrder>,
    requisition_order: Vec<String>,
    order_order: Vec<String>,
}

impl Books<'_> {
    /// What the hub's dispatch makes of `op` by `author` at `now_ms`; nothing is stored.
    fn decide(&self, op: &Op, author: &Actor, now_ms: i64) -> Option<Record> {
        let key = op.key();
        let current = match key.kind {
            RecordKind::Requisition => self
                .requisitions
                .get(&key.id)
                .cloned()
                .map(Record::Requisition),
            RecordKind::Order => self.orders.get(&key.id).cloned().map(Record::Order),
            _ => None,
        };
        let committed = |q: Committed<'_>| {
            approval::committed_in(
                self.requisitions.values(),
                q.cost_centre,
                q.period,
                q.excluding,
            )
        };
        let requisition = |id: &str| self.requisitions.get(id).cloned();
        let ordered_lines = |id: &str| order::ordered_lines(self.orders.values(), id);
        let open = |who: &str| {
            self.requisitions
                .values()
                .filter(|r| r.requester == who && !r.status.is_final())
                .count()
        };
        let no_delegations = |_: &str| Vec::new();
        let lookup = |id: &str| self.catalog.get(id).cloned();
        let orders = OrderContext {
            requisition: &requisition,
            ordered_lines: &ordered_lines,
            supplier_exists: true,
            default_tax_percent: self.policy.default_tax_percent,
        };
        let ctx = Context {
            supplier_exists: true,
            policy: Some(self.policy),
            delegations: &[],
            delegations_from: &no_delegations,
            open_requisitions: &open,
            committed: &committed,
            orders: Some(&orders),
            catalog: Some(&lookup),
            // The history is what the suppliers did; standings are read from it afterwards.
            standing: None,
            stocked: &|_| None,
            invoices: None,
            contracts: &|_| Vec::new(),
        };
        match hub::decide(op, author, current.as_ref(), &ctx, now_ms) {
            Ok(HubWrite::Put(record)) => Some(record),
            Ok(HubWrite::Remove(_) | HubWrite::Nothing) | Err(_) => None,
        }
    }

    /// Decides `op` and stores what it writes; `None` if the hub refused it.
    fn apply(&mut self, op: &Op, author: &Actor, now_ms: i64) -> Option<Record> {
        let record = self.decide(op, author, now_ms)?;
        self.store(record.clone());
        Some(record)
    }

    fn store(&mut self, record: Record) {
        match record {
            Record::Requisition(r) => {
                let id = r.id.to_string();
                if self.requisitions.insert(id.clone(), r).is_none() {
                    self.requisition_order.push(id);
                }
            }
            Record::Order(o) => {
                let id = o.id.to_string();
                if self.orders.insert(id.clone(), o).is_none() {
                    self.order_order.push(id);
                }
            }
            Record::Evaluation(_)
            | Record::Contract(_)
            | Record::Policy(_)
            | Record::Delegation(_)
            | Record::Selection(_)
            | Record::Assessment(_)
            | Record::Stock(_)
            | Record::GoodsIssue(_)
            | Record::Return(_)
            | Record::Invoice(_) => {}
        }
    }

    /// Forgets a requisition made last that did not get through (and has no order).
    fn drop_requisition(&mut self, id: &str) {
        self.requisitions.remove(id);
        self.requisition_order.retain(|r| r != id);
    }

    fn into_history(mut self) -> History {
        let mut requisitions: Vec<Requisition> = self
            .requisition_order
            .iter()
            .filter_map(|id| self.requisitions.remove(id))
            .collect();
        let mut orders: Vec<PurchaseOrder> = self
            .order_order
            .iter()
            .filter_map(|id| self.orders.remove(id))
            .collect();
        // Stable: what was made first stays first among equals.
        requisitions.sort_by_key(|r| r.submitted_at_ms);
        orders.sort_by_key(|o| o.created_at_ms);
        History {
            requisitions,
            orders,
        }
    }
}

// ── what the organisation buys ───────────────────────────────────────────────────────────────

/// A kind of purchase: the UNSPSC segments of its items, who pays, and when it peaks.
struct Category {
    segments: &'static [&'static str],
    /// Cost centres and their weights.
    cost_centres: &'static [(&'static str, u32)],
    account: &'static str,
    weight: u32,
    /// Relative weight in the first to fourth quarter of a year (100: usual).
    season: [u32; 4],
    /// What one line usually comes to, CNY.
    line_net: (u32, u32),
    titles: &'static [(&'static str, &'static str)],
    justifications: &'static [(&'static str, &'static str)],
    /// Free-text lines a requester adds now and then: description, unit, price range (CNY).
    free_text: &'static [(&'static str, &'static str, &'static str, u32, u32)],
}

const CATEGORIES: &[Category] = &[
    Category {
        segments: &["14", "44"],
        cost_centres: &[("CC-100", 85), ("CC-300", 15)],
        account: "6001",
        weight: 40,
        season: [95, 90, 185, 110],
        line_net: (150, 2_500),
        titles: &[
            ("Office supplies restock", "办公用品补货"),
            ("Copy paper and stationery", "复印纸及文具"),
            ("Printer consumables", "打印耗材"),
        ],
        justifications: &[
            (
                "Monthly consumption; the shelf is nearly empty.",
                "月度消耗，库存将尽。",
            ),
            ("Stock for the coming weeks.", "未来几周的备货。"),
            (
                "Training courses start: handouts and stationery.",
                "培训课程开课，需要讲义和文具。",
            ),
        ],
        free_text: &[
            (
                "Business cards, 4 staff, 200 each",
                "名片印刷（4人，每人200张）",
                "SET",
                80,
                400,
            ),
            (
                "Custom printed notebooks with the company logo",
                "定制印有公司标志的笔记本",
                "SET",
                500,
                2_500,
            ),
            (
                "Binding and laminating service",
                "装订及过塑服务",
                "EA",
                200,
                900,
            ),
        ],
    },
    Category {
        segments: &["43"],
        cost_centres: &[("CC-200", 100)],
        account: "6002",
        weight: 16,
        season: [160, 90, 80, 105],
        line_net: (300, 12_000),
        titles: &[
            ("IT equipment for new starters", "新员工信息设备"),
            ("Replacement peripherals", "更换外设"),
            ("Workstation refresh", "工位设备更新"),
        ],
        justifications: &[
            (
                "Two new colleagues start next month.",
                "下月有两位新同事入职。",
            ),
            (
                "Replacing equipment past its service life.",
                "更换超过使用年限的设备。",
            ),
            (
                "Annual refresh agreed in the IT plan.",
                "按IT年度计划更新。",
            ),
        ],
        free_text: &[
            (
                "On-site repair of the meeting room projector",
                "会议室投影仪上门维修",
                "EA",
                400,
                1_800,
            ),
            (
                "Data recovery from a failed drive",
                "故障硬盘数据恢复",
                "EA",
                800,
                3_000,
            ),
        ],
    },
    Category {
        segments: &["26", "39"],
        cost_centres: &[("CC-200", 60), ("CC-300", 40)],
        account: "6003",
        weight: 8,
        season: [100, 110, 100, 95],
        line_net: (100, 1_500),
        titles: &[
            ("Cables and batteries", "线缆及电池"),
            ("Cabling for the office move", "办公室搬迁布线"),
        ],
        justifications: &[
            (
                "Batteries for scanners and remote controls.",
                "扫描枪和遥控器用电池。",
            ),
            (
                "New desks in the east wing need patch cables.",
                "东区新工位需要跳线。",
            ),
        ],
        free_text: &[(
            "Electrician: two new sockets in the copy room",
            "电工：复印室新增两个插座",
            "EA",
            300,
            1_200,
        )],
    },
    Category {
        segments: &["46"],
        cost_centres: &[("CC-100", 60), ("CC-300", 40)],
        account: "6004",
        weight: 12,
        season: [90, 135, 105, 95],
        line_net: (300, 3_000),
        titles: &[
            ("Personal protective equipment", "个人防护用品"),
            ("Safety stock for the assembly line", "装配线劳保备货"),
        ],
        justifications: &[
            (
                "Quarterly issue of protective equipment.",
                "季度劳保用品发放。",
            ),
            (
                "The safety audit asked for spare stock.",
                "安全检查要求增加备用库存。",
            ),
        ],
        free_text: &[(
            "Fire extinguisher inspection and refill",
            "灭火器年检及充装",
            "EA",
            600,
            2_400,
        )],
    },
    Category {
        segments: &["41"],
        cost_centres: &[("CC-100", 100)],
        account: "6001",
        weight: 12,
        season: [100, 105, 95, 100],
        line_net: (300, 4_000),
        titles: &[
            ("Lab consumables", "实验室耗材"),
            ("Quality lab restock", "质检实验室补货"),
        ],
        justifications: &[
            (
                "Incoming inspection of the new product line.",
                "新产品线来料检验。",
            ),
            (
                "Monthly consumption of the quality lab.",
                "质检实验室月度消耗。",
            ),
        ],
        free_text: &[(
            "Calibration of the lab balance",
            "实验室天平校准",
            "EA",
            500,
            1_500,
        )],
    },
    Category {
        segments: &["47"],
        cost_centres: &[("CC-300", 50), ("CC-100", 50)],
        account: "6003",
        weight: 10,
        season: [70, 70, 80, 300],
        line_net: (200, 2_500),
        titles: &[
            ("Cleaning supplies", "清洁用品"),
            ("Year-end deep clean", "年终大扫除"),
        ],
        justifications: &[
            (
                "Year-end cleaning of the workshops and offices.",
                "车间及办公室年终清洁。",
            ),
            ("Monthly cleaning consumables.", "月度清洁耗材。"),
        ],
        free_text: &[(
            "Carpet cleaning, 2nd floor offices",
            "二楼办公室地毯清洗",
            "EA",
            800,
            2_800,
        )],
    },
];

/// Where each cost centre's goods go.
fn address(cost_centre: &str) -> &'static str {
    match cost_centre {
        "CC-200" => "IT room 2F, Building 3, 88 Keyuan Road, Shanghai",
        "CC-300" => "Facilities office, Building 1, 88 Keyuan Road, Shanghai",
        _ => "Warehouse 2, Dock 3, Suzhou Industrial Park",
    }
}

const APPROVAL_COMMENTS: &[&str] = &["", "", "", "OK", "同意", "Approved, thanks.", "同意采购"];

const DAMAGE_REASONS: &[&str] = &[
    "Carton crushed",
    "外箱破损",
    "Wet packaging",
    "Wrong item in the box",
    "包装受潮",
    "Broken on arrival",
];

// ── the maker ────────────────────────────────────────────────────────────────────────────────

const HOUR: i64 = 3_600_000;

/// How a supplier behaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Conduct {
    Good,
    Weak,
}

struct SupplierInfo {
    id: SupplierId,
    name: (String, String),
    currency: String,
    conduct: Conduct,
    /// Its items of each category (index into [`CATEGORIES`]), most popular first.
    by_category: Vec<Vec<CatalogItem>>,
}

struct Maker<'a> {
    rng: StdRng,
    today: Date,
    /// 00:00 UTC of `today`: nothing happens at or after it.
    cutoff: i64,
    current: Quarter,
    policy: &'a Policy,
    suppliers: Vec<SupplierInfo>,
    requesters: Vec<(Actor, u32)>,
    approvers: Vec<Actor>,
    buyer: Actor,
    books: Books<'a>,
    /// What the history committed per cost centre and period.
    ledger: BTreeMap<(String, Quarter), Decimal>,
}

impl<'a> Maker<'a> {
    fn new(
        seed: u64,
        today: Date,
        policy: &'a Policy,
        suppliers: &[DemoSupplier],
        items: &dyn Fn(&SupplierId) -> Vec<CatalogItem>,
    ) -> Option<Self> {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x4849_5354_4f52_5921);
        let users = super::users();
        let actor = |u: &procura_sync::api::User| Actor::from(u);
        let in_chart = |u: &&procura_sync::api::User| policy.person(u.id.as_str()).is_some();
        let requesters: Vec<(Actor, u32)> = users
            .iter()
            .filter(in_chart)
            .filter_map(|u| {
                if u.roles.contains(&Role::Buyer) {
                    Some((actor(u), 80))
                } else if u.roles.contains(&Role::Admin) {
                    Some((actor(u), 20))
                } else {
                    None
                }
            })
            .collect();
        let approvers: Vec<Actor> = users
            .iter()
            .filter(in_chart)
            .filter(|u| u.roles.contains(&Role::Approver))
            .map(actor)
            .collect();
        let buyer = users
            .iter()
            .find(|u| u.roles.contains(&Role::Buyer))
            .map(actor)?;
        if requesters.is_empty() || policy.cost_centres.is_empty() || policy.accounts.is_empty() {
            return None;
        }
        let weaker = weaker_supplier(suppliers);
        let mut catalog = HashMap::new();
        let mut infos = Vec::new();
        // In the order of their ids, whatever order they come in.
        let mut suppliers: Vec<&DemoSupplier> = suppliers.iter().collect();
        suppliers.sort_by(|a, b| a.id.cmp(&b.id));
        suppliers.dedup_by(|a, b| a.id == b.id);
        for s in suppliers {
            let id = SupplierId::from(s.id.as_str());
            let mut held: Vec<CatalogItem> = items(&id)
                .into_iter()
                .filter(|i| i.supplier_id == id && !i.price_tiers.is_empty())
                .filter(|i| policy.rate(&i.currency).is_some())
                .collect();
            held.sort_by(|a, b| a.id.cmp(&b.id));
            let mut by_category = vec![Vec::new(); CATEGORIES.len()];
            for item in &held {
                let segment = item.unspsc.get(..2).unwrap_or("");
                if let Some(c) = CATEGORIES
                    .iter()
                    .position(|c| c.segments.contains(&segment))
                {
                    by_category[c].push(item.clone());
                }
            }
            // A stable order of popularity: the first items are bought most.
            for list in &mut by_category {
                list.shuffle(&mut rng);
            }
            for item in held {
                catalog.insert(item.id.to_string(), item);
            }
            infos.push(SupplierInfo {
                id,
                name: (s.name.en.clone(), s.name.zh.clone()),
                currency: s.currency.clone(),
                conduct: if weaker == Some(s.id.as_str()) {
                    Conduct::Weak
                } else {
                    Conduct::Good
                },
                by_category,
            });
        }
        Some(Maker {
            rng,
            today,
            cutoff: start_ms(today),
            current: Quarter::of(today),
            policy,
            suppliers: infos,
            requesters,
            approvers,
            buyer,
            books: Books {
                policy,
                catalog,
                requisitions: BTreeMap::new(),
                orders: BTreeMap::new(),
                requisition_order: Vec::new(),
                order_order: Vec::new(),
            },
            ledger: BTreeMap::new(),
        })
    }

    /// The requisitions submitted in `quarter` (the current one up to two days before today),
    /// approved, ordered and delivered.
    fn quarter(&mut self, quarter: Quarter) {
        let Some(first) = first_day(quarter) else {
            return;
        };
        let Some(next) = shift(quarter, 1).and_then(first_day) else {
            return;
        };
        let is_current = quarter == self.current;
        let end = if is_current {
            add_days(self.today, -2)
        } else {
            next
        };
        let days = (end - first).whole_days();
        if days <= 0 {
            return;
        }
        let season = [90, 100, 125, 115][usize::from(quarter.quarter() - 1)];
        // The organisation grows a little: the last year buys a tenth more.
        let growth = if quarter >= shift(self.current, -4).unwrap_or(quarter) {
            110
        } else {
            100
        };
        let mut target = 34 * season * growth / 10_000;
        if is_current {
            // Lightly: half the usual pace, for the days gone.
            target = (target as i64 * days / 91 / 2) as u32;
        }
        // The days requisitions are submitted on, in order; a day whose requisition does not
        // get through (over a budget's share, say) tries another kind of purchase.
        let mut submitted: Vec<Date> = (0..target)
            .map(|_| weekday(add_days(first, self.rng.random_range(0..days))))
            .filter(|day| *day < end)
            .collect();
        submitted.sort();
        for day in submitted {
            let Some(c) = self.category(day) else {
                continue;
            };
            for _ in 0..6 {
                if self.books.orders.len() >= MAX_ORDERS {
                    return;
                }
                if self.requisition(day, c) {
                    break;
                }
            }
        }
    }

    /// What a requisition submitted on `day` buys, by the season (an index into
    /// [`CATEGORIES`]); `None` if no supplier offers anything.
    fn category(&mut self, day: Date) -> Option<usize> {
        let quarter_of_year = usize::from(u8::from(day.month()) - 1) / 3;
        let weights: Vec<u32> = CATEGORIES
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let offered = self.suppliers.iter().any(|s| !s.by_category[i].is_empty());
                if offered {
                    c.weight * c.season[quarter_of_year]
                } else {
                    0
                }
            })
            .collect();
        pick_weighted(&mut self.rng, &weights)
    }

    /// Tries one requisition of category `c` submitted on `day`: whether it made it (approved
    /// and ordered).
    fn requisition(&mut self, day: Date, c: usize) -> bool {
        let category = &CATEGORIES[c];
        let supplier_weights: Vec<u32> = self
            .suppliers
            .iter()
            .map(|s| {
                let offered = s.by_category[c].len().min(200) as u32;
                // Buyers turn to the weaker supplier less, where they have a choice.
                if s.conduct == Conduct::Weak {
                    offered / 2
                } else {
                    offered
                }
            })
            .collect();
        let Some(main) = pick_weighted(&mut self.rng, &supplier_weights) else {
            return false;
        };
        let zh = self.rng.random_bool(0.5);
        let mut lines = Vec::new();
        let n = [1, 1, 1, 2, 2, 2, 3, 3, 4][self.rng.random_range(0..9)];
        self.catalog_lines(main, c, n, zh, &mut lines);
        // Now and then a second supplier's offer in the same requisition (two orders).
        if self.rng.random_ratio(1, 9) {
            let others: Vec<u32> = supplier_weights
                .iter()
                .enumerate()
                .map(|(i, w)| if i == main { 0 } else { *w })
                .collect();
            if let Some(other) = pick_weighted(&mut self.rng, &others) {
                self.catalog_lines(other, c, 1, zh, &mut lines);
            }
        }
        // Maverick spend: a free-text line, at a supplier's price the requester was quoted.
        if self.rng.random_ratio(2, 25) {
            self.free_text_line(c, zh, &mut lines);
        }
        if lines.is_empty() {
            return false;
        }
        let cc_weights: Vec<u32> = category.cost_centres.iter().map(|(_, w)| *w).collect();
        let cc = pick_weighted(&mut self.rng, &cc_weights)
            .map(|i| category.cost_centres[i].0)
            .filter(|cc| self.policy.cost_centres.iter().any(|c| c.code == *cc))
            .map_or_else(|| self.policy.cost_centres[0].code.clone(), Into::into);
        let account = Some(category.account)
            .filter(|a| self.policy.accounts.iter().any(|p| p.code == *a))
            .map_or_else(|| self.policy.accounts[0].code.clone(), Into::into);
        let lead = lines
            .iter()
            .filter_map(|l| l.item_id.as_ref())
            .filter_map(|id| self.books.catalog.get(id.as_str()))
            .map(|i| i64::from(i.lead_time_days))
            .max()
            .unwrap_or(5);
        let need_by = weekday(add_days(day, lead + self.rng.random_range(5..=14)));
        let period = Quarter::of(need_by);
        if period > self.current {
            return false;
        }
        let Ok(t) = totals(&lines, self.policy) else {
            return false;
        };
        // Groups approve up to 50,000: keep each requisition below that, and every budget
        // below its share.
        let committed = self
            .ledger
            .get(&(cc.to_string(), period))
            .copied()
            .unwrap_or_default();
        if t.net > Decimal::from(45_000) || committed + t.net > self.cap(cc.as_str(), period) {
            return false;
        }
        let requester_weights: Vec<u32> = self.requesters.iter().map(|(_, w)| *w).collect();
        let Some(who) = pick_weighted(&mut self.rng, &requester_weights) else {
            return false;
        };
        let requester = self.requesters[who].0.clone();
        let (title, justification) = {
            let title = category.titles[self.rng.random_range(0..category.titles.len())];
            let why =
                category.justifications[self.rng.random_range(0..category.justifications.len())];
            let month = format!("{}-{:02}", day.year(), u8::from(day.month()));
            if zh {
                (format!("{} {month}", title.1), why.1)
            } else {
                (format!("{} {month}", title.0), why.0)
            }
        };
        let draft = RequisitionDraft {
            id: uuid(&mut self.rng).into(),
            base_revision: 0,
            title,
            cost_centre: cc.as_str().into(),
            account: account.as_str().into(),
            need_by: Some(need_by),
            delivery_address: address(cc.as_str()).to_owned(),
            justification: justification.to_owned(),
            lines,
        };
        let id = draft.id.to_string();
        // Office hours in China (UTC+8): 01:00 to 10:00 UTC.
        let mut at = start_ms(day) + self.rng.random_range(HOUR..10 * HOUR);
        let submit = Op::SubmitRequisition { requisition: draft };
        let Some(Record::Requisition(mut r)) = self.books.apply(&submit, &requester, at) else {
            return false;
        };
        while r.status == Status::Pending {
            at += self.rng.random_range(HOUR / 2..30 * HOUR);
            let Some((approver, step)) = self.approver_for(&r) else {
                break;
            };
            let decision = Op::DecideRequisition {
                decision: Decision {
                    requisition_id: r.id.clone(),
                    revision: r.revision,
                    step,
                    verdict: Verdict::Approve,
                    on_behalf_of: None,
                    comment: APPROVAL_COMMENTS[self.rng.random_range(0..APPROVAL_COMMENTS.len())]
                        .to_owned(),
                },
            };
            match self.books.apply(&decision, &approver, at) {
                Some(Record::Requisition(next)) => r = next,
                _ => break,
            }
        }
        let ordered_at = at + self.rng.random_range(HOUR..20 * HOUR);
        if r.status != Status::Approved || ordered_at + HOUR >= self.cutoff {
            self.books.drop_requisition(&id);
            return false;
        }
        *self.ledger.entry((cc.to_string(), period)).or_default() += r.totals.net;
        self.order(&r, ordered_at);
        true
    }

    /// The most the history may commit in `cost_centre` and `period`.
    fn cap(&self, cost_centre: &str, period: Quarter) -> Decimal {
        let amount = self
            .policy
            .budget(cost_centre, period)
            .map(|b| b.amount)
            .or_else(|| {
                // No budget that quarter (before the policy's years): spend as in budgeted ones.
                self.policy
                    .budgets
                    .iter()
                    .filter(|b| b.cost_centre == cost_centre)
                    .map(|b| b.amount)
                    .max()
            })
            .unwrap_or(Decimal::from(100_000));
        let share = if period == self.current {
            CURRENT_BUDGET_SHARE_PERCENT
        } else {
            PAST_BUDGET_SHARE_PERCENT
        };
        amount * Decimal::from(share) / Decimal::ONE_HUNDRED
    }

    /// `n` lines of supplier `s`'s items of category `c`, the popular ones most often.
    fn catalog_lines(
        &mut self,
        s: usize,
        c: usize,
        n: usize,
        zh: bool,
        lines: &mut Vec<RequisitionLine>,
    ) {
        let supplier = &self.suppliers[s];
        let items = &supplier.by_category[c];
        if items.is_empty() {
            return;
        }
        let (low, high) = CATEGORIES[c].line_net;
        for _ in 0..n {
            let u: f64 = self.rng.random();
            let item = &items[((u.powf(2.5) * items.len() as f64) as usize).min(items.len() - 1)];
            if lines.iter().any(|l| l.item_id.as_ref() == Some(&item.id)) {
                continue;
            }
            let Some(rate) = self.policy.rate(&item.currency) else {
                continue;
            };
            let min = item.min_order_qty();
            let Some(price) = item.unit_price_at(min) else {
                continue;
            };
            let each = price * rate;
            let target = Decimal::from(self.rng.random_range(low..=high));
            let mut quantity = if each > Decimal::ZERO {
                (target / each)
                    .round()
                    .clamp(Decimal::ONE, Decimal::from(500))
            } else {
                Decimal::ONE
            };
            if quantity < min {
                quantity = min.ceil();
            }
            let Some(unit_price) = item.unit_price_at(quantity) else {
                continue;
            };
            lines.push(RequisitionLine {
                item_id: Some(item.id.clone()),
                description: if zh {
                    item.name.zh.clone()
                } else {
                    item.name.en.clone()
                },
                supplier_id: supplier.id.clone(),
                supplier_name: if zh {
                    supplier.name.1.clone()
                } else {
                    supplier.name.0.clone()
                },
                unspsc: item.unspsc.clone(),
                quantity,
                unit: item.order_unit.clone(),
                unit_price,
                currency: item.currency.clone(),
                tax_percent: None,
                note: String::new(),
                contract: None,
            });
        }
    }

    /// A free-text line of category `c`, for a supplier in the organisation's currency.
    fn free_text_line(&mut self, c: usize, zh: bool, lines: &mut Vec<RequisitionLine>) {
        let category = &CATEGORIES[c];
        if category.free_text.is_empty() {
            return;
        }
        // The supplier of the requisition's lines if it bills in the policy's currency.
        let supplier = lines
            .iter()
            .map(|l| l.supplier_id.clone())
            .chain(self.suppliers.iter().map(|s| s.id.clone()))
            .find_map(|id| {
                self.suppliers
                    .iter()
                    .find(|s| s.id == id && s.currency == self.policy.currency)
            });
        let Some(supplier) = supplier else {
            return;
        };
        let (en, zh_text, unit, low, high) =
            category.free_text[self.rng.random_range(0..category.free_text.len())];
        lines.push(RequisitionLine {
            item_id: None,
            description: if zh { zh_text } else { en }.to_owned(),
            supplier_id: supplier.id.clone(),
            supplier_name: if zh {
                supplier.name.1.clone()
            } else {
                supplier.name.0.clone()
            },
            unspsc: String::new(),
            quantity: Decimal::ONE,
            unit: unit.to_owned(),
            unit_price: Decimal::from(self.rng.random_range(low..=high) / 10 * 10),
            currency: self.policy.currency.clone(),
            tax_percent: None,
            note: if zh {
                "供应商报价"
            } else {
                "As quoted by the supplier"
            }
            .to_owned(),
            contract: None,
        });
    }

    /// Who approves `r`'s current step next, and the step's key.
    fn approver_for(&self, r: &Requisition) -> Option<(Actor, String)> {
        let step = r.current_step()?;
        let approved_before = |id: &str| {
            r.route
                .iter()
                .flat_map(|s| &s.approvals)
                .filter(|a| a.carried_from.is_none())
                .any(|a| a.principal == id || a.by == id)
        };
        step.approvers
            .iter()
            .filter(|p| **p != r.requester && !approved_before(p.as_str()))
            .filter(|p| self.policy.within_limit(p.as_str(), r.totals.net))
            .find_map(|p| self.approvers.iter().find(|a| a.id == *p))
            .map(|a| (a.clone(), step.key.clone()))
    }

    /// The buyer orders `r`'s lines at `at`; each supplier sends its answers.
    fn order(&mut self, r: &Requisition, at: i64) {
        let catalog = &self.books.catalog;
        let part = |item: &str| catalog.get(item).map(|i| (i.sku.clone(), i.gtin.clone()));
        let names: BTreeMap<String, String> = self
            .suppliers
            .iter()
            .map(|s| (s.id.to_string(), s.name.0.clone()))
            .collect();
        let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
        let rng = &mut self.rng;
        let (planned, _) = order::plan(
            &[r],
            self.policy.default_tax_percent,
            (self.buyer.id.as_str(), self.buyer.name.as_str()),
            &name,
            &part,
            &mut || uuid(rng),
            at,
        );
        for po in planned {
            let create = Op::CreateOrder { order: po };
            let buyer = self.buyer.clone();
            if let Some(Record::Order(created)) = self.books.apply(&create, &buyer, at) {
                self.supplier_answers(created, at);
            }
        }
    }

    /// What happens to a new order: sent, acknowledged, shipped, delivered and received (the
    /// receipts through the hub's rules), up to today.
    fn supplier_answers(&mut self, po: PurchaseOrder, created: i64) {
        let conduct = self
            .suppliers
            .iter()
            .find(|s| s.id == po.supplier_id)
            .map_or(Conduct::Good, |s| s.conduct);
        let weak = conduct == Conduct::Weak;
        let rng = &mut self.rng;
        let sent = created + rng.random_range(60_000..20 * 60_000);
        let acked = sent
            + if weak {
                rng.random_range(20 * HOUR..80 * HOUR)
            } else {
                rng.random_range(HOUR / 3..8 * HOUR)
            };
        // The acknowledgement: now and then a later date or another price on a line.
        let mut acks = Vec::new();
        let mut promised_last = po
            .lines
            .iter()
            .map(|l| l.need_by)
            .max()
            .unwrap_or(self.today);
        for line in &po.lines {
            let (date_odds, price_odds) = if weak { (0.15, 0.18) } else { (0.03, 0.05) };
            let date = rng.random_bool(date_odds).then(|| {
                let later = if weak {
                    rng.random_range(2..=9)
                } else {
                    rng.random_range(1..=3)
                };
                add_days(line.need_by, later)
            });
            let price = rng.random_bool(price_odds).then(|| {
                let percent: i64 = if weak {
                    rng.random_range(3..=9)
                } else {
                    rng.random_range(-4..=4)
                };
                (line.unit_price * Decimal::from(100 + percent) / Decimal::ONE_HUNDRED)
                    .round_dp(2)
                    .max(Decimal::new(1, 2))
            });
            if let Some(d) = date {
                promised_last = promised_last.max(d);
            }
            if date.is_some() || price.is_some() {
                acks.push(LineAck::Changed {
                    line_no: line.line_no,
                    quantity: None,
                    delivery_date: date.map(Entered::Valid),
                    unit_price: price,
                });
            }
        }
        let note = if acks.is_empty() {
            "Confirmed as ordered."
        } else {
            "Confirmed with changes: see the lines."
        };
        let mut steps: Vec<(i64, Step)> = vec![
            (sent, Step::Supplier(OrderEvent::Sent { at_ms: sent })),
            (
                acked,
                Step::Supplier(OrderEvent::Acknowledged {
                    at_ms: acked,
                    lines: acks,
                    note: note.to_owned(),
                }),
            ),
        ];
        // When it arrives: on the promised day or a little before, or late.
        let late = rng.random_bool(if weak { 0.25 } else { 0.04 });
        let mut arrives = if late {
            add_days(
                promised_last,
                if weak {
                    rng.random_range(2..=10)
                } else {
                    rng.random_range(1..=4)
                },
            )
        } else {
            add_days(promised_last, -rng.random_range(0..=2))
        };
        arrives = arrives.max(add_days(day_of_ms(acked), 2));
        // Mostly one shipment; now and then half first, the rest a few days later.
        let quantities: Vec<(u32, Decimal)> =
            po.lines.iter().map(|l| (l.line_no, l.quantity)).collect();
        let split = rng.random_ratio(3, 20) && quantities.iter().any(|(_, q)| *q >= Decimal::TWO);
        // Each shipment: when it arrives, what it carries, and the moment it cannot ship before.
        let mut shipments: VecDeque<(Date, Vec<ShippedLine>, i64)> = VecDeque::new();
        if split {
            let first: Vec<ShippedLine> = quantities
                .iter()
                .filter_map(|(no, q)| {
                    let half = (q / Decimal::TWO).floor();
                    (half > Decimal::ZERO).then_some(ShippedLine {
                        line_no: *no,
                        quantity: half,
                    })
                })
                .collect();
            let rest: Vec<ShippedLine> = quantities
                .iter()
                .filter_map(|(no, q)| {
                    let shipped = first
                        .iter()
                        .find(|s| s.line_no == *no)
                        .map_or(Decimal::ZERO, |s| s.quantity);
                    (*q > shipped).then_some(ShippedLine {
                        line_no: *no,
                        quantity: q - shipped,
                    })
                })
                .collect();
            let early =
                add_days(arrives, -rng.random_range(2..=5)).max(add_days(day_of_ms(acked), 2));
            shipments.push_back((early, first, acked));
            shipments.push_back((arrives.max(add_days(early, 1)), rest, acked));
        } else {
            shipments.push_back((
                arrives,
                quantities
                    .iter()
                    .map(|(no, q)| ShippedLine {
                        line_no: *no,
                        quantity: *q,
                    })
                    .collect(),
                acked,
            ));
        }
        let carrier = match po.currency.as_str() {
            "EUR" => "DHL Express",
            "USD" => "UPS",
            _ if rng.random_bool(0.5) => "JD Logistics",
            _ => "SF Express",
        };
        let mut n = 0;
        let mut last_at = acked;
        while let Some((arrives, lines, not_before)) = shipments.pop_front() {
            n += 1;
            let transit = rng.random_range(1..=2);
            let shipped = (start_ms(add_days(arrives, -transit))
                + rng.random_range(HOUR..9 * HOUR))
            .max(last_at.max(not_before) + HOUR);
            let delivered =
                (start_ms(arrives) + rng.random_range(HOUR..9 * HOUR)).max(shipped + 6 * HOUR);
            let received = delivered + rng.random_range(10 * 60_000..5 * HOUR);
            last_at = shipped;
            let shipment_id = format!("{}-S{n}", po.number);
            steps.push((
                shipped,
                Step::Supplier(OrderEvent::Shipped {
                    at_ms: shipped,
                    shipment_id: shipment_id.clone(),
                    carrier: carrier.to_owned(),
                    tracking: format!(
                        "{}{:012}",
                        &carrier[..2].to_uppercase(),
                        rng.random_range(0..1_000_000_000_000u64)
                    ),
                    expected: Some(arrives),
                    lines: lines.clone(),
                }),
            ));
            steps.push((
                delivered,
                Step::Supplier(OrderEvent::Delivered {
                    at_ms: delivered,
                    shipment_id,
                }),
            ));
            // At the door: now and then something damaged, refused and replaced.
            let damage_odds = if weak { 0.14 } else { 0.02 };
            let mut replace = Vec::new();
            let received_lines: Vec<ReceivedLine> = lines
                .iter()
                .map(|s| {
                    let damaged = if rng.random_bool(damage_odds) {
                        let part = (s.quantity * Decimal::from(rng.random_range(5..=25))
                            / Decimal::ONE_HUNDRED)
                            .round()
                            .clamp(Decimal::ONE, s.quantity);
                        replace.push(ShippedLine {
                            line_no: s.line_no,
                            quantity: part,
                        });
                        part
                    } else {
                        Decimal::ZERO
                    };
                    ReceivedLine {
                        line_no: s.line_no,
                        accepted: s.quantity - damaged,
                        damaged,
                        reason: if damaged.is_zero() {
                            String::new()
                        } else {
                            DAMAGE_REASONS[rng.random_range(0..DAMAGE_REASONS.len())].to_owned()
                        },
                    }
                })
                .collect();
            steps.push((
                received,
                Step::Receipt {
                    id: uuid(rng),
                    lines: received_lines,
                },
            ));
            if !replace.is_empty() {
                let again = add_days(
                    day_of_ms(received),
                    if weak {
                        rng.random_range(5..=12)
                    } else {
                        rng.random_range(2..=5)
                    },
                );
                shipments.push_back((again, replace, received));
            }
        }
        steps.sort_by_key(|(at, _)| *at);
        let id = po.id.to_string();
        for (at, step) in steps {
            if at >= self.cutoff {
                break;
            }
            match step {
                Step::Supplier(event) => {
                    if let Some(held) = self.books.orders.get_mut(&id) {
                        held.events.push(event);
                    }
                }
                Step::Receipt { id: receipt, lines } => {
                    let op = Op::ReceiveGoods {
                        order_id: id.clone(),
                        receipt_id: receipt,
                        lines,
                    };
                    let buyer = self.buyer.clone();
                    if self.books.apply(&op, &buyer, at).is_none() {
                        break;
                    }
                }
            }
        }
    }
}

/// One thing that happens to an order.
enum Step {
    /// What the supplier says (appended as the hub appends it).
    Supplier(OrderEvent),
    /// The buyer's goods receipt (through the hub's rules).
    Receipt {
        id: String,
        lines: Vec<ReceivedLine>,
    },
}

// ── small helpers ────────────────────────────────────────────────────────────────────────────

/// `quarter` moved by `by` quarters.
fn shift(quarter: Quarter, by: i32) -> Option<Quarter> {
    let index = i32::from(quarter.year()) * 4 + i32::from(quarter.quarter()) - 1 + by;
    if index < 0 {
        return None;
    }
    Quarter::new(u16::try_from(index / 4).ok()?, (index % 4 + 1) as u8)
}

/// The first day of `quarter`.
fn first_day(quarter: Quarter) -> Option<Date> {
    let month = Month::try_from(quarter.quarter() * 3 - 2).ok()?;
    Date::from_calendar_date(i32::from(quarter.year()), month, 1).ok()
}

/// `day`, or the Monday after it if it falls on a weekend.
fn weekday(day: Date) -> Date {
    match day.weekday().number_from_monday() {
        6 => add_days(day, 2),
        7 => add_days(day, 1),
        _ => day,
    }
}

/// An index of `weights` drawn in proportion to its weight; `None` if all are zero.
fn pick_weighted(rng: &mut StdRng, weights: &[u32]) -> Option<usize> {
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    if total == 0 {
        return None;
    }
    let mut draw = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        let w = u64::from(*w);
        if draw < w {
            return Some(i);
        }
        draw -= w;
    }
    None
}

/// A version 4 UUID drawn from `rng`, as the app makes ids.
fn uuid(rng: &mut StdRng) -> String {
    let bits: u128 = rng.random();
    let bits = (bits & !(0xF << 76)) | (0x4 << 76);
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests;
