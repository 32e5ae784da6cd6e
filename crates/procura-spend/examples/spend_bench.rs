//! The spend cube and the reorder suggestions at a real organisation's size.
//!
//! `cargo run --release -p procura-spend --example spend_bench`
//!
//! Generates ([`procura_spend::sample`], a fixed seed) 10,000 orders of 5 lines (50,000 order lines) over two years
//! from 11,000 requisitions (1,000 approved and not ordered yet: 5,000 more lines), 200
//! suppliers, 3 currencies, 10 cost centres, 100 requesters; and 2,000 stocked items with about
//! 400,000 goods issues and receipts and 20 lead-time samples per supplier. Prints:
//!
//! * the time to build the cube (`spend::cube`: every fact converted, every roll-up with its
//!   drill-down lists, one pass), next to a naive alternative that computes each cell of
//!   every roll-up by rescanning all facts (`SpendCube::group` with the cell's own label as
//!   the filter, what a screen computing each bar separately would do);
//! * budget against actual for one quarter, and the price variance against 5,000 offers;
//! * the time to plan all 2,000 items and list the reorder suggestions, next to a naive
//!   alternative that filters the whole movement log for each item;
//! * the memory of the cube: the bytes its vectors hold (`SpendCube::bytes`) and the peak heap
//!   while it is built (a counting global allocator).
//!
//! Times are the fastest of several runs (wall clock).

use peak_alloc::PeakAlloc;
use procura_ground::date::{add_days, parse_day, Quarter};
use procura_orders::order::PurchaseOrder;
use procura_procurement::approval::policy::Policy;
use procura_spend::replenish::{self, History, Movement};
use procura_spend::sample::{history, offers, policy, stock, OPEN_REQUISITIONS};
use procura_spend::spend::budget::budget_vs_actual;
use procura_spend::spend::variance::price_variance;
use procura_spend::spend::{cube, Dim, Filter};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// CPU time this thread has used (Linux: `/proc/thread-self/stat`, in clock ticks of 10 ms),
/// when readable. On a shared machine wall time also counts the neighbours' turns; CPU time
/// does not.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

/// A measured run: the fastest wall time, the mean CPU time (over runs adding up to about a
/// second of CPU, at least `runs`), and the last answer.
struct Timed<T> {
    wall: Duration,
    cpu: Option<Duration>,
    out: T,
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> Timed<T> {
    let mut wall = Duration::MAX;
    let mut out;
    let cpu_start = cpu_time();
    let enough = cpu_start.map(|c| c + Duration::from_secs(1));
    let started = Instant::now();
    let mut n = 0u32;
    loop {
        let t = Instant::now();
        let v = black_box(f());
        wall = wall.min(t.elapsed());
        out = v;
        n += 1;
        let done_cpu = enough.is_none() || cpu_time() >= enough;
        if n as usize >= runs && (done_cpu || started.elapsed() > Duration::from_secs(20)) {
            break;
        }
    }
    let cpu = cpu_start.zip(cpu_time()).map(|(a, b)| (b - a) / n);
    Timed { wall, cpu, out }
}

impl<T> Timed<T> {
    fn shown(&self) -> String {
        match self.cpu {
            Some(cpu) => format!("{} CPU (fastest wall {})", ms(cpu), ms(self.wall)),
            None => format!("fastest wall {}", ms(self.wall)),
        }
    }

