//! Committed spend by month, split by the largest labels of one dimension (the top UNSPSC
//! segments, the top suppliers…) and the rest summed as "other": the stacked bars of spend by
//! month.
//!
//! The months run from the cube's first to its last, a month without spend included (every
//! stack zero), so the bars keep the calendar's spacing. The largest labels are ranked by
//! committed spend over the whole cube (ties: by label); a label with no committed spend is
//! never among them. Each month's stacks add up to the cube's committed spend of that month.

use super::{Dim, Overflow, SpendCube};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One stack of the bars: a label of the dimension, or everything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stack {
    Label(String),
    Other,
}

/// Committed spend by month and stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stacked {
    /// `YYYY-MM`, ascending, without gaps.
    pub months: Vec<String>,
    /// The largest labels, largest first, then [`Stack::Other`] when some spend is elsewhere.
    pub stacks: Vec<Stack>,
    /// `values[s][m]`: committed in month `months[m]` under stack `stacks[s]`.
    pub values: Vec<Vec<Decimal>>,
}

impl Stacked {
    /// The committed total of month `m`, every stack added.
    pub fn month_total(&self, m: usize) -> Decimal {
        self.values.iter().filter_map(|v| v.get(m)).copied().sum()
    }

    /// The committed total of stack `s` over every month.
    pub fn stack_total(&self, s: usize) -> Decimal {
        self.values.get(s).map_or(Decimal::ZERO, |v| v.iter().sum())
    }
}

/// `YYYY-MM` as (year, month), if it is one.
fn parse_month(label: &str) -> Option<(i32, u32)> {
    let (y, m) = label.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// Every month from `first` to `last`, both included.
fn months_between(first: (i32, u32), last: (i32, u32)) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// Committed spend by month, stacked by the `top` largest labels of `dim` and the rest.
pub fn by_month_stacked(cube: &SpendCube, dim: Dim, top: usize) -> Result<Stacked, Overflow> {
    // The largest labels by committed spend.
    let mut ranked: Vec<(u32, Decimal)> = Vec::new();
    for (key, (_, cell)) in cube.by(dim).enumerate() {
        let committed = cell.amounts.committed().map_err(|_| Overflow)?;
        if committed > Decimal::ZERO {
            ranked.push((key as u32, committed));
        }
    }
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| cube.label(dim, a.0).cmp(cube.label(dim, b.0)))
    });
    ranked.truncate(top);
    let stack_of: HashMap<u32, usize> = ranked
        .iter()
        .enumerate()
        .map(|(s, (key, _))| (*key, s))
        .collect();
    let other = ranked.len();

    let parsed: Vec<Option<(i32, u32)>> =
        cube.by(Dim::Month).map(|(l, _)| parse_month(l)).collect();
    let (Some(first), Some(last)) = (
        parsed.iter().flatten().min().copied(),
        parsed.iter().flatten().max().copied(),
    ) else {
        return Ok(Stacked {
            months: Vec::new(),
            stacks: Vec::new(),
            values: Vec::new(),
        });
    };
    let months = months_between(first, last);
    let column: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    // The column of each month key of the cube.
    let month_column: Vec<Option<usize>> = cube
        .by(Dim::Month)
        .map(|(l, _)| column.get(l).copied())
        .collect();

    let mut values = vec![vec![Decimal::ZERO; months.len()]; other + 1];
    for fact in cube.facts() {
        let committed = fact.amounts.committed().map_err(|_| Overflow)?;
        if committed.is_zero() {
            continue;
        }
        let Some(m) = month_column
            .get(fact.keys[Dim::Month.index()] as usize)
            .copied()
            .flatten()
        else {
            continue;
        };
        let s = stack_of
            .get(&fact.keys[dim.index()])
            .copied()
            .unwrap_or(other);
        let v = &mut values[s][m];
        *v = v.checked_add(committed).ok_or(Overflow)?;
    }
    let mut stacks: Vec<Stack> = ranked
        .iter()
        .map(|(key, _)| Stack::Label(cube.label(dim, *key).to_owned()))
        .collect();
    if values[other].iter().any(|v| !v.is_zero()) {
        stacks.push(Stack::Other);
    } else {
        values.pop();
    }
    Ok(Stacked {
        months,
        stacks,
        values,
    })
}
