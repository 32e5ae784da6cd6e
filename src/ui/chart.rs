//! Charts a buyer reads at a glance: plain SVG, no script library, working offline.
//!
//! Every chart is a `<figure>` whose SVG has a title and a one-sentence description (what a
//! screen reader says), and a "Show as table" toggle with the same figures as text. Labels
//! and figures come in already in the viewer's language; names from data are marked
//! `data-content` so the screen audit does not take them for untranslated UI text.
//!
//! The SVGs draw in a fixed coordinate box and scale to the width they are given, so one chart
//! fits a phone and a landscape tablet alike.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// Width of every chart's coordinate box; heights follow the content.
const W: f64 = 640.0;

/// How a bar or point is coloured (by meaning, not by series number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Warn,
    Bad,
    Muted,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Plain => "tone-plain",
            Tone::Good => "tone-good",
            Tone::Warn => "tone-warn",
            Tone::Bad => "tone-bad",
            Tone::Muted => "tone-muted",
        }
    }
}

/// One bar: its label, its value on the chart's scale, the value as the viewer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The label is data (a supplier's or product's name), not UI text.
    pub label_is_data: bool,
    pub value: f64,
    pub shown: String,
    pub tone: Tone,
}

/// A vertical line across the bars (a threshold such as "blocked below 30").
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub at: f64,
    pub label: String,
}

/// The horizontal grid of a 0..`max` value axis: lines at 0, half and the top across the plot
/// (`x` from and to), each with its value on the left.
fn value_grid(max: f64, (x1, x2): (f64, f64), y_of: impl Fn(f64) -> f64) -> impl IntoView {
    [0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let v = max * f;
            let y = y_of(v);
            view! {
                <g class="chart-grid">
                    <line x1=format!("{x1:.1}") x2=format!("{x2:.1}") y1=format!("{y:.1}") y2=format!("{y:.1}")/>
                    <text x=format!("{:.1}", x1 - 6.0) y=format!("{:.1}", y + 4.0) text-anchor="end" class="chart-axis">{format!("{v:.0}")}</text>
                </g>
            }
        })
        .collect_view()
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// Marks at the same place drawn once, their labels joined ("Blocked / Warning").
fn merged_marks(marks: &[Mark]) -> Vec<(f64, String)> {
    let mut out: Vec<(f64, String)> = Vec::new();
    for m in marks {
        match out.iter_mut().find(|(at, _)| (*at - m.at).abs() < 1e-9) {
            Some((_, label)) => {
                label.push_str(" / ");
                label.push_str(&m.label);
            }
            None => out.push((m.at, m.label.clone())),
        }
    }
    out
}

/// The chart's SVG: scaled to the width it is given, named by its title for screen readers.
fn svg_frame(title: &str, height: f64, class: &str, body: AnyView) -> AnyView {
    let (label, name) = (title.to_owned(), title.to_owned());
    view! {
        <svg class=format!("chart-svg {class}") viewBox=format!("0 0 {W} {height:.0}") role="img" aria-label=name
            preserveAspectRatio="xMinYMin meet">
            <title>{label}</title>
            {body}
        </svg>
    }
    .into_any()
}

/// Horizontal marks across a plot from `x.0` to `x.1` (thresholds on a 0–max scale), each
/// label at the right end, moved by `label_offset` (dx, dy).
fn level_marks(
    marks: &[Mark],
    x: (f64, f64),
    y_of: impl Fn(f64) -> f64,
    label_offset: (f64, f64),
) -> impl IntoView {
    merged_marks(marks)
        .into_iter()
        .map(|(at, label)| {
            let y = y_of(at);
            let (dx, dy) = label_offset;
            view! {
                <g class="chart-mark">
                    <line x1=format!("{:.1}", x.0) x2=format!("{:.1}", x.1) y1=format!("{y:.1}") y2=format!("{y:.1}")/>
                    <text x=format!("{:.1}", x.1 + dx) y=format!("{:.1}", y + dy) text-anchor="end">{label}</text>
                </g>
            }
        })
        .collect_view()
}

/// The figure's caption, the SVG's accessible name, and the table toggle.
#[component]
fn ChartFrame(
    title: String,
    summary: String,
    test_id: &'static str,
    svg: AnyView,
    table: AnyView,
    /// Names the colours, under the drawing.
    #[prop(optional)]
    legend: Option<AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="chart" data-testid=test_id>
            <figcaption>{title}</figcaption>
            {svg}
            {legend}
            <p class="visually-hidden">{summary}</p>
            <details class="chart-table">
                <summary>{move || i18n.t(Msg::ShowAsTable)}</summary>
                {table}
            </details>
        </figure>
    }
}

