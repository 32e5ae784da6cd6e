//! The spend cube: every order line and every approved, not yet ordered requisition line,
//! converted into the organisation's currency, rolled up by supplier, UNSPSC segment and
//! family, cost centre, account, requester, month, quarter and channel (catalog or not), with
//! the lines behind every cell.
//!
//! # What counts
//!
//! * **Approved**: a line of an approved requisition that no open order takes yet
//!   ([`procura_orders::order::ordered_lines`]): committed against the budget, not yet ordered.
//! * **Ordered**: an order line's quantity at its price, as the supplier confirmed them when it
//!   did (a changed quantity or price counts as changed, a rejected line as zero). A cancelled
//!   or rejected order commits only what was received before it closed.
//! * **Received**: the accepted quantity of the order's receipts at the same price (damaged
//!   goods refused at the door are not spend).
//! * **Committed** = approved + ordered (what the budget rule of the approval counts).
//!
//! Each amount is `quantity × unit price` rounded in the line's currency, then converted with
//! the policy's rate and rounded in the policy's currency ([`procura_ground::money`]), so the
//! cube agrees with requisition totals and order documents to the minor unit. A line whose
//! currency has no rate, or whose figures are out of bounds, is not in the cube: it is listed
//! in [`SpendCube::unconverted`] with its amount in its own currency, never dropped silently.
//!
//! # Dates
//!
//! An order line's month and quarter are those of the order's creation day; an approved
//! requisition line's, those of its approval (the requisition's last change). The budget
//! period is another thing: the quarter of the need-by date, as the approval's budget rule
//! has it ([`budget`]).

pub mod budget;
pub mod burn_down;
pub mod items;
pub mod monthly;
pub mod variance;