    /// CPU time when known, else wall.
    fn best(&self) -> Duration {
        self.cpu.unwrap_or(self.wall)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Ordered and received in `month` (`YYYY-MM`), from the orders alone (the cube's rule:
/// confirmed quantity and price, a closed order only what was received).
fn naive_month(p: &Policy, orders: &[PurchaseOrder], month: &str) -> (Decimal, Decimal) {
    use procura_ground::money;
    use procura_orders::order::{is_closed, progress};
    let mut ordered = Decimal::ZERO;
    let mut received = Decimal::ZERO;
    for po in orders {
        let day = procura_ground::date::day_of_ms(po.created_at_ms);
        if format!("{:04}-{:02}", day.year(), u8::from(day.month())) != month {
            continue;
        }
        let Some(rate) = p.rate(&po.currency) else {
            continue;
        };
        let closed = is_closed(po);
        for (line, lp) in po.lines.iter().zip(progress(po)) {
            let (q, price) = procura_spend::spend::ordered_at(line, &lp, closed);
            let conv = |q| {
                money::convert(
                    money::line_net(q, price, &po.currency).unwrap(),
                    rate,
                    "CNY",
                )
                .unwrap()
            };
            ordered += conv(q);
            received += conv(lp.received);
        }
    }
    (ordered, received)
}

fn main() {
    let p = policy();
    let (reqs, orders) = history();
    let order_lines: usize = orders.iter().map(|o| o.lines.len()).sum();
    println!(
        "data: {} orders, {order_lines} order lines, {} requisitions ({} approved, not ordered)",
        orders.len(),
        reqs.len(),
        OPEN_REQUISITIONS
    );

    if std::env::args().any(|a| a == "--cube-only") {
        // For a profiler: the cube alone, many times.
        for _ in 0..30 {
            black_box(cube(&p, &orders, &reqs).expect("no overflow"));
        }
        return;
    }

    // The cube, and its memory.
    let before = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let c = cube(&p, &orders, &reqs).expect("no overflow");
    let peak = ALLOC.peak_usage().saturating_sub(before);
    let t_cube = timed(5, || cube(&p, &orders, &reqs).expect("no overflow"));
    let cells: usize = Dim::ALL.iter().map(|d| c.by(*d).count()).sum();
    println!(
        "spend cube: {} facts, {cells} cells in {} roll-ups, {} unconverted",
        c.facts().len(),
        Dim::ALL.len(),
        c.unconverted.len()
    );
    println!(
        "  build (facts converted, every roll-up with its drill-down lists): {}",
        t_cube.shown()
    );
    println!(
        "  memory: {:.2} MB counted in the cube's vectors; {:.2} MB peak heap while building",
        c.bytes() as f64 / 1e6,
        peak as f64 / 1e6
    );

    // The naive alternative: every cell recomputed by a scan of all facts.
    let t_naive = timed(2, || {
        let mut n = 0;
        for dim in Dim::ALL {
            let labels: Vec<String> = c.by(dim).map(|(l, _)| l.to_owned()).collect();
            for label in labels {
                let g = c.group(dim, &Filter::new().with(dim, label)).unwrap();
                n += g.len();
            }
        }
        n
    });
    assert_eq!(t_naive.out, cells);
    // The two agree.
    for dim in Dim::ALL {
        for (label, cell) in c.by(dim) {
            let g = c.group(dim, &Filter::new().with(dim, label)).unwrap();
            assert_eq!(&g[label], cell);
        }
    }
    println!(
        "  naive roll-ups (each cell a rescan of all facts, facts already built): {}",
        t_naive.shown()
    );
    // The naive alternative from the orders: each month's cell computed by a pass over every
    // order line (progress, conversion), as a report per bar would.
    let months: Vec<String> = c.by(Dim::Month).map(|(l, _)| l.to_owned()).collect();
    let t_rescan = timed(1, || {
        months
            .iter()
            .map(|m| naive_month(&p, &orders, m))
            .collect::<Vec<_>>()
    });
    for (m, (ordered, received)) in months.iter().zip(&t_rescan.out) {
        let cell = c.cell(Dim::Month, m).unwrap();
        assert_eq!(
            (cell.amounts.ordered, cell.amounts.received),
            (*ordered, *received)
        );
    }
    let per_cell = t_rescan.best() / months.len() as u32;
    println!(
        "  naive alternative from the orders ({} month cells, each a pass over every order line): {}; \
         {} a cell, so about {} for all {cells} cells",
        months.len(),
        t_rescan.shown(),
        ms(per_cell),
        ms(per_cell * cells as u32)
    );
    let t_filter = timed(5, || {
        c.group(Dim::Month, &Filter::new().with(Dim::Segment, "44"))
            .unwrap()
    });
    println!(
        "  one filtered roll-up (by month, segment 44 only): {}",
        t_filter.shown()
    );

    let q = Quarter::of(parse_day("2026-05-15").unwrap());
    let t_budget = timed(5, || budget_vs_actual(&c, &p, q, 45).unwrap());
    println!(
        "budget against actual, {q}: {} cost centres in {}",
        t_budget.out.len(),
        t_budget.shown()
    );
    let offers = offers();
    let t_var = timed(3, || price_variance(&p, &orders, &offers).unwrap());
    let report = &t_var.out;
    println!(
        "price variance against {} offers: {} lines compared, {} not, missed CNY {} of CNY {} in {}",
        offers.len(),
        report.lines.len(),
        report.not_compared,
        report.missed,
        report.paid,
        t_var.shown()
    );

    // Replenishment.
    let (items, movements, lead_times) = stock();
    let today = parse_day("2026-12-31").unwrap();
    let history = History {
        first_day: add_days(today, -364),
        period_days: 7,
        periods: 52,
    };
    let t_plan = timed(5, || {
        let (plans, skipped) = replenish::plan(&items, &movements, &lead_times, history);
        let s = replenish::suggestions(&items, &plans);
        (plans, skipped, s)
    });
    let (plans, skipped, suggestions) = &t_plan.out;
    println!(
        "replenishment: {} stocked items, {} movements: {} planned, {} skipped, {} to reorder",
        items.len(),
        movements.len(),
        plans.len(),
        skipped.len(),
        suggestions.len()
    );
    println!(
        "  plan + suggestions (one pass over the log): {}",
        t_plan.shown()
    );
    let t_naive_plan = timed(1, || {
        let mut all = Vec::with_capacity(items.len());
        for item in &items {
            let mine: Vec<Movement> = movements
                .iter()
                .filter(|m| m.item_id == item.item_id && m.location == item.location)
                .cloned()
                .collect();
            let (p, _) = replenish::plan(std::slice::from_ref(item), &mine, &lead_times, history);
            all.extend(p);
        }
        all
    });
    assert_eq!(&t_naive_plan.out, plans);
    println!(
        "  naive alternative (the log filtered for each item, one run): {}  ({:.0}× the one pass)",
        t_naive_plan.shown(),
        t_naive_plan.best().as_secs_f64() / t_plan.best().as_secs_f64()
    );
    println!(
        "the spend cube and all reorder suggestions: {} CPU",
        ms(t_cube.best() + t_plan.best())
    );
}