/// Horizontal bars with their label above each bar, so long names wrap nothing and a phone
/// keeps the bars wide. `max` is the scale's end (e.g. 100 for scores); bars past it are drawn
/// to the end.
#[component]
pub fn BarChart(
    title: String,
    /// One sentence for screen readers ("Overall 72 of 100; best: on-time delivery").
    summary: String,
    bars: Vec<Bar>,
    max: f64,
    #[prop(optional)] marks: Vec<Mark>,
    /// The table's header for the value column.
    value_header: String,
    #[prop(default = "bar-chart")] test_id: &'static str,
    /// Makes each bar tappable (its index), and its label in the table a button, so a
    /// keyboard reaches the same drill-down.
    #[prop(optional)]
    on_select: Option<Callback<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    const ROW: f64 = 46.0;
    const TOP: f64 = 6.0;
    let height = TOP + ROW * bars.len().max(1) as f64 + 18.0;
    // Room for the longest figure right of the bars ("CNY 1,234,567.89" as well as "72").
    let longest = bars
        .iter()
        .map(|b| b.shown.chars().count())
        .max()
        .unwrap_or(0);
    let plot = W - (longest as f64 * 9.0 + 16.0).clamp(90.0, W / 2.0);
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = TOP + ROW * i as f64;
            let width = (finite_or_zero(b.value) / max).clamp(0.0, 1.0) * plot;
            let class = format!("bar {}", b.tone.class());
            let data = b.label_is_data.then_some("");
            let tappable = on_select.is_some().then_some("tappable");
            view! {
                <g class=tappable data-bar=i on:click=move |_| {
                    if let Some(select) = on_select {
                        select.run(i);
                    }
                }>
                    // The whole row takes the tap, not only the drawn parts.
                    {tappable.map(|_| view! {
                        <rect x="0" y=format!("{y:.1}") width=format!("{W:.0}") height=format!("{ROW:.0}") class="bar-hit" fill="transparent"/>
                    })}
                    <text x="0" y=format!("{:.1}", y + 14.0) class="chart-label" data-content=data>{b.label.clone()}</text>
                    <rect x="0" y=format!("{:.1}", y + 20.0) width=format!("{:.1}", plot) height="16" class="bar-track" rx="3"/>
                    <rect x="0" y=format!("{:.1}", y + 20.0) width=format!("{width:.1}") height="16" class=class rx="3"/>
                    <text x=format!("{:.1}", plot + 8.0) y=format!("{:.1}", y + 33.0) class="chart-value">{b.shown.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let mark_lines = merged_marks(&marks)
        .into_iter()
        .map(|(at, label)| {
            let x = (finite_or_zero(at) / max).clamp(0.0, 1.0) * plot;
            let anchor = if x < 60.0 { "start" } else if x > plot - 60.0 { "end" } else { "middle" };
            view! {
                <g class="chart-mark">
                    <line x1=format!("{x:.1}") x2=format!("{x:.1}") y1=format!("{TOP:.1}") y2=format!("{:.1}", height - 16.0)/>
                    <text x=format!("{x:.1}") y=format!("{:.1}", height - 2.0) text-anchor=anchor>{label}</text>
                </g>
            }
        })
        .collect_view();
    let svg = svg_frame(
        &title,
        height,
        "",
        view! {
            {rows}
            {mark_lines}
        }
        .into_any(),
    );
    let table = view! {
        <table class="data">
            <thead><tr><th>{move || i18n.t(Msg::ChartItem)}</th><th class="num">{value_header}</th></tr></thead>
            <tbody>
                {bars.iter().enumerate().map(|(i, b)| {
                    let data = b.label_is_data.then_some("");
                    let label = match on_select {
                        Some(select) => view! {
                            <button type="button" class="link-button" data-bar=i on:click=move |_| select.run(i)>{b.label.clone()}</button>
                        }.into_any(),
                        None => b.label.clone().into_any(),
                    };
                    view! { <tr><td data-content=data>{label}</td><td class="num">{b.shown.clone()}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! { <ChartFrame title summary test_id svg table/> }
}

/// One line of a trend chart: a value (or a gap) per category on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub tone: Tone,
}

/// Values over periods (quarters, months), 0 to `max`, with optional horizontal marks (bands
/// such as "warn below 50"). A gap in a series is a period without data, drawn as a break.
#[component]
pub fn LineChart(
    title: String,
    summary: String,
    /// The x axis, in order (e.g. `2026-Q1` …).
    categories: Vec<String>,
    series: Vec<Series>,
    max: f64,
    #[prop(optional)] marks: Vec<Mark>,
    /// Formats a value for the table.
    shown: Callback<f64, String>,
    #[prop(default = "line-chart")] test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    const H: f64 = 260.0;
    let (left, right, top, bottom) = (40.0, 16.0, 12.0, 34.0);
    let plot_w = W - left - right;
    let plot_h = H - top - bottom;
    let n = categories.len().max(1);
    let x_of = move |i: usize| {
        if n == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y_of = move |v: f64| top + plot_h * (1.0 - (finite_or_zero(v) / max).clamp(0.0, 1.0));
    // Label at most about eight categories so they never overlap.
    let every = n.div_ceil(8).max(1);
    let axis = categories
        .iter()
        .enumerate()
        // The last period always, and no other label too close before it.
        .filter(|(i, _)| *i == n - 1 || (i % every == 0 && n - 1 - i >= every))
        .map(|(i, c)| {
            // The first and last labels keep inside the box.
            let anchor = match i {
                0 if n > 1 => "start",
                i if i == n - 1 && n > 1 => "end",
                _ => "middle",
            };
            view! { <text x=format!("{:.1}", x_of(i)) y=format!("{:.1}", H - 10.0) text-anchor=anchor class="chart-axis">{c.clone()}</text> }
        })
        .collect_view();
    let grid = value_grid(max, (left, W - right), y_of);
    let mark_lines = level_marks(&marks, (left, W - right), y_of, (0.0, -4.0));
    let lines = series
        .iter()
        .map(|s| {
            // Consecutive points with data form one segment; a gap breaks the line.
            let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) if v.is_finite() => segments
                        .last_mut()
                        .expect("never empty")
                        .push((x_of(i), y_of(*v))),
                    _ => segments.push(Vec::new()),
                }
            }
            let class = format!("series {}", s.tone.class());
            let paths = segments
                .into_iter()
                .filter(|seg| !seg.is_empty())
                .map(|seg| {
                    let points = seg
                        .iter()
                        .map(|(x, y)| format!("{x:.1},{y:.1}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let dots = seg
                        .iter()
                        .map(|(x, y)| view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="4"/> })
                        .collect_view();
                    view! { <polyline points=points fill="none"/> {dots} }
                })
                .collect_view();
            view! { <g class=class>{paths}</g> }
        })
        .collect_view();
    let svg = svg_frame(
        &title,
        H,
        "",
        view! {
            {grid}
            {mark_lines}
            {lines}
            {axis}
        }
        .into_any(),
    );
    let legend = (series.len() > 1).then(|| {
        view! {
            <ul class="chart-legend">
                {series.iter().map(|s| view! { <li class=s.tone.class()>{s.label.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let table = view! {
        <table class="data">
            <thead><tr>
                <th>{move || i18n.t(Msg::ChartPeriod)}</th>
                {series.iter().map(|s| view! { <th class="num">{s.label.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {categories.iter().enumerate().map(|(i, c)| view! {
                    <tr>
                        <td>{c.clone()}</td>
                        {series.iter().map(|s| {
                            let v = s.values.get(i).copied().flatten().map(|v| shown.run(v)).unwrap_or_else(|| "—".to_owned());
                            view! { <td class="num">{v}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! {
        {legend}
        <ChartFrame title summary test_id svg table/>
    }
}

/// A point on a two-axis chart, both axes 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub tone: Tone,
    /// Drawn larger: the one the page is about.
    pub highlight: bool,
}

/// A 2 × 2 matrix (e.g. the Kraljic matrix: profit impact across, supply risk up), with the
/// four quadrants named and the points placed.
#[component]
pub fn QuadrantChart(
    title: String,
    summary: String,
    x_label: String,
    y_label: String,
    /// Names of the quadrants: top-left, top-right, bottom-left, bottom-right.
    quadrants: [String; 4],
    points: Vec<Point>,
    /// Column headers of the table: name, x, y, quadrant.
    headers: [String; 4],
    /// The quadrant each point falls in, as shown in the table.
    point_quadrants: Vec<String>,
    #[prop(default = "quadrant-chart")] test_id: &'static str,
) -> impl IntoView {
    const H: f64 = 420.0;
    let (left, right, top, bottom) = (30.0, 10.0, 10.0, 34.0);
    let plot_w = W - left - right;
    let plot_h = H - top - bottom;
    let x_of = move |v: f64| left + plot_w * (finite_or_zero(v) / 100.0).clamp(0.0, 1.0);
    let y_of = move |v: f64| top + plot_h * (1.0 - (finite_or_zero(v) / 100.0).clamp(0.0, 1.0));
    let (mid_x, mid_y) = (x_of(50.0), y_of(50.0));
    let [tl, tr, bl, br] = quadrants;
    let names = [
        (left + 8.0, top + 20.0, tl, "start"),
        (W - right - 8.0, top + 20.0, tr, "end"),
        (left + 8.0, H - bottom - 10.0, bl, "start"),
        (W - right - 8.0, H - bottom - 10.0, br, "end"),
    ]
    .into_iter()
    .map(|(x, y, name, anchor)| {
        view! { <text x=format!("{x:.1}") y=format!("{y:.1}") text-anchor=anchor class="quadrant-name">{name}</text> }
    })
    .collect_view();
    let dots = points
        .iter()
        .map(|p| {
            let (x, y) = (x_of(p.x), y_of(p.y));
            let class = format!("point {}{}", p.tone.class(), if p.highlight { " highlight" } else { "" });
            let anchor = if x > W - 160.0 { "end" } else { "start" };
            let dx = if anchor == "end" { -9.0 } else { 9.0 };
            view! {
                <g class=class>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r=if p.highlight { "9" } else { "6" }/>
                    <text x=format!("{:.1}", x + dx) y=format!("{:.1}", y + 5.0) text-anchor=anchor data-content="">{p.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let svg = svg_frame(
        &title,
        H,
        "quadrant",
        view! {
            <rect x=format!("{left:.1}") y=format!("{top:.1}") width=format!("{plot_w:.1}") height=format!("{plot_h:.1}") class="quadrant-frame"/>
            <line x1=format!("{mid_x:.1}") x2=format!("{mid_x:.1}") y1=format!("{top:.1}") y2=format!("{:.1}", H - bottom) class="quadrant-split"/>
            <line x1=format!("{left:.1}") x2=format!("{:.1}", W - right) y1=format!("{mid_y:.1}") y2=format!("{mid_y:.1}") class="quadrant-split"/>
            {names}
            {dots}
            <text x=format!("{:.1}", left + plot_w / 2.0) y=format!("{:.1}", H - 8.0) text-anchor="middle" class="chart-axis">{x_label.clone()}</text>
            <text transform=format!("translate(14 {:.1}) rotate(-90)", top + plot_h / 2.0) text-anchor="middle" class="chart-axis">{y_label.clone()}</text>
        }
        .into_any(),
    );
    let [h_name, h_x, h_y, h_q] = headers;
    let table = view! {
        <table class="data">
            <thead><tr><th>{h_name}</th><th class="num">{h_x}</th><th class="num">{h_y}</th><th>{h_q}</th></tr></thead>
            <tbody>
                {points.iter().zip(point_quadrants).map(|(p, q)| view! {
                    <tr>
                        <td data-content="">{p.label.clone()}</td>
                        <td class="num">{format!("{:.0}", p.x)}</td>
                        <td class="num">{format!("{:.0}", p.y)}</td>
                        <td>{q}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! { <ChartFrame title summary test_id svg table/> }
}

/// A Pareto chart: the bars largest first, and the cumulative share of the total as a line on
/// a 0–100 % scale, with the ABC cut-offs as horizontal marks. The bars are numbered by rank
/// (names would not fit under a hundred bars); the table names them.
#[component]
pub fn ParetoChart(
    title: String,
    summary: String,
    /// Largest first; `value` on the bars' own scale.
    bars: Vec<Bar>,
    /// The cumulative share after each bar, in percent (0–100).
    cumulative: Vec<f64>,
    /// Cut-offs in percent (e.g. 80 and 95).
    #[prop(optional)]
    marks: Vec<Mark>,
    /// The table's headers: the value column, the cumulative column, the class column.
    headers: [String; 3],
    /// The class of each bar, as the table shows it ("A").
    classes: Vec<String>,
    #[prop(default = "pareto-chart")] test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    const H: f64 = 280.0;
    let (left, right, top, bottom) = (12.0, 44.0, 12.0, 30.0);
    let plot_w = W - left - right;
    let plot_h = H - top - bottom;
    let n = bars.len().max(1);
    let max = bars
        .iter()
        .map(|b| finite_or_zero(b.value))
        .fold(0.0_f64, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let step = plot_w / n as f64;
    let gap = if step > 6.0 { step * 0.15 } else { 0.0 };
    let y_of =
        move |share: f64| top + plot_h * (1.0 - (finite_or_zero(share) / 100.0).clamp(0.0, 1.0));
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let h = (finite_or_zero(b.value) / max).clamp(0.0, 1.0) * plot_h;
            let x = left + step * i as f64 + gap / 2.0;
            let class = format!("bar {}", b.tone.class());
            view! {
                <rect x=format!("{x:.1}") y=format!("{:.1}", top + plot_h - h) width=format!("{:.1}", (step - gap).max(0.5))
                    height=format!("{h:.1}") class=class/>
            }
        })
        .collect_view();
    let points = cumulative
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{:.1},{:.1}", left + step * (i as f64 + 0.5), y_of(*c)))
        .collect::<Vec<_>>()
        .join(" ");
    let every = n.div_ceil(10).max(1);
    let ranks = (0..bars.len())
        .filter(|i| i % every == 0)
        .map(|i| {
            view! { <text x=format!("{:.1}", left + step * (i as f64 + 0.5)) y=format!("{:.1}", H - 10.0) text-anchor="middle" class="chart-axis">{i + 1}</text> }
        })
        .collect_view();
    let grid = [0.0, 50.0, 100.0]
        .into_iter()
        .map(|p| {
            let y = y_of(p);
            view! {
                <g class="chart-grid">
                    <line x1=format!("{left:.1}") x2=format!("{:.1}", W - right) y1=format!("{y:.1}") y2=format!("{y:.1}")/>
                    <text x=format!("{:.1}", W - right + 4.0) y=format!("{:.1}", y + 4.0) class="chart-axis">{format!("{p:.0} %")}</text>
                </g>
            }
        })
        .collect_view();
    let mark_lines = level_marks(&marks, (left, W - right), y_of, (-4.0, 14.0));
    let svg = svg_frame(
        &title,
        H,
        "",
        view! {
            {grid}
            {rects}
            {mark_lines}
            <g class="series tone-warn"><polyline points=points fill="none"/></g>
            {ranks}
        }
        .into_any(),
    );
    let [h_value, h_cumulative, h_class] = headers;
    let table = view! {
        <table class="data">
            <thead><tr>
                <th class="num">"#"</th><th>{move || i18n.t(Msg::ChartItem)}</th><th class="num">{h_value}</th>
                <th class="num">{h_cumulative}</th><th>{h_class}</th>
            </tr></thead>
            <tbody>
                {bars.iter().zip(&cumulative).zip(classes).enumerate().map(|(i, ((b, c), class))| {
                    let data = b.label_is_data.then_some("");
                    view! {
                        <tr>
                            <td class="num">{i + 1}</td>
                            <td data-content=data>{b.label.clone()}</td>
                            <td class="num">{b.shown.clone()}</td>
                            <td class="num">{format!("{c:.1} %")}</td>
                            <td>{class}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! { <ChartFrame title summary test_id svg table/> }
}

/// One stack of a [`StackedBarChart`]: a value (on the chart's scale) per category.
#[derive(Debug, Clone, PartialEq)]
pub struct StackSeries {
    pub label: String,
    /// The label is data (a supplier's or product's name), not UI text.
    pub label_is_data: bool,
    pub values: Vec<f64>,
    /// "Everything else": drawn grey, after the named stacks.
    pub other: bool,
}

/// Colours for the named stacks, in order (Okabe–Ito: told apart with the common colour
/// vision deficiencies too); a thin gap of the card's colour also separates stacked parts.
const STACK_CLASSES: [&str; 6] = [
    "stack-0", "stack-1", "stack-2", "stack-3", "stack-4", "stack-5",
];

fn stack_class(i: usize, s: &StackSeries) -> &'static str {
    if s.other {
        "stack-other"
    } else {
        STACK_CLASSES[i % STACK_CLASSES.len()]
    }
}

/// Vertical bars per period (months), each split into stacks (categories, "other" last, on top),
/// on a 0–`max` scale with the bars' totals; a legend names the stacks. The period labels are
/// thinned to at most six so they fit a phone's width; the table has every figure.
#[component]
pub fn StackedBarChart(
    title: String,
    summary: String,
    /// The x axis, in order (`2026-01` …).
    categories: Vec<String>,
    /// Bottom to top.
    stacks: Vec<StackSeries>,
    /// The scale's end (at least the largest bar's total).
    max: f64,
    /// Formats a value (a stack's or a bar's total) for the table.
    shown: Callback<f64, String>,
    /// The table's header for the bars' totals.
    total_header: String,
    #[prop(default = "stacked-bar-chart")] test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    const H: f64 = 280.0;
    let (left, right, top, bottom) = (48.0, 8.0, 12.0, 34.0);
    let plot_w = W - left - right;
    let plot_h = H - top - bottom;
    let n = categories.len().max(1);
    let step = plot_w / n as f64;
    let gap = if step > 8.0 { step * 0.2 } else { 1.0 };
    let y_of = move |v: f64| top + plot_h * (1.0 - (finite_or_zero(v) / max).clamp(0.0, 1.0));
    let totals: Vec<f64> = (0..categories.len())
        .map(|c| {
            stacks
                .iter()
                .map(|s| finite_or_zero(s.values.get(c).copied().unwrap_or(0.0)).max(0.0))
                .sum()
        })
        .collect();
    let bars = (0..categories.len())
        .map(|c| {
            let x = left + step * c as f64 + gap / 2.0;
            let width = (step - gap).max(0.5);
            let mut below = 0.0;
            stacks
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let v = finite_or_zero(s.values.get(c).copied().unwrap_or(0.0)).max(0.0);
                    if v <= 0.0 {
                        return None;
                    }
                    let (y0, y1) = (y_of(below), y_of(below + v));
                    below += v;
                    Some(view! {
                        <rect x=format!("{x:.1}") y=format!("{y1:.1}") width=format!("{width:.1}")
                            height=format!("{:.1}", (y0 - y1).max(0.0)) class=format!("stack {}", stack_class(i, s))/>
                    })
                })
                .collect_view()
        })
        .collect_view();
    // At most six period labels, the last always, none crowding it.
    let every = n.div_ceil(6).max(1);
    let axis = categories
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == n - 1 || (i % every == 0 && n - 1 - i >= every))
        .map(|(i, c)| {
            let x = left + step * (i as f64 + 0.5);
            let anchor = if i == n - 1 && n > 1 { "end" } else if i == 0 && n > 1 { "start" } else { "middle" };
            let x = match anchor {
                "end" => (x + step / 2.0).min(W - right),
                "start" => x - step / 2.0,
                _ => x,
            };
            view! { <text x=format!("{x:.1}") y=format!("{:.1}", H - 10.0) text-anchor=anchor class="chart-axis">{c.clone()}</text> }
        })
        .collect_view();
    let grid = value_grid(max, (left, W - right), y_of);
    let svg = svg_frame(
        &title,
        H,
        "stacked",
        view! {
            {grid}
            {bars}
            {axis}
        }
        .into_any(),
    );
    // The legend reads top to bottom as the stacks do.
    let legend = view! {
        <ul class="chart-legend" data-testid=format!("{test_id}-legend")>
            {stacks.iter().enumerate().rev().map(|(i, s)| {
                let data = s.label_is_data.then_some("");
                view! { <li class=stack_class(i, s) data-content=data>{s.label.clone()}</li> }
            }).collect_view()}
        </ul>
    };
    let table = view! {
        <table class="data">
            <thead><tr>
                <th>{move || i18n.t(Msg::ChartPeriod)}</th>
                {stacks.iter().map(|s| {
                    let data = s.label_is_data.then_some("");
                    view! { <th class="num" data-content=data>{s.label.clone()}</th> }
                }).collect_view()}
                <th class="num">{total_header}</th>
            </tr></thead>
            <tbody>
                {categories.iter().enumerate().map(|(c, cat)| view! {
                    <tr>
                        <td>{cat.clone()}</td>
                        {stacks.iter().map(|s| {
                            let v = s.values.get(c).copied().unwrap_or(0.0);
                            view! { <td class="num">{shown.run(v)}</td> }
                        }).collect_view()}
                        <td class="num">{shown.run(totals[c])}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! { <ChartFrame title summary test_id svg table legend=legend.into_any()/> }
}