use procura_ground::date::{self, Date, Quarter};
use procura_ground::id::{OrderId, RequisitionId};
use procura_ground::money::{self, MoneyError};
use procura_orders::order::{self, LineProgress, LineState, OrderLine, PurchaseOrder};
use procura_procurement::approval::{Policy, Requisition, Status};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A dimension of the cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    /// The supplier's id.
    Supplier,
    /// The UNSPSC segment (two digits), `""` when the line has no code.
    Segment,
    /// The UNSPSC family (four digits), `""` when the line has none.
    Family,
    CostCentre,
    Account,
    /// Who asked for it: the requisition's requester (an order line whose requisition is not
    /// known: the order's buyer).
    Requester,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-Qn`.
    Quarter,
    /// `catalog` (the line names a catalog item) or `non_catalog` ("maverick" spend).
    Channel,
}

impl Dim {
    pub const ALL: [Dim; 9] = [
        Dim::Supplier,
        Dim::Segment,
        Dim::Family,
        Dim::CostCentre,
        Dim::Account,
        Dim::Requester,
        Dim::Month,
        Dim::Quarter,
        Dim::Channel,
    ];
    pub const COUNT: usize = Dim::ALL.len();

    /// Its place in [`Fact::keys`] (the order of [`Dim::ALL`]).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The channel labels of [`Dim::Channel`].
pub const CATALOG: &str = "catalog";
pub const NON_CATALOG: &str = "non_catalog";

/// Amounts in the organisation's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    /// Approved requisition lines no order takes yet.
    pub approved: Decimal,
    /// On orders (as confirmed), not cancelled.
    pub ordered: Decimal,
    /// Accepted at receipt.
    pub received: Decimal,
}

impl Amounts {
    /// Approved + ordered: what the budget counts as used.
    pub fn committed(&self) -> Result<Decimal, MoneyError> {
        self.approved
            .checked_add(self.ordered)
            .ok_or(MoneyError::Amount)
    }

    /// `self + other`, each field checked.
    pub fn checked_add(&self, other: &Amounts) -> Result<Amounts, MoneyError> {
        let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or(MoneyError::Amount);
        Ok(Amounts {
            approved: add(self.approved, other.approved)?,
            ordered: add(self.ordered, other.ordered)?,
            received: add(self.received, other.received)?,
        })
    }
}

/// Where a fact comes from: an order's line (by its `line_no`) or a requisition's line (by
/// its index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceRef<'a> {
    OrderLine {
        order: &'a OrderId,
        line_no: u32,
    },
    RequisitionLine {
        requisition: &'a RequisitionId,
        line: u32,
    },
}

/// One line of spend: its keys in every dimension and its amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// An order (index into the cube's orders) or a requisition (into its requisitions).
    doc: u32,
    /// The order's `line_no`, or the requisition line's index.
    line: u32,
    from_order: bool,
    /// The key of each dimension ([`Dim::index`]) in [`SpendCube::label`]'s table.
    pub keys: [u32; Dim::COUNT],
    /// The quarter of the need-by date: the budget period.
    pub budget_quarter: Quarter,
    /// The catalog item, for price variance.
    pub catalog: bool,
    pub amounts: Amounts,
}

/// A line left out of the cube, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconverted {
    pub order: Option<OrderId>,
    pub requisition: Option<RequisitionId>,
    /// The order's `line_no`, or the requisition line's index.
    pub line: u32,
    pub currency: String,
    /// Committed (ordered or approved) in the line's own currency, when it could be computed.
    pub amount: Option<Decimal>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The policy has no rate for the line's currency.
    NoRate,
    /// A quantity, price or amount past the bounds of [`procura_ground::money`].
    Money(MoneyError),
}

/// One cell of a roll-up: a key of one dimension, its totals and the facts behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub amounts: Amounts,
    /// Indices into [`SpendCube::facts`], in input order.
    pub facts: Vec<u32>,
}

/// The cube: the facts and a roll-up by every dimension.
#[derive(Debug, Clone)]
pub struct SpendCube {
    /// The organisation's currency, every amount's.
    pub currency: String,
    facts: Vec<Fact>,
    /// Per dimension: the labels by key.
    labels: Vec<Vec<String>>,
    /// Per dimension: the cells by key.
    cells: Vec<Vec<Cell>>,
    orders: Vec<OrderId>,
    requisitions: Vec<RequisitionId>,
    total: Amounts,
    pub unconverted: Vec<Unconverted>,
}

/// Why a cube cannot be built: a total past what a `Decimal` holds (28 digits; the bounds of
/// [`procura_ground::money`] keep a real organisation nine orders of magnitude below).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow;

/// Interns the labels of one dimension while the cube is built.
#[derive(Default)]
struct Labels {
    keys: HashMap<String, u32>,
    labels: Vec<String>,
}

impl Labels {
    fn key(&mut self, label: &str) -> u32 {
        if let Some(k) = self.keys.get(label) {
            return *k;
        }
        let k = self.labels.len() as u32;
        self.labels.push(label.to_owned());
        self.keys.insert(label.to_owned(), k);
        k
    }
}

fn month_label(day: Date) -> String {
    format!("{:04}-{:02}", day.year(), u8::from(day.month()))
}

/// The line's net in the policy's currency: rounded in its own currency, converted, rounded.
fn converted(
    quantity: Decimal,
    unit_price: Decimal,
    currency: &str,
    policy: &Policy,
) -> Result<Decimal, (Option<Decimal>, Problem)> {
    let own =
        money::line_net(quantity, unit_price, currency).map_err(|e| (None, Problem::Money(e)))?;
    let rate = policy.rate(currency).ok_or((Some(own), Problem::NoRate))?;
    money::convert(own, rate, &policy.currency).map_err(|e| (Some(own), Problem::Money(e)))
}

/// What an order line commits: its quantity and unit price as the supplier confirmed them (a
/// rejected line: nothing beyond what was received; `closed`, the order was cancelled or
/// rejected: only what was received).
pub fn ordered_at(line: &OrderLine, p: &LineProgress, closed: bool) -> (Decimal, Decimal) {
    let price = p.confirmed_price.unwrap_or(line.unit_price);
    let quantity = if closed || p.state == LineState::Rejected {
        p.received
    } else {
        p.confirmed.unwrap_or(p.ordered)
    };
    (quantity, price)
}

/// Builds the cube from `orders` and `requisitions` (approved ones count where no open order
/// takes their lines; the others give orders their cost centre, account and requester),
/// converted with `policy`'s rates.
pub fn cube(
    policy: &Policy,
    orders: &[PurchaseOrder],
    requisitions: &[Requisition],
) -> Result<SpendCube, Overflow> {
    let mut builder = Builder::new(policy);
    let index: HashMap<&str, usize> = requisitions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut known = Known {
        requisitions,
        index,
        taken: vec![Vec::new(); requisitions.len()],
        people: vec![None; requisitions.len()],
    };
    for po in orders {
        builder.order(po, &mut known);
    }
    for (i, r) in requisitions.iter().enumerate() {
        if r.status == Status::Approved {
            builder.requisition(r, &known.taken[i], &mut known.people[i]);
        }
    }
    builder.finish()
}

/// What the builder learns about requisitions while it reads orders.
struct Known<'a> {
    requisitions: &'a [Requisition],
    index: HashMap<&'a str, usize>,
    /// By requisition: the line indices some open order takes
    /// ([`procura_orders::order::lines_taken`]).
    taken: Vec<Vec<u32>>,
    /// By requisition: its cost centre, account and requester keys, once made.
    people: Vec<Option<[u32; 3]>>,
}

struct Builder<'p> {
    policy: &'p Policy,
    labels: Vec<Labels>,
    facts: Vec<Fact>,
    orders: Vec<OrderId>,
    requisitions: Vec<RequisitionId>,
    unconverted: Vec<Unconverted>,
    /// Month and quarter keys by day, segment and family keys by UNSPSC code.
    days: HashMap<Date, (u32, u32)>,
    codes: HashMap<String, (u32, u32)>,
}

/// The keys a document's lines share, made with its first line that makes it into the cube
/// (so no label has an empty cell).
#[derive(Clone, Copy)]
struct DocKeys {
    day: Date,
    supplier: Option<u32>,
    month_quarter: Option<(u32, u32)>,
}

impl DocKeys {
    fn new(day: Date) -> Self {
        Self {
            day,
            supplier: None,
            month_quarter: None,
        }
    }
}

impl<'p> Builder<'p> {
    fn new(policy: &'p Policy) -> Self {
        let mut labels: Vec<Labels> = (0..Dim::COUNT).map(|_| Labels::default()).collect();
        // The channels always exist: catalog 0, non-catalog 1.
        labels[Dim::Channel.index()].key(CATALOG);
        labels[Dim::Channel.index()].key(NON_CATALOG);
        Self {
            policy,
            labels,
            facts: Vec::new(),
            orders: Vec::new(),
            requisitions: Vec::new(),
            unconverted: Vec::new(),
            days: HashMap::new(),
            codes: HashMap::new(),
        }
    }

    fn key(&mut self, dim: Dim, label: &str) -> u32 {
        self.labels[dim.index()].key(label)
    }

    /// Month and quarter keys of `day`, made once per distinct day.
    fn day_keys(&mut self, day: Date) -> (u32, u32) {
        if let Some(keys) = self.days.get(&day) {
            return *keys;
        }
        let keys = (
            self.key(Dim::Month, &month_label(day)),
            self.key(Dim::Quarter, &Quarter::of(day).to_string()),
        );
        self.days.insert(day, keys);
        keys
    }

    /// Segment and family keys of a UNSPSC code, made once per distinct code.
    fn code_keys(&mut self, unspsc: &str) -> (u32, u32) {
        if let Some(keys) = self.codes.get(unspsc) {
            return *keys;
        }
        let keys = (
            self.key(
                Dim::Segment,
                procura_catalog::unspsc::segment(unspsc).unwrap_or(""),
            ),
            self.key(
                Dim::Family,
                procura_catalog::unspsc::family(unspsc).unwrap_or(""),
            ),
        );
        self.codes.insert(unspsc.to_owned(), keys);
        keys
    }

    /// A requisition's cost centre, account and requester keys, made once.
    fn people(&mut self, r: &Requisition, cached: &mut Option<[u32; 3]>) -> [u32; 3] {
        if let Some(keys) = cached {
            return *keys;
        }
        let keys = [
            self.key(Dim::CostCentre, r.cost_centre.as_str()),
            self.key(Dim::Account, r.account.as_str()),
            self.key(Dim::Requester, r.requester.as_str()),
        ];
        *cached = Some(keys);
        keys
    }

    /// The keys of a line of `doc`: its month and quarter, and its supplier once an order's first
    /// line made it (a requisition's lines each name theirs, `supplier`).
    fn line_keys(
        &mut self,
        doc: &mut DocKeys,
        supplier: &str,
        unspsc: &str,
        people: [u32; 3],
        catalog: bool,
    ) -> [u32; Dim::COUNT] {
        let (segment, family) = self.code_keys(unspsc);
        let supplier = match doc.supplier {
            Some(k) => k,
            None => self.key(Dim::Supplier, supplier),
        };
        let (month, quarter) = match doc.month_quarter {
            Some(keys) => keys,
            None => self.day_keys(doc.day),
        };
        doc.month_quarter = Some((month, quarter));
        let mut out = [0; Dim::COUNT];
        out[Dim::Supplier.index()] = supplier;
        out[Dim::Segment.index()] = segment;
        out[Dim::Family.index()] = family;
        out[Dim::CostCentre.index()] = people[0];
        out[Dim::Account.index()] = people[1];
        out[Dim::Requester.index()] = people[2];
        out[Dim::Month.index()] = month;
        out[Dim::Quarter.index()] = quarter;
        out[Dim::Channel.index()] = u32::from(!catalog);
        out
    }

    fn order(&mut self, po: &PurchaseOrder, known: &mut Known<'_>) {
        let doc = self.orders.len() as u32;
        self.orders.push(po.id.clone());
        let progress = order::progress(po);
        let closed = order::is_closed(po);
        let mut doc_keys = DocKeys::new(date::day_of_ms(po.created_at_ms));
        // An order's lines usually come from one requisition: look it up once per run.
        let mut last: Option<(&str, Option<usize>)> = None;
        for (line, p) in po.lines.iter().zip(&progress) {
            let id = line.requisition_id.as_str();
            let r = match last {
                Some((last_id, r)) if last_id == id => r,
                _ => {
                    let r = known.index.get(id).copied();
                    last = Some((id, r));
                    r
                }
            };
            if let (Some(r), false) = (r, closed) {
                known.taken[r].push(line.requisition_line);
            }
            let (quantity, price) = ordered_at(line, p, closed);
            let ordered = converted(quantity, price, &po.currency, self.policy);
            let received = converted(p.received, price, &po.currency, self.policy);
            let (ordered, received) = match (ordered, received) {
                (Ok(o), Ok(r)) => (o, r),
                (Err((amount, problem)), _) | (_, Err((amount, problem))) => {
                    self.unconverted.push(Unconverted {
                        order: Some(po.id.clone()),
                        requisition: None,
                        line: line.line_no,
                        currency: po.currency.clone(),
                        amount,
                        problem,
                    });
                    continue;
                }
            };
            let people = match r {
                Some(r) => self.people(&known.requisitions[r], &mut known.people[r]),
                None => [
                    self.key(Dim::CostCentre, ""),
                    self.key(Dim::Account, ""),
                    self.key(Dim::Requester, po.buyer.as_str()),
                ],
            };
            let keys = self.line_keys(
                &mut doc_keys,
                po.supplier_id.as_str(),
                &line.unspsc,
                people,
                line.item_id.is_some(),
            );
            doc_keys.supplier = Some(keys[Dim::Supplier.index()]);
            self.facts.push(Fact {
                doc,
                line: line.line_no,
                from_order: true,
                keys,
                budget_quarter: Quarter::of(line.need_by),
                catalog: line.item_id.is_some(),
                amounts: Amounts {
                    approved: Decimal::ZERO,
                    ordered,
                    received,
                },
            });
        }
    }

    fn requisition(&mut self, r: &Requisition, taken: &[u32], people: &mut Option<[u32; 3]>) {
        let doc = self.requisitions.len() as u32;
        self.requisitions.push(r.id.clone());
        let mut doc_keys = DocKeys::new(date::day_of_ms(r.updated_at_ms));
        for (i, line) in r.lines.iter().enumerate() {
            let i = i as u32;
            if taken.contains(&i) {
                continue;
            }
            let approved =
                match converted(line.quantity, line.unit_price, &line.currency, self.policy) {
                    Ok(a) => a,
                    Err((amount, problem)) => {
                        self.unconverted.push(Unconverted {
                            order: None,
                            requisition: Some(r.id.clone()),
                            line: i,
                            currency: line.currency.clone(),
                            amount,
                            problem,
                        });
                        continue;
                    }
                };
            let people = self.people(r, people);
            let keys = self.line_keys(
                &mut doc_keys,
                line.supplier_id.as_str(),
                &line.unspsc,
                people,
                line.item_id.is_some(),
            );
            self.facts.push(Fact {
                doc,
                line: i,
                from_order: false,
                keys,
                budget_quarter: r.period(),
                catalog: line.item_id.is_some(),
                amounts: Amounts {
                    approved,
                    ..Amounts::default()
                },
            });
        }
    }

    fn finish(self) -> Result<SpendCube, Overflow> {
        let labels: Vec<Vec<String>> = self.labels.into_iter().map(|l| l.labels).collect();
        // Every amount is rounded to the currency's minor units, so sums are exact in whole
        // minor units (i128), and far cheaper than Decimal additions.
        let scale = money::minor_units(&self.policy.currency);
        let minor = |d: Decimal| -> Result<i128, Overflow> {
            let mut d = d;
            d.rescale(scale);
            if d.scale() == scale {
                Ok(d.mantissa())
            } else {
                Err(Overflow)
            }
        };
        let mut sums: Vec<Vec<[i128; 3]>> = labels.iter().map(|l| vec![[0; 3]; l.len()]).collect();
        let mut counts: Vec<Vec<u32>> = labels.iter().map(|l| vec![0; l.len()]).collect();
        let mut total = [0i128; 3];
        let add = |sum: &mut [i128; 3], a: &[i128; 3]| -> Result<(), Overflow> {
            for (s, a) in sum.iter_mut().zip(a) {
                *s = s.checked_add(*a).ok_or(Overflow)?;
            }
            Ok(())
        };
        for fact in &self.facts {
            let a = &fact.amounts;
            let m = [minor(a.approved)?, minor(a.ordered)?, minor(a.received)?];
            add(&mut total, &m)?;
            for (dim, key) in fact.keys.iter().enumerate() {
                add(&mut sums[dim][*key as usize], &m)?;
                counts[dim][*key as usize] += 1;
            }
        }
        let decimal = |m: [i128; 3]| -> Result<Amounts, Overflow> {
            let d = |x: i128| Decimal::try_from_i128_with_scale(x, scale).map_err(|_| Overflow);
            Ok(Amounts {
                approved: d(m[0])?,
                ordered: d(m[1])?,
                received: d(m[2])?,
            })
        };
        let mut cells = Vec::with_capacity(Dim::COUNT);
        for (sums, counts) in sums.into_iter().zip(counts) {
            let mut dim_cells = Vec::with_capacity(sums.len());
            for (sum, count) in sums.into_iter().zip(counts) {
                dim_cells.push(Cell {
                    amounts: decimal(sum)?,
                    facts: Vec::with_capacity(count as usize),
                });
            }
            cells.push(dim_cells);
        }
        for (i, fact) in self.facts.iter().enumerate() {
            for (dim, key) in fact.keys.iter().enumerate() {
                cells[dim][*key as usize].facts.push(i as u32);
            }
        }
        Ok(SpendCube {
            currency: self.policy.currency.clone(),
            facts: self.facts,
            labels,
            cells,
            orders: self.orders,
            requisitions: self.requisitions,
            total: decimal(total)?,
            unconverted: self.unconverted,
        })
    }
}

/// Conditions on dimensions: a fact passes when its label in every named dimension is the one
/// given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub conditions: Vec<(Dim, String)>,
}

impl Filter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, dim: Dim, label: impl Into<String>) -> Self {
        self.conditions.push((dim, label.into()));
        self
    }
}

impl SpendCube {
    /// Every fact, orders first (in input order), then approved requisition lines.
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// The whole cube's totals.
    pub fn total(&self) -> Amounts {
        self.total
    }

    /// The label of `key` in `dim` (`""` for an unknown key).
    pub fn label(&self, dim: Dim, key: u32) -> &str {
        self.labels[dim.index()]
            .get(key as usize)
            .map_or("", String::as_str)
    }

    /// The key of `label` in `dim`, if some line has it.
    pub fn key(&self, dim: Dim, label: &str) -> Option<u32> {
        self.labels[dim.index()]
            .iter()
            .position(|l| l == label)
            .map(|k| k as u32)
    }

    /// The roll-up by `dim`: every label with its cell, in the order labels were first met.
    pub fn by(&self, dim: Dim) -> impl Iterator<Item = (&str, &Cell)> + '_ {
        self.labels[dim.index()]
            .iter()
            .map(String::as_str)
            .zip(&self.cells[dim.index()])
    }

    /// The cell of `label` in `dim`.
    pub fn cell(&self, dim: Dim, label: &str) -> Option<&Cell> {
        self.key(dim, label)
            .map(|k| &self.cells[dim.index()][k as usize])
    }

    /// Where `fact` comes from.
    pub fn source(&self, fact: &Fact) -> SourceRef<'_> {
        if fact.from_order {
            SourceRef::OrderLine {
                order: &self.orders[fact.doc as usize],
                line_no: fact.line,
            }
        } else {
            SourceRef::RequisitionLine {
                requisition: &self.requisitions[fact.doc as usize],
                line: fact.line,
            }
        }
    }

    /// The drill-down: the lines behind a cell.
    pub fn lines_behind<'c>(&'c self, cell: &'c Cell) -> impl Iterator<Item = SourceRef<'c>> + 'c {
        cell.facts
            .iter()
            .map(|&i| self.source(&self.facts[i as usize]))
    }

    /// The roll-up by `dim` of the facts that pass `filter` (a bar chart after the buyer chose
    /// a category, a cost centre…): label → cell, sorted by label. A filter naming a label no
    /// line has gives nothing.
    pub fn group(&self, dim: Dim, filter: &Filter) -> Result<BTreeMap<String, Cell>, Overflow> {
        let mut wanted = Vec::with_capacity(filter.conditions.len());
        for (d, label) in &filter.conditions {
            match self.key(*d, label) {
                Some(k) => wanted.push((d.index(), k)),
                None => return Ok(BTreeMap::new()),
            }
        }
        let mut by_key: BTreeMap<u32, Cell> = BTreeMap::new();
        for (i, fact) in self.facts.iter().enumerate() {
            if wanted.iter().all(|(d, k)| fact.keys[*d] == *k) {
                let cell = by_key.entry(fact.keys[dim.index()]).or_default();
                cell.amounts = cell
                    .amounts
                    .checked_add(&fact.amounts)
                    .map_err(|_| Overflow)?;
                cell.facts.push(i as u32);
            }
        }
        Ok(by_key
            .into_iter()
            .map(|(k, cell)| (self.label(dim, k).to_owned(), cell))
            .collect())
    }

    /// ABC classes of the labels of `dim` (suppliers, families…) by committed spend
    /// ([`crate::inventory::abc`], its boundary rule and cut-offs), largest first: (label,
    /// committed, class). The amounts are ranked as `f64`, which orders any two amounts that
    /// differ by more than about 10⁻¹⁵ of the larger one as `Decimal` does.
    pub fn abc(
        &self,
        dim: Dim,
        a_cut: f64,
        b_cut: f64,
    ) -> Result<Vec<(String, Decimal, crate::inventory::AbcClass)>, Overflow> {
        use rust_decimal::prelude::ToPrimitive;
        let mut rows = Vec::new();
        for (label, cell) in self.by(dim) {
            let committed = cell.amounts.committed().map_err(|_| Overflow)?;
            rows.push((label.to_owned(), committed));
        }
        let values: Vec<f64> = rows
            .iter()
            .map(|(_, v)| v.to_f64().unwrap_or(0.0))
            .collect();
        let classes = crate::inventory::abc(&values, a_cut, b_cut);
        let mut out: Vec<_> = rows
            .into_iter()
            .zip(classes)
            .map(|((label, value), class)| (label, value, class))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Catalog against non-catalog ("maverick") spend: (catalog, non-catalog).
    pub fn channels(&self) -> (Amounts, Amounts) {
        let get = |label| {
            self.cell(Dim::Channel, label)
                .map(|c| c.amounts)
                .unwrap_or_default()
        };
        (get(CATALOG), get(NON_CATALOG))
    }

    /// The bytes the cube holds on the heap and inline, counted from its vectors' capacities
    /// (what a screen keeps in memory; the allocator's own overhead is not counted).
    pub fn bytes(&self) -> usize {
        use std::mem::size_of;
        let strings = |v: &Vec<String>| {
            v.capacity() * size_of::<String>() + v.iter().map(String::capacity).sum::<usize>()
        };
        let ids = |v: &[OrderId]| {
            v.iter()
                .map(|i| size_of::<OrderId>() + i.as_str().len())
                .sum::<usize>()
        };
        let rids = |v: &[RequisitionId]| {
            v.iter()
                .map(|i| size_of::<RequisitionId>() + i.as_str().len())
                .sum::<usize>()
        };
        size_of::<Self>()
            + self.facts.capacity() * size_of::<Fact>()
            + self.labels.iter().map(strings).sum::<usize>()
            + self
                .cells
                .iter()
                .map(|cs| {
                    cs.capacity() * size_of::<Cell>()
                        + cs.iter().map(|c| c.facts.capacity() * 4).sum::<usize>()
                })
                .sum::<usize>()
            + ids(&self.orders)
            + rids(&self.requisitions)
            + self.unconverted.capacity() * size_of::<Unconverted>()
    }
}
